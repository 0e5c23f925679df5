"""The region form: a region file's YAML (read with ruamel.yaml's round trip, comments and order kept) ⇄ the flat
fields of an HTML form, and a diagnostic's key → the field it belongs next to.

A field's name is the key path the loader reports problems under (``region.name``,
``contacts.zorgcoordinator.0.phones.1.number``, ``note.en``), so a problem lands next to the field it is about
without a table of its own. The form holds what the file *says* (strings), not the validated `Region`: a form with
a wrong number must still show the wrong number, with the loader's message beside it.

`RegionForm.apply(document)` writes the form into the loaded YAML document in place — values that are unchanged
keep their quoting and comments, contacts keep their own comments because each row carries the index it came from
(``origin``), and an emptied optional field disappears. When a contact's printed data changes, its ``verified:``
is removed: a check of the old number does not vouch for the new one (the proof page signs it off again). The
result is the text the command line reads; `kaartgen check` and the studio validate it with the same loader.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..load.regions import ROLES

TEXT_KEYS = ("organisation", "name", "email", "website", "address")
OPTIONAL_TEXT_KEYS = ("name", "email", "website", "address")


def yaml_round_trip() -> YAML:
    """ruamel.yaml set up to write region files as kaartgen's templates write them (an unchanged file round-trips
    to the same bytes)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_document(text: str) -> Any:
    return yaml_round_trip().load(text)


def dump_document(document: Any) -> str:
    stream = io.StringIO()
    yaml_round_trip().dump(document, stream)
    return stream.getvalue()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _wording(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(lang): _text(text) for lang, text in value.items()}
    return {"nl": _text(value)} if value is not None else {}


@dataclass
class PhoneRow:
    number: str = ""
    label: dict[str, str] = field(default_factory=dict)

    def printed(self) -> tuple[Any, ...]:
        return self.number.strip(), tuple(sorted((k, v.strip()) for k, v in self.label.items() if v.strip()))


@dataclass
class ContactRow:
    origin: int | None = None  # index of the contact in the file the form was made from; None for a new one
    label: dict[str, str] = field(default_factory=dict)
    organisation: str = ""
    name: str = ""
    phones: list[PhoneRow] = field(default_factory=list)
    email: str = ""
    website: str = ""
    address: str = ""
    hours: dict[str, str] = field(default_factory=dict)
    verified_on: str = ""  # shown, never edited here: the proof page signs off
    verified_by: str = ""

    def printed(self) -> tuple[Any, ...]:
        """What the card prints of this contact: when it changes, a verification no longer applies."""
        def wording(texts: dict[str, str]) -> tuple[Any, ...]:
            return tuple(sorted((k, v.strip()) for k, v in texts.items() if v.strip()))

        return (wording(self.label), self.organisation.strip(), self.name.strip(),
                tuple(p.printed() for p in self.phones if p.number.strip()), self.email.strip(),
                self.website.strip(), self.address.strip(), wording(self.hours))

    @classmethod
    def from_yaml(cls, origin: int, data: Any) -> ContactRow:
        data = data if isinstance(data, Mapping) else {}
        phones = []
        if "phone" in data:
            phones.append(PhoneRow(_text(data["phone"])))
        for entry in data.get("phones") or []:
            if isinstance(entry, Mapping):
                phones.append(PhoneRow(_text(entry.get("number")), _wording(entry.get("label"))))
            else:
                phones.append(PhoneRow(_text(entry)))
        verified = data.get("verified") if isinstance(data.get("verified"), Mapping) else {}
        return cls(origin, _wording(data.get("label")), _text(data.get("organisation")), _text(data.get("name")),
                   phones, _text(data.get("email")), _text(data.get("website")), _text(data.get("address")),
                   _wording(data.get("hours")), _text(verified.get("on")), _text(verified.get("by")))


@dataclass
class LogoRow:
    file: str = ""
    alt: str = ""


