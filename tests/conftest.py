"""Shared test fixtures: a throw-away copy of the reference workspace, and a fictional region."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Clearly fictional: never a real region's data. 0800-0000 is a valid-format free-phone number that is not in use.
TESTLAND = """\
region:
  name: Testland
zorgcoordinator:
  organisation: Zorgpunt Testland
  email: test@testland.example.nl
  phone: 0800-0000
"""

os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: stable bytes in every test


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the repository's workspace (content, layouts, fonts) plus the fictional region 'testland'."""
    root = tmp_path / "ws"
    for folder in ("content", "layouts", "fonts"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "content" / "regions" / "testland.yaml").write_text(TESTLAND, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory) -> dict[str, Path]:
    """The reference edition (signalenkaart, nl, ijsselland, print, every layout), built once per test run."""
    from kaartgen import build

    out = tmp_path_factory.mktemp("reference")
    report = build(REPO, out_dir=out)
    assert report.ok, [r.message for r in report.results]
    return {r.name.layout: r.path for r in report.results}
