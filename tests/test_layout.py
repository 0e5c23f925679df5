"""Layout: shared body size, overflow error, everything inside its panel's safe area and off the folds."""

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kaartgen import KaartgenError
from kaartgen.layout.texts import resolve
from kaartgen.load.units import parse_length
from kaartgen.model.geometry import mm, to_mm
from kaartgen.model.plan import Box, TextRun
from kaartgen.pipeline.inputs import Inputs

from conftest import LAYOUTS, REPO, plan_of


def plan_for(workspace: Path, layout: str, region: str = "ijsselland", edition: str = "print"):
    """(layout spec, body size, plan) of an edition, made by the chain."""
    inputs = Inputs(workspace)
    plan = plan_of(workspace, layout, region, edition=edition, inputs=inputs)
    return inputs.layout(layout), plan.body_size, plan


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_text_run_lies_inside_its_panels_safe_area(layout):
    spec, body_size, plan = plan_for(REPO, layout)
    assert spec.min_size <= body_size <= spec.largest_size
    for page in plan.pages:
        safes = [safe for _id, _rect, safe in page.panels]
        for item in page.items:
            if isinstance(item, TextRun):
                top = item.y + item.size * 0.8
                bottom = item.y - item.size * 0.25
                inside = [s for s in safes if s.x - 0.01 <= item.x and item.x + item.width <= s.right + 0.01
                          and s.y - 0.01 <= bottom and top <= s.top + 0.01]
                assert inside, f"{layout} {page.side}: {item.text!r} at ({item.x:.1f}, {item.y:.1f}) is outside"


@pytest.mark.parametrize("layout", ["zfold-a4", "rollfold-a4", "gatefold-a4"])
def test_nothing_is_printed_within_4mm_of_a_fold(layout):
    _spec, _size, plan = plan_for(REPO, layout)
    for page in plan.pages:
        assert page.folds
        for item in page.items:
            if isinstance(item, TextRun):
                for fold in page.folds:
                    assert item.x + item.width <= fold - mm(4) or item.x >= fold + mm(4), item.text


def test_all_panels_of_a_card_share_one_body_size_the_largest_that_fits(workspace: Path):
    spec, body_size, _plan = plan_for(workspace, "zfold-a4")
    assert spec.base_size < body_size <= spec.largest_size  # the reference text is short: it grows to fill
    # Make one panel's text much longer: the whole card shrinks together, to the largest size that fits.
    nl = workspace / "content/signalenkaart/nl.yaml"
    text = nl.read_text()
    nl.write_text(text.replace("      sincere: Oprecht\n", "      sincere: Oprecht\n" + "".join(
        f"      extra_{i}: Een extra regel met wat tekst om dit paneel te vullen en de kaart te laten krimpen\n"
        for i in range(12))))
    spec, body_size, plan = plan_for(workspace, "zfold-a4")
    assert spec.min_size <= body_size < spec.base_size
    assert (body_size - spec.min_size) % spec.step == 0
    body_sizes = {item.size for page in plan.pages for item in page.items
                  if isinstance(item, TextRun) and item.colour == "ink" and item.face == "regular"
                  and item.key != "edition_line"}  # the edition line keeps its small size
    assert body_sizes == {body_size}
    # One step larger does not fit: it really is the largest.
    from kaartgen.layout.compose import Composer
    from kaartgen.layout.flow import flow_into
    inputs = Inputs(workspace)
    region = inputs.region("ijsselland")
    composer = Composer(spec, resolve(inputs.source("signalenkaart"), region), inputs.measure("zfold-a4"),
                        region.values)
    larger = body_size + spec.step
    overflows = []
    for flow in spec.flows:
        panels = [spec.panels[p] for p in flow.panels]
        overflows.append(flow_into(composer.chunks(flow, min(p.safe.w for p in panels), larger), panels).overflow)
    assert max(overflows) > 0


