"""Huawei's native HTML export (ELB): captions, rowspan/colspan, notes, lists and links in cells."""

from __future__ import annotations

from conftest import ROOT
from test_extract_markdown_html import fields

from generator.extract import extract
from generator.sources.detect import load
from generator.sources.html_export import read

ELB = ROOT / "spec" / "sources" / "elb" / "huawei"


def test_export_page_tables_captions_links_and_lines() -> None:
    page = extract(load(ELB / "ShowLoadBalancer.html"))
    assert (page.format, page.language, page.anchor) == ("html_export", "en", "ShowLoadBalancer")
    assert (page.method, page.path) == ("GET", "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}")
    by_label = {t.label: t for t in page.tables}
    path = by_label["Table 1 Path parameters"]
    assert fields(path) == {"project_id": ("string", True), "loadbalancer_id": ("string", True)}
    assert [f.provenance.line for f in path.fields] == [18, 27]
    assert fields(by_label["Table 3 Response body parameters"])["loadbalancer"] == ("LoadBalancer object", None)
    public_ip = {f.name: f for f in by_label["Table 9 PublicIpInfo"].fields}
    assert public_ip["ip_version"].enum == ("4", "6") and public_ip["ip_version"].type.kind == "integer"
    (response,) = [e for e in page.examples if e.kind == "response"]
    assert response.parsed and response.status == "200"


def test_rowspan_and_colspan_cells_are_repeated_where_they_span() -> None:
    html = """<h1>Thing</h1>
<h4 class="sectiontitle">URI</h4><p>GET /v1/things</p>
<table><caption><b>Table 1 </b>Query parameters</caption>
<thead><tr><th>Parameter</th><th>Mandatory</th><th>Type</th><th>Description</th></tr></thead>
<tbody>
<tr><td>limit</td><td rowspan="2">No</td><td>Integer</td><td>Page size<div class="note"><span>Note</span>
<p>At most 100.</p></div></td></tr>
<tr><td>marker</td><td>String</td><td>Where to start, see <a href="#x">Paging</a></td></tr>
<tr><td>sort</td><td>No</td><td colspan="2">String</td></tr>
</tbody></table>"""
    page = extract(read("spans.html", html, "en"))
    (table,) = page.tables
    assert table.role == "query"
    assert fields(table) == {"limit": ("integer", False), "marker": ("string", False), "sort": ("string", False)}
    limit, marker, sort = table.fields
    assert limit.description == "Page size Note At most 100."
    assert marker.description == "Where to start, see Paging"
    assert sort.description == "String"  # the spanned cell repeats into the description column
    assert [f.provenance.line for f in table.fields] == [6, 8, 9]


def test_appendix_pages_become_status_and_error_codes() -> None:
    page = extract(load(ELB / "elb_gc_1102.html"))
    assert page.kind == "appendix" and not page.tables
    assert {c.code for c in page.status_codes} >= {"200", "400", "404"}
    errors = extract(load(ELB / "elb_gc_0001.html"))
    codes = {e.code: e for e in errors.error_codes}
    assert codes["ELB.0002"].status == "400"
    assert any(e.status == "" for e in errors.error_codes)  # the docs' '4000' typo, kept and reported
