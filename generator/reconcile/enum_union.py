"""Enum lists of one field from several sources (the Chinese and the English page, two revisions) united.
Every value any source lists is a value the API may send, so the decision is always the union; what the
report says is why. When one list holds every value of all the others and more (one revision added values,
one page lists them all), rule R3-enum-superset names that list; when the lists overlap only in part, rule
R3-union-enum. Either way each source's missing values are named, so a reviewer sees which language lacks
what."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UnitedEnum:
    values: tuple[str, ...]
    rule: str  # R3-enum-superset or R3-union-enum
    missing: tuple[tuple[str, tuple[str, ...]], ...]  # (source, the united values it does not list)

    def decision(self) -> str:
        """The values, then what each source lacks of them."""
        lacks = "; ".join(f"{source} lacks {', '.join(values)}" for source, values in self.missing)
        return ", ".join(self.values) + (f" ({lacks})" if lacks else "")


def unite_enum_lists(lists: list[tuple[str, tuple[str, ...]]]) -> UnitedEnum | None:
    """The union of the lists ((source, values), in source order), or None when they all list the same set."""
    if len({frozenset(values) for _, values in lists}) <= 1:
        return None
    united = tuple(dict.fromkeys(v for _, values in lists for v in values))
    missing = tuple((source, tuple(v for v in united if v not in values)) for source, values in lists
                    if set(values) != set(united))
    superset = any(set(values) == set(united) for _, values in lists)
    return UnitedEnum(united, "R3-enum-superset" if superset else "R3-union-enum", missing)
