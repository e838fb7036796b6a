"""Import structured sources into the log as incident reports (then merged like any other).

- ``javidnam``: the Javidnam victims registry CSV (UTF-8 with BOM; columns in
  samples/javidnam/README.md). Each row is one incident report of a killing, source key
  ``javidnam:<id>``, source ``javidnam``. Rows of one registry are distinct records by the
  registry's own account, so they are never merged with each other automatically.
- ``csv``: any CSV with a column mapping (our field -> the file's column), e.g.
  ``{"date": "event_date", "event_type": "event_type", "place_name": "location", ...}``;
  ACLED-style CSVs (and our own export) are recognised by their header without a mapping.
- ``jsonl``: one incident-report dict per line (our JSON export's shape).

Importing the same file twice adds nothing (source keys are unique per pipeline version).
Bad rows are counted and reported, never fatal; the file is streamed (bounded memory).
"""

from __future__ import annotations

import base64
import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rasad.log import json_input  # nesting limited: deep JSON is a bad row, not a RecursionError
from rasad.store import Store, incident_report_row
from rasad.store.schema import INCIDENT_STATUSES, IncidentReportRow, SourceRow

IMPORT_VERSION = "import-1"  # the pipeline_version of imported incident reports
JAVIDNAM_SOURCE = {
    "id": "javidnam",
    "name": "Javidnam Open Archive",
    "aliases": ["Javidnam", "جاویدنام"],
    "domains": [],
    "affiliation": "opposition_advocacy",
    "independence_group": "javidnam",
    "note": "victims registry; CC BY 4.0; one-sided by design (samples/javidnam/README.md)",
}
MAX_FIELD = 64 * 1024 * 1024  # csv's field size limit (our export's rasad_record cells carry whole reports)


class ImportError_(ValueError):
    """A file that cannot be imported at all (with a one-line reason)."""


@dataclass
class ImportSummary:
    read: int = 0
    added: int = 0
    skipped: int = 0  # already in the log
    bad: int = 0
    problems: list[str] = field(default_factory=list)
    merge: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        s = f"read {self.read}, added {self.added}, already present {self.skipped}, bad rows {self.bad}"
        if self.merge:
            s += f"; merged {self.merge.get('merged', 0)} into existing incidents, {self.merge.get('new_incidents', 0)} new incidents"
        return s

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "added": self.added, "skipped": self.skipped, "bad": self.bad,
                "problems": self.problems[:50], "merge": self.merge}


# --- places and dates ------------------------------------------------------------------------


def _resolve_place(city: str | None, province: str | None) -> dict[str, Any]:
    """English province and GeoNames place for Persian (or Latin) names, through the where stage.

    ``province`` is kept only when it is one of Iran's 31 provinces. Anything else goes where it belongs,
    with a flag in ``place_flags``: a town given as a province ("Karaj", "کرج") gives its own province and
    stands for the town when no town is named; a place abroad (بغداد, تل آویو) gives its country; junk ("ن. م",
    "]") leaves the province unknown. A town name the gazetteer does not know alone is tried without its last
    word (a county or city after a town: "رباط کریم تهران") and then as its last word (a quarter and its city:
    "فردیس کرج" -> Karaj, a place in or near it)."""
    out: dict[str, Any] = {}
    flags: list[str] = []
    try:
        from rasad.analysis.gazetteer import province_name
        from rasad.analysis.where import resolve_place
    except ImportError:  # the where stage is absent in a minimal build: keep the names as written
        return {"province": province or None}
    prov = province_name(province) if province else None
    abroad = None
    if province and not prov:
        given = resolve_place(province, fuzzy=False)
        if given is not None and given.country == "IR" and given.province:
            prov = given.province
            flags.append(f"province-is-a-town: {province}")
            city = city or province
        elif given is not None and given.country and given.country != "IR":
            abroad = given
            flags.append(f"province-outside-iran: {province}")
        else:
            flags.append(f"province-unknown: {province}")
    out["province"] = prov
    if city:
        place, near = resolve_place(city, prov), False
        if place is None and prov:
            # only inside the province the row names: a part of a name alone matches towns all over Iran
            words = city.replace("،", " ").replace(",", " ").split()
            if len(words) > 1:
                place = resolve_place(" ".join(words[:-1]), prov, fuzzy=False)
                if place is None:
                    place, near = resolve_place(words[-1], prov, fuzzy=False), True
                if place is not None and place.province != prov:
                    place, near = None, False
        if place is not None and place.country not in (None, "IR"):
            abroad = abroad or place
            flags.append(f"place-outside-iran: {city}")
        elif place is not None:
            out.update(geonameid=place.geonameid, place_en=place.name, lat=place.lat, lon=place.lon, country="IR")
            if near:
                out["geo_precision"] = 2
                flags.append(f"place-near: {city} -> {place.name}")
            if place.province and not prov:
                out["province"] = place.province
    if abroad is not None:
        out.update(province=None, country=abroad.country, geonameid=abroad.geonameid, place_en=abroad.name,
                   lat=abroad.lat, lon=abroad.lon)
    if out.get("province") and "country" not in out:
        out["country"] = "IR"
    if flags:
        out["place_flags"] = flags
    return out


