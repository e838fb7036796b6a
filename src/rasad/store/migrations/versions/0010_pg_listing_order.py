"""pg_listing_order (issue 21, finding 11): PostgreSQL reads the listings' pages through indexes.

The incident listing orders by ``date_start DESC NULLS LAST, id DESC`` and the report listing by
``published_at DESC NULLS LAST, ingested_at DESC``. SQLite's ascending indexes serve both backwards (its
NULLs sort first, so they come last going down). PostgreSQL's do not (a backward scan of an ascending
index puts NULLs first): it sorted the whole table for every page, seconds on a million rows. These
indexes are in the listings' order. The province filter compares ``lower(province)``: an index on it,
then the order, reads a province's page in order; one on ``lower(event_type)`` gives the planner the
types' real frequencies (without it, it guessed 0.5% and sorted every Protests row). SQLite: nothing.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_incidents_listing_order": "incidents (date_start DESC NULLS LAST, id DESC)",
    "ix_incidents_province_listing": "incidents (lower(province), date_start DESC NULLS LAST, id DESC)",
    "ix_incidents_type_lower": "incidents (lower(event_type))",
    "ix_reports_listing_order": "reports (published_at DESC NULLS LAST, ingested_at DESC)",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, definition in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    op.execute("ANALYZE incidents")  # statistics on the indexed expressions
    op.execute("ANALYZE reports")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
