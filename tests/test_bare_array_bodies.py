"""Bodies that are a bare JSON array: a table whose one row is a bracketed placeholder (`*[数组]*`, `[Array]`)
names the body itself (rule R3-placeholder-body). Read on the real IMS pages and on a minimal page; the spec
says `type: array, items: $ref`; the examples are its evidence; the client takes and returns lists of models
(against a server on 127.0.0.1); diff calls object -> array breaking; validate judges captured arrays."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from conftest import ROOT, built_pages, generated_package, loopback
from loopback import send_json
from test_diff_rules import base

from generator.codegen.package import generate_package
from generator.codegen.write import write_tree
from generator.diff.changes import compute_changes
from generator.diff.mapping import DiffMapping
from generator.diff.rules import judge
from generator.ir import Field, Provenance, Table, TypeRef
from generator.reconcile.bodies import decide_shape, example_items, placeholder_row
from generator.validate.captures import Capture
from generator.validate.engine import Validator

IMS = ROOT / "spec" / "sources" / "ims"
REF = "#/components/schemas/"
IMS_PAGES = ("huawei-zh/查询镜像支持的OS列表.md", "huawei-zh/更新镜像信息.md",
             "otc/ims_apis/image/updating_an_image.rst")


def _row(name: str, kind: TypeRef) -> Field:
    return Field(name=name, type=kind, description="", provenance=Provenance("p.md", 3, "zh"))


def _table(*fields: Field) -> Table:
    return Table(role="response_body", section="response", fields=fields, provenance=Provenance("p.md", 1, "zh"),
                 label="t")


ITEMS = TypeRef("array", "Array of objects", items=TypeRef("ref", ref="Item"))


@pytest.mark.parametrize("name", ["*[数组]*", "[Array]", "_\\[array\\]_", "[list]"])
def test_a_bracketed_row_alone_in_a_body_table_names_the_body(name: str) -> None:
    assert placeholder_row(_table(_row(name, ITEMS))) is not None


@pytest.mark.parametrize("table", [
    _table(_row("[Array]", ITEMS), _row("count", TypeRef("integer"))),  # a second row: the table lists fields
    _table(_row("servers", ITEMS)),  # a real field name
    _table(_row("[Array]", TypeRef("array", items=TypeRef("string")))),  # no item table: no schema to name
    _table(_row("[a] and [b]", ITEMS)),  # brackets, but not around the whole name
])
def test_a_table_listing_fields_is_no_placeholder(table: Table) -> None:
    assert placeholder_row(table) is None


def test_pages_disagreeing_on_the_shape_are_decided_by_the_examples_then_the_priority() -> None:
    said: dict[Any, list[str]] = {"array": ["zh.md"], "object": ["en.rst"]}
    assert decide_shape(said, [("zh.md:5", [{"a": 1}])], ["en.rst", "zh.md"]).shape == "array"
    by_priority = decide_shape(said, [], ["en.rst", "zh.md"])
    assert (by_priority.shape, by_priority.decided_by) == ("object", "the language priority")
    assert decide_shape({"array": ["zh.md"], "object": []}, [], []).decided_by == ""


def test_a_table_of_fields_whose_every_example_is_an_array_of_them_is_an_array_body() -> None:
    said: dict[Any, list[str]] = {"array": [], "object": ["en.html"]}
    shown = [("en.html:9", [{"id": "a"}, {"id": "b"}])]
    decided = decide_shape(said, shown, ["en.html"], frozenset({"id"}))
    assert (decided.shape, decided.shown_by) == ("array", ("en.html:9",))
    assert decide_shape(said, shown, ["en.html"], frozenset({"name"})).shape == "object"  # not its objects
    assert decide_shape(said, [("en.html:9", [])], ["en.html"], frozenset({"id"})).shape == "object"
    # another success answer of the call shows an object: one page's slip, not evidence
    assert decide_shape(said, shown, ["en.html"], frozenset({"id"}), ({"id": "a"},)).shape == "object"


def test_an_array_example_gives_each_of_its_objects_as_item_evidence() -> None:
    assert example_items([{"a": 1}, 2, {"b": 2}], "array") == [{"a": 1}, {"b": 2}]
    assert example_items({"a": 1}, "array") == [] and example_items([{"a": 1}], "object") == []


@pytest.fixture(scope="module")
def ims_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    return built_pages(tmp_path_factory.mktemp("ims"), {page: IMS / page for page in IMS_PAGES})


def test_the_ims_os_list_response_is_an_array_of_its_item_table(ims_built: tuple[dict[str, Any], Any]) -> None:
    spec, _ = ims_built
    media = spec["paths"]["/v1/cloudimages/os_version"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"] == {"type": "array", "items": {"$ref": REF + "ListOsVersionResponseItem"}}
    item = spec["components"]["schemas"]["ListOsVersionResponseItem"]
    assert list(item["properties"]) == ["platform", "version_list"]
    assert item["properties"]["version_list"]["items"]["$ref"].startswith(REF)
    # the page's JSON array example is the body's example, valid, not set aside
    assert [e["value"][0]["platform"] for e in media["examples"].values()] == ["SUSE"]
    assert "x-apigen-invalid-examples" not in media
    assert not any("*[数组]*" in json.dumps(s, ensure_ascii=False) for s in spec["components"]["schemas"].values())


def test_both_languages_placeholder_request_is_one_array_body(ims_built: tuple[dict[str, Any], Any]) -> None:
    spec, conflicts = ims_built
    op = spec["paths"]["/v2/cloudimages/{image_id}"]["patch"]
    assert "x-apigen-actions" not in op  # `*[数组]*` and `[Array]` are no action keys
    media = op["requestBody"]["content"]["application/json"]
    assert media["schema"] == {"type": "array", "items": {"$ref": REF + "UpdateCloudimageRequestBodyItem"}}
    item = spec["components"]["schemas"]["UpdateCloudimageRequestBodyItem"]
    assert sorted(item["properties"]) == ["op", "path", "value"] and item["required"] == ["op", "path", "value"]
    assert list(media["examples"]) == ["updating_an_image-line97"]
    decided = {c["subject"]: c for c in conflicts["conflicts"] if c["kind"] == "body-shape"}
    assert decided["UpdateCloudimage request body"]["rule"] == "R3-placeholder-body"
    assert len(decided["UpdateCloudimage request body"]["candidates"]) == 2  # [Array] (en) and *[数组]* (zh)
    assert not [c for c in conflicts["conflicts"] if c["status"] == "unresolved"]


def test_elb_classic_lists_documented_as_fields_with_array_examples_are_arrays(tmp_path: Path) -> None:
    page = ROOT / "spec" / "sources" / "elb" / "huawei" / "elb_jd_jt_0005.html"
    spec, conflicts = built_pages(tmp_path, {"elb_jd_jt_0005.html": page})
    media = spec["paths"]["/v1.0/{project_id}/elbaas/listeners"]["get"]["responses"]["200"]["content"][
        "application/json"]
    assert media["schema"] == {"type": "array", "items": {"$ref": REF + "ListListenersResponseItem"}}
    assert list(media["examples"]) == ["elb_jd_jt_0005-line234"]  # evidence, no longer set aside
    shape = next(c for c in conflicts["conflicts"] if c["kind"] == "body-shape")
    assert shape["rule"] == "R2-body-shape" and shape["decision"].startswith("the body is an array")
    item = spec["components"]["schemas"]["ListListenersResponseItem"]["properties"]
    assert item["tcp_draining"]["x-apigen-inferred"]["from"] == "examples"  # the array's objects are evidence


def test_an_array_example_beside_an_object_one_of_the_same_call_stays_shown(tmp_path: Path) -> None:
    smn = ROOT / "spec" / "sources" / "smn"
    pages = {"zh.md": smn / "huawei-zh" / "订阅.md",
             "en.rst": smn / "otc" / "apis" / "subscription_operations" / "adding_a_subscription.rst"}
    spec, conflicts = built_pages(tmp_path, pages)
    responses = spec["paths"]["/v2/{project_id}/notifications/topics/{topic_urn}/subscriptions"]["post"]["responses"]
    assert {s: r["content"]["application/json"]["schema"].get("type") for s, r in responses.items()
            if s[:1] == "2"} == {"200": None, "201": None}  # both references to objects
    assert "x-apigen-invalid-examples" in responses["201"]["content"]["application/json"]
    assert not [c for c in conflicts["conflicts"] if c["kind"] == "body-shape"]


MINIMAL = """# 查询部件列表<a name="ListParts"></a>

