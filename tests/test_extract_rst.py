"""reStructuredText pages (Open Telekom Cloud): docutils tables, captions, :ref: links, spans, lists."""

from __future__ import annotations

from conftest import ROOT
from test_extract_markdown_html import fields

from generator.bind import bind_nested_tables
from generator.extract import extract
from generator.sources.detect import load
from generator.sources.rst import read

OTC = ROOT / "spec" / "sources" / "cbr" / "otc" / "cbr_apis"


def test_grid_and_simple_tables_with_captions_refs_and_enum_lists() -> None:
    page = extract(load(OTC / "backups" / "querying_a_specified_backup.rst"))
    assert (page.format, page.language, page.anchor) == ("rst", "en", "ShowBackup")
    assert (page.method, page.path) == ("GET", "/v3/{project_id}/backups/{backup_id}")
    by_label = {t.label: t for t in page.tables}
    assert fields(by_label["Table 1 Path Parameters"]) == {"backup_id": ("string", True),
                                                          "project_id": ("string", True)}
    assert by_label["Table 2 Request header parameters"].role == "header"
    root = by_label["Table 3 Response body parameters"]
    assert (root.role, root.status) == ("response_body", "200")
    assert fields(root) == {"backup": ("BackupResp object", None)}  # from :ref:`BackupResp <...>` object
    detail = by_label["Table 4 BackupResp"]
    assert detail.name == "BackupResp" and detail.binding == "caption"
    assert fields(detail)["children"] == ("array of BackupResp object", None)
    extend = {f.name: f for f in by_label["Table 5 BackupExtendInfo"].fields}
    assert extend["supported_restore_mode"].enum == ("na", "backup", "snapshot")  # a bullet list in the cell
    assert extend["supported_restore_mode"].default == "na"
    assert fields(by_label["Table 6 ImageData"]) == {"image_id": ("string", None)}  # a simple table
    (response,) = [e for e in page.examples if e.kind == "response"]
    assert response.parsed and response.body["backup"]["enterprise_project_id"] == 0


def test_row_and_column_spans_fill_every_cell() -> None:
    grid = """Title
=====

URI
---

GET /v1/things

.. table:: **Table 1** Query Parameters

   +-------+-----------+--------+-------------+
   | Name  | Mandatory | Type   | Description |
   +=======+===========+========+=============+
   | limit | No        | Integer| Page size   |
   +-------+-----------+        +-------------+
   | offset| No        |        | Start       |
   +-------+-----------+--------+-------------+
"""
    page = extract(read("grid.rst", grid, "en"))
    (table,) = page.tables
    assert table.role == "query"
    assert fields(table) == {"limit": ("integer", False), "offset": ("integer", False)}
    assert [f.provenance.line for f in table.fields] == [14, 16]


def test_unnamed_rst_tables_are_none_here_but_refs_bind() -> None:
    page = bind_nested_tables(extract(load(OTC / "restore_points" / "querying_a_restore_point.rst")))
    names = [t.name for t in page.tables if t.role == "object"]
    assert "CheckpointResourceResp" in names and all(names)
