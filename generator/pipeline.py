"""One build of one service: its source pages -> Pages -> canonical model -> spec and reports.

Sources live in spec/sources/<service>/ with a service.yaml (title, endpoint, language priority);
a person's decisions in spec/overrides/<service>.yaml. A page that cannot be read is reported and
the others still processed, but nothing is written while any page fails: a spec silently missing an
operation is worse than no new spec."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.classify import classify
from generator.coverage import coverage
from generator.emit.openapi import REF_PREFIX, to_openapi, to_yaml
from generator.emit.report import json_text, to_json_report, to_markdown
from generator.errors import (
    ApigenError,
    EmitError,
    ExtractionError,
    LoadError,
    OverrideError,
    PageError,
    WriteError,
    debugging,
    internal_error,
)
from generator.extract import extract_pages
from generator.ir import Document, Heading, Language, Page, PageClass, PageOutcome
from generator.jsontext import refusal
from generator.reconcile.bodies import EXAMPLE_LEVEL
from generator.reconcile.matching import normalized_path
from generator.reconcile.merge import reconcile
from generator.reconcile.model import SIGNATURES, Candidate, Conflict, Evidence, Service, ServiceConfig
from generator.reconcile.overrides import apply_overlay, load_overlay, yaml_problem
from generator.reconcile.slips import SLIP_RULES, example_key_subject
from generator.sources.detect import PAGE_SUFFIXES, decode, detect_language, load, read_page_bytes
from generator.specshape import resolve
from generator.spelling import slip_between
from generator.validate.captures import Input

SPEC_URI = "urn:apigen:spec"


@dataclass
class BuildResult:
    service: str
    outputs: dict[str, str] = field(default_factory=dict)
    errors: list[ApigenError] = field(default_factory=list)  # nothing could be written
    problems: list[ApigenError] = field(default_factory=list)  # pages left out; the spec holds the rest
    outcomes: list[PageOutcome] = field(default_factory=list)
    unresolved: int = 0
    conflicts: int = 0
    pages: int = 0
    coverage: dict[str, Any] = field(default_factory=dict)
    evidence: Evidence | None = None  # what the captures of build --evidence showed
    decided_by_evidence: int = 0  # type conflicts the captures decided


_HOST_TEMPLATE = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


def service_names(root: Path) -> list[str]:
    sources = root / "spec" / "sources"
    return sorted(d.name for d in sources.iterdir() if d.is_dir() and (d / "service.yaml").exists()) \
        if sources.is_dir() else []


def load_config(root: Path, name: str) -> ServiceConfig:
    path = root / "spec" / "sources" / name / "service.yaml"
    display = _display(root, path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as err:
        raise LoadError(display, "", f"cannot read the service description: {err}") from err
    except yaml.YAMLError as err:
        raise LoadError(display, *yaml_problem(err, "cannot read the service description")) from err
    except RecursionError:
        raise LoadError(display, "", "cannot read the service description: nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise LoadError(display, "", "service.yaml needs at least a 'title'")
    for key in ("description", "version", "endpoint"):
        # text (a version may be written as a number): anything else is no value of these, and an alias
        # to a large structure would be printed whole
        if not isinstance(data.get(key, ""), str | int | float) or isinstance(data.get(key), bool):
            raise LoadError(display, key, f"'{key}' is text")
    priority = data.get("language_priority", ["en", "zh"])
    if not isinstance(priority, list) or not all(p in ("en", "zh") for p in priority):
        raise LoadError(display, "language_priority", "language_priority is a list of languages: en, zh")
    auth = data.get("auth") or {}
    token_header = auth.get("token_header", "") if isinstance(auth, dict) else None
    if not isinstance(token_header, str) or (token_header and not re.fullmatch(r"[A-Za-z0-9-]+", token_header)):
        raise LoadError(display, "auth", "auth.token_header is the name of an HTTP header (letters, digits, '-')")
    signing = auth.get("signing", "") if isinstance(auth, dict) else ""
    if signing not in ("", *SIGNATURES):
        raise LoadError(display, "auth.signing", f"auth.signing is one of: {', '.join(SIGNATURES)}")
    regional = data.get("regional_endpoint", "")
    region = regional_default(display, regional, str(data.get("endpoint", "endpoint")))
    return ServiceConfig(
        name=name,
        title=data["title"],
        description=str(data.get("description", "")),
        version=str(data.get("version", "")),
        endpoint=str(data.get("endpoint", "endpoint")),
        language_priority=tuple(priority),
        token_header=token_header,
        signing=signing,
        regional_endpoint=regional,
        default_region=region,
    )


def regional_default(display: str, template: object, endpoint: str) -> str:
    """The region `endpoint` is in, read through the `regional_endpoint` template (a host name with one
    `{region}`); "" without a template. An endpoint the template does not give is refused: the two would
    disagree about where the client calls by default."""
    if template == "":
        return ""
    if not isinstance(template, str) or template.count("{region}") != 1 \
            or not _HOST_TEMPLATE.fullmatch(template.replace("{region}", "r")):
        raise LoadError(display, "regional_endpoint", "regional_endpoint is a host name with one {region} in it "
                        "(letters, digits, '-' and '.'), such as cbr.{region}.myhuaweicloud.com")
    before, after = template.split("{region}")
    found = re.fullmatch(re.escape(before) + r"([a-z0-9]+(?:-[a-z0-9]+)*)" + re.escape(after), endpoint)
    if found is None:
        raise LoadError(display, "regional_endpoint", f"the endpoint {endpoint!r} is not the template "
                        f"{template!r} with a region in it")
    return found.group(1)


def source_files(root: Path, name: str, language: Language | None = None) -> list[Path]:
    return pages_under(root / "spec" / "sources" / name, language)


def pages_under(folder: Path, language: Language | None = None) -> list[Path]:
    """The source pages in a folder; with `language`, only the pages written in it (told from their content).
    Whatever is named like a page and is no folder is a page: a dangling link, a link loop, a FIFO among them
    reach `load`, which refuses them by name, rather than going unmentioned."""
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and not p.is_dir())
    if language is not None:
        files = [p for p in files if _language_of(p) == language]
    return files


def _language_of(path: Path) -> Language | None:
    try:
        return detect_language(decode(str(path), read_page_bytes(path, str(path))))
    except (OSError, LoadError):
        return None  # read_pages reports the unreadable file when the build reaches it


def read_pages(root: Path, files: list[Path],
               progress: Callable[[Path], None] | None = None) -> tuple[list[Page], list[PageOutcome]]:
    """Every file loaded, classified and, unless it documents no operation, extracted. A file that cannot be
    read is an outcome with its problem; the others are read all the same."""
    pages: list[Page] = []
    outcomes: list[PageOutcome] = []
    for path in files:
        if progress is not None:
            progress(path)
        display = _display(root, path)
        page_class: PageClass | None = None
        try:
            doc = load(path, display)
            page_class = classify(doc)
            pages.extend(extract_pages(doc, page_class))
        except ApigenError as err:
            outcomes.append(PageOutcome(display, page_class, err))
            continue
        except Exception as err:  # one page apigen fails on is left out, listed; the others are read
            if debugging():
                raise
            outcomes.append(PageOutcome(display, page_class, _unreadable(path, display, err)))
            continue
        outcomes.append(PageOutcome(display, page_class, title=_index_title(doc, page_class)))
    return pages, outcomes


def _index_title(doc: Document, page_class: PageClass) -> str:
    """The title of an index page (the section its folder holds, which names the tag of its operations)."""
    if page_class.category != "index":
        return ""
    return next((" ".join(b.text.split()) for b in doc.blocks if isinstance(b, Heading)), "")


def section_titles(outcomes: list[PageOutcome]) -> dict[str, str]:
    """Folder of an index page -> its title."""
    return {o.source.rsplit("/", 1)[0]: o.title for o in outcomes if o.title}


def _unreadable(path: Path, display: str, err: Exception) -> ApigenError:
    """A page a reader failed on. Python's own JSON limits (nesting, digits of an integer) are the page's
    doing: the place over the cap is found in its text and named. Anything else is apigen's defect."""
    if isinstance(err, RecursionError) or (isinstance(err, ValueError) and "digits" in str(err)):
        try:
            over = refusal(decode(display, path.read_bytes()))
        except (OSError, ApigenError):
            over = None
        if over is not None:
            return ExtractionError(display, str(over.line), f"refused: {over.reason}")
    return internal_error(display, "", "reading this page", err)


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
    provenance are relative to `root`, `folder` names the pages as a whole. An unexpected exception (a defect
    in apigen) ends this build as one error naming the folder, nothing written: the caller goes on with the
    other services."""
    result = BuildResult(service=config.name)
    try:
        _build_into(result, root, config, files, overlay_path, folder, progress, evidence)
    except Exception as err:
        if debugging():
            raise
        result.outputs = {}
        result.errors.append(internal_error(folder, "", "building this service", err))
    return result


def _build_into(result: BuildResult, root: Path, config: ServiceConfig, files: list[Path],
                overlay_path: Path | None, folder: str, progress: Callable[[Path], None] | None,
                evidence: list[Input] | None) -> None:
    name = config.name
    pages, result.outcomes = read_pages(root, files, progress)
    result.problems = [o.problem for o in result.outcomes if o.problem is not None]
    result.pages = len(files)
    if not files:
        result.errors.append(LoadError(folder, "", "no source pages"))
        return
    if not any(p.kind == "operation" for p in pages):
        result.errors.append(LoadError(folder, "", f"no operation page among {len(files)} source page(s)"))
        return
    try:
        overlay_display = _display(root, overlay_path) if overlay_path else ""
        overlay = load_overlay(overlay_path, overlay_display) if overlay_path else None
    except ApigenError as err:
        result.errors.append(err)
        return
    while True:
        if not any(p.kind == "operation" for p in pages):
            result.errors.append(LoadError(folder, "", "no operation page left: every one was left out"))
            return
        try:
            service, doc = _assemble(pages, config, evidence, result)
        except PageError as err:  # what one page says no spec can hold: that page is left out
            if not any(p.source == err.file for p in pages):
                result.errors.append(err)
                return
            pages = _leave_out(result, pages, {err.file: err})
            continue
        except ApigenError as err:
            result.errors.append(err)
            return
        except Exception as err:  # a defect in apigen: the pages it fails on are left out, or the service
            if debugging():
                raise
            failing = _failing_pages(pages, config)
            if not failing:
                result.errors.append(internal_error(folder, "", "reconciling", err))
                return
            pages = _leave_out(result, pages, failing)
            continue
        # The docs' own spec is checked before a person's decisions are applied: an operation it cannot
        # hold is its pages' doing, and they are left out; what the overrides do is checked after.
        message = openapi_error(doc)
        if message is None:
            break
        culprits = invalid_operations(doc)
        if not culprits or not any(p.source in culprits for p in pages):
            result.errors.append(EmitError(f"spec/{name}.openapi.yaml", "", "the built spec is not valid OpenAPI "
                                           f"(an apigen defect, please report): {message}"))
            return
        pages = _leave_out(result, pages, {
            source: EmitError(source, "", f"left out of the spec: what it documents is not valid OpenAPI ({why})")
            for source, why in sorted(culprits.items())})
    if overlay is not None:
        try:
            doc = _decide(service, doc, overlay, overlay_display)
        except ApigenError as err:
            if not result.problems:
                result.errors.append(err)  # a stale or malformed decision: a person must look again
                return
            # Pages were left out, and a decision names what they held: the spec is written without the
            # decisions, and both are listed; once the pages read, the decisions apply again.
            result.problems.append(OverrideError(err.file, err.place, f"not applied, pages being left out: "
                                                 f"{err.message}"))
        else:
            message = openapi_error(doc)
            if message is not None:
                result.errors.append(EmitError(overlay_display, "", f"the decisions make the spec invalid "
                                               f"OpenAPI: {message}"))
                return
    rejected = invalid_examples(doc, frozenset(c.id for c in service.conflicts if c.rule == "R3-examples-disagree"),
                                {c.id: c.rule for c in service.conflicts if c.rule in SLIP_RULES},
                                {source: c.id for c in service.conflicts if c.kind == EXAMPLE_LEVEL
                                 for source in c.candidates[0].sources})
    service.conflicts += rejected
    set_aside_invalid_examples(doc, rejected)
    doc["x-apigen"]["conflicts"] = len(service.conflicts)
    doc["x-apigen"]["unresolved"] = [c.id for c in service.conflicts if c.status == "unresolved"]
    report = to_json_report(service, {p.source: p.language for p in pages})
    covered = coverage(service, pages, result.outcomes)
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


def _leave_out(result: BuildResult, pages: list[Page], problems: dict[str, ApigenError]) -> list[Page]:
    """The pages without those of these sources; each source's problem listed, and its outcome saying so."""
    result.problems.extend(problems[source] for source in sorted(problems))
    result.outcomes = [replace(o, problem=problems[o.source]) if o.source in problems else o
                       for o in result.outcomes]
    return [p for p in pages if p.source not in problems]


