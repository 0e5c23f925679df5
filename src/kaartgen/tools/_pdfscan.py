"""A pypdf page → what its content streams paint: colour spaces and ink, separations, text (size, inks, where it
sits), lines, placed images, overprint, transparency, and how far painted things reach towards the bleed.

Walks a page's content streams and the forms, tiling patterns and Type3 glyphs (those that paint in their own
colours, d0) they draw, tracking the graphics state (CTM, clip, colours, overprint, line width, font, text matrices)
and the bounding box of each painted path, text, shading and image in page space, cut by the clip (the bounding box
of each W path and of each form's /BBox): what a clip cuts away is not painted. Text is measured with the font's
widths, down the page for vertical CID fonts (-V CMaps, /W2), and at the size a Type3 font's /FontMatrix makes it.
Page space here is the page as shown: the scan starts from the page's /Rotate, so edges, folds and positions are
what the operator sees. A page's trim box, bleed box and folds, when given, turn positions into findings (text near
the trim or a fold, Registration inside the trim, background stopping at the trim). Ink is read from colour
operators, from the functions of axial and radial shadings (sampled), from CMYK images (decoded at a reduced size,
never more than `MAX_SAMPLED_PIXELS`) and from the palette entries an indexed CMYK image uses. Lines outside the
trim (crop marks, slug) are not counted as hairlines: they are cut away. Used by :mod:`kaartgen.tools.preflight`,
which also shares the small helpers on pypdf objects defined here.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from PIL import Image, ImageMath
from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

PT_PER_MM = 72 / 25.4
PT_PER_INCH = 72.0
MAX_NESTING = 16  # forms/patterns drawn inside forms/patterns; deeper is almost certainly a cycle
MAX_OPERATIONS_PER_PAGE = 2_000_000
MAX_FORMS_PER_PAGE = 10_000
"""Operations run for one page, counting a form's each time it is drawn, and forms and patterns run for one page:
a form drawing another ten times, 16 deep, would be 10^16 runs. A page past either is reported as not checked
(seconds of work), never scanned for ever."""
MAX_SAMPLED_PIXELS = 64_000_000  # an image larger than this is not decoded for its ink (reported as not sampled)
SAMPLE_EDGE = 256  # images are reduced to about this many pixels a side before their ink is read
SHADING_SAMPLES = 33  # points at which a shading's function is evaluated
_SUBSET_TAG = re.compile(r"[A-Z]{6}\+")
PROCESS_COLOURANTS = {"/Cyan", "/Magenta", "/Yellow", "/Black"}

# Content-stream painting operators, by what they paint with.
_FILL_PAINT = {b"f", b"F", b"f*"}
_STROKE_PAINT = {b"S", b"s"}
_FILL_AND_STROKE_PAINT = {b"B", b"B*", b"b", b"b*"}
_TEXT_SHOW = {b"Tj", b"TJ", b"'", b'"'}
# Text rendering modes (Tr) that fill, stroke or do neither (3 is invisible text, 7 only clips).
_TEXT_FILL_MODES = {0, 2, 4, 6}
_TEXT_STROKE_MODES = {1, 2, 5, 6}
_TEXT_INVISIBLE_MODES = {3, 7}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Rect = tuple[float, float, float, float]  # left, bottom, right, top in page space


# ---------------------------------------------------------------------------------------------------------------
# Small helpers on pypdf objects


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _as_dict(obj: Any) -> DictionaryObject | None:
    obj = _resolve(obj)
    return obj if isinstance(obj, DictionaryObject) else None  # StreamObject is a DictionaryObject too


def _as_array(obj: Any) -> list[Any]:
    obj = _resolve(obj)
    return [_resolve(item) for item in obj] if isinstance(obj, ArrayObject) else []


def _is_true(value: Any) -> bool:
    return isinstance(value, BooleanObject) and value.value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(operands: list[Any], count: int | None = None) -> tuple[float, ...] | None:
    """The operands as floats, or None when they are not (exactly ``count``) numbers."""
    values = [_resolve(value) for value in operands]
    if (count is not None and len(values) != count) or not all(_is_number(value) for value in values):
        return None
    return tuple(float(value) for value in values)


def _lookup(resources: DictionaryObject, category: str, name: Any) -> Any:
    group = _as_dict(resources.get(category))
    return _resolve(group.get(name)) if group is not None and isinstance(name, str) else None


def _object_key(obj: Any) -> int:
    """Identity of a resolved object within one reader (pypdf caches resolved objects)."""
    return id(obj)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention: apply m first, then n."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _x_scale(m: Matrix) -> float:
    return math.hypot(m[0], m[1])


def _y_scale(m: Matrix) -> float:
    return math.hypot(m[2], m[3])


def _matrix(obj: Any) -> Matrix:
    values = _numbers(_as_array(obj), 6)
    return values if values is not None else IDENTITY  # type: ignore[return-value]


REPORT_SEPARATOR = " — "  # between a check's reason and its hint


def printable(text: str) -> str:
    """`text` with every character that is not printable (line breaks, controls, bidi and zero-width characters)
    written as ``⟨U+XXXX⟩``: a line of the report stays one line that says what it seems to say."""
    return "".join(ch if ch.isprintable() else f"⟨U+{ord(ch):04X}⟩" for ch in text)


def from_file(text: object, limit: int = 64) -> str:
    """A name or text taken from a foreign PDF, fit for a report line: printable, at most `limit` characters,
    its em dashes (the report's separator) escaped too, in quotes."""
    raw = str(text)
    shown = printable(raw[:limit]).replace("—", "⟨U+2014⟩")
    return f"'{shown}{'…' if len(raw) > limit else ''}'"


def _font_name(font: DictionaryObject | None, fallback: str) -> str:
    base = font.get("/BaseFont") if font is not None else None
    return str(base).lstrip("/") if base else fallback.lstrip("/")


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return printable(text[0][:200]).replace("—", "-") if text else type(exc).__name__


# ---------------------------------------------------------------------------------------------------------------
# Content-stream interpretation (feeds colour, text-size, images and the PDF/X-1a transparency rule)


class _Space(NamedTuple):
    """A colour space reduced to what preflight cares about."""

    family: str  # "gray", "rgb", "cmyk", "spot", "lab", "pattern", "unknown"
    label: str  # e.g. "DeviceRGB", "ICCBased N=3"
    underlying: str = ""  # an uncoloured pattern's colour family: [/Pattern /DeviceRGB] paints RGB
    colourants: tuple[str, ...] = ()  # of a Separation or DeviceN space: "/All" is Registration


class _Colour(NamedTuple):
    """The current fill or stroke colour and the operator that set it."""

    space: _Space
    operator: str
    values: tuple[float, ...] = ()
    pattern: str | None = None  # the pattern's resource name, in a Pattern colour space


_DEVICE_SPACES = {
    "/DeviceGray": _Space("gray", "DeviceGray"),
    "/G": _Space("gray", "DeviceGray"),
    "/CalGray": _Space("gray", "CalGray"),
    "/DeviceRGB": _Space("rgb", "DeviceRGB"),
    "/RGB": _Space("rgb", "DeviceRGB"),
    "/CalRGB": _Space("rgb", "CalRGB"),
    "/DeviceCMYK": _Space("cmyk", "DeviceCMYK"),
    "/CMYK": _Space("cmyk", "DeviceCMYK"),
    "/Separation": _Space("spot", "Separation"),
    "/DeviceN": _Space("spot", "DeviceN"),
    "/Lab": _Space("lab", "Lab"),
    "/Pattern": _Space("pattern", "Pattern"),
}
_ICC_COMPONENTS = {
    1: _Space("gray", "ICCBased N=1"),
    3: _Space("rgb", "ICCBased N=3"),
    4: _Space("cmyk", "ICCBased N=4"),
}
_UNKNOWN_SPACE = _Space("unknown", "unknown colour space")
_GRAY, _RGB, _CMYK = _DEVICE_SPACES["/DeviceGray"], _DEVICE_SPACES["/DeviceRGB"], _DEVICE_SPACES["/DeviceCMYK"]
_COMPONENTS = {_GRAY: 1, _RGB: 3, _CMYK: 4}
_BLACK = _Colour(_GRAY, "initial", (0.0,))


def _colour_space(obj: Any, resources: DictionaryObject, depth: int = 0) -> _Space:
    """Resolve a colour space operand or entry (a name, a named resource, or an array) to its family."""
    obj = _resolve(obj)
    if depth > MAX_NESTING:
        return _UNKNOWN_SPACE
    if isinstance(obj, NameObject):
        if str(obj) in _DEVICE_SPACES:
            return _DEVICE_SPACES[str(obj)]
        named = _lookup(resources, "/ColorSpace", obj)
        return _colour_space(named, resources, depth + 1) if named is not None else _UNKNOWN_SPACE
    items = _as_array(obj)
    if not items:
        return _UNKNOWN_SPACE
    kind = str(items[0])
    if kind == "/ICCBased" and len(items) > 1:
        profile = _as_dict(items[1])
        components = profile.get("/N") if profile is not None else None
        if components is None or not _is_number(components):
            return _UNKNOWN_SPACE
        return _ICC_COMPONENTS.get(int(components), _UNKNOWN_SPACE)
    if kind in ("/Indexed", "/I") and len(items) > 1:
        base = _colour_space(items[1], resources, depth + 1)
        return _Space(base.family, f"Indexed on {base.label}")
    if kind == "/Pattern" and len(items) > 1:
        base = _colour_space(items[1], resources, depth + 1)
        return _Space("pattern", f"Pattern on {base.label}", base.family)
    if kind == "/Separation" and len(items) > 1 and isinstance(items[1], NameObject):
        return _Space("spot", f"Separation {from_file(str(items[1])[1:])}", colourants=(str(items[1]),))
    if kind == "/DeviceN" and len(items) > 1:
        names = tuple(str(name) for name in _as_array(items[1]) if isinstance(name, NameObject))
        return _Space("spot", "DeviceN", colourants=names)
    return _DEVICE_SPACES.get(kind, _UNKNOWN_SPACE)


def _initial_colour(space: _Space, operator: str) -> _Colour:
    initial = {"cmyk": (0.0, 0.0, 0.0, 1.0), "gray": (0.0,)}.get(space.family, ())
    if space.family == "spot":
        initial = (1.0,) * max(len(space.colourants), 1)
    return _Colour(space, operator, initial)


@dataclass
class _GState:
    """The parts of the graphics state that preflight tracks (saved by q, restored by Q)."""

    ctm: Matrix = IDENTITY
    fill: _Colour = _BLACK
    stroke: _Colour = _BLACK
    font: DictionaryObject | None = None
    font_size: float = 0.0
    font_name: str = ""
    render_mode: int = 0
    line_width: float = 1.0
    fill_overprint: bool = False
    stroke_overprint: bool = False
    overprint_mode: int = 0  # OPM: 1 leaves zero CMYK components unpainted (a white then vanishes)
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    h_scale: float = 1.0
    leading: float = 0.0
    clip: Rect | None = None  # bounding box of the clipping path in page space (None: the whole page)


class _ImageUse(NamedTuple):
    name: str
    ppi: float
    pixels: tuple[int, int]
    placed_mm: tuple[float, float]


class _TextUse(NamedTuple):
    size: float
    font: str


EDGES = ("left", "bottom", "right", "top")
TOUCH_PT = 0.5  # painted to within this of an edge counts as reaching it


@dataclass(frozen=True)
class PageGeometry:
    """Where a page is cut and folded, in page space: what turns positions into findings."""

    trim: Rect | None = None
    bleed: Rect | None = None
    folds: tuple[float, ...] = ()  # x of vertical folds
    near_pt: float = 0.0  # text closer than this to the trim or a fold is reported
    media: Rect | None = None
    rotate: Matrix = IDENTITY  # default user space → the page as shown (its /Rotate); the boxes are shown ones


class _Near(NamedTuple):
    distance: float  # pt; negative: the text crosses the line
    size: float
    line: str  # "the trim (left)" or "the fold at 99.0 mm"
    text: str
    at: tuple[float, float] = (0.0, 0.0)  # the text's lower-left corner, mm from the trim's lower-left corner


class _InkUse(NamedTuple):
    percent: float
    where: str


@dataclass
class _PageScan:
    """What one page's content streams (with the forms, patterns and images they draw) paint."""

    rgb: list[str] = field(default_factory=list)
    ink: tuple[float, str] | None = None  # highest total area coverage in %, and the colour
    smallest_text: _TextUse | None = None
    images: list[_ImageUse] = field(default_factory=list)
    transparency: list[str] = field(default_factory=list)
    blend_modes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fonts_shown: set[int] = field(default_factory=set)  # fonts of visible text, by _object_key
    spots: dict[str, str] = field(default_factory=dict)  # colourant (without /) → where first painted
    registration_in_trim: list[str] = field(default_factory=list)
    overprint_white: list[str] = field(default_factory=list)
    overprint_grey: list[str] = field(default_factory=list)
    thinnest_line: tuple[float, str] | None = None  # pt, where
    multi_ink_text: list[tuple[float, int, bool, str]] = field(default_factory=list)  # size, inks, rich black, colour
    near_lines: list[_Near] = field(default_factory=list)
    reach: dict[str, float] = field(default_factory=dict)  # edge → least far beyond the trim of what touches it
    image_ink: _InkUse | None = None
    shading_ink: _InkUse | None = None
    not_sampled: list[str] = field(default_factory=list)  # images and shadings whose ink was not read
    managed: list[str] = field(default_factory=list)  # Lab and ICC-based colour (not allowed in PDF/X-1a)

    def add(self, items: list[str], message: str) -> None:
        if message not in items and len(items) < 50:
            items.append(message)


@dataclass
class _Frame:
    """One content stream being run: its resources, where it lives, nesting depth and its local state."""

    resources: DictionaryObject
    where: str
    depth: int
    state: _GState
    drawing: frozenset[int] = frozenset()  # the forms and patterns being run, outermost first: a cycle is refused
    saved: list[_GState] = field(default_factory=list)
    text_matrix: Matrix = IDENTITY
    line_matrix: Matrix = IDENTITY
    path: list[float] | None = None  # bounding box of the current path in page space: [x0, y0, x1, y1]
    clipping: bool = False  # W or W* seen: the current path becomes the clip once it is painted or ended
    base: Matrix = IDENTITY  # the stream's default space → page space (what a tiling pattern's /Matrix is from)
    area: Rect | None = None  # in a tiling pattern's cell: where the pattern is painted (cells are not positions)


class _TooMuchWork(Exception):
    """A page ran past MAX_OPERATIONS_PER_PAGE or MAX_FORMS_PER_PAGE."""


class _PageScanner:
    """Interprets content streams page by page: colours as they are painted, shown text sizes, placed images.

    One scanner serves a whole document, so a form drawn on every page is parsed once.
    """

    def __init__(self, reader: PdfReader) -> None:
        self._reader = reader
        self._scan = _PageScan()
        self._patterns_run: set[int] = set()
        self._operations_run = self._forms_run = 0
        # stream → (operations, or None when unparsable; the parse problem, re-reported on every page)
        self._operations_cache: dict[int, tuple[list[tuple[Any, bytes]] | None, str]] = {}
        self._handlers: dict[bytes, Callable[[_Frame, list[Any]], None]] = {
            b"q": self._save,
            b"Q": self._restore,
            b"cm": self._concat,
            b"gs": self._ext_gstate,
            b"rg": lambda frame, ops: self._set_device(frame, ops, "fill", "rg", _RGB),
            b"RG": lambda frame, ops: self._set_device(frame, ops, "stroke", "RG", _RGB),
            b"k": lambda frame, ops: self._set_device(frame, ops, "fill", "k", _CMYK),
            b"K": lambda frame, ops: self._set_device(frame, ops, "stroke", "K", _CMYK),
            b"g": lambda frame, ops: self._set_device(frame, ops, "fill", "g", _GRAY),
            b"G": lambda frame, ops: self._set_device(frame, ops, "stroke", "G", _GRAY),
            b"cs": lambda frame, ops: self._set_space(frame, ops, "fill", "cs"),
            b"CS": lambda frame, ops: self._set_space(frame, ops, "stroke", "CS"),
            b"sc": lambda frame, ops: self._set_components(frame, ops, "fill", "sc"),
            b"scn": lambda frame, ops: self._set_components(frame, ops, "fill", "scn"),
            b"SC": lambda frame, ops: self._set_components(frame, ops, "stroke", "SC"),
            b"SCN": lambda frame, ops: self._set_components(frame, ops, "stroke", "SCN"),
            b"BT": self._begin_text,
            b"Tm": self._text_matrix,
            b"Td": self._text_move,
            b"TD": self._text_move_leading,
            b"T*": self._next_line,
            b"TL": lambda frame, ops: self._text_param(frame, ops, "leading"),
            b"Tc": lambda frame, ops: self._text_param(frame, ops, "char_spacing"),
            b"Tw": lambda frame, ops: self._text_param(frame, ops, "word_spacing"),
            b"Tz": lambda frame, ops: self._text_param(frame, ops, "h_scale"),
            b"Tf": self._font,
            b"Tr": self._render_mode,
            b"w": self._line_width,
            b"m": self._path_point,
            b"l": self._path_point,
            b"c": self._path_point,
            b"v": self._path_point,
            b"y": self._path_point,
            b"re": self._path_rect,
            b"n": self._end_path,
            b"W": self._clip,
            b"W*": self._clip,
            b"Do": self._draw_xobject,
            b"INLINE IMAGE": self._inline_image,
            b"sh": self._shading,
        }
        for operator in _FILL_PAINT:
            self._handlers[operator] = lambda frame, ops: self._paint_path(frame, ("fill",))
        for operator in _STROKE_PAINT:
            self._handlers[operator] = lambda frame, ops: self._paint_path(frame, ("stroke",))
        for operator in _FILL_AND_STROKE_PAINT:
            self._handlers[operator] = lambda frame, ops: self._paint_path(frame, ("fill", "stroke"))
        for operator in _TEXT_SHOW:
            self._handlers[operator] = functools.partial(self._show_text, operator=operator)
        self._image_inks: dict[int, float | None] = {}  # image → highest ink sampled (None: not sampled)
        self._sampled: dict[int, list[float] | None] = {}  # sampled function → its highest-ink sample
        self._shading_inks: dict[int, float | None] = {}  # shading → its highest ink (None: not sampled)
        self._fonts: dict[int, _FontInfo] = {}  # font → what text measurement needs of it
        self._glyphs_run: set[int] = set()  # Type3 glyph procedures run on this page (for their colours)
        self._geometry = PageGeometry()

    def scan(self, page: PageObject, geometry: PageGeometry | None = None) -> _PageScan:
        self._scan, self._patterns_run, self._operations_run, self._forms_run = _PageScan(), set(), 0, 0
        self._glyphs_run = set()
        self._geometry = geometry or PageGeometry()
        resources = _as_dict(page.get("/Resources")) or DictionaryObject()
        try:
            self._check_group(page, resources, "page")
            state = _GState(ctm=self._geometry.rotate)
            self._run(page.get("/Contents"), _Frame(resources, "content stream", 0, state, base=state.ctm))
        except _TooMuchWork:
            self._scan.add(self._scan.problems, f"page draws more than {MAX_FORMS_PER_PAGE:,} forms or "
                                                f"{MAX_OPERATIONS_PER_PAGE:,} operations (forms drawn inside forms "
                                                "many times over); the rest was not checked")
        except Exception as exc:  # noqa: BLE001 - any PDF is fair input: an odd structure costs this page's scan, not the report
            problem = f"page content could not be interpreted ({type(exc).__name__}: {_one_line(exc)})"
            self._scan.add(self._scan.problems, problem)
        return self._scan

    # -- running streams ----------------------------------------------------------------------------------------

    def _run(self, contents: Any, frame: _Frame) -> None:
        operations = self._operations(contents, frame.where) or ()
        self._operations_run += len(operations)
        if self._operations_run > MAX_OPERATIONS_PER_PAGE:
            raise _TooMuchWork
        for operands, operator in operations:
            handler = self._handlers.get(operator)
            if handler is not None:
                handler(frame, operands)

    def _operations(self, contents: Any, where: str) -> list[tuple[Any, bytes]] | None:
        contents = _resolve(contents)
        if contents is None:
            return None
        key = _object_key(contents)
        if key not in self._operations_cache:
            try:
                self._operations_cache[key] = (ContentStream(contents, self._reader).operations, "")
            except Exception as exc:  # noqa: BLE001 - pypdf's parser raises many types (even AssertionError) on broken streams
                self._operations_cache[key] = (None, f"{where} could not be parsed: {_one_line(exc)}")
        operations, problem = self._operations_cache[key]
        if problem:  # on every page that draws the broken stream, not only the first
            self._scan.add(self._scan.problems, problem)
        return operations

    def _run_nested(self, stream: StreamObject, frame: _Frame, where: str, matrix: Matrix, base: Matrix, *,
                    clip: Rect | None = None, resources: DictionaryObject | None = None,
                    area: Rect | None = None) -> None:
        """Run a form, tiling pattern or Type3 glyph stream with its own resources (or its parent's, for old files);
        a form's /BBox (`clip`, in form space) clips what it draws; a pattern cell's paint counts as `area`."""
        if frame.depth >= MAX_NESTING:
            self._scan.add(self._scan.problems, f"{where} nested more than {MAX_NESTING} deep; not followed")
            return
        self._forms_run += 1
        if self._forms_run > MAX_FORMS_PER_PAGE:
            raise _TooMuchWork
        key = _object_key(stream)
        if key in frame.drawing:
            self._scan.add(self._scan.problems, f"{where} draws itself; not followed")
            return
        resources = resources or _as_dict(stream.get("/Resources")) or frame.resources
        state = replace(frame.state, ctm=_multiply(matrix, base))
        if clip is not None:
            state.clip = _clipped(transform_box(clip, state.ctm), state.clip)
        self._check_group(stream, resources, where)
        self._run(stream, _Frame(resources, where, frame.depth + 1, state, drawing=frame.drawing | {key},
                                 base=state.ctm, area=area or frame.area))

    # -- graphics state ---------------------------------------------------------------------------------------

    def _save(self, frame: _Frame, operands: list[Any]) -> None:
        frame.saved.append(replace(frame.state))

    def _restore(self, frame: _Frame, operands: list[Any]) -> None:
        if frame.saved:  # an unbalanced Q is ignored, as viewers do
            frame.state = frame.saved.pop()

    def _concat(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands, 6)
        if values is not None:
            frame.state.ctm = _multiply(values, frame.state.ctm)  # type: ignore[arg-type]

    def _ext_gstate(self, frame: _Frame, operands: list[Any]) -> None:
        name = operands[0] if operands else None
        gstate = _as_dict(_lookup(frame.resources, "/ExtGState", name))
        if gstate is None:
            return
        for key in ("/ca", "/CA"):
            alpha = _resolve(gstate.get(key))
            if _is_number(alpha) and alpha < 1:
                self._scan.add(self._scan.transparency, f"ExtGState {name} sets {key} {float(alpha):g}")
        smask = _resolve(gstate.get("/SMask"))
        if smask is not None and smask != "/None":
            self._scan.add(self._scan.transparency, f"ExtGState {name} sets a soft mask")
        font = _as_array(gstate.get("/Font"))
        if len(font) == 2 and _is_number(font[1]):
            self._set_font(frame, _as_dict(font[0]), float(font[1]), str(name))
        blend = _resolve(gstate.get("/BM"))
        blend = _as_array(blend)[0] if isinstance(_resolve(gstate.get("/BM")), ArrayObject) and _as_array(blend) \
            else blend
        if isinstance(blend, NameObject) and blend not in ("/Normal", "/Compatible"):
            self._scan.add(self._scan.blend_modes, f"ExtGState {name} sets blend mode {blend}")
            self._scan.add(self._scan.transparency, f"ExtGState {name} sets blend mode {blend}")
        width = _resolve(gstate.get("/LW"))
        if _is_number(width):
            frame.state.line_width = float(width)
        stroke_op, fill_op = _resolve(gstate.get("/OP")), _resolve(gstate.get("/op"))
        if isinstance(stroke_op, BooleanObject):
            frame.state.stroke_overprint = stroke_op.value
            if not isinstance(fill_op, BooleanObject):
                frame.state.fill_overprint = stroke_op.value
        if isinstance(fill_op, BooleanObject):
            frame.state.fill_overprint = fill_op.value
        mode = _resolve(gstate.get("/OPM"))
        if _is_number(mode):
            frame.state.overprint_mode = int(mode)

    def _check_group(self, owner: DictionaryObject, resources: DictionaryObject, where: str) -> None:
        group = _as_dict(owner.get("/Group"))
        if group is None or group.get("/S") != "/Transparency":
            return
        self._scan.add(self._scan.transparency, f"transparency group on {where}")
        if "/CS" in group and _colour_space(group["/CS"], resources).family == "rgb":
            self._scan.add(self._scan.rgb, f"RGB transparency group (/Group /CS) on {where}")

    # -- colour -----------------------------------------------------------------------------------------------

    def _set_device(self, frame: _Frame, operands: list[Any], target: str, operator: str, space: _Space) -> None:
        values = _numbers(operands, _COMPONENTS[space]) or ()
        setattr(frame.state, target, _Colour(space, operator, values))

    def _set_space(self, frame: _Frame, operands: list[Any], target: str, operator: str) -> None:
        if operands:
            setattr(frame.state, target, _initial_colour(_colour_space(operands[0], frame.resources), operator))

    def _set_components(self, frame: _Frame, operands: list[Any], target: str, operator: str) -> None:
        current: _Colour = getattr(frame.state, target)
        pattern = str(operands[-1]) if operands and isinstance(operands[-1], NameObject) else None
        values = _numbers(operands[:-1] if pattern else operands) or ()
        setattr(frame.state, target, _Colour(current.space, operator, values, pattern))

    # -- paths --------------------------------------------------------------------------------------------------

    def _path_point(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands)
        if not values or len(values) % 2:
            return
        for i in range(0, len(values), 2):
            self._extend_path(frame, values[i], values[i + 1])

    def _path_rect(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands, 4)
        if values is not None:
            x, y, w, h = values
            for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
                self._extend_path(frame, px, py)

    def _extend_path(self, frame: _Frame, x: float, y: float) -> None:
        a, b, c, d, e, f = frame.state.ctm
        px, py = a * x + c * y + e, b * x + d * y + f
        if frame.path is None:
            frame.path = [px, py, px, py]
        else:
            box = frame.path
            box[0], box[1], box[2], box[3] = min(box[0], px), min(box[1], py), max(box[2], px), max(box[3], py)

    def _end_path(self, frame: _Frame, operands: list[Any]) -> None:
        self._apply_clip(frame, tuple(frame.path) if frame.path is not None else None)  # type: ignore[arg-type]
        frame.path = None  # nothing painted

    def _clip(self, frame: _Frame, operands: list[Any]) -> None:
        frame.clipping = True

    def _apply_clip(self, frame: _Frame, box: Rect | None) -> None:
        """After the path's painting (or n): a pending W/W* narrows the clip to the path's bounding box (a bounding
        box can only overstate what a clip lets through, so nothing painted is missed)."""
        if frame.clipping:
            frame.clipping = False
            if box is not None:  # W n with no path at all changes nothing (as Ghostscript and poppler draw it)
                frame.state.clip = _clipped(box, frame.state.clip)

    def _line_width(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands, 1)
        if values is not None:
            frame.state.line_width = values[0]

    def _paint_path(self, frame: _Frame, targets: tuple[str, ...]) -> None:
        box: Rect | None = tuple(frame.path) if frame.path is not None else None  # type: ignore[assignment]
        frame.path = None
        for target in targets:
            painted = box
            if target == "stroke" and box is not None:
                width = frame.state.line_width * (_x_scale(frame.state.ctm) + _y_scale(frame.state.ctm)) / 2
                half = width / 2
                painted = (box[0] - half, box[1] - half, box[2] + half, box[3] + half)
                visible = self._visible(frame, painted)
                if not _is_empty(visible):
                    self._record_line(width, frame, visible)
            self._paint(frame, target, painted)
        self._apply_clip(frame, box)  # the clip a W set applies to what comes after this painting, not to it

    def _record_line(self, width: float, frame: _Frame, box: Rect) -> None:
        colour = frame.state.stroke
        if colour.space.family in ("cmyk", "gray", "spot") and _is_white(colour):
            return  # a white line paints nothing that could break up
        trim = self._geometry.trim
        if trim is not None and not _overlaps(box, _shrunk(trim, TOUCH_PT)):
            return  # crop marks and slug lines are cut away with the trim
        thinnest = self._scan.thinnest_line
        if thinnest is None or width < thinnest[0]:
            self._scan.thinnest_line = (width, f"stroke in {frame.where}")

    # -- colour use -------------------------------------------------------------------------------------------

    def _paint(self, frame: _Frame, target: str, box: Rect | None = None, what: str = "", reach: bool = True) -> None:
        """Something is painted with the current ``target`` ("fill" or "stroke") colour, covering `box`."""
        colour: _Colour = getattr(frame.state, target)
        space = colour.space
        what = what or f"{target} in {frame.where}"
        if box is not None:
            box = self._visible(frame, box)
            if _is_empty(box):
                return  # clipped away: nothing of it prints
        in_slug = self._in_slug(box)  # outside the trim (colour bars, job information): cut away, no ink counted
        if space.family == "lab" or space.label.startswith("ICCBased"):
            self._scan.add(self._scan.managed, f"{space.label} {target} colour in {frame.where}")
        if space.family == "rgb" or (space.underlying == "rgb" and colour.values):
            how = colour.operator if colour.operator in ("rg", "RG") else f"{colour.operator} in {space.label}"
            self._scan.add(self._scan.rgb, f"RGB {target} colour ({how}) in {frame.where}")
        elif space.family == "cmyk" and len(colour.values) == 4:
            if not in_slug:
                self._record_ink(colour, target)
        elif space.family == "spot":
            self._record_separations(space, colour, box, what)
            process = _process_ink(space, colour)
            if process is not None and not in_slug:
                self._record_ink(process, target)
        overprint = frame.state.fill_overprint if target == "fill" else frame.state.stroke_overprint
        if overprint and space.family == "spot" and _is_white(colour) and not in_slug:
            # a 0 % tint of a Separation or DeviceN paints nothing when it overprints, whatever the OPM
            self._scan.add(self._scan.overprint_white, f"0 % {space.label} {what} set to overprint")
        if overprint and space.family == "cmyk" and frame.state.overprint_mode == 1:
            # with OPM 1 a DeviceCMYK zero leaves the plate below alone: a white vanishes, a grey mixes
            if _is_white(colour):
                self._scan.add(self._scan.overprint_white, f"white {what} set to overprint (OPM 1)")
            elif _is_grey(colour):
                self._scan.add(self._scan.overprint_grey, f"{_describe(colour)} {what} set to overprint (OPM 1)")
        if box is not None and reach and not _is_white(colour):
            self._record_reach(box)
        if space.family == "pattern" and colour.pattern:
            self._paint_pattern(frame, colour.pattern, box)

    @staticmethod
    def _visible(frame: _Frame, box: Rect) -> Rect:
        """What of `box` prints: cut by the clip, or in a tiling pattern's cell, where the pattern is painted."""
        return frame.area or _clipped(box, frame.state.clip)

    def _in_slug(self, box: Rect | None) -> bool:
        trim = self._geometry.trim
        return trim is not None and box is not None and not _overlaps(box, _shrunk(trim, TOUCH_PT))

    def _record_separations(self, space: _Space, colour: _Colour, box: Rect | None, what: str) -> None:
        values = colour.values or (1.0,) * len(space.colourants)
        for index, name in enumerate(space.colourants):
            tint = values[index] if index < len(values) else 1.0
            if name == "/None" or tint <= 0:
                continue
            if name == "/All":
                trim = self._geometry.trim
                if trim is not None and box is not None and _overlaps(box, _shrunk(trim, TOUCH_PT)):
                    self._scan.add(self._scan.registration_in_trim, f"Registration ({what})")
            elif name not in PROCESS_COLOURANTS:
                self._scan.spots.setdefault(name[1:], what)

    def _record_reach(self, box: Rect) -> None:
        """Of the things painted up to a trim edge, the one that goes least far beyond it (a background meant
        to bleed that stops at the trim is the defect; text is not counted)."""
        trim = self._geometry.trim
        if trim is None or (box[2] <= box[0] and box[3] <= box[1]):
            return
        left, bottom, right, top = trim
        across_x = box[0] < right - TOUCH_PT and box[2] > left + TOUCH_PT
        across_y = box[1] < top - TOUCH_PT and box[3] > bottom + TOUCH_PT
        beyond = {"left": left - box[0], "bottom": bottom - box[1], "right": box[2] - right, "top": box[3] - top}
        inside = {"left": box[2] - left, "bottom": box[3] - bottom, "right": right - box[0], "top": top - box[1]}
        for edge, distance in beyond.items():
            spans = across_y if edge in ("left", "right") else across_x
            if spans and distance >= -TOUCH_PT and inside[edge] >= -TOUCH_PT:  # it touches this edge: how far on?
                self._scan.reach[edge] = min(self._scan.reach.get(edge, distance), distance)

    def _record_ink(self, colour: _Colour, target: str) -> None:
        percent = sum(colour.values) * 100
        if self._scan.ink is None or percent > self._scan.ink[0]:
            c, m, y, k = (round(value * 100) for value in colour.values)
            self._scan.ink = (percent, f"{target} colour C{c} M{m} Y{y} K{k} ({colour.operator})")

    def _paint_pattern(self, frame: _Frame, name: str, box: Rect | None) -> None:
        """A pattern fills `box` (already clipped): a shading over it, or tiling cells whose colours count there."""
        pattern = _as_dict(_lookup(frame.resources, "/Pattern", name))
        if pattern is None:
            return
        if pattern.get("/PatternType") == 2:  # a shading pattern: cheap, and where it is painted matters (reach)
            self._paint_shading(frame, _as_dict(pattern.get("/Shading")), f"shading pattern {name}", box)
            return
        if _object_key(pattern) in self._patterns_run:
            return
        self._patterns_run.add(_object_key(pattern))
        if isinstance(pattern, StreamObject):
            # Pattern space is the default space of the page (or form) the pattern is used in.
            self._run_nested(pattern, frame, f"tiling pattern {name}", _matrix(pattern.get("/Matrix")), frame.base,
                             area=box)

    def _shading(self, frame: _Frame, operands: list[Any]) -> None:
        """sh paints the shading over the whole clip (limited by the shading's own /BBox)."""
        name = operands[0] if operands else None
        shading = _as_dict(_lookup(frame.resources, "/Shading", name))
        box = frame.state.clip or self._geometry.media
        if shading is not None and box is not None:
            own = _numbers(_as_array(shading.get("/BBox")), 4)
            if own is not None:
                box = _clipped(transform_box(own, frame.state.ctm), box)
        self._paint_shading(frame, shading, f"shading {name}", box)

    def _paint_shading(self, frame: _Frame, shading: DictionaryObject | None, what: str, box: Rect | None) -> None:
        if shading is None:
            return
        if box is not None:
            box = _clipped(box, frame.state.clip)
            if _is_empty(box):
                return
            self._record_reach(box)
        space = _colour_space(shading.get("/ColorSpace"), frame.resources)
        if space.family == "rgb":
            self._scan.add(self._scan.rgb, f"RGB {what} in {frame.where}")
        elif space.family == "spot":
            self._record_separations(space, _Colour(space, "sh"), box, f"{what} in {frame.where}")
        elif space.family == "cmyk":
            key = _object_key(shading)
            if key not in self._shading_inks:  # a shading pattern filling 10,000 glyphs is evaluated once
                self._shading_inks[key] = _shading_ink(shading, self._sampled)
            percent = self._shading_inks[key]
            if percent is None:
                self._scan.add(self._scan.not_sampled, f"{what} in {frame.where} (its colours are not sampled)")
            elif self._scan.shading_ink is None or percent > self._scan.shading_ink.percent:
                self._scan.shading_ink = _InkUse(percent, f"{what} in {frame.where}")

    # -- text -------------------------------------------------------------------------------------------------

    def _begin_text(self, frame: _Frame, operands: list[Any]) -> None:
        frame.text_matrix = frame.line_matrix = IDENTITY

    def _text_matrix(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands, 6)
        if values is not None:
            frame.text_matrix = frame.line_matrix = values  # type: ignore[assignment]

    def _text_move(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands, 2)
        if values is not None:
            frame.text_matrix = frame.line_matrix = _multiply((1, 0, 0, 1, values[0], values[1]), frame.line_matrix)

    def _text_move_leading(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands, 2)
        if values is not None:
            frame.state.leading = -values[1]
            self._text_move(frame, operands)

    def _next_line(self, frame: _Frame, operands: list[Any] | None = None) -> None:
        frame.text_matrix = frame.line_matrix = _multiply((1, 0, 0, 1, 0, -frame.state.leading), frame.line_matrix)

    def _text_param(self, frame: _Frame, operands: list[Any], name: str) -> None:
        values = _numbers(operands, 1)
        if values is not None:
            setattr(frame.state, name, values[0] / 100 if name == "h_scale" else values[0])

    def _font(self, frame: _Frame, operands: list[Any]) -> None:
        size = _numbers(operands[1:], 1) if len(operands) == 2 else None
        if size is not None:
            self._set_font(frame, _as_dict(_lookup(frame.resources, "/Font", operands[0])), size[0], str(operands[0]))

    def _set_font(self, frame: _Frame, font: DictionaryObject | None, size: float, resource_name: str) -> None:
        frame.state.font = font
        frame.state.font_size = size
        frame.state.font_name = _font_name(font, resource_name)

    def _render_mode(self, frame: _Frame, operands: list[Any]) -> None:
        mode = _numbers(operands, 1)
        if mode is not None:
            frame.state.render_mode = int(mode[0])

    def _show_text(self, frame: _Frame, operands: list[Any], operator: bytes = b"Tj") -> None:
        state = frame.state
        if operator in (b"'", b'"'):
            if operator == b'"' and len(operands) == 3:
                self._text_param(frame, operands[:1], "word_spacing")
                self._text_param(frame, operands[1:2], "char_spacing")
                operands = operands[2:]
            self._next_line(frame)
        info = self._font_info(state.font)
        advance = self._advance(state, operands, info)
        start = _multiply(frame.text_matrix, state.ctm)
        step = (1, 0, 0, 1, 0, advance) if info.vertical else (1, 0, 0, 1, advance, 0)
        frame.text_matrix = _multiply(step, frame.text_matrix)
        if state.render_mode in _TEXT_INVISIBLE_MODES or not _shows_glyphs(operands):
            return
        if state.font is not None:
            self._scan.fonts_shown.add(_object_key(state.font))
        em = state.font_size * info.em  # a Type3 font's em: its /FontMatrix applied to its glyphs' height
        size = abs(em) * _y_scale(start)
        font = _SUBSET_TAG.sub("", state.font_name, count=1)
        box = _vertical_text_box(start, advance, em) if info.vertical else _text_box(start, advance, em)
        visible = self._visible(frame, box)
        if _is_empty(visible):
            return  # clipped away
        if info.glyph_procedures:
            self._run_glyph_procedures(frame, info, operands, start)
        what = f"{size:.1f} pt text ({from_file(font)}) in {frame.where}"
        if state.render_mode in _TEXT_FILL_MODES:
            self._paint(frame, "fill", box, what, reach=False)
        if state.render_mode in _TEXT_STROKE_MODES:
            self._paint(frame, "stroke", box, what, reach=False)
        if self._in_slug(visible):
            return  # job information and marks outside the trim are cut away: not judged as text of the product
        smallest = self._scan.smallest_text
        if smallest is None or size < smallest.size:
            self._scan.smallest_text = _TextUse(size, font)
        if state.render_mode in _TEXT_FILL_MODES:
            self._record_text_inks(state.fill, size, what)
        self._record_near(box, size, _shown_text(operands) if info.code_bytes == 1 else "")  # codes of 2 bytes are
        # glyph numbers, not letters: no excerpt rather than a wrong one

    def _advance(self, state: _GState, operands: list[Any], info: _FontInfo) -> float:
        """The text-space advance of a show operator's strings (font widths, spacing, TJ adjustments): along x,
        or for a vertical font along y (negative: vertical text runs down)."""
        widths, default, code_bytes = info.widths, info.default_width, info.code_bytes
        scale = 1.0 if info.vertical else state.h_scale
        sign = -1.0 if info.vertical else 1.0  # spacing moves vertical text further down
        total = 0.0
        for operand in map(_resolve, operands):
            pieces = list(operand) if isinstance(operand, ArrayObject) else [operand]
            for piece in map(_resolve, pieces):
                if _is_number(piece):
                    total -= float(piece) / 1000 * state.font_size * scale
                elif isinstance(piece, (TextStringObject, ByteStringObject)):
                    data = _string_bytes(piece)
                    for i in range(0, len(data) - code_bytes + 1, code_bytes):
                        code = int.from_bytes(data[i:i + code_bytes], "big")
                        glyph = widths.get(code, default) * state.font_size + sign * state.char_spacing
                        if code_bytes == 1 and code == 32:
                            glyph += sign * state.word_spacing
                        total += glyph * scale
        return total

    def _font_info(self, font: DictionaryObject | None) -> _FontInfo:
        if font is None:
            return _NO_FONT
        key = _object_key(font)
        if key not in self._fonts:
            self._fonts[key] = _font_info_of(font)
        return self._fonts[key]

    def _run_glyph_procedures(self, frame: _Frame, info: _FontInfo, operands: list[Any], start: Matrix) -> None:
        """A Type3 glyph that begins with d0 paints in colours of its own: run each glyph shown (once a page) so
        its colours count. (A d1 glyph is a stencil in the text's colour, already counted.)"""
        size = frame.state.font_size
        base = _multiply((size * frame.state.h_scale, 0.0, 0.0, size, 0.0, 0.0), start)
        for operand in map(_resolve, operands):
            pieces = list(operand) if isinstance(operand, ArrayObject) else [operand]
            for piece in map(_resolve, pieces):
                if not isinstance(piece, (TextStringObject, ByteStringObject)):
                    continue
                for code in set(_string_bytes(piece)):
                    procedure = info.glyph_procedures.get(code)
                    if procedure is None or _object_key(procedure) in self._glyphs_run:
                        continue
                    self._glyphs_run.add(_object_key(procedure))
                    operations = self._operations(procedure, f"Type3 glyph in {frame.where}") or ()
                    if operations and operations[0][1] == b"d0":
                        where = f"Type3 glyph {code} of {from_file(frame.state.font_name)} in {frame.where}"
                        self._run_nested(procedure, frame, where, info.matrix, base, resources=info.resources)

    def _record_text_inks(self, colour: _Colour, size: float, what: str) -> None:
        if colour.space.family != "cmyk" or len(colour.values) != 4:
            return
        inks = sum(1 for value in colour.values if value > 0.005)
        if inks < 2:
            return
        c, m, y, k = colour.values
        rich_black = k >= 0.5 and c + m + y > 0.3
        if len(self._scan.multi_ink_text) < 200:
            self._scan.multi_ink_text.append((size, inks, rich_black, f"{_describe(colour)}, {what}"))

    def _record_near(self, box: Rect, size: float, text: str) -> None:
        geometry = self._geometry
        trim = geometry.trim
        if trim is None or geometry.near_pt <= 0 or not _overlaps(box, trim):
            return
        found = []
        at = (round((box[0] - trim[0]) / PT_PER_MM, 1), round((box[1] - trim[1]) / PT_PER_MM, 1))
        for edge, distance in zip(EDGES, (box[0] - trim[0], box[1] - trim[1], trim[2] - box[2], trim[3] - box[3]),
                                  strict=True):
            if distance < geometry.near_pt:
                found.append(_Near(distance, size, f"the trim ({edge})", text, at))
        for x in geometry.folds:
            if box[1] < trim[3] and box[3] > trim[1]:
                distance = -min(x - box[0], box[2] - x) if box[0] < x < box[2] else min(abs(box[0] - x),
                                                                                          abs(box[2] - x))
                if distance < geometry.near_pt:
                    found.append(_Near(distance, size, f"the fold at {(x - trim[0]) / PT_PER_MM:.1f} mm", text, at))
        if found and len(self._scan.near_lines) < 200:
            self._scan.near_lines.append(min(found))

    # -- images and forms -------------------------------------------------------------------------------------

    def _draw_xobject(self, frame: _Frame, operands: list[Any]) -> None:
        name = operands[0] if operands else None
        xobject = _lookup(frame.resources, "/XObject", name)
        if not isinstance(xobject, StreamObject):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._draw_image(frame, xobject, str(name))
        elif subtype == "/Form":
            matrix = _matrix(xobject.get("/Matrix"))
            self._run_nested(xobject, frame, f"form XObject {name}", matrix, frame.state.ctm,
                             clip=_numbers(_as_array(xobject.get("/BBox")), 4))  # type: ignore[arg-type]

    def _inline_image(self, frame: _Frame, operands: Any) -> None:
        settings = _as_dict(operands.get("settings")) if isinstance(operands, dict) else None
        if settings is not None:
            self._draw_image(frame, _inline_as_xobject(settings, operands.get("data", b"")), "inline image")

    def _draw_image(self, frame: _Frame, image: DictionaryObject, name: str) -> None:
        """Image colour and resolution; ``image`` is an XObject dict or inline image settings (short keys)."""

        def entry(full: str, short: str) -> Any:
            return _resolve(image.get(full, image.get(short)))

        ctm = frame.state.ctm
        corners = [(ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]) for x, y in
                   ((0, 0), (1, 0), (0, 1), (1, 1))]
        box = (min(x for x, _ in corners), min(y for _, y in corners), max(x for x, _ in corners),
               max(y for _, y in corners))
        what = f"image {name} in {frame.where}"
        placed = box
        box = self._visible(frame, box)
        if _is_empty(box):
            return  # clipped away: none of it prints
        if _is_true(entry("/ImageMask", "/IM")):
            self._paint(frame, "fill", placed, what)  # a stencil mask paints with the fill colour (clipped there)
        else:
            space = _colour_space(entry("/ColorSpace", "/CS"), frame.resources)
            if space.family == "lab" or space.label.startswith("ICCBased"):
                self._scan.add(self._scan.managed, f"{space.label} image {name} in {frame.where}")
            if space.family == "rgb":
                self._scan.add(self._scan.rgb, f"RGB image {name} ({space.label}) in {frame.where}")
            elif space.family == "spot":
                self._record_separations(space, _Colour(space, "image"), box, what)
            self._record_reach(box)
            if space.family == "cmyk" and not self._in_slug(box):
                self._sample_image(image, space, what, entry("/ColorSpace", "/CS"), frame.resources)
        smask = entry("/SMask", "/SMask")
        if smask is not None and smask != "/None":
            self._scan.add(self._scan.transparency, f"soft mask on image {name}")
        if not self._in_slug(box):
            self._record_resolution(frame, name, entry("/Width", "/W"), entry("/Height", "/H"))

    def _sample_image(self, image: DictionaryObject, space: _Space, what: str, space_entry: Any,
                      resources: DictionaryObject) -> None:
        if not isinstance(image, StreamObject):
            self._scan.add(self._scan.not_sampled, f"{what} (its ink is not sampled)")
            return
        key = _object_key(image)
        if key not in self._image_inks:
            if "Indexed" in space.label:
                self._image_inks[key] = _indexed_image_ink(image, _palette_inks(space_entry, resources))
            else:
                self._image_inks[key] = _image_ink(image, space)
        percent = self._image_inks[key]
        if percent is None:
            self._scan.add(self._scan.not_sampled, f"{what} (its ink is not sampled)")
        elif self._scan.image_ink is None or percent > self._scan.image_ink.percent:
            self._scan.image_ink = _InkUse(percent, what)

    def _record_resolution(self, frame: _Frame, name: str, width: Any, height: Any) -> None:
        placed_w, placed_h = _x_scale(frame.state.ctm), _y_scale(frame.state.ctm)
        if not (_is_number(width) and _is_number(height)) or placed_w <= 0 or placed_h <= 0:
            return
        ppi = min(width / (placed_w / PT_PER_INCH), height / (placed_h / PT_PER_INCH))
        self._scan.images.append(
            _ImageUse(name, ppi, (int(width), int(height)), (placed_w / PT_PER_MM, placed_h / PT_PER_MM))
        )


