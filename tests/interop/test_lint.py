"""Spectral (spectral:oas) and Redocly (recommended) on every spec: no errors; warnings counted by rule into
build/interop/lint-summary.{json,md}, which the README's Interoperability section quotes."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from tooling import SERVICES, SUMMARY, TOOLS, Run, each_service, run, spec_path, tool

SPECTRAL_SEVERITY = {0: "error", 1: "warning", 2: "info", 3: "hint"}


def spectral(service: str) -> Run:
    return run([tool("spectral"), "lint", "--ruleset", str(TOOLS / "spectral-ruleset.js"), "--format", "json",
                "--quiet", "--fail-severity", "error", str(spec_path(service))], timeout=300)


def redocly(service: str) -> Run:
    return run([tool("redocly"), "lint", "--config", str(TOOLS / "redocly.yaml"), "--format", "json",
                str(spec_path(service))], timeout=300)


def spectral_findings(done: Run) -> list[tuple[str, str, str]]:
    """(severity, rule, where) of each finding; output that is not Spectral's JSON fails the test."""
    try:
        found = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"Spectral printed no JSON report\n{done.told()}") from error
    return [(SPECTRAL_SEVERITY[f["severity"]], f["code"], ".".join(map(str, f["path"]))) for f in found]


def redocly_findings(done: Run) -> list[tuple[str, str, str]]:
    try:
        found = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"Redocly printed no JSON report\n{done.told()}") from error
    return [("error" if p["severity"] == "error" else "warning", p["ruleId"],
             "; ".join(loc.get("pointer", "") for loc in p.get("location", []))) for p in found["problems"]]


@pytest.fixture(scope="module")
def findings() -> dict[str, dict[str, list[tuple[str, str, str]]]]:
    """Both linters over every spec, run once; the counts by rule written for the README."""
    found = {"spectral": {s: spectral_findings(r) for s, r in each_service(spectral).items()},
             "redocly": {s: redocly_findings(r) for s, r in each_service(redocly).items()}}
    write_summary(found)
    return found


def write_summary(found: dict[str, dict[str, list[tuple[str, str, str]]]]) -> None:
    counts: dict[str, Any] = {
        linter: {s: dict(sorted(Counter(f"{sev} {rule}" for sev, rule, _ in items).items()))
                 for s, items in per.items()} for linter, per in found.items()}
    SUMMARY.mkdir(parents=True, exist_ok=True)
    (SUMMARY / "lint-summary.json").write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    lines = ["| linter | spec | errors | warnings by rule |", "|---|---|---|---|"]
    for linter, per in counts.items():
        for service, by_rule in per.items():
            errors = sum(n for k, n in by_rule.items() if k.startswith("error "))
            rest = ", ".join(f"{k.partition(' ')[2]} {n}" for k, n in by_rule.items() if not k.startswith("error "))
            lines.append(f"| {linter} | {service} | {errors} | {rest or '-'} |")
    (SUMMARY / "lint-summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("service", SERVICES)
def test_spectral_oas_finds_no_error(service: str, findings: dict[str, Any]) -> None:
    errors = [f for f in findings["spectral"][service] if f[0] == "error"]
    assert not errors, f"{len(errors)} Spectral errors in spec/{service}.openapi.yaml:\n" + "\n".join(
        f"{rule} at {where}" for _, rule, where in errors[:40])


@pytest.mark.parametrize("service", SERVICES)
def test_redocly_recommended_finds_no_error(service: str, findings: dict[str, Any]) -> None:
    errors = [f for f in findings["redocly"][service] if f[0] == "error"]
    assert not errors, f"{len(errors)} Redocly errors in spec/{service}.openapi.yaml:\n" + "\n".join(
        f"{rule} at {where}" for _, rule, where in errors[:40])


def test_spectral_ruleset_still_checks_schema_examples(tmp_path: Any) -> None:
    """The narrowed rule in tools/interop/spectral-ruleset.js keeps catching a schema example of the wrong
    type, and no longer reads an example *value* with `type` and `default` keys as a schema."""
    spec = tmp_path / "one.yaml"
    spec.write_text(EXAMPLE_SPEC, encoding="utf-8")
    done = run([tool("spectral"), "lint", "--ruleset", str(TOOLS / "spectral-ruleset.js"), "--format", "json",
                "--quiet", str(spec)], timeout=120)
    errors = [(rule, where) for sev, rule, where in spectral_findings(done) if sev == "error"]
    assert errors == [("oas3-valid-schema-example",
                       "paths./a.get.responses.200.content.application/json.schema.properties.size.example")]


EXAMPLE_SPEC = """\
openapi: 3.1.0
info: {title: t, version: "1", description: d, contact: {name: n}}
servers: [{url: "http://127.0.0.1"}]
tags: [{name: t, description: d}]
paths:
  /a:
    get:
      operationId: getA
      tags: [t]
      description: d
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  size: {type: integer, example: "large"}
                  type: {type: string}
                  default: {type: boolean}
              examples:
                record:
                  value: {type: SOA, default: false, size: 1}
"""
