"""Reader for Huawei's native HTML export (the pages the Markdown seeds embed): `<h1>`/`<h4>` headings,
`<caption>`ed tables with rowspan/colspan, notes, lists and links inside cells, `<pre>` examples."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

from generator.ir import Block, CodeBlock, Document, Heading, Language, Paragraph
from generator.sources.html_tables import check_depth, emphasized_terms, html_table, inline_text, tag_lines

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TEXT_BLOCKS = {"p", "li", "dt", "dd"}
_NESTED_BLOCKS = ["p", "table", "pre", "ul", "ol", "div", "dl"]
_INLINE = {"a", "b", "strong", "i", "em", "code", "span", "sup", "sub", "u", "font", "kbd", "samp", "var", "abbr",
           "br", "img", "tt", "cite", "q", "small", "big", "s", "strike", "mark"}


def read(path: str, text: str, language: Language) -> Document:
    soup = BeautifulSoup(text, "lxml")
    check_depth(path, soup, text)  # before the walker, which recurses
    walker = _Walker(path, text)
    walker.visit(soup)
    return Document(path=path, format="html_export", language=language, blocks=tuple(walker.blocks))


class _Walker:
    """Walks the tree once, in document order, never descending into a table or a <pre>."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.anchor = ""
        self.lines = {name: tag_lines(text, name) for name in ("table", "tr", "pre")}
        self.seen = {"table": 0, "tr": 0, "pre": 0}

    def _line(self, name: str, count: int = 1) -> list[int]:
        start = self.seen[name]
        self.seen[name] += count
        return self.lines[name][start: start + count] or [1]

    def visit(self, node: Tag) -> None:
        # Text that stands beside nested blocks (`<div class="p">GET /v1/… <table>`, `<li>Normal<p>204</p>`) is a
        # paragraph of its own, before the blocks that follow it.
        run: list[Tag | NavigableString] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment) and node.name not in ("html", "[document]", "head"):
                    run.append(child)
                continue
            if not isinstance(child, Tag):
                continue
            if child.name in _INLINE and child.find(_NESTED_BLOCKS) is None and not (
                    child.name == "a" and child.get("name") and not child.get_text(strip=True)):
                run.append(child)
                continue
            self._flush(run, node)
            name = child.name
            if name == "a" and child.get("name") and not child.get_text(strip=True):
                self.anchor = self.anchor or str(child.get("name"))
            elif name == "table":
                self._table(child)
            elif name == "pre":
                self.blocks.append(CodeBlock(child.get_text(), self._line("pre")[0]))
            elif name in _HEADINGS:
                title = inline_text(child)
                self.blocks.append(Heading(title, child.sourceline or 1, anchor=self.anchor if name == "h1" else ""))
            elif name in _TEXT_BLOCKS and child.find(_NESTED_BLOCKS) is None:
                words = inline_text(child)
                if words:
                    self.blocks.append(Paragraph(words, child.sourceline or 1))
            else:
                self.visit(child)
        self._flush(run, node)

    def _flush(self, run: list[Tag | NavigableString], parent: Tag) -> None:
        if run:
            text = "".join(p.get_text() if isinstance(p, Tag) else str(p) for p in run)
            words = " ".join(text.replace("\xa0", " ").split())
            if words:
                self.blocks.append(Paragraph(words, parent.sourceline or 1))
            run.clear()

    def _table(self, table: Tag) -> None:
        nested_tables = len(table.find_all("table"))
        rows = table.find_all("tr")
        line = self._line("table", 1 + nested_tables)[0]
        row_lines = self._line("tr", len(rows))
        own_rows = sum(1 for tr in rows if tr.find_parent("table") is table)
        caption_tag = table.find("caption")
        caption = inline_text(caption_tag) if caption_tag else ""
        terms = emphasized_terms(caption_tag) if caption_tag else ()
        self.blocks.append(html_table(self.path, table, line, row_lines[:own_rows], caption, str(table.get("id", "")),
                                      terms))

