"""Line breaking: styled spans → lines no wider than a measure, with hyphenation and safe breaks for contact data.

Greedy, word by word, breaking only at breaking white space (a no-break space keeps its words together); capitals
as the language writes them (`scripts.upper`). A word that does not fit is split at a hyphenation point (pyphen's
patterns for the language; never in words under seven letters, never leaving fewer than three letters on either
side), after an existing hyphen, or at a soft hyphen. Contact data is set safely: a phone number is never split; a
region's names are never hyphenated; an e-mail or web address that fits on a line moves to the next line whole,
and one longer than a line breaks only after "@" or before "." or "/", without a hyphen. A word longer than a
whole line is broken where it must, so nothing overflows — except a phone number, which is never cut: its line
is left too wide, and fit refuses that size (`fit.too_wide`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model.content import BREAKING_SPACE, SOURCE_LANG, Span
from ..model.layout import Style
from .hyphenate import Hyphenator
from .measure import SHY, Measure
from .scripts import has_italics, is_rtl, upper
from .shaping import has_rtl

BOLD_OF = {"regular": "bold", "italic": "bold_italic", "bold": "bold", "bold_italic": "bold_italic"}
ITALIC_OF = {"regular": "italic", "bold": "bold_italic", "italic": "italic", "bold_italic": "bold_italic"}
HYPHEN = "-"
MIN_PREFIX, MIN_SUFFIX, MIN_WORD = 3, 3, 7  # no "be-zit": short words are never hyphenated
NO_BREAK_BEFORE = frozenset(")]}»›”’,.;:!?")  # closing brackets, quotes and punctuation (UAX #14 classes CL, CP, QU,
# IS, EX): a line never starts with one, so "(Zwangs-)Prostitution" does not break after its hyphen


@dataclass(frozen=True)
class Piece:
    text: str
    face: str
    link: str | None
    value: str | None = None  # the placeholder of the region value it is part of (a name, a number, an address,
    # a list of contacts): never hyphenated, and set as one whole in its own direction (bidi) …
    value_rtl: bool = False  # … which is right to left (the whole value's first strong letter, not this piece's)


@dataclass
class Line:
    """One line of a block: runs relative to the line's left edge and baseline."""

    runs: list[tuple[float, Piece, float]]  # (x, piece, width)
    width: float
    size: float
    leading: float
    colour: str
    marker: tuple[str, str] | None = None  # ("•" or "3", marker colour) on the first line of a list item
    right: list[tuple[Piece, float]] | None = None  # right-aligned pieces and widths (contacts: the number)

    @property
    def right_width(self) -> float:
        return sum(width for _piece, width in self.right or [])



UPRIGHT_OF = {"regular": "regular", "italic": "regular", "bold": "bold", "bold_italic": "bold"}


def span_face(base_face: str, span: Span, lang: str = SOURCE_LANG) -> str:
    """The face a span is set in: the style's face, made bold and/or italic by the inline syntax — upright in a
    language whose script has no italics (an Arabic note set upright, not with slanted digits among its letters)."""
    face = BOLD_OF[base_face] if span.bold else base_face
    face = ITALIC_OF[face] if span.italic else face
    return face if has_italics(lang) else UPRIGHT_OF[face]


_BREAK_AT = re.compile(f"({BREAKING_SPACE.pattern})")  # every space but the no-break ones, which stay in their word


def by_font(text: str, face: str, measure: Measure | None) -> list[tuple[str, str]]:
    """`text` cut where the font changes: runs of (text, face), a fallback face for another script's letters."""
    if measure is None or not measure.has_fallbacks:
        return [(text, face)]
    runs: list[tuple[str, str]] = []
    for char in text:
        chosen = measure.face_for(face, char)
        if runs and runs[-1][1] == chosen:
            runs[-1] = (runs[-1][0] + char, chosen)
        else:
            runs.append((char, chosen))
    return runs


def _words(spans: Iterable[Span], base_face: str, uppercase: bool, lang: str = "nl",
           measure: Measure | None = None) -> list[list[Piece]]:
    """Spans → words (lists of pieces), split at breaking white space; a word may mix faces ("(0800-2000)."), and
    a letter the face lacks is set in the layout's fallback font for its script."""
    words: list[list[Piece]] = [[]]
    spans = list(spans)
    directions = _value_directions(spans)
    for span, value_rtl in zip(spans, directions, strict=True):
        face = span_face(base_face, span, lang)
        # a region's value (a Dutch name: "Zuid-Limburg") keeps Dutch capitals in a Turkish heading
        text = upper(span.text, SOURCE_LANG if span.placeholder else lang) if uppercase and not span.link \
            else span.text
        parts = _BREAK_AT.split(text)
        for index, part in enumerate(parts):
            if index % 2 == 1:
                words.append([])
            elif part:
                for run, run_face in by_font(part, face, measure):
                    words[-1].append(Piece(run, run_face, span.link, span.placeholder, value_rtl))
    return [w for w in words if w]


