"""Text made safe to print on a terminal: doc text reaches error lines and reports, and a control character
or escape sequence in it must show as what it is, never act (move the cursor, recolour, reorder the line)."""

from __future__ import annotations

import re

# C0 controls (ESC, and tab and newline too: a message is printed as one line), DEL, C1 controls, and the
# bidi embeddings, overrides and isolates that make a line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """The text with every unsafe character replaced by its visible escape (`\\x1b`, `\\u202e`)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
