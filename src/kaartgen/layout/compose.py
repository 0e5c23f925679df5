"""Composition: the blocks of one edition at one body size → chunks (a paragraph's or list item's lines, spacers,
QR codes, logo rows, rules) that the flow stage stacks into panels.

Styles scale with the body size unless `fixed`; a list item gets its marker (bullet, round number badge) and a
contact line its label on the left (wrapped beside the number, balanced, where it is long) and its number
right-aligned. A draft shows a missing translation visibly, prefixed ``[NL]`` and in italics (where the
language's script has them), never silently in Dutch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..backends.qr import encode as encode_qr
from ..model.content import SOURCE_LANG, ResolvedBlock, Span, Text, Texts
from ..model.diagnostics import SourceRef
from ..model.geometry import mm
from ..model.layout import Flow, LayoutSpec, Style
from ..model.region import LogoPicture, Value
from .hyphenate import Hyphenator, hyphenator
from .linebreak import BOLD_OF, Line, Piece, break_lines, by_font, span_face
from .measure import Measure

NO_SOURCE = SourceRef("")


QUIET_MODULES = 4  # the clear space a QR code needs on every side (ISO/IEC 18004), in modules


@dataclass
class Chunk:
    """A vertical piece of a flow: the lines of one paragraph or list item, or a spacer / QR code."""

    key: str
    source: SourceRef
    lines: list[Line]
    space_before: float
    space_after: float
    indent: float = 0.0
    keep_with_next: bool = False
    kind: str = "text"  # text | space | fill | qr | logos | rule | break
    height_fixed: float = 0.0
    pictures: tuple[LogoPicture, ...] = ()  # for a logos slot
    rule: tuple[str, float] = ("", 0.0)  # colour and length, for an accent rule
    qr_data: str = ""
    qr_link: str | None = None
    bookmark: str = ""
    align: str = "left"
    badge: bool = False
    style: str = ""  # the style a text chunk is set in (for the checks on its lines)
    item: bool = False  # one item of a bulleted or numbered list (a tagged PDF's list item)
    lang: str = ""  # the language of its text when not the edition's (a draft's Dutch where a translation lacks)
    together: float = 0.0  # the first chunk of a contact card: the card's height, which moves on whole
    on_grid: bool = False  # its first baseline goes onto the layout's baseline grid: a block's first text (not
    #                        display type); the items and rows after it keep their own spacing
    part: int = 0  # which text of its block it is (several can share a key: a contacts item, one per number)

    @property
    def height(self) -> float:
        return self.height_fixed if self.kind != "text" else sum(line.leading for line in self.lines)



class Composer:
    """Turns the blocks of one edition into chunks at a given body size."""

    def __init__(self, spec: LayoutSpec, texts: Texts, measure: Measure, region_values: dict[str, Value],
                 logos: tuple[LogoPicture, ...] = ()):
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
                out.append(Chunk("", NO_SOURCE, [], 0, 0, kind="break"))
            elif entry.kind == "space":
                kind = "fill" if entry.size < 0 else "space"
                out.append(Chunk("", NO_SOURCE, [], 0, 0, kind=kind, height_fixed=max(entry.size, 0.0)))
            elif entry.kind == "qr":
                value = self.values.get(entry.key)
                data = value.link or value.text if value is not None else ""
                quiet = max(mm(2), QUIET_MODULES * entry.size / encode_qr(data)[0]) if data else mm(2)
                out.append(Chunk(entry.key, NO_SOURCE, [], quiet, quiet, kind="qr", height_fixed=entry.size,
                                 qr_data=data, qr_link=value.link if value is not None else None))
            elif entry.kind == "rule":
                out.append(Chunk("", NO_SOURCE, [], mm(3), mm(3), kind="rule", height_fixed=entry.size,
                                 rule=(entry.key, entry.width)))
            elif entry.kind == "contacts":  # the region's contacts of a role, one card each, never split
                for card in self.texts.cards.get(entry.key, ()):
                    made: list[Chunk] = []
                    for part in card.parts:
                        block = ResolvedBlock(f"{card.key}.{part.kind}", entry.style_of(part.kind), part.texts)
                        made.extend(self.block_chunks(block, width, body))
                    if made:  # one card: it moves on whole, and only its first line goes onto the grid
                        made = [replace(chunk, on_grid=False) if index else chunk for index, chunk in enumerate(made)]
                        made[0] = replace(made[0], together=_stacked_height(made))
                    out.extend(made)
            elif entry.kind == "logos":
                if self.logos:  # a region without logos: the slot closes up, no empty box
                    out.append(Chunk("logos", self.logos[0].logo.source, [], mm(2), mm(2), kind="logos",
                                     height_fixed=entry.size, pictures=self.logos, align=entry.key or "left"))
            else:
                out.extend(self.block_chunks(self.texts.blocks[entry.key].chosen(entry.items), width, body))
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
            hyph = self.hyph if style.hyphenate else None
            lang = SOURCE_LANG if text.in_dutch else self.texts.lang  # a draft's Dutch stays Dutch in capitals
            mark = SOURCE_LANG if text.in_dutch and self.texts.lang != SOURCE_LANG else ""  # (tagged PDF)
            if style.value_style:  # the number on a line of its own under its label, in its own (big) style
                chunks += self._stacked_contact(text, spans, style, body, width, before if index == 0 else 0.0,
                                                after, (lang, mark, hyph), index)
                continue
            split = None
            if style.marker == "contacts":
                spans, split, right = self._split_contact(spans, style, size, width - indent, (lang, hyph))
            lines = split or break_lines(spans, style, size, width - indent, self.measure, hyph, lang)
            if right is not None:
                lines[0].right = right
            if style.marker and style.marker != "contacts":
                number = block.numbers[index] if block.numbers else index + 1  # step 3 stays 3 in a selection
                marker = str(number) if style.marker == "number" else style.marker
                lines[0].marker = (marker, style.marker_colour or colour)
            chunks.append(Chunk(text.key, text.source, lines, before if index == 0 else 0.0,
                                after, indent, style.keep_with_next, bookmark=text.plain
                                if style.keep_with_next else "", align=style.align,
                                badge=style.marker == "number", style=block.style,
                                item=bool(style.marker) and style.marker != "contacts",
                                lang=mark, on_grid=not style.fixed and index == 0, part=index))
        if len(chunks) >= 3 and chunks[-1].item and len(chunks[-1].lines) <= 2:
            # a list's short last item never stands alone at the top of a panel or column: the item before it
            # goes along (an orphaned bullet reads as a list of one)
            chunks[-2] = replace(chunks[-2], keep_with_next=True)
        return chunks

    def _stacked_contact(self, text: Text, spans: tuple[Span, ...], style: Style, body: float, width: float,
                         before: float, after: float, setting: tuple[str, str, Hyphenator | None],
                         index: int) -> list[Chunk]:
        """'Label: value' → the label in the contacts style, kept with the value under it in the style named by
        ``value_style`` (a poster's numbers at twice the body size); a text without a label is the value alone.
        `setting`: the text's language, its language mark for the tagged PDF, and the label's hyphenator."""
        value_style = self.spec.styles[style.value_style]
        label, value = _label_and_value(spans)
        value = tuple(replace(s, bold=False) for s in value)  # the value style's own face decides
        chunks = []
        lang, lang_mark, hyph = setting
        if label:
            k = self.scale(style, body)
            lines = break_lines(label, style, style.size * k, width, self.measure, hyph, lang)
            chunks.append(Chunk(text.key, text.source, lines, before, 0.0 if value else after,
                                keep_with_next=bool(value), style=style.name, lang=lang_mark,
                                on_grid=not style.fixed and index == 0, part=index))
            before = 0.0
        if not value:
            return chunks
        k = self.scale(value_style, body)
        lines = break_lines(value, value_style, value_style.size * k, width, self.measure, None, lang)
        chunks.append(Chunk(text.key, text.source, lines, before, after, style=value_style.name, lang=lang_mark,
                            part=index))
        return chunks

    def _split_contact(self, spans: tuple[Span, ...], style: Style, size: float, width: float,
                       setting: tuple[str, Hyphenator | None]) -> tuple[tuple[Span, ...], list[Line] | None,
                                                                            list[tuple[Piece, float]] | None]:
        """'Label: number' → the label on the left, the number right-aligned in bold on its first line; split where
        `_label_and_value` finds the number, whatever punctuation the language puts before it ("："). A label too
        long for one line beside its number wraps in the room left of it, so every row of the list is set the
        same way; where the number leaves less than `LABEL_ROOM` of the line, the line is set as written, its
        number bold. Returns the spans, the label's lines when split, and the number's pieces. `setting`: the
        text's language and hyphenator."""
        lang = setting[0]
        label, value = _label_and_value(spans)
        if not label or not value:  # a number alone, or in brackets ("Veilig Thuis (0800-2000)"): as written,
            return tuple(replace(s, bold=True) if s.link and s.link.startswith("tel:") else s  # its number bold
                         for s in spans), None, None
        right = [(piece, self.measure.width(piece.text, piece.face, size))  # each letter in a font that has it
                 for s in value for text, face in by_font(s.text, BOLD_OF[span_face(style.face, s, lang)],
                                                           self.measure)
                 for piece in (Piece(text, face, s.link, s.placeholder),)]
        room = width - sum(w for _piece, w in right) - size  # (a gap of one em before the number)
        if room >= LABEL_ROOM * width:
            lines = self._balanced(label, style, size, room, setting)
            if all(line.width <= room + 1e-6 for line in lines):
                return label, lines, right
        # a number too wide to leave a label room beside it: the line as written, its number bold as in every row
        start = next((i for i, s in enumerate(spans) if s is value[0]), None)
        if start is None:  # split inside a span (no number linked): the label, ': ' and the value
            return label + (Span(": "),) + tuple(replace(s, bold=True) for s in value), None, None
        return spans[:start] + tuple(replace(s, bold=True) for s in spans[start:]), None, None

    def _balanced(self, spans: tuple[Span, ...], style: Style, size: float, room: float,
                  setting: tuple[str, Hyphenator | None]) -> list[Line]:
        """A wrapped label's lines as even as they can be in `room` (the narrowest width that keeps their number,
        found by halving): "Zorgcoördinator (tot 23 / jaar, dag en nacht)", not a lone "nacht)" under a full line."""
        lang, hyph = setting
        lines = break_lines(spans, style, size, room, self.measure, hyph, lang)
        if len(lines) < 2:
            return lines
        low, high = room / len(lines), room
        for _ in range(10):  # to within a thousandth of the room
            middle = (low + high) / 2
            tried = break_lines(spans, style, size, middle, self.measure, hyph, lang)
            if len(tried) == len(lines) and all(line.width <= middle + 1e-6 for line in tried):
                lines, high = tried, middle
            else:
                low = middle
        return lines


LABEL_ROOM = 0.45  # the least part of a contacts line a label must have beside its number to be set apart
LABEL_ENDS = " \u00a0:：፦–—-"  # what may end a contact's label before its number: ': ', ' – ', '：' …
BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("（", "）"), ("「", "」"), ("«", "»"), ("‹", "›"))


