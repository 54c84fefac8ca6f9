"""One tag per resource: which resource each operation acts on, read from the paths of the whole service, and
a description for every tag.

A path names its resource after the API version (`/v3/{project_id}/vaults/{vault_id}` -> vaults). A literal
segment that every path continues past with another resource (`/v2.0/lbaas/loadbalancers`, `/elb/pools`) is a
namespace, not a resource; an id printed as a literal (`b2782e67…`) is never one. Spellings of one resource
(`vault` and `vaults`, `dnat_rules` and `dnat-rules`, case) are one tag, named as most of its operations
spell it (rule R3-tag-resource)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from generator.nouns import singular

_VERSION = re.compile(r"v\d+(?:\.\d+)*", re.IGNORECASE)
_LITERAL_ID = re.compile(r"[0-9a-f]{16,}|[0-9a-f-]{32,}", re.IGNORECASE)
ROOT_TAG = "default"

# Words a path segment starts with when it names an action rather than a resource (`create-key`, `describe-key`).
VERBS = frozenset({
    "create", "delete", "get", "list", "update", "describe", "enable", "disable", "cancel",
    "schedule", "import", "export", "encrypt", "decrypt", "retire", "revoke", "gen", "generate", "sign", "verify",
    "validate", "batch", "add", "remove", "set", "query", "show", "check", "reset", "start", "stop", "attach",
    "detach", "associate", "disassociate", "bind", "unbind", "upload", "download", "copy", "restore", "rollback",
    "resize", "reboot", "change", "modify", "apply", "release", "renew"})
# A segment after a resource that acts on it (`…/tags/action`, `…/kms/create-key`): the one before is the resource.
_ACTION_WORDS = VERBS | {"action", "actions"}


@dataclass(frozen=True)
class TagPlan:
    """The tag of every path and the description of every tag, each tag with the spellings it unites."""

    tag_of_path: dict[str, str]
    descriptions: dict[str, str]
    spellings: dict[str, dict[str, tuple[str, ...]]]  # tag -> spelling -> its paths, when spelled more ways


def resource_segments(path: str) -> list[str]:
    """The segments after the last version segment (all of them when the path names no version), without the
    ids a page printed as literals."""
    segments = [s for s in path.strip("/").split("/") if s]
    versions = [i for i, s in enumerate(segments) if _VERSION.fullmatch(s)]
    after = segments[versions[-1] + 1:] if versions else segments
    return [s for s in after if not _LITERAL_ID.fullmatch(s)]


def resource_key(segment: str) -> str:
    """One key for the spellings of one resource: case, `-` and `_` and a plural ending set aside."""
    words = [w for w in re.split(r"[^a-z0-9]+", segment.lower()) if w]
    if words:
        words[-1] = singular(words[-1])
    return "_".join(words)


def _is_action(segment: str) -> bool:
    words = re.split(r"[^a-z0-9]+", segment.lower())
    return bool(words) and words[0] in _ACTION_WORDS


def _namespaces(paths: list[str]) -> set[str]:
    """Literal segments that every path carrying them continues past with another literal that names no
    action: they group resources (`lbaas`), they are not one."""
    followers: dict[str, set[str | None]] = {}
    for path in paths:
        segments = resource_segments(path)
        for i, segment in enumerate(segments):
            if not segment.startswith("{"):
                followers.setdefault(segment, set()).add(segments[i + 1] if i + 1 < len(segments) else None)
    return {segment for segment, nexts in followers.items()
            if None not in nexts and not any(n.startswith("{") or _is_action(n) for n in nexts if n is not None)}


def resource_of(path: str, namespaces: set[str]) -> str:
    """The first literal segment of the path that is not a namespace (the last literal if all are)."""
    literals = [s for s in resource_segments(path) if not s.startswith("{")]
    if not literals:
        return ROOT_TAG
    return next((s for s in literals if s not in namespaces), literals[-1])


def plan_tags(operations: list[tuple[str, str]], sources: dict[str, tuple[str, ...]] | None = None,
              sections: dict[str, str] | None = None) -> TagPlan:
    """(method, path) of every operation of a service -> the tag of each path, one per resource; with the
    source pages of each path and the titles of the reference's sections (folder -> index page title), each
    tag is described by the title of the section that holds its operations."""
    paths = sorted({path for _, path in operations})
    namespaces = _namespaces(paths)
    resource = {path: resource_of(path, namespaces) for path in paths}
    uses: dict[str, Counter[str]] = {}
    for _, path in operations:
        uses.setdefault(resource_key(resource[path]), Counter())[resource[path]] += 1
    # The spelling most operations use; a tie goes to the longer (plural) one, then the first in order.
    name = {key: min(c, key=lambda s: (-c[s], -len(s), s)) for key, c in uses.items()}
    tag_of_path = {path: name[resource_key(resource[path])] for path in paths}
    counts = Counter(tag_of_path[path] for _, path in operations)
    own = {path for path in paths if _last_literal(path) and resource_key(_last_literal(path)) ==
           resource_key(tag_of_path[path])}
    titles = _section_of_tags(tag_of_path, own, sources or {}, sections or {})
    descriptions = {tag: titles.get(tag) or describe_tag(tag, counts[tag]) for tag in sorted(counts)}
    spellings = {name[key]: {spelling: tuple(p for p in paths if resource[p] == spelling) for spelling in sorted(c)}
                 for key, c in uses.items() if len(c) > 1}
    return TagPlan(tag_of_path, descriptions, spellings)


def _last_literal(path: str) -> str:
    return next((s for s in reversed(resource_segments(path)) if not s.startswith("{")), "")


def _section_of_tags(tag_of_path: dict[str, str], own: set[str], sources: dict[str, tuple[str, ...]],
                     sections: dict[str, str]) -> dict[str, str]:
    """Tag -> the title of the section (a folder with an index page) that holds most of the resource's own
    operations (on `/vaults` and `/vaults/{id}`, not `/vaults/{id}/tags`), then most of its operations; only a
    folder most of whose operations carry the tag (a folder holding the whole reference names none)."""
    per_folder: dict[str, Counter[str]] = {}
    owned: dict[str, Counter[str]] = {}
    for path, tag in tag_of_path.items():
        for folder in {source.rsplit("/", 1)[0] for source in sources.get(path, ())}:
            per_folder.setdefault(folder, Counter())[tag] += 1
            owned.setdefault(folder, Counter())[tag] += path in own
    best: dict[str, tuple[int, int, str]] = {}
    for folder, tags in sorted(per_folder.items()):
        if not sections.get(folder):
            continue
        for tag, count in tags.items():
            score = (owned[folder][tag], count)
            if count * 2 > sum(tags.values()) and score > best.get(tag, (0, 0, ""))[:2]:
                best[tag] = (*score, sections[folder])
    return {tag: title for tag, (_, _, title) in best.items()}


def describe_tag(tag: str, operations: int) -> str:
    """A sentence naming the resource, for a tag no page of the reference titles."""
    count = f"{operations} operation{'s' if operations != 1 else ''}"
    if tag == ROOT_TAG:
        return f"Operations at the service root, outside any resource ({count})."
    words = " ".join(w for w in re.split(r"[^A-Za-z0-9]+", tag) if w)
    return f"Operations on {words} ({count})."
