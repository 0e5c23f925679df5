"""The studio's web application: HTTP requests → pages, live checks, saves and downloads, over the library.

Routes only parse, call and render (Flask, Jinja templates with autoescaping, htmx for the live parts); what they
call is `form` (the region file ⇄ the form), `drafts` (the chain over unsaved text), `files` (safe paths and
saves), `printer` (the print shop's zip) and the library's `build`, `preview` and `i18n.status`.

Live checking: the region form posts itself to ``/regio/<r>/controle`` as one types (htmx, 400 ms after the last
key); the answer is a set of out-of-band fragments — the problems next to each field, the preview, the fit —
so the form itself, and the caret in it, are never replaced.

Two modes: on 127.0.0.1 (the default) one person works alone and a save writes the region file. With accounts
(`kaartgen accounts add`, needed for any other ``--host``), everyone logs in, edits only their regions, and a
change becomes a proposal that a second person approves before it is written — so a final build, which reads
only the file, never prints unapproved contact data.
"""

from __future__ import annotations

import base64
import contextlib
import io
import logging
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, send_file, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from ruamel.yaml.comments import CommentedMap
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from ..load.layouts import list_layouts
from ..load.regions import ROLES, list_regions
from ..load.source import list_documents
from ..load.translations import list_languages
from ..model.content import SOURCE_LANG
from ..model.diagnostics import ERROR, DataError, Diagnostic, KaartgenError
from ..model.edition import Options
from ..model.region import PrintedValue
from ..pipeline.build import build
from ..pipeline.editions import Change, EditionRecord, changes_since, compare_values, read_log
from ..pipeline.release import release_diagnostics, today, verification_diagnostics
from ..tools.i18n import status as translation_status
from ..tools.preview import PreviewResult, preview
from . import language
from .accounts import AccountError, Accounts, LockedOut
from .drafts import Drafts
from .files import MAX_UPLOAD_BYTES, OutsideWorkspace, StaleForm, read_region_file, save_region_file, store_logo
from .form import LogoRow, RegionForm, dump_document, field_for, load_document
from .printer import PrintFile, job_sheet, printer_zip

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
PROOFS_KEPT = 16  # proof pictures kept (a region × layout × language each; about 100 KB a picture)


def N_(text: str) -> str:
    return text


NATIONAL_LABELS = {"veilig_thuis.name": N_("Name of Veilig Thuis (regional)"), "politie.unit": N_("Police unit"),
                   "veilig_thuis.phone": N_("Veilig Thuis phone number"), "politie.name": N_("Police name"),
                   "politie.phone": N_("Police phone number"), "fier.name": N_("Name of the chat service"),
                   "fier.chat_url": N_("Web address of the chat")}


@dataclass
class Studio:
    """What the application knows beyond a request."""

    workspace: Path
    drafts: Drafts
    accounts: Accounts | None = None
    local: bool = True

    _may_set: tuple[tuple[int, int], list[str]] | None = field(default=None, repr=False)
    _proofs: dict[tuple[Any, ...], tuple[PreviewResult | None, str]] = field(default_factory=dict, repr=False)
    _proof_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def may_set(self) -> list[str]:
        """The national values a region may set (regions_may_set in _national.yaml): read again only when the
        file changed (its modification time and size), not on every keystroke's check."""
        path = self.workspace / "content/regions/_national.yaml"
        try:
            info = path.stat()
        except OSError:
            return []
        stamp = (info.st_mtime_ns, info.st_size)
        if self._may_set is not None and self._may_set[0] == stamp:
            return list(self._may_set[1])
        try:
            document = load_document(path.read_text("utf-8"))
        except (OSError, ValueError):
            return []
        listed = document.get("regions_may_set") if isinstance(document, dict) else None
        names = [str(name) for name in listed or [] if isinstance(name, str)]
        self._may_set = (stamp, names)
        return list(names)

    def proof(self, region: str, layout: str, lang: str) -> tuple[PreviewResult | None, str]:
        """The proof of a region's print edition (its result and the picture as a data: URI), made again only
        when an input file, the edition log or the date changed since it was last made."""
        key = (self.drafts.stamp(), today().isoformat(), region, layout, lang)
        with self._proof_lock:
            if key in self._proofs:
                return self._proofs[key]
        results = preview(self.workspace, layouts=[layout], langs=[lang], regions=[region], editions=["print"],
                          proof=True, options=Options(allow_unverified=True, record=False), dpi=60)
        result = results[0] if results else None
        picture = ""
        if result is not None and result.ok and result.proof:
            picture = data_uri(result.proof[0].read_bytes())
        with self._proof_lock:
            self._proofs[key] = (result, picture)
            while len(self._proofs) > PROOFS_KEPT:
                self._proofs.pop(next(iter(self._proofs)))
        return result, picture

    def languages(self) -> list[str]:
        found = {"nl"}
        for document in list_documents(self.workspace):
            found.update(list_languages(self.workspace, document))
        return sorted(found, key=lambda lang: (lang != "nl", lang))


