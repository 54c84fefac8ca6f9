"""Findings laid out for a reader: human text grouped by operation (coloured on a terminal), Markdown for
a pull-request comment, and JSON in a stable, versioned shape (README: "apigen diff --format json").

Everything a spec or a doc page wrote (paths, names, descriptions, example values) is untrusted: it is
made one visible line in text output and escaped in Markdown, so it cannot drive a terminal or inject
markup."""

from __future__ import annotations

from typing import Any

import click

from generator.diff.compare import Comparison
from generator.diff.rules import RULES, SEVERITIES, Finding, Severity, at_least
from generator.emit.report import md_cell, plain_line

JSON_FORMAT = "apigen-diff/1"
COMPONENTS = "components"
_COLOURS: dict[Severity, dict[str, Any]] = {
    "breaking": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow"},
    "info": {"dim": True},
}


def to_json(comparisons: list[Comparison]) -> dict[str, Any]:
    used = sorted({f.rule.id for c in comparisons for f in c.findings})
    return {
        "format": JSON_FORMAT,
        "comparisons": [
            {
                "old": c.old,
                "new": c.new,
                "summary": c.counts(),
                "findings": [
                    {
                        "rule": f.rule.id,
                        "severity": f.rule.severity,
                        "operation": f.change.operation,
                        "direction": f.change.direction,
                        "where": f.change.where,
                        "message": f.message,
                        "old": f.change.old,
                        "new": f.change.new,
                        "old_pointer": f.change.old_pointer,
                        "new_pointer": f.change.new_pointer,
                    }
                    for f in c.findings
                ],
                **({"notes": list(c.notes)} if c.notes else {}),
            }
            for c in comparisons
        ],
        "rules": {r: {"severity": RULES[r].severity, "rationale": RULES[r].rationale} for r in used},
    }


def by_operation(findings: tuple[Finding, ...], level: Severity) -> dict[str, list[Finding]]:
    """Findings at `level` or above, grouped by operation in the order the operations were met (the
    components last), the most severe first within each group."""
    shown = at_least(level)
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule.severity in shown:
            groups.setdefault(f.change.operation or COMPONENTS, []).append(f)
    if COMPONENTS in groups:
        groups[COMPONENTS] = groups.pop(COMPONENTS)
    return {op: sorted(fs, key=lambda f: SEVERITIES.index(f.rule.severity)) for op, fs in groups.items()}


def to_text(comparisons: list[Comparison], level: Severity = "info", colour: bool = False) -> str:
    width = max((len(r) for r in RULES), default=0)
    out: list[str] = []
    for c in comparisons:
        counts = c.counts()
        out.append(f"{plain_line(c.old)} -> {plain_line(c.new)}")
        out.append("  " + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES))
        for operation, findings in by_operation(c.findings, level).items():
            out += ["", _style(plain_line(operation), colour, bold=True)]
            for f in findings:
                tag = _style(f"{f.rule.severity:<8}", colour, **_COLOURS[f.rule.severity])
                out.append(f"  {tag}  {f.rule.id:<{width}}  {plain_line(f.message)}")
        out += [f"  note: {plain_line(note)}" for note in c.notes]
        hidden = sum(1 for f in c.findings if f.rule.severity not in at_least(level))
        if hidden:
            out += ["", f"({hidden} finding(s) below {level} not shown)"]
        out.append("")
    return "\n".join(out)


def to_markdown(comparisons: list[Comparison], level: Severity = "info") -> str:
    """One section per comparison: the summary, breaking changes and warnings in a table grouped by
    operation, the info findings folded away, and the rationale of every rule cited."""
    out: list[str] = []
    for c in comparisons:
        counts = c.counts()
        out += [f"## API changes: {md_cell(c.old)} → {md_cell(c.new)}", "",
                f"**{counts['breaking']} breaking**, {counts['warning']} warning(s), {counts['info']} info.", ""]
        out += [f"> Note: {md_cell(note)}" for note in c.notes] + ([""] if c.notes else [])
        groups = by_operation(c.findings, level)
        serious = [(op, f) for op, fs in groups.items() for f in fs if f.rule.severity != "info"]
        minor = [(op, f) for op, fs in groups.items() for f in fs if f.rule.severity == "info"]
        if serious:
            out += _table(serious)
        if minor:
            out += [f"<details><summary>{len(minor)} info finding(s)</summary>", ""] + _table(minor) + ["</details>",
                                                                                                      ""]
        used = sorted({f.rule.id for f in c.findings if f.rule.severity in at_least(level)})
        if used:
            out += ["<details><summary>Rules</summary>", "", "| rule | severity | rationale |", "|---|---|---|"]
            out += [f"| {r} | {RULES[r].severity} | {md_cell(RULES[r].rationale)} |" for r in used]
            out += ["", "</details>", ""]
    return "\n".join(out)


def _table(rows: list[tuple[str, Finding]]) -> list[str]:
    lines = ["| operation | severity | rule | change |", "|---|---|---|---|"]
    previous = None
    for operation, f in rows:
        shown = md_cell(operation) if operation != previous else ""
        previous = operation
        lines.append(f"| {shown} | {f.rule.severity} | {f.rule.id} | {md_cell(f.message)} |")
    lines.append("")
    return lines


def _style(text: str, colour: bool, **style: Any) -> str:
    return click.style(text, **style) if colour else text
