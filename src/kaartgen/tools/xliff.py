"""XLIFF 2.0 for translation tools that do not read PO: one unit per block key, with notes and state.

`export_xliff` writes one language as an XLIFF 2.0 document (OASIS, ``urn:oasis:names:tc:xliff:document:2.0``):

- one ``<file>`` per document, one ``<unit id="KEY">`` per entry of the Dutch source, in source order — the unit id
  is the block key (the PO entry's ``msgctxt``), so a round trip never loses which text is which;
- ``<notes>``: the template's comments, whole (not as a PO file wraps them): where the text appears, its room
  per line and screenshots as ``category="location"``, the author's note as ``category="description"``; the
  translator's own ``#`` comments as ``category="translator"``;
- the segment ``state``: ``initial`` (untranslated: no target; or fuzzy, with ``subState="kaartgen:fuzzy"``),
  ``translated``, or ``reviewed`` when ``i18n review`` signed the entry off and nothing changed since;
- a ``<source>`` and ``<target>`` of plain text: kaartgen's inline syntax (``**bold**``, ``{placeholder}``) is
  written as it is, so the same checks apply when the file comes back.

`import_xliff` reads such a file back into the language's PO file: for every unit whose source is the current
Dutch text, a changed target becomes the translation (fuzzy again if the segment is ``initial``), an unchanged one
changes nothing, so export → import gives the same bytes. A unit for a key or source text that is no longer there
is reported, not applied. Reviews are never imported (a review names a person, which XLIFF does not carry): an
unchanged entry keeps its review; a changed one is unreviewed until ``i18n review``. A document type declaration
or entity is refused before parsing, so no entity expansion or external reference is ever followed.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load.source import load_source
from ..load.translations import load_translation, locales_dir, read_po_file
from ..load.yamlfile import read_regular_file
from ..model.diagnostics import DataError, problem
from .i18n import _po_bytes, _write_po, template  # the one PO writer, and the template's unwrapped comments

NS = "urn:oasis:names:tc:xliff:document:2.0"
FUZZY_SUBSTATE = "kaartgen:fuzzy"
MAX_XLIFF_BYTES = 20 * 1024 * 1024
_LOCATION_PREFIXES = ("Where:", "Screenshot:")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def export_xliff(workspace: Path | str, document: str, lang: str) -> bytes:
    """One language of a document as XLIFF 2.0 (UTF-8, stable: same files, same bytes)."""
    workspace = Path(workspace)
    path = locales_dir(workspace, document) / f"{lang}.po"
    shown = f"content/{document}/locales/{lang}.po"
    catalog = read_po_file(path, shown)
    reviewed = load_translation(workspace, load_source(workspace, document), lang).reviewed
    described = {m.context: list(m.auto_comments) for m in template(workspace, document) if m.id}
    ET.register_namespace("", NS)
    root = ET.Element(_q("xliff"), {"version": "2.0", "srcLang": "nl", "trgLang": lang.replace("_", "-")})
    file = ET.SubElement(root, _q("file"), {"id": document, "original": f"content/{document}/nl.yaml"})
    for message in catalog:
        if not message.id or message.context is None:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        unit = ET.SubElement(file, _q("unit"), {"id": message.context})
        notes = [("location" if c.startswith(_LOCATION_PREFIXES) else "description", c)
                 for c in described.get(message.context, [])] + [("translator", c) for c in message.user_comments]
        if notes:
            element = ET.SubElement(unit, _q("notes"))
            for category, text in notes:
                ET.SubElement(element, _q("note"), {"category": category}).text = text
        segment = ET.SubElement(unit, _q("segment"), _state(message, target, reviewed))
        ET.SubElement(segment, _q("source")).text = source
        if target:
            ET.SubElement(segment, _q("target")).text = target
    ET.indent(root, space="  ")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def _state(message: Any, target: str, reviewed: set[str]) -> dict[str, str]:
    if not target.strip():
        return {"state": "initial"}
    if message.fuzzy:
        return {"state": "initial", "subState": FUZZY_SUBSTATE}
    return {"state": "reviewed" if message.context in reviewed else "translated"}


@dataclass(frozen=True)
class ImportSummary:
    lang: str
    path: Path
    changed: tuple[str, ...]  # keys whose translation (or fuzzy state) the XLIFF changed
    skipped: tuple[str, ...]  # units for keys or source texts the document no longer has


def import_xliff(workspace: Path | str, document: str, xliff: Path) -> ImportSummary:
    """Apply an XLIFF 2.0 file (as `export_xliff` writes it, after a translation tool) to its PO file."""
    workspace = Path(workspace)
    shown = str(xliff)
    try:
        data = read_regular_file(xliff, MAX_XLIFF_BYTES)
    except OSError as exc:
        raise DataError(problem(shown, None, "", f"cannot read file: {exc.strerror or exc}")) from None
    if len(data) > MAX_XLIFF_BYTES:
        raise DataError(problem(shown, None, "", f"larger than {MAX_XLIFF_BYTES // 1024 // 1024} MB: not an "
                                "XLIFF of one card", "export one document and one language per file"))
    root = _parse(data, shown)
    lang = (root.get("trgLang") or "").replace("-", "_")
    path = locales_dir(workspace, document) / f"{lang}.po"
    po_shown = f"content/{document}/locales/{lang}.po"
    if not lang or not path.is_file():
        raise DataError(problem(shown, None, "trgLang", f"no translation '{lang}' in this workspace",
                                "start it with 'kaartgen i18n init LANG', or check the file's trgLang"))
    catalog = read_po_file(path, po_shown)
    by_key = {m.context: m for m in catalog if m.id and m.context is not None}
    changed, skipped = [], []
    for unit in root.iter(_q("unit")):
        key = unit.get("id") or ""
        segment = unit.find(_q("segment"))
        message = by_key.get(key)
        if segment is None or message is None:
            skipped.append(key)
            continue
        source = "".join(segment.findtext(_q("source")) or "")
        current = message.id if isinstance(message.id, str) else message.id[0]
        if source != current:
            skipped.append(key)
            continue
        target = segment.findtext(_q("target")) or ""
        fuzzy = segment.get("state", "initial") == "initial" and bool(target.strip())
        old = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        if "read-only" in message.flags or (target == old and fuzzy == message.fuzzy):
            continue
        message.string = target
        if fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
            message.previous_id = []
        changed.append(key)
    if changed:
        _write_po(path, _po_bytes(catalog))
    return ImportSummary(lang, path, tuple(changed), tuple(skipped))


def _parse(data: bytes, shown: str) -> ET.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DataError(problem(shown, None, "", "XLIFF with a document type or entities is refused",
                                "export it again without a DOCTYPE: XLIFF 2.0 needs none"))
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DOCTYPE or entity gets here (refused above)
    except ET.ParseError as exc:
        raise DataError(problem(shown, exc.position[0], "", f"not valid XML: {exc}",
                                "check the file in the tool that wrote it")) from None
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        raise DataError(problem(shown, 1, "", "not an XLIFF 2.0 file",
                                "export XLIFF 2.0 (urn:oasis:names:tc:xliff:document:2.0)"))
    return root
