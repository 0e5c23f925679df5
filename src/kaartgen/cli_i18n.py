"""Command line for translators: ``kaartgen i18n extract | init | update | status | review | screenshots``.

A thin Click layer over `kaartgen.i18n`: commands parse options, call the API and print, with the conventions of
`kaartgen.cli_options`: a `KaartgenError` is printed as its message and exits 1, usage errors exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .build import DEFAULT_DOCUMENT
from .cli_options import fail as _fail, workspace_option
from .errors import KaartgenError


def _common(f):
    f = click.option("-d", "--document", default=DEFAULT_DOCUMENT, show_default=True,
                     help="Document (content/<document>/).")(f)
    return workspace_option(f)


def _shown(path: Path, workspace: Path) -> str:
    try:
        return path.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return str(path)


@click.group("i18n")
def i18n() -> None:
    """Translations: template, new languages, updates, status, review and screenshots."""


@i18n.command()
@_common
def extract(workspace, document) -> None:
    """Write the PO template (content/<document>/<document>.pot) from the Dutch source."""
    from .i18n import extract as run

    try:
        path = run(workspace, document)
    except KaartgenError as error:
        _fail(error)
    click.echo(f"wrote {_shown(path, workspace)}")


@i18n.command()
@click.argument("lang")
@_common
def init(lang, workspace, document) -> None:
    """Start a new translation: content/<document>/locales/LANG.po."""
    from .i18n import init as run

    try:
        path = run(workspace, document, lang)
    except KaartgenError as error:
        _fail(error)
    click.echo(f"wrote {_shown(path, workspace)}; translate it (Poedit, Weblate), then run: "
               f"kaartgen i18n status {lang}")


@i18n.command()
@_common
def update(workspace, document) -> None:
    """Re-extract the template and merge it into every translation (changed texts become fuzzy)."""
    from .i18n import template_path, update as run

    try:
        summaries = run(workspace, document)
    except KaartgenError as error:
        _fail(error)
    click.echo(f"wrote {_shown(template_path(workspace, document), workspace)}")
    for lang, s in summaries.items():
        line = (f"{lang}: {s.translated} translated, {s.fuzzy} fuzzy, {s.untranslated} untranslated"
                + (f"; changed in the source: {', '.join(s.changed)}" if s.changed else "")
                + (f"; new: {', '.join(s.added)}" if s.added else "")
                + (f"; now obsolete: {', '.join(s.obsoleted)}" if s.obsoleted else ""))
        click.echo(line)
    if not summaries:
        click.echo("no translations yet: start one with 'kaartgen i18n init LANG'")


@i18n.command()
@click.argument("langs", nargs=-1)
@_common
@click.option("-l", "--layout", "layouts", multiple=True, help="Check fit in this layout only. Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (a JSON list).")
def status(langs, workspace, document, layouts, as_json) -> None:
    """Per language: how much is translated, placeholder errors, missing glyphs, fit and review state.

    Exits 1 when a language has errors (placeholders, glyphs or a layout it does not fit).
    """
    from .i18n import status as run

    try:
        report = run(workspace, document, langs, layouts)
    except KaartgenError as error:
        _fail(error)
    if as_json:
        click.echo(json.dumps([s.to_json() for s in report], indent=2, ensure_ascii=False))
    else:
        for s in report:
            _print_status(s)
        if not report:
            click.echo("no translations yet: start one with 'kaartgen i18n init LANG'")
    failed = [s.lang for s in report if not s.ok]
    if failed:
        click.echo(f"errors in: {', '.join(failed)}", err=True)
        sys.exit(1)


def _print_status(s) -> None:
    if s.error:
        click.echo(f"{s.lang}: cannot be read")
        for line in s.error.splitlines():
            click.echo(f"  {line}")
        return
    state = s.state if not s.why_draft else f"{s.state} ({s.why_draft})"
    click.echo(f"{s.lang}: {s.translated}/{s.total} translated ({int(s.percent)} %), {s.fuzzy} fuzzy, "
               f"{s.untranslated} untranslated; {state}")
    for fitted in s.fits:
        verdict = "" if fitted.ok else "DOES NOT FIT: " if fitted.checked else "cannot check: "
        click.echo(f"  {fitted.layout}: {verdict}{fitted.message}")
    if not s.glyphs:
        click.echo("  glyphs: the fonts have every character")
    for glyph in s.glyphs:
        click.echo(f"  {glyph}")
    for problem in s.problems:
        click.echo(f"  {problem}")


@i18n.command()
@click.argument("lang")
@click.option("--by", "by", required=True, help="Name of the reviewer.")
@_common
def review(lang, by, workspace, document) -> None:
    """Record a review of LANG by NAME.

    Refuses while any entry has errors; otherwise records every translated, non-fuzzy entry.
    """
    from .i18n import review as run

    try:
        result = run(workspace, document, lang, by)
    except KaartgenError as error:
        _fail(error)
    click.echo(f"recorded {result.recorded} entries as reviewed by {' '.join(by.split())} in "
               f"{_shown(result.path, workspace)}")
    if result.remaining:
        click.echo(f"{lang}: {result.remaining} of {result.total} entries remain unreviewed ({result.why_draft}); "
                   "it stays a draft")
    else:
        click.echo(f"{lang}: every entry reviewed; the translation is {result.state}")


@i18n.command()
@_common
@click.option("-l", "--layout", "layouts", multiple=True, help="Layout (default: every layout). Repeatable.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: <workspace>/output/screenshots).")
@click.option("--dpi", type=click.IntRange(36, 600), default=None,
              help="Resolution (default: i18n.SCREENSHOT_DPI, 150).")
def screenshots(workspace, document, layouts, out_dir, dpi) -> None:
    """PNG per panel of the Dutch reference card with each block's box and key, for translators' context."""
    from .i18n import SCREENSHOT_DPI  # imported here: the translations machinery only when a command needs it
    from .preview import translator_screenshots as run

    try:
        paths = run(workspace, document, layouts, out_dir, dpi or SCREENSHOT_DPI)
    except KaartgenError as error:
        _fail(error)
    for path in paths:
        click.echo(f"wrote {_shown(path, workspace)}")
