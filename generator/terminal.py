"""Text for the terminal: doc text is untrusted, and a control character or an escape sequence in it must not
move the cursor, recolour, retitle or reorder what a person reads. Escaping happens here, once."""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls; the bidirectional embeddings, overrides and isolates that reorder text and the
# zero-width characters and marks that hide it.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def terminal_text(text: str) -> str:
    """`text` with every control character shown as a visible escape (`\\x1b`, `\\u202e`): one line, printed
    as it is written. Callers split multi-line output into lines first."""
    return _UNSAFE.sub(_visible, text)
