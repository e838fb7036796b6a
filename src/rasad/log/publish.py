"""The public export: what may leave the organisation (``rasad export --public``, an admin's "publish").

A full export (:mod:`rasad.log.exporters`) carries everything: every report's text and bytes, the
review notes, who reviewed, every victim's name. That is an evidentiary copy for the organisation, not
something to publish. A public record is built field by field from an allow-list, never by deleting
fields from the full record (a field added to the full record later stays out of the public one):

- victims: only those an analyst marked public (:func:`set_victim_public`, a review event like every
  other edit); the others are a count, ``victims_withheld``, with no name, age or gender;
- no report text, titles, URLs, authors, quotes, evidence sentences, figures' wording, claimants,
  review history, notes or user names; the title is rebuilt from the public fields;
- the place no finer than the town: the gazetteer's town (its name and its coordinates, never the
  incident's own point nor an analyst's place text), else the province (its capital's point, as ACLED
  does for province precision), else the country alone;
- event types only from the ACLED table (an analyst's free text in a type field is dropped);
- figures with their low/high and the registry name of their source only;
- rejected incidents are not published.

The public JSON is ``{"format": "rasad-incidents-public", ...}``: it does not re-import (it is not the
whole record by design).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select

from rasad.analysis.gazetteer import get_gazetteer
from rasad.incidents.lexicon import acled_table
from rasad.log.names import canonical_name
from rasad.log.queries import IncidentFilter, incident_ids
from rasad.log.service import SourceIndex
from rasad.store import Store
from rasad.store.schema import IncidentRow

PUBLIC_FORMAT = "rasad-incidents-public"
PUBLIC_VERSION = 1
ACLED = acled_table()


def victim_key(name: str) -> str:
    """The key a victim's "may be named" mark is kept under: the folded full name (every spelling of one
    person folds alike, :func:`rasad.log.names.canonical_name`)."""
    return canonical_name(str(name)) or str(name).strip().lower()


def public_keys(data: dict[str, Any] | None) -> set[str]:
    """The victims of an incident an analyst marked public (its ``data["public_victims"]``)."""
    keys = (data or {}).get("public_victims") or []
    return {str(k) for k in keys} if isinstance(keys, list) else set()


def _known_types(event_type: Any, sub_type: Any) -> tuple[str, str]:
    et = event_type if isinstance(event_type, str) and event_type in ACLED.event_types else ""
    sub = sub_type if et and isinstance(sub_type, str) and sub_type in ACLED.event_types[et].sub_types else ""
    return et, sub


def public_place(inc: IncidentRow) -> dict[str, Any]:
    """The incident's place no finer than the town, from the gazetteer alone."""
    gaz = get_gazetteer()
    country = inc.country if isinstance(inc.country, str) and re.fullmatch(r"[A-Z]{2}", inc.country) else None
    town = gaz.by_id.get(inc.geonameid) if isinstance(inc.geonameid, int) else None
    if town is not None and town.feature == "city":
        return {"place_name": town.name, "geonameid": town.geonameid, "province": town.province or _province(inc),
                "country": town.country or country, "lat": town.lat, "lon": town.lon, "geo_precision": "town"}
    province = _province(inc)
    if province is not None:
        entry = gaz.provinces[province]
        return {"place_name": None, "geonameid": None, "province": province, "country": entry.country or country,
                "lat": entry.lat, "lon": entry.lon, "geo_precision": "province"}
    return {"place_name": None, "geonameid": None, "province": None, "country": country, "lat": None, "lon": None,
            "geo_precision": "country" if country else None}


def _province(inc: IncidentRow) -> str | None:
    gaz = get_gazetteer()
    return inc.province if isinstance(inc.province, str) and inc.province in gaz.provinces else None


def _public_figures(figures: Any, sources: SourceIndex) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    if not isinstance(figures, dict):
        return out
    for kind, entries in figures.items():
        if kind not in ("killed", "injured", "arrested", "missing", "executed", "detained") or not isinstance(entries, list):
            continue
        for e in entries:
            if not isinstance(e, dict) or not isinstance(e.get("low"), int | float):
                continue
            src = sources.by_id.get(e.get("source_id") or "")
            out.setdefault(kind, []).append({"low": e.get("low"), "high": e.get("high", e.get("low")),
                                             "source": src.name if src else "unregistered source"})
    return out


