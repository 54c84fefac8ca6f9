"""One build of one service: its source pages -> Pages -> canonical model -> spec and reports.

Sources live in spec/sources/<service>/ with a service.yaml (title, endpoint, language priority);
a person's decisions in spec/overrides/<service>.yaml. A page that cannot be read is reported and
the others still processed, but nothing is written while any page fails: a spec silently missing an
operation is worse than no new spec."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.coverage import coverage
from generator.emit.openapi import REF_PREFIX, to_openapi, to_yaml
from generator.emit.report import json_text, to_json_report, to_markdown
from generator.errors import ApigenError, EmitError, LoadError
from generator.extract import extract
from generator.ir import Language, Page
from generator.reconcile.merge import reconcile
from generator.reconcile.model import Candidate, Conflict, Evidence, ServiceConfig
from generator.reconcile.overrides import apply_overlay, load_overlay
from generator.sources.detect import decode, detect_language, load
from generator.validate.captures import Input

SOURCE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".rst"}
SPEC_URI = "urn:apigen:spec"


@dataclass
class BuildResult:
    service: str
    outputs: dict[str, str] = field(default_factory=dict)
    errors: list[ApigenError] = field(default_factory=list)
    unresolved: int = 0
    conflicts: int = 0
    pages: int = 0
    coverage: dict[str, Any] = field(default_factory=dict)
    evidence: Evidence | None = None  # what the captures of build --evidence showed
    decided_by_evidence: int = 0  # type conflicts the captures decided


def service_names(root: Path) -> list[str]:
    sources = root / "spec" / "sources"
    return sorted(d.name for d in sources.iterdir() if d.is_dir() and (d / "service.yaml").exists()) \
        if sources.is_dir() else []


def load_config(root: Path, name: str) -> ServiceConfig:
    path = root / "spec" / "sources" / name / "service.yaml"
    display = _display(root, path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise LoadError(display, "", f"cannot read the service description: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise LoadError(display, "", "service.yaml needs at least a 'title'")
    return ServiceConfig(
        name=name,
        title=data["title"],
        description=str(data.get("description", "")),
        version=str(data.get("version", "")),
        endpoint=str(data.get("endpoint", "endpoint")),
        language_priority=tuple(data.get("language_priority", ("en", "zh"))),
    )


def source_files(root: Path, name: str, language: Language | None = None) -> list[Path]:
    return pages_under(root / "spec" / "sources" / name, language)


def pages_under(folder: Path, language: Language | None = None) -> list[Path]:
    """The source pages in a folder; with `language`, only the pages written in it (told from their content)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
    if language is not None:
        files = [p for p in files if _language_of(p) == language]
    return files


def _language_of(path: Path) -> Language | None:
    try:
        return detect_language(decode(str(path), path.read_bytes()))
    except (OSError, LoadError):
        return None  # read_pages reports the unreadable file when the build reaches it


def read_pages(root: Path, files: list[Path],
               progress: Callable[[Path], None] | None = None) -> tuple[list[Page], list[ApigenError]]:
    pages: list[Page] = []
    errors: list[ApigenError] = []
    for path in files:
        if progress is not None:
            progress(path)
        try:
            pages.append(extract(load(path, _display(root, path))))
        except ApigenError as err:
            errors.append(err)
    return pages, errors


def build_service(root: Path, name: str, progress: Callable[[Path], None] | None = None, *,
                  files: list[Path] | None = None, evidence: list[Input] | None = None) -> BuildResult:
    """Build one service into memory: the spec and reports as text, or the errors. `progress` is told
    of every page as it is read; `files` builds from those source pages only (a subset, e.g. one
    language's) instead of every page of the service; `evidence` are captured responses that decide
    type disagreements between the docs."""
    try:
        config = load_config(root, name)
    except ApigenError as err:
        return BuildResult(service=name, errors=[err])
    return build_sources(root, config, source_files(root, name) if files is None else files,
                         root / "spec" / "overrides" / f"{name}.yaml", f"spec/sources/{name}", progress,
                         evidence=evidence)


