"""A pypdf page → what its content streams paint: colour spaces and ink, text sizes, placed images, transparency.

Walks a page's content streams and the forms and tiling patterns they draw, tracking the graphics state (CTM,
colours, font, text matrix); image data is never decoded. Used by :mod:`kaartgen.preflight`, which also shares the
small helpers on pypdf objects defined here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
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
_SUBSET_TAG = re.compile(r"[A-Z]{6}\+")

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
    return _DEVICE_SPACES.get(kind, _UNKNOWN_SPACE)


def _initial_colour(space: _Space, operator: str) -> _Colour:
    initial = {"cmyk": (0.0, 0.0, 0.0, 1.0), "gray": (0.0,)}.get(space.family, ())
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


class _ImageUse(NamedTuple):
    name: str
    ppi: float
    pixels: tuple[int, int]
    placed_mm: tuple[float, float]


class _TextUse(NamedTuple):
    size: float
    font: str


@dataclass
class _PageScan:
    """What one page's content streams (with the forms, patterns and images they draw) paint."""

    rgb: list[str] = field(default_factory=list)
    ink: tuple[float, str] | None = None  # highest total area coverage in %, and the colour
    smallest_text: _TextUse | None = None
    images: list[_ImageUse] = field(default_factory=list)
    transparency: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fonts_shown: set[int] = field(default_factory=set)  # fonts of visible text, by _object_key

    def add(self, items: list[str], message: str) -> None:
        if message not in items:
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
            b"Tf": self._font,
            b"Tr": self._render_mode,
            b"Do": self._draw_xobject,
            b"INLINE IMAGE": self._inline_image,
            b"sh": self._shading,
        }
        for operator in _FILL_PAINT:
            self._handlers[operator] = lambda frame, ops: self._paint(frame, "fill")
        for operator in _STROKE_PAINT:
            self._handlers[operator] = lambda frame, ops: self._paint(frame, "stroke")
        for operator in _FILL_AND_STROKE_PAINT:
            self._handlers[operator] = self._paint_both
        for operator in _TEXT_SHOW:
            self._handlers[operator] = self._show_text

    def scan(self, page: PageObject) -> _PageScan:
        self._scan, self._patterns_run, self._operations_run, self._forms_run = _PageScan(), set(), 0, 0
        resources = _as_dict(page.get("/Resources")) or DictionaryObject()
        try:
            self._check_group(page, resources, "page")
            self._run(page.get("/Contents"), _Frame(resources, "content stream", 0, _GState()))
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

    def _run_nested(self, stream: StreamObject, frame: _Frame, where: str, matrix: Matrix, base: Matrix) -> None:
        """Run a form or tiling pattern stream with its own resources (or its parent's, for old files)."""
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
        resources = _as_dict(stream.get("/Resources")) or frame.resources
        state = replace(frame.state, ctm=_multiply(matrix, base))
        self._check_group(stream, resources, where)
        self._run(stream, _Frame(resources, where, frame.depth + 1, state, drawing=frame.drawing | {key}))

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

    def _paint_both(self, frame: _Frame, operands: list[Any]) -> None:
        self._paint(frame, "fill")
        self._paint(frame, "stroke")

    def _paint(self, frame: _Frame, target: str) -> None:
        """Something is painted with the current ``target`` ("fill" or "stroke") colour."""
        colour: _Colour = getattr(frame.state, target)
        space = colour.space
        if space.family == "rgb" or (space.underlying == "rgb" and colour.values):
            how = colour.operator if colour.operator in ("rg", "RG") else f"{colour.operator} in {space.label}"
            self._scan.add(self._scan.rgb, f"RGB {target} colour ({how}) in {frame.where}")
        elif space.family == "cmyk" and len(colour.values) == 4:
            self._record_ink(colour, target)
        if space.family == "pattern" and colour.pattern:
            self._paint_pattern(frame, colour.pattern)

    def _record_ink(self, colour: _Colour, target: str) -> None:
        percent = sum(colour.values) * 100
        if self._scan.ink is None or percent > self._scan.ink[0]:
            c, m, y, k = (round(value * 100) for value in colour.values)
            self._scan.ink = (percent, f"{target} colour C{c} M{m} Y{y} K{k} ({colour.operator})")

    def _paint_pattern(self, frame: _Frame, name: str) -> None:
        pattern = _as_dict(_lookup(frame.resources, "/Pattern", name))
        if pattern is None or _object_key(pattern) in self._patterns_run:
            return
        self._patterns_run.add(_object_key(pattern))
        if pattern.get("/PatternType") == 2:
            self._paint_shading(frame, _as_dict(pattern.get("/Shading")), f"shading pattern {name}")
        elif isinstance(pattern, StreamObject):
            # Pattern space is the default space of the page (or form) the pattern is used in.
            self._run_nested(pattern, frame, f"tiling pattern {name}", _matrix(pattern.get("/Matrix")), IDENTITY)

    def _shading(self, frame: _Frame, operands: list[Any]) -> None:
        name = operands[0] if operands else None
        self._paint_shading(frame, _as_dict(_lookup(frame.resources, "/Shading", name)), f"shading {name}")

    def _paint_shading(self, frame: _Frame, shading: DictionaryObject | None, what: str) -> None:
        if shading is not None and _colour_space(shading.get("/ColorSpace"), frame.resources).family == "rgb":
            self._scan.add(self._scan.rgb, f"RGB {what} in {frame.where}")

    # -- text -------------------------------------------------------------------------------------------------

    def _begin_text(self, frame: _Frame, operands: list[Any]) -> None:
        frame.text_matrix = IDENTITY

    def _text_matrix(self, frame: _Frame, operands: list[Any]) -> None:
        values = _numbers(operands, 6)
        if values is not None:
            frame.text_matrix = values  # type: ignore[assignment]
        # Td, TD, T*, ' and " only translate the text matrix, so they never change the text size.

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

    def _show_text(self, frame: _Frame, operands: list[Any]) -> None:
        state = frame.state
        if state.render_mode in _TEXT_INVISIBLE_MODES or not _shows_glyphs(operands):
            return
        if state.font is not None:
            self._scan.fonts_shown.add(_object_key(state.font))
        size = abs(state.font_size) * _y_scale(_multiply(frame.text_matrix, state.ctm))
        smallest = self._scan.smallest_text
        if smallest is None or size < smallest.size:
            self._scan.smallest_text = _TextUse(size, _SUBSET_TAG.sub("", state.font_name, count=1))
        if state.render_mode in _TEXT_FILL_MODES:
            self._paint(frame, "fill")
        if state.render_mode in _TEXT_STROKE_MODES:
            self._paint(frame, "stroke")

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
            self._run_nested(xobject, frame, f"form XObject {name}", matrix, frame.state.ctm)

    def _inline_image(self, frame: _Frame, operands: Any) -> None:
        settings = _as_dict(operands.get("settings")) if isinstance(operands, dict) else None
        if settings is not None:
            self._draw_image(frame, settings, "inline image")

    def _draw_image(self, frame: _Frame, image: DictionaryObject, name: str) -> None:
        """Image colour and resolution; ``image`` is an XObject dict or inline image settings (short keys)."""

        def entry(full: str, short: str) -> Any:
            return _resolve(image.get(full, image.get(short)))

        if _is_true(entry("/ImageMask", "/IM")):
            self._paint(frame, "fill")  # a stencil mask paints with the fill colour
        else:
            space = _colour_space(entry("/ColorSpace", "/CS"), frame.resources)
            if space.family == "rgb":
                self._scan.add(self._scan.rgb, f"RGB image {name} ({space.label}) in {frame.where}")
        smask = entry("/SMask", "/SMask")
        if smask is not None and smask != "/None":
            self._scan.add(self._scan.transparency, f"soft mask on image {name}")
        self._record_resolution(frame, name, entry("/Width", "/W"), entry("/Height", "/H"))

    def _record_resolution(self, frame: _Frame, name: str, width: Any, height: Any) -> None:
        placed_w, placed_h = _x_scale(frame.state.ctm), _y_scale(frame.state.ctm)
        if not (_is_number(width) and _is_number(height)) or placed_w <= 0 or placed_h <= 0:
            return
        ppi = min(width / (placed_w / PT_PER_INCH), height / (placed_h / PT_PER_INCH))
        self._scan.images.append(
            _ImageUse(name, ppi, (int(width), int(height)), (placed_w / PT_PER_MM, placed_h / PT_PER_MM))
        )


def _shows_glyphs(operands: list[Any]) -> bool:
    """Whether a text-showing operator's operands hold at least one non-empty string."""
    for operand in map(_resolve, operands):
        if isinstance(operand, (TextStringObject, ByteStringObject)) and len(operand) > 0:
            return True
        if isinstance(operand, ArrayObject) and _shows_glyphs(list(operand)):
            return True
    return False