@dataclass
class RegionForm:
    """The editable fields of one region file."""

    name: str = ""
    contacts: dict[str, list[ContactRow]] = field(default_factory=dict)  # role → rows
    note: dict[str, str] = field(default_factory=dict)
    national: dict[str, str] = field(default_factory=dict)  # the national values the region may set (dotted)
    logos: list[LogoRow] = field(default_factory=list)
    has_logos: bool = False  # the file has its own logos: list (else the national logos print)

    # ------------------------------------------------------------------ from the file and from a request

    @classmethod
    def from_yaml(cls, document: Any, may_set: list[str]) -> RegionForm:
        data = document if isinstance(document, Mapping) else {}
        region = data.get("region")
        region = region if isinstance(region, Mapping) else {}
        contacts: dict[str, list[ContactRow]] = {}
        section = data.get("contacts")
        section = section if isinstance(section, Mapping) else {}
        for role in ROLES:
            raw = section.get(role)
            entries = raw if isinstance(raw, list) else [raw] if raw is not None else []
            contacts[role] = [ContactRow.from_yaml(i, entry) for i, entry in enumerate(entries)] or [ContactRow()]
        national = {}
        for dotted in may_set:
            value: Any = data
            for part in dotted.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
            national[dotted] = _text(value) if not isinstance(value, Mapping) else ""
        logos = [LogoRow(_text(e.get("file")), _text(e.get("alt"))) for e in data.get("logos") or []
                 if isinstance(e, Mapping)]
        return cls(_text(region.get("name")), contacts, _wording(data.get("note")), national, logos,
                   "logos" in data)

    @classmethod
    def from_request(cls, form: Mapping[str, str], may_set: list[str]) -> RegionForm:
        """The fields as the browser posts them (flat dotted names)."""
        def rows(prefix: str) -> list[int]:
            pattern = re.compile(rf"^{re.escape(prefix)}\.(\d{{1,3}})\.")
            return sorted({int(m.group(1)) for key in form if (m := pattern.match(key))})

        def wording(prefix: str) -> dict[str, str]:
            found = {}
            for key, value in form.items():
                if key.startswith(prefix + ".") and re.fullmatch(r"[a-z]{2,3}(?:_[A-Z]{2})?", key[len(prefix) + 1:]):
                    found[key[len(prefix) + 1:]] = value
            return found

        contacts: dict[str, list[ContactRow]] = {}
        for role in ROLES:
            found = []
            for index in rows(f"contacts.{role}"):
                key = f"contacts.{role}.{index}"
                origin = form.get(f"{key}.origin", "")
                phones = [PhoneRow(form.get(f"{key}.phones.{p}.number", ""), wording(f"{key}.phones.{p}.label"))
                          for p in rows(f"{key}.phones")]
                found.append(ContactRow(int(origin) if origin.isdigit() else None, wording(f"{key}.label"),
                                        form.get(f"{key}.organisation", ""), form.get(f"{key}.name", ""), phones,
                                        form.get(f"{key}.email", ""), form.get(f"{key}.website", ""),
                                        form.get(f"{key}.address", ""), wording(f"{key}.hours"),
                                        form.get(f"{key}.verified_on", ""), form.get(f"{key}.verified_by", "")))
            contacts[role] = found
        logos = [LogoRow(form.get(f"logos.{i}.file", ""), form.get(f"logos.{i}.alt", "")) for i in rows("logos")]
        return cls(form.get("region.name", ""), contacts, wording("note"),
                   {dotted: form.get(dotted, "") for dotted in may_set}, logos,
                   form.get("logos.own") == "1" or bool(logos))

    # ------------------------------------------------------------------ edits that change the rows

    def edit(self, action: str) -> None:
        """Add or remove a row: ``add:contacts.zorgcoordinator``, ``remove:contacts.zorgcoordinator.1``,
        ``add:contacts.zorgcoordinator.0.phones``, ``remove:contacts.zorgcoordinator.0.phones.2``,
        ``remove:logos.0``. An unknown action changes nothing."""
        verb, _, target = action.partition(":")
        parts = target.split(".")
        if parts[:1] == ["contacts"] and len(parts) >= 2 and parts[1] in self.contacts:
            rows = self.contacts[parts[1]]
            if len(parts) == 2 and verb == "add":
                rows.append(ContactRow(phones=[PhoneRow()]))
            elif len(parts) >= 3 and parts[2].isdigit() and int(parts[2]) < len(rows):
                row = rows[int(parts[2])]
                if len(parts) == 3 and verb == "remove" and len(rows) > 1:
                    del rows[int(parts[2])]
                elif parts[3:4] == ["phones"] and len(parts) == 4 and verb == "add":
                    row.phones.append(PhoneRow())
                elif (parts[3:4] == ["phones"] and len(parts) == 5 and parts[4].isdigit() and verb == "remove"
                      and int(parts[4]) < len(row.phones)):
                    del row.phones[int(parts[4])]
        elif (parts[:1] == ["logos"] and verb == "remove" and len(parts) == 2 and parts[1].isdigit()
              and int(parts[1]) < len(self.logos)):
            del self.logos[int(parts[1])]

    # ------------------------------------------------------------------ into the file

    def apply(self, document: Any) -> list[str]:
        """Write the form into `document` (a ruamel mapping, changed in place); the keys of contacts whose
        verification was removed because their printed data changed."""
        if not isinstance(document, CommentedMap):
            raise TypeError("a region file is a mapping")
        before = RegionForm.from_yaml(document, list(self.national))
        region = document.setdefault("region", CommentedMap())
        region["name"] = self.name
        lapsed = []
        contacts = document.setdefault("contacts", CommentedMap())
        for role, rows in self.contacts.items():
            old = contacts.get(role)
            old_entries = list(old) if isinstance(old, list) else [old] if old is not None else []
            new = CommentedSeq()
            for index, row in enumerate(rows):
                reused = row.origin is not None and row.origin < len(old_entries) \
                    and isinstance(old_entries[row.origin], CommentedMap)
                entry = old_entries[row.origin] if reused else CommentedMap()  # type: ignore[index]
                was = before.contacts.get(role, [])[row.origin] if reused else None  # type: ignore[index]
                _apply_contact(entry, row)
                if was is not None and was.printed() != row.printed() and "verified" in entry:
                    del entry["verified"]
                    lapsed.append(f"contacts.{role}.{index}")
                new.append(entry)
            if isinstance(old, CommentedSeq):  # keep the list's own comments: change it in place
                old[:] = list(new)
            else:
                contacts[role] = new
        _set_wording(document, "note", self.note)
        for dotted, value in self.national.items():
            _set_nested(document, dotted.split("."), value.strip())
        if self.logos or self.has_logos:
            logos = CommentedSeq()
            for logo in self.logos:
                item = CommentedMap()
                item["file"] = logo.file.strip()
                if logo.alt.strip():
                    item["alt"] = logo.alt.strip()
                item.fa.set_flow_style()
                logos.append(item)
            document["logos"] = logos
        return lapsed

    def text(self, original: str) -> tuple[str, list[str]]:
        """The region file `original` with this form written into it, and the contacts whose check lapsed."""
        document = load_document(original) if original.strip() else CommentedMap()
        if document is None:
            document = CommentedMap()
        lapsed = self.apply(document)
        return dump_document(document), lapsed

    def field_names(self) -> set[str]:
        """Every field the form shows (for placing problems next to them)."""
        names = {"region.name", *self.national}
        names |= {f"note.{lang}" for lang in self.note}
        for role, rows in self.contacts.items():
            for index, row in enumerate(rows):
                key = f"contacts.{role}.{index}"
                names |= {key, *(f"{key}.{name}" for name in TEXT_KEYS)}
                names |= {f"{key}.label.{lang}" for lang in row.label} | {f"{key}.hours.{lang}" for lang in row.hours}
                for p, phone in enumerate(row.phones):
                    names.add(f"{key}.phones.{p}.number")
                    if len(row.phones) > 1:  # a single number has no label field
                        names |= {f"{key}.phones.{p}.label.{lang}" for lang in phone.label}
                names.add(f"{key}.verified")
        for i in range(len(self.logos)):
            names |= {f"logos.{i}.file", f"logos.{i}.alt"}
        return names

    def with_languages(self, languages: list[str]) -> RegionForm:
        """Give every wording a field for each of `languages` (empty ones stay out of the file)."""
        def fill(texts: dict[str, str]) -> None:
            for lang in languages:
                texts.setdefault(lang, "")

        fill(self.note)
        for rows in self.contacts.values():
            for row in rows:
                fill(row.label)
                fill(row.hours)
                for phone in row.phones:
                    fill(phone.label)
        return self


