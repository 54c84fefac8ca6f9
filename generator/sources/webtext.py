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
    """The lines of a page as one text, where each line starts in it, and the next boundary after each line
    (no JSON value crosses one: a heading or a status marker is no JSON). Built once: an example is decoded
    from its own stretch of text, never the rest of the page again for every line that opens one."""

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(lines)
        self.starts = [0]
        for line in lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.next_boundary = [len(lines)] * (len(lines) + 1)
        for i in range(len(lines) - 2, -1, -1):
            self.next_boundary[i] = i + 1 if is_boundary(lines[i + 1]) else self.next_boundary[i + 1]


def gather_example(lines: list[str], start: int, page: PageText) -> tuple[CodeBlock, int]:
    """An example body starting at `start` (a line opening with `{` or `[`): exactly the JSON value
    when it parses, else every line up to the next heading, kept raw. Returns the block and the
    index of the first line after it."""
    end = page.next_boundary[start]
    length = _json_length(page.text, page.starts[start], min(page.starts[end], len(page.text)))
    if length is None:
        return CodeBlock("\n".join(lines[start:end]), start + 1), end
    body = page.text[page.starts[start]:page.starts[start] + length]
    return CodeBlock(body, start + 1), start + body.count("\n") + 1


def _json_length(text: str, begin: int, limit: int) -> int | None:
    """The length of the JSON value (an object or an array) at `begin`, which ends before `limit`; None when
    there is none. Tried on a stretch that doubles until the value fits: the cost is a small multiple of the
    value, or of the stretch up to `limit` when it is no JSON (a failed decode counts lines up to where it
    failed, from the start of what it was given)."""
    size = 256
    while True:
        stop = min(begin + size, limit)
        try:
            return json.JSONDecoder().raw_decode(text[begin:stop])[1]
        except json.JSONDecodeError:
            if stop >= limit:
                return None
            size *= 2  # cut short, or no JSON: a longer stretch tells
        except (ValueError, RecursionError):  # an integer past Python's digit limit, or nested too deep
            return None


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
