"""HTML backend: a `WebPage` → one self-contained, semantic HTML5 file (no script, no external file, no font).

Every character of a text is escaped (`html.escape`); only kaartgen's own inline syntax becomes markup — bold →
`<strong>`, italic → `<em>`, a link → `<a href>` (only `tel:`, `mailto:` and `https:` targets are written as
links; anything else stays text). The structure is what the blocks are: the cover in `<header>` (`<h1>`), each
heading opening a `<section>` of `<main>` (`<h2>`, subheadings `<h3>`), lists as `<ul>`/`<ol>`, the numbers as a
list, each contact card as a group under its label, the edition line in `<footer>`. A phone number never breaks;
an e-mail address only after its @. The stylesheet (inline) sets the layout's colours for screens and a plain
black-on-white version for printing.

Same page in, same bytes out: nothing depends on the time of the build (the date printed is the edition's).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable

from ..model.content import SOURCE_LANG, Span, Text
from ..model.webpage import WebBlock, WebPage

SAFE_LINKS = ("tel:", "mailto:", "https:")
LIST_TAGS = {"bullets": "ul", "steps": "ol", "contacts": "ul", "lines": "ul"}
PARAGRAPH_CLASSES = {"paragraph": "", "callout": "callout", "link": "link", "note": "note"}


def render_html(page: WebPage) -> bytes:
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(page.lang)}" dir="{_attr(page.direction)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(page.title)}</title>",
        f'<meta name="description" content="{_attr(page.description)}">',
        f'<meta name="author" content="{_attr(page.author)}">',
        f"<style>{_stylesheet(page)}</style>",
        "</head>",
        "<body>",
    ]
    blocks = list(page.blocks)
    header = [b for b in blocks if b.kind in ("title", "subtitle", "region", "lead")]
    footer = [b for b in blocks if b.kind in ("logos", "footer")]
    body = [b for b in blocks if b not in header and b not in footer]
    if page.draft:  # a proof: never to be published as it is
        out.append('<p class="draft" role="note" lang="nl">CONCEPT — niet publiceren. Teksten met [NL] zijn de '
                   'Nederlandse bron waar de vertaling nog ontbreekt.</p>')  # for the (Dutch) editors
    out.append('<header class="cover">')
    out += [_block(b) for b in header]
    out.append("</header>")
    out.append("<main>")
    open_section = False
    for index, block in enumerate(body):
        if block.kind == "heading":
            if open_section:
                out.append("</section>")
            out.append(f'<section aria-labelledby="{_attr(_id(block.key))}">')
            open_section = True
        out.append(_block(block, index))
    if open_section:
        out.append("</section>")
    out.append("</main>")
    if footer:
        out.append("<footer>")
        out += [_block(b) for b in footer]
        out.append("</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _block(block: WebBlock, index: int = 0) -> str:
    kind = block.kind
    lang = _lang(block.texts)
    if kind == "title":
        return f"<h1{lang}>{_inline(block.texts)}</h1>"
    if kind == "heading":
        return f'<h2 id="{_attr(_id(block.key))}"{lang}>{_inline(block.texts)}</h2>'
    if kind == "subheading":
        return f"<h3{lang}>{_inline(block.texts)}</h3>"
    if kind in ("subtitle", "region", "lead"):
        return f'<p class="{kind}"{lang}>{_inline(block.texts)}</p>'
    if kind == "footer":
        return f"<p{lang}>{_inline(block.texts)}</p>"
    if kind == "logos":
        return '<p class="logos">' + "".join(
            f'<img src="data:image/png;base64,{base64.b64encode(p.png).decode("ascii")}" alt="{_attr(p.alt)}" '
            f'width="{p.width}" height="{p.height}">' for p in block.pictures) + "</p>"
    if kind in LIST_TAGS:
        tag = LIST_TAGS[kind]
        items = "".join(f"<li{_lang((text,))}>{_spans(text.spans, text.untranslated)}</li>" for text in block.texts)
        return f'<{tag} class="{kind}">{items}</{tag}>'
    if kind == "card":
        lines = []
        for part in block.parts:
            if part.kind == "label":
                lines.append(f'<p class="label">{_inline(part.texts)}</p>')
            elif part.kind == "phones":
                lines.append('<ul class="contacts">' + "".join(f"<li>{_spans(t.spans)}</li>" for t in part.texts)
                             + "</ul>")
            else:
                lines += [f'<p class="{_attr(part.kind)}">{_spans(t.spans)}</p>' for t in part.texts]
        return '<div class="card">' + "".join(lines) + "</div>"
    css = PARAGRAPH_CLASSES.get(kind, "")
    paragraphs = [f"<p{f' class={chr(34)}{css}{chr(34)}' if css else ''}{_lang((t,))}>"
                  f"{_spans(t.spans, t.untranslated)}</p>" for t in block.texts]
    return "\n".join(paragraphs)


def _lang(texts: Iterable[Text]) -> str:
    """` lang="nl"` for a draft's Dutch where the translation lacks a text (a screen reader then speaks Dutch)."""
    return f' lang="{SOURCE_LANG}" dir="ltr"' if any(text.in_dutch for text in texts) else ""


