"""Which operation and schema of the old spec is which of the new one; the mapping file and its errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_diff_rules import base, ok, thing

from generator.diff import DiffError
from generator.diff.changes import compute_changes
from generator.diff.mapping import DiffMapping, OperationMapping, check_mapping, load_mapping
from generator.diff.match import match_operations, match_schemas
from generator.diff.rules import judge

ROOT = Path(__file__).resolve().parents[1]


def messages(old: dict[str, Any], new: dict[str, Any], mapping: DiffMapping | None = None) -> list[str]:
    return [f.message for f in judge(compute_changes(old, new, mapping))]


def test_operations_match_by_method_and_path_template_whatever_the_parameter_names() -> None:
    old, new = base(), base()
    new["paths"]["/v1/things/{id}/"] = new["paths"].pop("/v1/things/{thing_id}")
    matched = match_operations(old, new, DiffMapping())
    assert [(p.old, p.new, p.parameters) for p in matched.pairs] == [
        (("PUT", "/v1/things/{thing_id}"), ("PUT", "/v1/things/{id}/"), {"thing_id": "id"})]
    assert matched.removed == matched.added == ()


def test_another_method_on_the_same_path_is_another_operation() -> None:
    old, new = base(), base()
    new["paths"]["/v1/things/{thing_id}"]["post"] = new["paths"]["/v1/things/{thing_id}"].pop("put")
    assert messages(old, new) == ["PUT /v1/things/{thing_id}: operation removed",
                                  "POST /v1/things/{thing_id}: operation added"]


def test_a_renamed_unreferenced_schema_is_found_by_structure() -> None:
    old, new = base(), base()
    for doc, name in ((old, "Spare"), (new, "SparePart")):
        doc["components"]["schemas"][name] = {"type": "object", "properties": {
            "id": {"type": "string"}, "size": {"type": "integer"}, "label": {"type": "string"}}}
    new["components"]["schemas"]["SparePart"]["properties"]["colour"] = {"type": "string"}  # 3 of 4 shared
    assert messages(old, new) == ["schema Spare is now SparePart (matched by structure)"]


def test_schemas_sharing_too_few_properties_are_a_removal_and_an_addition() -> None:
    old, new = base(), base()
    old["components"]["schemas"]["Spare"] = {"type": "object", "properties": {"a": {}, "b": {}, "c": {}}}
    new["components"]["schemas"]["Other"] = {"type": "object", "properties": {"a": {}, "x": {}, "y": {}}}
    assert messages(old, new) == ["schema Spare: removed", "schema Other: added"]


def test_an_alias_one_side_keeps_matches_the_name_of_the_other() -> None:
    pairs, removed, added = match_schemas(
        {"components": {"schemas": {"Resource": {"type": "object"}}}},
        {"components": {"schemas": {"CheckpointResourceResp": {"type": "object", "x-apigen-aliases": ["Resource"]}}}},
        DiffMapping(), [])
    assert [(p.old, p.new, p.evidence) for p in pairs] == [("Resource", "CheckpointResourceResp", "alias")]
    assert removed == added == []


def test_the_mapping_outranks_the_name() -> None:
    old, new = base(), base()
    new["components"]["schemas"]["Item"] = new["components"]["schemas"]["Thing"]
    pairs, _, added = match_schemas(old, new, DiffMapping(schemas={"Thing": "Item"}), [])
    assert ("Thing", "Item", "mapping") in [(p.old, p.new, p.evidence) for p in pairs]
    assert added == ["Thing"]


def test_a_changed_schema_is_compared_where_it_is_used_and_renamed_by_place() -> None:
    old, new = base(), base()
    schemas = new["components"]["schemas"]
    schemas["Item"] = schemas.pop("Thing")
    schemas["Item"]["properties"]["size"]["type"] = "string"
    ok(new)["schema"]["$ref"] = "#/components/schemas/Item"
    assert messages(old, new) == ["response 200 size: type integer -> string",
                                  "schema Thing is now Item (matched by place)"]


def test_a_schema_that_refers_to_itself_is_compared_once() -> None:
    old, new = base(), base()
    for doc in (old, new):
        thing(doc)["children"] = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
    thing(new)["status"]["enum"].append("standby")
    assert messages(old, new) == ['response 200 status: value "standby" may be sent']


def test_mapping_file_shipped_for_csbs_v1_to_cbr_v3_loads_and_names_real_things(
        csbs_spec: dict[str, Any], cbr_spec: dict[str, Any]) -> None:
    mapping = load_mapping(ROOT / "spec" / "mappings" / "csbs-v1-to-cbr-v3.yaml")
    check_mapping(mapping, csbs_spec, cbr_spec)
    assert mapping.operations[0].old == ("GET", "/v1/{project_id}/checkpoint_items/{checkpoint_item_id}")
    assert mapping.properties["ShowCheckpointItemResponse"] == {"checkpoint_item": "backup"}


BAD_MAPPINGS = {
    "not yaml": ("operations: [", "2", "not YAML"),
    "a list": ("- a\n- b\n", "", "a YAML mapping"),
    "unknown key": ("paths: {}\n", "paths", "unknown key"),
    "bad operation": ("operations:\n  - {old: /v1/x, new: GET /v1/y}\n", "operations[0].old", "METHOD /path"),
    "extra key": ("operations:\n  - {old: GET /a, new: GET /b, when: now}\n", "operations[0]", "'old', 'new'"),
    "not names": ("schemas: {A: [B]}\n", "schemas.A", "counterpart"),
    "only_mapped not a flag": ("only_mapped: sometimes\n", "only_mapped", "true or false"),
}


@pytest.mark.parametrize("case", sorted(BAD_MAPPINGS))
def test_a_bad_mapping_file_names_the_file_and_the_place(tmp_path: Path, case: str) -> None:
    text, place, words = BAD_MAPPINGS[case]
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DiffError) as caught:
        load_mapping(path, "m.yaml")
    assert (caught.value.file, caught.value.place) == ("m.yaml", place)
    assert words in caught.value.message


@pytest.mark.parametrize(("text", "place", "words"), [
    ("operations:\n  - old: GET /nowhere\n    new: PUT /v1/things/{thing_id}\n", "operations[0].old",
     "GET /nowhere is not an operation of the old spec"),
    ("schemas: {Thing: Missing}\n", "schemas.Thing", "no schema Missing in the new spec"),
    ("properties: {Thing: {size: capacity}}\n", "properties.Thing.size", "no property capacity in Thing"),
    ("properties: {Thing: {weight: size}}\n", "properties.Thing.weight", "no such property in the old spec"),
])
def test_a_mapping_naming_nothing_is_an_error(tmp_path: Path, text: str, place: str, words: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DiffError) as caught:
        check_mapping(load_mapping(path, "m.yaml"), base(), base())
    assert caught.value.place == place
    assert words in caught.value.message



def test_schemas_only_an_added_operation_uses_are_told_by_its_finding() -> None:
    old, new = base(), base()
    new["paths"]["/v1/spares"] = {"get": {"responses": {"200": {"description": "OK", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/SpareList"}}}}}}}
    new["components"]["schemas"]["SpareList"] = {"type": "object", "properties": {
        "spares": {"type": "array", "items": {"$ref": "#/components/schemas/Spare"}}}}
    new["components"]["schemas"]["Spare"] = {"type": "object"}
    new["components"]["schemas"]["Orphan"] = {"type": "object"}
    assert messages(old, new) == ["GET /v1/spares: operation added", "schema Orphan: added"]


def test_only_mapped_compares_the_mapped_operations_and_their_schemas_only() -> None:
    old, new = base(), base()
    new["paths"]["/v2/things/{thing_id}"] = new["paths"].pop("/v1/things/{thing_id}")
    for doc in (old, new):
        doc["paths"]["/v1/other"] = {"delete": {"responses": {"204": {"description": "gone"}}}}
        doc["components"]["schemas"]["Orphan"] = {"type": "object"}
    del new["paths"]["/v1/other"]
    thing(new).pop("size")
    mapping = DiffMapping(operations=(OperationMapping(("PUT", "/v1/things/{thing_id}"),
                                                       ("PUT", "/v2/things/{thing_id}")),), only_mapped=True)
    assert messages(old, new, mapping) == [
        "compared with PUT /v1/things/{thing_id}, as the mapping file says", "response 200 size: property removed"]
    assert "DELETE /v1/other: operation removed" in messages(old, new, replace(mapping, only_mapped=False))


def test_readme_shows_the_shipped_mapping_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("The shipped `spec/mappings/csbs-v1-to-cbr-v3.yaml`:", 1)[1].split("```yaml\n", 1)[1]
    shipped = (ROOT / "spec" / "mappings" / "csbs-v1-to-cbr-v3.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(shown.split("```", 1)[0]) == yaml.safe_load(shipped)