def _failing_pages(pages: list[Page], config: ServiceConfig) -> dict[str, ApigenError]:
    """When reconciling every page at once fails unexpectedly: the pages of each operation reconciled on their
    own (with the pages every operation may use), and those that fail so, each with its problem. Empty when
    none fails alone (the failure needs pages together) or, of several operations, every one does (then it
    is no operation's doing)."""
    shared = [p for p in pages if p.kind != "operation"]
    groups: dict[tuple[str, str], list[Page]] = {}
    for page in pages:
        if page.kind == "operation":
            groups.setdefault((page.method, normalized_path(page.path)), []).append(page)
    failing: dict[str, ApigenError] = {}
    for (method, path), group in sorted(groups.items()):
        try:
            _assemble(group + shared, config, None, BuildResult(service=config.name))
        except ApigenError:
            continue  # the whole build meets it too, as what it is
        except Exception as err:
            for page in group:
                failing[page.source] = internal_error(page.source, "", f"reconciling {method} {path}", err)
    every = {p.source for g in groups.values() for p in g}
    return {} if len(groups) > 1 and set(failing) == every else failing


def _assemble(pages: list[Page], config: ServiceConfig, evidence: list[Input] | None,
              result: BuildResult) -> tuple[Service, dict[str, Any]]:
    """Reconcile the pages and lay the service out as OpenAPI; with captures, reconcile again on what they sent."""
    sections = section_titles(result.outcomes)
    service = reconcile(pages, config, sections=sections)
    doc = to_openapi(service)
    if evidence:
        # The docs-only spec routes the captures; what they sent decides the second reconciliation.
        from generator.validate.evidence import collect

        result.evidence = collect(doc, evidence)
        service = reconcile(pages, config, result.evidence, sections=sections)
        doc = to_openapi(service)
    return service, doc


