"""Checks on an edition's texts and plan: characters the fonts lack, texts longer than their style allows (in
characters or in lines), logos too coarse for print, text colours too close to what they are printed on.

Each check returns diagnostics located at the text or region line they come from; the chain stops an edition at
the first stage whose checks found an error, and carries warnings to the result.
"""

from __future__ import annotations

import unicodedata

from ..backends.colour import cmyk_to_rgb, contrast_ratio
from ..load.fonts import coverage_problems
from ..model.content import SOURCE_LANG, Text, Texts
from ..model.diagnostics import WARNING, Diagnostic, SourceRef, problem
from ..model.geometry import Rect, to_mm
from ..model.layout import LayoutSpec
from ..model.messages import T
from ..model.plan import REGISTRATION, Box, Circle, Picture, Plan, QRCode, TextRun
from ..model.region import Region
from .fit import Fit, too_many_lines
from .scripts import unsupported_scripts, upper

GLYPH = "glyph"  # the code of a missing-glyph diagnostic
LENGTH = "length"  # of a text longer than its style's max_chars
SCRIPT = "script"  # of a text in a script kaartgen cannot set yet
CONTRAST = "contrast"  # of a text colour too close to its background
TEXT_CONTRAST = 4.5  # WCAG 2.x AA (1.4.3) for text
LARGE_CONTRAST = 3.0  # for large text (18 pt, or 14 pt bold) and for marks that are not words, such as bullets
QR = "qr"  # of a QR code too small, or crowded, to scan
MIN_QR_MODULE_MM = 0.4  # GS1 General Specifications: at least 0.396 mm a module for codes scanned by phones
QR_QUIET_MODULES = 4  # ISO/IEC 18004: the clear space on every side
PRINT_PPI_WARN = 300.0
PRINT_PPI_FAIL = 150.0


def missing_glyphs(spec: LayoutSpec, texts: Texts) -> list[tuple[Text, set[str]]]:
    """Each text with the characters (capitals included, as the language writes them: headings may be set in
    capitals) the fonts lack."""
    wordings = [(text, upper(text.plain, texts.lang) + text.plain) for text in texts.all_texts()]
    if not coverage_problems(spec.fonts, "".join(wording for _text, wording in wordings)):
        return []  # the usual case: every letter of every text is there, found in one look at the fonts
    found = []
    for text, wording in wordings:
        missing = coverage_problems(spec.fonts, wording)
        if missing:
            found.append((text, missing))
    return found


def glyph_problem(text: Text, missing: set[str]) -> Diagnostic:
    return _glyph_problem(text.source, text.key, missing)


def _glyph_problem(source: SourceRef, key: str, missing: set[str]) -> Diagnostic:
    codes = ", ".join(f"U+{ord(c):04X} {c!r}" for c in sorted(missing))
    return source.error(key, f"the layout's fonts have no glyph for {codes}",
                        "use a font that covers this script, or replace the characters", code=GLYPH,
                        data=(("chars", "".join(sorted(missing))),))


def glyph_diagnostics(spec: LayoutSpec, texts: Texts, region: Region | None = None,
                      lang: str = SOURCE_LANG) -> list[Diagnostic]:
    """Missing glyphs, each at the file that holds the characters: a region's (or the national) value inserted
    into a text by a placeholder — the regional note, a national name — at its own line in the region file, not
    at the content text that only says ``{region.note}``."""
    found: list[Diagnostic] = []
    blamed: set[str] = set()
    inserted = list(_inserted(region, lang)) if region is not None else []
    if inserted and coverage_problems(spec.fonts, "".join(upper(w, lang) + w for _key, w, _source in inserted)):
        for key, wording, source in inserted:
            missing = coverage_problems(spec.fonts, upper(wording, lang) + wording) if wording else set()
            if missing and source.file:
                found.append(_glyph_problem(source, key, missing))
                blamed |= missing
    lacking = [(text, chars - blamed) for text, chars in missing_glyphs(spec, texts) if chars - blamed]
    by_script: dict[str, list[tuple[Text, set[str]]]] = {}
    for text, chars in lacking:
        for script in dict.fromkeys(script_of(ch) for ch in sorted(chars)):
            by_script.setdefault(script, []).append((text, {ch for ch in chars if script_of(ch) == script}))
    for script, uses in by_script.items():
        found.append(_script_glyph_problem(spec, script, uses) if len(uses) > 1 else glyph_problem(*uses[0]))
    return found


