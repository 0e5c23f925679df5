"""Placement: spec + texts + fit → the `Plan`, the one thing the backends read.

Panel backgrounds and colour bands come first (bleeding where they touch the trim, for print), then every flow's
chunks at their positions: text runs line by line (markers, right-aligned contact numbers), QR codes with their
modules, logo rows with the pixels prepared for the edition, accent rules, links and bookmarks for screen, and
the block areas translators' screenshots and proofs draw. Then what surrounds the page: the page frame, the
printer's marks and slug (print, when asked), the draft watermark, the colours in the edition's colour model.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from ..backends.colour import cmyk_to_rgb, output_profile, relative_luminance
from ..backends.images import prepared
from ..backends.qr import encode as encode_qr
from ..model.content import Texts
from ..model.edition import EditionName
from ..model.geometry import Rect, mm
from ..model.layout import LayoutSpec, Panel
from ..model.plan import (
    BlockArea,
    Bookmark,
    Box,
    Circle,
    Colour,
    Item,
    Link,
    Page,
    Picture,
    Plan,
    QRCode,
    Rule,
    TextRun,
    Watermark,
)
from .bidi import visual_runs
from .compose import Chunk
from .fit import Fit
from .flow import Placed, baseline_offset
from .linebreak import Line
from .marks import page_frame, page_marks
from .measure import SHY, Measure
from .scripts import is_rtl
from .shaping import has_rtl

LOGO_GAP = mm(5)
WATERMARK = "CONCEPT"


@dataclass(frozen=True)
class PlanSettings:
    """What the plan depends on beyond layout and texts: which edition, marks, PDF/X level and the build date."""

    name: EditionName
    date: dt.datetime
    marks: bool = False
    pdfx: str = "4"
    overprint_black: bool = False

    @property
    def print_edition(self) -> bool:
        return self.name.is_print

    def slug(self, side: str) -> str:
        n = self.name
        return (f"{n.document} · {n.layout} · {n.region} · {n.lang} · {n.edition}"
                f"{' · CONCEPT' if n.draft else ''} · {self.date.strftime('%Y-%m-%d')} · {side}")


def make_plan(spec: LayoutSpec, texts: Texts, fitted: Fit, settings: PlanSettings, measure: Measure) -> Plan:
    """Position everything of one edition; the result is complete: the renderer computes nothing."""
    print_edition = settings.print_edition
    bleed = spec.bleed if print_edition else 0.0
    links = not print_edition
    pages: list[list[Item]] = [[] for _ in spec.sides]
    for panel in sorted(spec.panels.values(), key=lambda p: -_lightness(spec, p.background)):  # lightest first
        fill = panel.background_rect
        if fill is not None:
            fill = _past_folds(fill, panel, spec) if print_edition else fill
            pages[panel.side].append(Box(_bleed_rect(fill, spec, bleed), panel.background))
    for band in spec.bands:
        pages[band.side].append(Box(_bleed_rect(band.rect, spec, bleed), band.colour))
    for flow, result in fitted.results:
        for pid, placed in result.placed.items():
            panel = spec.panels[pid]
            _place_panel(pages[panel.side], panel, placed, result.used[pid], flow.valign, links, settings,
                         measure, spec.grid_step(fitted.body_size), texts.lang)
    with_marks = settings.marks and print_edition
    page_list = []
    for side_index, items in enumerate(pages):
        panel_list = tuple((p.id, p.rect, p.safe) for p in spec.panels.values() if p.side == side_index)
        folds = tuple(spec.folds(side_index)) if spec.is_folded else ()
        marks = page_marks(spec.trim_w, spec.trim_h, bleed, folds, settings.slug(spec.sides[side_index])) \
            if with_marks else ()
        page_list.append(Page(spec.sides[side_index], tuple(items), folds, panel_list, marks))
    watermark = _watermark(spec, measure) if settings.name.draft else None
    if not print_edition:
        page_list = _panel_pages(page_list, spec, texts, watermark)
    meta = {"title": texts.title, "subject": texts.subject, "author": texts.author, "lang": texts.lang}
    colours: dict[str, Colour] = dict(spec.colours) if print_edition else \
        {name: cmyk_to_rgb(cmyk) for name, cmyk in spec.colours.items()}
    frame = page_frame(spec.trim_w, spec.trim_h, bleed, print_edition=print_edition, with_marks=with_marks)
    return Plan(spec.name, spec.trim_w, spec.trim_h, bleed, tuple(page_list), fitted.body_size, spec.fonts,
                colours, frame, settings.date, "cmyk" if print_edition else "rgb", spec.fold_type, watermark,
                settings.pdfx if print_edition else None, meta, settings.overprint_black and print_edition,
                not print_edition)


def _watermark(spec: LayoutSpec, measure: Measure) -> Watermark:
    """A draft's diagonal mark across the whole page: outlined letters, so the text below stays readable."""
    size = min(spec.trim_w, spec.trim_h) / 4
    width = measure.width(WATERMARK, "bold", size)
    colour = "draft" if "draft" in spec.colours else "black"
    return Watermark(WATERMARK, "bold", size, spec.trim_w / 2, spec.trim_h / 2, -width / 2, -size / 3, 30.0,
                     colour, 2.0)


