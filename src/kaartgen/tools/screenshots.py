"""Translator screenshots: the reference card with each block's box outlined and its key beside the panel, one PNG
per panel, in Dutch and in any language asked for, with a mapping file from keys to screenshots.

The card is the reference region's screen edition, made by the chain (plan and rendered PDF together); the
boxes come from the plan's block areas, never from pixels. File names are the ones the PO template's
``Screenshot:`` comments give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ..backends.raster import png_bytes, rasterise
from ..load.layouts import list_layouts
from ..model.content import SOURCE_LANG
from ..model.diagnostics import KaartgenError
from ..model.edition import EditionName, Options
from ..model.plan import BlockArea
from ..pipeline.chain import Stage, run_edition
from ..pipeline.inputs import Inputs
from ..pipeline.output import atomic_write
from .i18n import SCREENSHOT_DPI, screenshot_name

SCREENSHOT_COLOURS = [(214, 0, 110), (0, 112, 192), (0, 140, 70), (200, 100, 0)]


MAPPING = "screenshots.json"  # screenshot file → the keys it shows, and key → screenshots, for Weblate scripts


def translator_screenshots(workspace: Path | str, document: str, layouts: tuple[str, ...] = (),
                           out_dir: Path | str | None = None, dpi: int = SCREENSHOT_DPI,
                           langs: tuple[str, ...] = ()) -> list[Path]:
    """The reference card (the workspace's reference region, without bleed) with each block's box outlined and
    its key written beside the panel — never over the text — one PNG per panel,
    ``<out_dir>/<document>_<layout>_<panel>.png``: the names the POT's comments give, so a screenshot file mask
    picks them up. `out_dir` defaults to ``translations.screenshots`` in kaartgen.yaml, else
    ``output/screenshots``. `langs` adds the card in those languages (as a draft, the Dutch where a text is not
    translated) under ``<out_dir>/<lang>/``. ``screenshots.json`` maps every file to the keys it shows and every
    key to its files."""
    workspace = Path(workspace)
    inputs = Inputs(workspace)
    configured = inputs.settings.screenshots
    out = Path(out_dir) if out_dir is not None else workspace / (configured or "output/screenshots")
    written: list[Path] = []
    shows: dict[str, list[str]] = {}
    for lang in (SOURCE_LANG, *[lang for lang in langs if lang != SOURCE_LANG]):
        folder = out if lang == SOURCE_LANG else out / lang
        for layout in list(layouts) or list_layouts(workspace):
            for path, keys in _layout_screenshots(inputs, document, layout, lang, folder, dpi):
                written.append(path)
                shows[path.relative_to(out).as_posix()] = keys
    by_key: dict[str, list[str]] = {}
    for name, keys in shows.items():
        for key in keys:
            by_key.setdefault(key, []).append(name)
    mapping = {"schema": 1, "document": document, "screenshots": shows,
               "keys": dict(sorted(by_key.items()))}
    atomic_write(out / MAPPING, (json.dumps(mapping, indent=2, ensure_ascii=False) + "\n").encode())
    return [*written, out / MAPPING]


def _layout_screenshots(inputs: Inputs, document: str, layout: str, lang: str, folder: Path,
                        dpi: int) -> list[tuple[Path, list[str]]]:
    spec = inputs.checked_layout(document, layout)
    name = EditionName(document, layout, inputs.reference_region(), lang, "screen")
    result, _entry = run_edition(inputs, name, Options(draft=lang != SOURCE_LANG), until=Stage.RENDER,
                                 keep_plan=True)
    if result.plan is None or result.pdf is None:
        raise KaartgenError(result.diagnostics)
    plan, scale = result.plan, dpi / 72
    font = ImageFont.truetype(str(spec.fonts.get("bold") or next(iter(spec.fonts.values()))),
                              max(round(6.5 * scale), 9))
    written = []
    for page, rendered in zip(plan.pages, rasterise(spec.shown, dpi, data=result.pdf), strict=True):
        def px(x: float, y: float, trim_h: float = page.trim_size(plan)[1]) -> tuple[int, int]:
            return round(x * scale), round((trim_h - y) * scale)

        card = rendered.image.convert("RGB")
        areas = [item for item in page.items if isinstance(item, BlockArea)]
        for pid, rect, safe in page.panels:
            left, top = px(rect.x, rect.top)
            right, bottom = px(rect.right, rect.y)
            inside = [a for a in areas if a.panel == pid]
            image = _with_labels(card.crop((left, top, right, bottom)), inside, px, (left, top), safe, font)
            path = folder / screenshot_name(document, spec.name, pid)
            atomic_write(path, png_bytes(image))
            written.append((path, list(dict.fromkeys(a.key for a in inside))))
    return written


def _with_labels(panel: Image.Image, areas: list[BlockArea], px: Any, origin: tuple[int, int], safe: Any,
                 font: Any) -> Image.Image:
    """The panel with each area outlined, and a margin to its right where each key is written level with its
    area (pushed down when labels would overlap), joined to its box by a thin line: no label covers the text."""
    measure = ImageDraw.Draw(panel)
    pad = max(round(font.size * 0.35), 3)
    heights = [measure.textbbox((0, 0), a.key, font=font) for a in areas]
    margin = max([box[2] - box[0] for box in heights] + [0]) + 4 * pad
    image = Image.new("RGB", (panel.width + margin, panel.height), (250, 250, 250))
    image.paste(panel, (0, 0))
    draw = ImageDraw.Draw(image)
    ox, oy = origin
    sl, st = px(safe.x, safe.top)
    sr, sb = px(safe.right, safe.y)
    draw.rectangle((sl - ox, st - oy, sr - ox, sb - oy), outline=(150, 150, 150))
    next_free = 0
    for number, (area, box) in enumerate(zip(areas, heights, strict=True)):
        colour = SCREENSHOT_COLOURS[number % len(SCREENSHOT_COLOURS)]
        left, top = px(area.rect.x, area.rect.top)
        right, bottom = px(area.rect.right, area.rect.y)
        left, top, right, bottom = left - ox, top - oy, right - ox, bottom - oy
        draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), outline=colour, width=2)
        label_h = box[3] - box[1] + 2 * pad
        y = max(top, next_free)
        next_free = y + label_h + pad
        x = panel.width + pad
        draw.line((right + 2, top, x, y + label_h // 2), fill=colour, width=1)
        draw.rectangle((x, y, x + box[2] - box[0] + 2 * pad, y + label_h), fill=colour)
        draw.text((x + pad - box[0], y + pad - box[1]), area.key, font=font, fill=(255, 255, 255))
    return image
