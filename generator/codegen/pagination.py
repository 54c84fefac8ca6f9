"""Whether a list operation pages, and how: one general rule read from the spec, never from a service's name.

An operation pages when it is a GET whose query has a page size (rule P1) and a cursor (P2), and whose one
success response holds an array of items (P3). The plan then says how the next page is asked for (P4) and
what says a page was the last (P5). Each rule has an id; an iter_ method's docstring cites them.

- P1-limit: a query parameter named `limit`, `per_page`, `page_size` (any case, `-` or `_`) sizes a page.
- P2-marker: a `marker`, `cursor` or `page_token` parameter: the next page starts after a key.
- P2-offset: an `offset`, `start`, `start_number`, `start_index` or `skip` parameter: the next page starts
  after the items so far (offset += items).
- P2-page-index: a `page`, `page_no`, `page_number`, `page_index` or `current_page` parameter, or an
  offset-named one whose description counts pages ("start page", "index of the page", "page number", 页码):
  the next page is the next index, from the documented default (or minimum), else 1.
  More than one cursor: a marker first (items added while paging do not shift it), then an offset, then a page.
- P3-items: the success response's array property; links (`links`, `*_links`) are not items. Several arrays:
  the one named like the path's last segment (`/vaults` -> `vaults`); still several or none: no paging.
- P4-next-pointer: a marker comes from what the response documents as the next page's pointer (a
  `next_marker`, at the top or in an object such as `page_info`; a `next` URL; a `links.next` URL; a
  `*_links` entry with rel `next`), else from the last item's `id` (P4-last-id); items without an `id`
  and no pointer: no paging.
- P5-stop: the last page is an empty one, one shorter than the `limit` the caller gave (or than the limit's
  documented maximum, when that is less: a server gives no more, whatever is asked), one that brings the
  items seen to the documented total (a `total*` integer, or a `count`/`*_count` whose description says it
  counts every match, when paging from the start), or one without the documented next pointer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Style = Literal["marker", "offset", "page"]
PointerKind = Literal["", "marker", "url", "links"]

_LIMITS = {"limit", "perpage", "pagesize"}
_MARKERS = {"marker", "cursor", "pagetoken"}
_OFFSETS = {"offset", "start", "startnumber", "startindex", "skip"}
_PAGES = {"page", "pageno", "pagenumber", "pageindex", "currentpage"}
# An offset-named parameter that counts pages, as its description says (English and Chinese pages).
_COUNTS_PAGES = re.compile(r"\b(start|first|current)\s+page\b|\b(index|number)\s+of\s+the\s+page\b|"
                           r"\bpage\s+(index|number|no)\b|页码|起始页|第几页", re.IGNORECASE)
# A count that is every match, not this page's: "Total number of ...", "not affected by the pagination".
_COUNTS_ALL = re.compile(r"\btotal\b|not affected by (the )?pagination|no matter what|all (matching|results)|总数",
                         re.IGNORECASE)
_DEFAULT_IN_TEXT = re.compile(r"default(?: value)?(?: is|:)?\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class PagePlan:
    """How one list operation pages: wire names of its query parameters and response fields."""

    style: Style
    cursor: str  # the query parameter the next page is asked with
    limit: str  # the query parameter that sizes a page
    items: str  # the response's array of items
    key: str = ""  # the item field the next marker is read from (P4-last-id, or when a link has no marker)
    pointer: tuple[str, ...] = ()  # where the response says the next page is (P4-next-pointer)
    pointer_kind: PointerKind = ""
    total: tuple[str, ...] = ()  # where the response gives the number of every item
    first_page: int = 1  # page style: the index of the first page
    max_limit: int | None = None  # the documented largest page: a full page holds min(limit, max_limit)
    rules: tuple[str, ...] = ()  # the rule ids that decided


@dataclass(frozen=True)
class NoPaging:
    """Why an operation with a page size in its query gets no iterator."""

    reason: str


Resolver = Callable[[Any], dict[str, Any]]


def page_plan(path: str, method: str, op: dict[str, Any], resolve: Resolver) -> PagePlan | NoPaging | None:
    """The plan of an operation whose parameters are resolved (`resolve` follows a `$ref`); None when its
    query shows no page pattern at all, NoPaging when it shows one the rule cannot complete."""
    query = {p["name"]: p for p in op.get("parameters") or () if isinstance(p, dict) and p.get("in") == "query"
             and (_normal(p["name"]) in _MARKERS or _counts(resolve(p.get("schema") or {})) is not False)}
    limit = _named(query, _LIMITS)
    cursors = _cursors(query)
    if limit is None or not cursors:
        return None
    if method != "get":
        return NoPaging(f"{method.upper()} is not safe to repeat for each page")
    response = _success_schema(op, resolve)
    if response is None:
        return NoPaging("no success response with a JSON object body")
    items = _items(path, response, resolve)
    if isinstance(items, NoPaging):
        return items
    style, cursor, style_rule = cursors[0]
    rules = ["P1-limit", style_rule, "P3-items"]
    plan = PagePlan(style=style, cursor=cursor, limit=limit, items=items,
                    total=_total(response, resolve), first_page=_first_page(query[cursor], resolve),
                    max_limit=_maximum(query[limit], resolve))
    if style == "marker":
        pointer, kind = _pointer(response, cursor, resolve)
        key = _key(response["properties"][items], resolve)
        if not kind and not key:
            return NoPaging(f"items `{items}` have no `id` and the response documents no next marker")
        plan = PagePlan(**{**plan.__dict__, "pointer": pointer, "pointer_kind": kind, "key": key})
        rules.append("P4-next-pointer" if kind else "P4-last-id")
    return PagePlan(**{**plan.__dict__, "rules": (*rules, "P5-stop")})


def _counts(schema: dict[str, Any]) -> bool | None:
    """Whether a parameter's schema is an integer (None: it says no type); a string named `start` is a time."""
    declared = schema.get("type")
    return None if declared is None else _is_type(schema, "integer") or _is_type(schema, "number")


