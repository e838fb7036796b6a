"""Storage failures a user can act on, each said in one line: a read-only log, a full disk, a file-size
limit, a log that cannot be opened. The CLI prints these instead of a traceback (``rasad.cli``'s command
group asks :func:`describe_storage_problem` about any exception a command lets through)."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator

# SQLite's messages (sqlite3.OperationalError) -> what to tell the user.
SQLITE_MESSAGES = {
    "attempt to write a readonly database": "the log is read-only: it, or its folder, cannot be written "
                                            "(check the permissions, or the disk is mounted read-only)",
    "database or disk is full": "the disk is full: free some space and run the command again "
                                "(nothing half-written was kept)",
    "disk i/o error": "the log could not be written: the disk is full, failing, or a file-size limit "
                      "was reached; free some space or lift the limit and run the command again",
    "unable to open database file": "cannot open the log file: its folder is missing or not writable",
}
OS_ERRORS = {
    errno.ENOSPC: SQLITE_MESSAGES["database or disk is full"],
    errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
    errno.EFBIG: "a file-size limit was reached (ulimit -f): lift it and run the command again",
    errno.EROFS: "the disk is mounted read-only",
    errno.EACCES: "permission denied: this account may not write there",
    errno.EPERM: "permission denied: this account may not write there",
}
try:  # an encrypted log's driver (SQLCipher) has the same errors under its own classes
    from sqlcipher3 import dbapi2 as _sqlcipher

    _SQLITE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.OperationalError, _sqlcipher.OperationalError)
except ImportError:  # pragma: no cover - sqlcipher3 is a pinned dependency
    _SQLITE_ERRORS = (sqlite3.OperationalError,)
# PostgreSQL SQLSTATEs (psycopg's exc.sqlstate).
POSTGRES_STATES = {
    "53100": "the PostgreSQL server's disk is full: free space on the server and run the command again",
    "25006": "the PostgreSQL connection is read-only (a standby, or default_transaction_read_only)",
    "42501": "the PostgreSQL user may not write to the log's tables",
}
# The server went away (restarted, stopped, crashed) or cannot be reached: admin_shutdown, crash_shutdown,
# cannot_connect_now and the connection_exception class. Every batch is its own transaction, so the
# open batch was rolled back and a rerun resumes after the last committed one.
POSTGRES_CONNECTION_LOST = (
    "the connection to the PostgreSQL server was lost or refused (the server was restarted, stopped or "
    "cannot be reached): once it is up, run the command again; it resumes after the last stored batch"
)
POSTGRES_CONNECTION_STATES = {"57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"}


def _is_postgres_connection_error(exc: BaseException) -> bool:
    """psycopg's OperationalError without an SQLSTATE is a lost or refused connection (the server
    closed it, or the client could not reach it): psycopg gives no state when no server answered."""
    try:
        import psycopg
    except ImportError:  # PostgreSQL support not installed: nothing of psycopg can reach here
        return False
    return isinstance(exc, psycopg.OperationalError) and getattr(exc, "sqlstate", None) in (None, *POSTGRES_CONNECTION_STATES)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (SQLAlchemy's .orig) and what caused it, each once."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]


def describe_storage_problem(exc: BaseException) -> str | None:
    """One line for a storage failure the user can fix, or None for anything else (a bug: let it show)."""
    for current in _chain(exc):
        if type(current).__name__ == "StoreError":  # rasad.store.db's own one-line problems (a wrong key ...)
            return str(current)
        if isinstance(current, _SQLITE_ERRORS):
            message = str(current).lower()
            for known, said in SQLITE_MESSAGES.items():
                if known in message:
                    return said
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate in POSTGRES_STATES:
            return POSTGRES_STATES[sqlstate]
        if _is_postgres_connection_error(current):
            return POSTGRES_CONNECTION_LOST
        if isinstance(current, OSError) and current.errno in OS_ERRORS:
            filename = f" ({current.filename})" if current.filename else ""
            return OS_ERRORS[current.errno] + filename
    return None
