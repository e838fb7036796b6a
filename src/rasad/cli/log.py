"""Commands on the incident log: ``stats`` and ``backup`` (store), later ``incidents``, ``incident``,
``review``, ``import``, ``export``, ``sources``, ``watch`` (log helper). Each is a few lines over the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from rasad.cli import app, common

console, err, _fail, _open_store = common.console, common.err, common.fail, common.open_store_or_fail


@app.command()
def stats(as_json: bool = typer.Option(False, "--json", help="print the counts as JSON")) -> None:
    """Counts of reports, analyses, incident reports, incidents and review events in the log."""
    with _open_store() as store:
        counts = store.stats()
    if as_json:
        sys.stdout.write(json.dumps(counts, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"Rasad log: {common.printable(counts['database'])}", show_header=False)
    for key, value in counts.items():
        if key in ("database", "backend"):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in sorted(value.items())) or "-"
        table.add_row(key.replace("_", " "), str(value))
    console.print(table)


@app.command()
def backup(
    path: Path = typer.Argument(..., help="where to write the copy (a new SQLite file)"),
    overwrite: bool = typer.Option(False, "--overwrite", help="replace PATH if it exists"),
) -> None:
    """A consistent, verified copy of the live SQLite log (online backup API; writers keep going).
    For PostgreSQL it prints the pg_dump line to use instead."""
    from rasad.store import StoreError
    from rasad.store.backup import BackupError

    with _open_store() as store:
        try:
            result = store.backup(path, overwrite=overwrite)
        except (StoreError, BackupError, OSError) as exc:
            _fail(str(exc))
    rows = sum(result["counts"].values())
    console.print(
        f"[green]backup written[/] {common.printable(result['path'])} ({result['bytes']:,} bytes, {rows:,} rows); "
        f"integrity_check: {result['integrity_check']}, row counts match"
        + ("; encrypted with the log's key" if result.get("encrypted") else ""),
        highlight=False,
    )


# --- incident-log commands (part 4: incidents, incident, review, import, export, sources, watch) ------
# They live in rasad.cli.log_commands (the log helper's module) and register on `app` when imported.
from rasad.cli import log_commands  # noqa: E402,F401
