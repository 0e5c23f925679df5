"""Content types: the Dutch source of a document (keyed blocks and entries) and the resolved texts of an edition.

A `Source` is what ``content/<document>/nl.yaml`` says; `Texts` are its blocks for one language and region, each
text a tuple of styled `Span`s with every placeholder replaced by its region value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import SourceRef

SOURCE_LANG = "nl"
# A value made of several spans (contacts' numbers with their labels) marks the words it joins them with ("of",
# "; ") with this placeholder: they are the language's own words, not the region's (see `parse_inline`)
JOINING_WORDS = "(joining words)"
NO_BREAK_SPACES = "\u00a0\u202f\u2007"  # no-break, narrow no-break (French « »), figure space: kept, never a break
BREAKING_SPACE = re.compile(f"[^\\S{NO_BREAK_SPACES}]+")  # white space a line may break at (and that collapses)


def base_language(lang: str) -> str:
    """The language of a locale name: 'tr' of 'tr', 'tr_TR', 'tr-TR'; 'sr' of 'sr@latin' and 'sr_Latn'."""
    return lang.replace("-", "_").split("_", 1)[0].split("@", 1)[0].lower()


def collapse_spaces(text: str) -> str:
    """Runs of breaking white space (spaces, tabs, line breaks) as one space, the ends trimmed; no-break spaces
    stay exactly where the writer put them ("Carte à\u00a0la", "« bonjour\u202f»")."""
    return BREAKING_SPACE.sub(" ", text).strip(" ")
LIST_STYLES = frozenset({"bullets", "steps", "contacts", "plain_list"})


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
    def entries(self) -> tuple[Entry, ...]:
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

    def ref(self, entry: Entry) -> SourceRef:
        return SourceRef(self.shown, entry.line)


@dataclass(frozen=True)
class Span:
    """A run of text in one style. `placeholder` names the region value it came from, if any."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    placeholder: str | None = None


@dataclass(frozen=True)
class Text:
    """One resolved text, ready for layout."""

    key: str
    spans: tuple[Span, ...]
    source: SourceRef  # content/signalenkaart/nl.yaml:42 or content/signalenkaart/locales/en.po:120
    untranslated: bool = False  # a draft showing Dutch: the translation is missing, or a region text it names
    # the text's own wording is the Dutch (not only a region's label in it): set as Dutch, left to right, in Dutch
    # capitals and tagged as Dutch (an Arabic sentence with one Dutch label stays an Arabic sentence)
    in_dutch: bool = False

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class ResolvedBlock:
    key: str
    style: str
    texts: tuple[Text, ...]
    numbers: tuple[int, ...] = ()  # a chosen part of a numbered list: each text's number in the whole list

    def chosen(self, items: tuple[str, ...]) -> ResolvedBlock:
        """The block with only these list items, in this order (a layout's selection); the whole block when no
        item is named."""
        if not items:
            return self
        by_item: dict[str, list[tuple[int, Text]]] = {}
        for number, text in enumerate(self.texts, 1):  # a contacts item may have become several texts
            by_item.setdefault(text.key.rpartition(".")[2], []).append((number, text))
        chosen = [found for item in items for found in by_item.get(item, ())]
        return ResolvedBlock(self.key, self.style, tuple(text for _n, text in chosen), tuple(n for n, _t in chosen))


@dataclass(frozen=True)
class CardPart:
    """One part of a contact card — its label, organisation, a phone line, the e-mail address … — as texts."""

    kind: str  # label | organisation | person | phones | email | website | address | hours
    texts: tuple[Text, ...]


@dataclass(frozen=True)
class ContactCard:
    """Everything a region says about one contact, ready to be set as a card (`{contacts: role}` in a layout)."""

    key: str  # contacts.zorgcoordinator.0
    parts: tuple[CardPart, ...]


CARD_PARTS = ("label", "organisation", "person", "phones", "email", "website", "address", "hours")


@dataclass(frozen=True)
class Texts:
    """Every block of one document in one language for one region, and the region's contact cards."""

    document: str
    lang: str
    region: str
    title: str
    subject: str
    author: str
    blocks: dict[str, ResolvedBlock] = field(default_factory=dict)
    cards: dict[str, tuple[ContactCard, ...]] = field(default_factory=dict)  # role → one card per contact

    def all_texts(self) -> list[Text]:
        """Every text that can be printed: the blocks' and the cards'."""
        texts = [text for block in self.blocks.values() for text in block.texts]
        texts += [text for cards in self.cards.values() for card in cards for part in card.parts
                  for text in part.texts]
        return texts
