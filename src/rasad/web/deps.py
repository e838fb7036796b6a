"""Request-scoped dependencies: the database session, the signed-in user, roles, CSRF, and content
negotiation (every page answers HTML or JSON)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse

from rasad.web import auth
from rasad.web.security import csrf_valid_token

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class NotSignedIn(Exception):
    pass


class PasswordChangeRequired(Exception):
    pass


class SecondFactorRequired(Exception):
    pass


class SecondFactorEnrolmentRequired(Exception):
    pass


# What a session may open while its second factor is pending, or while its user must enrol first.
SECOND_FACTOR_PATHS = ("/login/2fa", "/logout")
ENROLMENT_PATHS = ("/account/2fa", "/account/2fa/qr.svg", "/account/password", "/logout")


class Forbidden(Exception):
    def __init__(self, message: str = "you are not allowed to do this") -> None:
        super().__init__(message)
        self.message = message


class CsrfRejected(Exception):
    pass


def get_store(request: Request):
    """The Store. Handlers open short blocks themselves: ``store.read_session()`` to read,
    ``store.session()`` to write (it holds SQLite's single-writer lock, so never for a whole request)."""
    return request.app.state.store


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_user(request: Request) -> auth.SignedInUser:
    cached = getattr(request.state, "user", None)
    if cached is not None:
        return cached
    user = auth.resolve_session(request.app.state.store, request.cookies.get(auth.SESSION_COOKIE),
                              request.app.state.session_activity)
    if user is None:
        raise NotSignedIn()
    request.state.user = user
    if user.second_factor_pending:
        if request.url.path not in SECOND_FACTOR_PATHS:
            raise SecondFactorRequired()
        return user
    # A user with a one-time password may only change it (or sign out) first (the flag is in the database).
    if user.must_change_password and request.url.path not in (
        "/account/password", "/logout"
    ):
        raise PasswordChangeRequired()
    if user.must_enrol_second_factor and request.url.path not in ENROLMENT_PATHS:
        raise SecondFactorEnrolmentRequired()
    return user


def require(role: str, doing: str = "this", *, changes_state: bool = False):
    """The one role check (Datasette's ``ensure_permission``): a dependency that gives the signed-in
    user when they hold ``role`` (viewer < analyst < admin) and answers 403 "<doing> needs the <role>
    role" otherwise. ``changes_state=True`` checks the request's CSRF token first (every POST)."""
    signed_in = check_csrf if changes_state else current_user

    def dependency(user: auth.SignedInUser = Depends(signed_in)) -> auth.SignedInUser:
        if not user.can(role):
            raise Forbidden(f"{doing} needs the {role} role")
        return user

    dependency.__name__ = f"require_{role}"
    return dependency


async def check_csrf(request: Request, user: auth.SignedInUser = Depends(current_user)) -> auth.SignedInUser:
    """Every state-changing request carries the session's CSRF token (form field or htmx header)."""
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # Starlette caches it: the endpoint reads the same form
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    if not csrf_valid_token(user.csrf_token, token):
        raise CsrfRejected()
    return user


def wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    if request.query_params.get("format") == "html":
        return False
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    data: Any = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse | JSONResponse:
    """The page as HTML, or ``data`` (default: ``context``) as JSON when the client asks for JSON."""
    if wants_json(request):
        payload = context if data is None else data
        return JSONResponse(jsonable_encoder(payload), status_code=status_code, headers=headers)
    user = getattr(request.state, "user", None)
    full = {
        "request": request,
        "user": user,
        "csrf_token": user.csrf_token if user else None,
        **context,
    }
    html = request.app.state.templates.get_template(template).render(full)
    return HTMLResponse(html, status_code=status_code, headers=headers)
