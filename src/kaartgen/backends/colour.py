"""Colour: the output intent's profile (FOGRA39) and the conversion of print colours for screen editions.

The profile ships in ``kaartgen/data`` (made with ArgyllCMS from FOGRA39L characterisation data, Zlib licence;
see its README). Screen colours are converted from the layout's CMYK with the naive formula for now.
"""

from __future__ import annotations

from pathlib import Path

ICC_PROFILE = Path(__file__).resolve().parents[1] / "data" / "FOGRA39L.icc"
OUTPUT_CONDITION = "FOGRA39"
OUTPUT_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004)"
REGISTRY = "http://www.color.org"


def output_profile() -> Path:
    """The output intent's ICC profile (looked up at call time, so a test can point it elsewhere)."""
    return ICC_PROFILE


def cmyk_to_rgb(cmyk: tuple[float, ...]) -> tuple[float, float, float]:
    c, m, y, k = cmyk
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
