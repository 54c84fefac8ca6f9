"""The `apigen` command: parses arguments, calls the pipeline, maps outcomes to exit codes.

Exit codes: 0 ok, 1 findings (e.g. unresolved conflicts under --strict), 2 bad usage or bad input."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from generator.codegen.fingerprint import FINGERPRINT, fingerprint
from generator.codegen.names import package_name
from generator.errors import ApigenError, debugging, internal_error
from generator.terminal import terminal_text

if TYPE_CHECKING:
    from generator.diff.rules import Severity
    from generator.ir import Language, Page, PageOutcome
    from generator.validate.captures import Input

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
_EVIDENCE_HELP = "Captured responses (as for apigen validate) that decide type disagreements (repeatable)."


def _error(message: str) -> None:
    click.echo(f"apigen: error: {terminal_text(message)}", err=True)


def _echo(line: str) -> None:
    """A line of a command's own output that carries names from the input (services, files)."""
    click.echo(terminal_text(line))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="apigen")
def app() -> None:
    """Turn API reference pages into one reconciled OpenAPI 3.1 spec, with a report of every
    disagreement between the sources."""


@app.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Project folder holding spec/sources/<service>/.")
@click.option("--service", "services", multiple=True, help="Build only this service (repeatable).")
@click.option("--strict", is_flag=True, help="Exit 1 while any conflict is unresolved.")
@click.option("--evidence", "evidence_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help=_EVIDENCE_HELP)
def build(root: Path, services: tuple[str, ...], strict: bool, evidence_files: tuple[Path, ...]) -> None:
    """Parse, reconcile and write spec/<service>.openapi.yaml and its conflicts report."""
    from generator.pipeline import service_names

    names = list(services) or service_names(root)
    if not names:
        _error(f"{root / 'spec' / 'sources'}: no service folders (each needs a service.yaml)")
        sys.exit(EXIT_BAD_INPUT)
    evidence = _evidence_inputs(evidence_files)
    code, unresolved = EXIT_OK, 0
    for name in names:
        try:
            built, open_conflicts = _build_one(root, name, evidence)
        except Exception as err:  # a defect in apigen: this service is not built, the others are
            if debugging():
                raise
            _error(internal_error(name, "", "building this service", err).one_line())
            built, open_conflicts = EXIT_BAD_INPUT, 0
        code, unresolved = max(code, built), unresolved + open_conflicts
    if code != EXIT_OK:
        sys.exit(code)  # 1: built, with pages left out (each listed above); 2: a service not written
    if strict and unresolved:
        _error(f"{unresolved} unresolved conflict(s); decide them in spec/overrides/<service>.yaml")
        sys.exit(EXIT_FINDINGS)


def _build_one(root: Path, name: str, evidence: list[Input] | None) -> tuple[int, int]:
    """Build one service and write its files, saying what happened, every problem as one line. Returns the
    service's exit code (0 written, 1 written with pages left out, 2 not written) and its unresolved conflicts."""
    from generator.pipeline import build_service, source_files, write_outputs

    with _progress(terminal_text(f"{name}: reading"), len(source_files(root, name))) as tick:
        result = build_service(root, name, tick, evidence=evidence)
    for err in result.problems + result.errors:
        _error(err.one_line())
    if result.errors:
        _error(f"{name}: {len(result.errors)} problem(s); nothing written for this service")
        return EXIT_BAD_INPUT, 0
    if result.problems:
        _error(f"{name}: {len(result.problems)} page(s) left out; the spec is written from the rest")
    try:
        written = write_outputs(root / "spec", result.outputs)
    except ApigenError as err:
        _error(err.one_line())
        _error(f"{name}: nothing written for this service; its files on disk are as they were")
        return EXIT_BAD_INPUT, 0
    c = result.coverage
    classes = _by_class(c["pages_by_class"])
    _echo(f"{name}: {result.pages} pages ({classes}; {c['pages_failed']} failed); "
          f"{c['tables_found']} tables, {c['tables_bound']} bound, "
          f"{c['tables_ignored']} ignored ({c['parameter_tables_bound_percent']}% of parameter tables "
          f"bound), {c['rows_dropped']} rows dropped; {c['operations']} operations"
          + (" (" + ", ".join(f"{lang} {n}" for lang, n in c["operations_by_language"].items())
             + f", in both {c['operations_in_every_language']}"
             + (f", {c['operations_matched_by_structure']} of them matched by their tables"
                if c["operations_matched_by_structure"] else "") + ")" if len(c["operations_by_language"]) > 1
             else "")
          + f", {c['operations_matched_across_sources']} matched across sources; "
          f"{c['example_responses_invalid']} invalid examples; {result.conflicts} conflicts "
          f"({result.unresolved} unresolved)")
    if result.evidence is not None:
        _echo(f"  evidence: {result.evidence.captures:,} captures routed to {name}; "
              f"{result.decided_by_evidence} type conflict(s) decided by them")
    _echo(f"  -> {', '.join(str(p.relative_to(root)) for p in written)}")
    return (EXIT_FINDINGS if result.problems else EXIT_OK), result.unresolved


@app.command(name="import")
@click.argument("source", type=click.Path(file_okay=False, path_type=Path))
@click.option("--service", required=True, help="The service the pages document (spec/sources/<service>/).")
@click.option("--into", default=None, help="Folder inside spec/sources/<service>/ for the pages "
              "[default: SOURCE's own name]; replaced on every import.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
def import_command(source: Path, service: str, into: str | None, root: Path) -> None:
    """Copy a whole API reference folder (every page, as published) into spec/sources/<service>/ and write a
    service.yaml skeleton when the service is new."""
    from generator.importer import import_reference

    try:
        report = import_reference(source, root, service, into)
    except ApigenError as err:
        _error(err.one_line())
        sys.exit(EXIT_BAD_INPUT)
    classes = _by_class(report.classes)
    click.echo(f"{service}: {report.pages} pages -> {report.destination} ({classes}"
               f"{f'; {len(report.unreadable)} unreadable' if report.unreadable else ''})"
               + (f"; {report.other_files} other files not copied" if report.other_files else ""))
    for line in report.unreadable:
        click.echo(f"  unreadable (the build will list it): {line}")
    for line in report.not_copied:
        click.echo(f"  not copied: {line}")
    if report.service_yaml_written:
        click.echo(f"  wrote {root / 'spec' / 'sources' / service / 'service.yaml'}: review its title and endpoint")


def _by_class(counts: dict[str, int]) -> str:
    """Page counts by class as one phrase: `41 operation, 1 none: change history`."""
    return ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))


