"""Search across reports (the store's full-text index) and incidents (title, place, type, victims)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Query, Request

from rasad.log.queries import search_incidents
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
    reports = [hit.to_dict() for hit in store.search_reports(q, limit=limit)] if q else []
    for hit in reports:
        hit["snippet_parts"] = snippet_parts(hit["snippet"])
    incidents = search_incidents(store, q, limit)
    context = {"title": f"Search: {q}" if q else "Search", "q": q, "reports": reports, "incidents": incidents}
    return render(request, "search.html", context, data={"q": q, "reports": reports, "incidents": incidents})
