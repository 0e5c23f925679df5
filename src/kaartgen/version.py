"""The version of kaartgen (one place; pyproject reads it from here), and a digest of its code.

`code_digest()` tells two installs of the same version apart when their code differs (a checkout between two
releases, an upgrade from git): the up-to-date checks and the cache key on it as well as on the version, so new
code never answers with a PDF or a parsed file the old code made.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

__version__ = "0.2.0"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 of kaartgen's own Python files (their paths and content), read once per process."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
