"""`apigen diff`: what changed between two versions of an API (changes.py, with match.py and mapping.py),
kept apart from whether each change breaks a client (rules.py); render.py lays the findings out."""

from __future__ import annotations

from generator.errors import ApigenError


class DiffError(ApigenError):
    """A side of a diff or a mapping file could not be read, or names something that does not exist."""
