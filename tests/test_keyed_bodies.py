"""A body table whose fields every example of its page sends under one top key the table does not list documents
that key's object: the body is `{key: <the table's object>}` (rule R2-body-key). Read on the real NAT pages (two
pages of `PUT …/dnat_rules/{dnat_rule_id}`, one printing the rule's fields at the root, one the `dnat_rule`
wrapper: one operation, no oneOf), on a minimal page, and on pages it must leave as they are. Examples whose only
fault is a key with blanks around a field the body has are set aside as decided (rule R2-example-nameless)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, built_pages

from generator.ir import Example, Field, Provenance, Table, TypeRef
from generator.pipeline import invalid_examples
from generator.reconcile.bodies import body_key

NAT = ROOT / "spec" / "sources" / "nat" / "huawei-zh"
REF = "#/components/schemas/"
DNAT = "/v2/{project_id}/dnat_rules/{dnat_rule_id}"


def _table(*names: str) -> Table:
    place = Provenance("p.md", 1, "zh")
    return Table(role="request_body", section="request", label="t", provenance=place,
                 fields=tuple(Field(name=n, type=TypeRef("string"), description="", provenance=place) for n in names))


def _shown(*bodies: Any) -> list[Example]:
    return [Example(kind="request", raw=json.dumps(b), provenance=Provenance("p.md", 9 + i, "zh"), body=b,
                    parsed=True) for i, b in enumerate(bodies)]


def test_fields_every_example_sends_under_one_unlisted_key_are_that_keys_object() -> None:
    table = _table("name", "size")
    assert body_key(table, _shown({"part": {"name": "a"}}, {"part": {"name": "b", "size": "2"}})) == "part"


@pytest.mark.parametrize("bodies", [
    ({"name": "a", "size": "1"},),  # the fields at the top level: the table is the body's
    ({"part": {"name": "a"}}, {"piece": {"name": "b"}}),  # different keys per example
    ({"part": {"name": "a"}}, {"name": "b"}),  # one example wraps, another does not
    ({"part": {"name": "a"}, "dry_run": True},),  # more than one top key
    ({"name": {"name": "a"}},),  # the key is a field the table lists
    ({"part": {"colour": "red"}},),  # the object under the key shares no field with the table
    ({"part": "a"},),  # no object under the key
    (),  # no example: nothing shows a key
])
def test_a_table_whose_examples_do_not_all_wrap_its_fields_in_one_key_is_left_as_is(bodies: tuple[Any, ...]) -> None:
    assert body_key(_table("name", "size"), _shown(*bodies)) is None


@pytest.fixture(scope="module")
def nat_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    pages = {name: NAT / name for name in ("更新DNAT规则.md", "更新DNAT规则_v2.md")}
    return built_pages(tmp_path_factory.mktemp("nat"), pages)


def test_nat_dnat_update_pages_are_one_operation_with_one_request_body(nat_built: tuple[Any, Any]) -> None:
    spec, _ = nat_built
    op = spec["paths"][DNAT]["put"]
    assert "x-apigen-actions" not in op  # the rule's fields no longer make a second action
    media = op["requestBody"]["content"]["application/json"]
    assert media["schema"] == {"$ref": REF + "UpdateNatGatewayDnatRuleRequestBody"}
    body = spec["components"]["schemas"]["UpdateNatGatewayDnatRuleRequestBody"]
    assert list(body["properties"]) == ["dnat_rule"]
    assert body["properties"]["dnat_rule"]["$ref"] == REF + "UpdateNatGatewayDnatRuleOption"
    rule = spec["components"]["schemas"]["UpdateNatGatewayDnatRuleOption"]
    assert "x-apigen-aliases" not in rule  # the key the object was read under is no page's name for it
    assert [s.rsplit("/", 1)[-1] for s in rule["x-apigen-sources"]] == ["更新DNAT规则.md", "更新DNAT规则_v2.md"]
    assert {"port_id", "private_ip", "internal_service_port_range"} <= set(rule["properties"])
    # every request example of both pages is valid against the one body
    assert "x-apigen-invalid-examples" not in media
    assert sorted(media["examples"]) == ["更新DNAT规则-line407", "更新DNAT规则_v2-line323", "更新DNAT规则_v2-line340",
                                         "更新DNAT规则_v2-line357", "更新DNAT规则_v2-line376"]


def test_nat_the_reading_is_reported_with_the_examples_that_show_the_key(nat_built: tuple[Any, Any]) -> None:
    _, conflicts = nat_built
    (keyed,) = [c for c in conflicts["conflicts"] if c["kind"] == "body-key"]
    assert (keyed["rule"], keyed["status"]) == ("R2-body-key", "resolved")
    assert keyed["subject"] == f"PUT {DNAT} request body (spec/sources/svc/更新DNAT规则_v2.md)"
    shown = next(c for c in keyed["candidates"] if "under 'dnat_rule'" in c["value"])
    assert [s.rsplit(":", 1)[-1] for s in shown["sources"]] == ["323", "340", "357", "376"]
    assert not [c for c in conflicts["conflicts"] if c["rule"] == "R3-action-key"]


def test_nat_response_examples_whose_only_fault_is_a_spaced_key_are_decided(nat_built: tuple[Any, Any]) -> None:
    spec, conflicts = nat_built
    aside = {c["id"]: c for c in conflicts["conflicts"] if c["kind"] == "example-invalid"}
    assert sorted(aside) == [f"example-invalid:UpdateNatGatewayDnatRule 200 更新DNAT规则_v2-line{n} dnat_rule"
                             for n in (412, 434)]
    for conflict in aside.values():
        assert (conflict["rule"], conflict["status"]) == ("R2-example-nameless", "resolved")
        assert "example key 'floating_ip_address '" in conflict["decision"]
    media = spec["paths"][DNAT]["put"]["responses"]["200"]["content"]["application/json"]
    assert sorted(media["x-apigen-invalid-examples"]) == ["更新DNAT规则_v2-line412", "更新DNAT规则_v2-line434"]


MINIMAL = """# 更新部件<a name="UpdatePart"></a>

