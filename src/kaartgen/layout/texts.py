"""Texts: Dutch source + translation + region → the resolved `Texts` of one edition.

Each block's texts are parsed in the inline syntax into styled spans, and every placeholder is replaced by its
region value (with that value's link, for the screen edition):

- a single value (``{veilig_thuis.phone}``, ``{region.name}``) by itself;
- a contact field (``{zorgcoordinator.phone}``) by every contact's values, joined the language's way (Babel's
  CLDR list patterns: "058-1234567 of 06-12345678"); when a role has several contacts each group starts with its
  contact's label and the groups are set apart with "; " ("tot 23 jaar: 058-1234567 of 06-12345678; 23 jaar en
  ouder: 020-7654321"), so a sentence that puts the value in parentheses never nests them;
- in a contacts list (style ``contacts``) an item naming a contact's phone becomes one item per number, its label
  saying whose it is ("Zorgcoördinator (tot 23 jaar): 058-1234567");
- ``{region.note}`` by the region's note in the edition's language; ``{edition.month}`` and ``{edition.date}`` by
  the build date in the language.

Each contact also becomes a `ContactCard` (label, organisation, person, phone lines, e-mail, website, address,
hours) that a layout places with ``{contacts: role}``. A key missing from the translation keeps the Dutch text and
is flagged `untranslated` and `in_dutch`; a text that uses a region wording with no version in the language is
flagged `untranslated` only (it is still a sentence in its language, with a Dutch label in it), unless it is
nothing but that wording ("{region.note}") or a contact card's part, which are Dutch throughout (`in_dutch`);
only drafts get that far (the chain refuses both for a final build). A number in a region wording is kept with
the word after it ("23 jaar": a no-break space).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..load.inline import PLACEHOLDER, parse_inline, placeholders_in
from ..load.regions import CONTACT_PLACEHOLDERS, ROLES
from ..model.content import (
    JOINING_WORDS,
    SOURCE_LANG,
    CardPart,
    ContactCard,
    Entry,
    ResolvedBlock,
    Source,
    Span,
    Text,
    Texts,
)
from ..model.diagnostics import Diagnostic, SourceRef
from ..model.region import Contact, Region, Value, Wording
from .scripts import comma, semicolon

# a number and the word it counts stay on one line in a region's label ("23 jaar", "23 سنة", "24 uur"): the
# space after a number standing alone becomes a no-break space
NUMBER_BEFORE_WORD = re.compile(r"(?<![\w.,:/\-\u2013])(\d+) (?=[^\W\d_])")
ROLE_FIELDS = {f"{role}.{field}": (role, field) for role in ROLES for field in CONTACT_PLACEHOLDERS}
CONTACTS_STYLE = "contacts"


class _Resolver:
    """The placeholder values of one region in one language; notes which region wordings it had to show in Dutch."""

    def __init__(self, region: Region, lang: str, date: dt.datetime | None):
        self.region, self.lang, self.date = region, lang, date
        self.dutch_shown = False  # set while resolving one text when a wording lacks the language
        self.dutch_values: frozenset[str] = frozenset()  # the placeholders whose value showed Dutch (`values`)

    def wording(self, wording: Wording) -> str:
        """A region's text in the language (noting when it is the Dutch), a number kept with the word after it."""
        text, translated = wording.for_lang(self.lang)
        if not translated:
            self.dutch_shown = True
        return NUMBER_BEFORE_WORD.sub("\\1\u00a0", text)

    def values(self) -> dict[str, object]:
        """Every placeholder's value; `dutch_values` then names those that show a wording in Dutch (so only a
        text that uses one is marked: a Dutch note marked every sentence with a phone number)."""
        values: dict[str, object] = dict(self.region.values)
        dutch: set[str] = set()

        def resolved(name: str, make: Callable[[], object]) -> None:
            self.dutch_shown = False
            values[name] = make()
            if self.dutch_shown:
                dutch.add(name)

        note = self.region.note
        resolved("region.note", lambda: self.wording(note) if note is not None else "")
        for name, (role, field) in ROLE_FIELDS.items():
            resolved(name, functools.partial(self.field_spans, role, field))
        if self.date is not None:
            values["edition.month"] = _month(self.date, self.lang)
            values["edition.date"] = _long_date(self.date, self.lang)
        self.dutch_values = frozenset(dutch)
        self.dutch_shown = False
        return values

    def shows_dutch(self, text: str) -> bool:
        """Whether `text`'s placeholders show a wording in Dutch (after `values`)."""
        return any(name in self.dutch_values for name in placeholders_in(text))

    def contact_values(self, contact: Contact, field: str) -> list[Span]:
        """The spans of one contact's field: one span per value (a contact may have several numbers)."""
        if field == "phone":
            return [_span(phone.number) for phone in contact.phones]
        if field in ("label", "hours"):
            wording = contact.label if field == "label" else contact.hours
            return [Span(self.wording(wording))] if wording is not None else []
        value = {"organisation": contact.organisation, "name": contact.person, "email": contact.email,
                 "website": contact.website, "address": contact.address}[field]
        return [_span(value)] if value is not None else []

    def field_spans(self, role: str, field: str) -> list[Span]:
        contacts = self.region.contacts.get(role, ())
        groups = []
        labelled = len(contacts) > 1 and field != "label"
        for contact in contacts:
            values = self.contact_values(contact, field)
            if not values:
                continue
            group = join_or(values, self.lang)
            if labelled and contact.label is not None:
                group = [Span(f"{self.wording(contact.label)}: "), *group]
            groups.append(group)
        if labelled and len(groups) > 1:
            # "tot 23 jaar: 0800-0000 of 088-0000000; 23 jaar en ouder: 0800-0001": label first, groups apart,
            # so a sentence that puts the value in parentheses never nests them
            return [span for index, group in enumerate(groups)
                    for span in ([Span(semicolon(self.lang), placeholder=JOINING_WORDS)] if index else []) + group]
        return join_groups(groups, self.lang)


