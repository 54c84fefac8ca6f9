"""Huawei's own Chinese references (spec/sources/<svc>/huawei-zh), read by general rules and checked on real
pages: captions that name a field's structure, a response's "参数说明" bullet, Chinese type words."""

from __future__ import annotations

from conftest import ROOT

from generator.bind import bind_pages
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


def test_a_bullet_naming_a_fields_structure_captions_the_table_under_it_and_lends_it_its_anchor() -> None:
    # EVS: "-   <a name="…li3451…"></a>volume参数说明" above the table; the response table links to the bullet
    page = read("evs/huawei-zh/查询单个云硬盘详情-API-v2.md")
    tables = tables_by_label(page)
    (volume,) = tables["volume参数说明"]
    assert (volume.role, volume.name, volume.status) == ("object", "volume", "200")
    assert "evs_04_2011_li3451542201439" in volume.anchors
    assert {"id", "attachments", "consistencygroup_id", "volume_type", "shareable"} <= {f.name for f in volume.fields}
    (attachments,) = tables["attachments参数说明"]
    assert (attachments.name, {f.name for f in attachments.fields}) == (
        "attachments", {"server_id", "attachment_id", "attached_at", "host_name", "volume_id", "device", "id"})
    # the bullets that say what the section says ("响应参数", "参数说明") caption nothing
    assert [t.role for t in page.tables if t.label.startswith("table at line")] == ["path", "response_body"]


def test_the_volume_a_chinese_page_describes_by_bullet_captions_is_typed_by_its_table_not_by_example_nulls() -> None:
    # Before: the tables were unnamed and unbound, the volume's fields came from the example alone, and a field
    # the example prints as null (consistencygroup_id, snapshot_id, …) was left untyped.
    page = bind_pages([read("evs/huawei-zh/查询单个云硬盘详情-API-v2.md")])[0]
    body = next(t for t in page.tables if t.role == "response_body")
    assert next(f for f in body.fields if f.name == "volume").type.referenced_name() == "volume"
    volume = next(t for t in page.tables if t.name == "volume")
    types = {f.name: f.type.describe() for f in volume.fields}
    assert (types["consistencygroup_id"], types["snapshot_id"], types["attachments"]) == (
        "string", "string", "array of attachments object")


def test_a_cell_linking_a_whole_page_and_naming_its_table_by_caption_takes_that_tables_type() -> None:
    # EVS: resource_detail "请参见<a href="查询单个云硬盘详情-API-v2.md">…</a>响应中的volume参数说明表格"
    by_tag = read("evs/huawei-zh/通过标签查询云硬盘资源实例详情-API-v2.md")
    bound = bind_pages([by_tag, read("evs/huawei-zh/查询单个云硬盘详情-API-v2.md")])[0]
    resource = next(t for t in bound.tables if t.name == "resource")
    detail = next(f for f in resource.fields if f.name == "resource_detail")
    assert detail.type.referenced_name() == "volume"
    volume = next(t for t in bound.tables if t.name == "volume" and t.section == "response")
    assert volume.binding == "link to evs/huawei-zh/查询单个云硬盘详情-API-v2.md and the table named there"
    assert {"wwn", "consistencygroup_id", "metadata", "attachments"} <= {f.name for f in volume.fields}
    assert {f.name: f.type.describe() for f in volume.fields}["consistencygroup_id"] == "string"
