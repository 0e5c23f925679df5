"""Shared test fixtures: a throw-away copy of the reference workspace, a fictional region, the reference build,
and the chain's plan of any edition.

The whole run uses a temporary cache (`KAARTGEN_CACHE_DIR`, and `XDG_CACHE_HOME` for the tools that tests call,
such as fontconfig under pdftoppm); at the end the run fails if anything appeared in the user's ~/.cache.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOME_CACHE = Path(os.path.expanduser("~")) / ".cache"
ALL_LAYOUTS = sorted(p.stem for p in (REPO / "layouts").glob("*.yaml"))  # every layout the repository ships
RTL_LAYOUTS = [name for name in ALL_LAYOUTS if "languages:" in (REPO / "layouts" / f"{name}.yaml").read_text(
    encoding="utf-8")]  # made for right-to-left languages only: not in a Dutch build of "all"
LAYOUTS = [name for name in ALL_LAYOUTS if name not in RTL_LAYOUTS]  # the layouts of the Dutch reference edition

# Clearly fictional: never a real region's data. 0800-0000 is a valid-format free-phone number that is not in use.
# Verified a month ago, so a final print build accepts it whatever day the tests run.
VERIFIED_ON = (dt.date.today() - dt.timedelta(days=30)).isoformat()
TESTLAND = f"""\
region:
  name: Testland
contacts:
  zorgcoordinator:
    - organisation: Zorgpunt Testland
      email: test@testland.example.nl
      phone: 0800-0000
      verified: {{on: {VERIFIED_ON}, by: Test Verifier}}
"""

# Two more clearly fictional regions: every value a region file sets must reach every layout's text.
FICTIONAL = {
    "noordkaap": f"""\
region: {{name: Noordkaap}}
contacts:
  zorgcoordinator:
    - organisation: Steunpunt Noordkaap (fictief)
      phone: 0800-0001
      email: zorg@noordkaap.example.nl
      verified: {{on: {VERIFIED_ON}, by: Test}}
""",
    "zuidpunt": f"""\
region: {{name: Zuidpunt}}
contacts:
  zorgcoordinator:
    - label: tot 23 jaar
      organisation: Jeugdnetwerk Zuidpunt (fictief)
      phones: [088-0000000, {{number: 0800-0002, label: "'s nachts"}}]
      website: https://zuidpunt.example.org/jeugd
      address: Kade 2, 9999 ZZ Zuidpunt
      hours: ma–vr 8.30–17.00
      verified: {{on: {VERIFIED_ON}, by: Test}}
    - label: 23 jaar en ouder
      organisation: Zorgnetwerk Zuidpunt (fictief)
      name: R. Voorbeeld
      phone: 0800-0003
      email: hulp@zuidpunt.example.org
      verified: {{on: {VERIFIED_ON}, by: Test}}
note: "Zuidpunt: bij twijfel altijd overleggen."
""",
}

os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: stable bytes in every test
_CACHE_ROOT = tempfile.mkdtemp(prefix="kaartgen-test-cache-")
os.environ["KAARTGEN_CACHE_DIR"] = os.path.join(_CACHE_ROOT, "kaartgen")
os.environ["XDG_CACHE_HOME"] = _CACHE_ROOT


def _home_cache_files() -> set[str]:
    """Files under ~/.cache, except pip's (installing the test extras writes there, the tests do not)."""
    if not HOME_CACHE.is_dir():
        return set()
    return {str(p) for p in HOME_CACHE.rglob("*") if p.is_file() and "pip" not in p.relative_to(HOME_CACHE).parts[:1]}


_HOME_CACHE_BEFORE = _home_cache_files()


def _repository_records() -> dict[str, bytes]:
    """The repository's edition logs: tests build from it, but must never add a print run to them."""
    folder = REPO / "editions"
    return {p.name: p.read_bytes() for p in folder.glob("*")} if folder.is_dir() else {}


_RECORDS_BEFORE = _repository_records()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_CACHE_ROOT, ignore_errors=True)
    added = sorted(_home_cache_files() - _HOME_CACHE_BEFORE)
    if added:
        print(f"\nthe test run wrote into {HOME_CACHE}: {added[:5]}{' …' if len(added) > 5 else ''}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if _repository_records() != _RECORDS_BEFORE:
        print(f"\nthe test run changed the repository's edition log ({REPO / 'editions'})")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the repository's workspace (content, layouts, fonts) plus the fictional region 'testland'."""
    root = tmp_path / "ws"
    for folder in ("content", "layouts", "fonts"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "kaartgen.yaml", root / "kaartgen.yaml")
    (root / "content" / "regions" / "testland.yaml").write_text(TESTLAND, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def reference_build(tmp_path_factory) -> dict[str, Path]:
    """The reference edition (signalenkaart, nl, ijsselland, print, every layout), built once per test run."""
    from kaartgen import Options, build

    out = tmp_path_factory.mktemp("reference")
    report = build(REPO, out_dir=out, options=Options(record=False))  # the repository's edition log stays as it is
    assert report.ok, [r.message for r in report.results]
    return {r.name.layout: r.path for r in report.results}


def plan_of(workspace: Path, layout: str, region: str = "ijsselland", lang: str = "nl", edition: str = "print",
            inputs=None, **options):
    """The plan the chain makes for one edition (drafts allowed), or the failure's diagnostics as an error."""
    from kaartgen import EditionName, KaartgenError, Options, Stage, run_edition
    from kaartgen.pipeline.inputs import Inputs

    inputs = inputs or Inputs(workspace)
    options.setdefault("draft", True)
    options.setdefault("allow_unverified", True)
    result, _entry = run_edition(inputs, EditionName("signalenkaart", layout, region, lang, edition),
                                 Options(**options), until=Stage.PLAN, keep_plan=True)
    if result.plan is None:
        raise KaartgenError(result.diagnostics)
    return result.plan


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def launched_chromium() -> Iterator:
    """Debian's Chromium driven by Playwright (never a downloaded browser), closed afterwards. The callers skip
    (or, in CI, fail) first when it is missing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()
