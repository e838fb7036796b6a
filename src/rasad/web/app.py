"""The FastAPI application factory: ``create_app(store=None, settings=None)``.

Server-rendered Jinja2 pages (one module per kind of page under ``rasad.web.views``, after Datasette's
``views/``), every page also answering JSON; small progressive JavaScript (htmx, Leaflet) from /static.
Everything but /login and /static needs a signed-in user.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import anyio.to_thread
import jinja2
from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasad import __version__
from rasad.config import Settings, get_settings
from rasad.log import summary
from rasad.web import auth, filters
from rasad.web.deps import (
    CsrfRejected,
    Forbidden,
    NotSignedIn,
    PasswordChangeRequired,
    SecondFactorEnrolmentRequired,
    SecondFactorRequired,
    current_user,
    render,
    wants_json,
)
from rasad.web.limits import RequestBodyLimits, keep_uploads_in_memory
from rasad.web.locks import ReviewLocks
from rasad.web.security import SecurityHeadersMiddleware

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


# What a dict has as attributes (its methods): ``row.items`` must stay the method, as Jinja gives it.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class Templates(jinja2.Environment):
    def getattr(self, obj, attribute):  # noqa: ANN001, ANN201 - Jinja's signature
        # ``row.title`` on a dict: Jinja tries getattr() first and takes the item after its AttributeError;
        # raised for every cell of a table, that cost a listing an eighth of its time. The item straight
        # away when dict itself has no such attribute gives the same answer without the exception (a set
        # look-up, not hasattr(): thousands of cells a page).
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_templates() -> jinja2.Environment:
    # autoescape=True for every template, whatever its extension: report text is data, never markup.
    env = Templates(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters.register(env)
    return env


def create_app(store=None, settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    if store is None:
        from rasad.store import open_store

        store = open_store(settings.database_url)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        # Sync views run in AnyIO's worker threads: as many at once as web_threads (the read pool is sized
        # above it, rasad.config), the others wait their turn instead of contending for two cores.
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, settings.web_threads)
        if settings.web_warm_cache and not getattr(store, "memory", False):
            # The whole-log figures of a large log take seconds to compute: begun at start, in the background
            # (the first requests that need one wait for that computation, never start another).
            threading.Thread(target=summary.warm, args=(store,), name="rasad-warm", daemon=True).start()
        yield
        # The sessions' activity noted since the last write, so a restart does not shorten their idle time.
        app.state.session_activity.write(store, force=True, wait_s=5)

    app = FastAPI(
        lifespan=lifespan,
        title="Rasad",
        summary="A source-critical incident log. Every page answers HTML, or JSON with ?format=json.",
        version=__version__,
        docs_url=None,  # Swagger UI would load scripts from a CDN; the spec is at /openapi.json
        redoc_url=None,
        openapi_url=None,  # served below, to signed-in users only
    )
    app.state.store = store
    app.state.settings = settings
    app.state.templates = make_templates()
    app.state.session_activity = auth.SessionActivity()  # sessions' last-seen times, written every few minutes
    app.state.login_limiter = auth.LoginRateLimiter()
    # Guesses at the current password on /account/password: counted apart from sign-ins (a signed-in
    # attacker must not lock the owner out of signing in), by username and address alike.
    app.state.password_change_limiter = auth.LoginRateLimiter()
    # Wrong two-factor codes, per username and address (a password-holder must not try a million codes).
    app.state.second_factor_limiter = auth.LoginRateLimiter()
    app.state.locks = ReviewLocks()

    # Inside the headers middleware, so its refusals carry the security headers too.
    app.add_middleware(RequestBodyLimits)
    keep_uploads_in_memory(settings.max_input_bytes)  # no plain report bytes in a temporary file
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.trusted_proxies.strip():
        # Outermost, so the headers middleware and the views see the client and scheme it sets.
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn):
        if wants_json(request) or request.headers.get("hx-request"):
            return JSONResponse({"detail": "sign in first"}, status_code=401, headers={"www-authenticate": "Cookie"})
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        from urllib.parse import quote

        return RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def password_change_required(request: Request, exc: PasswordChangeRequired):
        if wants_json(request) or request.headers.get("hx-request"):
            return JSONResponse({"detail": "change your one-time password first: /account/password"},
                                status_code=403)
        return RedirectResponse("/account/password", status_code=303)

    @app.exception_handler(SecondFactorRequired)
    async def second_factor_required(request: Request, exc: SecondFactorRequired):
        if wants_json(request) or request.headers.get("hx-request"):
            return JSONResponse({"detail": "give your two-factor code first: /login/2fa"}, status_code=401)
        return RedirectResponse("/login/2fa", status_code=303)

    @app.exception_handler(SecondFactorEnrolmentRequired)
    async def second_factor_enrolment_required(request: Request, exc: SecondFactorEnrolmentRequired):
        if wants_json(request) or request.headers.get("hx-request"):
            return JSONResponse({"detail": "two-factor sign-in is required: enrol first at /account/2fa"},
                                status_code=403)
        return RedirectResponse("/account/2fa", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        return render(request, "error.html", {"title": "Not allowed", "message": exc.message}, status_code=403)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_json(request) or exc.status_code < 400 or getattr(request.state, "user", None) is None:
            return await http_exception_handler(request, exc)
        return render(request, "error.html", {"title": f"Error {exc.status_code}", "message": str(exc.detail)},
                      status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        # A page that fails on a record still answers: a 500 page (or JSON), never a dropped connection.
        # Starlette logs the exception after this handler answers.
        message = "this page failed on the server; the error was logged. Other pages still work."
        if wants_json(request) or getattr(request.state, "user", None) is None:
            return JSONResponse({"detail": message}, status_code=500)
        try:
            return render(request, "error.html", {"title": "Error 500", "message": message}, status_code=500)
        except Exception:  # noqa: BLE001 - the error page itself failed: plain text, still an answer
            return PlainTextResponse(message, status_code=500)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected):
        message = "the form was stale or came from another site (CSRF check failed); reload the page and retry"
        return render(request, "error.html", {"title": "Rejected", "message": message}, status_code=403)

    from rasad.web.views import account, incidents, ingest, overview, reports, review, search, sources

    app.include_router(account.public)
    signed_in = [Depends(current_user)]
    for module in (account, overview, reports, incidents, review, sources, search, ingest):
        app.include_router(module.router, dependencies=signed_in)

    @app.get("/openapi.json", include_in_schema=False, dependencies=signed_in)
    def openapi_spec():
        return JSONResponse(app.openapi())

    return app
