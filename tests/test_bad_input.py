"""Bad input gets a clear answer: a located problem and exit 1, never a traceback, a half-written PDF or
executed markup.

Every case has a committed fixture in ``tests/fixtures/bad/<case>/`` (files laid over a copy of the workspace,
``args`` for ``kaartgen check``, ``expected``: the problem lines it must print, and no others). Cases that need
a build, a big file, a failing disk or a library call are tests below. The property tests feed arbitrary
Unicode into the content → layout → render stages of one layout (zfold-a4).

Hypothesis profiles (registered here, applied to this module's property tests only, so other modules keep
their own settings): ``ci`` (500 examples, derandomized; chosen when ``CI`` is set), ``dev`` (60 examples;
the default), and ``long`` for a thorough local run (5000 examples, random, a few minutes)::

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_bad_input.py -q
"""

from __future__ import annotations

import errno
import functools
import io
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings, strategies as st
from pypdf import PdfReader

import kaartgen.pipeline.output
from kaartgen import DataError, EditionName, Interrupted, KaartgenError, Options, Stage, UsageError, build, run_edition
from kaartgen.cli import main
from kaartgen.layout.shaping import has_rtl
from kaartgen.layout.texts import resolve
from kaartgen.load.inline import clean_text
from kaartgen.load.layouts import load_layout
from kaartgen.load.names import check_document_name, check_lang, check_layout_name, check_region_id
from kaartgen.load.regions import load_region
from kaartgen.load.yamlfile import MAX_DATA_FILE_BYTES, load_yaml, parse_yaml
from kaartgen.model.plan import TextRun
from kaartgen.pipeline.inputs import Inputs

from conftest import REPO, plan_of

BAD = Path(__file__).parent / "fixtures" / "bad"
ZFOLD_PDF = "signalenkaart/testland/nl/signalenkaart_zfold-a4_testland_nl_print.pdf"
MARKUP = '<font color=red>rood</font> <a href="javascript:alert(1)">klik</a> <img src="/etc/passwd"/> &amp; <para>'

