"""Phone numbers outside phone fields: one finder for every printed text that is not a phone value.

A number the card prints must come from a phone field of the region (or national) file, where it is validated
(``phonenumbers``), formatted the Dutch way and carries a ``verified:`` date. A number typed into a content text,
a translation, a regional note, an organisation's name or opening hours bypasses all of that — and a wrong number
on a card in a nurse's pocket is the failure kaartgen exists to prevent. So every such text is searched:

- `stray_phone_numbers` finds what ``phonenumbers.PhoneNumberMatcher`` (Dutch numbering plan, leniency VALID: a
  number that could really be dialled) recognises, after placeholders are cut out of the text (``{x}`` is never a
  number itself, and must not glue the digits on either side into one);
- clock-time ranges (``09.00-17.00``, which reads as the valid 0900 number) and dates (``01-02-2026``) are not
  numbers to call and are left alone; short numbers (112, 144) are not matched at all: they are national and the
  same on every card.

Callers turn each hit into an error at the text's file and line: content and translation texts through
:func:`kaartgen.load.inline.check_syntax`, region texts in :mod:`kaartgen.load.regions`.
"""

from __future__ import annotations

import re

PLACEHOLDER_NAME = re.compile(r"\{[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*\}")
"""A ``{section.field}`` placeholder (the inline syntax's, :mod:`kaartgen.load.inline`): cut out before searching."""
TIME_RANGE = re.compile(r"^\d{1,2}[.:]\d{2}\s*[-–—/]\s*\d{1,2}[.:]\d{2}$")
DATE = re.compile(r"^(?:\d{1,2}[-./]\d{1,2}[-./](?:\d{2}|\d{4})|\d{4}-\d{2}-\d{2})$")
MAX_SEARCHED_CHARS = 20_000
"""Texts are short (a wording is at most 400 characters); a longer one is searched in its first part only, so the
search stays bounded whatever a file holds (the text is refused for its length elsewhere)."""
PHONE_PLACEHOLDERS = "{veilig_thuis.phone}, {politie.phone} or {zorgcoordinator.phone}"


def stray_phone_numbers(text: str) -> list[str]:
    """The phone numbers written out in `text`, as written (placeholders, times and dates excluded)."""
    import phonenumbers

    if not any(ch.isdigit() for ch in text):
        return []
    cut = PLACEHOLDER_NAME.sub("\n", text[:MAX_SEARCHED_CHARS])
    found = []
    for match in phonenumbers.PhoneNumberMatcher(cut, "NL", leniency=phonenumbers.Leniency.VALID):
        raw = match.raw_string.strip()
        if TIME_RANGE.match(raw) or DATE.match(raw):
            continue
        found.append(raw)
    return found
