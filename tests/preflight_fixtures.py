"""Preflight fixtures: PDFs with one thing each that a print shop's preflight must find, and the verdict expected.

Made here, never committed: with ReportLab (content) and pypdf (boxes, output intent, XMP, layers, encryption),
with Ghostscript (its own PDF/X-3 output, from a PostScript page), and by hand (raw PDF objects for what neither
writes, such as a blend mode). ``FIXTURES`` names each with the verdict and the finding IDs preflight must give;
``tests/test_preflight_fixtures.py`` checks them all, and

    python tests/preflight_fixtures.py OUT_DIR

writes them with ``expected.json`` for a look with other preflight tools. The helpers are shared with
``tests/test_preflight.py``.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).parents[1]
FONT_FILE = ROOT / "fonts" / "NotoSans-Regular.ttf"
# The profile moved from icc/ into the package's data folder; accept either so the tests do not depend on the move.
ICC_CANDIDATES = (ROOT / "src" / "kaartgen" / "data" / "FOGRA39L.icc", ROOT / "icc" / "FOGRA39L.icc")
ICC_PROFILE = next((path for path in ICC_CANDIDATES if path.exists()), ICC_CANDIDATES[-1])
FONT = "PreflightNotoSans"
MM = 72 / 25.4
TRIM_W, TRIM_H = 85 * MM, 55 * MM  # a business card
MEDIA_BLEED = 3 * MM  # the MediaBox always has room for 3 mm bleed; the BleedBox says how much is used
TITLE = "Preflight test card"
BLACK = (0, 0, 0, 1)

Draw = Callable[[Canvas], None]


# ---------------------------------------------------------------------------------------------------------------
# Fixture making


def text(size: float = 10, *, font: str = FONT, cmyk: Sequence[float] | None = BLACK) -> Draw:
    """Draw one line of CMYK (or, with cmyk=None, RGB red) text inside the trim."""

    def draw(canvas: Canvas) -> None:
        if cmyk is None:
            canvas.setFillColorRGB(1, 0, 0)
        else:
            canvas.setFillColorCMYK(*cmyk)
        canvas.setFont(font, size)
        canvas.drawString(MEDIA_BLEED + 10, MEDIA_BLEED + 20, "Signalen van uitbuiting")

    return draw


def good_page(canvas: Canvas) -> None:
    text()(canvas)


def scaled_text(size: float, scale: float) -> Draw:
    """Text of ``size`` pt drawn under a ``scale`` × ``scale`` CTM (ReportLab emits it as ``cm``)."""

    def draw(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.scale(scale, scale)
        text(size)(canvas)
        canvas.restoreState()

    return draw


def image(pixels: int, *, inches: float = 1.0, mode: str = "CMYK") -> Draw:
    """A Pillow-made image (CMYK unless told) of pixels × pixels drawn at inches × inches."""

    def draw(canvas: Canvas) -> None:
        picture = Image.new(mode, (pixels, pixels), "orange")
        size = inches * 72
        canvas.drawImage(ImageReader(picture), MEDIA_BLEED + 10, MEDIA_BLEED + 10, width=size, height=size)

    return draw


def filled_rect(cmyk: Sequence[float]) -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFillColorCMYK(*cmyk)
        canvas.rect(0, 0, TRIM_W + 2 * MEDIA_BLEED, TRIM_H + 2 * MEDIA_BLEED, stroke=0, fill=1)

    return draw


def draw_all(*draws: Draw) -> Draw:
    def draw(canvas: Canvas) -> None:
        for step in draws:
            step(canvas)

    return draw


def xmp_packet(pdfx_version: str, title: str) -> bytes:
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <pdfxid:GTS_PDFXVersion>{pdfx_version}</pdfxid:GTS_PDFXVersion>
   <pdf:Trapped>False</pdf:Trapped>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def add_output_intent(writer: PdfWriter) -> None:
    profile = DecodedStreamObject()
    profile.set_data(ICC_PROFILE.read_bytes())
    profile[NameObject("/N")] = NumberObject(4)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("FOGRA39"),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/Info"): TextStringObject("Coated FOGRA39 (ISO 12647-2:2004)"),
            # Streams must be indirect objects; pypdf has no public call for adding one.
            NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([intent])


def make_pdf(
    path: Path,
    pages: Sequence[Draw] = (good_page,),
    *,
    bleed_mm: float = 3.0,
    trim_box: bool = True,
    output_intent: bool = True,
    pdfx_version: str = "PDF/X-4",
    header: str = "%PDF-1.6",
    xmp: bool = True,
    sizes: Sequence[tuple[float, float]] = (),
    finish: Callable[[PdfWriter], None] | None = None,
) -> Path:
    """A print PDF that passes preflight, unless a page draw or an option spoils one thing. `sizes` gives pages
    their own trim sizes (pt); `finish` edits the file at the end (layers, encryption)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    raw = io.BytesIO()
    media = (TRIM_W + 2 * MEDIA_BLEED, TRIM_H + 2 * MEDIA_BLEED)
    # initialFontName: otherwise ReportLab puts an unembedded Helvetica into every page's resources.
    canvas = Canvas(raw, pagesize=media, invariant=1, initialFontName=FONT)
    canvas.setTitle(TITLE)  # ReportLab also writes Info /Trapped /False
    for index, draw in enumerate(pages):
        if index < len(sizes):
            canvas.setPageSize((sizes[index][0] + 2 * MEDIA_BLEED, sizes[index][1] + 2 * MEDIA_BLEED))
        draw(canvas)
        canvas.showPage()
    canvas.save()

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw.getvalue())))
    bleed = bleed_mm * MM
    for index, page in enumerate(writer.pages):
        width, height = sizes[index] if index < len(sizes) else (TRIM_W, TRIM_H)
        if trim_box:
            page.trimbox = RectangleObject([MEDIA_BLEED, MEDIA_BLEED, MEDIA_BLEED + width, MEDIA_BLEED + height])
            page.bleedbox = RectangleObject(
                [MEDIA_BLEED - bleed, MEDIA_BLEED - bleed, MEDIA_BLEED + width + bleed, MEDIA_BLEED + height + bleed]
            )
    if output_intent:
        add_output_intent(writer)
    writer.add_metadata({"/GTS_PDFXVersion": pdfx_version})
    if xmp:
        writer.xmp_metadata = xmp_packet(pdfx_version, TITLE)
    writer.pdf_header = header
    if finish is not None:
        finish(writer)
    with path.open("wb") as out:
        writer.write(out)
    return path




