"""One field of one schema, one object type (rule R3-congruent-field).

The walk makes one schema of the tables met at one place of one operation's bodies, and response tables of
one name met in different operations become one schema when their fields mostly agree (merge.py). A field of
such a merged schema can still point, page by page, at object tables the walk never met together: `port`'s
`allowed_address_pairs` is `allow_address_pair` on one page and `allowed_address_pairs` on another, both
{ip_address, mac_address}. Each stays a schema of its own and the field's type is left undecided between
them. Those tables are one object documented several times: this module unites their classes (their own
fields' objects then in turn, to a fixpoint) and says which it united, for the report.

It unites only what is safely one object:
- a response schema's field: request schemas stay with their operation (what creating requires, updating need
  not), so neither a request parent nor a request child is touched;
- objects reached in the same shape (an object, an array of objects, a map of objects): an object beside an
  array of objects is a shape disagreement for the type rules;
- objects whose documented fields agree: one page lists none, one holds the other's, or half or more are
  shared. Fields mostly apart (v1's {instance_number, operation} beside v2's {limits, size, operation}, or a
  link to the wrong table) are different objects under one name, and stay for a person (R4-unresolved);
- never a body root, whose schema name is fixed by its operation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.ir import Table, TypeRef
from generator.reconcile.context import Decisions
from generator.reconcile.model import Candidate

# (source file, place of the table on its page): the reconciler's node key (merge.py)
NodeKey = tuple[str, str]


@dataclass(frozen=True)
class ClassGraph:
    """What the step needs of the reconciler's classes of tables, as it stands while they are united."""

    classes: Callable[[], dict[NodeKey, list[NodeKey]]]  # every class: its root and its members
    table: Callable[[NodeKey], Table | None]  # the table a node key stands for (None: the docs print none)
    child: Callable[[NodeKey, str], NodeKey]  # the node of the object type a row of a table names
    named: Callable[[NodeKey], str]  # the name the page gives a node's table
    find: Callable[[NodeKey], NodeKey]  # the root of a node's class
    unite: Callable[[list[NodeKey]], NodeKey]  # one class of these nodes' classes
    fixed: Callable[[NodeKey], bool]  # a class whose name is fixed (a body root, named by its operation)
    direction: Callable[[list[NodeKey]], str]  # "request" or "response", of a class's members


@dataclass(frozen=True)
class Congruence:
    """Classes united as one object: the field of the parent node's class that points at them, and each
    class as it was before (its members)."""

    parent: NodeKey
    field: str
    united: tuple[tuple[NodeKey, ...], ...]


def unite_congruent(graph: ClassGraph) -> list[Congruence]:
    """Unite, to a fixpoint, the object classes one field of one response schema points at that are one
    object; each union in the order made."""
    made: list[Congruence] = []
    while (union := _next_union(graph)) is not None:
        made.append(union)
    return made


def documented_fields(graph: ClassGraph, members: list[NodeKey] | tuple[NodeKey, ...]) -> set[str]:
    """The field names the tables of a class list (examples aside: they document nothing of the table)."""
    return {f.name for m in members if (t := graph.table(m)) is not None for f in t.fields}


def congruent(one: set[str], other: set[str]) -> bool:
    """Whether two tables' fields can document one object: one lists none, one holds the other's, or half or
    more of all their fields are shared (the share merge.py asks of namesakes)."""
    if not one or not other or one <= other or other <= one:
        return True
    return len(one & other) / len(one | other) >= 0.5


def shape_of(kind: TypeRef) -> tuple[str, ...]:
    """The containers around the object a type names: () for `X object`, ("array",) for `array of X`,
    ("map",) for a map of X."""
    if kind.kind == "array" and kind.items is not None:
        return ("array", *shape_of(kind.items))
    if kind.kind == "object" and kind.values is not None:
        return ("map", *shape_of(kind.values))
    return ()


def _next_union(graph: ClassGraph) -> Congruence | None:
    """The first set of congruent classes one field points at, united; None when there is none left."""
    classes = graph.classes()
    for root, members in classes.items():
        if graph.direction(members) == "request":
            continue
        for (field, _), children in _pointed_at(graph, members).items():
            group = _congruent_group(graph, classes, children)
            if group:
                graph.unite([g[0] for g in group])
                return Congruence(parent=root, field=field, united=tuple(tuple(g) for g in group))
    return None


def _pointed_at(graph: ClassGraph, members: list[NodeKey]) -> dict[tuple[str, tuple[str, ...]], list[NodeKey]]:
    """(field name, shape) -> the roots of the object classes the class's rows of that name point at, in the
    order first met."""
    pointed: dict[tuple[str, tuple[str, ...]], list[NodeKey]] = {}
    for key in members:
        table = graph.table(key)
        for row in table.fields if table else ():
            ref = row.type.referenced_name()
            if ref is None:
                continue
            roots = pointed.setdefault((row.name, shape_of(row.type)), [])
            root = graph.find(graph.child(key, ref))
            if root not in roots:
                roots.append(root)
    return pointed


def _congruent_group(graph: ClassGraph, classes: dict[NodeKey, list[NodeKey]],
                     roots: list[NodeKey]) -> list[list[NodeKey]]:
    """The first two or more of these classes that are one object (each by its members), or [] when none is:
    a class joins the group when each of its tables agrees with each table in the group (not with their
    fields united, which would chain {a, b} to {c, d} through {a, b, c, d}, in one pass or over several)."""
    open_ = [classes[r] for r in roots if not graph.fixed(r) and graph.direction(classes[r]) != "request"]
    for i, seed in enumerate(open_):
        group, tables = [seed], _field_sets(graph, seed)
        for other in open_[i + 1:]:
            theirs = _field_sets(graph, other)
            if all(congruent(known, new) for known in tables for new in theirs):
                group.append(other)
                tables += theirs
        if len(group) > 1:
            return group
    return []


def _field_sets(graph: ClassGraph, members: list[NodeKey]) -> list[set[str]]:
    """The field names of each table of a class."""
    return [{f.name for f in t.fields} for m in members if (t := graph.table(m)) is not None]


def report_union(ctx: Decisions, graph: ClassGraph, union: Congruence, name_of: Callable[[NodeKey], str]) -> str:
    """Record a union as a resolved type conflict of the parent's field, each united class a candidate citing
    its tables; `name_of` gives the final schema name of a node's class. The conflict's id."""
    candidates = [Candidate(_described(graph, members), _cited(graph, members)) for members in union.united]
    return ctx.conflict(
        subject=f"{name_of(union.parent)}.{union.field}", kind="type", candidates=candidates,
        decision=f"one object, {name_of(union.united[0][0])}: its tables document one object on several pages; "
                 "their fields united, each marked with the sources that list it",
        rule="R3-congruent-field")


def _described(graph: ClassGraph, members: tuple[NodeKey, ...]) -> str:
    names = " / ".join(sorted({graph.named(m) for m in members}))
    fields = sorted(documented_fields(graph, members))
    return f"{names} object: " + (", ".join(fields) if fields else "no fields documented")


def _cited(graph: ClassGraph, members: tuple[NodeKey, ...]) -> tuple[str, ...]:
    """The tables of a class, or the pages that name it where they print none."""
    return tuple(sorted({t.provenance.cite() if (t := graph.table(m)) is not None else m[0] for m in members}))
