"""A decision context for the decision modules' tests: it keeps the conflicts and gaps they record, as the
reconciler does, and ranks sources by a given order."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.reconcile.model import Candidate, Gap


@dataclass
class Recorded:
    order: tuple[str, ...] = ()
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (subject, rule, decision)
    gaps: list[Gap] = field(default_factory=list)

    def conflict(self, *, subject: str, kind: str, candidates: list[Candidate], decision: str, rule: str,
                 status: str = "resolved") -> str:
        self.conflicts.append((subject, rule, decision))
        return f"{kind}:{subject}"

    def gap(self, gap: Gap) -> None:
        self.gaps.append(gap)

    def priority(self, source: str) -> int:
        return self.order.index(source) if source in self.order else len(self.order)
