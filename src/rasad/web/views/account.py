"""Sign-in (with two-factor), sign-out, password change, two-factor enrolment and (for admins) user
accounts, roles, the two-factor requirement and the audit page (HTML, JSON, CSV)."""

from __future__ import annotations

from urllib.parse import quote

from typing import Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select, update

from rasad.store.rows import row_dict
from rasad.store.schema import USER_ROLES, User, WebSession
from rasad.web import auth, twofactor
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
    if auth.resolve_session(request.app.state.store, request.cookies.get(auth.SESSION_COOKIE),
                          request.app.state.session_activity) is not None:
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
                pending = bool(user.totp_enabled)
                raw, _csrf = auth.start_session(db, user, second_factor_pending=pending)
                auth.audit(db, "login.password_ok" if pending else "login.success", actor=user.username, ip=ip)
                change = user.must_change_password
    if blocked:
        return _login_page(
            request, next_url, "Too many failed sign-ins. Wait 15 minutes and try again.", status_code=429
        )
    if user is None:
        return _login_page(request, next_url, "Wrong username or password.", status_code=401)
    if pending:
        target = "/login/2fa?next=" + quote(next_url, safe="")
    else:
        target = "/account/password" if change else next_url
    response = RedirectResponse(target, status_code=303)
    _set_session_cookie(request, response, raw)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _set_session_cookie(request: Request, response, raw: str) -> None:
    response.set_cookie(
        auth.SESSION_COOKIE,
        raw,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=int(auth.ABSOLUTE_TIMEOUT.total_seconds()),
        path="/",
    )


# --- two-factor sign-in ------------------------------------------------------------------------------


@router.get("/login/2fa", summary="Second step of signing in: the code from your app, or a recovery code")
def second_factor_form(request: Request, next: str | None = None, user: auth.SignedInUser = Depends(current_user)):
    if not user.second_factor_pending:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login_2fa.html", {"title": "Two-factor sign-in", "next": _safe_next(next), "error": None},
                  data={"detail": "POST /login/2fa with code (6 digits) or recovery_code, and csrf_token"})


@router.post("/login/2fa", summary="Give the second factor (form: code or recovery_code)")
def second_factor(
    request: Request,
    code: str = Form("", max_length=20),
    recovery_code: str = Form("", max_length=40),
    next: str = Form("/"),
    user: auth.SignedInUser = Depends(check_csrf),
):
    next_url = _safe_next(next)
    if not user.second_factor_pending:
        return RedirectResponse(next_url, status_code=303)
    ip = client_ip(request)
    limiter: auth.LoginRateLimiter = request.app.state.second_factor_limiter
    error, status_code, raw = None, 401, None
    with request.app.state.store.session() as db:
        row = db.get(User, user.id)
        if limiter.blocked(user.username, ip):
            # Too many wrong codes: this session ends; the password must be given again.
            auth.end_session(db, user.session_hash)
            auth.audit(db, "login.2fa_blocked", actor=user.username, ip=ip)
            error, status_code = "Too many wrong codes. Wait 15 minutes and sign in again.", 429
        elif recovery_code.strip() and twofactor.use_recovery_code(db, row, recovery_code):
            raw, _csrf = auth.second_factor_given(db, user.session_hash)
            auth.audit(db, "login.success", actor=user.username, ip=ip, second_factor="recovery_code",
                       recovery_codes_left=twofactor.recovery_codes_left(db, user.id))
        elif code.strip() and twofactor.check_totp(db, row, code):
            raw, _csrf = auth.second_factor_given(db, user.session_hash)
            auth.audit(db, "login.success", actor=user.username, ip=ip, second_factor="totp")
        else:
            limiter.failed(user.username, ip)
            auth.audit(db, "login.2fa_failure", actor=user.username, ip=ip,
                       kind="recovery_code" if recovery_code.strip() else "totp")
            error = "Wrong or already used code."
    if raw is None:
        response = render(request, "login_2fa.html", {"title": "Two-factor sign-in", "next": next_url, "error": error},
                          data={"detail": error}, status_code=status_code)
        if status_code == 429:
            response.delete_cookie(auth.SESSION_COOKIE, path="/")
        return response
    limiter.succeeded(user.username)
    with request.app.state.store.read_session() as db:
        change = auth.must_change_password(db, user.username)
    response = RedirectResponse("/account/password" if change else next_url, status_code=303)
    _set_session_cookie(request, response, raw)
    return response