## URI

PUT /v1/parts/{part_id}

## 请求消息

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|name|是|String|名称。|
|size|否|Integer|大小。|


-   请求样例

    ```
    {
        "part": {
            "name": "p1",
            "size": 3
        }
    }
    ```

## 状态码

|状态码|描述|
|--|--|
|200|OK|
"""


def test_a_minimal_page_printing_the_wrapped_fields_at_the_root_reads_as_the_wrapper(tmp_path: Path) -> None:
    spec, conflicts = built_pages(tmp_path, {"p.md": MINIMAL})
    media = spec["paths"]["/v1/parts/{part_id}"]["put"]["requestBody"]["content"]["application/json"]
    body = spec["components"]["schemas"][media["schema"]["$ref"].removeprefix(REF)]
    assert list(body["properties"]) == ["part"] and "required" not in body  # the page prints no row for it
    part = spec["components"]["schemas"]["Part"]  # named after the key: no page names the object
    assert list(part["properties"]) == ["name", "size"] and part["required"] == ["name"]
    assert part["properties"]["size"]["type"] == "integer"
    assert "x-apigen-invalid-examples" not in media
    assert [c["rule"] for c in conflicts["conflicts"] if c["kind"] == "body-key"] == ["R2-body-key"]


def test_a_minimal_page_whose_example_sends_the_fields_at_the_root_is_unchanged(tmp_path: Path) -> None:
    flat = MINIMAL.replace('"part": {\n', "").replace('"size": 3\n        }\n', '"size": 3\n')
    spec, conflicts = built_pages(tmp_path, {"p.md": flat})
    media = spec["paths"]["/v1/parts/{part_id}"]["put"]["requestBody"]["content"]["application/json"]
    body = spec["components"]["schemas"][media["schema"]["$ref"].removeprefix(REF)]
    assert list(body["properties"]) == ["name", "size"]
    assert not [c for c in conflicts["conflicts"] if c["kind"] == "body-key"]


def _spaced_key_spec(example: dict[str, Any]) -> dict[str, Any]:
    media = {"schema": {"$ref": REF + "Rule"}, "examples": {"show": {"value": example}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/rules": {"get": {"operationId": "ShowRule", "responses": {
                "200": {"description": "OK", "content": {"application/json": media}}}}}},
            "components": {"schemas": {"Rule": {"type": "object", "properties": {
                "ip": {"type": "string"}, "port": {"type": "integer"}}}}}}


def test_an_example_whose_only_unlisted_keys_are_read_as_slips_is_set_aside_as_decided() -> None:
    slips = {"presence:Rule example key 'ip '": "R2-example-nameless"}
    (decided,) = invalid_examples(_spaced_key_spec({"ip ": "a", "port": 1}), slips=slips)
    assert (decided.rule, decided.status) == ("R2-example-nameless", "resolved")
    assert "presence:Rule example key 'ip '" in decided.decision
    # another unlisted key beside the slip: a person must decide
    (open_,) = invalid_examples(_spaced_key_spec({"ip ": "a", "colour": "red"}), slips=slips)
    assert (open_.rule, open_.status) == ("R4-example-invalid", "unresolved")
    # a fault of another kind is no slip
    (typed,) = invalid_examples(_spaced_key_spec({"port": "1"}), slips=slips)
    assert typed.rule == "R4-example-invalid"


@pytest.mark.parametrize("key", ["", " ", "--"])
def test_a_top_key_no_client_could_name_wraps_nothing(tmp_path: Path, key: str) -> None:
    # `{"": {name, size}}`: no key to wrap the body in; the page is read (not left out) and its body keeps the
    # table's fields, the example set aside for the key a person must look at
    spec, conflicts = built_pages(tmp_path, {"p.md": MINIMAL.replace('"part":', json.dumps(key) + ":")})
    media = spec["paths"]["/v1/parts/{part_id}"]["put"]["requestBody"]["content"]["application/json"]
    body = spec["components"]["schemas"][media["schema"]["$ref"].removeprefix(REF)]
    assert list(body["properties"]) == ["name", "size"]
    assert not [c for c in conflicts["conflicts"] if c["kind"] == "body-key"]
