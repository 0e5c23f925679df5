"""Content stage: Dutch source + translation + region → the resolved texts of one edition.

Input: ``content/<doc>/nl.yaml`` (keyed blocks), optionally ``locales/<lang>.po``, and a `Region`.
Output: a `Texts` object, one `Text` per block key, each a list of styled `Span`s with every placeholder
replaced by its region value (and that value's link, for the screen edition).

The inline syntax is deliberately tiny: ``**bold**``, ``*italic*``, ``\\*`` for a literal asterisk, and
``{section.field}`` placeholders (``{{``/``}}`` for literal braces, as in Python's format strings). Everything
else is literal text: no text from these files ever reaches a markup parser (the renderer draws strings).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .datafile import Fields, Located, check_name, load_yaml
from .errors import DataError, Problem
from .regions import Region, placeholder_names

SOURCE_LANG = "nl"
KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
LANG = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")
DOCUMENT_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
META_FIELDS = ("title", "subject")  # translatable document metadata; `author` is a placeholder text
LIST_STYLES = {"bullets", "steps", "contacts", "plain_list"}


@dataclass(frozen=True)
class Entry:
    """One translatable text: what a PO entry holds."""

    key: str  # msgctxt: "intro", "signals.no_id_papers", "document.title"
    text: str  # Dutch source
    note: str
    line: int


@dataclass(frozen=True)
class Block:
    key: str
    style: str
    line: int
    note: str = ""
    text: str | None = None  # a text block
    items: tuple[Entry, ...] = ()  # a list block

    @property
    def is_list(self) -> bool:
        return self.text is None

    @property
    def entries(self) -> tuple["Entry", ...]:
        """The translatable texts of this block: its items, or the block's own text."""
        return self.items if self.is_list else (Entry(self.key, self.text or "", self.note, self.line),)


@dataclass(frozen=True)
class Source:
    """The Dutch source of one document."""

    document: str
    path: Path
    shown: str  # path as shown in messages
    meta: dict[str, Entry]
    author: str
    blocks: dict[str, Block]

    def entries(self) -> Iterator[Entry]:
        """Every translatable text, in source order."""
        yield from self.meta.values()
        for block in self.blocks.values():
            yield from block.entries


# --------------------------------------------------------------------------- inline syntax


@dataclass(frozen=True)
class Span:
    """A run of text in one style. `placeholder` names the region value it came from, if any."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    placeholder: str | None = None


def placeholders_in(text: str) -> list[str]:
    """Placeholder names in a text, in order (``{{`` and ``}}`` are literal braces)."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1) is not None]


def check_syntax(text: str) -> list[str]:
    """Problems with braces and emphasis markers in a text (empty list when fine)."""
    problems = []
    for match in PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token in ("{", "}"):
            problems.append(f"lone '{token}' at column {match.start() + 1}: write '{token * 2}' for a literal brace")
        elif match.group(1) is not None and not re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*",
                                                             match.group(1)):
            problems.append(f"'{{{match.group(1)}}}' is not a placeholder name")
    stripped = text.replace("\\*", "")
    if stripped.count("**") % 2:
        problems.append("unbalanced '**' (bold): close it, or write \\* for a literal asterisk")
    elif stripped.replace("**", "").count("*") % 2:
        problems.append("unbalanced '*' (italic): close it, or write \\* for a literal asterisk")
    return problems


def parse_inline(text: str, values: dict[str, Any] | None = None) -> list[Span]:
    """Text in the inline syntax → spans. Placeholders are replaced by `values[name]` (a regions.Value or str)."""
    spans: list[Span] = []
    bold = italic = False
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), bold, italic))
            buffer.clear()

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "*\\":
            buffer.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif ch == "*":
            flush()
            italic = not italic
            i += 1
        elif text.startswith("{{", i) or text.startswith("}}", i):
            buffer.append(ch)
            i += 2
        elif ch == "{" and (end := text.find("}", i)) > i:
            name = text[i + 1:end]
            flush()
            value = (values or {}).get(name)
            if value is None:
                spans.append(Span("{" + name + "}", bold, italic, None, name))
            elif isinstance(value, str):
                spans.append(Span(value, bold, italic, None, name))
            else:
                spans.append(Span(value.text, bold, italic, value.link, name))
            i = end + 1
        else:
            buffer.append(ch)
            i += 1
    flush()
    return [s for s in spans if s.text]


