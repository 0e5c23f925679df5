"""Raster backend: PDF bytes or file → page pictures (pypdfium2), and PNG bytes with no metadata (Pillow).

Pages are rendered showing the whole MediaBox (bleed and marks included). Used by previews, proofs, translator
screenshots and the visual tests.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..model.diagnostics import KaartgenError, problem

DEFAULT_DPI = 100


@dataclass(frozen=True)
class RenderedPage:
    """One page as pixels, with the PDF's own boxes (pt, PDF coordinates) to check against the plan."""

    image: Image.Image
    media: tuple[float, float, float, float]
    trim: tuple[float, float, float, float]


def rasterise(pdf_path: Path | str, dpi: float = DEFAULT_DPI, data: bytes | None = None) -> list[RenderedPage]:
    """Render every page of a PDF (the file, or `data` when given) at `dpi`, showing the whole MediaBox (so bleed
    and marks are visible)."""
    import pypdfium2 as pdfium

    path = Path(pdf_path)
    try:
        document = pdfium.PdfDocument(data if data is not None else str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise KaartgenError(problem(str(path), None, "", f"cannot render this PDF: {exc}",
                                    "rebuild it: kaartgen build --force")) from None
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                media = tuple(page.get_mediabox())
                trim = tuple(page.get_trimbox())
                page.set_cropbox(*media)  # render the media, not whatever a CropBox would hide
                bitmap = page.render(scale=dpi / 72, may_draw_forms=False)
                image = bitmap.to_pil().convert("RGB")  # a copy: independent of pdfium's buffer
                bitmap.close()
            finally:
                page.close()
            pages.append(RenderedPage(image, media, trim))
    finally:
        document.close()
    return pages


def png_bytes(image: Image.Image, *, fast: bool = False) -> bytes:
    """PNG with no metadata chunks (no time, no text): the same picture gives the same bytes. Files are made as
    small as zlib can (`optimize`); `fast` is for a picture that lives a second in a browser (the studio's live
    preview): least compression, about ten times quicker, still the same bytes for the same picture."""
    buffer = io.BytesIO()
    if fast:
        image.save(buffer, "PNG", compress_level=1)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
