"""Builds that share an output folder, and builds that are stopped (issue 20).

- the manifest is merged under a lock: writers at the same time never lose each other's entries (a soak of many
  processes on the merge itself, and two real builds into one folder, round after round);
- SIGTERM and Ctrl-C stop a build: no worker goes on, no temporary file stays, every edition that finished is
  in the manifest (a PDF renamed into place in the very instant of the signal may be left out: the next build
  makes it again), exit code 130 with a sentence saying so;
- a temporary file of a build that was killed (SIGKILL: nothing can clean up) is removed by the next build; one
  of a build still running is left alone.

Builds here run in their own process (`kaartgen …` via subprocess) with a deadline: a regression blocks, not fails.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kaartgen.pipeline.output import MANIFEST, remove_stale_temporaries, write_manifest

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
MATRIX = ("--draft", "-r", "all", "-l", "all", "--lang", "all", "--edition", "all", "--no-record", "-q")


def _kaartgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "kaartgen", *args]


def _editions(out: Path) -> dict[str, dict]:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["editions"]


def _pdfs(out: Path) -> set[str]:
    """The editions on disk: PDFs, and the HTML edition's pages."""
    return {path.relative_to(out).as_posix() for path in out.rglob("*") if path.suffix in (".pdf", ".html")}


# --------------------------------------------------------------------------- the manifest merge


def _write_entries(out: str, writer: int, count: int) -> None:
    for number in range(count):
        write_manifest(Path(out), {f"w{writer}/e{number}.pdf": {"sha256": f"{writer}-{number}"}})


def test_many_writers_at_once_keep_every_manifest_entry(tmp_path: Path):
    """8 processes × 25 merges into one manifest, all at once: without the lock, most entries were lost."""
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_entries, args=(str(tmp_path), writer, 25)) for writer in range(8)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=120)
        assert process.exitcode == 0
    editions = _editions(tmp_path)
    assert len(editions) == 8 * 25
    assert editions["w7/e24.pdf"] == {"sha256": "7-24"}


