"""Analysis records as Parquet shards (``rasad ingest --engine ray --to parquet DIR``), and their loading
into the log later (``rasad load DIR``) through the one road into the log, :class:`rasad.log.intake.Intake`.

A shard is a Parquet file of rows: ``id`` (the report's SHA-256), ``report`` (the Report as JSON, without
its original bytes), ``original`` (the bytes as read), ``analysis`` (the Analysis as JSON; null when it
failed), ``error`` (the one-line reason when it failed) and ``pipeline_version``. Shards are written
whole (to a temporary name, then renamed), so a run stopped half way leaves only complete shards, and
a run started again skips the reports the folder already holds. Loading takes the shards a row group
at a time into the intake with batched inserts (:meth:`rasad.store.Store.add_many`), and the log it
leaves is the log a plain ``rasad ingest`` of the same inputs leaves (a test compares them).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rasad.records import Analysis, Report

SHARD_ROWS = 1000  # rows per shard: a few MB of text, a whole shard's loss at most when a run stops
COLUMNS = ("id", "report", "original", "analysis", "error", "pipeline_version")
LOAD_BATCH = 500  # reports per transaction when loading


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("report", pa.string()), ("original", pa.binary()),
                      ("analysis", pa.string()), ("error", pa.string()), ("pipeline_version", pa.string())])


def shard_paths(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("part-*.parquet") if p.is_file())


def shard_ids(folder: Path) -> set[str]:
    """The reports the folder's shards already hold (with an analysis or an error)."""
    import pyarrow.parquet as pq

    ids: set[str] = set()
    for path in shard_paths(folder):
        ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
    return ids


class ShardWriter:
    """Writes records to ``folder/part-NNNNN.parquet``, ``SHARD_ROWS`` a shard, each shard whole."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.version = version
        existing = shard_paths(self.folder)
        self.next = int(existing[-1].stem.split("-")[1]) + 1 if existing else 0
        self.rows: dict[str, list[Any]] = {c: [] for c in COLUMNS}
        self.written = 0

    def add(self, report: Report, analysis: Analysis | None, error: str | None) -> None:
        self.rows["id"].append(report.id)
        self.rows["report"].append(report.model_dump_json())
        self.rows["original"].append(report.original)
        self.rows["analysis"].append(analysis.model_dump_json() if analysis is not None else None)
        self.rows["error"].append(None if analysis is not None else (error or "analysis failed"))
        self.rows["pipeline_version"].append(analysis.pipeline_version if analysis is not None else self.version)
        if len(self.rows["id"]) >= SHARD_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows["id"]:
            return
        path = self.folder / f"part-{self.next:05d}.parquet"
        tmp = path.with_suffix(".parquet.tmp")
        pq.write_table(pa.table(self.rows, schema=_schema()), tmp, compression="zstd")
        os.replace(tmp, path)  # whole or absent
        self.next += 1
        self.written += len(self.rows["id"])
        self.rows = {c: [] for c in COLUMNS}


def read_shards(folder: Path, errors: dict[str, str]) -> Iterator[Report | tuple[Report, Analysis] | tuple[str, str]]:
    """The records of a folder's shards, a row group at a time: ``(Report, Analysis)``, a Report whose
    analysis failed (its reason put in ``errors``), or ``(shard#row, message)`` for a row that is not a
    record."""
    import pyarrow.parquet as pq

    for path in shard_paths(folder):
        try:
            handle = pq.ParquetFile(path)
            if not set(COLUMNS) <= set(handle.schema_arrow.names):
                yield str(path), f"not a rasad shard: columns {', '.join(COLUMNS)} expected"
                continue
            row = 0
            for batch in handle.iter_batches(batch_size=LOAD_BATCH, columns=list(COLUMNS)):
                for rec in batch.to_pylist():
                    row += 1
                    try:
                        report = Report.model_validate_json(rec["report"])
                        report.original = rec["original"] or b""
                        if rec["analysis"]:
                            analysis = Analysis.model_validate_json(rec["analysis"])
                            analysis.report = report
                            yield report, analysis
                        else:
                            errors[report.id] = rec["error"] or "analysis failed"
                            yield report
                    except Exception as exc:  # noqa: BLE001 - one bad row never stops the load
                        yield f"{path}#row{row}", f"not a record: {str(exc).splitlines()[0][:200]}"
        except Exception as exc:  # noqa: BLE001 - nor does one unreadable shard
            yield str(path), f"unreadable shard: {str(exc).splitlines()[0][:200]}"


class _ShardErrors:
    """The intake's analyser for loaded shards: a report whose analysis failed comes with its reason."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.errors: dict[str, str] = {}

    def __call__(self, reports: list[Report]) -> dict[str, Analysis | str]:
        return {r.id: self.errors.get(r.id, "no analysis in the shard") for r in reports}


def load_shards(store: Any, folder: Path, *, progress: Callable[[Any], None] | None = None, actor: str = "rasad",
                batch_size: int = LOAD_BATCH) -> Any:
    """Load a folder of shards into the log through the intake (batched inserts, one transaction per
    batch; incident reports merged at the end). Loading twice stores nothing new."""
    from rasad.analysis.version import pipeline_version
    from rasad.log.intake import Intake, _keep_error

    analyser = _ShardErrors(pipeline_version())
    bad: list[tuple[str, str]] = []

    def records() -> Iterator[Report | tuple[Report, Analysis]]:
        for rec in read_shards(folder, analyser.errors):
            if isinstance(rec, tuple) and isinstance(rec[0], str):
                bad.append(rec)  # type: ignore[arg-type]
            else:
                yield rec

    intake = Intake(store, analyser=analyser, progress=progress, actor=actor, batch_size=batch_size,  # type: ignore[arg-type]
                    bulk=True)
    summary = intake.take(records())
    for source, message in bad:
        summary.failed += 1
        summary.total += 1
        _keep_error(summary, source, message)
    return summary
