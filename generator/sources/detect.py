"""Load a source file: read it as UTF-8, tell its format and language from its content, and hand it
to that format's reader. No per-file configuration."""

from __future__ import annotations

import re
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

_PIPE_SEPARATOR = re.compile(r"^\|?(?:\s*-{3,}\s*\|)+\s*$", re.M)
_HTML_TABLE = re.compile(r"<table\b", re.I)
_CELLS_HEADER = re.compile(r"^(?:.*\s)?(?:参数|Parameter)\s*\n(?:是否必选|Mandatory)?\s*\n?(?:参数类型|Type)\s*$", re.M)


def decode(path: str, data: bytes) -> str:
    if not data.strip():
        raise LoadError(path, "", "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LoadError(path, str(line), f"not UTF-8: byte 0x{data[err.start]:02x} at offset {err.start}") from err
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_RST = re.compile(r"^(?:\.\. (?:table|code-block|_[^:]+):|:original_name:|[=\-~^]{4,}\s*$)", re.M)


_MD_HEADING = re.compile(r"^#{1,6}\s", re.M)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")


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


def detect_language(text: str) -> Language:
    if any(word in text for word in _ZH_STRUCTURE):
        return "zh"
    text = re.sub(r"<[^>]*>", " ", text)  # markup is English whatever the page's language
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if ch.isalpha())
    return "zh" if letters and cjk / letters > 0.05 else "en"


def load(path: Path, display: str | None = None) -> Document:
    """Read one source file into a Document; `display` is the name errors and provenance use."""
    name = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise LoadError(name, "", f"cannot read: {err.strerror}") from err
    text = decode(name, data)
    fmt = detect_format(name, text)
    return READERS[fmt](name, text, detect_language(text))
