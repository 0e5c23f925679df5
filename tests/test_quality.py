"""Code habits the CI enforces: ruff (the rule set in pyproject.toml), mypy, and the stage layers (import-linter).

Each runs as its own process on the source tree, as a developer would run it; a finding fails the test with the
tool's own report.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_finds_nothing():
    result = run_tool(sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing():
    result = run_tool(sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr


def test_stages_depend_one_way_and_backends_stay_in_their_modules():
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable, "import-linter is a test dependency: pip install -e '.[test]'"
    result = run_tool(executable, "--no-cache")
    assert result.returncode == 0 and "0 broken" in result.stdout, result.stdout + result.stderr
