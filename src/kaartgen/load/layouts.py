"""Layout files → a validated `LayoutSpec`: sheet, bleed, folds, panels, flows, styles, colours, fit policy.

Layouts are pure data (``layouts/<name>.yaml``). Lengths are written with units (``3mm``, ``0.3cm``, ``9pt``,
``1in``) and parsed once here into points. Panel positions are derived from the fold: ``fold.panels`` lists the
panel widths left to right as seen on the first side; the second side is the back of the sheet, so its panels
are the same widths in mirrored order. A sheet without folds (a poster) places its panels with explicit boxes.
Every problem in a layout file is reported at once with ``file:line: key``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.diagnostics import DataError, Diagnostic, problem
from ..model.geometry import TOLERANCE, Rect, mm
from ..model.layout import CARD_STYLES, FACES, Band, Flow, FlowEntry, LayoutSpec, Panel, Style
from .names import LANG, check_layout_name
from .regions import ROLES, link_placeholder_names
from .units import parse_cmyk, parse_nonzero_length, parse_positive_length
from .yamlfile import Fields, Located, load_yaml

MIN_SAFE_MM = 4.0
MIN_BLEED_MM = 3.0  # what print shops trim into; preflight checks the same
MIN_COLUMN_MM = 30.0
MAX_PAST_FOLD_MM = 3.0  # a panel's colour wrapping round a fold stays well clear of the next panel's safe area
MIN_FIT_STEP_PT = 0.05  # finer size steps print the same; fit tries each one at most once
MAX_FIT_STEPS = 200
MAX_COLUMNS = 6
PANEL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def layouts_dir(workspace: Path) -> Path:
    return workspace / "layouts"


def list_layouts(workspace: Path) -> list[str]:
    folder = layouts_dir(workspace)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_layout(workspace: Path, name: str) -> LayoutSpec:
    check_layout_name(name)
    path = layouts_dir(workspace) / f"{name}.yaml"
    shown = f"layouts/{name}.yaml"
    if not path.exists():
        known = ", ".join(list_layouts(workspace)) or "none"
        raise DataError(problem(shown, None, name, "no such layout", f"known layouts: {known}"))
    located = load_yaml(path, shown)
    return parse_layout(located, name, path, workspace)


def parse_layout(located: Located, name: str, path: Path, workspace: Path) -> LayoutSpec:
    if located.data is None:
        raise DataError(located.problem("", "the file is empty", "start from a copy of another layout"))
    problems: list[Diagnostic] = []
    top = Fields(located, located.data, "", problems)
    if not top.ok:
        raise DataError(problems)
    top.check_known({"description", "sheet", "bleed", "safe", "fold", "sides", "flows", "styles", "colours",
                     "fonts", "bands", "fit", "hyphenate", "languages"})
    description = top.get("description", str, "")
    sheet = top.sub("sheet")
    sheet.check_known({"width", "height"})
    trim_w = sheet.convert("width", parse_nonzero_length) or 0.0
    trim_h = sheet.convert("height", parse_nonzero_length) or 0.0
    if not (trim_w and trim_h):  # every panel is measured against the sheet: stop before a cascade of problems
        raise DataError(problems)
    bleed = top.convert("bleed", parse_positive_length, mm(MIN_BLEED_MM))
    if bleed is not None and bleed < mm(MIN_BLEED_MM) - TOLERANCE:  # kaartgen's own preflight would fail the PDF
        top.report("bleed", f"the bleed must be at least {MIN_BLEED_MM:g} mm: print shops trim into it, and "
                            f"preflight fails a print PDF with less", f"write '{MIN_BLEED_MM:g}mm'")
    safe = top.convert("safe", parse_positive_length, mm(5))
    if safe is not None and safe < mm(MIN_SAFE_MM) - TOLERANCE:
        top.report("safe", f"the safe margin must be at least {MIN_SAFE_MM:g} mm from trim and folds",
                   f"write at least '{MIN_SAFE_MM:g}mm'")

    colours = _colours(top.sub("colours"))
    fonts = _fonts(top.sub("fonts"), workspace)
    fold = top.sub("fold")
    fold.check_known({"type", "panels", "colour_past_fold"})
    fold_type = fold.get("type", str, "none")
    past_fold = fold.convert("colour_past_fold", parse_positive_length, 0.0) or 0.0
    if past_fold > mm(MAX_PAST_FOLD_MM) + TOLERANCE:
        fold.report("colour_past_fold", f"a background runs at most {MAX_PAST_FOLD_MM:g} mm past a fold (more "
                                        "reaches the next panel's text)", "write 1mm to 1.5mm")
        past_fold = 0.0
    if fold_type not in FOLDS:
        fold.report("type", f"unknown fold type '{fold_type}'", "one of: " + ", ".join(FOLDS))
    fold_widths: tuple[float, ...] = ()
    if fold_type != "none" and fold_type in FOLDS:
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
    if not panels and problems:  # every flow names panels: stop before one "no panel" per flow
        raise DataError(problems)
    styles = _styles(top.sub("styles"), colours)
    flows = _flows(top, panels, colours)
    for f_index, flow in enumerate(flows):
        for e_index, entry in enumerate(flow.entries):
            if entry.kind != "contacts":
                continue
            for part in CARD_STYLES:
                if entry.style_of(part) not in styles:
                    top.report(f"flows.{f_index}.content.{e_index}", f"the contact card sets its {part} in style "
                               f"'{entry.style_of(part)}', which this layout does not define",
                               f"add the style, or name another under styles: {{{part}: …}}")
    bands = _bands(top, sides, colours, trim_h)
    fit = top.sub("fit")
    fit.check_known({"base", "minimum", "maximum", "step", "grid"})
    base = fit.convert("base", parse_nonzero_length, 9.0) or 9.0
    minimum = fit.convert("minimum", parse_nonzero_length, 7.0) or 7.0
    maximum = fit.convert("maximum", parse_nonzero_length, base) or base
    step = fit.convert("step", parse_nonzero_length, 0.25) or 0.25
    if minimum > base:
        fit.report("minimum", "the minimum body size is larger than the base size")
    if maximum < base:
        fit.report("maximum", "the maximum body size is smaller than the base size",
                   "make it at least the base size, or leave it out (the text then only shrinks to fit)")
        maximum = base
    if step < MIN_FIT_STEP_PT - 1e-9:
        fit.report("step", f"a step of {step:g} pt is finer than print can show",
                   f"use a step of at least {MIN_FIT_STEP_PT:g} pt, such as 0.25 pt")
        step = 0.25
    elif (maximum - minimum) / step > MAX_FIT_STEPS:
        fit.report("step", f"{(maximum - minimum) / step:.0f} sizes between the maximum and the minimum is more "
                           f"than fit tries", f"use at most {MAX_FIT_STEPS} steps: a larger step, or a minimum and "
                                              "maximum nearer the base")
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
    grid = fit.get("grid", str, "none")
    if grid not in GRIDS:
        fit.report("grid", f"'{grid}' is not a baseline grid", "write line (every text starts on a body line), "
                   "half (on a half body line) or none")
    hyphenate = top.get("hyphenate", bool, True)
    languages = top.get("languages", list, [], what="a list of language codes, e.g. [ar, fa, he, ur]") or []
    for index, lang in enumerate(languages):
        if not isinstance(lang, str) or not LANG.fullmatch(lang):
            top.report(f"languages.{index}", f"'{lang}' is not a language code",
                       "write a locale name such as 'ar', 'he' or 'pt_BR'")
    if problems:
        raise DataError(problems)
    return LayoutSpec(name, description or "", path, located.path, trim_w, trim_h, bleed or 0.0, safe or 0.0,
                      fold_type, fold_widths, sides, panels, flows, styles, colours, fonts, bands, base, minimum,
                      step, bool(hyphenate), maximum, past_fold, GRIDS.get(grid or "none", 0.0),
                      tuple(lang for lang in languages if isinstance(lang, str)))


def _doors_equal(widths: tuple[float, ...]) -> str:
    return "the two doors of a gate fold must be equally wide" if abs(widths[0] - widths[-1]) > 0.5 else ""


def _narrow_end(widths: tuple[float, ...]) -> str:
    if widths[0] < min(widths[1:]) or widths[-1] < min(widths[:-1]):
        return ""
    return "in a roll fold the panel that folds in first (at one end) must be the narrowest"


@dataclass(frozen=True)
class FoldRule:
    """What a fold type asks of its panels: how many, and any rule on their widths."""

    panels: int  # exactly this many, or with `or_more` at least this many
    or_more: bool = False
    widths: Callable[[tuple[float, ...]], str] | None = None  # a message when the widths break the rule
    hint: str = ""


FOLDS: dict[str, FoldRule | None] = {
    "none": None,  # a flat sheet (a poster): panels placed with boxes
    "half": FoldRule(2),
    "z": FoldRule(3),  # accordion: the panels fold alternately
    "roll": FoldRule(3, or_more=True, widths=_narrow_end, hint="make it 1.5–3 mm narrower than the others"),
    "gate": FoldRule(3, widths=_doors_equal, hint="make the two outer panels (the doors) the same width"),
}
"""The fold table: a new fold type is one entry here plus a layout file (panel geometry follows from the widths)."""


def _check_fold(fold: Fields, fold_type: str, widths: tuple[float, ...], trim_w: float) -> None:
    rule = FOLDS[fold_type]
    if rule is None:
        return
    if not widths:
        fold.report("panels", "a folded sheet needs its panel widths")
        return
    total = sum(widths)
    if abs(total - trim_w) > 0.5:
        fold.report("panels", f"panel widths add up to {total / mm(1):.1f} mm but the sheet is "
                              f"{trim_w / mm(1):.1f} mm wide", "make the panels add up to the sheet width")
    if rule.or_more and len(widths) < rule.panels:
        fold.report("panels", f"a {fold_type} fold has at least {rule.panels} panels")
    elif not rule.or_more and len(widths) != rule.panels:
        fold.report("panels", f"a {fold_type} fold has {rule.panels} panels, not {len(widths)}")
    elif rule.widths is not None and (message := rule.widths(widths)):
        fold.report("panels", message, rule.hint)


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
    """The faces by name; a ``fallback:`` list adds font sets for characters the faces lack (another script),
    as faces ``regular+1``, ``bold+1``, … (`model.layout.fallback_faces` says which to try for a face)."""
    fields.check_known({*FACES, "fallback"})
    fonts = _font_set(fields, workspace)
    raw = fields.value.get("fallback") if isinstance(fields.value, dict) else None
    if raw is not None:
        if not isinstance(raw, list) or not raw:
            fields.report("fallback", "is not a list of font sets",
                          "write one font set per line: - {regular: NotoSansEthiopic-Regular.ttf, bold: …}")
            return fonts
        for index, item in enumerate(raw):
            entry = Fields(fields.located, item, f"{fields.key('fallback')}.{index}", fields.problems)
            if not entry.ok:
                continue
            entry.check_known(set(FACES))
            found = _font_set(entry, workspace, required=False)
            if "regular" not in found:
                entry.report("regular", "a fallback font set needs at least its regular face",
                             "name the regular font file of that script")
            fonts.update({f"{face}+{index + 1}": path for face, path in found.items()})
    return fonts


def _font_set(fields: Fields, workspace: Path, required: bool = True) -> dict[str, Path]:
    from .fonts import check_font_file  # fontTools only when a layout names fonts

    fonts = {}
    for face in FACES:
        filename = fields.get(face, str) if required else fields.get(face, str, None)
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
    if not raw_sides:  # would build a PDF without pages that still looked "print-ready"
        top.report("sides", "a layout needs at least one side with panels", "copy 'sides:' from a shipped layout")
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
            pf.check_known({"id", "box", "background", "columns", "gutter"})
            pid = pf.get("id", str)
            if pid is not None and not PANEL_ID.match(pid):
                pf.report("id", f"'{pid}' is not a panel id", "use lower-case letters, digits and dashes: panel ids "
                                                              "become file names of screenshots")
                pid = None
            columns = pf.get("columns", int, 1) or 1
            if not 1 <= columns <= MAX_COLUMNS:
                pf.report("columns", f"{columns} columns: a panel has 1 to {MAX_COLUMNS}")
                columns = 1
            gutter = pf.convert("gutter", parse_positive_length, mm(5)) or 0.0
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
            if columns == 1:
                panels[pid] = Panel(pid, index, rect, safe_rect, background or "", rect)
                continue
            width = (safe_rect.w - gutter * (columns - 1)) / columns
            if width < mm(MIN_COLUMN_MM):
                pf.report("columns", f"{columns} columns of {width / mm(1):.1f} mm are too narrow for text",
                          f"use fewer columns or a smaller gutter (a column needs {MIN_COLUMN_MM:g} mm)")
                continue
            for number, column in enumerate(_columns(rect, safe_rect, columns, gutter), 1):
                cid = f"{pid}-{number}"
                if cid in panels:
                    pf.report("id", f"column '{cid}' clashes with a panel of that id")
                    continue
                panels[cid] = Panel(cid, index, column[0], column[1], background or "",
                                    rect if number == 1 else None)
    return tuple(names), panels


def _columns(rect: Rect, safe: Rect, count: int, gutter: float) -> list[tuple[Rect, Rect]]:
    """A panel split into `count` columns: each column's share of the panel (they tile it) and its safe area."""
    width = (safe.w - gutter * (count - 1)) / count
    result = []
    for k in range(count):
        left = safe.x + k * (width + gutter)
        share_left = rect.x if k == 0 else left - gutter / 2
        share_right = rect.right if k == count - 1 else left + width + gutter / 2
        result.append((Rect(share_left, rect.y, share_right - share_left, rect.h),
                       Rect(left, safe.y, width, safe.h)))
    return result


