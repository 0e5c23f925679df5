"""Shaping: the glyphs every run of text is drawn with, by HarfBuzz (uharfbuzz), with the font's kerning and
standard ligatures.

Every run is shaped: layout measures the shaped advances and the plan carries the glyphs (`TextRun.glyphs`: glyph
id, cluster, advance and offsets in pt), which the renderer draws as they are. Most Latin, Cyrillic and Greek runs
come out one glyph per character, each the font's own glyph for its letter (`Shaper.nominal`), only closer
together or further apart where the font kerns a pair ("AV", "To"): the renderer draws those as their characters
with the kerning as TJ adjustments, so their text layer is the text itself. A ligature ("fi", "ffl") is one glyph
for several letters: it is drawn through a private-use code point whose ToUnicode entry is those letters.

Scripts whose letters join, reorder or stack marks (Indic scripts such as Devanagari, and Thai, `needs_shaping`)
are not one glyph per character: a conjunct is one glyph for three characters, a vowel sign is drawn before the
consonant it follows, a tone mark sits on a vowel mark. Such a run is drawn glyph by glyph with the run's text as
its ActualText, so that copying and searching give the text in its logical order.

Right-to-left scripts (Arabic, Hebrew) are shaped too, each run of one embedding level on its own and right to
left (`bidi`); the place stage sets their lines from the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model.plan import private_use  # noqa: F401 (re-exported: measure refuses fonts that map them)

SHAPED = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0e7f\ua8e0-\ua8ff\u1cd0-\u1cff\ufb1d-\ufdff\ufe70-\ufeff]")
# Hebrew, Arabic (and its presentation forms), the Indic blocks, Thai, Vedic marks


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

    def shape(self, text: str, rtl: bool | None = None, ligatures: bool = True) -> tuple[Glyph, ...]:
        """The glyphs of `text` (left to right as drawn), its script as HarfBuzz guesses it from the letters, its
        direction too unless `rtl` says it (the bidi algorithm's level of the run); without `ligatures`, no
        standard or contextual ligatures (kerning and the script's required forms stay)."""
        return _shaped(self, text, rtl, ligatures)

    def nominal(self, char: str) -> int | None:
        """The font's own glyph for `char` (its cmap entry), None if it has none."""
        return self.font.get_nominal_glyph(ord(char))

    def substitutes(self, text: str, glyphs: tuple[Glyph, ...]) -> bool:
        """Whether shaping drew some of `text` with glyphs other than the letters' own (a ligature, a contextual
        form, a decomposed or reordered letter), i.e. whether some glyph has no character of its own to be
        drawn through."""
        starts = [glyph.cluster for glyph in glyphs]
        ends = starts[1:] + [len(text)]
        if any(end <= start for start, end in zip(starts, ends, strict=True)):  # reordered, or right to left
            return True
        return any(end - start != 1 or self.nominal(text[start]) != glyph.gid
                   for glyph, start, end in zip(glyphs, starts, ends, strict=True))


@lru_cache(maxsize=32768)
def _shaped(shaper: Shaper, text: str, rtl: bool | None = None, ligatures: bool = True) -> tuple[Glyph, ...]:
    if not text:  # (a soft hyphen alone: nothing to draw; HarfBuzz has no positions for an empty buffer)
        return ()
    hb = shaper._hb
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if rtl is not None:
        buffer.direction = "rtl" if rtl else "ltr"
    hb.shape(shaper.font, buffer, {"kern": True, "liga": ligatures, "clig": ligatures})
    return tuple(Glyph(info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
                 for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True))


@lru_cache(maxsize=64)
def shaper(path: Path) -> Shaper:
    return Shaper(path)
