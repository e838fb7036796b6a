"""Many rows into one table in one statement, for the loaders of large batches (``rasad load``,
``rasad ingest --engine ray``): PostgreSQL's COPY (psycopg's ``cursor.copy``, the fastest way in), and
one ``executemany`` INSERT on SQLite (one prepared statement for the whole batch).

Both bypass the ORM, and so its ``after_insert`` events: a caller inserting chained rows (reports)
chains them afterwards with :func:`rasad.store.custody.link_rows`, in the same transaction. The values
are the ones the ORM would insert for the same mapped object (:func:`column_values`: its Python-side
defaults filled in), so a bulk-loaded log equals one written a row at a time (tests compare them).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def column_values(obj: Any) -> dict[str, Any]:
    """A mapped object's column values as the ORM inserts them: a column left None gets its Python-side
    default (a JSON column keeps None: the ORM stores it as JSON ``null``); a primary key or identity
    column left None is left out, for the database to fill."""
    table: Table = obj.__table__
    out: dict[str, Any] = {}
    for column in table.columns:
        value = getattr(obj, column.key)
        if value is None and not isinstance(column.type, JSON):
            if column.default is not None:
                arg = column.default.arg
                value = arg(None) if callable(arg) else arg  # SQLAlchemy wraps a default callable to take a context
            elif column.primary_key or column.identity is not None:
                continue
        out[column.key] = value
    return out


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts of column values, as :func:`column_values` gives them) into ``table`` in the
    session's transaction: COPY on PostgreSQL, one executemany INSERT on SQLite. A unique key already
    taken (a concurrent writer stored the row first) raises SQLAlchemy's ``IntegrityError`` on both."""
    if not rows:
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    if session.get_bind().dialect.name != "postgresql":
        session.execute(table.insert(), [{c: row.get(c) for c in columns} for row in rows])
        return
    import psycopg
    from psycopg import sql

    connection = session.connection()
    dumps = connection.dialect._json_serializer or json.dumps  # type: ignore[attr-defined] # as the ORM's JSON type
    as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table.name),
                                                          sql.SQL(", ").join(map(sql.Identifier, columns)))
    raw = connection.connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([dumps(row.get(c)) if c in as_json else row.get(c) for c in columns])
    except psycopg.errors.IntegrityError as exc:
        raise IntegrityError(statement.as_string(raw), None, exc) from exc


__all__ = ["column_values", "insert_rows"]
