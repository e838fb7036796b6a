"""Browsing does not write the log (issue 21, the cost of encryption after a write): a signed-in user's page
views note the session's activity in memory, and the noted times of all sessions reach the log together
at most once per ``auth.ACTIVITY_WRITE_INTERVAL``. Every commit to an SQLite log empties the page cache of
every other connection, and an encrypted log's readers then decrypt every page again, so a write per page
view made every next page view cold. The idle and absolute timeouts still hold, and the noted times are
written when the server stops."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
import time

import pytest
from fastapi.testclient import TestClient
from test_web_support import build_log, sign_in

from rasad.store.schema import WebSession
from rasad.web import auth, create_app

# Every kind of page a signed-in user browses (the overview, listings, one incident and one report,
# review, sources, search), as HTML and as JSON.
BROWSING = ["/", "/reports", "/incidents", "/incidents?province=Khuzestan", "/review", "/sources",
            "/search?q=Izeh"]


@pytest.fixture()
def log(tmp_path):
    store, ids = build_log(f"sqlite:///{tmp_path}/log.db")
    yield store, ids
    store.close()


def signed_in(app, username: str) -> TestClient:
    client = TestClient(app)
    assert sign_in(client, username).status_code == 303
    return client


def session_key(client: TestClient) -> str:
    return hashlib.sha256(client.cookies.get(auth.SESSION_COOKIE).encode()).hexdigest()


class Clock:
    """``auth.utcnow``, moved forward at will."""

    def __init__(self, monkeypatch) -> None:
        self.offset = dt.timedelta(0)
        real = auth.utcnow
        monkeypatch.setattr(auth, "utcnow", lambda: real() + self.offset)

    def advance(self, delta: dt.timedelta) -> None:
        self.offset += delta


def commits_by_others(store, path=None):
    """A function that tells how many times the log (or the file at ``path``) changed since it was made
    (SQLite's data_version: it moves when another connection commits)."""
    watcher = sqlite3.connect(path or store.path)
    start = watcher.execute("PRAGMA data_version").fetchone()[0]
    return lambda: watcher.execute("PRAGMA data_version").fetchone()[0] - start


def test_browsing_every_page_kind_writes_nothing_to_the_log(log, monkeypatch):
    store, ids = log
    clock = Clock(monkeypatch)
    app = create_app(store)
    clients = [signed_in(app, name) for name in ("viewer", "analyst", "admin")]
    pages = BROWSING + [f"/incidents/{ids['izeh']}", f"/reports/{ids['hostile']}"]
    changes = commits_by_others(store)
    for _minute in range(4):  # four minutes of browsing, under the write interval
        for client in clients:
            for page in pages:
                for answer in ("html", "json"):
                    assert client.get(page, params={"format": answer}).status_code == 200, page
        clock.advance(dt.timedelta(minutes=1))
    assert changes() == 0


def test_the_activity_of_all_sessions_is_written_together_once_per_interval(log, monkeypatch):
    store, _ids = log
    clock = Clock(monkeypatch)
    app = create_app(store)
    clients = [signed_in(app, name) for name in ("viewer", "analyst")]
    signed_at = {session_key(c): None for c in clients}
    with store.read_session() as db:
        for key in signed_at:
            signed_at[key] = auth._aware(db.get(WebSession, key).last_seen_at)
    changes = commits_by_others(store)
    # The sessions live in the accounts file beside the log (rasad.store.accounts_file): writing them
    # changes that file, never the log's.
    account_changes = commits_by_others(store, store.accounts_path)
    clock.advance(dt.timedelta(minutes=1))
    for client in clients:  # both seen a minute after signing in: noted, not written
        for _ in range(3):
            assert client.get("/sources").status_code == 200
    assert changes() == 0 and account_changes() == 0
    clock.advance(auth.ACTIVITY_WRITE_INTERVAL)
    assert clients[0].get("/sources").status_code == 200  # the interval has passed: both written now
    assert clients[1].get("/sources").status_code == 200
    assert account_changes() == 1 and app.state.session_activity.writes == 1  # one transaction for both sessions
    assert changes() == 0
    with store.read_session() as db:
        for key, before in signed_at.items():
            assert auth._aware(db.get(WebSession, key).last_seen_at) - before >= dt.timedelta(minutes=1)


def test_a_session_in_use_outlives_the_idle_timeout_counted_from_the_log_alone(log, monkeypatch):
    store, _ids = log
    clock = Clock(monkeypatch)
    app = create_app(store)
    app.state.session_activity.interval = dt.timedelta(days=1)  # nothing written: only memory knows
    client = signed_in(app, "viewer")
    for _ in range(4):  # a visit every 20 minutes: 80 minutes in all, never 30 idle
        clock.advance(dt.timedelta(minutes=20))
        assert client.get("/sources", follow_redirects=False).status_code == 200


def test_an_idle_session_ends_and_the_row_says_so(log, monkeypatch):
    store, _ids = log
    clock = Clock(monkeypatch)
    app = create_app(store)
    client = signed_in(app, "viewer")
    assert client.get("/sources").status_code == 200
    clock.advance(auth.IDLE_TIMEOUT + dt.timedelta(minutes=1))
    assert client.get("/sources", follow_redirects=False).status_code == 303
    with store.read_session() as db:
        assert db.get(WebSession, session_key(client)).revoked
    clock.advance(-auth.IDLE_TIMEOUT)  # revoked: back in time does not bring it back
    assert client.get("/sources", follow_redirects=False).status_code == 303


def test_the_noted_activity_is_written_when_the_server_stops(log, monkeypatch):
    store, _ids = log
    clock = Clock(monkeypatch)
    app = create_app(store)
    with TestClient(app) as client:  # runs the app's start and stop
        assert sign_in(client, "viewer").status_code == 303
        key = session_key(client)
        clock.advance(dt.timedelta(minutes=2))
        assert client.get("/sources").status_code == 200
        seen = auth.utcnow()
    with store.read_session() as db:
        assert abs(auth._aware(db.get(WebSession, key).last_seen_at) - seen) < dt.timedelta(seconds=5)
    # A restarted server (a new app) counts the idle time from there: 29 minutes later the session is alive.
    clock.advance(auth.IDLE_TIMEOUT - dt.timedelta(minutes=1))
    again = TestClient(create_app(store))
    again.cookies.set(auth.SESSION_COOKIE, client.cookies.get(auth.SESSION_COOKIE))
    assert again.get("/sources", follow_redirects=False).status_code == 200


def test_writing_the_activity_never_waits_for_the_write_lock(log, monkeypatch):
    store, _ids = log
    clock = Clock(monkeypatch)
    app = create_app(store)
    client = signed_in(app, "viewer")
    clock.advance(auth.ACTIVITY_WRITE_INTERVAL + dt.timedelta(seconds=1))
    held, release = threading.Event(), threading.Event()

    def ingest():  # another writer holds SQLite's single-writer lock
        with store.session():
            held.set()
            release.wait(20)

    thread = threading.Thread(target=ingest)
    thread.start()
    try:
        held.wait(10)
        started = time.monotonic()
        assert client.get("/sources").status_code == 200  # the write is due: tried, skipped
        assert time.monotonic() - started < 5
    finally:
        release.set()
        thread.join()
    assert app.state.session_activity.writes == 0
    clock.advance(auth.ACTIVITY_RETRY + dt.timedelta(seconds=1))
    assert client.get("/sources").status_code == 200  # tried again, written
    assert app.state.session_activity.writes == 1


def test_a_session_row_gone_before_the_write_is_no_error(log, monkeypatch):
    store, _ids = log
    clock = Clock(monkeypatch)
    app = create_app(store)
    gone, kept = signed_in(app, "viewer"), signed_in(app, "analyst")
    for client in (gone, kept):
        assert client.get("/sources").status_code == 200  # both noted
    with store.session() as db:  # removed behind the app's back (a restore, an administrator)
        db.delete(db.get(WebSession, session_key(gone)))
    clock.advance(auth.ACTIVITY_WRITE_INTERVAL)
    assert kept.get("/sources").status_code == 200
    assert app.state.session_activity.writes == 1