def _apply_contact(entry: CommentedMap, row: ContactRow) -> None:
    _set_wording(entry, "label", row.label)
    entry["organisation"] = row.organisation.strip()  # required: an empty one is reported next to its field
    for key in OPTIONAL_TEXT_KEYS:
        _set_text(entry, key, getattr(row, key))
    phones = [p for p in row.phones if p.number.strip() or any(v.strip() for v in p.label.values())]
    plain = len(phones) == 1 and not any(v.strip() for v in phones[0].label.values())
    if plain and "phones" not in entry:
        entry["phone"] = _keep(entry.get("phone"), phones[0].number.strip())
    else:
        entry.pop("phone", None)
        old = entry.get("phones")
        items = CommentedSeq()
        for index, phone in enumerate(phones or [PhoneRow()]):
            label = {k: v.strip() for k, v in phone.label.items() if v.strip()}
            previous = old[index] if isinstance(old, list) and index < len(old) else None
            if not label:
                items.append(_keep(previous, phone.number.strip()))
                continue
            item = previous if isinstance(previous, CommentedMap) else CommentedMap()
            item["number"] = _keep(item.get("number"), phone.number.strip())
            _set_wording(item, "label", phone.label)
            if not isinstance(previous, CommentedMap):
                item.fa.set_flow_style()
            items.append(item)
        if isinstance(old, CommentedSeq):
            old[:] = list(items)
        else:
            entry["phones"] = items
    _set_wording(entry, "hours", row.hours)


