"""Markdown with embedded HTML tables (seeds 000 and 003, Chinese)."""

from __future__ import annotations

from conftest import page_of

from generator.ir import Page, Table


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
