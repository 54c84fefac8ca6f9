"""Rule R2-namesakes-apart: tables of one name in different operations that are two objects, not one.

Operations share their response types by name (merge.py unites the tables of one name whose fields mostly
agree). An API revised between versions keeps a table's name and most of its fields while changing some: AS's
v1 scaling action log sends `instance_added_list` as a string of names, v2 as an array of instance objects;
v1's `scaling_policy_action` holds {operation, instance_number, instance_percentage}, v2's {operation, size,
percentage, limits}. United, such fields have two types, and a person must pick one that is right for neither
version. Where each side's own examples send its own type, the examples show two objects on the wire: the two
stay two schemas (R3-schema-collision names the later). Where a side's examples send nothing there, or send the
other side's type, nothing shows they differ: they unite and the field's conflict stays for a person. So do
sides documented in different languages only: one object translated with a slip is as likely as two objects."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.ir import Field, TypeRef, json_kind

# Two objects whose fields share less than this (Jaccard) are different objects: the threshold at which merge.py
# unites namesakes and congruence.py the objects of one field.
MOSTLY_SHARED = 0.5


@dataclass(frozen=True)
class Shape:
    """What a table says a field holds: a JSON kind ("any" where it does not say), an object's fields (as the
    tables of the object type it names list them; empty where none are known), an array's elements."""

    kind: str
    fields: frozenset[str] = frozenset()
    items: Shape | None = None

    def describe(self) -> str:
        if self.kind == "array":
            return f"array of {self.items.describe()}" if self.items else "array"
        if self.kind == "object" and self.fields:
            return "object {" + ", ".join(sorted(self.fields)) + "}"
        return self.kind


@dataclass(frozen=True)
class Side:
    """One group of namesake tables (one schema so far): the types its tables give each field, what its
    examples send there (nulls left out: a null says nothing of the type), and where both were read."""

    shapes: dict[str, tuple[Shape, ...]]
    values: dict[str, tuple[Any, ...]]
    cites: dict[str, tuple[str, ...]]
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Difference:
    """A common field the two sides type differently, each side's examples sending its own type."""

    field: str
    shapes: tuple[Shape, Shape]
    cites: tuple[tuple[str, ...], tuple[str, ...]]


def shape_of(t: TypeRef, fields_of: Callable[[str], frozenset[str]]) -> Shape:
    """The shape of a parsed type; `fields_of` gives the fields of the object type a name refers to."""
    if t.kind == "ref":
        return Shape("object", fields_of(t.ref or ""))
    if t.kind == "array":
        return Shape("array", items=shape_of(t.items, fields_of) if t.items is not None else None)
    if t.kind == "object":
        return Shape("object")
    return Shape(t.kind)


def side_of(rows: Iterable[tuple[Field, Shape]], instances: Iterable[tuple[str, dict[str, Any]]]) -> Side:
    """A side from its tables' rows (each with its shape) and the example objects met at its place."""
    shapes: dict[str, list[Shape]] = {}
    cites: dict[str, list[str]] = {}
    languages: set[str] = set()
    for f, shape in rows:
        shapes.setdefault(f.name, []).append(shape)
        cites.setdefault(f.name, []).append(f.provenance.cite())
        languages.add(f.provenance.language)
    values: dict[str, list[Any]] = {}
    for source, instance in instances:
        for name, value in instance.items():
            if value is not None:
                values.setdefault(name, []).append(value)
                cites.setdefault(name, []).append(source)
    return Side({k: tuple(v) for k, v in shapes.items()}, {k: tuple(v) for k, v in values.items()},
                {k: tuple(dict.fromkeys(v)) for k, v in cites.items()}, frozenset(languages))


def differences(a: Side, b: Side) -> list[Difference]:
    """The common fields whose types the sides give differently, each side's examples sending its own type;
    none when any common field's examples on one side send the other side's type (one object, one slip), or
    when the sides share no language."""
    if not a.languages & b.languages:
        return []
    found: list[Difference] = []
    for name in sorted(set(a.shapes) & set(b.shapes)):
        own_a, own_b = _one_shape(a.shapes[name]), _one_shape(b.shapes[name])
        if own_a is None or own_b is None or not _disagree(own_a, own_b):
            continue
        verdict_a = _verdict(a.values.get(name, ()), own_a, own_b)
        verdict_b = _verdict(b.values.get(name, ()), own_b, own_a)
        if "other" in (verdict_a, verdict_b):
            return []
        if verdict_a == verdict_b == "own":
            found.append(Difference(name, (own_a, own_b), (a.cites.get(name, ()), b.cites.get(name, ()))))
    return found


def _one_shape(shapes: tuple[Shape, ...]) -> Shape | None:
    """The type a side's tables agree on; None when they disagree among themselves (the side has no one type)."""
    first = shapes[0]
    return first if all(not _disagree(first, s) for s in shapes[1:]) else None


def _disagree(a: Shape, b: Shape) -> bool:
    if "any" in (a.kind, b.kind):
        return False  # a table that does not say disagrees with nothing
    if {a.kind, b.kind} <= {"integer", "number"}:
        return False  # a number may be whole
    if a.kind != b.kind:
        return True
    if a.kind == "array":
        return a.items is not None and b.items is not None and _disagree(a.items, b.items)
    if a.kind == "object" and a.fields and b.fields:
        return len(a.fields & b.fields) < MOSTLY_SHARED * len(a.fields | b.fields)
    return False


def _verdict(values: tuple[Any, ...], own: Shape, other: Shape) -> str:
    """"own" when a side's examples send there what its own type says, every one of them closer to it than to
    the other's; "other" when one is closer to the other side's type; "" when they show neither."""
    if not values:
        return ""
    fits = [(_fit(v, own), _fit(v, other)) for v in values]
    if any(theirs > mine for mine, theirs in fits):
        return "other"
    return "own" if all(mine > theirs for mine, theirs in fits) else ""


def _fit(value: Any, shape: Shape) -> float:
    """How well a JSON value fits a shape: 0 for another kind; 1 and up for its kind, the more of an object's
    keys the shape's fields hold (and of an array's elements fit its items), the higher."""
    kind = json_kind(value)
    if shape.kind == "any":
        return 0.0
    if kind != shape.kind and not (kind == "integer" and shape.kind == "number"):
        return 0.0
    if kind == "object" and shape.fields:
        return 1.0 + len(set(value) & shape.fields) / len(value) if value else 1.0
    if kind == "array" and shape.items is not None and value:
        return 1.0 + sum(_fit(v, shape.items) for v in value) / (2.0 * len(value))
    return 1.0
