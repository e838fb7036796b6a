"""The overview: counts by type and province, a weekly timeline (incidents, killed, arrested) and a map.
The figures come from the log's queries (rasad.log.queries); this module only draws them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rasad.log import summary
from rasad.web.charts import weekly_timeline
from rasad.web.deps import render

router = APIRouter(tags=["overview"])


@router.get("/overview/points.geojson", summary="Every live incident with coordinates, for the overview map",
            responses={200: {"content": {"application/geo+json": {}}}})
def map_points(request: Request):
    cached = summary.map_points(request.app.state.store)  # computed once per change of the log
    return Response(cached.value, media_type="application/geo+json",
                    headers={"x-rasad-as-of": cached.meta()["as_of"]})


@router.get("/", summary="Overview: counts by type and province, weekly timeline, map")
def overview(request: Request):
    store = request.app.state.store
    cached = summary.overview(store)  # computed once per change of the log (rasad.log.summary)
    figures = cached.value["figures"]
    data: dict[str, Any] = {
        "stats": cached.value["stats"],
        "figures_as_of": cached.meta(),
        "by_type": figures["by_type"],
        "by_province": figures["by_province"],
        "killed": figures["killed"],
        "arrested": figures["arrested"],
        "weekly": [{"week": week.isoformat(), **counts} for week, counts in figures["weekly"].items()],
    }
    context = {"title": "Overview", **data, "timeline": weekly_timeline(figures["weekly"])}
    return render(request, "overview.html", context, data=data)
