"""Tests for kaartgen.preflight: fixtures are made with ReportLab (content) and pypdf (boxes, intent, XMP), by the
helpers in tests/preflight_fixtures.py."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)
from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfgen.canvas import Canvas

from kaartgen import PreflightError
from kaartgen.tools.preflight import CHECK_NAMES, Check, Report, format_report, preflight
from preflight_fixtures import (
    BLACK,
    FONT,
    MEDIA_BLEED,
    TITLE,
    draw_all,
    filled_rect,
    good_page,
    image,
    make_pdf,
    scaled_text,
    text,
)


def only(report: Report, name: str) -> Check:
    """The single result of check ``name``."""
    checks = [check for check in report.checks if check.name == name]
    assert len(checks) == 1, checks
    return checks[0]


def not_passed(report: Report) -> list[Check]:
    return [check for check in report.checks if check.status != "pass"]


@pytest.fixture
def good_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "good.pdf")


# ---------------------------------------------------------------------------------------------------------------
# The good file


def test_good_file_passes_every_check(good_pdf: Path) -> None:
    report = preflight(good_pdf)
    assert report.ok
    assert not_passed(report) == [], format_report(report)
    assert [check.name for check in report.checks] == list(CHECK_NAMES)
    assert only(report, "text-size").reason == "smallest text 10.0 pt (p1)"
    assert only(report, "output-intent").reason == "GTS_PDFX output intent FOGRA39 with an embedded CMYK profile"


def test_good_fixture_is_a_sane_pdf_for_qpdf(good_pdf: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not on PATH")
    result = subprocess.run([qpdf, "--check", str(good_pdf)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_good_file_with_image_at_300_ppi_passes(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "image.pdf", [draw_all(good_page, image(300))]))
    assert not_passed(report) == [], format_report(report)
    assert only(report, "images").reason == "lowest image resolution 300 ppi (p1)"


# ---------------------------------------------------------------------------------------------------------------
# One failure each


def test_rgb_text_fails_colour_on_page_1(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "rgb.pdf", [text(cmyk=None)]))
    check = only(report, "colour")
    assert (check.status, check.page) == ("fail", 1)
    assert check.reason == "RGB fill colour (rg) in content stream — print files must be CMYK"
    line = f"  {report.path}: p1: error: colour.rgb: RGB fill colour (rg) in content stream (print files must be CMYK)"
    assert line in format_report(report).splitlines()
    assert not report.ok


def test_rgb_on_second_page_is_reported_on_page_2_only(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "rgb2.pdf", [good_page, text(cmyk=None)]))
    assert [(check.name, check.status, check.page) for check in not_passed(report)] == [("colour", "fail", 2)]


def test_rgb_in_a_screen_file_is_only_a_warning(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "screen.pdf", [text(cmyk=None)], trim_box=False, output_intent=False))
    check = only(report, "colour")
    assert (check.status, check.page) == ("warn", 1)
    assert check.reason.startswith("RGB fill colour (rg)")


def test_rgb_inside_a_form_xobject_fails_colour(tmp_path: Path) -> None:
    def form(canvas: Canvas) -> None:
        canvas.beginForm("logo")
        canvas.setFillColorRGB(0, 0, 1)
        canvas.rect(0, 0, 10, 10, stroke=0, fill=1)
        canvas.endForm()
        canvas.doForm("logo")

    check = only(preflight(make_pdf(tmp_path / "form.pdf", [draw_all(good_page, form)])), "colour")
    assert (check.status, check.page) == ("fail", 1)
    assert "RGB fill colour (rg) in form XObject" in check.reason


def with_raw_page(path: Path, content: bytes, colour_spaces: dict[str, object] | None = None) -> Path:
    """Replace page 1's content stream; ``colour_spaces`` become its /ColorSpace resources."""
    writer = PdfWriter(clone_from=PdfReader(path))
    page = writer.pages[0]
    spaces = DictionaryObject()
    for name, space in (colour_spaces or {}).items():
        if isinstance(space, str):  # "ICC3": an ICCBased space with 3 components (profile data is never read)
            profile = DecodedStreamObject()
            profile.set_data(b"not a real profile")
            profile[NameObject("/N")] = NumberObject(int(space[-1]))
            spaces[NameObject(name)] = ArrayObject([NameObject("/ICCBased"), writer._add_object(profile)])
        else:
            spaces[NameObject(name)] = space
    page[NameObject("/Resources")][NameObject("/ColorSpace")] = spaces
    contents = page.get_contents()
    assert contents is not None
    contents.set_data(content)
    page.replace_contents(contents)
    writer.write(path)
    return path


