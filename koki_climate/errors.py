"""Errors a user can act on: they name the file, the variable and the problem."""
from __future__ import annotations

from pathlib import Path


class KokiError(Exception):
    """Base class for problems with user input; the CLI and the app show them without traceback."""


class RegionError(KokiError):
    """A region's files are missing, malformed or inconsistent.

    The message always names the file, and the variable where one is involved, so a planner
    can find and fix the problem in their own data.
    """

    def __init__(self, path: str | Path | None, problem: str, variable: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.variable = variable
        self.problem = problem
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.path or "region"
        if self.variable:
            where += f", variable '{self.variable}'"
        return f"{where}: {self.problem}"


class InputError(KokiError):
    """Invalid user input that is not a region file (CSV tables, scenario JSON, CLI options)."""


class ReadOnlyError(KokiError):
    """A write was attempted while the library runs in public (read-only) mode."""


class NotPreparedError(KokiError):
    """Something the read-only instance only reads (model, projection, scenario result, well
    reports) has not been computed on the planner side yet.

    ``what`` names the missing piece (``model``, ``groundwater``, ``scenario``, ``wells``) so
    the app can say so in plain words, without paths, in the page's language.
    """

    def __init__(self, what: str, detail: str) -> None:
        self.what = what
        super().__init__(detail)
