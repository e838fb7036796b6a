"""Export the incident log: ACLED-style CSV, JSON, GeoJSON.

Every format carries, per incident, the *record*: the incident's status and analyst edits, each
incident report exactly as stored (with its source, its report's metadata, text and original
bytes, the merge explanation of its link) and the review history. Importing an export into an
empty log (``rasad import json|jsonl|csv``) rebuilds the same incidents from it: nothing lost.

The ACLED CSV uses ACLED's column names and codes (codebook 2023+: event_id_cnty, event_date,
year, time_precision, disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1,
actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country, admin1,
admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, notes,
fatalities, tags, timestamp), then Rasad's own columns. ``fatalities`` is the conservative figure
(ACLED's rule), the other figures are in ``rasad_figures`` with their sources.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import functools
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from rasad.incidents.lexicon import acled_table, lexicon, shipped_languages
from rasad.log.queries import IncidentFilter, incident_ids
from rasad.log.service import SourceIndex, accounts_of
from rasad.log.sources import source_dict
from rasad.store import Store
from rasad.store.db import jsonable
from rasad.store.rows import row_dict
from rasad.store.schema import IncidentRow, ReportRow, ReviewEvent, SourceRow

EXPORT_FORMAT = "rasad-incidents"
EXPORT_VERSION = 1

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
RASAD_COLUMNS = [
    "rasad_incident_id", "rasad_status", "rasad_date_precision", "rasad_corroboration", "rasad_source_groups",
    "rasad_victims", "rasad_figures", "rasad_conflicts", "rasad_record",
]

# ACLED codes for the countries we see most; others keep the ISO-2 code in `country` and no numeric iso.
COUNTRIES = {"IR": ("Iran", 364, "Middle East"), "IQ": ("Iraq", 368, "Middle East"), "TR": ("Turkey", 792, "Middle East"),
             "AF": ("Afghanistan", 4, "Caucasus and Central Asia"), "PK": ("Pakistan", 586, "Southern Asia")}
# ACLED's disorder types, inter codes (inter1/inter2: 1 state forces ... 7 civilians, 8 external/other forces)
# and time precision codes: the ACLED table, data/incidents/acled.yaml.
ACLED = acled_table()
INTER = ACLED.inter
TIME_PRECISION = ACLED.time_precision
# An actor 1 whose name holds one of these is the state's forces (the incident records' names, in every language
# with a vocabulary: a Persian report names "نیروهای امنیتی").
STATE_ACTOR_NAME_PARTS = tuple(p for lang in shipped_languages() for p in lexicon(lang).state_actor_name_parts)


def incident_records(store: Store, where: IncidentFilter | None = None, *, page: int = 100) -> Iterator[dict[str, Any]]:
    """The full record of each incident ``where`` selects (default: every incident with an account, in id
    order), in its order, a page at a time: bounded memory, and each page reads in its own short session,
    so a download streamed from worker threads never holds one open between them."""
    where = where if where is not None else IncidentFilter(sort="id", order="asc", limit=None)
    ids = incident_ids(store, where.replace(limit=None, offset=0))
    sources = SourceIndex.load(store)
    for start in range(0, len(ids), page):
        with store.read_session() as s:
            incidents = s.scalars(select(IncidentRow).where(IncidentRow.id.in_(ids[start : start + page])))
            by_id = {inc.id: inc for inc in incidents}
            records = [incident_record(s, by_id[i], sources) for i in ids[start : start + page] if i in by_id]
        yield from records


REPORT_FIELDS = ("id", "sha256", "source", "media_type", "title", "author", "publisher", "url", "published_at",
                 "retrieved_at", "language", "language_supported", "flags", "text")


def incident_record(s: Any, inc: IncidentRow, sources: SourceIndex) -> dict[str, Any]:
    """One incident as a self-contained record (read in session ``s``): what every export format carries."""
    reports = []
    for ir, link, _rep, account in accounts_of(s, inc.id, sources):
        report = None
        if ir.report_id:
            row = s.get(ReportRow, ir.report_id)
            if row is not None:
                report = {**row_dict(row, REPORT_FIELDS),
                          "original_b64": base64.b64encode(bytes(row.original or b"")).decode("ascii"),
                          "source_id": row.source_id}
        reports.append({
            "incident_report_id": ir.id,
            "source_key": ir.source_key,
            "source_id": ir.source_id,
            "pipeline_version": ir.pipeline_version,
            "ordinal": ir.ordinal,
            "report": report,
            "data": ir.data,
            # what of the stored row Rasad could not read (absent everywhere), and a stored data that is no record
            **({"unreadable": ir.problems} if ir.problems else {}),
            **({"data_as_stored": ir.raw_data} if "data" in ir.problems else {}),
            "group": account.group,
            "link": {"score": link.score, "explanation": link.explanation, "created_by": link.created_by,
                     "created_at": jsonable(link.created_at)},
        })
    events = s.scalars(select(ReviewEvent).where(ReviewEvent.incident_id == inc.id).order_by(ReviewEvent.id))
    used_sources = sorted({r["source_id"] for r in reports if r["source_id"]}
                          | {r["report"]["source_id"] for r in reports if r["report"] and r["report"]["source_id"]})
    source_rows = [s.get(SourceRow, sid) for sid in used_sources]
    return {
        "id": inc.id,
        "status": inc.status,
        "event_type": inc.event_type,
        "sub_type": inc.sub_type,
        "date": inc.date,
        "date_precision": inc.date_precision,
        "place_name": inc.place_name,
        "geonameid": inc.geonameid,
        "province": inc.province,
        "country": inc.country,
        "lat": inc.lat,
        "lon": inc.lon,
        "title": inc.title,
        "fatalities": inc.fatalities,
        "figures": inc.figures or {},
        "victims": inc.victims or [],
        "corroboration": inc.corroboration,
        "source_groups": inc.source_groups or [],
        "conflicts": (inc.data or {}).get("conflicts", []),
        "overrides": (inc.data or {}).get("overrides", {}),
        "updated_at": jsonable(inc.updated_at),
        "incident_reports": reports,
        "review_events": [
            {"id": e.id, "by": e.actor, "at": jsonable(e.at), "action": e.action, "field": e.field,
             "before": e.before, "after": e.after, "note": e.note}
            for e in events
        ],
        "sources": [source_dict(r) for r in source_rows if r is not None],
    }


# --- writers -------------------------------------------------------------------------------------


def json_document_chunks(records: Iterable[dict[str, Any]], fmt: str, version: int) -> Iterator[str]:
    """One JSON document: {"format", "version", "incidents": [...]}, record by record (the full and the
    public export alike)."""
    yield json.dumps({"format": fmt, "version": version})[:-1] + ', "incidents": [\n'
    for n, rec in enumerate(records):
        yield (",\n" if n else "") + json.dumps(rec, ensure_ascii=False)
    yield "\n]}\n"


def json_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    return json_document_chunks(records, EXPORT_FORMAT, EXPORT_VERSION)


def jsonl_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for rec in records:
        yield json.dumps(rec, ensure_ascii=False) + "\n"


def _actor_columns(rec: dict[str, Any]) -> dict[str, Any]:
    """actor1 (perpetrator) / actor2 (target) from the incident reports, with ACLED inter codes."""
    perpetrator = target = None
    for ir in rec["incident_reports"]:
        data = ir["data"]
        actors = data.get("actors") if isinstance(data.get("actors"), dict) else {}
        perpetrator = perpetrator or data.get("perpetrator") or actors.get("perpetrator") or actors.get("actor1")
        target = target or data.get("target") or actors.get("target") or actors.get("actor2")
    name = lambda a: (a.get("name") if isinstance(a, dict) else a) or ""  # noqa: E731
    country = COUNTRIES.get(rec.get("country") or "", (rec.get("country") or "", "", ""))[0]
    et = rec.get("event_type") or ""
    a1, a2 = name(perpetrator), name(target)
    inter1 = inter2 = ""
    if et == "Violence against civilians":
        a2 = a2 or (f"Civilians ({country})" if country else "Civilians")
        inter2 = INTER["civilians"]
    elif et == "Protests":
        a1 = a1 or (f"Protesters ({country})" if country else "Protesters")
        inter1 = INTER["protesters"]
    elif et == "Riots":
        a1 = a1 or (f"Rioters ({country})" if country else "Rioters")
        inter1 = INTER["rioters"]
    if a1 and any(w in a1.lower() for w in STATE_ACTOR_NAME_PARTS):
        inter1 = INTER["state"]
    codes = sorted(c for c in (inter1, inter2) if c != "")
    interaction = codes[0] * 10 + codes[1] if len(codes) == 2 else (codes[0] * 10 if codes else "")
    return {"actor1": a1, "assoc_actor_1": "", "inter1": inter1, "actor2": a2, "assoc_actor_2": "",
            "inter2": inter2, "interaction": interaction}


@functools.lru_cache(maxsize=1)
def iran_provinces() -> dict[str, dict[str, str]]:
    """Iran's 31 provinces (data/provinces.tsv) by English name: ACLED's admin1 values for Iran."""
    from rasad.analysis.gazetteer import PROVINCES_TSV

    lines = [ln for ln in PROVINCES_TSV.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {row["name"]: row for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)}


def acled_date(value: Any) -> str:
    """ACLED's event_date (YYYY-MM-DD) of a stored date: a day, a month's or a year's first day; "" where the
    value is no real date ("--01-03": a day without its year, which ACLED cannot code)."""
    date = str(value or "").strip()
    full = date if len(date) == 10 else (date + "-01" if len(date) == 7 else (date + "-01-01" if len(date) == 4 else ""))
    try:
        day = dt.date.fromisoformat(full)
    except ValueError:
        return ""
    return full if 1900 <= day.year <= dt.date.today().year + 1 else ""


def _admin1(rec: dict[str, Any]) -> str:
    """One of Iran's 31 provinces for an incident in Iran, else blank (never a town or junk as written)."""
    province = (rec.get("province") or "").strip()
    if (rec.get("country") or "IR") == "IR":
        return province if province in iran_provinces() else ""
    return "" if province in iran_provinces() else province


