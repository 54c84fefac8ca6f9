"""A generated package as a release (generator/release/): semver from the spec diff, the CHANGELOG.md entry,
the spec recorded in the package for the next comparison, pyproject.toml, and the same bytes for the same
inputs."""

from __future__ import annotations

import copy
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from test_bad_input import APIGEN

from generator.codegen.write import read_tree
from generator.diff.changes import Change
from generator.diff.rules import RULES, Finding
from generator.errors import ApigenError, CodegenError
from generator.pipeline import build_service
from generator.release import CHANGELOG, PYPROJECT, RECORDED_SPEC, released_package
from generator.release.distribution import toml_string
from generator.release.version import RENAMES_IN_PACKAGE, bump_of, next_version

DISPLAY = "spec/pets.openapi.yaml"


def _spec(**change: Any) -> dict[str, Any]:
    pet = {"type": "object", "properties": {"id": {"type": "string", "description": "Pet ID"},
                                            "name": {"type": "string", "description": "Pet name"}}}
    doc: dict[str, Any] = {
        "openapi": "3.1.0", "info": {"title": "Pet Store API", "version": "1"},
        "servers": [{"url": "https://{endpoint}", "variables": {"endpoint": {"default": "pets.example.com"}}}],
        "paths": {"/v1/pets/{pet_id}": {"get": {
            "operationId": "ShowPet", "summary": "Show a pet",
            "parameters": [{"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
        "components": {"schemas": {"Pet": pet}},
    }
    for where, value in change.items():
        _put(doc, where.split("__"), value)
    return doc


def _put(doc: dict[str, Any], path: list[str], value: Any) -> None:
    node: Any = doc
    for part in path[:-1]:
        node = node[part.replace("~", "/")]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value


def _release(doc: dict[str, Any], previous: dict[str, str] | None = None) -> dict[str, str]:
    return released_package("pets", yaml.safe_dump(doc, sort_keys=False), DISPLAY, previous or {}, "generated/pets")


def _version(files: dict[str, str]) -> str:
    return str(tomllib.loads(files[PYPROJECT])["project"]["version"])


PET = "components__schemas__Pet__properties"


def test_the_first_release_is_1_0_0_and_records_its_spec() -> None:
    files = _release(_spec())
    assert _version(files) == "1.0.0"
    assert yaml.safe_load(files[RECORDED_SPEC]) == _spec()
    assert "## 1.0.0\n\nFirst release, generated from spec/pets.openapi.yaml." in files[CHANGELOG]


def test_the_same_spec_again_gives_the_same_bytes() -> None:
    first = _release(_spec())
    assert _release(_spec(), first) == first
    assert _release(_spec(), first) == _release(_spec(), first)


def test_a_description_change_bumps_the_patch() -> None:
    second = _release(_spec(**{f"{PET}__name__description": "The pet's name"}), _release(_spec()))
    assert _version(second) == "1.0.1"
    entry = second[CHANGELOG].split("## 1.0.1", 1)[1].split("## 1.0.0", 1)[0]
    assert "0 breaking, 0 added, 1 other" in entry and "### Other" in entry
    assert "(`description-changed`)" in entry


def test_an_added_response_property_bumps_the_minor() -> None:
    second = _release(_spec(**{f"{PET}__age": {"type": "integer"}}), _release(_spec()))
    assert _version(second) == "1.1.0"
    assert "### Added\n\n- GET /v1/pets/{pet\\_id}: response 200 age: property added " \
           "(`response-property-added-optional`)" in second[CHANGELOG]


def test_a_removed_response_property_bumps_the_major_and_keeps_the_history() -> None:
    first = _release(_spec())
    second = _release(_spec(**{f"{PET}__age": {"type": "integer"}}), first)
    third = _release(_spec(**{f"{PET}__name": None, f"{PET}__age": {"type": "integer"}}), second)
    assert _version(third) == "2.0.0"
    log = third[CHANGELOG]
    assert log.index("## 2.0.0") < log.index("## 1.1.0") < log.index("## 1.0.0")
    assert "### Breaking\n\n- GET /v1/pets/{pet\\_id}: response 200 name: property removed " \
           "(`response-property-removed`)" in log


def test_a_renamed_operation_id_breaks_the_package_though_not_the_wire() -> None:
    renamed = _spec()
    renamed["paths"]["/v1/pets/{pet_id}"]["get"]["operationId"] = "GetPet"
    second = _release(renamed, _release(_spec()))
    assert RULES["operation-id-changed"].severity == "warning"
    assert _version(second) == "2.0.0" and "(`operation-id-changed`)" in second[CHANGELOG]


def test_other_code_from_the_same_spec_bumps_the_patch_and_says_so() -> None:
    first = _release(_spec())
    older = {**first, "client.py": first["client.py"] + "# an older apigen wrote this\n"}
    second = _release(_spec(), older)
    assert _version(second) == "1.0.1"
    assert "The spec (spec/pets.openapi.yaml) is unchanged; apigen generated other code from it." in second[CHANGELOG]


def test_a_version_that_is_not_semver_is_an_error_naming_the_file() -> None:
    first = _release(_spec())
    broken = {**first, PYPROJECT: first[PYPROJECT].replace('version = "1.0.0"', 'version = "one"')}
    with pytest.raises(CodegenError) as caught:
        _release(_spec(**{f"{PET}__age": {"type": "integer"}}), broken)
    assert caught.value.one_line().startswith("generated/pets/pyproject.toml:project.version: expected a version")


def test_a_hand_set_version_is_where_the_next_bump_starts() -> None:
    first = _release(_spec())
    edited = {**first, PYPROJECT: first[PYPROJECT].replace('version = "1.0.0"', 'version = "3.4.5"')}
    assert _version(_release(_spec(**{f"{PET}__age": {"type": "integer"}}), edited)) == "3.5.0"


def test_pyproject_names_the_distribution_pins_ranges_and_ships_only_the_modules() -> None:
    project = tomllib.loads(_release(_spec())[PYPROJECT])
    assert project["project"]["name"] == "apigen-pets"
    assert project["project"]["dependencies"] == ["httpx>=0.27,<1", "pydantic>=2.7,<3"]
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"] == {
        "only-include": ["__init__.py", "_base.py", "_paging.py", "_runtime.py", "client.py", "models.py", "py.typed"],
        "sources": {"": "pets"}}


def test_a_hostile_title_stays_one_toml_string() -> None:
    title = 'Evil"\n[tool.x]\nrun = "rm -rf /" \\ \u202e \U0001f600'
    project = tomllib.loads(_release(_spec(info__title=title))[PYPROJECT])
    assert project["project"]["description"] == " ".join(title.split()) + ": typed models and clients, " \
                                                                         "generated by apigen"
    assert "x" not in project.get("tool", {})
    assert toml_string("a\u202eb") == '"a\\u202Eb"'


@pytest.mark.parametrize(("version", "bump", "expected"), [
    ("1.2.3", "major", "2.0.0"), ("1.2.3", "minor", "1.3.0"), ("1.2.3", "patch", "1.2.4")])
def test_next_version(version: str, bump: Any, expected: str) -> None:
    assert next_version(version, bump) == expected


def test_every_diff_rule_has_a_bump_breaking_ones_major() -> None:
    for rule in RULES.values():
        bump = bump_of(Finding(rule, Change(rule.kind, rule.direction, "", ""), ""))
        if rule.severity == "breaking" or rule.id in RENAMES_IN_PACKAGE:
            assert bump == "major", rule.id
        else:
            assert bump == ("minor" if "-added" in rule.id else "patch"), rule.id
    assert set(RENAMES_IN_PACKAGE) <= set(RULES)


def test_generate_bumps_from_the_recorded_spec_and_then_skips(tmp_path: Path) -> None:
    spec = tmp_path / "spec" / "pets.openapi.yaml"
    spec.parent.mkdir()
    spec.write_text(yaml.safe_dump(_spec(), sort_keys=False), encoding="utf-8")
    run = [APIGEN, "generate", "--root", str(tmp_path)]
    subprocess.run(run, check=True, capture_output=True, timeout=120)
    grown = copy.deepcopy(_spec(**{f"{PET}__age": {"type": "integer"}}))
    spec.write_text(yaml.safe_dump(grown, sort_keys=False), encoding="utf-8")
    bumped = subprocess.run(run, check=True, capture_output=True, text=True, timeout=120)
    assert "pets: wrote generated/pets/ (12 files), version 1.1.0" in bumped.stdout
    package = read_tree(tmp_path / "generated" / "pets")
    assert _version(package) == "1.1.0" and yaml.safe_load(package[RECORDED_SPEC]) == grown
    again = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert "pets: unchanged" in again.stdout
    check = subprocess.run([APIGEN, "generate", "--root", str(tmp_path), "--force"], capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0 and read_tree(tmp_path / "generated" / "pets") == package


def test_a_package_without_a_recorded_spec_starts_over_at_1_0_0() -> None:
    second = _release(_spec(**{f"{PET}__age": {"type": "integer"}}), _release(_spec()))
    unrecorded = {name: text for name, text in second.items() if name != RECORDED_SPEC}
    again = _release(_spec(), unrecorded)
    assert _version(again) == "1.0.0" and again[CHANGELOG].count("## ") == 1


def _history_spec(tmp_path: Path, date: str) -> str:
    """spec/history/cbr's three pages as they stood on `date` (YYYYMMDD), built into a spec."""
    root = tmp_path / date
    folder = root / "spec" / "sources" / "cbr"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "spec" / "sources" / "cbr" / "service.yaml", folder)
    latest: dict[str, Path] = {}
    for page in sorted((ROOT / "spec" / "history" / "cbr").glob("*.rst")):
        name, stamp = page.stem.split("@")
        if stamp.split("-")[0] <= date:
            latest[name] = page
    for page in latest.values():
        shutil.copy(page, folder)
    result = build_service(root, "cbr")
    assert not result.errors, [e.one_line() for e in result.errors]
    return result.outputs["cbr.openapi.yaml"]


def test_the_real_cbr_history_releases_a_major_for_its_type_changes(tmp_path: Path) -> None:
    first = released_package("cbr", _history_spec(tmp_path, "20221213"), "spec/cbr.openapi.yaml", {}, "g/cbr")
    second = released_package("cbr", _history_spec(tmp_path, "20240905"), "spec/cbr.openapi.yaml", first, "g/cbr")
    assert (_version(first), _version(second)) == ("1.0.0", "2.0.0")
    breaking = second[CHANGELOG].split("### Breaking\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert breaking == [
        "- GET /v3/{project\\_id}/backups: response 200 backups\\[\\].enterprise\\_project\\_id: type string -&gt; "
        "integer (`response-type-changed`)",
        "- GET /v3/{project\\_id}/backups/{backup\\_id}: response 200 backup.enterprise\\_project\\_id: type string "
        "-&gt; integer (`response-type-changed`)",
        "- GET /v3/{project\\_id}/checkpoints/{checkpoint\\_id}: response 200 "
        "checkpoint.vault.resources\\[\\].resource\\_size: type string -&gt; integer (`response-type-changed`)"]


def test_an_unreadable_recorded_spec_is_an_error_naming_it() -> None:
    first = _release(_spec())
    broken = {**first, RECORDED_SPEC: "openapi: [unclosed"}
    with pytest.raises(ApigenError) as caught:
        _release(_spec(**{f"{PET}__age": {"type": "integer"}}), broken)
    assert caught.value.one_line().startswith("generated/pets/.apigen/spec.openapi.yaml")
