"""Characters a reader cannot see, refused in every text kaartgen reads (issue 20).

A right-to-left override (U+202E) in an organisation name prints as a junk box, or makes a reader see
62041411-60 where the editor showed 06-11414026; a zero-width space (U+200B) inside a number makes a valid-looking
number that no telephone dials. Such characters arrive by copy and paste from e-mail, web pages and word
processors, and no one sees them in an editor. `hidden_characters` finds them, `visible` writes a text with each
one shown as ``⟨U+200B⟩``, and `hidden_problem` is the one message every loader gives (the YAML reader for every
string value of every data file, the PO reader for every translation).

Refused: control characters (Unicode category Cc) but tab and line breaks; format characters (Cf: the bidi
controls U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069, zero-width space, word joiner, BOM, tags, …); line and
paragraph separators (U+2028/9); private-use characters (no font of ours has them: they print as boxes).
Allowed: the soft hyphen (U+00AD, a hyphenation hint) and the zero-width (non-)joiners U+200C/U+200D between two
letters of a script that uses them (Arabic, Persian, the Indic scripts; emoji sequences) — never beside a Latin,
Greek or Cyrillic letter or a digit.
"""

from __future__ import annotations

import unicodedata

from ..model.messages import Message, T

ALLOWED_CONTROLS = frozenset("\t\n\r")
SOFT_HYPHEN = "\u00ad"
JOINERS = frozenset("\u200c\u200d")
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co"})
FIRST_JOINING_SCRIPT = 0x0590  # Hebrew onwards: below are Latin, Greek, Cyrillic, Armenian


def _joins(before: str, after: str) -> bool:
    """A joiner belongs between two letters (or marks, or emoji) of a script that needs it."""
    def joinable(ch: str) -> bool:
        category = unicodedata.category(ch)
        return ord(ch) >= FIRST_JOINING_SCRIPT and (category[0] in "LM" or category == "So")
    return bool(before) and bool(after) and joinable(before) and joinable(after)


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """The (index, character) of every character in `text` that a reader cannot see and kaartgen refuses."""
    found = []
    for index, ch in enumerate(text):
        if ch in ALLOWED_CONTROLS or ch == SOFT_HYPHEN:
            continue
        if ch in JOINERS:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if not _joins(before, after):
                found.append((index, ch))
        elif unicodedata.category(ch) in REFUSED_CATEGORIES:
            found.append((index, ch))
    return found


def name_of(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    fallback = "PRIVATE USE CHARACTER" if unicodedata.category(ch) == "Co" else "UNNAMED CHARACTER"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, fallback)}"


def visible(text: str, limit: int = 80) -> str:
    """`text` with each hidden character written as ``⟨U+200B⟩``, shortened around the first one to `limit`."""
    hidden = dict(hidden_characters(text))
    if hidden:
        first = min(hidden)
        start = max(0, first - limit // 2)
        cut = text[start:start + limit]
        hidden = {i - start: ch for i, ch in hidden.items() if start <= i < start + limit}
        shown = "".join(f"⟨U+{ord(ch):04X}⟩" if i in hidden else ch for i, ch in enumerate(cut))
        return ("…" if start else "") + shown + ("…" if start + limit < len(text) else "")
    return text[:limit] + ("…" if len(text) > limit else "")


def hidden_problem(text: str) -> Message | None:
    """The message for a text with hidden characters, or None when it has none."""
    hidden = hidden_characters(text)
    if not hidden:
        return None
    names = ", ".join(dict.fromkeys(name_of(ch) for _index, ch in hidden))
    return T("'{text}' contains a character no reader can see: {names}; it can hide or reorder what is printed",
             text=visible(text), names=names)


HIDDEN_HINT = T("delete it: retype the text around it; such characters come with text copied from e-mail, web "
                "pages or word processors")
