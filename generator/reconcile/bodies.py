"""The shape of a request or response body: an object (its table lists the body's fields), or a bare array.

Huawei's pages write a body that is itself a JSON array as a table of one row whose name is a bracketed
placeholder, not a field (`*[数组]*`, `[Array]`): that row names the body itself (rule R3-placeholder-body).
Its type is the body's: `Array of objects` with a table of the item's fields is an array of that object.
No client could send or read a field named `[Array]`, so a bracketed name is never taken for one.

When the pages of one operation disagree (one writes the placeholder, another lists fields at the root), the
examples' shape decides (a JSON array or an object), else the language priority; where the tables list the
fields at the root and every example is an array of such objects, the body is an array of them: the examples
show what the API sends (rule R2-body-shape).

A page may print the fields of the object its body wraps as the body's own table (`nat_gateway_id`, `port_id`,
… at the root) while every example sends them under one top key (`{"dnat_rule": {…}}`) the table does not
list: the table documents that key's object, and the body is `{key: <the table's object>}` (rule R2-body-key).
Read so, the page's body is the one its sibling pages document with the wrapper row (one action, not two).

The mirror: a page may document a level its examples never send. An object table (`TrafficMirrorFilterResponseBody`,
one row `traffic_mirror_filter: TrafficMirrorFilter object`) whose fields no example sends at its place, while
every example sends there most fields of the object one of its rows holds (`id`, `name`, `ingress_rules`, …), is
a wrapper the wire does not have: the place holds that row's object (rule R2-unsent-level). At the root the body
is the row's object; under it, the row that reached the table points at the row's object. A sparse example (half
of the inner fields or fewer) or one that sends any of the table's own fields leaves the documented level alone.
Both rules read every level of a body from its root down, each page with its own examples. A table reached at
several places is read from the examples of them all; a body's root loses its level only where no other page of
the operation sends that level (there the page's bare examples are the slip: kept, they tell no field)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from generator.bind import objects_under
from generator.ir import Example, Field, Page, Table, TypeRef
from generator.reconcile.admit import MAX_NESTING
from generator.reconcile.model import Candidate
from generator.reconcile.slips import nameless_reason

# `[数组]`, `*[Array]*`, `_\[array\]_`: brackets around the whole name, emphasis aside
_PLACEHOLDER = re.compile(r"[*_\s]*\\?\[[^\[\]]+\\?\][*_\s]*")

Shape = Literal["object", "array"]


def placeholder_row(table: Table | None) -> Field | None:
    """The row of a body table that names the body itself (a bracketed placeholder as its only row, typed as
    an object or an array of objects), or None when the table lists the body's fields."""
    if table is None or len(table.fields) != 1:
        return None
    row = table.fields[0]
    if not _PLACEHOLDER.fullmatch(row.name) or row.type.referenced_name() is None:
        return None
    if row.type.kind == "ref" or (row.type.kind == "array" and row.type.items is not None
                                  and row.type.items.kind == "ref"):
        return row
    return None


def is_placeholder(name: str) -> bool:
    return bool(_PLACEHOLDER.fullmatch(name))


def row_shape(row: Field) -> Shape:
    return "array" if row.type.kind == "array" else "object"


@dataclass(frozen=True)
class ShapeDecision:
    """What shape a body has, which pages said what, and what decided where the tables alone did not ("")."""

    shape: Shape
    said: dict[Shape, tuple[str, ...]]  # shape -> the sources whose tables say it
    decided_by: str = ""
    shown_by: tuple[str, ...] = ()  # the examples (file:line) whose shape decided


Shown = list[tuple[str, Any]]  # (file:line, the example body)


def decide_shape(said: dict[Shape, list[str]], examples: Shown, priority: list[str],
                 fields: frozenset[str] = frozenset(), answers: tuple[Any, ...] = ()) -> ShapeDecision:
    """The body's shape from what each page's table says. Where they disagree: the examples' shape, when they
    all show one, else the first source in language priority (`priority`: the sources in that order). Where
    the tables list fields (`fields`) and every example is an array of objects with those fields, an array,
    unless an example of the operation's other success answers (`answers`) shows an object: one page's array
    beside another's object for the same call is a slip of one of them, not evidence."""
    sources = {shape: tuple(found) for shape, found in sorted(said.items()) if found}
    bodies = [(place, e) for place, e in examples if isinstance(e, (list, dict))]
    shown: set[Shape] = {"array" if isinstance(e, list) else "object" for _, e in bodies}
    cites = tuple(dict.fromkeys(place for place, _ in bodies))
    if len(sources) < 2:
        shape: Shape = next(iter(sources), "object")
        if shape == "object" and shown == {"array"} and not any(isinstance(a, dict) for a in answers) \
                and _items_fit([e for _, e in examples], fields):
            return ShapeDecision("array", sources, "every example's shape (arrays of the objects the table lists)",
                                 cites)
        return ShapeDecision(shape, sources)
    if len(shown) == 1:
        return ShapeDecision(shown.pop(), sources, "the examples' shape", cites)
    first = next(s for s in priority if any(s in found for found in sources.values()))
    shape = next(shape for shape, found in sources.items() if first in found)
    return ShapeDecision(shape, sources, "the language priority")


