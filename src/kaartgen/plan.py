"""The plan: what layout produces and every later stage reads — pages of positioned items, in pt.

Coordinates are PDF points with the origin at the trim's bottom-left corner; anything meant to bleed is
already extended past the trim by the layout. Each text item says where it came from (``file:line`` or the PO
``msgctxt``), so a problem found on a page can be traced back to its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .layoutspec import Rect

CMYK = tuple[float, float, float, float]
REGISTRATION = "registration"  # colour name of printer's marks: 100 % of every separation


@dataclass(frozen=True)
class TextRun:
    x: float
    y: float  # baseline
    text: str
    face: str  # regular | bold | italic | bold_italic
    size: float
    colour: str
    source: str = ""
    key: str = ""  # block key (msgctxt)
    link: str | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Box:
    rect: Rect
    colour: str


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    colour: str


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: str
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class QRCode:
    rect: Rect
    data: str
    colour: str


@dataclass(frozen=True)
class Picture:
    """A logo: the renderer draws the pixels the images stage prepared for this file and edition."""

    rect: Rect
    picture: Any  # images.LogoPicture: the file, its pixel size and content hash


@dataclass(frozen=True)
class Link:
    rect: Rect
    url: str


@dataclass(frozen=True)
class Bookmark:
    title: str
    y: float


@dataclass(frozen=True)
class BlockArea:
    """Where a block (or one list item) landed: for translator screenshots and proofs."""

    key: str
    panel: str
    rect: Rect


Item = TextRun | Box | Circle | Rule | QRCode | Picture | Link | Bookmark | BlockArea


@dataclass(frozen=True)
class Page:
    side: str
    items: tuple[Item, ...]
    folds: tuple[float, ...] = ()  # x of each fold, trim coordinates
    panels: tuple[tuple[str, Rect, Rect], ...] = ()  # (id, panel rect, safe rect)


@dataclass(frozen=True)
class Plan:
    layout: str
    trim_w: float
    trim_h: float
    bleed: float  # how far bleeding items run past the trim (0 for a screen edition)
    pages: tuple[Page, ...]
    body_size: float
    fonts: dict[str, Path]
    colours: dict[str, CMYK]
    fold_type: str = "none"
    meta: dict[str, str] = field(default_factory=dict)  # title, subject, author, lang
