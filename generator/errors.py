"""The error types of each stage; the CLI catches ApigenError once and prints it as one line."""

from __future__ import annotations

import os


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


class PageError(ApigenError):
    """What one page documents cannot be held by the spec (a default outside its enum, an impossible status,
    tables nested past the cap): the page is left out, the others are built. Names the page and the place."""


class InternalError(ApigenError):
    """apigen itself failed on this input (an unexpected exception): a defect to report. What it was working
    on (a page, a service, a file) is left out; the rest goes on."""


DEBUG_VARIABLE = "APIGEN_DEBUG"  # set, the unexpected exception is raised with its traceback instead


def debugging() -> bool:
    return bool(os.environ.get(DEBUG_VARIABLE))


def internal_error(file: str, place: str, doing: str, err: BaseException) -> InternalError:
    """An unexpected exception as one line: what was being done, the exception, and how to see more."""
    what = " ".join(f"{type(err).__name__}: {err}".split())[:300]
    return InternalError(file, place, f"internal error while {doing} (an apigen defect, please report: {what}); "
                                      f"set {DEBUG_VARIABLE}=1 for the traceback")


class WriteError(ApigenError):
    """An output file could not be written; the previous set of the service's files is kept whole."""


class CodegenError(ApigenError):
    """A spec that cannot be turned into a package that imports and type-checks; names the schema or
    operation."""
