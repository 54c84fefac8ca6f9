"""`apigen diff` through its installed entry point: sides, formats, exit codes, escaping, --git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from conftest import CBR, ROOT
from test_bad_input import APIGEN
from test_diff_rules import base, thing

MAPPING = str(ROOT / "spec" / "mappings" / "csbs-v1-to-cbr-v3.yaml")
CSBS_SPEC, CBR_SPEC = str(ROOT / "spec" / "csbs.openapi.yaml"), str(ROOT / "spec" / "cbr.openapi.yaml")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([APIGEN, "diff", *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def write(path: Path, doc: dict[str, Any]) -> str:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return str(path)


def pair(tmp_path: Path, change: Any) -> tuple[str, str]:
    new = base()
    change(new)
    return write(tmp_path / "old.yaml", base()), write(tmp_path / "new.yaml", new)


def test_identical_specs_give_no_finding_and_exit_0() -> None:
    result = run(CBR_SPEC, CBR_SPEC, "--fail-on", "warning")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "  0 breaking, 0 warning, 0 info"


def test_fail_on_sets_the_exit_code(tmp_path: Path) -> None:
    old, new = pair(tmp_path, lambda d: thing(d)["status"]["enum"].append("standby"))  # a warning only
    assert run(old, new).returncode == 0
    assert run(old, new, "--fail-on", "breaking").returncode == 0
    assert run(old, new, "--fail-on", "warning").returncode == 1
    old, new = pair(tmp_path, lambda d: thing(d).pop("size"))  # breaking
    assert run(old, new, "--fail-on", "breaking").returncode == 1


def test_human_output_groups_by_operation_most_severe_first(tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        thing(doc)["id"]["description"] = "The ID"
        thing(doc).pop("size")
        doc["components"]["schemas"]["Spare"] = {"type": "object"}

    result = run(*pair(tmp_path, change), "--no-color")
    assert result.stdout.splitlines()[1:] == [
        "  1 breaking, 0 warning, 2 info",
        "",
        "PUT /v1/things/{thing_id}",
        "  breaking  response-property-removed          response 200 size: property removed",
        "  info      description-changed                response 200 id description changed: (none) -> The ID",
        "",
        "components",
        "  info      schema-added                       schema Spare: added",
        "",
    ]
    assert "\x1b[" not in result.stdout


def test_colour_on_request_and_level_filter(tmp_path: Path) -> None:
    old, new = pair(tmp_path, lambda d: (thing(d).pop("size"), thing(d)["id"].update(description="x")))
    coloured = run(old, new, "--color").stdout
    assert "\x1b[31m\x1b[1mbreaking" in coloured
    quiet = run(old, new, "--level", "breaking").stdout
    assert "description-changed" not in quiet and "(1 finding(s) below breaking not shown)" in quiet


def test_doc_text_cannot_drive_the_terminal_or_inject_markdown(tmp_path: Path) -> None:
    hostile = "\x1b[2J\x1b]0;pwned\x07 <img src=x onerror=alert(1)> | **bold** [link](http://x) \u202egnp.exe"
    old, new = pair(tmp_path, lambda d: thing(d)["id"].update(description=hostile))
    for flag in ("--color", "--no-color"):
        text = run(old, new, flag).stdout
        assert "\x1b[2J" not in text and "\x07" not in text and "\u202e" not in text
        assert "\\x1b[2J" in text and "\\u202e" in text
    markdown = run(old, new, "--format", "markdown").stdout
    assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "\\| \\*\\*bold\\*\\* \\[link\\](http://x)" in markdown
    assert "\x1b" not in markdown and "\u202e" not in markdown


def test_json_output_has_a_stable_documented_shape(tmp_path: Path) -> None:
    old, new = pair(tmp_path, lambda d: thing(d).pop("size"))
    first = run(old, new, "--format", "json")
    assert first.stdout == run(old, new, "--format", "json").stdout
    data = json.loads(first.stdout)
    assert data["format"] == "apigen-diff/1"
    assert data["comparisons"] == [{
        "old": old, "new": new,
        "summary": {"breaking": 1, "warning": 0, "info": 0},
        "findings": [{
            "rule": "response-property-removed", "severity": "breaking", "operation": "PUT /v1/things/{thing_id}",
            "direction": "response", "where": "response 200 size", "message": "response 200 size: property removed",
            "old": "", "new": "", "old_pointer": "#/components/schemas/Thing/properties/size", "new_pointer": "",
        }],
    }]
    assert data["rules"] == {"response-property-removed": {"severity": "breaking",
                                                           "rationale": "Clients reading it get nothing."}}


def test_markdown_folds_info_away_and_cites_rules() -> None:
    text = run(CSBS_SPEC, CBR_SPEC, "--mapping", MAPPING, "--format", "markdown").stdout
    assert text.startswith("## API changes: ")
    assert "**28 breaking**, 1 warning(s), 100 info." in text
    assert "| GET /v3/{project\\_id}/backups/{backup\\_id} | breaking | response-property-removed |" in text
    assert "<details><summary>100 info finding(s)</summary>" in text
    assert "| response-property-removed | breaking | Clients reading it get nothing. |" in text


def test_bad_usage_and_bad_sides_exit_2_naming_the_file(tmp_path: Path) -> None:
    assert run(CBR_SPEC).returncode == 2
    assert run(CBR_SPEC, CBR_SPEC, "--git", "HEAD").returncode == 2
    assert "not to --git" in run("--git", "HEAD", "--old-language", "zh").stderr
    assert "--service applies to --git only" in run(CBR_SPEC, CBR_SPEC, "--service", "cbr").stderr
    missing = run(str(tmp_path / "nope.yaml"), CBR_SPEC)
    assert missing.returncode == 2 and f"{tmp_path / 'nope.yaml'}: cannot read" in missing.stderr
    (tmp_path / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    wrong = run(str(tmp_path / "notes.yaml"), CBR_SPEC)
    assert wrong.returncode == 2 and "not an OpenAPI 3 document" in wrong.stderr
    language = run(CBR_SPEC, CBR_SPEC, "--old-language", "zh")
    assert language.returncode == 2 and "a language applies to a folder" in language.stderr
    unmapped = run(CSBS_SPEC, CBR_SPEC, "--mapping", str(tmp_path / "notes.yaml"))
    assert unmapped.returncode == 2 and "notes.yaml:just: unknown key" in unmapped.stderr
    assert "Traceback" not in missing.stderr + wrong.stderr + language.stderr + unmapped.stderr


def test_a_folder_with_a_bad_page_reports_every_problem(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(CBR / "001_fa6370b052034a7d.txt", folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "prose.txt").write_text("Nothing here.\n", encoding="utf-8")
    result = run(str(folder), CBR_SPEC)
    assert result.returncode == 2
    assert result.stderr.count("apigen: error: ") == 2
    assert "empty.txt: the file is empty" in result.stderr and "prose.txt: no recognizable table" in result.stderr


def test_any_folder_of_pages_builds_in_memory_and_writes_nothing(tmp_path: Path) -> None:
    for language, seed in (("zh", "000_391efc63477f91d7.txt"), ("en", "001_fa6370b052034a7d.txt")):
        (tmp_path / language).mkdir()
        shutil.copy(CBR / seed, tmp_path / language)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    same = run(str(tmp_path / "en"), str(tmp_path / "en"), "--fail-on", "warning")
    assert same.returncode == 0 and "0 breaking, 0 warning, 0 info" in same.stdout
    across = run(str(tmp_path / "zh"), str(tmp_path / "en"), "--format", "json")
    rules = {f["rule"] for f in json.loads(across.stdout)["comparisons"][0]["findings"]}
    assert {"response-type-changed", "operation-id-changed"} <= rules
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_git_compares_the_working_tree_with_a_revision(project: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", "spec")
    git("commit", "-q", "-m", "sources")
    page = project / "spec" / "sources" / "cbr" / "004_6f50b70227b6719e.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("Default: na", "Default: snapshot"), encoding="utf-8")
    result = run("--git", "HEAD", "--root", str(project), "--service", "cbr", "--level", "warning")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "cbr at HEAD -> cbr in the working tree"
    data = json.loads(run("--git", "HEAD", "--root", str(project), "--format", "json").stdout)
    assert [c["old"] for c in data["comparisons"]] == ["cbr at HEAD", "csbs at HEAD"]
    assert [f["message"] for f in data["comparisons"][0]["findings"] if f["rule"] == "response-default-changed"] == [
        'response 200 backup.extend_info.supported_restore_mode: default "na" -> "snapshot"']
    assert data["comparisons"][1]["findings"] == []
    bad = run("--git", "no-such-revision", "--root", str(project))
    assert bad.returncode == 2 and bad.stderr.startswith("apigen: error: git:archive: ")
