"""Layout files → a validated `LayoutSpec`: sheet, bleed, folds, panels, flows, styles, colours, fit policy.

Layouts are pure data (``layouts/<name>.yaml``). Lengths are written with units (``3mm``, ``0.3cm``, ``9pt``,
``1in``) and parsed once here into points. Panel positions are derived from the fold: ``fold.panels`` lists the
panel widths left to right as seen on the first side; the second side is the back of the sheet, so its panels
are the same widths in mirrored order. A sheet without folds (a poster) places its panels with explicit boxes.
Every problem in a layout file is reported at once with ``file:line: key``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .datafile import Fields, Located, check_name, describe, load_yaml
from .errors import DataError, Problem

PT_PER = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")
LAYOUT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
FOLD_TYPES = ("none", "half", "z", "roll", "gate")
FACES = ("regular", "bold", "italic", "bold_italic")
MIN_SAFE_MM = 4.0
TOLERANCE = 0.01  # pt
MAX_LENGTH_PT = 14400.0  # 200 in (5080 mm): the largest page a PDF may have, so no length need be longer


def mm(value: float) -> float:
    return value * PT_PER["mm"]


def parse_length(value: Any) -> float:
    """'3mm', '0.3cm', '8.5pt', '1in' → points. Bare numbers are refused: a unit must be explicit."""
    if isinstance(value, bool):  # YAML reads yes, no, on, off, true and false as yes/no values
        raise ValueError(f"expected a length such as '3mm', got {describe(value)}")
    if isinstance(value, (int, float)):
        if value == 0:
            return 0.0
        raise ValueError(f"'{value}' has no unit: write e.g. '{value}mm' or '{value}pt'")
    match = LENGTH.match(str(value)) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"'{value}' is not a length: write a number and a unit (mm, cm, pt or in), e.g. '3mm'")
    length = float(match.group(1)) * PT_PER[match.group(2)]
    if abs(length) > MAX_LENGTH_PT:
        raise ValueError(f"'{str(value)[:20]}…' is longer than the largest PDF page (5080 mm)")
    return length


def parse_positive_length(value: Any) -> float:
    length = parse_length(value)
    if length < 0:
        raise ValueError(f"'{value}' is negative; a length here must be zero or more")
    return length


def parse_nonzero_length(value: Any) -> float:
    length = parse_length(value)
    if length <= 0:
        raise ValueError(f"'{value}': a length here must be more than zero")
    return length


def parse_cmyk(value: Any) -> tuple[float, float, float, float]:
    """[c, m, y, k] in percent → fractions 0..1; total ink is checked by the caller."""
    if not isinstance(value, list) or len(value) != 4 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value):
        raise ValueError(f"{value!r} is not a CMYK colour: write four percentages, e.g. [0, 0, 0, 100]")
    if any(v < 0 or v > 100 for v in value):
        raise ValueError(f"{value!r}: each percentage must be between 0 and 100")
    if sum(value) > 300:
        raise ValueError(f"{value!r} has {sum(value)} % total ink; printers allow at most 300 %")
    return tuple(round(v / 100, 4) for v in value)  # type: ignore[return-value]


@dataclass(frozen=True)
class Rect:
    """A rectangle in pt, origin at the trim's bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def inset(self, left: float, bottom: float, right: float, top: float) -> "Rect":
        return Rect(self.x + left, self.y + bottom, self.w - left - right, self.h - bottom - top)

    def contains(self, other: "Rect", tol: float = TOLERANCE) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol and other.right <= self.right + tol
                and other.top <= self.top + tol)


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


@dataclass(frozen=True)
class Panel:
    id: str
    side: int  # 0-based index into sides
    rect: Rect  # in trim coordinates
    safe: Rect  # the area text may use
    background: str = ""  # colour name


