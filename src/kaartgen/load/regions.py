"""Region files → `Region`: ``_national.yaml`` and ``<region>.yaml`` read, validated and merged.

A region file names the region, lists its contacts per role (one or more zorgcoördinatoren, each with a label
such as "tot 23 jaar" when there are several, an organisation, a person, labelled phone numbers, e-mail, website,
address, opening hours and when and by whom the data was last verified), an optional short regional note, and
logos. The national file holds Veilig Thuis, Politie and the FIER chat, and says which of them a region may change
(``regions_may_set``); a region that sets a locked national value is an error naming it.

Every field has a kind (text, wording, phone, e-mail, URL, time). Phone numbers are parsed and validated as Dutch
numbers with `phonenumbers` and printed the Dutch way (``0800-2000``, ``06-11414026``, ``038-4567890``); e-mail
addresses and URLs are checked. A *wording* (the note, a label, opening hours) is a text readers read in their
language: a plain text is Dutch, a mapping gives it per language (``{nl: …, en: …}``). Unknown keys are errors,
so a typo never silently drops a phone number. All problems of both files are reported together, each with
``file:line: key``. Region files of kaartgen 0.1 (one ``zorgcoordinator:`` mapping) still load, as one contact.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..model.content import collapse_spaces
from ..model.diagnostics import ERROR, DataError, Diagnostic, SourceRef, UsageError, problem
from ..model.messages import T
from ..model.region import Contact, Logo, Phone, Region, Value, Verification, Wording
from .names import LANG, check_region_id
from .numbers import stray_phone_numbers
from .yamlfile import Fields, Located, describe, load_yaml, parse_yaml

NATIONAL = "_national"
TODO_MARK = "TODO"

# National values: section → field → kind. The placeholder for a field is "section.field" ("fier.weekdays.opens").
NATIONAL_SCHEMA: dict[str, dict[str, Any]] = {
    "veilig_thuis": {"name": "text", "phone": "phone"},
    "politie": {"name": "text", "phone": "phone", "unit": "text"},
    "fier": {
        "name": "text",
        "chat_url": "url",
        "weekdays": {"opens": "time", "closes": "time"},
        "weekend": {"opens": "time", "closes": "time"},
    },
}
REGION_SCHEMA: dict[str, dict[str, Any]] = {"region": {"name": "text"}}
SCHEMA = {**REGION_SCHEMA, **NATIONAL_SCHEMA}  # every single value a content text may name

ROLES = {"zorgcoordinator": "zorgcoördinator mensenhandel"}  # role → what readers call it
ROLE_SHORT = {"zorgcoordinator": "zorgcoördinator"}  # in lists of values
REQUIRED_ROLES = ("zorgcoordinator",)
CONTACT_KEYS = ("label", "organisation", "name", "phone", "phones", "email", "website", "address", "hours",
                "verified")
CONTACT_PLACEHOLDERS = ("label", "organisation", "name", "phone", "email", "website", "address", "hours")
"""A content text names a contact field as {role.field}: {zorgcoordinator.phone} is every zorgcoördinator's
numbers, joined the language's way ("… of …") and labelled when there are several contacts."""
EDITION_PLACEHOLDERS = ("edition.month", "edition.date")  # the build date, written in the edition's language
REGION_TEXT_PLACEHOLDERS = ("region.note",)

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                   r"[A-Za-z]{2,63}$")
URL = re.compile(r"^https://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
                 r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$")
TIME = re.compile(r"^([01]?\d|2[0-3])\.([0-5]\d)$")
PHONE_CHARS = re.compile(r"^[0-9 ()+-]+$")
MAX_LINK_CHARS = 200
"""An e-mail address or web address longer than this is refused: it must stay readable and fit a QR code."""
MAX_WORDING_CHARS = 400
LINK_KINDS = ("url", "email", "phone")

KIND_NAMES = {"text": T("text"), "phone": T("a phone number"), "email": T("an e-mail address"),
              "url": T("a web address"), "time": T("a time such as 16.00")}


def regions_dir(workspace: Path) -> Path:
    return workspace / "content" / "regions"


def list_regions(workspace: Path) -> list[str]:
    folder = regions_dir(workspace)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem != NATIONAL)


