"""Right-to-left text: the Unicode Bidirectional Algorithm (UAX #9, python-bidi's implementation) per line.

A paragraph in a right-to-left language (Arabic, Hebrew, Persian, Urdu …: `is_rtl`) is broken into lines in its
logical order, like any other; each line is then set from the right: its characters get their bidi embedding
levels (the letters of the paragraph's direction; a region's value — a phone number, an address, a Dutch name —
left to right, whole), the line is
cut into runs of one level and one font, and the runs are put in their visual order (rule L2: from the highest
level down, every sequence at that level or higher reversed). A run at an odd level is shaped right to left by
HarfBuzz, which also mirrors its brackets; `visual_runs` gives each run with its width, left to right, for the
place stage to set against the panel's right edge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .linebreak import Line, Piece
from .scripts import base_language

RTL_LANGUAGES = frozenset({"ar", "he", "iw", "fa", "ur", "yi", "ps", "ckb", "sd", "ug", "dv"})


def is_rtl(lang: str) -> bool:
    """Whether the language is written from right to left."""
    return base_language(lang) in RTL_LANGUAGES


@dataclass(frozen=True)
class VisualRun:
    piece: Piece  # the run's text (logical order) in its face, with the link of the piece it comes from
    rtl: bool  # set right to left (an odd embedding level)
    width: float


_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of one line: the full algorithm (UAX #9 with bracket
    pairs, rule N0) as python-bidi's Rust implementation computes it, read from its levels per UTF-8 byte; then
    rule L1 (white space at the end of the line at the paragraph's level)."""
    from bidi.bidi import get_display_inner  # type: ignore[import-untyped]

    info = get_display_inner(text, "R" if rtl else "L", True)
    start = info.find("levels: [")
    found = [int(level) for level in _LEVEL.findall(info[start:info.find("]", start)])] if start >= 0 else []
    if len(found) != len(text.encode("utf-8")):  # python-bidi's debug output changed shape (pinned below 0.7)
        raise RuntimeError("python-bidi's embedding levels could not be read: right-to-left text cannot be set")
    per_char, offset = [], 0
    for char in text:
        per_char.append(found[offset])
        offset += len(char.encode("utf-8"))
    index = len(text) - 1
    while index >= 0 and text[index].isspace():
        per_char[index] = 1 if rtl else 0
        index -= 1
    return per_char


def visual_order(run_levels: list[int]) -> list[int]:
    """The indices of runs in visual order, left to right (UAX #9 rule L2)."""
    order = list(range(len(run_levels)))
    if not order:
        return order
    highest = max(run_levels)
    lowest_odd = min((level for level in run_levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if run_levels[order[index]] >= level:
                end = index
                while end < len(order) and run_levels[order[end]] >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


def _isolate(piece: Piece) -> str:
    """A value as the letters the algorithm sees: strong right-to-left ones when its first strong letter is (a link
    — a number, an address — always left to right), else strong left-to-right ones."""
    first = next((kind for kind in map(unicodedata.bidirectional, piece.text) if kind in ("L", "R", "AL")), "L")
    return ("\u05d0" if first != "L" and not piece.link else "A") * len(piece.text)


def visual_runs(line: Line, rtl: bool, width_of: Callable[[str, str], float]) -> list[VisualRun]:
    """The runs of one line, cut where the embedding level changes, in visual order (left to right).
    `width_of(text, face)` measures a run at the line's size."""
    pieces = [piece for _x, piece, _w in line.runs]
    gaps = [" " if index and line.runs[index][0] - (line.runs[index - 1][0] + line.runs[index - 1][2]) > 1e-6
            else "" for index in range(len(line.runs))]  # the spaces the line breaker left between its runs
    # a region's value (a phone number, an e-mail or web address, a name) reads as one whole in its own direction,
    # even where its digits and hyphens would otherwise take the direction of the Arabic around them: the
    # algorithm sees it as strong letters of its first strong letter's direction (a first-strong isolate, in
    # effect): a number or a Dutch name left to right, a Hebrew month name right to left
    isolated = "".join(gap + (_isolate(piece) if piece.link or piece.value else piece.text)
                       for gap, piece in zip(gaps, pieces, strict=True))
    char_levels = levels(isolated, rtl)
    cuts: list[tuple[Piece, int]] = []  # (piece with a part of the text, its level)
    position = 0
    for gap, piece in zip(gaps, pieces, strict=True):
        chars = gap + piece.text
        start = 0
        for offset in range(1, len(chars) + 1):
            if offset == len(chars) or char_levels[position + offset] != char_levels[position + start]:
                cuts.append((Piece(chars[start:offset], piece.face, piece.link, piece.value),
                             char_levels[position + start]))
                start = offset
        position += len(chars)
    order = visual_order([level for _piece, level in cuts])
    return [VisualRun(cuts[i][0], cuts[i][1] % 2 == 1, width_of(cuts[i][0].text, cuts[i][0].face)) for i in order]
