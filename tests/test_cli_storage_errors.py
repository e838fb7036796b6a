"""When the log cannot be written, a command says why in one line and exits 1, never a traceback
(issue 21's review, finding 7): a read-only log, a full disk, a file-size limit. Real subprocesses on
real files; the full disk is a small tmpfs (needs root to mount; skipped visibly otherwise), the
file-size limit works for anyone."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import rasad
from rasad.store import open_store

SRC = str(Path(rasad.__file__).resolve().parents[1])
PARAGRAPH = "Security forces detained dozens of students in Tehran on 3 October 2022, witnesses said. "


def rasad_cli(*args: str, url: str, cwd: Path, preexec_fn=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RASAD_DATABASE_URL": url, "PYTHONPATH": SRC, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "rasad", *args], capture_output=True, cwd=cwd, env=env,
                          timeout=300, preexec_fn=preexec_fn)


def assert_one_clear_line(result: subprocess.CompletedProcess, *words: str) -> None:
    err = result.stderr.decode()
    assert result.returncode == 1, (result.returncode, err)
    errors = [line for line in err.splitlines() if line.startswith("error:")]  # beside a progress bar
    assert "Traceback" not in err and len(errors) == 1, err
    assert any(word in errors[0] for word in words), err


def write_reports(folder: Path, n: int, size: int) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"report-{i}.txt").write_text(f"Report {i}\n\n" + PARAGRAPH * (size // len(PARAGRAPH)))


@pytest.fixture()
def small_disk(tmp_path):
    """A 3 MiB tmpfs mounted at tmp_path/disk (root only), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_is_one_clear_line(small_disk, tmp_path):
    url = f"sqlite:///{small_disk / 'log.db'}"
    open_store(url).close()
    write_reports(tmp_path / "inbox", 40, 200_000)  # 8 MB of text for a 3 MiB disk
    result = rasad_cli("ingest", str(tmp_path / "inbox"), "--no-analyse", url=url, cwd=tmp_path)
    assert_one_clear_line(result, "disk is full", "could not be written")


def test_a_file_size_limit_is_one_clear_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'log.db'}"
    open_store(url).close()
    write_reports(tmp_path / "inbox", 20, 200_000)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))

    result = rasad_cli("ingest", str(tmp_path / "inbox"), "--no-analyse", url=url, cwd=tmp_path,
                       preexec_fn=limit_file_size)
    assert_one_clear_line(result, "file-size limit", "could not be written")


def test_a_read_only_log_is_one_clear_line(small_disk, tmp_path):
    url = f"sqlite:///{small_disk / 'log.db'}"
    open_store(url).close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = rasad_cli("users", "add", "leila", "--password", "a long enough passphrase", url=url, cwd=tmp_path)
    assert_one_clear_line(result, "read-only")


def test_a_log_file_without_write_permission_is_one_clear_line(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes whatever the permissions say (the tmpfs test above covers root)")
    url = f"sqlite:///{tmp_path / 'log' / 'log.db'}"
    open_store(url).close()
    os.chmod(tmp_path / "log" / "log.db", 0o400)
    try:
        result = rasad_cli("users", "add", "leila", "--password", "a long enough passphrase", url=url, cwd=tmp_path)
    finally:
        os.chmod(tmp_path / "log" / "log.db", 0o600)
    assert_one_clear_line(result, "read-only", "not writable")
