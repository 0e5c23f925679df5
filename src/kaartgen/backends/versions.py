"""The versions of the libraries whose output ends up in a PDF (part of every edition's inputs hash).

Read from the installed distributions' ``NAME-VERSION.dist-info`` folder names on ``sys.path``, without importing
the libraries (pypdf alone costs ~50 ms to import, and a no-op rebuild or a `check` does not need it) and without
``importlib.metadata`` (~70 ms to import). A library installed some other way (no dist-info folder found) is
imported for its version instead.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

DISTRIBUTIONS = ("reportlab", "pypdf", "pillow", "pyphen", "fonttools", "phonenumbers")
_DIST_INFO = re.compile(r"^([A-Za-z0-9_.]+?)-([^-]+?)\.dist-info$")


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """distribution name → version, for the libraries whose output ends up in the PDF."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            match = _DIST_INFO.match(name)
            if match is not None:
                dist = match.group(1).lower().replace("_", "-").replace(".", "-")
                if dist in DISTRIBUTIONS and dist not in found:  # the first on sys.path is the one imported
                    found[dist] = match.group(2)
        if len(found) == len(DISTRIBUTIONS):
            break
    for dist in DISTRIBUTIONS:
        if dist not in found:
            found[dist] = _imported_version(dist)
    return {dist: found[dist] for dist in DISTRIBUTIONS}


def _imported_version(dist: str) -> str:
    if dist == "reportlab":
        import reportlab

        return str(reportlab.Version)
    if dist == "pillow":
        import PIL

        return str(PIL.__version__)
    if dist == "fonttools":
        import fontTools

        return str(fontTools.version)
    module = __import__(dist)
    return str(getattr(module, "__version__", "unknown"))
