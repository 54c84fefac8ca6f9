"""Keys only the examples send that are no field of their own: a slip in the example.

Two readings, each a rule of rules.py. A key with no letter or digit, or a key the body has with blanks around
it or beside a separator inside it (`"name "`, `"binding: profile"`), names nothing a client could send: it is
reported, not added (R2-example-nameless). A key that is a table field's name in the other number or one
letter off (`traffic_mirror_sessions` for `traffic_mirror_session`, `trasnit_ip_address` for
`transit_ip_address`), where no example object sends both, is that field (R2-example-slip): one property, under
the spelling the evidence stands behind, its values the examples' under either spelling. The example check
(pipeline.invalid_examples) finds these conflicts by `example_key_subject` and sets aside, as decided, an
example whose only fault is such a key."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.ir import Table
from generator.reconcile.context import Decisions
from generator.reconcile.model import Candidate
from generator.spelling import differing_words, slip_between, words_of

SLIP_RULES = ("R2-example-nameless", "R2-example-slip")


def example_key_subject(schema: str, key: str) -> str:
    """The subject of the conflict that reads an example's key as a slip (SLIP_RULES), which the example check
    (pipeline.invalid_examples) looks up by it."""
    return f"{schema} example key {key!r}"


def nameless_reason(key: str, keys: Iterable[str]) -> str | None:
    """Why a key only an example shows is no field a client could name, or None: no letter or digit in it, or
    blanks around it or beside a separator inside it, where the body has the key without them."""
    if not any(ch.isalnum() for ch in key):
        return "no letter or digit in the name"
    listed = set(keys)
    if key != key.strip() and key.strip() in listed:
        return f"blanks around the key {key.strip()!r}, which the body has"
    inside = next((k for k in sorted(listed) if slip_between(key, k) == "blanks"), None)
    return f"blanks inside the key {inside!r}, which the body has" if inside is not None else None


@dataclass(frozen=True)
class Slip:
    """An example key read as a table field's name slipped, and the spelling the schema keeps."""

    table_key: str
    example_key: str
    kept: str
    why: str


def pair_slips(table_keys: Iterable[str], instances: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each key the examples send that no table lists and that is one table key slipped (slip_between: the other
    number, one letter off), mapped to that key. Not where an example object sends both spellings (two fields,
    then), nor where the reading is not one to one (a key two table keys could be, two keys one could be)."""
    listed = list(dict.fromkeys(table_keys))
    objects = list(instances)
    sent = list(dict.fromkeys(k for inst in objects for k in inst if k not in listed))
    pairs: dict[str, str] = {}
    for key in sent:
        near = [t for t in listed if slip_between(key, t) in ("number", "misspelling")]
        if len(near) == 1 and not any(key in inst and near[0] in inst for inst in objects):
            pairs[key] = near[0]
    taken = list(pairs.values())
    return {k: t for k, t in pairs.items() if taken.count(t) == 1}


def field_words(tables: Iterable[Table]) -> dict[str, frozenset[str]]:
    """Every word of the service's table field names, with the names that use it."""
    words: dict[str, set[str]] = {}
    for table in tables:
        for f in table.fields:
            for word in words_of(f.name):
                words.setdefault(word, set()).add(f.name)
    return {w: frozenset(names) for w, names in words.items()}


def decide_slip(table_key: str, example_key: str, instances: Iterable[dict[str, Any]],
                words: Mapping[str, frozenset[str]]) -> Slip:
    """Which spelling one field keeps. Another number: the examples' (they show what the API sends), unless some
    example sends the table's too. One letter off: the spelling whose differing word other fields of the
    service's tables use, where the other's is in none (`trasnit`, `whiltelist` are in no table); else the
    table's."""
    if slip_between(example_key, table_key) == "number":
        if any(table_key in inst for inst in instances):
            return Slip(table_key, example_key, table_key,
                        "another number; examples send both spellings, in different objects: the table's")
        return Slip(table_key, example_key, example_key,
                    "another number; the examples show what the API sends: theirs")
    mine, theirs = (w.lower() for w in differing_words(example_key, table_key) or ("", ""))
    used = {w: bool(words.get(w, frozenset()) - {table_key}) for w in (mine, theirs)}
    if used[mine] and not used[theirs]:
        return Slip(table_key, example_key, example_key,
                    f"one letter off; {theirs!r} is in no other field of the service's tables, "
                    f"{mine!r} is: the examples'")
    if used[theirs] and not used[mine]:
        return Slip(table_key, example_key, table_key,
                    f"one letter off; {mine!r} is in no other field of the service's tables, "
                    f"{theirs!r} is: the table's")
    return Slip(table_key, example_key, table_key,
                "one letter off; the service's tables do not tell which word is the slip: the table's")


def report_slip(decisions: Decisions, schema: str, slip: Slip, table_sources: tuple[str, ...],
                example_sources: tuple[str, ...]) -> str:
    """The resolved conflict that shows both spellings and where each is written; its id."""
    renamed = f" (the table's {slip.table_key} renamed)" if slip.kept != slip.table_key else ""
    return decisions.conflict(
        subject=example_key_subject(schema, slip.example_key), kind="presence",
        candidates=[Candidate(f"{slip.table_key} (the tables)", table_sources),
                    Candidate(f"{slip.example_key} (the examples)", example_sources)],
        decision=f"one field, {slip.kept}{renamed}: {slip.why}", rule="R2-example-slip")