settings.register_profile("ci", max_examples=500, derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


def squash(text: str) -> str:
    """Compare texts regardless of line breaks, hyphenation and Unicode form. Canonically decomposed (NFD: the
    same equivalence as NFC), so that a text starting with a combining mark is still found after a letter the
    mark would compose with."""
    return unicodedata.normalize("NFD", re.sub(r"[\s\-\u00ad]+", "", unicodedata.normalize("NFC", text)))


def pdf_text(data: bytes | Path) -> str:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return "\n".join(page.extract_text() for page in reader.pages)


def overlay(workspace: Path, case: Path) -> None:
    for path in case.rglob("*"):
        if path.is_file() and path.name not in ("args", "expected"):
            target = workspace / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def problem_lines(output: str) -> list[str]:
    """The problem lines of a check or build: everything but progress, summary and FAILED headers."""
    lines = []
    for line in output.splitlines():
        line = line.strip()
        if not line or line.startswith(("[", "FAILED ")) or re.match(r"^\d+ (ok|built)", line):
            continue
        if line not in lines:
            lines.append(line)
    return lines


# --------------------------------------------------------------------------- committed fixtures

CASES = {
    # YAML syntax, wrong type, unknown key, missing key, duplicate key: in region, content and layout files
    "content-yaml-syntax": "an unclosed quote in the Dutch source",
    "layout-yaml-syntax": "an unclosed [ in a layout",
    "region-wrong-type": "phone: [1, 2]",
    "content-wrong-type": "a block text that is a list",
    "layout-bleed-yes": "bleed: yes (YAML reads it as true)",
    "region-misspelt-key": "organistion: a new user's typo, answered with the valid keys",
    "content-unknown-key": "a block with a colour: key",
    "layout-unknown-key": "saftey: instead of safe:",
    "region-missing-key": "no organisation",
    "content-missing-key": "a block without style",
    "layout-missing-key": "a sheet without height",
    "region-duplicate-key": "phone given twice",
    "content-duplicate-key": "a block key given twice",
    "layout-duplicate-key": "bleed given twice",
    "region-tab": "a line indented with a tab",
    "region-apostrophe": "'s-Hertogenbosch in single quotes: the apostrophe ends the quote",
    "region-colon-in-value": "an unquoted value with ': ' in it",
    "region-bracket-in-braces": "a [ in a text inside { … }: quote that text, not the whole line",
    "region-text-after-quote": 'name: "Test" land — text after the closing quote',
    "region-key-indented-too-far": "a key indented under a key that already has a value",
    "region-missing-colon-in-list": "a key without its colon inside a list item (reported at its own line)",
    "region-control-character": "a vertical tab pasted in from a word processor",
    "region-list-item-indent": "a key of a list item one space short, after a valid two-line quoted note",
    "region-yaml-alias": "an alias (*name): refused, so a 'billion laughs' file cannot blow up",
    "region-yaml-python-tag": "!!python/object/apply: refused, never constructed",
    # characters no reader can see (issue 20): refused in every text, shown as ⟨U+XXXX⟩
    "region-bidi-override": "a right-to-left override (U+202E) in an organisation name",
    "region-zero-width-in-phone": "a zero-width space inside a phone number: the message shows it",
    # PO files: what msgfmt -c refuses, kaartgen refuses (issue 20)
    "translation-charset-latin1": "a UTF-8 file whose header says ISO-8859-1 (printed mojibake)",
    "translation-duplicate-context": "one msgctxt given twice (Babel kept one without a word)",
    "translation-unterminated-string": "a msgstr without its closing quote (was accepted)",
    "translation-bidi-in-number": "a right-to-left override before a number in a msgstr (reads 62041411-60)",
    # phone numbers outside phone fields (issue 20): they bypass validation and verification
    "region-phone-in-note": "a phone number typed into the regional note",
    "translation-phone-in-text": "a phone number typed into a translation",
    "content-phone-in-text": "a phone number typed into a Dutch content text",
    # region values
    "region-impossible-phone": "099-1234567: no such prefix",
    "region-phone-letters": "0800-HELP: phonenumbers would print it as 0800-4357",
    "region-email-without-domain": "test@",
    "region-empty-organisation": 'organisation: ""',
    "region-chat-url-not-https": "chat_url: javascript:alert(1)",
    "region-note-glyph": "a regional note in a script the fonts lack: named at the region file, not nl.yaml",
    "region-note-script": "a regional note in Syriac (a script kaartgen cannot set yet): named at the region file",
    "region-chat-url-too-long": "a 220-character chat_url: unreadable, and too much for a QR code",
    # a translation with markup is refused as a draft; test_markup_in_a_translation_is_printed_as_text builds it
    "translation-markup": "markup in a PO msgstr",
    "layout-panel-id-path": "a panel id with ../ (preview and screenshots name files by panel id)",
    "layout-fit-step-tiny": "fit step 1e-12 pt: a trillion sizes to try (exhausted memory)",
    "layout-max-lines-not-a-count": "a heading style allowed -2 lines",
    # names that would become paths
    # layouts
    "layout-panels-exceed-sheet": "fold panels wider than the sheet",
    "layout-panel-outside-sheet": "a poster panel box past the sheet's edge",
    "layout-negative-bleed": "bleed: -3mm",
    "layout-unknown-block": "a flow naming a block the content does not have",
    "layout-font-missing": "a font file that is not there",
    "layout-font-not-a-font": "a text file renamed .ttf",
    "layout-flow-without-panels": "panels: [] (was a ValueError traceback)",
    "layout-qr-not-a-link": "a QR code of the organisation's name (was drawn; too long a text crashed the encoder)",
    "layout-leading-zero": "leading: 0 (was built with every line on top of the other)",
    "layout-nan-colour": "a colour with .nan (was written into the PDF)",
    "layout-zero-bleed": "bleed: 0mm (was built silently, then failed kaartgen's own preflight)",
    "layout-no-sides": "sides: [] (was a 0-page 'print-ready' PDF)",
    # empty files and binary garbage
    "region-empty-file": "an empty region file",
    "content-empty-file": "an empty source",
    "layout-empty-file": "an empty layout",
    "translation-empty-file": "an empty PO: everything untranslated, so a draft",
    "region-binary-garbage": "a PNG where YAML should be",
    "content-binary-garbage": "a ZIP where YAML should be",
    "translation-binary-garbage": "a compiled .mo where a PO should be",
}
LEGACY = {"broken-yaml", "invalid-phone", "panels-do-not-add-up", "unknown-key"}  # checked by test_build.py


def test_every_fixture_folder_is_a_listed_case():
    assert {p.name for p in BAD.iterdir()} == set(CASES) | LEGACY


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_prints_exactly_the_expected_problems(workspace: Path, case: str):
    folder = BAD / case
    overlay(workspace, folder)
    result = invoke("check", "-w", str(workspace), *(folder / "args").read_text().split())
    assert result.exit_code == 1, result.output
    expected = (folder / "expected").read_text(encoding="utf-8").strip().splitlines()
    found = problem_lines(result.output)
    # An expected line ending in "(" stands for a line whose hint holds counts that change with the source.
    assert len(found) == len(expected), "\n".join(found)
    for want, got in zip(expected, found, strict=True):
        assert got == want or (want.endswith("(") and got.startswith(want)), f"{got!r} is not {want!r}"


def test_a_misspelt_region_key_names_file_line_key_and_the_valid_keys(workspace: Path):
    overlay(workspace, BAD / "region-misspelt-key")
    result = invoke("check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4")
    assert result.exit_code == 1
    assert ("content/regions/testland.yaml:4: error: zorgcoordinator.organistion: unknown key "
            "(did you mean 'organisation'? valid keys: email, organisation, phone)") in result.output


# --------------------------------------------------------------------------- markup is text, never markup


class _Opened:
    """Records every file the process opens while active (an audit hook cannot be removed: it is installed once
    and does nothing when inactive)."""

    paths: list[str] | None = None
    installed = False

    @classmethod
    def start(cls) -> None:
        if not cls.installed:
            sys.addaudithook(cls._hook)
            cls.installed = True
        cls.paths = []

    @classmethod
    def stop(cls) -> list[str]:
        paths, cls.paths = cls.paths or [], None
        return paths

    @classmethod
    def _hook(cls, event: str, args: tuple) -> None:
        if cls.paths is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            cls.paths.append(os.fsdecode(args[0]))


def _assert_inert(pdf: bytes) -> None:
    """No script, no launch action, no image (an <img> would have been loaded), no link but region links."""
    for token in (b"/JavaScript", b"/JS ", b"/Launch", b"/Subtype /Image", b"/Subtype/Image", b"javascript:",
                  b"/etc/passwd"):
        assert token not in pdf, token
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                assert action.get_object()["/S"] == "/URI"
                assert str(action.get_object()["/URI"]).startswith(("https:", "mailto:", "tel:"))


def test_markup_in_a_translation_is_printed_as_text(workspace: Path, tmp_path: Path):
    overlay(workspace, BAD / "translation-markup")
    out = tmp_path / "out"
    _Opened.start()
    try:
        result = invoke("build", "-w", str(workspace), "-o", str(out), "-l", "zfold-a4", "--lang", "xx", "--draft",
                        "--edition", "all")
    finally:
        opened = _Opened.stop()
    assert result.exit_code == 0, result.output
    assert not [p for p in opened if "passwd" in p]
    pdfs = sorted(out.rglob("*.pdf"))
    assert [p.name for p in pdfs] == ["signalenkaart_zfold-a4_ijsselland_xx_print_CONCEPT.pdf",
                                      "signalenkaart_zfold-a4_ijsselland_xx_screen_CONCEPT.pdf"]
    for pdf in pdfs:
        assert squash(MARKUP) in squash(pdf_text(pdf)), pdf.name
        _assert_inert(pdf.read_bytes())
    _assert_inert_page(next(out.rglob("*.html")))


def _assert_inert_page(page: Path) -> None:
    """The web page shows the markup as text: no element of it, no link to javascript:, nothing loaded."""
    from test_html import Outline

    outline = Outline()
    outline.feed(page.read_text(encoding="utf-8"))
    assert MARKUP in "".join(outline.text)
    tags = [tag for tag, _attrs in outline.tags]
    assert "font" not in tags and "img" not in tags and "para" not in tags and "script" not in tags
    assert not [a for _tag, a in outline.tags if "javascript" in (a.get("href") or "") or a.get("src")]


def test_markup_in_the_dutch_source_is_printed_as_text(workspace: Path, tmp_path: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    text = nl.read_text(encoding="utf-8")
    assert "      sincere: Oprecht\n" in text
    nl.write_text(text.replace("      sincere: Oprecht\n", f"      sincere: '{MARKUP}'\n"), encoding="utf-8")
    out = tmp_path / "out"
    _Opened.start()
    try:
        result = invoke("build", "-w", str(workspace), "-o", str(out), "-l", "zfold-a4", "--edition", "all")
    finally:
        opened = _Opened.stop()
    assert result.exit_code == 0, result.output
    assert not [p for p in opened if "passwd" in p]
    for pdf in sorted(out.rglob("*.pdf")):
        assert squash(MARKUP) in squash(pdf_text(pdf)), pdf.name
        _assert_inert(pdf.read_bytes())
    _assert_inert_page(next(out.rglob("*.html")))


def test_a_region_value_is_never_read_as_a_placeholder_or_markup(workspace: Path, tmp_path: Path):
    region = workspace / "content/regions/testland.yaml"
    value = "<b>Zorgpunt</b> {zorgcoordinator.phone} **Testland**"
    region.write_text(region.read_text().replace("organisation: Zorgpunt Testland", f"organisation: '{value}'"))
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    assert report.ok, report.results[0].message
    assert squash(value) in squash(pdf_text(tmp_path / ZFOLD_PDF))


# --------------------------------------------------------------------------- words longer than a panel


def _plan(workspace: Path, region: str = "testland", layout: str = "zfold-a4"):
    inputs = Inputs(workspace)
    spec, region_data = inputs.layout(layout), inputs.region(region)
    texts = resolve(inputs.source("signalenkaart"), region_data)
    plan = plan_of(workspace, layout, region, edition="screen", inputs=inputs)
    return spec, texts, plan


def _runs_stay_in_their_panels(plan) -> list[TextRun]:
    runs = []
    for page in plan.pages:
        safes = [safe for _id, _rect, safe in page.panels]
        for item in page.items:
            if isinstance(item, TextRun):
                assert any(s.x - 0.01 <= item.x and item.x + item.width <= s.right + 0.01 for s in safes), item
                runs.append(item)
    return runs


def test_a_word_longer_than_the_panel_is_broken_inside_it(workspace: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    word = "Arbeidsmarkt" * 16 + "x" * 8  # 200 letters, no space, no hyphen
    url = "https://example.org/" + "pad/" * 14  # a URL in a heading (never hyphenated), two lines: its most
    text = nl.read_text(encoding="utf-8").replace("      sincere: Oprecht\n", f"      sincere: {word}\n")
    assert "    text: Bevorderend\n" in text
    text = text.replace("    text: Bevorderend\n", f"    text: {url}\n")
    nl.write_text(text, encoding="utf-8")
    _spec, _texts, plan = _plan(workspace)
    runs = _runs_stay_in_their_panels(plan)
    sincere = [r for r in runs if r.key == "helps.sincere" and r.text != "•"]  # without the list marker
    assert len(sincere) >= 3 and squash("".join(r.text for r in sincere)) == squash(word)
    heading = [r for r in runs if r.key == "helps_heading"]
    assert len(heading) >= 2 and "".join(r.text for r in heading) == url


def test_a_150_character_chat_url_is_broken_inside_its_panel_and_fits_the_qr_code(workspace: Path, tmp_path: Path):
    url = "https://www.fier.nl/chat/" + "a" * 125
    assert len(url) == 150
    national = workspace / "content/regions/_national.yaml"  # the chat is national: regions cannot change it
    national.write_text(national.read_text().replace("chat_url: https://fier.nl/chat", f"chat_url: {url}"))
    # At the card's 18 mm such an address makes modules of 0.37 mm, under the 0.4 mm phones need: refused by name
    failed = build(workspace, layouts=["zfold-a4"], regions=["testland"], editions=["screen"],
                   out_dir=tmp_path / "small")
    [error] = failed.results[0].errors
    assert "modules of 0.37 mm; phones need at least 0.4 mm" in error.message and "20 mm" in error.hint
    layout = workspace / "layouts/zfold-a4.yaml"  # as the hint says
    layout.write_text(layout.read_text().replace("{qr: fier.chat_url, size: 18mm}", "{qr: fier.chat_url, size: 20mm}"))
    _spec, _texts, plan = _plan(workspace)
    runs = [r for r in _runs_stay_in_their_panels(plan) if r.key == "chat_link"]
    assert len(runs) >= 3 and "".join(r.text for r in runs) == url.removeprefix("https://www.")
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], editions=["screen"], out_dir=tmp_path)
    assert report.ok, report.results[0].message
    assert squash(url.removeprefix("https://www.")) in squash(pdf_text(report.results[0].path))


def test_a_time_written_as_a_number_keeps_its_digits(workspace: Path):
    """`opens: 16.00` is a float to YAML; it must still print 16.00, not be refused as '16.0'."""
    national = workspace / "content/regions/_national.yaml"
    national.write_text(national.read_text().replace('opens: "16.00"', "opens: 16.00").replace(
        'closes: "6.00"', "closes: 6.30", 1))
    values = load_region(workspace, "testland").values
    assert (values["fier.weekdays.opens"].text, values["fier.weekdays.closes"].text) == ("16.00", "6.30")


# --------------------------------------------------------------------------- names become paths


BAD_NAMES = ["../etc", "a/b", "..", "two words", "Upper", "ijsselland/../../x", "", "\x00", " ijsselland"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_bad_name_is_refused_before_any_path_is_built(name: str):
    for check, what in ((check_region_id, "region"), (check_layout_name, "layout"),
                        (check_document_name, "document"), (check_lang, "language")):
        with pytest.raises(UsageError) as info:
            check(name)
        [diagnostic] = info.value.diagnostics
        assert diagnostic.key == what and f"is not a valid {what}" in diagnostic.message
        assert str(info.value).startswith(f"error: {what}: ")


NAME_CASES = {
    '-r ../etc': "Invalid value for '-r' / '--region': '../etc' is not a valid region name",
    '-r content/regions/testland':
        "Invalid value for '-r' / '--region': 'content/regions/testland' is not a valid region name",
    '--lang EN': "Invalid value for '--lang': 'EN' is not a valid language code",
    '-l ../layouts/zfold-a4': "Invalid value for '-l' / '--layout': '../layouts/zfold-a4' is not a valid layout name",
    '-d Signalenkaart': "Invalid value for '-d' / '--document': 'Signalenkaart' is not a valid document name",
}


@pytest.mark.parametrize("args", sorted(NAME_CASES))
def test_a_malformed_name_on_the_command_line_is_a_usage_error(workspace: Path, args: str):
    """Names become paths: '/', '..', spaces and upper case are refused before anything is read (exit 2)."""
    result = invoke("check", "-w", str(workspace), *args.split())
    assert result.exit_code == 2, result.output
    assert NAME_CASES[args] in result.output


@pytest.mark.parametrize("option", ["-r", "--lang", "-l", "-d"])
def test_build_with_a_bad_name_exits_2_and_writes_nothing(workspace: Path, tmp_path: Path, option: str):
    out = tmp_path / "out"
    before = sorted(p for p in tmp_path.rglob("*"))
    result = invoke("build", "-w", str(workspace), "-o", str(out), option, "../../escape")
    assert result.exit_code == 2
    assert "'../../escape' is not a valid" in result.output
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "escape").exists()


def test_regions_new_refuses_a_bad_or_reserved_name(workspace: Path):
    for name in ("../x", "Noord Holland"):
        result = invoke("regions", "new", name, "-w", str(workspace))
        assert result.exit_code == 2, name
        assert f"'{name}' is not a valid region name" in result.output
    result = invoke("regions", "new", "all", "-w", str(workspace))
    assert result.exit_code == 2 and "error: region: 'all' is a reserved name" in result.output
    assert sorted(p.name for p in (workspace / "content/regions").iterdir()) == [
        "_national.yaml", "ijsselland.yaml", "testland.yaml", "voorbeeld.yaml"]


# --------------------------------------------------------------------------- output that cannot be written


def test_an_output_folder_that_is_a_file_is_a_usage_error(workspace: Path, tmp_path: Path):
    (tmp_path / "out").write_text("not a folder")
    result = invoke("build", "-w", str(workspace), "-o", str(tmp_path / "out"), "-l", "zfold-a4")
    assert result.exit_code == 2
    assert "is a file" in result.output


def test_a_file_where_a_folder_should_be_fails_that_edition_clearly(workspace: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "signalenkaart").write_text("in the way")
    result = invoke("build", "-w", str(workspace), "-o", str(out), "-l", "zfold-a4", "-r", "testland")
    assert result.exit_code == 1
    assert (f"{out}/signalenkaart/testland/nl: error: cannot write here: Not a directory "
            "(choose another folder with -o)"
            in result.output)
    assert (out / "signalenkaart").read_text() == "in the way"


def test_a_manifest_that_cannot_be_written_is_reported(workspace: Path, tmp_path: Path):
    (tmp_path / "manifest.json").mkdir()
    result = invoke("build", "-w", str(workspace), "-o", str(tmp_path), "-l", "zfold-a4", "-r", "testland")
    assert result.exit_code == 1
    assert f"{tmp_path}/manifest.json: error: cannot write: Is a directory" in result.output


@pytest.mark.parametrize("manifest", [f'{{"editions": {{"{ZFOLD_PDF}": 5}}}}', '{"editions": [1]}', "{not json",
                                      "\udcff"])
def test_a_damaged_manifest_only_means_a_rebuild(workspace: Path, tmp_path: Path, manifest: str):
    assert build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path).ok
    (tmp_path / "manifest.json").write_bytes(manifest.encode("utf-8", "surrogateescape"))
    result = invoke("build", "-w", str(workspace), "-o", str(tmp_path), "-l", "zfold-a4", "-r", "testland")
    assert result.exit_code == 0, result.output
    assert "1 built, 0 up to date, 0 failed" in result.output
    assert ZFOLD_PDF in (tmp_path / "manifest.json").read_text()