STYLE_KEYS = {"font", "size", "leading", "colour", "space_before", "space_after", "indent", "marker",
              "marker_colour", "uppercase", "fixed", "keep_with_next", "align", "hyphenate", "max_chars",
              "max_lines", "value_style"}


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
            bool(sf.get("hyphenate", bool, True)), _max_chars(sf), _max_lines(sf),
            sf.get("value_style", str, "") or "")
    for name, style in styles.items():  # a contacts list's numbers in a style of their own (a poster's)
        if not style.value_style:
            continue
        if style.marker != "contacts":
            fields.report(f"{name}.value_style", "value_style sets the numbers of a contacts list",
                          "give the style marker: contacts, or leave value_style out")
        elif style.value_style not in styles or style.value_style == name:
            fields.report(f"{name}.value_style", f"no other style '{style.value_style}' to set the numbers in",
                          "name a style defined under styles:, e.g. a big bold 'phone'")
    return styles


def _max_chars(fields: Fields) -> int:
    value = fields.get("max_chars", int, 0) or 0
    if value < 0 or value > 10000:
        fields.report("max_chars", f"{value} is not a length limit", "write a number of characters, e.g. 200")
        return 0
    return value


def _max_lines(fields: Fields) -> int:
    value = fields.get("max_lines", int, 0) or 0
    if value < 0 or value > MAX_LINES_LIMIT:
        fields.report("max_lines", f"{value} is not a number of lines",
                      f"write how many lines one text may take, 1 to {MAX_LINES_LIMIT}, e.g. 3 for a heading")
        return 0
    return value


