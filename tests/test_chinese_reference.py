"""Huawei's own Chinese references (spec/sources/<svc>/huawei-zh), read by general rules and checked on real
pages: captions that name a field's structure, a response's "参数说明" bullet, Chinese type words."""

from __future__ import annotations

from conftest import ROOT

from generator.classify import classify
from generator.extract import extract_pages
from generator.ir import Page, Table
from generator.sources.detect import load
from generator.typeexpr import parse_type

SOURCES = ROOT / "spec" / "sources"


def read(relative: str) -> Page:
    doc = load(SOURCES / relative, relative)
    (page,) = extract_pages(doc, classify(doc))
    return page


def tables_by_label(page: Page) -> dict[str, list[Table]]:
    found: dict[str, list[Table]] = {}
    for table in page.tables:
        found.setdefault(table.label, []).append(table)
    return found


def test_a_caption_naming_a_field_before_its_parameter_words_describes_that_fields_structure() -> None:
    page = read("dns/huawei-zh/批量删除单个Zone下的Record-Set.md")
    tables = tables_by_label(page)
    (recordsets,) = tables["表 4 recordsets参数说明"]
    assert (recordsets.role, recordsets.name, recordsets.section) == ("object", "recordsets", "response")
    assert {"id", "name", "zone_id", "records", "ttl", "weight"} <= {f.name for f in recordsets.fields}
    (links,) = tables["表 6 links对象参数说明"]
    assert (links.role, links.name) == ("object", "links")
    # the URI table's caption names no field: its rows stay parameters
    assert [t.role for t in tables["表 1 URI格式的参数说明"]] == ["path"]


def test_a_list_type_in_chinese_is_an_array_bound_to_the_table_its_caption_names() -> None:
    page = read("dns/huawei-zh/批量删除单个Zone下的Record-Set.md")
    (body,) = tables_by_label(page)["表 3 响应样例的要素说明"]
    recordsets = next(f for f in body.fields if f.name == "recordsets")
    assert (recordsets.type.kind, recordsets.type.raw) == ("array", "列表数据结构")


def test_a_parameter_bullet_under_the_response_heading_opens_no_uri_section() -> None:
    page = read("dns/huawei-zh/查询Record-Set-1.md")
    tables = tables_by_label(page)
    (body,) = tables["表 2 响应样例的参数说明"]
    assert (body.role, body.status) == ("response_body", "200")
    assert {"id", "name", "zone_id", "records", "ttl"} <= {f.name for f in body.fields}
    assert {f.name for t in page.tables if t.role == "path" for f in t.fields} == {"zone_id", "recordset_id"}


def test_chinese_type_words_read_as_their_kinds() -> None:
    assert [parse_type(w).kind for w in ("字符串", "整数", "整型", "长整型", "布尔", "布尔型", "浮点数", "对象")] == [
        "string", "integer", "integer", "integer", "boolean", "boolean", "number", "object"]
    assert parse_type("长整型").format == "int64"
    assert parse_type("数组").kind == "array" and parse_type("数组").items is None
    assert parse_type("字符串数组").describe() == "array of string"
    assert parse_type("String数组").describe() == "array of string"
    assert parse_type("数组(整数)").describe() == "array of integer"
    assert parse_type("tag对象数组").describe() == "array of tag object"
    assert parse_type("表4object").kind == "object"


def test_a_request_line_linking_its_parameter_to_another_page_names_the_parameter() -> None:
    page = read("dns/huawei-zh/删除Record-Set-4.md")
    assert (page.method, page.path) == ("DELETE", "/v2.1/zones/{zone_id}/recordsets/{recordset_id}")


def test_a_request_example_that_is_json_null_sends_no_body_and_is_no_response_example() -> None:
    page = read("smn/huawei-zh/查询Application.md")
    assert [(e.kind, e.status, e.provenance.line) for e in page.examples] == [("response", "200", 394)]
    assert "request example at line 382 is JSON null: the request sends no body" in page.notes


def test_tables_whose_name_column_says_attribute_or_parameter_name_are_read() -> None:
    # "参数名称 | 类型 | 说明" and "属性 | 类型 | 说明" (the attributes of an object's table)
    page = read("vpc/huawei-zh/查询特定网络ACL组详情.md")
    tables = tables_by_label(page)
    (body,) = tables["表 2 响应参数"]
    assert (body.role, [f.name for f in body.fields]) == ("response_body", ["firewall_group"])
    (group,) = tables["表 3 Firewall Group对象"]
    assert group.role == "object" and {"id", "name", "status", "admin_state_up"} <= {f.name for f in group.fields}


def test_a_status_marker_written_with_a_full_width_colon_sets_the_status_of_the_table_under_it() -> None:
    page = read("smn/huawei-zh/App消息发布.md")
    statuses = [t.status for t in page.tables if t.role == "response_body"]
    assert statuses == ["200", "400", "403", "404", "500"]


def test_a_request_line_printed_in_quotes_is_no_example_body() -> None:
    # 请求示例: "GET https://{Endpoint}/v3/{project_id}/vpc/vpcs" in a code block: JSON, but a string that is the
    # request line; before, it became a 200 example the response schema rejected
    page = read("vpc/huawei-zh/查询VPC列表-1.md")
    assert [e for e in page.examples if isinstance(e.body, str)] == []
    assert any("request line in quotes" in note for note in page.notes)