def _decide(service: Service, doc: dict[str, Any], overlay: Any, display: str) -> dict[str, Any]:
    """A person's decisions (the overlay) applied to the spec; the conflicts they settle say so."""
    known = {c.id for c in service.conflicts}
    doc, decisions = apply_overlay(doc, overlay, display, known)
    decided = {d.conflict_id: d for d in decisions}
    service.conflicts = [
        replace(c, status="resolved", rule="R1-override", decided_by=decided[c.id].reviewer,
                decision=decided[c.id].description or "as the overrides file says")
        if c.id in decided else c
        for c in service.conflicts
    ]
    return doc


def openapi_error(doc: dict[str, Any]) -> str | None:
    """Why openapi-spec-validator rejects the document (its first line), or None when it accepts it."""
    try:
        validate_openapi(doc)
    except Exception as err:  # the validator's error types vary by version; all mean the same here
        return (str(err).splitlines() or [type(err).__name__])[0][:300]
    return None


def invalid_operations(doc: dict[str, Any]) -> dict[str, str]:
    """The source pages of every operation that is not valid OpenAPI on its own (with the components it
    reaches), and why: what to leave out so that the rest of the spec can be written."""
    culprits: dict[str, str] = {}
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            single = {**doc, "paths": {path: {method: op}}, "components": _reached(doc, op)}
            message = openapi_error(single)
            if message is not None:
                for source in op.get("x-apigen-sources", []):
                    culprits.setdefault(source, f"{method.upper()} {path}: {message}")
    return culprits


