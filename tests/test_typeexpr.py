"""Type expressions, enums and defaults as the docs write them."""

from __future__ import annotations

import pytest

from generator.typeexpr import explicit_enum, parse_type, prose_enum, stated_default


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("String", "string"),
        ("string", "string"),
        ("Integer", "integer"),
        ("Long", "integer (int64)"),
        ("Boolean", "boolean"),
        ("Dict", "object"),
        ("Array of strings", "array of string"),
        ("Array of CheckpointResourceResp objects", "array of CheckpointResourceResp object"),
        ("List<replication_record>", "array of replication_record object"),
        ("List<String>", "array of string"),
        ("CheckpointCreate object", "CheckpointCreate object"),
        ("fail_code", "fail_code object"),
    ],
)
def test_type_expressions_parse_to_typerefs(text: str, described: str) -> None:
    assert parse_type(text).describe() == described


def test_unknown_type_text_is_kept_raw() -> None:
    parsed = parse_type("a number between 1 and 5")
    assert parsed.kind == "any"
    assert parsed.raw == "a number between 1 and 5"


def test_explicit_enum_with_odd_spacing() -> None:
    assert explicit_enum("状态 Enum:[ waiting_protect, protecting,deleted]") == (
        "waiting_protect", "protecting", "deleted")
    assert explicit_enum("Enum: [backup, restore, delete]") == ("backup", "restore", "delete")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Restoration mode. Possible values are na, snapshot, and backup. snapshot indicates",
         ("na", "snapshot", "backup")),
        ("Type of the resource, which can be OS::Nova::Server, OS::Cinder::Volume, or OS::Sfs::Turbo",
         ("OS::Nova::Server", "OS::Cinder::Volume", "OS::Sfs::Turbo")),
        ("备份的复制状态,默认为na 取值范围为:na, waiting_copy, copying, success, fail。",
         ("na", "waiting_copy", "copying", "success", "fail")),
        ("当前取值包含na,snapshot和backup。", ("na", "snapshot", "backup")),
        ("复制的状态。包含replicating(复制中)、success(成功)、fail(失败)。", ("replicating", "success", "fail")),
    ],
)
def test_enum_values_from_prose(text: str, values: tuple[str, ...]) -> None:
    assert prose_enum(text) == values


@pytest.mark.parametrize(
    "text",
    [
        "虚拟化类型。 取值为QEMU,表示虚拟机技术。",  # one value and a gloss: not a list
        "进度,整数,取值范围为:0-100",  # a range, not a list
        "The value can be a string of 1 to 64 characters.",
    ],
)
def test_prose_that_is_not_a_value_list_gives_no_enum(text: str) -> None:
    assert prose_enum(text) == ()


@pytest.mark.parametrize(
    ("text", "default"),
    [
        ("Restoration mode. Default: na Enumeration values:", "na"),
        ("Enterprise project ID. The default value is 0.", "0"),
        ("企业项目id,默认为‘0’。", "0"),
        ("缺省值：na", "na"),
        ("备份复制于那个region,默认为空", None),
    ],
)
def test_stated_defaults(text: str, default: str | None) -> None:
    assert stated_default(text) == default
