"""Load a source file: read it as UTF-8, tell its format and language from its content, and hand it
to that format's reader. No per-file configuration."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from generator.errors import LoadError
from generator.ir import Document, Language
from generator.sources import html_export, markdown_html, rst, webtext_cells, webtext_pipes

Reader = Callable[[str, str, Language], Document]

# The files a reference's pages come in; other files (images, metadata) are not pages.
PAGE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".rst"}

READERS: dict[str, Reader] = {
    "markdown_html": markdown_html.read,
    "rst": rst.read,
    "html_export": html_export.read,
    "webtext_pipes": webtext_pipes.read,
    "webtext_cells": webtext_cells.read,
}

# Patterns over a whole page stay within a line (`[^\S\n]`, not `\s`) and never let two quantifiers share
# characters: every one of them runs in time linear in the page.
_PIPE_SEPARATOR = re.compile(r"^\|?(?:[^\S\n]*-{3,}[^\S\n]*\|)+[^\S\n]*$", re.M)
_HTML_TABLE = re.compile(r"<table\b", re.I)
# "Parameter", then on a later line "Mandatory" (optional), then "Type"; blank lines between allowed.
_CELLS_HEADER = re.compile(r"^(?:.*\s)?(?:参数|Parameter)[^\S\n]*\n(?:\s*\n)?(?:(?:是否必选|Mandatory)\s*|[^\S\n]*)"
                           r"(?:参数类型|Type)\s*$", re.M)


def decode(path: str, data: bytes) -> str:
    if not data.strip():
        raise LoadError(path, "", "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LoadError(path, str(line), f"not UTF-8: byte 0x{data[err.start]:02x} at offset {err.start}") from err
    # NUL is no text in any format: every page shows it as U+FFFD, as HTML parsers do, so a page reads the
    # same whichever reader (html.parser, lxml, docutils) meets it
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


_RST = re.compile(r"^(?:\.\. (?:table|code-block|_[^:\n]+):|:original_name:|[=\-~^]{4,}\s*$)", re.M)


_MD_HEADING = re.compile(r"^#{1,6}\s", re.M)
# A link: its words and target stop at the next "[" and are bounded, so each "[" reads on at most that far.
_MD_LINK = re.compile(r"\[[^\[\]\n]{1,500}\]\([^)\s\[]{1,2000}\)")


def detect_format(path: str, text: str) -> str:
    if (_HTML_TABLE.search(text) and _MD_HEADING.search(text)) or re.match(r"\s*#{1,6}\s", text):
        return "markdown_html"  # Markdown: HTML tables, GitHub-flavoured `|` tables, or none at all
    if _HTML_TABLE.search(text) or re.match(r"\s*(?:<!DOCTYPE html|<html|<a name=|<h1)", text, re.I):
        return "html_export"
    if _RST.search(text) and not _PIPE_SEPARATOR.search(text):
        return "rst"
    if _PIPE_SEPARATOR.search(text):
        return "webtext_pipes"
    if _CELLS_HEADER.search(text):
        return "webtext_cells"
    if _MD_HEADING.search(text) and _MD_LINK.search(text):
        return "markdown_html"  # Markdown with no table at all: an index or a guide, classified later
    raise LoadError(path, "", "no recognizable table: not Markdown with HTML tables, nor web text with "
                              "'|' cells, nor web text with one cell per line")


# Structure words only a Chinese page uses (column headers, headings): they decide even when the
# page's descriptions are mostly English.
_ZH_STRUCTURE = ("参数类型", "是否必选", "功能介绍", "请求参数", "响应参数", "参数说明", "响应示例", "要素说明")


_MARKUP = re.compile(r"<[^>]*>")


def detect_language(text: str) -> Language:
    if any(word in text for word in _ZH_STRUCTURE):
        return "zh"
    # markup is English whatever the page's language; a "<" with no ">" after it opens no tag (not tried: linear)
    end = text.rfind(">") + 1
    text = _MARKUP.sub(" ", text[:end]) + text[end:]
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if ch.isalpha())
    return "zh" if letters and cjk / letters > 0.05 else "en"


# The most a page may hold: four times the largest page of the corpus (0.5 MB). Reading takes up to ~350 bytes
# a byte of HTML, Markdown or web text (measured: BeautifulSoup trees, one example a line), so under ~750 MB;
# docutils takes more, and the RST reader holds its pages to less (rst.MAX_CHARS).
MAX_PAGE_BYTES = 2 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_page_bytes(path: Path, name: str) -> bytes:
    """The bytes of a page file: a regular file (a symbolic link to one is followed) of at most MAX_PAGE_BYTES.
    Anything else (a device, a FIFO, a dangling link, a link loop, a file too large) is a LoadError naming it,
    and is never read: /dev/zero or a FIFO would never end."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as what it is.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise LoadError(name, "", _open_problem(path, err)) from err
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
        raise LoadError(name, "", f"{kind}, not a page file: not read")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        raise LoadError(name, "", f"larger than {MAX_PAGE_BYTES // (1024 * 1024)} MiB, the most a page may hold: "
                                  "not read")
    return data


def _open_problem(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "a symbolic link loop: not read"
    if err.errno == errno.ENOENT and path.is_symlink():
        return f"a dangling symbolic link (to {os.readlink(path)}): not read"
    return f"cannot read: {err.strerror}"


def load(path: Path, display: str | None = None) -> Document:
    """Read one source file into a Document; `display` is the name errors and provenance use."""
    name = display or str(path)
    text = decode(name, read_page_bytes(path, name))
    fmt = detect_format(name, text)
    return READERS[fmt](name, text, detect_language(text))
