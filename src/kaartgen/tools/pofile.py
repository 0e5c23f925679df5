"""PO strings wrapped the way GNU gettext wraps them, so Poedit, Weblate and msgcat leave kaartgen's files as they are.

Babel writes the structure of a PO file (header, comments, flags, contexts, obsolete entries) well, but wraps long
strings its own way (textwrap-like, at a width of its own, sometimes starting a line with the space it broke at).
gettext's tools and the editors that follow them (Poedit, Weblate through translate-toolkit, msgcat, msgmerge)
re-wrap every such string, so each round trip was a diff of ~170 lines in a file whose PDFs did not change.

`gettext_wrapped` takes Babel's text and rewrites only the string lines — every ``msgctxt``, ``msgid``,
``msgid_plural`` and ``msgstr`` with its continuation lines, also behind ``#|`` (previous) and ``#~`` (obsolete)
— with gettext's rules (``write-po.c``, page width 79):

- a string that fits on its keyword's line (``msgid "…"`` at most 79 columns) and has no newline inside it (one at
  the very end is fine) stays on that line;
- otherwise the keyword gets ``""`` and the string follows on lines of at most 79 columns (quotes included); a
  string with embedded newlines is cut after each ``\\n`` first;
- a line breaks at the last break opportunity that fits, after the space (the space stays at the end of the line);
  the opportunities are those of the Unicode line-breaking algorithm (UAX #14) as libunistring applies it, for the
  classes that occur in running text (`_break_class`): after spaces, after hyphens and dashes (not before a
  digit), between ideographs; never inside an escape sequence, before closing punctuation or after opening
  punctuation; a line with no opportunity that fits is left long, as gettext does;
- widths are display columns (East Asian wide characters count two).

Comment lines are left as Babel wrote them: gettext's tools keep them as they are. `tests/test_pofile.py` compares
this module with ``msgcat`` on the project's PO files and on generated strings.
"""

from __future__ import annotations

import re
import unicodedata

PAGE_WIDTH = 79
_KEYWORD_LINE = re.compile(r'^(#[|~] )?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')
_CONTINUATION = re.compile(r'^(#[|~] )?(".*")$')
NEWLINE = "\\n"  # the escape of a line break, as PO files write it
_ESCAPE = re.compile(r'\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+|.)')


def gettext_wrapped(po_text: str) -> str:
    """`po_text` with every string re-wrapped the gettext way; every other line unchanged."""
    lines = po_text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = _KEYWORD_LINE.match(lines[index])
        if match is None:
            out.append(lines[index])
            index += 1
            continue
        prefix, keyword, first = match.group(1) or "", match.group(2), match.group(3)
        parts = [first[1:-1]]
        index += 1
        while index < len(lines):
            more = _CONTINUATION.match(lines[index])
            if more is None or (more.group(1) or "") != prefix:
                break
            parts.append(more.group(2)[1:-1])
            index += 1
        out.extend(wrap_string(prefix, keyword, "".join(parts)))
    return "\n".join(out)


def wrap_string(prefix: str, keyword: str, escaped: str) -> list[str]:
    """The lines gettext writes for one string (`escaped`: its PO escapes kept, ``\\n`` for a newline)."""
    tokens = _tokens(escaped)
    portions: list[list[str]] = [[]]
    for token in tokens:
        portions[-1].append(token)
        if token == NEWLINE:
            portions.append([])
    if not portions[-1]:
        portions.pop()
    head = f"{prefix}{keyword} "
    if len(portions) <= 1 and _width(head) + 2 + sum(_width(t) for t in tokens) <= PAGE_WIDTH:
        return [f'{head}"{escaped}"']
    lines = [f'{head}""']
    room = PAGE_WIDTH - _width(prefix) - 2
    for portion in portions:
        lines.extend(f'{prefix}"{line}"' for line in _break(portion, room))
    return lines


def _tokens(escaped: str) -> list[str]:
    """Characters, with each escape sequence (``\\"``, ``\\n``, ``\\\\`` …) one unbreakable token."""
    tokens: list[str] = []
    position = 0
    while position < len(escaped):
        match = _ESCAPE.match(escaped, position)
        token = match.group(0) if match else escaped[position]
        tokens.append(token)
        position += len(token)
    return tokens


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def _break(tokens: list[str], room: int) -> list[str]:
    """Greedy: each line as long as fits in `room` columns, ending at a break opportunity."""
    lines: list[str] = []
    start = 0
    while start < len(tokens):
        width, end, last_break = 0, start, None
        while end < len(tokens):
            width += _width(tokens[end])
            if width > room:
                break
            end += 1
            if end < len(tokens) and _may_break(tokens, end):
                last_break = end
        else:
            lines.append("".join(tokens[start:]))
            break
        if last_break is None:  # nothing fits: run on to the next opportunity (gettext leaves the line long)
            last_break = next((i for i in range(end, len(tokens)) if _may_break(tokens, i)), len(tokens))
        lines.append("".join(tokens[start:last_break]))
        start = last_break
    return lines


