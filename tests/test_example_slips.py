"""Example keys that are a table field's name slipped: in the other number (`traffic_mirror_sessions` for the
table's `traffic_mirror_session`), one letter off (`trasnit_ip_address`, `resrource_type`), or with blanks
inside (`binding: vif_details`). Such a key is the table's field, not another (rule R2-example-slip; blanks:
R2-example-nameless), and a response example that sends it is this body's, not an error's (R2-example-foreign
reads what the example says). Read on real pages of VPC and NAT, and on keys that must stay two fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, built_pages

from generator.pipeline import invalid_examples, read_pages
from generator.reconcile.slips import decide_slip, example_key_subject, nameless_reason, pair_slips
from generator.spelling import slip_between

SOURCES = ROOT / "spec" / "sources"
VPC = SOURCES / "vpc" / "huawei-zh"
NAT = SOURCES / "nat" / "huawei-zh"
EVS = SOURCES / "evs" / "huawei-zh"
REF = "#/components/schemas/"
MIRROR_LIST = "查询流量镜像会话列表.md"


@pytest.mark.parametrize(("written", "name", "kind"), [
    ("traffic_mirror_sessions", "traffic_mirror_session", "number"),
    ("existTagsNum", "existTagNum", "number"),  # a word inside a camel-case name
    ("trasnit_ip_address", "transit_ip_address", "misspelling"),  # two letters swapped
    ("resrource_type", "resource_type", "misspelling"),  # a letter added
    ("update_at", "updated_at", "misspelling"),  # a letter dropped
    ("binding: vif_details", "binding:vif_details", "blanks"),
])
def test_a_key_slipped_from_a_name_is_read_as_that_name(written: str, name: str, kind: str) -> None:
    assert slip_between(written, name) == kind


@pytest.mark.parametrize(("written", "name"), [
    ("id", "ip"),  # two short words, not one misspelt
    ("ipv4", "ipv6"), ("key1", "key"),  # a digit tells numbered fields apart
    ("CPU", "cpu"),  # case alone is no slip
    ("name", "same"),  # a word of four letters
    ("min_rate", "max_rate"),
    ("transit_ip_address", "transit_ip_id"),  # two words differ
    ("status", "status"),
    # runs of other letters are no words to misspell
    ("虚拟私有云网路", "虚拟私有云网络"), ("虚拟私有云网路_id", "虚拟私有云网络_id"),
])
def test_different_names_are_no_slip(written: str, name: str) -> None:
    assert slip_between(written, name) is None


def test_slips_pair_one_example_key_with_one_table_key() -> None:
    assert pair_slips(["id", "name"], [{"ip": "a", "name": "b"}]) == {}  # `ip` is another field
    assert pair_slips(["transit_ip_address"], [{"trasnit_ip_address": "a"}]) == {"trasnit_ip_address":
                                                                                 "transit_ip_address"}
    # an object that sends both spellings shows two fields
    assert pair_slips(["updated_at"], [{"update_at": "a", "updated_at": "b"}]) == {}
    assert pair_slips(["sessions"], [{"session": 1}]) == {"session": "sessions"}
    # one key two table keys could be, or two keys one table key could be: no reading
    assert pair_slips(["resource_type", "resource_typos"], [{"resource_types": 1}]) == {}
    assert pair_slips(["updated_at"], [{"update_at": 1}, {"updatd_at": 2}]) == {}


def test_the_spelling_kept_follows_the_evidence() -> None:
    words = {"transit": frozenset({"transit_ip_id", "transit_ip_address"}), "resource": frozenset({"resource_id"})}
    plural = decide_slip("traffic_mirror_session", "traffic_mirror_sessions", [{"traffic_mirror_sessions": []}], {})
    assert plural.kept == "traffic_mirror_sessions"  # the examples show what the API sends
    both = decide_slip("values", "value", [{"value": "a"}, {"values": ["b"]}], {})
    assert both.kept == "values" and "both spellings" in both.why
    typo = decide_slip("transit_ip_address", "trasnit_ip_address", [{"trasnit_ip_address": "a"}], words)
    assert typo.kept == "transit_ip_address" and "'trasnit' is in no other field" in typo.why
    # the table's word is the one no other field uses: the examples' spelling
    table_typo = decide_slip("resrource_id", "resource_id", [{"resource_id": "a"}],
                             {"resrource": frozenset({"resrource_id"}), "resource": frozenset({"resource_type"})})
    assert table_typo.kept == "resource_id"
    undecided = decide_slip("updated_at", "update_at", [{"update_at": "a"}],
                            {"update": frozenset({"update_time"}), "updated": frozenset({"updated_at", "x_updated"})})
    assert undecided.kept == "updated_at" and "do not tell" in undecided.why


def test_blanks_inside_a_key_the_body_has_make_a_nameless_slip() -> None:
    keys = ["binding:vif_details", "name"]
    assert nameless_reason("binding: vif_details", keys) == "blanks inside the key 'binding:vif_details', " \
                                                           "which the body has"
    assert nameless_reason("name ", keys) == "blanks around the key 'name', which the body has"
    assert nameless_reason("binding: other", keys) is None


def _response_examples(page: Path) -> list[tuple[str | None, str, list[str]]]:
    pages, _ = read_pages(ROOT, [page])
    return [(e.status, e.relocated_from, sorted(e.body)) for p in pages for e in p.examples
            if e.kind == "response" and isinstance(e.body, dict)]


def test_an_example_whose_key_is_the_tables_in_another_number_is_this_bodys() -> None:
    # the table lists `traffic_mirror_session`, the example sends `traffic_mirror_sessions` (+ request_id, page_info)
    assert _response_examples(VPC / MIRROR_LIST) == [
        ("200", "", ["page_info", "request_id", "traffic_mirror_sessions"])]


def test_an_example_whose_objects_carry_a_fields_object_table_is_this_bodys(tmp_path: Path) -> None:
    # the real page with the example's key renamed to no slip of the table's: its objects carry the fields of
    # TrafficMirrorSession, the table `traffic_mirror_session` names, so the example is still this body's
    text = (VPC / MIRROR_LIST).read_text(encoding="utf-8")
    renamed = tmp_path / MIRROR_LIST
    renamed.write_text(text.replace('"traffic_mirror_sessions"', '"mirror_list"'), encoding="utf-8")
    assert _response_examples(renamed) == [("200", "", ["mirror_list", "page_info", "request_id"])]
    # objects that share only three of the table's fifteen fields are not read as its objects
    start = text.index("{", text.index("## 响应示例"))
    end = text.index("```", start)
    few = '{"mirror_list": [{"id": "a", "name": "b", "type": "eni", "colour": "red"}], "request_id": "r"}\n'
    renamed.write_text(text[:start] + few + text[end:], encoding="utf-8")
    assert _response_examples(renamed) == [("default", "200 example sharing no key with the 200 body",
                                            ["mirror_list", "request_id"])]


def test_an_error_example_beside_a_body_stays_an_errors() -> None:
    # the 202 table lists `error` (code, message) and `snapshot`; {"itemNotFound": {code, message}} shares no key:
    # two keys in common with the error table are too few to read it as the `error` field under another name
    examples = _response_examples(EVS / "创建云硬盘快照-API-v2.md")
    assert ("default", "202 example sharing no key with the 202 body", ["itemNotFound"]) in examples


@pytest.fixture(scope="module")
def slipped_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    pages: dict[str, str | Path] = {MIRROR_LIST: VPC / MIRROR_LIST, "创建SNAT规则-10.md": NAT / "创建SNAT规则-10.md",
                                    "查询端口列表-openstack.md": VPC / "查询端口列表-openstack.md"}
    return built_pages(tmp_path_factory.mktemp("slips"), pages)


def _conflict(conflicts: dict[str, Any], subject: str) -> dict[str, Any]:
    (found,) = [c for c in conflicts["conflicts"] if c["subject"] == subject]
    return dict(found)


def test_the_mirror_session_list_keeps_its_example_and_the_examples_spelling(slipped_built: Any) -> None:
    spec, conflicts = slipped_built
    responses = spec["paths"]["/v3/{project_id}/vpc/traffic-mirror-sessions"]["get"]["responses"]
    # the example is no error's
    assert "examples" not in responses.get("default", {}).get("content", {}).get("application/json", {})
    media = responses["200"]["content"]["application/json"]
    body = spec["components"]["schemas"][media["schema"]["$ref"].removeprefix(REF)]
    assert list(body["properties"]) == ["traffic_mirror_sessions", "request_id", "page_info"]
    assert body["properties"]["traffic_mirror_sessions"]["items"] == {"$ref": REF + "TrafficMirrorSession"}
    assert body["properties"]["page_info"]["properties"]["current_count"] == {"type": "integer"}
    assert list(media["examples"]) == ["查询流量镜像会话列表-line84"] and "x-apigen-invalid-examples" not in media
    slip = _conflict(conflicts, example_key_subject("ListTrafficMirrorSessionsResponse", "traffic_mirror_sessions"))
    assert (slip["rule"], slip["status"]) == ("R2-example-slip", "resolved")
    assert slip["decision"].startswith("one field, traffic_mirror_sessions (the table's traffic_mirror_session "
                                       "renamed): another number")
    assert [c["value"] for c in slip["candidates"]] == ["traffic_mirror_session (the tables)",
                                                        "traffic_mirror_sessions (the examples)"]
    assert slip["candidates"][0]["sources"][0].startswith(f"spec/sources/svc/{MIRROR_LIST}:")
    assert slip["candidates"][1]["sources"] == [f"spec/sources/svc/{MIRROR_LIST}:84"]


def test_a_misspelt_example_key_is_the_tables_field(slipped_built: Any) -> None:
    spec, conflicts = slipped_built
    schema = spec["components"]["schemas"]["AssociatedTransitIp"]
    assert "transit_ip_address" in schema["properties"] and "trasnit_ip_address" not in schema["properties"]
    slip = _conflict(conflicts, example_key_subject("AssociatedTransitIp", "trasnit_ip_address"))
    assert slip["decision"] == ("one field, transit_ip_address: one letter off; 'trasnit' is in no other field "
                                "of the service's tables, 'transit' is: the table's")
    # the example that sends the slip is set aside, decided by the same rule
    media = spec["paths"]["/v3/{project_id}/private-nat/snat-rules"]["post"]["responses"]["201"]["content"][
        "application/json"]
    assert list(media["x-apigen-invalid-examples"]) == ["创建SNAT规则-10-line361"]
    invalid = [c for c in conflicts["conflicts"] if c["kind"] == "example-invalid"]
    assert {(c["rule"], c["status"]) for c in invalid} >= {("R2-example-slip", "resolved")}
    assert not [c for c in invalid if c["status"] == "unresolved"]


def test_a_key_with_blanks_inside_is_no_field(slipped_built: Any) -> None:
    spec, conflicts = slipped_built
    port = spec["components"]["schemas"]["Port"]["properties"]
    assert "binding:vif_details" in port and "binding: vif_details" not in port
    nameless = _conflict(conflicts, example_key_subject("Port", "binding: vif_details"))
    assert (nameless["rule"], nameless["decision"]) == ("R2-example-nameless", "not added as a field")
    assert nameless["candidates"][1]["value"] == "blanks inside the key 'binding:vif_details', which the body has"


def _tag_spec(example: dict[str, Any]) -> dict[str, Any]:
    media = {"schema": {"$ref": REF + "Tag"}, "examples": {"show": {"value": example}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/tags": {"get": {"operationId": "ShowTag", "responses": {
                "200": {"description": "OK", "content": {"application/json": media}}}}}},
            "components": {"schemas": {"Tag": {"type": "object", "required": ["key", "values"], "properties": {
                "key": {"type": "string"}, "values": {"type": "array", "items": {"type": "string"}}}}}}}


def test_a_required_field_sent_only_under_its_slipped_name_is_that_slip() -> None:
    slips = {f"presence:{example_key_subject('Tag', 'value')}": "R2-example-slip"}
    decided = invalid_examples(_tag_spec({"key": "k", "value": "v"}), slips=slips)
    assert [(c.rule, c.status) for c in decided] == [("R2-example-slip", "resolved")] * 2  # required, unlisted
    # missing without any slip sent: a person must decide
    (open_,) = invalid_examples(_tag_spec({"key": "k"}), slips=slips)
    assert (open_.rule, open_.status) == ("R4-example-invalid", "unresolved")


# A request body of two fields (name, size) and one example: EXAMPLE replaced by each test's JSON.
PARTS_PAGE = """# 更新部件<a name="UpdatePart"></a>