def _normal(name: str) -> str:
    return re.sub(r"[-_]", "", name).lower()


def _named(query: dict[str, dict[str, Any]], names: set[str]) -> str | None:
    return next((wire for wire in sorted(query) if _normal(wire) in names), None)


def _cursors(query: dict[str, dict[str, Any]]) -> list[tuple[Style, str, str]]:
    """Every cursor parameter as (style, wire name, rule id), in the order of preference."""
    found: list[tuple[int, Style, str, str]] = []
    for wire in sorted(query):
        normal = _normal(wire)
        if normal in _MARKERS:
            found.append((0, "marker", wire, "P2-marker"))
        elif normal in _OFFSETS and not _COUNTS_PAGES.search(_description(query[wire])):
            found.append((1, "offset", wire, "P2-offset"))
        elif normal in _OFFSETS or normal in _PAGES:
            found.append((2, "page", wire, "P2-page-index"))
    return [(style, wire, rule) for _, style, wire, rule in sorted(found)]


def _description(node: dict[str, Any]) -> str:
    return " ".join(str(node.get(k) or "") for k in ("description", "x-apigen-description-zh"))


def _first_page(param: dict[str, Any], resolve: Resolver) -> int:
    """A page index's first value: the documented default, else the minimum, else a default the description
    states, else 1."""
    schema = resolve(param.get("schema") or {})
    for value in (schema.get("default"), param.get("default"), schema.get("minimum")):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    stated = _DEFAULT_IN_TEXT.search(_description(param))
    return int(stated.group(1)) if stated else 1


def _maximum(param: dict[str, Any], resolve: Resolver) -> int | None:
    maximum = resolve(param.get("schema") or {}).get("maximum")
    return maximum if isinstance(maximum, int) and not isinstance(maximum, bool) else None


def _success_schema(op: dict[str, Any], resolve: Resolver) -> dict[str, Any] | None:
    successes = sorted(s for s in (op.get("responses") or {}) if str(s).startswith("2"))
    if not successes:
        return None
    content = resolve((op.get("responses") or {})[successes[0]]).get("content") or {}
    media = content.get("application/json")
    schema = resolve(media.get("schema")) if isinstance(media, dict) else {}
    return schema if isinstance(schema.get("properties"), dict) else None


def _is_links(name: str) -> bool:
    return name == "links" or name.endswith("_links")


def _items(path: str, response: dict[str, Any], resolve: Resolver) -> str | NoPaging:
    arrays = sorted(name for name, node in response["properties"].items()
                    if _is_type(resolve(node), "array") and not _is_links(name))
    if len(arrays) > 1:
        segments = [s for s in path.split("/") if s and not s.startswith("{")]
        last = segments[-1].replace("-", "_").lower() if segments else ""
        arrays = [name for name in arrays if name.lower() == last] or arrays
    if len(arrays) != 1:
        return NoPaging("no array of items in the response" if not arrays
                        else f"several arrays could be the items: {', '.join(arrays)}")
    return str(arrays[0])