def _may_break(tokens: list[str], at: int) -> bool:
    """Whether a line may break between tokens[at - 1] and tokens[at]: the rules of UAX #14 in their order, for
    the classes of running text (an escape is one token)."""
    before, after = _break_class(tokens[at - 1]), _break_class(tokens[at], leading=True)
    if after in ("BK", "SP", "CL", "CP", "EX", "IS", "SY"):  # LB6, LB7, LB13
        return False
    if before == "GL" or (after == "GL" and before not in ("SP", "BA", "HY")):  # LB12, LB12a
        return False
    back = at - 1
    while back > 0 and _break_class(tokens[back]) == "SP":
        back -= 1
    last = _break_class(tokens[back])  # the character before any spaces
    if last == "OP" and (before != "SP" or back < at - 1):  # LB14: OP SP* ×
        return False
    if (last == "QU" and after == "OP") or (last in ("CL", "CP") and after == "NS") or \
            (last == "B2" and after == "B2"):  # LB15, LB16, LB17
        return False
    if before == "SP":  # LB18
        return True
    if before == "QU" or after == "QU":  # LB19
        return False
    if after in ("BA", "HY", "NS", "IN"):  # LB21, LB22
        return False
    if before in ("HY", "SY", "IS") and after == "NU":  # LB25 (HY|IS|SY) × NU
        return False
    return (before, after) not in _NO_BREAK_PAIRS  # LB23-LB30 hold letters and numbers together; else LB31


_NO_BREAK_PAIRS = {
    ("AL", "AL"), ("AL", "NU"), ("NU", "AL"), ("NU", "NU"), ("NU", "PO"), ("PR", "NU"), ("PR", "AL"),
    ("AL", "OP"), ("NU", "OP"), ("CP", "AL"), ("CP", "NU"), ("NU", "IS"), ("CL", "PO"), ("CP", "PO"),
    ("AL", "PR"), ("AL", "PO"), ("PO", "AL"), ("NU", "PR"), ("PO", "NU"), ("CL", "PR"), ("CP", "PR"),
    ("PO", "OP"), ("PR", "OP"), ("ID", "PO"), ("PR", "ID"),
}


_CLASSES = {
    " ": "SP", "-": "HY", "\u2010": "BA", "\u2013": "BA", "\u2014": "B2", "\u00ad": "BA", "/": "SY",
    "(": "OP", "[": "OP", "{": "OP", "\u201e": "OP", "\u201a": "OP", "\u00bf": "OP", "\u00a1": "OP",
    ")": "CP", "]": "CP", "}": "CL", ",": "IS", ".": "IS", ":": "IS", ";": "IS", "!": "EX", "?": "EX",
    '"': "QU", "'": "QU", "\u2018": "QU", "\u2019": "QU", "\u201c": "QU", "\u201d": "QU", "\u00ab": "QU",
    "\u00bb": "QU", "\u2026": "IN", "\u00a0": "GL", "\u2011": "GL", "\u202f": "GL", "%": "PO", "\u2022": "AL",
    "\\": "PR", "$": "PR", "+": "PR", "#": "AL",
}


def _break_class(token: str, leading: bool = False) -> str:
    """The line-break class of a token: of its last character, or with `leading` of its first (an escape such as
    ``\\"`` begins with a backslash, a prefix in UAX #14, and ends with the character it stands for)."""
    if token == NEWLINE:
        return "BK"
    if len(token) > 1:  # the escape as written: \t is a backslash and a letter t
        token = token[0] if leading else token[-1]
    known = _CLASSES.get(token)
    if known is not None:
        return known
    if token.isdigit():
        return "NU"
    if unicodedata.east_asian_width(token) in "WF" and unicodedata.category(token).startswith("L"):
        return "ID"
    if unicodedata.category(token) == "Ps":
        return "OP"
    if unicodedata.category(token) == "Pe":
        return "CL"
    return "AL"
