"""Page frame and printer's marks: where the trim sits on the media, and crop marks, fold marks and a slug line.

A print edition's media is the trim plus the bleed on every side, plus room for marks when they are asked for;
a screen edition's media is the trim. Marks lie outside the bleed, in registration colour: crop marks at the four
corners, dashed fold marks at every fold (top and bottom), and a slug line naming the edition.
"""

from __future__ import annotations

from ..model.geometry import mm
from ..model.plan import REGISTRATION, Item, PageFrame, Rule, TextRun

MARK_LENGTH = mm(5)
MARK_OFFSET = mm(2)  # gap between the bleed edge and the start of a mark
MARK_ROOM = mm(3)  # media beyond the end of the marks
MARK_WIDTH = 0.25
SLUG_SIZE = 6.0


def page_frame(trim_w: float, trim_h: float, bleed: float, *, print_edition: bool, with_marks: bool) -> PageFrame:
    if not print_edition:
        return PageFrame(0.0, None, None)
    margin = bleed + (MARK_OFFSET + MARK_LENGTH + MARK_ROOM if with_marks else 0.0)
    trim = (margin, margin, margin + trim_w, margin + trim_h)
    bleed_box = (margin - bleed, margin - bleed, margin + trim_w + bleed, margin + trim_h + bleed)
    return PageFrame(margin, trim, bleed_box)


def page_marks(trim_w: float, trim_h: float, bleed: float, folds: tuple[float, ...], slug: str) -> tuple[Item, ...]:
    """Crop marks at the four corners, fold marks at every fold (top and bottom) and the slug line of one page."""
    w, h, b = trim_w, trim_h, bleed
    start, end = b + MARK_OFFSET, b + MARK_OFFSET + MARK_LENGTH
    items: list[Item] = []
    for x in (0.0, w):
        for y in (0.0, h):
            sx = -1 if x == 0 else 1
            sy = -1 if y == 0 else 1
            items.append(Rule(x + sx * start, y, x + sx * end, y, MARK_WIDTH, REGISTRATION))
            items.append(Rule(x, y + sy * start, x, y + sy * end, MARK_WIDTH, REGISTRATION))
    for fx in folds:
        items.append(Rule(fx, -start, fx, -end, MARK_WIDTH, REGISTRATION, (2.0, 1.5)))
        items.append(Rule(fx, h + start, fx, h + end, MARK_WIDTH, REGISTRATION, (2.0, 1.5)))
    items.append(TextRun(end + mm(1), -end + 0.5, slug, "regular", SLUG_SIZE, REGISTRATION))
    return tuple(items)
