"""The conflicts report: every disagreement between the sources, the candidates with their sources,
the decision and the rule that made it; as JSON for tools and as Markdown for people."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from generator.emit.causes import cause_of
from generator.reconcile.model import Service
from generator.reconcile.rules import RULES
from generator.terminal import terminal_text


def to_json_report(service: Service, languages: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The report; `languages` (a source file -> the language of its page) lets it say, of each unresolved
    conflict, whether the languages disagree or pages of one language do."""
    kinds = Counter(c.kind for c in service.conflicts)
    rules_used = sorted({c.rule for c in service.conflicts})
    report: dict[str, Any] = {
        "service": service.config.name,
        "summary": {
            "conflicts": len(service.conflicts),
            "resolved": sum(1 for c in service.conflicts if c.status == "resolved"),
            "unresolved": sum(1 for c in service.conflicts if c.status == "unresolved"),
            "by_kind": dict(sorted(kinds.items())),
            "gaps": len(service.gaps),
        },
        "rules": {r: RULES[r].rationale for r in rules_used},
        "conflicts": [
            {
                "id": c.id,
                "subject": c.subject,
                "kind": c.kind,
                "candidates": [{"value": cand.value, "sources": list(cand.sources)} for cand in c.candidates],
                "decision": c.decision,
                "rule": c.rule,
                "status": c.status,
                **({"decided_by": c.decided_by} if c.decided_by else {}),
            }
            for c in service.conflicts
        ],
        "gaps": [{"subject": g.subject, "what": g.what, "sources": list(g.sources)} for g in service.gaps],
    }
    groups: dict[tuple[str, str], list[str]] = {}
    for conflict in report["conflicts"]:
        if conflict["status"] == "unresolved":
            cause = cause_of(conflict, languages or {})
            groups.setdefault((conflict["kind"], cause), []).append(conflict["id"])
    report["unresolved_by_cause"] = [{"kind": kind, "cause": cause, "count": len(ids), "ids": ids}
                                     for (kind, cause), ids in sorted(groups.items())]
    return report


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def plain_line(text: str) -> str:
    """Doc text as one line that a terminal or a page shows as it is: runs of whitespace made one space, then
    control and invisible characters (escape sequences, bidi overrides) spelled out by `terminal_text`."""
    return terminal_text(" ".join(text.split()))


def md_cell(text: str) -> str:
    """Doc text made safe for a Markdown table cell: no markup, no pipes, no invisible controls."""
    text = plain_line(text)
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("`", "\\`"),
                      ("*", "\\*"), ("_", "\\_"), ("[", "\\["), ("]", "\\]")):
        text = text.replace(raw, safe)
    return text


def to_markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    lines = [
        f"# Conflicts: {md_cell(report['service'])}",
        "",
        f"{s['conflicts']} conflicts: {s['resolved']} resolved, {s['unresolved']} unresolved; "
        f"{s['gaps']} gaps.",
        "",
    ]
    if s["by_kind"]:
        lines += ["| kind | count |", "|---|---|"]
        lines += [f"| {md_cell(k)} | {n} |" for k, n in s["by_kind"].items()]
        lines.append("")
    unresolved = {c["id"]: c for c in report["conflicts"] if c["status"] == "unresolved"}
    if unresolved:
        groups = report.get("unresolved_by_cause", [])
        lines += ["## Unresolved (a person must decide), by kind and cause", "",
                  "| kind | cause | count |", "|---|---|---|"]
        lines += [f"| {md_cell(g['kind'])} | {md_cell(g['cause'])} | {g['count']} |" for g in groups]
        lines.append("")
        for group in groups:
            lines += [f"### {md_cell(group['kind'])}: {md_cell(group['cause'])} ({group['count']})", ""]
            lines += _conflict_rows([unresolved[i] for i in group["ids"]])
    resolved = [c for c in report["conflicts"] if c["status"] == "resolved"]
    if resolved:
        lines += ["## Resolved", ""]
        lines += _conflict_rows(resolved)
    if report["gaps"]:
        lines += ["## Gaps (announced by the docs, not given)", "", "| subject | what | sources |", "|---|---|---|"]
        for g in report["gaps"]:
            lines.append(f"| {md_cell(g['subject'])} | {md_cell(g['what'])} | "
                         f"{'<br>'.join(md_cell(x) for x in g['sources'])} |")
        lines.append("")
    if report["rules"]:
        lines += ["## Rules", "", "| rule | rationale |", "|---|---|"]
        lines += [f"| {md_cell(r)} | {md_cell(text)} |" for r, text in report["rules"].items()]
        lines.append("")
    return "\n".join(lines)


def _conflict_rows(conflicts: list[dict[str, Any]]) -> list[str]:
    rows = ["| id | kind | candidates (sources) | decision | rule |", "|---|---|---|---|---|"]
    for c in conflicts:
        candidates = "<br>".join(
            f"**{md_cell(cand['value'])}** — {', '.join(md_cell(s) for s in cand['sources'])}"
            for cand in c["candidates"])
        decision = md_cell(c["decision"]) + (f" (decided by {md_cell(c['decided_by'])})" if c.get("decided_by") else "")
        rows.append(f"| {md_cell(c['id'])} | {md_cell(c['kind'])} | {candidates} | {decision} | "
                    f"{md_cell(c['rule'])} |")
    rows.append("")
    return rows
