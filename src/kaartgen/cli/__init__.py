"""Command line: a thin Click layer over the library. Commands parse options, call the API, print — and raise.

Errors are mapped in one place, `Main.invoke`: a `KaartgenError` is printed as its diagnostics (one line each, or
inside the JSON answer with ``--json``) and exits with its code — 2 for a usage error, 1 otherwise; Click's own
usage errors exit 2. Nothing becomes a traceback.
"""

from __future__ import annotations

import gc
from typing import Any

import click

from ..model.diagnostics import KaartgenError
from ..version import __version__
from .options import JSON_META, report_error


class Main(click.Group):
    """The `kaartgen` group: the one place where errors become output and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        # Everything imported so far lives as long as the process: kept out of the collector (gc.freeze) so that
        # a build's collections walk only what the build makes, and those less often (a card makes ~100 000
        # short-lived objects; the default 700 ran a collection every few text runs).
        gc.freeze()
        gc.set_threshold(20_000, 20, 50)
        try:
            return super().invoke(ctx)
        except KaartgenError as error:
            report_error(error, bool(ctx.meta.get(JSON_META)))
            ctx.exit(error.exit_code)
        finally:
            gc.freeze()  # the process ends now: the final collection at exit need not walk the build's heap


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
