"""Unnamed nested tables (English web text) bound to the types that refer to them."""

from __future__ import annotations

import json
from dataclasses import replace

from conftest import ROOT, page_of

from generator.bind import bind_nested_tables, bind_pages
from generator.classify import classify
from generator.extract import extract_pages
from generator.ir import Field, Page
from generator.sources.detect import load


def names_by_first_fields(page) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {t.name: tuple(f.name for f in t.fields) for t in page.tables if t.role == "object"}


def test_unnamed_english_tables_bind_by_reference_despite_a_different_order() -> None:
    # Seed 004 prints BackupResp before BackupExtendInfo; seed 003 the other way round.
    zh, en = page_of("003"), page_of("004")
    bound = bind_pages([zh, en])[1]
    by_name = names_by_first_fields(bound)
    assert "children" in by_name["BackupDetail"]
    assert "children" not in by_name["BackupResp"] and "resource_size" in by_name["BackupResp"]
    assert by_name["BackupExtendInfo"][:2] == ("auto_trigger", "bootable")
    assert by_name["ReplicationRecordGet"][0] == "created_at"
    assert {t.binding for t in bound.tables if t.role == "object"} == {"same place in the other language's page"}


def test_renamed_schema_binds_by_place_not_by_name() -> None:
    # zh calls it Resource, en CheckpointResourceResp: same place (CheckpointPlanCreate.resources).
    bound = bind_pages([page_of("000"), page_of("001")])[1]
    by_name = names_by_first_fields(bound)
    assert by_name["CheckpointResourceResp"][:4] == ("extra_info", "id", "name", "protect_status")
    assert by_name["CheckpointCreateSkippedResource"] == ("id", "type", "name", "code", "reason")
    assert "CheckpointExtraInfoResp" not in by_name  # the docs print no table for it


def test_english_page_alone_binds_by_its_example_keys() -> None:
    bound = bind_nested_tables(page_of("004"))
    by_name = names_by_first_fields(bound)
    assert "children" in by_name["BackupDetail"]
    assert by_name["BackupExtendInfo"][0] == "auto_trigger"
    detail = next(t for t in bound.tables if t.name == "BackupDetail")
    assert detail.binding == "keys of the example at this place"


def test_without_any_evidence_tables_bind_in_page_order_and_say_so() -> None:
    page = page_of("001")
    bare = replace(page, examples=())
    bound = bind_nested_tables(bare)
    first = next(t for t in bound.tables if t.role == "object")
    assert (first.name, first.binding) == ("CheckpointCreate", "table order on the page")


def test_dict_fields_bind_to_the_table_of_the_same_name() -> None:
    bound = bind_nested_tables(page_of("002"))
    item = next(t for t in bound.tables if t.name == "checkpoint_item")
    extend = next(f for f in item.fields if f.name == "extend_info")
    assert (extend.type.kind, extend.type.ref) == ("ref", "extend_info")


# --- whole references: links, table numbers and captions name the table a field's type is -------------

SOURCES = ROOT / "spec" / "sources"


def read(relative: str) -> Page:
    doc = load(SOURCES / relative, relative)
    (page,) = extract_pages(doc, classify(doc))
    return page


def fields_of(page: Page, name: str) -> tuple[str, ...]:
    return next(tuple(f.name for f in t.fields) for t in page.tables if t.role == "object" and t.name == name)


def field(page: Page, table_role: str, name: str) -> Field:
    return next(f for t in page.tables if t.role == table_role for f in t.fields if f.name == name)


def test_an_array_of_objects_binds_to_the_table_its_description_links_to() -> None:
    # key_info | Array of objects | "... see :ref:`Table 5 <anchor>`"; Table 5 is "**key_info** field description"
    page = bind_nested_tables(read("kms/otc/apis/key_management_service/cmk_management/creating_a_cmk.rst"))
    key_info = field(page, "response_body", "key_info")
    assert key_info.type.describe() == "array of key_info object"
    assert fields_of(page, "key_info") == ("key_id", "domain_id")


def test_an_untitled_table_takes_its_caption_and_anchor_from_the_line_above_it() -> None:
    # "Parameters in the **volume** field", the anchor on that line, the table below with no title
    page = bind_nested_tables(read("evs/otc/unrecommended_apis/api/disk_management/"
                                   "querying_details_about_an_evs_disk_deprecated.rst"))
    assert field(page, "response_body", "volume").type.describe() == "volume object"
    assert fields_of(page, "volume")[:3] == ("id", "links", "name")
    assert fields_of(page, "links") == ("href", "rel")
    volume = next(f for t in page.tables if t.name == "volume" for f in t.fields if f.name == "os-vol-host-attr:host")
    assert volume.type.kind == "string"


def test_a_named_structure_type_binds_to_the_linked_table() -> None:
    # tag | Resource_tag structure | "see :ref:`Table 1 <anchor>`"; Table 1 "Resource_tag structure"
    page = bind_nested_tables(read("smn/otc/apis/resource_tag_operations/adding_a_tag.rst"))
    assert field(page, "request_body", "tag").type.describe() == "Resource_tag object"
    assert fields_of(page, "Resource_tag") == ("key", "value")


