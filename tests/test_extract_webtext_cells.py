"""Web text with one cell per line (seed 002, Chinese, CSBS v1)."""

from __future__ import annotations

from conftest import page_of
from test_extract_markdown_html import fields, table


def test_seed_002_operation_and_uri_table() -> None:
    page = page_of("002")
    assert (page.format, page.language) == ("webtext_cells", "zh")
    assert (page.method, page.path) == ("GET", "/v1/{project_id}/checkpoint_items/{checkpoint_item_id}")
    assert fields(table(page, "path")) == {"project_id": ("string", True), "checkpoint_item_id": ("string", True)}
    project = next(f for f in table(page, "path").fields if f.name == "project_id")
    assert project.description == "项目ID。 获取方法请参见获取项目ID。"


def test_seed_002_named_structures_and_their_types() -> None:
    page = page_of("002")
    assert fields(table(page, "response_body")) == {"checkpoint_item": ("checkpoint_item object", None)}
    item = fields(table(page, "object", "checkpoint_item"))
    assert item["extend_info"] == ("object", None)  # Dict: bound to its table later (bind.py)
    assert item["replication_records"] == ("array of replication_record object", None)
    extend = table(page, "object", "extend_info")
    assert fields(extend)["fail_code"] == ("fail_code object", None)
    assert fields(extend)["os_images_data"] == ("array of image_data object", None)
    assert fields(table(page, "object", "fail_code")) == {"Code": ("integer (int64)", None),
                                                         "Description": ("string", None)}
    assert fields(table(page, "object", "app_consistency"))["app_consistency"] == ("integer", None)


def test_seed_002_enums_from_explicit_lists_and_prose() -> None:
    page = page_of("002")
    status = next(f for f in table(page, "object", "checkpoint_item").fields if f.name == "status")
    assert status.enum == ("waiting_protect", "protecting", "available", "waiting_restore", "restoring",
                           "error", "waiting_delete", "deleting", "deleted")
    extend = {f.name: f for f in table(page, "object", "extend_info").fields}
    assert extend["copy_status"].enum == ("na", "waiting_copy", "copying", "success", "fail")
    assert extend["copy_status"].default == "na"
    assert extend["supported_restore_mode"].enum == ("na", "snapshot", "backup")
    assert extend["hypervisor_type"].enum == ()  # "取值为QEMU,表示…" is one value and a gloss
    volume = {f.name: f for f in table(page, "object", "volume_backup").fields}
    assert volume["image_type"].enum == ("backup",)
    assert volume["bootable"].enum == ()  # "取值为True或者False" on a Boolean is prose


def test_seed_002_a_heading_word_as_a_whole_description_stays_in_its_table() -> None:
    extend = table(page_of("002"), "object", "extend_info")
    fail_code = next(f for f in extend.fields if f.name == "fail_code")
    assert fail_code.description == "错误码"
    assert [f.name for f in extend.fields][-1] == "hypervisor_type"


def test_seed_002_status_codes_and_example() -> None:
    page = page_of("002")
    assert [(c.code, c.description) for c in page.status_codes] == [
        ("200", "OK"), ("400", "请求参数不合法"), ("401", "鉴权失败"), ("403", "没有操作权限"),
        ("404", "请求对象不存在"), ("500", "服务不可用")]
    (example,) = page.examples
    assert example.parsed and example.status == "200"