def _evidence_inputs(files: tuple[Path, ...]) -> list[Input] | None:
    """The --evidence files as validate inputs; exit 2 when one is missing."""
    from generator.validate.captures import Input, sniff_format

    for path in files:
        if not path.is_file():
            _error(f"{path}: no such file")
            sys.exit(EXIT_BAD_INPUT)
    return [Input(str(p), sniff_format(str(p), None)) for p in files] or None


@contextlib.contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[Path], None]]:
    """A progress bar on a terminal; nothing when piped or in CI (CI=true)."""
    if not sys.stderr.isatty() or os.environ.get("CI") or total < 20:
        yield lambda _: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda _: bar.update(1)


def _spec_services(root: Path, services: tuple[str, ...]) -> list[str]:
    names = list(services) or sorted(p.name.removesuffix(".openapi.yaml")
                                     for p in (root / "spec").glob("*.openapi.yaml"))
    if not names:
        _error(f"{root / 'spec'}: no <service>.openapi.yaml to generate from; run `apigen build` first")
        sys.exit(EXIT_BAD_INPUT)
    return names


@app.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
@click.option("--service", "services", multiple=True, help="Generate only this service (repeatable).")
@click.option("--force", is_flag=True, help="Regenerate even when the inputs are unchanged.")
def generate(root: Path, services: tuple[str, ...], force: bool) -> None:
    """Generate generated/<service>/ (pydantic models, sync and async clients) from spec/<service>.openapi.yaml."""
    # The heavy imports wait until something must really be generated: a no-op run stays fast.
    from generator.specfile import read_spec_text

    for name in _spec_services(root, services):
        spec_path = root / "spec" / f"{name}.openapi.yaml"
        if not spec_path.is_file():
            _error(f"{spec_path}: no such spec; run `apigen build` first")
            sys.exit(EXIT_BAD_INPUT)
        spec_text = read_spec_text(spec_path)
        target = root / "generated" / package_name(name)
        stamp = target / FINGERPRINT
        if not force and stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == fingerprint(spec_text):
            click.echo(f"{name}: unchanged ({target.relative_to(root)} matches spec/{name}.openapi.yaml)")
            continue
        from generator.codegen.write import read_tree, write_tree
        from generator.release import released_package, version_of

        folder = f"generated/{package_name(name)}"
        files = released_package(name, spec_text, f"spec/{name}.openapi.yaml", read_tree(target), folder)
        write_tree(target, files)
        click.echo(f"{name}: wrote {target.relative_to(root)}/ ({len(files)} files), version {version_of(files)}")