def _items_fit(bodies: list[Any], fields: frozenset[str]) -> bool:
    """Every example an array whose elements are objects sharing a key with the table's fields, one at least."""
    items = [item for body in bodies if isinstance(body, list) for item in body]
    return bool(items) and all(isinstance(item, dict) and fields & set(item) for item in items)


@dataclass(frozen=True)
class BodyReading:
    """How the root tables of one body read: per table (by its key), its placeholder row or None; the shape
    decided; the placeholder rows as written -> the sources that print them."""

    rows: dict[Any, Field | None]
    decision: ShapeDecision
    placeholders: dict[str, tuple[str, ...]]


def read_body(tables: dict[Any, Table | None], examples: Shown, priority: list[str],
              answers: tuple[Any, ...] = ()) -> BodyReading:
    """The shape of a body from its root tables (keyed by (source, place)) and its example bodies; `answers`:
    the example bodies of the operation's other success answers."""
    rows = {key: placeholder_row(table) for key, table in tables.items()}
    said: dict[Shape, list[str]] = {"array": [], "object": []}
    placeholders: dict[str, tuple[str, ...]] = {}
    for key, row in rows.items():
        said[row_shape(row) if row else "object"].append(key[0])
        if row is not None:
            written = f"{row.name} ({row.type.raw or row.type.describe()})"
            placeholders[written] = (*placeholders.get(written, ()), key[0])
    fields = frozenset(f.name for key, table in tables.items() if table and not rows[key] for f in table.fields)
    return BodyReading(rows, decide_shape(said, examples, priority, fields, answers), placeholders)


def report(decision: ShapeDecision, placeholders: dict[str, tuple[str, ...]]) -> tuple[list[Candidate], str, str]:
    """The conflict that says how a body's shape was read: (candidates, decision, rule). `placeholders`: each
    placeholder row as written (name and type) -> the sources that print it."""
    body = "an array" if decision.shape == "array" else "an object"
    if decision.decided_by:
        said = [Candidate("an array (a placeholder row)" if shape == "array" else "an object (fields at the root)",
                          sources) for shape, sources in decision.said.items()]
        shown = [Candidate(f"{body} (the examples)", decision.shown_by)] if decision.shown_by else []
        return said + shown, f"the body is {body}, from {decision.decided_by}", "R2-body-shape"
    return ([Candidate(f"a table whose one row is {row}", sources) for row, sources in sorted(placeholders.items())],
            f"the row names the body: {body} of the objects its type's table lists", "R3-placeholder-body")


def example_items(body: Any, shape: Shape) -> list[dict[str, Any]]:
    """The objects an example shows for the body's schema: the body itself, or each object of an array body."""
    if shape == "array":
        return [item for item in body if isinstance(item, dict)] if isinstance(body, list) else []
    return [body] if isinstance(body, dict) else []


# How a table read by R2-body-key was bound: the name it is given (the key) is no page's name for it, so it
# does not vote among the names the pages give the object (R3-name-majority)
KEYED = "the one top key its examples send its fields under"
# How a body root read by R2-unsent-level was bound: it is the table of the object its examples send there
UNSENT = "the object its examples send in place of the level its page documents"

# The kind of the conflict that sets aside an example sending a body's root a level off the call's other pages: the
# example check (pipeline.invalid_examples) finds it by this kind and its example by the candidate's source
EXAMPLE_LEVEL = "example-level"

Place = list[tuple[str, dict[str, Any]]]  # (file:line of an example, an object it shows at one place)
LevelRule = Literal["R2-body-key", "R2-unsent-level"]


