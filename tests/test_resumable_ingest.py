"""Ingest survives ``kill -9`` at any moment: a real ``python -m rasad ingest`` process is killed again
and again mid-run, then rerun to completion; afterwards the database is intact and every report is
stored exactly once (with its analysis when analysis is on), nothing lost, nothing duplicated."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest_store import store_url  # noqa: F401 - fixture

from rasad.store import open_store
from rasad.store.schema import AnalysisRow, IngestItem, ReportRow

pytestmark = pytest.mark.slow

CITIES = ["Tehran", "Zahedan", "Mashhad", "Isfahan", "Sanandaj", "Rasht", "Tabriz", "Shiraz", "Ahvaz", "Karaj"]


def write_corpus(folder: Path, n: int, seed: int = 7) -> dict[str, bytes]:
    """n small distinct reports, two byte-identical copies under other names, one empty file.
    Returns the distinct contents by sha256."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    contents: dict[str, bytes] = {}
    for i in range(n):
        city = rng.choice(CITIES)
        text = (
            f"Report {i}: protesters gathered in {city} on {rng.randint(1, 28)} September 2022. "
            f"Witnesses said security forces arrested {rng.randint(2, 90)} people.\n"
        )
        data = text.encode()
        (folder / f"report-{i:04d}.txt").write_bytes(data)
        contents[hashlib.sha256(data).hexdigest()] = data
    sub = folder / "copies"
    sub.mkdir()
    (sub / "same-as-0.txt").write_bytes((folder / "report-0000.txt").read_bytes())
    (sub / "same-as-1.md").write_bytes((folder / "report-0001.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return contents


def start_ingest(url: str, folder: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, RASAD_DATABASE_URL=url)
    return subprocess.Popen(
        [sys.executable, "-m", "rasad", "ingest", str(folder), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def committed_items(url: str) -> int:
    """How many inputs the killed-and-restarted ingest has committed so far (0 before the schema exists)."""
    if url.startswith("sqlite:///"):  # read-only: this watcher never writes nor checkpoints
        url = f"sqlite:///file:{url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM ingest_items")).scalar()
    except sa.exc.DBAPIError:
        return 0
    finally:
        engine.dispose()


def kill_repeatedly(url: str, folder: Path, kills: int, extra: tuple[str, ...], rng: random.Random) -> int:
    """Start the ingest and SIGKILL it ``kills`` times: once at a random moment of start-up (imports,
    migrations), the others once it has committed a random further number of inputs. Returns how many
    kills landed while the process was still running."""
    landed = 0
    for round_ in range(kills):
        proc = start_ingest(url, folder, *extra)
        if round_ == 0:
            # within start-up: on a quiet machine a whole --no-analyse run of the corpus takes about 2 s
            time.sleep(rng.uniform(0.0, 0.8))
        else:
            target = committed_items(url) + rng.randint(1, 25)
            deadline = time.monotonic() + 120
            while proc.poll() is None and committed_items(url) < target and time.monotonic() < deadline:
                time.sleep(rng.uniform(0.0, 0.05))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            landed += 1
        proc.wait(30)
        proc.stderr.close()
    return landed


def run_to_completion(url: str, folder: Path, *extra: str) -> None:
    proc = start_ingest(url, folder, *extra)
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr.decode(errors="replace")[-2000:]


def check_log(url: str, contents: dict[str, bytes], *, with_analysis: bool) -> None:
    store = open_store(url)
    try:
        with store.read_session() as s:
            if store.backend == "sqlite":
                assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
                assert s.execute(sa.text("PRAGMA foreign_key_check")).all() == []
            ids = list(s.scalars(sa.select(ReportRow.id)))
            # every report exactly once, with its bytes unmodified
            assert sorted(ids) == sorted(contents)
            for row in s.scalars(sa.select(ReportRow)):
                assert bytes(row.original) == contents[row.id]
            if with_analysis:
                analysed = list(s.scalars(sa.select(AnalysisRow.report_id)))
                assert sorted(analysed) == sorted(contents)  # one analysis each, none twice
            # each input file was committed once as done (the two copies as duplicates), the empty file as an error
            done = s.execute(
                sa.select(IngestItem.key, sa.func.count()).where(IngestItem.status != "error").group_by(IngestItem.key)
            ).all()
            assert len(done) == len(contents) + 2
            assert all(count == 1 for _, count in done)
            assert s.scalar(sa.select(sa.func.count()).where(IngestItem.status == "duplicate")) == 2
        # the full-text index holds every report too (no half-indexed batch)
        assert len(store.search_reports("protesters", limit=1000)) == len(contents)
        assert store.stats()["reports"] == len(contents)
    finally:
        store.close()


def test_ingest_killed_repeatedly_finishes_with_nothing_lost_or_duplicated(store_url, tmp_path):  # noqa: F811
    rng = random.Random(20260927)
    folder = tmp_path / "reports"
    # large enough that five kills, each after up to 25 more commits (plus what lands between two polls,
    # ~300 inputs/s here), stay well inside one run
    contents = write_corpus(folder, 600)
    extra = ("--no-analyse", "--batch-size", "5")
    landed = kill_repeatedly(store_url, folder, kills=6, extra=extra, rng=rng)
    assert landed >= 4, "the kills should land while ingest runs"
    assert committed_items(store_url) < len(contents) + 3  # it really was interrupted
    run_to_completion(store_url, folder, *extra)
    check_log(store_url, contents, with_analysis=False)
    run_to_completion(store_url, folder, *extra)  # a further run changes nothing
    check_log(store_url, contents, with_analysis=False)


def test_ingest_with_analysis_killed_mid_run_stores_each_report_with_its_analysis(store_url, tmp_path):  # noqa: F811
    rng = random.Random(11)
    folder = tmp_path / "reports"
    contents = write_corpus(folder, 24)
    extra = ("--batch-size", "3")
    kill_repeatedly(store_url, folder, kills=3, extra=extra, rng=rng)
    run_to_completion(store_url, folder, *extra)
    check_log(store_url, contents, with_analysis=True)
