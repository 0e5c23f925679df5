"""Logos: decoding, resolution at the placed size, colour conversion per edition, and in the built PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from kaartgen import DataError, build
from kaartgen.backends.colour import ICC_PROFILE
from kaartgen.backends.images import prepare
from kaartgen.cli import main
from kaartgen.layout.checks import effective_ppi, picture_diagnostic
from kaartgen.load.logos import open_logo
from kaartgen.model.diagnostics import SourceRef
from kaartgen.model.plan import Picture
from kaartgen.model.region import Logo

from conftest import plan_of

MM = 72 / 25.4


def logo_file(folder: Path, name: str, size=(600, 240), mode="RGB", colour=(180, 30, 90), **save) -> Path:
    path = folder / name
    image = Image.new(mode, size, colour if mode != "RGBA" else colour + (255,))
    if mode == "RGBA":  # a transparent margin, as web logos have
        for x in range(size[0] // 10):
            for y in range(size[1]):
                image.putpixel((x, y), (0, 0, 0, 0))
    image.save(path, **save)
    return path


def as_logo(path: Path) -> Logo:
    return Logo(path, path.name, "Testlogo", SourceRef("content/regions/testland.yaml", 8))


def test_rgb_png_becomes_cmyk_for_print_and_stays_rgb_for_screen(tmp_path):
    picture = open_logo(as_logo(logo_file(tmp_path, "logo.png")))
    assert (picture.width, picture.height, picture.mode) == (600, 240, "RGB")
    printed = prepare(picture.logo, picture.digest, "print", 50 * MM, 20 * MM, ICC_PROFILE)
    assert printed.mode == "CMYK"
    c, m, _y, _k = printed.getpixel((300, 120))
    assert m > 150 and c < 80  # a magenta-red stays magenta-red
    screen = prepare(picture.logo, picture.digest, "screen", 50 * MM, 20 * MM, ICC_PROFILE)
    assert screen.mode == "RGB"


def test_greyscale_stays_grey_and_transparency_is_flattened_on_white(tmp_path):
    grey = open_logo(as_logo(logo_file(tmp_path, "grey.png", mode="L", colour=90)))
    assert prepare(grey.logo, grey.digest, "print", 40 * MM, 16 * MM, ICC_PROFILE).mode == "L"
    alpha = open_logo(as_logo(logo_file(tmp_path, "alpha.png", mode="RGBA")))
    printed = prepare(alpha.logo, alpha.digest, "print", 40 * MM, 16 * MM, ICC_PROFILE)
    assert printed.mode == "CMYK" and printed.getpixel((1, 1)) == (0, 0, 0, 0)  # paper white, no ink
    assert prepare(alpha.logo, alpha.digest, "screen", 40 * MM, 16 * MM, ICC_PROFILE).mode == "RGBA"


def test_screen_images_are_downsampled(tmp_path):
    big = open_logo(as_logo(logo_file(tmp_path, "big.png", size=(3000, 1200))))
    screen = prepare(big.logo, big.digest, "screen", 50 * MM, 20 * MM, ICC_PROFILE)
    assert screen.width == round(50 / 25.4 * 150)


def _placed(picture, width_pt: float, height_pt: float) -> Picture:
    from kaartgen.model.geometry import Rect
    from kaartgen.model.plan import PreparedImage

    logo = picture.logo
    return Picture(Rect(0, 0, width_pt, height_pt), PreparedImage("RGB", 1, 1, b"\0\0\0", picture.digest),
                   logo.shown, logo.alt, logo.source, (picture.width, picture.height))


def test_effective_resolution_at_the_placed_size(tmp_path):
    from kaartgen import Severity

    picture = open_logo(as_logo(logo_file(tmp_path, "logo.png", size=(600, 240))))
    assert effective_ppi((picture.width, picture.height), 2 * 72, 0.8 * 72) == pytest.approx(300)
    assert picture_diagnostic(_placed(picture, 2 * 72, 0.8 * 72), allow_low_res=False) is None
    warned = picture_diagnostic(_placed(picture, 3 * 72, 1.2 * 72), allow_low_res=False)
    assert warned.severity is Severity.WARNING and "200 ppi" in warned.message
    refused = picture_diagnostic(_placed(picture, 600 / 72 * 72, 240 / 72 * 72), allow_low_res=False)
    assert refused.severity is Severity.ERROR and "72 ppi" in refused.message and "--allow-low-res" in refused.hint
    assert refused.file == "content/regions/testland.yaml" and refused.line == 8
    assert picture_diagnostic(_placed(picture, 600, 240), allow_low_res=True).severity is Severity.WARNING



def test_truncated_jpeg_fails_naming_the_file_and_region_line(tmp_path):
    path = logo_file(tmp_path, "logo.jpg", size=(800, 300), format="JPEG", quality=90)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(DataError) as info:
        open_logo(as_logo(path))
    assert ("content/regions/testland.yaml:8: error: logos: logo.jpg: the file is damaged or truncated"
            in str(info.value))


@pytest.mark.parametrize("name, content, message", [
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "vector logos (SVG, PDF, EPS) are not supported yet"),
    ("logo.png", b"this is not a picture", "not an image file"),
    ("missing.png", None, "file not found"),
])
def test_unusable_logo_files_are_named(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError, match=re.escape(message)):
        open_logo(as_logo(path))


def test_gif_is_refused_with_what_to_send(tmp_path):
    path = logo_file(tmp_path, "logo.gif", mode="P", colour=3, format="GIF")
    with pytest.raises(DataError, match=r"GIF images are not accepted .*PNG, JPEG or TIFF"):
        open_logo(as_logo(path))


# --------------------------------------------------------------------------- logos in regional editions

def give_testland_a_logo(workspace: Path, size=(1200, 480), name="logo.png", **save) -> Path:
    (workspace / "logos").mkdir(exist_ok=True)
    path = logo_file(workspace / "logos", name, size=size, **save)
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text() + f"logos:\n  - file: logos/{name}\n    alt: Zorgpunt Testland\n")
    return path


def image_xobjects(pdf: Path) -> list:
    found = []
    for page in PdfReader(pdf).pages:
        for _name, ref in page["/Resources"].get("/XObject", {}).items():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                found.append((ref.idnum, obj))
    return found


def test_rgb_logo_is_cmyk_in_print_and_rgb_on_screen(workspace: Path, tmp_path: Path):
    give_testland_a_logo(workspace)
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], editions=["print", "screen"],
                   out_dir=tmp_path)
    assert report.ok, [r.message for r in report.results]
    printed, screen = (r.path for r in report.results)
    [(_id, image)] = image_xobjects(printed)
    assert image["/ColorSpace"] == "/DeviceCMYK" and image["/Width"] == 1200
    [(_id, image)] = image_xobjects(screen)
    assert image["/ColorSpace"] == "/DeviceRGB" and image["/Width"] < 1200  # downsampled for e-mail
    from kaartgen.tools.preflight import preflight
    assert preflight(printed).ok


def test_a_72_ppi_logo_fails_check_with_its_effective_resolution(workspace: Path):
    give_testland_a_logo(workspace, size=(92, 37))  # 72 ppi at the 13 mm high slot
    result = CliRunner().invoke(main, ["check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4"])
    assert result.exit_code == 1
    assert "content/regions/testland.yaml:10: error: logos: logos/logo.png: 72 ppi at the printed size" in result.output
    allowed = CliRunner().invoke(main, ["check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4",
                                        "--allow-low-res"])
    assert allowed.exit_code == 0 and "content/regions/testland.yaml:10: warning: logos:" in allowed.output


def test_a_truncated_jpeg_fails_check_naming_the_file(workspace: Path):
    path = give_testland_a_logo(workspace, name="logo.jpg", format="JPEG", quality=90)
    path.write_bytes(path.read_bytes()[:2000])
    result = CliRunner().invoke(main, ["check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4"])
    assert result.exit_code == 1
    assert ("content/regions/testland.yaml:10: error: logos: logos/logo.jpg: the file is damaged or truncated"
            in result.output)


def test_a_missing_logo_file_is_reported_at_its_line(workspace: Path):
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text() + "logos:\n  - file: logos/nope.png\n")
    result = CliRunner().invoke(main, ["check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4"])
    assert "content/regions/testland.yaml:10: error: logos.0.file: 'logos/nope.png': file not found" in result.output


def test_a_region_without_logos_leaves_no_empty_slot(workspace: Path):
    plan = plan_of(workspace, "zfold-a4", "testland")
    assert not plan.items(Picture)
    # The same layout without the slot gives exactly the same plan: the slot closes up.
    layout = workspace / "layouts/zfold-a4.yaml"
    text = layout.read_text()
    slot = next(line for line in text.splitlines(keepends=True) if "{logos: left" in line)
    layout.write_text(text.replace(slot, ""))
    assert plan_of(workspace, "zfold-a4", "testland").pages == plan.pages


def test_a_logo_used_on_both_sides_is_embedded_once_and_builds_reproducibly(workspace: Path, tmp_path: Path):
    give_testland_a_logo(workspace)
    layout = workspace / "layouts/zfold-a4.yaml"
    layout.write_text(layout.read_text().replace(
        "content: [conversation_heading, helps_heading, helps, hinders_heading, hinders]",
        "content: [conversation_heading, helps_heading, helps, hinders_heading, hinders, {logos: right}]").replace(
        "content: [why_signal, signals_heading,",
        "content: [{logos: center, height: 8mm}, why_signal, signals_heading,"))
    first = build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path / "a").results[0]
    assert first.ok, first.message
    drawn = image_xobjects(first.path)
    assert len(drawn) >= 2 and len({idnum for idnum, _ in drawn}) <= 2  # one object per placed size at most
    second = build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path / "b").results[0]
    assert first.path.read_bytes() == second.path.read_bytes()


def test_a_16_bit_grey_logo_keeps_its_tones(tmp_path):
    """Pillow opens 16-bit grey PNGs as I;16; converting straight to L would clip every mid-grey to white."""
    path = tmp_path / "grey16.png"
    image = Image.new("I;16", (900, 360), 32768)
    image.save(path)
    picture = open_logo(as_logo(path))
    printed = prepare(picture.logo, picture.digest, "print", 60 * MM, 24 * MM, ICC_PROFILE)
    assert printed.mode == "L" and 120 <= printed.getpixel((10, 10)) <= 135


def test_a_jpeg_with_exif_orientation_is_judged_and_printed_upright(tmp_path):
    """A phone stores the photo as the sensor saw it and says "turn 90° clockwise" in EXIF (orientation 6)."""
    stored = Image.new("RGB", (600, 240), (255, 255, 255))
    for x in range(60):  # a dark band on the stored left edge: upright, it is along the top
        for y in range(240):
            stored.putpixel((x, y), (20, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    path = tmp_path / "phone.jpg"
    stored.save(path, exif=exif.tobytes(), quality=95)
    picture = open_logo(as_logo(path))
    assert (picture.width, picture.height) == (240, 600)  # judged at its upright size
    printed = prepare(picture.logo, picture.digest, "screen", 24 * MM, 60 * MM, ICC_PROFILE)
    assert printed.width < printed.height
    top, bottom = printed.getpixel((printed.width // 2, 2)), printed.getpixel((printed.width // 2, printed.height - 3))
    assert sum(top) < 150 and sum(bottom) > 600  # the band is at the top, as the photo showed it


def test_a_logo_with_a_damaged_colour_profile_is_refused_by_name(tmp_path):
    path = tmp_path / "damaged-icc.png"
    Image.new("RGB", (600, 240), (200, 10, 10)).save(path, icc_profile=b"not a colour profile at all")
    with pytest.raises(DataError) as refused:
        open_logo(as_logo(path))
    [found] = refused.value.diagnostics
    assert (found.file, found.line) == ("content/regions/testland.yaml", 8)
    assert str(found.message) == ("damaged-icc.png: its embedded colour profile (ICC) is damaged, so its colours "
                                  "cannot be converted for print")