def _two_factor_state(store, user_id: int) -> dict:
    with store.session() as db:
        row = db.get(User, user_id)
        state = {"enabled": bool(row.totp_enabled), "required": twofactor.required(db) and row.role in twofactor.REQUIRED_FOR,
                 "recovery_codes_left": twofactor.recovery_codes_left(db, user_id) if row.totp_enabled else None}
        if not row.totp_enabled:
            secret = twofactor.start_enrolment(db, row)
            uri = twofactor.provisioning_uri(secret, row.username)
            state.update(secret=secret, otpauth_uri=uri)
    return state


def _two_factor_page(request: Request, user: auth.SignedInUser, error: str | None = None,
                     codes: list[str] | None = None, status_code: int = 200):
    state = _two_factor_state(request.app.state.store, user.id)
    context = {"title": "Two-factor sign-in", "tf": state, "error": error, "codes": codes}
    return render(request, "account_2fa.html", context, data={**state, "recovery_codes": codes, "detail": error},
                  status_code=status_code)


@router.get("/account/2fa", summary="Two-factor sign-in: enrol (secret, otpauth URI, QR) or see its state")
def two_factor_page(request: Request, user: auth.SignedInUser = Depends(current_user)):
    return _two_factor_page(request, user)


@router.get("/account/2fa/qr.svg", summary="The otpauth URI of the enrolment under way as a QR code (SVG)",
            responses={200: {"content": {"image/svg+xml": {}}}})
def two_factor_qr(request: Request, user: auth.SignedInUser = Depends(current_user)):
    from fastapi import HTTPException
    from fastapi.responses import Response

    state = _two_factor_state(request.app.state.store, user.id)
    if "otpauth_uri" not in state:
        raise HTTPException(404, "two-factor sign-in is on: there is no enrolment under way")
    # Drawn here (qrcode's pure-Python SVG writer): no QR service elsewhere ever sees the secret.
    return Response(twofactor.qr_svg(state["otpauth_uri"]), media_type="image/svg+xml",
                    headers={"cache-control": "no-store"})


@router.post("/account/2fa", summary="Turn two-factor sign-in on (form: code from the app); recovery codes shown once")
def two_factor_enrol(request: Request, code: str = Form(..., max_length=20),
                     user: auth.SignedInUser = Depends(check_csrf)):
    ip = client_ip(request)
    with request.app.state.store.session() as db:
        row = db.get(User, user.id)
        codes = twofactor.finish_enrolment(db, row, code)
        auth.audit(db, "2fa.enabled" if codes else "2fa.enrol_failure", actor=user.username, ip=ip)
    if codes is None:
        return _two_factor_page(request, user, error="That code is not right for this secret; try the next one.",
                                status_code=400)
    return _two_factor_page(request, user, codes=codes)


@router.post("/account/2fa/recovery-codes", summary="New recovery codes (form: a current code); the old ones are void")
def two_factor_new_codes(request: Request, code: str = Form(..., max_length=20),
                         user: auth.SignedInUser = Depends(check_csrf)):
    with request.app.state.store.session() as db:
        row = db.get(User, user.id)
        codes = twofactor.new_recovery_codes(db, row) if twofactor.check_totp(db, row, code) else None
        auth.audit(db, "2fa.recovery_codes_renewed" if codes else "2fa.code_failure", actor=user.username,
                   ip=client_ip(request))
    if codes is None:
        return _two_factor_page(request, user, error="Wrong or already used code.", status_code=400)
    return _two_factor_page(request, user, codes=codes)


