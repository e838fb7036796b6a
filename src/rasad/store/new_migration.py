"""Write a new Alembic revision for the changes in ``schema.py`` (a developer tool):

    python -m rasad.store.new_migration "add a column"

It autogenerates against a scratch SQLite log upgraded to the current head. Review the result and add
by hand what autogenerate cannot see (triggers, FTS objects, PostgreSQL-only statements).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from rasad.store.db import Store
from rasad.store.migrate import alembic_config, upgrade


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{Path(tmp) / 'scratch.db'}") as store:
        upgrade(store)
        config = alembic_config()
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "schema change")
