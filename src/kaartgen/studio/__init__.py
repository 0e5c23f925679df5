"""The studio: a local web application in which communication staff make their region's edition — a form that
checks as they type, a live preview, the proof with what changed, and downloads for the print shop.

`kaartgen serve` starts it on 127.0.0.1; `create_app(workspace)` is the Flask application the tests drive. The
studio adds no rules of its own: every check is the chain's (`pipeline.chain.run_edition`), every file it writes is
the region YAML the command line reads, and every picture is the project's own preview renderer.

    request ──▶ app.py (routes: parse, call, render a template)
                  │
                  ├─ form.py      region YAML (ruamel round trip, comments kept) ⇄ the form's fields;
                  │               a diagnostic's key → the field it belongs next to
                  ├─ drafts.py    the form's unsaved text → the chain (warm `Inputs`, one lock) → problems,
                  │               fit, preview pictures; workspace files changed on disk are noticed
                  ├─ files.py     paths from requests resolved inside the workspace; saves with a stale check
                  │               and an atomic write; uploads size-limited and checked like the CLI's logos
                  ├─ printer.py   the zip "voor de drukker": print PDFs, the proof, a job sheet
                  ├─ accounts.py  a shared server: users (SQLite, scrypt), regions per user, four-eyes approval
                  │               of contact data, the audit log
                  └─ language.py  Dutch first, English available: the UI's and the diagnostics' catalogues
                                  (`load.catalogue`, PO files in kaartgen/locale/)

Safety, in one place each: CSRF tokens on every form (Flask-WTF), a Host check against DNS rebinding on
localhost, a Content-Security-Policy without inline script, `Jinja` autoescaping (nothing from a form reaches
ReportLab markup: region values are data to the chain, which escapes them), workspace-bound paths, and stale-form
detection by the sha256 of the file the form was made from.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
