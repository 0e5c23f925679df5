"""Previews and proofs (issue: proofs people can look at), and visual regression tests of the reference edition.

Golden pictures: `tests/golden/<pdf stem>-p<N>.png`, every page of the reference edition (signalenkaart, nl,
ijsselland, print) of every layout at 30 dpi. A page matches its golden when the mean absolute difference is
under 1.5 per channel and fewer than 0.5 % of its pixels differ by more than 40; otherwise the test writes the
actual picture and an amplified diff (differences in red over the faded golden) to `tests/_failures/` and names
them in its message. After an intended visual change, look at those diffs, then regenerate the goldens with

    KAARTGEN_REGENERATE_GOLDENS=1 python -m pytest tests/test_preview.py

and commit the new pictures with the change that caused them.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageStat

from kaartgen import KaartgenError, Options, Stage, build, run_edition
from kaartgen.backends.colour import ICC_PROFILE
from kaartgen.backends.raster import png_bytes, rasterise
from kaartgen.cli import main
from kaartgen.cli.preview import preview as preview_command
from kaartgen.model.plan import Box, Rule
from kaartgen.pipeline.inputs import Inputs
from kaartgen.tools.preview import (
    check_pages_match,
    edition_geometry,
    make_proof,
    page_png_name,
    render_pages,
    write_proof,
)

from conftest import LAYOUTS, REPO

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
FAILURE_DIR = Path(__file__).resolve().parent / "_failures"
GOLDEN_DPI = 30
MAX_MEAN_DIFF = 1.5  # per channel, 0–255
BIG_DIFF = 40  # a pixel differs "much" when a channel is off by more than this
MAX_BIG_SHARE = 0.005  # of all pixels
REGENERATE = os.environ.get("KAARTGEN_REGENERATE_GOLDENS") == "1"
REGENERATE_COMMAND = "KAARTGEN_REGENERATE_GOLDENS=1 python -m pytest tests/test_preview.py"
MM = 72 / 25.4


# --------------------------------------------------------------------------- visual regression machinery


def difference(actual: Image.Image, golden: Image.Image) -> tuple[float, float, Image.Image]:
    """(largest per-channel mean absolute difference, share of pixels off by > BIG_DIFF, per-pixel max diff)."""
    diff = ImageChops.difference(actual.convert("RGB"), golden.convert("RGB"))
    mean = max(ImageStat.Stat(diff).mean)
    red, green, blue = diff.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    big = largest.point(lambda v: 255 if v > BIG_DIFF else 0).histogram()[255]
    return mean, big / (diff.width * diff.height), largest


def diff_picture(golden: Image.Image, largest: Image.Image) -> Image.Image:
    """Differences amplified 8× in red over the golden faded to light grey."""
    faded = Image.blend(golden.convert("L").convert("RGB"), Image.new("RGB", golden.size, "white"), 0.7)
    amplified = largest.point(lambda v: min(255, v * 8))
    return Image.composite(Image.new("RGB", golden.size, (220, 0, 0)), faded, amplified)


def check_against_goldens(pdf: Path, golden_dir: Path, failure_dir: Path = FAILURE_DIR, *,
                          regenerate: bool = REGENERATE, dpi: float = GOLDEN_DPI) -> list[Path]:
    """Every page of `pdf` against `golden_dir/<stem>-p<N>.png`; with `regenerate`, (re)write the goldens."""
    goldens = []
    problems = []
    for number, page in enumerate(rasterise(pdf, dpi), 1):
        name = page_png_name(pdf, number)
        golden_path = golden_dir / name
        goldens.append(golden_path)
        if regenerate:
            golden_dir.mkdir(parents=True, exist_ok=True)
            golden_path.write_bytes(png_bytes(page.image))
            continue
        if not golden_path.is_file():
            problems.append(f"{golden_path}: no golden picture; make it with: {REGENERATE_COMMAND}")
            continue
        with Image.open(golden_path) as opened:
            golden = opened.convert("RGB")
        actual_path = failure_dir / name
        diff_path = failure_dir / name.replace(".png", "-diff.png")
        if golden.size != page.image.size:
            failure_dir.mkdir(parents=True, exist_ok=True)
            page.image.save(actual_path)
            problems.append(f"{name}: {page.image.size[0]}×{page.image.size[1]} px, golden "
                            f"{golden.size[0]}×{golden.size[1]} px (page size changed); actual in {actual_path}")
            continue
        mean, share, largest = difference(page.image, golden)
        if mean >= MAX_MEAN_DIFF or share >= MAX_BIG_SHARE:
            failure_dir.mkdir(parents=True, exist_ok=True)
            page.image.save(actual_path)
            diff_picture(golden, largest).save(diff_path)
            problems.append(f"{name}: differs from golden {golden_path} (mean difference {mean:.2f} per channel, "
                            f"limit {MAX_MEAN_DIFF}; {share:.2%} of pixels off by more than {BIG_DIFF}, limit "
                            f"{MAX_BIG_SHARE:.1%}); actual in {actual_path}, diff in {diff_path}")
    if problems:
        raise AssertionError("\n".join(problems) + f"\nif the change is intended: {REGENERATE_COMMAND}")
    return goldens


@pytest.fixture
def reference(reference_build) -> dict[str, Path]:
    return reference_build


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reference_edition_looks_like_its_golden_pictures(reference, layout):
    goldens = check_against_goldens(reference[layout], GOLDEN_DIR)
    assert len(goldens) == {"zfold-a4": 2, "rollfold-a4": 2, "gatefold-a4": 2}.get(layout, 1)


def test_a_2mm_margin_change_fails_with_a_diff_until_the_goldens_are_regenerated(workspace, tmp_path):
    goldens, failures, out = tmp_path / "golden", tmp_path / "failures", tmp_path / "out"
    pdf = build(workspace, layouts=["zfold-a4"], out_dir=out).results[0].path
    check_against_goldens(pdf, goldens, failures, regenerate=True)
    check_against_goldens(pdf, goldens, failures, regenerate=False)

    layout = workspace / "layouts" / "zfold-a4.yaml"
    text = layout.read_text(encoding="utf-8")
    assert "safe: 7mm" in text
    layout.write_text(text.replace("safe: 7mm", "safe: 9mm", 1), encoding="utf-8")
    report = build(workspace, layouts=["zfold-a4"], out_dir=out)
    assert report.results[0].status == "built"
    with pytest.raises(AssertionError) as failed:
        check_against_goldens(pdf, goldens, failures, regenerate=False)
    diff = failures / f"{pdf.stem}-p1-diff.png"
    assert f"diff in {diff}" in str(failed.value) and REGENERATE_COMMAND in str(failed.value)
    with Image.open(diff) as picture, Image.open(goldens / f"{pdf.stem}-p1.png") as golden:
        assert picture.size == golden.size

    check_against_goldens(pdf, goldens, failures, regenerate=True)
    check_against_goldens(pdf, goldens, failures, regenerate=False)


# --------------------------------------------------------------------------- page pictures


def test_render_pages_writes_one_png_per_page_beside_the_pdf_or_in_a_folder(reference, tmp_path):
    pdf = reference["zfold-a4"]
    written = render_pages(pdf, 40)
    assert [p.name for p in written] == [f"{pdf.stem}-p1.png", f"{pdf.stem}-p2.png"]
    assert all(p.parent == pdf.parent for p in written)
    media_mm = (297 + 6, 210 + 6)  # trim plus 3 mm bleed each side
    for path in written:
        data = path.read_bytes()
        assert b"tIME" not in data and b"tEXt" not in data and b"iTXt" not in data  # no timestamps
        with Image.open(path) as image:
            assert all(abs(got - mm * MM * 40 / 72) <= 1 for got, mm in zip(image.size, media_mm, strict=True))
    again = render_pages(pdf, 40, tmp_path / "pictures")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]  # same PDF, same bytes


def test_crop_marks_are_dark_exactly_where_the_plan_puts_them_and_the_cover_bleeds_3mm(tmp_path):
    dpi = 288  # 4 px per pt: a 0.25 pt mark is about one pixel wide
    s = dpi / 72
    options = Options(marks=True, record=False)
    pdf = build(REPO, layouts=["zfold-a4"], out_dir=tmp_path, options=options).results[0].path
    geometry = geometry_of(edition_name(pdf, "zfold-a4"), Options(marks=True))
    plan, frame = geometry.plan, geometry.plan.frame
    page = rasterise(pdf, dpi)[0]  # outside: the plum cover on the right
    check_pages_match(geometry, [page, page], pdf)
    image = page.image.convert("L")
    media_h = plan.trim_h + 2 * frame.margin
    b = plan.bleed
    assert frame.margin > b + 7 * MM  # room for the marks outside the bleed

    def pixel(x: float, y: float) -> int:  # trim coordinates (pt) → grey value at that spot
        return image.getpixel((math.floor((frame.margin + x) * s), math.floor((media_h - frame.margin - y) * s)))

    def darkest(x: float, y: float, horizontal: bool) -> int:  # across a line, one pixel either side
        return min(pixel(x + (0 if horizontal else d / s), y + (d / s if horizontal else 0)) for d in (-1, 0, 1))

    rules = [item for item in plan.pages[0].marks if isinstance(item, Rule)]
    assert len(rules) == 8 + 2 * len(plan.pages[0].folds)
    for rule in rules:
        horizontal = rule.y1 == rule.y2
        for t in (0.15, 0.5, 0.85) if not rule.dash else (0.1,):
            x, y = rule.x1 + t * (rule.x2 - rule.x1), rule.y1 + t * (rule.y2 - rule.y1)
            assert darkest(x, y, horizontal) < 110, (rule, t)
            off = 5 / s  # five pixels beside the mark: paper
            assert pixel(x + (0 if horizontal else off), y + (off if horizontal else 0)) > 235, (rule, t)
        # between the bleed edge and the start of the mark (the 2 mm gap): paper, so no mark enters the bleed
        gap = 1.0 * MM
        x = rule.x1 - gap * (1 if rule.x2 > rule.x1 else -1) if horizontal else rule.x1
        y = rule.y1 if horizontal else rule.y1 - gap * (1 if rule.y2 > rule.y1 else -1)
        assert darkest(x, y, horizontal) > 235, rule

    cover = [i for i in plan.pages[0].items if isinstance(i, Box) and i.colour == "plum"]
    assert cover and abs(cover[0].rect.right - (plan.trim_w + b)) < 0.01  # the plan bleeds the cover by 3 mm
    rgb = page.image
    y_mid = plan.trim_h / 2

    def colour(x: float) -> tuple[int, int, int]:
        return rgb.getpixel((math.floor((frame.margin + x) * s), math.floor((media_h - frame.margin - y_mid) * s)))

    plum = colour(plan.trim_w - 2 * MM)  # the cover's margin, outside its safe area: nothing but background
    assert plum[1] < 80 and plum[0] > plum[1] + 40 and plum[2] > plum[1] + 40, plum
    for x in (plan.trim_w + 0.5 / s, plan.trim_w + b - 1.5 / s):  # just past the trim, just inside the bleed
        assert all(abs(a - c) <= 3 for a, c in zip(colour(x), plum, strict=True)), (x, colour(x), plum)
    assert min(colour(plan.trim_w + b + 1.5 / s)) > 245  # just past the bleed: paper


def test_screen_edition_has_no_bleed_its_page_is_the_trim(tmp_path):
    pdf = build(REPO, layouts=["zfold-a4"], editions=["screen"], out_dir=tmp_path).results[0].path
    page = rasterise(pdf, 72)[0]  # the cover: one page per panel
    assert page.media == pytest.approx((0, 0, 99 * MM, 210 * MM), abs=0.01)
    assert page.trim == page.media
    assert page.image.size == (math.ceil(99 * MM), math.ceil(210 * MM))
    right_edge = page.image.getpixel((page.image.width - 1, page.image.height // 2))
    inside = page.image.getpixel((page.image.width - 1 - round(2 * MM), page.image.height // 2))
    assert right_edge == inside and right_edge[1] < 80  # the cover's colour runs to the edge of the page


# --------------------------------------------------------------------------- proofs


def edition_name(pdf: Path, layout: str, lang: str = "nl", edition: str = "print", draft: bool = False):
    from kaartgen import EditionName

    name = EditionName("signalenkaart", layout, "ijsselland", lang, edition, draft)
    assert pdf.name == f"{name.stem}.pdf"
    return name


def geometry_of(name, options: Options | None = None):
    """The proof's view of an edition: its plan as the chain makes it with these options."""
    inputs = Inputs(REPO)
    options = options or Options()
    result, _entry = run_edition(inputs, name, options, until=Stage.PLAN, keep_plan=True)
    assert result.ok, result.message
    return edition_geometry(inputs, result, options)


