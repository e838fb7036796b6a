"""trust (issue 21's review): the forced password change is a column of users, kept across restarts;
usernames are unique whatever their case; report rows cannot be deleted (a trigger, like the other
evidentiary tables).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _flag_one_time_passwords(conn: sa.Connection) -> None:
    """Until now the flag was derived from the audit trail: a user whose last password event is
    "password.one_time" has not chosen a password yet. Carry that over into the column."""
    last: dict[str, str] = {}
    rows = conn.execute(sa.text(
        "SELECT action, detail FROM audit_events WHERE action IN ('password.one_time', 'password.changed') "
        "ORDER BY id"
    ))
    for action, detail in rows:
        detail = json.loads(detail) if isinstance(detail, str) else (detail or {})
        if isinstance(detail, dict) and isinstance(detail.get("username"), str):
            last[detail["username"]] = action
    for username, action in last.items():
        if action == "password.one_time":
            conn.execute(sa.text("UPDATE users SET must_change_password = :yes WHERE username = :name"),
                         {"yes": True, "name": username})


def _refuse_case_clashes(conn: sa.Connection) -> None:
    clashes = conn.execute(sa.text(
        "SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1"
    )).scalars().all()
    if clashes:
        raise RuntimeError(
            "these usernames exist more than once with different case; rename or disable one of each "
            f"(rasad users) before upgrading: {', '.join(sorted(clashes))}"
        )


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    _flag_one_time_passwords(conn)
    _refuse_case_clashes(conn)
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)
    if conn.dialect.name == "sqlite":
        op.execute("CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports "
                   "BEGIN SELECT RAISE(ABORT, 'reports are evidence: never deleted'); END")
    else:  # rasad_refuse_change() comes from 0001
        op.execute("CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports "
                   "FOR EACH ROW EXECUTE FUNCTION rasad_refuse_change()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS reports_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS reports_no_delete ON reports")
    op.drop_index("uq_users_username_lower", table_name="users")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