MAX_LINES_LIMIT = 40
GRIDS = {"none": 0.0, "line": 1.0, "half": 0.5}  # a baseline grid's step, as a part of the body style's line


def _flows(top: Fields, panels: dict[str, Panel], colours: dict[str, Any]) -> tuple[Flow, ...]:
    raw = top.get("flows", list, what="a list of flows: panels and the blocks that fill them")
    flows: list[Flow] = []
    used: dict[str, int] = {}
    for index in range(len(raw or [])):
        ff = Fields(top.located, (raw or [])[index], f"flows.{index}", top.problems)
        if not ff.ok:
            continue
        ff.check_known({"panels", "content", "valign", "balance"})
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
            ef.check_known({"space", "qr", "size", "logos", "height", "rule", "width", "contacts", "styles", "block",
                            "items"})
            if "block" in ef.value:  # some items of a list, in the order given: a poster's selection
                block = ef.get("block", str) or ""
                raw_items = ef.get("items", list, [], what="a list of the list's item keys")
                items = tuple(item for item in raw_items or [] if isinstance(item, str))
                others = sorted(str(key) for key in ef.value if key not in ("block", "items"))
                if others:
                    ef.report(others[0], f"a block entry takes only block: and items:, not {others[0]}:",
                              "give it an entry of its own, e.g. {space: 4mm} before or after")
                if "items" not in ef.value:
                    ef.report("items", "say which items of the list to set", "list their keys, e.g. items: "
                              "[no_id_papers, money], or write the block's key alone to set them all")
                elif raw_items is None:
                    pass  # not a list: reported above
                elif not raw_items:
                    ef.report("items", "choose at least one item", "list their keys, e.g. items: [no_id_papers, "
                              "money], or write the block's key alone to set them all")
                elif len(items) != len(raw_items):
                    ef.report("items", "every item is a key of the list", "e.g. items: [no_id_papers, money]")
                elif len(set(items)) != len(items):
                    ef.report("items", "an item is listed twice", "list each item once")
                entries.append(FlowEntry("block", block, line=line, items=items))
            elif "space" in ef.value:
                space = ef.value["space"]
                size = -1.0 if space == "fill" else ef.convert("space", parse_positive_length)
                entries.append(FlowEntry("space", size=size or 0.0, line=line))
            elif "qr" in ef.value:
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
            elif "contacts" in ef.value:  # the region's contacts of a role, one card each
                role = ef.get("contacts", str)
                if role not in ROLES:
                    ef.report("contacts", f"'{role}' is not a contact role", "one of: " + ", ".join(ROLES))
                styles = ef.sub("styles", default_empty=True)
                styles.check_known(set(CARD_STYLES))
                chosen = tuple((part, name) for part, name in styles.value.items() if isinstance(name, str))
                entries.append(FlowEntry("contacts", role or "", line=line, styles=chosen))
            else:
                ef.report("", "a flow entry is a block key, {block: key, items: [item, …]}, 'break', "
                              "{space: 4mm|fill}, {qr: region.value}, {logos: left|center|right, height: 12mm}, "
                              "{rule: colour, width: 20mm, height: 1mm} or {contacts: zorgcoordinator}")
        flows.append(Flow(tuple(p for p in flow_panels if isinstance(p, str) and p in panels), tuple(entries),
                          valign or "top", bool(ff.get("balance", bool, False))))
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


