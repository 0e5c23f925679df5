"""Region files → validated contact data: `_national.yaml` overridden by `<region>.yaml` gives a `Region`.

Every field has a kind (text, phone, e-mail, URL, time). Phone numbers are parsed and validated as Dutch numbers
with `phonenumbers` and printed the Dutch way (``0800-2000``, ``06-11414026``, ``038-4567890``); e-mail addresses
and URLs are checked. Unknown keys are errors, so a typo never silently drops a phone number. All problems of
both files are reported together, each with `file:line: key`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model.diagnostics import ERROR, DataError, Diagnostic, SourceRef, UsageError, problem
from ..model.region import Logo, Region, Value
from .names import check_region_id
from .yamlfile import Fields, Located, describe, load_yaml

NATIONAL = "_national"
TODO_MARK = "TODO"

# section → field → kind. The placeholder for a field is "section.field" ("fier.weekdays.opens" for nested).
SCHEMA: dict[str, dict[str, Any]] = {
    "region": {"name": "text"},
    "zorgcoordinator": {"organisation": "text", "email": "email", "phone": "phone"},
    "veilig_thuis": {"name": "text", "phone": "phone"},
    "politie": {"name": "text", "phone": "phone", "unit": "text"},
    "fier": {
        "name": "text",
        "chat_url": "url",
        "weekdays": {"opens": "time", "closes": "time"},
        "weekend": {"opens": "time", "closes": "time"},
    },
}

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                   r"[A-Za-z]{2,63}$")
URL = re.compile(r"^https://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
                 r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$")
TIME = re.compile(r"^([01]?\d|2[0-3])\.([0-5]\d)$")
PHONE_CHARS = re.compile(r"^[0-9 ()+-]+$")
MAX_LINK_CHARS = 200
"""An e-mail address or web address longer than this is refused: it must stay readable and fit a QR code."""
LINK_KINDS = ("url", "email", "phone")


KIND_NAMES = {"text": "text", "phone": "a phone number", "email": "an e-mail address", "url": "a web address",
              "time": "a time such as 16.00"}


def regions_dir(workspace: Path) -> Path:
    return workspace / "content" / "regions"


def list_regions(workspace: Path) -> list[str]:
    folder = regions_dir(workspace)
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem != NATIONAL)


def load_region(workspace: Path, region: str) -> Region:
    """National defaults overridden by the region's file, validated; DataError lists every problem."""
    check_region_id(region)
    folder = regions_dir(workspace)
    national_path, region_path = folder / f"{NATIONAL}.yaml", folder / f"{region}.yaml"
    if not region_path.exists():
        known = ", ".join(list_regions(workspace)) or "none yet"
        raise DataError(problem(_shown(region_path, workspace), None, region, "no such region",
                                f"known regions: {known}; make one with 'kaartgen regions new {region}'"))
    problems: list[Diagnostic] = []
    raw: dict[str, tuple[Any, Located, str]] = {}
    unusable = False
    logos: tuple = ()
    for path in (national_path, region_path):
        located = load_yaml(path, _shown(path, workspace))
        unusable |= not isinstance(located.data, dict)
        if located.data is None:
            problems.append(located.problem("", "the file is empty", "fill it in from 'kaartgen regions new'"))
            continue
        fields = Fields(located, located.data, "", problems)
        if fields.ok and "logos" in fields.value:  # a region's list replaces the national one ([] for none)
            logos = _logos(fields, workspace)
        _collect(fields, SCHEMA, raw)
    if unusable:  # an empty file, or a list: listing every missing value too would only add noise
        raise DataError(problems)
    region_lines = located.lines  # of the region file, loaded last
    values: dict[str, Value] = {}
    for name, kind in _flat_schema(SCHEMA):
        if name not in raw:
            section = name.rpartition(".")[0]  # the line of the section it belongs in, when the file has one
            problems.append(problem(_shown(region_path, workspace), region_lines.get(section), name,
                                    "missing value", f"set it in {region_path.name}, or in {national_path.name} "
                                                     "for every region"))
            continue
        value, located, key = raw[name]
        parsed = _parse_value(value, kind, located, key, problems)
        if parsed is not None:
            values[name] = parsed
    if problems:
        raise DataError(problems)
    return Region(region, values, (national_path, region_path) + tuple(logo.path for logo in logos), logos)


def _logos(fields: Fields, workspace: Path) -> tuple:
    """`logos:` — a list of {file: path relative to the workspace, alt: text}; the files are decoded later."""
    raw = fields.get("logos", list, what="a list of logos, each with 'file:' and 'alt:'")
    logos = []
    root = workspace.resolve()
    for index, entry in enumerate(raw or []):
        item = Fields(fields.located, entry, f"logos.{index}", fields.problems)
        if not item.ok:
            continue
        item.check_known({"file", "alt"})
        file = item.get("file", str, what="the logo's path, relative to the workspace (e.g. logos/vtij.png)")
        alt = item.get("alt", str, "") or ""
        if file is None:
            continue
        path = (root / file).resolve()
        if file.startswith(("/", "\\")) or ".." in Path(file).parts or not path.is_relative_to(root):
            item.report("file", f"'{file}' is outside the workspace", "put the logo in the workspace, e.g. logos/")
            continue
        if not path.is_file():
            item.report("file", f"'{file}': file not found", "the path is relative to the workspace folder")
            continue
        line = fields.located.line(f"logos.{index}")
        logos.append(Logo(path, path.relative_to(root).as_posix(), " ".join(alt.split()),
                          SourceRef(fields.located.path, line)))
    return tuple(logos)


