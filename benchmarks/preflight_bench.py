"""Preflight benchmark: run by hand (`python benchmarks/preflight_bench.py`), not a test.

Makes a 100-page, image-heavy print PDF in a temporary folder — each page a CMYK photo-like image (1880×1280
px, JPEG and Flate alternately) at just over 300 ppi, bleeding, over a bleeding background, with a paragraph of
text and a rule — and times `kaartgen preflight` on it as a separate process, printing wall time, ms per page and
the process's peak RSS.
The figures go into the README ("Preflight a print shop can trust").
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from preflight_fixtures import FONT, FONT_FILE, MM, TITLE, add_output_intent, xmp_packet

PAGES = 100
PIXELS = (1880, 1280)  # the 158.4 × 107.6 mm page with its bleed, at just over 300 ppi
TRIM = (152.4 * MM, 101.6 * MM)
BLEED = 3 * MM


def _photo(seed: int) -> Image.Image:
    """A CMYK picture with gradients and shapes (compresses like a photo, not like a flat colour)."""
    picture = Image.new("CMYK", PIXELS)
    draw = ImageDraw.Draw(picture)
    for y in range(0, PIXELS[1], 6):
        tone = (y * 255 // PIXELS[1] + seed * 17) % 256
        draw.rectangle((0, y, PIXELS[0], y + 6), fill=(tone, (tone * 3) % 256, 255 - tone, (seed * 29) % 128))
    for index in range(40):
        x, y = (seed * 97 + index * 131) % PIXELS[0], (seed * 53 + index * 71) % PIXELS[1]
        draw.ellipse((x, y, x + 160, y + 120), fill=((index * 37) % 256, 40, (index * 91) % 256, 10))
    return picture


def make(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    rl_config.useA85 = 0  # binary streams, as layout programs and Ghostscript write them (ASCII85 is 5 × slower)
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    raw = io.BytesIO()
    media = (TRIM[0] + 2 * BLEED, TRIM[1] + 2 * BLEED)
    canvas = Canvas(raw, pagesize=media, invariant=1, initialFontName=FONT)
    canvas.setTitle(TITLE)
    for page in range(PAGES):
        canvas.setFillColorCMYK(0.1, 0.3, 0, 0)
        canvas.rect(0, 0, *media, stroke=0, fill=1)
        picture = _photo(page)
        if page % 2:
            buffer = io.BytesIO()
            picture.save(buffer, "JPEG", quality=85)
            buffer.seek(0)
            picture = Image.open(buffer)
        canvas.drawImage(ImageReader(picture), 0, 0, width=media[0], height=media[1])  # bleeds, as a photo should
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setFont(FONT, 9)
        for line in range(8):
            canvas.drawString(BLEED + 10 * MM, BLEED + (20 + line * 5) * MM, f"Pagina {page + 1}, regel {line + 1}")
        canvas.setLineWidth(0.5)
        canvas.line(BLEED + 10 * MM, BLEED + 15 * MM, BLEED + 80 * MM, BLEED + 15 * MM)
        canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw.getvalue())))
    for page in writer.pages:
        page.trimbox = RectangleObject([BLEED, BLEED, BLEED + TRIM[0], BLEED + TRIM[1]])
        page.bleedbox = RectangleObject([0, 0, *media])
    add_output_intent(writer)
    writer.add_metadata({"/GTS_PDFXVersion": "PDF/X-4"})
    writer.xmp_metadata = xmp_packet("PDF/X-4", TITLE)
    writer.pdf_header = "%PDF-1.6"
    with path.open("wb") as out:
        writer.write(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="also copy the generated PDF here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "hundred-pages.pdf"
        started = time.perf_counter()
        make(pdf)
        print(f"made {PAGES} pages, {pdf.stat().st_size / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "kaartgen", "preflight", str(pdf)], capture_output=True,
                                text=True, check=False)
        wall = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(result.stdout.splitlines()[0] if result.stdout else result.stderr)
        print(f"preflight: {wall:.2f} s wall, {wall / PAGES * 1000:.0f} ms per page, peak RSS {peak_kb / 1024:.0f} MB")
        if args.keep:
            args.keep.write_bytes(pdf.read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
