"""`apigen diff` against an independent tool on the same pairs: Atlassian's openapi-diff 0.24.1 (npm; see
openapi_diff_tool.py for how it is installed, and how each spec is laid out as the OpenAPI 3.0 it reads).

openapi-diff judges whole bodies by the set of values they accept; apigen judges documented fields.
Where both look at a change they agree on whether it breaks, except in the five cases recorded below with
the reason. Many changes openapi-diff does not look at (parameters, security, enum, format, nullable,
defaults, names, docs): those are recorded with what it ignores. The recorded answers are asserted against
the live tool, so a new version of it that answers otherwise fails here rather than silently."""

from __future__ import annotations

import collections
import re
import shutil
from pathlib import Path
from typing import Any

import openapi_diff_tool
import pytest
from conftest import ROOT
from test_diff_rules import CASES, sides

from generator.diff.compare import Comparison, compare
from generator.diff.sides import Side, folder_side

PARAMETERS = "openapi-diff 0.24.1 does not compare parameters"
SECURITY = "openapi-diff does not compare security requirements"
NAME_ONLY = "openapi-diff does not compare operationIds or component names, which are not on the wire"
SAME_PATH = "to openapi-diff too, paths that differ in parameter names only are the same path"
NULLABLE = "openapi-diff's json-schema-diff ignores OpenAPI 3.0 `nullable`"
FORMAT = "openapi-diff ignores `format`"
ENUM = "openapi-diff ignores `enum`"
PATTERN = "openapi-diff ignores `pattern`"
DEFAULT = "openapi-diff ignores `default`, which constrains no value"
DOCS = "openapi-diff does not compare descriptions or examples"
NO_MAPPING = "openapi-diff has no mapping file: it sees the old one removed and the new one added"