class _FontInfo(NamedTuple):
    """What measuring shown text needs of a font."""

    widths: dict[int, float]  # advance per unit of font size by code (vertical fonts: the vertical displacement)
    default_width: float
    code_bytes: int
    vertical: bool = False  # a Type0 font with a vertical CMap (Identity-V, …-V): text runs down the page
    em: float = 1.0  # a Type3 font's em per unit of font size (its /FontMatrix applied to 1000 glyph units)
    matrix: Matrix = IDENTITY  # a Type3 font's /FontMatrix
    glyph_procedures: dict[int, StreamObject] = {}  # noqa: RUF012 - a Type3 font's CharProcs by code
    resources: DictionaryObject | None = None  # a Type3 font's /Resources


_NO_FONT = _FontInfo({}, 0.5, 1)
MAX_GLYPH_PROCEDURES = 256  # a simple font has 256 codes


def _font_info_of(font: DictionaryObject) -> _FontInfo:
    widths, default, code_bytes = _widths_of(font)
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        encoding = _resolve(font.get("/Encoding"))
        embedded_cmap = _as_dict(encoding)
        name = str(encoding) if isinstance(encoding, NameObject) else (
            str(_resolve(embedded_cmap.get("/CMapName"))) if embedded_cmap is not None else "")
        if name.endswith("-V"):
            descendants = _as_array(font.get("/DescendantFonts"))
            cid = _as_dict(descendants[0]) if descendants else None
            heights, default_height = _vertical_widths(cid) if cid is not None else ({}, -1.0)
            return _FontInfo(heights, default_height, 2, vertical=True)
    if subtype == "/Type3":
        matrix = _numbers(_as_array(font.get("/FontMatrix")), 6) or (0.001, 0.0, 0.0, 0.001, 0.0, 0.0)
        bbox = _numbers(_as_array(font.get("/FontBBox")), 4)
        height = abs(bbox[3] - bbox[1]) if bbox is not None else 0.0
        # The em of a Type3 font: its glyphs' height (FontBBox) in text space; without a box, the 1000 units of
        # the usual glyph space (fonts drawn in unit space, FontMatrix [1 0 0 1 0 0], need the box)
        em = math.hypot(matrix[2], matrix[3]) * (height if height > 0 else 1000)
        return _FontInfo(widths, default, code_bytes, em=em,
                         matrix=matrix, glyph_procedures=_glyph_procedures(font),  # type: ignore[arg-type]
                         resources=_as_dict(font.get("/Resources")))
    return _FontInfo(widths, default, code_bytes)


