"""``rasad encrypt`` and ``rasad rekey``: a SQLite log rewritten under a (new) SQLCipher key.

Both take the same path: under the log's writer lock, checkpoint the WAL into the file, copy every table,
index, trigger and the full-text index into a new file in the same folder with SQLCipher's
``sqlcipher_export()`` (the documented way to encrypt a plain database or change a key), open the copy
with the new key and verify it (``PRAGMA quick_check``: every page decrypted and authenticated, every
b-tree sound; and every table's row count equal to the original's),
then ``os.replace`` it onto the log: at every moment the log's name points at one whole database,
the old or the new. The old file is then overwritten with zeros through a descriptor held open across
the rename, and its ``-wal``/``-shm`` are removed.

Overwriting is best effort: a journaling or copy-on-write file system, an SSD's wear levelling, a
snapshot or an earlier backup can keep old blocks. docs/security.md says what that means.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from rasad.store.accounts_file import accounts_path, fold_into
from rasad.store.accounts_file import remove as remove_accounts
from rasad.store.backup import _connect, _counts
from rasad.store.keys import file_state
from rasad.store.permissions import SQLITE_COMPANIONS, create_private_file


class CipherError(RuntimeError):
    pass


def _errors() -> tuple[type[BaseException], ...]:
    from sqlcipher3 import dbapi2 as sqlcipher

    return (sqlite3.DatabaseError, sqlcipher.DatabaseError)


def _scrub(fd: int) -> None:
    """Overwrite the (now unlinked) old file's bytes with zeros and flush them (best effort)."""
    size = os.fstat(fd).st_size
    block = b"\0" * (1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, block[: min(len(block), size - written)])
    os.fsync(fd)


def _fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def reencrypt(path: Path, *, old_key: str | None, new_key: str) -> dict[str, Any]:
    """Rewrite the SQLite log at ``path`` (plain when ``old_key`` is None) encrypted with ``new_key``."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from rasad.store.db import _WriterLock

    if not new_key:
        raise CipherError("an empty key")
    path = Path(path).resolve()
    state = file_state(path)
    if state == "missing":
        raise CipherError(f"no log at {path}")
    if old_key is None and state != "plain":
        raise CipherError(f"{path} is already encrypted (or is not a SQLite log): use rasad rekey to change its key")
    if old_key is not None and state != "encrypted":
        raise CipherError(f"{path} is not encrypted: use rasad encrypt")
    lock = _WriterLock(Path(str(path) + ".lock"))
    lock.acquire()  # no Rasad process writes to the log meanwhile
    tmp = path.with_name(f".{path.name}.rekeying")
    try:
        for leftover in (tmp, *(Path(str(tmp) + s) for s in SQLITE_COMPANIONS)):
            leftover.unlink(missing_ok=True)
        create_private_file(tmp)
        try:
            src = _connect(str(path), key=old_key) if old_key else sqlcipher.connect(str(path), isolation_level=None)
            try:
                src.execute("PRAGMA busy_timeout = 60000")
                src.execute("SELECT count(*) FROM sqlite_master").fetchall()
                src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                expected = _counts(src)
                user_version = src.execute("PRAGMA user_version").fetchone()[0]
                src.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(tmp), new_key))
                src.execute("SELECT sqlcipher_export('rekeyed')")
                # The accounts file beside the log (rasad.store.accounts_file) goes into the new file;
                # the next open moves it out again, keyed with the new key.
                expected.update(fold_into(src, accounts_path(path), old_key, "rekeyed"))
                expected = dict(sorted(expected.items()))
                src.execute(f"PRAGMA rekeyed.user_version = {int(user_version)}")
                src.execute("DETACH DATABASE rekeyed")
            finally:
                src.close()
            dst = _connect(str(tmp), key=new_key)
            try:
                # quick_check reads every page once (each page's HMAC is checked as it is decrypted) and
                # checks every b-tree; integrity_check would also cross-check each index against its
                # table, re-reading (and re-decrypting) pages at random: over an hour for a 4 GB log here.
                # The copy is logical (sqlcipher_export), so the row counts below are the content check.
                dst.execute("PRAGMA cache_size = -262144")  # 256 MiB for this one connection
                integrity = dst.execute("PRAGMA quick_check").fetchone()[0]
                got = _counts(dst)
            finally:
                dst.close()
        except _errors() as exc:
            message = str(exc)
            if "not a database" in message:
                message = "wrong key" if old_key else "the file is not a SQLite log"
            raise CipherError(f"{path}: {message}") from None
        if integrity != "ok" or got != expected:
            raise CipherError(f"the encrypted copy did not verify (integrity_check={integrity!r}, "
                              f"counts {got} != {expected}); the log is unchanged")
        if file_state(tmp) != "encrypted":
            raise CipherError("the copy is not encrypted; the log is unchanged")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        old_fd = os.open(path, os.O_RDWR)
        try:
            for suffix in SQLITE_COMPANIONS:  # checkpointed above: they hold nothing the file lacks
                Path(str(path) + suffix).unlink(missing_ok=True)
            os.replace(tmp, path)
            _fsync_dir(path.parent)
            scrubbed = True
            try:
                _scrub(old_fd)
            except OSError:
                scrubbed = False
            # Folded into the new file above: the old accounts file goes, its bytes overwritten. A crash
            # before this line leaves it stale beside a log that holds the accounts itself: it is
            # replaced at the next open (rasad.store.accounts_file.attach).
            remove_accounts(accounts_path(path), scrub=_scrub)
        finally:
            os.close(old_fd)
    finally:
        for leftover in (tmp, *(Path(str(tmp) + s) for s in SQLITE_COMPANIONS)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        lock.release()
        lock.close()
    return {"path": str(path), "bytes": path.stat().st_size, "integrity_check": integrity, "counts": got,
            "old_file_overwritten": scrubbed}