@dataclass(frozen=True)
class LevelReading:
    """A level of a body that a page's tables and its examples disagree on, read as the examples show it: a top
    key they wrap the table's fields in, which the body gains (R2-body-key), or an object table whose row's
    object they send in the table's place, which loses that level (R2-unsent-level)."""

    source: str
    request_line: str  # "PUT /v2/{project_id}/dnat_rules/{dnat_rule_id}"
    section: Literal["request", "response"]
    status: str | None
    rule: LevelRule
    place: str  # "" at the body's root, else the fields that reach it ("traffic_mirror_filters[]")
    table: str  # the label of the table read
    key: str  # the key the body gains, or the row whose object the place holds
    shown_by: tuple[str, ...]  # the examples (file:line) that show the place
    inner: str = ""  # R2-unsent-level: the label of the table of the row's object
    unsent: tuple[str, ...] = ()  # R2-unsent-level: the table's other rows, which no example sends either


def body_key(table: Table, examples: list[Example]) -> str | None:
    """The top key under which every parsed example of the table's body sends the table's fields, where the
    table lists fields, does not list that key (nor is it a key no client could name, slips.nameless_reason),
    and every example is an object of that one key whose object shares a field with the table; else None (fields
    sent at the top level, or under different keys)."""
    bodies = [e.body for e in examples if e.parsed]
    if not table.fields or placeholder_row(table) is not None or not bodies \
            or not all(isinstance(b, dict) and len(b) == 1 for b in bodies):
        return None
    keys = {next(iter(b)) for b in bodies}
    names = {f.name for f in table.fields}
    key = keys.pop() if len(keys) == 1 else None
    # a key no client could name (`""`, `" "`) wraps nothing: the example's slip, not the body's level
    if key is None or key in names or is_placeholder(key) or nameless_reason(key, names) is not None:
        return None
    return key if all(isinstance(b[key], dict) and names & set(b[key]) for b in bodies) else None


def unsent_row(table: Table, shown: Place, table_of: Callable[[str], Table | None]) -> Field | None:
    """The row of an object table whose object the examples send in the table's place, where they send none
    of the table's own fields: the table documents a level the wire does not have. Strong evidence only: an
    object at the place in one example at least, none of the table's fields in any, and in every one more than
    half of the fields of one row's object table (the row's type a single object, and the only row that fits);
    a sparse example, or an empty object, leaves the documented level alone. `table_of`: the table of an
    object type named at this place, or None."""
    names = {f.name for f in table.fields}
    if not shown or not names or placeholder_row(table) is not None or any(names & set(obj) for _, obj in shown):
        return None
    fitting = [row for row in table.fields if row.type.kind == "ref" and row.type.ref is not None
               and (inner := table_of(row.type.ref)) is not None and inner is not table
               and _mostly_sent(inner, shown)]
    return fitting[0] if len(fitting) == 1 else None


def _mostly_sent(table: Table, shown: Place) -> bool:
    """Every object shown holds more than half of the table's fields."""
    names = {f.name for f in table.fields}
    return bool(names) and all(2 * len(names & set(obj)) > len(names) for _, obj in shown)


def read_levels(pages: list[Page]) -> tuple[list[Page], list[LevelReading]]:
    """The pages with every level of a body that their examples show otherwise than their tables read as the
    examples show it, at the root and at every object under it: a body table of the object of its examples'
    one top key (R2-body-key), an object table whose row's object the examples send in its place
    (R2-unsent-level). Each page is read with its own examples; a level is removed at a body's root only where
    no other page of the operation sends the level it documents (one page's bare example beside another's
    wrapped one is a slip of that example, not a body of another shape)."""
    read: list[Page] = []
    readings: list[LevelReading] = []
    roots = _root_objects(pages)
    for page in pages:
        tables = list(page.tables)
        readers = [_BodyReader(page, tables, table, roots) for table in page.tables if page.kind == "operation"
                   and table.role in ("request_body", "response_body")]
        found = [r for reader in readers for r in reader.read_root()]
        aside = {id(e): reader.why_aside for reader in readers for e in reader.aside}
        examples = tuple(replace(e, aside=aside[id(e)]) if id(e) in aside else e for e in page.examples)
        read.append(replace(page, tables=tuple(tables), examples=examples) if found or aside else page)
        readings += found
    return read, readings


