"""Streaming, resumable ingest of files, folders, globs (and URLs) into the log.

Inputs are read a batch at a time (bounded by count and by bytes, so memory stays flat however many
files there are), analysed together (``analyze_many`` batches them through one ``nlp.pipe``), and each
batch is committed in ONE transaction: the reports, their analyses, their incident reports, and an
``ingest_items`` row per input. A crash (``kill -9``) at any moment therefore leaves whole batches only,
and the next run skips exactly the inputs whose batch was committed (same path, size and mtime) and
redoes the rest. Reports are keyed by the SHA-256 of their bytes and analyses by (report, pipeline
version), so nothing can be stored twice even if a file moved or was named twice.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rasad.records import Analysis, Report
from rasad.store.db import Store
from rasad.store.schema import IngestItem, IngestRun

MAX_BATCH_BYTES = 64 * 1024 * 1024  # originals held in memory at once, whatever batch_size says
MAX_ERRORS_KEPT = 1000  # in the summary; every error is in ingest_items


@dataclass
class IngestSummary:
    run_id: int | None = None
    total: int = 0  # inputs named (files found, URLs)
    added: int = 0  # new reports stored
    duplicates: int = 0  # bytes already stored (by an earlier run, or twice in this one)
    skipped: int = 0  # committed by an earlier run: not read again
    analysed: int = 0  # analyses stored
    incident_reports: int = 0
    failed: int = 0  # inputs that could not be read or analysed
    errors: list[tuple[str, str]] = field(default_factory=list)  # (input, one-line message)

    def describe(self) -> str:
        parts = [
            f"{self.total} input(s)",
            f"{self.added} added",
            f"{self.duplicates} already stored",
            f"{self.skipped} done by an earlier run",
            f"{self.analysed} analysed",
            f"{self.incident_reports} incident report(s)",
            f"{self.failed} failed",
        ]
        lines = ["ingest: " + ", ".join(parts)]
        lines += [f"  error: {source}: {message}" for source, message in self.errors[:20]]
        if len(self.errors) > 20:
            lines.append(f"  ... and {len(self.errors) - 20} more (see the ingest_items table, run {self.run_id})")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "errors"} | {"errors": [list(e) for e in self.errors]}


@dataclass
class _Input:
    key: str  # resolved path or URL: what ingest_items remembers
    path: Path | None
    url: str | None
    size: int | None = None
    mtime_ns: int | None = None


def _is_url(target: str) -> bool:
    return "://" in target


def _iter_inputs(targets: Iterable[str | os.PathLike[str]], errors: list[tuple[str, str]] | None) -> Iterator[_Input]:
    """Every input once, in a deterministic order. Targets that name nothing become errors."""
    from rasad.ingest import IngestError, expand_paths

    seen: set[str] = set()
    for target in targets:
        target = os.fspath(target)
        if _is_url(target):
            if target not in seen:
                seen.add(target)
                yield _Input(key=target, path=None, url=target)
            continue
        try:
            for path in expand_paths([target]):
                key = str(path.resolve())
                if key not in seen:
                    seen.add(key)
                    yield _Input(key=key, path=path, url=None)
        except IngestError as exc:
            if errors is not None:
                errors.append((target, str(exc)))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read(item: _Input, allow_private: bool) -> Report:
    from rasad import ingest

    if item.url is not None:
        return ingest.read_url(item.url, allow_private=allow_private)
    return ingest.read_path(item.path)


class _Progress:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[note]}"),
                console=Console(stderr=True),
            )
            self._task = self._bar.add_task("ingest", total=total, note="")
            self._bar.start()

    def advance(self, n: int, note: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=n, note=note)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def ingest_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    analyse: bool = True,
    batch_size: int = 32,
    progress: bool = True,
    allow_private: bool = False,
    nlp: Any = None,
) -> IngestSummary:
    """Store every report named by ``paths`` (files, folders, globs, http(s) URLs) with its analysis.

    Errors are recorded per input (a one-line message) and never stop the run. Safe to kill at any
    moment and to run again: see the module docstring."""
    paths = [os.fspath(p) for p in paths]
    batch_size = max(1, int(batch_size))
    summary = IngestSummary()
    summary.total = sum(1 for _ in _iter_inputs(paths, None))  # a counting pass: no list of every file
    version = None
    if analyse:
        from rasad.analysis.pipeline import load_nlp, pipeline_version

        version = pipeline_version()
        nlp = nlp or load_nlp()

    with store.session() as s:
        run = IngestRun(params={"paths": paths[:100], "analyse": analyse, "pipeline_version": version})
        s.add(run)
        s.flush()
        summary.run_id = run.id
    target_errors: list[tuple[str, str]] = []
    bar = _Progress(progress, summary.total)
    try:
        batch: list[_Input] = []
        for item in _iter_inputs(paths, target_errors):
            batch.append(item)
            if len(batch) >= batch_size:
                _ingest_batch(store, batch, summary, analyse=analyse, version=version, nlp=nlp,
                              allow_private=allow_private, bar=bar)
                batch = []
        if batch:
            _ingest_batch(store, batch, summary, analyse=analyse, version=version, nlp=nlp,
                          allow_private=allow_private, bar=bar)
    finally:
        bar.stop()
    for target, message in target_errors:
        summary.failed += 1
        _keep_error(summary, target, message)
    with store.session() as s:
        run = s.get(IngestRun, summary.run_id)
        run.status = "finished"
        run.finished_at = dt.datetime.now(dt.timezone.utc)
        run.counts = summary.to_dict() | {"errors": len(summary.errors)}
    return summary


def _keep_error(summary: IngestSummary, source: str, message: str) -> None:
    if len(summary.errors) < MAX_ERRORS_KEPT:
        summary.errors.append((source, message))


def _done_before(store: Store, batch: list[_Input], analyse: bool) -> set[str]:
    """Inputs of this batch that an earlier run committed, unchanged since (same size and mtime)."""
    with store.read_session() as s:
        rows = s.execute(
            select(IngestItem.key, IngestItem.size, IngestItem.mtime_ns, IngestItem.analysed).where(
                IngestItem.key.in_([i.key for i in batch]), IngestItem.status.in_(("added", "duplicate"))
            )
        ).all()
    current = {i.key: (i.size, i.mtime_ns) for i in batch}
    return {key for key, size, mtime, analysed in rows if current.get(key) == (size, mtime) and (analysed or not analyse)}


def _ingest_batch(
    store: Store,
    inputs: list[_Input],
    summary: IngestSummary,
    *,
    analyse: bool,
    version: str | None,
    nlp: Any,
    allow_private: bool,
    bar: _Progress,
) -> None:
    for item in inputs:
        if item.path is not None:
            try:
                st = item.path.stat()
                item.size, item.mtime_ns = st.st_size, st.st_mtime_ns
            except OSError:
                pass  # read_path below reports it
    done = _done_before(store, inputs, analyse)
    todo = [i for i in inputs if i.key not in done]
    summary.skipped += len(inputs) - len(todo)
    bar.advance(len(inputs) - len(todo), "")
    # Read in sub-batches bounded by bytes, so a folder of large PDFs cannot exhaust memory.
    chunk: list[tuple[_Input, Report | None, str | None]] = []
    held = 0
    for item in todo:
        try:
            report = _read(item, allow_private)
            chunk.append((item, report, None))
            held += len(report.original) + len(report.text) * 2
        except Exception as exc:  # noqa: BLE001 - one bad input never stops the run
            from rasad.ingest import IngestError

            message = str(exc) if isinstance(exc, IngestError) else _one_line(exc)
            chunk.append((item, None, message))
        if held >= MAX_BATCH_BYTES:
            _commit_chunk(store, chunk, summary, analyse=analyse, version=version, nlp=nlp, bar=bar)
            chunk, held = [], 0
    if chunk:
        _commit_chunk(store, chunk, summary, analyse=analyse, version=version, nlp=nlp, bar=bar)


def _analyse(reports: list[Report], nlp: Any) -> dict[str, Analysis | str]:
    """Analyses by report id; a report whose analysis raised maps to the one-line error instead."""
    from rasad.analysis.pipeline import analyze, analyze_many

    out: dict[str, Analysis | str] = {}
    try:
        for report, analysis in zip(reports, analyze_many(reports, nlp=nlp)):
            out[report.id] = analysis
        return out
    except Exception:  # noqa: BLE001 - find the culprit one report at a time
        out.clear()
    for report in reports:
        try:
            out[report.id] = analyze(report, nlp=nlp)
        except Exception as exc:  # noqa: BLE001
            out[report.id] = "analysis failed: " + _one_line(exc)
    return out


def _commit_chunk(
    store: Store,
    chunk: list[tuple[_Input, Report | None, str | None]],
    summary: IngestSummary,
    *,
    analyse: bool,
    version: str | None,
    nlp: Any,
    bar: _Progress,
) -> None:
    analyses: dict[str, Analysis | str] = {}
    if analyse:
        unique: dict[str, Report] = {}
        for _item, report, _error in chunk:
            if report is not None and report.id not in unique and not store.has_analysis(report.id, version):
                unique[report.id] = report
        if unique:
            analyses = _analyse(list(unique.values()), nlp)
    counts = {"added": 0, "duplicates": 0, "analysed": 0, "incident_reports": 0, "failed": 0}
    errors: list[tuple[str, str]] = []
    with store.session() as s:  # one transaction: all of this chunk, or (after a crash) none of it
        run_id = summary.run_id
        for item, report, error in chunk:
            if report is None:
                counts["failed"] += 1
                errors.append((item.key, error or "unreadable"))
                s.add(IngestItem(run_id=run_id, key=item.key, size=item.size, mtime_ns=item.mtime_ns,
                                 status="error", error=error))
                continue
            added = store.add_report(report, session=s)
            counts["added" if added else "duplicates"] += 1
            analysed = not analyse or store.has_analysis(report.id, version, session=s)
            result = analyses.get(report.id)
            if isinstance(result, Analysis):
                if store.add_analysis(result, session=s):
                    counts["analysed"] += 1
                if result.incidents:
                    before = len(store.add_incident_reports(report.id, result.pipeline_version, [], session=s))
                    ids = store.add_incident_reports(report.id, result.pipeline_version, result.incidents, session=s)
                    counts["incident_reports"] += len(ids) - before
                analysed = True
            elif isinstance(result, str):
                counts["failed"] += 1
                errors.append((item.key, result))
                error = result
            s.add(IngestItem(run_id=run_id, key=item.key, size=item.size, mtime_ns=item.mtime_ns,
                             status="added" if added else "duplicate", analysed=analysed,
                             report_id=report.id, error=error))
    for key, value in counts.items():  # only after the commit succeeded
        setattr(summary, key, getattr(summary, key) + value)
    for source, message in errors:
        _keep_error(summary, source, message)
    bar.advance(len(chunk), f"{summary.added} added, {summary.failed} failed")
