"""One small spec pair per diff rule, asserting the exact findings it gives (severity, rule, message).

Every pair starts from the same small API (one PUT with a path and a query parameter, a request body
ThingUpdate, a response Thing) and changes one thing. Deleting a rule from the table makes its case fail
(the change is left unjudged); deleting the code that notices the change makes it fail too (no finding)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator.diff.changes import CHANGE_KINDS, compute_changes
from generator.diff.mapping import DiffMapping, OperationMapping
from generator.diff.rules import RULES, judge

PATH = "/v1/things/{thing_id}"
OP = f"PUT {PATH}"
Doc = dict[str, Any]


def base() -> Doc:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1"},
        "paths": {PATH: {"put": {
            "operationId": "UpdateThing",
            "parameters": [
                {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
            ],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ThingUpdate"}}}},
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"}}}},
                "404": {"description": "Not Found"},
            },
        }}},
        "components": {"schemas": {
            "ThingUpdate": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string", "maxLength": 64},
                "size": {"type": "integer", "default": 10},
                "mode": {"type": "string", "enum": ["a", "b"]},
            }},
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "size": {"type": "integer"},
                "status": {"type": "string", "enum": ["on", "off"]},
                "created": {"type": "string", "format": "date-time"},
            }},
        }},
    }


def op(doc: Doc) -> Doc:
    found: Doc = next(iter(doc["paths"].values()))["put"]
    return found


def thing(doc: Doc) -> Doc:
    props: Doc = doc["components"]["schemas"]["Thing"]["properties"]
    return props


def update(doc: Doc) -> Doc:
    props: Doc = doc["components"]["schemas"]["ThingUpdate"]["properties"]
    return props


def limit(doc: Doc) -> Doc:
    param: Doc = op(doc)["parameters"][1]
    return param


def ok(doc: Doc) -> Doc:
    media: Doc = op(doc)["responses"]["200"]["content"]["application/json"]
    return media


def move(doc: Doc, path: str) -> None:
    doc["paths"][path] = doc["paths"].pop(PATH)


def rename_thing(doc: Doc) -> None:
    schemas = doc["components"]["schemas"]
    schemas["Item"] = schemas.pop("Thing")
    ok(doc)["schema"]["$ref"] = "#/components/schemas/Item"


def example(value: Any) -> Callable[[Doc], None]:
    return lambda d: ok(d).update(examples={"e": {"value": value}})


def open_status(*values: str) -> Callable[[Doc], None]:
    """Thing.status as an open enum: one of the values listed, or another string."""
    return lambda d: thing(d).update(status={"anyOf": [{"type": "string", "enum": list(values)}, {"type": "string"}]})


def plain_status(doc: Doc) -> None:
    thing(doc)["status"] = {"type": "string"}


def nothing(doc: Doc) -> None:
    """The pair's other side: the base API unchanged."""


@dataclass
class Case:
    old: Callable[[Doc], Any]
    new: Callable[[Doc], Any]
    expect: list[tuple[str, str, str]]  # (severity, rule, message), in the order found
    mapping: DiffMapping = field(default_factory=DiffMapping)


