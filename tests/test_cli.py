"""The `apigen` command through its installed entry point."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import SEED
from test_bad_input import APIGEN


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([APIGEN, *args], capture_output=True, text=True, timeout=120)


def test_build_writes_specs_and_reports(project: Path) -> None:
    result = run("build", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert "cbr: 4 pages" in result.stdout and "csbs: 1 pages" in result.stdout
    for name in ("cbr.openapi.yaml", "cbr.conflicts.json", "cbr.conflicts.md", "csbs.openapi.yaml"):
        assert (project / "spec" / name).is_file()


def test_build_strict_exits_1_while_a_conflict_is_unresolved(project: Path) -> None:
    result = run("build", "--root", str(project), "--strict")
    assert result.returncode == 1
    unresolved = sum(json.loads((project / "spec" / f"{s}.conflicts.json").read_text())["summary"]["unresolved"]
                     for s in ("cbr", "csbs"))
    assert unresolved and f"{unresolved} unresolved conflict(s)" in result.stderr


def test_bad_usage_exits_2() -> None:
    assert run("build", "--no-such-flag").returncode == 2
    assert run("inspect").returncode == 2
    missing = run("build", "--root", "/nonexistent-apigen-root")
    assert missing.returncode == 2 and "no service folders" in missing.stderr


def test_inspect_shows_tables_rows_and_bindings() -> None:
    result = run("inspect", str(SEED["003"]), str(SEED["004"]))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "GET /v3/{project_id}/backups/{backup_id}" in out
    assert "-> BackupResp [same place in the other language's page]" in out
    assert "    resource_size: 'Integer' -> integer" in out
    assert "    supported_restore_mode: 'String' -> string  (enum na, snapshot, backup; default na)" in out
    assert "    image_type: 'String' -> string  (enum announced, no values)" in out


def test_inspect_json() -> None:
    result = run("inspect", "--json", str(SEED["002"]))
    data = json.loads(result.stdout)
    assert data["format"] == "webtext_cells" and data["language"] == "zh"
    tables = {t["name"]: t for t in data["tables"] if t["name"]}
    assert tables["fail_code"]["fields"][0] == {
        "name": "Code", "type": "Long", "parsed": "integer (int64)", "required": None, "enum": [],
        "enum_announced": False, "default": None, "line": tables["fail_code"]["fields"][0]["line"]}
