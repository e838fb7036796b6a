"""Issue 21 in the web app: an admin's "publish" (the public export), marking a victim as one who may be
named, two-factor sign-in (TOTP with recovery codes) and the admin's audit page. The real app, through
FastAPI's TestClient; TOTP codes are computed with pyotp from the secret the enrolment page shows."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import time

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_web_support import PASSWORD, build_log, csrf_from, sign_in

from rasad.store.schema import AuditEvent, RecoveryCode, User
from rasad.web import create_app


@pytest.fixture()
def log(tmp_path):
    store, ids = build_log(f"sqlite:///{tmp_path}/log.db")
    yield store, ids
    store.close()


@pytest.fixture()
def app(log):
    return create_app(log[0])


def client_for(app, username: str) -> TestClient:
    client = TestClient(app)
    response = sign_in(client, username)
    assert response.status_code == 303, response.text
    return client


# --- publish -----------------------------------------------------------------------------------


def test_only_an_admin_publishes_and_the_file_names_only_victims_marked_public(app, log):
    _store, ids = log
    assert client_for(app, "analyst").get("/incidents/publish.json").status_code == 403
    admin = client_for(app, "admin")
    assert "/incidents/publish.csv" in admin.get("/incidents").text
    assert "/incidents/publish.csv" not in client_for(app, "analyst").get("/incidents").text
    text = admin.get("/incidents/publish.json").text
    assert "Kian Pirfalak" not in text and "Shahnavazi" not in text and "Hengaw" in text
    assert json.loads(text)["incidents"][0]["victims_withheld"] >= 1

    analyst = client_for(app, "analyst")
    page = analyst.get(f"/incidents/{ids['izeh']}")
    assert "May be named" in page.text and "withheld" in page.text
    refused = analyst.post(f"/incidents/{ids['izeh']}/victims/naming", headers={"accept": "application/json"},
                           data={"name": "Kian Pirfalak", "public": "yes", "note": "the family spoke publicly",
                                 "csrf_token": "forged"})
    assert refused.status_code == 403  # CSRF, as every other review action
    done = analyst.post(f"/incidents/{ids['izeh']}/victims/naming", headers={"accept": "application/json"},
                        data={"name": "Kian Pirfalak", "public": "yes", "note": "the family spoke publicly",
                              "csrf_token": csrf_from(page.text)})
    assert done.status_code == 200 and done.json()["event"]
    detail = analyst.get(f"/incidents/{ids['izeh']}?format=json").json()
    assert [v["public"] for v in detail["victims_detail"] if v["name"] == "Kian Pirfalak"] == [True]
    assert detail["history"][-1]["action"] == "name_public" and detail["history"][-1]["by"] == "analyst"
    for ext in ("csv", "geojson", "json"):
        text = admin.get(f"/incidents/publish.{ext}").text
        assert "Kian Pirfalak" in text and "Artin Rahmani" not in text and "the family spoke" not in text
        assert "analyst" not in text


# --- two-factor sign-in ----------------------------------------------------------------------------


def _enrol(client: TestClient) -> tuple[str, list[str]]:
    """Enrol the signed-in user through the page as a person would: read the secret, type a code."""
    page = client.get("/account/2fa")
    assert page.status_code == 200 and "otpauth://totp/" in page.text and 'src="/account/2fa/qr.svg"' in page.text
    qr = client.get("/account/2fa/qr.svg")
    assert qr.headers["content-type"] == "image/svg+xml" and qr.text.startswith("<svg") and "<script" not in qr.text
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text).group(1)
    uri = html.unescape(re.search(r'id="otpauth-uri"[^>]*>([^<]+)<', page.text).group(1))
    assert pyotp.parse_uri(uri).secret == secret and "issuer=Rasad" in uri
    wrong = client.post("/account/2fa", data={"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111",
                                              "csrf_token": csrf_from(page.text)})
    assert wrong.status_code == 400
    done = client.post("/account/2fa", data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_from(page.text)})
    assert done.status_code == 200 and "recovery codes" in done.text
    codes = re.findall(r"<li><code>([0-9a-f-]{23})</code></li>", done.text)
    assert len(codes) == 10
    return secret, codes


def _second_step(client: TestClient, **form) -> object:
    page = client.get("/login/2fa")
    assert page.status_code == 200, page.text
    return client.post("/login/2fa", data={**form, "csrf_token": csrf_from(page.text), "next": "/incidents"},
                       follow_redirects=False)


def test_totp_sign_in_from_enrolment_to_second_step_with_replay_and_recovery_codes(app, log):
    store, _ids = log
    analyst = client_for(app, "analyst")
    secret, codes = _enrol(analyst)
    with store.read_session() as db:
        user = db.scalar(select(User).where(User.username == "analyst"))
        assert user.totp_enabled and user.totp_secret == secret
        hashes = db.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(hashes) == 10 and not any(c.replace("-", "") in h or c in h for c in codes for h in hashes)

    # the password alone now opens nothing but the code form
    client = TestClient(app)
    assert sign_in(client, "analyst").headers["location"].startswith("/login/2fa")
    for path in ("/", "/incidents", "/account/2fa", "/incidents/export.json"):
        assert client.get(path, follow_redirects=False).headers["location"] == "/login/2fa"
    assert client.get("/incidents?format=json").status_code == 401
    pending_cookie = client.cookies.get("rasad_session")
    assert _second_step(client, code="123456" if pyotp.TOTP(secret).now() != "123456" else "654321").status_code == 401
    # the code typed at enrolment is spent: the app's next code (accepted a step early, for clock drift)
    code = pyotp.TOTP(secret).at(time.time() + 30)
    done = _second_step(client, code=code)
    assert done.status_code == 303 and done.headers["location"] == "/incidents"
    assert client.get("/incidents").status_code == 200
    assert client.cookies.get("rasad_session") != pending_cookie  # a new token after the second factor
    stale = TestClient(app, cookies={"rasad_session": pending_cookie})
    assert stale.get("/incidents", follow_redirects=False).headers["location"].startswith("/login")

    # the same code twice is refused (a code seen over a shoulder is worth one sign-in)
    again = TestClient(app)
    sign_in(again, "analyst")
    assert _second_step(again, code=code).status_code == 401
    # a recovery code works once
    assert _second_step(again, recovery_code=codes[0]).status_code == 303
    third = TestClient(app)
    sign_in(third, "analyst")
    assert _second_step(third, recovery_code=codes[0]).status_code == 401
    assert _second_step(third, recovery_code=codes[1].upper().replace("-", " ")).status_code == 303
    with store.read_session() as db:
        actions = [a.action for a in db.scalars(select(AuditEvent).where(AuditEvent.actor == "analyst"))]
    assert actions.count("login.2fa_failure") == 3 and "2fa.enabled" in actions and "login.password_ok" in actions


def test_wrong_codes_are_limited_and_the_pending_session_ends(app, log):
    analyst = client_for(app, "analyst2")
    secret, _codes = _enrol(analyst)
    client = TestClient(app)
    sign_in(client, "analyst2")
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    answers = [_second_step(client, code=wrong).status_code for _ in range(5)]
    assert answers == [401] * 5
    page = client.get("/login/2fa")
    blocked = client.post("/login/2fa", data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_from(page.text)},
                          follow_redirects=False)
    assert blocked.status_code == 429  # even the right code, once blocked
    assert client.get("/incidents", follow_redirects=False).headers["location"].startswith("/login")


def test_an_admin_requires_two_factor_and_the_audit_page_shows_it_as_html_json_and_csv(app, log):
    store, _ids = log
    admin = client_for(app, "admin")
    viewer = client_for(app, "viewer")
    assert viewer.get("/audit").status_code == 403 and viewer.get("/audit.csv").status_code == 403
    page = admin.get("/users")
    assert admin.post("/users/settings", data={"require_two_factor": "yes", "csrf_token": csrf_from(page.text)},
                      follow_redirects=False).status_code == 303
    # the admin too is sent to enrolment (no one is above the rule) ...
    assert admin.get("/audit", follow_redirects=False).headers["location"] == "/account/2fa"
    _enrol(admin)
    # ... and the analyst; the viewer is not made to
    analyst = client_for(app, "analyst")
    assert analyst.get("/incidents", follow_redirects=False).headers["location"] == "/account/2fa"
    assert analyst.get("/incidents?format=json").status_code == 403
    assert viewer.get("/incidents").status_code == 200
    secret, _ = _enrol(analyst)
    assert analyst.get("/incidents").status_code == 200
    # it cannot be turned off while required
    page = analyst.get("/account/2fa")
    off = analyst.post("/account/2fa/disable", data={"password": PASSWORD, "code": pyotp.TOTP(secret).now(),
                                                     "csrf_token": csrf_from(page.text)})
    assert off.status_code == 400 and "requires" in off.text
    # a role change and an export, then the audit page
    page = admin.get("/users")
    admin.post("/users/role", data={"username": "viewer", "role": "analyst", "csrf_token": csrf_from(page.text)})
    admin.get("/incidents/publish.json")
    events = admin.get("/audit?format=json").json()["events"]
    actions = [e["action"] for e in events]
    for expected in ("settings.changed", "user.role_changed", "2fa.enabled", "login.success", "export.public"):
        assert expected in actions, expected
    role = next(e for e in events if e["action"] == "user.role_changed")
    assert role["actor"] == "admin" and role["detail"] == {"username": "viewer", "before": "viewer", "after": "analyst"}
    failures = admin.get("/audit?kind=failures&format=json").json()["events"]
    assert all("fail" in e["action"] or "blocked" in e["action"] for e in failures)
    assert admin.get("/audit?kind=exports&format=json").json()["events"][0]["action"] == "export.public"
    page = admin.get("/audit?actor=admin")
    assert page.status_code == 200 and "user.role_changed" in page.text
    rows = list(csv.DictReader(io.StringIO(admin.get("/audit.csv").text)))
    assert {r["action"] for r in rows} >= {"settings.changed", "user.role_changed", "export.public"}
    assert list(rows[0]) == ["at", "actor", "action", "ip", "detail"]
    # the now-analyst viewer is made to enrol too
    assert viewer.get("/incidents", follow_redirects=False).headers["location"] == "/account/2fa"
    # an admin resets a user's lost device: two-factor off, their sessions ended
    page = admin.get("/users")
    admin.post("/users/2fa-reset", data={"username": "analyst", "csrf_token": csrf_from(page.text)})
    assert analyst.get("/incidents", follow_redirects=False).headers["location"].startswith("/login")
    with store.read_session() as db:
        assert not db.scalar(select(User.totp_enabled).where(User.username == "analyst"))
