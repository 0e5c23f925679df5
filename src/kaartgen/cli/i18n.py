"""Command line for translators: ``kaartgen i18n extract | init | update | status | review | screenshots |
export-xliff | import-xliff | export-tmx``.

A thin Click layer over :mod:`kaartgen.tools.i18n`; errors are mapped to output and exit codes by the main group.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import LANGUAGE, ONE_DOCUMENT, ONE_LANGUAGE, F, OutputFolder, emit_json, json_option, workspace_option

if TYPE_CHECKING:
    from ..tools.i18n import LanguageStatus


def _common(f: F) -> F:
    f = click.option("-d", "--document", default=None, type=ONE_DOCUMENT,
                     help="Document (content/<document>/); default: the workspace's (kaartgen.yaml).")(f)
    return workspace_option(f)


def _document(workspace: Path, document: str | None) -> str:
    """The named document, or the workspace's default."""
    from ..load.settings import require_workspace
    from ..pipeline.inputs import Inputs

    return Inputs(require_workspace(workspace)).document_name(document)


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
def extract(workspace: Path, document: str | None) -> None:
    """Write the PO template (content/<document>/<document>.pot) from the Dutch source."""
    from ..tools.i18n import extract as run

    path = run(workspace, _document(workspace, document))
    click.echo(f"wrote {_shown(path, workspace)}")


@i18n.command()
@click.argument("lang", type=ONE_LANGUAGE)
@_common
def init(lang: str, workspace: Path, document: str | None) -> None:
    """Start a new translation: content/<document>/locales/LANG.po."""
    from ..tools.i18n import init as run

    path = run(workspace, _document(workspace, document), lang)
    click.echo(f"wrote {_shown(path, workspace)}; translate it (Poedit, Weblate), then run: "
               f"kaartgen i18n status {lang}")


@i18n.command()
@_common
def update(workspace: Path, document: str | None) -> None:
    """Re-extract the template and merge it into every translation (changed texts become fuzzy)."""
    from ..tools.i18n import template_path, update as run

    document = _document(workspace, document)
    summaries = run(workspace, document)
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
@click.argument("langs", nargs=-1, type=ONE_LANGUAGE)
@_common
@click.option("-l", "--layout", "layouts", multiple=True, help="Check fit in this layout only. Repeatable.")
@json_option
def status(langs: tuple[str, ...], workspace: Path, document: str | None, layouts: tuple[str, ...],
           as_json: bool) -> None:
    """Per language: how much is translated, placeholder errors, missing glyphs, fit and review state.

    Exits 1 when a language has errors (placeholders, glyphs or a layout it does not fit).
    """
    from ..tools.i18n import status as run

    report = run(workspace, _document(workspace, document), langs, layouts)
    if as_json:
        emit_json({"ok": all(s.ok for s in report), "languages": [s.to_json() for s in report]})
    else:
        for s in report:
            _print_status(s)
        if not report:
            click.echo("no translations yet: start one with 'kaartgen i18n init LANG'")
    failed = [s.lang for s in report if not s.ok]
    if failed:
        if not as_json:
            click.echo(f"errors in: {', '.join(failed)}", err=True)
        sys.exit(1)


def _print_status(s: LanguageStatus) -> None:
    if s.unreadable:
        click.echo(f"{s.lang}: cannot be read")
        for diagnostic in s.unreadable:
            click.echo(f"  {diagnostic}")
        return
    state = s.state if not s.why_draft else f"{s.state} ({s.why_draft})"
    click.echo(f"{s.lang}: {s.translated}/{s.total} translated ({int(s.percent)} %), {s.fuzzy} fuzzy, "
               f"{s.untranslated} untranslated; {state}")
    failing: dict[tuple[str, ...], list[str]] = {}  # the same verdict in several layouts is said once, for all
    for fitted in s.fits:
        if fitted.ok:
            click.echo(f"  {fitted.layout}: {fitted.message}")
            continue
        verdict = "DOES NOT FIT" if fitted.checked else "cannot check"
        verdicts = tuple(f"{verdict}: {d}" for d in fitted.diagnostics) or (f"{verdict}: {fitted.message}",)
        failing.setdefault(verdicts, []).append(fitted.layout)
    for verdicts, layouts in failing.items():
        for line in verdicts:
            click.echo(f"  {', '.join(layouts)}: {line}")
    if not s.glyphs:
        click.echo("  glyphs: the fonts have every character" if not s.refused_scripts else
                   "  glyphs: the fonts have every other character (the refused script's letters were not checked)")
    for glyph in s.glyphs:
        click.echo(f"  {glyph}")
    if s.region_texts:
        click.echo(f"  region {s.region}: a final build needs these texts of its own in '{s.lang}' too (add "
                   f"'{s.lang}: …' beside the 'nl:' of each in the region file):")
    for wording in s.region_texts:
        click.echo(f"    {wording.location}: {wording.key}: {wording.message}")
    for problem in s.problems:
        click.echo(f"  {problem}")


