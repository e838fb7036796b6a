"""Merging a large batch of new incident reports in parallel partitions on Ray (``rasad merge --engine
ray``), with exactly the links of a serial merge (:func:`rasad.log.service.merge_pending`).

A serial merge takes the new reports in order: each is compared with the stored log *and with the
batch's earlier reports*, so a report's choice can depend on every earlier one in its blocks. Cutting
the batch into independent pieces is not possible in general (day buckets of one province chain every
week to the next), so the work is split where it can be, and what is order-dependent stays in order:

1. **Scoring, in parallel partitions** (Ray tasks of one CPU each). The batch is cut by the merger's
   own blocking coordinates — province × week of the report's date — into a few partitions per worker.
   A first round of tasks decodes each partition's new reports once (features, query and index keys);
   the driver indexes the batch by key. A second round scores: a task reads its partition's blocks from
   the log once (the blocking keys' postings, the candidates' features), scores every new report
   against its stored candidates — one compact verdict per stored incident (best score, best member,
   veto) — and against every *earlier* report of the batch sharing a key with it (their features come
   with the task). This is all of the scoring, and none of it depends on the order of the batch: a
   comparison of two reports does not depend on which incident either joins, and the stored log does
   not change meanwhile.
2. **Decisions, in order, on the driver**: each report's stored verdicts are combined with its
   comparisons with the batch's earlier reports, grouped by the incident each of those joined, and
   decided by the serial merge's own functions (:func:`rasad.log.merge.incident_verdict`,
   :func:`rasad.log.merge.choose_incident`) — look-ups, no scoring. Equal scores go to the
   oldest incident, and within one to its lowest report id, in both merges, so the choices are the
   serial merge's. A block larger than ``MAX_CANDIDATES`` keeps, as in the serial merge, its most recent
   reports (the highest ids, stored and batch alike): which ones those are is known when scoring (only the
   incidents the batch's reports join are not), so the cap is applied in the partitions too.
3. **Writing, in parallel partitions by incident**: each task inserts its new incidents, the links (with
   the explanations) and the blocking keys of its reports, and derives its incidents — one transaction
   per task; two tasks never touch the same incident.

Ray schedules the tasks (nothing of our own does); the log is the database both sides reach
(PostgreSQL for a team; a SQLite file works on one machine, one writer at a time).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, exists, select

from rasad.log.merge import (
    MAX_CANDIDATES,
    MERGE_RULE_VERSION,
    MERGE_THRESHOLD,
    MergeFeatures,
    candidate_map,
    choose_incident,
    compare,
    compatible,
    incident_verdict,
    index_keys,
    query_keys,
    score_pair,
)
from rasad.log.service import (
    FEATURE_CACHE_MAX,
    SourceIndex,
    _age,
    _chunks,
    _fetch_features,
    _feature_rows,
    _fetch_postings,
    attribute_pending_reports,
    fewer_collections,
    derive_incidents,
    features_of_row,
    merge_problems,
)
from rasad.log.stored import read_incident_report
from rasad.store import Store
from rasad.store.schema import IncidentLink, IncidentReportRow, IncidentRow, MergeKey

PARTITIONS_PER_WORKER = 4  # several per worker: an uneven partition does not leave a worker idle
SCORE_CHUNK = 2000  # reports whose blocks a task reads from the log at once (as merge_pending's batches)

# A stored incident's verdict for one new report: (incident id, its ``merge.incident_verdict``: a comparison
# with the explanation carried along when it merges, see ``Explained``).
Verdict = tuple[int, "Explained"]
# A comparison (``merge.Comparison``: score, merges, vetoes, member, member names victims) with its
# explanation when it merges (None otherwise): the driver decides without the features of stored reports.
Explained = tuple[float, bool, bool, int, bool, "dict[str, Any] | None"]


# --- 1. scoring, in parallel partitions (Ray tasks) -----------------------------------------------

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


# A new report's features with its query and index keys (sorted lists: the same order on every run), and what
# of the stored row could not be read (rasad.log.stored: kept in the link's explanation).
Keyed = tuple[int, MergeFeatures, list[str], list[str], dict[str, str]]


def read_partition(url: str, ids: list[int]) -> list[Keyed]:
    """The features and blocking keys of a partition's new reports (read and decoded once, here)."""
    store = Store(url)
    out: list[Keyed] = []
    try:
        with store.read_session() as s:
            for row in _feature_rows(s, sorted(ids)):
                ir = read_incident_report(row)
                f = features_of_row(ir)
                out.append((row.id, f, sorted(query_keys(f)), sorted(index_keys(f)), merge_problems(ir)))
    finally:
        store.close()
    return out


