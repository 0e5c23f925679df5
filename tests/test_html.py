"""The HTML edition (issue 17): one self-contained, semantic web page per document, region and language.

- structure read back with the standard library's HTML parser: `lang`, a title, one `<h1>` in the header, `<h2>`
  sections in the reading order with `<h3>` only inside them, lists, the contact cards, `tel:` and `mailto:` links
  for every number and address of the region, no script, nothing loaded from elsewhere;
- the same texts as the cards, every character of them escaped (markup in a content file stays text);
- axe-core (from npm, `tests/browser`, installed by .ci/run) in Debian's Chromium driven by Playwright finds no
  violation of the WCAG 2.0/2.1 A and AA rules, in Dutch and in English, with one and with two zorgcoördinatoren;
- same input, same bytes; `--edition all` makes one page per region and language beside the PDFs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kaartgen import Options, build

from conftest import CHROMIUM, REPO, launched_chromium

AXE = REPO / "tests/browser/node_modules/axe-core/axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Outline(HTMLParser):
    """Tags in order (with their attributes), the text, and where each text is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.headings: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "link", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "style" in self.stack or "title" in self.stack:
            return
        self.text.append(data)
        heading = next((t for t in reversed(self.stack) if re.fullmatch(r"h[1-6]", t)), None)
        if heading:
            self.headings.append((heading, data))


def _outline(path: Path) -> Outline:
    outline = Outline()
    outline.feed(path.read_text(encoding="utf-8"))
    return outline


def _page(workspace: Path, out: Path, region: str = "ijsselland", lang: str = "nl", draft: bool = False) -> Path:
    report = build(workspace, regions=[region], langs=[lang], editions=["html"], out_dir=out,
                   options=Options(record=False, allow_unverified=True, draft=draft))
    assert report.ok, [r.message for r in report.results]
    [result] = report.results
    assert result.path is not None and result.path.suffix == ".html"
    return result.path


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    return _page(REPO, tmp_path_factory.mktemp("html"))


def test_the_page_is_semantic_and_self_contained(reference: Path):
    outline = _outline(reference)
    tags = [tag for tag, _attrs in outline.tags]
    assert outline.tags[0] == ("html", {"lang": "nl", "dir": "ltr"})
    assert tags.count("h1") == 1 and tags.index("h1") < tags.index("main") < tags.index("footer")
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert [h for h, _ in outline.headings][:2] == ["h1", "h2"]
    seen_h2 = False
    for heading, _text in outline.headings:
        seen_h2 |= heading == "h2"
        assert heading != "h3" or seen_h2  # subheadings only within a section
    h2 = [text for heading, text in outline.headings if heading == "h2"]
    assert h2[:3] == ["Seksuele uitbuiting en (gedwongen) prostitutie", "Mogelijke signalen van prostitutie als "
                      "eigen keuze", "Wat wel en niet werkt in het gesprek over (gedwongen) prostitutie"]
    assert tags.count("ol") == 1 and tags.count("section") == len(h2)
    for _tag, attrs in outline.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith(("tel:", "mailto:", "https:", "data:image/png;base64,")), value
    links = {attrs["href"] for tag, attrs in outline.tags if tag == "a"}
    assert {"tel:+31611414026", "tel:+318002000", "tel:+319008844", "mailto:mensenhandel@vtij.nl",
            "https://fier.nl/chat"} <= links
    assert len(reference.read_bytes()) < 50_000  # small enough to e-mail


def test_the_page_says_what_the_card_says(reference: Path):
    from kaartgen.layout.texts import resolve
    from kaartgen.pipeline.inputs import Inputs

    inputs = Inputs(REPO)
    date = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=dt.UTC)
    texts = resolve(inputs.source("signalenkaart"), inputs.region("ijsselland"), date=date)
    shown = " ".join("".join(_outline(reference).text).split())
    from kaartgen.layout.webpage import NOT_ON_THE_WEB

    card = inputs.layout("gatefold-a4")  # the layout the reference page takes (the first): a card's whole text
    placed = {entry.key for flow in card.flows for entry in flow.entries if entry.kind == "block"}
    for block in texts.blocks.values():
        if block.style in NOT_ON_THE_WEB:
            continue
        for text in block.texts:
            if block.key in placed:
                assert " ".join(text.plain.split()) in shown, text.key
            else:  # the posters' own wordings stay on the posters (the page has one list of steps: test above)
                assert block.key.startswith("poster_"), text.key
    for card in texts.cards["zorgcoordinator"]:
        for part in card.parts:
            for text in part.texts:
                assert " ".join(text.plain.split()) in shown, card.key


