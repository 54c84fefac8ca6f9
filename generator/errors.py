"""The error types of each stage; the CLI catches ApigenError once and prints it as one line."""

from __future__ import annotations


class ApigenError(Exception):
    """A problem with the input that a person must fix; names the file and the place in it."""

    def __init__(self, file: str, place: str, message: str) -> None:
        self.file = file
        self.place = place
        self.message = message
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[type[ApigenError], tuple[str, str, str]]:
        # Rebuilt from its three parts when it crosses to another process (validate --jobs, Dask).
        return type(self), (self.file, self.place, self.message)

    def one_line(self) -> str:
        where = f"{self.file}:{self.place}" if self.place else self.file
        # Doc text may end up in a message: keep the line a single line.
        text = " ".join(self.message.split())
        return f"{where}: {text}"


class LoadError(ApigenError):
    """A source file could not be read or its format not recognised."""


class ExtractionError(ApigenError):
    """A page's structure (tables, rows, sections) could not be read."""


class EmitError(ApigenError):
    """The built spec failed its own validation: a defect in apigen, reported, never written."""


class OverrideError(ApigenError):
    """An overrides file is malformed or names something that does not exist."""


class CodegenError(ApigenError):
    """A spec that cannot be turned into a package that imports and type-checks; names the schema or
    operation."""
