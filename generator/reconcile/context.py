"""What a decision module may ask of the reconciler walking the pages: record a conflict (and get its id
back), note a gap, and rank a source by the service's language priority. Decision modules take this small
context, never the reconciler itself, so each can be read and tested on its own."""

from __future__ import annotations

from typing import Protocol

from generator.reconcile.model import Candidate, Gap


class Decisions(Protocol):
    def conflict(self, *, subject: str, kind: str, candidates: list[Candidate], decision: str, rule: str,
                 status: str = "resolved") -> str:
        """Record a disagreement and the rule that settled it; the conflict's id."""
        ...

    def gap(self, gap: Gap) -> None:
        """Record something the docs leave unsaid."""
        ...

    def priority(self, source: str) -> int:
        """The source's rank in service.yaml's language priority (lower comes first)."""
        ...
