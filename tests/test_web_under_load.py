"""The web app under load (issue 21, finding 11): reads bounded in time, the search of incidents through
its index (kept by the database as incidents change), pools sized for the server, a page that fails
still answering, and the whole-log figures cached. SQLite, and PostgreSQL when RASAD_TEST_DATABASE_URL is set.
The load itself is bench/web_load.py."""

from __future__ import annotations

import threading
import time

import pytest
from conftest_store import store  # noqa: F401 - the SQLite / PostgreSQL store fixture
from fastapi import Depends
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from test_web_support import build_log, sign_in

from rasad.config import Settings
from rasad.log import review, summary
from rasad.log.queries import count_incidents, map_points, search_incidents
from rasad.log.service import merge_pending
from rasad.store import QueryBudgetExceeded, incident_report_row
from rasad.store.schema import IncidentRow
from rasad.web import create_app
from rasad.web.deps import current_user

# A query that runs for minutes on either database unless it is stopped.
ENDLESS = ("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) "
           "SELECT count(*) FROM c")


def _add_incident(store, key: str, place: str, victims: list, *, province: str = "Khuzestan",
                  date: str = "2022-11-16", **where) -> int:
    item = {"event_type": "Protests", "date": date, "date_precision": "day",
            "place": {"name": place, "province": province, "country": "IR", **where}, "victims": victims}
    with store.session() as s:
        s.add(incident_report_row(item, pipeline_version="test", source_key=key))
    merge_pending(store)
    with store.read_session() as s:
        return s.scalar(select(IncidentRow.id).where(IncidentRow.place_name == place).order_by(IncidentRow.id.desc()))


def test_a_read_past_its_time_budget_is_stopped_and_its_connection_is_fine_after(store):  # noqa: F811
    started = time.monotonic()
    with pytest.raises(QueryBudgetExceeded):
        with store.time_budget(0.3):
            with store.read_session() as s:
                s.execute(text(ENDLESS)).scalar()
    assert time.monotonic() - started < 10
    # the pooled connections go back without the bound: an unbudgeted read of some length finishes
    for _ in range(3):
        with store.read_session() as s:
            assert s.execute(text(ENDLESS.replace("1000000000", "300000"))).scalar() == 300000
    with store.time_budget(30):  # a budget that is not reached changes nothing
        with store.read_session() as s:
            assert s.execute(text("SELECT 1")).scalar() == 1


def test_the_search_index_follows_the_incidents_as_they_are_added_edited_and_read(store):  # noqa: F811
    izeh = _add_incident(store, "a:1", "Izeh", [{"name": "Kian Pirfalak"}, "Artin Rahmani"])
    # Persian names are found in the victims' JSON (SQLite stores it \u-escaped) with any letter forms
    saqqez = _add_incident(store, "b:1", "Saqqez", [{"name": "علي رضائي"}], province="Kurdistan")
    assert [r["id"] for r in search_incidents(store, "pirfal")] == [izeh]
    assert [r["id"] for r in search_incidents(store, "Artin")] == [izeh]  # a victim given as a plain string
    assert [r["id"] for r in search_incidents(store, "علی رضایی")] == [saqqez]
    assert [r["id"] for r in search_incidents(store, "qq")] == [saqqez]  # two letters: read, not indexed
    assert search_incidents(store, "Pir%") == [] and search_incidents(store, "Iz_h") == []  # wildcards are letters
    assert search_incidents(store, "Izeh\u001fKhuzestan") == []  # a match never runs from one column into the next
    review.edit(store, izeh, "title", "Funeral in Izeh", by="analyst", note="the reports say a funeral")
    assert [r["id"] for r in search_incidents(store, "funeral")] == [izeh]
    assert search_incidents(store, "Pirfalak in Izeh") == []  # the old title is gone from the index
    review.edit(store, izeh, "place_name", "Ahvaz", by="analyst", note="moved")
    review.edit(store, izeh, "title", "Funeral", by="analyst", note="shorter")
    assert search_incidents(store, "Izeh") == []
    assert [r["id"] for r in search_incidents(store, "Ahvaz")] == [izeh]
    assert count_incidents(store, text="ahvaz") == 1 and count_incidents(store, text="nowhere") == 0
    # the window: the newest matches by id, then ordered by date
    assert [r["id"] for r in search_incidents(store, "a", window=1)] == [max(izeh, saqqez)]


