"""Document -> Page: read what a page documents from its blocks, whatever format they came from.

The page's sections (URI, request, response, examples, status codes) give each table its role; the
column headers give each cell its meaning; the cells are parsed once into typed Fields."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from generator.classify import classify, request_lines
from generator.errors import ExtractionError
from generator.ir import (
    Cell,
    CellPart,
    CodeBlock,
    Document,
    ErrorCode,
    Example,
    Field,
    Heading,
    Page,
    PageClass,
    Paragraph,
    Provenance,
    Section,
    StatusCode,
    Table,
    TableBlock,
    TableRole,
    TypeRef,
    link_fragment,
)
from generator.jsontext import JsonRefused, loads_within_caps
from generator.reconcile.bodies import body_key, unsent_row
from generator.sources.vocabulary import (
    CAPTION_WORDS,
    FIELD_NAME,
    NAMED_STRUCTURE,
    REQUEST_LINE,
    REQUIRED_WORDS,
    STATUS_MARKER,
    TABLE_MENTION,
    TABLE_NUMBER,
    caption_role,
    column_role,
    section_of,
)
from generator.spelling import slip_between
from generator.typeexpr import (
    announced_enum,
    explicit_enum,
    listed_enum,
    misspelt_scalar,
    parse_type,
    prose_enum,
    stated_default,
    strip_enum_marker,
)

# An HTTP header as pages name one: X-Auth-Token, Content-Type (a capital first, words joined by '-'); a body's
# top key in lower case with '-' (os-extend) is no header.
_HEADER_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BODYLESS = {"GET", "DELETE", "HEAD", "OPTIONS"}
_BODY_ALLOWED = {"DELETE"}  # bodyless by default, yet some APIs send one (batch deletes): a page can show it
_QUOTED = re.compile(r"""^["'“‘](.*)["'”’]$""")
_VERSION = re.compile(r"v\d+(?:\.\d+)*")
# A status code on a line of its own under the status-code heading: a few words at most around the code.
_PROSE_STATUS = re.compile(r"^(?:[^\W\d]+(?:\s+[^\W\d]+){0,3}\s*[:：]?\s*)?(?P<code>[1-5]\d\d)"
                           r"(?:\s+[^\W\d]+(?:\s+[^\W\d]+){0,5})?\s*[.。]?$")

# "If the operation succeeds, 202 Accepted is returned.", "操作成功返回202": a sentence of the status section that
# names one success status. A sentence naming several ("2xx, for example, 200, 202, or 204") says which range
# succeeds, not which status this operation answers: it names none.
_SUCCESS_WORD = re.compile(r"succe|成功|正常", re.I)
_SUCCESS_CODE = re.compile(r"(?<![\w.])2\d\d(?![\w.])")


def success_sentence_status(text: str) -> str | None:
    """The one 2xx status a success sentence names, or None."""
    if not _SUCCESS_WORD.search(text) or re.search(r"2xx", text, re.I):
        return None
    found = set(_SUCCESS_CODE.findall(text))
    return found.pop() if len(found) == 1 else None


@dataclass
class _State:
    section: str = "none"
    status: str | None = None
    roots: set[tuple[str, str | None]] = field(default_factory=set)
    last_text: str = ""
    awaiting_body: bool = False  # an examples section showed a request line whose body comes next
    labels: set[str] = field(default_factory=set)  # the table labels given so far: each names one table
    foreign: str = ""  # the other operation the examples show now ("POST /v1/{}/publicips"), if any
    notes: list[str] = field(default_factory=list)  # what was read and not used, and why


def extract(doc: Document) -> Page:
    """Read one Document into a Page (the first operation, if the page states several request lines);
    raises ExtractionError naming the file and line, also for a page that documents no operation."""
    page_class = classify(doc)
    pages = extract_pages(doc, page_class)
    if not pages:
        raise ExtractionError(doc.path, "1", f"documents no operation ({page_class.category}: "
                                             f"{page_class.evidence})")
    return pages[0]


def extract_pages(doc: Document, page_class: PageClass) -> list[Page]:
    """The Pages a Document holds, as its class says: none for a page that documents no operation, one
    shared-definition page, or one operation page per distinct request line (method and path template)."""
    if page_class.kind == "none":
        return []
    lines = list(request_lines(doc)) if page_class.kind == "operation" else []
    base = _read(doc, page_class, lines[0] if lines else None)
    if base.kind != "operation":
        return [base]
    pages: list[Page] = []
    seen: set[tuple[str, str]] = set()
    templates = {(method, _path_of(url)) for _, method, url in lines}
    for line, method, url in lines:
        path = _path_of(url)
        if (method, path) in seen or any(m == method and fills(t, path) for m, t in templates):
            continue  # said again, or an example of a line the page states ("Example: GET .../v1/b27.../fl")
        seen.add((method, path))
        pages.append(_as_operation(base, method, url, line, doc))
    return pages


def fills(template: str, path: str) -> bool:
    """Whether `path` is `template` with example values in its {parameters}: the request line of an example
    (`/v1/b2782e67.../fl/flow_logs` for `/v1/{project_id}/fl/flow_logs`), not another operation. Every
    parameter holds a value, each with a digit in it as identifiers and numbers have (a word, `/servers/detail`
    beside `/servers/{server_id}`, is another resource), and every other segment is the same."""
    ours, theirs = template.strip("/").split("/"), path.strip("/").split("/")
    if "{" in path or "{" not in template or len(ours) != len(theirs):
        return False
    return all(a == b or (a.startswith("{") and a.endswith("}") and any(c.isdigit() for c in b))
               for a, b in zip(ours, theirs, strict=True))


def _read(doc: Document, page_class: PageClass, first: tuple[int, str, str] | None) -> Page:
    """The page as read: its tables, examples and status codes; `first` is its first request line."""
    title = ""
    anchor = ""
    summary = ""
    if page_class.kind == "operation" and first is None:
        raise ExtractionError(doc.path, "1", f"an operation page with no request line ('GET /v3/{{project_id}}/…'): "
                                             f"{page_class.evidence}")
    method, url = (first[1], first[2]) if first else ("", "")
    path = _path_of(url)
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
            shown = _paragraph_example(doc, block) if not method and isinstance(block, Paragraph) else None
            if shown is not None:
                examples.append(shown)
                continue
            marker = STATUS_MARKER.match(text)
            if marker:
                state.status = marker.group("en") or marker.group("zh")
                state.last_text = ""
                continue
            section = section_of(text, heading=isinstance(block, Heading))
            if section == "uri_params" and state.section == "response":
                section = "response"  # "参数说明" under 响应 introduces the response's parameters, not the URI's
            if section is not None:
                state.section, state.status, state.last_text = section, None, ""
                if isinstance(block, Heading):
                    state.foreign = ""  # another operation's example ends where a section heading begins
                continue
            if REQUEST_LINE.match(text) and state.section not in ("request_example", "response_example"):
                continue
            prose_status = _PROSE_STATUS.match(text) if state.section == "status_codes" else None
            if prose_status:
                # "204", "Normal 204", "Normal: 200": a status code written as a line, not in a table
                codes.append(StatusCode(prose_status.group("code"), text,
                                        Provenance(doc.path, block.line, doc.language, "status code line")))
                continue
            success = success_sentence_status(text) if state.section == "status_codes" and method else None
            if success:
                codes.append(StatusCode(success, text,
                                        Provenance(doc.path, block.line, doc.language, "status code sentence")))
            if state.section == "function" and not summary:
                summary = text
            state.last_text = text
        elif isinstance(block, TableBlock):
            if state.section == "end":
                seen += 1
                ignored.append((block.caption or f"table at line {block.line}", "after the end of the page"))
                continue
            seen += 1
            table = _table(doc, block, state)
            if table.role == "status_codes":
                code_tables.append((table.label, len(block.rows)))
            if table.role == "status_codes" and "error_code" in [column_role(h) for h in block.header]:
                error_codes.extend(_error_codes(doc, block, table.label))
            elif table.role == "status_codes":
                codes.extend(_status_codes(doc, block, table.label))
            elif table.role != "other":
                tables.append(table)
            else:
                ignored.append((table.label, "no parameter/type columns: " + " | ".join(block.header)))
        elif isinstance(block, CodeBlock):
            example = _example(doc, block, state, method, path)
            if example is not None:
                examples.append(example)
    if not method:
        # A shared definition: the service's status codes, error codes, or tables other pages point to.
        return Page(source=doc.path, format=doc.format, language=doc.language, title=title, summary=summary,
                    method="", path="", tables=tuple(replace(t, role="object") for t in tables),
                    status_codes=tuple(codes), kind="appendix", error_codes=tuple(error_codes),
                    examples=tuple(examples) if error_codes else (),  # the error body an error-code page shows
                    ignored_tables=tuple(ignored), code_tables=tuple(code_tables), tables_seen=seen)
    # The page as read, before any request line is applied: each line makes its operation from this.
    return Page(source=doc.path, format=doc.format, language=doc.language, title=title, summary=summary,
                method=method, path=path, tables=tuple(tables), examples=tuple(examples),
                status_codes=tuple(codes), anchor=anchor, notes=tuple(state.notes), error_codes=tuple(error_codes),
                ignored_tables=tuple(ignored), code_tables=tuple(code_tables), tables_seen=seen)


def _as_operation(base: Page, method: str, url: str, line: int, doc: Document) -> Page:
    """The page as the operation of one request line: its method and path template (which tell path from
    query parameters), what the method makes of its tables and examples, and the query parameters the line
    writes out (`GET /v2/zones?type={type}&limit={limit}`) that no table lists."""
    path, written = request_template(url)
    body_keys = frozenset() if method in _BODYLESS else frozenset(
        k for e in base.examples if e.kind == "request" and isinstance(e.body, dict) for k in e.body)
    tables = _one_body([part for t in base.tables for part in _split_params(t, path, body_keys)])
    if method in _BODYLESS:
        # What a GET page calls its request parameters (no body, no caption saying so) are query parameters;
        # on a DELETE page, unless its request example sends every one of them as a JSON body (IMS "批量删除镜像成员").
        sent = _example_body_keys(base.examples) if method in _BODY_ALLOWED else frozenset()
        tables = [replace(t, role="query") if t.role == "request_body" and "body" not in t.label.lower()
                  and not any(t.name for t in tables if t.section == "request")
                  and not (t.fields and {f.name for f in t.fields} <= sent) else t for t in tables]
    success = _primary_success(list(base.status_codes))
    tables = [replace(t, status=t.status or success) if t.section == "response" else t for t in tables]
    examples = _place_examples(list(base.examples), method, tables, success)
    listed = {f.name for t in tables if t.role in ("path", "query") for f in t.fields}
    query = [name for name in written if name not in listed]
    if query:
        label = "request line"
        prov = Provenance(doc.path, line, doc.language, label)
        fields = tuple(Field(name=name, type=TypeRef(kind="string", raw=""), description="",
                             provenance=Provenance(doc.path, line, doc.language, label, i + 1))
                       for i, name in enumerate(query))
        tables.append(Table("query", "request", fields, prov, label, rows=len(fields)))
    return replace(base, method=method, path=path, tables=tuple(tables), examples=tuple(examples))


def _query_names(url: str) -> list[str]:
    """The parameter names a request line's query string writes out (`?type={type}&limit=10`)."""
    query = url.split("?", 1)[1] if "?" in url else ""
    names: dict[str, None] = {}
    for part in query.split("&"):
        name = part.split("=", 1)[0].strip()
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-:\[\]]*", name):
            names.setdefault(name, None)
    return list(names)


