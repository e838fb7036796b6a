"""Alembic environment for Rasad's schema. Used programmatically (rasad.store.migrate): the caller passes
an open connection in ``config.attributes["connection"]``; SQLite runs migrations in batch mode."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from rasad.store.migrate import target_metadata as _target_metadata

config = context.config
target_metadata = _target_metadata()

# Full-text search objects are created by hand in the migrations (FTS5 / GIN expression indexes);
# autogenerate must not try to drop them.
HAND_MADE = {"reports_fts", "ix_reports_fts", "search_vector", "incidents_fts", "ix_incidents_search",
             # PostgreSQL only (migration 0010): the listings' order
             "ix_incidents_listing_order", "ix_incidents_province_listing", "ix_incidents_type_lower",
             "ix_reports_listing_order",
             # SQLite only (migration 0012): the listings' filters on lower(...)
             "ix_incidents_lower_type_date", "ix_incidents_lower_subtype_date", "ix_incidents_lower_province_date",
             "ix_incidents_lower_type_province_date"}


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001 - alembic's hook signature
    if name in HAND_MADE or (name or "").startswith(("reports_fts", "incidents_fts")):
        return False
    return True


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("Rasad's migrations run online only (open_store runs them)")
run_migrations_online()
