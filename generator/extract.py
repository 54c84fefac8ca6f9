"""Document -> Page: read what a page documents from its blocks, whatever format they came from.

The page's sections (URI, request, response, examples, status codes) give each table its role; the
column headers give each cell its meaning; the cells are parsed once into typed Fields."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from generator.errors import ExtractionError
from generator.ir import (
    Cell,
    CodeBlock,
    Document,
    ErrorCode,
    Example,
    Field,
    Heading,
    Page,
    Paragraph,
    Provenance,
    Section,
    StatusCode,
    Table,
    TableBlock,
    TableRole,
)
from generator.sources.vocabulary import (
    NAMED_STRUCTURE,
    REQUEST_LINE,
    REQUIRED_WORDS,
    STATUS_MARKER,
    TABLE_NUMBER,
    caption_role,
    column_role,
    section_of,
)
from generator.typeexpr import (
    announced_enum,
    explicit_enum,
    parse_type,
    prose_enum,
    stated_default,
    strip_enum_marker,
)

_HEADER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BODYLESS = {"GET", "DELETE", "HEAD", "OPTIONS"}


@dataclass
class _State:
    section: str = "none"
    status: str | None = None
    roots: set[tuple[str, str | None]] = field(default_factory=set)
    last_text: str = ""


def extract(doc: Document) -> Page:
    """Read one Document into a Page; raises ExtractionError naming the file and line."""
    title = ""
    anchor = ""
    summary = ""
    method = path = ""
    tables: list[Table] = []
    examples: list[Example] = []
    codes: list[StatusCode] = []
    error_codes: list[ErrorCode] = []
    ignored: list[tuple[str, str]] = []
    code_tables: list[tuple[str, int]] = []
    seen = 0
    state = _State()
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            text = block.text
            if not title:
                title, anchor = text, getattr(block, "anchor", "")
                continue
            marker = STATUS_MARKER.match(text)
            if marker:
                state.status = marker.group("en") or marker.group("zh")
                state.last_text = ""
                continue
            section = section_of(text)
            if section is not None:
                state.section, state.status, state.last_text = section, None, ""
                continue
            request_line = REQUEST_LINE.match(text)
            if request_line and not method and state.section in ("uri", "none", "function"):
                method, path = request_line.group("method"), _path_of(request_line.group("url"))
                continue
            if state.section == "function" and not summary:
                summary = text
            state.last_text = text
        elif isinstance(block, TableBlock):
            if state.section == "end":
                seen += 1
                ignored.append((block.caption or f"table at line {block.line}", "after the end of the page"))
                continue
            seen += 1
            table = _table(doc, block, state, path)
            if table.role == "status_codes":
                code_tables.append((table.label, len(block.rows)))
            if table.role == "status_codes" and "error_code" in [column_role(h) for h in block.header]:
                error_codes.extend(_error_codes(doc, block, table.label))
            elif table.role == "status_codes":
                codes.extend(_status_codes(doc, block, table.label))
            elif table.role != "other":
                tables.extend(_split_params(table, path))
            else:
                ignored.append((table.label, "no parameter/type columns: " + " | ".join(block.header)))
        elif isinstance(block, CodeBlock):
            example = _example(doc, block, state)
            if example is not None:
                examples.append(example)
    if not method and (codes or error_codes) and not tables:
        # An appendix: the service's status codes or error codes, shared by every operation.
        return Page(source=doc.path, format=doc.format, language=doc.language, title=title, summary=summary,
                    method="", path="", tables=(), status_codes=tuple(codes), kind="appendix",
                    error_codes=tuple(error_codes), ignored_tables=tuple(ignored), code_tables=tuple(code_tables),
                    tables_seen=seen)
    if not method:
        raise ExtractionError(doc.path, "1", "no request line ('GET /v3/{project_id}/...') found under URI")
    if not tables and not codes and not examples:
        raise ExtractionError(doc.path, "1", "no parameter table, status code or example found")
    if method in _BODYLESS:
        # What a GET page calls its request parameters (no body, no caption saying so) are query parameters.
        tables = [replace(t, role="query") if t.role == "request_body" and "body" not in t.label.lower()
                  and not any(t.name for t in tables if t.section == "request") else t for t in tables]
    success = _primary_success(codes)
    tables = [replace(t, status=t.status or success) if t.section == "response" else t for t in tables]
    examples = _place_examples(examples, method, tables, success)
    return Page(source=doc.path, format=doc.format, language=doc.language, title=title, summary=summary,
                method=method, path=path, tables=tuple(tables), examples=tuple(examples),
                status_codes=tuple(codes), anchor=anchor, error_codes=tuple(error_codes),
                ignored_tables=tuple(ignored), code_tables=tuple(code_tables), tables_seen=seen)


def _path_of(url: str) -> str:
    if "://" in url:
        parts = urlsplit(url.replace("{", "%7B").replace("}", "%7D"))
        url = parts.path.replace("%7B", "{").replace("%7D", "}")
    return url.split("?")[0]


def _primary_success(codes: list[StatusCode]) -> str:
    success = sorted(c.code for c in codes if c.code.startswith("2"))
    return success[0] if success else "200"


def _table(doc: Document, block: TableBlock, state: _State, path: str) -> Table:
    roles = [column_role(h) for h in block.header]
    label = block.caption or f"table at line {block.line}"
    prov = Provenance(doc.path, block.line, doc.language, label)
    section: Section = "response" if state.section in ("response",) else (
        "request" if state.section in ("request", "uri", "uri_params") else "none")
    if "status" in roles:
        return Table("status_codes", "none", (), prov, label)
    if "name" not in roles or "type" not in roles:
        return Table("other", section, (), prov, label)
    fields = tuple(_field(doc, block, roles, index, label) for index in range(len(block.rows)))
    name = _caption_name(block.caption)
    role: TableRole
    caption = caption_role(block.caption) if block.caption else None
    if caption == "response_body":
        section = "response"
    if caption == "params":
        role = "path"
    elif caption is not None and caption != "params":
        role = caption  # type: ignore[assignment]
    elif name is not None:
        role = "object"
    elif state.section in ("uri", "uri_params"):
        role = "path"
    elif section == "request" and fields and all(_HEADER_NAME.match(f.name) for f in fields):
        role = "header"
    elif section in ("request", "response"):
        key = (section, state.status)
        role = "object" if key in state.roots else ("request_body" if section == "request" else "response_body")
    else:
        role = "other"
    if role in ("request_body", "response_body"):
        state.roots.add((section, state.status))
    binding = "caption" if name else ""
    return Table(role, section, fields, prov, label, name=name, status=state.status if section == "response" else None,
                 binding=binding, rows=len(block.rows))


def _caption_name(caption: str) -> str | None:
    """The object type a caption names: `表 4 CheckpointCreate`, `表3 checkpoint_item 字段数据结构说明`."""
    if not caption:
        return None
    named = NAMED_STRUCTURE.search(caption)
    if named:
        return named.group("name") or named.group("en") or named.group("lower")
    numbered = TABLE_NUMBER.match(caption)
    rest = numbered.group("rest").strip() if numbered else caption.strip()
    return rest if _IDENT.match(rest) and caption_role(caption) is None else None


def _field(doc: Document, block: TableBlock, roles: list[str | None], index: int, label: str) -> Field:
    row = block.rows[index]
    line = block.row_lines[index] if index < len(block.row_lines) else block.line
    cells: dict[str, Cell] = {}
    for role, cell in zip(roles, row, strict=False):
        if role is not None:
            cells.setdefault(role, cell)
    for needed in ("name", "type", "required"):
        if needed in roles and needed not in cells:
            raise ExtractionError(doc.path, str(line), f"row {index + 1} of {label} is truncated: "
                                  f"{len(row)} of {len(block.header)} cells, no '{needed}' cell")
    name = cells["name"].text.strip()
    if not name:
        raise ExtractionError(doc.path, str(line), f"row {index + 1} of {label} has an empty name cell")
    type_text = cells["type"].text
    if not type_text.strip():
        raise ExtractionError(doc.path, str(line), f"row {index + 1} of {label} ({name}) has an empty type cell")
    required: bool | None = None
    if "required" in cells:
        word = cells["required"].text.strip().lower()
        if word not in REQUIRED_WORDS:
            raise ExtractionError(doc.path, str(line), f"row {index + 1} of {label} ({name}): "
                                  f"'{cells['required'].text}' is not a yes/no value")
        required = REQUIRED_WORDS[word]
    description_cell = cells.get("description", Cell(""))
    text = description_cell.text
    enum = tuple(description_cell.items) if announced_enum(text) else ()
    enum = _typed_enum(enum or explicit_enum(text) or prose_enum(text), parse_type(type_text).kind)
    return Field(
        name=name,
        type=parse_type(type_text),
        description=strip_enum_marker(text) if announced_enum(text) else text,
        provenance=Provenance(doc.path, line, doc.language, label, index + 1),
        required=required,
        enum=enum,
        enum_announced=announced_enum(text),
        default=stated_default(text),
    )


def _typed_enum(values: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """Enum values only make sense for strings and integers ("取值为True或者False" on a Boolean is
    just prose)."""
    if kind == "string":
        return values
    if kind == "integer" and all(re.fullmatch(r"-?\d+", v) for v in values):
        return values
    return ()


def _split_params(table: Table, path: str) -> list[Table]:
    """A URI table lists path and query parameters together: the path template says which is which."""
    if table.role != "path":
        return [table]
    in_path = tuple(f for f in table.fields if "{" + f.name + "}" in path)
    in_query = tuple(f for f in table.fields if "{" + f.name + "}" not in path)
    out = [replace(table, fields=in_path, rows=len(in_path))] if in_path else []
    if in_query:
        out.append(replace(table, role="query", fields=in_query, rows=table.rows - len(in_path)))
    return out


def _status_codes(doc: Document, block: TableBlock, label: str) -> list[StatusCode]:
    """Rows of a status-code table; a code written with its reason phrase ("400 Bad Request") counts."""
    roles = [column_role(h) for h in block.header]
    codes = []
    for index, row in enumerate(block.rows):
        line = block.row_lines[index] if index < len(block.row_lines) else block.line
        cells = _by_role(roles, row)
        code = _status_of(doc, cells.get("status", ""), label, line)
        description = cells.get("description") or (row[1].text if len(row) > 1 else "")
        codes.append(StatusCode(code, description, Provenance(doc.path, line, doc.language, label, index + 1)))
    return codes


def _error_codes(doc: Document, block: TableBlock, label: str) -> list[ErrorCode]:
    """Rows of an error-code table. A row whose status is not an HTTP status (a typo in the docs) is kept
    with no status; the report lists it among the gaps."""
    roles = [column_role(h) for h in block.header]
    entries = []
    for index, row in enumerate(block.rows):
        line = block.row_lines[index] if index < len(block.row_lines) else block.line
        cells = _by_role(roles, row)
        match = re.match(r"^(\d{3})\b", cells.get("status", ""))
        entries.append(ErrorCode(code=cells.get("error_code", ""), status=match.group(1) if match else "",
                                 message=cells.get("message", ""), description=cells.get("description", ""),
                                 provenance=Provenance(doc.path, line, doc.language, label, index + 1)))
    return entries


def _by_role(roles: list[str | None], row: tuple[Cell, ...]) -> dict[str, str]:
    cells: dict[str, str] = {}
    for role, cell in zip(roles, row, strict=False):
        if role is not None:
            cells.setdefault(role, cell.text.strip())
    return cells


def _status_of(doc: Document, text: str, label: str, line: int) -> str:
    match = re.match(r"^(\d{3})\b", text)
    if not match:
        raise ExtractionError(doc.path, str(line), f"{label}: '{text}' is not an HTTP status code")
    return match.group(1)


def _example(doc: Document, block: CodeBlock, state: _State) -> Example | None:
    if state.section not in ("request_example", "response_example"):
        return None
    prov = Provenance(doc.path, block.line, doc.language)
    kind: Literal["request", "response"] = "request" if state.section == "request_example" else "response"
    body, parsed = _json_body(block.text)
    description = state.last_text
    state.last_text = ""
    return Example(kind=kind, raw=block.text, provenance=prov, body=body, parsed=parsed,
                   status=state.status if kind == "response" else None, description=description)


def _json_body(text: str) -> tuple[Any, bool]:
    """The JSON an example holds: the whole block, or what follows a request line ("POST https://…")."""
    candidates = [text]
    lines = text.strip().split("\n")
    if lines and REQUEST_LINE.match(lines[0].strip()):
        candidates.append("\n".join(lines[1:]))
    for candidate in candidates:
        try:
            return json.loads(candidate), True
        except json.JSONDecodeError:
            continue
    return None, False


def _place_examples(examples: list[Example], method: str, tables: list[Table], success: str) -> list[Example]:
    """Give status-less response examples the success status, and move a JSON body found under
    'example request' of a body-less method to the responses: such a page shows a response there."""
    has_request_body = any(t.role == "request_body" for t in tables)
    placed = []
    for example in examples:
        if example.kind == "request" and example.parsed and method in _BODYLESS and not has_request_body:
            example = replace(example, kind="response", status=success, relocated_from="request example")
        elif example.kind == "response" and example.status is None:
            example = replace(example, status=success)
        placed.append(example)
    return placed
