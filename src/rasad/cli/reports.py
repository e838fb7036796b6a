"""Commands that read reports: ``analyze``, ``ingest`` and ``demo`` (what ``make run`` does)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from rasad.cli import app, common
from rasad.config import REPO_ROOT

console, _fail = common.console, common.fail


def _read(target: str, allow_private: bool):
    from rasad import ingest

    if target == "-":
        return ingest.read_bytes(sys.stdin.buffer.read(), source="<stdin>")
    if "://" in target:
        return ingest.read_url(target, allow_private=allow_private)  # the guard refuses other schemes
    return ingest.read_path(Path(target))


# The exit status of `rasad analyze` when the analysis ran past its time budget (cut short, or stopped).
BUDGET_EXIT = 3


@app.command()
def analyze(
    target: str = typer.Argument(..., help="a file, an http(s) URL, or - for standard input"),
    as_json: bool = typer.Option(False, "--json", help="print the full structured record"),
    allow_private: bool = typer.Option(False, "--allow-private", help="let URLs reach private addresses"),
    timeout: float = typer.Option(None, "--timeout", min=0, metavar="SECONDS",
                                  help="the analysis's time budget (default RASAD_ANALYSIS_TIMEOUT_S, 120; 0: none). "
                                       f"Past it the analysis is stopped and the exit status is {BUDGET_EXIT}"),
) -> None:
    """Read one report and print its analysis.

    The analysis runs in a worker process that is stopped when it runs past its time budget (the one the
    web app and ingest use): a hostile report cannot hold the command. A report cut short prints what was
    analysed and a warning; one stopped prints one error line; both exit with status 3."""
    from rasad.analysis.worker import BUDGET_FLAG, WorkerFailed
    from rasad.ingest import IngestError
    from rasad.log.intake import Analyser

    if timeout is not None:
        import os

        from rasad.config import get_settings

        os.environ["RASAD_ANALYSIS_TIMEOUT_S"] = f"{timeout:g}"  # read by the worker too
        get_settings.cache_clear()
    try:
        report = _read(target, allow_private)
    except IngestError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot read {target}: {exc.strerror or exc}")
    analyser = Analyser(warm_languages=(report.language,))  # one report: the other languages' warm-up is waste
    try:
        analysis = analyser([report])[report.id]
    except WorkerFailed as exc:  # the pipeline did not load (a missing model): one line, not a traceback
        _fail(str(exc))
    finally:
        analyser.close()
    if isinstance(analysis, str):  # stopped at the deadline, or failed: the one-line error
        _fail(analysis, code=BUDGET_EXIT if analysis.startswith(BUDGET_FLAG) else 1)
    if as_json:
        sys.stdout.write(json.dumps(analysis.to_json_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from rasad.cli.render import print_analysis

        print_analysis(console, analysis)
    if BUDGET_FLAG in analysis.flags:
        common.warn(f"{BUDGET_FLAG}: the analysis stopped at its time budget; what is shown covers the text up "
                    "to the analysis-truncated flag's offset (RASAD_ANALYSIS_TIMEOUT_S, --timeout)")
        raise typer.Exit(BUDGET_EXIT)
    if not report.text.strip():
        raise typer.Exit(2)  # stored nothing to analyse: say so through the exit status too


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="files, folders or globs"),
    analyse: bool = typer.Option(True, "--analyse/--no-analyse", help="run the analysis pipeline"),
    batch_size: int = typer.Option(32, help="reports per transaction (with --engine ray: per worker call)"),
    engine: str = typer.Option("local", help="local: analyse in this process; ray: on a Ray cluster (docs/scale.md)"),
    address: str | None = typer.Option(None, help="with --engine ray: the cluster's address (default: a local Ray "
                                       "started for the run)"),
    workers: int = typer.Option(2, min=1, help="with --engine ray: analysis actors"),
    cpus_per_worker: int | None = typer.Option(None, min=1, help="with --engine ray: CPUs of each analysis actor, "
                                               "which sizes its thread pools (default: on a local Ray this "
                                               "machine's cores shared out among the workers; on a cluster 1)"),
    to: tuple[str, str] | None = typer.Option(None, "--to", metavar="parquet DIR",
                                       help="with --engine ray: write the analysis records as Parquet shards into "
                                       "DIR instead of the log (`rasad load DIR` stores them later)"),
) -> None:
    """Store reports (original bytes + SHA-256) and their analyses. Re-ingesting is a no-op.
    With --engine ray, .jsonl/.ndjson/.parquet files are corpora: one report per row's text column.
    `--engine ray --to parquet DIR` writes Parquet shards instead (`rasad load DIR` stores them later)."""
    from rasad.cli.progress import IntakeBar
    from rasad.log.intake import Intake

    if engine not in ("local", "ray"):
        common.fail(f"--engine must be local or ray, not {engine!r}")
    if engine == "ray" and not analyse:
        common.fail("--engine ray runs the analysis: drop --no-analyse, or use the local engine")
    if to:
        if to[0] != "parquet":
            common.fail(f"--to must be followed by parquet and a folder, not {to[0]!r}")
        if engine != "ray":
            common.fail("--to parquet runs on Ray: add --engine ray")
        from rasad.log.distributed import write_shards_on_ray

        with IntakeBar() as bar:
            summary = write_shards_on_ray(paths, Path(to[1]), address=address, workers=workers,
                                          batch_size=batch_size, cpus_per_worker=cpus_per_worker, progress=bar)
        console.print(common.printable(summary.describe().replace(" added", " written to shards", 1)), highlight=False)
        if summary.failed and not (summary.added or summary.skipped):
            raise typer.Exit(1)
        return
    with common.open_store_or_fail() as store, IntakeBar() as bar:
        if engine == "ray":
            from rasad.log.distributed import ingest_on_ray

            summary = ingest_on_ray(store, paths, address=address, workers=workers, batch_size=batch_size,
                                    cpus_per_worker=cpus_per_worker, progress=bar)
        else:
            summary = Intake(store, analyse=analyse, batch_size=batch_size, progress=bar).take(paths)
    console.print(common.printable(summary.describe()), highlight=False)  # file names and errors are data
    if summary.failed and not (summary.added or summary.duplicates or summary.skipped):
        raise typer.Exit(1)  # nothing could be read at all


@app.command()
def load(
    folder: Path = typer.Argument(..., help="a folder of Parquet shards written by `rasad ingest --to parquet`"),
) -> None:
    """Store the analysis records of Parquet shards in the log (COPY on PostgreSQL, batched inserts on SQLite; loading twice adds nothing)."""
    from rasad.cli.progress import IntakeBar
    from rasad.log.shards import load_shards, shard_paths

    if not folder.is_dir() or not shard_paths(folder):
        common.fail(f"{folder}: no shards (part-*.parquet) there")
    with common.open_store_or_fail() as store, IntakeBar("load") as bar:
        summary = load_shards(store, folder, progress=bar)
    console.print(common.printable(summary.describe()), highlight=False)
    if summary.failed and not (summary.added or summary.duplicates):
        raise typer.Exit(1)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="address the web app listens on"),
    port: int = typer.Option(8000, help="port of the web app"),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="start the web app after ingesting"),
) -> None:
    """Ingest the bundled sample reports into the local log, summarise it, and serve the web app."""
    from rasad.demo import run_demo

    run_demo(console, samples=REPO_ROOT / "samples", host=host, port=port, serve=serve)
