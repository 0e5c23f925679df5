"""Text measuring for one layout: the layout's faces by name, widths cached per (face, text) at size 1."""

from __future__ import annotations

from typing import Any

from ..load.fonts import Face, face as load_face
from ..model.layout import LayoutSpec, fallback_faces

SHY = "\u00ad"  # soft hyphen: an invisible break opportunity that shows as "-" only at a line end


class Measure:
    """Text measuring for one layout: faces by name, widths cached per (face, text) at size 1."""

    def __init__(self, spec: LayoutSpec):
        self.faces: dict[str, Face] = {name: load_face(path) for name, path in spec.fonts.items()}
        self._cache: dict[tuple[str, str], float] = {}
        self._chosen: dict[tuple[str, str], str] = {}
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
            unit = self._cache[key] = self.faces[face].width(text.replace(SHY, ""), 1.0)
        return unit * size

