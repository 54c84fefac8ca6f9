"""Which operation a captured request was: method + path template, matched segment by segment in a trie
(literal segments before parameters), so one lookup costs a few dict probes whatever the spec's size.

A captured URL may carry a host, a query, a gateway prefix before the documented path, or leave out the
documented version segment (`/v3`); each of those still finds its operation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any
from urllib.parse import unquote

_VERSION = re.compile(r"v\d+(\.\d+)*", re.IGNORECASE)
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class Route:
    operation: str
    method: str
    template: str


@dataclass
class _Node:
    literal: dict[str, _Node] = field(default_factory=dict)
    param: _Node | None = None
    routes: dict[str, Route] = field(default_factory=dict)  # by method


class Router:
    def __init__(self, doc: dict[str, Any]) -> None:
        self._full = _Node()
        self._versionless = _Node()
        self.by_operation: dict[str, Route] = {}
        for template, item in sorted(doc.get("paths", {}).items()):
            for method in _METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                route = Route(str(op.get("operationId") or f"{method.upper()} {template}"), method.upper(), template)
                self.by_operation[route.operation] = route
                segments = _segments(template)
                _insert(self._full, segments, route)
                if segments and _VERSION.fullmatch(segments[0]):
                    _insert(self._versionless, segments[1:], route)
        self._cache: dict[tuple[str, str], Route | None] = {}
        # "/a/b".split("/") -> ["", "a", "b"]; "https://host/a/b".split("/") -> ["https:", "", "host", "a", "b"]
        self._path_tables = _literal_tables(self.by_operation.values(), offset=1)
        self._url_tables = _literal_tables(self.by_operation.values(), offset=3)

    def match(self, method: str, target: str) -> Route | None:
        """The operation for a method and a captured URL or path; None when no documented route fits."""
        key = (method, target)
        hit = self._cache.get(key, _MISS)
        if hit is not _MISS:
            return hit  # type: ignore[return-value]
        route = self.find(method, target)
        if len(self._cache) < 4096:  # exact repeats (no ids in the path) are common; bounded all the same
            self._cache[key] = route
        return route

    def find(self, method: str, target: str) -> Route | None:
        """`match` without the cache: for captures whose paths carry ids, which never repeat."""
        if "?" in target or "#" in target:
            target = target.partition("?")[0].partition("#")[0]
        # The common case, in one split and a dict probe per template shape. An empty segment (other than
        # the one in "scheme://") or an escaped character takes the way below, as does a gateway prefix.
        parts = target.split("/")
        if parts.count("") == 1 and "%" not in target:
            for key_of, table in (self._url_tables if parts[0] else self._path_tables).get(len(parts), ()):
                routes = table.get(key_of(parts))
                if routes is not None and method in routes:
                    return routes[method]
        if "://" in target:  # scheme://host[:port]/path: the path starts at the first "/" after the host
            slash = target.find("/", target.index("://") + 3)
            target = target[slash:] if slash >= 0 else "/"
        segments = [unquote(s) if "%" in s else s for s in target.split("/") if s]
        versioned = bool(segments) and _VERSION.fullmatch(segments[0]) is not None
        for trie in (self._full,) if versioned else (self._full, self._versionless):
            route = _find(trie, segments, 0, method)
            if route is not None:
                return route
        # A gateway prefix before the documented path: the path must then start where a template starts
        # with a literal segment (its version, say), or any path would end in some `/{id}`.
        for skip in range(1, len(segments)):
            literal = self._full.literal.get(segments[skip])
            route = _find(literal, segments, skip + 1, method) if literal is not None else None
            if route is not None:
                return route
        return None


_MISS = object()


_Table = tuple[Callable[[list[str]], Any], dict[Any, dict[str, Route]]]


def _literal_tables(routes: Iterable[Route], offset: int) -> dict[int, list[_Table]]:
    """Templates grouped by segment count, then by which of their segments are literal; each group a dict
    from those literal segments to the routes. Groups are tried with literals before parameters at the
    first place they differ, which is the order the trie search takes, so both find the same route.
    Keyed by the length of the split target, whose first `offset` parts come before the path."""
    groups: dict[int, dict[tuple[bool, ...], dict[Any, dict[str, Route]]]] = {}
    for route in routes:
        segments = _segments(route.template)
        mask = tuple(not (s.startswith("{") and s.endswith("}")) for s in segments)
        positions = [i for i, literal in enumerate(mask) if literal]
        key = tuple(segments[i] for i in positions)
        table = groups.setdefault(len(segments) + offset, {}).setdefault(mask, {})
        table.setdefault(key, {}).setdefault(route.method, route)
    out: dict[int, list[_Table]] = {}
    for length, by_mask in groups.items():
        for mask in sorted(by_mask, reverse=True):
            positions = [i + offset for i, literal in enumerate(mask) if literal]
            out.setdefault(length, []).append((_key_function(positions), by_mask[mask]))
    return out


def _key_function(positions: list[int]) -> Callable[[list[str]], Any]:
    if not positions:
        return lambda _: ()
    if len(positions) == 1:
        only = positions[0]
        return lambda segments: (segments[only],)
    return itemgetter(*positions)  # a tuple, as the keys are


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _insert(node: _Node, segments: list[str], route: Route) -> None:
    for seg in segments:
        if seg.startswith("{") and seg.endswith("}"):
            node.param = node.param or _Node()
            node = node.param
        else:
            node = node.literal.setdefault(seg, _Node())
    node.routes.setdefault(route.method, route)


def _find(node: _Node, segments: list[str], i: int, method: str) -> Route | None:
    """The route of `segments[i:]` below `node`, literal segments tried before parameters at every level.
    The first descent (literal where there is one) usually succeeds and is what the full search would
    find first; the recursive search runs only when it does not."""
    walk: _Node | None = node
    for seg in segments[i:] if i else segments:
        walk = walk.literal.get(seg) or walk.param  # type: ignore[union-attr]
        if walk is None:
            break
    else:
        found = walk.routes.get(method)  # type: ignore[union-attr]
        if found is not None:
            return found
    return _search(node, segments, i, method)


def _search(node: _Node, segments: list[str], i: int, method: str) -> Route | None:
    if i == len(segments):
        return node.routes.get(method)
    literal = node.literal.get(segments[i])
    if literal is not None:
        found = _search(literal, segments, i + 1, method)
        if found is not None:
            return found
    if node.param is not None:
        return _search(node.param, segments, i + 1, method)
    return None
