"""Images stage: logo files as delivered → checked pictures, colour-converted for the edition (Pillow).

Input: a logo file named by a region (PNG, JPEG or TIFF, as communication staff have it) and the size its
layout slot gives it. `open_logo` reads and fully decodes it (so a truncated JPEG fails here, with the file
named), `resolution_problem` judges its effective resolution at the placed size, and `prepare` returns the
pixels to embed: for print, CMYK through ImageCms from the file's embedded profile (sRGB when it has none) to
the output-intent profile, greyscale kept grey, transparency flattened on white; for screen, RGB (alpha kept),
downsampled to a sensible size. Vector logos (SVG, PDF, EPS) are refused with a message that says what to send.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import DataError, Problem

PRINT_PPI_WARN = 300.0
PRINT_PPI_FAIL = 150.0
SCREEN_PPI = 150.0
ACCEPTED = {"PNG", "JPEG", "TIFF"}
VECTOR_SUFFIXES = {".svg", ".svgz", ".pdf", ".eps", ".ai"}
MAX_PIXELS = 40_000_000  # a logo; anything bigger is a mistake (and a decompression bomb is refused)


@dataclass(frozen=True)
class Logo:
    """A logo as a region names it."""

    path: Path
    shown: str  # workspace-relative, for messages
    alt: str
    source: str  # "content/regions/x.yaml:7"


@dataclass(frozen=True)
class LogoPicture:
    """A decoded logo: what layout needs (pixel size) and what prepare converts."""

    logo: Logo
    width: int
    height: int
    mode: str
    digest: str  # sha256 of the file bytes: the same bytes give the same PDF


def _problem(logo: Logo, message: str, hint: str = "") -> DataError:
    return DataError(Problem.at(logo.source, "logos", f"{logo.shown}: {message}", hint))


def open_logo(logo: Logo) -> LogoPicture:
    """Read and decode the whole file; every way it can be unusable is a DataError naming file and region line."""
    import hashlib

    from PIL import Image, UnidentifiedImageError

    hint = "send a PNG, JPEG or TIFF of at least 300 ppi at the printed size"
    if logo.path.suffix.lower() in VECTOR_SUFFIXES:
        raise _problem(logo, "vector logos (SVG, PDF, EPS) are not supported yet",
                       "export it as a PNG or TIFF at 300 ppi at the printed size (about 1200 px wide)")
    try:
        raw = logo.path.read_bytes()
    except FileNotFoundError:
        raise _problem(logo, "file not found", "check the path: it is relative to the workspace") from None
    except OSError as exc:
        raise _problem(logo, f"cannot read the file: {exc.strerror}") from None
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in ACCEPTED:
                raise _problem(logo, f"{image.format} images are not accepted", hint)
            if image.width * image.height > MAX_PIXELS:
                raise _problem(logo, f"{image.width}×{image.height} px is far larger than a logo needs", hint)
            image.load()  # decode everything now: a truncated file fails here, not halfway through a build
            return LogoPicture(logo, image.width, image.height, image.mode, hashlib.sha256(raw).hexdigest())
    except DataError:
        raise
    except UnidentifiedImageError:
        raise _problem(logo, "not an image file (or a format Pillow cannot read)", hint) from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        reason = "the file is damaged or truncated" if "truncated" in str(exc) or isinstance(exc, OSError) \
            else f"cannot decode the image ({exc})"
        raise _problem(logo, reason, "export or download the logo again") from None


def effective_ppi(picture: LogoPicture, width_pt: float, height_pt: float) -> float:
    """Pixels per inch at the placed size (the smaller of both directions)."""
    return min(picture.width / (width_pt / 72.0), picture.height / (height_pt / 72.0))


def resolution_problem(picture: LogoPicture, width_pt: float, height_pt: float,
                       allow_low_res: bool) -> tuple[str, str]:
    """('error' | 'warning' | '', message) for the print edition at this placed size."""
    ppi = effective_ppi(picture, width_pt, height_pt)
    size = f"{width_pt * 25.4 / 72:.0f}×{height_pt * 25.4 / 72:.0f} mm"
    need = f"{round(width_pt / 72 * PRINT_PPI_WARN)}×{round(height_pt / 72 * PRINT_PPI_WARN)} px"
    if ppi < PRINT_PPI_FAIL and not allow_low_res:
        return "error", (f"{picture.logo.shown}: {ppi:.0f} ppi at the printed size ({picture.width}×{picture.height} px "
                         f"on {size}); print needs at least {PRINT_PPI_FAIL:.0f}, better {PRINT_PPI_WARN:.0f} ppi "
                         f"(send {need}, or build with --allow-low-res)")
    if ppi < PRINT_PPI_WARN:
        return "warning", (f"{picture.logo.shown}: {ppi:.0f} ppi at the printed size; {PRINT_PPI_WARN:.0f} ppi "
                           f"({need}) prints sharper")
    return "", ""


@lru_cache(maxsize=4)
def _cmyk_transform(source_profile: bytes | None, output_profile: Path):
    from PIL import ImageCms

    source = (ImageCms.ImageCmsProfile(io.BytesIO(source_profile)) if source_profile
              else ImageCms.createProfile("sRGB"))
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(str(output_profile)), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@lru_cache(maxsize=32)
def prepare(logo: Logo, digest: str, edition: str, width_pt: float, height_pt: float, output_profile: Path):
    """The PIL image to embed for `edition` (cached per file content, edition and size)."""
    from PIL import Image, ImageCms

    with Image.open(logo.path) as opened:
        opened.load()
        icc = opened.info.get("icc_profile")
        image = opened.copy()
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode.startswith("I"):  # 16-bit grey (mode I;16 or I): scale to 8 bits, never clip to white
        scale = 257 if image.getextrema()[1] > 255 else 1
        image = image.point(lambda v: v / scale).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode in ("RGB", "L") and "transparency" in image.info)
    grey = image.mode in ("1", "L", "LA")
    if edition == "screen":
        image = image.convert("LA" if grey and has_alpha else "L" if grey else "RGBA" if has_alpha else "RGB")
        target = (round(width_pt / 72 * SCREEN_PPI), round(height_pt / 72 * SCREEN_PPI))
        if image.width > target[0] * 1.2:
            image = image.resize(target, Image.Resampling.LANCZOS)
        return image
    if has_alpha:  # print: flatten on white paper (PDF/X-1a has no transparency)
        rgba = image.convert("LA" if grey else "RGBA")
        paper = Image.new(rgba.mode, rgba.size, (255, 255) if grey else (255, 255, 255, 255))
        image = Image.alpha_composite(paper.convert("RGBA"), rgba.convert("RGBA"))
        image = image.convert("L" if grey else "RGB")
    if grey:
        return image.convert("L")  # greyscale stays grey: DeviceGray prints with black ink only
    if image.mode == "CMYK":
        return image  # already separated by whoever made it
    if image.mode != "RGB":
        image = image.convert("RGB")
    try:
        return ImageCms.applyTransform(image, _cmyk_transform(icc, output_profile))
    except ImageCms.PyCMSError:  # a broken embedded profile: fall back to sRGB, which is what browsers do
        return ImageCms.applyTransform(image, _cmyk_transform(None, output_profile))
