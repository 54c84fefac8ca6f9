"""One tag per resource (generator/reconcile/tags.py), on the paths of the project's real specs."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from conftest import ROOT, SERVICES

from generator.reconcile.tags import plan_tags, resource_key


def spec(service: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "spec" / f"{service}.openapi.yaml").read_text(encoding="utf-8"))
    return loaded


def operations(service: str) -> list[tuple[str, str]]:
    return [(method.upper(), path) for path, item in spec(service)["paths"].items() for method in item]


def test_vault_and_vaults_are_one_tag_named_as_most_operations_spell_it() -> None:
    plan = plan_tags(operations("cbr"))
    assert plan.tag_of_path["/v3/{project_id}/vault/{vault_id}/tags"] == "vaults"
    assert plan.tag_of_path["/v3/{project_id}/vaults/{vault_id}"] == "vaults"
    assert set(plan.spellings["vaults"]) == {"vault", "vaults"}


def test_a_namespace_segment_is_not_the_resource() -> None:
    plan = plan_tags(operations("elb"))
    # lbaas (v2.0), elb (v3) and elbaas (v1.0) only group resources: the load balancers are one tag
    assert {plan.tag_of_path[p] for p in ("/v2.0/lbaas/loadbalancers", "/v3/{project_id}/elb/loadbalancers",
                                          "/v1.0/{project_id}/elbaas/loadbalancers")} == {"loadbalancers"}


def test_a_project_id_printed_as_a_literal_is_not_a_resource() -> None:
    # VPC's flow-log page printed its example line so once (extract.fills now reads it as an example); a page
    # that prints only the filled-in line still names the flow logs, not the project id
    literal = "/v1/b2782e6708b8475c993e6064bc456bf8/fl/flow_logs"
    plan = plan_tags([*operations("vpc"), ("GET", literal)])
    assert plan.tag_of_path[literal] == "flow_logs"


def test_a_segment_followed_by_an_action_is_the_resource() -> None:
    plan = plan_tags(operations("dns"))
    assert plan.tag_of_path["/v2/{project_id}/{resource_type}/resource_instances/action"] == "resource_instances"


def test_the_resource_after_the_version_not_the_service_prefix() -> None:
    plan = plan_tags(operations("as"))
    assert plan.tag_of_path["/autoscaling-api/v1/{project_id}/scaling_group"] == "scaling_group"
    assert plan.tag_of_path["/autoscaling-api/v1/{project_id}/scaling_policies/action"] == "scaling_policy"


@pytest.mark.parametrize(("a", "b"), [("dnat_rules", "dnat-rules"), ("Policies", "policy"),
                                      ("security-groups", "security_group"), ("addresses", "address")])
def test_spellings_of_one_resource_share_a_key(a: str, b: str) -> None:
    assert resource_key(a) == resource_key(b)


def test_distinct_resources_keep_their_keys() -> None:
    assert resource_key("status") != resource_key("statu")
    assert resource_key("cloudvolumes") != resource_key("volumes")


@pytest.mark.parametrize("service", SERVICES)
def test_every_tag_is_listed_once_with_a_description(service: str) -> None:
    doc = spec(service)
    listed = [t["name"] for t in doc["tags"]]
    used = {op["tags"][0] for item in doc["paths"].values() for op in item.values()}
    assert sorted(used) == listed
    assert all(t["description"] for t in doc["tags"])
    keys = [resource_key(name) for name in listed]
    assert len(keys) == len(set(keys)), "two tags spell one resource"


def test_the_report_names_the_rule_that_united_spellings() -> None:
    report = json.loads((ROOT / "spec" / "cbr.conflicts.json").read_text(encoding="utf-8"))
    tag = next(c for c in report["conflicts"] if c["kind"] == "tag")
    assert (tag["subject"], tag["decision"], tag["rule"]) == ("vaults", "vaults", "R3-tag-resource")


def tag_descriptions(service: str) -> dict[str, str]:
    return {t["name"]: t["description"] for t in spec(service)["tags"]}


def test_a_tag_is_described_by_the_title_of_its_section() -> None:
    # cbr_apis/vaults/index.rst is titled "Vaults"; the tag operations under vault/{id}/tags live in tags/
    assert tag_descriptions("cbr")["vaults"] == "Vaults"
    assert tag_descriptions("vpc")["security-group-rules"] == "Security Group Rule"


def test_the_section_holding_the_resources_own_operations_names_it() -> None:
    # NAT's nat_gateways operations are split between nat_gateway_service/ (the gateways) and tags/ (their tags)
    assert tag_descriptions("nat")["nat_gateways"] == "NAT Gateway Service"


def test_a_reference_with_no_section_pages_gets_a_sentence() -> None:
    # ELB's pages sit in one folder with no index page
    assert tag_descriptions("elb")["listeners"] == "Operations on listeners (24 operations)."


def test_sections_are_only_folders_most_of_whose_operations_carry_the_tag() -> None:
    plan = plan_tags([("GET", "/v1/a"), ("GET", "/v1/b"), ("GET", "/v1/c")],
                     {"/v1/a": ("ref/all/a.rst",), "/v1/b": ("ref/all/b.rst",), "/v1/c": ("ref/all/c.rst",)},
                     {"ref/all": "The Whole Reference"})
    assert plan.descriptions == {"a": "Operations on a (1 operation).", "b": "Operations on b (1 operation).",
                                 "c": "Operations on c (1 operation)."}
