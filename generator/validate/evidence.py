"""The evidence loop: captured responses, routed and parsed by `apigen validate`'s engine, walked along the
spec's schemas to record what JSON type each response property was sent as. `apigen build --evidence`
hands the result to reconciliation, where it decides type disagreements between the docs."""

from __future__ import annotations

from typing import Any

from generator.ir import json_kind
from generator.reconcile.model import Evidence
from generator.validate.captures import Broken, Input, read
from generator.validate.engine import Validator

_PREFIX = "#/components/schemas/"
_MAX_DEPTH = 64


def collect(doc: dict[str, Any], inputs: list[Input]) -> Evidence:
    """What the captures in `inputs` sent, per "Schema.property" of the spec `doc`. Captures that do not
    route, do not parse or hit an undeclared status are not evidence (`apigen validate` reports them)."""
    validator = Validator(doc)
    schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {}) or {}
    evidence = Evidence()
    for item in inputs:
        for capture in read(item):
            if isinstance(capture, Broken):
                continue
            outcome = validator.check(capture, item.operation, keep=True)
            if outcome.verdict not in ("valid", "invalid") or outcome.body is None:
                continue
            evidence.captures += 1
            schema = validator.response_schema(outcome.operation, outcome.status)
            _walk(schema, outcome.body, schemas, evidence, f"{capture.source}:{capture.line}", 0)
    return evidence


def _walk(schema: Any, value: Any, schemas: dict[str, Any], evidence: Evidence, place: str, depth: int) -> None:
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(_PREFIX):
        name = ref[len(_PREFIX):]
        target = schemas.get(name)
        if isinstance(value, dict) and isinstance(target, dict):
            for prop, sub in (target.get("properties") or {}).items():
                if prop in value and value[prop] is not None:
                    sent = value[prop]
                    kind = json_kind(sent, whole_float="integer")
                    evidence.record(f"{name}.{prop}", kind, place, int(sent) if kind == "integer" else sent)
                    _walk(sub, sent, schemas, evidence, place, depth + 1)
        return
    for branch in schema.get("anyOf", ()):
        _walk(branch, value, schemas, evidence, place, depth + 1)
    if isinstance(value, list) and "items" in schema:
        for item in value:
            _walk(schema["items"], item, schemas, evidence, place, depth + 1)