_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def jalali_range(value: str) -> tuple[str | None, str | None, str | None]:
    """A Jalali date "1401/06/30", "1401/06" or "1401" (Persian digits allowed) -> Gregorian
    (start, end, precision). Partial dates cover their whole Jalali month or year."""
    import jdatetime

    v = (value or "").translate(_PERSIAN_DIGITS).strip()
    m = re.fullmatch(r"(\d{4})(?:/(\d{1,2}))?(?:/(\d{1,2}))?", v)
    if not m:
        return None, None, None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            g = jdatetime.date(y, int(mo), int(d)).togregorian()
            return g.isoformat(), g.isoformat(), "day"
        if mo:
            start = jdatetime.date(y, int(mo), 1)
            nxt = jdatetime.date(y + (int(mo) == 12), int(mo) % 12 + 1, 1)
            return start.togregorian().isoformat(), (nxt.togregorian() - __import__("datetime").timedelta(days=1)).isoformat(), "month"
        return jdatetime.date(y, 1, 1).togregorian().isoformat(), (jdatetime.date(y + 1, 1, 1).togregorian() - __import__("datetime").timedelta(days=1)).isoformat(), "year"
    except ValueError:
        return None, None, None


# --- readers -----------------------------------------------------------------------------------


def _open_text(path: Path) -> io.TextIOBase:
    raw = path.open("rb")
    head = raw.read(4096)
    raw.seek(0)
    if b"\x00" in head:
        raw.close()
        raise ImportError_(f"{path} looks binary, not a text file")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(MAX_FIELD)
    with _open_text(path) as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames:
            raise ImportError_(f"{path} has no header row")
        yield from reader


