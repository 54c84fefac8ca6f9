"""The causes the conflicts report groups unresolved conflicts by (generator/emit/causes.py)."""

from __future__ import annotations

import json
from typing import Any

from conftest import ROOT

from generator.emit.causes import cause_of

LANGUAGES = {"en/a.rst": "en", "zh/a.md": "zh", "zh/b.md": "zh"}


def conflict(kind: str, *candidates: tuple[str, list[str]]) -> dict[str, Any]:
    return {"kind": kind, "candidates": [{"value": v, "sources": s} for v, s in candidates]}


def test_a_string_against_an_array_is_one_value_or_a_list_and_says_which_languages_disagree() -> None:
    found = conflict("type", ("array of any", ["zh/a.md:95 (表 2 Query参数, row 4)"]),
                     ("string", ["zh/b.md:145 (表 1 参数说明, row 14)"]))
    assert cause_of(found, LANGUAGES) == ("one value or a list of them (a type written two ways); "
                                          "pages of one language (zh)")
    across = conflict("type", ("string", ["en/a.rst:10 (Table 1, row 2)"]), ("integer", ["zh/a.md:3"]))
    assert cause_of(across, LANGUAGES) == ("a scalar typed two ways (integer vs string); "
                                           "the languages disagree (en vs zh)")


def test_examples_that_send_several_types_against_one_table_type_are_their_own_cause() -> None:
    found = conflict("type", ("string", ["en/a.rst:175 (Table 4 SecurityGroupRule, row 7)"]),
                     ("integer | string (examples)", ["zh/a.md:406"]))
    assert cause_of(found, LANGUAGES).startswith("the examples send several types; ")


def test_an_invalid_example_is_grouped_by_what_the_validator_says() -> None:
    found = conflict("example-invalid", ("spec: 'instance_id' is a required property", ["#/components/schemas"]),
                     ("example", ["zh/a.md:154"]))
    assert cause_of(found, LANGUAGES) == "an example omits a field the tables require"


def test_the_report_lists_every_unresolved_conflict_once_under_its_kind_and_cause() -> None:
    report = json.loads((ROOT / "spec" / "smn.conflicts.json").read_text(encoding="utf-8"))
    grouped = [i for g in report["unresolved_by_cause"] for i in g["ids"]]
    unresolved = [c["id"] for c in report["conflicts"] if c["status"] == "unresolved"]
    assert sorted(grouped) == sorted(unresolved) and len(set(grouped)) == len(grouped)
    causes = {g["cause"] for g in report["unresolved_by_cause"]}
    assert "one value or a list of them (a type written two ways); the languages disagree (en vs zh)" in causes
    markdown = (ROOT / "spec" / "smn.conflicts.md").read_text(encoding="utf-8")
    assert "## Unresolved (a person must decide), by kind and cause" in markdown
    assert "### type: one value or a list of them (a type written two ways); the languages disagree (en vs zh) (1)" \
        in markdown