# ---------------------------------------------------------------------------------------------------------------
# The fixtures: one defect each (or none), the verdict and the finding IDs preflight must report


class Fixture(NamedTuple):
    make: Callable[[Path], Path]
    verdict: str  # pass | warnings | fail
    ids: frozenset[str]  # every finding ID of a warning or failure, no more
    folds_mm: tuple[float, ...] = ()
    needs: str = ""  # a program the fixture is made with (skipped where it is missing)
    profile: str = ""  # the preflight profile to judge it by (the default when empty)


INSIDE = (MEDIA_BLEED + 12, MEDIA_BLEED + 12)  # a point well inside the trim


def _rect_inside(colour: Callable[[Canvas], None], *, width: float = 20, height: float = 12) -> Draw:
    def draw(canvas: Canvas) -> None:
        colour(canvas)
        canvas.rect(INSIDE[0], INSIDE[1] + 10, width, height, stroke=0, fill=1)

    return draw


def _page(*draws: Draw, **options: object) -> Callable[[Path], Path]:
    return lambda path: make_pdf(path, [draw_all(*draws, good_page)], **options)  # type: ignore[arg-type]


def _spot(canvas: Canvas) -> None:
    canvas.setFillColor(CMYKColorSep(0, 0.6, 1, 0, spotName="PANTONE 1585 C", density=1))


def _registration(canvas: Canvas) -> None:
    canvas.setFillColor(CMYKColorSep(1, 1, 1, 1, spotName="All", density=1))


def _overprinting(cmyk: tuple[float, float, float, float], mode: int = 1) -> Callable[[Canvas], None]:
    def colour(canvas: Canvas) -> None:
        canvas.setFillOverprint(True)
        canvas.setOverprintMask(mode)  # OPM 1: a zero component leaves the plate below alone
        canvas.setFillColorCMYK(*cmyk)

    return colour


def _solid_cmyk_image(canvas: Canvas) -> None:
    picture = Image.new("CMYK", (300, 300), (255, 255, 255, 255))  # 400 % ink, at 300 ppi
    canvas.drawImage(ImageReader(picture), INSIDE[0], INSIDE[1], width=72, height=72)


def _shading(canvas: Canvas) -> None:
    from reportlab.lib.colors import CMYKColor

    canvas.saveState()
    path = canvas.beginPath()
    path.rect(INSIDE[0], INSIDE[1], 60, 30)
    canvas.clipPath(path, stroke=0, fill=0)
    canvas.linearGradient(INSIDE[0], INSIDE[1], INSIDE[0] + 60, INSIDE[1],
                          (CMYKColor(1, 1, 1, 1), CMYKColor(0, 0, 0, 0)), extend=False)
    canvas.restoreState()


def _hairline(canvas: Canvas) -> None:
    canvas.setStrokeColorCMYK(0, 0, 0, 1)
    canvas.setLineWidth(0.05)
    canvas.line(INSIDE[0], INSIDE[1] + 30, INSIDE[0] + 80, INSIDE[1] + 30)


def _link(canvas: Canvas) -> None:
    canvas.linkURL("https://example.org/", (INSIDE[0], INSIDE[1], INSIDE[0] + 60, INSIDE[1] + 12))


def _text_at(x: float, y: float, size: float = 9, cmyk: tuple[float, ...] = BLACK) -> Draw:
    def draw(canvas: Canvas) -> None:
        canvas.setFillColorCMYK(*cmyk)
        canvas.setFont(FONT, size)
        canvas.drawString(x, y, "Meldcode")

    return draw


def _trim_background(canvas: Canvas) -> None:
    canvas.setFillColorCMYK(0.55, 0.95, 0.15, 0.35)
    canvas.rect(MEDIA_BLEED, MEDIA_BLEED, TRIM_W, TRIM_H, stroke=0, fill=1)  # exactly the trim: no bleed


def _blend_mode(writer: PdfWriter) -> None:
    page = writer.pages[0]
    resources = page[NameObject("/Resources")]
    states = DictionaryObject({NameObject("/Multiply"): DictionaryObject({NameObject("/BM"): NameObject("/Multiply")})})
    resources[NameObject("/ExtGState")] = states
    content = DecodedStreamObject()
    content.set_data(b"q /Multiply gs 0 0.5 0 0 k 30 30 20 20 re f Q\n")
    existing = page.get_contents()
    data = (existing.get_data() if existing is not None else b"") + b"\n" + content.get_data()
    page.replace_contents(_stream(writer, data))


def _stream(writer: PdfWriter, data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _damaged_content(writer: PdfWriter) -> None:
    writer.pages[0].replace_contents(_stream(writer, b"BT /F1 10 Tf [ (an array that never closes ET"))


def _extra_content(writer: PdfWriter, data: bytes, resources: dict[str, DictionaryObject]) -> None:
    """Append `data` to page 1's content, with `resources` (category → dictionary) merged into its own."""
    page = writer.pages[0]
    own = page[NameObject("/Resources")]
    for category, entries in resources.items():
        group = own.get(NameObject(category))
        group = group.get_object() if group is not None else DictionaryObject()
        group.update(entries)
        own[NameObject(category)] = group
    existing = page.get_contents()
    page.replace_contents(_stream(writer, (existing.get_data() if existing is not None else b"") + b"\n" + data))


def _process_devicen(writer: PdfWriter) -> None:
    space = ArrayObject([NameObject("/DeviceN"), ArrayObject([NameObject(f"/{n}") for n in
                                                             ("Cyan", "Magenta", "Yellow", "Black")]),
                         NameObject("/DeviceCMYK"), writer.pages[0]["/Resources"].get("/ProcSet", ArrayObject())])
    tint = DecodedStreamObject()  # a type 4 function: the four tints are the CMYK values
    tint.set_data(b"{}")
    tint.update({NameObject("/FunctionType"): NumberObject(4),
                 NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)] * 4),
                 NameObject("/Range"): ArrayObject([NumberObject(0), NumberObject(1)] * 4)})
    space[3] = writer._add_object(tint)
    _extra_content(writer, b"q /CS0 cs 1 1 1 1 scn 30 30 20 20 re f Q",
                   {"/ColorSpace": DictionaryObject({NameObject("/CS0"): space})})