def _location(rec: dict[str, Any], admin1: str) -> tuple[str, Any, Any, Any]:
    """(location, latitude, longitude, geo_precision) with the place's GeoNames ASCII name ("Izeh", not "Īz̄eh");
    a name in another script that the gazetteer knows is shown by its ASCII name; a town it does not know is
    coded at its province's capital with geo_precision 3 (ACLED's rule for a region-only location); "" when
    there is neither."""
    from rasad.analysis.gazetteer import ascii_name

    lat = rec.get("lat") if rec.get("lat") is not None else ""
    lon = rec.get("lon") if rec.get("lon") is not None else ""
    # a town the registry named only as a quarter of it ("گلشهر کرج" -> Karaj): in or near it, precision 2
    stated = [(ir.get("data") or {}).get("geo_precision") for ir in rec.get("incident_reports") or []]
    stated = [g for g in stated if g in (1, 2, 3)]
    geo = (min(stated) if stated else 1) if rec.get("geonameid") else (3 if admin1 else "")
    name = ascii_name((rec.get("place_name") or "").strip())
    if name and not name.isascii():
        from rasad.analysis.where import resolve_place

        place = resolve_place(name, admin1 or None, fuzzy=False)
        name = place.name if place is not None and place.name and place.name.isascii() else ""
        if place is not None and name:
            lat, lon = (place.lat, place.lon) if lat == "" else (lat, lon)
            geo = geo or 2
    if not name and admin1 in iran_provinces():
        capital = _capital(admin1)
        name = capital.name if capital is not None else admin1
        if capital is not None and capital.lat is not None:
            lat, lon = capital.lat, capital.lon
        geo = 3
    return name, lat, lon, geo