@app.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
@click.option("--service", "services", multiple=True, help="Check only this service (repeatable).")
@click.option("--lines", default=40, show_default=True, help="Diff lines to show per file.")
@click.option("--evidence", "evidence_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help=_EVIDENCE_HELP + " Give the files spec/ was built with.")
def check(root: Path, services: tuple[str, ...], lines: int, evidence_files: tuple[Path, ...]) -> None:
    """Rebuild spec/ and generated/ in memory; exit 1, with a short diff, where the committed files differ."""
    from generator.codegen.write import read_tree
    from generator.pipeline import build_service, service_names
    from generator.release import released_package

    evidence = _evidence_inputs(evidence_files)
    stale = 0
    built_with_evidence: list[str] = []
    for name in list(services) or service_names(root):
        result = build_service(root, name, evidence=evidence)
        if evidence is None and _decided_by_captures(_read(root / "spec" / f"{name}.conflicts.json")):
            built_with_evidence.append(name)
        for err in result.errors:
            _error(err.one_line())
        if result.errors:
            sys.exit(EXIT_BAD_INPUT)
        committed = {n: _read(root / "spec" / n) for n in result.outputs}
        stale += _report_drift("spec", committed, result.outputs, lines)
        spec_text = result.outputs[f"{name}.openapi.yaml"]
        folder = f"generated/{package_name(name)}"
        package = read_tree(root / folder)
        fresh = released_package(name, spec_text, f"spec/{name}.openapi.yaml", package, folder)
        stale += _report_drift(folder, package, fresh, lines)
    if stale:
        _error(f"{stale} file(s) out of date: run `apigen build` and `apigen generate`, then commit")
        if built_with_evidence:
            _error(f"spec/ of {', '.join(built_with_evidence)} was built with --evidence (conflicts decided by "
                   "captures): give `apigen check` the same --evidence files")
        sys.exit(EXIT_FINDINGS)
    click.echo("spec/ and generated/ are up to date")


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _decided_by_captures(conflicts_json: str | None) -> bool:
    """Whether a committed conflicts report has a conflict that captures decided."""
    try:
        report = json.loads(conflicts_json or "{}")
    except ValueError:
        return False
    conflicts = report.get("conflicts") if isinstance(report, dict) else None
    return any(isinstance(c, dict) and c.get("rule") == "R2-capture-type" for c in conflicts or ())


def _report_drift(folder: str, committed: dict[str, str | None] | dict[str, str], fresh: dict[str, str],
                  lines: int) -> int:
    import difflib

    stale = 0
    for name in sorted(set(committed) | set(fresh)):
        old, new = committed.get(name), fresh.get(name)
        if old == new:
            continue
        stale += 1
        where = f"{folder}/{name}"
        if old is None or new is None:
            click.echo(f"{where}: {'missing' if old is None else 'not generated any more'}")
            continue
        diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"{where} (committed)",
                                         f"{where} (rebuilt)", lineterm="", n=1))
        more = f"\n... ({len(diff) - lines} more diff lines)" if len(diff) > lines else ""
        click.echo("\n".join(diff[:lines]) + more)
    return stale


