"""Examples of one field that disagree among themselves are evidence of neither side (rule R3-examples-disagree,
generator/reconcile/sightings.py): asked directly, on small pages built here, and on the real CBR pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, build_clean, small_project, spec_and_report
from reconcile_context import Recorded

from generator.ir import Field, Provenance, Table, TypeKind, TypeRef
from generator.pipeline import BuildResult, build_service, invalid_examples
from generator.reconcile.sightings import Sightings, disagreement, index_fields, is_placeholder
from generator.reconcile.types import decide_inferred, decide_type


def _row(kind: TypeKind, line: int, name: str = "enterprise_project_id") -> tuple[dict[str, Any], Field]:
    return {"type": kind}, Field(name, TypeRef(kind, raw=kind), "", Provenance("en.md", line, "en"))


def _seen(*sent: tuple[str, Any], typed: tuple[TypeKind, ...] = ()) -> Sightings:
    return Sightings(sent=sent, typed=tuple(({"type": kind}, f"backup.md:{i}") for i, kind in enumerate(typed)))


# --- what counts as a disagreement ---------------------------------------------------------------------------

def test_two_kinds_among_a_fields_own_examples_disagree() -> None:
    split = disagreement([("a.md:1", 0), ("b.md:2", "0")], None)
    assert split == {"number": [("a.md:1", 0)], "string": [("b.md:2", "0")]}


def test_a_value_quoted_on_another_page_disagrees_with_the_bare_one() -> None:
    split = disagreement([("vault.md:1", 0)], _seen(("create.md:5", "0"), ("vault.md:1", 0)))
    assert split == {"number": [("vault.md:1", 0)], "string": [("create.md:5", "0")]}
    assert disagreement([("vault.md:1", True)], _seen(("lock.md:3", "True"))) is not None


def test_unrelated_values_of_one_name_elsewhere_are_another_field() -> None:
    # a workspace's status "NORMAL" says nothing of a sample's status 1
    assert disagreement([("sample.md:1", 1)], _seen(("workspace.md:4", "NORMAL"))) is None
    assert disagreement([("a.md:1", 1)], _seen(("b.md:4", "1"), ("c.md:9", "v4"))) is None
    # a token's expiry in seconds beside a key's in milliseconds: no value of one is a value of the other
    assert disagreement([("import.rst:98", 1501578672)], _seen(("key.rst:152", "1501578672000"))) is None
    assert disagreement([("a.md:1", True)], _seen(("b.md:4", "false"))) is None
    assert disagreement([("a.md:1", {"version": "v1"})], _seen(("b.md:4", "v1"))) is None


def test_any_two_json_values_are_judged_without_raising() -> None:
    values: list[Any] = [0, 1.5, -3, "0", "1.5", "x", True, False, "true", "False", {}, {"a": 1}, [], [1], "xxx"]
    judged = {(json.dumps(a), json.dumps(b)): disagreement([("a.md:1", a)], _seen(("b.md:2", b)))
              for a in values for b in values}
    assert judged[("0", '"0"')] is not None and judged[('{"a": 1}', '"x"')] is None
    assert judged[("[1]", "1.5")] is None  # two kinds, no string: a value is not written two ways


def test_placeholders_are_no_evidence() -> None:
    for value in ("xxx", "XXXX-XXXX", "<vault_id>", "{project_id}", "${name}", "string", "Integer", "..."):
        assert is_placeholder(value), value
    for value in ("0", "vault01", "x", "available", "<b>bold</b> text"):
        assert not is_placeholder(value), value
    index = index_fields([], [("a.md:1", {"size": "xxx"}), ("b.md:2", {"size": 40})])
    assert index["size"].sent == (("b.md:2", 40),)


def test_the_index_holds_every_scalar_row_and_example_of_a_name() -> None:
    size = Field("size", TypeRef("integer", raw="Integer"), "", Provenance("t.md", 7, "en"))
    ref = Field("vault", TypeRef("ref", raw="Vault object", ref="Vault"), "", Provenance("t.md", 8, "en"))
    table = Table("object", "response", (size, ref), Provenance("t.md", 5, "en"), "Backup", name="Backup")
    index = index_fields([table], [("e.md:3", {"size": None, "vault": {}})])
    assert index["size"].typed == (({"type": "integer"}, "t.md:7"),) and index["size"].sent == ()
    assert index["vault"].typed == () and index["vault"].sent == (("e.md:3", {}),)


# --- a field the tables here list (decide_type) --------------------------------------------------------------

def test_examples_that_disagree_here_leave_the_tables_type() -> None:
    ctx = Recorded()
    schema, _ = decide_type(ctx, "BackupResp.enterprise_project_id", [_row("string", 3)],
                            [("zh.md:9", "0"), ("en.rst:4", 0)], None)
    assert schema == {"type": "string"}
    ((_, rule, decision),) = ctx.conflicts
    assert rule == "R3-examples-disagree" and decision.startswith("string, as the tables say: the examples")


def test_an_example_contradicted_elsewhere_does_not_outvote_a_table() -> None:
    ctx = Recorded()
    schema, _ = decide_type(ctx, "Vault.enterprise_project_id", [_row("string", 3)], [("vault.rst:4", 0)], None,
                            _seen(("create.rst:9", "0")))
    assert schema == {"type": "string"}
    assert [rule for _, rule, _ in ctx.conflicts] == ["R3-examples-disagree"]
    # the same example with nothing contradicting it: it decides, as before
    alone = Recorded()
    schema, _ = decide_type(alone, "Vault.enterprise_project_id", [_row("string", 3)], [("vault.rst:4", 0)], None,
                            _seen(("vault.rst:4", 0)))
    assert schema == {"type": "integer"} and [rule for _, rule, _ in alone.conflicts] == ["R2-example-type"]


def test_where_the_tables_disagree_examples_that_agree_here_still_pick_one() -> None:
    # BackupResp.resource_size: string (zh) and integer (en), every backup example sends 40; a restore point's
    # resource_size elsewhere sends "40" (another schema, another field)
    ctx = Recorded()
    schema, _ = decide_type(ctx, "BackupResp.resource_size", [_row("string", 3), _row("integer", 4)],
                            [("backup.rst:9", 40)], None, _seen(("restore.rst:2", "40"), ("backup.rst:9", 40)))
    assert schema == {"type": "integer"} and [rule for _, rule, _ in ctx.conflicts] == ["R2-example-type"]


def test_tables_and_examples_that_both_disagree_leave_every_candidate_unresolved() -> None:
    ctx = Recorded()
    schema, _ = decide_type(ctx, "Disk.bootable", [_row("string", 3), _row("boolean", 4)],
                            [("a.md:1", "false"), ("b.md:2", True), ("c.md:3", 7)], None)
    assert schema == {"anyOf": [{"type": "string"}, {"type": "boolean"}, {"type": "integer"}]}
    ((_, rule, decision),) = ctx.conflicts
    assert rule == "R4-unresolved" and "the tables disagree and the examples" in decision


def test_a_placeholder_example_does_not_outvote_a_table() -> None:
    ctx = Recorded()
    schema, ids = decide_type(ctx, "Volume.size", [_row("integer", 3, "size")], [("a.md:1", "xxx")], None)
    assert schema == {"type": "integer"} and ids == [] and ctx.conflicts == []


# --- a field only examples show here (decide_inferred) --------------------------------------------------------

def test_a_field_only_examples_show_takes_the_type_the_services_tables_agree_on() -> None:
    ctx = Recorded()
    seen = _seen(("vault.rst:4", 0), ("create.rst:9", "0"), typed=("string", "string"))
    schema, ids = decide_inferred(ctx, "Vault.enterprise_project_id", [("vault.rst:4", 0)], ["vault.rst"], seen)
    assert schema == {"type": "string"} and len(ids) == 2
    assert [rule for _, rule, _ in ctx.conflicts] == ["R3-examples-disagree", "R2-example-only"]
    assert ctx.conflicts[1][2] == "added as string, marked inferred"


def test_a_field_only_disagreeing_examples_show_accepts_both_unresolved() -> None:
    for typed in ((), ("string", "integer")):  # no table types it, or the tables disagree too
        ctx = Recorded()
        seen = _seen(("vault.rst:4", 0), ("create.rst:9", "0"), typed=typed)
        schema, _ = decide_inferred(ctx, "Vault.enterprise_project_id", [("vault.rst:4", 0)], [], seen)
        assert schema == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
        assert ctx.conflicts[0][1] == "R4-unresolved" and "disagree among themselves" in ctx.conflicts[0][2]


def test_a_table_type_no_example_sends_does_not_decide() -> None:
    ctx = Recorded()
    seen = _seen(("vault.rst:4", 0), ("create.rst:9", "0"), typed=("boolean",))
    schema, _ = decide_inferred(ctx, "Vault.enterprise_project_id", [("vault.rst:4", 0)], [], seen)
    assert "anyOf" in schema and ctx.conflicts[0][1] == "R4-unresolved"


# --- pages built here ------------------------------------------------------------------------------------------

def _page(resource: str, rows: dict[str, str], example: dict[str, Any]) -> str:
    """A web-text operation page (GET …/<resource>/{thing_id}): a response table of (name, type) rows and an
    example response."""
    lines = ["Querying a thing", "URI", f"GET /v3/{{project_id}}/{resource}/{{thing_id}}", "Parameter |",
             "Mandatory |", "Type |", "Description |", "---|---|---|---|", "project_id |", "Yes |", "String |",
             "Project ID |", "thing_id |", "Yes |", "String |", "Thing ID |", "Response Parameters",
             "Status code: 200", "Parameter |", "Type |", "Description |", "---|---|---|"]
    for name, kind in rows.items():
        lines += [f"{name} |", f"{kind} |", f"The {name} |"]
    return "\n".join(lines) + "\nExample Response\n" + json.dumps(example) + "\n"


def _build(tmp_path: Path, pages: dict[str, str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    result = build_clean(small_project(tmp_path, dict(pages), "things", "title: Things\n"), "things")
    assert not result.problems, [e.one_line() for e in result.problems]
    spec, report = spec_and_report(result, "things")
    return spec, {c["id"]: c for c in report["conflicts"]}


def _response(spec: dict[str, Any], path: str) -> tuple[str, dict[str, Any]]:
    """The name and the properties of the schema of the operation's 200 response."""
    ref = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    name = ref.rsplit("/", 1)[1]
    return name, spec["components"]["schemas"][name]["properties"]