def test_far_too_much_text_fails_naming_layout_language_region_panel_and_amount(workspace: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    nl.write_text(nl.read_text().replace("      sincere: Oprecht\n", "      sincere: Oprecht\n" + "".join(
        f"      extra_{i}: Nog een lange regel tekst die nergens meer past op deze kaart, hoe klein ook\n"
        for i in range(80))))
    with pytest.raises(KaartgenError) as info:
        plan_for(workspace, "zfold-a4")
    [diagnostic] = info.value.diagnostics
    assert diagnostic.code == "fit" and diagnostic.file == "layouts/zfold-a4.yaml"
    message = str(info.value)
    assert "layout 'zfold-a4'" in message and "language nl" in message and "region ijsselland" in message
    assert "panel 'talk' overflows by" in message and " mm" in message and "lines" in message


def test_print_backgrounds_that_touch_the_trim_run_into_the_bleed():
    spec, _size, plan = plan_for(REPO, "zfold-a4")
    cover_box = next(i for i in plan.pages[0].items if isinstance(i, Box) and i.colour == "plum")
    assert cover_box.rect.right == pytest.approx(spec.trim_w + spec.bleed)
    assert cover_box.rect.y == pytest.approx(-spec.bleed)
    # the fold side does not bleed: it runs on past the fold by the layout's colour_past_fold, no more
    assert cover_box.rect.x == pytest.approx(spec.panels["cover"].rect.x - spec.colour_past_fold)
    _spec, _size, screen = plan_for(REPO, "zfold-a4", edition="screen")  # one page per panel: the cover first
    assert screen.pages[0].side == "cover" and screen.pages[0].size == pytest.approx((mm(99), mm(210)))
    cover_box = next(i for i in screen.pages[0].items if isinstance(i, Box) and i.colour == "plum")
    assert (cover_box.rect.x, cover_box.rect.right) == pytest.approx((0, mm(99)))


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=2))
def test_lengths_in_mm_and_cm_are_the_same(value):
    assert parse_length(f"{value}mm") == pytest.approx(parse_length(f"{value / 10}cm"))


def test_panels_sum_to_the_sheet_width():
    for layout in ("zfold-a4", "rollfold-a4"):
        spec, _size, _plan = plan_for(REPO, layout)
        assert sum(spec.fold_widths) == pytest.approx(spec.trim_w)
        for side in range(2):
            widths = [p.rect.w for p in spec.panels.values() if p.side == side]
            assert sum(widths) == pytest.approx(spec.trim_w)
    spec, _size, _plan = plan_for(REPO, "rollfold-a4")
    assert [round(w / mm(1), 2) for w in spec.side_widths(1)] == [100, 100, 97]  # inside: narrow panel folds in


def test_phone_numbers_are_never_split_across_lines(workspace: Path):
    """In Bulgarian, step 4 ends with '(06-11414026).' right at a line end: it must move whole."""
    inputs = Inputs(workspace)
    region = inputs.region("ijsselland")
    phones = {v.text for v in region.values.values() if v.kind == "phone"}
    for lang in ("nl", "en", "pl", "bg"):
        for layout in LAYOUTS:
            plan = plan_of(workspace, layout, lang=lang, inputs=inputs)
            runs = [i.text for page in plan.pages for i in page.items if isinstance(i, TextRun)]
            for run in runs:
                for phone in phones:
                    head = phone.partition("-")[0]
                    assert not run.endswith(f"{head}-"), (lang, layout, run)


def test_an_accent_rule_sits_under_the_cover_subject_inside_the_safe_area():
    spec, _size, plan = plan_for(REPO, "zfold-a4")
    cover = spec.panels["cover"]
    rules = [i for i in plan.pages[0].items if isinstance(i, Box) and i.colour == "rose"]
    assert len(rules) == 1 and cover.safe.contains(rules[0].rect)
    assert rules[0].rect.w == pytest.approx(mm(16)) and rules[0].rect.h == pytest.approx(mm(1.2))
    subject = [i for i in plan.pages[0].items if isinstance(i, TextRun) and i.key == "cover_subtitle"]
    assert rules[0].rect.top < min(run.y for run in subject)  # below the subject's last line


