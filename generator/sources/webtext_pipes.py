"""Reader for web text with pipes (Huawei's English pages copied as text, seeds 001 and 004): every
cell is one or more lines, the last ending in ` |`; a `---|---|` line closes the header; a lone `|`
either closes a cell or marks a row start. Nested tables carry no names.

A row starts with its name cell, one word (`status |`, `X-Auth-Token |`, `200 |`): a line of several words
ending in ` |` right after a whole row is more of that row's last cell (a description with a line that ends
in ` |`), not a row of its own."""

from __future__ import annotations

import bisect
import re

from generator.ir import Block, Cell, Document, Language, TableBlock
from generator.sources.webtext import read_blocks

_SEPARATOR = re.compile(r"^\|?(?:\s*-{3,}\s*\|)+\s*$")


def read(path: str, text: str, language: Language) -> Document:
    lines = text.split("\n")
    starts = _table_starts(lines)
    ordered = sorted(starts)

    def table_at(lines: list[str], i: int, _: list[Block]) -> tuple[TableBlock, int] | None:
        if i not in starts:
            return None
        after = bisect.bisect_right(ordered, i)  # where the next table starts bounds this one
        return _read_table(lines, i, starts[i], ordered[after] if after < len(ordered) else len(lines))

    return Document(path=path, format="webtext_pipes", language=language, blocks=read_blocks(lines, table_at))


def _table_starts(lines: list[str]) -> dict[int, int]:
    """Header start line -> index of its separator line, for every `---|` separator."""
    starts: dict[int, int] = {}
    for index, line in enumerate(lines):
        if not _SEPARATOR.match(line.strip()):
            continue
        columns = line.count("---")
        found: list[int] = []
        j = index - 1
        while j >= 0 and len(found) < columns:
            if lines[j].strip() != "|":
                found.append(j)
            j -= 1
        if len(found) == columns and all(lines[k].strip().endswith("|") for k in found):
            starts[found[-1]] = index
    return starts


def _read_table(lines: list[str], start: int, separator: int, limit: int) -> tuple[TableBlock, int]:
    header = tuple(lines[k].strip().rstrip("|").strip() for k in range(start, separator)
                   if lines[k].strip() != "|")
    rows: list[tuple[Cell, ...]] = []
    row_lines: list[int] = []
    current: list[str] = []
    pending: list[str] = []
    row_line = separator + 2
    completed = -1  # the line that completed the last row
    i = separator + 1
    while i < limit:
        stripped = lines[i].strip()
        if stripped == "|":
            if pending:
                current.append(" ".join(pending))
                pending = []
            elif current:
                current.append("")
        elif stripped.endswith("|") and completed == i - 1 and len(stripped[:-1].split()) > 1:
            # more of the last cell of the row just read (a name cell is one word): it ends on this line
            last = rows[-1]
            rows[-1] = (*last[:-1], Cell(text=" ".join(f"{last[-1].text} {stripped[:-1]}".split())))
            completed = i
        elif stripped.endswith("|"):
            if not current and not pending:
                row_line = i + 1
            pending.append(stripped[:-1].strip())
            current.append(" ".join(pending))
            pending = []
        elif not current and not pending:
            break  # a row's first cell (the name) is always one line ending in `|`: the table is over
        else:
            pending.append(stripped)
        if len(current) == len(header):
            rows.append(tuple(Cell(text=" ".join(c.split())) for c in current))
            row_lines.append(row_line)
            current = []
            completed = i
        i += 1
    if pending:
        current.append(" ".join(pending))
    if current:
        rows.append(tuple(Cell(text=" ".join(c.split())) for c in current))
        row_lines.append(row_line)
    table = TableBlock(header=header, rows=tuple(rows), line=start + 1, row_lines=tuple(row_lines))
    return table, i

