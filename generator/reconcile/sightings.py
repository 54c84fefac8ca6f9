"""Whether a field's examples are evidence of its type: what the service's pages show of each field name
(the values its examples send, the types its tables name) and where those examples disagree among
themselves, which makes them evidence of neither side (rule R3-examples-disagree in rules.py).

"The same field" is one property name within one service. Its own examples (the values sent at one place of
the bodies) are one field beyond doubt: two kinds among them are a disagreement. The same name elsewhere in
the service counts as the same field only where its examples show one value written two ways, bare and quoted
(`0` on one page, `"0"` on another; `true` and `"true"`), every quoted one of the bare kind: a name whose
examples show unrelated values (`"NORMAL"` in one resource, `1` in another; a key's expiry `"1501578672000"`
beside a token's `1501578672`) names different fields that say nothing about each other.
A placeholder (`"xxx"`, `"<id>"`, `"string"`) stands for a value instead of being one: it is no evidence."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.ir import Table, json_kind
from generator.reconcile.admit import NUMBER
from generator.reconcile.fragments import comparable

SCALAR_KINDS = ("string", "integer", "number", "boolean")

# A string that stands for a value: x's (`xxx`, `xxxx-xxxx`), a name in angle brackets or braces (`<id>`,
# `{project_id}`, `${name}`), a type's name (`string`, `int`), an ellipsis.
_PLACEHOLDER = re.compile(
    r"[xX]{3,}(?:[-_.:][xX]+)*|<[^<>]*>|\$?\{[^{}]*\}|\.{3}|…|"
    r"(?i:string|str|integer|int|int32|int64|long|number|float|double|boolean|bool)")


@dataclass(frozen=True)
class Sightings:
    """What the service's pages show of one field name: (source, value) of every example that sends it (no
    null, no placeholder) and (scalar schema, cite) of every table row that types it as a scalar."""

    sent: tuple[tuple[str, Any], ...] = ()
    typed: tuple[tuple[dict[str, Any], str], ...] = ()


def is_placeholder(value: Any) -> bool:
    """Whether an example value stands for a value instead of being one."""
    return isinstance(value, str) and _PLACEHOLDER.fullmatch(value.strip()) is not None


def evidence(values: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The example values that are evidence of a type: not null (a rule of its own), not a placeholder."""
    return [(src, v) for src, v in values if v is not None and not is_placeholder(v)]


def index_fields(tables: Iterable[Table], instances: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Sightings]:
    """Every field name of the service's body tables and example objects, with what they show of it."""
    sent: dict[str, list[tuple[str, Any]]] = {}
    typed: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for source, instance in instances:
        for name, value in evidence(instance.items()):
            sent.setdefault(name, []).append((source, value))
    for table in tables:
        for f in table.fields:
            if f.type.kind in SCALAR_KINDS:
                typed.setdefault(f.name, []).append(({"type": f.type.kind}, f.provenance.cite()))
    return {name: Sightings(tuple(sent.get(name, ())), tuple(typed.get(name, ())))
            for name in sorted(set(sent) | set(typed))}


def _kind(value: Any) -> str:
    """An example's kind as disagreement counts it: an integer and a fraction are both numbers."""
    kind = json_kind(value)
    return "number" if kind == "integer" else kind


def _reads_as(text: str) -> str | None:
    """The kind a quoted value is written as: `"0"` a number, `"false"` a boolean; None for other text."""
    if NUMBER.fullmatch(text.strip()):
        return "number"
    return "boolean" if text.strip().lower() in ("true", "false") else None


def disagreement(own: list[tuple[str, Any]], seen: Sightings | None) -> dict[str, list[tuple[str, Any]]] | None:
    """The examples of the field grouped by the kind they disagree on, or None where they agree. `own` are the
    examples at this place (evidence only); `seen` what the service shows of the name."""
    if len({_kind(v) for _, v in own}) > 1:
        return _by_kind(own)
    every = _distinct(own + list(seen.sent if seen else ()))
    kinds = {_kind(v) for _, v in every}
    bare = next(iter(kinds - {"string"}), None) if len(kinds) == 2 and "string" in kinds else None
    if bare not in ("number", "boolean"):  # an object here and a string there: no value written two ways
        return None
    quoted = [v for _, v in every if isinstance(v, str)]
    shown = {_value(v) for _, v in every if not isinstance(v, str)}
    # every quoted value is of the bare kind, and one of them is a value sent bare too: one field, quoted on
    # some pages ("1501578672000" beside 1501578672 may be two fields: a key's expiry and a token's)
    if all(_reads_as(v) == bare for v in quoted) and any(_value(v) in shown for v in quoted):
        return _by_kind(every)
    return None


def _value(value: Any) -> float | bool:
    """What a bare number or boolean, or one quoted, stands for: `"0"`, `0` and `0.0` one value."""
    if isinstance(value, str):
        text = value.strip()
        return float(text) if NUMBER.fullmatch(text) else text.lower() == "true"
    return value if isinstance(value, bool) else float(value)


def _distinct(values: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """One entry per (source, value): the examples at this place are among the service's too."""
    seen: dict[str, tuple[str, Any]] = {}
    for src, v in values:
        seen.setdefault(json.dumps([src, v], sort_keys=True), (src, v))
    return list(seen.values())


def _by_kind(values: list[tuple[str, Any]]) -> dict[str, list[tuple[str, Any]]]:
    kinds: dict[str, list[tuple[str, Any]]] = {}
    for src, v in values:
        kinds.setdefault(_kind(v), []).append((src, v))
    return dict(sorted(kinds.items()))


Split = dict[str, list[tuple[str, Any]]]  # the examples of a field grouped by the kind each sends


def agreed_table_type(seen: Sightings | None, split: Split) -> tuple[dict[str, Any], list[str]] | None:
    """The one scalar type every table row of the name across the service gives it, with their cites, if it
    is one of the kinds the examples disagree on; None where the tables give none, or several."""
    if seen is None or not seen.typed:
        return None
    distinct = {json.dumps(comparable(schema), sort_keys=True) for schema, _ in seen.typed}
    if len(distinct) != 1:
        return None
    schema = seen.typed[0][0]
    kind = "number" if schema["type"] == "integer" else schema["type"]
    if kind not in split:
        return None
    return schema, sorted({cite for _, cite in seen.typed})