@dataclass(frozen=True)
class FlowEntry:
    kind: str  # block | break | space | qr | logos | rule
    key: str = ""  # block key (block), placeholder name (qr), alignment (logos) or colour (rule)
    size: float = 0.0  # space height, qr size, logo height or rule thickness, pt; for a fill space -1
    line: int = 0
    width: float = 0.0  # rule length, pt


@dataclass(frozen=True)
class Flow:
    panels: tuple[str, ...]
    entries: tuple[FlowEntry, ...]
    valign: str = "top"  # top | bottom | center: where a panel's text sits when it has room to spare


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


def layouts_dir(workspace: Path) -> Path:
    return workspace / "layouts"


def list_layouts(workspace: Path) -> list[str]:
    folder = layouts_dir(workspace)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def check_layout_name(name: str) -> str:
    """Layout names become file names: refuse anything but lower-case letters, digits and dashes."""
    return check_name("layout", name, LAYOUT_NAME, "layout name", "use lower-case letters, digits and dashes")


def load_layout(workspace: Path, name: str) -> LayoutSpec:
    check_layout_name(name)
    path = layouts_dir(workspace) / f"{name}.yaml"
    shown = f"layouts/{name}.yaml"
    if not path.exists():
        known = ", ".join(list_layouts(workspace)) or "none"
        raise DataError(Problem(shown, None, name, "no such layout", f"known layouts: {known}"))
    located = load_yaml(path, shown)
    return parse_layout(located, name, path, workspace)


def parse_layout(located: Located, name: str, path: Path, workspace: Path) -> LayoutSpec:
    if located.data is None:
        raise DataError(located.problem("", "the file is empty", "start from a copy of another layout"))
    problems: list[Problem] = []
    top = Fields(located, located.data, "", problems)
    if not top.ok:
        raise DataError(problems)
    top.check_known({"description", "sheet", "bleed", "safe", "fold", "sides", "flows", "styles", "colours",
                     "fonts", "bands", "fit", "hyphenate"})
    description = top.get("description", str, "")
    sheet = top.sub("sheet")
    sheet.check_known({"width", "height"})
    trim_w = sheet.convert("width", parse_nonzero_length) or 0.0
    trim_h = sheet.convert("height", parse_nonzero_length) or 0.0
    if not (trim_w and trim_h):  # every panel is measured against the sheet: stop before a cascade of problems
        raise DataError(problems)
    bleed = top.convert("bleed", parse_positive_length, mm(3))
    safe = top.convert("safe", parse_positive_length, mm(5))
    if safe is not None and safe < mm(MIN_SAFE_MM) - TOLERANCE:
        top.report("safe", f"the safe margin must be at least {MIN_SAFE_MM:g} mm from trim and folds",
                   f"write at least '{MIN_SAFE_MM:g}mm'")

    colours = _colours(top.sub("colours"))
    fonts = _fonts(top.sub("fonts"), workspace)
    fold = top.sub("fold")
    fold.check_known({"type", "panels"})
    fold_type = fold.get("type", str, "none")
    if fold_type not in FOLD_TYPES:
        fold.report("type", f"unknown fold type '{fold_type}'", "one of: " + ", ".join(FOLD_TYPES))
    fold_widths: tuple[float, ...] = ()
    if fold_type != "none" and fold_type in FOLD_TYPES:
        raw = fold.get("panels", list, what="a list of panel widths, left to right")
        if raw is not None:
            widths = []
            for i, w in enumerate(raw):
                try:
                    widths.append(parse_positive_length(w))
                except ValueError as exc:
                    problems.append(located.problem(f"fold.panels.{i}", str(exc)))
            fold_widths = tuple(widths)
            _check_fold(fold, fold_type, fold_widths, trim_w)

    sides, panels = _sides(top, fold_type, fold_widths, trim_w, trim_h, safe or 0.0, colours)
    styles = _styles(top.sub("styles"), colours)
    flows = _flows(top, panels, colours)
    bands = _bands(top, sides, colours, trim_h)
    fit = top.sub("fit")
    fit.check_known({"base", "minimum", "step"})
    base = fit.convert("base", parse_nonzero_length, 9.0) or 9.0
    minimum = fit.convert("minimum", parse_nonzero_length, 7.0) or 7.0
    step = fit.convert("step", parse_nonzero_length, 0.25) or 0.25
    if minimum > base:
        fit.report("minimum", "the minimum body size is larger than the base size")
    if "body" not in styles:
        top.report("styles", "a layout needs a 'body' style", "the fit policy sizes every panel by it")
    elif abs(styles["body"].size - base) > TOLERANCE:
        fit.report("base", f"the base size ({base:g} pt) differs from the body style's size "
                           f"({styles['body'].size:g} pt)", "make them equal: the body size is what fit shrinks")
    for style in styles.values():
        smallest = style.size if style.fixed else style.size * minimum / base
        if smallest < 6.0 - 1e-6:
            problems.append(located.problem(f"styles.{style.name}.size",
                                            f"at the minimum body size this style is {smallest:.2f} pt; "
                                            "print needs at least 6 pt", "raise its size or the fit minimum"))
    hyphenate = top.get("hyphenate", bool, True)
    if problems:
        raise DataError(problems)
    return LayoutSpec(name, description or "", path, located.path, trim_w, trim_h, bleed or 0.0, safe or 0.0,
                      fold_type, fold_widths, sides, panels, flows, styles, colours, fonts, bands, base, minimum,
                      step, bool(hyphenate))


