"""Captured responses, read as a stream from JSON Lines, HAR 1.2 files or a single JSON body; gzip and
standard input included. Memory stays flat: one line (bounded) or one HAR entry is held at a time.

Every capture read becomes either a `Capture` or a `Broken` record naming the file and the line (or HAR
entry) — nothing read is ever skipped, so the verdict counts add up to the number of captures read."""

from __future__ import annotations

import base64
import gzip
import io
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress
from typing import IO, Any, Literal

import msgspec

from generator.errors import LoadError
from generator.validate.har import MAX_ENTRY_DEPTH, Entry, HarSplitter, Truncated

Format = Literal["jsonl", "har", "body"]

DEFAULT_MAX_BODY = 16 * 1024 * 1024  # bytes; a larger body is its own verdict, `too large`
_ENVELOPE_SLACK = 64 * 1024  # what a JSON line may carry besides its body (method, url, headers)
_CHUNK = 1024 * 1024
MAX_EXPANSION = 200  # a gzip input may expand to this many times its compressed size ...
_EXPANSION_GRACE = 64 * 1024 * 1024  # ... once past this many bytes; JSON logs gzip 5-30x
_DENSE = 16  # bytes a line on average from which a block's lines are split rather than searched for
_NOT_SPACE = re.compile(rb"[^ \t\r\n\x0b\x0c]")  # what bytes.strip() keeps


class Envelope(msgspec.Struct, gc=False):
    """One JSON line: the response and the request it answers. `body` is the JSON body as sent;
    `body_text` (raw text) or `body_base64` carry a body that is not JSON or not UTF-8."""

    status: int
    method: str = "GET"
    url: str = ""
    path: str = ""
    headers: msgspec.Raw = msgspec.Raw(b"")  # not checked: validate judges bodies; skipped unparsed
    body: msgspec.Raw = msgspec.Raw(b"")
    body_text: str | None = None
    body_base64: str | None = None


ENVELOPE = msgspec.json.Decoder(Envelope)
_GENERIC_JSON = msgspec.json.Decoder()


@dataclass(frozen=True, slots=True)
class Capture:
    source: str
    line: int  # the line of a JSON Lines file, the entry number (from 1) of a HAR file
    method: str
    target: str  # url or path as captured
    status: int
    body: bytes  # empty when the response had none


@dataclass(frozen=True, slots=True)
class Broken:
    """A capture that could not be read: its verdict is `unparseable` or `too_large`."""

    source: str
    line: int
    verdict: Literal["unparseable", "too_large"]
    message: str


Item = Capture | Broken


@dataclass(frozen=True)
class Input:
    """One input to read: a file path (or "-" for standard input) and, for parallel runs, a byte range of
    an uncompressed JSON Lines file. Lines are numbered from the range's start (line 1); the summaries of
    a file's ranges are renumbered when they merge, in order (run.PartsMerged), so nobody has to count a
    file's lines before its ranges can be read."""

    path: str
    format: Format
    start: int = 0
    end: int | None = None
    operation: str | None = None  # for format "body"
    status: int = 200  # for format "body"


def open_binary(path: str) -> IO[bytes]:
    """The file's bytes, gunzipped when it starts with the gzip magic (within MAX_EXPANSION, or
    TooExpanded); "-" is standard input."""
    raw: IO[bytes]
    try:
        raw = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as err:
        raise LoadError(path, "", f"cannot read: {err.strerror or err}") from err
    if raw.closed:
        raise LoadError(path, "", "already read: standard input can be read once")
    peek = raw.peek(2)[:2] if isinstance(raw, io.BufferedReader) else b""
    if peek == b"\x1f\x8b":
        return _BoundedGzip(raw)  # type: ignore[return-value]
    return raw


class TooExpanded(Exception):
    """A gzip stream expanding past MAX_EXPANSION: what was read stands, the rest is refused."""


