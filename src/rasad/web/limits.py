"""Request bodies are refused before they are read (issue 21, finding 2).

Starlette spools a multipart body to a temporary file while parsing it, and FastAPI parses the body
before any dependency runs: the sign-in check answered only after a 200 MB upload had reached the disk.
This ASGI middleware answers from the headers first:

* an upload (``POST /ingest/upload``) without a valid session, or from a user who may not ingest, gets the
  app's own answer (sign-in redirect or 401, password change, 403) and its body is never read;
* then Starlette's ``RequestBodyLimitMiddleware`` holds the body to a limit: a declared ``Content-Length``
  over it gets 413 before the first byte is read, a body without one (chunked) is counted as it streams
  in and cut with 413 at the limit (FastAPI's body parsing knows its signal and answers 413, not 400).

The limit for uploads is ``RASAD_MAX_INPUT_BYTES`` plus room for the form around the file; every other
request body (sign-in, review and source forms) is held to ``RASAD_WEB_MAX_FORM_BYTES``.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasad.web import auth

# Paths whose bodies are files: only signed-in users with this role may send them.
UPLOAD_PATHS = {"/ingest/upload": "analyst"}
# Multipart boundaries, part headers and the CSRF field around the uploaded file.
UPLOAD_FORM_OVERHEAD = 64 * 1024


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class RequestBodyLimits:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        settings = request.app.state.settings
        role = UPLOAD_PATHS.get(scope["path"]) if scope["method"] == "POST" else None
        if role:
            refusal = await _refusal(request, role)
            if refusal is not None:
                await refusal(scope, _no_body, send)
                return
        limit = settings.max_input_bytes + UPLOAD_FORM_OVERHEAD if role else settings.web_max_form_bytes
        if _declared_length(request) > limit:  # Starlette would refuse it too, in plain text: say it on a page
            from rasad.web.deps import render

            message = f"The request is larger than the limit of {limit:,} bytes."
            too_large = render(request, "error.html", {"title": "Too large", "message": message},
                               data={"detail": message}, status_code=413)
            await too_large(scope, _no_body, send)
            return
        await RequestBodyLimitMiddleware(self.app, max_body_size=limit)(scope, receive, send)


def _declared_length(request: Request) -> int:
    try:
        return int(request.headers.get("content-length", "0"))
    except ValueError:  # uvicorn refuses such a request before it gets here
        return 0


async def _refusal(request: Request, role: str) -> Response | None:
    """The app's own answer to an upload it would refuse, or None; the session is read, not the body."""
    from rasad.web.deps import (
        Forbidden,
        NotSignedIn,
        PasswordChangeRequired,
        SecondFactorEnrolmentRequired,
        SecondFactorRequired,
    )

    store = request.app.state.store
    user = await run_in_threadpool(auth.resolve_session, store, request.cookies.get(auth.SESSION_COOKIE),
                                   request.app.state.session_activity)
    if user is None:
        refusal: Exception = NotSignedIn()
    elif user.second_factor_pending:
        refusal = SecondFactorRequired()
    elif user.must_change_password:
        refusal = PasswordChangeRequired()
    elif user.must_enrol_second_factor:
        refusal = SecondFactorEnrolmentRequired()
    elif not user.can(role):
        refusal = Forbidden(f"this needs the {role} role")
    else:
        return None
    request.state.user = user  # the error page's header shows who is signed in
    handler = request.app.exception_handlers[type(refusal)]
    return await handler(request, refusal)


__all__ = ["RequestBodyLimits", "UPLOAD_FORM_OVERHEAD", "UPLOAD_PATHS"]


def keep_uploads_in_memory(max_input_bytes: int) -> None:
    """Starlette spools a multipart file part past 1 MiB to a temporary file (``SpooledTemporaryFile``):
    a report's plain bytes on disk, beside a log that may be encrypted. Uploads are already held to
    ``max_input_bytes`` (refused from the headers above) and read whole into memory by the handler, so the
    spool may as well stay in memory up to that size. Starlette reads the threshold from this class
    attribute (there is no per-app setting): process-wide, and only ever raised here."""
    from starlette.formparsers import MultiPartParser

    wanted = max_input_bytes + UPLOAD_FORM_OVERHEAD
    if MultiPartParser.spool_max_size < wanted:
        MultiPartParser.spool_max_size = wanted
