"""What every command module shares: the consoles, printing data as data, the one-line error exit,
opening the log."""

from __future__ import annotations

import re

import typer
from rich.console import Console
from rich.markup import escape

console = Console()
err = Console(stderr=True)

# C0 controls but tab and newline, DEL, C1 controls: ESC sequences can recolour, retitle or rewrite a
# terminal (and an OSC 52 can write the clipboard); a hostile title or file name must not reach it raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(value: object) -> str:
    """``value`` as text a terminal shows and never obeys: control characters become visible escapes
    (ESC -> ``\\x1b``) and rich markup is escaped (``[bold]`` stays those seven characters)."""
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))
    return escape(text)


def fail(message: str, code: int = 1) -> None:
    """Print one error line (its text is data: escaped, see ``printable``) and exit."""
    err.print(f"[bold red]error:[/] {printable(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """Print one warning line on standard error (its text is data, as in ``fail``)."""
    err.print(f"[bold yellow]warning:[/] {printable(message)}", highlight=False, soft_wrap=True)


def open_store_or_fail():
    """The log chosen by RASAD_DATABASE_URL (default: rasad.db in the working folder), or a one-line error."""
    from rasad.store import StoreError, open_store
    from rasad.store.problems import describe_storage_problem

    try:
        return open_store()
    except StoreError as exc:
        fail(str(exc))
    except Exception as exc:  # a database that cannot be opened: say which and why, in one line
        said = describe_storage_problem(exc)
        fail(f"cannot open the log: {said}" if said else
             f"cannot open the log: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
