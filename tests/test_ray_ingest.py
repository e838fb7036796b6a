"""``rasad ingest --engine ray``: a real local Ray (started here, two CPUs, stopped at the end) analyses
the reports, and the log it leaves is the log a plain ``rasad ingest`` of the same inputs leaves: the
same reports, analyses, incident reports, incidents and links, row by row. A second run stores
nothing; JSON Lines and Parquet corpora are read a row at a time; a cluster of two nodes gives the
same log."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import RAY_MARK as MARK  # the tests' Ray (local_ray, in conftest)
from conftest import SEED_PATH

from rasad.log.intake import Intake
from rasad.store import open_store
from rasad.store.custody import verify
from rasad.store.schema import AnalysisRow, IncidentLink, IncidentReportRow, IncidentRow, ReportRow

ray = pytest.importorskip("ray")

from rasad.log.distributed import corpus_report, ingest_on_ray, local_runtime_env  # noqa: E402

TEXTS = [
    "Security forces arrested 12 students at Tehran University on 3 December 2022, witnesses said.\n",
    "Hengaw reported that security forces shot dead two protesters in Zahedan on 30 September 2022.\n",
    "Two protesters were killed by security forces in Zahedan on 30 September 2022, Amnesty International said.\n",
    "Workers at the Abadan refinery went on strike on 12 October 2022, according to HRANA.\n",
    "The Nowruz message spoke of the economy and of production.\n",
]
# Times that differ between any two runs, plain or not: when a row was written, when a file was read.
CLOCK_COLUMNS = {"created_at", "updated_at", "ingested_at", "deactivated_at", "retrieved_at"}
TABLES = (ReportRow, AnalysisRow, IncidentReportRow, IncidentRow, IncidentLink)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i, text in enumerate(TEXTS):
        (folder / f"report-{i}.txt").write_text(text, encoding="utf-8")
    (folder / "again.txt").write_text(TEXTS[1], encoding="utf-8")  # the same bytes twice: stored once
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")  # unreadable: a failed input both ways
    shutil.copy(SEED_PATH, folder / SEED_PATH.name)
    return folder


def log_contents(store) -> dict[str, list[dict]]:
    """Every row of the tables a user reads, without the columns that hold the clock."""
    out = {}
    with store.read_session() as s:
        for table in TABLES:
            rows = []
            for row in s.scalars(sa.select(table).order_by(*table.__table__.primary_key.columns)):
                values = {c.key: getattr(row, c.key) for c in table.__table__.columns if c.key not in CLOCK_COLUMNS}
                if table is AnalysisRow:
                    values["data"] = json.loads(json.dumps(values["data"]))
                    values["data"].get("report", {}).pop("retrieved_at", None)
                rows.append(values)
            out[table.__tablename__] = rows
    return out


@pytest.fixture(scope="module")
def plain_store(corpus, tmp_path_factory, nlp):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('plain') / 'log.db'}")
    summary = Intake(store, nlp=nlp).take([str(corpus)])
    assert summary.incident_reports and summary.failed == 1
    return store


@pytest.fixture(scope="module")
def plain_log(plain_store):
    return log_contents(plain_store)


def test_a_ray_run_leaves_the_log_a_plain_run_leaves_and_a_second_stores_nothing(local_ray, corpus, plain_log,
                                                                                tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    summary = ingest_on_ray(store, [str(corpus)], workers=2, batch_size=2)
    assert (summary.total, summary.added, summary.duplicates, summary.failed) == (8, 6, 1, 1)
    assert summary.analysed == 6 and summary.merge["incident_reports"] > 0
    assert any("empty.txt" in source for source, _ in summary.errors)
    ray_log = log_contents(store)
    for table in plain_log:
        assert ray_log[table] == plain_log[table], table
    assert len(ray_log["incidents"]) >= 2 and len(ray_log["incident_links"]) >= 3
    assert verify(store).ok  # reports stored in bulk are chained for custody as a row at a time would be

    again = ingest_on_ray(store, [str(corpus)], workers=2, batch_size=2)
    # Each readable file is done (the copy too, its bytes analysed), the empty one fails again.
    assert (again.added, again.analysed, again.incident_reports, again.skipped, again.failed) == (0, 0, 0, 7, 1)
    assert log_contents(store) == ray_log


def test_a_large_batch_of_incident_reports_is_merged_in_parallel_partitions_to_the_same_log(local_ray, corpus,
                                                                                           plain_store, plain_log,
                                                                                           tmp_path, monkeypatch):
    from rasad.log import distributed, parallel_merge

    monkeypatch.setattr(distributed, "PARALLEL_MERGE_FROM", 1)  # this small corpus counts as a large batch
    calls: list[int] = []
    merge_parallel = parallel_merge.merge_parallel
    monkeypatch.setattr(parallel_merge, "merge_parallel", lambda store, **kw: calls.append(1) or merge_parallel(store, **kw))
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    summary = ingest_on_ray(store, [str(corpus)], workers=2, batch_size=2)
    assert calls == [1] and summary.merge["incident_reports"] > 0
    # The same reports, analyses and incident reports; the same links and incidents as sets of reports
    # (the parallel merge's writing tasks number the incidents in another order).
    ray_log = log_contents(store)
    for table in ("reports", "analyses", "incident_reports"):
        assert ray_log[table] == plain_log[table], table
    assert len(ray_log["incidents"]) == len(plain_log["incidents"])
    assert parallel_merge.link_groups(store) == parallel_merge.link_groups(plain_store)


def test_json_lines_and_parquet_corpora_give_one_report_a_row_with_its_metadata(local_ray, tmp_path, nlp):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"text": text, "title": f"Report {i}", "url": f"https://example.org/{i}",
             "published_at": "2022-10-01", "publisher": "Example News", "language": "en"}
            for i, text in enumerate(TEXTS[:4])]
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n{\"title\": \"no text\"}\nnot json\n",
                     encoding="utf-8")
    parquet = tmp_path / "corpus.parquet"
    pq.write_table(pa.Table.from_pylist(rows[2:]), parquet)

    store = open_store(f"sqlite:///{tmp_path / 'ray.db'}")
    summary = ingest_on_ray(store, [str(jsonl), str(parquet)], workers=1, batch_size=4)
    assert (summary.total, summary.added, summary.analysed, summary.failed) == (6, 4, 4, 2)
    assert {source.rsplit("#", 1)[1] for source, _ in summary.errors} == {"L3", "L4"}
    stored = {r["title"]: r for r in log_contents(store)["reports"]}
    assert stored["Report 0"]["url"] == "https://example.org/0" and stored["Report 3"]["publisher"] == "Example News"
    assert stored["Report 2"]["text"] == TEXTS[2] and stored["Report 2"]["original"] == TEXTS[2].encode()
    assert stored["Report 1"]["source"] == f"{jsonl}#L2" and stored["Report 3"]["source"] == f"{parquet}#row2"

    # The same rows handed to a plain intake as reports leave the same log.
    plain = open_store(f"sqlite:///{tmp_path / 'plain.db'}")
    sources = [f"{jsonl}#L1", f"{jsonl}#L2", f"{parquet}#row1", f"{parquet}#row2"]
    Intake(plain, nlp=nlp).take([corpus_report(r, s) for r, s in zip(rows, sources)])
    assert log_contents(store) == log_contents(plain)


def test_the_command_line_runs_the_ray_engine_and_refuses_an_unknown_one(local_ray, tmp_path):
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    _load_commands()
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"text": TEXTS[0], "title": "Arrests"}) + "\n", encoding="utf-8")
    env = {"RASAD_DATABASE_URL": f"sqlite:///{tmp_path / 'log.db'}"}
    done = CliRunner().invoke(app, ["ingest", "--engine", "ray", "--workers", "1", str(corpus)], env=env)
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())  # the summary wraps at the terminal's width
    assert "1 added" in said and "1 analysed" in said and "1 new incidents" in said
    refused = CliRunner().invoke(app, ["ingest", "--engine", "spark", str(corpus)], env=env)
    assert refused.exit_code == 1 and "--engine must be local or ray" in refused.output


def test_parquet_shards_then_load_leave_the_log_a_plain_run_leaves(local_ray, corpus, plain_log, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app
    from rasad.log import shards
    from rasad.log.distributed import write_shards_on_ray

    monkeypatch.setattr(shards, "SHARD_ROWS", 4)  # several shards
    folder = tmp_path / "shards"
    written = write_shards_on_ray([str(corpus)], folder, workers=2, batch_size=2)
    assert (written.total, written.added, written.analysed, written.duplicates, written.failed) == (8, 6, 6, 1, 1)
    assert len(shards.shard_paths(folder)) == 2 and len(shards.shard_ids(folder)) == 6
    again = write_shards_on_ray([str(corpus)], folder, workers=2, batch_size=2)  # the shards hold them all
    assert (again.added, again.skipped) == (0, 7) and len(shards.shard_paths(folder)) == 2

    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    loaded = shards.load_shards(store, folder)
    assert (loaded.added, loaded.analysed, loaded.failed) == (6, 6, 0) and loaded.merge["incident_reports"] > 0
    assert log_contents(store) == plain_log
    twice = shards.load_shards(store, folder)
    assert (twice.added, twice.duplicates, twice.analysed, twice.incident_reports) == (0, 6, 0, 0)
    assert log_contents(store) == plain_log

    # The same through the command line.
    _load_commands()
    env = {"RASAD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    out = tmp_path / "cli-shards"
    done = CliRunner().invoke(app, ["ingest", "--engine", "ray", "--to", "parquet", str(out), str(corpus)], env=env)
    assert done.exit_code == 0, done.output
    assert "6 written to shards" in " ".join(done.output.split())
    assert not (tmp_path / "cli.db").exists()  # no log opened
    done = CliRunner().invoke(app, ["load", str(out)], env=env)
    assert done.exit_code == 0, done.output
    assert log_contents(open_store(env["RASAD_DATABASE_URL"])) == plain_log
    refused = CliRunner().invoke(app, ["ingest", "--to", "parquet", str(out), str(corpus)], env=env)
    assert refused.exit_code == 1 and "add --engine ray" in refused.output
    assert CliRunner().invoke(app, ["load", str(tmp_path / "nothing")], env=env).exit_code == 1


@pytest.mark.postgres
def test_loading_shards_into_postgresql_batches_the_inserts(local_ray, corpus, plain_log, tmp_path):
    from conftest_store import postgres_schema_url
    from sqlalchemy import event

    from rasad.log import shards
    from rasad.log.distributed import write_shards_on_ray

    folder = tmp_path / "shards"
    write_shards_on_ray([str(corpus)], folder, workers=1, batch_size=4)
    with postgres_schema_url() as url:
        store = open_store(url)
        inserts: list[str] = []
        event.listen(store.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *a: inserts.append(statement) if statement.startswith("INSERT") else None)
        loaded = shards.load_shards(store, folder)
        assert (loaded.added, loaded.analysed) == (6, 6)
        into = [s.split()[2] for s in inserts]
        # Reports, analyses and incident reports come in by COPY (no INSERT of them at all), and the
        # reports' custody links in one statement for the batch.
        assert not {"reports", "analyses", "incident_reports"} & set(into)
        assert into.count("custody_links") == 1
        pg = log_contents(store)
        for table in ("reports", "analyses", "incident_reports"):
            assert len(pg[table]) == len(plain_log[table])
        assert [r["id"] for r in pg["reports"]] == [r["id"] for r in plain_log["reports"]]
        assert [r["data"] for r in pg["analyses"]] == [r["data"] for r in plain_log["analyses"]]
        ignore = {"id"}  # the incident reports' serial keys
        assert [{k: v for k, v in r.items() if k not in ignore} for r in pg["incident_reports"]] == \
            [{k: v for k, v in r.items() if k not in ignore} for r in plain_log["incident_reports"]]
        assert verify(store).ok  # the bulk-loaded reports are chained as a row at a time would be
        store.close()


def analysis_workers() -> list[int]:
    """Process ids of this module's Ray analysis actors (Ray titles them ``ray::MapWorker(...)``)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                title = f.read()
            with open(f"/proc/{entry}/environ", "rb") as f:
                env = f.read()
        except OSError:
            continue
        if title.startswith(b"ray::MapWorker(MapBatches(AnalyseBatch))") and f"RASAD_TEST_RAY={MARK}".encode() in env:
            pids.append(int(entry))
    return pids


