"""fa_search (issue 18): search finds Persian words whatever their yeh/kaf/alef/ZWNJ/diacritic form.

``reports.search_text`` holds the report's text folded for search (rasad.store.search_fold) when folding
changes it (Persian and other Arabic-script text), NULL otherwise; the stored text is never altered.
SQLite: the FTS5 index now reads a view (``reports_search``: title and coalesce(search_text, text)), so
snippets show the folded text of a Persian report. PostgreSQL: the stored tsvector is rebuilt from the
same coalesce. Existing reports are folded here (Python, in batches), and the index rebuilt.

Revision ID: 0007
Revises: 0004 (the lead re-chains migrations at merge)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500

PG_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, left(coalesce(search_text, text, ''), 200000)), 'D')"
)
PG_DOCUMENT_BEFORE = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, left(coalesce(text, ''), 200000)), 'D')"
)

SQLITE_DROP_FTS = [
    "DROP TRIGGER IF EXISTS reports_fts_au",
    "DROP TRIGGER IF EXISTS reports_fts_ad",
    "DROP TRIGGER IF EXISTS reports_fts_ai",
    "DROP TABLE IF EXISTS reports_fts",
]
SQLITE_FTS = [
    "CREATE VIEW reports_search AS SELECT seq, title, coalesce(search_text, text) AS text FROM reports",
    "CREATE VIRTUAL TABLE reports_fts USING fts5(title, text, content='reports_search', content_rowid='seq', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER reports_fts_ai AFTER INSERT ON reports BEGIN "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.seq, new.title, coalesce(new.search_text, new.text)); END",
    "CREATE TRIGGER reports_fts_ad AFTER DELETE ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) "
    "VALUES ('delete', old.seq, old.title, coalesce(old.search_text, old.text)); END",
    "CREATE TRIGGER reports_fts_au AFTER UPDATE OF title, text, search_text ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) "
    "VALUES ('delete', old.seq, old.title, coalesce(old.search_text, old.text)); "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.seq, new.title, coalesce(new.search_text, new.text)); END",
]
SQLITE_FTS_BEFORE = [
    "DROP VIEW IF EXISTS reports_search",
    "CREATE VIRTUAL TABLE reports_fts USING fts5(title, text, content='reports', content_rowid='seq', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER reports_fts_ai AFTER INSERT ON reports BEGIN "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
    "CREATE TRIGGER reports_fts_ad AFTER DELETE ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); END",
    "CREATE TRIGGER reports_fts_au AFTER UPDATE OF title, text ON reports BEGIN "
    "INSERT INTO reports_fts(reports_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); "
    "INSERT INTO reports_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
]


def _fold_existing(conn: sa.Connection) -> None:
    """Fill search_text for the reports already stored (only those with Arabic-script letters change)."""
    from rasad.store.search_fold import search_text_for

    last = -1
    while True:
        rows = conn.execute(sa.text("SELECT seq, text FROM reports WHERE seq > :last ORDER BY seq LIMIT :n"),
                            {"last": last, "n": BATCH}).all()
        if not rows:
            return
        updates = [{"seq": seq, "st": st} for seq, text in rows if (st := search_text_for(text)) is not None]
        if updates:
            conn.execute(sa.text("UPDATE reports SET search_text = :st WHERE seq = :seq"), updates)
        last = rows[-1][0]


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("reports", sa.Column("search_text", sa.Text(), nullable=True))
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DROP_FTS:
            op.execute(statement)
        _fold_existing(conn)
        for statement in SQLITE_FTS:
            op.execute(statement)
        op.execute("INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')")
    else:
        _fold_existing(conn)
        op.execute("DROP INDEX IF EXISTS ix_reports_fts")
        op.execute("ALTER TABLE reports DROP COLUMN IF EXISTS search_vector")
        op.execute(f"ALTER TABLE reports ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_reports_fts ON reports USING GIN (search_vector)")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DROP_FTS:
            op.execute(statement)
        for statement in SQLITE_FTS_BEFORE:
            op.execute(statement)
        op.execute("INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')")
        with op.batch_alter_table("reports") as batch:
            batch.drop_column("search_text")
    else:
        op.execute("DROP INDEX IF EXISTS ix_reports_fts")
        op.execute("ALTER TABLE reports DROP COLUMN IF EXISTS search_vector")
        op.drop_column("reports", "search_text")
        op.execute(f"ALTER TABLE reports ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_DOCUMENT_BEFORE}) STORED")
        op.execute("CREATE INDEX ix_reports_fts ON reports USING GIN (search_vector)")
