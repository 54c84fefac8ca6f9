"""Every revision of the pages in spec/history/cbr (OTC's git history of three pages) builds on its
own: a spec, every table accounted for, every example valid or a reported conflict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator.pipeline import build_service

HISTORY = sorted((ROOT / "spec" / "history" / "cbr").glob("*.rst"))


def test_the_history_holds_every_revision() -> None:
    pages = {p.name.split("@")[0] for p in HISTORY}
    assert pages == {"querying_a_restore_point", "querying_a_specified_backup", "querying_all_backups"}
    assert len(HISTORY) == 15


@pytest.mark.parametrize("revision", HISTORY, ids=lambda p: p.name)
def test_each_revision_builds(tmp_path: Path, revision: Path) -> None:
    folder = tmp_path / "spec" / "sources" / "cbr"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "spec" / "sources" / "cbr" / "service.yaml", folder)
    shutil.copy(revision, folder)
    result = build_service(tmp_path, "cbr")
    assert not result.errors, [e.one_line() for e in result.errors]
    spec = yaml.safe_load(result.outputs["cbr.openapi.yaml"])
    (operation,) = [op for item in spec["paths"].values() for op in item.values()]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    cover = json.loads(result.outputs["cbr.coverage.json"])["totals"]
    assert cover["rows_dropped"] == 0 and cover["unaccounted_tables"] == 0
    assert cover["parameter_tables_bound_percent"] == 100.0
    report = json.loads(result.outputs["cbr.conflicts.json"])
    assert cover["example_responses_invalid"] == report["summary"]["by_kind"].get("example-invalid", 0)
