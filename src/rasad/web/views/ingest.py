"""Ingest by upload or by URL (analysts). Uploads go through ``rasad.ingest.read_bytes``; URLs through
``rasad.ingest.read_url`` with its SSRF guard (public addresses only, pinned, size- and time-capped).
The report is stored with its original bytes, analysed, its incident reports merged into the log."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from rasad.store import audit_trail
from rasad.web import auth
from rasad.web.deps import client_ip, render, require

router = APIRouter(tags=["ingest"])

INGESTING = require("analyst", "ingesting", changes_state=True)

_analyser_lock = threading.Lock()


def _analyser(app) -> Any:
    """The app's one analyser, its calls serialised across request threads: an analysis worker process
    (started on the first upload, killed when a report runs past its budget or the server stops; the
    pipeline is never loaded in the server's process), or the pipeline set on ``app.state.nlp`` (tests)."""
    from rasad.log.intake import Analyser

    with _analyser_lock:
        nlp = getattr(app.state, "nlp", None)
        analyser = getattr(app.state, "analyser", None)
        if analyser is None or (nlp is not None and analyser.nlp is not nlp):
            analyser = app.state.analyser = Analyser(nlp)
        return analyser


def stop_analysis(app) -> None:
    """Kill the analysis and reading workers of the app now (the server was told to stop): a request
    waiting on one returns at once, its report stored, not analysed. Called from the signal handler, so
    it takes no lock a request thread may hold."""
    from rasad.ingest.budget import stop_workers

    _analyser(app).stop()  # its lock is held only for a moment (never during an analysis)
    stop_workers()


def store_and_analyse(app, report, audit: Any = None) -> dict[str, Any]:
    """Take one report into the log (stored, analysed, attributed, merged) through the one road in;
    the result carries the intake's last progress event as the status the API shows. ``audit``: the
    upload's audit event (an outbox entry, ``rasad.store.audit_trail.entry``), committed in the report's
    own transaction and then delivered to the audit trail."""
    from rasad.log.intake import Intake, IntakeEvent, ReportInput

    store = app.state.store
    events: list[IntakeEvent] = []
    intake = Intake(store, analyser=_analyser(app), actor="ingest", progress=events.append)
    summary = intake.take([ReportInput(report, rows=[audit] if audit is not None else [])])
    if audit is not None:
        audit_trail.deliver(store)
    analysable = report.language_supported and bool(report.text.strip())
    result = {"report_id": report.id, "added": summary.added == 1,
              "analysed": analysable and store.has_analysis(report.id, intake.analyser.version),
              "incident_reports": summary.incident_reports, "status": events[-1].as_dict()}
    if summary.errors:  # the analysis stopped at its budget, or failed: the report is stored all the same
        result["error"] = summary.errors[0][1]
    return result


def _page(request: Request, error: str | None = None, status_code: int = 200):
    return render(request, "ingest.html", {"title": "Ingest", "error": error},
                  data={"detail": error} if error else {"upload": "/ingest/upload", "url": "/ingest/url"},
                  status_code=status_code)


@router.get("/ingest", summary="Ingest form: upload a file or give a URL (analyst)")
def ingest_form(request: Request, user: auth.SignedInUser = Depends(require("analyst", "ingesting"))):
    return _page(request)


def _done(request: Request, result: dict[str, Any]):
    if request.query_params.get("format") == "json" or "application/json" in request.headers.get("accept", ""):
        from fastapi.responses import JSONResponse

        return JSONResponse(result)
    return RedirectResponse(f"/reports/{result['report_id']}", status_code=303)


@router.post("/ingest/upload", summary="Ingest an uploaded file (analyst)")
def ingest_upload(request: Request, file: UploadFile = File(...), user: auth.SignedInUser = Depends(INGESTING)):
    from rasad.ingest import IngestError, read_bytes

    limit = request.app.state.settings.max_input_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        return _page(request, f"The file is larger than the limit of {limit} bytes.", status_code=413)
    try:
        report = read_bytes(data, source=file.filename or "upload", media_type=file.content_type)
    except IngestError as exc:
        return _page(request, str(exc), status_code=400)
    result = store_and_analyse(request.app, report, audit_trail.entry(
        "ingest.upload", actor=user.username, ip=client_ip(request), report=report.id,
        filename=(file.filename or "")[:200]))
    return _done(request, result)


@router.post("/ingest/url", summary="Ingest a URL through the SSRF guard (analyst)")
def ingest_url(request: Request, url: str = Form(..., max_length=2000), user: auth.SignedInUser = Depends(INGESTING)):
    from rasad.ingest import IngestError, read_url

    try:
        report = read_url(url.strip())  # allow_private=False: no loopback, private or link-local targets
    except IngestError as exc:
        return _page(request, str(exc), status_code=400)
    result = store_and_analyse(request.app, report, audit_trail.entry(
        "ingest.url", actor=user.username, ip=client_ip(request), report=report.id, url=url[:500]))
    return _done(request, result)