def _inline(texts: Iterable[Text]) -> str:
    return "<br>".join(_spans(text.spans, text.untranslated) for text in texts)


def _spans(spans: Iterable[Span], untranslated: bool = False) -> str:
    """A text's spans as HTML; a region's value (a name, a label with its number) in `<bdi>`, as the PDF isolates
    it: in an Arabic page it reads whole in its own direction, and the words around it keep their order."""
    out = ["<em>[NL]</em> "] if untranslated else []
    isolated: str | None = None
    for span in spans:
        if span.placeholder != isolated:
            if isolated is not None:
                out.append("</bdi>")
            if span.placeholder is not None:
                out.append("<bdi>")
            isolated = span.placeholder
        piece = _text(span.text)
        if span.link is not None and span.link.startswith("mailto:"):
            piece = piece.replace("@", "@<wbr>")  # a long address may break after its @ on a phone, nowhere else
        if span.link is not None and span.link.startswith(SAFE_LINKS):
            kind = "tel" if span.link.startswith("tel:") else "address" if span.link.startswith("mailto:") else "web"
            piece = f'<a class="{kind}" href="{_attr(span.link)}" dir="ltr">{piece}</a>'  # LTR in Arabic too
        if span.italic:
            piece = f"<em>{piece}</em>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        out.append(piece)
    if isolated is not None:
        out.append("</bdi>")
    return "".join(out)


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _id(key: str) -> str:
    return "s-" + "".join(c if c.isalnum() else "-" for c in key)


def _stylesheet(page: WebPage) -> str:
    c = page.colours
    ink, accent = c.get("ink", "#222222"), c.get("accent", "#222222")
    highlight, cover = c.get("highlight", accent), c.get("cover", accent)
    on_cover, muted = c.get("on-cover", "#ffffff"), c.get("muted-on-cover", "#ffffff")
    tint = c.get("tint", "#f4f4f4")
    upper = {"heading": "h2", "subheading": "h3", "region": ".region", "title": "h1", "subtitle": ".subtitle",
             "callout": ".callout", "lead": ".lead"}
    capitals = ",".join(upper[k] for k in page.uppercase if k in upper)
    rules = [
        "html{font-family:'Noto Sans',system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;"
        f"color:{ink};background:#ffffff}}",
        "body{margin:0}",
        ".draft{margin:0;padding:.5rem 1.25rem;background:#fff3b0;color:#000;font-weight:700}",
        f".cover{{background:{cover};color:{on_cover};padding:2rem 1.25rem}}",
        ".cover>*,main,footer{max-width:40rem;margin-left:auto;margin-right:auto}",
        "h1{font-size:clamp(1.5rem,7vw,2rem);line-height:1.15;margin-top:0;margin-bottom:.5rem}",
        "h1,h2,h3{overflow-wrap:break-word}",  # a long word (Bulgarian, German) never runs off a phone's screen
        f".subtitle{{font-size:1.25rem;font-weight:700;color:{muted};margin-top:0;margin-bottom:1rem}}",
        ".region{font-weight:700;letter-spacing:.02em}",
        "main{padding:0 1.25rem}",
        f"h2{{color:{accent};font-size:1.2rem;margin:2rem 0 .5rem}}",
        f"h3{{color:{highlight};font-size:1.05rem;margin:1.25rem 0 .25rem}}",
        f".callout{{color:{highlight};font-weight:700}}",
        ".note{font-style:italic}",
        *([] if page.italics else [  # a script without italics: emphasis and the note upright, as in the PDF
            "em,.note{font-style:normal}", f"[lang={SOURCE_LANG}] em,[lang={SOURCE_LANG}].note{{font-style:italic}}"]),
        "ul,ol{padding-left:1.5rem}",
        "ul.lines,ul.contacts{list-style:none;padding-left:0}",
        f".card{{background:{tint};padding:.75rem 1rem;margin:.75rem 0;border-radius:.25rem}}",
        ".card p{margin:.15rem 0}.card .label{font-weight:700}.card .organisation{font-weight:700}",
        f"a{{color:{accent}}}",
        "a.tel{white-space:nowrap}a.address,a.web{overflow-wrap:anywhere}",
        "a.tel{font-weight:700}",
        "a:focus-visible{outline:3px solid currentColor;outline-offset:2px}",
        "footer{padding:1rem 1.25rem 2rem;font-size:.875rem}",
        ".logos img{max-width:100%;height:auto;margin:0 1.25rem .5rem 0;vertical-align:middle}",
        "@media print{.cover{background:none;color:#000;padding:0}.subtitle,h2,h3,.callout,a{color:#000}"
        ".card{background:none;border:1px solid #000}}",
    ]
    if capitals:
        rules.append(f"{capitals}{{text-transform:uppercase}}")
    return "".join(rules)
