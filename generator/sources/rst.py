"""Reader for reStructuredText pages (Open Telekom Cloud's API reference): parsed with docutils, then
walked in document order. Grid and simple tables (with row and column spans), `.. table::` captions,
`.. _target:` anchors and `:ref:` links between tables, bullet lists inside cells, code blocks."""

from __future__ import annotations

import re
from typing import Any

import docutils.core
import docutils.utils
from docutils import nodes
from docutils.parsers.rst import roles

from generator.errors import ExtractionError
from generator.ir import Block, Cell, CellPart, CodeBlock, Document, Heading, Language, Paragraph, TableBlock
from generator.sources.html_tables import TABLE_LABEL

MAX_LINE = 10_000  # docutils' own limit: a longer line is dropped with a message nobody sees (read refuses it)
# What docutils builds takes up to ~1.4 KB a character of page (an undefined |substitution| is an error message
# each: 1.5 GB at MAX_CHARS, measured) and ~4 KB a line ("{" lines are a section each): an RST page is held to
# half the page cap and to MAX_LINES lines, two and twenty times the references' largest (415 KB; 868 lines).
MAX_CHARS = 1024 * 1024
MAX_LINES = 20_000
_SETTINGS = {
    "report_level": 5,  # problems are ours to report, with file and line, not docutils' to print
    "halt_level": 5,
    "file_insertion_enabled": False,  # doc text must not pull in files
    "raw_enabled": False,
    "input_encoding": "unicode",
    "syntax_highlight": "none",
    "doctitle_xform": False,  # keep every section a section: a lone one must not become the document title
    "line_length_limit": MAX_LINE,
}
_TARGET = re.compile(r"<(?P<target>[^<>]+)>$")


def _title_and_target(text: str) -> tuple[str, str]:
    """`Title <target>` as its title and target; a text with no `<target>` is both. (The title is what stands
    before the target, its trailing spaces aside: found from the target, never by trying every split.)"""
    match = _TARGET.search(text)
    return (text[: match.start()].rstrip(), match.group("target")) if match else (text, text)


def _ref_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
              options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list[Any], list[Any]]:
    """Sphinx's :ref:`Title <target>`: a link to a table (or page) anchor, kept as its title and target id."""
    title, target = _title_and_target(text)
    return [nodes.reference(rawtext, title, refid=nodes.make_id(target))], []


def _text_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
               options: dict[str, Any] | None = None, content: list[str] | None = None) -> tuple[list[Any], list[Any]]:
    return [nodes.Text(_title_and_target(text)[0])], []


for _name in ("ref", "numref"):
    roles.register_local_role(_name, _ref_role)  # type: ignore[arg-type]
for _name in ("doc", "term", "abbr", "guilabel", "menuselection", "kbd", "file", "samp"):
    roles.register_local_role(_name, _text_role)  # type: ignore[arg-type]


# The deepest nesting of blocks apigen reads (lists, quotes, field lists inside each other): the references nest
# under 15 deep; docutils parses each level with a recursion of its own and gives up near 150.
MAX_DEPTH = 50
# What opens a nested block on the line it starts: a bullet, an enumerator, a field name.
_MARKER = re.compile(r"(?:[-*+•‣⁃]|#\.|\(?[0-9A-Za-z#]{1,4}[.)]|:[^:\s`]{1,60}:)[ \t]+")


def read(path: str, text: str, language: Language) -> Document:
    _check_size(path, text)
    depth, line = _nesting(text)
    if depth > MAX_DEPTH:
        raise ExtractionError(path, str(line), f"blocks nested {depth} deep: apigen reads reStructuredText nested "
                                               f"at most {MAX_DEPTH} deep")
    try:
        tree = docutils.core.publish_doctree(text, source_path=path, settings_overrides=_SETTINGS)
        walker = _Walker(path)
        for child in tree.children:
            walker.visit(child)
    except (docutils.utils.SystemMessage, ValueError, IndexError) as err:  # docutils' own parse failures
        raise ExtractionError(path, "", f"reStructuredText does not parse: {err}") from err
    except RecursionError as err:  # nesting _nesting does not see (sections, constructs of other kinds)
        raise ExtractionError(path, str(line), "nested too deep to parse (the deepest block is at this line)") from err
    anchor = _original_name(tree)
    blocks = walker.blocks
    if anchor and blocks and isinstance(blocks[0], Heading):
        blocks[0] = Heading(blocks[0].text, blocks[0].line, anchor=anchor)
    return Document(path=path, format="rst", language=language, blocks=tuple(blocks))


