"""The service's shared error body, and the error responses that carry it (rule R3-error-body).

Which body the service's errors send is read from the evidence, strongest first: the example the error-code page
prints; the error bodies the operation pages document in tables (the shape most of them share); the error
examples of the operation pages, when one shape is most of them; else the body the error-code page's columns
name, `{error_code, error_msg}`. The code field (`error_code`, or `code` anywhere in the body) is, when the service
has an error-code page, one of the `ErrorCode` schema's values or another string (an open enum: the appendix does
not list every code a service sends).

Then every error response (4xx, 5xx, `default`) that documents no body of its own takes the shared one, unless
its own examples share no key with it (they show another body: kept as they are, and reported); an operation
that documents no error response at all takes the shared status-code page's 4xx and 5xx responses, or a
`default` response when the service has no such page. An operation that documents error answers but no 4xx one
(only `default`, or only 5xx) takes the shared page's 4xx responses (rule R3-error-statuses): the page says
they are the service's general answers, and a client or linter reading the operation learns its client
errors and their body."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from generator.ir import Page
from generator.reconcile.model import Operation, Property, Response, Schema, Service

CONVENTION = ("error_code", "error_msg")
ERROR_CODES = "ErrorCode"  # the schema of the appendix's error codes (emit/openapi.py lays it out)
Infer = Callable[[list[Any]], dict[str, Any]]  # example values -> the schema they show (fragments.infer_schema)
_RAW_KEY = re.compile(r'"([A-Za-z_][A-Za-z0-9_.-]{0,63})"\s*:')
_CODE_FIELDS = ("error_code", "code")


@dataclass(frozen=True)
class ErrorBody:
    """The shared error body, the evidence that decided it, and the other evidence seen."""

    schema: Schema
    decided_by: str
    sources: tuple[str, ...]
    others: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (shape seen, its sources) the decision set aside


@dataclass(frozen=True)
class Wiring:
    """What wiring the shared body did: the operations, and the error responses it left without it."""

    operations: list[Operation]
    given_body: int  # error responses that had no body and now carry the shared one
    given_responses: int  # operations that documented no error response and now have the shared ones
    other_bodies: tuple[str, ...]  # "OperationId status" of responses whose examples show another body
    receivers: tuple[str, ...]  # the operations (ids) whose error responses took the shared body
    given_4xx: tuple[str, ...] = ()  # the operations (ids) that documented errors, no 4xx, and took the page's


def is_error(status: str) -> bool:
    return status == "default" or status[:1] in ("4", "5")


def error_body_name(schemas: dict[str, Schema]) -> str:
    """`ErrorResponse`, or a name no schema of the service has."""
    name, n = "ErrorResponse", 1
    while name in schemas:
        n += 1
        name = f"ErrorResponse{n}"
    return name


def decide_error_body(service: Service, appendix: list[Page], name: str, infer: Infer) -> ErrorBody:
    """The shared error body of the service, from the strongest evidence there is."""
    candidates = [
        ("the error-code page's example", _page_example_shapes(appendix, infer)),
        ("the error bodies the operation pages document", _documented_shapes(service)),
        ("the operation pages' error examples", _example_shapes(service, infer)),
    ]
    codes = bool(service.error_codes)
    for decided_by, shapes in candidates:
        chosen = _most_shared(shapes)
        if chosen is None:
            continue
        schema_of, sources = shapes[chosen]
        # a field a table types only as "object": what the error examples of that shape send there
        shown = _example_shapes(service, infer, with_schema=True).get(chosen)
        if shown is not None:
            schema_of = {key: schema if _telling(schema) else shown[0].get(key, schema)
                         for key, schema in schema_of.items()}
        others = tuple((", ".join(shape), shapes[shape][1]) for shape in shapes if shape != chosen)
        return ErrorBody(_body_schema(name, chosen, schema_of, codes), decided_by, sources, others)
    convention = {key: {"type": "string"} for key in CONVENTION}
    return ErrorBody(_body_schema(name, CONVENTION, convention, codes),
                     "the error-code page's columns (error code, error message): no page shows the body",
                     tuple(sorted({e.provenance.file for e in service.error_codes})))


Shapes = dict[tuple[str, ...], tuple[dict[str, Any], tuple[str, ...]]]


def _most_shared(shapes: Shapes) -> tuple[str, ...] | None:
    """The shape most sources show, if it is more than half of them (one odd page does not decide)."""
    if not shapes:
        return None
    counts = Counter({shape: len(sources) for shape, (_, sources) in shapes.items()})
    shape, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return shape if count * 2 > sum(counts.values()) else None


def _add(shapes: Shapes, keys: tuple[str, ...], schemas: dict[str, Any], source: str) -> None:
    if not keys:
        return
    known, sources = shapes.get(keys, ({}, ()))
    # per field, the first schema that says more than "an object" (a table's nested type over a bare cell)
    merged = {key: known[key] if _telling(known.get(key)) or key not in schemas else schemas[key]
              for key in dict.fromkeys([*known, *schemas])}
    shapes[keys] = (merged, (*sources, source))


def _telling(schema: dict[str, Any] | None) -> bool:
    return schema is not None and any(k in schema for k in ("$ref", "properties", "items", "anyOf", "enum"))


def _page_example_shapes(appendix: list[Page], infer: Infer) -> Shapes:
    shapes: Shapes = {}
    for page in appendix:
        if not page.error_codes:
            continue
        for example in page.examples:
            source = f"{example.provenance.file}:{example.provenance.line}"
            if example.parsed and isinstance(example.body, dict):
                _add(shapes, tuple(example.body), infer([example.body]).get("properties", {}), source)
            elif not example.parsed:
                # `"error_code": xxxx, //Error code`: a body with placeholders; its keys are what it shows
                keys = tuple(dict.fromkeys(_RAW_KEY.findall(example.raw)))
                _add(shapes, keys, {key: {} for key in keys}, source)
    return shapes


def _documented_shapes(service: Service) -> Shapes:
    shapes: Shapes = {}
    for op in service.operations:
        for response in op.responses:
            # an array body's schema is its items', not the body's shape
            documented = is_error(response.status) and not response.array
            schema = service.schemas.get(response.schema or "") if documented else None
            if schema is not None and schema.properties:
                _add(shapes, tuple(p.name for p in schema.properties),
                     {p.name: p.schema for p in schema.properties}, f"{op.operation_id} {response.status}")
    return shapes


def _example_shapes(service: Service, infer: Infer, with_schema: bool = False) -> Shapes:
    """The shapes of the error examples of the responses with no documented body (or of all of them)."""
    shapes: Shapes = {}
    for op in service.operations:
        for response in op.responses:
            if not is_error(response.status) or (response.schema and not with_schema):
                continue
            for example in response.examples:
                if isinstance(example.value, dict):
                    _add(shapes, tuple(example.value), infer([example.value]).get("properties", {}),
                         f"{op.operation_id} {response.status}")
    return shapes


def _body_schema(name: str, keys: tuple[str, ...], schemas: dict[str, Any], codes: bool) -> Schema:
    properties = tuple(Property(name=key, schema=with_codes(key, schemas.get(key) or {"type": "string"}, codes),
                                description=_CODE_TEXT if codes and key in _CODE_FIELDS else _DESCRIPTIONS.get(key, ""))
                       for key in keys)
    return Schema(name=name, properties=properties,
                  description="The error body the service sends with a 4xx or 5xx status.")


_CODE_TEXT = "The error code: one ErrorCode lists, or another."
_DESCRIPTIONS = {"error_code": "The error code.", "code": "The error code.",
                 "error_msg": "The error message.", "message": "The error message.",
                 "error_message": "The error message."}


def with_codes(key: str, schema: dict[str, Any], codes: bool) -> dict[str, Any]:
    """The code field names an ErrorCode value (or one the appendix does not list); an object is walked."""
    if codes and key in _CODE_FIELDS and schema.get("type") in ("string", None) and "$ref" not in schema:
        # One of the codes the appendix lists, or another: the appendix is not the whole list (services add
        # codes), so the enum is open; apigen diff reads anyOf [an enum, a plain string] so.
        return {"anyOf": [{"$ref": f"#/components/schemas/{ERROR_CODES}"}, {"type": "string"}],
                "description": _CODE_TEXT}
    if schema.get("type") == "object" and isinstance(schema.get("properties"), dict):
        return {**schema, "properties": {k: with_codes(k, v, codes) for k, v in schema["properties"].items()}}
    return schema


def bodiless(method: str, status: str) -> bool:
    """HTTP's answers that never carry a body (RFC 9110 sections 9.3.2, 15.3.5, 15.4.5)."""
    return method.upper() == "HEAD" or status in ("204", "304")


