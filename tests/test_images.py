"""Logos: decoding, resolution at the placed size, colour conversion per edition, and in the built PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from kaartgen import Options, build
from kaartgen.errors import DataError
from kaartgen.images import Logo, effective_ppi, open_logo, prepare, resolution_problem
from kaartgen.prepress import ICC_PROFILE

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
    return Logo(path, path.name, "Testlogo", "content/regions/testland.yaml:8")


def test_rgb_png_becomes_cmyk_for_print_and_stays_rgb_for_screen(tmp_path):
    picture = open_logo(as_logo(logo_file(tmp_path, "logo.png")))
    assert (picture.width, picture.height, picture.mode) == (600, 240, "RGB")
    printed = prepare(picture.logo, picture.digest, "print", 50 * MM, 20 * MM, ICC_PROFILE)
    assert printed.mode == "CMYK"
    c, m, y, k = printed.getpixel((300, 120))
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


def test_effective_resolution_at_the_placed_size(tmp_path):
    picture = open_logo(as_logo(logo_file(tmp_path, "logo.png", size=(600, 240))))
    assert effective_ppi(picture, 2 * 72, 0.8 * 72) == pytest.approx(300)
    assert resolution_problem(picture, 2 * 72, 0.8 * 72, allow_low_res=False) == ("", "")
    level, message = resolution_problem(picture, 3 * 72, 1.2 * 72, allow_low_res=False)
    assert level == "warning" and "200 ppi" in message
    level, message = resolution_problem(picture, 600 / 72 * 72, 240 / 72 * 72, allow_low_res=False)
    assert level == "error" and "72 ppi" in message and "--allow-low-res" in message
    assert resolution_problem(picture, 600, 240, allow_low_res=True)[0] == "warning"


def test_truncated_jpeg_fails_naming_the_file_and_region_line(tmp_path):
    path = logo_file(tmp_path, "logo.jpg", size=(800, 300), format="JPEG", quality=90)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(DataError) as info:
        open_logo(as_logo(path))
    assert "content/regions/testland.yaml:8: logos: logo.jpg: the file is damaged or truncated" in str(info.value)


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
    with pytest.raises(DataError, match="GIF images are not accepted .*PNG, JPEG or TIFF"):
        open_logo(as_logo(path))
