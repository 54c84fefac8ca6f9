"""Reader for Huawei's native HTML export (the pages the Markdown seeds embed): `<h1>`/`<h4>` headings,
`<caption>`ed tables with rowspan/colspan, notes, lists and links inside cells, `<pre>` examples."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from generator.ir import Block, CodeBlock, Document, Heading, Language, Paragraph
from generator.sources.html_tables import html_table

_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "pre", "li", "dt", "dd"}


def read(path: str, text: str, language: Language) -> Document:
    soup = BeautifulSoup(text, "lxml")
    table_lines = _tag_lines(text, "table")
    tr_lines = _tag_lines(text, "tr")
    pre_lines = _tag_lines(text, "pre")
    blocks: list[Block] = []
    anchor = ""
    seen_tables = 0
    seen_rows = 0
    seen_pre = 0
    for element in soup.find_all(True):
        if not isinstance(element, Tag) or element.name not in _BLOCKS and element.name != "a":
            continue
        if element.name == "a" and element.get("name") and not element.get_text(strip=True):
            anchor = anchor or str(element.get("name"))
            continue
        if element.find_parent(["table", "pre"]) is not None:
            continue
        if element.name == "table":
            rows = [tr for tr in element.find_all("tr") if tr.find_parent("table") is element]
            nested = element.find_all("tr")
            line = table_lines[seen_tables] if seen_tables < len(table_lines) else 1
            caption_tag = element.find("caption")
            caption = " ".join(caption_tag.get_text(" ").split()) if caption_tag else ""
            row_lines = tr_lines[seen_rows: seen_rows + len(nested)]
            blocks.append(html_table(path, element, line, row_lines[: len(rows)], caption,
                                     str(element.get("id", ""))))
            seen_tables += 1 + len(element.find_all("table"))
            seen_rows += len(nested)
        elif element.name == "pre":
            line = pre_lines[seen_pre] if seen_pre < len(pre_lines) else 1
            seen_pre += 1
            blocks.append(CodeBlock(element.get_text(), line))
        elif element.name.startswith("h"):
            title = " ".join(element.get_text(" ").split())
            blocks.append(Heading(title, element.sourceline or 1, anchor=anchor if element.name == "h1" else ""))
        elif element.find(_BLOCKS - {"li"}) is None:
            text = " ".join("".join(_texts(element)).split())
            if text:
                blocks.append(Paragraph(text, element.sourceline or 1))
    return Document(path=path, format="html_export", language=language, blocks=tuple(blocks))


def _texts(element: Tag) -> list[str]:
    return [str(s) for s in element.descendants if isinstance(s, NavigableString)]


def _tag_lines(text: str, name: str) -> list[int]:
    """The line of every opening <name> tag, in document order (the parser does not keep lines)."""
    starts = [m.start() for m in re.finditer(rf"<{name}\b", text, re.I)]
    lines = []
    line, last = 1, 0
    for start in starts:
        line += text.count("\n", last, start)
        last = start
        lines.append(line)
    return lines
