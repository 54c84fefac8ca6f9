"""Operation ids and schema names, asked directly (generator/reconcile/names.py)."""

from __future__ import annotations

import pytest
from reconcile_context import Recorded

from generator.reconcile.names import derived_operation_id, majority, rename_collisions


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", "/v3/{project_id}/backups/{backup_id}", "ShowBackup"),
    ("GET", "/v3/{project_id}/backups", "ListBackups"),
    ("POST", "/v3/{project_id}/policies", "CreatePolicy"),
    ("DELETE", "/v3/{project_id}/vault/{vault_id}/tags/{key}", "DeleteVaultTag"),
    ("GET", "/v2/{project_id}/os-vendor-volumes/detail", "ListOsVendorVolumesDetails"),
    ("POST", "/v1.0/{project_id}/kms/create-key", "CreateKey"),
    ("PUT", "/v2/{project_id}/status", "UpdateStatus"),
])
def test_an_operation_no_page_names_is_named_from_method_and_path(method: str, path: str, expected: str) -> None:
    assert derived_operation_id(method, path) == expected


def test_a_schema_is_named_as_most_pages_name_it_and_a_tie_goes_to_language_priority() -> None:
    ctx = Recorded(order=("en.md", "zh.md"))
    assert majority(ctx, [("checkpoint_item", "zh.md"), ("CheckpointItem", "en.md"),
                          ("Checkpoint", "zh.md")])[0] == "CheckpointItem"
    assert majority(ctx, [("Resp", "zh.md"), ("Body", "en.md")])[0] == "Body"


def test_schemas_sharing_a_name_in_any_case_take_their_operation_in_front() -> None:
    ctx = Recorded()
    names = rename_collisions(ctx, {"a": "Item", "b": "item", "c": "Other"},
                              {"a": ("a.md",), "b": ("b.md",), "c": ("c.md",)}, {"b": "ShowThing"})
    assert names == {"a": "Item", "b": "ShowThingitem", "c": "Other"}
    assert [rule for _, rule, _ in ctx.conflicts] == ["R3-schema-collision"]
