"""Shared fixtures: the repository's own sources, extracted and built once per test session."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_pages import HOSTILE, HOSTILE_TITLE, markdown_page, pipes_page

from generator.extract import extract
from generator.ir import Page
from generator.pipeline import BuildResult, build_service, service_names
from generator.sources.detect import load

ROOT = Path(__file__).resolve().parents[1]
# tests/interop runs third-party tools that `make interop` installs (npm, a JRE); `make test` runs it as a step
# of its own, so a plain `pytest tests` stays quick and needs none of them.
collect_ignore = [] if os.environ.get("APIGEN_INTEROP") else ["interop"]
SERVICES = tuple(service_names(ROOT))  # every service the project builds
CBR = ROOT / "spec" / "sources" / "cbr"
CSBS = ROOT / "spec" / "sources" / "csbs"
SEED = {
    "000": CBR / "000_391efc63477f91d7.txt",
    "001": CBR / "001_fa6370b052034a7d.txt",
    "003": CBR / "003_413dbb0f8611b702.txt",
    "004": CBR / "004_6f50b70227b6719e.txt",
    "002": CSBS / "002_8cc42fa285a95528.txt",
}


def page_of(seed: str) -> Page:
    return extract(load(SEED[seed]))


# A real service.yaml for small projects of pages: English first, then Chinese; an IAM token header.
PAGES_CONFIG = ROOT / "spec" / "sources" / "ims" / "service.yaml"


def small_project(root: Path, pages: dict[str, str | Path], service: str = "svc",
                  config: str | Path = PAGES_CONFIG) -> Path:
    """`root` made a project of one service: its service.yaml (a real one copied, or this text) and its pages
    (relative name -> a real page copied, or the page's text). Returns `root`."""
    folder = root / "spec" / "sources" / service
    folder.mkdir(parents=True)
    for name, page in {"service.yaml": config, **pages}.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(page, Path):
            shutil.copy(page, target)
        else:
            target.write_text(page, encoding="utf-8")
    return root


def real_pages(root: Path, service: str, pages: list[str]) -> Path:
    """`root` made a project of these pages of a real service (paths under spec/sources/<service>), with the
    service's own service.yaml."""
    sources = ROOT / "spec" / "sources" / service
    return small_project(root, {page: sources / page for page in pages}, service, sources / "service.yaml")


def build_clean(root: Path, service: str = "svc") -> BuildResult:
    """The service built, with no page failing."""
    result = build_service(root, service)
    assert not result.errors, [e.one_line() for e in result.errors]
    return result


def spec_and_report(result: BuildResult, service: str = "svc") -> tuple[dict[str, Any], dict[str, Any]]:
    """The built spec and its conflicts report, parsed."""
    return (yaml.safe_load(result.outputs[f"{service}.openapi.yaml"]),
            json.loads(result.outputs[f"{service}.conflicts.json"]))


def build_pages(root: Path, service: str, pages: list[str]) -> tuple[BuildResult, list[dict[str, Any]]]:
    """A small project of these pages of a real service built: the result and its conflicts."""
    result = build_clean(real_pages(root, service, pages), service)
    return result, spec_and_report(result, service)[1]["conflicts"]


def built_pages(root: Path, pages: dict[str, str | Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The spec and the conflicts report of a small project of these pages (see small_project)."""
    return spec_and_report(build_clean(small_project(root, pages)))


@pytest.fixture(scope="session")
def seed_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project holding only the five seed pages: the facts of the seeds, whatever the corpus adds."""
    root = tmp_path_factory.mktemp("seeds")
    for service in ("cbr", "csbs"):
        folder = root / "spec" / "sources" / service
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "spec" / "sources" / service / "service.yaml", folder)
        for seed in SEED.values():
            if seed.parent.name == service:
                shutil.copy(seed, folder)
    return root


@pytest.fixture(scope="session")
def built(seed_root: Path) -> dict[str, BuildResult]:
    """The seed-only builds."""
    return {name: build_service(seed_root, name) for name in ("cbr", "csbs")}


@pytest.fixture(scope="session")
def corpus_built() -> dict[str, BuildResult]:
    """The builds of everything under spec/sources: what spec/ must hold."""
    return {name: build_service(ROOT, name) for name in SERVICES}


@pytest.fixture(scope="session")
def cbr_spec(built: dict[str, BuildResult]) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(built["cbr"].outputs["cbr.openapi.yaml"])


@pytest.fixture(scope="session")
def csbs_spec(built: dict[str, BuildResult]) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(built["csbs"].outputs["csbs.openapi.yaml"])


@pytest.fixture()
def project(tmp_path: Path, seed_root: Path) -> Path:
    """A scratch project with the seed pages, to build and break freely (small, so tests stay fast)."""
    shutil.copytree(seed_root / "spec", tmp_path / "spec")
    return tmp_path


@pytest.fixture()
def hostile_build(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "spec" / "sources" / "hostile"
    folder.mkdir(parents=True)
    (folder / "service.yaml").write_text("title: Hostile\n", encoding="utf-8")
    single_line = {k: " ".join(v.split()) for k, v in HOSTILE.items()}
    (folder / "en.txt").write_text(pipes_page(HOSTILE_TITLE, single_line), encoding="utf-8")
    (folder / "zh.md").write_text(markdown_page(single_line), encoding="utf-8")
    result = build_service(tmp_path, "hostile")
    assert not result.errors, [e.one_line() for e in result.errors]
    return result.outputs


def generated_package(name: str) -> Any:
    """The committed generated package `name` (generated/<name>/), imported as its users import it."""
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "generated"))


@contextlib.contextmanager
def loopback(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 answering with `handler`, for the time of the block: its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
