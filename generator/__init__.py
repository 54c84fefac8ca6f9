"""apigen: API reference pages in, one reconciled OpenAPI 3.1 spec out."""

__version__ = "0.1.0"