def build_sources(root: Path, config: ServiceConfig, files: list[Path], overlay_path: Path | None,
                  folder: str, progress: Callable[[Path], None] | None = None, *,
                  evidence: list[Input] | None = None) -> BuildResult:
    """Build these source pages into memory as the service `config` describes; file names in errors and
    provenance are relative to `root`, `folder` names the pages as a whole."""
    result = BuildResult(service=config.name)
    name = config.name
    pages, result.errors = read_pages(root, files, progress)
    result.pages = len(pages)
    if result.errors:
        return result
    if not pages:
        result.errors.append(LoadError(folder, "", "no source pages"))
        return result
    try:
        service = reconcile(pages, config)
        doc = to_openapi(service)
        if evidence:
            # The docs-only spec routes the captures; what they sent decides the second reconciliation.
            from generator.validate.evidence import collect

            result.evidence = collect(doc, evidence)
            service = reconcile(pages, config, result.evidence)
            doc = to_openapi(service)
    except ApigenError as err:
        result.errors.append(err)
        return result
    except Exception as err:  # a defect in apigen: report it as one line, keep the other services going
        if os.environ.get("APIGEN_DEBUG"):
            raise
        result.errors.append(EmitError(folder, "", f"internal error while reconciling "
                                       f"({type(err).__name__}: {err}); set APIGEN_DEBUG=1 for the traceback"))
        return result
    try:
        overlay_display = _display(root, overlay_path) if overlay_path else ""
        overlay = load_overlay(overlay_path, overlay_display) if overlay_path else None
        if overlay is not None:
            known = {c.id for c in service.conflicts}
            doc, decisions = apply_overlay(doc, overlay, overlay_display, known)
            decided = {d.conflict_id: d for d in decisions}
            service.conflicts = [
                replace(c, status="resolved", rule="R1-override", decided_by=decided[c.id].reviewer,
                        decision=decided[c.id].description or "as the overrides file says")
                if c.id in decided else c
                for c in service.conflicts
            ]
    except ApigenError as err:
        result.errors.append(err)
        return result
    service.conflicts += invalid_examples(doc)
    doc["x-apigen"]["conflicts"] = len(service.conflicts)
    doc["x-apigen"]["unresolved"] = [c.id for c in service.conflicts if c.status == "unresolved"]
    try:
        validate_openapi(doc)
    except Exception as err:  # the validator's error types vary by version; all mean the same here
        result.errors.append(EmitError(f"spec/{name}.openapi.yaml", "", f"the built spec is not valid OpenAPI "
                                       f"(an apigen defect, please report): {str(err).splitlines()[0][:300]}"))
        return result
    report = to_json_report(service)
    covered = coverage(service, pages)
    result.outputs = {
        f"{name}.openapi.yaml": to_yaml(doc),
        f"{name}.conflicts.json": json_text(report),
        f"{name}.conflicts.md": to_markdown(report),
        f"{name}.coverage.json": json_text(covered),
    }
    result.coverage = covered["totals"]
    result.unresolved = report["summary"]["unresolved"]
    result.decided_by_evidence = sum(c.rule == "R2-capture-type" for c in service.conflicts)
    result.conflicts = report["summary"]["conflicts"]
    return result


def spec_registry(doc: dict[str, Any]) -> Registry[Any]:
    """The spec as a JSON Schema resource, so its component references resolve."""
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, Resource.from_contents(doc, DRAFT202012))
    return registry.crawl()


def schema_validator(registry: Registry[Any], ref: str) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for one schema of the spec, its references resolved in the spec."""
    return Draft202012Validator({"$ref": SPEC_URI + ref}, registry=registry)


def invalid_examples(doc: dict[str, Any]) -> list[Conflict]:
    """Every doc example the built spec rejects, as an unresolved conflict: never hidden."""
    found = []
    registry = spec_registry(doc)
    validators: dict[str, Draft202012Validator] = {}
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            media_list = [("request", op.get("requestBody", {}).get("content", {}).get("application/json"))]
            media_list += [(status, r.get("content", {}).get("application/json"))
                           for status, r in op.get("responses", {}).items()]
            for where, media in media_list:
                if not media or "schema" not in media:
                    continue
                ref = media["schema"]["$ref"]
                validator = validators.setdefault(ref, schema_validator(registry, ref))
                for name, example in media.get("examples", {}).items():
                    errors = sorted(validator.iter_errors(example["value"]), key=lambda e: list(e.absolute_path))
                    for err in errors:
                        at = "/".join(str(p) for p in err.absolute_path) or "(root)"
                        found.append(Conflict(
                            id=f"example-invalid:{op['operationId']} {where} {name} {at}",
                            subject=f"{method.upper()} {path} {where} example {name} at {at}",
                            kind="example-invalid",
                            candidates=(Candidate(f"spec: {err.message[:200]}", (REF_PREFIX.rstrip('/'),)),
                                        Candidate("example", tuple(example.get("x-apigen-sources", [name])))),
                            decision="undecided", rule="R4-example-invalid", status="unresolved"))
    return found


def write_outputs(directory: Path, outputs: dict[str, str]) -> list[Path]:
    """Write all files or none: each goes to a temporary file first, then all are renamed in place."""
    directory.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in sorted(outputs.items()):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=directory)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)
            staged.append((tmp, directory / name))
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    return [target for _, target in staged]


def _display(root: Path, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
