"""Hostile captures given to `apigen validate`: every one costs time and memory bounded by its size (after
decompression, within a stated cap), is reported when refused, and the verdicts still add up."""

from __future__ import annotations

import gzip
import io
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from test_hostile_specs import apigen, one_error_line
from test_validate_inputs import BAD, CBR, GOOD, URL, adds_up, entry, har, line, run

import generator.validate.captures as captures
import generator.validate.har as har_module
from generator.errors import LoadError
from generator.validate.captures import Broken, Capture, Input, JsonlReader, read
from generator.validate.har import MAX_ENTRY_DEPTH, HarSplitter

SPEC = str(Path(__file__).resolve().parents[1] / "spec" / "cbr.openapi.yaml")


def verdicts_of(result: Any) -> dict[str, int]:
    report = json.loads(result.stdout)
    assert sum(report["verdicts"].values()) == report["captures"]  # the counts add up
    return {k: v for k, v in report["verdicts"].items() if v}


# --- standard input ------------------------------------------------------------------------------------

def test_standard_input_given_twice_is_one_error(tmp_path: Path) -> None:
    result = apigen("validate", "--spec", SPEC, "-", "-", stdin=line(GOOD))
    assert one_error_line(result) == "-: standard input can be read once; give - one time"


# --- HAR -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "place", "words"), [
    ('{"log": {"entries": {"request": {}}}}', "log.entries", "log.entries is not an array"),
    ('{"log": {"entries": 5}}', "log.entries", "log.entries is not an array"),
    ('{"log": {"version": "1.2"}}', "log.entries", "no log.entries array"),
    ('{"log": 5}', "log", "log is not an object"),
    ('{"log": [{"entries": []}]}', "log", "log is not an object"),
    ('[{"log": {"entries": []}}]', "", "it is not a JSON object"),
])
def test_a_har_without_an_entries_array_is_an_error_naming_the_file(tmp_path: Path, text: str, place: str,
                                                                     words: str) -> None:
    path = tmp_path / "session.har"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        list(read(Input(str(path), "har")))
    assert (caught.value.file, caught.value.place) == (str(path), place) and words in caught.value.message
    for jobs in ("1", "2"):  # the error crosses from a worker process whole
        result = apigen("validate", "--spec", SPEC, str(path), "--jobs", jobs)
        assert one_error_line(result) == caught.value.one_line()


