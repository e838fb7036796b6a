"""Analysis on Ray (``rasad ingest --engine ray``): a Ray Data pipeline analyses the reports, and its
records stream back through the one road into the log (:class:`rasad.log.intake.Intake`), so the log
after a Ray run is the log after a plain ``rasad ingest`` of the same inputs.

The shape is Ray Data's own for running a loaded model over a corpus: ``map_batches`` with a callable
class (:class:`AnalyseBatch`) whose ``__init__`` loads the spaCy pipeline (and its ONNX models) once per
actor, a fixed pool of ``workers`` actors (each sizing its thread pools to the CPUs Ray gives it), and
large batches. Actors return plain records (the Analysis as JSON, or a one-line error), never spaCy
objects.

The driver reads the inputs (files, folders and globs through :mod:`rasad.ingest`, and JSON Lines or
Parquet corpora with a ``text`` column): reading and hashing cost little next to the analysis, the
SHA-256 is what tells which reports are already analysed at this pipeline version (those are skipped,
so a run stopped half way goes on where it stopped), and workers on other machines need no access
to the driver's files. Only the reports still to analyse travel to the workers, a window of them at a
time (so the driver's memory is bounded by the window, not the corpus); their original bytes stay on
the driver until their analysis comes back.

This module imports Ray only inside its functions: plain use of Rasad never loads it.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasad.log.intake import Intake, IntakeEvent, IntakeSummary, _keep_error, _one_line, stored_incidents
from rasad.records import Analysis, Report
from rasad.store import Store

OBJECT_STORE_BYTES = 512 * 1024 * 1024  # a local Ray's shared memory; Ray spills to disk beyond it
DEFAULT_BATCH_SIZE = 32  # reports per map_batches call: large enough to amortise a call, small enough to spread
BLOCKS_PER_WORKER = 4  # a small window is cut finer than DEFAULT_BATCH_SIZE, so the workers finish together
CORPUS_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
METADATA_COLUMNS = ("title", "url", "published_at", "publisher", "language")
PARQUET_ROWS_PER_READ = 1024
WINDOW_REPORTS = 5000  # reports the driver holds at once (one Ray dataset)...
WINDOW_BYTES = 256 * 1024 * 1024  # ... and their bytes (originals and text)
COMMIT_BATCH = 128  # reports per transaction of the driver: one COPY / executemany per table for each
# New incident reports from which the run's merge goes to parallel partitions on the run's Ray
# (rasad.log.parallel_merge: the same links); below it the serial merge is quicker than Ray's tasks
# reading their partitions' blocks.
PARALLEL_MERGE_FROM = 5000


# --- corpora: JSON Lines and Parquet with a text column ------------------------------------------------

def corpus_report(row: dict[str, Any], source: str) -> Report:
    """One corpus row as a report. The original is the text's UTF-8 bytes, so the same text read from a
    file or from a corpus is the same report; the metadata columns fill the report's fields."""
    from rasad.ingest import EmptyInput, read_bytes
    from rasad.ingest.language import SUPPORTED

    text = row.get("text")
    if not isinstance(text, str):
        raise EmptyInput(f"{source}: no text column")
    report = read_bytes(text.encode("utf-8"), source=source, media_type="text/plain")
    for column in METADATA_COLUMNS:
        value = row.get(column)
        if value is not None and value != "":
            setattr(report, column, str(value))
    if row.get("language"):
        report.language_supported = report.language in SUPPORTED
    return report


