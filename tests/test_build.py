"""The whole pipeline: reference build, PDF text content, region data, reproducibility, CLI exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kaartgen import Options, build
from kaartgen.cli import main
from kaartgen.load.layouts import load_layout
from kaartgen.load.source import load_source

from conftest import FICTIONAL, LAYOUTS, REPO


def squash(text: str) -> str:
    """Compare texts regardless of line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def reference(reference_build) -> dict[str, Path]:
    return reference_build


def test_reference_build_makes_the_four_named_pdfs_and_a_manifest(reference):
    assert sorted(reference) == LAYOUTS
    for layout, path in reference.items():
        assert path.name == f"signalenkaart_{layout}_ijsselland_nl_print.pdf"
        assert path.parent.as_posix().endswith("signalenkaart/ijsselland/nl")
    manifest = (next(iter(reference.values())).parents[3] / "manifest.json").read_text()
    assert "signalenkaart/ijsselland/nl/signalenkaart_zfold-a4_ijsselland_nl_print.pdf" in manifest


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_text_of_the_card_is_in_the_pdf(reference, layout):
    text = squash(pdf_text(reference[layout]))
    source = load_source(REPO, "signalenkaart")
    spec = load_layout(REPO, layout)
    placed = {e.key: e.items for flow in spec.flows for e in flow.entries if e.kind == "block"}
    if spec.is_folded:  # a card carries the whole text but the posters' own wordings; a poster a chosen part of it
        assert set(placed) == {key for key in source.blocks if not key.startswith("poster_")}
        assert not any(placed.values())  # and every item of every list
    else:
        assert {key for key in placed if key.startswith("poster_")}  # a poster has its own wordings
    for block in source.blocks.values():
        if block.key not in placed:
            continue
        entries = block.items if block.is_list else [block]
        chosen = placed[block.key]
        for entry in entries:
            if chosen and entry.key.rpartition(".")[2] not in chosen:
                assert squash(entry.text) not in text, f"{layout}: {entry.key} was not chosen but is printed"
                continue
            for fragment in re.split(r"\{[^}]*\}", entry.text.replace("*", "")):
                if len(squash(fragment)) < 4:
                    continue
                expected = squash(fragment)
                if block.style == "contacts":  # "Label: number" prints as label … number
                    expected = expected.strip(":")
                if spec.styles[block.style].uppercase:
                    expected = expected.upper()
                assert expected in text, f"{layout}: {block.key}: {fragment!r} not found"




def printed_values(region) -> list[str]:
    """Everything a region file says that the card must print."""
    values = [region.name, region.values["veilig_thuis.name"].text]
    for contact in region.all_contacts():
        values += [v.text for v in (contact.organisation, contact.person, contact.email, contact.website,
                                    contact.address) if v is not None]
        values += [w.dutch for w in (contact.label, contact.hours) if w is not None]
        values += [phone.number.text for phone in contact.phones]
        values += [phone.label.dutch for phone in contact.phones if phone.label is not None]
    if region.note is not None:
        values.append(region.note.dutch)
    return values


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_region_value_reaches_every_layout_for_several_regions(workspace: Path, tmp_path: Path, layout):
    """Every value of each region is in the extracted text, and nothing of the other region: a placeholder that
    silently kept another region's value, or dropped one, fails here."""
    from kaartgen.load.regions import load_region

    for region, text in FICTIONAL.items():
        (workspace / "content/regions" / f"{region}.yaml").write_text(text, encoding="utf-8")
    report = build(workspace, layouts=[layout], regions=[*FICTIONAL, "voorbeeld"], out_dir=tmp_path)
    assert report.ok, [r.message for r in report.results]
    numbers = {name: [p.number.text for c in load_region(workspace, name).all_contacts() for p in c.phones]
               for name in (*FICTIONAL, "voorbeeld")}
    for result in report.results:
        text = squash(pdf_text(result.path))
        region = load_region(workspace, result.name.region)
        for value in printed_values(region):
            assert squash(value) in text or squash(value.upper()) in text, (layout, result.name.region, value)
        for other, others in numbers.items():  # and no number of another region
            if other != result.name.region:
                assert not any(squash(n) in text for n in others if n not in numbers[result.name.region])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_ijsselland_contact_data_is_printed(reference, layout):
    text = pdf_text(reference[layout])
    flat = squash(text)
    for value in ("06-11414026", "0800-2000", "0900-8844", "mensenhandel@vtij.nl", "fier.nl/chat",
                  "Veilig Thuis IJsselland", "AVIM"):
        assert squash(value) in flat, value
    # a card has it in step 4 and in the contacts; a poster's steps leave the numbers to its footer
    assert text.count("06-11414026") >= (2 if load_layout(REPO, layout).is_folded else 1)


def test_a_different_zorgcoordinator_changes_exactly_those_values(workspace: Path, tmp_path: Path):
    build(workspace, layouts=["zfold-a4"], regions=["ijsselland", "testland"], out_dir=tmp_path)
    ijssel = pdf_text(tmp_path / "signalenkaart/ijsselland/nl/signalenkaart_zfold-a4_ijsselland_nl_print.pdf")
    test = pdf_text(tmp_path / "signalenkaart/testland/nl/signalenkaart_zfold-a4_testland_nl_print.pdf")
    swapped = (squash(ijssel).replace("06-11414026".replace("-", ""), "08000000")
               .replace("mensenhandel@vtij.nl", "test@testland.example.nl")
               .replace("VeiligThuisIJsselland", "ZorgpuntTestland").replace("IJSSELLAND", "TESTLAND")
               .replace("regioIJsselland", "regioTestland"))  # the edition line
    assert swapped == squash(test)
    assert "06-11414026" not in test and "vtij" not in test


