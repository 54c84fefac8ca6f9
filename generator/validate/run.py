"""Running a validation: one process, local cores (--jobs N), or a Dask cluster (--engine dask).

Work is cut into parts — a whole file, or a byte range of an uncompressed JSON Lines file cut at a line
end — and every part gives a Summary; the summaries merge in part order. Each worker process compiles the
spec's validators once (cached by the spec's text) and reuses them for every part it runs."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import msgspec

from generator.validate.captures import (
    DEFAULT_MAX_BODY,
    ENVELOPE,
    Broken,
    Input,
    JsonlReader,
    from_line,
    read,
    split_jsonl,
)
from generator.validate.engine import Validator
from generator.validate.summary import Summary

PART_BYTES = 32 * 1024 * 1024  # a JSON Lines file is cut into parts of about this size

_validators: dict[str, Validator] = {}


def spec_text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def validator_for(text: str) -> Validator:
    """The compiled validators for a spec, built once per process."""
    found = _validators.get(text)  # keyed by the text itself: a str caches its hash, so a part costs nothing
    if found is None:
        found = _validators[text] = Validator(json.loads(text))
    return found


def run_part(text: str, part: Input, max_body: int = DEFAULT_MAX_BODY) -> Summary:
    validator = validator_for(text)
    summary = Summary()
    if part.format == "jsonl":
        _run_jsonl(validator, part, max_body, summary)
        return summary
    for item in read(part, max_body):
        summary.add(item, None if isinstance(item, Broken) else validator.check(item, part.operation))
    return summary


def _run_jsonl(validator: Validator, part: Input, max_body: int, summary: Summary) -> None:
    """The hot loop. A capture whose body fits its fast type costs an envelope decode, a route lookup, a
    dict probe and one body decode. A body that does not fit goes to its Check, a capture with no Check for
    its status through Validator.judge, and either into the summary with its file and line. (Decoding a
    whole block as one JSON array was measured slower than line by line.)"""
    source, find, judge, checks = part.path, validator.router.find, validator.judge, validator.checks_by_status
    decode = ENVELOPE.decode
    valid: dict[str, int] = {}  # valid captures per operation
    reader = JsonlReader(part, max_body)
    for batch in reader:
        if isinstance(batch, Broken):
            summary.add(batch, None)
            continue
        for number, line in zip(*batch, strict=True):
            try:
                env = decode(line)
            except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
                item = from_line(source, number, line, max_body)
                assert isinstance(item, Broken)  # a line that is no envelope
                summary.add(item, None)
                continue
            body = env.body
            if env.body_text is not None or env.body_base64 is not None or len(body) > max_body:
                item = from_line(source, number, line, max_body)
                summary.add(item, None if isinstance(item, Broken) else validator.check(item))
                continue
            target = env.url or env.path
            route = find(env.method, target)
            check = checks.get((route.operation, env.status)) if route is not None else None
            if check is not None and check.fast is not None:
                try:
                    check.fast.decode(body)
                    valid[check.operation] = valid.get(check.operation, 0) + 1
                    continue
                except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
                    outcome = check.outcome(body, fast_tried=True)
            else:
                outcome = judge(env.method.upper(), target, env.status, body)
            if outcome.verdict == "valid":
                valid[outcome.operation] = valid.get(outcome.operation, 0) + 1
            else:
                summary.add_outcome(source, number, outcome)
    summary.add_valid(valid)
    summary.newlines = reader.newlines


def plan(inputs: Iterable[Input], workers: int) -> list[Input]:
    """The parts: JSON Lines files cut so that every worker has several parts to take (a slow part does not
    leave the others idle), other inputs whole."""
    parts: list[Input] = []
    for item in inputs:
        if item.format != "jsonl" or item.path == "-":
            parts.append(item)
            continue
        size = os.path.getsize(item.path)
        pieces = max(1, min(size // (64 * 1024), max(workers * 4, 32, size // PART_BYTES)))
        parts += split_jsonl(item.path, pieces)
    return parts


def validate(doc: dict[str, Any], parts: list[Input], *, jobs: int = 1, max_body: int = DEFAULT_MAX_BODY,
             progress: Callable[[int], None] | None = None) -> Summary:
    """Validates every capture of every part (see `plan`); `jobs` > 1 spreads them over local processes."""
    text = spec_text(doc)
    merged = PartsMerged()
    if jobs <= 1 or len(parts) == 1:
        for part in parts:
            merged.add(part, run_part(text, part, max_body))
            if progress:
                progress(1)
        return merged.summary
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for part, result in zip(parts, pool.map(run_part, [text] * len(parts), parts, [max_body] * len(parts)),
                                strict=True):
            merged.add(part, result)
            if progress:
                progress(1)
    return merged.summary


class PartsMerged:
    """The parts' summaries merged in part order; a range of a file that does not start the file is
    renumbered by the line ends of the ranges before it (each was read from its own line 1), which must
    have been merged already."""

    def __init__(self) -> None:
        self.summary = Summary()
        self._lines_before: dict[tuple[str, int], int] = {}  # (file, byte offset) -> line ends before it

    def add(self, part: Input, result: Summary) -> None:
        offset = 0
        if part.start:
            found = self._lines_before.get((part.path, part.start))
            if found is None:
                raise ValueError(f"{part.path}: the range from byte {part.start} came before the range it follows")
            offset = found
        self.summary.merge(result.shift(offset) if offset else result)
        if part.end is not None:
            self._lines_before[(part.path, part.end)] = offset + result.newlines


def validate_dask(doc: dict[str, Any], parts: list[Input], *, scheduler: str | None = None, workers: int = 2,
                  max_body: int = DEFAULT_MAX_BODY, progress: Callable[[int], None] | None = None) -> Summary:
    """The same parts run as tasks on a Dask cluster: the scheduler at `scheduler`, or a local cluster of
    `workers` processes on 127.0.0.1. The workers must see the input files at the same paths."""
    from dask.distributed import Client, LocalCluster, as_completed

    if any(p.path == "-" for p in parts):
        from generator.errors import LoadError

        raise LoadError("-", "", "standard input cannot be sent to a Dask cluster; give files")
    cluster = None if scheduler else LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:  # type: ignore[no-untyped-call]
            text = client.scatter(spec_text(doc), broadcast=True)
            futures = [client.submit(run_part, text, part, max_body, pure=False) for part in parts]
            order = {f.key: i for i, f in enumerate(futures)}
            results: list[Summary | None] = [None] * len(futures)
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                results[order[future.key]] = future.result()
                if progress:
                    progress(1)
    finally:
        if cluster is not None:
            cluster.close()
    merged = PartsMerged()
    for part, result in zip(parts, results, strict=True):
        assert result is not None
        merged.add(part, result)
    return merged.summary
