"""Coverage accounting: what became of every table and row of every page, and of every operation and
example. Nothing may vanish unnoticed: a table is bound (to parameters, a schema, responses or the
error-code components) or ignored with a reason, and every row of a bound table is a field."""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.ir import Page, PageOutcome
from generator.reconcile.model import Service

PARAMETER_ROLES = ("path", "query", "header")


def coverage(service: Service, pages: list[Page], outcomes: list[PageOutcome]) -> dict[str, Any]:
    """`outcomes` says what became of every source file, `pages` are the Pages read from those that document
    something (an operation page stating several request lines gives several)."""
    by_source: dict[str, list[Page]] = {}
    for page in pages:
        by_source.setdefault(page.source, []).append(page)
    per_page = [_outcome(service, outcome, by_source.get(outcome.source, []))
                for outcome in sorted(outcomes, key=lambda o: o.source)]
    read = [p for p in per_page if "tables_found" in p]
    language_of = {p.source: p.language for p in pages}
    operations = [{"operationId": op.operation_id, "method": op.method, "path": op.path,
                   "languages": sorted({language_of[s] for s in op.sources if s in language_of}),
                   "sources": list(op.sources)} for op in service.operations]
    languages = sorted({lang for o in operations for lang in o["languages"]})
    one_language = [{"operationId": o["operationId"], "method": o["method"], "path": o["path"],
                     "language": o["languages"][0], "sources": o["sources"]}
                    for o in operations if len(o["languages"]) == 1 and len(languages) > 1]
    invalid = [c.id for c in service.conflicts if c.kind == "example-invalid"]
    # operations whose pages' request lines differ in form only, matched by their tables (rule R3-path-match)
    by_structure = [{"kept": c.candidates[0].value, "other": c.candidates[1].value,
                     "kept_sources": list(c.candidates[0].sources), "other_sources": list(c.candidates[1].sources)}
                    for c in service.conflicts if c.rule == "R3-path-match"]
    examples = sum(len(r.examples) for op in service.operations for r in op.responses)
    parameter_tables = sum(p["parameter_tables"] for p in read)
    parameter_bound = sum(p["parameter_tables_bound"] for p in read)
    classes = Counter(f"{p['class']}: {p['category']}" if p["category"] != p["class"] else p["class"]
                      for p in per_page if p["class"])
    failed = [{"source": o.source, "problem": o.problem.one_line()} for o in outcomes if o.problem is not None]
    totals = {
        "pages": len(outcomes),
        "pages_by_class": dict(sorted(classes.items())),
        "pages_failed": len(failed),
        "operation_pages": sum(1 for o in outcomes if o.page_class and o.page_class.kind == "operation"
                               and o.problem is None),
        "shared_pages": sum(1 for o in outcomes if o.page_class and o.page_class.kind == "shared"
                            and o.problem is None),
        "skipped_pages": sum(1 for o in outcomes if o.page_class and o.page_class.kind == "none"),
        "tables_found": sum(p["tables_found"] for p in read),
        "tables_bound": sum(p["tables_bound"] for p in read),
        "tables_ignored": sum(len(p["tables_ignored"]) for p in read),
        "parameter_tables": parameter_tables,
        "parameter_tables_bound_percent": round(100.0 * parameter_bound / parameter_tables, 1)
        if parameter_tables else 100.0,
        "rows": sum(p["rows"] for p in read),
        "rows_dropped": sum(p["rows_dropped"] for p in read),
        "operations": len(operations),
        "operations_matched_across_sources": sum(1 for o in operations if len(o["sources"]) > 1),
        "operations_single_source": sum(1 for o in operations if len(o["sources"]) == 1),
        "operations_by_language": {lang: sum(1 for o in operations if lang in o["languages"]) for lang in languages},
        "operations_in_every_language": sum(1 for o in operations if len(o["languages"]) == len(languages)),
        "operations_matched_by_structure": len(by_structure),
        "example_responses": examples,
        "example_responses_invalid": len(invalid),
        "unaccounted_tables": sum(p["unaccounted_tables"] for p in read),
    }
    return {"service": service.config.name, "totals": totals, "failed_pages": failed,
            "invalid_examples": invalid, "operations": operations, "one_language_operations": one_language,
            "operations_matched_by_structure": by_structure,
            "pages": per_page}


def _outcome(service: Service, outcome: PageOutcome, pages: list[Page]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "source": outcome.source,
        "class": outcome.page_class.kind if outcome.page_class else "",
        "category": outcome.page_class.category if outcome.page_class else "",
        "evidence": outcome.page_class.evidence if outcome.page_class else "",
    }
    if outcome.problem is not None:
        entry["problem"] = outcome.problem.one_line()
    if pages and outcome.problem is None:
        entry.update(_page(service, pages[0]))
        entry["operation"] = ", ".join(f"{p.method} {p.path}" for p in pages if p.kind == "operation")
        if pages[0].notes:
            entry["notes"] = list(pages[0].notes)
    return entry


def _page(service: Service, page: Page) -> dict[str, Any]:
    labels: dict[str, list[Any]] = {}
    for table in page.tables:  # a URI table split into path and query parts is still one table
        labels.setdefault(table.label, []).append(table)
    bound: list[str] = []
    ignored = [{"table": label, "why": why} for label, why in page.ignored_tables]
    rows = dropped = 0
    parameter_tables = parameter_bound = 0
    for label, parts in labels.items():
        rows += sum(t.rows for t in parts)
        dropped += sum(t.rows - len(t.fields) for t in parts)
        roles = {t.role for t in parts}
        if roles & {*PARAMETER_ROLES, "request_body", "response_body"}:
            parameter_tables += 1
        if roles & set(PARAMETER_ROLES) or (page.source, label) in service.reached_tables:
            bound.append(label)
            parameter_bound += 1 if roles & {*PARAMETER_ROLES, "request_body", "response_body"} else 0
        else:
            why = "no field of the operation refers to it" if roles == {"object"} else "not reached"
            ignored.append({"table": label, "why": why})
    for label, count in page.code_tables:
        bound.append(label)
        rows += count
    return {
        "tables_found": page.tables_seen,
        "tables_bound": len(bound),
        "tables_ignored": ignored,
        "parameter_tables": parameter_tables,
        "parameter_tables_bound": parameter_bound,
        "rows": rows,
        "rows_dropped": dropped,
        "unaccounted_tables": page.tables_seen - len(bound) - len(ignored),
    }