@i18n.command()
@click.argument("lang", type=ONE_LANGUAGE)
@click.option("--by", "by", required=True, help="Name of the reviewer.")
@_common
def review(lang: str, by: str, workspace: Path, document: str | None) -> None:
    """Record a review of LANG by NAME.

    Refuses while any entry has errors; otherwise records every translated, non-fuzzy entry.
    """
    from ..tools.i18n import review as run

    result = run(workspace, _document(workspace, document), lang, by)
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
@click.option("-o", "--output", "out_dir", type=OutputFolder(), default=None,
              help="Output folder (default: translations.screenshots in kaartgen.yaml, else output/screenshots).")
@click.option("--dpi", type=click.IntRange(36, 600), default=None,
              help="Resolution (default: i18n.SCREENSHOT_DPI, 150).")
@click.option("--lang", "langs", multiple=True, type=LANGUAGE,
              help="Also the card in this language (into <output>/LANG/), or 'all'. Repeatable.")
def screenshots(workspace: Path, document: str | None, layouts: tuple[str, ...], out_dir: Path | None,
                dpi: int | None, langs: tuple[str, ...]) -> None:
    """PNG per panel of the reference card with each block's box and key beside it, for translators' context,
    and screenshots.json: which keys each screenshot shows."""
    from ..load.translations import list_languages
    from ..tools.i18n import SCREENSHOT_DPI  # imported here: the translations machinery only when a command needs it
    from ..tools.screenshots import translator_screenshots as run

    name = _document(workspace, document)
    chosen = tuple(list_languages(workspace, name)) if "all" in langs else langs
    paths = run(workspace, name, layouts, out_dir, dpi or SCREENSHOT_DPI, chosen)
    for path in paths:
        click.echo(f"wrote {_shown(path, workspace)}")


WEBLATE_SLUG = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def _slug(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not WEBLATE_SLUG.match(value):
        raise click.BadParameter(f"'{value}' is not a Weblate slug: use the letters, digits, - and _ of the "
                                 "project's or component's URL")
    return value


@i18n.command("weblate-screenshots")
@_common
@click.option("--project", required=True, callback=_slug, help="The Weblate project's slug (as in its URL).")
@click.option("--component", required=True, callback=_slug, help="The Weblate component's slug.")
@click.option("-i", "--input", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The screenshots' folder (default: where 'kaartgen i18n screenshots' writes them).")
@click.option("--shell", is_flag=True, help="A curl + jq script to read and run yourself, instead of JSON.")
def weblate_screenshots(workspace: Path, document: str | None, project: str, component: str, folder: Path | None,
                        shell: bool) -> None:
    """Print what Weblate's screenshot API needs to show the screenshots beside their strings (uploads nothing):
    per screenshot its file, form fields and the block keys it shows (Weblate's unit context)."""
    from ..tools.weblate import as_shell, screenshot_uploads

    plan = screenshot_uploads(workspace, _document(workspace, document), project, component, folder)
    click.echo(as_shell(plan) if shell else json.dumps(plan, indent=2, ensure_ascii=False))


@i18n.command("export-xliff")
@click.argument("lang", type=ONE_LANGUAGE)
@_common
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: content/<document>/locales/LANG.xliff).")
def export_xliff(lang: str, workspace: Path, document: str | None, out: Path | None) -> None:
    """Write LANG as XLIFF 2.0 (one unit per block key, with notes and state) for tools that do not read PO."""
    from ..load.translations import locales_dir
    from ..pipeline.output import atomic_write
    from ..tools.xliff import export_xliff as run

    name = _document(workspace, document)
    path = out or locales_dir(workspace, name) / f"{lang}.xliff"
    atomic_write(path, run(workspace, name, lang))
    click.echo(f"wrote {_shown(path, workspace)}")


@i18n.command("import-xliff")
@click.argument("xliff", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_common
def import_xliff(xliff: Path, workspace: Path, document: str | None) -> None:
    """Bring the translations of an XLIFF 2.0 file (from export-xliff) back into its PO file."""
    from ..tools.xliff import import_xliff as run

    summary = run(workspace, _document(workspace, document), xliff)
    click.echo(f"{summary.lang}: {len(summary.changed)} changed" + (f" ({', '.join(summary.changed)})"
                                                                      if summary.changed else ""))
    for key in summary.skipped:
        click.echo(f"  skipped {key or '(a unit without id)'}: not in the document, or its Dutch text changed "
                   "(run 'kaartgen i18n update', export again)", err=True)


@i18n.command("export-tmx")
@click.argument("langs", nargs=-1, type=ONE_LANGUAGE)
@_common
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: content/<document>/locales/<document>.tmx).")
def export_tmx(langs: tuple[str, ...], workspace: Path, document: str | None, out: Path | None) -> None:
    """Write the reviewed translations (of LANGS, default all) as a TMX 1.4 translation memory."""
    from ..load.translations import locales_dir
    from ..pipeline.output import atomic_write
    from ..tools.tmx import export_tmx as run

    name = _document(workspace, document)
    path = out or locales_dir(workspace, name) / f"{name}.tmx"
    data, units = run(workspace, name, langs)
    atomic_write(path, data)
    click.echo(f"wrote {_shown(path, workspace)}: {units} reviewed " + ("entry" if units == 1 else "entries"))
