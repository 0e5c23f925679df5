"""The web page of an edition (`--edition html`): what `backends.html` writes, as `Plan` is what the PDF backend
draws. Texts stay `Text` values (spans with bold, italic and links), so the backend escapes every character of
them and turns only kaartgen's own inline syntax into markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .content import CardPart, Text


@dataclass(frozen=True)
class WebPicture:
    """A logo for the page: its PNG (sRGB, at twice the shown size), what it shows, and its size in CSS px."""

    png: bytes
    alt: str
    width: int
    height: int


@dataclass(frozen=True)
class WebBlock:
    """One block in reading order. `kind` is the element it becomes: title, subtitle, region, lead (the page's
    header); heading, subheading, paragraph, callout, link, note, bullets, steps, contacts, lines (a list without
    markers), card (a contact, from `parts`); logos (the region's, from `pictures`); footer."""

    kind: str
    key: str
    texts: tuple[Text, ...] = ()
    parts: tuple[CardPart, ...] = ()
    pictures: tuple[WebPicture, ...] = ()


@dataclass(frozen=True)
class WebPage:
    document: str
    lang: str
    title: str  # the page's <title>: the document's title and the region
    description: str  # the document's subject
    author: str
    date: dt.datetime
    blocks: tuple[WebBlock, ...]
    colours: dict[str, str] = field(default_factory=dict)  # CSS role → "#rrggbb" (ink, accent, highlight, tint, on)
    uppercase: tuple[str, ...] = ()  # block kinds the layout sets in capitals (CSS, so the text stays as written)
    draft: bool = False  # a proof, never for publishing: the page says so at its top
    direction: str = "ltr"  # ltr | rtl: the language's writing direction (the page's dir)
    italics: bool = True  # the language's script sets emphasis in italics (not Arabic, Hebrew, Chinese …)
