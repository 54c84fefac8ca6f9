"""Every page of a whole reference gets a class from its content: operation, shared definition, or a page that
documents no operation (with what it is). Real pages from the imported references."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from test_bad_input import APIGEN

from generator.classify import classify
from generator.errors import ApigenError
from generator.extract import extract_pages, fills
from generator.sources.detect import load

SOURCES = ROOT / "spec" / "sources"


def classified(relative: str) -> tuple[str, str, str]:
    page_class = classify(load(SOURCES / relative, relative))
    return page_class.kind, page_class.category, page_class.evidence


@pytest.mark.parametrize(
    ("page", "kind", "category"),
    [
        ("kms/otc/apis/key_management_service/cmk_management/creating_a_cmk.rst", "operation", "operation"),
        # "GET/" with no space: still a request line
        ("nat/otc/apis_for_public_nat_gateways_v2.0/api_version/querying_all_api_versions.rst", "operation",
         "operation"),
        ("kms/otc/appendix/status_codes.rst", "shared", "status codes"),
        ("kms/otc/appendix/error_code.rst", "shared", "error codes"),
        # a status-code page whose column says "Returned Value"
        ("dns/otc/appendix/status_code.rst", "shared", "status codes"),
        ("dns/otc/appendix/data_structure.rst", "shared", "data structures"),
        ("kms/otc/change_history.rst", "none", "change history"),
        ("kms/otc/permissions_policies_and_supported_actions/encryption_key_management.rst", "none", "permissions"),
        ("kms/otc/apis/index.rst", "none", "index"),
        ("kms/otc/api_usage_guidelines.rst", "none", "guide"),
        # a how-to that names another service's request line inside a sentence documents no operation
        ("dns/otc/appendix/obtaining_a_project_id.rst", "none", "guide"),
        ("elb/huawei/elb_dx_0000.html", "none", "index"),
    ],
)
def test_a_page_is_classified_by_what_it_holds(page: str, kind: str, category: str) -> None:
    assert classified(page)[:2] == (kind, category)


def test_the_class_says_what_decided_it() -> None:
    assert classified("kms/otc/apis/key_management_service/cmk_management/creating_a_cmk.rst")[2] == (
        "request line POST /v1.0/{project_id}/kms/create-key at line 22")
    assert classified("kms/otc/appendix/error_code.rst")[2].startswith("table at line 8: Status Code | Error Code")


def test_a_page_that_documents_no_operation_gives_no_page_and_a_shared_one_gives_its_tables() -> None:
    index = load(SOURCES / "kms/otc/apis/index.rst")
    assert extract_pages(index, classify(index)) == []
    shared = load(SOURCES / "dns/otc/appendix/data_structure.rst")
    (page,) = extract_pages(shared, classify(shared))
    assert page.kind == "appendix" and not page.method
    assert {t.name for t in page.tables} >= {"links", "tag", "routers", "alias_target"}


def test_the_request_line_query_string_gives_query_parameters_not_a_path() -> None:
    path = SOURCES / "dns/otc/apis/public_zone_management/querying_public_zones.rst"
    doc = load(path)
    (page,) = extract_pages(doc, classify(doc))
    assert page.path == "/v2/zones"
    query = {f.name for t in page.tables if t.role == "query" for f in t.fields}
    assert {"type", "limit", "marker", "offset", "tags", "name", "status"} <= query


def test_request_lines_of_one_operation_with_other_queries_are_one_operation() -> None:
    path = (SOURCES / "ims/otc/native_openstack_apis/image_native_openstack_apis"
            / "querying_images_native_openstack_api.rst")
    doc = load(path)
    pages = extract_pages(doc, classify(doc))
    assert [(p.method, p.path) for p in pages] == [("GET", "/v2/images")]
    query = {f.name for t in pages[0].tables if t.role == "query" for f in t.fields}
    assert {"__imagetype", "visibility", "member_status", "owner"} <= query


def test_an_example_request_line_under_the_uri_heading_is_no_second_operation() -> None:
    # "GET /v1/{project_id}/fl/flow_logs", then "Example:" and a code block with the project id filled in
    doc = load(SOURCES / "vpc/otc/vpc_apis_v1_v2/vpc_flow_log/querying_vpc_flow_logs.rst")
    pages = extract_pages(doc, classify(doc))
    assert [(p.method, p.path) for p in pages] == [("GET", "/v1/{project_id}/fl/flow_logs")]


@pytest.mark.parametrize(("template", "path", "filled"), [
    ("/v1/{project_id}/fl/flow_logs", "/v1/b2782e6708b8475c993e6064bc456bf8/fl/flow_logs", True),
    ("/v2/{project_id}/servers/{server_id}", "/v2/0123abcd/servers/9f1e-77", True),
    ("/v2/{project_id}/os-vendor-tags/{resource_type}", "/v2/{project_id}/os-vendor-tags/volumes", False),
    ("/v2/{project_id}/servers/{server_id}", "/v2/{project_id}/servers/detail", False),  # another resource
    ("/v2/{project_id}/servers/{server_id}", "/v2/0123abcd/servers/detail", False),  # a word is no value
    ("/v1/parts/", "/v1/parts", False),  # a trailing slash: no parameter filled
    ("/v1/parts", "/v1/parts/", False),
    ("/v1/{project_id}/fl/flow_logs", "/v1/{project_id}/fl/flow_logs", False),  # the same line
    ("/v1/{project_id}/ports", "/v1/{project_id}/networks", False),  # another literal segment
    ("/v1/{project_id}/ports", "/v1/{project_id}/ports/{port_id}", False),  # another length
    ("/v1/{project_id}/ports/{port_id}", "/v1/{project_id}/ports/{id}", False),  # a parameter, renamed
    ("/v1/ports", "/v1/{project_id}", False),  # a parameter where the template has a literal
])
def test_a_path_fills_a_template_only_with_values_in_its_parameters(template: str, path: str, filled: bool) -> None:
    assert fills(template, path) is filled


def test_coverage_counts_every_page_by_class() -> None:
    coverage = json.loads((ROOT / "spec" / "kms.coverage.json").read_text(encoding="utf-8"))
    totals = coverage["totals"]
    assert totals["pages"] == len(list((SOURCES / "kms").rglob("*.rst")))
    assert totals["pages"] == sum(totals["pages_by_class"].values()) + totals["pages_failed"]
    assert totals["pages_by_class"]["none: change history"] == 1
    entry = next(p for p in coverage["pages"] if p["source"].endswith("kms/otc/change_history.rst"))
    assert (entry["class"], entry["category"]) == ("none", "change history")


def test_import_copies_every_page_and_writes_a_service_skeleton(tmp_path: Path) -> None:
    reference = SOURCES / "kms" / "otc"
    done = subprocess.run([APIGEN, "import", str(reference), "--service", "keys", "--into", "otc", "--root",
                           str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    copied = sorted(p.relative_to(tmp_path / "spec/sources/keys/otc") for p in (tmp_path / "spec/sources/keys/otc")
                    .rglob("*.rst"))
    assert copied == sorted(p.relative_to(reference) for p in reference.rglob("*.rst"))
    skeleton = (tmp_path / "spec/sources/keys/service.yaml").read_text(encoding="utf-8")
    assert "title: Key Management Service API" in skeleton
    assert "41 operation" in done.stdout and "1 none: change history" in done.stdout
    built = subprocess.run([APIGEN, "build", "--root", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "spec" / "keys.openapi.yaml").is_file()


@pytest.mark.parametrize(("page", "line"), [
    # the request line in a code block under the URI heading
    ("modelarts/huawei/modelarts_03_0089.html", "DELETE /v1/{project_id}/services/{service_id}"),
    # the request line as bare text of a <div class="p"> that also holds the parameter table
    ("modelarts/huawei/modelarts_03_0201.html", "GET /v1/{project_id}/clusters"),
])
def test_a_request_line_outside_a_paragraph_still_makes_an_operation_page(page: str, line: str) -> None:
    kind, _, evidence = classified(page)
    assert kind == "operation" and evidence.startswith(f"request line {line} ")


def test_an_operation_page_whose_uri_section_states_no_request_line_fails_never_passes_for_shared(
        tmp_path: Path) -> None:
    page = tmp_path / "lost_line.rst"
    page.write_text("Deleting a Zone\n===============\n\nURI\n---\n\nThe zone is deleted.\n\n"
                    ".. table:: **Table 1** Parameters\n\n   ========= ====== ===========\n"
                    "   Parameter Type   Description\n   ========= ====== ===========\n"
                    "   zone_id   String Zone ID\n   ========= ====== ===========\n", encoding="utf-8")
    doc = load(page, "lost_line.rst")
    page_class = classify(doc)
    assert page_class.kind == "operation" and "states no request line" in page_class.evidence
    with pytest.raises(ApigenError) as caught:
        extract_pages(doc, page_class)
    assert "an operation page with no request line" in caught.value.message


def test_a_page_of_common_parameters_with_request_sections_is_a_shared_definition() -> None:
    # pagination.rst: Function, Request Parameters (limit, marker, page_reverse), Example Request; no URI
    assert classified("vpc/otc/native_openstack_neutron_apis_v2.0/api_version_information/pagination.rst")[:2] == (
        "shared", "data structures")


def test_import_never_replaces_the_service_folder_nor_copies_pages_onto_themselves(tmp_path: Path) -> None:
    reference = SOURCES / "kms" / "otc"
    first = subprocess.run([APIGEN, "import", str(reference), "--service", "keys", "--into", "otc", "--root",
                            str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    config = tmp_path / "spec/sources/keys/service.yaml"
    config.write_text("title: Reviewed title\n", encoding="utf-8")
    stale = tmp_path / "spec/sources/keys/otc/removed_by_the_vendor.rst"
    stale.write_text("Gone\n====\n", encoding="utf-8")
    for into in (".", "", "otc/.."):
        refused = subprocess.run([APIGEN, "import", str(reference), "--service", "keys", "--into", into, "--root",
                                  str(tmp_path)], capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2 and "names a folder inside the service folder" in refused.stderr
    onto = subprocess.run([APIGEN, "import", str(tmp_path / "spec/sources/keys/otc"), "--service", "keys", "--into",
                           "otc", "--root", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert onto.returncode == 2 and "copied onto themselves" in onto.stderr
    assert "Traceback" not in onto.stderr and stale.exists()
    again = subprocess.run([APIGEN, "import", str(reference), "--service", "keys", "--into", "otc", "--root",
                            str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0
    assert config.read_text(encoding="utf-8") == "title: Reviewed title\n"  # a reviewed service.yaml is kept
    assert not stale.exists()  # a re-import replaces the pages: what the vendor removed goes
