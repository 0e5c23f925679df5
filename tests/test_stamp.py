"""A no-op rebuild answered from the build stamp (issue 19): exact, or not at all.

The stamp is trusted only when nothing it recorded changed (workspace files, the PDFs, the manifest, the key:
selection, options, today, versions, environment, git state); every other case is an ordinary build, checked
here by what it makes. A no-op answered from the stamp reports what the ordinary way reports and loads nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kaartgen import Options, build
from kaartgen.pipeline import build as build_module, stamp

SELECTION = {"layouts": ["zfold-a4", "poster-a3"], "regions": ["all"]}


def _settled(workspace: Path) -> None:
    """Let the workspace's timestamps age past the racy window (a build writes no stamp for files newer)."""
    time.sleep(stamp.RACY_NS / 1e9 + 0.05)


def _answered_by_stamp(monkeypatch) -> list[str]:
    """Fail any ordinary build from now on; returns the list the calls are noted in."""
    calls: list[str] = []
    real = build_module._build

    def ordinary(*args, **kwargs):
        calls.append("ordinary")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "_build", ordinary)
    return calls


def _summary(report) -> list[tuple]:
    return [(str(r.name), r.status, str(r.path), r.sha256, r.pages, r.body_size,
             sorted(str(d) for d in r.diagnostics)) for r in report.results]


@pytest.fixture
def built(workspace: Path, tmp_path: Path):
    _settled(workspace)
    out = tmp_path / "out"
    first = build(workspace, out_dir=out, options=Options(record=False), **SELECTION)
    assert first.ok and first.count("built") == len(first.results) == 6
    assert (out / stamp.STAMP).is_file()
    return workspace, out


def test_a_no_op_rebuild_is_answered_by_the_stamp_as_the_ordinary_way_answers(built, monkeypatch):
    workspace, out = built
    ordinary = build(workspace, out_dir=out, options=Options(record=False), **SELECTION)  # stamp written again
    calls = _answered_by_stamp(monkeypatch)
    seen = []
    answer = build(workspace, out_dir=out, options=Options(record=False), progress=lambda r, d, t: seen.append(d),
                   **SELECTION)
    assert calls == []
    assert answer.count("up-to-date") == 6 and answer.manifest == out / "manifest.json"
    assert _summary(answer) == _summary(ordinary)
    assert any(r.warnings for r in answer.results)  # testland/ijsselland's verification warnings come back
    assert seen == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("change", ["same-size edit", "touch", "new file", "removed file", "pdf edited",
                                    "pdf removed", "manifest edited"])
def test_any_change_means_an_ordinary_build(built, monkeypatch, change):
    workspace, out = built
    region = workspace / "content/regions/testland.yaml"
    pdf = next(out.rglob("*zfold-a4_testland_*.pdf"))
    if change == "same-size edit":
        region.write_text(region.read_text().replace("0800-0000", "0800-0009"))  # same size, same second
    elif change == "touch":
        os.utime(region)
    elif change == "new file":
        (workspace / "content/regions/notes.txt").write_text("x")
    elif change == "removed file":
        (workspace / "kaartgen.yaml").rename(workspace / "kaartgen.yaml.bak")
        (workspace / "kaartgen.yaml.bak").rename(workspace / "kaartgen.yaml")  # back, as a new inode and ctime
    elif change == "pdf edited":
        pdf.write_bytes(pdf.read_bytes() + b"% edited\n")
    elif change == "pdf removed":
        pdf.unlink()
    else:
        manifest = out / "manifest.json"
        manifest.write_text(manifest.read_text())
    calls = _answered_by_stamp(monkeypatch)
    report = build(workspace, out_dir=out, options=Options(record=False), **SELECTION)
    assert calls == ["ordinary"]
    assert report.ok
    rebuilt = {str(r.name) for r in report.results if r.status == "built"}
    if change == "same-size edit":
        assert rebuilt == {"signalenkaart/zfold-a4/testland/nl/print", "signalenkaart/poster-a3/testland/nl/print"}
    elif change in ("pdf edited", "pdf removed"):
        assert rebuilt == {"signalenkaart/zfold-a4/testland/nl/print"}
    else:
        assert rebuilt == set()


@pytest.mark.parametrize("change", ["options", "selection", "force", "today", "environment", "code"])
def test_another_key_means_an_ordinary_build(built, monkeypatch, change):
    workspace, out = built
    options, selection = Options(record=False), dict(SELECTION)
    if change == "options":
        options = Options(record=False, marks=True)
    elif change == "selection":
        selection["layouts"] = ["zfold-a4"]
    elif change == "force":
        options = Options(record=False, force=True)
    elif change == "today":
        tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
        monkeypatch.setattr(stamp, "_today", lambda: tomorrow)
    elif change == "code":  # the same version with other code: a checkout between releases, an upgrade from git
        monkeypatch.setattr(stamp, "code_digest", lambda: "other code")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    calls = _answered_by_stamp(monkeypatch)
    build(workspace, out_dir=out, options=options, **selection)
    assert calls == ["ordinary"]


