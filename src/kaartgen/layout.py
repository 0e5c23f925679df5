"""Layout stage: `LayoutSpec` + `Texts` → a `Plan` of positioned items, with the shared body size found by fit.

Text is broken into lines here (greedy, with pyphen hyphenation for the language when it has a dictionary,
and a forced break for a word longer than the line), so the renderer only draws strings. Blocks flow through
the panels of their flow in order; a paragraph or list may continue in the next panel between lines (never
leaving a single line behind); headings stay with what follows.

Fit: every panel of a card shares one body size, the largest in `step` increments from the layout's base at
which all flows fit, never below its minimum. If even the minimum overflows, a `FitError` names the layout,
panel and how much is left over.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable

from .content import ResolvedBlock, Span, Texts
from .errors import FitError
from .fonts import Face, face as load_face
from .layoutspec import Flow, LayoutSpec, Panel, Rect, Style, mm
from .plan import BlockArea, Bookmark, Box, Circle, Item, Link, Page, Picture, Plan, QRCode, TextRun

BOLD_OF = {"regular": "bold", "italic": "bold_italic", "bold": "bold", "bold_italic": "bold_italic"}
ITALIC_OF = {"regular": "italic", "bold": "bold_italic", "italic": "italic", "bold_italic": "bold_italic"}
HYPHEN = "-"
SHY = "\u00ad"  # soft hyphen: an invisible break opportunity that shows as "-" only at a line end
MIN_PREFIX, MIN_SUFFIX, MIN_WORD = 3, 3, 7  # no "be-zit": short words are never hyphenated
SOFT_BREAK_AFTER = "/.@_&?=-"  # where a URL or e-mail address may break (without adding a hyphen)


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Piece:
    text: str
    face: str
    link: str | None


@dataclass
class Line:
    """One line of a block: runs relative to the line's left edge and baseline."""

    runs: list[tuple[float, Piece, float]]  # (x, piece, width)
    width: float
    size: float
    leading: float
    colour: str
    marker: tuple[str, str] | None = None  # ("•" or "3", marker colour) on the first line of a list item
    right: list[tuple[Piece, float]] | None = None  # right-aligned pieces and widths (contacts: the number)


@dataclass
class Chunk:
    """A vertical piece of a flow: the lines of one paragraph or list item, or a spacer / QR code."""

    key: str
    source: str
    lines: list[Line]
    space_before: float
    space_after: float
    indent: float = 0.0
    keep_with_next: bool = False
    kind: str = "text"  # text | space | fill | qr | logos | rule | break
    height_fixed: float = 0.0
    pictures: tuple = ()  # LogoPicture, for a logos slot
    rule: tuple[str, float] = ("", 0.0)  # colour and length, for an accent rule
    qr_data: str = ""
    qr_link: str | None = None
    bookmark: str = ""
    align: str = "left"
    badge: bool = False

    @property
    def height(self) -> float:
        return self.height_fixed if self.kind != "text" else sum(line.leading for line in self.lines)


class Measure:
    """Text measuring for one layout: faces by name, widths cached per (face, text) at size 1."""

    def __init__(self, spec: LayoutSpec):
        self.faces: dict[str, Face] = {name: load_face(path) for name, path in spec.fonts.items()}
        self._cache: dict[tuple[str, str], float] = {}
        # Broken lines per (block, width, body size, language): a block that does not depend on the region is
        # broken once per worker and reused by every region's edition and every fit attempt at that size.
        self.chunks: dict[tuple, list] = {}

    def width(self, text: str, face: str, size: float) -> float:
        key = (face, text)
        unit = self._cache.get(key)
        if unit is None:
            unit = self._cache[key] = self.faces[face].width(text.replace(SHY, ""), 1.0)
        return unit * size


@lru_cache(maxsize=16)
def hyphenator(lang: str):  # -> pyphen.Pyphen | None
    """pyphen's dictionary for the language (None when it has none: no hyphenation, no error).

    Parsing a dictionary's patterns takes longer than laying out a whole card, so the parsed patterns are kept
    in the disk cache; any surprise there falls back to pyphen's own loading."""
    import pyphen

    for candidate in (lang, lang.split("_")[0]):
        if candidate in pyphen.LANGUAGES:
            try:
                return _cached_pyphen(pyphen, pyphen.LANGUAGES[candidate])
            except Exception:  # noqa: BLE001 - pyphen internals changed: load it the ordinary way
                return pyphen.Pyphen(lang=candidate)
    return None