def _glyph_procedures(font: DictionaryObject) -> dict[int, StreamObject]:
    """A Type3 font's glyph procedures by code, through its /Encoding /Differences."""
    procedures = _as_dict(font.get("/CharProcs"))
    encoding = _as_dict(font.get("/Encoding"))
    if procedures is None or encoding is None:
        return {}
    found: dict[int, StreamObject] = {}
    code = 0
    for item in _as_array(encoding.get("/Differences"))[:MAX_GLYPH_PROCEDURES * 2]:
        if _is_number(item):
            code = int(item)
        elif isinstance(item, NameObject):
            procedure = _resolve(procedures.get(item))
            if isinstance(procedure, StreamObject) and 0 <= code < MAX_GLYPH_PROCEDURES:
                found[code] = procedure
            code += 1
    return found


def _vertical_widths(cid: DictionaryObject) -> tuple[dict[int, float], float]:
    """A CID font's vertical displacements (w1y of /W2, /DW2) per unit of font size by CID; the default."""
    default = _numbers(_as_array(cid.get("/DW2")), 2)
    return _cid_metrics(_as_array(cid.get("/W2")), 3), (default[1] if default is not None else -1000.0) / 1000


MAX_CID_METRICS = 200_000  # entries written at most: a /W or /W2 array repeating a huge range is bounded work


