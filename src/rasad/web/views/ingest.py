"""Ingest by upload or by URL (analysts). Uploads go through ``rasad.ingest.read_bytes``; URLs through
``rasad.ingest.read_url`` with its SSRF guard (public addresses only, pinned, size- and time-capped).
The report is stored with its original bytes, analysed, its incident reports merged into the log."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from rasad.web import auth
from rasad.web.deps import Forbidden, check_csrf, client_ip, render

router = APIRouter(tags=["ingest"])

_nlp_lock = threading.Lock()


def store_and_analyse(app, report) -> dict[str, Any]:
    """Store a report, analyse it, store its incident reports and merge them into the log."""
    from rasad.analysis.pipeline import analyze
    from rasad.log.service import merge_pending
    from rasad.log.sources import attribute_reports, seed_sources

    store = app.state.store
    added = store.add_report(report)
    if added:
        seed_sources(store)
        attribute_reports(store, [report.id])  # its publisher, with the log's registry
    result: dict[str, Any] = {"report_id": report.id, "added": added, "analysed": False, "incident_reports": 0}
    if not report.language_supported or not report.text.strip():
        return result
    with _nlp_lock:  # one analysis at a time: spaCy pipelines are not shared across threads
        analysis = analyze(report, nlp=_nlp_unlocked(app))
    with store.session() as s:
        store.add_analysis(analysis, session=s)
        if analysis.incidents:
            ids = store.add_incident_reports(report.id, analysis.pipeline_version, analysis.incidents, session=s)
            result["incident_reports"] = len(ids)
    result["analysed"] = True
    if result["incident_reports"]:
        merge_pending(store, actor="ingest", attribute=not added)  # an added report was attributed above
    return result


def _nlp_unlocked(app) -> Any:
    if getattr(app.state, "nlp", None) is None:
        from rasad.analysis.pipeline import load_nlp

        app.state.nlp = load_nlp()
    return app.state.nlp


def _page(request: Request, error: str | None = None, status_code: int = 200):
    return render(request, "ingest.html", {"title": "Ingest", "error": error},
                  data={"detail": error} if error else {"upload": "/ingest/upload", "url": "/ingest/url"},
                  status_code=status_code)


@router.get("/ingest", summary="Ingest form: upload a file or give a URL")
def ingest_form(request: Request):
    return _page(request)


def _done(request: Request, result: dict[str, Any]):
    if request.query_params.get("format") == "json" or "application/json" in request.headers.get("accept", ""):
        from fastapi.responses import JSONResponse

        return JSONResponse(result)
    return RedirectResponse(f"/reports/{result['report_id']}", status_code=303)


@router.post("/ingest/upload", summary="Ingest an uploaded file (analyst)")
def ingest_upload(request: Request, file: UploadFile = File(...), user: auth.SignedInUser = Depends(check_csrf)):
    from rasad.ingest import IngestError, read_bytes

    if not user.can("analyst"):
        raise Forbidden("ingesting needs the analyst role")
    limit = request.app.state.settings.max_input_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        return _page(request, f"The file is larger than the limit of {limit} bytes.", status_code=413)
    try:
        report = read_bytes(data, source=file.filename or "upload", media_type=file.content_type)
    except IngestError as exc:
        return _page(request, str(exc), status_code=400)
    result = store_and_analyse(request.app, report)
    with request.app.state.store.session() as db:
        auth.audit(db, "ingest.upload", actor=user.username, ip=client_ip(request), report=report.id,
                   filename=(file.filename or "")[:200])
    return _done(request, result)


@router.post("/ingest/url", summary="Ingest a URL through the SSRF guard (analyst)")
def ingest_url(request: Request, url: str = Form(..., max_length=2000), user: auth.SignedInUser = Depends(check_csrf)):
    from rasad.ingest import IngestError, read_url

    if not user.can("analyst"):
        raise Forbidden("ingesting needs the analyst role")
    try:
        report = read_url(url.strip())  # allow_private=False: no loopback, private or link-local targets
    except IngestError as exc:
        return _page(request, str(exc), status_code=400)
    result = store_and_analyse(request.app, report)
    with request.app.state.store.session() as db:
        auth.audit(db, "ingest.url", actor=user.username, ip=client_ip(request), report=report.id, url=url[:500])
    return _done(request, result)
