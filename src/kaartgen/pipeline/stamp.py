"""The build stamp: a rebuild with nothing to do answers from it, without loading an input or the renderer.

An up-to-date check the ordinary way (:mod:`kaartgen.pipeline.incremental`) loads and checks every input file of
every edition, because an edition's inputs hash covers their content and the release rules. For the 400-PDF
matrix that is most of a second, to learn that nothing changed. The stamp makes that answer cheap and keeps it
exact:

- **when it is written** — after a build (not a check) in which every edition was built or up to date, into
  ``<out>/.build-stamp.json``. It holds the build's *key* (workspace, output folder, selectors, options, today's
  date, kaartgen's version and code digest, the libraries' versions, the environment variables that change a
  card, the git state), the stat of every file in the workspace (except the output folder, ``editions/``,
  ``__pycache__`` and hidden folders) and of every file an edition was made from, the stat of every PDF and of the
  manifest, and what each edition reported (status, warnings, body size, pages, sha256).
- **when it is trusted** — only when the key is the same and every one of those files still has the same size,
  modification time, change time and inode (a file edited, touched, replaced, added or removed changes one of
  them: the change time cannot be set back), so the PDFs are still the bytes recorded. Anything else — a
  damaged or missing stamp, ``--force``, a failed edition last time — is an ordinary build, which is never wrong,
  only slower; it writes a new stamp.
- **racy files** — a file whose timestamps are not clearly older than the build's start (within 0.1 s, or 2 s on
  a file system that keeps whole seconds) may still change within one timestamp tick: a build that saw such a
  file writes no stamp (the next build checks the ordinary way). So is a build during which any file changed.

This module imports nothing heavy (no YAML, no ReportLab): a no-op rebuild costs the interpreter, Click and a few
thousand `stat` calls.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model.diagnostics import Diagnostic
from ..model.edition import EditionName, Options
from ..model.report import BuildReport, EditionResult
from ..version import __version__, code_digest

STAMP = ".build-stamp.json"
SCHEMA = 1
SKIPPED_FOLDERS = ("editions",)  # written by builds (the edition log), never read to make a PDF
SKIPPED_NAMES = ("__pycache__",)  # and hidden folders (.git, .venv, the studio's own)
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "TZ", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")  # and every KAARTGEN_*
RACY_NS = 100_000_000  # 0.1 s: a file written this close to the build's start may change within one tick
COARSE_RACY_NS = 2_000_000_000  # file systems that keep whole (or even) seconds

Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def build_key(workspace: Path, out: Path, selectors: dict[str, Iterable[str]], options: Options) -> str:
    """Everything besides file content that decides what a build makes and reports."""
    from ..backends.colour import output_profile  # (a light module: no library is imported)
    from ..backends.versions import library_versions  # reads dist-info folder names; imports no library

    profile = output_profile()
    parts = {
        "schema": SCHEMA, "kaartgen": __version__, "code": code_digest(), "libraries": library_versions(),
        "profile": [str(profile), _signature(profile)],  # the output intent every PDF embeds
        "workspace": str(workspace), "out": str(out),
        "selectors": {key: list(values) for key, values in sorted(selectors.items())},  # in order: it matters
        "options": repr(options), "today": _today(),
        "environment": {key: value for key, value in sorted(os.environ.items())
                        if key in ENVIRONMENT or key.startswith("KAARTGEN_")},
        "git": _git_state(workspace),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def workspace_files(workspace: Path, out: Path) -> dict[str, Signature]:
    """The stat signature of every file of the workspace a build could read (relative paths)."""
    found: dict[str, Signature] = {}
    skipped = {out, *(workspace / name for name in SKIPPED_FOLDERS)}
    seen: set[str] = set()  # real folders walked (symlinked folders are followed, each once)
    for folder, dirs, files in os.walk(workspace, followlinks=True):
        here = Path(folder)
        real = os.path.realpath(here)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_NAMES
                         and here / d not in skipped)
        for name in files:
            signature = _signature(here / name)
            if signature is not None:
                found[(here / name).relative_to(workspace).as_posix()] = signature
    return found


def trusted(out: Path, key: str, files: dict[str, Signature]) -> BuildReport | None:
    """The report of a build that would make nothing, or None when that cannot be known without building.
    `files`: the workspace as `workspace_files` finds it now."""
    try:
        stamp = json.loads((out / STAMP).read_bytes())
        if stamp.get("schema") != SCHEMA or stamp.get("key") != key:
            return None
        if _differs(stamp["files"], files):
            return None
        if any(_signature(Path(path)) != tuple(signature) for path, signature in stamp["paths"].items()):
            return None
        results = [_result(data) for data in stamp["results"]]
        return BuildReport(results, Path(stamp["manifest"]) if stamp.get("manifest") else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no stamp, or not one this kaartgen can read: build the ordinary way


def write(workspace: Path, out: Path, key: str, before: dict[str, Signature], started_ns: int,
          report: BuildReport) -> bool:
    """Stamp a build that made or found every edition (see the module's rules); False when it may not."""
    results = report.results
    if not results or any(r.status not in ("built", "up-to-date") or r.path is None for r in results):
        return False
    if workspace_files(workspace, out) != before or any(_racy(s, started_ns) for s in before.values()):
        return False
    paths: dict[str, Signature] = {}
    for result in results:  # another build into the same folder may have replaced a file since this one wrote it
        assert result.path is not None
        signature = _signature(result.path)
        try:
            same = hashlib.sha256(result.path.read_bytes()).hexdigest() == result.sha256
        except OSError:
            return False
        if signature is None or not same or _signature(result.path) != signature:
            return False
        paths[str(result.path)] = signature  # the stat of the very bytes just checked
    made = {r.path for r in results if r.path is not None} | ({report.manifest} if report.manifest else set())
    read = {path for r in results for _role, path in r.sources} - made
    for path in sorted((made | read) - {r.path for r in results}):
        signature = _signature(path)
        if signature is None or (path in read and _racy(signature, started_ns)):
            return False
        paths[str(path)] = signature
    stamp = {"schema": SCHEMA, "key": key, "files": before, "paths": paths,
             "manifest": str(report.manifest) if report.manifest else None,
             "results": [_result_json(r) for r in results]}
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{STAMP}.{os.getpid()}.", suffix=".tmp", dir=out)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(stamp, handle, separators=(",", ":"))
        os.chmod(temp, 0o644)
        os.replace(temp, out / STAMP)
    except OSError:
        return False  # an output folder the stamp cannot be written to: the next build checks the ordinary way
    return True


def forget(out: Path) -> None:
    """Remove the stamp (a build that failed or was interrupted)."""
    with contextlib.suppress(OSError):
        (out / STAMP).unlink()


def _today() -> str:
    """Today (verification ages and the release rules depend on it)."""
    return dt.date.today().isoformat()


def _signature(path: Path) -> Signature | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def _racy(signature: Signature, started_ns: int) -> bool:
    _size, mtime, ctime, _inode = signature
    margin = COARSE_RACY_NS if mtime % 1_000_000_000 == 0 and ctime % 1_000_000_000 == 0 else RACY_NS
    return max(mtime, ctime) >= started_ns - margin


def _differs(recorded: dict[str, list[int]], now: dict[str, Signature]) -> bool:
    return recorded.keys() != now.keys() or any(tuple(recorded[name]) != now[name] for name in now)


def _git_state(workspace: Path) -> list[Any]:
    """The stat of the files a commit, checkout or reset changes (an edition may be dated by its last commit):
    HEAD and the index of the work tree's git folder, the branch's ref, packed refs and reftable's list in the
    common one (a worktree's or submodule's `.git` is a file naming its folder). A git folder that cannot be read
    makes every key different, so no stamp is ever trusted there."""
    for folder in (workspace, *workspace.parents):
        git = folder / ".git"
        if not git.exists():
            continue
        try:
            if git.is_file():  # "gitdir: <path>" (a worktree, a submodule)
                pointer = git.read_text(encoding="utf-8").strip()
                if not pointer.startswith("gitdir: "):
                    raise OSError("not a gitdir file")
                git = (folder / pointer[8:]).resolve()
            common = git
            if (git / "commondir").is_file():
                common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
            head = (git / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ["unreadable", time.time_ns()]
        files = [git / "HEAD", git / "index", common / "packed-refs", common / "reftable" / "tables.list"]
        if head.startswith("ref: "):
            files.append(common / head[5:])
        return [head, *[[str(path), _signature(path)] for path in files]]
    return []


def _result_json(result: EditionResult) -> dict[str, Any]:
    name = result.name
    return {"name": [name.document, name.layout, name.region, name.lang, name.edition, name.draft],
            "path": str(result.path), "diagnostics": [d.to_json() for d in result.diagnostics],
            "body_size": result.body_size, "pages": result.pages, "sha256": result.sha256,
            "sources": [[role, str(path)] for role, path in result.sources],
            "date": result.date.isoformat() if result.date else None}


def _result(data: dict[str, Any]) -> EditionResult:
    document, layout, region, lang, edition, draft = data["name"]
    return EditionResult(EditionName(document, layout, region, lang, edition, bool(draft)), "up-to-date",
                         Path(data["path"]), tuple(Diagnostic.from_json(d) for d in data["diagnostics"]),
                         data["body_size"], data["pages"], data["sha256"],
                         sources=tuple((role, Path(path)) for role, path in data["sources"]),
                         date=dt.datetime.fromisoformat(data["date"]) if data["date"] else None)