def _path_of(url: str) -> str:
    return request_template(url)[0]


_EXPRESSION = re.compile(r"\{(?P<op>[+#./;?&]?)(?P<names>[^{}]*)\}")


def request_template(url: str) -> tuple[str, list[str]]:
    """A request line's URL as an OpenAPI path template and the query parameters it writes out. URI-template
    syntax is read for what it means (RFC 6570): `{?a,b}`/`{&c}` are query parameters, `{+x}`, `{/x}`, `{x*}`,
    `{x:3}` are the path parameter x; a name used twice is numbered (`{id}`, `{id_2}`) since a path cannot hold
    two parameters of one name."""
    if "://" in url:
        parts = urlsplit(url.replace("{", "%7B").replace("}", "%7D"))
        url = parts.path.replace("%7B", "{").replace("%7D", "}") + ("?" + parts.query.replace("%7B", "{").replace(
            "%7D", "}") if parts.query else "")
    query: list[str] = []
    seen: dict[str, int] = {}

    def names_of(match: re.Match[str]) -> list[str]:
        return [re.split(r"[:*]", n.strip(), maxsplit=1)[0] for n in match.group("names").split(",") if n.strip()]

    def lift_query(match: re.Match[str]) -> str:
        if match.group("op") in ("?", "&"):
            query.extend(names_of(match))
            return ""
        return match.group(0)

    def rewrite(match: re.Match[str]) -> str:
        names = names_of(match)
        placed = []
        for name in names or ["param"]:
            seen[name] = seen.get(name, 0) + 1
            placed.append("{" + (name if seen[name] == 1 else f"{name}_{seen[name]}") + "}")
        return "/".join(placed)

    path, _, written = _EXPRESSION.sub(lift_query, url).partition("?")
    path = _EXPRESSION.sub(rewrite, path)
    query += _query_names("?" + written) if written else []
    return path, list(dict.fromkeys(query))


