"""Two different tables one page gives one name, told apart by the link that names each (bind.py).

AS prints two `metadata` tables on its AS configuration pages: "metadata Field Description for Creating Disks"
(the disk's encryption: __system__encrypted, __system__cmkid) and "metadata field description" (the server's:
admin_pass); `instance_config.metadata` links the one, `disk.metadata` the other. "Querying an AS configuration"
prints only the server's and links the list page's tables for both. EVS's job status page prints two `entities`
tables (the job's and each sub-job's); IMS "制作镜像" two `data_images`, named by number ("详情请参见表2"). The
negative cases keep what the names say: a cell linking both namesakes (ELB members), a link to another page that
cannot be followed (the page read alone)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from conftest import build_pages

from generator.bind import bind_nested_tables, bind_pages
from generator.classify import classify
from generator.extract import extract_pages
from generator.ir import PLACE_MARK, Page, Table, given_name, placed_name
from generator.sources.detect import load

SOURCES = Path(__file__).resolve().parents[1] / "spec" / "sources"
CONFIGS = "as/otc/apis/as_configurations/"
REF = "#/components/schemas/"
DISK_METADATA = ("__system__encrypted", "__system__cmkid")


def read(relative: str) -> Page:
    doc = load(SOURCES / relative, relative)
    (page,) = extract_pages(doc, classify(doc))
    return page


def target_of(page: Page, table_label: str, field_name: str) -> Table:
    """The object table the field of the labelled table refers to, as the merge finds it (by name and scope)."""
    holder = next(t for t in page.tables if t.label.startswith(table_label))
    ref = next(f for f in holder.fields if f.name == field_name).type.referenced_name()
    return next(t for t in page.tables if t.role == "object" and t.name == ref
                and (t.section, t.status) == (holder.section, holder.status))


def field_names(table: Table) -> tuple[str, ...]:
    return tuple(f.name for f in table.fields)


def test_a_place_told_name_gives_back_the_name_the_page_gives() -> None:
    name = placed_name("metadata", "as-06-0202-table6119722495435")
    assert name == f"metadata{PLACE_MARK}as-06-0202-table6119722495435"
    assert given_name(name) == "metadata" and given_name("metadata") == "metadata"


def test_two_tables_of_one_name_on_a_page_bind_to_the_fields_that_link_each() -> None:
    page = bind_nested_tables(read(f"{CONFIGS}querying_as_configurations.rst"))
    disk = target_of(page, "Table 5 ", "metadata")
    server = target_of(page, "Table 4 ", "metadata")
    assert field_names(disk) == DISK_METADATA and disk.label.startswith("Table 6 ")
    assert field_names(server) == ("admin_pass",) and server.label.startswith("Table 11 ")
    # the first of the namesakes keeps the page's name, the later one is told apart by its anchor
    assert disk.name == "metadata"
    assert server.name == placed_name("metadata", "as-06-0202-table6119722495435") and server.binding == "link"


def test_a_link_to_another_pages_namesake_brings_it_where_the_pages_own_table_differs() -> None:
    # "Querying an AS configuration" prints the server's metadata only; its disk.metadata links the list page's
    # disk metadata table, its instance_config.metadata the list page's server metadata (which it prints too)
    pages = [read(f"{CONFIGS}querying_an_as_configuration.rst"), read(f"{CONFIGS}querying_as_configurations.rst")]
    page = bind_pages(pages)[0]
    disk = target_of(page, "Table 5 ", "metadata")
    server = target_of(page, "Table 4 ", "metadata")
    assert field_names(disk) == DISK_METADATA
    assert disk.provenance.file == f"{CONFIGS}querying_as_configurations.rst"
    assert disk.name == placed_name("metadata", "as-06-0202-table17912164981110")
    assert server.provenance.file == f"{CONFIGS}querying_an_as_configuration.rst"  # its own Table 10, no copy
    assert server.label.startswith("Table 10 ") and server.name == "metadata"


def test_a_page_read_alone_whose_links_lead_elsewhere_keeps_what_the_name_says() -> None:
    page = bind_nested_tables(read(f"{CONFIGS}querying_an_as_configuration.rst"))
    assert target_of(page, "Table 5 ", "metadata") is target_of(page, "Table 4 ", "metadata")
    assert not any(PLACE_MARK in (t.name or "") for t in page.tables)


def test_a_namesake_the_cell_names_by_its_number_binds_to_that_number() -> None:
    # IMS "制作镜像": the body's data_images "详情请参见表1", the OBS form's data_images "详情请参见表2"
    page = bind_nested_tables(read("ims/huawei-zh/制作镜像.md"))
    first = next(t for t in page.tables if t.label.startswith("表 1 "))
    second = next(t for t in page.tables if t.label.startswith("表 2 "))
    assert (first.name, second.name) == ("data_images", placed_name("data_images", "table2"))
    assert second.binding == "table number (data_images: see Table 2)"


def test_a_cell_linking_both_namesakes_binds_as_the_name_says() -> None:
    # ELB "Batch Updating Backend Servers": members links Table 3 and Table 4, both "members parameter description"
    page = bind_nested_tables(read("elb/huawei/elb_zq_hd_0007.html"))
    members = target_of(page, "Table 2 ", "members")
    assert members.label.startswith("Table 3 ")
    assert [t.name for t in page.tables if t.role == "object"] == ["members", "members"]


def test_a_sub_jobs_entities_binds_to_its_own_table_not_the_jobs() -> None:
    page = bind_nested_tables(read("evs/otc/apis_recommended/task_management/querying_task_status.rst"))
    job = target_of(page, "Response parameters", "entities")
    sub_job = target_of(page, "Parameters in the sub_jobs field", "entities")
    assert "sub_jobs" in field_names(job) and job.name == "entities"
    assert field_names(sub_job) == ("name", "size", "volume_id", "volume_type")
    assert sub_job.name == placed_name("entities", "evs-04-0054-li7735129144218")


def _schemas(outputs: dict[str, str]) -> dict[str, Any]:
    schemas: dict[str, Any] = yaml.safe_load(outputs["as.openapi.yaml"])["components"]["schemas"]
    return schemas


def test_the_disks_and_the_servers_metadata_are_two_schemas_with_no_conflict(tmp_path: Path) -> None:
    pages = ["querying_as_configurations.rst", "querying_an_as_configuration.rst", "creating_an_as_configuration.rst"]
    result, conflicts = build_pages(tmp_path, "as", [f"otc/apis/as_configurations/{p}" for p in pages])
    assert not [c for c in conflicts if c["status"] != "resolved"]
    schemas = _schemas(result.outputs)
    assert not [name for name in schemas if PLACE_MARK in name or "As060202" in name]
    disk = schemas["Disk"]["properties"]["metadata"]["$ref"].removeprefix(REF)
    server = schemas["InstanceConfig"]["properties"]["metadata"]["$ref"].removeprefix(REF)
    assert disk != server
    assert tuple(schemas[disk]["properties"]) == DISK_METADATA
    assert tuple(schemas[server]["properties"]) == ("admin_pass",)
    assert sorted(schemas[disk]["x-apigen-sources"]) == [f"spec/sources/{CONFIGS}{p}" for p in sorted(pages[:2])]
    # the request's two metadata tables are two schemas too
    request_disk = schemas["CreateAutoscalingApiScalingConfigurationDisk"]["properties"]["metadata"]["$ref"]
    request_server = schemas["CreateAutoscalingApiScalingConfigurationInstanceConfig"]["properties"]["metadata"]
    assert tuple(schemas[request_disk.removeprefix(REF)]["properties"]) == DISK_METADATA
    assert tuple(schemas[request_server["$ref"].removeprefix(REF)]["properties"]) == ("admin_pass",)
    # the names are the collision rule's: every schema of the page's name "Metadata" but the first is renamed
    renamed = sorted(c["subject"] for c in conflicts if c["rule"] == "R3-schema-collision"
                     and c["candidates"][0]["value"] == "Metadata")
    assert renamed == [f"schema {name}" for name in sorted({disk, server, request_disk.removeprefix(REF),
                                                            request_server["$ref"].removeprefix(REF)} - {"Metadata"})]
    coverage = json.loads(result.outputs["as.coverage.json"])
    assert not [t for p in coverage["pages"] for t in p["tables_ignored"] if "metadata" in t["table"]]
