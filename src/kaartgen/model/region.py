"""Region types: the merged, validated contact data of one region, and the logos it names.

A region has a name, the national values (Veilig Thuis, Politie, the FIER chat; a region may change only those
``_national.yaml`` allows), one or more contacts per role (the zorgcoördinator mensenhandel, split by age where a
region has two organisations), an optional short regional note, and logos. Texts a reader reads in their own
language — the note, a contact's label, a phone number's label, opening hours — are `Wording`s: the Dutch text
and any translations the region file gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import SourceRef

SOURCE_LANG = "nl"


@dataclass(frozen=True)
class Value:
    """One region value as printed, with what a screen edition links it to."""

    text: str
    kind: str  # text | phone | email | url | time
    link: str | None = None  # tel:, mailto: or https: target
    source: SourceRef = SourceRef("")  # where it came from


@dataclass(frozen=True)
class Wording:
    """A text a region writes for its readers: Dutch, and the translations it gives (language → text)."""

    texts: tuple[tuple[str, str], ...]  # (language, text), Dutch first
    source: SourceRef = SourceRef("")

    def get(self, lang: str) -> str | None:
        return dict(self.texts).get(lang)

    @property
    def dutch(self) -> str:
        return dict(self.texts).get(SOURCE_LANG, "")

    def for_lang(self, lang: str) -> tuple[str, bool]:
        """(text, translated): the language's text, or the Dutch one and False when the region gave none."""
        text = self.get(lang)
        return (text, True) if text is not None else (self.dutch, lang == SOURCE_LANG)


@dataclass(frozen=True)
class Phone:
    number: Value
    label: Wording | None = None  # "mobiel", "24 uur per dag"


@dataclass(frozen=True)
class Verification:
    """When and by whom a contact's data was last checked with the organisation."""

    on: dt.date
    by: str
    source: SourceRef | None = None  # the verified: line, where a stale check is reported


@dataclass(frozen=True)
class Contact:
    """One contact of a role: an organisation (and perhaps a person) with its numbers and addresses."""

    role: str  # zorgcoordinator
    index: int  # 0-based position in the role's list
    source: SourceRef  # the line where the contact starts
    label: Wording | None = None  # "tot 23 jaar": what sets it apart from the role's other contacts
    organisation: Value | None = None
    person: Value | None = None
    phones: tuple[Phone, ...] = ()
    email: Value | None = None
    website: Value | None = None
    address: Value | None = None
    hours: Wording | None = None
    verified: Verification | None = None

    @property
    def key(self) -> str:
        return f"contacts.{self.role}.{self.index}"


@dataclass(frozen=True)
class Logo:
    """A logo as a region names it."""

    path: Path
    shown: str  # workspace-relative, for messages
    alt: str
    source: SourceRef  # the region file's line


@dataclass(frozen=True)
class LogoPicture:
    """A decoded logo: what layout needs (pixel size) and what the images backend converts."""

    logo: Logo
    width: int
    height: int
    mode: str
    digest: str  # sha256 of the file bytes: the same bytes give the same PDF


@dataclass(frozen=True)
class PrintedValue:
    """One value of a region as an edition prints it: what the proof lists, the edition log records and
    `kaartgen diff` compares."""

    key: str  # stable: region.name, veilig_thuis.phone, contacts.zorgcoordinator.0.phones.1, note
    label: str  # for people: "zorgcoördinator 1 (tot 23 jaar), telefoon 2 (kantoor)"
    text: str
    source: SourceRef
    verified: str = ""  # "2026-11-20, A. Jansen", "never", or "" for a national value

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "text": self.text, "source": str(self.source),
                "verified": self.verified}


@dataclass(frozen=True)
class Region:
    """The merged, validated data of one region."""

    id: str
    values: dict[str, Value]  # single values by placeholder name: region.name, veilig_thuis.phone, fier.chat_url …
    files: tuple[Path, ...]  # national file, region file and logo files (for input hashes)
    logos: tuple[Logo, ...] = ()  # in the order the file lists them
    contacts: dict[str, tuple[Contact, ...]] = field(default_factory=dict)  # role → contacts, in file order
    note: Wording | None = None  # the one short regional note
    shown: str = ""  # the region file, as messages name it
    legacy: bool = False  # written for kaartgen 0.1 (one zorgcoordinator: mapping): `kaartgen regions migrate`

    @property
    def name(self) -> str:
        return self.values["region.name"].text

    def all_contacts(self) -> list[Contact]:
        return [contact for contacts in self.contacts.values() for contact in contacts]

    def printed(self, lang: str = SOURCE_LANG, roles: dict[str, str] | None = None) -> list[PrintedValue]:
        """Every value of the region as an edition in `lang` prints it, in a stable order."""
        found = [PrintedValue(name, name, value.text, value.source) for name, value in self.values.items()]
        for contact in self.all_contacts():
            role = (roles or {}).get(contact.role, contact.role)
            who = f"{role} {contact.index + 1}" + (f" ({contact.label.for_lang(lang)[0]})" if contact.label else "")
            when = (f"{contact.verified.on.isoformat()}, {contact.verified.by}" if contact.verified is not None
                    else "never")

            def add(key: str, what: str, text: str | None, source: SourceRef | None = None,
                    contact: Contact = contact, who: str = who, when: str = when) -> None:
                if text:
                    found.append(PrintedValue(f"{contact.key}.{key}", f"{who}, {what}", text,
                                              source or contact.source, when))

            add("label", "label", contact.label.for_lang(lang)[0] if contact.label else None,
                contact.label.source if contact.label else None)
            for key, value in (("organisation", contact.organisation), ("name", contact.person)):
                add(key, key.replace("name", "person"), value.text if value else None, value.source if value else None)
            for index, phone in enumerate(contact.phones):
                label = f" ({phone.label.for_lang(lang)[0]})" if phone.label else ""
                add(f"phones.{index}", f"phone {index + 1}{label}", phone.number.text, phone.number.source)
            for key, value in (("email", contact.email), ("website", contact.website), ("address", contact.address)):
                add(key, key, value.text if value else None, value.source if value else None)
            add("hours", "opening hours", contact.hours.for_lang(lang)[0] if contact.hours else None,
                contact.hours.source if contact.hours else None)
        if self.note is not None:
            found.append(PrintedValue("note", "regional note", self.note.for_lang(lang)[0], self.note.source))
        return found