ALL_SEPARATION = ArrayObject(
    [
        NameObject("/Separation"),
        NameObject("/All"),
        NameObject("/DeviceCMYK"),
        DictionaryObject(
            {
                NameObject("/FunctionType"): NumberObject(2),
                NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
                NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/C1"): ArrayObject([NumberObject(1)] * 4),
                NameObject("/N"): NumberObject(1),
            }
        ),
    ]
)


@pytest.mark.parametrize(
    ("content", "colour_spaces", "status", "reason"),
    [
        (b"/CS0 cs 1 0 0 scn 20 20 9 9 re f", {"/CS0": "ICC3"}, "fail", "RGB fill colour (scn in ICCBased N=3)"),
        (b"/DeviceRGB CS 0 0 1 SC 0 0 m 9 9 l S", {}, "fail", "RGB stroke colour (SC in DeviceRGB)"),
        (b"/CS0 cs 0 0 0 1 scn 20 20 9 9 re f", {"/CS0": "ICC4"}, "pass", "highest total ink 100 %"),
        (b"/DeviceCMYK cs 1 1 1 .5 sc 20 20 9 9 re f", {}, "fail", "total ink 350 % in fill colour C100 M100 Y100 K50"),
        (b"/All CS 1 SCN 0 0 m 9 9 l S", {"/All": ALL_SEPARATION}, "pass", "no RGB"),
        (b"1 0 0 rg 0 0 0 1 k 20 20 9 9 re f", {}, "pass", "no RGB"),  # RGB that paints nothing is no RGB
        (b"q 0 0 1 RG Q 0 0 m 9 9 l S", {}, "pass", "no RGB"),  # Q restores the stroke colour
    ],
)
def test_colour_spaces_set_in_content_streams(
    tmp_path: Path, content: bytes, colour_spaces: dict[str, object], status: str, reason: str
) -> None:
    path = with_raw_page(make_pdf(tmp_path / "raw.pdf"), content, colour_spaces)
    check = only(preflight(path), "colour")
    assert check.status == status
    assert reason in check.reason


def test_rgb_image_fails_colour(tmp_path: Path) -> None:
    check = only(preflight(make_pdf(tmp_path / "rgbimage.pdf", [image(300, mode="RGB")])), "colour")
    assert (check.status, check.page) == ("fail", 1)
    assert "RGB image" in check.reason
    assert "(DeviceRGB)" in check.reason


def test_missing_trimbox_fails_boxes(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "notrim.pdf", trim_box=False))
    check = only(report, "boxes")
    assert (check.status, check.page) == ("fail", 1)
    assert "no TrimBox" in check.reason


def test_one_mm_bleed_fails_bleed(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "bleed1.pdf", bleed_mm=1))
    check = only(report, "bleed")
    assert (check.status, check.page) == ("fail", 1)
    assert check.reason == (
        "bleed too small: left 1.0 mm, bottom 1.0 mm, right 1.0 mm, top 1.0 mm — needs 3 mm beyond the TrimBox"
    )
    assert only(report, "boxes").status == "pass"


def test_bleedbox_outside_mediabox_fails_boxes(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "bleed5.pdf", bleed_mm=5))
    check = only(report, "boxes")
    assert (check.status, check.page) == ("fail", 1)
    assert "BleedBox extends beyond the MediaBox" in check.reason


def test_standard_helvetica_is_not_embedded(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "helvetica.pdf", [text(font="Helvetica")]))
    check = only(report, "fonts")
    assert (check.status, check.page) == ("fail", 1)
    assert check.reason == "font 'Helvetica' is not embedded — embed every font"