def _disk_full(*_args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _HalfWritten(io.FileIO):
    """A file whose write stops half-way with 'No space left on device'."""

    def write(self, data) -> int:
        super().write(bytes(data[: len(data) // 2]))
        _disk_full()


@pytest.mark.parametrize("failure", ["fsync", "write"])
def test_a_full_disk_keeps_the_previous_pdf_and_leaves_no_partial_file(workspace: Path, tmp_path: Path,
                                                                       monkeypatch, failure: str):
    first = build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    assert first.ok
    pdf = tmp_path / ZFOLD_PDF
    old = pdf.read_bytes()
    if failure == "fsync":
        monkeypatch.setattr(kaartgen.pipeline.output.os, "fsync", _disk_full)
    else:
        monkeypatch.setattr(kaartgen.pipeline.output.os, "fdopen", lambda fd, mode: _HalfWritten(fd, "wb"))
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path,
                   options=Options(force=True))
    assert [r.status for r in report.results] == ["failed"]
    assert report.results[0].message == (f"{pdf}: error: cannot write: No space left on device; the previous file is "
                                         "unchanged (free some disk space)")
    assert pdf.read_bytes() == old
    assert sorted(p.name for p in pdf.parent.iterdir()) == [pdf.name]


def test_an_interrupted_write_keeps_the_previous_pdf_and_leaves_no_partial_file(workspace: Path, tmp_path: Path,
                                                                                monkeypatch):
    assert build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path).ok
    pdf = tmp_path / ZFOLD_PDF
    old = pdf.read_bytes()

    def killed(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(kaartgen.pipeline.output.os, "fsync", killed)
    with pytest.raises(Interrupted, match="interrupted after 0 of 1 editions"):
        build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path,
              options=Options(force=True))
    assert pdf.read_bytes() == old
    assert sorted(p.name for p in pdf.parent.iterdir()) == [pdf.name]


# --------------------------------------------------------------------------- big, empty and garbage files


def test_a_50_mb_content_file_is_refused_quickly_without_being_read(workspace: Path, monkeypatch):
    nl = workspace / "content/signalenkaart/nl.yaml"
    with nl.open("r+b") as handle:  # sparse: 50 MB as far as anyone can tell, written in no time
        handle.truncate(50 * 1024 * 1024)
    compose = yaml.compose

    def guarded(text, *args, **kwargs):
        assert len(text) <= MAX_DATA_FILE_BYTES, "a 50 MB file was parsed"
        return compose(text, *args, **kwargs)

    monkeypatch.setattr(yaml, "compose", guarded)
    started = time.monotonic()
    result = invoke("check", "-w", str(workspace), "-l", "zfold-a4")
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert problem_lines(result.output) == [(
        "content/signalenkaart/nl.yaml: error: the file is 50.0 MB; a data file may be at most 2 MB "
        "(is this the right file?)")]


def test_a_pipe_is_refused_before_it_is_read(tmp_path: Path):
    """A FIFO's size says 0 whatever comes through it, and reading one blocks until someone writes: refused."""
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with pytest.raises(DataError) as info:
        load_yaml(pipe, "pipe.yaml")
    assert str(info.value) == "pipe.yaml: error: cannot read file: not a regular file (a pipe, a device or a folder)"


@pytest.mark.parametrize("doc, message", [
    (b"a: !!float abc", "x.yaml:1: error: a: 'abc' is not a valid !!float (remove the tag)"),
    (b"a: !!bool maybe", "x.yaml:1: error: a: 'maybe' is not a valid !!bool (remove the tag)"),
    (b"a: !!map x", "x.yaml:1: error: a: YAML tag '!!map' is not allowed"),
    (b"a: !!binary aGk=", "x.yaml:1: error: a: YAML tag '!!binary' is not allowed"),
    (b"a: !local x", "x.yaml:1: error: a: YAML tag '!local' is not allowed"),
    (b"a: &x 1\nb:\n  <<: {c: 2}",
     "x.yaml:3: error: b: YAML merge keys (<<) are not allowed (write the keys out in full)"),
    (b"\xff\xfea\x00:\x00", "x.yaml:1: error: not UTF-8 text (save the file as UTF-8)"),
    (b"a: 1\x00", "x.yaml: error: binary data, not YAML (is this the right file?)"),
])
def test_yaml_that_is_not_plain_data_is_refused_with_a_line(doc: bytes, message: str):
    with pytest.raises(DataError) as info:
        parse_yaml(doc, "x.yaml")
    assert str(info.value).startswith(message)


def test_a_billion_laughs_file_is_refused_at_once():
    doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"b{i}: &b{i} [" + ", ".join([f"*{'a' if i == 1 else f'b{i - 1}'}"] * 10) + "]\n" for i in range(1, 9))
    started = time.monotonic()
    with pytest.raises(DataError) as info:
        parse_yaml(doc.encode(), "laughs.yaml")
    assert time.monotonic() - started < 1
    assert str(info.value.diagnostics[0]) == ("laughs.yaml:2: error: b1.0: YAML aliases (*name) are not allowed "
                                           "(write the value out in full)")


@settings(PROFILE)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_any_bytes_either_parse_or_give_a_located_data_error(raw: bytes):
    try:
        parse_yaml(raw, "any.yaml")
    except DataError as error:
        assert all(str(p).startswith("any.yaml") for p in error.diagnostics)


@settings(PROFILE)
@given(st.text(max_size=40))
def test_any_name_is_either_a_safe_file_name_or_refused(name: str):
    for check in (check_region_id, check_layout_name, check_document_name, check_lang):
        try:
            checked = check(name)
        except UsageError:
            continue
        assert checked == name and re.fullmatch(r"[a-z0-9][a-zA-Z0-9_-]*", name) and name not in (".", "..")


# --------------------------------------------------------------------------- any text in any block


@functools.lru_cache(maxsize=1)
@functools.lru_cache(maxsize=1)
def _card():
    """A workspace copy made once, with its Inputs (layout, region, fonts and measures stay warm), the source as
    YAML data, and the keys of every text the z-fold places."""
    import atexit
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="kaartgen-property-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for folder in ("content", "layouts", "fonts"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "kaartgen.yaml", root / "kaartgen.yaml")
    inputs = Inputs(root)
    spec = inputs.layout("zfold-a4")
    source_path = root / "content/signalenkaart/nl.yaml"
    data = yaml.safe_load(source_path.read_text(encoding="utf-8"))
    placed = {e.key for flow in spec.flows for e in flow.entries if e.kind == "block"}
    keys = []
    for key in sorted(placed):
        block = data["blocks"][key]
        keys.extend([key] if "text" in block else [f"{key}.{item}" for item in block["items"]])
    return inputs, spec, source_path, data, keys


def _with_text(data: dict, key: str, text: str) -> bytes:
    block, _, item = key.partition(".")
    blocks = dict(data["blocks"])
    entry = dict(blocks[block])
    if item:
        items = dict(entry["items"])
        items[item] = {**items[item], "text": text} if isinstance(items[item], dict) else text
        entry["items"] = items
    else:
        entry["text"] = text
    blocks[block] = entry
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump({**data, "blocks": blocks}, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     width=10**9).encode("utf-8")


def _escape(text: str) -> str:
    """Text as the inline syntax writes it literally: \\\\ and \\* for backslash and asterisk, {{ and }}."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("{", "{{").replace("}", "}}")


SPECIAL = ["<font color=red>", "</para>", "<para>", "&amp;", "&#60;", '<img src="/etc/passwd"/>',
           '<a href="javascript:alert(1)">', "\u200f", "\u200e", "\u202e", "\u2066", "e\u0301", "\u0301",
           "\U0001F469\u200d\U0001F469\u200d\U0001F467", "\u00ad", "\ufeff", "\x00", "\x1b[31m", "\t", "\n",
           "{", "}", "{{", "*", "**", "\\", "\u00a0", "\u2028", "ß", "ﬁ", "ŉ", "İ", "ﬀ",
           "https://example.org/" + "a" * 150, "Kindercarnavalsoptochtvoorbereidingswerkzaamheden" * 3]

@functools.lru_cache(maxsize=1)
def _covered() -> list[str]:
    """Characters every face of the card has: text made of them must print (only layout and render can fail)."""
    from kaartgen.load.fonts import face

    faces = [face(path) for path in load_layout(REPO, "zfold-a4").fonts.values()]
    return sorted(chr(c) for c in set.intersection(*(set(f.widths) for f in faces)) if not 0xD800 <= c < 0xE000)


def _visible(text: str) -> str:
    """Without zero-width characters (combining marks, joiners, direction marks, BOM): drawn at the position of
    the next letter, they come out of pypdf's extraction before or after it, at random."""
    zero = _zero_width()
    return "".join(ch for ch in text if ch not in zero)


@functools.lru_cache(maxsize=1)
def _zero_width() -> frozenset[str]:
    from kaartgen.load.fonts import face

    return frozenset(chr(c) for path in load_layout(REPO, "zfold-a4").fonts.values()
                     for c, width in face(path).widths.items() if width == 0)


TEXTS = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.deferred(lambda: st.sampled_from(_covered())), max_size=80),
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from(SPECIAL)), max_size=8).map("".join),
    st.text(alphabet=st.characters(categories=("Ll", "Lu")), min_size=100, max_size=260),  # one very long word
)


