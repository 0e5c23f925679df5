"""`kaartgen init`: a complete workspace from what kaartgen carries — from a checkout, and from the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kaartgen.cli import main
from kaartgen.load.settings import load_settings

from conftest import REPO

LAYOUTS = {"gatefold-a4", "poster-a2", "poster-a3", "poster-a4", "rollfold-a4", "zfold-a4"}  # (zfold-a4-rtl: only
# for right-to-left languages, which the example workspace has none of)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_init_writes_a_workspace_that_builds_the_fictional_example_region(tmp_path: Path):
    ws = tmp_path / "ws"
    result = run("init", str(ws))
    assert result.exit_code == 0, result.output
    assert "kaartgen build" in result.output
    assert sorted(p.name for p in (ws / "content/regions").iterdir()) == ["_national.yaml", "voorbeeld.yaml"]
    assert {p.stem for p in (ws / "layouts").glob("*.yaml")} == LAYOUTS | {"zfold-a4-rtl"}
    assert (ws / "fonts/OFL.txt").is_file() and (ws / "LICENSE").is_file()
    assert (ws / ".gitignore").read_text().splitlines()[-1] == "output/"
    assert "Voorbeeldland" in (ws / "README.md").read_text() and "verzonnen" in (ws / "README.md").read_text()
    settings = load_settings(ws)
    assert settings.regions == ("voorbeeld",) and settings.reference_region == "voorbeeld"
    assert settings.document == "signalenkaart" and settings.unverified_allowed == ("voorbeeld",)

    built = run("build", "-w", str(ws), "-o", str(ws / "output"))
    assert built.exit_code == 0, built.output
    pdfs = sorted((ws / "output/signalenkaart/voorbeeld/nl").glob("*.pdf"))
    assert {p.name.split("_")[1] for p in pdfs} == LAYOUTS
    text = "".join(page.extract_text() for page in PdfReader(pdfs[-1]).pages)
    assert "Voorbeeldland" in text and "0800-0000" in text
    assert (ws / "editions/voorbeeld.jsonl").is_file()  # the print run is recorded in the new workspace


def test_init_never_overwrites_a_file_and_then_writes_nothing(tmp_path: Path):
    ws = tmp_path / "ws"
    (ws / "layouts").mkdir(parents=True)
    (ws / "layouts/zfold-a4.yaml").write_text("# my own\n")
    (ws / "notes.txt").write_text("unrelated\n")
    result = run("init", str(ws))
    assert result.exit_code == 1
    assert "layouts/zfold-a4.yaml" in result.output and "never overwrites" in result.output
    assert (ws / "layouts/zfold-a4.yaml").read_text() == "# my own\n"
    assert sorted(p.relative_to(ws).as_posix() for p in ws.rglob("*")) == ["layouts", "layouts/zfold-a4.yaml",
                                                                          "notes.txt"]


def test_init_into_a_folder_that_has_other_files_is_fine_and_into_a_file_is_refused(tmp_path: Path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws/notes.txt").write_text("kept\n")
    assert run("init", str(tmp_path / "ws")).exit_code == 0
    assert (tmp_path / "ws/notes.txt").read_text() == "kept\n"
    (tmp_path / "file").write_text("x")
    result = run("init", str(tmp_path / "file"))
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_the_template_list_names_only_files_that_exist_and_no_real_region():
    from kaartgen.tools.new_workspace import template

    root, files = template()
    assert root == REPO
    names = {f.as_posix() for f in files}
    assert "content/regions/voorbeeld.yaml" in names and "fonts/NotoSans-Regular.ttf" in names
    assert not any(n.startswith("content/regions/") and n.split("/")[-1] not in ("_national.yaml",
                                                                                  "voorbeeld.yaml") for n in names)


@pytest.mark.slow
def test_an_installed_wheel_makes_a_workspace_outside_the_repository_that_builds(tmp_path: Path):
    """The done-when of issue 12: from a wheel installed outside the repository, `kaartgen init ws && cd ws &&
    kaartgen build` makes the example region's cards. The wheel is built the way pip builds it (isolated, from
    pyproject.toml and setup.py) and installed into a folder of its own, which is put first on the path."""
    wheels, target, outside = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    outside.mkdir()
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    for name in ("src", "content", "layouts", "fonts"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KAARTGEN_WORKSPACE")}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)], check=True, env=env,
                   capture_output=True, timeout=600)
    [wheel] = wheels.glob("kaartgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("kaartgen/workspace/content/signalenkaart/nl.yaml", "kaartgen/workspace/layouts/zfold-a4.yaml",
                   "kaartgen/workspace/fonts/NotoSans-Regular.ttf", "kaartgen/workspace/fonts/OFL.txt",
                   "kaartgen/workspace/content/regions/voorbeeld.yaml", "kaartgen/data/FOGRA39L.icc"):
        assert needed in names, needed
    assert not any("ijsselland" in name for name in names)  # a real region stays out of new workspaces
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, env=env,
                   capture_output=True, timeout=300)
    env["PYTHONPATH"] = str(target)
    kaartgen = [sys.executable, "-m", "kaartgen"]
    where = subprocess.run([sys.executable, "-c", "import kaartgen; print(kaartgen.__file__)"], cwd=outside,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(target), where  # the wheel, not this checkout
    init = subprocess.run([*kaartgen, "init", "ws"], cwd=outside, env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    build = subprocess.run([*kaartgen, "build"], cwd=outside / "ws", env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    pdfs = sorted((outside / "ws/output/signalenkaart/voorbeeld/nl").glob("*_print.pdf"))
    assert {p.name.split("_")[1] for p in pdfs} == LAYOUTS
    assert "Voorbeeldland" in PdfReader(pdfs[0]).pages[0].extract_text() + PdfReader(pdfs[0]).pages[-1].extract_text()


def test_a_new_region_in_a_new_workspace_says_how_to_make_it_the_default(tmp_path: Path):
    ws = tmp_path / "ws"
    run("init", str(ws))
    result = run("regions", "new", "zuid-test", "-w", str(ws))
    assert result.exit_code == 0
    assert "kaartgen build makes voorbeeld by default" in result.output
    assert "set regions: [zuid-test] in kaartgen.yaml" in result.output


def test_init_where_a_file_or_a_dead_link_is_in_the_way_writes_nothing(tmp_path: Path):
    (tmp_path / "afile").write_text("x")
    result = run("init", str(tmp_path / "afile/ws"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "layouts").symlink_to(tmp_path / "nowhere")
    result = run("init", str(ws))
    assert result.exit_code == 1 and "layouts/" in result.output
    assert sorted(p.name for p in ws.iterdir()) == ["layouts"]


def test_init_that_fails_half_way_takes_back_what_it_wrote(tmp_path: Path, monkeypatch):
    import shutil as shutil_module

    ws, real_copy, copied = tmp_path / "ws", shutil_module.copyfile, []

    def copy_until_the_disk_is_full(source, destination):
        if len(copied) == 5:
            raise OSError(28, "No space left on device", str(destination))
        copied.append(destination)
        return real_copy(source, destination)

    monkeypatch.setattr("kaartgen.tools.new_workspace.shutil.copyfile", copy_until_the_disk_is_full)
    result = run("init", str(ws))
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert not ws.exists() or list(ws.rglob("*")) == []