def clean_text(text: str) -> str:
    """Normalise white space and Unicode form; drop control characters that no font can draw, and byte order
    marks (U+FEFF) that editors leave in pasted text."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " for ch in text)
    return " ".join(text.split())


# --------------------------------------------------------------------------- the source file


def document_dir(workspace: Path, document: str) -> Path:
    return workspace / "content" / document


def list_documents(workspace: Path) -> list[str]:
    root = workspace / "content"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / f"{SOURCE_LANG}.yaml").is_file())


def check_document_name(document: str) -> str:
    return check_name("document", document, DOCUMENT_NAME, "document name",
                      "use lower-case letters, digits and dashes")


def check_lang(lang: str) -> str:
    return check_name("language", lang, LANG, "language code", "use an ISO 639 code such as 'en', 'pl' or 'pt_BR'")


def load_source(workspace: Path, document: str) -> Source:
    """Read and validate ``content/<document>/nl.yaml``; every problem reported at once."""
    check_document_name(document)
    path = document_dir(workspace, document) / f"{SOURCE_LANG}.yaml"
    shown = f"content/{document}/{SOURCE_LANG}.yaml"
    if not path.exists():
        known = ", ".join(list_documents(workspace)) or "none"
        raise DataError(Problem(shown, None, document, "no such document", f"known documents: {known}"))
    return parse_source(load_yaml(path, shown), document, path)


def parse_source(located: Located, document: str, path: Path) -> Source:
    """A parsed ``nl.yaml`` → validated `Source` (blocks, keys, styles, inline syntax, placeholders)."""
    shown = located.path
    if located.data is None:
        raise DataError(located.problem("", "the file is empty", "a document needs 'document:' and 'blocks:'"))
    problems: list[Problem] = []
    top = Fields(located, located.data, "", problems)
    if not top.ok:
        raise DataError(problems)
    top.check_known({"document", "blocks"})
    meta_fields = top.sub("document")
    meta_fields.check_known(set(META_FIELDS) | {"author"})
    meta: dict[str, Entry] = {}
    for name in META_FIELDS:
        value = meta_fields.get(name, str)
        if value is not None:
            meta[f"document.{name}"] = Entry(f"document.{name}", clean_text(value), "",
                                             located.line(f"document.{name}") or 1)
    author = meta_fields.get("author", str, "")
    blocks: dict[str, Block] = {}
    block_fields = top.sub("blocks")
    known_placeholders = set(placeholder_names())
    for key, value in block_fields.value.items():
        block = _load_block(block_fields.sub(key), key, problems)
        if block is None:
            continue
        blocks[key] = block
        for entry in block.entries:
            for message in check_syntax(entry.text):
                problems.append(Problem(shown, entry.line, entry.key, message))
            for name in placeholders_in(entry.text):
                if name not in known_placeholders:
                    problems.append(Problem(shown, entry.line, entry.key, f"unknown placeholder {{{name}}}",
                                            "known: " + ", ".join("{" + p + "}" for p in sorted(known_placeholders))))
    if not block_fields.value and block_fields.ok:
        problems.append(located.problem("blocks", "no blocks", "add at least one block"))
    if problems:
        raise DataError(problems)
    return Source(document, path, shown, meta, author, blocks)


def _load_block(fields: Fields, key: str, problems: list[Problem]) -> Block | None:
    located = fields.located
    line = located.line(fields.path) or 1
    if not KEY.match(key):
        fields.problems.append(located.problem(fields.path, "not a valid block key",
                                               "use lower-case letters, digits and underscores"))
        return None
    if not fields.ok:
        return None
    fields.check_known({"style", "text", "items", "note"})
    style = fields.get("style", str, what="a style name such as body, heading or bullets")
    note = fields.get("note", str, "") or ""
    has_text, has_items = "text" in fields.value, "items" in fields.value
    if has_text == has_items:
        fields.report("", "give either 'text' or 'items'", "a block is one text or a list of keyed items")
        return None
    if style is None:
        return None
    if has_text:
        text = fields.get("text", str)
        if style in LIST_STYLES:
            fields.report("style", f"style '{style}' needs 'items', not 'text'")
        return None if text is None else Block(key, style, line, clean_text(note), text=clean_text(text))
    if style not in LIST_STYLES:
        fields.report("style", f"style '{style}' is for a text; a list needs one of: {', '.join(sorted(LIST_STYLES))}")
    items_fields = fields.sub("items")
    items: list[Entry] = []
    for item_key, item_value in items_fields.value.items():
        item_path = items_fields.key(item_key)
        item_line = located.line(item_path) or line
        if not KEY.match(str(item_key)):
            problems.append(located.problem(item_path, "not a valid item key",
                                            "use lower-case letters, digits and underscores"))
            continue
        item_note = ""
        if isinstance(item_value, dict):
            sub = items_fields.sub(item_key)
            sub.check_known({"text", "note"})
            item_note = sub.get("note", str, "") or ""
            item_value = sub.get("text", str)
        if not isinstance(item_value, str) or not item_value.strip():
            problems.append(located.problem(item_path, "an item needs a text"))
            continue
        items.append(Entry(f"{key}.{item_key}", clean_text(item_value), clean_text(item_note), item_line))
    if not items and items_fields.ok:
        fields.report("items", "a list needs at least one item")
    return Block(key, style, line, clean_text(note), items=tuple(items))


# --------------------------------------------------------------------------- resolved texts


@dataclass(frozen=True)
class Text:
    """One resolved text, ready for layout."""

    key: str
    spans: tuple[Span, ...]
    source: str  # "content/signalenkaart/nl.yaml:42" or "content/signalenkaart/locales/en.po:120"
    untranslated: bool = False  # a draft showing the Dutch source because the translation is missing

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class ResolvedBlock:
    key: str
    style: str
    texts: tuple[Text, ...]  # one for a text block, one per item for a list


@dataclass(frozen=True)
class Texts:
    """Every block of one document in one language for one region."""

    document: str
    lang: str
    region: str
    title: str
    subject: str
    author: str
    blocks: dict[str, ResolvedBlock] = field(default_factory=dict)


def resolve(source: Source, region: Region, translated: dict[str, tuple[str, str]] | None = None,
            lang: str = SOURCE_LANG) -> Texts:
    """Source (+ translation: key → (text, source ref)) + region → Texts.

    A key missing from `translated` keeps the Dutch text and is flagged `untranslated` (only drafts get here:
    the i18n stage refuses incomplete translations for a final build).
    """
    values = region.values

    def text_of(entry: Entry) -> Text:
        if translated is None:
            return Text(entry.key, tuple(parse_inline(entry.text, values)), f"{source.shown}:{entry.line}")
        if entry.key in translated:
            text, ref = translated[entry.key]
            return Text(entry.key, tuple(parse_inline(text, values)), ref)
        return Text(entry.key, tuple(parse_inline(entry.text, values)), f"{source.shown}:{entry.line}",
                    untranslated=True)

    blocks: dict[str, ResolvedBlock] = {}
    for block in source.blocks.values():
        blocks[block.key] = ResolvedBlock(block.key, block.style, tuple(text_of(e) for e in block.entries))
    meta = {k: text_of(e).plain for k, e in source.meta.items()}
    author = "".join(s.text for s in parse_inline(source.author, values))
    return Texts(source.document, lang, region.id, meta.get("document.title", ""), meta.get("document.subject", ""),
                 author, blocks)
