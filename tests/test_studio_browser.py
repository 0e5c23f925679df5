"""The studio in a real browser: Playwright for Python driving Debian's chromium (installed by .ci/run; no browser
is downloaded). The walk a communication officer takes — start page, region, a wrong number answered in Dutch
without a reload, the correction and the new preview, saving, signing off, downloading the print PDF — and the
screenshots of every page that the README shows.

    KAARTGEN_STUDIO_SCREENSHOTS=docs/studio python -m pytest tests/test_studio_browser.py

writes the README's screenshots; without it they go to a temporary folder (taken all the same).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.serving import make_server

from kaartgen.studio import create_app
from kaartgen.studio.accounts import Accounts
from test_studio import COMMENTED, pdf_text

from conftest import CHROMIUM, launched_chromium

PHONE = "#f-contacts-zorgcoordinator-0-phones-0-number"
PHONE_PROBLEM = "#f-p-contacts-zorgcoordinator-0-phones-0-number"


def _browser_or_skip() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it with apt-get")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
def shots(tmp_path: Path):
    """The screenshots' folder; when it is the README's, the pictures are made small afterwards (128 colours,
    no dithering: text stays sharp at a third of the size)."""
    asked = os.environ.get("KAARTGEN_STUDIO_SCREENSHOTS")
    folder = Path(asked or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    if asked:
        for picture in folder.glob("*.png"):
            with Image.open(picture) as image:
                small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT,
                                                      dither=Image.Dither.NONE)
            small.save(picture, optimize=True)


class Server:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def browser() -> Iterator:
    _browser_or_skip()
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def studio_ws(workspace: Path) -> Path:
    (workspace / "content/regions/testland.yaml").write_text(COMMENTED, encoding="utf-8")
    return workspace


def test_a_regional_edition_made_in_the_browser(browser, studio_ws, shots, tmp_path):
    with Server(create_app(studio_ws)) as server:
        context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True, locale="nl-NL")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

        page.goto(server.url + "/")
        assert page.title().startswith("Regio’s")
        page.screenshot(path=shots / "start.png", full_page=True)
        page.click("text=Testland")
        page.wait_for_url("**/regio/testland")
        page.wait_for_selector("#preview img")

        page.evaluate("window.kaartgenNoReload = 'still here'")
        page.fill(PHONE, "0800-12")
        problem = page.locator(PHONE_PROBLEM)
        problem.get_by_text("geen geldig Nederlands telefoonnummer").wait_for()  # in Dutch, beside its field
        assert "Probleem" in problem.inner_text() and "0800-12" in problem.inner_text()
        assert page.evaluate("window.kaartgenNoReload") == "still here"  # answered without a page reload
        page.locator(PHONE).evaluate("field => field.scrollIntoView({block: 'center'})")
        page.wait_for_function("window.scrollY > 0")  # the screenshot shows the field and its problem
        page.screenshot(path=shots / "region-problem.png")

        before = page.get_attribute("#preview img", "src")
        page.fill(PHONE, "0800-0001")
        page.wait_for_function("""([selector, old]) => {
            const img = document.querySelector(selector);
            return img && img.getAttribute('src') !== old;
        }""", arg=["#preview img", before])
        assert problem.inner_text().strip() == ""
        assert page.evaluate("window.kaartgenNoReload") == "still here"
        page.screenshot(path=shots / "region.png")

        page.click("button.primary")  # save: a normal form post
        page.wait_for_selector(".notice")
        assert "Opgeslagen" in page.inner_text("p.notice[role=status]")
        text = (studio_ws / "content/regions/testland.yaml").read_text(encoding="utf-8")
        assert "phone: 0800-0001       # the number to call" in text
        assert "# Testland: a FICTIONAL region for the studio's tests. Keep this comment." in text

        page.click("text=Proef en downloads")
        page.wait_for_selector(".proof img")
        page.fill("#s-by", "T. Tester")
        page.check("#s-confirm")
        page.click("text=Aftekenen (")
        page.wait_for_selector(".notice")
        assert "Afgetekend" in page.inner_text("p.notice[role=status]")
        page.screenshot(path=shots / "proof.png", full_page=True)

        with page.expect_download() as download:
            page.click("text=Drukbestand (PDF/X-4)")
        saved = tmp_path / "download.pdf"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "signalenkaart_zfold-a4_testland_nl_print.pdf"
        assert "0800-0001" in pdf_text(saved)

        page.goto(server.url + "/vertalingen")
        page.wait_for_selector("table.translations")
        page.screenshot(path=shots / "translations.png", full_page=True)
        assert not [e for e in errors if "favicon" not in e], errors
        context.close()


def test_the_shared_server_pages(browser, studio_ws, shots):
    accounts = Accounts(studio_ws / ".kaartgen-studio/accounts.sqlite")
    accounts.add_user("anna", "correct horse battery", ["testland"])
    accounts.add_user("bram", "staple battery horse", ["testland"])
    with Server(create_app(studio_ws, accounts=accounts, local=False)) as server:
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.goto(server.url + "/regio/testland")
        page.wait_for_url("**/inloggen**")
        page.screenshot(path=shots / "login.png")
        page.fill("#l-name", "anna")
        page.fill("#l-password", "correct horse battery")
        page.click("button.primary")
        page.wait_for_url("**/regio/testland")
        page.wait_for_selector("#preview img")
        page.fill("#f-contacts-zorgcoordinator-0-organisation", "Zorgpunt Testland Zuid")
        page.click("button.primary")
        page.wait_for_selector(".notice")
        assert "tweede persoon" in page.inner_text("p.notice[role=status]")
        page.click("form.inline button")  # log out
        page.fill("#l-name", "bram")
        page.fill("#l-password", "staple battery horse")
        page.click("button.primary")
        page.goto(server.url + "/goedkeuren")
        page.wait_for_selector(".proposal")
        assert "Zorgpunt Testland Zuid" in page.inner_text(".proposal")
        page.screenshot(path=shots / "approvals.png", full_page=True)
        page.click("button[value=approve]")
        page.wait_for_selector(".notice")
        assert "Goedgekeurd" in page.inner_text("p.notice[role=status]")
        assert "Zorgpunt Testland Zuid" in (studio_ws / "content/regions/testland.yaml").read_text(encoding="utf-8")
        context.close()
