"""The success status of an operation whose page names none in a table: a sentence of its status section, else
the status the service's status-code page names for its method (rule R3-success-status), on real pages."""

from __future__ import annotations

import json
from typing import Any

import yaml
from conftest import ROOT

from generator.classify import classify
from generator.extract import extract_pages, success_sentence_status
from generator.ir import Page
from generator.reconcile.responses import success_by_method
from generator.sources.detect import load

SOURCES = ROOT / "spec" / "sources"


def read(relative: str) -> list[Page]:
    doc = load(SOURCES / relative, f"spec/sources/{relative}")
    return extract_pages(doc, classify(doc))


def spec(service: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "spec" / f"{service}.openapi.yaml").read_text(encoding="utf-8"))
    return loaded


def test_a_success_sentence_names_the_operations_status() -> None:
    # elb_zq_hd_0007.html: "If the operation succeeds, 202 Accepted is returned." and no status table
    (page,) = read("elb/huawei/elb_zq_hd_0007.html")
    assert [(c.code, c.provenance.table) for c in page.status_codes] == [("202", "status code sentence")]
    assert list(spec("elb")["paths"]["/v2.0/lbaas/pools/{pool_id}/members"]["put"]["responses"])[:1] == ["202"]


def test_a_sentence_naming_a_range_and_examples_names_no_status() -> None:
    # DNS: "If a 2xx status code is returned, for example, 200, 202, or 204, the request is successful."
    assert success_sentence_status("If a 2xx status code is returned, for example, 200, 202, or 204, the request "
                                   "is successful.") is None
    assert success_sentence_status("接口正常的返回值为2xx，例如200、202或者204。") is None
    assert success_sentence_status("If the operation succeeds, 202 Accepted is returned.") == "202"
    (page,) = read("dns/otc/apis/tag_management/adding_resource_tags.rst")
    assert [c.code for c in page.status_codes if c.code[:1] == "2"] == []


def test_the_status_pages_name_the_success_status_of_each_method() -> None:
    # VPC's status-code pages: "204 No Content | ... for the DELETE operation", "DELETE操作正常返回"
    pages = read("vpc/otc/appendix/status_codes.rst") + read("vpc/huawei-zh/状态码.md")
    found = success_by_method(pages)
    assert found["DELETE"] == {"204": ("spec/sources/vpc/huawei-zh/状态码.md",
                                       "spec/sources/vpc/otc/appendix/status_codes.rst")}
    assert sorted(found["POST"]) == ["200", "201"]  # "GET, PUT, and POST", and "POST of the Neutron API"
    assert sorted(found["GET"]) == ["200"]


def test_an_operation_whose_pages_name_no_success_status_takes_the_status_pages() -> None:
    doc = spec("vpc")
    responses = doc["paths"]["/v1/{project_id}/vpcs/{vpc_id}"]["delete"]["responses"]
    assert "2XX" not in responses
    assert responses["204"] == {"$ref": "#/components/responses/Status204"}
    report = json.loads((ROOT / "spec" / "vpc.conflicts.json").read_text(encoding="utf-8"))
    decided = next(c for c in report["conflicts"] if c["rule"] == "R3-success-status"
                   and c["subject"].startswith("DELETE "))
    assert decided["decision"] == "204"
    assert "DeleteVpc" in decided["candidates"][1]["sources"]
    assert not any(g["subject"] == "DeleteVpc responses" for g in report["gaps"])


def test_where_no_page_names_the_status_the_range_stays_with_its_gap() -> None:
    # DNS's status page lists 200, 202, 204 without a method, and its tag pages name only the 2xx range
    doc = spec("dns")
    responses = doc["paths"]["/v2/{project_id}/{resource_type}/{resource_id}/tags"]["post"]["responses"]
    assert [s for s in responses if s[:1] == "2"] == ["2XX"]
    report = json.loads((ROOT / "spec" / "dns.conflicts.json").read_text(encoding="utf-8"))
    assert any("the spec says '2XX'" in g["what"] for g in report["gaps"])