## URI

PUT /v1/parts/{part_id}

## 请求消息

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|name|是|String|名称。|
|size|否|Integer|大小。|


-   请求样例

    ```
    EXAMPLE
    ```

## 状态码

|状态码|描述|
|--|--|
|200|OK|
"""


def test_an_example_key_that_holds_the_ids_separator_is_set_aside_as_nameless(tmp_path: Path) -> None:
    # the key `", "` has no letter or digit: nameless. Its conflict id holds it as written, so the example check
    # must find the id whole, not split at ", " (that failed the service's build)
    example = json.dumps({"name": "p1", "size": 3, ", ": 1})
    spec, conflicts = built_pages(tmp_path, {"p.md": PARTS_PAGE.replace("EXAMPLE", example)})
    media = spec["paths"]["/v1/parts/{part_id}"]["put"]["requestBody"]["content"]["application/json"]
    assert len(media["x-apigen-invalid-examples"]) == 1
    (aside,) = [c for c in conflicts["conflicts"] if c["kind"] == "example-invalid"]
    assert (aside["rule"], aside["status"]) == ("R2-example-nameless", "resolved")
    assert "example key ', '" in aside["decision"]


def _volume_spec(example: dict[str, Any]) -> dict[str, Any]:
    media = {"schema": {"$ref": REF + "Volume"}, "examples": {"show": {"value": example}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/volumes": {"get": {"operationId": "ShowVolume", "responses": {
                "200": {"description": "OK", "content": {"application/json": media}}}}}},
            "components": {"schemas": {"Volume": {"type": "object", "properties": {
                "volume_type": {"type": "string"}, "size": {"type": "integer"}}}}}}


def test_an_example_with_slips_of_both_readings_names_each_with_its_rule() -> None:
    nameless, slipped = (f"presence:{example_key_subject('Volume', key)}" for key in ("size ", "volume_tpye"))
    slips = {nameless: "R2-example-nameless", slipped: "R2-example-slip"}
    (decided,) = invalid_examples(_volume_spec({"size ": 1, "volume_tpye": "ssd"}), slips=slips)
    assert (decided.rule, decided.status) == ("R2-example-slip", "resolved")
    assert f"{nameless} (R2-example-nameless)" in decided.decision
    assert f"{slipped} (R2-example-slip)" in decided.decision


# A response body (ROWS, with the Part table below it) and one response example: EXAMPLE.
PART_RESPONSE = """# 查询部件<a name="ShowPart"></a>

