"""Contact data typeset safely: e-mail and web addresses and phone numbers are never hyphenated, move to the next
line whole when they fit on one, and otherwise break only after "@" or before "." or "/", without a hyphen."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kaartgen.layout.hyphenate import hyphenator
from kaartgen.layout.linebreak import break_lines
from kaartgen.layout.measure import Measure
from kaartgen.load.layouts import load_layout
from kaartgen.model.content import Span
from kaartgen.model.plan import TextRun

from conftest import LAYOUTS, REPO, VERIFIED_ON, plan_of

LONG_EMAIL = "mensenhandel.zorgcoordinator@jeugdhulp.voorbeeldland.nl"  # 55 characters
LONG_SITE = "https://www.jeugdhulpvoorbeeldland.example/zorgcoordinator/mensenhandel"
LANGLAND = f"""\
region:
  name: Langland
contacts:
  zorgcoordinator:
    - organisation: Jeugdhulpnetwerk Langland (fictief)
      phone: 0800-0000
      email: {LONG_EMAIL}
      website: {LONG_SITE}
      verified: {{on: {VERIFIED_ON}, by: Test}}
"""


def runs_linking(plan, target: str) -> list[TextRun]:
    return [item for page in plan.pages for item in page.items if isinstance(item, TextRun) and item.link == target]


def assert_broken_safely(pieces: list[str], whole: str) -> None:
    assert "".join(pieces) == whole, pieces  # nothing added (no hyphen), nothing lost
    for before, after in itertools.pairwise(pieces):
        assert before.endswith("@") or after.startswith((".", "/")), (before, after)


def test_the_long_address_is_55_characters():
    assert len(LONG_EMAIL) == 55


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_long_e_mail_and_web_address_break_only_after_at_or_before_a_dot_or_slash(workspace: Path, layout):
    (workspace / "content/regions/langland.yaml").write_text(LANGLAND, encoding="utf-8")
    plan = plan_of(workspace, layout, "langland")
    email = runs_linking(plan, f"mailto:{LONG_EMAIL}")
    assert email, f"{layout}: the e-mail address is not on the card"
    # A layout may print the address more than once (a card and a list): each printing is a run of lines in a row.
    printings, current = [], []
    for run in email:
        if current and run.y >= current[-1].y:  # a new printing starts higher up, or on another page or panel
            printings.append(current)
            current = []
        current.append(run)
    printings.append(current)
    for runs in printings:
        assert_broken_safely([r.text for r in runs], LONG_EMAIL)
    site = runs_linking(plan, LONG_SITE)
    assert site
    assert_broken_safely([r.text for r in site], LONG_SITE.removeprefix("https://www."))  # printed short
    for run in (r for r in runs_linking(plan, "tel:+318000000")):
        assert run.text == "0800-0000"  # a phone number is one run, never split


def test_an_address_that_fits_on_a_line_moves_to_the_next_line_whole():
    spec = load_layout(REPO, "zfold-a4")
    style, measure, size = spec.styles["body"], Measure(spec), spec.styles["body"].size
    email = "mensenhandel@vtij.nl"
    before = "Mail de zorgcoördinator op"
    width = measure.width(f"{before} mensen", style.face, size)  # room for the words and a bit of the address
    spans = [Span(f"{before} "), Span(email, link=f"mailto:{email}", placeholder="contacts.email"), Span(".")]
    lines = break_lines(spans, style, size, width, measure, hyphenator("nl"))
    texts = [[piece.text for _x, piece, _w in line.runs] for line in lines]
    assert texts[0] == [before]
    assert texts[1][0].startswith(email)  # whole, with the sentence's full stop after it


def test_an_address_longer_than_a_line_breaks_without_a_hyphen():
    spec = load_layout(REPO, "zfold-a4")
    style, measure, size = spec.styles["body"], Measure(spec), spec.styles["body"].size
    width = measure.width("mensenhandel.zorgcoordinator@", style.face, size) + 1
    spans = [Span(LONG_EMAIL, link=f"mailto:{LONG_EMAIL}", placeholder="contacts.email")]
    lines = break_lines(spans, style, size, width, measure, hyphenator("nl"))
    pieces = [piece.text for line in lines for _x, piece, _w in line.runs]
    assert len(lines) >= 2
    assert_broken_safely(pieces, LONG_EMAIL)
    assert pieces[0] == "mensenhandel.zorgcoordinator@"  # the break after "@" is preferred


def test_a_region_name_is_never_hyphenated():
    spec = load_layout(REPO, "zfold-a4")
    style, measure, size = spec.styles["body"], Measure(spec), spec.styles["body"].size
    name = "Noordoostpolderwestland"
    width = measure.width(name, style.face, size) + 2  # the name fits a line, but not after "Regio"
    lines = break_lines([Span("Regio "), Span(name, placeholder="region.name")], style, size, width, measure,
                        hyphenator("nl"))
    assert [[piece.text for _x, piece, _w in line.runs] for line in lines] == [["Regio"], [name]]
    assert hyphenator("nl").positions(name)  # and Dutch patterns would have hyphenated it


LABELLED = f"""\
region:
  name: Labelland
contacts:
  zorgcoordinator:
    - label: tot en met drieëntwintig jaar oud
      organisation: Jeugdpunt Labelland (fictief)
      phones:
        - {{number: 0800-0000, label: dag en nacht bereikbaar}}
        - {{number: 088-0000000, label: kantoor}}
      verified: {{on: {VERIFIED_ON}, by: Test}}
    - label: 23 jaar en ouder
      organisation: Zorgpunt Labelland (fictief)
      phone: 0800-0001
      verified: {{on: {VERIFIED_ON}, by: Test}}
"""


@pytest.mark.parametrize("layout", ["zfold-a4", "gatefold-a4"])
def test_a_long_contact_label_wraps_beside_its_number_like_every_other_row(workspace: Path, layout: str) -> None:
    """Every row of the contacts list is label left, number right: a label too long for one line beside its
    number wraps in the room left of it, the number on its first line (it was set inline, "label: 0800-0000",
    unlike the rows around it)."""
    (workspace / "content" / "regions" / "labelland.yaml").write_text(LABELLED, encoding="utf-8")
    plan = plan_of(workspace, layout, region="labelland")
    rows = [item for page in plan.pages for item in page.items
            if isinstance(item, TextRun) and item.key == "contacts.coordinator"]
    for number in ("0800-0000", "088-0000000", "0800-0001"):
        [run] = [row for row in rows if row.text == number]
        label = [row for row in rows if row.y == run.y and row is not run]
        assert label and all(row.x + row.width < run.x for row in label), [(r.text, r.x) for r in rows]
        assert not any(row.text.rstrip().endswith(":") for row in label)  # split, not "label: number"
        assert all(other.x + other.width <= run.x for other in rows if other.y < run.y and other.y > run.y - 30
                   and other.text not in ("0800-0000", "088-0000000", "0800-0001"))  # its wrapped line stays left
    wrapped = {row.y for row in rows if row.text not in ("0800-0000", "088-0000000", "0800-0001")}
    numbers = {row.y for row in rows if row.text in ("0800-0000", "088-0000000", "0800-0001")}
    assert len(wrapped - numbers) >= 1  # the long label did take a second line
    for y in wrapped - numbers:  # its lines balanced: never one word left alone under a full line
        assert " " in " ".join(row.text for row in rows if row.y == y).strip(), [r.text for r in rows if r.y == y]