def script_of(char: str) -> str:
    """The script a character belongs to, as Unicode names it ("ARMENIAN CAPITAL LETTER AYB" → "Armenian")."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].title() if name else f"U+{ord(char):04X}"


def _script_glyph_problem(spec: LayoutSpec, script: str, uses: list[tuple[Text, set[str]]]) -> Diagnostic:
    """One diagnostic for a script the fonts lack, at its first text, naming every text in its data (status
    lists the keys): a missing script is one problem, not one line per text."""
    chars = sorted(set().union(*(chars for _text, chars in uses)))
    shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in chars[:8]) + (", …" if len(chars) > 8 else "")
    text = uses[0][0]
    keys = "\n".join(f"{t.key}\t{t.source.file}\t{t.source.line or 0}\t{''.join(sorted(c))}" for t, c in uses)
    return text.source.error(
        text.key, T("the layout's fonts have no {script} letters ({chars}), used in {count} texts (first here)",
                    script=script, chars=shown, count=len(uses)),
        T("add a font set for {script} script under 'fonts: fallback:' in {layout}, or replace the characters",
          script=script, layout=spec.shown), code=GLYPH, data=(("chars", "".join(chars)), ("texts", keys)))


def script_diagnostics(texts: Texts, region: Region | None = None) -> list[Diagnostic]:
    """Scripts kaartgen cannot set correctly yet (right-to-left, shaping, word breaks without spaces), once per
    script, at the first text that uses it, with how many texts do: refused by name, never printed wrong. A script
    that comes from a region's value (a note in Chinese) is blamed on the region file's line, as missing glyphs are."""
    found = []
    blamed: set[str] = set()
    if region is not None:
        for key, wording, source in _inserted(region, texts.lang):
            for script, needs in unsupported_scripts(wording).items():
                if source.file and script not in blamed:
                    blamed.add(script)
                    found.append(source.error(key, T("{script} script needs {needs}, which kaartgen cannot set yet: "
                                                     "it would print wrong", script=script, needs=needs),
                                              T("write this value in a script kaartgen sets, or leave it out"),
                                              code=SCRIPT, data=(("script", script),)))
    first: dict[str, tuple[Text, str]] = {}
    keys: dict[str, set[str]] = {}
    for text in texts.all_texts():
        for script, needs in unsupported_scripts(text.plain).items():
            if script in blamed:
                continue
            first.setdefault(script, (text, needs))
            keys.setdefault(script, set()).add(text.key)
    for script, (text, needs) in first.items():
        found.append(text.source.error(
            text.key, T("{script} script (in {count} of the texts in language '{lang}', first here) needs {needs}, "
                        "which kaartgen cannot set yet: it would print wrong", script=script, count=len(keys[script]),
                        lang=texts.lang, needs=needs),
            T("leave this language out of print builds until kaartgen supports the script"), code=SCRIPT,
            data=(("script", script),)))
    return found


def _inserted(region: Region, lang: str) -> list[tuple[str, str, SourceRef]]:
    """The region's values and note as inserted into texts by placeholders, with where each is written."""
    inserted = [(name, value.text, value.source) for name, value in region.values.items()]
    if region.note is not None:
        inserted.append(("note", region.note.for_lang(lang)[0], region.note.source))
    return inserted


def length_diagnostics(spec: LayoutSpec, texts: Texts) -> list[Diagnostic]:
    """Texts longer than their style allows (``max_chars``: the regional note has a limited place)."""
    found = []
    for block in texts.blocks.values():
        style = spec.styles.get(block.style)
        if style is None or not style.max_chars:
            continue
        for text in block.texts:
            length = len(text.plain)
            if length > style.max_chars:
                found.append(text.source.error(text.key, f"{length} characters; layout '{spec.name}' has room for "
                                               f"{style.max_chars} here", "shorten the text", code=LENGTH))
    return found


LINES = "lines"  # the code of a too-many-lines diagnostic