def test_a_rule_in_an_unknown_colour_is_refused(workspace: Path):
    from kaartgen import DataError
    from kaartgen.load.layouts import load_layout
    layout = workspace / "layouts/zfold-a4.yaml"
    layout.write_text(layout.read_text().replace("{rule: rose,", "{rule: roze,"))
    with pytest.raises(DataError,
                       match=r"layouts/zfold-a4.yaml:\d+: error: flows.0.content.3.rule: unknown colour 'roze'"):
        load_layout(workspace, "zfold-a4")


def test_a_short_text_grows_no_further_than_its_lines_allow(workspace: Path):
    """Above the base size a size only fits when no text then takes more lines than its style allows: the
    z-fold's headings (at most 3 lines) stop the growth before the panels would."""
    layout = workspace / "layouts/zfold-a4.yaml"
    layout.write_text(layout.read_text().replace("maximum: 10pt", "maximum: 14pt"))
    spec, body_size, _plan = plan_for(workspace, "zfold-a4")
    assert spec.largest_size == 14.0 and body_size < 14.0
    from kaartgen.layout.checks import line_diagnostics
    from kaartgen.layout.fit import Fit
    assert not line_diagnostics(spec, Fit(body_size, ()))


def test_no_paragraph_ends_in_a_runt():
    """No last line of a paragraph is one short word or fragment ("uur.", the "tel" of "sleu-tel") when one more
    word could keep it company without an extra line."""
    from kaartgen.layout.linebreak import RUNT
    for layout in ("zfold-a4", "rollfold-a4", "gatefold-a4", "poster-a3", "poster-a2"):
        _spec, _size, plan = plan_for(REPO, layout)
        for page in plan.pages:
            by_block: dict[str, list[TextRun]] = {}
            for item in page.items:
                if isinstance(item, TextRun) and item.key and item.width:
                    by_block.setdefault(item.key, []).append(item)
            for key, runs in by_block.items():
                lines: dict[float, list[TextRun]] = {}
                for run in runs:
                    lines.setdefault(round(run.y, 1), []).append(run)
                ordered = ["".join(r.text if not n or r.x - (prev.x + prev.width) < 0.5 else " " + r.text
                                   for n, (prev, r) in enumerate(zip([None, *row[:-1]], row, strict=True)))
                           for row in (sorted(lines[y], key=lambda r: r.x) for y in sorted(lines, reverse=True))]
                if len(ordered) >= 2 and " " in ordered[-2]:
                    last = ordered[-1]
                    assert not (len(last) < RUNT and " " not in last), (layout, key, ordered[-2:])


@pytest.mark.parametrize("layout", ["zfold-a4", "rollfold-a4", "gatefold-a4"])
def test_a_dark_background_runs_past_its_fold_onto_the_lighter_panel(layout):
    """The cover's colour ends 1.5 mm beyond each fold it meets, so a fold half a millimetre off leaves no light
    sliver on the folded edge; it is drawn after the paler backgrounds (so it shows), and no text comes near."""
    spec, _size, plan = plan_for(REPO, layout)
    wrap = spec.colour_past_fold
    assert wrap == pytest.approx(mm(1.5))
    plums = 0
    for page in plan.pages:
        boxes = [i for i in page.items if isinstance(i, Box)]
        for box in (b for b in boxes if b.colour == "plum"):
            plums += 1
            meets = [f for f in page.folds if box.rect.x - wrap - 0.01 <= f <= box.rect.right + wrap + 0.01]
            past = [f for f in page.folds if abs(box.rect.x - (f - wrap)) < 0.01 or abs(box.rect.right - (f + wrap))
                    < 0.01]
            assert meets and past == meets, (page.side, [to_mm(f) for f in meets])
            assert all(boxes.index(o) < boxes.index(box) for o in boxes if o.colour in ("tint", "blush"))
        for run in (i for i in page.items if isinstance(i, TextRun)):
            for fold in page.folds:
                assert run.x + run.width <= fold - mm(4) or run.x >= fold + mm(4)
    assert plums