def _check_size(path: str, text: str) -> None:
    """Refuse a page larger than docutils reads within bounds (MAX_CHARS, MAX_LINES), or with a line longer than
    its limit: docutils drops such a line (and what holds it) without a word."""
    if len(text) > MAX_CHARS:
        raise ExtractionError(path, "", f"{len(text):,} characters: apigen reads reStructuredText pages of at most "
                                        f"{MAX_CHARS:,}")
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise ExtractionError(path, str(MAX_LINES + 1), f"{len(lines):,} lines: apigen reads reStructuredText "
                                                         f"pages of at most {MAX_LINES:,} lines")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            raise ExtractionError(path, str(number), f"a line of {len(line):,} characters: apigen reads "
                                                     f"reStructuredText lines of at most {MAX_LINE:,}")


def _nesting(text: str) -> tuple[int, int]:
    """How deep the page nests blocks, and the line where it nests deepest: each indentation deeper than the
    line above opens a block, and so does each marker a line starts with (`- - item` is two lists)."""
    open_at: list[int] = []  # the columns where the blocks open around the current line start
    deepest, where = 0, 1
    for number, line in enumerate(text.split("\n"), start=1):
        column = len(line) - len(line.lstrip(" \t"))
        if column == len(line):
            continue  # a blank line closes nothing
        while open_at and open_at[-1] >= column:
            open_at.pop()
        open_at.append(column)
        marker = _MARKER.match(line, column)
        while marker is not None:
            open_at.append(marker.end())
            marker = _MARKER.match(line, marker.end())
        if len(open_at) - 1 > deepest:  # the first column is the page itself
            deepest, where = len(open_at) - 1, number
    return deepest, where


def _original_name(tree: nodes.document) -> str:
    """`:original_name: ShowBackup.html` names the operation (the page's anchor in Huawei's export)."""
    for field in tree.findall(nodes.field):
        if field[0].astext().strip() == "original_name":
            name = str(field[1].astext()).strip()
            return name.rsplit(".", 1)[0] if name.endswith(".html") else name
    return ""


_CAPTION_LENGTH = 80  # a paragraph right above a table is its caption when it is this short, and no sentence
_SENTENCE = re.compile(r"[.。!?！？](?:\s|$)")


class _Walker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.line = 1
        # the last paragraph, while nothing else followed it: (its ids, its emphasized words)
        self.last_paragraph: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def visit(self, node: nodes.Node) -> None:
        line = getattr(node, "line", None)
        if line:
            self.line = line
        if isinstance(node, nodes.system_message):
            _check_message(self.path, node)
            return
        if isinstance(node, nodes.docinfo | nodes.target | nodes.comment):
            return
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            self.blocks.append(Heading(_plain(node), self.line))
            self.last_paragraph = None
        elif isinstance(node, nodes.table):
            self.blocks.append(self._table(node))
            self.last_paragraph = None
        elif isinstance(node, nodes.literal_block):
            self.blocks.append(CodeBlock(node.astext(), self.line))
            self.last_paragraph = None
        elif isinstance(node, nodes.paragraph):
            text = _plain(node)
            self.blocks.append(Paragraph(text, self.line))
            # a title-like line (short, not a sentence, not inside a note) may title the table under it
            titled = len(text) <= _CAPTION_LENGTH and not _SENTENCE.search(text) and not any(
                isinstance(a, nodes.Admonition) for a in _ancestors(node, None))
            self.last_paragraph = (tuple(node.get("ids", ())), _emphasized(node)) if titled else None
        elif isinstance(node, nodes.Element):
            for child in node.children:
                self.visit(child)

    def _table(self, table: nodes.table) -> TableBlock:
        line = table.line or self.line
        caption = ""
        terms: tuple[str, ...] = ()
        anchors: tuple[str, ...] = tuple(table.get("ids", ()))
        for child in table.children:
            if isinstance(child, nodes.title):
                caption, terms = _plain(child), _emphasized(child)
        previous = self.blocks[-1] if self.blocks else None
        if not caption and self.last_paragraph is not None and isinstance(previous, Paragraph):
            # "Parameters in the **volume** field" above an untitled table (its anchor on that line) titles it
            caption, terms = previous.text, self.last_paragraph[1]
            anchors += self.last_paragraph[0]
        groups = [g for g in table.children if isinstance(g, nodes.tgroup)]
        if not groups:
            raise ExtractionError(self.path, str(line), "table has no rows")
        group = groups[0]
        width = int(group.get("cols", 0))
        head = [r for part in group.children if isinstance(part, nodes.thead) for r in part.children
                if isinstance(r, nodes.Element)]
        body = [r for part in group.children if isinstance(part, nodes.tbody) for r in part.children
                if isinstance(r, nodes.Element)]
        grid, lines = _grid(head + body, width, line)
        if not grid:
            raise ExtractionError(self.path, str(line), "table has no rows")
        header_rows = len(head) or 1
        header = tuple(c.text for c in grid[header_rows - 1])
        anchor = next(iter(table.get("names", [])), "") or next(iter(table.get("ids", [])), "")
        return TableBlock(header=header, rows=tuple(tuple(r) for r in grid[header_rows:]), line=line,
                          caption=caption, anchor=anchor, row_lines=tuple(lines[header_rows:]),
                          anchors=anchors, caption_terms=terms)


