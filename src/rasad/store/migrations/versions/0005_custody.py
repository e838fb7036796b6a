"""custody: the hash chains of every report intake, review event and source event (rasad.store.custody).
An existing log's rows are linked here, each chain in its rows' order (reports by seq, events by id).
custody_links is append-only (triggers refuse UPDATE and DELETE).

Also an index on incidents (event_type, province, date_start): the listing by type, province and date
range read thousands of rows without it, which an encrypted log (issue 21, same part) pays for in
decrypted pages.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "custody_links",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("chain", sa.String(length=40), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chain", "position", name="uq_custody_links_chain_position"),
        sa.UniqueConstraint("chain", "row_key", name="uq_custody_links_chain_row"),
    )
    op.create_index("ix_incidents_type_province_date", "incidents", ["event_type", "province", "date_start"])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and conn.execute(sa.text(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
        # a log ANALYZEd before: give the planner this index's figures too, or it may keep to an older one
        op.execute("ANALYZE ix_incidents_type_province_date")
    # The rows already in the log, linked with the code that links new rows (same canonical form).
    from rasad.store.custody import EVIDENCE, link_unchained

    link_unchained(conn, chains=EVIDENCE)  # the audit trail's chain comes with its table (0013)
    if conn.dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER custody_links_no_{event.lower()} BEFORE {event} ON custody_links "
                       "BEGIN SELECT RAISE(ABORT, 'custody_links is append-only'); END")
    else:  # rasad_refuse_change() comes from 0001
        op.execute("CREATE TRIGGER custody_links_append_only BEFORE UPDATE OR DELETE ON custody_links "
                   "FOR EACH ROW EXECUTE FUNCTION rasad_refuse_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS custody_links_no_update")
        op.execute("DROP TRIGGER IF EXISTS custody_links_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS custody_links_append_only ON custody_links")
    op.drop_table("custody_links")
    op.drop_index("ix_incidents_type_province_date", table_name="incidents")