@pytest.mark.slow
def test_a_worker_killed_during_the_run_is_restarted_and_nothing_is_lost_or_stored_twice(local_ray, corpus, plain_log,
                                                                                        tmp_path):
    killed: list[int] = []

    def kill_one_worker(event):
        if event.stage == "stored" and not killed:  # the first report is stored, the others are under way
            pids = analysis_workers()
            assert pids, "no analysis worker found to kill"
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    summary = ingest_on_ray(store, [str(corpus)], workers=2, batch_size=1, commit_batch=1, progress=kill_one_worker)
    assert killed
    assert (summary.added, summary.analysed, summary.failed) == (6, 6, 1)  # the empty file only
    assert log_contents(store) == plain_log
    assert killed[0] not in analysis_workers()


class Stop(Exception):
    pass


@pytest.mark.slow
def test_a_run_stopped_half_way_and_started_again_stores_each_report_once(local_ray, corpus, plain_log, tmp_path):
    def stop_after_two_batches(event):
        if event.stage == "stored" and event.done >= 4:
            raise Stop  # as a run killed between two commits

    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    with pytest.raises(Stop):
        ingest_on_ray(store, [str(corpus)], workers=2, batch_size=1, commit_batch=2, progress=stop_after_two_batches)
    half = log_contents(store)
    assert 0 < len(half["analyses"]) < len(plain_log["analyses"])
    again = ingest_on_ray(store, [str(corpus)], workers=2, batch_size=1, commit_batch=2)
    assert again.analysed == 6 - len(half["analyses"]) and again.added == 6 - len(half["reports"])
    assert log_contents(store) == plain_log  # each report, analysis and incident report once, all merged