def printed_values(region: Region, lang: str = SOURCE_LANG, date: dt.datetime | None = None) -> dict[str, str]:
    """Every placeholder's value as one region prints it, as plain text (for a translation platform's rendering
    check: ``{region.name}`` measured as "IJsselland", not as its eleven letters of braces)."""
    printed = {}
    for name, value in _Resolver(region, lang, date).values().items():
        if isinstance(value, Value):
            printed[name] = value.text
        elif isinstance(value, str):
            printed[name] = value
        elif isinstance(value, list):
            printed[name] = "".join(span.text for span in value)
    return printed


def resolve(source: Source, region: Region, translated: dict[str, tuple[str, SourceRef]] | None = None,
            lang: str = SOURCE_LANG, date: dt.datetime | None = None) -> Texts:
    """Source (+ translation: key → (text, where it is in the PO file)) + region → Texts."""
    resolver = _Resolver(region, lang, date)
    values = resolver.values()
    dutch = _Resolver(region, SOURCE_LANG, date) if lang != SOURCE_LANG else resolver  # for a draft's Dutch

    def wording_of(entry: Entry) -> tuple[str, SourceRef, bool]:
        if translated is None:
            return entry.text, source.ref(entry), False
        if entry.key in translated:
            text, ref = translated[entry.key]
            return text, ref, False
        return entry.text, source.ref(entry), True

    dutch_values = dutch.values() if dutch is not resolver else values

    def text_of(entry: Entry) -> Text:
        wording, ref, untranslated = wording_of(entry)
        if untranslated:  # the Dutch shown in a draft is Dutch throughout: "Uitgave december 2026", not "Aralık"
            return Text(entry.key, tuple(parse_inline(wording, dutch_values)), ref, True, True)
        spans = tuple(parse_inline(wording, values))
        shows_dutch = resolver.shows_dutch(wording)  # (a Dutch label in any value of a role with several contacts)
        # a text that is only a region's text ("{region.note}") is Dutch throughout when that has no version
        return Text(entry.key, spans, ref, shows_dutch, shows_dutch and _only_placeholders(wording))

    blocks: dict[str, ResolvedBlock] = {}
    for block in source.blocks.values():
        texts: list[Text] = []
        for entry in block.entries:
            found = wording_of(entry)
            wording, _ref, untranslated = found
            if block.style == CONTACTS_STYLE and _contact_phone_role(wording):
                texts.extend(_contact_items(entry, found, dutch if untranslated else resolver,
                                            dutch_values if untranslated else values))
            elif placeholders_in(wording) == ["region.note"] and region.note is None:
                continue  # a region without a note: the block closes up
            else:
                texts.append(text_of(entry))
        blocks[block.key] = ResolvedBlock(block.key, block.style, tuple(texts))
    meta = {k: text_of(e).plain for k, e in source.meta.items()}
    author = "".join(s.text for s in parse_inline(source.author, values))
    cards = {role: tuple(_card(contact, resolver) for contact in contacts)
             for role, contacts in region.contacts.items()}
    return Texts(source.document, lang, region.id, meta.get("document.title", ""), meta.get("document.subject", ""),
                 author, blocks, cards)


