#!/usr/bin/env python3
"""Copy the whole API references of ../shared/corpus into spec/, every page as published, the way a user
adding a service would (`apigen import DIR --service NAME --into FOLDER`). Run from the repository root:

    python tools/import_corpus.py ../shared/corpus

spec/sources/IMPORTED.md says where each folder came from and what it holds, by page class."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.importer import import_reference  # noqa: E402

# (corpus folder, service, folder inside spec/sources/<service>/)
IMPORTS = [
    ("otc-cbr-rst", "cbr", "otc"),
    ("otc-csbs-rst", "csbs", "otc"),
    ("huawei-html-elb", "elb", "huawei"),
    ("otc-vpc-rst", "vpc", "otc"),
    ("otc-evs-rst", "evs", "otc"),
    ("otc-ims-rst", "ims", "otc"),
    ("otc-dns-rst", "dns", "otc"),
    ("otc-nat-rst", "nat", "otc"),
    ("otc-as-rst", "as", "otc"),
    ("otc-smn-rst", "smn", "otc"),
    ("otc-kms-rst", "kms", "otc"),
    ("huawei-html-modelarts", "modelarts", "huawei"),
    # Huawei's own Chinese references of six services, beside the English ones: both languages reconciled
    ("huawei-zh-md-vpc", "vpc", "huawei-zh"),
    ("huawei-zh-md-evs", "evs", "huawei-zh"),
    ("huawei-zh-md-ims", "ims", "huawei-zh"),
    ("huawei-zh-md-nat", "nat", "huawei-zh"),
    ("huawei-zh-md-dns", "dns", "huawei-zh"),
    ("huawei-zh-md-smn", "smn", "huawei-zh"),
]
# Revisions of single pages: built on their own by tests/test_history.py, not part of a service.
HISTORY = [("otc-cbr-rst-history", "spec/history/cbr")]


def main(corpus: Path) -> None:
    report = ["# Imported corpus pages", "",
              "Written by `tools/import_corpus.py` from `../shared/corpus` (see its SOURCES.md for origins): every "
              "page of each reference, as published. What each page is (operation, shared definition, or a page "
              "that documents no operation) is decided from its content at build time; the build's "
              "`spec/<service>.coverage.json` counts them.", "",
              "| corpus folder | pages | destination | pages by class at import |", "|---|---|---|---|"]
    for folder, service, into in IMPORTS:
        result = import_reference(corpus / folder, ROOT, service, into)
        classes = ", ".join(f"{n} {k}" for k, n in sorted(result.classes.items()))
        print(f"{folder}: {result.pages} pages -> {result.destination.relative_to(ROOT)} ({classes})")
        report.append(f"| {folder} | {result.pages} | {result.destination.relative_to(ROOT)} | {classes} |")
    for folder, destination in HISTORY:
        target = ROOT / destination
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(corpus / folder, target)
        print(f"{folder}: -> {destination}")
        report.append(f"| {folder} | {sum(1 for p in target.rglob('*') if p.is_file())} | {destination} | "
                      "revisions of single pages |")
    (ROOT / "spec" / "sources" / "IMPORTED.md").write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"))
