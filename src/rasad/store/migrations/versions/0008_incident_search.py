"""incident_search (issue 21, finding 11): the search of incidents through an index instead of a scan.

The text filter of incidents (``IncidentFilter.text``: the search page, ``rasad incidents --text``) is a
case-insensitive substring match over the title, place, province, type, sub-type and victims' names, with
Persian letter forms folded. As ``LIKE '%...%'`` over six columns it read every incident: tens of seconds
on a million, holding a pooled connection all the while. Both databases now index substrings:

- SQLite: an FTS5 table with the trigram tokenizer (``incidents_fts``, rowid = incident id, one column
  ``doc``), kept by triggers on ``incidents``. A quoted FTS5 phrase of three or more characters is a
  substring match answered by the index, wildcards taken literally; shorter queries scan ``doc``.
- PostgreSQL: a GIN trigram index (``pg_trgm``, a trusted extension) on ``rasad_incident_search_doc(...)``,
  an immutable SQL function of the same columns; ``ILIKE`` on that expression uses the index. Where the
  extension cannot be created the function still serves the query, as a scan.

``doc`` is the columns joined by U+001F (so a match does not run from one column into the next), victims'
names read out of their JSON (decoded: SQLite stores it with \\u escapes, which the old LIKE searched), then
folded as ``rasad.log.queries`` folds the query's Persian letter forms (Arabic yeh and kaf, alef and hamza
forms, teh marbuta, ZWNJ, tatweel, diacritics). The expressions are written out here, not imported: a
migration must build the same thing whenever it runs.

Revision ID: 0008
Revises: 0007 (the lead re-chains migrations at merge)
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (from, to) of the letters fa-core's fold() unifies (rasad.languages.fa.normalise), as SQL replace() pairs.
FOLD = [("\u064a", "\u06cc"), ("\u0649", "\u06cc"), ("\u0626", "\u06cc"), ("\u0643", "\u06a9"),
        ("\u0622", "\u0627"), ("\u0623", "\u0627"), ("\u0625", "\u0627"), ("\u0671", "\u0627"),
        ("\u0624", "\u0648"), ("\u0629", "\u0647"), ("\u06c0", "\u0647"), ("\u0621", ""),
        ("\u200c", ""), ("\u0640", ""), *((chr(c), "") for c in range(0x064B, 0x0653))]
# The short columns first: SQLite's string functions end a text at a NUL (a title or a victim's name with
# JSON's \u0000), so only what follows it in the text is lost to the index.
COLUMNS = ("place_name", "province", "event_type", "sub_type", "title")


def _sqlite_text(row: str) -> str:
    """The incident ``row``'s columns and victims' names joined ("new" or "old" in a trigger)."""
    names = (f"CASE WHEN json_valid({row}.victims) THEN (SELECT group_concat(CASE type WHEN 'object' THEN "
             f"json_extract(value, '$.name') WHEN 'text' THEN value END, char(31)) "
             f"FROM json_each({row}.victims)) END")
    return " || char(31) || ".join([*(f"coalesce({row}.{c}, '')" for c in COLUMNS), f"coalesce({names}, '')"])


def _replace_chain(expr: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        expr = f"replace({expr}, char({ord(old)}), '{new}')"
    return expr


def _sqlite_folded(select_text: str, *, keep: str = "") -> str:
    """SELECT [keep,] folded text FROM (``select_text`` AS t). The fold's 22 nested replace() calls are
    split over derived tables: in one expression they overflow SQLite's parser stack."""
    half = len(FOLD) // 2
    head = f"{keep}, " if keep else ""
    inner = f"SELECT {head}{_replace_chain('t', FOLD[:half])} AS t FROM ({select_text})"
    return f"SELECT {head}{_replace_chain('t', FOLD[half:])} AS t FROM ({inner})"


def _sqlite_doc(row: str) -> str:
    """The indexed text of a trigger's ``row``, as a scalar subquery."""
    return f"({_sqlite_folded(f'SELECT {_sqlite_text(row)} AS t')})"


def _sqlite_changed() -> str:
    return " OR ".join(f"old.{c} IS NOT new.{c}" for c in (*COLUMNS, "victims"))


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS incidents_fts_ai",
    "DROP TRIGGER IF EXISTS incidents_fts_au",
    "DROP TRIGGER IF EXISTS incidents_fts_ad",
    "DROP TABLE IF EXISTS incidents_fts",
]