@app.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print the extraction as JSON (ASCII: other characters as \\u escapes).")
def inspect(files: tuple[Path, ...], as_json: bool) -> None:
    """Show what was extracted from pages: tables, rows, type bindings, examples, status codes."""
    from generator.bind import bind_pages
    from generator.classify import classify
    from generator.extract import extract_pages
    from generator.ir import PageClass, PageOutcome
    from generator.sources.detect import load

    pages: list[Page] = []
    classes: list[tuple[str, PageClass]] = []
    failed = False
    for path in files:
        try:
            doc = load(path)
            page_class = classify(doc)
            found = extract_pages(doc, page_class)
        except ApigenError as err:
            _error(err.one_line())
            failed = True
            continue
        pages.extend(found)
        if not found:
            classes.append((str(path), page_class))
    # Doc text reaches the terminal here: JSON escapes every non-ASCII character, the text shows controls as escapes.
    for source, page_class in classes:
        if as_json:
            click.echo(json.dumps({"source": source, "class": page_class.kind, "category": page_class.category,
                                   "evidence": page_class.evidence}, ensure_ascii=True, indent=2))
        else:
            _echo_lines(render_class(PageOutcome(source, page_class)))
    for bound in bind_pages(pages):  # as the build binds them: peers, and links to the other pages given
        if as_json:
            click.echo(json.dumps(page_summary(bound), ensure_ascii=True, indent=2))
        else:
            _echo_lines(render_page(bound))
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_OK)


def _echo_lines(text: str) -> None:
    """Print lines of doc text, every control character in them shown as an escape."""
    from generator.terminal import terminal_text

    click.echo("\n".join(terminal_text(line) for line in text.split("\n")))


def page_summary(page: Page) -> dict[str, Any]:
    from generator.bind import unbound_tables

    return {
        "source": page.source,
        "format": page.format,
        "language": page.language,
        "title": page.title,
        "operation": f"{page.method} {page.path}" if page.kind == "operation" else "(shared definitions)",
        "anchor": page.anchor,
        "tables": [
            {
                "label": t.label,
                "line": t.provenance.line,
                "role": t.role,
                "status": t.status,
                "name": t.name,
                "binding": t.binding,
                "fields": [
                    {"name": f.name, "type": f.type.raw, "parsed": f.type.describe(), "required": f.required,
                     "enum": list(f.enum), "enum_announced": f.enum_announced, "default": f.default,
                     "line": f.provenance.line}
                    for f in t.fields
                ],
            }
            for t in page.tables
        ],
        "unreferenced_tables": [t.label for t in unbound_tables(page)],
        "examples": [
            {"kind": e.kind, "status": e.status, "line": e.provenance.line, "parsed": e.parsed,
             "relocated_from": e.relocated_from}
            for e in page.examples
        ],
        "status_codes": [{"code": c.code, "description": c.description} for c in page.status_codes],
    }


def render_class(outcome: PageOutcome) -> str:
    """One line: what a source file is, and why; or the problem that kept it out."""
    if outcome.problem is not None:
        return f"{outcome.source}: not read: {outcome.problem.one_line()}"
    if outcome.page_class is None:
        return f"{outcome.source}: not read"
    c = outcome.page_class
    return f"{outcome.source}: {c.kind}" + (f" ({c.category})" if c.category != c.kind else "") + f": {c.evidence}"


