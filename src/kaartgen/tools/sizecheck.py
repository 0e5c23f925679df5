"""The room a text has, said the way Weblate's size check reads it: ``max-size``, ``font-family``, ``font-size``.

Only a style with ``max_lines`` has an honest box: its texts (title, headings) are set in lines of a known width
and the build refuses a text that takes more lines (`layout.checks.line_diagnostics`). Body text has none: it
reflows and the whole card's body size is fitted, so no one text has a fixed size (its room per line is an
estimate in the template's comments, and ``kaartgen i18n status`` is the verdict).

One box per block, valid for every layout: the fewest lines any layout allows, and the narrowest line measured in
ems of the style's size (the width over the size, so a poster's large type in a wide panel compares fairly with
a card's), in the face of the layout that is narrowest. Styles that shrink with the body size are measured at the
layout's base size: the largest they are set, so a text that fits the box never forces the card smaller.

Weblate renders the translation with Pango at ``font-size`` pixels in a box ``max-size`` pixels wide, and takes
``font-size`` as a whole number: kaartgen writes both in quarter points (9.5 pt → 38), which keeps the ratio of
width to size exact. ``font-family`` names a Weblate font group; make one per face, named after the font file
(``NotoSans-Bold`` for ``NotoSans-Bold.ttf``), holding that file. Weblate renders what the translator typed, and a
style set in capitals is wider in print: its box is narrowed by how much wider the Dutch text is in capitals — an
estimate, said in the comment; the build's line count is exact.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..load.inline import placeholders_in
from ..model.content import Block

PLACEHOLDER_OR_MARK = re.compile(r"\{[^{}]*\}|\*+")  # not printed as written: left out of a measured sample
QUARTER_POINTS = 4  # Weblate's font-size is an integer: sizes are written in quarter points


@dataclass(frozen=True)
class SizeBox:
    """The strictest box of one block over all layouts."""

    lines: int
    ems: float  # the line's width over the style's size
    size: float  # pt, the style's size in the layout whose line is narrowest
    face_file: str  # the font file's name without its suffix: the Weblate font group to use
    layout: str  # the layout whose line is narrowest
    width: float  # pt, that layout's line width
    capitals: float = 1.0  # < 1: narrowed because the style sets capitals

    @property
    def font_size(self) -> int:
        return math.ceil(self.size * QUARTER_POINTS - 1e-9)

    @property
    def max_width(self) -> int:
        return math.floor(self.ems * self.capitals * self.font_size + 1e-9)

    def flags(self, text: str = "", printed: dict[str, str] | None = None) -> list[str]:
        """The Weblate flags; `printed` (placeholder → the reference region's value) adds ``replacements``, so
        Weblate measures ``{region.name}`` as the name it prints."""
        found = [f"max-size:{self.max_width}:{self.lines}", f"font-family:{self.face_file}",
                 f"font-size:{self.font_size}"]
        pairs = []
        for name in dict.fromkeys(placeholders_in(text)):
            value = (printed or {}).get(name)
            if value is not None and not set(value) & FLAG_UNSAFE:
                pairs += [_quoted("{" + name + "}"), _quoted(value)]
        if pairs:
            found.append("replacements:" + ":".join(pairs))
        return found

    def comment(self) -> str:
        lines = "1 line" if self.lines == 1 else f"{self.lines} lines"
        said = (f"Size: at most {lines} of {self.width * 25.4 / 72:.0f} mm at {self.size:g} pt in "
                f"{self.face_file} (layout {self.layout}, the narrowest); Weblate's max-size flag says it in "
                "quarter points")
        if self.capitals < 1.0:
            said += "; printed in capitals, so the box is narrowed by an estimate"
        return said


FLAG_UNSAFE = set(',"\\\n')  # a value with these is left out: gettext splits flags at commas


def _quoted(value: str) -> str:
    return f'"{value}"'


def size_boxes(inputs: Any, source: Any, names: list[str]) -> dict[str, SizeBox]:
    """Block key → its box, for every block set in a style with ``max_lines`` in some layout."""
    candidates: dict[str, list[SizeBox]] = {}
    for name in names:
        spec = inputs.checked_layout(source.document, name)
        measure = inputs.measure(name)
        for flow in spec.flows:
            panels = [spec.panels[p] for p in flow.panels]
            if not panels:
                continue
            line_width = min(p.safe.w for p in panels)
            for entry in flow.entries:
                if entry.kind != "block":
                    continue
                block = source.blocks[entry.key]
                style = spec.styles[block.style]
                if not style.max_lines:
                    continue
                width = line_width - style.indent
                capitals = _capitals_ratio(measure, style, block) if style.uppercase else 1.0
                candidates.setdefault(entry.key, []).append(SizeBox(
                    style.max_lines, width / style.size, style.size, spec.fonts[style.face].stem, spec.name,
                    width, capitals))
    boxes = {}
    for key, found in candidates.items():
        narrowest = min(found, key=lambda box: (box.ems * box.capitals, box.layout))
        boxes[key] = SizeBox(min(box.lines for box in found), narrowest.ems, narrowest.size, narrowest.face_file,
                             narrowest.layout, narrowest.width, narrowest.capitals)
    return boxes


def dutch_sample(block: Block) -> str:
    """The block's Dutch text as printed letters: placeholders and emphasis markers left out (for measuring)."""
    return " ".join(PLACEHOLDER_OR_MARK.sub("", entry.text) for entry in block.entries).strip()


def _capitals_ratio(measure: Any, style: Any, block: Block) -> float:
    """How much narrower the block's Dutch text is as typed than in capitals (≤ 1)."""
    sample = dutch_sample(block)
    if not sample:
        return 1.0
    typed = measure.width(sample, style.face, style.size)
    capitals = measure.width(sample.upper(), style.face, style.size)
    return min(1.0, typed / capitals) if capitals else 1.0