def check_against_source(spec: LayoutSpec, block_keys: set[str], block_styles: dict[str, str],
                         block_items: dict[str, tuple[str, ...]] | None = None) -> list[Diagnostic]:
    """Problems between a layout and a document: unknown block keys or list items, styles the layout does not
    define."""
    import difflib

    block_items = block_items or {}
    problems = []
    placed: dict[str, int] = {}
    for f_index, flow in enumerate(spec.flows):
        for e_index, entry in enumerate(flow.entries):
            if entry.kind != "block":
                continue
            where = f"flows.{f_index}.content.{e_index}"
            if entry.key not in block_keys:
                close = difflib.get_close_matches(entry.key, sorted(block_keys), n=1)
                problems.append(problem(spec.shown, entry.line, where, f"no block '{entry.key}' in the content",
                                        f"did you mean '{close[0]}'?" if close else "check the content file's keys"))
            elif entry.key in placed:
                problems.append(problem(spec.shown, entry.line, where, f"block '{entry.key}' is placed twice"))
            else:
                placed[entry.key] = entry.line
                items = block_items.get(entry.key, ())
                if entry.items and not items:
                    problems.append(problem(spec.shown, entry.line, f"{where}.items",
                                            f"block '{entry.key}' is a text, not a list: it has no items to choose",
                                            f"write '{entry.key}' alone"))
                for i_index, item in enumerate(entry.items if items else ()):
                    if item not in items:
                        close = difflib.get_close_matches(item, items, n=1)
                        problems.append(problem(spec.shown, entry.line, f"{where}.items.{i_index}",
                                                f"the list '{entry.key}' has no item '{item}'",
                                                f"did you mean '{close[0]}'?" if close else
                                                "its items: " + ", ".join(items)))
                style = block_styles[entry.key]
                if style not in spec.styles:
                    problems.append(problem(spec.shown, entry.line, where,
                                            f"block '{entry.key}' has style '{style}', which this layout does not "
                                            "define", "add it under styles:"))
    return problems
