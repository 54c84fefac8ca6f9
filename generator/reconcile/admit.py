"""What a page says that no OpenAPI spec can hold: a status that is no HTTP status, a default its own enum
excludes, body tables nested past the cap. Each is the page's problem, not apigen's: refused as a PageError
naming the page and where in it the value was read; the pipeline leaves that page out and builds the rest."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from generator.errors import PageError
from generator.ir import Field, Page, Provenance
from generator.jsontext import MAX_DIGITS

MAX_NESTING = 32  # object tables inside object tables, from a body's root
NUMBER = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")  # a number as a page writes one
# The response keys OpenAPI accepts: a status 100-599, a range (2XX), or default.
_RESPONSE_KEY = re.compile(r"[1-5](?:[0-9]{2}|XX)|default")


def refused(provenance: Provenance, what: str) -> PageError:
    """A PageError at the place a value was read: its line, and its table and row when it came from one."""
    where = ""
    if provenance.table:
        where = f"table {provenance.table!r}" + (f", row {provenance.row}" if provenance.row is not None else "")
        where += ": "
    return PageError(provenance.file, str(provenance.line), f"{where}{what}")


def refuse_impossible_statuses(page: Page) -> None:
    """Every status the page documents a response under must be one OpenAPI can hold."""
    found: list[tuple[str, Provenance]] = [(t.status, t.provenance) for t in page.tables if t.status]
    found += [(e.status, e.provenance) for e in page.examples if e.status]
    found += [(c.code, c.provenance) for c in page.status_codes]
    for status, provenance in found:
        if not _RESPONSE_KEY.fullmatch(status):
            raise refused(provenance, f"status code {status!r} is not an HTTP status (100-599)")


def refuse_default_outside_enum(default: Any, schema: dict[str, Any], stated_by: Field) -> None:
    """A default must be one of the field's values: a spec whose default its enum excludes is no spec."""
    values = schema.get("enum")
    if isinstance(values, list) and default not in values:
        listed = ", ".join(json.dumps(v, ensure_ascii=False) for v in values)
        raise refused(stated_by.provenance, f"field {stated_by.name!r}: default "
                      f"{json.dumps(default, ensure_ascii=False)} is not one of its values ({listed})")


def refuse_unholdable_default(stated_by: Field, kind: str | None) -> None:
    """A default stated for a number must be a number a spec can hold: no more digits than the cap (Python
    refuses to read past 4,300), and finite (1e999 is no JSON number)."""
    text = stated_by.default or ""
    if kind not in ("integer", "number"):
        return
    digits = max((len(run) for run in re.findall(r"[0-9]+", text)), default=0)
    if digits > MAX_DIGITS:
        raise refused(stated_by.provenance, f"field {stated_by.name!r}: a default of {digits:,} digits "
                      f"(the cap is {MAX_DIGITS:,})")
    if NUMBER.fullmatch(text) and not math.isfinite(float(text)):
        raise refused(stated_by.provenance, f"field {stated_by.name!r}: default {text} is past what a number "
                      f"can hold")


def refuse_nesting(field: Field) -> PageError:
    """Object tables nested past the cap: the field, in the table where the walk stopped, that goes deeper."""
    return refused(field.provenance, f"field {field.name!r} nests object tables more than {MAX_NESTING} deep "
                   f"(the cap)")
