"""A query parameter one source types as a list (`Array`, `Array of strings`) and another as one value of it
(`String`): on the wire the two are one parameter, sent once (`?status=ACTIVE`) or repeated
(`?status=ACTIVE&status=DOWN`); a list admits both, one value admits only the first. The list of that value
decides, under rule R3-query-repeated; the report still shows both candidates. Anything else (two scalar
types, a list of another type) is no such pair and stays for the other rules."""

from __future__ import annotations

from typing import Any

_SCALARS = {"string", "integer", "number", "boolean"}


def repeated_parameter(schemas: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The array of the one scalar type among the candidates when they are that scalar and arrays of it (or
    of items no source names); None otherwise."""
    arrays = [s for s in schemas if s.get("type") == "array"]
    scalars = [s for s in schemas if s.get("type") in _SCALARS]
    if not arrays or len(arrays) + len(scalars) != len(schemas):
        return None
    distinct = {repr(sorted(s.items())) for s in scalars}
    if len(distinct) != 1:
        return None
    scalar = scalars[0]
    if not all(not a.get("items") or a["items"] == scalar for a in arrays):
        return None
    return {"type": "array", "items": scalar}