def test_an_unused_unembedded_font_is_only_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path), invariant=1)  # lists Helvetica (/F1) in the resources; no text uses it
    canvas.setFillColorCMYK(*BLACK)
    canvas.rect(72, 72, 72, 72, stroke=0, fill=1)
    canvas.save()
    check = only(preflight(path), "fonts")
    assert (check.status, check.page) == ("warn", 1)
    assert check.reason.startswith("font 'Helvetica' is not embedded but no visible text uses it")


def test_registration_colour_and_gray_are_allowed(tmp_path: Path) -> None:
    def marks(canvas: Canvas) -> None:
        canvas.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All", density=1))  # a Separation colour space
        canvas.line(0, 2, 20, 2)
        canvas.setFillGray(0.5)
        canvas.rect(MEDIA_BLEED + 40, MEDIA_BLEED + 40, 10, 10, stroke=0, fill=1)

    report = preflight(make_pdf(tmp_path / "marks.pdf", [draw_all(marks, good_page)]))
    assert not_passed(report) == [], format_report(report)


@pytest.mark.parametrize(
    ("pixels", "status", "ppi"),
    [(72, "fail", "72 ppi"), (200, "warn", "200 ppi"), (300, "pass", "300 ppi"), (600, "pass", "600 ppi")],
)
def test_image_resolution(tmp_path: Path, pixels: int, status: str, ppi: str) -> None:
    report = preflight(make_pdf(tmp_path / "image.pdf", [draw_all(good_page, image(pixels))]))
    check = only(report, "images")
    assert check.status == status
    assert ppi in check.reason
    if status != "pass":
        assert check.page == 1
        assert f"{pixels}×{pixels} px placed at 25.4×25.4 mm" in check.reason


def test_missing_output_intent_fails(tmp_path: Path) -> None:
    check = only(preflight(make_pdf(tmp_path / "nointent.pdf", output_intent=False)), "output-intent")
    assert check.status == "fail"
    assert "no /OutputIntents" in check.reason


def test_5pt_text_fails_text_size(tmp_path: Path) -> None:
    check = only(preflight(make_pdf(tmp_path / "small.pdf", [text(5)])), "text-size")
    assert (check.status, check.page) == ("fail", 1)
    assert check.reason == "text at 5.0 pt ('NotoSans-Regular') — minimum 6 pt"


def test_10pt_text_scaled_by_half_in_the_ctm_fails_text_size(tmp_path: Path) -> None:
    check = only(preflight(make_pdf(tmp_path / "scaled.pdf", [scaled_text(10, 0.5)])), "text-size")
    assert (check.status, check.page) == ("fail", 1)
    assert "text at 5.0 pt" in check.reason


def test_text_size_is_judged_at_the_reported_precision(tmp_path: Path) -> None:
    check = only(preflight(make_pdf(tmp_path / "tex.pdf", [text(5.98)])), "text-size")  # TeX's "6pt"
    assert (check.status, check.reason) == ("pass", "smallest text 6.0 pt (p1)")


def test_invisible_text_does_not_count_for_text_size(tmp_path: Path) -> None:
    def ocr_layer(canvas: Canvas) -> None:
        hidden = canvas.beginText(MEDIA_BLEED + 10, MEDIA_BLEED + 40)
        hidden.setTextRenderMode(3)  # invisible, as in the text layer of a scanned page
        hidden.setFont(FONT, 3)
        hidden.textLine("onzichtbaar")
        hidden.setTextRenderMode(0)  # Tr is graphics state: it outlives ET, so switch it back
        canvas.drawText(hidden)

    check = only(preflight(make_pdf(tmp_path / "ocr.pdf", [draw_all(ocr_layer, good_page)])), "text-size")
    assert (check.status, check.reason) == ("pass", "smallest text 10.0 pt (p1)")


def test_4pt_text_scaled_up_twice_passes_text_size(tmp_path: Path) -> None:
    check = only(preflight(make_pdf(tmp_path / "scaled.pdf", [scaled_text(4, 2)])), "text-size")
    assert check.status == "pass"
    assert check.reason == "smallest text 8.0 pt (p1)"