def load_region(workspace: Path, region: str, draft: bytes | None = None) -> Region:
    """National values, the region's contacts and its allowed changes to national values, validated; every
    problem of both files at once. `draft` is the region file's text as the studio's form has it, read instead of
    the file (which must exist)."""
    check_region_id(region)
    folder = regions_dir(workspace)
    national_path, region_path = folder / f"{NATIONAL}.yaml", folder / f"{region}.yaml"
    shown = _shown(region_path, workspace)
    if not region_path.exists():
        known = ", ".join(list_regions(workspace)) or T("none yet")
        raise DataError(problem(shown, None, region, T("no such region"),
                                T("known regions: {known}; make one with 'kaartgen regions new {region}'",
                                  known=known, region=region)))
    problems: list[Diagnostic] = []
    national = load_yaml(national_path, _shown(national_path, workspace))
    located = parse_yaml(draft, shown) if draft is not None else load_yaml(region_path, shown)
    for file in (national, located):
        if file.data is None:
            problems.append(file.problem("", T("the file is empty"), T("fill it in from 'kaartgen regions new'")
                                         if file is located else T("restore it from the workspace template")))
        elif not isinstance(file.data, dict):
            problems.append(file.problem("", T("expected a mapping of keys, got {found}", found=describe(file.data))))
    if problems:  # an empty file, or a list: listing every missing value too would only add noise
        raise DataError(problems)

    # The national file: its values, and which of them a region may set.
    national_fields = Fields(national, national.data, "", problems)
    national_fields.check_known({*NATIONAL_SCHEMA, "regions_may_set", "logos"})
    allowed = _allowed(national_fields)
    raw: dict[str, tuple[Any, Located, str]] = {}
    _collect(national_fields, NATIONAL_SCHEMA, raw)
    logos: tuple[Logo, ...] = _logos(national_fields, workspace) if "logos" in national_fields.value else ()

    # The region file.
    fields = Fields(located, located.data, "", problems)
    legacy = "zorgcoordinator" in fields.value and "contacts" not in fields.value
    fields.check_known({*REGION_SCHEMA, *NATIONAL_SCHEMA, "contacts", "note", "logos"}
                       | ({"zorgcoordinator"} if legacy else set()))
    region_raw: dict[str, tuple[Any, Located, str]] = {}
    _collect(fields, REGION_SCHEMA, region_raw)
    national_in_region: dict[str, tuple[Any, Located, str]] = {}
    _collect(fields, NATIONAL_SCHEMA, national_in_region)
    for name, entry in national_in_region.items():
        if name in allowed:
            raw[name] = entry
        else:
            may = ", ".join(sorted(allowed)) or T("none")
            problems.append(located.problem(name, T("this is a national value, locked for regions"),
                                            T("remove it from {file}: every region prints the national value; a "
                                              "region may set only: {allowed} (regions_may_set in {national})",
                                              file=region_path.name, allowed=may, national=national_path.name)))
    raw.update(region_raw)
    if "logos" in fields.value:  # a region's list replaces the national one ([] for none)
        logos = _logos(fields, workspace)

    values: dict[str, Value] = {}
    for name, kind in _flat_schema(SCHEMA):
        if name not in raw:
            section = name.rpartition(".")[0]  # the line of the section it belongs in, when the file has one
            in_region = name.startswith("region.")
            file = located if in_region else national
            problems.append(problem(file.path, file.lines.get(section), name, T("missing value"),
                                    T("set it in {file}", file=region_path.name) if in_region
                                    else T("set it in {file} for every region", file=national_path.name)))
            continue
        value, where, key = raw[name]
        parsed = _parse_value(value, kind, where, key, problems)
        if parsed is not None:
            values[name] = parsed

    contacts = _legacy_contacts(fields, problems) if legacy else _contacts(fields, problems)
    note = _wording(fields, "note", problems) if "note" in fields.value else None
    if problems:
        raise DataError(problems)
    return Region(region, values, (national_path, region_path) + tuple(logo.path for logo in logos), logos,
                  contacts, note, shown, legacy)