# A new report's comparison with one earlier report of the batch (``Explained``, that report the member).
# Which incident the earlier report joins is decided later, in order; the comparison does not depend on it.
BatchPair = Explained
# What a partition returns per new report: its id, one verdict per stored incident, one pair per earlier
# report of the batch (those of its block that the cap keeps, and that can change a decision).
Scored = tuple[int, list[Verdict], list[BatchPair]]


def _can_decide(score: float, merges: bool, vetoed: bool) -> bool:
    """Whether a comparison can change a decision: it vetoes its incident, merges, or scores at least the
    threshold without merging (another veto), so that it outranks, and blocks, every merging comparison
    with the same incident. One below the threshold that does not merge is outranked by every merging
    one: dropped here, it spares the driver most of what it would read (a large log's blocks hold many
    reports, few of them near the threshold)."""
    return vetoed or merges or score >= MERGE_THRESHOLD


def _explained(f: MergeFeatures, c: tuple, g: MergeFeatures) -> Explained:
    """A comparison with its explanation when it may be the link (it merges, and does not veto): the one
    that explains is ``score_pair``, as in the serial merge."""
    link = c[1] and not c[2]
    return (*c[:5], score_pair(f, g).explanation(compared_with=c[3]) if link else None)


def score_partition(url: str, reports: list[tuple[int, MergeFeatures, list[str]]], batch_index: dict[str, list[int]],
                    batch_feats: dict[int, MergeFeatures], cap: int = MAX_CANDIDATES) -> list[Scored]:
    """Score a partition's new reports against their stored candidates (one verdict per stored incident,
    see ``Verdict``) and against the batch's earlier reports sharing a blocking key with them
    (``batch_index``: key -> report ids, ``batch_feats``: their features): every comparison of a merge,
    so that the decisions left to the driver are look-ups. ``cap``: the serial merge's cap on a block."""
    with fewer_collections():  # as merge_pending: the partition's decoded features live to its end
        return _score_partition(url, reports, batch_index, batch_feats, cap)


def _capped(candidates: dict[int, list[int]], earlier: list[int], cap: int) -> tuple[dict[int, list[int]], list[int]]:
    """The block the serial merge compares with (``merge.candidate_map``): the ``cap`` highest report ids among
    the stored candidates (already capped alone) and the batch's earlier reports. Which reports are kept
    depends on their ids only, never on the incidents the batch's reports join, so it is decided here."""
    if sum(map(len, candidates.values())) + len(earlier) <= cap:
        return candidates, earlier
    kept = set(heapq.nlargest(cap, itertools.chain(earlier, *candidates.values())))
    stored = {inc: ms for inc, ms in ((inc, [m for m in ms if m in kept]) for inc, ms in candidates.items()) if ms}
    return stored, [y for y in earlier if y in kept]


def _score_partition(url: str, reports: list[tuple[int, MergeFeatures, list[str]]], batch_index: dict[str, list[int]],
                     batch_feats: dict[int, MergeFeatures], cap: int) -> list[Scored]:
    store = Store(url)
    out: list[Scored] = []
    try:
        cache: dict[int, MergeFeatures] = {}
        for chunk in _chunks(reports, SCORE_CHUNK):
            with store.read_session() as s:
                stored = _fetch_postings(s, set().union(*(qk for _, _, qk in chunk)))
                _fetch_features(s, (ir for plist in stored.values() for ir, _ in plist), cache)
            for ir_id, f, qk in chunk:
                candidates, earlier = _capped(
                    candidate_map(qk, stored, cap=cap),
                    sorted({y for k in qk for y in batch_index.get(k, ()) if y < ir_id}), cap)
                verdicts: list[Verdict] = []
                for inc_id, members in candidates.items():
                    v = incident_verdict([compare(f, m, cache[m]) for m in members if compatible(f, cache[m])])
                    if v is not None and _can_decide(*v[:3]):
                        verdicts.append((inc_id, _explained(f, v, cache[v[3]])))
                pairs: list[BatchPair] = []
                for y in earlier:
                    g = batch_feats[y]
                    if not compatible(f, g):
                        continue
                    c = compare(f, y, g)
                    if _can_decide(*c[:3]):
                        pairs.append(_explained(f, c, g))
                out.append((ir_id, verdicts, pairs))
            if len(cache) > FEATURE_CACHE_MAX:  # bounded memory on huge logs (as merge_pending)
                cache.clear()
    finally:
        store.close()
    return out