def javidnam_items(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    """(source key, incident-report dict or None, problem) per registry row."""
    for n, row in enumerate(_csv_rows(path), 2):
        rid = (row.get("id") or "").strip()
        if not rid:
            yield f"javidnam:line{n}", None, f"line {n}: no id"
            continue
        name_fa = (row.get("name") or "").strip()
        name_en = re.sub(r"^Category:\s*", "", (row.get("name_en") or "").strip())
        if not (name_fa or name_en):
            yield f"javidnam:{rid}", None, f"line {n}: {rid} has no name"
            continue
        date = (row.get("date_gregorian") or "").strip() or None
        precision = "day" if date and len(date) == 10 else None
        start = end = date
        if not date and row.get("date_jalali"):
            # A partial Jalali date spans two Gregorian months: keep its first day as the value and
            # the exact span in date_start/date_end (what filters and merging use).
            start, end, precision = jalali_range(row["date_jalali"])
            date = start
        city = (row.get("city") or "").strip() or None
        province_fa = (row.get("province") or "").strip() or None
        place = _resolve_place(city, province_fa)
        victim = {"name": name_en or name_fa, "names": [x for x in (name_fa,) if x and x != (name_en or name_fa)],
                  "name_fa": name_fa or None, "killed": True}
        if (row.get("age") or "").strip().isdecimal():
            victim["age"] = int(row["age"])
        gender = {"مرد": "male", "زن": "female"}.get((row.get("gender") or "").strip())
        if gender:
            victim["gender"] = gender
        item = {
            "event_type": "Violence against civilians",
            "sub_type": "Attack",
            "act": "execution" if row.get("event") == "executions" else "killing",
            "date": date,
            "date_precision": precision,
            "date_start": start,
            "date_end": end,
            "date_jalali": row.get("date_jalali") or None,
            "place_name": place.get("place_en") or city,
            "place_aliases": [x for x in (city,) if x],
            "geonameid": place.get("geonameid"),
            "province": place.get("province"),
            "province_as_written": province_fa,
            "country": place.get("country") or "IR",
            "lat": place.get("lat"),
            "lon": place.get("lon"),
            **({"place_flags": place["place_flags"]} if place.get("place_flags") else {}),
            **({"geo_precision": place["geo_precision"]} if place.get("geo_precision") else {}),
            "victims": [victim],
            "counts": {"killed": 1},
            "claimant": "Javidnam Open Archive",
            "distinct_source": "javidnam",
            "registry": {k: row.get(k) or None for k in ("id", "event", "cause", "occupation", "notable",
                                                        "verification", "sources", "birth_year")},
            "source_key": f"javidnam:{rid}",
            "source_id": "javidnam",
        }
        yield f"javidnam:{rid}", item, None


# Our field names, ACLED's where they differ (so an ACLED CSV or our export imports without a mapping).
ACLED_MAPPING = {
    "source_key": "rasad_source_key",
    "date": "event_date",
    "event_type": "event_type",
    "sub_type": "sub_event_type",
    "province": "admin1",
    "place_name": "location",
    "lat": "latitude",
    "lon": "longitude",
    "country": "country",
    "killed": "fatalities",
    "victims": "rasad_victims",
    "claimant": "source",
    "notes": "notes",
}


_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}")
_SLASHED_DATE = re.compile(r"(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?")
_WORDED_DATES = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y")
_LAST_SOLAR_HIJRI_YEAR = 1700  # a four-digit year before this is Solar Hijri (1404 is 2025/26)


def read_date(value: str) -> dict[str, Any] | None:
    """The date fields of a date as people write it in a spreadsheet: ISO (kept), "2026/01/08" or "2026.01",
    Solar Hijri "1404/10/18" (Persian digits too; its span in date_start/date_end), "8 January 2026"; None
    for anything else ("08/01/2026" is day-month or month-day: not guessed)."""
    import datetime as dt

    from rasad.store.db import date_bounds

    text = " ".join(value.translate(_PERSIAN_DIGITS).split())
    if re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):  # an ISO date and time (JSON's usual form): its day
        text = text[:10]
    precisions = {10: "day", 7: "month", 4: "year"}
    if _ISO_DATE.fullmatch(text):
        ok = date_bounds(text, nominal_year=2000)[0] is not None  # 2000: "--02-29" is a day
        return {"date": text, "date_precision": precisions.get(len(text), "day")} if ok else None
    slashed = _SLASHED_DATE.fullmatch(text)
    if slashed and int(slashed.group(1)) < _LAST_SOLAR_HIJRI_YEAR:
        start, end, precision = jalali_range(text.replace(".", "/"))
        return {"date": start, "date_precision": precision, "date_start": start, "date_end": end,
                "date_jalali": value.strip()} if start else None
    if slashed:
        iso = "-".join(part.zfill(2) for part in slashed.groups() if part)
        return read_date(iso)
    for form in _WORDED_DATES:
        try:
            return {"date": dt.datetime.strptime(text, form).date().isoformat(), "date_precision": "day"}
        except ValueError:
            continue
    return None


_TEXT_FIELDS = ("source_key", "source_id", "event_type", "type", "sub_type", "sub_event_type", "date_precision",
                "date_start", "date_end", "place_name", "province", "admin1", "country", "notes")
_COORDINATES = {"lat": 90.0, "latitude": 90.0, "lon": 180.0, "longitude": 180.0}


