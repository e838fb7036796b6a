"""Accounts, sessions and the audit trail in a file of their own beside a SQLite log
(``rasad.store.accounts_file``; issue 21, the cost of encryption after a write).

Every commit to a SQLite log in WAL mode empties the page cache of every other connection to that file,
and an encrypted log's readers then decrypt every page they read again. A sign-in (its session and audit
rows), a failed sign-in and a sign-out commit to the accounts file only: a reader that had read the
incidents reads them again from its cache, with no read from the disk. A review, which changes the log,
still empties it (the check that the measure sees a cold cache at all)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_web_support import PASSWORD, USERS, build_log, csrf_from, sign_in

from rasad.store import StoreError, open_store
from rasad.store.accounts_file import TABLES, move_into_main
from rasad.store.keys import file_state
from rasad.store.schema import AuditEvent, User, WebSession
from rasad.web import create_app

KEY = "a long passphrase for the accounts test"


def thread_reads() -> int:
    """Read system calls of this thread so far (Linux): a page not in SQLite's cache is a pread."""
    for line in Path(f"/proc/self/task/{threading.get_native_id()}/io").read_text().splitlines():
        if line.startswith("syscr:"):
            return int(line.split()[1])
    raise AssertionError("no syscr in /proc")


def scan(connection) -> tuple[int, int]:
    """Read every page of the log's big tables on this connection: (read system calls, main's data_version)."""
    before = thread_reads()
    connection.execute("SELECT count(*), sum(length(text)), sum(length(original)) FROM reports").fetchall()
    connection.execute("SELECT count(*), sum(length(data)) FROM incident_reports").fetchall()
    connection.execute("SELECT count(*), sum(length(title)) FROM incidents").fetchall()
    version = connection.execute("PRAGMA main.data_version").fetchone()[0]
    return thread_reads() - before, version


def log_url(tmp_path: Path, encrypted: bool) -> str:
    return f"sqlite+pysqlcipher://:{KEY.replace(' ', '%20')}@/{tmp_path / 'log.db'}" if encrypted \
        else f"sqlite:///{tmp_path / 'log.db'}"


@pytest.mark.parametrize("encrypted", [False, pytest.param(True, marks=pytest.mark.sqlcipher)])
def test_a_sign_in_leaves_the_readers_cached_log_pages_alone(tmp_path, encrypted):
    store, ids = build_log(log_url(tmp_path, encrypted))
    from rasad.ingest import read_bytes

    for i in range(150):  # pages enough that a cold read shows (about 70 of them)
        store.add_report(read_bytes((f"Report {i} from Zahedan. " + "Words of a long report. " * 40).encode(),
                                    source=f"r{i}.txt"))
    app = create_app(store)
    reader = store.read_engine.raw_connection()  # one of the pooled readers, as a request holds it
    try:
        scan(reader)
        warm_reads, version = scan(reader)
        assert warm_reads <= 2  # every page in the connection's cache

        with TestClient(app) as client:
            assert sign_in(client, "analyst").status_code == 303  # its session and audit rows committed
            assert sign_in(TestClient(app), "analyst", "not the password at all").status_code == 401
            assert client.get("/incidents").status_code == 200
            assert client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)}).status_code in (303, 200)
            after_sign_in = scan(reader)
            assert after_sign_in == (after_sign_in[0], version)  # the log's file did not change
            assert after_sign_in[0] <= 2, "the sign-in emptied the reader's cache of log pages"

            # What a write to the log does: a review empties it (and the pages are read again).
            assert sign_in(client, "analyst").status_code == 303
            page = client.get(f"/incidents/{ids['izeh']}")
            answer = client.post(f"/incidents/{ids['izeh']}/review", data={
                "action": "confirm", "note": "two sources", "csrf_token": csrf_from(page.text)},
                follow_redirects=False)
            assert answer.status_code in (200, 303), answer.text[:300]
            cold_reads, new_version = scan(reader)
            assert new_version != version and cold_reads > 20
        with store.read_session() as s:
            actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        assert {"login.success", "login.failure", "logout"} <= set(actions)
    finally:
        reader.close()
        store.close()
    files = {p.name for p in tmp_path.iterdir()}
    assert "log.db-accounts" in files
    mode = os.stat(tmp_path / "log.db-accounts").st_mode & 0o777
    assert mode == 0o600
    if encrypted:
        assert file_state(tmp_path / "log.db-accounts") == "encrypted"
        assert b"analyst" not in (tmp_path / "log.db-accounts").read_bytes()


