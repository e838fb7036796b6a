"""Shared fixtures. The spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import os
import uuid
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


# Marks the processes of the tests' Ray (their environment), so a test kills its own workers only.
RAY_MARK = f"{os.getpid()}-{uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def _ray_session():
    yield
    import ray

    if ray.is_initialized():
        ray.shutdown()


@pytest.fixture
def local_ray(_ray_session):
    """A real local Ray of two CPUs, started by the first test that needs one and kept for the others
    (each start took seconds of CI), stopped at the end of the session. A test that stops it (the
    two-node cluster test) leaves the next one to start it again."""
    ray = pytest.importorskip("ray")
    from rasad.log.distributed import local_runtime_env

    if not ray.is_initialized():
        env = local_runtime_env()
        env["env_vars"]["RASAD_TEST_RAY"] = RAY_MARK
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, object_store_memory=256 * 1024**2,
                 runtime_env=env)
    yield


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