def _primary_success(codes: list[StatusCode]) -> str:
    success = sorted(c.code for c in codes if c.code.startswith("2"))
    return success[0] if success else "200"


def _table(doc: Document, block: TableBlock, state: _State) -> Table:
    roles = [column_role(h) for h in block.header]
    label = block.caption or f"table at line {block.line}"
    if label in state.labels:  # "Parameter description" above three tables: each label names one table
        label = f"{label} (line {block.line})"
    state.labels.add(label)
    prov = Provenance(doc.path, block.line, doc.language, label)
    section: Section = "response" if state.section in ("response",) else (
        "request" if state.section in ("request", "uri", "uri_params") else "none")
    if "status" in roles:
        return Table("status_codes", "none", (), prov, label)
    if "name" not in roles or not {"type", "required"} & set(roles):
        return Table("other", section, (), prov, label)  # a name column alone is a list, not parameters
    fields = tuple(_field(doc, block, roles, index, label) for index in range(len(block.rows)))
    name = _caption_name(block.caption, block.caption_terms)
    role: TableRole
    caption = caption_role(block.caption) if block.caption else None
    if caption == "response_body":
        section = "response"
    if caption == "params" and section == "response":
        caption = None  # "响应样例的参数说明" under 响应: the response's own table, told by its section as any other
    if caption == "params" and name is None:
        role = "path"
    elif caption is not None and caption != "params":
        role = caption  # type: ignore[assignment]
    elif name is not None:
        role = "object"
    elif section == "request" and fields and all(_HEADER_NAME.match(f.name) and f.type.kind in ("string", "any")
                                                 for f in fields):
        role = "header"  # X-Auth-Token, Content-Type: headers, wherever the page prints them
    elif state.section in ("uri", "uri_params"):
        role = "path"
    elif section in ("request", "response"):
        key = (section, state.status)
        role = "object" if key in state.roots else ("request_body" if section == "request" else "response_body")
    else:
        role = "other"
    if role in ("request_body", "response_body"):
        state.roots.add((section, state.status))
    binding = "caption" if name else ""
    numbered = TABLE_NUMBER.match(block.caption)
    return Table(role, section, fields, prov, label, name=name, status=state.status if section == "response" else None,
                 binding=binding, rows=len(block.rows), anchors=tuple(link_fragment(a) for a in block.anchors),
                 number=numbered.group("num") if numbered else "")


