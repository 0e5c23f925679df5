"""One diagnostic shape for every command: `file:line: severity: key: message (hint)` on the terminal, and the same
fields in every `--json` answer; exit codes decided in one place (1 for a failed check, 2 for a usage error)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaartgen import Diagnostic, Severity
from kaartgen.cli import main

from conftest import REPO

SHAPE = re.compile(r"^(?P<where>\S[^:]*(?::\d+)?(?:: p[\d-]+)?): (?P<severity>error|warning|note): .+")
FIELDS = {"severity", "file", "line", "column", "key", "message", "hint", "page", "code", "data"}


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def broken_region(workspace: Path) -> None:
    region = workspace / "content/regions/testland.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("0800-0000", "0800-00"), encoding="utf-8")


def test_a_diagnostic_prints_in_one_shape_and_round_trips_through_json():
    d = Diagnostic(Severity.ERROR, "'0800-00' is not a valid Dutch phone number", "content/regions/x.yaml", 6, 10,
                   "zorgcoordinator.phone", "write a Dutch number such as 0800-2000")
    assert str(d) == ("content/regions/x.yaml:6:10: error: zorgcoordinator.phone: '0800-00' is not a valid Dutch "
                      "phone number (write a Dutch number such as 0800-2000)")
    assert set(d.to_json()) == FIELDS and Diagnostic.from_json(json.loads(json.dumps(d.to_json()))) == d
    assert str(Diagnostic(Severity.WARNING, "low", "a.pdf", page=3, key="images")) == "a.pdf: p3: warning: images: low"


def test_check_prints_each_problem_in_the_shape_once_even_for_several_layouts(workspace: Path):
    broken_region(workspace)
    result = invoke("check", "-w", str(workspace), "-r", "testland", "-l", "zfold-a4", "-l", "poster-a3")
    assert result.exit_code == 1
    problems = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert problems == ["content/regions/testland.yaml:7: error: contacts.zorgcoordinator.0.phone: '0800-00' is not "
                        "a valid Dutch phone number: wrong length or unknown prefix (write a Dutch number such as "
                        "0800-2000, 06-12345678 or 038-1234567)"]
    assert "FAILED signalenkaart/zfold-a4/testland/nl/print, signalenkaart/poster-a3/testland/nl/print:" \
        in result.output


@pytest.mark.parametrize("command", [["check"], ["build", "-o", "OUT"]])
def test_check_and_build_answer_in_json_with_structured_diagnostics(workspace: Path, tmp_path: Path, command):
    broken_region(workspace)
    args = [a.replace("OUT", str(tmp_path)) for a in command]
    result = invoke(*args, "-w", str(workspace), "-r", "testland", "-r", "ijsselland", "-l", "zfold-a4", "--json")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert answer["schema"] == 1 and answer["ok"] is False
    failed, good = answer["results"]
    assert failed["status"] == "failed" and good["status"] in ("checked", "built")
    [diagnostic] = failed["diagnostics"]
    assert set(diagnostic) == FIELDS
    assert (diagnostic["severity"], diagnostic["file"], diagnostic["line"], diagnostic["key"]) == \
        ("error", "content/regions/testland.yaml", 7, "contacts.zorgcoordinator.0.phone")
    assert diagnostic["hint"].startswith("write a Dutch number")


def test_an_error_before_any_edition_is_json_too(tmp_path: Path):
    result = invoke("check", "-w", str(tmp_path), "--json")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert answer["ok"] is False and answer["diagnostics"][0]["message"].startswith("not a kaartgen workspace")


def test_preflight_prints_each_file_with_its_findings_beneath_it(reference_build, tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really\n")
    good = reference_build["zfold-a4"]
    result = invoke("preflight", str(good), str(bad))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{good}: PASS — 17 of 17 checks passed (profile sheetfed-cmyk)"
    assert lines[1].startswith(f"{bad}: error: cannot read PDF")
    as_json = json.loads(invoke("preflight", str(good), str(bad), "--json").stdout)
    passed, unreadable = as_json["files"]
    assert passed["ok"] and all(set(d) == FIELDS and d["severity"] == "note" for d in passed["diagnostics"])
    assert unreadable["ok"] is False and unreadable["diagnostics"][0]["severity"] == "error"


def test_preflight_of_a_missing_file_is_a_clear_error(tmp_path: Path):
    result = invoke("preflight", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 1
    assert result.output.strip() == f"{tmp_path / 'nope.pdf'}: error: cannot read file (No such file or directory)"


@pytest.mark.parametrize("args", [["i18n", "init", "Deutsch"], ["i18n", "status", "EN"], ["build", "-r", "../x"],
                                  ["regions", "show", "Noord Holland"], ["layouts", "show", "../zfold"],
                                  ["i18n", "extract", "-d", "Signalenkaart"]])
def test_every_malformed_name_is_a_usage_error(args):
    result = invoke(*args, "-w", str(REPO))
    assert result.exit_code == 2, result.output
    assert "is not a valid" in result.output


def test_every_error_line_of_a_failed_build_has_the_shape(workspace: Path, tmp_path: Path):
    broken_region(workspace)
    (workspace / "layouts/zfold-a4.yaml").write_text("sheet: {width: 10mm}\n", encoding="utf-8")
    result = invoke("build", "-w", str(workspace), "-r", "all", "-o", str(tmp_path), "-q")
    assert result.exit_code == 1
    problems = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert problems and all(SHAPE.match(line) for line in problems), problems