def _cid_metrics(items: list[Any], per_cid: int) -> dict[int, float]:
    """A CID font's /W (`per_cid` 1: the width) or /W2 (3: w1y, vx, vy) array → the first value of each CID, per
    unit of font size. Both forms: ``c [v …]`` (consecutive CIDs) and ``c_first c_last v`` (a range)."""
    metrics: dict[int, float] = {}
    i, budget = 0, MAX_CID_METRICS
    while i < len(items) and budget > 0:
        first = items[i]
        if i + 1 < len(items) and isinstance(items[i + 1], ArrayObject) and _is_number(first):
            values = _as_array(items[i + 1])[:budget * per_cid]
            for offset in range(len(values) // per_cid):
                if _is_number(values[offset * per_cid]):
                    metrics[int(first) + offset] = float(values[offset * per_cid]) / 1000
            budget -= max(len(values) // per_cid, 1)
            i += 2
        elif i + 2 + per_cid <= len(items) and all(_is_number(item) for item in items[i:i + 2 + per_cid]):
            last = min(int(items[i + 1]), int(first) + budget - 1)
            for code in range(int(first), last + 1):
                metrics[code] = float(items[i + 2]) / 1000
            budget -= max(last - int(first) + 1, 1)
            i += 2 + per_cid
        else:
            break
    return metrics


def _string_bytes(piece: TextStringObject | ByteStringObject) -> bytes:
    return piece.original_bytes if isinstance(piece, TextStringObject) else bytes(piece)


_INLINE_KEYS = {"/BPC": "/BitsPerComponent", "/CS": "/ColorSpace", "/D": "/Decode", "/DP": "/DecodeParms",
                "/F": "/Filter", "/H": "/Height", "/IM": "/ImageMask", "/I": "/Interpolate", "/W": "/Width",
                "/L": "/Length"}
_INLINE_NAMES = {"/G": "/DeviceGray", "/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK", "/I": "/Indexed",
                 "/AHx": "/ASCIIHexDecode", "/A85": "/ASCII85Decode", "/LZW": "/LZWDecode", "/Fl": "/FlateDecode",
                 "/RL": "/RunLengthDecode", "/CCF": "/CCITTFaxDecode", "/DCT": "/DCTDecode"}


def _inline_as_xobject(settings: DictionaryObject, data: Any) -> DictionaryObject:
    """An inline image (BI … ID … EI) as the image XObject it stands for: full key and value names, its data
    still encoded, so it is sampled like any other image."""

    def expanded(value: Any) -> Any:
        value = _resolve(value)
        if isinstance(value, NameObject):
            return NameObject(_INLINE_NAMES.get(str(value), str(value)))
        if isinstance(value, ArrayObject):
            return ArrayObject(expanded(item) for item in value)
        return value

    filtered = "/F" in settings or "/Filter" in settings
    image = EncodedStreamObject() if filtered else DecodedStreamObject()  # pypdf decodes only what has a filter
    for key, value in settings.items():
        image[NameObject(_INLINE_KEYS.get(str(key), str(key)))] = expanded(value)
    image[NameObject("/Type")], image[NameObject("/Subtype")] = NameObject("/XObject"), NameObject("/Image")
    image._data = bytes(data) if isinstance(data, (bytes, bytearray)) else b""  # encoded: pypdf has no setter
    return image


def _shows_glyphs(operands: list[Any]) -> bool:
    """Whether a text-showing operator's operands hold at least one non-empty string."""
    for operand in map(_resolve, operands):
        if isinstance(operand, (TextStringObject, ByteStringObject)) and len(operand) > 0:
            return True
        if isinstance(operand, ArrayObject) and _shows_glyphs(list(operand)):
            return True
    return False


# ---------------------------------------------------------------------------------------------------------------
# Colours, boxes and text extents


def _process_ink(space: _Space, colour: _Colour) -> _Colour | None:
    """A Separation or DeviceN colour made of process inks only (/Cyan, /Magenta, …) as the CMYK it prints."""
    if not space.colourants or not set(space.colourants) <= PROCESS_COLOURANTS:
        return None
    values = colour.values or (1.0,) * len(space.colourants)
    cmyk = dict.fromkeys(("/Cyan", "/Magenta", "/Yellow", "/Black"), 0.0)
    for name, value in zip(space.colourants, values, strict=False):
        cmyk[name] = value
    return _Colour(_CMYK, f"{colour.operator} in {space.label}", tuple(cmyk.values()))


def _is_white(colour: _Colour) -> bool:
    values = colour.values
    if colour.space.family == "cmyk":
        return len(values) == 4 and all(value <= 0.0 for value in values)
    if colour.space.family == "gray":
        return len(values) == 1 and values[0] >= 1.0
    if colour.space.family == "spot":
        return bool(values) and all(value <= 0.0 for value in values)
    return False


def _is_grey(colour: _Colour) -> bool:
    """A tint of black only, lighter than solid: set to overprint it mixes with what is below."""
    values = colour.values
    if colour.space.family == "cmyk" and len(values) == 4:
        c, m, y, k = values
        return c <= 0 and m <= 0 and y <= 0 and 0 < k < 0.995
    if colour.space.family == "gray" and len(values) == 1:
        return 0.005 < values[0] < 1.0
    return False


def _describe(colour: _Colour) -> str:
    if colour.space.family == "cmyk" and len(colour.values) == 4:
        c, m, y, k = (round(value * 100) for value in colour.values)
        return f"C{c} M{m} Y{y} K{k}"
    if colour.space.family == "gray" and colour.values:
        return f"gray {colour.values[0]:g}"
    return colour.space.label


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


def _clipped(box: Rect, clip: Rect | None) -> Rect:
    """`box` ∩ `clip` (which may be empty: see _is_empty)."""
    if clip is None:
        return box
    return max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3])