class _Counted(io.RawIOBase):
    """A stream that counts the bytes read from it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[:len(data)] = data
        self.count += len(data)
        return len(data)


class _BoundedGzip(io.BufferedIOBase):
    """gunzip, stopped with TooExpanded once the output passes MAX_EXPANSION times the input read (after a
    grace of _EXPANSION_GRACE bytes, so small files are never refused): the time spent on a file stays a
    small multiple of its size on disk, whatever it expands to."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw, self._counted = raw, _Counted(raw)
        self._gzip = gzip.GzipFile(fileobj=self._counted, mode="rb")
        self._out = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        data = self._gzip.read(size)
        self._out += len(data)
        if self._out > _EXPANSION_GRACE and self._out > MAX_EXPANSION * self._counted.count:
            raise TooExpanded(f"the gzip stream expands more than {MAX_EXPANSION}x its size (to {self._out:,} bytes "
                              f"from {self._counted.count:,}); the rest is not read")
        return data

    def close(self) -> None:
        if not self.closed:
            self._gzip.close()
            if self._raw is not sys.stdin.buffer:
                self._raw.close()
        super().close()


def sniff_format(path: str, operation: str | None) -> Format:
    """JSON Lines unless the name or the first bytes say HAR; `--operation` means a single body."""
    if operation is not None:
        return "body"
    name = path.lower().removesuffix(".gz")
    if name.endswith(".har"):
        return "har"
    if name.endswith((".jsonl", ".ndjson")) or path == "-":
        return "jsonl"
    with open_binary(path) as stream:
        head = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") and head[1:].lstrip().startswith(b'"log"'):
        return "har"
    return "jsonl"


def read(item: Input, max_body: int = DEFAULT_MAX_BODY) -> Iterator[Item]:
    if item.format == "har":
        yield from read_har(item.path, max_body)
    elif item.format == "body":
        yield from read_body(item, max_body)
    else:
        yield from read_jsonl(item, max_body)


def read_jsonl(item: Input, max_body: int = DEFAULT_MAX_BODY) -> Iterator[Item]:
    for number, line in jsonl_lines(item, max_body):
        yield line if isinstance(line, Broken) else from_line(item.path, number, line, max_body)


def jsonl_lines(item: Input, max_body: int = DEFAULT_MAX_BODY) -> Iterator[tuple[int, bytes | Broken]]:
    """(line number, line) for every non-blank line of a JSON Lines input (or of its byte range)."""
    for batch in JsonlReader(item, max_body):
        if isinstance(batch, Broken):
            yield batch.line, batch
            continue
        yield from zip(*batch, strict=True)