@router.post("/account/2fa/disable", summary="Turn two-factor sign-in off (form: password, code)")
def two_factor_disable(request: Request, password: str = Form(..., max_length=auth.MAX_PASSWORD_LENGTH),
                       code: str = Form(..., max_length=20), user: auth.SignedInUser = Depends(check_csrf)):
    ip = client_ip(request)
    limiter: auth.LoginRateLimiter = request.app.state.password_change_limiter
    error = None
    with request.app.state.store.session() as db:
        row = db.get(User, user.id)
        if twofactor.required(db) and row.role in twofactor.REQUIRED_FOR:
            error = "An admin requires two-factor sign-in for your role."
        elif limiter.blocked(user.username, ip):
            error = "Too many wrong passwords. Wait 15 minutes and try again."
        elif auth.verify_credentials(db, user.username, password) is None or not twofactor.check_totp(db, row, code):
            limiter.failed(user.username, ip)
            auth.audit(db, "2fa.disable_failure", actor=user.username, ip=ip)
            error = "Wrong password or code."
        else:
            twofactor.disable(db, row)
            auth.audit(db, "2fa.disabled", actor=user.username, ip=ip)
    if error:
        return _two_factor_page(request, user, error=error, status_code=400)
    return RedirectResponse("/account/2fa", status_code=303)


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
        return [row_dict(u, ("username", "role", "disabled", "created_at", "totp_enabled")) for u in rows]


def _users_page(request: Request, error: str | None = None, status_code: int = 200):
    store = request.app.state.store
    users = _user_list(store)
    with store.read_session() as db:
        required = twofactor.required(db)
    context = {"title": "Users", "users": users, "roles": USER_ROLES, "error": error, "require_two_factor": required}
    return render(request, "users.html", context, data={"users": users, "require_two_factor": required, "detail": error},
                  status_code=status_code)


MANAGING = require("admin", "managing users", changes_state=True)


@router.get("/users", summary="User accounts (admin)")
def users_page(request: Request, user: auth.SignedInUser = Depends(require("admin", "managing users"))):
    return _users_page(request)


@router.post("/users/role", summary="Change a user's role (admin; form: username, role)")
def set_role(request: Request, username: str = Form(..., max_length=200), role: str = Form(..., max_length=20),
             user: auth.SignedInUser = Depends(MANAGING)):
    if role not in USER_ROLES:
        return _users_page(request, f"role must be one of {', '.join(USER_ROLES)}", status_code=400)
    with request.app.state.store.session() as db:
        target = auth.get_user(db, username)
        if target is None:
            error = f"no user {username!r}"
        elif target.id == user.id and role != "admin":
            error = "you cannot take the admin role from yourself (ask another admin)"
        else:
            error = None
            if target.role != role:
                auth.audit(db, "user.role_changed", actor=user.username, ip=client_ip(request),
                           username=target.username, before=target.role, after=role)
                target.role = role
    if error:
        return _users_page(request, error, status_code=400)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/2fa-reset", summary="Turn off a user's two-factor sign-in (admin; a lost device and codes)")
def reset_two_factor(request: Request, username: str = Form(..., max_length=200),
                     user: auth.SignedInUser = Depends(MANAGING)):
    with request.app.state.store.session() as db:
        target = auth.get_user(db, username)
        if target is None:
            return _users_page(request, f"no user {username!r}", status_code=400)
        twofactor.disable(db, target)
        # Their sessions end too: whoever holds one may be who took the device.
        db.execute(update(WebSession).where(WebSession.user_id == target.id).values(revoked=True))
        auth.audit(db, "2fa.reset", actor=user.username, ip=client_ip(request), username=target.username)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/settings", summary="Require two-factor sign-in of analysts and admins (admin; form: require_two_factor=yes)")
def set_settings(request: Request, require_two_factor: str = Form("", max_length=10),
                 user: auth.SignedInUser = Depends(MANAGING)):
    value = require_two_factor == "yes"
    with request.app.state.store.session() as db:
        before = twofactor.required(db)
        if before != value:
            twofactor.set_setting(db, twofactor.REQUIRE_SETTING, value, by=user.username)
            auth.audit(db, "settings.changed", actor=user.username, ip=client_ip(request),
                       setting=twofactor.REQUIRE_SETTING, before=before, after=value)
    return RedirectResponse("/users", status_code=303)


# --- the audit page -------------------------------------------------------------------------------

