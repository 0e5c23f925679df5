"""A small on-disk cache of data derived from big, rarely changing files (font metrics, hyphenation patterns).

Reading a font's metrics with fontTools and parsing a hyphenation dictionary cost more than half of a one-edition
build; both results are plain data. `cached_json` stores them as JSON (never pickle: nothing in the cache is ever
executed) under ``$KAARTGEN_CACHE_DIR`` or ``$XDG_CACHE_HOME/kaartgen`` (``~/.cache/kaartgen``), keyed by the source
file's path, size and modification time and the versions of kaartgen and of the library that made the data.
A missing, unreadable or stale entry is simply rebuilt; a cache folder that cannot be written is ignored.
``KAARTGEN_CACHE_DIR=off`` switches the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable


def cache_dir() -> Path | None:
    configured = os.environ.get("KAARTGEN_CACHE_DIR", "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kaartgen"


def cached_json(kind: str, source: Path, version: str, build: Callable[[], Any]) -> Any:
    """`build()`'s JSON-able result for `source`, from the cache when the file and versions are unchanged."""
    from . import __version__

    folder = cache_dir()
    try:
        stat = source.stat()
    except OSError:
        return build()
    if folder is None:
        return build()
    key = f"{kind}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{version}|{__version__}"
    path = folder / f"{kind}-{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError:
        return data  # a read-only home: no cache, same results
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass
    return data
