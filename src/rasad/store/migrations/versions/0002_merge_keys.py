"""merge_keys: the incident merger's blocking index (rasad.store.schema.MergeKey).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "merge_keys",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("incident_report_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["incident_report_id"], ["incident_reports.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_merge_keys_key", "merge_keys", ["key", "incident_report_id"], unique=False)
    op.create_index("ix_merge_keys_incident_report_id", "merge_keys", ["incident_report_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_merge_keys_incident_report_id", table_name="merge_keys")
    op.drop_index("ix_merge_keys_key", table_name="merge_keys")
    op.drop_table("merge_keys")
