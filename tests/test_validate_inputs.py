"""Reading captures: every format, and every kind of bad input as a counted verdict with its file and line.
The counts always add up to the captures read."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.validate.captures import Broken, Capture, Input, JsonlReader, read, sniff_format, split_jsonl
from generator.validate.run import plan, validate
from generator.validate.spec import load_spec
from generator.validate.summary import Summary

ROOT = Path(__file__).resolve().parents[1]
CBR = load_spec(ROOT / "spec" / "cbr.openapi.yaml")
URL = "https://cbr.example.com/v3/p1/backups/b1"


def line(body: Any = None, **fields: Any) -> bytes:
    capture = {"method": "GET", "url": URL, "status": 200, **fields}
    if body is not None:
        capture["body"] = body
    return json.dumps(capture).encode() + b"\n"


GOOD = {"backup": {"id": "b1", "resource_size": 40}}
BAD = {"backup": {"id": "b1", "resource_size": "40"}}


def run(path: Path, fmt: str = "jsonl", **kw: Any) -> Summary:
    return validate(CBR, plan([Input(str(path), fmt, **kw)], 1))  # type: ignore[arg-type]


def adds_up(summary: Summary) -> bool:
    return sum(summary.verdicts.values()) == summary.captures


def test_json_lines_with_every_verdict(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(line(GOOD) + line(BAD) + b"\n" + b"{oops\n" + line(GOOD, url="/v3/p1/nothing/here")
                     + line(GOOD, status=418) + line(body_text="<html/>") + line(GOOD)[:-30] + b"\n")
    summary = run(path)
    assert summary.captures == 7 and adds_up(summary)
    assert dict(summary.verdicts) == {"valid": 1, "invalid": 1, "unparseable": 3, "unmatched_route": 1,
                                      "undeclared_status": 1}
    places = {str(p): m for p, m in summary.samples["unparseable"]}
    assert set(places) == {f"{path}:4", f"{path}:7", f"{path}:8"}  # the blank line 3 is no capture
    assert "not JSON" in places[f"{path}:4"] and "not JSON" in places[f"{path}:7"]
    (finding,) = summary.findings.values()
    assert finding.headline() == ("ShowBackup 200 backup.resource_size: 1 capture sent a string, "
                                  "the spec says integer")
    assert str(finding.sample) == f"{path}:2"


def test_a_line_that_is_json_but_not_a_capture(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"method": "GET", "url": "/v3/p1/backups/b1"}\n[1, 2]\n"text"\n')
    summary = run(path)
    assert summary.verdicts["unparseable"] == 3
    assert all("not a capture" in m for _, m in summary.samples["unparseable"])


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    garbage = bytes(range(256)).replace(b"\n", b"") * 40
    path.write_bytes(garbage + b"\n" + line(GOOD) + b"\xff\xfe\x00garbage")
    summary = run(path)
    assert summary.captures == 3 and summary.verdicts["valid"] == 1 and summary.verdicts["unparseable"] == 2


def test_gzip_and_a_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress((line(GOOD) + line(BAD)) * 500)
    whole, cut = tmp_path / "c.jsonl.gz", tmp_path / "cut.jsonl.gz"
    whole.write_bytes(data)
    cut.write_bytes(data[: len(data) // 2])
    summary = run(whole)
    assert (summary.verdicts["valid"], summary.verdicts["invalid"]) == (500, 500)
    truncated = run(cut)
    assert adds_up(truncated) and truncated.verdicts["unparseable"] >= 1
    assert any("ends early" in m for _, m in truncated.samples["unparseable"])


def test_a_100_mb_body_is_too_large_and_memory_stays_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        out.write(line(GOOD))
        out.write(b'{"method": "GET", "url": "' + URL.encode() + b'", "status": 200, "body": {"backup": {"id": "')
        for _ in range(100):
            out.write(b"x" * (1024 * 1024))
        out.write(b'"}}}\n')
        out.write(line(BAD))
    script = (f"import tracemalloc, sys; sys.path.insert(0, {str(ROOT)!r});"
              "from generator.validate.run import validate, plan; from generator.validate.captures import Input;"
              "from generator.validate.spec import load_spec; from pathlib import Path;"
              f"doc = load_spec(Path({str(ROOT / 'spec' / 'cbr.openapi.yaml')!r})); tracemalloc.start();"
              f"s = validate(doc, plan([Input({str(path)!r}, 'jsonl')], 1), max_body=1024 * 1024);"
              "import json; print(json.dumps(dict(s.verdicts)), s.samples['too_large'][0][0].line,"
              " tracemalloc.get_traced_memory()[1])")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    verdicts, line_number, peak_text = out.rsplit(" ", 2)
    assert json.loads(verdicts) == {"valid": 1, "too_large": 1, "invalid": 1} and line_number == "2"
    peak = int(peak_text)  # bytes Python allocated at the peak: a few lines at the body limit (1 MiB here)
    assert peak < 8 * 1024 * 1024, f"peak {peak:,} bytes: the 100 MB line was held in memory"


def test_a_body_over_the_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(line(GOOD) + line({"backup": {"id": "x" * 5000}}))
    summary = validate(CBR, plan([Input(str(path), "jsonl")], 1), max_body=1000)
    assert dict(summary.verdicts) == {"valid": 1, "too_large": 1}


def test_json_nested_100000_deep(tmp_path: Path) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"method": "GET", "url": "' + URL.encode() + b'", "status": 200, "body": ' + deep + b"}\n"
                     + line(body_text=(b"[" * 100_000).decode()) + line(GOOD))
    summary = run(path)
    assert dict(summary.verdicts) == {"unparseable": 2, "valid": 1}
    assert any("deep" in m for _, m in summary.samples["unparseable"])


def har(entries: list[Any]) -> bytes:
    return json.dumps({"log": {"version": "1.2", "creator": {"name": "mitmproxy", "version": "10"},
                               "entries": entries}}).encode()


def entry(body: Any, status: int = 200, *, content: bool = True, base64: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {"status": status, "headers": []}
    if content:
        text = json.dumps(body)
        if base64:
            import base64 as b64

            response["content"] = {"mimeType": "application/json", "text": b64.b64encode(text.encode()).decode(),
                                   "encoding": "base64"}
        else:
            response["content"] = {"mimeType": "application/json", "text": text, "size": len(text)}
    return {"request": {"method": "GET", "url": URL + "?x=1", "headers": []}, "response": response}


def test_har_files_including_base64_and_an_entry_without_content(tmp_path: Path) -> None:
    path = tmp_path / "session.har"
    path.write_bytes(har([entry(GOOD), entry(BAD, base64=True), entry(GOOD, content=False), {"request": {}}]))
    assert sniff_format(str(path), None) == "har"
    summary = run(path, "har")
    assert dict(summary.verdicts) == {"valid": 1, "invalid": 1, "unparseable": 2}
    places = [str(p) for p, _ in summary.samples["unparseable"]]
    assert places == [f"{path}:3", f"{path}:4"]
    assert "response.content is missing" in summary.samples["unparseable"][0][1]


def test_a_truncated_har_keeps_its_complete_entries(tmp_path: Path) -> None:
    data = har([entry(GOOD)] * 10)
    path = tmp_path / "cut.har"
    path.write_bytes(data[: int(len(data) * 0.75)])
    summary = run(path, "har")
    assert adds_up(summary) and summary.verdicts["unparseable"] == 1
    assert 5 <= summary.verdicts["valid"] < 10
    named = tmp_path / "export.json"  # no .har suffix: sniffed from the first bytes
    named.write_bytes(data)
    assert sniff_format(str(named), None) == "har"


def test_a_single_body_for_an_operation(tmp_path: Path) -> None:
    path = tmp_path / "body.json"
    path.write_text(json.dumps(BAD))
    summary = run(path, "body", operation="ShowBackup")
    assert summary.verdicts["invalid"] == 1


def test_standard_input(tmp_path: Path) -> None:
    apigen = Path(sys.executable).parent / "apigen"
    result = subprocess.run([str(apigen), "validate", "-", "--service", "cbr",
                             "--format", "json"], input=line(GOOD) + line(BAD), capture_output=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdicts"]["invalid"] == 1


def test_split_ranges_cover_every_line_once_with_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [line({"n": i}) for i in range(997)]
    path.write_bytes(b"".join(lines))
    parts = split_jsonl(str(path), 7)
    assert len(parts) == 7
    got: list[int] = []
    before = 0  # line ends in the ranges before: what renumbers a range read from its own line 1
    for part in parts:
        reader = JsonlReader(part)
        numbers = [number for batch in reader if not isinstance(batch, Broken) for number in batch[0]]
        assert numbers[0] == 1
        for number, item in zip(numbers, read(part), strict=True):
            assert isinstance(item, Capture) and item.line == number
            assert json.loads(item.body)["n"] == before + number - 1
            got.append(before + number)
        before += reader.newlines
    assert got == list(range(1, 998))


def test_memory_of_a_large_input_stays_flat(tmp_path: Path) -> None:
    """Reading is a stream: 200,000 captures need no more memory than 20,000."""
    def peak(count: int) -> int:
        path = tmp_path / f"c{count}.jsonl"
        path.write_bytes((line(GOOD) + line(BAD)) * (count // 2))
        script = (f"import tracemalloc, sys; sys.path.insert(0, {str(ROOT)!r});"
                  "from generator.validate.run import validate, plan; from generator.validate.captures import Input;"
                  "from generator.validate.spec import load_spec; from pathlib import Path;"
                  f"doc = load_spec(Path({str(ROOT / 'spec' / 'cbr.openapi.yaml')!r})); tracemalloc.start();"
                  f"n = validate(doc, [Input({str(path)!r}, 'jsonl')]).captures;"
                  "print(n, tracemalloc.get_traced_memory()[1])")
        n, rss = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                check=True).stdout.split()
        assert int(n) == count
        return int(rss)
    small, large = peak(20_000), peak(200_000)
    assert large < small + 1024 * 1024, (small, large)  # bytes; the 200,000-line file itself is ~25 MB


@pytest.mark.parametrize("items", [[Broken("f", 1, "unparseable", "x")], []])
def test_an_empty_or_broken_input_still_adds_up(items: list[Broken]) -> None:
    summary = Summary()
    for item in items:
        summary.add(item, None)
    assert adds_up(summary)

