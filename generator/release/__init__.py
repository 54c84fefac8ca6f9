"""A generated package as a release: pyproject.toml (distribution.py), a version that follows semver from
the spec diff and the CHANGELOG.md entry that says why (version.py), and the spec it was generated from,
kept in the package (.apigen/) for the next `apigen generate` to compare with.

Same inputs, same bytes: the inputs are the spec, the generator, and the package as it was (its version,
changelog and recorded spec). No date or clock goes in."""

from __future__ import annotations

import tomllib
from typing import Any

from generator.codegen.fingerprint import FINGERPRINT
from generator.codegen.package import generate_package
from generator.diff.compare import compare
from generator.diff.sides import Side
from generator.errors import CodegenError
from generator.release.distribution import pyproject_text
from generator.release.version import Release, first_release, is_version, regenerated, released
from generator.specfile import load_spec_text

RECORDED_SPEC = ".apigen/spec.openapi.yaml"
PYPROJECT = "pyproject.toml"
CHANGELOG = "CHANGELOG.md"
CHANGELOG_HEAD = ("# Changelog\n\nEach version of this package, newest first, with what `apigen diff` found "
                  "between the spec it was generated from and the one before.\n")
_RELEASE_FILES = (RECORDED_SPEC, PYPROJECT, CHANGELOG, FINGERPRINT)


def released_package(service: str, spec_text: str, spec_display: str, previous: dict[str, str],
                     previous_display: str) -> dict[str, str]:
    """The package's files for `spec_text`, as a release following `previous` (the files of the package
    as it is, {} when there is none; `previous_display` names its folder in errors)."""
    doc = load_spec_text(spec_text, spec_display)
    files = generate_package(service, spec_text, spec_display, doc)
    release = _release(spec_text, spec_display, doc, files, previous, previous_display)
    title = str(doc.get("info", {}).get("title", service))
    modules = [name for name in files if name.endswith(".py") or name == "py.typed"]
    return {
        **files,
        PYPROJECT: pyproject_text(service, title, release.version, spec_display, modules),
        # Without a recorded spec the package starts over at its first release: an older log would not fit.
        CHANGELOG: _changelog(previous.get(CHANGELOG, "") if RECORDED_SPEC in previous else "", release.entry),
        RECORDED_SPEC: spec_text,
    }


def version_of(files: dict[str, str]) -> str:
    """The version a released package's pyproject.toml gives."""
    return str(tomllib.loads(files[PYPROJECT])["project"]["version"])


def _changelog(old: str, entry: str) -> str:
    """The new entry above the old ones (everything from the old file's first `## ` heading on)."""
    entries = old[old.find("\n## ") + 1:] if "\n## " in old else ""
    if not entry:
        return old or CHANGELOG_HEAD
    return f"{CHANGELOG_HEAD}\n{entry}" + (f"\n{entries}" if entries else "")


def _release(spec_text: str, spec_display: str, doc: dict[str, Any], files: dict[str, str],
             previous: dict[str, str], previous_display: str) -> Release:
    if RECORDED_SPEC not in previous:
        return first_release(spec_display)
    version = _recorded_version(previous, f"{previous_display}/{PYPROJECT}")
    code_changed = _code(previous) != _code(files)
    if previous[RECORDED_SPEC] == spec_text:
        return regenerated(version, spec_display) if code_changed else Release(version, "")
    old_display = f"{previous_display}/{RECORDED_SPEC}"
    old = Side(old_display, load_spec_text(previous[RECORDED_SPEC], old_display))
    return released(version, spec_display, compare(old, Side(spec_display, doc)))


def _code(files: dict[str, str]) -> dict[str, str]:
    """What the package's users get: every file but the release's own."""
    return {name: text for name, text in files.items() if name not in _RELEASE_FILES}


def _recorded_version(previous: dict[str, str], display: str) -> str:
    try:
        project: Any = tomllib.loads(previous.get(PYPROJECT, "")).get("project", {})
    except tomllib.TOMLDecodeError as err:
        raise CodegenError(display, "", f"not TOML: {err}") from err
    version = project.get("version") if isinstance(project, dict) else None
    if not isinstance(version, str) or not is_version(version):
        raise CodegenError(display, "project.version", f"expected a version MAJOR.MINOR.PATCH, found {version!r}")
    return version
