"""What ``make run`` does: ingest the bundled samples into the local log, summarise it, serve the app.

Idempotent: a second run finds everything stored (reports by SHA-256, registry rows by source key)
and only prints the summary and serves.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
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


def store_reports(store: Store, reports: Iterable[Report], *, batch_size: int = 64) -> dict[str, int]:
    """Store in-memory reports with their analyses and incident reports, one transaction per batch."""
    from rasad.analysis.pipeline import analyze_many, load_nlp, pipeline_version

    nlp = load_nlp()
    version = pipeline_version()
    counts = Counter()
    batch: list[Report] = []

    def flush() -> None:
        todo = [r for r in batch if not store.has_analysis(r.id, version)]
        analyses = list(analyze_many(todo, nlp=nlp)) if todo else []
        with store.session() as s:
            for report in batch:
                counts["added" if store.add_report(report, session=s) else "already stored"] += 1
            for analysis in analyses:
                store.add_analysis(analysis, session=s)
                counts["analysed"] += 1
                if analysis.incidents:
                    ids = store.add_incident_reports(analysis.report.id, analysis.pipeline_version, analysis.incidents, session=s)
                    counts["incident reports"] += len(ids)
        batch.clear()

    for report in reports:
        batch.append(report)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return dict(counts)


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
        from rasad.log.service import list_incidents
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
    from rasad.store.ingest_loop import ingest_paths

    store = open_store()
    console.print(f"[bold]Rasad[/] log: {escape(repr(store))}")
    summary = ingest_paths(store, [samples / "reports"], progress=True)
    console.print(summary.describe())
    counts = store_reports(store, victim_account_reports(samples / "victims" / "victim-accounts.jsonl"))
    console.print("victim accounts: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    try:
        from rasad.log.importers import import_file
    except ImportError:
        import_file = None
    if import_file is not None:
        imported = import_file(store, "javidnam", samples / "javidnam" / "javidnam.csv")
        console.print("javidnam registry (Javidnam Open Archive, CC BY 4.0): " + imported.describe())
        from rasad.log.service import merge_pending

        merged = merge_pending(store)
        console.print("merge: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in merged.items()))
    print_summary(console, store)
    if serve:
        from rasad.cli.web import serve as serve_app

        serve_app(host=host, port=port, store=store)