class JsonlReader:
    """The lines of a JSON Lines input (or of its byte range), a block at a time: (their line numbers, the
    lines), blank lines left out. A line longer than the body limit
    allows is skipped as it streams by (an empty line in its place) and reported as `too_large`; a file or
    gzip stream that breaks off becomes one `unparseable` where it broke. Once read through, `newlines`
    is how many line ends the input held: how far the next range of the same file is renumbered."""

    def __init__(self, item: Input, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.item, self.max_body, self.newlines = item, max_body, 0

    def __iter__(self) -> Iterator[tuple[list[int], list[bytes]] | Broken]:
        item, max_body = self.item, self.max_body
        source = item.path
        limit = max_body + _ENVELOPE_SLACK
        left = None if item.end is None else item.end - item.start
        number = 1  # the number of the line the next block starts in
        pending: list[bytes] = []  # the start of a line whose end is not read yet
        pending_size = 0
        skipping = False  # inside an over-long line, already reported
        with open_binary(item.path) as stream:
            if item.start:
                stream.seek(item.start)
            while True:
                try:
                    block = stream.read(_CHUNK if left is None else min(_CHUNK, left)) if left != 0 else b""
                except TooExpanded as err:
                    yield Broken(source, number, "too_large", f"line {number} on: {err}")
                    return
                except (EOFError, OSError, zlib.error) as err:
                    yield Broken(source, number, "unparseable", f"the file ends early or is corrupt: {err}")
                    return
                if not block:
                    kept = _with_text(number, [b"".join(pending)]) if pending and not skipping else ([], [])
                    if kept[0]:
                        yield kept
                    return
                if left is not None:
                    left -= len(block)
                cut = block.rfind(b"\n")
                if cut >= 0:  # lines end in this block: the first continues what is pending
                    first_end = block.find(b"\n")
                    first = b"" if skipping else b"".join([*pending, block[:first_end]])
                    skipping, pending, pending_size = False, [], 0
                    numbers, lines = _with_text(number, [first]) if first else ([], [])
                    if first_end < cut:
                        more = _lines_between(block, first_end + 1, cut, number + 1)
                        numbers, lines = numbers + more[0], lines + more[1]
                    if lines and max(map(len, lines)) > limit:
                        for i, line in enumerate(lines):
                            if len(line) > limit:
                                yield _too_long(source, numbers[i], limit, max_body)
                        numbers, lines = _with_text_within(numbers, lines, limit)
                    if numbers:
                        yield numbers, lines
                    number += block.count(b"\n")
                    self.newlines = number - 1
                tail = block[cut + 1:]
                if skipping:
                    continue
                pending.append(tail)
                pending_size += len(tail)
                if pending_size > limit:
                    yield _too_long(source, number, limit, max_body)
                    pending, pending_size, skipping = [], 0, True


def _lines_between(block: bytes, start: int, stop: int, first: int) -> tuple[list[int], list[bytes]]:
    """The lines of `block[start:stop]` (numbered from `first`) that hold more than whitespace, with their
    numbers. Where lines are short on average (mostly blank: a stream of newlines, say), the text lines are
    found by a regular expression that skips whitespace at C speed, so blank lines cost no Python step at
    all; elsewhere lines are split, which is faster per line."""
    if stop - start >= _DENSE * (block.count(b"\n", start, stop) + 1):
        return _with_text(first, block[start:stop].split(b"\n"))
    numbers: list[int] = []
    lines: list[bytes] = []
    pos, number = start, first  # pos is always where line `number` starts
    while pos <= stop:
        found = _NOT_SPACE.search(block, pos, stop)
        if found is None:
            break
        line_start = block.rfind(b"\n", pos, found.start()) + 1 or pos
        number += block.count(b"\n", pos, line_start)
        line_end = block.find(b"\n", found.start(), stop)
        line_end = stop if line_end < 0 else line_end
        numbers.append(number)
        lines.append(block[line_start:line_end])
        pos, number = line_end + 1, number + 1
    return numbers, lines


def _with_text_within(numbers: list[int], lines: list[bytes], limit: int) -> tuple[list[int], list[bytes]]:
    kept = [len(line) <= limit for line in lines]
    return list(compress(numbers, kept)), list(compress(lines, kept))


def _with_text(first: int, lines: list[bytes]) -> tuple[list[int], list[bytes]]:
    """The lines holding more than whitespace, and their numbers (the first line is number `first`). Made
    by C loops alone: a blank line costs no Python step, so a stream of newlines (a gzip bomb of them, say)
    costs what reading it costs."""
    text = list(map(bytes.strip, lines))
    return list(compress(range(first, first + len(lines)), text)), list(compress(lines, text))


def _too_long(source: str, number: int, limit: int, max_body: int) -> Broken:
    return Broken(source, number, "too_large", f"a line of more than {limit:,} bytes (the body limit is {max_body:,})")


def from_line(source: str, number: int, line: bytes, max_body: int) -> Item:
    try:
        env = ENVELOPE.decode(line)
    except msgspec.ValidationError as err:
        return Broken(source, number, "unparseable", f"not a capture: {err}")
    except (msgspec.DecodeError, RecursionError) as err:
        return Broken(source, number, "unparseable", f"not JSON: {_decode_message(err)}")
    body = body_of(env)
    if isinstance(body, str):
        return Broken(source, number, "unparseable", body)
    if len(body) > max_body:
        return Broken(source, number, "too_large", f"a body of {len(body):,} bytes (the limit is {max_body:,})")
    return Capture(source, number, env.method.upper(), env.url or env.path, env.status, bytes(body))


def body_of(env: Envelope) -> bytes | msgspec.Raw | str:
    """The body bytes, or a message saying why they cannot be had."""
    if env.body_base64 is not None:
        try:
            return base64.b64decode(env.body_base64, validate=True)
        except ValueError:
            return "body_base64 is not base64"
    if env.body_text is not None:
        return env.body_text.encode("utf-8", "surrogatepass")
    return env.body


def _decode_message(err: Exception) -> str:
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return str(err)


def read_body(item: Input, max_body: int = DEFAULT_MAX_BODY) -> Iterator[Item]:
    """A whole file as one response body of `item.operation` (routing is skipped)."""
    with open_binary(item.path) as stream:
        try:
            data = stream.read(max_body + 1)
        except TooExpanded as err:
            yield Broken(item.path, 1, "too_large", str(err))
            return
        except (EOFError, OSError, zlib.error) as err:
            yield Broken(item.path, 1, "unparseable", f"the file ends early or is corrupt: {err}")
            return
    if len(data) > max_body:
        yield Broken(item.path, 1, "too_large", f"a body of more than {max_body:,} bytes")
        return
    yield Capture(item.path, 1, "", "", item.status, data)


def read_har(path: str, max_body: int = DEFAULT_MAX_BODY) -> Iterator[Item]:
    """HAR 1.2 (`log.entries[]`) of any size, an entry at a time (har.py finds them in the stream); each
    entry is decoded on its own, so a broken one is reported and the next still read. A file that breaks
    off yields its complete entries, then one `unparseable` for the rest."""
    # JSON escaping takes up to 6 bytes a byte (\u0000): an entry this long cannot hold a body within limits.
    entry_limit = 6 * max_body + _ENVELOPE_SLACK
    number = 0
    with open_binary(path) as stream:
        try:
            for entry in HarSplitter(stream, path, entry_limit).entries():
                number = entry.number
                yield _har_entry(path, entry, entry_limit, max_body)
        except Truncated as err:
            yield Broken(path, number + 1, "unparseable", f"HAR entry {number + 1}: the file ends early or is not "
                                                          f"JSON ({err})")
        except TooExpanded as err:
            yield Broken(path, number + 1, "too_large", f"HAR entry {number + 1} on: {err}")
        except (EOFError, OSError, zlib.error) as err:
            yield Broken(path, number + 1, "unparseable", f"HAR entry {number + 1}: the file ends early or is "
                                                          f"corrupt: {err}")


def _har_entry(path: str, entry: Entry, entry_limit: int, max_body: int) -> Item:
    number = entry.number
    if entry.refused == "too_deep":
        return Broken(path, number, "unparseable", f"HAR entry {number}: nested more than {MAX_ENTRY_DEPTH} levels "
                                                   "deep; not read")
    if entry.data is None:
        return Broken(path, number, "too_large", f"HAR entry {number}: more than {entry_limit:,} bytes of JSON "
                                                 f"(the body limit is {max_body:,}); not read")
    try:
        decoded = _GENERIC_JSON.decode(entry.data)
    except (msgspec.DecodeError, RecursionError) as err:
        return Broken(path, number, "unparseable", f"HAR entry {number}: not JSON apigen can read: {err}")
    return _from_har_entry(path, number, decoded, max_body)


def _from_har_entry(path: str, number: int, entry: object, max_body: int) -> Item:
    def broken(why: str) -> Broken:
        return Broken(path, number, "unparseable", f"HAR entry {number}: {why}")

    if not isinstance(entry, dict):
        return broken("not an object")
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, dict) or not isinstance(response, dict):
        return broken("no request or response")
    method, url, status = request.get("method"), request.get("url"), response.get("status")
    if not isinstance(method, str) or not isinstance(url, str) or not isinstance(status, int):
        return broken("request.method, request.url or response.status is missing")
    content = response.get("content")
    if not isinstance(content, dict):
        return broken("response.content is missing")
    text = content.get("text", "")
    if not isinstance(text, str):
        return broken("response.content.text is not a string")
    if content.get("encoding") == "base64":
        try:
            body = base64.b64decode(text, validate=True)
        except ValueError:
            return broken("response.content.text is not base64")
    else:
        body = text.encode("utf-8", "surrogatepass")
    if len(body) > max_body:
        return Broken(path, number, "too_large", f"HAR entry {number}: a body of {len(body):,} bytes "
                                                 f"(the limit is {max_body:,})")
    return Capture(path, number, method.upper(), url, status, body)


def split_jsonl(path: str, parts: int) -> list[Input]:
    """Byte ranges of an uncompressed JSON Lines file, cut at line ends: what parallel workers read.
    Compressed files and standard input are one part."""
    if path == "-" or parts <= 1:
        return [Input(path, "jsonl")]
    with open(path, "rb") as stream:
        if stream.read(2) == b"\x1f\x8b":
            return [Input(path, "jsonl")]
        size = stream.seek(0, io.SEEK_END)
        cuts = [0]
        for k in range(1, parts):
            stream.seek(max(size * k // parts, cuts[-1]))
            _skip_line(stream)
            cuts.append(stream.tell())
        cuts.append(size)
    return [Input(path, "jsonl", start, end) for start, end in zip(cuts, cuts[1:], strict=False) if end > start]


def _skip_line(stream: IO[bytes]) -> None:
    """Reads past the rest of the line the stream is in, in bounded chunks."""
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return

