"""Colour contrast (issue 16) and the screen edition's true colours (issue 17).

- Screen colours are the print CMYK through the FOGRA39 profile to sRGB (relative colorimetric): the printed
  plum is about #6B2F61 on screen, not the naive formula's violet.
- Every text run is checked against what is painted under it, as the colours appear, by WCAG 2.x (4.5:1 for
  text, 3:1 for large text and for marks that are not words): a layout colour too light is a warning at the
  layout's colour, with the ratio, the text and where it comes from. The shipped layouts pass.
- Measured in rendered pixels: every word of every screen edition reaches 4.5:1 against its own background.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kaartgen import Options, build
from kaartgen.backends.colour import cmyk_to_rgb, contrast_ratio
from kaartgen.backends.raster import rasterise
from kaartgen.layout.checks import CONTRAST, TEXT_CONTRAST, contrast_diagnostics
from kaartgen.model.plan import TextRun
from kaartgen.pipeline.inputs import Inputs

from conftest import REPO, plan_of

LAYOUTS = sorted(p.stem for p in (REPO / "layouts").glob("*.yaml"))


def _hex(rgb: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(v * 255):02X}" for v in rgb)


def test_wcag_contrast_ratio_of_known_pairs():
    assert contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast_ratio((1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    assert contrast_ratio((0x77 / 255,) * 3, (1, 1, 1)) == pytest.approx(4.48, abs=0.01)  # the classic #777


def test_screen_colours_come_through_the_print_profile():
    assert _hex(cmyk_to_rgb((0.55, 0.95, 0.15, 0.35))) == "#6B2F61"  # the plum as printed (naive: #4B088D)
    assert _hex(cmyk_to_rgb((0, 0, 0, 0))) == "#FFFFFF"  # paper white is screen white
    red, green, blue = cmyk_to_rgb((0, 0, 0, 1))
    assert 0.1 < red < 0.2 and abs(red - green) < 0.02 and abs(green - blue) < 0.02  # 100 K is a deep neutral grey


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("edition", ["print", "screen"])
def test_the_shipped_layouts_reach_wcag_aa(layout, edition):
    plan = plan_of(REPO, layout, edition=edition)
    assert contrast_diagnostics(plan, Inputs(REPO).layout(layout)) == []


def _with_colour(workspace: Path, layout: str, name: str, cmyk: str) -> None:
    path = workspace / "layouts" / f"{layout}.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(rf"^  {name}: \[[^\]]*\]", f"  {name}: {cmyk}", text, flags=re.M)
    assert count == 1
    path.write_text(text, encoding="utf-8")


def test_a_colour_too_light_is_named_with_its_ratio_text_and_place(workspace: Path):
    _with_colour(workspace, "zfold-a4", "rose", "[0, 75, 20, 0]")  # the pink of the first cards: 3.1:1 on white
    found = contrast_diagnostics(plan_of(workspace, "zfold-a4"), Inputs(workspace).layout("zfold-a4"))
    assert {(d.file, d.key, d.code, d.severity.value) for d in found} == {
        ("layouts/zfold-a4.yaml", "colours.rose", CONTRAST, "warning")}
    by_background = {d.message.split(" has ")[0]: d for d in found}
    paper = by_background["'rose' text on the paper"]
    assert "3.1:1, readers need at least 4.5:1" in paper.message and "content/signalenkaart/nl.yaml:" in paper.message
    tint = by_background["'rose' text on 'tint'"]
    assert "2.7:1" in tint.message and "action_dont_avoid" in tint.message  # the call to action
    assert "darker" in paper.hint


def test_check_and_build_report_it_and_still_build(workspace: Path, tmp_path: Path):
    _with_colour(workspace, "zfold-a4", "rose", "[0, 40, 10, 0]")  # subheadings in a pale pink
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path / "out",
                   options=Options(record=False))
    assert report.ok
    warnings = [d for d in report.results[0].warnings if d.code == CONTRAST]
    assert warnings and all(d.key == "colours.rose" for d in warnings)


def test_large_text_and_bullets_need_three_to_one(workspace: Path):
    # 3.3:1 on the paper: enough for the 22 pt title style and for bullets, not for 9 pt text
    _with_colour(workspace, "zfold-a4", "rose", "[0, 70, 20, 5]")
    plan = plan_of(workspace, "zfold-a4")
    ratio = contrast_ratio(cmyk_to_rgb((0, 0.70, 0.20, 0.05)), (1, 1, 1))
    assert 3.0 < ratio < TEXT_CONTRAST
    found = contrast_diagnostics(plan, Inputs(workspace).layout("zfold-a4"))
    bullets = [d for d in found if "\"•\"" in d.message]
    assert bullets == []  # rose bullets on the paper pass at 3:1
    assert any("helps_heading" in d.message for d in found)  # rose subheadings (9.5 pt) do not


def _word_contrast(image, run: TextRun, scale: float, height: float) -> float | None:
    """The contrast a reader sees in a run's box: its most common colour (the background) against the colour
    farthest from it (the ink at the centre of a stroke)."""
    width = run.width or run.size * 0.5 * len(run.text)
    left, right = int(run.x * scale) + 1, int((run.x + width) * scale) - 1
    top, bottom = int((height - run.y - run.size * 0.7) * scale), int((height - run.y) * scale)
    if right - left < 3 or bottom - top < 3:
        return None
    box = image.crop((left, top, right, bottom))
    colours = box.getcolors(box.width * box.height)  # (count, pixel) of every colour in the box
    _count, background = max(colours)
    back = tuple(v / 255 for v in background)
    return max(contrast_ratio(tuple(v / 255 for v in pixel), back) for _n, pixel in colours)


@pytest.mark.parametrize("layout", ["zfold-a4", "rollfold-a4", "gatefold-a4"])
def test_every_word_of_the_screen_edition_reaches_aa_in_rendered_pixels(layout, tmp_path: Path):
    plan = plan_of(REPO, layout, edition="screen")
    report = build(REPO, layouts=[layout], editions=["screen"], out_dir=tmp_path, options=Options(record=False))
    dpi = 200
    pages = rasterise(report.results[0].path, dpi=dpi)
    checked = 0
    for page, rendered in zip(plan.pages, pages, strict=True):
        for run in page.items:
            if not isinstance(run, TextRun) or not any(c.isalnum() for c in run.text) or run.size < 6:
                continue
            seen = _word_contrast(rendered.image, run, dpi / 72, plan.trim_h)
            if seen is None:
                continue
            checked += 1
            assert seen >= TEXT_CONTRAST, (run.text, run.colour, round(seen, 2))
    assert checked > 100


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour (fractions)."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb[:3])
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _delta_e(one: tuple[float, ...], other: tuple[float, ...]) -> float:
    """CIE76 ΔE between two sRGB colours."""
    return sum((a - b) ** 2 for a, b in zip(_lab(one), _lab(other), strict=True)) ** 0.5


def test_the_screen_pdf_shows_the_print_colours_within_delta_e_3(tmp_path: Path):
    """The cover and the back panel sampled from the rendered screen PDF against the layout's CMYK converted
    through FOGRA39: the naive formula's plum (#4B088D) was ΔE 30 away."""
    spec = Inputs(REPO).layout("zfold-a4")
    report = build(REPO, layouts=["zfold-a4"], editions=["screen"], out_dir=tmp_path, options=Options(record=False))
    pages = rasterise(report.results[0].path, dpi=50)
    shown = [page.side for page in plan_of(REPO, "zfold-a4", edition="screen").pages]  # one page per panel
    for panel, colour in (("cover", "plum"), ("action", "tint")):
        image = pages[shown.index(panel)].image
        pixel = image.getpixel((image.width // 2, 6))
        seen = tuple(v / 255 for v in pixel)
        assert _delta_e(seen, cmyk_to_rgb(spec.colours[colour])) < 3, (panel, pixel)
    naive = (0.45 * 0.65, 0.05 * 0.65, 0.85 * 0.65)  # what the naive formula made of the plum
    assert _delta_e(naive, cmyk_to_rgb(spec.colours["plum"])) > 10
