"""Matrix builds: incremental skips, rebuild on any input change, failures isolated, -j 2 == -j 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaartgen import Options, build
from kaartgen.cli import main

ONE = dict(layouts=["zfold-a4"], regions=["testland"])


def statuses(report) -> list[str]:
    return [r.status for r in report.results]


def test_unchanged_inputs_are_skipped(workspace: Path, tmp_path: Path):
    assert statuses(build(workspace, out_dir=tmp_path, **ONE)) == ["built"]
    assert statuses(build(workspace, out_dir=tmp_path, **ONE)) == ["up-to-date"]


def test_a_pdf_changed_on_disk_is_rebuilt(workspace: Path, tmp_path: Path):
    first = build(workspace, out_dir=tmp_path, **ONE).results[0]
    good = first.path.read_bytes()
    first.path.write_bytes(good + b"%tampered\n")
    again = build(workspace, out_dir=tmp_path, **ONE).results[0]
    assert again.status == "built" and again.path.read_bytes() == good


def _edit(path: Path, old: str | None = None, new: str | None = None) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new) if old else text + "\n# changed\n", encoding="utf-8")


INPUT_CHANGES = {
    "source text": lambda ws: _edit(ws / "content/signalenkaart/nl.yaml", "Slaapt op de werkplek",
                                    "Slaapt op het werk"),
    "region file": lambda ws: _edit(ws / "content/regions/testland.yaml"),
    "national file": lambda ws: _edit(ws / "content/regions/_national.yaml"),
    "layout": lambda ws: _edit(ws / "layouts/zfold-a4.yaml", "safe: 7mm", "safe: 7.5mm"),
    "font": lambda ws: (ws / "fonts/NotoSans-Bold.ttf").write_bytes(
        (ws / "fonts/NotoSans-Bold.ttf").read_bytes() + b"\0\0\0\0"),
}


@pytest.mark.parametrize("change", sorted(INPUT_CHANGES))
def test_any_single_input_change_rebuilds(workspace: Path, tmp_path: Path, change: str):
    build(workspace, out_dir=tmp_path, **ONE)
    INPUT_CHANGES[change](workspace)
    assert statuses(build(workspace, out_dir=tmp_path, **ONE)) == ["built"], change


def test_translation_and_review_changes_rebuild(workspace: Path, tmp_path: Path):
    selection = dict(layouts=["zfold-a4"], regions=["testland"], langs=["en"])
    draft = Options(draft=True)
    assert statuses(build(workspace, out_dir=tmp_path, options=draft, **selection)) == ["built"]
    assert statuses(build(workspace, out_dir=tmp_path, options=draft, **selection)) == ["up-to-date"]
    po = workspace / "content/signalenkaart/locales/en.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert statuses(build(workspace, out_dir=tmp_path, options=draft, **selection)) == ["built"]
    review = workspace / "content/signalenkaart/locales/en.review.json"
    review.write_text('{"entries": {}}\n', encoding="utf-8")
    assert statuses(build(workspace, out_dir=tmp_path, options=draft, **selection)) == ["built"]


def test_options_icc_profile_and_version_changes_rebuild(workspace: Path, tmp_path: Path, monkeypatch):
    build(workspace, out_dir=tmp_path, **ONE)
    assert statuses(build(workspace, out_dir=tmp_path, options=Options(marks=True), **ONE)) == ["built"]
    import kaartgen.backends.colour
    import kaartgen.backends.pdfx
    import kaartgen.pipeline.incremental

    profile = tmp_path / "profile.icc"
    profile.write_bytes(kaartgen.backends.colour.ICC_PROFILE.read_bytes() + b"\0")
    monkeypatch.setattr(kaartgen.backends.colour, "ICC_PROFILE", profile)
    kaartgen.backends.pdfx._icc_stream_data.cache_clear()
    assert statuses(build(workspace, out_dir=tmp_path, options=Options(marks=True), **ONE)) == ["built"]
    monkeypatch.setattr(kaartgen.pipeline.incremental, "__version__", "999.0")
    assert statuses(build(workspace, out_dir=tmp_path, options=Options(marks=True), **ONE)) == ["built"]
    kaartgen.backends.pdfx._icc_stream_data.cache_clear()


def test_one_region_change_rebuilds_only_that_region(workspace: Path, tmp_path: Path):
    shutil.copy(workspace / "content/regions/testland.yaml", workspace / "content/regions/testland-2.yaml")
    selection = dict(layouts=["zfold-a4", "poster-a3"], regions=["all"])
    first = build(workspace, out_dir=tmp_path, **selection)
    assert set(statuses(first)) == {"built"} and len(first.results) == 8  # ijsselland, testland(-2), voorbeeld
    _edit(workspace / "content/regions/testland-2.yaml", "0800-0000", "0800-0001")
    again = build(workspace, out_dir=tmp_path, **selection)
    rebuilt = sorted((r.name.region, r.name.layout) for r in again.results if r.status == "built")
    assert rebuilt == [("testland-2", "poster-a3"), ("testland-2", "zfold-a4")]


def test_a_failing_edition_does_not_stop_the_rest_and_exit_code_is_1(workspace: Path, tmp_path: Path):
    shutil.copy(workspace / "content/regions/testland.yaml", workspace / "content/regions/broken.yaml")
    _edit(workspace / "content/regions/broken.yaml", "0800-0000", "0800-00")
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "-o", str(tmp_path), "-l", "zfold-a4",
                                       "-r", "all", "-j", "2"])
    assert result.exit_code == 1
    assert "3 built, 0 up to date, 1 failed" in result.output
    assert "FAILED signalenkaart/zfold-a4/broken/nl/print" in result.output
    assert "content/regions/broken.yaml:7: error: contacts.zorgcoordinator.0.phone" in result.output
    assert (tmp_path / "signalenkaart/testland/nl/signalenkaart_zfold-a4_testland_nl_print.pdf").is_file()


def test_two_jobs_give_the_same_bytes_as_one(workspace: Path, tmp_path: Path):
    selection = dict(layouts=["zfold-a4", "rollfold-a4"], regions=["all"])
    one = build(workspace, out_dir=tmp_path / "j1", jobs=1, **selection)
    two = build(workspace, out_dir=tmp_path / "j2", jobs=2, **selection)
    assert [r.name for r in one.results] == [r.name for r in two.results]
    for a, b in zip(one.results, two.results, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes(), a.name
    assert (tmp_path / "j1/manifest.json").read_text() == (tmp_path / "j2/manifest.json").read_text()


def test_jobs_are_capped_at_the_cpus_this_process_may_use(workspace: Path, tmp_path: Path, monkeypatch):
    import kaartgen.pipeline.build as pipeline_build
    import kaartgen.pipeline.parallel as parallel

    started = []
    real = parallel.run_parallel

    def recorded(job, names, jobs, collect):
        started.append(jobs)
        return real(job, names, jobs, collect)

    monkeypatch.setattr(parallel, "run_parallel", recorded)
    monkeypatch.setattr(pipeline_build, "usable_cpus", lambda: 2)
    report = build(workspace, out_dir=tmp_path / "out", jobs=1000, layouts=["zfold-a4", "rollfold-a4"],
                   regions=["all"])
    assert report.ok and started == [2]  # not 1000 processes of ~100 MB each


def test_an_empty_output_folder_is_refused_not_the_current_folder(workspace: Path, tmp_path: Path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for command in (["build"], ["preview"], ["i18n", "screenshots"]):
        result = CliRunner().invoke(main, [*command, "-w", str(workspace), "-o", ""])
        assert result.exit_code == 2, (command, result.output)
        assert "is empty: give a folder" in result.output
    assert list(here.iterdir()) == []


def test_manifest_records_each_edition_and_verify_checks_it(workspace: Path, tmp_path: Path):
    import json

    build(workspace, out_dir=tmp_path, **ONE)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    entry = manifest["editions"]["signalenkaart/testland/nl/signalenkaart_zfold-a4_testland_nl_print.pdf"]
    assert entry["pages"] == 2 and entry["trim_mm"] == [297.0, 210.0] and entry["pdfx"] == "PDF/X-4"
    assert entry["layout"] == "zfold-a4" and entry["region"] == "testland" and entry["review_state"] == "source"
    assert len(entry["sha256"]) == 64 and len(entry["inputs"]) == 64 and entry["size"] > 0
    runner = CliRunner()
    result = runner.invoke(main, ["manifest", "verify", str(tmp_path)])
    assert result.exit_code == 0 and "1 of 1 files match" in result.output
    pdf = tmp_path / entry["file"]
    pdf.write_bytes(pdf.read_bytes()[:-1])
    result = runner.invoke(main, ["manifest", "verify", str(tmp_path)])
    assert result.exit_code == 1 and "changed since it was built" in result.output


def test_lang_all_means_the_final_translations_and_with_draft_every_one(workspace: Path):
    import datetime as dt

    from kaartgen.load.source import load_source
    from kaartgen.pipeline.inputs import Inputs
    from kaartgen.pipeline.select import select_editions
    from kaartgen.tools.i18n import record_review

    def langs(draft: bool) -> list[str]:
        return [n.lang for n in select_editions(Inputs(workspace), layouts=["zfold-a4"], langs=["all"],
                                                draft=draft)]

    assert langs(draft=False) == ["nl"]
    assert langs(draft=True) == ["nl", "bg", "en", "pl"]
    record_review(workspace, load_source(workspace, "signalenkaart"), "en", "Test Reviewer", dt.date(2026, 1, 1))
    assert langs(draft=False) == ["nl", "en"]


def test_options_that_do_not_apply_to_an_edition_do_not_rebuild_it(workspace: Path, tmp_path: Path):
    both = dict(layouts=["zfold-a4"], regions=["testland"], editions=["print", "screen"])
    assert statuses(build(workspace, out_dir=tmp_path, **both)) == ["built", "built"]
    # --draft changes nothing for the Dutch source; --marks and --pdfx only the print edition
    assert statuses(build(workspace, out_dir=tmp_path, options=Options(draft=True), **both)) == \
        ["up-to-date", "up-to-date"]
    assert statuses(build(workspace, out_dir=tmp_path, options=Options(marks=True), **both)) == \
        ["built", "up-to-date"]


def test_a_low_resolution_warning_is_repeated_when_the_edition_is_up_to_date(workspace: Path, tmp_path: Path):
    from PIL import Image

    (workspace / "logos").mkdir()
    Image.new("RGB", (250, 100), (20, 110, 160)).save(workspace / "logos/logo.png")  # ~190 ppi at 13 mm
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text() + "logos:\n  - file: logos/logo.png\n")
    first = build(workspace, out_dir=tmp_path, **ONE).results[0]
    again = build(workspace, out_dir=tmp_path, **ONE).results[0]
    assert first.status == "built" and again.status == "up-to-date"
    assert first.warnings and again.warnings == first.warnings and "ppi" in first.warnings[0].message


@pytest.mark.parametrize(("text", "message"), [
    ("garbage", "manifest.json:1: error: not valid JSON: Expecting value"),
    ('{"x": 1}', "not a kaartgen manifest (no generator and editions)"),
    ('{"generator": "kaartgen", "editions": {}}', "editions: lists no files, so nothing can be verified"),
    ('{"generator": "kaartgen", "editions": {"../../etc/passwd": {"sha256": "' + "0" * 64 + '", "size": 1}}}',
     "editions.../../etc/passwd: names a file outside the folder"),
    ('{"generator": "kaartgen", "editions": {"a.pdf": 3}}', "editions.a.pdf: has no sha256 and size"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply to be a manifest"),
    ("\udcff", "not UTF-8 text"),
])
def test_manifest_verify_refuses_a_garbage_manifest(tmp_path: Path, text: str, message: str):
    (tmp_path / "manifest.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    result = CliRunner().invoke(main, ["manifest", "verify", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output and "0 of 0" not in result.output


def test_a_build_rewrites_a_garbage_manifest(workspace: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    report = build(workspace, out_dir=out, **ONE)
    assert report.ok
    result = CliRunner().invoke(main, ["manifest", "verify", str(out)])
    assert result.exit_code == 0 and "1 of 1 files match" in result.output