def _cached_pyphen(pyphen, path):
    from .diskcache import cached_json

    def parse() -> dict:
        patterns = pyphen.HyphDict(path).patterns
        if not all(type(v) is int for _start, values in patterns.values() for v in values):
            raise ValueError("non-standard patterns")  # alternatives (rare) are not plain data
        return {key: [start, list(values)] for key, (start, values) in patterns.items()}

    data = cached_json("hyph", Path(path), str(pyphen.__version__), parse)
    hyph_dict = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hyph_dict.patterns = {key: (start, tuple(values)) for key, (start, values) in data.items()}
    hyph_dict.cache = {}
    hyph_dict.maxlen = max(len(key) for key in hyph_dict.patterns)
    hyphen = pyphen.Pyphen.__new__(pyphen.Pyphen)
    hyphen.left, hyphen.right, hyphen.hd = 2, 2, hyph_dict
    return hyphen


def span_face(base_face: str, span: Span) -> str:
    """The face a span is set in: the style's face, made bold and/or italic by the inline syntax."""
    face = BOLD_OF[base_face] if span.bold else base_face
    return ITALIC_OF[face] if span.italic else face


def _words(spans: Iterable[Span], base_face: str, uppercase: bool) -> list[list[Piece]]:
    """Spans → words (lists of pieces), split at white space; a word may mix faces ("(0800-2000).")."""
    words: list[list[Piece]] = [[]]
    for span in spans:
        face = span_face(base_face, span)
        text = span.text.upper() if uppercase and not span.link else span.text
        parts = re.split(r"(\s+)", text)
        for index, part in enumerate(parts):
            if index % 2 == 1:
                words.append([])
            elif part:
                words[-1].append(Piece(part, face, span.link))
    return [w for w in words if w]


def _word_width(word: list[Piece], measure: Measure, size: float) -> float:
    return sum(measure.width(p.text, p.face, size) for p in word)


def _break_points(piece: Piece, hyph) -> list[tuple[int, bool]]:
    """Positions where a piece's text may break, and whether a hyphen must be added there."""
    text = piece.text
    points: list[tuple[int, bool]] = []
    if piece.link and piece.link.startswith("tel:"):
        return []  # a phone number is never split across lines
    if piece.link or any(ch in text for ch in "@/"):
        points = [(i + 1, False) for i, ch in enumerate(text[:-1]) if ch in SOFT_BREAK_AFTER]
        return points
    points += [(i + 1, True) for i, ch in enumerate(text[:-1]) if ch == SHY]
    for i, ch in enumerate(text[:-1]):  # after an existing hyphen, unless between digits (0800-2000)
        if ch == "-" and i >= MIN_PREFIX and not (text[i - 1].isdigit() and text[i + 1].isdigit()):
            points.append((i + 1, False))
    if hyph is not None and any(c.isalpha() for c in text):
        letters = re.match(r"^(\W*)(.*?)(\W*)$", text, re.S)
        lead = len(letters.group(1)) if letters else 0
        core = letters.group(2) if letters else text
        if "-" not in core and core.isalpha() and len(core) >= MIN_WORD:
            for pos in hyph.positions(core):
                if pos >= MIN_PREFIX and len(core) - pos >= MIN_SUFFIX:
                    points.append((lead + pos, True))
    return sorted(set(points))


def break_lines(spans: Iterable[Span], style: Style, size: float, width: float, measure: Measure,
                hyph) -> list[Line]:
    """Greedy line breaking of spans into lines no wider than `width`, hyphenating with `hyph` when given."""
    leading = size * style.leading
    lines: list[Line] = []
    runs: list[tuple[float, Piece, float]] = []
    x = 0.0
    limit = width
    space_w = measure.width(" ", style.face, size)

    def new_line() -> None:
        nonlocal runs, x
        lines.append(Line(runs, x, size, leading, style.colour))
        runs, x = [], 0.0

    def place(word: list[Piece], at: float) -> float:
        for piece in word:
            w = measure.width(piece.text, piece.face, size)
            if runs and _can_join(runs[-1], piece, at, measure, size):
                last_x, last, _ = runs[-1]
                gap = " " if at - (last_x + runs[-1][2]) > 1e-6 else ""
                runs[-1] = (last_x, Piece(last.text + gap + piece.text, last.face, last.link), at + w - last_x)
            else:
                runs.append((at, piece, w))
            at += w
        return at

    for word in _words(spans, style.face, style.uppercase):
        w = _word_width(word, measure, size)
        gap = space_w if runs else 0.0
        if x + gap + w <= limit + 1e-6:
            x = place(word, x + gap)
            continue
        # Try to put the start of the word on this line, at a hyphenation or break point.
        remaining = word
        while True:
            gap = space_w if runs else 0.0
            head, tail = _split_word(remaining, limit - x - gap, measure, size, hyph, must=not runs)
            if head:
                x = place(head, x + gap)
            if not tail:
                break
            new_line()
            remaining = tail
            if _word_width(remaining, measure, size) <= limit + 1e-6:
                x = place(remaining, 0.0)
                break
    if runs or not lines:
        lines.append(Line(runs, x, size, leading, style.colour))
    return lines


