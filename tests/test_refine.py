"""Rule R3-type-refines: type candidates of which one says more and the others only less."""

from __future__ import annotations

import json

import yaml
from conftest import ROOT

from generator.reconcile.refine import generalizes, most_specific

ARRAY_OF_REF = {"type": "array", "items": {"$ref": "#/components/schemas/Extensions"}}


def test_an_array_whose_items_no_source_names_is_refined_by_an_array_of_a_named_type() -> None:
    assert most_specific([{"type": "array"}, ARRAY_OF_REF]) == ARRAY_OF_REF
    assert most_specific([ARRAY_OF_REF, {"type": "array"}]) == ARRAY_OF_REF


def test_an_object_with_no_fields_is_refined_by_a_named_object_type_and_no_type_by_any() -> None:
    ref = {"$ref": "#/components/schemas/Tag"}
    assert most_specific([{"type": "object"}, ref]) == ref
    assert most_specific([{}, {"type": "string"}]) == {"type": "string"}
    assert most_specific([{"type": "integer"}, {"type": "integer", "format": "int64"}]) == {
        "type": "integer", "format": "int64"}


def test_candidates_that_say_different_things_are_no_refinement() -> None:
    assert most_specific([{"type": "string"}, {"type": "integer"}]) is None
    assert most_specific([{"type": "array", "items": {"type": "string"}}, ARRAY_OF_REF]) is None
    assert most_specific([{"type": "object"}, {"$ref": "#/a"}, {"$ref": "#/b"}]) is None
    assert not generalizes({"type": "object", "additionalProperties": {"type": "string"}}, {"$ref": "#/a"})


def test_the_chinese_pages_array_with_no_item_type_takes_the_english_pages_item_type() -> None:
    # NAT private DNAT list: the Chinese query table says "Array", the English one "Array of strings". (EVS's
    # extensions, the earlier case, agree now: the Chinese page's bullet caption names their table.)
    report = json.loads((ROOT / "spec" / "nat.conflicts.json").read_text(encoding="utf-8"))
    conflict = next(c for c in report["conflicts"] if c["id"] == "type:ListPrivateDnats query parameter id")
    assert (conflict["rule"], conflict["status"]) == ("R3-type-refines", "resolved")
    assert [c["value"] for c in conflict["candidates"]] == ["array of string", "array of any"]
    assert any("huawei-zh" in s for s in conflict["candidates"][1]["sources"])


def test_a_number_beside_an_integer_is_refined_by_the_integer_and_not_the_other_way() -> None:
    assert most_specific([{"type": "number"}, {"type": "integer"}]) == {"type": "integer"}
    assert not generalizes({"type": "integer"}, {"type": "number"})
    assert most_specific([{"type": "number", "format": "float"}, {"type": "integer"}]) is None


def test_the_nat_page_info_count_written_number_in_chinese_and_integer_in_english_is_an_integer() -> None:
    report = json.loads((ROOT / "spec" / "nat.conflicts.json").read_text(encoding="utf-8"))
    conflict = next(c for c in report["conflicts"] if c["id"] == "type:PageInfo.current_count")
    assert (conflict["rule"], conflict["decision"]) == ("R3-type-refines",
                                                        "integer: the other candidates say less")
    assert [c["value"] for c in conflict["candidates"]] == ["integer", "number", "integer (examples)"]


def test_a_required_body_field_a_doc_example_does_without_is_not_required() -> None:
    # IMS "制作镜像": every Chinese form of the body requires `name`, yet two examples of each language create
    # an image without it. (The full-ECS image's instance_id, the earlier case, is optional now by the forms
    # of its body alone: the form from a backup leaves it out.)
    report = json.loads((ROOT / "spec" / "ims.conflicts.json").read_text(encoding="utf-8"))
    conflict = next(c for c in report["conflicts"] if c["subject"] == "CreateActionV2RequestBody.name"
                    and c["rule"] == "R2-example-optional")
    assert (conflict["kind"], conflict["decision"]) == ("required", "not required")
    required, omitted = conflict["candidates"]
    assert required["value"] == "required"
    assert "spec/sources/ims/huawei-zh/制作镜像.md:140" in omitted["sources"]
    assert any("creating_an_image.rst" in s for s in omitted["sources"])
    spec = yaml.safe_load((ROOT / "spec" / "ims.openapi.yaml").read_text(encoding="utf-8"))
    assert "instance_id" not in spec["components"]["schemas"]["CreateActionV1RequestBody"].get("required", [])
