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
`status` checks completeness, placeholders, glyphs and fit, `review` records a review, and `preview.translator_screenshots`
renders the Dutch reference card with each block's box and key, one PNG per panel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .build import DEFAULT_REGION, Inputs
from .content import SOURCE_LANG, Source, check_lang, check_syntax, clean_text, document_dir, placeholders_in
from .datafile import read_limited
from .errors import DataError, Problem

FINAL, DRAFT = "final", "draft"


@dataclass
class Translation:
    """One language of one document, checked against the source."""

    lang: str
    po_path: Path
    shown: str
    texts: dict[str, tuple[str, str]]  # key → (msgstr, "file:line")
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
    check_lang(lang)
    path = locales_dir(workspace, source.document) / f"{lang}.po"
    shown = f"content/{source.document}/locales/{lang}.po"
    if not path.exists():
        known = ", ".join(list_languages(workspace, source.document)) or "none"
        raise DataError(Problem(shown, None, lang, "no such translation",
                                f"known languages: {known}; start one with 'kaartgen i18n init {lang}'"))
    catalog = _read_po(path, shown)
    sources = {e.key: e for e in source.entries()}
    texts: dict[str, tuple[str, str]] = {}
    fuzzy: list[str] = []
    problems: list[Problem] = []
    for message in catalog:
        if not message.id or message.context is None:
            continue
        key = message.context
        line = message.lineno or 0
        if key not in sources:
            continue  # obsolete or unknown: `i18n update` marks it obsolete; it is never printed
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        if not msgstr:
            continue
        if message.fuzzy or msgid != sources[key].text:
            fuzzy.append(key)
            continue
        for text_problem in _check_entry(sources[key].text, msgstr):
            problems.append(Problem(shown, line, key, text_problem))
        texts[key] = (clean_text(msgstr), f"{shown}:{line}")  # same normalisation as the source
    untranslated = [k for k in sources if k not in texts and k not in fuzzy]
    translation = Translation(lang, path, shown, texts, len(texts), fuzzy, untranslated, problems)
    _apply_review(translation, sources, review_path(workspace, source.document, lang))
    return translation


def _read_po(path: Path, shown: str):
    """A PO/POT file as a Babel catalog, refusing what is too large, binary, not UTF-8 or not valid PO."""
    import io

    from babel.messages.pofile import PoFileError, read_po

    raw = read_limited(path, shown)
    if b"\x00" in raw:
        raise DataError(Problem(shown, None, "", "binary data, not a PO file", "is this the right file?"))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(Problem(shown, line, "", "not UTF-8 text", "save the PO file as UTF-8")) from None
    try:
        return read_po(io.BytesIO(raw), locale=None, abort_invalid=True, charset="utf-8")
    except (PoFileError, ValueError) as exc:
        raise DataError(Problem(shown, _line_of(str(exc)), "", f"not a valid PO file: {exc}",
                                "check it with 'msgfmt -c'")) from None


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


