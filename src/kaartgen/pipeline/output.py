"""Output: atomic writes and the build manifest (file names come from `EditionName`).

A PDF is written to a temporary file in its own folder and renamed over the old one only when complete, so a
failed or killed build leaves the previous good PDF in place and no partial file. ``manifest.json`` in the
output folder records, per edition, the file, its sha256, size, pages, trim size and the hash of its inputs.

Several builds may write into one folder at once (two people, two terminals, a CI job): the manifest is merged
under an exclusive lock on ``.manifest.lock`` (read, merge, write, then release), so no build's entries are lost.
A temporary file's name holds the process id that writes it (``.card.pdf.<pid>.<random>.tmp``); a build removes
those of processes that no longer run (a build killed with SIGKILL cannot clean up after itself), and leaves the
ones of live builds alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model.diagnostics import Diagnostic, OutputError, problem

MANIFEST = "manifest.json"
MANIFEST_LOCK = ".manifest.lock"  # kept, never removed: removing a lock file lets two builds hold "the" lock
TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[a-z0-9_]+\.tmp$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers only ever see the old file or the complete new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(problem(str(path.parent), None, "", f"cannot write here: {exc.strerror or exc}",
                                  "choose another folder with -o")) from None
    _IN_PROGRESS.add(temp)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            hint = "free some disk space" if exc.errno == errno.ENOSPC else "choose another folder with -o"
            raise OutputError(problem(str(path), None, "", f"cannot write: {exc.strerror or exc}; the previous "
                                      "file is unchanged", hint)) from None
        raise  # interrupted (Ctrl-C): the temporary file is gone and the previous file is unchanged
    finally:
        _IN_PROGRESS.discard(temp)


_IN_PROGRESS: set[str] = set()  # this process's temporary files being written (a worker's SIGTERM removes them)


def remove_own_temporaries() -> None:
    for temp in list(_IN_PROGRESS):
        with contextlib.suppress(OSError):
            os.unlink(temp)


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The folder's manifest for a build to merge into: anything unreadable counts as empty (the manifest is
    ours to rewrite, and a damaged entry only means that edition is rebuilt)."""
    try:
        data = _parse_manifest(out_dir / MANIFEST)
    except OutputError:
        return {"editions": {}}
    if not isinstance(data, dict) or not isinstance(data.get("editions"), dict):
        return {"editions": {}}
    data["editions"] = {k: v for k, v in data["editions"].items() if isinstance(v, dict)}
    return data


MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # some 100 000 editions; more is not a manifest of ours


def _parse_manifest(path: Path) -> Any:
    """The JSON of a manifest, or OutputError saying why it cannot be read (too large, not JSON, nested too
    deep for the parser)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        raise OutputError(problem(str(path), None, "", f"cannot read: {exc.strerror or exc}")) from None
    if len(raw) > MAX_MANIFEST_BYTES:
        raise OutputError(problem(str(path), None, "", "far too large for a manifest"))
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise OutputError(problem(str(path), None, "", "not UTF-8 text, so not a manifest")) from None
    except json.JSONDecodeError as exc:
        raise OutputError(problem(str(path), exc.lineno, "", f"not valid JSON: {exc.msg}")) from None
    except RecursionError:
        raise OutputError(problem(str(path), None, "", "nested too deeply to be a manifest")) from None


def _strict_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """The editions of a manifest to verify, each checked: a garbage file must never pass as "0 of 0 match"."""
    hint = "rebuild into this folder (kaartgen build -o FOLDER) to write a new manifest"
    data = _parse_manifest(path)
    if not isinstance(data, dict) or data.get("generator") != "kaartgen" or not isinstance(data.get("editions"),
                                                                                           dict):
        raise OutputError(problem(str(path), None, "", "not a kaartgen manifest (no generator and editions)", hint))
    editions: dict[str, dict[str, Any]] = data["editions"]
    if not editions:
        raise OutputError(problem(str(path), None, "editions", "lists no files, so nothing can be verified", hint))
    problems = []
    for rel, entry in editions.items():
        inside = not Path(rel).is_absolute() and ".." not in Path(rel).parts and rel.strip() != ""
        good = isinstance(entry, dict) and isinstance(entry.get("sha256"), str) and \
            len(entry["sha256"]) == 64 and isinstance(entry.get("size"), int)
        if not inside:
            problems.append(problem(str(path), None, f"editions.{rel}", "names a file outside the folder", hint))
        elif not good:
            problems.append(problem(str(path), None, f"editions.{rel}", "has no sha256 and size", hint))
    if problems:
        raise OutputError(problems)
    return editions


def write_manifest(out_dir: Path, entries: dict[str, dict[str, Any]]) -> Path:
    """Merge this build's entries into the folder's manifest (sorted, so the file is stable), holding the
    folder's manifest lock from the read to the rename: a build running at the same time merges after us."""
    with _manifest_lock(out_dir):
        return _merge_manifest(out_dir, entries)


@contextlib.contextmanager
def _manifest_lock(out_dir: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: merged without a lock (builds in one folder one at a time)
        yield
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir / MANIFEST_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(problem(str(out_dir / MANIFEST), None, "", f"cannot write: {exc.strerror or exc}",
                                  "choose another folder with -o")) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # released when the descriptor closes, also when the process dies
        yield
    finally:
        os.close(fd)


def _merge_manifest(out_dir: Path, entries: dict[str, dict[str, Any]]) -> Path:
    manifest = read_manifest(out_dir)
    manifest["editions"].update(entries)
    manifest["generator"] = "kaartgen"
    manifest["editions"] = dict(sorted(manifest["editions"].items()))
    path = out_dir / MANIFEST
    atomic_write(path, (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode())
    return path


def verify_manifest(out_dir: Path) -> tuple[list[Diagnostic], int]:
    """Every manifest entry's file exists with the recorded sha256 and size → (problems, files checked)."""
    path = out_dir / MANIFEST
    if not path.is_file():
        raise OutputError(problem(str(path), None, "", "no manifest here",
                                  "build into this folder first, or name the output folder"))
    editions = _strict_manifest(path)
    problems = []
    for rel, entry in sorted(editions.items()):
        file = out_dir / rel
        if not file.is_file():
            problems.append(problem(rel, None, "", "missing", "rebuild it, or remove it from the manifest"))
            continue
        data = file.read_bytes()
        if len(data) != entry.get("size") or sha256(data) != entry.get("sha256"):
            problems.append(problem(rel, None, "", "changed since it was built (sha256 differs from the manifest)",
                                    "rebuild it with kaartgen build --force"))
    return problems, len(editions)


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Remove the temporary files of builds that no longer run (killed before they could clean up) → removed."""
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    for folder, _dirs, files in os.walk(out_dir):
        for name in files:
            match = TEMP_NAME.match(name)
            if match and not _running(int(match.group(1))):
                path = Path(folder) / name
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this id runs on this computer (a zombie, dead but not yet reaped, does not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # (a number too large to be a process id)
        return False
    except PermissionError:
        return True  # another user's process, perhaps their build
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]
