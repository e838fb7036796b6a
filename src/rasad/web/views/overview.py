"""The overview: counts by type and province, a weekly timeline (incidents, killed, arrested) and a map."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import and_, exists, select

from rasad.store.schema import IncidentLink, IncidentRow
from rasad.web.charts import week_start, weekly_timeline
from rasad.web.deps import render

router = APIRouter(tags=["overview"])

ARREST_KEYS = ("arrested", "detained", "arrests")


def live_incidents():
    """The columns the overview needs, of incidents that still have an active incident report and were
    not rejected (columns, not ORM objects: a log of thousands of incidents stays quick)."""
    has_reports = exists().where(and_(IncidentLink.incident_id == IncidentRow.id, IncidentLink.active))
    return select(
        IncidentRow.event_type, IncidentRow.province, IncidentRow.fatalities, IncidentRow.date_start, IncidentRow.data
    ).where(has_reports, IncidentRow.status != "rejected")


def arrested(data: dict[str, Any] | None) -> int:
    """The conservative (lowest credible) number of people arrested or detained, derived by the log."""
    conservative = (data or {}).get("conservative") or {}
    for key in ARREST_KEYS:
        if isinstance(conservative.get(key), int):
            return conservative[key]
    return 0


@router.get("/overview/points.geojson", summary="Every live incident with coordinates, for the overview map",
            responses={200: {"content": {"application/geo+json": {}}}})
def map_points(request: Request):
    has_reports = exists().where(and_(IncidentLink.incident_id == IncidentRow.id, IncidentLink.active))
    query = select(
        IncidentRow.id, IncidentRow.title, IncidentRow.event_type, IncidentRow.date, IncidentRow.place_name,
        IncidentRow.lat, IncidentRow.lon, IncidentRow.fatalities, IncidentRow.victims,
    ).where(has_reports, IncidentRow.status != "rejected", IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None))
    features = []
    with request.app.state.store.read_session() as db:
        for id_, title, event_type, date, place, lat, lon, fatalities, victims in db.execute(query):
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"id": id_, "title": title, "event_type": event_type, "date": date, "place_name": place,
                               "victims": max(len(victims or []), fatalities or 0)},
            })
    return JSONResponse({"type": "FeatureCollection", "features": features}, media_type="application/geo+json")


@router.get("/", summary="Overview: counts by type and province, weekly timeline, map")
def overview(request: Request):
    store = request.app.state.store
    stats = store.stats()
    by_type: Counter[str] = Counter()
    by_province: Counter[str] = Counter()
    weekly: dict[dt.date, dict[str, int]] = defaultdict(lambda: {"incidents": 0, "killed": 0, "arrested": 0})
    killed_total = arrested_total = 0
    with store.read_session() as db:
        for event_type, province, fatalities, date_start, data in db.execute(live_incidents()):
            by_type[event_type or "unknown"] += 1
            by_province[province or "unknown"] += 1
            k, a = fatalities or 0, arrested(data)
            killed_total += k
            arrested_total += a
            if date_start is not None:
                week = weekly[week_start(date_start)]
                week["incidents"] += 1
                week["killed"] += k
                week["arrested"] += a
    timeline = weekly_timeline(dict(weekly))
    data: dict[str, Any] = {
        "stats": stats,
        "by_type": dict(by_type.most_common()),
        "by_province": dict(by_province.most_common()),
        "killed": killed_total,
        "arrested": arrested_total,
        "weekly": [{"week": w.isoformat(), **v} for w, v in sorted(weekly.items())],
    }
    context = {"title": "Overview", **data, "timeline": timeline}
    return render(request, "overview.html", context, data=data)