def test_colour_past_a_fold_is_limited(workspace: Path):
    from kaartgen.load.layouts import load_layout
    path = workspace / "layouts/zfold-a4.yaml"
    path.write_text(path.read_text().replace("colour_past_fold: 1.5mm", "colour_past_fold: 5mm"))
    with pytest.raises(KaartgenError) as info:
        load_layout(workspace, "zfold-a4")
    assert "fold.colour_past_fold" in str(info.value) and "at most 3 mm" in str(info.value)


def test_a_lists_short_last_item_never_starts_a_panel_alone():
    """Three list items, two panels with room for just over two: without the rule the last bullet would open the
    second panel on its own; with it, the second item goes along."""
    from kaartgen.layout.compose import Chunk
    from kaartgen.layout.flow import flow_into
    from kaartgen.layout.linebreak import Line
    from kaartgen.model.diagnostics import SourceRef
    from kaartgen.model.geometry import Rect
    from kaartgen.model.layout import Panel

    def item(key: str, lines: int, keep: bool = False) -> Chunk:
        return Chunk(key, SourceRef("x"), [Line([], 10.0, 10.0, 12.0, "ink") for _ in range(lines)], 0.0, 0.0,
                     keep_with_next=keep, item=True)

    panels = [Panel(pid, 0, Rect(0, 0, 100, 55), Rect(0, 0, 100, 55)) for pid in ("a", "b")]
    loose = flow_into([item("l.1", 2), item("l.2", 2), item("l.3", 1)], panels)
    assert [p.chunk.key for p in loose.placed["b"]] == ["l.3"]  # what the rule prevents
    kept = flow_into([item("l.1", 2), item("l.2", 2, keep=True), item("l.3", 1)], panels)
    assert [p.chunk.key for p in kept.placed["b"]] == ["l.2", "l.3"] and kept.overflow == 0
    # compose sets it: the item before a list's short last item keeps with it
    from kaartgen.pipeline.inputs import Inputs
    inputs = Inputs(REPO)
    spec = inputs.layout("zfold-a4")
    from kaartgen.layout.compose import Composer
    composer = Composer(spec, resolve(inputs.source("signalenkaart"), inputs.region("ijsselland")),
                        inputs.measure("zfold-a4"), inputs.region("ijsselland").values)
    chunks = composer.block_chunks(composer.texts.blocks["helps"], mm(80), 9.0)
    assert [c.keep_with_next for c in chunks][-2:] == [True, False] and not any(c.keep_with_next for c in chunks[:-2])


def test_the_runt_rule_moves_a_word_down_whole_and_never_adds_a_hyphen():
    """English z-fold: greedy sets "…passport or identity" / "card"; the rule must bring "identity" down whole,
    not make "iden-" / "tity card"."""
    english = plan_of(REPO, "zfold-a4", lang="en")
    lines = [r.text for p in english.pages for r in p.items
             if isinstance(r, TextRun) and r.key == "signals.no_id_papers"]
    assert "identity card" in " ".join(lines) and not any(line.endswith("iden-") for line in lines)


def test_the_size_grid_runs_from_the_base_size():
    """A maximum off the base's grid (9 + 0.6 with 0.25 steps) never takes the base size off the grid."""
    from dataclasses import replace as copy

    from kaartgen.layout.fit import fit
    inputs = Inputs(REPO)
    spec = copy(inputs.layout("zfold-a4"), max_size=9.6)
    region = inputs.region("ijsselland")
    fitted = fit(spec, resolve(inputs.source("signalenkaart"), region), region.values, inputs.measure("zfold-a4"))
    assert fitted.body_size == 9.5 and (fitted.body_size - spec.base_size) % spec.step == 0
