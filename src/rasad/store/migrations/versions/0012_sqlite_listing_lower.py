"""sqlite_listing_lower (issue 21): SQLite reads a filtered listing's page through an index.

The incident listing compares ``lower(event_type)`` (or ``lower(sub_type)``) and ``lower(province)``
(filters match any case), and orders by ``date_start DESC, id DESC``. SQLite's indexes on the bare
columns cannot serve a comparison of ``lower(...)``: it walked ``ix_incidents_date`` newest first and
tested every incident until a page was full, thousands of rows for a rare type or a type in a province
(0.7 s at p95 on a million incidents; on an encrypted log every row's page is decrypted). These indexes
are on the expressions, then the date: a page is 50 index entries in order. The listing compares one type
column when only one holds the value (``IncidentFilter.in_session``). PostgreSQL: nothing (migration 0010
indexed its own). The bare-column indexes stay (other queries and ``bench/scale.py`` use them).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_incidents_lower_type_date": "incidents (lower(event_type), date_start)",
    "ix_incidents_lower_subtype_date": "incidents (lower(sub_type), date_start)",
    "ix_incidents_lower_province_date": "incidents (lower(province), date_start)",
    "ix_incidents_lower_type_province_date": "incidents (lower(event_type), lower(province), date_start)",
}


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    analysed = conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
        if analysed:  # a log ANALYZEd before: the planner needs these indexes' figures too
            op.execute(f"ANALYZE {name}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
