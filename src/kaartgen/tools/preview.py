"""Previews and proofs: built PDFs → PNG pictures of every page, and a proof sheet an approver can check and sign.

Pages are rasterised by :mod:`kaartgen.backends.raster` (the whole MediaBox: bleed and marks included). The
editions are built through the chain with their plans kept, so the proof draws the plan the build made. The
proof sheet puts every side of an edition on one picture and draws over it, in a non-printing style, what
the plan says about it — trim, bleed, folds, safe areas, panel numbers and ids — never positions guessed from
pixels. Beside the sides it shows the cover as folded; below them a caption with the edition, build date and
the sha256 of the PDF and of every source file, and a line for the approver's name and date. The proof is a
PNG and a one-page PDF made of that picture (a proof, not a print file); the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..backends.pdfx import PDFX
from ..backends.raster import DEFAULT_DPI, RenderedPage, png_bytes, rasterise
from ..load.names import ALL
from ..load.regions import ROLE_SHORT
from ..model.content import SOURCE_LANG
from ..model.diagnostics import KaartgenError, UsageError, problem
from ..model.edition import PDF_EDITIONS, EditionName, Options
from ..model.geometry import Rect
from ..model.layout import LayoutSpec
from ..model.plan import Plan
from ..model.region import PrintedValue
from ..pipeline.build import build
from ..pipeline.chain import EditionResult
from ..pipeline.editions import Change, EditionRecord, compare, previous, printed_now, read_log
from ..pipeline.inputs import Inputs
from ..pipeline.output import atomic_write, sha256

MM = 72 / 25.4
PROOF_FOLDER = "proofs"  # beside the PDFs, so `*.pdf` there stays the print files only

# Non-printing overlay style: RGBA colours, dash patterns in pt (on, off, ...).
CYAN = (0, 160, 230, 235)
MAGENTA = (230, 0, 126, 235)
GREEN = (0, 150, 70, 235)
HALO = (255, 255, 255, 170)
BACKGROUND = (236, 237, 239)
INK = (34, 34, 38)
MUTED = (96, 98, 106)
SOLID: tuple[float, ...] = ()
DASHED = (6.0, 3.5)
DASH_DOT = (9.0, 2.5, 1.5, 2.5)
DOTTED = (1.2, 2.2)


# --------------------------------------------------------------------------- pages


def page_png_name(pdf_path: Path, number: int) -> str:
    return f"{pdf_path.stem}-p{number}.png"


def render_pages(pdf_path: Path | str, dpi: float = DEFAULT_DPI, out_dir: Path | str | None = None) -> list[Path]:
    """Write one PNG per page, `<pdf stem>-p<N>.png`, into `out_dir` (default: beside the PDF)."""
    return write_pages(Path(pdf_path), rasterise(pdf_path, dpi), out_dir)


def write_pages(pdf_path: Path, pages: Sequence[RenderedPage], out_dir: Path | str | None = None) -> list[Path]:
    folder = Path(out_dir) if out_dir is not None else pdf_path.parent
    written = []
    for number, page in enumerate(pages, 1):
        target = folder / page_png_name(pdf_path, number)
        atomic_write(target, png_bytes(page.image))
        written.append(target)
    return written


# --------------------------------------------------------------------------- geometry from the plan


@dataclass(frozen=True)
class EditionGeometry:
    """What the proof draws: the plan the build made, and the facts about the edition the caption names."""

    name: EditionName
    spec: LayoutSpec
    plan: Plan
    options: Options
    region_name: str
    title: str
    sources: tuple[tuple[str, Path], ...]  # (role, file) of every source file, as the inputs hash covers them
    workspace: Path
    printed: tuple[PrintedValue, ...] = ()  # every region value this edition prints, with its verification
    previous: EditionRecord | None = None  # the last recorded print run of this edition with another PDF
    changes: tuple[Change, ...] = ()  # printed values changed since `previous`

    @property
    def print_edition(self) -> bool:
        return self.name.is_print

    def shown(self, path: Path) -> str:
        """A file as the proof names it: relative to the workspace, or to the installed package (the profile)."""
        for root in (self.workspace, Path(__file__).resolve().parents[1]):
            try:
                return path.resolve().relative_to(root).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def cover(self) -> tuple[int, str, Rect]:
        """(side, id, rect) of the panel seen first: `cover` on a folded card, else the first panel."""
        panels = [(side, pid, rect) for side, page in enumerate(self.plan.pages) for pid, rect, _ in page.panels]
        if self.plan.fold_type != "none":
            for panel in panels:
                if panel[1] == "cover":
                    return panel
        return panels[0]


def edition_geometry(inputs: Inputs, result: EditionResult, options: Options = Options()) -> EditionGeometry:
    """The proof's view of a built edition: its plan (kept by the build) and its source files."""
    if result.plan is None:
        raise KaartgenError(problem(str(result.path or result.name), None, "", "the build kept no plan",
                                    "build with keep_plans=True (kaartgen preview does)"))
    name = result.name
    region = inputs.region(name.region)
    printed = tuple(region.printed(name.lang, ROLE_SHORT))
    records, _problems = read_log(inputs.workspace, name.region)
    before = previous(records, name, result.sha256)
    changes: tuple[Change, ...] = ()
    if before is not None:
        texts = dict(result.record.texts or ()) if result.record is not None else printed_now(inputs, name)[1]
        changes = tuple(compare(before, printed, texts))
    return EditionGeometry(name, inputs.layout(name.layout), result.plan, options, region.name,
                           result.plan.meta.get("title", ""), result.sources, inputs.workspace.resolve(),
                           printed, before, changes)


