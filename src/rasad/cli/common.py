"""What every command module shares: the consoles, the one-line error exit, opening the log."""

from __future__ import annotations

import typer
from rich.console import Console

console = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_store_or_fail():
    """The log chosen by RASAD_DATABASE_URL (default: rasad.db in the working folder), or a one-line error."""
    from rasad.store import StoreError, open_store

    try:
        return open_store()
    except StoreError as exc:
        fail(str(exc))
    except Exception as exc:  # a database that cannot be opened: say which and why, in one line
        fail(f"cannot open the log: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