def untranslated_wordings(region: Region, lang: str) -> list[Diagnostic]:
    """Region texts with no version in `lang` (a final build in that language needs every one)."""
    if lang == SOURCE_LANG:
        return []
    found = []
    wordings: list[tuple[str, Wording]] = []
    if region.note is not None:
        wordings.append(("note", region.note))
    for contact in region.all_contacts():
        if contact.label is not None:
            wordings.append((f"{contact.key}.label", contact.label))
        if contact.hours is not None:
            wordings.append((f"{contact.key}.hours", contact.hours))
        wordings += [(f"{contact.key}.phones.{i}.label", phone.label) for i, phone in enumerate(contact.phones)
                     if phone.label is not None]
    for key, wording in wordings:
        if wording.get(lang) is None:
            found.append(wording.source.error(key, f"no '{lang}' text for '{wording.dutch}'",
                                              f"add '{lang}: …' to it in the region file (the Dutch goes under "
                                              "'nl:'), or build a draft with --draft", code="untranslated"))
    return found


def _only_placeholders(text: str) -> bool:
    """Whether a text has no letters of its own, only placeholders ("{region.note}")."""
    return not any(char.isalpha() for char in PLACEHOLDER.sub("", text))


def _contact_phone_role(text: str) -> str | None:
    for name in placeholders_in(text):
        role_field = ROLE_FIELDS.get(name)
        if role_field is not None and role_field[1] == "phone":
            return role_field[0]
    return None


def _contact_items(entry: Entry, wording: tuple[str, SourceRef, bool], active: _Resolver,
                   values: dict[str, object]) -> list[Text]:
    """A contacts-list item that names a contact's phone: one item per number, labelled when there are several.
    `active` resolves its labels and `values` (from `active.values()`) its other placeholders: the Dutch
    throughout (its labels too) where the translation lacks the item."""
    text, ref, untranslated = wording
    role = _contact_phone_role(text)
    assert role is not None
    contacts = active.region.contacts.get(role, ())
    others_dutch = bool(active.dutch_values & (set(placeholders_in(text)) - {f"{role}.phone"}))
    items = []
    for contact, phone in [(each, phone) for each in contacts for phone in each.phones]:
        active.dutch_shown = False
        qualifiers = []
        if len(contacts) > 1 and contact.label is not None:
            qualifiers.append(active.wording(contact.label))
        if len(contact.phones) > 1 and phone.label is not None:
            qualifiers.append(active.wording(phone.label))
        shows_dutch = active.dutch_shown or others_dutch
        spans = parse_inline(text, {**values, f"{role}.phone": [_span(phone.number)]})
        if qualifiers:
            spans = _qualify(spans, f"{role}.phone", qualifiers, comma(active.lang), f"{role}.label")
        items.append(Text(entry.key, tuple(spans), ref, untranslated or shows_dutch, untranslated))
    return items


