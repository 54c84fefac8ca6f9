"""Whole builds: valid OpenAPI, deterministic bytes, the committed outputs, --strict and overrides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, SERVICES
from openapi_spec_validator import validate

from generator.codegen.names import package_name
from generator.pipeline import build_service, write_outputs


@pytest.mark.parametrize("service", ["cbr", "csbs"])
def test_spec_validates_with_openapi_spec_validator(built: Any, service: str) -> None:
    doc = yaml.safe_load(built[service].outputs[f"{service}.openapi.yaml"])
    assert doc["openapi"] == "3.1.0"
    validate(doc)


@pytest.mark.parametrize("service", ["cbr", "csbs"])
def test_same_inputs_give_the_same_bytes(project: Path, service: str) -> None:
    first = build_service(project, service).outputs
    second = build_service(project, service).outputs
    assert first and first == second


@pytest.mark.parametrize("service", SERVICES)
def test_committed_outputs_are_what_the_build_makes(corpus_built: Any, service: str) -> None:
    # spec/ is the golden record: a change to the pipeline shows up as a reviewable diff there.
    assert not corpus_built[service].errors
    for name, text in corpus_built[service].outputs.items():
        committed = (ROOT / "spec" / name).read_text(encoding="utf-8")
        assert committed == text, f"spec/{name} is stale: run `apigen build`"


def test_write_is_all_or_nothing(tmp_path: Path) -> None:
    written = write_outputs(tmp_path, {"a.yaml": "a: 1\n", "b.json": "{}\n"})
    assert [p.name for p in written] == ["a.yaml", "b.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.json"]  # no temporary files left


def overlay(actions: list[dict[str, Any]]) -> str:
    return yaml.safe_dump({"overlay": "1.0.0", "info": {"title": "decisions", "version": "1"}, "actions": actions})


def test_a_persons_decision_resolves_a_conflict_and_the_report_says_so(project: Path) -> None:
    target = "$.components.schemas.BackupExtendInfo.properties.os_images_data"
    before = build_service(project, "cbr").unresolved
    (project / "spec" / "overrides").mkdir(exist_ok=True)
    (project / "spec" / "overrides" / "cbr.yaml").write_text(overlay([
        {"target": target + ".anyOf", "remove": True},
        {"target": target, "update": {"type": "array", "items": {"$ref": "#/components/schemas/ImageData"}},
         "description": "CSBS v1 documents image_data objects for the same field",
         "x-apigen-decides": "type:BackupExtendInfo.os_images_data", "x-apigen-reviewed-by": "A. Reviewer"},
    ]), encoding="utf-8")
    result = build_service(project, "cbr")
    assert not result.errors
    report = json.loads(result.outputs["cbr.conflicts.json"])
    c = next(c for c in report["conflicts"] if c["id"] == "type:BackupExtendInfo.os_images_data")
    assert (c["status"], c["rule"], c["decided_by"]) == ("resolved", "R1-override", "A. Reviewer")
    assert c["decision"] == "CSBS v1 documents image_data objects for the same field"
    assert "decided by A. Reviewer" in result.outputs["cbr.conflicts.md"]
    spec = yaml.safe_load(result.outputs["cbr.openapi.yaml"])
    images = spec["components"]["schemas"]["BackupExtendInfo"]["properties"]["os_images_data"]
    assert "anyOf" not in images and images["items"] == {"$ref": "#/components/schemas/ImageData"}
    assert "type:BackupExtendInfo.os_images_data" not in spec["x-apigen"]["unresolved"]
    assert result.unresolved == before - 1


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"target": "$.components.schemas.NoSuchSchema", "update": {"type": "object"}}, "matches nothing"),
        ({"target": "$.info", "update": {"title": "x"}, "x-apigen-decides": "type:Gone.field",
          "x-apigen-reviewed-by": "A. Reviewer"}, "does not have"),
        ({"target": "$.info", "update": {"title": "x"}, "x-apigen-decides": "type:BackupExtendInfo.os_images_data"},
         "x-apigen-reviewed-by"),
        ({"target": "$[", "update": {}}, "bad JSONPath"),
    ],
)
def test_a_stale_or_malformed_decision_is_an_error_naming_the_action(project: Path, action: dict[str, Any],
                                                                     message: str) -> None:
    (project / "spec" / "overrides").mkdir(exist_ok=True)
    (project / "spec" / "overrides" / "cbr.yaml").write_text(overlay([action]), encoding="utf-8")
    result = build_service(project, "cbr")
    assert result.outputs == {}
    (error,) = result.errors
    assert error.file == "spec/overrides/cbr.yaml" and error.place == "actions[0]"
    assert message in error.message


def test_a_decision_on_what_a_left_out_page_held_is_listed_not_applied_and_the_spec_still_written(
        project: Path) -> None:
    target = "$.components.schemas.BackupExtendInfo.properties.os_images_data"
    (project / "spec" / "overrides").mkdir(exist_ok=True)
    (project / "spec" / "overrides" / "cbr.yaml").write_text(overlay([
        {"target": target, "update": {"description": "decided"}, "x-apigen-decides":
         "type:BackupExtendInfo.os_images_data", "x-apigen-reviewed-by": "A. Reviewer"}]), encoding="utf-8")
    # the Chinese backup page is unreadable: the zh/en disagreement the decision settles is gone with it
    (project / "spec" / "sources" / "cbr" / "003_413dbb0f8611b702.txt").write_bytes(b"\xff\xfe broken")
    result = build_service(project, "cbr")
    assert not result.errors and result.outputs
    files = sorted(p.file for p in result.problems)
    assert files == ["spec/overrides/cbr.yaml", "spec/sources/cbr/003_413dbb0f8611b702.txt"]
    decision = next(p for p in result.problems if p.file == "spec/overrides/cbr.yaml")
    assert decision.message.startswith("not applied, pages being left out:")


def test_every_operation_sends_the_token_service_yaml_declares_and_no_credential_is_a_parameter() -> None:
    credential = ("x-auth-token", "authorization", "x-security-token", "x-subject-token", "x-sdk-date")
    for service in SERVICES:
        doc = yaml.safe_load((ROOT / "spec" / f"{service}.openapi.yaml").read_text(encoding="utf-8"))
        schemes = doc["components"]["securitySchemes"]
        assert schemes["XAuthToken"] == {**schemes["XAuthToken"], "type": "apiKey", "in": "header",
                                         "name": "X-Auth-Token"}, service
        for path, item in doc["paths"].items():
            for method, op in item.items():
                assert {"XAuthToken": []} in op["security"], f"{service} {method} {path}"
                names = [p["name"].lower() for p in op.get("parameters", [])]
                assert not set(names) & set(credential), f"{service} {method} {path}: {names}"
        client = (ROOT / "generated" / package_name(service) / "client.py").read_text(encoding="utf-8")
        assert 'TOKEN_HEADER: str | None = "X-Auth-Token"' in client, service


def test_a_malformed_auth_declaration_is_an_error_naming_service_yaml(project: Path) -> None:
    config = project / "spec" / "sources" / "cbr" / "service.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("token_header: X-Auth-Token",
                                                                  "token_header: 'X-Auth-Token: evil'"),
                      encoding="utf-8")
    (error,) = build_service(project, "cbr").errors
    assert (error.file, error.place) == ("spec/sources/cbr/service.yaml", "auth")
