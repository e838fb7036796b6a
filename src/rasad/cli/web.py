"""``rasad serve`` (the web app) and ``rasad users add/set-password`` (accounts)."""

from __future__ import annotations

import getpass

import typer

from rasad.cli import app, common

users_app = typer.Typer(no_args_is_help=True, help="Web app accounts (roles: viewer, analyst, admin).")
app.add_typer(users_app, name="users")


_open_store = common.open_store_or_fail


def serve(host: str = "127.0.0.1", port: int = 8000, store=None) -> None:
    """Create the first admin if there are no users (printing the one-time password once) and run
    the app with uvicorn. ``rasad demo`` calls this after ingesting the samples."""
    from rasad.web import create_app
    from rasad.web.auth import ensure_first_admin
    from rasad.web.server import serve_app

    store = store or _open_store()
    password = ensure_first_admin(store)
    scheme_note = "" if host in ("127.0.0.1", "localhost", "::1") else (
        "  (not loopback: put it behind HTTPS so cookies are Secure)"
    )
    typer.echo(f"Rasad web app: http://{host}:{port}/{scheme_note}")
    if password:
        typer.echo(f"First admin: user 'admin', one-time password: {password}")
        typer.echo("  (shown once; you choose a new password at first sign-in)")
    serve_app(create_app(store), host=host, port=port)


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", help="address to listen on (loopback by default)"),
    port: int = typer.Option(8000, help="port to listen on"),
) -> None:
    """Serve the web app (sign-in required for everything)."""
    serve(host=host, port=port)


def _password(password: str | None) -> str:
    if password:
        return password
    first = getpass.getpass("Password (at least 12 characters): ")
    if first != getpass.getpass("Again: "):
        typer.echo("error: the passwords differ", err=True)
        raise typer.Exit(1)
    return first


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="the new user's name"),
    role: str = typer.Option("viewer", help="viewer, analyst or admin"),
    password: str = typer.Option(None, help="prompted for when left out (keeps it out of shell history)"),
) -> None:
    """Add a web app user."""
    from rasad.web.auth import create_user

    store = _open_store()
    secret = _password(password)
    try:
        with store.session() as db:
            create_user(db, username, secret, role=role, actor="cli")
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"added {username} ({role})")


@users_app.command("set-password")
def users_set_password(
    username: str = typer.Argument(...),
    password: str = typer.Option(None, help="prompted for when left out"),
) -> None:
    """Set a user's password (ends all their sessions)."""
    from rasad.web.auth import set_password

    store = _open_store()
    secret = _password(password)
    try:
        with store.session() as db:
            set_password(db, username, secret, actor="cli")
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"password of {username} changed; their sessions were ended")
