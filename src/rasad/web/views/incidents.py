"""Incidents: a filterable, sortable table with CSV/GeoJSON/JSON downloads of the current filter, and one
incident with its accounts side by side, conflicting figures highlighted, the merge explanation,
victims, a map pin, the full review history and (for analysts) the review actions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse

from rasad.log import review as log_review
from rasad.log import summary
from rasad.log.exporters import Writer, incident_records, writer_for_extension
from rasad.log.publish import PUBLIC_WRITERS, public_records
from rasad.log.queries import SORT_COLUMNS, FilterError, IncidentFilter, list_incidents
from rasad.log.service import EDITABLE_FIELDS, incident_detail
from rasad.store.schema import INCIDENT_STATUSES
from rasad.web import auth
from rasad.web.deps import client_ip, render, require

router = APIRouter(tags=["incidents"])

PAGE_SIZE = 100
SORTABLE = tuple(SORT_COLUMNS)
ACTIONS = ("confirm", "reject", "dispute", "reopen", "edit", "merge", "split")
REVIEWING = require("analyst", "reviewing", changes_state=True)
PUBLISHING = require("admin", "publishing")
# The export formats (rasad.log.exporters.WRITERS) offered under the table, by file extension.
DOWNLOADS = {"csv": "CSV", "geojson": "GeoJSON", "json": "JSON"}


def incident_filter(
    type: str | None = Query(None, max_length=100, description="event type or sub-type"),
    date_from: str | None = Query(None, max_length=40, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    date_to: str | None = Query(None, max_length=40),
    province: str | None = Query(None, max_length=100),
    status: str | None = Query(None, max_length=40, description="unreviewed, confirmed, disputed or rejected"),
    source: str | None = Query(None, max_length=200, description="source id or publisher"),
    source_group: str | None = Query(None, max_length=200, description="independence group"),
    # a string, so that the form's empty field means "any" rather than a validation error
    min_corroboration: str | None = Query(None, pattern=r"^\d{0,4}$", description="independent source groups"),
    sort: str = Query("date", max_length=40, description=", ".join(SORT_COLUMNS)),
    order: str = Query("desc", max_length=40, description="asc or desc"),
) -> IncidentFilter:
    """The log's filter (rasad.log.queries) from the query string, shared by the table and its downloads;
    a value it cannot use is a 400 that says which."""
    try:
        return IncidentFilter(event_type=type, date_from=date_from, date_to=date_to, province=province,
                              status=status, source=source, source_group=source_group,
                              min_corroboration=int(min_corroboration) if min_corroboration else None,
                              sort=sort, order=order, limit=None)
    except FilterError as exc:
        raise HTTPException(400, str(exc)) from None


def filter_fields(f: IncidentFilter) -> dict[str, Any]:
    """The filter as the page's form and JSON name its fields."""
    return {"type": f.event_type, "date_from": f.date_from, "date_to": f.date_to, "province": f.province,
            "status": f.status, "source": f.source, "source_group": f.source_group,
            "min_corroboration": f.min_corroboration, "sort": f.sort, "order": f.order}


@router.get("/incidents", summary="Incidents: filterable, sortable table")
def list_page(request: Request, f: IncidentFilter = Depends(incident_filter),
              page: int = Query(1, ge=1, le=100_000)):
    store = request.app.state.store
    rows = list_incidents(store, f.replace(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE))
    shown, has_next = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    counted = summary.incident_count(store, f)  # cached per filter on the log's change counter
    total = counted.value
    fields = filter_fields(f)
    context = {"title": "Incidents", "rows": shown, "total": total, "total_as_of": counted.meta(), "page": page,
               "has_next": has_next, "f": fields, "statuses": INCIDENT_STATUSES, "sortable": SORTABLE,
               "downloads": DOWNLOADS}
    return render(request, "incidents.html", context,
                  data={"filter": fields, "total": total, "total_as_of": counted.meta(), "page": page,
                        "has_next": has_next, "incidents": shown})


def _audit_export(request: Request, kind: str, writer: Writer, f: IncidentFilter) -> None:
    """Every download of the log is in the audit trail (who, what format, which filter)."""
    user = request.state.user
    with request.app.state.store.session() as db:
        auth.audit(db, kind, actor=user.username, ip=client_ip(request), format=writer.name,
                   filter={k: v for k, v in filter_fields(f).items() if v not in (None, "")})


def _download(writer: Writer):
    def download(request: Request, f: IncidentFilter = Depends(incident_filter)):
        _audit_export(request, "export", writer, f)
        records = incident_records(request.app.state.store, f)  # in the table's order, a page at a time
        disposition = f'attachment; filename="rasad-incidents.{writer.extension}"'
        return StreamingResponse(writer.chunks(records), media_type=writer.media_type,
                                 headers={"content-disposition": disposition})

    download.__name__ = f"export_{writer.extension}"
    return download


