"""Font files → metrics for layout: advance widths and glyph coverage (fontTools).

Only the layout and check stages measure text, so this reads just the ``cmap``, ``hmtx`` and ``head`` tables,
once per file version per process, and keeps the result in the disk cache. The renderer embeds the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Face:
    """Metrics of one font file. Widths are in font units; divide by `upm` and multiply by the size."""

    path: Path
    upm: int
    widths: dict[int, int]  # code point → advance width
    default_width: int

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
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        return f"damaged font file ({type(exc).__name__})"
    return ""


def face(path: Path) -> Face:
    """Metrics of a font file (read once per process per file version, and kept in the disk cache)."""
    stat = path.stat()
    return _face(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=32)
def _face(path: Path, size: int, mtime_ns: int) -> Face:
    from .cache import cached_json

    data = cached_json("face", path, f"{_fonttools_version()}|metrics-2", lambda: _read_metrics(path))
    return Face(path, data["upm"], {int(code): width for code, width in data["widths"].items()}, data["default"])


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
        return {
            "upm": upm,
            "widths": {str(code): glyph_widths.get(name, 0) for code, name in cmap.items()},
            "default": glyph_widths.get(".notdef", upm // 2),
        }
    finally:
        font.close()


def coverage_problems(faces: dict[str, Path], text: str) -> set[str]:
    """Characters of `text` that some face of the layout lacks, in the face itself and in its fallback fonts
    (``regular+1``, … : another script's font set)."""
    from ..model.layout import fallback_faces

    text = "".join(set(text))  # each letter once: a card's texts together are one short string
    missing: set[str] = set()
    for name, path in faces.items():
        if "+" in name:
            continue  # a fallback font set: asked only for what a face lacks
        lacking = face(path).missing(text)
        for fallback in fallback_faces(name, faces):
            if not lacking:
                break
            lacking -= {ch for ch in lacking if ord(ch) in face(faces[fallback]).widths}
        missing |= lacking
    return missing