def _apply_review(translation: Translation, sources: dict, path: Path) -> None:
    translation.review_path = path
    shown = translation.shown.replace(".po", ".review.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, ValueError) as exc:
        translation.problems.append(Problem(shown, None, "", f"not a readable review file ({exc})",
                                            "restore it from version control, or delete it and review again"))
        data = {}
    entries = data.get("entries", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        translation.problems.append(Problem(shown, None, "entries", "expected a mapping of keys to reviews",
                                            "restore it from version control, or delete it and review again"))
        entries = {}
    for key, (msgstr, _ref) in translation.texts.items():
        record = entries.get(key)
        if isinstance(record, dict) and record.get("hash") == entry_hash(sources[key].text, msgstr):
            translation.reviewed.add(key)


def record_review(workspace: Path, source: Source, lang: str, reviewer: str, when: dt.date) -> tuple[int, Path]:
    """Mark entries as reviewed by `reviewer` (returns how many were newly recorded, and the review file).

    Refuses while any entry has errors; otherwise records every translated, non-fuzzy entry."""
    translation = load_translation(workspace, source, lang)
    if translation.problems:
        raise DataError(translation.problems)
    path = review_path(workspace, source.document, lang)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    old = data.get("entries") if isinstance(data, dict) else None
    # an entry that is not a mapping is no review (as `_apply_review` reads it): treat it as absent
    entries = {k: v for k, v in old.items() if k in translation.texts and isinstance(v, dict)} \
        if isinstance(old, dict) else {}
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


# --------------------------------------------------------------------------- translators' workflow

REFERENCE_REGION = DEFAULT_REGION  # the region status checks fit with, and screenshots show
SCREENSHOT_DPI = 150
PO_WIDTH = 76


def template_path(workspace: Path, document: str) -> Path:
    return document_dir(workspace, document) / f"{document}.pot"


def screenshot_name(document: str, layout: str, panel: str) -> str:
    """File name of the screenshot of one panel (Weblate's screenshot mask: ``output/screenshots/*.png``)."""
    return f"{document}_{layout}_{panel}.png"


def _fixed_date() -> dt.datetime:
    """POT-Creation-Date: SOURCE_DATE_EPOCH when set, else 2000-01-01, so the same source gives the same bytes."""
    from .prepress import build_date

    return build_date().replace(second=0, microsecond=0)


def _review_date() -> dt.date:
    """The date a review is recorded with: SOURCE_DATE_EPOCH's (as builds read it) when set, else today."""
    import os

    from .prepress import build_date

    return build_date().date() if os.environ.get("SOURCE_DATE_EPOCH", "").strip() else dt.date.today()


def _placements(inputs: Inputs, source: Source) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Translator comments from the layouts: block key → where each layout prints it and the room it has per
    line; text key → the screenshots showing it (the panels of the Dutch reference card's screen edition, as
    `preview.translator_screenshots` draws them)."""
    from .build import plan_edition
    from .layoutspec import list_layouts
    from .output import EditionName
    from .plan import BlockArea

    where: dict[str, list[str]] = {}
    shots: dict[str, list[str]] = {}
    for name in list_layouts(inputs.workspace):
        spec = inputs.checked_layout(source.document, name)
        for flow in spec.flows:
            panels = [spec.panels[p] for p in flow.panels]
            if not panels:
                continue
            by_side: dict[int, list[str]] = {}
            for panel in panels:
                by_side.setdefault(panel.side, []).append(panel.id)
            place = " or ".join(f"{spec.sides[side]} / panel {' or '.join(ids)}" for side, ids in by_side.items())
            width = min(p.safe.w for p in panels)
            for entry in flow.entries:
                if entry.kind != "block":
                    continue
                style = spec.styles[source.blocks[entry.key].style]
                room = max(int(round((width - style.indent) / (0.5 * style.size))), 1)
                where.setdefault(entry.key, []).append(
                    f"Where: {spec.name} {place} (room: about {room} characters per line)")
        plan, _frame = plan_edition(inputs, EditionName(source.document, name, REFERENCE_REGION, SOURCE_LANG,
                                                        "screen"))
        for page in plan.pages:
            for item in page.items:
                if isinstance(item, BlockArea):
                    line = f"Screenshot: {screenshot_name(source.document, spec.name, item.panel)}"
                    if line not in shots.setdefault(item.key, []):
                        shots[item.key].append(line)
    return where, shots


def template(workspace: Path | str, document: str):
    """The PO template of a document as a Babel catalog: one message per `Source.entries()`, in source order."""
    from babel.messages.catalog import Catalog

    inputs = Inputs(Path(workspace))
    source = inputs.source(document)
    where, shots = _placements(inputs, source)
    catalog = Catalog(project="kaartgen", version=document, creation_date=_fixed_date(), charset="utf-8",
                      header_comment=f"# Translation template of the kaartgen document '{document}'.\n"
                                     f"# Made by 'kaartgen i18n extract' from {source.shown} and\n"
                                     "# the layouts: do not edit it; change the source and extract again.\n#")
    owner = {}
    for block in source.blocks.values():
        for item in block.items:
            owner[item.key] = block
    for entry in source.entries():
        comments = []
        block = owner.get(entry.key)
        if block is not None and block.note:
            comments.append(block.note)  # a list's note, above the item's own
        if entry.note:
            comments.append(entry.note)
        if entry.key in source.meta:
            comments.append(f"Where: the PDF's document properties ({entry.key.split('.', 1)[1]}); not printed")
        else:
            comments.extend(where.get(block.key if block is not None else entry.key, []))
            comments.extend(shots.get(entry.key, []))
        flags = ["python-brace-format"] if placeholders_in(entry.text) else []
        catalog.add(entry.text, "", locations=[(source.shown, entry.line)], flags=flags, auto_comments=comments,
                    context=entry.key)
    return catalog


def _po_bytes(catalog) -> bytes:
    """A catalog as PO text: Babel's writer, plus ``#| msgid`` lines for fuzzy entries written the gettext way.

    Babel's own ``include_previous`` re-wraps a long previous msgid as if it were prose, which makes a file
    that ``msgfmt`` rejects ("end-of-line within string"), so the previous msgid is inserted here instead,
    just above its entry's ``msgctxt`` (every entry has one: the block key).
    """
    import io

    from babel.messages.pofile import normalize, unescape, write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, sort_output=False, include_previous=False)
    previous = {m.context: m.previous_id[0] for m in catalog
                if m.id and m.context is not None and m.previous_id and m.previous_id[0]}
    if not previous:
        return buffer.getvalue()
    lines = []
    for line in buffer.getvalue().decode(catalog.charset).split("\n"):
        if line.startswith('msgctxt "') and line.endswith('"'):
            old = previous.get(unescape(line[len("msgctxt "):]))
            if old is not None:
                wrapped = normalize(old, width=PO_WIDTH - 3).split("\n")  # (Babel's prefix= wraps too narrow)
                lines.append("#| msgid " + "\n".join([wrapped[0]] + ["#| " + w for w in wrapped[1:]]))
        lines.append(line)
    return "\n".join(lines).encode(catalog.charset)


def extract(workspace: Path | str, document: str) -> Path:
    """Write ``content/<doc>/<doc>.pot`` from the Dutch source and the layouts; same inputs, same bytes."""
    from .output import atomic_write

    path = template_path(Path(workspace), document)
    atomic_write(path, _po_bytes(template(workspace, document)))
    return path


def init(workspace: Path | str, document: str, lang: str) -> Path:
    """Start ``locales/<lang>.po`` from the template, with Language and Plural-Forms from Babel's locale data."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog

    from .output import atomic_write

    workspace = Path(workspace)
    check_lang(lang)
    path = locales_dir(workspace, document) / f"{lang}.po"
    shown = f"content/{document}/locales/{lang}.po"
    if lang == SOURCE_LANG:
        raise DataError(Problem(shown, None, lang, "Dutch is the source language, not a translation"))
    if path.exists():
        raise DataError(Problem(shown, None, lang, "this translation already exists",
                                "bring it up to date with 'kaartgen i18n update'"))
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        raise DataError(Problem(shown, None, lang, "Babel has no locale data for this language",
                                "use an ISO 639 code such as 'de', 'pl' or 'pt_BR'")) from None
    source_template = template(workspace, document)
    catalog = Catalog(locale=locale, project="kaartgen", version=document, charset="utf-8", fuzzy=False,
                      creation_date=source_template.creation_date, revision_date=source_template.creation_date,
                      language_team=f"{locale.english_name} <LL@li.org>",
                      header_comment=f"# {locale.english_name} translation of the kaartgen document "
                                     f"'{document}'.\n#")
    for message in source_template:
        if message.id:
            catalog.add(message.id, "", locations=message.locations, flags=message.flags,
                        auto_comments=message.auto_comments, context=message.context)
    atomic_write(path, _po_bytes(catalog))
    return path


@dataclass(frozen=True)
class UpdateSummary:
    """What `update` did to one PO file."""

    lang: str
    path: Path
    translated: int
    fuzzy: int
    untranslated: int
    changed: tuple[str, ...]  # keys whose Dutch text changed: now fuzzy
    added: tuple[str, ...]  # keys new in the template
    obsoleted: tuple[str, ...]  # keys gone from the template: kept as #~ entries


def read_catalog(path: Path, shown: str | None = None):
    """Read a PO/POT file with Babel, with ``#| msgid`` lines as `previous_id` (Babel reads them as comments)."""
    catalog = _read_po(path, shown or str(path))
    _lift_previous(catalog)
    return catalog


def _lift_previous(catalog) -> None:
    """Babel writes ``#| msgid`` but reads it back as a user comment (python-babel/babel#206): make it
    `previous_id` again, so a second `update` keeps it."""
    from babel.messages.pofile import unescape

    for message in list(catalog) + list(catalog.obsolete.values()):
        kept, previous = [], []
        for comment in message.user_comments:
            if comment.startswith("| msgid "):
                previous = [unescape(comment[len("| msgid "):].strip())]
            elif comment.startswith('| "') and previous:
                previous[0] += unescape(comment[2:].strip())
            elif comment.startswith("|"):
                continue  # previous msgctxt / plural: not used here
            else:
                kept.append(comment)
        if previous:
            message.previous_id = previous
            message.user_comments = kept


def _merge(catalog, source_template) -> tuple[list[str], list[str], list[str]]:
    """Merge the template into a catalog by ``msgctxt`` (the stable block key); returns changed, added, obsoleted.

    Babel's own fuzzy matching (``no_fuzzy_matching=False``) ignores ``msgctxt`` and compares msgids with
    difflib: a rewritten text ("Neem de tijd, neem de tijd…" → "Neem de tijd") loses its translation, and a
    text that came to resemble another block's gets that block's translation. Here the key decides: a key
    whose Dutch text changed keeps its own translation, marked fuzzy with the old msgid as ``#| msgid``; a new
    key takes the translation of an identical Dutch text (a renamed key), marked fuzzy.
    """
    before = {m.context: m for m in catalog if m.id and m.context is not None}
    obsolete_before = {m.context: (key, m) for key, m in catalog.obsolete.items() if m.context is not None}
    same_text = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    catalog.update(source_template, no_fuzzy_matching=True)
    changed, added = [], []
    for message in catalog:
        if not message.id or message.context is None:
            continue
        old = before.get(message.context)
        if old is None and message.context in obsolete_before:
            key, old = obsolete_before[message.context]
            catalog.obsolete.pop(key, None)  # a key that came back
        if old is None:
            added.append(message.context)
            if message.id in same_text:
                message.string = same_text[message.id]
                message.flags.add("fuzzy")
            continue
        if old.id == message.id:
            if message.fuzzy and old.previous_id and not message.previous_id:
                message.previous_id = list(old.previous_id)  # still fuzzy: keep what it was translated from
            if not message.string and old.string:  # revived from the obsolete entries
                message.string = old.string
                message.flags |= {"fuzzy"} & old.flags
            continue
        catalog.obsolete.pop((old.id if isinstance(old.id, str) else old.id[0], old.context), None)
        changed.append(message.context)
        if old.string:
            message.string = old.string
            message.flags.add("fuzzy")
            message.previous_id = list(old.previous_id) if old.fuzzy and old.previous_id else [old.id]
            message.user_comments = list(old.user_comments)
    present = {m.context for m in catalog if m.id}
    obsoleted = sorted(m.context for m in catalog.obsolete.values()
                       if m.context in before and m.context not in present)
    return changed, added, obsoleted


def update(workspace: Path | str, document: str) -> dict[str, UpdateSummary]:
    """Re-extract the template and merge it into every ``locales/*.po``: translations kept, changes fuzzy."""
    from .output import atomic_write

    workspace = Path(workspace)
    source_template = template(workspace, document)
    atomic_write(template_path(workspace, document), _po_bytes(source_template))
    summaries: dict[str, UpdateSummary] = {}
    for lang in list_languages(workspace, document):
        path = locales_dir(workspace, document) / f"{lang}.po"
        catalog = read_catalog(path, f"content/{document}/locales/{lang}.po")
        changed, added, obsoleted = _merge(catalog, source_template)
        data = _po_bytes(catalog)
        if data != path.read_bytes():
            atomic_write(path, data)
        messages = [m for m in catalog if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy and m.string)
        translated = sum(1 for m in messages if m.string and not m.fuzzy)
        summaries[lang] = UpdateSummary(lang, path, translated, fuzzy, len(messages) - translated - fuzzy,
                                        tuple(changed), tuple(added), tuple(obsoleted))
    return summaries


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class LayoutFit:
    layout: str
    body_size: float | None  # None: does not fit, or the layout cannot be used
    message: str
    checked: bool = True  # False: the layout could not be loaded or used, so fit was not checked

    @property
    def ok(self) -> bool:
        return self.body_size is not None


@dataclass(frozen=True)
class GlyphProblem:
    """Characters of one translated text that the fonts of some layouts lack."""

    key: str
    ref: str  # "content/<doc>/locales/<lang>.po:LINE"
    chars: tuple[str, ...]
    layouts: tuple[str, ...]

    @property
    def codes(self) -> list[str]:
        return [f"U+{ord(c):04X}" for c in self.chars]

    def __str__(self) -> str:
        listed = ", ".join(f"U+{ord(c):04X} {c!r}" for c in self.chars)
        return (f"{self.ref}: {self.key}: the fonts of {', '.join(self.layouts)} have no glyph for {listed} "
                "(use a font that covers this script, or replace the characters)")


@dataclass
class LanguageStatus:
    """Everything a translator needs to know about one language, and whether it can be printed."""

    lang: str
    file: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed: int = 0
    state: str = DRAFT
    why_draft: str = ""
    problems: list[str] = field(default_factory=list)  # placeholder and syntax errors, file:line: key: message
    glyphs: list[GlyphProblem] = field(default_factory=list)
    fits: list[LayoutFit] = field(default_factory=list)
    error: str = ""  # the PO file cannot be read at all

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0

    @property
    def errors(self) -> list[str]:
        return (([self.error] if self.error else []) + self.problems + [str(g) for g in self.glyphs]
                + [f.message for f in self.fits if not f.ok])

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> dict:
        return {
            "language": self.lang, "file": self.file, "total": self.total, "translated": self.translated,
            "fuzzy": self.fuzzy, "untranslated": self.untranslated, "percent": round(self.percent, 1),
            "reviewed": self.reviewed, "state": self.state, "why_draft": self.why_draft,
            "problems": list(self.problems),
            "glyphs": [{"key": g.key, "ref": g.ref, "codes": g.codes, "chars": list(g.chars),
                        "layouts": list(g.layouts)} for g in self.glyphs],
            "fit": [{"layout": f.layout, "fits": f.ok, "checked": f.checked, "body_size": f.body_size,
                     "message": f.message} for f in self.fits],
            "error": self.error, "ok": self.ok,
        }


def status(workspace: Path | str, document: str, langs=(), layouts=()) -> list[LanguageStatus]:
    """Per language: counts, placeholder errors, missing glyphs and fit per layout (region ijsselland)."""
    from .build import missing_glyphs
    from .content import resolve
    from .errors import FitError, KaartgenError
    from .layout import fit
    from .layoutspec import list_layouts

    workspace = Path(workspace)
    inputs = Inputs(workspace)
    source = inputs.source(document)
    region = inputs.region(REFERENCE_REGION)
    logos = inputs.logos(region)
    layout_names = list(layouts) or list_layouts(workspace)
    specs, layout_errors = {}, {}
    for name in layout_names:
        try:
            specs[name] = inputs.checked_layout(document, name)
        except KaartgenError as error:
            layout_errors[name] = str(error)
    result = []
    for lang in list(langs) or list_languages(workspace, document):
        shown = f"content/{document}/locales/{lang}.po"
        try:
            translation = inputs.translation(document, lang)
        except KaartgenError as error:
            result.append(LanguageStatus(lang, shown, error=str(error)))
            continue
        entry = LanguageStatus(lang, translation.shown, translation.total, translation.translated,
                               len(translation.fuzzy), len(translation.untranslated), len(translation.reviewed),
                               translation.state, translation.why_draft(),
                               [str(p) for p in translation.problems])
        texts = resolve(source, region, translation.texts, lang)
        lacking = {name: {text.key: chars for text, chars in missing_glyphs(spec, texts)}
                   for name, spec in specs.items()}
        missing: dict[str, dict[str, list[str]]] = {}  # key → char → layouts, in text order
        for block in texts.blocks.values():
            for text in block.texts:
                if text.key not in translation.texts:
                    continue
                for name, chars_of in lacking.items():
                    for char in chars_of.get(text.key, ()):
                        missing.setdefault(text.key, {}).setdefault(char, []).append(name)
        for key, chars in missing.items():
            entry.glyphs.append(GlyphProblem(key, translation.texts[key][1], tuple(sorted(chars)),
                                             tuple(sorted({n for names in chars.values() for n in names}))))
        for name in layout_names:
            if name in layout_errors:
                entry.fits.append(LayoutFit(name, None, layout_errors[name], checked=False))
                continue
            try:
                fitted = fit(specs[name], texts, region.values, inputs.measure(name), logos)
                entry.fits.append(LayoutFit(name, fitted.body_size, f"fits at {fitted.body_size:g} pt"))
            except FitError as error:
                entry.fits.append(LayoutFit(name, None, str(error)))
        result.append(entry)
    return result


# --------------------------------------------------------------------------- review


@dataclass(frozen=True)
class ReviewSummary:
    lang: str
    recorded: int  # entries newly recorded as reviewed
    path: Path
    reviewed: int
    total: int
    state: str
    why_draft: str

    @property
    def remaining(self) -> int:
        return self.total - self.reviewed


def review(workspace: Path | str, document: str, lang: str, by: str) -> ReviewSummary:
    """Record a review by `by` (dated SOURCE_DATE_EPOCH or today). Refuses while any entry has errors; otherwise
    records every translated, non-fuzzy entry."""
    from .content import load_source

    workspace = Path(workspace)
    reviewer = " ".join((by or "").split())
    if not reviewer:
        raise DataError(Problem("review", None, lang, "no reviewer name", "give it with --by NAME"))
    source = load_source(workspace, document)
    count, path = record_review(workspace, source, lang, reviewer, _review_date())
    after = load_translation(workspace, source, lang)
    return ReviewSummary(lang, count, path, len(after.reviewed), after.total, after.state, after.why_draft())