def region_warnings(region: Region) -> list[Diagnostic]:
    """Things a region file may say that print oddly, though they are not errors."""
    found = []
    name = region.values.get("region.name")
    if name is not None and re.match(r"(?i)^regio\b", name.text):
        found.append(name.source.warning("region.name", T("'{name}' starts with 'Regio', and the card prints "
                                                          "'Regio {name}'", name=name.text),
                                         T("write only the name: '{name}'", name=name.text[5:].strip())))
    if region.legacy:
        [contact] = region.contacts.get("zorgcoordinator", ()) or [None]
        where = contact.source if contact is not None else SourceRef(region.shown)
        found.append(where.warning("zorgcoordinator", T("a region file of kaartgen 0.1: its contact cannot record "
                                                        "when it was verified, nor carry a label or more numbers"),
                                   T("rewrite it in the current format, keeping every value: kaartgen regions "
                                     "migrate {region}", region=region.id)))
    return found


def _allowed(fields: Fields) -> set[str]:
    """`regions_may_set:` — the national values a region may change (dotted names such as veilig_thuis.name)."""
    raw = fields.get("regions_may_set", list, [], what=T("a list of national values, e.g. [veilig_thuis.name]"))
    known = {name for name, _kind in _flat_schema(NATIONAL_SCHEMA)}
    allowed = set()
    for index, name in enumerate(raw or []):
        if name not in known:
            fields.problems.append(fields.located.problem(f"regions_may_set.{index}",
                                                          T("'{name}' is not a national value", name=name),
                                                          T("one of: {known}", known=", ".join(sorted(known)))))
            continue
        allowed.add(name)
    return allowed


def _contacts(fields: Fields, problems: list[Diagnostic]) -> dict[str, tuple[Contact, ...]]:
    """`contacts:` — role → a list of contacts (a single mapping counts as one)."""
    result: dict[str, tuple[Contact, ...]] = {}
    section = fields.sub("contacts", default_empty=True)
    section.check_known(set(ROLES))
    for role in ROLES:
        if role not in section.value:
            if role in REQUIRED_ROLES:
                section.report("", T("no {role_name} ({role}): every card names at least one",
                                     role_name=ROLES[role], role=role),
                               T("add under contacts: a '{role}:' list with its organisation and phone number",
                                 role=role))
            continue
        raw = section.value[role]
        entries = raw if isinstance(raw, list) else [raw]
        contacts = []
        for index, entry in enumerate(entries):
            path = f"contacts.{role}.{index}" if isinstance(raw, list) else f"contacts.{role}"
            contact = _contact(Fields(fields.located, entry, path, problems), role, index, problems)
            if contact is not None:
                contacts.append(contact)
        if not entries:
            section.report(role, T("the list of {role_name}s is empty", role_name=ROLES[role]),
                           T("list at least one"))
        if len(contacts) > 1:
            for contact in contacts:
                if contact.label is None:
                    problems.append(contact.source.error(contact.key, T("this {role} has no label, but the region "
                                                                        "has {count}", role=role, count=len(contacts)),
                                                         T("give each a label that tells readers which to call, "
                                                           "e.g. label: tot 23 jaar")))
        result[role] = tuple(contacts)
    return result