def colour_share(image: Image.Image, box: tuple[int, int, int, int], test) -> float:
    data = image.crop(box).convert("RGB").tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3], strict=True))
    return sum(1 for p in pixels if test(p)) / len(pixels)


def is_magenta(p) -> bool:
    return p[0] > 170 and p[1] < 90 and p[2] > 70


def is_cyan(p) -> bool:
    return p[0] < 90 and p[1] > 120 and p[2] > 180


def is_green(p) -> bool:
    return p[1] > 110 and p[0] < 100 and p[2] < 140


def test_proof_draws_trim_folds_and_safe_areas_where_the_plan_puts_them(reference):
    dpi = 60
    pdf = reference["zfold-a4"]
    geometry = geometry_of(edition_name(pdf, "zfold-a4"))
    plan, frame = geometry.plan, geometry.plan.frame
    proof = make_proof(pdf, geometry, dpi)
    image = proof.image
    media_h = plan.trim_h + 2 * frame.margin
    assert len(proof.origins) == 2
    for side, page in enumerate(plan.pages):
        def at(x, y, side=side):
            px, py = proof.point(side, x, y, frame.margin, media_h)
            return round(px), round(py)

        top_y = at(0, plan.trim_h * 0.75)[1], at(0, plan.trim_h * 0.25)[1]
        for fold in page.folds:  # dash-dot magenta along each fold, nowhere a few mm beside it
            x = at(fold, 0)[0]
            assert colour_share(image, (x - 1, top_y[0], x + 2, top_y[1]), is_magenta) > 0.15, (side, fold)
            beside = at(fold + 3 * MM, 0)[0]
            assert colour_share(image, (beside - 1, top_y[0], beside + 2, top_y[1]), is_magenta) == 0
        left, top = at(plan.trim_w * 0.1, plan.trim_h)  # solid cyan along the top trim edge
        right, _ = at(plan.trim_w * 0.9, plan.trim_h)
        assert colour_share(image, (left, top - 1, right, top + 2), is_cyan) > 0.3
        for _pid, _rect, safe in page.panels:  # dotted green along each safe area's left edge
            x = at(safe.x, 0)[0]
            assert colour_share(image, (x - 1, top_y[0], x + 2, top_y[1]), is_green) > 0.08, (side, _pid)
    # the page pictures sit where the origins say: the cover's plum margin is plum on the sheet too
    x, y = proof.point(0, plan.trim_w - 2 * MM, plan.trim_h / 2, frame.margin, media_h)
    p = image.getpixel((round(x), round(y)))
    assert p[1] < 80 and p[0] > p[1] + 40, p


