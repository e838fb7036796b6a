"""Incidents: a filterable, sortable table with CSV/GeoJSON export of the current filter, and one
incident with its accounts side by side, conflicting figures highlighted, the merge explanation,
victims, a map pin, the full review history and (for analysts) the review actions."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse

from rasad.log import review as log_review
from rasad.log.service import EDITABLE_FIELDS, incident_detail, list_incidents
from rasad.store.schema import INCIDENT_STATUSES
from rasad.web import auth
from rasad.web.deps import Forbidden, check_csrf, render

router = APIRouter(tags=["incidents"])

PAGE_SIZE = 100
MAX_ROWS = 10_000  # one filter's worth; past this the table asks for a narrower filter
SORTABLE = ("date", "event_type", "province", "status", "corroboration", "fatalities", "id")
ACTIONS = ("confirm", "reject", "dispute", "reopen", "edit", "merge", "split")


class IncidentFilter:
    """The filter shared by the table, its exports and the map (FastAPI reads it from the query)."""

    def __init__(
        self,
        type: str | None = Query(None, max_length=100, description="event type or sub-type"),
        date_from: str | None = Query(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"),
        date_to: str | None = Query(None, max_length=10),
        province: str | None = Query(None, max_length=100),
        status: Literal["", "unreviewed", "confirmed", "disputed", "rejected"] | None = Query(None),
        source: str | None = Query(None, max_length=200, description="source id or publisher"),
        source_group: str | None = Query(None, max_length=200, description="independence group"),
        # a string, so that the form's empty field means "any" rather than a validation error
        min_corroboration: str | None = Query(None, pattern=r"^\d{0,4}$", description="independent source groups"),
        sort: Literal["date", "event_type", "province", "status", "corroboration", "fatalities", "id"] = Query("date"),
        order: Literal["asc", "desc"] = Query("desc"),
    ) -> None:
        self.type, self.date_from, self.date_to = type or None, date_from or None, date_to or None
        self.province, self.status, self.source = province or None, status or None, source or None
        self.source_group = source_group or None
        self.min_corroboration = int(min_corroboration) if min_corroboration else None
        self.sort, self.order = sort, order

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))

    def _query(self, store, limit: int, offset: int = 0) -> list[dict[str, Any]]:
        try:
            return list_incidents(
                store, event_type=self.type, date_from=self.date_from, date_to=self.date_to,
                province=self.province, status=self.status, source=self.source, limit=limit, offset=offset,
            )
        except ValueError:  # an unparsable date: no rows rather than a crash
            return []

    def page(self, store, page: int) -> tuple[list[dict[str, Any]], int | None, bool]:
        """(rows of this page, total or None when not counted, whether a next page exists)."""
        if self.sort == "date" and self.order == "desc" and not self.source_group and self.min_corroboration is None:
            # The log's own order and filters: let the database page (quick on a large log; no total).
            rows = self._query(store, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
            return rows[:PAGE_SIZE], None, len(rows) > PAGE_SIZE
        rows = self.rows(store)
        return rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], len(rows), page * PAGE_SIZE < len(rows)

    def rows(self, store) -> list[dict[str, Any]]:
        rows = self._query(store, MAX_ROWS)
        # Filters and sorting that the log's query does not offer are applied here, on one filter's rows.
        if self.source_group:
            rows = [r for r in rows if self.source_group in (r.get("source_groups") or [])]
        if self.min_corroboration is not None:
            rows = [r for r in rows if (r.get("corroboration") or 0) >= self.min_corroboration]
        key = {"date": "date", "event_type": "event_type", "province": "province", "status": "status",
               "corroboration": "corroboration", "fatalities": "fatalities", "id": "id"}[self.sort]
        present = [r for r in rows if r.get(key) is not None]
        missing = [r for r in rows if r.get(key) is None]
        present.sort(key=lambda r: (r[key], r["id"]), reverse=self.order == "desc")
        return present + missing  # unknown values last, either way


EXPORT_CHUNK = 100


def _record_chunks(store, rows: list[dict[str, Any]]):
    """The log's full export record (rasad.log.exporters) of each incident in the filter, in table order,
    a chunk at a time: each chunk opens and closes its own read session, so a streamed download never
    holds one across threads."""
    from rasad.log.exporters import _record  # the one record builder behind every export format
    from rasad.log.service import SourceIndex
    from rasad.store.schema import IncidentRow

    sources = None
    for i in range(0, len(rows), EXPORT_CHUNK):
        with store.read_session() as s:
            sources = sources or SourceIndex.load_in(s)
            chunk = [s.get(IncidentRow, row["id"]) for row in rows[i : i + EXPORT_CHUNK]]
            yield [_record(s, inc, sources) for inc in chunk if inc is not None]


def csv_stream(store, rows: list[dict[str, Any]]):
    """ACLED-style CSV (the log's columns and codes, see rasad.log.exporters), formula-safe, streamed."""
    from rasad.log.exporters import ACLED_COLUMNS, RASAD_COLUMNS, safe_acled_row

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + RASAD_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for records in _record_chunks(store, rows):
        for record in records:
            writer.writerow(safe_acled_row(record))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def geojson_stream(store, rows: list[dict[str, Any]]):
    from rasad.log.exporters import geojson_feature

    yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    for records in _record_chunks(store, rows):
        parts = []
        for record in records:
            parts.append(("" if first else ",\n") + json.dumps(geojson_feature(record), ensure_ascii=False))
            first = False
        yield "".join(parts)
    yield "\n]}\n"


@router.get("/incidents", summary="Incidents: filterable, sortable table")
def list_page(request: Request, f: IncidentFilter = Depends(), page: int = Query(1, ge=1, le=100_000)):
    shown, total, has_next = f.page(request.app.state.store, page)
    context = {"title": "Incidents", "rows": shown, "total": total, "page": page, "has_next": has_next,
               "f": f, "statuses": INCIDENT_STATUSES, "sortable": SORTABLE,
               "truncated": total is not None and total >= MAX_ROWS}
    return render(request, "incidents.html", context,
                  data={"filter": f.as_dict(), "total": total, "page": page, "has_next": has_next,
                        "incidents": shown})


@router.get("/incidents/export.csv", summary="CSV export of the current filter (ACLED columns, then Rasad's)",
            responses={200: {"content": {"text/csv": {}}}})
def export_csv(request: Request, f: IncidentFilter = Depends()):
    store = request.app.state.store
    return StreamingResponse(csv_stream(store, f.rows(store)), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="rasad-incidents.csv"'})


@router.get("/incidents/export.geojson", summary="GeoJSON export of the current filter (full records)",
            responses={200: {"content": {"application/geo+json": {}}}})
def export_geojson(request: Request, f: IncidentFilter = Depends()):
    store = request.app.state.store
    return StreamingResponse(geojson_stream(store, f.rows(store)), media_type="application/geo+json",
                             headers={"content-disposition": 'attachment; filename="rasad-incidents.geojson"'})


@router.get("/incidents/{incident_id}", summary="One incident: accounts side by side, figures, history")
def show_incident(request: Request, incident_id: int):
    store = request.app.state.store
    if not 0 < incident_id < 2**62:
        raise HTTPException(404, "no such incident")
    detail = incident_detail(store, incident_id)
    if detail is None:
        raise HTTPException(404, "no such incident")
    lock = request.app.state.locks.holder(incident_id)
    conflicts = set(detail.get("conflicts") or [])
    context = {
        "title": detail.get("title") or f"Incident {incident_id}",
        "inc": detail,
        "conflicts": conflicts,
        "count_kinds": sorted({k for a in detail["accounts"] for k in (a.get("counts") or {})}),
        "lock": lock,
        "mine": lock is not None and lock.username == request.state.user.username,
        "actions": ACTIONS,
        "editable": EDITABLE_FIELDS,
        "error": request.query_params.get("error"),
    }
    data = {**detail, "lock": {"by": lock.username, "until": lock.expires_at} if lock else None}
    return render(request, "incident.html", context, data=data)


@router.post("/incidents/{incident_id}/lock", summary="Hold (or renew) the review lock on an incident (analyst)")
def take_lock(request: Request, incident_id: int, user: auth.SignedInUser = Depends(check_csrf)):
    if not user.can("analyst"):
        raise Forbidden("reviewing needs the analyst role")
    lock = request.app.state.locks.acquire(incident_id, user.username)
    mine = lock.username == user.username
    data = {"incident_id": incident_id, "by": lock.username, "until": lock.expires_at, "mine": mine}
    return render(request, "_lock.html", {"lock": lock, "mine": mine}, data=data)


@router.post("/incidents/{incident_id}/review", summary="Apply a review action with a note (analyst)")
def review_action(
    request: Request,
    incident_id: int,
    action: Literal["confirm", "reject", "dispute", "reopen", "edit", "merge", "split"] = Form(...),
    note: str = Form("", max_length=5000),
    field: str = Form("", max_length=100),
    value: str = Form("", max_length=2000),
    other_incident: int | None = Form(None, ge=1, le=2**62),
    incident_reports: str = Form("", max_length=2000, description="comma-separated incident report ids (split)"),
    user: auth.SignedInUser = Depends(check_csrf),
):
    if not user.can("analyst"):
        raise Forbidden("reviewing needs the analyst role")
    store = request.app.state.store
    locks = request.app.state.locks
    lock = locks.holder(incident_id)
    if lock is not None and lock.username != user.username:
        message = f"{lock.username} is reviewing this incident (lock until {lock.expires_at:%H:%M:%S} UTC)"
        return _review_result(request, incident_id, error=message, status_code=409)
    try:
        if action in log_review.STATUS_ACTIONS:
            event = log_review.set_status(store, incident_id, action, by=user.username, note=note)
        elif action == "edit":
            event = log_review.edit(store, incident_id, field, value, by=user.username, note=note)
        elif action == "merge":
            if other_incident is None:
                raise log_review.ReviewError("name the incident to merge into this one")
            event = log_review.merge(store, incident_id, other_incident, by=user.username, note=note)
        else:
            try:
                ids = [int(part) for part in incident_reports.replace(" ", "").split(",") if part]
            except ValueError:
                raise log_review.ReviewError("incident reports: give numbers separated by commas") from None
            event, _new = log_review.split(store, incident_id, ids, by=user.username, note=note)
    except log_review.ReviewError as exc:
        return _review_result(request, incident_id, error=str(exc), status_code=400)
    locks.release(incident_id, user.username)
    return _review_result(request, incident_id, event=event)


def _review_result(request: Request, incident_id: int, event: int | None = None, error: str | None = None,
                   status_code: int = 200):
    from urllib.parse import quote

    if request.query_params.get("format") == "json" or "application/json" in request.headers.get("accept", ""):
        body = {"incident_id": incident_id, "event": event, "error": error}
        return JSONResponse(body, status_code=status_code if error else 200)
    target = f"/incidents/{incident_id}" + (f"?error={quote(error)}" if error else "#history")
    return RedirectResponse(target, status_code=303)
