"""Bad pages: a one-line error naming the file and the place, the other pages still read, exit 2,
no traceback, nothing written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SEED

from generator.errors import ApigenError
from generator.extract import extract
from generator.sources.detect import load

APIGEN = str(Path(sys.executable).parent / "apigen")

MD_HEAD = "# 标题\n\n## URI\n\nGET /v3/\\{project\\_id\\}/things\n\n**表 1**  路径参数\n\n"
BAD_PAGES: dict[str, tuple[bytes, str, str]] = {
    # name: (content, place, words in the message)
    "empty.txt": (b"", "", "empty"),
    "blank.txt": (b"  \n\n", "", "empty"),
    "prose.txt": (b"Querying Things\nThis page has prose and no table at all.\n", "", "no recognizable table"),
    "gbk.txt": ("标题\n参数\n参数类型\n描述\n".encode("gbk"), "1", "not UTF-8"),
    "unclosed.md": ((MD_HEAD + "<table><thead><tr><th>参数</th><th>参数类型</th></tr></thead>\n"
                     "<tbody><tr><td>project_id</td><td>String</td></tr>\n").encode(), "9", "never closed"),
    "rowless.md": ((MD_HEAD + "<table></table>\n").encode(), "9", "no rows"),
    "extra-cell.md": ((MD_HEAD + "<table><thead><tr><th>参数</th><th>参数类型</th></tr></thead>\n"
                       "<tbody><tr><td>project_id</td><td>String</td><td>stray</td></tr></tbody></table>\n").encode(),
                      "10", "3 cells but the header has 2"),
    "truncated-row.txt": (b"Title\nURI\nGET /v1/things\nParameter |\nMandatory |\nType |\nDescription |\n"
                          b"---|---|---|---|\nname |\nYes |\nString |\nName |\nsize |\n", "13", "truncated"),
}


@pytest.mark.parametrize("name", sorted(BAD_PAGES))
def test_bad_page_raises_one_error_naming_file_and_place(tmp_path: Path, name: str) -> None:
    content, place, words = BAD_PAGES[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ApigenError) as caught:
        extract(load(path, name))
    err = caught.value
    assert (err.file, err.place) == (name, place)
    assert words in err.message
    assert "\n" not in err.one_line()


def test_bad_pages_are_listed_and_the_service_is_built_from_the_rest(project: Path) -> None:
    sources = project / "spec" / "sources" / "cbr"
    for name in ("empty.txt", "gbk.txt", "unclosed.md"):
        (sources / name).write_bytes(BAD_PAGES[name][0])
    result = subprocess.run([APIGEN, "build", "--root", str(project)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1  # built, with problems
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "apigen: error: spec/sources/cbr/empty.txt: the file is empty"
    assert lines[1].startswith("apigen: error: spec/sources/cbr/gbk.txt:1: not UTF-8")
    assert lines[2] == ("apigen: error: spec/sources/cbr/unclosed.md:9: <table> is never closed "
                        "(truncated table?)")
    assert lines[3] == "apigen: error: cbr: 3 page(s) left out; the spec is written from the rest"
    coverage = json.loads((project / "spec" / "cbr.coverage.json").read_text(encoding="utf-8"))
    assert coverage["totals"]["pages_failed"] == 3
    assert [f["source"] for f in coverage["failed_pages"]] == [
        "spec/sources/cbr/empty.txt", "spec/sources/cbr/gbk.txt", "spec/sources/cbr/unclosed.md"]
    spec = yaml.safe_load((project / "spec" / "cbr.openapi.yaml").read_text(encoding="utf-8"))
    assert "/v3/{project_id}/checkpoints/{checkpoint_id}" in spec["paths"]  # the good pages made it
    assert (project / "spec" / "csbs.openapi.yaml").exists()
    assert re.search(r"^csbs: \d+ pages", result.stdout, re.M)
    strict = subprocess.run([APIGEN, "build", "--root", str(project), "--strict"], capture_output=True, text=True,
                            timeout=120)
    assert strict.returncode == 1


def test_a_service_without_any_readable_operation_page_writes_nothing(project: Path) -> None:
    sources = project / "spec" / "sources" / "cbr"
    for page in sources.iterdir():
        if page.name != "service.yaml":
            page.unlink()
    (sources / "empty.txt").write_bytes(b"")
    result = subprocess.run([APIGEN, "build", "--root", str(project), "--service", "cbr"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "no operation page among 1 source page(s)" in result.stderr
    assert not (project / "spec" / "cbr.openapi.yaml").exists()


def test_a_good_page_still_reads_next_to_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    result = subprocess.run([APIGEN, "inspect", str(tmp_path / "bad.txt"), str(SEED["001"])],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == f"apigen: error: {tmp_path / 'bad.txt'}: the file is empty"
    assert "GET /v3/{project_id}/checkpoints/{checkpoint_id}" in result.stdout
