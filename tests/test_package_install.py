"""A generated package installs with pip into a fresh virtual environment and builds a wheel, from its
folder as committed (generated/cbr), without reaching a package index: the venv sees the dependencies and
the build backend of the environment running the tests, after its own (a .pth file), so pip must find the
declared ranges satisfied by what is there. The installed package then pages through a server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT, loopback
from loopback import send_json

from generator.codegen.write import read_tree

PACKAGE = ROOT / "generated" / "cbr"
VAULTS = [f"vault-{n}" for n in range(5)]


class _Vaults(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        start, limit = int(query.get("offset", "0")), int(query.get("limit", "2"))
        send_json(self, {"vaults": [{"id": v} for v in VAULTS[start:start + limit]]})


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback(_Vaults) as url:
        yield url


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv (its own pip) whose site-packages ends in this environment's, and an environment for pip
    that reads no configuration of the machine's (indexes, find-links, constraints)."""
    folder = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True, timeout=300)
    python = folder / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    (Path(site) / "zz_test_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    return python, env


def _pip(venv: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    python, env = venv
    return subprocess.run([str(python), "-m", "pip", *args], capture_output=True, text=True, env=env, timeout=600)


def test_pip_install_of_the_folder_works_in_a_fresh_venv(venv: tuple[Path, dict[str, str]], server: str,
                                                         tmp_path: Path) -> None:
    before = read_tree(PACKAGE)
    done = _pip(venv, "install", "--no-index", "--no-build-isolation", str(PACKAGE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Successfully installed apigen-cbr-" in done.stdout
    assert read_tree(PACKAGE) == before  # the build wrote nothing into the committed folder
    script = ("import json, sys, importlib.metadata as m; import cbr; "
              "c = cbr.CbrClient(token='t', endpoint=sys.argv[1], project_id='p'); "
              "print(json.dumps([cbr.__file__, m.version('apigen-cbr'), "
              "[v.id_ for v in c.iter_list_vault(limit=2)]]))")
    python, env = venv
    ran = subprocess.run([str(python), "-c", script, server], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=120)
    assert ran.returncode == 0, ran.stderr
    where, version, vaults = json.loads(ran.stdout)
    assert Path(where).is_relative_to(python.parent.parent) and Path(where).name == "__init__.py"
    assert version == tomllib.loads(before["pyproject.toml"])["project"]["version"]
    assert vaults == VAULTS


def test_a_wheel_builds_with_the_modules_metadata_and_py_typed(venv: tuple[Path, dict[str, str]],
                                                              tmp_path: Path) -> None:
    done = _pip(venv, "wheel", "--no-deps", "--no-index", "--no-build-isolation", "-w", str(tmp_path),
                str(PACKAGE))
    assert done.returncode == 0, done.stdout + done.stderr
    project = tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wheel = tmp_path / f"apigen_cbr-{project['version']}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"apigen_cbr-{project['version']}.dist-info"
        metadata = Parser().parsestr(archive.read(f"{info}/METADATA").decode())
    assert {n for n in names if not n.startswith(info)} == {
        "cbr/__init__.py", "cbr/_base.py", "cbr/_paging.py", "cbr/_runtime.py", "cbr/client.py", "cbr/models.py",
        "cbr/py.typed"}
    assert (metadata["Name"], metadata["Version"], metadata["Requires-Python"]) == (
        "apigen-cbr", project["version"], ">=3.11")
    assert sorted(metadata.get_all("Requires-Dist") or []) == ["httpx<1,>=0.27", "pydantic<3,>=2.7"]
    assert "iter_" in (metadata.get_payload() or "")  # the README, with its usage example, is the description
