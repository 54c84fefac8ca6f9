"""Formatting of generated Python with ruff, isolated from any project configuration so the same
source formats to the same bytes wherever `apigen generate` runs."""

from __future__ import annotations

import subprocess

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

LINE_LENGTH = "100"


def format_python(source: str, display: str) -> str:
    ruff = find_ruff_bin()
    common = ["--isolated", "--line-length", LINE_LENGTH, "--target-version", "py311", "--stdin-filename", display]
    fixed = _run([ruff, "check", *common, "--select", "I,F401", "--fix-only", "--exit-zero", "-"], source)
    return _run([ruff, "format", *common, "-"], fixed)


def _run(command: list[str], source: str) -> str:
    result = subprocess.run(command, input=source, capture_output=True, text=True, encoding="utf-8", check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ruff failed on generated code: {result.stderr.strip()}")
    return result.stdout