def _placed_image(writer: PdfWriter, data: bytes, space: object, **keys: object) -> None:
    """A 60 × 60 px, 8-bit image XObject of `data` in colour space `space` (more entries in `keys`), placed at
    300 ppi inside the trim of page 1."""
    image = _stream(writer, data)
    image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                  NameObject("/Width"): NumberObject(60), NameObject("/Height"): NumberObject(60),
                  NameObject("/ColorSpace"): space, NameObject("/BitsPerComponent"): NumberObject(8)})
    image.update({NameObject(f"/{key}"): value for key, value in keys.items()})
    _extra_content(writer, b"q 14.4 0 0 14.4 30 30 cm /Img Do Q",
                   {"/XObject": DictionaryObject({NameObject("/Img"): writer._add_object(image)})})


def _inverted_decode_image(writer: PdfWriter) -> None:
    """A CMYK image of bytes 255 with /Decode [1 0 …]: it renders as no ink at all."""
    _placed_image(writer, bytes([255]) * (60 * 60 * 4), NameObject("/DeviceCMYK"),
                  Decode=ArrayObject([NumberObject(1), NumberObject(0)] * 4))


def _layers_off_by_base_state(writer: PdfWriter) -> None:
    group = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/OCG"),
                                                 NameObject("/Name"): TextStringObject("Notes")}))
    writer.root_object[NameObject("/OCProperties")] = DictionaryObject({
        NameObject("/OCGs"): ArrayObject([group]),
        NameObject("/D"): DictionaryObject({NameObject("/BaseState"): NameObject("/OFF")}),
    })


def _x1a(writer: PdfWriter) -> None:
    writer.add_metadata({"/GTS_PDFXVersion": "PDF/X-1:2001", "/GTS_PDFXConformance": "PDF/X-1a:2001"})


def _hidden_layer(writer: PdfWriter) -> None:
    group = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/OCG"),
                                                 NameObject("/Name"): TextStringObject("Notes (hidden)")}))
    writer.root_object[NameObject("/OCProperties")] = DictionaryObject({
        NameObject("/OCGs"): ArrayObject([group]),
        NameObject("/D"): DictionaryObject({NameObject("/OFF"): ArrayObject([group])}),
    })


def _encrypted(writer: PdfWriter) -> None:
    writer.encrypt(user_password="", owner_password="eigenaar", algorithm="AES-256")


TRIM_RECT = (MEDIA_BLEED, MEDIA_BLEED, TRIM_W, TRIM_H)  # x, y, width, height
BLEED_RECT = (0, 0, TRIM_W + 2 * MEDIA_BLEED, TRIM_H + 2 * MEDIA_BLEED)


def _clipped_to(rect: tuple[float, float, float, float], *draws: Draw) -> Draw:
    """`draws` inside a clipping path of `rect` (x, y, width, height)."""

    def draw(canvas: Canvas) -> None:
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(*rect)
        canvas.clipPath(path, stroke=0, fill=0)
        for step in draws:
            step(canvas)
        canvas.restoreState()

    return draw


def _full_bleed_background(canvas: Canvas) -> None:
    canvas.setFillColorCMYK(0.55, 0.95, 0.15, 0.35)
    canvas.rect(*BLEED_RECT, stroke=0, fill=1)


def _background_in_form_with_trim_bbox(canvas: Canvas) -> None:
    """A full-bleed background inside a form XObject whose /BBox is the trim: the form clips it there."""
    canvas.beginForm("Background", MEDIA_BLEED, MEDIA_BLEED, MEDIA_BLEED + TRIM_W, MEDIA_BLEED + TRIM_H)
    _full_bleed_background(canvas)
    canvas.endForm()
    canvas.doForm("Background")


def _light_gradient(canvas: Canvas) -> None:
    from reportlab.lib.colors import CMYKColor

    canvas.linearGradient(0, 0, BLEED_RECT[2], 0, (CMYKColor(0.3, 0, 0, 0), CMYKColor(0, 0.3, 0, 0)), extend=True)


def _registration_shading(writer: PdfWriter) -> None:
    """An axial shading in Registration (Separation /All) painted inside the trim."""
    tint = DictionaryObject({NameObject("/FunctionType"): NumberObject(2),
                             NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
                             NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
                             NameObject("/C1"): ArrayObject([NumberObject(1)] * 4), NameObject("/N"): NumberObject(1)})
    space = ArrayObject([NameObject("/Separation"), NameObject("/All"), NameObject("/DeviceCMYK"), tint])
    fade = DictionaryObject({NameObject("/FunctionType"): NumberObject(2),
                             NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
                             NameObject("/C0"): ArrayObject([NumberObject(0)]),
                             NameObject("/C1"): ArrayObject([NumberObject(1)]), NameObject("/N"): NumberObject(1)})
    shading = DictionaryObject({NameObject("/ShadingType"): NumberObject(2), NameObject("/ColorSpace"): space,
                                NameObject("/Coords"): ArrayObject([NumberObject(30), NumberObject(0),
                                                                    NumberObject(90), NumberObject(0)]),
                                NameObject("/Function"): fade})
    _extra_content(writer, b"q 30 40 60 20 re W n /Reg sh Q",
                   {"/Shading": DictionaryObject({NameObject("/Reg"): writer._add_object(shading)})})


def _page_font(writer: PdfWriter) -> DictionaryObject:
    """The (embedded, subset) font ReportLab put on page 1."""
    fonts = writer.pages[0]["/Resources"]["/Font"].get_object()
    return next(font.get_object() for font in fonts.values() if "+" in str(font.get_object()["/BaseFont"]))


def _vertical_text(glyphs: int, top_mm: float) -> Callable[[PdfWriter], None]:
    """`glyphs` glyphs of 9 pt vertical text (a Type0 font with Identity-V) running down from `top_mm` above the
    trim's bottom edge, 30 mm in from its left."""

    def finish(writer: PdfWriter) -> None:
        simple = _page_font(writer)
        cid = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"):
                                NameObject("/CIDFontType2"), NameObject("/BaseFont"): simple["/BaseFont"],
                                NameObject("/CIDSystemInfo"): DictionaryObject({
                                    NameObject("/Registry"): TextStringObject("Adobe"),
                                    NameObject("/Ordering"): TextStringObject("Identity"),
                                    NameObject("/Supplement"): NumberObject(0)}),
                                NameObject("/FontDescriptor"): simple.raw_get("/FontDescriptor"),
                                NameObject("/DW"): NumberObject(1000), NameObject("/CIDToGIDMap"):
                                NameObject("/Identity")})
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
                                 NameObject("/BaseFont"): simple["/BaseFont"],
                                 NameObject("/Encoding"): NameObject("/Identity-V"),
                                 NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid)])})
        codes = b"".join(bytes([0, 36 + i]) for i in range(glyphs))
        x, y = MEDIA_BLEED + 30 * MM, MEDIA_BLEED + top_mm * MM
        _extra_content(writer, b"BT 0 0 0 1 k /FV 9 Tf %.2f %.2f Td <%s> Tj ET" % (x, y, codes.hex().encode()),
                       {"/Font": DictionaryObject({NameObject("/FV"): writer._add_object(font)})})

    return finish