def _check_fold(fold: Fields, fold_type: str, widths: tuple[float, ...], trim_w: float) -> None:
    if not widths:
        fold.report("panels", "a folded sheet needs its panel widths")
        return
    total = sum(widths)
    if abs(total - trim_w) > 0.5:
        fold.report("panels", f"panel widths add up to {total / mm(1):.1f} mm but the sheet is "
                              f"{trim_w / mm(1):.1f} mm wide", "make the panels add up to the sheet width")
    expected = {"half": 2, "z": 3, "gate": 3}
    if fold_type in expected and len(widths) != expected[fold_type]:
        fold.report("panels", f"a {fold_type} fold has {expected[fold_type]} panels, not {len(widths)}")
    elif fold_type == "roll":
        if len(widths) < 3:
            fold.report("panels", "a roll fold has at least 3 panels")
        elif not (widths[0] < min(widths[1:]) or widths[-1] < min(widths[:-1])):
            fold.report("panels", "in a roll fold the panel that folds in first (at one end) must be the narrowest",
                        "make it 1.5–3 mm narrower than the others")
    elif fold_type == "gate" and len(widths) == 3 and abs(widths[0] - widths[2]) > 0.5:
        fold.report("panels", "the two doors of a gate fold must be equally wide")


def _colours(fields: Fields) -> dict[str, tuple[float, float, float, float]]:
    colours = {}
    for name in fields.value:
        if name == "registration":  # the printer's marks colour: 100 % of every separation, never for content
            fields.report(name, "'registration' is reserved for printer's marks", "give the colour another name")
            continue
        value = fields.convert(name, parse_cmyk)
        colours[name] = value or (0.0, 0.0, 0.0, 1.0)  # a bad one is reported; its users need not be too
    colours.setdefault("white", (0.0, 0.0, 0.0, 0.0))
    colours.setdefault("black", (0.0, 0.0, 0.0, 1.0))
    return colours


def _fonts(fields: Fields, workspace: Path) -> dict[str, Path]:
    from .fonts import check_font_file

    fields.check_known(set(FACES))
    fonts = {}
    for face in FACES:
        filename = fields.get(face, str)
        if filename is None:
            continue
        if "/" in filename or "\\" in filename or filename.startswith("."):
            fields.report(face, "give a file name inside fonts/, without folders")
            continue
        path = workspace / "fonts" / filename
        problem = check_font_file(path)
        if problem:
            present = sorted(p.name for p in (workspace / "fonts").glob("*.ttf"))
            hint = ("fonts/ holds: " + ", ".join(present) if present and not path.exists()
                    else "put a TrueType font file in fonts/ and name it here")
            fields.report(face, f"fonts/{filename}: {problem}", hint)
            continue
        fonts[face] = path
    return fonts


