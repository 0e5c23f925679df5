"""TMX 1.4 export of reviewed translations: a translation memory other projects and tools can reuse.

Only entries a reviewer signed off (``i18n review``) and that have not changed since go in — a memory of drafts
would spread unchecked wording. One ``<tu tuid="KEY">`` per block key, with the Dutch ``<tuv xml:lang="nl">`` and
one ``<tuv>`` per language that has a reviewed translation of it; kaartgen's inline syntax is kept as written. No
dates are written, so the same reviews give the same bytes.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from ..load.source import load_source
from ..load.translations import list_languages, load_translation
from ..version import __version__

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export_tmx(workspace: Path | str, document: str, langs: tuple[str, ...] = ()) -> tuple[bytes, int]:
    """The reviewed entries of `langs` (default: every language) as TMX 1.4 → (bytes, translation units)."""
    workspace = Path(workspace)
    source = load_source(workspace, document)
    reviewed: dict[str, dict[str, str]] = {}  # key → language → text
    for lang in langs or tuple(list_languages(workspace, document)):
        translation = load_translation(workspace, source, lang)
        for key in translation.reviewed:
            reviewed.setdefault(key, {})[lang.replace("_", "-")] = translation.texts[key][0]
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {"creationtool": "kaartgen", "creationtoolversion": __version__,
                                   "segtype": "paragraph", "o-tmf": "PO", "adminlang": "en", "srclang": "nl",
                                   "datatype": "plaintext"})
    body = ET.SubElement(root, "body")
    units = 0
    for entry in source.entries():
        texts = reviewed.get(entry.key)
        if not texts:
            continue
        unit = ET.SubElement(body, "tu", {"tuid": entry.key})
        ET.SubElement(unit, "prop", {"type": "x-context"}).text = entry.key
        for lang, text in [("nl", entry.text), *sorted(texts.items())]:
            ET.SubElement(ET.SubElement(unit, "tuv", {XML_LANG: lang}), "seg").text = text
        units += 1
    ET.indent(root, space="  ")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue() + b"\n", units