def _contact(fields: Fields, role: str, index: int, problems: list[Diagnostic]) -> Contact | None:
    if not fields.ok:
        return None
    fields.check_known(set(CONTACT_KEYS))
    located = fields.located
    source = SourceRef(located.path, located.line(fields.path))

    def value(key: str, kind: str, required: bool = False) -> Value | None:
        if key not in fields.value:
            if required:
                fields.report(key, T("missing value"), T("add '{key}:'", key=key))
            return None
        return _parse_value(fields.value[key], kind, located, fields.key(key), problems)

    organisation = value("organisation", "text", required=True)
    if "phone" in fields.value and "phones" in fields.value:
        fields.report("phone", T("give either 'phone:' (one number) or 'phones:' (a list), not both"))
    phones = _phones(fields, problems)
    if not phones and "phone" not in fields.value and "phones" not in fields.value:
        fields.report("", T("no phone number"), T("add 'phone: 0800-…', or 'phones:' with one or more numbers"))
    return Contact(role, index, source,
                   _wording(fields, "label", problems) if "label" in fields.value else None,
                   organisation, value("name", "text"), tuple(phones), value("email", "email"),
                   value("website", "url"), value("address", "text"),
                   _wording(fields, "hours", problems) if "hours" in fields.value else None,
                   _verified(fields) if "verified" in fields.value else None)


def _phones(fields: Fields, problems: list[Diagnostic]) -> list[Phone]:
    located = fields.located
    if "phone" in fields.value:
        parsed = _parse_value(fields.value["phone"], "phone", located, fields.key("phone"), problems)
        return [Phone(parsed)] if parsed is not None else []
    raw = fields.get("phones", list, [], what=T("a list of numbers, each a number or {example}",
                                                example="{number: …, label: …}"))
    before = len(problems)
    phones = []
    for index, entry in enumerate(raw or []):
        key = f"phones.{index}"
        if isinstance(entry, dict):
            item = Fields(located, entry, fields.key(key), problems)
            item.check_known({"number", "label"})
            if "number" not in item.value:
                item.report("number", T("missing value"), T("add 'number: 0800-…'"))
                continue
            number = _parse_value(item.value["number"], "phone", located, item.key("number"), problems)
            label = _wording(item, "label", problems) if "label" in item.value else None
        else:
            number = _parse_value(entry, "phone", located, fields.key(key), problems)
            label = None
        if number is not None:
            phones.append(Phone(number, label))
    if not phones and "phones" in fields.value and len(problems) == before:
        fields.report("phones", T("the list of numbers is empty"), T("list at least one number"))
    return phones


def _verified(fields: Fields) -> Verification | None:
    """`verified: {on: 2026-11-20, by: "A. Jansen"}` — when and by whom the data was checked."""
    item = fields.sub("verified")
    if not item.ok:
        return None
    item.check_known({"on", "by"})
    on = item.get("on", str, what=T("the date it was checked, e.g. 2026-11-20"))
    by = item.get("by", str, what=T("who checked it, e.g. \"A. Jansen, GGD Testland\""))
    date = None
    if on is not None:
        try:
            date = dt.date.fromisoformat(on.strip())
        except ValueError:
            item.report("on", T("'{text}' is not a date", text=on), T("write it as year-month-day, e.g. 2026-11-20"))
        else:
            if date > dt.date.today():
                item.report("on", T("{date} is in the future", date=date.isoformat()),
                            T("write the day it was checked"))
                date = None
    if by is not None and (not by.strip() or TODO_MARK in by):
        item.report("by", T("who checked it is missing"), T("write the name of the person who checked the data"))
        by = None
    where = SourceRef(item.located.path, item.located.line(item.path))
    return Verification(date, " ".join(by.split()), where) if date is not None and by is not None else None