def _is_type(schema: dict[str, Any], kind: str) -> bool:
    declared = schema.get("type")
    return declared == kind or (isinstance(declared, list) and kind in declared)


def _key(array: Any, resolve: Resolver) -> str:
    item = resolve(resolve(array).get("items") or {})
    return "id" if isinstance(item.get("properties"), dict) and "id" in item["properties"] else ""


def _pointer(response: dict[str, Any], cursor: str, resolve: Resolver) -> tuple[tuple[str, ...], PointerKind]:
    """Where the response documents the next page: a `next_<cursor>` value (top level, then one object
    down), a `next` URL, a `links` object's `next`, a `*_links` array (rel `next`)."""
    properties = response["properties"]
    wanted = f"next_{cursor}"
    if wanted in properties:
        return (wanted,), "marker"
    for name in sorted(properties):
        inner = resolve(properties[name]).get("properties")
        if isinstance(inner, dict) and wanted in inner and not _is_links(name):
            return (name, wanted), "marker"
    if "next" in properties and _is_type(resolve(properties["next"]), "string"):
        return ("next",), "url"
    links = resolve(properties.get("links") or {}).get("properties")
    if isinstance(links, dict) and "next" in links:
        return ("links", "next"), "url"
    arrays = sorted(name for name in properties if name.endswith("_links")
                    and _is_type(resolve(properties[name]), "array"))
    return ((arrays[0],), "links") if arrays else ((), "")


def _total(response: dict[str, Any], resolve: Resolver) -> tuple[str, ...]:
    """Where the number of every item is: a top-level field, else one an object down (`metadata`)."""
    properties = response["properties"]
    top = _total_field(properties, resolve)
    if top:
        return (top,)
    for name in sorted(properties):
        inner = resolve(properties[name]).get("properties")
        found = _total_field(inner, resolve) if isinstance(inner, dict) else ""
        if found:
            return (name, found)
    return ()


def _total_field(properties: dict[str, Any], resolve: Resolver) -> str:
    totals = []
    for name in sorted(properties):
        node = resolve(properties[name])
        if not _is_type(node, "integer"):
            continue
        lowered = name.lower()
        if "total" in lowered or ((lowered == "count" or lowered.endswith("_count"))
                                  and _COUNTS_ALL.search(_description(node))):
            totals.append(name)
    return totals[0] if len(totals) == 1 else ""


def describe(plan: PagePlan) -> list[str]:
    """The plan in words, for the iter_ method's docstring."""
    rules = ", ".join(plan.rules)
    if plan.style == "marker":
        last = f"the last item's `{plan.key}`"
        pointer = ".".join(plan.pointer)
        source = (f"the response's `{pointer}`" if plan.pointer_kind == "marker"
                  else f"the `{plan.cursor}` of the response's `{pointer}` link" if plan.pointer_kind == "url"
                  else f"the `{plan.cursor}` of the rel-next link in the response's `{pointer}`"
                  if plan.pointer_kind else last)
        if plan.pointer_kind in ("url", "links") and plan.key:  # a link without the marker in it
            source += f" (else {last})"
        how = f"Pages by marker: each next page is asked with `{plan.cursor}` = {source}."
    elif plan.style == "offset":
        how = f"Pages by offset: each next page is asked with `{plan.cursor}` = the items so far."
    else:
        how = (f"Pages by page index: each next page is asked with `{plan.cursor}` + 1 (first page "
               f"{plan.first_page}).")
    within = f" (at most {plan.max_limit})" if plan.max_limit is not None else ""
    stops = ["an empty page", f"a page shorter than the `{plan.limit}` given{within}"]
    if plan.pointer_kind:
        stops.append(f"a page without `{'.'.join(plan.pointer)}`" + (" rel next" if plan.pointer_kind == "links"
                                                                      else ""))
    if plan.total:
        stops.append(f"`{'.'.join(plan.total)}` items seen (from the first page)")
    return [how, "Stops after " + ", ".join(stops[:-1]) + " or " + stops[-1] + ".", f"Rules: {rules}."]