def _can_join(run: tuple[float, Piece, float], piece: Piece, at: float, measure: Measure, size: float) -> bool:
    """Consecutive pieces in one face join into one run (fewer, longer strings to draw and to extract),
    when the gap between them is nothing or exactly that face's space."""
    x, last, width = run
    if last.face != piece.face or last.link != piece.link:
        return False
    gap = at - (x + width)
    return abs(gap) < 1e-6 or abs(gap - measure.width(" ", piece.face, size)) < 1e-6


def _split_word(word: list[Piece], room: float, measure: Measure, size: float, hyph,
                must: bool) -> tuple[list[Piece], list[Piece]]:
    """Split a word so its head fits `room`. `must`: the line is empty, so break anywhere rather than overflow."""
    best: tuple[list[Piece], list[Piece]] | None = None
    offset = 0.0
    for index, piece in enumerate(word):
        for pos, add_hyphen in _break_points(piece, hyph):
            head_text = piece.text[:pos].rstrip(SHY) + (HYPHEN if add_hyphen else "")
            head_w = offset + measure.width(head_text, piece.face, size)
            if head_w <= room + 1e-6:
                best = (word[:index] + [replace(piece, text=head_text)],
                        [replace(piece, text=piece.text[pos:])] + word[index + 1:])
        offset += measure.width(piece.text, piece.face, size)
        if offset > room:  # (the joins between pieces are no break points: "(0800-2000)." stays whole)
            break
    if best is not None:
        return best
    if not must:
        return [], word
    # Nothing fits on an empty line: break at the last character that fits (a very long word or URL).
    offset = 0.0
    for index, piece in enumerate(word):
        for pos in range(1, len(piece.text) + 1):
            if offset + measure.width(piece.text[:pos], piece.face, size) > room:
                cut = max(pos - 1, 1) if index == 0 else pos - 1
                if cut == 0:
                    return word[:index], word[index:]
                return (word[:index] + [replace(piece, text=piece.text[:cut])],
                        [replace(piece, text=piece.text[cut:])] + word[index + 1:])
        offset += measure.width(piece.text, piece.face, size)
    return word, []


# --------------------------------------------------------------------------- chunks