def check_pages_match(geometry: EditionGeometry, pages: Sequence[RenderedPage], pdf_path: Path) -> None:
    """The rendered PDF must be the one the plan describes: same page count, media and trim box."""
    plan, frame = geometry.plan, geometry.plan.frame
    media_w, media_h = plan.media
    trim = frame.trim_box or (0.0, 0.0, plan.trim_w, plan.trim_h)
    hint = "rebuild it with kaartgen build --force, with the same --marks"
    if len(pages) != len(plan.pages):
        raise KaartgenError(problem(str(pdf_path), None, "", f"{len(pages)} pages, but its plan has "
                                                             f"{len(plan.pages)}", hint))
    for number, page in enumerate(pages, 1):
        if any(abs(a - b) > 0.05 for a, b in zip(page.media, (0.0, 0.0, media_w, media_h), strict=True)) or \
                any(abs(a - b) > 0.05 for a, b in zip(page.trim, trim, strict=True)):
            raise KaartgenError(problem(str(pdf_path), None, "", f"page {number} has MediaBox {_box(page.media)} "
                                        f"and TrimBox {_box(page.trim)}, but its plan says "
                                        f"{_box((0, 0, media_w, media_h))} and {_box(trim)}", hint))


def _box(box: Sequence[float]) -> str:
    return "[" + " ".join(f"{v:.2f}" for v in box) + "]"


# --------------------------------------------------------------------------- proof sheet


@dataclass(frozen=True)
class ProofSheet:
    """The proof picture and where each side's media (top-left corner, px) landed on it."""

    image: Image.Image
    dpi: float
    origins: tuple[tuple[int, int], ...]

    def point(self, side: int, x: float, y: float, margin: float, media_h: float) -> tuple[float, float]:
        """Pixel position on the sheet of trim coordinates (x, y) in pt on one side."""
        return self.point_of(self.origins[side], self.dpi, x, y, margin, media_h)

    @staticmethod
    def point_of(origin: tuple[int, int], dpi: float, x: float, y: float, margin: float,
                 media_h: float) -> tuple[float, float]:
        s = dpi / 72
        return origin[0] + (margin + x) * s, origin[1] + (media_h - margin - y) * s