def test_two_builds_are_byte_identical(workspace: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = build(workspace, layouts=["zfold-a4", "poster-a3"], out_dir=tmp_path / "a")
    second = build(workspace, layouts=["zfold-a4", "poster-a3"], out_dir=tmp_path / "b")
    for a, b in zip(first.results, second.results, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()
        assert a.sha256 == b.sha256
    reader = PdfReader(first.results[0].path)
    assert reader.metadata["/CreationDate"] == "D:20260101000000+00'00'"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")  # another day: the same card, dated that day
    third = build(workspace, layouts=["zfold-a4"], out_dir=tmp_path / "c")
    assert third.results[0].name == first.results[0].name
    assert third.results[0].path.read_bytes() != first.results[0].path.read_bytes()
    assert PdfReader(third.results[0].path).metadata["/CreationDate"] == "D:20260102000000+00'00'"


def test_unchanged_inputs_are_not_rebuilt_and_force_rebuilds(workspace: Path, tmp_path: Path):
    first = build(workspace, layouts=["zfold-a4"], out_dir=tmp_path)
    assert [r.status for r in first.results] == ["built"]
    again = build(workspace, layouts=["zfold-a4"], out_dir=tmp_path)
    assert [r.status for r in again.results] == ["up-to-date"]
    forced = build(workspace, layouts=["zfold-a4"], out_dir=tmp_path, options=Options(force=True))
    assert [r.status for r in forced.results] == ["built"]
    region = workspace / "content/regions/ijsselland.yaml"
    region.write_text(region.read_text() + "\n# a comment changes the file's hash\n")
    assert [r.status for r in build(workspace, layouts=["zfold-a4"], out_dir=tmp_path).results] == ["built"]


def test_the_same_version_with_other_code_rebuilds(workspace: Path, tmp_path: Path, monkeypatch):
    """A PDF the previous code made is not up to date for new code of the same version (a checkout between
    releases, an upgrade from git: the text layer of right-to-left cards changed within 0.2.0)."""
    from kaartgen.pipeline import incremental, stamp

    assert [r.status for r in build(workspace, layouts=["zfold-a4"], out_dir=tmp_path).results] == ["built"]
    assert [r.status for r in build(workspace, layouts=["zfold-a4"], out_dir=tmp_path).results] == ["up-to-date"]
    monkeypatch.setattr(stamp, "code_digest", lambda: "other code")
    monkeypatch.setattr(incremental, "code_digest", lambda: "other code")
    assert [r.status for r in build(workspace, layouts=["zfold-a4"], out_dir=tmp_path).results] == ["built"]


def test_a_failed_edition_does_not_stop_the_others_and_keeps_the_old_pdf(workspace: Path, tmp_path: Path):
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    old = (tmp_path / "signalenkaart/testland/nl/signalenkaart_zfold-a4_testland_nl_print.pdf").read_bytes()
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text().replace("0800-0000", "0800-00"))
    report = build(workspace, layouts=["zfold-a4"], regions=["testland", "ijsselland"], out_dir=tmp_path)
    assert [r.status for r in report.results] == ["failed", "built"]
    assert "contacts.zorgcoordinator.0.phone" in report.results[0].message
    assert (tmp_path / "signalenkaart/testland/nl/signalenkaart_zfold-a4_testland_nl_print.pdf").read_bytes() == old
    assert not list((tmp_path / "signalenkaart/testland/nl").glob(".*.tmp"))


def test_cli_build_defaults_and_exit_codes(workspace: Path, tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["build", "-w", str(workspace), "-o", str(tmp_path), "-l", "zfold-a4"])
    assert result.exit_code == 0, result.output
    assert "1 built, 0 up to date, 0 failed" in result.output
    result = runner.invoke(main, ["build", "-w", str(workspace), "--edition", "paper"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["build", "-w", str(workspace), "-r", "../etc"])
    assert result.exit_code == 2
    assert "not a valid region name" in result.output
    result = runner.invoke(main, ["check", "-w", str(REPO)])
    assert result.exit_code == 0, result.output
    assert f"{len(LAYOUTS)} ok, 0 failed" in result.output


def test_markup_in_content_is_printed_as_text(workspace: Path, tmp_path: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    evil = '<font color="red">rood</font> <a href="javascript:alert(1)">x</a> <img src="/etc/passwd"/> &amp; <para>'
    nl.write_text(nl.read_text().replace("      sincere: Oprecht\n", f"      sincere: '{evil}'\n"))
    report = build(workspace, layouts=["zfold-a4"], out_dir=tmp_path)
    assert report.ok, report.results[0].message
    assert squash(evil) in squash(pdf_text(report.results[0].path))


# --------------------------------------------------------------------------- committed bad-input fixtures

BAD = sorted((Path(__file__).parent / "fixtures" / "bad").iterdir())


@pytest.mark.parametrize("case", BAD, ids=[c.name for c in BAD])
def test_check_reports_bad_input_with_file_and_line(workspace: Path, case: Path):
    """Each fixture folder overlays files on a workspace copy; `args` holds the check arguments and
    `expected` the exact lines the output must contain."""
    for path in case.rglob("*"):
        if path.is_file() and path.name not in ("args", "expected"):
            target = workspace / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    args = (case / "args").read_text().split()
    result = CliRunner().invoke(main, ["check", "-w", str(workspace), *args])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for line in (case / "expected").read_text().strip().splitlines():
        assert line in result.output, f"missing {line!r} in:\n{result.output}"