def _opens_a_bracket(text: str) -> bool:
    """Whether `text` leaves a bracket open (a contact label whose number stands inside the brackets)."""
    return any(text.count(opening) > text.count(closing) for opening, closing in BRACKET_PAIRS)


def _label_and_value(spans: tuple[Span, ...]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """A contact line → (label, value): the value from its phone number (the first span linked to ``tel:``) on,
    the label what comes before it without the separator that ends it ("Politie (AVIM): " → "Politie (AVIM)"), in
    any language's punctuation. A line without a number splits at its last ': ' outside a region value, as a
    card's row does; a line with neither is all label."""
    for index, span in enumerate(spans):
        if span.link and span.link.startswith("tel:"):
            label = list(spans[:index])
            while label and not label[-1].text.rstrip(LABEL_ENDS):
                label.pop()
            if label:
                label[-1] = replace(label[-1], text=label[-1].text.rstrip(LABEL_ENDS))
            if _opens_a_bracket("".join(span.text for span in label)):  # "Veilig Thuis (0800-2000)", "… [tel.
                return spans, ()  # 0800-2000]": apart, label and number would cut the brackets' pair; kept as written
            return tuple(label), spans[index:]
    for index in range(len(spans) - 1, -1, -1):
        span = spans[index]
        if span.placeholder is None and ": " in span.text:
            head, _, tail = span.text.rpartition(": ")
            return (spans[:index] + ((replace(span, text=head),) if head else ()),
                    ((replace(span, text=tail),) if tail.strip() else ()) + spans[index + 1:])
    return spans, ()


def _stacked_height(chunks: list[Chunk]) -> float:
    """The height `chunks` take one under the other (spacing between them included)."""
    height = 0.0
    for index, chunk in enumerate(chunks):
        height += (chunk.space_before if index else 0.0) + chunk.height + (
            chunk.space_after if index < len(chunks) - 1 else 0.0)
    return height
