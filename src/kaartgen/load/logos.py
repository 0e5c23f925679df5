"""Logo files → `LogoPicture`: a region's logo read, fully decoded and checked (Pillow), and judged at its size.

Input: a logo file named by a region (PNG, JPEG or TIFF, as communication staff have it). `open_logo` reads and
fully decodes it (so a truncated JPEG fails here, with the file named) and turns it upright as its EXIF
orientation says (a photo of a logo taken with a phone); its resolution at the size its layout
slot gives it is judged on the plan (:mod:`kaartgen.layout.checks`). Vector logos (SVG, PDF, EPS) are refused with a
message that says what to send. The pixels to embed are made by :mod:`kaartgen.backends.images`.
"""

from __future__ import annotations

import io

from ..model.diagnostics import DataError
from ..model.messages import T
from ..model.region import Logo, LogoPicture
from .yamlfile import read_regular_file

ACCEPTED = {"PNG", "JPEG", "TIFF"}
VECTOR_SUFFIXES = {".svg", ".svgz", ".pdf", ".eps", ".ai"}
MAX_LOGO_BYTES = 200_000_000  # read no further: a logo file is a few MB
MAX_PIXELS = 40_000_000  # a logo; anything bigger is a mistake (and a decompression bomb is refused)


def _problem(logo: Logo, message: str, hint: str = "") -> DataError:
    return DataError(logo.source.error("logos", T("{file}: {problem}", file=logo.shown, problem=message), hint))


def open_logo(logo: Logo) -> LogoPicture:
    """Read and decode the whole file; every way it can be unusable is a DataError naming file and region line."""
    import hashlib

    from PIL import Image, ImageOps, UnidentifiedImageError

    hint = T("send a PNG, JPEG or TIFF of at least 300 ppi at the printed size")
    if logo.path.suffix.lower() in VECTOR_SUFFIXES:
        raise _problem(logo, T("vector logos (SVG, PDF, EPS) are not supported yet"),
                       T("export it as a PNG or TIFF at 300 ppi at the printed size (about 1200 px wide)"))
    try:
        raw = read_regular_file(logo.path, MAX_LOGO_BYTES)
        if len(raw) > MAX_LOGO_BYTES:
            raise _problem(logo, T("the file is larger than {mb} MB, far more than a logo needs",
                                   mb=MAX_LOGO_BYTES // 1_000_000), hint)
    except FileNotFoundError:
        raise _problem(logo, T("file not found"), T("check the path: it is relative to the workspace")) from None
    except OSError as exc:
        raise _problem(logo, T("cannot read the file: {reason}", reason=exc.strerror)) from None
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in ACCEPTED:
                raise _problem(logo, T("{format} images are not accepted", format=image.format), hint)
            if image.width * image.height > MAX_PIXELS:
                raise _problem(logo, T("{width}×{height} px is far larger than a logo needs", width=image.width,
                                      height=image.height), hint)
            image.load()  # decode everything now: a truncated file fails here, not halfway through a build
            _check_profile(logo, image.info.get("icc_profile"))
            upright = ImageOps.exif_transpose(image)  # a phone's JPEG says "turn me" in EXIF: judge it turned
            return LogoPicture(logo, upright.width, upright.height, image.mode, hashlib.sha256(raw).hexdigest())
    except DataError:
        raise
    except UnidentifiedImageError:
        raise _problem(logo, T("not an image file (or a format Pillow cannot read)"), hint) from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        reason = T("the file is damaged or truncated") if "truncated" in str(exc) or isinstance(exc, OSError) \
            else T("cannot decode the image ({reason})", reason=str(exc))
        raise _problem(logo, reason, T("export or download the logo again")) from None


def _check_profile(logo: Logo, icc: bytes | None) -> None:
    """An embedded colour profile must be one ImageCms can read: with a damaged one the colours are guesswork."""
    if not icc:
        return
    from PIL import ImageCms

    try:
        ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError):
        raise _problem(logo, T("its embedded colour profile (ICC) is damaged, so its colours cannot be converted "
                               "for print"),
                       T("export the logo again with an sRGB profile (or without a profile)")) from None
