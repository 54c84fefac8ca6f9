"""Fuzzing: mutated real pages, specs and captures through every command. Each input runs in a forked child
under a memory cap and a deadline (tests/fuzzing.py); the properties are what apigen promises on any input:
it ends, exits 0, 1 or 2, prints no traceback, names the file of a bad input in one line, writes a valid spec
or nothing, generates a package that imports and runs nothing, and validate's counts add up.

`make test` runs a short seeded run (the same inputs every time). `make fuzz` runs the long one
(APIGEN_FUZZ=long: fifty times the examples, a fresh seed, Hypothesis's database under .hypothesis/).
A failing input it finds belongs under tests/fuzz_regressions/<kind>/, which every run replays."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from conftest import ROOT, SEED
from fuzzing import (
    HOSTILE_VALUES,
    Outcome,
    assert_clean_exit,
    deadline_for,
    mutate_bytes,
    mutate_text,
    replace_at,
    run_cli,
    run_isolated,
    spec_places,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.errors import ApigenError
from generator.extract import extract
from generator.pipeline import build_service
from generator.sources.detect import PAGE_SUFFIXES, detect_format, load

LONG = os.environ.get("APIGEN_FUZZ") == "long"
SCALE = 50 if LONG else 1
REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
PWNED = "apigen-fuzz-pwned"  # the file the hostile tokens try to create


def fuzz_settings(examples: int) -> settings:
    # The short run is the same inputs every time, so a failure reproduces without shrinking (which can take
    # minutes); the long run shrinks what it finds to a small input worth keeping as a regression file.
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=not LONG,
                    database=settings.default.database if LONG else None,
                    phases=list(Phase) if LONG else [Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck), print_blob=True)


def _seed_pages() -> list[Path]:
    """Per reader format, the two smallest committed pages of a few KB: every format fuzzed, quickly."""
    by_format: dict[str, list[tuple[int, str, Path]]] = {}
    for path in sorted((ROOT / "spec" / "sources").rglob("*")):
        if path.suffix not in PAGE_SUFFIXES or not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        if not 2_000 <= len(text) <= 12_000:
            continue
        try:
            fmt = detect_format(path.name, text)
        except ApigenError:
            continue
        by_format.setdefault(fmt, []).append((len(text), str(path), path))
    return [path for found in by_format.values() for _, _, path in sorted(found)[:2]]


SEED_PAGES = _seed_pages()
EDITS = st.lists(st.tuples(st.sampled_from(["delete", "duplicate", "swap", "insert", "inline", "truncate"]),
                           st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 1_000)),
                 min_size=1, max_size=6)


def _read_page(folder: Path, name: str, data: bytes) -> tuple[str, str]:
    path = folder / name
    path.write_bytes(data)
    try:
        page = extract(load(path, name))
    except ApigenError as err:
        return "error", err.one_line()
    return "page", page.path


def check_page(tmp_path: Path, name: str, data: bytes) -> None:
    tmp_path.mkdir(parents=True, exist_ok=True)
    outcome = run_isolated(lambda: _read_page(tmp_path, name, data), deadline_for(len(data)))
    assert outcome.kind == "returned", f"{name}: {outcome.kind} {outcome.detail}"
    kind, text = outcome.value
    if kind == "error":
        assert "\n" not in text and text.startswith(name), text
        assert "\x1b" not in text, f"a terminal escape in the error line: {text!r}"


def test_every_reader_format_has_seed_pages() -> None:
    formats = {detect_format(p.name, p.read_text("utf-8")) for p in SEED_PAGES}
    assert formats >= {"markdown_html", "rst", "html_export", "webtext_pipes"}, formats


@fuzz_settings(40)
@given(st.sampled_from(SEED_PAGES), EDITS)
def test_any_mutated_page_reads_or_fails_in_one_line(tmp_path_factory: pytest.TempPathFactory, seed: Path,
                                                      edits: list[tuple[str, int, int, int]]) -> None:
    text = mutate_text(seed.read_text("utf-8"), edits)
    check_page(tmp_path_factory.mktemp("page"), seed.name, text.encode("utf-8", errors="surrogatepass"))


@fuzz_settings(20)
@given(st.sampled_from(SEED_PAGES), st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)),
                                                min_size=1, max_size=8))
def test_any_page_with_flipped_bytes_reads_or_fails_in_one_line(tmp_path_factory: pytest.TempPathFactory,
                                                                 seed: Path, flips: list[tuple[int, int]]) -> None:
    check_page(tmp_path_factory.mktemp("page"), seed.name, mutate_bytes(seed.read_bytes(), flips))


def _service_files(mutated: str, text: str) -> dict[str, bytes]:
    """The CBR seed service with one of its pages replaced by a mutated one."""
    files = {"spec/sources/cbr/service.yaml": (ROOT / "spec/sources/cbr/service.yaml").read_bytes()}
    for seed in SEED.values():
        if seed.parent.name == "cbr":
            files[f"spec/sources/cbr/{seed.name}"] = seed.read_bytes()
    files[f"spec/sources/cbr/{mutated}"] = text.encode("utf-8", errors="surrogatepass")
    return files


def check_build(folder: Path, files: dict[str, bytes], what: str) -> None:
    outcome = run_isolated(lambda: run_cli(["build", "--root", "."], files, folder),
                           deadline_for(sum(map(len, files.values()))))
    run = assert_clean_exit(outcome, what)
    written = sorted(p.name for p in (folder / "spec").iterdir() if p.is_file())
    if run.exit_code in (0, 1):  # built (with problems listed, for 1): the whole set of outputs, nothing else
        assert written == ["cbr.conflicts.json", "cbr.conflicts.md", "cbr.coverage.json", "cbr.openapi.yaml"]
        spec = yaml.safe_load((folder / "spec" / "cbr.openapi.yaml").read_text("utf-8"))
        from openapi_spec_validator import validate
        validate(spec)
    else:
        assert written == [], "a failed build wrote outputs"
        assert all(line.startswith("apigen: error: ") for line in run.stderr.splitlines()), run.stderr


@fuzz_settings(6)
@given(st.sampled_from([s for s in SEED.values() if s.parent.name == "cbr"]), EDITS)
def test_a_service_with_a_mutated_page_builds_or_lists_it(tmp_path_factory: pytest.TempPathFactory, seed: Path,
                                                           edits: list[tuple[str, int, int, int]]) -> None:
    files = _service_files(seed.name, mutate_text(seed.read_text("utf-8"), edits))
    check_build(tmp_path_factory.mktemp("build"), files, f"build with {seed.name} mutated")


@pytest.mark.parametrize("regression", sorted((REGRESSIONS / "pages").glob("*")), ids=lambda p: p.name)
def test_page_regressions_read_or_fail_in_one_line(tmp_path: Path, regression: Path) -> None:
    check_page(tmp_path / "read", regression.name, regression.read_bytes())
    files = _service_files(regression.name, regression.read_text("utf-8"))
    check_build(tmp_path / "build", files, f"build with {regression.name}")


@pytest.fixture(scope="module")
def seed_spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The spec the CBR seed pages build: small enough to mutate thousands of times."""
    root = tmp_path_factory.mktemp("seed-spec")
    folder = root / "spec" / "sources" / "cbr"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "spec/sources/cbr/service.yaml", folder)
    for seed in SEED.values():
        if seed.parent.name == "cbr":
            shutil.copy(seed, folder)
    result = build_service(root, "cbr")
    assert not result.errors
    spec: dict[str, Any] = yaml.safe_load(result.outputs["cbr.openapi.yaml"])
    return spec


