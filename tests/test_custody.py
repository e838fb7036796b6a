"""Chain of custody (issue 21): every report intake, review event and source event is a link of a hash
chain, appended in the row's own transaction; `rasad verify` finds a row edited behind Rasad's back
(triggers dropped, the database file edited directly), names the first broken link, and checks signed
receipts and export manifests with the public key alone. SQLite, SQLCipher and PostgreSQL."""

from __future__ import annotations

import json
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log import review
from rasad.log.sources import add_source, edit_source, set_reliability
from rasad.store import open_store
from rasad.store.custody import (
    CHAINS,
    GENESIS,
    canonical_json,
    check_receipt,
    generate_keypair,
    link_hash,
    load_private_key,
    load_public_key,
    make_receipt,
    verify,
)


def fill(store, n_reports: int = 3) -> dict:
    """Reports, an incident with review events, a source with its events."""
    from rasad.ingest import read_bytes
    from rasad.log.service import merge_pending
    from rasad.store import incident_report_row

    ids = []
    for i in range(n_reports):
        report = read_bytes(f"Report {i}: witnesses saw arrests in Zahedan on 30 September 2022.".encode(),
                            source=f"r{i}.txt")
        store.add_report(report)
        ids.append(report.id)
    with store.session() as s:
        s.add(incident_report_row({"event_type": "Protests", "date": "2022-09-30", "place_name": "Zahedan",
                                   "province": "Sistan and Baluchestan"}, pipeline_version="t", source_key="t:1"))
    merge_pending(store)
    from rasad.log.queries import list_incidents

    incident = list_incidents(store)[0]["id"]
    review.set_status(store, incident, "confirm", by="analyst", note="two sources agree")
    review.edit(store, incident, "title", "Protest in Zahedan", by="analyst", note="clearer title")
    add_source(store, "halvash", "Haalvsh", affiliation="independent_press", by="admin", why="Baluch news collective")
    edit_source(store, "halvash", name="Haalvsh (Baluch activists)", by="admin", why="full name")
    set_reliability(store, "halvash", "B", by="admin", note="usually reliable")
    return {"reports": ids, "incident": incident}


def backend_of(url: str) -> str:
    driver = make_url(url)
    if driver.get_backend_name() == "postgresql":
        return "postgresql"
    return "sqlcipher" if driver.get_driver_name() == "pysqlcipher" else "sqlite"


def tamper(url: str, *statements: str) -> None:
    """Run SQL on the log behind Rasad's back: the file opened with the plain driver (or SQLCipher's, with
    the key), or a separate PostgreSQL connection; the append-only triggers dropped first."""
    parsed = make_url(url)
    backend = backend_of(url)
    if backend == "postgresql":
        engine = create_engine(url)
        with engine.begin() as conn:
            for table in ("review_events", "source_events", "source_reliability_events", "custody_links"):
                conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            conn.execute(text("ALTER TABLE reports DISABLE TRIGGER USER"))
            for sql in statements:
                conn.execute(text(sql))
        engine.dispose()
        return
    if backend == "sqlcipher":
        from sqlcipher3 import dbapi2 as driver

        conn = driver.connect(parsed.database)
        conn.execute(f"PRAGMA key = '{parsed.password.replace(chr(39), chr(39) * 2)}'")
    else:
        import sqlite3 as driver

        conn = driver.connect(parsed.database)
    triggers = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                           "AND (name LIKE '%no_update' OR name LIKE '%no_delete' "
                                           "OR name LIKE '%immutable%')")]
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_every_evidentiary_row_is_a_link_and_the_log_verifies(store):
    fill(store)
    result = verify(store)
    assert result.ok, result.problems
    assert result.links["reports"] == 3 and result.originals_checked == 3
    assert result.links["review_events"] == 2
    assert result.links["source_events"] >= 2 and result.links["source_reliability_events"] == 1
    # each link is the documented formula over the row as stored (anyone can recompute it)
    with store.read_session() as s:
        conn = s.connection()
        chain = CHAINS["review_events"]
        prev = GENESIS
        for position, row_key, prev_hash, digest in conn.execute(text(
                "SELECT position, row_key, prev_hash, hash FROM custody_links WHERE chain = 'review_events' "
                "ORDER BY position")):
            row = conn.execute(chain.table.select().where(chain.table.c.id == int(row_key))).mappings().one()
            assert prev_hash == prev and digest == link_hash(prev, canonical_json(chain, row))
            prev = digest
    assert result.heads["review_events"] == {"position": 2, "hash": prev}


