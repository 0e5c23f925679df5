"""Font files → metrics for layout: advance widths, vertical metrics and glyph coverage (fontTools).

Only the layout and check stages measure text, so this reads just the ``cmap``, ``hmtx``, ``head`` and
``hhea``/``OS/2`` tables, once per file per process (`face` is cached). The renderer embeds the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Face:
    """Metrics of one font file. Widths are in font units; divide by `upm` and multiply by the size."""

    path: Path
    postscript_name: str
    upm: int
    ascent: int
    descent: int  # negative
    cap_height: int
    widths: dict[int, int]  # code point → advance width
    default_width: int

    def has(self, char: str) -> bool:
        return ord(char) in self.widths

    def width(self, text: str, size: float) -> float:
        widths, default = self.widths, self.default_width
        return sum(widths.get(ord(ch), default) for ch in text) * size / self.upm

    def missing(self, text: str) -> set[str]:
        return {ch for ch in text if ord(ch) not in self.widths and not ch.isspace()}


def check_font_file(path: Path) -> str:
    """Why `path` cannot be used as a font ('' when it can)."""
    if not path.is_file():
        return "file not found"
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        if magic == b"OTTO":
            return "a CFF-flavoured OpenType font; use the TrueType (.ttf) version"
        return "not a TrueType font file"
    try:
        face(path)
    except Exception as exc:  # fontTools raises many kinds on a damaged file
        return f"damaged font file ({type(exc).__name__})"
    return ""


@lru_cache(maxsize=32)
def face(path: Path) -> Face:
    """Metrics of a font file (read once per process, and kept in the disk cache between processes)."""
    from .diskcache import cached_json

    data = cached_json("face", path, _fonttools_version(), lambda: _read_metrics(path))
    widths = {int(code): width for code, width in data["widths"].items()}
    return Face(path, path.stem, data["upm"], data["ascent"], data["descent"], data["cap_height"], widths,
                data["default"])


def _fonttools_version() -> str:
    import fontTools  # the package itself is small; fontTools.ttLib is what costs

    return str(fontTools.version)


def _read_metrics(path: Path) -> dict:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    try:
        cmap = font.getBestCmap() or {}
        glyph_widths = {name: advance for name, (advance, _lsb) in font["hmtx"].metrics.items()}
        upm = font["head"].unitsPerEm
        os2 = font["OS/2"] if "OS/2" in font else None
        ascent = os2.sTypoAscender if os2 else font["hhea"].ascent
        return {
            "upm": upm,
            "ascent": ascent,
            "descent": os2.sTypoDescender if os2 else font["hhea"].descent,
            "cap_height": getattr(os2, "sCapHeight", 0) or int(ascent * 0.7),
            "widths": {str(code): glyph_widths.get(name, 0) for code, name in cmap.items()},
            "default": glyph_widths.get(".notdef", upm // 2),
        }
    finally:
        font.close()


def coverage_problems(faces: dict[str, Path], text: str) -> set[str]:
    """Characters of `text` that some face of the layout lacks."""
    missing: set[str] = set()
    for path in faces.values():
        missing |= face(path).missing(text)
    return missing
