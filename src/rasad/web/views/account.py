"""Sign-in, sign-out, password change and (for admins) user accounts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from rasad.store.rows import row_dict
from rasad.store.schema import USER_ROLES, User
from rasad.web import auth
from rasad.web.deps import check_csrf, client_ip, current_user, render, require
from rasad.web.security import csrf_valid_token, new_token

public = APIRouter(tags=["account"])
router = APIRouter(tags=["account"])

LOGIN_CSRF_COOKIE = "rasad_login_csrf"


def _safe_next(target: str | None) -> str:
    # Only local paths: no open redirect to another site ("//host" or "/\host" are other sites too).
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _login_page(request: Request, next_url: str, error: str | None = None, status_code: int = 200):
    token = new_token()
    response = render(
        request,
        "login.html",
        {"title": "Sign in", "login_csrf": token, "next": next_url, "error": error},
        data={"detail": error or "sign in with a form POST to /login (username, password, csrf_token)"},
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/login"
    )
    return response


@public.get("/login", summary="Sign-in page")
def login_form(request: Request, next: str | None = None):
    if auth.resolve_session(request.app.state.store, request.cookies.get(auth.SESSION_COOKIE)) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, _safe_next(next))


@public.post("/login", summary="Sign in (form: username, password, csrf_token)")
def login(
    request: Request,
    username: str = Form(..., max_length=200),
    password: str = Form(..., max_length=auth.MAX_PASSWORD_LENGTH),
    csrf_token: str = Form(""),
    next: str = Form("/"),
):
    next_url = _safe_next(next)
    ip = client_ip(request)
    if not csrf_valid_token(request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        return _login_page(request, next_url, "The sign-in form expired; please try again.", status_code=403)
    limiter: auth.LoginRateLimiter = request.app.state.login_limiter
    with request.app.state.store.session() as db:
        if limiter.blocked(username, ip):
            auth.audit(db, "login.blocked", actor=username, ip=ip)
            blocked, user = True, None
        else:
            blocked = False
            user = auth.verify_credentials(db, username, password)
            if user is None:
                limiter.failed(username, ip)
                auth.audit(db, "login.failure", actor=username, ip=ip)
            else:
                limiter.succeeded(username)
                raw, _csrf = auth.start_session(db, user)
                auth.audit(db, "login.success", actor=user.username, ip=ip)
                change = user.must_change_password
    if blocked:
        return _login_page(
            request, next_url, "Too many failed sign-ins. Wait 15 minutes and try again.", status_code=429
        )
    if user is None:
        return _login_page(request, next_url, "Wrong username or password.", status_code=401)
    response = RedirectResponse("/account/password" if change else next_url, status_code=303)
    response.set_cookie(
        auth.SESSION_COOKIE,
        raw,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=int(auth.ABSOLUTE_TIMEOUT.total_seconds()),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", summary="Sign out (ends the session on the server)")
def logout(request: Request, user: auth.SignedInUser = Depends(check_csrf)):
    with request.app.state.store.session() as db:
        auth.end_session(db, user.session_hash)
        auth.audit(db, "logout", actor=user.username, ip=client_ip(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


@router.get("/account/password", summary="Password change form")
def password_form(request: Request, user: auth.SignedInUser = Depends(current_user)):
    with request.app.state.store.read_session() as db:
        forced = auth.must_change_password(db, user.username)
    return render(request, "password.html", {"title": "Change password", "forced": forced, "error": None},
                  data={"must_change_password": forced, "min_length": auth.MIN_PASSWORD_LENGTH})


@router.post("/account/password", summary="Change your password (form: current, new)")
def change_password(
    request: Request,
    current: str = Form(..., max_length=auth.MAX_PASSWORD_LENGTH),
    new: str = Form(..., max_length=auth.MAX_PASSWORD_LENGTH),
    user: auth.SignedInUser = Depends(check_csrf),
):
    error, status_code = None, 400
    ip = client_ip(request)
    limiter: auth.LoginRateLimiter = request.app.state.password_change_limiter
    with request.app.state.store.session() as db:
        forced = auth.must_change_password(db, user.username)
        # Someone holding a session (a borrowed laptop, a stolen cookie) must not be able to guess the
        # password at leisure: the same limit and audit trail as signing in.
        if limiter.blocked(user.username, ip):
            auth.audit(db, "password.change_blocked", actor=user.username, ip=ip)
            error, status_code = "Too many wrong current passwords. Wait 15 minutes and try again.", 429
        elif auth.verify_credentials(db, user.username, current) is None:
            limiter.failed(user.username, ip)
            auth.audit(db, "password.change_failure", actor=user.username, ip=ip)
            error = "The current password is wrong."
        else:
            limiter.succeeded(user.username)
            try:
                auth.set_password(db, user.username, new)
            except auth.PasswordPolicyError as exc:
                error = str(exc).capitalize() + "."
    if error:
        return render(request, "password.html", {"title": "Change password", "forced": forced, "error": error},
                      data={"detail": error}, status_code=status_code)
    # set_password ended every session, this one too: sign in again with the new password.
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


def _user_list(store) -> list[dict]:
    with store.read_session() as db:
        rows = db.scalars(select(User).order_by(User.username)).all()
        return [row_dict(u, ("username", "role", "disabled", "created_at")) for u in rows]


@router.get("/users", summary="User accounts (admin)")
def users_page(request: Request, user: auth.SignedInUser = Depends(require("admin", "managing users"))):
    users = _user_list(request.app.state.store)
    return render(request, "users.html", {"title": "Users", "users": users, "roles": USER_ROLES, "error": None},
                  data={"users": users})


@router.post("/users", summary="Create a user (admin; form: username, password, role)")
def create_user(
    request: Request,
    username: str = Form(..., max_length=200),
    password: str = Form(..., max_length=auth.MAX_PASSWORD_LENGTH),
    role: str = Form("viewer"),
    user: auth.SignedInUser = Depends(require("admin", "managing users", changes_state=True)),
):
    store = request.app.state.store
    try:
        with store.session() as db:
            auth.create_user(db, username, password, role=role, actor=user.username)
    except ValueError as exc:  # includes the password policy
        users = _user_list(store)
        return render(request, "users.html", {"title": "Users", "users": users, "roles": USER_ROLES,
                      "error": str(exc)}, data={"detail": str(exc)}, status_code=400)
    return RedirectResponse("/users", status_code=303)