def _wording(fields: Fields, key: str, problems: list[Diagnostic]) -> Wording | None:
    """A text readers read in their language: a plain text (Dutch), or {nl: …, en: …}."""
    located = fields.located
    raw = fields.value.get(key)
    source = SourceRef(located.path, located.line(fields.key(key)))
    if isinstance(raw, str):
        texts = {"nl": raw}
    elif isinstance(raw, dict):
        texts = {}
        for lang, text in raw.items():
            path = f"{fields.key(key)}.{lang}"
            if not isinstance(lang, str) or not LANG.match(lang):
                problems.append(located.problem(path, T("'{code}' is not a language code", code=lang),
                                                T("use codes such as nl, en, pl")))
                continue
            if not isinstance(text, str):
                problems.append(located.problem(path, T("expected {expected}, got {found}", expected=T("text"),
                                                        found=describe(text))))
                continue
            texts[lang] = text
        if texts and "nl" not in texts:
            fields.report(key, T("no Dutch (nl) text"), T("every text needs its Dutch wording: add 'nl: …'"))
            return None
    else:
        fields.report(key, T("expected text, or texts per language, got {found}", found=describe(raw)),
                      T("write the text after the colon, or nl: … and en: … on the lines below"))
        return None
    cleaned = []
    for lang, text in texts.items():
        text = collapse_spaces(text)
        if not text:
            problems.append(located.problem(f"{fields.key(key)}.{lang}" if isinstance(raw, dict) else fields.key(key),
                                            T("empty text"), T("write the text, or remove the key")))
            continue
        if TODO_MARK in text:
            problems.append(located.problem(fields.key(key), T("still the template's TODO"),
                                            T("fill in the real text")))
            continue
        if len(text) > MAX_WORDING_CHARS:
            problems.append(located.problem(fields.key(key), T("{count} characters is too long for a card",
                                                               count=len(text)),
                                            T("keep it under {limit} characters", limit=MAX_WORDING_CHARS)))
            continue
        stray = stray_phone_numbers(text)
        if stray:
            problems.append(_stray_phone(located, f"{fields.key(key)}.{lang}" if isinstance(raw, dict)
                                         else fields.key(key), stray[0]))
            continue
        cleaned.append((lang, text))
    cleaned.sort(key=lambda pair: (pair[0] != "nl", pair[0]))
    return Wording(tuple(cleaned), source) if cleaned else None


def _legacy_contacts(fields: Fields, problems: list[Diagnostic]) -> dict[str, tuple[Contact, ...]]:
    """A kaartgen 0.1 region file: one `zorgcoordinator:` mapping (organisation, email, phone) is one contact."""
    section = fields.sub("zorgcoordinator")
    if not section.ok:
        return {}
    section.check_known({"organisation", "email", "phone"})
    located = section.located

    def value(key: str, kind: str) -> Value | None:
        if key not in section.value:
            problems.append(problem(located.path, located.line("zorgcoordinator"), f"zorgcoordinator.{key}",
                                    T("missing value"), T("set it in {file}", file=Path(located.path).name)))
            return None
        return _parse_value(section.value[key], kind, located, f"zorgcoordinator.{key}", problems)

    organisation, email, phone = value("organisation", "text"), value("email", "email"), value("phone", "phone")
    source = SourceRef(located.path, located.line("zorgcoordinator"))
    return {"zorgcoordinator": (Contact("zorgcoordinator", 0, source, None, organisation, None,
                                        (Phone(phone),) if phone is not None else (), email),)}


def _collect(fields: Fields, schema: dict[str, Any], raw: dict[str, tuple[Any, Located, str]]) -> None:
    """The values of `schema`'s sections that this file sets, by dotted name (the file's other keys are checked
    by the caller)."""
    if not fields.ok:
        return
    for name, kind in schema.items():
        if name not in fields.value:
            continue
        if isinstance(kind, dict):
            sub = fields.sub(name)
            if sub.ok:
                sub.check_known(set(kind))
            _collect(sub, kind, raw)
        else:
            raw[fields.key(name)] = (fields.value[name], fields.located, fields.key(name))


