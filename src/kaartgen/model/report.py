"""What a build reports: one `EditionResult` per edition, and the `BuildReport` of a whole build.

Types only (the chain fills them in; a no-op rebuild reads them back from its stamp without loading the chain).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import WARNING, Diagnostic, errors_of
from .edition import EditionName

if TYPE_CHECKING:
    from .plan import Plan


@dataclass(frozen=True)
class EditionResult:
    """What became of one edition."""

    name: EditionName
    status: str  # built | up-to-date | checked | rendered | failed
    path: Path | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    body_size: float | None = None
    pages: int = 0
    sha256: str = ""
    plan: Plan | None = None  # kept when the caller asked for it (previews, proofs, status)
    pdf: bytes | None = None  # for Stage.RENDER
    sources: tuple[tuple[str, Path], ...] = ()  # (role, file) of every input file
    record: Any = None  # a final print run: what it printed (pipeline.editions.EditionRecord), for the edition log
    room: tuple[tuple[str, float], ...] = ()  # (panel, pt) left free below the contacts, at the body size
    date: dt.datetime | None = None  # the edition's build date (SOURCE_DATE_EPOCH or its newest input)

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(errors_of(self.diagnostics))

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is WARNING)

    @property
    def message(self) -> str:
        """The errors, one line each (empty for a good edition)."""
        return "\n".join(str(d) for d in self.errors)


@dataclass
class BuildReport:
    results: list[EditionResult] = field(default_factory=list)
    manifest: Path | None = None
    edition_logs: list[Path] = field(default_factory=list)  # editions/<region>.jsonl files that got a record

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)