def _corpus_rows(path: Path, kind: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(source, row) for each row of a corpus, or (source, error message) for a row that is not one;
    read a bounded piece at a time."""
    from rasad.log.json_input import loads

    if kind == "jsonl":
        with path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                source = f"{path}#L{number}"
                try:
                    row = loads(line)
                except ValueError as exc:
                    yield source, f"not JSON: {exc}"
                    continue
                yield source, row if isinstance(row, dict) else "not a JSON object"
        return
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_ROWS_PER_READ):
        for row in batch.to_pylist():
            number += 1
            yield f"{path}#row{number}", row


@dataclass
class Pending:
    """An input as the driver holds it: its bytes read and hashed (the SHA-256 is the report's id, all
    the driver needs to skip what is analysed already), but not yet read as a report: decoding,
    extracting the text and telling its language are per-report work that needs no log, so the
    workers do it (:func:`pending_report`), in parallel. ``row``: a corpus row's metadata columns
    (its text is ``original``, UTF-8)."""

    id: str
    source: str
    original: bytes
    row: dict[str, Any] | None = None


def pending_report(item: Pending) -> Report:
    """The report of a pending input, as ``rasad ingest`` reads a file (:func:`rasad.ingest.read_path`)
    or :func:`corpus_report` a corpus row; raises IngestError with the same message."""
    from rasad import ingest

    if item.row is not None:
        return corpus_report(item.row | {"text": item.original.decode("utf-8")}, item.source)
    try:
        return ingest.read_bytes(item.original, source=item.source)
    except ingest.IngestError as err:
        raise type(err)(f"{item.source}: {err}") from None


def read_inputs(targets: Iterable[str]) -> Iterator[Pending | tuple[str, str]]:
    """Each input as a :class:`Pending` one, or (input, one-line error): files, folders and globs as
    ``rasad ingest`` reads them, and each row of a ``.jsonl``/``.ndjson``/``.parquet`` corpus. Only
    the checks that need no more than the bytes are made here (a file's size, blank input)."""
    import hashlib

    from rasad import ingest

    def pending(data: bytes, source: str, row: dict[str, Any] | None = None) -> Pending:
        return Pending(hashlib.sha256(data).hexdigest(), source, data, row)

    for target in targets:
        try:
            paths = list(ingest.expand_paths([target]))
        except ingest.IngestError as exc:
            yield target, str(exc)
            continue
        for path in paths:
            kind = CORPUS_SUFFIXES.get(path.suffix.lower())
            try:
                if kind is None:
                    data = ingest.read_file(path)
                    try:
                        yield pending(ingest.check_bytes(data), str(path))
                    except ingest.IngestError as err:
                        yield str(path), f"{path}: {err}"  # as read_path says it
                    continue
                for source, row in _corpus_rows(path, kind):
                    if isinstance(row, str):
                        yield source, row
                        continue
                    text = row.get("text")
                    try:
                        if not isinstance(text, str):
                            raise ingest.EmptyInput(f"{source}: no text column")
                        metadata = {c: str(row[c]) for c in METADATA_COLUMNS if row.get(c) is not None and row[c] != ""}
                        yield pending(ingest.check_bytes(text.encode("utf-8")), source, metadata)
                    except ingest.IngestError as exc:
                        yield source, str(exc)
            except Exception as exc:  # noqa: BLE001 - one bad input never stops the run
                yield str(path), str(exc) if isinstance(exc, ingest.IngestError) else _one_line(exc)


# --- the actors ----------------------------------------------------------------------------------------

class AnalyseBatch:
    """A Ray Data actor: the pipeline loaded once, then a batch of pending inputs in (their bytes), each
    read as a report and analysed; out, the report and its analysis as JSON, or a one-line error (with
    no report when the input could not be read). It takes no constructor arguments (Ray keeps those in
    the object store to restart an actor); the driver checks each analysis's pipeline version
    instead, since a worker with other models would store analyses the log could not tell apart."""

    def __init__(self) -> None:
        from rasad.analysis.pipeline import load_nlp
        from rasad.log.intake import Analyser
        from rasad.models import use_cpus

        self.cpus = actor_cpus()
        use_cpus(self.cpus)  # before the models load: their thread pools are sized when made
        self.analyser = Analyser(load_nlp())

    def thread_pools(self) -> dict[str, Any]:
        """What this actor runs on: its CPUs, the threads of its encoders' onnxruntime sessions (loaded
        now if not yet), and each BLAS / OpenMP pool its process has loaded (threadpoolctl)."""
        from rasad.models import thread_pools

        return {"cpus": self.cpus, **thread_pools()}

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        from rasad.ingest import IngestError

        reports: dict[str, Report | str] = {}
        for report_id, source, original, row in zip(batch["id"], batch["source"], batch["original"], batch["row"]):
            item = Pending(str(report_id), str(source), bytes(original), json.loads(row) if row else None)
            try:
                reports[item.id] = pending_report(item)
            except Exception as exc:  # noqa: BLE001 - one bad input never stops the batch
                reports[item.id] = str(exc) if isinstance(exc, IngestError) else _one_line(exc)
        results = self.analyser([r for r in reports.values() if isinstance(r, Report)])
        out: dict[str, list[str]] = {"id": [], "report": [], "analysis": [], "error": []}
        for report_id, report in reports.items():
            result = results.get(report_id) if isinstance(report, Report) else report
            out["id"].append(report_id)
            out["report"].append(report.model_dump_json() if isinstance(report, Report) else "")
            out["analysis"].append(result.model_dump_json() if isinstance(result, Analysis) else "")
            out["error"].append(result if isinstance(result, str) else "")
        return out


def actor_cpus() -> int:
    """The CPUs Ray gave the calling actor (its ``num_cpus``; whole CPUs, at least one)."""
    import ray

    assigned = ray.get_runtime_context().get_assigned_resources().get("CPU")
    if assigned:
        return max(1, int(assigned))
    return max(1, int(os.environ.get("OMP_NUM_THREADS", "1") or 1))  # Ray sets it to num_cpus


class _RemoteErrors:
    """Stands in for the intake's analyser: the reports the workers could not analyse come with their
    workers' error, so the intake records them as failed (and a later run tries them again).
    ``unread``: (input, error) of the inputs the workers could not read as reports."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.errors: dict[str, str] = {}
        self.unread: list[tuple[str, str]] = []

    def __call__(self, reports: list[Report]) -> dict[str, Analysis | str]:
        return {r.id: self.errors.get(r.id, "analysis failed: no result from the Ray workers") for r in reports}


# --- the run -------------------------------------------------------------------------------------------

def local_runtime_env() -> dict[str, Any]:
    """For a Ray started on this machine: its workers import the same rasad as the driver (a source
    checkout on PYTHONPATH included)."""
    import rasad

    package_root = str(Path(rasad.__file__).resolve().parents[1])
    paths = [package_root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {"env_vars": {"PYTHONPATH": os.pathsep.join(dict.fromkeys(os.path.abspath(p) for p in paths))}}


def worker_cpus(workers: int, *, local: bool) -> int:
    """CPUs for each analysis actor when the run does not say: on a Ray started for the run, this
    machine's cores shared out among the workers (one worker on two cores gets both, as a plain
    ``rasad ingest`` uses both: its encoders run two threads), at least one each; on a cluster, one
    (``--workers`` counts CPUs there, and a node's CPUs may be fewer than a larger actor needs)."""
    from rasad.models import available_cores

    return max(1, available_cores() // max(1, workers)) if local else 1


@contextmanager
def connected(address: str | None, cpus: int) -> Iterator[None]:
    """Ray for the run: the one this process is connected to, else the cluster at ``address``, else a
    local Ray of ``cpus`` CPUs started now and stopped after."""
    import ray

    if ray.is_initialized():
        yield
        return
    if address:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    else:
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                 object_store_memory=OBJECT_STORE_BYTES, runtime_env=local_runtime_env())
    try:
        yield
    finally:
        ray.shutdown()


class _RunRay:
    """Ray for one run: connected when the first window needs it (a run with nothing to analyse never
    reaches Ray), kept for the run's merge, stopped at the end when this run started it."""

    def __init__(self, address: str | None, workers: int, cpus_per_worker: int | None = None) -> None:
        self.address = address
        self.workers = workers
        self.cpus_per_worker = cpus_per_worker
        self.stack = ExitStack()
        self.up = False

    def connect(self) -> None:
        if self.up:
            return
        import ray

        if self.cpus_per_worker is None:
            self.cpus_per_worker = worker_cpus(self.workers, local=not (ray.is_initialized() or self.address))
        self.stack.enter_context(connected(self.address, self.workers * self.cpus_per_worker))
        self.up = True
        logging.getLogger("ray.data").setLevel(logging.WARNING)  # its per-dataset INFO lines would break the bar
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # the same order of commits (and merges) as a plain run
        context.enable_progress_bars = False  # the intake's bar is the run's bar
        context.print_on_execution_start = False

    def close(self) -> None:
        self.stack.close()
        self.up = False


@dataclass
class _Reading:
    """The driver's pass over the inputs: the reports still to analyse, a window at a time (bounded by
    count and by bytes, so the driver holds one window however large the corpus), and what it counted
    on the way."""

    store: Store | None  # None: no log to ask (--to parquet)
    version: str
    total: int = 0
    skipped: int = 0
    done: set[str] = field(default_factory=set)  # reports to skip (--to parquet: those the shards hold)
    duplicates: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def windows(self, targets: Iterable[str]) -> Iterator[dict[str, Pending]]:
        window: dict[str, Pending] = {}  # by id, in input order
        held = 0
        for item in read_inputs(targets):
            self.total += 1
            if isinstance(item, tuple):
                self.errors.append(item)
            elif item.id in self.done or (self.store is not None and self.store.has_analysis(item.id, self.version)):
                self.skipped += 1  # analysed by an earlier run at this pipeline version
            elif item.id in self.seen:
                self.duplicates += 1  # the same bytes twice in this run: stored once
            else:
                self.seen.add(item.id)
                window[item.id] = item
                held += len(item.original)
                if len(window) >= WINDOW_REPORTS or held >= WINDOW_BYTES:
                    yield window
                    window, held = {}, 0
        if window:
            yield window


def ingest_on_ray(
    store: Store,
    targets: Iterable[str],
    *,
    address: str | None = None,
    workers: int = 2,
    batch_size: int = DEFAULT_BATCH_SIZE,
    cpus_per_worker: int | None = None,
    progress: Callable[[IntakeEvent], None] | None = None,
    actor: str = "rasad",
    commit_batch: int = COMMIT_BATCH,
) -> IntakeSummary:
    """Analyse ``targets`` with ``workers`` Ray actors of ``cpus_per_worker`` CPUs each (default: see
    :func:`worker_cpus`) and store everything through the intake (see the
    module docstring), ``commit_batch`` reports a transaction with batched inserts (COPY on
    PostgreSQL). Ray is reached only when there is something to analyse. A worker that dies is
    restarted by Ray and its batch analysed again (Ray Data's actor pools restart actors and retry
    their tasks); a report is stored once whatever is retried, since the driver stores each result
    once, keyed by the report's SHA-256. The new incident reports are merged once, at the end: in
    parallel partitions on the run's Ray from ``PARALLEL_MERGE_FROM`` of them, serially below."""
    from rasad.analysis.version import pipeline_version

    reading = _Reading(store, pipeline_version())
    remote = _RemoteErrors(reading.version)
    run_ray = _RunRay(address, max(1, workers), max(1, cpus_per_worker) if cpus_per_worker else None)

    def merge(summary: IntakeSummary) -> dict[str, int]:
        from rasad.log.service import merge_pending

        if run_ray.up and summary.incident_reports >= PARALLEL_MERGE_FROM:
            from rasad.log.parallel_merge import merge_parallel

            return merge_parallel(store, workers=run_ray.workers, actor=actor, attribute=False)
        return merge_pending(store, actor=actor, attribute=False)  # the intake attributed each batch

    intake = Intake(store, analyser=remote, progress=progress, actor=actor,  # type: ignore[arg-type]
                    batch_size=max(1, commit_batch), bulk=True, merge=merge)
    try:
        summary = intake.take(_results(reading.windows(targets), remote, run_ray, batch_size=max(1, batch_size),
                                       version=reading.version))
    finally:
        run_ray.close()
    summary.total = reading.total
    summary.skipped += reading.skipped
    summary.duplicates += reading.duplicates
    for source, message in reading.errors + remote.unread:
        summary.failed += 1
        _keep_error(summary, source, message)
    if reading.skipped and not summary.merge:
        # A run killed after committing and before merging left incident reports unmerged: merge them now.
        from rasad.log.service import merge_pending

        summary.merge = merge_pending(store, actor=actor)
    return summary


def write_shards_on_ray(
    targets: Iterable[str],
    folder: Path,
    *,
    address: str | None = None,
    workers: int = 2,
    batch_size: int = DEFAULT_BATCH_SIZE,
    cpus_per_worker: int | None = None,
    progress: Callable[[IntakeEvent], None] | None = None,
) -> IntakeSummary:
    """``--to parquet DIR``: analyse ``targets`` on Ray as :func:`ingest_on_ray` does, and write the
    records as Parquet shards (:mod:`rasad.log.shards`) instead of storing them; no log is opened.
    Reports the folder already holds are skipped, so a stopped run goes on where it stopped; ``rasad
    load DIR`` stores them later. In the summary, ``added`` counts the records written."""
    from rasad.analysis.version import pipeline_version
    from rasad.log.shards import ShardWriter, shard_ids

    version = pipeline_version()
    reading = _Reading(None, version, done=shard_ids(folder))
    remote = _RemoteErrors(version)
    writer = ShardWriter(folder, version)
    summary = IntakeSummary()
    if progress is not None:
        progress(IntakeEvent("started", 0, None, summary))
    done = 0
    run_ray = _RunRay(address, max(1, workers), max(1, cpus_per_worker) if cpus_per_worker else None)
    try:
        for item in _results(reading.windows(targets), remote, run_ray, batch_size=max(1, batch_size),
                             version=version):
            if isinstance(item, tuple):
                writer.add(item[0], item[1], None)
                summary.analysed += 1
                summary.incident_reports += len(stored_incidents(item[1]))
            else:
                writer.add(item, None, remote.errors.get(item.id))
                summary.failed += 1
                _keep_error(summary, item.source or item.id, remote.errors.get(item.id, "analysis failed"))
            done += 1
            if progress is not None and done % DEFAULT_BATCH_SIZE == 0:
                progress(IntakeEvent("stored", done, None, summary))
    finally:
        run_ray.close()
    writer.flush()
    summary.added = writer.written
    summary.total = reading.total
    summary.skipped = reading.skipped
    summary.duplicates = reading.duplicates
    for source, message in reading.errors + remote.unread:
        summary.failed += 1
        _keep_error(summary, source, message)
    if progress is not None:
        progress(IntakeEvent("done", done, None, summary))
    return summary


def _results(windows: Iterator[dict[str, Pending]], remote: _RemoteErrors, run_ray: _RunRay, *, batch_size: int,
             version: str) -> Iterator[Report | tuple[Report, Analysis]]:
    """The reports with their analyses, in input order, as the workers finish them: a
    ``(Report, Analysis)`` pair, or the report alone when its analysis failed (its error in ``remote``).
    Ray Data streams: the intake commits the first batches while the workers analyse the next. Each
    window is one dataset (its actors load the pipeline anew: seconds, against the hours a full window
    takes to analyse)."""
    first = next(windows, None)
    if first is None:
        return  # nothing to analyse: no Ray
    run_ray.connect()
    for todo in itertools.chain([first], windows):
        yield from _analysed(todo, remote, workers=run_ray.workers, cpus_per_worker=run_ray.cpus_per_worker or 1,
                             batch_size=batch_size, version=version)


def block_size(reports: int, workers: int, batch_size: int) -> int:
    """Reports a block (and a call of an actor): ``batch_size``, or fewer when the window is small, so
    that each worker gets ``BLOCKS_PER_WORKER`` blocks. With 100 reports, two workers and blocks of 32,
    one worker analysed 64 reports and the other 36 (the last block held 4): the run lasted as long
    as 64 reports on one worker. Smaller blocks cost a call each (milliseconds, against about half a
    second of analysis a news article)."""
    spread = -(-reports // (max(1, workers) * BLOCKS_PER_WORKER))
    return max(1, min(batch_size, spread))


def _analysed(todo: dict[str, Pending], remote: _RemoteErrors, *, workers: int, cpus_per_worker: int,
              batch_size: int, version: str) -> Iterator[Report | tuple[Report, Analysis]]:
    import ray

    rows = [{"id": item.id, "source": item.source, "original": item.original,
             "row": json.dumps(item.row) if item.row is not None else ""} for item in todo.values()]
    per_block = block_size(len(rows), workers, batch_size)
    blocks = max(1, -(-len(rows) // per_block))  # a block a batch; no actor without one
    # One task in flight per actor: a block goes to whichever actor is free, not queued behind a busy
    # one while another waits (the blocks are small; sending one is milliseconds). Each actor has
    # cpus_per_worker CPUs and sizes its thread pools to them (AnalyseBatch).
    dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
        AnalyseBatch, batch_size=per_block, num_cpus=cpus_per_worker,
        compute=ray.data.ActorPoolStrategy(size=min(workers, blocks), max_tasks_in_flight_per_actor=1),
        batch_format="numpy")
    del rows
    for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
        for report_id, report_json, analysis_json, error in zip(batch["id"], batch["report"], batch["analysis"],
                                                                 batch["error"]):
            item = todo.pop(str(report_id))
            if not report_json:
                remote.unread.append((item.source, str(error)))  # not readable as a report: a failed input
                continue
            if not analysis_json:
                report = Report.model_validate_json(report_json)
                report.original = item.original
                remote.errors[report.id] = str(error)
                yield report
                continue
            analysis = Analysis.model_validate_json(analysis_json)
            analysis.report.original = item.original  # the workers' JSON leaves the bytes out: the driver has them
            if analysis.pipeline_version != version:
                remote.errors[item.id] = (f"a Ray worker runs pipeline {analysis.pipeline_version}, "
                                          f"this rasad {version}: install the same rasad on every node")
                yield analysis.report
                continue
            yield analysis.report, analysis


__all__ = ["AnalyseBatch", "Pending", "connected", "corpus_report", "ingest_on_ray", "local_runtime_env",
           "pending_report", "read_inputs", "write_shards_on_ray"]
