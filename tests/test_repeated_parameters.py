"""A parameter one page types as a value and another as an array of them: the array, one value being an array of
one on the wire (rule R3-repeated-parameter, generator/reconcile/repeated.py). Asked directly, and on NAT's real
pages (the newer DNAT list page types its filters Array, the older revision String)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import build_clean, real_pages, spec_and_report
from reconcile_context import Recorded

from generator.ir import Field, Provenance, TypeRef
from generator.reconcile.repeated import repeated_value
from generator.reconcile.types import decide_type


def _row(schema: dict[str, Any], line: int) -> tuple[dict[str, Any], Field]:
    return schema, Field("status", TypeRef("string"), "", Provenance("zh.md", line, "zh"))


STRING, ARRAY = {"type": "string"}, {"type": "array"}


@pytest.mark.parametrize(("schemas", "expected"), [
    ([STRING, ARRAY], {"type": "array", "items": STRING}),
    ([{"type": "array", "items": STRING}, STRING], {"type": "array", "items": STRING}),
    ([{"type": "integer"}, {"type": "array", "items": {}}], {"type": "array", "items": {"type": "integer"}}),
    ([STRING, {"type": "array", "items": {"type": "integer"}}], None),  # the items say another type
    ([STRING, {"type": "integer"}, ARRAY], None),  # two values disagree first
    ([STRING, {"type": "object"}], None),
    ([ARRAY], None),
])
def test_a_value_beside_an_array_of_it_is_the_array(schemas: list[dict[str, Any]],
                                                     expected: dict[str, Any] | None) -> None:
    assert repeated_value(schemas) == expected


def test_only_parameters_take_the_array_a_body_field_stays_undecided() -> None:
    rows = [_row(ARRAY, 3), _row(STRING, 4)]
    ctx = Recorded()
    schema, _ = decide_type(ctx, "op query parameter status", rows, [], None, parameter=True)
    assert schema == {"type": "array", "items": STRING}
    assert [rule for _, rule, _ in ctx.conflicts] == ["R3-repeated-parameter"]
    body = Recorded()
    schema, _ = decide_type(body, "Rule.status", rows, [], None)
    assert "anyOf" in schema and [rule for _, rule, _ in body.conflicts] == ["R4-unresolved"]


def test_a_value_written_as_one_bracketed_list_is_no_repeated_parameter() -> None:
    said = Field("ids", TypeRef("string"), "The disk IDs, in the ids=['id1','id2',...,'idx'] format.",
                 Provenance("en.rst", 43, "en"))
    ctx = Recorded()
    rows = [(STRING, said), _row({"type": "array", "items": STRING}, 9)]
    schema, _ = decide_type(ctx, "op query parameter ids", rows, [], None, parameter=True)
    assert "anyOf" in schema and [rule for _, rule, _ in ctx.conflicts] == ["R4-unresolved"]


def test_nat_dnat_list_filters_typed_array_and_string_are_arrays(tmp_path: Path) -> None:
    pages = [f"huawei-zh/{page}" for page in ("查询DNAT规则列表.md", "查询DNAT规则列表_v2.md")]
    spec, report = spec_and_report(build_clean(real_pages(tmp_path, "nat", pages), "nat"), "nat")
    params = {p["name"]: p for p in spec["paths"]["/v2/{project_id}/dnat_rules"]["get"]["parameters"]}
    for name in ("status", "nat_gateway_id", "protocol"):
        assert params[name]["schema"] == {"type": "array", "items": {"type": "string"}}, name
    conflicts = report["conflicts"]
    decided = {c["subject"]: c for c in conflicts if c["rule"] == "R3-repeated-parameter"}
    assert {s.rsplit(" ", 1)[-1] for s in decided} >= {"status", "nat_gateway_id", "protocol"}
    assert not [c for c in conflicts if c["kind"] == "type" and c["status"] == "unresolved"]
