"""`kaartgen i18n weblate-screenshots`: what Weblate's screenshot API needs, printed (JSON or a curl + jq script).

The script is run against a stand-in `curl` that answers as Weblate's API does and logs every request; the
real `jq` picks the unit whose context is exactly the key, though the search also finds longer keys.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaartgen.cli import main
from kaartgen.pipeline.inputs import Inputs
from kaartgen.tools.screenshots import translator_screenshots
from kaartgen.tools.weblate import screenshot_uploads

DOC = "signalenkaart"

FAKE_CURL = r'''#!PYTHON
"""Weblate's API, as far as the script uses it: log the request, answer with JSON."""
import json, os, sys, urllib.parse
args = sys.argv[1:]
url = [a for a in args if a.startswith("http")][-1]
forms = [args[i + 1] for i, a in enumerate(args) if a == "-F"]
with open(os.environ["CURL_LOG"], "a") as log:
    log.write(json.dumps({"url": url, "forms": forms}) + "\n")
path = urllib.parse.urlsplit(url).path
if path == "/api/screenshots/":
    count = sum(1 for _ in open(os.environ["CURL_LOG"]))
    print(json.dumps({"id": count}))
elif path.endswith("/units/") and "/api/translations/" in path:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["q"][0]
    key = query.removeprefix('context:"').removesuffix('"')
    print(json.dumps({"results": [{"id": 1, "context": key + "_heading"}, {"id": 2, "context": key}]}))
else:
    print("{}")
'''


def test_the_plan_names_every_screenshot_its_form_fields_and_its_strings(workspace: Path):
    translator_screenshots(workspace, DOC, ("zfold-a4",), langs=("en",))
    plan = screenshot_uploads(workspace, DOC, "kaartgen", "signalenkaart")
    mapping = json.loads((workspace / "output/screenshots/screenshots.json").read_text())
    keys = {entry.key for entry in Inputs(workspace).source(DOC).entries()}
    assert any(key not in keys for names in mapping["screenshots"].values() for key in names)
    assert plan["schema"] == 1 and plan["screenshot_file_mask"] == "output/screenshots/*.png"
    assert len(plan["screenshots"]) == len(mapping["screenshots"])
    for shot in plan["screenshots"]:
        assert shot["exists"] and (workspace / shot["file"]).is_file()
        name = Path(shot["file"]).relative_to("output/screenshots").as_posix()
        shown = [key for key in mapping["screenshots"][name] if key in keys]  # not the region's contact data
        assert [u["context"] for u in shot["units"]] == shown
        assert shot["form"]["language_code"] == ("en" if name.startswith("en/") else "nl")
        assert shot["form"]["project_slug"] == "kaartgen" and shot["form"]["component_slug"] == "signalenkaart"
    cover = next(s for s in plan["screenshots"] if s["file"].endswith("/signalenkaart_zfold-a4_cover.png"))
    title = next(u for u in cover["units"] if u["context"] == "cover_title")
    assert title["source"] == "Signalenkaart voor professionals"


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is installed by .ci/run (apt-get install jq)")
def test_the_shell_script_uploads_each_screenshot_and_links_the_unit_of_exactly_its_key(workspace: Path,
                                                                                       tmp_path: Path):
    translator_screenshots(workspace, DOC, ("zfold-a4",))
    result = CliRunner().invoke(main, ["i18n", "weblate-screenshots", "-w", str(workspace), "--project", "kaartgen",
                                       "--component", "signalenkaart", "--shell"])
    assert result.exit_code == 0, result.output
    script = tmp_path / "upload.sh"
    script.write_text(result.output)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    curl = bin_dir / "curl"
    curl.write_text(FAKE_CURL.replace("PYTHON", sys.executable, 1))
    curl.chmod(curl.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "curl.log"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "CURL_LOG": str(log),
           "WEBLATE_URL": "https://weblate.invalid", "WEBLATE_TOKEN": "test-token"}
    run = subprocess.run(["sh", str(script)], cwd=workspace, env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode == 0, run.stderr
    requests = [json.loads(line) for line in log.read_text().splitlines()]
    plan = screenshot_uploads(workspace, DOC, "kaartgen", "signalenkaart")
    created = [r for r in requests if r["url"] == "https://weblate.invalid/api/screenshots/"]
    assert len(created) == len(plan["screenshots"])
    for request, shot in zip(created, plan["screenshots"], strict=True):
        assert f"image=@{shot['file']}" in request["forms"]
        assert f"name={shot['form']['name']}" in request["forms"] and "language_code=nl" in request["forms"]
    links = [r for r in requests if r["url"].endswith("/units/") and "/api/screenshots/" in r["url"]]
    assert len(links) == sum(len(s["units"]) for s in plan["screenshots"])
    assert all(r["forms"] == ["unit_id=2"] for r in links)  # the exact key, never the longer one found first


def test_without_screenshots_it_says_how_to_make_them(workspace: Path):
    result = CliRunner().invoke(main, ["i18n", "weblate-screenshots", "-w", str(workspace), "--project", "p",
                                       "--component", "c"])
    assert result.exit_code == 1
    assert "no screenshots here yet" in result.output and "kaartgen i18n screenshots" in result.output
    assert "Traceback" not in result.output


def test_a_slug_with_characters_weblate_urls_do_not_have_is_refused(workspace: Path):
    result = CliRunner().invoke(main, ["i18n", "weblate-screenshots", "-w", str(workspace), "--project", "a b;rm",
                                       "--component", "c"])
    assert result.exit_code == 2 and "is not a Weblate slug" in result.output
