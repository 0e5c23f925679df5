"""Right-to-left text: the Unicode Bidirectional Algorithm (UAX #9, python-bidi's implementation) per line.

A paragraph in a right-to-left language (Arabic, Hebrew, Persian, Urdu …: `is_rtl`) is broken into lines in its
logical order, like any other; each line is then set from the right: its characters get their bidi embedding
levels (the letters of the paragraph's direction; a region's value — a phone number, an address, a Dutch name —
an isolate in its own direction, whole), the line is
cut into runs of one level and one font, and the runs are put in their visual order (rule L2: from the highest
level down, every sequence at that level or higher reversed). A run at an odd level is shaped right to left by
HarfBuzz, which also mirrors its brackets; `visual_runs` gives each run with its width, left to right, for the
place stage to set against the panel's right edge.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .linebreak import Line, Piece


@dataclass(frozen=True)
class VisualRun:
    piece: Piece  # the run's text (logical order) in its face, with the link of the piece it comes from
    rtl: bool  # set right to left (an odd embedding level)
    width: float


ISOLATE_CONTROLS = frozenset("\u2066\u2067\u2068\u2069")  # LRI, RLI, FSI, PDI: at a line's end, as white space (L1)
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
    while index >= 0 and (text[index].isspace() or text[index] in ISOLATE_CONTROLS):
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


LEFT_TO_RIGHT_ISOLATE, RIGHT_TO_LEFT_ISOLATE, POP_ISOLATE = "\u2066", "\u2067", "\u2069"


def _isolated(pieces: list[Piece], gaps: list[str]) -> tuple[str, list[int]]:
    """The line's text as the algorithm sees it, and where each of its own characters stands in that text.

    A region's value (a phone number, an address, a Dutch name, a contact's label with its number) is one isolate
    (UAX #9 LRI or RLI … PDI) in the direction of the whole value's first strong letter (`Piece.value_rtl`, so a
    value broken over two lines keeps it): a number or a Dutch name left to right, a Hebrew month right to left —
    while the text around it sees a single neutral, so the words beside it keep their own order. A link inside
    it (a number, an address) is a left-to-right isolate of its own: "06 11414026" never turns into
    "11414026 06" between Arabic labels. (Values were once replaced by strong letters: a number then pulled the
    digits and punctuation after it to the left to right, and a contact's label came out of order.)"""
    text: list[str] = []
    positions: list[int] = []
    open_value: str | None = None

    def own(chars: str) -> None:
        for char in chars:
            positions.append(len(text))
            text.append(char)

    for gap, piece in zip(gaps, pieces, strict=True):
        if open_value is not None and piece.value != open_value:
            text.append(POP_ISOLATE)
            open_value = None
        own(gap)
        if piece.value is not None and open_value is None:
            text.append(RIGHT_TO_LEFT_ISOLATE if piece.value_rtl else LEFT_TO_RIGHT_ISOLATE)
            open_value = piece.value
        if piece.link:
            text.append(LEFT_TO_RIGHT_ISOLATE)
            own(piece.text)
            text.append(POP_ISOLATE)
        else:
            own(piece.text)
    if open_value is not None:
        text.append(POP_ISOLATE)
    return "".join(text), positions


def visual_runs(line: Line, rtl: bool, width_of: Callable[[str, str], float]) -> list[VisualRun]:
    """The runs of one line, cut where the embedding level changes, in visual order (left to right).
    `width_of(text, face)` measures a run at the line's size."""
    pieces = [piece for _x, piece, _w in line.runs]
    gaps = [" " if index and line.runs[index][0] - (line.runs[index - 1][0] + line.runs[index - 1][2]) > 1e-6
            else "" for index in range(len(line.runs))]  # the spaces the line breaker left between its runs
    isolated, positions = _isolated(pieces, gaps)
    all_levels = levels(isolated, rtl)
    char_levels = [all_levels[position] for position in positions]
    cuts: list[tuple[Piece, int]] = []  # (piece with a part of the text, its level)
    position = 0
    for gap, piece in zip(gaps, pieces, strict=True):
        chars = gap + piece.text
        start = 0
        for offset in range(1, len(chars) + 1):
            if offset == len(chars) or char_levels[position + offset] != char_levels[position + start]:
                cuts.append((Piece(chars[start:offset], piece.face, piece.link, piece.value, piece.value_rtl),
                             char_levels[position + start]))
                start = offset
        position += len(chars)
    order = visual_order([level for _piece, level in cuts])
    return [VisualRun(cuts[i][0], cuts[i][1] % 2 == 1, width_of(cuts[i][0].text, cuts[i][0].face)) for i in order]
