"""What client generators refuse or merge: names that differ only by punctuation, media type headers."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator.pipeline import BuildResult, build_service


@pytest.fixture(scope="module")
def csbs() -> BuildResult:
    return build_service(ROOT, "csbs")


@pytest.fixture(scope="module")
def evs() -> BuildResult:
    return build_service(ROOT, "evs")


def spec_of(result: BuildResult, service: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(result.outputs[f"{service}.openapi.yaml"])
    return loaded


def test_colliding_schemas_are_renamed_with_a_number_not_an_underscore(csbs: BuildResult) -> None:
    names = list(spec_of(csbs, "csbs")["components"]["schemas"])
    # openapi-python-client and OpenAPI Generator make class names of letters and digits only
    folded = [re.sub(r"[^0-9a-z]", "", n.lower()) for n in names]
    assert len(set(folded)) == len(folded)
    assert "CreateRestoreRestoreVolumeMapping" in names and "CreateRestoreRestoreVolumeMapping2" in names
    assert not [n for n in names if n.endswith("_")]


def test_a_content_type_header_is_a_gap_not_a_parameter(evs: BuildResult) -> None:
    operation = spec_of(evs, "evs")["paths"]["/v2/{project_id}/os-vendor-tags/{resource_type}/{resource_id}"]["put"]
    headers = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "header"]
    assert "Content-Type" not in headers
    gaps = json.loads(evs.outputs["evs.conflicts.json"])["gaps"]
    assert any(g["subject"].endswith("header parameter Content-Type") and "media type" in g["what"] for g in gaps)


@pytest.fixture(scope="module")
def ims() -> BuildResult:
    return build_service(ROOT, "ims")


def test_head_and_204_answers_declare_no_body_and_the_report_says_why(ims: BuildResult) -> None:
    paths = spec_of(ims, "ims")["paths"]
    assert all("content" not in r for r in paths["/v1/images/{image_id}"]["head"]["responses"].values())
    conflicts = json.loads(ims.outputs["ims.conflicts.json"])["conflicts"]
    decided = [c for c in conflicts if c["rule"] == "R2-bodiless-answer"]
    # (DELETE /v2/images/{image_id} once showed a 204 "body" here: its request example {"delete_backup": true},
    # taken for a response while the page's DELETE was read as bodyless; it is the request body now.)
    assert [c["subject"] for c in decided] == ["HeadImage response 200"]
    assert decided[0]["decision"] == "no body declared; the documented fields stay in schema HeadImageResponse"
    assert "HeadImageResponse" in spec_of(ims, "ims")["components"]["schemas"]


def test_an_empty_key_only_an_example_shows_is_reported_not_a_field() -> None:
    elb = build_service(ROOT, "elb")
    schema = spec_of(elb, "elb")["components"]["schemas"]["ListListenersV2Listeners"]
    assert "" not in schema["properties"] and "tls_ciphers_policy" in schema["properties"]
    conflicts = json.loads(elb.outputs["elb.conflicts.json"])["conflicts"]
    nameless = [c for c in conflicts if c["rule"] == "R2-example-nameless"]
    assert [c["decision"] for c in nameless if c["kind"] == "presence"] == ["not added as a field"]
    # the example that sends it is set aside, decided by the same rule: its only fault is that key
    assert [(c["id"], c["status"]) for c in nameless if c["kind"] == "example-invalid"] == [
        ("example-invalid:CreateListenerV2 200 elb_zq_jt_0001-line540 listener", "resolved")]


def test_an_example_key_with_blanks_around_a_field_is_reported_not_a_field() -> None:
    nat = build_service(ROOT, "nat")  # Huawei's Chinese example prints "floating_ip_address " beside the field
    schema = spec_of(nat, "nat")["components"]["schemas"]["DnatRule"]
    assert "floating_ip_address " not in schema["properties"] and "floating_ip_address" in schema["properties"]
    conflicts = json.loads(nat.outputs["nat.conflicts.json"])["conflicts"]
    slips = [c for c in conflicts if c["rule"] == "R2-example-nameless" and c["subject"].startswith("DnatRule ")]
    assert [c["candidates"][1]["value"] for c in slips] == [
        "blanks around the key 'floating_ip_address', which the body has"]