def test_the_overview_map_is_drawn_per_place_beyond_its_point_limit(store):  # noqa: F811
    for n, (place, lat, lon) in enumerate([("Izeh", 31.83, 49.87), ("Izeh", 31.83, 49.87), ("Zahedan", 29.5, 60.86)]):
        _add_incident(store, f"d:{n}", place, [], date=f"2022-0{2 * n + 1}-10", lat=lat, lon=lon)
    per_incident = map_points(store)
    assert per_incident["per_place"] is False
    places = map_points(store, max_points=1)
    assert places["per_place"] is True
    assert sum(f["properties"]["incidents"] for f in places["features"]) == len(per_incident["features"])
    assert len(places["features"]) == len({tuple(f["geometry"]["coordinates"]) for f in per_incident["features"]})


@pytest.fixture(scope="module")
def web_log(tmp_path_factory):
    store, ids = build_log(f"sqlite:///{tmp_path_factory.mktemp('load')}/log.db")
    yield store, ids
    store.close()


def _client(app, username: str = "analyst") -> TestClient:
    client = TestClient(app)
    assert sign_in(client, username).status_code == 303
    return client


def test_a_search_stopped_at_its_budget_says_so_and_still_answers(web_log):
    store, _ids = web_log
    app = create_app(store, settings=Settings(web_search_budget_s=1e-9))
    client = _client(app)
    page = client.get("/search", params={"q": "Izeh"})
    assert page.status_code == 200 and 'id="search-cut"' in page.text and "took too long" in page.text
    data = client.get("/search", params={"q": "Izeh", "format": "json"}).json()
    assert data["cut"] == ["reports", "incidents"] and data["incidents"] == []
    normal = _client(create_app(store)).get("/search", params={"q": "Izeh", "format": "json"}).json()
    assert normal["cut"] == [] and normal["incidents"]


def test_a_page_that_fails_answers_an_error_page_not_a_dropped_connection(web_log):
    store, _ids = web_log
    app = create_app(store)

    @app.get("/fails", dependencies=[Depends(current_user)])  # a signed-in page, as every view is
    def fails():
        raise RuntimeError("a record this page did not expect")

    client = TestClient(app, raise_server_exceptions=False)
    assert sign_in(client, "viewer").status_code == 303
    page = client.get("/fails")
    assert page.status_code == 500 and "this page failed on the server" in page.text and "<html" in page.text.lower()
    assert "a record this page did not expect" not in page.text  # the error is logged, not shown
    assert client.get("/fails", params={"format": "json"}).json()["detail"].startswith("this page failed")


def test_the_read_pool_is_sized_for_the_servers_threads(tmp_path):
    from rasad.config import get_settings
    from rasad.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        assert store.read_engine.pool.size() >= get_settings().web_threads
    finally:
        store.close()


def test_a_pooled_postgresql_connection_the_server_closed_is_replaced_before_a_read_sees_it(store):  # noqa: F811
    """Pooled connections in steady use are not pinged (a round trip per checkout); one that rested is, so a
    connection the server ended meanwhile (a restart, an administrator) never fails a request."""
    from rasad.store.db import PING_IDLE_S

    if store.backend != "postgresql":
        pytest.skip("PostgreSQL's pool only (SQLite has no server to lose)")
    with store.read_session() as s:
        doomed = s.execute(text("SELECT pg_backend_pid()")).scalar()
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    admin = create_engine(store.engine.url, poolclass=NullPool)  # not one of the pool's connections
    with admin.connect() as other:
        assert other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": doomed}).scalar() is True
    admin.dispose()
    time.sleep(PING_IDLE_S + 0.3)
    seen = set()
    for _ in range(3):  # whichever pooled connection each read gets, the dead one among them
        with store.read_session() as s:
            seen.add(s.execute(text("SELECT pg_backend_pid()")).scalar())
    assert doomed not in seen


def test_whole_log_figures_are_computed_once_by_concurrent_first_requests(web_log):
    store, _ids = web_log
    calls = []
    gate = threading.Event()

    def slow(st, _key):
        calls.append(1)
        gate.wait(5)
        return len(calls)

    cache = summary.ChangeCache(slow)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(cache.get(store).value)) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    gate.set()
    for t in threads:
        t.join()
    assert calls == [1] and answers == [1] * 8