def test_a_cluster_of_two_nodes_leaves_the_same_log_in_windows(corpus, plain_log, tmp_path, monkeypatch):
    from ray.cluster_utils import Cluster

    from rasad.log import distributed

    monkeypatch.setattr(distributed, "WINDOW_REPORTS", 4)  # the driver's windows: two datasets, one after the other

    ray.shutdown()  # the tests' single-node Ray, if a test before started it (the next starts it again)
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False,
                                                            "object_store_memory": 128 * 1024**2})
    try:
        cluster.add_node(num_cpus=1, object_store_memory=128 * 1024**2)
        ray.init(address=cluster.address, log_to_driver=False, runtime_env=local_runtime_env())
        assert len([n for n in ray.nodes() if n["Alive"]]) == 2
        store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
        ingest_on_ray(store, [str(corpus)], workers=2, batch_size=2)
        assert log_contents(store) == plain_log
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_each_analysis_actor_sizes_its_thread_pools_to_the_cpus_ray_gave_it(local_ray):
    """An actor of one CPU runs its encoders with one onnxruntime thread and its BLAS / OpenMP pools
    with one thread, not the two a process on its own uses: two such actors on two cores then run two
    threads, not six."""
    from rasad.log.distributed import AnalyseBatch

    actor = ray.remote(num_cpus=1)(AnalyseBatch).remote()
    try:
        pools = ray.get(actor.thread_pools.remote())
    finally:
        ray.kill(actor)
    assert pools["cpus"] == 1
    assert pools["onnxruntime"] == {"framing": 1, "mpnet": 1}
    assert pools["native"] and all(threads == 1 for _, threads in pools["native"])


def test_a_small_window_is_cut_so_that_the_workers_finish_together_and_a_local_ray_shares_its_cores():
    from rasad.log.distributed import BLOCKS_PER_WORKER, block_size, worker_cpus
    from rasad.models import available_cores

    assert block_size(100, 2, 32) == 13  # 8 blocks for 2 workers, not 32 + 32 + 32 + 4
    assert -(-100 // block_size(100, 2, 32)) == 2 * BLOCKS_PER_WORKER
    assert block_size(5000, 2, 32) == 32  # a large window keeps the batch size asked for
    assert block_size(3, 2, 32) == 1
    assert worker_cpus(1, local=True) == available_cores()
    assert worker_cpus(available_cores() * 2, local=True) == 1
    assert worker_cpus(1, local=False) == 1  # a cluster: one CPU a worker unless told