def test_no_stamp_for_files_changed_just_before_the_build(workspace: Path, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    region = workspace / "content/regions/testland.yaml"
    _settled(workspace)
    region.write_text(region.read_text())  # within one timestamp tick of the build's start: it may change again
    build(workspace, out_dir=out, options=Options(record=False), **SELECTION)
    assert not (out / stamp.STAMP).exists()
    calls = _answered_by_stamp(monkeypatch)
    build(workspace, out_dir=out, options=Options(record=False), **SELECTION)
    assert calls == ["ordinary"]


def test_a_failed_edition_leaves_no_stamp(built, monkeypatch):
    workspace, out = built
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text().replace("phone: 0800-0000", "phone: 12"))
    _settled(workspace)
    report = build(workspace, out_dir=out, options=Options(record=False), **SELECTION)
    assert not report.ok and not (out / stamp.STAMP).exists()


def test_a_damaged_stamp_is_an_ordinary_build(built, monkeypatch):
    workspace, out = built
    (out / stamp.STAMP).write_text('{"schema": 1, "key": 3')
    calls = _answered_by_stamp(monkeypatch)
    assert build(workspace, out_dir=out, options=Options(record=False), **SELECTION).ok
    assert calls == ["ordinary"]
    assert (out / stamp.STAMP).is_file()


def test_the_command_line_no_op_loads_neither_inputs_nor_renderer(built):
    workspace, out = built
    script = (
        "import sys\n"
        "from kaartgen.cli import main\n"
        "try:\n"
        f"    main(['build', '-w', {str(workspace)!r}, '-o', {str(out)!r}, '-q', '--no-record', "
        "'-l', 'zfold-a4', '-l', 'poster-a3', '-r', 'all'])\n"
        "except SystemExit as done:\n"
        "    print('exit', done.code)\n"
        "print(sorted(m for m in ('reportlab', 'yaml', 'PIL', 'phonenumbers', 'kaartgen.pipeline.chain') "
        "if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=os.environ,
                          timeout=120, check=False)
    assert "exit 0" in done.stdout and done.stdout.strip().endswith("[]"), done.stdout + done.stderr
    assert "0 built, 6 up to date, 0 failed" in done.stdout


# --------------------------------------------------------------------------- review findings (stop 28)


def test_no_stamp_when_another_build_replaced_a_file_meanwhile(built):
    """Two builds into one folder: a PDF this build wrote and another one replaced must not be stamped as ours."""
    workspace, out = built
    (out / stamp.STAMP).unlink()
    started = time.time_ns()
    before = stamp.workspace_files(workspace, out)
    report = build(workspace, out_dir=out, options=Options(record=False, force=True), **SELECTION)
    (out / stamp.STAMP).unlink(missing_ok=True)
    victim = report.results[0].path
    victim.write_bytes(victim.read_bytes() + b"% another build's bytes\n")
    key = stamp.build_key(workspace, out, SELECTION, Options(record=False))
    assert stamp.write(workspace, out, key, before, started - 10**10, report) is False


def test_a_worktrees_git_file_is_followed_and_an_unreadable_one_trusts_nothing(tmp_path: Path):
    common, gitdir, tree = tmp_path / "common", tmp_path / "common/worktrees/wt", tmp_path / "wt"
    (common / "refs/heads").mkdir(parents=True)
    gitdir.mkdir(parents=True)
    tree.mkdir()
    (gitdir / "HEAD").write_text("ref: refs/heads/feature\n")
    (gitdir / "commondir").write_text("../..\n")
    (common / "refs/heads/feature").write_text("a" * 40 + "\n")
    (tree / ".git").write_text(f"gitdir: {gitdir}\n")
    first = stamp._git_state(tree)
    assert next(entry for entry in first[1:] if entry[0].endswith("refs/heads/feature"))[1] is not None
    time.sleep(0.01)
    (common / "refs/heads/feature").write_text("b" * 40 + "\n")  # a commit on the worktree's branch
    assert stamp._git_state(tree) != first
    (tree / ".git").write_text("nonsense\n")
    assert stamp._git_state(tree)[0] == "unreadable" and stamp._git_state(tree) != stamp._git_state(tree)


def test_symlinked_folders_are_walked(tmp_path: Path):
    workspace = tmp_path / "ws"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.yaml").write_text("x")
    workspace.mkdir()
    (workspace / "regions").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (workspace / "loop").symlink_to(workspace, target_is_directory=True)  # walked once, not forever
    assert "regions/a.yaml" in stamp.workspace_files(workspace, workspace / "output")


def test_the_order_of_the_selectors_is_part_of_the_key(tmp_path: Path):
    one = stamp.build_key(tmp_path, tmp_path / "o", {"layouts": ["zfold-a4", "poster-a3"]}, Options())
    other = stamp.build_key(tmp_path, tmp_path / "o", {"layouts": ["poster-a3", "zfold-a4"]}, Options())
    assert one != other  # the HTML edition takes its colours from the first layout