def checked_item(item: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """An imported incident-report dict with each field the log keeps in a column of the kind the column
    holds (numbers given as text become numbers), or (None, the reason) for a row the log cannot hold: a
    list for a province, "abc" for a latitude, victims that are not a list of names. Such a row stored
    would fail its whole batch, or every later merge."""
    item = dict(item)
    if isinstance(item.get("place"), dict):  # the analysis's form: {name, province, lat, lon, geonameid …}
        place, problem = checked_item(item["place"])
        if place is None:
            return None, f"place: {problem}"
        if place.get("name") is not None and not isinstance(place["name"], str):
            return None, "place: name must be text"
        item["place"] = place
    for field in _TEXT_FIELDS:
        if item.get(field) is not None and not isinstance(item[field], str):
            return None, f"{field} must be text, not {type(item[field]).__name__}"
    date = item.get("date")
    if isinstance(date, dict):
        date = date.get("value")
    if date is not None and not isinstance(date, str):
        return None, f"date must be text (YYYY-MM-DD), not {type(date).__name__}"
    if isinstance(item.get("date"), str) and item["date"].strip():
        fields = read_date(item["date"])
        if fields is None:
            return None, (f"date {item['date'][:100]!r} is not a date Rasad reads: write YYYY-MM-DD (or YYYY/MM/DD, "
                          "a Solar Hijri 1404/10/18, 8 January 2026); DD/MM/YYYY is ambiguous")
        item["date"] = fields.pop("date")
        item.update({k: v for k, v in fields.items() if item.get(k) is None})
    for field, limit in _COORDINATES.items():
        value = item.get(field)
        if value is None:
            continue
        if isinstance(value, str) and not value.strip():
            item[field] = None
            continue
        try:
            number = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number) or abs(number) > limit:
            return None, f"{field} must be a number from -{limit:g} to {limit:g}, not {value!r}"[:200]
        item[field] = number
    geonameid = item.get("geonameid")
    if isinstance(geonameid, str) and geonameid.strip().isdecimal():
        item["geonameid"] = int(geonameid)
    elif geonameid is not None and (isinstance(geonameid, bool) or not isinstance(geonameid, int)):
        return None, f"geonameid must be a GeoNames id (a number), not {geonameid!r}"[:200]
    if item.get("counts") is not None and not isinstance(item["counts"], dict):
        return None, "counts must be an object (killed, injured, arrested …)"
    victims = item.get("victims")
    if victims is not None and not (isinstance(victims, list) and all(
            isinstance(v, str) or (isinstance(v, dict) and isinstance(v.get("name"), (str, type(None)))) for v in victims)):
        return None, "victims must be a list of names or of objects with a name"
    confidence = item.get("confidence")
    if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, (int, float))):
        return None, f"confidence must be a number, not {confidence!r}"[:200]
    return item, None


def csv_items(path: Path, mapping: dict[str, str] | None) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    """Generic CSV: ``mapping`` says which column holds each of our fields. Rows without a
    ``source_key`` column get ``<file name>:<line>``; our JSON record column ``rasad_incident_report``
    (in our ACLED export) restores a record exactly."""
    rows = _csv_rows(path)
    stem = path.name
    for n, row in enumerate(rows, 2):
        if row.get("rasad_incident_report"):
            try:
                item = json_input.loads(row["rasad_incident_report"])
            except ValueError:
                yield f"{stem}:{n}", None, f"line {n}: rasad_incident_report is not JSON"
                continue
            item, problem = checked_item(item) if isinstance(item, dict) else (None, "not an object")
            if item is None:
                yield f"{stem}:{n}", None, f"line {n}: rasad_incident_report: {problem}"
                continue
            yield item.get("source_key") or f"{stem}:{n}", item, None
            continue
        m = mapping or {k: v for k, v in ACLED_MAPPING.items() if v in row}
        item: dict[str, Any] = {}
        for ours, col in m.items():
            value = (row.get(col) or "").strip()
            if value == "":
                continue
            if ours in ("killed", "injured", "arrested"):
                item.setdefault("counts", {})[ours] = int(value) if value.isdecimal() else value
            elif ours == "victims":
                item["victims"] = [{"name": v.strip()} for v in re.split(r"[;|]", value) if v.strip()]
            elif ours in ("lat", "lon"):
                try:
                    item[ours] = float(value)
                except ValueError:
                    pass
            elif ours == "geonameid":
                item[ours] = int(value) if value.isdecimal() else None
            else:
                item[ours] = value
        if not item:
            yield f"{stem}:{n}", None, f"line {n}: no mapped column has a value"
            continue
        item, problem = checked_item(item)  # the date as written read as a date, with its precision
        if item is None:
            yield f"{stem}:{n}", None, f"line {n}: {problem}"
            continue
        yield item.get("source_key") or f"{stem}:{n}", item, None


