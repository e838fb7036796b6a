"""Shared fixtures. The spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_PATH = ROOT / "samples" / "reports" / "khamenei-nowruz.txt"


@pytest.fixture(scope="session")
def nlp():
    from rasad.analysis.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_analysis(nlp):
    from rasad.analysis.pipeline import analyze
    from rasad.ingest import read_path

    return analyze(read_path(SEED_PATH), nlp=nlp)


def pytest_report_header(config):
    if not os.environ.get("RASAD_TEST_DATABASE_URL"):
        return "NOTICE: RASAD_TEST_DATABASE_URL is unset: PostgreSQL tests will be SKIPPED"
    return f"PostgreSQL tests against {os.environ['RASAD_TEST_DATABASE_URL']}"


def requires_shared(*parts: str) -> Path:
    """A path under ../shared; tests that need research corpora skip visibly without it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (research corpora stay out of the repo)")
    return path


# Storage fixtures for every part: `store_url` / `store` run a test on SQLite and, when
# RASAD_TEST_DATABASE_URL is set, on PostgreSQL too (defined in tests/conftest_store.py).
from conftest_store import store, store_url  # noqa: E402,F401
