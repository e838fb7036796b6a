"""The web app through FastAPI's test client: sign-in and sessions, redirects and 401s, CSRF, roles,
security headers, escaping of hostile report content, JSON variants, review actions and locks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_web_support import HOSTILE_TEXT, PASSWORD, build_log, csrf_from, sign_in

from rasad.config import REPO_ROOT
from rasad.store.schema import AuditEvent, ReviewEvent, User, WebSession
from rasad.web import auth, create_app
from rasad.web.security import CONTENT_SECURITY_POLICY

PAGES = ["/", "/reports", "/incidents", "/review", "/sources", "/search?q=Izeh", "/ingest", "/account/password"]


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    store, ids = build_log(f"sqlite:///{tmp_path_factory.mktemp('web')}/log.db")
    yield store, ids
    store.close()


@pytest.fixture()
def app(log):
    store, _ids = log
    return create_app(store)  # a fresh app per test: fresh rate limiter and locks, same database


@pytest.fixture()
def ids(log):
    return log[1]


def client_for(app, username: str | None = None) -> TestClient:
    client = TestClient(app)
    if username:
        response = sign_in(client, username)
        assert response.status_code == 303, response.text
    return client


def csrf(client: TestClient, path: str = "/ingest") -> str:
    return csrf_from(client.get(path).text)


# --- everything needs sign-in ------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES + ["/reports/abc", "/incidents/1", "/openapi.json", "/incidents/export.csv"])
def test_unsigned_html_requests_redirect_to_login_and_json_requests_get_401(app, path):
    client = TestClient(app)
    page = client.get(path, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login?next=")
    api = client.get(path, headers={"accept": "application/json"}, follow_redirects=False)
    assert api.status_code == 401
    assert client.get(path, params={"format": "json"}, follow_redirects=False).status_code == 401


def test_login_page_and_static_files_are_public(app):
    client = TestClient(app)
    assert client.get("/login").status_code == 200
    assert client.get("/static/rasad.js").status_code == 200
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200


def test_unsigned_post_is_refused(app, ids):
    client = TestClient(app)
    response = client.post(f"/incidents/{ids['izeh']}/review", data={"action": "confirm", "note": "x"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


# --- sign-in, sessions, sign-out ---------------------------------------------------------------


def test_sign_in_sets_an_httponly_samesite_cookie_whose_hash_alone_is_stored(app, log):
    store, _ = log
    client = TestClient(app)
    response = sign_in(client, "viewer")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Secure" not in cookie  # plain http
    raw = client.cookies.get(auth.SESSION_COOKIE)
    assert len(raw) >= 22  # 128 bits, url-safe base64
    with store.read_session() as db:
        stored = db.scalars(select(WebSession.id)).all()
    assert raw not in stored and hashlib.sha256(raw.encode()).hexdigest() in stored


def test_cookie_is_secure_over_https(log):
    store, _ = log
    client = TestClient(create_app(store), base_url="https://testserver")
    response = sign_in(client, "viewer")
    assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_is_refused_and_audited(app, log):
    store, _ = log
    client = TestClient(app)
    response = sign_in(client, "viewer", "not the password at all")
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert auth.SESSION_COOKIE not in client.cookies
    with store.read_session() as db:
        actions = [a for a, in db.execute(select(AuditEvent.action).where(AuditEvent.actor == "viewer"))]
    assert "login.failure" in actions


def test_login_form_without_its_csrf_cookie_is_refused(app):
    client = TestClient(app)
    response = client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": "forged"},
                           follow_redirects=False)
    assert response.status_code == 403


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(app):
    client = TestClient(app)
    for _ in range(5):
        assert sign_in(client, "analyst2", "wrong password guess").status_code == 401
    blocked = sign_in(client, "analyst2")
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.text


def test_open_redirects_are_refused_after_sign_in(app):
    client = TestClient(app)
    response = sign_in(client, "viewer", next_url="//evil.example/")
    assert response.headers["location"] == "/"


def test_sign_out_ends_the_session_on_the_server(app):
    client = client_for(app, "viewer")
    raw = client.cookies.get(auth.SESSION_COOKIE)
    response = client.post("/logout", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert response.status_code == 303
    replay = TestClient(app)
    replay.cookies.set(auth.SESSION_COOKIE, raw)  # the old cookie, replayed
    assert replay.get("/", follow_redirects=False).status_code == 303


def test_idle_and_absolute_timeouts_end_sessions(app, log):
    store, _ = log
    for column, age in (("last_seen_at", auth.IDLE_TIMEOUT), ("expires_at", dt.timedelta(0))):
        client = client_for(app, "viewer")
        key = hashlib.sha256(client.cookies.get(auth.SESSION_COOKIE).encode()).hexdigest()
        with store.session() as db:
            row = db.get(WebSession, key)
            past = auth.utcnow() - age - dt.timedelta(minutes=1)
            setattr(row, column, past)
        assert client.get("/", follow_redirects=False).status_code == 303, column


def test_passwords_are_argon2id_and_at_least_12_characters(log):
    store, _ = log
    with store.read_session() as db:
        assert db.scalar(select(User.password_hash).where(User.username == "viewer")).startswith("$argon2id$")
    with pytest.raises(auth.PasswordPolicyError):
        auth.hash_password("elevenchars")
    auth.hash_password("twelve chars")  # no composition rules


def test_first_admin_gets_a_one_time_password_and_must_change_it(tmp_path):
    from rasad.store import open_store

    store = open_store(f"sqlite:///{tmp_path}/first.db")
    password = auth.ensure_first_admin(store)
    assert password and len(password) >= 12
    assert auth.ensure_first_admin(store) is None  # only when there are no users
    app = create_app(store)
    client = TestClient(app)
    response = sign_in(client, "admin", password)
    assert response.headers["location"] == "/account/password"
    # until it is changed, every other page sends the admin back to the form
    assert client.get("/incidents", follow_redirects=False).headers["location"] == "/account/password"
    assert client.get("/incidents", params={"format": "json"}).status_code == 403
    token = csrf(client, "/account/password")
    short = client.post("/account/password", data={"current": password, "new": "short", "csrf_token": token})
    assert short.status_code == 400 and "12 characters" in short.text
    changed = client.post("/account/password", data={"current": password, "new": "a brand new passphrase",
                                                     "csrf_token": token}, follow_redirects=False)
    assert changed.status_code == 303
    again = TestClient(app)
    assert sign_in(again, "admin", password).status_code == 401
    assert sign_in(again, "admin", "a brand new passphrase").headers["location"] == "/"
    store.close()


# --- CSRF, roles, headers ----------------------------------------------------------------------


def test_state_changes_without_the_csrf_token_are_refused(app, ids, log):
    store, _ = log
    client = client_for(app, "analyst")
    url = f"/incidents/{ids['zahedan']}/review"
    for extra in ({}, {"csrf_token": "forged"}):
        response = client.post(url, data={"action": "confirm", "note": "csrf probe", **extra})
        assert response.status_code == 403
    with store.read_session() as db:
        assert not db.scalars(select(ReviewEvent).where(ReviewEvent.note == "csrf probe")).all()


def test_the_csrf_token_of_another_session_does_not_work(app, ids):
    mallory = client_for(app, "analyst2")
    victim = client_for(app, "analyst")
    response = victim.post(f"/incidents/{ids['zahedan']}/review",
                           data={"action": "confirm", "note": "cross", "csrf_token": csrf(mallory)})
    assert response.status_code == 403


def test_no_state_change_on_get(app):
    client = client_for(app, "admin")
    for path in ("/logout", "/incidents/1/review", "/ingest/url", "/users"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code in (200, 405), path  # /users GET lists; the others only accept POST
    assert client.get("/", follow_redirects=False).status_code == 200  # still signed in


def test_viewers_read_but_cannot_review_edit_sources_ingest_or_manage_users(app, ids):
    client = client_for(app, "viewer")
    for path in PAGES:
        if path != "/ingest":
            assert client.get(path).status_code == 200, path
    token = csrf(client, "/account/password")
    refused = [
        client.get("/ingest"),  # the form too: ingesting is an analyst's (docs/web.md)
        client.post(f"/incidents/{ids['izeh']}/review", data={"action": "confirm", "note": "n", "csrf_token": token}),
        client.post("/sources/irna", data={"affiliation": "state_media", "independence_group": "x",
                                           "csrf_token": token}),
        client.post("/ingest/url", data={"url": "https://example.org/", "csrf_token": token}),
        client.get("/users"),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 403, 403]


def test_admins_manage_users(app):
    client = client_for(app, "admin")
    token = csrf(client, "/users")
    response = client.post("/users", data={"username": "newbie", "password": "a long enough one",
                                           "role": "viewer", "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert "newbie" in client.get("/users").text
    weak = client.post("/users", data={"username": "weak", "password": "short", "role": "viewer",
                                       "csrf_token": token})
    assert weak.status_code == 400


def test_security_headers_on_every_response(app):
    client = client_for(app, "viewer")
    for response in (client.get("/"), client.get("/login"), client.get("/static/rasad.css")):
        headers = response.headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == ("private, max-age=86400" if "/static/" in str(response.url) else "no-store")
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "script-src 'self'" in CONTENT_SECURITY_POLICY


def test_pages_have_no_inline_script_and_load_nothing_from_other_hosts(app, ids):
    client = client_for(app, "analyst")
    for path in PAGES + [f"/incidents/{ids['izeh']}", f"/reports/{ids['hostile']}"]:
        html = client.get(path).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert re.search(r'src="/static/', tag), (path, tag)
        assert not re.search(r'(src|href)="(https?:)?//', html), path
        assert " on" not in re.sub(r'"[^"]*"', '""', " ".join(re.findall(r"<[a-z][^>]*>", html))).lower().replace(
            " one", "").replace(" only", ""), path  # no on* handler attributes from our templates


def test_no_template_or_view_marks_anything_safe():
    web = Path(__file__).resolve().parents[1] / "src" / "rasad" / "web"
    for path in list(web.rglob("*.html")) + list(web.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", "") and "Markup(" not in text, path
        assert "autoescape false" not in text, path


# --- hostile report content stays inert ----------------------------------------------------------


def test_script_and_event_handler_payloads_are_escaped_everywhere(app, ids):
    client = client_for(app, "viewer")
    html = client.get(f"/reports/{ids['hostile']}").text
    for payload in ("<script>alert('xss')</script>", '<img src=x onerror="alert(1)">',
                    "<b onmouseover=alert(2)>", "</span><script>document.title='owned'</script>",
                    "<script>alert('title')</script>", "<i>Evil</i>", '"><script>alert("reason")</script>',
                    "<script>alert(5)</script>", "<script>alert('profile')</script>"):
        assert payload not in html, payload
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert len(re.findall(r"<script\b", html)) == 2  # htmx and rasad.js, nothing else
    # the text still reads exactly as stored once the tags are removed and entities decoded
    import html as html_lib

    body = re.search(r'<div id="report-text"[^>]*>(.*?)</div>\n', html, re.S).group(1)
    assert html_lib.unescape(re.sub(r"<[^>]+>", "", body)) == HOSTILE_TEXT


def test_hostile_content_in_lists_search_and_json_is_data(app, ids):
    client = client_for(app, "viewer")
    assert "<script>alert('title')</script>" not in client.get("/reports").text
    assert "<script>" not in client.get("/search", params={"q": "<script>alert(1)</script>"}).text.split(
        "<script src")[0].replace('<script src="/static/vendor/htmx/htmx.min.js" defer></script>', "")
    data = client.get(f"/reports/{ids['hostile']}", params={"format": "json"}).json()
    assert data["report"]["text"] == HOSTILE_TEXT  # JSON carries the text as data, unchanged


def test_the_original_file_downloads_as_an_attachment_with_its_sha256(app, ids, log):
    store, _ = log
    client = client_for(app, "viewer")
    response = client.get(f"/reports/{ids['hostile']}/original")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.content == HOSTILE_TEXT.encode()
    assert response.headers["x-content-sha256"] == hashlib.sha256(response.content).hexdigest()


# --- pages and their JSON ----------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_json_by_query_or_accept_header(app, path):
    client = client_for(app, "viewer")
    by_query = client.get(path + ("&" if "?" in path else "?") + "format=json")
    by_header = client.get(path, headers={"accept": "application/json"})
    assert by_query.headers["content-type"].startswith("application/json")
    assert by_query.json() == by_header.json()


def test_overview_counts_incidents_by_type_and_province_and_draws_the_timeline(app):
    client = client_for(app, "viewer")
    data = client.get("/", params={"format": "json"}).json()
    assert data["by_type"] == {"Violence against civilians": 1, "Protests": 1}
    assert data["by_province"]["Khuzestan"] == 1
    assert data["killed"] == 5 + 66  # the lowest credible figure of each incident
    assert data["arrested"] == 20
    weeks = {w["week"]: w for w in data["weekly"]}
    assert weeks["2022-11-14"]["incidents"] == 1 and weeks["2022-09-26"]["killed"] == 66
    html = client.get("/").text
    assert "<svg" in html and 'class="bar-killed"' in html and 'data-points="/overview/points.geojson"' in html
    points = client.get("/overview/points.geojson").json()["features"]
    assert sorted((p["properties"]["place_name"], p["properties"]["victims"]) for p in points) == [
        ("Izeh", 5), ("Zahedan", 66)]


def test_report_list_shows_technique_density_and_unattributed_share(app, ids):
    client = client_for(app, "viewer")
    rows = {r["id"]: r for r in client.get("/reports", params={"format": "json"}).json()["reports"]}
    hostile = rows[ids["hostile"]]
    assert hostile["framing_spans"] == 3 and hostile["technique_density"] > 0


def test_report_page_highlights_spans_with_reasons_and_a_legend(app, ids):
    client = client_for(app, "viewer")
    html = client.get(f"/reports/{ids['hostile']}").text
    assert 'class="seg framing t-loaded-language"' in html
    assert "Loaded Language (0.90): &#34;&gt;&lt;script&gt;" in html  # the reason, escaped, as a tooltip
    assert 'class="seg quote"' in html
    assert 'data-layer="framing"' in html and 'class="swatch t-name-calling-labeling"' in html


def test_incidents_filter_sort_and_export_the_current_filter(app, ids):
    client = client_for(app, "viewer")
    everything = client.get("/incidents", params={"format": "json"}).json()
    assert len(everything["incidents"]) == 2 and not everything["has_next"]
    assert client.get("/incidents", params={"sort": "id", "format": "json"}).json()["total"] == 2
    khuzestan = client.get("/incidents", params={"province": "Khuzestan", "format": "json"}).json()
    assert [r["id"] for r in khuzestan["incidents"]] == [ids["izeh"]]
    by_killed = client.get("/incidents", params={"sort": "fatalities", "order": "asc", "format": "json"}).json()
    assert [r["fatalities"] for r in by_killed["incidents"]] == [5, 66]
    corroborated = client.get("/incidents", params={"min_corroboration": 2, "format": "json"}).json()
    assert [r["id"] for r in corroborated["incidents"]] == [ids["izeh"]]
    group = client.get("/incidents", params={"source_group": "irib-irna", "format": "json"}).json()
    assert [r["id"] for r in group["incidents"]] == [ids["izeh"]]
    import csv as csv_lib
    import io

    csv_rows = list(csv_lib.DictReader(io.StringIO(client.get("/incidents/export.csv",
                                                               params={"province": "Khuzestan"}).text)))
    assert [(r["location"], r["admin1"], r["fatalities"]) for r in csv_rows] == [("Izeh", "Khuzestan", "5")]
    assert "killed" in csv_rows[0]["rasad_conflicts"]  # ACLED columns first, then Rasad's
    geo = client.get("/incidents/export.geojson", params={"type": "Protests"}).json()
    assert [f["properties"]["place_name"] for f in geo["features"]] == ["Zahedan"]
    assert geo["features"][0]["geometry"]["coordinates"] == [60.86, 29.5]
    full = client.get("/incidents/export.json", params={"sort": "id", "order": "asc"})
    assert full.headers["content-type"].startswith("application/json")
    assert [r["id"] for r in full.json()["incidents"]] == sorted([ids["izeh"], ids["zahedan"]])
    assert client.get("/incidents/export.exe").status_code in (404, 422)  # not a download, not an incident id


@pytest.mark.parametrize("params, message", [
    ({"date_from": "not-a-date"}, "date from: 'not-a-date' is not a date"),
    ({"date_to": "2022-13"}, "date to: '2022-13' is not a date"),
    ({"date_to": "November 2022"}, "date to: 'November 2022' is not a date"),
    ({"status": "approved"}, "status: 'approved' is not one of"),
    ({"sort": "title"}, "sort: 'title' is not one of"),
])
def test_a_filter_value_the_log_cannot_use_is_a_400_that_says_which(app, params, message):
    client = client_for(app, "viewer")
    for path in ("/incidents", "/incidents/export.csv"):
        response = client.get(path, params={**params, "format": "json"})
        assert response.status_code == 400 and message in response.json()["detail"], path
    page = client.get("/incidents", params=params)
    assert page.status_code == 400 and "is not" in page.text


def test_incident_page_puts_accounts_side_by_side_and_highlights_conflicting_figures(app, ids):
    client = client_for(app, "viewer")
    data = client.get(f"/incidents/{ids['izeh']}", params={"format": "json"}).json()
    assert {a["source"] for a in data["accounts"]} == {"Hengaw", "IRNA"}
    assert "killed" in data["conflicts"]
    html = client.get(f"/incidents/{ids['izeh']}").text
    assert 'class="conflict"' in html and "conflicting" in html
    assert "Kian Pirfalak" in html and 'data-lat="31.83"' in html


def test_confirm_with_a_note_shows_in_the_history(app, ids, log):
    client = client_for(app, "analyst")
    url = f"/incidents/{ids['izeh']}"
    response = client.post(url + "/review", data={"action": "confirm", "note": "two independent sources",
                                                  "csrf_token": csrf(client, url)}, follow_redirects=False)
    assert response.status_code == 303
    data = client.get(url, params={"format": "json"}).json()
    assert data["status"] == "confirmed"
    assert data["history"][-1]["action"] == "confirm" and data["history"][-1]["by"] == "analyst"
    assert "two independent sources" in client.get(url).text
    missing_note = client.post(url + "/review", data={"action": "reject", "note": "", "csrf_token": csrf(client, url)},
                               headers={"accept": "application/json"})
    assert missing_note.status_code == 400 and "note" in missing_note.json()["error"]


def test_an_edit_the_log_cannot_hold_is_a_400_with_the_reason(app, ids):
    # a GeoNames id "abc" or a latitude "north" answered 500 (int()/float() in the review action)
    client = client_for(app, "analyst")
    url = f"/incidents/{ids['izeh']}"
    for field, value in (("geonameid", "abc"), ("lat", "north"), ("date", "yesterday")):
        response = client.post(url + "/review", data={"action": "edit", "field": field, "value": value, "note": "typo",
                                                      "csrf_token": csrf(client, url)},
                               headers={"accept": "application/json"})
        assert response.status_code == 400 and field in response.json()["error"], (field, response.text)


def test_an_incident_whose_figures_were_written_by_another_tool_is_shown_not_an_error(app, log):
    # bench/gen_synthetic.py writes {"killed": [{"value": 3}]}: the page died on the missing "source".
    from rasad.store.schema import IncidentRow

    store, _ids = log
    with store.session() as db:
        row = IncidentRow(event_type="Protests", title="written elsewhere", figures={"killed": [{"value": 3}, "odd"]})
        db.add(row)
        db.flush()
        incident_id = row.id
    client = client_for(app, "viewer")
    page = client.get(f"/incidents/{incident_id}")
    assert page.status_code == 200 and "written elsewhere" in page.text and "None" not in page.text
    figures = client.get(f"/incidents/{incident_id}", params={"format": "json"}).json()["figures"]
    assert figures["killed"] == [{"value": 3, "low": None, "high": None, "words": None, "source": None,
                                  "source_id": None, "group": None, "reliability": None, "incident_report_id": None}]


def test_ids_past_what_the_database_holds_are_refused_not_a_server_error(app, ids):
    # 2**63 overflowed the driver's 64-bit integer and answered 500 (found by the OpenAPI fuzz test).
    client = client_for(app, "analyst")
    url = f"/incidents/{ids['izeh']}"
    token = csrf(client, url)
    for path in ("/incidents/9223372036854775808/review", "/incidents/9223372036854775808/lock"):
        response = client.post(path, data={"action": "confirm", "note": "x", "csrf_token": token})
        assert response.status_code == 422, path
    split = client.post(url + "/review", data={"action": "split", "note": "x", "csrf_token": token,
                                               "incident_reports": "99999999999999999999"},
                        headers={"accept": "application/json"})
    assert split.status_code == 400 and "no such incident report" in split.json()["error"]


def test_edit_via_htmx_header_token(app, ids):
    client = client_for(app, "analyst")
    url = f"/incidents/{ids['zahedan']}"
    token = csrf(client, url)
    response = client.post(url + "/review", data={"action": "edit", "field": "title", "value": "Bloody Friday",
                                                  "note": "common name"},
                           headers={"x-csrf-token": token, "accept": "application/json"})
    assert response.status_code == 200 and response.json()["error"] is None
    assert client.get(url, params={"format": "json"}).json()["title"] == "Bloody Friday"


def test_two_analysts_see_each_others_locks(app, ids):
    first = client_for(app, "analyst")
    second = client_for(app, "analyst2")
    url = f"/incidents/{ids['zahedan']}"
    held = first.post(url + "/lock", headers={"x-csrf-token": csrf(first, url), "accept": "application/json"})
    assert held.json()["by"] == "analyst" and held.json()["mine"]
    seen = second.post(url + "/lock", headers={"x-csrf-token": csrf(second, url), "accept": "application/json"})
    assert seen.json()["by"] == "analyst" and not seen.json()["mine"]
    queue = second.get("/review", params={"format": "json"}).json()["queue"]
    assert {r["id"]: r["lock"]["by"] for r in queue if r["lock"]} == {ids["zahedan"]: "analyst"}
    assert "🔒 analyst" in second.get("/review").text
    refused = second.post(url + "/review", data={"action": "dispute", "note": "x", "csrf_token": csrf(second, url)},
                          headers={"accept": "application/json"})
    assert refused.status_code == 409 and "analyst is reviewing" in refused.json()["error"]


def test_review_queue_lists_disputed_then_unreviewed(app, ids):
    client = client_for(app, "viewer")
    statuses = [r["status"] for r in client.get("/review", params={"format": "json"}).json()["queue"]]
    assert statuses == sorted(statuses, key=["disputed", "unreviewed"].index)
    assert set(statuses) <= {"disputed", "unreviewed"}


def test_analysts_edit_sources_and_the_reliability_history_is_kept(app):
    client = client_for(app, "analyst")
    token = csrf(client, "/sources/irna")
    response = client.post("/sources/irna", data={"affiliation": "state_aligned", "independence_group": "irib-irna",
                                                  "reliability": "E", "reliability_note": "repeated false claims",
                                                  "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    data = client.get("/sources/irna", params={"format": "json"}).json()
    assert data["source"]["reliability"] == "E"
    assert data["reliability_history"][-1]["before"] == "D" and data["reliability_history"][-1]["after"] == "E"
    assert data["source"]["affiliation"] == "state_aligned"
    change = data["history"][-1]  # the other fields' history, with who and why
    assert (change["field"], change["before"], change["after"], change["by"], change["note"]) == (
        "affiliation", "state_media", "state_aligned", "analyst", "repeated false claims")
    html = client.get("/sources/irna").text
    assert "affiliation state_media → state_aligned" in html


def test_search_finds_reports_and_incidents(app, ids):
    client = client_for(app, "viewer")
    data = client.get("/search", params={"q": "Izeh", "format": "json"}).json()
    assert [i["id"] for i in data["incidents"]] == [ids["izeh"]]
    reports = client.get("/search", params={"q": "activists", "format": "json"}).json()["reports"]
    assert [r["id"] for r in reports] == [ids["hostile"]]
    html = client.get("/search", params={"q": "activists"}).text
    assert "<mark>activists</mark>" in html and "&lt;script&gt;" in html  # the match marked, the payload escaped
    assert client.get("/search", params={"q": "100%_\\"}).status_code == 200


def test_ingest_by_url_goes_through_the_ssrf_guard(app):
    client = client_for(app, "analyst")
    for url in ("http://127.0.0.1:8000/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"):
        response = client.post("/ingest/url", data={"url": url, "csrf_token": csrf(client)})
        assert response.status_code == 400, url
        assert 'class="error"' in response.text


def test_ingest_upload_rejects_binary_and_empty_files_with_a_clear_message(app):
    client = client_for(app, "analyst")
    for content in (b"", b"\x00\x01\x02\xff" * 100):
        response = client.post("/ingest/upload", data={"csrf_token": csrf(client)},
                               files={"file": ("x.bin", content, "application/octet-stream")})
        assert response.status_code == 400 and 'class="error"' in response.text


def test_csv_export_cells_cannot_start_a_spreadsheet_formula():
    from rasad.log.exporters import csv_safe as _csv_safe

    assert _csv_safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert [_csv_safe(v) for v in ("+1", "-2", "@a", "Izeh", 5)] == ["'+1", "'-2", "'@a", "Izeh", 5]


def test_openapi_description_is_served_to_signed_in_users(app):
    client = client_for(app, "viewer")
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/", "/reports", "/reports/{report_id}", "/incidents", "/incidents/{incident_id}",
                 "/incidents/export.csv", "/incidents/export.geojson", "/incidents/export.json", "/review", "/sources", "/search", "/login"):
        assert path in spec["paths"], path
    json.dumps(spec)


def test_rasad_serve_prints_the_address_and_a_one_time_admin_password(tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RASAD_DATABASE_URL": f"sqlite:///{tmp_path}/serve.db"}
    proc = subprocess.Popen([sys.executable, "-m", "rasad", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        assert lines[0].strip() == f"Rasad web app: http://127.0.0.1:{port}/"
        password = lines[1].rsplit(": ", 1)[1].strip()
        assert "one-time password" in lines[1] and len(password) >= 12
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2) as response:
                    assert response.status == 200
                    assert "Sign in" in response.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "rasad serve did not answer"
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_highlight_segments_cover_the_text_exactly_once_with_overlapping_spans():
    from rasad.web.highlight import Mark, segments

    text = "The regime's thugs killed Kian in Izeh."
    marks = [Mark(0, 18, "framing", "t-name-calling-labeling", "name calling"),
             Mark(13, 25, "evidence", "evidence", "incident"),
             Mark(26, 30, "evidence", "victim", "victim: Kian"),
             Mark(-1, 5, "quote", "quote", "out of range"), Mark(30, 99, "quote", "quote", "past the end")]
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert all(text[s.start:s.start + len(s.text)] == s.text for s in segs)
    overlap = next(s for s in segs if s.text == "thugs")
    assert overlap.classes == ["framing", "t-name-calling-labeling", "evidence"]
    assert overlap.title == "name calling\nincident"
    assert next(s for s in segs if s.text == "Kian").classes == ["evidence", "victim"]
    assert not any("quote" in s.classes for s in segs)  # spans outside the text are dropped


def test_missing_things_are_404_as_a_page_or_as_json(app):
    client = client_for(app, "viewer")
    page = client.get("/incidents/999999")
    assert page.status_code == 404 and "Error 404" in page.text and "<html" in page.text
    api = client.get("/reports/" + "0" * 64, params={"format": "json"})
    assert api.status_code == 404 and api.json() == {"detail": "no such report"}


def test_an_uploaded_report_is_stored_analysed_and_shown(app, log, nlp):
    store, _ = log
    app.state.nlp = nlp  # the session's pipeline, loaded once for all tests
    client = client_for(app, "analyst")
    text = ("Security forces arrested 12 students at Tehran University on 3 December 2022, "
            "the rights group Hengaw reported.\n").encode()
    response = client.post("/ingest/upload", data={"csrf_token": csrf(client)},
                           files={"file": ("arrests.txt", text, "text/plain")}, follow_redirects=False)
    assert response.status_code == 303
    report_id = hashlib.sha256(text).hexdigest()
    assert response.headers["location"] == f"/reports/{report_id}"
    assert store.get_report(report_id).original == text
    assert store.latest_analysis(report_id) is not None
    page = client.get(response.headers["location"])
    assert "Tehran University" in page.text and "SHA-256" in page.text
    again = client.post("/ingest/upload", data={"csrf_token": csrf(client)},
                        files={"file": ("copy.txt", text, "text/plain")}, headers={"accept": "application/json"})
    assert again.json()["added"] is False  # the same bytes again: nothing new
    assert "Source in the log</dt><dd>not attributed" in page.text  # it names Hengaw, it is not by Hengaw


def test_an_uploaded_report_is_attributed_to_its_publisher(app, nlp):
    app.state.nlp = nlp
    client = client_for(app, "analyst")
    seed = (REPO_ROOT / "samples" / "reports" / "khamenei-nowruz.txt").read_bytes()
    response = client.post("/ingest/upload", data={"csrf_token": csrf(client)},
                           files={"file": ("nowruz.txt", seed, "text/plain")}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert 'Source in the log</dt><dd><a href="/sources/pmoi">' in page  # recognised by its self-mentions
    report = client.get(response.headers["location"], params={"format": "json"}).json()
    assert report["source"] == {"id": "pmoi", "name": report["source"]["name"], "independence_group": "ncri-pmoi"}


def test_timeline_labels_stay_readable_over_three_years():
    from rasad.web.charts import weekly_timeline

    weeks = {dt.date(2023, 6, 5) + dt.timedelta(weeks=n): {"incidents": n % 3, "killed": n % 5} for n in range(156)}
    timeline = weekly_timeline(weeks)
    xs = [x for x, _label in timeline.ticks]
    assert all(b - a >= 32 for a, b in zip(xs, xs[1:]))
    assert [label for _x, label in timeline.ticks if label.isdigit()] == ["2023", "2024", "2025", "2026"]
    killed = next(row for row in timeline.rows if row.key == "killed")
    assert killed.maximum == 4 and killed.total == sum(n % 5 for n in range(156))
    assert max(bar.height for bar in killed.bars) == killed.height  # the maximum fills its row
