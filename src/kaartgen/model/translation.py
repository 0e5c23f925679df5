"""Translation type: one language of one document, checked against the source, with its review state."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, SourceRef

FINAL, DRAFT = "final", "draft"


@dataclass
class Translation:
    """One language of one document, checked against the source.

    It is *final* when every source text is translated, none is fuzzy or has errors, and every entry is
    recorded as reviewed with the hash of its current msgid + msgstr; anything else is a *draft*."""

    lang: str
    po_path: Path
    shown: str
    texts: dict[str, tuple[str, SourceRef]]  # key → (msgstr, where in the PO file)
    translated: int
    fuzzy: list[str]
    untranslated: list[str]
    problems: list[Diagnostic]
    reviewed: set[str] = field(default_factory=set)
    review_path: Path | None = None

    @property
    def total(self) -> int:
        return self.translated + len(self.fuzzy) + len(self.untranslated)

    @property
    def state(self) -> str:
        complete = not self.fuzzy and not self.untranslated and not self.problems
        return FINAL if complete and len(self.reviewed) == self.total else DRAFT

    def why_draft(self) -> str:
        reasons = []
        if self.untranslated:
            reasons.append(f"{len(self.untranslated)} untranslated")
        if self.fuzzy:
            reasons.append(f"{len(self.fuzzy)} fuzzy")
        unreviewed = self.total - len(self.reviewed)
        if unreviewed:
            reasons.append(f"{unreviewed} not reviewed")
        texts = {problem.key for problem in self.problems if problem.key}  # texts, not errors: one text may have
        if texts:  # several ("2 with errors" for one text misled)
            reasons.append(f"{len(texts)} with errors")
        for file in dict.fromkeys(problem.file for problem in self.problems if not problem.key):
            # the PO file's header (the Language it names), or another file of it (its review record)
            reasons.append("an error in the file itself" if file == self.shown else f"an error in {file}")
        return ", ".join(reasons)
