"""Markdown with embedded HTML tables (seeds 000 and 003, Chinese)."""

from __future__ import annotations

from pathlib import Path

from conftest import page_of

from generator.bind import bind_nested_tables
from generator.classify import classify
from generator.extract import extract_pages
from generator.ir import Page, Table, TableBlock
from generator.sources.detect import load


def table(page: Page, role: str, name: str | None = None) -> Table:
    return next(t for t in page.tables if t.role == role and (name is None or t.name == name))


def fields(t: Table) -> dict[str, tuple[str, bool | None]]:
    return {f.name: (f.type.describe(), f.required) for f in t.fields}


def test_seed_000_operation_and_parameter_tables() -> None:
    page = page_of("000")
    assert (page.format, page.language) == ("markdown_html", "zh")
    assert (page.method, page.path) == ("GET", "/v3/{project_id}/checkpoints/{checkpoint_id}")
    assert page.title == "查询备份还原点"
    assert page.anchor == "QueryCheckpoint"
    assert fields(table(page, "path")) == {"checkpoint_id": ("string", True), "project_id": ("string", True)}
    assert fields(table(page, "header")) == {"X-Auth-Token": ("string", False)}
    assert fields(table(page, "response_body")) == {"checkpoint": ("CheckpointCreate object", None)}


def test_seed_000_named_object_tables_and_li_enums() -> None:
    page = page_of("000")
    create = table(page, "object", "CheckpointCreate")
    assert [f.name for f in create.fields] == ["created_at", "id", "project_id", "status", "vault"]
    status = next(f for f in create.fields if f.name == "status")
    assert status.enum == ("available", "deleting", "creating", "restoring", "error")
    assert status.description == "状态"
    resource = table(page, "object", "Resource")
    assert fields(resource) == {
        "extra_info": ("ResourceExtraInfo object", None),
        "id": ("string", None),
        "name": ("string", None),
        "type": ("string", None),
    }
    assert next(f for f in resource.fields if f.name == "type").enum == (
        "OS::Nova::Server", "OS::Cinder::Volume", "OS::Ironic::BareMetalServer")
    plan = table(page, "object", "CheckpointPlanCreate")
    assert fields(plan)["resources"] == ("array of Resource object", None)
    assert fields(table(page, "object", "ResourceExtraInfo"))["exclude_volumes"] == ("array of string", None)


def test_seed_000_request_example_holding_a_response_is_moved_to_the_responses() -> None:
    page = page_of("000")
    moved = [e for e in page.examples if e.relocated_from]
    assert len(moved) == 1
    assert moved[0].kind == "response" and moved[0].status == "200"
    assert moved[0].body["checkpoint"]["vault"]["provider_id"] == "0daac4c5-6707-4851-97ba-169e36266b66"
    assert [c.code for c in page.status_codes] == ["200"]


def test_seed_003_defaults_and_enums_inside_cells() -> None:
    page = page_of("003")
    extend = table(page, "object", "BackupExtendInfo")
    mode = next(f for f in extend.fields if f.name == "supported_restore_mode")
    assert mode.enum == ("na", "backup", "snapshot")
    assert mode.default == "na"
    assert fields(extend)["support_lld"] == ("string", None)
    assert fields(extend)["os_images_data"] == ("array of string", None)
    detail = table(page, "object", "BackupDetail")
    assert fields(detail)["resource_size"] == ("string", None)
    assert next(f for f in detail.fields if f.name == "enterprise_project_id").default == "0"
    assert fields(detail)["children"] == ("array of BackupResp object", None)
    assert next(f for f in detail.fields if f.name == "children").description == ""


BULLET_CAPTIONS = """# 查询磁盘

## URI

GET /v2/{project_id}/disks/{disk_id}

-   Request filter参数说明

    <table><thead><tr><th>参数</th><th>是否必选</th><th>参数类型</th><th>描述</th></tr></thead>
    <tbody><tr><td>limit</td><td>否</td><td>Integer</td><td>条数</td></tr></tbody></table>

## 响应消息

-   响应参数

    <table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>
    <tbody><tr><td>disk</td><td>Object</td><td>磁盘，请参见<a href="#li77">disk参数说明</a>。</td></tr></tbody></table>

-   <a name="li77"></a>disk参数说明

    <a name="table88"></a>
    <table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>
    <tbody><tr><td>snapshot_id</td><td>String</td><td>快照ID</td></tr></tbody></table>

-   <a name="li78"></a>os\\_extend 参数数据结构说明

    <table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>
    <tbody><tr><td>new_size</td><td>Integer</td><td>新大小</td></tr></tbody></table>
"""


def test_a_bullet_that_only_names_a_field_captions_the_table_under_it(tmp_path: Path) -> None:
    path = tmp_path / "disk.md"
    path.write_text(BULLET_CAPTIONS, encoding="utf-8")
    doc = load(path, "disk.md")
    captions = [(b.caption, b.anchors) for b in doc.blocks if isinstance(b, TableBlock)]
    assert captions == [("", ()), ("", ()), ("disk参数说明", ("table88", "li77")),
                        ("os_extend 参数数据结构说明", ("li78",))]
    (page,) = extract_pages(doc, classify(doc))
    bound = bind_nested_tables(page)
    body = next(t for t in bound.tables if t.role == "response_body")
    assert body.fields[0].type.referenced_name() == "disk"
    disk = next(t for t in bound.tables if t.name == "disk")
    assert [(f.name, f.type.kind) for f in disk.fields] == [("snapshot_id", "string")]
    assert [t.name for t in bound.tables if t.role == "object"] == ["disk", "os_extend"]
    # "Request filter参数说明" names more than a field: it stays the query table it is
    assert [f.name for t in bound.tables if t.role == "query" for f in t.fields] == ["limit"]
