"""How one field name is another slipped: written in the other number (a `sessions` for a `session`), one letter
off (`trasnit` for `transit`), or with blanks inside (`binding: profile` for `binding:profile`). One reading for
every stage that asks (placing a page's examples, reconciling the keys only examples send with the tables'); which
spelling is right is not its question."""

from __future__ import annotations

import re
from typing import Literal

from generator.nouns import singular

SlipKind = Literal["number", "misspelling", "blanks"]

# A name's words and what stands between them: the words of `resrource_type` are `resrource` and `type`, of
# `existTagsNum` `exist`, `Tags` and `Num`. Two names are compared word for word, their separators equal.
_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+|[^A-Za-z0-9]+")
# A word shorter than this is never read as misspelt: `id` and `ip`, `min` and `max` are different words.
MIN_MISSPELT = 5
# Blanks beside a separator inside a key (`binding: vif_details`, `ip _address`).
_INNER_BLANKS = re.compile(r"\s*([:_.-])\s*")


def words_of(name: str) -> list[str]:
    """The words of a name, lower case: `trasnit_ip_address` -> trasnit, ip, address."""
    return [p.lower() for p in _PARTS.findall(name) if p[0].isalnum()]


def slip_between(written: str, name: str) -> SlipKind | None:
    """How `written` is `name` slipped, or None when it is another name: the same words but one, which is the
    other's plural or singular ('number'), or one edit or two neighbouring letters swapped away in a word of
    five letters or more, no digit in it ('misspelling'); or `name` with blanks beside a separator inside it
    ('blanks')."""
    if written == name:
        return None
    if _INNER_BLANKS.sub(r"\1", written.strip()) == name and re.search(r"\S\s+\S", written):
        return "blanks"
    differing = differing_words(written, name)
    if differing is None:
        return None
    mine, theirs = differing
    if mine.lower() != theirs.lower() and (singular(mine).lower() == theirs.lower()
                                           or singular(theirs).lower() == mine.lower()):
        return "number"
    if min(len(mine), len(theirs)) >= MIN_MISSPELT and not re.search(r"\d", mine + theirs) \
            and _one_edit(mine.lower(), theirs.lower()):
        return "misspelling"
    return None


def differing_words(written: str, name: str) -> tuple[str, str] | None:
    """The one word at which two names differ (their other words and separators equal), or None."""
    mine, theirs = _PARTS.findall(written), _PARTS.findall(name)
    if len(mine) != len(theirs):
        return None
    differing = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
    if len(differing) != 1 or not (_is_word(differing[0][0]) and _is_word(differing[0][1])):
        return None
    return differing[0]


def _is_word(part: str) -> bool:
    """A part of a name that is a word of letters: _PARTS reads only ASCII letters so; any other run (`虚拟私有云`,
    blanks, separators) lies between words, and is never read as misspelt or in another number."""
    return part.isascii() and part.isalpha()


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two neighbouring letters swapped, turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        apart = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(apart) == 1 or (len(apart) == 2 and apart[1] == apart[0] + 1
                                   and a[apart[0]] == b[apart[1]] and a[apart[1]] == b[apart[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    cut = next((i for i, (x, y) in enumerate(zip(short, long_[:len(short)], strict=True)) if x != y), len(short))
    return short[cut:] == long_[cut + 1:]
