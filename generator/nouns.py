"""English noun number as API paths, field names and table names use it: the singular of a plural noun.
One rule for every stage that asks (binding tables to fields, tags, operationIds)."""

from __future__ import annotations

import re

# The words of a name, whatever its spelling: backup_policies, BackupPolicies, KMS.
_WORD_SPLIT = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
# Endings whose plural adds -es (boxes, switches, addresses, statuses): the singular drops both letters.
_ES_PLURAL = ("sses", "xes", "ches", "shes")
# -uses after t, n, r, p or b is a Latin -us plural (statuses, bonuses, viruses, campuses, buses); after
# anything else it is a word in -use (causes, excuses, reuses, misuses), which drops only the s.
_US_PLURAL = re.compile(r"[tnrpb]uses$")
# Singulars that end in s already (status, alias, analysis, kms as its last word is short). Not -os or -ys
# in general: photos, videos, keys and gateways are plurals.
_S_SINGULAR = ("ss", "us", "is", "as")
# The few singular nouns in -os an API names (a service, an attack, a system): language knowledge, as the
# endings above are.
_OS_SINGULAR = frozenset({"ddos", "chaos", "kudos", "cosmos", "ethos", "macos", "bios"})


def singular(noun: str) -> str:
    """The name with its last word made singular: policies -> policy, addresses -> address, boxes -> box,
    BackupPolicies -> BackupPolicy, dnat_rules -> dnat_rule, statuses -> status, gateways -> gateway; status,
    alias, Kms and address stay as they are (a last word of three letters or fewer is taken as no plural)."""
    words = _WORD_SPLIT.findall(noun)
    last = words[-1].lower() if words and noun.endswith(words[-1]) else ""
    if last.endswith("ies") and len(last) > 4:
        return noun[:-3] + "y"
    if last.endswith(_ES_PLURAL) or _US_PLURAL.search(last):
        return noun[:-2]
    if len(last) <= 3 or last.endswith(_S_SINGULAR) or last in _OS_SINGULAR or not last.endswith("s"):
        return noun
    return noun[:-1]
