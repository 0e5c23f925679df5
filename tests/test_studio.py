"""The studio over Flask's test client: pages, live checks in Dutch, saves that keep comments, downloads, and the
safety list — traversal, uploads, CSRF, stale forms, DNS rebinding, accounts and the four-eyes rule."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from werkzeug.test import EnvironBuilder

from kaartgen.cli import main
from kaartgen.studio import create_app
from kaartgen.studio.accounts import Accounts
from kaartgen.studio.files import MAX_UPLOAD_BYTES, OutsideWorkspace, inside

from conftest import VERIFIED_ON

# A fictional region, with comments the studio must keep.
COMMENTED = f"""\
# Testland: a FICTIONAL region for the studio's tests. Keep this comment.

region:
  name: Testland             # the name on the cover

contacts:
  zorgcoordinator:
    - organisation: Zorgpunt Testland   # where the zorgcoördinator works
      phone: 0800-0000       # the number to call
      email: test@testland.example.nl
      verified: {{on: {VERIFIED_ON}, by: Test Verifier}}
"""
FORM = "contacts.zorgcoordinator.0"


@pytest.fixture
def studio_ws(workspace: Path) -> Path:
    (workspace / "content/regions/testland.yaml").write_text(COMMENTED, encoding="utf-8")
    return workspace


@pytest.fixture
def client(studio_ws: Path):
    app = create_app(studio_ws)
    return app.test_client()


def token(client, url: str = "/regio/testland") -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def base_of(client, region: str = "testland") -> str:
    page = client.get(f"/regio/{region}").get_data(as_text=True)
    return re.search(r'name="base" value="([0-9a-f]{64})"', page).group(1)


def fields(client, region: str = "testland", **changes: str) -> dict[str, str]:
    """The region form as the browser would post it, with `changes` (dotted names, '.' written as '__')."""
    page = client.get(f"/regio/{region}").get_data(as_text=True)
    form = page[page.index('<form id="region-form"'):page.index("</form>", page.index('<form id="region-form"'))]
    data = {}
    for match in re.finditer(r'<(input|textarea)([^>]*)>', form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(2)))
        if "name" in attrs and attrs.get("type") != "file":
            data[attrs["name"]] = attrs.get("value", "")
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        data[match.group(1)] = match.group(2)
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]+)" selected', form, re.S):
        data[match.group(1)] = match.group(2)
    for key, value in changes.items():
        data[key.replace("__", ".")] = value
    return data


def pdf_text(path_or_bytes) -> str:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return "\n".join(page.extract_text() for page in PdfReader(source).pages)


# ---------------------------------------------------------------------------------------------- pages


def test_start_page_lists_regions_with_their_state(client):
    page = client.get("/").get_data(as_text=True)
    assert client.get("/").status_code == 200
    assert 'href="/regio/testland"' in page and "Testland" in page
    row = page[page.index('href="/regio/testland"'):]
    assert "compleet" in row[:400]  # verified a month ago: nothing to do
    ijssel = page[page.index('href="/regio/ijsselland"'):]
    assert "controle nodig" in ijssel[:400]  # never verified
    assert "zfold-a4" in page and "poster-a3" in page


def test_pages_speak_dutch_and_english_on_request(client):
    assert "Regionale uitgaven" in client.get("/").get_data(as_text=True)
    english = client.get("/?taal=en")
    assert "Regional editions" in english.get_data(as_text=True)
    assert "kaartgen_taal=en" in english.headers["Set-Cookie"]
    assert "Regional editions" in client.get("/").get_data(as_text=True)  # remembered


def test_region_page_shows_every_field_and_a_preview(client):
    page = client.get("/regio/voorbeeld").get_data(as_text=True)
    for name in ("region.name", "contacts.zorgcoordinator.0.label.nl", "contacts.zorgcoordinator.0.organisation",
                 "contacts.zorgcoordinator.0.phones.1.number", "contacts.zorgcoordinator.0.phones.1.label.en",
                 "contacts.zorgcoordinator.0.website", "contacts.zorgcoordinator.0.address",
                 "contacts.zorgcoordinator.0.hours.nl", "contacts.zorgcoordinator.1.name", "note.en",
                 "veilig_thuis.name", "logo_upload"):
        assert f'name="{name}"' in page, name
    assert 'value="088-0000000"' in page
    assert page.count('src="data:image/png;base64,') == 2  # both sides of the card
    assert "Lettergrootte" in page and "Ruimte over onder de contactgegevens" in page
    assert "kleinst 7,5 pt" in page  # Dutch decimals
    english = client.get("/regio/voorbeeld?taal=en").get_data(as_text=True)
    assert "smallest 7.5 pt" in english


def test_unknown_region_is_404_not_a_traceback(client):
    response = client.get("/regio/nergensland")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------- live checks


def test_live_check_puts_the_dutch_message_next_to_the_field(client):
    data = fields(client, **{f"{FORM}__phones__0__number": "0800-12"}, csrf_token=token(client))
    answer = client.post("/regio/testland/controle", data=data).get_data(as_text=True)
    slot = re.search(r'<div class="problems" id="f-p-contacts-zorgcoordinator-0-phones-0-number"[^>]*>(.*?)</div>',
                     answer, re.S).group(1)
    assert "0800-12" in slot and "geen geldig Nederlands telefoonnummer" in slot
    assert "not a valid" not in slot  # Dutch, not the command line's English
    assert "1 probleem in het formulier. Los het op" in answer  # counted, in the singular
    assert 'id="preview"' not in answer  # the last good preview stays


def test_live_check_of_a_good_change_refreshes_the_preview(client):
    data = fields(client, **{f"{FORM}__organisation": "Zorgpunt Testland Noord"}, csrf_token=token(client))
    answer = client.post("/regio/testland/controle", data=data).get_data(as_text=True)
    assert 'id="preview"' in answer and answer.count("data:image/png;base64,") == 2
    assert "Geen problemen" in answer
    assert not re.search(r'class="error"', answer)


# ---------------------------------------------------------------------------------------------- saving


def test_save_writes_the_region_file_with_its_comments(client, studio_ws):
    data = fields(client, **{f"{FORM}__phones__0__number": "0800-0001"}, csrf_token=token(client))
    response = client.post("/regio/testland/opslaan", data=data)
    assert response.status_code == 302
    text = (studio_ws / "content/regions/testland.yaml").read_text(encoding="utf-8")
    assert "phone: 0800-0001       # the number to call" in text
    assert "# Testland: a FICTIONAL region for the studio's tests. Keep this comment." in text
    assert "name: Testland             # the name on the cover" in text
    assert "verified:" not in text  # a check of the old number does not vouch for the new one
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Opgeslagen" in follow and "teken ze opnieuw af" in follow


def test_save_of_an_invalid_form_is_refused_and_keeps_the_typing(client, studio_ws):
    before = (studio_ws / "content/regions/testland.yaml").read_bytes()
    data = fields(client, **{f"{FORM}__email": "geen-adres"}, csrf_token=token(client))
    response = client.post("/regio/testland/opslaan", data=data)
    assert response.status_code == 422
    assert 'value="geen-adres"' in response.get_data(as_text=True)
    assert (studio_ws / "content/regions/testland.yaml").read_bytes() == before


def test_a_stale_form_is_refused_and_nothing_is_lost(client, studio_ws):
    csrf = token(client)
    first = fields(client, **{f"{FORM}__organisation": "Eerste versie"}, csrf_token=csrf)
    second = fields(client, **{f"{FORM}__organisation": "Tweede versie"}, csrf_token=csrf)  # same base
    assert client.post("/regio/testland/opslaan", data=first).status_code == 302
    response = client.post("/regio/testland/opslaan", data=second)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'value="Tweede versie"' in page and "Iemand anders heeft deze regio opgeslagen" in page
    assert "Eerste versie" in (studio_ws / "content/regions/testland.yaml").read_text(encoding="utf-8")


def test_rows_are_added_and_removed_without_saving(client, studio_ws):
    before = (studio_ws / "content/regions/testland.yaml").read_bytes()
    data = fields(client, csrf_token=token(client), action=f"add:{FORM}.phones")
    page = client.post("/regio/testland/formulier", data=data).get_data(as_text=True)
    assert f'name="{FORM}.phones.1.number"' in page and f'name="{FORM}.phones.1.label.nl"' in page
    data = fields(client, csrf_token=token(client), action="add:contacts.zorgcoordinator")
    page = client.post("/regio/testland/formulier", data=data).get_data(as_text=True)
    assert 'name="contacts.zorgcoordinator.1.organisation"' in page
    assert (studio_ws / "content/regions/testland.yaml").read_bytes() == before


# ---------------------------------------------------------------------------------------------- safety


def test_every_form_needs_its_csrf_token(studio_ws):
    app = create_app(studio_ws)
    client = app.test_client()
    before = (studio_ws / "content/regions/testland.yaml").read_bytes()
    data = fields(client, **{f"{FORM}__phones__0__number": "0800-0001"})
    data.pop("csrf_token")
    for url in ("/regio/testland/opslaan", "/regio/testland/controle", "/regio/testland/formulier",
                "/regio/testland/aftekenen"):
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "Het formulier is verlopen" in response.get_data(as_text=True)
    response = client.post("/regio/testland/opslaan", data={**data, "csrf_token": "forged"})
    assert response.status_code == 400
    assert (studio_ws / "content/regions/testland.yaml").read_bytes() == before


def test_requests_for_another_host_name_are_refused(client):
    """DNS rebinding: a web page whose name points at 127.0.0.1 must not read or change the studio."""
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8150"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:8150"}).status_code == 200


@pytest.mark.parametrize("url", ["/regio/..%2F..%2Fkaartgen", "/regio/../kaartgen.yaml", "/regio/%2Fetc%2Fpasswd",
                                 "/regio/_national", "/regio/testland/download/print?layout=../../etc/passwd",
                                 "/static/../app.py", "/vertalingen/..%2F..%2Fx/concept"])
def test_traversal_attempts_never_reach_a_file(client, url):
    response = client.get(url)
    assert response.status_code in (302, 400, 404) or response.data[:4] == b"%PDF"
    assert b"root:" not in response.data and b"def create_app" not in response.data


def test_paths_stay_inside_the_workspace(tmp_path):
    root = tmp_path / "ws"
    (root / "logos").mkdir(parents=True)
    outside_file = tmp_path / "secret.txt"
    outside_file.write_text("secret")
    (root / "logos" / "escape.png").symlink_to(outside_file)
    assert inside(root, "logos/a.png") == (root / "logos/a.png").resolve()
    for bad in ("../secret.txt", "/etc/passwd", "logos/../../secret.txt", "logos/escape.png", "C:/x", "a\x00b",
                "..\\secret.txt", ""):
        with pytest.raises(OutsideWorkspace):
            inside(root, bad)


def _png(width: int = 1200, height: int = 400) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 30, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_logo_upload_is_checked_and_kept_inside_logos(client, studio_ws):
    data = fields(client, csrf_token=token(client), action="upload")
    data["logo_upload"] = (io.BytesIO(_png()), "../../Logo Testland.png")
    page = client.post("/regio/testland/formulier", data=data, content_type="multipart/form-data")
    text = page.get_data(as_text=True)
    assert 'name="logos.0.file" value="logos/testland-logo-testland.png"' in text
    assert (studio_ws / "logos/testland-logo-testland.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (studio_ws.parent / "Logo Testland.png").exists()


def test_a_disguised_upload_is_refused(client, studio_ws):
    data = fields(client, csrf_token=token(client), action="upload")
    data["logo_upload"] = (io.BytesIO(b"#!/bin/sh\nrm -rf /\n" * 10), "logo.png")
    text = client.post("/regio/testland/formulier", data=data, content_type="multipart/form-data") \
        .get_data(as_text=True)
    assert "geen PNG-, JPEG- of TIFF-afbeelding" in text
    assert not list(studio_ws.glob("logos/testland-*"))  # nothing was stored


def test_an_oversized_upload_is_refused_before_it_is_read(client, studio_ws):
    data = fields(client, csrf_token=token(client), action="upload")
    data["logo_upload"] = (io.BytesIO(b"\0" * (MAX_UPLOAD_BYTES + 2 * 1024 * 1024)), "huge.png")
    # the test client spools a body this large to a temporary file and leaves it open: build it here and close it
    builder = EnvironBuilder(path="/regio/testland/formulier", method="POST", data=data,
                             content_type="multipart/form-data")
    environ = builder.get_environ()
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


def test_form_text_never_becomes_markup_or_code(client, studio_ws):
    hostile = '<font name="x" color="red">&amp; <script>alert(1)</script> {{7*7}} %(x)s'
    data = fields(client, **{f"{FORM}__organisation": hostile}, csrf_token=token(client))
    answer = client.post("/regio/testland/controle", data=data).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in answer
    assert client.post("/regio/testland/opslaan", data=data).status_code == 302
    page = client.get("/regio/testland").get_data(as_text=True)
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    # the changed organisation lapsed the check, so no final print run: the screen edition builds
    response = client.get("/regio/testland/download/screen?layout=zfold-a4&card_lang=nl")
    assert response.status_code == 200 and response.data[:4] == b"%PDF"
    printed = " ".join(pdf_text(response.data).split())
    assert hostile in printed  # printed as the letters typed: no font change, no colour, no template, no format


# ---------------------------------------------------------------------------------------------- proof, downloads


def test_downloaded_print_pdf_has_the_saved_number(client, studio_ws):
    data = fields(client, **{f"{FORM}__phones__0__number": "0800-0001"}, csrf_token=token(client))
    client.post("/regio/testland/opslaan", data=data)
    # the check lapsed with the change: sign it off again before a final print run
    proof = client.get("/regio/testland/proef?layout=zfold-a4&card_lang=nl").get_data(as_text=True)
    base = re.search(r'name="base" value="([0-9a-f]{64})"', proof).group(1)
    assert "nog nooit nagevraagd" in proof
    signed = client.post("/regio/testland/aftekenen?layout=zfold-a4&card_lang=nl",
                         data={"csrf_token": token(client), "base": base, "by": "T. Tester", "confirm": "1"})
    assert signed.status_code == 302
    text = (studio_ws / "content/regions/testland.yaml").read_text(encoding="utf-8")
    assert re.search(r"verified: \{on: \d{4}-\d\d-\d\d, by: T\. Tester\}", text)
    response = client.get("/regio/testland/download/print?layout=zfold-a4&card_lang=nl")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "0800-0001" in pdf_text(response.data)


def test_the_proof_is_made_again_only_when_an_input_changed(client, studio_ws, monkeypatch):
    import kaartgen.studio.app as studio_app

    made = []
    real = studio_app.preview

    def counted(*args, **kwargs):
        made.append(kwargs["regions"])
        return real(*args, **kwargs)

    monkeypatch.setattr(studio_app, "preview", counted)
    url = "/regio/testland/proef?layout=zfold-a4&card_lang=nl"
    first = client.get(url).get_data(as_text=True)
    assert client.get(url).get_data(as_text=True) == first and len(made) == 1  # the same inputs: kept
    client.get("/regio/testland/proef?layout=gatefold-a4&card_lang=nl")
    assert len(made) == 2  # another layout is another proof
    region_file = studio_ws / "content/regions/testland.yaml"
    region_file.write_text(region_file.read_text(encoding="utf-8").replace("organisation: Zorgpunt Testland",
                                                                           "organisation: Zorgpunt Testland Oost"),
                           encoding="utf-8")  # (another size: the stamp does not hang on the clock's resolution)
    again = client.get(url).get_data(as_text=True)
    assert len(made) == 3 and again != first  # the region file changed: a new proof
    (studio_ws / "editions").mkdir(exist_ok=True)
    (studio_ws / "editions/testland.jsonl").write_text("", encoding="utf-8")
    client.get(url)
    assert len(made) == 4  # the edition log is part of the proof ("changed since the previous edition")


def test_sign_off_needs_a_name_and_the_tick(client, studio_ws):
    before = (studio_ws / "content/regions/testland.yaml").read_bytes()
    proof = client.get("/regio/testland/proef").get_data(as_text=True)
    base = re.search(r'name="base" value="([0-9a-f]{64})"', proof).group(1)
    response = client.post("/regio/testland/aftekenen", data={"csrf_token": token(client), "base": base,
                                                              "by": "T. Tester"})
    assert response.status_code == 302
    assert (studio_ws / "content/regions/testland.yaml").read_bytes() == before


def test_a_failed_download_names_the_problem_in_dutch_and_keeps_the_last_pdf(client, studio_ws):
    good = client.get("/regio/testland/download/print?layout=zfold-a4&card_lang=nl")
    assert good.status_code == 200
    path = studio_ws / "output/signalenkaart/testland/nl/signalenkaart_zfold-a4_testland_nl_print.pdf"
    kept = path.read_bytes()
    text = COMMENTED.replace(f"verified: {{on: {VERIFIED_ON}, by: Test Verifier}}", "")
    (studio_ws / "content/regions/testland.yaml").write_text(text, encoding="utf-8")
    bad = client.get("/regio/testland/download/print?layout=zfold-a4&card_lang=nl")
    assert bad.status_code == 422
    assert "nooit" in bad.get_data(as_text=True) or "never" in bad.get_data(as_text=True)
    assert path.read_bytes() == kept


def test_proof_page_shows_the_proof_and_the_changes(client, studio_ws):
    client.get("/regio/testland/download/print?layout=zfold-a4&card_lang=nl")  # a print run: the edition log
    data = fields(client, **{f"{FORM}__email": "nieuw@testland.example.nl"}, csrf_token=token(client))
    client.post("/regio/testland/opslaan", data=data)
    page = client.get("/regio/testland/proef?layout=zfold-a4&card_lang=nl").get_data(as_text=True)
    assert "data:image/png;base64," in page
    assert "test@testland.example.nl" in page and "<mark>nieuw@testland.example.nl</mark>" in page


def test_the_zip_for_the_print_shop(client, studio_ws):
    response = client.get("/regio/testland/download/drukker?layouts=zfold-a4&layouts=poster-a3&card_lang=nl"
                          "&quantity=2500")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert names[0] == "opdrachtbon.txt"
    assert "signalenkaart_zfold-a4_testland_nl_print.pdf" in names
    assert "signalenkaart_poster-a3_testland_nl_print.pdf" in names
    assert any(name.startswith("proef/") and name.endswith("-proof.pdf") for name in names)
    sheet = archive.read("opdrachtbon.txt").decode("utf-8")
    assert "Bijgesneden formaat (plano): 297 × 210 mm" in sheet
    assert "Gevouwen formaat: 99 × 210 mm" in sheet
    assert "Vouwlijnen, gemeten vanaf de linkerkant van de buitenzijde (pagina 1): 99 mm, 198 mm" in sheet
    assert "Afloop: 3 mm rondom" in sheet and "PDF/X-4" in sheet and "FOGRA39" in sheet
    assert "Oplage: 2500 exemplaren" in sheet
    for name in names:
        if name.endswith(".pdf") and not name.startswith("proef/"):
            digest = __import__("hashlib").sha256(archive.read(name)).hexdigest()
            assert digest in sheet
    dates = {info.date_time for info in archive.infolist()}
    assert len(dates) == 1 and next(iter(dates))[0] == 2026  # the build date (SOURCE_DATE_EPOCH), not today
    again = client.get("/regio/testland/download/drukker?layouts=zfold-a4&layouts=poster-a3&card_lang=nl"
                       "&quantity=2500")
    assert again.data == response.data


def test_translations_page(client):
    page = client.get("/vertalingen").get_data(as_text=True)
    assert "Vertalingen van signalenkaart" in page
    for lang in ("en", "pl", "bg"):
        assert f"<th scope=\"row\">{lang}</th>" in page
    assert "concept-PDF" in page
    sizes = re.findall(r"past op ([0-9.,]+) pt", page)
    assert sizes and not any("." in size for size in sizes)  # 14,25 pt in Dutch, never 14.25
    draft = client.get("/vertalingen/en/concept?layout=zfold-a4")
    assert draft.status_code == 200 and draft.data[:4] == b"%PDF"


# ---------------------------------------------------------------------------------------------- accounts


@pytest.fixture
def shared(studio_ws: Path):
    accounts = Accounts(studio_ws / ".kaartgen-studio/accounts.sqlite")
    accounts.add_user("anna", "correct horse battery", ["testland"])
    accounts.add_user("bram", "staple battery horse", ["testland"])
    accounts.add_user("cees", "horse staple correct", ["voorbeeld"])
    app = create_app(studio_ws, accounts=accounts, local=False)
    return app, accounts


def login(app, name: str, password: str):
    client = app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/inloggen", data={"name": name, "password": password, "csrf_token": csrf})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def test_accounts_need_a_login(shared):
    app, _accounts = shared
    client = app.test_client()
    assert client.get("/regio/testland").status_code == 302
    page = client.get("/inloggen").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    wrong = client.post("/inloggen", data={"name": "anna", "password": "wrong password!", "csrf_token": csrf})
    assert "Naam of wachtwoord klopt niet" in wrong.get_data(as_text=True)


def test_a_user_cannot_change_another_region(shared, studio_ws):
    app, _accounts = shared
    cees = login(app, "cees", "horse staple correct")
    data = fields(cees, **{f"{FORM}__phones__0__number": "0800-0001"}, csrf_token=token(cees))
    assert cees.post("/regio/testland/opslaan", data=data).status_code == 403
    assert cees.post("/regio/testland/formulier", data={**data, "action": "add:contacts.zorgcoordinator"}) \
        .status_code == 403
    assert "0800-0000" in (studio_ws / "content/regions/testland.yaml").read_text(encoding="utf-8")


def test_an_unapproved_change_stays_out_of_a_final_build(shared, studio_ws):
    from kaartgen import Options, build

    app, accounts = shared
    anna = login(app, "anna", "correct horse battery")
    data = fields(anna, **{f"{FORM}__organisation": "Zorgpunt Testland Zuid"}, csrf_token=token(anna))
    response = anna.post("/regio/testland/opslaan", data=data)
    assert response.status_code == 302
    assert "tweede persoon" in anna.get(response.headers["Location"]).get_data(as_text=True)
    [proposal] = accounts.pending("testland")

    def printed() -> str:
        report = build(studio_ws, layouts=["zfold-a4"], regions=["testland"], langs=["nl"], editions=["print"],
                       options=Options(record=False, allow_unverified=True))  # the change lapsed the check
        assert report.ok, [str(d) for r in report.results for d in r.errors]
        return pdf_text(report.results[0].path)

    assert "Zorgpunt Testland Zuid" not in printed()  # proposed, not approved: the file is unchanged
    own = {"decision": "approve", "csrf_token": token(anna, "/goedkeuren")}
    assert anna.post(f"/goedkeuren/{proposal.id}", data=own).status_code == 302
    assert accounts.pending("testland")  # the proposer cannot approve their own change
    assert "Zorgpunt Testland Zuid" not in printed()
    bram = login(app, "bram", "staple battery horse")
    bram.post(f"/goedkeuren/{proposal.id}", data={"decision": "approve", "csrf_token": token(bram, "/goedkeuren")})
    assert not accounts.pending("testland")
    text = (studio_ws / "content/regions/testland.yaml").read_text(encoding="utf-8")
    assert re.search(r"organisation: Zorgpunt Testland Zuid +# where the zorgcoördinator works\n", text)
    assert "Zorgpunt Testland Zuid" in printed()
    events = [(e.user, e.event) for e in accounts.audit_log("testland")]
    assert ("bram", "approved") in events and ("anna", "proposed") in events
    log = bram.get("/logboek").get_data(as_text=True)
    assert "Zorgpunt Testland → Zorgpunt Testland Zuid" in log.replace("&gt;", ">") or \
        "Zorgpunt Testland Zuid" in log


def test_guessing_passwords_locks_the_login_for_fifteen_minutes(shared):
    app, accounts = shared
    client = app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    for attempt in range(5):
        wrong = client.post("/inloggen", data={"name": "anna", "password": f"guess {attempt}", "csrf_token": csrf})
        assert wrong.status_code == 200 and "Naam of wachtwoord klopt niet" in wrong.get_data(as_text=True)
    locked = client.post("/inloggen", data={"name": "anna", "password": "correct horse battery", "csrf_token": csrf})
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "900"
    assert "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw." in locked.get_data(as_text=True)
    assert client.get("/regio/testland").status_code == 302  # not logged in
    events = [e.event for e in accounts.audit_log()]
    assert events[:2] == ["locked out", "login failed"] and events.count("login failed") == 5


PROXY_TO_STUDIO = "http://127.0.0.1:8150"


def test_behind_an_https_proxy_the_client_scheme_and_host_come_from_the_proxy(studio_ws):
    accounts = Accounts(studio_ws / ".kaartgen-studio/accounts.sqlite")
    accounts.add_user("anna", "correct horse battery", ["testland"])
    app = create_app(studio_ws, accounts=accounts, behind_https_proxy=True)
    client = app.test_client()
    forwarded = {"X-Forwarded-For": "198.51.100.4", "X-Forwarded-Proto": "https",
                 "X-Forwarded-Host": "kaart.example.org"}
    # the requests reach the studio as plain HTTP from the proxy on the same computer
    page = client.get("/inloggen", headers=forwarded, base_url=PROXY_TO_STUDIO).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/inloggen", headers={**forwarded, "Referer": "https://kaart.example.org/inloggen"},
                           data={"name": "anna", "password": "correct horse battery", "csrf_token": csrf},
                           base_url=PROXY_TO_STUDIO)
    assert response.status_code == 302, response.get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert accounts.audit_log()[0].note == "from 198.51.100.4"  # the client's address, not the proxy's
    # the studio knows (from the proxy only) that the browser used HTTPS, so Flask-WTF also checks that the form
    # came from the studio's own site
    fresh = app.test_client()
    page = fresh.get("/inloggen", headers=forwarded, base_url=PROXY_TO_STUDIO).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    other = fresh.post("/inloggen", headers={**forwarded, "Referer": "https://evil.example.net/"},
                       data={"name": "anna", "password": "correct horse battery", "csrf_token": csrf},
                       base_url=PROXY_TO_STUDIO)
    assert other.status_code == 400
    own = fresh.post("/inloggen", headers={**forwarded, "Referer": "https://kaart.example.org/inloggen"},
                     data={"name": "anna", "password": "correct horse battery", "csrf_token": csrf},
                     base_url=PROXY_TO_STUDIO)
    assert own.status_code == 302


def test_a_studio_for_other_computers_needs_accounts(studio_ws):
    with pytest.raises(ValueError, match="needs accounts"):
        create_app(studio_ws, local=False)
    with pytest.raises(ValueError, match="needs accounts"):
        create_app(studio_ws, behind_https_proxy=True)


def test_serve_refuses_plain_http_on_the_network_and_a_proxy_without_accounts(studio_ws):
    accounts = Accounts(studio_ws / ".kaartgen-studio/accounts.sqlite")
    accounts.add_user("anna", "correct horse battery", ["testland"])
    accounts.add_user("bram", "staple battery horse", ["testland"])
    plain = CliRunner().invoke(main, ["serve", "-w", str(studio_ws), "--host", "0.0.0.0"])  # noqa: S104 - refused
    assert plain.exit_code == 2
    assert "plain HTTP" in plain.output and "--behind-https-proxy" in plain.output
    shutil.rmtree(studio_ws / ".kaartgen-studio")
    proxied = CliRunner().invoke(main, ["serve", "-w", str(studio_ws), "--behind-https-proxy"])
    assert proxied.exit_code == 2 and "only with accounts" in proxied.output


def test_serve_refuses_another_interface_without_accounts(studio_ws):
    result = CliRunner().invoke(main, ["serve", "-w", str(studio_ws), "--host", "0.0.0.0"])  # noqa: S104 - refused
    assert result.exit_code == 2
    assert "only with accounts" in result.output and "kaartgen accounts add" in result.output


def test_accounts_command(studio_ws):
    runner = CliRunner()
    result = runner.invoke(main, ["accounts", "add", "dora", "-w", str(studio_ws), "-r", "testland",
                                  "--password-stdin"], input="a long enough password\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["accounts", "add", "eva", "-w", str(studio_ws), "-r", "nowhere",
                                  "--password-stdin"], input="a long enough password\n")
    assert result.exit_code == 2 and "no region 'nowhere'" in result.output
    listed = runner.invoke(main, ["accounts", "list", "-w", str(studio_ws)])
    assert "dora\ttestland" in listed.output
    store = Accounts(studio_ws / ".kaartgen-studio/accounts.sqlite")
    assert store.authenticate("dora", "a long enough password") is not None
    shutil.rmtree(studio_ws / ".kaartgen-studio")
