"""apigen validate's verdicts against the reference: the python-jsonschema Draft 2020-12 validator, on the
committed specs' schemas, with the docs' own examples and thousands of mutations of them. The msgspec
fast path may only ever say "valid" where the reference does."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.validate.captures import Capture
from generator.validate.engine import Check, Validator, json_path
from generator.validate.fast import FastTypes

ROOT = Path(__file__).resolve().parents[1]
SPECS = {name: yaml.safe_load((ROOT / "spec" / f"{name}.openapi.yaml").read_text()) for name in ("cbr", "csbs", "elb")}


def _examples(doc: dict[str, Any]) -> list[tuple[str, str, Any, Any]]:
    """(operationId, status, schema, example body) for every JSON response example of the spec."""
    found = []
    for item in doc["paths"].values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for status, response in op.get("responses", {}).items():
                media = (response.get("content") or {}).get("application/json")
                for example in (media or {}).get("examples", {}).values():
                    if "value" in example:
                        found.append((op["operationId"], status, media.get("schema", True), example["value"]))
    return found


def _reference(doc: dict[str, Any], schema: Any) -> Draft202012Validator:
    return Draft202012Validator({"allOf": [schema], "components": doc["components"]})


_REPLACEMENTS: list[Any] = ["40", 40, 40.0, 40.5, True, None, [], {}, "", 2**70, "private", -1]


def _mutations(value: Any, rng: random.Random, count: int) -> list[Any]:
    """Bodies one change away from `value`: a value of another type, a key dropped, a key added, an array
    emptied or doubled."""
    spots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in node:
                spots.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for i in range(len(node)):
                spots.append((node, i))
                walk(node[i])

    out = []
    for _ in range(count):
        body = copy.deepcopy(value)
        spots.clear()
        walk(body)
        if not spots:
            out.append(rng.choice(_REPLACEMENTS))
            continue
        parent, key = rng.choice(spots)
        action = rng.randrange(5)
        if action == 0 and isinstance(parent, dict):
            del parent[key]
        elif action == 1 and isinstance(parent, dict):
            parent[f"extra_{rng.randrange(9)}"] = rng.choice(_REPLACEMENTS)
        elif action == 2 and isinstance(parent[key], list):
            parent[key] = parent[key] * 2 if rng.random() < 0.5 else []
        else:
            parent[key] = rng.choice(_REPLACEMENTS)
        out.append(body)
    return out


@pytest.mark.parametrize("name", sorted(SPECS))
def test_verdicts_match_the_reference_validator_on_examples_and_mutations(name: str) -> None:
    doc = SPECS[name]
    fast = FastTypes(doc)
    rng = random.Random(7)
    compared = disagreements = fast_valid = invalid_seen = 0
    for operation, status, schema, example in _examples(doc):
        check = Check(schema, doc, fast)
        reference = _reference(doc, schema)
        for body in [example, *_mutations(example, rng, 40)]:
            raw = json.dumps(body).encode()
            found, _ = check.errors(raw)
            expected_valid = reference.is_valid(body)
            compared += 1
            invalid_seen += not expected_valid
            if found == () and check.fast is not None:
                fast_valid += 1
            if (found == ()) != expected_valid:
                disagreements += 1
                print(operation, status, raw[:200], found)
            if isinstance(found, tuple) and found:  # every error the engine names is one the reference names
                ref_paths = {json_path(list(e.absolute_path)) for e in reference.iter_errors(body)}
                assert all(any(p == e.path or e.path.startswith(p) or p.startswith(e.path) for p in ref_paths)
                           for e in found if e.kind != "required"), (operation, body)
    assert compared > 100 and invalid_seen > 20  # the mutations did produce invalid bodies
    assert fast_valid > 0  # and the fast path was exercised
    assert disagreements == 0


def _decides(schema: Any, body: Any, doc: dict[str, Any] | None = None) -> tuple[bool | None, bool]:
    """(fast path's answer or None when it declines or has no path, the reference's answer)."""
    doc = doc or {"components": {"schemas": {}}}
    decoder = FastTypes(doc).decoder(schema)
    fast: bool | None = None
    if decoder is not None:
        try:
            decoder.decode(json.dumps(body).encode())
            fast = True
        except Exception:
            fast = None
    return fast, _reference(doc, schema).is_valid(body)


@pytest.mark.parametrize(("schema", "body"), [
    ({"type": "integer"}, 1.0),  # 2020-12: an integer; msgspec declines and the full validator says valid
    ({"type": "integer"}, True),
    ({"type": "number"}, 3),
    ({"type": "string", "enum": ["a", "b"]}, "c"),
    ({"type": ["string", "null"]}, None),
    ({"enum": [1, "x", None]}, None),
    ({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a", "b"]}, {"a": "x"}),
    ({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}, {"a": "x", "b": 1}),
    ({"type": "object", "properties": {"a": {"type": "string"}}}, {"a": "x", "b": 1}),
    ({"type": "array", "items": {"type": "integer"}, "maxItems": 1}, [1, 2]),
    ({"type": "string", "maxLength": 2}, "日本語"),
    ({"type": "integer", "minimum": 0, "exclusiveMaximum": 10}, 10),
    ({"anyOf": [{"type": "integer"}, {"type": "string"}]}, "x"),
])
def test_the_fast_path_never_says_valid_where_the_reference_does_not(schema: Any, body: Any) -> None:
    fast, reference = _decides(schema, body)
    if fast:
        assert reference


@pytest.mark.parametrize("schema", [
    {"type": "string", "pattern": "^a"},  # Python and ECMA regexes differ: no fast path
    {"oneOf": [{"type": "integer"}, {"type": "number"}]},
    {"allOf": [{"type": "string"}]},
    {"type": "number", "multipleOf": 0.1},
    {"enum": [True, 1]},
    {"$ref": "#/components/schemas/Missing"},
])
def test_schemas_without_an_exact_form_take_the_full_validator(schema: Any) -> None:
    assert FastTypes({"components": {"schemas": {}}}).decoder(schema) is None


def test_a_union_msgspec_cannot_hold_is_compiled_as_variants_each_exact() -> None:
    doc = {"components": {"schemas": {"Image": {"type": "object", "required": ["id"],
                                                "properties": {"id": {"type": "string"}}}}}}
    schema = {"type": "object", "properties": {"images": {"anyOf": [
        {"type": "array", "items": {"$ref": "#/components/schemas/Image"}},
        {"type": "array", "items": {"type": "string"}}]}}}
    decoders = FastTypes(doc).decoders(schema)
    assert len(decoders) == 2
    reference = _reference(doc, schema)
    for body in ({"images": [{"id": "a"}]}, {"images": ["a", "b"]}, {"images": ["a", {"id": "b"}]},
                 {"images": [{"name": "x"}]}, {}, {"images": [1]}):
        accepted = []
        for decoder in decoders:
            try:
                decoder.decode(json.dumps(body).encode())
                accepted.append(True)
            except Exception:
                accepted.append(False)
        assert any(accepted) == reference.is_valid(body), body


def test_variants_do_not_depend_on_what_was_compiled_before() -> None:
    def two_arrays(n: int) -> dict[str, Any]:
        return {"type": "object", "properties": {f"p{n}": {"anyOf": [
            {"type": "array", "items": {"type": "string"}}, {"type": "array", "items": {"type": "integer"}}]}}}

    doc = {"components": {"schemas": {"Named": two_arrays(99)}}}
    alone = FastTypes(doc)
    assert len(alone.decoders(two_arrays(0))) == 2
    assert len(alone.decoders({"$ref": "#/components/schemas/Named"})) == 2
    shared = FastTypes(doc)
    for n in range(1, 8):
        assert len(shared.decoders(two_arrays(n))) == 2
    assert len(shared.decoders(two_arrays(0))) == 2
    assert len(shared.decoders({"$ref": "#/components/schemas/Named"})) == 2
    # a second schema reaching the failed named schema still gets its variants
    assert len(shared.decoders({"type": "array", "items": {"$ref": "#/components/schemas/Named"}})) == 2


def test_a_schema_that_refers_to_itself_has_a_fast_path() -> None:
    doc = {"components": {"schemas": {"Node": {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}}}
    schema = {"$ref": "#/components/schemas/Node"}
    decoder = FastTypes(doc).decoder(schema)
    assert decoder is not None
    decoder.decode(b'{"id": "a", "children": [{"id": "b", "children": []}]}')
    fast, reference = _decides(schema, {"id": "a", "children": [{"children": []}]}, doc)
    assert fast is None and reference is False


def test_a_routed_capture_gets_the_response_of_its_status() -> None:
    validator = Validator(SPECS["cbr"])
    body = json.dumps({"backup": {"id": "b1", "resource_size": "40"}}).encode()
    outcome = validator.check(Capture("c.jsonl", 3, "GET", "https://h.example/v3/p1/backups/b1", 200, body))
    assert outcome.verdict == "invalid" and outcome.operation == "ShowBackup" and outcome.status == "200"
    (error,) = [e for e in outcome.errors if e.path == "backup.resource_size"]
    assert (error.kind, error.expected, error.sent) == ("type", "integer", "string")
    assert validator.check(Capture("c", 1, "GET", "/v3/p1/backups/b1", 299, body)).verdict == "undeclared_status"
    assert validator.check(Capture("c", 1, "PATCH", "/v3/p1/backups/b1", 200, body)).verdict == "unmatched_route"
    not_json = validator.check(Capture("c", 1, "GET", "/v3/p1/backups/b1", 200, b"<html>oops</html>"))
    assert not_json.verdict == "unparseable" and "not JSON" in not_json.message
    empty = validator.check(Capture("c", 1, "GET", "/v3/p1/backups/b1", 200, b""))
    assert empty.verdict == "invalid" and empty.errors[0].kind == "missing-body"


def test_what_the_spec_expects_is_named_per_response_not_by_a_shared_schema_path() -> None:
    def op(operation: str, schema: dict[str, Any]) -> dict[str, Any]:
        content = {"application/json": {"schema": {"type": "object", "properties": {"a": schema}}}}
        return {"get": {"operationId": operation, "responses": {"200": {"description": "", "content": content}}}}

    doc = {"paths": {"/x": op("X", {"type": "string"}), "/y": op("Y", {"type": "integer"}),
                     "/z": op("Z", {"enum": ["p", "q"]}), "/w": op("W", {"enum": ["r"]})}}
    validator = Validator(doc)
    sent = {"/x": b'{"a": true}', "/y": b'{"a": true}', "/z": b'{"a": "s"}', "/w": b'{"a": "s"}'}
    expected = {path: validator.judge("GET", path, 200, body).errors[0].expected for path, body in sent.items()}
    assert expected == {"/x": "string", "/y": "integer", "/z": 'one of "p", "q"', "/w": 'one of "r"'}
