"""The log protects what it holds (issue 21's review): its files and backups are private to their owner
(0600 under the usual umask 022), report rows cannot be deleted, and migration 0004 carries the
forced password change over from the audit trail and refuses usernames that clash by case."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
import sqlalchemy as sa
from conftest_store import store, store_url  # noqa: F401 - fixtures
from sqlalchemy import select

from rasad.records import Report
from rasad.store import open_store
from rasad.store.migrate import downgrade, upgrade
from rasad.store.schema import ReportRow, User


@pytest.fixture()
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def a_report(text: str = "Protesters gathered in Sanandaj on 20 September 2022.") -> Report:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Report(id=digest, sha256=digest, text=text, original=text.encode())


def test_a_new_log_and_its_wal_and_shm_are_private(tmp_path, umask_022):
    log = tmp_path / "log.db"
    store = open_store(f"sqlite:///{log}")
    store.add_report(a_report())  # a write: the -wal and -shm files exist while the log is open
    for path in (log, tmp_path / "log.db-wal", tmp_path / "log.db-shm", tmp_path / "log.db.lock"):
        assert path.exists() and mode(path) == 0o600, path
    store.close()


def test_a_log_made_world_readable_before_loses_world_access_when_opened(tmp_path, umask_022):
    log = tmp_path / "old.db"
    open_store(f"sqlite:///{log}").close()
    os.chmod(log, 0o644)  # what an older Rasad created
    open_store(f"sqlite:///{log}").close()
    assert mode(log) & stat.S_IRWXO == 0


def test_backups_are_private(tmp_path, umask_022):
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    store.add_report(a_report())
    result = store.backup(tmp_path / "backups" / "copy.db")
    assert mode(result["path"]) == 0o600
    store.close()


def test_report_rows_cannot_be_deleted(store):
    report = a_report()
    store.add_report(report)
    with pytest.raises(sa.exc.DBAPIError, match="never deleted|immutable"):
        with store.session() as db:
            db.execute(sa.delete(ReportRow).where(ReportRow.id == report.id))
    assert store.has_report(report.id)


def _audit(conn, action: str, username: str) -> None:
    conn.execute(sa.text("INSERT INTO audit_events (at, actor, action, detail) VALUES (:at, 'rasad', :action, :detail)"),
                 {"at": "2026-12-01 00:00:00", "action": action, "detail": f'{{"username": "{username}"}}'})


def _user(conn, username: str) -> None:
    conn.execute(sa.text("INSERT INTO users (username, password_hash, role, created_at, disabled) "
                         "VALUES (:name, 'x', 'admin', :at, :no)"), {"name": username, "at": "2026-12-01 00:00:00", "no": False})


def test_migration_0004_keeps_the_one_time_password_flag_from_the_audit_trail(store):
    downgrade(store, "0003")
    with store.engine.begin() as conn:
        _user(conn, "admin")
        _user(conn, "maryam")
        _audit(conn, "password.one_time", "admin")     # the first admin has not chosen a password yet
        _audit(conn, "password.one_time", "maryam")
        _audit(conn, "password.changed", "maryam")     # maryam has
    upgrade(store)
    with store.read_session() as db:
        flags = dict(db.execute(select(User.username, User.must_change_password)).all())
    assert flags == {"admin": True, "maryam": False}


def test_migration_0004_refuses_usernames_that_clash_by_case(store):
    downgrade(store, "0003")
    with store.engine.begin() as conn:
        _user(conn, "Reza")
        _user(conn, "reza")
    with pytest.raises(RuntimeError, match="reza"):
        upgrade(store)
