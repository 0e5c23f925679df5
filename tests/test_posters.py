"""Posters designed for distance (issue 16): body sizes per sheet, phone numbers at twice the body size on a line
of their own, a chosen part of the text (a selection of a list, the posters' own wordings), contact cards that
never split, columns that end level; and the layout data that does it, each mistake refused by name."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from kaartgen import DataError, KaartgenError
from kaartgen.layout.compose import Chunk
from kaartgen.layout.flow import balanced, flow_into
from kaartgen.layout.linebreak import Line
from kaartgen.model.diagnostics import SourceRef
from kaartgen.model.geometry import Rect, mm
from kaartgen.model.layout import Panel
from kaartgen.model.plan import TextRun
from kaartgen.pipeline.inputs import Inputs

from conftest import FICTIONAL, REPO, plan_of

POSTERS = {"poster-a2": 24.0, "poster-a3": 16.0, "poster-a4": 12.0}  # the body size each must reach at least
PHONE = re.compile(r"\d{2,4}-\d{4,8}")

def runs(plan) -> list[TextRun]:
    return [item for page in plan.pages for item in page.items if isinstance(item, TextRun)]


@pytest.mark.parametrize("layout", sorted(POSTERS))
def test_a_posters_body_text_is_set_for_its_reading_distance(layout):
    plan = plan_of(REPO, layout, draft=False)
    body = [run.size for run in runs(plan) if run.key.split(".")[0] in ("signals", "poster_steps")]
    assert body and min(body) >= POSTERS[layout]


@pytest.mark.parametrize("layout", sorted(POSTERS))
def test_every_phone_number_on_a_poster_is_twice_the_body_size_on_a_line_of_its_own(layout):
    plan = plan_of(REPO, layout, draft=False)
    all_runs = runs(plan)
    body = min(run.size for run in all_runs if run.key.startswith("signals."))
    numbers = [run for run in all_runs if PHONE.search(run.text)]
    assert {"06-11414026", "0800-2000", "0900-8844"} <= {run.text.strip() for run in numbers}
    for run in numbers:
        assert run.size >= 2 * body - 1e-6, (run.text, run.size, body)
        same_line = [r for r in all_runs if abs(r.y - run.y) < 0.5 and abs(r.x - run.x) < mm(150) and r is not run]
        assert not same_line, (run.text, [r.text for r in same_line])  # nothing else on the number's line
        assert run.link and run.link.startswith("tel:")


def test_a_poster_sets_its_chosen_signals_in_its_order_and_its_own_steps():
    spec = Inputs(REPO).layout("poster-a2")
    chosen = next(entry.items for flow in spec.flows for entry in flow.entries if entry.key == "signals")
    plan = plan_of(REPO, "poster-a2", draft=False)
    keys = list(dict.fromkeys(run.key for run in runs(plan) if run.key.startswith("signals.")))
    assert keys == [f"signals.{item}" for item in chosen] and 5 <= len(chosen) < 18
    steps = list(dict.fromkeys(run.key for run in runs(plan) if run.key.startswith(("steps.", "poster_steps."))))
    assert steps == [f"poster_steps.{k}" for k in ("map_signals", "consult", "talk", "weigh", "report")]
    assert not any(PHONE.search(run.text) for run in runs(plan) if run.key.startswith("poster_steps."))


def test_a_contact_card_moves_on_whole_and_the_columns_end_level(workspace: Path):
    (workspace / "content/regions/zuidpunt.yaml").write_text(FICTIONAL["zuidpunt"], encoding="utf-8")  # two cards
    plan = plan_of(workspace, "poster-a2", region="zuidpunt", draft=False)
    spec = Inputs(workspace).layout("poster-a2")
    columns = [spec.panels["contacts-1"], spec.panels["contacts-2"]]
    where: dict[str, set[str]] = {}
    for run in runs(plan):
        if run.key.startswith("contacts.zorgcoordinator."):
            card = ".".join(run.key.split(".")[:3])
            panel = next(p.id for p in columns if p.rect.x <= run.x < p.rect.right)
            where.setdefault(card, set()).add(panel)
    assert len(where) == 2 and all(len(panels) == 1 for panels in where.values()), where  # never split
    assert {next(iter(p)) for p in where.values()} == {"contacts-1", "contacts-2"}  # one per column


def _panel(pid: str, height: float) -> Panel:
    return Panel(pid, 0, Rect(0, 0, 100, height), Rect(0, 0, 100, height))


def _paragraph(key: str, lines: int) -> Chunk:
    return Chunk(key, SourceRef("test.yaml"), [Line([], 10, 10, 12, "ink") for _ in range(lines)], 0.0, 6.0)


def test_balance_shares_a_flow_out_so_the_columns_end_within_a_line_of_each_other():
    chunks = [_paragraph(f"p{i}", n) for i, n in enumerate((3, 2, 4, 2, 3, 2))]  # 16 lines of 12 pt, 6 pt apart
    panels = [_panel("a", 400), _panel("b", 400)]
    full = flow_into(chunks, panels)
    assert full.used["a"] > 200 and full.used["b"] == 0  # run to the foot: everything in the first column
    level = balanced(chunks, panels, full)
    deepest = max(level.used.values())
    assert level.overflow == 0 and abs(level.used["a"] - level.used["b"]) <= 4 * 12 + 6  # a paragraph at most
    assert flow_into(chunks, panels, cap=deepest - 1).overflow > 0  # and no shallower sharing fits
    placed = [p.chunk.key for pid in ("a", "b") for p in level.placed[pid]]
    assert placed == [c.key for c in chunks]  # the same text, in its order
    too_much = flow_into(chunks * 5, [_panel("a", 100), _panel("b", 100)])
    assert balanced(chunks * 5, [_panel("a", 100), _panel("b", 100)], too_much) is too_much  # an overflow stays


def test_the_gate_folds_signal_columns_end_level():
    plan = plan_of(REPO, "gatefold-a4", draft=False)
    spec = Inputs(REPO).layout("gatefold-a4")
    inside = [item for item in plan.pages[1].items if isinstance(item, TextRun)]
    lows = []
    for pid in ("signals-1", "signals-2"):
        panel = spec.panels[pid]
        lows.append(min(run.y for run in inside if panel.safe.x - 1 <= run.x < panel.safe.right))
    assert abs(lows[0] - lows[1]) <= 2 * 10 * 1.3  # the last baselines within two lines of each other


@pytest.mark.parametrize("entry, expected", [
    ("{block: signals, items: [no_id_papers, mony]}",
     "flows.0.content.0.items.1: the list 'signals' has no item 'mony' (did you mean 'money'?)"),
    ("{block: intro, items: [one]}",
     "flows.0.content.0.items: block 'intro' is a text, not a list: it has no items to choose (write 'intro' alone)"),
])
def test_a_selection_of_what_the_content_lacks_is_refused_by_name(workspace: Path, entry: str, expected: str):
    _write_poster(workspace, entry)
    with pytest.raises(DataError) as info:
        Inputs(workspace).checked_layout("signalenkaart", "test-poster")
    shown = [f"{d.key}: {d.message}" + (f" ({d.hint})" if d.hint else "") for d in info.value.diagnostics]
    assert shown == [expected]


@pytest.mark.parametrize("entry, style, expected", [
    ("{block: signals}", "marker: contacts", "flows.0.content.0.items: say which items of the list to set (list "
     "their keys, e.g. items: [no_id_papers, money], or write the block's key alone to set them all)"),
    ("{block: signals, items: [money, money]}", "marker: contacts", "flows.0.content.0.items: an item is listed "
     "twice (list each item once)"),
    ("contacts", "marker: contacts, value_style: big", "styles.contacts.value_style: no other style 'big' to set "
     "the numbers in (name a style defined under styles:, e.g. a big bold 'phone')"),
    ("intro", "value_style: body", "styles.contacts.value_style: value_style sets the numbers of a contacts list "
     "(give the style marker: contacts, or leave value_style out)"),
])
def test_a_poster_layouts_own_keys_are_checked(workspace: Path, entry: str, style: str, expected: str):
    _write_poster(workspace, entry, style)
    with pytest.raises(DataError) as info:
        Inputs(workspace).layout("test-poster")
    shown = [f"{d.key}: {d.message}" + (f" ({d.hint})" if d.hint else "") for d in info.value.diagnostics]
    assert shown == [expected]


def _write_poster(workspace: Path, entry: str, contacts_style: str = "marker: contacts, value_style: phone") -> None:
    (workspace / "layouts" / "test-poster.yaml").write_text(f"""\
