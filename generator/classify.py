"""What a page is, told from its content: an operation page, a shared definition other pages rely on, or a
page that documents no operation.

Every page of a whole reference gets a class before anything tries to read it as an operation, so an index
page or a change history is skipped with its class (and counted), never reported as a broken operation page.
The evidence is what the page holds, never its file name or place in the folder:

- operation: a request line (`POST /v2/zones`, `GET https://{endpoint}/v3/…`) written as a line of its own,
  outside the example sections;
- shared definition: no request line, but tables that others use — status codes, error codes, or parameter
  tables (a name and a type column: data structures, common parameters, shared response bodies);
- no operation: the rest, named by what they hold — a permission/supported-action table, a change history
  (a heading or a table of release dates), an index (headings and links only), or a guide (prose, overviews,
  how-tos)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.ir import Block, CodeBlock, Document, Heading, PageClass, Paragraph, TableBlock
from generator.sources.vocabulary import REQUEST_LINE, column_role, section_of

_EXAMPLE_SECTIONS = ("request_example", "response_example", "examples")
# A URI heading only an operation page has; "Request"/"Example request" sections also stand on pages of common
# parameters (pagination, sorting), which are shared definitions.
_OPERATION_SECTIONS = ("uri",)
# Column headers of permission / supported-action tables (IAM policy pages), English and Chinese.
_PERMISSION_COLUMNS = re.compile(r"^(?:permission|action|actions|dependencies|dependent permission|"
                                 r"related action|iam project.*|enterprise project.*|权限|授权项.*|"
                                 r"依赖的授权项|iam项目.*|企业项目.*)$", re.I)
# A column of dates, or a heading that names a change history.
_HISTORY_COLUMNS = re.compile(r"^(?:released on|release date|date|发布日期|修订日期|日期)$", re.I)
_HISTORY_HEADING = re.compile(r"^(?:change history|revision history|document change history|修订记录|变更历史)$", re.I)


def request_lines(doc: Document) -> Iterator[tuple[int, str, str]]:
    """The request lines a page states for itself: (line, method, URL) of every heading or paragraph that is
    exactly a method and a URL, and of a code block under the URI heading that holds one (alone on its first
    line), outside the example sections (where a request line is an example's)."""
    section = "none"
    for block in doc.blocks:
        if isinstance(block, CodeBlock):
            first = block.text.strip().split("\n", 1)[0].strip()
            match = REQUEST_LINE.match(first) if section in ("uri", "uri_params") else None
            if match:
                yield block.line, match.group("method"), match.group("url")
            continue
        if not isinstance(block, Heading | Paragraph):
            continue
        opened = section_of(block.text, heading=isinstance(block, Heading))
        if opened is not None:
            section = opened
            continue
        if section in _EXAMPLE_SECTIONS:
            continue
        match = REQUEST_LINE.match(block.text)
        if match:
            yield block.line, match.group("method"), match.group("url")


def classify(doc: Document) -> PageClass:
    first = next(request_lines(doc), None)
    if first is not None:
        return PageClass("operation", "operation", f"request line {first[1]} {first[2]} at line {first[0]}")
    shape = next((b for b in doc.blocks if isinstance(b, Heading)
                  and section_of(b.text) in _OPERATION_SECTIONS), None)
    if shape is not None:
        # The headings of an operation page with no request line: a page that lost its line is reported as
        # failed, never taken for a page of shared definitions
        return PageClass("operation", "operation", f"heading '{shape.text}' at line {shape.line} opens a section of "
                         "an operation page, but the page states no request line")
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    roles = [{column_role(h) for h in t.header} for t in tables]
    if any("error_code" in r for r in roles):
        return PageClass("shared", "error codes", _table_evidence(tables, roles, "error_code"))
    if any("status" in r for r in roles):
        return PageClass("shared", "status codes", _table_evidence(tables, roles, "status"))
    if any({"name", "type"} <= r for r in roles):
        return PageClass("shared", "data structures", _table_evidence(tables, roles, "type"))
    for table in tables:
        header = [" ".join(h.split()) for h in table.header]
        if sum(1 for h in header if _PERMISSION_COLUMNS.match(h)) >= 2:
            return PageClass("none", "permissions", f"permission table at line {table.line}: {' | '.join(header)}")
    for block in doc.blocks:
        if isinstance(block, Heading) and _HISTORY_HEADING.match(block.text.strip()):
            return PageClass("none", "change history", f"heading '{block.text}' at line {block.line}")
        if isinstance(block, TableBlock) and any(_HISTORY_COLUMNS.match(" ".join(h.split())) for h in block.header):
            return PageClass("none", "change history", f"table of dates at line {block.line}")
    if not tables and not any(isinstance(b, CodeBlock) for b in doc.blocks) and _headings_and_links(doc.blocks):
        return PageClass("none", "index", "headings and short lines only (a table of contents): no table, no code, "
                         "no request line")
    what = f"{len(tables)} table(s) without parameter, status or error columns" if tables else "prose only"
    return PageClass("none", "guide", f"no request line; {what}")


def _table_evidence(tables: list[TableBlock], roles: list[set[str | None]], role: str) -> str:
    table = next(t for t, r in zip(tables, roles, strict=True) if role in r)
    return f"table at line {table.line}: {' | '.join(' '.join(h.split()) for h in table.header)}"


def _headings_and_links(blocks: tuple[Block, ...]) -> bool:
    """An index page: besides its headings, only short lines (the entries of a table of contents, their
    link markup gone); a sentence of prose makes it a guide."""
    return all(len(b.text) <= 150 for b in blocks if isinstance(b, Paragraph))
