"""Doc text is untrusted: whatever a description holds comes through into the spec intact, and can
break neither the YAML, nor the JSON report, nor the Markdown report."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
import yaml

from generator.emit.report import md_cell
from generator.pipeline import build_service

HOSTILE = {
    "triple_quotes": 'ends the docstring """ and \'\'\' too',
    "backslashes": "C:\\path\\to\\n and \\u0041 and \\",
    "template": "{{ config.__class__ }} {% for x in y %} ${HOME} $(rm -rf /)",
    "markup": "</table><script>alert(1)</script> | pipe | `code` **bold**",
    "quotes": "it's \"quoted\" and 'single'",
    "nul": "before\x00after",
    "rtl": "access \u202eevil\u202c granted",
    "yaml": "key: value\n- item\n--- &anchor *alias !!python/object:os.system",
    "long": "x" * 10_000,
}


def pipes_page(title: str, rows: dict[str, str]) -> str:
    lines = [title, "URI", "GET /v3/{project_id}/things/{thing_id}", "Parameter |", "Mandatory |", "Type |",
             "Description |", "---|---|---|---|", "project_id |", "Yes |", "String |", "Project ID |",
             "thing_id |", "Yes |", "String |", "Thing ID |", "Response Parameters", "Status code: 200",
             "Parameter |", "Type |", "Description |", "---|---|---|"]
    for name, text in rows.items():
        lines += [f"{name} |", "String |", f"{text} |"]
    return "\n".join(lines) + "\n"


def markdown_page(rows: dict[str, str]) -> str:
    cells = "".join(f"<tr><td><p>{name}</p></td><td><p>String</p></td><td><p>{html.escape(text)}</p></td></tr>\n"
                    for name, text in rows.items())
    return ("# 查询<a name=\"ShowThing\"></a>\n\n## URI\n\nGET /v3/\\{project\\_id\\}/things/\\{thing\\_id\\}\n\n"
            "## 响应参数\n\n**状态码为 200 时: **\n\n**表 3**  响应Body参数\n\n"
            "<table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody>" + cells
            + "</tbody></table>\n")


@pytest.fixture()
def hostile_build(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "spec" / "sources" / "hostile"
    folder.mkdir(parents=True)
    (folder / "service.yaml").write_text("title: Hostile\n", encoding="utf-8")
    single_line = {k: " ".join(v.split()) for k, v in HOSTILE.items()}
    (folder / "en.txt").write_text(pipes_page("Querying " + single_line["markup"], single_line), encoding="utf-8")
    (folder / "zh.md").write_text(markdown_page(single_line), encoding="utf-8")
    result = build_service(tmp_path, "hostile")
    assert not result.errors, [e.one_line() for e in result.errors]
    return result.outputs


def test_hostile_descriptions_come_through_intact(hostile_build: dict[str, str]) -> None:
    spec = yaml.safe_load(hostile_build["hostile.openapi.yaml"])
    props = spec["components"]["schemas"]["ShowThingResponse"]["properties"]
    for name, text in HOSTILE.items():
        expected = " ".join(text.split())
        assert props[name]["description"] == expected, name
        assert props[name]["x-apigen-description-zh"] == expected, name
    op = spec["paths"]["/v3/{project_id}/things/{thing_id}"]["get"]
    assert op["summary"] == "Querying " + HOSTILE["markup"]


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
    ("nul\x00", "nul\\u0000"),
    ("two\nlines", "two lines"),
])
def test_markdown_cells_are_escaped(text: str, safe: str) -> None:
    assert md_cell(text) == safe
