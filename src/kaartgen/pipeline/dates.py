"""Build dates: when an edition is dated — reproducibly, and never 2000-01-01.

The date is ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention). Otherwise it is the newest of the
edition's own input files (source text, translation and review, region files, layout): the time of the last git
commit that touched the file when the workspace is a git repository and the file is committed unchanged, else
the file's modification time. So the same inputs give the same bytes, a clone of the repository dates its cards
as the repository does, and a card is dated by its content — "Uitgave december 2026". Inputs dated before
2000 have lost their dates (unpacked from an archive, a clock never set): kaartgen refuses them by name
rather than print "januari 1970" or a made-up date, and so are inputs dated in the future.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model.diagnostics import KaartgenError, problem

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
EARLIEST = 946684800  # 2000-01-01: no input of a kaartgen edition can be older; older dates are lost dates
LATEST = 32503680000  # 3000-01-01


def epoch_from_environment() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a date, None when unset; a clear error when it is not a sensible number."""
    raw = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not raw:
        return None
    try:
        seconds = int(raw)
    except ValueError:
        raise KaartgenError(problem(EPOCH_VARIABLE, None, "", f"'{raw[:40]}' is not a number of seconds",
                                    "set it to seconds since 1970 (e.g. $(git log -1 --format=%ct)), or unset "
                                    "it")) from None
    if not EARLIEST <= seconds <= LATEST:
        raise KaartgenError(problem(EPOCH_VARIABLE, None, "", f"{seconds} is not a date kaartgen can print "
                                    "(before 2000 or after 3000)", "set it to seconds since 1970, or unset it"))
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


class InputDates:
    """The dates of a workspace's files: their last commit when committed unchanged, else their modification time.

    Git is asked once per workspace (a few commands), not once per file. In a shallow clone (``git clone
    --depth``) a file whose last change is older than the clone's history is dated only "at the latest" by the
    oldest commit there: an edition dated by such a file is refused by name rather than dated wrongly."""

    def __init__(self, workspace: Path):
        self.workspace = workspace.resolve()
        self._git: _GitDates | bool | None = False  # False: not asked yet

    def newest(self, paths: Iterable[Path]) -> dt.datetime:
        """The build date of an edition made from `paths` (SOURCE_DATE_EPOCH wins when set)."""
        fixed = epoch_from_environment()
        if fixed is not None:
            return fixed
        dated = [(*self._seconds(Path(path)), Path(path)) for path in paths]
        if not dated:
            raise KaartgenError(problem(EPOCH_VARIABLE, None, "", "there are no input files to date the "
                                        "edition by", "set SOURCE_DATE_EPOCH to the edition's date"))
        seconds, origin, newest = max(dated, key=lambda entry: (entry[0], entry[1] != SHALLOW))
        shown = self._shown(newest)
        when = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date().isoformat()
        if origin == SHALLOW:
            raise KaartgenError(problem(shown, None, "", "this is a shallow git clone, and the file's last change "
                                        "is older than the history it has, so its date is not known",
                                        "fetch the whole history (git fetch --unshallow), or set SOURCE_DATE_EPOCH "
                                        "to the edition's date"))
        if seconds < EARLIEST:  # files unpacked without their times, a clock that was never set: not a date
            raise KaartgenError(problem(
                shown, None, "", f"the newest input file is dated {when}, which cannot be the date of this edition "
                "(the files lost their dates, e.g. when unpacked from an archive)",
                "set SOURCE_DATE_EPOCH to the edition's date in seconds since 1970, e.g. "
                "SOURCE_DATE_EPOCH=$(date +%s), or commit the files to git"))
        if seconds > time.time() + 86400:  # a clock set wrong where the file was saved: not this edition's date
            if origin == COMMIT:
                raise KaartgenError(problem(
                    shown, None, "", f"the file's last git commit is dated {when}, in the future (the clock of "
                    "the computer that made the commit was wrong)", "set SOURCE_DATE_EPOCH to the edition's date, "
                    "or correct the commit's date"))
            raise KaartgenError(problem(
                shown, None, "", f"the newest input file is dated {when}, in the future (a clock set wrong where "
                "it was saved)", "touch the file to give it today's date, or set SOURCE_DATE_EPOCH to the "
                "edition's date"))
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)

    def _shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.workspace).as_posix()
        except ValueError:
            return str(path)

    def _seconds(self, path: Path) -> tuple[int, str]:
        """(seconds, where the date comes from: COMMIT, SHALLOW or MTIME)."""
        path = path.resolve()
        git = self._git_info()
        if git is not None and path in git.committed and path not in git.changed:
            seconds, at_boundary = git.committed[path]
            return seconds, SHALLOW if at_boundary else COMMIT
        try:
            return int(path.stat().st_mtime), MTIME
        except OSError:  # a file that went away while building: it does not date the edition
            return 0, MTIME

    def _git_info(self) -> _GitDates | None:
        if self._git is False:
            self._git = _ask_git(self.workspace)
        return self._git  # type: ignore[return-value]


COMMIT, SHALLOW, MTIME = "commit", "shallow", "mtime"


@dataclass(frozen=True)
class _GitDates:
    committed: dict[Path, tuple[int, bool]]  # file → (time of its last commit, whether that is a shallow boundary)
    changed: set[Path]  # committed files changed in the work tree or the index


def _ask_git(workspace: Path) -> _GitDates | None:
    """Each committed file's last commit time and the files changed since — None outside a repository."""
    git = shutil.which("git")
    if git is None:
        return None

    def run(*args: str) -> str | None:
        try:
            done = subprocess.run([git, "-C", str(workspace), "-c", "core.quotePath=false", *args],
                                  capture_output=True, text=True, encoding="utf-8", errors="replace",
                                  timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    top = run("rev-parse", "--show-toplevel")
    if not top:
        return None
    root = Path(top.strip()).resolve()
    boundary: set[str] = set()
    if (run("rev-parse", "--is-shallow-repository") or "").strip() == "true":
        shallow_file = (run("rev-parse", "--git-path", "shallow") or "").strip()
        if shallow_file:
            try:
                boundary = set((Path(workspace) / shallow_file).read_text().split())
            except OSError:
                boundary = set()
    # %x00 makes git write a NUL before each commit's time: the records cannot be confused with file names
    log = run("log", "--format=%x00%ct %H", "--name-only", "--no-renames", "--", ".") or ""
    committed: dict[Path, tuple[int, bool]] = {}
    for record in log.split("\x00")[1:]:
        lines = record.strip().splitlines()
        head = lines[0].split() if lines else []
        if len(head) != 2 or not head[0].isdigit():
            continue
        when, at_boundary = int(head[0]), head[1] in boundary
        for name in lines[1:]:
            if name.strip():
                committed.setdefault((root / name.strip()).resolve(), (when, at_boundary))  # newest first
    # -z: names unquoted and NUL-separated; a rename or copy is followed by the name it came from
    entries = iter((run("status", "--porcelain", "-z", "--untracked-files=no", "--", ".") or "").split("\x00"))
    changed: set[Path] = set()
    for entry in entries:
        if len(entry) > 3:
            changed.add((root / entry[3:]).resolve())
            if entry[0] in "RC" or entry[1] in "RC":
                changed.add((root / next(entries, "")).resolve())
    return _GitDates(committed, changed)
