"""Which pages document one operation. First by method and path template (parameter names aside); then,
across languages, by the tables' structure where the request lines differ in form only: a version segment
written two ways (`/v2/` and `/v2.0/`) or a word's separator (`address-groups` and `address_groups`).

A page of one language whose request line no page of the other language shares is matched to an operation
only the other language documents when both lines are alike (same method, same segments but for those
forms, parameters in the same places) and the tables of one list mostly fields the other lists too; the
match is one to one, or none. The path of the language first in the service's priority is kept; the other
is reported."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.ir import Page

_VERSION = re.compile(r"^v(?P<major>\d+)(?:\.\d+)*$", re.I)
# How much of the smaller side's field names the other side must list for both to describe one operation.
SAME_STRUCTURE = 0.5


@dataclass(frozen=True)
class StructuralMatch:
    """Two request lines taken for one operation: the line kept, the other, and why."""

    method: str
    kept: str
    other: str
    kept_sources: tuple[str, ...]
    other_sources: tuple[str, ...]
    shared_fields: float


def normalized_path(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path.rstrip("/"))


def group_operations(pages: list[Page]) -> tuple[list[list[Page]], list[StructuralMatch]]:
    """The operation pages grouped by operation, in order of their (method, path); `pages` come in priority
    order, so each group's first page is of the language first in priority. With the structural matches made."""
    groups: dict[tuple[str, str], list[Page]] = {}
    for page in pages:
        if page.kind == "operation":
            groups.setdefault((normalized_path(page.path), page.method), []).append(page)
    position = {id(p): i for i, p in enumerate(pages)}
    matches: list[StructuralMatch] = []
    for kept, other, share in _structural_pairs(groups, position):
        matches.append(StructuralMatch(kept[1], groups[kept][0].path, groups[other][0].path,
                                       tuple(p.source for p in groups[kept]), tuple(p.source for p in groups[other]),
                                       share))
        groups[kept] = sorted(groups[kept] + groups.pop(other), key=lambda p: position[id(p)])
    return [group for _, group in sorted(groups.items())], matches


def _structural_pairs(groups: dict[tuple[str, str], list[Page]], position: dict[int, int],
                      ) -> list[tuple[tuple[str, str], tuple[str, str], float]]:
    """(kept group, other group, share of fields) for every one-to-one match of one-language groups."""
    languages = {k: frozenset(p.language for p in g) for k, g in groups.items()}
    if len(frozenset().union(*languages.values())) < 2:
        return []
    lone = [k for k, langs in languages.items() if len(langs) == 1]
    options: dict[tuple[str, str], list[tuple[tuple[str, str], float]]] = {}
    for a in lone:
        for b in lone:
            if a >= b or a[1] != b[1] or languages[a] == languages[b] or not _alike(a[0], b[0]):
                continue
            share = _shared_fields(groups[a], groups[b])
            if share >= SAME_STRUCTURE:
                options.setdefault(a, []).append((b, share))
                options.setdefault(b, []).append((a, share))
    pairs = []
    for a, found in sorted(options.items()):
        b, share = found[0]
        if len(found) == 1 and a < b and len(options[b]) == 1:
            # the line of the page first in priority order is kept
            kept, other = (a, b) if position[id(groups[a][0])] <= position[id(groups[b][0])] else (b, a)
            pairs.append((kept, other, share))
    return pairs


def _alike(a: str, b: str) -> bool:
    """Two normalized paths that differ in form only: the same segments, parameters in the same places, a
    version segment with the same major version, a word with `-` for `_` or another case."""
    left, right = a.strip("/").split("/"), b.strip("/").split("/")
    if len(left) != len(right) or a == b:
        return False
    for x, y in zip(left, right, strict=True):
        vx, vy = _VERSION.match(x), _VERSION.match(y)
        if vx and vy:
            if vx.group("major") != vy.group("major"):
                return False
        elif _fold(x) != _fold(y):
            return False
    return True


def _fold(segment: str) -> str:
    return segment.lower().replace("-", "_")


def _shared_fields(a: list[Page], b: list[Page]) -> float:
    """The share of the smaller side's field names (parameters, request and success bodies) the other side
    lists too. Error bodies are left aside: one reference prints them on every page, the other once."""
    names_a, names_b = _field_names(a), _field_names(b)
    if not names_a or not names_b:
        return 0.0
    return len(names_a & names_b) / min(len(names_a), len(names_b))


def _field_names(pages: list[Page]) -> set[str]:
    return {f.name for p in pages for t in p.tables if not (t.status or "").startswith(("4", "5"))
            for f in t.fields}
