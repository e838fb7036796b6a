"""accounts (issue 21): two-factor sign-in (a TOTP secret per user, recovery codes kept as hashes,
a session state for "password right, code still to give") and the admins' settings (require two-factor);
and, for the web app under load, the log's change counter: one row that triggers bump with every write
to the tables the overview reads, so its figures can be cached and never be stale.

Revision ID: 0006
Revises: 0004 (the lead re-chains it after 0005_custody at merge)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _keep_username_index() -> None:
    # SQLite's batch mode copies "users" into a new table and does not carry an expression index over:
    # put back 0004's unique lower(username) index if the copy lost it.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE UNIQUE INDEX IF NOT EXISTS uq_users_username_lower ON users (lower(username))")


def upgrade() -> None:
    # Plain ADD COLUMN (SQLite has it for a nullable column or one with a constant default): no table copy.
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    op.add_column("users", sa.Column("totp_enabled", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.add_column("web_sessions", sa.Column("second_factor_pending", sa.Boolean(), server_default=sa.false(),
                                            nullable=False))
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "recovery_codes",
        sa.Column("id", big_id, autoincrement=True, nullable=False),
        sa.Column("user_id", big_id, nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"], unique=False)
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    _create_change_counter()


# The tables whose writes change the overview or the log's statistics (Store.stats).
COUNTED_TABLES = ("incidents", "incident_reports", "reports", "analyses", "review_events", "sources")


def _create_change_counter() -> None:
    op.create_table(
        "log_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO log_changes (id, n) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite has row triggers only: one tiny UPDATE per row written, in the writer's transaction.
        for table in COUNTED_TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER log_changes_{table}_{event.lower()} AFTER {event} ON {table} "
                           "BEGIN UPDATE log_changes SET n = n + 1 WHERE id = 1; END")
    else:
        # PostgreSQL: once per statement (a bulk update of a million rows bumps it once).
        op.execute("CREATE FUNCTION rasad_log_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN UPDATE log_changes SET n = n + 1 WHERE id = 1; RETURN NULL; END $$")
        for table in COUNTED_TABLES:
            op.execute(f"CREATE TRIGGER log_changes_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION rasad_log_changed()")


def _drop_change_counter() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in COUNTED_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS log_changes_{table}_{event}")
    else:
        for table in COUNTED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS log_changes_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS rasad_log_changed()")
    op.drop_table("log_changes")


def downgrade() -> None:
    _drop_change_counter()
    op.drop_table("settings")
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_column("second_factor_pending")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled")
        batch_op.drop_column("totp_secret")
    _keep_username_index()
