"""Which operation and which schema of the old spec is which of the new one.

Operations match by method and path template, parameter names aside (`/backups/{id}` is
`/backups/{backup_id}`), or as the mapping file says. Schemas match, in order of evidence: as the mapping
file says; by name; by a name one side keeps as an alias (`x-apigen-aliases`); by place (the schemas met
at the same place of a matched operation); and failing all of these by structure (most of their property
names shared). A schema found again under another name is a rename, not a removal plus an addition."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from generator.diff.mapping import DiffMapping, OperationKey
from generator.emit.openapi import REF_PREFIX
from generator.reconcile.matching import normalized_path

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Below this share of property names in common, two schemas are different schemas.
STRUCTURE_THRESHOLD = 0.5
# Schemas paired by structure are found through the property names they share; past this many (schema pair,
# shared name) meetings the pairing by structure is skipped, and a note says so: its cost stays bounded.
STRUCTURE_WORK = 1_000_000

SchemaEvidence = Literal["mapping", "name", "alias", "place", "structure"]


@dataclass(frozen=True)
class OperationPair:
    old: OperationKey
    new: OperationKey
    mapped: bool
    parameters: dict[str, str]  # old name -> new name, for parameters whose name changed


@dataclass(frozen=True)
class SchemaPair:
    old: str
    new: str
    evidence: SchemaEvidence


@dataclass(frozen=True)
class Matched:
    pairs: tuple[OperationPair, ...]
    removed: tuple[OperationKey, ...]
    added: tuple[OperationKey, ...]


def schema_name(ref: str) -> str | None:
    """The component a `$ref` names, or None for any other reference."""
    return ref[len(REF_PREFIX):] if ref.startswith(REF_PREFIX) else None


def operations(doc: dict[str, Any]) -> list[OperationKey]:
    return [(method.upper(), path) for path, item in doc.get("paths", {}).items() if isinstance(item, dict)
            for method in HTTP_METHODS if isinstance(item.get(method), dict)]


def path_parameters(path: str) -> list[str]:
    return re.findall(r"\{([^}]*)\}", path)


def match_operations(old: dict[str, Any], new: dict[str, Any], mapping: DiffMapping) -> Matched:
    old_ops, new_ops = operations(old), operations(new)
    pairs: list[OperationPair] = []
    for m in mapping.operations:
        pairs.append(OperationPair(m.old, m.new, True, {**_positional(m.old[1], m.new[1]), **m.parameters}))
    taken_old = {p.old for p in pairs}
    taken_new = {p.new for p in pairs}
    by_key = {(method, normalized_path(path)): (method, path) for method, path in new_ops if (method, path)
              not in taken_new}
    for key in old_ops:
        if key in taken_old:
            continue
        found = by_key.pop((key[0], normalized_path(key[1])), None)
        if found is not None:
            pairs.append(OperationPair(key, found, False, _positional(key[1], found[1])))
            taken_old.add(key)
            taken_new.add(found)
    pairs.sort(key=lambda p: (p.new[1], p.new[0]))
    return Matched(
        pairs=tuple(pairs),
        removed=tuple(sorted((k for k in old_ops if k not in taken_old), key=lambda k: (k[1], k[0]))),
        added=tuple(sorted((k for k in new_ops if k not in taken_new), key=lambda k: (k[1], k[0]))),
    )


def _positional(old_path: str, new_path: str) -> dict[str, str]:
    """Path parameters are positional: a renamed one is the same parameter."""
    old_names, new_names = path_parameters(old_path), path_parameters(new_path)
    if len(old_names) != len(new_names):
        return {}
    return {o: n for o, n in zip(old_names, new_names, strict=True) if o != n}


def match_schemas(old: dict[str, Any], new: dict[str, Any], mapping: DiffMapping,
                  places: list[tuple[str, str]], notes: list[str] | None = None,
                  ) -> tuple[list[SchemaPair], list[str], list[str]]:
    """The schema pairs (each with the evidence that paired it), the old schemas left without a partner
    (removed) and the new ones (added); `places` are the (old, new) schemas met at the same place; `notes`
    gets a line when pairing by structure was skipped."""
    old_schemas: dict[str, Any] = old.get("components", {}).get("schemas", {})
    new_schemas: dict[str, Any] = new.get("components", {}).get("schemas", {})
    left_old = dict.fromkeys(old_schemas)
    left_new = dict.fromkeys(new_schemas)
    pairs: list[SchemaPair] = []

    def pair(o: str, n: str, evidence: SchemaEvidence) -> None:
        if o in left_old and n in left_new:
            del left_old[o], left_new[n]
            pairs.append(SchemaPair(o, n, evidence))

    for o, n in mapping.schemas.items():
        pair(o, n, "mapping")
    for name in list(left_old):
        pair(name, name, "name")
    by_name: dict[str, list[str]] = {}  # a new schema's name or alias -> the new schemas it names
    for n in left_new:
        for name in _names(n, new_schemas[n]):
            by_name.setdefault(name, []).append(n)
    for o in list(left_old):
        partner = _only_partner(_names(o, old_schemas[o]), by_name, left_new)
        if partner is not None:
            pair(o, partner, "alias")
    for o, n in places:
        pair(o, n, "place")
    old_names = {o: _property_names(old_schemas[o]) for o in left_old}
    new_names = {n: _property_names(new_schemas[n]) for n in left_new}
    candidates = _sharing(old_names, new_names)
    if candidates is None:
        if notes is not None:
            notes.append(f"schemas were not paired by structure: {len(left_old):,} old and {len(left_new):,} new "
                         f"ones left share property names more than {STRUCTURE_WORK:,} times; those are listed as "
                         "removed and added")
        candidates = set()
    scored = sorted((-_jaccard(old_names[o], new_names[n]), o, n) for o, n in candidates)
    for score, o, n in scored:
        if -score >= STRUCTURE_THRESHOLD:
            pair(o, n, "structure")
    pairs.sort(key=lambda p: (p.old, p.new))
    return pairs, sorted(left_old), sorted(left_new)


def _names(name: str, schema: Any) -> set[str]:
    aliases = schema.get("x-apigen-aliases", []) if isinstance(schema, dict) else []
    return {name, *(a for a in aliases if isinstance(a, str))}


def _only_partner(names: set[str], by_name: dict[str, list[str]], left: dict[str, None]) -> str | None:
    """The one new schema still unpaired that one of `names` names; None when none or several do."""
    found: str | None = None
    for name in names:
        for candidate in by_name.get(name, ()):
            if candidate in left and candidate != found:
                if found is not None:
                    return None
                found = candidate
    return found


def _property_names(schema: Any) -> frozenset[str]:
    properties = schema.get("properties") if isinstance(schema, dict) else None
    return frozenset(properties) if isinstance(properties, dict) else frozenset()


def _sharing(old: dict[str, frozenset[str]], new: dict[str, frozenset[str]]) -> set[tuple[str, str]] | None:
    """The (old, new) schema pairs that share a property name (no other pair can be alike), found through
    an index of the names; None past STRUCTURE_WORK meetings."""
    index: dict[str, list[str]] = {}
    for name, properties in old.items():
        for prop in properties:
            index.setdefault(prop, []).append(name)
    found: set[tuple[str, str]] = set()
    work = 0
    for name, properties in new.items():
        for prop in properties:
            olds = index.get(prop, ())
            work += len(olds)
            if work > STRUCTURE_WORK:
                return None
            found.update((o, name) for o in olds)
    return found


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of property names two schemas have in common; 0 for a schema without any."""
    return len(a & b) / len(a | b) if a and b else 0.0