def jsonl_items(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json_input.loads(line)
            except ValueError as exc:
                yield f"{path.name}:{n}", None, f"line {n}: not JSON ({exc.msg})"
                continue
            if not isinstance(item, dict):
                yield f"{path.name}:{n}", None, f"line {n}: not an object"
                continue
            item = item.get("incident_report", item) if isinstance(item.get("incident_report"), dict) else item
            item, problem = checked_item(item)
            if item is None:
                yield f"{path.name}:{n}", None, f"line {n}: {problem}"
                continue
            yield item.get("source_key") or f"{path.name}:{n}", item, None


def _jsonl_is_records(path: Path) -> bool:
    with _open_text(path) as f:
        for line in f:
            if line.strip():
                try:
                    first = json_input.loads(line)
                except ValueError:
                    return False
                return isinstance(first, dict) and isinstance(first.get("incident_reports"), list)
    return False


def _records_from_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rec = json_input.loads(line)
                except ValueError:
                    raise ImportError_(f"{path} line {n}: not JSON") from None
                if isinstance(rec, dict):
                    yield rec


# --- into the store --------------------------------------------------------------------------------


def ensure_source(store: Store, spec: dict[str, Any]) -> None:
    with store.session() as s:
        if s.get(SourceRow, spec["id"]) is None:
            s.add(SourceRow(**spec))


def import_items(store: Store, items: Iterator[tuple[str, dict[str, Any] | None, str | None]], *,
                 batch: int = 1000, merge: bool = True, progress: Any = None) -> ImportSummary:
    """Store incident-report dicts under their source keys (skipping keys already present), in
    batches, then merge them into the log."""
    from rasad.log.service import merge_pending

    summary = ImportSummary()
    pending: list[tuple[str, dict[str, Any]]] = []

    def flush() -> None:
        if not pending:
            return
        keys = [k for k, _ in pending]
        with store.session() as s:
            present = set(s.scalars(select(IncidentReportRow.source_key).where(
                IncidentReportRow.source_key.in_(keys), IncidentReportRow.pipeline_version == IMPORT_VERSION)))
            known_sources = set(s.scalars(select(SourceRow.id)))
            seen: set[str] = set()
            for key, item in pending:
                if key in present or key in seen:
                    summary.skipped += 1
                    continue
                seen.add(key)
                source_id = item.get("source_id") if item.get("source_id") in known_sources else None
                item = dict(item, source_key=key)
                if "source_id" in item and source_id is None:
                    item["source_id"] = None
                s.add(incident_report_row(item, pipeline_version=IMPORT_VERSION, source_key=key, source_id=source_id))
                summary.added += 1
        if progress is not None:
            progress(len(pending))
        pending.clear()

    for key, item, problem in items:
        summary.read += 1
        if item is None:
            summary.bad += 1
            if problem:
                summary.problems.append(problem)
            continue
        pending.append((key[:300], item))
        if len(pending) >= batch:
            flush()
    flush()
    if merge:
        summary.merge = merge_pending(store)
    return summary


# --- our own exports: whole incidents --------------------------------------------------------


def _records_from_csv(path: Path) -> Iterator[dict[str, Any]]:
    for n, row in enumerate(_csv_rows(path), 2):
        try:
            yield json_input.loads(row["rasad_record"])
        except (ValueError, KeyError):
            raise ImportError_(f"{path} line {n}: rasad_record is not a JSON record") from None


def _records_from_json(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as f:
        try:
            doc = json_input.load(f)
        except ValueError as exc:
            raise ImportError_(f"{path}: not JSON ({exc})") from None
    if isinstance(doc, dict) and isinstance(doc.get("incidents"), list):
        yield from (r for r in doc["incidents"] if isinstance(r, dict))
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        for feat in doc.get("features") or []:
            rec = (feat.get("properties") or {}).get("record") if isinstance(feat, dict) else None
            if isinstance(rec, dict):
                yield rec
    else:
        raise ImportError_(f"{path}: neither a Rasad JSON export nor a Rasad GeoJSON export")


def _report_from_export(d: dict[str, Any]) -> Any:
    from rasad.records import Report

    fields = {k: d.get(k) for k in ("id", "sha256", "source", "media_type", "title", "author", "publisher", "url",
                                    "published_at", "retrieved_at", "language", "text")}
    fields = {k: v for k, v in fields.items() if v is not None}
    fields["flags"] = d.get("flags") or []
    fields["language_supported"] = d.get("language_supported", True)
    fields["original"] = base64.b64decode(d.get("original_b64") or "")
    return Report(**fields)


def _is_list_of_objects(value: Any) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(v, dict) for v in value))


