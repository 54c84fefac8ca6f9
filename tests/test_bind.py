"""Unnamed nested tables (English web text) bound to the types that refer to them."""

from __future__ import annotations

from dataclasses import replace

from conftest import page_of

from generator.bind import bind_nested_tables, bind_pages


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