SPEC_EDITS = st.lists(st.tuples(st.integers(0, 100_000), st.integers(0, len(HOSTILE_VALUES) - 1)),
                      min_size=1, max_size=3)


def mutate_spec(spec: dict[str, Any], edits: list[tuple[int, int]]) -> bytes:
    for place, value in edits:
        places = spec_places(spec)
        spec = replace_at(spec, places[place % len(places)], HOSTILE_VALUES[value])
    return yaml.dump(spec, allow_unicode=True, sort_keys=False).encode("utf-8")


def _spec_cases(spec: dict[str, Any]) -> list[bytes]:
    """Spec texts no mutation of a parsed document makes: YAML that expands, and YAML that is not a spec."""
    original = yaml.dump(spec, sort_keys=False)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    return [
        original.replace("components:", bomb.replace("\n", "\n  ").join(["x-bomb:\n  ", "\ncomponents:"]), 1)
        .encode(),
        b"- just\n- a list\n", b"openapi: 3.1.0\n", b"{", b"\x00\xff", original[: len(original) // 2].encode(),
        original.replace("components:", "components: []\nx-was-components:", 1).encode(),
    ]


def check_diff(folder: Path, old: bytes, new: bytes) -> None:
    files = {"old.yaml": old, "new.yaml": new}
    outcome = run_isolated(lambda: run_cli(["diff", "old.yaml", "new.yaml", "--format", "json"], files, folder),
                           deadline_for(len(old) + len(new)))
    run = assert_clean_exit(outcome, "diff")
    if run.exit_code == 2:
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("apigen: error: "), run.stderr
    else:
        json.loads(run.stdout)


@fuzz_settings(25)
@given(SPEC_EDITS)
def test_any_mutated_spec_diffs_or_fails_in_one_line(tmp_path_factory: pytest.TempPathFactory,
                                                     seed_spec: dict[str, Any], edits: list[tuple[int, int]]) -> None:
    original = yaml.dump(seed_spec, sort_keys=False).encode("utf-8")
    check_diff(tmp_path_factory.mktemp("diff"), original, mutate_spec(seed_spec, edits))


def test_spec_texts_no_mutation_makes_diff_or_fail_in_one_line(tmp_path: Path, seed_spec: dict[str, Any]) -> None:
    original = yaml.dump(seed_spec, sort_keys=False).encode("utf-8")
    for i, case in enumerate(_spec_cases(seed_spec)):
        check_diff(tmp_path / str(i), original, case)


@pytest.mark.parametrize("regression", sorted((REGRESSIONS / "specs").glob("*")), ids=lambda p: p.name)
def test_spec_regressions_diff_or_fail_in_one_line(tmp_path: Path, seed_spec: dict[str, Any],
                                                  regression: Path) -> None:
    check_diff(tmp_path, yaml.dump(seed_spec, sort_keys=False).encode("utf-8"), regression.read_bytes())


def check_generate(folder: Path, spec: bytes) -> None:
    files = {"spec/cbr.openapi.yaml": spec}
    outcome = run_isolated(lambda: run_cli(["generate", "--root", ".", "--service", "cbr"], files, folder),
                           deadline_for(len(spec)) * 3)
    run = assert_clean_exit(outcome, "generate")
    package = folder / "generated" / "cbr"
    if run.exit_code != 0:
        assert not package.exists(), "a failed generate left a package"
        return
    imported = subprocess.run([sys.executable, "-c", "import generated.cbr.client, generated.cbr.models"],
                              cwd=folder, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert not list(folder.rglob(PWNED + "*")), "importing the generated package ran code from the spec"


@fuzz_settings(3)
@given(SPEC_EDITS)
def test_any_mutated_spec_generates_a_package_that_imports_and_runs_nothing(
        tmp_path_factory: pytest.TempPathFactory, seed_spec: dict[str, Any], edits: list[tuple[int, int]]) -> None:
    check_generate(tmp_path_factory.mktemp("generate"), mutate_spec(seed_spec, edits))


def _captures(spec: dict[str, Any]) -> bytes:
    """One JSON line per response example of the spec, sent to the path its operation documents."""
    lines = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method, op in sorted(item.items()):
            for status, response in sorted(op.get("responses", {}).items()):
                for media in response.get("content", {}).values():
                    for example in media.get("examples", {}).values():
                        url = "https://cbr.example.com" + path.replace("{", "").replace("}", "")
                        lines.append(json.dumps({"method": method.upper(), "url": url, "status": status,
                                                 "body": example.get("value")}, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_validate(folder: Path, spec: bytes, captures: bytes) -> None:
    files = {"s.yaml": spec, "c.jsonl": captures}
    args = ["validate", "--spec", "s.yaml", "--format", "json", "c.jsonl"]
    outcome = run_isolated(lambda: run_cli(args, files, folder), deadline_for(len(spec) + len(captures)))
    run = assert_clean_exit(outcome, "validate")
    if run.exit_code == 2:
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("apigen: error: "), run.stderr
        return
    report = json.loads(run.stdout)
    assert sum(report["verdicts"].values()) == report["captures"], report["verdicts"]


def test_the_seed_spec_examples_make_captures(seed_spec: dict[str, Any]) -> None:
    assert _captures(seed_spec).count(b"\n") >= 3


@fuzz_settings(25)
@given(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=12))
def test_any_mutated_capture_stream_adds_up(tmp_path_factory: pytest.TempPathFactory, seed_spec: dict[str, Any],
                                            flips: list[tuple[int, int]]) -> None:
    spec = yaml.dump(seed_spec, sort_keys=False).encode("utf-8")
    check_validate(tmp_path_factory.mktemp("validate"), spec, mutate_bytes(_captures(seed_spec), flips))


@fuzz_settings(15)
@given(SPEC_EDITS)
def test_captures_against_any_mutated_spec_add_up(tmp_path_factory: pytest.TempPathFactory,
                                                  seed_spec: dict[str, Any], edits: list[tuple[int, int]]) -> None:
    check_validate(tmp_path_factory.mktemp("validate"), mutate_spec(seed_spec, edits), _captures(seed_spec))


@pytest.mark.parametrize("regression", sorted((REGRESSIONS / "captures").glob("*")), ids=lambda p: p.name)
def test_capture_regressions_add_up(tmp_path: Path, seed_spec: dict[str, Any], regression: Path) -> None:
    check_validate(tmp_path, yaml.dump(seed_spec, sort_keys=False).encode("utf-8"), regression.read_bytes())


# The harness itself: each way an input can go wrong is caught and named, so the properties above can fail.

def _hang() -> None:
    while True:
        pass


def _allocate() -> bytes:
    return b"x" * (1 << 40)


def _raise() -> None:
    raise KeyError("boom")


@pytest.mark.parametrize(("work", "kind"), [(_hang, "timed_out"), (_allocate, "out_of_memory"),
                                            (_raise, "crashed"), (lambda: 42, "returned")])
def test_the_harness_names_how_an_input_ended(work: Any, kind: str) -> None:
    outcome: Outcome = run_isolated(work, seconds=2)
    assert outcome.kind == kind, outcome
    if kind == "crashed":
        assert "KeyError: 'boom'" in outcome.detail


# The generated client under a server that answers anything: whatever comes back, a call returns its model
# or raises the package's ApiError, the token is in no message, and no request carries it to another host.

TOKEN = "tok-FUZZ-SECRET-0123456789"  # printable ASCII: the client refuses, unshown, any other token
PROJECT = "4229d7a45436489f8c3dc2b1d35d4987"


class _Scripted(socketserver.BaseRequestHandler):
    """Reads one request, then writes the bytes a test scripted for this server, whatever they are."""

    answer: bytes = b""
    requests: list[bytes] = []

    def handle(self) -> None:
        self.request.settimeout(2)
        data = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in data:
                chunk = self.request.recv(65536)
                if not chunk:
                    break
                data += chunk
        type(self).requests.append(data)
        with contextlib.suppress(OSError):
            self.request.sendall(type(self).answer)


def _serve(handler: type[socketserver.BaseRequestHandler]) -> tuple[socketserver.ThreadingTCPServer, str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _Main(_Scripted):
    requests: list[bytes] = []


class _Other(_Scripted):
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    requests: list[bytes] = []


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    main, main_url = _serve(_Main)
    other, other_url = _serve(_Other)
    try:
        yield main_url, other_url
    finally:
        for server in (main, other):
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def cbr_package() -> Any:
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        return importlib.import_module("cbr")
    finally:
        sys.path.remove(str(ROOT / "generated"))


STATUS = st.one_of(st.sampled_from([200, 201, 204, 300, 301, 302, 307, 400, 401, 404, 429, 500, 503]),
                   st.integers(100, 999))
HEADER = st.sampled_from([
    "Retry-After: nan", "Retry-After: inf", "Retry-After: -1", "Retry-After: 99999999999",
    "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", "Retry-After: soon", "Location: {other}/v3/stolen",
    "Location: //evil.invalid/x", "Location: ", "Content-Type: text/html", "Content-Type: application/json",
    "Content-Length: 5", "Content-Length: -1", "Content-Length: 99999999", "X-Request-Id: \u00e9{token}",
    "Content-Encoding: gzip", "Transfer-Encoding: chunked", "Set-Cookie: a=b",
])
BODY = st.one_of(
    st.sampled_from([b"", b"{}", b"null", b"[]", b"{\"backup\": 1}", b"{\"error_code\": \"X\", \"error_msg\": "
                     b"\"bad token {token}\"}", b"{\"error_msg\": {\"nested\": \"{token}\"}}", b"<html>{token}</html>",
                     b"{\"backup\": {\"id\": \"" + b"9" * 5000 + b"\"}}", b"[" * 10_000, b"\xff\xfe"]),
    st.binary(max_size=200))


def _response(status: int, headers: list[str], body: bytes, other: str) -> bytes:
    body = body.replace(b"{token}", TOKEN.encode())
    lines = [f"HTTP/1.1 {status} Fuzzed"] + [h.replace("{other}", other).replace("{token}", TOKEN) for h in headers]
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return "\r\n".join(lines).encode("utf-8", errors="replace") + b"\r\n\r\n" + body


@fuzz_settings(40)
@given(STATUS, st.lists(HEADER, max_size=4), BODY)
def test_any_server_answer_gives_a_model_or_an_api_error(cbr_package: Any, servers: tuple[str, str], status: int,
                                                         headers: list[str], body: bytes) -> None:
    main, other = servers
    _Main.answer = _response(status, headers, body, other)
    _Other.requests.clear()
    retry = cbr_package.RetryPolicy(max_retries=1, backoff=0.01, max_delay=0.05)
    with cbr_package.CbrClient(token=TOKEN, endpoint=main, project_id=PROJECT, retry=retry, timeout=3,
                               http=httpx.Client(follow_redirects=True)) as client:
        try:
            client.show_backup("b1")
        except cbr_package.ApiError as err:
            for text in (str(err), repr(err), repr(err.__dict__)):
                assert TOKEN not in text and TOKEN.encode("unicode_escape").decode() not in text, text[:500]
    assert not any(TOKEN.encode() in request for request in _Other.requests), "the token went to another host"