def _type3_text(font_matrix: float, size: float, glyph: bytes = b"1000 0 0 0 750 750 d1 0 0 750 750 re f",
                unit_space: bool = False) -> Callable[[PdfWriter], None]:
    """A line of a Type3 font whose /FontMatrix scales 1000 glyph units to `font_matrix` × 1000 of text space,
    shown at `size`; `glyph` is the procedure of its one glyph (d1: a stencil; d0: paints in its own colours)."""

    def finish(writer: PdfWriter) -> None:
        procedure = writer._add_object(_stream(writer, glyph))
        unit = 1 if unit_space else 1000  # glyphs drawn in a 1-unit or a 1000-unit em
        scale = NumberObject(0) if font_matrix == 0 else FloatObject(font_matrix)
        font = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type3"),
            NameObject("/FontBBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(unit),
                                                  NumberObject(unit)]),
            NameObject("/FontMatrix"): ArrayObject([scale, NumberObject(0), NumberObject(0), scale, NumberObject(0),
                                                    NumberObject(0)]),
            NameObject("/CharProcs"): DictionaryObject({NameObject("/box"): procedure}),
            NameObject("/Encoding"): DictionaryObject({NameObject("/Type"): NameObject("/Encoding"),
                                                       NameObject("/Differences"): ArrayObject(
                                                           [NumberObject(97), NameObject("/box")])}),
            NameObject("/FirstChar"): NumberObject(97), NameObject("/LastChar"): NumberObject(97),
            NameObject("/Widths"): ArrayObject([NumberObject(unit)]),
            NameObject("/Resources"): DictionaryObject(),
        })
        _extra_content(writer, b"BT 0 0 0 1 k /T3 %g Tf 40 40 Td (aaaa) Tj ET" % size,
                       {"/Font": DictionaryObject({NameObject("/T3"): writer._add_object(font)})})

    return finish


def _indexed_image(palette: bytes, pixels: bytes) -> Callable[[PdfWriter], None]:
    """A 60 × 60 indexed image on DeviceCMYK (`palette`: 4 bytes an entry; `pixels`: one index byte each, repeated
    to fill it) placed at 300 ppi inside the trim."""

    def finish(writer: PdfWriter) -> None:
        space = ArrayObject([NameObject("/Indexed"), NameObject("/DeviceCMYK"), NumberObject(len(palette) // 4 - 1),
                             ByteStringObject(palette)])
        _placed_image(writer, (pixels * 3600)[:3600], space)

    return finish


def _crop_marks(canvas: Canvas) -> None:
    """Hairline crop marks outside the trim (cut away with it): no line the product shows."""
    canvas.setStrokeColorCMYK(0, 0, 0, 1)
    canvas.setLineWidth(0.05)
    right, top = MEDIA_BLEED + TRIM_W, MEDIA_BLEED + TRIM_H
    for y in (MEDIA_BLEED, top):
        canvas.line(0, y, MEDIA_BLEED - 1 * MM, y)
        canvas.line(right + 1 * MM, y, right + MEDIA_BLEED, y)


def _rotated(turns: int) -> Callable[[PdfWriter], None]:
    def finish(writer: PdfWriter) -> None:
        for page in writer.pages:
            page[NameObject("/Rotate")] = NumberObject(90 * turns)

    return finish


def _upright_on_rotated_page(x: float, y: float) -> Draw:
    """Text drawn a quarter turn anticlockwise at (x, y) of a page shown a quarter turn clockwise (/Rotate 90):
    it reads upright, at shown (y, page width − x)."""

    def draw(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.rotate(90)
        canvas.setFillColorCMYK(*BLACK)
        canvas.setFont(FONT, 9)
        canvas.drawString(0, 0, "Meldcode")
        canvas.restoreState()

    return draw


def _all(*finishes: Callable[[PdfWriter], None]) -> Callable[[PdfWriter], None]:
    def finish(writer: PdfWriter) -> None:
        for step in finishes:
            step(writer)

    return finish


def _info(**entries: object) -> Callable[[PdfWriter], None]:
    """Set (a string), or with None remove, Info entries: _info(GTS_PDFXVersion=None)."""

    def finish(writer: PdfWriter) -> None:
        info = writer._info.get_object() if writer._info is not None else None
        assert info is not None
        for key, value in entries.items():
            if value is None:
                info.pop(NameObject(f"/{key}"), None)
            else:
                info[NameObject(f"/{key}")] = TextStringObject(str(value))

    return finish


def _xmp_says(pdfx_version: str, title: str = TITLE) -> Callable[[PdfWriter], None]:
    def finish(writer: PdfWriter) -> None:
        writer.xmp_metadata = xmp_packet(pdfx_version, title)

    return finish


def _intent(**entries: object) -> Callable[[PdfWriter], None]:
    """Change the GTS_PDFX output intent: a string value, None to remove, or N=3 on its profile."""

    def finish(writer: PdfWriter) -> None:
        intent = writer.root_object["/OutputIntents"][0].get_object()
        for key, value in entries.items():
            if key == "N":
                intent["/DestOutputProfile"].get_object()[NameObject("/N")] = NumberObject(int(value))  # type: ignore[call-overload]
            elif value is None:
                intent.pop(NameObject(f"/{key}"), None)
            else:
                intent[NameObject(f"/{key}")] = TextStringObject(str(value))

    return finish


def _page_box(key: str, values: Sequence[float]) -> Callable[[PdfWriter], None]:
    def finish(writer: PdfWriter) -> None:
        writer.pages[0][NameObject(key)] = ArrayObject([FloatObject(v) for v in values])

    return finish


def _unused_helvetica(writer: PdfWriter) -> None:
    helvetica = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"):
                                  NameObject("/Type1"), NameObject("/BaseFont"): NameObject("/Helvetica")})
    _extra_content(writer, b"", {"/Font": DictionaryObject({NameObject("/FH"): writer._add_object(helvetica)})})


