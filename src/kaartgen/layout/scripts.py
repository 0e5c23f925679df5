"""What a language's text needs to be set right: capitals per locale, and the scripts kaartgen cannot set yet.

Capitals: `str.upper()` is Unicode's default mapping, right for Dutch ("ij" → "IJ"), German ("ß" → "SS") and most
languages, wrong where SpecialCasing.txt or Greek orthography says otherwise: Turkish and Azerbaijani capitalise
dotted "i" as "İ" (U+0130), and Greek capitals drop the accents (tonos, and the breathings and perispomeni of
polytonic text) while keeping the diaeresis (the diaeresis a dropped accent implies, "άι" → "ΑΪ", is not added).
`upper(text, lang)` applies those rules and Unicode's otherwise.

Scripts: every run of text is shaped by HarfBuzz (`shaping`: kerning and ligatures, and the joined, reordered and
stacked letters of Devanagari, Thai, Arabic and Hebrew, whose fonts every layout carries), and a line with
right-to-left text is ordered by the bidi algorithm (`bidi`). Lines
break at spaces — and, in writing without spaces between words, where the Unicode line breaking algorithm allows
(UAX #14 by ICU, `linebreak.unspaced_breaks`): between Thai words (ICU's dictionary), between Chinese and Japanese
characters (never before "。" or "）"). That is right for alphabetic scripts (Latin, Greek, Cyrillic, Armenian,
Georgian, Ethiopic, Hangul syllables), Devanagari, Thai, Arabic, Hebrew, and Chinese and Japanese set
horizontally. Scripts that kaartgen has not yet set and checked with a font made for them (the other Indic
scripts, Syriac, Thaana, N'Ko, Tibetan, Myanmar, Khmer; Lao, which also needs breaks between words by dictionary;
Mongolian, written vertically) could print as plausible-looking nonsense; `unsupported_scripts` names them so the
build refuses such a text by name instead of printing it wrong.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..model.content import base_language
from ..model.messages import T

_TURKIC = {"tr", "az"}
_GREEK_ACCENTS = {"\u0301", "\u0300", "\u0342", "\u0313", "\u0314", "\u0345", "\u0344"}  # tonos, varia, perispomeni,
# psili, dasia, ypogegrammeni, dialytika-tonos: dropped in capitals (the diaeresis U+0308 stays)


RTL_LANGUAGES = frozenset({"ar", "he", "iw", "fa", "prs", "ur", "yi", "ps", "ckb", "sd", "ug", "dv"})


def is_rtl(lang: str) -> bool:
    """Whether the language is written from right to left."""
    return base_language(lang) in RTL_LANGUAGES


_COMMAS = {  # the comma between two short phrases, where a language's script has its own
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ckb", "sd", "ug"), "\u060c "),  # Arabic comma "، "
    **dict.fromkeys(("zh", "ja"), "\u3001"),  # ideographic comma "、", no space
    **dict.fromkeys(("am", "ti"), "\u1363 "),  # Ethiopic comma "፣ "
    "dv": "\u060c ",
}


_SEMICOLONS = {  # the semicolon between two groups (contacts with their numbers), where a language has its own
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ckb", "sd", "ug", "dv"), "\u061b "),  # Arabic semicolon "؛ "
    **dict.fromkeys(("zh", "ja"), "\uff1b"),  # fullwidth semicolon "；", no space
    **dict.fromkeys(("am", "ti"), "\u1364 "),  # Ethiopic semicolon "፤ "
    "el": "\u0387 ",  # Greek ano teleia "·" (a Greek ";" is a question mark)
}


def semicolon(lang: str) -> str:
    """What `lang` writes between two groups of a list ("tot 23 jaar: 0800-0000; 23 jaar en ouder: …")."""
    return _SEMICOLONS.get(base_language(lang), "; ")


def comma(lang: str) -> str:
    """What `lang` writes between two short phrases ("tot 23 jaar, dag en nacht"): ", " unless its script has a
    comma of its own (an Arabic ", " reads as a stray Latin mark)."""
    return _COMMAS.get(base_language(lang), ", ")


_ITALIC_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn"})  # scripts whose type has italics


@lru_cache(maxsize=256)
def has_italics(lang: str) -> bool:
    """Whether `lang`'s script sets emphasis in italics (by CLDR's likely script: Latin, Cyrillic, Greek,
    Armenian). Arabic, Hebrew, Chinese, Thai, Devanagari, Ethiopic … do not: their fonts have no italic, so an
    italic style would slant only the digits and Latin marks among upright letters."""
    from babel.core import get_global

    if is_rtl(lang):  # (Dari, Pashto … as their names may be unknown to CLDR: right to left has no italics)
        return False
    likely = get_global("likely_subtags")
    spelt = lang.replace("-", "_").split("@", 1)[0]
    parts = (likely.get(spelt) or likely.get(base_language(lang)) or "").split("_")
    script = next((part for part in parts[1:] if len(part) == 4), None)
    explicit = next((part for part in spelt.split("_")[1:] if len(part) == 4), None)
    return (explicit or script or "Latn").title() in _ITALIC_SCRIPTS


def upper(text: str, lang: str) -> str:
    """`text` in capitals as `lang` writes them."""
    language = base_language(lang)
    if language in _TURKIC:
        return text.replace("i", "\u0130").upper()
    if language == "el":
        decomposed = unicodedata.normalize("NFD", text.upper())
        return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _GREEK_ACCENTS))
    return text.upper()


# Unicode blocks of the scripts kaartgen cannot set correctly yet, with what each needs.
_NEEDS_SHAPING_AND_RTL = T("right-to-left text and joined letter forms (shaping)")
_NEEDS_SHAPING = T("letters that join and reorder (shaping)")
_NEEDS_WORD_BREAKS = T("line breaks between words that are not separated by spaces")
UNSUPPORTED_BLOCKS: tuple[tuple[int, int, str, str], ...] = (
    (0x0700, 0x074F, "Syriac", _NEEDS_SHAPING_AND_RTL),
    (0x0780, 0x07BF, "Thaana", _NEEDS_SHAPING_AND_RTL),
    (0x07C0, 0x07FF, "N'Ko", _NEEDS_SHAPING_AND_RTL),
    (0x0980, 0x09FF, "Bengali", _NEEDS_SHAPING),
    (0x0A00, 0x0A7F, "Gurmukhi", _NEEDS_SHAPING),
    (0x0A80, 0x0AFF, "Gujarati", _NEEDS_SHAPING),
    (0x0B00, 0x0B7F, "Oriya", _NEEDS_SHAPING),
    (0x0B80, 0x0BFF, "Tamil", _NEEDS_SHAPING),
    (0x0C00, 0x0C7F, "Telugu", _NEEDS_SHAPING),
    (0x0C80, 0x0CFF, "Kannada", _NEEDS_SHAPING),
    (0x0D00, 0x0D7F, "Malayalam", _NEEDS_SHAPING),
    (0x0D80, 0x0DFF, "Sinhala", _NEEDS_SHAPING),
    (0x0E80, 0x0EFF, "Lao", _NEEDS_WORD_BREAKS),
    (0x0F00, 0x0FFF, "Tibetan", _NEEDS_SHAPING),
    (0x1000, 0x109F, "Myanmar", _NEEDS_SHAPING),
    (0x1780, 0x17FF, "Khmer", _NEEDS_SHAPING),
    (0x1800, 0x18AF, "Mongolian", _NEEDS_SHAPING),
)


def unsupported_scripts(text: str) -> dict[str, str]:
    """The scripts of `text` kaartgen cannot set yet → what they need, in the order they first appear."""
    return dict(_unsupported_scripts(text))


@lru_cache(maxsize=8192)
def _unsupported_scripts(text: str) -> tuple[tuple[str, str], ...]:  # the same texts come back for every region
    return tuple(_find_unsupported(text).items())


def _find_unsupported(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for char in text:
        code = ord(char)
        if code < 0x0590:
            continue
        for start, end, script, needs in UNSUPPORTED_BLOCKS:
            if start <= code <= end:
                found.setdefault(script, needs)
                break
    return found
