"""An independent diff tool to check `apigen diff` against: Atlassian's openapi-diff (npm, pinned).

It reads OpenAPI 3.0 only, so each side is laid out as 3.0 first (`null` in a type list or an anyOf
becomes `nullable`, keywords beside a `$ref` are dropped as 3.0 ignores them). It judges whole request
and response bodies by the set of values they accept (json-schema-diff): a response body that accepts
values it did not is `response.body.scope.add` (breaking); one that accepts fewer is
`response.body.scope.remove` (non-breaking); the other way round for requests. `discriminators` reads
out of its difference schema the fields where those values differ, to compare field by field."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

VERSION = "0.24.1"
HOME = Path(sys.prefix) / "openapi-diff"  # inside the virtualenv: `make clean` removes it with the rest
BATCH = Path(__file__).with_name("openapi_diff_batch.js")


def installed() -> Path | None:
    """The tool's folder, installed from npm on first use; None where node or npm is missing."""
    package = HOME / "node_modules" / "openapi-diff" / "package.json"
    if package.is_file() and json.loads(package.read_text())["version"] == VERSION:
        return HOME
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        return None
    HOME.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(HOME), "--no-audit", "--no-fund", "--loglevel=error",
                    f"openapi-diff@{VERSION}"], check=True, capture_output=True, timeout=600)
    return HOME


def run(pairs: dict[str, tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """openapi-diff's outcome for each named (old, new) pair of OpenAPI 3.1 documents."""
    home = installed()
    assert home is not None
    payload = [{"name": name, "old": to_openapi30(cut_cycles(old)), "new": to_openapi30(cut_cycles(new))}
               for name, (old, new) in pairs.items()]
    done = subprocess.run([shutil.which("node") or "node", str(BATCH)], input=json.dumps(payload), text=True,
                          capture_output=True, timeout=600, check=True,
                          env={**os.environ, "OPENAPI_DIFF_HOME": str(home)})
    outcome: dict[str, Any] = json.loads(done.stdout)
    return outcome


def cut_cycles(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with every `$ref` that closes a cycle of schemas (BackupResp.children refers to
    BackupResp) made a plain object: openapi-diff cannot dereference a cycle. Both sides are cut alike."""
    doc = copy.deepcopy(doc)
    schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {})
    state: dict[str, str] = {}

    def holders(node: Any) -> list[tuple[Any, Any]]:
        found: list[tuple[Any, Any]] = []
        for key, child in (node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list)
                           else ()):
            if isinstance(child, dict) and isinstance(child.get("$ref"), str):
                found.append((node, key))
            found += holders(child)
        return found

    def visit(name: str) -> None:
        state[name] = "open"
        for node, key in holders(schemas[name]):
            target = node[key]["$ref"].removeprefix("#/components/schemas/")
            if state.get(target) == "open":
                node[key] = {"type": "object"}
            elif target in schemas and target not in state:
                visit(target)
        state[name] = "done"

    for name in sorted(schemas):
        if name not in state:
            visit(name)
    return doc


def to_openapi30(doc: Any) -> Any:
    if isinstance(doc, list):
        return [to_openapi30(x) for x in doc]
    if not isinstance(doc, dict):
        return doc
    node = {k: to_openapi30(v) for k, v in doc.items()}
    if node.get("openapi", "").startswith("3.1") if isinstance(node.get("openapi"), str) else False:
        node["openapi"] = "3.0.3"
    if "$ref" in node:
        return {"$ref": node["$ref"]}
    kind = node.get("type")
    if isinstance(kind, list):
        rest = [k for k in kind if k != "null"]
        if "null" in kind:
            node["nullable"] = True
        if len(rest) == 1:
            node["type"] = rest[0]
        else:
            del node["type"]
            node["anyOf"] = [{"type": k} for k in rest]
    for keyword in ("anyOf", "oneOf"):
        if keyword in node:
            members = [m for m in node[keyword] if m != {"type": "null"}]
            if len(members) != len(node[keyword]):
                node["nullable"] = True
            if len(members) == 1:
                del node[keyword]
                node.update(members[0] if "$ref" not in members[0] else {"allOf": members})
            else:
                node[keyword] = members
    return node


def differences(outcome: dict[str, Any]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(type, code, location, discriminating fields) of each classified difference, sorted."""
    if "error" in outcome:
        raise AssertionError(f"openapi-diff failed: {outcome['error']}")
    found = []
    for key in ("breakingDifferences", "nonBreakingDifferences"):
        for d in outcome.get(key, []):
            details = d.get("destinationSpecEntityDetails") or d.get("sourceSpecEntityDetails") or [{}]
            fields = discriminators(d.get("details", {}).get("differenceSchema", {}), "")
            found.append((d["type"], d["code"], str(details[0].get("location", "")), tuple(sorted(fields))))
    return sorted(found)


def discriminators(schema: Any, path: str) -> set[str]:
    """The fields a difference schema singles out. It is the new schema with one of the old one's
    constraints negated per `anyOf` member; a negated constraint shows as a complement type list
    (`["array", "boolean", ...]` for "not a string"), a `false` (a field the other side forbids) or a
    `not`. Properties kept only as context (plain types) are not singled out."""
    if schema is False:
        return {path}
    if not isinstance(schema, dict):
        return set()
    found: set[str] = set()
    if isinstance(schema.get("type"), list):
        found.add(path)
    for member in schema.get("anyOf", []):
        found |= discriminators(member, path)
    for name, sub in schema.get("properties", {}).items():
        found |= discriminators(sub, f"{path}.{name}" if path else name)
    if "items" in schema:
        found |= discriminators(schema["items"], f"{path}[]")
    if "not" in schema:
        negated = schema["not"]
        inner = discriminators(negated, path) if isinstance(negated, dict) else set()
        found |= inner or {path}
    return found