def public_record(inc: IncidentRow, sources: SourceIndex) -> dict[str, Any]:
    """One incident as it may be published (see the module's docstring)."""
    marked = public_keys(inc.data)
    named, withheld = [], 0
    for v in inc.victims or []:
        name = v.get("name") if isinstance(v, dict) else v
        if name and victim_key(name) in marked:
            entry = {"name": str(name)}
            if isinstance(v, dict) and isinstance(v.get("name_fa"), str):
                entry["name_fa"] = v["name_fa"]
            named.append(entry)
        else:
            withheld += 1
    et, sub = _known_types(inc.event_type, inc.sub_type)
    place = public_place(inc)
    date = inc.date if isinstance(inc.date, str) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", inc.date) else None
    precision = inc.date_precision if inc.date_precision in ("day", "week", "month", "year") else None
    figures = _public_figures(inc.figures, sources)
    conflicts = [k for k in (inc.data or {}).get("conflicts") or [] if k in figures]
    groups = [g for g in inc.source_groups or [] if isinstance(g, str)]
    used = sorted({e["source"] for entries in figures.values() for e in entries})
    title = " · ".join(x for x in (sub or et or "incident", ", ".join(v["name"] for v in named[:3]),
                                   place["place_name"] or place["province"], date) if x)
    return {
        "id": inc.id,
        "status": inc.status,
        "title": title,
        "event_type": et,
        "sub_type": sub,
        "date": date,
        "date_precision": precision,
        **place,
        "fatalities": inc.fatalities if isinstance(inc.fatalities, int) else None,
        "figures": figures,
        "conflicts": conflicts,
        "victims": named,
        "victims_withheld": withheld,
        "corroboration": inc.corroboration or 0,
        "source_groups": len(groups),
        "sources": used,
    }


def public_records(store: Store, where: IncidentFilter | None = None, *, page: int = 500) -> Iterator[dict[str, Any]]:
    """The public record of each incident ``where`` selects (default: all, in id order), rejected ones
    left out, a page at a time."""
    where = where if where is not None else IncidentFilter(sort="id", order="asc", limit=None)
    ids = incident_ids(store, where.replace(limit=None, offset=0))
    sources = SourceIndex.load(store)
    for start in range(0, len(ids), page):
        chunk = ids[start : start + page]
        with store.read_session() as s:
            by_id = {inc.id: inc for inc in s.scalars(select(IncidentRow).where(IncidentRow.id.in_(chunk)))}
            records = [public_record(by_id[i], sources) for i in chunk if i in by_id and by_id[i].status != "rejected"]
        yield from records


# --- writers: ACLED CSV, JSON, GeoJSON ------------------------------------------------------------


