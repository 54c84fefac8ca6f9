"""The patterns whole references hold, each read by a general rule and checked on a real page of the corpus:
actions sharing a request line, status codes written as lines, cells that are not what their column says,
JSON examples with a slip, objects only the examples give fields for, inline markup inside a word."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from generator.bind import bind_nested_tables
from generator.classify import classify
from generator.extract import _without_trailing_commas, extract_pages, request_template
from generator.ir import Field, Page, Table
from generator.sources.detect import load
from generator.sources.html_tables import inline_text

SOURCES = ROOT / "spec" / "sources"


def read(relative: str) -> Page:
    doc = load(SOURCES / relative, relative)
    (page,) = extract_pages(doc, classify(doc))
    return page


@pytest.fixture(scope="module")
def specs() -> dict[str, dict[str, Any]]:
    return {name: yaml.safe_load((ROOT / "spec" / f"{name}.openapi.yaml").read_text(encoding="utf-8"))
            for name in ("evs", "elb", "kms", "csbs", "ims")}


def conflicts(service: str) -> list[dict[str, Any]]:
    report: list[dict[str, Any]] = json.loads((ROOT / "spec" / f"{service}.conflicts.json").read_text())["conflicts"]
    return report


def test_actions_sharing_a_request_line_become_a_oneof_each_requiring_its_key(specs: dict[str, Any]) -> None:
    # POST /v3/{project_id}/volumes/{volume_id}/action: os-extend, os-set_bootable, … each on its own page
    op = specs["evs"]["paths"]["/v3/{project_id}/volumes/{volume_id}/action"]["post"]
    actions = {a["name"]: a for a in op["x-apigen-actions"]}
    assert {"OsExtend", "OsSetBootable", "OsUnreserve", "OsVolumeUploadImage"} <= set(actions)
    refs = [alt["$ref"] for alt in op["requestBody"]["content"]["application/json"]["schema"]["oneOf"]]
    assert refs == [a["schema"] for a in op["x-apigen-actions"]]
    schemas = specs["evs"]["components"]["schemas"]
    extend = schemas[actions["OsExtend"]["schema"].rsplit("/", 1)[1]]
    assert extend["required"] == ["os-extend"] and list(extend["properties"]) == ["os-extend"]
    # the English page and its Chinese counterpart document the one action
    sources = actions["OsExtend"]["sources"]
    assert [s.rsplit("/", 1)[1] for s in sources if s.startswith("spec/sources/evs/otc/")] == [
        "expanding_capacity_of_an_evs_disk.rst"]
    assert [s for s in sources if s.startswith("spec/sources/evs/huawei-zh/")] == [
        "spec/sources/evs/huawei-zh/扩容云硬盘.md"]


def test_the_generated_client_has_one_method_per_action() -> None:
    client = (ROOT / "generated" / "evs" / "client.py").read_text(encoding="utf-8")
    assert "def create_volume_action_v3_os_extend(" in client
    assert "body: models.CreateVolumeActionV3OsExtendRequestBody" in client


def test_two_pages_of_one_request_line_with_other_body_keys_no_longer_require_both(specs: dict[str, Any]) -> None:
    # CSBS check_protectable / check_restorable: one request line, two actions
    ops = [op for item in specs["csbs"]["paths"].values() for op in item.values() if op.get("x-apigen-actions")]
    keys = {tuple(a["keys"]) for op in ops for a in op["x-apigen-actions"]}
    assert {("check_protectable",), ("check_restorable",)} <= keys


def test_a_status_code_written_as_a_line_is_the_success_response(specs: dict[str, Any]) -> None:
    # elb_jd_zs_0002.html: "Status Code" / "Normal" / "204", no table for the success code
    page = read("elb/huawei/elb_jd_zs_0002.html")
    assert "204" in {c.code for c in page.status_codes}
    op = specs["elb"]["paths"]["/v1.0/{project_id}/elbaas/certificate/{certificate_id}"]["delete"]
    assert "204" in op["responses"]


def test_a_mandatory_cell_with_a_condition_is_not_required_and_the_condition_kept() -> None:
    page = read("ims/otc/native_openstack_apis/image_native_openstack_apis/modifying_an_image_native_openstack_api.rst")
    value = next(f for t in page.tables for f in t.fields if f.name == "value" and f.remarks)
    assert value.required is False
    assert value.description.endswith("(Mandatory: Mandatory for replace and add, and not for remove)")


def test_swapped_type_and_mandatory_cells_are_read_for_what_they_hold() -> None:
    # "count | No | Integer" in a table whose columns are Parameter | Type | Mandatory | Description
    page = read("evs/otc/openstack_cinder_apis_recommended/disk_management/creating_evs_disks.rst")
    count = next(f for t in page.tables for f in t.fields if f.name == "count")
    assert (count.type.kind, count.required) == ("integer", False)
    assert "read the other way round" in count.remarks[0]
    reported = [c for c in conflicts("evs") if c["kind"] == "cell"]
    assert reported and all(c["rule"] == "R3-cell-reading" and c["subject"].endswith(".count") for c in reported)


def test_an_example_with_a_trailing_comma_is_read_and_the_slip_reported() -> None:
    page = read("kms/otc/apis/key_management_service/cmk_management/querying_the_information_about_a_cmk.rst")
    example = next(e for e in page.examples if e.kind == "response" and e.status == "200")
    assert example.parsed and example.repaired == "a comma before a closing bracket removed"
    assert example.body["key_info"]["origin"] == "kms"
    assert any(c["kind"] == "example-repaired" for c in conflicts("kms"))


def test_an_error_body_under_example_response_is_not_the_success_example() -> None:
    # "Example response: {...} or {"error": {...}}": the second shares no key with the 200 body
    page = read("kms/otc/apis/key_management_service/cmk_management/querying_the_information_about_a_cmk.rst")
    moved = next(e for e in page.examples if e.relocated_from)
    assert moved.status == "default" and set(moved.body) == {"error"}


def test_an_object_no_table_describes_takes_its_fields_from_the_examples(specs: dict[str, Any]) -> None:
    # querying_cmk_tags.rst: tags | Array of objects | prose only; the example sends key and value
    op = specs["kms"]["paths"]["/v1.0/{project_id}/kms/{key_id}/tags"]["get"]
    name = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    tags = specs["kms"]["components"]["schemas"][name]["properties"]["tags"]
    assert set(tags["items"]["properties"]) == {"key", "value"}
    assert tags["items"]["x-apigen-inferred"] == {"from": "examples"}


def test_inline_markup_inside_a_word_adds_no_space() -> None:
    cell = BeautifulSoup("<td>os<b>-extend</b> and <i>x</i>:<p>next</p>line<br/>end&nbsp;.</td>", "lxml").td
    assert inline_text(cell) == "os-extend and x: next line end ."


def test_a_query_array_with_no_element_type_has_string_items(specs: dict[str, Any]) -> None:
    arrays = [p for item in specs["elb"]["paths"].values() for op in item.values()
              for p in op.get("parameters", []) if p["in"] == "query" and p["schema"].get("type") == "array"]
    assert arrays and all(p["schema"]["items"].get("type") for p in arrays)
    untyped = [p for p in arrays if p["schema"]["items"] == {"type": "string"}]
    assert untyped  # `id | Array | id=xxx&id=xxx`: the values a repeated parameter sends are strings


def test_no_page_of_any_service_fails_and_every_table_is_accounted_for() -> None:
    for coverage in sorted((ROOT / "spec").glob("*.coverage.json")):
        report = json.loads(coverage.read_text(encoding="utf-8"))
        assert report["failed_pages"] == [], coverage.name
        assert report["totals"]["unaccounted_tables"] == 0, coverage.name  # every table bound or ignored, why said


def test_every_operation_has_a_success_response() -> None:
    for spec_path in sorted(Path(ROOT / "spec").glob("*.openapi.yaml")):
        doc = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        for path, item in doc["paths"].items():
            for method, op in item.items():
                assert any(s.startswith("2") for s in op["responses"]), f"{spec_path.name} {method} {path}"


@pytest.mark.parametrize(
    ("url", "path", "query"),
    [
        ("/v2/zones?type={type}&limit={limit}", "/v2/zones", ["type", "limit"]),
        ("https://{endpoint}/v1/{project_id}/a/{id}/b/{id}", "/v1/{project_id}/a/{id}/b/{id_2}", []),
        ("/v1/{+path}{?limit,marker}", "/v1/{path}", ["limit", "marker"]),
        ("/v1/{x*}/y{&z}", "/v1/{x}/y", ["z"]),
        ("/v2/{project_id}/os-quota-sets/{target_project_id}?usage=True",
         "/v2/{project_id}/os-quota-sets/{target_project_id}", ["usage"]),
    ],
)
def test_a_request_line_is_read_as_a_template_and_its_query(url: str, path: str, query: list[str]) -> None:
    assert request_template(url) == (path, query)


def test_a_page_whose_operation_the_openapi_validator_rejects_is_left_out_and_the_rest_written(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pipeline

    real = pipeline.to_openapi
    bad_source = "spec/sources/cbr/001_fa6370b052034a7d.txt"

    def corrupting(service: Any) -> dict[str, Any]:
        doc = real(service)
        for item in doc["paths"].values():
            for op in item.values():
                if bad_source in op["x-apigen-sources"]:
                    op["parameters"] = [{"name": 1, "in": "nowhere"}]  # what no valid page gives
        return doc

    monkeypatch.setattr(pipeline, "to_openapi", corrupting)
    result = pipeline.build_service(project, "cbr")
    assert not result.errors and result.outputs
    # the invalid operation's pages (the English page and its Chinese peer) are left out, each said so
    left_out = sorted(p.file for p in result.problems)
    assert left_out == ["spec/sources/cbr/000_391efc63477f91d7.txt", bad_source]
    assert all("left out of the spec: what it documents is not valid OpenAPI" in p.message for p in result.problems)
    spec = yaml.safe_load(result.outputs["cbr.openapi.yaml"])
    assert spec["paths"] and all(bad_source not in op["x-apigen-sources"]
                                 for item in spec["paths"].values() for op in item.values())
    coverage = json.loads(result.outputs["cbr.coverage.json"])
    assert [f["source"] for f in coverage["failed_pages"]] == left_out


def test_a_table_that_says_many_where_every_example_sends_one_keeps_its_fields_in_that_shape(
        specs: dict[str, Any]) -> None:
    # key_info | Array of objects (Table 5: key_id, key_spec, …) while the example sends one key_info object
    op = specs["kms"]["paths"]["/v1.0/{project_id}/kms/describe-key"]["post"]
    name = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    key_info = specs["kms"]["components"]["schemas"][name]["properties"]["key_info"]
    schema = specs["kms"]["components"]["schemas"][key_info["$ref"].rsplit("/", 1)[1]]
    assert {"key_spec", "key_usage", "key_id"} <= set(schema["properties"])
    decided = next(c for c in conflicts("kms") if c["id"] == key_info["x-apigen-conflicts"][0])
    assert decided["rule"] == "R2-example-shape"


def test_each_request_line_of_a_page_makes_its_operation_from_the_page_as_read(tmp_path: Path) -> None:
    page = tmp_path / "two_lines.rst"
    page.write_text("""Zones
