"""Reader for Markdown pages with embedded HTML tables (Huawei's Chinese pages, seeds 000 and 003):
`#` headings, `**表 N**  Name` captions (or a bullet naming a field's structure: `-   volume参数说明`),
`<a name>` anchors, `<table>` with `<thead>`, code fences."""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import BeautifulSoup, Tag

from generator.errors import ExtractionError
from generator.ir import Block, Cell, CellPart, CodeBlock, Document, Heading, Language, Paragraph, TableBlock
from generator.sources.html_tables import TABLE_LABEL, check_depth, html_table, tag_lines
from generator.sources.vocabulary import NAMED_STRUCTURE

_ANCHOR = re.compile(r'<a\s+name="(?P<name>[^"]*)"\s*>\s*</a>', re.I)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_TAG = re.compile(r"<[^>]+>")
# An inline link `[text](target)` reads as its text: a request line that links its parameter to another page
# (`/recordsets/\{[recordset\_id](查询….md)\}`) names the parameter, not the page. An escaped `\[` opens none.
_LINK = re.compile(r"(?<!\\)\[(?P<text>[^\[\]\n]*)\]\([^()\s]*\)")


def unescape_markdown(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", text)


def plain(text: str) -> str:
    """A Markdown line as plain text: no emphasis, no inline tags, no escapes."""
    text = text.replace("**", "")
    end = text.rfind(">") + 1  # a "<" with no ">" after it opens no tag: not tried, so "<<<<…" stays linear
    text = _TAG.sub("", text[:end]) + text[end:]
    text = _LINK.sub(r"\g<text>", text)
    return " ".join(unescape_markdown(text).split())


def read(path: str, text: str, language: Language) -> Document:
    lines = text.split("\n")
    blocks: list[Block] = []
    raw_lines: dict[int, str] = {}  # a paragraph's Markdown, for the words a caption emphasizes
    anchor = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            end = _closing_fence(lines, i)
            blocks.append(CodeBlock("\n".join(lines[i + 1 : end]), i + 2))
            i = end + 1
            continue
        if re.match(r"<table\b", stripped, re.I):
            end = _closing_table(path, lines, i)
            caption = _caption(blocks, raw_lines)
            terms = _emphasized(raw_lines.get(id(blocks[-1]), "")) if caption else ()
            table = _read_table(path, "\n".join(lines[i : end + 1]), i + 1, anchor, caption, terms)
            blocks.append(_with_caption_anchors(table, raw_lines.get(id(blocks[-1]), "") if caption else ""))
            anchor = ""
            i = end + 1
            continue
        if stripped.startswith("|") and i + 1 < len(lines) and _PIPE_SEPARATOR.match(lines[i + 1].strip()):
            # a GitHub-flavoured Markdown table: header, separator, then every following `|` line
            end = i + 2
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            caption = _caption(blocks, raw_lines)
            terms = _emphasized(raw_lines.get(id(blocks[-1]), "")) if caption else ()
            table = _pipe_table(lines, i, end, anchor, caption, terms)
            blocks.append(_with_caption_anchors(table, raw_lines.get(id(blocks[-1]), "") if caption else ""))
            anchor = ""
            i = end
            continue
        match = _ANCHOR.search(stripped)
        if match and not _ANCHOR.sub("", stripped).strip():
            anchor = match.group("name")
        elif stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
            title_anchor = _ANCHOR.search(heading)
            name = title_anchor.group("name") if title_anchor else ""
            blocks.append(Heading(plain(_ANCHOR.sub("", heading)), i + 1, anchor=name))
        elif stripped:
            blocks.append(Paragraph(plain(stripped), i + 1))
            raw_lines[id(blocks[-1])] = stripped
        i += 1
    return Document(path=path, format="markdown_html", language=language, blocks=tuple(blocks))


_LIST_MARKER = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


def _caption(blocks: list[Block], raw_lines: dict[int, str]) -> str:
    """The caption is the paragraph right before the table (anchors in between are not blocks): a numbered
    one (`**表 4** CheckpointCreate`), or a line, a bullet as often, that only names the field whose structure
    the table describes (`-   <a name="…_li…"></a>volume参数说明`, EVS's pages). Any other line before a table
    ("-   响应参数", "-   参数说明") says what the section already says and names nothing: no caption."""
    if not blocks or not isinstance(blocks[-1], Paragraph):
        return ""
    text = blocks[-1].text
    if re.match(r"^(表|Table)\s*\d+", text):
        return text
    named = plain(_LIST_MARKER.sub("", raw_lines.get(id(blocks[-1]), ""), count=1))
    return named if NAMED_STRUCTURE.fullmatch(named) else ""


def _with_caption_anchors(table: TableBlock, caption_markdown: str) -> TableBlock:
    """The anchors set in the caption's line name the table too: a description links to the bullet that
    captions a table (`请参见<a href="#…_li3451…">volume参数说明</a>`), not to the table's own anchor."""
    found = tuple(m.group("name") for m in _ANCHOR.finditer(caption_markdown))
    extra = tuple(a for a in found if a and a not in table.anchors)
    return replace(table, anchors=table.anchors + extra) if extra else table


def _closing_fence(lines: list[str], start: int) -> int:
    for j in range(start + 1, len(lines)):
        if lines[j].strip().startswith("```"):
            return j
    return len(lines)


def _closing_table(path: str, lines: list[str], start: int) -> int:
    for j in range(start, len(lines)):
        if j > start and re.search(r"<table\b", lines[j], re.I):
            break
        if re.search(r"</table>", lines[j], re.I):
            return j
    raise ExtractionError(path, str(start + 1), "<table> is never closed (truncated table?)")


def _emphasized(markdown: str) -> tuple[str, ...]:
    """The words a Markdown line sets in bold (`**表 4** **key_info**`), its table label aside."""
    found = (plain(m) for m in re.findall(r"\*\*(.+?)\*\*", markdown))
    return tuple(t for t in found if t and not TABLE_LABEL.match(t))


_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_BREAK = re.compile(r"<br\s*/?>", re.I)
_BULLET = re.compile(r"\s*[-*•]\s+")


def _pipe_cells(line: str) -> list[str]:
    """The cells of a `|a|b\\|c|` line: split at pipes that are not escaped, the outer ones dropped."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", body)]


def _pipe_cell_parts(cell: str) -> tuple[CellPart, ...]:
    """A pipe cell's lines (`<br>` between them) in reading order; a line opening with a bullet is a list item."""
    parts = []
    for line in _CELL_BREAK.split(cell):
        bullet = _BULLET.match(line)
        text = plain(line[bullet.end():] if bullet else line)
        if text:
            parts.append(CellPart(text, 1 if bullet else 0))
    return tuple(parts)


def _pipe_table(lines: list[str], start: int, end: int, anchor: str, caption: str,
                terms: tuple[str, ...]) -> TableBlock:
    header = tuple(plain(c) for c in _pipe_cells(lines[start]))
    rows = []
    for raw in lines[start + 2:end]:
        cells = [Cell(text=plain(_CELL_BREAK.sub(" ", c)),
                      items=tuple(plain(item) for item in re.findall(r"(?:^|<br\s*/?>)\s*[-*•]\s+([^<]+)", c, re.I)),
                      parts=_pipe_cell_parts(c))
                 for c in _pipe_cells(raw)]
        cells = (cells + [Cell("")] * len(header))[:len(header)]
        rows.append(tuple(cells))
    return TableBlock(header=header, rows=tuple(rows), line=start + 1, caption=caption, anchor=anchor,
                      row_lines=tuple(range(start + 3, end + 1)), anchors=(anchor,) if anchor else (),
                      caption_terms=terms)


def _read_table(path: str, html: str, line: int, anchor: str, caption: str,
                caption_terms: tuple[str, ...] = ()) -> TableBlock:
    # lxml closes what HTML lets a page leave open (`<tr>`, `<td>`, `<li>`) as a browser does; html.parser
    # would nest every unclosed row inside the one before it.
    soup = BeautifulSoup(html, "lxml")
    check_depth(path, soup, html, line)
    table = soup.find("table")
    if not isinstance(table, Tag):
        raise ExtractionError(path, str(line), "<table> holds no table")
    row_lines = [line + n - 1 for n in tag_lines(html, "tr")]
    return html_table(path, table, line, row_lines, caption, anchor, caption_terms)
