"""The studio's language: a request → the language its pages speak (Dutch unless English is asked for), and the
gettext functions its templates and messages use in that language.

Texts in the templates and the studio's code are English msgids marked with ``_()``/``T()``; their Dutch is in
``kaartgen/locale/nl/studio.po`` (the page texts) and ``diagnostics.po`` (the loaders' problems), read by
`load.catalogue`. A diagnostic made with `model.messages.T` is shown in the page's language by `say`; one that is
not marked (a rare message of a stage the form never reaches) shows its English text rather than nothing.
"""

from __future__ import annotations

from typing import Any

from ..load.catalogue import catalogue, say

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
COOKIE = "kaartgen_taal"


def choose(asked: str | None, cookie: str | None) -> str:
    """The page language: the one asked for in the URL (``?taal=en``), else the remembered one, else Dutch."""
    for candidate in (asked, cookie):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT


def gettext(lang: str, text: str, **values: Any) -> str:
    """`text` in `lang` (English msgids; ``%(name)s`` placeholders, as Jinja's i18n extension fills them)."""
    translated = catalogue(lang).get(text, text) if lang != "en" else text
    return translated % values if values else translated


def ngettext(lang: str, singular: str, plural: str, count: int, **values: Any) -> str:
    chosen = singular if count == 1 else plural
    values.setdefault("num", count)
    return gettext(lang, chosen, **values)


__all__ = ["COOKIE", "DEFAULT", "LANGUAGES", "choose", "gettext", "ngettext", "say"]


def decimal(value: float, lang: str) -> str:
    """A number as the page's language writes it: 7,5 in Dutch, 7.5 in English (no trailing zeros)."""
    shown = f"{value:g}"
    return shown.replace(".", ",") if lang == "nl" else shown