# rule case: (openapi-diff's "type:code" differences, why apigen judges otherwise or what it ignores; "" = same)
RECORDED: dict[str, tuple[tuple[str, ...], str]] = {
    "operation-removed": (("breaking:path.remove",), ""),
    "operation-added": (("non-breaking:path.add",), ""),
    "operation-mapped": (("breaking:path.remove", "non-breaking:path.add"), NO_MAPPING),
    "operation-id-changed": ((), NAME_ONLY),
    "path-parameter-renamed": ((), SAME_PATH),
    "security-became-required": ((), SECURITY),
    "security-became-optional": ((), SECURITY),
    "security-changed": ((), SECURITY),
    "request-parameter-removed": ((), PARAMETERS),
    "request-parameter-added-required": ((), PARAMETERS),
    "request-parameter-added-optional": ((), PARAMETERS),
    "request-parameter-became-required": ((), PARAMETERS),
    "request-parameter-became-optional": ((), PARAMETERS),
    "request-body-added": (("breaking:request.body.scope.remove",), ""),
    "request-body-removed": (("non-breaking:request.body.scope.add",), ""),
    "response-body-added": (("non-breaking:response.body.scope.remove",), ""),
    "response-body-removed": (("breaking:response.body.scope.add",), ""),
    "response-success-status-removed": (("breaking:response.status-code.remove",), ""),
    "response-error-status-removed": (("breaking:response.status-code.remove",),
                                      "openapi-diff breaks on any status removed; apigen on a success status only: "
                                      "an error no longer documented changes no successful call"),
    "response-status-added": (("non-breaking:response.status-code.add",), ""),
    "request-property-removed": (("non-breaking:request.body.scope.add",), ""),
    "response-property-removed": (("breaking:response.body.scope.add",), ""),
    "request-property-added-required": (("breaking:request.body.scope.remove",), ""),
    "request-property-added-optional": (("breaking:request.body.scope.remove",),
                                        "to openapi-diff an undeclared field accepted any value, so typing it "
                                        "narrows the request; apigen judges documented fields: no client sent "
                                        "a field the old spec did not have"),
    "response-property-added-required": (("non-breaking:response.body.scope.remove",), ""),
    "response-property-added-optional": (("non-breaking:response.body.scope.remove",), ""),
    "request-property-mapped": (("breaking:request.body.scope.remove", "non-breaking:request.body.scope.add"),
                                NO_MAPPING),
    "response-property-mapped": (("breaking:response.body.scope.add", "non-breaking:response.body.scope.remove"),
                                 NO_MAPPING),
    "request-property-became-required": (("breaking:request.body.scope.remove",), ""),
    "request-property-became-optional": (("non-breaking:request.body.scope.add",), ""),
    "response-property-became-required": (("non-breaking:response.body.scope.remove",), ""),
    "response-property-became-optional": (("breaking:response.body.scope.add",), ""),
    "request-became-nullable": ((), NULLABLE),
    "request-became-non-nullable": ((), NULLABLE),
    "response-became-nullable": ((), NULLABLE),
    "response-became-non-nullable": ((), NULLABLE),
    "request-type-changed": (("breaking:request.body.scope.remove", "non-breaking:request.body.scope.add"), ""),
    "response-type-changed": (("breaking:response.body.scope.add", "non-breaking:response.body.scope.remove"), ""),
    "request-type-widened": (("non-breaking:request.body.scope.add",), ""),
    "response-type-widened": (("breaking:response.body.scope.add",), ""),
    "request-type-narrowed": (("breaking:request.body.scope.remove",), ""),
    "response-type-narrowed": (("non-breaking:response.body.scope.remove",), ""),
    "request-format-changed": ((), FORMAT),
    "response-format-changed": ((), FORMAT),
    "request-enum-value-removed": ((), ENUM),
    "request-enum-value-added": ((), ENUM),
    "response-enum-value-removed": ((), ENUM),
    "response-enum-value-added": ((), ENUM),
    "open-enum-value-added": ((), ENUM),
    "open-enum-value-removed": ((), ENUM),
    "open-enum-listed": ((), ENUM),
    "open-enum-unlisted": ((), ENUM),
    "request-constraint-tightened": (("breaking:request.body.scope.remove",), ""),
    "request-constraint-loosened": ((), PARAMETERS),  # the case loosens a query parameter's maximum
    "response-constraint-tightened": ((), PATTERN),
    "response-constraint-loosened": ((), ENUM),  # the case drops a whole enum
    "request-default-changed": ((), DEFAULT),
    "response-default-changed": ((), DEFAULT),
    "description-changed": ((), DOCS),
    "example-value-changed": ((), DOCS),
    "example-type-changed": ((), DOCS),
    "example-rewritten": ((), DOCS),
    "schema-renamed": ((), NAME_ONLY),
    "schema-removed": ((), NAME_ONLY),
    "schema-added": ((), NAME_ONLY),
}

HISTORY = ROOT / "spec" / "history" / "cbr"


@pytest.fixture(scope="module")
def tool() -> Path:
    home = openapi_diff_tool.installed()
    if home is None:
        pytest.skip("node and npm are needed to install openapi-diff from npm; `make test` on a machine with "
                    "them runs this comparison")
    return home


@pytest.fixture(scope="module")
def real_pairs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Side, Side]]:
    cbr = ROOT / "spec" / "sources" / "cbr"
    pairs = {"cbr zh -> en": (folder_side(cbr, "zh"), folder_side(cbr, "en"))}
    revisions: dict[str, list[Path]] = collections.defaultdict(list)
    for path in sorted(HISTORY.glob("*.rst")):
        revisions[path.stem.split("@")[0]].append(path)
    for page, paths in revisions.items():
        for old, new in zip(paths, paths[1:], strict=False):
            folders = []
            for path in (old, new):
                folder = tmp_path_factory.mktemp(path.stem.replace("@", "_"))
                shutil.copy(path, folder / path.name)
                folders.append(folder_side(folder))
            pairs[f"{page} {old.stem.split('@')[1]} -> {new.stem.split('@')[1]}"] = (folders[0], folders[1])
    return pairs


def verdict(codes: tuple[str, ...], ours: list[str]) -> str:
    if not codes:
        return "not compared"
    same = any(c.startswith("breaking:") for c in codes) == ("breaking" in ours)
    return "agree" if same else "disagree"


