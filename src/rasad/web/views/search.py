"""Search across reports (the store's full-text index) and incidents (title, place, type, victims)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Query, Request

from rasad.log.queries import search_incidents
from rasad.store import QueryBudgetExceeded
from rasad.web.deps import render

router = APIRouter(tags=["search"])


def snippet_parts(snippet: str) -> list[dict]:
    """The store marks matches as [word]; split them out so the template can wrap them in <mark>
    (each part still autoescaped)."""
    parts = []
    for piece in re.split(r"(\[[^\[\]]{1,200}\])", snippet or ""):
        if piece:
            match = piece.startswith("[") and piece.endswith("]")
            parts.append({"text": piece[1:-1] if match else piece, "match": match})
    return parts


@router.get("/search", summary="Search reports and incidents")
def search(request: Request, q: str = Query("", max_length=200), limit: int = Query(50, ge=1, le=500)):
    store = request.app.state.store
    q = q.strip()
    reports: list[dict] = []
    incidents: list[dict] = []
    cut: list[str] = []  # what the time budget stopped: that part of the page is empty, and says so
    if q:
        # A bounded request (issue 21, finding 11): whatever the words, the database work of one search
        # stops at the budget and frees its connection; the page shows what it found.
        with store.time_budget(request.app.state.settings.web_search_budget_s):
            try:
                reports = [hit.to_dict() for hit in store.search_reports(q, limit=limit)]
            except QueryBudgetExceeded:
                cut.append("reports")
            try:
                incidents = search_incidents(store, q, limit)
            except QueryBudgetExceeded:
                cut.append("incidents")
    for hit in reports:
        hit["snippet_parts"] = snippet_parts(hit["snippet"])
    context = {"title": f"Search: {q}" if q else "Search", "q": q, "reports": reports, "incidents": incidents,
               "cut": cut}
    return render(request, "search.html", context,
                  data={"q": q, "reports": reports, "incidents": incidents, "cut": cut})
