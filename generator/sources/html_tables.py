"""HTML tables as TableBlocks, for both HTML-bearing formats: header row, cells with their list items
and links, and rowspan/colspan expanded so every row has every column.

HTML is untrusted: a table is at most MAX_COLUMNS wide, a span reaches at most to the table's edge (as in a
browser), and a page's elements nest at most MAX_DEPTH deep. What exceeds a cap is an error naming the file
and line, never a grid of a billion cells or a RecursionError."""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import Comment, NavigableString

from generator.errors import ExtractionError
from generator.ir import Cell, CellPart, TableBlock

TABLE_LABEL = re.compile(r"^(?:Table|表)\s*\d+$", re.I)

# The widest table apigen reads: reference tables have 2 to 8 columns; the grid costs rows x columns.
MAX_COLUMNS = 64
# The deepest nesting of elements apigen reads: reference pages nest under 20 deep; the walkers recurse.
MAX_DEPTH = 100


_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "pre", "h1", "h2", "h3",
           "h4", "h5", "h6", "caption", "blockquote", "hr", "section"}


def inline_text(tag: Tag) -> str:
    """The words of an element: inline markup inside a word adds no space (`os<b>-extend</b>` is `os-extend`),
    block boundaries separate words; non-breaking spaces are spaces."""
    parts: list[str] = []
    _collect(tag, parts)
    return " ".join("".join(parts).replace("\xa0", " ").split())


def too_deep(root: Tag) -> tuple[str, int, int] | None:
    """The first element nested more than MAX_DEPTH deep under `root`, in document order, as (its name, how many
    elements of that name come before it, its depth); None when none is. One pass, no recursion."""
    depth = {id(root): 0}
    before: dict[str, int] = {}
    for node in root.descendants:
        if not isinstance(node, Tag):
            continue
        level = depth[id(node.parent)] + 1
        depth[id(node)] = level
        index = before.get(node.name, 0)
        before[node.name] = index + 1
        if level > MAX_DEPTH:
            return node.name, index, level
    return None


def check_depth(path: str, root: Tag, text: str, first_line: int = 1) -> None:
    """Raise an ExtractionError naming the line of the first element nested too deep in `root` (parsed from
    `text`, whose first line is `first_line` of the page)."""
    found = too_deep(root)
    if found is None:
        return
    name, index, level = found
    lines = tag_lines(text, name)
    line = first_line - 1 + (lines[index] if index < len(lines) else 1)
    raise ExtractionError(path, str(line), f"<{name}> nested more than {MAX_DEPTH} elements deep (unclosed tags?): "
                                           f"apigen reads HTML nested at most {MAX_DEPTH} deep")


def tag_lines(text: str, name: str) -> list[int]:
    """The line of every opening <name> tag of `text`, in document order (the lxml tree keeps no line
    numbers: the n-th element of a name in the tree is the n-th opening tag of that name in the text)."""
    lines = []
    line, last = 1, 0
    for match in re.finditer(rf"<{re.escape(name)}\b", text, re.I):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines


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
    parts: list[CellPart] = []
    _reading_parts(tag, 0, parts, [])
    items = tuple(inline_text(li) for li in tag.find_all("li"))
    links = tuple(str(a.get("href", "")) for a in tag.find_all("a") if a.get("href"))
    for lst in tag.find_all(["ul", "ol"]):
        lst.extract()
    text = inline_text(tag)
    return Cell(text=text, items=tuple(i for i in items if i), links=links, parts=tuple(parts))


def _reading_parts(tag: Tag, depth: int, out: list[CellPart], words: list[str]) -> None:
    """The paragraphs and list items of a cell in reading order, each item one deeper than the list holding
    it: an enumeration's values are the items under the line that announces them, not the notes beside it."""
    _walk_parts(tag, depth, out, words)
    _flush(words, depth, out)


def _walk_parts(tag: Tag, depth: int, out: list[CellPart], words: list[str]) -> None:
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name not in _BLOCKS:
                _walk_parts(child, depth, out, words)  # inline markup: more words of the same paragraph
                continue
            _flush(words, depth, out)
            _reading_parts(child, depth + 1 if child.name == "li" else depth, out, [])
        elif isinstance(child, NavigableString) and not isinstance(child, Comment):
            words.append(str(child))


def _flush(words: list[str], depth: int, out: list[CellPart]) -> None:
    text = " ".join("".join(words).replace("\xa0", " ").split())
    if text:
        out.append(CellPart(text, depth))
    words.clear()


def html_table(path: str, table: Tag, line: int, row_lines: list[int], caption: str, anchor: str,
               caption_terms: tuple[str, ...] = ()) -> TableBlock:
    """`row_lines[i]` is the line of the i-th <tr> of the table; `anchor` the name or id that links reach
    it by; `caption_terms` the words its caption emphasizes."""
    rows = [tr for tr in table.find_all("tr") if isinstance(tr, Tag) and tr.find_parent("table") is table]
    if not rows:
        raise ExtractionError(path, str(line), "table has no rows")
    width = sum(_span(c, "colspan") for c in _cells(rows[0]))  # the header row sets the columns
    if width > MAX_COLUMNS:
        raise ExtractionError(path, str(row_lines[0] if row_lines else line), f"the header row spans {width:,} "
                              f"columns: apigen reads tables of at most {MAX_COLUMNS} columns")
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        free = grid[r].count(None)
        for td in _cells(tr):
            while c < width and grid[r][c] is not None:
                c += 1
            if c >= width:
                at = row_lines[r] if r < len(row_lines) else line
                spanned = f", {width - free} of them spanned from a row above" if free < width else ""
                raise ExtractionError(path, str(at), f"row has {len(_cells(tr))} cells but the header has {width}"
                                      f"{spanned}")
            cell = html_cell(td)
            # A span ends at the table's edge, as in a browser: rowspan="1000000000" covers the rows there are.
            down, across = min(_span(td, "rowspan"), len(rows) - r), min(_span(td, "colspan"), width - c)
            for dr in range(down):
                for dc in range(across):
                    grid[r + dr][c + dc] = cell
            c += across
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


_SPAN_LIMITS = {"colspan": 1000, "rowspan": 65534}  # HTML's own limits
_LEADING_DIGITS = re.compile(r"[ \t\n\f\r]*\+?([0-9]+)")


def _span(tag: Tag, attribute: str) -> int:
    """A rowspan or colspan as a browser reads it: its leading digits, at most HTML's limit for it; 1 when it
    has none or they say 0. The callers end a span at the table's edge."""
    match = _LEADING_DIGITS.match(str(tag.get(attribute, "1")))
    digits = match.group(1).lstrip("0") if match else ""
    limit = _SPAN_LIMITS[attribute]
    return min(int(digits), limit) if 0 < len(digits) <= len(str(limit)) else (limit if digits else 1)