def _sides(top: Fields, fold_type: str, widths: tuple[float, ...], trim_w: float, trim_h: float, safe: float,
           colours: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, Panel]]:
    raw_sides = top.get("sides", list, what="a list of sides, each with its panels")
    if raw_sides is None:
        return (), {}
    if fold_type != "none" and len(raw_sides) != 2:
        top.report("sides", f"a folded card has two sides, not {len(raw_sides)}")
    names: list[str] = []
    panels: dict[str, Panel] = {}
    sheet = Rect(0, 0, trim_w, trim_h)
    for index in range(len(raw_sides)):
        side = Fields(top.located, raw_sides[index], f"sides.{index}", top.problems)
        if not side.ok:
            continue
        side.check_known({"name", "panels"})
        names.append(side.get("name", str, f"side {index + 1}") or f"side {index + 1}")
        raw_panels = side.get("panels", list, what="a list of panels, left to right") or []
        side_widths = (widths if index % 2 == 0 else tuple(reversed(widths))) if widths else ()
        if fold_type != "none" and side_widths and len(raw_panels) != len(side_widths):
            side.report("panels", f"the fold has {len(side_widths)} panels but this side lists {len(raw_panels)}")
        x = 0.0
        for p_index, raw_panel in enumerate(raw_panels):
            pf = Fields(top.located, raw_panel, f"sides.{index}.panels.{p_index}", top.problems)
            if not pf.ok:
                continue
            pf.check_known({"id", "box", "background"})
            pid = pf.get("id", str)
            background = pf.get("background", str, "")
            if background and background not in colours:
                pf.report("background", f"unknown colour '{background}'", "define it under colours:")
            if fold_type == "none":
                rect = _box(pf, trim_h)
                if rect is None:
                    continue
                if not sheet.contains(rect):  # reported; still known, so flows that fill it add no noise
                    pf.report("box", "the panel lies partly outside the sheet",
                              f"the sheet is {trim_w / mm(1):g} × {trim_h / mm(1):g} mm")
            else:
                if p_index >= len(side_widths):
                    continue
                rect = Rect(x, 0, side_widths[p_index], trim_h)
                x += side_widths[p_index]
            safe_rect = rect.inset(safe, safe, safe, safe)
            if pid is None:
                continue
            if pid in panels:
                pf.report("id", f"panel id '{pid}' is used twice")
                continue
            if safe_rect.w <= 0 or safe_rect.h <= 0:
                pf.report("", "the panel is too small for its safe margins")
            panels[pid] = Panel(pid, index, rect, safe_rect, background or "")
    return tuple(names), panels


STYLE_KEYS = {"font", "size", "leading", "colour", "space_before", "space_after", "indent", "marker",
              "marker_colour", "uppercase", "fixed", "keep_with_next", "align", "hyphenate"}