def tables_of(path: Path, key: str | None = None) -> set[str]:
    if key is None:
        conn = sqlite3.connect(path)
    else:
        from sqlcipher3 import dbapi2 as sqlcipher

        conn = sqlcipher.connect(str(path))
        conn.execute(f"PRAGMA key = '{key}'")
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def as_old_log(store) -> None:
    """The layout an older Rasad wrote: the accounts tables inside the log's own file, no accounts file."""
    with store._write_lock.held(), store.engine.connect() as conn:
        assert move_into_main(conn.connection.dbapi_connection) == list(TABLES)
    path = store.accounts_path
    store.close()
    for leftover in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        leftover.unlink(missing_ok=True)


def test_an_old_log_with_its_accounts_inside_opens_and_keeps_them(tmp_path):
    store, _ids = build_log(f"sqlite:///{tmp_path / 'log.db'}")
    app = create_app(store)
    client = TestClient(app)
    assert sign_in(client, "admin").status_code == 303
    with store.read_session() as s:
        sessions = s.scalar(select(func.count()).select_from(WebSession))
        audit = s.scalar(select(func.count()).select_from(AuditEvent))
    as_old_log(store)
    assert set(TABLES) <= tables_of(tmp_path / "log.db")
    assert not (tmp_path / "log.db-accounts").exists()

    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")  # an upgrade moves them out
    try:
        assert not set(TABLES) & tables_of(tmp_path / "log.db")
        assert set(TABLES) <= tables_of(tmp_path / "log.db-accounts")
        with store.read_session() as s:
            assert s.scalar(select(func.count()).select_from(WebSession)) == sessions
            assert s.scalar(select(func.count()).select_from(AuditEvent)) == audit
        app = create_app(store)
        again = TestClient(app)
        again.cookies.update(client.cookies)  # the session started before the move still works
        assert again.get("/users").status_code == 200
        assert sign_in(TestClient(app), "viewer").status_code == 303
    finally:
        store.close()


def test_a_move_cut_after_its_copy_keeps_the_logs_own_accounts(tmp_path):
    """Crash between the two steps of the move: the copy in the accounts file is committed, the log still
    holds its tables. The log's copy is the one in force, and the next open moves it again."""
    store, _ids = build_log(f"sqlite:///{tmp_path / 'log.db'}")
    as_old_log(store)
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    store.close()
    stale = tmp_path / "stale-accounts"
    shutil.copy(tmp_path / "log.db-accounts", stale)  # the first step's copy, as it was committed
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    as_old_log(store)
    with sqlite3.connect(tmp_path / "log.db") as conn:  # a user added while the log held the tables
        conn.execute("INSERT INTO users (username, password_hash, role, created_at, disabled, must_change_password, "
                     "totp_enabled) SELECT 'late', password_hash, 'viewer', created_at, 0, 0, 0 FROM users LIMIT 1")
    shutil.copy(stale, tmp_path / "log.db-accounts")
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        with store.read_session() as s:
            assert "late" in set(s.scalars(select(User.username)))
        assert not set(TABLES) & tables_of(tmp_path / "log.db")
    finally:
        store.close()


