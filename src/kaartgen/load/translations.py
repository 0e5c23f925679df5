"""Translations → `Translation`: ``locales/<lang>.po`` (+ ``<lang>.review.json``) read and checked for a build.

A PO entry's ``msgctxt`` is the block key and its ``msgid`` the Dutch source. `load_translation` reads a PO
with Babel, checks every entry against the source (placeholders missing, extra or misspelt; emphasis markers;
stale entries whose msgid no longer matches) and reports each problem with the PO ``file:line`` and key.

Review state: a translation is *final* when every source text is translated, none is fuzzy, and every entry
is recorded as reviewed in ``<lang>.review.json`` with the hash of its current msgid + msgstr; any later change
to the source or the translation voids that entry's review. Anything else is a *draft*. The translators' tools
(template, update, status, recording a review) are in :mod:`kaartgen.tools.i18n`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..model.content import Source, base_language
from ..model.diagnostics import DataError, Diagnostic, Severity, SourceRef, problem
from ..model.translation import Translation
from .characters import HIDDEN_HINT, hidden_problem
from .inline import check_syntax, clean_text, placeholders_in
from .names import check_lang
from .source import document_dir
from .yamlfile import read_limited


def locales_dir(workspace: Path, document: str) -> Path:
    return document_dir(workspace, document) / "locales"


def list_languages(workspace: Path, document: str) -> list[str]:
    folder = locales_dir(workspace, document)
    return sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []


def entry_hash(msgid: str, msgstr: str) -> str:
    return hashlib.sha256(f"{msgid}\x00{msgstr}".encode()).hexdigest()[:16]


_SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl"}  # the gettext modifiers that name a script


def _locale_key(lang: str) -> tuple[str, str | None, str | None, str | None] | None:
    """What a locale name means, as written: (language, script, territory, other modifier). The language through
    Babel's aliases ('iw' is 'he'); script and territory only where the name gives them ('zh_CN' is not
    'zh_Hans'); a modifier naming a script is that script ('sr@latin' is 'sr_Latn'), another stays apart
    ('ca@valencia' is not 'ca'). None for a name Babel does not know."""
    from babel import Locale, UnknownLocaleError

    spelt, _, modifier = lang.replace("-", "_").partition("@")
    try:
        language = Locale.parse(spelt).language
    except (UnknownLocaleError, ValueError):
        return None
    parts = spelt.split("_")[1:]
    script = next((part.title() for part in parts if len(part) == 4 and part.isalpha()), None)
    territory = next((part.upper() for part in parts if len(part) in (2, 3) and part.isalnum()), None)
    named = _SCRIPT_MODIFIERS.get(modifier.lower())
    return language, script or named, territory, None if named else (modifier.lower() or None)


def _header_problems(catalog: Any, path: Path, shown: str, lang: str) -> list[Diagnostic]:
    """The PO header's `Language` must name the file's language (it is kept as given, `sr@latin` or `sr_Latn`,
    but a `tr.po` saying `Language: de` is the wrong file or a copy not yet changed: tools such as Weblate and
    msgfmt go by the header, kaartgen by the name). Languages are compared, not territories or scripts, and
    through Babel's aliases ('iw' is 'he')."""
    said = getattr(catalog, "locale_identifier", None) or ""
    if not said:
        return []
    said_key, lang_key = _locale_key(said), _locale_key(lang)
    if (said_key[0] if said_key else base_language(said)) == (lang_key[0] if lang_key else base_language(lang)):
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    line = next((number for number, text in enumerate(lines, 1) if text.startswith('"Language:')), None)
    return [problem(shown, line, "", f"the header says this is language '{said}', but the file is "
                    f"{lang}.po", f"write \"Language: {lang}\\n\" in the header, or rename the file to {said}.po")]


def babel_knows(lang: str) -> bool:
    """Whether Babel has locale data for `lang` (what `i18n init` needs to start a translation)."""
    return _locale_key(lang) is not None


def same_languages(langs: list[str]) -> dict[str, list[str]]:
    """Languages whose names differ but mean the same locale ('sr@latin' and 'sr_Latn', 'iw' and 'he'): name →
    the others."""
    by_locale: dict[tuple[str, str | None, str | None, str | None], list[str]] = {}
    for lang in langs:
        key = _locale_key(lang)
        if key is not None:
            by_locale.setdefault(key, []).append(lang)
    return {lang: [other for other in names if other != lang] for names in by_locale.values() if len(names) > 1
            for lang in names}


def same_language_problem(shown: str, lang: str, other: str, severity: Severity) -> Diagnostic:
    """'sr@latin.po' beside 'sr_Latn.po': said the same way by status (an error) and the build (a warning)."""
    return problem(shown, None, "", f"'{lang}' and '{other}' name the same language, so two translations of it "
                   "are printed", f"keep one of {lang}.po and {other}.po; if a translation platform made the "
                   "second, tell it which name you use", severity=severity)


