"""What a validation run found, aggregated: verdict counts (they add up to the captures read), findings
per (operation, response, JSON path, kind) with a count and the first sample, and a bounded list of the
captures that could not be read or routed.

Summaries merge associatively and the merged result does not depend on how the input was split: counts
add, and each sample kept is the earliest by (file, line). So one process, --jobs N and a Dask cluster
report the same bytes."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator.validate.captures import Broken, Capture
from generator.validate.engine import VERDICTS, Error, Outcome

SAMPLES_PER_VERDICT = 20  # captures listed by file and line for each verdict other than valid and invalid
# Distinct "sent" values counted per finding (the bad enum values, say); past that many, the rest count as
# "(other)", and only then may the breakdown (never the count) depend on how the input was split.
_SENT_KEPT = 1000


class Place(NamedTuple):
    source: str
    line: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass
class Finding:
    operation: str
    status: str
    path: str
    kind: str
    expected: str
    count: int = 0
    sent: Counter[str] = field(default_factory=Counter)
    sample: Place | None = None
    message: str = ""

    def add(self, error: Error, place: Place) -> None:
        self.count += 1
        if error.sent in self.sent or len(self.sent) < _SENT_KEPT:
            self.sent[error.sent] += 1
        else:
            self.sent["(other)"] += 1
        if self.sample is None or place < self.sample:
            self.sample, self.message = place, error.message

    def merge(self, other: Finding) -> None:
        self.count += other.count
        for sent, n in other.sent.items():
            key = sent if sent in self.sent or len(self.sent) < _SENT_KEPT else "(other)"
            self.sent[key] += n
        if other.sample is not None and (self.sample is None or other.sample < self.sample):
            self.sample, self.message = other.sample, other.message

    def headline(self) -> str:
        """e.g. `ShowBackup 200 backup.resource_size: 9,812 captures sent a string, the spec says integer`."""
        where = f"{self.operation} {self.status} {self.path or '(body)'}"
        n = f"{self.count:,} capture{'s' if self.count != 1 else ''}"
        sent = ", ".join(f"{_article(s)} ({c:,})" if len(self.sent) > 1 else _article(s)
                         for s, c in self.sent.most_common(3))
        if self.kind == "type":
            return f"{where}: {n} sent {sent}, the spec says {self.expected}"
        if self.kind == "required":
            return f"{where}: {n} left it out, the spec requires it"
        if self.kind == "missing-body":
            return f"{where}: {n} had no body, the spec documents one"
        if self.kind == "enum":
            return f"{where}: {n} sent a value the spec does not list: {sent}"
        if self.kind == "any-of":
            return f"{where}: {n} sent {sent}, which fits none of the spec's alternatives"
        return f"{where}: {n} broke `{self.kind}` ({self.expected}); sent {sent}"

    def to_json(self) -> dict[str, Any]:
        return {"operation": self.operation, "status": self.status, "path": self.path, "kind": self.kind,
                "expected": self.expected, "count": self.count,
                "sent": dict(sorted(self.sent.items(), key=lambda kv: (-kv[1], kv[0]))),
                "sample": str(self.sample) if self.sample else None, "message": self.message}


def _article(kind: str) -> str:
    if kind in ("string", "integer", "number", "boolean", "array", "object"):
        return ("an " if kind[0] in "aeiou" else "a ") + kind
    return kind


@dataclass
class Summary:
    captures: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    operations: dict[str, Counter[str]] = field(default_factory=dict)
    findings: dict[tuple[str, str, str, str, str], Finding] = field(default_factory=dict)
    samples: dict[str, list[tuple[Place, str]]] = field(default_factory=dict)
    newlines: int = 0  # line ends read (JSON Lines): how far the next range of the same file is renumbered

    def add(self, item: Capture | Broken, outcome: Outcome | None) -> None:
        if isinstance(item, Broken):
            self.captures += 1
            self._count(item.verdict, "", Place(item.source, item.line), item.message)
            return
        assert outcome is not None
        self.add_outcome(item.source, item.line, outcome)

    def add_outcome(self, source: str, line: int, outcome: Outcome) -> None:
        """A capture's verdict, with the file and line it came from."""
        self.captures += 1
        place = Place(source, line)
        self._count(outcome.verdict, outcome.operation, place, outcome.message)
        seen: set[tuple[str, str, str, str, str]] = set()
        for error in outcome.errors:
            key = (outcome.operation, outcome.status, error.path, error.kind, error.expected)
            if key in seen:  # one capture counts once per field and kind, however many array items broke
                continue
            seen.add(key)
            finding = self.findings.get(key)
            if finding is None:
                finding = self.findings[key] = Finding(outcome.operation, outcome.status, error.path,
                                                       error.kind, error.expected)
            finding.add(error, place)

    def add_valid(self, by_operation: dict[str, int]) -> None:
        """Valid captures counted in bulk (the hot loop's tally): no sample is kept of them."""
        for operation, count in by_operation.items():
            self.captures += count
            self.verdicts["valid"] += count
            if operation:
                counts = self.operations.get(operation)
                if counts is None:
                    counts = self.operations[operation] = Counter()
                counts["valid"] += count

    def _count(self, verdict: str, operation: str, place: Place, message: str) -> None:
        self.verdicts[verdict] += 1
        if operation:
            counts = self.operations.get(operation)
            if counts is None:
                counts = self.operations[operation] = Counter()
            counts[verdict] += 1
        if verdict in ("valid", "invalid"):
            return
        kept = self.samples.setdefault(verdict, [])
        if len(kept) < SAMPLES_PER_VERDICT or place < kept[-1][0]:
            kept.append((place, message))
            kept.sort()
            del kept[SAMPLES_PER_VERDICT:]

    def shift(self, lines: int) -> Summary:
        """Renumbers every place by `lines`: a range of a file was read from its own line 1."""
        for finding in self.findings.values():
            if finding.sample is not None:
                finding.sample = Place(finding.sample.source, finding.sample.line + lines)
        for kept in self.samples.values():
            kept[:] = [(Place(place.source, place.line + lines), message) for place, message in kept]
        return self

    def merge(self, other: Summary) -> Summary:
        self.captures += other.captures
        self.newlines += other.newlines
        self.verdicts.update(other.verdicts)
        for op, counts in other.operations.items():
            self.operations.setdefault(op, Counter()).update(counts)
        for key, finding in other.findings.items():
            mine = self.findings.get(key)
            if mine is None:
                self.findings[key] = finding
            else:
                mine.merge(finding)
        for verdict, kept in other.samples.items():
            merged = sorted(self.samples.get(verdict, []) + kept)
            self.samples[verdict] = merged[:SAMPLES_PER_VERDICT]
        return self

    def failing(self, fail_on: tuple[str, ...]) -> bool:
        return any(self.verdicts[v] for v in fail_on)

    def ordered_findings(self) -> list[Finding]:
        return sorted(self.findings.values(), key=lambda f: (-f.count, f.operation, f.status, f.path, f.kind))

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape (README "apigen validate" documents it)."""
        return {
            "captures": self.captures,
            "verdicts": {v: self.verdicts[v] for v in VERDICTS},
            "operations": {op: {v: c[v] for v in VERDICTS if c[v]} for op, c in sorted(self.operations.items())},
            "findings": [f.to_json() for f in self.ordered_findings()],
            "samples": {v: [{"place": str(p), "message": m} for p, m in self.samples[v]]
                        for v in VERDICTS if v in self.samples},
        }

    def to_text(self) -> str:
        from generator.emit.report import plain_line

        counts = ", ".join(f"{self.verdicts[v]:,} {v.replace('_', ' ')}" for v in VERDICTS)
        lines = [f"{self.captures:,} captures: {counts}"]
        if self.operations:
            lines += ["", *self._operation_table()]
        findings = self.ordered_findings()
        if findings:
            lines += ["", "Findings (operation, response, field: what the captures sent)"]
            lines += [f"  {plain_line(f.headline())}  [e.g. {plain_line(str(f.sample))}]" for f in findings]
        for verdict in VERDICTS:
            if verdict in self.samples:
                total = self.verdicts[verdict]
                shown = self.samples[verdict]
                more = f" (first {len(shown)} of {total:,})" if total > len(shown) else ""
                lines += ["", f"{verdict.replace('_', ' ').capitalize()}{more}:"]
                lines += [f"  {plain_line(str(p))}: {plain_line(m)}" for p, m in shown]
        return "\n".join(lines) + "\n"


    def _operation_table(self) -> list[str]:
        """Verdicts per operation, the most invalid first; a column only for a verdict some capture got."""
        from generator.emit.report import plain_line

        columns = [v for v in VERDICTS if any(c[v] for c in self.operations.values())]
        rows = sorted(self.operations.items(), key=lambda kv: (-kv[1]["invalid"], -sum(kv[1].values()), kv[0]))
        table = [["operation", "captures", *(v.replace("_", " ") for v in columns)]]
        table += [[plain_line(op), f"{sum(c.values()):,}", *(f"{c[v]:,}" for v in columns)] for op, c in rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        return ["  " + "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                                 for i, cell in enumerate(row)).rstrip() for row in table]


def dumps(summary: Summary) -> str:
    return json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n"
