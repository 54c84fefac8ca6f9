"""Enumerations: the values every page lists for a field united, typed as the field's type, and widened
by the string values its examples send (rules R3-enum-superset, R3-union-enum, R2-example-value).

Every value any source lists (the Chinese and the English page, two revisions) is a value the API may send,
so the decision on differing lists is always their union; what the report says is why. When one list holds
every value of all the others and more (one revision added values, one page lists them all), rule
R3-enum-superset names that list; when the lists overlap only in part, rule R3-union-enum. Either way each
source's missing values are named, so a reviewer sees which language lacks what."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.ir import Field
from generator.reconcile.context import Decisions
from generator.reconcile.fragments import base_type
from generator.reconcile.model import Candidate, Gap
from generator.specshape import allows_null


@dataclass(frozen=True)
class UnitedEnum:
    values: tuple[str, ...]
    rule: str  # R3-enum-superset or R3-union-enum; "" where every list holds the same values (no rule)
    missing: tuple[tuple[str, tuple[str, ...]], ...]  # (source, the united values it does not list)

    def decision(self) -> str:
        """The values, then what each source lacks of them."""
        lacks = "; ".join(f"{source} lacks {', '.join(values)}" for source, values in self.missing)
        return ", ".join(self.values) + (f" ({lacks})" if lacks else "")


def unite_enum_lists(lists: list[tuple[str, tuple[str, ...]]]) -> UnitedEnum:
    """The union of the lists ((source, values), in source order), the rule that names it and what each list
    lacks of it; the rule is "" when every list holds the same set (nothing to decide)."""
    united = tuple(dict.fromkeys(v for _, values in lists for v in values))
    if len({frozenset(values) for _, values in lists}) <= 1:
        return UnitedEnum(united, "", ())
    missing = tuple((source, tuple(v for v in united if v not in values)) for source, values in lists
                    if set(values) != set(united))
    superset = any(set(values) == set(united) for _, values in lists)
    return UnitedEnum(united, "R3-enum-superset" if superset else "R3-union-enum", missing)


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
    listed = [f for f in fields if f.enum]
    dropped = [f.provenance.cite() for f in fields if f.enum_announced and not f.enum]
    union = unite_enum_lists([(f.provenance.cite(), f.enum) for f in listed])
    united = dict.fromkeys(union.values)
    if listed and (union.rule or dropped):
        candidates = [Candidate(", ".join(f.enum), (f.provenance.cite(),)) for f in listed]
        if dropped:
            candidates.append(Candidate("(list announced, values not printed)", tuple(dropped)))
        ids.append(ctx.conflict(subject=subject, kind="enum", candidates=candidates,
                                decision=union.decision(), rule=union.rule or "R3-union-enum"))
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
