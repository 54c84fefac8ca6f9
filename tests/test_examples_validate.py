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