def test_markup_in_a_text_stays_text(workspace: Path, tmp_path: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    evil = '<script>alert(1)</script> <a href="javascript:x">x</a> & "quotes"'
    nl.write_text(nl.read_text(encoding="utf-8").replace("text: Signalenkaart voor professionals",
                                                         f"text: '{evil}'", 1), encoding="utf-8")
    page = _page(workspace, tmp_path, region="testland")
    raw = page.read_text(encoding="utf-8")
    outline = _outline(page)
    assert "script" not in [tag for tag, _attrs in outline.tags]
    assert not [attrs for _tag, attrs in outline.tags if (attrs.get("href") or "").startswith("javascript")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href=\"javascript:x\"&gt;x&lt;/a&gt; &amp; \"quotes\"" in raw
    assert evil in "".join(outline.text)


def test_same_input_same_bytes_and_one_page_per_region_and_language(tmp_path: Path):
    first = build(REPO, editions=["all"], layouts=["zfold-a4", "poster-a3"], out_dir=tmp_path / "a",
                  options=Options(record=False))
    second = build(REPO, editions=["all"], layouts=["zfold-a4", "poster-a3"], out_dir=tmp_path / "b",
                   options=Options(record=False))
    assert first.ok and second.ok
    pages = [r for r in first.results if r.name.is_html]
    assert len(pages) == 1 and len(first.results) == 2 * 2 + 1  # two layouts × print and screen, one page
    assert pages[0].path.name == "signalenkaart_ijsselland_nl.html"
    again = next(r for r in second.results if r.name.is_html)
    assert pages[0].path.read_bytes() == again.path.read_bytes()
    manifest = json.loads((tmp_path / "a/manifest.json").read_text())["editions"]
    assert manifest["signalenkaart/ijsselland/nl/signalenkaart_ijsselland_nl.html"]["edition"] == "html"


# --------------------------------------------------------------------------- axe-core in a real browser


def _tools_or_skip() -> None:
    missing = [what for what, path in (("chromium", Path(CHROMIUM)), ("axe-core", AXE)) if not path.exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: .ci/run installs chromium (apt-get) and axe-core (npm ci)")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install chromium; npm ci --prefix tests/browser)")


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, driven by Playwright (one for the module's tests)."""
    _tools_or_skip()
    with launched_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def axe_page(chromium):
    page = chromium.new_page()

    def violations(path: Path, width: int = 1280) -> list[dict]:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path.as_uri())
        # WCAG 1.4.10 (reflow), which axe cannot see: no sideways scrolling, even 320 px wide
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"scrolls at {width} px"
        page.add_script_tag(path=str(AXE))
        return page.evaluate("""async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""", WCAG_A_AA)

    yield violations
    page.close()


@pytest.mark.parametrize("region,lang", [("ijsselland", "nl"), ("ijsselland", "en"), ("ijsselland", "bg"),
                                         ("voorbeeld", "nl")])
def test_axe_core_finds_no_wcag_violation(axe_page, tmp_path: Path, region: str, lang: str):
    page = _page(REPO, tmp_path, region=region, lang=lang, draft=lang != "nl")
    assert axe_page(page) == []
    assert axe_page(page, width=320) == []  # a phone's screen


def test_axe_core_does_find_a_violation_when_there_is_one(axe_page, tmp_path: Path, reference: Path):
    """The check can fail: the same page with its language attribute removed and a pale heading colour."""
    broken = tmp_path / "broken.html"
    broken.write_text(reference.read_text(encoding="utf-8").replace('<html lang="nl" dir="ltr">', "<html>")
                      .replace("h2{color:", "h2{color:#dddddd;x:"), encoding="utf-8")
    found = {v["id"] for v in axe_page(broken)}
    assert {"html-has-lang", "color-contrast"} <= found


def test_the_reflow_check_does_fail_on_a_page_that_scrolls_sideways(axe_page, tmp_path: Path, reference: Path):
    wide = tmp_path / "wide.html"
    wide.write_text(reference.read_text(encoding="utf-8").replace(
        "<main>", '<main><p style="white-space:nowrap">' + "breed " * 80 + "</p>"), encoding="utf-8")
    with pytest.raises(AssertionError, match="scrolls at 320 px"):
        axe_page(wide, width=320)


def test_the_page_shows_the_print_colours_within_delta_e_3(chromium, reference: Path):
    """The header's background, sampled from Chromium's screenshot, against the layout's plum through FOGRA39."""
    import io

    from PIL import Image

    from kaartgen.backends.colour import cmyk_to_rgb
    from kaartgen.pipeline.inputs import Inputs
    from test_contrast import _delta_e

    page = chromium.new_page(viewport={"width": 800, "height": 600})
    try:
        page.goto(reference.as_uri())
        shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    finally:
        page.close()
    plum = cmyk_to_rgb(Inputs(REPO).layout("zfold-a4").colours["plum"])  # (every shipped layout's plum is this)
    seen = tuple(v / 255 for v in shot.getpixel((5, 5)))
    assert _delta_e(seen, plum) < 3, shot.getpixel((5, 5))


def test_the_regions_logos_are_on_the_page_with_their_alt_text(axe_page, workspace: Path, tmp_path: Path):
    from test_images import give_testland_a_logo

    give_testland_a_logo(workspace)
    page = _page(workspace, tmp_path, region="testland")
    images = [attrs for tag, attrs in _outline(page).tags if tag == "img"]
    assert len(images) == 1 and images[0]["alt"] == "Zorgpunt Testland"
    raw = page.read_text(encoding="utf-8")
    assert raw.index("<footer>") < raw.index("<img") < raw.index("</footer>")  # not in the last section
    assert images[0]["src"].startswith("data:image/png;base64,")  # in the file: nothing is loaded from elsewhere
    assert (images[0]["width"], images[0]["height"]) == ("140", "56")  # 1200 × 480 px at 56 px high
    assert len(page.read_bytes()) < 200_000
    assert axe_page(page) == []


def test_a_draft_page_says_so_and_marks_its_dutch_fallback(workspace: Path, tmp_path: Path):
    from test_tagged import _without_an_english_text

    _without_an_english_text(workspace)
    page = _page(workspace, tmp_path, region="testland", lang="en", draft=True)
    raw = page.read_text(encoding="utf-8")
    assert raw.index('<p class="draft"') < raw.index("<header")  # a proof, never for publishing
    fallback = [attrs for tag, attrs in _outline(page).tags if tag == "p" and attrs.get("lang") == "nl"
                and attrs.get("class") != "draft"]
    assert len(fallback) == 1
    assert '<p lang="nl" dir="ltr"><em>[NL]</em> Dit maakt signaleren' in raw
