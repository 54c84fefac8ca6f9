"""Rule R2-namesakes-apart: tables of one name in different operations whose common fields the two type
differently, each one's examples sending its own type, are two schemas (namesakes.py).

On real pages built as a small service of their own: AS's v1 and v2 scaling action logs (`instance_added_list`
a string of names in v1, an array of instance objects in v2, as each page's example sends it) and AS's v1 and v2
scaling policies (`scaling_policy_action` {operation, instance_number, instance_percentage} in v1, {operation,
size, percentage, limits} in v2). The negatives stay one schema with the field's conflict for a person: CSBS
backup policies (`retention_duration_days` integer on one page, string on the other, no example sends it; and
`max_backups`, whose list page's example sends the other page's type) and ModelArts connections (`credential`
objects mostly apart, no example of either). The decision itself on the shapes the tables give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import build_pages

from generator.ir import Field, Provenance, TypeKind, TypeRef
from generator.reconcile.namesakes import Shape, differences, side_of
from generator.reconcile.rules import RULES

REF = "#/components/schemas/"
LOGS = "otc/apis/scaling_action_logs/"
POLICIES = "otc/apis/as_policies/"


def _schemas(outputs: dict[str, str], service: str) -> dict[str, Any]:
    schemas: dict[str, Any] = yaml.safe_load(outputs[f"{service}.openapi.yaml"])["components"]["schemas"]
    return schemas


def _apart(conflicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in conflicts if c["rule"] == "R2-namesakes-apart"]


def test_v1_and_v2_action_logs_whose_examples_send_each_its_own_type_are_two_schemas(tmp_path: Path) -> None:
    result, conflicts = build_pages(tmp_path, "as", [f"{LOGS}querying_scaling_action_logs.rst",
                                                     f"{LOGS}querying_scaling_action_logs_v2.rst"])
    assert not [c for c in conflicts if c["status"] != "resolved"]
    [apart] = _apart(conflicts)
    assert apart["subject"] == "tables named ScalingActivityLog" and apart["status"] == "resolved"
    assert apart["decision"] == ("two schemas: each one's examples send its own type of instance_added_list, "
                                 "instance_deleted_list")
    v1, v2 = apart["candidates"]
    assert v1["value"] == "instance_added_list: string; instance_deleted_list: string"
    assert v2["value"].startswith("instance_added_list: array of object {failed_details, failed_reason, ")
    # each side cites its table's row and the example that sends its type
    assert f"spec/sources/as/{LOGS}querying_scaling_action_logs.rst:145" in v1["sources"]
    assert f"spec/sources/as/{LOGS}querying_scaling_action_logs_v2.rst:247" in v2["sources"]
    schemas = _schemas(result.outputs, "as")
    v1_log = schemas["ScalingActivityLog"]["properties"]
    assert v1_log["instance_added_list"]["type"] == ["string", "null"]
    assert "instance_failed_list" not in v1_log  # a v2 field, no longer a field v1 "sometimes" lists
    [renamed] = [c for c in conflicts if c["rule"] == "R3-schema-collision"
                 and c["candidates"][0]["value"] == "ScalingActivityLog"]
    v2_name = renamed["subject"].removeprefix("schema ")
    v2_log = schemas[v2_name]["properties"]
    assert v2_log["instance_added_list"]["items"] == {"$ref": f"{REF}ScalingInstance"}
    assert not [c for c in conflicts if c["subject"].endswith(".instance_failed_list") and c["kind"] == "presence"]


def test_v1_and_v2_policies_whose_examples_send_each_its_own_action_object_are_two_schemas(tmp_path: Path) -> None:
    result, conflicts = build_pages(tmp_path, "as", [f"{POLICIES}querying_an_as_policy.rst",
                                                     f"{POLICIES}querying_an_as_policy_v2.rst"])
    assert not [c for c in conflicts if c["status"] != "resolved"]
    [apart] = _apart(conflicts)
    assert [c["value"] for c in apart["candidates"]] == [
        "scaling_policy_action: object {instance_number, instance_percentage, operation}",
        "scaling_policy_action: object {limits, operation, percentage, size}"]
    schemas = _schemas(result.outputs, "as")
    v1_action = schemas["ScalingPolicy"]["properties"]["scaling_policy_action"]["$ref"].removeprefix(REF)
    v2_policy = next(name for name in schemas if name.endswith("ScalingPolicy") and name != "ScalingPolicy")
    v2_action = schemas[v2_policy]["properties"]["scaling_policy_action"]["$ref"].removeprefix(REF)
    assert sorted(schemas[v1_action]["properties"]) == ["instance_number", "instance_percentage", "operation"]
    assert sorted(schemas[v2_action]["properties"]) == ["limits", "operation", "percentage", "size"]


def test_namesakes_whose_examples_show_no_side_or_the_others_type_stay_one_with_the_conflict(tmp_path: Path) -> None:
    # CSBS operation_definition: retention_duration_days and permanent, typed differently, sent by no example;
    # max_backups Integer on the list page whose example sends "20", the other page's String
    folder = "otc/api_description/backup_policy_management/"
    result, conflicts = build_pages(tmp_path, "csbs", [f"{folder}querying_the_backup_policy_list.rst",
                                                       f"{folder}creating_a_backup_policy.rst"])
    assert not _apart(conflicts)
    unresolved = {c["subject"]: [x["value"] for x in c["candidates"]] for c in conflicts
                  if c["status"] == "unresolved"}
    assert unresolved == {"OperationDefinition.retention_duration_days": ["integer", "string"],
                          "OperationDefinition.permanent": ["boolean", "string"]}
    # one response schema, of both pages' tables
    assert _schemas(result.outputs, "csbs")["OperationDefinition"]["x-apigen-sources"] == [
        f"spec/sources/csbs/{folder}creating_a_backup_policy.rst",
        f"spec/sources/csbs/{folder}querying_the_backup_policy_list.rst"]


def test_namesakes_whose_objects_differ_with_no_example_stay_one_with_the_conflict(tmp_path: Path) -> None:
    _, conflicts = build_pages(tmp_path, "modelarts", ["huawei/modelarts_03_0111.html",
                                                       "huawei/modelarts_03_0113.html"])
    assert not _apart(conflicts)
    assert [c["status"] for c in conflicts if c["subject"] == "ConnectionInfo.credential"] == ["unresolved"]


# --- the decision, on the shapes the tables give ------------------------------------------------------------


def _row(name: str, kind: TypeKind) -> Field:
    return Field(name=name, type=TypeRef(kind=kind), description="", provenance=Provenance("page.md", 1, "en"))


def test_a_side_whose_examples_send_the_other_sides_type_keeps_them_one() -> None:
    strings = side_of([(_row("ids", "string"), Shape("string"))], [("a.md:9", {"ids": "a,b"})])
    arrays = side_of([(_row("ids", "array"), Shape("array", items=Shape("string")))], [("b.md:9", {"ids": ["a"]})])
    assert [d.field for d in differences(strings, arrays)] == ["ids"]
    slipped = side_of([(_row("ids", "string"), Shape("string"))], [("a.md:9", {"ids": ["a"]})])
    assert differences(slipped, arrays) == []
    unsent = side_of([(_row("ids", "string"), Shape("string"))], [("a.md:9", {"ids": None})])
    assert differences(unsent, arrays) == []  # a null shows no type


def test_sides_documented_in_different_languages_only_stay_one() -> None:
    strings = side_of([(_row("ids", "string"), Shape("string"))], [("a.md:9", {"ids": "a,b"})])
    chinese = Field(name="ids", type=TypeRef(kind="array"), description="", provenance=Provenance("b.md", 1, "zh"))
    arrays = side_of([(chinese, Shape("array", items=Shape("string")))], [("b.md:9", {"ids": ["a"]})])
    assert differences(strings, arrays) == []


def test_numbers_and_objects_sharing_half_their_fields_do_not_disagree() -> None:
    integers = side_of([(_row("n", "integer"), Shape("integer"))], [("a.md:9", {"n": 1})])
    numbers = side_of([(_row("n", "number"), Shape("number"))], [("b.md:9", {"n": 1.5})])
    assert differences(integers, numbers) == []
    one = side_of([(_row("o", "object"), Shape("object", frozenset({"a", "b", "c"})))], [("a.md:9", {"o": {"a": 1}})])
    two = side_of([(_row("o", "object"), Shape("object", frozenset({"a", "b", "d"})))], [("b.md:9", {"o": {"d": 1}})])
    assert differences(one, two) == []


def test_the_rule_is_registered_with_the_examples_rank() -> None:
    assert RULES["R2-namesakes-apart"].rank == 2