description: test poster
sheet: {{width: 210mm, height: 297mm}}
fold: {{type: none}}
fonts: {{regular: NotoSans-Regular.ttf, bold: NotoSans-Bold.ttf, italic: NotoSans-Italic.ttf,
        bold_italic: NotoSans-BoldItalic.ttf}}
colours: {{ink: [0, 0, 0, 100]}}
fit: {{base: 12pt, minimum: 10pt}}
styles:
  body: {{size: 12pt}}
  lead: {{size: 12pt}}
  bullets: {{size: 12pt, marker: "•"}}
  contacts: {{size: 12pt, {contacts_style}}}
  phone: {{size: 24pt, font: bold}}
sides:
  - name: front
    panels:
      - {{id: all, box: [0mm, 0mm, 210mm, 297mm]}}
flows:
  - panels: [all]
    content: [{entry}]
""", encoding="utf-8")


def test_on_the_gate_folds_baseline_grid_every_block_starts_on_a_half_body_line():
    spec = Inputs(REPO).layout("gatefold-a4")
    plan = plan_of(REPO, "gatefold-a4", draft=False)
    step = spec.grid_step(plan.body_size)
    assert step == pytest.approx(plan.body_size * spec.styles["body"].leading / 2)
    source = Inputs(REPO).source("signalenkaart")
    checked = 0
    for pid in ("talk", "signals-1", "signals-2", "contact"):
        panel = spec.panels[pid]
        firsts: dict[str, float] = {}
        for run in plan.pages[1].items:
            if isinstance(run, TextRun) and panel.safe.x - 1 <= run.x < panel.safe.right and run.key:
                block = source.blocks.get(run.key.split(".")[0])
                first_text = block is not None and (run.key == block.key if not block.is_list
                                                    else run.key == block.items[0].key)
                if first_text and not spec.styles[block.style].fixed:  # a block's first text, not its later items
                    firsts[run.key] = max(firsts.get(run.key, run.y), run.y)  # (its first line)
        for key, y in firsts.items():
            steps = (panel.safe.top - y) / step
            assert abs(steps - round(steps)) < 0.01, (pid, key, steps)
            checked += 1
    assert checked > 10


def test_a_baseline_grid_that_is_not_one_is_refused(workspace: Path):
    path = workspace / "layouts" / "gatefold-a4.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  grid: half", "  grid: quarter"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        Inputs(workspace).layout("gatefold-a4")
    assert [f"{d.key}: {d.message} ({d.hint})" for d in info.value.diagnostics] == [
        "fit.grid: 'quarter' is not a baseline grid (write line (every text starts on a body line), half (on a "
        "half body line) or none)"]


def test_a_phone_number_too_wide_for_its_column_makes_the_text_smaller_and_is_never_cut(workspace: Path):
    """A long number at twice a grown body size is wider than the footer's column: fit sets a smaller size
    instead of cutting the digits (it used to print "0800-123456" / "7")."""
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("0800-0000", "0800-1234567"), encoding="utf-8")
    for layout in sorted(POSTERS):
        plan = plan_of(workspace, layout, region="testland", draft=False)
        numbers = [run.text for run in runs(plan) if run.link == "tel:+318001234567"]
        assert numbers and all(text.strip() == "0800-1234567" for text in numbers), (layout, numbers)
    spec_path = workspace / "layouts" / "poster-a4.yaml"  # a column too narrow for the number at any size
    text = spec_path.read_text(encoding="utf-8").replace("phone:      {font: bold, size: 24pt",
                                                         "phone:      {font: bold, size: 60pt")
    spec_path.write_text(text, encoding="utf-8")
    with pytest.raises(KaartgenError) as info:
        plan_of(workspace, "poster-a4", region="testland", draft=False)
    message = str(info.value.diagnostics[0])
    assert "'0800-1234567' (contacts.zorgcoordinator.0.phones) is wider than panel" in message
    assert "a phone number is never broken over two lines" in message and "smaller size" in message


@pytest.mark.parametrize("line, label, value", [
    ("Zorgcoördinator: 06-11414026", "Zorgcoördinator", "06-11414026"),
    ("Veilig Thuis (24/7) – 0800-2000", "Veilig Thuis (24/7)", "0800-2000"),
    ("电话：0800-2000", "电话", "0800-2000"),
    ("ስልክ፦ 0800-2000", "ስልክ", "0800-2000"),
    ("0800-2000", "", "0800-2000"),
    ("Bel ons", "Bel ons", ""),
])
def test_a_stacked_contact_splits_at_its_number_in_any_punctuation(line: str, label: str, value: str):
    from kaartgen.layout.compose import _label_and_value
    from kaartgen.model.content import Span

    head, _, number = line.rpartition(value) if value else (line, "", "")
    spans = ((Span(head),) if head else ()) + ((Span(number or value, link="tel:+318002000"),) if value else ())
    got_label, got_value = _label_and_value(spans)
    assert "".join(s.text for s in got_label) == label
    assert "".join(s.text for s in got_value) == value


@pytest.mark.parametrize("opening, closing", [("(", ")"), ("（", "）"), ("«", "»"), ("[tel. ", "]"),
                                              ("(AVIM (", "))")])
def test_a_contact_line_with_its_number_in_brackets_is_not_split(opening: str, closing: str) -> None:
    """"Veilig Thuis (0800-2000)": cutting it into label and number would leave "Veilig Thuis (" on the left and
    "0800-2000)" on the right; the line stays as written ("[tel. 0800-2000]" too). A label with its brackets
    closed ("Politie (AVIM): 0900-8844") is split as ever."""
    from kaartgen.layout.compose import _label_and_value
    from kaartgen.model.content import Span

    spans = (Span(f"Veilig Thuis {opening}"), Span("0800-2000", link="tel:+318002000"), Span(closing))
    assert _label_and_value(spans) == (spans, ())
    closed = (Span("Politie (AVIM): "), Span("0900-8844", link="tel:+319008844"))
    assert _label_and_value(closed) == ((Span("Politie (AVIM)"),), closed[1:])


def test_the_web_page_takes_a_cards_text_whichever_layouts_are_chosen():
    from kaartgen.pipeline.select import select_editions

    inputs = Inputs(REPO)
    for chosen in (["poster-a4"], ["poster-a4", "zfold-a4"], ["zfold-a4", "gatefold-a4"]):
        pages = select_editions(inputs, layouts=chosen, regions=["ijsselland"], editions=["html"])
        assert [e.layout for e in pages] == ["zfold-a4" if "zfold-a4" in chosen else "gatefold-a4"]


def test_max_lines_counts_each_number_of_a_card_on_its_own(workspace: Path):
    """voorbeeld's first card has two numbers: with `max_lines: 1` on the phone style, each takes one line."""
    spec_path = workspace / "layouts" / "poster-a2.yaml"
    text = spec_path.read_text(encoding="utf-8").replace("colour: plum, hyphenate: false}   # twice the body size",
                                                         "colour: plum, hyphenate: false, max_lines: 1}")
    assert "max_lines: 1}" in text
    spec_path.write_text(text, encoding="utf-8")
    plan = plan_of(workspace, "poster-a2", region="voorbeeld", draft=False)
    assert plan.body_size >= 20


