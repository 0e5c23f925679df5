"""The inline syntax of content and translation texts: ``**bold**``, ``*italic*``, ``\\*``, ``{placeholders}``.

The syntax is deliberately tiny: ``**bold**``, ``*italic*``, ``\\*`` for a literal asterisk, and
``{section.field}`` placeholders (``{{``/``}}`` for literal braces, as in Python's format strings). Everything
else is literal text: no text from these files ever reaches a markup parser (the renderer draws strings).
`check_syntax` finds mistakes (for the loaders' diagnostics), `parse_inline` turns a text into spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..model.content import JOINING_WORDS, Span, collapse_spaces
from .numbers import PHONE_PLACEHOLDERS, stray_phone_numbers

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholders_in(text: str) -> list[str]:
    """Placeholder names in a text, in order (``{{`` and ``}}`` are literal braces)."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1) is not None]


MAX_WORD_CHARS = 200
"""No card line holds a longer word (a web address is at most 200 characters too): longer is a paste gone wrong."""
MAX_TEXT_CHARS = 10_000
"""More than any panel or poster holds; also what keeps line breaking and fitting bounded whatever a file says."""


def check_syntax(text: str) -> list[str]:
    """Problems with braces and emphasis markers in a text, and phone numbers written out instead of a
    placeholder (empty list when fine)."""
    longest = max(text.split(), key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        return [f"a word of {len(longest)} characters without a space ('{longest[:20]}…'): no line holds it; "
                "add the spaces it lost, or shorten it"]
    if len(text) > MAX_TEXT_CHARS:
        return [f"{len(text)} characters in one text is more than any panel holds (at most {MAX_TEXT_CHARS}): "
                "split it into several blocks or list items"]
    problems = []
    for match in PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token in ("{", "}"):
            problems.append(f"lone '{token}' at column {match.start() + 1}: write '{token * 2}' for a literal brace")
        elif match.group(1) is not None and not re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*",
                                                             match.group(1)):
            problems.append(f"'{{{match.group(1)}}}' is not a placeholder name")
    stripped = text.replace("\\*", "")
    if stripped.count("**") % 2:
        problems.append("unbalanced '**' (bold): close it, or write \\* for a literal asterisk")
    elif stripped.replace("**", "").count("*") % 2:
        problems.append("unbalanced '*' (italic): close it, or write \\* for a literal asterisk")
    for number in stray_phone_numbers(text):
        problems.append(f"'{number}' is a phone number written into the text: numbers come from the region "
                        f"files, where they are checked and verified; write its placeholder instead, such as "
                        f"{PHONE_PLACEHOLDERS}")
    return problems


def parse_inline(text: str, values: Mapping[str, Any] | None = None) -> list[Span]:
    """Text in the inline syntax → spans. A placeholder is replaced by `values[name]`: a region `Value`, a plain
    string, or a sequence of spans (a value made of several, such as two contacts' numbers joined by "of"), each
    taking the emphasis of the place it stands in; in a sequence, the words that join its parts (placeholder
    `JOINING_WORDS`) are the text's own, not the region's (right-to-left text sets each part as a whole in its own
    direction, and the words between them in the sentence's). The syntax is read once per text (`_tokens`); only
    the values differ from region to region."""
    spans: list[Span] = []
    for part, is_placeholder, bold, italic in _tokens(text):
        if not is_placeholder:
            spans.append(Span(part, bold, italic))
            continue
        value = (values or {}).get(part)
        if value is None:
            spans.append(Span("{" + part + "}", bold, italic, None, part))
        elif isinstance(value, str):
            spans.append(Span(value, bold, italic, None, part))
        elif isinstance(value, (list, tuple)):
            spans.extend(Span(piece.text, bold or piece.bold, italic or piece.italic, piece.link,
                              None if piece.placeholder == JOINING_WORDS else piece.placeholder or part)
                         for piece in value)
        else:
            spans.append(Span(value.text, bold, italic, value.link, part))
    return [s for s in spans if s.text]


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[tuple[str, bool, bool, bool], ...]:
    """The inline syntax of `text` read: (literal text or placeholder name, is a placeholder, bold, italic)."""
    tokens: list[tuple[str, bool, bool, bool]] = []
    bold = italic = False
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            tokens.append(("".join(buffer), False, bold, italic))
            buffer.clear()

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "*\\":
            buffer.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif ch == "*":
            flush()
            italic = not italic
            i += 1
        elif text.startswith("{{", i) or text.startswith("}}", i):
            buffer.append(ch)
            i += 2
        elif ch == "{" and (end := text.find("}", i)) > i:
            flush()
            tokens.append((text[i + 1:end], True, bold, italic))
            i = end + 1
        else:
            buffer.append(ch)
            i += 1
    flush()
    return tuple(tokens)


def clean_text(text: str) -> str:
    """Normalise white space and Unicode form; drop control characters that no font can draw, and byte order
    marks (U+FEFF) that editors leave in pasted text."""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " for ch in text)
    return collapse_spaces(text)
