"""apigen validate end to end: routing, output, exit codes, and the same answer from one process, local
cores and a real Dask cluster on 127.0.0.1."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.validate.captures import Input, split_jsonl
from generator.validate.routes import Router
from generator.validate.run import plan, validate, validate_dask
from generator.validate.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "cbr.openapi.yaml"
CBR = load_spec(SPEC)
APIGEN = Path(sys.executable).parent / "apigen"


@pytest.mark.parametrize(("method", "target", "operation"), [
    ("GET", "https://cbr.eu-de.example.com/v3/p1/backups/b1", "ShowBackup"),
    ("GET", "/v3/p1/backups/b1?limit=1#x", "ShowBackup"),
    ("GET", "/p1/backups/b1", "ShowBackup"),  # without the version segment
    ("GET", "https://gw.example.com/cbr/api/v3/p1/backups/b1", "ShowBackup"),  # a gateway prefix
    ("GET", "/v3/p1/backups", "ListBackups"),
    ("GET", "/v3/p1/backups/", "ListBackups"),  # a trailing slash is no empty id
    ("GET", "/v3/p1/backups?limit=1", "ListBackups"),
    ("GET", "/v3//p1/backups", "ListBackups"),
    ("DELETE", "/v3/p1/backups/b1", "DeleteBackup"),
    ("GET", "/v3/p1/backups/sync", "ShowBackup"),
    ("GET", "/v3/p%2F1/backups/b1", "ShowBackup"),
    ("PATCH", "/v3/p1/backups/b1", None),
    ("GET", "/v3/p1/backups/b1/extra/segments", None),
    ("GET", "/somewhere/else/entirely/x", None),
])
def test_routing(method: str, target: str, operation: str | None) -> None:
    route = Router(CBR).match(method, target)
    assert (route.operation if route else None) == operation


def test_literal_segments_win_over_parameters() -> None:
    doc = {"paths": {"/v1/{id}/items": {"get": {"operationId": "ByParam"}},
                     "/v1/all/items": {"get": {"operationId": "ByLiteral"}},
                     "/v1/{id}/{sub}": {"get": {"operationId": "Two"}}}}
    router = Router(doc)
    assert router.match("GET", "/v1/all/items").operation == "ByLiteral"  # type: ignore[union-attr]
    assert router.match("GET", "/v1/x/items").operation == "ByParam"  # type: ignore[union-attr]
    assert router.match("GET", "/v1/all/other").operation == "Two"  # type: ignore[union-attr]
    # An escaped literal is still that literal, not a parameter of a template of the same shape.
    assert router.match("GET", "/v1/%61ll/items").operation == "ByLiteral"  # type: ignore[union-attr]
    assert router.find("GET", "/v1/%61ll/other").operation == "Two"  # type: ignore[union-attr]


def test_an_escaped_literal_in_a_shipped_spec() -> None:
    router = Router(load_spec(ROOT / "spec" / "csbs.openapi.yaml"))
    for target in ("/v1/p1/checkpoint_items/count", "/v1/p1/checkpoint_items/%63ount"):
        assert router.match("GET", target).operation == "ListCount"  # type: ignore[union-attr]
    assert router.match("GET", "/v1/p1/checkpoint_items/c1").operation == "ShowCheckpointItem"  # type: ignore[union-attr]


def _captures(count: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        size: Any = rng.choice([40, 41, "40", None]) if rng.random() < 0.2 else rng.randrange(1000)
        status = rng.choice([200] * 20 + [404, 599])
        body = {"backup": {"id": f"b{i}", "resource_size": size}}
        target = rng.choice(["https://cbr.example.com/v3/p/backups/b", "/v3/p/backups/b", "/v3/p/unknown"])
        if rng.random() < 0.03:
            out.append(b"{broken\n")
            continue
        out.append(json.dumps({"method": "GET", "url": target, "status": status, "body": body}).encode() + b"\n")
    return b"".join(out)


@pytest.fixture(scope="module")
def captures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("captures") / "traffic.jsonl"
    path.write_bytes(_captures(6000))
    return path


def test_human_and_json_output_and_fail_on(captures: Path) -> None:
    human = subprocess.run([str(APIGEN), "validate", str(captures), "--spec", str(SPEC)], capture_output=True,
                           text=True, cwd=ROOT)
    assert human.returncode == 0, human.stderr
    first = human.stdout.splitlines()[0]
    assert first.startswith("6,000 captures: ")
    assert "ShowBackup 200 backup.resource_size:" in human.stdout and "the spec says integer" in human.stdout
    failing = subprocess.run([str(APIGEN), "validate", str(captures), "--spec", str(SPEC), "--format", "json",
                              "--fail-on", "invalid"], capture_output=True, text=True, cwd=ROOT)
    assert failing.returncode == 1
    report = json.loads(failing.stdout)
    assert set(report) == {"captures", "verdicts", "operations", "findings", "samples"}
    assert report["captures"] == 6000 == sum(report["verdicts"].values())
    assert all(v > 0 for v in report["verdicts"].values() if v != report["verdicts"]["too_large"])
    finding = next(f for f in report["findings"] if f["path"] == "backup.resource_size" and f["kind"] == "type")
    assert finding["expected"] == "integer" and set(finding["sent"]) == {"string", "null"}
    assert finding["sample"].startswith(f"{captures}:")
    cells = [re.split(r"\s{2,}", line.strip()) for line in human.stdout.splitlines()]  # columns: 2+ spaces
    header = next(c for c in cells if c[0] == "operation")
    row = dict(zip(header, next(c for c in cells if c[0] == "ShowBackup"), strict=True))
    assert header[1] == "captures" and {"valid", "invalid", "undeclared status"} <= set(header)
    by_verdict = report["operations"]["ShowBackup"]
    assert int(row["captures"].replace(",", "")) == sum(by_verdict.values())
    for verdict, count in by_verdict.items():
        assert int(row[verdict.replace("_", " ")].replace(",", "")) == count
    quiet = subprocess.run([str(APIGEN), "validate", str(captures), "--spec", str(SPEC), "--fail-on", "too_large"],
                           capture_output=True, cwd=ROOT)
    assert quiet.returncode == 0


def test_bad_usage_exits_2(captures: Path, tmp_path: Path) -> None:
    for args in (["--spec", str(SPEC), str(tmp_path / "missing.jsonl")],
                 ["--spec", str(tmp_path / "none.yaml"), str(captures)],
                 ["--spec", str(SPEC), "--operation", "NoSuchOperation", str(captures)],
                 ["--spec", str(SPEC), "--scheduler", "tcp://127.0.0.1:1", str(captures)]):
        result = subprocess.run([str(APIGEN), "validate", *args], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 2, (args, result.stdout)
        assert result.stderr.startswith("apigen: error:")


def test_two_processes_give_the_same_report_as_one(captures: Path) -> None:
    one = validate(CBR, plan([Input(str(captures), "jsonl")], 1))
    parts = plan([Input(str(captures), "jsonl")], 2)
    assert len(parts) > 1
    two = validate(CBR, parts, jobs=2)
    assert one.captures == 6000
    assert json.dumps(two.to_json()) == json.dumps(one.to_json())


def test_ranges_read_from_their_own_line_one_are_renumbered_when_they_merge(captures: Path) -> None:
    whole = validate(CBR, [Input(str(captures), "jsonl")])
    pieces = split_jsonl(str(captures), 9)
    assert len(pieces) == 9
    merged = validate(CBR, pieces)
    assert json.dumps(merged.to_json()) == json.dumps(whole.to_json())
    lines = captures.read_bytes().split(b"\n")
    kept = merged.samples["unparseable"]
    assert len(kept) == 20 and kept == sorted(kept)
    assert all(lines[place.line - 1] == b"{broken" for place, _ in kept)
    sample = next(f for f in merged.findings.values() if f.kind == "type").sample
    assert sample is not None
    assert not isinstance(json.loads(lines[sample.line - 1])["body"]["backup"]["resource_size"], int)


def test_ranges_of_two_files_merge_in_order_and_out_of_order_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(b"{broken\n" * 4)
    second.write_bytes(b"{broken\n" * 3)
    a, b = split_jsonl(str(first), 2), split_jsonl(str(second), 2)
    places = [str(place) for place, _ in validate(CBR, [*a, *b]).samples["unparseable"]]
    assert places == [f"{first}:{n}" for n in range(1, 5)] + [f"{second}:{n}" for n in range(1, 4)]
    with pytest.raises(ValueError, match="came before the range it follows"):
        validate(CBR, [a[1], a[0]])


def test_a_dask_cluster_on_loopback_gives_the_same_report(captures: Path, tmp_path: Path) -> None:
    """A real dask.distributed scheduler and two worker processes on 127.0.0.1: first a local cluster that
    apigen starts, then the same cluster reached by its scheduler address, as a remote one would be."""
    from dask.distributed import LocalCluster

    second = tmp_path / "more.jsonl.gz"
    import gzip

    second.write_bytes(gzip.compress(_captures(1500, seed=9)))
    inputs = [Input(str(captures), "jsonl"), Input(str(second), "jsonl")]
    single = validate(CBR, plan(inputs, 1)).to_json()
    assert single["captures"] == 7500
    started = validate_dask(CBR, plan(inputs, 2), workers=2).to_json()
    assert started == single
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        by_address = validate_dask(CBR, plan(inputs, 2), scheduler=cluster.scheduler_address).to_json()
    assert by_address == single


@pytest.mark.parametrize("name", ["cbr", "csbs", "elb"])
def test_the_literal_tables_find_what_the_trie_search_finds(name: str) -> None:
    """The fast lookup (literal segments per template shape) against the literal-first trie search, on
    every template of the spec with its parameters filled by ids and by other templates' literals."""
    from generator.validate.routes import _segments

    doc = load_spec(ROOT / "spec" / f"{name}.openapi.yaml")
    router, trie_only = Router(doc), Router(doc)
    trie_only._by_length = {}
    literals = sorted({s for t in doc["paths"] for s in _segments(t) if not s.startswith("{")})
    rng = random.Random(5)
    checked = 0
    for template in doc["paths"]:
        for method in ("GET", "POST", "PUT", "DELETE"):
            for _ in range(4):
                segments = [rng.choice([*literals, "x1", "x2"]) if s.startswith("{") else s
                            for s in _segments(template)]
                target = "https://h.example.com/" + "/".join(segments)
                assert router.find(method, target) == trie_only.find(method, target), target
                checked += 1
    assert checked > 100


def test_a_spec_whose_reference_leaves_it_is_refused_and_nothing_is_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("type: object\ndescription: SECRET-CONTENT\n", encoding="utf-8")
    doc = json.loads(json.dumps(CBR))
    doc["components"]["schemas"]["Leak"] = {"$ref": str(secret)}
    doc["components"]["schemas"]["Fetch"] = {"$ref": "http://127.0.0.1:9/x.json"}
    spec = tmp_path / "leaky.openapi.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    captures = tmp_path / "c.jsonl"
    captures.write_text('{"method": "GET", "url": "/v3/p/backups/b", "status": 200, "body": {}}\n', encoding="utf-8")
    done = subprocess.run([str(APIGEN), "validate", str(captures), "--spec", str(spec)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert "points outside the spec" in done.stderr and "(and 1 more)" in done.stderr
    assert "SECRET-CONTENT" not in done.stdout + done.stderr
