"""Emission: the canonical model laid out as OpenAPI and as conflict reports."""
