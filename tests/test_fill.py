"""How full the cards' panels are, measured from the PDFs (issue 16): the extent of the printed words per panel,
from poppler's word boxes, against the panel's safe area. Every inside panel of a card at least 70 % full and on
average at least 85 %, or the body size at the layout's maximum (the text cannot grow to fill more)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kaartgen.load.layouts import load_layout

from conftest import LAYOUTS, REPO, plan_of

CARDS = [name for name in LAYOUTS if load_layout(REPO, name).is_folded]
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def panel_fill(pdf: Path, layout: str) -> dict[str, float]:
    """Panel id → how far down its safe area the printed words reach (0–1), for every panel with text."""
    spec = load_layout(REPO, layout)
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = html.split("<page ")[1:]
    reader = PdfReader(pdf)
    fills = {}
    for pid, panel in spec.panels.items():
        page = reader.pages[panel.side]
        trim_left = float(page.trimbox.left)
        trim_top = float(page.mediabox.top) - float(page.trimbox.top)  # poppler measures from the page's top
        safe_top = spec.trim_h - panel.safe.top
        bottoms = []
        for match in WORD.finditer(pages[panel.side]):
            x0, y0, x1, y1 = (float(v) for v in match.groups())
            x, y = (x0 + x1) / 2 - trim_left, (y0 + y1) / 2 - trim_top
            if panel.safe.x <= x <= panel.safe.right and safe_top <= y <= safe_top + panel.safe.h:
                bottoms.append(y1 - trim_top)
        if bottoms:
            fills[pid] = (max(bottoms) - safe_top) / panel.safe.h
    return fills


@pytest.mark.parametrize("layout", CARDS)
def test_the_inside_of_every_card_is_full_or_set_at_the_layouts_largest_size(reference_build, layout):
    spec = load_layout(REPO, layout)
    fills = panel_fill(reference_build[layout], layout)
    inside = {pid: fills.get(pid, 0.0) for pid, panel in spec.panels.items() if panel.side == 1}
    body = plan_of(REPO, layout, draft=False).body_size
    full = min(inside.values()) >= 0.70 and sum(inside.values()) / len(inside) >= 0.85
    assert full or body >= spec.largest_size - 1e-6, (inside, body)
    assert min(inside.values()) >= 0.55, inside  # and never a half-empty inside panel, whatever the size


def test_the_measure_sees_an_empty_and_a_full_panel(reference_build):
    fills = panel_fill(reference_build["zfold-a4"], "zfold-a4")
    assert fills["signals-1"] > 0.95  # the signals run on to the next panel: this one is full
    assert fills["action"] > 0.95  # the numbers pinned to the foot of the back
    assert 0.4 < fills["talk"] < 0.9  # the conversation tips end above the foot
