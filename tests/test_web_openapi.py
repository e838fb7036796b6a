"""Schemathesis against the app's OpenAPI description (a bounded run): signed in as an admin, with
the session's CSRF token, no generated request may make the server fail (5xx) on any page or API
operation. Fetching URLs and signing out are left out (network; it would end the session)."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from test_web_support import build_log, csrf_from, sign_in

from rasad.web import auth, create_app

EXCLUDED = ("/ingest/url", "/ingest/upload", "/logout", "/login", "/account/password")


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory):
    store, _ids = build_log(f"sqlite:///{tmp_path_factory.mktemp('openapi')}/log.db")
    app = create_app(store)
    client = TestClient(app)
    assert sign_in(client, "admin").status_code == 303
    cookie = client.cookies.get(auth.SESSION_COOKIE)
    token = csrf_from(client.get("/ingest").text)
    yield app, {auth.SESSION_COOKIE: cookie}, {"x-csrf-token": token}
    store.close()


def _schema():
    # The spec is only served to signed-in users; load it from a fresh app of its own (same routes).
    import tempfile

    store, _ = build_log(f"sqlite:///{tempfile.mkdtemp()}/spec.db")
    app = create_app(store)
    client = TestClient(app)
    sign_in(client, "viewer")
    return schemathesis.openapi.from_asgi("/openapi.json", app,
                                          cookies={auth.SESSION_COOKIE: client.cookies.get(auth.SESSION_COOKIE)})


schema = _schema()


@schema.exclude(path=list(EXCLUDED)).parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_makes_the_server_fail(case, signed_in):
    app, cookies, headers = signed_in
    response = case.call(app=app, cookies=cookies, headers=headers)
    case.validate_response(response, checks=[not_a_server_error])
    # the run really is signed in: nothing bounces to the sign-in page
    assert response.status_code != 401
    assert not response.headers.get("location", "").startswith("/login")
