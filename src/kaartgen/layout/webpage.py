"""Texts → the web page of an edition (`WebPage`): the blocks its layout places (a card's: the whole text; of a
list, the items the layout chooses), in their reading order (the order of the source file), each as the element its
style means, with the region's contact cards where the layout puts them.

- The **cover** blocks (styles title, subtitle, cover_note, lead) open the page; `edition_line` closes it.
- A block's **style** says what it is: heading → a section's heading, subheading → the heading within it, bullets →
  a list, steps → a numbered list, contacts → the list of numbers, plain_list → lines, callout, link, note, body.
  A style kaartgen does not know becomes a list when the block has items and a paragraph when it has a text; a
  QR code's label is left out (the page has the link, not the code).
- **Contact cards** (`{contacts: role}` in a layout's flow) follow the block that comes before that entry in the
  layout the page takes its colours from; a role no flow names follows the last section.
- **Colours** are the layout's, as printed (FOGRA39 → sRGB): `ink` for text, the title colour of the cover as its
  background, the heading colour for headings, the subheading colour for subheadings and the call to action. The
  page's own checks (and axe-core in the tests) hold them to WCAG AA.
"""

from __future__ import annotations

import datetime as dt

from ..backends.colour import cmyk_to_rgb, contrast_ratio
from ..model.content import Texts
from ..model.layout import LayoutSpec
from ..model.region import LogoPicture, Value
from ..model.webpage import WebBlock, WebPage, WebPicture
from .scripts import has_italics, is_rtl

KINDS = {
    "title": "title", "subtitle": "subtitle", "cover_note": "region", "lead": "lead", "heading": "heading",
    "subheading": "subheading", "body": "paragraph", "callout": "callout", "link": "link", "note": "note",
    "bullets": "bullets", "steps": "steps", "contacts": "contacts", "plain_list": "lines",
    "edition_line": "footer",
}
HEADER = ("title", "subtitle", "region", "lead")
NOT_ON_THE_WEB = ("qr_label",)  # the label of a QR code: the page has the link itself, not the code


LOGO_HEIGHT_PX = 56  # the logos' height on the page (CSS px); their PNG has twice as many pixels


def make_webpage(spec: LayoutSpec, texts: Texts, values: dict[str, Value], date: dt.datetime,
                 logos: tuple[LogoPicture, ...] = (), draft: bool = False) -> WebPage:
    after = _cards_after(spec)
    placed = spec.placed_blocks()
    placed_roles: set[str] = set()
    blocks: list[WebBlock] = []
    for key, whole in texts.blocks.items():
        if key not in placed:
            continue  # what the layout leaves out (a card leaves out the posters' own wordings)
        block = whole.chosen(placed[key])
        if not block.texts:
            continue  # a block that closed up (a region without a note)
        if block.style in NOT_ON_THE_WEB:
            continue
        kind = KINDS.get(block.style) or ("bullets" if len(block.texts) > 1 else "paragraph")
        blocks.append(WebBlock(kind, key, block.texts))
        for role in after.get(key, ()):
            blocks += _cards(texts, role)
            placed_roles.add(role)
    rest = [role for role in texts.cards if role not in placed_roles]
    footer_at = next((i for i, b in enumerate(blocks) if b.kind == "footer"), len(blocks))
    blocks[footer_at:footer_at] = [card for role in rest for card in _cards(texts, role)]
    header = [b for b in blocks if b.kind in HEADER]
    footer = ([WebBlock("logos", "logos", pictures=tuple(_picture(logo) for logo in logos))] if logos else []) + \
        [b for b in blocks if b.kind == "footer"]
    body = [b for b in blocks if b.kind not in HEADER and b.kind != "footer"]
    region = values.get("region.name")
    title = f"{texts.title} · {region.text}" if region is not None and region.text else texts.title
    return WebPage(texts.document, texts.lang, title, texts.subject, texts.author, date,
                   tuple(header + body + footer), _colours(spec), _uppercase(spec), draft,
                   "rtl" if is_rtl(texts.lang) else "ltr", has_italics(texts.lang))


def _picture(logo: LogoPicture) -> WebPicture:
    """A logo as the page shows it: sRGB, transparency kept, at twice its CSS size (sharp on a phone)."""
    from ..backends.colour import output_profile
    from ..backends.images import SCREEN_PPI, prepare
    from ..backends.raster import png_bytes

    height = LOGO_HEIGHT_PX
    width = max(1, round(height * logo.width / logo.height))
    points = 2 * 72 / SCREEN_PPI  # CSS px → pt, at twice the pixels
    image = prepare(logo.logo, logo.digest, "screen", width * points, height * points, output_profile())
    return WebPicture(png_bytes(image), logo.logo.alt, width, height)


def _cards_after(spec: LayoutSpec) -> dict[str, list[str]]:
    """block key → the contact roles whose cards follow it (from the layout's flows)."""
    found: dict[str, list[str]] = {}
    for flow in spec.flows:
        previous = ""
        for entry in flow.entries:
            if entry.kind == "contacts" and previous:
                found.setdefault(previous, []).append(entry.key)
            elif entry.kind == "block":
                previous = entry.key
    return found


def _cards(texts: Texts, role: str) -> list[WebBlock]:
    return [WebBlock("card", card.key, parts=card.parts) for card in texts.cards.get(role, ())]


def _hex(cmyk: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in cmyk_to_rgb(cmyk))


def _colours(spec: LayoutSpec) -> dict[str, str]:
    """The layout's colours for the page's roles, as printed; a role whose colour would fall below 4.5:1 on the
    page (white) or under the cover's text keeps the text colour instead."""
    styles = spec.styles

    def of(style: str, fallback: str) -> tuple[float, ...]:
        found = styles.get(style)
        return spec.colours.get(found.colour, spec.colours[fallback]) if found is not None and found.colour in \
            spec.colours else spec.colours.get(fallback, (0.0, 0.0, 0.0, 1.0))

    ink = of("body", "ink")
    cover = next((spec.colours[p.background] for p in spec.panels.values() if p.background), (0.0, 0.0, 0.0, 1.0))
    white = (1.0, 1.0, 1.0)
    chosen = {"ink": ink, "accent": of("heading", "ink"), "highlight": of("subheading", "ink"), "cover": cover,
              "on-cover": of("title", "white"), "muted-on-cover": of("subtitle", "white")}
    tint = next((spec.colours[p.background] for p in spec.panels.values() if p.background and
                 contrast_ratio(cmyk_to_rgb(spec.colours[p.background]), white) < 1.5), None)
    for role in ("accent", "highlight"):
        if contrast_ratio(cmyk_to_rgb(chosen[role]), white) < 4.5:
            chosen[role] = ink
    for role in ("on-cover", "muted-on-cover"):
        if contrast_ratio(cmyk_to_rgb(chosen[role]), cmyk_to_rgb(cover)) < 4.5:
            chosen[role] = (0.0, 0.0, 0.0, 0.0)
    colours = {role: _hex(value) for role, value in chosen.items()}
    if tint is not None:
        colours["tint"] = _hex(tint)
    return colours


def _uppercase(spec: LayoutSpec) -> tuple[str, ...]:
    return tuple(sorted({KINDS[name] for name, style in spec.styles.items() if style.uppercase and name in KINDS}))
