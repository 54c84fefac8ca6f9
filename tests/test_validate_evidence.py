"""The evidence loop: captured responses decide type disagreements between the docs (DESIGN.md rule 2),
and the conflicts report names the captures."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any

import pytest

from generator.emit.report import md_cell
from generator.pipeline import BuildResult, build_service
from generator.validate.captures import Input
from generator.validate.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
APIGEN = Path(sys.executable).parent / "apigen"
_PREFIX = "#/components/schemas/"


def capture_reaching(doc: dict[str, Any], schema: str, prop: str, value: Any) -> dict[str, Any]:
    """A capture of the first GET operation (by path) whose 200 response reaches `schema`, with `prop`
    set to `value`: the body is built along the shortest chain of properties and array items."""
    schemas = doc["components"]["schemas"]
    for template, item in sorted(doc["paths"].items()):
        op = item.get("get")
        media = ((op or {}).get("responses", {}).get("200", {}).get("content") or {}).get("application/json")
        if not media or "$ref" not in media.get("schema", {}):
            continue
        start = media["schema"]["$ref"][len(_PREFIX):]
        queue: deque[tuple[str, list[tuple[str, bool]]]] = deque([(start, [])])
        seen = {start}
        while queue:
            name, chain = queue.popleft()
            if name == schema:
                body: Any = {prop: value}
                for key, is_array in reversed(chain):
                    body = {key: [body] if is_array else body}
                url = "https://api.example.com" + "/".join(s if not s.startswith("{") else "x1"
                                                            for s in template.split("/"))
                return {"method": "GET", "url": url, "status": 200, "body": body}
            for key, sub in (schemas[name].get("properties") or {}).items():
                is_array = sub.get("type") == "array"
                ref = (sub.get("items") if is_array else sub).get("$ref", "")
                target = ref[len(_PREFIX):]
                if ref.startswith(_PREFIX) and target not in seen:
                    seen.add(target)
                    queue.append((target, [*chain, (key, is_array)]))
    raise AssertionError(f"no GET operation reaches {schema}")


def conflict(result: BuildResult, cid: str) -> dict[str, Any]:
    report = json.loads(result.outputs[f"{result.service}.conflicts.json"])
    return next(c for c in report["conflicts"] if c["id"] == cid)


@pytest.fixture(scope="module")
def cbr_doc() -> dict[str, Any]:
    return load_spec(ROOT / "spec" / "cbr.openapi.yaml")


def test_captures_decide_an_unresolved_type_and_are_named_as_the_evidence(tmp_path: Path,
                                                                          cbr_doc: dict[str, Any]) -> None:
    before = conflict(build_service(ROOT, "cbr"), "type:BackupExtendInfo.os_images_data")
    assert before["status"] == "unresolved"
    sent = capture_reaching(cbr_doc, "BackupExtendInfo", "os_images_data", ["img-1", "img-2"])
    path = tmp_path / "traffic.jsonl"
    path.write_text("\n".join(json.dumps(sent) for _ in range(3)) + "\n")
    result = build_service(ROOT, "cbr", evidence=[Input(str(path), "jsonl")])
    assert not result.errors and result.evidence is not None and result.evidence.captures == 3
    after = conflict(result, "type:BackupExtendInfo.os_images_data")
    assert after["status"] == "resolved" and after["rule"] == "R2-capture-type"
    assert after["decision"] == "array of string, as the captures send"
    assert after["candidates"][-1] == {"value": "array (3): 3 captured responses", "sources": [f"{path}:1"]}
    assert result.decided_by_evidence == 1
    spec = result.outputs["cbr.openapi.yaml"]
    assert spec != build_service(ROOT, "cbr").outputs["cbr.openapi.yaml"]


def test_captures_that_fit_every_candidate_or_none_decide_nothing(tmp_path: Path, cbr_doc: dict[str, Any]) -> None:
    path = tmp_path / "traffic.jsonl"
    lines = [capture_reaching(cbr_doc, "BackupExtendInfo", "os_images_data", []),  # fits both arrays
             capture_reaching(cbr_doc, "CheckpointResourceResp", "extra_info", 12)]  # fits neither
    path.write_text("\n".join(json.dumps(c) for c in lines) + "\n")
    result = build_service(ROOT, "cbr", evidence=[Input(str(path), "jsonl")])
    assert result.evidence is not None and result.evidence.captures == 2
    assert result.decided_by_evidence == 0
    assert conflict(result, "type:BackupExtendInfo.os_images_data")["status"] == "unresolved"
    assert conflict(result, "type:CheckpointResourceResp.extra_info")["status"] == "unresolved"


def test_apigen_build_evidence_on_the_command_line(tmp_path: Path, cbr_doc: dict[str, Any]) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "spec", project / "spec")
    sent = capture_reaching(cbr_doc, "CheckpointResourceResp", "extra_info", {"retention_duration": 3})
    path = tmp_path / "traffic.jsonl"
    path.write_text(json.dumps(sent) + "\n")
    result = subprocess.run([str(APIGEN), "build", "--root", str(project), "--service", "cbr", "--evidence",
                             str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "evidence: 1 captures routed to cbr; 1 type conflict(s) decided by them" in result.stdout
    report = (project / "spec" / "cbr.conflicts.md").read_text()
    assert "R2-capture-type" in report and md_cell(f"{path}:1") in report
    missing = subprocess.run([str(APIGEN), "build", "--root", str(project), "--evidence", str(tmp_path / "nope")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_apigen_check_takes_the_evidence_the_spec_was_built_with(tmp_path: Path, cbr_doc: dict[str, Any]) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "spec", project / "spec")
    shutil.copytree(ROOT / "generated", project / "generated")
    sent = capture_reaching(cbr_doc, "BackupExtendInfo", "os_images_data", ["img-1"])
    path = tmp_path / "traffic.jsonl"
    path.write_text(json.dumps(sent) + "\n")
    for args in (["build", "--service", "cbr", "--evidence", str(path)], ["generate", "--service", "cbr"]):
        done = subprocess.run([str(APIGEN), *args, "--root", str(project)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    without = subprocess.run([str(APIGEN), "check", "--root", str(project), "--service", "cbr"],
                             capture_output=True, text=True)
    assert without.returncode == 1
    assert "spec/ of cbr was built with --evidence" in without.stderr
    given = subprocess.run([str(APIGEN), "check", "--root", str(project), "--service", "cbr", "--evidence",
                            str(path)], capture_output=True, text=True)
    assert given.returncode == 0, given.stderr
    assert "up to date" in given.stdout