def _not_subset(writer: PdfWriter) -> None:
    font = _page_font(writer)
    name = NameObject("/" + str(font["/BaseFont"]).split("+", 1)[1])
    font[NameObject("/BaseFont")] = name
    font["/FontDescriptor"].get_object()[NameObject("/FontName")] = name


def _undecodable_cmyk_image(writer: PdfWriter) -> None:
    # set on the decoded stream as written: the file says Flate, the bytes are not
    _placed_image(writer, b"this is not Flate data", NameObject("/DeviceCMYK"), Filter=NameObject("/FlateDecode"))


def _visible_layer(writer: PdfWriter) -> None:
    group = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/OCG"),
                                                 NameObject("/Name"): TextStringObject("Tekst")}))
    writer.root_object[NameObject("/OCProperties")] = DictionaryObject({
        NameObject("/OCGs"): ArrayObject([group]), NameObject("/D"): DictionaryObject()})


def _icc_based_fill(writer: PdfWriter) -> None:
    profile = writer.root_object["/OutputIntents"][0].get_object().raw_get("/DestOutputProfile")
    space = ArrayObject([NameObject("/ICCBased"), profile])
    _extra_content(writer, b"q /IC cs 0 0.5 0 0 scn 30 30 20 20 re f Q",
                   {"/ColorSpace": DictionaryObject({NameObject("/IC"): space})})


def _half_transparent(writer: PdfWriter) -> None:
    state = DictionaryObject({NameObject("/ca"): FloatObject(0.5)})
    _extra_content(writer, b"q /Half gs 0 0.5 0 0 k 30 30 20 20 re f Q",
                   {"/ExtGState": DictionaryObject({NameObject("/Half"): state})})


def _raw(data: bytes) -> Callable[[PdfWriter], None]:
    return lambda writer: _extra_content(writer, data, {})


def _inline_cmyk(filtered: bool) -> Callable[[PdfWriter], None]:
    """A 2 × 2 inline image of 400 % CMYK (Ghostscript writes small images inline), at 300 ppi."""
    import zlib

    pixels = bytes([255]) * 16
    data = zlib.compress(pixels) if filtered else pixels
    settings = b"/W 2 /H 2 /BPC 8 /CS /CMYK" + (b" /F /Fl" if filtered else b"")
    return _raw(b"q 0.48 0 0 0.48 40 40 cm BI " + settings + b" ID " + data + b"\nEI Q")


def _tiling_pattern_from_trim_corner(writer: PdfWriter) -> None:
    """A light tiling pattern whose first cell sits at the trim's corner, filling the whole sheet with bleed."""
    cell = _stream(writer, b"0.2 0 0 0 k 0 0 10 10 re f")
    cell.update({NameObject("/Type"): NameObject("/Pattern"), NameObject("/PatternType"): NumberObject(1),
                 NameObject("/PaintType"): NumberObject(1), NameObject("/TilingType"): NumberObject(1),
                 NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(20),
                                                   NumberObject(20)]),
                 NameObject("/XStep"): NumberObject(20), NameObject("/YStep"): NumberObject(20),
                 NameObject("/Matrix"): ArrayObject([NumberObject(1), NumberObject(0), NumberObject(0),
                                                     NumberObject(1), FloatObject(MEDIA_BLEED),
                                                     FloatObject(MEDIA_BLEED)]),
                 NameObject("/Resources"): DictionaryObject()})
    width, height = TRIM_W + 2 * MEDIA_BLEED, TRIM_H + 2 * MEDIA_BLEED
    _extra_content(writer, b"q /Pattern cs /P0 scn 0 0 %.2f %.2f re f Q" % (width, height),
                   {"/Pattern": DictionaryObject({NameObject("/P0"): writer._add_object(cell)})})


def _white_spot_overprint(writer: PdfWriter) -> None:
    tint = DictionaryObject({NameObject("/FunctionType"): NumberObject(2),
                             NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
                             NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
                             NameObject("/C1"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(0),
                                                             FloatObject(0.1)]), NameObject("/N"): NumberObject(1)})
    space = ArrayObject([NameObject("/Separation"), NameObject("/Cyan"), NameObject("/DeviceCMYK"), tint])
    state = DictionaryObject({NameObject("/OP"): BooleanObject(True), NameObject("/op"): BooleanObject(True)})
    _extra_content(writer, b"q /Over gs /Sp cs 0 scn 30 30 20 20 re f Q",
                   {"/ColorSpace": DictionaryObject({NameObject("/Sp"): space}),
                    "/ExtGState": DictionaryObject({NameObject("/Over"): state})})


def _slug(canvas: Canvas) -> None:
    """What printers put outside the trim: 5 pt job information and a 400 % colour bar, cut away."""
    canvas.setFillColorCMYK(1, 1, 1, 1)
    canvas.rect(MEDIA_BLEED + 60, 0.5, 20, 5, stroke=0, fill=1)
    _text_at(MEDIA_BLEED + 10, 2, size=5, cmyk=(0.75, 0.68, 0.67, 0.9))(canvas)