class _BodyReader:
    """The levels of one body of a page read: `tables` (the page's, changed in place as levels are read)."""

    def __init__(self, page: Page, tables: list[Table], root: Table, roots: dict[_BodyOf, dict[str, Place]]) -> None:
        self.page = page
        self.tables = tables
        self.root = root
        # what the other pages of the operation send at this body's root
        self.others = [seen for source, shown in roots.get(_body_of(page, root), {}).items()
                       if source != page.source for seen in shown]
        self.found: list[LevelReading] = []
        self.reached: dict[int, Place] = {}  # object table (its index) -> the objects shown wherever it is reached
        self.aside: list[Example] = []  # the examples that send the root a level off the call's other pages
        self.why_aside = ""

    def note(self, rule: LevelRule, place: str, table: Table, key: str, shown: Place,
             inner: Table | None = None) -> None:
        unsent = tuple(f.name for f in table.fields if f.name != key) if inner is not None else ()
        self.found.append(LevelReading(
            self.page.source, f"{self.page.method} {self.page.path}",
            "request" if self.root.role == "request_body" else "response", self.root.status, rule, place,
            table.label, key, tuple(dict.fromkeys(cite for cite, _ in shown)), inner.label if inner else "", unsent))

    def object_at(self, referrer: Table, name: str) -> int | None:
        """The index of the object table a row of `referrer` names (its section and status), or None."""
        return next((i for i, t in enumerate(self.tables) if t.role == "object" and t.name == name
                     and t.section == referrer.section and (t.status or None) == (referrer.status or None)), None)

    def table_of(self, referrer: Table) -> Callable[[str], Table | None]:
        return lambda name: None if (i := self.object_at(referrer, name)) is None else self.tables[i]

    def read_root(self) -> list[LevelReading]:
        """The body's root read (a key it gains, or a level it loses), then every object under it."""
        examples = [e for e in _examples_of(self.page, self.root) if e.parsed]
        at = self.tables.index(self.root)
        key = body_key(self.root, examples)
        if key is not None:
            self.tables[at:at + 1] = _keyed_tables(self.root, key)
            self.note("R2-body-key", "", self.root, key, [(e.provenance.cite(), {}) for e in examples])
            at += 1  # the walk goes on from the key's object
        shown = [(e.provenance.cite(), obj) for e in examples
                 for obj in objects_under(e.body[key] if key is not None else e.body)]
        table = self.tables[at]
        level = unsent_row(table, shown + self.others, self.table_of(table)) if shown else None
        if level is None and self.others and (alone := unsent_row(table, shown, self.table_of(table))) is not None:
            # this page's examples alone send the root without its level, the other pages' send it: the slip is
            # these examples', not the table's; they stay examples (the check sets them aside) and tell no field
            self.aside = examples
            self.why_aside = (f"sends the object of {table.label}'s row '{alone.name}' bare, where the other "
                              f"pages of the call send '{alone.name}'")
        inner = self.object_at(table, level.type.ref or "") if level is not None else None
        if level is not None and inner is not None:
            self.note("R2-unsent-level", "", table, level.name, shown, self.tables[inner])
            # the body is the inner table's; the root table is read all the same (its conflict says how)
            self.tables[at] = replace(self.tables[inner], role=table.role, name=None, binding=UNSENT)
        self.gather(at, shown)
        self.read_under(at, shown, "", frozenset())
        return self.found

    def children(self, at: int, shown: Place, place: str,
                 trail: frozenset[str]) -> Iterator[tuple[Field, int, Place, str, frozenset[str]]]:
        """Each object row of `tables[at]` that examples show: the row, the index of its object's table, the
        objects shown at its place, the place and the trail of object names down to it."""
        holder = self.tables[at]
        placeholder = placeholder_row(holder)
        for row in holder.fields:
            name = row.type.referenced_name()
            inner = self.object_at(holder, name) if name is not None and name not in trail else None
            # a placeholder row names the body: its objects are the ones shown at the root
            under = shown if row is placeholder else [(cite, obj) for cite, value in shown
                                                      for obj in _objects_in(value.get(row.name), row.type)]
            if inner is None or not under or len(trail) >= MAX_NESTING:
                continue  # no example shows the place: nothing below it to read
            here = (f"{place}.{row.name}".lstrip(".") if row is not placeholder else place) \
                + ("[]" if row.type.kind == "array" else "")
            yield row, inner, under, here, trail | {name or ""}

    def gather(self, at: int, shown: Place, trail: frozenset[str] = frozenset()) -> None:
        """Every place each object table is reached at, as documented, with the objects shown there: a table two
        rows share (`a: X`, `b: X`) is one table, its level read from the examples of all its places."""
        for _, inner, under, _, deeper in self.children(at, shown, "", trail):
            self.reached.setdefault(inner, []).extend(under)
            self.gather(inner, under, deeper)

    def read_under(self, at: int, shown: Place, place: str, trail: frozenset[str]) -> None:
        """Each object row of `tables[at]` read at its place, with the objects the examples show there; a row
        whose table documents a level no example sends, at any place it is reached, is pointed at the object
        they send in its stead."""
        for row, inner, under, here, deeper in self.children(at, shown, place, trail):
            holder = self.tables[at]
            wrapper = self.tables[inner]
            evidence = under + [seen for seen in self.reached.get(inner, []) if seen not in under]
            level = unsent_row(wrapper, evidence, self.table_of(holder))
            target = self.object_at(holder, level.type.ref or "") if level is not None else None
            if level is not None and target is not None:
                # one reading of the table for every place (the row now points past it): the first place names
                # it, the examples of them all show it
                self.note("R2-unsent-level", here, wrapper, level.name, evidence, self.tables[target])
                moved = replace(row, type=_pointed(row.type, level.type.ref or ""))
                self.tables[at] = replace(holder, fields=tuple(moved if f is row else f for f in holder.fields))
                inner = target
            self.read_under(inner, under, here, deeper)