@functools.lru_cache(maxsize=64)
def _capital(province: str):
    """The gazetteer entry of a province's capital town."""
    from rasad.analysis.gazetteer import get_gazetteer

    wanted = iran_provinces().get(province, {}).get("capital_geonameid")
    return next((e for e in get_gazetteer().entries if str(e.geonameid) == str(wanted) and e.feature == "city"), None)


def acled_problems(row: dict[str, Any]) -> list[str]:
    """Why an ACLED row cannot be coded (empty: a valid row): a real event_date with its year, time_precision
    1-3, admin1 one of Iran's provinces or blank, a location, an event type."""
    problems = []
    if not row.get("event_date"):
        problems.append("no event date with its year")
    elif str(row.get("year")) != row["event_date"][:4]:
        problems.append("year does not match event_date")
    if row.get("time_precision") not in (1, 2, 3):
        problems.append("no time precision 1-3")
    if row.get("country") == "Iran" and row.get("admin1") and row["admin1"] not in iran_provinces():
        problems.append(f"admin1 {row['admin1']!r} is not one of Iran's provinces")
    if not row.get("location"):
        problems.append("no place: neither a town nor a province")
    if not row.get("event_type"):
        problems.append("no event type")
    return problems


def acled_row(rec: dict[str, Any]) -> dict[str, Any]:
    country, iso, region = COUNTRIES.get(rec.get("country") or "", (rec.get("country") or "", "", ""))
    event_date = acled_date(rec.get("date"))
    admin1 = _admin1(rec)
    location, latitude, longitude, geo = _location(rec, admin1)
    disorder = ACLED.disorder(rec.get("event_type"), rec.get("sub_type"))
    sources = sorted({(ir["report"] or {}).get("publisher") or ir["source_id"] or (ir["source_key"] or "").split(":")[0]
                      for ir in rec["incident_reports"]} - {None, ""})
    notes = rec.get("title") or ""
    if rec.get("conflicts"):
        parts = []
        for kind in rec["conflicts"]:
            figs = "; ".join(f"{f['low']}{'-' + str(f['high']) if f['high'] != f['low'] else ''} ({f['source']})"
                             for f in rec["figures"].get(kind, []))
            parts.append(f"{kind} reported as {figs}")
        notes += ". Conflicting figures: " + " | ".join(parts)
    updated = rec.get("updated_at")
    try:
        ts = int(dt.datetime.fromisoformat(updated).timestamp()) if updated else ""
    except ValueError:
        ts = ""
    row = {
        "event_id_cnty": f"{(rec.get('country') or 'XX')}RSD{rec['id']}",
        "event_date": event_date,
        "year": event_date[:4] if event_date else "",
        "time_precision": TIME_PRECISION.get(rec.get("date_precision") or "", 3 if event_date else ""),
        "disorder_type": disorder,
        "event_type": rec.get("event_type") or "",
        "sub_event_type": rec.get("sub_type") or "",
        **_actor_columns(rec),
        "civilian_targeting": "Civilian targeting" if rec.get("event_type") == "Violence against civilians" else "",
        "iso": iso,
        "region": region,
        "country": country,
        "admin1": admin1,
        "admin2": "",
        "admin3": "",
        "location": location,
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": geo,
        "source": "; ".join(sources),
        "source_scale": "Other",
        "notes": notes,
        "fatalities": rec.get("fatalities") if rec.get("fatalities") is not None else 0,
        "tags": "; ".join(f"victim: {v['name']}" for v in rec.get("victims") or []),
        "timestamp": ts,
        "rasad_incident_id": rec["id"],
        "rasad_status": rec["status"],
        "rasad_date_precision": rec.get("date_precision") or "",
        "rasad_corroboration": rec.get("corroboration"),
        "rasad_source_groups": "; ".join(rec.get("source_groups") or []),
        "rasad_victims": "; ".join(v["name"] for v in rec.get("victims") or []),
        "rasad_figures": json.dumps(rec.get("figures") or {}, ensure_ascii=False),
        "rasad_conflicts": "; ".join(rec.get("conflicts") or []),
        "rasad_record": json.dumps(rec, ensure_ascii=False),
    }
    return row


