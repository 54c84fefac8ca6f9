"""Enum lists of several sources united (R3-enum-superset, R3-union-enum): the union always, the report
saying which source lacks which values."""

from __future__ import annotations

import json

from conftest import ROOT

from generator.reconcile.enums import unite_enum_lists


def test_equal_lists_are_no_conflict_in_any_order() -> None:
    united = unite_enum_lists([("en.rst:3", ("a", "b")), ("zh.md:4", ("b", "a"))])
    assert (united.values, united.rule, united.missing) == (("a", "b"), "", ())


def test_a_list_holding_all_the_others_values_and_more_decides_as_superset() -> None:
    # NAT spec: the English page lists 0 (micro) to 4, the Chinese one 1 to 4
    united = unite_enum_lists([("zh.md:9", ("1", "2", "3", "4")), ("en.rst:7", ("0", "1", "2", "3", "4"))])
    assert (united.values, united.rule) == (("1", "2", "3", "4", "0"), "R3-enum-superset")
    assert united.missing == (("zh.md:9", ("0",)),)
    assert united.decision() == "1, 2, 3, 4, 0 (zh.md:9 lacks 0)"


def test_lists_overlapping_in_part_are_united_and_each_gap_named() -> None:
    # VPC status: CREATING/OK on one revision's pages, PENDING/ACTIVE on another's
    united = unite_enum_lists([("a.md:1", ("CREATING", "OK")), ("b.rst:2", ("PENDING", "ACTIVE", "OK"))])
    assert (united.values, united.rule) == (("CREATING", "OK", "PENDING", "ACTIVE"), "R3-union-enum")
    assert united.missing == (("a.md:1", ("PENDING", "ACTIVE")), ("b.rst:2", ("CREATING",)))


def test_the_english_nat_spec_list_holds_the_chinese_one_and_micro() -> None:
    # the committed NAT build: the English pages list 0 (micro) to 4, the Chinese ones 1 to 4
    conflicts = json.loads((ROOT / "spec" / "nat.conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    spec = next(c for c in conflicts if c["kind"] == "enum" and c["subject"] == "NatGateway.spec")
    assert spec["rule"] == "R3-enum-superset"
    assert spec["decision"].startswith("0, 1, 2, 3, 4 (spec/sources/nat/huawei-zh/")
    assert spec["decision"].count(" lacks 0") == len(spec["candidates"]) - 1
    assert all("/otc/" in c["sources"][0] for c in spec["candidates"] if c["value"] == "0, 1, 2, 3, 4")
