"""A parameter one page types as one value (`String`) and another as an array of such values (`Array`, or
`Array of strings`): the array (rule R3-repeated-parameter).

On the wire the two cannot be told apart where they overlap: a query parameter sent once (`?status=ACTIVE`)
is both the single value and an array of one (OpenAPI's default `form` style repeats the name per value;
`simple`, the path and header style, joins them with commas, and one value is written alone). So every
request the single form allows the array form allows too, and the array says more: the caller may send
several. The newer Huawei pages type many list filters `Array` where the older revision of the same page says
`String` (NAT's `status`, `nat_gateway_id`). Body fields get no such rule: in JSON `"a"` and `["a"]` differ.
Nor does a parameter whose description writes its value as a bracketed list (`ids=['id1','id2']`): there one
string carries every value, and repeating the parameter would be another request."""

from __future__ import annotations

import re
from typing import Any

_SCALARS = ("string", "integer", "number", "boolean")
_LIST_LITERAL = re.compile(r"\[\s*[\"'“‘]")  # ['id1', …] or ["id1", …] (also with typographic quotes)


def written_as_one(descriptions: list[str]) -> bool:
    """Whether a description writes the value as one bracketed list (`ids=["id1","id2"]`)."""
    return any(_LIST_LITERAL.search(text) for text in descriptions)


def repeated_value(schemas: list[dict[str, Any]]) -> dict[str, Any] | None:
    """An array of the one scalar type when the candidates are that scalar and arrays whose items are it or
    unsaid; None when they say anything else (two scalar types, an array of another type, an object)."""
    scalars = [s for s in schemas if s.get("type") in _SCALARS]
    arrays = [s for s in schemas if s.get("type") == "array"]
    if len(scalars) != 1 or not arrays or len(scalars) + len(arrays) != len(schemas):
        return None
    value = scalars[0]
    if any(a.get("items") not in (None, {}, value) for a in arrays):
        return None
    return {"type": "array", "items": value}
