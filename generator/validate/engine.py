"""Validating one capture: route it, choose the response by status, check the body.

Each (operation, response) gets a `Check`, compiled once and cached: the msgspec fast path for bodies
that fit (see fast.py) and jsonschema-rs — a JSON Schema 2020-12 validator — for the last word and the
list of every error. README "apigen validate" says why these two, with the measurements."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import jsonschema_rs
import msgspec

from generator.ir import json_kind
from generator.specshape import resolve
from generator.validate.captures import Capture
from generator.validate.fast import FastTypes
from generator.validate.routes import Router

Verdict = Literal["valid", "invalid", "unmatched_route", "undeclared_status", "unparseable", "too_large"]
VERDICTS: tuple[Verdict, ...] = ("valid", "invalid", "unmatched_route", "undeclared_status", "unparseable",
                                 "too_large")

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_JSON_TYPES = ("application/json", "application/problem+json", "text/json")
_GENERIC = msgspec.json.Decoder()


class Error(NamedTuple):
    """One way a body breaks its schema: where, what kind, what the spec expects and what was sent."""

    path: str
    kind: str
    expected: str
    sent: str
    message: str


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    operation: str = ""
    status: str = ""  # the response key chosen: "200", "4XX", "default"
    errors: tuple[Error, ...] = ()
    message: str = ""
    body: Any = None  # the parsed body, only when asked for (evidence)


class Check:
    """The compiled validators of one response of one operation."""

    def __init__(self, schema: Any | None, doc: dict[str, Any], fast: FastTypes,
                 valid: Outcome = Outcome("valid")) -> None:
        self.schema = schema
        self.valid = valid  # the one Outcome every valid body of this response shares
        self.operation = valid.operation
        self.decoders = fast.decoders(schema) if schema is not None else ()
        self.fast = self.decoders[0] if self.decoders else None  # the one the hot loop tries
        self._root = None if schema is None else {"$schema": _DRAFT, "allOf": [schema],
                                                   "components": doc.get("components", {})}
        self._full: jsonschema_rs.Validator | None = None
        # (kind, schema path) -> what the schema expects there, as text; schema paths are this root's own
        self._expected: dict[tuple[Any, ...], str] = {}

    @property
    def full(self) -> jsonschema_rs.Validator:
        if self._full is None:
            assert self._root is not None
            self._full = jsonschema_rs.validator_for(self._root)
        return self._full

    def errors(self, body: bytes, keep: bool = False, first_tried: bool = False,
               ) -> tuple[tuple[Error, ...] | str, Any]:
        """() when the body is valid, the errors when not, or a message when the body is not JSON; and the
        parsed body when `keep` is asked for. `first_tried`: the caller has tried the first decoder."""
        if self.schema is None:
            return (), None
        if not body.strip():
            return (Error("", "missing-body", "a body", "none", "the response has no body"),), None
        for decoder in () if keep else self.decoders[1:] if first_tried else self.decoders:
            try:
                decoder.decode(body)
                return (), None
            except msgspec.ValidationError:
                pass  # stricter than the schema, or invalid: the next variant or the full validator decides
            except (msgspec.DecodeError, RecursionError) as err:
                return _not_json(err), None
        try:
            value = _GENERIC.decode(body)
        except (msgspec.DecodeError, RecursionError) as err:
            return _not_json(err), None
        try:
            found = tuple(_error(e, self._expected) for e in self.full.iter_errors(value))
        except (ValueError, OverflowError, RecursionError) as err:  # e.g. a number no validator can hold
            return f"the body cannot be validated: {err}", None
        return found, value

    def outcome(self, body: bytes | msgspec.Raw, keep: bool = False, fast_tried: bool = False) -> Outcome:
        """The verdict on a body sent for this response; `fast_tried`: the caller has tried `fast` on it."""
        fast = None if keep else self.fast
        if fast is not None and not fast_tried:
            try:
                fast.decode(body)
                return self.valid
            except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
                pass  # invalid, stricter than the schema, or not JSON: the full path says which
        found, value = self.errors(body if isinstance(body, bytes) else bytes(body), keep, fast is not None)
        valid = self.valid
        if isinstance(found, str):
            return Outcome("unparseable", valid.operation, valid.status, message=found)
        if found:
            return Outcome("invalid", valid.operation, valid.status, found, body=value)
        return Outcome("valid", valid.operation, valid.status, body=value) if keep else valid


class Validator:
    """Routes and validates captures against one spec."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.router = Router(doc)
        self._fast = FastTypes(doc)
        self._checks: dict[tuple[str, str], Check] = {}
        self._by_status: dict[tuple[str, int], Check | Outcome] = {}
        # (operation, status) -> its Check, for every operation and every status its responses name:
        # what the hot loop probes; other statuses (ranges, default, undeclared) go through judge.
        self.checks_by_status: dict[tuple[str, int], Check] = {}
        self._responses: dict[str, dict[str, Any]] = {}
        for route in self.router.by_operation.values():
            op = doc["paths"][route.template][route.method.lower()]
            self._responses[route.operation] = {
                code: _shared(doc, response) for code, response in (op.get("responses") or {}).items()}
            for code in self._responses[route.operation]:
                if code.isdigit():
                    found = self._check_for(route.operation, int(code))
                    if isinstance(found, Check):
                        self.checks_by_status[(route.operation, int(code))] = found

    def check(self, capture: Capture, operation: str | None = None, keep: bool = False) -> Outcome:
        return self.judge(capture.method, capture.target, capture.status, capture.body, operation, keep)

    def judge(self, method: str, target: str, status: int, body: bytes | msgspec.Raw, operation: str | None = None,
              keep: bool = False, fast_tried: bool = False) -> Outcome:
        """The verdict on one response. The hot path: a valid body that fits its fast type costs a route
        lookup, a dict probe and one msgspec decode, and returns a shared Outcome."""
        route = self.router.by_operation.get(operation) if operation is not None else self.router.match(method, target)
        if route is None:
            return Outcome("unmatched_route", message=f"{method} {target}")
        check = self._by_status.get((route.operation, status))
        if check is None:
            check = self._by_status[(route.operation, status)] = self._check_for(route.operation, status)
        if isinstance(check, Outcome):
            return check
        return check.outcome(body, keep, fast_tried)

    def _check_for(self, operation: str, status: int) -> Check | Outcome:
        """The response a status selects: itself, its range (4XX), or default; an Outcome when none."""
        responses = self._responses.get(operation, {})
        code = str(status)
        key = next((k for k in (code, f"{code[:1]}XX", "default") if k in responses), None)
        if key is None:
            return Outcome("undeclared_status", operation, code, message=f"{operation} does not declare status {code}")
        check = self._checks.get((operation, key))
        if check is None:
            check = self._checks[(operation, key)] = Check(_schema_of(responses[key]), self.doc, self._fast,
                                                           Outcome("valid", operation, key))
        return check

    def response_schema(self, operation: str, status: str) -> Any | None:
        response = self._responses.get(operation, {}).get(status)
        return _schema_of(response) if response else None