=====

URI
---

GET /v2/zones?type={type}&limit={limit}

DELETE /v2/zones/{zone_id}

.. table:: **Table 1** Parameters

   ========= ========= ====== ===========
   Parameter Mandatory Type   Description
   ========= ========= ====== ===========
   zone_id   Yes       String Zone ID
   ========= ========= ====== ===========
""", encoding="utf-8")
    doc = load(page, "two_lines.rst")
    listed, deleted = extract_pages(doc, classify(doc))
    assert (listed.method, listed.path, deleted.method, deleted.path) == (
        "GET", "/v2/zones", "DELETE", "/v2/zones/{zone_id}")
    query = {f.name for t in deleted.tables if t.role == "query" for f in t.fields}
    path = {f.name for t in deleted.tables if t.role == "path" for f in t.fields}
    assert (query, path) == (set(), {"zone_id"})  # the GET line's type and limit stay the GET's
    assert {"type", "limit"} <= {f.name for t in listed.tables if t.role == "query" for f in t.fields}


def test_another_operations_example_ends_at_the_next_section_heading() -> None:
    # en-us_topic_0096561535: steps showing POST …/publicips and PUT …/publicips (not used, noted), then the
    # page's own "Example Response" heading with the load balancer it creates
    page = read("elb/huawei/en-us_topic_0096561535.html")
    own = [e for e in page.examples if e.kind == "response" and e.status == "200"]
    assert own and all("loadbalancer" in e.body for e in own)
    assert sum("another operation: not used" in n for n in page.notes) == 4


def test_the_trailing_comma_repair_keeps_strings_and_escaped_quotes_intact() -> None:
    assert _without_trailing_commas(r'{"a": "\"", "t": ", ]", "z": 1,}') == r'{"a": "\"", "t": ", ]", "z": 1}'
    assert _without_trailing_commas('[1, 2 ,\n ]') == '[1, 2 \n ]'
    assert _without_trailing_commas('{"s": "x,}"}') == '{"s": "x,}"}'


def test_a_link_naming_a_page_reaches_that_pages_table_not_a_namesake_anchor_elsewhere() -> None:
    from generator.bind import bind_references
    from generator.ir import Provenance, TypeRef

    def table(file: str, role: str, fields: tuple[Field, ...] = (), name: str | None = None) -> Table:
        return Table(role, "request", fields, Provenance(file, 1, "en", "t"), "t", name=name,  # type: ignore[arg-type]
                     anchors=("Create__body",) if role == "object" else (), rows=len(fields))

    key = Field("k", TypeRef("string"), "", Provenance("b.html", 2, "en"))
    other = Field("z", TypeRef("string"), "", Provenance("a.html", 2, "en"))
    pool = Field("pool", TypeRef("object"), "", Provenance("main.html", 3, "en"), links=("b.html#Create__body",))
    root = table("main.html", "request_body", (pool,))
    elsewhere = {"Create__body": [table("a.html", "object", (other,)), table("b.html", "object", (key,))]}
    bound = bind_references([root], elsewhere)
    assert bound[0].fields[0].type.describe() == "pool object"
    assert [f.name for f in bound[1].fields] == ["k"] and bound[1].binding == "link to b.html"


def test_a_field_one_variant_of_the_request_leaves_out_is_not_required(specs: dict[str, Any]) -> None:
    # POST /v2/zones: the public-zone page has no router, the private-zone page requires it
    body = specs_dns_request("/v2/zones", "post")
    assert "router" in body["properties"] and "router" not in body.get("required", [])
    assert "name" in body["required"]


def specs_dns_request(path: str, method: str) -> dict[str, Any]:
    doc = yaml.safe_load((ROOT / "spec" / "dns.openapi.yaml").read_text(encoding="utf-8"))
    ref = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema: dict[str, Any] = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


# What Huawei's Chinese IMS page 增加或修改标签.md prints: GitHub-flavoured `|` tables, a caption above the second.
ZH_PIPE_PAGE = """# 增加或修改标签<a name="ims_03_0612"></a>

