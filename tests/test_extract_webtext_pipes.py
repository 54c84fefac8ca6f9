"""Web text with pipes (seeds 001 and 004, English): unnamed nested tables, dropped enum lists."""

from __future__ import annotations

from conftest import page_of
from test_extract_markdown_html import fields

from generator.extract import extract
from generator.sources.webtext_pipes import read


def test_seed_001_tables_in_page_order() -> None:
    page = page_of("001")
    assert (page.format, page.language) == ("webtext_pipes", "en")
    assert (page.method, page.path) == ("GET", "/v3/{project_id}/checkpoints/{checkpoint_id}")
    assert page.title == "Querying a Restore Point"
    roles = [t.role for t in page.tables]
    assert roles == ["path", "header", "response_body", "object", "object", "object", "object"]
    assert all(t.name is None for t in page.tables if t.role == "object")
    header = next(t for t in page.tables if t.role == "header")
    assert fields(header) == {"X-Auth-Token": ("string", False)}


def test_seed_001_short_row_and_dropped_enum_list() -> None:
    page = page_of("001")
    create = page.tables[3]
    assert fields(create) == {
        "created_at": ("string", None),
        "id": ("string", None),
        "project_id": ("string", None),
        "status": ("string", None),
        "vault": ("CheckpointPlanCreate object", None),
        # the row has no description cell at all: the next line is the next table's header
        "extra_info": ("CheckpointExtraInfoResp object", None),
    }
    status = next(f for f in create.fields if f.name == "status")
    assert status.enum == () and status.enum_announced
    assert status.description == "Status"


def test_seed_001_enum_named_only_in_prose() -> None:
    resource = page_of("001").tables[5]
    assert fields(resource)["resource_size"] == ("string", None)
    kind = next(f for f in resource.fields if f.name == "type")
    assert kind.enum == ("OS::Nova::Server", "OS::Cinder::Volume", "OS::Ironic::BareMetalServer",
                         "OS::Native::Server", "OS::Sfs::Turbo")


def test_seed_004_row_markers_and_multiline_example() -> None:
    page = page_of("004")
    assert [t.role for t in page.tables] == ["path", "header", "response_body", "object", "object", "object",
                                             "object"]
    detail, resp, extend, _ = page.tables[3:]
    assert fields(detail)["resource_size"] == ("integer", None)
    assert "children" in fields(detail) and "children" not in fields(resp)
    assert fields(extend)["os_images_data"] == ("array of ImageData object", None)
    mode = next(f for f in extend.fields if f.name == "supported_restore_mode")
    assert mode.enum == ("na", "snapshot", "backup") and mode.default == "na"
    (example,) = page.examples
    assert example.parsed and example.status == "200"
    assert example.body["backup"]["resource_size"] == 40


def test_cell_continuation_lines_join_into_one_cell() -> None:
    text = "\n".join([
        "Title", "URI", "GET /v1/things", "Parameter |", "Type |", "Description |", "---|---|---|",
        "name |", "String |", "first line", "second line |",
        "size |", "Integer |", "Size |",
    ])
    page = extract(read("mem.txt", text, "en"))
    (t,) = page.tables
    assert [(f.name, f.description) for f in t.fields] == [("name", "first line second line"), ("size", "Size")]
