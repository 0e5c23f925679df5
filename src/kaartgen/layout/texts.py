"""Texts: Dutch source + translation + region → the resolved `Texts` of one edition.

Each block's texts are parsed in the inline syntax into styled spans, and every placeholder is replaced by its
region value (with that value's link, for the screen edition). A key missing from the translation keeps the Dutch
text and is flagged `untranslated`; only drafts get that far (the build refuses incomplete translations).
"""

from __future__ import annotations

from ..load.inline import parse_inline
from ..model.content import SOURCE_LANG, Entry, ResolvedBlock, Source, Text, Texts
from ..model.diagnostics import SourceRef
from ..model.region import Region


def resolve(source: Source, region: Region, translated: dict[str, tuple[str, SourceRef]] | None = None,
            lang: str = SOURCE_LANG) -> Texts:
    """Source (+ translation: key → (text, where it is in the PO file)) + region → Texts."""
    values = region.values

    def text_of(entry: Entry) -> Text:
        if translated is None:
            return Text(entry.key, tuple(parse_inline(entry.text, values)), source.ref(entry))
        if entry.key in translated:
            text, ref = translated[entry.key]
            return Text(entry.key, tuple(parse_inline(text, values)), ref)
        return Text(entry.key, tuple(parse_inline(entry.text, values)), source.ref(entry), untranslated=True)

    blocks: dict[str, ResolvedBlock] = {}
    for block in source.blocks.values():
        blocks[block.key] = ResolvedBlock(block.key, block.style, tuple(text_of(e) for e in block.entries))
    meta = {k: text_of(e).plain for k, e in source.meta.items()}
    author = "".join(s.text for s in parse_inline(source.author, values))
    return Texts(source.document, lang, region.id, meta.get("document.title", ""), meta.get("document.subject", ""),
                 author, blocks)
