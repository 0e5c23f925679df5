"""Layout data rules: the fold table, colour bands, panel columns and ids, each with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaartgen import DataError
from kaartgen.load.layouts import FOLDS, load_layout
from kaartgen.model.geometry import mm
from kaartgen.model.plan import Box, TextRun

from conftest import REPO, plan_of

CARD = """\
description: test card
sheet: {{width: {width}, height: 100mm}}
safe: 5mm
fold: {{type: {fold}, panels: [{panels}]}}
fonts: {{regular: NotoSans-Regular.ttf, bold: NotoSans-Bold.ttf, italic: NotoSans-Italic.ttf,
        bold_italic: NotoSans-BoldItalic.ttf}}
colours: {{ink: [0, 0, 0, 100]}}
fit: {{base: 9pt, minimum: 7pt}}
styles:
  body: {{size: 9pt}}
sides:
  - name: outside
    panels: [{outside}]
  - name: inside
    panels: [{inside}]
flows: []
"""


def write_card(workspace: Path, fold: str, panels: list[str], name: str = "test-card") -> Path:
    width = f"{sum(float(p.removesuffix('mm')) for p in panels):g}mm"
    ids = [f"{{id: p{i}}}" for i in range(len(panels))]
    inside = [f"{{id: q{i}}}" for i in range(len(panels))]
    path = workspace / "layouts" / f"{name}.yaml"
    path.write_text(CARD.format(width=width, fold=fold, panels=", ".join(panels), outside=", ".join(ids),
                                inside=", ".join(inside)), encoding="utf-8")
    return path


def messages(workspace: Path, name: str = "test-card") -> list[str]:
    with pytest.raises(DataError) as info:
        load_layout(workspace, name)
    return [f"{d.key}: {d.message}" + (f" ({d.hint})" if d.hint else "") for d in info.value.diagnostics]


def test_the_fold_table_names_every_fold_type():
    assert set(FOLDS) == {"none", "half", "z", "roll", "gate"}


@pytest.mark.parametrize("fold, panels", [
    ("half", ["70mm", "70mm"]), ("z", ["70mm"] * 3), ("roll", ["68mm", "70mm", "70mm"]),
    ("roll", ["68mm", "70mm", "70mm", "70mm"]), ("gate", ["35mm", "70mm", "35mm"]),
])
def test_each_fold_type_loads_and_mirrors_its_panels_on_the_inside(workspace: Path, fold, panels):
    write_card(workspace, fold, panels)
    spec = load_layout(workspace, "test-card")
    assert spec.fold_type == fold and len(spec.folds(0)) == len(panels) - 1
    outside = [round(p.rect.w / mm(1), 2) for p in spec.panels.values() if p.side == 0]
    inside = [round(p.rect.w / mm(1), 2) for p in spec.panels.values() if p.side == 1]
    assert inside == list(reversed(outside)) and sum(outside) == pytest.approx(sum(float(p[:-2]) for p in panels))


@pytest.mark.parametrize("fold, panels, expected", [
    ("half", ["70mm", "70mm", "70mm"], "fold.panels: a half fold has 2 panels, not 3"),
    ("z", ["70mm", "70mm"], "fold.panels: a z fold has 3 panels, not 2"),
    ("roll", ["70mm", "70mm"], "fold.panels: a roll fold has at least 3 panels"),
    ("roll", ["70mm", "70mm", "70mm"], "fold.panels: in a roll fold the panel that folds in first (at one end) "
                                       "must be the narrowest (make it 1.5–3 mm narrower than the others)"),
    ("gate", ["30mm", "70mm", "40mm"], "fold.panels: the two doors of a gate fold must be equally wide (make the "
                                       "two outer panels (the doors) the same width)"),
    ("accordion", ["70mm", "70mm"], "fold.type: unknown fold type 'accordion' (one of: none, half, z, roll, gate)"),
])
def test_a_fold_that_breaks_its_rule_is_refused_by_name(workspace: Path, fold, panels, expected):
    write_card(workspace, fold, panels)
    assert expected in messages(workspace)


def test_a_band_is_placed_and_bleeds_where_it_touches_the_trim(workspace: Path):
    layout = workspace / "layouts" / "poster-a3.yaml"
    text = layout.read_text(encoding="utf-8")
    assert "\nbands:" not in text
    layout.write_text(text + "\nbands:\n  - {side: 1, box: [0mm, 400mm, 297mm, 20mm], colour: rose}\n"
                             "  - {side: 1, box: [20mm, 20mm, 10mm, 10mm], colour: blush}\n", encoding="utf-8")
    plan = plan_of(workspace, "poster-a3")
    bleed = plan.bleed
    [band] = [i for i in plan.pages[0].items if isinstance(i, Box) and i.colour == "rose"
              and i.rect.w == pytest.approx(mm(297) + 2 * bleed)]
    assert band.rect.x == pytest.approx(-bleed) and band.rect.w == pytest.approx(mm(297) + 2 * bleed)
    assert band.rect.y == pytest.approx(-bleed) and band.rect.h == pytest.approx(mm(20) + bleed)  # from the top left
    [inner] = [i for i in plan.pages[0].items if isinstance(i, Box) and i.colour == "blush"
               and i.rect.w == pytest.approx(mm(10))]
    assert (inner.rect.x, inner.rect.w) == (pytest.approx(mm(20)), pytest.approx(mm(10)))  # inside: no bleed


def test_a_band_on_a_missing_side_or_in_an_unknown_colour_is_refused(workspace: Path):
    layout = workspace / "layouts" / "poster-a3.yaml"
    layout.write_text(layout.read_text(encoding="utf-8") + "\nbands:\n  - {side: 3, box: [0mm, 0mm, 1mm, 1mm], "
                      "colour: rose}\n  - {side: 1, box: [0mm, 0mm, 1mm, 1mm], colour: roze}\n", encoding="utf-8")
    found = messages(workspace, "poster-a3")
    assert "bands.0.side: there is no side 3" in found and "bands.1.colour: unknown colour 'roze'" in found


def test_the_gate_folds_centre_columns_tile_the_panel_and_keep_text_in_their_safe_areas():
    spec = load_layout(REPO, "gatefold-a4")
    left, right = spec.panels["signals-1"], spec.panels["signals-2"]
    assert left.rect.x == pytest.approx(mm(73.5)) and right.rect.right == pytest.approx(mm(223.5))
    assert left.rect.right == pytest.approx(right.rect.x)  # the columns tile the centre panel
    assert right.safe.x - left.safe.right == pytest.approx(mm(6))  # the gutter
    assert left.safe.x - mm(73.5) == pytest.approx(spec.safe)  # the fold keeps its safe margin
    back = [p for p in spec.panels.values() if p.id.startswith("back-")]
    assert [p.background_rect is not None for p in back] == [True, False]  # one tint across both columns
    plan = plan_of(REPO, "gatefold-a4")
    for page in plan.pages:
        for item in page.items:
            if isinstance(item, TextRun):
                assert any(s.x - 0.01 <= item.x and item.x + item.width <= s.right + 0.01
                           for _pid, _rect, s in page.panels), item


@pytest.mark.parametrize("panel, expected", [
    ("{id: ../x}", "sides.0.panels.0.id: '../x' is not a panel id (use lower-case letters, digits and dashes: "
                   "panel ids become file names of screenshots)"),
    ("{id: p0, columns: 9}", "sides.0.panels.0.columns: 9 columns: a panel has 1 to 6"),
    ("{id: p0, columns: 3, gutter: 10mm}", "sides.0.panels.0.columns: 3 columns of 10.7 mm are too narrow for "
                                           "text (use fewer columns or a smaller gutter (a column needs 30 mm))"),
])
def test_a_bad_panel_id_or_column_count_is_refused(workspace: Path, panel: str, expected: str):
    path = write_card(workspace, "half", ["62mm", "62mm"])
    path.write_text(path.read_text(encoding="utf-8").replace("{id: p0}", panel, 1), encoding="utf-8")
    assert expected in messages(workspace)
