"""Fuzzing the three inputs people hand kaartgen from outside (issue 20): region files, PO files, foreign PDFs.

Each property says what any input, however careless or hostile, must come to:
- a region file either loads — and then nothing it prints holds a character a reader cannot see or a phone number
  outside a phone field, and every number is one kaartgen formatted — or is refused with problems located in that
  file (with a line);
- a PO file either loads — with the same guarantees for every translated text, and its problems (if any) at lines
  of that file — or is refused, located in that file;
- a PDF either gets a report whose every line is printable, or a PreflightError; nothing else escapes, and the
  bounds (depth, forms, operations, size) keep each example short.

Examples per property: ``CI`` 150 (derandomized), by hand 40, ``HYPOTHESIS_PROFILE=long`` 2000.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings, strategies as st

from kaartgen import DataError, EditionName, PreflightError, Stage, run_edition
from kaartgen.load.characters import hidden_characters
from kaartgen.load.numbers import stray_phone_numbers
from kaartgen.load.regions import load_region
from kaartgen.load.source import load_source
from kaartgen.load.translations import load_translation
from kaartgen.pipeline.inputs import Inputs
from kaartgen.tools.preflight import format_report, preflight

REPO = Path(__file__).resolve().parents[1]
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
FUZZ = settings(max_examples={"ci": 150, "long": 2000}.get(_PROFILE, 40), derandomize=_PROFILE == "ci",
                deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
REGION_FILE = "content/regions/testland.yaml"
PO_FILE = "content/signalenkaart/locales/xx.po"

HOSTILE = st.sampled_from([
    "Zorgpunt \u202eTestland", "0800\u200b-0000", "bel 0800-0000", "+31 800 0000", "ma-vr 09.00-17.00",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u200d", "\x00", "\x1b[31m", "TODO", "a" * 450, "{region.name}",
    "**", "<b>vet</b>", "&amp;", "'", '"', ": ", "- ", "#", "*alias", "&anchor", "!!python/object", "0800-HELP",
    "06-12345678 \u00ad", "\ud7ff", "\U0001f600", "", " ", "\t", "\n\n",
])
TEXT = st.one_of(st.text(max_size=60), HOSTILE, st.lists(st.one_of(HOSTILE, st.text(max_size=8)), max_size=4)
                 .map("".join))
SCALAR = st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
PLAIN = st.sampled_from(["Zorgpunt Testland", "Testland", "ma-vr 9.00-17.00", "tot 23 jaar", "Testpad 1, Testdorp",
                         "Veilig Thuis Testland", "mobiel", "24 uur per dag"])


def mostly(sound: st.SearchStrategy, odd: st.SearchStrategy, odds: int = 8) -> st.SearchStrategy:
    """`sound` `odds` times in `odds + 1` (one_of would weigh the two evenly), so many whole files load."""
    return st.sampled_from([sound] * odds + [odd]).flatmap(lambda chosen: chosen)


TRAP = st.sampled_from(["bel 0800-0000", "Zorgpunt \u202eTestland", "0800\u200b-0000", "tel. +31 800 0000",
                        "Test\u200bland"])  # what must never load: a number outside a phone field, hidden characters
FIELD = mostly(PLAIN, st.one_of(TRAP, HOSTILE, SCALAR), odds=4)
WORDING = st.one_of(FIELD, st.dictionaries(st.sampled_from(["nl", "en", "pl", "xx", "NL", "en_GB"]), FIELD,
                                           max_size=3))
PHONES = st.sampled_from(["0800-0000", "0800 0000", "+31 800 0000", "0031 800 0000", "112", "0800-00"])
PHONE = mostly(PHONES, SCALAR)


CONTACT = st.fixed_dictionaries({"organisation": FIELD}, optional={
    "name": FIELD, "label": WORDING, "hours": WORDING, "address": FIELD,
    "email": mostly(st.just("test@testland.example.nl"), TEXT),
    "website": mostly(st.just("https://example.nl"), TEXT),
    "verified": mostly(st.fixed_dictionaries({"on": st.sampled_from(["2026-11-01", "2000-01-01", "x"]), "by": FIELD}),
                       SCALAR),
}).flatmap(lambda contact: mostly(st.just({**contact, "phone": "0800-0000"}),
                                  st.one_of(PHONE.map(lambda number: {**contact, "phone": number}),
                                            st.lists(st.fixed_dictionaries({"number": PHONE},
                                                                           optional={"label": WORDING}),
                                                     max_size=3).map(lambda phones: {**contact, "phones": phones}))))


@st.composite
def region_documents(draw: st.DrawFn) -> bytes:
    contacts = st.fixed_dictionaries({"zorgcoordinator": st.lists(CONTACT, min_size=1, max_size=2)})
    document = draw(st.fixed_dictionaries({"region": st.fixed_dictionaries({"name": FIELD}),
                                           "contacts": mostly(contacts, SCALAR)}, optional={
        "note": WORDING,
    }))
    if draw(mostly(st.just(False), st.just(True))):  # a national section (locked for regions), an unknown key
        document[draw(st.sampled_from(["veilig_thuis", "politie", "unknown_key"]))] = {"name": draw(FIELD)}
    raw = yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")
    if draw(mostly(st.just(False), st.just(True), odds=4)):  # what a careless edit leaves: a byte changed or lost
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        raw = raw[:at] + draw(st.sampled_from([b"", b"\t", b":", b"\xff", b"\n  ", b'"'])) + raw[at + 1:]
    return raw


@pytest.fixture(scope="module")
def fuzz_workspace():
    folder = Path(tempfile.mkdtemp(prefix="kaartgen-fuzz-"))
    for part in ("content", "layouts", "fonts", "kaartgen.yaml"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / part)
    (folder / REGION_FILE).write_text(  # the region must exist: a draft replaces its text
        "region:\n  name: Testland\ncontacts:\n  zorgcoordinator:\n    - organisation: Zorgpunt Testland\n"
        "      phone: 0800-0000\n      email: test@testland.example.nl\n", encoding="utf-8")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _printable_and_safe(text: str, where: str) -> None:
    assert not hidden_characters(text), (where, text)
    assert not stray_phone_numbers(text), (where, text)


@FUZZ
@given(raw=region_documents())
def test_any_region_file_loads_safely_or_is_refused_in_that_file(fuzz_workspace: Path, raw: bytes):
    try:
        region = load_region(fuzz_workspace, "testland", draft=raw)
    except DataError as error:
        event("refused")
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.file == REGION_FILE, str(diagnostic)
        return
    event("loaded")
    for value in region.printed():
        if value.key.endswith(("phone",)) or ".phones." in value.key:
            assert re.fullmatch(r"0\d{1,3}-\d{4,8}", value.text), value  # formatted by kaartgen, the Dutch way
            continue
        assert not hidden_characters(value.text), value
        if value.key.endswith(("email", "website", "chat_url")) or ".weekday" in value.key \
                or ".weekend" in value.key:
            continue
        _printable_and_safe(value.text, value.key)


PO_TEXT = st.one_of(TRAP, TEXT, st.sampled_from(["Warning signs card", "{zorgcoordinator.phone}", "%s", "\\", '\\"']))


PO_LINES = tuple((REPO / "content/signalenkaart/locales/en.po").read_text(encoding="utf-8").splitlines())


@st.composite
def po_files(draw: st.DrawFn) -> bytes:
    """en.po as a translator might leave it: mostly a changed msgstr, sometimes a line lost, doubled or garbled,
    the file cut short, or saved in Latin-1."""
    out = list(PO_LINES)
    msgstr_lines = [i for i, line in enumerate(out) if line.startswith("msgstr ")]
    for _ in range(draw(st.integers(1, 4))):
        if not out:  # every line deleted
            break
        kind = draw(mostly(st.just("msgstr"), st.sampled_from(["delete", "duplicate", "insert", "truncate"]),
                           odds=3))
        if kind == "msgstr":  # a translator's text in place of one msgstr
            at = draw(st.sampled_from(msgstr_lines))
            text = draw(PO_TEXT).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            closed = draw(mostly(st.just(True), st.just(False)))
            out[at] = f'msgstr "{text}"' if closed else f'msgstr "{text}'
            continue
        at = draw(st.integers(0, len(out) - 1))
        if kind == "delete":
            del out[at]
        elif kind == "duplicate":
            out.insert(at, out[at])
        elif kind == "insert":
            out.insert(at, draw(st.text(max_size=30)))
        else:
            out = out[:max(at, 1)]
        msgstr_lines = [i for i, line in enumerate(out) if line.startswith("msgstr ")] or [0]
    encoding = draw(mostly(st.just("utf-8"), st.just("latin-1")))
    return "\n".join(out).encode(encoding, "replace")


@FUZZ
@given(raw=po_files())
def test_any_po_file_loads_safely_or_is_refused_in_that_file(fuzz_workspace: Path, raw: bytes):
    (fuzz_workspace / PO_FILE).write_bytes(raw)
    source = load_source(fuzz_workspace, "signalenkaart")
    try:
        translation = load_translation(fuzz_workspace, source, "xx")
    except DataError as error:
        event("refused")
        assert all(d.file == PO_FILE for d in error.diagnostics), [str(d) for d in error.diagnostics]
        return
    assert all(d.file == PO_FILE and d.line for d in translation.problems), [str(d) for d in translation.problems]
    event("loaded with problems" if translation.problems else "loaded")
    if translation.problems:
        return  # refused by the build with these problems; nothing of it is printed
    for key, (text, _where) in translation.texts.items():
        _printable_and_safe(text, key)


@pytest.fixture(scope="module")
def card_pdf(fuzz_workspace: Path) -> bytes:
    name = EditionName("signalenkaart", "zfold-a4", "testland", "nl", "screen")
    result, _entry = run_edition(Inputs(fuzz_workspace), name, until=Stage.RENDER)
    assert result.pdf is not None, result.message
    return result.pdf


@st.composite
def damaged_pdfs(draw: st.DrawFn, pdf: bytes) -> bytes:
    data = bytearray(pdf)
    for _ in range(draw(st.integers(1, 6))):
        if not data:  # cut away entirely
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "nest"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 4000))]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b" 0 0 R", b"[", b"<<", b">>", b"endobj", b"/F1 Do", b"q" * 50,
                                                b"stream\n", b"(", b"\\", b"%%EOF"]))
        else:
            depth = draw(st.integers(10, 5000))
            data[at:at] = b"[" * depth + b"]" * depth
    return bytes(data)


@FUZZ
@given(data=st.data())
def test_any_damaged_pdf_gets_a_printable_report_or_a_preflight_error(card_pdf: bytes, data):
    pdf = data.draw(damaged_pdfs(card_pdf), label="pdf")
    try:
        report = preflight(pdf, name="card.pdf")
    except PreflightError as error:
        event("refused")
        assert all(d.file == "card.pdf" for d in error.diagnostics)
        return
    event("reported: " + ("print-ready" if report.ok else "not print-ready"))
    for line in format_report(report, verbose=True).splitlines():
        assert line.isprintable(), line