def test_total_ink_340_percent_fails_colour(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "ink.pdf", [draw_all(filled_rect((0.85, 0.85, 0.85, 0.85)), good_page)]))
    check = only(report, "colour")
    assert (check.status, check.page) == ("fail", 1)
    assert check.reason == "total ink 340 % in fill colour C85 M85 Y85 K85 (k) — maximum 320 %"
    assert (check.findings[0].id, check.findings[0].value, check.findings[0].limit) == ("ink.vector", 340.0, 320.0)


def test_a_shops_own_ink_limit_applies(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "ink.pdf", [draw_all(filled_rect((0.8, 0.8, 0.8, 0.8)), good_page)])
    assert only(preflight(path), "colour").status == "pass"  # 320 % is the sheet-fed limit
    assert only(preflight(path, profile="newspaper"), "colour").status == "fail"  # newsprint: 240 %
    assert only(preflight(path, max_ink_percent=300), "colour").reason.endswith("maximum 300 %")


def test_missing_pdfx_identification_fails(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "nopdfx.pdf")
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.xmp_metadata = None
    writer.metadata = {"/Title": TITLE}
    writer.write(path)
    check = only(preflight(path), "pdfx")
    assert check.status == "fail"
    assert "no PDF/X identification" in check.reason


def test_pdfx_1a_2001_rejects_transparency_and_a_pdf_1_4_header(tmp_path: Path) -> None:
    def transparent(canvas: Canvas) -> None:
        canvas.setFillAlpha(0.5)
        text()(canvas)

    path = make_pdf(tmp_path / "x1a.pdf", [transparent], pdfx_version="PDF/X-1a:2001", header="%PDF-1.4")
    check = only(preflight(path), "pdfx")
    assert check.status == "fail"
    assert "PDF 1.4 is too new for PDF/X-1a:2001 (at most 1.3)" in check.reason
    assert "transparency not allowed in PDF/X-1a:2001: ExtGState" in check.reason
    assert "on p1" in check.reason


def test_pdfx_4_with_an_older_header_passes_and_a_newer_one_fails(tmp_path: Path) -> None:
    """PDF/X-4 caps the version at 1.6; it does not require it (a 1.3 or 1.4 header is a valid X-4 file)."""
    assert only(preflight(make_pdf(tmp_path / "x4-13.pdf", header="%PDF-1.3")), "pdfx").status == "pass"
    check = only(preflight(make_pdf(tmp_path / "x4-17.pdf", header="%PDF-1.7")), "pdfx")
    assert check.status == "fail" and check.findings[0].id == "pdfx.header-version"
    assert "PDF 1.7 is too new for PDF/X-4 (at most 1.6)" in check.reason


# ---------------------------------------------------------------------------------------------------------------
# Robustness and input handling


def test_malformed_content_stream_is_a_warning_not_an_exception(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "broken.pdf")
    writer = PdfWriter(clone_from=PdfReader(path))
    contents = writer.pages[0].get_contents()
    assert contents is not None
    contents.set_data(b"BT /F1+0 10 Tf [ (unterminated ET")  # an array that never closes
    writer.pages[0].replace_contents(contents)
    writer.write(path)
    report = preflight(path)
    check = only(report, "content")
    assert (check.status, check.page) == ("warn", 1)
    assert check.reason.startswith("content stream could not be parsed: ")
    assert only(report, "colour").reason.endswith("(pages read; not p1)")  # a pass that says what it covers


