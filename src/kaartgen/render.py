"""Render stage: a `Plan` → PDF bytes, drawn with ReportLab's canvas (the only module that imports ReportLab).

The renderer computes no geometry: it draws the plan's items where they are, shifted by the page margin the
prepress stage chose (bleed and mark area). Text is drawn as plain strings — never through ReportLab's
paragraph markup — so nothing in a content or translation file is ever interpreted. Print editions use
DeviceCMYK only (and the registration colour for marks), with black text as 100 % K; screen editions convert
the layout's CMYK colours to RGB, and their plans carry links and bookmarks.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .plan import REGISTRATION, Bookmark, Box, Circle, Link, Picture, Plan, QRCode, Rule, TextRun

_registered: dict[tuple[Path, int, int], str] = {}


def _font_name(path: Path) -> str:
    """Register each font file once per process; ReportLab embeds and subsets TrueType fonts itself.

    The name derives from the file's path, size and time, so another workspace (or a changed file) in the same
    process never reuses a font registered earlier under the same file name."""
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns)
    name = _registered.get(key)
    if name is None:
        import hashlib

        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        name = f"kg-{path.stem}-{hashlib.sha256(repr(key).encode()).hexdigest()[:8]}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered[key] = name
    return name


class _FontNames(dict):
    """face → registered ReportLab font name, filled on first use (an unused face costs nothing)."""

    def __init__(self, paths: dict[str, Path]):
        super().__init__()
        self.paths = paths

    def __missing__(self, face: str) -> str:
        self[face] = name = _font_name(self.paths[face])
        return name


@dataclass(frozen=True)
class PageFrame:
    """Where the trim sits on the media: set by prepress."""

    margin: float  # from media edge to trim edge, all four sides
    trim_box: tuple[float, float, float, float] | None  # None for a screen edition (no boxes beyond media)
    bleed_box: tuple[float, float, float, float] | None


def cmyk_to_rgb(cmyk: tuple[float, float, float, float]) -> tuple[float, float, float]:
    c, m, y, k = cmyk
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


def render(plan: Plan, frame: PageFrame, *, cmyk: bool, marks: tuple = (), watermark: str = "",
           pictures: dict | None = None) -> bytes:
    """Draw every page of the plan; `marks` are extra items per page (crop, fold marks, slug) from prepress;
    `pictures` maps each Picture item to the PIL image the images stage prepared for this edition."""
    from reportlab import rl_config
    from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
    from reportlab.pdfgen import canvas as rl_canvas

    rl_config.useA85 = 0  # binary (Flate) streams: smaller and faster than ASCII85-wrapped ones

    media = (plan.trim_w + 2 * frame.margin, plan.trim_h + 2 * frame.margin)
    buffer = io.BytesIO()
    canvas = rl_canvas.Canvas(buffer, pagesize=media, invariant=1, pageCompression=1,
                              enforceColorSpace="sep_cmyk" if cmyk else None,
                              lang=plan.meta.get("lang") or None, initialFontName=_font_name(plan.fonts["regular"]))
    canvas.setTitle(plan.meta.get("title", ""))
    canvas.setSubject(plan.meta.get("subject", ""))
    canvas.setAuthor(plan.meta.get("author", ""))
    canvas.setCreator("kaartgen")
    fonts = _FontNames(plan.fonts)  # a face is parsed and registered only when something is set in it

    def colour(name: str):
        if name == REGISTRATION:
            return CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)
        c, m, y, k = plan.colours[name]
        if cmyk:
            return CMYKColor(c, m, y, k)
        r, g, b = cmyk_to_rgb((c, m, y, k))
        return Color(r, g, b)

    bookmark_numbers = itertools.count()
    for index, page in enumerate(plan.pages):
        if frame.trim_box:
            canvas.setTrimBox(frame.trim_box)
            canvas.setBleedBox(frame.bleed_box)
        canvas.saveState()
        canvas.translate(frame.margin, frame.margin)
        page_items = page.items + (marks[index] if index < len(marks) else ())
        text = None  # one text object per run of consecutive text items: far fewer operators than drawString
        text_state: tuple = ()
        for item in page_items:
            if isinstance(item, TextRun):
                if text is None:
                    text, text_state = canvas.beginText(), ()
                font = (fonts[item.face], item.size)
                if text_state[:1] != (font,):
                    text.setFont(*font)
                if text_state[1:] != (item.colour,):
                    text.setFillColor(colour(item.colour))
                text_state = (font, item.colour)
                text.setTextOrigin(item.x, item.y)
                text.textOut(item.text)
                continue
            if text is not None:
                canvas.drawText(text)
                text = None
            if isinstance(item, Box):
                canvas.setFillColor(colour(item.colour))
                r = item.rect
                canvas.rect(r.x, r.y, r.w, r.h, stroke=0, fill=1)
            elif isinstance(item, Circle):
                canvas.setFillColor(colour(item.colour))
                canvas.circle(item.cx, item.cy, item.r, stroke=0, fill=1)
            elif isinstance(item, Rule):
                canvas.setStrokeColor(colour(item.colour))
                canvas.setLineWidth(item.width)
                canvas.setDash(list(item.dash) if item.dash else [])
                canvas.line(item.x1, item.y1, item.x2, item.y2)
            elif isinstance(item, QRCode):
                _qr(canvas, item, colour(item.colour))
            elif isinstance(item, Picture):
                from reportlab.lib.utils import ImageReader

                r = item.rect  # drawImage stores each distinct image once per PDF, however often it is drawn
                image = (pictures or {})[item]
                canvas.drawImage(ImageReader(image), r.x, r.y, r.w, r.h,
                                 mask="auto" if image.mode in ("RGBA", "LA") else None)
            elif isinstance(item, Link):
                r = item.rect
                canvas.linkURL(item.url, (r.x, r.y, r.right, r.top), relative=1, thickness=0)
            elif isinstance(item, Bookmark):
                key = f"b{next(bookmark_numbers)}"  # unique: headings side by side share a height
                canvas.bookmarkHorizontal(key, 0, item.y)
                canvas.addOutlineEntry(item.title, key, level=0)
        if text is not None:
            canvas.drawText(text)
        if watermark:
            _watermark(canvas, plan, fonts["bold"], colour, watermark)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _qrencoder():
    """ReportLab's QR encoder module, loaded on its own: importing it as `reportlab.graphics.barcode.qrencoder`
    runs the barcode package's __init__, which pulls in platypus and every widget (~0.1 s of start-up)."""
    import importlib.util

    import reportlab

    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("kaartgen._rl_qrencoder", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@lru_cache(maxsize=64)
def qr_modules(data: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """ReportLab's own QR encoder → (module count, dark runs as (row, first column, length))."""
    qrencoder = _qrencoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    count = code.getModuleCount()
    runs = []
    for row in range(count):
        col = 0
        while col < count:
            if code.isDark(row, col):
                start = col
                while col < count and code.isDark(row, col):
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return count, tuple(runs)


def _qr(canvas, item: QRCode, fill) -> None:
    """The QR code as one filled path of module runs (no graphics-state side effects, no stray fonts)."""
    count, runs = qr_modules(item.data)
    module = item.rect.w / count
    path = canvas.beginPath()
    for row, col, length in runs:
        path.rect(item.rect.x + col * module, item.rect.top - (row + 1) * module, length * module, module)
    canvas.setFillColor(fill)
    canvas.drawPath(path, stroke=0, fill=1)


def _watermark(canvas, plan: Plan, font: str, colour, text: str) -> None:
    """A draft's diagonal mark across the whole page: outlined letters, so the text below stays readable."""
    canvas.saveState()
    canvas.translate(plan.trim_w / 2, plan.trim_h / 2)
    canvas.rotate(30)
    size = min(plan.trim_w, plan.trim_h) / 4
    width = canvas.stringWidth(text, font, size)
    canvas.setStrokeColor(colour("draft") if "draft" in plan.colours else colour("black"))
    canvas.setLineWidth(2)
    label = canvas.beginText(-width / 2, -size / 3)
    label.setFont(font, size)
    label.setTextRenderMode(1)  # stroke only
    label.textOut(text)
    canvas.drawText(label)
    canvas.restoreState()
