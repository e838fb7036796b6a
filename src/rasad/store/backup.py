"""``rasad backup``: a consistent, verified copy of a live SQLite log (SQLite's online backup API)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from urllib.parse import quote

from rasad.store.accounts_file import accounts_path, fold_into
from rasad.store.permissions import create_private_file


class BackupError(RuntimeError):
    pass


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'reports_fts%' ORDER BY name"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _connect(path: str, *, key: str | None, uri: bool = False) -> sqlite3.Connection:
    """A connection to a plain SQLite file (sqlite3), or to an encrypted one (SQLCipher, keyed)."""
    if key is None:
        return sqlite3.connect(path, uri=uri, isolation_level=None)
    from sqlcipher3 import dbapi2 as sqlcipher

    from rasad.store.keys import pragma_key

    conn = sqlcipher.connect(path, uri=uri, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {pragma_key(key)}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _errors(key: str | None) -> tuple[type[BaseException], ...]:
    if key is None:
        return (sqlite3.DatabaseError,)
    from sqlcipher3 import dbapi2 as sqlcipher

    return (sqlite3.DatabaseError, sqlcipher.DatabaseError)


def backup_sqlite(source: Path, target: Path, *, overwrite: bool = False, key: str | None = None) -> dict[str, Any]:
    """Copy ``source`` to ``target`` from one read snapshot, verify, then move it into place.

    The copy is written to ``target.partial`` and renamed only after PRAGMA integrity_check says "ok" and
    every table's row count equals the count read in the same snapshot, so ``target`` never names a
    half-written or unverified file. Writers are not blocked (WAL readers see a snapshot).

    An encrypted log (``key``) is copied page by page between two SQLCipher connections keyed alike: the
    copy is encrypted with the same key, never written in plain form; it is verified by opening it
    with the key (and checked not to carry SQLite's plain header)."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder: name the backup file in it (e.g. {target / 'rasad-backup.db'})")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists (use --overwrite to replace it)")
    if target.resolve() == Path(source).resolve():
        raise BackupError("the backup must not overwrite the live database")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)  # a backup is the whole log: 0600 like it, never readable by others
    src = _connect(f"file:{quote(str(source))}?mode=ro", key=key, uri=True)
    dst = _connect(f"file:{quote(str(partial))}", key=key, uri=True)
    try:
        src.execute("PRAGMA busy_timeout = 60000")
        src.execute("BEGIN")  # one read snapshot for the counts and the copy
        expected = _counts(src)
        src.backup(dst)  # all pages in one step, inside the snapshot above
        src.execute("COMMIT")
        # The accounts, sessions and audit trail kept beside the log (rasad.store.accounts_file) go into
        # the same file, read in a snapshot of their own: the backup stays one self-contained log, and
        # opening it as a log moves them out again.
        dst.execute("PRAGMA busy_timeout = 60000")
        expected.update(fold_into(dst, accounts_path(Path(source)), key, "main", read_only=True))
        expected = dict(sorted(expected.items()))
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        if key is not None:  # the checks below revisit pages: keep them decrypted (256 MiB, this connection)
            dst.execute("PRAGMA cache_size = -262144")
        integrity = dst.execute("PRAGMA integrity_check").fetchone()[0]
        got = _counts(dst)
        fts = "ok"
        if "reports" in got and dst.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'reports_fts'"
        ).fetchone():
            dst.execute("INSERT INTO reports_fts(reports_fts, rank) VALUES ('integrity-check', 1)")
    except _errors(key) as exc:
        dst.close()
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup failed: {exc}") from exc
    finally:
        with contextlib.suppress(*_errors(key)):
            src.close()
    dst.close()
    if key is not None:
        from rasad.store.keys import file_state

        if file_state(partial) != "encrypted":
            partial.unlink(missing_ok=True)
            raise BackupError("backup verification failed: the copy of an encrypted log is not encrypted")
    if integrity != "ok" or got != expected:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup verification failed: integrity_check={integrity!r}, counts {got} != {expected}")
    try:
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)  # never leave a whole copy of the log under a name nothing removes
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return {
        "path": str(target),
        "bytes": target.stat().st_size,
        "integrity_check": integrity,
        "fts_integrity_check": fts,
        "counts": got,
        "encrypted": key is not None,
    }
