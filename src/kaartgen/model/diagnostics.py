"""Diagnostics and errors: the one shape in which every stage reports a problem, and the errors that carry them.

A :class:`Diagnostic` has a severity (error, warning, note), a location (file, line, column, or a page of a PDF),
the key it is about (``zorgcoordinator.phone``, a block key, a preflight check), a message and a hint saying how
to fix it. It prints as ``file:line:column: severity: key: message (hint)`` and serialises to a dict with those
fields, so every command prints and ``--json`` carries the same thing.

Errors: one base class, :class:`KaartgenError`, carries diagnostics; a few subclasses say what failed. The CLI
maps them to exit codes in one place: :class:`UsageError` exits 2, every other `KaartgenError` exits 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How bad a diagnostic is: an error stops its edition, a warning is shown, a note informs."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


ERROR, WARNING, NOTE = Severity.ERROR, Severity.WARNING, Severity.NOTE


@dataclass(frozen=True)
class Diagnostic:
    """One located problem (or remark) about an input file, an edition or a PDF."""

    severity: Severity
    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    key: str = ""
    hint: str = ""
    page: int | None = None  # a page of a PDF (preflight), 1-based
    code: str = ""  # a stable identifier of the rule: "glyph", "fit", "draft", a preflight check ID
    data: tuple[tuple[str, str | int | float], ...] = ()  # machine-readable particulars (measured values, …)

    @property
    def location(self) -> str:
        """``file:line:column`` (or ``file: p3`` for a PDF page), as far as it is known."""
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        if self.page:
            where += f": p{self.page}" if where else f"p{self.page}"
        return where

    def __str__(self) -> str:
        parts = [self.location] if self.location else []
        parts.append(self.severity.value)
        if self.key:
            parts.append(self.key)
        text = ": ".join(parts) + ": " + self.message
        return f"{text} ({self.hint})" if self.hint else text

    def to_json(self) -> dict[str, Any]:
        return {"severity": self.severity.value, "file": self.file, "line": self.line, "column": self.column,
                "key": self.key, "message": self.message, "hint": self.hint, "page": self.page, "code": self.code,
                "data": dict(self.data)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnostic:
        extra = data.get("data") or {}
        return cls(Severity(data["severity"]), str(data["message"]), str(data.get("file") or ""),
                   data.get("line"), data.get("column"), str(data.get("key") or ""), str(data.get("hint") or ""),
                   data.get("page"), str(data.get("code") or ""),
                   tuple(sorted(extra.items())) if isinstance(extra, dict) else ())

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)


def problem(file: str, line: int | None, key: str, message: str, hint: str = "", *, column: int | None = None,
            severity: Severity = ERROR, code: str = "",
            data: tuple[tuple[str, str | int | float], ...] = ()) -> Diagnostic:
    """A diagnostic in the order loaders think of it: where, about what, what is wrong, how to fix it."""
    return Diagnostic(severity, message, file, line, column, key, hint, None, code, data)


@dataclass(frozen=True)
class SourceRef:
    """Where a text or value came from: a file and a line (``content/x/nl.yaml:42``)."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def error(self, key: str, message: str, hint: str = "", *, code: str = "",
              data: tuple[tuple[str, str | int | float], ...] = ()) -> Diagnostic:
        return Diagnostic(ERROR, message, self.file, self.line, None, key, hint, None, code, data)

    def warning(self, key: str, message: str, hint: str = "", *, code: str = "") -> Diagnostic:
        return Diagnostic(WARNING, message, self.file, self.line, None, key, hint, None, code)


def errors_of(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is ERROR]


def unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics in order, each once (the same region problem found by every layout is one problem)."""
    return list(dict.fromkeys(diagnostics))


class KaartgenError(Exception):
    """Base class of every error kaartgen reports to its user; carries one or more diagnostics."""

    exit_code = 1

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic] | str):
        if isinstance(diagnostics, str):
            diagnostics = Diagnostic(ERROR, diagnostics)
        self.diagnostics: list[Diagnostic] = [diagnostics] if isinstance(diagnostics, Diagnostic) \
            else list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class DataError(KaartgenError):
    """One or more problems in content, region, layout or translation files."""


class FitError(KaartgenError):
    """The text does not fit the layout, even at the minimum body size."""


class DraftError(KaartgenError):
    """A translation is not final and the build was not asked for a draft."""


class OutputError(KaartgenError):
    """An output file or folder cannot be written."""


class PreflightError(KaartgenError):
    """A PDF cannot be read or checked at all."""


class Interrupted(KaartgenError):
    """The build was stopped (Ctrl-C, SIGTERM): what finished is written and recorded; exit code 130."""

    exit_code = 130


class UsageError(KaartgenError):
    """The command was called wrongly (a malformed name, an unknown language code): exit code 2."""

    exit_code = 2
