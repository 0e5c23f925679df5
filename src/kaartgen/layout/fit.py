"""Fit: the shared body size of a card — the largest, in the layout's steps between its maximum and its minimum,
at which every flow fits its panels. A short text grows up to the layout's maximum (``fit: maximum:``; the base
size when there is none) so the panels fill rather than stay half empty — but only while no text then takes more
lines than its style allows (a heading of four lines is worse than a smaller size); a long one shrinks, never
below the minimum. If even the minimum overflows, a `FitError` names the layout, language, region, panel, how
much is left over and which blocks do not fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.content import Texts
from ..model.diagnostics import Diagnostic, FitError, problem
from ..model.geometry import mm
from ..model.layout import Flow, LayoutSpec
from ..model.messages import T
from ..model.region import LogoPicture, Value
from .compose import Chunk, Composer
from .flow import FlowResult, balanced, flow_into
from .measure import Measure


@dataclass(frozen=True)
class Fit:
    body_size: float
    results: tuple[tuple[Flow, FlowResult], ...]


def fit(spec: LayoutSpec, texts: Texts, region_values: dict[str, Value], measure: Measure | None = None,
        logos: tuple[LogoPicture, ...] = ()) -> Fit:
    """Find the largest shared body size at which every flow fits (binary search over the size steps)."""
    measure = measure or Measure(spec)
    composer = Composer(spec, texts, measure, region_values, logos)

    def attempt(body: float) -> tuple[tuple[Flow, FlowResult], ...]:
        results = []
        for flow in spec.flows:
            panels = [spec.panels[p] for p in flow.panels]
            width = min(p.safe.w for p in panels)
            chunks = composer.chunks(flow, width, body)
            grid = spec.grid_step(body)
            result = flow_into(chunks, panels, grid=grid)
            results.append((flow, balanced(chunks, panels, result, grid) if flow.balance else result))
        return tuple(results)

    def fits(size: float, results: tuple[tuple[Flow, FlowResult], ...]) -> bool:
        if any(r.overflow > 1e-6 for _, r in results) or too_wide(spec, results):
            return False
        return size <= spec.base_size + 1e-9 or not too_many_lines(spec, results)

    # the grid runs from the base size in the layout's steps: up to the maximum, down to the minimum
    above = math.floor((spec.largest_size - spec.base_size) / spec.step + 1e-9)
    below = math.floor((spec.base_size - spec.min_size) / spec.step + 1e-9)
    sizes = [round(spec.base_size + i * spec.step, 4) for i in range(above, 0, -1)] + \
        [round(spec.base_size - i * spec.step, 4) for i in range(below + 1)]
    first = attempt(sizes[0])
    if fits(sizes[0], first):
        return Fit(sizes[0], first)
    lowest = attempt(sizes[-1])
    if not fits(sizes[-1], lowest):
        wide = too_wide(spec, lowest)
        if wide and not any(r.overflow > 1e-6 for _, r in lowest):
            raise FitError(_too_wide(spec, texts, sizes[-1], wide))
        raise FitError(_overflow(spec, texts, sizes[-1], lowest))
    lo, hi = 0, len(sizes) - 1  # sizes[lo] does not fit, sizes[hi] fits
    best = lowest
    while hi - lo > 1:
        mid = (lo + hi) // 2
        result = attempt(sizes[mid])
        if fits(sizes[mid], result):
            hi, best = mid, result
        else:
            lo = mid
    return Fit(sizes[hi], best)


def too_many_lines(spec: LayoutSpec, results: tuple[tuple[Flow, FlowResult], ...]) -> list[tuple[int, Chunk]]:
    """(lines, chunk) of each text that takes more lines than its style's ``max_lines``, counted over every panel
    of its flow it is set in (each text on its own: a contacts item's numbers share its key, a label and its
    number their text)."""
    found = []
    for _flow, result in results:
        counted: dict[tuple[str, str, int], tuple[int, Chunk]] = {}
        for placed_in_panel in result.placed.values():
            for placed in placed_in_panel:
                chunk = placed.chunk
                style = spec.styles.get(chunk.style)
                if chunk.kind != "text" or style is None or not style.max_lines:
                    continue
                which = (chunk.key, chunk.style, chunk.part)
                before = counted.get(which, (0, chunk))[0]
                counted[which] = (before + len(placed.lines), chunk)
        found += [(count, chunk) for count, chunk in counted.values() if count > spec.styles[chunk.style].max_lines]
    return found


def too_wide(spec: LayoutSpec, results: tuple[tuple[Flow, FlowResult], ...]) -> list[tuple[str, str, str]]:
    """(panel, key, text) of each line wider than its panel: only a phone number, which is never cut, can be."""
    found = []
    for _flow, result in results:
        for pid, placed_in_panel in result.placed.items():
            room = spec.panels[pid].safe.w
            for placed in placed_in_panel:
                for line in placed.lines:
                    if line.width > room - placed.chunk.indent + 0.5:
                        found.append((pid, placed.chunk.key, "".join(piece.text for _x, piece, _w in line.runs)))
    return found


def _too_wide(spec: LayoutSpec, texts: Texts, size: float, wide: list[tuple[str, str, str]]) -> Diagnostic:
    panel, key, text = wide[0]
    return problem(spec.shown, None, "",
                   T("'{text}' ({key}) is wider than panel '{panel}' of layout '{layout}' ({document}, language "
                     "{lang}, region {region}) even at the minimum body size {size} pt, and a phone number is "
                     "never broken over two lines", text=text.strip(), key=key, panel=panel, layout=spec.name,
                     document=texts.document, lang=texts.lang, region=texts.region, size=f"{size:g}"),
                   T("give the panel more room, or the number's style a smaller size"), code="fit")


def _overflow(spec: LayoutSpec, texts: Texts, size: float,
              results: tuple[tuple[Flow, FlowResult], ...]) -> Diagnostic:
    parts = []
    for flow, result in results:
        if result.overflow > 1e-6:
            last = flow.panels[-1]
            keys = ", ".join(result.overflow_keys[:6]) + (", …" if len(result.overflow_keys) > 6 else "")
            by = f"{result.overflow / mm(1):.1f}"
            lines = result.overflow_lines
            part = T("panel '{panel}' overflows by {mm} mm ({lines} lines)", panel=last, mm=by, lines=lines) \
                if lines else T("panel '{panel}' overflows by {mm} mm", panel=last, mm=by)
            parts.append(T("{overflow}; {keys} do not fit", overflow=part, keys=keys) if keys else part)
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        joined = T("{one}; {other}", one=joined, other=part)
    cards = sum(len(texts.cards.get(entry.key, ())) for flow, result in results if result.overflow > 1e-6
                for entry in flow.entries if entry.kind == "contacts")
    hint = T("the region's {count} contact cards take the room there: give the layout more room for them, or print "
             "this region on a card, which has more", count=cards) if cards > 1 else \
        T("shorten the text, or give the layout more room or a smaller minimum")
    return problem(spec.shown, None, "",
                   T("the text does not fit layout '{layout}' ({document}, language {lang}, region {region}) even "
                     "at the minimum body size {size} pt: {overflows}", layout=spec.name, document=texts.document,
                     lang=texts.lang, region=texts.region, size=f"{size:g}", overflows=joined), hint, code="fit")
