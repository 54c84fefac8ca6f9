"""JSON Schema fragments as reconciliation reads and builds them: whether a value fits one, what type a set of
example values shows, how a fragment admits null, how it reads in a conflicts report. No decisions here: the
rules that choose between fragments live in types.py and enums.py."""

from __future__ import annotations

import re
from typing import Any

from generator.ir import json_kind
from generator.reconcile.admit import NUMBER
from generator.specshape import allows_null


def comparable(schema: dict[str, Any]) -> dict[str, Any]:
    """Formats (int32/int64) do not make two integer types disagree."""
    return {k: (comparable(v) if isinstance(v, dict) else v) for k, v in schema.items() if k != "format"}


def base_type(schema: dict[str, Any]) -> str | None:
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    return t if isinstance(t, str) else None


def fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether a JSON value has the shape the schema fragment names (objects are checked by their
    own schema's properties, not here)."""
    if value is None:
        return allows_null(schema)
    if "$ref" in schema:
        return isinstance(value, dict)
    if "anyOf" in schema:
        return any(fits(s, value) for s in schema["anyOf"])
    kind = base_type(schema)
    if kind is None:
        return True
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list) and all(fits(schema.get("items", {}), i) for i in v),
        "null": lambda v: v is None,
    }
    return checks[kind](value)


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if allows_null(schema):
        return schema
    if not schema:
        return schema
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}



def infer_schema(values: list[Any]) -> dict[str, Any]:
    """The type a set of example values shows; objects become inline schemas of their keys."""
    kinds = {json_kind(v) for v in values if v is not None}
    if not kinds:
        return {}
    if kinds == {"integer", "number"}:
        kinds = {"number"}
    if len(kinds) > 1:
        return {"anyOf": [infer_schema([v for v in values if json_kind(v) == k]) for k in sorted(kinds)]}
    kind = kinds.pop()
    if kind == "object":
        keys: dict[str, list[Any]] = {}
        for v in values:
            for k, item in (v.items() if isinstance(v, dict) else ()):
                keys.setdefault(k, []).append(item)
        props = {}
        for k, items in keys.items():
            sub = infer_schema(items)
            props[k] = nullable(sub) if any(i is None for i in items) else sub
        return {"type": "object", "properties": props} if props else {"type": "object"}
    if kind == "array":
        items = [i for v in values if isinstance(v, list) for i in v]
        inner = infer_schema(items)
        return {"type": "array", "items": inner if items and inner else {}}
    return {"type": kind}


def reshaped(schemas: list[dict[str, Any]], values: list[Any]) -> list[dict[str, Any]]:
    """The table types in the other shape, one where the tables say many or many where they say one, that
    every example value fits."""
    found: list[dict[str, Any]] = []
    for schema in schemas:
        if base_type(schema) == "array" and isinstance(schema.get("items"), dict) and schema["items"]:
            other = schema["items"]
        elif base_type(schema) in ("object", None) and schema and "anyOf" not in schema:
            other = {"type": "array", "items": schema}
        else:
            continue
        if values and all(fits(other, v) for v in values) and other not in found:
            found.append(other)
    return found


def fill_from_examples(schema: dict[str, Any], values: list[Any]) -> dict[str, Any]:
    """An object (or array of objects) with no fields of its own, given the fields the examples send there;
    the schema itself when the examples show no object."""
    if base_type(schema) == "object" and not ({"properties", "additionalProperties", "$ref"} & set(schema)):
        objects = [v for v in values if isinstance(v, dict) and v]
        if objects:
            return {**schema, **{k: v for k, v in infer_schema(objects).items() if k != "type"},
                    "x-apigen-inferred": {"from": "examples"}}
    items = schema.get("items")
    if base_type(schema) == "array" and isinstance(items, dict):
        elements = [i for v in values if isinstance(v, list) for i in v]
        if items == {} and elements:
            inferred = infer_schema(elements)
            if inferred and "anyOf" not in inferred:  # examples that agree on what the items are
                return {**schema, "items": {**inferred, "x-apigen-inferred": {"from": "examples"}}}
        filled = fill_from_examples(items, elements)
        if filled is not items:
            return {**schema, "items": filled}
    return schema


def describe(schema: dict[str, Any]) -> str:
    if not schema:
        return "any"
    if "$ref" in schema:
        return f"{schema['$ref']} object"
    if "anyOf" in schema:
        return " | ".join(describe(s) for s in schema["anyOf"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(describe({**schema, "type": k}) for k in kind)
    if kind == "array":
        return f"array of {describe(schema.get('items', {}))}"
    return str(kind) + (f" ({schema['format']})" if "format" in schema else "")


def typed_value(text: str | None, kind: str | None) -> Any:
    if text is None:
        return None
    if kind == "integer":
        return int(text) if re.fullmatch(r"-?[0-9]+", text) else None
    if kind == "number":
        # as JSON writes a number: float() would also read nan, inf and 1_000
        return float(text) if NUMBER.fullmatch(text) else None
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.lower())
    if kind == "string":
        return text
    return None