def line_diagnostics(spec: LayoutSpec, fitted: Fit) -> list[Diagnostic]:
    """Texts that take more lines than their style allows (``max_lines``: a heading of four lines is a design
    fault, even where the panel has the room), counted as set at the fitted body size; a text continued in the
    next panel counts all its lines."""
    found = []
    for count, chunk in too_many_lines(spec, fitted.results):
        style = spec.styles[chunk.style]
        found.append(chunk.source.error(
            chunk.key, T("takes {count} lines in layout '{layout}'; the layout gives this {style} at most "
                         "{most}", count=count, layout=spec.name, style=style.name, most=style.max_lines),
            T("shorten the text (the translation template's max-size flag and 'kaartgen i18n status' "
              "show the room)"), code=LINES))
    return found


def effective_ppi(pixels: tuple[int, int], width_pt: float, height_pt: float) -> float:
    """Pixels per inch at the placed size (the smaller of both directions)."""
    return min(pixels[0] / (width_pt / 72.0), pixels[1] / (height_pt / 72.0))


def picture_diagnostic(picture: Picture, allow_low_res: bool) -> Diagnostic | None:
    """Print logos below 150 ppi at their placed size are errors (unless allowed); below 300 ppi warnings."""
    width_pt, height_pt = picture.rect.w, picture.rect.h
    ppi = effective_ppi(picture.pixels, width_pt, height_pt)
    size = f"{width_pt * 25.4 / 72:.0f}×{height_pt * 25.4 / 72:.0f} mm"
    need = f"{round(width_pt / 72 * PRINT_PPI_WARN)}×{round(height_pt / 72 * PRINT_PPI_WARN)} px"
    if ppi < PRINT_PPI_FAIL and not allow_low_res:
        w, h = picture.pixels
        return picture.source.error(
            "logos", f"{picture.shown}: {ppi:.0f} ppi at the printed size ({w}×{h} px on {size}); print needs at "
                     f"least {PRINT_PPI_FAIL:.0f}, better {PRINT_PPI_WARN:.0f} ppi",
            f"send {need}, or build with --allow-low-res", code="resolution")
    if ppi < PRINT_PPI_WARN:
        return picture.source.warning("logos", f"{picture.shown}: {ppi:.0f} ppi at the printed size",
                                      f"{PRINT_PPI_WARN:.0f} ppi, {need}, prints sharper", code="resolution")
    return None


def picture_diagnostics(plan: Plan, allow_low_res: bool) -> list[Diagnostic]:
    """The resolution of every logo of a print plan (screen editions are downsampled anyway)."""
    if plan.colour_model != "cmyk":
        return []
    found = (picture_diagnostic(item, allow_low_res) for item in plan.items(Picture))
    return list(dict.fromkeys(d for d in found if d is not None))


def contrast_diagnostics(plan: Plan, spec: LayoutSpec) -> list[Diagnostic]:
    """Every text run against what is painted under it (a panel's background, a band, a badge, else the paper),
    as the colours appear — print CMYK through the output profile to sRGB — by WCAG 2.x: 4.5:1 for text, 3:1 for
    large text and for marks that are not words. One warning per text colour and background, with the lowest
    ratio found and where."""
    seen = cmyk_to_rgb if plan.colour_model == "cmyk" else (lambda colour: colour)
    worst: dict[tuple[str, str, float], tuple[float, TextRun]] = {}
    for page in plan.pages:
        painted: list[Box | Circle] = []
        for item in page.items:
            if isinstance(item, Box | Circle):
                painted.append(item)
                continue
            if not isinstance(item, TextRun) or item.colour == REGISTRATION or not item.text.strip():
                continue
            x = item.x + (item.width or item.size * 0.5 * len(item.text)) / 2
            y = item.y + item.size * 0.35
            under = next((shape for shape in reversed(painted) if _covers(shape, x, y)), None)
            background = under.colour if under is not None else ""
            ratio = contrast_ratio(seen(plan.colours[item.colour]),
                                   seen(plan.colours[background]) if background else (1.0, 1.0, 1.0))
            need = LARGE_CONTRAST if _large(item) or not any(c.isalnum() for c in item.text) else TEXT_CONTRAST
            key = (item.colour, background, need)
            if ratio < need and (key not in worst or ratio < worst[key][0]):
                worst[key] = (ratio, item)
    found = []
    for (colour, background, need), (ratio, item) in worst.items():
        on = T("on '{background}'", background=background) if background else T("on the paper")
        where = f"'{item.key}'" + (f" ({item.source})" if item.source.file else "")
        found.append(problem(
            spec.shown, None, f"colours.{colour}",
            T("'{colour}' text {on} has a contrast of {ratio}:1, readers need at least {need}:1 ({size} pt, "
              "e.g. \"{text}\" of {where})", colour=colour, on=on, ratio=f"{ratio:.1f}", need=f"{need:g}",
              size=f"{round(item.size, 1):g}", text=item.text[:30], where=where),
            T("make '{colour}' darker or its background lighter in the layout's colours", colour=colour),
            severity=WARNING, code=CONTRAST, data=(("ratio", round(ratio, 2)), ("needed", need))))
    return found


