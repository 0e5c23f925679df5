"""The inline syntax (`**bold**`, `*italic*`, `\\*`, `{placeholder}`, `{{ }}`): spans, and the exact messages for
every mistake, in the source and in a translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kaartgen.cli import main
from kaartgen.load.inline import check_syntax, parse_inline, placeholders_in
from kaartgen.model.region import Value


def test_spans_carry_bold_italic_and_placeholder_values():
    spans = parse_inline("Bel **{zorgcoordinator.phone}** of *lees* \\*dit\\* {{letterlijk}}",
                         {"zorgcoordinator.phone": Value("0800-0000", "phone", "tel:+318000000")})
    assert [(s.text, s.bold, s.italic, s.link, s.placeholder) for s in spans] == [
        ("Bel ", False, False, None, None),
        ("0800-0000", True, False, "tel:+318000000", "zorgcoordinator.phone"),
        (" of ", False, False, None, None),
        ("lees", False, True, None, None),
        (" *dit* {letterlijk}", False, False, None, None),
    ]
    assert placeholders_in("{a.b} {{c}} {d_e.f}") == ["a.b", "d_e.f"]


@pytest.mark.parametrize("text, message", [
    ("een { alleen", "lone '{' at column 5: write '{{' for a literal brace"),
    ("een } alleen", "lone '}' at column 5: write '}}' for a literal brace"),
    ("{Veilig Thuis}", "'{Veilig Thuis}' is not a placeholder name"),
    ("**vet", "unbalanced '**' (bold): close it, or write \\* for a literal asterisk"),
    ("*schuin", "unbalanced '*' (italic): close it, or write \\* for a literal asterisk"),
])
def test_each_mistake_has_its_message(text: str, message: str):
    assert check_syntax(text) == [message]


def test_a_correct_text_has_no_problems():
    assert check_syntax("**vet** en *schuin*, \\* en {{ }} en {region.name}") == []


def test_a_mistake_in_the_source_is_reported_at_its_line_and_key(workspace: Path):
    nl = workspace / "content/signalenkaart/nl.yaml"
    nl.write_text(nl.read_text(encoding="utf-8").replace("      sincere: Oprecht\n",
                                                         "      sincere: '**Oprecht'\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-w", str(workspace), "-l", "zfold-a4"])
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(nl.read_text(encoding="utf-8").splitlines(), 1) if "'**Oprecht'" in text)
    assert (f"content/signalenkaart/nl.yaml:{line}: error: helps.sincere: unbalanced '**' (bold): close it, or "
            "write \\* for a literal asterisk") in result.output


def test_a_mistake_in_a_translation_is_reported_at_its_po_line(workspace: Path):
    po = workspace / "content/signalenkaart/locales/en.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Sincerity"' in text
    po.write_text(text.replace('msgstr "Sincerity"', 'msgstr "*Sincerity"'), encoding="utf-8")
    rows = po.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(rows, 1) if row == 'msgstr "*Sincerity"')
    result = CliRunner().invoke(main, ["check", "-w", str(workspace), "-l", "zfold-a4", "--lang", "en", "--draft"])
    assert result.exit_code == 1
    msgid_line = line - 1  # Babel locates an entry at its msgid
    assert (f"content/signalenkaart/locales/en.po:{msgid_line}: error: helps.sincere: unbalanced '*' (italic): "
            "close it, or write \\* for a literal asterisk") in result.output
