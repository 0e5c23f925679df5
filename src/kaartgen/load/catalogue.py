"""A language code → its catalogue of translated messages (English template → translation), and a `Message` said
in that language.

The catalogue of a language is every ``kaartgen/locale/<lang>/*.po`` file of the installed package (the studio's
page texts and the loaders' diagnostics), read with Babel once per language and cached; fuzzy and untranslated
entries are left out, so their English shows instead. `say` looks up the template a `Message` was made from
(:func:`kaartgen.model.messages.T`), translates each value that is a Message itself, and fills the translation in
with them; a plain string, an unknown template or English ('en') gives the English text unchanged.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

from ..model.messages import Message
from .names import LANG

ENGLISH = "en"  # the language of the templates: it needs no catalogue


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Template → translation for `lang`; empty for English and for a language without PO files."""
    from babel.messages.pofile import read_po  # Babel only when a language other than English is shown

    if lang == ENGLISH or not isinstance(lang, str) or not LANG.match(lang):  # never a path outside locale/
        return {}
    folder = resources.files("kaartgen").joinpath("locale", lang)
    if not folder.is_dir():
        return {}
    found: dict[str, str] = {}
    for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".po")), key=lambda e: e.name):
        for message in read_po(io.BytesIO(entry.read_bytes()), locale=None, charset="utf-8"):
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            for msgid, msgstr in zip(ids, strings, strict=False):  # a plural's forms: singular, plural
                if msgid and msgstr:
                    found[msgid] = msgstr
    return found


def say(text: str, lang: str) -> str:
    """`text` in `lang`: a Message whose template the catalogue has, translated; anything else as it is."""
    if not isinstance(text, Message) or lang == ENGLISH:
        return str(text)
    translated = catalogue(lang).get(text.template)
    if translated is None:
        return str(text)
    if not text.values:
        return translated
    values = {name: say(value, lang) if isinstance(value, Message) else value for name, value in text.values.items()}
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder: English, not nothing
        return str(text)
