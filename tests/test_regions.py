from pathlib import Path

import pytest

from kaartgen import DataError, UsageError
from kaartgen.load.regions import load_region, new_region

from conftest import REPO


def test_reference_region_merges_national_and_regional_values():
    region = load_region(REPO, "ijsselland")
    values = {k: v.text for k, v in region.values.items()}
    assert values["zorgcoordinator.phone"] == "06-11414026"
    assert values["zorgcoordinator.email"] == "mensenhandel@vtij.nl"
    assert values["zorgcoordinator.organisation"] == "Veilig Thuis IJsselland"
    assert values["veilig_thuis.phone"] == "0800-2000"
    assert values["politie.phone"] == "0900-8844"
    assert values["politie.unit"] == "AVIM"
    assert values["fier.chat_url"] == "fier.nl/chat"
    assert region.values["zorgcoordinator.phone"].link == "tel:+31611414026"
    assert region.values["fier.chat_url"].link == "https://fier.nl/chat"
    assert str(region.values["zorgcoordinator.phone"].source) == "content/regions/ijsselland.yaml:9"


@pytest.mark.parametrize("written, printed", [
    ("0800-0000", "0800-0000"), ("0800 0000", "0800-0000"), ("+31 800 0000", "0800-0000"),
    ("038 1234567", "038-1234567"), ("06 1234 5678", "06-12345678"), ("0612345678", "06-12345678"),
])
def test_phone_numbers_are_printed_the_dutch_way(workspace: Path, written: str, printed: str):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace("0800-0000", f'"{written}"'))
    assert load_region(workspace, "testland").values["zorgcoordinator.phone"].text == printed


def test_unquoted_number_with_leading_zero_keeps_it(workspace: Path):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace("0800-0000", "0381234567"))
    assert load_region(workspace, "testland").values["zorgcoordinator.phone"].text == "038-1234567"


@pytest.mark.parametrize("replace, expected", [
    (("0800-0000", "0800-00"),
     "content/regions/testland.yaml:6: error: zorgcoordinator.phone: '0800-00' is not a valid Dutch phone number"),
    (("0800-0000", "+44 20 7946 0000"), "zorgcoordinator.phone: '+44 20 7946 0000' is not a Dutch phone number"),
    (("test@testland.example.nl", "test@testland"), "zorgcoordinator.email: 'test@testland' is not a valid e-mail"),
    (("Zorgpunt Testland", '""'), "content/regions/testland.yaml:4: error: zorgcoordinator.organisation: empty value"),
    (("  phone: 0800-0000", "  phoen: 0800-0000"),
     "content/regions/testland.yaml:6: error: zorgcoordinator.phoen: unknown key (did you mean 'phone'? valid keys: "
     "email, organisation, phone)"),
])
def test_bad_region_values_are_located(workspace: Path, replace, expected):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace(*replace))
    with pytest.raises(DataError) as info:
        load_region(workspace, "testland")
    assert expected in str(info.value)


def test_every_problem_is_reported_at_once(workspace: Path):
    path = workspace / "content/regions/testland.yaml"
    path.write_text(path.read_text().replace("0800-0000", "12").replace("test@testland.example.nl", "nope"))
    with pytest.raises(DataError) as info:
        load_region(workspace, "testland")
    assert len(info.value.diagnostics) == 2


@pytest.mark.parametrize("name", ["../etc", "Test", "a b", "x/y", "", "-x"])
def test_region_names_that_could_escape_a_path_are_refused(workspace: Path, name: str):
    with pytest.raises(UsageError, match="not a valid region name"):
        load_region(workspace, name)


def test_new_region_template_fails_until_filled_in(workspace: Path):
    path = new_region(workspace, "nieuwland")
    assert path.read_text().count("TODO") >= 4
    with pytest.raises(DataError) as info:
        load_region(workspace, "nieuwland")
    assert "still the template's TODO" in str(info.value)
    with pytest.raises(DataError, match="exists already"):
        new_region(workspace, "nieuwland")
