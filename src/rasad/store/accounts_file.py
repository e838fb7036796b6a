"""The web app's accounts, sessions and audit trail in a SQLite file of their own beside the log.

Every commit to a SQLite log in WAL mode empties the page cache of every other connection to that file
at its next read (SQLite cannot tell which pages changed), and an encrypted log's readers then decrypt
again every page they read (docs/storage.md). A sign-in, a failed sign-in, a sign-out, a password or
two-factor change writes only ``users``, ``web_sessions``, ``recovery_codes``, ``settings`` and
``audit_events``: kept in the file ``LOG-accounts`` (``rasad.db-accounts``), which every connection of
the Store ATTACHes as the schema ``accounts``, those commits touch that file's pages and its WAL only, and
the incident pages the readers hold stay cached. SQLite finds an unqualified table name in ``main`` first,
then in the attached schemas, so every query (the ORM's included) is the same as before; the incidents
still have one road, the log's own file.

The accounts file is encrypted with the log's key (its own salt), created 0600, and WAL with
``synchronous = FULL`` like the log. PostgreSQL and in-memory logs keep these tables in the one database.

Moving an existing log's tables (:func:`move_out_of_main`, run by every upgrade) takes two transactions,
so a crash at any point loses nothing: first the tables are copied into the accounts file (replacing
whatever it held) and committed, then they are dropped from the log. **While the log's own file holds an
accounts table, that copy is the one in force** (SQLite resolves the name to ``main`` first, and the
next open copies it over again). A backup or ``rasad encrypt``/``rekey`` folds the accounts tables back
into the one file it writes (:func:`fold_into`), so a backup stays one self-contained file; opening it
(or the re-encrypted log) moves them out again. An accounts file that does not open with the log's key
while the log holds the accounts tables is a stale one (left by a re-encryption cut short) and is
replaced; one that does not open while the log does not hold them is an error, never deleted.

SQLite's WAL mode has no multi-file atomic commit, so no transaction writes both files: an action that
changes the log and is audited (an upload, a source edit) writes its audit event to an outbox in the log's
file with the action, then delivers it to the audit trail here, exactly once (rasad.store.audit_trail).
The evidentiary records (reports, review and source events, their custody chains) are all in the log's
own file; the audit trail's chain (``audit_links``) is here, with the events it chains.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

SCHEMA = "accounts"
# Parents before children (foreign keys: recovery_codes and web_sessions -> users).
TABLES = ("users", "settings", "recovery_codes", "web_sessions", "audit_events", "audit_links")
SUFFIX = "-accounts"
_CREATE = re.compile(r"^\s*(CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX|TRIGGER)\s+)(?:IF\s+NOT\s+EXISTS\s+)?",
                     re.IGNORECASE)


def accounts_path(log_path: Path) -> Path:
    return Path(str(log_path) + SUFFIX)


def _tables_in(conn: Any, schema: str) -> list[str]:
    found = {r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}
    return [t for t in TABLES if t in found]


def _objects(conn: Any, schema: str, tables: list[str]) -> list[tuple[str, str]]:
    """(type, CREATE statement) of these tables, their explicit indexes and their triggers (the audit
    trail's append-only ones), tables first, in TABLES order, triggers last."""
    marks = ",".join("?" for _ in tables)
    rows = conn.execute(f"SELECT type, tbl_name, sql FROM {schema}.sqlite_master WHERE sql IS NOT NULL "
                        f"AND type IN ('table', 'index', 'trigger') AND tbl_name IN ({marks})", tables).fetchall()
    order = {t: i for i, t in enumerate(TABLES)}
    kinds = {"table": 0, "index": 1, "trigger": 2}
    return [(kind, sql) for kind, _, sql in sorted(rows, key=lambda r: (kinds[r[0]], order[r[1]]))]


def _in_schema(sql: str, schema: str) -> str:
    """'CREATE TABLE users (...)' -> 'CREATE TABLE accounts.users (...)' (and so for an index's or a
    trigger's name: SQLite puts either in the schema its name gives, on a table of that schema)."""
    qualified, n = _CREATE.subn(lambda m: m.group(1) + f"{schema}.", sql, count=1)
    if n != 1:
        raise ValueError(f"not a CREATE TABLE/INDEX statement: {sql[:60]!r}")
    return qualified


def copy_tables(conn: Any, source: str, target: str, tables: list[str]) -> None:
    """Create ``tables`` (and their indexes) in schema ``target`` as they are in ``source`` and copy
    their rows, then their triggers, on one connection with both attached; the caller holds the
    transaction."""
    objects = _objects(conn, source, tables)
    for kind, sql in objects:
        if kind != "trigger":
            conn.execute(_in_schema(sql, target))
    for table in tables:
        conn.execute(f'INSERT INTO {target}."{table}" SELECT * FROM {source}."{table}"')
    for kind, sql in objects:
        if kind == "trigger":
            conn.execute(_in_schema(sql, target))


def attach(dbapi_connection: Any, log_path: Path, key: str | None) -> None:
    """ATTACH the log's accounts file as ``accounts`` (created if missing), keyed like the log. A file
    that does not open is replaced only while the log itself holds the accounts tables (then it is a
    stale copy: see the module's docstring)."""
    path = accounts_path(log_path)

    def run() -> None:
        if key is None:
            dbapi_connection.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(path),))
        else:
            dbapi_connection.execute(f"ATTACH DATABASE ? AS {SCHEMA} KEY ?", (str(path), key))
        dbapi_connection.execute(f"SELECT count(*) FROM {SCHEMA}.sqlite_master").fetchall()

    try:
        run()
    except Exception as exc:  # noqa: BLE001 - sqlite3's or sqlcipher3's DatabaseError (distinct classes)
        if not any(c.__name__ == "DatabaseError" for c in type(exc).__mro__):
            raise
        _recover(dbapi_connection, path, exc, run)