@settings(PROFILE)
@given(st.data(), TEXTS, st.booleans())
def test_any_text_in_any_block_builds_and_is_printed_or_names_the_block(data, text: str, literal: bool):
    """Fit + plan + render of zfold-a4 with `text` in one block: the PDF holds the text, or a KaartgenError names
    the block (a glyph the fonts lack: its U+ code), or (too long) the layout and panel; nothing else.

    `literal` writes the text escaped for the inline syntax, so the PDF must hold exactly it; otherwise it is
    written raw, and emphasis markers and placeholders mean what they mean."""
    inputs, spec, source_path, card, keys = _card()
    key = data.draw(st.sampled_from(keys), label="key")
    raw = _with_text(card, key, _escape(text) if literal else text)
    source_path.write_bytes(raw)
    inputs.forget(source_path)
    name = EditionName("signalenkaart", "zfold-a4", "ijsselland", "nl", "screen")
    result, _entry = run_edition(inputs, name, until=Stage.RENDER, keep_plan=True)
    if result.ok:
        source = inputs.source("signalenkaart")
        resolved = next(t for b in resolve(source, inputs.region("ijsselland")).blocks.values() for t in b.texts
                        if t.key == key)
        if literal:
            assert resolved.plain == clean_text(text)
    else:
        block, _, item = key.partition(".")
        where = f"blocks.{block}.items.{item}" if item else f"blocks.{block}"  # the key's path in the YAML
        diagnostics = result.diagnostics
        if any(d.code == "fit" for d in diagnostics):
            event("refused: does not fit")
            flow = next(f for f in spec.flows if any(e.key == block for e in f.entries))
            [fit] = diagnostics
            assert "layout 'zfold-a4'" in fit.message and f"panel '{flow.panels[-1]}' overflows" in fit.message
            return
        event("refused: " + ("a glyph the fonts lack" if any(d.code == "glyph" for d in diagnostics)
                             else "inline syntax"))
        assert diagnostics and all(d.key in (key, where, f"{where}.text") for d in diagnostics), result.message
        for diagnostic in diagnostics:
            if diagnostic.code == "glyph":
                shown = clean_text(text)
                chars = set(str(dict(diagnostic.data)["chars"]))
                assert chars and chars <= set(shown) | set(shown.upper())
                assert all(f"U+{ord(c):04X}" in diagnostic.message for c in chars)
        return
    plan, pdf = result.plan, result.pdf
    assert plan is not None and pdf is not None
    event("printed")
    uppercase = spec.styles[source.blocks[key.split(".")[0]].style].uppercase
    expected = resolved.plain.upper() if uppercase else resolved.plain
    page = next(i for i, p in enumerate(plan.pages) if any(isinstance(it, TextRun) and it.key == key
                                                           for it in p.items)) if expected.strip() else 0
    if has_rtl(expected):  # pypdf reads in drawing order (a right-to-left run visual); poppler in reading order
        extracted = subprocess.run(["pdftotext", "-f", str(page + 1), "-l", str(page + 1), "-", "-"], input=pdf,
                                   capture_output=True, check=True).stdout.decode("utf-8")
    else:
        extracted = PdfReader(io.BytesIO(pdf)).pages[page].extract_text()
    assert _visible(squash(expected)) in _visible(squash(extracted))
    for page_plan in plan.pages:
        safes = [safe for _id, _rect, safe in page_plan.panels]
        for item in page_plan.items:
            if isinstance(item, TextRun) and item.key == key:
                assert any(s.x - 0.01 <= item.x and item.x + item.width <= s.right + 0.01 for s in safes), item