VAULT = _page("vaults", {"name": "String"}, {"name": "v", "enterprise_project_id": 0})
VAULTS = _page("vaultlist", {"name": "String"}, {"name": "w", "enterprise_project_id": "0"})
BACKUP = _page("backups", {"name": "String", "enterprise_project_id": "String"},
               {"name": "b", "enterprise_project_id": "0"})


def test_pages_whose_examples_disagree_take_the_type_another_pages_table_gives(tmp_path: Path) -> None:
    spec, conflicts = _build(tmp_path, {"vault.txt": VAULT, "vaults.txt": VAULTS, "backup.txt": BACKUP})
    name, props = _response(spec, "/v3/{project_id}/vaults/{thing_id}")
    vault = props["enterprise_project_id"]
    assert vault["type"] == "string" and vault["x-apigen-inferred"]["from"] == "examples"
    decided = conflicts[f"type:{name}.enterprise_project_id"]
    assert decided["rule"] == "R3-examples-disagree"
    values = {k["value"]: k["sources"] for k in decided["candidates"]}
    assert values["string (the tables elsewhere in the service)"][0].startswith("spec/sources/things/backup.txt:")
    assert [s.split(":")[0] for s in values["string (examples)"]] == [
        "spec/sources/things/backup.txt", "spec/sources/things/vaults.txt"]
    # the vault page's example is the side the tables outvote: set aside, and decided
    (aside,) = [c for c in conflicts.values() if c["kind"] == "example-invalid"]
    assert aside["status"] == "resolved" and aside["rule"] == "R3-examples-disagree"
    assert "x-apigen-invalid-examples" in spec["paths"]["/v3/{project_id}/vaults/{thing_id}"]["get"][
        "responses"]["200"]["content"]["application/json"]


