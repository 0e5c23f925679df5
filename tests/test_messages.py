"""The Dutch of kaartgen's own messages: every marked text has a translation, with the same placeholders, and none
is stale.

Two catalogues, both in ``src/kaartgen/locale/nl/``:
- ``diagnostics.po``: the loaders' and release rules' messages, marked with ``model.messages.T`` in the source;
- ``studio.po``: the studio's page texts, marked with ``_t``/``N_`` in Python and ``gettext``/``_`` in templates
  (``babel.cfg``).
The messages are found the way ``pybabel extract`` finds them (ARCHITECTURE.md, "translate the studio"), so a
text that this test sees is a text a translator sees.
"""

from __future__ import annotations

import ast
import pickle
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from kaartgen.load.catalogue import say
from kaartgen.model.messages import Message, T

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "kaartgen"
LOCALE = SRC / "locale" / "nl"
DIAGNOSTIC_STAGES = ("load", "layout", "pipeline", "model", "backends", "tools", "studio")


def _ids(found) -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _context in found:
        ids.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return ids


def marked_diagnostics() -> set[str]:
    ids: set[str] = set()
    for stage in DIAGNOSTIC_STAGES:
        ids |= _ids(extract_from_dir(SRC / stage, method_map=[("**.py", "python")], keywords={"T": None}))
    return ids


def marked_page_texts() -> set[str]:
    keywords = dict(DEFAULT_KEYWORDS, _t=None, N_=None)
    return _ids(extract_from_dir(SRC / "studio", method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
                                 options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
                                 keywords=keywords))


def translations(name: str) -> dict[str, str]:
    with (LOCALE / name).open("rb") as file:
        catalog = read_po(file, locale="nl")
    found = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, msgstr in zip(ids, strings, strict=False):
            found[msgid] = "" if message.fuzzy else msgstr
    return found


def placeholders(text: str) -> set[str]:
    braces = {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}
    percents = set(re.findall(r"%\((\w+)\)[sd]|%[sd]", text))
    return braces | percents


@pytest.mark.parametrize(("catalogue", "marked"), [("diagnostics.po", marked_diagnostics),
                                                   ("studio.po", marked_page_texts)])
def test_every_marked_text_has_a_dutch_translation_with_the_same_placeholders(catalogue, marked):
    ids = marked()
    assert len(ids) > 100  # the extraction found the marked texts (a broken keyword list finds none)
    dutch = translations(catalogue)
    missing = sorted(i for i in ids if not dutch.get(i))
    assert not missing, f"no Dutch in {catalogue} (or still fuzzy) for: {missing}"
    wrong = sorted(i for i in ids if placeholders(i) != placeholders(dutch[i]))
    assert not wrong, f"the Dutch of these has other placeholders than the English: {wrong}"


@pytest.mark.parametrize(("catalogue", "marked"), [("diagnostics.po", marked_diagnostics),
                                                   ("studio.po", marked_page_texts)])
def test_no_stale_translations(catalogue, marked):
    stale = sorted(set(translations(catalogue)) - marked())
    assert not stale, f"{catalogue} translates texts the source no longer has (run pybabel update): {stale}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is installed by .ci/run")
@pytest.mark.parametrize("catalogue", ["diagnostics.po", "studio.po"])
def test_catalogues_pass_msgfmt_check(catalogue):
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(LOCALE / catalogue)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_template_given_to_T_is_a_literal():
    """An extractor sees only literal templates: T(f"…") or T(variable) would stay English without a word."""
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "T":
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)) or len(node.args) != 1:
                    bad.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not bad, f"T() needs one literal template and keyword values: {bad}"


def test_a_message_is_its_english_text_and_survives_pickling():
    message = T("'{text}' is not a Dutch phone number", text="+32 2 000 00 00")
    assert message == "'+32 2 000 00 00' is not a Dutch phone number"
    back = pickle.loads(pickle.dumps(message))  # noqa: S301 - diagnostics travel to worker processes
    assert isinstance(back, Message) and back == message
    assert back.template == message.template and back.values == {"text": "+32 2 000 00 00"}


def test_say_translates_a_message_and_the_messages_inside_it():
    inner = T("{count} months ago", count=14)
    outer = T("{who}: last verified {age} ({date}, by {by}); the workspace asks for a check every {months} months",
              who="zorgcoördinator mensenhandel", age=inner, date="2025-09-01", by="A. Tester", months=12)
    assert say(outer, "nl") == ("zorgcoördinator mensenhandel: laatst gecontroleerd 14 maanden geleden (2025-09-01, "
                                "door A. Tester); de werkmap vraagt om een controle elke 12 maanden")
    assert say(outer, "en") == str(outer)
    assert say("plain text", "nl") == "plain text"  # not a Message: as it is
    assert say(T("a template no catalogue has"), "nl") == "a template no catalogue has"
