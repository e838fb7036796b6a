"""``rasad backup PATH``: a consistent, verified copy of a live SQLite log, made while a writer keeps
writing; ``rasad stats --json`` counts the log. PostgreSQL logs get the pg_dump line instead."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from conftest_store import store_url  # noqa: F401 - fixture
from typer.testing import CliRunner

from rasad.records import Report
from rasad.store import StoreError, open_store
from rasad.store.backup import BackupError


def make_report(text: str) -> Report:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Report(id=digest, sha256=digest, text=text, original=text.encode(), title=text[:20])


def fill(store, n: int, prefix: str = "report") -> None:
    for i in range(n):
        store.add_report(make_report(f"{prefix} {i}: a gathering in Tabriz was dispersed."))


def test_backup_is_a_verified_self_contained_copy(tmp_path):
    live = open_store(f"sqlite:///{tmp_path / 'live.db'}")
    fill(live, 50)
    result = live.backup(tmp_path / "copy.db")
    assert result["integrity_check"] == "ok"
    assert result["counts"]["reports"] == 50
    assert not (tmp_path / "copy.db.partial").exists()
    conn = sqlite3.connect(tmp_path / "copy.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal beside it
    conn.close()
    copy = open_store(f"sqlite:///{tmp_path / 'copy.db'}")
    assert copy.stats()["reports"] == 50
    assert len(copy.search_reports("Tabriz", limit=100)) == 50  # the search index came along
    copy.close()
    live.close()


def test_backup_of_a_log_being_written_is_consistent(tmp_path):
    """Another process writes reports in small transactions throughout; every backup taken meanwhile
    must pass integrity_check with row counts equal to one committed state."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    live = open_store(url)
    fill(live, 10, prefix="seed")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import hashlib, sys
                from rasad.records import Analysis, Report
                from rasad.store import open_store
                store = open_store({url!r})
                for i in range(100000):
                    text = f"writer {{i}}: strikes spread to the bazaar in Rasht."
                    h = hashlib.sha256(text.encode()).hexdigest()
                    with store.session() as s:  # a report and its analysis in one transaction
                        r = Report(id=h, sha256=h, text=text, original=text.encode())
                        store.add_report(r, session=s)
                        store.add_analysis(Analysis(pipeline_version="v", report=r), session=s)
                """
            ),
        ],
    )
    try:
        deadline = time.monotonic() + 60
        while live.stats()["reports"] < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        results = [live.backup(tmp_path / f"copy-{k}.db") for k in range(3)]
    finally:
        writer.kill()
        writer.wait()
    for result in results:
        counts = result["counts"]
        assert result["integrity_check"] == "ok"
        assert counts["analyses"] == counts["reports"] - 10  # never a report without its analysis
    assert results[-1]["counts"]["reports"] > 30
    live.close()


def test_backup_refuses_to_overwrite(tmp_path):
    live = open_store(f"sqlite:///{tmp_path / 'live.db'}")
    (tmp_path / "taken.db").write_bytes(b"precious")
    with pytest.raises(BackupError, match="exists"):
        live.backup(tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_bytes() == b"precious"
    with pytest.raises(BackupError, match="live database"):
        live.backup(tmp_path / "live.db", overwrite=True)
    live.close()


def test_postgresql_backup_points_to_pg_dump_without_leaking_the_password():
    store = open_store("postgresql+psycopg://rasad:s3cret@db.example/log?sslmode=require", migrate=False)  # never connects
    with pytest.raises(StoreError, match="pg_dump --format=custom --file /tmp/log.dump") as caught:
        store.backup("/tmp/log.dump")
    assert "postgresql://rasad@db.example/log" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def run_cli(args: list[str], url: str):
    from rasad.cli import _load_commands, app

    _load_commands()
    return CliRunner().invoke(app, args, env={"RASAD_DATABASE_URL": url})


def test_stats_json_counts_the_log(store_url):  # noqa: F811
    store = open_store(store_url)
    fill(store, 3)
    store.close()
    result = run_cli(["stats", "--json"], store_url)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["reports"] == 3
    assert {"analyses", "incident_reports", "incidents", "review_events"} <= counts.keys()


def test_backup_command_writes_and_verifies(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    store = open_store(url)
    fill(store, 5)
    store.close()
    result = run_cli(["backup", str(tmp_path / "out.db")], url)
    assert result.exit_code == 0, result.output
    assert "integrity_check: ok" in result.output
    assert os.path.getsize(tmp_path / "out.db") > 0
    again = run_cli(["backup", str(tmp_path / "out.db")], url)
    assert again.exit_code == 1
    assert "exists" in again.output
    assert "--overwrite" in again.output  # the command's own option, not the function's argument


def test_backup_into_a_folder_is_refused_and_leaves_no_copy_behind(tmp_path):
    """`rasad backup SOMEFOLDER --overwrite` said "Is a directory" and left SOMEFOLDER.partial beside it: a
    whole copy of the log that nothing would remove."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    store = open_store(url)
    fill(store, 2)
    store.close()
    (tmp_path / "backups").mkdir()
    for extra in ([], ["--overwrite"]):
        result = run_cli(["backup", str(tmp_path / "backups"), *extra], url)
        assert result.exit_code == 1
        assert "is a folder" in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("live.db")) == ["backups"]
    assert list((tmp_path / "backups").iterdir()) == []
