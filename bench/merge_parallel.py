"""Benchmark: merge a batch of new incident reports into a PostgreSQL log serially, and in parallel
partitions on Ray (``rasad merge --engine ray``), from the same starting log; the links must be identical.

    python bench/merge_parallel.py --server postgresql+psycopg://postgres@127.0.0.1:5432 \\
        --name ray_merge --base 1000000 --batch 100000 --workers 2

1. Builds a synthetic log of ``--base`` incidents and a batch of ``--batch`` new incident reports
   (``bench/merge.py``'s generator: a third of them other accounts of logged incidents) in the database
   ``NAME_tpl`` — once: a later run with the same sizes reuses it (``--rebuild`` builds it again). The
   rows are bulk-loaded with COPY, secondary indexes built after the load (1M incidents: minutes).
2. Copies it twice (``CREATE DATABASE ... TEMPLATE``), so both merges start from the same log.
3. Times ``merge_pending`` (serial) on one copy and ``merge_parallel`` with ``--workers`` Ray workers on
   the other (Ray's start and stop included), then compares the links: which new reports went to which
   logged incident, and which were grouped into new incidents together, with the same scores and
   explanations. Prints both times and the ratio serial / parallel (bar, issue 20: >= 1.6 with two workers).
   ``--merge-first N`` merges only the batch's first N reports (the log stays whole): a smaller run on
   the same large log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def admin(server: str, database: str = "postgres"):
    import psycopg

    return psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://") + "/" + database, autocommit=True)


def exists(server: str, name: str) -> bool:
    with admin(server) as c:
        return c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def recreate(server: str, name: str, template: str | None = None) -> None:
    with admin(server) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def build(url: str, base: int, batch: int, seed: int) -> float:
    """The log of ``base`` incidents (one incident report each, linked and indexed) and the batch's
    ``batch`` unmerged incident reports, bulk-loaded with PostgreSQL's COPY (``gen_synthetic.Loader``):
    secondary indexes dropped during the load and built after it (a sorted index build instead of a
    million row-by-row updates), then ``VACUUM ANALYZE`` so the planner knows the tables' sizes. The rows
    are ``bench/merge.py``'s generator's, built by the same functions the log uses
    (``incident_report_row``, ``index_keys``); only the way they reach the database differs."""
    import merge as bench_merge  # bench/merge.py: the merge benchmark's generator
    from gen_synthetic import Loader  # bench/gen_synthetic.py: COPY with secondary indexes built after

    from rasad.log.merge import index_keys
    from rasad.log.service import features_of_row
    from rasad.store import incident_report_row, open_store

    rng = random.Random(seed)
    start, span = dt.date(2022, 9, 1), 3 * 365
    t0 = time.perf_counter()
    # Same draws, in the same order, as bench/merge.py's build_log followed by the batch.
    logged = [bench_merge.make_item(rng, start, span) for _ in range(base)]
    items = [bench_merge.other_account(rng.choice(logged), rng) if rng.random() < 0.33
             else bench_merge.make_item(rng, start, span) for _ in range(batch)]
    now = dt.datetime.now(dt.timezone.utc)
    ir_cols = ["id", "source_key", "pipeline_version", "ordinal", "event_type", "sub_type", "date", "date_precision",
               "date_start", "date_end", "place_name", "geonameid", "province", "country", "lat", "lon", "counts",
               "victims", "evidence", "confidence", "background", "data", "created_at"]
    inc_cols = ["id", "status", "event_type", "sub_type", "date", "date_precision", "date_start", "date_end",
                "province", "place_name", "country", "data", "figures", "victims", "source_groups", "corroboration",
                "fatalities", "created_at", "updated_at"]
    link_cols = ["id", "incident_report_id", "incident_id", "explanation", "created_by", "created_at", "active"]
    key_cols = ["id", "incident_report_id", "key"]
    tables = ["incident_reports", "incidents", "incident_links", "merge_keys"]
    js = lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False)  # noqa: E731 - JSON columns as text
    with open_store(url) as store:
        loader = Loader(store)
        indexes = loader.secondary_indexes(tables)
        for name, _sql in indexes:
            loader.execute(f"DROP INDEX {name}")
        n_keys = 0
        everything = [(f"base:{i}", it) for i, it in enumerate(logged)] + [(f"new:{i}", it) for i, it in enumerate(items)]
        for lo in range(0, len(everything), 50_000):
            irs, incs, links, keys = [], [], [], []
            for offset, (source_key, it) in enumerate(everything[lo : lo + 50_000]):
                ir_id = lo + offset + 1
                r = incident_report_row(it, pipeline_version="bench", source_key=source_key)
                irs.append((ir_id, r.source_key, r.pipeline_version, 0, r.event_type, r.sub_type, r.date,
                            r.date_precision, r.date_start, r.date_end, r.place_name, r.geonameid, r.province,
                            r.country, r.lat, r.lon, js(r.counts or {}), js(r.victims or []), js(r.evidence or []),
                            r.confidence, False, js(r.data or {}), now))
                if ir_id > base:  # the batch: left unmerged
                    continue
                incs.append((ir_id, "unreviewed", r.event_type, r.sub_type, r.date, r.date_precision, r.date_start,
                             r.date_end, r.province, r.place_name, r.country, "{}", "{}", js(r.victims or []), "[]", 1,
                             (r.counts or {}).get("killed"), now, now))
                links.append((ir_id, ir_id, ir_id, "{}", "bench", now, True))
                for k in sorted(index_keys(features_of_row(r))):
                    n_keys += 1
                    keys.append((n_keys, ir_id, k))
            loader.insert("incident_reports", ir_cols, irs)
            loader.insert("incidents", inc_cols, incs)
            loader.insert("incident_links", link_cols, links)
            loader.insert("merge_keys", key_cols, keys)
            print(f"\r  loaded {lo + len(irs):,}/{len(everything):,} incident reports "
                  f"({time.perf_counter() - t0:.0f} s)", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        for table in tables:  # the identity columns ahead of the explicit ids
            loader.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
        loader.execute("SET maintenance_work_mem = '512MB'")
        for _name, sql in indexes:
            loader.execute(sql)
        loader.execute("UPDATE log_changes SET n = n + 1 WHERE id = 1")
        loader.close()
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    ap.add_argument("--name", default="rasad_merge_bench", help="prefix of the databases this bench makes")
    ap.add_argument("--base", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--merge-first", type=int, default=None, metavar="N",
                    help="merge only the batch's first N reports (the rest deleted from both copies before timing)")
    ap.add_argument("--skip-serial", action="store_true", help="time the parallel merge only (no comparison)")
    args = ap.parse_args(argv)

    tpl = f"{args.name}_{args.base}_{args.batch}_tpl"
    if args.rebuild or not exists(args.server, tpl):
        recreate(args.server, tpl + "_part")
        took = build(f"{args.server}/{tpl}_part", args.base, args.batch, args.seed)
        with admin(args.server) as c:  # renamed only once complete: a half-built template is never reused
            c.execute(f'DROP DATABASE IF EXISTS "{tpl}"')
            c.execute(f'ALTER DATABASE "{tpl}_part" RENAME TO "{tpl}"')
        print(f"built {tpl}: {args.base:,} incidents + {args.batch:,} new incident reports in {took:.0f} s")
    if args.build_only:
        return 0

    from rasad.log.parallel_merge import link_groups, merge_parallel
    from rasad.log.service import merge_pending
    from rasad.store import open_store

    merged = args.batch if args.merge_first is None else min(args.batch, args.merge_first)
    times: dict[str, float] = {}
    groups: dict[str, object] = {}
    runs = ["parallel"] if args.skip_serial else ["serial", "parallel"]
    for run in runs:
        name = f"{args.name}_{run}"
        recreate(args.server, name, tpl)
        if args.merge_first is not None:
            with admin(args.server, name) as c:
                c.execute("DELETE FROM incident_reports WHERE id > %s", (args.base + args.merge_first,))
                c.execute("VACUUM ANALYZE incident_reports")
        with open_store(f"{args.server}/{name}") as store:
            load_before = os.getloadavg()[0]  # the machine's load beside the time: a shared machine's runs differ
            t0 = time.perf_counter()
            if run == "serial":
                result = merge_pending(store)
            else:
                steps: dict[str, float] = {}
                result = merge_parallel(store, workers=args.workers, timings=steps)
                print("  parallel steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items()), flush=True)
            times[run] = time.perf_counter() - t0
            load = f"load {load_before:.1f} -> {os.getloadavg()[0]:.1f}"
            groups[run] = link_groups(store)
        print(f"{run:8s}: {times[run]:8.1f} s  {merged / times[run]:8,.0f} reports/s  "
              f"merged {result['merged']:,}, new incidents {result['new_incidents']:,}  ({load})", flush=True)
    print(f"log: {args.base:,} incidents, batch {merged:,} (PostgreSQL), workers {args.workers}")
    if not args.skip_serial:
        same = groups["serial"] == groups["parallel"]
        print(f"links identical: {same}")
        print(f"SERIAL_S={times['serial']:.1f} PARALLEL_S={times['parallel']:.1f} "
              f"RATIO={times['serial'] / times['parallel']:.2f} SAME_LINKS={same}")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
