"""Issue 19's structural promises, checked by content: PDF/X written in ReportLab's one pass (a build never
imports pypdf), the shipped compressed profile is exactly the profile, and reused font subsets change no byte."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

from pypdf import PdfReader

from kaartgen.backends import pdfx
from kaartgen.backends.colour import output_profile

BUILD_WITHOUT_PYPDF = """
import sys
from kaartgen import Options, build
report = build(sys.argv[1], layouts=["zfold-a4"], regions=["testland"], langs=["nl"], editions=["print"],
               out_dir=sys.argv[2], options=Options(record=False))
assert report.ok, [d.message for r in report.results for d in r.diagnostics]
loaded = sorted(name for name in sys.modules if name == "pypdf" or name.startswith("pypdf."))
print("pypdf modules:", loaded)
sys.exit(1 if loaded else 0)
"""


def test_a_build_writes_pdfx_without_importing_pypdf(workspace: Path, tmp_path: Path) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", KAARTGEN_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", BUILD_WITHOUT_PYPDF, str(workspace), str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    pdf, = (tmp_path / "out").rglob("*.pdf")
    reader = PdfReader(pdf)
    assert reader.pdf_header == "%PDF-1.6"
    assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-4" and reader.metadata["/Trapped"] == "/False"
    assert reader.metadata["/CreationDate"] == "D:20260101000000+00'00'"  # never ReportLab's invariant 2000
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/DestOutputProfile"].get_object().get_data() == output_profile().read_bytes()
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    file_id = reader.trailer["/ID"][0].original_bytes.hex()  # pypdf reads 16 bytes as a text string
    assert f"uuid:{file_id[:8]}-{file_id[8:12]}-" in xmp  # one content-derived ID in the trailer and the XMP
    assert pdfx._ID_PLACEHOLDER.decode() not in pdf.read_bytes().decode("latin-1")


def test_the_shipped_compressed_profile_is_the_profile() -> None:
    shipped = output_profile().with_name(output_profile().name + ".zz").read_bytes()
    assert zlib.decompress(shipped) == output_profile().read_bytes()
    pdfx._icc_stream_data.cache_clear()
    assert pdfx._icc_stream_data() == shipped


def test_a_stale_compressed_profile_is_not_used(tmp_path: Path, monkeypatch) -> None:
    profile = tmp_path / "FOGRA39L.icc"
    profile.write_bytes(output_profile().read_bytes())
    (tmp_path / "FOGRA39L.icc.zz").write_bytes(zlib.compress(b"an older profile"))
    monkeypatch.setattr("kaartgen.backends.pdfx.output_profile", lambda: profile)
    pdfx._icc_stream_data.cache_clear()
    try:
        assert zlib.decompress(pdfx._icc_stream_data()) == profile.read_bytes()
    finally:
        pdfx._icc_stream_data.cache_clear()


def test_reused_font_subsets_give_the_same_bytes_as_fresh_ones(workspace: Path) -> None:
    from kaartgen.backends import pdf
    from kaartgen.backends.pdf import render

    from conftest import plan_of

    plan = plan_of(workspace, "zfold-a4", region="testland")
    first = render(plan)
    assert render(plan) == first  # the second render takes its subsets and their streams from the memo
    pdf._parsed.clear()
    pdf._compressed.clear()
    pdf._subset_streams.clear()
    assert render(plan) == first  # fonts parsed and subsets made afresh: not a byte differs


def test_a_title_holding_the_id_placeholder_stays_as_written(workspace: Path) -> None:
    """Text is data: even a title that holds the placeholders `seal` replaces comes out as typed."""
    import dataclasses
    import io

    from kaartgen.backends.pdf import render

    from conftest import plan_of

    plan = plan_of(workspace, "zfold-a4", region="testland")
    odd = f"Kaart {pdfx._UUID_PLACEHOLDER} {pdfx._ID_PLACEHOLDER.decode()}"
    pdf = render(dataclasses.replace(plan, meta={**plan.meta, "title": odd}))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/Title"] == odd
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert f"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{odd}</rdf:li>" in xmp
    assert xmp.count(pdfx._UUID_PLACEHOLDER) == 1  # the title's own; the IDs were set
