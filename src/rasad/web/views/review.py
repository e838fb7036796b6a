"""The review queue: disputed and unreviewed incidents first, with who holds each review lock.
Keyboard: j/k move, Enter opens; on the incident page c/r/d/e/m/s pick the action."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from rasad.log.queries import list_incidents
from rasad.web.deps import render

router = APIRouter(tags=["review"])

QUEUE_ORDER = ("disputed", "unreviewed")


@router.get("/review", summary="Review queue: disputed and unreviewed incidents first, with locks")
def queue(request: Request, limit: int = Query(200, ge=1, le=2000)):
    store = request.app.state.store
    locks = request.app.state.locks.all()
    rows = []
    for status in QUEUE_ORDER:
        if len(rows) >= limit:  # a full page of disputed incidents: the unreviewed are not read
            break
        # within a status: the least corroborated first (they need an analyst's eye most), then newest
        batch = list_incidents(store, status=status, limit=limit - len(rows))
        batch.sort(key=lambda r: (r.get("corroboration") or 0, -(r.get("id") or 0)))
        rows.extend(batch)
    for row in rows:
        lock = locks.get(row["id"])
        row["lock"] = {"by": lock.username, "until": lock.expires_at} if lock else None
    context = {"title": "Review", "rows": rows}
    return render(request, "review.html", context, data={"queue": rows})
