"""The edition log: every final print run recorded with what it printed; `kaartgen editions`, `kaartgen diff` and
the proof's "changed since the previous edition" table."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from kaartgen import Options, build
from kaartgen.cli import main
from kaartgen.pipeline.editions import log_path, read_log
from kaartgen.pipeline.output import sha256

ZFOLD = ["-l", "zfold-a4", "-r", "testland"]
HIGHLIGHT = (255, 236, 150)  # the proof's marker colour behind a changed value


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def change_number(workspace: Path, old: str, new: str) -> None:
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace(old, new))


def highlighted_pixels(png: Path) -> int:
    colours = Image.open(png).convert("RGB").getcolors(1 << 24) or []
    return sum(count for count, colour in colours if colour == HIGHLIGHT)


def test_a_final_print_build_records_what_it_printed(workspace: Path, tmp_path: Path):
    report = build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    assert report.ok and report.edition_logs == [log_path(workspace, "testland")]
    [line] = log_path(workspace, "testland").read_text().splitlines()
    record = json.loads(line)
    pdf = report.results[0].path
    assert record["sha256"] == sha256(pdf.read_bytes())
    assert (record["document"], record["layout"], record["lang"], record["region"]) == \
        ("signalenkaart", "zfold-a4", "nl", "testland")
    assert record["edition_date"] == "2026-01-01" and record["kaartgen"]
    values = {v["key"]: v for v in record["values"]}
    assert values["contacts.zorgcoordinator.0.phones.0"]["text"] == "0800-0000"
    assert values["contacts.zorgcoordinator.0.email"]["text"] == "test@testland.example.nl"
    assert values["veilig_thuis.phone"]["text"] == "0800-2000"
    assert values["contacts.zorgcoordinator.0.organisation"]["verified"].endswith(", Test Verifier")
    assert record["texts"]["steps.weigh"].startswith("Maak een weging")  # the wording, placeholders unfilled
    assert "{zorgcoordinator.phone}" in record["texts"]["steps.weigh"]


def test_rebuilding_the_same_pdf_adds_no_record_and_drafts_checks_and_no_record_add_none(workspace, tmp_path):
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path, options=Options(force=True))
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path / "b")  # same bytes elsewhere
    assert len(read_log(workspace, "testland")[0]) == 1
    build(workspace, layouts=["zfold-a4"], regions=["testland"], langs=["en"], out_dir=tmp_path,
          options=Options(draft=True))
    build(workspace, layouts=["zfold-a4"], regions=["testland"], editions=["screen"], out_dir=tmp_path)
    run("check", "-w", str(workspace), *ZFOLD)
    change_number(workspace, "0800-0000", "0800-0009")
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path, options=Options(record=False))
    assert len(read_log(workspace, "testland")[0]) == 1


def test_a_changed_number_shows_in_diff_editions_and_the_proof(workspace: Path, tmp_path: Path):
    assert run("build", "-w", str(workspace), *ZFOLD).exit_code == 0  # into the workspace's output/, as preview
    same = run("diff", "testland", "-w", str(workspace))
    assert same.exit_code == 0 and "no changes since" in same.output

    change_number(workspace, "0800-0000", "0800-0009")
    changed = run("diff", "testland", "-w", str(workspace))
    assert changed.exit_code == 0, changed.output
    assert "0800-0000 → 0800-0009" in changed.output
    as_json = json.loads(run("diff", "testland", "-w", str(workspace), "--json").output)
    assert {"kind": "changed", "key": "contacts.zorgcoordinator.0.phones.0", "old": "0800-0000",
            "new": "0800-0009"}.items() <= as_json["changes"][0].items()

    proof = run("preview", "-w", str(workspace), *ZFOLD, "--proof", "--dpi", "40", "-o", str(tmp_path / "p"))
    assert proof.exit_code == 0, proof.output
    [png] = (tmp_path / "p").glob("*-proof.png")
    assert highlighted_pixels(png) > 200  # the changed row is highlighted
    records = read_log(workspace, "testland")[0]
    assert [r.sha256 != records[0].sha256 for r in records] == [False, True]  # the preview's print run, recorded

    listed = run("editions", "testland", "-w", str(workspace))
    assert listed.exit_code == 0 and "2 print runs" in listed.output
    numbers = [line.strip() for line in listed.output.splitlines() if "zorgcoördinator 1, phone" in line]
    assert numbers == ["zorgcoördinator 1, phone 1: 0800-0000", "zorgcoördinator 1, phone 1: 0800-0009"]
    assert "no changes since" in run("diff", "testland", "-w", str(workspace)).output


def test_the_proof_of_a_first_print_run_has_nothing_highlighted(workspace: Path, tmp_path: Path):
    proof = run("preview", "-w", str(workspace), *ZFOLD, "--proof", "--dpi", "40", "-o", str(tmp_path))
    assert proof.exit_code == 0, proof.output
    [png] = tmp_path.glob("*-proof.png")
    assert highlighted_pixels(png) == 0


def test_diff_shows_a_changed_wording_of_the_card(workspace: Path, tmp_path: Path):
    assert run("build", "-w", str(workspace), *ZFOLD, "-o", str(tmp_path)).exit_code == 0
    source = workspace / "content/signalenkaart/nl.yaml"
    source.write_text(source.read_text().replace("Breng signalen in kaart.", "Breng de signalen in kaart."))
    changed = run("diff", "testland", "-w", str(workspace))
    assert "text     steps.map_signals:" in changed.output
    assert "was: Breng signalen in kaart." in changed.output and "now: Breng de signalen in kaart." in changed.output


def test_a_damaged_line_in_the_log_is_skipped_with_its_line_named(workspace: Path, tmp_path: Path):
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    log = log_path(workspace, "testland")
    log.write_text(log.read_text() + "{half a line\n")
    listed = run("editions", "testland", "-w", str(workspace))
    assert listed.exit_code == 0
    assert "editions/testland.jsonl:2: warning" in listed.output and "1 print run" in listed.output


def test_no_records_yet_and_an_unknown_region_are_said_plainly(workspace: Path):
    assert "no print runs recorded yet" in run("editions", "testland", "-w", str(workspace)).output
    assert "nothing to compare with" in run("diff", "testland", "-w", str(workspace)).output
    unknown = run("diff", "nergensland", "-w", str(workspace))
    assert unknown.exit_code == 1 and "nergensland" in unknown.output and "Traceback" not in unknown.output


def test_a_log_whose_last_line_lost_its_newline_keeps_both_records(workspace: Path, tmp_path: Path):
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    log = log_path(workspace, "testland")
    log.write_text(log.read_text().rstrip("\n"))  # an editor that strips the final newline
    change_number(workspace, "0800-0000", "0800-0009")
    build(workspace, layouts=["zfold-a4"], regions=["testland"], out_dir=tmp_path)
    records, problems = read_log(workspace, "testland")
    assert len(records) == 2 and problems == []


def test_diff_still_compares_the_values_when_the_layout_of_the_last_run_is_gone(workspace: Path, tmp_path: Path):
    build(workspace, layouts=["rollfold-a4"], regions=["testland"], out_dir=tmp_path)
    (workspace / "layouts/rollfold-a4.yaml").unlink()
    change_number(workspace, "0800-0000", "0800-0009")
    result = run("diff", "testland", "-w", str(workspace))
    assert result.exit_code == 0, result.output
    assert "0800-0000 → 0800-0009" in result.output
