"""The plan: what layout produces and the backends read — pages of positioned items, in pt, and nothing else.

`render(plan) → bytes` needs nothing but this: the page frame (media, trim and bleed boxes), every item on every
page (text runs, boxes, rules, QR codes with their modules, pictures with their pixels, links, bookmarks), the
printer's marks, the draft watermark, the colours in the edition's colour model, the fonts and the metadata.

Coordinates are PDF points with the origin at the trim's bottom-left corner; anything meant to bleed is already
extended past the trim, and marks lie outside the bleed. Each text item says where it came from (a
`SourceRef`: ``content/signalenkaart/nl.yaml:42`` or a PO file's line) and its block key, so a problem found on
a page can be traced back to its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import SourceRef
from .geometry import Rect

CMYK = tuple[float, float, float, float]
Colour = tuple[float, ...]  # CMYK (4) or RGB (3) fractions, in the plan's colour model
REGISTRATION = "registration"  # colour name of printer's marks: 100 % of every separation
BoxTuple = tuple[float, float, float, float]  # left, bottom, right, top in media coordinates
PRIVATE_USE_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFF))  # the code points a glyph that is not a letter's own
# is drawn through (`glyph_code`): layout refuses a font that gives them characters of its own


def glyph_code(gid: int) -> int:
    """The private-use code point glyph `gid` is drawn through: 0xE000 + its id, or past glyph 6399 0xF0000 + its
    id (Supplementary Private Use Area-A: fonts of up to 65536 glyphs)."""
    (start, end), (past, _end) = PRIVATE_USE_RANGES
    return start + gid if start + gid <= end else past + gid


def private_use(code: int) -> bool:
    """Whether `code` is one of the private-use code points shaped glyphs are drawn through."""
    return any(start <= code <= end for start, end in PRIVATE_USE_RANGES)


@dataclass(frozen=True)
class TextRun:
    x: float
    y: float  # baseline
    text: str
    face: str  # regular | bold | italic | bold_italic
    size: float
    colour: str
    source: SourceRef = SourceRef("")
    key: str = ""  # block key (msgctxt)
    link: str | None = None
    width: float = 0.0
    tag: str = "P"  # the structure it is part of (screen edition's tags): H1, H2, H3, P, LBody (a list item), Lbl
    lang: str = ""  # its language when not the document's (a draft's Dutch fallback): the tagged PDF says so
    glyphs: tuple[tuple[int, int, float, float, float], ...] = ()  # shaped (`layout.shaping`): (glyph id, cluster:
    # the index in `text` of the first character it stands for, advance, dx, dy in pt); () for one glyph per character
    rtl: bool = False  # set right to left (an odd bidi level, `layout.bidi`), its glyphs in visual order: a run of
    # brackets or spaces between Arabic words too, though it has no right-to-left letter


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
    """A QR code: its square, the data it holds and the dark modules as runs (row, first column, length)."""

    rect: Rect
    data: str
    colour: str
    count: int  # modules per side
    runs: tuple[tuple[int, int, int], ...]
    alt: str = ""  # what a screen reader says of it (the address it leads to)

    @property
    def module(self) -> float:
        """The size of one module, pt."""
        return self.rect.w / self.count


@dataclass(frozen=True)
class PreparedImage:
    """Pixels ready to embed: mode (L, LA, RGB, RGBA or CMYK), size and raw bytes, converted for the edition."""

    mode: str
    width: int
    height: int
    data: bytes
    digest: str  # sha256 of the source file, for messages and caching

    @property
    def has_alpha(self) -> bool:
        return self.mode in ("RGBA", "LA")


@dataclass(frozen=True)
class Picture:
    """A logo placed on the page, with the pixels to draw and where its file was named."""

    rect: Rect
    image: PreparedImage
    shown: str  # the logo file, workspace-relative
    alt: str
    source: SourceRef
    pixels: tuple[int, int]  # of the file as delivered (for the resolution check)


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
class PageFrame:
    """Where the trim sits on the media: the margin around it (bleed, plus room for marks) and the boxes."""

    margin: float  # from media edge to trim edge, all four sides
    trim_box: BoxTuple | None  # None for a screen edition (no boxes beyond the media)
    bleed_box: BoxTuple | None


@dataclass(frozen=True)
class Watermark:
    """A draft's diagonal mark: outlined text centred on the trim, rotated, in one colour."""

    text: str
    face: str
    size: float
    cx: float  # the centre of rotation (the trim's centre), trim coordinates
    cy: float
    x: float  # left end of the baseline, in the rotated system whose origin is (cx, cy)
    y: float
    angle: float  # degrees
    colour: str
    line_width: float


@dataclass(frozen=True)
class Page:
    side: str  # the sheet's side (print), or the panel this page shows (screen: one page per panel)
    items: tuple[Item, ...]
    folds: tuple[float, ...] = ()  # x of each fold, trim coordinates
    panels: tuple[tuple[str, Rect, Rect], ...] = ()  # (id, panel rect, safe rect)
    marks: tuple[Item, ...] = ()  # crop and fold marks and the slug, outside the bleed (print with --marks)
    size: tuple[float, float] | None = None  # this page's width and height when not the plan's trim (screen)
    watermark: Watermark | None = None  # a draft's mark placed for this page when it has its own size

    def trim_size(self, plan: Plan) -> tuple[float, float]:
        return self.size or (plan.trim_w, plan.trim_h)


@dataclass(frozen=True)
class Plan:
    layout: str
    trim_w: float
    trim_h: float
    bleed: float  # how far bleeding items run past the trim (0 for a screen edition)
    pages: tuple[Page, ...]
    body_size: float
    fonts: dict[str, Path]
    colours: dict[str, Colour]  # in `colour_model`
    frame: PageFrame
    date: dt.datetime  # the build date: metadata, slug and edition line
    colour_model: str = "cmyk"  # cmyk (print) | rgb (screen)
    fold_type: str = "none"
    watermark: Watermark | None = None
    pdfx: str | None = None  # "4" or "1a" for print, None for screen
    meta: dict[str, str] = field(default_factory=dict)  # title, subject, author, lang
    overprint_black: bool = False  # text in pure 100 % K is set to overprint (print only)
    tagged: bool = False  # a tagged PDF (PDF/UA-1): the screen edition

    @property
    def media(self) -> tuple[float, float]:
        return self.trim_w + 2 * self.frame.margin, self.trim_h + 2 * self.frame.margin

    def items(self, kind: type | tuple[type, ...] = object) -> list:
        """Every item of the given kind on every page, in order (marks excluded)."""
        return [item for page in self.pages for item in page.items if isinstance(item, kind)]