def create_app(workspace: Path | str = ".", *, accounts: Accounts | None = None, local: bool = True,
               secret_key: bytes | None = None, behind_https_proxy: bool = False) -> Flask:
    """The studio for `workspace`. `accounts`: the shared-server mode (login, regions per user, four-eyes).
    `local`: only this computer reaches it (requests must name it in their Host, against DNS rebinding); a studio
    that is not local needs accounts. `behind_https_proxy`: a web server in front speaks HTTPS and forwards
    (X-Forwarded-For, -Proto, -Host, one hop): the client's address, scheme and host name come from it, and the
    session cookie is only sent over HTTPS."""
    if behind_https_proxy:
        local = False  # the Host is the public name the proxy serves
    if not local and accounts is None:
        raise ValueError("a studio that other computers reach needs accounts (kaartgen accounts add)")
    root = Path(workspace).resolve()
    app = Flask(__name__)
    if behind_https_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
        app.config.update(SESSION_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https")
    app.config.update(
        SECRET_KEY=secret_key or (accounts.secret_key() if accounts else secrets.token_bytes(32)),
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES + 1024 * 1024,  # a logo and the form's fields
        WTF_CSRF_TIME_LIMIT=None,  # valid for the session: a form may stay open all afternoon
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_NAME="kaartgen_studio",
        TEMPLATES_AUTO_RELOAD=False,
    )
    CSRFProtect(app)
    studio = Studio(root, Drafts(root), accounts, local)
    app.extensions["kaartgen"] = studio
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda text, **values: language.gettext(g.get("lang", "nl"), text, **values),
        lambda one, many, count, **values: language.ngettext(g.get("lang", "nl"), one, many, count, **values),
        newstyle=True)
    app.jinja_env.filters["say"] = lambda text: language.say(text, g.get("lang", "nl"))
    app.jinja_env.filters["field_id"] = field_id
    app.jinja_env.filters["decimal"] = lambda value: language.decimal(value, g.get("lang", "nl"))
    app.jinja_env.globals["national_label"] = lambda name: NATIONAL_LABELS.get(name, name)
    app.jinja_env.globals["roles"] = ROLES

    @app.before_request
    def before() -> Response | None:
        if studio.local and (request.host.rpartition(":")[0] or request.host) not in LOCAL_HOSTS:
            abort(400, description="host")  # a page of another site that points its name at 127.0.0.1
        g.lang = language.choose(request.args.get("taal"), request.cookies.get(language.COOKIE))
        g.user = None
        if studio.accounts is not None:
            name = session.get("user")
            g.user = studio.accounts.user(name) if isinstance(name, str) else None
            if g.user is None and request.endpoint not in ("login", "static", "favicon"):
                return redirect(url_for("login", next=request.full_path if request.method == "GET" else None))
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                                       "script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = response.headers.get("Cache-Control", "no-store")
        if request.args.get("taal") in language.LANGUAGES:
            response.set_cookie(language.COOKIE, request.args["taal"], samesite="Lax", httponly=True,
                                max_age=365 * 24 * 3600)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return page("error.html", title=_t("The form has expired"),
                    message=_t("Reload the page and try again. (The form's security token is missing or no "
                               "longer valid.)")), 400

    @app.errorhandler(OutsideWorkspace)
    def outside(error: OutsideWorkspace) -> tuple[str, int]:
        return page("error.html", title=_t("Not found"), message=_t("That file is not part of this workspace.")), 404

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        if hasattr(error, "code") and isinstance(getattr(error, "code", None), int):
            return http_error(error)
        logging.getLogger("kaartgen.studio").exception("unexpected error on %s", request.path)
        return page("error.html", title=_t("Something went wrong"),
                    message=_t("This is a fault in kaartgen, not in your input. Nothing was saved or replaced; the "
                               "details are in the window where the studio runs.")), 500

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def http_error(error: Any) -> tuple[str, int]:
        titles = {400: _t("Bad request"), 403: _t("Not allowed"), 404: _t("Not found"),
                  413: _t("The file is too large")}
        messages = {413: _t("A logo may be at most %(limit)s MB.", limit=MAX_UPLOAD_BYTES // 1024 // 1024),
                    403: _t("Your account may not change this region."),
                    404: _t("This page does not exist.")}
        return page("error.html", title=titles.get(error.code, str(error.code)),
                    message=messages.get(error.code, "")), error.code

    def page(template: str, **values: Any) -> str:
        return render_template(template, studio=studio, user=g.get("user"), lang=g.get("lang", "nl"), **values)

    def region_or_404(region: str) -> str:
        if region not in list_regions(root):
            abort(404)
        return region

    def may_edit(region: str) -> None:
        if studio.accounts is not None and not studio.accounts.may_edit(g.user, region):
            abort(403)

    def choice(name: str, options: list[str], default: str | None = None) -> str:
        asked = request.values.get(name)
        if asked is not None and asked in options:
            return asked
        if default is not None and default in options:
            return default
        if not options:
            abort(404)
        return options[0]

    def preview_choices() -> tuple[str, str]:
        layouts = list_layouts(root)
        settings_layouts: tuple[str, ...] = studio.drafts.inputs.settings.layouts or ()
        default_layout = next((name for name in settings_layouts if name in layouts), "zfold-a4")
        return choice("layout", layouts, default_layout), choice("card_lang", studio.languages(), "nl")

    # ------------------------------------------------------------------ pages

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status=204)  # no icon; and no 404 in the browser's console

    @app.get("/")
    def start() -> str:
        regions = [region_state(studio, name) for name in list_regions(root)]
        return page("start.html", regions=regions, documents=list_documents(root),
                    layouts=[(name, layout_description(studio, name)) for name in list_layouts(root)],
                    languages=studio.languages(), pending=studio.accounts.pending() if studio.accounts else [])

    @app.get("/regio/<region>")
    def region_page(region: str) -> str:
        region = region_or_404(region)
        file = read_region_file(root, region)
        try:
            form = RegionForm.from_yaml(load_document(file.text), studio.may_set())
        except ValueError as exc:  # not YAML at all: show why, do not offer a form that would overwrite it
            return page("error.html", title=_t("This region file cannot be read"), message=str(exc))
        form.with_languages(studio.languages())
        layout, card_lang = preview_choices()
        draft = studio.drafts.check(region, None, layout, card_lang)
        pending = studio.accounts.pending(region) if studio.accounts else []
        return page("region.html", region=region, form=form, base=file.sha, layout=layout, card_lang=card_lang,
                    layouts=list_layouts(root), card_langs=studio.languages(), check=present(draft, form),
                    pending=pending, notice=request.args.get("notice", ""))

    @app.post("/regio/<region>/controle")
    def region_check(region: str) -> str:
        region = region_or_404(region)
        form = RegionForm.from_request(request.form, studio.may_set())
        text, _lapsed = form.text(read_region_file(root, region).text)
        layout, card_lang = preview_choices()
        draft = studio.drafts.check(region, text.encode("utf-8"), layout, card_lang)
        return page("_check.html", form=form, check=present(draft, form))

    @app.post("/regio/<region>/formulier")
    def region_form(region: str) -> str:
        """Add or remove a row (a contact, a number, a logo), or take an uploaded logo into the form."""
        region = region_or_404(region)
        may_edit(region)
        form = RegionForm.from_request(request.form, studio.may_set())
        action = request.form.get("action", "")
        notice = ""
        if action == "upload":
            upload = request.files.get("logo_upload")
            if upload is not None and upload.filename:
                try:
                    stored = store_logo(root, region, upload.filename, upload.stream.read(MAX_UPLOAD_BYTES + 1))
                except DataError as error:
                    notice = "; ".join(language.say(d.message, g.lang) for d in error.diagnostics)
                else:
                    form.logos.append(LogoRow(stored, ""))
                    form.has_logos = True
        else:
            form.edit(action)
        form.with_languages(studio.languages())
        layout, card_lang = preview_choices()
        text, _lapsed = form.text(read_region_file(root, region).text)
        draft = studio.drafts.check(region, text.encode("utf-8"), layout, card_lang)
        return page("_form.html", region=region, form=form, base=request.form.get("base", ""), layout=layout,
                    card_lang=card_lang, check=present(draft, form), notice=notice)

    @app.post("/regio/<region>/opslaan")
    def region_save(region: str) -> tuple[str, int] | Response:
        region = region_or_404(region)
        may_edit(region)
        form = RegionForm.from_request(request.form, studio.may_set())
        base = request.form.get("base", "")
        current = read_region_file(root, region)
        text, lapsed = form.text(current.text)
        layout, card_lang = preview_choices()
        draft = studio.drafts.check(region, text.encode("utf-8"), layout, card_lang)
        form.with_languages(studio.languages())

        def again(notice: str, code: int) -> tuple[str, int]:
            return page("region.html", region=region, form=form, base=base, layout=layout, card_lang=card_lang,
                        layouts=list_layouts(root), card_langs=studio.languages(), check=present(draft, form),
                        pending=studio.accounts.pending(region) if studio.accounts else [], notice=notice), code

        if current.sha != base:
            return again(_t("Someone else saved this region after you opened it. Nothing was saved, and what you "
                            "typed is still below: open the region again in a new tab, copy your changes over and "
                            "save there."), 409)
        if not draft.ok:
            return again(_t("Not saved: first solve the problems marked in red."), 422)
        if text == current.text:
            return redirect(url_for("region_page", region=region, layout=layout, card_lang=card_lang,
                                    notice=_t("Nothing changed.")))
        changes = value_changes(studio, region, current.text, text)
        if studio.accounts is not None:
            studio.accounts.propose(g.user, region, current.sha, text, changes)
            notice = _t("Saved as a proposal: a second person must approve it before it is printed.")
        else:
            try:
                save_region_file(root, region, text, base)
            except StaleForm:
                return again(_t("Someone else saved this region just now. Nothing was saved."), 409)
            notice = _t("Saved.")
        if lapsed:
            notice += " " + _t("The check of the changed contact details has lapsed: sign them off again on the "
                               "proof page once you have confirmed them with the organisation.")
        return redirect(url_for("region_page", region=region, layout=layout, card_lang=card_lang, notice=notice))

    @app.get("/regio/<region>/proef")
    def proof_page(region: str) -> str:
        region = region_or_404(region)
        layout, card_lang = preview_choices()
        result, picture = studio.proof(region, layout, card_lang)
        records, _problems = read_log(root, region)
        last: EditionRecord | None = None
        changes: list[Change] = []
        with contextlib.suppress(KaartgenError):  # an unreadable record or region: the proof page says so itself
            last, changes = changes_since(studio.drafts.inputs, records, region, card_lang)
        file = read_region_file(root, region)
        form = RegionForm.from_yaml(load_document(file.text), studio.may_set())
        return page("proof.html", region=region, layout=layout, card_lang=card_lang, layouts=list_layouts(root),
                    card_langs=studio.languages(), result=result, picture=picture, last=last, changes=changes,
                    form=form, base=file.sha, today=today().isoformat(),
                    notice=request.args.get("notice", ""))

    @app.post("/regio/<region>/aftekenen")
    def sign_off(region: str) -> Response | tuple[str, int]:
        """Record that the contact data was checked with the organisation: verified: {on: today, by: NAME}."""
        region = region_or_404(region)
        may_edit(region)
        by = " ".join(request.form.get("by", "").split())
        layout, card_lang = preview_choices()
        if not by or request.form.get("confirm") != "1":
            return redirect(url_for("proof_page", region=region, layout=layout, card_lang=card_lang,
                                    notice=_t("Not signed off: write your name and tick that you checked the "
                                              "details with the organisation.")))
        current = read_region_file(root, region)
        if current.sha != request.form.get("base", ""):
            return redirect(url_for("proof_page", region=region, layout=layout, card_lang=card_lang,
                                    notice=_t("The region changed after you opened this page. Look at the proof "
                                              "again before you sign off.")))
        document = load_document(current.text)
        contacts = document.get("contacts") or {}
        for role in ROLES:
            entries = contacts.get(role)
            for entry in entries if isinstance(entries, list) else [entries] if entries is not None else []:
                if isinstance(entry, CommentedMap):
                    stamp = CommentedMap()
                    stamp["on"] = today()  # a date: written as 2026-12-02, unquoted, as people write it
                    stamp["by"] = by
                    stamp.fa.set_flow_style()
                    entry["verified"] = stamp
        text = dump_document(document)
        try:
            save_region_file(root, region, text, current.sha)
        except StaleForm:
            abort(409)
        if studio.accounts is not None:
            studio.accounts.audit("signed off", g.user.name, region, [("verified", "", f"{today()}, {by}")])
        return redirect(url_for("proof_page", region=region, layout=layout, card_lang=card_lang,
                                notice=_t("Signed off: checked today by %(name)s.", name=by)))

    # ------------------------------------------------------------------ downloads

    def built(region: str, layouts: list[str], card_lang: str, edition: str, draft: bool = False) -> list[Any]:
        with studio.drafts.lock:  # one chain at a time (ReportLab's state is per process)
            report = build(root, layouts=layouts, langs=[card_lang], regions=[region], editions=[edition],
                           options=Options(draft=draft))
        return report.results

    def failed(results: list[Any]) -> tuple[str, int]:
        problems = [d for r in results for d in r.errors]
        return page("error.html", title=_t("The edition could not be made"), problems=problems,
                    message=_t("The last good PDF is unchanged.")), 422

    @app.get("/regio/<region>/download/<kind>")
    def download(region: str, kind: str) -> Response | tuple[str, int]:
        region = region_or_404(region)
        layout, card_lang = preview_choices()
        if kind in ("print", "screen"):
            results = built(region, [layout], card_lang, kind)
            if not results or not all(r.ok for r in results) or results[0].path is None:
                return failed(results)
            return pdf_download(results[0].path)
        if kind == "proof":
            made = preview(root, layouts=[layout], langs=[card_lang], regions=[region], editions=["print"],
                           proof=True, options=Options(allow_unverified=True, record=False), dpi=100)
            if not made or not made[0].ok or len(made[0].proof) < 2:
                return failed([m.edition for m in made])
            return pdf_download(made[0].proof[1])
        if kind == "drukker":
            chosen = [name for name in request.args.getlist("layouts") if name in list_layouts(root)] or [layout]
            return printer_download(region, chosen, card_lang, request.args.get("quantity", "")[:20])
        abort(404)

    def printer_download(region: str, layouts: list[str], card_lang: str, quantity: str) -> Response | tuple[str, int]:
        results = built(region, layouts, card_lang, "print")
        if not results or not all(r.ok and r.path is not None for r in results):
            return failed(results)
        proofs = preview(root, layouts=layouts, langs=[card_lang], regions=[region], editions=["print"],
                         proof=True, options=Options(record=False), dpi=100)
        extras = [p.proof[1] for p in proofs if p.ok and len(p.proof) > 1]
        inputs = studio.drafts.inputs
        files = [PrintFile(r.path, inputs.layout(r.name.layout), r.sha256, r.pages, "PDF/X-4", False)
                 for r in results]
        date = results[0].date
        region_name = inputs.region(region).name
        sheet = job_sheet(files, document=results[0].name.document, region_name=region_name,
                          date=date.date().isoformat(), quantity=quantity,
                          proof=", ".join(f"proef/{p.name}" for p in extras))
        data = printer_zip(files, sheet, extras, date.timetuple()[:6])
        name = f"{results[0].name.document}_{region}_{card_lang}_voor-de-drukker.zip"
        response = Response(data, mimetype="application/zip")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    # ------------------------------------------------------------------ translations

    @app.get("/vertalingen")
    def translations() -> str:
        document = studio.drafts.document()
        try:
            with studio.drafts.lock:
                states = translation_status(root, document)
        except KaartgenError as error:
            return page("error.html", title=_t("The translations cannot be read"), problems=error.diagnostics)
        return page("translations.html", document=document, states=states, layouts=list_layouts(root))

    @app.get("/vertalingen/<lang>/concept")
    def translation_draft(lang: str) -> Response | tuple[str, int]:
        document = studio.drafts.document()
        if lang not in list_languages(root, document):
            abort(404)
        layout = choice("layout", list_layouts(root))
        region = studio.drafts.inputs.reference_region()
        results = built(region, [layout], lang, "print", draft=True)
        if not results or not results[0].ok or results[0].path is None:
            return failed(results)
        return pdf_download(results[0].path)

    # ------------------------------------------------------------------ accounts

    @app.route("/inloggen", methods=["GET", "POST"])
    def login() -> str | Response:
        if studio.accounts is None:
            return redirect(url_for("start"))
        wrong = False
        if request.method == "POST":
            try:
                user = studio.accounts.authenticate(request.form.get("name", ""), request.form.get("password", ""),
                                                    client=request.remote_addr or "")
            except LockedOut as locked:
                response = app.make_response((page("login.html", wrong=False, locked=locked.minutes), 429))
                response.headers["Retry-After"] = str(locked.minutes * 60)
                return response
            if user is not None:
                session.clear()
                session["user"] = user.name
                target = request.args.get("next") or ""
                return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("start"))
            wrong = True
        return page("login.html", wrong=wrong, locked=0)

    @app.post("/uitloggen")
    def logout() -> Response:
        session.clear()
        return redirect(url_for("login"))

    def accounts_only() -> Accounts:
        if studio.accounts is None:
            abort(404)
        return studio.accounts

    @app.get("/goedkeuren")
    def approvals() -> str:
        accounts = accounts_only()
        return page("approvals.html", pending=accounts.pending(), notice=request.args.get("notice", ""))

    @app.post("/goedkeuren/<int:proposal_id>")
    def decide(proposal_id: int) -> Response:
        accounts = accounts_only()
        proposal = accounts.proposal(proposal_id)
        if proposal is None:
            abort(404)
        try:
            if request.form.get("decision") == "approve":
                if proposal.proposer == g.user.name or not accounts.may_edit(g.user, proposal.region):
                    raise AccountError(_t("A second person must approve your own proposal.")
                                       if proposal.proposer == g.user.name else _t("Your account may not change "
                                                                                   "this region."))
                try:  # written only over the file the proposal was made from (checked under the file's lock)
                    save_region_file(root, proposal.region, proposal.new_text, proposal.base_sha256)
                except StaleForm:
                    accounts.reject(proposal_id, g.user, "the region file changed after the proposal was made")
                    notice = _t("Not approved: the region changed after this proposal was made. Ask for a new one.")
                else:
                    accounts.approve(proposal_id, g.user)
                    notice = _t("Approved and saved.")
            else:
                accounts.reject(proposal_id, g.user, request.form.get("reason", ""))
                notice = _t("Rejected.")
        except AccountError as error:
            notice = str(error)
        return redirect(url_for("approvals", notice=notice))

    @app.get("/logboek")
    def audit_log() -> str:
        accounts = accounts_only()
        return page("audit.html", entries=accounts.audit_log())

    return app


