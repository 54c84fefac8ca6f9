"""Every example in every source validates against the emitted schemas (JSON Schema 2020-12),
checked here independently of the build's own check."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import ROOT, page_of
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.pipeline import closed_spec

CASES = [("cbr", "000"), ("cbr", "001"), ("cbr", "003"), ("cbr", "004"), ("csbs", "002")]


def response_validator(spec: dict[str, Any], path: str, method: str, status: str) -> Draft202012Validator:
    ref = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]
    registry: Registry[Any] = Registry().with_resource("urn:spec", Resource.from_contents(spec, DRAFT202012))
    return Draft202012Validator({"$ref": "urn:spec" + ref}, registry=registry)


@pytest.mark.parametrize(("service", "seed"), CASES)
def test_every_seed_example_validates(built: Any, service: str, seed: str) -> None:
    spec = yaml.safe_load(built[service].outputs[f"{service}.openapi.yaml"])
    page = page_of(seed)
    examples = [e for e in page.examples if e.parsed and e.kind == "response"]
    assert examples, f"seed {seed} has a response example"
    for example in examples:
        validator = response_validator(spec, page.path, page.method.lower(), example.status or "200")
        errors = [e.message for e in validator.iter_errors(example.body)]
        assert errors == [], f"{example.provenance.cite()}: {errors}"


def test_the_check_can_fail() -> None:
    spec = yaml.safe_load((ROOT / "spec" / "cbr.openapi.yaml").read_text(encoding="utf-8"))
    validator = response_validator(spec, "/v3/{project_id}/backups/{backup_id}", "get", "200")
    assert list(validator.iter_errors({"backup": {"resource_size": "40"}}))
    assert list(validator.iter_errors({"backup": {"status": "no-such-status"}}))


def test_no_example_is_reported_invalid(built: Any) -> None:
    for service in ("cbr", "csbs"):
        report = yaml.safe_load(built[service].outputs[f"{service}.conflicts.json"])
        assert "example-invalid" not in report["summary"]["by_kind"]


def test_an_example_key_its_schema_does_not_list_sets_the_example_aside() -> None:
    # the Chinese VPC page 查询安全组.md prints `"enterprise_project_id ": "0"` (a blank inside the quotes)
    # beside the field; the key is a slip (R2-example-nameless), no field, so the example is no example of
    # the schema: it moves under x-apigen-invalid-examples, decided by the rule that read the key as a slip
    spec = yaml.safe_load((ROOT / "spec" / "vpc.openapi.yaml").read_text(encoding="utf-8"))
    media = spec["paths"]["/v1/{project_id}/security-groups/{security_group_id}"]["get"]["responses"]["200"][
        "content"]["application/json"]
    assert "查询安全组-line239" in media["x-apigen-invalid-examples"]
    assert "查询安全组-line239" not in media.get("examples", {})
    report = yaml.safe_load((ROOT / "spec" / "vpc.conflicts.json").read_text(encoding="utf-8"))
    found = next(c for c in report["conflicts"]
                 if c["id"] == "example-invalid:ShowSecurityGroup 200 查询安全组-line239 security_group")
    assert (found["rule"], found["status"]) == ("R2-example-nameless", "resolved")
    assert "'enterprise_project_id ' was unexpected" in found["candidates"][0]["value"]
    assert "presence:SecurityGroup example key 'enterprise_project_id '" in found["decision"]


def test_an_error_example_of_another_body_is_set_aside() -> None:
    # EVS's page says the `error` key stands for badRequest, itemNotFound, ... and prints {"badRequest": {...}}:
    # the shared body {error} does not list it, so the example is set aside, the `error` one kept
    spec = yaml.safe_load((ROOT / "spec" / "evs.openapi.yaml").read_text(encoding="utf-8"))
    media = spec["paths"]["/v3/{project_id}/volumes/summary"]["get"]["responses"]["default"]["content"][
        "application/json"]
    assert list(media["examples"]) == ["querying_summary_information_of_evs_disks-line78"]
    assert list(media["x-apigen-invalid-examples"]) == ["querying_summary_information_of_evs_disks-line89"]


def test_a_closed_schema_admits_its_fields_and_no_other_key() -> None:
    spec = yaml.safe_load((ROOT / "spec" / "vpc.openapi.yaml").read_text(encoding="utf-8"))
    closed = closed_spec(spec)
    registry: Registry[Any] = Registry().with_resource("urn:spec", Resource.from_contents(closed, DRAFT202012))
    validator = Draft202012Validator({"$ref": "urn:spec#/components/schemas/ErrorResponse"}, registry=registry)
    assert not list(validator.iter_errors({"code": "VPC.0002", "message": "m"}))
    assert [e.validator for e in validator.iter_errors({"code": "VPC.0002", "mesage": "m"})] == [
        "unevaluatedProperties"]
    # the spec itself stays open: the closing is for checking examples only
    assert "unevaluatedProperties" not in spec["components"]["schemas"]["ErrorResponse"]
