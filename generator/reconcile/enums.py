"""Enumerations: the values every page lists for a field united, typed as the field's type, and widened
by the string values its examples send (rules R3-union-enum, R2-example-value)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from generator.ir import Field
from generator.reconcile.context import Decisions
from generator.reconcile.enum_union import unite_enum_lists
from generator.reconcile.fragments import base_type
from generator.reconcile.model import Candidate, Gap
from generator.specshape import allows_null


def _integers(values: list[str]) -> list[Any] | None:
    return [int(v) for v in values] if all(re.fullmatch(r"[-+]?\d{1,18}", v.strip()) for v in values) else None


def _numbers(values: list[str]) -> list[Any] | None:
    shape = r"[-+]?(?:\d{1,18}(?:\.\d{0,18})?|\.\d{1,18})"
    if not all(re.fullmatch(shape, v.strip()) for v in values):
        return None
    return [int(v) if re.fullmatch(r"[-+]?\d+", v.strip()) else float(v) for v in values]


# The types an enumeration printed as text applies to, and how its values become values of the type (None:
# a value the type cannot hold, so the list is no enumeration of this field).
ENUM_KINDS: dict[str, Callable[[list[str]], list[Any] | None]] = {
    "string": lambda values: values, "integer": _integers, "number": _numbers}


def with_enum(schema: dict[str, Any], values: list[Any]) -> dict[str, Any]:
    if allows_null(schema) and None not in values:
        values = [*values, None]
    return {**schema, "enum": values}


def decide_enum(ctx: Decisions, subject: str, schema: dict[str, Any], fields: list[Field],
                present: list[Any], values: list[tuple[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The schema with the enumeration the rows of `fields` list, and the ids of the conflicts recorded.
    `present`: the non-null example values; `values`: (source, value) of every example."""
    ids: list[str] = []
    united: dict[str, None] = {}
    listed = [f for f in fields if f.enum]
    for f in listed:
        for v in f.enum:
            united.setdefault(v, None)
    dropped = [f.provenance.cite() for f in fields if f.enum_announced and not f.enum]
    union = unite_enum_lists([(f.provenance.cite(), f.enum) for f in listed])
    if listed and (union is not None or dropped):
        candidates = [Candidate(", ".join(f.enum), (f.provenance.cite(),)) for f in listed]
        if dropped:
            candidates.append(Candidate("(list announced, values not printed)", tuple(dropped)))
        ids.append(ctx.conflict(subject=subject, kind="enum", candidates=candidates,
                                decision=union.decision() if union else ", ".join(united),
                                rule=union.rule if union else "R3-union-enum"))
    elif dropped:
        ctx.gap(Gap(subject, "enumeration values announced, none printed", tuple(dropped)))
    if not united:
        return schema, ids
    kind = base_type(schema) or "string"
    if kind != "string":
        typed = ENUM_KINDS[kind](list(united))
        if typed is None:
            ctx.gap(Gap(subject, f"enumeration values that are not all {kind}s: {', '.join(united)}",
                        tuple(f.provenance.cite() for f in listed)))
            return schema, ids
        return with_enum(schema, typed), ids
    extra = [v for v in present if isinstance(v, str) and v not in united]
    if extra:
        before = ", ".join(united)
        for v in extra:
            united.setdefault(v, None)
        ids.append(ctx.conflict(
            subject=subject, kind="enum",
            candidates=[Candidate(before, tuple(f.provenance.cite() for f in listed)),
                        Candidate(", ".join(json.dumps(v, ensure_ascii=False) for v in dict.fromkeys(extra)),
                                  tuple(sorted({s for s, v in values if v in extra})))],
            decision=", ".join(json.dumps(v, ensure_ascii=False) for v in united), rule="R2-example-value"))
    return with_enum(schema, list(united)), ids
