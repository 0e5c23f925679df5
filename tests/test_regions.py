"""Region files: contacts as real regions have them, national values locked, wordings per language, verification,
and every problem located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kaartgen import DataError, UsageError
from kaartgen.load.regions import load_region, new_region, region_warnings

from conftest import REPO, VERIFIED_ON


def write(workspace: Path, name: str, text: str) -> Path:
    path = workspace / "content" / "regions" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(workspace: Path, name: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load_region(workspace, name)
    return [str(d) for d in info.value.diagnostics]


def test_reference_region_merges_national_and_regional_values():
    region = load_region(REPO, "ijsselland")
    values = {k: v.text for k, v in region.values.items()}
    assert values["region.name"] == "IJsselland"
    assert values["veilig_thuis.phone"] == "0800-2000"
    assert values["politie.phone"] == "0900-8844"
    assert values["politie.unit"] == "AVIM"
    assert values["fier.chat_url"] == "fier.nl/chat"
    assert region.values["fier.chat_url"].link == "https://fier.nl/chat"
    [contact] = region.contacts["zorgcoordinator"]
    assert contact.organisation.text == "Veilig Thuis IJsselland" and contact.email.text == "mensenhandel@vtij.nl"
    [phone] = contact.phones
    assert (phone.number.text, phone.number.link) == ("06-11414026", "tel:+31611414026")
    assert str(phone.number.source) == "content/regions/ijsselland.yaml:11"
    assert contact.verified is None  # as printed on the original card: nobody has confirmed it yet


def test_the_example_region_has_two_coordinators_split_by_age_and_a_note_in_two_languages():
    region = load_region(REPO, "voorbeeld")
    young, older = region.contacts["zorgcoordinator"]
    assert (young.label.get("nl"), young.label.get("en")) == ("tot 23 jaar", "under 23")
    assert [(p.number.text, p.label.dutch) for p in young.phones] == [("0800-0000", "dag en nacht"),
                                                                      ("088-0000000", "kantoor")]
    assert young.website.text == "voorbeeldland.example/jeugd" and young.address is not None
    assert young.hours.get("en") == "Monday to Friday 9.00–17.00"
    assert older.person.text == "Sam de Voorbeeld" and older.phones[0].label is None
    assert region.note.for_lang("en") == ("In immediate danger: always call 112.", True)
    assert region.note.for_lang("pl") == ("Bij direct gevaar: bel altijd 112.", False)
    assert region.values["veilig_thuis.name"].text == "Veilig Thuis Voorbeeldland"  # allowed by _national.yaml


@pytest.mark.parametrize("written, printed", [
    ("0800-0000", "0800-0000"), ("0800 0000", "0800-0000"), ("+31 800 0000", "0800-0000"),
    ("038 1234567", "038-1234567"), ("06 1234 5678", "06-12345678"), ("0612345678", "06-12345678"),
])
def test_phone_numbers_are_printed_the_dutch_way(workspace: Path, written: str, printed: str):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace("0800-0000", f'"{written}"'))
    assert load_region(workspace, "testland").contacts["zorgcoordinator"][0].phones[0].number.text == printed


def test_unquoted_number_with_leading_zero_keeps_it(workspace: Path):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace("0800-0000", "0381234567"))
    assert load_region(workspace, "testland").contacts["zorgcoordinator"][0].phones[0].number.text == "038-1234567"


@pytest.mark.parametrize("replace, expected", [
    (("0800-0000", "0800-00"), "content/regions/testland.yaml:7: error: contacts.zorgcoordinator.0.phone: "
                               "'0800-00' is not a valid Dutch phone number"),
    (("0800-0000", "+44 20 7946 0000"), "contacts.zorgcoordinator.0.phone: '+44 20 7946 0000' is not a Dutch phone "
                                        "number"),
    (("test@testland.example.nl", "test@testland"), "contacts.zorgcoordinator.0.email: 'test@testland' is not a "
                                                    "valid e-mail"),
    (("Zorgpunt Testland", '""'), "content/regions/testland.yaml:5: error: contacts.zorgcoordinator.0.organisation: "
                                  "empty value"),
    (("      phone: 0800-0000", "      phoen: 0800-0000"),
     "content/regions/testland.yaml:7: error: contacts.zorgcoordinator.0.phoen: unknown key (did you mean 'phone'? "
     "valid keys: address, email, hours, label, name, organisation, phone, phones, verified, website)"),
    (("by: Test Verifier", "by: TODO"), "contacts.zorgcoordinator.0.verified.by: who checked it is missing"),
])
def test_bad_region_values_are_located(workspace: Path, replace, expected):
    path = workspace / "content/regions/testland.yaml"
    text = path.read_text()
    assert replace[0] in text
    path.write_text(text.replace(*replace))
    found = problems_of(workspace, "testland")
    assert any(expected in line for line in found), found


def test_every_problem_is_reported_at_once(workspace: Path):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace("0800-0000", "12").replace("test@testland.example.nl", "nope"))
    assert len(problems_of(workspace, "testland")) == 2


def test_a_locked_national_value_set_by_a_region_is_refused_naming_it(workspace: Path):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text() + "veilig_thuis:\n  name: Veilig Thuis Testland\n  phone: 0800-1234\n"
                    "fier:\n  weekdays: {opens: '9.00', closes: '17.00'}\n")
    found = problems_of(workspace, "testland")
    assert found == [
        "content/regions/testland.yaml:11: error: veilig_thuis.phone: this is a national value, locked for regions "
        "(remove it from testland.yaml: every region prints the national value; a region may set only: "
        "veilig_thuis.name (regions_may_set in _national.yaml))",
        "content/regions/testland.yaml:13: error: fier.weekdays.opens: this is a national value, locked for regions "
        "(remove it from testland.yaml: every region prints the national value; a region may set only: "
        "veilig_thuis.name (regions_may_set in _national.yaml))",
        "content/regions/testland.yaml:13: error: fier.weekdays.closes: this is a national value, locked for "
        "regions (remove it from testland.yaml: every region prints the national value; a region may set only: "
        "veilig_thuis.name (regions_may_set in _national.yaml))",
    ]


def test_two_contacts_need_labels_and_every_contact_a_phone(workspace: Path):
    write(workspace, "tweeland", f"""\
