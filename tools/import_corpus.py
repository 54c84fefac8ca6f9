#!/usr/bin/env python3
"""Copy the API reference pages the project builds from out of ../shared/corpus into spec/.

Which pages: the operation pages and the status-code and error-code appendices. Index pages, guides,
change histories and permission tables document no operation and are left out; the pages left out are
listed in spec/sources/IMPORTED.md with the reason. Run from the repository root:

    python tools/import_corpus.py ../shared/corpus
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.errors import ApigenError  # noqa: E402
from generator.extract import extract  # noqa: E402
from generator.sources.detect import load  # noqa: E402

# (corpus folder, destination, file pattern)
IMPORTS = [
    ("otc-cbr-rst", "spec/sources/cbr/otc", "**/*.rst"),
    ("otc-csbs-rst", "spec/sources/csbs/otc", "**/*.rst"),
    ("huawei-html-elb", "spec/sources/elb/huawei", "*.html"),
    ("otc-cbr-rst-history", "spec/history/cbr", "*.rst"),
]


def main(corpus: Path) -> None:
    report = ["# Imported corpus pages", "",
              "Written by `tools/import_corpus.py` from `../shared/corpus` (see its SOURCES.md for origins). "
              "Pages that document no operation (index pages, guides, change history, permission tables) or "
              "are fragments without a request line are left out, with the reason.", ""]
    for folder, destination, pattern in IMPORTS:
        source = corpus / folder
        target = ROOT / destination
        shutil.rmtree(target, ignore_errors=True)
        skipped: list[tuple[str, str]] = []
        copied = 0
        for path in sorted(source.glob(pattern)):
            relative = path.relative_to(source)
            try:
                page = extract(load(path, str(relative)))
            except ApigenError as err:
                skipped.append((str(relative), err.message))
                continue
            del page
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
            copied += 1
        summary = f"{folder}: {copied} pages -> {destination}, {len(skipped)} left out"
        print(summary)
        report += [f"## {summary}", ""]
        if skipped:
            report += ["| page left out | why |", "|---|---|", *(f"| {name} | {why} |" for name, why in skipped), ""]
    (ROOT / "spec" / "sources" / "IMPORTED.md").write_text("\n".join(report), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"))
