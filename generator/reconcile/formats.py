"""The `format` of a string field, read from what its page says of it (rule R3-stated-format).

A type cell or description that spells the value's shape names a JSON Schema format: a date-time pattern with
seconds and a zone (`yyyy-MM-ddTHH:mm:ssZ`, `YYYY-MM-DDTHH:MM:SS.SSS'Z'`), ISO 8601 or RFC 3339 -> date-time;
a bare date pattern (`yyyy-MM-dd`) -> date; "UUID format" -> uuid; "IPv4 address" / "IPv6 address" (one
address, not a CIDR block or a list, of a field named for an address) -> ipv4 / ipv6; an e-mail address of a
field named for mail -> email; a URL or URI of a field named for one, whose page shows a scheme (or an
`href`) -> uri. What RFC 3339 does not hold is no format: a date-time with no zone (`yyyy-MM-ddTHH:mm:ss`,
"UTC" said only in words) or no seconds (`YYYY-MM-DDThh:mmZ`), a date and time joined by a space; nor is a
sentence that offers an alternative ("0 or a UUID", "…Z or yyyy-MM-dd hh:mm:ss").

A format one of the field's own examples (or its default) does not fit is left out and reported
(R2-example-format): the examples show what the API sends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_DATE_TIME_PATTERN = re.compile(r"y{4}-m{2}-d{2}\W{0,3}t\W{0,3}h{2}:m{2}(?P<rest>[:.smx]{0,12}\W{0,2}"
                                r"(?P<zone>z|[+-]h{2}:?m{2})?)", re.IGNORECASE)
_SPACED_DATE_TIME = re.compile(r"y{4}-m{2}-d{2}\s+h{2}:m{2}", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;。；]\s|\n")
_ALTERNATIVE = re.compile(r"\bor\b|\bmaximum\b|或", re.IGNORECASE)
_DATE_PATTERN = re.compile(r"y{4}-m{2}-d{2}", re.IGNORECASE)  # tried after the date-time patterns
_ISO = re.compile(r"\b(?:ISO[\s-]?8601|RFC[\s-]?3339)\b", re.IGNORECASE)
_UUID = re.compile(r"\bUUID\s+format\b|\bin\s+(?:the\s+)?UUID\b|\bis\s+a\s+UUID\b", re.IGNORECASE)
_ADDRESS = re.compile(r"\bIPv(?P<version>[46])\s+address\b(?!es)", re.IGNORECASE)
_NOT_ONE_ADDRESS = re.compile(r"\bCIDR\b|\bsegment|\brange\b|\baddresses\b|\blist\b|\bseparated\b|\bor\s+IPv",
                              re.IGNORECASE)
# a field named for an address (`vip_address`, `floating_ip`), not for the id of one (`ipv6_vip_port_id`)
_IP_NAME = re.compile(r"(?:^|_)(?:v?ip|ipv[46]|addr|address)$|address", re.IGNORECASE)
_EMAIL = re.compile(r"\be-?mail\s+address\b(?!es)", re.IGNORECASE)
_LINK = re.compile(r"\bUR[LI]\b", re.IGNORECASE)
_LINK_NAME = re.compile(r"(?:^|_)(?:url|uri|href|link)s?$", re.IGNORECASE)
# An absolute URI shows its scheme; an "OBS URL" (`bucket:file`), a path (`/usr/data/`) or `host:port/x` is none.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,20}://|\bhttps?\b", re.IGNORECASE)

# What a value must look like to fit each format (the parts of RFC 3339, RFC 4122 ... apigen states).
_FITS = {
    "date-time": re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "uuid": re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    "ipv4": re.compile(r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"),
    "ipv6": re.compile(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*"),
    "email": re.compile(r"[^@\s]+@[^@\s]+"),
    "uri": re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S*"),
}


@dataclass(frozen=True)
class StatedFormat:
    format: str
    said: str  # the words of the page that state it
    misfits: tuple[Any, ...] = ()  # example values that do not fit it (the format is then left out)


def stated_format(name: str, texts: list[str]) -> StatedFormat | None:
    """The format the page's words (type cells and descriptions) give a string field named `name`."""
    for text in texts:
        found = _format_in(name, text)
        if found is not None:
            return found
    return None


def _format_in(name: str, text: str) -> StatedFormat | None:
    found = _candidate(name, text)
    if found is None:
        return None
    stated, start, end = found
    return None if _ALTERNATIVE.search(_sentence(text, start, end)) else stated


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds text[start:end]."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0: after.start() if after else len(text)]


def _candidate(name: str, text: str) -> tuple[StatedFormat, int, int] | None:
    if match := _DATE_TIME_PATTERN.search(text):
        seconds = ":s" in match.group("rest").lower()
        if not (seconds and match.group("zone")):
            return None  # no zone or no seconds: not an RFC 3339 date-time
        return StatedFormat("date-time", match.group(0)), match.start(), match.end()
    if match := _ISO.search(text):
        return StatedFormat("date-time", match.group(0)), match.start(), match.end()
    if _SPACED_DATE_TIME.search(text):
        return None
    if match := _DATE_PATTERN.search(text):
        return StatedFormat("date", match.group(0)), match.start(), match.end()
    if match := _UUID.search(text):
        return StatedFormat("uuid", match.group(0)), match.start(), match.end()
    if (match := _ADDRESS.search(text)) and not _NOT_ONE_ADDRESS.search(text) and _IP_NAME.search(name):
        return StatedFormat(f"ipv{match.group('version')}", match.group(0)), match.start(), match.end()
    if (match := _EMAIL.search(text)) and "mail" in name.lower():
        return StatedFormat("email", match.group(0)), match.start(), match.end()
    if (match := _LINK.search(text)) and _LINK_NAME.search(name) and (_SCHEME.search(text) or "href" in name):
        return StatedFormat("uri", match.group(0)), match.start(), match.end()
    return None


def fits(fmt: str, value: Any) -> bool:
    pattern = _FITS.get(fmt)
    return isinstance(value, str) and (pattern is None or pattern.fullmatch(value) is not None)


def checked_against(stated: StatedFormat, values: list[Any]) -> StatedFormat:
    """The stated format with the example values that do not fit it."""
    misfits = tuple(dict.fromkeys(v for v in values if isinstance(v, str) and not fits(stated.format, v)))
    return StatedFormat(stated.format, stated.said, misfits)


def is_string(schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    return kinds == "string" or (isinstance(kinds, list) and "string" in kinds and len(kinds) <= 2
                                 and set(kinds) <= {"string", "null"})
