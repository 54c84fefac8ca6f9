"""The shared error body on every error response (generator/reconcile/responses.py), on the real specs."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from conftest import ROOT, SERVICES

from generator.reconcile.errorbodies import share_error_bodies
from generator.reconcile.model import Property, Schema, Service
from generator.reconcile.responses import _most_shared, error_body_name
from generator.validate.captures import Capture
from generator.validate.engine import Validator


def spec(service: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "spec" / f"{service}.openapi.yaml").read_text(encoding="utf-8"))
    return loaded


def report(service: str) -> list[dict[str, Any]]:
    conflicts: list[dict[str, Any]] = json.loads(
        (ROOT / "spec" / f"{service}.conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    return conflicts


def body_fields(service: str) -> list[str]:
    return list(spec(service)["components"]["schemas"]["ErrorResponse"]["properties"])


def test_the_error_code_pages_example_decides_the_body() -> None:
    # vpc's error-code page prints {"code": "VPC.0002", "message": ...}; no operation page documents a body
    assert body_fields("vpc") == ["code", "message"]
    assert body_fields("dns") == ["code", "message"]


def test_a_json_paragraph_on_the_error_code_page_is_its_example() -> None:
    # AS prints `{"error":{"code":"AS.0001","message":"System error."}}` as a paragraph, not a code block
    error = spec("as")["components"]["schemas"]["ErrorResponse"]["properties"]["error"]
    assert list(error["properties"]) == ["code", "message"]
    assert error["properties"]["code"]["anyOf"] == [{"$ref": "#/components/schemas/ErrorCode"}, {"type": "string"}]


def test_an_example_with_placeholders_still_names_the_fields() -> None:
    # csbs prints `"error_code": xxxx,//Error code`: not JSON, but its keys are the body
    assert body_fields("csbs") == ["error_code", "error_msg"]


def test_the_documented_error_bodies_decide_when_the_error_page_shows_none() -> None:
    decided = next(c for c in report("cbr") if c["kind"] == "error-body" and c["subject"] == "ErrorResponse")
    assert decided["rule"] == "R3-error-body"
    assert "the error bodies the operation pages document" in decided["decision"]
    assert body_fields("cbr") == ["error_code", "error_msg"]


def test_the_code_field_names_the_error_codes_open_to_others() -> None:
    code = spec("vpc")["components"]["schemas"]["ErrorResponse"]["properties"]["code"]
    assert code == {"anyOf": [{"$ref": "#/components/schemas/ErrorCode"}, {"type": "string"}],
                    "description": "The error code: one ErrorCode lists, or another."}


def test_an_operation_without_error_responses_takes_the_shared_status_pages() -> None:
    doc = spec("vpc")
    shared = sorted(code.removeprefix("Status") for code in doc["components"]["responses"]
                    if code[len("Status"):][:1] in ("4", "5"))
    op = doc["paths"]["/v1/{project_id}/publicips"]["get"]
    assert sorted(s for s in op["responses"] if s[:1] in ("4", "5")) == shared
    assert op["responses"]["404"] == {"$ref": "#/components/responses/Status404"}
    assert doc["components"]["responses"]["Status404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"}


def test_a_service_without_a_status_page_gets_a_default_error() -> None:
    doc = spec("as")
    assert "responses" not in doc["components"]
    # every AS page lists its error statuses: each takes the body instead
    op = doc["paths"]["/autoscaling-api/v1/{project_id}/scaling_group"]["get"]
    assert op["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"}


def test_error_examples_showing_another_body_keep_it_and_are_reported() -> None:
    left = next(c for c in report("evs") if c["subject"] == "error responses whose examples show another body")
    doc = spec("evs")
    for entry in left["candidates"][0]["sources"]:
        operation_id, status = entry.rsplit(" ", 1)
        op = next(o for item in doc["paths"].values() for o in item.values() if o["operationId"] == operation_id)
        assert "schema" not in op["responses"][status]["content"]["application/json"]


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_has_a_success_and_an_error_response_with_a_body(service: str) -> None:
    doc = spec(service)
    left = {entry for c in report(service) if c["subject"] == "error responses whose examples show another body"
            for entry in c["candidates"][0]["sources"]}
    for item in doc["paths"].values():
        for method, op in item.items():
            statuses = op["responses"]
            assert any(s[:1] == "2" for s in statuses), op["operationId"]
            errors = [s for s in statuses if s == "default" or s[:1] in ("4", "5")]
            if method == "head":  # no answer to HEAD has a body, an error's neither
                assert all("content" not in statuses[s] and "$ref" not in statuses[s] for s in errors)
                continue
            assert errors, op["operationId"]
            for status in errors:
                response = statuses[status]
                if "$ref" in response or f"{op['operationId']} {status}" in left:
                    continue
                assert response["content"]["application/json"]["schema"], (op["operationId"], status)


@pytest.mark.parametrize("service", SERVICES)
def test_the_error_codes_are_referenced(service: str) -> None:
    doc = spec(service)
    body = doc["components"]["schemas"]["ErrorResponse"]
    documented = all("$ref" in field for field in body["properties"].values())  # evs: the pages' own Error
    if "ErrorCode" in doc["components"]["schemas"] and not documented:
        assert '{"$ref": "#/components/schemas/ErrorCode"}' in json.dumps(body)


def test_a_field_a_table_types_as_object_takes_the_examples_fields() -> None:
    # kms documents {"error": object}; its error examples send error_code and error_msg inside
    error = spec("kms")["components"]["schemas"]["ErrorResponse"]["properties"]["error"]
    assert list(error["properties"]) == ["error_code", "error_msg"]


def test_validate_follows_a_shared_response_to_its_body() -> None:
    validator = Validator(spec("vpc"))
    good = validator.check(Capture("c", 1, "GET", "/v1/p1/publicips", 404,
                                   b'{"code": "VPC.0002", "message": "Available zone Name is null."}'))
    bad = validator.check(Capture("c", 2, "GET", "/v1/p1/publicips", 404, b'{"code": 2, "message": "x"}'))
    assert (good.verdict, good.status) == ("valid", "404")
    assert bad.verdict != "valid" and bad.errors


def test_one_odd_source_does_not_decide_among_many() -> None:
    shapes = {("a",): ({}, ("p1",)), ("b",): ({}, ("p2",)), ("c",): ({}, ("p3",))}
    assert _most_shared(shapes) is None
    assert _most_shared({("a",): ({}, ("p1", "p2")), ("b",): ({}, ("p3",))}) == ("a",)


def test_an_operation_with_only_a_default_error_takes_the_status_pages_4xx() -> None:
    # EVS's page of GET /v3/{project_id}/volumes/summary prints an abnormal example (the `default` answer) and
    # no 4xx; appendix/status_codes.rst lists 400 ... 415 as the service's answers (rule R3-error-statuses)
    doc = spec("evs")
    page_4xx = sorted(code.removeprefix("Status") for code in doc["components"]["responses"]
                      if code.removeprefix("Status")[:1] == "4")
    responses = doc["paths"]["/v3/{project_id}/volumes/summary"]["get"]["responses"]
    assert sorted(s for s in responses if s[:1] == "4") == page_4xx
    assert responses["400"] == {"$ref": "#/components/responses/Status400"}
    assert responses["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"}
    decided = next(c for c in report("evs") if c["rule"] == "R3-error-statuses")
    assert decided["candidates"][0]["sources"] == ["spec/sources/evs/otc/appendix/status_codes.rst"]
    assert "ListSummary" in decided["candidates"][1]["sources"]


def test_every_operation_of_a_service_with_a_status_page_has_a_4xx_answer() -> None:
    lacking, checked = {}, []
    for service in SERVICES:
        doc = spec(service)
        if not any(code.startswith("Status4") for code in doc.get("components", {}).get("responses", {})):
            continue  # AS has no status-code page: its pages list their own errors
        checked.append(service)
        lacking[service] = [f"{method.upper()} {path}" for path, item in doc["paths"].items()
                            for method, op in item.items()
                            if method != "head" and not any(status[:1] == "4" for status in op["responses"])]
    assert {"evs", "kms", "modelarts", "vpc", "dns"} <= set(checked)
    assert {service: ops for service, ops in lacking.items() if ops} == {}


# --- documented error bodies, one schema per body (reconcile/errorbodies.py, R3-error-body-shared) ------------


def _error_refs(service: str) -> dict[str, int]:
    """Schema name -> how many 4xx/5xx responses of the spec refer to it."""
    counts: dict[str, int] = {}
    for item in spec(service)["paths"].values():
        for op in item.values():
            for status, response in op.get("responses", {}).items():
                ref = response.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
                if status[:1] in ("4", "5") and ref:
                    name = ref.rsplit("/", 1)[-1]
                    counts[name] = counts.get(name, 0) + 1
    return counts


def test_error_bodies_every_smn_page_documents_are_the_shared_body() -> None:
    # SMN prints {request_id, code, message} under every 400/403/404/500 of every page: one schema, not 148
    refs = _error_refs("smn")
    assert set(refs) == {"ErrorResponse"}
    schemas = spec("smn")["components"]["schemas"]
    assert not [name for name in schemas if name.endswith(("Response400", "Response403", "Response500"))]
    shared = next(c for c in report("smn") if c["rule"] == "R3-error-body-shared")
    assert shared["decision"] == "one schema, ErrorResponse, for 148 error responses"
    subscribe = next(c for c in shared["candidates"]
                     if "AddSubscription 400 (AddSubscriptionResponse400)" in c["value"])
    assert subscribe["sources"] == ["spec/sources/smn/huawei-zh/订阅.md"]
    assert len(shared["candidates"]) == 148


def test_documented_bodies_of_another_shape_than_the_shared_one_are_one_schema_of_their_own() -> None:
    # VPC's error-code page shows {code, message}; its Chinese pages document {request_id, error_msg, error_code}
    schemas = spec("vpc")["components"]["schemas"]
    assert list(schemas["ErrorResponse"]["properties"]) == ["code", "message"]
    assert set(schemas["ErrorResponse2"]["properties"]) == {"request_id", "error_msg", "error_code"}
    code = schemas["ErrorResponse2"]["properties"]["error_code"]
    assert code["anyOf"][0] == {"$ref": "#/components/schemas/ErrorCode"}
    assert _error_refs("vpc")["ErrorResponse2"] == 102


def test_a_bare_object_where_the_shared_body_lists_fields_says_less_and_is_the_shared_body() -> None:
    # KMS pages type `error` as a bare object; the error-code page shows its fields
    assert set(_error_refs("kms")) == {"ErrorResponse"}


def _schema(name: str, **fields: dict[str, Any]) -> Schema:
    return Schema(name=name, properties=tuple(Property(name=k, schema=v) for k, v in fields.items()))


def _service(*bodies: Schema) -> Service:
    from generator.reconcile.model import Operation, Response

    service = Service(config=None, schemas={b.name: b for b in bodies})  # type: ignore[arg-type]
    service.operations = [Operation(operation_id=f"Op{i}", method="GET", path=f"/{i}", tag="", summary="",
                                    summary_zh="", description="", description_zh="", parameters=(), sources=(),
                                    responses=(Response("400", "", schema=b.name),))
                          for i, b in enumerate(bodies) if b.name != "ErrorResponse"]
    return service


def test_a_body_with_a_field_more_or_documented_once_stays_the_operations_own() -> None:
    string = {"type": "string"}
    shared = _schema("ErrorResponse", code=string, message=string)
    extra = _schema("AResponse400", code=string, message=string, detail=string)
    alone = _schema("BResponse400", error_code=string)
    same = _schema("CResponse400", message=string, code={"type": "string", "description": "错误码"})
    service = _service(shared, extra, alone, same)
    done = share_error_bodies(service, shared, error_body_name, lambda key, schema: schema)
    assert [(s.schema, [m[2] for m in s.members]) for s in done] == [("ErrorResponse", ["CResponse400"])]
    assert set(service.schemas) == {"ErrorResponse", "AResponse400", "BResponse400"}
    assert [op.responses[0].schema for op in service.operations] == ["AResponse400", "BResponse400", "ErrorResponse"]


def test_a_body_typed_otherwise_than_the_shared_one_is_not_it() -> None:
    string, integer = {"type": "string"}, {"type": "integer"}
    shared = _schema("ErrorResponse", code=string, message=string)
    first, second = _schema("AResponse400", code=integer, message=string), _schema("BResponse500", code=integer,
                                                                                    message=string)
    service = _service(shared, first, second)
    (done,) = share_error_bodies(service, shared, error_body_name, lambda key, schema: schema)
    assert (done.schema, done.fields) == ("ErrorResponse2", ("code", "message"))
    assert set(service.schemas) == {"ErrorResponse", "ErrorResponse2"}


def test_an_unresolved_type_or_another_requirement_is_not_the_shared_body() -> None:
    string = {"type": "string"}
    shared = _schema("ErrorResponse", code={"anyOf": [{"$ref": "#/components/schemas/ErrorCode"}, string]},
                     message=string)
    unresolved = _schema("AResponse400", code=string, message={"anyOf": [{"$ref": "#/components/schemas/Detail"},
                                                                         string]})
    coded = _schema("BResponse400", code=string, message=string)  # the code as the wire sends it: the shared body
    required = Schema(name="CResponse400", properties=(Property(name="code", schema=string, required=True),
                                                       Property(name="message", schema=string)))
    also = Schema(name="DResponse400", properties=(Property(name="code", schema=string),
                                                   Property(name="message", schema=string, required=True)))
    service = _service(shared, unresolved, coded, required, also)
    service.schemas["Detail"] = _schema("Detail", text=string)
    done = share_error_bodies(service, shared, error_body_name, lambda key, schema: schema)
    assert [(s.schema, [m[2] for m in s.members]) for s in done] == [("ErrorResponse", ["BResponse400"])]
    assert {"AResponse400", "CResponse400", "DResponse400", "Detail"} <= set(service.schemas)


def test_a_body_another_schema_refers_to_stays_and_what_the_bodies_refer_to_stays() -> None:
    string = {"type": "string"}
    shared = _schema("ErrorResponse", code=string)
    nested = {"$ref": "AError"}  # the model's bare name (emit/openapi.py prefixes it)
    first, second = _schema("AResponse400", error=nested), _schema("BResponse500", error=nested)
    also_shared = _schema("CResponse404", code=string)
    service = _service(shared, first, second, also_shared)
    service.schemas["AError"] = _schema("AError", text=string)
    service.schemas["Holder"] = _schema("Holder", last=nested, failure={"$ref": "CResponse404"})
    service.schemas["Unused"] = _schema("Unused", text=string)  # unused before: not this rule's to drop
    done = share_error_bodies(service, shared, error_body_name, lambda key, schema: schema)
    assert [d.schema for d in done] == ["ErrorResponse", "ErrorResponse2"]
    assert set(service.schemas) == {"ErrorResponse", "ErrorResponse2", "AError", "CResponse404", "Holder", "Unused"}
