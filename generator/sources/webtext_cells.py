"""Reader for web text with one cell per line (Huawei's older Chinese pages, seed 002): a caption and
the first header cell share a line (`表3 checkpoint_item 字段数据结构说明 参数`), every other cell is
a line of its own, and a description may run over several lines."""

from __future__ import annotations

import re

from generator.ir import Block, Cell, Document, Language, TableBlock
from generator.sources.vocabulary import REQUIRED_WORDS, TABLE_NUMBER, column_role, section_of
from generator.sources.webtext import is_boundary, read_blocks
from generator.typeexpr import parse_type

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_STATUS = re.compile(r"^\d{3}$")
# A type cell's shape: words (`Array of String`), one of them maybe `<T>`. Each word is its own repetition:
# an optional "of" inside the repetition would let "of of of … !" be split 2^n ways before failing.
_TYPE_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:\s*<\s*[A-Za-z0-9_]+\s*>)?(?:\s+[A-Za-z0-9_]+)*$")


def read(path: str, text: str, language: Language) -> Document:
    lines = [line.strip() for line in text.split("\n")]
    return Document(path=path, format="webtext_cells", language=language, blocks=read_blocks(lines, _table_at))


def _table_at(lines: list[str], i: int, blocks: list[Block]) -> tuple[TableBlock, int] | None:
    header = _header_at(lines, i)
    if header is None:
        return None
    caption, columns = header
    if not caption and blocks and _is_caption(blocks[-1]):
        caption = getattr(blocks[-1], "text", "")
    return _read_table(lines, i, caption, columns)


def _is_caption(block: Block) -> bool:
    text = getattr(block, "text", "")
    return bool(TABLE_NUMBER.match(text)) or text.endswith("说明")


def _header_at(lines: list[str], i: int) -> tuple[str, list[str]] | None:
    """(caption, column headers) when a table header starts at line i."""
    first = lines[i]
    caption = ""
    word = first
    if column_role(first) is None:
        head, _, last = first.rpartition(" ")
        if not head or column_role(last) != "name":
            return None
        caption, word = head.strip(), last
    columns = [word]
    j = i + 1
    while j < len(lines) and column_role(lines[j]) is not None and len(columns) < 4:
        columns.append(lines[j])
        j += 1
    roles = [column_role(c) for c in columns]
    if roles[0] == "name" and "type" in roles:
        return caption, columns
    if roles[0] == "status" and "description" in roles:
        return caption, columns
    return None


def _read_table(lines: list[str], start: int, caption: str, columns: list[str]) -> tuple[TableBlock, int]:
    roles = [column_role(c) for c in columns]
    rows: list[tuple[Cell, ...]] = []
    row_lines: list[int] = []
    i = start + len(columns)
    while i < len(lines) and _row_starts(lines, i, roles):
        cells = [lines[i + k] for k in range(len(roles) - 1)]
        row_lines.append(i + 1)
        i += len(roles) - 1
        description: list[str] = []
        # A heading word can be a whole description ("错误码"): the first line after the cells is
        # the description unless a new row, a bullet or a caption starts there.
        while i < len(lines) and not _row_starts(lines, i, roles) and not _table_over(lines, i, not description):
            description.append(lines[i])
            i += 1
        rows.append(tuple(Cell(text=c) for c in cells) + (Cell(text=" ".join(description)),))
    table = TableBlock(header=tuple(columns), rows=tuple(rows), line=start + 1, caption=caption,
                       row_lines=tuple(row_lines))
    return table, i


def _table_over(lines: list[str], i: int, first_description_line: bool) -> bool:
    line = lines[i]
    return (line.startswith("- ") or bool(TABLE_NUMBER.match(line))
            or (is_boundary(line) and not first_description_line) or _header_at(lines, i) is not None)


def _row_starts(lines: list[str], i: int, roles: list[str | None]) -> bool:
    """A row starts where a name-shaped line is followed by cells of the right shape."""
    if i + len(roles) - 2 >= len(lines):
        return False
    if roles[0] == "status":
        return bool(_STATUS.match(lines[i]))
    if not _NAME.match(lines[i]) or section_of(lines[i]) is not None:
        return False
    for offset, role in enumerate(roles[1:-1], start=1):
        cell = lines[i + offset]
        if role == "required" and cell.lower() not in REQUIRED_WORDS:
            return False
        if role == "type" and (not _TYPE_SHAPE.match(cell) or parse_type(cell).kind == "any"):
            return False
    return True