_BodyOf = tuple[str, str, str, str | None]  # method, path, "request" or "response", status


def _body_of(page: Page, root: Table) -> _BodyOf:
    return (page.method or "", page.path or "", "request" if root.role == "request_body" else "response",
            root.status if root.role == "response_body" else None)


def _root_objects(pages: list[Page]) -> dict[_BodyOf, dict[str, Place]]:
    """The objects each operation page's examples send at each body's root: body -> page (its source) -> them."""
    roots: dict[_BodyOf, dict[str, Place]] = {}
    for page in pages:
        for root in page.tables:
            if page.kind == "operation" and root.role in ("request_body", "response_body"):
                roots.setdefault(_body_of(page, root), {})[page.source] = [
                    (e.provenance.cite(), obj) for e in _examples_of(page, root) if e.parsed
                    for obj in objects_under(e.body)]
    return roots


def _objects_in(value: Any, type_: TypeRef) -> list[dict[str, Any]]:
    """The objects a value of a row's type holds: itself or its object items, a map's object values."""
    if type_.kind == "object" and isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, dict)]
    return objects_under(value)


def _pointed(type_: TypeRef, name: str) -> TypeRef:
    """The type with the object type it names (directly, as items or as a map's values) made `name`."""
    if type_.kind == "ref":
        return replace(type_, ref=name, raw=name)
    if type_.items is not None:
        return replace(type_, items=_pointed(type_.items, name))
    if type_.values is not None:
        return replace(type_, values=_pointed(type_.values, name))
    return type_


def _examples_of(page: Page, table: Table) -> list[Example]:
    """The page's examples of the body a root body table documents (none for any other table)."""
    if table.role == "request_body":
        return [e for e in page.examples if e.kind == "request"]
    if table.role == "response_body":
        return [e for e in page.examples if e.kind == "response" and e.status == table.status]
    return []


def _keyed_tables(table: Table, key: str) -> tuple[Table, Table]:
    """The root table of one row, `key`, whose type is the object the table lists; and that object's table.
    The row says nothing of whether the key is required: the page prints no row for it."""
    row = Field(name=key, type=TypeRef(kind="ref", raw=key, ref=key), description="", provenance=table.provenance)
    root = replace(table, fields=(row,), binding=KEYED, rows=0)
    return root, replace(table, role="object", name=key, binding=KEYED)


def report_level(reading: LevelReading) -> tuple[str, str, list[Candidate], str]:
    """The conflict that says how a level was read: (subject, kind, candidates, decision); its rule is the
    reading's."""
    where = reading.section if reading.section == "request" else f"response {reading.status or ''}".rstrip()
    at = f", {reading.place}" if reading.place else ""
    subject = f"{reading.request_line} {where} body{at} ({reading.source})"
    if reading.rule == "R2-body-key":
        return (subject, "body-key",
                [Candidate(f"the fields at the body's root ({reading.table})", (reading.source,)),
                 Candidate(f"the fields under '{reading.key}' (every example)", reading.shown_by)],
                f"the table documents the object under '{reading.key}': the body is {{{reading.key}: that object}}")
    unsent = f"; its other rows ({', '.join(reading.unsent)}) are sent by no example either" if reading.unsent else ""
    return (subject, "body-level",
            [Candidate(f"the fields of {reading.table}: '{reading.key}', which holds {reading.inner}",
                       (reading.source,)),
             Candidate(f"the fields of {reading.inner} (every example)", reading.shown_by)],
            f"{reading.table} is a level no example sends: the place holds the object of its row '{reading.key}' "
            f"({reading.inner}), as the examples show{unsent}")