def status_pages(appendix: list[Page]) -> tuple[str, ...]:
    """The pages that list the service's general status codes (the provenance of the shared responses)."""
    return tuple(sorted({page.source for page in appendix if page.status_codes}))


def _shared(codes: list[str]) -> list[Response]:
    return [Response(status=code, description="", shared=True) for code in codes]


def wire_error_responses(service: Service, body: Schema) -> Wiring:
    """Every operation's error responses carry the shared body where they document none (see the docstring)."""
    keys = {p.name for p in body.properties}
    shared_errors = sorted(code for code in service.status_texts if code[:1] in ("4", "5"))
    shared_4xx = [code for code in shared_errors if code[:1] == "4"]
    operations, given_body, given_responses, others, receivers, given_4xx = [], 0, 0, [], [], []
    for op in service.operations:
        if bodiless(op.method, ""):  # an error answer to HEAD has no body either
            operations.append(op)
            continue
        responses = list(op.responses)
        before = (given_body, given_responses)
        if not any(is_error(r.status) for r in responses):
            given_responses += 1
            responses += _shared(shared_errors) or [
                Response(status="default", description="An error: the body says which.", schema=body.name)]
        elif shared_4xx and not any(r.status[:1] == "4" for r in responses):
            responses += _shared(shared_4xx)
            given_4xx.append(op.operation_id)
        for i, response in enumerate(responses):
            if not is_error(response.status) or response.schema or response.shared:
                continue
            if response.examples and not any(isinstance(e.value, dict) and keys & set(e.value)
                                             for e in response.examples):
                others.append(f"{op.operation_id} {response.status}")
                continue
            responses[i] = replace(response, schema=body.name)
            given_body += 1
        operations.append(replace(op, responses=tuple(sorted(responses, key=lambda r: r.status))))
        if (given_body, given_responses) != before:
            receivers.append(op.operation_id)
    return Wiring(operations, given_body, given_responses, tuple(others), tuple(receivers), tuple(given_4xx))