class Composer:
    """Turns the blocks of one edition into chunks at a given body size."""

    def __init__(self, spec: LayoutSpec, texts: Texts, measure: Measure, region_values: dict,
                 logos: tuple = ()):
        self.spec = spec
        self.logos = logos
        self.texts = texts
        self.measure = measure
        self.hyph = hyphenator(texts.lang) if spec.hyphenate else None
        self.values = region_values

    def scale(self, style: Style, body: float) -> float:
        return 1.0 if style.fixed else body / self.spec.base_size

    def chunks(self, flow: Flow, width: float, body: float) -> list[Chunk]:
        out: list[Chunk] = []
        for entry in flow.entries:
            if entry.kind == "break":
                out.append(Chunk("", "", [], 0, 0, kind="break"))
            elif entry.kind == "space":
                kind = "fill" if entry.size < 0 else "space"
                out.append(Chunk("", "", [], 0, 0, kind=kind, height_fixed=max(entry.size, 0.0)))
            elif entry.kind == "qr":
                value = self.values.get(entry.key)
                data = value.link or value.text if value is not None else ""
                out.append(Chunk(entry.key, "", [], mm(2), mm(2), kind="qr", height_fixed=entry.size,
                                 qr_data=data, qr_link=value.link if value is not None else None))
            elif entry.kind == "rule":
                out.append(Chunk("", "", [], mm(3), mm(3), kind="rule", height_fixed=entry.size,
                                 rule=(entry.key, entry.width)))
            elif entry.kind == "logos":
                if self.logos:  # a region without logos: the slot closes up, no empty box
                    out.append(Chunk("logos", self.logos[0].logo.source, [], mm(2), mm(2), kind="logos",
                                     height_fixed=entry.size, pictures=self.logos, align=entry.key or "left"))
            else:
                out.extend(self.block_chunks(self.texts.blocks[entry.key], width, body))
        return out

    def block_chunks(self, block: ResolvedBlock, width: float, body: float) -> list[Chunk]:
        key = (block, width, body, self.texts.lang)
        cached = self.measure.chunks.get(key)
        if cached is None:
            if len(self.measure.chunks) > 20000:  # bounded: a long matrix build must not grow without end
                self.measure.chunks.clear()
            cached = self.measure.chunks[key] = self._block_chunks(block, width, body)
        return cached

    def _block_chunks(self, block: ResolvedBlock, width: float, body: float) -> list[Chunk]:
        style = self.spec.styles[block.style]
        k = self.scale(style, body)
        size = style.size * k
        before, after, indent = style.space_before * k, style.space_after * k, style.indent * k
        colour = style.colour
        chunks = []
        for index, text in enumerate(block.texts):
            spans = text.spans
            if text.untranslated:  # a draft shows the missing translation visibly, never silently
                spans = (Span("[NL] ", bold=True),) + tuple(replace(s, italic=True) for s in spans)
            right = None
            if style.marker == "contacts":
                spans, right = self._split_contact(spans, style, size, width)
            hyph = self.hyph if style.hyphenate else None
            lines = break_lines(spans, style, size, width - indent, self.measure, hyph)
            if right is not None:
                lines[0].right = right
            if style.marker and style.marker != "contacts":
                marker = str(index + 1) if style.marker == "number" else style.marker
                lines[0].marker = (marker, style.marker_colour or colour)
            chunks.append(Chunk(text.key, text.source, lines, before if index == 0 else 0.0,
                                after, indent, style.keep_with_next, bookmark=text.plain
                                if style.keep_with_next else "", align=style.align,
                                badge=style.marker == "number"))
        return chunks

    def _split_contact(self, spans: tuple[Span, ...], style: Style, size: float,
                       width: float) -> tuple[tuple[Span, ...], list[tuple[Piece, float]] | None]:
        """'Label: value' → label on the left, value right-aligned in bold, when both fit on one line."""
        for index in range(len(spans) - 1, -1, -1):
            span = spans[index]
            if span.placeholder is None and ": " in span.text:
                head, _, tail = span.text.rpartition(": ")
                left = spans[:index] + ((replace(span, text=head),) if head else ())
                right_spans = ((replace(span, text=tail),) if tail else ()) + spans[index + 1:]
                right = [(piece, self.measure.width(piece.text, piece.face, size))
                         for piece in (Piece(s.text, BOLD_OF[span_face(style.face, s)], s.link) for s in right_spans)]
                left_w = sum(self.measure.width(s.text, span_face(style.face, s), size) for s in left)
                if left_w + sum(w for _piece, w in right) + size <= width:
                    return left, right
                break
        return spans, None


# --------------------------------------------------------------------------- flowing into panels


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


def _may_split(chunk: Chunk, fit_lines: int, at_top: bool) -> bool:
    """A paragraph may continue in the next panel after `fit_lines` lines: never a heading, and never leaving a
    single line on either side — except at the top of an empty panel, where anything that fits must go."""
    if at_top:
        return fit_lines >= 1
    return not chunk.keep_with_next and fit_lines >= 2 and len(chunk.lines) - fit_lines >= 2


def flow_into(chunks: list[Chunk], panels: list[Panel]) -> FlowResult:
    """Fill the panels in order with the chunks; what is left over is the overflow (for the fit search)."""
    placed: dict[str, list[Placed]] = {p.id: [] for p in panels}
    used = {p.id: 0.0 for p in panels}
    panel_index = 0
    cursor = 0.0
    queue = list(chunks)
    i = 0

    def room() -> float:
        return panels[panel_index].safe.h - cursor

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
        height = chunk.height
        need = before + height
        if chunk.keep_with_next and i + 1 < len(queue) and queue[i + 1].kind == "text":
            follower = queue[i + 1]
            need += chunk.space_after + follower.space_before + sum(
                line.leading for line in follower.lines[:2])
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
                         chunk.indent, False, align=chunk.align, badge=False)
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


