"""The next version of a generated package, by semver from the spec diff (generator/diff judges each
change), and the CHANGELOG.md entry that says why.

A finding the diff calls breaking bumps the major version; so does one the wire survives but the package's
Python names do not (RENAMES_IN_PACKAGE). An addition (a rule id with `-added`) bumps the minor; anything
else the patch. The first release is 1.0.0: below 1.0.0 semver promises nothing, and the bump would then
tell a user nothing about what broke."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.diff.compare import Comparison
from generator.diff.rules import Finding
from generator.emit.report import md_cell

Bump = Literal["major", "minor", "patch"]
FIRST_VERSION = "1.0.0"
SHOWN_PER_GROUP = 200  # findings an entry lists in one group; the rest are counted
_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")

# Findings the wire does not break, each with why it breaks the generated package's names.
RENAMES_IN_PACKAGE: dict[str, str] = {
    "operation-id-changed": "The client method is named after the operationId: calls by the old name fail.",
    "schema-renamed": "The model class is named after the schema: imports of the old name fail.",
    "schema-removed": "Its model class goes: imports of it fail.",
    "request-parameter-removed": "The method loses that argument: calls passing it fail.",
    "path-parameter-renamed": "The method's argument is renamed: calls passing it by name fail.",
}
_GROUPS: tuple[tuple[Bump, str], ...] = (("major", "Breaking"), ("minor", "Added"), ("patch", "Other"))


@dataclass(frozen=True)
class Release:
    version: str
    entry: str  # the CHANGELOG.md section for this version, "" when the version did not change


def bump_of(finding: Finding) -> Bump:
    if finding.rule.severity == "breaking" or finding.rule.id in RENAMES_IN_PACKAGE:
        return "major"
    return "minor" if "-added" in finding.rule.id else "patch"


def is_version(text: str) -> bool:
    return _SEMVER.fullmatch(text) is not None


def next_version(version: str, bump: Bump) -> str:
    major, minor, patch = (int(part) for part in version.split("."))
    if bump == "major":
        return f"{major + 1}.0.0"
    return f"{major}.{minor + 1}.0" if bump == "minor" else f"{major}.{minor}.{patch + 1}"


def first_release(spec_display: str) -> Release:
    return Release(FIRST_VERSION, f"## {FIRST_VERSION}\n\nFirst release, generated from {md_cell(spec_display)}.\n")


def regenerated(version: str, spec_display: str) -> Release:
    """The spec is the one the package was generated from, but the generated code changed (a newer apigen)."""
    new = next_version(version, "patch")
    return Release(new, f"## {new}\n\nThe spec ({md_cell(spec_display)}) is unchanged; apigen generated other "
                        "code from it.\n")


def released(version: str, spec_display: str, comparison: Comparison) -> Release:
    """The release after `version` for a spec that changed: the largest bump any finding asks for."""
    grouped: dict[Bump, list[Finding]] = {bump: [] for bump, _ in _GROUPS}
    for finding in comparison.findings:
        grouped[bump_of(finding)].append(finding)
    bump: Bump = next((b for b, _ in _GROUPS if grouped[b]), "patch")
    new = next_version(version, bump)
    counts = ", ".join(f"{len(grouped[b])} {title.lower()}" for b, title in _GROUPS)
    lines = [f"## {new}", "", f"Generated from {md_cell(spec_display)}; against the spec of {version}: {counts}."]
    if not comparison.findings:
        lines.append("The spec changed in nothing a client sees (its text only).")
    for bump_kind, title in _GROUPS:
        findings = grouped[bump_kind]
        if findings:
            lines += ["", f"### {title}", ""]
            lines += [_line(f) for f in findings[:SHOWN_PER_GROUP]]
            if len(findings) > SHOWN_PER_GROUP:
                lines.append(f"- … and {len(findings) - SHOWN_PER_GROUP} more (`apigen diff` on the two specs "
                             "lists them all)")
    lines += [f"\nNote: {md_cell(note)}" for note in comparison.notes]
    return Release(new, "\n".join(lines) + "\n")


def _line(finding: Finding) -> str:
    where = f"{md_cell(finding.change.operation)}: " if finding.change.operation else ""
    return f"- {where}{md_cell(finding.message)} (`{finding.rule.id}`)"
