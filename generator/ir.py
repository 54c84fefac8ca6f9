"""The intermediate representation: plain frozen data passed from one pipeline stage to the next.

Document  what a format's reader saw: headings, paragraphs, tables and code blocks in page order.
Page      what one page documents: the operation, its tables (typed fields), examples, status codes.
The reconciled, canonical model lives in generator.reconcile.model; it is built from Pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.errors import ApigenError

Language = Literal["zh", "en"]
TypeKind = Literal["string", "integer", "number", "boolean", "object", "array", "ref", "any"]
TableRole = Literal[
    "path", "query", "header", "request_body", "response_body", "object", "status_codes", "other"
]
Section = Literal["request", "response", "none"]


def json_kind(value: Any, *, whole_float: Literal["number", "integer"] = "number") -> str:
    """The JSON type of a parsed JSON value. A float with no fraction (`1.0`) is a "number" as a doc's
    example writes it, or an "integer" as JSON Schema counts it (`whole_float="integer"`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return whole_float if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass(frozen=True)
class Provenance:
    """Where a fact was read: the file, its 1-based line, and the table label and row if any."""

    file: str
    line: int
    language: Language
    table: str = ""
    row: int | None = None

    def cite(self) -> str:
        place = f"{self.file}:{self.line}"
        if self.table:
            place += f" ({self.table}" + (f", row {self.row})" if self.row is not None else ")")
        return place


# --- Document: the reader's view ------------------------------------------------------------


@dataclass(frozen=True)
class CellPart:
    """One paragraph or list item of a cell, in reading order: `depth` 0 for a paragraph, n for an item of a
    list nested n deep. An item's text is its own, without the lists nested in it."""

    text: str
    depth: int = 0


@dataclass(frozen=True)
class Cell:
    """One table cell: its text (outside lists), the list items inside it, the link targets it holds, and all
    of it as paragraphs and items in reading order (empty where the reader sees no structure)."""

    text: str
    items: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    parts: tuple[CellPart, ...] = ()


# A page that gives two different tables one name (AS prints the disk's `metadata` and the server's `metadata`)
# has the later ones told apart by the link that names each (bind.py): the name the page gives, this mark, and
# the table's place (its anchor). The mark is in no name a reader gives; `given_name` takes it off again.
PLACE_MARK = "\u00a7"


def placed_name(name: str, place: str) -> str:
    """The name of a table that shares the page's name `name` with another one, told apart by its place."""
    return f"{name}{PLACE_MARK}{place}"


def given_name(name: str) -> str:
    """The name the page gives a table, without the place that tells it from a namesake."""
    return name.split(PLACE_MARK, 1)[0]


def link_fragment(target: str) -> str:
    """The part of a link target that names a place on a page: `page.html#table3` -> `table3`."""
    return target.rsplit("#", 1)[-1].strip()


@dataclass(frozen=True)
class Heading:
    text: str
    line: int
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class CodeBlock:
    text: str
    line: int


@dataclass(frozen=True)
class TableBlock:
    """A table as laid out on the page. `caption` is the label printed above it, if any;
    `anchor` the HTML anchor name in front of it, if any. Link targets are compared by their fragment
    (what follows '#'), as `link_fragment` gives it."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    line: int
    caption: str = ""
    anchor: str = ""
    row_lines: tuple[int, ...] = ()
    anchors: tuple[str, ...] = ()  # every link target that names the table (its own, its caption's)
    caption_terms: tuple[str, ...] = ()  # words the caption emphasizes, its table number aside


Block = Heading | Paragraph | CodeBlock | TableBlock


@dataclass(frozen=True)
class Document:
    path: str
    format: str
    language: Language
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PageClass:
    """What a page is, from its content: `kind` "operation", "shared" (definitions other pages use) or "none"
    (documents no operation); `category` names it ("error codes", "data structures", "index", "change history",
    "permissions", "guide", …); `evidence` says what on the page decided it."""

    kind: Literal["operation", "shared", "none"]
    category: str
    evidence: str


@dataclass(frozen=True)
class PageOutcome:
    """What became of one source file: its class (None when the file could not be loaded), and the problem
    that kept it out of the spec, if any."""

    source: str
    page_class: PageClass | None
    problem: ApigenError | None = None
    title: str = ""  # an index page's title: the name of the section its folder holds


# --- Page: the extractor's view ---------------------------------------------------------------


@dataclass(frozen=True)
class TypeRef:
    """A parameter type as the docs wrote it, parsed once. `ref` names an object type (kind "ref");
    `items` is the element type of an array."""

    kind: TypeKind
    raw: str = ""
    ref: str | None = None
    items: TypeRef | None = None
    format: str | None = None
    values: TypeRef | None = None  # the value type of a map (`Map<String,Integer>`: an object of integers)

    def describe(self) -> str:
        if self.kind == "ref":
            return f"{self.ref} object"
        if self.kind == "array":
            inner = self.items.describe() if self.items else "any"
            return f"array of {inner}"
        if self.kind == "object" and self.values is not None:
            return f"map of {self.values.describe()}"
        return self.kind + (f" ({self.format})" if self.format else "")

    def referenced_name(self) -> str | None:
        """The object type this type points to, directly or as array elements."""
        if self.kind == "ref":
            return self.ref
        if self.kind == "array" and self.items is not None:
            return self.items.referenced_name()
        if self.kind == "object" and self.values is not None:
            return self.values.referenced_name()
        return None


@dataclass(frozen=True)
class Field:
    """One row of a parameter table."""

    name: str
    type: TypeRef
    description: str
    provenance: Provenance
    required: bool | None = None
    enum: tuple[str, ...] = ()
    enum_announced: bool = False
    default: str | None = None
    links: tuple[str, ...] = ()  # link targets its cells point to (`page.html#table3`): the table of its type
    mentions: tuple[str, ...] = ()  # table numbers its cells name ("see Table 5")
    remarks: tuple[str, ...] = ()  # how a cell that is not what its column promises was read


@dataclass(frozen=True)
class Table:
    """A parameter or object table. `name` is the object type it describes (None until bound for
    the unnamed tables of the English web text); `binding` says how that name was found."""

    role: TableRole
    section: Section
    fields: tuple[Field, ...]
    provenance: Provenance
    label: str
    name: str | None = None
    status: str | None = None
    binding: str = ""
    rows: int = 0  # rows the page's table has; every one must become a field (coverage checks it)
    anchors: tuple[str, ...] = ()  # the link targets that reach it (fragments)
    number: str = ""  # its number in the caption ("Table 5"), by which descriptions refer to it


@dataclass(frozen=True)
class Example:
    """An example body. `body` is the parsed JSON, or None when `raw` did not parse."""

    kind: Literal["request", "response"]
    raw: str
    provenance: Provenance
    body: Any = None
    parsed: bool = False
    status: str | None = None
    description: str = ""
    relocated_from: str = ""
    repaired: str = ""  # the slip that kept the printed text from being JSON, repaired to read it
    # why the example is kept but tells no field of its body (it sends the body a level off the one its table and
    # the operation's other pages' examples document: bodies.read_levels), or ""
    aside: str = ""


@dataclass(frozen=True)
class StatusCode:
    code: str
    description: str
    provenance: Provenance


@dataclass(frozen=True)
class ErrorCode:
    """A row of an error-code appendix: the vendor's error code with its HTTP status and texts."""

    code: str
    status: str
    message: str
    description: str
    provenance: Provenance


@dataclass(frozen=True)
class Page:
    source: str
    format: str
    language: Language
    title: str
    summary: str
    method: str
    path: str
    tables: tuple[Table, ...]
    examples: tuple[Example, ...] = ()
    status_codes: tuple[StatusCode, ...] = ()
    anchor: str = ""
    notes: tuple[str, ...] = field(default=())
    kind: Literal["operation", "appendix"] = "operation"
    error_codes: tuple[ErrorCode, ...] = ()
    ignored_tables: tuple[tuple[str, str], ...] = ()  # (table label, why) for tables that document nothing here
    code_tables: tuple[tuple[str, int], ...] = ()  # (label, rows) of status-code and error-code tables
    tables_seen: int = 0  # every table the page holds, whatever became of it

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)