def test_a_broken_form_drawn_on_two_pages_is_reported_on_both(tmp_path: Path) -> None:
    """The parsed (or unparsable) stream is cached per document; its problem must not be cached away."""

    def make_form(canvas: Canvas) -> None:
        canvas.beginForm("logo")
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.rect(0, 0, 10, 10, stroke=0, fill=1)
        canvas.endForm()
        canvas.doForm("logo")

    def draw_form(canvas: Canvas) -> None:
        canvas.doForm("logo")

    path = make_pdf(tmp_path / "form.pdf", [draw_all(good_page, make_form), draw_all(good_page, draw_form)])
    writer = PdfWriter(clone_from=PdfReader(path))
    broken = DecodedStreamObject()  # the same form, one indirect object drawn by both pages, unparsable
    broken.update({key: value for key, value in writer.pages[0]["/Resources"]["/XObject"]["/FormXob.logo"]
                   .get_object().items() if key != "/Filter"})
    broken.set_data(b"BT /F1+0 10 Tf [ (unterminated ET")
    reference = writer._add_object(broken)
    for page in writer.pages:
        page["/Resources"]["/XObject"][NameObject("/FormXob.logo")] = reference
    writer.write(path)
    checks = [check for check in preflight(path).checks if check.name == "content"]
    assert [(check.status, check.page) for check in checks] == [("warn", 1), ("warn", 2)]
    assert all(check.reason.startswith("form XObject /FormXob.logo could not be parsed: ") for check in checks)


