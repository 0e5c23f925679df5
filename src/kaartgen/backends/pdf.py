"""PDF backend: a `Plan` → the finished PDF bytes, drawn with ReportLab's canvas (the only module that draws with
ReportLab).

`render(plan)` reads nothing but the plan: it draws the plan's items where they are, shifted by the page frame's
margin, then the page's marks and the draft watermark, and has :mod:`kaartgen.backends.pdfx` add the metadata and
PDF/X identification in the same pass. Text is drawn as plain strings — never through
ReportLab's paragraph markup — so nothing in a content or translation file is ever interpreted: each run as the
glyphs HarfBuzz shaped it to (`_draw_run`), as its characters with the font's kerning where it can be, with its
ligatures' ToUnicode entries spelling their letters. Colours are
already in the plan's colour model: DeviceCMYK for print (with the registration colour for marks), RGB for screen.

ReportLab keeps fonts in a process-wide registry and settings in a global module. Both are scoped to one render,
and renders take turns (a lock: the studio serves several requests at once):
the fonts of the plan are registered under names derived from their content for the duration of the render and
removed afterwards, and `rl_config.useA85` and ReportLab's Flate filter are set and restored around it. Parsed
fonts are kept in a small cache keyed by file content, so a batch parses each font once, and each font's subsets
(and their compressed streams) are kept per glyph set, so regions with the same letters embed them built once.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import struct
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model.plan import (
    REGISTRATION,
    Bookmark,
    Box,
    Circle,
    Link,
    Picture,
    Plan,
    QRCode,
    Rule,
    TextRun,
    Watermark,
    glyph_code,
)
from .pdfx import prepare, seal
from .tagged import Structure, write_structure

FONT_CACHE_SIZE = 16
_parsed: OrderedDict[str, Any] = OrderedDict()  # font content sha256 → ReportLab TTFont, least recently used first


def _ttfont(path: Path) -> tuple[str, Any]:
    """(registered name, parsed ReportLab TTFont) of a font file, parsed once per content."""
    from reportlab.pdfbase.ttfonts import TTFont

    stat = path.stat()
    digest = _digest(path, stat.st_size, stat.st_mtime_ns)
    name = f"kg-{path.stem}-{digest[:12]}"
    font = _parsed.get(digest)
    if font is None:
        font = TTFont(name, str(path))
        font.face.makeSubset = _SubsetMemo(font.face.makeSubset)  # an instance attribute: only our fonts
        font.addObjects = _LigatureTexts(font)
        _parsed[digest] = font
        while len(_parsed) > FONT_CACHE_SIZE:
            _parsed.popitem(last=False)
    else:
        _parsed.move_to_end(digest)
    return name, font


SUBSETS_KEPT = 64  # per font: a batch of regions uses a handful of glyph sets


class _SubsetMemo:
    """A font's `makeSubset`, remembered per glyph set: editions with the same letters in the same order (most
    regions of a batch) embed the same subset, built once. The bytes it returns are also the keys under which
    `_CachingFlate` keeps their compressed form."""

    def __init__(self, make: Any):
        self.make = make
        self.made: OrderedDict[tuple[int, ...], bytes] = OrderedDict()

    def __call__(self, subset: list[int]) -> bytes:
        key = tuple(subset)
        data = self.made.get(key)
        if data is None:
            data = self.made[key] = self.make(subset)
            _subset_streams.add(data)
            while len(self.made) > SUBSETS_KEPT:
                _subset_streams.discard(self.made.popitem(last=False)[1])
        return data


class _LigatureTexts:
    """A font's `addObjects` (which writes its subsets' ToUnicode maps at save time), with the entry of each
    ligature drawn in this render (`_Fonts.ligatures`) rewritten from the private-use code point it was drawn
    through to the letters it stands for: "fi" extracts, searches and reads aloud as "fi" in every reader. An
    entry for a code point past U+FFFF (a private-use one of a font of many glyphs, a rare Chinese character),
    which ReportLab writes as five hex digits, is rewritten as UTF-16, which ToUnicode maps are."""

    def __init__(self, font: Any):
        self.font = font
        self.add = font.addObjects

    def __call__(self, doc: Any) -> None:
        from reportlab.pdfbase.ttfonts import SUBSETN

        font = self.font
        state = font.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        self.add(doc)  # (forgets the document's subsets)
        texts = _ligature_texts.get(font.fontName, {})
        for number, subset in enumerate(subsets):
            if not texts.keys() & set(subset) and max(subset, default=0) <= 0xFFFF:
                continue
            base = b"".join((SUBSETN(number), b"+", font.face.name, font.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base]
            lines = stream.content.split("\n")
            for index, code in enumerate(subset):
                if code in texts or code > 0xFFFF:
                    entry = f"<{index:02X}> <{code:04X}>"
                    letters = texts.get(code, chr(code))
                    lines[lines.index(entry)] = f"<{index:02X}> <{letters.encode('utf-16-be').hex().upper()}>"
            stream.content = "\n".join(lines)


_ligature_texts: dict[str, dict[int, str]] = {}  # the render's `_Fonts.ligatures` (renders take turns)
_RENDERING = threading.Lock()
_subset_streams: set[bytes] = set()  # the font subsets _SubsetMemo made: their compressed form is worth keeping
_compressed: OrderedDict[bytes, bytes] = OrderedDict()


class _CachingFlate:
    """ReportLab's Flate filter for one render, remembering the compressed form of font subsets (page content
    differs per edition and is compressed as usual). Same bytes in, same bytes out: zlib is deterministic."""

    def __init__(self, flate: Any):
        self.flate = flate
        self.pdfname = flate.pdfname

    def encode(self, text: Any) -> bytes:
        if isinstance(text, bytes) and text in _subset_streams:
            found = _compressed.get(text)
            if found is None:
                found = _compressed[text] = self.flate.encode(text)
                while len(_compressed) > 3 * SUBSETS_KEPT:
                    _compressed.popitem(last=False)
            return found
        return bytes(self.flate.encode(text))

    def decode(self, encoded: bytes) -> bytes:
        return bytes(self.flate.decode(encoded))


class _Fonts(dict[str, str]):
    """face → registered font name, registered on first use (a face nothing is set in costs nothing)."""

    def __init__(self, paths: dict[str, Path], ligatures: dict[str, dict[int, str]]):
        super().__init__()
        self.paths = paths
        self.ligatures = ligatures  # font name → private-use code → the letters it stands for, in this render

    def __missing__(self, face: str) -> str:
        from reportlab.pdfbase import pdfmetrics

        name, font = _ttfont(self.paths[face])
        pdfmetrics.registerFont(font)
        pdfmetrics._fonts[name] = font  # ours, even where another TTFont of the same face was registered before
        self[face] = name  # (registerFont would alias the name to that one, without our subsets and ToUnicode)
        self.ligatures.setdefault(name, {})
        return name


def _registries() -> list[dict[Any, Any]]:
    """The process-wide tables `pdfmetrics.registerFont` adds to (ReportLab has no public way to unregister)."""
    from reportlab.lib import fonts as rl_fonts
    from reportlab.pdfbase import pdfmetrics

    return [pdfmetrics._fonts, pdfmetrics._dynFaceNames, rl_fonts._tt2ps_map, rl_fonts._ps2tt_map]


@lru_cache(maxsize=64)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def _scoped(plan: Plan) -> Iterator[_Fonts]:
    """The plan's fonts registered with ReportLab (face → name) and its settings set, for one render only:
    whatever the render added to ReportLab's font tables is removed again, and `useA85` restored."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    with _RENDERING:  # ReportLab's tables and settings are process-wide: one render at a time (the studio's
        # threads would otherwise remove each other's fonts or keep each other's Flate filter)
        tables = _registries()
        before = [set(table) for table in tables]
        old_a85, old_flate = rl_config.useA85, pdfdoc.PDFZCompress
        try:
            rl_config.useA85 = 0  # binary (Flate) streams: smaller and faster than ASCII85-wrapped ones
            pdfdoc.PDFZCompress = _CachingFlate(old_flate)  # read by ReportLab's font embedding at save time
            _ligature_texts.clear()  # filled as runs are drawn, read as the fonts are written
            yield _Fonts(plan.fonts, _ligature_texts)
        finally:
            _ligature_texts.clear()
            rl_config.useA85, pdfdoc.PDFZCompress = old_a85, old_flate
            for table, keys in zip(tables, before, strict=True):
                for key in [k for k in table if k not in keys]:
                    del table[key]


def render(plan: Plan) -> bytes:
    """Draw every page of the plan: items, then marks, then the draft watermark."""
    from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
    from reportlab.pdfbase.pdfdoc import PDFString
    from reportlab.pdfgen import canvas as rl_canvas

    cmyk = plan.colour_model == "cmyk"
    frame = plan.frame
    with _scoped(plan) as fonts:
        buffer = io.BytesIO()
        canvas = rl_canvas.Canvas(buffer, pagesize=plan.media, invariant=1, pageCompression=1,
                                  enforceColorSpace="sep_cmyk" if cmyk else None,
                                  lang=plan.meta.get("lang") or None, initialFontName=fonts["regular"])

        colours: dict[str, Any] = {}  # one ReportLab colour per name and render (a card sets ~120 fills)

        def colour(name: str) -> Any:
            found = colours.get(name)
            if found is None:
                if name == REGISTRATION:
                    found = CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)
                else:
                    value = plan.colours[name]
                    found = CMYKColor(*value) if cmyk else Color(*value)
                colours[name] = found
            return found

        bookmark_numbers = itertools.count()
        structure = Structure(plan.meta.get("lang", "")) if plan.tagged else None
        black_overprints = {name for name, value in plan.colours.items() if _pure_black(value)} \
            if plan.overprint_black and cmyk else set()
        for page in plan.pages:
            if page.size is not None:  # a screen edition's page: one panel
                canvas.setPageSize((page.size[0] + 2 * frame.margin, page.size[1] + 2 * frame.margin))
            if frame.trim_box:
                canvas.setTrimBox(frame.trim_box)
                canvas.setBleedBox(frame.bleed_box)
            if structure is not None:
                structure.start_page(canvas._doc.thisPageRef())
            canvas.saveState()
            canvas.translate(frame.margin, frame.margin)
            previous: Any = None
            sequence: Any = None  # the marked-content sequence open in the text object: (tag, key) of its block
            text = None  # one text object per run of consecutive text items: far fewer operators than drawString
            text_state: tuple[Any, ...] = ()
            overprinting = False  # the fill overprint of the graphics state (it outlives a text object)
            for item in page.items + page.marks:
                if isinstance(item, TextRun):
                    if text is None:
                        text, text_state = canvas.beginText(), ()
                    font = (fonts[item.face], item.size)
                    if text_state[:1] != (font,):
                        text.setFont(*font)
                    if text_state[1:] != (item.colour,):
                        text.setFillColor(colour(item.colour))
                        overprint = item.colour in black_overprints
                        if overprint != overprinting:
                            text.setFillOverprint(overprint)
                            text.setOverprintMask(overprint)  # OPM 1: the zero C, M and Y of 100 K keep what is below
                            overprinting = overprint
                    text_state = (font, item.colour)
                    if structure is not None:  # one sequence per block (its lines together); a link's text alone
                        wanted = (item.tag, item.key)
                        if sequence != wanted or item.link is not None:
                            if sequence is not None:
                                text._code.append("EMC")
                            text._code.append(f"/{item.tag} <</MCID {structure.mark_text(item)}>> BDC")
                            sequence = wanted
                        else:
                            structure.continue_text(item)
                    if item.glyphs:
                        _draw_run(text, item, fonts[item.face], fonts.ligatures[fonts[item.face]])
                    else:
                        text.setTextOrigin(item.x, item.y)
                        text.textOut(item.text)
                    if structure is not None and item.link is not None:
                        text._code.append("EMC")
                        sequence = None
                    previous = item
                    continue
                if text is not None:
                    if sequence is not None:
                        text._code.append("EMC")
                        sequence = None
                    canvas.drawText(text)
                    text = None
                if overprinting:  # only 100 K text overprints: never a box, a badge, a code or a picture
                    canvas.setFillOverprint(False)
                    canvas.setOverprintMask(False)
                    overprinting = False
                marked = structure is not None and isinstance(item, Box | Circle | Rule | QRCode | Picture)
                if marked:
                    assert structure is not None  # a picture without alternative text is decoration
                    if isinstance(item, QRCode | Picture) and item.alt.strip():
                        canvas._code.append(f"/Figure <</MCID {structure.mark_figure(item)}>> BDC")
                    else:
                        canvas._code.append("/Artifact BMC")
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
                    _picture(canvas, item)
                elif isinstance(item, Link):
                    r = item.rect
                    covered = isinstance(previous, TextRun) and previous.link == item.url
                    description = f"{previous.text} ({item.url})" if covered else item.url
                    if structure is None:
                        canvas.linkURL(item.url, (r.x, r.y, r.right, r.top), relative=1, thickness=0)
                    else:
                        canvas.linkURL(item.url, (r.x, r.y, r.right, r.top), relative=1, thickness=0,
                                       Contents=PDFString(description))
                        document = canvas._doc
                        name = document.annotationName(f"NUMBER{canvas._annotationCount}")  # the one just made
                        structure.link(document.idToObject[name], description, covered)
                elif isinstance(item, Bookmark):
                    key = f"b{next(bookmark_numbers)}"  # unique: headings side by side share a height
                    canvas.bookmarkHorizontal(key, 0, item.y)
                    canvas.addOutlineEntry(item.title, key, level=0)
                if marked:
                    canvas._code.append("EMC")
                previous = item
            if text is not None:
                if sequence is not None:
                    text._code.append("EMC")
                canvas.drawText(text)
            if overprinting:
                canvas.setFillOverprint(False)
                canvas.setOverprintMask(False)
            mark = page.watermark or plan.watermark
            if mark is not None:
                if structure is not None:
                    canvas._code.append("/Artifact BMC")
                _watermark(canvas, mark, fonts, colour)
                if structure is not None:
                    canvas._code.append("EMC")
            canvas.restoreState()
            canvas.showPage()
        if structure is not None:
            write_structure(canvas, structure)
        xmp = prepare(canvas, plan)
        canvas.save()
        return seal(buffer.getvalue(), xmp)


