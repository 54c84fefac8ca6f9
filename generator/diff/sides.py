"""The two sides of a diff, each an OpenAPI document with a label: a spec file as it is; a folder of doc
sources built in memory with the same pipeline as `apigen build` (optionally from the pages of one
language only); or every service's sources at a git revision. Nothing is written to the project."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.diff import DiffError
from generator.errors import ApigenError
from generator.ir import Language
from generator.pipeline import BuildResult, build_service, build_sources, pages_under, service_names, source_files
from generator.reconcile.model import ServiceConfig
from generator.specfile import read_spec

EMPTY_SPEC: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "", "version": ""}, "paths": {}}


@dataclass(frozen=True)
class Side:
    label: str
    doc: dict[str, Any]


class BuildFailed(DiffError):
    """A folder side whose pages could not all be read; `errors` holds every problem."""

    def __init__(self, errors: list[ApigenError]) -> None:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        super().__init__(first.file, first.place, first.message + more)
        self.errors = errors


def load_side(path: Path, language: Language | None = None) -> Side:
    """A spec file, or a folder of doc sources built in memory."""
    if path.is_dir():
        return folder_side(path, language)
    if language is not None:
        raise DiffError(str(path), "", "a language applies to a folder of doc sources, not to a spec file")
    return spec_side(path)


def spec_side(path: Path) -> Side:
    return Side(str(path), read_spec(path))


def folder_side(folder: Path, language: Language | None = None) -> Side:
    """A folder of doc sources, built in memory. A service folder of a project (spec/sources/<name>/ with a
    service.yaml) is built as `apigen build` builds it, overrides included; any other folder with defaults."""
    label = str(folder) + (f" ({language} pages)" if language else "")
    root, name = folder.parent.parent.parent, folder.name
    if (folder / "service.yaml").is_file() and folder.parent.name == "sources" and folder.parent.parent.name == "spec":
        files = source_files(root, name, language) if language else None
        if files == []:
            raise DiffError(str(folder), "", f"no {language} pages")
        return Side(label, _spec_of(build_service(root, name, files=files)))
    files = pages_under(folder, language)
    config = ServiceConfig(name=folder.name or "api", title=folder.name or "api")
    return Side(label, _spec_of(build_sources(Path.cwd(), config, files, None, str(folder))))


def git_sides(root: Path, revision: str, services: tuple[str, ...] = ()) -> list[tuple[Side, Side]]:
    """For each service: its sources at `revision` and in the working tree, both built in memory. A service
    only one side has is compared with an empty spec."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    archive = _git(root, "archive", "--format=tar", f"{revision}:{prefix}spec")
    with tempfile.TemporaryDirectory(prefix="apigen-diff-") as tmp:
        old_root = Path(tmp)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(old_root / "spec", filter="data")
        then, now = service_names(old_root), service_names(root)
        unknown = [s for s in services if s not in then and s not in now]
        if unknown:
            raise DiffError(str(root / "spec" / "sources"), "", f"no service {unknown[0]} here or at {revision}")
        pairs = []
        for name in services or sorted(set(then) | set(now)):
            old = _spec_of(build_service(old_root, name)) if name in then else EMPTY_SPEC
            new = _spec_of(build_service(root, name)) if name in now else EMPTY_SPEC
            pairs.append((Side(f"{name} at {revision}", old), Side(f"{name} in the working tree", new)))
    return pairs


def _spec_of(result: BuildResult) -> dict[str, Any]:
    # A page left out would read as an operation removed: a side is compared whole or not at all.
    if result.errors or result.problems:
        raise BuildFailed(result.problems + result.errors)
    doc: dict[str, Any] = yaml.safe_load(result.outputs[f"{result.service}.openapi.yaml"])
    return doc


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120, check=False)
    except OSError as err:
        raise DiffError("git", "", f"cannot run git: {err.strerror}") from err
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise DiffError("git", " ".join(args[:1]), message[-1] if message else f"exit {done.returncode}")
    return done.stdout