def _report_problem(report: Any) -> str | None:
    """Why an exported report cannot be stored again, or None."""
    if not isinstance(report, dict):
        return "a report is not an object"
    if not isinstance(report.get("id"), str) or not report["id"]:
        return "a report has no id"
    for key in ("sha256", "text", "original_b64", "title", "source", "published_at", "language"):
        if report.get(key) is not None and not isinstance(report[key], str):
            return f"a report's {key} is not text"
    try:
        base64.b64decode(report.get("original_b64") or "", validate=True)
    except ValueError:
        return "a report's original is not base64"
    return None


def _record_problem(rec: dict[str, Any]) -> str | None:
    """Why an exported incident record cannot be rebuilt (a file edited by hand, or cut short), or None;
    checked before anything of it is written, so a damaged record is a bad row, never a half-stored one."""
    irs = rec.get("incident_reports")
    if not isinstance(irs, list) or not irs:
        return "no incident reports"
    if not all(_is_list_of_objects(rec.get(key)) for key in ("sources", "review_events")):
        return "sources and review events must be lists of objects"
    if rec.get("overrides") is not None and not isinstance(rec["overrides"], dict):
        return "overrides must be an object"
    if rec.get("status") is not None and rec["status"] not in INCIDENT_STATUSES:
        return f"unknown status {rec['status']!r}"[:200]
    for item in irs:
        if not isinstance(item, dict):
            return "an incident report is not an object"
        if item.get("data") is not None:
            if not isinstance(item["data"], dict):
                return "an incident report's data is not an object"
            data = item["data"]
            if isinstance(data.get("date"), str):  # a date as stored is restored as stored, read or not
                data = {k: v for k, v in data.items() if k != "date"}
            _, problem = checked_item(data)
            if problem:
                return problem
        if item.get("report") and (problem := _report_problem(item["report"])):
            return problem
        for key in ("pipeline_version", "source_key", "source_id"):
            if item.get(key) is not None and not isinstance(item[key], str):
                return f"an incident report's {key} is not text"
        if item.get("ordinal") is not None and (isinstance(item["ordinal"], bool) or not isinstance(item["ordinal"], int)):
            return "an incident report's ordinal is not a whole number"
        if item.get("link") is not None and not isinstance(item["link"], dict):
            return "an incident report's link is not an object"
    return None


