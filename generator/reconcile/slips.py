"""Examples that disagree among themselves where the tables do not: every table (in every language) gives a
field one type, some examples send a value of that type and others a value of another shape (an object
where the tables and the other examples send a string, one object where they send a list). When at least as
many example sources send the tables' type as send anything else, the tables decide, under rule
R2-example-slip, and the examples that do not fit are reported as slips. When the tables disagree, or most
examples send another type, this rule says nothing and the other rules (or a person) decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.reconcile.model import Candidate, Conflict


def tables_outweigh_slips(tables: list[dict[str, Any]], examples: list[tuple[str, Any]],
                          fits: Callable[[dict[str, Any], Any], bool]) -> dict[str, Any] | None:
    """The one type every table gives, when the example sources that send it are at least as many as those
    that send something else (and there are some of each); None otherwise. `examples`: (source, value)."""
    if len(tables) != 1 or not examples:
        return None
    schema = tables[0]
    fitting = {source for source, value in examples if fits(schema, value)}
    other = {source for source, value in examples if not fits(schema, value)}
    if not fitting or not other or len(fitting) < len(other):
        return None
    return schema


SLIP_MARK = " (examples judged slips)"


def slip_candidate(shown: str, sources: list[str]) -> Candidate:
    """The report's candidate naming the examples the rule set aside (`shown`: what they send), last among a
    slip conflict's candidates."""
    return Candidate(shown + SLIP_MARK, tuple(sorted(set(sources))))


def slip_sources(conflicts: list[Conflict]) -> dict[str, frozenset[str]]:
    """For each conflict R2-example-slip decided, the example sources it judged slips: an example there that
    the built spec rejects was decided (reported as such), not left for a person."""
    return {c.id: frozenset(c.candidates[-1].sources) for c in conflicts
            if c.rule == "R2-example-slip" and c.candidates and c.candidates[-1].value.endswith(SLIP_MARK)}
