"""Reports: the list (publisher, date, technique density, unattributed share) and one report with its
text highlighted in switchable layers, its profile, and the original file with its SHA-256."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from rasad.log import summary
from rasad.store.schema import AnalysisRow, IncidentLink, IncidentReportRow, ReportRow, SourceRow
from rasad.web.deps import render
from rasad.web.highlight import report_segments

router = APIRouter(tags=["reports"])
PAGE_SIZE = 50


def technique_density(data: dict[str, Any], text_len: int) -> float | None:
    """Framing spans per 1,000 words (the profile's figure when it has one)."""
    profile = data.get("profile") or {}
    for key in ("density_per_1000_words", "technique_density"):
        if isinstance(profile.get(key), (int, float)):
            return float(profile[key])
    words = max(1, text_len // 6)  # ~6 characters a word incl. the space; only the list view uses this
    if not text_len:
        return None
    return len(data.get("framing") or []) * 1000 / words


def _unattributed(data: dict[str, Any] | None) -> float | None:
    if not data:
        return None
    if data.get("unattributed_share") is not None:
        return data["unattributed_share"]
    return (data.get("profile") or {}).get("unattributed_claim_share")


def _latest_analyses(db, report_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not report_ids:
        return {}
    newest = (
        select(AnalysisRow.report_id, func.max(AnalysisRow.id).label("id"))
        .where(AnalysisRow.report_id.in_(report_ids))
        .group_by(AnalysisRow.report_id)
        .subquery()
    )
    rows = db.execute(select(AnalysisRow.report_id, AnalysisRow.data).join(newest, newest.c.id == AnalysisRow.id))
    return {rid: data for rid, data in rows}


@router.get("/reports", summary="Reports: publisher, date, technique density, unattributed share")
def list_reports(
    request: Request,
    page: int = Query(1, ge=1, le=100_000),
    publisher: str | None = Query(None, max_length=200),
):
    store = request.app.state.store
    total = summary.report_count(store, publisher).value  # cached on the log's changes (a million rows)
    with store.read_session() as db:
        query = select(
            ReportRow.id, ReportRow.title, ReportRow.publisher, ReportRow.published_at, ReportRow.language,
            ReportRow.flags, func.length(ReportRow.text).label("chars"),
        )
        if publisher:
            query = query.where(ReportRow.publisher == publisher)
        rows = db.execute(
            query.order_by(ReportRow.published_at.desc().nulls_last(), ReportRow.ingested_at.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).all()
        analyses = _latest_analyses(db, [r.id for r in rows])
    reports = []
    for r in rows:
        data = analyses.get(r.id)
        reports.append({
            "id": r.id,
            "title": r.title,
            "publisher": r.publisher,
            # the registry's name for the publisher the profile recognised from the text
            "publisher_recognised": ((data or {}).get("profile") or {}).get("publisher"),
            "published_at": r.published_at,
            "language": r.language,
            "flags": r.flags or [],
            "analysed": data is not None,
            "technique_density": technique_density(data, r.chars or 0) if data else None,
            "framing_spans": len(data.get("framing") or []) if data else None,
            "unattributed_share": _unattributed(data),
            "quotes": len(data.get("quotes") or []) if data else None,
            "incidents": len(data.get("incidents") or []) if data else None,
        })
    pages = max(1, -(-total // PAGE_SIZE))
    context = {"title": "Reports", "reports": reports, "total": total, "page": page, "pages": pages,
               "publisher": publisher}
    return render(request, "reports.html", context,
                  data={"total": total, "page": page, "pages": pages, "reports": reports})


@router.get("/reports/{report_id}", summary="One report: highlighted text, layers, profile, original file")
def show_report(request: Request, report_id: str):
    store = request.app.state.store
    if len(report_id) > 64:
        raise HTTPException(404, "no such report")
    analysis = store.latest_analysis(report_id)
    report = analysis.report if analysis is not None else store.get_report(report_id, with_original=False)
    if report is None:
        raise HTTPException(404, "no such report")
    with store.read_session() as db:
        size, source_id = db.execute(select(ReportRow.size_bytes, ReportRow.source_id).where(ReportRow.id == report_id)).one()
        # the registry entry the log attributed the report to (rasad.log.sources.attribute_reports)
        source = None
        if source_id:
            row = db.get(SourceRow, source_id)
            source = {"id": row.id, "name": row.name, "independence_group": row.independence_group} if row else None
        linked = db.execute(
            select(IncidentReportRow.id, IncidentReportRow.event_type, IncidentReportRow.date, IncidentLink.incident_id)
            .outerjoin(IncidentLink, (IncidentLink.incident_report_id == IncidentReportRow.id) & IncidentLink.active)
            .where(IncidentReportRow.report_id == report_id)
            .order_by(IncidentReportRow.ordinal)
        ).all()
    incident_links = [{"incident_report": r[0], "event_type": r[1], "date": r[2], "incident_id": r[3]} for r in linked]
    segments = report_segments(analysis) if analysis is not None else None
    techniques = Counter(span.technique for span in analysis.framing) if analysis is not None else Counter()
    report_json = report.public_dict()
    context = {
        "title": report.title or "Report",
        "report": report,
        "size": size,
        "source": source,
        "analysis": analysis,
        "segments": segments,
        "techniques": sorted(techniques.items(), key=lambda kv: -kv[1]),
        "incident_links": incident_links,
        "profile": analysis.profile if analysis is not None else None,
    }
    data = {
        "report": report_json,
        "size_bytes": size,
        "source": source,
        "original_url": f"/reports/{report.id}/original",
        "analysis": analysis.to_json_dict() if analysis is not None else None,
        "incident_links": incident_links,
    }
    if data["analysis"] is not None:
        data["analysis"].pop("report", None)
    return render(request, "report.html", context, data=data)


@router.get(
    "/reports/{report_id}/original",
    summary="The original file exactly as ingested (a download, never rendered)",
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def original(request: Request, report_id: str):
    store = request.app.state.store
    report = store.get_report(report_id, with_original=True) if len(report_id) <= 64 else None
    if report is None:
        raise HTTPException(404, "no such report")
    extension = {"application/pdf": "pdf", "text/html": "html", "text/markdown": "md"}.get(report.media_type, "txt")
    # Served as an attachment with a generic type: a stored HTML page must never run in our origin.
    return Response(
        report.original,
        media_type="application/octet-stream",
        headers={
            "content-disposition": f'attachment; filename="{report.sha256[:16]}.{extension}"',
            "x-content-sha256": report.sha256,
            "content-security-policy": "default-src 'none'; sandbox",
        },
    )
