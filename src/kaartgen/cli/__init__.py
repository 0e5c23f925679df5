"""Command line: a thin Click layer over the library. Commands parse options, call the API, print — and raise.

Errors are mapped in one place, `Main.invoke`: a `KaartgenError` is printed as its diagnostics (one line each, or
inside the JSON answer with ``--json``) and exits with its code — 2 for a usage error, 1 otherwise; Click's own
usage errors exit 2. Nothing becomes a traceback.
"""

from __future__ import annotations

from typing import Any

import click

from ..model.diagnostics import KaartgenError
from ..version import __version__
from .options import JSON_META, report_error


class Main(click.Group):
    """The `kaartgen` group: the one place where errors become output and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KaartgenError as error:
            report_error(error, bool(ctx.meta.get(JSON_META)))
            ctx.exit(error.exit_code)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kaartgen")
def main() -> None:
    """kaartgen — print-ready signal cards and posters from content, layout and region data."""


def _register_subcommands() -> None:
    """Commands live in modules by subject; this file only assembles them."""
    from .build import build, check, manifest, preflight
    from .i18n import i18n
    from .preview import preview
    from .studio import accounts, serve
    from .workspace import diff, editions, init, layouts, regions

    for command in (init, build, check, preflight, manifest, regions, layouts, editions, diff, i18n, preview,
                    serve, accounts):
        main.add_command(command)


_register_subcommands()
