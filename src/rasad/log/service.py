"""The incident log on top of the store: merge new incident reports, derive incidents, list them.

- :func:`merge_pending` links every incident report without an active link to an incident:
  candidates come from indexed queries on ``merge_keys`` (blocking), are scored by
  :func:`rasad.log.merge.score_pair`, and the link keeps the explanation. Incremental: a new batch
  is merged against the existing log, earlier reports of the batch included.
- :func:`derive_incident` recomputes an incident's figures from its active incident reports
  (never typed over them): type, date, place, victims, figures side by side, the conservative
  figure, corroboration by independent source groups. Analysts' edits are applied on top as
  overrides recorded in review events (:mod:`rasad.log.review`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import json
import re
from collections import Counter, namedtuple
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Text, and_, any_, bindparam, cast, exists, func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from rasad.log import corroboration
from rasad.log.merge import (
    MAX_CANDIDATES,
    MERGE_RULE_VERSION,
    MergeFeatures,
    candidate_map,
    choose_incident,
    compare,
    compatible,
    features_from_fields,
    incident_verdict,
    index_keys,
    query_keys,
    score_pair,
)
from rasad.log.names import canonical_name
from rasad.log.queries import incident_summary
from rasad.log.stored import StoredIncidentReport, read_incident_report
from rasad.store import Store
from rasad.store.db import date_bounds
from rasad.store.schema import IncidentLink, IncidentReportRow, IncidentRow, MergeKey, ReportRow, ReviewEvent, SourceRow

# Decoded features kept across a merge's batches (about 650 bytes each): the blocks of a large log reach
# most of it from every batch (a name's blocks span months), so a cache that is cleared every batch decodes
# the log's candidates again and again (1,000,000 incidents: 200,000 decoded per batch of 2,000 reports).
FEATURE_CACHE_MAX = 1_500_000


# --- features of stored incident reports -------------------------------------------------------


def features_of_row(row: Any) -> MergeFeatures:
    """Merge features of a stored incident report (an ORM row, a row of its columns, or the row already read
    by :func:`rasad.log.stored.read_incident_report`: a field not of its kind is absent here)."""
    ir = row if isinstance(row, StoredIncidentReport) else read_incident_report(row)
    return features_from_fields(
        event_type=ir.event_type,
        sub_type=ir.sub_type,
        date=ir.date,
        date_precision=ir.date_precision,
        year_known=ir.year_known,
        place_names=[ir.place_name, *ir.place_aliases],
        geonameids=[ir.geonameid] + [p.get("geonameid") for p in ir.places],
        province=ir.province,
        victims=ir.victims,
        counts=ir.counts,
        distinct_source=ir.distinct_source,
        date_start=ir.date_start,
        date_end=ir.date_end,
        cause=ir.cause,
    )


# --- merging -------------------------------------------------------------------------------------

SQL_CHUNK = 500  # bound parameters per IN (...) list


@contextlib.contextmanager
def fewer_collections(young: int = 100_000) -> Iterator[None]:
    """Run Python's cycle collector less often while merging. A merge allocates millions of small
    objects that live on (decoded features kept across batches, a batch's postings); with the default
    threshold (a young collection every 700 allocations) the collector took about a third of a merge's
    time on a 1,000,000-incident log traversing them. Reference counting frees everything else as before."""
    old = gc.get_threshold()
    gc.set_threshold(max(young, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _chunks(items: list[Any], n: int = SQL_CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _unlinked_rows(session: Session, limit: int) -> list[IncidentReportRow]:
    linked = exists().where(and_(IncidentLink.incident_report_id == IncidentReportRow.id, IncidentLink.active))
    return list(
        session.scalars(
            select(IncidentReportRow)
            .where(~linked, IncidentReportRow.background.is_(False))
            .order_by(IncidentReportRow.id)
            .limit(limit)
        )
    )


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _any(column: Any, values: list[Any], item_type: Any) -> Any:
    """``column = ANY(:array)``: one bound array, however many values (PostgreSQL). An ``IN (...)`` list
    is one bound parameter per value, which the driver parses and the server plans anew every time."""
    return column == any_(bindparam(None, values, type_=postgresql.ARRAY(item_type)))


POSTGRES_CHUNK = 20_000  # values per ANY(array): one query for a batch's keys, a few for its candidates


def _fetch_postings(session: Session, keys: set[str]) -> dict[str, list[tuple[int, int]]]:
    """key -> [(incident report id, its active incident id)] for the stored log (indexed lookups)."""
    postings: dict[str, list[tuple[int, int]]] = {}
    postgres = _is_postgres(session)
    for chunk in _chunks(sorted(keys), POSTGRES_CHUNK if postgres else SQL_CHUNK):
        rows = session.execute(
            select(MergeKey.key, MergeKey.incident_report_id, IncidentLink.incident_id)
            .join(IncidentLink, and_(IncidentLink.incident_report_id == MergeKey.incident_report_id, IncidentLink.active))
            .where(_any(MergeKey.key, chunk, MergeKey.key.type) if postgres else MergeKey.key.in_(chunk))
        ).all()
        for key, ir_id, inc_id in rows:
            plist = postings.get(key)
            if plist is None:
                postings[key] = [(ir_id, inc_id)]
            else:
                plist.append((ir_id, inc_id))
    return postings


# The columns features_of_row reads (not the evidence, claimant ...: less JSON to decode per candidate).
_FEATURE_COLS = (IncidentReportRow.id, IncidentReportRow.event_type, IncidentReportRow.sub_type, IncidentReportRow.date,
                 IncidentReportRow.date_precision, IncidentReportRow.date_start, IncidentReportRow.date_end,
                 IncidentReportRow.place_name, IncidentReportRow.geonameid, IncidentReportRow.province,
                 IncidentReportRow.victims, IncidentReportRow.counts, IncidentReportRow.data)
_FeatureRow = namedtuple("_FeatureRow", [c.key for c in _FEATURE_COLS])  # type: ignore[misc]
# The keys of ``data`` that features_of_row reads. ``data`` holds the whole extracted incident report
# (evidence, figures, words ...): on PostgreSQL only these keys are sent and decoded.
_DATA_FEATURE_KEYS = ("date", "year_known", "place", "place_aliases", "places", "distinct_source")


def merge_problems(ir: StoredIncidentReport) -> dict[str, str]:
    """What of a stored incident report the merge could not read (the columns it reads, ``data``'s parts):
    the serial and the parallel merge keep the same in a link's explanation."""
    return {k: v for k, v in ir.problems.items() if k.partition(".")[0] in _MERGE_COLUMNS}


_MERGE_COLUMNS = frozenset(c.key for c in _FEATURE_COLS)


def _json_as_text(column: Any) -> Any:
    if column.key == "data":
        picked = func.json_build_object(*(x for k in _DATA_FEATURE_KEYS for x in (k, column.op("->")(k))))
        return cast(picked, Text)
    return cast(column, Text)


# On PostgreSQL the JSON columns come as text, decoded here: the driver's per-value decoding cost more
# than the decoding itself. Counts repeat from row to row ({"killed": 1}), so their decoded values are
# shared (features_of_row only reads them).
_FEATURE_COLS_AS_TEXT = tuple(_json_as_text(c) if c.key in ("victims", "counts", "data") else c for c in _FEATURE_COLS)
_json_text = functools.lru_cache(maxsize=4096)(json.loads)


def _feature_rows(session: Session, ids: list[int]) -> Iterable[Any]:
    """Rows of ``_FEATURE_COLS`` for these incident reports (any order)."""
    if not _is_postgres(session):
        for chunk in _chunks(ids):
            yield from session.execute(select(*_FEATURE_COLS).where(IncidentReportRow.id.in_(chunk)))
        return
    for chunk in _chunks(ids, POSTGRES_CHUNK):
        for row in session.execute(select(*_FEATURE_COLS_AS_TEXT).where(_any(IncidentReportRow.id, chunk, BigInteger()))):
            *head, victims, counts, data = row
            yield _FeatureRow(*head, json.loads(victims) if victims is not None else None,
                              _json_text(counts) if counts is not None else None,
                              json.loads(data) if data is not None else None)


def _fetch_features(session: Session, ids: Iterable[int], cache: dict[int, MergeFeatures]) -> None:
    missing = sorted({i for i in ids if i not in cache})
    for row in _feature_rows(session, missing):
        cache[row.id] = features_of_row(row)


def _age(inc: Any) -> tuple[int, int]:
    """Incidents oldest first: stored ones (ids) before the ones this batch creates (("new", n))."""
    return (1, inc[1]) if isinstance(inc, tuple) else (0, inc)


def _decide(feats: MergeFeatures, candidates: dict[Any, list[int]], cache: dict[int, MergeFeatures]) -> tuple[Any, int, Any] | None:
    """The best incident among the candidates (incident -> member report ids), or None: every compatible
    member is scored, and the merge's rule decides (:func:`rasad.log.merge.choose_incident`, which the parallel
    merge and the in-memory index use too). Only the chosen member is explained (``score_pair``)."""
    verdicts = [(inc_id, incident_verdict([compare(feats, m, cache[m]) for m in members if compatible(feats, cache[m])]))
                for inc_id, members in candidates.items()]
    return choose_incident(feats, verdicts, _age, lambda c: score_pair(feats, cache[c[3]]))


def merge_batch(session: Session, rows: list[IncidentReportRow], cache: dict[int, MergeFeatures], sources: SourceIndex,
                actor: str = "rasad", max_candidates: int = MAX_CANDIDATES) -> dict[str, int]:
    """Merge a batch of new incident reports against the stored log and each other, with a few
    set-based queries: one lookup of every blocking key of the batch, one load of the candidates'
    features, bulk inserts of incidents, links and keys, then the touched incidents derived.
    ``max_candidates``: the cap on one report's block (``merge.candidate_map``)."""
    read = {r.id: read_incident_report(r) for r in rows}
    feats = {i: features_of_row(ir) for i, ir in read.items()}
    cache.update(feats)
    qkeys = {i: query_keys(f) for i, f in feats.items()}
    ikeys = {i: sorted(index_keys(f)) for i, f in feats.items()}
    wanted: set[str] = set().union(*qkeys.values()) if qkeys else set()
    stored = _fetch_postings(session, wanted)
    _fetch_features(session, (ir for plist in stored.values() for ir, _ in plist), cache)
    batch_postings: dict[str, list[tuple[int, Any]]] = {}
    assigned: dict[int, Any] = {}  # report id -> stored incident id (int) or ("new", n)
    explanations: dict[int, tuple[float | None, dict[str, Any]]] = {}
    new_count = unreadable_count = 0
    for row in rows:
        f = feats[row.id]
        found = _decide(f, candidate_map(qkeys[row.id], stored, batch_postings, cap=max_candidates), cache)
        if found is None:
            inc = ("new", new_count)
            new_count += 1
            explanations[row.id] = (None, {"rule": MERGE_RULE_VERSION, "new_incident": True,
                                           "reason": "no candidate scored above the threshold"})
        else:
            inc, member, decision = found
            explanations[row.id] = (round(decision.score, 3), decision.explanation(compared_with=member))
        unreadable = merge_problems(read[row.id])
        if unreadable:  # kept with the decision: what of the row the merge could not read
            explanations[row.id][1]["unreadable"] = unreadable
            unreadable_count += 1
        assigned[row.id] = inc
        for key in ikeys[row.id]:
            batch_postings.setdefault(key, []).append((row.id, inc))
    # New incidents: bulk insert, ids back in order.
    new_ids: list[int] = []
    if new_count:
        now = dt.datetime.now(dt.timezone.utc)
        result = session.execute(
            insert(IncidentRow).returning(IncidentRow.id, sort_by_parameter_order=True),
            [{"status": "unreviewed", "data": {}, "figures": {}, "victims": [], "source_groups": [],
              "corroboration": 0, "created_at": now, "updated_at": now} for _ in range(new_count)],
        )
        new_ids = [r[0] for r in result]
    resolve = lambda inc: new_ids[inc[1]] if isinstance(inc, tuple) else inc  # noqa: E731
    now = dt.datetime.now(dt.timezone.utc)
    conn = session.connection()  # Core inserts: the ORM's per-row bookkeeping is not needed here
    conn.execute(
        IncidentLink.__table__.insert(),
        [{"incident_report_id": ir, "incident_id": resolve(inc), "score": explanations[ir][0],
          "explanation": explanations[ir][1], "created_by": actor, "created_at": now, "active": True}
         for ir, inc in assigned.items()],
    )
    key_rows = [{"incident_report_id": ir, "key": k} for ir in assigned for k in ikeys[ir]]
    for chunk in _chunks(key_rows, 5000):
        conn.execute(MergeKey.__table__.insert(), chunk)
    derive_incidents(session, {resolve(inc) for inc in assigned.values()}, sources)
    counts = {"incident_reports": len(rows), "merged": len(rows) - new_count, "new_incidents": new_count}
    return counts | ({"unreadable": unreadable_count} if unreadable_count else {})


def attribute_pending_reports(store: Store) -> None:
    """Give the reports of the incident reports still to merge their source: recognised from metadata, URL or
    self-mention with the log's registry (the serial and the parallel merge both start here)."""
    from rasad.log.sources import attribute_reports

    with store.read_session() as s:
        linked = exists().where(and_(IncidentLink.incident_report_id == IncidentReportRow.id, IncidentLink.active))
        pending = set(s.scalars(select(IncidentReportRow.report_id).distinct().where(
            ~linked, IncidentReportRow.report_id.is_not(None), IncidentReportRow.background.is_(False))))
    if pending:
        attribute_reports(store, pending)


def merge_pending(store: Store, *, batch: int = 2000, actor: str = "rasad", progress: Any = None,
                  attribute: bool = True, max_candidates: int = MAX_CANDIDATES) -> dict[str, int]:
    """Merge every incident report that has no active link; one transaction per ``batch`` reports
    (a crash loses at most the open batch, which the next run merges again). ``attribute=False``: the
    caller has just attributed the reports (``rasad ingest``, the web upload), so they are not read again.
    ``max_candidates``: the cap on one report's block (the tests set a small one to reach capped blocks)."""
    totals = {"incident_reports": 0, "merged": 0, "new_incidents": 0}
    from rasad.log.sources import seed_sources

    seed_sources(store)  # corroboration needs the registry's independence groups
    if attribute:
        attribute_pending_reports(store)
    cache: dict[int, MergeFeatures] = {}
    sources = SourceIndex.load(store)
    with fewer_collections():
        while True:
            with store.session() as s:
                rows = _unlinked_rows(s, batch)
                if not rows:
                    break
                got = merge_batch(s, rows, cache, sources, actor, max_candidates)
            for k in got:  # "unreadable" only when some row held a field the merge could not read
                totals[k] = totals.get(k, 0) + got[k]
            if progress is not None:
                progress(len(rows))
            if len(cache) > FEATURE_CACHE_MAX:  # bounded memory on huge logs
                cache.clear()
    return totals


# --- sources -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInfo:
    id: str
    name: str
    independence_group: str
    reliability: str | None
    affiliation: str | None


class SourceIndex:
    """The sources table in memory (it is small): lookup by id, name, alias or web domain."""

    def __init__(self, rows: Iterable[SourceRow]) -> None:
        self.by_id: dict[str, SourceInfo] = {}
        self.by_name: dict[str, SourceInfo] = {}
        self.by_domain: dict[str, SourceInfo] = {}
        for row in rows:
            r = SourceInfo(row.id, row.name, row.independence_group, row.reliability, row.affiliation)
            self.by_id[r.id] = r
            for name in [row.name, row.id, *(row.aliases or [])]:
                if name:
                    self.by_name[_key(name)] = r
            for d in row.domains or []:
                self.by_domain[d.lower().removeprefix("www.")] = r

    @classmethod
    def load(cls, store: Store) -> SourceIndex:
        with store.read_session() as s:
            return cls.load_in(s)

    @classmethod
    def load_in(cls, session: Session) -> SourceIndex:
        return cls(list(session.scalars(select(SourceRow))))

    def find(self, source_id: str | None, publisher: str | None, url: str | None) -> SourceInfo | None:
        if source_id and source_id in self.by_id:
            return self.by_id[source_id]
        if publisher and _key(publisher) in self.by_name:
            return self.by_name[_key(publisher)]
        if url:
            m = re.match(r"^[a-z]+://([^/:?#]+)", url.lower())
            if m:
                host = m.group(1).removeprefix("www.")
                parts = host.split(".")
                for i in range(len(parts) - 1):
                    hit = self.by_domain.get(".".join(parts[i:]))
                    if hit:
                        return hit
        return None


def _key(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.lower())


def _account(ir: StoredIncidentReport, report: Any, sources: SourceIndex) -> corroboration.Account:
    publisher = report.publisher if report is not None else None
    src = sources.find(ir.source_id or (report.source_id if report is not None else None), publisher,
                       report.url if report is not None else None)
    fallback = ir.source_key or (report.id if report is not None else str(ir.id))
    return corroboration.Account(
        incident_report_id=ir.id,
        source_id=src.id if src else ir.source_id,
        source_name=src.name if src else publisher,
        group=corroboration.group_for(src.independence_group if src else None, ir.source_id, publisher, fallback),
        reliability=src.reliability if src else None,
        counts=ir.counts,
        report_id=ir.report_id,
        source_key=ir.source_key,
    )


_REPORT_COLS = (ReportRow.id, ReportRow.publisher, ReportRow.url, ReportRow.source_id, ReportRow.title)


def accounts_of(session: Session, incident_id: int, sources: SourceIndex) -> list[tuple[StoredIncidentReport, IncidentLink, Any, corroboration.Account]]:
    """The incident's active accounts, oldest first: each incident report as read back (a field not of its kind
    absent, see :mod:`rasad.log.stored`), its link, its report's metadata and its corroboration account."""
    rows = session.execute(
        select(IncidentReportRow, IncidentLink, *_REPORT_COLS)
        .join(IncidentLink, and_(IncidentLink.incident_report_id == IncidentReportRow.id, IncidentLink.active))
        .outerjoin(ReportRow, ReportRow.id == IncidentReportRow.report_id)
        .where(IncidentLink.incident_id == incident_id)
        .order_by(IncidentReportRow.id)
    ).all()
    out = []
    for row, link, *rep in rows:
        report = _ReportInfo(*rep) if rep[0] is not None else None
        ir = read_incident_report(row)
        out.append((ir, link, report, _account(ir, report, sources)))
    return out


@dataclass(frozen=True)
class _ReportInfo:
    id: str
    publisher: str | None
    url: str | None
    source_id: str | None
    title: str | None


# --- deriving an incident ---------------------------------------------------------------------

EDITABLE_FIELDS = ("event_type", "sub_type", "date", "date_precision", "place_name", "geonameid", "province",
                   "country", "lat", "lon", "title")


def _mode(values: Iterable[Any]) -> Any:
    vals = [v for v in values if v not in (None, "")]
    return Counter(vals).most_common(1)[0][0] if vals else None


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def derived_values(irs: list[StoredIncidentReport], accounts: list[corroboration.Account], data: dict[str, Any]) -> dict[str, Any]:
    """An incident's columns computed from its incident reports, then the analysts' overrides."""
    data = dict(data or {})
    overrides = dict(data.get("overrides") or {})
    v: dict[str, Any] = {}
    if irs:
        v["event_type"] = _mode(r.event_type for r in irs)
        v["sub_type"] = _mode(r.sub_type for r in irs if r.event_type == v["event_type"])
        dated = [r for r in irs if r.date]
        best_rank = min((_PRECISION_RANK.get(r.date_precision or "", 4) for r in dated), default=None)
        v["date"] = _mode(r.date for r in dated if _PRECISION_RANK.get(r.date_precision or "", 4) == best_rank)
        v["date_precision"] = next((r.date_precision for r in dated if r.date == v["date"]), None)
        top = sorted(irs, key=lambda r: (r.geonameid is None, r.place_name is None, r.province is None))[0]
        v["place_name"], v["geonameid"] = top.place_name, top.geonameid
        v["province"] = top.province or _mode(r.province for r in irs)
        v["country"] = top.country or _mode(r.country for r in irs)
        v["lat"], v["lon"] = top.lat, top.lon
        victims: dict[str, dict[str, Any]] = {}
        for r in irs:
            for vic in r.victims:
                name = vic.get("name") if isinstance(vic, dict) else vic
                if not name:
                    continue
                key = canonical_name(str(name)) or str(name)
                entry = victims.setdefault(key, {"name": str(name), "spellings": [], "incident_reports": []})
                if str(name) not in entry["spellings"]:
                    entry["spellings"].append(str(name))
                entry["incident_reports"].append(r.id)
                for extra in ("name_fa", "age", "gender"):
                    if isinstance(vic, dict) and vic.get(extra) and extra not in entry:
                        entry[extra] = vic[extra]
        v["victims"] = list(victims.values())
        summary = corroboration.summarise(accounts)
        v["figures"] = summary["figures"]
        v["fatalities"] = summary["conservative"].get("killed")
        v["corroboration"] = summary["corroboration"]
        v["source_groups"] = summary["source_groups"]
        data["conflicts"] = summary["conflicts"]
        data["conservative"] = summary["conservative"]
    else:
        v.update(figures={}, fatalities=None, corroboration=0, source_groups=[], victims=[])
        for fld in EDITABLE_FIELDS:
            v[fld] = None
        data["conflicts"], data["conservative"] = [], {}
    data["incident_reports"] = [r.id for r in irs]
    chosen = next((r for r in irs if r.date and r.date == v.get("date")), None)
    v["date_start"], v["date_end"] = (chosen.date_start, chosen.date_end) if chosen else date_bounds(v.get("date"))
    for fld, value in overrides.items():
        if fld in EDITABLE_FIELDS:
            v[fld] = value
    if "date" in overrides or "date_precision" in overrides:
        v["date_start"], v["date_end"] = date_bounds(v.get("date"))
    if "title" not in overrides:
        names = ", ".join(x["name"] for x in v["victims"][:3])
        what = v.get("sub_type") or v.get("event_type") or "incident"
        v["title"] = " · ".join(x for x in (what, names, v.get("place_name") or v.get("province"), v.get("date")) if x)
    data["overrides"] = overrides
    v["data"] = data
    v["updated_at"] = dt.datetime.now(dt.timezone.utc)
    return v


def derive_incidents(session: Session, incident_ids: Iterable[int], sources: SourceIndex) -> None:
    """Recompute many incidents' derived fields from their active incident reports (set-based)."""
    ids = sorted(set(incident_ids))
    for chunk in _chunks(ids):
        members: dict[int, list[tuple[StoredIncidentReport, Any]]] = {i: [] for i in chunk}
        rows = session.execute(
            select(IncidentLink.incident_id, IncidentReportRow, *_REPORT_COLS)
            .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
            .outerjoin(ReportRow, ReportRow.id == IncidentReportRow.report_id)
            .where(IncidentLink.incident_id.in_(chunk), IncidentLink.active)
            .order_by(IncidentReportRow.id)
        ).all()
        for inc_id, ir, *rep in rows:
            members[inc_id].append((read_incident_report(ir), _ReportInfo(*rep) if rep[0] is not None else None))
        datas = dict(session.execute(select(IncidentRow.id, IncidentRow.data).where(IncidentRow.id.in_(chunk))).all())
        updates = []
        for inc_id in chunk:
            if inc_id not in datas:
                continue
            irs = [ir for ir, _ in members[inc_id]]
            accounts = [_account(ir, rep, sources) for ir, rep in members[inc_id]]
            updates.append({"id": inc_id, **derived_values(irs, accounts, datas[inc_id] or {})})
        if updates:
            session.execute(update(IncidentRow), updates)
    session.expire_all()  # ORM objects loaded earlier in this session must see the new values


def derive_incident(session: Session, incident_id: int, sources: SourceIndex) -> IncidentRow | None:
    derive_incidents(session, [incident_id], sources)
    return session.get(IncidentRow, incident_id)


def rederive(store: Store, incident_ids: Iterable[int]) -> None:
    sources = SourceIndex.load(store)
    with store.session() as s:
        derive_incidents(s, incident_ids, sources)


# --- listing and detail -----------------------------------------------------------------------


FIGURE_FIELDS = ("low", "high", "words", "source", "source_id", "group", "reliability", "incident_report_id")


def _shown_figures(figures: Any) -> dict[str, list[dict[str, Any]]]:
    """The stored figures with every field the incident page shows (None where a record lacks it), so a
    figure written by another tool (an import, a synthetic log) is shown, not an error page."""
    if not isinstance(figures, dict):
        return {}
    return {
        str(kind): [{**dict.fromkeys(FIGURE_FIELDS), **entry} for entry in entries if isinstance(entry, dict)]
        for kind, entries in figures.items()
        if isinstance(entries, list)
    }


def incident_detail(store: Store, incident_id: int) -> dict[str, Any] | None:
    """An incident with its accounts side by side (source, group, reliability, figures, the merge
    explanation), the figures per kind with their sources, and the review history."""
    from rasad.log.review import history

    sources = SourceIndex.load(store)
    with store.read_session() as s:
        inc = s.get(IncidentRow, incident_id)
        if inc is None:
            return None
        out = incident_summary(inc)
        from rasad.log.publish import public_keys, victim_key

        marked = public_keys(inc.data)
        out["victims_detail"] = [
            {**v, "public": victim_key(v.get("name") or "") in marked} if isinstance(v, dict) else v
            for v in inc.victims or []
        ]
        out["figures"] = _shown_figures(inc.figures)
        out["conservative"] = (inc.data or {}).get("conservative", {})
        out["overrides"] = (inc.data or {}).get("overrides", {})
        out["merged_into"] = (inc.data or {}).get("merged_into")
        out["accounts"] = []
        for ir, link, report, account in accounts_of(s, incident_id, sources):
            out["accounts"].append(
                {
                    "incident_report_id": ir.id,
                    "source": account.source_name or account.source_id or ir.source_key,
                    "source_id": account.source_id,
                    "source_key": ir.source_key,
                    "group": account.group,
                    "reliability": account.reliability,
                    "report_id": ir.report_id,
                    "report_title": report.title if report else None,
                    "url": report.url if report else None,
                    "event_type": ir.event_type,
                    "sub_type": ir.sub_type,
                    "date": ir.date,
                    "place_name": ir.place_name,
                    "province": ir.province,
                    "victims": [v.get("name") if isinstance(v, dict) else v for v in ir.victims],
                    "counts": ir.counts,
                    "evidence": ir.evidence,
                    "unreadable": ir.problems,
                    "link": {"score": link.score, "created_by": link.created_by, "explanation": link.explanation},
                }
            )
        links = s.execute(select(IncidentLink).where(IncidentLink.incident_id == incident_id).order_by(IncidentLink.id)).scalars()
        out["links"] = [
            {
                "incident_report_id": ln.incident_report_id,
                "active": ln.active,
                "created_by": ln.created_by,
                "created_at": ln.created_at.isoformat() if ln.created_at else None,
                "deactivated_at": ln.deactivated_at.isoformat() if ln.deactivated_at else None,
                "score": ln.score,
            }
            for ln in links
        ]
    out["history"] = history(store, incident_id)
    return out


def review_event_count(store: Store) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(ReviewEvent)) or 0