region: {{name: Tweeland}}
contacts:
  zorgcoordinator:
    - organisation: Eerste (fictief)
      phone: 0800-0000
      verified: {{on: {VERIFIED_ON}, by: T}}
    - organisation: Tweede (fictief)
      email: b@tweeland.example
""")
    found = problems_of(workspace, "tweeland")
    assert "content/regions/tweeland.yaml:7: error: contacts.zorgcoordinator.1: no phone number (add 'phone: " \
           "0800-…', or 'phones:' with one or more numbers)" in found
    write(workspace, "tweeland", f"""\
region: {{name: Tweeland}}
contacts:
  zorgcoordinator:
    - organisation: Eerste (fictief)
      phone: 0800-0000
    - label: 23+
      organisation: Tweede (fictief)
      phone: 0800-0001
      verified: {{on: {VERIFIED_ON}, by: T}}
""")
    assert problems_of(workspace, "tweeland") == [
        "content/regions/tweeland.yaml:4: error: contacts.zorgcoordinator.0: this zorgcoordinator has no label, but "
        "the region has 2 (give each a label that tells readers which to call, e.g. label: tot 23 jaar)"]


def test_a_region_without_a_zorgcoordinator_is_told_to_add_one(workspace: Path):
    write(workspace, "leeg", "region: {name: Leegland}\n")
    assert problems_of(workspace, "leeg") == [
        "content/regions/leeg.yaml:1: error: contacts: no zorgcoördinator mensenhandel (zorgcoordinator): every card "
        "names at least one (add under contacts: a 'zorgcoordinator:' list with its organisation and phone number)"]


@pytest.mark.parametrize("verified, message", [
    ("{on: 20-11-2026, by: A}", "contacts.zorgcoordinator.0.verified.on: '20-11-2026' is not a date (write it as "
                                "year-month-day, e.g. 2026-11-20)"),
    ("{on: 2999-01-01, by: A}", "contacts.zorgcoordinator.0.verified.on: 2999-01-01 is in the future"),
    ("{by: A}", "contacts.zorgcoordinator.0.verified.on: missing required key"),
])
def test_a_bad_verification_is_located(workspace: Path, verified: str, message: str):
    path = workspace / "content/regions/testland.yaml"
    text = path.read_text()
    path.write_text(text.replace(f"{{on: {VERIFIED_ON}, by: Test Verifier}}", verified))
    assert any(message in line for line in problems_of(workspace, "testland"))


def test_a_wording_needs_its_dutch_text_and_proper_language_codes(workspace: Path):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text() + "note:\n  en: Call 112.\n  English: Call 112.\n")
    found = problems_of(workspace, "testland")
    assert "content/regions/testland.yaml:11: error: note.English: 'English' is not a language code (use codes " \
           "such as nl, en, pl)" in found
    assert "content/regions/testland.yaml:9: error: note: no Dutch (nl) text (every text needs its Dutch wording: " \
           "add 'nl: …')" in found


def test_a_kaartgen_0_1_region_file_still_loads_as_one_contact(workspace: Path):
    write(workspace, "oud", "region:\n  name: Oudland\nzorgcoordinator:\n  organisation: Zorgpunt Oudland\n"
                            "  email: oud@oudland.example\n  phone: 0800-0000\n")
    region = load_region(workspace, "oud")
    [contact] = region.contacts["zorgcoordinator"]
    assert contact.organisation.text == "Zorgpunt Oudland" and contact.phones[0].number.text == "0800-0000"
    assert contact.verified is None
    [warning] = region_warnings(region)
    assert str(warning).startswith("content/regions/oud.yaml:3: warning: zorgcoordinator: a region file of "
                                   "kaartgen 0.1")
    assert "kaartgen regions migrate oud" in str(warning)


OLD_FILE = """\
# Oudland: made with kaartgen 0.1.
region:
  name: Oudland