def _styles(fields: Fields, colours: dict[str, Any]) -> dict[str, Style]:
    styles = {}
    for name in fields.value:
        sf = fields.sub(name)
        if not sf.ok:
            continue
        sf.check_known(STYLE_KEYS)
        face = sf.get("font", str, "regular")
        if face not in FACES:
            sf.report("font", f"unknown face '{face}'", "one of: " + ", ".join(FACES))
        colour = sf.get("colour", str, "black")
        marker_colour = sf.get("marker_colour", str, "") or ""
        for key, value in (("colour", colour), ("marker_colour", marker_colour)):
            if value and value not in colours:
                sf.report(key, f"unknown colour '{value}'", "define it under colours:")
        size = sf.convert("size", parse_nonzero_length)
        leading = sf.get("leading", float, 1.25)
        if leading is not None and not 0.5 <= leading <= 4:
            sf.report("leading", f"leading {leading:g} is not a line height",
                      "write a multiple of the size between 0.5 and 4, e.g. 1.25")
        align = sf.get("align", str, "left")
        if align not in ("left", "center"):
            sf.report("align", "align is 'left' or 'center'")
        if size is None or leading is None:
            continue
        styles[name] = Style(
            name, face or "regular", size, leading, colour or "black",
            sf.convert("space_before", parse_positive_length, 0.0) or 0.0,
            sf.convert("space_after", parse_positive_length, 0.0) or 0.0,
            sf.convert("indent", parse_positive_length, 0.0) or 0.0,
            sf.get("marker", str, "") or "", marker_colour, bool(sf.get("uppercase", bool, False)),
            bool(sf.get("fixed", bool, False)), bool(sf.get("keep_with_next", bool, False)), align or "left",
            bool(sf.get("hyphenate", bool, True)))
    return styles


def _flows(top: Fields, panels: dict[str, Panel], colours: dict[str, Any]) -> tuple[Flow, ...]:
    raw = top.get("flows", list, what="a list of flows: panels and the blocks that fill them")
    flows: list[Flow] = []
    used: dict[str, int] = {}
    for index in range(len(raw or [])):
        ff = Fields(top.located, raw[index], f"flows.{index}", top.problems)  # type: ignore[index]
        if not ff.ok:
            continue
        ff.check_known({"panels", "content", "valign"})
        flow_panels = ff.get("panels", list, what="a list of panel ids") or []
        if not flow_panels and "panels" in ff.value:
            ff.report("panels", "a flow needs at least one panel", "list the ids of the panels it fills")
        for p_index, pid in enumerate(flow_panels):
            if not isinstance(pid, str) or pid not in panels:
                top.problems.append(top.located.problem(f"flows.{index}.panels.{p_index}",
                                                        f"no panel with id '{pid}'",
                                                        "known: " + ", ".join(panels)))
            elif pid in used:
                top.problems.append(top.located.problem(f"flows.{index}.panels.{p_index}",
                                                        f"panel '{pid}' is already filled by flow {used[pid] + 1}"))
            else:
                used[pid] = index
        valign = ff.get("valign", str, "top")
        if valign not in ("top", "bottom", "center"):
            ff.report("valign", "valign is top, center or bottom")
        entries = []
        for e_index, raw_entry in enumerate(ff.get("content", list, what="a list of block keys") or []):
            key = f"flows.{index}.content.{e_index}"
            line = top.located.line(key) or 0
            if isinstance(raw_entry, str):
                entries.append(FlowEntry("break", line=line) if raw_entry == "break"
                               else FlowEntry("block", raw_entry, line=line))
                continue
            ef = Fields(top.located, raw_entry, key, top.problems)
            if not ef.ok:
                continue
            ef.check_known({"space", "qr", "size", "logos", "height", "rule", "width"})
            if "space" in ef.value:
                space = ef.value["space"]
                size = -1.0 if space == "fill" else ef.convert("space", parse_positive_length)
                entries.append(FlowEntry("space", size=size or 0.0, line=line))
            elif "qr" in ef.value:
                from .regions import link_placeholder_names

                target = ef.get("qr", str)
                if target not in link_placeholder_names():
                    ef.report("qr", f"'{target}' is not a region web address, e-mail address or phone number",
                              "one of: " + ", ".join(link_placeholder_names()))
                size = ef.convert("size", parse_nonzero_length, mm(22)) or mm(22)
                entries.append(FlowEntry("qr", target or "", size, line))
            elif "logos" in ef.value:  # the region's logos side by side; closes up when the region has none
                align = ef.get("logos", str)
                if align not in ("left", "center", "right"):
                    ef.report("logos", f"'{align}' is not an alignment", "write left, center or right")
                height = ef.convert("height", parse_nonzero_length, mm(12)) or mm(12)
                entries.append(FlowEntry("logos", align or "left", height, line))
            elif "rule" in ef.value:  # a short accent line in a layout colour, e.g. under a title
                colour = ef.get("rule", str)
                if colour not in colours:
                    ef.report("rule", f"unknown colour '{colour}'", "define it under colours:")
                thickness = ef.convert("height", parse_nonzero_length, mm(1)) or mm(1)
                width = ef.convert("width", parse_nonzero_length, mm(20)) or mm(20)
                entries.append(FlowEntry("rule", colour or "", thickness, line, width))
            else:
                ef.report("", "a flow entry is a block key, 'break', {space: 4mm|fill}, {qr: region.value}, "
                              "{logos: left|center|right, height: 12mm} or {rule: colour, width: 20mm, height: 1mm}")
        flows.append(Flow(tuple(p for p in flow_panels if isinstance(p, str) and p in panels), tuple(entries),
                          valign or "top"))
    return tuple(flows)  # a panel no flow fills is allowed: a designed blank


