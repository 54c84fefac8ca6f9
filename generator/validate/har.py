"""The entries of a HAR file (`log.entries[]`), found in a stream without parsing the rest: each entry's
bytes are handed out whole, to be decoded on their own.

A tokenizer that knows only strings and brackets walks the bytes at the speed of a regular expression,
keeping nothing but the current depth, the two keys that lead to the entries, and the entry being read.
So the cost is linear in the file and bounded per entry: an entry nested deeper than MAX_ENTRY_DEPTH or
longer than its byte limit is skipped as it streams by and reported, and nothing outside the entries is
ever built, however deep or long it is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal

from generator.errors import LoadError

MAX_ENTRY_DEPTH = 64  # objects and arrays inside one entry; browsers' exports reach about 20
_CHUNK = 1024 * 1024
_OUTSIDE = re.compile(rb'["{}\[\],:]')  # what matters between strings
_INSIDE = re.compile(rb'["\\]')  # what ends, or escapes inside, a string
_WHITESPACE = b" \t\r\n"
_KEY_KEPT = 16  # bytes of a key kept: enough to tell "log" and "entries"


def _nested(levels: int) -> bytes:
    """A regular expression for the inside of a JSON value nested at most `levels` deep: strings whole,
    brackets balanced. Possessive throughout, so matching never backtracks: linear in what it reads."""
    plain, string = rb"[^\"{}\[\]]++", rb'"(?:[^"\\]++|\\.)*+"'
    inside = rb"(?:" + plain + rb"|" + string + rb")*+"
    for _ in range(levels - 1):
        inside = rb"(?:" + plain + rb"|" + string + rb"|[{\[]" + inside + rb"[}\]])*+"
    return inside


# A whole entry within MAX_ENTRY_DEPTH, at the speed of the regular expression engine: the common case.
# (Bracket kinds are not paired here; an entry whose brackets do not pair fails to decode.)
_WHOLE_ENTRY = re.compile(rb"[ \t\r\n]*+([{\[]" + _nested(MAX_ENTRY_DEPTH) + rb"[}\]])", re.S)


@dataclass(frozen=True, slots=True)
class Entry:
    number: int  # from 1, in file order
    data: bytes | None  # the entry's JSON text; None when refused
    refused: Literal["too_deep", "too_large", None] = None
    line: int = 0  # where the stream broke off (for `broken`)


class Truncated(Exception):
    """The stream ended or broke inside the JSON: entries read so far stand, the rest is one problem."""


class HarSplitter:
    """`entries()` yields each entry of `log.entries` in order; Truncated when the JSON breaks off or its
    brackets do not match; LoadError when there is no `log.entries` array at all."""

    def __init__(self, stream: IO[bytes], path: str, entry_limit: int) -> None:
        self.stream, self.path, self.entry_limit = stream, path, entry_limit
        self.stack = bytearray()  # the open containers, b"{" or b"["
        self.keys: list[bytes | None] = [None, None, None]  # the key being read at depths 1 and 2
        self.expect_key = False  # inside an object, before its next key
        self.in_string = self.escape = False
        self.string_is_key = False
        self.key_text = bytearray()
        self.log_seen = False  # log opened as an object
        self.entries_seen = False  # log.entries opened as an array
        self.number = 0
        self.parts: list[bytes] = []  # the entry being read
        self.size = 0
        self.refused: Literal["too_deep", "too_large", None] = None
        self.in_entry = False
        self.fresh = False  # at the start of an entry: nothing of it read yet
        self.entry_start: int | None = None  # where the entry starts in the current chunk
        self.done: list[Entry] = []

    def entries(self) -> Iterator[Entry]:
        while True:
            chunk = self.stream.read(_CHUNK)
            if not chunk:
                break
            self._scan(chunk)
            yield from self.done
            self.done.clear()
        if self.stack or self.in_string:
            raise Truncated("the file ends inside the JSON")
        if not self.entries_seen:
            raise LoadError(self.path, "log.entries", "not a HAR file: no log.entries array")

    # --- the tokenizer ----------------------------------------------------------------------------------

    def _scan(self, chunk: bytes) -> None:
        pos, end = 0, len(chunk)
        if self.in_entry:
            self.entry_start = 0
        while pos < end:
            if self.in_string:
                pos = self._string(chunk, pos)
                continue
            if self.fresh:  # an entry starts here: whole in this chunk and within bounds, it is taken at once
                self.fresh = False
                whole = _WHOLE_ENTRY.match(chunk, pos)
                if whole is not None:
                    self._whole_entry(chunk[whole.start(1):whole.end()])
                    pos = self.entry_start = whole.end()
                    continue
            found = _OUTSIDE.search(chunk, pos)
            if found is None:
                break
            pos = found.end()
            self._token(chunk, found.start())
        if self.in_entry and self.entry_start is not None:
            self._keep(chunk[self.entry_start:])

    def _string(self, chunk: bytes, pos: int) -> int:
        """Reads string content from `pos`; returns where scanning goes on."""
        if self.escape:
            self.escape = False
            pos += 1
            if pos >= len(chunk):
                return pos
        found = _INSIDE.search(chunk, pos)
        stop = len(chunk) if found is None else found.start()
        if self.string_is_key and len(self.key_text) <= _KEY_KEPT:
            self.key_text += chunk[pos:min(stop, pos + _KEY_KEPT + 1)]
        if found is None:
            return len(chunk)
        if chunk[stop] == 0x5C:  # a backslash: the next byte is escaped, perhaps in the next chunk
            if self.string_is_key:
                self.key_text += b"\\"
            if stop + 1 >= len(chunk):
                self.escape = True
                return len(chunk)
            return stop + 2
        self.in_string = False
        if self.string_is_key:
            depth = len(self.stack)
            if depth <= 2:
                self.keys[depth] = bytes(self.key_text)
        return stop + 1

    def _token(self, chunk: bytes, at: int) -> None:
        byte = chunk[at]
        depth = len(self.stack)
        if byte == 0x22:  # "
            self.in_string = True
            self.string_is_key = self.expect_key
            self.expect_key = False
            self.key_text.clear()
        elif byte in (0x7B, 0x5B):  # { [
            self._open(chunk, at, byte)
        elif byte in (0x7D, 0x5D):  # } ]
            self._close(chunk, at, byte)
        elif byte == 0x2C:  # ,
            if depth and self.stack[-1] == 0x7B:
                self.expect_key = True
                if depth <= 2:
                    self._value_ended(depth)
            if depth == 3 and self._in_entries():
                self._entry_ended(chunk, at)
                self._entry_starts(at + 1)

    def _open(self, chunk: bytes, at: int, byte: int) -> None:
        depth = len(self.stack)
        if depth == 0 and byte != 0x7B:
            raise LoadError(self.path, "", "not a HAR file: it is not a JSON object")
        if depth == 1 and self.keys[1] == b"log":
            if byte != 0x7B:
                raise LoadError(self.path, "log", "not a HAR file: log is not an object")
            self.log_seen = True
        if depth == 2 and self._in_log() and self.keys[2] == b"entries":
            if byte != 0x5B:
                raise LoadError(self.path, "log.entries", "not a HAR file: log.entries is not an array")
            self.entries_seen = True
            self.stack.append(byte)
            self._entry_starts(at + 1)
            return
        self.stack.append(byte)
        self.expect_key = byte == 0x7B
        if self.in_entry and len(self.stack) - 3 > MAX_ENTRY_DEPTH and self.refused is None:
            self._refuse("too_deep")

    def _close(self, chunk: bytes, at: int, byte: int) -> None:
        if not self.stack or self.stack[-1] != byte - 2:  # } is { + 2, ] is [ + 2
            raise Truncated("brackets that do not match")
        depth = len(self.stack)
        if depth <= 2 and byte == 0x7D:
            self._value_ended(depth)
        if depth == 3 and self._in_entries():
            self._entry_ended(chunk, at)
            self.in_entry = False
        self.stack.pop()
        self.expect_key = False
        if len(self.stack) <= 2:
            self.keys[len(self.stack) + 1:] = [None] * (2 - len(self.stack))

    def _value_ended(self, depth: int) -> None:
        """A value of the top object (depth 1) or of log (depth 2) ended; log.entries must have been an
        array if that was its key."""
        if depth == 2 and self._in_log() and self.keys[2] == b"entries" and not self.entries_seen:
            raise LoadError(self.path, "log.entries", "not a HAR file: log.entries is not an array")
        if depth == 1 and self.keys[1] == b"log" and not self.log_seen:
            raise LoadError(self.path, "log", "not a HAR file: log is not an object")

    def _in_log(self) -> bool:
        return len(self.stack) >= 2 and self.keys[1] == b"log"

    def _in_entries(self) -> bool:
        return self._in_log() and self.keys[2] == b"entries" and self.stack[2:3] == b"["

    # --- the entry being read ---------------------------------------------------------------------------

    def _entry_starts(self, at: int) -> None:
        self.in_entry, self.entry_start, self.fresh = True, at, True
        self.parts, self.size, self.refused = [], 0, None

    def _whole_entry(self, data: bytes) -> None:
        """An entry matched whole; what follows it up to the next `,` or `]` is only whitespace."""
        self.number += 1
        too_large = len(data) > self.entry_limit
        self.done.append(Entry(self.number, None if too_large else data, "too_large" if too_large else None))

    def _entry_ended(self, chunk: bytes, at: int) -> None:
        if self.entry_start is not None:
            self._keep(chunk[self.entry_start:at])
        data = b"".join(self.parts)
        self.parts, self.entry_start = [], None
        if self.refused is None and not data.strip(_WHITESPACE):
            return  # `[]`, or a stray comma: no entry
        self.number += 1
        self.done.append(Entry(self.number, data if self.refused is None else None, self.refused))

    def _keep(self, part: bytes) -> None:
        if self.refused is not None:
            return
        self.size += len(part)
        if self.size > self.entry_limit:
            self._refuse("too_large")
            return
        self.parts.append(part)

    def _refuse(self, why: Literal["too_deep", "too_large"]) -> None:
        """Stop keeping the entry's bytes; it still streams by, and is reported when it ends."""
        self.refused, self.parts, self.entry_start = why, [], None