def test_a_heading_goes_on_with_the_contact_card_it_introduces():
    heading = replace(_paragraph("heading", 2), keep_with_next=True)
    card = [_paragraph("card.label", 1), _paragraph("card.phones", 2), _paragraph("card.email", 1)]
    card[0] = replace(card[0], together=sum(c.height for c in card) + 12)
    chunks = [_paragraph("text", 10), heading, *card]
    result = flow_into(chunks, [_panel("a", 10 * 12 + 6 + 24 + 6 + 30), _panel("b", 400)])
    assert [p.chunk.key for p in result.placed["a"]] == ["text"]  # the heading did not stay behind alone
    assert [p.chunk.key for p in result.placed["b"]] == ["heading", "card.label", "card.phones", "card.email"]
    level = balanced(chunks, [_panel("a", 400), _panel("b", 400), _panel("c", 400)],
                     flow_into(chunks, [_panel("a", 400), _panel("b", 400), _panel("c", 400)]))
    homes = {p.chunk.key: pid for pid, placed in level.placed.items() for p in placed}
    assert len({homes[c.key] for c in card}) == 1  # balancing never splits a card either


@pytest.mark.parametrize("entry, expected", [
    ("{block: signals, items: []}", "flows.0.content.0.items: choose at least one item (list their keys, e.g. "
     "items: [no_id_papers, money], or write the block's key alone to set them all)"),
    ("{block: signals, items: money}", "flows.0.content.0.items: expected a list of the list's item keys, got "
     "text ('money')"),
    ("{block: signals, items: [money], space: 4mm}", "flows.0.content.0.space: a block entry takes only block: "
     "and items:, not space: (give it an entry of its own, e.g. {space: 4mm} before or after)"),
])
def test_a_selection_written_wrong_gets_one_clear_message(workspace: Path, entry: str, expected: str):
    _write_poster(workspace, entry)
    with pytest.raises(DataError) as info:
        Inputs(workspace).layout("test-poster")
    assert [f"{d.key}: {d.message}" + (f" ({d.hint})" if d.hint else "") for d in info.value.diagnostics] == [expected]