def _is_empty(box: Rect) -> bool:
    """Nothing left of it (a line's box of zero width or height is not empty: the line is painted)."""
    return box[0] > box[2] or box[1] > box[3]


def transform_box(box: tuple[float, ...], m: Matrix) -> Rect:
    """The page-space bounding box of a rectangle given in a space `m` maps to the page."""
    x0, y0, x1, y1 = box
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return min(xs), min(ys), max(xs), max(ys)


def rotation(page_rotate: Any, media: Rect) -> Matrix:
    """The matrix that turns a page's default user space into the page as a viewer shows it (/Rotate is
    clockwise, in multiples of 90), with the shown MediaBox's lower-left corner at the MediaBox's own."""
    turns = (int(page_rotate) // 90) % 4 if _is_number(page_rotate) else 0
    x0, y0, x1, y1 = media
    w, h = x1 - x0, y1 - y0
    if turns == 1:  # (x, y) → (y, -x): left edge to the top
        return 0.0, -1.0, 1.0, 0.0, x0 - y0, y0 + x0 + w
    if turns == 2:
        return -1.0, 0.0, 0.0, -1.0, 2 * x0 + w, 2 * y0 + h
    if turns == 3:
        return 0.0, 1.0, -1.0, 0.0, x0 + y0 + h, y0 - x0
    return IDENTITY


def _shrunk(rect: Rect, by: float) -> Rect:
    return rect[0] + by, rect[1] + by, rect[2] - by, rect[3] - by


def _text_box(start: Matrix, advance: float, font_size: float) -> Rect:
    """The box of a run of text in page space: from its origin along the advance, from the descender (0.2 em)
    to the cap height (0.75 em)."""
    a, b, c, d, e, f = start
    points = [(x, y * font_size) for x in (0.0, advance) for y in (-0.2, 0.75)]
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _vertical_text_box(start: Matrix, advance: float, font_size: float) -> Rect:
    """The box of a run of vertical text: glyphs centred on the origin's x, half an em either side, from the
    origin down along the (negative) advance."""
    a, b, c, d, e, f = start
    points = [(x * font_size, y) for x in (-0.5, 0.5) for y in (0.0, advance - 0.1 * abs(font_size))]
    xs = [a * x + c * y + e for x, y in points]
    ys = [b * x + d * y + f for x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _shown_text(operands: list[Any]) -> str:
    parts = []
    for operand in map(_resolve, operands):
        pieces = list(operand) if isinstance(operand, ArrayObject) else [operand]
        for piece in map(_resolve, pieces):
            if isinstance(piece, TextStringObject):
                parts.append(str(piece))
            elif isinstance(piece, ByteStringObject):
                parts.append(bytes(piece).decode("latin-1"))
    text = "".join(parts)
    return text if text.isprintable() and len(text) < 40 else ""


def _widths_of(font: DictionaryObject) -> tuple[dict[int, float], float, int]:
    """A font's advance widths per unit of size by code (simple fonts: /Widths; Type0: the descendant's /W)."""
    subtype = font.get("/Subtype")
    if subtype == "/Type0":
        descendants = _as_array(font.get("/DescendantFonts"))
        cid = _as_dict(descendants[0]) if descendants else None
        if cid is None:
            return {}, 1.0, 2
        default = _resolve(cid.get("/DW"))
        widths = _cid_metrics(_as_array(cid.get("/W")), 1)
        return widths, (float(default) if _is_number(default) else 1000.0) / 1000, 2
    scale = 1 / 1000
    if subtype == "/Type3":
        matrix = _numbers(_as_array(font.get("/FontMatrix")), 6)
        scale = math.hypot(matrix[0], matrix[1]) if matrix is not None else scale  # a turned matrix too
    first = _resolve(font.get("/FirstChar"))
    first = int(first) if _is_number(first) else 0
    widths = {first + i: float(w) * scale for i, w in enumerate(_as_array(font.get("/Widths"))) if _is_number(w)}
    descriptor = _as_dict(font.get("/FontDescriptor"))
    missing = _resolve(descriptor.get("/MissingWidth")) if descriptor is not None else None
    return widths, float(missing) * scale if missing is not None and _is_number(missing) else 0.5, 1


def _shading_ink(shading: DictionaryObject, sampled: dict[int, list[float] | None]) -> float | None:
    """The highest total ink (%) of an axial, radial or function shading in CMYK, its function sampled at
    SHADING_SAMPLES points (type 2 and 3 functions) or all its samples (type 0); None when not read."""
    if _resolve(shading.get("/ShadingType")) not in (1, 2, 3):
        return None
    functions = _resolve(shading.get("/Function"))
    functions = [_resolve(f) for f in functions] if isinstance(functions, ArrayObject) else [functions]
    domain = _numbers(_as_array(shading.get("/Domain")), 2) or (0.0, 1.0)
    best = 0.0
    for step in range(SHADING_SAMPLES):
        t = domain[0] + (domain[1] - domain[0]) * step / (SHADING_SAMPLES - 1)
        outputs: list[float] = []
        for function in functions:
            values = _evaluate(function, t, 0, sampled)
            if values is None:
                return None
            outputs.extend(values)
        if len(outputs) != 4:
            return None
        best = max(best, sum(min(max(v, 0.0), 1.0) for v in outputs) * 100)
    return best


def _evaluate(function: Any, t: float, depth: int, sampled: dict[int, list[float] | None]) -> list[float] | None:
    function = _as_dict(function)
    if function is None or depth > 8:
        return None
    kind = _resolve(function.get("/FunctionType"))
    if kind == 2:
        c0 = _numbers(_as_array(function.get("/C0"))) or (0.0,)
        c1 = _numbers(_as_array(function.get("/C1"))) or (1.0,)
        exponent = _resolve(function.get("/N"))
        if not _is_number(exponent) or len(c0) != len(c1):
            return None
        x = max(t, 0.0) ** float(exponent) if t > 0 or float(exponent) > 0 else 1.0
        return [a + x * (b - a) for a, b in zip(c0, c1, strict=True)]
    if kind == 3:
        subs = _as_array(function.get("/Functions"))
        bounds = list(_numbers(_as_array(function.get("/Bounds"))) or ())
        domain = _numbers(_as_array(function.get("/Domain")), 2) or (0.0, 1.0)
        encode = list(_numbers(_as_array(function.get("/Encode"))) or ())
        if not subs or len(bounds) != len(subs) - 1 or len(encode) != 2 * len(subs):
            return None
        edges = [domain[0], *bounds, domain[1]]
        index = next((i for i in range(len(subs)) if t < edges[i + 1]), len(subs) - 1)
        low, high = edges[index], edges[index + 1]
        e0, e1 = encode[2 * index], encode[2 * index + 1]
        local = e0 if high == low else e0 + (t - low) * (e1 - e0) / (high - low)
        return _evaluate(subs[index], local, depth + 1, sampled)
    if kind == 0 and isinstance(function, StreamObject):
        key = _object_key(function)  # read once per object of this document (a shading is sampled 33 times)
        if key not in sampled:
            sampled[key] = _sampled_maximum(function)
        return sampled[key]
    return None


MAX_FUNCTION_SAMPLES = 200_000  # a larger sample table is "not sampled": reading it is work without end


def _sampled_maximum(function: StreamObject) -> list[float] | None:
    """The outputs of the sample of a sampled function whose outputs sum highest (every sample is a colour the
    shading can show)."""
    bits = _resolve(function.get("/BitsPerSample"))
    ranges = _numbers(_as_array(function.get("/Range"))) or ()
    if bits not in (8, 16) or len(ranges) % 2:
        return None
    outputs = len(ranges) // 2
    decode = _numbers(_as_array(function.get("/Decode"))) or ranges
    try:
        data = function.get_data()[:4_000_000]
    except Exception:  # noqa: BLE001 - an undecodable sample table is "not read", never a crash
        return None
    step = bits // 8
    if len(data) // max(outputs * step, 1) > MAX_FUNCTION_SAMPLES:
        return None
    top = (1 << bits) - 1
    best: list[float] | None = None
    best_sum = -1.0
    for start in range(0, len(data) - outputs * step + 1, outputs * step):
        values = []
        for index in range(outputs):
            raw = int.from_bytes(data[start + index * step:start + (index + 1) * step], "big")
            low, high = decode[2 * index], decode[2 * index + 1]
            values.append(low + raw * (high - low) / top)
        total = sum(values)
        if total > best_sum:
            best, best_sum = values, total
    return best


def _image_ink(image: StreamObject, space: _Space) -> float | None:
    """The highest total ink (%) of a CMYK image, read from a reduced copy; None when it cannot be read."""
    width, height = _resolve(image.get("/Width")), _resolve(image.get("/Height"))
    if not (_is_number(width) and _is_number(height)) or width * height > MAX_SAMPLED_PIXELS:
        return None
    try:
        picture = image.decode_as_image()
    except Exception:  # noqa: BLE001 - an image pypdf cannot decode is "not sampled", never a crash
        return None
    finally:
        if hasattr(image, "decoded_self"):
            image.decoded_self = None  # pypdf keeps the decoded pixels on the object: a 100-page file would hold all
    if picture is None or picture.mode != "CMYK":
        return None
    picture.draft("CMYK", (SAMPLE_EDGE, SAMPLE_EDGE))
    picture.thumbnail((SAMPLE_EDGE, SAMPLE_EDGE))
    # pypdf's decode_as_image has applied /Decode already (the pixels are what a RIP renders)
    bands = {name: band.convert("I") for name, band in zip("cmyk", picture.split(), strict=True)}
    total = ImageMath.lambda_eval(lambda b: b["c"] + b["m"] + b["y"] + b["k"], **bands)
    _low, high = total.getextrema()
    return high / 255 * 100


def _palette_inks(space_entry: Any, resources: DictionaryObject) -> list[float] | None:
    """The total ink (%) of each entry of an /Indexed colour space on DeviceCMYK (or None: not that, or not read)."""
    items = _as_array(space_entry)
    if isinstance(_resolve(space_entry), NameObject):
        items = _as_array(_lookup(resources, "/ColorSpace", _resolve(space_entry)))
    if len(items) != 4 or str(items[0]) not in ("/Indexed", "/I") or not _is_number(items[2]):
        return None
    if _colour_space(items[1], resources) != _CMYK:
        return None  # an ICC-based or DeviceN base: its components are not CMYK ink as they stand
    lookup = items[3]
    try:
        table = lookup.get_data() if isinstance(lookup, StreamObject) else _string_bytes(lookup)
    except Exception:  # noqa: BLE001 - an undecodable palette is "not sampled", never a crash
        return None
    entries = min(int(items[2]) + 1, 256, len(table) // 4)
    return [sum(table[4 * i:4 * i + 4]) / 255 * 100 for i in range(entries)]


def _indexed_image_ink(image: StreamObject, palette: list[float] | None) -> float | None:
    """The highest total ink (%) among the palette entries an indexed CMYK image actually uses."""
    width, height, bits = (_resolve(image.get(key)) for key in ("/Width", "/Height", "/BitsPerComponent"))
    if not palette or not (_is_number(width) and _is_number(height)) or bits not in (1, 2, 4, 8):
        return None
    if width * height > MAX_SAMPLED_PIXELS or "/Decode" in image:
        return None  # a /Decode on indices is rare enough to leave unread rather than read wrong
    try:
        data = image.get_data()
        raw_mode = {1: "1", 2: "L;2", 4: "L;4", 8: "L"}[int(bits)]
        indices = Image.frombytes("L" if bits > 1 else "1", (int(width), int(height)), data, "raw", raw_mode)
    except Exception:  # noqa: BLE001 - an image that cannot be decoded is "not sampled", never a crash
        return None
    # Pillow spreads 1-, 2- and 4-bit values over 0…255 (×255, ×85, ×17): the histogram's bins, back to indices
    spread = 255 // ((1 << int(bits)) - 1)
    histogram = indices.convert("L").histogram()
    used = [value // spread for value, count in enumerate(histogram) if count and value % spread == 0]
    inks = [palette[min(index, len(palette) - 1)] for index in used]  # past hival: the last entry, as RIPs do
    return max(inks) if inks else None
