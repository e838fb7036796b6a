"""Faults an ingest must survive (issue 21, "under load and faults"): a full disk (a small tmpfs, or a
file-size limit) and a PostgreSQL server restarted in the middle of an ingest. Each gives one clear line
(never a traceback), and a rerun, once the fault is gone, resumes: every report stored exactly once,
nothing lost, nothing doubled. Real subprocesses, a real filesystem, a real (throwaway) PostgreSQL
cluster of its own on a free port: the shared server is never restarted."""

from __future__ import annotations

import glob
import hashlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

import rasad
from rasad.store import open_store
from rasad.store.schema import IngestItem, ReportRow

SRC = str(Path(rasad.__file__).resolve().parents[1])
PARAGRAPH = "Security forces detained dozens of students in Tehran on 3 October 2022, witnesses said. "


def write_reports(folder: Path, n: int, size: int) -> dict[str, bytes]:
    folder.mkdir(exist_ok=True)
    contents = {}
    for i in range(n):
        data = (f"Report {i}\n\n" + PARAGRAPH * max(1, size // len(PARAGRAPH))).encode()
        (folder / f"report-{i:04d}.txt").write_bytes(data)
        contents[hashlib.sha256(data).hexdigest()] = data
    return contents


def ingest(url: str, folder: Path, cwd: Path, preexec_fn=None, wait: bool = True):
    env = {**os.environ, "RASAD_DATABASE_URL": url, "PYTHONPATH": SRC, "COLUMNS": "200"}
    args = [sys.executable, "-m", "rasad", "ingest", str(folder), "--no-analyse", "--batch-size", "5"]
    if not wait:
        return subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run(args, capture_output=True, cwd=cwd, env=env, timeout=300, preexec_fn=preexec_fn)


def assert_one_clear_line(returncode: int, stderr: bytes, *words: str) -> None:
    err = stderr.decode(errors="replace")
    assert returncode == 1, (returncode, err)
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert "Traceback" not in err and len(errors) == 1, err
    assert any(word in errors[0] for word in words), err


def check_each_report_once(url: str, contents: dict[str, bytes]) -> None:
    store = open_store(url)
    try:
        with store.read_session() as s:
            if store.backend == "sqlite":
                assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
            ids = list(s.scalars(sa.select(ReportRow.id)))
            assert sorted(ids) == sorted(contents)  # each once, none lost
            for row in s.scalars(sa.select(ReportRow)):
                assert bytes(row.original) == contents[row.id]
            done = s.execute(sa.select(IngestItem.key, sa.func.count()).where(IngestItem.status != "error")
                             .group_by(IngestItem.key)).all()
            assert len(done) == len(contents) and all(c == 1 for _, c in done)
        assert store.stats()["reports"] == len(contents)
    finally:
        store.close()


# --- a full disk ---------------------------------------------------------------------------------


def test_an_ingest_on_a_full_disk_fails_in_one_line_and_resumes_once_space_is_back(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the file-size-limit test below runs for anyone)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        url = f"sqlite:///{disk / 'log.db'}"
        contents = write_reports(tmp_path / "inbox", 40, 100_000)  # 4 MB of text for a 3 MiB disk
        first = ingest(url, tmp_path / "inbox", tmp_path)
        assert_one_clear_line(first.returncode, first.stderr, "disk is full", "could not be written")
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)  # space is back
        again = ingest(url, tmp_path / "inbox", tmp_path)
        assert again.returncode == 0, again.stderr.decode(errors="replace")[-2000:]
        check_each_report_once(url, contents)
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_an_ingest_past_a_file_size_limit_fails_in_one_line_and_resumes_without_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'log.db'}"
    contents = write_reports(tmp_path / "inbox", 30, 100_000)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))

    first = ingest(url, tmp_path / "inbox", tmp_path, preexec_fn=limit_file_size)
    assert_one_clear_line(first.returncode, first.stderr, "file-size limit", "could not be written")
    again = ingest(url, tmp_path / "inbox", tmp_path)
    assert again.returncode == 0, again.stderr.decode(errors="replace")[-2000:]
    check_each_report_once(url, contents)


# --- PostgreSQL restarted mid-ingest ---------------------------------------------------------------


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found or (os.geteuid() == 0 and not shutil.which("runuser")):
        pytest.skip("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin/pg_ctl), or runuser to run them as postgres, are missing")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def own_postgres():
    """A throwaway PostgreSQL cluster in a temporary folder on a free port (as the postgres user when
    run as root: the server refuses to run as root). Yields (url, pg_ctl command prefix, data dir)."""
    bindir = _pg_bin()
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres account to run the server as")
        as_user = ["runuser", "-u", "postgres", "--"]
    top = Path(tempfile.mkdtemp(prefix="rasad-pg-"))
    data = top / "data"
    if as_user:
        shutil.chown(top, "postgres")
    port = _free_port()
    init = subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--no-sync"], capture_output=True)
    if init.returncode != 0:
        shutil.rmtree(top, ignore_errors=True)
        pytest.skip(f"initdb failed here: {init.stderr.decode()[-300:]}")
    ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(top / "server.log"),
           "-o", f"-p {port} -k {top} -c listen_addresses=127.0.0.1 -c fsync=off"]
    subprocess.run([*ctl, "start"], check=True, capture_output=True, timeout=60)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", ctl
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(top, ignore_errors=True)


def _stored(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM ingest_items")).scalar()
    except sa.exc.DBAPIError:
        return 0
    finally:
        engine.dispose()


@pytest.mark.slow
def test_postgres_restarted_mid_ingest_gives_one_line_and_a_rerun_stores_each_report_once(own_postgres, tmp_path):
    url, ctl = own_postgres
    contents = write_reports(tmp_path / "inbox", 1500, 300)
    proc = ingest(url, tmp_path / "inbox", tmp_path, wait=False)
    deadline = time.monotonic() + 120
    while proc.poll() is None and _stored(url) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest ended before the restart: make the corpus larger"
    # fast: the server ends every session at once ("terminating connection due to administrator command")
    subprocess.run([*ctl, "-m", "fast", "restart"], check=True, capture_output=True, timeout=120)
    _, stderr = proc.communicate(timeout=300)
    if proc.returncode != 0:  # cut: one clear line that says what happened and what to do
        assert_one_clear_line(proc.returncode, stderr, "PostgreSQL")
    assert _stored(url) < len(contents) or proc.returncode == 0
    again = ingest(url, tmp_path / "inbox", tmp_path)
    assert again.returncode == 0, again.stderr.decode(errors="replace")[-2000:]
    check_each_report_once(url, contents)
