"""Why the sources disagree, told from a conflict's own candidates: so that a reviewer works through the
unresolved conflicts a cause at a time (every "one value or a list of them" together, every example that
omits a field together) rather than one by one. A cause is a reading aid, never a decision."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_ARRAY_OF = re.compile(r"^array of (?P<inner>.+)$")
_SCALARS = {"string", "integer", "number", "boolean"}


def cause_of(conflict: Mapping[str, Any], languages: Mapping[str, str]) -> str:
    """The cause of one conflict (as the JSON report holds it); `languages` maps a source file to the language
    its page is written in."""
    kind = conflict["kind"]
    if kind == "example-invalid":
        return _example_cause(conflict["candidates"][0]["value"])
    values = [c["value"] for c in conflict["candidates"] if not c["value"].endswith("(examples)")]
    shown = [c["value"] for c in conflict["candidates"] if c["value"].endswith("(examples)")]
    where = _languages_of(conflict, languages)
    if kind == "type" and len(values) == 1 and shown and " | " in shown[0]:
        return f"the examples send several types; {where}"
    if kind == "type":
        return f"{_type_cause(values)}; {where}"
    if kind == "enum":
        return f"values one source lists and another does not; {where}"
    if kind == "presence":
        return f"a field one source has and another lacks; {where}"
    return where


def _example_cause(message: str) -> str:
    if "is a required property" in message:
        return "an example omits a field the tables require"
    if "is not of type" in message:
        return "an example sends another type than the tables say"
    if "is valid under each of" in message or "is not valid under any of" in message:
        return "an example fits several (or none) of the request's alternatives"
    if "is not one of" in message:
        return "an example sends a value the enum does not list"
    return "an example the spec rejects"


def _type_cause(values: list[str]) -> str:
    """How the candidate types differ."""
    bare = {v.split(" (")[0].removesuffix(" | null") for v in values}
    inners = {m.group("inner") for v in bare if (m := _ARRAY_OF.match(v))}
    singles = {v for v in bare if not _ARRAY_OF.match(v)}
    if inners and singles and (singles & inners or singles <= _SCALARS and "any" in inners):
        return "one value or a list of them (a type written two ways)"
    if inners and singles and any(v.endswith("object") for v in singles | inners):
        return "one object or a list of objects"
    if bare <= _SCALARS:
        return "a scalar typed two ways (" + " vs ".join(sorted(bare)) + ")"
    if all(v.endswith("object") for v in bare) or all(_ARRAY_OF.match(v) for v in bare):
        return "two structures for one field (names or item types differ)"
    return "types of different shapes"


def _languages_of(conflict: Mapping[str, Any], languages: Mapping[str, str]) -> str:
    """Whether the candidates split by language (the two references, two clouds' revisions) or come from
    pages of one language (two pages, or two revisions, of one reference)."""
    per_candidate = []
    for candidate in conflict["candidates"]:
        if candidate["value"].endswith("(examples)"):
            continue
        found = {languages.get(_file_of(s), "") for s in candidate["sources"]} - {""}
        per_candidate.append(found)
    every = set().union(*per_candidate) if per_candidate else set()
    if len(every) < 2:
        return f"pages of one language ({', '.join(sorted(every)) or 'unknown'})"
    if all(len(found) == 1 for found in per_candidate) and len({next(iter(f)) for f in per_candidate}) > 1:
        return "the languages disagree (" + " vs ".join(sorted(every)) + ")"
    return "pages of both languages on each side"


def _file_of(cited: str) -> str:
    """The file a cited source names (`file:line (table, row)`)."""
    return re.sub(r":\d+(?: \(.*\))?$", "", cited)