def test_a_har_nested_100000_levels_is_refused_and_the_counts_add_up(tmp_path: Path) -> None:
    """200 KB that took over 8 GB: the deep entry is refused as it streams by, the others are read."""
    deep = "[" * 100_000 + "]" * 100_000
    text = json.dumps({"log": {"entries": [entry(GOOD), {"request": "DEEP"}, entry(BAD)]}}).replace('"DEEP"', deep)
    path = tmp_path / "deep.har"
    path.write_text(text, encoding="utf-8")
    result = apigen("validate", "--spec", SPEC, str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert verdicts_of(result) == {"valid": 1, "invalid": 1, "unparseable": 1}
    (sample,) = json.loads(result.stdout)["samples"]["unparseable"]
    assert sample == {"place": f"{path}:2",
                      "message": f"HAR entry 2: nested more than {MAX_ENTRY_DEPTH} levels deep; not read"}


def test_har_entries_nested_up_to_the_cap_are_read(tmp_path: Path) -> None:
    for levels, verdict in ((MAX_ENTRY_DEPTH - 1, "valid"), (MAX_ENTRY_DEPTH, "unparseable")):
        one = entry(GOOD)
        one["_initiator"] = "NEST"  # the entry is level 1, _initiator's value level 2, ...
        nest = "[" * levels + "]" * levels
        path = tmp_path / f"nest{levels}.har"
        path.write_bytes(har([one]).replace(b'"NEST"', nest.encode()))
        summary = run(path, "har")
        assert dict(summary.verdicts) == {verdict: 1}, levels


def test_a_long_body_in_a_har_is_read_in_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 100 MB body took 42 s: its parser copied the string again for every block read. Now each block of a
    string is searched once (counted here) and the entry joined once."""
    searched: list[int] = []
    pattern = har_module._INSIDE

    class Counting:
        def search(self, data: bytes, pos: int) -> Any:
            found = pattern.search(data, pos)
            searched.append((found.end() if found else len(data)) - pos)
            return found

    monkeypatch.setattr(har_module, "_INSIDE", Counting())
    body = {"backup": {"id": "b" * (8 * 1024 * 1024), "resource_size": 40}}
    path = tmp_path / "long.har"
    path.write_bytes(har([entry(body), entry(GOOD)]))
    summary = run(path, "har")
    assert dict(summary.verdicts) == {"valid": 2}
    assert sum(searched) <= path.stat().st_size  # no byte searched twice
    assert len(searched) <= path.stat().st_size // har_module._CHUNK + 40  # a search a block, a few a string


def test_an_entry_beyond_its_byte_limit_is_too_large_and_not_kept(tmp_path: Path) -> None:
    big = {"backup": {"id": "x" * 100_000, "resource_size": 40}}
    path = tmp_path / "big.har"
    path.write_bytes(har([entry(GOOD), entry(big), entry(GOOD)]))
    items = list(read(Input(str(path), "har"), max_body=500))
    assert [type(i).__name__ for i in items] == ["Capture", "Broken", "Capture"]
    broken = items[1]
    assert isinstance(broken, Broken) and broken.verdict == "too_large" and broken.line == 2
    assert broken.message == f"HAR entry 2: more than {6 * 500 + 64 * 1024:,} bytes of JSON (the body limit is " \
                             "500); not read"


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """JSON with what trips a hand-made splitter: brackets, quotes, backslashes and commas in strings."""
    kind = rng.randrange(6 if depth < 5 else 3)
    if kind == 0:
        return "".join(rng.choice('ab{}[]",:\\ \n/é') for _ in range(rng.randrange(12)))
    if kind == 1:
        return rng.choice([0, -1.5, 10**30, True, False, None])
    if kind == 2:
        return rng.choice(["", "}", "]", '"', "\\", "\\\\", "{[", "\u2028"])
    if kind == 3:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["entries", "log", "}", '"', "\\", f"k{i}"]): random_value(rng, depth + 1)
            for i in range(rng.randrange(4))}


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
def test_har_entries_are_found_whatever_the_blocks_and_their_strings(chunk: int,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_module, "_CHUNK", chunk)
    rng = random.Random(13)
    for _ in range(40):
        entries = [random_value(rng) for _ in range(rng.randrange(5))]
        doc = {"pages": [random_value(rng)], "log": {"x": {"entries": 1}, "entries": entries, "y": "]"}}
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1]))
        found = list(HarSplitter(io.BytesIO(text.encode()), "h.har", 1 << 30).entries())
        assert [json.loads(e.data or b"") for e in found] == entries
        assert [e.number for e in found] == list(range(1, len(entries) + 1))


def test_a_broken_entry_is_reported_and_the_next_still_read(tmp_path: Path) -> None:
    good = json.dumps(entry(GOOD))
    path = tmp_path / "mixed.har"
    path.write_text('{"log": {"entries": [' + good + ', {"request": tru}, ' + good + "]}}", encoding="utf-8")
    items = list(read(Input(str(path), "har")))
    assert [i.line for i in items] == [1, 2, 3]
    assert isinstance(items[0], Capture) and isinstance(items[2], Capture)
    assert isinstance(items[1], Broken) and "HAR entry 2: not JSON" in items[1].message


# --- JSON Lines and gzip ----------------------------------------------------------------------------------

class CountingSearch:
    """Stands in for a compiled pattern and counts the Python-level searches made with it."""

    def __init__(self, pattern: re.Pattern[bytes]) -> None:
        self.pattern, self.calls = pattern, 0

    def search(self, *args: Any) -> Any:
        self.calls += 1
        return self.pattern.search(*args)


def test_blank_lines_cost_no_python_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """100 KB of gzip expanding to newlines kept validate busy 39 s: each blank line went through the capture
    decoder and an exception. Blank runs are now skipped inside C; Python steps follow the text lines."""
    counting = CountingSearch(captures._NOT_SPACE)
    monkeypatch.setattr(captures, "_NOT_SPACE", counting)
    path = tmp_path / "blank.jsonl.gz"
    blank = b"\n" * 3_000_000 + b" \r\n\t\n" * 200_000
    path.write_bytes(gzip.compress(blank + line(GOOD) + blank + line(BAD) + b"\n" * 5))
    batches = list(JsonlReader(Input(str(path), "jsonl")))
    lines = blank.count(b"\n")
    assert batches == [([lines + 1], [line(GOOD)[:-1]]), ([2 * lines + 2], [line(BAD)[:-1]])]
    assert counting.calls <= len(blank) * 2 // captures._CHUNK + 8  # a search a block and a text line
    summary = run(path)
    assert dict(summary.verdicts) == {"valid": 1, "invalid": 1}


def test_a_gzip_stream_expanding_past_the_cap_is_stopped_and_said(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(captures, "_EXPANSION_GRACE", 1024 * 1024)
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(line(GOOD) + b"\n" * (8 * 1024 * 1024) + line(GOOD), compresslevel=9))
    summary = run(path)
    assert adds_up(summary) and dict(summary.verdicts) == {"valid": 1, "too_large": 1}
    ((place, message),) = summary.samples["too_large"]
    assert message.startswith(f"line {place.line} on: the gzip stream expands more than "
                              f"{captures.MAX_EXPANSION}x its size (to ")
    assert message.endswith("); the rest is not read")
    har_path = tmp_path / "bomb.har.gz"
    har_path.write_bytes(gzip.compress(har([entry(GOOD), entry({"pad": " " * (8 * 1024 * 1024)})]),
                                       compresslevel=9))
    summary = run(har_path, "har")
    assert adds_up(summary) and summary.verdicts["too_large"] == 1


def test_ordinary_gzip_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "day.jsonl.gz"
    path.write_bytes(gzip.compress((line(GOOD) + line(BAD)) * 2000))
    summary = run(path)
    assert dict(summary.verdicts) == {"valid": 2000, "invalid": 2000}


def test_json_lines_with_crlf_and_whitespace_lines_keep_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(line(GOOD).replace(b"\n", b"\r\n") + b"\r\n  \r\n" + line(BAD) + b"\t\n" + b"{oops\n")
    summary = run(path)
    assert dict(summary.verdicts) == {"valid": 1, "invalid": 1, "unparseable": 1}
    assert [str(p) for p, _ in summary.samples["unparseable"]] == [f"{path}:6"]
    assert str(next(iter(summary.findings.values())).sample) == f"{path}:4"
    assert CBR and URL  # the shared fixtures of test_validate_inputs
