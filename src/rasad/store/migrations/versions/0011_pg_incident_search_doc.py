"""pg_incident_search_doc (issue 21, finding 11): PostgreSQL keeps each incident's search text in a column.

Migration 0008 indexed ``rasad_incident_search_doc(...)`` (trigram GIN) as an expression. The index finds
the candidate rows, but every candidate is rechecked, and a common word ("Tehran", "Zahedan": one
incident in ten) is answered by walking the incidents newest first with the expression as a filter. The
expression calls ``rasad_victim_names``, a plpgsql function whose exception block starts a
subtransaction on every call: ~10 µs a row, so 15,000 rows walked for the 1,000 newest matches took
0.4–0.7 s, the slowest page under load. The text is now a stored generated column, ``search_doc``
(computed when a row is written, as the index entry already was), and the trigram index is on the
column: a recheck or a filter reads it instead of computing it. The query keeps its meaning: the same
expression, ``ILIKE`` the same pattern. SQLite: nothing (its FTS5 table holds the text already).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# written out, not imported (a migration builds the same thing whenever it runs): migration 0008's function
# and its arguments, in its order
DOC = "rasad_incident_search_doc(place_name, province, event_type, sub_type, title, victims)"


def _trigram_opclass() -> str | None:
    """pg_trgm's GIN operator class, named with the schema the extension lives in (None: not installed,
    and search runs as a scan, as migration 0008 allows)."""
    schema = op.get_bind().exec_driver_sql(
        "SELECT n.nspname FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace "
        "JOIN pg_am a ON a.oid = c.opcmethod WHERE c.opcname = 'gin_trgm_ops' AND a.amname = 'gin'").scalar()
    return f'"{schema}".gin_trgm_ops' if schema else None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE incidents ADD COLUMN IF NOT EXISTS search_doc text GENERATED ALWAYS AS ({DOC}) STORED")
    opclass = _trigram_opclass()
    op.execute("DROP INDEX IF EXISTS ix_incidents_search")
    if opclass:
        op.execute(f"CREATE INDEX ix_incidents_search ON incidents USING GIN (search_doc {opclass})")
    op.execute("ANALYZE incidents")  # statistics on the new column: the planner's estimates


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_incidents_search")
    op.execute("ALTER TABLE incidents DROP COLUMN IF EXISTS search_doc")
    opclass = _trigram_opclass()
    if opclass:
        op.execute(f"CREATE INDEX ix_incidents_search ON incidents USING GIN ({DOC} {opclass})")
