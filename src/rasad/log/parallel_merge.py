"""Merging a large batch of new incident reports in parallel partitions on Ray (``rasad merge --engine
ray``), with exactly the links of a serial merge (:func:`rasad.log.service.merge_pending`).

A serial merge takes the new reports in order: each is compared with the stored log *and with the
batch's earlier reports*, so a report's choice can depend on every earlier one in its blocks. Cutting
the batch into independent pieces is not possible in general (day buckets of one province chain every
week to the next), so the work is split where it can be, and what is order-dependent stays in order:

1. **Scoring against the stored log, in parallel partitions** (Ray tasks of one CPU each). The batch is
   cut by the merger's own blocking coordinates — province × week of the report's date — into a few
   partitions per worker; a task reads its partition's blocks from the log once (the blocking keys'
   postings, the candidates' features), scores every new report against its stored candidates and
   returns, per report, one compact verdict per stored incident (best score, best member, veto). This is
   most of the cost of a merge (indexed lookups, decoding stored rows, scoring), and none of it depends
   on the order of the batch, since the stored log does not change meanwhile.
2. **Decisions, in order, on the driver**: each report's stored verdicts are combined with its scores
   against the batch's earlier reports (an in-memory index of the batch only) exactly as
   :func:`rasad.log.service._decide` combines them. Equal scores go to the oldest incident, and within one to
   its lowest report id, in both merges, so the choices are the serial merge's. A block larger than ``MAX_CANDIDATES`` is decided by the serial code
   itself (rare: the cap then depends on the batch's reports too).
3. **Writing, in parallel partitions by incident**: each task inserts its new incidents, the links (with
   the explanations) and the blocking keys of its reports, and derives its incidents — one transaction
   per task; two tasks never touch the same incident.

Ray schedules the tasks (nothing of our own does); the log is the database both sides reach
(PostgreSQL for a team; a SQLite file works on one machine, one writer at a time).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, exists, select

from rasad.log.merge import MERGE_RULE_VERSION, MergeFeatures, compatible, index_keys, query_keys, score_pair
from rasad.log.service import (
    MAX_CANDIDATES,
    SourceIndex,
    _candidate_map,
    _chunks,
    _age,
    _decide,
    _fetch_features,
    _fetch_postings,
    attribute_pending_reports,
    derive_incidents,
    features_of_row,
)
from rasad.store import Store
from rasad.store.schema import IncidentLink, IncidentReportRow, IncidentRow, MergeKey

PARTITIONS_PER_WORKER = 4  # several per worker: an uneven partition does not leave a worker idle
SCORE_CHUNK = 2000  # reports whose blocks a task reads from the log at once (as merge_pending's batches)
NAMES_VETO = "victims' full names differ"

# A stored incident's verdict for one new report: (incident id, vetoed, best score, best member,
# whether that decision merges, whether the member names victims, the explanation when it merges).
Verdict = tuple[int, bool, float, int, bool, bool, "dict[str, Any] | None"]


# --- 1. scoring against the stored log (a Ray task) ------------------------------------------------

def _partitions(rows: list[tuple[int, str | None, dt.date | None]], n: int) -> list[list[int]]:
    """Cut the batch into about ``n`` partitions of whole province × week blocks, each of them about as
    large as the others, consecutive weeks together: a partition's reports share most of their blocking
    keys (names are blocked by month, days by province and 4-day bucket)."""
    blocks: dict[tuple[int, str], list[int]] = defaultdict(list)
    for ir_id, province, start in rows:
        week = start.toordinal() // 7 if start else -1
        blocks[(week, province or "")].append(ir_id)
    target = max(1, -(-len(rows) // max(1, n)))
    parts: list[list[int]] = [[]]
    for key in sorted(blocks):
        if len(parts[-1]) >= target:
            parts.append([])
        parts[-1].extend(blocks[key])
    return [p for p in parts if p]


def score_partition(url: str, ids: list[int]) -> list[tuple[int, MergeFeatures, list[str], list[str], int, list[Verdict]]]:
    """For each new report of a partition: its features, query and index keys, how many stored reports
    its blocks hold, and one verdict per stored incident among them (see ``Verdict``)."""
    store = Store(url)
    out = []
    try:
        cache: dict[int, MergeFeatures] = {}
        for chunk in _chunks(sorted(ids), SCORE_CHUNK):
            with store.read_session() as s:
                rows = s.execute(select(*_ROW_COLS).where(IncidentReportRow.id.in_(chunk))).all()
                feats = {r.id: features_of_row(r) for r in rows}
                qkeys = {i: sorted(query_keys(f)) for i, f in feats.items()}
                stored = _fetch_postings(s, set().union(*qkeys.values()) if qkeys else set())
                _fetch_features(s, (ir for plist in stored.values() for ir, _ in plist), cache)
            for ir_id in sorted(feats):
                f = feats[ir_id]
                candidates = _candidate_map(qkeys[ir_id], stored)
                verdicts: list[Verdict] = []
                for inc_id, members in candidates.items():
                    decisions = [(score_pair(f, cache[m]), m) for m in members if compatible(f, cache[m])]
                    if not decisions:
                        continue
                    vetoed = any(d.veto == NAMES_VETO for d, _ in decisions)
                    d, m = max(decisions, key=lambda x: (x[0].score, -x[1]))
                    explanation = d.explanation(compared_with=m) if d.merge and not vetoed else None
                    verdicts.append((inc_id, vetoed, d.score, m, d.merge, bool(cache[m].victims), explanation))
                n_stored = sum(len(v) for v in candidates.values())
                out.append((ir_id, f, qkeys[ir_id], sorted(index_keys(f)), n_stored, verdicts))
            if len(cache) > 200_000:  # bounded memory on huge logs (as merge_pending)
                cache.clear()
    finally:
        store.close()
    return out


# The columns features_of_row reads.
_ROW_COLS = (IncidentReportRow.id, IncidentReportRow.event_type, IncidentReportRow.sub_type, IncidentReportRow.date,
             IncidentReportRow.date_precision, IncidentReportRow.date_start, IncidentReportRow.date_end,
             IncidentReportRow.place_name, IncidentReportRow.geonameid, IncidentReportRow.province,
             IncidentReportRow.victims, IncidentReportRow.counts, IncidentReportRow.data)


# --- 2. decisions in order (the driver) ------------------------------------------------------------

def _decide_combined(f: MergeFeatures, verdicts: list[Verdict], batch: dict[Any, list[int]],
                     feats: dict[int, MergeFeatures]) -> tuple[Any, int, dict[str, Any]] | None:
    """``service._decide`` over the stored verdicts and the batch's earlier reports together:
    (incident, member, explanation) or None."""
    per_incident: dict[Any, list[tuple[bool, float, int, bool, bool, dict[str, Any] | None]]] = defaultdict(list)
    for inc_id, vetoed, score, member, merges, named, explanation in verdicts:
        per_incident[inc_id].append((vetoed, score, member, merges, named, explanation))
    for inc, members in batch.items():
        for m in members:
            if compatible(f, feats[m]):
                d = score_pair(f, feats[m])
                per_incident[inc].append((d.veto == NAMES_VETO, d.score, m, d.merge, bool(feats[m].victims),
                                          d.explanation(compared_with=m) if d.merge else None))
    best: tuple[tuple[float, tuple[int, int]], Any, int, dict[str, Any] | None, bool] | None = None
    passing = 0
    for inc, entries in per_incident.items():
        if any(e[0] for e in entries):
            continue
        vetoed, score, member, merges, named, explanation = max(entries, key=lambda e: (e[1], -e[2]))
        if merges:
            passing += 1
            rank = (score, tuple(-x for x in _age(inc)))  # equal scores: the oldest incident
            if best is None or rank > best[0]:
                best = (rank, inc, member, explanation, named)
    if best is None or (passing > 1 and not (f.victims and best[4])):
        return None
    return best[1], best[2], best[3] or {}


def _pending_rows(store: Store) -> list[tuple[int, str | None, dt.date | None]]:
    linked = exists().where(and_(IncidentLink.incident_report_id == IncidentReportRow.id, IncidentLink.active))
    with store.read_session() as s:
        return [tuple(r) for r in s.execute(
            select(IncidentReportRow.id, IncidentReportRow.province, IncidentReportRow.date_start)
            .where(~linked, IncidentReportRow.background.is_(False)).order_by(IncidentReportRow.id))]


# --- 3. writing, partitioned by incident (a Ray task) ------------------------------------------------

def write_partition(url: str, work: list[tuple[Any, list[tuple[int, float | None, dict[str, Any], list[str]]]]],
                    actor: str) -> int:
    """Insert one partition's new incidents, links and blocking keys, and derive its incidents, in one
    transaction. ``work``: (incident id or ("new", n), [(report id, score, explanation, index keys)])."""
    from sqlalchemy import insert

    store = Store(url)
    try:
        sources = SourceIndex.load(store)
        with store.session() as s:
            now = dt.datetime.now(dt.timezone.utc)
            fresh = [inc for inc, _ in work if isinstance(inc, tuple)]
            new_ids: dict[Any, int] = {}
            if fresh:
                result = s.execute(
                    insert(IncidentRow).returning(IncidentRow.id, sort_by_parameter_order=True),
                    [{"status": "unreviewed", "data": {}, "figures": {}, "victims": [], "source_groups": [],
                      "corroboration": 0, "created_at": now, "updated_at": now} for _ in fresh])
                new_ids = dict(zip(fresh, (r[0] for r in result)))
            conn = s.connection()
            links, keys = [], []
            for inc, reports in work:
                inc_id = new_ids.get(inc, inc)
                for ir_id, score, explanation, ikeys in reports:
                    links.append({"incident_report_id": ir_id, "incident_id": inc_id, "score": score,
                                  "explanation": explanation, "created_by": actor, "created_at": now, "active": True})
                    keys += [{"incident_report_id": ir_id, "key": k} for k in ikeys]
            for chunk in _chunks(links, 5000):
                conn.execute(IncidentLink.__table__.insert(), chunk)
            for chunk in _chunks(keys, 5000):
                conn.execute(MergeKey.__table__.insert(), chunk)
            derive_incidents(s, [new_ids.get(inc, inc) for inc, _ in work], sources)
        return sum(len(r) for _, r in work)
    finally:
        store.close()


# --- the run -----------------------------------------------------------------------------------------

def merge_parallel(store: Store, *, workers: int = 2, address: str | None = None, actor: str = "rasad",
                   attribute: bool = True, partitions: int | None = None,
                   timings: dict[str, float] | None = None) -> dict[str, int]:
    """Merge every incident report without an active link, as :func:`merge_pending` does, with the
    scoring and the writing in parallel partitions on Ray (``workers`` CPUs of a local Ray started for
    the run, or the cluster at ``address``). Returns the same counts; ``timings`` (when given) receives
    the seconds of each step."""
    import time

    import ray

    from rasad.log.distributed import connected
    from rasad.log.sources import seed_sources

    seed_sources(store)
    if attribute:
        attribute_pending_reports(store)
    rows = _pending_rows(store)
    totals = {"incident_reports": len(rows), "merged": 0, "new_incidents": 0}
    if not rows:
        return totals
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        if timings is not None:
            timings[step] = timings.get(step, 0.0) + time.perf_counter() - clock
        clock = time.perf_counter()

    with connected(address, workers):
        lap("ray start")
        score = ray.remote(num_cpus=1)(score_partition)
        write = ray.remote(num_cpus=1)(write_partition)
        n_parts = partitions or max(1, workers * PARTITIONS_PER_WORKER)
        refs = [score.remote(store.url, part) for part in _partitions(rows, n_parts)]
        scored: dict[int, tuple[MergeFeatures, list[str], list[str], int, list[Verdict]]] = {}
        while refs:  # take the partitions as they finish (the driver's memory holds the verdicts, not more)
            done, refs = ray.wait(refs, num_returns=1)
            for ir_id, f, qk, ik, n_stored, verdicts in ray.get(done[0]):
                scored[ir_id] = (f, qk, ik, n_stored, verdicts)
        lap("score (parallel)")

        # 2. decisions in report order, as the serial merge takes them
        feats = {ir_id: v[0] for ir_id, v in scored.items()}
        batch_postings: dict[str, list[tuple[int, Any]]] = {}
        members: dict[Any, list[tuple[int, float | None, dict[str, Any], list[str]]]] = defaultdict(list)
        new_count = 0
        for ir_id in sorted(scored):
            f, qk, ik, n_stored, verdicts = scored.pop(ir_id)
            batch = _candidate_map(qk, batch_postings)
            if n_stored + sum(len(m) for m in batch.values()) > MAX_CANDIDATES:
                found = _decide_serially(store, f, qk, batch_postings, feats)
            else:
                found = _decide_combined(f, verdicts, batch, feats)
            if found is None:
                inc: Any = ("new", new_count)
                new_count += 1
                members[inc].append((ir_id, None, {"rule": MERGE_RULE_VERSION, "new_incident": True,
                                                   "reason": "no candidate scored above the threshold"}, ik))
            else:
                inc, _member, explanation = found
                members[inc].append((ir_id, round(explanation["score"], 3), explanation, ik))
            for key in ik:
                batch_postings.setdefault(key, []).append((ir_id, inc))

        lap("decide (driver)")
        # 3. writing, partitioned by incident: about n_parts tasks of about equal size
        target = max(1, -(-len(rows) // n_parts))
        work: list[list[tuple[Any, list]]] = [[]]
        size = 0
        for inc, reports in members.items():
            if size >= target:
                work.append([])
                size = 0
            work[-1].append((inc, reports))
            size += len(reports)
        ray.get([write.remote(store.url, part, actor) for part in work if part])
        lap("write (parallel)")
    lap("ray stop")
    totals["new_incidents"] = new_count
    totals["merged"] = len(rows) - new_count
    return totals


def _decide_serially(store: Store, f: MergeFeatures, qkeys: list[str], batch_postings: dict[str, list[tuple[int, Any]]],
                     feats: dict[int, MergeFeatures]) -> tuple[Any, int, dict[str, Any]] | None:
    """A report whose blocks exceed ``MAX_CANDIDATES``: which reports are kept depends on the batch too,
    so it is decided by the serial merge's own code, reading its stored blocks again."""
    cache = dict(feats)
    with store.read_session() as s:
        stored = _fetch_postings(s, set(qkeys))
        _fetch_features(s, (ir for plist in stored.values() for ir, _ in plist), cache)
    found = _decide(f, _candidate_map(qkeys, stored, batch_postings), cache)
    if found is None:
        return None
    inc, member, decision = found
    return inc, member, decision.explanation(compared_with=member)


def link_groups(store: Store) -> tuple[frozenset, frozenset]:
    """The links of a log in a form two logs can be compared by (for tests and the benchmark): for each
    active link, the report's key (its source key, else its id) with its score and explanation, and the
    incidents as sets of their reports' keys."""
    with store.read_session() as s:
        rows = s.execute(
            select(IncidentLink.incident_id, IncidentLink.score, IncidentLink.explanation,
                   IncidentReportRow.source_key, IncidentReportRow.id)
            .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
            .where(IncidentLink.active)).all()
    import json

    by_incident: dict[int, set[str]] = defaultdict(set)
    links = set()
    key_of = {ir_id: sk or f"#{ir_id}" for _, _, _, sk, ir_id in rows}
    for inc_id, score, explanation, sk, ir_id in rows:
        by_incident[inc_id].add(key_of[ir_id])
        e = dict(explanation or {})
        if "compared_with" in e:  # another report's id: compare by its key
            e["compared_with"] = key_of.get(e["compared_with"], e["compared_with"])
        links.add((key_of[ir_id], score, json.dumps(e, sort_keys=True)))
    return frozenset(links), frozenset(frozenset(v) for v in by_incident.values())
