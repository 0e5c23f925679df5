"""Options and error printing shared by every command module (kept apart so they import without cycles)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .content import check_document_name, check_lang
from .errors import KaartgenError
from .layoutspec import check_layout_name
from .regions import check_region_id

SELECTOR_HELP = {
    "document": "Document (content/<document>/); default: signalenkaart.",
    "layout": "Layout name or 'all' (default: all). Repeatable.",
    "lang": "Language code or 'all' (every final translation; drafts too with --draft). Default: nl.",
    "region": "Region name or 'all'. Default: ijsselland. Repeatable.",
}


def workspace_option(f):
    return click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=".",
                        show_default=True, help="Workspace folder (content/, layouts/, fonts/).")(f)


class Name(click.ParamType):
    """A document, layout, region or language name: names become paths, so a malformed one is a usage error
    (exit 2) before anything is read. `all` passes where the option selects everything."""

    def __init__(self, kind: str, check, allow_all: bool = True):
        self.name, self.check, self.allow_all = kind, check, allow_all

    def convert(self, value, param, ctx):
        if self.allow_all and value == "all":
            return value
        try:
            return self.check(value)
        except KaartgenError as error:
            self.fail(str(error).partition(": ")[2] or str(error), param, ctx)


DOCUMENT, LAYOUT = Name("document", check_document_name), Name("layout", check_layout_name)
LANGUAGE, REGION = Name("language", check_lang), Name("region", check_region_id)
ONE_LAYOUT = Name("layout", check_layout_name, allow_all=False)  # for commands about one named thing
ONE_REGION = Name("region", check_region_id, allow_all=False)


def selectors(f):
    f = click.option("-d", "--document", "documents", multiple=True, type=DOCUMENT, help=SELECTOR_HELP["document"])(f)
    f = click.option("-l", "--layout", "layouts", multiple=True, type=LAYOUT, help=SELECTOR_HELP["layout"])(f)
    f = click.option("--lang", "langs", multiple=True, type=LANGUAGE, help=SELECTOR_HELP["lang"])(f)
    f = click.option("-r", "--region", "regions", multiple=True, type=REGION, help=SELECTOR_HELP["region"])(f)
    f = click.option("--edition", "editions", multiple=True, type=click.Choice(["print", "screen", "all"]),
                     help="Edition: print (default), screen or all.")(f)
    f = click.option("--draft", is_flag=True, help="Allow unreviewed or incomplete translations (marked CONCEPT).")(f)
    return workspace_option(f)


def fail(error: KaartgenError) -> None:
    click.echo(str(error), err=True)
    sys.exit(1)