# --------------------------------------------------------------------------- fit and plan


@dataclass(frozen=True)
class Fit:
    body_size: float
    results: tuple[tuple[Flow, FlowResult], ...]


def fit(spec: LayoutSpec, texts: Texts, region_values: dict, measure: Measure | None = None,
        logos: tuple = ()) -> Fit:
    """Find the largest shared body size at which every flow fits (binary search over the size steps)."""
    measure = measure or Measure(spec)
    composer = Composer(spec, texts, measure, region_values, logos)

    def attempt(body: float) -> tuple[tuple[Flow, FlowResult], ...]:
        results = []
        for flow in spec.flows:
            panels = [spec.panels[p] for p in flow.panels]
            width = min(p.safe.w for p in panels)
            results.append((flow, flow_into(composer.chunks(flow, width, body), panels)))
        return tuple(results)

    def fits(results: tuple[tuple[Flow, FlowResult], ...]) -> bool:
        return all(r.overflow <= 1e-6 for _, r in results)

    steps = int(math.floor((spec.base_size - spec.min_size) / spec.step + 1e-9))  # never below the minimum
    sizes = [round(spec.base_size - i * spec.step, 4) for i in range(steps + 1)]
    first = attempt(sizes[0])
    if fits(first):
        return Fit(sizes[0], first)
    lowest = attempt(sizes[-1])
    if not fits(lowest):
        raise FitError(_overflow_message(spec, texts, sizes[-1], lowest))
    lo, hi = 0, len(sizes) - 1  # sizes[lo] does not fit, sizes[hi] fits
    best = lowest
    while hi - lo > 1:
        mid = (lo + hi) // 2
        result = attempt(sizes[mid])
        if fits(result):
            hi, best = mid, result
        else:
            lo = mid
    return Fit(sizes[hi], best)


def _overflow_message(spec: LayoutSpec, texts: Texts, size: float, results) -> str:
    parts = []
    for flow, result in results:
        if result.overflow > 1e-6:
            last = flow.panels[-1]
            keys = ", ".join(result.overflow_keys[:6]) + (", …" if len(result.overflow_keys) > 6 else "")
            parts.append(f"panel '{last}' overflows by {result.overflow / mm(1):.1f} mm"
                         + (f" ({result.overflow_lines} lines)" if result.overflow_lines else "")
                         + (f"; {keys} do not fit" if keys else ""))
    return (f"{spec.shown}: the text does not fit layout '{spec.name}' ({texts.document}, language {texts.lang}, "
            f"region {texts.region}) even at the minimum body size {size:g} pt: " + "; ".join(parts)
            + " (shorten the text, or give the layout more room or a smaller minimum)")


def make_plan(spec: LayoutSpec, texts: Texts, fitted: Fit, *, bleed: float,
              links: bool) -> Plan:
    """Position everything: panel backgrounds and bands (bleeding where they touch the trim), then text."""
    pages: list[list[Item]] = [[] for _ in spec.sides]
    for panel in spec.panels.values():
        if panel.background:
            pages[panel.side].append(Box(_bleed_rect(panel.rect, spec, bleed), panel.background))
    for band in spec.bands:
        pages[band.side].append(Box(_bleed_rect(band.rect, spec, bleed), band.colour))
    for flow, result in fitted.results:
        for pid, placed in result.placed.items():
            panel = spec.panels[pid]
            _place_panel(pages[panel.side], spec, panel, placed, result.used[pid], flow.valign, links)
    page_list = []
    for side_index, items in enumerate(pages):
        panel_list = tuple((p.id, p.rect, p.safe) for p in spec.panels.values() if p.side == side_index)
        page_list.append(Page(spec.sides[side_index], tuple(items), tuple(spec.folds(side_index))
                              if spec.is_folded else (), panel_list))
    meta = {"title": texts.title, "subject": texts.subject, "author": texts.author, "lang": texts.lang}
    return Plan(spec.name, spec.trim_w, spec.trim_h, bleed, tuple(page_list), fitted.body_size, spec.fonts,
                spec.colours, spec.fold_type, meta)


def _bleed_rect(rect: Rect, spec: LayoutSpec, bleed: float) -> Rect:
    tol = 0.01
    left = bleed if rect.x <= tol else 0.0
    bottom = bleed if rect.y <= tol else 0.0
    right = bleed if rect.right >= spec.trim_w - tol else 0.0
    top = bleed if rect.top >= spec.trim_h - tol else 0.0
    return Rect(rect.x - left, rect.y - bottom, rect.w + left + right, rect.h + bottom + top)


