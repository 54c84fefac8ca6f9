"""The `apigen` command: parses arguments, calls the pipeline, maps outcomes to exit codes.

Exit codes: 0 ok, 1 findings (e.g. unresolved conflicts under --strict), 2 bad usage or bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from generator.bind import bind_nested_tables, unbound_tables
from generator.errors import ApigenError
from generator.extract import extract
from generator.ir import Page
from generator.pipeline import build_service, service_names, write_outputs
from generator.sources.detect import load

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def _error(message: str) -> None:
    click.echo(f"apigen: error: {message}", err=True)


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
def build(root: Path, services: tuple[str, ...], strict: bool) -> None:
    """Parse, reconcile and write spec/<service>.openapi.yaml and its conflicts report."""
    names = list(services) or service_names(root)
    if not names:
        _error(f"{root / 'spec' / 'sources'}: no service folders (each needs a service.yaml)")
        sys.exit(EXIT_BAD_INPUT)
    failed = False
    unresolved = 0
    for name in names:
        result = build_service(root, name)
        for err in result.errors:
            _error(err.one_line())
        if result.errors:
            _error(f"{name}: {len(result.errors)} problem(s); nothing written for this service")
            failed = True
            continue
        written = write_outputs(root / "spec", result.outputs)
        unresolved += result.unresolved
        click.echo(f"{name}: {result.pages} pages, {result.conflicts} conflicts "
                   f"({result.unresolved} unresolved) -> {', '.join(str(p.relative_to(root)) for p in written)}")
    if failed:
        sys.exit(EXIT_BAD_INPUT)
    if strict and unresolved:
        _error(f"{unresolved} unresolved conflict(s); decide them in spec/overrides/<service>.yaml")
        sys.exit(EXIT_FINDINGS)


@app.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction as JSON.")
def inspect(files: tuple[Path, ...], as_json: bool) -> None:
    """Show what was extracted from pages: tables, rows, type bindings, examples, status codes."""
    pages: list[Page] = []
    failed = False
    for path in files:
        try:
            pages.append(extract(load(path)))
        except ApigenError as err:
            _error(err.one_line())
            failed = True
    for page in pages:
        bound = bind_nested_tables(page, [p for p in pages if p is not page and p.key == page.key])
        if as_json:
            click.echo(json.dumps(page_summary(bound), ensure_ascii=False, indent=2))
        else:
            click.echo(render_page(bound))
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_OK)


def page_summary(page: Page) -> dict[str, Any]:
    return {
        "source": page.source,
        "format": page.format,
        "language": page.language,
        "title": page.title,
        "operation": f"{page.method} {page.path}",
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
    return "\n".join(out)


def main() -> None:
    try:
        app(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
