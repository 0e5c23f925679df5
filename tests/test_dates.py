"""Build dates: SOURCE_DATE_EPOCH when set, else the newest input (its last commit, or its modification time).

The conftest sets SOURCE_DATE_EPOCH for every test; these tests unset it to see where the date comes from."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kaartgen import Options, build
from kaartgen.cli import main
from kaartgen.pipeline.dates import InputDates

JUNE_2025 = 1750000000  # 2025-06-15 15:06:40 UTC
MARCH_2026 = 1773000000  # 2026-03-08 20:00:00 UTC
NO_RECORD = Options(record=False, force=True)


@pytest.fixture
def undated(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def set_mtime(workspace: Path, seconds: int) -> None:
    for path in workspace.rglob("*"):
        if path.is_file():
            os.utime(path, (seconds, seconds))


def built_pdf(workspace: Path, out: Path) -> Path:
    report = build(workspace, layouts=["zfold-a4"], out_dir=out, options=NO_RECORD)
    assert report.ok, report.problems
    return report.results[0].path


def creation_date(path: Path) -> str:
    return PdfReader(path).metadata["/CreationDate"]


def printed_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_without_source_date_epoch_the_card_is_dated_by_its_newest_input(workspace, tmp_path, undated):
    set_mtime(workspace, JUNE_2025)
    first = built_pdf(workspace, tmp_path / "a")
    second = built_pdf(workspace, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert creation_date(first) == "D:20250615150640+00'00'"
    assert "Uitgave juni 2025" in printed_text(first)
    region = workspace / "content/regions/ijsselland.yaml"
    os.utime(region, (MARCH_2026, MARCH_2026))  # the region file was edited later: the card is that new
    assert creation_date(built_pdf(workspace, tmp_path / "c")) == "D:20260308200000+00'00'"


def test_files_that_are_not_inputs_of_the_edition_do_not_date_it(workspace, tmp_path, undated):
    set_mtime(workspace, JUNE_2025)
    other = workspace / "content/regions/testland.yaml"  # another region's file
    os.utime(other, (MARCH_2026, MARCH_2026))
    (workspace / "notes.txt").write_text("not an input")
    assert creation_date(built_pdf(workspace, tmp_path / "a")) == "D:20250615150640+00'00'"


def test_inputs_without_a_believable_date_are_refused_not_printed_as_2000(workspace, tmp_path, undated):
    set_mtime(workspace, 0)  # files from 1970, e.g. unpacked from an archive that kept no times
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "-l", "zfold-a4", "-o", str(tmp_path),
                                       "--no-record"])
    assert result.exit_code == 1, result.output
    assert "1970-01-01" in result.output and "SOURCE_DATE_EPOCH" in result.output
    assert "Traceback" not in result.output and not list(tmp_path.rglob("*.pdf"))


def git(workspace: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0000"
    subprocess.run(["git", "-C", str(workspace), *args], check=True, capture_output=True, env=env)


def commit_everything(workspace: Path, when: int) -> None:
    """Make the workspace a git repository with one commit of every file, dated `when`."""
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "all", when=when)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (.ci/run installs it)")


@needs_git
def test_in_a_git_repository_committed_files_are_dated_by_their_last_commit(workspace, tmp_path, undated):
    commit_everything(workspace, JUNE_2025)
    set_mtime(workspace, MARCH_2026)  # a fresh clone: every file is new on disk, the card is not
    pdf = built_pdf(workspace, tmp_path / "a")
    assert creation_date(pdf) == "D:20250615150640+00'00'"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(workspace), str(clone)], check=True, capture_output=True)
    for extra in ("kaartgen.yaml",):  # ignored files do not travel with a clone; this one is committed
        assert (clone / extra).exists()
    assert built_pdf(clone, tmp_path / "b").read_bytes() == pdf.read_bytes()


@needs_git
def test_a_changed_or_new_file_is_dated_by_its_modification_time(workspace, tmp_path, undated):
    commit_everything(workspace, JUNE_2025)
    region = workspace / "content/regions/ijsselland.yaml"
    region.write_text(region.read_text() + "\n# edited, not committed yet\n")
    os.utime(region, (MARCH_2026, MARCH_2026))
    assert creation_date(built_pdf(workspace, tmp_path / "a")) == "D:20260308200000+00'00'"
    git(workspace, "commit", "-q", "-am", "region", when=JUNE_2025 + 86400)
    assert creation_date(built_pdf(workspace, tmp_path / "b")) == "D:20250616150640+00'00'"


@needs_git
def test_git_is_asked_about_file_names_outside_ascii(workspace, tmp_path, undated):
    git(workspace, "init", "-q", "-b", "main")
    odd = workspace / "content/regions/één.yaml"  # git quotes such names unless told not to
    odd.write_text("# nothing\n")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "all", when=JUNE_2025)
    os.utime(odd, (MARCH_2026, MARCH_2026))
    assert InputDates(workspace).newest([odd]).year == 2025
    odd.write_text("# changed by hand\n")
    os.utime(odd, (MARCH_2026, MARCH_2026))
    assert InputDates(workspace).newest([odd]).year == 2026


@pytest.mark.parametrize("value", ["yesterday", "1e9", "-5", "99999999999"])
def test_a_malformed_source_date_epoch_is_a_clear_error(workspace, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "-l", "zfold-a4", "-o",
                                       str(workspace / "out")])
    assert result.exit_code == 1, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output
    assert not (workspace / "out").exists() or not list((workspace / "out").rglob("*.pdf"))


def test_inputs_dated_in_the_future_are_refused(workspace, tmp_path, undated):
    import time

    set_mtime(workspace, JUNE_2025)
    later = int(time.time()) + 40 * 86400
    os.utime(workspace / "layouts/zfold-a4.yaml", (later, later))
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "-l", "zfold-a4", "-o", str(tmp_path),
                                       "--no-record"])
    assert result.exit_code == 1
    assert "layouts/zfold-a4.yaml: error:" in result.output and "in the future" in result.output


@needs_git
def test_a_shallow_clone_dates_what_its_history_knows_and_refuses_what_it_does_not(workspace, tmp_path, undated):
    commit_everything(workspace, JUNE_2025)
    region = workspace / "content/regions/ijsselland.yaml"
    region.write_text(region.read_text() + "\n# checked again\n")
    git(workspace, "commit", "-q", "-am", "region", when=JUNE_2025 + 86400)
    full = built_pdf(workspace, tmp_path / "full")
    assert creation_date(full) == "D:20250616150640+00'00'"
    for depth, refused in (("1", True), ("2", False)):
        clone = tmp_path / f"depth-{depth}"
        subprocess.run(["git", "clone", "-q", "--depth", depth, f"file://{workspace}", str(clone)], check=True,
                       capture_output=True)
        result = CliRunner().invoke(main, ["build", "-w", str(clone), "-l", "zfold-a4", "-o",
                                           str(tmp_path / f"out-{depth}"), "--no-record"])
        if refused:  # every file's last change is before the one commit the clone has
            assert result.exit_code == 1 and "shallow git clone" in result.output, result.output
            assert "git fetch --unshallow" in result.output
        else:  # the region file's last change is in the clone's history, and it is the newest input
            assert result.exit_code == 0, result.output
            [pdf] = (tmp_path / f"out-{depth}").rglob("*.pdf")
            assert pdf.read_bytes() == full.read_bytes()


@needs_git
def test_a_commit_dated_in_the_future_is_refused_with_a_hint_that_works(workspace, tmp_path, undated):
    import time

    commit_everything(workspace, int(time.time()) + 40 * 86400)
    result = CliRunner().invoke(main, ["build", "-w", str(workspace), "-l", "zfold-a4", "-o", str(tmp_path),
                                       "--no-record"])
    assert result.exit_code == 1
    assert "last git commit is dated" in result.output and "SOURCE_DATE_EPOCH" in result.output