def test_pages_whose_examples_disagree_with_no_table_accept_both_unresolved(tmp_path: Path) -> None:
    spec, conflicts = _build(tmp_path, {"vault.txt": VAULT, "vaults.txt": VAULTS})
    for path in ("/v3/{project_id}/vaults/{thing_id}", "/v3/{project_id}/vaultlist/{thing_id}"):
        assert _response(spec, path)[1]["enterprise_project_id"]["anyOf"] == [{"type": "integer"}, {"type": "string"}]
    unresolved = [c for c in conflicts.values() if c["status"] == "unresolved"]
    assert len(unresolved) == 2 and all("disagree among themselves" in c["decision"] for c in unresolved)


# --- the real CBR pages ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cbr() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    result: BuildResult = build_service(ROOT, "cbr")
    report = json.loads(result.outputs["cbr.conflicts.json"])
    return yaml.safe_load(result.outputs["cbr.openapi.yaml"]), {c["id"]: c for c in report["conflicts"]}


def test_cbr_vault_enterprise_project_id_is_the_string_the_backup_tables_say(cbr: Any) -> None:
    spec, conflicts = cbr
    schemas = spec["components"]["schemas"]
    for name in ("Vault", "VaultCreate", "VaultCreateResource", "BackupResp"):
        assert schemas[name]["properties"]["enterprise_project_id"]["type"] == "string", name
    vault = conflicts["type:Vault.enterprise_project_id"]
    assert vault["rule"] == "R3-examples-disagree" and vault["status"] == "resolved"
    values = {k["value"]: k["sources"] for k in vault["candidates"]}
    assert "spec/sources/cbr/otc/cbr_apis/vaults/modifying_a_vault.rst:406" in values["integer (examples)"]
    assert "spec/sources/cbr/otc/cbr_apis/vaults/creating_a_vault.rst:456" in values["string (examples)"]
    assert any("BackupResp" in s for s in values["string (the tables elsewhere in the service)"])
    assert conflicts["type:BackupResp.enterprise_project_id"]["rule"] == "R3-examples-disagree"


