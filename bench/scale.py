"""Scale benchmark: filtered incident listings and report search on a large log (see gen_synthetic.py).

    python bench/gen_synthetic.py --url sqlite:////tmp/rasad-scale.db --incidents 1000000
    python bench/scale.py --url sqlite:////tmp/rasad-scale.db
    python bench/scale.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test --pg-schema rasad_scale

Each listing is the page query a listing screen runs (newest first, 50 rows) with random parameters per
repetition; it prints p50/p95 in milliseconds, next to the same query with the indexes switched off
(SQLite ``NOT INDEXED``, PostgreSQL ``enable_indexscan/bitmapscan = off``) measured in the same run as the
baseline. Search goes through ``Store.search_reports`` (FTS5 / tsvector). Target: p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
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
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