def csv_safe(value: Any) -> Any:
    # Spreadsheet formula injection: a cell starting with = + - @ runs as a formula in Excel/LibreOffice,
    # and titles, notes and names come from reports. A leading apostrophe makes it text. (Import reads
    # the rasad_record JSON cell, which starts with "{", so the round trip is unaffected.)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def safe_acled_row(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: csv_safe(v) for k, v in acled_row(rec).items()}


class Uncoded:
    """The incidents an ACLED export left out because they cannot be coded, each with its reasons: the rows
    of a side file (``--out X.csv`` writes them to ``X.uncoded.csv``)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any], reasons: list[str]) -> None:
        self.rows.append({**row, UNCODED_COLUMN: "; ".join(reasons)})

    def __len__(self) -> int:
        return len(self.rows)


UNCODED_COLUMN = "rasad_uncoded_reason"


def acled_chunks(records: Iterable[dict[str, Any]], uncoded: Uncoded | None = None) -> Iterator[str]:
    """The ACLED CSV (header, then a line per incident that ACLED can code), formula-safe. An incident that
    cannot be coded (no date with its year, no place ...: ``acled_problems``) is not written; it goes to
    ``uncoded`` with its reasons when one is given."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS + RASAD_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for rec in records:
        row = acled_row(rec)
        problems = acled_problems(row)
        if problems:
            if uncoded is not None:
                uncoded.add(row, problems)
            continue
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def geojson_feature(rec: dict[str, Any]) -> dict[str, Any]:
    geometry = ({"type": "Point", "coordinates": [rec["lon"], rec["lat"]]}
                if rec.get("lat") is not None and rec.get("lon") is not None else None)
    props = {k: v for k, v in rec.items() if k not in ("incident_reports", "review_events", "sources")}
    props["sources"] = sorted({ir["source_id"] or (ir["source_key"] or "").split(":")[0] or (ir["report"] or {}).get("publisher") or ""
                               for ir in rec["incident_reports"]} - {""})
    props["record"] = rec  # the full record, so a GeoJSON export also re-imports
    return {"type": "Feature", "id": rec["id"], "geometry": geometry, "properties": props}


