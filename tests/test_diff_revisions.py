"""Consecutive revisions of the same page (spec/history/cbr, the OTC reference's git history, copied from
the corpus): real doc updates. A table laid out anew with the same content gives no finding; an example
value that changes type, or reworded text, does; and so does a new parameter (the history has no
revision adding one, so one is added to the latest real revision by hand, as a writer would)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from generator.diff.compare import compare
from generator.diff.rules import SEVERITIES
from generator.diff.sides import folder_side

HISTORY = ROOT / "spec" / "history" / "cbr"
RP, SB, AB = "querying_a_restore_point", "querying_a_specified_backup", "querying_all_backups"
NULL_DROPPED = ["description", "expired_at", "extend_info.bootable", "extend_info.snapshot_id",
                "extend_info.support_lld", "extend_info.supported_restore_mode", "extend_info.os_images_data",
                "parent_id", "protected_at", "resource_az", "updated_at"]
STAMPS = [  # the two example backups' times, microseconds become milliseconds with a time zone
    [("updated_at", "2020-02-21T07:07:25.113761", "2020-02-21T07:07:25.114+00:00"),
     ("expired_at", "2020-05-21T07:00:54.060493", "2020-05-21T07:00:54.060+00:00"),
     ("created_at", "2020-02-21T07:00:54.065135", "2020-02-21T07:00:54.065+00:00")],
    [("updated_at", "2020-02-21T07:09:37.767084", "2020-02-21T07:09:37.767+00:00"),
     ("expired_at", "2020-03-22T07:00:34.877896", "2020-03-22T07:00:34.878+00:00"),
     ("created_at", "2020-02-21T07:00:34.882174", "2020-02-21T07:00:34.882+00:00")],
]

# (page, old revision, new revision): the exact findings, in order.
PAIRS: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {
    # The example's "40" became 40, created_at got a time zone, the nulls went: the type follows the example.
    (RP, "20221213-d152ca3ce7", "20240905-b68e706137"): [
        ("breaking", "response-type-changed",
         "response 200 checkpoint.vault.resources[].resource_size: type string -> integer"),
        ("warning", "example-type-changed",
         'response 200 example checkpoint.vault.resources[0].resource_size: "40" -> 40, another JSON type'),
        ("info", "response-became-non-nullable", "response 200 checkpoint.vault.resources[].extra_info: "
         "never null any more"),
        ("info", "response-became-non-nullable", "response 200 checkpoint.extra_info: never null any more"),
        ("info", "example-value-changed", 'response 200 example checkpoint.created_at: "2019-05-10T07:59:12.036982" '
         '-> "2019-05-10T07:59:12.037+00:00"'),
        ("info", "example-value-changed",
         "response 200 example checkpoint.vault.resources[0].extra_info: null -> (absent)"),
        ("info", "example-value-changed", "response 200 example checkpoint.extra_info: null -> (absent)"),
    ],
    # The header table laid out anew (wider columns, the description on three lines): nothing changed.
    (RP, "20240905-b68e706137", "20250512-84104f25fb"): [],
    # The example's "enterprise_project_id": "0" became 0 and its nulls went.
    (SB, "20221213-d152ca3ce7", "20240905-b68e706137"): [
        ("breaking", "response-type-changed", "response 200 backup.enterprise_project_id: type string -> integer"),
        ("warning", "example-type-changed",
         'response 200 example backup.enterprise_project_id: "0" -> 0, another JSON type'),
        *[("info", "response-became-non-nullable", f"response 200 backup.{p}: never null any more")
          for p in NULL_DROPPED],
        ("info", "example-rewritten", "response 200 example: rewritten, 17 values differ"),
    ],
    (SB, "20240905-b68e706137", "20240906-a321ae2abd"): [],  # one space less in the request line
    (SB, "20240906-a321ae2abd", "20250512-84104f25fb"): [],  # the header table laid out anew
    # A sentence linking to "create a restore point" added to the introduction, which apigen does not read.
    (SB, "20250512-84104f25fb", "20250625-9a626321e3"): [],
    (AB, "20221213-d152ca3ce7", "20230403-22ad383cda"): [
        ("info", "description-changed", "query parameter sort description changed: A group of properties separated "
         "by commas (,) and sorting directions. The value… -> A group of properties separated by commas (,) and "
         "sorting directions. The value…")],
    # Every table laid out anew, and the sort parameter reworded once more.
    (AB, "20230403-22ad383cda", "20230905-7607f626fc"): [
        ("info", "description-changed", "query parameter sort description changed: A group of properties separated "
         "by commas (,) and sorting directions. The value… -> A group of properties separated by commas (,) and "
         "sorting directions. The value…")],
    (AB, "20230905-7607f626fc", "20240905-b68e706137"): [
        ("info", "example-value-changed", f'response 200 example backups[{i}].{field}: "{old}" -> "{new}"')
        for i, stamps in enumerate(STAMPS) for field, old, new in stamps],
    (AB, "20240905-b68e706137", "20240906-a321ae2abd"): [],
    (AB, "20240906-a321ae2abd", "20250512-84104f25fb"): [],
    (AB, "20250512-84104f25fb", "20250625-9a626321e3"): [],
}


def side(tmp_path: Path, name: str, text: str | None = None) -> Path:
    """A folder holding one revision of a page, as a side of the diff."""
    folder = tmp_path / name.replace("@", "_")
    folder.mkdir()
    source = HISTORY / f"{name}.rst"
    if text is None:
        shutil.copy(source, folder / source.name)
    else:
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def findings(old: Path, new: Path) -> list[tuple[str, str, str]]:
    """The findings most severe first, as `apigen diff` shows them."""
    found = compare(folder_side(old), folder_side(new)).findings
    ordered = sorted(found, key=lambda f: SEVERITIES.index(f.rule.severity))
    return [(f.rule.severity, f.rule.id, f.message) for f in ordered]


def test_every_consecutive_revision_pair_is_covered() -> None:
    revisions: dict[str, list[str]] = {}
    for path in sorted(HISTORY.glob("*.rst")):
        page, revision = path.stem.split("@")
        revisions.setdefault(page, []).append(revision)
    consecutive = {(page, a, b) for page, revs in revisions.items() for a, b in zip(revs, revs[1:], strict=False)}
    assert consecutive == set(PAIRS)


@pytest.mark.parametrize(("page", "old", "new"), sorted(PAIRS))
def test_revision_pair_gives_exactly_its_findings(tmp_path: Path, page: str, old: str, new: str) -> None:
    assert findings(side(tmp_path, f"{page}@{old}"), side(tmp_path, f"{page}@{new}")) == PAIRS[(page, old, new)]


def test_a_new_query_parameter_in_a_revision_is_found(tmp_path: Path) -> None:
    latest = f"{AB}@20250625-9a626321e3"
    text = (HISTORY / f"{latest}.rst").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("   | marker "))
    row, border = lines[at], lines[at + 1]
    cells = row.split("|")  # a grid table: the new row keeps every column's width
    added = "|".join([cells[0], " show_replication".ljust(len(cells[1])), *cells[2:4],
                      " Whether to show replication records".ljust(len(cells[4])), cells[5]])
    updated = text.replace(row, f"{row}\n{border}\n{added}", 1)
    assert updated != text
    assert findings(side(tmp_path, latest), side(tmp_path, "updated", updated)) == [
        ("info", "request-parameter-added-optional", "query parameter show_replication: added, optional")]
