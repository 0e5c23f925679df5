"""QR codes that scan (issue 16): 4 modules of clear space on every side, and modules of at least 0.4 mm — set so
by composition, and checked on every plan (an error: a code that does not scan is worse than none)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kaartgen import EditionName, Options, Stage, run_edition
from kaartgen.layout import compose
from kaartgen.layout.checks import MIN_QR_MODULE_MM, QR, QR_QUIET_MODULES, qr_diagnostics
from kaartgen.model.geometry import to_mm
from kaartgen.model.plan import QRCode, TextRun
from kaartgen.pipeline.inputs import Inputs

from conftest import REPO, plan_of

LAYOUTS = sorted(p.stem for p in (REPO / "layouts").glob("*.yaml"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_shipped_qr_code_has_its_clear_space_and_module_size(layout):
    plan = plan_of(REPO, layout)
    assert plan.items(QRCode), layout
    assert qr_diagnostics(plan, Inputs(REPO).layout(layout)) == []
    for page in plan.pages:
        for code in (i for i in page.items if isinstance(i, QRCode)):
            assert to_mm(code.module) >= MIN_QR_MODULE_MM
            quiet = QR_QUIET_MODULES * code.module
            for run in (i for i in page.items if isinstance(i, TextRun)):
                overlaps_x = run.x < code.rect.right + quiet and run.x + run.width > code.rect.x - quiet
                if overlaps_x and run.y > code.rect.top:  # the text above: its descenders clear the zone
                    assert run.y - run.size * 0.25 >= code.rect.top + quiet - 1e-6, run.text


def _failed(workspace: Path) -> list:
    """The errors of the z-fold edition as the chain reports them (the build stops at them)."""
    result, _entry = run_edition(Inputs(workspace), EditionName("signalenkaart", "zfold-a4", "ijsselland", "nl",
                                                                "print"), Options(allow_unverified=True),
                                 until=Stage.PLAN)
    assert result.status == "failed"
    return list(result.errors)


def test_text_in_the_clear_space_is_an_error_naming_it(monkeypatch):
    monkeypatch.setattr(compose, "QUIET_MODULES", 0)  # as the cards were set before: 3.8 modules above
    found = _failed(REPO)
    assert [d.code for d in found] == [QR]
    assert found[0].severity.value == "error" and found[0].file == "layouts/zfold-a4.yaml"
    assert "needs 4 modules (2.9 mm) of clear space" in found[0].message and "uur." in found[0].message


def test_a_qr_code_too_small_to_scan_is_an_error(workspace: Path):
    layout = workspace / "layouts/zfold-a4.yaml"
    text, count = re.subn(r"\{qr: fier.chat_url, size: 18mm\}", "{qr: fier.chat_url, size: 8mm}",
                          layout.read_text(encoding="utf-8"))
    assert count == 1
    layout.write_text(text, encoding="utf-8")
    [small] = [d for d in _failed(workspace) if "modules of" in d.message]
    assert "modules of 0.32 mm; phones need at least 0.4 mm" in small.message
    assert "at least 10 mm" in small.hint
