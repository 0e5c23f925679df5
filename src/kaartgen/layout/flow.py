"""Flow: chunks → panels. Chunks are stacked into the panels of a flow in order; what does not fit is overflow.

A paragraph or list may continue in the next panel between lines (never leaving a single line behind on either
side, except at the top of an empty panel); a heading (`keep_with_next`) moves on with the first two lines of
what follows, and so does the item before a list's short last item (so no bullet stands alone at the top of a
panel or column); a contact card moves on whole (it reads as one address); a `break` entry starts the next
panel. A flow marked `balance` shares its text out over its panels so that they end level (`balanced`), as
columns of one list should.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.layout import Panel
from .compose import Chunk
from .linebreak import Line


@dataclass
class Placed:
    chunk: Chunk
    lines: list[Line]
    top: float  # distance from the panel's safe top to the chunk's first line top
    panel: str


@dataclass
class FlowResult:
    placed: dict[str, list[Placed]]  # panel id → chunks placed there
    used: dict[str, float]  # panel id → height used
    overflow: float  # height of what did not fit (pt); 0 when everything fits
    overflow_lines: int
    overflow_keys: tuple[str, ...] = ()  # the blocks (or list items) that did not fit, in order


def baseline_offset(leading: float, size: float) -> float:
    """How far a line's baseline lies below its top (the place stage sets every line this way)."""
    return leading / 2 + size * 0.36


def _may_split(chunk: Chunk, fit_lines: int, at_top: bool) -> bool:
    """A paragraph may continue in the next panel after `fit_lines` lines: never a heading, and never leaving a
    single line on either side — except at the top of an empty panel, where anything that fits must go."""
    if at_top:
        return fit_lines >= 1
    return not chunk.keep_with_next and fit_lines >= 2 and len(chunk.lines) - fit_lines >= 2