def test_cbr_backup_resource_size_is_still_decided_by_its_own_examples(cbr: Any) -> None:
    spec, conflicts = cbr
    assert spec["components"]["schemas"]["BackupResp"]["properties"]["resource_size"]["type"] == "integer"
    assert conflicts["type:BackupResp.resource_size"]["rule"] == "R2-example-type"
    # a restore point's resource_size: its own examples send 40 and "40", its tables say string
    assert conflicts["type:CheckpointResourceResp.resource_size"]["rule"] == "R3-examples-disagree"


def test_cbr_examples_the_tables_outvote_are_set_aside_as_decided(cbr: Any) -> None:
    spec, conflicts = cbr
    aside = conflicts["example-invalid:UpdateVault 200 modifying_a_vault-line406 vault/enterprise_project_id"]
    assert aside["status"] == "resolved" and "type:Vault.enterprise_project_id" in aside["decision"]
    assert not [c for c in conflicts.values() if c["kind"] == "example-invalid" and c["status"] == "unresolved"]


def _pool_spec(value: Any) -> dict[str, Any]:
    """A spec whose Pool.persistence is a reference to an object schema, and an example that sends `value`."""
    media = {"schema": {"$ref": "#/components/schemas/Pool"},
             "examples": {"show": {"value": {"persistence": value}, "x-apigen-sources": ["show.md:9"]}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/pools": {"get": {"operationId": "ShowPool",
                                         "responses": {"200": {"description": "OK",
                                                               "content": {"application/json": media}}}}}},
            "components": {"schemas": {
                "Pool": {"type": "object", "properties": {"persistence": {
                    "$ref": "#/components/schemas/Persistence", "x-apigen-conflicts": ["type:Pool.persistence"]}}},
                "Persistence": {"type": "object", "properties": {"type": {"type": "string"}}}}}}


def test_an_example_failing_inside_a_referenced_schema_is_the_outvoted_side_of_the_field_citing_it() -> None:
    (decided,) = invalid_examples(_pool_spec(""), frozenset({"type:Pool.persistence"}))
    assert (decided.rule, decided.status) == ("R3-examples-disagree", "resolved")
    assert "type:Pool.persistence" in decided.decision
    (open_,) = invalid_examples(_pool_spec(""), frozenset({"type:Other.field"}))
    assert (open_.rule, open_.status) == ("R4-example-invalid", "unresolved")
    assert invalid_examples(_pool_spec({"type": "cookie"}), frozenset({"type:Pool.persistence"})) == []
