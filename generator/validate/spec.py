"""Finding and loading the spec a validation runs against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.errors import LoadError
from generator.refs import require_local_refs


def spec_for(root: Path, service: str | None) -> Path:
    """spec/<service>.openapi.yaml; without --service, the one spec under spec/ if there is only one."""
    folder = root / "spec"
    if service:
        path = folder / f"{service}.openapi.yaml"
        if not path.is_file():
            raise LoadError(str(path), "", "no such spec; run `apigen build` or give --spec")
        return path
    found = sorted(folder.glob("*.openapi.yaml"))
    if len(found) != 1:
        names = ", ".join(p.name.removesuffix(".openapi.yaml") for p in found) or "none"
        raise LoadError(str(folder), "", f"say which spec with --service or --spec (found: {names})")
    return found[0]


def load_spec(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LoadError(str(path), "", f"cannot read: {err}") from err
    try:
        doc = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_LOADER)
    except (ValueError, yaml.YAMLError) as err:
        raise LoadError(str(path), "", f"not YAML or JSON: {err}") from err
    if not isinstance(doc, dict) or not isinstance(doc.get("paths"), dict):
        raise LoadError(str(path), "", "not an OpenAPI document (no paths)")
    require_local_refs(doc, str(path))
    return doc


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
