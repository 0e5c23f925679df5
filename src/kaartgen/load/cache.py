"""A small, bounded on-disk cache of data derived from big, rarely changing files (font metrics, hyphenation).

Reading a font's metrics with fontTools and parsing a hyphenation dictionary cost more than half of a one-edition
build; both results are plain data. `cached_json` stores them as JSON (never pickle: nothing in the cache is ever
executed) under ``$KAARTGEN_CACHE_DIR`` or ``$XDG_CACHE_HOME/kaartgen`` (``~/.cache/kaartgen``).

An entry is keyed by the sha256 of the source file's *content* (so a copied, touched or moved font finds its
entry, and a changed one never does) and the versions of kaartgen and of the library that made the data. The
folder is bounded: after each write the oldest entries beyond `MAX_ENTRIES` or `MAX_BYTES` are removed, and so
are temporary files a killed process left behind and the entries of kaartgen 0.1 (which are never read). A
missing, unreadable or stale entry is simply rebuilt; a cache folder that cannot be written is ignored.
``KAARTGEN_CACHE_DIR=off`` switches the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_ENTRIES = 64
MAX_BYTES = 64 * 1024 * 1024
STALE_TEMP_SECONDS = 3600
PREFIX = "kg-"  # every file the cache writes starts with this, so pruning never touches anything else
LEGACY = ("face-", "hyph-", ".face-", ".hyph-")  # what kaartgen 0.1 wrote (keyed by path and time): never read


def cache_dir() -> Path | None:
    configured = os.environ.get("KAARTGEN_CACHE_DIR", "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kaartgen"


def file_digest(path: Path) -> str:
    """sha256 of a file's content, computed once per process per file version (path, size, mtime)."""
    stat = path.stat()
    return _digest(path.resolve(), stat.st_size, stat.st_mtime_ns)


def forget_digests() -> None:
    """Forget the remembered digests (a new build: files may have changed within one mtime tick)."""
    _digest.cache_clear()


@lru_cache(maxsize=256)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cached_json(kind: str, source: Path, version: str, build: Callable[[], Any]) -> Any:
    """`build()`'s JSON-able result for `source`, from the cache when the content and versions are unchanged."""
    from ..version import __version__, code_digest

    folder = cache_dir()
    if folder is None:
        return build()
    try:
        digest = file_digest(source)
    except OSError:
        return build()
    key = f"{kind}|{digest}|{version}|{__version__}|{code_digest()}"
    path = folder / f"{PREFIX}{kind}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used entries go first
        return data
    except (OSError, ValueError):
        pass
    data = build()
    _store(folder, path, data)
    return data


def _store(folder: Path, path: Path, data: Any) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{PREFIX}", suffix=".tmp", dir=folder)
    except OSError:
        return  # a read-only home: no cache, same results
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    prune(folder)


def prune(folder: Path, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> int:
    """Remove the oldest entries beyond the bounds and stale temporary files; returns how many were removed."""
    now = time.time()
    entries: list[tuple[float, int, Path]] = []
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        path = folder / name
        if name.startswith(LEGACY) and (name.endswith(".json") or ".json." in name):
            removed += _unlink(path)
            continue
        if not name.startswith((PREFIX, f".{PREFIX}")):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        if name.startswith("."):
            if now - stat.st_mtime > STALE_TEMP_SECONDS:
                removed += _unlink(path)
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    entries.sort(reverse=True)  # newest first
    total = 0
    for index, (_mtime, size, path) in enumerate(entries):
        total += size
        if index >= max_entries or total > max_bytes:
            removed += _unlink(path)
    return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0
