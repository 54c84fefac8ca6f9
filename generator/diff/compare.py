"""One comparison: two sides, what changed between them (changes.py), and each change judged (rules.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.diff.changes import compute_changes
from generator.diff.mapping import DiffMapping, check_mapping
from generator.diff.rules import SEVERITIES, Finding, Severity, at_least, judge
from generator.diff.sides import Side


@dataclass(frozen=True)
class Comparison:
    old: str
    new: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()  # what the comparison left out to stay within its bounds

    def counts(self) -> dict[Severity, int]:
        seen = Counter(f.rule.severity for f in self.findings)
        return {s: seen[s] for s in SEVERITIES}

    def fails(self, fail_on: Severity | None) -> bool:
        return fail_on is not None and any(f.rule.severity in at_least(fail_on) for f in self.findings)


def compare(old: Side, new: Side, mapping: DiffMapping | None = None) -> Comparison:
    if mapping is not None:
        check_mapping(mapping, old.doc, new.doc)
    notes: list[str] = []
    changes = compute_changes(old.doc, new.doc, mapping, (old.label, new.label), notes)
    return Comparison(old.label, new.label, tuple(judge(changes)), tuple(notes))