# ---------------------------------------------------------------------- helpers the routes share


def _t(text: str, **values: Any) -> str:
    return language.gettext(g.get("lang", "nl"), text, **values)


def field_id(name: str) -> str:
    """An HTML id for a field's name (dots are legal in ids, but not in CSS selectors)."""
    return "f-" + name.replace(".", "-").replace("_", "-")


def pdf_download(path: Path) -> Response:
    """A PDF as a download (read whole: a card is small, and no file handle outlives the request)."""
    return send_file(io.BytesIO(path.read_bytes()), mimetype="application/pdf", as_attachment=True,
                     download_name=path.name)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@dataclass(frozen=True)
class Presented:
    """A draft's verdict, arranged for the page: problems by field, the rest on top, the pictures, the fit."""

    by_field: dict[str, list[tuple[str, str, str]]]  # field ("" for the top of the form) → (severity, message,
    # hint), in the page's language
    pages: list[str]
    body_size: float | None
    base_size: float | None
    min_size: float | None
    room_mm: float | None
    ok: bool
    seconds: float
    errors: int
    warnings: int


def present(draft: Any, form: RegionForm) -> Presented:
    names = form.field_names()
    by_field: dict[str, list[tuple[str, str, str]]] = {}
    lang = g.get("lang", "nl")
    for diagnostic in draft.diagnostics:
        shown = (diagnostic.severity.value, language.say(diagnostic.message, lang), language.say(diagnostic.hint, lang))
        target = field_for(diagnostic.key, names) if diagnostic.file.startswith("content/regions/") and \
            not diagnostic.file.endswith("_national.yaml") else ""
        by_field.setdefault(target, []).append(shown)
    errors = sum(1 for d in draft.diagnostics if d.severity is ERROR)
    return Presented(by_field, [data_uri(png) for png in draft.pages], draft.body_size, draft.base_size,
                     draft.min_size, draft.room_mm, draft.ok, draft.seconds, errors, len(draft.diagnostics) - errors)