def _ghostscript_pdfx3(path: Path) -> Path:
    """Ghostscript's own PDF/X-3:2002 from a PostScript page; the definitions Ghostscript's PDF/X mode asks for
    (identification, the FOGRA39 output intent with its profile) are written here as pdfmarks."""
    gs = shutil.which("gs")
    if gs is None:
        raise FileNotFoundError("gs")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "pdfx3.ps").write_text(f"""%!PS
[ /GTS_PDFXVersion (PDF/X-3:2002) /Title ({TITLE}) /Trapped /False /DOCINFO pdfmark
[ /_objdef {{icc_PDFX}} /type /stream /OBJ pdfmark
[ {{icc_PDFX}} << /N 4 >> /PUT pdfmark
[ {{icc_PDFX}} ({ICC_PROFILE}) (r) file /PUT pdfmark
[ /_objdef {{OutputIntent_PDFX}} /type /dict /OBJ pdfmark
[ {{OutputIntent_PDFX}} << /Type /OutputIntent /S /GTS_PDFX /OutputConditionIdentifier (FOGRA39)
    /RegistryName (http://www.color.org) /DestOutputProfile {{icc_PDFX}} >> /PUT pdfmark
[ {{Catalog}} << /OutputIntents [ {{OutputIntent_PDFX}} ] >> /PUT pdfmark
""", encoding="ascii")
        width, height = TRIM_W + 2 * MEDIA_BLEED, TRIM_H + 2 * MEDIA_BLEED
        (work / "page.ps").write_text(f"""%!PS
<< /PageSize [{width:.2f} {height:.2f}] >> setpagedevice
[ /TrimBox [{MEDIA_BLEED:.2f} {MEDIA_BLEED:.2f} {MEDIA_BLEED + TRIM_W:.2f} {MEDIA_BLEED + TRIM_H:.2f}]
  /BleedBox [0 0 {width:.2f} {height:.2f}] /PAGE pdfmark
0.2 0.5 0 0 setcmykcolor 0 0 {width:.2f} {height / 3:.2f} rectfill
0 0 0 1 setcmykcolor /Helvetica findfont 10 scalefont setfont
{MEDIA_BLEED + 12:.2f} {MEDIA_BLEED + 40:.2f} moveto (Ghostscript PDF/X-3) show
showpage
""", encoding="ascii")
        subprocess.run([gs, "-q", "-dPDFX", "-dBATCH", "-dNOPAUSE", "-dNOSAFER", "-sDEVICE=pdfwrite",
                        "-sColorConversionStrategy=CMYK", "-dEmbedAllFonts=true", f"-sOutputFile={path}",
                        str(work / "pdfx3.ps"), str(work / "page.ps")],
                       capture_output=True, check=True, timeout=120)
    return path


