"""Weblate's size check (``max-size``, ``font-family``, ``font-size``) against the layouts and the build.

A text that fits the template's box — measured in the face and size the flags name, as Weblate's Pango rendering
does — builds in every layout; one word more than the box holds is refused by the build at the PO line.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from kaartgen import check
from kaartgen.load.layouts import list_layouts
from kaartgen.model.edition import Options
from kaartgen.pipeline.inputs import Inputs
from kaartgen.tools import i18n
from kaartgen.tools.sizecheck import QUARTER_POINTS

DOC = "signalenkaart"


def _flags(message) -> dict[str, list[str]]:
    found = {}
    for flag in message.flags:
        name, _, value = flag.partition(":")
        found[name] = value.split(":") if value else []
    return found


def _template(workspace: Path) -> dict[str, object]:
    with (workspace / "content" / DOC / f"{DOC}.pot").open("rb") as handle:
        return {m.context: m for m in read_po(handle) if m.id}


def _box_lines(measure, face: str, size: float, width: float, words: list[str]) -> int:
    """Lines the words take, wrapped greedily at spaces, as Pango's word wrap does."""
    lines, line = 1, ""
    for word in words:
        attempt = f"{line} {word}" if line else word
        if measure.width(attempt, face, size) <= width or not line:
            line = attempt
        else:
            lines, line = lines + 1, word
    return lines


def test_every_max_lines_style_gets_its_box_from_the_narrowest_layout(workspace: Path):
    """The flags say the fewest lines any layout allows, the narrowest line in ems of the style's size, and the
    face of that layout; headings and titles have them, body text (which reflows and is fitted) never."""
    i18n.extract(workspace, DOC)
    template = _template(workspace)
    inputs = Inputs(workspace)
    source = inputs.source(DOC)
    expected: dict[str, list[tuple[float, str, int, str, float]]] = {}
    for name in list_layouts(workspace):
        spec = inputs.checked_layout(DOC, name)
        for flow in spec.flows:
            width = min(spec.panels[p].safe.w for p in flow.panels)
            for entry in flow.entries:
                if entry.kind == "block" and spec.styles[source.blocks[entry.key].style].max_lines:
                    style = spec.styles[source.blocks[entry.key].style]
                    expected.setdefault(entry.key, []).append(((width - style.indent) / style.size, name,
                                                               style.max_lines, spec.fonts[style.face].stem,
                                                               style.size))  # equal widths: the first layout
    assert {"cover_title", "signals_heading", "helps_heading"} <= set(expected)
    for key, message in template.items():
        flags = _flags(message)
        if key not in expected or "read-only" in flags:
            assert "max-size" not in flags, key
            continue
        ems, _layout, _lines, face, size = min(expected[key])
        width, box_lines = (int(v) for v in flags["max-size"])
        font_size = int(flags["font-size"][0])
        assert box_lines == min(lines for _, _, lines, _, _ in expected[key])
        assert flags["font-family"] == [face]
        assert font_size == round(size * QUARTER_POINTS)
        capitals = source.blocks[key].style in ("heading", "cover_note")
        if capitals:  # narrowed for the capitals the card prints, never widened
            assert width < ems * font_size
        else:
            assert ems * font_size - 1 < width <= ems * font_size
        assert any(c.startswith("Size: at most") for c in message.auto_comments)


def test_weblate_renders_placeholders_as_the_reference_regions_values(workspace: Path):
    i18n.extract(workspace, DOC)
    flags = _flags(_template(workspace)["cover_region"])
    assert flags["replacements"] == ['"{region.name}"', '"IJsselland"']


def _set_msgstr(po: Path, key: str, text: str) -> None:
    content = po.read_text(encoding="utf-8")
    pattern = re.compile(rf'(msgctxt "{re.escape(key)}"\nmsgid (?:"[^\n]*"\n)+)msgstr (?:"[^\n]*"\n)+')
    assert pattern.search(content), key
    po.write_text(pattern.sub(lambda m: m.group(1) + f'msgstr "{text}"\n', content, count=1), encoding="utf-8")


def test_a_text_that_fits_the_box_builds_and_one_word_more_is_refused_at_its_line(workspace: Path):
    """The subtitle keeps its size (fixed), so the box is exact: as many words as fill its lines build in every
    layout; one more word is a line more in the narrowest layout, and the build refuses it by name."""
    i18n.extract(workspace, DOC)
    message = _template(workspace)["cover_subtitle"]
    flags = _flags(message)
    width, lines = (int(v) / QUARTER_POINTS if i == 0 else int(v) for i, v in enumerate(flags["max-size"]))
    size = int(flags["font-size"][0]) / QUARTER_POINTS
    inputs = Inputs(workspace)
    measure = inputs.measure("gatefold-a4")
    words: list[str] = []
    while _box_lines(measure, "bold", size, width, [*words, "uitbuiting"]) <= lines:
        words.append("uitbuiting" if len(words) % 2 else "zorg")
    po = workspace / "content" / DOC / "locales" / "en.po"

    _set_msgstr(po, "cover_subtitle", " ".join(words))
    report = check(workspace, langs=["en"], regions=["testland"], options=Options(draft=True))
    assert [d for r in report.results for d in r.diagnostics if d.code == "lines"] == []

    _set_msgstr(po, "cover_subtitle", " ".join([*words, "uitbuiting"]))
    report = check(workspace, langs=["en"], regions=["testland"], options=Options(draft=True))
    refused = [d for r in report.results for d in r.diagnostics if d.code == "lines"]
    assert refused, [str(d) for r in report.results for d in r.diagnostics]
    assert all(d.file.endswith("en.po") and d.key == "cover_subtitle" and d.line for d in refused)
    assert f"at most {lines}" in str(refused[0])

    status = i18n.status(workspace, DOC, ["en"])[0]
    assert "cover_subtitle" in status.failing_keys
    assert "cover_subtitle" in status.to_json()["keys"]["failing"]


WEBLATE_FLAG = re.compile(r'^[a-z-]+(:("([^"\\]|\\.)*"|[^:,"\s]+))*$')  # name, then :value or :"quoted value"
KNOWN = {"python-brace-format", "read-only", "md-text", "max-size", "font-family", "font-size", "replacements"}


def test_every_flag_is_written_as_weblate_parses_it(workspace: Path):
    i18n.extract(workspace, DOC)
    for key, message in _template(workspace).items():
        for flag in message.flags:
            assert WEBLATE_FLAG.match(flag), (key, flag)
            assert flag.split(":")[0] in KNOWN, (key, flag)
