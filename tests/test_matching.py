"""Matching pages to operations across languages: by method and path template, then by the tables' structure
where the request lines differ in form only (rule R3-path-match)."""

from __future__ import annotations

import json

from conftest import ROOT

from generator.ir import Field, Language, Page, Provenance, Table, TypeRef
from generator.reconcile.matching import group_operations


def page(source: str, language: Language, method: str, path: str, names: list[str],
         status: str | None = None) -> Page:
    prov = Provenance(source, 1, language, "t")
    fields = tuple(Field(n, TypeRef(kind="string", raw="String"), "", prov) for n in names)
    role = "response_body" if status else "path"
    table = Table(role, "response" if status else "request", fields, prov, "t", status=status)
    return Page(source=source, format="rst", language=language, title=source, summary="", method=method, path=path,
                tables=(table,))


def test_lines_differing_in_a_words_separator_with_the_same_fields_are_one_operation_kept_in_priority_order() -> None:
    en = page("en.rst", "en", "GET", "/v3/{project_id}/vpc/address-groups/{id}", ["project_id", "id"])
    zh = page("zh.md", "zh", "GET", "/v3/{project_id}/vpc/address_groups/{group_id}", ["project_id", "group_id", "id"])
    groups, matches = group_operations([en, zh])
    assert groups == [[en, zh]]
    (match,) = matches
    assert (match.kept, match.other) == (en.path, zh.path)
    assert (match.kept_sources, match.other_sources) == (("en.rst",), ("zh.md",))


def test_a_version_segment_written_two_ways_matches_only_the_same_major_version() -> None:
    en = page("en.rst", "en", "GET", "/v2.0/{project_id}/nat_gateways", ["nat_gateways", "id"], "200")
    zh = page("zh.md", "zh", "GET", "/v2/{project_id}/nat_gateways", ["nat_gateways", "id"], "200")
    zh3 = page("zh3.md", "zh", "GET", "/v3/{project_id}/nat_gateways", ["nat_gateways", "id"], "200")
    assert group_operations([en, zh])[0] == [[en, zh]]
    assert len(group_operations([en, zh3])[0]) == 2


def test_lines_alike_whose_tables_differ_or_that_one_language_already_shares_stay_apart() -> None:
    en = page("en.rst", "en", "GET", "/v2.0/{project_id}/nat_gateways", ["a", "b", "c"], "200")
    zh = page("zh.md", "zh", "GET", "/v2/{project_id}/nat_gateways", ["x", "y", "z"], "200")
    assert len(group_operations([en, zh])[0]) == 2
    # en v2.0 is shared by a zh v2.0 page: the zh v2 page is another operation (a newer API), not its twin
    zh_same = page("zh0.md", "zh", "GET", "/v2.0/{project_id}/nat_gateways", ["a", "b", "c"], "200")
    zh_new = page("zh2.md", "zh", "GET", "/v2/{project_id}/nat_gateways", ["a", "b", "c"], "200")
    groups, matches = group_operations([en, zh_same, zh_new])
    assert sorted(len(g) for g in groups) == [1, 2] and matches == []


def test_two_candidates_for_one_line_make_no_match() -> None:
    en = page("en.rst", "en", "GET", "/v2/{project_id}/a-b", ["x"], "200")
    zh1 = page("zh1.md", "zh", "GET", "/v2/{project_id}/a_b", ["x"], "200")
    zh2 = page("zh2.md", "zh", "GET", "/v2.1/{project_id}/a_b", ["x"], "200")
    assert group_operations([en, zh1, zh2])[1] == []


def test_the_vpc_address_group_pages_of_both_languages_are_matched_and_listed_in_coverage() -> None:
    coverage = json.loads((ROOT / "spec" / "vpc.coverage.json").read_text(encoding="utf-8"))
    matched = {m["kept"]: m for m in coverage["operations_matched_by_structure"]}
    create = matched["POST /v3/{project_id}/vpc/address-groups"]
    assert create["other"] == "POST /v3/{project_id}/vpc/address_groups"
    assert create["other_sources"] == ["spec/sources/vpc/huawei-zh/创建地址组.md"]
    assert coverage["totals"]["operations_matched_by_structure"] == 6
    assert not [o for o in coverage["one_language_operations"] if "address" in o["path"]]