def test_proof_lists_every_source_file_and_writes_stable_png_and_one_page_pdf(tmp_path):
    report = build(REPO, layouts=["rollfold-a4"], langs=["en"], options=Options(draft=True), out_dir=tmp_path)
    pdf = report.results[0].path
    geometry = geometry_of(report.results[0].name, Options(draft=True))
    roles = [role for role, _ in geometry.sources]
    fonts = list(dict.fromkeys(path for _face, path in sorted(geometry.spec.fonts.items())))
    # every file the build's inputs hash covers: fonts and the output-intent profile too
    assert roles == ["content", "translation", "region", "region", "layout"] + ["font"] * len(fonts) + ["ICC profile"]
    assert [path for role, path in geometry.sources if role == "font"] == fonts
    assert geometry.sources[-1][1] == ICC_PROFILE
    assert geometry.shown(ICC_PROFILE).endswith("kaartgen/data/FOGRA39L.icc")
    assert [geometry.shown(p) for _, p in geometry.sources][:2] == ["content/signalenkaart/nl.yaml",
                                                                    "content/signalenkaart/locales/en.po"]
    assert geometry.cover()[1] == "cover"
    png, proof_pdf = write_proof(pdf, geometry, 40)
    assert png.parent == pdf.parent / "proofs" and png.name == f"{pdf.stem}-proof.png"
    first = png.read_bytes(), proof_pdf.read_bytes()
    write_proof(pdf, geometry, 40)
    assert (png.read_bytes(), proof_pdf.read_bytes()) == first
    assert b"tIME" not in first[0]
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(first[1]))
    assert len(reader.pages) == 1 and reader.metadata["/CreationDate"].startswith("D:2026")


