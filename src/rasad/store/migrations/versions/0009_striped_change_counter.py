"""striped_change_counter (issue 20): concurrent writers on PostgreSQL no longer queue on one counter row.

The change counter of migration 0006 was one row that a statement trigger updated in the writer's
transaction, so the row stayed locked until that transaction committed: two transactions writing to the
counted tables at the same time (the partitions of ``rasad merge --engine ray``, two ingests, an analyst's
review during an ingest) ran one after the other. On PostgreSQL the counter is now ``STRIPES`` rows; the
trigger bumps the row of its backend (``pg_backend_pid() % STRIPES + 1``), so concurrent writers take
different rows (two of them share one with a probability of 1 in ``STRIPES``, and then wait as before).
The counter's value is the sum of the rows (``rasad.log.summary.change_count``): read in one statement,
it moves with every committed write and never with an uncommitted one, as before. SQLite keeps its one
row (one writer at a time anyway).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRIPES = 64


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(f"INSERT INTO log_changes (id, n) SELECT i, 0 FROM generate_series(2, {STRIPES}) AS i "
               "ON CONFLICT (id) DO NOTHING")
    op.execute("CREATE OR REPLACE FUNCTION rasad_log_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
               f"BEGIN UPDATE log_changes SET n = n + 1 WHERE id = pg_backend_pid() % {STRIPES} + 1; "
               "RETURN NULL; END $$")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("CREATE OR REPLACE FUNCTION rasad_log_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
               "BEGIN UPDATE log_changes SET n = n + 1 WHERE id = 1; RETURN NULL; END $$")
    op.execute("UPDATE log_changes SET n = (SELECT sum(n) FROM log_changes) WHERE id = 1")
    op.execute("DELETE FROM log_changes WHERE id > 1")
