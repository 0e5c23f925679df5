"""Every preflight fixture (tests/preflight_fixtures.py) gets its expected verdict and exactly its finding IDs:
each constructed defect is found by its ID, and nothing else is reported (no false positives)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kaartgen.tools.preflight import format_report, preflight
from preflight_fixtures import FIXTURES


@pytest.mark.parametrize("name", list(FIXTURES))
def test_fixture_gets_its_verdict_and_ids(name: str, tmp_path: Path) -> None:
    fixture = FIXTURES[name]
    if fixture.needs and shutil.which(fixture.needs) is None:
        pytest.skip(f"{fixture.needs} is installed by .ci/run")
    path = fixture.make(tmp_path / f"{name}.pdf")
    report = preflight(path, folds_mm=fixture.folds_mm, profile=fixture.profile or None)
    found = {finding.id for check in report.checks if check.status != "pass" for finding in check.findings
             if finding.status != "pass"}
    assert (report.verdict, found) == (fixture.verdict, set(fixture.ids)), format_report(report)


def test_the_script_writes_every_fixture_and_the_expectations(tmp_path: Path) -> None:
    import json

    from preflight_fixtures import main

    assert main(str(tmp_path)) == 0
    expected = json.loads((tmp_path / "expected.json").read_text())
    made = {path.stem for path in tmp_path.glob("*.pdf")}
    assert made == set(expected) and len(made) >= len(FIXTURES) - 1
