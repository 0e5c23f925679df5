"""Release rules: contact data that is due a check warns, a final print run refuses what nobody checked, a language
without the region's note does not print as final, and a name that repeats "Regio" is said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kaartgen.cli import main
from kaartgen.tools import i18n

from conftest import TESTLAND, VERIFIED_ON

ZFOLD = ["-l", "zfold-a4", "-r", "testland"]


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def months_ago(months: int) -> str:
    today = dt.date.today()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28)).isoformat()


def verified(workspace: Path, when: str | None) -> None:
    region = workspace / "content/regions/testland.yaml"
    line = f"      verified: {{on: {VERIFIED_ON}, by: Test Verifier}}\n"
    assert line in TESTLAND
    region.write_text(TESTLAND.replace(line, "" if when is None else line.replace(VERIFIED_ON, when)))


def settings(workspace: Path, **changes: str) -> None:
    path = workspace / "kaartgen.yaml"
    text = path.read_text()
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)


def test_recently_verified_data_builds_without_a_word(workspace: Path, tmp_path: Path):
    result = run("build", "-w", str(workspace), *ZFOLD, "-o", str(tmp_path))
    assert result.exit_code == 0 and "warning" not in result.output


def test_data_older_than_the_maximum_age_warns_in_check_and_build(workspace: Path, tmp_path: Path):
    verified(workspace, months_ago(14))
    checked = run("check", "-w", str(workspace), *ZFOLD)
    assert checked.exit_code == 0, checked.output
    assert "content/regions/testland.yaml:8: warning: contacts.zorgcoordinator.0.verified:" in checked.output
    assert "last verified 14 months ago" in checked.output and "every 12 months" in checked.output
    built = run("build", "-w", str(workspace), *ZFOLD, "-o", str(tmp_path))
    assert built.exit_code == 0 and "last verified 14 months ago" in built.output


def test_the_workspace_sets_the_maximum_age(workspace: Path):
    verified(workspace, months_ago(7))
    assert "warning" not in run("check", "-w", str(workspace), *ZFOLD).output
    settings(workspace, **{"max_age_months: 12": "max_age_months: 6"})
    assert "last verified 7 months ago" in run("check", "-w", str(workspace), *ZFOLD).output


@pytest.mark.parametrize("when, message", [(None, "never verified"), (months_ago(25), "25 months ago")])
def test_a_final_print_run_refuses_unchecked_or_twice_too_old_data(workspace: Path, tmp_path: Path, when, message):
    verified(workspace, when)
    refused = run("build", "-w", str(workspace), *ZFOLD, "-o", str(tmp_path))
    assert refused.exit_code == 1
    line = 5 if when is None else 8  # the contact, or its verified: line
    assert f"content/regions/testland.yaml:{line}: error: contacts.zorgcoordinator.0.verified:" in refused.output
    assert message in refused.output and "--allow-unverified" in refused.output
    assert not list(tmp_path.rglob("*.pdf"))
    assert run("check", "-w", str(workspace), *ZFOLD).exit_code == 0  # check only warns
    screen = run("build", "-w", str(workspace), *ZFOLD, "--edition", "screen", "-o", str(tmp_path))
    assert screen.exit_code == 0  # not a print run
    allowed = run("build", "-w", str(workspace), *ZFOLD, "-o", str(tmp_path), "--allow-unverified")
    assert allowed.exit_code == 0 and "printed anyway: allowed by --allow-unverified" in allowed.output


def test_a_region_listed_as_allowed_unverified_prints_with_a_warning(workspace: Path, tmp_path: Path):
    verified(workspace, None)
    settings(workspace, **{"    - voorbeeld": "    - voorbeeld\n    - testland"})
    result = run("build", "-w", str(workspace), *ZFOLD, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "never verified (printed anyway: allowed by verification.unverified_allowed in kaartgen.yaml)" in \
        result.output


def test_a_final_language_without_the_regions_note_is_refused_and_a_draft_shows_it_marked(workspace: Path,
                                                                                          tmp_path: Path):
    region = workspace / "content/regions/testland.yaml"
    region.write_text(TESTLAND + "note:\n  nl: Bij direct gevaar altijd 112.\n")
    i18n.review(workspace, "signalenkaart", "en", by="Test Reviewer")  # English final: only the note is missing
    refused = run("build", "-w", str(workspace), *ZFOLD, "--lang", "en", "-o", str(tmp_path))
    assert refused.exit_code == 1
    assert "content/regions/testland.yaml:" in refused.output and "note" in refused.output and \
        "'en'" in refused.output
    assert not list(tmp_path.rglob("*.pdf"))
    draft = run("build", "-w", str(workspace), *ZFOLD, "--lang", "en", "--draft", "-o", str(tmp_path))
    assert draft.exit_code == 0, draft.output
    [pdf] = tmp_path.rglob("*CONCEPT*.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "[NL]" in text and "112" in text
    region.write_text(TESTLAND + "note:\n  nl: Bij direct gevaar altijd 112.\n  en: In danger, always call 112.\n")
    assert run("build", "-w", str(workspace), *ZFOLD, "--lang", "en", "-o", str(tmp_path)).exit_code == 0


def test_a_region_name_that_repeats_regio_is_said_in_the_build(workspace: Path, tmp_path: Path):
    region = workspace / "content/regions/testland.yaml"
    region.write_text(TESTLAND.replace("name: Testland", "name: Regio Testland"))
    result = run("build", "-w", str(workspace), *ZFOLD, "-o", str(tmp_path))
    assert result.exit_code == 0
    assert "content/regions/testland.yaml:2: warning: region.name:" in result.output
    assert result.output.count("Regio Regio") <= 1  # named once in the message, not once per layout


@pytest.mark.parametrize("on, today, warned, refused", [
    ("2025-01-15", "2026-01-15", False, False),   # exactly 12 months: still fine
    ("2025-01-15", "2026-01-16", True, False),    # a day more: due a check
    ("2024-11-03", "2026-11-03", True, False),    # exactly 24 months: warned, still printed
    ("2024-11-03", "2026-11-04", True, True),     # a day past twice the age: a final print run stops
    ("2024-01-31", "2025-02-28", True, False),    # month ends: 31 January + 12 months is 31 January 2025
])
def test_verification_ages_are_counted_in_calendar_days(workspace: Path, monkeypatch, on, today, warned, refused):
    from kaartgen.load.regions import load_region
    from kaartgen.load.settings import load_settings
    from kaartgen.pipeline import release

    monkeypatch.setattr(release, "today", lambda: dt.date.fromisoformat(today))
    verified(workspace, on)
    region, settings = load_region(workspace, "testland"), load_settings(workspace)
    found = release.verification_diagnostics(region, settings, final_print=True, allow_unverified=False)
    assert bool(found) == warned
    assert any(d.severity.name == "ERROR" for d in found) == refused
    if warned and not refused:
        checked = release.verification_diagnostics(region, settings, final_print=False, allow_unverified=False)
        assert "refuses" not in checked[0].hint  # due a check, but still printable


def test_check_says_ahead_that_a_final_print_build_will_refuse_twice_too_old_data(workspace: Path):
    verified(workspace, months_ago(30))
    checked = run("check", "-w", str(workspace), *ZFOLD)
    assert checked.exit_code == 0 and "until then a final print build refuses it" in checked.output


def test_a_proof_of_unverified_data_needs_the_same_permission_and_marks_it(workspace: Path, tmp_path: Path):
    verified(workspace, None)
    refused = run("preview", "-w", str(workspace), *ZFOLD, "--proof", "--dpi", "30", "-o", str(tmp_path))
    assert refused.exit_code == 1 and "--allow-unverified" in refused.output
    allowed = run("preview", "-w", str(workspace), *ZFOLD, "--proof", "--dpi", "30", "-o", str(tmp_path),
                  "--allow-unverified", "--no-record")
    assert allowed.exit_code == 0, allowed.output
    assert list(tmp_path.glob("*-proof.png")) and not (workspace / "editions").exists()
