"""audit_chain (issue 21): the accounts audit trail is a hash chain of its own, and append-only.

``audit_links`` holds its links (same columns and hash as ``custody_links``, rasad.store.custody); the
existing events are linked here in id order. Triggers refuse UPDATE and DELETE on ``audit_events`` and
``audit_links``. ``audit_events.intent`` (unique) and ``audit_outbox`` (in the log's own file) carry an
audit event written with log rows across the two SQLite files exactly once (rasad.store.audit_trail).

SQLite: a log opened by the Store has its accounts file attached as ``accounts``; the audit trail may be
there (a log moved last session) or still in the log's file (a new log, or one older than the move):
this migration works in whichever holds ``audit_events`` (an unqualified CREATE INDEX or CREATE TRIGGER
names a table of ``main`` only), and the upgrade then moves what is in ``main`` (rasad.store.migrate).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("audit_events", "audit_links")


def _audit_schema(conn: sa.Connection) -> str | None:
    """The SQLite schema that holds audit_events (None: the log's own, or PostgreSQL's search path)."""
    if conn.dialect.name != "sqlite":
        return None
    schemas = {row[1] for row in conn.exec_driver_sql("PRAGMA database_list")}
    for schema in ("main", "accounts"):  # SQLite resolves a bare name in this order: the copy in force
        if schema in schemas and conn.exec_driver_sql(
                f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = 'audit_events'").first():
            return None if schema == "main" else schema
    raise RuntimeError("the log has no audit_events table")


def upgrade() -> None:
    conn = op.get_bind()
    schema = _audit_schema(conn)
    op.add_column("audit_events", sa.Column("intent", sa.String(length=32), nullable=True), schema=schema)
    op.create_index("uq_audit_events_intent", "audit_events", ["intent"], unique=True, schema=schema)
    op.create_table(
        "audit_links",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("chain", sa.String(length=40), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chain", "position", name="uq_audit_links_chain_position"),
        sa.UniqueConstraint("chain", "row_key", name="uq_audit_links_chain_row"),
        schema=schema,
    )
    op.create_table(  # in the log's own file: written with the log rows of the action it records
        "audit_outbox",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # The events already in the trail, linked with the code that links new ones (same canonical form).
    from rasad.store.custody import AUDIT, link_unchained

    link_unchained(conn, chains=(AUDIT.name,))
    if conn.dialect.name == "sqlite":
        prefix = f"{schema}." if schema else ""
        for table in APPEND_ONLY:
            for event in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {prefix}{table}_no_{event.lower()} BEFORE {event} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
    else:  # rasad_refuse_change() comes from 0001
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION rasad_refuse_change()")


def downgrade() -> None:
    # SQLite: the accounts tables are back in the log's own file before a downgrade (rasad.store.migrate).
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in APPEND_ONLY:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.drop_table("audit_outbox")
    op.drop_table("audit_links")
    op.drop_index("uq_audit_events_intent", table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("intent")