FIXTURES: dict[str, Fixture] = {
    "reportlab-pdfx4": Fixture(lambda path: make_pdf(path), "pass", frozenset()),
    "ghostscript-pdfx3": Fixture(_ghostscript_pdfx3, "pass", frozenset(), needs="gs"),
    "pdfx3-without-xmp": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-3:2002", header="%PDF-1.3", xmp=False), "pass", frozenset()),
    "pdfx1a-without-xmp": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-1:2001", header="%PDF-1.3", xmp=False, finish=_x1a), "pass",
        frozenset()),
    "pdfx4-header-1.4": Fixture(lambda path: make_pdf(path, header="%PDF-1.4"), "pass", frozenset()),
    "pdfx4-header-1.7": Fixture(lambda path: make_pdf(path, header="%PDF-1.7"), "fail",
                                frozenset({"pdfx.header-version"})),
    "pdfx3-header-1.4": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-3:2002", header="%PDF-1.4", xmp=False), "fail",
        frozenset({"pdfx.header-version"})),
    "spot-colour": Fixture(_page(_rect_inside(_spot)), "fail", frozenset({"separations.spot"})),
    "registration-inside-trim": Fixture(_page(_rect_inside(_registration)), "fail",
                                        frozenset({"separations.registration-in-trim"})),
    "ink-in-image": Fixture(_page(_solid_cmyk_image), "fail", frozenset({"ink.image"})),
    "ink-in-shading": Fixture(_page(_shading), "fail", frozenset({"ink.shading"})),
    "ink-in-vector": Fixture(_page(filled_rect((0.85, 0.85, 0.85, 0.85))), "fail", frozenset({"ink.vector"})),
    "blend-mode-in-x1a": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-1:2001", header="%PDF-1.3", xmp=False,
                              finish=lambda writer: (_x1a(writer), _blend_mode(writer))), "fail",
        frozenset({"pdfx.blend-mode"})),
    "white-overprint": Fixture(_page(_rect_inside(_overprinting((0, 0, 0, 0)))), "fail",
                               frozenset({"overprint.white"})),
    "grey-overprint": Fixture(_page(_rect_inside(_overprinting((0, 0, 0, 0.4)))), "warnings",
                              frozenset({"overprint.grey"})),
    "white-overprint-opm-0": Fixture(_page(_rect_inside(_overprinting((0, 0, 0, 0), mode=0))), "pass",
                                     frozenset()),  # with OPM 0 the white knocks out, as Ghostscript shows
    "process-devicen-400": Fixture(lambda path: make_pdf(path, finish=_process_devicen), "fail",
                                   frozenset({"ink.vector"})),
    "image-decode-inverted": Fixture(lambda path: make_pdf(path, finish=_inverted_decode_image), "pass",
                                     frozenset()),  # bytes 255 decoded through [1 0]: no ink
    "layers-off-by-base-state": Fixture(lambda path: make_pdf(path, finish=_layers_off_by_base_state), "fail",
                                        frozenset({"optional-content.hidden"})),
    "link-inside-trim": Fixture(_page(_link), "fail", frozenset({"annotations.inside-trim"})),
    "hidden-layer": Fixture(lambda path: make_pdf(path, finish=_hidden_layer), "fail",
                            frozenset({"optional-content.hidden"})),
    "hairline": Fixture(_page(_hairline), "fail", frozenset({"lines.thin"})),
    "small-text-in-rich-black": Fixture(_page(_text_at(*INSIDE, size=9, cmyk=(0.75, 0.68, 0.67, 0.9))), "fail",
                                        frozenset({"text.rich-black"})),
    "text-1mm-from-trim": Fixture(_page(_text_at(MEDIA_BLEED + 1 * MM, MEDIA_BLEED + 20)), "warnings",
                                  frozenset({"text.near-trim"})),
    "text-on-a-fold": Fixture(_page(_text_at(MEDIA_BLEED + TRIM_W / 2 - 10, MEDIA_BLEED + 30)), "warnings",
                              frozenset({"text.near-fold"}), folds_mm=(42.5,)),
    "background-stops-at-trim": Fixture(_page(_trim_background), "fail", frozenset({"bleed.content-short"})),
    "mixed-page-sizes": Fixture(
        lambda path: make_pdf(path, [good_page, good_page], sizes=[(TRIM_W, TRIM_H), (100 * MM, 70 * MM)]),
        "warnings", frozenset({"pages.mixed-sizes"})),
    "encrypted-aes-256": Fixture(lambda path: make_pdf(path, finish=_encrypted), "fail",
                                 frozenset({"metadata.encrypted"})),
    "rgb-text": Fixture(lambda path: make_pdf(path, [text(cmyk=None)]), "fail", frozenset({"colour.rgb"})),
    "text-5pt": Fixture(lambda path: make_pdf(path, [text(5)]), "fail", frozenset({"text.size"})),
    "image-100ppi": Fixture(_page(image(100)), "fail", frozenset({"images.resolution"})),
    "no-output-intent": Fixture(lambda path: make_pdf(path, output_intent=False), "fail",
                                frozenset({"output-intent.missing"})),
    "no-trim-box": Fixture(lambda path: make_pdf(path, trim_box=False), "fail",
                           frozenset({"boxes.trim-missing", "boxes.bleed-missing", "bleed.no-trim",
                                      "text.position-not-checked"})),
    "font-not-embedded": Fixture(lambda path: make_pdf(path, [text(font="Helvetica")]), "fail",
                                 frozenset({"fonts.not-embedded"})),
    "damaged-content-stream": Fixture(lambda path: make_pdf(path, finish=_damaged_content), "warnings",
                                      frozenset({"page.not-checked"})),
    "bleed-1mm": Fixture(lambda path: make_pdf(path, bleed_mm=1), "fail", frozenset({"bleed.box-short"})),
    # What a clip or a form's /BBox cuts away is not painted; sh paints the whole clip
    "background-clipped-at-trim": Fixture(_page(_clipped_to(TRIM_RECT, _full_bleed_background)), "fail",
                                          frozenset({"bleed.content-short"})),
    "background-in-form-clipped-by-bbox": Fixture(_page(_background_in_form_with_trim_bbox), "fail",
                                                  frozenset({"bleed.content-short"})),
    "shading-clipped-at-trim": Fixture(_page(_clipped_to(TRIM_RECT, _light_gradient)), "fail",
                                       frozenset({"bleed.content-short"})),
    "shading-to-the-bleed": Fixture(_page(_clipped_to(BLEED_RECT, _light_gradient)), "pass", frozenset()),
    "registration-in-shading": Fixture(lambda path: make_pdf(path, finish=_registration_shading), "fail",
                                       frozenset({"separations.registration-in-trim"})),
    # Vertical CID text (Identity-V) is measured down the page
    "vertical-text-near-trim": Fixture(lambda path: make_pdf(path, finish=_vertical_text(10, 33)), "warnings",
                                       frozenset({"text.near-trim"})),
    "vertical-text-inside": Fixture(lambda path: make_pdf(path, finish=_vertical_text(5, 33)), "pass", frozenset()),
    # Type3 text is as large as its /FontMatrix makes it; a d0 glyph's own colours count
    "type3-text-4pt": Fixture(lambda path: make_pdf(path, finish=_type3_text(0.0004, 10)), "fail",
                              frozenset({"text.size"})),
    "type3-font-matrix-10pt": Fixture(lambda path: make_pdf(path, finish=_type3_text(0.01, 1)), "pass", frozenset()),
    "type3-glyph-in-rgb": Fixture(lambda path: make_pdf(path, finish=_type3_text(
        0.001, 10, b"1000 0 d0 1 0 0 rg 0 0 750 750 re f")), "fail", frozenset({"colour.rgb"})),
    # An indexed CMYK image's ink is that of the palette entries it uses
    "indexed-cmyk-image-400": Fixture(lambda path: make_pdf(path, finish=_indexed_image(
        bytes([0, 0, 0, 0, 255, 255, 255, 255]), bytes([0, 1]))), "fail", frozenset({"ink.image"})),
    "indexed-cmyk-image-unused-400": Fixture(lambda path: make_pdf(path, finish=_indexed_image(
        bytes([40, 0, 0, 0, 255, 255, 255, 255]), bytes([0]))), "pass", frozenset()),
    # Hairlines outside the trim (crop marks) are cut away
    "crop-mark-hairlines": Fixture(_page(_crop_marks), "pass", frozenset()),
    # A /Rotate page is checked as it is shown: --folds from the shown left edge
    "rotated-page-text-on-fold": Fixture(
        lambda path: make_pdf(path, [draw_all(_upright_on_rotated_page(MEDIA_BLEED + 20 * MM,
                                                                       MEDIA_BLEED + 42.5 * MM - 15))],
                              sizes=[(TRIM_H, TRIM_W)], finish=_rotated(1)),
        "warnings", frozenset({"text.near-fold"}), folds_mm=(42.5,)),
    "rotated-page-text-inside": Fixture(
        lambda path: make_pdf(path, [draw_all(_upright_on_rotated_page(MEDIA_BLEED + 20 * MM,
                                                                       MEDIA_BLEED + 10 * MM))],
                              sizes=[(TRIM_H, TRIM_W)], finish=_rotated(1)),
        "pass", frozenset(), folds_mm=(42.5,)),
    # What a clip cuts away, and what lies outside the trim (the slug), is not part of the product
    "image-clipped-at-trim": Fixture(_page(_clipped_to(TRIM_RECT, image(1200, inches=BLEED_RECT[2] / 72))),
                                     "fail", frozenset({"bleed.content-short"})),
    "slug-job-information": Fixture(_page(_slug), "pass", frozenset()),
    "text-5pt-clipped-away": Fixture(_page(_clipped_to((0, 0, 1, 1), text(5))), "pass", frozenset()),
    "clip-without-a-path": Fixture(lambda path: make_pdf(path, finish=_raw(
        b"q W n 1 1 1 1 k 40 40 50 50 re f 1 0 0 rg 40 100 20 20 re f Q")), "fail",
        frozenset({"ink.vector", "colour.rgb"})),
    "tiling-pattern-from-trim-corner": Fixture(lambda path: make_pdf(path, finish=_tiling_pattern_from_trim_corner),
                                               "pass", frozenset()),
    # Inline images are sampled like the others; an index past the palette's end is its last entry
    "inline-cmyk-image-400": Fixture(lambda path: make_pdf(path, finish=_inline_cmyk(False)), "fail",
                                     frozenset({"ink.image"})),
    "inline-flate-cmyk-image-400": Fixture(lambda path: make_pdf(path, finish=_inline_cmyk(True)), "fail",
                                           frozenset({"ink.image"})),
    "indexed-index-past-hival": Fixture(lambda path: make_pdf(path, finish=_indexed_image(
        bytes([0, 0, 0, 0, 255, 255, 255, 255]), bytes([0, 5]))), "fail", frozenset({"ink.image"})),
    "image-not-decodable": Fixture(lambda path: make_pdf(path, finish=_undecodable_cmyk_image), "warnings",
                                   frozenset({"ink.not-sampled"})),
    "type3-unit-space-5pt": Fixture(lambda path: make_pdf(path, finish=_type3_text(
        1, 5, b"1 0 0 0 0.75 0.75 d1 0 0 .75 .75 re f", unit_space=True)), "fail", frozenset({"text.size"})),
    "spot-0-percent-overprint": Fixture(lambda path: make_pdf(path, finish=_white_spot_overprint), "fail",
                                        frozenset({"overprint.white"})),
    "small-text-in-two-inks-newspaper": Fixture(_page(_text_at(*INSIDE, size=8, cmyk=(0, 0.75, 0.2, 0))),
                                                "warnings", frozenset({"text.multi-ink"}), profile="newspaper"),
    # Boxes
    "trim-box-invalid": Fixture(lambda path: make_pdf(path, finish=_page_box("/TrimBox", [0, 0, 10])), "fail",
                                frozenset({"boxes.trim-invalid", "bleed.no-trim", "text.position-not-checked"})),
    "bleed-box-invalid": Fixture(lambda path: make_pdf(path, finish=_page_box("/BleedBox", [0, 0])), "fail",
                                 frozenset({"boxes.bleed-invalid"})),
    "bleed-box-outside-media": Fixture(lambda path: make_pdf(path, finish=_page_box(
        "/BleedBox", [-5, -5, TRIM_W + 2 * MEDIA_BLEED + 5, TRIM_H + 2 * MEDIA_BLEED + 5])), "fail",
        frozenset({"boxes.bleed-outside-media"})),
    "trim-box-outside-bleed": Fixture(lambda path: make_pdf(path, bleed_mm=0.5, finish=_page_box(
        "/TrimBox", [0, 0, TRIM_W + 2 * MEDIA_BLEED, TRIM_H + 2 * MEDIA_BLEED])), "fail",
        frozenset({"boxes.trim-outside", "bleed.box-short"})),
    # Fonts
    "font-not-subset": Fixture(lambda path: make_pdf(path, finish=_not_subset), "warnings",
                               frozenset({"fonts.not-subset"})),
    "unused-font-not-embedded": Fixture(lambda path: make_pdf(path, finish=_unused_helvetica), "warnings",
                                        frozenset({"fonts.unused-not-embedded"})),
    # Output intent
    "output-intent-without-condition": Fixture(lambda path: make_pdf(path, finish=_intent(
        OutputConditionIdentifier="")), "fail", frozenset({"output-intent.no-condition"})),
    "output-intent-without-profile-x4": Fixture(lambda path: make_pdf(path, finish=_intent(DestOutputProfile=None)),
                                                "fail", frozenset({"output-intent.no-profile"})),
    "output-intent-rgb-profile": Fixture(lambda path: make_pdf(path, finish=_intent(N=3)), "fail",
                                         frozenset({"output-intent.not-cmyk"})),
    # PDF/X identification and version rules
    "pdfx4-without-xmp": Fixture(lambda path: make_pdf(path, xmp=False), "fail", frozenset({"pdfx.xmp-missing"})),
    "pdfx3-only-in-xmp": Fixture(lambda path: make_pdf(path, pdfx_version="PDF/X-3:2002", header="%PDF-1.3",
                                                       finish=_info(GTS_PDFXVersion=None)), "fail",
                                 frozenset({"pdfx.info-missing"})),
    "pdfx-not-identified": Fixture(lambda path: make_pdf(path, xmp=False, finish=_info(GTS_PDFXVersion=None)),
                                   "fail", frozenset({"pdfx.not-identified"})),
    "pdfx-unknown-version": Fixture(lambda path: make_pdf(path, pdfx_version="PDF/X-9:2031", xmp=False), "warnings",
                                    frozenset({"pdfx.unknown-version"})),
    "pdfx-identification-differs": Fixture(lambda path: make_pdf(path, finish=_xmp_says("PDF/X-5g")), "fail",
                                           frozenset({"pdfx.identification-differs"})),
    "pdfx1-without-conformance": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-1:2001", header="%PDF-1.3", xmp=False), "fail",
        frozenset({"pdfx.conformance-missing"})),
    "pdfx1a-as-version-name": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-1a:2001", header="%PDF-1.3", xmp=False), "fail",
        frozenset({"pdfx.version-name"})),
    "pdfx-without-trapped": Fixture(lambda path: make_pdf(path, finish=_info(Trapped=None)), "fail",
                                    frozenset({"pdfx.trapped"})),
    "transparency-in-x1a": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-1:2001", header="%PDF-1.3", xmp=False,
                              finish=_all(_x1a, _half_transparent)), "fail", frozenset({"pdfx.transparency"})),
    "icc-colour-in-x1a": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-1:2001", header="%PDF-1.3", xmp=False,
                              finish=_all(_x1a, _icc_based_fill)), "fail", frozenset({"pdfx.colour-space"})),
    "layer-in-x1a": Fixture(
        lambda path: make_pdf(path, pdfx_version="PDF/X-1:2001", header="%PDF-1.3", xmp=False,
                              finish=_all(_x1a, _visible_layer)), "fail", frozenset({"optional-content.not-allowed"})),
    # Metadata
    "no-title": Fixture(lambda path: make_pdf(path, finish=_all(_info(Title=None), _xmp_says("PDF/X-4", ""))),
                        "warnings", frozenset({"metadata.no-title"})),
    "placeholder-title": Fixture(lambda path: make_pdf(path, finish=_all(_info(Title="Untitled"),
                                                                         _xmp_says("PDF/X-4", "Untitled"))),
                                 "warnings", frozenset({"metadata.placeholder-title"})),
}


def main(out_dir: str) -> int:
    """Write every fixture (those whose program is missing are left out) and expected.json into out_dir."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, fixture in FIXTURES.items():
        if fixture.needs and shutil.which(fixture.needs) is None:
            print(f"{name}: skipped ({fixture.needs} is not installed)")
            continue
        fixture.make(folder / f"{name}.pdf")
        expected[name] = {"verdict": fixture.verdict, "ids": sorted(fixture.ids), "folds_mm": list(fixture.folds_mm),
                          "profile": fixture.profile or "sheetfed-cmyk"}
    (folder / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(expected)} fixtures and expected.json to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "output/preflight-fixtures"))