# --------------------------------------------------------------------------- reporting across files and stages


def test_problems_in_several_files_are_reported_together(workspace: Path):
    overlay(workspace, BAD / "region-wrong-type")
    overlay(workspace, BAD / "layout-negative-bleed")
    result = invoke("check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4")
    assert result.exit_code == 1
    assert problem_lines(result.output) == [
        "layouts/zfold-a4.yaml:10: error: bleed: '-3mm' is negative; a length here must be zero or more",
        ("content/regions/testland.yaml:6: error: zorgcoordinator.phone: expected a phone number, got a list "
         "(write one "
         "value after the colon, in quotes if it starts with a special character)")]


def test_a_bad_document_name_is_reported_once(workspace: Path):
    result = invoke("check", "-w", str(workspace), "-d", "../x")
    assert result.exit_code == 2
    assert result.output.count("not a valid document name") == 1
    from kaartgen import build  # the library refuses it once too, before planning any edition
    with pytest.raises(UsageError, match="not a valid document name"):
        build(workspace, documents=["../x"], options=Options(check_only=True))


def test_a_soft_hyphen_is_never_printed_mid_line(workspace: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    nl.write_text(nl.read_text(encoding="utf-8").replace(
        "      sincere: Oprecht\n", "      sincere: Oprecht be\u00adlang\u00adstel\u00adling\n"), encoding="utf-8")
    _spec, _texts, plan = _plan(workspace)
    runs = [i.text for p in plan.pages for i in p.items if isinstance(i, TextRun) and i.key == "helps.sincere"]
    assert runs and not any("\u00ad" in run for run in runs)


def test_a_text_that_does_not_fit_names_its_block(workspace: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    nl.write_text(nl.read_text(encoding="utf-8").replace(
        "      sincere: Oprecht\n", "      sincere: " + "Oprecht en eerlijk zijn helpt. " * 200 + "\n"),
        encoding="utf-8")
    with pytest.raises(KaartgenError) as info:
        _plan(workspace)
    assert info.value.diagnostics[0].code == "fit" and "helps.sincere" in str(info.value)


def test_a_damaged_review_file_is_reported(workspace: Path):
    (workspace / "content/signalenkaart/locales/en.review.json").write_text('{"entries": [1, 2]}')
    result = CliRunner().invoke(main, ["check", "-w", str(workspace), "-l", "zfold-a4", "--lang", "en", "--draft"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1 and "content/signalenkaart/locales/en.review.json" in result.output


def test_a_50_mb_translation_is_refused_with_a_size_message(workspace: Path):
    po = workspace / "content/signalenkaart/locales/xx.po"
    po.write_text("# " + "x" * (50 * 1024 * 1024) + "\n", encoding="utf-8")
    result = invoke("check", "-w", str(workspace), "-l", "zfold-a4", "--lang", "xx", "--draft")
    assert result.exit_code == 1
    assert "content/signalenkaart/locales/xx.po: error: the file is 50.0 MB" in result.output


# --------------------------------------------------------------------------- files that are not files (issue 20)


def _kaartgen(*args: str) -> subprocess.CompletedProcess[str]:
    """kaartgen in its own process, with a deadline: a regression here would block, not fail."""
    return subprocess.run([sys.executable, "-m", "kaartgen", *args], capture_output=True, text=True, timeout=120,
                          check=False, env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})


def test_a_region_file_that_is_a_pipe_is_refused_not_waited_for(workspace: Path):
    region = workspace / "content/regions/testland.yaml"
    region.unlink()
    os.mkfifo(region)  # nobody will ever write to it
    result = _kaartgen("check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4")
    assert result.returncode == 1
    assert ("content/regions/testland.yaml: error: cannot read file: not a regular file (a pipe, a device or a "
            "folder)") in result.stdout + result.stderr


def test_preflight_refuses_a_device_and_a_pipe(tmp_path: Path):
    pipe = tmp_path / "card.pdf"
    os.mkfifo(pipe)
    for path in ("/dev/zero", str(pipe)):
        result = _kaartgen("preflight", path)
        assert result.returncode != 0
        assert "not a regular file" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- work that grows without bound (issue 20)


def test_a_200000_letter_word_is_refused_at_its_line_not_broken_for_minutes(workspace: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    text = nl.read_text(encoding="utf-8")
    assert "      sincere: Oprecht\n" in text
    nl.write_text(text.replace("      sincere: Oprecht\n", "      sincere: " + "a" * 200_000 + "\n"), encoding="utf-8")
    result = _kaartgen("check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4")
    assert result.returncode == 1, result.stdout
    assert ("helps.sincere: a word of 200000 characters without a space ('aaaaaaaaaaaaaaaaaaaa…'): no line holds "
            "it; add the spaces it lost, or shorten it") in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_word_longer_than_a_line_is_broken_with_few_measurements():
    """The last-resort break (a word wider than the whole line) searches for the longest prefix that fits: a few
    dozen measurements per line, not one per character — each measured string is also kept in the cache."""
    from kaartgen.layout.linebreak import break_lines
    from kaartgen.layout.measure import Measure
    from kaartgen.model.content import Span

    spec = load_layout(REPO, "zfold-a4")
    measure = Measure(spec)
    calls = 0
    width = measure.width

    def counted(text: str, face: str, size: float) -> float:
        nonlocal calls
        calls += 1
        return width(text, face, size)

    measure.width = counted  # type: ignore[method-assign]
    word = "x" * 5000
    lines = break_lines([Span(word)], spec.styles["body"], 9.0, 200.0, measure, None)
    assert "".join(run[1].text for line in lines for run in line.runs) == word
    assert all(line.width <= 200.0 + 1e-6 for line in lines)
    assert calls < 40 * len(lines), (calls, len(lines))  # was one measurement per character and line: ~2 500 each


def test_a_text_longer_than_any_panel_is_refused_before_it_is_broken():
    from kaartgen.load.inline import MAX_TEXT_CHARS, check_syntax

    assert check_syntax("ab " * (MAX_TEXT_CHARS // 3)) == []
    assert check_syntax("ab " * 5000) == ["15000 characters in one text is more than any panel holds (at most "
                                          "10000): split it into several blocks or list items"]