def _qualify(spans: list[Span], placeholder: str, qualifiers: list[str], comma: str, label: str) -> list[Span]:
    """Say whose number it is: " (tot 23 jaar)" before the ": " that introduces the number, else after it. Each
    qualifier is the region's text (placeholder `label`: set whole in its own direction, "23 jaar en ouder" in an
    Arabic line too), the brackets and the comma between them the line's."""
    at = next((i for i, span in enumerate(spans) if span.placeholder == placeholder), None)
    if at is None:
        return spans

    def bracketed(bold: bool, italic: bool) -> list[Span]:
        words = [Span(" (", bold, italic)]
        for index, qualifier in enumerate(qualifiers):
            words += ([Span(comma, bold, italic)] if index else []) + [Span(qualifier, bold, italic, None, label)]
        return words

    for index in range(at - 1, -1, -1):
        span = spans[index]
        if span.placeholder is None and ": " in span.text:
            head, _, tail = span.text.rpartition(": ")
            return [*spans[:index], *([Span(head, span.bold, span.italic)] if head else []),
                    *bracketed(span.bold, span.italic), Span(f"): {tail}", span.bold, span.italic), *spans[index + 1:]]
    return [*spans[:at + 1], *bracketed(False, False), Span(")"), *spans[at + 1:]]


def _card(contact: Contact, resolver: _Resolver) -> ContactCard:
    ref = contact.source
    parts: list[CardPart] = []

    def part(kind: str, texts: Sequence[tuple[Sequence[Span], bool]]) -> None:
        made = tuple(Text(f"{contact.key}.{kind}", tuple(spans), ref, dutch, dutch)  # (all of it the region's text)
                     for spans, dutch in texts if spans)
        if made:
            parts.append(CardPart(kind, made))

    def one(spans: list[Span]) -> list[tuple[list[Span], bool]]:
        return [(spans, resolver.dutch_shown)]

    for kind in ("label", "organisation", "person"):
        resolver.dutch_shown = False
        field = "name" if kind == "person" else kind
        spans = resolver.contact_values(contact, field)
        part(kind, one([Span(s.text, kind == "organisation", s.italic, s.link, s.placeholder) for s in spans]))
    phones = []
    for phone in contact.phones:
        resolver.dutch_shown = False
        label = [Span(f"{resolver.wording(phone.label)}: ")] if phone.label is not None else []
        number = _span(phone.number)
        phones.append(([*label, Span(number.text, True, link=number.link)], resolver.dutch_shown))
    part("phones", phones)
    for kind in ("email", "website", "address", "hours"):
        resolver.dutch_shown = False
        part(kind, one(resolver.contact_values(contact, kind)))
    return ContactCard(contact.key, tuple(parts))


def _span(value: Value) -> Span:
    return Span(value.text, link=value.link)


def join_or(spans: list[Span], lang: str) -> list[Span]:
    """Values joined the language's way for alternatives: "a", "a of b", "a, b of c" (CLDR's 'or' pattern)."""
    return join_groups([[span] for span in spans], lang)


def join_groups(groups: list[list[Span]], lang: str) -> list[Span]:
    """Groups of spans (one value each, or a value with its label) joined the language's way for alternatives."""
    if len(groups) <= 1:
        return list(groups[0]) if groups else []
    glue = _or_pattern(lang, len(groups))
    out: list[Span] = []
    for index, group in enumerate(groups):
        if glue[index]:
            out.append(Span(glue[index], placeholder=JOINING_WORDS))
        out.extend(group)
    if glue[len(groups)]:
        out.append(Span(glue[len(groups)], placeholder=JOINING_WORDS))
    return out


@functools.lru_cache(maxsize=64)
def _or_pattern(lang: str, count: int) -> tuple[str, ...]:
    """The text between `count` alternatives in `lang` (before the first, between each, after the last)."""
    from babel import Locale, UnknownLocaleError  # only when a region has several values to join
    from babel.lists import format_list

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(SOURCE_LANG)
    marks = [f"\x00{i}\x00" for i in range(count)]
    joined = format_list(marks, style="or", locale=locale)
    pieces = re.split(r"\x00\d+\x00", joined)
    return tuple(pieces) if len(pieces) == count + 1 else ("", *([" / "] * (count - 1)), "")


def _month(date: dt.datetime, lang: str) -> str:
    """The build date's month and year in the language: "december 2026", "December 2026", "grudzień 2026"."""
    from babel.dates import format_date

    return format_date(date.date(), "LLLL y", locale=_locale(lang))


def _long_date(date: dt.datetime, lang: str) -> str:
    from babel.dates import format_date

    return format_date(date.date(), "long", locale=_locale(lang))


def _locale(lang: str) -> Any:  # a babel.Locale
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANG)