## URI

GET /v1/parts

## 响应消息

-   响应参数

|参数|参数类型|描述|
|--|--|--|
|[array]|Array of objects|详情请参见表2。|


    **表 2** _\\[array\\]_字段说明

|参数|参数类型|描述|
|--|--|--|
|part_id|String|部件ID。|
|size|Integer|大小。|


-   响应样例

    ```
    [
        {
            "part_id": "p1",
            "size": 3
        }
    ]
    ```

## 状态码

|状态码|描述|
|--|--|
|200|OK|
"""


FIELDS_AT_ROOT = MINIMAL.replace("|[array]|Array of objects|详情请参见表2。|\n", "|part_id|String|部件ID。|\n")


def test_pages_disagreeing_on_the_body_shape_take_the_examples_shape(tmp_path: Path) -> None:
    # one page writes the placeholder row (and prints no example), the other lists the fields at the root and
    # prints an array: the examples decide, and both pages' tables are the item's
    placeholder_only = MINIMAL.split("-   响应样例")[0] + "## 状态码\n\n|状态码|描述|\n|--|--|\n|200|OK|\n"
    pages = {"a.md": placeholder_only, "b.md": FIELDS_AT_ROOT.split("    **表 2**")[0] + "-   响应样例"
             + FIELDS_AT_ROOT.split("-   响应样例")[1]}
    spec, conflicts = built_pages(tmp_path, pages)
    media = spec["paths"]["/v1/parts"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"] == {"type": "array", "items": {"$ref": REF + "ListPartsResponseItem"}}
    item = spec["components"]["schemas"]["ListPartsResponseItem"]
    assert sorted(item["x-apigen-sources"]) == ["spec/sources/svc/a.md", "spec/sources/svc/b.md"]
    shape = next(c for c in conflicts["conflicts"] if c["kind"] == "body-shape")
    assert (shape["rule"], shape["decision"]) == ("R2-body-shape", "the body is an array, from the examples' shape")


@pytest.fixture(scope="module")
def minimal_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("minimal")
    spec, _ = built_pages(folder, {"parts.md": MINIMAL})
    files = generate_package("parts_pkg", yaml.safe_dump(spec, allow_unicode=True), "spec/svc.openapi.yaml")
    write_tree(folder / "pkg" / "parts_pkg", files)
    sys.path.insert(0, str(folder / "pkg"))
    try:
        yield importlib.import_module("parts_pkg"), spec
    finally:
        sys.path.remove(str(folder / "pkg"))


def test_a_minimal_page_with_a_placeholder_row_gives_an_array_response(minimal_package: Any) -> None:
    _, spec = minimal_package
    media = spec["paths"]["/v1/parts"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"]["type"] == "array"
    item = spec["components"]["schemas"][media["schema"]["items"]["$ref"].removeprefix(REF)]
    assert item["properties"]["size"]["type"] == "integer"
    assert list(media["examples"].values())[0]["value"] == [{"part_id": "p1", "size": 3}]


class _Parts(BaseHTTPRequestHandler):
    body: ClassVar[Any] = []
    received: ClassVar[list[Any]] = []

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        send_json(self, type(self).body)

    def do_PATCH(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        type(self).received.append(json.loads(self.rfile.read(length)))
        send_json(self, {"id": "img", "name": "ims_test"})

    def log_message(self, *args: Any) -> None:
        pass


def test_the_minimal_client_returns_a_list_of_models_from_a_loopback_server(minimal_package: Any) -> None:
    package, _ = minimal_package
    _Parts.body = [{"part_id": "p1", "size": 3}, {"part_id": "p2", "size": 5}]
    with loopback(_Parts) as url, package.PartsPkgClient(token="t", endpoint=url) as client:
        parts = client.list_parts()
    assert [type(p).__name__ for p in parts] == ["ListPartsResponseItem"] * 2
    assert [(p.part_id, p.size) for p in parts] == [("p1", 3), ("p2", 5)]


def test_an_object_where_the_array_belongs_is_an_invalid_response(minimal_package: Any) -> None:
    package, _ = minimal_package
    _Parts.body = {"part_id": "p1", "size": 3}
    with loopback(_Parts) as url, package.PartsPkgClient(token="t", endpoint=url) as client, \
            pytest.raises(package.InvalidResponseError, match="not a list of ListPartsResponseItem"):
        client.list_parts()


def test_the_committed_ims_client_sends_and_reads_bare_arrays() -> None:
    ims = generated_package("ims")
    _Parts.received.clear()
    _Parts.body = [{"platform": "SUSE", "version_list": [{"os_bit": 64, "os_version": "SUSE 15"}]}]
    with loopback(_Parts) as url, ims.ImsClient(token="t", endpoint=url) as client:
        found = client.list_os_version()
        client.update_cloudimage("img", [ims.UpdateCloudimageRequestBodyItem(op="replace", path="/name",
                                                                              value="ims_test")])
    assert isinstance(found, list) and isinstance(found[0], ims.ListOsVersionResponseItem)
    assert found[0].version_list[0].os_bit == 64
    assert _Parts.received == [[{"op": "replace", "path": "/name", "value": "ims_test"}]]


def test_a_body_turning_from_object_to_array_is_breaking_both_ways() -> None:
    old, new = base(), base()
    op = new["paths"]["/v1/things/{thing_id}"]["put"]
    for holder, name in ((op["requestBody"], "ThingUpdate"), (op["responses"]["200"], "Thing")):
        holder["content"]["application/json"]["schema"] = {"type": "array", "items": {"$ref": REF + name}}
    found = [(f.rule.severity, f.rule.id, f.message) for f in judge(compute_changes(old, new, DiffMapping()))]
    assert ("breaking", "request-type-changed", "request body: type object -> array of object") in found
    assert ("breaking", "response-type-changed", "response 200: type object -> array of object") in found


def test_validate_judges_captured_array_bodies_against_the_items() -> None:
    validator = Validator(yaml.safe_load((ROOT / "spec" / "ims.openapi.yaml").read_text(encoding="utf-8")))

    def verdict(body: Any) -> str:
        capture = Capture("c.jsonl", 1, "GET", "/v1/cloudimages/os_version", 200, json.dumps(body).encode())
        return validator.check(capture).verdict

    assert verdict([{"platform": "SUSE", "version_list": [{"os_bit": 64}]}]) == "valid"
    assert verdict([]) == "valid"
    assert verdict({"platform": "SUSE"}) != "valid"
    assert verdict([{"platform": "SUSE", "version_list": [{"os_bit": "64"}]}]) != "valid"
