"""The type, enumeration and default rules of a property, asked directly (generator/reconcile/types.py,
enums.py) with the rows a page would print."""

from __future__ import annotations

from typing import Any

from reconcile_context import Recorded

from generator.ir import Field, Language, Provenance, TypeKind, TypeRef
from generator.reconcile.enums import decide_enum
from generator.reconcile.model import Evidence
from generator.reconcile.types import decide_default, decide_type


def _row(kind: TypeKind, line: int, language: Language = "en", **extra: Any) -> tuple[dict[str, Any], Field]:
    field = Field("size", TypeRef(kind, raw=kind), "", Provenance(f"{language}.md", line, language), **extra)
    return {"type": kind}, field


def test_tables_that_disagree_on_a_type_take_the_one_every_example_fits() -> None:
    ctx = Recorded()
    schema, ids = decide_type(ctx, "Backup.size", [_row("string", 3), _row("integer", 4, "zh")],
                              [("en.md:9", 12), ("zh.md:9", 40)], None)
    assert schema == {"type": "integer"} and len(ids) == 1
    assert ctx.conflicts == [("Backup.size", "R2-example-type", "integer")]


def test_captured_responses_decide_a_type_the_docs_leave_open() -> None:
    evidence = Evidence()
    evidence.record("Backup.size", "integer", "capture.json:1", 7)
    ctx = Recorded()
    schema, _ = decide_type(ctx, "Backup.size", [_row("string", 3), _row("integer", 4, "zh")], [], evidence)
    assert schema == {"type": "integer"}
    assert [rule for _, rule, _ in ctx.conflicts] == ["R2-capture-type"]


def test_types_nothing_decides_stay_every_candidate() -> None:
    ctx = Recorded()
    schema, _ = decide_type(ctx, "Backup.size", [_row("string", 3), _row("boolean", 4, "zh")], [], None)
    assert schema == {"anyOf": [{"type": "string"}, {"type": "boolean"}]}
    assert [rule for _, rule, _ in ctx.conflicts] == ["R4-unresolved"]


def test_defaults_that_disagree_take_the_first_row_in_priority() -> None:
    ctx = Recorded()
    rows = [_row("integer", 3, default="10")[1], _row("integer", 4, "zh", default="20")[1]]
    default, _ = decide_default(ctx, "Query.limit", {"type": "integer"}, rows)
    assert default == 10
    assert ctx.conflicts == [("Query.limit", "R3-language-priority", "10")]


def test_an_integer_enumeration_is_typed_and_example_strings_widen_a_string_one() -> None:
    ctx = Recorded()
    integer = [_row("integer", 3, enum=("4", "6"))[1]]
    typed, _ = decide_enum(ctx, "Ip.version", {"type": "integer"}, integer, [], [])
    assert typed == {"type": "integer", "enum": [4, 6]}
    string = [_row("string", 3, enum=("on", "off"))[1]]
    widened, _ = decide_enum(ctx, "Ip.state", {"type": "string"}, string, ["paused"], [("en.md:9", "paused")])
    assert widened["enum"] == ["on", "off", "paused"]
    assert ctx.conflicts == [("Ip.state", "R2-example-value", '"on", "off", "paused"')]