def test_rule_pairs_give_what_openapi_diff_gave_and_every_difference_has_its_reason(tool: Path) -> None:
    live = openapi_diff_tool.run({rule: sides(case) for rule, case in CASES.items()})
    assert set(RECORDED) == set(CASES)
    tally: collections.Counter[str] = collections.Counter()
    for rule, (codes, reason) in RECORDED.items():
        theirs = tuple(sorted({f"{t}:{c}" for t, c, _, _ in openapi_diff_tool.differences(live[rule])}))
        assert theirs == codes, rule
        ours = [severity for severity, _, _ in CASES[rule].expect]
        found = verdict(codes, ours)
        assert (found == "agree") == (reason == ""), rule
        tally[found] += 1
    assert tally == {"agree": 24, "disagree": 5, "not compared": 36}


def breaking_operations(comparison: Comparison) -> set[str]:
    return {f.change.operation for f in comparison.findings if f.rule.severity == "breaking"}


def operations_at(location: str, doc: dict[str, Any]) -> list[str]:
    """The operations an openapi-diff location names: `paths./x.get.responses.200…` one, `paths./x` all."""
    match = re.match(r"paths\.(/[^.]*)(?:\.(get|put|post|delete|patch|head|options)\b)?", location)
    if match is None:
        return []
    methods = [match.group(2)] if match.group(2) else list(doc["paths"].get(match.group(1), {}))
    return [f"{m.upper()} {match.group(1)}" for m in methods]


def their_breaking_operations(outcome: dict[str, Any], doc: dict[str, Any]) -> set[str]:
    return {op for kind, _, location, _ in openapi_diff_tool.differences(outcome) if kind == "breaking"
            for op in operations_at(location, doc)}


# Fields openapi-diff's difference schemas single out where a response accepts new values (scope.add),
# per pair; only the pairs where it singles any out. Ours are the breaking findings at those places.
FIELDS = {
    "cbr zh -> en": {
        # ours: os_images_data's type, and enterprise_project_id; "children" is an artefact of the cycle cut
        # (English BackupResp.children refers to BackupResp itself, cut to a plain object; Chinese does not).
        "GET /v3/{project_id}/backups/{backup_id}": ("backup.children", "backup.enterprise_project_id"),
        "GET /v3/{project_id}/checkpoints/{checkpoint_id}": (
            "checkpoint.vault.provider_id", "checkpoint.vault.resources[].extra_info",
            "checkpoint.vault.resources[].resource_size"),
    },
    "querying_a_restore_point 20221213-d152ca3ce7 -> 20240905-b68e706137": {
        "GET /v3/{project_id}/checkpoints/{checkpoint_id}": ("checkpoint.vault.resources[].resource_size",),
    },
    # "enterprise_project_id": "0" -> 0 is breaking to both; its difference schema names no single field.
    "querying_a_specified_backup 20221213-d152ca3ce7 -> 20240905-b68e706137": {
        "GET /v3/{project_id}/backups/{backup_id}": (),
    },
}


def test_real_pairs_break_the_same_operations_for_both(tool: Path, real_pairs: dict[str, tuple[Side, Side]]) -> None:
    live = openapi_diff_tool.run({name: (old.doc, new.doc) for name, (old, new) in real_pairs.items()})
    for name, (old, new) in real_pairs.items():
        ours = compare(old, new)
        theirs = their_breaking_operations(live[name], new.doc)
        assert theirs == breaking_operations(ours), name
        fields = {op: discriminators for _, code, location, discriminators in openapi_diff_tool.differences(live[name])
                  if code == "response.body.scope.add" for op in operations_at(location, new.doc)}
        assert fields == FIELDS.get(name, {}), name


def test_the_fields_openapi_diff_singles_out_are_the_fields_apigen_breaks_on(
        tool: Path, real_pairs: dict[str, tuple[Side, Side]]) -> None:
    """Field by field on the restore point: the same three fields in zh -> en, the same one in the revision."""
    for name in ("cbr zh -> en", "querying_a_restore_point 20221213-d152ca3ce7 -> 20240905-b68e706137"):
        operation = "GET /v3/{project_id}/checkpoints/{checkpoint_id}"
        ours = {f.change.where.removeprefix("response 200 ") for f in compare(*real_pairs[name]).findings
                if f.rule.severity == "breaking" and f.change.operation == operation}
        assert ours == set(FIELDS[name][operation]), name
