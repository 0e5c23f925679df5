"""Plan snapshots: every item of the reference edition's plan, as text, compared with `tests/golden/plans/`.

The pixel goldens (test_preview.py) catch layout changes at a glance but let a changed digit pass; the plan
carries every text run with its position, face, size and colour, so a changed phone digit, a dropped bullet or a
moved line fails here, with a readable diff. Positions are rounded to 0.01 pt. After an intended change, look at
the diff, then regenerate with

    KAARTGEN_REGENERATE_GOLDENS=1 python -m pytest tests/test_plan_snapshot.py

and commit the new snapshots with the change that caused them.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from kaartgen.model.plan import BlockArea, Bookmark, Box, Circle, Link, Page, Picture, Plan, QRCode, Rule, TextRun

from conftest import LAYOUTS, REPO, plan_of

SNAPSHOTS = Path(__file__).resolve().parent / "golden" / "plans"
REGENERATE = os.environ.get("KAARTGEN_REGENERATE_GOLDENS") == "1"
COMMAND = "KAARTGEN_REGENERATE_GOLDENS=1 python -m pytest tests/test_plan_snapshot.py"


def _n(value: float) -> str:
    return f"{value:.2f}"


def describe(item: object) -> str:
    """One line per item, every number that decides where ink goes."""
    if isinstance(item, TextRun):
        return (f"text {_n(item.x)} {_n(item.y)} w{_n(item.width)} {item.face} {item.size:g}pt {item.colour} "
                f"[{item.key}] {item.text!r}" + (f" -> {item.link}" if item.link else ""))
    if isinstance(item, Box):
        r = item.rect
        return f"box {_n(r.x)} {_n(r.y)} {_n(r.w)}x{_n(r.h)} {item.colour}"
    if isinstance(item, Circle):
        return f"circle {_n(item.cx)} {_n(item.cy)} r{_n(item.r)} {item.colour}"
    if isinstance(item, Rule):
        dash = f" dash {item.dash}" if item.dash else ""
        return f"rule {_n(item.x1)} {_n(item.y1)} {_n(item.x2)} {_n(item.y2)} {item.width:g}pt {item.colour}{dash}"
    if isinstance(item, QRCode):
        r = item.rect
        return (f"qr {_n(r.x)} {_n(r.y)} {_n(r.w)} {item.count} modules of {_n(item.module)}pt "
                f"{len(item.runs)} runs {item.data!r}")
    if isinstance(item, Picture):
        r = item.rect
        return f"picture {_n(r.x)} {_n(r.y)} {_n(r.w)}x{_n(r.h)} {item.shown} {item.image.mode}"
    if isinstance(item, Link):
        r = item.rect
        return f"link {_n(r.x)} {_n(r.y)} {_n(r.w)}x{_n(r.h)} {item.url}"
    if isinstance(item, Bookmark):
        return f"bookmark {_n(item.y)} {item.title!r}"
    if isinstance(item, BlockArea):
        r = item.rect
        return f"area {item.panel} {_n(r.x)} {_n(r.y)} {_n(r.w)}x{_n(r.h)} [{item.key}]"
    raise AssertionError(f"describe() does not know {type(item).__name__}: add it")


def snapshot(plan: Plan) -> str:
    lines = [f"plan {plan.layout}: trim {_n(plan.trim_w)}x{_n(plan.trim_h)} bleed {_n(plan.bleed)} "
             f"margin {_n(plan.frame.margin)} body {plan.body_size:g}pt {plan.colour_model} fold {plan.fold_type}"]
    for page in plan.pages:
        lines.append(_page_header(page))
        lines += [f"  {describe(item)}" for item in page.items]
        lines += [f"  mark {describe(item)}" for item in page.marks]
    return "\n".join(lines) + "\n"


def _page_header(page: Page) -> str:
    panels = ", ".join(f"{pid} {_n(rect.x)}+{_n(rect.w)}" for pid, rect, _safe in page.panels)
    return f"page {page.side}: folds {[_n(f) for f in page.folds]} panels {panels}"


def compare(plan: Plan, golden: Path, regenerate: bool = REGENERATE) -> None:
    actual = snapshot(plan)
    if regenerate:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    if not golden.is_file():
        raise AssertionError(f"{golden}: no snapshot; make it with: {COMMAND}")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(golden),
                                            "actual", n=1))
        raise AssertionError(f"the plan differs from {golden}:\n{diff[:6000]}\nif the change is intended: {COMMAND}")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reference_plan_matches_its_snapshot(layout):
    compare(plan_of(REPO, layout), SNAPSHOTS / f"{layout}.txt")


def test_screen_plan_of_the_zfold_matches_its_snapshot():
    """The screen edition adds links and bookmarks and has no bleed."""
    compare(plan_of(REPO, "zfold-a4", edition="screen"), SNAPSHOTS / "zfold-a4-screen.txt")


@pytest.mark.parametrize("change", ["digit", "bullet"])
def test_a_changed_digit_or_a_dropped_bullet_fails_the_snapshot(workspace: Path, tmp_path: Path, change: str):
    golden = tmp_path / "zfold.txt"
    compare(plan_of(workspace, "zfold-a4"), golden, regenerate=True)
    compare(plan_of(workspace, "zfold-a4"), golden, regenerate=False)
    if change == "digit":
        path, old, new = workspace / "content/regions/ijsselland.yaml", "06-11414026", "06-11414027"
    else:
        path, old, new = workspace / "content/signalenkaart/nl.yaml", "      support: Bied steun en begrip\n", ""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(AssertionError) as failed:
        compare(plan_of(workspace, "zfold-a4"), golden, regenerate=False)
    removed = [line for line in str(failed.value).splitlines() if line.startswith("-  text")]
    expected = "06-11414026" if change == "digit" else "Bied steun en begrip"
    assert any(expected in line for line in removed), str(failed.value)
