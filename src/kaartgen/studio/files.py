"""Workspace files as the studio touches them: request paths → files inside the workspace, region files read with
their sha256 and saved only over the version a form was made from, logo uploads checked before they are kept.

Every name from a request (a region, a layout, a language, an upload's file name) is checked by `load.names`
before it becomes a path, and every path is resolved (symlinks followed) and must lie inside the workspace — so
``../``, an absolute path or a symlink pointing out of the workspace is refused by name, never served or written.

A save compares the sha256 of the region file now with the one the form was made from: when someone else saved in
between, the save is refused (`StaleForm`) and nothing is lost — the form keeps what was typed. One lock per
region makes check-and-write atomic within the server; the write itself is `pipeline.output.atomic_write`.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..load.logos import ACCEPTED, MAX_PIXELS, open_logo
from ..load.names import check_region_id
from ..load.regions import regions_dir
from ..model.diagnostics import DataError, SourceRef
from ..model.messages import T
from ..model.region import Logo
from ..pipeline.output import atomic_write, sha256

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
"""A logo upload larger than this is refused before it is read whole (a logo at 300 ppi is well under 8 MB)."""
LOGO_FOLDER = "logos"
UPLOAD_SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "TIFF": ".tif"}


class OutsideWorkspace(Exception):
    """A path from a request that would leave the workspace."""


class StaleForm(Exception):
    """The region file changed since the form was made from it."""


def inside(workspace: Path, relative: str) -> Path:
    """`relative` (a path from a request) as a path inside `workspace`, symlinks resolved; else OutsideWorkspace."""
    root = workspace.resolve()
    if not relative or "\x00" in relative or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        raise OutsideWorkspace(relative)
    parts = Path(relative.replace("\\", "/")).parts
    if ".." in parts:
        raise OutsideWorkspace(relative)
    path = (root / Path(*parts)).resolve()
    if not path.is_relative_to(root):
        raise OutsideWorkspace(relative)
    return path


@dataclass(frozen=True)
class RegionFile:
    """A region file's text as read, and the sha256 a form made from it carries."""

    region: str
    path: Path
    text: str
    sha: str


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(str(path), threading.Lock())


def region_path(workspace: Path, region: str) -> Path:
    check_region_id(region)
    return inside(workspace, (regions_dir(Path(".")) / f"{region}.yaml").as_posix())


def read_region_file(workspace: Path, region: str) -> RegionFile:
    path = region_path(workspace, region)
    raw = path.read_bytes()
    return RegionFile(region, path, raw.decode("utf-8"), sha256(raw))


def save_region_file(workspace: Path, region: str, text: str, base_sha: str) -> RegionFile:
    """Write `text` as the region file if the file is still the one whose sha256 is `base_sha`."""
    path = region_path(workspace, region)
    data = text.encode("utf-8")
    with _lock(path):
        current = sha256(path.read_bytes()) if path.exists() else ""
        if current != base_sha:
            raise StaleForm(region)
        atomic_write(path, data)
    return RegionFile(region, path, text, sha256(data))


def store_logo(workspace: Path, region: str, filename: str, data: bytes) -> str:
    """Check an uploaded logo like the CLI checks a region's logo (format, size, fully decoded) and keep it as
    ``logos/<region>-<name>.<ext>``; the workspace-relative path, for the region file's ``logos:`` list."""
    check_region_id(region)
    shown = filename or "upload"
    if len(data) > MAX_UPLOAD_BYTES:
        raise DataError(SourceRef(shown).error("logos", T("the file is {size} MB; a logo may be at most {limit} MB",
                                                          size=f"{len(data) / 1024 / 1024:.1f}",
                                                          limit=MAX_UPLOAD_BYTES // 1024 // 1024),
                                               T("export it smaller: 300 ppi at the printed size is enough")))
    from PIL import Image, UnidentifiedImageError

    try:  # what the bytes are, not what the name says: a script named logo.png is not a PNG
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format or ""
            pixels = image.width * image.height
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        kind, pixels = "", 0
    if kind not in ACCEPTED or pixels > MAX_PIXELS:
        raise DataError(SourceRef(shown).error("logos", T("not a PNG, JPEG or TIFF image"),
                                               T("send a PNG, JPEG or TIFF of at least 300 ppi at the printed size")))
    stem = re.sub(r"[^a-z0-9]+", "-", Path(shown).stem.lower()).strip("-")[:40] or "logo"
    relative = f"{LOGO_FOLDER}/{region}-{stem}{UPLOAD_SUFFIXES[kind]}"
    path = inside(workspace, relative)
    temp = path.with_name(f".{path.name}.upload")
    atomic_write(temp, data)
    try:
        open_logo(Logo(temp, relative, "", SourceRef(shown)))  # fully decoded, as a build will
    except DataError:
        temp.unlink(missing_ok=True)
        raise
    temp.replace(path)
    return relative
