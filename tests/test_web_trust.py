"""Issue 21 in the web app: an admin's "publish" (the public export), marking a victim as one who may be
named, two-factor sign-in (TOTP with recovery codes) and the admin's audit page. The real app, through
FastAPI's TestClient; TOTP codes are computed with pyotp from the secret the enrolment page shows."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from test_web_support import PASSWORD, build_log, csrf_from, sign_in

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