def _caption_name(caption: str, terms: tuple[str, ...] = ()) -> str | None:
    """The object type, or the field, a caption names: `表 4 CheckpointCreate`, `表3 checkpoint_item
    字段数据结构说明`, `Description of the **tags** field`, `Parameters in the **os-extend** field`: a caption
    that names a table's role names no type; one word it emphasizes, shaped like a name, is the name."""
    # "recordsets参数说明", "links对象参数说明": a field's name before the words that would otherwise make the
    # caption a parameter table's names the field's structure (a URI table's caption names no field)
    if not caption or caption_role(caption) not in (None, "params"):
        return None
    emphasized = {t for t in terms if FIELD_NAME.fullmatch(t)}  # a name set in bold is a name, whatever word
    if len(emphasized) == 1:
        return emphasized.pop()
    named = NAMED_STRUCTURE.search(caption)
    if named:
        name = named.group("name") or named.group("en") or named.group("lower")
        return name if name.lower() not in CAPTION_WORDS else None
    numbered = TABLE_NUMBER.match(caption)
    rest = numbered.group("rest").strip() if numbered else caption.strip()
    # "Table 9 Flavor" names a type; "Table 1 Parameters" only says what a table is
    return rest if _IDENT.match(rest) and rest.lower() not in CAPTION_WORDS else None


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
    # A table with no Type column (`Parameter | Mandatory | Description`) types nothing: its fields are `any`
    # until something else (the wire convention for parameters, an example) says more.
    type_text = cells["type"].text if "type" in cells else ""
    if "type" in cells and not type_text.strip():
        raise ExtractionError(doc.path, str(line), f"row {index + 1} of {label} ({name}) has an empty type cell")
    required: bool | None = None
    remarks: list[str] = []
    description_cell = cells.get("description", Cell(""))
    parts = _reading(description_cell)
    text = " ".join(part.text for part in parts)
    if "required" in cells:
        said = " ".join(cells["required"].text.split())
        word = said.lower().rstrip(".")
        if word in REQUIRED_WORDS:
            required = REQUIRED_WORDS[word]
        elif type_text.strip().lower() in REQUIRED_WORDS and parse_type(said).kind not in ("any", "ref"):
            # The row's Type and Mandatory cells are swapped ("count | No | Integer"): each read as what it holds.
            required, type_text = REQUIRED_WORDS[type_text.strip().lower()], said
            remarks.append(f"the Type cell says '{cells['type'].text.strip()}' and the Mandatory cell '{said}': "
                           "read the other way round")
        elif said:
            # A condition ("Mandatory for replace and add"): not required; the condition stays in the description.
            text = f"{text} (Mandatory: {said})".strip()
            remarks.append(f"the Mandatory cell states a condition, '{said}': read as not required")
            required = False
    type_ref = parse_type(type_text)
    scalar = misspelt_scalar(type_text) if type_ref.kind == "ref" else None
    if scalar is not None:
        remarks.append(f"the Type cell says '{type_text.strip()}', a type word with one letter wrong: read as "
                       f"{scalar}")
        type_ref = parse_type(scalar)
    pointers = [cells[r] for r in ("type", "description") if r in cells]
    enum = _typed_enum(listed_enum(parts) or explicit_enum(text) or _stated_enum(parts, name),
                       type_ref.kind)
    return Field(
        name=name,
        type=type_ref,
        description=_description(text, parts, enum),
        provenance=Provenance(doc.path, line, doc.language, label, index + 1),
        required=required,
        enum=enum,
        enum_announced=announced_enum(text),
        default=stated_default(text),
        links=tuple(dict.fromkeys(link.strip() for cell in pointers for link in cell.links if link.strip())),
        mentions=tuple(dict.fromkeys(m for cell in pointers for m in TABLE_MENTION.findall(cell.text))),
        remarks=tuple(remarks),
    )