def test_proof_caption_names_the_pdfx_level_and_hashes_fonts_and_profile(reference):
    from kaartgen.pipeline.output import sha256
    from kaartgen.tools.preview import _Caption, _Fonts

    pdf = reference["zfold-a4"]
    geometry = geometry_of(edition_name(pdf, "zfold-a4"), Options(pdfx="1a"))
    caption = _Caption(geometry, pdf, _Fonts(geometry.plan.fonts, 1.0), round)
    assert ("Edition", "print — PDF/X-1a:2001, CMYK, 3 mm bleed") in caption.facts
    files = {role: (shown, digest) for role, shown, digest in caption.files}
    assert files["ICC profile"] == (geometry.shown(ICC_PROFILE), sha256(ICC_PROFILE.read_bytes()))
    regular = geometry.spec.fonts["regular"]
    assert ("font", geometry.shown(regular), sha256(regular.read_bytes())) in caption.files


def test_proof_refuses_a_pdf_that_does_not_match_its_plan(reference):
    pdf = reference["zfold-a4"]  # built without marks
    geometry = geometry_of(edition_name(pdf, "zfold-a4"), Options(marks=True))
    with pytest.raises(KaartgenError, match=r"MediaBox .* but its plan says .*rebuild it"):
        make_proof(pdf, geometry, 20)


