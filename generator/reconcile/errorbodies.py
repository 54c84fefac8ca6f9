"""Error bodies the operation pages document, one schema per body (rule R3-error-body-shared).

A service's pages document their error answers one operation at a time: SMN prints the same
`{request_id, code, message}` table under every 400, 403, 404 and 500 of every page. Read page by page, that
is one schema per operation and status (148 of them in SMN), which a client would have to catch one class at a
time. They are one body: documented bodies with the same fields, of the same types, are one schema.

- A documented body whose fields are the shared error body's (responses.py), each typed as it is there or
  with less said (a bare `object` where the shared body lists the object's fields, a plain string where it
  names the error code), is the shared body.
- Other documented bodies that several operations share field for field are one schema of their own, named
  as the shared body is (`ErrorResponse2`, ...), with its code field an ErrorCode value as the shared body's is.

A body documented once, or differently from every other, stays the operation's own. A per-operation schema
nothing refers to any more is dropped; the report lists, per schema, the operations and statuses it stands for."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from generator.reconcile.model import Operation, Schema, Service
from generator.reconcile.refine import generalizes
from generator.reconcile.responses import ERROR_CODES

REF_PREFIX = "#/components/schemas/"
CodeTyping = Callable[[str, dict[str, Any]], dict[str, Any]]  # (field, schema) -> schema, the code field typed


@dataclass(frozen=True)
class Shared:
    """One schema standing for documented error bodies: its name, the (operation, status, schema) it took,
    and the pages that documented each of those schemas."""

    schema: str
    members: tuple[tuple[str, str, str], ...]
    fields: tuple[str, ...]
    sources: tuple[tuple[str, ...], ...]  # per member


def share_error_bodies(service: Service, body: Schema, new_name: Callable[[dict[str, Schema]], str],
                       type_codes: CodeTyping) -> list[Shared]:
    """Point every documented error body at the one schema it shares (see the module docstring): updates
    `service.operations` and `service.schemas`, and returns what was shared."""
    documented = list(_documented(service, body.name))
    shared: dict[str, list[tuple[str, str, str]]] = {}
    rest: dict[str, list[tuple[str, str, str]]] = {}
    for op_id, status, name in documented:
        schema = service.schemas[name]
        if _says_no_more(schema, body):
            shared.setdefault(body.name, []).append((op_id, status, name))
        else:
            rest.setdefault(_shape(schema), []).append((op_id, status, name))
    for members in rest.values():
        if len({name for _, _, name in members}) < 2:
            continue
        name = new_name(service.schemas)
        service.schemas[name] = _united(name, [service.schemas[n] for n in dict.fromkeys(n for _, _, n in members)],
                                        type_codes)
        shared[name] = members
    into = {(op_id, status): target for target, members in shared.items() for op_id, status, _ in members}
    service.operations = [_repointed(op, into) for op in service.operations]
    done = [Shared(target, tuple(members), tuple(p.name for p in service.schemas[target].properties),
                   tuple(service.schemas[name].sources for _, _, name in members))
            for target, members in sorted(shared.items())]
    _drop_unreferenced(service, {name for members in shared.values() for _, _, name in members})
    return done


def _united(name: str, members: list[Schema], type_codes: CodeTyping) -> Schema:
    """One schema for bodies of one shape: the first one's properties (their descriptions), each with the
    sources and the conflicts of that property in every body."""
    properties = []
    for p in members[0].properties:
        same = [q for m in members for q in m.properties if q.name == p.name]
        properties.append(replace(p, schema=type_codes(p.name, p.schema),
                                  sources=tuple(sorted({s for q in same for s in q.sources})),
                                  conflicts=tuple(dict.fromkeys(c for q in same for c in q.conflicts))))
    return Schema(name=name, description="An error body several operations document, field for field.",
                  properties=tuple(properties), sources=tuple(sorted({s for m in members for s in m.sources})))


def _drop_unreferenced(service: Service, taken: set[str]) -> None:
    """Drop the per-operation schemas nothing refers to any more. What they referred to stays referred to: a
    body joins another only with the same references (or none where the other has one)."""
    still = set(_referenced(service))
    for name in sorted(taken - still):
        del service.schemas[name]


def _documented(service: Service, shared: str) -> Iterator[tuple[str, str, str]]:
    """(operation, status, schema) of every error response whose page documents its own object body."""
    for op in service.operations:
        for response in op.responses:
            name = response.schema
            if (response.status[:1] in ("4", "5") or response.status == "default") and name and name != shared \
                    and not response.array and name in service.schemas and service.schemas[name].properties:
                yield op.operation_id, response.status, name


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """A property's schema without what only describes it (descriptions, titles, apigen's notes), and the
    error code as the shared body types it (`anyOf [ErrorCode, string]`, responses.with_codes) read as the
    string it is on the wire. Any other anyOf (an unresolved type) stays as it is."""
    if schema.get("anyOf") == [{"$ref": REF_PREFIX + ERROR_CODES}, {"type": "string"}]:
        return {"type": "string"}
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("description", "title", "examples", "example") or key.startswith("x-"):
            continue
        if key == "properties" and isinstance(value, dict):
            value = {k: _plain(v) for k, v in value.items()}
        elif key == "items" and isinstance(value, dict):
            value = _plain(value)
        out[key] = value
    return out


def _says_no_more(documented: Schema, shared: Schema) -> bool:
    """The documented body is the shared one: the same field names, each typed as the shared body types it
    or with less said, and required where the shared body requires it."""
    theirs = {p.name: (_plain(p.schema), p.required) for p in shared.properties}
    ours = {p.name: (_plain(p.schema), p.required) for p in documented.properties}
    return ours.keys() == theirs.keys() and all(
        generalizes(ours[k][0], theirs[k][0]) and ours[k][1] == theirs[k][1] for k in ours)


def _shape(schema: Schema) -> str:
    """The body's fields, their types and whether each is required, in no particular order: what "field for
    field" compares."""
    return json.dumps(sorted((p.name, p.required, _plain(p.schema)) for p in schema.properties), sort_keys=True)


def _repointed(op: Operation, into: dict[tuple[str, str], str]) -> Operation:
    responses = tuple(replace(r, schema=into[(op.operation_id, r.status)]) if (op.operation_id, r.status) in into
                      else r for r in op.responses)
    return op if responses == op.responses else replace(op, responses=responses)


def _referenced(service: Service) -> Iterator[str]:
    """Every schema name something in the service refers to."""
    for op in service.operations:
        yield from (name for name in (op.request_body, *(a.schema for a in op.actions)) if name)
        yield from (r.schema for r in op.responses if r.schema)
        for parameter in op.parameters:
            yield from _refs(parameter.prop.schema)
    for schema in service.schemas.values():
        for p in schema.properties:
            yield from _refs(p.schema)


def _refs(node: Any) -> Iterator[str]:
    """The schema names a property schema refers to: the model writes a bare name (`{"$ref": "Error"}`, which
    emit/openapi.py prefixes), the error code's reference is written whole."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref.removeprefix(REF_PREFIX)
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)

