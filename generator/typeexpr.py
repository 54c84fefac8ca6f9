"""Turn the words of a doc cell into data: type expressions into TypeRefs, and the enum values and
defaults that descriptions state in lists, in `Enum:[...]`, or in prose."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.ir import CellPart, TypeRef

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
# The type words of Chinese pages ("字符串", "整数", "布尔", "对象"): the same kinds as the English words.
_CHINESE_SCALARS: dict[str, tuple[str, str | None]] = {
    "字符串": ("string", None),
    "字符": ("string", None),
    "字符型": ("string", None),
    "文本": ("string", None),
    "整数": ("integer", None),
    "整型": ("integer", None),
    "整形": ("integer", None),
    "长整型": ("integer", "int64"),
    "长整数": ("integer", "int64"),
    "数字": ("number", None),
    "数值": ("number", None),
    "浮点": ("number", "float"),
    "浮点数": ("number", "float"),
    "浮点型": ("number", "float"),
    "双精度": ("number", "double"),
    "布尔": ("boolean", None),
    "布尔型": ("boolean", None),
    "布尔值": ("boolean", None),
    "布尔类型": ("boolean", None),
    "对象": ("object", None),
    "字典": ("object", None),
    "映射": ("object", None),
}
_SCALARS.update(_CHINESE_SCALARS)
# "数组", "列表", "列表数据结构": an array whose items something else (the table the row points to) says.
_CHINESE_ARRAYS = {"数组", "列表", "列表数据结构", "数组数据结构", "集合"}
# "字符串数组", "String数组", "tag对象数组", "数组(字符串)": an array of what the words before (or inside) say.
_CHINESE_ARRAY_OF = re.compile(r"^(?P<inner>.+?)\s*(?:数组|列表)$|^(?:数组|列表)\s*[<(（](?P<bracketed>.+)[>)）]$")
# "表4 object", "表4object": an object the numbered table describes.
_TABLE_OBJECT = re.compile(r"^(?:table|表)\s*\d+\s*(?:object|对象|结构体?)$", re.I)

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\-]*")  # a type or field name: `binding:vif_details`, `os-extend`
_SIZED = re.compile(r"^(?P<base>[A-Za-z]+)\s*\(\s*\d+\s*\)$")  # String(255)
_ARRAY_OF = re.compile(r"^(?:array|list|json\s+array)\s+of\s+(?P<inner>.+)$", re.I)
_GENERIC = re.compile(r"^(?P<outer>array|list|set|map|dict)\s*(?:<(?P<angle>.*)>|\((?P<paren>.*)\))$", re.I)
_BRACKET_ARRAY = re.compile(r"^(?P<inner>[^\[\]]+?)\s*\[\s*\]$")
# "String array", "Tags structure array", "config array corresponding to infer_type": names before the word, no
# prose in brackets ("String (comma separated list)" is a string)
_TRAILING_ARRAY = re.compile(r"^(?P<inner>[A-Za-z_][\w.:\-]*(?:\s+[A-Za-z_][\w.:\-]*){0,3}?)\s+(?:array|list)\b",
                             re.I)
_OBJECT = re.compile(r"^(?P<name>.+?)\s+(?:objects?|structures?|structs?)$", re.I)
_TABLE = re.compile(r"^(?:table|表)\s*\d+$", re.I)
_REMARK = re.compile(r"^(?P<head>[^()]+?)\s*[(（][^()（）]*[)）]$")
_JSON_ARRAY = {"json array", "jsonarray", "array(object)", "array of object", "array of objects"}


def parse_type(text: str) -> TypeRef:
    """Parse a type cell: `String`, `String(255)`, `Array of strings`, `Array of X objects`, `X array`,
    `List<x>`, `Map<String,Integer>`, `X object`, `X structure`, `Dict`, or a bare name of another table
    (`fail_code`). What is none of these stays `any`, its words kept in `raw`."""
    raw = " ".join(text.split())
    return _parse(raw, raw, depth=0)


def _parse(expr: str, raw: str, depth: int) -> TypeRef:
    simple = expr.strip().rstrip(".").strip()
    lowered = simple.lower()
    if depth > 8 or not simple:
        return TypeRef(kind="any", raw=raw)
    if lowered in ("array", "list", "[]", "set") or simple in _CHINESE_ARRAYS:
        return TypeRef(kind="array", raw=raw)
    if _TABLE_OBJECT.match(simple):
        return TypeRef(kind="object", raw=raw)
    chinese_array = _CHINESE_ARRAY_OF.match(simple)
    if chinese_array:
        inner = chinese_array.group("inner") or chinese_array.group("bracketed")
        return TypeRef(kind="array", raw=raw, items=_element_type(inner.removesuffix("对象").strip() or "object",
                                                                  depth))
    if lowered in _JSON_ARRAY:
        return TypeRef(kind="array", raw=raw, items=TypeRef(kind="object", raw=raw))
    if lowered in _SCALARS:
        kind, fmt = _SCALARS[lowered]
        return TypeRef(kind=kind, raw=raw, format=fmt)  # type: ignore[arg-type]
    sized = _SIZED.match(simple)
    if sized and sized.group("base").lower() in _SCALARS:
        return _parse(sized.group("base"), raw, depth + 1)
    remark = _REMARK.match(simple)
    generic_paren = _GENERIC.match(simple)
    if remark and not (generic_paren and generic_paren.group("paren") is not None
                       and " " not in generic_paren.group("paren").strip()):
        # "String (comma separated list)": a type and a remark on it in brackets
        head = _parse(remark.group("head"), raw, depth + 1)
        if head.kind != "any":
            return head
    generic = _GENERIC.match(simple)
    if generic:
        inner = (generic.group("angle") if generic.group("angle") is not None else generic.group("paren")).strip()
        if generic.group("outer").lower() in ("map", "dict"):
            value = _split_pair(inner)
            return TypeRef(kind="object", raw=raw, values=_element_type(value, depth) if value else None)
        return TypeRef(kind="array", raw=raw, items=_element_type(inner, depth) if inner else None)
    for pattern in (_ARRAY_OF, _BRACKET_ARRAY, _TRAILING_ARRAY):
        match = pattern.match(simple)
        if match:
            return TypeRef(kind="array", raw=raw, items=_element_type(match.group("inner"), depth))
    match = _OBJECT.match(simple)
    if match:
        return _named(match.group("name"), raw)
    if _NAME.fullmatch(simple):
        return TypeRef(kind="ref", raw=raw, ref=simple)
    return TypeRef(kind="any", raw=raw)


def _element_type(inner: str, depth: int) -> TypeRef:
    word = inner.strip().rstrip(".").strip()
    lowered = word.lower()
    if lowered in ("object", "objects", "json", "dict") or _TABLE.match(word):
        return TypeRef(kind="object", raw=word)  # a table mention ("Array of Table 1 objects") binds later
    singular = word[:-1] if lowered.endswith("s") and lowered[:-1] in _SCALARS else word
    if singular.lower() in _SCALARS:
        return _parse(singular, singular, depth + 1)
    nested = _parse(word, word, depth + 1)
    if nested.kind in ("array", "ref", "object") or nested.kind in _KINDS_SCALAR:
        return nested
    plural = re.sub(r"\s+(?:objects?|structures?)$", "", word, flags=re.I)
    return _named(plural, word)


_KINDS_SCALAR = {"string", "integer", "number", "boolean"}


def _named(name: str, raw: str) -> TypeRef:
    """A reference to the type `name`: `Security Group Rule` (as prose writes it) reads `SecurityGroupRule`;
    the name of a table (`Table 1`) or of no type at all (`JSON`) is a plain object."""
    name = name.strip()
    if _TABLE.match(name) or name.lower() in ("json", "object", "dict", "map"):
        return TypeRef(kind="object", raw=raw)
    if name.lower() in _SCALARS:
        kind, fmt = _SCALARS[name.lower()]
        return TypeRef(kind=kind, raw=raw, format=fmt)  # type: ignore[arg-type]
    if _NAME.fullmatch(name):
        return TypeRef(kind="ref", raw=raw, ref=name)
    words = re.findall(r"[A-Za-z0-9]+", name)
    if words and len(words) <= 5 and words[0][:1].isalpha():
        return TypeRef(kind="ref", raw=raw, ref="".join(w[:1].upper() + w[1:] for w in words))
    return TypeRef(kind="any", raw=raw)


def _split_pair(inner: str) -> str | None:
    """The value type of `K, V` inside a map's brackets (commas inside nested brackets do not split)."""
    depth = 0
    for i, ch in enumerate(inner):
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth -= 1
        elif ch == "," and depth == 0:
            return inner[i + 1:].strip()
    return None