def test_first_panel_is_the_proofs_folded_view_of_a_poster(reference):
    geometry = geometry_of(edition_name(reference["poster-a3"], "poster-a3"))
    assert geometry.cover()[:2] == (0, geometry.plan.pages[0].panels[0][0])


# --------------------------------------------------------------------------- command line


def test_kaartgen_preview_is_a_command_of_the_cli():
    assert main.commands.get("preview") is preview_command, \
        "kaartgen.cli must register kaartgen.cli.preview.preview"


def test_cli_preview_writes_pages_beside_the_pdfs_and_proofs_in_proofs(workspace):
    result = CliRunner().invoke(preview_command, ["-w", str(workspace), "-l", "zfold-a4", "-r", "testland",
                                       "--dpi", "20", "--proof"])
    assert result.exit_code == 0, result.output
    folder = workspace / "output" / "signalenkaart" / "testland" / "nl"
    stem = "signalenkaart_zfold-a4_testland_nl_print"
    assert sorted(p.name for p in folder.glob("*.png")) == [f"{stem}-p1.png", f"{stem}-p2.png"]
    assert sorted(p.name for p in (folder / "proofs").iterdir()) == [f"{stem}-proof.pdf", f"{stem}-proof.png"]
    assert [p.name for p in folder.glob("*.pdf")] == [f"{stem}.pdf"]  # `*.pdf` there: print files only
    assert result.output.splitlines()[0] == "[1/1] signalenkaart/zfold-a4/testland/nl/print"
    assert result.output.splitlines()[-1] == "1 previewed, 0 failed"


def test_cli_preview_to_a_folder_and_exit_codes(workspace, tmp_path):
    runner = CliRunner()
    out = tmp_path / "pictures"
    result = runner.invoke(preview_command, ["-w", str(workspace), "-l", "poster-a3", "--edition", "screen",
                                  "--dpi", "20", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 previewed, 0 failed\n"
    assert sorted(p.name for p in out.iterdir()) == [  # the screen edition: one page per box of the poster
        f"signalenkaart_poster-a3_ijsselland_nl_screen-p{n}.png" for n in range(1, 7)]

    draft = runner.invoke(preview_command, ["-w", str(workspace), "-l", "zfold-a4", "--lang", "en", "--dpi", "20"])
    assert draft.exit_code == 1
    assert "FAILED signalenkaart/zfold-a4/ijsselland/en/print" in draft.output and "--draft" in draft.output
    assert draft.output.splitlines()[-1] == "0 previewed, 1 failed"

    usage = runner.invoke(preview_command, ["-w", str(workspace), "--dpi", "5"])
    assert usage.exit_code == 2 and "--dpi" in usage.output
