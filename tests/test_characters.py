"""Characters a reader cannot see (load/characters.py): which are refused, which belong, how messages show them.
The fixtures in tests/fixtures/bad (region-bidi-override, region-zero-width-in-phone, translation-bidi-in-number)
check the messages of whole builds."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kaartgen.load.characters import hidden_characters, hidden_problem, visible
from kaartgen.load.yamlfile import parse_yaml
from kaartgen.model.diagnostics import DataError


@pytest.mark.parametrize("text", [
    "Zorgpunt \u202eTestland",  # right-to-left override
    "0800\u200b-0000",  # zero-width space
    "06\u2060-12345678",  # word joiner
    "Test\u2066land\u2069",  # isolates
    "a\u200fb",  # right-to-left mark
    "\u061cx",  # Arabic letter mark
    "Test\u2028land",  # line separator
    "\ue000",  # private use: prints as a box
    "x\u200dy",  # a joiner between Latin letters belongs to no script here
    "\u200c\u0645",  # a joiner at the start joins nothing
    "Test\x7fland",  # DEL
])
def test_refused(text: str) -> None:
    assert hidden_characters(text)
    assert hidden_problem(text) is not None


@pytest.mark.parametrize("text", [
    "Zorgpunt Testland", "Zorg\u00adco\u00f6rdinator",  # the soft hyphen is a hyphenation hint
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian می‌خواهم: the ZWNJ belongs
    "\u0915\u094d\u200d\u0937",  # Devanagari half form with ZWJ
    "\U0001f469\u200d\U0001f4bb",  # an emoji sequence
    "tab\there\nnext line", "Сигнална карта", "Karta sygnałów",
])
def test_allowed(text: str) -> None:
    assert hidden_characters(text) == []
    assert hidden_problem(text) is None


def test_a_message_shows_the_character_and_names_it() -> None:
    message = hidden_problem("0800\u200b-0000")
    assert str(message) == ("'0800⟨U+200B⟩-0000' contains a character no reader can see: U+200B ZERO WIDTH SPACE; "
                            "it can hide or reorder what is printed")


def test_a_long_text_is_shown_around_the_first_hidden_character() -> None:
    shown = visible("a" * 500 + "\u202e" + "b" * 500, limit=20)
    assert shown == "…" + "a" * 10 + "⟨U+202E⟩" + "b" * 9 + "…"


def test_the_yaml_reader_refuses_it_in_every_string_with_its_line() -> None:
    raw = "region:\n  name: Testland\nlist:\n  - fine\n  - \"x\u200by\"\n".encode()
    with pytest.raises(DataError) as refused:
        parse_yaml(raw, "content/regions/testland.yaml")
    [found] = refused.value.diagnostics
    assert (found.file, found.line, found.key) == ("content/regions/testland.yaml", 5, "list.1")
    assert "⟨U+200B⟩" in str(found.message)


@given(st.text(max_size=200))
def test_what_a_message_shows_is_all_visible(text: str) -> None:
    shown = visible(text, limit=400)
    assert hidden_characters(shown) == []
    assert shown.count("⟨U+") - text.count("⟨U+") == len(hidden_characters(text))
