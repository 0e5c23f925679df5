"""Text measuring for one layout: the layout's faces by name, widths cached per (face, text) at size 1 — the
advances HarfBuzz shapes the text to (`shaping`: kerning and ligatures included), which are exactly what the
renderer draws."""

from __future__ import annotations

from typing import Any

from ..load.fonts import Face, face as load_face
from ..model.diagnostics import DataError, problem
from ..model.layout import LayoutSpec, fallback_faces
from ..model.messages import T
from .shaping import Glyph, needs_shaping, private_use, shaper

SHY = "\u00ad"  # soft hyphen: an invisible break opportunity that shows as "-" only at a line end


class Measure:
    """Text measuring for one layout: faces by name, widths cached per (face, text) at size 1."""

    def __init__(self, spec: LayoutSpec):
        self.faces: dict[str, Face] = {name: load_face(path) for name, path in spec.fonts.items()}
        self._cache: dict[tuple[str, str], float] = {}
        self._chosen: dict[tuple[str, str], str] = {}
        self._private_use: dict[str, bool] = {}
        self._glyphs: dict[tuple[str, str, float, bool | None], tuple[tuple[int, int, float, float, float], ...]] = {}
        self.has_fallbacks = any("+" in name for name in self.faces)  # another script's fonts: words may be cut
        # Broken lines per (block, width, body size, language): a block that does not depend on the region is
        # broken once per worker and reused by every region's edition and every fit attempt at that size.
        self.chunks: dict[tuple[Any, ...], list[Any]] = {}

    def face_for(self, face: str, char: str) -> str:
        """The face that sets `char` in `face`: the face itself when it has the glyph (or the character is a
        space), else the first fallback font that has it, else the face (whose missing glyph the checks name)."""
        key = (face, char)
        chosen = self._chosen.get(key)
        if chosen is None:
            chosen = face
            if ord(char) not in self.faces[face].widths and not char.isspace() and char != SHY:
                for fallback in fallback_faces(face, self.faces):
                    if ord(char) in self.faces[fallback].widths:
                        chosen = fallback
                        break
            self._chosen[key] = chosen
        return chosen

    def width(self, text: str, face: str, size: float) -> float:
        key = (face, text)
        unit = self._cache.get(key)
        if unit is None:
            plain = text.replace(SHY, "")
            unit = self._cache[key] = sum(glyph.advance for glyph in self._shape(plain, face)) \
                / shaper(self.faces[face].path).upem
        return unit * size

    def _maps_private_use(self, face: str) -> bool:
        """Whether the face gives characters of its own to private-use code points (checked once per face)."""
        found = self._private_use.get(face)
        if found is None:
            found = self._private_use[face] = any(map(private_use, self.faces[face].widths))
        return found

    def _shape(self, plain: str, face: str, rtl: bool | None = None) -> tuple[Glyph, ...]:
        """The glyphs of a run as it is drawn. A glyph that is not its letter's own (a ligature, a shaped form)
        is drawn through a private-use code point: in a font that gives those code points characters of its own,
        a left-to-right run in a script drawn letter by letter is set without ligatures, and any other run that
        needs such glyphs is refused."""
        font = shaper(self.faces[face].path)
        glyphs = font.shape(plain, rtl)
        if self._maps_private_use(face) and font.substitutes(plain, glyphs):
            if not rtl and not needs_shaping(plain):
                glyphs = font.shape(plain, rtl, ligatures=False)
            if font.substitutes(plain, glyphs):
                raise DataError(problem(str(self.faces[face].path.name), None, "",
                                        T("this font gives characters of its own to private-use code points, "
                                          "through which kaartgen draws shaped glyphs"),
                                        T("choose another font for this script under 'fonts: fallback:'"),
                                        code="font"))
        return glyphs

    def glyphs(self, text: str, face: str, size: float,
               rtl: bool | None = None) -> tuple[tuple[int, int, float, float, float], ...]:
        """A run as the plan draws it: (glyph id, cluster — the index in the run's text of the first character it
        stands for —, advance, x and y offset in pt), left to right. A right-to-left run (`rtl`) is shaped right
        to left: HarfBuzz puts its glyphs in visual order and mirrors its brackets."""
        key = (text, face, size, rtl)
        found = self._glyphs.get(key)
        if found is None:
            plain = text.replace(SHY, "")
            scale = size / shaper(self.faces[face].path).upem
            found = self._glyphs[key] = tuple((g.gid, g.cluster, g.advance * scale, g.dx * scale, g.dy * scale)
                                              for g in self._shape(plain, face, rtl))
        return found
