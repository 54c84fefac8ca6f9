"""Type candidates that do not disagree: one says less than another and nothing more (an array whose items no
source names beside an array of X; an object with no fields beside a named object type; no type at all beside
any type; a number beside an integer). The one that says more refines the others; it decides, under rule
R3-type-refines, and the report still shows every candidate. Candidates that say different things are no
refinement and stay for the other rules."""

from __future__ import annotations

from typing import Any


def generalizes(general: dict[str, Any], specific: dict[str, Any]) -> bool:
    """Whether `general` is `specific` with some of what it says left out: every value `specific` admits,
    `general` admits, and `general` names nothing `specific` does not."""
    if general == specific:
        return True
    if not general:
        return True  # no type: any value
    if "anyOf" in general or "anyOf" in specific:
        return False
    if "$ref" in specific:
        return general == {"type": "object"}
    kind = general.get("type")
    if general == {"type": "number"} and specific.get("type") == "integer":
        return True  # every integer is a number: "Integer" says more than "Number"
    if kind != specific.get("type"):
        return False
    if kind == "array":
        if "items" not in general:
            return True
        return "items" in specific and generalizes(general["items"], specific["items"])
    if kind == "object":
        return set(general) == {"type"}
    # a scalar: the same type, the general one without the specific one's format
    return set(general) <= set(specific) and all(specific[k] == v for k, v in general.items())


def most_specific(schemas: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one candidate every other one generalizes, or None when the candidates disagree (two say
    different things, or none says more than all the others)."""
    for candidate in schemas:
        if all(generalizes(other, candidate) for other in schemas):
            return candidate
    return None
