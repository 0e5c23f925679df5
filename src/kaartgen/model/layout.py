"""Layout types: a validated layout file — sheet, bleed, folds, panels, flows, styles, colours, fit policy — in pt.

Produced by :mod:`kaartgen.load.layouts`; read by layout (which places text in the panels) and by the tools.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .content import base_language
from .geometry import Rect

FACES = ("regular", "bold", "italic", "bold_italic")
_PLAINER = {"bold_italic": ("bold_italic", "bold", "regular"), "italic": ("italic", "regular"),
            "bold": ("bold", "regular"), "regular": ("regular",)}


def fallback_faces(face: str, fonts: Mapping[str, object]) -> list[str]:
    """The fonts to try, in order, for a character of `face` that the face itself lacks: each fallback font set's
    same face, else its plainer one (a script font without italics sets italic text upright)."""
    found = []
    index = 1
    while f"regular+{index}" in fonts:
        for name in _PLAINER.get(face, (face,)):
            if f"{name}+{index}" in fonts:
                found.append(f"{name}+{index}")
                break
        index += 1
    return found


@dataclass(frozen=True)
class Style:
    name: str
    face: str  # regular | bold | italic | bold_italic
    size: float  # pt at the base body size
    leading: float  # multiple of the size
    colour: str
    space_before: float = 0.0
    space_after: float = 0.0
    indent: float = 0.0  # hanging indent of list items
    marker: str = ""  # "•", "number" (a round badge) or "" for none
    marker_colour: str = ""
    uppercase: bool = False
    fixed: bool = False  # keeps its size when the body size shrinks to fit
    keep_with_next: bool = False
    align: str = "left"  # left | center
    hyphenate: bool = True  # headings usually read better unbroken
    max_chars: int = 0  # the longest text this style may set (0: no limit), e.g. for the regional note
    max_lines: int = 0  # the most lines one text of this style may take (0: no limit), e.g. a heading's 3
    value_style: str = ""  # a contacts list: the style its numbers are set in, each on its own line under its
    #                        label (a poster's big numbers); "" keeps label and number on one row


@dataclass(frozen=True)
class Panel:
    """A panel of one side: a fold's panel, a poster's box, or one column of either."""

    id: str
    side: int  # 0-based index into sides
    rect: Rect  # in trim coordinates
    safe: Rect  # the area text may use
    background: str = ""  # colour name
    fill: Rect | None = None  # what the background paints: the panel; of columns, the first paints the whole panel

    @property
    def background_rect(self) -> Rect | None:
        return self.fill if self.background else None


@dataclass(frozen=True)
class FlowEntry:
    kind: str  # block | break | space | qr | logos | rule | contacts
    key: str = ""  # block key (block), placeholder (qr), alignment (logos), colour (rule) or role (contacts)
    size: float = 0.0  # space height, qr size, logo height or rule thickness, pt; for a fill space -1
    line: int = 0
    width: float = 0.0  # rule length, pt
    styles: tuple[tuple[str, str], ...] = ()  # contacts: card part → style name
    items: tuple[str, ...] = ()  # block: the list items it sets, in this order (a poster's selection); () all

    def style_of(self, part: str) -> str:
        return dict(self.styles).get(part, CARD_STYLES[part])


CARD_STYLES = {  # the styles a contact card is set in, unless its flow entry says otherwise
    "label": "subheading", "organisation": "body", "person": "plain_list", "phones": "contacts",
    "email": "plain_list", "website": "plain_list", "address": "plain_list", "hours": "plain_list",
}


@dataclass(frozen=True)
class Flow:
    panels: tuple[str, ...]
    entries: tuple[FlowEntry, ...]
    valign: str = "top"  # top | bottom | center: where a panel's text sits when it has room to spare
    balance: bool = False  # columns end at the same height: the text is shared out rather than run to the foot


@dataclass(frozen=True)
class Band:
    side: int
    rect: Rect
    colour: str


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    description: str
    path: Path
    shown: str
    trim_w: float
    trim_h: float
    bleed: float
    safe: float
    fold_type: str
    fold_widths: tuple[float, ...]
    sides: tuple[str, ...]
    panels: dict[str, Panel]
    flows: tuple[Flow, ...]
    styles: dict[str, Style]
    colours: dict[str, tuple[float, float, float, float]]
    fonts: dict[str, Path]
    bands: tuple[Band, ...]
    base_size: float
    min_size: float
    step: float
    hyphenate: bool
    max_size: float = 0.0  # the largest body size fit may grow to (0: the base size, fit only shrinks)
    colour_past_fold: float = 0.0  # how far a panel's background runs past a fold onto a paper-white neighbour
    grid: float = 0.0  # the baseline grid, as a part of a body line (1 or 0.5; 0: none): every text starts on it
    languages: tuple[str, ...] = ()  # the languages it is made for (a mirrored folder for right-to-left ones); () all

    def placed_blocks(self) -> dict[str, tuple[str, ...]]:
        """Block key → the list items its flows set (() for all of them), for every block the layout places."""
        return {entry.key: entry.items for flow in self.flows for entry in flow.entries if entry.kind == "block"}

    def made_for(self, lang: str) -> bool:
        """Whether this layout prints `lang` (its `languages:`, by base language: 'ar' covers 'ar_EG')."""
        return not self.languages or lang in self.languages or base_language(lang) in self.languages

    def grid_step(self, body: float) -> float:
        """The baseline grid's step at a body size, in pt (0: no grid)."""
        body_style = self.styles.get("body")
        return self.grid * body * body_style.leading if self.grid and body_style is not None else 0.0

    @property
    def largest_size(self) -> float:
        return max(self.max_size, self.base_size)
    def folds(self, side: int) -> list[float]:
        """x positions of the folds on one side, in trim coordinates."""
        widths = self.side_widths(side)
        xs, x = [], 0.0
        for w in widths[:-1]:
            x += w
            xs.append(x)
        return xs

    def side_widths(self, side: int) -> tuple[float, ...]:
        return self.fold_widths if side % 2 == 0 else tuple(reversed(self.fold_widths))

    @property
    def is_folded(self) -> bool:
        return self.fold_type != "none"
