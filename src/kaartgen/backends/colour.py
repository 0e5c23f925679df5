"""Colour: the output intent's profile (FOGRA39) and the conversion of print colours for screen editions.

The profile ships in ``kaartgen/data`` (made with ArgyllCMS from FOGRA39L characterisation data, Zlib licence;
see its README). Screen colours are the layout's CMYK as it prints: converted through that profile to sRGB with
LittleCMS (Pillow's ImageCms), relative colorimetric (paper white becomes screen white), so the screen edition shows
the printed plum (about #6B2F61), not the violet the naive formula makes (#4B088D).

`contrast_ratio` is WCAG 2.x's (relative luminance of sRGB), used by the layout's contrast check on the colours as
they appear.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

ICC_PROFILE = Path(__file__).resolve().parents[1] / "data" / "FOGRA39L.icc"
OUTPUT_CONDITION = "FOGRA39"
OUTPUT_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004)"
REGISTRY = "http://www.color.org"


def output_profile() -> Path:
    """The output intent's ICC profile (looked up at call time, so a test can point it elsewhere)."""
    return ICC_PROFILE


def cmyk_to_rgb(cmyk: tuple[float, ...]) -> tuple[float, float, float]:
    """A print colour (CMYK fractions) as sRGB fractions, through the output intent's profile."""
    return _converted(tuple(cmyk), output_profile())


@lru_cache(maxsize=256)
def _converted(cmyk: tuple[float, ...], profile: Path) -> tuple[float, float, float]:
    from PIL import Image, ImageCms

    pixel = Image.new("CMYK", (1, 1), tuple(round(min(max(v, 0.0), 1.0) * 255) for v in cmyk))
    converted = ImageCms.applyTransform(pixel, _to_srgb(profile))
    assert converted is not None  # (None only when converting in place)
    red, green, blue = converted.getpixel((0, 0))  # type: ignore[misc]  # an RGB pixel is a 3-tuple
    return red / 255, green / 255, blue / 255


@lru_cache(maxsize=4)
def _to_srgb(profile: Path) -> Any:
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.getOpenProfile(str(profile)), ImageCms.createProfile("sRGB"), "CMYK",
                                   "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def relative_luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (fractions)."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    """WCAG 2.x contrast ratio of two sRGB colours, 1 to 21."""
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