def _draw_run(text: Any, item: TextRun, font_name: str, ligatures: dict[int, str]) -> None:
    """Draw a run as its glyphs say: as its characters with the kerning in one TJ array when every glyph is a
    letter's own or a ligature (`_as_characters`), else glyph by glyph inside an ActualText span (`_shaped_run`):
    always a right-to-left run, whose glyphs are in visual order."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(font_name)
    found = None if item.rtl else _as_characters(item, font.face, ligatures)
    if found is None:
        _shaped_run(text, item, font.face, ligatures)
        return
    from reportlab.lib.rl_accel import fp_str

    canvas = text._canvas
    text.setTextOrigin(item.x, item.y)
    code = text._code
    codes, adjusts = found
    chunks = tuple(font.splitString("".join(map(chr, codes)), canvas._doc))  # (subset, its codes as bytes)
    for subset, array in _tj_arrays(chunks, adjusts):
        if subset != text._curSubset:
            code.append(f"{font.getSubsetInternalName(subset, canvas._doc)} {fp_str(item.size)} Tf "
                        f"{fp_str(text._leading)} TL")
            text._curSubset = subset
        code.append(array)


@lru_cache(maxsize=16384)
def _tj_arrays(chunks: tuple[tuple[int, bytes], ...], adjusts: tuple[float, ...]) -> tuple[tuple[int, str], ...]:
    """A run's TJ array per font subset: its letters, a number where the font kerns ("[(Pr) 20 (oces)] TJ"), a
    kern before a change of subset opening the next array."""
    from reportlab.lib.rl_accel import escapePDF, fp_str

    arrays = []
    at = 0
    for subset, chunk in chunks:
        parts = [fp_str(adjusts[at - 1])] if at and adjusts[at - 1] else []
        start = 0
        for index in range(len(chunk)):  # one byte per character: a subset has at most 256
            if adjusts[at + index] and index < len(chunk) - 1:
                parts += [f"({escapePDF(chunk[start:index + 1])})", fp_str(adjusts[at + index])]
                start = index + 1
        if start < len(chunk):
            parts.append(f"({escapePDF(chunk[start:])})")
        at += len(chunk)
        arrays.append((subset, f"[{' '.join(parts)}] TJ"))
    return tuple(arrays)


def _as_characters(item: TextRun, face: Any,
                   ligatures: dict[int, str]) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
    """The code points a left-to-right run is drawn through and the TJ adjustment after each (thousandths of an
    em), when each of its glyphs is its letter's own (drawn as that letter) or a ligature (drawn through its
    private-use code point, whose ToUnicode entry — `ligatures`, this render's — is the letters it stands for),
    at no offset; None for any other run (marks placed on letters, reordered or right-to-left glyphs, a ligature
    glyph already standing for other letters in this document)."""
    found = _characters(face, item.text, item.size, item.glyphs)
    if found is None:
        return None
    codes, adjusts, wanted = found
    if any(ligatures.get(code, letters) != letters for code, letters in wanted):
        return None
    ligatures.update(wanted)
    return codes, adjusts


@lru_cache(maxsize=16384)
def _characters(face: Any, run: str, size: float, glyphs: tuple[tuple[int, int, float, float, float], ...]
                ) -> tuple[tuple[int, ...], tuple[float, ...], tuple[tuple[int, str], ...]] | None:
    """`_as_characters` for one font and run, the same in every render (a batch draws the same runs per
    region): the codes, the adjustments and the (private-use code, letters) of its ligatures."""
    starts = [glyph[1] for glyph in glyphs]
    ends = starts[1:] + [len(run)]
    own = face.charToGlyph
    codes: list[int] = []
    adjusts: list[float] = []
    wanted: dict[int, str] = {}
    for (gid, _cluster, advance, dx, dy), start, end in zip(glyphs, starts, ends, strict=True):
        if end <= start or dx or dy:
            return None
        if end - start == 1 and own.get(ord(run[start])) == gid:
            code = ord(run[start])
        else:
            letters = run[start:end]
            code = _private_use(face, gid)
            if wanted.get(code, letters) != letters:
                return None
            wanted[code] = letters
        codes.append(code)
        adjusts.append(round(face.getCharWidth(code) - advance * 1000 / size, 2))  # TJ: n moves what follows
    adjusts[-1] = 0.0  # left n/1000 em; nothing follows the last glyph
    return tuple(codes), tuple(adjusts), tuple(wanted.items())


def _private_use(face: Any, gid: int) -> int:
    """The private-use code point glyph `gid` of the face is drawn through (0xE000 + the glyph id, or 0xF0000 + it
    in a font of more than 6400 glyphs: the same text gives the same bytes, whatever was drawn before), added to
    the face's character map on first use."""
    code = glyph_code(gid)
    if face.charToGlyph.get(code, gid) != gid:  # (layout refuses such a font)
        raise ValueError(f"glyph {gid} of {face.name!r} has no private-use code point to be drawn through")
    if code not in face.charToGlyph:
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = face._pdfScale(_advance(face, gid))
    return code