def _sqlite_create() -> list[str]:
    every_incident = f"SELECT incidents.id AS id, {_sqlite_text('incidents')} AS t FROM incidents"
    return [
        "CREATE VIRTUAL TABLE incidents_fts USING fts5(doc, tokenize='trigram')",
        f"INSERT INTO incidents_fts(rowid, doc) "
        f"{_sqlite_folded(every_incident, keep='id')}",
        f"CREATE TRIGGER incidents_fts_ai AFTER INSERT ON incidents BEGIN "
        f"INSERT INTO incidents_fts(rowid, doc) VALUES (new.id, {_sqlite_doc('new')}); END",
        f"CREATE TRIGGER incidents_fts_au AFTER UPDATE OF {', '.join((*COLUMNS, 'victims'))} ON incidents "
        f"WHEN {_sqlite_changed()} BEGIN "
        f"DELETE FROM incidents_fts WHERE rowid = old.id; "
        f"INSERT INTO incidents_fts(rowid, doc) VALUES (new.id, {_sqlite_doc('new')}); END",
        "CREATE TRIGGER incidents_fts_ad AFTER DELETE ON incidents BEGIN "
        "DELETE FROM incidents_fts WHERE rowid = old.id; END",
    ]


def _pg_fold_translate() -> tuple[str, str]:
    # translate(): a character of "from" beyond the length of "to" is removed.
    pairs = sorted(FOLD, key=lambda p: p[1] == "")
    return "".join(o for o, _ in pairs), "".join(n for _, n in pairs)


def _pg_function() -> str:
    source, target = _pg_fold_translate()
    joined = " || chr(31) || ".join([*(f"coalesce({c}, '')" for c in COLUMNS), "coalesce(rasad_victim_names(victims), '')"])
    parameters = ", ".join(f"{c} text" for c in COLUMNS)
    return (f"CREATE FUNCTION rasad_incident_search_doc({parameters}, victims json) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
            f"SELECT translate({joined}, '{source}', '{target}') $$")


# plpgsql for its exception block: a name the database's text type cannot hold (JSON's \u0000) must not make
# the incident unwritable; its JSON as written is indexed instead.
PG_VICTIM_NAMES = (
    "CREATE FUNCTION rasad_victim_names(victims json) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$ "
    "BEGIN RETURN (SELECT string_agg(CASE json_typeof(e) WHEN 'object' THEN e ->> 'name' "
    "WHEN 'string' THEN e #>> '{}' END, chr(31)) FROM json_array_elements(CASE json_typeof(victims) "
    "WHEN 'array' THEN victims ELSE '[]'::json END) AS e); "
    "EXCEPTION WHEN others THEN RETURN victims::text; END $$"
)
PG_INDEX = ("CREATE INDEX ix_incidents_search ON incidents USING GIN "
            f"(rasad_incident_search_doc({', '.join(COLUMNS)}, victims) {{opclass}})")


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for statement in SQLITE_DROP + _sqlite_create():
            op.execute(statement)
        return
    op.execute(PG_VICTIM_NAMES)
    op.execute(_pg_function())
    available = conn.exec_driver_sql(
        "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'").scalar()
    if available:
        # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where that is
        # refused, the savepoint keeps the migration going and search runs without the index.
        try:
            with conn.begin_nested():
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DBAPIError:  # no privilege: search still works, as a scan
            return
        # An extension belongs to the database, in the schema it was first created in (perhaps another
        # log's, one schema per log): name its operator class with that schema.
        schema = conn.exec_driver_sql(
            "SELECT n.nspname FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace "
            "JOIN pg_am a ON a.oid = c.opcmethod WHERE c.opcname = 'gin_trgm_ops' AND a.amname = 'gin'").scalar()
        op.execute(PG_INDEX.format(opclass=f'"{schema}".gin_trgm_ops'))
        op.execute("ANALYZE incidents")  # statistics on the indexed expression: the planner's estimates


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DROP:
            op.execute(statement)
        return
    op.execute("DROP INDEX IF EXISTS ix_incidents_search")
    op.execute("DROP FUNCTION IF EXISTS rasad_incident_search_doc(text, text, text, text, text, json)")
    op.execute("DROP FUNCTION IF EXISTS rasad_victim_names(json)")