# --- type words misspelt ---------------------------------------------------------------------------

_SCALAR_WORDS = ("Boolean", "Integer", "String", "Number")


def misspelt_scalar(text: str) -> str | None:
    """The scalar type word a one-word type cell misspells by one letter ("Booleab", "Intger", "Stirng"), or
    None. A plural ("Strings") or any longer phrase is no misspelling; short words are too close to others to
    tell."""
    word = text.strip()
    if not re.fullmatch(r"[A-Za-z]{5,}", word):
        return None
    for scalar in _SCALAR_WORDS:
        lowered, target = word.lower(), scalar.lower()
        if lowered != target and lowered != target + "s" and _one_edit(lowered, target):
            return scalar
    return None


def _one_edit(a: str, b: str) -> bool:
    """Whether one letter changed, added, dropped, or two neighbours swapped turns `a` into `b`."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# --- enums ---------------------------------------------------------------------------------------

ENUM_MARKERS = ("Enumeration values:", "Enumeration values", "枚举值：", "枚举值:", "枚举值")
_EXPLICIT_ENUM = re.compile(r"Enum\s*[:：]\s*\[(?P<body>[^\]]*)\]", re.I)
_VALUE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:\-/]*$")
# Prose that introduces a closed list of values, English and Chinese, as seen in the docs.
_PROSE_ENUM = [
    re.compile(r"(?:possible|valid|available|supported)\s+values\s+(?:are|include)\s*:?\s*(?P<body>[^.;。；]+)", re.I),
    re.compile(r"which\s+can\s+be\s*:?\s*(?P<body>[^.;。；]+)", re.I),
    re.compile(r"(?:the\s+)?value\s+(?:can\s+be|is\s+one\s+of|must\s+be\s+one\s+of)\s*:?\s*(?P<body>[^.;。；]+)", re.I),
    re.compile(r"取值(?:范围)?\s*(?:为|是|包含|包括|[:：])\s*[:：]?\s*(?P<body>[^。；;]+)"),
    re.compile(r"(?:枚举值|可选值|Enumeration\s+values|Options)\s*[:：]\s*(?P<body>[^.;。；]+)", re.I),
    re.compile(r"(?:当前)?(?:取值|可选值|值)(?:包含|包括|有)\s*[:：]?\s*(?P<body>[^。；;]+)"),
    # "目前支持“SSD”，“GPSSD”和“SAS”三种": the count the sentence states must be the count of values it names
    re.compile(r"(?:支持|包括|分为)\s*(?P<body>[^。；;：:]+?)\s*(?P<count>[两二三四五六七八九十]|\d+)\s*种"),
    re.compile(r"包含\s*(?P<body>[A-Za-z0-9_]+\s*[（(][^)）]*[)）](?:\s*、\s*[A-Za-z0-9_]+\s*[（(][^)）]*[)）])+)"),
]
_SPLIT = re.compile(r"(?:,|，|、|;|\bor\b|\band\b|或者|或|和|及)")  # the parts are stripped
_GLOSS = re.compile(r"[（(][^)）]*[)）]")
# "ingress表示入方向": a value, then what it means.
_MEANING = re.compile(r"(?<=[A-Za-z0-9_])\s*(?:表示|代表).*$")
# A line that announces a list of values under it: "取值范围：", "枚举值:", "The value can be:", "Options:",
# "Possible values are as follows:". It ends with its colon: the values are the items that follow.
_ANNOUNCES_LIST = re.compile(
    r"(?:枚举值|取值(?:范围)?(?:如下)?|可选值|(?:the\s+)?values?\s+(?:can|may|must)\s+be(?:\s+one\s+of)?(?:\s+the\s+following)?"
    r"(?:\s+values)?(?:\s+as\s+follows)?|(?:possible|valid|available|supported|enumeration)\s+values"
    r"(?:\s+(?:are|include))?(?:\s+as\s+follows)?|options|value\s+options)\s*[:：]$", re.I)
# The value an item opens with, then what ends it: a colon, a gloss in brackets, "表示", a dash, or the end.
# The value is taken whole (an atomic group): "10.0.0.0/8~24" is a range, not the value "10.0.0" and a dot.
_ITEM_VALUE = re.compile(
    r"^[\"“‘'`]?(?P<v>(?>[A-Za-z0-9_](?:[A-Za-z0-9_\-/]|[.:](?=[A-Za-z0-9_:]))*))[\"”’'`]?"
    r"\s*(?:$|[:：（(,，;；.。]|表示|代表|\s[-–—]\s|\s+(?:indicates|means|specifies)\b)")


def explicit_enum(text: str) -> tuple[str, ...]:
    """Values written as `Enum:[a, b]` (any spacing)."""
    values: list[str] = []
    for match in _EXPLICIT_ENUM.finditer(_through_last(text, "]")):
        values.extend(v.strip().strip("'\"") for v in match.group("body").split(","))
    return tuple(_unique(v for v in values if v))


def prose_enum(text: str) -> tuple[str, ...]:
    """Values named in prose: "Possible values are na, snapshot, and backup", "which can be A, B, or
    C", "取值范围为:a, b, c". Only lists of at least two value-shaped words count: a sentence that
    does not split cleanly into such words is not a list."""
    for pattern in _PROSE_ENUM:
        for match in pattern.finditer(text):
            body = match.group("body")
            end = len(_through_last(body, ")）"))
            body = (_GLOSS.sub("", body[:end]) + body[end:]).strip().rstrip(".")
            parts = [_MEANING.sub("", p.strip()).strip("'\"“”‘’`") for p in _SPLIT.split(body)]
            parts = [p for p in parts if p]
            if len(parts) >= 2 and all(_VALUE.match(p) for p in parts) and _counted(match, len(parts)):
                return tuple(_unique(parts))
    return ()


def listed_enum(parts: Sequence[CellPart]) -> tuple[str, ...]:
    """Values listed as the items under a line that announces them ("取值范围：" then "4：表示ipv4地址组",
    "The value can be:" then "true: The rule is enabled."). Each item must open with one value-shaped word;
    one item that does not (a range "1~65535", a placeholder "{azId}", a sentence) means the list is no
    closed set of values, and nothing is taken from it."""
    for index, part in enumerate(parts):
        if not _ANNOUNCES_LIST.search(part.text):
            continue
        items = _items_under(parts[index + 1:], part.depth)
        values = [m.group("v") if (m := _ITEM_VALUE.match(item)) else None for item in items]
        if items and all(values):
            return tuple(_unique(values))
    return ()


def _items_under(rest: Sequence[CellPart], depth: int) -> list[str]:
    """The texts of the list items directly under a line at `depth` (the first deeper level), up to the next
    line at its depth or above; notes nested deeper in an item are the item's explanation, not values."""
    items: list[str] = []
    level: int | None = None
    for part in rest:
        if part.depth <= depth:
            break
        level = part.depth if level is None else level
        if part.depth == level:
            items.append(part.text)
    return items