def _advance(face: Any, gid: int) -> int:
    """A glyph's advance in font units. ReportLab's `hmetrics` holds font units for the glyphs with a full hmtx
    entry and, for the rest (which share the last full entry's advance), the advance already scaled to 1/1000 em."""
    full = getattr(face, "_kaartgen_full_metrics", None)
    if full is None:
        full = face._kaartgen_full_metrics = struct.unpack(">H", face.get_table("hhea")[34:36])[0]
    return face.hmetrics[min(gid, full - 1)][0]


def _shaped_run(text: Any, item: TextRun, face: Any, ligatures: dict[int, str]) -> None:
    """Draw a shaped run glyph by glyph, as the plan placed them (left to right), inside one marked-content span
    whose ActualText is the run's characters: extraction, search and screen readers get letters, not glyph forms
    (a conjunct as its three letters, a vowel drawn before its consonant after it). A right-to-left run's
    ActualText is in the visual order of its glyphs, as a PDF's right-to-left text always is: readers put it back
    in logical order (pdftotext gives the logical string). That is every run set right to left (`TextRun.rtl`), a
    bracket between Arabic words too: "(القسرية)" in a font without brackets is three runs, and a bracket's text
    in logical order put it inside the word ("والدعارة( القسرية)"). A glyph that is the own glyph of a letter of
    its cluster is drawn through that letter (readers that ignore ActualText still get letters), any other through
    its private-use code point (`_private_use`), whose ToUnicode entry spells its cluster's letters when it is the
    cluster's one glyph (a ligature, a conjunct, a contextual form) — in a right-to-left run reversed, like the run:
    pdf.js, and poppler and PDFium without ActualText, reverse a right-to-left run's characters, entries included
    (pypdf does not, and reads "لا" as "ال")."""
    actual = item.text[::-1] if item.rtl else item.text
    text._code.append(f"/Span <</ActualText <FEFF{actual.encode('utf-16-be').hex().upper()}>>> BDC")
    run = item.text
    starts = sorted({glyph[1] for glyph in item.glyphs} | {len(run)})
    ends = dict(itertools.pairwise(starts))  # a cluster's letters: run[start:ends[start]]
    glyphs_of: dict[int, set[int]] = {}  # cluster → its glyphs
    for gid, cluster, *_ in item.glyphs:
        glyphs_of.setdefault(cluster, set()).add(gid)
    spelt: set[int] = set()  # the clusters whose letters a glyph's ToUnicode entry gives
    x = item.x
    for gid, cluster, advance, dx, dy in item.glyphs:
        letters = run[cluster:ends.get(cluster, cluster + 1)]
        own = next((part for part in _parts(letters) if face.charToGlyph.get(ord(part)) == gid), None)
        if own is None:  # (a yod and its hiriq: each its letter's own; Thai "ำ" as "ํ" and "า")
            code = _private_use(face, gid)
            if cluster in spelt:  # a further glyph of a cluster whose letters are given (a conjunct and its
                ligatures.setdefault(code, "")  # vowel sign, two glyphs for four letters): extracts as nothing
            else:  # its cluster's letters that no glyph of their own stands for (all of them for a ligature)
                spelt.add(cluster)
                rest = "".join(letter for letter in letters if not all(
                    face.charToGlyph.get(ord(part)) in glyphs_of[cluster] for part in _parts(letter)))
                ligatures.setdefault(code, rest[::-1] if item.rtl else rest)
            own = chr(code)
        text.setTextOrigin(x + dx, item.y + dy)
        text.textOut(own)
        x += advance
    text._code.append("EMC")


