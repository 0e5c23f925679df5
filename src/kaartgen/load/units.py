"""Units in data files: lengths with a unit (``3mm``, ``0.3cm``, ``9pt``, ``1in``) → pt, CMYK percentages → fractions.

Parsed once, at load; a bare number, a missing unit or an impossible value is a ValueError whose message says how
to write it (the loaders turn it into a located diagnostic).
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..model.geometry import PT_PER
from .yamlfile import describe

LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")
MAX_LENGTH_PT = 14400.0  # 200 in (5080 mm): the largest page a PDF may have, so no length need be longer


def parse_length(value: Any) -> float:
    """'3mm', '0.3cm', '8.5pt', '1in' → points. Bare numbers are refused: a unit must be explicit."""
    if isinstance(value, bool):  # YAML reads yes, no, on, off, true and false as yes/no values
        raise ValueError(f"expected a length such as '3mm', got {describe(value)}")
    if isinstance(value, (int, float)):
        if value == 0:
            return 0.0
        raise ValueError(f"'{value}' has no unit: write e.g. '{value}mm' or '{value}pt'")
    match = LENGTH.match(str(value)) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"'{value}' is not a length: write a number and a unit (mm, cm, pt or in), e.g. '3mm'")
    length = float(match.group(1)) * PT_PER[match.group(2)]
    if abs(length) > MAX_LENGTH_PT:
        raise ValueError(f"'{str(value)[:20]}…' is longer than the largest PDF page (5080 mm)")
    return length


def parse_positive_length(value: Any) -> float:
    length = parse_length(value)
    if length < 0:
        raise ValueError(f"'{value}' is negative; a length here must be zero or more")
    return length


def parse_nonzero_length(value: Any) -> float:
    length = parse_length(value)
    if length <= 0:
        raise ValueError(f"'{value}': a length here must be more than zero")
    return length


def parse_cmyk(value: Any) -> tuple[float, float, float, float]:
    """[c, m, y, k] in percent → fractions 0..1; total ink is checked by the caller."""
    if not isinstance(value, list) or len(value) != 4 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        raise ValueError(f"{value!r} is not a CMYK colour: write four percentages, e.g. [0, 0, 0, 100]")
    if any(v < 0 or v > 100 for v in value):
        raise ValueError(f"{value!r}: each percentage must be between 0 and 100")
    if sum(value) > 300:
        raise ValueError(f"{value!r} has {sum(value)} % total ink; printers allow at most 300 %")
    c, m, y, k = (round(v / 100, 4) for v in value)
    return c, m, y, k
