"""What a generated package depends on, as one hash: the spec, the templates, the code generator's own
source (and the release stage's, with the diff it calls) and the versions of the generating tools. Equal
fingerprints mean regenerating would change no byte, so it is skipped."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from generator.codegen.templates import TEMPLATES, template_text

FINGERPRINT = ".apigen-fingerprint"


def fingerprint(spec_text: str) -> str:
    digest = hashlib.sha256()
    generator = Path(__file__).parents[1]
    code = [p for stage in ("codegen", "release", "diff") for p in sorted((generator / stage).glob("*.py"))]
    for part in (spec_text, *(template_text(t) for t in TEMPLATES), *(p.read_text("utf-8") for p in code),
                 *(f"{p}=={metadata.version(p)}" for p in ("apigen", "datamodel-code-generator", "ruff"))):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