@lru_cache(maxsize=4096)
def _parts(letters: str) -> str:
    """The letters, then what they decompose into where that differs (NFKD): HarfBuzz draws Thai "ำ" as the glyphs
    of "ํ" and "า", which are drawn through those letters."""
    parts = unicodedata.normalize("NFKD", letters)
    return letters if parts == letters else letters + parts


def _pure_black(cmyk: tuple[float, ...]) -> bool:
    """100 % K and nothing else: the only colour that may overprint without changing what is seen."""
    return len(cmyk) == 4 and max(cmyk[:3]) < 1e-6 and cmyk[3] > 1 - 1e-6


def _qr(canvas: Any, item: QRCode, fill: Any) -> None:
    """The QR code as one filled path of module runs (no graphics-state side effects, no stray fonts)."""
    module = item.module
    path = canvas.beginPath()
    for row, col, length in item.runs:
        path.rect(item.rect.x + col * module, item.rect.top - (row + 1) * module, length * module, module)
    canvas.setFillColor(fill)
    canvas.drawPath(path, stroke=0, fill=1)


def _picture(canvas: Any, item: Picture) -> None:
    """drawImage stores each distinct image once per PDF, however often it is drawn."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.frombytes(item.image.mode, (item.image.width, item.image.height), item.image.data)
    r = item.rect
    canvas.drawImage(ImageReader(image), r.x, r.y, r.w, r.h, mask="auto" if item.image.has_alpha else None)


def _watermark(canvas: Any, mark: Watermark, fonts: _Fonts, colour: Any) -> None:
    canvas.saveState()
    canvas.translate(mark.cx, mark.cy)
    canvas.rotate(mark.angle)
    canvas.setStrokeColor(colour(mark.colour))
    canvas.setLineWidth(mark.line_width)
    label = canvas.beginText(mark.x, mark.y)
    label.setFont(fonts[mark.face], mark.size)
    label.setTextRenderMode(1)  # stroke only
    label.textOut(mark.text)
    canvas.drawText(label)
    canvas.restoreState()
