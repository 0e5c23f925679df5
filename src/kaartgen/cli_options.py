"""Options and error printing shared by every command module (kept apart so they import without cycles)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KaartgenError

SELECTOR_HELP = {
    "document": "Document (content/<document>/); default: signalenkaart.",
    "layout": "Layout name or 'all' (default: all). Repeatable.",
    "lang": "Language code or 'all' (every final translation; drafts too with --draft). Default: nl.",
    "region": "Region name or 'all'. Default: ijsselland. Repeatable.",
}


def workspace_option(f):
    return click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=".",
                        show_default=True, help="Workspace folder (content/, layouts/, fonts/).")(f)


def selectors(f):
    f = click.option("-d", "--document", "documents", multiple=True, help=SELECTOR_HELP["document"])(f)
    f = click.option("-l", "--layout", "layouts", multiple=True, help=SELECTOR_HELP["layout"])(f)
    f = click.option("--lang", "langs", multiple=True, help=SELECTOR_HELP["lang"])(f)
    f = click.option("-r", "--region", "regions", multiple=True, help=SELECTOR_HELP["region"])(f)
    f = click.option("--edition", "editions", multiple=True, type=click.Choice(["print", "screen", "all"]),
                     help="Edition: print (default), screen or all.")(f)
    f = click.option("--draft", is_flag=True, help="Allow unreviewed or incomplete translations (marked CONCEPT).")(f)
    return workspace_option(f)


def fail(error: KaartgenError) -> None:
    click.echo(str(error), err=True)
    sys.exit(1)