def _reached(doc: dict[str, Any], node: Any) -> dict[str, Any]:
    """The components a node references, directly or through other components."""
    components = doc.get("components", {})
    kept: dict[str, dict[str, Any]] = {}
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                kind, _, name = ref.removeprefix("#/components/").partition("/")
                target = components.get(kind, {}).get(name)
                if target is not None and name not in kept.setdefault(kind, {}):
                    kept[kind][name] = target
                    pending.append(target)
            pending.extend(current.values())
        elif isinstance(current, list):
            pending.extend(current)
    return {kind: dict(sorted(found.items())) for kind, found in kept.items()}


def spec_registry(doc: dict[str, Any]) -> Registry[Any]:
    """The spec as a JSON Schema resource, so its component references resolve."""
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, Resource.from_contents(doc, DRAFT202012))
    return registry.crawl()


def schema_validator(registry: Registry[Any], ref: str) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for one schema of the spec, its references resolved in the spec."""
    return Draft202012Validator({"$ref": SPEC_URI + ref}, registry=registry)


def _pointer(key: str) -> str:
    """A key as one JSON Pointer segment."""
    return key.replace("~", "~0").replace("/", "~1")


_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA_ONES = ("items", "additionalProperties", "not")
_OPEN_KEYWORDS = ("additionalProperties", "unevaluatedProperties", "patternProperties")


def closed_schema(schema: Any) -> Any:
    """A copy of a schema in which an object that lists its properties and says nothing of others admits no
    other key. An example is checked against it: a key the schema does not list is no field of it (a field
    only examples show is added to the schema before this, rule R2-example-only), so the example shows a slip
    or another body. Linters that check examples (Redocly) read the schema so too."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {name: closed_schema(sub) for name, sub in out["properties"].items()}
        if not any(key in out for key in _OPEN_KEYWORDS):
            out["unevaluatedProperties"] = False
    for key in _SUBSCHEMA_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [closed_schema(sub) for sub in out[key]]
    for key in _SUBSCHEMA_ONES:
        if isinstance(out.get(key), dict):
            out[key] = closed_schema(out[key])
    return out