def render_page(page: Page) -> str:
    s = page_summary(page)
    out = [f"{s['source']}: {s['format']}, {s['language']}", f"  {s['operation']}  {s['title']!r}"
           + (f"  (anchor {s['anchor']})" if s["anchor"] else "")]
    for t in s["tables"]:
        where = t["role"] + (f" {t['status']}" if t["status"] else "")
        name = f" -> {t['name']}" + (f" [{t['binding']}]" if t["binding"] else "") if t["name"] else ""
        out.append(f"  table {t['label']!r} (line {t['line']}): {where}{name}")
        for f in t["fields"]:
            extra = []
            if f["required"] is not None:
                extra.append("required" if f["required"] else "optional")
            if f["enum"]:
                extra.append("enum " + ", ".join(f["enum"]))
            elif f["enum_announced"]:
                extra.append("enum announced, no values")
            if f["default"] is not None:
                extra.append(f"default {f['default']}")
            notes = f"  ({'; '.join(extra)})" if extra else ""
            out.append(f"    {f['name']}: {f['type']!r} -> {f['parsed']}{notes}")
    for label in s["unreferenced_tables"]:
        out.append(f"  ! table {label!r}: no field refers to it")
    for e in s["examples"]:
        moved = f", moved from {e['relocated_from']}" if e["relocated_from"] else ""
        out.append(f"  example {e['kind']} {e['status'] or ''} (line {e['line']}): "
                   f"{'JSON' if e['parsed'] else 'raw text'}{moved}")
    for c in s["status_codes"]:
        out.append(f"  status {c['code']}: {c['description']}")
    for note in page.notes:
        out.append(f"  note: {note}")
    return "\n".join(out)


@app.command()
@click.argument("sides", nargs=-1, type=click.Path(path_type=Path))
@click.option("--git", "revision", metavar="REV", help="Compare the sources at git revision REV with the working "
              "tree's (every service, or those named by --service); no OLD NEW then.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Project folder, for --git.")
@click.option("--service", "services", multiple=True, help="With --git: only this service (repeatable).")
@click.option("--old-language", type=click.Choice(["zh", "en"]), help="Build OLD (a folder) from these pages only.")
@click.option("--new-language", type=click.Choice(["zh", "en"]), help="Build NEW (a folder) from these pages only.")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="Which old operations, schemas and properties are which new ones, where names differ.")
@click.option("--format", "output", type=click.Choice(["human", "markdown", "json"]), default="human",
              show_default=True)
@click.option("--level", type=click.Choice(["breaking", "warning", "info"]), default="info", show_default=True,
              help="Show findings of this severity and above (human and Markdown output).")
@click.option("--fail-on", type=click.Choice(["breaking", "warning"]),
              help="Exit 1 when a finding is this severe or more.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the human output (default: on a terminal).")
def diff(sides: tuple[Path, ...], revision: str | None, root: Path, services: tuple[str, ...],
         old_language: str | None, new_language: str | None, mapping: Path | None, output: str, level: str,
         fail_on: str | None, colour: bool | None) -> None:
    """Say what changed from OLD to NEW and what it breaks. OLD and NEW are each a spec file or a folder of
    doc sources (built in memory, nothing written)."""
    from generator.diff.compare import compare
    from generator.diff.mapping import load_mapping
    from generator.diff.render import to_json, to_markdown, to_text
    from generator.diff.sides import BuildFailed, git_sides, load_side

    if (revision is not None and sides) or (revision is None and len(sides) != 2):
        _error("give OLD and NEW, or --git REV")
        sys.exit(EXIT_BAD_INPUT)
    if revision is not None and (old_language or new_language):
        _error("--old-language and --new-language apply to OLD and NEW folders, not to --git")
        sys.exit(EXIT_BAD_INPUT)
    if revision is None and services:
        _error("--service applies to --git only")
        sys.exit(EXIT_BAD_INPUT)
    try:
        loaded = load_mapping(mapping) if mapping else None
        if revision is not None:
            pairs = git_sides(root, revision, services)
        else:
            pairs = [(load_side(sides[0], cast("Language | None", old_language)),
                      load_side(sides[1], cast("Language | None", new_language)))]
        comparisons = [compare(old, new, loaded) for old, new in pairs]
    except BuildFailed as failed:
        for err in failed.errors:
            _error(err.one_line())
        sys.exit(EXIT_BAD_INPUT)
    except ApigenError as err:
        _error(err.one_line())
        sys.exit(EXIT_BAD_INPUT)
    if output == "json":
        from generator.emit.report import json_text

        click.echo(json_text(to_json(comparisons)), nl=False)
    elif output == "markdown":
        click.echo(to_markdown(comparisons, cast("Severity", level)))
    else:
        tty = colour if colour is not None else sys.stdout.isatty()
        click.echo(to_text(comparisons, cast("Severity", level), tty), color=tty)
    failing = any(c.fails(cast("Severity | None", fail_on)) for c in comparisons)
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