def _covers(shape: Box | Circle, x: float, y: float) -> bool:
    if isinstance(shape, Circle):
        return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2
    rect = shape.rect
    return rect.x <= x <= rect.right and rect.y <= y <= rect.top


def _large(run: TextRun) -> bool:
    """WCAG's large text: 18 pt, or 14 pt bold."""
    return run.size >= 18 or (run.size >= 14 and "bold" in run.face)


def qr_diagnostics(plan: Plan, spec: LayoutSpec) -> list[Diagnostic]:
    """Every QR code scans: modules of at least 0.4 mm, and 4 modules of clear space on every side with nothing
    printed in it (text, another picture or code, a rule; the background it sits on is fine)."""
    found = []
    for page in plan.pages:
        codes = [item for item in page.items if isinstance(item, QRCode)]
        for code in codes:
            module = to_mm(code.module)
            where = f"{code.data[:40]}, {to_mm(code.rect.w):.0f} mm"
            if module < MIN_QR_MODULE_MM - 1e-9:
                found.append(problem(spec.shown, None, "flows", T(
                    "the QR code ({where}) has modules of {module} mm; phones need at least {need} mm",
                    where=where, module=f"{module:.2f}", need=f"{MIN_QR_MODULE_MM:g}"), T(
                    "make it at least {size} mm (size: in the layout's qr entry), or shorten the address",
                    size=f"{MIN_QR_MODULE_MM * code.count:.0f}"), code=QR))
            q = QR_QUIET_MODULES * code.module
            zone = Rect(code.rect.x - q, code.rect.y - q, code.rect.w + 2 * q, code.rect.h + 2 * q)
            crowding = [item for item in page.items if item is not code and _intrudes(item, zone, code.rect)]
            if crowding:
                found.append(problem(spec.shown, None, "flows", T(
                    "the QR code ({where}) needs {modules} modules ({mm} mm) of clear space on every side; "
                    "{what} is printed in it", where=where, modules=QR_QUIET_MODULES, mm=f"{to_mm(q):.1f}",
                    what=_described(crowding[0])), T("give the QR code more room in the layout"), code=QR))
    return found


def _intrudes(item: object, zone: Rect, code: Rect) -> bool:
    """Whether `item` prints inside a QR code's clear space (a box it sits on, wholly around it, does not)."""
    if isinstance(item, TextRun):
        width = item.width or item.size * 0.5 * len(item.text)
        box = Rect(item.x, item.y - item.size * 0.25, width, item.size * 0.95)  # descenders to cap height
    elif isinstance(item, Box):
        r = item.rect
        if r.x <= zone.x and r.y <= zone.y and r.right >= zone.right and r.top >= zone.top:
            return False  # the background
        box = r
    elif isinstance(item, Picture | QRCode):
        box = item.rect
    else:
        return False
    return box.x < zone.right and box.right > zone.x and box.y < zone.top and box.top > zone.y


def _described(item: object) -> str:
    if isinstance(item, TextRun):
        return f"\"{item.text[:30]}\""
    return T("a picture") if isinstance(item, Picture) else T("another QR code") if isinstance(item, QRCode) \
        else T("a coloured area")
