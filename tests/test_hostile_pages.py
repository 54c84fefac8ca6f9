"""Hostile pages: whatever a page holds, reading it ends in time and memory bounded by its size (the caps are
stated and say what they refused), a one-line error naming the file and line or a page read whole, never a
traceback; and doc text reaches the terminal with its control characters shown, not obeyed.

Inputs that would run for hours or take gigabytes before a fix run in a subprocess under a time and
address-space limit, so a regression fails the test instead of hanging the suite; nothing here times speed."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SEED
from test_bad_input import APIGEN

import generator
from generator.errors import ApigenError
from generator.extract import extract
from generator.pipeline import build_service
from generator.sources import html_tables, rst
from generator.sources.detect import MAX_PAGE_BYTES, load
from generator.terminal import terminal_text

MEMORY = 1536 * 1024 * 1024  # address space for a bounded run: apigen reads these pages in under 300 MB
SECONDS = 90  # the slowest of these inputs reads in a few seconds; before the fixes they ran for hours


# The subprocesses run the generator this test imported, wherever they start.
CODE = str(Path(generator.__file__).resolve().parents[1])


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a command under the time and memory limits; a run that exceeds them fails the test."""
    env = {**os.environ, "PYTHONPATH": CODE}
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limit_memory,
                              env=env, cwd=CODE)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args)[:200]}: still running after {SECONDS}s")


def inspect(*paths: Path | str, json_output: bool = False) -> subprocess.CompletedProcess[str]:
    return bounded(APIGEN, "inspect", *(["--json"] if json_output else []), *map(str, paths))


