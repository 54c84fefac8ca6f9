"""The fuzz harness: run one input in a forked child under a memory cap and a deadline, and report how it
ended. A hang, a blow-up or a crash of the child is an outcome like any other, so one bad input never stops
the run and the property tests can say which input did it.

Also the mutators the properties draw from: line and byte edits of real pages, hostile tokens repeated,
and edits of a parsed spec at a drawn place."""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import os
import pickle
import resource
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.cli import main

# Headroom over the parent's address space that one input may use; the time an input may take, plus a
# share per byte (the commands promise cost proportional to their input).
MEMORY_HEADROOM = 1_500_000_000
SECONDS_BASE, SECONDS_PER_MB = 30.0, 10.0
EXIT_CODES = {0, 1, 2}


@dataclass(frozen=True)
class Outcome:
    kind: str  # "returned", "crashed", "timed_out", "out_of_memory", "died"
    value: Any = None
    detail: str = ""
    seconds: float = 0.0


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def deadline_for(size: int) -> float:
    return SECONDS_BASE + SECONDS_PER_MB * size / 1_000_000


def run_isolated(work: Callable[[], Any], seconds: float) -> Outcome:
    """Run `work` in a forked child; its return value comes back pickled. The child has the parent's
    imports already, so an input costs a fork, not an interpreter start."""
    reader, writer = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(reader)
        code = 0
        try:
            limit = _address_space() + MEMORY_HEADROOM
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                result: tuple[str, Any, str] = ("returned", work(), "")
            except MemoryError:
                result = ("out_of_memory", None, "MemoryError")
            except BaseException:  # the property under test: anything else is a crash to report
                result = ("crashed", None, traceback.format_exc(limit=-8))
            with os.fdopen(writer, "wb") as out:
                pickle.dump(result, out)
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    os.close(writer)
    chunks: list[bytes] = []
    with os.fdopen(reader, "rb") as pipe:
        while True:
            left = started + seconds - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Outcome("timed_out", detail=f"still running after {seconds:.0f} s",
                               seconds=time.monotonic() - started)
            chunk = os.read(pipe.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    elapsed = time.monotonic() - started
    if not chunks:
        return Outcome("died", detail=f"child ended with status {status} and no answer", seconds=elapsed)
    kind, value, detail = pickle.loads(b"".join(chunks))
    return Outcome(kind, value, detail, elapsed)


@dataclass(frozen=True)
class CliRun:
    exit_code: int
    stdout: str
    stderr: str
    exception: str  # a traceback when the command raised instead of exiting


def run_cli(args: list[str], files: dict[str, bytes], folder: Path, stdin: bytes = b"") -> CliRun:
    """`apigen ARGS` as its console script runs it (`generator.cli.main`, exit code and all), in the child,
    in `folder` with `files` written there first (paths relative)."""
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    os.chdir(folder)
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["apigen", *args]
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    code, raised = 0, ""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        except BaseException:  # what the interpreter would print as a traceback
            code, raised = 1, traceback.format_exc(limit=-8)
    return CliRun(code, out.getvalue(), err.getvalue(), raised)


def assert_clean_exit(outcome: Outcome, what: str) -> CliRun:
    """The promises every command keeps on any input: it ends in time and memory, exits 0, 1 or 2, and
    prints no traceback."""
    assert outcome.kind == "returned", f"{what}: {outcome.kind} {outcome.detail}"
    run: CliRun = outcome.value
    assert not run.exception, f"{what}: raised\n{run.exception}"
    assert run.exit_code in EXIT_CODES, f"{what}: exit {run.exit_code}\n{run.stderr[-2000:]}"
    assert "Traceback (most recent call last)" not in run.stdout + run.stderr, f"{what}: traceback printed"
    return run


# --- mutators -------------------------------------------------------------------------------------------

# Fragments that broke or nearly broke a reader once, and the shapes the issue lists: deep nesting, huge
# spans, long repetitions, control characters, markup of another format.
HOSTILE_TOKENS = (
    "<div>", "</div>", "<tr><td>a</td>", "<table>", "</table>", "<td colspan=\"1000000000\">x</td>",
    "<td rowspan=\"1000000000\">x</td>", "<th colspan=\"20000000000000000000\">x</th>", "<td colspan=\"-3\">",
    "[", "{\"a\": ", "9" * 5000, "\x1b[31m", "\x1b]0;title\x07", "\u202e", "\x00", "\x7f", " of", " |", "|",
    "---|---|", "```", "\n.. code-block:: json\n\n   ", "\n   * ", "\n- ", "&#0;", "&#x1b;", "Table 1",
    "GET /v1/{id}", "POST /v3/{project_id}/things/{id}/{id}", "**表 1**", "<a href=\"#t1\">x</a>",
    "\ufeff", "\u2028", "Status code: 999", "Array of ", "Object", "Integer", "Enumeration values: 1, 2",
    "\"\"\"", "{{ 7*7 }}", "$(touch apigen-fuzz-pwned)",
)


def mutate_text(text: str, edits: list[tuple[str, int, int, int]]) -> str:
    """Apply drawn edits: (kind, position, amount, token index). Positions and amounts are taken modulo
    what the text has, so any draw is a valid edit."""
    lines = text.split("\n")
    for kind, position, amount, token in edits:
        at = position % (len(lines) + 1)
        if kind == "delete" and lines:
            del lines[at % len(lines): at % len(lines) + 1 + amount % 8]
        elif kind == "duplicate" and lines:
            i = at % len(lines)
            lines[i:i] = lines[i: i + 1 + amount % 4] * (1 + amount % 50)
        elif kind == "swap" and len(lines) > 1:
            j = (at + 1 + amount) % len(lines)
            i = at % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            piece = HOSTILE_TOKENS[token % len(HOSTILE_TOKENS)] * (1 + amount % 3000)
            lines.insert(at, piece)
        elif kind == "inline" and lines:
            i = at % len(lines)
            cut = amount % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + HOSTILE_TOKENS[token % len(HOSTILE_TOKENS)] + lines[i][cut:]
        elif kind == "truncate":
            lines = lines[: at]
    return "\n".join(lines)


def mutate_bytes(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    buffer = bytearray(data)
    for position, value in flips:
        if buffer:
            buffer[position % len(buffer)] = value % 256
    return bytes(buffer)


def _deep(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        node = {"type": "object", "properties": {"a": node}}
    return node


# Values put in place of a drawn node of a spec: wrong types, references out of the spec, deep schemas,
# values YAML turns into other types, and text meant to escape into generated code.
HOSTILE_VALUES: tuple[Any, ...] = (
    [], {}, None, "", 0, -1, 10 ** 80, 1.5e308, True, "x", datetime.date(2024, 1, 1),
    {"$ref": "#/components/schemas/Nope"}, {"$ref": "https://127.0.0.1:9/x.yaml"}, {"$ref": "/etc/passwd"},
    {"$ref": "#"}, {"type": "array"}, {"type": "array", "items": {"$ref": "#/components/schemas/Self"}},
    _deep(40), {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"},
    {"type": "integer", "maximum": 5, "enum": [1, 2]}, {"a.b": {"type": "string"}},
    {"type": "object", "properties": {"type": {"type": "string"}, "Type": {"type": "string"},
                                      "sort_key": {"type": "string"}, "sort-key": {"type": "string"},
                                      "model_validate": {"type": "string"}, "名字": {"type": "string"},
                                      "class": {"type": "string"}}},
    '"""; __import__("os").system("touch apigen-fuzz-pwned"); """',
)


def spec_places(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a parsed spec (dict keys and list indexes), in document order."""
    places = [path]
    if isinstance(doc, dict):
        for key, value in doc.items():
            places.extend(spec_places(value, (*path, key)))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            places.extend(spec_places(value, (*path, i)))
    return places


def replace_at(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return copy.deepcopy(value)
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = copy.deepcopy(value)
    return doc