@dataclass(frozen=True)
class RegionState:
    id: str
    name: str
    state: str  # complete | problems | due
    problems: list[Diagnostic]


def region_state(studio: Studio, region: str) -> RegionState:
    """Complete, problems (the file does not load), or due (contact data not verified, or long ago)."""
    with studio.drafts.lock:
        studio.drafts.refresh()
        try:
            loaded = studio.drafts.inputs.region(region)
        except KaartgenError as error:
            return RegionState(region, region, "problems", list(error.diagnostics))
        due = verification_diagnostics(loaded, studio.drafts.inputs.settings, final_print=False,
                                       allow_unverified=False) + release_diagnostics(loaded)
    return RegionState(region, loaded.name, "due" if due else "complete", due)


def layout_description(studio: Studio, name: str) -> str:
    try:
        return studio.drafts.inputs.layout(name).description
    except KaartgenError:
        return ""


def value_changes(studio: Studio, region: str, old_text: str, new_text: str) -> list[tuple[str, str, str]]:
    """(label, old, new) of every printed value that differs between two texts of a region file (an unreadable
    text prints nothing)."""
    from ..load.regions import ROLE_SHORT, load_region

    def values(text: str) -> list[PrintedValue]:
        try:
            loaded = load_region(studio.workspace, region, text.encode("utf-8"))
        except KaartgenError:
            return []
        return list(loaded.printed(SOURCE_LANG, ROLE_SHORT))

    return [(c.label, c.old, c.new) for c in compare_values(values(old_text), values(new_text))]