def _value_directions(spans: list[Span]) -> list[bool]:
    """Per span, whether the region value it is part of reads right to left: the first strong letter of the
    whole value (consecutive spans of one placeholder), so a value broken over lines keeps one direction."""
    directions = [False] * len(spans)
    start = 0
    while start < len(spans):
        end = start + 1
        while end < len(spans) and spans[start].placeholder is not None \
                and spans[end].placeholder == spans[start].placeholder:
            end += 1
        if spans[start].placeholder is not None:
            text = "".join(span.text for span in spans[start:end])
            first = next((kind for kind in map(unicodedata.bidirectional, text) if kind in ("L", "R", "AL")), "L")
            directions[start:end] = [first != "L"] * (end - start)
        start = end
    return directions


def _word_width(word: list[Piece], measure: Measure, size: float) -> float:
    return sum(measure.width(p.text, p.face, size) for p in word)


def _break_points(piece: Piece, hyph: Hyphenator | None, lang: str = "nl") -> list[tuple[int, bool]]:
    """Positions where a piece's text may break, and whether a hyphen must be added there."""
    text = piece.text
    points: list[tuple[int, bool]] = []
    if piece.link and piece.link.startswith("tel:"):
        return []  # a phone number is never split across lines
    if _WITHOUT_SPACES.search(text):  # Thai between words (ICU's dictionary), Chinese and Japanese between characters
        return [(pos, False) for pos in unspaced_breaks(text, lang)]
    if _is_address(piece):  # only after "@" or before "." and "/", never with a hyphen, never at its very ends
        return [(i + 1, False) for i, ch in enumerate(text[:-1]) if ch == "@" and 1 < i + 1 < len(text) - 1] + \
               [(i, False) for i, ch in enumerate(text) if ch in "./" and 2 <= i < len(text) - 2]
    if piece.value:  # a region's names are never hyphenated ("IJsselland"); an existing hyphen may break
        return [(i + 1, False) for i, ch in enumerate(text[:-1]) if ch == "-" and i >= MIN_PREFIX
                and not (text[i - 1].isdigit() and text[i + 1].isdigit()) and text[i + 1] not in NO_BREAK_BEFORE]
    points += [(i + 1, True) for i, ch in enumerate(text[:-1]) if ch == SHY]
    for i, ch in enumerate(text[:-1]):  # after an existing hyphen, unless between digits (0800-2000)
        if ch == "-" and i >= MIN_PREFIX and not (text[i - 1].isdigit() and text[i + 1].isdigit()) \
                and text[i + 1] not in NO_BREAK_BEFORE:
            points.append((i + 1, False))
    if hyph is not None and any(c.isalpha() for c in text):
        letters = re.match(r"^(\W*)(.*?)(\W*)$", text, re.S)
        lead = len(letters.group(1)) if letters else 0
        core = letters.group(2) if letters else text
        if "-" not in core and core.isalpha() and len(core) >= MIN_WORD:
            for pos in hyph.positions(core):
                if pos >= MIN_PREFIX and len(core) - pos >= MIN_SUFFIX:
                    points.append((lead + pos, True))
    return sorted(set(points))