def flow_into(chunks: list[Chunk], panels: list[Panel], cap: float | None = None, grid: float = 0.0) -> FlowResult:
    """Fill the panels in order with the chunks; what is left over is the overflow (for the fit search). With a
    `cap`, no panel is filled deeper than that (how `balanced` shares text out over columns); with a `grid` (pt),
    the first baseline of every block (`Chunk.on_grid`: its first text, not display type such as the title) is
    moved down onto the next line of the baseline grid, counted from the panel's safe top, so that the sections of
    columns side by side start level; the items and rows within a block keep their own spacing."""
    placed: dict[str, list[Placed]] = {p.id: [] for p in panels}
    used = {p.id: 0.0 for p in panels}
    panel_index = 0
    cursor = 0.0
    queue = list(chunks)
    i = 0

    def room() -> float:
        height = panels[panel_index].safe.h
        return (height if cap is None else min(cap, height)) - cursor

    bottom = 0.0  # lowest extent of placed content in the current panel (without trailing space)

    def next_panel() -> bool:
        nonlocal panel_index, cursor, bottom
        used[panels[panel_index].id] = max(used[panels[panel_index].id], bottom)
        panel_index += 1
        cursor = bottom = 0.0
        return panel_index < len(panels)

    while i < len(queue):
        if panel_index >= len(panels):
            break
        chunk = queue[i]
        pid = panels[panel_index].id
        if chunk.kind == "break":
            if not next_panel():
                i += 1
                break
            i += 1
            continue
        before = chunk.space_before if cursor > 0 else 0.0
        if chunk.kind in ("space", "fill", "qr", "logos", "rule"):
            need = before + chunk.height + (chunk.space_after if chunk.kind in ("qr", "logos", "rule") else 0)
            if chunk.kind == "fill" or need <= room() + 1e-6 or cursor == 0:
                placed[pid].append(Placed(chunk, [], cursor + before, pid))
                if chunk.kind != "fill":
                    bottom = cursor + before + chunk.height
                    cursor += need
                i += 1
                continue
            if not next_panel():
                break
            continue
        if chunk.together and cursor > 0 and before + chunk.together > room() + 1e-6 and \
                chunk.together <= panels[panel_index].safe.h:  # a contact card moves on whole
            if not next_panel():
                break
            continue
        if grid and chunk.on_grid and chunk.lines:  # onto the baseline grid: the first baseline on its next line
            first = chunk.lines[0]
            baseline = cursor + before + baseline_offset(first.leading, first.size)
            before += math.ceil(baseline / grid - 1e-6) * grid - baseline
        height = chunk.height
        need = before + height
        if chunk.keep_with_next and i + 1 < len(queue) and queue[i + 1].kind == "text":
            follower = queue[i + 1]  # a heading goes on with two lines of what follows, or a whole contact card
            need += chunk.space_after + follower.space_before + (follower.together or sum(
                line.leading for line in follower.lines[:2]))
        if need <= room() + 1e-6:
            placed[pid].append(Placed(chunk, chunk.lines, cursor + before, pid))
            bottom = cursor + before + height
            cursor = bottom + chunk.space_after
            i += 1
            continue
        # Split a paragraph between lines: at least two lines on each side.
        fit_lines = 0
        acc = before
        for line in chunk.lines:
            if acc + line.leading > room() + 1e-6:
                break
            acc += line.leading
            fit_lines += 1
        if _may_split(chunk, fit_lines, at_top=cursor == 0):
            head = chunk.lines[:fit_lines]
            rest = Chunk(chunk.key, chunk.source, chunk.lines[fit_lines:], 0.0, chunk.space_after,
                         chunk.indent, False, align=chunk.align, badge=False, style=chunk.style, item=chunk.item,
                         lang=chunk.lang, on_grid=chunk.on_grid, part=chunk.part)
            placed[pid].append(Placed(chunk, head, cursor + before, pid))
            cursor = bottom = cursor + acc
            queue[i] = rest
            if not next_panel():
                break
            continue
        if cursor == 0:  # does not fit even an empty panel and cannot split: overflow
            placed[pid].append(Placed(chunk, chunk.lines, 0.0, pid))
            cursor = bottom = height
            i += 1
            if not next_panel():
                break
            continue
        if not next_panel():
            break
    if panel_index < len(panels):
        used[panels[panel_index].id] = max(used[panels[panel_index].id], bottom)
    leftover = queue[i:]
    overflow = sum(c.space_before + c.height + c.space_after for c in leftover if c.kind not in ("break", "fill"))
    overflow_lines = sum(len(c.lines) for c in leftover)
    keys = [c.key for c in leftover if c.kind == "text" and c.key]
    for panel in panels:  # a single unsplittable chunk taller than its panel also overflows
        excess = used[panel.id] - panel.safe.h
        if excess > 1e-6:
            overflow += excess
            keys += [p.chunk.key for p in placed[panel.id] if p.chunk.kind == "text" and p.top + sum(
                line.leading for line in p.lines) > panel.safe.h + 1e-6]
    return FlowResult(placed, used, overflow, overflow_lines, tuple(dict.fromkeys(keys)))



def balanced(chunks: list[Chunk], panels: list[Panel], result: FlowResult, grid: float = 0.0) -> FlowResult:
    """The same text over the same panels, shared out so that they end as nearly level as the breaks allow
    (columns of one list, not a full first column over a short last one): the lowest depth, to a tenth of a
    millimetre, at which everything still fits with every rule of `flow_into` kept."""
    if len(panels) < 2 or result.overflow > 1e-6:
        return result
    deepest = max(result.used.values())
    tallest_card = max((c.together for c in chunks), default=0.0)  # a shallower share would have to split one
    low, high = max(deepest / len(panels), min(tallest_card, deepest)), deepest  # `low` may not fit; `high` does
    best = result
    while high - low > 0.28:  # pt: a tenth of a millimetre
        middle = (low + high) / 2
        attempt = flow_into(chunks, panels, cap=middle, grid=grid)
        if attempt.overflow > 1e-6:
            low = middle
        else:
            high, best = middle, attempt
    return best
