"""The log's files are private to their owner (0600), whatever the umask: they hold the names of
victims and witnesses. SQLite creates a database's -wal, -shm and -journal files with the database
file's own mode, so creating that file 0600 first makes all of them 0600."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 unless it exists (an empty file is a valid empty SQLite database)."""
    if path.exists():  # also on a read-only disk, where O_CREAT would fail before it saw the file
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    os.fchmod(fd, PRIVATE_FILE_MODE)  # os.open's mode passes through the umask; this does not
    os.close(fd)


def withdraw_world_access(path: Path) -> None:
    """Take read/write away from "others" on an existing log and its companion files (a log made by an
    older Rasad was 0644). Group access is left as the owner set it; files of another owner are left alone."""
    for candidate in (path, *(Path(str(path) + suffix) for suffix in SQLITE_COMPANIONS)):
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(candidate.stat().st_mode)
            if mode & stat.S_IRWXO:
                os.chmod(candidate, mode & ~stat.S_IRWXO)


def prepare_private_database(path: Path) -> None:
    create_private_file(path)
    withdraw_world_access(path)