def _panel_pages(sides: list[Page], spec: LayoutSpec, texts: Texts, watermark: Watermark | None) -> list[Page]:
    """The screen edition's pages: one per panel (a column of a poster's box is its panel), in reading order —
    the panel with the cover's title first, then each by the first text it holds in the source's order — each
    holding what lies on that panel, moved to the page's origin (backgrounds cut to it). A screen reader, a
    search and pdftotext then meet the card as it is read, not as the sheet is printed."""
    order = {key: index for index, key in enumerate(texts.blocks)}

    def first_text(page: Page, pid: str) -> float:
        keys = [i.key for i in page.items if isinstance(i, BlockArea) and i.panel == pid]
        found = [order[k.split(".")[0]] for k in keys if k.split(".")[0] in order]
        return min(found) if found else float("inf")

    panels = [(page, pid, rect, safe) for page in sides for pid, rect, safe in page.panels]
    reading = sorted(range(len(panels)), key=lambda i: (first_text(panels[i][0], panels[i][1]), i))
    pages = []
    for index in reading:
        page, pid, rect, safe = panels[index]
        items = _on_panel(page.items, pid, rect)
        if not any(isinstance(item, TextRun | QRCode | Picture) for item in items):
            continue  # a panel with nothing to read (a column a poster's box leaves empty)
        shifted = Rect(0.0, 0.0, rect.w, rect.h)
        mark = _fitted(watermark, (rect.w, rect.h)) if watermark is not None else None
        pages.append(Page(pid, tuple(items), (), ((pid, shifted, _moved(safe, rect)),), (), (rect.w, rect.h), mark))
    return pages


def _fitted(mark: Watermark, size: tuple[float, float]) -> Watermark:
    """A draft's mark for a page of its own size: centred on it, and no larger than it."""
    scale = min(1.0, min(size) / 4 / mark.size)
    return replace(mark, cx=size[0] / 2, cy=size[1] / 2, size=mark.size * scale, x=mark.x * scale, y=mark.y * scale)


def _on_panel(items: tuple[Item, ...], pid: str, panel: Rect) -> list[Item]:
    """The items of a side that lie on one panel, in the page's order, moved by the panel's origin."""
    def inside(x: float, y: float) -> bool:
        return panel.x - 0.01 <= x <= panel.right + 0.01 and panel.y - 0.01 <= y <= panel.top + 0.01

    found: list[Item] = []
    pending: list[Bookmark] = []  # a bookmark belongs to the panel of the text that follows it
    for item in items:
        if isinstance(item, Bookmark):
            pending.append(item)
            continue
        keep = False
        if isinstance(item, TextRun):
            keep = inside(item.x + item.width / 2, item.y + item.size * 0.3)
        elif isinstance(item, Box):
            cut = item.rect.intersection(panel)
            if cut is not None and cut.w > 0.01 and cut.h > 0.01:
                found.append(Box(_moved(cut, panel), item.colour))
            continue
        elif isinstance(item, Circle):
            keep = inside(item.cx, item.cy)
        elif isinstance(item, Rule):
            keep = inside((item.x1 + item.x2) / 2, (item.y1 + item.y2) / 2)
        elif isinstance(item, QRCode | Picture | Link):
            keep = inside(item.rect.x + item.rect.w / 2, item.rect.y + item.rect.h / 2)
        elif isinstance(item, BlockArea):
            keep = item.panel == pid
        if pending and isinstance(item, TextRun):
            found += [Bookmark(b.title, b.y - panel.y) for b in pending] if keep else []
            pending = []
        if keep:
            found.append(_shifted(item, panel))
    return found


