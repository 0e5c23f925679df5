"""XLIFF 2.0 export and import (tools/xliff.py): keyed by block key, with notes and state; a round trip changes
nothing, a changed target comes back as exactly that change."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaartgen.cli import main
from kaartgen.load.translations import read_po_file
from kaartgen.model.diagnostics import DataError
from kaartgen.tools.xliff import FUZZY_SUBSTATE, NS, export_xliff, import_xliff

DOC = "signalenkaart"
EN = f"content/{DOC}/locales/en.po"


@pytest.fixture
def ws(workspace: Path) -> Path:
    """The shared throw-away workspace (tests/conftest.py)."""
    return workspace


def _units(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data)  # noqa: S314 - our own export
    return {unit.get("id"): unit for unit in root.iter(f"{{{NS}}}unit")}


def _edited(data: bytes, key: str, tag: str, text: str) -> bytes:
    """The export with the source or target of one unit changed, as a translation tool would."""
    ET.register_namespace("", NS)
    root = ET.fromstring(data)  # noqa: S314 - our own export
    unit = next(u for u in root.iter(f"{{{NS}}}unit") if u.get("id") == key)
    element = _segment(unit).find(f"{{{NS}}}{tag}")
    assert element is not None
    element.text = text
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _segment(unit: ET.Element) -> ET.Element:
    segment = unit.find(f"{{{NS}}}segment")
    assert segment is not None
    return segment


def test_export_is_keyed_by_block_key_with_notes(ws: Path):
    data = export_xliff(ws, DOC, "en")
    root = ET.fromstring(data)  # noqa: S314 - our own export
    assert root.get("version") == "2.0" and root.get("srcLang") == "nl" and root.get("trgLang") == "en"
    units = _units(data)
    po_keys = [m.context for m in read_po_file(ws / EN, EN) if m.id]
    assert list(units) == po_keys
    weigh = units["steps.weigh"]
    notes = [(n.get("category"), n.text) for n in weigh.iter(f"{{{NS}}}note")]
    assert ("description", "The five steps of the meldcode; the layout numbers them 1–5.") in notes
    assert any(c == "location" and t.startswith("Where: zfold-a4 inside / panel action (room: about")
               for c, t in notes)
    assert "{veilig_thuis.phone}" in _segment(weigh).findtext(f"{{{NS}}}source")
    assert export_xliff(ws, DOC, "en") == data  # same files, same bytes


def test_export_then_import_changes_nothing(ws: Path, tmp_path: Path):
    before = (ws / EN).read_bytes()
    xliff = tmp_path / "en.xliff"
    xliff.write_bytes(export_xliff(ws, DOC, "en"))
    summary = import_xliff(ws, DOC, xliff)
    assert summary.changed == () and summary.skipped == ()
    assert (ws / EN).read_bytes() == before


def test_a_changed_target_imports_as_exactly_that_change(ws: Path, tmp_path: Path):
    before = {m.context: (m.string, m.fuzzy) for m in read_po_file(ws / EN, EN) if m.id}
    data = _edited(export_xliff(ws, DOC, "en"), "document.title", "target", "Signals card for professionals")
    xliff = tmp_path / "en.xliff"
    xliff.write_bytes(data)
    result = CliRunner().invoke(main, ["i18n", "import-xliff", str(xliff), "-w", str(ws)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("en: 1 changed (document.title)")
    after = {m.context: (m.string, m.fuzzy) for m in read_po_file(ws / EN, EN) if m.id}
    assert after["document.title"] == ("Signals card for professionals", False)
    assert {k: v for k, v in after.items() if k != "document.title"} == \
           {k: v for k, v in before.items() if k != "document.title"}


def test_states_fuzzy_untranslated_and_reviewed(ws: Path, tmp_path: Path):
    assert CliRunner().invoke(main, ["i18n", "review", "en", "--by", "Test Reviewer", "-w", str(ws)]).exit_code == 0
    po = (ws / EN).read_text(encoding="utf-8")
    po = po.replace('msgctxt "intro"', '#, fuzzy\nmsgctxt "intro"', 1)
    title = 'msgctxt "document.title"\nmsgid "Signalenkaart voor professionals"\n'
    translated = title + 'msgstr "Warning signs card for professionals"'
    assert translated in po
    (ws / EN).write_text(po.replace(translated, title + 'msgstr ""'), encoding="utf-8")
    units = _units(export_xliff(ws, DOC, "en"))
    intro, cover = _segment(units["intro"]), _segment(units["cover_title"])
    title_unit = _segment(units["document.title"])
    assert (intro.get("state"), intro.get("subState")) == ("initial", FUZZY_SUBSTATE)
    assert title_unit.get("state") == "initial" and title_unit.find(f"{{{NS}}}target") is None
    assert cover.get("state") == "reviewed"


def test_a_unit_whose_dutch_changed_is_skipped_not_applied(ws: Path, tmp_path: Path):
    data = _edited(export_xliff(ws, DOC, "en"), "document.title", "source", "Een oude tekst")
    xliff = tmp_path / "en.xliff"
    xliff.write_bytes(_edited(data, "document.title", "target", "Something else"))
    summary = import_xliff(ws, DOC, xliff)
    assert summary.skipped == ("document.title",) and summary.changed == ()


@pytest.mark.parametrize(("data", "message"), [
    (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "document type or entities is refused"),
    (b"<xliff", "not valid XML"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>', "not an XLIFF 2.0 file"),
])
def test_hostile_or_wrong_files_are_refused_by_name(ws: Path, tmp_path: Path, data: bytes, message: str):
    xliff = tmp_path / "bad.xliff"
    xliff.write_bytes(data)
    with pytest.raises(DataError, match=message):
        import_xliff(ws, DOC, xliff)


def test_tmx_holds_only_reviewed_entries(ws: Path, tmp_path: Path):
    from kaartgen.tools.tmx import XML_LANG, export_tmx

    data, units = export_tmx(ws, DOC)
    assert units == 0 and b"<tu " not in data  # the shipped translations are drafts: nothing reviewed
    assert CliRunner().invoke(main, ["i18n", "review", "en", "--by", "Test Reviewer", "-w", str(ws)]).exit_code == 0
    po = (ws / EN).read_text(encoding="utf-8")
    (ws / EN).write_text(po.replace('msgctxt "intro"', '#, fuzzy\nmsgctxt "intro"', 1), encoding="utf-8")
    out = tmp_path / "memory.tmx"
    result = CliRunner().invoke(main, ["i18n", "export-tmx", "en", "-w", str(ws), "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_bytes())  # noqa: S314 - our own export
    units = {tu.get("tuid"): {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.iter("tuv")}
             for tu in root.iter("tu")}
    assert "intro" not in units  # fuzzy since the review: not in the memory
    assert units["document.title"] == {"nl": "Signalenkaart voor professionals",
                                       "en": "Warning signs card for professionals"}
    assert result.output.endswith(f": {len(units)} reviewed entries\n")
    assert export_tmx(ws, DOC, ("en",))[0] == out.read_bytes()
