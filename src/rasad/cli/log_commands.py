"""Incident-log commands (part 4): ``incidents``, ``incident``, ``merge``, ``review``, ``import``,
``export``, ``sources``, ``watch``. Each parses its options and calls :mod:`rasad.log`; imported by
``rasad.cli.log``. Content from sources is printed as data (control characters and rich markup shown
escaped, ``cli.common.printable``), never interpreted."""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
import os
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from rasad.cli import app
from rasad.cli.common import console, printable
from rasad.cli.common import fail as _fail
from rasad.cli.common import open_store_or_fail as _open_store

MAX_ID = 2**62  # row ids and offsets past this do not fit SQLite's INTEGER (the web bounds them alike)


def _dump(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _e(value) -> str:
    """A stored value (a title, a source's name, a file name) as text the terminal shows and never obeys."""
    return printable("" if value is None else value)


# --- incidents ----------------------------------------------------------------------------------


# The log's filter as command options, shared by `incidents` and `export` (sqlite-utils' habit: one
# @output_options decorator gives every command the same flags): name -> (type, option).
FILTER_OPTIONS = {
    "event_type": (str, typer.Option(None, "--type", help="ACLED event type or sub-event type")),
    "date_from": (str, typer.Option(None, "--from", help="first date (YYYY, YYYY-MM or YYYY-MM-DD)")),
    "date_to": (str, typer.Option(None, "--to", help="last date")),
    "province": (str, typer.Option(None, "--province", help="province (admin1)")),
    "status": (str, typer.Option(None, "--status", help="unreviewed, confirmed, disputed or rejected")),
    "source": (str, typer.Option(None, "--source", help="source id, publisher, or source-key prefix (javidnam)")),
    "source_group": (str, typer.Option(None, "--source-group", help="one of the incident's independent source groups")),
    "min_corroboration": (int, typer.Option(None, "--min-corroboration", min=0,
                                            help="at least this many independent source groups")),
    "text": (str, typer.Option(None, "--text", help="words in the title, place, type or victims' names")),
}
SORT_HELP = "date, event_type, province, status, corroboration, fatalities or id"


def filter_options(sort: str, order: str):
    """Give a command the filter options (and --sort/--order with these defaults); it receives them as
    one ``where: IncidentFilter`` (no limit). A value the filter cannot use is a one-line error."""

    def decorate(command):
        signature = inspect.signature(command)
        options = {**FILTER_OPTIONS, "sort": (str, typer.Option(sort, "--sort", help=SORT_HELP)),
                   "order": (str, typer.Option(order, "--order", help="asc or desc"))}
        added = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=option, annotation=kind)
                 for name, (kind, option) in options.items()]
        kept = [p for p in signature.parameters.values() if p.name != "where"]

        @functools.wraps(command)
        def run(*args, **kwargs):
            from rasad.log.queries import FilterError, IncidentFilter

            fields = {name: kwargs.pop(name) for name in options}
            try:
                kwargs["where"] = IncidentFilter(**fields, limit=None)
            except FilterError as exc:
                _fail(str(exc))
            return command(*args, **kwargs)

        run.__signature__ = signature.replace(parameters=added + kept)  # the filter first in --help
        return run

    return decorate