def test_a_failed_transaction_leaves_no_link(store):
    fill(store, 1)
    before = verify(store).links["review_events"]
    with pytest.raises(RuntimeError), store.session() as s:
        from rasad.store.schema import ReviewEvent

        s.add(ReviewEvent(incident_id=None, actor="x", action="note", note="rolled back"))
        s.flush()
        raise RuntimeError("the transaction fails after the row and its link were written")
    result = verify(store)
    assert result.ok and result.links["review_events"] == before


@pytest.mark.parametrize("what", ["report text", "review event", "source event", "report original"])
def test_verify_finds_a_row_edited_in_the_database_file(store, store_url, what, tmp_path, monkeypatch):  # noqa: F811
    ids = fill(store)
    store.close()
    victim = ids["reports"][1]
    zero_byte = "decode('00', 'hex')" if backend_of(store_url) == "postgresql" else "X'00'"
    sql = {
        "report text": f"UPDATE reports SET text = 'Nothing happened in Zahedan.' WHERE id = '{victim}'",
        "review event": "UPDATE review_events SET note = 'one source only' WHERE action = 'confirm'",
        "source event": "UPDATE source_events SET actor = 'someone else' WHERE field = 'name'",
        "report original": f"UPDATE reports SET original = {zero_byte} WHERE id = '{victim}'",
    }[what]
    tamper(store_url, sql)
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    from rasad.cli import _load_commands, app

    _load_commands()
    result = CliRunner().invoke(app, ["verify"])
    assert result.exit_code == 1, result.output
    problems = [line for line in result.output.splitlines() if line.startswith("problem:")]
    expected = {
        "report text": f"custody chain reports: link 2 (report {victim}): the row differs",
        "review event": "custody chain review_events: link 1 (review event",
        "source event": "custody chain source_events: link",
        "report original": f"report {victim}: its original bytes hash to",
    }[what]
    assert problems and expected in problems[0], result.output
    assert "Traceback" not in result.output


def test_a_row_inserted_behind_raseds_back_has_no_link(store, store_url):  # noqa: F811
    fill(store, 1)
    store.close()
    tamper(store_url, "INSERT INTO review_events (incident_id, actor, at, action, note) "
                      "VALUES (NULL, 'ghost', '2026-01-01 00:00:00', 'confirm', 'forged')")
    with open_store(store_url) as reopened:
        result = verify(reopened)
    assert any("has no link" in p and "review event" in p for p in result.problems), result.problems


def test_a_deleted_row_breaks_its_link(store, store_url):  # noqa: F811
    fill(store, 1)
    store.close()
    tamper(store_url, "DELETE FROM review_events WHERE action = 'edit'")
    with open_store(store_url) as reopened:
        result = verify(reopened)
    assert result.problems[0] == "custody chain review_events: link 2 (review event 2): the row is gone"
    assert result.first_broken == {"review_events": 2}


def test_receipts_hold_as_the_log_grows_and_fail_with_the_wrong_key_or_a_rewritten_chain(store, store_url, tmp_path):  # noqa: F811
    ids = fill(store)
    generate_keypair(tmp_path / "signer", tmp_path / "signer.pub")
    generate_keypair(tmp_path / "other", tmp_path / "other.pub")
    assert stat.S_IMODE((tmp_path / "signer").stat().st_mode) == 0o600
    receipt = make_receipt(store, load_private_key(tmp_path / "signer"))
    public = load_public_key(tmp_path / "signer.pub")
    assert check_receipt(store, receipt, public) == []
    # the log grows: the receipt's heads are still links of its chains
    review.set_status(store, ids["incident"], "dispute", by="analyst2", note="a third source disagrees")
    assert check_receipt(store, receipt, public) == []
    assert "another key" in check_receipt(store, receipt, load_public_key(tmp_path / "other.pub"))[0]
    altered = json.loads(json.dumps(receipt))
    altered["heads"]["review_events"]["hash"] = "0" * 64
    assert "signature does not verify" in check_receipt(store, altered, public)[0]
    # someone edits a review event AND rebuilds every link after it: the chain is whole again,
    # but it is no longer the chain that was signed
    store.close()
    tamper(store_url, "UPDATE review_events SET note = 'never confirmed' WHERE action = 'confirm'",
           "DELETE FROM custody_links WHERE chain = 'review_events'")
    with open_store(store_url) as reopened:
        with reopened.session() as s:
            from rasad.store.custody import link_unchained

            link_unchained(s.connection())
        assert verify(reopened).ok
        problems = check_receipt(reopened, receipt, public)
    assert problems == ["receipt: chain review_events link 2 is not the link signed (the log was rewritten since)"]