def closed_spec(doc: dict[str, Any]) -> dict[str, Any]:
    """The spec with every schema closed (closed_schema): components and the media types' schemas."""
    components = doc.get("components", {})
    paths: dict[str, Any] = {}
    for path, item in doc.get("paths", {}).items():
        paths[path] = {method: _closed_operation(op) if isinstance(op, dict) else op for method, op in item.items()}
    return {**doc, "paths": paths, "components": {
        **components, "schemas": {name: closed_schema(s) for name, s in components.get("schemas", {}).items()}}}


def _closed_operation(op: dict[str, Any]) -> dict[str, Any]:
    def closed_content(holder: dict[str, Any]) -> dict[str, Any]:
        content = {media_type: {**media, "schema": closed_schema(media["schema"])} if "schema" in media else media
                   for media_type, media in holder.get("content", {}).items()}
        return {**holder, "content": content} if "content" in holder else holder
    out = dict(op)
    if isinstance(op.get("requestBody"), dict):
        out["requestBody"] = closed_content(op["requestBody"])
    if isinstance(op.get("responses"), dict):
        out["responses"] = {status: closed_content(r) for status, r in op["responses"].items()}
    return out


def invalid_examples(doc: dict[str, Any], outvoted: frozenset[str] = frozenset(),
                     slips: Mapping[str, str] | None = None,
                     levelled: Mapping[str, str] | None = None) -> list[Conflict]:
    """Every doc example the built spec rejects, as a conflict: never hidden. Unresolved, but where the value
    it fails at is of a field whose examples disagree among themselves and the tables decided (`outvoted`:
    the ids of those conflicts), or where its only fault is keys the reconciliation read as slips in the
    example (`slips`: the ids of those conflicts, each with its rule of slips.SLIP_RULES, `"name "` beside `name`,
    `trasnit_ip_address` beside `transit_ip_address`): that example is set aside by the rule that decided
    already; so is an example that sends the body a level off the operation's other pages (`levelled`: its
    source, file:line -> that R2-unsent-level conflict). The schemas are read closed (closed_schema): a key an
    example shows and its schema does not list makes it invalid."""
    found = []
    doc = closed_spec(doc)
    registry = spec_registry(doc)
    validators: dict[str, Draft202012Validator] = {}
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            here = f"#/paths/{_pointer(path)}/{method}"
            media_list = [("request", op.get("requestBody", {}).get("content", {}).get("application/json"),
                           f"{here}/requestBody/content/application~1json/schema")]
            media_list += [(status, r.get("content", {}).get("application/json"),
                            f"{here}/responses/{_pointer(status)}/content/application~1json/schema")
                           for status, r in op.get("responses", {}).items()]
            for where, media, pointer in media_list:
                if not media or "schema" not in media:
                    continue
                # the schema where the spec holds it, whatever it is (a reference, a oneOf, inline): the
                # validator resolves it, and every reference in it, inside the spec
                ref = media["schema"].get("$ref") or pointer
                validator = validators.setdefault(ref, schema_validator(registry, ref))
                for name, example in media.get("examples", {}).items():
                    errors = sorted(validator.iter_errors(example["value"]), key=lambda e: list(e.absolute_path))
                    for err in errors:
                        at = "/".join(str(p) for p in err.absolute_path) or "(root)"
                        decided = _outvoted_by(doc, ref, err.absolute_schema_path, outvoted) if outvoted else ""
                        level = next((levelled[s] for s in example.get("x-apigen-sources", [])
                                      if levelled and s in levelled), "")
                        slip = _slips_of(doc, ref, err, slips) if slips and not decided else ()
                        rule = "R3-examples-disagree" if decided else _slip_rule(slip, slips) \
                            if slips and slip else "R2-unsent-level" if level else "R4-example-invalid"
                        named = _named(slip, slips) if slips and slip else ""
                        found.append(Conflict(
                            id=f"example-invalid:{op['operationId']} {where} {name} {at}",
                            place=(path, method, where, name),
                            subject=f"{method.upper()} {path} {where} example {name} at {at}",
                            kind="example-invalid",
                            candidates=(Candidate(f"spec: {err.message[:200]}", (REF_PREFIX.rstrip('/'),)),
                                        Candidate("example", tuple(example.get("x-apigen-sources", [name])))),
                            decision=f"set aside: the example sends what the tables outvote ({decided})"
                            if decided else f"set aside: the keys it sends there are slips ({named})"
                            if named else f"set aside: it sends the body a level off the operation's other "
                            f"pages ({level})" if level else "undecided",
                            rule=rule, status="unresolved" if rule == "R4-example-invalid" else "resolved"))
    return found