def import_records(store: Store, records: Iterator[dict[str, Any]], summary: ImportSummary | None = None) -> ImportSummary:
    """Rebuild exported incidents: their reports, incident reports, links (with the merge
    explanations), status, edits and review history. An incident whose incident reports are all
    already linked in this log is skipped (importing twice adds nothing)."""
    from rasad.log.merge import index_keys
    from rasad.log.service import SourceIndex, derive_incidents, features_of_row
    from rasad.store.schema import IncidentLink, IncidentRow, MergeKey, ReportRow, ReviewEvent

    summary = summary or ImportSummary()
    touched: list[int] = []
    for rec in records:
        summary.read += 1
        problem = _record_problem(rec)
        if problem:
            summary.bad += 1
            summary.problems.append(f"record {rec.get('id')}: {problem}")
            continue
        irs = rec["incident_reports"]
        with store.session() as s:
            for src in rec.get("sources") or []:
                if isinstance(src, dict) and src.get("id") and s.get(SourceRow, src["id"]) is None:
                    s.add(SourceRow(**{k: src.get(k) for k in ("id", "name", "aliases", "domains", "affiliation",
                                                                 "independence_group", "reliability", "reliability_note",
                                                                 "country", "note")}))
            s.flush()
            ir_ids: list[tuple[int, dict[str, Any]]] = []
            for item in irs:
                report = item.get("report")
                if report and s.get(ReportRow, report["id"]) is None:
                    store.add_report(_report_from_export(report), session=s)
                    if report.get("source_id") and s.get(SourceRow, report["source_id"]) is not None:
                        s.get(ReportRow, report["id"]).source_id = report["source_id"]
                version = item.get("pipeline_version") or IMPORT_VERSION
                q = select(IncidentReportRow.id).where(IncidentReportRow.pipeline_version == version)
                if report:
                    q = q.where(IncidentReportRow.report_id == report["id"], IncidentReportRow.ordinal == (item.get("ordinal") or 0))
                else:
                    q = q.where(IncidentReportRow.source_key == item.get("source_key"))
                existing = s.scalar(q)
                if existing is None:
                    row = incident_report_row(item.get("data") or {}, pipeline_version=version,
                                              report_id=report["id"] if report else None,
                                              source_key=item.get("source_key"), source_id=item.get("source_id"),
                                              ordinal=item.get("ordinal") or 0)
                    s.add(row)
                    s.flush()
                    existing = row.id
                    s.add_all(MergeKey(incident_report_id=row.id, key=k) for k in sorted(index_keys(features_of_row(row))))
                    summary.added += 1
                ir_ids.append((existing, item))
            linked = set(s.scalars(select(IncidentLink.incident_report_id).where(
                IncidentLink.incident_report_id.in_([i for i, _ in ir_ids]), IncidentLink.active)))
            if len(linked) == len(ir_ids):
                summary.skipped += 1
                continue
            inc = IncidentRow(status=rec.get("status") or "unreviewed",
                              data={"overrides": rec.get("overrides") or {}, "imported_from": rec.get("id")})
            s.add(inc)
            s.flush()
            for ir_id, item in ir_ids:
                if ir_id in linked:
                    continue
                link = item.get("link") or {}
                created = link.get("created_at")
                s.add(IncidentLink(incident_report_id=ir_id, incident_id=inc.id, score=link.get("score"),
                                   explanation=link.get("explanation") or {}, created_by=link.get("created_by") or "import",
                                   **({"created_at": _parse_dt(created)} if created else {})))
            event_ids: dict[int, int] = {}
            for ev in rec.get("review_events") or []:
                field = ev.get("field")
                if isinstance(field, str) and field.startswith("event:"):
                    old = int(field.split(":", 1)[1]) if field.split(":", 1)[1].isdecimal() else None
                    field = f"event:{event_ids.get(old, old)}"
                row = ReviewEvent(incident_id=inc.id, actor=ev.get("by") or "import", action=ev.get("action") or "note",
                                  field=field, before=ev.get("before"), after=ev.get("after"), note=ev.get("note"),
                                  **({"at": _parse_dt(ev["at"])} if ev.get("at") else {}))
                s.add(row)
                s.flush()
                if isinstance(ev.get("id"), int):
                    event_ids[ev["id"]] = row.id
            touched.append(inc.id)
    if touched:
        sources = SourceIndex.load(store)
        with store.session() as s:
            derive_incidents(s, touched, sources)
    return summary


def _parse_dt(value: str) -> Any:
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _is_rasad_csv(path: Path) -> bool:
    csv.field_size_limit(MAX_FIELD)
    with _open_text(path) as f:
        header = next(csv.reader(f), [])
    return "rasad_record" in header


def import_file(store: Store, kind: str, path: Path, *, mapping: dict[str, str] | None = None,
                merge: bool = True, progress: Any = None) -> ImportSummary:
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    if kind == "javidnam":
        ensure_source(store, JAVIDNAM_SOURCE)
        items = javidnam_items(path)
    elif kind == "csv" and not mapping and _is_rasad_csv(path):
        return import_records(store, _records_from_csv(path))
    elif kind == "csv":
        items = csv_items(path, mapping)
    elif kind == "json":
        return import_records(store, _records_from_json(path))
    elif kind == "jsonl" and _jsonl_is_records(path):
        return import_records(store, _records_from_jsonl(path))
    elif kind == "jsonl":
        items = jsonl_items(path)
    else:
        raise ImportError_(f"unknown import format {kind!r}: javidnam, csv, json or jsonl")
    try:
        return import_items(store, items, merge=merge, progress=progress)
    except csv.Error as exc:
        raise ImportError_(f"{path}: not a readable CSV ({exc})") from None