_WITHOUT_SPACES = re.compile("[\u0e00-\u0e7f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Thai, CJK and kana, their punctuation and full-width forms: writing that does not put spaces between its words


@lru_cache(maxsize=4096)
def unspaced_breaks(text: str, lang: str) -> tuple[int, ...]:
    """Where a line may break inside `text` by the Unicode line breaking algorithm (UAX #14, ICU's rules for the
    language): between Thai words (found with ICU's dictionary: Thai puts no spaces between them), between most
    Chinese and Japanese characters, never before closing punctuation such as "。", "，", "）" or "」", never after
    opening punctuation such as "（" or "「", never before small kana in Japanese."""
    from icu4py.breakers import LineBreaker

    return tuple(end for _start, end in LineBreaker(text, lang.replace("@", "_") or "und").segments()
                 if 0 < end < len(text))


def _is_address(piece: Piece) -> bool:
    """An e-mail address or web address (linked, or written as one in the text)."""
    if piece.link is not None:
        return piece.link.startswith(("mailto:", "https:", "http:"))
    return "@" in piece.text or "://" in piece.text or ("/" in piece.text and "." in piece.text)


RUNT = 6  # a last line of one word (or word fragment) shorter than this many characters is a runt


def break_lines(spans: Iterable[Span], style: Style, size: float, width: float, measure: Measure,
                hyph: Hyphenator | None, lang: str = "nl") -> list[Line]:
    """Greedy line breaking of spans into lines no wider than `width`, hyphenating with `hyph` when given.

    A paragraph whose last line would be a runt ("uur." or the "tel" of "sleu-tel" alone) is broken again with
    its next-to-last line a little shorter, so one more word comes down to keep it company — when that takes no
    more lines (the lines before stay as they were: the breaking is greedy)."""
    words = list(_words(spans, style.face, style.uppercase, lang, measure))
    lines = _greedy(words, style, size, width, measure, hyph, lang=lang)
    if len(lines) >= 2 and _is_runt(lines[-1]) and len(lines[-2].runs) and " " in _text(lines[-2]).strip():
        start = _last_word_start(lines[-2], measure, size)  # narrower than that: the word moves down whole
        again = _greedy(words, style, size, width, measure, hyph, narrow=(len(lines) - 2, start - 0.01),
                        lang=lang)
        gained_hyphen = _text(again[-2]).endswith(HYPHEN) and not _text(lines[-2]).endswith(HYPHEN)
        if len(again) == len(lines) and not _is_runt(again[-1]) and not gained_hyphen:
            return again
    return lines


def _last_word_start(line: Line, measure: Measure, size: float) -> float:
    """Where the last word of a line begins (its x from the line's left edge)."""
    x, piece, _width = line.runs[-1]
    head, space, _word = piece.text.rpartition(" ")
    if not space:
        return x
    return x + measure.width(head + space, piece.face, size)


def _text(line: Line) -> str:
    return " ".join(piece.text for _x, piece, _w in line.runs)


def _is_runt(line: Line) -> bool:
    text = _text(line).strip()
    return bool(text) and len(text) < RUNT and not any(c.isspace() for c in text)


def _greedy(words: list[list[Piece]], style: Style, size: float, width: float, measure: Measure,
            hyph: Hyphenator | None, narrow: tuple[int, float] | None = None, lang: str = "nl") -> list[Line]:
    """Greedy line breaking; with `narrow` (line index, width) that one line is set narrower."""
    leading = size * style.leading
    lines: list[Line] = []
    runs: list[tuple[float, Piece, float]] = []
    # a line with right-to-left text sets a region's value as a whole in its own direction (bidi), so its runs
    # keep their values apart (a Dutch card naming an Arabic organisation too: "… 24/7" set one way per text)
    values_apart = is_rtl(lang) or any(has_rtl(piece.text) for word in words for piece in word)
    x = 0.0
    space_w = measure.width(" ", style.face, size)

    def room() -> float:
        return narrow[1] if narrow is not None and len(lines) == narrow[0] else width

    def new_line() -> None:
        nonlocal runs, x
        lines.append(Line(runs, x, size, leading, style.colour))
        runs, x = [], 0.0

    def place(word: list[Piece], at: float) -> float:
        for piece in word:
            w = measure.width(piece.text, piece.face, size)
            if runs and _can_join(runs[-1], piece, at, measure, size, values_apart):
                last_x, last, _ = runs[-1]
                gap = " " if at - (last_x + runs[-1][2]) > 1e-6 else ""
                same = last.value == piece.value
                runs[-1] = (last_x, Piece(last.text + gap + piece.text, last.face, last.link,
                                          last.value if same else None, same and last.value_rtl), at + w - last_x)
            else:
                runs.append((at, piece, w))
            at += w
        return at

    for word in words:
        w = _word_width(word, measure, size)
        gap = space_w if runs else 0.0
        if x + gap + w <= room() + 1e-6:
            x = place(word, x + gap)
            continue
        if runs and any(_is_address(p) for p in word):
            new_line()  # an address moves to the next line whole; one longer than a line starts it
            if w <= room() + 1e-6:
                x = place(word, 0.0)
                continue
        # Try to put the start of the word on this line, at a hyphenation or break point.
        remaining = word
        while True:
            gap = space_w if runs else 0.0
            head, tail = _split_word(remaining, room() - x - gap, measure, size, hyph, must=not runs, lang=lang)
            if head:
                x = place(head, x + gap)
            if not tail:
                break
            new_line()
            remaining = tail
            if _word_width(remaining, measure, size) <= room() + 1e-6:
                x = place(remaining, 0.0)
                break
    if runs or not lines:
        lines.append(Line(runs, x, size, leading, style.colour))
    return lines


def _can_join(run: tuple[float, Piece, float], piece: Piece, at: float, measure: Measure, size: float,
              values_apart: bool) -> bool:
    """Consecutive pieces in one face join into one run (fewer, longer strings to draw and to extract),
    when the gap between them is nothing or exactly that face's space; with `values_apart` (a right-to-left
    line) never across the edge of a region's value, which the bidi stage sets as one whole (joined to the words
    around it, it lost being a value and came out of order)."""
    x, last, width = run
    if last.face != piece.face or last.link != piece.link or (values_apart and last.value != piece.value):
        return False
    gap = at - (x + width)
    return abs(gap) < 1e-6 or abs(gap - measure.width(" ", piece.face, size)) < 1e-6


def _split_word(word: list[Piece], room: float, measure: Measure, size: float, hyph: Hyphenator | None,
                must: bool, lang: str = "nl") -> tuple[list[Piece], list[Piece]]:
    """Split a word so its head fits `room`. `must`: the line is empty, so break anywhere rather than overflow."""
    best: tuple[list[Piece], list[Piece]] | None = None
    best_rank = -1
    offset = 0.0
    for index, piece in enumerate(word):
        for pos, add_hyphen in _break_points(piece, hyph, lang):
            head_text = piece.text[:pos].rstrip(SHY) + (HYPHEN if add_hyphen else "")
            head_w = offset + measure.width(head_text, piece.face, size)
            # The last break that fits; in an e-mail address, after the "@" when that fits.
            rank = 1 if _is_address(piece) and piece.text[pos - 1] == "@" else 0
            if head_w > room + 1e-6:
                break  # points are in order: a later head is longer still
            if rank >= best_rank:
                best, best_rank = (word[:index] + [replace(piece, text=head_text)],
                                   [replace(piece, text=piece.text[pos:])] + word[index + 1:]), rank
        offset += measure.width(piece.text, piece.face, size)
        if offset > room:  # (the joins between pieces are no break points: "(0800-2000)." stays whole)
            break
    if best is not None:
        return best
    if not must:
        return [], word
    if any(piece.link and piece.link.startswith("tel:") for piece in word):
        return word, []  # a phone number is never cut, not even to fit: fit refuses the size (`fit.too_wide`)
    # Nothing fits on an empty line: break at the last character that fits (a very long word or URL).
    offset = 0.0
    for index, piece in enumerate(word):
        fits = _longest_fitting_prefix(piece, room - offset, measure, size)
        if fits < len(piece.text):
            fits = _grapheme_floor(piece.text, fits)  # never inside a letter with its marks (a conjunct, "कि")
            cut = max(fits, _grapheme_floor(piece.text, 1, up=True)) if index == 0 else fits
            if cut == 0:
                return word[:index], word[index:]
            return (word[:index] + [replace(piece, text=piece.text[:cut])],
                    [replace(piece, text=piece.text[cut:])] + word[index + 1:])
        offset += measure.width(piece.text, piece.face, size)
    return word, []


def _grapheme_floor(text: str, cut: int, up: bool = False) -> int:
    """`cut` moved back to the last boundary of a user-perceived character (a letter with its marks, an Indic
    conjunct: ICU's grapheme clusters) — or on to the next one (`up`); unchanged in text without marks."""
    if not any(unicodedata.category(char).startswith("M") or char in "\u200c\u200d" for char in text):
        return cut
    from icu4py.breakers import CharacterBreaker

    ends = [end for _start, end in CharacterBreaker(text, "und").segments()]
    if up:
        return next((end for end in ends if end >= cut), len(text))
    return max((end for end in ends if end <= cut), default=0)


def _longest_fitting_prefix(piece: Piece, room: float, measure: Measure, size: float) -> int:
    """How many characters of `piece` fit in `room`: a galloping then binary search, so a word many lines long
    is measured a few dozen times per line, never once per character (the measure caches every string it sees)."""
    text = piece.text

    def fits(count: int) -> bool:
        return measure.width(text[:count], piece.face, size) <= room

    low, high = 0, 1  # fits(low) holds; find a high that does not fit
    while high <= len(text) and fits(high):
        low, high = high, high * 2
    high = min(high, len(text) + 1)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low