def geojson_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": [\n'
    for n, rec in enumerate(records):
        yield (",\n" if n else "") + json.dumps(geojson_feature(rec), ensure_ascii=False)
    yield "\n]}\n"


@dataclass(frozen=True)
class Writer:
    """An export format: its text, a chunk at a time (so the web streams it and the CLI writes it),
    and what a download of it is called."""

    name: str
    media_type: str
    extension: str
    chunks: Callable[[Iterable[dict[str, Any]]], Iterator[str]]

    def write(self, records: Iterable[dict[str, Any]], out: IO[str], **options: Any) -> int:
        """Write every record to ``out``; the number of records written (``options`` go to the chunks: the
        ACLED writer's ``uncoded``, which collects the incidents it leaves out and are not counted)."""
        counted = _Counted(records)
        for chunk in self.chunks(counted, **options):
            out.write(chunk)
        left_out = options.get("uncoded")
        return counted.n - (len(left_out) if left_out is not None else 0)


class _Counted:
    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.records, self.n = records, 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for rec in self.records:
            self.n += 1
            yield rec


# The export formats by name (Datasette's renderer registry): the CLI's --format and the web's downloads.
WRITERS = {
    writer.name: writer
    for writer in (
        Writer("acled", "text/csv; charset=utf-8", "csv", acled_chunks),
        Writer("json", "application/json", "json", json_chunks),
        Writer("jsonl", "application/x-ndjson", "jsonl", jsonl_chunks),
        Writer("geojson", "application/geo+json", "geojson", geojson_chunks),
    )
}


