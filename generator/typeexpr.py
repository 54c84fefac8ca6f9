"""Turn the words of a doc cell into data: type expressions into TypeRefs, and the enum values and
defaults that descriptions state in lists, in `Enum:[...]`, or in prose."""

from __future__ import annotations

import re

from generator.ir import TypeRef

_SCALARS: dict[str, tuple[str, str | None]] = {
    "string": ("string", None),
    "str": ("string", None),
    "integer": ("integer", None),
    "int": ("integer", "int32"),
    "int32": ("integer", "int32"),
    "long": ("integer", "int64"),
    "int64": ("integer", "int64"),
    "number": ("number", None),
    "float": ("number", "float"),
    "double": ("number", "double"),
    "bigdecimal": ("number", None),
    "boolean": ("boolean", None),
    "bool": ("boolean", None),
    "dict": ("object", None),
    "map": ("object", None),
    "object": ("object", None),
    "json": ("object", None),
    "map<string,string>": ("object", None),
}

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_ARRAY_OF = re.compile(rf"^(?:array|list)\s+of\s+(?P<inner>{_IDENT}(?:<[^>]*>)?)(?:\s+objects?)?$", re.I)
_LIST_GENERIC = re.compile(r"^(?:list|array)\s*<\s*(?P<inner>.+?)\s*>$", re.I)
_BRACKET_ARRAY = re.compile(rf"^(?P<inner>{_IDENT})\s*\[\s*\]$")
_OBJECT = re.compile(rf"^(?P<name>{_IDENT})\s+object$", re.I)
_BARE = re.compile(rf"^{_IDENT}$")


def parse_type(text: str) -> TypeRef:
    """Parse a type cell: `String`, `Array of strings`, `Array of X objects`, `List<x>`, `X object`,
    `Dict`, or a bare name of another table (`fail_code`)."""
    raw = " ".join(text.split())
    simple = raw.lower()
    if simple in ("array", "list", "[]"):
        return TypeRef(kind="array", raw=raw)
    if simple in _SCALARS:
        kind, fmt = _SCALARS[simple]
        return TypeRef(kind=kind, raw=raw, format=fmt)  # type: ignore[arg-type]
    for pattern in (_ARRAY_OF, _LIST_GENERIC, _BRACKET_ARRAY):
        match = pattern.match(raw)
        if match:
            inner = match.group("inner")
            return TypeRef(kind="array", raw=raw, items=_element_type(inner))
    match = _OBJECT.match(raw)
    if match:
        return TypeRef(kind="ref", raw=raw, ref=match.group("name"))
    if _BARE.match(raw):
        return TypeRef(kind="ref", raw=raw, ref=raw)
    return TypeRef(kind="any", raw=raw)


def _element_type(inner: str) -> TypeRef:
    word = inner.strip()
    if "<" in word or word.lower().startswith(("array of", "list of")):  # nested: Array<Array<X>>
        return parse_type(word)
    singular = word[:-1] if word.lower().endswith("s") and word[:-1].lower() in _SCALARS else word
    if singular.lower() in _SCALARS:
        return parse_type(singular)
    nested = parse_type(word)
    if nested.kind in ("array", "ref"):
        return nested
    return TypeRef(kind="ref", raw=word, ref=word)


# --- enums ---------------------------------------------------------------------------------------

ENUM_MARKERS = ("Enumeration values:", "Enumeration values", "枚举值：", "枚举值:", "枚举值")
_EXPLICIT_ENUM = re.compile(r"Enum\s*[:：]\s*\[(?P<body>[^\]]*)\]", re.I)
_VALUE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:\-/]*$")
# Prose that introduces a closed list of values, English and Chinese, as seen in the docs.
_PROSE_ENUM = [
    re.compile(r"(?:possible|valid|available|supported)\s+values\s+(?:are|include)\s*:?\s*(?P<body>[^.;。；]+)", re.I),
    re.compile(r"which\s+can\s+be\s*:?\s*(?P<body>[^.;。；]+)", re.I),
    re.compile(r"(?:the\s+)?value\s+(?:can\s+be|is\s+one\s+of|must\s+be\s+one\s+of)\s*:?\s*(?P<body>[^.;。；]+)", re.I),
    re.compile(r"取值(?:范围)?(?:为|是|包含|包括)\s*[:：]?\s*(?P<body>[^。；;]+)"),
    re.compile(r"(?:当前)?(?:取值|可选值|值)(?:包含|包括|有)\s*[:：]?\s*(?P<body>[^。；;]+)"),
    re.compile(r"包含\s*(?P<body>[A-Za-z0-9_]+\s*[（(][^)）]*[)）](?:\s*、\s*[A-Za-z0-9_]+\s*[（(][^)）]*[)）])+)"),
]
_SPLIT = re.compile(r"\s*(?:,|，|、|;|\bor\b|\band\b|或者|或|和|及)\s*")
_GLOSS = re.compile(r"[（(][^)）]*[)）]")


def explicit_enum(text: str) -> tuple[str, ...]:
    """Values written as `Enum:[a, b]` (any spacing)."""
    values: list[str] = []
    for match in _EXPLICIT_ENUM.finditer(text):
        values.extend(v.strip().strip("'\"") for v in match.group("body").split(","))
    return tuple(_unique(v for v in values if v))


def prose_enum(text: str) -> tuple[str, ...]:
    """Values named in prose: "Possible values are na, snapshot, and backup", "which can be A, B, or
    C", "取值范围为:a, b, c". Only lists of at least two value-shaped words count: a sentence that
    does not split cleanly into such words is not a list."""
    for pattern in _PROSE_ENUM:
        for match in pattern.finditer(text):
            body = _GLOSS.sub("", match.group("body")).strip().rstrip(".")
            parts = [p.strip().strip("'\"“”‘’`") for p in _SPLIT.split(body)]
            parts = [p for p in parts if p]
            if len(parts) >= 2 and all(_VALUE.match(p) for p in parts):
                return tuple(_unique(parts))
    return ()


def announced_enum(text: str) -> bool:
    """True when the text says enumeration values follow (whether or not the page kept them)."""
    return any(marker in text for marker in ENUM_MARKERS)


def strip_enum_marker(text: str) -> str:
    for marker in ENUM_MARKERS:
        text = text.replace(marker, " ")
    return " ".join(text.split())


_DEFAULT = [
    re.compile(r"\bDefault(?:\s+value)?\s*:\s*(?P<v>[A-Za-z0-9_.:\-]+)", re.I),
    re.compile(r"\bThe\s+default\s+value\s+is\s+['\"“‘]?(?P<v>[A-Za-z0-9_.:\-]+?)['\"”’]?\.?(?:\s|$)", re.I),
    re.compile(r"(?:缺省值|默认值)\s*[:：]\s*['\"“‘]?(?P<v>[A-Za-z0-9_.:\-]+)"),
    re.compile(r"默认为\s*['\"“‘]?(?P<v>[A-Za-z0-9_.:\-]+)"),
]


def stated_default(text: str) -> str | None:
    """A default value the description states, as written (typed later against the field type)."""
    for pattern in _DEFAULT:
        match = pattern.search(text)
        if match:
            return match.group("v").rstrip(".")
    return None


def _unique(values: object) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:  # type: ignore[attr-defined]
        seen.setdefault(str(value), None)
    return list(seen)
