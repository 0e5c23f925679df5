"""Geometry: lengths in PDF points (pt) and rectangles with the origin at the trim's bottom-left corner.

Every length in the model is a float in pt; data files write lengths with units (``3mm``), parsed once at load
(:func:`kaartgen.load.units.parse_length`).
"""

from __future__ import annotations

from dataclasses import dataclass

PT_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
TOLERANCE = 0.01  # pt


def mm(value: float) -> float:
    """Millimetres → points."""
    return value * PT_PER["mm"]


def to_mm(points: float) -> float:
    """Points → millimetres."""
    return points / PT_PER["mm"]


@dataclass(frozen=True)
class Rect:
    """A rectangle in pt, origin at the trim's bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def inset(self, left: float, bottom: float, right: float, top: float) -> Rect:
        return Rect(self.x + left, self.y + bottom, self.w - left - right, self.h - bottom - top)

    def intersection(self, other: Rect) -> Rect | None:
        """The part both cover, or None."""
        left, bottom = max(self.x, other.x), max(self.y, other.y)
        right, top = min(self.right, other.right), min(self.top, other.top)
        return Rect(left, bottom, right - left, top - bottom) if right > left and top > bottom else None

    def contains(self, other: Rect, tol: float = TOLERANCE) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol and other.right <= self.right + tol
                and other.top <= self.top + tol)
