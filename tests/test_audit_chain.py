"""The accounts audit trail (issue 21): a hash chain of its own, append-only, checked by `rasad verify`
and covered by receipts and manifests; and an action that writes both SQLite files (an upload, a source
edit) loses and doubles no audit event when its process is killed between the two files' commits.

The audit trail lives in the accounts file on SQLite (``LOG-accounts``) and in the one database on
PostgreSQL. A row edited or deleted in that file directly (triggers dropped) is found by `rasad verify`,
which names the first broken link. SQLite, SQLCipher and PostgreSQL (``RASAD_TEST_DATABASE_URL``)."""

from __future__ import annotations

import random
import signal
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log.sources import add_source
from rasad.store import audit_trail, open_store
from rasad.store.custody import (
    AUDIT,
    GENESIS,
    canonical_json,
    check_receipt,
    generate_keypair,
    link_hash,
    link_unchained,
    load_private_key,
    load_public_key,
    make_manifest,
    make_receipt,
    verify,
)
from rasad.store.migrate import downgrade, move_accounts_out, upgrade
from rasad.store.schema import AuditEvent, AuditOutbox, SourceEvent
from rasad.web import auth


def sign_ins(store, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        with store.session() as s:
            auth.audit(s, "login.success" if i % 3 else "login.failure", actor=f"analyst{i % 2}",
                       ip=f"10.0.0.{i}", attempt=i, note="سلام")  # non-ASCII kept as it is
    with store.session() as s:  # several events in one transaction, the last flushed only at commit
        auth.audit(s, "user.role_changed", actor="admin", username="analyst1", before="viewer", after="analyst")
        s.flush()
        auth.audit(s, "settings.changed", actor="admin", key="require_two_factor", value=True)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def tamper_accounts(url: str, *statements: str) -> None:
    """SQL on the audit trail behind Rasad's back, its append-only triggers dropped: the accounts file
    opened on its own (with SQLCipher and the log's key where encrypted), or a PostgreSQL connection."""
    parsed = make_url(url)
    if not is_sqlite(url):
        engine = create_engine(url)
        with engine.begin() as conn:
            for table in ("audit_events", "audit_links"):
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            for sql in statements:
                conn.execute(text(sql))
        engine.dispose()
        return
    path = parsed.database + "-accounts"
    if parsed.get_driver_name() == "pysqlcipher":
        from sqlcipher3 import dbapi2 as driver

        conn = driver.connect(path)
        conn.execute(f"PRAGMA key = '{parsed.password.replace(chr(39), chr(39) * 2)}'")
    else:
        conn = sqlite3.connect(path)
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    assert set(triggers) >= {"audit_events_no_update", "audit_events_no_delete", "audit_links_no_update",
                             "audit_links_no_delete"}, triggers
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def cli_verify(url: str, monkeypatch) -> tuple[int, list[str], str]:
    monkeypatch.setenv("RASAD_DATABASE_URL", url)
    from rasad.cli import _load_commands, app

    _load_commands()
    result = CliRunner().invoke(app, ["verify", "--skip-originals"])
    return result.exit_code, [line for line in result.output.splitlines() if line.startswith("problem:")], result.output


def test_audit_events_are_a_chain_of_their_own_and_append_only(store):
    sign_ins(store, 4)
    result = verify(store)
    assert result.ok, result.problems
    assert result.links["audit_events"] == 6 and result.heads["audit_events"]["position"] == 6
    with store.read_session() as s:  # the documented formula, recomputed over the rows as stored
        conn = s.connection()
        prev = GENESIS
        links = conn.execute(text("SELECT position, row_key, prev_hash, hash FROM audit_links "
                                  "WHERE chain = 'audit_events' ORDER BY position")).all()
        assert [int(r[1]) for r in links] == sorted(int(r[1]) for r in links)  # in id order
        for _position, row_key, prev_hash, digest in links:
            row = conn.execute(AUDIT.table.select().where(AUDIT.table.c.id == int(row_key))).mappings().one()
            assert prev_hash == prev and digest == link_hash(prev, canonical_json(AUDIT, row))
            prev = digest
        first = conn.execute(AUDIT.table.select().where(AUDIT.table.c.id == 1)).mappings().one()
        assert '"note":"سلام"' in canonical_json(AUDIT, first)  # non-ASCII as itself, not escaped
        # the evidentiary chains are untouched by sign-ins
        assert conn.execute(text("SELECT count(*) FROM custody_links")).scalar() == 0
    for sql in ("UPDATE audit_events SET actor = 'someone else'", "DELETE FROM audit_events",
                "DELETE FROM audit_links"):
        with pytest.raises(Exception, match="append-only"), store.session() as s:
            s.execute(text(sql))
    # a failed transaction leaves neither the event nor a link
    with pytest.raises(RuntimeError), store.session() as s:
        auth.audit(s, "login.success", actor="ghost")
        s.flush()
        raise RuntimeError("rolled back")
    assert verify(store).links["audit_events"] == 6


def test_concurrent_sign_ins_and_source_edits_extend_both_chains_without_a_gap(store):
    """PostgreSQL: the audit chain's lock is taken last, at commit, so writers of both chains at once
    neither deadlock nor leave a gap; SQLite: the writer lock orders them."""
    import threading

    add_source(store, "halvash", "Haalvsh", affiliation="independent_press", by="admin", why="Baluch news collective")
    errors: list[BaseException] = []

    def sign_in_loop(who: str) -> None:
        try:
            for k in range(6):
                with store.session() as s:
                    auth.audit(s, "login.success", actor=who, attempt=k)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def edit_loop() -> None:
        from rasad.log.sources import edit_source

        try:
            for k in range(6):
                with store.session() as s:  # a source event (custody lock) and an audit event in one
                    edit_source(store, "halvash", independence_group=f"g{k}", by="analyst", why=f"edit {k}")
                    auth.audit(s, "source.edited", actor="analyst", edit=k)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=sign_in_loop, args=(f"user{n}",)) for n in range(3)]
    threads.append(threading.Thread(target=edit_loop))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    result = verify(store, originals=False)
    assert result.ok, result.problems
    assert result.links["audit_events"] == 3 * 6 + 6 and result.links["source_events"] == 1 + 6