def python(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python code (this checkout's generator on the path) under the limits."""
    return bounded(sys.executable, "-c", textwrap.dedent(code))


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a run that refused its input with exit 2."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --- pages of every format, built in the tests -------------------------------------------------------------

MD_HEAD = ("# 查询<a name=\"ShowThing\"></a>\n\n## URI\n\nGET /v3/things\n\n## 响应参数\n\n**状态码为 200 时: **\n\n"
           "**表 3**  响应Body参数\n\n")
HTML_HEAD = ('<html><body><h1>Query things</h1>\n<h4 class="sectiontitle">URI</h4><p>GET /v1/things</p>\n'
             "<table><caption><b>Table 1 </b>Query parameters</caption>\n")


def markdown_page(body: str, th: str = "") -> str:
    return (MD_HEAD + f"<table><thead><tr><th{th}>参数</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody>"
            + body + "</tbody></table>\n")


def html_page(body: str, th: str = "") -> str:
    return (HTML_HEAD + f"<tr><th{th}>Parameter</th><th>Type</th><th>Description</th></tr>\n" + body
            + "</table></body></html>\n")


PAGES = {"md": markdown_page, "html": html_page}


def field_names(path: Path) -> list[str]:
    return [f.name for t in extract(load(path)).tables for f in t.fields]


# --- item 4: unbounded cost on small inputs ----------------------------------------------------------------

def test_a_type_cell_of_repeated_words_reads_in_linear_time(tmp_path: Path) -> None:
    # the type-cell pattern let "of of of … !" be split 2^n ways: 40 "of"s took 30 s, each more ~1.6 times that
    cell = "String " + "of " * 5000 + "!"
    page = tmp_path / "cells.txt"
    page.write_text("查询\nURI\nGET /v3/things\n表3 x 字段数据结构说明 参数\n是否必选\n参数类型\n描述\nname\n是\n"
                    f"{cell}\ndesc\n", encoding="utf-8")
    result = inspect(page)
    assert result.returncode == 0, result.stderr
    assert "GET /v3/things" in result.stdout


@pytest.mark.parametrize("fmt", sorted(PAGES))
@pytest.mark.parametrize("span", ['colspan="10000000000"', 'rowspan="1000000000"', 'colspan="20000000000000000000"',
                                  'rowspan="20000000000000000000"'])
def test_a_span_in_a_row_ends_at_the_table_edge(tmp_path: Path, fmt: str, span: str) -> None:
    # before: a span looped as many times as it said, for every row it covered: 1e10 ran for many minutes
    below = "<td>d</td>" if span.startswith("colspan") else ""  # a rowspan fills the row below's last column
    page = tmp_path / f"span.{fmt}"
    page.write_text(PAGES[fmt](f"<tr><td>first</td><td>String</td><td {span}>wide</td></tr>\n"
                               f"<tr><td>second</td><td>String</td>{below}</tr>\n"), encoding="utf-8")
    result = python(f"""
        from pathlib import Path
        from generator.extract import extract
        from generator.sources.detect import load
        page = extract(load(Path({str(page)!r})))
        print([(f.name, f.description) for t in page.tables for f in t.fields])
    """)
    assert result.returncode == 0, result.stderr[-2000:]
    second = "d" if below else "wide"
    assert result.stdout.strip() == f"[('first', 'wide'), ('second', '{second}')]"


def test_a_cell_too_many_under_a_rowspan_names_the_span(tmp_path: Path) -> None:
    page = tmp_path / "span.md"
    page.write_text(markdown_page('<tr><td>first</td><td>String</td><td rowspan="9">wide</td></tr>\n'
                                  "<tr><td>second</td><td>String</td><td>d</td></tr>\n"), encoding="utf-8")
    with pytest.raises(ApigenError) as caught:
        extract(load(page, "span.md"))
    assert caught.value.one_line() == ("span.md:15: row has 3 cells but the header has 3, 1 of them spanned from a "
                                       "row above")


@pytest.mark.parametrize("fmt", sorted(PAGES))
@pytest.mark.parametrize("value", ["1000000000", "20000000000000000000", "65"])
def test_a_header_wider_than_the_cap_is_one_error_line(tmp_path: Path, fmt: str, value: str) -> None:
    # before: a grid of a billion columns a row (MemoryError), or OverflowError for 2e19
    page = tmp_path / f"wide.{fmt}"
    page.write_text(PAGES[fmt]("<tr><td>a</td><td>String</td><td>d</td></tr>\n", th=f' colspan="{value}"'),
                    encoding="utf-8")
    line = one_error_line(inspect(page))
    wide = min(int(value), 1000) + 2
    assert line == (f"apigen: error: {page}:{13 if fmt == 'md' else 4}: the header row spans {wide:,} columns: "
                    f"apigen reads tables of at most {html_tables.MAX_COLUMNS} columns")


@pytest.mark.parametrize(("written", "read"), [("3", 3), (" +2 ", 2), ("2e19", 2), ("0", 1), ("-4", 1), ("x", 1),
                                               ("", 1), ("99999999999999999999999", 1000), ("1001", 1000)])
def test_colspan_reads_as_a_browser_reads_it(written: str, read: int) -> None:
    from bs4 import BeautifulSoup

    cell = BeautifulSoup(f'<td colspan="{written}">x</td>', "html.parser").td
    assert cell is not None
    assert html_tables._span(cell, "colspan") == read


@pytest.mark.parametrize("fmt", sorted(PAGES))
@pytest.mark.parametrize("closing", ["</td>", ""])
def test_unclosed_rows_are_closed_as_a_browser_closes_them(tmp_path: Path, fmt: str, closing: str) -> None:
    # HTML lets a page leave <tr> and <td> open; the Markdown reader nested each row inside the one before:
    # a RecursionError, or with cells closed quadratic time (20,000 rows: minutes)
    count = 20_000 if fmt == "md" else 4000
    rows = "".join(f"<tr><td>f{n}{closing}<td>String{closing}<td>row {n}{closing}\n" for n in range(count))
    page = tmp_path / f"rows.{fmt}"
    page.write_text(PAGES[fmt](rows), encoding="utf-8")
    result = inspect(page, json_output=True)
    assert result.returncode == 0, result.stderr[-2000:]
    fields = [f for t in json.loads(result.stdout)["tables"] for f in t["fields"]]
    assert [f["name"] for f in fields] == [f"f{n}" for n in range(count)]
    assert [f["line"] for f in fields][:2] == ([14, 15] if fmt == "md" else [5, 6])


@pytest.mark.parametrize("make", ["/dev/zero", "fifo", "dangling", "loop", "directory"])
def test_inspect_refuses_what_is_not_a_page_file_by_name(tmp_path: Path, make: str) -> None:
    # before: /dev/zero was read until memory ran out, a FIFO waited forever for a writer
    path = tmp_path / "page.md"
    if make == "/dev/zero":
        path = Path(make)
    elif make == "fifo":
        os.mkfifo(path)
    elif make == "dangling":
        path.symlink_to(tmp_path / "gone.md")
    elif make == "loop":
        path.symlink_to(path)
    else:
        path.mkdir()
    line = one_error_line(inspect(path)) if make != "directory" else ""
    expected = {"/dev/zero": "a character device, not a page file: not read",
                "fifo": "a named pipe (FIFO), not a page file: not read",
                "dangling": f"a dangling symbolic link (to {tmp_path / 'gone.md'}): not read",
                "loop": "a symbolic link loop: not read"}
    if make == "directory":  # click refuses a folder argument; load() names it all the same
        with pytest.raises(ApigenError, match="a folder, not a page file"):
            load(path)
        return
    assert line == f"apigen: error: {path}: {expected[make]}"


def test_a_page_past_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    page = tmp_path / "huge.md"
    with page.open("wb") as handle:  # sparse: no disk, no time
        handle.truncate(MAX_PAGE_BYTES + 1)
    line = one_error_line(inspect(page))
    assert line == f"apigen: error: {page}: larger than 2 MiB, the most a page may hold: not read"
    page.write_bytes(b"# Title\n\n" + b"x" * (MAX_PAGE_BYTES - 9))  # at the cap: read
    result = inspect(page)
    assert result.returncode == 0 and "none (guide)" in result.stdout, result.stderr


# Text that a pattern with quantifiers sharing characters would rescan from every position: hours of work on
# a few megabytes before the fixes, linear now.
QUADRATIC = {
    "pipe separator across lines": ("from generator.sources.detect import detect_format",
                                    "detect_format('p', 'x' + '\\n' * 3_000_000 + 'y')"),
    "cells header with blank lines": ("from generator.sources.detect import detect_format",
                                      "detect_format('p', 'Parameter' + '\\n' * 300_000 + 'x')"),
    "rst target without a colon": ("from generator.sources.detect import detect_format",
                                   "detect_format('p', '.. _x\\n' * 300_000)"),
    "markdown link never closed": ("from generator.sources.detect import detect_format",
                                   "detect_format('p', '# T\\n' + '[' * 300_000)"),
    "markdown link targets never closed": ("from generator.sources.detect import detect_format",
                                           "detect_format('p', '# T\\n' + '[a](b' * 400_000)"),
    "markdown tag never closed": ("from generator.sources.markdown_html import plain",
                                  "plain('<' * 300_000)"),
    "rst role title spaces": ("from generator.sources.rst import _title_and_target",
                              "_title_and_target('a' + ' ' * 300_000 + 'b')"),
    "language of unclosed markup": ("from generator.sources.detect import detect_language",
                                    "detect_language('<' * 1_000_000)"),
    "caption name run": ("from generator.sources.vocabulary import NAMED_STRUCTURE",
                         "NAMED_STRUCTURE.search('a' * 300_000)"),
    "caption name spaces": ("from generator.sources.vocabulary import NAMED_STRUCTURE",
                            "NAMED_STRUCTURE.search('a' + ' ' * 300_000 + '字段' + ' ' * 300_000)"),
    "enum list spaces": ("from generator.typeexpr import prose_enum",
                         "prose_enum('possible values are a' + ' ' * 300_000 + 'b')"),
    "enum gloss never closed": ("from generator.typeexpr import prose_enum",
                                "prose_enum('possible values are ' + '(' * 300_000)"),
    "explicit enum never closed": ("from generator.typeexpr import explicit_enum",
                                   "explicit_enum('Enum:[' * 100_000)"),
}


@pytest.mark.parametrize("case", sorted(QUADRATIC))
def test_patterns_over_page_text_run_in_linear_time(case: str) -> None:
    setup, call = QUADRATIC[case]
    result = python(f"{setup}\nfrom generator.errors import ApigenError\n"
                    f"try:\n    {call}\nexcept ApigenError:\n    pass\nprint('done')")
    assert result.stdout.strip() == "done", result.stderr[-2000:]


def test_many_examples_that_are_no_json_read_in_linear_time(tmp_path: Path) -> None:
    # each line opening "{" joined the whole rest of the page again to try it as JSON
    page = tmp_path / "examples.txt"
    page.write_text("Querying\nURI\nGET /v1/things\nParameter |\nType |\nDescription |\n---|---|---|\n"
                    "name |\nString |\nName |\n" + "{ not json\nURI\n" * 100_000, encoding="utf-8")
    result = inspect(page)
    assert result.returncode == 0, result.stderr[-2000:]


# --- item 5: deep structures give one line, never a RecursionError -----------------------------------------

@pytest.mark.parametrize("depth", [1000, 100_000])
@pytest.mark.parametrize("fmt", sorted(PAGES))
def test_deep_html_is_one_error_line_naming_the_line(tmp_path: Path, depth: int, fmt: str) -> None:
    page = tmp_path / f"deep.{fmt}"
    nested = "<div>" * depth + "x" + "</div>" * depth
    page.write_text(PAGES[fmt](f"<tr><td>a</td><td>String</td><td>\n{nested}</td></tr>\n"), encoding="utf-8")
    line = one_error_line(inspect(page))
    # the element one past the cap: in the Markdown table under <html><body><table><tbody><tr><td>, on the
    # export page under <html><body><table><tr><td>
    assert line == (f"apigen: error: {page}:{15 if fmt == 'md' else 6}: <div> nested more than "
                    f"{html_tables.MAX_DEPTH} elements deep (unclosed tags?): apigen reads HTML nested at most "
                    f"{html_tables.MAX_DEPTH} deep")


def test_html_nested_up_to_the_cap_reads(tmp_path: Path) -> None:
    page = tmp_path / "nested.html"
    nested = "<div>" * 90 + "x" + "</div>" * 90
    page.write_text(html_page(f"<tr><td>a</td><td>String</td><td>{nested}</td></tr>\n"), encoding="utf-8")
    assert field_names(page) == ["a"]


RST_HEAD = "Querying Things\n===============\n\nURI\n---\n\nGET /v1/things\n\n"


@pytest.mark.parametrize(("name", "nested"), [
    ("indented lists", "\n".join("  " * i + "- item\n" for i in range(300))),
    ("lists on one line", "- " * 300 + "item\n"),
    ("enumerations on one line", "1. " * 300 + "item\n"),
    ("field lists on one line", ":a: " * 300 + "\n"),
    ("block quotes", "\n".join(" " * i + "para\n" for i in range(300))),
])
def test_deep_rst_is_one_error_line_naming_the_line(tmp_path: Path, name: str, nested: str) -> None:
    page = tmp_path / "deep.rst"
    page.write_text(RST_HEAD + nested, encoding="utf-8")
    line = one_error_line(inspect(page))
    assert line.startswith(f"apigen: error: {page}:")
    assert line.endswith(f"deep: apigen reads reStructuredText nested at most {rst.MAX_DEPTH} deep"), line


def test_an_rst_line_docutils_would_drop_is_one_error_line(tmp_path: Path) -> None:
    # before: docutils dropped the paragraph of a line over 10,000 characters, and nothing said so
    page = tmp_path / "long.rst"
    page.write_text(RST_HEAD + "A description of " + "many " * 2500 + "words.\n", encoding="utf-8")
    assert one_error_line(inspect(page)) == (f"apigen: error: {page}:9: a line of 12,523 characters: apigen reads "
                                             "reStructuredText lines of at most 10,000")


def test_rst_nested_up_to_the_cap_reads() -> None:
    text = RST_HEAD + "- " * rst.MAX_DEPTH + "item\n\n" + "\n".join(" " * i + "para\n" for i in range(rst.MAX_DEPTH))
    doc = rst.read("page.rst", text, "en")
    assert doc.blocks[0].text == "Querying Things"  # type: ignore[union-attr]


def test_deep_rst_the_prescan_misses_is_still_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # the nesting count is a pre-check; whatever nests past docutils' recursion reads as an error all the same
    monkeypatch.setattr(rst, "MAX_DEPTH", 10_000)
    with pytest.raises(ApigenError, match="nested too deep to parse"):
        rst.read("page.rst", RST_HEAD + "- " * 400 + "item\n", "en")


@pytest.mark.parametrize(("name", "body"), [
    ("deep", '{"name": ' + "[" * 900 + "1" + "]" * 900 + "}"),
    ("huge integer", '{"name": ' + "9" * 5000 + "}"),
])
def test_an_example_past_the_caps_is_refused_naming_its_line(tmp_path: Path, name: str, body: str) -> None:
    # before: a ValueError traceback (over 4,300 digits), or a RecursionError when the build walked it
    page = tmp_path / "example.md"
    page.write_text(markdown_page("<tr><td>name</td><td>String</td><td>d</td></tr>\n")
                    + "\n## 响应示例\n\n**状态码为 200 时: **\n\n```\n" + body + "\n```\n", encoding="utf-8")
    result = inspect(page)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"{page}:22: example refused: " in result.stderr


def test_a_deep_json_example_in_web_text_is_refused_naming_its_line(tmp_path: Path) -> None:
    page = tmp_path / "deep.txt"
    page.write_text("Querying\nURI\nGET /v1/things\nParameter |\nType |\nDescription |\n---|---|---|\n"
                    "name |\nString |\nName |\nExample Responses\nStatus code: 200\n" + "[" * 100_000 + "\n",
                    encoding="utf-8")
    result = inspect(page)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"{page}:13: example refused: JSON nested more than 64 levels deep" in result.stderr


# --- item 8: silently dropped or invented data -------------------------------------------------------------

PIPES_PAGE = """Querying Things
Function
This API is used to query things.
URI
GET /v3/{project_id}/things
Parameter |
Mandatory |
Type |
Description |
---|---|---|---|
project_id |
Yes |
String |
Project ID |
Response Parameters
Status code: 200
Parameter |
Type |
Description |
---|---|---|
status |
String |
Status of the thing, which is one of: |
active or frozen, as the console shows it |
size |
Integer |
Size in GB |
"""


def test_a_description_line_ending_in_a_pipe_stays_in_its_description(tmp_path: Path) -> None:
    # before: "active or frozen, as the console shows it" became a field, "size" its type, the rest shifted
    page = tmp_path / "pipes.txt"
    page.write_text(PIPES_PAGE, encoding="utf-8")
    response = next(t for t in extract(load(page)).tables if t.role == "response_body")
    assert [(f.name, f.type.raw, f.description) for f in response.fields] == [
        ("status", "String", "Status of the thing, which is one of: active or frozen, as the console shows it"),
        ("size", "Integer", "Size in GB")]


def test_a_one_word_line_after_a_row_still_starts_the_next_row(tmp_path: Path) -> None:
    page = tmp_path / "pipes.txt"
    page.write_text(PIPES_PAGE.replace("active or frozen, as the console shows it |\n", ""), encoding="utf-8")
    response = next(t for t in extract(load(page)).tables if t.role == "response_body")
    assert [f.name for f in response.fields] == ["status", "size"]


def test_links_named_like_pages_are_listed_as_page_problems(project: Path) -> None:
    # before: a dangling link and a link loop were left out of the build without a word
    folder = project / "spec" / "sources" / "cbr"
    (folder / "gone.txt").symlink_to(folder / "removed.txt")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    os.mkfifo(folder / "pipe.md")
    (folder / "linked.txt").symlink_to(SEED["001"])  # a link to a page is a page
    result = build_service(project, "cbr")
    assert not result.errors
    problems = sorted(p.one_line() for p in result.problems)
    assert problems == [
        f"spec/sources/cbr/gone.txt: a dangling symbolic link (to {folder / 'removed.txt'}): not read",
        "spec/sources/cbr/loop.md: a symbolic link loop: not read",
        "spec/sources/cbr/pipe.md: a named pipe (FIFO), not a page file: not read",
    ]
    assert "spec/sources/cbr/linked.txt" in {o.source for o in result.outcomes if o.problem is None}


# --- item 11: terminal escapes -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    ("plain 中文 text", "plain 中文 text"),
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
    ("nul\x00 tab\t cr\r lf\n", "nul\\x00 tab\\t cr\\r lf\\n"),
    ("del\x7f csi\x9b", "del\\x7f csi\\x9b"),
    ("access \u202eevil\u202c \u2066x\u2069", "access \\u202eevil\\u202c \\u2066x\\u2069"),
    ("hid\u200bden\ufeff \u200f", "hid\\u200bden\\ufeff \\u200f"),
])
def test_terminal_text_shows_controls_as_escapes(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


def test_inspect_prints_doc_text_with_its_controls_shown(tmp_path: Path) -> None:
    hostile = "\x1b[2J\x1b]0;owned\x07 \u202eevil\x9b"
    page = tmp_path / "escapes.txt"
    page.write_text(PIPES_PAGE.replace("Querying Things", f"Querying {hostile}").replace(
        "status |", "status |").replace("Size in GB", "Size") + "Status Codes\nStatus Code |\nDescription |\n"
        f"---|---|\n200 |\nOK {hostile} |\n", encoding="utf-8")
    for json_output in (False, True):
        result = inspect(page, json_output=json_output)
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert not any(ch in out for ch in "\x1b\x07\x9b\u202e"), out
    text = inspect(page).stdout
    assert "status 200: OK \\x1b[2J\\x1b]0;owned\\x07 \\u202eevil\\x9b" in text
    data = json.loads(inspect(page, json_output=True).stdout)
    assert data["status_codes"][0]["description"] == f"OK {hostile}"  # the JSON carries the text unchanged


def test_import_says_which_page_named_links_it_does_not_copy(tmp_path: Path) -> None:
    from generator.importer import import_reference

    source = tmp_path / "reference"
    source.mkdir()
    (source / "page.txt").write_bytes(SEED["001"].read_bytes())
    (source / "gone.md").symlink_to(source / "removed.md")
    (source / "loop.md").symlink_to(source / "loop.md")
    (source / "elsewhere.txt").symlink_to(SEED["004"])
    os.mkfifo(source / "pipe.md")
    report = import_reference(source, tmp_path / "project", "svc")
    assert report.pages == 1
    assert report.not_copied == [f"{source / name}: {what}" for name, what in [
        ("elsewhere.txt", "a symbolic link"), ("gone.md", "a symbolic link"), ("loop.md", "a symbolic link"),
        ("pipe.md", "not a regular file")]]
    assert sorted(p.name for p in report.destination.iterdir()) == ["page.txt"]


def test_an_rst_table_docutils_cannot_read_is_one_error_line(tmp_path: Path) -> None:
    # before: docutils replaced the malformed table with a message nobody saw, and the table was gone
    page = tmp_path / "table.rst"
    page.write_text(RST_HEAD + "+------+------+\n| a    | b    |\n+======+======+\n| x    | y\n+------+------+\n\n"
                    "after\n", encoding="utf-8")
    assert one_error_line(inspect(page)) == (f"apigen: error: {page}:12: reStructuredText that docutils cannot "
                                             "read: Malformed table. Right border not aligned or missing.")


@pytest.mark.parametrize(("text", "message"), [
    (RST_HEAD + "{\n" * 20_000, "20,009 lines: apigen reads reStructuredText pages of at most 20,000 lines"),
    (RST_HEAD + ("|a| " * 2000 + "\n\n") * 140, "1,120,338 characters: apigen reads reStructuredText pages of "
                                                 "at most 1,048,576"),
])
def test_an_rst_page_larger_than_docutils_reads_in_bounds_is_one_error_line(tmp_path: Path, text: str,
                                                                            message: str) -> None:
    # before: docutils took ~4 KB a "{" line and ~1.4 KB a character of undefined substitutions (3 GB a page)
    page = tmp_path / "large.rst"
    page.write_text(text, encoding="utf-8")
    line = one_error_line(inspect(page))
    assert line.startswith(f"apigen: error: {page}:") and line.endswith(message), line
