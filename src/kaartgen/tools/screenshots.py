"""Translator screenshots: the Dutch reference card with each block's box and key drawn on it, one PNG per panel.

The card is the reference region's screen edition, made by the chain (plan and rendered PDF together); the
boxes come from the plan's block areas, never from pixels. File names are the ones the PO template's
``Screenshot:`` comments give.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..backends.raster import png_bytes, rasterise
from ..load.layouts import list_layouts
from ..model.content import SOURCE_LANG
from ..model.diagnostics import KaartgenError
from ..model.edition import EditionName
from ..model.plan import BlockArea
from ..pipeline.chain import Stage, run_edition
from ..pipeline.inputs import Inputs
from ..pipeline.output import atomic_write
from .i18n import SCREENSHOT_DPI, screenshot_name

SCREENSHOT_COLOURS = [(214, 0, 110), (0, 112, 192), (0, 140, 70), (200, 100, 0)]


def translator_screenshots(workspace: Path | str, document: str, layouts: tuple[str, ...] = (),
                           out_dir: Path | str | None = None,
                           dpi: int = SCREENSHOT_DPI) -> list[Path]:
    """The Dutch reference card (the workspace's reference region, without bleed) with each block's box and key
    drawn on it, one PNG per panel: ``<out_dir>/<document>_<layout>_<panel>.png`` (default ``output/screenshots``),
    the names the POT's comments give, so Weblate's screenshot file mask picks them up."""
    workspace = Path(workspace)
    out = Path(out_dir) if out_dir is not None else workspace / "output" / "screenshots"
    inputs = Inputs(workspace)
    scale = dpi / 72
    written = []
    for layout in list(layouts) or list_layouts(workspace):
        spec = inputs.checked_layout(document, layout)
        name = EditionName(document, layout, inputs.reference_region(), SOURCE_LANG, "screen")
        result, _entry = run_edition(inputs, name, until=Stage.RENDER, keep_plan=True)
        if result.plan is None or result.pdf is None:
            raise KaartgenError(result.diagnostics)
        plan = result.plan
        font = ImageFont.truetype(str(spec.fonts.get("bold") or next(iter(spec.fonts.values()))),
                                  max(round(6.5 * scale), 9))
        pages = rasterise(spec.shown, dpi, data=result.pdf)
        for page, rendered in zip(plan.pages, pages, strict=True):
            def px(x: float, y: float, trim_h: float = plan.trim_h) -> tuple[int, int]:
                return round(x * scale), round((trim_h - y) * scale)

            overlay = Image.new("RGBA", rendered.image.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)
            for _pid, _rect, safe in page.panels:
                draw.rectangle((*px(safe.x, safe.top), *px(safe.right, safe.y)), outline=(150, 150, 150, 160))
            areas = [item for item in page.items if isinstance(item, BlockArea)]
            for number, area in enumerate(areas):
                colour = SCREENSHOT_COLOURS[number % len(SCREENSHOT_COLOURS)]
                left, top = px(area.rect.x, area.rect.top)
                right, bottom = px(area.rect.right, area.rect.y)
                draw.rectangle((left, top, right, bottom), outline=colour + (255,), width=2)
                x0, y0, x1, y1 = draw.textbbox((0, 0), area.key, font=font)
                pad = 3
                box = (right - (x1 - x0) - 2 * pad, top, right, top + (y1 - y0) + 2 * pad)
                draw.rectangle(box, fill=colour + (215,))
                draw.text((box[0] + pad - x0, box[1] + pad - y0), area.key, font=font, fill=(255, 255, 255, 255))
            image = Image.alpha_composite(rendered.image.convert("RGBA"), overlay).convert("RGB")
            for pid, rect, _safe in page.panels:
                left, top = px(rect.x, rect.top)
                right, bottom = px(rect.right, rect.y)
                path = out / screenshot_name(document, spec.name, pid)
                atomic_write(path, png_bytes(image.crop((left, top, right, bottom))))
                written.append(path)
    return written