def _reading(cell: Cell) -> tuple[CellPart, ...]:
    """A description cell as paragraphs and list items in reading order: its items are part of what it says
    (a cell that is all bullets says everything in them). A reader that sees no structure gives its text,
    then its items."""
    if cell.parts:
        return cell.parts
    return tuple([CellPart(cell.text)] if cell.text else []) + tuple(CellPart(item, 1) for item in cell.items)


# A list item that opens with another field's name ("hw_firmware_type: specifies the boot mode. The value can
# be bios or uefi") describes that field.
_NAMED_ITEM = re.compile(r"^(?P<name>[a-z_][A-Za-z0-9_:.\-]*)\s*[:：]\s")


def _stated_enum(parts: tuple[CellPart, ...], name: str) -> tuple[str, ...]:
    """Values a paragraph or item names in prose, read one paragraph at a time: a list ends where its
    paragraph does ("取值范围：ACTIVE,UNKNOWN,ERROR" is followed by a paragraph explaining each). An item that
    opens with another field's name speaks of that field (the attributes a JSON patch `path` may name), not
    of this one."""
    return next((values for part in parts if not _about_another(part, name) and (values := prose_enum(part.text))),
                ())


def _about_another(part: CellPart, name: str) -> bool:
    label = _NAMED_ITEM.match(part.text) if part.depth else None
    return label is not None and label.group("name") != name


