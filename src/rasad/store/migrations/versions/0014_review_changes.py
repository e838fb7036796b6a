"""review_changes (issue 21): an analyst's review no longer throws away every reader's cached overview.

The change counter of 0006/0009 moved with every write to the tables the overview reads, reviews included,
so one review made every server recompute the overview's counts, timeline and map (seconds on a large
log). A review changes a handful of incidents, and the review code knows which: it now writes, in its
own transaction, what those incidents contributed to the overview before and after
(``overview_deltas``), numbered by a counter of its own (``review_changes``, one row whose lock also puts
reviews one after another), and the triggers of the log's counter skip the writes of that transaction
(they see its row in ``review_writing``, a table that is empty outside a review's open transaction:
uncommitted rows are invisible to every other writer). A reader's cache that is current on the log's
counter applies the deltas since its own review number instead of recomputing (rasad.log.summary).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0006: the tables whose writes change the overview or the log's statistics.
COUNTED_TABLES = ("incidents", "incident_reports", "reports", "analyses", "review_events", "sources")
STRIPES = 64  # 0009


def _sqlite_triggers(when: str) -> None:
    for table in COUNTED_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"log_changes_{table}_{event.lower()}"
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} {when}"
                       "BEGIN UPDATE log_changes SET n = n + 1 WHERE id = 1; END")


def upgrade() -> None:
    op.create_table("review_changes", sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("n", sa.BigInteger(), nullable=False), sa.PrimaryKeyConstraint("id"))
    op.execute("INSERT INTO review_changes (id, n) VALUES (1, 0)")
    op.create_table("review_writing", sa.Column("id", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))
    op.create_table("overview_deltas", sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
                    sa.Column("events", sa.Integer(), nullable=False),
                    sa.Column("before", sa.JSON(), nullable=False), sa.Column("after", sa.JSON(), nullable=False),
                    sa.PrimaryKeyConstraint("seq"))
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers("WHEN NOT EXISTS (SELECT 1 FROM review_writing) ")
    else:
        op.execute("CREATE OR REPLACE FUNCTION rasad_log_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN IF NOT EXISTS (SELECT 1 FROM review_writing) THEN "
                   f"UPDATE log_changes SET n = n + 1 WHERE id = pg_backend_pid() % {STRIPES} + 1; END IF; "
                   "RETURN NULL; END $$")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers("")
    else:
        op.execute("CREATE OR REPLACE FUNCTION rasad_log_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN UPDATE log_changes SET n = n + 1 WHERE id = pg_backend_pid() % {STRIPES} + 1; "
                   "RETURN NULL; END $$")
    # the reviews counted apart since the upgrade go back into the log's counter: it must not move back
    op.execute("UPDATE log_changes SET n = n + (SELECT n FROM review_changes WHERE id = 1) WHERE id = 1")
    op.drop_table("overview_deltas")
    op.drop_table("review_writing")
    op.drop_table("review_changes")
