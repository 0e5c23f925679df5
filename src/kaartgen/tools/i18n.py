"""Translators' tools: the PO template, new languages, updates, status and reviews.

`extract` writes ``<doc>.pot`` from the Dutch source and the layouts, with context for every string (note, where
it is printed, room per line, screenshot name); `init` starts a language; `update` merges the template into every
PO keyed by ``msgctxt``; `status` reports completeness and, through the same chain as the build, placeholder
errors, missing glyphs and fit per layout; `review` records a reviewer's sign-off. Screenshots are drawn by
:mod:`kaartgen.tools.screenshots`. Reading a translation for a build is :mod:`kaartgen.load.translations`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..layout.checks import GLYPH, LENGTH, LINES, SCRIPT
from ..layout.texts import printed_values, untranslated_wordings
from ..load.inline import placeholders_in
from ..load.layouts import list_layouts
from ..load.names import check_lang
from ..load.source import document_dir, load_source
from ..load.translations import (
    entry_hash,
    list_languages,
    load_translation,
    locales_dir,
    read_po_file,
    review_path,
    same_language_problem,
)
from ..model.content import SOURCE_LANG, Block, Source
from ..model.diagnostics import DataError, Diagnostic, KaartgenError, Severity, problem
from ..model.edition import EditionName, Options
from ..model.plan import BlockArea, Plan
from ..model.translation import DRAFT, FINAL
from ..pipeline.chain import Stage, run_edition
from ..pipeline.dates import epoch_from_environment
from ..pipeline.inputs import Inputs
from ..pipeline.output import atomic_write
from ..pipeline.select import languages_of
from .pofile import gettext_wrapped
from .sizecheck import PLACEHOLDER_OR_MARK, dutch_sample, size_boxes

SCREENSHOT_DPI = 150
PO_WIDTH = 76


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
    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    return count, path


def template_path(workspace: Path, document: str) -> Path:
    return document_dir(workspace, document) / f"{document}.pot"


def screenshot_name(document: str, layout: str, panel: str) -> str:
    """File name of the screenshot of one panel (Weblate's screenshot mask: ``output/screenshots/*.png``)."""
    return f"{document}_{layout}_{panel}.png"


def _template_date(inputs: Inputs, source: Source) -> dt.datetime:
    """POT-Creation-Date: SOURCE_DATE_EPOCH when set, else when the source or a layout last changed."""
    layouts = [inputs.layout(name).path for name in list_layouts(inputs.workspace)]
    return inputs.dates.newest([source.path, *layouts]).replace(second=0, microsecond=0)


def _review_date() -> dt.date:
    """The date a review is recorded with: SOURCE_DATE_EPOCH's (as builds read it) when set, else today."""
    fixed = epoch_from_environment()
    return fixed.date() if fixed is not None else dt.date.today()


def _same_but_dated(old: Path, new: bytes) -> bool:
    """Whether a PO or POT file would change only in its POT-Creation-Date (then it is left as it is: a new
    commit alone must not rewrite every translation)."""
    try:
        before = old.read_bytes()
    except OSError:
        return False

    def undated(data: bytes) -> list[bytes]:
        return [line for line in data.split(b"\n") if not line.startswith(b'"POT-Creation-Date:')]

    return undated(before) == undated(new)


def _write_po(path: Path, data: bytes) -> None:
    if not _same_but_dated(path, data):
        atomic_write(path, data)


def _placements(inputs: Inputs, source: Source) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Translator comments from the layouts: text key → where each layout prints it and the room it has per line
    (each item of a list on its own, so a layout's selection counts); text key → the screenshots showing it (the
    panels of the Dutch reference card's screen edition, as `screenshots.translator_screenshots` draws them)."""
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
                block = source.blocks[entry.key]
                room = _room_per_line(inputs.measure(name), spec.styles[block.style], width, block)
                line = f"Where: {spec.name} {place} (room: about {room} characters per line)"
                items = [item.key for item in block.items if item.key.rpartition(".")[2] in entry.items] \
                    if entry.items else [item.key for item in block.items] or [entry.key]
                for key in items:  # each text, so a list item a layout leaves out is not said to be on it
                    where.setdefault(key, []).append(line)
        plan = reference_plan(inputs, source.document, name)
        for page in plan.pages:
            for item in page.items:
                if isinstance(item, BlockArea):
                    line = f"Screenshot: {screenshot_name(source.document, spec.name, item.panel)}"
                    if line not in shots.setdefault(item.key, []):
                        shots[item.key].append(line)
    return where, shots


EMPHASIS = re.compile(r"\*")
INLINE_SYNTAX_NOTE = ("Inline syntax: **bold** and *italic*: keep the markers around the words that carry the "
                      "emphasis; write \\* for an asterisk.")


def is_placeholder_only(text: str) -> bool:
    """A text that is only placeholders (and spaces): the same in every language, never translated."""
    return bool(placeholders_in(text)) and not PLACEHOLDER_OR_MARK.sub("", text).strip()


def _room_per_line(measure: Any, style: Any, width: float, block: Block) -> int:
    """About how many characters of this block fit on one line: the panel's width over the average advance of
    the block's own Dutch text in its real face and size (bold, capitals when the style sets capitals), so a
    bold capital heading is not promised the room of regular lower case."""
    sample = dutch_sample(block) or "abcdefghij"
    if style.uppercase:
        sample = sample.upper()
    advance = measure.width(sample, style.face, style.size) / len(sample)
    return max(int((width - style.indent) / advance), 1)


def reference_plan(inputs: Inputs, document: str, layout: str) -> Plan:
    """The plan of the Dutch reference card's screen edition (what screenshots show), made by the chain."""
    name = EditionName(document, layout, inputs.reference_region(), SOURCE_LANG, "screen")
    result, _entry = run_edition(inputs, name, until=Stage.PLAN, keep_plan=True)
    if result.plan is None:
        raise KaartgenError(result.diagnostics)
    return result.plan


def template(workspace: Path | str, document: str) -> Any:
    """The PO template of a document as a Babel catalog: one message per `Source.entries()`, in source order."""
    from babel.messages.catalog import Catalog

    inputs = Inputs(Path(workspace))
    source = inputs.source(document)
    where, shots = _placements(inputs, source)
    boxes = size_boxes(inputs, source, list_layouts(inputs.workspace))
    printed = printed_values(inputs.region(inputs.reference_region())) if boxes else {}
    catalog = Catalog(project="kaartgen", version=document, creation_date=_template_date(inputs, source),
                      charset="utf-8",
                      header_comment=f"# Translation template of the kaartgen document '{document}'.\n"
                                     f"# Made by 'kaartgen i18n extract' from {source.shown} and\n"
                                     "# the layouts: do not edit it; change the source and extract again.\n#")
    owner: dict[str, Block] = {}
    for each in source.blocks.values():
        for item in each.items:
            owner[item.key] = each
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
            comments.extend(where.get(entry.key, []))
            comments.extend(shots.get(entry.key, []))
        flags = ["python-brace-format"] if placeholders_in(entry.text) else []
        if flags and is_placeholder_only(entry.text):
            flags.append("read-only")  # nothing to translate: Weblate shows it, and lets nobody change it
        box = boxes.get(block.key if block is not None else entry.key)
        if box is not None and entry.key not in source.meta and not is_placeholder_only(entry.text):
            flags.extend(box.flags(entry.text, printed))  # Weblate renders it in the layout's face and box
            comments.append(box.comment())
        if EMPHASIS.search(entry.text.replace("\\*", "")):
            flags.append("md-text")  # Weblate checks that the translation keeps the **bold** / *italic* markers
            comments.append(INLINE_SYNTAX_NOTE)
        catalog.add(entry.text, "", locations=[(source.shown, entry.line)], flags=flags, auto_comments=comments,
                    context=entry.key)
    return catalog


def _po_bytes(catalog: Any) -> bytes:
    """A catalog as PO text: Babel's writer, plus ``#| msgid`` lines for fuzzy entries, with every string wrapped
    the way gettext wraps it (`tools.pofile`), so msgcat, Poedit and Weblate leave the file as it is.

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
        return _as_gettext(buffer.getvalue().decode(catalog.charset), catalog.charset)
    lines = []
    for line in buffer.getvalue().decode(catalog.charset).split("\n"):
        if line.startswith('msgctxt "') and line.endswith('"'):
            old = previous.get(unescape(line[len("msgctxt "):]))
            if old is not None:
                wrapped = normalize(old, width=PO_WIDTH - 3).split("\n")  # (Babel's prefix= wraps too narrow)
                lines.append("#| msgid " + "\n".join([wrapped[0]] + ["#| " + w for w in wrapped[1:]]))
        lines.append(line)
    return _as_gettext("\n".join(lines), catalog.charset)


def _as_gettext(text: str, charset: str) -> bytes:
    """Strings wrapped the gettext way, and one line end at the end of the file (Babel adds a blank line)."""
    return (gettext_wrapped(text).rstrip("\n") + "\n").encode(charset)


def extract(workspace: Path | str, document: str) -> Path:
    """Write ``content/<doc>/<doc>.pot`` from the Dutch source and the layouts; same inputs, same bytes."""
    path = template_path(Path(workspace), document)
    _write_po(path, _po_bytes(template(workspace, document)))
    return path


def init(workspace: Path | str, document: str, lang: str) -> Path:
    """Start ``locales/<lang>.po`` from the template, with Language (the name as given: ``zh_CN`` stays
    ``zh_CN``, not Babel's ``zh_Hans_CN``) and Plural-Forms from Babel's locale data."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.catalog import Catalog

    workspace = Path(workspace)
    check_lang(lang)
    path = locales_dir(workspace, document) / f"{lang}.po"
    shown = f"content/{document}/locales/{lang}.po"
    if lang == SOURCE_LANG:
        raise DataError(problem(shown, None, lang, "Dutch is the source language, not a translation"))
    if path.exists():
        raise DataError(problem(shown, None, lang, "this translation already exists",
                                "bring it up to date with 'kaartgen i18n update'"))
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        raise DataError(problem(shown, None, lang, "Babel has no locale data for this language",
                                "use an ISO 639 code such as 'de', 'pl' or 'pt_BR'")) from None
    source_template = template(workspace, document)
    catalog = Catalog(locale=lang, project="kaartgen", version=document, charset="utf-8", fuzzy=False,
                      creation_date=source_template.creation_date, revision_date=source_template.creation_date,
                      language_team=f"{locale.english_name} <LL@li.org>",
                      header_comment=f"# {locale.english_name} translation of the kaartgen document "
                                     f"'{document}'.\n#")
    for message in source_template:
        if message.id:
            catalog.add(message.id, message.id if "read-only" in message.flags else "", locations=message.locations,
                        flags=message.flags, auto_comments=message.auto_comments, context=message.context)
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


def read_catalog(path: Path, shown: str | None = None) -> Any:
    """Read a PO/POT file with Babel, with ``#| msgid`` lines as `previous_id` (Babel reads them as comments)."""
    catalog = read_po_file(path, shown or str(path))
    _lift_previous(catalog)
    return catalog


def _lift_previous(catalog: Any) -> None:
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


def _merge(catalog: Any, source_template: Any) -> tuple[list[str], list[str], list[str]]:
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
    flags_of = {m.context: m.flags for m in source_template if m.id}
    for message in catalog:  # the template's flags, not a union with the old ones (Babel keeps a stale max-size)
        if message.id and message.context in flags_of:
            message.flags = set(flags_of[message.context]) | ({"fuzzy"} & message.flags)
    for message in catalog:
        if message.id and "read-only" in message.flags:  # only placeholders: its translation is its source
            message.string = message.id
            message.flags.discard("fuzzy")
            message.previous_id = []
    present = {m.context for m in catalog if m.id}
    obsoleted = sorted(m.context for m in catalog.obsolete.values()
                       if m.context in before and m.context not in present)
    return changed, added, obsoleted


def update(workspace: Path | str, document: str) -> dict[str, UpdateSummary]:
    """Re-extract the template and merge it into every ``locales/*.po``: translations kept, changes fuzzy."""
    workspace = Path(workspace)
    source_template = template(workspace, document)
    _write_po(template_path(workspace, document), _po_bytes(source_template))
    summaries: dict[str, UpdateSummary] = {}
    for lang in list_languages(workspace, document):
        path = locales_dir(workspace, document) / f"{lang}.po"
        catalog = read_catalog(path, f"content/{document}/locales/{lang}.po")
        changed, added, obsoleted = _merge(catalog, source_template)
        _write_po(path, _po_bytes(catalog))
        messages = [m for m in catalog if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy and m.string)
        translated = sum(1 for m in messages if m.string and not m.fuzzy)
        summaries[lang] = UpdateSummary(lang, path, translated, fuzzy, len(messages) - translated - fuzzy,
                                        tuple(changed), tuple(added), tuple(obsoleted))
    return summaries


# --------------------------------------------------------------------------- status

@dataclass(frozen=True)
class LayoutFit:
    """The chain's verdict on one language in one layout (with the reference region)."""

    layout: str
    body_size: float | None  # None: does not fit, or the layout cannot be used
    message: str
    checked: bool = True  # False: the layout could not be loaded or used, so fit was not checked
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.body_size is not None


@dataclass(frozen=True)
class GlyphProblem:
    """Characters of one translated text that the fonts of some layouts lack."""

    key: str
    diagnostic: Diagnostic  # located at the PO entry
    chars: tuple[str, ...]
    layouts: tuple[str, ...]

    @property
    def codes(self) -> list[str]:
        return [f"U+{ord(c):04X}" for c in self.chars]

    def as_diagnostic(self) -> Diagnostic:
        listed = ", ".join(f"U+{ord(c):04X} {c!r}" for c in self.chars)
        return problem(self.diagnostic.file, self.diagnostic.line, self.key,
                       f"the fonts of {', '.join(self.layouts)} have no glyph for {listed}",
                       "use a font that covers this script, or replace the characters")

    def __str__(self) -> str:
        return str(self.as_diagnostic())


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
    problems: list[Diagnostic] = field(default_factory=list)  # placeholder and syntax errors, at file:line
    glyphs: list[GlyphProblem] = field(default_factory=list)
    fits: list[LayoutFit] = field(default_factory=list)
    unreadable: list[Diagnostic] = field(default_factory=list)  # the PO file cannot be read at all
    fuzzy_keys: list[str] = field(default_factory=list)  # in source order, as are the lists below
    untranslated_keys: list[str] = field(default_factory=list)
    unreviewed_keys: list[str] = field(default_factory=list)  # translated, but not (or no longer) reviewed
    # the reference region's own texts (its note, contact labels, opening hours) with no version in this language:
    # a final build of that region refuses them, so status says so too (it said "final" and every layout fits);
    # errors of a final translation only (a draft is refused by the build anyway, and the fix is not in its file)
    region: str = ""
    region_texts: list[Diagnostic] = field(default_factory=list)

    @property
    def failing_keys(self) -> list[str]:
        """Keys with a problem of their own: placeholders, syntax, hidden characters, phone numbers, glyphs, and
        texts longer than their style allows in some layout (characters or lines)."""
        too_long = [d.key for f in self.fits for d in f.diagnostics if d.code in (LENGTH, LINES, SCRIPT) and d.key]
        return list(dict.fromkeys([d.key for d in self.problems if d.key] + [g.key for g in self.glyphs]
                                  + too_long))

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every problem once (a script no layout can set is the same problem in each of them)."""
        return list(dict.fromkeys(self.unreadable + self.problems + (self.region_texts if self.state == FINAL else [])
                                  + [g.as_diagnostic() for g in self.glyphs]
                                  + [d for f in self.fits if not f.ok for d in f.diagnostics]))

    @property
    def refused_scripts(self) -> bool:
        """Whether a layout refused a script kaartgen cannot set (its letters were not checked for glyphs)."""
        return any(d.code == SCRIPT for f in self.fits for d in f.diagnostics)

    @property
    def errors(self) -> list[str]:
        return [str(d) for d in self.diagnostics]

    @property
    def ok(self) -> bool:
        return not self.diagnostics

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.lang, "file": self.file, "total": self.total, "translated": self.translated,
            "fuzzy": self.fuzzy, "untranslated": self.untranslated, "percent": round(self.percent, 1),
            "reviewed": self.reviewed, "state": self.state, "why_draft": self.why_draft,
            "problems": [d.to_json() for d in self.problems],
            "region_texts": [d.to_json() for d in self.region_texts],
            "glyphs": [{"key": g.key, "file": g.diagnostic.file, "line": g.diagnostic.line, "codes": g.codes,
                        "chars": list(g.chars), "layouts": list(g.layouts)} for g in self.glyphs],
            "fit": [{"layout": f.layout, "fits": f.ok, "checked": f.checked, "body_size": f.body_size,
                     "message": f.message, "diagnostics": [d.to_json() for d in f.diagnostics]} for f in self.fits],
            "keys": {"fuzzy": self.fuzzy_keys, "untranslated": self.untranslated_keys,
                     "unreviewed": self.unreviewed_keys, "failing": self.failing_keys},
            "diagnostics": [d.to_json() for d in self.diagnostics], "ok": self.ok,
        }


def status(workspace: Path | str, document: str, langs: Any = (), layouts: Any = ()) -> list[LanguageStatus]:
    """Per language: counts, placeholder errors, missing glyphs and the chain's verdict per layout.

    Each layout is checked by the same chain as `kaartgen check` (a draft build of the print edition, up to
    the plan) with the workspace's reference region, so status and build cannot disagree: the region's own
    texts a final build needs in the language are listed too. Without `layouts`, the layouts made for the
    language (a mirrored folder is for right-to-left languages only, as `build` chooses them)."""
    workspace = Path(workspace)
    inputs = Inputs(workspace)
    inputs.source(document)  # a broken source is an error of the command, not of every language
    reference = inputs.reference_region()
    try:
        region = inputs.region(reference)
    except KaartgenError:
        region = None  # each layout's run reports what is wrong with it
    result = []
    for lang in list(langs) or list_languages(workspace, document):
        check_lang(lang)
        shown = f"content/{document}/locales/{lang}.po"
        try:
            translation = inputs.translation(document, lang)
        except KaartgenError as error:
            result.append(LanguageStatus(lang, shown, unreadable=list(error.diagnostics)))
            continue
        entry = LanguageStatus(lang, translation.shown, translation.total, translation.translated,
                               len(translation.fuzzy), len(translation.untranslated), len(translation.reviewed),
                               translation.state, translation.why_draft(), list(translation.problems))
        for other in inputs.same_languages(document).get(lang, ()):
            entry.problems.append(same_language_problem(translation.shown, lang, other, Severity.ERROR))
        order = [e.key for e in inputs.source(document).entries()]
        entry.fuzzy_keys = [k for k in order if k in set(translation.fuzzy)]
        entry.untranslated_keys = [k for k in order if k in set(translation.untranslated)]
        entry.unreviewed_keys = [k for k in order if k in translation.texts and k not in translation.reviewed]
        if region is not None:
            entry.region, entry.region_texts = reference, untranslated_wordings(region, lang)
        known = set(translation.problems)
        missing: dict[str, dict[str, list[str]]] = {}  # key → char → layouts, in text order
        located: dict[str, Diagnostic] = {}
        for layout in list(layouts) or _layouts_for(inputs, workspace, lang):
            name = EditionName(document, layout, reference, lang, "print")
            run, _entry = run_edition(inputs, name, Options(draft=True), until=Stage.PLAN)
            if run.ok:
                entry.fits.append(LayoutFit(layout, run.body_size, f"fits at {run.body_size:g} pt"))
                continue
            others = []
            for diagnostic in run.diagnostics:
                if diagnostic in known:
                    continue
                if diagnostic.code == GLYPH:
                    for key, where, lacking in _glyph_uses(diagnostic):
                        located.setdefault(key, where)
                        for char in lacking:
                            missing.setdefault(key, {}).setdefault(char, []).append(layout)
                else:
                    others.append(diagnostic)
            fits = any(d.code == "fit" for d in others)
            if others:
                entry.fits.append(LayoutFit(layout, None, "\n".join(str(d) for d in others), fits, tuple(others)))
            elif located:
                entry.fits.append(LayoutFit(layout, None, "the fonts lack characters (see below)", False))
        for key, chars in missing.items():
            if key in translation.texts:  # an untranslated text keeps the Dutch, which the fonts have
                entry.glyphs.append(GlyphProblem(key, located[key], tuple(sorted(chars)),
                                                 tuple(sorted({n for names in chars.values() for n in names}))))
        result.append(entry)
    return result


def _layouts_for(inputs: Inputs, workspace: Path, lang: str) -> list[str]:
    """The workspace's layouts made for `lang`, as `build` chooses them (a layout that cannot be loaded is
    listed: its run says why)."""
    names = list_layouts(workspace)
    made_for = languages_of(inputs, names, named=set())
    return [name for name in names if made_for(name, lang)]


def _glyph_uses(diagnostic: Diagnostic) -> list[tuple[str, Diagnostic, str]]:
    """(key, where it is, missing characters) of each text a glyph diagnostic covers: one text, or every text of
    a script the fonts lack (the build reports those once; status lists them per key)."""
    data = dict(diagnostic.data)
    texts = str(data.get("texts", ""))
    if not texts:
        return [(diagnostic.key, diagnostic, str(data.get("chars", "")))]
    uses = []
    for line in texts.split("\n"):
        key, file, number, chars = line.split("\t")
        uses.append((key, problem(file, int(number) or None, key, diagnostic.message, diagnostic.hint), chars))
    return uses


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
    workspace = Path(workspace)
    reviewer = " ".join((by or "").split())
    if not reviewer:
        raise DataError(problem("review", None, lang, "no reviewer name", "give it with --by NAME"))
    source = load_source(workspace, document)
    count, path = record_review(workspace, source, lang, reviewer, _review_date())
    after = load_translation(workspace, source, lang)
    return ReviewSummary(lang, count, path, len(after.reviewed), after.total, after.state, after.why_draft())