@app.command()
@filter_options(sort="date", order="desc")
def incidents(
    where=None,
    limit: int = typer.Option(50, "--limit", min=1, max=10_000),
    offset: int = typer.Option(0, "--offset", min=0, max=MAX_ID),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """List incidents, newest first, filtered (the same query as the web's incident table)."""
    from rasad.log.queries import list_incidents

    with _open_store() as store:
        rows = list_incidents(store, where.replace(limit=limit, offset=offset))
    if as_json:
        _dump(rows)
        return
    table = Table(title=f"{len(rows)} incident(s)")
    for col in ("id", "date", "type", "place", "victims", "killed", "groups", "status"):
        table.add_column(col)
    for r in rows:
        victims = ", ".join(r["victims"][:3]) + (" …" if len(r["victims"]) > 3 else "")
        killed = _e(r["fatalities"]) + (" ⚠" if "killed" in r["conflicts"] else "")
        table.add_row(str(r["id"]), _e(r["date"]), _e(r["sub_type"] or r["event_type"]),
                      _e(", ".join(x for x in (r["place_name"], r["province"]) if x)), _e(victims), killed,
                      str(r["corroboration"]), _e(r["status"]))
    console.print(table)


@app.command()
def incident(
    incident_id: int = typer.Argument(..., min=1, max=MAX_ID, help="incident id"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """One incident: its accounts side by side with their sources, conflicting figures, history."""
    from rasad.log.service import incident_detail

    with _open_store() as store:
        d = incident_detail(store, incident_id)
    if d is None:
        _fail(f"no incident {incident_id}")
    if as_json:
        _dump(d)
        return
    console.print(f"[bold]Incident {d['id']}[/] — {_e(d['title'])}  [dim]({_e(d['status'])})[/]")
    console.print(f"independent source groups: {d['corroboration']} ({_e(', '.join(d['source_groups']))})")
    if d["merged_into"]:
        console.print(f"[yellow]merged into incident {d['merged_into']}[/]")
    acc = Table(title="accounts")
    for col in ("report", "source", "group", "rel.", "date", "place", "victims", "figures", "merge"):
        acc.add_column(col)
    for a in d["accounts"]:
        why = a["link"]["explanation"] or {}
        merge = "manual" if why.get("manual") else ("new" if why.get("new_incident") else
                                                    f"{why.get('score')} agreed: {', '.join(why.get('agreed', []))}")
        figs = ", ".join(f"{k} {_figure(v)}" for k, v in (a["counts"] or {}).items() if v not in (None, {}, ""))
        acc.add_row(str(a["incident_report_id"]), _e(a["source"]), _e(a["group"]), _e(a["reliability"] or "-"),
                    _e(a["date"]), _e(a["place_name"] or a["province"]), _e(", ".join(a["victims"])), _e(figs), _e(merge))
    console.print(acc)
    for kind, entries in (d["figures"] or {}).items():
        flag = " [red](conflicting)[/]" if kind in d["conflicts"] else ""
        side = "; ".join(f"{e['low']}{'–' + str(e['high']) if e['high'] != e['low'] else ''} ({_e(e['source'])})" for e in entries)
        console.print(f"{kind}: {side}{flag}  → conservative: {d['conservative'].get(kind)}")
    if d["history"]:
        hist = Table(title="review history")
        for col in ("event", "when", "who", "action", "field", "before", "after", "note"):
            hist.add_column(col)
        for e in d["history"]:
            hist.add_row(str(e["id"]), _e(e["at"]), _e(e["by"]), _e(e["action"]), _e(e["field"]),
                         _e(json.dumps(e["before"], ensure_ascii=False)), _e(json.dumps(e["after"], ensure_ascii=False)),
                         _e(e["note"]))
        console.print(hist)


def _figure(value: Any) -> str:
    """An account's figure as a reader writes it: "≥3 (دست‌کم سه)", "20–30", "12" (stored as {min, max, text})."""
    if not isinstance(value, dict):
        return str(value)
    low, high, words = value.get("min"), value.get("max"), str(value.get("text") or "").strip()
    shown = f"≥{low}" if high is None else (str(low) if low in (None, high) else f"{low}–{high}")
    return shown + (f" ({words})" if words and words not in (str(low), str(high)) else "")


@app.command("merge")
def merge_command(
    as_json: bool = typer.Option(False, "--json", help="print the counts as JSON"),
    engine: str = typer.Option("local", "--engine", help="local, or ray: score and write in parallel partitions on Ray"),
    address: str = typer.Option(None, "--address", help="--engine ray: the Ray cluster (default: a local Ray for the run)"),
    workers: int = typer.Option(2, "--workers", min=1, help="--engine ray: CPUs of the local Ray"),
) -> None:
    """Merge every incident report not yet in an incident (after `rasad ingest`; import and watch do it themselves).
    `--engine ray` gives the same links as a plain merge, for large batches (docs/scale.md)."""
    if engine not in ("local", "ray"):
        raise typer.BadParameter("--engine is local or ray")
    with _open_store() as store:
        if engine == "ray":
            from rasad.log.parallel_merge import merge_parallel

            result = merge_parallel(store, workers=workers, address=address)
        else:
            from rasad.log.service import merge_pending

            result = merge_pending(store)
    if as_json:
        _dump(result)
    else:
        console.print(f"{result['incident_reports']} incident report(s): {result['merged']} merged into existing incidents, "
                      f"{result['new_incidents']} new incident(s)")
        if result.get("unreadable"):
            console.print(f"[yellow]{result['unreadable']} of them hold a field stored in a form Rasad cannot read[/] "
                          "(left out of the merge, kept unchanged; `rasad incident ID` names it)", highlight=False)


# --- review -------------------------------------------------------------------------------------

review_app = typer.Typer(no_args_is_help=True, help="Review incidents (every action needs --note and --by).")
app.add_typer(review_app, name="review")

NOTE = typer.Option(..., "--note", help="why (required)")
INCIDENT = typer.Argument(..., min=1, max=MAX_ID)
BY = typer.Option(..., "--by", help="who you are")


def _review(call) -> None:
    from rasad.log.review import ReviewError

    with _open_store() as store:
        try:
            result = call(store)
        except ReviewError as exc:
            _fail(str(exc))
    console.print(f"[green]recorded[/] review event {result}")


@review_app.command("confirm")
def review_confirm(incident_id: int = INCIDENT, note: str = NOTE, by: str = BY) -> None:
    """Mark an incident confirmed."""
    from rasad.log.review import set_status

    _review(lambda s: set_status(s, incident_id, "confirm", by=by, note=note))


@review_app.command("reject")
def review_reject(incident_id: int = INCIDENT, note: str = NOTE, by: str = BY) -> None:
    """Mark an incident rejected (kept, with its sources)."""
    from rasad.log.review import set_status

    _review(lambda s: set_status(s, incident_id, "reject", by=by, note=note))


@review_app.command("dispute")
def review_dispute(incident_id: int = INCIDENT, note: str = NOTE, by: str = BY) -> None:
    """Mark an incident disputed."""
    from rasad.log.review import set_status

    _review(lambda s: set_status(s, incident_id, "dispute", by=by, note=note))


@review_app.command("merge")
def review_merge(target_id: int = INCIDENT, other_id: int = INCIDENT, note: str = NOTE, by: str = BY) -> None:
    """Move every account of OTHER_ID into TARGET_ID."""
    from rasad.log.review import merge

    _review(lambda s: merge(s, target_id, other_id, by=by, note=note))


@review_app.command("split")
def review_split(
    incident_id: int = INCIDENT,
    incident_reports: list[int] = typer.Argument(..., min=1, max=MAX_ID, help="incident report ids to take out"),
    note: str = NOTE,
    by: str = BY,
) -> None:
    """Take incident reports out of an incident into a new one."""
    from rasad.log.review import split

    _review(lambda s: "{} (new incident {})".format(*split(s, incident_id, incident_reports, by=by, note=note)))


@review_app.command("edit")
def review_edit(incident_id: int = INCIDENT, field: str = typer.Argument(...), value: str = typer.Argument(...),
                note: str = NOTE, by: str = BY) -> None:
    """Set FIELD of an incident to VALUE (figures stay derived from the sources)."""
    from rasad.log.review import edit

    _review(lambda s: edit(s, incident_id, field, value, by=by, note=note))


@review_app.command("public")
def review_public(
    incident_id: int = INCIDENT,
    name: str = typer.Argument(..., help="the victim's name as the incident shows it"),
    withhold: bool = typer.Option(False, "--withhold", help="withhold the name again (the default for everyone)"),
    note: str = NOTE,
    by: str = BY,
) -> None:
    """Let a public export (`rasad export --public`) name this victim of INCIDENT_ID, or, with --withhold, not."""
    from rasad.log.review import set_victim_public

    _review(lambda s: set_victim_public(s, incident_id, name, not withhold, by=by, note=note))


@review_app.command("undo")
def review_undo(event_id: int = typer.Argument(..., min=1, max=MAX_ID), note: str = NOTE, by: str = BY) -> None:
    """Undo review event EVENT_ID (a new event; the old one stays)."""
    from rasad.log.review import undo

    _review(lambda s: undo(s, event_id, by=by, note=note))


# --- import / export ---------------------------------------------------------------------------


@app.command("import")
def import_(
    kind: str = typer.Argument(..., help="javidnam, csv, json or jsonl"),
    path: Path = typer.Argument(..., help="the file"),
    mapping: str = typer.Option(None, "--mapping", help='CSV column mapping: JSON {"date": "event_date", ...} or a .json file'),
    merge: bool = typer.Option(True, "--merge/--no-merge", help="merge the new incident reports into the log"),
    as_json: bool = typer.Option(False, "--json", help="print the summary as JSON"),
) -> None:
    """Import a victims registry (javidnam), a CSV with a column mapping, JSON lines, or a Rasad export."""
    from rasad.log.importers import ImportError_, import_file

    cols = None
    if mapping:
        try:
            text = Path(mapping).read_text(encoding="utf-8") if mapping.endswith(".json") else mapping
            cols = json.loads(text)
            if not isinstance(cols, dict) or not all(isinstance(v, str) for v in cols.values()):
                raise ValueError("the mapping must be an object of field -> column name")
        except (OSError, ValueError) as exc:
            _fail(f"--mapping: {exc}")
    with _open_store() as store:
        try:
            summary = import_file(store, kind, path, mapping=cols, merge=merge)
        except ImportError_ as exc:
            _fail(str(exc))
    if as_json:
        _dump(summary.to_dict())
    else:
        console.print(printable(summary.describe()))
        for p in summary.problems[:10]:
            console.print(f"  [yellow]{printable(p)}[/]")


@app.command()
@filter_options(sort="id", order="asc")
def export(
    where=None,
    fmt: str = typer.Option("acled", "--format", help="acled (CSV), json, jsonl or geojson"),
    out: Path = typer.Option(None, "--out", help="file to write (default: standard output)"),
    force: bool = typer.Option(False, "--force", help="replace the --out file if it exists"),
    sign_key: Path = typer.Option(None, "--sign-key", help="Ed25519 private key (rasad keygen) to sign the "
                                  "manifest written beside --out (OUT.manifest.json)"),
    public: bool = typer.Option(False, "--public", help="safe to publish: no victim or witness names but those "
                                "marked public, no report text, notes or user names, places no finer than the town "
                                "(acled, json or geojson; does not re-import)"),
) -> None:
    """Export the incident log, or the incidents a filter selects (every record re-imports into an empty
    log with nothing lost; the web's downloads of a filter are the same files). With --out, a manifest
    beside the file gives its SHA-256 and the log's custody chain heads, signed with --sign-key. An ACLED
    export writes only the incidents ACLED can code; --out puts the others, with the reason, in OUT.uncoded.csv.
    --public writes what may be published instead."""
    from rasad.log.exporters import (UNCODED_WRITER, WRITERS, ExportError, Uncoded, incident_records,
                                     manifest_path, uncoded_path, write_text, write_to)
    from rasad.log.publish import PUBLIC_WRITERS, public_records
    from rasad.store.custody import CustodyError, load_private_key, make_manifest

    writers = PUBLIC_WRITERS if public else WRITERS
    if fmt not in writers:
        _fail(f"unknown format {fmt!r}{' for --public' if public else ''}: {', '.join(writers)}")
    records_of = public_records if public else incident_records
    if sign_key is not None and not out:
        _fail("--sign-key signs the manifest written beside --out: give --out too")
    try:
        private = load_private_key(sign_key) if sign_key is not None else None
    except CustodyError as exc:
        _fail(str(exc))
    # ACLED rows only for incidents ACLED can code; the others go to a side file with the reason
    uncoded = Uncoded() if fmt == "acled" else None  # --public: the side file's rows are the public rows
    options = {"uncoded": uncoded} if uncoded is not None else {}
    with _open_store() as store:
        _audit_cli_export(store, fmt, public, out)
        if out:
            def manifest(files):
                return make_manifest(store, files, private, export={"format": fmt})

            side = uncoded_path(out) if uncoded is not None else None
            if side is not None and (side.exists() or side.is_symlink()) and not force:
                _fail(f"{side} exists (use --force to replace it)")
            try:
                n = write_to(out, writers[fmt], records_of(store, where), force=force, manifest=manifest,
                             **options)
                if uncoded:  # part of the delivery: the manifest hashes it too
                    write_to(side, UNCODED_WRITER, uncoded.rows, force=True)
                    write_text(manifest_path(out), json.dumps(manifest([out, side]), indent=2, ensure_ascii=False)
                               + "\n", force=True)
                elif side is not None:
                    side.unlink(missing_ok=True)  # an earlier export's (replaced with --force): it described that one
            except ExportError as exc:
                _fail(str(exc))
            console.print(f"[green]exported[/] {n} incident(s) to {printable(out)}; manifest "
                          f"{printable(manifest_path(out))}" + (" (signed)" if private else ""), highlight=False)
            if uncoded:
                console.print(f"[yellow]{len(uncoded)} incident(s) cannot be coded as ACLED rows[/] (no date with "
                              f"its year, no place ...): written with the reason to {printable(side)}",
                              highlight=False)
        else:
            writers[fmt].write(records_of(store, where), sys.stdout, **options)
            if uncoded:
                typer.echo(f"{len(uncoded)} incident(s) cannot be coded as ACLED rows and were left out (--out FILE "
                           f"writes them, with the reason, beside it)", err=True)


def _audit_cli_export(store, fmt: str, public: bool, out: Path | None) -> None:
    """A CLI export goes to the audit trail too (the admin's audit page lists every export), under the
    account that ran it (``cli:<login>``)."""
    import getpass

    from rasad.store.schema import AuditEvent

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = str(os.getuid())
    with store.session() as db:
        db.add(AuditEvent(action="export.public" if public else "export", actor=f"cli:{who}",
                          detail={"format": fmt, "out": str(out) if out else "stdout"}))


# --- sources -----------------------------------------------------------------------------------

sources_app = typer.Typer(no_args_is_help=True,
                          help="The source registry: who is independent of whom, reliability; add and edit sources.")
app.add_typer(sources_app, name="sources")


@contextlib.contextmanager
def _seeded_store():
    from rasad.log.sources import seed_sources

    with _open_store() as store:
        seed_sources(store)
        yield store


@sources_app.command("list")
def sources_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every source with its affiliation, independence group and reliability."""
    from rasad.log.sources import list_sources

    with _seeded_store() as store:
        rows = list_sources(store)
    if as_json:
        _dump(rows)
        return
    table = Table(title=f"{len(rows)} source(s)")
    for col in ("id", "name", "affiliation", "group", "reliability"):
        table.add_column(col)
    for r in rows:
        table.add_row(_e(r["id"]), _e(r["name"]), _e(r["affiliation"]), _e(r["independence_group"]), _e(r["reliability"] or "-"))
    console.print(table)


@sources_app.command("show")
def sources_show(source_id: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """One source and the history of its reliability ratings."""
    from rasad.log.sources import show_source

    with _seeded_store() as store:
        d = show_source(store, source_id)
    if d is None:
        _fail(f"no source {source_id!r}")
    if as_json:
        _dump(d)
        return
    for k, v in d.items():
        if k not in ("reliability_history", "history"):
            console.print(f"{k}: {_e(v)}", highlight=False)
    for h in d["reliability_history"]:
        console.print(f"  {_e(h['at'])} {_e(h['by'])}: {_e(h['before'])} -> {_e(h['after'])} ({_e(h['note'])})", highlight=False)
    if d["history"]:
        console.print("history:")
    for h in d["history"]:
        change = f"{_e(h['before'])} -> {_e(h['after'])}" if h["field"] != "created" else "added"
        console.print(f"  {_e(h['at'])} {_e(h['by'])}: {_e(h['field'])} {change} ({_e(h['note'])})", highlight=False)


def _registry_call(call):
    """Run ``call(store)`` on the seeded log; a SourceError is a one-line error."""
    from rasad.log.sources import SourceError

    with _seeded_store() as store:
        try:
            return call(store)
        except SourceError as exc:
            _fail(str(exc))


@sources_app.command("set-reliability")
def sources_set_reliability(source_id: str, grade: str, note: str = NOTE, by: str = typer.Option("analyst", "--by")) -> None:
    """Rate a source on the Admiralty scale (A-F), with a note; the change is kept in its history."""
    from rasad.log.sources import set_reliability

    _registry_call(lambda store: set_reliability(store, source_id, grade, by=by, note=note))
    console.print(f"[green]{printable(source_id)}[/] rated {printable(grade.strip().upper() or 'unrated')}")


AFFILIATION_HELP = ("state_media, state_aligned, opposition_advocacy, independent_press, international_press, "
                    "ngo_monitor, official_body or unknown")


@sources_app.command("add")
def sources_add(
    source_id: str = typer.Argument(..., help="a short lower-case id, e.g. 'kurdistan-hrn'"),
    name: str = typer.Option(..., "--name", help="the name it publishes under"),
    affiliation: str = typer.Option("unknown", "--affiliation", help=AFFILIATION_HELP),
    group: str = typer.Option(None, "--group", help="independence group: another source's group makes it an outlet "
                                                     "of that organisation (default: its own id)"),
    alias: list[str] = typer.Option(None, "--alias", help="another name it goes by (repeatable)"),
    domain: list[str] = typer.Option(None, "--domain", help="a web domain that identifies it (repeatable)"),
    country: str = typer.Option(None, "--country", help="ISO country code"),
    source_note: str = typer.Option(None, "--source-note", help="where the classification comes from"),
    note: str = NOTE,
    by: str = typer.Option("analyst", "--by"),
) -> None:
    """Add a source to the registry; stored reports it published are attributed to it (kept in its history)."""
    from rasad.log.sources import add_source

    d = _registry_call(lambda store: add_source(store, source_id, name, affiliation=affiliation, independence_group=group,
                                                aliases=alias or (), domains=domain or (), country=country,
                                                note=source_note, by=by, why=note))
    console.print(f"[green]{_e(d['id'])}[/] added: {_e(d['name'])}, {_e(d['affiliation'])}, "
                  f"group {_e(d['independence_group'])}", highlight=False)


@sources_app.command("edit")
def sources_edit(
    source_id: str,
    name: str = typer.Option(None, "--name"),
    affiliation: str = typer.Option(None, "--affiliation", help=AFFILIATION_HELP),
    group: str = typer.Option(None, "--group", help="independence group"),
    add_alias: list[str] = typer.Option(None, "--add-alias"),
    remove_alias: list[str] = typer.Option(None, "--remove-alias"),
    add_domain: list[str] = typer.Option(None, "--add-domain"),
    remove_domain: list[str] = typer.Option(None, "--remove-domain"),
    country: str = typer.Option(None, "--country"),
    source_note: str = typer.Option(None, "--source-note", help="where the classification comes from"),
    note: str = NOTE,
    by: str = typer.Option("analyst", "--by"),
) -> None:
    """Change a source; each changed field is kept in its history and the incidents it feeds are re-derived."""
    from rasad.log.sources import edit_source

    changed = _registry_call(lambda store: edit_source(
        store, source_id, by=by, why=note, name=name, affiliation=affiliation, independence_group=group,
        add_aliases=add_alias or (), remove_aliases=remove_alias or (), add_domains=add_domain or (),
        remove_domains=remove_domain or (), country=country, note=source_note))
    console.print(f"[green]{_e(source_id)}[/]: " + (", ".join(changed) + " changed" if changed else "nothing to change"),
                  highlight=False)


@sources_app.command("attribute")
def sources_attribute() -> None:
    """Recognise the publisher of every stored report that has no source yet (metadata, URL domain,
    self-mention), with the registry as it is now; the incidents they feed are re-derived."""
    from rasad.log.sources import attribute_reports

    got = _registry_call(attribute_reports)
    console.print(f"{got['attributed']} of {got['read']} unattributed report(s) attributed", highlight=False)


# --- watch -------------------------------------------------------------------------------------


@app.command()
def watch(
    feeds: list[str] = typer.Argument(None, help="RSS/Atom feed URLs"),
    feeds_file: Path = typer.Option(None, "--feeds-file", help="a file with one feed URL per line"),
    interval: float = typer.Option(900.0, "--interval", help="seconds between polls", min=1.0),
    once: bool = typer.Option(False, "--once", help="poll once and stop"),
    analyse: bool = typer.Option(True, "--analyse/--no-analyse", help="run the analysis pipeline on new items"),
    allow_private: bool = typer.Option(False, "--allow-private", help="let feeds and items reach private addresses"),
) -> None:
    """Poll feeds, ingest new items through the SSRF guard, merge them; a restart fetches nothing twice."""
    from rasad.log.watch import read_feeds_file, watch as run_watch

    urls = list(feeds or [])
    if feeds_file:
        try:
            urls += read_feeds_file(feeds_file)
        except OSError as exc:
            _fail(f"cannot read {feeds_file}: {exc.strerror or exc}")
    if not urls:
        _fail("name at least one feed URL (or --feeds-file)")
    with _open_store() as store:
        try:
            run_watch(store, urls, interval=interval, once=once, allow_private=allow_private, analyse=analyse,
                      report=lambda line: console.print(printable(line), highlight=False))
        except KeyboardInterrupt:
            console.print("stopped")