## URI<a name="section1046471173754"></a>

PUT /v1/cloudimages/tags

## 请求消息<a name="section8520341173813"></a>

-   请求参数

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|image_id|是|String|镜像ID。|
|tag|否|String|标签数据。tag和image_tag只能使用一个。|
|image_tag|否|Object|新规范的镜像标签列表。|


    **表 1**  image\\_tag数据结构说明

|参数|是否必选|参数类型|描述|
|--|--|--|--|
|key|是|String|标签的键。|
|value|是|String|标签的值。<br>- 可以为空|
"""


def test_markdown_pipe_tables_and_their_chinese_captions_are_read(tmp_path: Path) -> None:
    page = tmp_path / "tags.md"
    page.write_text(ZH_PIPE_PAGE, encoding="utf-8")
    doc = load(page, "tags.md")
    assert (doc.format, doc.language) == ("markdown_html", "zh")
    (read_page,) = extract_pages(doc, classify(doc))
    bound = bind_nested_tables(read_page)
    body = next(t for t in bound.tables if t.role == "request_body")
    assert [(f.name, f.required, f.type.kind) for f in body.fields] == [
        ("image_id", True, "string"), ("tag", False, "string"), ("image_tag", False, "ref")]
    tag = next(t for t in bound.tables if t.name == "image_tag")
    assert [f.name for f in tag.fields] == ["key", "value"]
    assert tag.fields[1].description == "标签的值。 可以为空"  # the bullet is list markup, not words


def test_path_parameters_named_differently_on_two_pages_of_one_operation_are_one(tmp_path: Path) -> None:
    from generator.pipeline import build_service

    folder = tmp_path / "spec" / "sources" / "versions"
    folder.mkdir(parents=True)
    (folder / "service.yaml").write_text("title: Versions\n", encoding="utf-8")
    for name, language, param in (("en.md", "Parameter", "api_version"), ("zh.md", "参数", "version")):
        (folder / name).write_text(
            f"# {'Version' if language == 'Parameter' else '版本'}\n\n## URI\n\nGET /{{{param}}}\n\n"
            f"|{language}|{'Mandatory' if language == 'Parameter' else '是否必选'}|"
            f"{'Type' if language == 'Parameter' else '参数类型'}|Description|\n|--|--|--|--|\n"
            f"|{param}|Yes|String|API version|\n", encoding="utf-8")
    result = build_service(tmp_path, "versions")
    assert not result.errors and not result.problems, [e.one_line() for e in result.errors + result.problems]
    spec = yaml.safe_load(result.outputs["versions.openapi.yaml"])
    (path,) = spec["paths"]
    params = spec["paths"][path]["get"]["parameters"]
    assert path == "/{api_version}" and [p["name"] for p in params] == ["api_version"]


def test_names_are_unique_ignoring_case_and_read_as_what_the_operation_does(specs: dict[str, Any]) -> None:
    for spec_path in sorted(Path(ROOT / "spec").glob("*.openapi.yaml")):
        doc = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        ids = [op["operationId"].lower() for item in doc["paths"].values() for op in item.values()]
        schemas = [name.lower() for name in doc["components"]["schemas"]]
        assert len(ids) == len(set(ids)) and len(schemas) == len(set(schemas)), spec_path.name
    kms = {op["operationId"] for item in specs["kms"]["paths"].values() for op in item.values()}
    # POST …/kms/create-key, …/get-key-rotation-status: the path names the action; Status and Alias stay whole
    assert {"CreateKey", "GetKeyRotationStatus", "UpdateKeyAlias", "ListKmsTags", "DescribeKey"} <= kms


def test_an_operation_name_the_languages_tie_on_follows_the_language_priority() -> None:
    # QueryCheckpoint (the Chinese seed's anchor) against ShowCheckpoint (the English RST page's), one each:
    # service.yaml says English first
    cbr = yaml.safe_load((ROOT / "spec" / "cbr.openapi.yaml").read_text(encoding="utf-8"))
    assert cbr["paths"]["/v3/{project_id}/checkpoints/{checkpoint_id}"]["get"]["operationId"] == "ShowCheckpoint"


def test_no_spec_carries_an_example_its_own_schema_rejects_and_the_rejected_are_kept_aside() -> None:
    from generator.pipeline import invalid_examples

    aside = 0
    for spec_path in sorted(Path(ROOT / "spec").glob("*.openapi.yaml")):
        doc = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        assert invalid_examples(doc) == [], spec_path.name  # linters and mock servers get valid examples only
        report = json.loads(spec_path.with_name(spec_path.name.replace(".openapi.yaml", ".conflicts.json"))
                            .read_text(encoding="utf-8"))
        rejected = {c["id"].split(" ")[2] for c in report["conflicts"] if c["kind"] == "example-invalid"}
        kept = {name for item in doc["paths"].values() for op in item.values()
                for holder in [op.get("requestBody", {}), *op["responses"].values()]
                for name in holder.get("content", {}).get("application/json", {})
                .get("x-apigen-invalid-examples", {})}
        assert kept == rejected, spec_path.name  # each one set aside is in the report, and the other way round
        aside += len(kept)
    assert aside > 0


def test_enum_values_printed_in_quotes_are_the_values(specs: dict[str, Any]) -> None:
    cbr = yaml.safe_load((ROOT / "spec" / "cbr.openapi.yaml").read_text(encoding="utf-8"))
    incremental = cbr["components"]["schemas"]["OpExtendInfoBckup"]["properties"]["incremental"]
    assert incremental["enum"] == ["true", "false"]


def test_every_array_in_every_spec_says_what_its_items_are() -> None:
    def arrays_without_items(node: Any, where: str) -> list[str]:
        found = []
        if isinstance(node, dict):
            kind = node.get("type")
            if (kind == "array" or (isinstance(kind, list) and "array" in kind)) and "items" not in node:
                found.append(where)
            for key, value in node.items():
                found += arrays_without_items(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                found += arrays_without_items(value, f"{where}/{index}")
        return found

    for spec_path in sorted(Path(ROOT / "spec").glob("*.openapi.yaml")):
        doc = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        assert arrays_without_items(doc, "") == [], spec_path.name


def test_a_delete_page_whose_request_example_sends_its_parameters_as_json_has_a_body() -> None:
    # IMS "批量删除镜像成员": DELETE /v1/cloudimages/members with {"images": [...], "projects": [...]}
    for relative in ("ims/huawei-zh/批量删除镜像成员.md",
                     "ims/otc/ims_apis/image_sharing/deleting_image_sharing_members.rst"):
        page = read(relative)
        (body,) = [t for t in page.tables if t.role == "request_body"]
        assert [f.name for f in body.fields] == ["images", "projects"], relative
        assert not [t for t in page.tables if t.role == "query"], relative
        assert [e.body for e in page.examples if e.kind == "request" and e.parsed][0]["images"][0].startswith("d164")


def test_a_delete_pages_parameters_its_example_does_not_send_stay_query_parameters(tmp_path: Path) -> None:
    text = ("# 删除\n\n## URI\n\nDELETE /v1/things\n\n## 请求消息\n\n"
            "|参数|是否必选|参数类型|描述|\n|--|--|--|--|\n|ids|是|String|ID|\n|force|否|Boolean|强制|\n\n"
            "-   请求样例\n\n    ```\n    {\"ids\": \"a,b\"}\n    ```\n")
    for name, body in (("partial.md", text), ("whole.md", text.replace("|force|否|Boolean|强制|\n", ""))):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        doc = load(path, name)
        (page,) = extract_pages(doc, classify(doc))
        roles = [(t.role, [f.name for f in t.fields]) for t in page.tables]
        expected = [("query", ["ids", "force"])] if name == "partial.md" else [("request_body", ["ids"])]
        assert roles == expected, name