def _schema_path_nodes(doc: dict[str, Any], ref: str,
                       schema_path: Iterable[str | int]) -> Iterator[tuple[Any, str]]:
    """The schemas the validator went through down to the failing keyword (its path leaves out the references
    it followed: they are followed here), each with the reference last followed to reach it."""
    node: Any = {"$ref": ref}  # the validator's own root: a reference to the schema
    followed = ref
    for step in [*schema_path, None]:
        while True:
            yield node, followed
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and step not in node):
                break
            followed = node["$ref"]
            node = resolve(doc, followed.removeprefix(SPEC_URI))
        if step is None:
            break
        node = _child(node, step)


def _outvoted_by(doc: dict[str, Any], ref: str, schema_path: Iterable[str | int], outvoted: frozenset[str]) -> str:
    """The R3-examples-disagree conflict of the field whose schema an example fails, or "" where none: of the
    schemas the validator went through, the innermost that cites one of `outvoted`."""
    cited = ""
    for node, _ in _schema_path_nodes(doc, ref, schema_path):
        if isinstance(node, dict) and (hit := next((c for c in node.get("x-apigen-conflicts", [])
                                                    if c in outvoted), None)):
            cited = hit
    return cited


def _slips_of(doc: dict[str, Any], ref: str, err: ValidationError, slips: Mapping[str, str]) -> tuple[str, ...]:
    """The ids of the slip conflicts (of `slips`) that read each key an example's object sends and its closed
    schema does not list as a slip of that schema's examples, or () where any such key is none. The ids hold the
    keys as the example writes them (any text, `", "` too): they stay a tuple, never text to split. A required
    field the object sends only under its name slipped (`value` for `values`) is missing for that slip alone: its
    conflict is named."""
    if err.validator not in ("unevaluatedProperties", "required") or not isinstance(err.instance, dict):
        return ()
    # the innermost object schema on the way: the one whose unevaluatedProperties (or required) failed
    listed, schema = {}, ""
    for node, followed in _schema_path_nodes(doc, ref, err.absolute_schema_path):
        if isinstance(node, dict) and isinstance(node.get("properties"), dict):
            listed, schema = node["properties"], followed.rsplit("/", 1)[-1]
    unlisted = [key for key in err.instance if key not in listed]
    if err.validator == "required":
        required: Any = err.validator_value
        missing = [name for name in required if name not in err.instance]
        unlisted = [key for key in unlisted if any(slip_between(key, name) for name in missing)]
        if len(unlisted) < len(missing):
            return ()
    ids = tuple(f"presence:{example_key_subject(schema, key)}" for key in unlisted)
    return ids if ids and all(i in slips for i in ids) else ()


