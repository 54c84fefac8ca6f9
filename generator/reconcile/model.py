"""The canonical model of a service: what reconciliation decided, ready to be laid out as OpenAPI.

Types are JSON Schema fragments (dicts) whose references name canonical schemas; everything a
report needs to say where a fact came from travels with it as plain strings (citations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.ir import ErrorCode


@dataclass(frozen=True)
class Candidate:
    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    id: str
    subject: str
    kind: str
    candidates: tuple[Candidate, ...]
    decision: str
    rule: str
    status: Literal["resolved", "unresolved"]
    decided_by: str = ""
    place: tuple[str, str, str, str] | None = None  # an invalid example's (path, method, request|status, name)


@dataclass(frozen=True)
class Property:
    name: str
    schema: dict[str, Any]
    description: str = ""
    description_zh: str = ""
    required: bool = False
    sources: tuple[str, ...] = ()
    partial_sources: bool = False
    inferred: bool = False
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    name: str
    properties: tuple[Property, ...]
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    undocumented: bool = False
    description: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: Literal["path", "query", "header"]
    prop: Property


@dataclass(frozen=True)
class ExampleBody:
    """One example body; pages that print the same body share one entry with all their sources."""

    name: str
    value: Any
    sources: tuple[str, ...]
    summary: str = ""


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    description_zh: str = ""
    schema: str | None = None
    examples: tuple[ExampleBody, ...] = ()
    raw_examples: tuple[str, ...] = ()
    shared: bool = False  # the shared status-code page's response for this status (components/responses)
    array: bool = False  # the body is a JSON array of `schema` objects (reconcile/bodies.py)


@dataclass(frozen=True)
class Action:
    """One of several operations sharing a method and path, told apart by its request body's top key(s)."""

    name: str
    keys: tuple[str, ...]
    schema: str
    summary: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    tag: str
    summary: str
    summary_zh: str
    description: str
    description_zh: str
    parameters: tuple[Parameter, ...]
    responses: tuple[Response, ...]
    sources: tuple[str, ...]
    request_body: str | None = None
    request_examples: tuple[ExampleBody, ...] = ()
    security: tuple[str, ...] = ()
    security_optional: bool = False
    actions: tuple[Action, ...] = ()  # several request bodies, one per action: the request is a oneOf of them
    request_array: bool = False  # the request body is a JSON array of `request_body` objects (reconcile/bodies.py)


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    header: str
    description: str
    description_zh: str = ""
    signing: str = ""  # a request signature (SDK-HMAC-SHA256) sent in `header`, rather than a token


@dataclass(frozen=True)
class Gap:
    """Something the docs announce but do not give (an enum list the page dropped, a type with no table)."""

    subject: str
    what: str
    sources: tuple[str, ...]


SIGNATURES = ("SDK-HMAC-SHA256",)  # the request signatures a generated client computes (templates/runtime.py.jinja)


@dataclass(frozen=True)
class ServiceConfig:
    name: str
    title: str
    description: str = ""
    version: str = ""
    endpoint: str = "endpoint"
    language_priority: tuple[str, ...] = ("en", "zh")
    token_header: str = ""  # service.yaml `auth.token_header`: the credential header every operation sends
    signing: str = ""  # service.yaml `auth.signing`: the request signature the client can send instead
    regional_endpoint: str = ""  # service.yaml `regional_endpoint`: a host name with `{region}` in it
    default_region: str = ""  # the region of `endpoint`, read through `regional_endpoint`


@dataclass
class Service:
    config: ServiceConfig
    operations: list[Operation] = field(default_factory=list)
    schemas: dict[str, Schema] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    security: dict[str, SecurityScheme] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    status_texts: dict[str, dict[str, str]] = field(default_factory=dict)  # appendix: status -> language -> text
    error_codes: list[ErrorCode] = field(default_factory=list)  # appendix: the vendor's error codes
    reached_tables: set[tuple[str, str]] = field(default_factory=set)  # (source, label) bound to a schema
    tags: dict[str, str] = field(default_factory=dict)  # tag -> its description (reconcile/tags.py)
    error_body: str = ""  # the shared error body's schema (reconcile/responses.py)


@dataclass
class Observed:
    """What captured responses sent for one property, of one JSON type: how many, the first capture
    (file:line) and its value."""

    count: int
    first: str
    sample: Any


@dataclass
class Evidence:
    """Captured real responses, as `apigen build --evidence` hands them to reconciliation: per property of
    a response schema ("Schema.property"), the JSON types the captures sent."""

    captures: int = 0  # captures that routed to an operation and parsed
    observed: dict[str, dict[str, Observed]] = field(default_factory=dict)

    def record(self, subject: str, kind: str, place: str, value: Any) -> None:
        seen = self.observed.setdefault(subject, {})
        found = seen.get(kind)
        if found is None:
            seen[kind] = Observed(1, place, value)
        else:
            found.count += 1