def _publish(writer: Writer):
    def publish(request: Request, f: IncidentFilter = Depends(incident_filter),
                user: auth.SignedInUser = Depends(PUBLISHING)):
        _audit_export(request, "export.public", writer, f)
        records = public_records(request.app.state.store, f)
        disposition = f'attachment; filename="rasad-incidents-public.{writer.extension}"'
        return StreamingResponse(writer.chunks(records), media_type=writer.media_type,
                                 headers={"content-disposition": disposition})

    publish.__name__ = f"publish_{writer.extension}"
    return publish


for _extension, _label in DOWNLOADS.items():
    _writer = writer_for_extension(_extension)
    router.add_api_route(f"/incidents/export.{_extension}", _download(_writer), methods=["GET"],
                         summary=f"{_label} download of the current filter ({_writer.name} export format)",
                         responses={200: {"content": {_writer.media_type.split(";")[0]: {}}}})
    _public = next(w for w in PUBLIC_WRITERS.values() if w.extension == _extension)
    router.add_api_route(f"/incidents/publish.{_extension}", _publish(_public), methods=["GET"],
                         summary=f"{_label} public export of the current filter (admin): no names but those "
                                 "marked public, no notes, users or report text, places no finer than the town",
                         responses={200: {"content": {_public.media_type.split(";")[0]: {}}}})


# An incident id the database can hold (SQLite and PostgreSQL integers are 64-bit): a larger number in the
# path is refused by validation (422) instead of overflowing in the driver (a 500).
IncidentId = Annotated[int, Path(ge=1, le=2**62)]


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
def take_lock(request: Request, incident_id: IncidentId, user: auth.SignedInUser = Depends(REVIEWING)):
    lock = request.app.state.locks.acquire(incident_id, user.username)
    mine = lock.username == user.username
    data = {"incident_id": incident_id, "by": lock.username, "until": lock.expires_at, "mine": mine}
    return render(request, "_lock.html", {"lock": lock, "mine": mine}, data=data)


@router.post("/incidents/{incident_id}/review", summary="Apply a review action with a note (analyst)")
def review_action(
    request: Request,
    incident_id: IncidentId,
    action: Literal["confirm", "reject", "dispute", "reopen", "edit", "merge", "split"] = Form(...),
    note: str = Form("", max_length=5000),
    field: str = Form("", max_length=100),
    value: str = Form("", max_length=2000),
    other_incident: int | None = Form(None, ge=1, le=2**62),
    incident_reports: str = Form("", max_length=2000, description="comma-separated incident report ids (split)"),
    user: auth.SignedInUser = Depends(REVIEWING),
):
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
            if any(not 0 < i <= 2**62 for i in ids):
                raise log_review.ReviewError("incident reports: no such incident report")
            event, _new = log_review.split(store, incident_id, ids, by=user.username, note=note)
    except log_review.ReviewError as exc:
        return _review_result(request, incident_id, error=str(exc), status_code=400)
    locks.release(incident_id, user.username)
    return _review_result(request, incident_id, event=event)


@router.post("/incidents/{incident_id}/victims/naming",
             summary="Mark a victim as one who may be named in a public export, or withhold the name (analyst)")
def victim_naming(
    request: Request,
    incident_id: IncidentId,
    name: str = Form(..., max_length=2000),
    public: Literal["yes", "no"] = Form(...),
    note: str = Form("", max_length=5000),
    user: auth.SignedInUser = Depends(REVIEWING),
):
    lock = request.app.state.locks.holder(incident_id)
    if lock is not None and lock.username != user.username:
        message = f"{lock.username} is reviewing this incident (lock until {lock.expires_at:%H:%M:%S} UTC)"
        return _review_result(request, incident_id, error=message, status_code=409)
    try:
        event = log_review.set_victim_public(request.app.state.store, incident_id, name, public == "yes",
                                             by=user.username, note=note)
    except log_review.ReviewError as exc:
        return _review_result(request, incident_id, error=str(exc), status_code=400)
    return _review_result(request, incident_id, event=event)


def _review_result(request: Request, incident_id: int, event: int | None = None, error: str | None = None,
                   status_code: int = 200):
    from urllib.parse import quote

    if request.query_params.get("format") == "json" or "application/json" in request.headers.get("accept", ""):
        body = {"incident_id": incident_id, "event": event, "error": error}
        return JSONResponse(body, status_code=status_code if error else 200)
    target = f"/incidents/{incident_id}" + (f"?error={quote(error)}" if error else "#history")
    return RedirectResponse(target, status_code=303)
