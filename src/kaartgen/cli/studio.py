"""`kaartgen serve` (the studio) and `kaartgen accounts` (who may use it on a shared server)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..model.diagnostics import ERROR, Diagnostic, KaartgenError, UsageError
from .options import workspace_option

if TYPE_CHECKING:
    from ..studio.accounts import Accounts

LOCAL = ("127.0.0.1", "localhost", "::1")
MIN_USERS_FOR_SHARED = 2  # four eyes: a change needs a second person to approve it


def _accounts_path(workspace: Path, accounts: Path | None) -> Path:
    from ..studio.accounts import Accounts

    return accounts if accounts is not None else Accounts.default_path(workspace)


@click.command()
@workspace_option
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=8150, show_default=True,
              help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on. Anything but this computer needs accounts (kaartgen accounts add).")
@click.option("--accounts", "accounts_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Account store (default: .kaartgen-studio/accounts.sqlite in the workspace).")
@click.option("--threads", type=click.IntRange(1, 32), default=4, show_default=True, help="Requests served at once.")
@click.option("--behind-https-proxy", is_flag=True,
              help="A web server in front of the studio speaks HTTPS and forwards to it (X-Forwarded-For, "
                   "-Proto and -Host). Needed to share the studio on a network; needs accounts.")
def serve(workspace: Path, port: int, host: str, accounts_file: Path | None, threads: int,
          behind_https_proxy: bool) -> None:
    """Start the studio: a web page per region to check and change its contact details, with a live preview,
    the proof and downloads. Open the address it prints in a browser; stop it with Ctrl-C."""
    import waitress

    from ..load.settings import require_workspace
    from ..studio import create_app
    from ..studio.accounts import Accounts

    workspace = workspace.resolve()
    require_workspace(workspace)
    path = _accounts_path(workspace, accounts_file)
    accounts = Accounts(path) if path.exists() else None
    local = host in LOCAL
    shared = not local or behind_https_proxy
    if shared:
        users = accounts.users() if accounts is not None else []
        if len(users) < MIN_USERS_FOR_SHARED:
            where = f"listens on '{host}'" if not local else "is reached through a proxy"
            raise UsageError(Diagnostic(
                ERROR, f"the studio {where} only with accounts: other computers could change contact "
                       f"data without anyone logging in", key="--host" if not local else "--behind-https-proxy",
                hint=f"add at least {MIN_USERS_FOR_SHARED} users (a change needs a second person's approval): "
                     f"kaartgen accounts add NAME --region REGION; or leave out --host to use it on this computer"))
    if not local and not behind_https_proxy:
        raise UsageError(Diagnostic(
            ERROR, f"the studio speaks plain HTTP: on '{host}' passwords and session cookies would cross the "
                   f"network unencrypted", key="--host",
            hint="put a web server that speaks HTTPS (such as Caddy or nginx) in front of the studio, let it "
                 "forward to 127.0.0.1:PORT, and start the studio with --behind-https-proxy and without --host"))
    app = create_app(workspace, accounts=accounts, local=not shared, behind_https_proxy=behind_https_proxy)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kaartgen studio for {workspace}: http://{shown}:{port}/  (Ctrl-C stops it)")
    if behind_https_proxy:
        click.echo("behind an HTTPS proxy: open the studio at the proxy's https:// address")
    if accounts is not None:
        click.echo(f"accounts: {path} ({len(accounts.users())} users); changes need a second person's approval")
    waitress.serve(app, host=host, port=port, threads=threads, ident="kaartgen", _quiet=True)


@click.group()
def accounts() -> None:
    """Accounts for a shared studio server: who may log in and which regions each may change."""


def _open(workspace: Path, accounts_file: Path | None) -> Accounts:
    from ..studio.accounts import Accounts

    return Accounts(_accounts_path(workspace.resolve(), accounts_file))


def _account_error(error: Exception) -> KaartgenError:
    return UsageError(Diagnostic(ERROR, str(error), key="accounts"))


accounts_option = click.option("--accounts", "accounts_file", type=click.Path(dir_okay=False, path_type=Path),
                               default=None, help="Account store (default: .kaartgen-studio/accounts.sqlite).")


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password (at least 12 characters)", hide_input=True, confirmation_prompt=True))


@accounts.command("add")
@workspace_option
@accounts_option
@click.argument("name")
@click.option("--region", "-r", "regions", multiple=True, help="A region this user may change ('*' for all). "
                                                               "Repeatable.")
@click.option("--admin", is_flag=True, help="May change every region.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def add(workspace: Path, accounts_file: Path | None, name: str, regions: tuple[str, ...], admin: bool,
        password_stdin: bool) -> None:
    """Add a user who may change the regions given."""
    from ..load.regions import list_regions
    from ..studio.accounts import AccountError

    known = set(list_regions(workspace))
    for region in regions:
        if region != "*" and region not in known:
            raise UsageError(Diagnostic(ERROR, f"no region '{region}' in this workspace", key="--region",
                                        hint="known regions: " + (", ".join(sorted(known)) or "none")))
    store = _open(workspace, accounts_file)
    try:
        store.add_user(name, _password(password_stdin), regions, admin=admin)
    except AccountError as error:
        raise _account_error(error) from None
    click.echo(f"added {name}" + (f" for {', '.join(regions)}" if regions else "") + (" (admin)" if admin else ""))


@accounts.command("list")
@workspace_option
@accounts_option
def list_users(workspace: Path, accounts_file: Path | None) -> None:
    """List the users and their regions."""
    store = _open(workspace, accounts_file)
    for user in store.users():
        regions = "every region" if user.admin else ", ".join(user.regions) or "no regions"
        click.echo(f"{user.name}\t{regions}")


@accounts.command("remove")
@workspace_option
@accounts_option
@click.argument("name")
def remove(workspace: Path, accounts_file: Path | None, name: str) -> None:
    """Remove a user."""
    from ..studio.accounts import AccountError

    try:
        _open(workspace, accounts_file).remove_user(name)
    except AccountError as error:
        raise _account_error(error) from None
    click.echo(f"removed {name}")


@accounts.command("password")
@workspace_option
@accounts_option
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def password(workspace: Path, accounts_file: Path | None, name: str, password_stdin: bool) -> None:
    """Set a user's password."""
    from ..studio.accounts import AccountError

    try:
        _open(workspace, accounts_file).set_password(name, _password(password_stdin))
    except AccountError as error:
        raise _account_error(error) from None
    click.echo(f"password of {name} changed")
