"""Print and screen editions as a printing shop and a reader meet them (issue: print editions, preflight)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from kaartgen import Options, build
from kaartgen.layout.marks import MARK_WIDTH
from kaartgen.model.plan import Rule, TextRun
from kaartgen.tools.preflight import preflight

from conftest import LAYOUTS, REPO, plan_of

MM = 72 / 25.4


def tool(name: str) -> str:
    """Path of an external tool; CI installs them all, so there a missing one fails instead of skipping."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run must install it")
        pytest.skip(f"{name} not installed")
    return path


@pytest.fixture(scope="module")
def print_pdfs(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("print")
    report = build(REPO, out_dir=out, options=Options(record=False))
    assert report.ok
    marked = build(REPO, layouts=["zfold-a4"], out_dir=out / "marks",
                   options=Options(marks=True, pdfx="1a", record=False))
    assert marked.ok
    return [r.path for r in report.results + marked.results]


def test_every_print_pdf_passes_kaartgen_preflight(print_pdfs):
    for path in print_pdfs:
        report = preflight(path)
        assert report.ok and report.count("warn") == 0, [str(c) for c in report.checks if c.status != "pass"]


def test_every_print_pdf_passes_qpdf_check(print_pdfs):
    qpdf = tool("qpdf")
    for path in print_pdfs:
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors found" in result.stdout


def test_every_font_is_embedded_and_subset_per_pdffonts(print_pdfs):
    pdffonts = tool("pdffonts")
    for path in print_pdfs:
        lines = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
        rows = lines[2:]
        assert rows, "no fonts listed"
        for row in rows:
            emb, sub = row.split()[-5:-3]
            assert (emb, sub) == ("yes", "yes"), row
            assert re.match(r"^[A-Z]{6}\+", row), row


def test_trim_and_bleed_boxes_per_pdfinfo(print_pdfs):
    pdfinfo = tool("pdfinfo")
    for path in print_pdfs:
        info = subprocess.run([pdfinfo, "-box", "-f", "1", "-l", "9", str(path)], capture_output=True, text=True,
                              check=True).stdout
        trims = re.findall(r"Page\s+\d+ TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
        bleeds = re.findall(r"Page\s+\d+ BleedBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info)
        assert trims and len(trims) == len(bleeds)
        for trim, bleed in zip(trims, bleeds, strict=True):
            t, b = [float(v) for v in trim], [float(v) for v in bleed]
            assert t[0] - b[0] == pytest.approx(3 * MM, abs=0.01) and b[2] - t[2] == pytest.approx(3 * MM, abs=0.01)


def test_ghostscript_renders_every_page(print_pdfs):
    gs = tool("gs")
    for path in print_pdfs:
        result = subprocess.run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and "Error" not in result.stdout + result.stderr, result.stderr


def test_print_pdf_carries_pdfx_identification_and_output_intent(print_pdfs):
    reader = PdfReader(print_pdfs[0])
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4"
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert b"pdfxid:GTS_PDFXVersion>PDF/X-4<" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert reader.pdf_header == "%PDF-1.6"
    assert PdfReader(print_pdfs[-1]).pdf_header == "%PDF-1.3"  # PDF/X-1a:2001
    x1a = PdfReader(print_pdfs[-1]).metadata
    assert (x1a["/GTS_PDFXVersion"], x1a["/GTS_PDFXConformance"]) == ("PDF/X-1:2001", "PDF/X-1a:2001")


def test_marks_lie_outside_the_bleed_at_corners_and_folds():
    plan = plan_of(REPO, "zfold-a4", marks=True)
    bleed = 3 * MM
    assert plan.frame.margin > plan.bleed  # room for the marks outside the bleed
    for page in plan.pages:
        items = page.marks
        rules = [i for i in items if isinstance(i, Rule)]
        assert len(rules) == 8 + 2 * len(page.folds)
        for rule in rules:
            assert rule.width <= 0.25 and rule.colour == "registration"
            for x, y in ((rule.x1, rule.y1), (rule.x2, rule.y2)):
                outside = x < -bleed or x > plan.trim_w + bleed or y < -bleed or y > plan.trim_h + bleed
                assert outside, (x, y)
        fold_rules = [r for r in rules if r.dash]
        assert sorted({round(r.x1, 3) for r in fold_rules}) == sorted(round(f, 3) for f in page.folds)
        slug = [i for i in items if isinstance(i, TextRun)]
        assert slug and slug[0].y + slug[0].size < -bleed and page.side in slug[0].text
    assert MARK_WIDTH <= 0.25


def test_screen_edition_has_links_language_and_bookmarks(tmp_path):
    report = build(REPO, layouts=["zfold-a4"], editions=["screen"], out_dir=tmp_path)
    reader = PdfReader(report.results[0].path)
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert reader.metadata.title == "Signalenkaart voor professionals"
    assert reader.metadata.author == "Veilig Thuis IJsselland"
    targets = set()
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            action = annot.get_object()["/A"]
            targets.add(action["/URI"])
    assert {"tel:+31611414026", "tel:+318002000", "tel:+319008844", "mailto:mensenhandel@vtij.nl",
            "https://fier.nl/chat"} <= targets
    assert all(t.split(":")[0] in ("tel", "mailto", "https") for t in targets)
    assert len(reader.outline) >= 6
    assert len(reader.pages) == 6  # one page per panel, in reading order: the cover first
    page = reader.pages[0]
    assert "/TrimBox" not in page and float(page.mediabox.width) == pytest.approx(99 * MM)
    assert page.extract_text().startswith("Signalenkaart voor")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_screen_edition_is_read_in_reading_order(layout, tmp_path):
    """One page per panel, the cover first, then each panel by the first text it holds in the source's order;
    the PDF's text (pdftotext) starts with the cover's title and each page with its panel's first line."""
    from kaartgen.layout.texts import resolve
    from kaartgen.model.plan import TextRun
    from kaartgen.pipeline.inputs import Inputs

    from conftest import plan_of

    plan = plan_of(REPO, layout, edition="screen")
    order = list(resolve(Inputs(REPO).source("signalenkaart"), Inputs(REPO).region("ijsselland")).blocks)
    firsts = []
    for page in plan.pages:
        runs = [i for i in page.items if isinstance(i, TextRun) and i.key.split(".")[0] in order
                and not (i.key.startswith("contacts.") and i.key.count(".") >= 3)]  # (a contact card's parts)
        if runs:
            firsts.append(order.index(runs[0].key.split(".")[0]))
    assert firsts == sorted(firsts) and firsts[0] == order.index("cover_title")
    pdf = build(REPO, layouts=[layout], editions=["screen"], out_dir=tmp_path).results[0].path
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.lstrip().lower().startswith("signalenkaart voor")  # (a poster's kicker is in capitals)
    reader = PdfReader(pdf)
    for page, shown in zip(plan.pages, reader.pages, strict=True):
        first = next(i for i in page.items if isinstance(i, TextRun))
        assert shown.extract_text().lstrip().startswith(first.text.strip()[:12]), (page.side, first.text)
