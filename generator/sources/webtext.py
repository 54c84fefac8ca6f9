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


def gather_example(lines: list[str], start: int) -> tuple[CodeBlock, int]:
    """An example body starting at `start` (a line opening with `{` or `[`): exactly the JSON value
    when it parses, else every line up to the next heading, kept raw. Returns the block and the
    index of the first line after it."""
    rest = "\n".join(lines[start:])
    try:
        _, consumed = json.JSONDecoder().raw_decode(rest)
    except json.JSONDecodeError:
        end = start + 1
        while end < len(lines) and not is_boundary(lines[end]):
            end += 1
        return CodeBlock("\n".join(lines[start:end]), start + 1), end
    end = start + rest[:consumed].count("\n") + 1
    return CodeBlock(rest[:consumed], start + 1), end


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
    i = 0
    while i < len(lines):
        found = table_at(lines, i, blocks)
        if found is not None:
            table, i = found
            blocks.append(table)
            continue
        if lines[i].strip().startswith(("{", "[")):
            code, i = gather_example(lines, i)
            blocks.append(code)
            continue
        block = plain_block(lines[i], i + 1)
        if block is not None:
            blocks.append(block)
        i += 1
    return tuple(blocks)