@pytest.mark.parametrize("what", ["edited", "deleted", "forged"])
def test_verify_finds_an_audit_row_changed_in_the_accounts_file(store, store_url, what, monkeypatch):  # noqa: F811
    sign_ins(store, 4)
    store.close()
    sql = {"edited": "UPDATE audit_events SET actor = 'nobody', ip = NULL WHERE id = 2",
           "deleted": "DELETE FROM audit_events WHERE id = 2",
           "forged": "INSERT INTO audit_events (at, actor, action, detail) "
                     "VALUES ('2026-01-01 00:00:00', 'admin', 'export', '{}')"}[what]
    tamper_accounts(store_url, sql)
    code, problems, output = cli_verify(store_url, monkeypatch)
    assert code == 1, output
    expected = {"edited": "custody chain audit_events: link 2 (audit event 2): the row differs from what was chained",
                "deleted": "custody chain audit_events: link 2 (audit event 2): the row is gone",
                "forged": "custody chain audit_events: audit event 7 has no link"}[what]
    assert problems and expected in problems[0], output
    assert "Traceback" not in output


def test_receipts_and_manifests_carry_the_audit_chains_head(store, store_url, tmp_path):  # noqa: F811
    sign_ins(store, 3)
    generate_keypair(tmp_path / "k", tmp_path / "k.pub")
    receipt = make_receipt(store, load_private_key(tmp_path / "k"))
    public = load_public_key(tmp_path / "k.pub")
    assert receipt["heads"]["audit_events"]["position"] == 5
    (tmp_path / "out.json").write_text("{}")
    assert make_manifest(store, [tmp_path / "out.json"])["custody_heads"]["audit_events"]["position"] == 5
    sign_ins(store, 2, start=10)  # the trail grows: the receipt still holds
    assert check_receipt(store, receipt, public) == []
    # someone rewrites a sign-in AND rebuilds every audit link after it: the chain is whole again, but
    # it is not the chain that was signed
    store.close()
    tamper_accounts(store_url, "UPDATE audit_events SET actor = 'nobody' WHERE id = 1", "DELETE FROM audit_links")
    with open_store(store_url) as reopened:
        with reopened.session() as s:
            link_unchained(s.connection(), chains=(AUDIT.name,))
        assert verify(reopened, originals=False).ok
        problems = check_receipt(reopened, receipt, public)
    assert problems == ["receipt: chain audit_events link 5 is not the link signed (the log was rewritten since)"]


