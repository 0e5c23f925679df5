"""The screen edition as a tagged PDF (PDF/UA-1, issue 17).

- the independent checker `pdfua` (PyPI; the machine-checkable subset: structure tree, MarkInfo, untagged content,
  language, title and DisplayDocTitle, figure alt text, tables, empty headings, link and annotation descriptions,
  the PDF/UA identification in XMP — 16 of PDF/UA-1's 106 machine-checkable rules) finds nothing on any layout's
  screen edition and skips no rule; on an (untagged) print edition it does find the missing structure;
- the tests walk the structure tree themselves: every text-showing and painting operator of every page lies in
  marked content (a tagged MCID or an artifact), every MCID is owned by an element through the ParentTree,
  headings start with the cover's H1 and an H3 only follows an H2, lists are L → LI → Lbl + LBody, every link
  annotation has a description and belongs to a Link element, every Figure (the QR code) has alternative text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from kaartgen import Options, build
from kaartgen.model.plan import TextRun

from conftest import REPO, plan_of

LAYOUTS = sorted(p.stem for p in (REPO / "layouts").glob("*.yaml"))
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"Do", b"sh"}


@pytest.fixture(scope="module")
def screen(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("tagged")
    report = build(REPO, layouts=LAYOUTS, editions=["screen"], out_dir=out, options=Options(record=False))
    assert report.ok
    return {r.name.layout: r.path for r in report.results}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_pdfua_checker_finds_nothing(screen, layout):
    from pdfua import validate

    report = validate(str(screen[layout]))
    assert [f.to_dict() for f in report.findings] == []
    assert not report.skipped, [(o.rule_id, o.skipped_reason) for o in report.skipped]


def test_the_checker_does_find_an_untagged_pdf(tmp_path: Path):
    from pdfua import validate

    printed = build(REPO, layouts=["zfold-a4"], out_dir=tmp_path, options=Options(record=False)).results[0].path
    found = {f.rule_id for f in validate(str(printed)).findings}
    assert {"UA-01-005", "UA-01-002"} <= found  # no structure tree, no MarkInfo


def _elements(reader: PdfReader) -> list[dict]:
    """Every structure element, depth first, as (role, depth, object)."""
    found = []

    def walk(node, depth):
        node = node.get_object()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
                found.append({"role": kid["/S"], "depth": depth, "obj": kid, "parent": node.get("/S")})
                walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], 0)
    return found


@pytest.mark.parametrize("layout", ["zfold-a4", "gatefold-a4", "poster-a2"])
def test_every_mark_is_tagged_or_an_artifact_and_owned(screen, layout):
    reader = PdfReader(screen[layout])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or str(root["/MarkInfo"]["/Marked"]) == "True"
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for number, page in enumerate(reader.pages):
        assert page["/Tabs"] == "/S"
        owners = parents[int(page["/StructParents"])]
        depth, mcids = [], []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator in (b"BDC", b"BMC"):
                tag = operands[0]
                depth.append(tag)
                if operator == b"BDC":
                    mcids.append(int(operands[1]["/MCID"]))
            elif operator == b"EMC":
                depth.pop()
            elif operator in PAINTING:
                assert depth, f"page {number + 1}: {operator!r} outside marked content"
        assert depth == []
        assert mcids == list(range(len(mcids)))  # numbered in order, once each
        assert len(owners) == len(mcids) and all(o.get_object()["/Type"] == "/StructElem" for o in owners)


def test_headings_lists_links_and_figures(screen):
    reader = PdfReader(screen["zfold-a4"])
    elements = _elements(reader)
    roles = [e["role"] for e in elements]
    assert roles[0] == "/Document" and elements[0]["obj"]["/Lang"] == "nl"
    headings = [r for r in roles if r in ("/H1", "/H2", "/H3")]
    assert headings[0] == "/H1" and headings.count("/H1") == 1
    assert headings.index("/H3") > headings.index("/H2")
    plan = plan_of(REPO, "zfold-a4", edition="screen")
    heading_blocks = {(r.key, r.tag) for p in plan.pages for r in p.items if isinstance(r, TextRun)
                      and r.tag in ("H2", "H3")}
    assert headings.count("/H2") + headings.count("/H3") == len(heading_blocks)
    for element in elements:
        if element["role"] == "/LI":
            assert element["parent"] == "/L"
            assert [k.get_object()["/S"] for k in element["obj"]["/K"]] == ["/Lbl", "/LBody"]
        if element["role"] == "/Figure":
            assert str(element["obj"]["/Alt"]).startswith("QR: https://fier.nl/chat")
    links = [e for e in elements if e["role"] == "/Link"]
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert annotations and len(links) == len(annotations)
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for annotation in annotations:
        assert str(annotation["/Contents"]).strip()
        assert parents[int(annotation["/StructParent"])].get_object()["/S"] == "/Link"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "True")
    assert b"<pdfuaid:part>1</pdfuaid:part>" in screen["zfold-a4"].read_bytes()


def test_print_editions_stay_untagged_and_unchanged(tmp_path: Path):
    printed = build(REPO, layouts=["zfold-a4"], out_dir=tmp_path, options=Options(record=False)).results[0].path
    data = printed.read_bytes()
    assert b"/StructTreeRoot" not in data and b"pdfuaid" not in data and b"/MarkInfo" not in data
    for page in PdfReader(printed).pages:
        assert b"BDC" not in page.get_contents().get_data()


def test_a_logo_without_alternative_text_is_decoration_not_an_empty_figure(workspace: Path, tmp_path: Path):
    from pdfua import validate

    from test_images import give_testland_a_logo

    give_testland_a_logo(workspace)
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text().replace("alt: Zorgpunt Testland", 'alt: ""'))
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], editions=["screen"], out_dir=tmp_path,
                   options=Options(record=False))
    assert report.ok, report.results[0].message
    assert [f.rule_id for f in validate(str(report.results[0].path)).findings] == []
    figures = [e for e in _elements(PdfReader(report.results[0].path)) if e["role"] == "/Figure"]
    assert len(figures) == 1 and str(figures[0]["obj"]["/Alt"]).startswith("QR:")  # the QR code; the logo is not


def _without_an_english_text(workspace: Path, key: str = "own_choice_conclusion") -> None:
    """The workspace's English translation with one entry untranslated (a draft then shows the Dutch)."""
    po = workspace / "content/signalenkaart/locales/en.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{key}"')
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr"))
    stop = next(i for i in range(end + 1, len(lines) + 1) if i == len(lines) or not lines[i].startswith('"'))
    po.write_text("\n".join([*lines[:end], 'msgstr ""', *lines[stop:]]), encoding="utf-8")


def test_a_drafts_dutch_fallback_says_it_is_dutch(workspace: Path, tmp_path: Path):
    _without_an_english_text(workspace)
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], langs=["en"], editions=["screen"],
                   out_dir=tmp_path, options=Options(record=False, draft=True))
    assert report.ok, report.results[0].message
    elements = _elements(PdfReader(report.results[0].path))
    assert elements[0]["obj"]["/Lang"] == "en"
    dutch = [e for e in elements if e["obj"].get("/Lang") == "nl"]
    assert len(dutch) == 1 and dutch[0]["role"] == "/P"
