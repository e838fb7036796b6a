"""Readable terminal rendering of an Analysis (rich). Report text is printed as data, never markup nor
terminal control sequences (every value goes through ``printable``)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from rasad.cli.common import printable
from rasad.records import Analysis


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return printable(text if len(text) <= width else text[: width - 1] + "…")


def print_analysis(console: Console, analysis: Analysis) -> None:
    report = analysis.report
    head = Table.grid(padding=(0, 2))
    for label, value in [
        ("title", report.title),
        ("publisher", report.publisher),
        ("published", report.published_at),
        ("url", report.url),
        ("language", report.language),
        ("sha256", report.sha256),
        ("flags", ", ".join(report.flags)),
        ("pipeline", analysis.pipeline_version),
    ]:
        if value:
            head.add_row(f"[bold]{label}[/]", printable(str(value)))
    console.print(Panel(head, title="report", expand=False))
    if not report.text.strip():  # before the language: a page without text has none ("language None")
        console.print("[yellow]No text to analyse.[/]")
        return
    if not report.language_supported:
        console.print(f"[yellow]Not analysed:[/] language {printable(str(report.language))} is stored and flagged.")
        return

    counts = Counter(e.actor for e in analysis.entities if e.actor)
    names = {a.id: a.name for a in analysis.actors}
    if counts:
        table = Table(title="actors", title_justify="left")
        table.add_column("actor")
        table.add_column("kind")
        table.add_column("mentions", justify="right")
        kinds = {a.id: a.kind for a in analysis.actors}
        for actor_id, n in counts.most_common():
            table.add_row(printable(names.get(actor_id, actor_id)), kinds.get(actor_id, ""), str(n))
        console.print(table)

    if analysis.quotes:
        table = Table(title="quotes", title_justify="left")
        table.add_column("speaker")
        table.add_column("cue")
        table.add_column("kind")
        table.add_column("text")
        for q in analysis.quotes:
            table.add_row(printable(q.speaker or "?"), printable(q.cue or ""), q.kind, _clip(q.text))
        console.print(table)

    factual = [c for c in analysis.claims if c.factual]
    if factual:
        by = Counter(c.asserted_by for c in factual)
        share = analysis.unattributed_share or 0.0
        console.print(
            f"[bold]claims[/]: {len(factual)} factual sentences, {share:.0%} asserted by the author alone; "
            + ", ".join(f"{printable(k)} {v}" for k, v in by.most_common(5))
        )

    if analysis.dates:
        table = Table(title="dates", title_justify="left")
        for col in ("text", "value", "precision", "year known", "calendar"):
            table.add_column(col)
        for d in analysis.dates:
            table.add_row(_clip(d.text, 40), d.value or "", d.precision, "yes" if d.year_known else "no", d.calendar)
        console.print(table)

    if analysis.places:
        table = Table(title="places", title_justify="left")
        for col in ("text", "place", "province", "geonameid", "lat, lon"):
            table.add_column(col)
        for p in analysis.places:
            coords = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else ""
            table.add_row(_clip(p.text, 30), printable(p.name or ""), printable(p.province or ""), str(p.geonameid or ""), coords)
        console.print(table)

    if analysis.framing:
        by_tech = Counter(f.technique for f in analysis.framing)
        console.print(
            "[bold]framing[/]: " + ", ".join(f"{printable(t)} {n}" for t, n in by_tech.most_common())
        )
    if analysis.profile and analysis.profile.get("summary"):
        console.print(Panel(printable(analysis.profile["summary"]), title="profile", expand=False))

    if analysis.incidents:
        table = Table(title="incidents", title_justify="left")
        for col in ("type", "sub-type", "date", "place", "killed", "evidence"):
            table.add_column(col)
        text = report.text
        for inc in analysis.incidents:
            date = (inc.get("date") or {}).get("value") or ""
            place = (inc.get("place") or {}).get("name") or ""
            killed = ((inc.get("counts") or {}).get("killed") or {}) or {}
            ev = inc.get("evidence") or []
            snippet = text[ev[0]["start"] : ev[0]["end"]] if ev else ""
            table.add_row(
                printable(str(inc.get("type") or "")),
                printable(str(inc.get("sub_type") or "")),
                printable(str(date)),
                printable(str(place)),
                str(killed.get("min") if killed.get("min") is not None else ""),
                _clip(snippet, 60),
            )
        console.print(table)
