"""Errors: one base class, a few kinds, and a located problem list.

Every problem with user data is a :class:`Problem` (``file:line: key: message (hint)``); a run collects all
problems it finds and raises them together as one :class:`DataError`. The CLI maps error classes to exit codes:
:class:`KaartgenError` and subclasses exit 1, Click usage errors exit 2, anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    file: str
    line: int | None
    key: str
    message: str
    hint: str = ""

    @classmethod
    def at(cls, source: str, key: str, message: str, hint: str = "") -> "Problem":
        """A problem at a ``"file:line"`` source reference (as texts, values and logos carry them)."""
        file, _, line = source.rpartition(":")
        if not line.isdigit():
            return cls(source, None, key, message, hint)
        return cls(file, int(line), key, message, hint)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class KaartgenError(Exception):
    """Base class of every error kaartgen reports to its user."""


class DataError(KaartgenError):
    """One or more problems in content, region, layout or translation files."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FitError(KaartgenError):
    """The text does not fit the layout, even at the minimum body size."""


class DraftError(KaartgenError):
    """A translation is not final and the build was not asked for a draft."""


class OutputError(KaartgenError):
    """An output file or folder cannot be written."""


class PreflightError(KaartgenError):
    """A PDF cannot be read or checked at all."""
