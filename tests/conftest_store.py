"""The ``store`` fixture: every storage test runs against SQLite, against SQLite encrypted with SQLCipher
(``sqlcipher``: the same log under a key, given in the URL as SQLAlchemy's ``sqlite+pysqlcipher://``
form, so commands started with RASAD_DATABASE_URL open it too), and against a real PostgreSQL server
when ``RASAD_TEST_DATABASE_URL`` is set (each test in its own schema, dropped afterwards); without it
the PostgreSQL half is skipped with a visible reason."""

from __future__ import annotations

import contextlib
import os
import uuid

import pytest

BACKENDS = ["sqlite", pytest.param("sqlcipher", marks=pytest.mark.sqlcipher),
            pytest.param("postgresql", marks=pytest.mark.postgres)]
TEST_KEY = "correct horse: battery staple's key"  # quotes and spaces: the key is quoted, never pasted raw


def postgres_base_url() -> str:
    url = os.environ.get("RASAD_TEST_DATABASE_URL")
    if not url:
        pytest.skip("RASAD_TEST_DATABASE_URL is unset: PostgreSQL variant skipped")
    return url


@contextlib.contextmanager
def postgres_schema_url():
    """A URL for a fresh schema on the PostgreSQL server of RASAD_TEST_DATABASE_URL, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = postgres_base_url()
    schema = f"rasad_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextlib.contextmanager
def backend_url(backend: str, folder):
    """A database URL for an empty log: a SQLite file in ``folder``, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'log.db'}"
        return
    if backend == "sqlcipher":
        from urllib.parse import quote

        yield f"sqlite+pysqlcipher://:{quote(TEST_KEY, safe='')}@/{folder / 'log.db'}"
        return
    with postgres_schema_url() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """A database URL for an empty log: a SQLite file, or a fresh PostgreSQL schema."""
    with backend_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(store_url):
    """An open, migrated, empty log (closed after the test)."""
    from rasad.store import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()
