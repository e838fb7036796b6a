"""The ingest journal: ``ingest_runs`` (one row per run, with its parameters and final counts) and
``ingest_items`` (one row per input a run committed, written in the same transaction as its report).

Storage only: what to read, analyse and merge is decided by :mod:`rasad.log.intake`, which writes
the journal through these functions and asks it which inputs an earlier run already committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from rasad.store.db import Store
from rasad.store.schema import IngestItem, IngestRun


def start_run(store: Store, params: dict[str, Any]) -> int:
    """A new run, status "running" until :func:`finish_run` (a killed run stays "running")."""
    with store.session() as s:
        run = IngestRun(params=params)
        s.add(run)
        s.flush()
        return run.id


def finish_run(store: Store, run_id: int, counts: dict[str, Any]) -> None:
    with store.session() as s:
        run = s.get(IngestRun, run_id)
        run.status = "finished"
        run.finished_at = dt.datetime.now(dt.timezone.utc)
        run.counts = counts


def committed_before(
    store: Store, inputs: Iterable[tuple[str, int | None, int | None]], *, need_analysis: bool
) -> dict[str, str | None]:
    """Of ``inputs`` (key, size, mtime_ns), those an earlier run committed unchanged since (same size
    and mtime; with their analysis when ``need_analysis``), mapped to the report each one stored."""
    current = {key: (size, mtime) for key, size, mtime in inputs}
    if not current:
        return {}
    with store.read_session() as s:
        rows = s.execute(
            select(IngestItem.key, IngestItem.size, IngestItem.mtime_ns, IngestItem.analysed, IngestItem.report_id)
            .where(IngestItem.key.in_(list(current)), IngestItem.status.in_(("added", "duplicate")))
        ).all()
    return {
        key: report_id
        for key, size, mtime, analysed, report_id in rows
        if current.get(key) == (size, mtime) and (analysed or not need_analysis)
    }