## URI

GET /v1/parts/{part_id}

## 响应参数

**状态码： 200**

**表 1**  响应Body参数

|参数|参数类型|描述|
|--|--|--|
ROWS


**表 2**  Part

|参数|参数类型|描述|
|--|--|--|
|name|String|名称。|
|size|Integer|大小。|
|colour|String|颜色。|


## 响应示例

**状态码： 200**

OK

```
EXAMPLE
```

## 状态码

|状态码|描述|
|--|--|
|200|OK|
"""
PART_ROW = "|part|Part object|部件。|"
PART_ROWS = "|name|String|名称。|\n|size|Integer|大小。|\n|colour|String|颜色。|"
PART = {"name": "p1", "size": 3, "colour": "red"}


def _part_response(tmp_path: Path, rows: str, example: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    page = PART_RESPONSE.replace("ROWS", rows).replace("EXAMPLE", json.dumps(example, indent=4))
    spec, conflicts = built_pages(tmp_path, {"p.md": page})
    responses = spec["paths"]["/v1/parts/{part_id}"]["get"]["responses"]
    return responses, conflicts["conflicts"]


@pytest.mark.parametrize(("rows", "example", "rule"), [
    (PART_ROW, PART, "R2-unsent-level"),  # the table wraps Part in `part`; the example sends Part's fields bare
    (PART_ROWS, {"part": PART}, "R2-body-key"),  # the table lists Part's fields; the example wraps them in `part`
])
def test_a_response_example_one_level_off_its_table_is_its_bodys(tmp_path: Path, rows: str, example: dict[str, Any],
                                                                 rule: str) -> None:
    responses, conflicts = _part_response(tmp_path, rows, example)
    assert "examples" not in responses["default"]["content"]["application/json"]
    assert [e["value"] for e in responses["200"]["content"]["application/json"]["examples"].values()] == [example]
    assert [c["rule"] for c in conflicts if c["rule"] in ("R2-unsent-level", "R2-body-key")] == [rule]
    assert not [c for c in conflicts if c["rule"] == "R2-example-foreign"]


def test_one_slipped_key_among_an_errors_keys_leaves_the_example_an_errors(tmp_path: Path) -> None:
    # the 200 body lists `detail`; the error's `details` is that name slipped, but its other keys are no field
    rows = "|detail|String|详情。|\n|job_id|String|任务ID。|"
    error = {"error_code": "PART.0001", "error_msg": "not found", "details": "none"}
    responses, conflicts = _part_response(tmp_path, rows, error)
    assert [e["value"] for e in responses["default"]["content"]["application/json"]["examples"].values()] == [error]
    assert "examples" not in responses["200"].get("content", {}).get("application/json", {})
    assert [c["rule"] for c in conflicts if c["rule"] == "R2-example-foreign"] == ["R2-example-foreign"]


def test_a_bare_example_beside_another_pages_wrapped_one_keeps_the_documented_level(tmp_path: Path) -> None:
    # two pages of one call: both tables wrap Part in `part`; one example sends it so, the other bare. The bare
    # one is that example's slip: the body keeps its level, and the example is set aside for a person to look at
    pages = {f"{name}.md": PART_RESPONSE.replace("ROWS", PART_ROW).replace("EXAMPLE", json.dumps(example))
             for name, example in (("p", PART), ("q", {"part": PART}))}
    spec, conflicts = built_pages(tmp_path, pages)
    media = spec["paths"]["/v1/parts/{part_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert list(spec["components"]["schemas"][media["schema"]["$ref"].removeprefix(REF)]["properties"]) == ["part"]
    assert [e["value"] for e in media["examples"].values()] == [{"part": PART}]
    assert [e["value"] for e in media["x-apigen-invalid-examples"].values()] == [PART]
    assert not [c for c in conflicts["conflicts"] if c["kind"] == "body-level"]
    (level,) = [c for c in conflicts["conflicts"] if c["kind"] == "example-level"]
    assert (level["subject"], level["rule"]) == ("ShowPart example at spec/sources/svc/p.md:34", "R2-unsent-level")
    assert level["candidates"][0]["value"] == ("the example sends the object of 表 1 响应Body参数's row 'part' bare, "
                                               "where the other pages of the call send 'part'")
    assert not [c for c in conflicts["conflicts"] if c["rule"] == "R2-example-only"]
    # the example check sets it aside as decided, naming that reading
    (aside,) = [c for c in conflicts["conflicts"] if c["kind"] == "example-invalid"]
    assert (aside["rule"], aside["status"]) == ("R2-unsent-level", "resolved")
    assert aside["decision"].endswith(f"({level['id']})")