def test_two_builds_into_one_folder_keep_every_entry_round_after_round(workspace: Path, tmp_path: Path):
    out = tmp_path / "out"
    selections = (["-l", "zfold-a4", "-l", "poster-a3"], ["-l", "gatefold-a4", "-l", "rollfold-a4"])
    for _round in range(3):
        builds = [subprocess.Popen(_kaartgen("build", "-w", str(workspace), "-o", str(out), "--force", "-j", "1",
                                             "-r", "all", "--no-record", "-q", *selection),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
                  for selection in selections]
        for build in builds:
            output, _ = build.communicate(timeout=300)
            assert build.returncode == 0, output
        assert set(_editions(out)) == _pdfs(out)
        assert len(_pdfs(out)) == 4 * 3  # four layouts × three regions
    verify = subprocess.run(_kaartgen("manifest", "verify", str(out)), capture_output=True, text=True, env=ENV,
                            timeout=120, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr


# --------------------------------------------------------------------------- stopping a build


def _start_matrix(workspace: Path, out: Path, jobs: str) -> subprocess.Popen[str]:
    return subprocess.Popen(_kaartgen("build", "-w", str(workspace), "-o", str(out), "--force", "-j", jobs, *MATRIX),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                            start_new_session=True)


def _wait_for_pdfs(out: Path, build: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + 120
    while len(_pdfs(out)) < count:
        assert build.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads worker processes from /proc (Linux)")
def test_sigterm_stops_the_workers_and_records_what_was_written(workspace: Path, tmp_path: Path):
    out = tmp_path / "out"
    build = _start_matrix(workspace, out, "2")
    _wait_for_pdfs(out, build, 2)
    workers = _children(build.pid)
    assert len(workers) == 2
    build.send_signal(signal.SIGTERM)
    _stdout, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stderr
    assert "error: interrupted after " in stderr and "the finished ones are written and in the manifest" in stderr
    assert "Traceback" not in stderr
    assert not [pid for pid in workers if _alive(pid)]
    assert not list(out.rglob("*.tmp"))
    _recorded_and_completed_by_the_next_build(workspace, out)


def _recorded_and_completed_by_the_next_build(workspace: Path, out: Path) -> None:
    """What the manifest lists is on disk as recorded; a rebuild then records every PDF there is."""
    recorded, written = set(_editions(out)), _pdfs(out)
    assert recorded and recorded <= written
    verify = subprocess.run(_kaartgen("manifest", "verify", str(out)), capture_output=True, text=True, env=ENV,
                            timeout=120, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    again = subprocess.run(_kaartgen("build", "-w", str(workspace), "-o", str(out), "-j", "2", *MATRIX),
                           capture_output=True, text=True, env=ENV, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    assert set(_editions(out)) == _pdfs(out)


def test_ctrl_c_records_what_was_finished(workspace: Path, tmp_path: Path):
    out = tmp_path / "out"
    build = _start_matrix(workspace, out, "1")
    _wait_for_pdfs(out, build, 2)
    build.send_signal(signal.SIGINT)
    _stdout, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert not list(out.rglob("*.tmp"))
    _recorded_and_completed_by_the_next_build(workspace, out)


def test_after_sigkill_the_next_build_leaves_no_temporary_file(workspace: Path, tmp_path: Path):
    out = tmp_path / "out"
    build = _start_matrix(workspace, out, "2")
    _wait_for_pdfs(out, build, 2)
    os.killpg(build.pid, signal.SIGKILL)  # the build and its workers, with no chance to clean up
    build.communicate(timeout=60)
    rebuild = subprocess.run(_kaartgen("build", "-w", str(workspace), "-o", str(out), "-r", "testland",
                                       "--no-record", "-q"), capture_output=True, text=True, env=ENV, timeout=300,
                             check=False)
    assert rebuild.returncode == 0, rebuild.stderr
    assert not list(out.rglob("*.tmp"))


def test_only_the_temporary_files_of_dead_builds_are_removed(tmp_path: Path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()  # its pid now belongs to no process
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        folder = tmp_path / "signalenkaart" / "zfold-a4"
        folder.mkdir(parents=True)
        dead = folder / f".card.pdf.{finished.pid}.abc123_x.tmp"
        live = folder / f".card.pdf.{running.pid}.def456_y.tmp"
        other = folder / ".notes.tmp"  # not a name kaartgen writes: never touched
        for path in (dead, live, other):
            path.write_bytes(b"partial")
        assert remove_stale_temporaries(tmp_path) == [dead]
        assert live.exists() and other.exists() and not dead.exists()
    finally:
        running.kill()
        running.wait()


def test_ctrl_c_swallowed_by_a_library_still_stops_the_build(workspace: Path, tmp_path: Path, monkeypatch):
    """ReportLab has dozens of bare `except:`; a KeyboardInterrupt raised inside one is lost. The request is not:
    the build stops after the edition it was in, as Interrupted, with that edition kept (in-process, -j 1)."""
    from kaartgen.model.diagnostics import Interrupted
    from kaartgen.pipeline import chain
    from kaartgen.pipeline.build import build

    real = chain.run_edition
    calls = 0

    def run_and_swallow_a_ctrl_c(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == 2:
            try:
                os.kill(os.getpid(), signal.SIGINT)  # delivered now, into a library's bare except
                time.sleep(0.1)
            except BaseException:  # noqa: BLE001, S110 - what ReportLab's `except:` does
                pass
        return real(*args, **kwargs)

    monkeypatch.setattr(chain, "run_edition", run_and_swallow_a_ctrl_c)
    with pytest.raises(Interrupted) as stopped:
        build(workspace, layouts=["zfold-a4"], regions=["all"], out_dir=tmp_path / "out", jobs=1)
    assert calls == 2
    assert "interrupted after 2 of" in str(stopped.value.diagnostics[0].message)
    assert len(_pdfs(tmp_path / "out")) == 2
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