@pytest.mark.parametrize(("content", "message"), [(b"", "empty file"), (b"hello, world\n", "not a PDF")])
def test_unreadable_input_raises_preflight_error_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "kaart.pdf"
    path.write_bytes(content)
    with pytest.raises(PreflightError, match=message) as caught:
        preflight(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_raises_preflight_error(tmp_path: Path) -> None:
    with pytest.raises(PreflightError, match=r"nowhere\.pdf: error: cannot read file"):
        preflight(tmp_path / "nowhere.pdf")


def test_truncated_pdf_raises_preflight_error(good_pdf: Path) -> None:
    with pytest.raises(PreflightError, match=r"cut\.pdf: "):
        preflight(good_pdf.read_bytes()[:200], name="cut.pdf")


def test_password_protected_pdf_raises_preflight_error(good_pdf: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(good_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    with pytest.raises(PreflightError, match=r"locked\.pdf: error: encrypted with a password"):
        preflight(path)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])  # AES needs cryptography (a dependency)
def test_encryption_without_a_user_password_fails_metadata(good_pdf: Path, tmp_path: Path, algorithm: str) -> None:
    writer = PdfWriter(clone_from=PdfReader(good_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm)
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    check = only(preflight(path), "metadata")
    assert check.status == "fail"
    assert "encrypted" in check.reason


def test_an_encryption_pypdf_cannot_undo_is_named_not_called_damaged(good_pdf: Path, monkeypatch) -> None:
    from pypdf.errors import DependencyError

    def missing(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", missing)
    writer = PdfWriter(clone_from=PdfReader(good_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PreflightError) as refused:
        preflight(buffer.getvalue(), name="locked.pdf")
    [found] = refused.value.diagnostics
    assert str(found.message) == "encrypted (with an encryption this installation of preflight cannot open)"
    assert "cryptography" not in str(found) and "damaged" not in found.hint  # no Python dependency talk


def test_bytes_input_uses_the_given_name(good_pdf: Path) -> None:
    report = preflight(good_pdf.read_bytes(), name="card.pdf")
    assert report.path == "card.pdf"
    assert report.ok


def test_to_dict_is_json_serialisable(tmp_path: Path) -> None:
    report = preflight(make_pdf(tmp_path / "rgb.pdf", [text(cmyk=None)]))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["path"] == str(tmp_path / "rgb.pdf")
    assert data["ok"] is False
    assert data["counts"] == {"pass": 16, "warn": 0, "fail": 1}
    assert data["verdict"] == "fail" and data["profile"]["name"] == "sheetfed-cmyk"
    [colour] = [check for check in data["checks"] if check["name"] == "colour"]
    assert (colour["status"], colour["page"]) == ("fail", 1)
    assert colour["findings"][0]["id"] == "colour.rgb" and colour["findings"][0]["hint"] == "print files must be CMYK"


def test_a_plain_reportlab_file_warns_about_its_placeholder_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.drawString(72, 72, "Hallo")
    canvas.save()
    check = only(preflight(path), "metadata")
    assert (check.status, check.reason) == ("warn", "document title is a placeholder ('untitled') — set a real title")


def test_format_report_joins_the_same_result_on_consecutive_pages(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "three.pdf", [text(5), text(5), text(5)])
    assert len(not_passed(preflight(path))) == 3
    assert format_report(preflight(path)).splitlines()[1] == (
        f"  {path}: p1-3: error: text.size: text at 5.0 pt ('NotoSans-Regular') (minimum 6 pt)"
    )


def test_format_report_shows_the_verdict_then_the_problems(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "two.pdf", [good_page, text(5)])
    report = preflight(path)
    assert format_report(report).splitlines() == [
        f"{path}: FAIL — 1 problem; 16 of 17 checks passed (profile sheetfed-cmyk)",
        f"  {path}: p2: error: text.size: text at 5.0 pt ('NotoSans-Regular') (minimum 6 pt)",
    ]
    verbose = format_report(report, verbose=True).splitlines()
    assert len(verbose) == len(report.checks) + 1
    assert verbose[1] == f"  {path}: note: boxes: TrimBox and BleedBox set on every page, MediaBox ⊇ BleedBox ⊇ TrimBox"


def test_pdfx_1_2001_needs_the_1a_conformance_key(tmp_path: Path) -> None:
    """ISO 15930-1 writes PDF/X-1a:2001 as GTS_PDFXVersion "PDF/X-1:2001" plus GTS_PDFXConformance."""
    path = make_pdf(tmp_path / "x1.pdf", pdfx_version="PDF/X-1:2001", header="%PDF-1.3")
    check = only(preflight(path), "pdfx")
    assert check.status == "fail" and "without Info /GTS_PDFXConformance" in check.reason
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/GTS_PDFXConformance": "PDF/X-1a:2001"})
    writer.write(tmp_path / "x1a.pdf")
    check = only(preflight(tmp_path / "x1a.pdf"), "pdfx")
    assert check.status == "pass" and check.reason.startswith("PDF/X-1a:2001, PDF 1.3")


def test_names_from_a_foreign_pdf_cannot_forge_report_lines():
    """A font name is whatever the PDF says: a line break, a bidi override or the report's own separator in it is
    shown, never obeyed."""
    from kaartgen.tools._pdfscan import from_file
    from kaartgen.tools.preflight import Check

    forged = "Evil\nreport.pdf: PASS — all checks passed\u202e"
    shown = from_file(forged)
    assert shown == "'Evil⟨U+000A⟩report.pdf: PASS ⟨U+2014⟩ all checks passed⟨U+202E⟩'"
    assert from_file("A" * 100) == "'" + "A" * 64 + "…'"
    check = Check("fonts", "fail", f"font {forged} is not embedded — embed every font")
    assert "\n" not in check.reason and "\u202e" not in check.reason  # the last net, whoever builds the reason


# ---------------------------------------------------------------------------------------------------------------
# Bounded work on hostile files (issue 20): forms that draw themselves, fan-outs, nesting thousands deep


def _raw_pdf(objects: Sequence[bytes]) -> bytes:
    """A PDF written by hand (pypdf would refuse to write, or recurse on, what these tests need)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.6\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(head: bytes, data: bytes) -> bytes:
    return b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_PAGE_TREE = (b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /F 5 0 R >> >> "
              b"/Contents 4 0 R >>", _stream(b"", b"/F Do"))


def _form(data: bytes, draws: int | None) -> bytes:
    resources = b" /Resources << /XObject << /F %d 0 R >> >>" % draws if draws else b""
    return _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10]" + resources, data)


def test_a_form_that_draws_itself_is_reported_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "self.pdf"
    path.write_bytes(_raw_pdf([*_PAGE_TREE, _form(b"/F Do " * 10, draws=5)]))
    check = only(preflight(path), "content")
    assert (check.status, check.page) == ("warn", 1)
    assert check.reason.startswith("form XObject /F draws itself; not followed")


def test_forms_fanning_out_16_deep_stop_at_the_page_budget(tmp_path: Path) -> None:
    """Form k draws form k+1 ten times: 10^15 runs if followed; the page stops at MAX_FORMS_PER_PAGE."""
    from kaartgen.tools._pdfscan import MAX_FORMS_PER_PAGE

    forms = [_form(b"/F Do " * 10, draws=6 + k) for k in range(15)] + [_form(b"0 0 1 1 re f", draws=None)]
    path = tmp_path / "fanout.pdf"
    path.write_bytes(_raw_pdf([*_PAGE_TREE, *forms]))
    check = only(preflight(path), "content")
    assert (check.status, check.page) == ("warn", 1)
    assert check.reason.startswith(f"page draws more than {MAX_FORMS_PER_PAGE:,} forms or ")


def test_an_array_nested_100000_deep_is_refused_and_the_next_file_still_checked(tmp_path: Path,
                                                                                good_pdf: Path) -> None:
    deep = tmp_path / "deep.pdf"
    nested = b"[" * 100_000 + b"]" * 100_000
    deep.write_bytes(_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Odd " + nested + b" >>"]))
    with pytest.raises(PreflightError, match="nested more deeply than preflight reads"):
        preflight(deep)
    result = subprocess.run([sys.executable, "-m", "kaartgen", "preflight", str(deep), str(good_pdf)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "deep.pdf: error: nested more deeply than preflight reads" in result.stdout + result.stderr
    assert "good.pdf: PASS" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_object_that_refers_to_itself_is_refused_by_name_not_a_traceback(tmp_path: Path) -> None:
    """Found by tests/test_fuzz.py: pypdf resolves objects lazily, so a damaged one fails whichever check touches
    it first (here the font check, with an AttributeError or LimitReachedError inside pypdf)."""
    path = tmp_path / "loop.pdf"
    path.write_bytes(_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
                               b"/Resources << /Font << /F1 4 0 R >> >> >>", b"4 0 R"]))
    with pytest.raises(PreflightError, match="damaged in a way preflight cannot check"):
        preflight(path)
    result = subprocess.run([sys.executable, "-m", "kaartgen", "preflight", str(path)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "loop.pdf: error: damaged in a way preflight cannot check" in result.stdout + result.stderr


def _bomb(megabytes: int) -> bytes:
    """Zeros that inflate to `megabytes` MB from a few hundred kB (compressed a megabyte at a time)."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = bytes(1_000_000)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def test_a_decompression_bomb_in_an_image_or_a_content_stream_is_not_inflated(tmp_path: Path) -> None:
    """A 200 MB image and a 200 MB content stream from a few hundred kB: pypdf stops inflating at its limit, the
    image's ink is reported as not sampled and the page as not checked — never memory without end, never a pass."""
    import resource
    import time

    bomb = _bomb(200)
    image = _stream(b"/Type /XObject /Subtype /Image /Width 2000 /Height 2000 /ColorSpace /DeviceCMYK "
                    b"/BitsPerComponent 8 /Filter /FlateDecode", bomb)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /I 5 0 R >> >> "
               b"/Contents [4 0 R 6 0 R] >>", _stream(b"", b"q 150 0 0 150 20 20 cm /I Do Q"), image,
               _stream(b"/Filter /FlateDecode", bomb)]
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_raw_pdf(objects))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = preflight(path)
    assert time.perf_counter() - started < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 400_000  # kB: well under the 400 MB
    found = {finding.id for check in report.checks for finding in check.findings}
    assert found & {"ink.not-sampled", "page.not-checked"} and report.verdict != "pass", format_report(report)


def test_a_profile_file_names_itself_in_the_report_and_changes_only_its_limits(tmp_path: Path) -> None:
    from preflight_fixtures import FIXTURES

    spot = FIXTURES["spot-colour"].make(tmp_path / "spot.pdf")
    profile = tmp_path / "drukkerij.yaml"
    profile.write_text("name: drukkerij-voorbeeld\nbased_on: sheetfed-cmyk\nlimits:\n  max_ink_percent: 300\n"
                       "  allowed_spots: [PANTONE 1585 C]\n", encoding="utf-8")
    report = preflight(spot, profile=str(profile))
    assert report.profile.name == "drukkerij-voorbeeld" and report.profile.max_ink_percent == 300
    assert report.profile.min_text_pt == 6 and report.verdict == "pass"  # the agreed spot colour is allowed
    assert format_report(report).splitlines()[0].endswith("(profile drukkerij-voorbeeld)")
    assert preflight(spot).verdict == "fail"  # the default profile has no spot colours


def test_a_wrong_limit_in_a_profile_file_is_refused_at_its_line(tmp_path: Path) -> None:
    profile = tmp_path / "drukkerij.yaml"
    profile.write_text("name: d\nlimits:\n  max_ink_percent: veel\n", encoding="utf-8")
    with pytest.raises(PreflightError) as refused:
        preflight(b"%PDF-1.4", name="x.pdf", profile=str(profile))
    [found] = refused.value.diagnostics
    assert (found.file, found.line, found.key) == (str(profile), 3, "max_ink_percent")
    assert "'veel' is not a number" in str(found)


def test_the_command_line_takes_a_profile_limits_and_folds(tmp_path: Path) -> None:
    from preflight_fixtures import FIXTURES

    path = FIXTURES["text-on-a-fold"].make(tmp_path / "fold.pdf")
    run = [sys.executable, "-m", "kaartgen", "preflight"]
    plain = subprocess.run([*run, str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert plain.returncode == 0 and "PASS —" in plain.stdout
    folded = subprocess.run([*run, "--folds", "42.5", "--json", str(path)], capture_output=True, text=True,
                            timeout=120, check=False)
    data = json.loads(folded.stdout)
    assert data["schema"] == 1 and data["files"][0]["verdict"] == "warnings"
    [finding] = [f for c in data["files"][0]["checks"] for f in c["findings"] if f["id"] == "text.near-fold"]
    assert finding["value"] < 0 and finding["limit"] == 3.0  # it crosses the fold
    assert 30 < finding["position"]["x_mm"] < 42.5 and finding["position"]["y_mm"] > 0  # where the text starts
    wrong = subprocess.run([*run, "--limit", "max_ink=3", str(path)], capture_output=True, text=True, timeout=120,
                           check=False)
    assert wrong.returncode == 2 and "is not a preflight limit" in wrong.stdout + wrong.stderr
    assert "Traceback" not in wrong.stdout + wrong.stderr


@pytest.mark.parametrize(("turns", "edge"), [(0, "bottom"), (1, "left"), (2, "top"), (3, "right")])
def test_a_rotated_page_names_the_edges_as_the_page_is_shown(tmp_path: Path, turns: int, edge: str) -> None:
    """Text 1 mm above the bottom of the stored page: on a page shown a quarter turn clockwise (/Rotate 90) that
    is the left edge, and the position is measured from the shown page's lower-left corner."""
    from preflight_fixtures import MM, TRIM_H, TRIM_W, _rotated

    def near_stored_bottom(canvas: Canvas) -> None:
        canvas.setFillColorCMYK(*BLACK)
        canvas.setFont(FONT, 9)
        canvas.drawString(MEDIA_BLEED + 20 * MM, MEDIA_BLEED + 1 * MM, "Meldcode")

    path = make_pdf(tmp_path / "rotated.pdf", [near_stored_bottom], sizes=[(TRIM_H, TRIM_W)],
                    finish=_rotated(turns))
    finding, = only(preflight(path), "text-position").findings
    assert finding.id == "text.near-trim" and f"the trim ({edge})" in finding.message
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width_mm, descender_mm = stringWidth("Meldcode", FONT, 9) / MM, 0.2 * 9 / MM  # the text box's own measures
    expected = {0: (20.0, 1.0 - descender_mm), 1: (1.0 - descender_mm, TRIM_H / MM - 20.0 - width_mm),
                2: (TRIM_H / MM - 20.0 - width_mm, TRIM_W / MM - 1.0 - 0.75 * 9 / MM),
                3: (TRIM_W / MM - 1.0 - 0.75 * 9 / MM, 20.0)}[turns]
    assert finding.position == pytest.approx(expected, abs=0.06)  # mm from the shown trim's lower-left corner