def _recover(dbapi_connection: Any, path: Path, exc: BaseException, run: Any) -> None:
    from rasad.store.db import StoreError
    from rasad.store.permissions import create_private_file

    if "not a database" not in str(exc) and "encrypted" not in str(exc):
        raise exc
    with contextlib.suppress(Exception):
        dbapi_connection.execute(f"DETACH DATABASE {SCHEMA}")
    holds = dbapi_connection.execute(
        "SELECT count(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'users'").fetchone()[0]
    if not holds:
        raise StoreError(f"the accounts file {path} does not open with the log's key (or is not a SQLite "
                         "database): restore it from a backup, or move it away to start with no accounts") from None
    from rasad.store.cipher import _scrub

    remove(path, scrub=_scrub)  # it may be the plain one an interrupted `rasad encrypt` left: zeroed first
    create_private_file(path)
    run()


def _each_in_a_transaction(dbapi_connection: Any, *steps: Any) -> None:
    """Run each step in a write transaction of its own (committed before the next begins), with foreign
    keys off: a table and the tables that refer to it are dropped and copied one at a time."""
    dbapi_connection.execute("PRAGMA foreign_keys = OFF")
    try:
        for step in steps:
            dbapi_connection.execute("BEGIN IMMEDIATE")
            try:
                step()
                dbapi_connection.execute("COMMIT")
            except BaseException:
                dbapi_connection.execute("ROLLBACK")
                raise
    finally:
        dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _drop(dbapi_connection: Any, schema: str, tables: list[str]) -> None:
    for table in reversed(tables):  # children first
        dbapi_connection.execute(f'DROP TABLE {schema}."{table}"')


def move_out_of_main(dbapi_connection: Any) -> list[str]:
    """Move the accounts tables the log's own file still holds into the accounts file: copy (replacing
    them there) and commit, then drop them from the log and commit. Runs on the writer connection, under
    the writer lock, outside any transaction. Returns the tables moved."""
    tables = _tables_in(dbapi_connection, "main")
    if not tables:
        return []

    def copy() -> None:  # durable in the accounts file before the log's copy goes
        _drop(dbapi_connection, SCHEMA, [t for t in _tables_in(dbapi_connection, SCHEMA) if t in tables])
        copy_tables(dbapi_connection, "main", SCHEMA, tables)

    _each_in_a_transaction(dbapi_connection, copy, lambda: _drop(dbapi_connection, "main", tables))
    return tables


def move_into_main(dbapi_connection: Any) -> list[str]:
    """The reverse of :func:`move_out_of_main` (before an Alembic downgrade, whose batch operations
    reflect tables in ``main`` only): copy into the log and commit (from then on the log's copy is the one
    in force), then drop them from the accounts file."""
    tables = [t for t in _tables_in(dbapi_connection, SCHEMA) if t not in _tables_in(dbapi_connection, "main")]
    if tables:
        _each_in_a_transaction(dbapi_connection, lambda: copy_tables(dbapi_connection, SCHEMA, "main", tables),
                               lambda: _drop(dbapi_connection, SCHEMA, tables))
    return tables


def fold_into(conn: Any, accounts_file: Path, key: str | None, target: str, *, read_only: bool = False) -> dict[str, int]:
    """Copy the accounts tables of ``accounts_file`` into schema ``target`` of ``conn`` (a backup or a
    re-encrypted copy: one self-contained file), except those ``target`` already has (a log caught between
    the two steps of a move holds them itself: that copy is the one in force). Returns their row counts
    as copied, in one transaction of its own (``conn`` in autocommit mode)."""
    if not accounts_file.exists() or accounts_file.stat().st_size == 0:
        return {}
    name = "folded_accounts"
    # read_only: the connection must have been opened with uri=True (a URI in ATTACH is a URI only then)
    where = f"file:{quote(str(accounts_file))}?mode=ro" if read_only else str(accounts_file)
    if key is None:
        conn.execute(f"ATTACH DATABASE ? AS {name}", (where,))
    else:
        conn.execute(f"ATTACH DATABASE ? AS {name} KEY ?", (where, key))
    try:
        if not read_only:  # its WAL's pages into the file, before the file is scrubbed and removed
            conn.execute(f"PRAGMA {name}.wal_checkpoint(TRUNCATE)")
        conn.execute("BEGIN IMMEDIATE")  # one snapshot of the accounts for the copy and its counts
        try:
            present = set(_tables_in(conn, target))
            tables = [t for t in _tables_in(conn, name) if t not in present]
            copy_tables(conn, name, target, tables)
            counts = {t: conn.execute(f'SELECT count(*) FROM {name}."{t}"').fetchone()[0] for t in tables}
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return counts
    finally:
        conn.execute(f"DETACH DATABASE {name}")


def remove(path: Path, *, scrub: Any = None) -> None:
    """Remove an accounts file and its companions (after a re-encryption folded it into the log, or a
    stale one); ``scrub(fd)`` overwrites the old file's bytes once it is unlinked."""
    from rasad.store.permissions import SQLITE_COMPANIONS

    if not path.exists():
        return
    fd = os.open(path, os.O_RDWR)
    try:
        for suffix in SQLITE_COMPANIONS:
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.unlink()
        if scrub is not None:
            with contextlib.suppress(OSError):
                scrub(fd)
    finally:
        os.close(fd)
