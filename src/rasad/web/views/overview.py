"""The overview: counts by type and province, a weekly timeline (incidents, killed, arrested) and a map."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import and_, exists, select

from rasad.log.corroboration import count_range
from rasad.store.schema import IncidentLink, IncidentRow
from rasad.web.charts import week_start, weekly_timeline
from rasad.web.deps import render

router = APIRouter(tags=["overview"])

ARREST_KEYS = ("arrested", "detained", "arrests")


def live_incidents():
    """Incidents that still have an active incident report and were not rejected."""
    has_reports = exists().where(and_(IncidentLink.incident_id == IncidentRow.id, IncidentLink.active))
    return select(IncidentRow).where(has_reports, IncidentRow.status != "rejected")


def arrested(incident: IncidentRow) -> int:
    conservative = (incident.data or {}).get("conservative") or {}
    for key in ARREST_KEYS:
        if isinstance(conservative.get(key), int):
            return conservative[key]
    for key in ARREST_KEYS:
        entries = (incident.figures or {}).get(key)
        if entries:
            return min(e.get("low", 0) for e in entries if isinstance(e, dict)) if isinstance(entries, list) else 0
    return 0


@router.get("/", summary="Overview: counts by type and province, weekly timeline, map")
def overview(request: Request):
    store = request.app.state.store
    stats = store.stats()
    by_type: Counter[str] = Counter()
    by_province: Counter[str] = Counter()
    weekly: dict[dt.date, dict[str, int]] = defaultdict(lambda: {"incidents": 0, "killed": 0, "arrested": 0})
    killed_total = arrested_total = 0
    with store.read_session() as db:
        for inc in db.scalars(live_incidents()):
            by_type[inc.event_type or "unknown"] += 1
            by_province[inc.province or "unknown"] += 1
            k, a = inc.fatalities or 0, arrested(inc)
            killed_total += k
            arrested_total += a
            if inc.date_start is not None:
                week = weekly[week_start(inc.date_start)]
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
