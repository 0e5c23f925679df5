"""Phone numbers outside phone fields (load/numbers.py): what counts as a number to call, what is left alone.
The fixtures in tests/fixtures/bad (region-phone-in-note, translation-phone-in-text, content-phone-in-text) check
the messages of whole builds; here the finder itself and the region values it guards."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from kaartgen.load.inline import check_syntax
from kaartgen.load.numbers import stray_phone_numbers
from kaartgen.load.regions import load_region
from kaartgen.model.diagnostics import DataError


@pytest.mark.parametrize(("text", "found"), [
    ("Bel 0800-0000 (gratis)", ["0800-0000"]),
    ("bel {veilig_thuis.phone} of 0800-0000", ["0800-0000"]),
    ("tel 0800 - 0000", ["0800 - 0000"]),
    ("Call +31 800 0000", ["+31 800 0000"]),
    ("0800 0000", ["0800 0000"]),
    ("\u0627\u062a\u0635\u0644 \u0660\u0668\u0660\u0660\u0660\u0660\u0660\u0660", ["٠٨٠٠٠٠٠٠"]),  # Arabic-Indic digits
])
def test_numbers_to_call_are_found(text: str, found: list[str]) -> None:
    assert stray_phone_numbers(text) == found


@pytest.mark.parametrize("text", [
    "ma–vr 9.00–17.00 uur",
    "ma-vr 09.00-17.00, za 10.00 - 12.00",  # 0900 17 00 would be a valid 0900 number
    "09.00-12.00/13.00-17.00",
    "01-02-2026", "2026-12-03", "Uitgave december 2026",  # dates
    "Postbus 10101, 0000 AA Testdorp",  # a postcode and a PO box
    "KvK 12345678", "art. 273f Sr", "tot 23 jaar", "24/7",
    "bel 112",  # short national numbers are the same on every card
    "{veilig_thuis.phone}{politie.phone}",  # placeholders never glue into one number
    "",
])
def test_other_numbers_are_left_alone(text: str) -> None:
    assert stray_phone_numbers(text) == []


def test_content_and_translation_texts_are_refused_with_the_placeholder_to_use() -> None:
    (message,) = check_syntax("Bel 0800-0000 voor advies")
    assert message.startswith("'0800-0000' is a phone number written into the text")
    assert "{veilig_thuis.phone}" in message


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_the_finder_never_fails(text: str) -> None:
    for found in stray_phone_numbers(text):
        assert found in text


def test_a_long_text_is_searched_in_its_first_part_only() -> None:
    from kaartgen.load.numbers import MAX_SEARCHED_CHARS

    text = "bel 0800-0000 " * 5000  # 70 000 characters
    assert len(stray_phone_numbers(text)) == MAX_SEARCHED_CHARS // len("bel 0800-0000 ")


@pytest.mark.parametrize(("key", "line"), [
    ('    - organisation: "Zorgpunt 0800-0000"\n', "organisation"),
    ('    - organisation: Zorgpunt Testland\n      hours: "ma-vr, of bel 0800-0000"\n', "hours"),
])
def test_region_texts_are_refused_at_their_line(workspace, key: str, line: str) -> None:
    path = workspace / "content" / "regions" / "testland.yaml"
    path.write_text("region:\n  name: Testland\ncontacts:\n  zorgcoordinator:\n" + key
                    + "      phone: 0800-0000\n      email: test@testland.example.nl\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_region(workspace, "testland")
    (problem,) = [d for d in caught.value.diagnostics if "phone number written" in d.message]
    assert problem.key.endswith(line)
    assert problem.file.endswith("testland.yaml")


def test_opening_hours_with_times_are_kept(workspace) -> None:
    path = workspace / "content" / "regions" / "testland.yaml"
    path.write_text("region:\n  name: Testland\ncontacts:\n  zorgcoordinator:\n"
                    "    - organisation: Zorgpunt Testland\n      hours: ma-vr 09.00-17.00\n"
                    "      phone: 0800-0000\n      email: test@testland.example.nl\n", encoding="utf-8")
    region = load_region(workspace, "testland")
    assert region.contacts["zorgcoordinator"][0].hours.dutch == "ma-vr 09.00-17.00"
