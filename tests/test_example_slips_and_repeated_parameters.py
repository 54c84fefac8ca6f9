"""Rules R2-example-slip and R3-query-repeated, on real pages built as a small service of their own, and on
the cases where they must say nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT

from generator.pipeline import BuildResult, build_service
from generator.reconcile.repeated import repeated_parameter
from generator.reconcile.slips import tables_outweigh_slips

SOURCES = ROOT / "spec" / "sources"


def build_pages(tmp_path: Path, service: str, pages: list[str]) -> tuple[BuildResult, list[dict[str, Any]]]:
    folder = tmp_path / "spec" / "sources" / service
    folder.mkdir(parents=True)
    shutil.copy(SOURCES / service / "service.yaml", folder / "service.yaml")
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SOURCES / service / page, target)
    result = build_service(tmp_path, service)
    assert not result.errors, result.errors
    return result, json.loads(result.outputs[f"{service}.conflicts.json"])["conflicts"]


def test_an_example_sending_an_object_where_both_languages_tables_say_string_is_a_slip(tmp_path: Path) -> None:
    # message_structure: String in the Chinese and the English table; the English example sends the JSON text,
    # the Chinese one the object itself
    result, conflicts = build_pages(tmp_path, "smn", [
        "huawei-zh/消息发布.md", "otc/apis/message_publishing/publishing_messages_using_a_message_structure.rst"])
    decided = [c for c in conflicts if c["subject"].endswith(".message_structure") and c["kind"] == "type"]
    assert [(c["rule"], c["status"]) for c in decided] == [("R2-example-slip", "resolved")]
    assert decided[0]["candidates"][-1]["value"] == "object (examples judged slips)"
    assert decided[0]["candidates"][-1]["sources"] == ["spec/sources/smn/huawei-zh/消息发布.md:361"]
    # the Chinese example is still shown, set aside, its rejection decided by the same rule
    rejected = [c for c in conflicts if c["kind"] == "example-invalid" and "message_structure" in c["id"]]
    assert [(c["rule"], c["status"]) for c in rejected] == [("R2-example-slip", "resolved")]
    assert "x-apigen-invalid-examples" in result.outputs["smn.openapi.yaml"]


def test_a_query_parameter_typed_array_by_one_revision_and_string_by_another_is_a_list(tmp_path: Path) -> None:
    _, conflicts = build_pages(tmp_path, "nat", ["huawei-zh/查询DNAT规则列表.md", "huawei-zh/查询DNAT规则列表_v2.md"])
    status = next(c for c in conflicts if c["subject"].endswith("query parameter status") and c["kind"] == "type")
    assert (status["rule"], status["status"]) == ("R3-query-repeated", "resolved")
    assert status["decision"] == "array of string: sent once or repeated"


def test_slip_rule_needs_agreeing_tables_and_no_majority_against_them() -> None:
    def fits(schema: dict[str, Any], value: Any) -> bool:
        return {"string": str, "integer": int}[schema["type"]] is type(value)

    string = {"type": "string"}
    assert tables_outweigh_slips([string], [("a.md:1", "x"), ("b.md:2", 3)], fits) == string
    assert tables_outweigh_slips([string], [("a.md:1", "x"), ("b.md:2", 3), ("c.md:3", 4)], fits) is None
    assert tables_outweigh_slips([string, {"type": "integer"}], [("a.md:1", "x"), ("b.md:2", 3)], fits) is None
    assert tables_outweigh_slips([string], [("b.md:2", 3)], fits) is None  # no example agrees: not a slip
    assert tables_outweigh_slips([string], [("a.md:1", "x")], fits) is None  # nothing to decide


def test_repeated_parameter_only_pairs_a_value_with_a_list_of_it() -> None:
    string = {"type": "string"}
    assert repeated_parameter([{"type": "array"}, string]) == {"type": "array", "items": string}
    assert repeated_parameter([{"type": "array", "items": string}, string]) == {"type": "array", "items": string}
    assert repeated_parameter([{"type": "array", "items": string}, {"type": "integer"}]) is None
    assert repeated_parameter([string, {"type": "integer"}]) is None
    assert repeated_parameter([{"type": "array"}, {"type": "object"}]) is None
    assert repeated_parameter([{"type": "array"}, string, {"type": "integer"}]) is None
