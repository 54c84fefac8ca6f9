"""Doc text is untrusted: whatever a description holds comes through into the spec intact, and can
break neither the YAML, nor the JSON report, nor the Markdown report."""

from __future__ import annotations

import json

import pytest
import yaml
from hostile_pages import HOSTILE, HOSTILE_TITLE, as_read

from generator.emit.report import md_cell


def test_hostile_descriptions_come_through_intact(hostile_build: dict[str, str]) -> None:
    spec = yaml.safe_load(hostile_build["hostile.openapi.yaml"])
    props = spec["components"]["schemas"]["ShowThingResponse"]["properties"]
    for name, text in HOSTILE.items():
        expected = as_read(text)
        assert props[name]["description"] == expected, name
        assert props[name]["x-apigen-description-zh"] == expected, name
    op = spec["paths"]["/v3/{project_id}/things/{thing_id}"]["get"]
    assert op["summary"] == as_read(HOSTILE_TITLE)


def test_hostile_text_cannot_inject_yaml(hostile_build: dict[str, str]) -> None:
    # safe_load would raise on a python tag; the text stays a plain string value
    spec = yaml.safe_load(hostile_build["hostile.openapi.yaml"])
    assert set(spec) == {"openapi", "info", "servers", "tags", "paths", "components", "x-apigen"}


def test_reports_stay_well_formed(hostile_build: dict[str, str]) -> None:
    report = json.loads(hostile_build["hostile.conflicts.json"])
    assert report["service"] == "hostile"
    md = hostile_build["hostile.conflicts.md"]
    assert "\x00" not in md and "\u202e" not in md


@pytest.mark.parametrize(("text", "safe"), [
    ("</table><script>", "&lt;/table&gt;&lt;script&gt;"),
    ("a | b", "a \\| b"),
    ("x\u202ey", "x\\u202ey"),
    ("nul\x00", "nul\\x00"),
    ("two\nlines", "two lines"),
])
def test_markdown_cells_are_escaped(text: str, safe: str) -> None:
    assert md_cell(text) == safe
