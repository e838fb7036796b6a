"""One road into the log: store the original, analyse in batches, store incident reports, attribute
publishers, merge. Every entry point goes through :class:`Intake` (``rasad ingest``, the web's upload
and URL forms, ``rasad watch``, the demo, ``rasad eval merge``); they differ only in where reports come
from and how progress is shown.

Inputs, freely mixed: paths, folders and globs (read with :func:`rasad.ingest.read_path`), http(s)
URLs (through the SSRF guard of :func:`rasad.ingest.read_url`), :class:`~rasad.records.Report` objects,
``(Report, Analysis)`` pairs for callers that analysed elsewhere (a distributed loader), and
:class:`ReportInput` for a report with rows that must be committed with it (a feed's seen item).

Inputs are taken a batch at a time (bounded by count and by bytes, so memory stays flat however many
files there are), analysed together (``analyze_many`` batches them through one ``nlp.pipe``), and each
batch is committed in ONE transaction: the reports, their analyses, their incident reports, and an
``ingest_items`` row per input. A crash (``kill -9``) at any moment therefore leaves whole batches only,
and the next run skips exactly the files and URLs whose batch was committed (same path, size and mtime)
and redoes the rest. Reports are keyed by the SHA-256 of their bytes and analyses by (report, pipeline
version), so nothing can be stored twice even if a file moved, was named twice or came in memory.
After each batch its reports are attributed to their publishers; at the end the new incident reports
(and any a killed run left unmerged) are merged into the log's incidents.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasad.analysis.worker import one_line as _one_line
from rasad.records import Analysis, Report
from rasad.store import Store
from rasad.store.ingest_runs import committed_before, finish_run, start_run
from rasad.store.schema import IngestItem

MAX_BATCH_BYTES = 64 * 1024 * 1024  # originals held in memory at once, whatever batch_size says
MAX_ERRORS_KEPT = 1000  # in the summary; every error is in ingest_items


@dataclass
class IntakeSummary:
    run_id: int | None = None
    total: int = 0  # inputs named (files found, URLs, reports)
    added: int = 0  # new reports stored
    duplicates: int = 0  # bytes already stored (by an earlier run, or twice in this one)
    skipped: int = 0  # committed by an earlier run: not read again
    analysed: int = 0  # analyses stored
    words: int = 0  # words of the reports whose analyses were stored (for words/s)
    incident_reports: int = 0
    failed: int = 0  # inputs that could not be read or analysed
    attributed: int = 0  # reports given their publisher from the log's registry
    merge: dict[str, int] = field(default_factory=dict)  # merge_pending's counts; empty when nothing was merged
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
        if self.merge.get("incident_reports"):
            lines.append("merge: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in self.merge.items()))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "errors"} | {"errors": [list(e) for e in self.errors]}


@dataclass(frozen=True)
class IntakeEvent:
    """What a progress callback receives: ``started`` (``total`` is known when the inputs were a list),
    ``stored`` after each committed batch, ``merging``, and ``done``. ``done`` counts the inputs handled
    so far (stored, skipped as committed before, or failed)."""

    stage: str
    done: int
    total: int | None
    summary: IntakeSummary

    def as_dict(self) -> dict[str, Any]:
        counts = self.summary.to_dict()
        counts.pop("errors")
        return {"stage": self.stage, "done": self.done, "total": self.total} | counts


@dataclass
class ReportInput:
    """A report handed over in memory, with its analysis when it was analysed elsewhere, and ORM rows
    to commit in the same transaction (``rasad watch`` records a feed's item as seen exactly when its
    report is stored)."""

    report: Report
    analysis: Analysis | None = None
    rows: Sequence[Any] = ()


class Analyser:
    """The analysis pipeline as the intake uses it: a batch of reports through ``analyze_many``; a report
    whose analysis fails comes back as a one-line error instead of stopping the batch. Calls are
    serialised: a spaCy pipeline is not shared across threads (the web app analyses uploads from several
    request threads).

    Without ``nlp``, and with a time budget (``analysis_timeout_s`` > 0), the analysis runs in a worker
    process that is killed when a report runs past the budget (:mod:`rasad.analysis.worker`, issue 21,
    finding 1): the pipeline loads there, once, never in this process. Given ``nlp`` (tests, evaluations
    with components left out: a loaded pipeline cannot be sent to another process), or in a daemonic
    process that may not start children, or with no budget, it runs here, held to the budget by a watchdog
    thread that raises in the analysing one (:mod:`rasad.analysis.deadline`: a Ray actor, tests)."""

    def __init__(self, nlp: Any = None, *, lock: threading.Lock | None = None,
                 warm_languages: tuple[str, ...] | None = None) -> None:
        """``warm_languages``: passed to the worker (:class:`rasad.analysis.worker.AnalysisWorker`)."""
        from rasad.analysis.version import pipeline_version

        self.nlp = nlp
        self._warm_languages = warm_languages
        self.version = pipeline_version()
        self._lock = lock or threading.Lock()
        self._worker: Any = None
        self._stopped = False

    def _in_worker(self, timeout_s: float) -> Any:
        """The analysis worker (made on first use) when the analysis runs in one, else None. Under the lock."""
        from rasad.ingest.budget import can_use_worker

        if self.nlp is not None or timeout_s <= 0 or not can_use_worker():
            return None
        if self._worker is None:
            from rasad.analysis.worker import AnalysisWorker

            self._worker = AnalysisWorker(self._warm_languages)
            if self._stopped:  # stop() ran meanwhile and found no worker to stop
                self._worker.stop()
        return self._worker

    def __call__(self, reports: list[Report]) -> dict[str, Analysis | str]:
        """Analyses by report id; a report whose analysis raised (or was stopped) maps to its one-line error."""
        from rasad.analysis.deadline import analyse_each_bounded
        from rasad.analysis.worker import STOPPED
        from rasad.config import get_settings

        timeout_s = get_settings().analysis_timeout_s
        with self._lock:
            if self._stopped:
                return {report.id: STOPPED for report in reports}
            worker = self._in_worker(timeout_s)
            if worker is not None:
                results = worker.analyse(reports, timeout_s)
            else:
                if self.nlp is None:
                    from rasad.analysis.pipeline import load_nlp

                    self.nlp = load_nlp()
                results = analyse_each_bounded(reports, self.nlp, timeout_s)
            return {reports[index].id: result for index, result in results}

    def warm(self) -> None:
        """Start the analysis worker now, if the analysis runs in one, without waiting for its pipeline: it
        loads while the intake reads its first inputs."""
        from rasad.config import get_settings

        with self._lock:
            worker = None if self._stopped else self._in_worker(get_settings().analysis_timeout_s)
            if worker is not None:
                worker.start()

    def stop(self) -> None:
        """Stop an analysis under way in the worker now, and any later one (the web server's SIGTERM).
        Safe from any thread: it does not wait for the call under way."""
        self._stopped = True
        if self._worker is not None:
            self._worker.stop()

    def close(self) -> None:
        """Let the worker go (it would go at this process's exit anyway)."""
        with self._lock:
            if self._worker is not None:
                self._worker.close()
                self._worker = None


def stored_incidents(analysis: Analysis) -> list[dict[str, Any]]:
    """The incident reports of an analysis that go into the log: the incident stage's items."""
    return list(analysis.incidents)


@dataclass
class _Input:
    key: str  # resolved path, URL, or report:<sha256> for a report handed over in memory
    path: Path | None = None
    url: str | None = None
    report: Report | None = None
    analysis: Analysis | None = None
    rows: Sequence[Any] = ()
    size: int | None = None
    mtime_ns: int | None = None
    error: str | None = None

    @property
    def named(self) -> bool:
        """Read from a file or URL (what a rerun can skip without reading it again)."""
        return self.path is not None or self.url is not None


def _is_url(target: str) -> bool:
    return "://" in target


class Intake:
    """Takes reports into the log. ``analyse=False`` stores reports only; ``analyser`` (default: an
    :class:`Analyser` over ``nlp``) turns a batch of reports into analyses; ``accounts`` picks the
    incident reports of an analysis that are stored (default: the incident stage's items);
    ``progress`` receives an :class:`IntakeEvent` as the run goes; ``actor`` signs the merge links.
    ``allow_private`` lets URLs reach private addresses (tests, an intranet). ``bulk``: each batch's rows
    go in with bulk inserts (:meth:`rasad.store.Store.add_many`: COPY on PostgreSQL, executemany on
    SQLite) instead of a row at a time, for large loads of reports analysed elsewhere (``rasad load``,
    ``rasad ingest --engine ray``); the same rows either way. ``merge``
    merges the new incident reports at the end (default: :func:`rasad.log.service.merge_pending`, the
    serial merge; ``rasad ingest --engine ray`` merges a large batch in parallel partitions)."""

    def __init__(
        self,
        store: Store,
        *,
        analyse: bool = True,
        batch_size: int = 32,
        analyser: Analyser | None = None,
        nlp: Any = None,
        accounts: Callable[[Analysis], list[dict[str, Any]]] = stored_incidents,
        progress: Callable[[IntakeEvent], None] | None = None,
        allow_private: bool = False,
        actor: str = "rasad",
        bulk: bool = False,
        merge: Callable[[IntakeSummary], dict[str, int]] | None = None,
    ) -> None:
        self.store = store
        self.analyse = analyse
        self.batch_size = max(1, int(batch_size))
        self.analyser = (analyser or Analyser(nlp)) if analyse else None
        self.accounts = accounts
        self.progress = progress
        self.allow_private = allow_private
        self.actor = actor
        self.bulk = bulk
        self.merge = merge or self._merge_serially
        self._seeded = False

    # --- the run -----------------------------------------------------------------------------------

    def take(self, inputs: Iterable[Any]) -> IntakeSummary:
        """Take every input into the log (see the module docstring). Errors are recorded per input
        (a one-line message) and never stop the run. Safe to kill at any moment and to run again.
        A list is counted first (so progress knows the total); any other iterable is read lazily."""
        if isinstance(inputs, (str, os.PathLike, Report, ReportInput)):
            inputs = [inputs]  # one input named on its own, not a string of characters
        summary = IntakeSummary()
        total = None
        if isinstance(inputs, (list, tuple)):
            total = sum(1 for _ in self._expand(inputs, None))  # a counting pass: no list of every file
            summary.total = total
        named = [os.fspath(i) for i in inputs if isinstance(i, (str, os.PathLike))] if total is not None else []
        summary.run_id = start_run(self.store, {
            "paths": named[:100], "analyse": self.analyse,
            "pipeline_version": self.analyser.version if self.analyser else None,
        })
        self._done = 0
        if isinstance(self.analyser, Analyser):
            self.analyser.warm()  # the pipeline loads in the analysis worker while the first inputs are read
        self._emit("started", total, summary)
        target_errors: list[tuple[str, str]] = []
        batch: list[_Input] = []
        for item in self._expand(inputs, target_errors):
            if total is None:
                summary.total += 1
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._take_batch(batch, summary, total)
                batch = []
        if batch:
            self._take_batch(batch, summary, total)
        for target, message in target_errors:
            summary.failed += 1
            _keep_error(summary, target, message)
        # Merge what came in, and what a killed run committed but never merged (it left skipped inputs).
        if summary.incident_reports or summary.skipped:
            self._emit("merging", total, summary)
            summary.merge = self.merge(summary)
        finish_run(self.store, summary.run_id, summary.to_dict() | {"errors": len(summary.errors)})
        self._emit("done", total, summary)
        return summary

    def _merge_serially(self, summary: IntakeSummary) -> dict[str, int]:
        from rasad.log.service import merge_pending

        return merge_pending(self.store, actor=self.actor, attribute=False)  # attributed per batch

    def _emit(self, stage: str, total: int | None, summary: IntakeSummary) -> None:
        if self.progress is not None:
            self.progress(IntakeEvent(stage=stage, done=self._done, total=total, summary=summary))

    def _expand(self, inputs: Iterable[Any], errors: list[tuple[str, str]] | None) -> Iterator[_Input]:
        """Every input once, in order (a file named twice is read once). Targets that name nothing
        become errors."""
        from rasad.ingest import IngestError, expand_paths

        seen: set[str] = set()
        for target in inputs:
            if isinstance(target, ReportInput):
                yield _Input(key=f"report:{target.report.id}", report=target.report, analysis=target.analysis,
                             rows=target.rows)
            elif isinstance(target, Report):
                yield _Input(key=f"report:{target.id}", report=target)
            elif isinstance(target, tuple) and len(target) == 2 and isinstance(target[0], Report):
                yield _Input(key=f"report:{target[0].id}", report=target[0], analysis=target[1])
            elif isinstance(target, (str, os.PathLike)):
                target = os.fspath(target)
                if _is_url(target):
                    if target not in seen:
                        seen.add(target)
                        yield _Input(key=target, url=target)
                    continue
                try:
                    for path in expand_paths([target]):
                        key = str(path.resolve())
                        if key not in seen:
                            seen.add(key)
                            yield _Input(key=key, path=path)
                except IngestError as exc:
                    if errors is not None:
                        errors.append((target, str(exc)))
            else:
                raise TypeError(f"cannot take {type(target).__name__} into the log: give paths, URLs, reports "
                                "or (report, analysis) pairs")

    def _take_batch(self, inputs: list[_Input], summary: IntakeSummary, total: int | None) -> None:
        for item in inputs:
            if item.path is not None:
                try:
                    st = item.path.stat()
                    item.size, item.mtime_ns = st.st_size, st.st_mtime_ns
                except OSError:
                    pass  # read_path below reports it
        done = committed_before(self.store, [(i.key, i.size, i.mtime_ns) for i in inputs if i.named],
                                need_analysis=self.analyse)
        todo = [i for i in inputs if not (i.named and i.key in done)]
        if len(todo) < len(inputs):
            summary.skipped += len(inputs) - len(todo)
            self._done += len(inputs) - len(todo)
            self._emit("stored", total, summary)
            # A killed run may have committed these and died before attributing them.
            self._attribute([r for r in done.values() if r], summary)
        # Read in sub-batches bounded by bytes, so a folder of large PDFs cannot exhaust memory.
        chunk: list[_Input] = []
        held = 0
        for item in todo:
            if item.report is None:
                self._read(item)
            if item.report is not None:
                held += len(item.report.original) + len(item.report.text) * 2
            chunk.append(item)
            if held >= MAX_BATCH_BYTES:
                self._commit(chunk, summary, total)
                chunk, held = [], 0
        if chunk:
            self._commit(chunk, summary, total)

    def _read(self, item: _Input) -> None:
        from rasad import ingest

        try:
            if item.url is not None:
                item.report = ingest.read_url(item.url, allow_private=self.allow_private)
            else:
                item.report = ingest.read_path(item.path)
        except Exception as exc:  # noqa: BLE001 - one bad input never stops the run
            item.error = str(exc) if isinstance(exc, ingest.IngestError) else _one_line(exc)

    def _analyses(self, chunk: list[_Input]) -> dict[str, Analysis | str]:
        """The chunk's analyses by report id: those handed over, and the pipeline's for the reports
        that have none stored yet."""
        out: dict[str, Analysis | str] = {i.report.id: i.analysis for i in chunk if i.analysis is not None}
        if self.analyser is None:
            return out
        unique: dict[str, Report] = {}
        for item in chunk:
            report = item.report
            if report is not None and report.id not in out and report.id not in unique \
                    and not self.store.has_analysis(report.id, self.analyser.version):
                unique[report.id] = report
        if unique:
            out |= self.analyser(list(unique.values()))
        return out

    def _commit(self, chunk: list[_Input], summary: IntakeSummary, total: int | None) -> None:
        store = self.store
        analyses = self._analyses(chunk)
        if self.bulk and self._commit_bulk(chunk, analyses, summary, total):
            return
        counts = {"added": 0, "duplicates": 0, "analysed": 0, "words": 0, "incident_reports": 0, "failed": 0}
        errors: list[tuple[str, str]] = []
        with store.session() as s:  # one transaction: all of this chunk, or (after a crash) none of it
            for item in chunk:
                report, error = item.report, item.error
                if report is None:
                    _journal_failure(s, summary, item, counts, errors)
                    continue
                added = store.add_report(report, session=s)
                counts["added" if added else "duplicates"] += 1
                result = analyses.get(report.id)
                if isinstance(result, Analysis):
                    if store.add_analysis(result, session=s):
                        counts["analysed"] += 1
                        counts["words"] += len(report.text.split())
                    accounts = self.accounts(result)
                    if accounts:
                        version = result.pipeline_version
                        before = len(store.add_incident_reports(report.id, version, [], session=s))
                        ids = store.add_incident_reports(report.id, version, accounts, session=s)
                        counts["incident_reports"] += len(ids) - before
                    analysed = True
                elif isinstance(result, str):
                    counts["failed"] += 1
                    errors.append((item.key, result))
                    error, analysed = result, False
                else:
                    analysed = self.analyser is None or store.has_analysis(report.id, self.analyser.version, session=s)
                _journal(s, summary, item, report, added, analysed, error)
        self._committed(chunk, counts, errors, summary, total)

    def _commit_bulk(self, chunk: list[_Input], analyses: dict[str, Analysis | str], summary: IntakeSummary,
                     total: int | None) -> bool:
        """``_commit`` with batched inserts: the same rows and counts in one transaction. False (nothing
        committed) when a concurrent writer stored one of the rows first: the caller then goes a row
        at a time, which treats that row as already stored."""
        from sqlalchemy.exc import IntegrityError

        store = self.store
        counts = {"added": 0, "duplicates": 0, "analysed": 0, "words": 0, "incident_reports": 0, "failed": 0}
        errors: list[tuple[str, str]] = []
        try:
            with store.session() as s:
                items = []
                for item in chunk:
                    if item.report is None:
                        continue
                    result = analyses.get(item.report.id)
                    if isinstance(result, Analysis):
                        items.append((item.report, result, self.accounts(result)))
                    else:
                        items.append((item.report, None, None))
                added, analysed, extracted = store.add_many(s, items)
                first: set[str] = set()
                for item in chunk:
                    report, error = item.report, item.error
                    if report is None:
                        _journal_failure(s, summary, item, counts, errors)
                        continue
                    first_time = report.id not in first  # a report twice in the batch is stored once
                    first.add(report.id)
                    is_new = first_time and report.id in added
                    counts["added" if is_new else "duplicates"] += 1
                    result = analyses.get(report.id)
                    if isinstance(result, Analysis):
                        if first_time and report.id in analysed:
                            counts["analysed"] += 1
                            counts["words"] += len(report.text.split())
                        counts["incident_reports"] += extracted.get(report.id, 0) if first_time else 0
                        ok = True
                    elif isinstance(result, str):
                        counts["failed"] += 1
                        errors.append((item.key, result))
                        error, ok = result, False
                    else:
                        ok = self.analyser is None or store.has_analysis(report.id, self.analyser.version, session=s)
                    _journal(s, summary, item, report, is_new, ok, error)
        except IntegrityError:
            return False
        self._committed(chunk, counts, errors, summary, total)
        return True

    def _committed(self, chunk: list[_Input], counts: dict[str, int], errors: list[tuple[str, str]],
                   summary: IntakeSummary, total: int | None) -> None:
        """The summary's counts and errors, progress and attribution for a chunk, once its transaction
        committed (never before: a rolled-back chunk counts nothing)."""
        for key, value in counts.items():
            setattr(summary, key, getattr(summary, key) + int(value))
        for source, message in errors:
            _keep_error(summary, source, message)
        self._done += len(chunk)
        self._emit("stored", total, summary)
        self._attribute([i.report.id for i in chunk if i.report is not None], summary)

    def _attribute(self, report_ids: list[str], summary: IntakeSummary) -> None:
        """Each report's publisher, recognised with the log's registry (reports holding no incident too,
        so the registry's report counts are right)."""
        if not report_ids:
            return
        from rasad.log.sources import attribute_reports, seed_sources

        if not self._seeded:
            seed_sources(self.store)
            self._seeded = True
        summary.attributed += attribute_reports(self.store, report_ids)["attributed"]


def _keep_error(summary: IntakeSummary, source: str, message: str) -> None:
    if len(summary.errors) < MAX_ERRORS_KEPT:
        summary.errors.append((source, message))


def ingest(store: Store, inputs: Iterable[Any], **options: Any) -> IntakeSummary:
    """Take ``inputs`` into the log with an :class:`Intake` built from ``options``."""
    return Intake(store, **options).take(inputs)


def _journal_failure(s: Any, summary: Any, item: Any, counts: dict[str, int], errors: list[tuple[str, str]]) -> None:
    """The ingest journal's row for an input that could not be read, counted as failed with its reason."""
    counts["failed"] += 1
    errors.append((item.key, item.error or "unreadable"))
    s.add(IngestItem(run_id=summary.run_id, key=item.key, size=item.size, mtime_ns=item.mtime_ns,
                     status="error", error=item.error))


def _journal(s: Any, summary: Any, item: Any, report: Report, added: bool, analysed: bool, error: str | None) -> None:
    """The ingest journal's row for one input (added or a duplicate, analysed or not, its error), committed with
    the rows the input brought along."""
    s.add(IngestItem(run_id=summary.run_id, key=item.key, size=item.size, mtime_ns=item.mtime_ns,
                     status="added" if added else "duplicate", analysed=analysed, report_id=report.id, error=error))
    s.add_all(item.rows)
