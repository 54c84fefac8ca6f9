"""Finding and loading the spec a validation runs against."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import LoadError
from generator.specfile import read_spec


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
    return read_spec(path)
