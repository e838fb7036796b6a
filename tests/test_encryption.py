"""Encryption at rest (issue 21): a SQLite log with a key is a SQLCipher 4 database; `rasad encrypt` and
`rasad rekey` rewrite it atomically; backups stay encrypted; a wrong or missing key is one line; a web
upload never reaches the disk in plain form; PostgreSQL refuses a remote server without TLS.

Real files, real `rasad` processes (stdin not a terminal, so no prompt), the sqlcipher3 wheel."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy.engine import make_url

import rasad
from rasad.records import Report
from rasad.store import StoreError, open_store
from rasad.store.db import Store

SRC = str(Path(rasad.__file__).resolve().parents[1])
WITNESS = "Parisa Nikoukar-Shahbazi"  # a name that must never be readable in the file
KEY = "first key: it's long enough"


def a_report(i: int = 0) -> Report:
    from rasad.ingest import read_bytes

    return read_bytes(f"Witness {WITNESS} saw the arrest of {i} students in Zahedan.".encode(), source=f"r{i}.txt")


def rasad_cli(*args: str, db: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("RASAD_DB_KEY")}
    full |= {"RASAD_DATABASE_URL": f"sqlite:///{db}", "PYTHONPATH": SRC, "COLUMNS": "200", **env}
    return subprocess.run([sys.executable, "-m", "rasad", *args], capture_output=True, cwd=cwd, env=full,
                          timeout=300, stdin=subprocess.DEVNULL)


def assert_one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    err = result.stderr.decode()
    assert result.returncode == 1, (result.returncode, err, result.stdout.decode())
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert all(word in err for word in words), err


def everything_on_disk(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.iterdir() if p.name.startswith(db.name) and p.is_file())


def plain_log(tmp_path: Path, n: int = 3) -> Path:
    db = tmp_path / "log.db"
    with open_store(f"sqlite:///{db}") as store:
        for i in range(n):
            store.add_report(a_report(i))
    return db


def test_a_keyed_log_holds_nothing_readable_in_the_file_or_its_wal(tmp_path, monkeypatch):
    monkeypatch.setenv("RASAD_DB_KEY", KEY)
    db = tmp_path / "log.db"
    store = open_store(f"sqlite:///{db}")
    try:
        assert store.encrypted
        store.add_report(a_report())
        assert (tmp_path / "log.db-wal").stat().st_size > 0  # the row is in the WAL, not yet checkpointed
        on_disk = everything_on_disk(db)
        assert WITNESS.encode() not in on_disk and b"Zahedan" not in on_disk
        assert not db.read_bytes().startswith(b"SQLite format 3")
        assert [hit.id for hit in store.search_reports("Zahedan")] == [a_report().id]  # FTS5 inside the cipher
    finally:
        store.close()
    with pytest.raises(sqlite3.DatabaseError):  # the plain driver sees noise
        sqlite3.connect(db).execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_a_wrong_or_missing_key_is_one_clear_line(tmp_path):
    db = tmp_path / "log.db"
    with open_store(f"sqlite:///{db}", key=KEY) as store:
        store.add_report(a_report())
    assert_one_line(rasad_cli("stats", db=db, cwd=tmp_path), "encrypted", "RASAD_DB_KEY")
    assert_one_line(rasad_cli("stats", db=db, cwd=tmp_path, RASAD_DB_KEY="not the key"), "wrong key")
    assert_one_line(rasad_cli("serve", "--port", "1", db=db, cwd=tmp_path, RASAD_DB_KEY="not the key"), "wrong key")
    good = rasad_cli("stats", "--json", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY)
    assert good.returncode == 0 and '"reports": 1' in good.stdout.decode()
    with pytest.raises(StoreError, match="wrong key"):
        Store(f"sqlite:///{db}", key="not the key")


def test_a_key_file_gives_the_key_and_must_be_private(tmp_path):
    db = plain_log(tmp_path, 1)
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    key_file.chmod(0o644)
    assert_one_line(rasad_cli("encrypt", "--key-file", str(key_file), db=db, cwd=tmp_path), "chmod 600")
    key_file.chmod(0o600)
    assert rasad_cli("encrypt", "--key-file", str(key_file), db=db, cwd=tmp_path).returncode == 0
    listed = rasad_cli("stats", "--json", db=db, cwd=tmp_path, RASAD_DB_KEY_FILE=str(key_file))
    assert listed.returncode == 0 and '"reports": 1' in listed.stdout.decode()


def test_encrypt_replaces_the_plain_log_and_overwrites_its_bytes(tmp_path):
    db = plain_log(tmp_path)
    assert WITNESS.encode() in everything_on_disk(db)
    witness_link = tmp_path / "old-inode"  # a second name for the plain file's inode: what the disk kept
    os.link(db, witness_link)
    result = rasad_cli("encrypt", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY)
    assert result.returncode == 0, result.stderr.decode()
    assert "encrypted" in result.stdout.decode()
    assert WITNESS.encode() not in everything_on_disk(db)
    assert not (tmp_path / "log.db-wal").exists() and not (tmp_path / "log.db-shm").exists()
    assert set(witness_link.read_bytes()) == {0}  # the old file's bytes were overwritten with zeros
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if "rekeying" in p.name]
    with open_store(f"sqlite:///{db}", key=KEY) as store:
        assert store.stats()["reports"] == 3 and store.search_reports("Zahedan")
    assert_one_line(rasad_cli("encrypt", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY), "already encrypted")


def test_rekey_changes_the_key_and_the_old_key_stops_working(tmp_path):
    db = plain_log(tmp_path)
    assert rasad_cli("encrypt", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY).returncode == 0
    assert_one_line(rasad_cli("rekey", db=db, cwd=tmp_path, RASAD_DB_KEY="wrong", RASAD_NEW_DB_KEY="x"), "wrong key")
    result = rasad_cli("rekey", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY, RASAD_NEW_DB_KEY="second key")
    assert result.returncode == 0, result.stderr.decode()
    assert_one_line(rasad_cli("stats", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY), "wrong key")
    with open_store(f"sqlite:///{db}", key="second key") as store:
        assert store.stats()["reports"] == 3


def test_a_key_set_on_a_plain_log_says_to_encrypt_it(tmp_path):
    db = plain_log(tmp_path, 1)
    assert_one_line(rasad_cli("stats", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY), "plain", "rasad encrypt")


def test_the_backup_of_an_encrypted_log_is_encrypted_and_verified(tmp_path):
    db = tmp_path / "log.db"
    with open_store(f"sqlite:///{db}", key=KEY) as store:
        for i in range(3):
            store.add_report(a_report(i))
        result = store.backup(tmp_path / "copy.db")
    assert result["encrypted"] and result["integrity_check"] == "ok" and result["counts"]["reports"] == 3
    copy = (tmp_path / "copy.db").read_bytes()
    assert WITNESS.encode() not in copy and not copy.startswith(b"SQLite format 3")
    assert stat.S_IMODE((tmp_path / "copy.db").stat().st_mode) == 0o600
    with open_store(f"sqlite:///{tmp_path / 'copy.db'}", key=KEY) as restored:
        assert restored.stats()["reports"] == 3
    with pytest.raises(StoreError):
        Store(f"sqlite:///{tmp_path / 'copy.db'}")  # no key: refused, not read


def test_a_web_upload_is_never_spooled_to_a_plain_temporary_file(tmp_path, monkeypatch):
    """Starlette spools an upload past 1 MiB to a temporary file: plain report bytes on disk beside an
    encrypted log. The app keeps uploads (already capped at RASAD_MAX_INPUT_BYTES) in memory."""
    from fastapi.testclient import TestClient
    from test_web_support import build_log, csrf_from, sign_in

    from rasad.config import Settings
    from rasad.web import create_app

    store, _ids = build_log(f"sqlite+pysqlcipher://:{quote(KEY, safe='')}@/{tmp_path / 'log.db'}")
    files_made: list[object] = []
    real = tempfile.TemporaryFile

    def recording(*args, **kwargs):
        files_made.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", recording)
    try:
        client = TestClient(create_app(store, Settings(max_input_bytes=8 * 1024 * 1024)))
        assert sign_in(client, "analyst").status_code == 303
        csrf = csrf_from(client.get("/ingest").text)
        body = WITNESS.encode() + os.urandom(3 * 1024 * 1024)  # binary: refused after parsing, quickly
        page = client.post("/ingest/upload", data={"csrf_token": csrf},
                           files={"file": ("r.bin", body, "application/octet-stream")})
        assert page.status_code in (200, 303, 400), page.text[:300]
        assert files_made == []
    finally:
        store.close()


# --- PostgreSQL over a network ------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://rasad@db.example.org/log",
    "postgresql+psycopg://rasad@10.0.0.7:5432/log?sslmode=prefer",
    "postgresql+psycopg://rasad@db.example.org/log?sslmode=disable",
])
def test_a_remote_postgresql_server_without_tls_is_refused(url, monkeypatch):
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.delenv("RASAD_ALLOW_INSECURE_POSTGRES", raising=False)
    with pytest.raises(StoreError, match="without TLS"):
        Store(url)
    monkeypatch.setenv("RASAD_ALLOW_INSECURE_POSTGRES", "1")
    Store(url).close()  # told the network is trusted: allowed (the engine connects lazily)


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://rasad@db.example.org/log?sslmode=require",
    "postgresql+psycopg://rasad@db.example.org/log?sslmode=verify-full&sslrootcert=/etc/ca.pem",
    "postgresql+psycopg://postgres@127.0.0.1:5432/log",
    "postgresql+psycopg://postgres@localhost/log",
    "postgresql+psycopg://postgres@[::1]/log",
    "postgresql+psycopg:///log?host=/var/run/postgresql",
])
def test_tls_or_a_local_server_is_accepted(url, monkeypatch):
    monkeypatch.delenv("PGSSLMODE", raising=False)
    monkeypatch.delenv("RASAD_ALLOW_INSECURE_POSTGRES", raising=False)
    store = Store(url)
    assert make_url(store.url).query.get("sslmode") == make_url(url).query.get("sslmode")  # passed to libpq as is
    store.close()


def test_pgsslmode_in_the_environment_counts_as_tls(monkeypatch):
    monkeypatch.delenv("RASAD_ALLOW_INSECURE_POSTGRES", raising=False)
    monkeypatch.setenv("PGSSLMODE", "require")
    Store("postgresql+psycopg://rasad@db.example.org/log").close()


def test_sslmode_require_is_honoured_by_the_driver(monkeypatch):
    """libpq itself refuses a server that does not speak TLS when sslmode=require: tried on the local
    server of RASAD_TEST_DATABASE_URL (which runs without TLS here)."""
    base = os.environ.get("RASAD_TEST_DATABASE_URL")
    if not base:
        pytest.skip("RASAD_TEST_DATABASE_URL is unset: PostgreSQL variant skipped")
    url = make_url(base).update_query_dict({"sslmode": "require"}).render_as_string(hide_password=False)
    with pytest.raises(Exception, match="SSL|ssl"):
        with Store(url) as store:
            store.stats()


def test_encrypt_takes_the_key_file_the_log_will_be_opened_with(tmp_path):
    db = plain_log(tmp_path, 1)
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    key_file.chmod(0o600)
    assert rasad_cli("encrypt", db=db, cwd=tmp_path, RASAD_DB_KEY_FILE=str(key_file)).returncode == 0
    with open_store(f"sqlite:///{db}", key=KEY) as store:
        assert store.stats()["reports"] == 1
    other = tmp_path / "other"
    other.mkdir()
    assert_one_line(rasad_cli("encrypt", db=plain_log(other, 1), cwd=tmp_path), "no new key")  # no key, no terminal


def test_rekey_without_a_new_key_names_its_own_option(tmp_path):
    """rekey's option is --new-key-file; its refusal said "give --key-file" (encrypt's option)."""
    db = plain_log(tmp_path, 1)
    assert rasad_cli("encrypt", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY).returncode == 0
    result = rasad_cli("rekey", db=db, cwd=tmp_path, RASAD_DB_KEY=KEY)
    assert_one_line(result, "no new key", "--new-key-file", "RASAD_NEW_DB_KEY")
    assert "give --key-file" not in result.stderr.decode()