def _slip_rule(ids: tuple[str, ...], slips: Mapping[str, str]) -> str:
    """The rule that sets aside an example whose only faults are these slips: theirs where they share one; where
    keys of both readings are sent, R2-example-slip (a key a field's name slipped makes the example that field's;
    the decision names each key with its own rule)."""
    rules = {slips[i] for i in ids}
    return rules.pop() if len(rules) == 1 else "R2-example-slip"


def _named(ids: tuple[str, ...], slips: Mapping[str, str]) -> str:
    """The slip conflicts of an example, each with its rule where they are not all of one."""
    mixed = len({slips[i] for i in ids}) > 1
    return ", ".join(f"{i} ({slips[i]})" if mixed else i for i in ids)


def _child(node: Any, step: str | int) -> Any:
    """A schema's keyword or a list's item along a schema path; None where there is none."""
    if isinstance(node, dict):
        return node.get(step)
    return node[step] if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node) else None


def set_aside_invalid_examples(doc: dict[str, Any], rejected: list[Conflict]) -> None:
    """An example its own schema rejects is no example of it: tools that check examples (linters, mock
    servers) would serve or flag it. It moves under `x-apigen-invalid-examples` beside the valid ones, and its
    conflict in the report says why."""
    for conflict in rejected:
        if conflict.place is None:
            continue
        path, method, where, name = conflict.place
        op = doc["paths"][path][method]
        holder = op.get("requestBody", {}) if where == "request" else op["responses"][where]
        media = holder.get("content", {}).get("application/json", {})
        example = media.get("examples", {}).pop(name, None)
        if example is not None:
            media.setdefault("x-apigen-invalid-examples", {})[name] = example
        if "examples" in media and not media["examples"]:
            del media["examples"]


def write_outputs(directory: Path, outputs: dict[str, str]) -> list[Path]:
    """Write all files or none. Each is written into a staging folder beside them first; then each replaces
    its target, the target's previous version kept until all are in place. When any step fails the replaced
    files get their previous version back and a WriteError names the file: the set on disk stays the previous
    one, whole. The staging folder is removed either way."""
    targets = [directory / name for name in sorted(outputs)]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".apigen-write-", dir=directory))
    except OSError as err:
        raise WriteError(str(directory), "", f"cannot write there: {err.strerror or err}") from None
    try:
        _replace_all(staging, targets, outputs)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return targets


def _replace_all(staging: Path, targets: list[Path], outputs: dict[str, str]) -> None:
    """Stage every file, then replace the targets one by one; on a failure, undo the replacements made."""
    (staging / "new").mkdir()
    (staging / "old").mkdir()
    replaced: list[tuple[Path, Path | None]] = []  # each target replaced, and its previous version (None: new)
    current = targets[0] if targets else staging
    try:
        for target in targets:
            current = target
            staged = staging / "new" / target.name
            with staged.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(outputs[target.name])
            staged.chmod(0o644)
        for target in targets:
            current = target
            previous = _keep_previous(target, staging / "old" / target.name)
            os.replace(staging / "new" / target.name, target)
            replaced.append((target, previous))
    except BaseException as err:
        unrestored = _restore(replaced)
        if not isinstance(err, OSError):
            raise
        kept = ("no file is replaced" if not unrestored else
                f"could not restore {', '.join(str(p) for p in unrestored)}: the set on disk is mixed")
        raise WriteError(str(current), "", f"cannot write: {err.strerror or err}; {kept}") from None


def _keep_previous(target: Path, keep: Path) -> Path | None:
    """The target's present version kept at `keep` (a hard link, else a copy); None when there is none."""
    if not target.exists() and not target.is_symlink():
        return None
    try:
        os.link(target, keep, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, keep, follow_symlinks=False)
    return keep


def _restore(replaced: list[tuple[Path, Path | None]]) -> list[Path]:
    """Put every replaced target back as it was, last first; the targets that could not be."""
    failed = []
    for target, previous in reversed(replaced):
        try:
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(previous, target)
        except OSError:
            failed.append(target)
    return failed


def _display(root: Path, path: Path) -> str:
    """`path` relative to the project, as errors and provenance name it. A link is named where it stands, never
    by its target (which may be a loop, or missing)."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(root.resolve()))
    except ValueError:
        return str(path)
