"""Extraction snapshots: what apigen reads from every source page (tables, roles, bindings, rows with raw
and parsed types, enums, defaults, examples, status codes), checked in under tests/snapshots/ as the
text `apigen inspect` prints. A parser change shows up as a reviewable diff of these files.

Regenerate after an intended change: APIGEN_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT

from generator.bind import bind_pages
from generator.cli import render_class, render_page
from generator.pipeline import read_pages, service_names, source_files

SNAPSHOTS = Path(__file__).parent / "snapshots"


def snapshots() -> dict[Path, str]:
    """What every page of every service reads as: its class, and for a page that documents something, what
    `apigen inspect` prints of it (each operation of a page stating several request lines)."""
    out: dict[Path, str] = {}
    for service in service_names(ROOT):
        files = source_files(ROOT, service)
        pages, outcomes = read_pages(ROOT, files)
        bound = bind_pages(pages)
        for path, outcome in zip(files, outcomes, strict=True):
            relative = path.relative_to(ROOT / "spec" / "sources")
            text = render_class(outcome)
            text += "".join("\n" + render_page(page) for page in bound if page.source == outcome.source)
            out[SNAPSHOTS / relative.with_name(relative.name + ".txt")] = text + "\n"
    return out


def test_extraction_matches_the_checked_in_snapshots() -> None:
    fresh = snapshots()
    if os.environ.get("APIGEN_UPDATE_SNAPSHOTS"):
        for path in SNAPSHOTS.rglob("*.txt"):
            path.unlink()
        for path, text in fresh.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    stale = [str(p.relative_to(SNAPSHOTS)) for p, text in fresh.items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    extra = sorted(str(p.relative_to(SNAPSHOTS)) for p in SNAPSHOTS.rglob("*.txt") if p not in fresh)
    assert not stale and not extra, (f"snapshots differ for {stale[:10]} (+{max(0, len(stale) - 10)}), "
                                     f"no page for {extra[:10]}; review and run with APIGEN_UPDATE_SNAPSHOTS=1")


@pytest.mark.parametrize("name", ["cbr/otc/cbr_apis/backups/querying_a_specified_backup.rst.txt",
                                  "elb/huawei/ShowLoadBalancer.html.txt"])
def test_a_snapshot_reads_as_a_review(name: str) -> None:
    text = (SNAPSHOTS / name).read_text(encoding="utf-8")
    first, second = text.splitlines()[:2]
    assert ": operation: request line GET /v3/{project_id}/" in first
    assert second.endswith(("rst, en", "html_export, en"))
    assert "table 'Table 1 Path" in text and "-> string" in text