_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _counted(match: re.Match[str], found: int) -> bool:
    """True unless the sentence states how many values there are and names another number of them."""
    count = match.groupdict().get("count")
    return count is None or (int(count) if count.isdigit() else _COUNTS[count]) == found


def _through_last(text: str, closers: str) -> str:
    """`text` up to its last closing bracket: a pattern from an opening bracket to the next closing one runs
    there in linear time, and cannot match past it (many openers with no closer would each scan to the end)."""
    return text[: max(text.rfind(c) for c in closers) + 1]


def announced_enum(text: str) -> bool:
    """True when the text says enumeration values follow (whether or not the page kept them)."""
    return any(marker in text for marker in ENUM_MARKERS)


def strip_enum_marker(text: str) -> str:
    for marker in ENUM_MARKERS:
        text = text.replace(marker, " ")
    return " ".join(text.split())


_DEFAULT = [
    re.compile(r"\bDefault(?:\s+value)?\s*:\s*(?P<v>[A-Za-z0-9_.:\-]+)", re.I),
    # "The default value is left blank" states no value
    re.compile(r"\bThe\s+default\s+value\s+is\s+(?!(?:left|empty|blank|not|none|the|a|an)\b)"
               r"['\"“‘]?(?P<v>[A-Za-z0-9_.:\-]+?)['\"”’]?\.?(?:\s|$)", re.I),
    # the value ends the phrase: "默认为VBD类型" ("is of the VBD type by default") names a kind, not a value
    re.compile(r"(?:缺省值|默认值)\s*[:：]\s*['\"“‘]?(?P<v>(?>[A-Za-z0-9_.:\-]+))['\"”’]?(?!(?!表示|即|代表)[\u4e00-\u9fff])"),
    re.compile(r"默认为\s*['\"“‘]?(?P<v>(?>[A-Za-z0-9_.:\-]+))['\"”’]?(?!(?!表示|即|代表)[\u4e00-\u9fff])"),
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