def _place_panel(items: list[Item], spec: LayoutSpec, panel: Panel, placed: list[Placed], used: float,
                 valign: str, links: bool) -> None:
    safe = panel.safe
    spare = max(safe.h - used, 0.0)
    fills = [p for p in placed if p.chunk.kind == "fill"]
    shift_top = 0.0
    if fills:
        per_fill = spare / len(fills)
    else:
        per_fill = 0.0
        shift_top = {"top": 0.0, "center": spare / 2, "bottom": spare}[valign]
    extra = shift_top
    for p in placed:
        chunk = p.chunk
        if chunk.kind == "fill":
            extra += per_fill
            continue
        top_y = safe.top - p.top - extra  # top of this chunk in trim coordinates
        if chunk.kind == "qr":
            size = chunk.height_fixed
            rect = Rect(safe.x, top_y - size, size, size)
            items.append(QRCode(rect, chunk.qr_data, "black"))
            if links and chunk.qr_link:
                items.append(Link(rect, chunk.qr_link))
            continue
        if chunk.kind == "logos":
            items.extend(_logo_row(chunk, safe, top_y))
            continue
        if chunk.kind == "rule":
            colour, length = chunk.rule
            items.append(Box(Rect(safe.x, top_y - chunk.height_fixed, min(length, safe.w), chunk.height_fixed),
                             colour))
            continue
        if chunk.kind != "text" or not p.lines:
            continue
        if links and chunk.bookmark and p.lines is chunk.lines:  # bookmarks are for reading on screen
            items.append(Bookmark(chunk.bookmark, top_y))
        y = top_y
        for line in p.lines:
            baseline = y - line.leading / 2 - line.size * 0.36
            x0 = safe.x + chunk.indent
            if chunk.align == "center":
                x0 = safe.x + (safe.w - line.width) / 2
            if line.marker is not None:
                _marker(items, line, safe.x, baseline, chunk)
            for dx, piece, width in line.runs:
                items.append(TextRun(x0 + dx, baseline, piece.text.replace(SHY, ""), piece.face, line.size,
                                     line.colour, chunk.source, chunk.key, piece.link, width))
                if links and piece.link:
                    items.append(Link(Rect(x0 + dx, baseline - line.size * 0.25, width, line.size * 1.1),
                                      piece.link))
            if line.right:
                x = safe.right
                for piece, width in reversed(line.right):
                    x -= width
                    items.append(TextRun(x, baseline, piece.text.replace(SHY, ""), piece.face, line.size,
                                         line.colour, chunk.source, chunk.key, piece.link, width))
                    if links and piece.link:
                        items.append(Link(Rect(x, baseline - line.size * 0.25, width, line.size * 1.1),
                                          piece.link))
            y -= line.leading
        items.append(BlockArea(chunk.key, panel.id, Rect(safe.x, y, safe.w, top_y - y)))


LOGO_GAP = mm(5)


def _logo_row(chunk: Chunk, safe: Rect, top_y: float) -> list[Item]:
    """Logos side by side at the slot's height, scaled down together if the row is wider than the panel."""
    height = chunk.height_fixed
    widths = [height * p.width / p.height for p in chunk.pictures]
    total = sum(widths) + LOGO_GAP * (len(widths) - 1)
    scale = min(1.0, safe.w / total)
    x = {"left": safe.x, "center": safe.x + (safe.w - total * scale) / 2,
         "right": safe.right - total * scale}.get(chunk.align, safe.x)
    items: list[Item] = []
    for picture, width in zip(chunk.pictures, widths):
        rect = Rect(x, top_y - height * scale, width * scale, height * scale)
        items.append(Picture(rect, picture))
        x += (width + LOGO_GAP) * scale
    return items


def _marker(items: list[Item], line: Line, x: float, baseline: float, chunk: Chunk) -> None:
    text, colour = line.marker  # type: ignore[misc]
    if chunk.badge:
        r = line.size * 0.78
        cx, cy = x + r, baseline + line.size * 0.36
        items.append(Circle(cx, cy, r, colour))
        width = len(text) * line.size * 0.55
        items.append(TextRun(cx - width / 2, baseline, text, "bold", line.size, "white", chunk.source,
                             chunk.key, None, width))
    else:
        items.append(TextRun(x, baseline, text, "bold", line.size, colour, chunk.source, chunk.key))
