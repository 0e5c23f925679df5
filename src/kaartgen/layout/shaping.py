"""Shaping: the glyphs a run of text is drawn with, by HarfBuzz (uharfbuzz), for the scripts that need it.

Scripts whose letters join, reorder or stack marks (Indic scripts such as Devanagari, and Thai) are not one glyph
per character: a conjunct is one glyph for three characters, a vowel sign is drawn before the consonant it follows,
a tone mark sits on a vowel mark. For a run in such a script (`needs_shaping`), layout measures the shaped advances
and the plan carries the glyphs (`TextRun.glyphs`: glyph id, advance and offsets in pt), which the renderer draws
as they are, with the run's text as its ActualText so that copying and searching give the text in its logical
order. Runs in every other script keep their one-glyph-per-character setting (their PDFs are unchanged).

Right-to-left scripts (Arabic, Hebrew) are shaped too, each run of one embedding level on its own and right to
left (`bidi`); the place stage sets their lines from the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SHAPED = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0e7f\ua8e0-\ua8ff\u1cd0-\u1cff\ufb1d-\ufdff\ufe70-\ufeff]")
# Hebrew, Arabic (and its presentation forms), the Indic blocks, Thai, Vedic marks
PRIVATE_USE = 0xE000  # a shaped glyph is drawn through the code point PRIVATE_USE + its glyph id
PRIVATE_USE_END = 0xF8FF


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # Hebrew, Arabic: strong right-to-left


def has_rtl(text: str) -> bool:
    """Whether `text` has letters written from right to left (so its line needs the bidi algorithm)."""
    return RIGHT_TO_LEFT.search(text) is not None


def needs_shaping(text: str) -> bool:
    """Whether `text` has letters that only HarfBuzz sets right (joined, reordered or stacked)."""
    return SHAPED.search(text) is not None


@dataclass(frozen=True)
class Glyph:
    gid: int
    cluster: int  # the index of the first character of the text it stands for
    advance: float  # in font units
    dx: float
    dy: float


class Shaper:
    """One font file as HarfBuzz sees it."""

    def __init__(self, path: Path):
        import uharfbuzz as hb

        self._hb = hb
        blob = hb.Blob.from_file_path(str(path))
        self.face = hb.Face(blob)
        self.font = hb.Font(self.face)
        self.upem = self.face.upem

    def shape(self, text: str, rtl: bool | None = None) -> tuple[Glyph, ...]:
        """The glyphs of `text` (left to right as drawn), its script as HarfBuzz guesses it from the letters, its
        direction too unless `rtl` says it (the bidi algorithm's level of the run)."""
        return _shaped(self, text, rtl)

    def width(self, text: str, size: float) -> float:
        return sum(glyph.advance for glyph in self.shape(text)) * size / self.upem  # direction: the same sum


@lru_cache(maxsize=8192)
def _shaped(shaper: Shaper, text: str, rtl: bool | None = None) -> tuple[Glyph, ...]:
    hb = shaper._hb
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if rtl is not None:
        buffer.direction = "rtl" if rtl else "ltr"
    hb.shape(shaper.font, buffer, {"kern": True, "liga": True})
    return tuple(Glyph(info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
                 for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True))


@lru_cache(maxsize=64)
def shaper(path: Path) -> Shaper:
    return Shaper(path)