@pytest.mark.parametrize("layout", ["accounts file", "inside the log"])
def test_the_migration_chains_an_existing_audit_trail(store, layout):
    """A log of the last session (0012: its audit trail unchained, in the accounts file on SQLite) or an
    older one (the accounts tables inside the log's own file) is chained on open, in id order."""
    sign_ins(store, 5)
    before = verify(store)
    downgrade(store, "0012")  # SQLite: the accounts tables come back into the log's file first
    if layout == "accounts file":
        if store.backend != "sqlite":
            pytest.skip("PostgreSQL keeps every table in one database")
        assert "audit_events" in move_accounts_out(store)
    with store.read_session() as s:
        columns = {r[1] for r in s.execute(text("PRAGMA table_info(audit_events)"))} if store.backend == "sqlite" \
            else set(s.execute(text("SELECT column_name FROM information_schema.columns "
                                    "WHERE table_name = 'audit_events'")).scalars())
        assert "intent" not in columns
    upgrade(store)
    after = verify(store)
    assert after.ok, after.problems
    assert after.links == before.links and after.heads == before.heads  # the same rows, the same order
    if store.backend == "sqlite" and store.accounts_path is not None:
        log = sqlite3.connect(store.path) if store.key is None else None
        if log is not None:  # the chain and its triggers live with the audit trail, never in the log's file
            names = {r[0] for r in log.execute("SELECT name FROM sqlite_master")}
            log.close()
            assert not names & {"audit_links", "audit_events", "audit_events_no_update"}
            accounts = sqlite3.connect(store.accounts_path)
            names = {r[0] for r in accounts.execute("SELECT name FROM sqlite_master")}
            accounts.close()
            assert {"audit_links", "audit_events_no_update", "audit_links_no_delete",
                    "uq_audit_events_intent"} <= names


# --- two files, one action: the outbox ----------------------------------------------------------


def test_a_source_edit_and_an_upload_in_the_web_app_each_leave_one_chained_audit_event(tmp_path, nlp):
    from fastapi.testclient import TestClient
    from test_web_support import build_log, csrf_from, sign_in

    from rasad.web import create_app

    store, _ids = build_log(f"sqlite:///{tmp_path / 'log.db'}")
    try:
        app = create_app(store)
        app.state.nlp = nlp
        client = TestClient(app)
        assert sign_in(client, "analyst").status_code == 303
        token = csrf_from(client.get("/sources/irna").text)
        assert client.post("/sources/irna", data={"affiliation": "state_aligned", "independence_group": "irib-irna",
                                                  "reliability": "E", "reliability_note": "false claims",
                                                  "csrf_token": token}, follow_redirects=False).status_code == 303
        upload = client.post("/ingest/upload", data={"csrf_token": csrf_from(client.get("/ingest").text)},
                             files={"file": ("a.txt", b"Protesters gathered in Izeh on 16 November 2022.\n",
                                             "text/plain")}, headers={"accept": "application/json"})
        assert upload.status_code == 200, upload.text
        with store.read_session() as s:
            events = {e.action: e for e in s.execute(select(AuditEvent.action, AuditEvent.detail, AuditEvent.intent)
                                                     .where(AuditEvent.action.in_(["source.edited", "ingest.upload"])))}
            assert s.scalar(select(AuditOutbox.id)) is None  # every entry delivered and dropped
        assert events["source.edited"].detail["changed"] == ["affiliation", "reliability"]
        assert events["source.edited"].intent and events["ingest.upload"].intent
        assert events["ingest.upload"].detail["report"] == upload.json()["report_id"]
        result = verify(store, originals=False)
        assert result.ok, result.problems
    finally:
        store.close()


KILLED_AFTER_THE_LOG = """
import os, signal, sys
from rasad.store import audit_trail, open_store
from rasad.log.sources import edit_source
store = open_store(sys.argv[1])
with store.session() as s:
    edit_source(store, "halvash", independence_group="after-the-log", by="analyst", why="edit k1")
    audit_trail.record(s, "source.edited", actor="analyst", ip="10.0.0.1", edit="k1")
os.kill(os.getpid(), signal.SIGKILL)  # the log's file committed, the accounts file not yet
"""

KILLED_BEFORE_THE_DROP = """
import os, signal, sys
from rasad.store import audit_trail, open_store
from rasad.log.sources import edit_source
store = open_store(sys.argv[1])
with store.session() as s:
    edit_source(store, "halvash", independence_group="before-the-drop", by="analyst", why="edit k2")
    audit_trail.record(s, "source.edited", actor="analyst", ip="10.0.0.1", edit="k2")
audit_trail._drop_delivered = lambda *_: os.kill(os.getpid(), signal.SIGKILL)  # after the accounts file's commit
audit_trail.deliver(store)
"""