def _keep(old: Any, new: str) -> Any:
    """The old scalar (its quoting) when it says the same, else the new text."""
    return old if old is not None and str(old) == new else new


def _set_text(mapping: CommentedMap, key: str, value: str) -> None:
    value = value.strip()
    if value:
        mapping[key] = _keep(mapping.get(key), value)
    else:
        mapping.pop(key, None)


def _set_wording(mapping: CommentedMap, key: str, texts: dict[str, str]) -> None:
    """A plain text when only the Dutch is given and the file had a plain text (or nothing); else {nl: …, en: …}."""
    given = {lang: text.strip() for lang, text in texts.items() if text.strip()}
    old = mapping.get(key)
    if not given:
        mapping.pop(key, None)
        return
    if set(given) == {"nl"} and not isinstance(old, Mapping):
        mapping[key] = _keep(old, given["nl"])
        return
    if isinstance(old, CommentedMap):
        for lang in [lang for lang in old if lang not in given]:
            del old[lang]
        for lang, text in given.items():
            old[lang] = _keep(old.get(lang), text)
        return
    made = CommentedMap()
    for lang in sorted(given, key=lambda lang: (lang != "nl", lang)):
        made[lang] = given[lang]
    made.fa.set_flow_style()
    mapping[key] = made


def _set_nested(mapping: CommentedMap, path: list[str], value: str) -> None:
    head, rest = path[0], path[1:]
    if not rest:
        _set_text(mapping, head, value)
        return
    child = mapping.get(head)
    if not isinstance(child, CommentedMap):
        if not value:
            return
        child = CommentedMap()
        mapping[head] = child
    _set_nested(child, rest, value)
    if not child:
        del mapping[head]


def field_for(key: str, names: set[str]) -> str:
    """The form field a diagnostic's key belongs to: the field itself, its Dutch text or number, else the nearest
    enclosing group (a contact), else "" (the top of the form)."""
    candidates = [key, f"{key}.nl", f"{key}.number"]
    single = re.fullmatch(r"(contacts\.[a-z_]+\.\d+)\.phone", key)
    if single:
        candidates.insert(0, f"{single.group(1)}.phones.0.number")
    plain_phone = re.fullmatch(r"(contacts\.[a-z_]+\.\d+\.phones\.\d+)", key)
    if plain_phone:
        candidates.insert(0, f"{plain_phone.group(1)}.number")
    legacy_single = re.fullmatch(r"contacts\.([a-z_]+)\.([a-z_]+)", key)
    if legacy_single and legacy_single.group(2) not in ROLES:  # a role given as one mapping: contact 0
        candidates.append(f"contacts.{legacy_single.group(1)}.0.{legacy_single.group(2)}")
    for candidate in candidates:
        if candidate in names:
            return candidate
    while "." in key:
        key = key.rpartition(".")[0]
        if key in names:
            return key
    return ""
