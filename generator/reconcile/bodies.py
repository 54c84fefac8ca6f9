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
Read so, the page's body is the one its sibling pages document with the wrapper row (one action, not two)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from generator.ir import Example, Field, Page, Table, TypeRef
from generator.reconcile.model import Candidate

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


@dataclass(frozen=True)
class KeyedBody:
    """A body table read as the object of the one top key its page's examples send its fields under."""

    source: str
    request_line: str  # "PUT /v2/{project_id}/dnat_rules/{dnat_rule_id}"
    section: Literal["request", "response"]
    status: str | None
    key: str
    table: str  # its label
    shown_by: tuple[str, ...]  # the examples (file:line)


def body_key(table: Table, examples: list[Example]) -> str | None:
    """The top key under which every parsed example of the table's body sends the table's fields, where the
    table lists fields, does not list that key, and every example is an object of that one key whose object
    shares a field with the table; else None (fields sent at the top level, or under different keys)."""
    bodies = [e.body for e in examples if e.parsed]
    if not table.fields or placeholder_row(table) is not None or not bodies \
            or not all(isinstance(b, dict) and len(b) == 1 for b in bodies):
        return None
    keys = {next(iter(b)) for b in bodies}
    names = {f.name for f in table.fields}
    key = keys.pop() if len(keys) == 1 else None
    if key is None or key in names or is_placeholder(key):
        return None
    return key if all(isinstance(b[key], dict) and names & set(b[key]) for b in bodies) else None


def key_bodies(pages: list[Page]) -> tuple[list[Page], list[KeyedBody]]:
    """The pages with every body table that documents the object of its examples' one top key read so: the
    table becomes that object's table, under a root table of one row, the key (rule R2-body-key)."""
    read: list[Page] = []
    keyed: list[KeyedBody] = []
    for page in pages:
        tables: list[Table] = []
        for table in page.tables:
            shown = _examples_of(page, table)
            key = body_key(table, shown) if page.kind == "operation" else None
            if key is None:
                tables.append(table)
                continue
            tables.extend(_keyed_tables(table, key))
            section: Literal["request", "response"] = "request" if table.role == "request_body" else "response"
            keyed.append(KeyedBody(page.source, f"{page.method} {page.path}", section, table.status, key,
                                   table.label, tuple(e.provenance.cite() for e in shown if e.parsed)))
        read.append(replace(page, tables=tuple(tables)) if len(tables) != len(page.tables) else page)
    return read, keyed


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


def report_keyed(keyed: KeyedBody) -> tuple[str, list[Candidate], str, str]:
    """The conflict that says how a keyed body was read: (subject, candidates, decision, rule)."""
    where = keyed.section if keyed.section == "request" else f"response {keyed.status or ''}".rstrip()
    return (f"{keyed.request_line} {where} body ({keyed.source})",
            [Candidate(f"the fields at the body's root ({keyed.table})", (keyed.source,)),
             Candidate(f"the fields under '{keyed.key}' (every example)", keyed.shown_by)],
            f"the table documents the object under '{keyed.key}': the body is {{{keyed.key}: that object}}",
            "R2-body-key")