def _grid(rows: list[nodes.Element], width: int, line: int) -> tuple[list[list[Cell]], list[int]]:
    """Rows as lists of cells, a spanning cell repeated in every position it covers."""
    grid: list[list[Cell | None]] = [[None] * width for _ in rows]
    lines: list[int] = []
    for r, row in enumerate(rows):
        lines.append(_first_line(row) or line)
        c = 0
        for entry in row.children:
            if not isinstance(entry, nodes.Element):
                continue
            while c < width and grid[r][c] is not None:
                c += 1
            cell = _cell(entry)
            for dr in range(int(entry.get("morerows", 0)) + 1):
                for dc in range(int(entry.get("morecols", 0)) + 1):
                    if r + dr < len(grid) and c + dc < width:
                        grid[r + dr][c + dc] = cell
            c += int(entry.get("morecols", 0)) + 1
    return [[cell or Cell("") for cell in row] for row in grid], lines


def _check_message(path: str, message: nodes.system_message) -> None:
    """docutils replaces what it cannot read (a malformed table, a directive it could not run) with an error
    message nobody sees: that is a page problem, naming the line. Directives docutils does not know (Sphinx's
    toctree and the like) hold no reference data and are passed over, as before."""
    words = " ".join(message.children[0].astext().split()) if message.children else ""
    if int(message.get("level", 0)) < 3 or words.startswith("Unknown directive type"):
        return
    raise ExtractionError(path, str(message.get("line") or ""), f"reStructuredText that docutils cannot read: {words}")


def _first_line(node: nodes.Node) -> int | None:
    for child in node.findall(nodes.Element):
        if child.line:
            return int(child.line)
    return None


def _cell(entry: nodes.Node) -> Cell:
    items = tuple(_plain(item) for lst in entry.findall(nodes.bullet_list) for item in lst.children)
    links = tuple(ref["refid"] for ref in entry.findall(nodes.reference) if ref.get("refid"))
    texts = [_plain(p) for p in entry.findall(nodes.paragraph)
             if not any(isinstance(a, nodes.list_item) for a in _ancestors(p, entry))]
    parts = tuple(CellPart(text, sum(isinstance(a, nodes.list_item) for a in _ancestors(p, entry)))
                  for p in entry.findall(nodes.paragraph) if (text := _plain(p)))
    return Cell(text=" ".join(t for t in texts if t), items=items, links=links, parts=parts)


def _ancestors(node: nodes.Node, stop: nodes.Node | None) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None and parent is not stop:
        found.append(parent)
        parent = parent.parent
    return found


def _plain(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def _emphasized(node: nodes.Element) -> tuple[str, ...]:
    """The words a title or paragraph sets in bold, italics or code, its table label ("Table 5") aside."""
    found = [_plain(n) for n in node.findall(lambda n: isinstance(n, nodes.strong | nodes.emphasis | nodes.literal))]
    return tuple(t for t in found if t and not TABLE_LABEL.match(t))
