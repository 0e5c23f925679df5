"""Options, parameter types and output shared by every command module.

Names that become paths are checked by `Name` parameter types (a malformed one is a usage error, exit 2, before
anything is read). Diagnostics are printed in one shape, ``file:line: severity: key: message (hint)``, to stderr;
with ``--json`` a command prints one JSON document to stdout and its diagnostics travel inside it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..load.names import ALL, check_document_name, check_lang, check_layout_name, check_region_id
from ..model.diagnostics import Diagnostic, KaartgenError, unique

F = TypeVar("F", bound=Callable[..., Any])
JSON_META = "kaartgen.json"  # ctx.meta key: this command answers in JSON
JSON_SCHEMA = 1

SELECTOR_HELP = {  # the defaults come from the workspace's kaartgen.yaml
    "document": "Document (content/<document>/); default: the workspace's.",
    "layout": "Layout name or 'all'. Repeatable. Default: the workspace's (all layouts).",
    "lang": "Language code or 'all' (every final translation; drafts too with --draft). Default: the workspace's.",
    "region": "Region name or 'all'. Repeatable. Default: the workspace's (kaartgen.yaml).",
}


class OutputFolder(click.Path):
    """A folder to write into: an empty value (``-o ''``, often an unset shell variable) is refused instead of
    meaning the current folder."""

    name = "folder"

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("is empty: give a folder (is a shell variable unset?), or leave out the option to use "
                      "<workspace>/output", param, ctx)
        return super().convert(value, param, ctx)


def workspace_option(f: F) -> F:
    return click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=".",
                        show_default=True, help="Workspace folder (content/, layouts/, fonts/).")(f)


def _remember_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[JSON_META] = value
    return value


def json_option(f: F) -> F:
    """--json: the answer as one JSON document on stdout (errors included, as diagnostics)."""
    return click.option("--json", "as_json", is_flag=True, callback=_remember_json, is_eager=True,
                        help="Machine-readable output (JSON on stdout, with every diagnostic).")(f)


class Name(click.ParamType):
    """A document, layout, region or language name: names become paths, so a malformed one is a usage error
    (exit 2) before anything is read. `all` passes where the option selects everything."""

    def __init__(self, kind: str, check: Callable[[str], str], allow_all: bool = True):
        self.name, self.check, self.allow_all = kind, check, allow_all

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if self.allow_all and value == ALL:
            return str(value)
        try:
            return self.check(value)
        except KaartgenError as error:
            first = error.diagnostics[0]
            self.fail(f"{first.message} ({first.hint})" if first.hint else first.message, param, ctx)


DOCUMENT, LAYOUT = Name("document", check_document_name), Name("layout", check_layout_name)
LANGUAGE, REGION = Name("language", check_lang), Name("region", check_region_id)
ONE_DOCUMENT = Name("document", check_document_name, allow_all=False)
ONE_LAYOUT = Name("layout", check_layout_name, allow_all=False)  # for commands about one named thing
ONE_REGION = Name("region", check_region_id, allow_all=False)
ONE_LANGUAGE = Name("language", check_lang, allow_all=False)


def selectors(f: F) -> F:
    f = click.option("-d", "--document", "documents", multiple=True, type=DOCUMENT, help=SELECTOR_HELP["document"])(f)
    f = click.option("-l", "--layout", "layouts", multiple=True, type=LAYOUT, help=SELECTOR_HELP["layout"])(f)
    f = click.option("--lang", "langs", multiple=True, type=LANGUAGE, help=SELECTOR_HELP["lang"])(f)
    f = click.option("-r", "--region", "regions", multiple=True, type=REGION, help=SELECTOR_HELP["region"])(f)
    f = click.option("--edition", "editions", multiple=True, type=click.Choice(["print", "screen", "html", "all"]),
                     help="Edition: print (default), screen (PDF), html (a web page) or all.")(f)
    f = click.option("--draft", is_flag=True, help="Allow unreviewed or incomplete translations (marked CONCEPT).")(f)
    return workspace_option(f)


def print_diagnostics(diagnostics: Iterable[Diagnostic], indent: str = "") -> None:
    """Each diagnostic once, one line each, on stderr."""
    for diagnostic in unique(diagnostics):
        click.echo(f"{indent}{diagnostic}", err=True)


def emit_json(data: dict[str, Any]) -> None:
    click.echo(json.dumps({"schema": JSON_SCHEMA, **data}, indent=2, ensure_ascii=False))


def report_error(error: KaartgenError, as_json: bool) -> None:
    """How every command answers a KaartgenError: its diagnostics, as lines or inside the JSON answer."""
    if as_json:
        emit_json({"ok": False, "diagnostics": [d.to_json() for d in unique(error.diagnostics)]})
    else:
        print_diagnostics(error.diagnostics)
