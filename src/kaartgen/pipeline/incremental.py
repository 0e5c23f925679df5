"""What an edition depends on: its source files (one list, for the inputs hash and the proof), the libraries whose
output ends up in the PDF, the options that apply to it, and the build date.

Its date comes from the inputs too (:mod:`kaartgen.pipeline.dates`). An edition whose inputs hash is unchanged
and whose PDF still has its recorded sha256 is not rebuilt.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..backends.colour import output_profile
from ..backends.versions import library_versions
from ..load.cache import file_digest
from ..model.content import Source
from ..model.edition import EditionName, Options
from ..model.layout import LayoutSpec
from ..model.region import Region
from ..model.translation import Translation
from ..version import __version__, code_digest

DATED_ROLES = ("content", "translation", "review", "region", "layout")  # the inputs an edition is dated by


def edition_sources(spec: LayoutSpec, region: Region, source: Source,
                    translation: Translation | None) -> tuple[tuple[str, Path], ...]:
    """(role, file) of every file an edition is made from, in a stable order: what the proof lists and the
    inputs hash covers."""
    files: list[tuple[str, Path]] = [("content", source.path)]
    if translation is not None:
        files.append(("translation", translation.po_path))
        if translation.review_path is not None and translation.review_path.exists():
            files.append(("review", translation.review_path))
    files += [("region", path) for path in region.files]
    files.append(("layout", spec.path))
    files += [("font", path) for path in dict.fromkeys(path for _face, path in sorted(spec.fonts.items()))]
    files.append(("ICC profile", output_profile()))
    return tuple(files)


def dated_files(sources: tuple[tuple[str, Path], ...]) -> list[Path]:
    """The files an edition's date comes from: its texts, region and layout (not fonts or the profile)."""
    return [path for role, path in sources if role in DATED_ROLES]


def _digest_or_missing(path: Path) -> str:
    try:
        return file_digest(path)
    except OSError:
        return "missing"


def inputs_hash(name: EditionName, sources: tuple[tuple[str, Path], ...], options: Options,
                date: dt.datetime) -> str:
    """Everything that can change an edition's bytes: files, libraries, and the options that apply to it."""
    import hashlib

    print_options = [options.marks, options.pdfx, options.allow_low_res] if name.is_print else []
    if name.is_print and options.overprint_black:  # (only when set: the inputs hash of every other build stays)
        print_options.append("overprint-black")
    parts = {
        "kaartgen": __version__,
        "code": code_digest(),  # the same version with other code (a checkout, an upgrade from git) rebuilds
        "libraries": library_versions(),
        "files": [[role, _digest_or_missing(path)] for role, path in sources],
        "options": [name.edition, name.draft, *print_options],
        "date": date.isoformat(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