zorgcoordinator:            # de zorgcoördinator
  organisation: "Zorgpunt Oudland: jeugd"   # quoted: it has a colon
  # the number was checked by phone
  email: oud@oudland.example
  phone: 0800 0000

# National values this region may change:
veilig_thuis:
  name: Veilig Thuis Oudland
"""


@pytest.mark.parametrize("text", [OLD_FILE, OLD_FILE.replace(
    """zorgcoordinator:            # de zorgcoördinator
  organisation: "Zorgpunt Oudland: jeugd"   # quoted: it has a colon
  # the number was checked by phone
  email: oud@oudland.example
  phone: 0800 0000
""", """zorgcoordinator: {organisation: "Zorgpunt Oudland: jeugd", email: oud@oudland.example, phone: 0800 0000}
""")], ids=["block", "flow"])
def test_migrate_rewrites_a_0_1_file_keeping_every_value_and_every_other_line(workspace: Path, text: str):
    from click.testing import CliRunner

    from kaartgen.cli import main

    path = write(workspace, "oud", text)
    before = [(v.key, v.text) for v in load_region(workspace, "oud").printed()]
    result = CliRunner().invoke(main, ["regions", "migrate", "oud", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "rewrote content/regions/oud.yaml" in result.output
    migrated = path.read_text()
    region = load_region(workspace, "oud")
    assert not region.legacy and [(v.key, v.text) for v in region.printed()] == before
    assert region_warnings(region) == []
    assert migrated.startswith("# Oudland: made with kaartgen 0.1.\nregion:\n  name: Oudland\n\ncontacts:\n")
    assert migrated.endswith("\n# National values this region may change:\nveilig_thuis:\n  name: Veilig Thuis "
                             "Oudland\n")
    assert "# verified: {on: YYYY-MM-DD, by: NAME}" in migrated
    if "# the number was checked by phone" in text:
        assert "    - organisation: \"Zorgpunt Oudland: jeugd\"   # quoted: it has a colon\n" in migrated
        assert "      # the number was checked by phone\n" in migrated
    again = CliRunner().invoke(main, ["regions", "migrate", "oud", "-w", str(workspace)])
    assert again.exit_code == 0 and "nothing to do" in again.output and path.read_text() == migrated


def test_migrate_leaves_a_file_with_errors_as_it_is_and_names_them(workspace: Path):
    from click.testing import CliRunner

    from kaartgen.cli import main

    path = write(workspace, "oud", OLD_FILE.replace("0800 0000", "0800-12"))
    text = path.read_text()
    result = CliRunner().invoke(main, ["regions", "migrate", "oud", "-w", str(workspace)])
    assert result.exit_code == 1 and "content/regions/oud.yaml:9: error: zorgcoordinator.phone" in result.output
    assert path.read_text() == text


def test_a_region_name_that_repeats_regio_is_a_warning(workspace: Path):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace("name: Testland", "name: Regio Testland"))
    [warning] = region_warnings(load_region(workspace, "testland"))
    assert str(warning) == ("content/regions/testland.yaml:2: warning: region.name: 'Regio Testland' starts with "
                            "'Regio', and the card prints 'Regio Regio Testland' (write only the name: 'Testland')")


@pytest.mark.parametrize("name", ["../etc", "Test", "a b", "x/y", "", "-x"])
def test_region_names_that_could_escape_a_path_are_refused(workspace: Path, name: str):
    with pytest.raises(UsageError, match="not a valid region name"):
        load_region(workspace, name)


def test_new_region_template_fails_until_filled_in(workspace: Path):
    path = new_region(workspace, "nieuwland")
    assert path.read_text().count("TODO") >= 5
    found = problems_of(workspace, "nieuwland")
    assert any("region.name: still the template's TODO" in line for line in found)
    assert any("verified.on: 'TODO' is not a date" in line for line in found)
    with pytest.raises(DataError, match="exists already"):
        new_region(workspace, "nieuwland")
    filled = path.read_text().replace("name: TODO", "name: Nieuwland").replace(
        "organisation: TODO", "organisation: Zorgpunt Nieuwland").replace("phone: TODO", "phone: 0800-0000").replace(
        "email: TODO", "email: a@nieuwland.example").replace("{on: TODO, by: TODO}",
                                                             f"{{on: {dt.date.today().isoformat()}, by: Ik}}")
    path.write_text(filled)
    assert load_region(workspace, "nieuwland").contacts["zorgcoordinator"][0].verified.by == "Ik"


def test_a_sentence_naming_several_contacts_puts_each_label_first_and_never_nests_parentheses():
    from kaartgen.layout.texts import resolve
    from kaartgen.load.source import load_source

    source = load_source(REPO, "signalenkaart")
    texts = resolve(source, load_region(REPO, "voorbeeld"))
    [step4] = [t.plain for t in texts.blocks["steps"].texts if "weging" in t.plain]
    assert "(tot 23\u00a0jaar: 0800-0000 of 088-0000000; 23\u00a0jaar en ouder: 0800-0001)" in step4  # (a number
    # and its word on one line: a no-break space)
    assert "((" not in step4 and "))" not in step4
    english = resolve(source, load_region(REPO, "voorbeeld"), lang="en")
    joined = [s.text for t in english.blocks["steps"].texts for s in t.spans]
    assert " or " in joined and "under 23: " in joined  # the language's own 'or' and the label's translation
    one = resolve(source, load_region(REPO, "ijsselland"))
    assert "(06-11414026)" in next(t.plain for t in one.blocks["steps"].texts if "weging" in t.plain)


@pytest.mark.parametrize("variant", ["bom", "quoted-key", "crlf", "last-key-no-newline"])
def test_migrate_handles_what_editors_write(workspace: Path, variant: str):
    from kaartgen.tools.migrate_region import migrate_region

    text = {"bom": "\ufeff" + OLD_FILE.split("\n", 1)[1],
            "quoted-key": OLD_FILE.replace("zorgcoordinator:    ", '"zorgcoordinator":'),
            "crlf": OLD_FILE.replace("\n", "\r\n"),
            "last-key-no-newline": "region: {name: Oudland}\nzorgcoordinator:\n  organisation: Zorgpunt\n"
                                   "  email: oud@oudland.example\n  phone: 0800-0000"}[variant]
    path = workspace / "content/regions/oud.yaml"
    path.write_bytes(text.encode("utf-8"))
    before = [(v.key, v.text) for v in load_region(workspace, "oud").printed()]
    assert migrate_region(workspace, "oud") == path
    region = load_region(workspace, "oud")
    assert not region.legacy and [(v.key, v.text) for v in region.printed()] == before
    written = path.read_bytes()
    if variant == "crlf":
        assert written.count(b"\n") == written.count(b"\r\n")  # no mixed line endings
