"""Images backend: a decoded logo → the pixels to embed for one edition, colour-converted (Pillow, ImageCms).

For print, CMYK through ImageCms from the file's embedded profile (sRGB when it has none) to the output-intent
profile, greyscale kept grey, transparency flattened on white (PDF/X-1a has none); for screen, RGB with alpha
kept, downsampled to a sensible size. The result is a `PreparedImage` (mode, size, raw bytes) that the plan
carries, so the PDF backend draws it without knowing where it came from.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.plan import PreparedImage
from ..model.region import Logo, LogoPicture

if TYPE_CHECKING:
    from PIL import Image

SCREEN_PPI = 150.0


def prepared(picture: LogoPicture, edition: str, width_pt: float, height_pt: float,
             output_profile: Path) -> PreparedImage:
    """The pixels of `picture` for `edition` at its placed size (cached per file content, edition and size)."""
    image = prepare(picture.logo, picture.digest, edition, width_pt, height_pt, output_profile)
    return PreparedImage(image.mode, image.width, image.height, image.tobytes(), picture.digest)


@lru_cache(maxsize=4)
def _cmyk_transform(source_profile: bytes | None, output_profile: Path) -> Any:
    from PIL import ImageCms

    source = (ImageCms.ImageCmsProfile(io.BytesIO(source_profile)) if source_profile
              else ImageCms.createProfile("sRGB"))
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(str(output_profile)), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@lru_cache(maxsize=32)
def prepare(logo: Logo, digest: str, edition: str, width_pt: float, height_pt: float,
            output_profile: Path) -> Image.Image:
    """The PIL image to embed for `edition` (cached per file content, edition and size)."""
    from PIL import Image, ImageCms, ImageOps

    with Image.open(logo.path) as opened:
        opened.load()
        icc = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened)  # upright, as the file's EXIF orientation says (a copy)
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode.startswith("I"):  # 16-bit grey (mode I;16 or I): scale to 8 bits, never clip to white
        extrema = image.getextrema()
        scale = 257 if isinstance(extrema[1], (int, float)) and extrema[1] > 255 else 1
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
        converted = ImageCms.applyTransform(image, _cmyk_transform(icc, output_profile))
    except ImageCms.PyCMSError:  # a broken embedded profile: fall back to sRGB, which is what browsers do
        converted = ImageCms.applyTransform(image, _cmyk_transform(None, output_profile))
    assert converted is not None  # applyTransform returns None only when converting in place
    return converted