def _moved(rect: Rect, origin: Rect) -> Rect:
    return Rect(rect.x - origin.x, rect.y - origin.y, rect.w, rect.h)


def _shifted(item: Item, origin: Rect) -> Item:
    dx, dy = origin.x, origin.y
    if isinstance(item, TextRun):
        return replace(item, x=item.x - dx, y=item.y - dy)
    if isinstance(item, Circle):
        return replace(item, cx=item.cx - dx, cy=item.cy - dy)
    if isinstance(item, Rule):
        return replace(item, x1=item.x1 - dx, y1=item.y1 - dy, x2=item.x2 - dx, y2=item.y2 - dy)
    if isinstance(item, QRCode | Picture | Link | BlockArea):
        return replace(item, rect=_moved(item.rect, origin))
    return item


def _past_folds(fill: Rect, panel: Panel, spec: LayoutSpec) -> Rect:
    """A background that ends on a fold runs `colour_past_fold` past it when what lies beyond is lighter (the
    paper, or a paler panel): a fold half a millimetre off then leaves no light sliver on the folded edge of the
    darker panel. (Backgrounds are drawn lightest first, so the darker one's wrap shows.)"""
    wrap = spec.colour_past_fold
    if not wrap or not spec.is_folded:
        return fill
    tol = 0.01
    own = _lightness(spec, panel.background)
    neighbours = [p for p in spec.panels.values() if p.side == panel.side and p is not panel and p.background]

    def lighter_beyond(x: float) -> bool:
        beyond = [p for p in neighbours if p.rect.x - tol <= x <= p.rect.right + tol]
        return all(_lightness(spec, p.background) > own for p in beyond)

    left, right = fill.x, fill.right
    for fold in spec.folds(panel.side):
        if abs(fill.x - fold) < tol and lighter_beyond(fold - wrap):
            left = fold - wrap
        if abs(fill.right - fold) < tol and lighter_beyond(fold + wrap):
            right = fold + wrap
    return Rect(left, fill.y, right - left, fill.h)


def _lightness(spec: LayoutSpec, colour: str) -> float:
    return relative_luminance(cmyk_to_rgb(spec.colours[colour])) if colour else 1.0


def _bleed_rect(rect: Rect, spec: LayoutSpec, bleed: float) -> Rect:
    tol = 0.01
    left = bleed if rect.x <= tol else 0.0
    bottom = bleed if rect.y <= tol else 0.0
    right = bleed if rect.right >= spec.trim_w - tol else 0.0
    top = bleed if rect.top >= spec.trim_h - tol else 0.0
    return Rect(rect.x - left, rect.y - bottom, rect.w + left + right, rect.h + bottom + top)


