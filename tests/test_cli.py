"""The small commands: regions and layouts (list, show, new), exactly as a user sees them."""

from pathlib import Path

from click.testing import CliRunner

from kaartgen.cli import main

from conftest import REPO


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_regions_list_and_show(workspace: Path):
    result = run("regions", "list", "-w", str(workspace))
    assert result.exit_code == 0
    assert result.output.splitlines() == ["ijsselland           IJsselland", "testland             Testland",
                                      "voorbeeld            Voorbeeldland"]
    shown = run("regions", "show", "ijsselland", "-w", str(REPO)).output.splitlines()
    assert any(line.startswith("zorgcoördinator 1, phone 1") and "06-11414026" in line and
               line.endswith("content/regions/ijsselland.yaml:11") for line in shown)
    assert any(line.startswith("zorgcoördinator 1, organisation") and line.endswith("verified never")
               for line in shown)
    english = run("regions", "show", "voorbeeld", "--lang", "en", "-w", str(REPO)).output.splitlines()
    assert any(line.startswith("zorgcoördinator 1 (under 23), phone 1 (day and night)") for line in english)
    assert any(line.startswith("regional note") and "In immediate danger: always call 112." in line
               for line in english)
    assert any(line.split()[:2] == ["veilig_thuis.phone", "0800-2000"] and "_national.yaml" in line for line in shown)
    missing = run("regions", "show", "nergensland", "-w", str(workspace))
    assert missing.exit_code == 1 and "no such region" in missing.output and "kaartgen regions new" in missing.output


def test_regions_new_writes_a_template_that_fails_check_until_filled_in(workspace: Path):
    result = run("regions", "new", "nieuwland", "-w", str(workspace))
    assert result.exit_code == 0 and "content/regions/nieuwland.yaml" in result.output
    check = run("check", "-w", str(workspace), "-r", "nieuwland", "-l", "zfold-a4")
    assert check.exit_code == 1
    assert "content/regions/nieuwland.yaml:6: error: region.name: still the template's TODO (fill in the real value)" \
        in check.output
    assert run("regions", "new", "nieuwland", "-w", str(workspace)).exit_code == 1
    assert run("regions", "new", "Nieuw Land", "-w", str(workspace)).exit_code == 2


def test_layouts_list_and_show():
    listed = run("layouts", "list", "-w", str(REPO)).output.splitlines()
    assert [line.split()[0] for line in listed] == ["gatefold-a4", "poster-a2", "poster-a3", "poster-a4",
                                                        "rollfold-a4", "zfold-a4", "zfold-a4-rtl"]
    shown = run("layouts", "show", "rollfold-a4", "-w", str(REPO))
    assert shown.exit_code == 0
    assert "fold roll [97.0, 100.0, 100.0]" in shown.output
    import json
    info = json.loads(run("layouts", "show", "zfold-a4", "--json", "-w", str(REPO)).output)
    assert info["sheet_mm"] == [297.0, 210.0] and info["fold_panels_mm"] == [99.0, 99.0, 99.0]
    assert [p["id"] for p in info["sides"][0]["panels"]] == ["talk", "contact", "cover"]
    assert run("layouts", "show", "nope", "-w", str(REPO)).exit_code == 1


def test_python_dash_m_and_version():
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "kaartgen", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "version" in done.stdout


def test_outside_a_workspace_the_message_says_so(tmp_path: Path):
    result = run("build", "-w", str(tmp_path))
    assert result.exit_code == 1
    assert "not a kaartgen workspace (no content/ or layouts/ folder here)" in result.output
    (tmp_path / "content").mkdir()
    (tmp_path / "layouts").mkdir()
    result = run("check", "-w", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == ("content/regions: error: no regions yet (make one with 'kaartgen regions new REGION', "
                             "then fill it in)\n")
    (tmp_path / "content" / "regions").mkdir()
    (tmp_path / "content" / "regions" / "testland.yaml").write_text("region: {name: Testland}\n")
    result = run("check", "-w", str(tmp_path))
    assert result.exit_code == 1 and "content: error: no documents yet" in result.output
    for listing in (["regions", "list"], ["layouts", "list"]):
        outside = run(*listing, "-w", str(tmp_path / "nowhere"))
        assert outside.exit_code == 1 and "not a kaartgen workspace" in outside.output
