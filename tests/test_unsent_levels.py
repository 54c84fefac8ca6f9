"""An object table whose fields no example sends at its place, while every example sends there most fields of the
object one of its rows holds, documents a level the wire does not have: the place holds that row's object (rule
R2-unsent-level, the mirror of R2-body-key). Read on the real VPC page that lists traffic mirror filters (its
TrafficMirrorFilterResponseBody wraps each filter in `traffic_mirror_filter`; its example sends the filters bare),
on minimal pages (a request body's root, a level two objects deep), and on the evidence it must not take: a sparse
example never removes a documented level."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, built_pages

from generator.ir import Example, Field, Page, Provenance, Table, TypeRef
from generator.pipeline import build_service
from generator.reconcile.bodies import read_levels, unsent_row

VPC = ROOT / "spec" / "sources" / "vpc" / "huawei-zh"
REF = "#/components/schemas/"
FILTERS = "/v3/{project_id}/vpc/traffic-mirror-filters"
PLACE = Provenance("p.md", 1, "zh")


def _row(name: str, type_: TypeRef) -> Field:
    return Field(name=name, type=type_, description="", provenance=PLACE)


def _object(name: str, *fields: Field | str, status: str | None = None) -> Table:
    rows = tuple(f if isinstance(f, Field) else _row(f, TypeRef("string")) for f in fields)
    return Table(role="object", section="response", label=f"t {name}", provenance=PLACE, name=name, fields=rows,
                 status=status)


def _ref(name: str) -> TypeRef:
    return TypeRef("ref", raw=name, ref=name)


INNER = _object("Filter", "id", "name", "rules", "created_at")
TABLES = {t.name: t for t in (INNER, _object("Page", "marker", "count"))}


def _unsent(table: Table, *shown: dict[str, Any]) -> str | None:
    row = unsent_row(table, [(f"p.md:{9 + i}", obj) for i, obj in enumerate(shown)], TABLES.get)
    return None if row is None else row.name


def test_a_wrapper_whose_row_object_every_example_sends_in_its_place_is_a_level_the_wire_lacks() -> None:
    wrapper = _object("FilterBody", _row("filter", _ref("Filter")))
    assert _unsent(wrapper, {"id": "1", "name": "a", "rules": [], "created_at": "t"}, {"id": "2", "name": "b",
                                                                                          "rules": []}) == "filter"


def test_the_one_object_row_whose_fields_the_examples_send_is_the_level_among_other_rows() -> None:
    wrapper = _object("FilterBody", "request_id", _row("filter", _ref("Filter")), _row("page", _ref("Page")))
    assert _unsent(wrapper, {"id": "1", "name": "a", "rules": []}) == "filter"


@pytest.mark.parametrize("shown", [
    ({"id": "1", "name": "a"},),  # a sparse example: half of the inner fields, not most
    ({"id": "1", "name": "a", "rules": []}, {"id": "2"}),  # one example of two is sparse
    ({"filter": {"id": "1", "name": "a", "rules": []}},),  # the examples send the level the table documents
    ({"id": "1", "name": "a", "rules": [], "filter": None},),  # ... or its row beside the inner fields
    ({},),  # an empty object shows nothing
    (),  # no example shows the place
])
def test_evidence_short_of_every_example_sending_most_inner_fields_keeps_the_level(shown: tuple[Any, ...]) -> None:
    assert _unsent(_object("FilterBody", _row("filter", _ref("Filter"))), *shown) is None


@pytest.mark.parametrize("wrapper", [
    _object("FilterBody", _row("filter", TypeRef("array", items=_ref("Filter")))),  # an array row: no single object
    _object("FilterBody", _row("filter", _ref("Missing"))),  # the row's type has no table at this place
    _object("FilterBody", _row("a", _ref("Filter")), _row("b", _ref("Filter"))),  # two rows fit: which one?
    _object("FilterBody"),  # no rows
])
def test_a_table_with_no_single_row_whose_object_fits_keeps_its_level(wrapper: Table) -> None:
    assert _unsent(wrapper, {"id": "1", "name": "a", "rules": [], "created_at": "t"}) is None


def test_the_items_of_a_placeholder_body_are_the_objects_their_examples_send() -> None:
    # `[数组]: Array of Item objects`, Item's one row the filter; the example an array of bare filters
    root = Table(role="response_body", section="response", label="t body", provenance=PLACE, status="200",
                 fields=(_row("[数组]", TypeRef("array", items=_ref("Item"))),))
    tables = (root, _object("Item", _row("filter", _ref("Filter")), status="200"),
              _object("Filter", "id", "name", "rules", status="200"))
    body = [{"id": "1", "name": "a", "rules": []}, {"id": "2", "name": "b"}]
    example = Example(kind="response", raw=json.dumps(body), provenance=Provenance("p.md", 30, "zh"), body=body,
                      parsed=True, status="200")
    page = Page(source="p.md", format="markdown", language="zh", title="t", summary="", method="GET",
                path="/filters", tables=tables, examples=(example,))
    (read,), (reading,) = read_levels([page])
    assert read.tables[0].fields[0].type.items == TypeRef("ref", raw="Filter", ref="Filter")
    assert (reading.rule, reading.place, reading.table, reading.key, reading.inner, reading.shown_by) == \
        ("R2-unsent-level", "[]", "t Item", "filter", "t Filter", ("p.md:30",))


@pytest.fixture(scope="module")
def vpc_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    pages = {name: VPC / name for name in ("查询流量镜像筛选条件列表.md", "查询流量镜像筛选条件详情.md")}
    return built_pages(tmp_path_factory.mktemp("vpc"), pages)


def test_vpc_listed_filters_are_the_filter_objects_the_example_sends(vpc_built: tuple[Any, Any]) -> None:
    spec, _ = vpc_built
    schemas = spec["components"]["schemas"]
    media = spec["paths"][FILTERS]["get"]["responses"]["200"]["content"]["application/json"]
    body = schemas[media["schema"]["$ref"].removeprefix(REF)]
    assert body["properties"]["traffic_mirror_filters"]["items"] == {"$ref": REF + "TrafficMirrorFilter"}
    assert "TrafficMirrorFilterResponseBody" not in schemas  # the level no example sends is no schema
    listed = schemas["TrafficMirrorFilter"]  # one schema with the detail page's filter
    assert [s.rsplit("/", 1)[-1] for s in listed["x-apigen-sources"]] == ["查询流量镜像筛选条件列表.md",
                                                                          "查询流量镜像筛选条件详情.md"]
    # the rule lists now have their items' fields, from the page's table of them (not `array of any`)
    for rules in ("ingress_rules", "egress_rules"):
        assert listed["properties"][rules]["items"] == {"$ref": REF + "TrafficMirrorFilterRule"}
        assert "x-apigen-inferred" not in listed["properties"][rules]
    assert {"priority", "source_cidr_block", "action"} <= set(schemas["TrafficMirrorFilterRule"]["properties"])
    assert "x-apigen-invalid-examples" not in media


def test_vpc_the_reading_is_reported_with_the_table_and_the_example_lines(vpc_built: tuple[Any, Any]) -> None:
    _, conflicts = vpc_built
    (level,) = [c for c in conflicts["conflicts"] if c["kind"] == "body-level"]
    assert (level["rule"], level["status"]) == ("R2-unsent-level", "resolved")
    assert level["subject"] == (f"GET {FILTERS} response 200 body, traffic_mirror_filters[] "
                                "(spec/sources/svc/查询流量镜像筛选条件列表.md)")
    table, shown = level["candidates"]
    assert "表 4 TrafficMirrorFilterResponseBody" in table["value"] and "'traffic_mirror_filter'" in table["value"]
    assert shown["sources"] == ["spec/sources/svc/查询流量镜像筛选条件列表.md:93"]
    assert "表 5 TrafficMirrorFilter" in shown["value"]
    # the example's fields are the filter's, not fields only the example shows beside the wrapper's row
    assert not [c for c in conflicts["conflicts"] if "TrafficMirrorFilterResponseBody" in c["subject"]]


PAGE = """# 更新部件<a name="UpdatePart"></a>

