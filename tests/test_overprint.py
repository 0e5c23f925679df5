"""`--overprint-black` (issue 16): text in pure 100 % K overprints; nothing else ever does.

Read back from the PDF's content streams (pypdf): the fill overprint state (`op`, with `OPM 1` so the zero C, M
and Y of black keep what is below) is followed through every `gs`, and every text shown and every area filled is
checked against the colour it is painted in. Without the option no ExtGState overprints at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from kaartgen import Options, build
from kaartgen.tools.preflight import preflight

from conftest import REPO


def _painted(pdf: Path) -> list[tuple[str, tuple[float, ...], bool, bool]]:
    """(what, fill CMYK, op, OPM) of every text shown and area filled, in order."""
    reader = PdfReader(pdf)
    found = []
    for page in reader.pages:
        states = page["/Resources"].get("/ExtGState", {})
        op = opm = False
        fill: tuple[float, ...] = ()
        stack = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"gs":
                state = states[operands[0]].get_object()
                if "/op" in state:
                    op = state["/op"].value  # (a pypdf BooleanObject is truthy whatever its value)
                if "/OPM" in state:
                    opm = int(state["/OPM"]) == 1
            elif operator == b"k":
                fill = tuple(float(v) for v in operands)
            elif operator == b"q":
                stack.append((op, opm, fill))
            elif operator == b"Q":
                op, opm, fill = stack.pop()
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                found.append(("text", fill, op, opm))
            elif operator in (b"f", b"F", b"f*", b"b", b"B", b"b*", b"B*"):
                found.append(("fill", fill, op, opm))
    return found


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("overprint")
    plain = build(REPO, layouts=["zfold-a4", "poster-a3"], out_dir=out / "plain", options=Options(record=False))
    black = build(REPO, layouts=["zfold-a4", "poster-a3"], out_dir=out / "black",
                  options=Options(record=False, overprint_black=True))
    assert plain.ok and black.ok
    return [r.path for r in plain.results], [r.path for r in black.results]


def test_without_the_option_nothing_overprints(editions):
    plain, _black = editions
    for pdf in plain:
        assert not any(op for _what, _fill, op, _opm in _painted(pdf)), pdf.name


def test_with_it_only_100_k_text_overprints(editions):
    _plain, black = editions
    for pdf in black:
        painted = _painted(pdf)
        black_text = [p for p in painted if p[0] == "text" and p[1] == (0, 0, 0, 1)]
        assert black_text and all(op and opm for _what, _fill, op, opm in black_text), pdf.name
        others = [p for p in painted if p not in black_text]
        assert others and not any(op for _what, _fill, op, _opm in others), pdf.name


def test_the_overprinting_pdf_still_passes_preflight(editions):
    _plain, black = editions
    for pdf in black:
        report = preflight(pdf)
        assert report.ok, pdf.name


def test_the_option_is_part_of_the_inputs_hash(tmp_path: Path):
    out = tmp_path / "out"
    first = build(REPO, layouts=["zfold-a4"], out_dir=out, options=Options(record=False))
    second = build(REPO, layouts=["zfold-a4"], out_dir=out, options=Options(record=False, overprint_black=True))
    assert first.results[0].status == "built" and second.results[0].status == "built"
    assert first.results[0].sha256 != second.results[0].sha256