FALLBACK_SUCCESS = "2XX"  # the range an operation gets when its pages name no success status (merge.py)
_METHOD_WORD = re.compile(r"(?<![A-Za-z])(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)(?![A-Za-z])")


@dataclass(frozen=True)
class Settled:
    """An operation whose success status the status-code page gave: the codes, and the pages that said so."""

    operation_id: str
    codes: tuple[str, ...]
    sources: tuple[str, ...]


def success_by_method(appendix: list[Page]) -> dict[str, dict[str, tuple[str, ...]]]:
    """method -> success status -> the status-code pages whose description of that status names the method
    ("204 No Content: Normal response to DELETE requests", "DELETE操作正常返回")."""
    found: dict[str, dict[str, set[str]]] = {}
    for page in appendix:
        for code in page.status_codes:
            if code.code[:1] != "2":
                continue
            for method in _METHOD_WORD.findall(code.description):
                found.setdefault(method, {}).setdefault(code.code, set()).add(page.source)
    return {method: {code: tuple(sorted(pages)) for code, pages in sorted(codes.items())}
            for method, codes in found.items()}


def settle_success_statuses(service: Service, appendix: list[Page]) -> tuple[list[Operation], list[Settled]]:
    """An operation with only the `2XX` fallback takes the success statuses the service's status-code page
    names for its method (rule R3-success-status); none named: the fallback stays (and its gap)."""
    by_method = success_by_method(appendix)
    operations, settled = [], []
    for op in service.operations:
        fallback = next((r for r in op.responses if r.status == FALLBACK_SUCCESS), None)
        named = by_method.get(op.method.upper(), {})
        codes = [code for code in named if not (fallback and (fallback.schema or fallback.examples)
                                                 and bodiless(op.method, code))]
        if fallback is None or not codes:
            operations.append(op)
            continue
        given = [_success(code, fallback, service.status_texts.get(code, {})) for code in codes]
        responses = [r for r in op.responses if r.status != FALLBACK_SUCCESS] + given
        operations.append(replace(op, responses=tuple(sorted(responses, key=lambda r: r.status))))
        settled.append(Settled(op.operation_id, tuple(codes),
                               tuple(sorted({page for code in codes for page in named[code]}))))
    return operations, settled


def _success(code: str, fallback: Response, texts: dict[str, str]) -> Response:
    """The status page's response (a reference to it) or, when the page documented a body under the
    fallback, that body under the status, described as the status page describes the status."""
    if not (fallback.schema or fallback.examples or fallback.raw_examples):
        return Response(status=code, description="", shared=True)
    en, zh = texts.get("en", ""), texts.get("zh", "")
    return replace(fallback, status=code, description=en or zh or code, description_zh=zh if en else "")