def writer_for_extension(extension: str) -> Writer | None:
    return next((w for w in WRITERS.values() if w.extension == extension), None)


def export(store: Store, fmt: str, out: IO[str], *, where: IncidentFilter | None = None,
           uncoded: Uncoded | None = None) -> int:
    """Write the incidents ``where`` selects (default: all, in id order) to ``out`` as ``fmt``; the number
    written (for ``acled``, the incidents it cannot code go to ``uncoded`` when given, and are not counted)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}: {', '.join(WRITERS)}")
    options = {"uncoded": uncoded} if fmt == "acled" and uncoded is not None else {}
    return WRITERS[fmt].write(incident_records(store, where), out, **options)


def uncoded_path(path: Path) -> Path:
    """Where ``--out X.csv`` puts the incidents ACLED cannot code: ``X.uncoded.csv`` beside it."""
    path = Path(path)
    return path.with_name(f"{path.stem}.uncoded{path.suffix or '.csv'}")


def uncoded_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The side file: the ACLED columns as far as they could be filled, the reason, the full record (so the
    incidents re-import from it as from the export)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[UNCODED_COLUMN] + ACLED_COLUMNS + RASAD_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


UNCODED_WRITER = Writer("acled-uncoded", "text/csv; charset=utf-8", "csv", uncoded_chunks)


class ExportError(Exception):
    """An export file could not be written; the message says why, in one line."""


def manifest_path(path: Path) -> Path:
    """Where an export's manifest goes: beside it, ``NAME.manifest.json``."""
    return Path(path).with_name(Path(path).name + ".manifest.json")


def write_text(path: Path, data: str, *, force: bool = False) -> None:
    """``data`` written to ``path`` the way :func:`write_to` writes an export (refused if it exists
    unless ``force``; a temporary file renamed into place). Raises :class:`ExportError`."""

    class _Text:
        def write(self, _records: Iterable[dict[str, Any]], out: Any) -> int:
            out.write(data)
            return 1

    write_to(path, _Text(), [], force=force)  # type: ignore[arg-type]


def write_to(path: Path, writer: Writer, records: Iterable[dict[str, Any]], *, force: bool = False,
             manifest: Callable[[list[Path]], dict[str, Any]] | None = None, **options: Any) -> int:
    """Write ``records`` as ``writer``'s format to the file ``path``; the number written.

    An existing file is refused unless ``force``. The text goes to a fresh temporary file made in
    ``path``'s folder (``tempfile`` creates it with O_EXCL and mode 0600, so a symlink planted there
    is never followed) and is renamed onto ``path`` only when complete: a reader never sees half an
    export, and a failure leaves nothing behind. Raises :class:`ExportError`."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"{path} is a folder, not a file")
    if not folder.is_dir():
        raise ExportError(f"no folder {folder} to write {path.name} into")
    if (path.exists() or path.is_symlink()) and not force:
        raise ExportError(f"{path} exists (use --force to replace it)")
    if manifest is not None and (manifest_path(path).exists() or manifest_path(path).is_symlink()) and not force:
        raise ExportError(f"{manifest_path(path)} exists (use --force to replace it)")
    try:
        tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed or removed
            "w", encoding="utf-8", newline="", dir=folder, prefix=f".{path.name}.", suffix=".partial", delete=False)
    except OSError as exc:
        raise ExportError(f"cannot write into {folder}: {exc.strerror or exc}") from exc
    try:
        with tmp:
            n = writer.write(records, tmp, **options)
        os.replace(tmp.name, path)
    except OSError as exc:
        os.unlink(tmp.name)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        os.unlink(tmp.name)
        raise
    if manifest is not None:  # the file's hashes, the log's chain heads, a signature (rasad.store.custody)
        write_text(manifest_path(path), json.dumps(manifest([path]), indent=2, ensure_ascii=False) + "\n",
                   force=True)
    return n
