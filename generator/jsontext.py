"""JSON read from a page's text within caps. Python's json module recurses once per nesting level (a
RecursionError when deep enough, and a deep value breaks every later stage that walks it) and refuses integers
of more than 4,300 digits with a ValueError that is no JSONDecodeError. Both are the page's doing: the text is
measured first, and what passes a cap is refused by name, with its line, before json sees it."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 64  # arrays and objects nested in an example; real examples stay under 10
MAX_DIGITS = 640  # digits of one number: the lowest int-from-text limit Python can be set to (default 4,300)

# What counts for the caps: strings (whose brackets and digits do not), brackets, digit runs, line ends.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[\]{}]|[0-9]+|\n')


class JsonRefused(Exception):
    """JSON text over a cap: `line` is 1-based within the text measured."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def refusal(text: str) -> JsonRefused | None:
    """The first place the text passes a cap, or None. Measures any text, JSON or not (a whole page
    too): only what would reach the json module's limits counts."""
    depth, line = 0, 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return JsonRefused(line, f"JSON nested more than {MAX_DEPTH} levels deep (the cap)")
        elif first in "]}":
            depth = max(depth - 1, 0)
        elif first.isdigit() and len(token) > MAX_DIGITS:
            return JsonRefused(line, f"a number of {len(token):,} digits in JSON (the cap is {MAX_DIGITS:,})")
    return None


def loads_within_caps(text: str) -> Any:
    """json.loads within the caps: raises JsonRefused over a cap, json.JSONDecodeError for text that is no
    JSON. Text json cannot parse is not measured: a long number in a shell example is no JSON's."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as err:  # json's own limits: digits, then recursion
        raise refusal(text) or JsonRefused(1, f"JSON too deep or too large to read ({type(err).__name__})") from None
    refused = refusal(text)
    if refused is not None:
        raise refused
    return value