def _place_panel(items: list[Item], panel: Panel, placed: list[Placed], used: float, valign: str, links: bool,
                 settings: PlanSettings, measure: Measure, grid: float = 0.0, lang: str = "nl") -> None:
    safe = panel.safe
    spare = max(safe.h - used, 0.0)
    fills = [p for p in placed if p.chunk.kind == "fill"]
    shift_top = 0.0

    def on_grid(shift: float) -> float:  # a shift of whole grid steps keeps the text on the baseline grid
        return math.floor(shift / grid + 1e-6) * grid if grid else shift

    if fills:
        per_fill = on_grid(spare / len(fills))
    else:
        per_fill = 0.0
        shift_top = on_grid({"top": 0.0, "center": spare / 2, "bottom": spare}[valign])
    extra = shift_top
    mirrored = is_rtl(lang)  # a right-to-left edition: codes, rules and logos stand on the right, with its text
    for at, p in enumerate(placed):
        chunk = p.chunk
        if chunk.kind == "fill":
            extra += per_fill
            continue
        top_y = safe.top - p.top - extra  # top of this chunk in trim coordinates
        if chunk.kind == "qr":
            size = chunk.height_fixed
            label = next((q.chunk for q in placed[at + 1:] if q.chunk.kind == "text"), None)
            mirror = mirrored if label is None else is_rtl(label.lang or lang)  # on its label's side
            rect = Rect(safe.right - size if mirror else safe.x, top_y - size, size, size)
            count, runs = encode_qr(chunk.qr_data)
            items.append(QRCode(rect, chunk.qr_data, "black", count, runs, f"QR: {chunk.qr_link or chunk.qr_data}"))
            if links and chunk.qr_link:
                items.append(Link(rect, chunk.qr_link))
            continue
        if chunk.kind == "logos":
            align = {"left": "right", "right": "left"}.get(chunk.align, chunk.align) if mirrored else chunk.align
            items.extend(_logo_row(replace(chunk, align=align), safe, top_y, settings.name.edition))
            continue
        if chunk.kind == "rule":
            colour, length = chunk.rule
            width = min(length, safe.w)
            items.append(Box(Rect(safe.right - width if mirrored else safe.x, top_y - chunk.height_fixed, width,
                                  chunk.height_fixed), colour))
            continue
        if chunk.kind != "text" or not p.lines:
            continue
        if links and chunk.bookmark and p.lines is chunk.lines:  # bookmarks are for reading on screen
            items.append(Bookmark(chunk.bookmark, top_y))
        tag = _tag(chunk)
        y = top_y
        rtl = is_rtl(chunk.lang or lang)
        for line in p.lines:
            baseline = y - baseline_offset(line.leading, line.size)
            # a draft's Dutch contact row in a right-to-left list keeps the list's number column (at the left)
            row_rtl = mirrored if line.right else rtl
            if rtl or row_rtl or any(has_rtl(piece.text) for _x, piece, _w in line.runs):  # in visual order
                _place_bidi_line(items, line, chunk, safe, baseline, tag, links, measure, rtl, row_rtl)
                y -= line.leading
                continue
            x0 = safe.x + chunk.indent
            if chunk.align == "center":
                x0 = safe.x + (safe.w - line.width) / 2
            if line.marker is not None:
                _marker(items, line, safe.x, baseline, chunk, measure)
            for dx, piece, width in line.runs:
                items.append(TextRun(x0 + dx, baseline, piece.text.replace(SHY, ""), piece.face, line.size,
                                     line.colour, chunk.source, chunk.key, piece.link, width, tag, chunk.lang,
                                     measure.glyphs(piece.text, piece.face, line.size, rtl=False)))
                if links and piece.link:
                    items.append(Link(Rect(x0 + dx, baseline - line.size * 0.25, width, line.size * 1.1),
                                      piece.link))
            if line.right:
                _place_right(items, line, chunk, safe.right - line.right_width, baseline, tag, links, measure,
                             False)
            y -= line.leading
        items.append(BlockArea(chunk.key, panel.id, Rect(safe.x, y, safe.w, top_y - y)))


LOGO_GAP = mm(5)


def _logo_row(chunk: Chunk, safe: Rect, top_y: float, edition: str) -> list[Item]:
    """Logos side by side at the slot's height, scaled down together if the row is wider than the panel."""
    height = chunk.height_fixed
    widths = [height * p.width / p.height for p in chunk.pictures]
    total = sum(widths) + LOGO_GAP * (len(widths) - 1)
    scale = min(1.0, safe.w / total)
    x = {"left": safe.x, "center": safe.x + (safe.w - total * scale) / 2,
         "right": safe.right - total * scale}.get(chunk.align, safe.x)
    items: list[Item] = []
    for picture, width in zip(chunk.pictures, widths, strict=True):
        rect = Rect(x, top_y - height * scale, width * scale, height * scale)
        image = prepared(picture, edition, rect.w, rect.h, output_profile())
        logo = picture.logo
        items.append(Picture(rect, image, logo.shown, logo.alt, logo.source, (picture.width, picture.height)))
        x += (width + LOGO_GAP) * scale
    return items


