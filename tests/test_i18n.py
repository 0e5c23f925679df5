"""Translators' workflow: template, init, update, status, review, screenshots (kaartgen.i18n, kaartgen.cli_i18n).

Every test that writes works in a copy of the repository's workspace (content/, layouts/, fonts/) in tmp_path.
Bad-input fixtures are PO files in tests/fixtures/i18n/, each beside the exact lines it must produce.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from kaartgen import DataError
from kaartgen.cli import main
from kaartgen.load.source import load_source
from kaartgen.tools import i18n

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "i18n"
DOC = "signalenkaart"
ENTRIES = sum(1 for _ in load_source(Path(__file__).resolve().parents[1], DOC).entries())  # texts to translate
LOCALES = Path("content") / DOC / "locales"
POT = Path("content") / DOC / f"{DOC}.pot"
SHIPPED = ("en", "pl", "bg")
ZFOLD_PANELS = ("talk", "contact", "cover", "signals-1", "signals-2", "action")
ZFOLD_READING = ("cover", "signals-1", "signals-2", "talk", "action", "contact")  # the screen edition's page order


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A copy of the reference workspace."""
    root = tmp_path / "ws"
    for name in ("content", "layouts", "fonts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "kaartgen.yaml", root / "kaartgen.yaml")
    return root


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def catalog(path: Path):
    return read_po(io.BytesIO(path.read_bytes()))


def msgfmt(path: Path, *, skip: bool = True) -> subprocess.CompletedProcess:
    """`msgfmt -c --check-format` on a file; a test about msgfmt is skipped without gettext (CI installs it)."""
    if shutil.which("msgfmt") is None:
        if skip:
            pytest.skip("msgfmt (gettext) is not installed")
        return subprocess.CompletedProcess([], 0, "", "")
    return subprocess.run(["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


# --------------------------------------------------------------------------- template


@pytest.mark.parametrize("name", [POT.as_posix()] + [(LOCALES / f"{lang}.po").as_posix() for lang in SHIPPED])
def test_msgfmt_accepts_shipped_template_and_translations(name):
    checked = msgfmt(ROOT / name)
    assert checked.returncode == 0, checked.stderr


def test_extract_is_stable_and_the_shipped_template_is_current(ws):
    first = i18n.extract(ws, DOC).read_bytes()
    assert i18n.extract(ws, DOC).read_bytes() == first
    assert (ROOT / POT).read_bytes() == first, \
        "content/signalenkaart/signalenkaart.pot is out of date: run 'kaartgen i18n extract' and 'kaartgen i18n update'"


def test_template_entries_carry_key_note_place_and_flag(ws):
    result = run("i18n", "extract", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {POT.as_posix()}\n"
    pot = catalog(ws / POT)
    source = load_source(ws, DOC)
    assert [m.context for m in pot if m.id] == [e.key for e in source.entries()]
    weigh = pot.get(next(e.text for e in source.entries() if e.key == "steps.weigh"), "steps.weigh")
    assert "python-brace-format" in weigh.flags
    assert weigh.locations == [(f"content/{DOC}/nl.yaml", source.blocks["steps"].items[3].line)]
    assert weigh.auto_comments[0] == "The five steps of the meldcode; the layout numbers them 1–5."
    where = " ".join(weigh.auto_comments)
    assert "Where: zfold-a4 inside / panel action (room: about" in where
    assert "Screenshot: signalenkaart_zfold-a4_action.png" in where
    title = pot.get("Signalenkaart voor professionals", "document.title")
    assert title.flags == set() and "not printed" in title.auto_comments[0]


def test_template_date_follows_source_date_epoch_else_the_source_and_layouts(ws, monkeypatch):
    import datetime as dt
    import os

    files = [ws / "content/signalenkaart/nl.yaml", *(ws / "layouts").glob("*.yaml")]
    newest = max(p.stat().st_mtime for p in files)
    os.utime(ws / "content/signalenkaart/nl.yaml", (newest + 3600, newest + 3600))  # a later edit of the source
    expected = dt.datetime.fromtimestamp(int(newest + 3600), tz=dt.UTC).replace(second=0)
    assert i18n.template(ws, DOC).creation_date == expected
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert i18n.template(ws, DOC).creation_date == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    before = (ws / POT).read_bytes()
    i18n.extract(ws, DOC)
    assert (ws / POT).read_bytes() == before  # only the date would change: the file is left as it is


# --------------------------------------------------------------------------- status and build on bad input


def _install(ws: Path, fixture: str) -> list[str]:
    shutil.copy(FIXTURES / f"{fixture}.po", ws / LOCALES / "xx.po")
    return (FIXTURES / f"{fixture}.expected").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("fixture", ["dropped_placeholder", "misspelt_placeholder"])
def test_placeholder_errors_fail_status_and_build(ws, fixture):
    expected = _install(ws, fixture)
    status = run("i18n", "status", "xx", "-l", "zfold-a4", "-w", str(ws))
    assert status.exit_code == 1, status.output
    build = run("build", "--lang", "xx", "--draft", "-l", "zfold-a4", "-w", str(ws), "-o", str(ws / "out"))
    assert build.exit_code == 1, build.output
    for line in expected:
        assert line.startswith("content/signalenkaart/locales/xx.po:") and "steps.weigh" in line
        assert f"  {line}\n" in status.output
        assert f"  {line}\n" in build.output
    assert not (ws / "out" / DOC).exists()


def test_missing_glyphs_fail_status_and_build(ws):
    expected = _install(ws, "runic")
    status = run("i18n", "status", "xx", "-l", "zfold-a4", "-w", str(ws))
    assert status.exit_code == 1
    assert [f"  {line}" for line in expected] == [ln for ln in status.output.splitlines() if "xx.po:" in ln]
    build = run("build", "--lang", "xx", "--draft", "-l", "zfold-a4", "-w", str(ws), "-o", str(ws / "out"))
    assert build.exit_code == 1
    assert "content/signalenkaart/locales/xx.po:11: error: steps.weigh: the layout's fonts have no glyph for " \
           "U+16A0 'ᚠ', U+16A2 'ᚢ', U+16A6 'ᚦ'" in build.output


def test_status_json_of_shipped_languages(ws):
    result = run("i18n", "status", "-l", "zfold-a4", "--json", "-w", str(ws))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["schema"] == 1 and answer["ok"]
    report = answer["languages"]
    assert [r["language"] for r in report] == sorted(SHIPPED)
    for r in report:
        assert (r["translated"], r["fuzzy"], r["untranslated"], r["percent"]) == (r["total"], 0, 0, 100.0)
        assert r["problems"] == [] and r["glyphs"] == [] and r["diagnostics"] == [] and r["ok"]
        assert r["state"] == "draft" and r["why_draft"] == f"{r['total']} not reviewed"
        [fitted] = r["fit"]
        assert fitted["layout"] == "zfold-a4" and fitted["fits"]
        assert fitted["message"] == f"fits at {fitted['body_size']:g} pt"


def test_status_reports_overflow(ws):
    po = ws / LOCALES / "en.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Sleeps at the workplace"',
                               'msgstr "' + "Sleeps at the workplace, every night, all week long. " * 150 + '"'),
                  encoding="utf-8")
    [status] = i18n.status(ws, DOC, ["en"], ["zfold-a4"])
    assert not status.ok and status.fits[0].body_size is None
    assert status.errors == [status.fits[0].message]
    assert "does not fit layout 'zfold-a4'" in status.fits[0].message


# --------------------------------------------------------------------------- update


def _translations(ws: Path, lang: str) -> dict[str, str]:
    return {m.context: m.string for m in catalog(ws / LOCALES / f"{lang}.po") if m.id}


def test_update_keeps_every_translation_and_is_stable(ws):
    before = {lang: _translations(ws, lang) for lang in SHIPPED}
    result = run("i18n", "update", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [f"{lang}: {ENTRIES} translated, 0 fuzzy, 0 untranslated"
                                              for lang in sorted(SHIPPED)]
    written = {lang: (ws / LOCALES / f"{lang}.po").read_bytes() for lang in SHIPPED}
    i18n.update(ws, DOC)
    for lang in SHIPPED:
        assert _translations(ws, lang) == before[lang]
        assert (ws / LOCALES / f"{lang}.po").read_bytes() == written[lang]
        assert (ROOT / LOCALES / f"{lang}.po").read_bytes() == written[lang], \
            f"{lang}.po is not merged with the current template: run 'kaartgen i18n update'"
        header = catalog(ws / LOCALES / f"{lang}.po")
        assert header.locale_identifier == lang


def test_changed_source_makes_exactly_that_entry_fuzzy_and_voids_its_review(ws):
    for lang in SHIPPED:
        i18n.review(ws, DOC, lang, "Test Reviewer")
    source = load_source(ws, DOC)
    nl = ws / "content" / DOC / "nl.yaml"
    nl.write_text(nl.read_text(encoding="utf-8").replace("Prostitutie is een legaal beroep,",
                                                         "Prostitutie is in Nederland een legaal beroep,"),
                  encoding="utf-8")
    changed_source = load_source(ws, DOC)
    old, new = (next(e.text for e in s.entries() if e.key == "intro") for s in (source, changed_source))
    assert old != new
    result = run("i18n", "extract", "-w", str(ws))
    assert result.exit_code == 0, result.output
    result = run("i18n", "update", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert f"en: {ENTRIES - 1} translated, 1 fuzzy, 0 untranslated; changed in the source: intro" in result.output
    for lang in SHIPPED:
        po = i18n.read_catalog(ws / LOCALES / f"{lang}.po")  # Babel's read_po, with #| msgid as previous_id
        fuzzy = [m for m in po if m.id and m.fuzzy]
        assert [(m.context, m.id, m.previous_id) for m in fuzzy] == [("intro", new, [old])]
        assert fuzzy[0].string  # the old translation stays, for the translator to adjust
        assert [m.context for m in catalog(ws / LOCALES / f"{lang}.po") if m.id and m.fuzzy] == ["intro"]
        assert not po.obsolete
        checked = msgfmt(ws / LOCALES / f"{lang}.po", skip=False)
        assert checked.returncode == 0, checked.stderr
        translation = i18n.load_translation(ws, changed_source, lang)
        assert translation.fuzzy == ["intro"] and translation.state == "draft"
        assert "intro" not in translation.reviewed
        assert len(translation.reviewed) == translation.total - 1
    # a second update changes nothing: the entry stays fuzzy with its (multi-line) #| msgid
    again = (ws / LOCALES / "pl.po").read_bytes()
    i18n.update(ws, DOC)
    assert (ws / LOCALES / "pl.po").read_bytes() == again
    assert b'#| msgid ""\n#| "Prostitutie is een legaal beroep, ' in again


def test_removed_and_added_items(ws):
    nl = ws / "content" / DOC / "nl.yaml"
    text = nl.read_text(encoding="utf-8")
    text = text.replace("      on_the_street: Hangt veel op straat rond, vertoont wegloop gedrag\n",
                        "      sleeps_in_car: Slaapt in een auto\n")  # an item no poster chooses
    nl.write_text(text, encoding="utf-8")
    summary = i18n.update(ws, DOC)["en"]
    assert summary.added == ("signals.sleeps_in_car",) and summary.obsoleted == ("signals.on_the_street",)
    assert (summary.translated, summary.fuzzy, summary.untranslated) == (ENTRIES - 1, 0, 1)
    po = catalog(ws / LOCALES / "en.po")
    assert [m.context for m in po.obsolete.values()] == ["signals.on_the_street"]
    assert msgfmt(ws / LOCALES / "en.po", skip=False).returncode == 0


@pytest.mark.parametrize(("content", "message"), [
    (b'msgid ""\nmsgstr ""\n\x00', "xx.po: error: binary data, not a PO file (is this the right file?)"),
    (b'msgid ""\nmsgstr ""\n\nmsgctxt "intro"\nmsgid "x"\nmsgstr "\xe9"\n',
     "xx.po:6: error: not UTF-8 text (save the PO file as UTF-8)"),
    (None, "xx.po: error: the file is 3.0 MB; a data file may be at most 2 MB (is this the right file?)"),
])
def test_update_reads_po_files_with_the_same_checks_as_the_build(ws, content, message):
    path = ws / LOCALES / "xx.po"
    if content is None:
        with path.open("wb") as handle:
            handle.truncate(3 * 1024 * 1024)  # sparse: refused before it is read
    else:
        path.write_bytes(content)
    result = run("i18n", "update", "-w", str(ws))
    assert result.exit_code == 1
    assert result.output == f"content/{DOC}/locales/{message}\n"


# --------------------------------------------------------------------------- init


def test_init_makes_a_valid_translation(ws):
    result = run("i18n", "init", "de", "-w", str(ws))
    assert result.exit_code == 0, result.output
    path = ws / LOCALES / "de.po"
    checked = msgfmt(path)
    assert checked.returncode == 0, checked.stderr
    text = path.read_text(encoding="utf-8")
    assert '"Language: de\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    po = catalog(path)
    assert [m.context for m in po if m.id] == [m.context for m in catalog(i18n.extract(ws, DOC)) if m.id]
    read_only = [m.context for m in po if m.id and "read-only" in m.flags]
    assert read_only and all(m.string == m.id for m in po if m.context in read_only)  # only placeholders
    assert not any(m.string for m in po if m.id and m.context not in read_only)
    translation = i18n.load_translation(ws, load_source(ws, DOC), "de")
    assert translation.total == ENTRIES and translation.translated == len(read_only)
    assert len(translation.untranslated) == ENTRIES - len(read_only)


def test_init_plural_forms_come_from_babel(ws):
    text = i18n.init(ws, DOC, "ru").read_text(encoding="utf-8")
    assert '"Language: ru\\n"' in text and "nplurals=3;" in text and "Language-Team: Russian" in text


def test_init_refuses_an_existing_or_unknown_language(ws):
    before = (ws / LOCALES / "en.po").read_bytes()
    result = run("i18n", "init", "en", "-w", str(ws))
    assert result.exit_code == 1
    assert result.output == ("content/signalenkaart/locales/en.po: error: en: this translation already exists "
                             "(bring it up to date with 'kaartgen i18n update')\n")
    assert (ws / LOCALES / "en.po").read_bytes() == before
    with pytest.raises(DataError, match="Babel has no locale data"):
        i18n.init(ws, DOC, "qq")
    assert not (ws / LOCALES / "qq.po").exists()
    malformed = run("i18n", "init", "Deutsch", "-w", str(ws))  # a malformed name: a usage error, as everywhere
    assert malformed.exit_code == 2 and "'Deutsch' is not a valid language code" in malformed.output


# --------------------------------------------------------------------------- review


def test_review_makes_a_complete_translation_final_and_buildable(ws, monkeypatch):
    build_args = ("build", "--lang", "en", "-l", "zfold-a4", "-q", "-w", str(ws), "-o", str(ws / "out"))
    refused = run(*build_args)
    assert refused.exit_code == 1
    assert f"translation 'en' is a draft ({ENTRIES} not reviewed)" in refused.output
    assert "kaartgen i18n review en --by NAME" in refused.output

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result = run("i18n", "review", "en", "--by", "Test Reviewer", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output == (f"recorded {ENTRIES} entries as reviewed by Test Reviewer in "
                             "content/signalenkaart/locales/en.review.json\n"
                             "en: every entry reviewed; the translation is final\n")
    record = json.loads((ws / LOCALES / "en.review.json").read_text(encoding="utf-8"))
    assert record["entries"]["steps.weigh"]["reviewer"] == "Test Reviewer"
    assert record["entries"]["steps.weigh"]["date"] == "2026-01-01"
    assert i18n.load_translation(ws, load_source(ws, DOC), "en").state == "final"
    built = run(*build_args)
    assert built.exit_code == 0, built.output


def test_review_records_what_is_clean_and_counts_the_rest(ws):
    shutil.copy(FIXTURES / "runic.po", ws / LOCALES / "xx.po")
    result = run("i18n", "review", "xx", "--by", "R", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "recorded 1 entries as reviewed by R in content/signalenkaart/locales/xx.review.json",
        f"xx: {ENTRIES - 1} of {ENTRIES} entries remain unreviewed ({ENTRIES - 1} untranslated, {ENTRIES - 1} not "
        "reviewed); it stays a draft"]
    _install(ws, "dropped_placeholder")
    refused = run("i18n", "review", "xx", "--by", "R", "-w", str(ws))
    assert refused.exit_code == 1 and "steps.weigh: placeholder {zorgcoordinator.phone} is missing" in refused.output
    assert run("i18n", "review", "en", "--by", " ", "-w", str(ws)).exit_code == 1


def test_review_treats_a_review_entry_that_is_not_a_mapping_as_absent(ws):
    path = ws / LOCALES / "en.review.json"
    path.write_text(json.dumps({"language": "en", "document": DOC, "entries": {"intro": 1}}), encoding="utf-8")
    assert "intro" not in i18n.load_translation(ws, load_source(ws, DOC), "en").reviewed
    result = run("i18n", "review", "en", "--by", "R", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"recorded {ENTRIES} entries as reviewed by R")
    assert json.loads(path.read_text(encoding="utf-8"))["entries"]["intro"]["reviewer"] == "R"


# --------------------------------------------------------------------------- screenshots


def test_screenshots_one_png_per_panel(ws):
    from PIL import Image

    result = run("i18n", "screenshots", "-l", "zfold-a4", "--dpi", "72", "-w", str(ws))
    assert result.exit_code == 0, result.output
    names = sorted(f"{DOC}_zfold-a4_{panel}.png" for panel in ZFOLD_PANELS)
    folder = ws / "output" / "screenshots"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names, "screenshots.json"])
    assert result.output.splitlines() == [f"wrote output/screenshots/{DOC}_zfold-a4_{p}.png" for p in ZFOLD_READING
                                          ] + ["wrote output/screenshots/screenshots.json"]
    with Image.open(folder / f"{DOC}_zfold-a4_action.png") as image:
        panel_w = 99 / 25.4 * 72
        assert image.width > panel_w + 20 and abs(image.height - 210 / 25.4 * 72) <= 1  # the labels' margin
        assert (214, 0, 110) in {colour for _count, colour in image.convert("RGB").getcolors(1 << 16)}
        # the panel itself is the card as rendered: no label is drawn over it (the outlines only, 2 px)
    mapping = json.loads((folder / "screenshots.json").read_text(encoding="utf-8"))
    assert mapping["schema"] == 1
    assert "steps.weigh" in mapping["screenshots"][f"{DOC}_zfold-a4_action.png"]
    assert mapping["keys"]["steps.weigh"] == [f"{DOC}_zfold-a4_action.png"]
    # every screenshot the template names for this layout exists
    named = {c.split(": ", 1)[1] for m in catalog(i18n.extract(ws, DOC)) for c in m.auto_comments
             if c.startswith("Screenshot: ") and "_zfold-a4_" in c}
    assert named == set(names)


def test_screenshots_status_and_template_use_the_reference_regions_logo(ws):
    from PIL import Image

    from kaartgen import Options, build

    (ws / "logos").mkdir()
    Image.new("RGB", (1200, 480), (20, 60, 140)).save(ws / "logos" / "x.png")
    region = ws / "content" / "regions" / "ijsselland.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "\nlogos:\n  - file: logos/x.png\n    alt: X\n",
                      encoding="utf-8")
    result = run("i18n", "screenshots", "--dpi", "36", "-w", str(ws))
    assert result.exit_code == 0, result.output
    shot_names = {p.name for p in (ws / "output" / "screenshots").iterdir() if p.suffix == ".png"}
    named = {c.split(": ", 1)[1] for m in catalog(i18n.extract(ws, DOC)) for c in m.auto_comments
             if c.startswith("Screenshot: ")}
    assert named <= shot_names  # the template names screenshots of the card as drawn, logo included
    # status fits with the logo, as the build does (the logo takes room on the poster: a smaller body size)
    [status] = i18n.status(ws, DOC, ["en"], ["poster-a3"])
    [checked] = build(ws, layouts=["poster-a3"], langs=["en"], options=Options(draft=True, check_only=True)).results
    assert checked.ok, checked.message
    assert status.fits[0].body_size == checked.body_size


def test_status_keeps_a_layout_it_cannot_load_apart_from_one_that_does_not_fit(ws):
    result = run("i18n", "status", "en", "-l", "nope", "-w", str(ws))
    assert result.exit_code == 1
    [line] = [ln for ln in result.output.splitlines() if ln.startswith("  nope: ")]
    assert line.startswith("  nope: cannot check: layouts/nope.yaml") and "DOES NOT FIT" not in result.output
    [status] = i18n.status(ws, DOC, ["en"], ["nope"])
    assert not status.ok and not status.fits[0].checked


def test_a_blank_msgstr_is_untranslated_never_a_vanished_title(ws):
    po = ws / LOCALES / "en.po"
    text = po.read_text(encoding="utf-8")
    assert text.count('msgstr "Warning signs card for professionals"') >= 1
    po.write_text(text.replace('msgstr "Warning signs card for professionals"', 'msgstr "   "'), encoding="utf-8")
    source = load_source(ws, DOC)
    translation = i18n.load_translation(ws, source, "en")
    assert "document.title" in translation.untranslated  # the source's title prints, with the draft warning
    assert "document.title" not in translation.texts
    assert not any(wording.strip() == "" for wording, _ref in translation.texts.values())
    assert translation.state == "draft"


@pytest.mark.parametrize(("header", "refused"), [
    ("charset=UTF-8", False), ("charset=utf-8", False), ("charset=CHARSET", False),  # a fresh template
    ("charset=ISO-8859-1", True), ("charset=KLINGON", True),  # was a LookupError traceback
])
def test_po_charset_must_be_utf8(header: str, refused: bool):
    from kaartgen.load.translations import po_syntax_problems

    text = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; {header}\\n"\n'
    assert bool(po_syntax_problems(text, "xx.po")) == refused


def test_po_strings_must_be_closed_and_an_escaped_quote_does_not_close_one():
    from kaartgen.load.translations import po_syntax_problems

    assert po_syntax_problems('msgid "a"\nmsgstr "b \\"quoted\\""\n', "xx.po") == []
    assert po_syntax_problems('msgid "a"\nmsgstr "ends in a backslash \\\\"\n', "xx.po") == []
    [open_quote] = po_syntax_problems('msgid "a"\nmsgstr "b \\"\n', "xx.po")
    assert open_quote.line == 2


def test_a_wrapped_msgctxt_is_read_whole_for_the_duplicate_check():
    from kaartgen.load.translations import po_syntax_problems

    two_long = ('msgctxt ""\n"signals.items.first_long_key"\nmsgid "a"\nmsgstr "b"\n\n'
                'msgctxt ""\n"signals.items.second_long_key"\nmsgid "c"\nmsgstr "d"\n')
    assert po_syntax_problems(two_long, "xx.po") == []
    [twice] = po_syntax_problems(two_long.replace("second", "first"), "xx.po")
    assert twice.key == "signals.items.first_long_key" and twice.line == 8


@pytest.mark.parametrize("key", ["action_heading", "why_signal", "signals_heading", "intro"])
def test_the_room_per_line_is_what_the_layout_really_sets(ws, key):
    """The template's "room: about N characters per line" is measured in the block's real face and size (bold
    capitals for headings): each line the line breaker sets at the base size holds at most about N characters,
    and with the next word it would have held more."""
    import itertools
    import re

    from kaartgen.layout.linebreak import break_lines
    from kaartgen.layout.measure import Measure
    from kaartgen.load.layouts import load_layout
    from kaartgen.model.content import Span

    run("i18n", "extract", "-w", str(ws))
    text = catalog(ws / POT)
    entry = next(m for m in text if m.context == key)
    where = next(c for c in " ".join(entry.auto_comments).split("Where: ") if c.startswith("zfold-a4 "))
    room = int(re.search(r"room: about (\d+) characters", where).group(1))
    spec = load_layout(ws, "zfold-a4")
    block = load_source(ws, DOC).blocks[key]
    style = spec.styles[block.style]
    panel = next(p for f in spec.flows if any(e.key == key for e in f.entries) for p in [spec.panels[f.panels[0]]])
    words = (entry.id.upper() if style.uppercase else entry.id).split()
    lines = break_lines([Span(" ".join(words))], style, style.size, panel.safe.w, Measure(spec), None)
    texts = ["".join(run_[1].text for run_ in line.runs) for line in lines]
    assert len(texts) >= 2, texts  # a text that wraps, or the test says nothing
    for line, after in itertools.pairwise(texts):
        assert len(line) <= room * 1.12, (line, room)
        assert len(line) + 1 + len(after.split()[0]) >= room * 0.9, (line, after, room)


def test_template_flags_weblate_enforces_and_msgfmt_accepts(ws):
    run("i18n", "extract", "-w", str(ws))
    pot = catalog(ws / POT)
    by_key = {m.context: m for m in pot if m.id}
    assert "read-only" in by_key["chat_link"].flags  # only a placeholder: nothing to translate
    assert "read-only" in by_key["regional_note"].flags
    assert "read-only" not in by_key["steps.weigh"].flags  # placeholders inside a sentence are translated
    meldcode = by_key["meldcode"]
    assert "md-text" in meldcode.flags and "*" in meldcode.id
    assert any(c.startswith("Inline syntax: **bold** and *italic*") for c in meldcode.auto_comments)
    assert not [m.context for m in pot if m.id and "md-text" in m.flags and "*" not in m.id]
    assert msgfmt(ws / POT).returncode == 0


def test_read_only_entries_are_their_source_in_every_language(ws):
    assert run("i18n", "init", "de", "-w", str(ws)).exit_code == 0
    german = catalog(ws / f"content/{DOC}/locales/de.po")
    assert german.get("{fier.chat_url}", "chat_link").string == "{fier.chat_url}"
    assert not german.get("Signalenkaart voor professionals", "document.title").string
    english = ws / f"content/{DOC}/locales/en.po"
    text = english.read_text(encoding="utf-8")
    assert 'msgstr "{region.note}"' in text
    english.write_text(text.replace('msgstr "{region.note}"', 'msgstr "{region.note} "'), encoding="utf-8")
    assert run("i18n", "update", "-w", str(ws)).exit_code == 0
    note = catalog(english).get("{region.note}", "regional_note")
    assert note.string == "{region.note}" and not note.fuzzy


def test_flags_follow_the_template_when_a_layout_changes(ws):
    """Babel's update keeps an entry's old flags beside the template's: a layout giving headings another number of lines
    would leave two max-size flags (and Weblate check the stale one). i18n update writes the template's flags."""
    english = ws / LOCALES / "en.po"
    before = [f for f in catalog(english).get("Seksuele uitbuiting en (gedwongen) prostitutie",
                                              "signals_heading").flags if f.startswith("max-size:")]
    assert before and before[0].endswith(":3")
    for layout in (ws / "layouts").glob("*.yaml"):
        text = layout.read_text(encoding="utf-8")
        layout.write_text(text.replace("hyphenate: false, max_lines: 3}", "hyphenate: false, max_lines: 4}"),
                          encoding="utf-8")
    assert run("i18n", "update", "-w", str(ws)).exit_code == 0
    after = [f for f in catalog(english).get("Seksuele uitbuiting en (gedwongen) prostitutie",
                                             "signals_heading").flags if f.startswith("max-size:")]
    assert len(after) == 1 and after[0].endswith(":4")


def test_status_json_lists_the_keys_per_state(ws):
    path = ws / LOCALES / "en.po"
    po = catalog(path)
    by_key = {m.context: m for m in po if m.id}
    by_key["intro"].flags.add("fuzzy")
    by_key["cover_title"].string = ""
    by_key["steps.weigh"].string = by_key["steps.weigh"].string.replace("{", "{{", 1)  # a placeholder lost
    buffer = io.BytesIO()
    write_po(buffer, po)
    path.write_bytes(buffer.getvalue())
    result = run("i18n", "status", "en", "-w", str(ws), "--json", "-l", "zfold-a4")
    data = json.loads(result.output)
    assert data["schema"] == 1
    (english,) = data["languages"]
    assert english["keys"]["fuzzy"] == ["intro"]
    assert english["keys"]["untranslated"] == ["cover_title"]
    assert english["keys"]["failing"] == ["steps.weigh"]
    assert "intro" not in english["keys"]["unreviewed"] and "document.title" in english["keys"]["unreviewed"]
    problems = [d for d in english["diagnostics"] if d["key"] == "steps.weigh"]
    assert problems and all(d["file"] == f"content/{DOC}/locales/en.po" and d["line"] for d in problems)
    assert any("placeholder {veilig_thuis.name} is missing" in d["message"] for d in problems)


def test_screenshots_never_cover_the_text_and_come_in_other_languages(ws, tmp_path):
    """The panel part of a screenshot equals the card as rendered, but for the 2-pixel outlines around the
    blocks: keys are written in the margin beside it. With --lang the translated card comes too."""
    from PIL import Image, ImageChops

    from kaartgen.backends.raster import rasterise
    from kaartgen.model.plan import BlockArea
    from kaartgen.tools.i18n import reference_plan

    out = tmp_path / "shots"
    result = run("i18n", "screenshots", "-l", "zfold-a4", "--dpi", "72", "--lang", "en", "-o", str(out),
                 "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert (out / "en" / f"{DOC}_zfold-a4_action.png").is_file()
    mapping = json.loads((out / "screenshots.json").read_text(encoding="utf-8"))
    assert f"en/{DOC}_zfold-a4_action.png" in mapping["screenshots"]
    with Image.open(out / f"{DOC}_zfold-a4_action.png") as shot:
        image = shot.convert("RGB")
    inputs = i18n.Inputs(ws)
    plan = reference_plan(inputs, DOC, "zfold-a4")
    name = i18n.EditionName(DOC, "zfold-a4", inputs.reference_region(), "nl", "screen")
    pdf = i18n.run_edition(inputs, name, until=i18n.Stage.RENDER)[0].pdf
    page_index, (_pid, rect, _safe) = next((i, p) for i, page in enumerate(plan.pages) for p in page.panels
                                           if p[0] == "action")
    rendered = rasterise("card", 72, data=pdf)[page_index].image.convert("RGB")
    box = (round(rect.x), round(plan.trim_h - rect.top), round(rect.right), round(plan.trim_h - rect.y))
    card = rendered.crop(box)
    panel = image.crop((0, 0, card.width, card.height))
    areas = [a for a in plan.pages[page_index].items if isinstance(a, BlockArea) and a.panel == "action"]
    assert len(areas) > 5
    for area in areas:  # inside each outline, the text is exactly as the card shows it
        inner = (round(area.rect.x - rect.x) + 4, round(rect.top - area.rect.top) + 4,
                 round(area.rect.right - rect.x) - 4, round(rect.top - area.rect.y) - 4)
        if inner[2] > inner[0] and inner[3] > inner[1]:
            assert ImageChops.difference(card.crop(inner), panel.crop(inner)).getbbox() is None, area.key


def test_the_screenshot_folder_is_a_workspace_setting(ws):
    settings = ws / "kaartgen.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "translations:\n" in text
    settings.write_text(text.replace("translations:\n", "translations:\n  screenshots: content/signalenkaart/shots\n"),
                        encoding="utf-8")
    result = run("i18n", "screenshots", "-l", "zfold-a4", "--dpi", "36", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert (ws / "content/signalenkaart/shots" / f"{DOC}_zfold-a4_action.png").is_file()
    settings.write_text(text.replace("translations:\n", "translations:\n  screenshots: ../elsewhere\n"),
                        encoding="utf-8")
    result = run("i18n", "screenshots", "-l", "zfold-a4", "--dpi", "36", "-w", str(ws))
    assert result.exit_code == 1
    assert ("kaartgen.yaml:9: error: translations.screenshots: '../elsewhere' is not a folder inside the workspace"
            in result.output)


def test_status_and_check_agree_with_the_build_about_the_regions_own_texts(ws, monkeypatch):
    """A final translation whose reference region has a note without that language: the final build refuses
    it, so `i18n status` says so (it said "final", fits everywhere) and `check --draft` warns that the draft shows
    the Dutch (it was silent). A draft translation lists them without failing on them: the build refuses the
    draft anyway, and the fix is in the region file, not in the translation."""
    settings = ws / "kaartgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("reference_region: ijsselland",
                                                                     "reference_region: voorbeeld"), encoding="utf-8")
    region = ws / "content" / "regions" / "voorbeeld.yaml"
    note = '  en: "In immediate danger: always call 112."\n'
    assert note in region.read_text(encoding="utf-8")
    region.write_text(region.read_text(encoding="utf-8").replace(note, ""), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert run("i18n", "review", "en", "--by", "Test Reviewer", "-w", str(ws)).exit_code == 0

    status = run("i18n", "status", "en", "pl", "-l", "zfold-a4", "-w", str(ws))
    assert status.exit_code == 1 and "errors in: en\n" in status.stderr
    lines = status.stdout.splitlines()
    said = lines.index("  region voorbeeld: a final build needs these texts of its own in 'en' too (add 'en: …' "
                       "beside the 'nl:' of each in the region file):")
    assert lines[said + 1].startswith("    content/regions/voorbeeld.yaml:") and \
        lines[said + 1].endswith(": note: no 'en' text for 'Bij direct gevaar: bel altijd 112.'")
    assert "  region voorbeeld: a final build needs these texts of its own in 'pl' too" in status.stdout
    [en, pl] = i18n.status(ws, DOC, ["en", "pl"], ["zfold-a4"])
    assert en.state == "final" and not en.ok and [d.key for d in en.region_texts][:1] == ["note"]
    assert pl.state == "draft" and pl.ok and pl.region_texts  # (its labels and hours have no Polish either)

    build = run("build", "--lang", "en", "-r", "voorbeeld", "-l", "zfold-a4", "--no-record", "-w", str(ws),
                "-o", str(ws / "out"))
    assert build.exit_code == 1 and "note: no 'en' text for 'Bij direct gevaar" in build.output
    check = run("check", "--draft", "--lang", "en", "-r", "voorbeeld", "-l", "zfold-a4", "-w", str(ws))
    assert check.exit_code == 0, check.output
    assert "warning: note: no 'en' text for 'Bij direct gevaar: bel altijd 112.': this draft shows the Dutch " \
           "(add 'en: …' to it in the region file, beside its 'nl:')" in check.output


def test_status_says_a_refused_script_once_and_never_that_its_letters_have_glyphs(ws):
    """Khmer (a script kaartgen refuses) in every layout is one problem, said once for all of them; the glyph line
    does not claim the fonts have every character (no font of the workspace has Khmer); a layout made for other
    languages (the mirrored z-fold) is not checked for a left-to-right language."""
    assert run("i18n", "init", "km", "-w", str(ws)).exit_code == 0
    path = ws / LOCALES / "km.po"
    po = catalog(path)
    po.get("Signalenkaart voor professionals", context="cover_title").string = "កាតសញ្ញាសម្រាប់អ្នកជំនាញ"
    buffer = io.BytesIO()
    write_po(buffer, po)
    path.write_bytes(buffer.getvalue())
    status = run("i18n", "status", "km", "-w", str(ws))
    assert status.exit_code == 1
    refusals = [line for line in status.stdout.splitlines() if "Khmer script" in line]
    layouts = sorted(p.stem for p in (ws / "layouts").glob("*.yaml") if p.stem != "zfold-a4-rtl")
    assert len(refusals) == 1 and refusals[0].startswith(f"  {', '.join(layouts)}: cannot check: "), refusals
    assert "zfold-a4-rtl" not in status.stdout
    assert "  glyphs: the fonts have every other character (the refused script's letters were not checked)" \
        in status.stdout.splitlines()
    [km] = i18n.status(ws, DOC, ["km"])
    assert [d.code for d in km.diagnostics] == ["script"]  # once, not once per layout


def test_why_a_draft_counts_the_texts_with_errors_not_the_errors() -> None:
    from kaartgen.model.diagnostics import problem
    from kaartgen.model.translation import Translation

    problems = [problem("xx.po", 12, "steps.weigh", "placeholder {a} is missing"),
                problem("xx.po", 12, "steps.weigh", "placeholder {b} is not in the source"),
                problem("xx.po", 20, "intro", "lone '{'")]
    translation = Translation("xx", Path("xx.po"), "xx.po", {}, 3, [], [], problems, {"a", "b", "c"})
    assert translation.why_draft() == "2 with errors"
    translation.problems = [problem("xx.po", 10, "", "the header says this is language 'de', but the file is xx.po")]
    assert translation.why_draft() == "an error in the file itself"  # (not "1 with errors": no text has one)
    translation.problems = [problem("xx.review.json", None, "", "not valid JSON")]
    assert translation.why_draft() == "an error in xx.review.json"


def test_a_text_refused_for_a_hidden_character_counts_as_translated_not_untranslated(ws):
    """A translation with an invisible control character is refused (it never prints), but the translator did
    translate it: status said "76/78 translated, 2 untranslated" with every text translated."""
    po = ws / LOCALES / "en.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Sleeps at the workplace"' in text
    po.write_text(text.replace('msgstr "Sleeps at the workplace"', 'msgstr "Sleeps at the \u202eworkplace"'),
                  encoding="utf-8")
    [status] = i18n.status(ws, DOC, ["en"], ["zfold-a4"])
    assert (status.translated, status.untranslated, status.total) == (ENTRIES, 0, ENTRIES)
    assert "1 with errors" in status.why_draft and not status.ok