CASES: dict[str, Case] = {
    # operations
    "operation-removed": Case(nothing, lambda d: d["paths"].clear(),
                              [("breaking", "operation-removed", f"{OP}: operation removed")]),
    "operation-added": Case(lambda d: d["paths"].clear(), nothing,
                            [("info", "operation-added", f"{OP}: operation added")]),
    "operation-mapped": Case(
        nothing, lambda d: move(d, "/v2/items/{thing_id}"),
        [("info", "operation-mapped", f"compared with {OP}, as the mapping file says")],
        DiffMapping(operations=(OperationMapping(("PUT", PATH), ("PUT", "/v2/items/{thing_id}")),))),
    "operation-id-changed": Case(nothing, lambda d: op(d).update(operationId="PutThing"),
                                 [("warning", "operation-id-changed", "operationId UpdateThing -> PutThing")]),
    "path-parameter-renamed": Case(
        nothing, lambda d: (move(d, "/v1/things/{id}"), op(d)["parameters"][0].update(name="id")),
        [("info", "path-parameter-renamed", "path parameter id: renamed from thing_id")]),
    "security-became-required": Case(nothing, lambda d: op(d).update(security=[{"Token": []}]),
                                     [("breaking", "security-became-required",
                                       "authentication became required (Token)")]),
    "security-became-optional": Case(lambda d: op(d).update(security=[{"Token": []}]),
                                     lambda d: op(d).update(security=[{"Token": []}, {}]),
                                     [("info", "security-became-optional",
                                       "authentication became optional (was Token)")]),
    "security-changed": Case(lambda d: op(d).update(security=[{"Token": []}]),
                             lambda d: op(d).update(security=[{"ApiKey": []}]),
                             [("warning", "security-changed", "security schemes Token -> ApiKey")]),
    # parameters
    "request-parameter-removed": Case(nothing, lambda d: op(d)["parameters"].pop(),
                                      [("warning", "request-parameter-removed", "query parameter limit: removed")]),
    "request-parameter-added-required": Case(
        nothing, lambda d: op(d)["parameters"].append({"name": "zone", "in": "query", "required": True,
                                                        "schema": {"type": "string"}}),
        [("breaking", "request-parameter-added-required", "query parameter zone: added, required")]),
    "request-parameter-added-optional": Case(
        nothing, lambda d: op(d)["parameters"].append({"name": "zone", "in": "header", "schema": {"type": "string"}}),
        [("info", "request-parameter-added-optional", "header parameter zone: added, optional")]),
    "request-parameter-became-required": Case(nothing, lambda d: limit(d).update(required=True),
                                              [("breaking", "request-parameter-became-required",
                                                "query parameter limit: became required")]),
    "request-parameter-became-optional": Case(lambda d: limit(d).update(required=True), nothing,
                                              [("info", "request-parameter-became-optional",
                                                "query parameter limit: became optional")]),
    # bodies and statuses
    "request-body-added": Case(lambda d: op(d).pop("requestBody"), nothing,
                               [("breaking", "request-body-added", "request body: added")]),
    "request-body-removed": Case(nothing, lambda d: op(d).pop("requestBody"),
                                 [("warning", "request-body-removed", "request body: removed")]),
    "response-body-added": Case(nothing, lambda d: op(d)["responses"]["404"].update(
                                    content={"application/json": {"schema": {"type": "object"}}}),
                                [("info", "response-body-added", "response 404: now has a body")]),
    "response-body-removed": Case(nothing, lambda d: op(d)["responses"]["200"].pop("content"),
                                  [("breaking", "response-body-removed", "response 200: body removed")]),
    "response-success-status-removed": Case(lambda d: op(d)["responses"].update({"202": {"description": "x"}}),
                                            nothing, [("breaking", "response-success-status-removed",
                                                       "response 202: success response removed")]),
    "response-error-status-removed": Case(nothing, lambda d: op(d)["responses"].pop("404"),
                                          [("info", "response-error-status-removed",
                                            "response 404: error response no longer documented")]),
    "response-status-added": Case(nothing, lambda d: op(d)["responses"].update({"409": {"description": "x"}}),
                                  [("info", "response-status-added", "response 409: response added")]),
    # properties: the direction decides
    "request-property-removed": Case(nothing, lambda d: update(d).pop("size"),
                                     [("warning", "request-property-removed", "request body size: property removed")]),
    "response-property-removed": Case(nothing, lambda d: thing(d).pop("size"),
                                      [("breaking", "response-property-removed",
                                        "response 200 size: property removed")]),
    "request-property-added-required": Case(
        nothing, lambda d: (update(d).update(owner={"type": "string"}),
                            d["components"]["schemas"]["ThingUpdate"]["required"].append("owner")),
        [("breaking", "request-property-added-required", "request body owner: property added, required")]),
    "request-property-added-optional": Case(nothing, lambda d: update(d).update(owner={"type": "string"}),
                                            [("info", "request-property-added-optional",
                                              "request body owner: property added, optional")]),
    "response-property-added-required": Case(
        nothing, lambda d: (thing(d).update(owner={"type": "string"}),
                            d["components"]["schemas"]["Thing"]["required"].append("owner")),
        [("info", "response-property-added-required", "response 200 owner: property added")]),
    "response-property-added-optional": Case(nothing, lambda d: thing(d).update(owner={"type": "string"}),
                                             [("info", "response-property-added-optional",
                                               "response 200 owner: property added")]),
    "request-property-mapped": Case(nothing, lambda d: update(d).update(capacity=update(d).pop("size")),
                                    [("info", "request-property-mapped",
                                      "request body capacity: compared with size (mapping)")],
                                    DiffMapping(properties={"ThingUpdate": {"size": "capacity"}})),
    "response-property-mapped": Case(nothing, lambda d: thing(d).update(capacity=thing(d).pop("size")),
                                     [("info", "response-property-mapped",
                                       "response 200 capacity: compared with size (mapping)")],
                                     DiffMapping(properties={"Thing": {"size": "capacity"}})),
    "request-property-became-required": Case(
        nothing, lambda d: d["components"]["schemas"]["ThingUpdate"]["required"].append("size"),
        [("breaking", "request-property-became-required", "request body size: became required")]),
    "request-property-became-optional": Case(
        nothing, lambda d: d["components"]["schemas"]["ThingUpdate"].pop("required"),
        [("info", "request-property-became-optional", "request body name: became optional")]),
    "response-property-became-required": Case(
        nothing, lambda d: d["components"]["schemas"]["Thing"]["required"].append("size"),
        [("info", "response-property-became-required", "response 200 size: now always sent")]),
    "response-property-became-optional": Case(
        nothing, lambda d: d["components"]["schemas"]["Thing"].pop("required"),
        [("breaking", "response-property-became-optional", "response 200 id: may now be absent")]),
    "request-became-nullable": Case(nothing, lambda d: update(d)["name"].update(type=["string", "null"]),
                                    [("info", "request-became-nullable", "request body name: now accepts null")]),
    "request-became-non-nullable": Case(lambda d: update(d)["name"].update(type=["string", "null"]), nothing,
                                        [("breaking", "request-became-non-nullable",
                                          "request body name: no longer accepts null")]),
    "response-became-nullable": Case(
        nothing, lambda d: thing(d).update(size={"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        [("breaking", "response-became-nullable", "response 200 size: may now be null")]),
    "response-became-non-nullable": Case(lambda d: thing(d)["size"].update(type=["integer", "null"]), nothing,
                                         [("info", "response-became-non-nullable",
                                           "response 200 size: never null any more")]),
    # types and formats
    "request-type-changed": Case(nothing, lambda d: update(d)["size"].update(type="string", default="10"),
                                 [("breaking", "request-type-changed", "request body size: type integer -> string")]),
    "response-type-changed": Case(nothing, lambda d: thing(d)["size"].update(type="string"),
                                  [("breaking", "response-type-changed", "response 200 size: type integer -> string")]),
    "request-type-widened": Case(nothing, lambda d: update(d)["size"].update(type="number"),
                                 [("info", "request-type-widened",
                                   "request body size: type integer -> number, wider")]),
    "response-type-widened": Case(nothing, lambda d: thing(d).update(size={"anyOf": [{"type": "integer"},
                                                                                    {"type": "string"}]}),
                                  [("breaking", "response-type-widened",
                                    "response 200 size: type integer -> integer | string, wider")]),
    "request-type-narrowed": Case(lambda d: update(d)["size"].update(type="number"), nothing,
                                  [("breaking", "request-type-narrowed",
                                    "request body size: type number -> integer, narrower")]),
    "response-type-narrowed": Case(lambda d: thing(d)["size"].update(type=["integer", "string"]), nothing,
                                   [("info", "response-type-narrowed",
                                     "response 200 size: type integer | string -> integer, narrower")]),
    "request-format-changed": Case(lambda d: update(d)["size"].update(format="int32"),
                                   lambda d: update(d)["size"].update(format="int64"),
                                   [("breaking", "request-format-changed",
                                     "request body size: format int32 -> int64")]),
    "response-format-changed": Case(nothing, lambda d: thing(d)["created"].update(format="date"),
                                    [("breaking", "response-format-changed",
                                      "response 200 created: format date-time -> date")]),
    # enums
    "request-enum-value-removed": Case(nothing, lambda d: update(d)["mode"].update(enum=["a"]),
                                       [("breaking", "request-enum-value-removed",
                                         'request body mode: value "b" no longer accepted')]),
    "request-enum-value-added": Case(nothing, lambda d: update(d)["mode"].update(enum=["a", "b", "c"]),
                                     [("info", "request-enum-value-added",
                                       'request body mode: value "c" now accepted')]),
    "response-enum-value-removed": Case(nothing, lambda d: thing(d)["status"].update(enum=["on"]),
                                        [("info", "response-enum-value-removed",
                                          'response 200 status: value "off" no longer sent')]),
    "response-enum-value-added": Case(nothing, lambda d: thing(d)["status"].update(enum=["on", "off", "standby"]),
                                      [("warning", "response-enum-value-added",
                                        'response 200 status: value "standby" may be sent')]),
    # open enums
    "open-enum-value-added": Case(open_status("on", "off"), open_status("on", "off", "standby"),
                                  [("info", "open-enum-value-added",
                                    'response 200 status: 1 now listed: "standby"')]),
    "open-enum-value-removed": Case(open_status("on", "off"), open_status("on"),
                                    [("info", "open-enum-value-removed",
                                      'response 200 status: 1 no longer listed: "off"')]),
    "open-enum-listed": Case(plain_status, open_status("on", "off"),
                             [("info", "open-enum-listed",
                               'response 200 status: known values listed, enum ["on", "off"]')]),
    "open-enum-unlisted": Case(open_status("on", "off"), plain_status,
                               [("info", "open-enum-unlisted",
                                 'response 200 status: list of known values gone, was enum ["on", "off"]')]),
    # constraints
    "request-constraint-tightened": Case(nothing, lambda d: update(d)["name"].update(maxLength=32),
                                         [("breaking", "request-constraint-tightened",
                                           "request body name: maxLength 64 -> maxLength 32, stricter")]),
    "request-constraint-loosened": Case(nothing, lambda d: limit(d)["schema"].pop("maximum"),
                                        [("info", "request-constraint-loosened",
                                          "query parameter limit: maximum 100 -> no maximum, looser")]),
    "response-constraint-tightened": Case(nothing, lambda d: thing(d)["id"].update(pattern="^[a-f0-9-]+$"),
                                          [("info", "response-constraint-tightened",
                                            'response 200 id: no pattern -> pattern "^[a-f0-9-]+$", stricter')]),
    "response-constraint-loosened": Case(nothing, lambda d: thing(d)["status"].pop("enum"),
                                         [("warning", "response-constraint-loosened",
                                           'response 200 status: enum ["on", "off"] -> no enum, looser')]),
    # defaults
    "request-default-changed": Case(nothing, lambda d: update(d)["size"].update(default=20),
                                    [("warning", "request-default-changed", "request body size: default 10 -> 20")]),
    "response-default-changed": Case(nothing, lambda d: thing(d)["status"].update(default="on"),
                                     [("info", "response-default-changed",
                                       'response 200 status: default (none) -> "on"')]),
    # documentation
    "description-changed": Case(nothing, lambda d: thing(d)["id"].update(description="The thing's ID"),
                                [("info", "description-changed",
                                  "response 200 id description changed: (none) -> The thing's ID")]),
    "example-value-changed": Case(example({"id": "a", "size": 1}), example({"id": "a", "size": 2}),
                                  [("info", "example-value-changed", "response 200 example size: 1 -> 2")]),
    "example-type-changed": Case(example({"id": "a", "size": 1}), example({"id": "a", "size": "1"}),
                                 [("warning", "example-type-changed",
                                   'response 200 example size: 1 -> "1", another JSON type')]),
    "example-rewritten": Case(example({"ids": list(range(11))}), example({"ids": list(range(100, 111))}),
                              [("info", "example-rewritten", "response 200 example: rewritten, 11 values differ")]),
    # components
    "schema-renamed": Case(nothing, rename_thing,
                           [("info", "schema-renamed", "schema Thing is now Item (matched by place)")]),
    "schema-removed": Case(lambda d: d["components"]["schemas"].update(Orphan={"type": "object"}), nothing,
                           [("info", "schema-removed", "schema Orphan: removed")]),
    "schema-added": Case(nothing, lambda d: d["components"]["schemas"].update(Orphan={"type": "object"}),
                         [("info", "schema-added", "schema Orphan: added")]),
}


def sides(case: Case) -> tuple[Doc, Doc]:
    old, new = base(), base()
    case.old(old)
    case.new(new)
    return old, new


def findings(case: Case) -> list[tuple[str, str, str]]:
    old, new = sides(case)
    return [(f.rule.severity, f.rule.id, f.message) for f in judge(compute_changes(old, new, case.mapping))]


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_gives_exactly_its_finding(rule_id: str) -> None:
    case = CASES[rule_id]
    assert findings(case) == case.expect
    assert rule_id in {r for _, r, _ in case.expect}


def test_every_rule_has_a_case_and_every_change_a_rule() -> None:
    assert set(CASES) == set(RULES)
    judged = sorted((r.kind, r.direction) for r in RULES.values())
    possible = sorted((kind, d) for kind, directions in CHANGE_KINDS.items() for d in directions)
    assert judged == possible  # each (kind, direction) judged by exactly one rule


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_both_sides_of_every_case_are_valid_openapi(rule_id: str) -> None:
    for doc in sides(CASES[rule_id]):
        validate(doc)


def test_unchanged_api_gives_no_finding() -> None:
    assert findings(Case(nothing, nothing, [])) == []


def test_one_schema_used_both_ways_is_judged_once_per_direction() -> None:
    """The request body and the response share Thing: removing its property breaks the readers of the
    response, while the senders of the request just send a field that is ignored."""
    def share(doc: Doc) -> None:
        op(doc)["requestBody"]["content"]["application/json"]["schema"]["$ref"] = "#/components/schemas/Thing"
        del doc["components"]["schemas"]["ThingUpdate"]

    def remove(doc: Doc) -> None:
        share(doc)
        thing(doc).pop("size")

    assert findings(Case(share, remove, [])) == [
        ("warning", "request-property-removed", "request body size: property removed"),
        ("breaking", "response-property-removed", "response 200 size: property removed"),
    ]


def test_readme_lists_every_rule_as_the_table_says() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.severity} | {rule.rationale} |" in readme, rule.id


def test_an_open_enum_becoming_closed_is_a_looser_list_no_more() -> None:
    # closed -> open: values outside the list may now be sent (the closed enum's constraint is gone)
    assert findings(Case(nothing, open_status("on", "off"), [])) == [
        ("info", "open-enum-listed", 'response 200 status: known values listed, enum ["on", "off"]'),
        ("warning", "response-constraint-loosened", 'response 200 status: enum ["on", "off"] -> no enum, looser'),
    ]