def test_the_translators_hear_where_each_item_is_printed_and_not_where_it_is_left_out(workspace: Path):
    from kaartgen.tools import i18n

    i18n.extract(workspace, "signalenkaart")
    from babel.messages.pofile import read_po

    with open(workspace / "content/signalenkaart/signalenkaart.pot", "rb") as handle:
        template = {m.context: m for m in read_po(handle) if m.context}
    chosen = " ".join(template["signals.money"].auto_comments)
    left_out = " ".join(template["signals.many_phones"].auto_comments)
    assert "Where: poster-a2" in chosen and "Where: zfold-a4" in chosen
    assert "Where: poster-a2" not in left_out and "Where: zfold-a4" in left_out


def test_a_chosen_part_of_a_numbered_list_keeps_its_numbers(workspace: Path):
    spec_path = workspace / "layouts" / "poster-a4.yaml"
    text = spec_path.read_text(encoding="utf-8")
    assert "poster_steps]" in text
    spec_path.write_text(text.replace("poster_steps]", "{block: poster_steps, items: [talk, report]}]"),
                         encoding="utf-8")
    plan = plan_of(workspace, "poster-a4", draft=False)
    badges = [(run.key, run.text) for run in runs(plan) if run.tag == "Lbl" and run.key.startswith("poster_steps")]
    assert badges == [("poster_steps.talk", "3"), ("poster_steps.report", "5")]