def test_a_backup_is_one_file_with_the_accounts_and_opens_as_a_log(tmp_path):
    store, _ids = build_log(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        result = store.backup(tmp_path / "copy.db")
    finally:
        store.close()
    assert result["counts"]["users"] == len(USERS) and result["counts"]["audit_events"] >= 3
    assert set(TABLES) <= tables_of(tmp_path / "copy.db")
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(tmp_path / "copy.db", restored / "log.db")
    store = open_store(f"sqlite:///{restored / 'log.db'}")
    try:
        assert sign_in(TestClient(create_app(store)), "analyst").status_code == 303
        assert set(TABLES) <= tables_of(restored / "log.db-accounts")
    finally:
        store.close()


@pytest.mark.sqlcipher
def test_encrypt_and_rekey_take_the_accounts_along(tmp_path):
    from rasad.store.cipher import reencrypt

    store, _ids = build_log(f"sqlite:///{tmp_path / 'log.db'}")
    store.close()
    assert b"analyst" in (tmp_path / "log.db-accounts").read_bytes()
    witness = tmp_path / "old-accounts-inode"
    os.link(tmp_path / "log.db-accounts", witness)
    reencrypt(tmp_path / "log.db", old_key=None, new_key=KEY)
    assert not (tmp_path / "log.db-accounts").exists()  # folded into the encrypted log
    assert set(witness.read_bytes()) <= {0}  # its old bytes overwritten
    assert set(TABLES) <= tables_of(tmp_path / "log.db", KEY)
    for key in (KEY, "the second passphrase"):
        store = open_store(f"sqlite:///{tmp_path / 'log.db'}", key=key)
        try:
            assert file_state(tmp_path / "log.db-accounts") == "encrypted"
            assert sign_in(TestClient(create_app(store)), "admin").status_code == 303
        finally:
            store.close()
        if key == KEY:
            reencrypt(tmp_path / "log.db", old_key=KEY, new_key="the second passphrase")


@pytest.mark.sqlcipher
def test_a_stale_accounts_file_is_replaced_and_a_foreign_one_refused(tmp_path):
    """A re-encryption cut after the new log took its place leaves the old accounts file beside a log
    that holds the accounts itself: replaced. An accounts file that does not open beside a log that does
    not hold them is refused, and left where it is."""
    from rasad.store.cipher import reencrypt

    store, _ids = build_log(f"sqlite:///{tmp_path / 'log.db'}")
    store.close()
    old = (tmp_path / "log.db-accounts").read_bytes()
    reencrypt(tmp_path / "log.db", old_key=None, new_key=KEY)
    (tmp_path / "log.db-accounts").write_bytes(old)  # plain, beside an encrypted log holding the accounts
    witness = tmp_path / "stale-inode"
    os.link(tmp_path / "log.db-accounts", witness)
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}", key=KEY)
    try:
        assert sign_in(TestClient(create_app(store)), "viewer", PASSWORD).status_code == 303
    finally:
        store.close()
    assert file_state(tmp_path / "log.db-accounts") == "encrypted"
    assert set(witness.read_bytes()) <= {0}  # the stale plain copy was overwritten, not just unlinked
    witness.unlink()

    (tmp_path / "log.db-accounts").write_bytes(old)  # now the log does not hold them: refused
    for suffix in ("-wal", "-shm"):
        Path(str(tmp_path / "log.db-accounts") + suffix).unlink(missing_ok=True)
    with pytest.raises(StoreError, match="accounts file"):
        open_store(f"sqlite:///{tmp_path / 'log.db'}", key=KEY)
    assert (tmp_path / "log.db-accounts").read_bytes() == old


@pytest.mark.sqlcipher
def test_the_key_is_derived_once_for_all_connections(tmp_path, monkeypatch):
    """An encrypted log's connections are keyed with the key derived once by the Store (SQLCipher's raw
    key form), not each from the passphrase (0.3 s of PBKDF2 each: a server opens dozens)."""
    import time

    from sqlcipher3 import dbapi2 as sqlcipher

    from rasad.store import keys

    store, _ids = build_log(log_url(tmp_path, True))
    store.close()
    for path in (tmp_path / "log.db", tmp_path / "log.db-accounts"):  # SQLCipher's own key, file by file
        for passphrase, opens in ((KEY, True), ("not the passphrase", False)):
            conn = sqlcipher.connect(str(path))
            conn.execute(f'PRAGMA key = "{keys.raw_key(passphrase, keys.file_salt(path))}"')
            try:
                assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
                assert opens
            except sqlcipher.DatabaseError:
                assert not opens
            finally:
                conn.close()

    store = open_store(log_url(tmp_path, True))
    try:
        started = time.thread_time()
        connections = [store.read_engine.raw_connection() for _ in range(4)]
        for conn in connections:
            assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == len(USERS)
        assert time.thread_time() - started < 0.4  # four derivations would take over a second of CPU
        for conn in connections:
            conn.close()
    finally:
        store.close()

    # Should the derived key not open a log the passphrase opens, the connections derive it themselves.
    monkeypatch.setattr(keys, "KDF_ITERATIONS", 1000)
    store = open_store(log_url(tmp_path, True))
    try:
        assert sign_in(TestClient(create_app(store)), "viewer").status_code == 303
    finally:
        store.close()
    with pytest.raises(StoreError, match="wrong key"):
        open_store(f"sqlite:///{tmp_path / 'log.db'}", key="not the passphrase")
