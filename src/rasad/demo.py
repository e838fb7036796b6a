"""What ``make run`` does: ingest the bundled samples into the local log, summarise it, serve the app.

Idempotent: a second run finds everything stored (reports by SHA-256, registry rows by source key)
and only prints the summary and serves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rasad.records import Report
from rasad.store import Store, open_store


def victim_account_reports(path: Path) -> Iterator[Report]:
    """Each line's ``text`` as a report of its own (the other fields are evaluation gold: never read)."""
    from rasad.ingest import IngestError, read_bytes

    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            text = json.loads(line).get("text") or ""
            try:
                yield read_bytes(text.encode("utf-8"), source=f"{path.name}#line{number}", media_type="text/plain")
            except IngestError:
                continue


def print_summary(console: Console, store: Store) -> None:
    stats = store.stats()
    table = Table(title="the log", title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in stats.items():
        if isinstance(value, (int, float)):
            table.add_row(key.replace("_", " "), str(value))
    console.print(table)
    try:
        from rasad.log.queries import list_incidents
    except ImportError:
        return
    items = list_incidents(store, limit=10)
    if items:
        table = Table(title="incidents (first 10)", title_justify="left")
        for col in ("id", "type", "date", "province", "killed", "corroboration", "status"):
            table.add_column(col)
        for inc in items:
            table.add_row(*(escape(str(inc.get(k) if inc.get(k) is not None else "")) for k in
                            ("id", "event_type", "date", "province", "fatalities", "corroboration", "status")))
        console.print(table)


def run_demo(console: Console, *, samples: Path, host: str, port: int, serve: bool) -> None:
    from rasad.cli.progress import IntakeBar
    from rasad.log.importers import import_file
    from rasad.log.intake import Intake

    with open_store() as store:
        console.print(f"[bold]Rasad[/] log: {escape(repr(store))}")
        with IntakeBar() as bar:
            intake = Intake(store, batch_size=64, progress=bar)
            summary = intake.take([samples / "reports"])
            console.print(summary.describe())
            accounts = intake.take(victim_account_reports(samples / "victims" / "victim-accounts.jsonl"))
            intake.analyser.close()  # its worker process (the pipeline, a gigabyte) is not kept while serving
        console.print("victim accounts: " + accounts.describe().removeprefix("ingest: "))
        imported = import_file(store, "javidnam", samples / "javidnam" / "javidnam.csv")
        console.print("javidnam registry (Javidnam Open Archive, CC BY 4.0): " + imported.describe())
        print_summary(console, store)
        if serve:
            from rasad.cli.web import serve as serve_app

            serve_app(host=host, port=port, store=store)
