"""HTML tables as TableBlocks, for both HTML-bearing formats: header row, cells with their list items
and links, and rowspan/colspan expanded so every row has every column."""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import Comment, NavigableString

from generator.errors import ExtractionError
from generator.ir import Cell, TableBlock

TABLE_LABEL = re.compile(r"^(?:Table|表)\s*\d+$", re.I)


_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "pre", "h1", "h2", "h3",
           "h4", "h5", "h6", "caption", "blockquote", "hr", "section"}


def inline_text(tag: Tag) -> str:
    """The words of an element: inline markup inside a word adds no space (`os<b>-extend</b>` is `os-extend`),
    block boundaries separate words; non-breaking spaces are spaces."""
    parts: list[str] = []
    _collect(tag, parts)
    return " ".join("".join(parts).replace("\xa0", " ").split())


def _collect(tag: Tag, parts: list[str]) -> None:
    for child in tag.children:
        if isinstance(child, Tag):
            block = child.name in _BLOCKS
            if block:
                parts.append(" ")
            _collect(child, parts)
            if block:
                parts.append(" ")
        elif isinstance(child, NavigableString) and not isinstance(child, Comment):
            parts.append(str(child))


def html_cell(tag: Tag) -> Cell:
    items = tuple(inline_text(li) for li in tag.find_all("li"))
    links = tuple(str(a.get("href", "")) for a in tag.find_all("a") if a.get("href"))
    for lst in tag.find_all(["ul", "ol"]):
        lst.extract()
    text = inline_text(tag)
    return Cell(text=text, items=tuple(i for i in items if i), links=links)


def html_table(path: str, table: Tag, line: int, row_lines: list[int], caption: str, anchor: str,
               caption_terms: tuple[str, ...] = ()) -> TableBlock:
    """`row_lines[i]` is the line of the i-th <tr> of the table; `anchor` the name or id that links reach
    it by; `caption_terms` the words its caption emphasizes."""
    rows = [tr for tr in table.find_all("tr") if isinstance(tr, Tag) and tr.find_parent("table") is table]
    if not rows:
        raise ExtractionError(path, str(line), "table has no rows")
    width = sum(_span(c, "colspan") for c in _cells(rows[0]))  # the header row sets the columns
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        for td in _cells(tr):
            while c < width and grid[r][c] is not None:
                c += 1
            if c >= width:
                at = row_lines[r] if r < len(row_lines) else line
                raise ExtractionError(path, str(at), f"row has {len(_cells(tr))} cells but the header has {width}")
            cell = html_cell(td)
            for dr in range(_span(td, "rowspan")):
                for dc in range(_span(td, "colspan")):
                    if r + dr < len(rows) and c + dc < width:
                        grid[r + dr][c + dc] = cell
            c += _span(td, "colspan")
    header = tuple((cell.text if cell else "") for cell in grid[0])
    body = [tuple(cell for cell in row if cell is not None) for row in grid[1:]]
    lines = [row_lines[i] if i < len(row_lines) else line for i in range(1, len(rows))]
    return TableBlock(header=header, rows=tuple(body), line=line, caption=caption, anchor=anchor,
                      row_lines=tuple(lines), anchors=(anchor,) if anchor else (), caption_terms=caption_terms)


def emphasized_terms(tag: Tag) -> tuple[str, ...]:
    """The words an HTML caption sets in bold, italics or code, its table label ("Table 5") aside."""
    found = (inline_text(t) for t in tag.find_all(["b", "strong", "em", "i", "code"]))
    return tuple(t for t in found if t and not TABLE_LABEL.match(t))


def _cells(tr: Tag) -> list[Tag]:
    return [c for c in tr.find_all(["td", "th"], recursive=False) if isinstance(c, Tag)]


def _span(tag: Tag, attribute: str) -> int:
    try:
        return max(1, int(str(tag.get(attribute, "1"))))
    except ValueError:
        return 1