# Edits and uploads in a loop, each with its audit event through the outbox, as the web app does them.
LOOP = """
import sys, uuid
from rasad.ingest import read_bytes
from rasad.log.intake import Intake, ReportInput
from rasad.log.sources import edit_source
from rasad.store import audit_trail, open_store
store = open_store(sys.argv[1])
intake = Intake(store, analyse=False)
for _ in range(100000):
    k = uuid.uuid4().hex[:12]
    with store.session() as s:
        edit_source(store, "halvash", independence_group="g-" + k, by="analyst", why="edit " + k)
        audit_trail.record(s, "source.edited", actor="analyst", ip="10.0.0.1", edit=k)
    audit_trail.deliver(store)
    report = read_bytes(("Report " + k + " from Zahedan.").encode(), source=k + ".txt")
    intake.take([ReportInput(report, rows=[audit_trail.entry("ingest.upload", actor="analyst", report=report.id)])])
    audit_trail.deliver(store)
"""


def audit_of(store) -> tuple[list, list[str], list[str], int]:
    """(the source.edited and ingest.upload events, each committed edit's key, every report id, outbox entries)."""
    with store.read_session() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.detail, AuditEvent.intent).where(
            AuditEvent.action.in_(["source.edited", "ingest.upload"])).order_by(AuditEvent.id)).all()
        edits = [n.removeprefix("edit ") for n in s.scalars(select(SourceEvent.note).where(
            SourceEvent.field == "independence_group").distinct())]
        from rasad.store.schema import ReportRow

        reports = list(s.scalars(select(ReportRow.id)))
        waiting = len(list(s.scalars(select(AuditOutbox.id))))
    return events, edits, reports, waiting


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory):
    from test_kill_merge_review import ForkServer

    server = ForkServer(tmp_path_factory.mktemp("children"))
    yield server
    server.close()


def test_killed_between_the_two_files_commits_nothing_is_lost_or_doubled(store, store_url, fork_server):  # noqa: F811
    from test_kill_merge_review import child

    add_source(store, "halvash", "Haalvsh", affiliation="independent_press", by="admin", why="Baluch news collective")
    store.close()
    for code, key in ((KILLED_AFTER_THE_LOG, "k1"), (KILLED_BEFORE_THE_DROP, "k2")):
        proc = child(fork_server, store_url, code)
        assert proc.wait(120) == -signal.SIGKILL, proc.stderr()[-2000:]
        with open_store(store_url, migrate=False) as still:  # as the crash left it: the entry is waiting
            assert audit_trail.pending(still) == 1
            events = audit_of(still)[0]
            assert [e.detail["edit"] for e in events] == (["k1", "k2"] if key == "k2" else []), key
        with open_store(store_url) as reopened:  # the open delivers it, once
            events, edits, _reports, waiting = audit_of(reopened)
            assert waiting == 0
            assert sorted(e.detail["edit"] for e in events) == sorted(edits) == ["k1", "k2"][: int(key[1])]
            result = verify(reopened, originals=False)
            assert result.ok, result.problems


@pytest.mark.slow
def test_kill_9_at_random_during_edits_and_uploads_loses_and_doubles_no_audit_event(store, store_url, fork_server):  # noqa: F811
    from test_kill_merge_review import kill_at_random, kills_for

    add_source(store, "halvash", "Haalvsh", affiliation="independent_press", by="admin", why="Baluch news collective")
    store.close()
    kills = kills_for(store_url)  # 20 on SQLite (two files, the outbox's case), 5 on SQLCipher and PostgreSQL
    landed = kill_at_random(fork_server, store_url, LOOP, "SELECT count(*) FROM source_events", random.Random(2121),
                            kills=kills, step=(1, 3))
    assert landed >= kills - 2
    with open_store(store_url) as reopened:
        events, edits, reports, waiting = audit_of(reopened)
        assert waiting == 0
        edited = [e.detail["edit"] for e in events if e.action == "source.edited"]
        uploaded = [e.detail["report"] for e in events if e.action == "ingest.upload"]
        assert len(edited) == len(set(edited)) and sorted(edited) == sorted(edits)  # one event per committed edit
        assert len(uploaded) == len(set(uploaded)) and sorted(uploaded) == sorted(reports)  # and per report
        assert len(set(e.intent for e in events)) == len(events)
        result = verify(reopened, originals=True)
        assert result.ok, result.problems
    assert len(edits) >= kills  # the kills fell while the loop was making progress
