"""Every documented disagreement between the seeds, decided by the right rule and reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator.pipeline import build_service


def conflicts(built: Any, service: str) -> dict[str, dict[str, Any]]:
    report = json.loads(built[service].outputs[f"{service}.conflicts.json"])
    return {c["id"]: c for c in report["conflicts"]}


def prop(spec: dict[str, Any], schema: str, name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][schema]["properties"][name]


def test_backup_resource_size_is_an_integer_decided_by_the_examples(cbr_spec: Any, built: Any) -> None:
    for schema in ("BackupDetail", "BackupResp"):
        assert prop(cbr_spec, schema, "resource_size")["type"] == "integer"
        c = conflicts(built, "cbr")[f"type:{schema}.resource_size"]
        assert c["kind"] == "type" and c["status"] == "resolved" and c["rule"] == "R2-example-type"
        values = {cand["value"]: cand["sources"] for cand in c["candidates"]}
        assert any("004_" in s for s in values["integer"])
        assert any("003_" in s for s in values["string"])
        assert any("003_" in s for s in values["integer (examples)"])
        assert any("004_" in s for s in values["integer (examples)"])
        assert c["decision"] == "integer"


def test_checkpoint_resource_size_stays_a_string(cbr_spec: Any, built: Any) -> None:
    size = prop(cbr_spec, "CheckpointResourceResp", "resource_size")
    assert size["type"] == "string"
    assert not any(k.startswith("type:CheckpointResourceResp.resource_size") for k in conflicts(built, "cbr"))
    # only the English table lists it: kept and marked
    assert size["x-apigen-sources"] == ["spec/sources/cbr/001_fa6370b052034a7d.txt"]


def test_support_lld_is_a_boolean_decided_by_the_examples(cbr_spec: Any, built: Any) -> None:
    assert prop(cbr_spec, "BackupExtendInfo", "support_lld")["type"] == "boolean"
    assert conflicts(built, "cbr")["type:BackupExtendInfo.support_lld"]["rule"] == "R2-example-type"


def test_checkpoint_resource_type_enum_unites_chinese_list_and_english_prose(cbr_spec: Any, built: Any) -> None:
    assert prop(cbr_spec, "CheckpointResourceResp", "type")["enum"] == [
        "OS::Nova::Server", "OS::Cinder::Volume", "OS::Ironic::BareMetalServer", "OS::Native::Server",
        "OS::Sfs::Turbo"]
    c = conflicts(built, "cbr")["enum:CheckpointResourceResp.type"]
    # the English list holds the Chinese one and two more: the superset decides, the missing values named
    assert c["rule"] == "R3-enum-superset" and len(c["candidates"]) == 2
    assert c["decision"].endswith("lacks OS::Native::Server, OS::Sfs::Turbo)")


def test_enum_lists_the_english_page_dropped_are_not_lost(cbr_spec: Any, built: Any) -> None:
    assert prop(cbr_spec, "CheckpointCreate", "status")["enum"] == [
        "available", "deleting", "creating", "restoring", "error"]
    c = conflicts(built, "cbr")["enum:CheckpointCreate.status"]
    dropped = next(cand for cand in c["candidates"] if cand["value"].startswith("(list announced"))
    assert dropped["sources"][0].startswith("spec/sources/cbr/001_")


def test_one_schema_one_name_with_aliases(cbr_spec: Any, built: Any) -> None:
    schemas = cbr_spec["components"]["schemas"]
    assert "Resource" not in schemas
    assert schemas["CheckpointResourceResp"]["x-apigen-aliases"] == ["Resource"]
    c = conflicts(built, "cbr")["name:schema CheckpointResourceResp"]
    assert {cand["value"] for cand in c["candidates"]} == {"Resource", "CheckpointResourceResp"}
    assert c["rule"] == "R3-name-majority"
    ref = prop(cbr_spec, "CheckpointPlanCreate", "resources")["items"]["$ref"]
    assert ref == "#/components/schemas/CheckpointResourceResp"


def test_fields_in_one_source_only_are_kept_and_marked(cbr_spec: Any, built: Any) -> None:
    extra = prop(cbr_spec, "CheckpointCreate", "extra_info")
    assert extra["x-apigen-sources"] == ["spec/sources/cbr/001_fa6370b052034a7d.txt"]
    assert conflicts(built, "cbr")["presence:CheckpointCreate.extra_info"]["rule"] == "R3-union-fields"
    include = cbr_spec["components"]["schemas"]["ResourceExtraInfoIncludeVolumes"]
    assert include["x-apigen-sources"] == ["spec/sources/cbr/000_391efc63477f91d7.txt"]


def test_fields_seen_only_in_examples_are_added_and_marked_inferred(cbr_spec: Any, built: Any) -> None:
    provider = prop(cbr_spec, "CheckpointPlanCreate", "provider_id")
    assert provider["type"] == "string" and provider["x-apigen-inferred"]["from"] == "examples"
    app = prop(cbr_spec, "BackupExtendInfo", "app_consistency")
    assert app["type"] == "object"
    assert app["properties"]["app_consistency_status"] == {"type": "string"}
    c = conflicts(built, "cbr")["presence:BackupExtendInfo.app_consistency"]
    assert c["rule"] == "R2-example-only"


def test_types_no_evidence_decides_stay_unresolved_with_every_candidate(cbr_spec: Any, built: Any) -> None:
    images = prop(cbr_spec, "BackupExtendInfo", "os_images_data")
    assert images["anyOf"] == [
        {"type": "array", "items": {"$ref": "#/components/schemas/ImageData"}},
        {"type": "array", "items": {"type": "string"}},
    ]
    c = conflicts(built, "cbr")["type:BackupExtendInfo.os_images_data"]
    assert (c["status"], c["rule"]) == ("unresolved", "R4-unresolved")
    assert cbr_spec["components"]["schemas"]["ImageData"]["x-apigen-undocumented"] is True
    extra = prop(cbr_spec, "CheckpointResourceResp", "extra_info")
    # string (en) or ResourceExtraInfo (zh); the example's null decides only that it is nullable
    assert {"type": "null"} in extra["anyOf"]
    assert conflicts(built, "cbr")["type:CheckpointResourceResp.extra_info"]["status"] == "unresolved"
    assert conflicts(built, "cbr")["nullable:CheckpointResourceResp.extra_info"]["rule"] == "R2-example-null"


def test_example_values_outside_a_documented_enum_join_it(csbs_spec: Any, built: Any) -> None:
    assert prop(csbs_spec, "BackupData", "imagetype")["enum"] == ["gold", "private", "market", ""]
    c = conflicts(built, "csbs")["enum:BackupData.imagetype"]
    assert c["rule"] == "R2-example-value"


def test_request_example_holding_a_response_is_reported(built: Any) -> None:
    (c,) = [c for c in conflicts(built, "cbr").values() if c["kind"] == "example-section"]
    assert c["rule"] == "R2-example-section" and "000_" in c["candidates"][0]["sources"][0]


def test_english_and_chinese_descriptions_are_both_kept(cbr_spec: Any) -> None:
    status = prop(cbr_spec, "CheckpointCreate", "status")
    assert status["description"] == "Status"
    assert status["x-apigen-description-zh"] == "状态"
    op = cbr_spec["paths"]["/v3/{project_id}/checkpoints/{checkpoint_id}"]["get"]
    assert op["summary"] == "Querying a Restore Point"
    assert op["x-apigen-summary-zh"] == "查询备份还原点"


def test_operations_tags_servers_and_token_header(cbr_spec: Any, csbs_spec: Any) -> None:
    op = cbr_spec["paths"]["/v3/{project_id}/backups/{backup_id}"]["get"]
    assert op["operationId"] == "ShowBackup" and op["tags"] == ["backups"]
    assert op["security"] == [{"XAuthToken": []}, {"SdkHmacSha256": []}]  # the token, or a request signed with AK/SK
    assert [p["name"] for p in op["parameters"]] == ["backup_id", "project_id"]  # the token is not a parameter
    scheme = cbr_spec["components"]["securitySchemes"]["XAuthToken"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Auth-Token")
    checkpoint = cbr_spec["paths"]["/v3/{project_id}/checkpoints/{checkpoint_id}"]["get"]
    assert checkpoint["operationId"] == "QueryCheckpoint"
    assert checkpoint["security"] == [{"XAuthToken": []}, {"SdkHmacSha256": []}, {}]  # header optional
    assert cbr_spec["servers"][0]["url"] == "https://{endpoint}"
    assert "endpoint" in cbr_spec["servers"][0]["variables"]
    csbs_op = csbs_spec["paths"]["/v1/{project_id}/checkpoint_items/{checkpoint_item_id}"]["get"]
    assert csbs_op["operationId"] == "ShowCheckpointItem"


def test_error_responses_are_declared_where_the_docs_list_them(csbs_spec: Any) -> None:
    op = csbs_spec["paths"]["/v1/{project_id}/checkpoint_items/{checkpoint_item_id}"]["get"]
    assert {s: r["description"] for s, r in op["responses"].items()} == {
        "200": "OK", "400": "请求参数不合法", "401": "鉴权失败", "403": "没有操作权限", "404": "请求对象不存在",
        "500": "服务不可用"}


@pytest.mark.parametrize("service", ["cbr", "csbs"])
def test_every_conflict_has_the_required_fields(built: Any, service: str) -> None:
    for c in conflicts(built, service).values():
        assert c["id"] and c["subject"] and c["kind"] and c["decision"] and c["rule"]
        assert c["status"] in ("resolved", "unresolved")
        assert c["candidates"] and all(cand["sources"] for cand in c["candidates"])


def test_an_integer_field_keeps_the_enumeration_its_page_prints(tmp_path: Path) -> None:
    # ELB's CreateLoadBalancer prints ip_version as Integer with the values 4 and 6: the enum is of integers
    folder = tmp_path / "spec" / "sources" / "elb"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "spec/sources/elb/service.yaml", folder)
    shutil.copy(ROOT / "spec/sources/elb/huawei/CreateLoadBalancer.html", folder)
    spec = yaml.safe_load(build_service(tmp_path, "elb").outputs["elb.openapi.yaml"])
    found = [schema["properties"]["ip_version"] for schema in spec["components"]["schemas"].values()
             if "ip_version" in schema.get("properties", {}) and "enum" in schema["properties"]["ip_version"]]
    assert found and all(p["type"] == "integer" and p["enum"] == [4, 6] for p in found), found


@pytest.mark.parametrize(("values", "kind", "typed"), [
    (("4", "6"), "integer", [4, 6]), (("0.5", "1"), "number", [0.5, 1]), (("4", "six"), "integer", None),
])
def test_an_enumeration_becomes_values_of_its_type_or_none(values: tuple[str, ...], kind: str,
                                                           typed: list[object] | None) -> None:
    from generator.reconcile.enums import ENUM_KINDS
    assert ENUM_KINDS[kind](list(values)) == typed