def public_acled_row(pub: dict[str, Any]) -> dict[str, Any]:
    from rasad.log.exporters import COUNTRIES, INTER, TIME_PRECISION, acled_date

    country, iso, region = COUNTRIES.get(pub.get("country") or "", (pub.get("country") or "", "", ""))
    event_date = acled_date(pub.get("date"))  # "" for a date ACLED cannot code (a day without its year)
    et = pub.get("event_type") or ""
    a1 = a2 = inter1 = inter2 = ""
    if et == "Violence against civilians":
        a2, inter2 = (f"Civilians ({country})" if country else "Civilians"), INTER["civilians"]
    elif et == "Protests":
        a1, inter1 = (f"Protesters ({country})" if country else "Protesters"), INTER["protesters"]
    elif et == "Riots":
        a1, inter1 = (f"Rioters ({country})" if country else "Rioters"), INTER["rioters"]
    codes = sorted(c for c in (inter1, inter2) if c != "")
    notes = pub["title"]
    if pub["conflicts"]:
        notes += ". Conflicting figures: " + " | ".join(
            f"{kind} reported as " + "; ".join(f"{f['low']}{'-' + str(f['high']) if f['high'] != f['low'] else ''} ({f['source']})"
                                              for f in pub["figures"].get(kind, []))
            for kind in pub["conflicts"])
    geo = {"town": 1, "province": 3}.get(pub.get("geo_precision") or "", "")
    return {
        "event_id_cnty": f"{(pub.get('country') or 'XX')}RSD{pub['id']}",
        "event_date": event_date,
        "year": event_date[:4] if event_date else "",
        "time_precision": TIME_PRECISION.get(pub.get("date_precision") or "", 3 if event_date else ""),
        "disorder_type": ACLED.disorder(et, pub.get("sub_type")),
        "event_type": et,
        "sub_event_type": pub.get("sub_type") or "",
        "actor1": a1, "assoc_actor_1": "", "inter1": inter1, "actor2": a2, "assoc_actor_2": "", "inter2": inter2,
        "interaction": codes[0] * 10 + codes[1] if len(codes) == 2 else (codes[0] * 10 if codes else ""),
        "civilian_targeting": "Civilian targeting" if et == "Violence against civilians" else "",
        "iso": iso, "region": region, "country": country,
        "admin1": pub.get("province") or "", "admin2": "", "admin3": "",
        "location": pub.get("place_name") or pub.get("province") or country,
        "latitude": pub["lat"] if pub.get("lat") is not None else "",
        "longitude": pub["lon"] if pub.get("lon") is not None else "",
        "geo_precision": geo,
        "source": "; ".join(pub["sources"]),
        "source_scale": "Other",
        "notes": notes,
        "fatalities": pub["fatalities"] if pub.get("fatalities") is not None else 0,
        "tags": "; ".join(f"victim: {v['name']}" for v in pub["victims"]),
        "timestamp": "",
        "rasad_incident_id": pub["id"],
        "rasad_status": pub["status"],
        "rasad_date_precision": pub.get("date_precision") or "",
        "rasad_corroboration": pub["corroboration"],
        "rasad_victims": "; ".join(v["name"] for v in pub["victims"]),
        "rasad_victims_withheld": pub["victims_withheld"],
        "rasad_figures": json.dumps(pub["figures"], ensure_ascii=False),
        "rasad_conflicts": "; ".join(pub["conflicts"]),
    }


def public_acled_chunks(records: Iterable[dict[str, Any]], uncoded: Any = None) -> Iterator[str]:
    """The public ACLED CSV: only rows ACLED can code; the others go, redacted alike, to ``uncoded`` (an
    ``exporters.Uncoded``) with their reasons when one is given."""
    import csv
    import io

    from rasad.log.exporters import ACLED_COLUMNS, acled_problems, csv_safe

    columns = ACLED_COLUMNS + ["rasad_incident_id", "rasad_status", "rasad_date_precision", "rasad_corroboration",
                               "rasad_victims", "rasad_victims_withheld", "rasad_figures", "rasad_conflicts"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for pub in records:
        row = public_acled_row(pub)
        problems = acled_problems(row)
        if problems:  # as in the full export: only rows ACLED can code (no date with its year ...)
            if uncoded is not None:
                uncoded.add(row, problems)
            continue
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def public_json_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    from rasad.log.exporters import json_document_chunks

    return json_document_chunks(records, PUBLIC_FORMAT, PUBLIC_VERSION)


def public_geojson_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": [\n'
    for n, pub in enumerate(records):
        geometry = ({"type": "Point", "coordinates": [pub["lon"], pub["lat"]]}
                    if pub.get("lat") is not None and pub.get("lon") is not None else None)
        feature = {"type": "Feature", "id": pub["id"], "geometry": geometry, "properties": pub}
        yield (",\n" if n else "") + json.dumps(feature, ensure_ascii=False)
    yield "\n]}\n"


def _public_writers():
    from rasad.log.exporters import Writer

    return {
        w.name: w
        for w in (
            Writer("acled", "text/csv; charset=utf-8", "csv", public_acled_chunks),
            Writer("json", "application/json", "json", public_json_chunks),
            Writer("geojson", "application/geo+json", "geojson", public_geojson_chunks),
        )
    }


PUBLIC_WRITERS = _public_writers()
