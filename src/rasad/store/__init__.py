"""Storage: the SQLAlchemy schema, Alembic migrations, and the :class:`Store` API.

    from rasad.store import open_store
    store = open_store()            # RASAD_DATABASE_URL, else sqlite:///rasad.db; migrated to head
    store.add_report(report)        # False when the same bytes are already stored
    with store.session() as s:      # one write transaction (ORM classes in rasad.store.schema)
        ...
"""

from rasad.store.db import (
    QueryBudgetExceeded,
    SearchHit,
    Store,
    StoreError,
    date_bounds,
    incident_report_row,
    open_store,
    report_from_row,
)

__all__ = [
    "QueryBudgetExceeded",
    "SearchHit",
    "Store",
    "StoreError",
    "date_bounds",
    "incident_report_row",
    "open_store",
    "report_from_row",
]
