"""Rules R3-examples-disagree and R3-repeated-parameter on real pages built as a small service of their own:
SMN's message_structure (the examples of both languages disagree, the tables agree) and NAT's DNAT status
filter (one revision types it a value, the other an array)."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, build_pages

SOURCES = ROOT / "spec" / "sources"


def test_an_example_sending_an_object_where_both_languages_tables_say_string_decides_nothing(tmp_path: Path) -> None:
    # message_structure: String in the Chinese and the English table; the English example sends the JSON text,
    # the Chinese one the object itself
    result, conflicts = build_pages(tmp_path, "smn", [
        "huawei-zh/消息发布.md", "otc/apis/message_publishing/publishing_messages_using_a_message_structure.rst"])
    decided = [c for c in conflicts if c["subject"].endswith(".message_structure") and c["kind"] == "type"]
    assert [(c["rule"], c["status"], c["decision"].split(",")[0]) for c in decided] == [
        ("R3-examples-disagree", "resolved", "string")]
    objects = next(c for c in decided[0]["candidates"] if c["value"] == "object (examples)")
    assert objects["sources"] == ["spec/sources/smn/huawei-zh/消息发布.md:361"]
    # the Chinese example is still shown, set aside, its rejection decided by the same rule
    rejected = [c for c in conflicts if c["kind"] == "example-invalid" and "message_structure" in c["id"]]
    assert [(c["rule"], c["status"]) for c in rejected] == [("R3-examples-disagree", "resolved")]
    assert "x-apigen-invalid-examples" in result.outputs["smn.openapi.yaml"]


def test_a_query_parameter_typed_array_by_one_revision_and_string_by_another_is_a_list(tmp_path: Path) -> None:
    _, conflicts = build_pages(tmp_path, "nat", ["huawei-zh/查询DNAT规则列表.md", "huawei-zh/查询DNAT规则列表_v2.md"])
    status = next(c for c in conflicts if c["subject"].endswith("query parameter status") and c["kind"] == "type")
    assert (status["rule"], status["status"]) == ("R3-repeated-parameter", "resolved")
    assert status["decision"] == "array of string: one value is an array of one on the wire"