def _flat_schema(schema: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, kind in schema.items():
        key = f"{prefix}{name}"
        out.extend(_flat_schema(kind, key + ".") if isinstance(kind, dict) else [(key, kind)])
    return out


def placeholder_names() -> list[str]:
    """Every placeholder a content text may use."""
    return ([name for name, _ in _flat_schema(SCHEMA)] + list(REGION_TEXT_PLACEHOLDERS)
            + [f"{role}.{name}" for role in ROLES for name in CONTACT_PLACEHOLDERS] + list(EDITION_PLACEHOLDERS))


def link_placeholder_names() -> list[str]:
    """The single values that are links (a QR code can hold them): web addresses, e-mail, phone numbers."""
    return [name for name, kind in _flat_schema(SCHEMA) if kind in LINK_KINDS]


def _logos(fields: Fields, workspace: Path) -> tuple[Logo, ...]:
    """`logos:` — a list of {file: path relative to the workspace, alt: text}; the files are decoded later."""
    raw = fields.get("logos", list, what=T("a list of logos, each with 'file:' and 'alt:'"))
    logos = []
    root = workspace.resolve()
    for index, entry in enumerate(raw or []):
        item = Fields(fields.located, entry, f"logos.{index}", fields.problems)
        if not item.ok:
            continue
        item.check_known({"file", "alt"})
        file = item.get("file", str, what=T("the logo's path, relative to the workspace (e.g. logos/vtij.png)"))
        alt = item.get("alt", str, "") or ""
        if file is None:
            continue
        path = (root / file).resolve()
        if file.startswith(("/", "\\")) or ".." in Path(file).parts or not path.is_relative_to(root):
            item.report("file", T("'{file}' is outside the workspace", file=file),
                        T("put the logo in the workspace, e.g. logos/"))
            continue
        if not path.is_file():
            item.report("file", T("'{file}': file not found", file=file),
                        T("the path is relative to the workspace folder"))
            continue
        line = fields.located.line(f"logos.{index}")
        logos.append(Logo(path, path.relative_to(root).as_posix(), " ".join(alt.split()),
                          SourceRef(fields.located.path, line)))
    return tuple(logos)


def _parse_value(value: Any, kind: str, located: Located, key: str, problems: list[Diagnostic]) -> Value | None:
    def fail(message: str, hint: str = "") -> None:
        problems.append(located.problem(key, message, hint))

    source = SourceRef(located.path, located.line(key))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and kind in ("phone", "time"):
        value = located.numbers.get(key, str(value))  # as written: `opens: 16.00` is 16.00, not the float 16.0
    if value is None or (isinstance(value, str) and not value.strip()):
        fail(T("empty value"), T("write the value after the colon"))
        return None
    if not isinstance(value, str):
        fail(T("expected {expected}, got {found}", expected=KIND_NAMES[kind], found=describe(value)),
             T("write one value after the colon, in quotes if it starts with a special character"))
        return None
    text = collapse_spaces(value)
    if TODO_MARK in text:
        fail(T("still the template's TODO"), T("fill in the real value"))
        return None
    if kind == "text":
        stray = stray_phone_numbers(text)
        if stray:
            problems.append(_stray_phone(located, key, stray[0]))
            return None
        return Value(text, kind, None, source)
    if kind == "phone":
        return _phone(text, fail, source)
    if kind in ("email", "url") and len(text) > MAX_LINK_CHARS:
        fail(T("{count} characters is too long for a printed address", count=len(text)),
             T("use a shorter address, at most {limit} characters", limit=MAX_LINK_CHARS))
        return None
    if kind == "email":
        if not EMAIL.match(text):
            fail(T("'{text}' is not a valid e-mail address", text=text), T("write it as name@organisation.nl"))
            return None
        return Value(text, kind, f"mailto:{text}", source)
    if kind == "url":
        shown = text.removeprefix("https://").rstrip("/")
        if not URL.match(text):
            fail(T("'{text}' is not a valid web address", text=text), T("write it in full, starting with https://"))
            return None
        return Value(shown.removeprefix("www."), kind, text, source)
    if kind == "time":
        match = TIME.match(text)
        if not match:
            fail(T("'{text}' is not a time", text=text), T("write it as 16.00 or 6.00 (24-hour clock)"))
            return None
        return Value(f"{int(match.group(1))}.{match.group(2)}", kind, None, source)
    raise AssertionError(f"unknown kind {kind}")  # pragma: no cover - schema is ours


def _stray_phone(located: Located, key: str, number: str) -> Diagnostic:
    """A phone number typed into a text value or wording, where nothing checks or verifies it."""
    return located.problem(key, T("'{number}' is a phone number written into a text", number=number),
                           T("put the number in a phone field (phone:, or phones: with a label for each), where it "
                             "is checked and its verified: date kept; the card prints it from there"))


def _phone(text: str, fail: Any, source: SourceRef) -> Value | None:
    import phonenumbers

    hint = T("write a Dutch number such as 0800-2000, 06-12345678 or 038-1234567")
    if not PHONE_CHARS.match(text):  # phonenumbers would read 0800-HELP as 0800-4357, or keep an extension
        fail(T("'{text}' is not a phone number: only the digits 0-9, spaces, '-', '(', ')' and '+' may be used",
               text=text), hint)
        return None
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException as exc:
        too_long = exc.error_type == phonenumbers.NumberParseException.TOO_LONG
        fail(T("'{text}' is too long to be a phone number", text=text) if too_long
             else T("'{text}' is not a phone number", text=text), hint)
        return None
    if number.country_code != 31:
        fail(T("'{text}' is not a Dutch phone number", text=text), hint)
        return None
    if not phonenumbers.is_valid_number(number):
        fail(T("'{text}' is not a valid Dutch phone number: wrong length or unknown prefix", text=text), hint)
        return None
    return Value(format_dutch(number), "phone", "tel:" + phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.E164), source)