@app.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--spec", "spec_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The spec to validate against (default: spec/<service>.openapi.yaml).")
@click.option("--service", help="Validate against spec/<service>.openapi.yaml under --root.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
@click.option("--input-format", type=click.Choice(["auto", "jsonl", "har"]), default="auto", show_default=True,
              help="How to read INPUTS (auto: .har or a {\"log\": ...} file is HAR, anything else JSON Lines).")
@click.option("--operation", help="Each INPUT is one JSON response body of this operationId.")
@click.option("--status", type=int, default=200, show_default=True, help="The status of the --operation bodies.")
@click.option("--format", "output", type=click.Choice(["human", "json"]), default="human", show_default=True)
@click.option("--fail-on", "fail_on", multiple=True,
              type=click.Choice(["invalid", "unmatched_route", "undeclared_status", "unparseable", "too_large"]),
              help="Exit 1 when any capture has this verdict (repeatable).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local processes (the default engine) or Dask workers of a local cluster.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="A Dask scheduler address (tcp://host:port); default: a local cluster.")
@click.option("--max-body", type=click.IntRange(min=1), default=16 * 1024 * 1024, show_default=True,
              help="Bodies larger than this many bytes get the verdict too_large, unread.")
def validate(inputs: tuple[str, ...], spec_path: Path | None, service: str | None, root: Path, input_format: str,
             operation: str | None, status: int, output: str, fail_on: tuple[str, ...], jobs: int, engine: str,
             scheduler: str | None, max_body: int) -> None:
    """Check captured responses (JSON Lines, HAR, or JSON bodies with --operation; gzip or "-" for standard
    input) against the spec: a verdict per capture and the findings per operation and field."""
    from generator.validate.captures import Input, sniff_format
    from generator.validate.run import plan, validate_dask
    from generator.validate.run import validate as run_local
    from generator.validate.spec import load_spec, spec_for

    if scheduler and engine != "dask":
        _error("--scheduler needs --engine dask")
        sys.exit(EXIT_BAD_INPUT)
    path = spec_path or spec_for(root, service)
    doc = load_spec(path)
    if operation is not None and operation not in {o.get("operationId") for item in doc.get("paths", {}).values()
                                                   for o in item.values() if isinstance(o, dict)}:
        _error(f"{path}: no operation {operation!r}")
        sys.exit(EXIT_BAD_INPUT)
    if inputs.count("-") > 1:
        _error("-: standard input can be read once; give - one time")
        sys.exit(EXIT_BAD_INPUT)
    items = []
    for name in inputs:
        if name != "-" and not Path(name).is_file():
            _error(f"{name}: no such file")
            sys.exit(EXIT_BAD_INPUT)
        fmt = sniff_format(name, operation) if input_format == "auto" or operation else input_format
        items.append(Input(name, cast("Any", fmt), operation=operation, status=status))
    parts = plan(items, jobs)
    with _progress("validating", len(parts)) as tick:
        done = lambda _: tick(Path())  # noqa: E731 - the bar counts parts
        if engine == "dask":
            summary = validate_dask(doc, parts, scheduler=scheduler, workers=jobs, max_body=max_body, progress=done)
        else:
            summary = run_local(doc, parts, jobs=jobs, max_body=max_body, progress=done)
    if output == "json":
        from generator.validate.summary import dumps

        click.echo(dumps(summary), nl=False)
    else:
        click.echo(summary.to_text(), nl=False)
    sys.exit(EXIT_FINDINGS if summary.failing(fail_on) else EXIT_OK)


def main() -> None:
    try:
        app(standalone_mode=False)
    except ApigenError as err:
        _error(err.one_line())
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Abort:
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except Exception as err:  # a defect in apigen, on any command: one line, not a traceback
        if debugging():
            raise
        _error(internal_error("apigen", "", "running this command", err).one_line())
        sys.exit(EXIT_BAD_INPUT)