class _Fonts:
    def __init__(self, fonts: dict[str, Path], scale: float):
        self._fonts = fonts
        self._scale = scale
        self._cache: dict[tuple[str, float], ImageFont.FreeTypeFont] = {}

    def __call__(self, face: str, size_pt: float) -> ImageFont.FreeTypeFont:
        key = (face, size_pt)
        if key not in self._cache:
            px = max(6, round(size_pt * self._scale))
            self._cache[key] = ImageFont.truetype(str(self._fonts[face]), px,
                                                  layout_engine=ImageFont.Layout.BASIC)
        return self._cache[key]


Point = tuple[float, float]
RGBA = tuple[int, ...]


def _dashed(draw: ImageDraw.ImageDraw, a: Point, b: Point, pattern: Sequence[float], width: int, fill: RGBA) -> None:
    """An axis-parallel line with a dash pattern in px (empty: solid)."""
    (x1, y1), (x2, y2) = a, b
    if not pattern:
        draw.line([(x1, y1), (x2, y2)], fill=fill, width=width)
        return
    length = abs(x2 - x1) + abs(y2 - y1)
    dx, dy = ((x2 - x1) / length, (y2 - y1) / length) if length else (0.0, 0.0)
    pos, index = 0.0, 0
    while pos < length:
        step = max(pattern[index % len(pattern)], 1.0)
        if index % 2 == 0:
            end = min(pos + step, length)
            draw.line([(x1 + dx * pos, y1 + dy * pos), (x1 + dx * end, y1 + dy * end)], fill=fill, width=width)
        pos += step
        index += 1


