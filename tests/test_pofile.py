"""PO files written the way gettext writes them (tools/pofile.py), so translation tools leave them as they are.

- every committed PO and POT file is what ``msgcat`` writes (as Poedit and msgmerge save it), line for line —
  but for the Weblate flags (``read-only``, ``md-text``), which gettext's tools drop and ``i18n update`` restores;
- a file re-wrapped by another tool (``msgcat --no-wrap``, a narrow ``msgcat -w 50``) comes back byte for byte
  from ``kaartgen i18n update``;
- on generated strings (words, punctuation, escapes, digits, dashes, CJK, embedded newlines, previous and obsolete
  entries) the wrapping is msgcat's, line for line.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from kaartgen.tools.i18n import update
from kaartgen.tools.pofile import PAGE_WIDTH, gettext_wrapped, wrap_string

REPO = Path(__file__).resolve().parents[1]
COMMITTED = sorted([*REPO.glob("content/*/locales/*.po"), *REPO.glob("content/*/*.pot")])
MSGCAT = shutil.which("msgcat")
needs_msgcat = pytest.mark.skipif(MSGCAT is None and not os.environ.get("CI"),
                                  reason="gettext's msgcat is not installed (.ci/run installs it)")


def _msgcat(path: Path, *options: str) -> str:
    assert MSGCAT is not None, "gettext's msgcat is needed: apt-get install gettext"
    return subprocess.run([MSGCAT, *options, str(path), "-o", "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def test_short_strings_stay_on_their_keyword_line():
    assert wrap_string("", "msgid", "Bel 112") == ['msgid "Bel 112"']
    assert wrap_string("#~ ", "msgstr", "oud") == ['#~ msgstr "oud"']


def test_an_embedded_newline_starts_the_string_on_the_next_line():
    assert wrap_string("", "msgstr", "een\\ntwee") == ['msgstr ""', '"een\\n"', '"twee"']


def test_long_strings_break_after_a_space_and_never_inside_an_escape():
    text = "woord " * 12 + '\\"citaat\\" ' + "woord " * 12
    lines = wrap_string("", "msgid", text.strip())
    assert lines[0] == 'msgid ""'
    assert all(len(line) <= PAGE_WIDTH for line in lines)
    assert all(line.endswith(' "') or line == lines[-1] for line in lines[1:])
    assert "".join(line[1:-1] for line in lines[1:]) == text.strip()


WEBLATE_FLAGS = ("read-only", "md-text", "max-size", "font-family", "font-size", "replacements")
"""Flags gettext's tools do not know and drop; i18n update adds them back."""


def _without_weblate_flags(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if line.startswith("#, "):
            flags = [flag for flag in line[3:].split(", ") if flag.split(":")[0] not in WEBLATE_FLAGS]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        lines.append(line)
    return "\n".join(lines)


@needs_msgcat
@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_po_files_are_what_msgcat_writes(path: Path):
    """Line for line, but for the Weblate flags, which msgcat does not know and leaves out."""
    text = path.read_text(encoding="utf-8")
    assert any(flag in text for flag in WEBLATE_FLAGS)
    assert _msgcat(path) == _without_weblate_flags(text)


@needs_msgcat
def test_a_file_rewrapped_by_another_tool_comes_back_unchanged_from_i18n_update(workspace: Path):
    locales = workspace / "content/signalenkaart/locales"
    before = {path.name: path.read_bytes() for path in locales.glob("*.po")}
    assert before
    for number, path in enumerate(sorted(locales.glob("*.po"))):  # (msgcat also drops the Weblate flags)
        path.write_text(_msgcat(path, "--no-wrap" if number % 2 else "--width=50"), encoding="utf-8")
        assert path.read_bytes() != before[path.name]
    update(workspace, "signalenkaart")
    assert {path.name: path.read_bytes() for path in locales.glob("*.po")} == before


WORDS = ["Signalen", "van", "mensenhandel", "zijn", "belangrijk", "Noord-Holland", "e-mail", "24/7", "0800-2000",
         "(tot", "23", "jaar)", "{region.name}", "{fier.weekend.closes}", "**vet**", "*cursief*", "\\\"citaat\\\"",
         "groźby", "sprawcy", "заплахи", "семейството", "—", "–", "…", "1.5", "9.00–17.00", "„aan”", "’s", "%",
         "中文字", "日本語", "a/b", "x)", "(y", "[a]", "?", "!", ":", ";", ",", ".", "·", "\\\\", "\\t", "\\n"]


def _strings(seed: int, count: int) -> list[str]:
    chooser = random.Random(seed)
    strings = []
    for _ in range(count):
        parts = []
        for _ in range(chooser.randint(1, 40)):
            parts.append(chooser.choice(WORDS))
            parts.append(" " if chooser.random() < 0.8 else "")
        strings.append("".join(parts).strip())
    return strings


@needs_msgcat
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_strings_are_wrapped_line_for_line_as_msgcat_wraps_them(tmp_path: Path, seed: int):
    strings = _strings(seed, 300)
    entries = [f'msgctxt "k{i}"\nmsgid "{a}"\nmsgstr "{b}"\n' for i, (a, b) in
               enumerate(zip(strings[:150], strings[150:], strict=True))]
    entries += [f'#, fuzzy\n#| msgid "{a}"\nmsgctxt "f{i}"\nmsgid "{b}"\nmsgstr "{a}"\n' for i, (a, b) in
                enumerate(zip(strings[:60], strings[60:120], strict=True))]
    entries += [f'#~ msgctxt "o{i}"\n#~ msgid "{a}"\n#~ msgstr "{a}"\n' for i, a in enumerate(strings[200:260])]
    text = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + "\n".join(entries)
    path = tmp_path / "generated.po"
    path.write_text(text, encoding="utf-8")
    ours, theirs = gettext_wrapped(text).split("\n\n"), _msgcat(path).rstrip("\n").split("\n\n")
    assert len(ours) == len(theirs)
    for mine, msgcat in zip(ours, theirs, strict=True):
        assert mine.rstrip("\n") == msgcat, f"\n--- kaartgen\n{mine}\n--- msgcat\n{msgcat}"


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_translate_toolkit_reads_the_files_and_keeps_the_flags(path: Path, tmp_path: Path):
    """Weblate reads PO files through translate-toolkit: its pofilter runs its checks on each file without an
    error, and its PO reader sees the Weblate flags of the entries."""
    pofilter = shutil.which("pofilter")
    assert pofilter is not None, "translate-toolkit is a test dependency (pip install -e '.[test]')"
    out = tmp_path / "checked.po"
    result = subprocess.run([pofilter, "--progress=none", "-i", str(path), "-o", str(out)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr and "Traceback" not in result.stderr
    from translate.storage import factory

    flags = {unit.getid(): set(unit.typecomments[0][3:].strip().split(", ")) if unit.typecomments else set()
             for unit in factory.getobject(str(path)).units if unit.source}
    assert any("read-only" in f for f in flags.values()) and any("md-text" in f for f in flags.values())
    assert any(flag.startswith("max-size:") for f in flags.values() for flag in f)
