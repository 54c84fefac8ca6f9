"""A property's schema: its type (tables, examples and captured responses weighed by the rules in rules.py),
then its enumeration (enums.py), default and format. Each row a page prints for the property comes with the
schema its type names (references already resolved to schema names by the reconciler)."""

from __future__ import annotations

import json
from typing import Any

from generator.ir import Field, json_kind
from generator.reconcile.admit import refuse_default_outside_enum, refuse_unholdable_default
from generator.reconcile.context import Decisions
from generator.reconcile.enums import ENUM_KINDS, decide_enum
from generator.reconcile.formats import checked_against, is_string, stated_format
from generator.reconcile.fragments import (
    base_type,
    comparable,
    describe,
    fill_from_examples,
    fits,
    infer_schema,
    nullable,
    reshaped,
    typed_value,
)
from generator.reconcile.model import Candidate, Evidence, Gap
from generator.reconcile.refine import most_specific
from generator.reconcile.repeated import repeated_parameter
from generator.reconcile.slips import slip_candidate, tables_outweigh_slips
from generator.specshape import allows_null

# A row a page prints for a property: the schema its type names, and the row itself.
Row = tuple[dict[str, Any], Field]


def decide_inferred(ctx: Decisions, subject: str, values: list[tuple[str, Any]],
                    absent: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The schema of a property only examples show (no table lists it)."""
    present = [v for _, v in values if v is not None]
    schema = infer_schema(present)
    ids = [ctx.conflict(
        subject=subject, kind="presence",
        candidates=[Candidate("only in examples", tuple(sorted({s for s, _ in values}))),
                    Candidate("in no table", tuple(sorted(set(absent))))],
        decision=f"added as {describe(schema)}, marked inferred", rule="R2-example-only")]
    if any(v is None for _, v in values):
        schema = nullable(schema)
    return schema, ids


def decide_schema(ctx: Decisions, subject: str, name: str, rows: list[Row], values: list[tuple[str, Any]],
                  body: bool, evidence: Evidence | None, *,
                  repeatable: bool = False) -> tuple[dict[str, Any], list[str]]:
    """The schema of a property the tables list: type, then what the examples add (fields, null), then
    enumeration, default and format; with the ids of the conflicts recorded on the way. `repeatable`: a
    query parameter, which may be sent more than once."""
    fields = [f for _, f in rows]
    present = [v for _, v in values if v is not None]
    nulls = [src for src, v in values if v is None]
    schema, ids = decide_type(ctx, subject, rows, values, evidence, repeatable=repeatable)
    if body and base_type(schema) == "array" and "items" not in schema:
        schema = {**schema, "items": {}}  # "Array" and nothing on what it holds: the examples may say
    filled = fill_from_examples(schema, present)
    if base_type(filled) == "array" and filled.get("items") == {}:
        # nothing says: any item, and the gap said (linters and generators want items stated)
        ctx.gap(Gap(subject, "typed Array with no element type: items may be anything",
                    tuple(sorted({f.provenance.cite() for f in fields}))))
    if filled is not schema:
        schema = filled
        ids.append(ctx.conflict(
            subject=subject, kind="presence",
            candidates=[Candidate("an object no table gives fields for",
                                  tuple(f.provenance.cite() for f in fields)),
                        Candidate("the fields the examples send", tuple(sorted({s for s, _ in values})))],
            decision="its fields taken from the examples, marked inferred", rule="R2-example-fields"))
    if nulls and not allows_null(schema):
        schema = nullable(schema)
        ids.append(ctx.conflict(
            subject=subject, kind="nullable",
            candidates=[Candidate(describe(row), (f.provenance.cite(),)) for row, f in rows]
            + [Candidate("null", tuple(sorted(set(nulls))))],
            decision="nullable", rule="R2-example-null"))
    if base_type(schema) in ENUM_KINDS:
        schema, enum_ids = decide_enum(ctx, subject, schema, fields, present, values)
        ids += enum_ids
    default, default_ids = decide_default(ctx, subject, schema, fields)
    ids += default_ids
    if default is not None:
        schema = {**schema, "default": default}
    schema, format_ids = decide_format(ctx, subject, name, schema, fields, values)
    return schema, ids + format_ids


def decide_format(ctx: Decisions, subject: str, name: str, schema: dict[str, Any], fields: list[Field],
                  values: list[tuple[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The format the page's words state for a string field (formats.py), unless its examples misfit it."""
    if "format" in schema or "enum" in schema or not is_string(schema):
        return schema, []
    stated = stated_format(name, [text for f in fields for text in (f.type.raw, f.description)])
    if stated is None:
        return schema, []
    stated = checked_against(stated, [v for _, v in values] + ([schema["default"]] if "default" in schema else []))
    if not stated.misfits:
        return {**schema, "format": stated.format}, []
    shown = ", ".join(json.dumps(v, ensure_ascii=False)[:40] for v in stated.misfits[:3])
    return schema, [ctx.conflict(
        subject=subject, kind="format", decision="no format: the string the examples send",
        rule="R2-example-format",
        candidates=[Candidate(f"{stated.format} ('{stated.said}')", tuple(f.provenance.cite() for f in fields)),
                    Candidate(f"examples (or the default) send {shown}",
                              tuple(sorted({src for src, v in values if v in stated.misfits})))])]


def decide_type(ctx: Decisions, subject: str, rows: list[Row], values: list[tuple[str, Any]],
                evidence: Evidence | None, *, repeatable: bool = False) -> tuple[dict[str, Any], list[str]]:
    """The type the rows name, or where they disagree (or the examples misfit them) the one the rules pick."""
    candidates: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for schema, f in rows:
        same = json.dumps(comparable(schema), sort_keys=True)
        candidates.setdefault(same, (schema, []))[1].append(f.provenance.cite())
    present = [(s, v) for s, v in values if v is not None]
    fitting = [c for c in candidates.values() if all(fits(c[0], v) for _, v in present)]
    table_candidates = [Candidate(describe(c[0]), tuple(c[1])) for c in candidates.values()]
    example_candidate = Candidate(f"{describe(infer_schema([v for _, v in present]))} (examples)",
                                  tuple(sorted({s for s, _ in present})))
    if len(candidates) == 1 and len(fitting) == 1:
        return fitting[0][0], []
    captured = _captured(ctx, subject, evidence, candidates, table_candidates, example_candidate if present else None)
    if captured is not None:
        return captured
    refined = most_specific([c[0] for c in candidates.values()])
    if refined is not None and all(fits(refined, v) for _, v in present):
        return refined, [ctx.conflict(subject=subject, kind="type",
                                      candidates=table_candidates + ([example_candidate] if present else []),
                                      decision=f"{describe(refined)}: the other candidates say less",
                                      rule="R3-type-refines")]
    listed = repeated_parameter([c[0] for c in candidates.values()]) if repeatable else None
    if listed is not None:
        return listed, [ctx.conflict(subject=subject, kind="type", candidates=table_candidates,
                                     decision=f"{describe(listed)}: sent once or repeated", rule="R3-query-repeated")]
    agreed = tables_outweigh_slips([c[0] for c in candidates.values()], present, fits)
    if agreed is not None:
        slips = [(s, v) for s, v in present if not fits(agreed, v)]
        return agreed, [ctx.conflict(
            subject=subject, kind="type", rule="R2-example-slip",
            candidates=table_candidates + [example_candidate, slip_candidate(
                describe(infer_schema([v for _, v in slips])), [s for s, _ in slips])],
            decision=f"{describe(agreed)}, as every table and most examples say; the others are slips")]
    if present and len(fitting) == 1:
        chosen = fitting[0][0]
        return chosen, [ctx.conflict(subject=subject, kind="type",
                                     candidates=table_candidates + [example_candidate],
                                     decision=describe(chosen), rule="R2-example-type")]
    shapes = reshaped([c[0] for c in candidates.values()], [v for _, v in present]) if not fitting else []
    if present and len(shapes) == 1:
        # "key_info | Array of key_info objects" while every example sends one key_info object (or the
        # reverse): the table's type, in the shape the examples show, keeps the table's fields
        return shapes[0], [ctx.conflict(subject=subject, kind="type",
                                            candidates=table_candidates + [example_candidate],
                                            decision=f"{describe(shapes[0])}, the shape the examples send",
                                            rule="R2-example-shape")]
    example_kinds = {json_kind(v) for _, v in present}
    if present and not fitting and len(example_kinds - {"integer"} if example_kinds == {"integer", "number"}
                                        else example_kinds) == 1:
        chosen = infer_schema([v for _, v in present])
        return chosen, [ctx.conflict(subject=subject, kind="type",
                                     candidates=table_candidates + [example_candidate],
                                     decision=f"{describe(chosen)}, as the examples send",
                                     rule="R2-example-type")]
    options = [c[0] for c in (fitting or list(candidates.values()))]
    if present and not fitting:  # the examples disagree among themselves: every shape they show stays
        inferred = infer_schema([v for _, v in present])
        options += [o for o in inferred.get("anyOf", [inferred]) if o not in options]
    chosen = {"anyOf": options} if len(options) > 1 else options[0]
    shown = [example_candidate] if present else []
    return chosen, [ctx.conflict(subject=subject, kind="type", candidates=table_candidates + shown,
                                 decision="undecided: the spec accepts every candidate (anyOf)",
                                 rule="R4-unresolved", status="unresolved")]


def _captured(ctx: Decisions, subject: str, evidence: Evidence | None,
              candidates: dict[str, tuple[dict[str, Any], list[str]]], table_candidates: list[Candidate],
              example_candidate: Candidate | None) -> tuple[dict[str, Any], list[str]] | None:
    """Where the docs disagree on a type, the captures decide when exactly one candidate fits all of
    them (DESIGN.md rule 2); None when there are none, or they fit none or several."""
    observed = evidence.observed.get(subject) if evidence else None
    if not observed:
        return None
    fitting = [c[0] for c in candidates.values() if all(fits(c[0], o.sample) for o in observed.values())]
    if len(fitting) != 1:
        return None
    sent = ", ".join(f"{kind} ({o.count:,})" for kind, o in sorted(observed.items()))
    total = sum(o.count for o in observed.values())
    captures = Candidate(f"{sent}: {total:,} captured response{'s' if total != 1 else ''}",
                         tuple(o.first for _, o in sorted(observed.items())))
    return fitting[0], [ctx.conflict(
        subject=subject, kind="type",
        candidates=table_candidates + ([example_candidate] if example_candidate else []) + [captures],
        decision=f"{describe(fitting[0])}, as the captures send", rule="R2-capture-type")]


def decide_default(ctx: Decisions, subject: str, schema: dict[str, Any],
                   fields: list[Field]) -> tuple[Any, list[str]]:
    """The default the rows state, typed; the first in language priority where they disagree."""
    for f in fields:
        refuse_unholdable_default(f, base_type(schema))
    stated = [(typed_value(f.default, base_type(schema)), f) for f in fields if f.default is not None]
    stated = [(v, f) for v, f in stated if v is not None]
    if not stated:
        return None, []
    distinct = {json.dumps(v) for v, _ in stated}
    if len(distinct) == 1:
        refuse_default_outside_enum(stated[0][0], schema, stated[0][1])
        return stated[0][0], []
    chosen = stated[0][0]
    refuse_default_outside_enum(chosen, schema, stated[0][1])
    return chosen, [ctx.conflict(
        subject=subject, kind="default",
        candidates=[Candidate(json.dumps(v, ensure_ascii=False), (f.provenance.cite(),)) for v, f in stated],
        decision=json.dumps(chosen, ensure_ascii=False), rule="R3-language-priority")]