class _Overlay:
    """Non-printing lines with a light halo, so they read on white paper and on dark panels alike.

    Lines are recorded, then drawn on one transparent layer — every halo first, every line over them — and that
    layer is blended onto the sheet in place.
    """

    def __init__(self, scale: float):
        self.scale = scale
        self.width = max(1, round(0.75 * scale))
        self.lines: list[tuple[Point, Point, list[float], RGBA]] = []

    def line(self, a: Point, b: Point, pattern: Sequence[float], colour: RGBA) -> None:
        self.lines.append((a, b, [max(1.0, p * self.scale) for p in pattern], colour))

    def rect(self, left: float, top: float, right: float, bottom: float, pattern: Sequence[float],
             colour: RGBA) -> None:
        self.line((left, top), (right, top), pattern, colour)
        self.line((right, top), (right, bottom), pattern, colour)
        self.line((right, bottom), (left, bottom), pattern, colour)
        self.line((left, bottom), (left, top), pattern, colour)

    def draw_onto(self, sheet: Image.Image) -> None:
        layer = Image.new("RGBA", sheet.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for a, b, pattern, _colour in self.lines:
            _dashed(draw, a, b, pattern, self.width + 2, HALO)
        for a, b, pattern, colour in self.lines:
            _dashed(draw, a, b, pattern, self.width, colour)
        sheet.paste(layer, (0, 0), layer)


def _mm(pt: float) -> str:
    return f"{pt / MM:.1f}".rstrip("0").rstrip(".")


def _tag(draw: ImageDraw.ImageDraw, x: float, y: float, text: str, font: ImageFont.FreeTypeFont,
         px: Callable[[float], int]) -> None:
    """A panel label: white on magenta, its top-left corner at (x, y)."""
    box = draw.textbbox((x + px(3), y + px(1.5)), text, font=font)
    draw.rounded_rectangle((x, y, box[2] + px(3), box[3] + px(2)), radius=px(2), fill=MAGENTA[:3])
    draw.text((x + px(3), y + px(1.5)), text, font=font, fill=(255, 255, 255))


def make_proof(pdf_path: Path | str, geometry: EditionGeometry, dpi: float = DEFAULT_DPI,
               pages: Sequence[RenderedPage] | None = None) -> ProofSheet:
    """Compose the proof picture of one edition from its PDF (rendered at `dpi`) and its plan."""
    pdf_path = Path(pdf_path)
    pages = list(pages) if pages is not None else rasterise(pdf_path, dpi)
    check_pages_match(geometry, pages, pdf_path)
    plan, frame, name = geometry.plan, geometry.plan.frame, geometry.name
    s = dpi / 72

    def px(pt: float) -> int:
        return round(pt * s)

    margin = frame.margin
    media_w, media_h = plan.trim_w + 2 * margin, plan.trim_h + 2 * margin
    page_w, page_h = pages[0].image.size
    if abs(page_w - media_w * s) > 1.5 or abs(page_h - media_h * s) > 1.5:
        raise ValueError(f"pages rendered at another resolution than {dpi} dpi")
    font = _Fonts(plan.fonts, s)
    folded = plan.fold_type != "none"

    # Layout of the sheet (px): header; sides stacked (landscape) or side by side (portrait) with a label above
    # and dimensions below each; beside them a column with the cover as folded and the legend; the caption below.
    pad, gap = px(12 * MM), px(8 * MM)
    header_h, label_h, dim_h = px(40), px(20), px(22)
    vertical = media_w >= media_h
    if vertical:
        origins = [(pad, header_h + i * (label_h + page_h + dim_h + gap) + label_h) for i in range(len(pages))]
        block_w, block_h = page_w, len(pages) * (label_h + page_h + dim_h) + (len(pages) - 1) * gap
    else:
        origins = [(pad + i * (page_w + gap), header_h + label_h) for i in range(len(pages))]
        block_w, block_h = len(pages) * page_w + (len(pages) - 1) * gap, label_h + page_h + dim_h
    proof_origins = tuple(origins)

    def at(side: int, x: float, y: float) -> tuple[float, float]:
        return ProofSheet.point_of(proof_origins[side], dpi, x, y, margin, media_h)

    cover_side, cover_id, cover_rect = geometry.cover()
    column_x, column_w = pad + block_w + gap, px(80 * MM)
    reduce = min(0.5, column_w / (cover_rect.w * s), px(110 * MM) / (cover_rect.h * s))
    left, top = px(margin + cover_rect.x), px(media_h - margin - cover_rect.top)
    crop = pages[cover_side].image.crop((left, top, left + px(cover_rect.w), top + px(cover_rect.h)))
    thumb = crop.resize((max(1, round(crop.width * reduce)), max(1, round(crop.height * reduce))),
                        Image.Resampling.LANCZOS)
    thumb_y = header_h + px(16)
    legend = [(SOLID, CYAN, "Trim: where the sheet is cut")]
    if plan.bleed > 0:
        legend.append((DASHED, CYAN, f"Bleed: {_mm(plan.bleed)} mm past the trim"))
    if folded:
        legend.append((DASH_DOT, MAGENTA, "Fold"))
    legend.append((DOTTED, GREEN, f"Safe area: text stays inside ({_mm(geometry.spec.safe)} mm)"))
    legend_y = thumb_y + thumb.height + px(30)
    column_h = legend_y - header_h + px(16) + px(14) * (len(legend) + 1) + px(6) + px(12) * 2
    caption = _Caption(geometry, pdf_path, font, px)
    caption_y = header_h + max(block_h, column_h) + gap
    width = max(column_x + column_w + pad, pad + caption.width + pad)
    height = caption_y + caption.height + pad

    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    shadow = max(2, px(1.5))
    for (ox, oy), page in zip(origins, pages, strict=True):
        draw.rectangle((ox + shadow, oy + shadow, ox + page_w + shadow - 1, oy + page_h + shadow - 1),
                       fill=(200, 201, 205))
        sheet.paste(page.image, (ox, oy))
    draw.rectangle((column_x + shadow, thumb_y + shadow, column_x + thumb.width + shadow - 1,
                    thumb_y + thumb.height + shadow - 1), fill=(190, 191, 196))
    sheet.paste(thumb, (column_x, thumb_y))

    # The plan's lines over the sides, and the legend's samples.
    overlay = _Overlay(s)
    tags: list[tuple[tuple[float, float], str]] = []
    for side, side_plan in enumerate(plan.pages):
        for pid, rect, safe in side_plan.panels:
            (x0, y0), (x1, y1) = at(side, safe.x, safe.top), at(side, safe.right, safe.y)
            overlay.rect(x0, y0, x1 - 1, y1 - 1, DOTTED, GREEN)
            tags.append((at(side, rect.x + 1.2 * MM, rect.top - 1.2 * MM), f"{len(tags) + 1} · {pid}"))
        if plan.bleed > 0:
            (x0, y0), (x1, y1) = at(side, -plan.bleed, plan.trim_h + plan.bleed), \
                at(side, plan.trim_w + plan.bleed, -plan.bleed)
            overlay.rect(x0, y0, x1 - 1, y1 - 1, DASHED, CYAN)
        (x0, y0), (x1, y1) = at(side, 0, plan.trim_h), at(side, plan.trim_w, 0)
        overlay.rect(x0, y0, x1 - 1, y1 - 1, SOLID, CYAN)
        reach = plan.bleed + 4 * MM  # folds run a little past the bleed, like fold marks
        for fold in side_plan.folds:
            overlay.line(at(side, fold, plan.trim_h + reach), at(side, fold, -reach), DASH_DOT, MAGENTA)
    y = legend_y + px(16)
    for pattern, colour, _text in legend:
        overlay.line((column_x, y + px(5)), (column_x + px(28), y + px(5)), pattern, colour)
        y += px(14)
    overlay.draw_onto(sheet)

    # Text: panel tags, side labels, dimensions, header, column, caption.
    draw = ImageDraw.Draw(sheet)
    tag_font = font("bold", 7.5)
    for (tag_x, tag_y), text in tags:
        _tag(draw, tag_x, tag_y, text, tag_font, px)
    for side, side_plan in enumerate(plan.pages):
        ox, oy = origins[side]
        label = f"Side {side + 1}: {side_plan.side}"
        draw.text((ox, oy - label_h + px(3)), label, font=font("bold", 10), fill=INK)
        detail = f"trim {_mm(plan.trim_w)} × {_mm(plan.trim_h)} mm" + (
            f", {_mm(plan.bleed)} mm bleed shown" if plan.bleed > 0 else ", no bleed (screen edition)")
        if frame.margin > plan.bleed + 0.01:
            detail += ", printer's marks"
        draw.text((ox + draw.textlength(label, font=font("bold", 10)) + px(8), oy - label_h + px(5)), detail,
                  font=font("regular", 8), fill=MUTED)
        edges = [0.0, *side_plan.folds, plan.trim_w]
        y = oy + page_h + px(9)
        for x0, x1 in itertools.pairwise(edges):
            a, b = at(side, x0, 0)[0], at(side, x1, 0)[0]
            draw.line([(a, y), (b, y)], fill=MUTED, width=1)
            for x in (a, b):
                draw.line([(x, y - px(3)), (x, y + px(3))], fill=MUTED, width=1)
            text = f"{_mm(x1 - x0)} mm"
            half = draw.textlength(text, font=font("regular", 7.5)) / 2 + px(2)
            draw.rectangle(((a + b) / 2 - half, y - px(5), (a + b) / 2 + half, y + px(5)), fill=BACKGROUND)
            draw.text(((a + b) / 2, y), text, font=font("regular", 7.5), fill=MUTED, anchor="mm")

    word = "DRAFT PROOF" if name.draft else "PROOF"
    draw.text((pad, px(12)), word, font=font("bold", 16), fill=MAGENTA[:3])
    x = pad + draw.textlength(word, font=font("bold", 16)) + px(10)
    draw.text((x, px(14)), f"{geometry.title}  —  {pdf_path.name}", font=font("bold", 10), fill=INK)
    draw.text((x, px(27)), "Check every page and the numbers before signing. Lines and labels in cyan, magenta "
              "and green are not printed.", font=font("regular", 7.5), fill=MUTED)

    draw.text((column_x, header_h), "As folded" if folded else "First panel", font=font("bold", 10), fill=INK)
    draw.text((column_x, thumb_y + thumb.height + px(6)),
              f"{cover_id} (side {cover_side + 1}), {_mm(cover_rect.w)} × {_mm(cover_rect.h)} mm, "
              f"at {round(reduce * 100)} %", font=font("regular", 7.5), fill=MUTED)
    draw.text((column_x, legend_y), "Legend (not printed)", font=font("bold", 10), fill=INK)
    y = legend_y + px(16)
    for _pattern, _colour, text in legend:
        draw.text((column_x + px(36), y), text, font=font("regular", 8), fill=INK)
        y += px(14)
    _tag(draw, column_x, y, "1 · id", tag_font, px)
    draw.text((column_x + px(36), y), "Panel number and id", font=font("regular", 8), fill=INK)
    y += px(20)
    notes = ["Colours: CMYK shown approximately on screen." if geometry.print_edition else
             "Screen edition: RGB colours.", f"Body text: {plan.body_size:g} pt."]
    if folded and geometry.print_edition:
        notes.append("Card over 170 g/m²: crease before folding (ink across a fold cracks).")
        if geometry.spec.colour_past_fold:
            notes.append(f"Colours run {_mm(geometry.spec.colour_past_fold)} mm past the folds onto lighter panels.")
    for line in notes:
        draw.text((column_x, y), line, font=font("regular", 7.5), fill=MUTED)
        y += px(12)

    draw.line([(pad, caption_y - px(6)), (width - pad, caption_y - px(6))], fill=(190, 191, 196), width=1)
    caption.draw(draw, pad, caption_y)
    return ProofSheet(sheet, dpi, proof_origins)


class _Caption:
    """Facts about the edition (left), sha256 of the PDF and every source file (right), and a line to sign."""

    def __init__(self, geometry: EditionGeometry, pdf_path: Path, font: _Fonts, px: Callable[[float], int]):
        plan, name, opts = geometry.plan, geometry.name, geometry.options
        if geometry.print_edition:
            edition = (f"print — {PDFX[opts.pdfx].name}, CMYK, "
                       f"{_mm(plan.bleed)} mm bleed" + (", crop and fold marks" if opts.marks else ""))
        else:
            edition = "screen — RGB, links, no bleed"
        language = name.lang + (" (source text)" if name.lang == SOURCE_LANG else " (translation)")
        if name.draft:
            language += ", DRAFT: not reviewed, marked CONCEPT"
        self.facts = [
            ("Document", f"{name.document} — {geometry.title}"),
            ("Layout", f"{name.layout} — {geometry.spec.description}"),
            ("Region", f"{name.region} — {geometry.region_name}"),
            ("Language", language),
            ("Edition", edition),
            ("Date", plan.date.strftime("%Y-%m-%d")),
            ("Pages", f"{len(plan.pages)}, body text {plan.body_size:g} pt"),
        ]
        self.files = [("PDF", pdf_path.name, _file_sha(pdf_path))]
        self.files += [(role, geometry.shown(path), _file_sha(path)) for role, path in geometry.sources]
        self.font, self.px = font, px
        self.label_w = px(62)
        measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
        value = font("regular", 8)
        self.facts_w = self.label_w + max(measure.textlength(v, font=value) for _, v in self.facts)
        self.path_w = max(measure.textlength(shown, font=value) for _, shown, _ in self.files)
        digest_w = max(measure.textlength(d, font=value) for _, _, d in self.files)
        self.files_x = round(self.facts_w) + px(28)
        self.width = self.files_x + self.label_w + round(self.path_w) + px(12) + round(digest_w)
        self.line_h = px(14)
        rows = max(len(self.facts), len(self.files))
        # Every contact value the card prints, and what changed since the last print run: what an approver checks.
        self.printed = [v for v in geometry.printed if not v.key.endswith(".label")]
        self.changes = list(geometry.changes)
        self.previous = geometry.previous
        self.value_label_w = max((measure.textlength(v.label, font=value) for v in self.printed), default=0) + px(10)
        self.value_w = max((measure.textlength(v.text, font=value) for v in self.printed), default=0) + px(14)
        self.contacts_h = px(22) + self.line_h * len(self.printed) + px(12)
        self.changes_h = px(22) + self.line_h * max(1, len(self.changes)) + px(12)
        self.width = max(self.width, round(self.value_label_w + self.value_w) + px(200))
        self.height = (px(20) + self.line_h * rows + px(14) + self.contacts_h + self.changes_h + px(16))

    def draw(self, draw: ImageDraw.ImageDraw, x0: int, top: int) -> None:
        font, px, line_h = self.font, self.px, self.line_h
        label_font, value_font = font("bold", 8), font("regular", 8)
        draw.text((x0, top), "This proof shows", font=font("bold", 10), fill=INK)
        y = top + px(20)
        for label, value in self.facts:
            draw.text((x0, y), label, font=label_font, fill=MUTED)
            draw.text((x0 + self.label_w, y), value, font=value_font, fill=INK)
            y += line_h
        hx = x0 + self.files_x
        draw.text((hx, top), "Files (sha256)", font=font("bold", 10), fill=INK)
        y = top + px(20)
        for role, shown, digest in self.files:
            draw.text((hx, y), role, font=label_font, fill=MUTED)
            draw.text((hx + self.label_w, y), shown, font=value_font, fill=INK)
            draw.text((hx + self.label_w + self.path_w + px(12), y), digest, font=value_font, fill=INK)
            y += line_h
        y = top + px(20) + line_h * max(len(self.facts), len(self.files)) + px(14)
        y = self._draw_contacts(draw, x0, y)
        y = self._draw_changes(draw, x0, y)
        x: float = x0
        for label, length in (("Approved by", 190), ("Date", 90), ("Signature", 160)):
            draw.text((x, y), label, font=font("bold", 9), fill=INK)
            x += draw.textlength(label, font=font("bold", 9)) + px(6)
            draw.line([(x, y + px(11)), (x + px(length), y + px(11))], fill=INK, width=1)
            x += px(length) + px(24)


    def _draw_contacts(self, draw: ImageDraw.ImageDraw, x0: int, y: int) -> int:
        font, px, line_h = self.font, self.px, self.line_h
        draw.text((x0, y), "Contact data on this edition — check every number", font=font("bold", 10), fill=INK)
        y += px(22)
        for value in self.printed:
            draw.text((x0, y), value.label, font=font("regular", 8), fill=MUTED)
            draw.text((x0 + self.value_label_w, y), value.text, font=font("bold", 8), fill=INK)
            if value.verified:
                never = value.verified == "never"
                draw.text((x0 + self.value_label_w + self.value_w, y),
                          "not verified" if never else f"verified {value.verified}", font=font("regular", 8),
                          fill=MAGENTA[:3] if never else MUTED)
            y += line_h
        return y + px(12)

    def _draw_changes(self, draw: ImageDraw.ImageDraw, x0: int, y: int) -> int:
        font, px, line_h = self.font, self.px, self.line_h
        if self.previous is None:
            draw.text((x0, y), "Changed since the previous edition: no earlier print run recorded",
                      font=font("bold", 10), fill=INK)
            return y + px(22) + line_h + px(12)
        since = f"{self.previous.when}, {self.previous.layout}, sha256 {self.previous.sha256[:12]}"
        draw.text((x0, y), f"Changed since the previous edition ({since})", font=font("bold", 10), fill=INK)
        y += px(22)
        if not self.changes:
            draw.text((x0, y), "no changes", font=font("regular", 8), fill=MUTED)
            return y + line_h + px(12)
        for change in self.changes:
            text = {"changed": f"was {change.old}, now {change.new}", "added": f"new: {change.new}",
                    "removed": f"removed (was {change.old})",  # (the proof's face has no arrow)
                    "text": "the wording changed (kaartgen diff shows old and new)"}[change.kind]
            width = self.value_label_w + draw.textlength(text, font=font("bold", 8)) + px(8)
            draw.rectangle((x0 - px(3), y - px(2), x0 + width, y + line_h - px(3)), fill=(255, 236, 150))
            label = f"text {change.label}" if change.kind == "text" else change.label
            draw.text((x0, y), label, font=font("regular", 8), fill=INK)
            draw.text((x0 + self.value_label_w, y), text, font=font("bold", 8), fill=MAGENTA[:3])
            y += line_h
        return y + px(12)


def _file_sha(path: Path) -> str:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return "missing"


def proof_names(pdf_path: Path) -> tuple[str, str]:
    return f"{pdf_path.stem}-proof.png", f"{pdf_path.stem}-proof.pdf"


def write_proof(pdf_path: Path | str, geometry: EditionGeometry, dpi: float = DEFAULT_DPI,
                out_dir: Path | str | None = None, pages: Sequence[RenderedPage] | None = None) -> tuple[Path, Path]:
    """Write the proof as PNG and as a one-page PDF; default folder: `proofs/` beside the PDF."""
    pdf_path = Path(pdf_path)
    folder = Path(out_dir) if out_dir is not None else pdf_path.parent / PROOF_FOLDER
    proof = make_proof(pdf_path, geometry, dpi, pages)
    png_name, pdf_name = proof_names(pdf_path)
    atomic_write(folder / png_name, png_bytes(proof.image))
    when = geometry.plan.date.utctimetuple()
    buffer = io.BytesIO()
    proof.image.save(buffer, "PDF", resolution=dpi, title=f"Proof: {pdf_path.name}", creator="kaartgen",
                     producer="kaartgen (Pillow)", creationDate=when, modDate=when, quality=92)
    atomic_write(folder / pdf_name, buffer.getvalue())
    return folder / png_name, folder / pdf_name


# --------------------------------------------------------------------------- build, then preview


@dataclass(frozen=True)
class PreviewResult:
    edition: EditionResult
    pages: tuple[Path, ...] = ()
    proof: tuple[Path, ...] = ()
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.edition.ok and not self.message


def preview(workspace: Path | str = ".", *, documents: Sequence[str] = (), layouts: Sequence[str] = (),
            langs: Sequence[str] = (), regions: Sequence[str] = (), editions: Sequence[str] = (),
            dpi: float = DEFAULT_DPI, proof: bool = False, out_dir: Path | str | None = None,
            pdf_dir: Path | str | None = None, options: Options = Options(), jobs: int | None = 1,
            progress: Callable[[PreviewResult, int, int], None] | None = None) -> list[PreviewResult]:
    """Build (or reuse) the selected editions, then write page PNGs and, with `proof`, a proof sheet each."""
    workspace = Path(workspace).resolve()
    inputs = Inputs(workspace)  # shared by the build and the proofs: every input file is read once
    if ALL in editions or "html" in editions:  # pictures are of PDFs: the web page is looked at in a browser
        editions = [edition for edition in PDF_EDITIONS if ALL in editions or edition in editions]
        if not editions:
            raise UsageError(problem("--edition", None, "", "preview makes pictures of the PDF editions",
                                     "open the HTML edition in a browser, or preview --edition print or screen"))
    report = build(workspace, documents=documents, layouts=layouts, langs=langs, regions=regions,
                   editions=editions, out_dir=pdf_dir, options=options, jobs=jobs, inputs=inputs,
                   keep_plans=proof)
    results = []
    shown = [edition for edition in report.results if not edition.name.is_html]  # (a workspace default)
    for index, edition in enumerate(shown):
        result = PreviewResult(edition)
        if edition.ok and edition.path is not None:
            try:
                pages = rasterise(edition.path, dpi)
                written = write_pages(edition.path, pages, out_dir)
                proof_files: tuple[Path, ...] = ()
                if proof:
                    geometry = edition_geometry(inputs, edition, options)
                    proof_files = write_proof(edition.path, geometry, dpi, out_dir, pages)
                result = PreviewResult(edition, tuple(written), proof_files)
            except KaartgenError as error:
                result = PreviewResult(edition, message=str(error))
        results.append(result)
        if progress:
            progress(result, index + 1, len(shown))
    return results