def _collect(fields: Fields, schema: dict[str, Any], raw: dict[str, tuple[Any, Located, str]]) -> None:
    if not fields.ok:
        return
    fields.check_known(set(schema) | ({"logos"} if not fields.path else set()))
    for name, kind in schema.items():
        if name not in fields.value:
            continue
        if isinstance(kind, dict):
            _collect(fields.sub(name), kind, raw)
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
    return [name for name, _ in _flat_schema(SCHEMA)]


def link_placeholder_names() -> list[str]:
    """The placeholders whose value is a link (a QR code can hold them): web addresses, e-mail, phone numbers."""
    return [name for name, kind in _flat_schema(SCHEMA) if kind in LINK_KINDS]


def _parse_value(value: Any, kind: str, located: Located, key: str, problems: list[Diagnostic]) -> Value | None:
    def fail(message: str, hint: str = "") -> None:
        problems.append(located.problem(key, message, hint))

    source = SourceRef(located.path, located.line(key))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and kind in ("phone", "time"):
        value = located.numbers.get(key, str(value))  # as written: `opens: 16.00` is 16.00, not the float 16.0
    if value is None or (isinstance(value, str) and not value.strip()):
        fail("empty value", "write the value after the colon")
        return None
    if not isinstance(value, str):
        fail(f"expected {KIND_NAMES[kind]}, got {describe(value)}",
             "write one value after the colon, in quotes if it starts with a special character")
        return None
    text = " ".join(value.split())
    if TODO_MARK in text:
        fail("still the template's TODO", "fill in the real value")
        return None
    if kind == "text":
        return Value(text, kind, None, source)
    if kind == "phone":
        return _phone(text, fail, source)
    if kind in ("email", "url") and len(text) > MAX_LINK_CHARS:
        fail(f"{len(text)} characters is too long for a printed address",
             f"use a shorter address, at most {MAX_LINK_CHARS} characters")
        return None
    if kind == "email":
        if not EMAIL.match(text):
            fail(f"'{text}' is not a valid e-mail address", "write it as name@organisation.nl")
            return None
        return Value(text, kind, f"mailto:{text}", source)
    if kind == "url":
        shown = text.removeprefix("https://").rstrip("/")
        if not URL.match(text):
            fail(f"'{text}' is not a valid web address", "write it in full, starting with https://")
            return None
        return Value(shown.removeprefix("www."), kind, text, source)
    if kind == "time":
        match = TIME.match(text)
        if not match:
            fail(f"'{text}' is not a time", "write it as 16.00 or 6.00 (24-hour clock)")
            return None
        return Value(f"{int(match.group(1))}.{match.group(2)}", kind, None, source)
    raise AssertionError(f"unknown kind {kind}")  # pragma: no cover - schema is ours


def _phone(text: str, fail: Any, source: SourceRef) -> Value | None:
    import phonenumbers

    hint = "write a Dutch number such as 0800-2000, 06-12345678 or 038-1234567"
    if not PHONE_CHARS.match(text):  # phonenumbers would read 0800-HELP as 0800-4357, or keep an extension
        fail(f"'{text}' is not a phone number: only the digits 0-9, spaces, '-', '(', ')' and '+' may be used",
             hint)
        return None
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException as exc:
        too_long = exc.error_type == phonenumbers.NumberParseException.TOO_LONG
        fail(f"'{text}' is {'too long to be' if too_long else 'not'} a phone number", hint)
        return None
    if number.country_code != 31:
        fail(f"'{text}' is not a Dutch phone number", hint)
        return None
    if not phonenumbers.is_valid_number(number):
        fail(f"'{text}' is not a valid Dutch phone number: wrong length or unknown prefix", hint)
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
# Region file for {region}: what differs from content/regions/_national.yaml.
# Fill in every TODO; `kaartgen check -r {region}` fails until you have. Never guess a phone number:
# ask the organisation, and check the printed proof.

region:
  name: TODO            # as printed on the cover, e.g. "IJsselland"

zorgcoordinator:
  organisation: TODO    # where the zorgcoördinator mensenhandel works, e.g. "Veilig Thuis IJsselland"
  email: TODO           # e.g. mensenhandel@organisatie.nl
  phone: TODO           # Dutch number, e.g. 06-12345678 or 038-1234567

# Uncomment to override national values for this region only:
# veilig_thuis:
#   name: Veilig Thuis
#   phone: 0800-2000
"""


def new_region(workspace: Path, region: str) -> Path:
    """Write a commented template for a new region; refuse to overwrite an existing one."""
    check_region_id(region)
    if region == "all":
        raise UsageError(Diagnostic(ERROR, f"'{region}' is a reserved name", key="region",
                                    hint="'-r all' selects every region; choose another name"))
    path = regions_dir(workspace) / f"{region}.yaml"
    if path.exists():
        raise DataError(problem(_shown(path, workspace), None, region, "region exists already",
                                "edit the file instead"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REGION_TEMPLATE.format(region=region), encoding="utf-8")
    return path