## URI

PUT /v1/parts/\\{part\\_id\\}

## 请求参数

**表 1**  请求Body参数

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|part|是|Part object|部件。|


**表 2**  Part

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|name|是|String|名称。|
|size|否|Integer|大小。|
|shape|否|Shape object|形状。|


**表 3**  Shape

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|outline|是|Outline object|轮廓。|


**表 4**  Outline

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|sides|是|Integer|边数。|
|closed|否|Boolean|是否闭合。|
|colour|否|String|颜色。|


## 请求示例

```
EXAMPLE
```

## 状态码

|状态码|描述|
|--|--|
|200|OK|
"""

FLAT = {"name": "p1", "size": 3, "shape": {"sides": 4, "closed": True}}


def _page(tmp_path: Path, example: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return built_pages(tmp_path, {"p.md": PAGE.replace("EXAMPLE", json.dumps(example, indent=4))})


def _request_body(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    media = spec["paths"]["/v1/parts/{part_id}"]["put"]["requestBody"]["content"]["application/json"]
    return media, spec["components"]["schemas"][media["schema"]["$ref"].removeprefix(REF)]


def test_a_request_body_whose_example_sends_the_objects_fields_at_the_root_and_two_deep(tmp_path: Path) -> None:
    spec, conflicts = _page(tmp_path, FLAT)
    media, body = _request_body(spec)
    assert list(body["properties"]) == ["name", "size", "shape"] and body["required"] == ["name"]
    assert body["properties"]["shape"] == {"$ref": REF + "Outline", "description": "形状。"}
    assert "x-apigen-invalid-examples" not in media
    levels = {c["subject"]: c for c in conflicts["conflicts"] if c["kind"] == "body-level"}
    assert sorted(levels) == ["PUT /v1/parts/{part_id} request body (spec/sources/svc/p.md)",
                              "PUT /v1/parts/{part_id} request body, shape (spec/sources/svc/p.md)"]
    assert {c["rule"] for c in levels.values()} == {"R2-unsent-level"}
    # every table of the page is read: the two levels by their conflicts, the others as the body's schemas
    (page,) = [p for p in json.loads(build_service(tmp_path, "svc").outputs["svc.coverage.json"])["pages"]
               if p["source"].endswith("p.md")]
    assert (page["tables_bound"], page["tables_ignored"], page["rows_dropped"]) == (5, [], 0)


def test_a_request_body_whose_example_sends_the_documented_levels_keeps_them(tmp_path: Path) -> None:
    spec, conflicts = _page(tmp_path, {"part": {"name": "p1", "shape": {"outline": {"sides": 4}}}})
    _, body = _request_body(spec)
    assert list(body["properties"]) == ["part"]
    assert not [c for c in conflicts["conflicts"] if c["kind"] == "body-level"]


@pytest.mark.parametrize("example", [
    {"name": "p1"},  # one field of Part's three at the root: not most of them
    {"part": {"name": "p1", "shape": {"sides": 4}}},  # one of Outline's three under shape
])
def test_a_sparse_example_never_removes_a_documented_level(tmp_path: Path, example: dict[str, Any]) -> None:
    spec, conflicts = _page(tmp_path, example)
    _, body = _request_body(spec)
    # the levels stay (the example's fields beside them are only the example's, R2-example-only)
    assert body["properties"]["part"]["$ref"] == REF + "Part"
    assert spec["components"]["schemas"]["Part"]["properties"]["shape"]["$ref"] == REF + "Shape"
    assert spec["components"]["schemas"]["Shape"]["properties"]["outline"]["$ref"] == REF + "Outline"
    assert not [c for c in conflicts["conflicts"] if c["kind"] == "body-level"]


def _shared_page(a_w: dict[str, Any], b_w: dict[str, Any]) -> str:
    """A request body of two rows of one object table X (a: X, b: X), X's row w a W, W's one row t a T."""
    tables = [("请求Body参数", [("a", "X object"), ("b", "X object")]), ("X", [("w", "W object")]),
              ("W", [("t", "T object")]), ("T", [("sides", "Integer"), ("closed", "Boolean"), ("colour", "String")])]
    text = "# 更新部件<a name=\"UpdatePart\"></a>\n\n## URI\n\nPUT /v1/parts/\\{part\\_id\\}\n\n## 请求参数\n\n"
    for number, (label, rows) in enumerate(tables, 1):
        text += f"**表 {number}**  {label}\n\n|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n"
        text += "".join(f"|{name}|否|{type_}|说明。|\n" for name, type_ in rows) + "\n\n"
    example = json.dumps({"a": {"w": a_w}, "b": {"w": b_w}}, indent=4)
    return text + f"## 请求示例\n\n```\n{example}\n```\n\n## 状态码\n\n|状态码|描述|\n|--|--|\n|200|OK|\n"


SIDES = {"sides": 4, "closed": True, "colour": "red"}


def test_a_table_two_places_share_loses_its_level_only_where_every_place_agrees(tmp_path: Path) -> None:
    # at a.w the example sends T's fields bare, at b.w under `t`: W is one table, its level stays
    spec, conflicts = built_pages(tmp_path / "split", {"p.md": _shared_page(SIDES, {"t": SIDES})})
    assert spec["components"]["schemas"]["X"]["properties"]["w"]["$ref"] == REF + "W"
    assert not [c for c in conflicts["conflicts"] if c["kind"] == "body-level"]
    # both places send T's fields bare: W is a level the wire lacks, at both; one reading, shown by both
    spec, conflicts = built_pages(tmp_path / "bare", {"p.md": _shared_page(SIDES, SIDES)})
    assert spec["components"]["schemas"]["X"]["properties"]["w"]["$ref"] == REF + "T"
    (level,) = [c for c in conflicts["conflicts"] if c["kind"] == "body-level"]
    assert level["subject"] == "PUT /v1/parts/{part_id} request body, a.w (spec/sources/svc/p.md)"
    assert len(level["candidates"][1]["sources"]) == 1  # one example shows both places
