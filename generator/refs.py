"""A spec is data: its references stay inside it. Any `$ref` that points elsewhere — another file, a URL — is
refused before a spec is used, so reading a spec never fetches, opens or copies anything outside it."""

from __future__ import annotations

from typing import Any

from generator.errors import LoadError


def outside_refs(doc: Any) -> list[tuple[str, str]]:
    """(place, ref) of every `$ref` that is not a pointer into the document itself (`#/...`)."""
    found: list[tuple[str, str]] = []
    pending: list[tuple[str, Any]] = [("", doc)]
    seen: set[int] = set()
    while pending:
        place, node = pending.pop()
        if id(node) in seen:  # YAML anchors share nodes: each is looked at once
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            ref = node.get("$ref")
            if "$ref" in node and not (isinstance(ref, str) and (ref == "#" or ref.startswith("#/"))):
                found.append((place + "/$ref", str(ref)))
            pending.extend((f"{place}/{key}", value) for key, value in node.items())
        elif isinstance(node, list):
            pending.extend((f"{place}/{index}", value) for index, value in enumerate(node))
    return sorted(found)


def require_local_refs(doc: Any, display: str) -> None:
    """Raise LoadError naming the first reference that leaves the document."""
    found = outside_refs(doc)
    if found:
        place, ref = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise LoadError(display, place.lstrip("/") or "(root)", f"$ref {ref[:200]!r} points outside the spec{more}; "
                        "only references inside the document (#/...) are followed")