def format_dutch(number: Any) -> str:
    """The Dutch way: area or service code, a hyphen, the subscriber number unspaced (0800-2000, 06-11414026)."""
    import phonenumbers

    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    head, _, tail = national.partition(" ")
    return f"{head}-{tail.replace(' ', '')}" if tail else head


def _shown(path: Path, workspace: Path) -> str:
    try:
        return path.relative_to(workspace).as_posix()
    except ValueError:
        return path.as_posix()


REGION_TEMPLATE = """\
# Region file for {region}: the contact data of this region's signalenkaart.
# Fill in every TODO; `kaartgen check -r {region}` fails until you have. Never guess a phone number: ask the
# organisation, write down when and by whom it was checked (verified:), and check the printed proof.

region:
  name: TODO                 # as printed after "Regio" on the cover, e.g. IJsselland (without "Regio")

contacts:
  zorgcoordinator:           # the zorgcoördinator mensenhandel; list two when the region splits by age
    - organisation: TODO     # where the zorgcoördinator works, e.g. Veilig Thuis IJsselland
      phone: TODO            # a Dutch number, e.g. 06-12345678 or 038-1234567
      email: TODO            # e.g. mensenhandel@organisatie.nl
      verified: {{on: TODO, by: TODO}}   # the day the data was checked with the organisation, and by whom
      # Optional:
      # label: tot 23 jaar    # required when there are two or more: which one to call
      # name: J. de Vries     # a person's name
      # phones:               # instead of phone: several numbers, each with a label
      #   - {{number: 038-1234567, label: kantoor}}
      #   - {{number: 06-12345678, label: mobiel}}
      # website: https://www.organisatie.nl/mensenhandel
      # address: Straat 1, 1234 AB Plaats
      # hours: maandag t/m vrijdag 9.00–17.00

# One short note for this region's cards (optional), in Dutch and in every language the region prints:
# note:
#   nl: Bij direct gevaar: bel 112.
#   en: In immediate danger: call 112.

# National values this region may change (see regions_may_set in _national.yaml), e.g.:
# veilig_thuis:
#   name: Veilig Thuis IJsselland
"""


def new_region(workspace: Path, region: str) -> Path:
    """Write a commented template for a new region; refuse to overwrite an existing one."""
    check_region_id(region)
    if region == "all":
        raise UsageError(Diagnostic(ERROR, T("'{region}' is a reserved name", region=region), key="region",
                                    hint=T("'-r all' selects every region; choose another name")))
    path = regions_dir(workspace) / f"{region}.yaml"
    if path.exists():
        raise DataError(problem(_shown(path, workspace), None, region, T("region exists already"),
                                T("edit the file instead")))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REGION_TEMPLATE.format(region=region), encoding="utf-8")
    return path
