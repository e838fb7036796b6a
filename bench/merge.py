"""Benchmark: merge a new batch of incident reports into an existing log.

    python bench/merge.py [--base 100000] [--batch 10000] [--url sqlite:///...]

1. Builds a synthetic log of ``--base`` incidents (one incident report each, already merged and
   indexed) with bulk inserts — the generator, not the merger, so building it is quick.
2. Baseline: the time to just *insert* the new batch's incident reports (no merging).
3. The measured step: ``merge_pending`` on that batch — blocking queries against the log, scoring,
   links, keys, derived incidents. About a third of the batch are other accounts (variant
   spellings, a day off, other figures) of incidents already in the log; the rest are new.
Prints both times, the ratio, and how many were merged (all of it measured in this run).
Synthetic names are made from short hand-written lists of common Persian given and family names
and spelling rules; nothing comes from a registry or an evaluation file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

GIVEN = ("Mohammad Ali Reza Hossein Mehdi Amir Zahra Fatemeh Maryam Sara Nima Kian Hamid Saeed Ahmad Javad Mahsa "
         "Hadis Arman Pouya Abolfazl Milad Sina Parisa Nasrin Omid Behnam Kourosh Navid Yasaman").split()
FAMILY = ("Hosseini Mohammadi Rezaei Ahmadi Karimi Moradi Ghasemi Jafari Rahimi Sadeghi Kazemi Hashemi Mousavi "
          "Najafi Salehi Ebrahimi Zare Bagheri Shirazi Tehrani Amini Kiani Nouri Rostami Heidari Asadi Azizi "
          "Soleimani Akbari Yousefi").split()
SUFFIX = ("", "pour", "zadeh", "nia", "far", "vand", "lou", "abadi")
PROVINCES = ("Tehran", "Isfahan", "Alborz", "Razavi Khorasan", "Khuzestan", "Gilan", "Kermanshah", "Fars",
             "Mazandaran", "Kurdistan", "Sistan and Baluchestan", "West Azerbaijan")
# Spelling variants the same name gets in different sources (the merger must see through them).
VARIANTS = (("Mohammad", "Mohammed"), ("Hossein", "Hussein"), ("Saeed", "Saeid"), ("Rezaei", "Rezaee"),
            ("Ghasemi", "Qasemi"), ("Mousavi", "Moosavi"), ("ee", "i"), ("ou", "u"))


def make_name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.choice(SUFFIX)}"


def vary(name: str, rng: random.Random) -> str:
    for a, b in rng.sample(VARIANTS, len(VARIANTS)):
        if a in name:
            return name.replace(a, b, 1)
    return name


def make_item(rng: random.Random, start: dt.date, span_days: int) -> dict:
    date = start + dt.timedelta(days=rng.randrange(span_days))
    prov = rng.choice(PROVINCES)
    item = {"event_type": "Violence against civilians", "sub_type": "Attack", "date": date.isoformat(),
            "date_precision": "day", "province": prov, "place_name": f"{prov} town {rng.randrange(25)}", "country": "IR",
            "counts": {"killed": 1}}
    if rng.random() < 0.85:
        item["victims"] = [{"name": make_name(rng)}]
    else:  # unnamed accounts of multi-fatality events
        item["counts"] = {"killed": rng.randint(2, 30)}
    return item


def other_account(item: dict, rng: random.Random) -> dict:
    new = dict(item)
    d = dt.date.fromisoformat(item["date"]) + dt.timedelta(days=rng.choice((-1, 0, 0, 1)))
    new["date"] = d.isoformat()
    if item.get("victims"):
        new["victims"] = [{"name": vary(item["victims"][0]["name"], rng)}]
    new["counts"] = {"killed": (item["counts"]["killed"] + rng.choice((0, 0, 1, 3)))}
    return new


def build_log(store, n: int, rng: random.Random, start: dt.date, span: int) -> list[dict]:
    """n incidents with one incident report each, linked and indexed, by bulk inserts."""
    from rasad.log.merge import index_keys
    from rasad.log.service import features_of_row
    from rasad.store.schema import MergeKey
    from rasad.store import incident_report_row
    from rasad.store.schema import IncidentLink, IncidentReportRow, IncidentRow

    items = [make_item(rng, start, span) for _ in range(n)]
    now = dt.datetime.now(dt.timezone.utc)
    chunk = 5000
    for lo in range(0, n, chunk):
        part = items[lo : lo + chunk]
        rows = [incident_report_row(it, pipeline_version="bench", source_key=f"base:{lo + i}") for i, it in enumerate(part)]
        with store.session() as s:
            ir_ids = [r[0] for r in s.execute(
                insert(IncidentReportRow).returning(IncidentReportRow.id, sort_by_parameter_order=True),
                [{c.key: getattr(r, c.key) for c in IncidentReportRow.__table__.columns if c.key != "id"} | {"created_at": now}
                 for r in rows])]
            inc_ids = [r[0] for r in s.execute(
                insert(IncidentRow).returning(IncidentRow.id, sort_by_parameter_order=True),
                [{"status": "unreviewed", "event_type": r.event_type, "sub_type": r.sub_type, "date": r.date,
                  "date_precision": r.date_precision, "date_start": r.date_start, "date_end": r.date_end,
                  "province": r.province, "place_name": r.place_name, "country": r.country, "data": {}, "figures": {},
                  "victims": r.victims, "source_groups": [], "corroboration": 1, "fatalities": (r.counts or {}).get("killed"),
                  "created_at": now, "updated_at": now} for r in rows])]
            s.execute(insert(IncidentLink), [{"incident_report_id": i, "incident_id": j, "explanation": {}, "created_by": "bench",
                                              "created_at": now, "active": True} for i, j in zip(ir_ids, inc_ids)])
            keys = [{"incident_report_id": i, "key": k} for i, r in zip(ir_ids, rows) for k in index_keys(features_of_row(r))]
            s.execute(insert(MergeKey), keys)
    return items


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=int, default=100_000, help="incidents already in the log")
    ap.add_argument("--batch", type=int, default=10_000, help="new incident reports to merge")
    ap.add_argument("--dup-share", type=float, default=0.33, help="share of the batch that re-reports logged incidents")
    ap.add_argument("--url", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    from rasad.log.service import merge_pending
    from rasad.store import incident_report_row, open_store
    from rasad.store.schema import IncidentRow

    rng = random.Random(args.seed)
    start, span = dt.date(2022, 9, 1), 3 * 365
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench-merge.db'}"
        store = open_store(url)
        t0 = time.perf_counter()
        base = build_log(store, args.base, rng, start, span)
        t_build = time.perf_counter() - t0
        batch = [other_account(rng.choice(base), rng) if rng.random() < args.dup_share else make_item(rng, start, span)
                 for _ in range(args.batch)]

        t0, c0 = time.perf_counter(), time.process_time()  # baseline: store the batch, no merging
        with store.session() as s:
            s.add_all(incident_report_row(it, pipeline_version="bench", source_key=f"new:{i}") for i, it in enumerate(batch))
        t_insert, c_insert = time.perf_counter() - t0, time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        result = merge_pending(store, batch=2000)
        t_merge, c_merge = time.perf_counter() - t0, time.process_time() - c0
        with store.read_session() as s:
            n_incidents = s.scalar(select(func.count()).select_from(IncidentRow))
        store.close()

    backend = url.split(":", 1)[0]
    print(f"log: {args.base:,} incidents ({backend}), built in {t_build:.1f} s by bulk insert")
    print(f"batch: {args.batch:,} incident reports, {args.dup_share:.0%} re-reporting logged incidents")
    # CPU seconds of this process beside wall-clock seconds: on a shared machine the wall clock
    # includes time spent waiting for a core (the database's own I/O is in both).
    print(f"baseline (insert the batch, no merge): {t_insert:.2f} s wall, {c_insert:.2f} s CPU")
    print(f"merge the batch into the log:          {t_merge:.2f} s wall, {c_merge:.2f} s CPU "
          f"({args.batch / t_merge:,.0f} reports/s)")
    print(f"ratio merge / insert: {t_merge / t_insert:.1f}x")
    print(f"merged into existing incidents: {result['merged']:,}; new incidents: {result['new_incidents']:,}; "
          f"incidents now: {n_incidents:,}")
    print(f"MERGE_BATCH_S={t_merge:.2f} INSERT_BATCH_S={t_insert:.2f} RATIO={t_merge / t_insert:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
