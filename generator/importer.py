"""Bring a service's whole API reference folder into the project, as published: every page copied (no page
is left out for being hard to read: classification happens at build time, from content), a `service.yaml`
skeleton written for a person to review when the service is new.

Re-importing after a doc update replaces the folder's pages, so pages the vendor removed go too."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.classify import classify
from generator.errors import ApigenError, LoadError
from generator.ir import Heading
from generator.sources.detect import PAGE_SUFFIXES, load


@dataclass
class ImportReport:
    service: str
    destination: Path
    pages: int = 0
    other_files: int = 0  # images, metadata and the like: not pages, not copied
    classes: dict[str, int] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # pages copied that the build will report
    not_copied: list[str] = field(default_factory=list)  # named like pages, but links or special files
    service_yaml_written: bool = False


def import_reference(source: Path, root: Path, service: str, into: str | None = None) -> ImportReport:
    """Copy every page under `source` to spec/sources/<service>/<into>/ (relative paths kept), replacing what
    an earlier import put there; write spec/sources/<service>/service.yaml when there is none."""
    if not source.is_dir():
        raise LoadError(str(source), "", "not a folder")
    if not service or not service.replace("-", "").replace("_", "").isalnum() or not service.isascii():
        raise LoadError(service, "", "a service name is letters, digits, '-' and '_' only")
    service_dir = root / "spec" / "sources" / service
    subfolder = into if into is not None else source.resolve().name
    parts = Path(subfolder).parts
    if not parts or Path(subfolder).is_absolute() or any(p in ("..", ".") for p in parts):
        raise LoadError(subfolder or "--into", "", "--into names a folder inside the service folder (it is "
                        "replaced on every import, so never the service folder itself)")
    destination = service_dir / subfolder
    here, there = source.resolve(), destination.resolve()
    if here == there or there in here.parents or here in there.parents:
        raise LoadError(str(source), "", f"the pages would be copied onto themselves ({destination}): import "
                        "from a folder outside the project's spec/sources/")
    entries = sorted(source.rglob("*"))
    files = [p for p in entries if p.is_file() and not p.is_symlink()]
    pages = [p for p in files if p.suffix.lower() in PAGE_SUFFIXES]
    # A link is not copied (it may point anywhere, or nowhere, or to itself): said, never passed over in silence.
    copied = set(pages)
    odd = [p for p in entries if p.suffix.lower() in PAGE_SUFFIXES and p not in copied
           and (p.is_symlink() or not p.is_dir())]
    if not pages:
        raise LoadError(str(source), "", f"no pages ({', '.join(sorted(PAGE_SUFFIXES))}) in this folder")
    report = ImportReport(service=service, destination=destination, pages=len(pages),
                          other_files=len(files) - len(pages),
                          not_copied=[f"{p}: {'a symbolic link' if p.is_symlink() else 'not a regular file'}"
                                      for p in odd])
    # Copied beside the destination first, then swapped in: a failed import leaves the earlier one whole.
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.importing-", dir=destination.parent))
    try:
        for page in pages:
            target = staging / page.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
        if destination.exists():
            shutil.rmtree(destination)
        staging.rename(destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for page in pages:
        target = destination / page.relative_to(source)
        try:
            page_class = classify(load(target, str(target.relative_to(root))))
        except ApigenError as err:
            report.unreadable.append(err.one_line())
            continue
        name = page_class.kind if page_class.kind == "operation" else f"{page_class.kind}: {page_class.category}"
        report.classes[name] = report.classes.get(name, 0) + 1
    config = service_dir / "service.yaml"
    if not config.exists():
        config.write_text(_skeleton(service, _reference_title(source, pages)), encoding="utf-8")
        report.service_yaml_written = True
    return report


def _reference_title(source: Path, pages: list[Path]) -> str:
    """The title of the reference: the heading of its top-level index page, if it has one."""
    top = [p for p in pages if p.stem.lower() == "index" and len(p.relative_to(source).parts) == 1]
    for page in top[:1]:
        try:
            doc = load(page)
        except ApigenError:
            return ""
        return next((b.text for b in doc.blocks if isinstance(b, Heading)), "")
    return ""


def _skeleton(service: str, title: str) -> str:
    """A service.yaml for a person to complete: what the pages do not say about the service as a whole."""
    data = {
        "title": title.replace(" - API Reference", " API").strip() or f"{service.upper()} API",
        "description": f"{title or service}, as documented by its API reference pages, reconciled by apigen.",
        "version": "",
        "endpoint": f"{service}.example.com",
        "language_priority": ["en", "zh"],
        "auth": {"token_header": "X-Auth-Token"},
    }
    header = ("# What the pages do not say about the service as a whole. Written by `apigen import`:\n"
              "# review it (the endpoint of a region, the version, the header that carries the token), then keep it\n"
              "# under version control.\n")
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
