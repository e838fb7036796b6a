"""The source registry: affiliation, independence group and reliability; analysts and admins edit it
through the library (``rasad.log.sources``), as the CLI does. Every reliability change is kept in
``source_reliability_events`` and every other change in ``source_events`` (who, when, before, after, why)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from rasad.log import sources as registry
from rasad.log import summary
from rasad.store import audit_trail
from rasad.store.schema import SourceRow
from rasad.web import auth
from rasad.web.deps import client_ip, render, require

router = APIRouter(tags=["sources"])

AFFILIATIONS = registry.AFFILIATIONS
RELIABILITY = registry.GRADES  # Admiralty scale: A completely reliable .. F cannot be judged


def _source_dict(row: SourceRow, reports: int = 0) -> dict:
    return {**registry.source_dict(row), "reports": reports}


@router.get("/sources", summary="The source registry")
def list_sources(request: Request):
    store = request.app.state.store
    counts = summary.reports_by_source(store).value  # a GROUP BY over every report: cached on the log's changes
    with store.read_session() as db:
        rows = db.scalars(select(SourceRow).order_by(SourceRow.independence_group, SourceRow.name)).all()
        sources = [_source_dict(r, counts.get(r.id, 0)) for r in rows]
    context = {"title": "Sources", "sources": sources, "affiliations": AFFILIATIONS, "reliability": RELIABILITY}
    return render(request, "sources.html", context, data={"sources": sources})


@router.get("/sources/{source_id}", summary="One source and its reliability history")
def show_source(request: Request, source_id: str):
    found = registry.show_source(request.app.state.store, source_id[:200])
    if found is None:
        raise HTTPException(404, "no such source")
    history, changes = found.pop("reliability_history"), found.pop("history")
    source = found | {"reports": 0}
    context = {"title": source["name"], "source": source, "history": history, "changes": changes,
               "affiliations": AFFILIATIONS, "reliability": RELIABILITY}
    return render(request, "source.html", context,
                  data={"source": source, "reliability_history": history, "history": changes})


@router.post("/sources/{source_id}", summary="Edit a source (analyst): affiliation, group, reliability")
def edit_source(
    request: Request,
    source_id: str,
    affiliation: Literal[
        "state_media", "state_aligned", "opposition_advocacy", "independent_press", "international_press",
        "ngo_monitor", "official_body", "unknown",
    ] = Form(...),
    independence_group: str = Form(..., min_length=1, max_length=200),
    reliability: Literal["", "A", "B", "C", "D", "E", "F"] = Form(""),
    reliability_note: str = Form("", max_length=2000),
    note: str = Form("", max_length=2000),
    user: auth.SignedInUser = Depends(require("analyst", "editing sources", changes_state=True)),
):
    store = request.app.state.store
    with store.read_session() as db:
        row = db.get(SourceRow, source_id[:200])
        if row is None:
            raise HTTPException(404, "no such source")
        source_id, before = row.id, {"affiliation": row.affiliation, "independence_group": row.independence_group,
                                     "reliability": row.reliability}
    why = reliability_note.strip() or note.strip() or "edited in the web app"
    new_reliability = reliability or None
    try:
        # One transaction in the log's file: the edit, its rating and its audit event's outbox entry
        # commit together; the event then goes to the audit trail (rasad.store.audit_trail).
        with store.session() as db:
            changed = registry.edit_source(store, source_id, by=user.username, why=why, affiliation=affiliation,
                                           independence_group=independence_group, note=note or None)
            if new_reliability != before["reliability"]:
                registry.set_reliability(store, source_id, new_reliability, by=user.username, note=why)
                changed.append("reliability")
            if changed:
                audit_trail.record(db, "source.edited", actor=user.username, ip=client_ip(request),
                                   source=source_id, before=before, changed=changed)
    except registry.SourceError as exc:
        raise HTTPException(400, str(exc)) from None
    audit_trail.deliver(store)
    return RedirectResponse(f"/sources/{source_id}", status_code=303)