def _bands(top: Fields, sides: tuple[str, ...], colours: dict[str, Any], trim_h: float) -> tuple[Band, ...]:
    """Colour bands, given from the top-left corner like poster boxes; one that touches the trim will bleed."""
    bands = []
    for index, raw in enumerate(top.get("bands", list, []) or []):
        bf = Fields(top.located, raw, f"bands.{index}", top.problems)
        if not bf.ok:
            continue
        bf.check_known({"side", "box", "colour"})
        side = bf.get("side", int, 1)
        colour = bf.get("colour", str)
        if colour and colour not in colours:
            bf.report("colour", f"unknown colour '{colour}'")
        rect = _box(bf, trim_h)
        if rect is None or side is None or colour is None:
            continue
        if not 1 <= side <= max(1, len(sides)):
            bf.report("side", f"there is no side {side}")
            continue
        bands.append(Band(side - 1, rect, colour))
    return tuple(bands)


def _box(fields: Fields, trim_h: float) -> Rect | None:
    """`box: [x, y, width, height]`, measured from the sheet's top-left corner → a Rect in trim coordinates."""
    box = fields.get("box", list, what="[x, y, width, height] from the sheet's top-left corner")
    if box is None:
        return None
    if len(box) != 4:
        fields.report("box", f"{len(box)} values; give four lengths: [x, y, width, height]")
        return None
    try:
        bx, by, bw, bh = (parse_positive_length(v) for v in box)
    except (ValueError, TypeError) as exc:
        fields.report("box", str(exc) if isinstance(exc, ValueError) else "give four lengths")
        return None
    return Rect(bx, trim_h - by - bh, bw, bh)


def check_against_source(spec: LayoutSpec, block_keys: set[str], block_styles: dict[str, str]) -> list[Problem]:
    """Problems between a layout and a document: unknown block keys, styles the layout does not define."""
    problems = []
    placed: dict[str, int] = {}
    for f_index, flow in enumerate(spec.flows):
        for e_index, entry in enumerate(flow.entries):
            if entry.kind != "block":
                continue
            where = f"flows.{f_index}.content.{e_index}"
            if entry.key not in block_keys:
                import difflib

                close = difflib.get_close_matches(entry.key, sorted(block_keys), n=1)
                problems.append(Problem(spec.shown, entry.line, where, f"no block '{entry.key}' in the content",
                                        f"did you mean '{close[0]}'?" if close else "check the content file's keys"))
            elif entry.key in placed:
                problems.append(Problem(spec.shown, entry.line, where, f"block '{entry.key}' is placed twice"))
            else:
                placed[entry.key] = entry.line
                style = block_styles[entry.key]
                if style not in spec.styles:
                    problems.append(Problem(spec.shown, entry.line, where,
                                            f"block '{entry.key}' has style '{style}', which this layout does not "
                                            "define", "add it under styles:"))
    return problems