# --- 2. decisions in order (the driver) ------------------------------------------------------------

def _decide_combined(f: MergeFeatures, verdicts: list[Verdict], pairs: list[BatchPair],
                     incident_of: dict[int, Any]) -> tuple[Any, int, dict[str, Any]] | None:
    """The serial merge's decision (``merge.choose_incident``) over the stored incidents' verdicts and the
    comparisons with the batch's earlier reports (``incident_of``: the incident each of those joined, whose
    verdict they join: ``merge.incident_verdict`` combines parts): (incident, member, explanation) or None."""
    per_incident: dict[Any, list[Explained]] = defaultdict(list)
    for inc_id, v in verdicts:
        per_incident[inc_id].append(v)
    for c in pairs:
        per_incident[incident_of[c[3]]].append(c)
    return choose_incident(f, [(inc, incident_verdict(cs)) for inc, cs in per_incident.items()], _age,
                           lambda c: c[5] or {})


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
                   timings: dict[str, float] | None = None, max_candidates: int = MAX_CANDIDATES) -> dict[str, int]:
    """Merge every incident report without an active link, as :func:`merge_pending` does, with the
    scoring and the writing in parallel partitions on Ray (``workers`` CPUs of a local Ray started for
    the run, or the cluster at ``address``). Returns the same counts; ``timings`` (when given) receives
    the seconds of each step; ``max_candidates``: the cap on a block, as ``merge_pending``'s."""
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
        read = ray.remote(num_cpus=1)(read_partition)
        score = ray.remote(num_cpus=1)(score_partition)
        write = ray.remote(num_cpus=1)(write_partition)
        n_parts = partitions or max(1, workers * PARTITIONS_PER_WORKER)
        parts = [sorted(p) for p in _partitions(rows, n_parts)]
        # 1a. every new report's features and keys (decoded once, in parallel)
        keyed: list[list[Keyed]] = ray.get([read.remote(store.url, part) for part in parts])
        feats: dict[int, MergeFeatures] = {}
        qkeys: dict[int, list[str]] = {}
        batch_index: dict[str, list[int]] = defaultdict(list)  # key -> the batch's reports, by id
        ikeys: dict[int, list[str]] = {}
        unreadable: dict[int, dict[str, str]] = {}
        for ir_id, f, qk, ik, problems in sorted((r for part in keyed for r in part), key=lambda r: r[0]):
            feats[ir_id], qkeys[ir_id], ikeys[ir_id] = f, qk, ik
            if problems:
                unreadable[ir_id] = problems
            for key in ik:
                batch_index[key].append(ir_id)
        del keyed
        lap("read (parallel)")
        # 1b. scoring: each partition gets the batch's reports its keys reach (earlier ones only)
        refs = []
        for part in parts:
            last = part[-1]
            wanted = {k for ir_id in part for k in qkeys[ir_id]}
            sub_index = {k: [y for y in batch_index[k] if y < last] for k in wanted if k in batch_index}
            sub_feats = {y: feats[y] for ys in sub_index.values() for y in ys}
            refs.append(score.remote(store.url, [(i, feats[i], qkeys[i]) for i in part], sub_index, sub_feats,
                                     max_candidates))
        scored: dict[int, Scored] = {}
        while refs:  # take the partitions as they finish (the driver's memory holds the verdicts, not more)
            done, refs = ray.wait(refs, num_returns=1)
            for result in ray.get(done[0]):
                scored[result[0]] = result
        lap("score (parallel)")

        # 2. decisions in report order, as the serial merge takes them: look-ups of the scores above
        incident_of: dict[int, Any] = {}
        members: dict[Any, list[tuple[int, float | None, dict[str, Any], list[str]]]] = defaultdict(list)
        new_count = 0
        for ir_id in sorted(scored):
            _, verdicts, pairs = scored.pop(ir_id)
            found = _decide_combined(feats[ir_id], verdicts, pairs, incident_of)
            if found is None:
                inc: Any = ("new", new_count)
                new_count += 1
                members[inc].append((ir_id, None, {"rule": MERGE_RULE_VERSION, "new_incident": True,
                                                   "reason": "no candidate scored above the threshold"}, ikeys[ir_id]))
            else:
                inc, _member, explanation = found
                members[inc].append((ir_id, round(explanation["score"], 3), explanation, ikeys[ir_id]))
            if ir_id in unreadable:  # as the serial merge keeps it
                members[inc][-1][2]["unreadable"] = unreadable[ir_id]
            incident_of[ir_id] = inc

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
    if unreadable:
        totals["unreadable"] = len(unreadable)
    return totals


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
