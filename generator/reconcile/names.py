"""Names: the operationId of each operation and the class name of each schema, with the rules that pick one
where pages disagree (R3-name-majority) and keep them unique (R3-unique-operation-id, R3-schema-collision)."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Hashable
from typing import TypeVar

from generator.ir import Page
from generator.nouns import singular
from generator.reconcile.context import Decisions
from generator.reconcile.model import Candidate
from generator.reconcile.tags import VERBS

Key = TypeVar("Key", bound=Hashable)


def path_names(path: str) -> list[str]:
    return re.findall(r"\{([^{}]+)\}", path)


def operation_id(ctx: Decisions, pages: list[Page]) -> str:
    """The name the pages of one operation give it, else one derived from method and path."""
    # An anchor names the operation only when it reads like one (ShowBackup), not a topic id.
    anchors = Counter(p.anchor for p in pages if re.fullmatch(r"[A-Z][A-Za-z0-9]+", p.anchor))
    if anchors:
        # the name most pages give; a tie goes to the language priority (service.yaml), then the name
        chosen = sorted(anchors, key=lambda a: (-anchors[a], min(ctx.priority(p.source) for p in pages
                                                                if p.anchor == a), a))[0]
        if len(anchors) > 1:
            ctx.conflict(subject=f"{pages[0].method} {pages[0].path}", kind="name",
                         candidates=[Candidate(a, tuple(p.source for p in pages if p.anchor == a))
                                     for a in sorted(anchors)],
                         decision=f"operationId {chosen}", rule="R3-name-majority")
        return pascal(chosen)
    return derived_operation_id(pages[0].method, pages[0].path)


def unique_operation_ids(ctx: Decisions, named: list[tuple[str, list[Page]]]) -> list[str]:
    """Two operations cannot share an operationId: the later one (by path) takes its distinguishing
    path parameter or version as a suffix."""
    seen: dict[str, list[Page]] = {}  # by the name in lower case: generators fold case (file names, methods)
    ids = []
    for op_id, pages in named:
        first = seen.get(op_id.lower())
        if first is None:
            seen[op_id.lower()] = pages
            ids.append(op_id)
            continue
        path, other = pages[0].path, first[0].path
        params = [p for p in path_names(path) if "{" + p + "}" not in other]
        version = re.search(r"/v(\d+)", path)
        suffix = f"By{pascal(params[-1])}" if params else f"V{version.group(1)}" if version else "2"
        unique = op_id + suffix
        while unique.lower() in seen:
            unique += "2"
        ctx.conflict(subject=f"{pages[0].method} {path}", kind="name",
                     candidates=[Candidate(op_id, (other,)), Candidate(op_id, (path,))],
                     decision=f"operationId {unique}", rule="R3-unique-operation-id")
        seen[unique.lower()] = pages
        ids.append(unique)
    return ids


def majority(ctx: Decisions, used: list[tuple[str, str]]) -> tuple[str, Counter[str]]:
    """The class name most of `used` (the name a page gives a table, the page) give, in PascalCase; a tie goes
    to the language priority, then the name. With the count of each name."""
    counts = Counter(pascal(name) for name, _ in used)

    def rank(n: str) -> tuple[int, int, str]:
        return (-counts[n], min(ctx.priority(s) for nm, s in used if pascal(nm) == n), n)

    return sorted(counts, key=rank)[0], counts


def class_name(ctx: Decisions, used: list[tuple[str, str]]) -> str:
    """The majority name of a schema, the others reported as its aliases."""
    chosen, counts = majority(ctx, used)
    if len(counts) > 1:
        ctx.conflict(
            subject=f"schema {chosen}",
            kind="name",
            candidates=[Candidate(n, tuple(sorted({s for nm, s in used if pascal(nm) == n})))
                        for n in sorted(counts)],
            decision=f"named {chosen}; aliases {', '.join(n for n in sorted(counts) if n != chosen)}",
            rule="R3-name-majority",
        )
    return chosen


def rename_collisions(ctx: Decisions, names: dict[Key, str], sources: dict[Key, tuple[str, ...]],
                      operations: dict[Key, str]) -> dict[Key, str]:
    """Different schemas that still share a name: the later ones take their operation's name in front.
    `sources`: the pages each schema's tables are on; `operations`: the operation that first reached it."""
    renamed_names = dict(names)
    by_name: dict[str, list[Key]] = {}  # names that differ only by case collide too (file names, imports)
    for root in names:
        by_name.setdefault(names[root].lower(), []).append(root)
    taken = set(by_name)
    for roots in by_name.values():
        name = names[roots[0]]
        for extra in roots[1:]:
            base = f"{operations.get(extra, 'Other')}{names[extra]}"
            renamed, number = base, 1
            while renamed.lower() in taken:
                # a number, not punctuation: generators drop `_` from class names, so `Name_` would be `Name`
                number += 1
                renamed = f"{base}{number}"
            taken.add(renamed.lower())
            renamed_names[extra] = renamed
            ctx.conflict(subject=f"schema {renamed}", kind="name",
                         candidates=[Candidate(name, sources[r]) for r in roots],
                         decision=f"different tables share the name {name}: this one is {renamed}",
                         rule="R3-schema-collision")
    return renamed_names


def pascal(name: str) -> str:
    """checkpoint_item -> CheckpointItem, os-vol-host-attr:host -> OsVolHostAttrHost; names already in
    PascalCase stay as they are. Only letters and digits are kept (what a component name may hold)."""
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
        return name
    joined = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)
    return joined or f"Type{zlib.crc32(name.encode()):08x}"  # a name with no Latin letter or digit at all


def derived_operation_id(method: str, path: str) -> str:
    """An operationId from method and path when no page names the operation: GET /v1/{p}/items/{id}
    -> ShowItem, GET /v1/{p}/items -> ListItems, POST -> Create…, PUT -> Update…, DELETE -> Delete…; a
    collection under an item is named after its parent too (DELETE /vault/{id}/tags/{key} -> DeleteVaultTag)."""
    segments = [s for s in path.strip("/").split("/") if s and not re.fullmatch(r"v\d+(\.\d+)?", s)]
    literal_at = [i for i, s in enumerate(segments) if not s.startswith("{")]
    if not literal_at:
        verb = {"GET": "Show", "POST": "Create", "PUT": "Update", "DELETE": "Delete"}.get(method, method.title())
        return verb + "Root"
    last = literal_at[-1]
    noun = pascal(segments[last])
    words = re.split(r"[^A-Za-z0-9]+", segments[last].lower())
    if segments[last] == segments[-1] and len(words) > 1 and words[0] in VERBS:
        # the path names the action itself (POST …/kms/create-key, …/get-key-rotation-status): its own words
        return noun
    if words in (["detail"], ["details"]) and last >= 1 and not segments[last - 1].startswith("{"):
        # GET …/os-vendor-volumes/detail: the details of the collection before it
        return f"List{pascal(segments[last - 1])}Details"
    if last >= 2 and segments[last - 1].startswith("{") and not segments[last - 2].startswith("{"):
        noun = singular(pascal(segments[last - 2])) + noun
    item = segments[-1].startswith("{") and len(segments) - 1 > last
    verb = {"GET": "Show" if item else "List", "POST": "Create", "PUT": "Update", "PATCH": "Update",
            "DELETE": "Delete"}.get(method, method.title())
    return verb + (noun if verb == "List" else singular(noun))
