"""The one singular rule binding, tags and operationIds share (generator/nouns.py)."""

from __future__ import annotations

import pytest

from generator.nouns import singular


@pytest.mark.parametrize(("noun", "expected"), [
    ("policies", "policy"), ("BackupPolicies", "BackupPolicy"), ("dnat_rules", "dnat_rule"),
    ("addresses", "address"), ("boxes", "box"), ("switches", "switch"), ("Backups", "Backup"),
    ("pools", "pool"), ("listeners", "listener"), ("statuses", "status"), ("keys", "key"),
    ("nat_gateways", "nat_gateway"), ("photos", "photo"), ("causes", "cause"), ("releases", "release"),
    ("PublicipKeys", "PublicipKey"), ("viruses", "virus"), ("excuses", "excuse"), ("misuses", "misuse"),
])
def test_a_plural_last_word_becomes_singular(noun: str, expected: str) -> None:
    assert singular(noun) == expected


@pytest.mark.parametrize("noun", ["Status", "alias", "Kms", "Address", "ips", "metadata", "VaultTag", "",
                                  "Ddos", "anti_ddos", "chaos"])
def test_a_singular_or_short_last_word_stays(noun: str) -> None:
    assert singular(noun) == noun
