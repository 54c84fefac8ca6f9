"""What the two web-text formats share: web text is a page copied as plain text, so headings, status
markers and example bodies must be recognised from the line alone."""

from __future__ import annotations

import json
from collections.abc import Callable

from generator.ir import Block, CodeBlock, Heading, Paragraph, TableBlock
from generator.sources.vocabulary import STATUS_MARKER, section_of


def is_boundary(line: str) -> bool:
    """A line that always ends whatever came before it: a section heading or a status marker."""
    text = line.strip()
    return section_of(text) is not None or STATUS_MARKER.match(text) is not None


class PageText:
    """The lines of a page and the page as one text, with where each line starts in it: an example is decoded
    in place, never by joining the rest of the page again for every line that opens one."""

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(lines)
        self.starts = [0]
        for line in lines:
            self.starts.append(self.starts[-1] + len(line) + 1)


def gather_example(lines: list[str], start: int, page: PageText) -> tuple[CodeBlock, int]:
    """An example body starting at `start` (a line opening with `{` or `[`): exactly the JSON value
    when it parses, else every line up to the next heading, kept raw. Returns the block and the
    index of the first line after it."""
    begin = page.starts[start]
    try:
        _, stop = json.JSONDecoder().raw_decode(page.text, begin)
    except (ValueError, RecursionError):  # not JSON, an integer past Python's digit limit, or nested too deep
        end = start + 1
        while end < len(lines) and not is_boundary(lines[end]):
            end += 1
        return CodeBlock("\n".join(lines[start:end]), start + 1), end
    body = page.text[begin:stop]
    return CodeBlock(body, start + 1), start + body.count("\n") + 1


def plain_block(line: str, number: int) -> Block | None:
    """A non-table line as a heading or a paragraph (None for a blank line)."""
    text = " ".join(line.split())
    if not text or text == "|":
        return None
    if section_of(text) is not None:
        return Heading(text.lstrip("-").strip(), number)
    return Paragraph(text.lstrip("- ").strip() if text.startswith("- ") else text, number)


TableAt = Callable[[list[str], int, list[Block]], tuple[TableBlock, int] | None]


def read_blocks(lines: list[str], table_at: TableAt) -> tuple[Block, ...]:
    """Walk the lines once: a table where the format's reader finds one (it returns the table and the
    line after it), an example body where a line opens JSON, else a heading or paragraph."""
    blocks: list[Block] = []
    page = PageText(lines)
    i = 0
    while i < len(lines):
        found = table_at(lines, i, blocks)
        if found is not None:
            table, i = found
            blocks.append(table)
            continue
        if lines[i].strip().startswith(("{", "[")):
            code, i = gather_example(lines, i, page)
            blocks.append(code)
            continue
        block = plain_block(lines[i], i + 1)
        if block is not None:
            blocks.append(block)
        i += 1
    return tuple(blocks)
