"""Alembic, run programmatically: ``open_store`` calls :func:`upgrade` so a log is always at ``head``.

The migration scripts live inside the package (``rasad/store/migrations``), so an installed Rasad can
upgrade any log it opens; no alembic.ini is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData

if TYPE_CHECKING:
    from rasad.store.db import Store

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK_ID = 7_361_617_372  # any constant: PostgreSQL advisory lock taken while migrating


def target_metadata() -> MetaData:
    """Base.metadata: every table of the log (what the migrations must build), all in store.schema."""
    from rasad.store.schema import Base

    return Base.metadata


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(store: Store, revision: str = "head") -> None:
    """Upgrade the log's schema, on the writer connection and under the writer lock (DDL is a write)."""
    config = alembic_config()
    with store._write_lock.held(), store.engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two processes opening a new log: one migrates, one waits
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
        if revision != "head" or MigrationContext.configure(conn).get_current_revision() != head_revision():
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    move_accounts_out(store)


def move_accounts_out(store: Store) -> list[str]:
    """SQLite: the accounts tables (users, sessions, audit trail ...) the log's own file holds, created
    there by the migrations or by an older Rasad, moved into the accounts file beside it
    (``rasad.store.accounts_file``), under the writer lock, crash-safe. Returns the tables moved."""
    if getattr(store, "accounts_path", None) is None:
        return []
    from rasad.store.accounts_file import move_out_of_main

    with store._write_lock.held(), store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        return move_out_of_main(raw)


def downgrade(store: Store, revision: str) -> None:
    config = alembic_config()
    if getattr(store, "accounts_path", None) is not None:  # the old revisions know one file only
        from rasad.store.accounts_file import move_into_main

        with store._write_lock.held(), store.engine.connect() as conn:
            move_into_main(conn.connection.dbapi_connection)
    with store._write_lock.held(), store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