def _shared(doc: dict[str, Any], response: Any) -> Any:
    """A response given as a `$ref` to a shared one (components/responses) is that response."""
    ref = response.get("$ref") if isinstance(response, dict) else None
    found = resolve(doc, ref) if isinstance(ref, str) else None
    return found if isinstance(found, dict) else response


def _schema_of(response: dict[str, Any]) -> Any | None:
    content = response.get("content") or {}
    for media, body in content.items():
        if media.split(";")[0].strip().lower() in _JSON_TYPES or media.endswith("+json"):
            return body.get("schema", True)
    return None


def _not_json(err: Exception) -> str:
    return "the body is nested too deeply" if isinstance(err, RecursionError) else f"the body is not JSON: {err}"


def _error(e: jsonschema_rs.ValidationError, expected_at: dict[tuple[Any, ...], str]) -> Error:
    """One error as a record; `expected_at` caches the expected-value texts of the validator's schema."""
    kind: Any = e.kind
    name = type(kind).__name__
    path = list(e.instance_path)
    expected, sent = "", json_kind(e.instance, whole_float="integer")
    if name == "Required":
        path.append(kind.property)
        expected, sent = "required", "nothing"
    elif name == "Type":
        key = (name, *e.schema_path)
        expected = expected_at.get(key) or expected_at.setdefault(key, " or ".join(str(t) for t in kind.types))
    elif name == "Enum":
        key = (name, *e.schema_path)
        expected = expected_at.get(key) or expected_at.setdefault(
            key, "one of " + ", ".join(json.dumps(v, ensure_ascii=False) for v in kind.options))
        sent = _short(e.instance)
    elif name in ("Constant",):
        expected = json.dumps(kind.expected_value, ensure_ascii=False) if hasattr(kind, "expected_value") else ""
        sent = _short(e.instance)
    elif name == "AdditionalProperties":
        expected, sent = "no other properties", ", ".join(sorted(map(str, kind.unexpected)))
    else:
        expected = _schema_text(e.schema_path)
    return Error(json_path(path), _kebab(name), expected, sent, e.message)


@functools.cache
def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def _schema_text(schema_path: Any) -> str:
    return "/".join(str(p) for p in schema_path[-2:])


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def json_path(parts: list[Any]) -> str:
    """`backup.resources[].resource_size`: object keys dotted, array indices as [] so that every capture
    of one field aggregates together; odd keys quoted."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += "[]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out
