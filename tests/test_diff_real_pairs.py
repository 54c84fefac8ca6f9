"""Real pairs: the CBR spec built from the Chinese pages alone against the English pages alone (the
languages' documented disagreements surface as changes), and CSBS v1 against CBR v3 through the shipped
mapping file (the README's worked example, kept here as a golden file)."""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from test_bad_input import APIGEN

from generator.diff.changes import compute_changes
from generator.diff.compare import Comparison, compare
from generator.diff.mapping import load_mapping
from generator.diff.rules import judge
from generator.diff.sides import folder_side, spec_side

GOLDEN = Path(__file__).with_name("golden") / "diff"
WORKED_EXAMPLE = ["spec/csbs.openapi.yaml", "spec/cbr.openapi.yaml",
                  "--mapping", "spec/mappings/csbs-v1-to-cbr-v3.yaml"]
ZH_TO_EN = ["spec/sources/cbr", "spec/sources/cbr", "--old-language", "zh", "--new-language", "en"]


def apigen_diff(*args: str) -> str:
    done = subprocess.run([APIGEN, "diff", *args], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def zh_to_en() -> Comparison:
    cbr = ROOT / "spec" / "sources" / "cbr"
    return compare(folder_side(cbr, "zh"), folder_side(cbr, "en"))


def found(comparison: Comparison, *severities: str) -> list[tuple[str, str, str]]:
    return [(f.rule.severity, f.rule.id, f.message) for f in comparison.findings if f.rule.severity in severities]


def test_zh_against_en_breaking_changes_are_the_documented_disagreements(zh_to_en: Comparison) -> None:
    assert found(zh_to_en, "breaking") == [
        # os_images_data: an array of strings in Chinese, of ImageData objects in English.
        ("breaking", "response-type-changed",
         "response 200 backup.extend_info.os_images_data: type array of string -> array of object"),
        # resource_size: string in the Chinese table; alone, its example's 40 is contradicted by the restore
        # point's "40" (R3-examples-disagree: the table decides); in English the tables disagree and 40 picks.
        ("breaking", "response-type-changed", "response 200 backup.resource_size: type string -> integer"),
        ("breaking", "response-type-changed", "response 200 backup.children[].resource_size: type string -> integer"),
        # extra_info of a resource: an object in Chinese; a string in English, whose example sends null.
        ("breaking", "response-became-nullable",
         "response 200 checkpoint.vault.resources[].extra_info: may now be null"),
        ("breaking", "response-type-changed",
         "response 200 checkpoint.vault.resources[].extra_info: type object -> string"),
        # provider_id is only in the Chinese example (R2-example-only), not in the English ones.
        ("breaking", "response-property-removed", "response 200 checkpoint.vault.provider_id: property removed"),
    ]


def test_zh_against_en_warnings_are_enums_and_names(zh_to_en: Comparison) -> None:
    assert found(zh_to_en, "warning") == [
        # The English web text drops the list ("Enumeration values:" and nothing after it).
        ("warning", "response-constraint-loosened",
         'response 200 backup.image_type: enum ["backup", "replication"] -> no enum, looser'),
        # The English pages list more values than the Chinese.
        ("warning", "response-enum-value-added",
         'response 200 backup.resource_type: value "OS::Sfs::Turbo" may be sent'),
        ("warning", "response-constraint-loosened", "response 200 backup.replication_records[].status: enum "
         '["replicating", "success", "fail", "skip", … 5 values] -> no enum, looser'),
        ("warning", "response-constraint-loosened",
         'response 200 backup.children[].image_type: enum ["backup", "replication"] -> no enum, looser'),
        ("warning", "response-enum-value-added",
         'response 200 backup.children[].resource_type: value "OS::Sfs::Turbo" may be sent'),
        # The pages name the operation differently (anchors): the generated method would be renamed.
        ("warning", "operation-id-changed", "operationId QueryCheckpoint -> ShowCheckpoint"),
        *[("warning", "response-enum-value-added", f'response 200 checkpoint.status: value "{v}" may be sent')
          for v in ("protecting", "deleted", "error-deleting")],
        *[("warning", "response-enum-value-added", f'response 200 checkpoint.vault.resources[].type: value "{v}" '
           "may be sent") for v in ("OS::Sfs::Turbo", "OS::Native::Server")],
    ]


def test_zh_against_en_fields_one_language_lists_and_schema_names(zh_to_en: Comparison) -> None:
    info = found(zh_to_en, "info")
    assert ("info", "response-property-added-optional",
            "response 200 checkpoint.vault.resources[].backup_size: property added") in info
    assert ("info", "response-property-added-optional", "response 200 checkpoint.extra_info: property added") in info
    assert ("info", "schema-renamed", "schema QueryCheckpointResponse is now ShowCheckpointResponse (matched by place)"
            ) in info
    # Only English documents the other operations (the OTC reference): added, their schemas not listed again.
    added = [m for _, rule, m in info if rule == "operation-added"]
    assert len(added) == 37 and "POST /v3/{project_id}/vaults: operation added" in added
    # (the error-code appendix's ErrorCode is no longer among them: both languages' error answers carry the shared
    # error body, whose code field refers to it, R3-error-body-shared)
    assert len([m for _, rule, m in info if rule == "schema-added"]) == 3
    descriptions = [m for _, rule, m in info if rule == "description-changed"]
    assert "path parameter backup_id description changed: 备份ID -> Backup ID" in descriptions


def test_zh_against_en_golden() -> None:
    assert apigen_diff(*ZH_TO_EN) == (GOLDEN / "cbr-zh-to-en.txt").read_text(encoding="utf-8")


def test_csbs_v1_against_cbr_v3_worked_example_golden() -> None:
    assert apigen_diff(*WORKED_EXAMPLE) == (GOLDEN / "csbs-v1-to-cbr-v3.txt").read_text(encoding="utf-8")


def test_csbs_v1_against_cbr_v3_what_a_v1_client_loses() -> None:
    mapping = load_mapping(ROOT / "spec" / "mappings" / "csbs-v1-to-cbr-v3.yaml")
    comparison = compare(spec_side(ROOT / "spec" / "csbs.openapi.yaml"), spec_side(ROOT / "spec" / "cbr.openapi.yaml"),
                         mapping)
    assert comparison.counts() == {"breaking": 28, "warning": 1, "info": 100}
    # both services declare their token header (service.yaml auth): authentication is not what changes
    assert not any(f.rule.id == "security-became-required" for f in comparison.findings)
    # only_mapped: CBR's other operations are not CSBS v1's successors, nor the other way round.
    assert {f.change.operation for f in comparison.findings} == {"GET /v3/{project_id}/backups/{backup_id}", ""}
    messages = [f.message for f in comparison.findings]
    # The wrapper and the renamed ids are compared as one field, as the mapping says, not removed and added.
    assert "response 200 backup: compared with checkpoint_item (mapping)" in messages
    assert "response 200 backup.replication_records[].source_backup_id: compared with source_checkpoint_item_id " \
           "(mapping)" in messages
    assert "response 200 backup.backup_data: property removed" in messages
    assert "response 200 backup.extend_info.app_consistency.app_consistency: type integer -> string" in messages
    assert 'response 200 backup.status: value "deleted" no longer sent' in messages
    assert "path parameter backup_id: renamed from checkpoint_item_id" in messages
    assert not any("checkpoint_item:" in m or ".checkpoint_item " in m for m in messages)


def test_readme_shows_the_worked_example_as_it_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n(\$ apigen diff spec/csbs\.openapi\.yaml[^\n]*\n)(.*?)```", readme, re.S)
    assert block is not None, "the README's worked example block is missing"
    command = block.group(1).removeprefix("$ apigen diff ").split()
    assert block.group(2) == apigen_diff(*command)


def test_the_error_code_enum_is_read_open() -> None:
    # spec/vpc's error body says `code: anyOf [ErrorCode, string]`: a code the appendix gains or loses changes
    # no contract (any string was allowed and is), so each is a note, never a warning or a break
    old = yaml.safe_load((ROOT / "spec" / "vpc.openapi.yaml").read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    codes = new["components"]["schemas"]["ErrorCode"]["enum"]
    dropped = codes.pop(0)
    codes.append("VPC.9999")
    findings = judge(compute_changes(old, new))
    assert findings
    assert {(f.rule.severity, f.rule.id) for f in findings} == {
        ("info", "open-enum-value-removed"), ("info", "open-enum-value-added")}
    assert any(f.message.endswith(f'1 no longer listed: "{dropped}"') for f in findings)
    assert any(f.message.endswith('1 now listed: "VPC.9999"') for f in findings)
