"""The shape of an OpenAPI document as far as apigen reads it, as data, and the one walk that checks a spec
against it: every mapping a mapping, every list a list, every name text, every `$ref` pointing at something
in the document, operationIds unique. `diff`, `generate` and `validate --spec` then read a spec knowing its
shape, so a malformed one is one error naming the place (a JSON path), never a crash deep in a command.

Keys the table does not name (extensions, keywords apigen does not read) are not checked: a spec may carry
anything else it likes."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs

from generator.errors import LoadError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_STATUS = re.compile(r"[1-5](?:[0-9]{2}|XX)|default")


class Shape:
    """What a value must look like; `check` gives what was expected when it does not, and the parts
    of the value (place, value, shape) to check next. Shapes compare by identity: each is one node of
    the table below."""

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Anything(Shape):
    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        return None, []


@dataclass(frozen=True, eq=False)
class Text(Shape):
    pattern: re.Pattern[str] | None = None
    what: str = "text"

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        if not isinstance(value, str) or (self.pattern is not None and not self.pattern.fullmatch(value)):
            return self.what, []
        return None, []


@dataclass(frozen=True, eq=False)
class Flag(Shape):
    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        return (None if isinstance(value, bool) else "true or false"), []


@dataclass(frozen=True, eq=False)
class Number(Shape):
    """A JSON number (not a boolean); `count`: a whole number from 0; `positive`: above 0."""

    count: bool = False
    positive: bool = False
    also_flag: bool = False  # OpenAPI 3.0's exclusiveMinimum: true

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        if isinstance(value, bool):
            return (None if self.also_flag else "a number"), []
        if self.count:
            return (None if isinstance(value, int) and value >= 0 else "a whole number from 0"), []
        if not isinstance(value, int | float) or (isinstance(value, float) and not math.isfinite(value)):
            return "a number", []
        if self.positive and value <= 0:
            return "a number above 0", []
        return None, []


@dataclass(frozen=True, eq=False)
class Regex(Shape):
    """A `pattern`: a regular expression as JSON Schema has them (ECMA-262), which validators compile."""

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        if not isinstance(value, str):
            return "a regular expression (text)", []
        try:
            jsonschema_rs.validator_for({"pattern": value})
        except (jsonschema_rs.ValidationError, ValueError):
            return "a regular expression (ECMA-262, as JSON Schema has them)", []
        return None, []


@dataclass(frozen=True, eq=False)
class ListOf(Shape):
    item: Shape
    nonempty: bool = False

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        if not isinstance(value, list) or (self.nonempty and not value):
            return "a list" + (" of at least one" if self.nonempty else ""), []
        return None, [(f"/{index}", item, self.item) for index, item in enumerate(value)]


@dataclass(frozen=True, eq=False)
class MapOf(Shape):
    value: Shape
    keys: Text = Text()

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        if not isinstance(value, dict):
            return "a mapping", []
        for key in value:
            if self.keys.check(key)[0] is not None:
                return f"a mapping whose keys are {self.keys.what} (not {str(key)[:80]!r})", []
        return None, [(f"/{_escape(key)}", item, self.value) for key, item in value.items()]


@dataclass(frozen=True, eq=False)
class Obj(Shape):
    """A mapping whose named keys, where present, have these shapes; `required` keys must be present."""

    fields: dict[str, Shape] | Callable[[], dict[str, Shape]]
    required: tuple[str, ...] = ()

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        if not isinstance(value, dict):
            return "a mapping", []
        missing = [key for key in self.required if key not in value]
        if missing:
            return f"a mapping with {', '.join(repr(k) for k in missing)}", []
        fields = self.fields() if callable(self.fields) else self.fields
        return None, [(f"/{_escape(key)}", value[key], shape) for key, shape in fields.items() if key in value]


@dataclass(frozen=True, eq=False)
class OneOf(Shape):
    """The first shape the value fits (checked as such); `what` says what was expected."""

    shapes: tuple[Shape, ...]
    what: str

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        for shape in self.shapes:
            expected, parts = shape.check(value)
            if expected is None:
                return None, parts
        return self.what, []


@dataclass(frozen=True, eq=False)
class Ref(Shape):
    """`{"$ref": "#/..."}` naming something in the document that has this shape too, or else `shape`."""

    shape: Shape

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        if isinstance(value, dict) and "$ref" in value:
            return None, [("/$ref", value["$ref"], Pointer(self))]
        return self.shape.check(value)


@dataclass(frozen=True, eq=False)
class Pointer(Shape):
    """A local reference. Whether it names something, and something of the `target` shape, is checked by
    the walk, which has the document."""

    target: Shape | None = None

    def check(self, value: Any) -> tuple[str | None, list[tuple[str, Any, Shape]]]:
        return (None if isinstance(value, str) and (value == "#" or value.startswith("#/")) else
                "a reference into this document ('#/...')"), []


TEXT = Text()
_TYPE_NAME = Text(re.compile("string|number|integer|boolean|array|object|null"),
                  "one of string, number, integer, boolean, array, object, null")
_TYPE = OneOf((_TYPE_NAME, ListOf(_TYPE_NAME, nonempty=True)), "a type name or a list of type names")
_COUNT = Number(count=True)
_BOUND = Number(also_flag=True)


@functools.cache
def _schema_fields() -> dict[str, Shape]:
    return {
        "$ref": Pointer(SCHEMA), "type": _TYPE, "format": TEXT, "title": TEXT, "description": TEXT,
        "x-apigen-description-zh": TEXT, "x-apigen-aliases": ListOf(TEXT),
        "properties": MapOf(SCHEMA), "patternProperties": MapOf(SCHEMA), "additionalProperties": SCHEMA,
        "items": SCHEMA, "prefixItems": ListOf(SCHEMA), "not": SCHEMA,
        "allOf": ListOf(SCHEMA, nonempty=True), "anyOf": ListOf(SCHEMA, nonempty=True),
        "oneOf": ListOf(SCHEMA, nonempty=True),
        "required": ListOf(TEXT), "enum": ListOf(Anything()), "pattern": Regex(),
        "minLength": _COUNT, "maxLength": _COUNT, "minItems": _COUNT, "maxItems": _COUNT,
        "minProperties": _COUNT, "maxProperties": _COUNT,
        "minimum": Number(), "maximum": Number(), "exclusiveMinimum": _BOUND, "exclusiveMaximum": _BOUND,
        "multipleOf": Number(positive=True), "uniqueItems": Flag(), "nullable": Flag(), "readOnly": Flag(),
        "writeOnly": Flag(), "deprecated": Flag(),
        "discriminator": Obj({"propertyName": TEXT, "mapping": MapOf(TEXT)}, required=("propertyName",)),
    }


SCHEMA: Shape = OneOf((Flag(), Obj(_schema_fields)), "a schema (a mapping, or true or false)")
_MEDIA = MapOf(Obj({"schema": SCHEMA, "examples": MapOf(Ref(Obj({"summary": TEXT})))}))
_PARAMETER = Ref(Obj({"name": TEXT, "in": Text(re.compile("path|query|header|cookie"),
                                                   "one of path, query, header, cookie"),
                      "required": Flag(), "description": TEXT, "schema": SCHEMA, "content": _MEDIA},
                     required=("name", "in")))
_REQUEST_BODY = Ref(Obj({"content": _MEDIA, "required": Flag(), "description": TEXT}))
_RESPONSE = Ref(Obj({"description": TEXT, "content": _MEDIA, "headers": MapOf(Ref(Obj({"schema": SCHEMA})))}))
_SECURITY = ListOf(MapOf(ListOf(TEXT)))
_ACTION = Obj({"name": TEXT, "schema": Pointer(SCHEMA), "summary": TEXT}, required=("name", "schema"))
_OPERATION = Obj({
    "operationId": TEXT, "summary": TEXT, "description": TEXT, "tags": ListOf(TEXT),
    "x-apigen-summary-zh": TEXT, "x-apigen-description-zh": TEXT,
    "parameters": ListOf(_PARAMETER), "requestBody": _REQUEST_BODY,
    "responses": MapOf(_RESPONSE, Text(_STATUS, "status codes (200, 4XX or default)")),
    "security": _SECURITY, "x-apigen-actions": ListOf(_ACTION),
})
_PATH_ITEM = Obj({"summary": TEXT, "description": TEXT, "parameters": ListOf(_PARAMETER),
                  **dict.fromkeys(HTTP_METHODS, _OPERATION)})
DOCUMENT = Obj({
    "openapi": Text(re.compile(r"3\..*", re.S), "'3.x'"),
    "info": Obj({"title": TEXT, "description": TEXT}),
    "servers": ListOf(Obj({"url": TEXT, "variables": MapOf(Obj({"default": TEXT, "enum": ListOf(TEXT)}))},
                          required=("url",))),
    "paths": MapOf(_PATH_ITEM, Text(re.compile(r"/.*", re.S), "paths starting with '/'")),
    "components": Obj({
        "schemas": MapOf(SCHEMA), "parameters": MapOf(_PARAMETER), "requestBodies": MapOf(_REQUEST_BODY),
        "responses": MapOf(_RESPONSE),
        "securitySchemes": MapOf(Ref(Obj({"type": TEXT, "name": TEXT, "in": TEXT}))),
    }),
    "security": _SECURITY,
    "tags": ListOf(Obj({"name": TEXT, "description": TEXT})),
}, required=("openapi",))


@dataclass
class _Walk:
    doc: Any
    display: str
    operation_ids: dict[str, str] = field(default_factory=dict)
    refs: list[tuple[str, str, Shape | None]] = field(default_factory=list)  # (place, ref, what it must name)


def check_shape(doc: Any, display: str) -> None:
    """Raise LoadError at the first place `doc` does not have the shape of an OpenAPI 3 document, or where a
    `$ref` names nothing, or something of another kind than its place wants (a parameter where a schema
    goes, say: each consumer reads a reference's target as what its place holds)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("openapi"), str) or not doc["openapi"].startswith("3."):
        raise LoadError(display, "", "not an OpenAPI 3 document (no 'openapi: 3.x')")
    walk = _Walk(doc, display)
    _walk(walk, "", doc, DOCUMENT, "")
    checked: set[tuple[str, Shape]] = set()
    while walk.refs:  # targets are checked once the shape holds, each once for each shape asked of it
        place, ref, target = walk.refs.pop(0)
        found = resolve(doc, ref)
        if found is None:
            raise LoadError(display, place.lstrip("/"), f"$ref {ref[:200]!r} points at nothing in this document")
        if target is not None and (ref, target) not in checked:
            checked.add((ref, target))
            _walk(walk, ref[1:], found, target, f" (where the $ref at {place.lstrip('/')} points)")


def _walk(walk: _Walk, place: str, value: Any, shape: Shape, why: str) -> None:
    # An explicit stack: a spec's nesting is bounded when it is read, but no Python recursion is spent on it.
    pending: list[tuple[str, Any, Shape]] = [(place, value, shape)]
    while pending:
        place, value, shape = pending.pop()
        expected, parts = shape.check(value)
        if expected is not None:
            raise LoadError(walk.display, place.lstrip("/") or "(root)",
                            f"expected {expected}{why}, found {_kind(value)}")
        if isinstance(shape, Pointer):
            walk.refs.append((place, value, shape.target))
        elif shape is _OPERATION and "operationId" in value:
            _unique_operation_id(walk, place, value["operationId"])
        pending.extend((place + sub, item, sub_shape) for sub, item, sub_shape in reversed(parts))


def allows_null(schema: dict[str, Any]) -> bool:
    """Whether a schema lets a value be null: by its type, a null constant or enum value, or an alternative."""
    kinds = schema.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    if "const" in schema and schema["const"] is None:
        return True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        return True
    return any(isinstance(m, dict) and allows_null(m) for key in ("anyOf", "oneOf")
               for m in schema.get(key) or ())


def resolve(doc: Any, ref: str) -> Any:
    """What a local `$ref` names; None when it names nothing."""
    node: Any = doc
    for token in ref[2:].split("/") if ref.startswith("#/") else ():
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node if ref.startswith("#") else None


def _unique_operation_id(walk: _Walk, place: str, operation_id: Any) -> None:
    if not isinstance(operation_id, str):
        return  # the shape check of the operation says so
    first = walk.operation_ids.setdefault(operation_id, place)
    if first != place:
        raise LoadError(walk.display, place.lstrip("/") + "/operationId",
                        f"operationId {operation_id[:200]!r} is also the operationId of {first.lstrip('/')}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else f"{value[:57]!r}..."
    if isinstance(value, int | float):
        return repr(value) if not isinstance(value, int) or value.bit_length() < 128 else "a very large number"
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else type(value).__name__


def _escape(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