AUDIT_PAGE = 200
AUDIT_KINDS = {  # what the page's filter offers: a name -> the action prefixes it covers
    "sign-ins": ("login.", "logout", "2fa.", "password."),
    "failures": ("login.failure", "login.blocked", "login.2fa_failure", "login.2fa_blocked", "password.change_failure",
                 "password.change_blocked", "2fa.enrol_failure", "2fa.code_failure", "2fa.disable_failure"),
    "users and roles": ("user.", "settings.", "2fa.reset"),
    "sources": ("source.",),
    "exports": ("export",),
    "ingest": ("ingest.",),
}
AUDIT_COLUMNS = ("at", "actor", "action", "ip", "detail")


def audit_rows(store, kind: str | None = None, actor: str | None = None, limit: int | None = AUDIT_PAGE,
               before_id: int | None = None) -> list[dict]:
    """The audit trail, newest first: audit_events (sign-ins, failures, users and roles, settings, web
    source edits, exports, uploads) and the source registry's own history (source_events, the CLI's
    edits too), as one list."""
    from sqlalchemy import or_

    from rasad.store.schema import AuditEvent, SourceEvent

    prefixes = AUDIT_KINDS.get(kind or "")
    with store.read_session() as db:
        q = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        if prefixes:
            q = q.where(or_(*[AuditEvent.action.startswith(p) for p in prefixes]))
        if actor:
            q = q.where(func.lower(AuditEvent.actor) == actor.strip().lower())
        if limit:
            q = q.limit(limit)
        rows = [{"at": a.at, "actor": a.actor, "action": a.action, "ip": a.ip, "detail": a.detail or {}}
                for a in db.scalars(q)]
        if kind in (None, "sources"):
            sq = select(SourceEvent).order_by(SourceEvent.at.desc(), SourceEvent.id.desc())
            if actor:
                sq = sq.where(func.lower(SourceEvent.actor) == actor.strip().lower())
            if limit:
                sq = sq.limit(limit)
            rows += [{"at": e.at, "actor": e.actor, "action": f"source.{e.field}", "ip": None,
                      "detail": {"source": e.source_id, "before": e.before, "after": e.after, "note": e.note}}
                     for e in db.scalars(sq)]
    rows.sort(key=lambda r: auth._aware(r["at"]), reverse=True)
    return rows[:limit] if limit else rows


AuditKind = Literal["sign-ins", "failures", "users and roles", "sources", "exports", "ingest", ""]


@router.get("/audit", summary="The audit trail (admin): sign-ins, failures, roles, sources, exports; ?format=json")
def audit_page(request: Request, kind: AuditKind = Query(""), actor: str = Query("", max_length=200),
               limit: int = Query(AUDIT_PAGE, ge=1, le=10_000),
               user: auth.SignedInUser = Depends(require("admin", "reading the audit trail"))):
    rows = audit_rows(request.app.state.store, kind or None, actor or None, limit)
    context = {"title": "Audit", "rows": rows, "kinds": list(AUDIT_KINDS), "kind": kind, "actor": actor}
    return render(request, "audit.html", context, data={"kind": kind or None, "actor": actor or None, "events": rows})


@router.get("/audit.csv", summary="The audit trail as CSV (admin; same filter as /audit, every row by default)")
def audit_csv(request: Request, kind: AuditKind = Query(""), actor: str = Query("", max_length=200),
              limit: int | None = Query(None, ge=1, le=10_000_000),
              user: auth.SignedInUser = Depends(require("admin", "reading the audit trail"))):
    import csv
    import io
    import json

    from fastapi.responses import Response

    from rasad.log.exporters import csv_safe

    rows = audit_rows(request.app.state.store, kind or None, actor or None, limit)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    for r in rows:
        writer.writerow([csv_safe(v) for v in (auth._aware(r["at"]).isoformat(), r["actor"] or "", r["action"],
                                               r["ip"] or "", json.dumps(r["detail"], ensure_ascii=False, default=str))])
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="rasad-audit.csv"'})


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
        return _users_page(request, str(exc), status_code=400)
    return RedirectResponse("/users", status_code=303)
