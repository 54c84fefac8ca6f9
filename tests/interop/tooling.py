"""Where the interop tools live and how one is run: bounded in time, its output kept whole for the message."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from generator.specshape import HTTP_METHODS

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "interop"
NODE_BIN = TOOLS / "node_modules" / ".bin"
VENV_BIN = Path(sys.executable).parent
SUMMARY = ROOT / "build" / "interop"
SERVICES = tuple(sorted(p.name.removesuffix(".openapi.yaml") for p in (ROOT / "spec").glob("*.openapi.yaml")))
# The machine has two cores: two tools at a time keeps a whole `make interop` inside its budget.
WORKERS = 2
T = TypeVar("T")


@dataclass(frozen=True)
class Run:
    command: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def told(self) -> str:
        """The run as a failure message prints it."""
        return f"$ {' '.join(self.command)}\nexit {self.returncode}\n{self.stdout[-6000:]}\n{self.stderr[-6000:]}"


def tool(name: str) -> str:
    """A tool's executable: the npm ones from tools/interop, the Python ones from the running venv."""
    for folder in (NODE_BIN, VENV_BIN):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise AssertionError(f"{name} is not installed: run `make interop` (it installs the pinned tools)")
    return found


def run(command: list[str], *, timeout: float, cwd: Path | None = None) -> Run:
    """Run a tool with a time bound; a tool that overruns fails the test that asked for it."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_UPDATE_NOTIFIER": "1",
           "SCARF_ANALYTICS": "false", "DO_NOT_TRACK": "1"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env,
                              check=False)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"{' '.join(command)} ran over its {timeout:.0f} s") from expired
    return Run(tuple(command), done.returncode, done.stdout, done.stderr)


def each_service(job: Callable[[str], T], services: Iterable[str] = SERVICES) -> dict[str, T]:
    """`job` over every spec, two at a time."""
    names = list(services)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return dict(zip(names, pool.map(job, names), strict=True))


def spec_path(service: str) -> Path:
    return ROOT / "spec" / f"{service}.openapi.yaml"


@functools.cache
def load_spec(service: str) -> dict[str, Any]:
    """The spec, read once per run (the tests only read it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded: dict[str, Any] = yaml.load(spec_path(service).read_text(encoding="utf-8"), Loader=loader)
    return loaded


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation in the spec."""
    return [(method, path, op) for path, item in spec.get("paths", {}).items() for method, op in item.items()
            if method in HTTP_METHODS and isinstance(op, dict)]