def test_a_link_to_a_shared_data_structure_page_brings_its_table() -> None:
    # tags | Array of object | "see :ref:`Table 2 <dns_api_80006__table…>`", a table of appendix/data_structure.rst
    pages = [read("dns/otc/apis/tag_management/querying_tags_of_a_resource.rst"),
             read("dns/otc/appendix/data_structure.rst")]
    page = bind_pages(pages)[0]
    tags = field(page, "response_body", "tags")
    assert tags.type.describe() == "array of tag object"
    table = next(t for t in page.tables if t.name == "tag")
    assert table.provenance.file == "dns/otc/appendix/data_structure.rst"
    assert table.binding == "link to dns/otc/appendix/data_structure.rst"
    assert tuple(f.name for f in table.fields) == ("key", "value")


def test_the_build_reaches_a_shared_table_and_counts_it_bound() -> None:
    coverage = json.loads((ROOT / "spec" / "dns.coverage.json").read_text(encoding="utf-8"))
    shared = next(p for p in coverage["pages"] if p["source"].endswith("appendix/data_structure.rst"))
    assert shared["class"] == "shared" and shared["tables_bound"] >= 1
    assert not any(t["table"].startswith("Table 2 ") for t in shared["tables_ignored"])  # the tag table


def read_bound(relative: str) -> Page:
    doc = load(ROOT / "spec" / "sources" / relative, relative)
    (page,) = extract_pages(doc, classify(doc))
    return bind_nested_tables(page)


def test_the_forms_of_one_request_body_a_page_documents_unite_into_the_body() -> None:
    # IMS "制作镜像" documents the body three times: from a server, from an OBS file, from a data disk
    for relative in ("ims/huawei-zh/制作镜像.md", "ims/otc/ims_apis/image/creating_an_image.rst"):
        page = read_bound(relative)
        (body,) = [t for t in page.tables if t.role == "request_body"]
        fields = {f.name: f.required for f in body.fields}
        assert {"instance_id", "image_url", "min_disk", "cmk_id", "is_quick_import", "volume_id"} <= set(fields)
        assert ("architecture" in fields) == relative.startswith("ims/huawei-zh")  # the newer revision has it
        # every Chinese form requires the name; the English page's first form says it is optional
        assert fields["name"] is relative.startswith("ims/huawei-zh")
        assert (fields["instance_id"], fields["image_url"], fields["volume_id"]) == (False, False, False)
        assert not [t for t in page.tables if t.role == "object" and t.section == "request" and not t.name]
        assert sum("another form of the body" in note for note in page.notes) == 2, relative


def test_an_unnamed_request_table_sharing_no_field_with_the_body_is_no_form_of_it() -> None:
    # ModelArts "Deploying a Model as a Service": "config parameters of batch" is a form of `config`, not of the body
    page = read_bound("modelarts/huawei/modelarts_03_0082.html")
    batch = next(t for t in page.tables if t.label == "Table 4 config parameters of batch")
    assert batch.role == "object" and not page.notes
    (body,) = [t for t in page.tables if t.role == "request_body"]
    assert "mapping_type" not in {f.name for f in body.fields}


FORMS_PAGE = """# Forms

## URI

POST /v1/things

## 请求消息

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|name|是|String|名称|
|size|是|Integer|大小|
|image|否|Object|镜像|

-   image参数说明

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|image_id|是|String|镜像ID|

-   使用快照时的请求参数

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|name|是|String|名称|
|snapshot_id|是|String|快照|
"""


def test_an_unnamed_request_table_beside_the_body_is_a_form_of_it_and_a_named_one_is_not(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "forms.md"
    path.write_text(FORMS_PAGE, encoding="utf-8")
    doc = load(path, "forms.md")
    (page,) = extract_pages(doc, classify(doc))
    bound = bind_nested_tables(page)
    (body,) = [t for t in bound.tables if t.role == "request_body"]
    assert [(f.name, f.required) for f in body.fields] == [
        ("name", True), ("size", False), ("image", False), ("snapshot_id", False)]
    image = next(t for t in bound.tables if t.name == "image")
    assert (image.role, [f.name for f in image.fields]) == ("object", ["image_id"])
    assert len(bound.notes) == 1 and "'table at line 23'" in bound.notes[0]


def test_a_link_to_a_whole_page_binds_only_to_the_table_the_cell_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    disk = ("# 查询磁盘\n\n## URI\n\nGET /v1/disks/{id}\n\n## 响应消息\n\n"
            "|参数|参数类型|描述|\n|--|--|--|\n|disk|Object|磁盘|\n\n-   disk参数说明\n\n"
            "|参数|参数类型|描述|\n|--|--|--|\n|size|Integer|大小|\n")
    listing = ("# 查询标签\n\n## URI\n\nGET /v1/tags\n\n## 响应消息\n\n"
               "<table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead><tbody>\n"
               "<tr><td>detail</td><td>Object</td>"
               "<td>详情，请参见<a href=\"disk.md\">查询磁盘</a>响应中的disk参数说明表格。</td></tr>\n"
               "<tr><td>other</td><td>Object</td><td>其他，请参见<a href=\"disk.md\">查询磁盘</a>。</td></tr>\n"
               "</tbody></table>\n")
    pages = []
    for name, text in (("tags.md", listing), ("disk.md", disk)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        doc = load(tmp_path / name, name)
        pages += extract_pages(doc, classify(doc))
    bound = bind_pages(pages)[0]
    (body,) = [t for t in bound.tables if t.role == "response_body"]
    types = {f.name: (f.type.kind, f.type.referenced_name()) for f in body.fields}
    assert types == {"detail": ("ref", "disk"), "other": ("object", None)}
    copied = next(t for t in bound.tables if t.name == "disk")
    assert [f.name for f in copied.fields] == ["size"]