def _place_bidi_line(items: list[Item], line: Line, chunk: Chunk, safe: Rect, baseline: float, tag: str,
                     links: bool, measure: Measure, rtl: bool, side: bool) -> None:
    """A line with right-to-left text: its runs in visual order (`bidi.visual_runs`), each run at an odd level
    shaped right to left. In a right-to-left paragraph (`rtl`) the line is set against the right edge (inside the
    list indent, which is on the right), a list marker at the right edge, a contact's number (`line.right`) at the
    left; an Arabic or Hebrew phrase in a left-to-right paragraph keeps that paragraph's left alignment.
    `side`: the line is set from the right (its paragraph's direction, or the list's for a draft's Dutch contact
    row in a right-to-left list)."""
    runs = visual_runs(line, rtl, lambda text, face: measure.width(text, face, line.size))
    total = sum(run.width for run in runs)
    if chunk.align == "center":
        x = safe.x + (safe.w - total) / 2
    else:
        x = safe.right - chunk.indent - total if side else safe.x + chunk.indent
    if line.marker is not None:
        _marker(items, line, safe.right if side else safe.x, baseline, chunk, measure, rtl=side)
    for run in runs:
        piece = run.piece
        text = piece.text.replace(SHY, "")
        if text.strip():
            items.append(TextRun(x, baseline, text, piece.face, line.size, line.colour, chunk.source, chunk.key,
                                 piece.link, run.width, tag, chunk.lang,
                                 measure.glyphs(piece.text, piece.face, line.size, rtl=run.rtl), run.rtl))
            if links and piece.link:
                items.append(Link(Rect(x, baseline - line.size * 0.25, run.width, line.size * 1.1), piece.link))
        x += run.width
    if line.right:
        _place_right(items, line, chunk, safe.x if side else safe.right - line.right_width, baseline, tag, links,
                     measure, rtl)


def _place_right(items: list[Item], line: Line, chunk: Chunk, x: float, baseline: float, tag: str, links: bool,
                 measure: Measure, rtl: bool) -> None:
    """A contact line's number (`line.right`: it stands at the panel's right edge, or at its left in a
    right-to-left paragraph), from `x`: its runs in visual order, each shaped in its direction (a right-to-left
    word after the number too: "0800-0000 مجاناً")."""
    pieces = line.right or []
    if rtl or any(has_rtl(piece.text) for piece, _width in pieces):
        runs, at = [], 0.0
        for piece, width in pieces:
            runs.append((at, piece, width))
            at += width
        placed = [(run.piece, run.width, run.rtl) for run in visual_runs(
            Line(runs, at, line.size, line.leading, line.colour), rtl,
            lambda text, face: measure.width(text, face, line.size))]
    else:
        placed = [(piece, width, False) for piece, width in pieces]
    for piece, width, run_rtl in placed:
        text = piece.text.replace(SHY, "")
        if text.strip():
            items.append(TextRun(x, baseline, text, piece.face, line.size, line.colour, chunk.source, chunk.key,
                                 piece.link, width, tag, chunk.lang,
                                 measure.glyphs(piece.text, piece.face, line.size, rtl=run_rtl), run_rtl))
            if links and piece.link:
                items.append(Link(Rect(x, baseline - line.size * 0.25, width, line.size * 1.1), piece.link))
        x += width


def _marker(items: list[Item], line: Line, x: float, baseline: float, chunk: Chunk, measure: Measure,
            rtl: bool = False) -> None:
    """A list item's bullet or round number at `x`: the panel's left edge, or its right edge (`rtl`); a number
    centred in its badge."""
    text, colour = line.marker  # type: ignore[misc]
    width = measure.width(text, "bold", line.size)
    glyphs = measure.glyphs(text, "bold", line.size)
    if chunk.badge:
        r = line.size * 0.78
        cx, cy = (x - r if rtl else x + r), baseline + line.size * 0.36
        items.append(Circle(cx, cy, r, colour))
        items.append(TextRun(cx - width / 2, baseline, text, "bold", line.size, "white", chunk.source,
                             chunk.key, None, width, "Lbl", glyphs=glyphs))
    else:
        items.append(TextRun(x - width if rtl else x, baseline, text, "bold", line.size, colour,
                             chunk.source, chunk.key, None, width, "Lbl", glyphs=glyphs))


HEADING_TAGS = {"title": "H1", "heading": "H2", "subheading": "H3"}  # by style: what a screen reader calls it


def _tag(chunk: Chunk) -> str:
    """The structure a text chunk belongs to: a heading by its style, a list item's body when its lines carry a
    bullet or number, else a paragraph."""
    return "LBody" if chunk.item else HEADING_TAGS.get(chunk.style, "P")
