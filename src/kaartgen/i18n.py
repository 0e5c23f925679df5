"""Translations: ``locales/<lang>.po`` (+ ``<lang>.review.json``) → checked texts and a review state.

A PO entry's ``msgctxt`` is the block key and its ``msgid`` the Dutch source. `load_translation` reads a PO
with Babel, checks every entry against the source (placeholders missing, extra or misspelt; emphasis markers;
stale entries whose msgid no longer matches) and reports each problem with the PO ``file:line`` and key.

Review state: a translation is *final* when every source text is translated, none is fuzzy, and every entry
is recorded as reviewed in ``<lang>.review.json`` with the hash of its current msgid + msgstr; any later change
to the source or the translation voids that entry's review. Anything else is a *draft*.

The translators' workflow (source + layouts → template, template → PO files, PO → status report) lives here
too: `extract` writes ``<doc>.pot`` with context for every string (note, where it is printed, room per line,
screenshot name), `init` starts a language, `update` merges the template into every PO keyed by ``msgctxt``,
`status` checks completeness, placeholders, glyphs and fit, `review` records a review, and `screenshots`
renders the Dutch reference card with each block's box and key, one PNG per panel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .content import SOURCE_LANG, Source, check_lang, check_syntax, document_dir, placeholders_in
from .errors import DataError, Problem

FINAL, DRAFT, SOURCE = "final", "draft", "source"


@dataclass
class Translation:
    """One language of one document, checked against the source."""

    lang: str
    po_path: Path
    shown: str
    texts: dict[str, tuple[str, str]]  # key → (msgstr, "file:line")
    lines: dict[str, int]  # key → PO line
    translated: int
    fuzzy: list[str]
    untranslated: list[str]
    problems: list[Problem]
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
        if self.problems:
            reasons.append(f"{len(self.problems)} with errors")
        return ", ".join(reasons)


def locales_dir(workspace: Path, document: str) -> Path:
    return document_dir(workspace, document) / "locales"


def list_languages(workspace: Path, document: str) -> list[str]:
    folder = locales_dir(workspace, document)
    return sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []


def entry_hash(msgid: str, msgstr: str) -> str:
    return hashlib.sha256(f"{msgid}\x00{msgstr}".encode()).hexdigest()[:16]


def load_translation(workspace: Path, source: Source, lang: str) -> Translation:
    """Read and check one PO file. Structural problems (unreadable file) raise; content problems are listed."""
    from babel.messages.pofile import PoFileError, read_po

    check_lang(lang)
    path = locales_dir(workspace, source.document) / f"{lang}.po"
    shown = f"content/{source.document}/locales/{lang}.po"
    if not path.exists():
        known = ", ".join(list_languages(workspace, source.document)) or "none"
        raise DataError(Problem(shown, None, lang, "no such translation",
                                f"known languages: {known}; start one with 'kaartgen i18n init {lang}'"))
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise DataError(Problem(shown, None, "", "binary data, not a PO file", "is this the right file?"))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(Problem(shown, line, "", "not UTF-8 text", "save the PO file as UTF-8")) from None
    import io

    try:
        catalog = read_po(io.BytesIO(raw), locale=None, abort_invalid=True, charset="utf-8")
    except (PoFileError, ValueError) as exc:
        raise DataError(Problem(shown, _line_of(str(exc)), "", f"not a valid PO file: {exc}",
                                "check it with 'msgfmt -c'")) from None
    sources = {e.key: e for e in source.entries()}
    texts: dict[str, tuple[str, str]] = {}
    lines: dict[str, int] = {}
    fuzzy: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for message in catalog:
        if not message.id or message.context is None:
            continue
        key = message.context
        line = message.lineno or 0
        if key not in sources:
            continue  # obsolete or unknown: `i18n update` marks it obsolete; it is never printed
        seen.add(key)
        lines[key] = line
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        if not msgstr:
            continue
        if message.fuzzy or msgid != sources[key].text:
            fuzzy.append(key)
            continue
        for text_problem in _check_entry(sources[key].text, msgstr):
            problems.append(Problem(shown, line, key, text_problem))
        texts[key] = (msgstr, f"{shown}:{line}")
    untranslated = [k for k in sources if k not in texts and k not in fuzzy]
    translation = Translation(lang, path, shown, texts, lines, len(texts), fuzzy, untranslated, problems)
    _apply_review(translation, sources)
    return translation


def _line_of(message: str) -> int | None:
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _check_entry(source_text: str, translated: str) -> list[str]:
    problems = []
    want, have = Counter(placeholders_in(source_text)), Counter(placeholders_in(translated))
    for name in sorted(want - have):
        extra = sorted(set(have) - set(want))
        hint = f" (is '{{{extra[0]}}}' a misspelling?)" if extra else ""
        problems.append(f"placeholder {{{name}}} is missing{hint}: keep every placeholder of the source")
    for name in sorted(have - want):
        if name not in want:
            problems.append(f"placeholder {{{name}}} is not in the source: copy placeholders exactly")
        else:
            problems.append(f"placeholder {{{name}}} occurs more often than in the source")
    problems.extend(check_syntax(translated))
    return problems


def review_path(workspace: Path, document: str, lang: str) -> Path:
    return locales_dir(workspace, document) / f"{lang}.review.json"


def _apply_review(translation: Translation, sources: dict) -> None:
    path = translation.po_path.with_name(f"{translation.lang}.review.json")
    translation.review_path = path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data.get("entries", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        entries = {}
    for key, (msgstr, _ref) in translation.texts.items():
        record = entries.get(key)
        if isinstance(record, dict) and record.get("hash") == entry_hash(sources[key].text, msgstr):
            translation.reviewed.add(key)


def record_review(workspace: Path, source: Source, lang: str, reviewer: str, when: dt.date) -> tuple[int, Path]:
    """Mark every translated, non-fuzzy, error-free entry as reviewed by `reviewer` (returns how many)."""
    translation = load_translation(workspace, source, lang)
    if translation.problems:
        raise DataError(translation.problems)
    path = review_path(workspace, source.document, lang)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    entries = {k: v for k, v in (data.get("entries") or {}).items() if k in translation.texts}
    sources = {e.key: e for e in source.entries()}
    count = 0
    for key, (msgstr, _ref) in translation.texts.items():
        digest = entry_hash(sources[key].text, msgstr)
        if entries.get(key, {}).get("hash") != digest:
            entries[key] = {"hash": digest, "reviewer": reviewer, "date": when.isoformat()}
            count += 1
    data = {"language": lang, "document": source.document, "entries": dict(sorted(entries.items()))}
    from .output import atomic_write

    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    return count, path


def source_translation_state(lang: str) -> str:
    return SOURCE if lang == SOURCE_LANG else DRAFT