def load_translation(workspace: Path, source: Source, lang: str) -> Translation:
    """Read and check one PO file. Structural problems (unreadable file) raise; content problems are listed."""
    check_lang(lang)
    path = locales_dir(workspace, source.document) / f"{lang}.po"
    shown = f"content/{source.document}/locales/{lang}.po"
    if not path.exists():
        known = ", ".join(list_languages(workspace, source.document)) or "none"
        start = f"start one with 'kaartgen i18n init {lang}'" if babel_knows(lang) else \
            f"'{lang}' is no language Babel knows, so no translation can be started under that name: use an ISO " \
            "639 code such as 'de', 'pl' or 'pt_BR'"
        raise DataError(problem(shown, None, lang, "no such translation", f"known languages: {known}; {start}"))
    catalog = read_po_file(path, shown)
    sources = {e.key: e for e in source.entries()}
    texts: dict[str, tuple[str, SourceRef]] = {}
    fuzzy: list[str] = []
    refused: list[str] = []
    problems: list[Diagnostic] = _header_problems(catalog, path, shown, lang)
    for message in catalog:
        if not message.id or message.context is None:
            continue
        key = message.context
        line = message.lineno or 0
        if key not in sources:
            continue  # obsolete or unknown: `i18n update` marks it obsolete; it is never printed
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        if not msgstr.strip():  # empty or blank: untranslated (the source text prints), never a vanished title
            continue
        if message.fuzzy or msgid != sources[key].text:
            fuzzy.append(key)
            continue
        hidden = hidden_problem(msgstr)
        if hidden is not None:  # the other checks would quote the text as if it were what a reader sees
            problems.append(problem(shown, line, key, hidden, HIDDEN_HINT))
            refused.append(key)  # translated, with an error: not "untranslated" (it never prints)
            continue
        for text_problem in _check_entry(sources[key].text, msgstr):
            problems.append(problem(shown, line, key, text_problem))
        texts[key] = (clean_text(msgstr), SourceRef(shown, line))  # same normalisation as the source
    untranslated = [k for k in sources if k not in texts and k not in fuzzy and k not in refused]
    translation = Translation(lang, path, shown, texts, len(texts) + len(refused), fuzzy, untranslated, problems)
    _apply_review(translation, sources, review_path(workspace, source.document, lang))
    return translation


def read_po_file(path: Path, shown: str) -> Any:
    """A PO/POT file as a Babel catalog, refusing what is too large, binary, not UTF-8 or not valid PO."""
    import io

    from babel.messages.pofile import PoFileError, read_po  # Babel only when a translation is read

    raw = read_limited(path, shown)
    if b"\x00" in raw:
        raise DataError(problem(shown, None, "", "binary data, not a PO file", "is this the right file?"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(problem(shown, line, "", "not UTF-8 text", "save the PO file as UTF-8")) from None
    syntax = po_syntax_problems(text, shown)
    if syntax:
        raise DataError(syntax)
    try:
        return read_po(io.BytesIO(raw), locale=None, abort_invalid=True, charset="utf-8")
    except (PoFileError, ValueError, LookupError) as exc:
        raise DataError(problem(shown, _line_of(str(exc)), "", f"not a valid PO file: {exc}",
                                "check it with 'msgfmt -c'")) from None


_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*)$')
_CHARSET = re.compile(r"charset=([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def po_syntax_problems(text: str, shown: str) -> list[Diagnostic]:
    """What `msgfmt -c` refuses and Babel lets through, at its line: a string without its closing quote, a header
    charset other than UTF-8 (the file is read as UTF-8, so another charset would print mojibake), and a msgctxt
    given twice (Babel would keep one of them without a word)."""
    problems: list[Diagnostic] = []
    contexts: dict[str, int] = {}
    context: str | None = None
    collecting = ""  # the keyword whose (possibly wrapped) string the current line continues
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # comments, including obsolete (#~) entries
        match = _KEYWORD.match(stripped)
        string = match.group(2) if match else stripped if stripped.startswith('"') else None
        if string is None:
            continue  # Babel reports what is not PO at all
        if not _closed(string):
            problems.append(problem(shown, number, "", "a text without its closing quote (\")",
                                    'end the line with a quote; a quote inside a text is written \\"'))
            continue
        keyword = match.group(1) if match else ""
        if keyword == "" and collecting == "msgctxt" and context is not None:
            context = context[:-1] + string[1:]  # a wrapped msgctxt: "" then its text on the next lines
        collecting = keyword or collecting
        if keyword == "msgctxt":
            context = string
        elif keyword == "msgid" and context is not None:
            if context in contexts:
                problems.append(problem(shown, number, context.strip('"'), "this text is in the file twice",
                                        f"delete one of the two entries; the other is at line {contexts[context]}"))
            else:
                contexts[context] = number
            context = None
        elif keyword == "msgid":
            context = None
        if keyword == "" and "charset=" in string.lower() and number < 40:  # the header's Content-Type line
            found = _CHARSET.search(string)
            charset = found.group(1).rstrip("\\n") if found else ""
            if charset.lower().replace("-", "").replace("_", "") not in ("utf8", "ascii", "usascii", "charset"):
                problems.append(problem(shown, number, "", f"the file says charset={charset}, but PO files are "
                                        f"read as UTF-8 (the only charset translation tools and kaartgen agree on)",
                                        "save the file as UTF-8 and set \"Content-Type: text/plain; "
                                        "charset=UTF-8\\n\" in its header"))
    return problems


def _closed(string: str) -> bool:
    """A PO string literal ends with a quote that is not escaped."""
    if len(string) < 2 or not string.endswith('"'):
        return False
    backslashes = len(string) - 1 - len(string[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def _line_of(message: str) -> int | None:
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
        translation.problems.append(problem(shown, None, "", f"not a readable review file ({exc})",
                                            "restore it from version control, or delete it and review again"))
        data = {}
    entries = data.get("entries", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        translation.problems.append(problem(shown, None, "entries", "expected a mapping of keys to reviews",
                                            "restore it from version control, or delete it and review again"))
        entries = {}
    for key, (msgstr, _ref) in translation.texts.items():
        record = entries.get(key)
        if isinstance(record, dict) and record.get("hash") == entry_hash(sources[key].text, msgstr):
            translation.reviewed.add(key)
