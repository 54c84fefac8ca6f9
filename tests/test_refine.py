"""Rule R3-type-refines: type candidates of which one says more and the others only less."""

from __future__ import annotations

import json

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
    report = json.loads((ROOT / "spec" / "evs.conflicts.json").read_text(encoding="utf-8"))
    conflict = next(c for c in report["conflicts"] if c["id"] == "type:ListExtensionsResponse.extensions")
    assert (conflict["rule"], conflict["status"]) == ("R3-type-refines", "resolved")
    assert [c["value"] for c in conflict["candidates"]] == ["array of Extensions object", "array of any"]
    assert any("huawei-zh" in s for s in conflict["candidates"][1]["sources"])
