"""Scale benchmark: filtered incident listings and report search on a large log (see gen_synthetic.py).

    python bench/gen_synthetic.py --url sqlite:////tmp/rasad-scale.db --incidents 1000000
    python bench/scale.py --url sqlite:////tmp/rasad-scale.db
    python bench/scale.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test --pg-schema rasad_scale
    python bench/scale.py --url sqlite:////tmp/rasad-scale.db \
        --encrypted-url 'sqlite+pysqlcipher://:bench-key@//tmp/rasad-scale-encrypted.db' --make-encrypted

Each listing is the page query a listing screen runs (newest first, 50 rows) with random parameters per
repetition; it prints p50/p95 in milliseconds, next to the same query with the indexes switched off
(SQLite ``NOT INDEXED``, PostgreSQL ``enable_indexscan/bitmapscan = off``) measured in the same run as the
baseline. Search goes through ``Store.search_reports`` (FTS5 / tsvector). Target: p95 < 100 ms.

With ``--encrypted-url`` it measures the cost of encryption at rest instead: every listing (the bare page
query above, and the application's own ``list_incidents`` with the same filter: the ``app:`` rows) and
search on the plain log and on its SQLCipher copy (``--make-encrypted`` writes the copy), the same random
parameters for both, alternating between the two in rounds; wall-clock and this thread's CPU time, and the
load average. Target: each p95 within 1.3x of the plain log's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_synthetic import EVENTS, PROVINCES, STATUSES, pg_schema_url, rare_words  # noqa: E402
from sqlalchemy import text  # noqa: E402

from rasad.store import open_store  # noqa: E402

PAGE = 50
COLUMNS = "id, status, event_type, sub_type, date, province, place_name, fatalities, corroboration"


def window(rng: random.Random, days: int) -> dict[str, str]:
    start = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365 - days))
    return {"d0": start.isoformat(), "d1": (start + dt.timedelta(days=days)).isoformat()}


# name -> (WHERE clause, parameter sampler)
LISTINGS = {
    "type": ("event_type = :t", lambda r: {"t": r.choice(EVENTS)[0]}),
    "date range (30 days)": ("date_start BETWEEN :d0 AND :d1", lambda r: window(r, 30)),
    "province": ("province = :p", lambda r: {"p": r.choice(PROVINCES)[0]}),
    "status": ("status = :s", lambda r: {"s": r.choice(STATUSES)}),
    "type + province + 1 year": (
        "event_type = :t AND province = :p AND date_start BETWEEN :d0 AND :d1",
        lambda r: {"t": r.choice(EVENTS)[0], "p": r.choice(PROVINCES)[0]} | window(r, 365),
    ),
    "status + date range (90 days)": (
        "status = :s AND date_start BETWEEN :d0 AND :d1",
        lambda r: {"s": r.choice(STATUSES)} | window(r, 90),
    ),
}
# The same filters through the application's own listing (``list_incidents``: what ``rasad incidents`` and the
# web listing run: case-insensitive type/sub-type and province, incidents with an active report, the summary
# columns). Sampled parameter -> IncidentFilter field.
APP_FIELDS = {"t": "event_type", "p": "province", "s": "status", "d0": "date_from", "d1": "date_to"}
SEARCHES = {
    "common word": ["protesters", "arrested", "witnesses", "province"],
    "city": ["Zahedan", "Sanandaj", "Tabriz", "Yasuj", "Birjand"],
    "name (two words)": ["Mahsa Amini", "Nika Shakarami", "Kian Pirfalak", "Hadis Najafi"],
    # lexicon words gen_synthetic.py used a few dozen to a few hundred times (its Pareto ranks 100-300)
    "rare word": [],
    "no match": ["xylophone", "quasar nebula"],
}


def timed(fn) -> tuple[float, int]:  # noqa: ANN001
    t0 = time.perf_counter()
    n = fn()
    return (time.perf_counter() - t0) * 1000, n


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def listing(store, where: str, params: dict, *, indexed: bool) -> int:  # noqa: ANN001
    table = "incidents" if indexed or store.backend != "sqlite" else "incidents NOT INDEXED"
    sql = text(f"SELECT {COLUMNS} FROM {table} WHERE {where} ORDER BY date_start DESC, id DESC LIMIT {PAGE}")
    with store.read_session() as s:
        if not indexed and store.backend != "sqlite":
            for knob in ("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan"):
                s.execute(text(f"SET LOCAL {knob} = off"))
        return len(s.execute(sql, params).all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="sqlite:////tmp/rasad-scale.db")
    parser.add_argument("--pg-schema", help="PostgreSQL schema gen_synthetic.py loaded")
    parser.add_argument("--reps", type=int, default=200, help="repetitions per query kind")
    parser.add_argument("--baseline-reps", type=int, default=5, help="repetitions of the unindexed baseline")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gen-seed", type=int, default=2022, help="the --seed gen_synthetic.py used")
    parser.add_argument("--encrypted-url", help="the same log encrypted (sqlite+pysqlcipher://:KEY@/path): "
                        "also measure it against --url, query kind by query kind, and print the p95 ratios")
    parser.add_argument("--make-encrypted", action="store_true",
                        help="first write --encrypted-url's file as an encrypted copy of --url's (rasad encrypt's code)")
    parser.add_argument("--only", action="append", help="encrypted comparison: only the query kinds whose name "
                        "holds this text (repeatable), e.g. --only app: --only 'list: type'")
    parser.add_argument("--cold", action="store_true",
                        help="encrypted comparison: empty each log's page cache before every query (PRAGMA "
                        "shrink_memory), as any commit by another connection does to a reader in WAL mode: "
                        "the encrypted log decrypts every page again, the plain one reads the OS file cache")
    parser.add_argument("--rounds", type=int, default=0, help="encrypted comparison: alternate the two logs this "
                        "many times per query kind, so the machine's load falls on both alike (default: every query)")
    args = parser.parse_args()
    if args.encrypted_url:
        args.rounds = args.rounds or args.reps
        compare_encrypted(args)
        return
    url = pg_schema_url(args.url, args.pg_schema) if args.pg_schema else args.url
    rng = random.Random(args.seed)
    lexicon = rare_words(random.Random(args.gen_seed))
    SEARCHES["rare word"] = [lexicon[(k * 7) % len(lexicon)] for k in range(100, 300, 10)]
    store = open_store(url)
    counts = store.stats()
    print(f"# {counts['database']}: {counts['incidents']:,} incidents, {counts['incident_reports']:,} incident "
          f"reports, {counts['reports']:,} reports")
    results: dict[str, dict] = {}
    print(f"{'query':34} {'p50 ms':>8} {'p95 ms':>8} {'rows':>6} {'no-index p50':>13} {'ratio':>7}")
    for name, (where, sample) in LISTINGS.items():
        listing(store, where, sample(rng), indexed=True)  # warm the cache once
        runs = [timed(lambda: listing(store, where, sample(rng), indexed=True)) for _ in range(args.reps)]
        base = [timed(lambda: listing(store, where, sample(rng), indexed=False))[0] for _ in range(args.baseline_reps)]
        ms = [t for t, _ in runs]
        row = {"p50_ms": round(p(ms, 0.5), 2), "p95_ms": round(p(ms, 0.95), 2),
               "rows_median": statistics.median(n for _, n in runs),
               "unindexed_p50_ms": round(p(base, 0.5), 1), "speedup": round(p(base, 0.5) / max(p(ms, 0.5), 1e-6), 1)}
        results["list: " + name] = row
        print(f"{'list: ' + name:34} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {row['rows_median']:6.0f} "
              f"{row['unindexed_p50_ms']:13.1f} {row['speedup']:6.0f}x")
    for name, queries in SEARCHES.items():
        store.search_reports(queries[0])
        runs = [timed(lambda: len(store.search_reports(rng.choice(queries), limit=20))) for _ in range(args.reps)]
        ms = [t for t, _ in runs]
        row = {"p50_ms": round(p(ms, 0.5), 2), "p95_ms": round(p(ms, 0.95), 2),
               "rows_median": statistics.median(n for _, n in runs)}
        results["search: " + name] = row
        print(f"{'search: ' + name:34} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {row['rows_median']:6.0f}")
    worst = max(r["p95_ms"] for r in results.values())
    print(f"# worst p95: {worst:.1f} ms (target < 100 ms): {'OK' if worst < 100 else 'MISSED'}")
    print(json.dumps({"database": counts["database"], "incidents": counts["incidents"], "results": results}))
    store.close()


def runner(store, kind: str, name: str, *, cold: bool = False):  # noqa: ANN001, ANN201
    """A function (rng) -> (wall, CPU) milliseconds of one query of this kind on ``store``. The CPU time is
    this thread's own (time.thread_time): what the query cost, without the time the scheduler gave other
    processes meanwhile, which on a shared 2-core machine makes most of a sub-millisecond query's p95."""
    if kind == "list":
        where, sample = LISTINGS[name]

        def query(rng):  # noqa: ANN001, ANN202
            return listing(store, where, sample(rng), indexed=True)
    elif kind == "app":
        from rasad.log.queries import IncidentFilter, list_incidents

        sample = LISTINGS[name][1]

        def query(rng):  # noqa: ANN001, ANN202
            fields = {APP_FIELDS[k]: v for k, v in sample(rng).items()}
            return len(list_incidents(store, IncidentFilter(limit=PAGE, **fields)))
    else:
        queries = SEARCHES[name]

        def query(rng):  # noqa: ANN001, ANN202
            return len(store.search_reports(rng.choice(queries), limit=20))

    def run(rng):  # noqa: ANN001, ANN202
        if cold:  # what a commit by another connection does to a reader (SQLite WAL), untimed
            with store.read_session() as s:
                s.execute(text("PRAGMA shrink_memory"))
        c0, t0 = time.thread_time(), time.perf_counter()
        query(rng)
        return (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000

    return run


def compare_encrypted(args) -> None:  # noqa: ANN001
    """The cost of encryption at rest: each query kind on the plain log and on its encrypted copy, with the
    same random parameters, alternating between the two logs in rounds."""
    from sqlalchemy.engine import make_url

    from rasad.store.cipher import reencrypt

    lexicon = rare_words(random.Random(args.gen_seed))
    SEARCHES["rare word"] = [lexicon[(k * 7) % len(lexicon)] for k in range(100, 300, 10)]
    if args.make_encrypted:
        import shutil

        plain_path = Path(make_url(args.url).database)
        enc = make_url(args.encrypted_url)
        import sqlite3

        with open_store(args.url) as plain:  # migrated to head first, so both logs are the same
            with plain._write_lock.held():
                conn = sqlite3.connect(plain_path, isolation_level=None)
                busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                conn.close()
                assert not busy, "the log is in use: could not checkpoint it before copying"
        t0 = time.perf_counter()
        shutil.copyfile(plain_path, enc.database)
        reencrypt(Path(enc.database), old_key=None, new_key=enc.password)
        print(f"# encrypted copy written in {time.perf_counter() - t0:.0f} s")
    plain, encrypted = open_store(args.url), open_store(args.encrypted_url)
    assert encrypted.encrypted and not plain.encrypted
    counts = plain.stats()
    assert encrypted.stats()["reports"] == counts["reports"], "the two logs differ"
    from rasad.config import get_settings

    print(f"# {counts['database']} vs its encrypted copy: {counts['incidents']:,} incidents, {counts['reports']:,} "
          f"reports; {args.reps} repetitions per query kind and log, in {args.rounds} alternating rounds after one "
          f"uncounted round; encrypted page cache {get_settings().db_cache_mib} MiB per connection"
          f"{' (emptied before every query: --cold)' if args.cold else ''}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'query (ms)':34} {'plain p50':>10} {'p95':>8} {'enc p50':>9} {'p95':>8} {'p95 ratio':>10} "
          f"{'cpu p95':>8} {'enc cpu':>8} {'cpu ratio':>10}")
    results: dict[str, dict] = {}
    kinds = [("list", n) for n in LISTINGS] + [("app", n) for n in LISTINGS] + [("search", n) for n in SEARCHES]
    kinds = [k for k in kinds if not args.only or any(word in f"{k[0]}: {k[1]}" for word in args.only)]
    for i, (kind, name) in enumerate(kinds):
        run_plain = runner(plain, kind, name, cold=args.cold)
        run_enc = runner(encrypted, kind, name, cold=args.cold)
        rng_plain, rng_enc = random.Random(args.seed + i), random.Random(args.seed + i)  # the same queries
        per_round = max(1, args.reps // args.rounds)
        # Warm both alike, uncounted, with other parameters: a server's plain log is read from the OS
        # file cache, an encrypted one from its connections' cache of decrypted pages (RASAD_DB_CACHE_MIB).
        warm_plain, warm_enc = random.Random(10_000 + i), random.Random(10_000 + i)
        for _ in range(per_round):
            run_plain(warm_plain), run_enc(warm_enc)
        ms_plain: list[float] = []
        ms_enc: list[float] = []
        for _ in range(args.rounds):
            ms_plain += [run_plain(rng_plain) for _ in range(per_round)]
            ms_enc += [run_enc(rng_enc) for _ in range(per_round)]
        wall_plain, cpu_plain = [w for w, _ in ms_plain], [c for _, c in ms_plain]
        wall_enc, cpu_enc = [w for w, _ in ms_enc], [c for _, c in ms_enc]
        row = {"plain_p50_ms": round(p(wall_plain, 0.5), 2), "plain_p95_ms": round(p(wall_plain, 0.95), 2),
               "encrypted_p50_ms": round(p(wall_enc, 0.5), 2), "encrypted_p95_ms": round(p(wall_enc, 0.95), 2),
               "plain_cpu_p95_ms": round(p(cpu_plain, 0.95), 2), "encrypted_cpu_p95_ms": round(p(cpu_enc, 0.95), 2)}
        row["p95_ratio"] = round(row["encrypted_p95_ms"] / max(row["plain_p95_ms"], 1e-6), 2)
        row["p50_ratio"] = round(row["encrypted_p50_ms"] / max(row["plain_p50_ms"], 1e-6), 2)
        row["cpu_p95_ratio"] = round(row["encrypted_cpu_p95_ms"] / max(row["plain_cpu_p95_ms"], 1e-6), 2)
        results[f"{kind}: {name}"] = row
        print(f"{kind + ': ' + name:34} {row['plain_p50_ms']:10.2f} {row['plain_p95_ms']:8.2f} "
              f"{row['encrypted_p50_ms']:9.2f} {row['encrypted_p95_ms']:8.2f} {row['p95_ratio']:9.2f}x "
              f"{row['plain_cpu_p95_ms']:8.2f} {row['encrypted_cpu_p95_ms']:8.2f} {row['cpu_p95_ratio']:9.2f}x")
    print(f"# load average at the end: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)")
    for label, key in (("wall-clock", "p95_ratio"), ("CPU-time", "cpu_p95_ratio")):
        worst = max(results.items(), key=lambda kv: kv[1][key])
        print(f"# worst {label} p95 ratio: {worst[1][key]:.2f}x ({worst[0]}; target <= 1.3x): "
              f"{'OK' if worst[1][key] <= 1.3 else 'MISSED'}")
    print(json.dumps({"database": counts["database"], "incidents": counts["incidents"], "reports": counts["reports"],
                      "load_average": os.getloadavg()[:2], "encrypted_vs_plain": results}))
    plain.close()
    encrypted.close()


if __name__ == "__main__":
    main()