def _description(text: str, parts: tuple[CellPart, ...], enum: tuple[str, ...]) -> str:
    """The description without what the enum now says: an item that is a bare value ("available") goes, an
    item that explains one ("true: the rule is enabled") stays; so does everything after the cell's parts
    (a condition the Mandatory cell stated)."""
    reading = " ".join(part.text for part in parts)
    kept = " ".join(part.text for part in parts if not (part.depth and part.text in enum))
    text = kept + text[len(reading):] if text.startswith(reading) else text
    return strip_enum_marker(text) if announced_enum(text) else text


def _typed_enum(values: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """Enum values only make sense for strings and integers ("取值为True或者False" on a Boolean is
    just prose). A value printed in quotes (`"true"`) is the value without them."""
    values = tuple(dict.fromkeys(_QUOTED.sub(r"\1", v.strip()) for v in values))
    if kind == "string":
        return values
    if kind == "integer" and all(re.fullmatch(r"-?\d+", v) for v in values):
        return values
    return ()


def _split_params(table: Table, path: str, body_keys: frozenset[str] = frozenset()) -> list[Table]:
    """A URI table lists path and query parameters together: the path template says which is which. A row
    that is neither, when the method sends a body, is a body field if the request example sends it at the
    top or its type (an object, an array of them) cannot travel in a query string."""
    if table.role != "path":
        return [table]
    in_path = tuple(f for f in table.fields if "{" + f.name + "}" in path)
    rest = [f for f in table.fields if "{" + f.name + "}" not in path]
    in_body = tuple(replace(f, remarks=(*f.remarks, "listed with the URI parameters, sent in the body: read as a "
                                        "body field"))
                    for f in rest if f.name in body_keys or f.type.referenced_name() or f.type.kind == "object")
    in_query = tuple(f for f in rest if all(f.name != b.name for b in in_body))
    out = [replace(table, fields=in_path, rows=len(in_path))] if in_path else []
    if in_query:
        out.append(replace(table, role="query", fields=in_query, rows=len(in_query)))
    if in_body:
        out.append(replace(table, role="request_body", fields=in_body, rows=len(in_body)))
    return out


def _one_body(tables: list[Table]) -> list[Table]:
    """Body fields found in a URI table join the request body table, if the page has one."""
    bodies = [i for i, t in enumerate(tables) if t.role == "request_body"]
    if len(bodies) < 2:
        return tables
    first, *others = bodies
    merged = replace(tables[first], fields=tables[first].fields + tuple(f for i in others for f in tables[i].fields),
                     rows=tables[first].rows + sum(tables[i].rows for i in others))
    return [merged if i == first else t for i, t in enumerate(tables) if i not in others]


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


def _example(doc: Document, block: CodeBlock, state: _State, method: str, path: str) -> Example | None:
    if state.section not in ("request_example", "response_example", "examples") and method:
        return None  # a shared definition's blocks are kept wherever they stand: the error-code page's body
    # a request line may be printed in quotes ("GET https://…/vpcs"): the line all the same, no JSON string
    line = REQUEST_LINE.match(block.text.strip().split("\n", 1)[0].strip().strip('"'))
    if line is not None and path:
        shown = _path_of(line.group("url"))
        # "Step 1: apply for an EIP. POST …/publicips": an example of another operation, and the response
        # printed after it is that operation's too
        state.foreign = "" if _same_template(path, shown) else f"{line.group('method')} {shown}"
    if state.foreign:
        state.notes.append(f"example at line {block.line} belongs to {state.foreign}, another operation: not used")
        return None
    prov = Provenance(doc.path, block.line, doc.language)
    kind: Literal["request", "response"] = "request" if state.section == "request_example" else "response"
    try:
        body, parsed, repaired = _json_body(block.text)
    except JsonRefused as refused:
        # the whole block is measured: its line 1 is the block's
        raise ExtractionError(doc.path, str(block.line + refused.line - 1),
                              f"example refused: {refused.reason}") from None
    if parsed and isinstance(body, str) and REQUEST_LINE.match(body.strip()):
        state.notes.append(f"example at line {block.line} is the request line in quotes: no body")
        return None
    if kind == "request" and parsed and body is None:
        # "GET …\n\nnull" under 请求示例: the request sends no body, and a `null` shows that, nothing more
        state.notes.append(f"request example at line {block.line} is JSON null: the request sends no body")
        return None
    if state.section == "examples":
        # One section for both: a block that starts with a request line is the request (its body, if any,
        # follows the line or comes in the next block when the method sends one); the other blocks are responses.
        starts_with_line = bool(REQUEST_LINE.match(block.text.strip().split("\n", 1)[0].strip()))
        kind = "request" if starts_with_line or state.awaiting_body else "response"
        state.awaiting_body = starts_with_line and not parsed and method not in _BODYLESS
        if starts_with_line and not parsed:
            return None  # the request line alone: nothing to learn from
    description = state.last_text
    state.last_text = ""
    return Example(kind=kind, raw=block.text, provenance=prov, body=body, parsed=parsed,
                   status=state.status if kind == "response" else None, description=description, repaired=repaired)


def _paragraph_example(doc: Document, block: Paragraph) -> Example | None:
    """A shared definition's paragraph that is a whole JSON object (AS prints its error body so:
    `{"error":{"code":"AS.0001","message":"System error."}}`) is an example, as a code block would be."""
    text = block.text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        body, parsed, repaired = _json_body(text)
    except JsonRefused:
        return None  # a paragraph too large to be an example stays prose
    if not (parsed and isinstance(body, dict)):
        return None
    return Example(kind="response", raw=text, provenance=Provenance(doc.path, block.line, doc.language), body=body,
                   parsed=True, repaired=repaired)


def _same_template(template: str, shown: str) -> bool:
    """Whether a request line an example prints (values filled in, or a placeholder of its own) is of the
    operation with this path template: literal segments equal, a template parameter matches any segment."""
    want = [s for s in template.strip("/").split("/") if s]
    got = [s for s in shown.strip("/").split("/") if s]
    if len(want) != len(got):
        return False
    return all(w.startswith("{") or g.startswith("{") or w == g or (_VERSION.fullmatch(w) and _VERSION.fullmatch(g))
               for w, g in zip(want, got, strict=True))  # a sibling version's line (v2 for v3) is a doc slip


def _json_body(text: str) -> tuple[Any, bool, str]:
    """The JSON an example holds: the whole block, or what follows a request line ("POST https://…"); and
    the slip repaired to read it ("" when it is JSON as printed). Raises JsonRefused for JSON over a cap."""
    candidates = [text]
    body = text.lstrip()
    first, newline, rest = body.partition("\n")
    if REQUEST_LINE.match(first.strip()):
        # the request line blanked, not cut: a line JsonRefused names stays the block's line
        candidates.append(text[:len(text) - len(body)] + newline + rest)
    for candidate in candidates:
        try:
            return loads_within_caps(candidate), True, ""
        except json.JSONDecodeError:
            continue
    for candidate in candidates:
        repaired = _without_trailing_commas(candidate)
        if repaired != candidate:
            try:
                return loads_within_caps(repaired), True, "a comma before a closing bracket removed"
            except json.JSONDecodeError:
                continue
    return None, False, ""


def _without_trailing_commas(text: str) -> str:
    """The text without commas that stand right before a `}` or `]` (outside strings): the slip JSON
    examples in the docs make most, and the only one repaired. One pass; a comma is held until the next
    character that is not white space shows whether it closes a bracket."""
    out: list[str] = []
    held: list[str] = []  # a comma and the white space after it, not yet known to stay
    in_string = escaped = False
    for ch in text:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if held:
            if ch.isspace():
                held.append(ch)
                continue
            out.extend(held[1:] if ch in "}]" else held)
            held = []
        if ch == ",":
            held = [ch]
            continue
        out.append(ch)
        in_string = ch == '"'
    out.extend(held)
    return "".join(out)


def _example_body_keys(examples: tuple[Example, ...]) -> frozenset[str]:
    """The top keys of the JSON objects the page's request examples send."""
    return frozenset(k for e in examples if e.kind == "request" and e.parsed and isinstance(e.body, dict)
                     for k in e.body)


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
        if example.kind == "response" and _foreign(example, tables):
            # "Example response: {...} or {"error": {...}}": a body that shares no key with the response table
            # of its status is another response's (an error's), not an example of this one.
            example = replace(example, status="default",
                              relocated_from=f"{example.status} example sharing no key with the {example.status} body")
        placed.append(example)
    return placed


def _foreign(example: Example, tables: list[Table]) -> bool:
    """Whether a response example is another response's: it says nothing the body of its status documents. It
    says something where one top key is a field of the body, or a key whose objects carry the fields of the
    object table a field names; where most of its top keys are the body's fields' names slipped (one slip beside
    other keys is too little: an error's `details` beside `error_code` is no body's `detail`); or where it sends
    the body a level up or down from its table, as the body readings of bodies.py read it (R2-body-key,
    R2-unsent-level)."""
    roots = [t for t in tables if t.role == "response_body" and t.status == example.status]
    root = [f for t in roots for f in t.fields]
    body = example.body
    if not root or not isinstance(body, dict) or not body:
        return False
    if any(_documents(key, value, root, tables, example.status) for key, value in body.items()):
        return False
    slipped = [key for key in body if any(slip_between(key, f.name) for f in root)]
    if 2 * len(slipped) > len(body):
        return False
    return not any(_another_level(t, example, tables) for t in roots)


def _another_level(root: Table, example: Example, tables: list[Table]) -> bool:
    """Whether the example sends the body's table one level off: the table's fields under one top key it does not
    list (bodies.body_key), or in the place of the table the object of one of its rows (bodies.unsent_row)."""
    def table_of(name: str) -> Table | None:
        return next((t for t in tables if t.role == "object" and t.name == name and t.section == root.section
                     and (t.status or None) == (root.status or None)), None)
    return body_key(root, [example]) is not None \
        or unsent_row(root, [(example.provenance.cite(), example.body)], table_of) is not None


def _documents(key: str, value: Any, root: list[Field], tables: list[Table], status: str | None) -> bool:
    """Whether an example's top key is one the body's table documents: one of its fields, or a key whose objects
    carry the fields of the object table a field of the body names (a field under another name)."""
    if any(key == f.name for f in root):
        return True
    objects = [o for o in (value if isinstance(value, list) else [value]) if isinstance(o, dict)]
    if not objects:
        return False
    for f in root:
        ref = f.type.referenced_name()
        fields = {g.name for t in tables if ref and t.role == "object" and t.name == ref
                  and t.section == "response" and t.status in (status, None) for g in t.fields}
        if fields and all(_carries(set(o), fields) for o in objects):
            return True
    return False


# Objects that share fewer keys with a table than this are not read as its objects: an error body's `code` and
# `message` are in many tables.
_MIN_SHARED = 3


def _carries(keys: set[str], fields: set[str]) -> bool:
    """An object carries a table's fields when it shares three or more with it, half of the two together."""
    shared = len(keys & fields)
    return shared >= _MIN_SHARED and shared * 2 >= len(keys | fields)