def test_concurrent_writers_extend_one_chain_without_a_gap(store):
    fill(store, 1)
    from rasad.log.queries import list_incidents

    inc = list_incidents(store)[0]["id"]
    errors: list[BaseException] = []

    def write(who: str) -> None:
        try:
            for k in range(8):
                review.edit(store, inc, "title", f"{who} {k}", by=who, note="concurrent edit")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(f"analyst{n}",)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    result = verify(store)
    assert result.ok, result.problems
    assert result.links["review_events"] == 2 + 24


def test_the_migration_chains_the_rows_of_an_existing_log(store):
    from rasad.store.migrate import downgrade, upgrade

    fill(store)
    before = verify(store)
    downgrade(store, "0004")  # a log as it was before chains existed
    upgrade(store)
    after = verify(store)
    assert after.ok, after.problems
    assert after.links == before.links and after.heads == before.heads  # the same rows, the same order


def test_the_commands_keygen_receipt_export_and_verify(store, store_url, tmp_path, monkeypatch):  # noqa: F811
    fill(store)
    store.close()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    monkeypatch.chdir(tmp_path)
    from rasad.cli import _load_commands, app

    _load_commands()
    cli = CliRunner()

    def run(*args: str):
        return cli.invoke(app, list(args))

    assert run("keygen", "k").exit_code == 0
    assert run("keygen", "k").exit_code == 1  # never overwritten
    assert run("keygen", "wrong").exit_code == 0
    assert run("receipt", "--key", "k", "--out", "r.json").exit_code == 0
    ok = run("verify", "--receipt", "r.json", "--public-key", "k.pub")
    assert ok.exit_code == 0 and "ok custody" in ok.output, ok.output
    bad = run("verify", "--receipt", "r.json", "--public-key", "wrong.pub")
    assert bad.exit_code == 1 and "another key" in bad.output
    exported = run("export", "--format", "json", "--out", "log.json", "--sign-key", "k")
    assert exported.exit_code == 0, exported.output
    manifest = json.loads(Path("log.json.manifest.json").read_text())
    assert manifest["files"][0]["name"] == "log.json" and manifest["custody_heads"]["reports"]["position"] == 3
    assert run("verify", "--manifest", "log.json.manifest.json", "--public-key", "k.pub").exit_code == 0
    assert run("verify", "--manifest", "log.json.manifest.json", "--public-key", "wrong.pub").exit_code == 1
    Path("log.json").write_text(Path("log.json").read_text().replace("Zahedan", "Zahedan!"))
    changed = run("verify", "--manifest", "log.json.manifest.json")
    assert changed.exit_code == 1 and "SHA-256 differs" in changed.output


def test_two_processes_storing_the_same_reports_in_opposite_orders_neither_deadlock_nor_break_the_chain(store_url):  # noqa: F811
    """Two team members ingest overlapping batches at once: the chain's lock is taken before the row, so the
    second batch waits for the first instead of holding a row the first one needs (PostgreSQL deadlock)."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        import hashlib, sys
        from rasad.records import Report
        from rasad.store import open_store
        store = open_store({store_url!r})
        order = range(30) if sys.argv[1] == "up" else range(29, -1, -1)
        with store.session() as s:
            for i in order:
                text = f"shared report {{i}} about Piranshahr"
                h = hashlib.sha256(text.encode()).hexdigest()
                store.add_report(Report(id=h, sha256=h, text=text, original=text.encode()), session=s)
                s.flush()
        """
    )
    open_store(store_url).close()
    procs = [subprocess.Popen([sys.executable, "-c", script, way], stderr=subprocess.PIPE) for way in ("up", "down")]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()[-1500:]
    with open_store(store_url) as store:
        result = verify(store)
    assert result.ok, result.problems
    assert result.links["reports"] == 30 and result.originals_checked == 30
