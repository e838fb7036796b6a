"""Figures over the whole log (the overview's counts and timeline, the log's statistics, the listing's
totals), computed once per change of the log instead of once per request.

The log has a change counter (``log_changes``, migrations 0006 and 0009: the sum of its rows): triggers bump it in the same transaction
as every write to the tables these figures read. A :class:`ChangeCache` reads the counter (one indexed
row) before it computes and keys what it computed on it, so a figure it hands out as ``fresh`` was
computed from a log at least as new as the counter says (the counter is read first; a write that commits
in between only makes the figures newer than their key, and the next request computes again).

While the log does not change, every request is served from the cache. When it does change:

- a computation that took less than ``sync_below_s`` (a small log: every test, a team's working log) is
  redone in the request: the page is always exact;
- a longer one (the 1M-incident log: seconds) is redone once in a background thread (one at a time, each
  value at most once per two of its computation times, and all values together at most one second of
  computing in every three of wall time, so a long ingest does not keep a core busy with them), and requests meanwhile get the previous figures with ``fresh: False`` and the time they were
  computed (``as_of``), which the page shows. With an ingest running, the figures trail it by a few
  computations; when it stops, the next requests after that start the ones that catch up.
- the first computation of a value (a cold server) is done by one request while the others that need it
  wait for it; ``warm`` starts them all when the web app starts.

A log without the counter (not yet migrated) is computed on every request, as before.

Reviews have a counter of their own (``review_changes``, migration 0014) and do not move the log's: an
analyst's review changes a few incidents, and recomputing the overview over a million of them for it would
throw away what it cannot change. :func:`reviewing` wraps a review's transaction and writes what the
incidents it touched contributed to the overview before and after (``overview_deltas``); a cache whose
value can take such a delta (the overview, its map) applies the deltas since its own review number instead
of recomputing, and one that cannot (a listing's total per filter) recomputes on either counter; one that
no review changes (the report counts) keys on the log's counter alone. Deltas apply only to a value that
was computed while no review committed (the review counter read before and after it is the same), so a
value never holds a review twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import threading
import time
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from rasad.store import Store
from rasad.store.schema import IncidentRow, LogChanges, OverviewDelta, ReviewChanges, ReviewWriting

SYNC_BELOW_S = 0.25


def change_key(store: Store) -> tuple[int, int] | None:
    """(the log's change counter, the reviews' counter) read in one statement, or None for a log without
    them. The log's counter is the sum of its rows: PostgreSQL stripes it so that concurrent writers do
    not queue on one row (migration 0009); SQLite has one row."""
    try:
        with store.read_session() as s:
            log, reviews = s.execute(select(select(func.sum(LogChanges.n)).scalar_subquery(),
                                            select(ReviewChanges.n).where(ReviewChanges.id == 1).scalar_subquery())).one()
    except DBAPIError:
        return None
    return None if log is None or reviews is None else (int(log), int(reviews))


def change_count(store: Store) -> int | None:
    """A number that moves with every write the overview reads, reviews included (None: no counters)."""
    key = change_key(store)
    return None if key is None else sum(key)


# Deltas older than this many reviews are dropped: a cache that far behind recomputes.
KEEP_DELTAS = 10_000


class ReviewDelta:
    """The incidents one review touches, their overview contributions as the review found them, and the
    review events it writes (see :func:`reviewing`)."""

    def __init__(self, s: Any) -> None:
        self.s = s
        self.before: dict[int, dict[str, Any] | None] = {}
        self.event_incidents: list[int | None] = []

    def touch(self, *incident_ids: int | None) -> None:
        """Call before changing these incidents (or moving their links): their contribution now."""
        from rasad.log.queries import overview_rows

        new = sorted({int(i) for i in incident_ids if i is not None} - set(self.before))
        if not new:
            return
        if self.s.get_bind().dialect.name != "sqlite":  # a writer beside the review (an ingest) waits for it
            self.s.execute(select(IncidentRow.id).where(IncidentRow.id.in_(new)).with_for_update())
        rows = overview_rows(self.s, new)
        for i in new:
            self.before[i] = rows.get(i)

    def created(self, incident_id: int) -> None:
        """An incident this review created: it contributed nothing before."""
        self.before.setdefault(int(incident_id), None)


@contextlib.contextmanager
def reviewing(store: Store) -> Iterator[tuple[Any, ReviewDelta]]:
    """A review's transaction (``store.session()``): the log's counter stays put, the reviews' counter
    moves, and what the touched incidents contribute to the overview before and after is written as an
    ``overview_deltas`` row under the counter's new value. Taking the counter's row first also puts
    reviews one after another on PostgreSQL, so their numbers are in commit order: a reader never sees
    number n+1 without n. An incident that a review event names but the review did not declare (with
    ``touch`` or ``created``) makes the review move the log's counter instead: every cache recomputes."""
    with store.session() as s:
        seq = s.execute(update(ReviewChanges).where(ReviewChanges.id == 1).values(n=ReviewChanges.n + 1)
                        .returning(ReviewChanges.n)).scalar_one()
        s.execute(insert(ReviewWriting).values(id=1))
        delta = ReviewDelta(s)
        s.info["rasad_review"] = delta
        try:
            yield s, delta
            s.flush()
        finally:
            s.info.pop("rasad_review", None)
        from rasad.log.queries import overview_rows

        undeclared = {int(i) for i in delta.event_incidents if i is not None} - set(delta.before)
        if undeclared:
            s.execute(update(LogChanges).where(LogChanges.id == 1).values(n=LogChanges.n + 1))
        else:
            after = overview_rows(s, list(delta.before))
            s.add(OverviewDelta(seq=seq, events=len(delta.event_incidents),
                                before={str(k): v for k, v in delta.before.items() if v is not None},
                                after={str(k): v for k, v in after.items()}))
            s.execute(delete(OverviewDelta).where(OverviewDelta.seq <= seq - KEEP_DELTAS))
        s.execute(delete(ReviewWriting))


def deltas_between(store: Store, after: int, upto: int) -> list[OverviewDelta] | None:
    """The reviews' deltas numbered after ``after`` up to ``upto``, in order; None when one is missing
    (dropped as too old, or a review that moved the log's counter instead)."""
    with store.read_session() as s:
        rows = list(s.scalars(select(OverviewDelta).where(OverviewDelta.seq > after, OverviewDelta.seq <= upto)
                              .order_by(OverviewDelta.seq)))
        for row in rows:
            s.expunge(row)
    return rows if len(rows) == upto - after else None


@dataclass(frozen=True)
class Cached:
    value: Any
    change: tuple[int, int] | None  # the counters read before computing (change_key)
    as_of: dt.datetime
    took_s: float
    fresh: bool = True
    # no review committed while it was computed: the reviews' deltas since change[1] may be applied to it
    takes_deltas: bool = False

    def meta(self) -> dict[str, Any]:
        return {"fresh": self.fresh, "as_of": self.as_of.isoformat(timespec="seconds"),
                "log_change": None if self.change is None else sum(self.change),
                "computed_in_s": round(self.took_s, 3)}


# One background recomputation at a time for the whole process, whatever cache or key asks for it: on a
# log that keeps changing, stale figures are brought up to date one after another, never all at once.
_BACKGROUND = threading.Lock()
# ... and, all values together, at most one second of background computation in every 1 + IDLE_RATIO of
# wall time: a server with many cached values (the overview, its map, each listing filter's total) on a log
# that an ingest keeps changing would otherwise keep a core recomputing them, a core the requests need.
IDLE_RATIO = 2.0
_background_idle_until = 0.0  # time.monotonic() before which no background computation starts
MAX_KEYS = 256


class ChangeCache:
    """Values computed from the log (``compute(store, key)``, one per key: the overview has one, the
    listing's totals one per filter), each kept until the log's change counter moves."""

    def __init__(self, compute: Callable[[Store, Any], Any], *, sync_below_s: float = SYNC_BELOW_S,
                 apply: Callable[[Any, list[OverviewDelta]], Any] | None = None, reviews_change_it: bool = True) -> None:
        """``apply(value, deltas)``: the value with reviews' deltas applied (None: it cannot, recompute);
        ``reviews_change_it=False``: a value no review can change, kept across reviews."""
        self.compute = compute
        self.sync_below_s = sync_below_s
        self.apply = apply
        self.reviews_change_it = reviews_change_it
        self.computations = 0  # full computations (what a review should not cause), for tests and figures
        self.applied = 0  # reviews' deltas applied instead
        self._entries: weakref.WeakKeyDictionary[Store, OrderedDict[Any, Cached]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self._computing: dict[tuple[int, Any], threading.Lock] = {}

    def _entry(self, store: Store, key: Any) -> Cached | None:
        with self._lock:
            entries = self._entries.get(store)
            if entries is None or key not in entries:
                return None
            entries.move_to_end(key)
            return entries[key]

    def _run(self, store: Store, key: Any) -> Cached:
        change = change_key(store)
        started = time.perf_counter()
        self.computations += 1
        value = self.compute(store, key)
        took = time.perf_counter() - started
        settled = change is not None and self.apply is not None and (change_key(store) or (0, -1))[1] == change[1]
        return self._keep(store, key, Cached(value, change, dt.datetime.now(dt.timezone.utc), took, takes_deltas=settled))

    def _keep(self, store: Store, key: Any, entry: Cached) -> Cached:
        change = entry.change
        with self._lock:
            entries = self._entries.setdefault(store, OrderedDict())
            old = entries.get(key)
            # Never replace newer figures with older ones (two computations racing).
            if old is None or change is None or old.change is None or change >= old.change:
                entries[key] = entry
                entries.move_to_end(key)
                while len(entries) > MAX_KEYS:
                    entries.popitem(last=False)
        return entry

    def _refresh_in_background(self, store: Store, key: Any) -> None:
        if time.monotonic() < _background_idle_until or not _BACKGROUND.acquire(blocking=False):
            return  # another refresh is under way, or the last one's rest is not over; a later request asks again

        def work() -> None:
            global _background_idle_until
            started = time.monotonic()
            try:
                self._run(store, key)
            except Exception:  # noqa: BLE001 - a failed refresh keeps the old figures; the next request retries
                pass
            finally:
                ended = time.monotonic()
                _background_idle_until = ended + IDLE_RATIO * (ended - started)
                _BACKGROUND.release()

        threading.Thread(target=work, name="rasad-summary-refresh", daemon=True).start()

    def _first(self, store: Store, key: Any) -> Cached:
        """The first computation of ``key``: one request computes, the others that ask meanwhile wait for it
        (fifty users opening the overview of a cold server would otherwise start fifty scans of the log)."""
        with self._lock:
            gate = self._computing.setdefault((id(store), key), threading.Lock())
        with gate:
            entry = self._entry(store, key)
            if entry is not None:
                return entry
            try:
                return self._run(store, key)
            finally:
                with self._lock:
                    self._computing.pop((id(store), key), None)

    def _current(self, entry: Cached, change: tuple[int, int]) -> bool:
        return entry.change == change if self.reviews_change_it else entry.change[0] == change[0]

    def _with_reviews(self, store: Store, key: Any, entry: Cached, change: tuple[int, int]) -> Cached | None:
        """``entry`` brought up to ``change`` by the reviews' deltas since it, when only reviews wrote."""
        if not (self.apply and entry.takes_deltas and entry.change[0] == change[0] and entry.change[1] < change[1]):
            return None
        deltas = deltas_between(store, entry.change[1], change[1])
        value = None if deltas is None else self.apply(entry.value, deltas)
        if value is None:
            return None
        self.applied += 1
        return self._keep(store, key, Cached(value, change, dt.datetime.now(dt.timezone.utc), entry.took_s,
                                             takes_deltas=True))

    def get(self, store: Store, key: Any = None) -> Cached:
        entry = self._entry(store, key)
        change = change_key(store)
        if entry is not None and change is not None and entry.change is not None:
            if self._current(entry, change):
                return entry
            updated = self._with_reviews(store, key, entry, change)
            if updated is not None:
                return updated
        if entry is None and change is not None:
            return self._first(store, key)
        if entry is None or change is None or entry.took_s < self.sync_below_s:
            return self._run(store, key)
        # A log that keeps changing (an ingest) would keep a core busy recomputing: at most one
        # computation's worth of background work per two of wall time, for each value.
        if (dt.datetime.now(dt.timezone.utc) - entry.as_of).total_seconds() >= 2 * entry.took_s:
            self._refresh_in_background(store, key)
        return Cached(entry.value, entry.change, entry.as_of, entry.took_s, fresh=False)

    def forget(self, store: Store) -> None:
        with self._lock:
            self._entries.pop(store, None)


def _overview(store: Store, _key: Any = None) -> dict[str, Any]:
    from rasad.log import queries

    return {"figures": queries.overview_figures(store), "stats": store.stats()}


def _overview_with_reviews(value: dict[str, Any], deltas: list[OverviewDelta]) -> dict[str, Any] | None:
    """The overview's figures and statistics with the reviews' deltas applied: each touched incident's
    contribution as it was taken away, as it is now added (the same rules as overview_figures)."""
    from rasad.log.queries import most_first

    figures, stats = value["figures"], dict(value["stats"])
    by_type, by_province = Counter(figures["by_type"]), Counter(figures["by_province"])
    weekly = {week: dict(counts) for week, counts in figures["weekly"].items()}
    killed, held = figures["killed"], figures["arrested"]
    by_status = Counter(stats["incidents_by_status"])
    for delta in deltas:
        stats["review_events"] += delta.events
        for sign, rows in ((-1, delta.before), (1, delta.after)):
            for row in rows.values():
                stats["incidents"] += sign
                by_status[row["status"]] += sign
                if not row["live"]:
                    continue
                by_type[row["event_type"] or "unknown"] += sign
                by_province[row["province"] or "unknown"] += sign
                killed += sign * row["killed"]
                held += sign * row["arrested"]
                if row["week"] is not None:
                    week = weekly.setdefault(dt.date.fromisoformat(row["week"]),
                                             {"incidents": 0, "killed": 0, "arrested": 0})
                    week["incidents"] += sign
                    week["killed"] += sign * row["killed"]
                    week["arrested"] += sign * row["arrested"]
    counted = [*by_type.values(), *by_province.values(), *by_status.values(), killed, held,
               *(n for week in weekly.values() for n in week.values())]
    if min(counted, default=0) < 0:  # not the log these figures were computed from: compute them again
        return None
    stats["incidents_by_status"] = {k: n for k, n in by_status.items() if n}
    return {"figures": {"by_type": most_first(+by_type), "by_province": most_first(+by_province), "killed": killed,
                        "arrested": held,
                        "weekly": {w: c for w, c in sorted(weekly.items()) if c["incidents"]}},
            "stats": stats}


OVERVIEW = ChangeCache(_overview, apply=_overview_with_reviews)


def warm(store: Store) -> None:
    """Compute the whole-log figures once (a server starting on a large log), so that the first users do
    not wait for them: the overview, its map, the report and per-source counts, the listing's total."""
    from rasad.log.queries import IncidentFilter

    for compute in (lambda: overview(store), lambda: map_points(store), lambda: report_count(store),
                    lambda: reports_by_source(store), lambda: incident_count(store, IncidentFilter())):
        try:
            compute()
        except Exception:  # noqa: BLE001 - warming is an optimisation: a request computes what failed here
            pass


def overview(store: Store) -> Cached:
    """The overview's figures and the log's statistics, cached on the log's change counter."""
    return OVERVIEW.get(store)


def _count(store: Store, key: tuple) -> int:
    from rasad.log.queries import IncidentFilter, count_incidents

    return count_incidents(store, IncidentFilter(**dict(key)))


COUNTS = ChangeCache(_count)


def incident_count(store: Store, where: Any) -> Cached:
    """How many incidents a filter selects (limit, offset and order aside), cached per filter on the log's
    change counter: a count over a million rows takes seconds, the listing's page a few milliseconds."""
    import dataclasses

    plain = where.replace(limit=None, offset=0, sort="id", order="asc")
    return COUNTS.get(store, tuple(sorted(dataclasses.asdict(plain).items())))


def _map_bytes(state: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    import json

    from rasad.log.queries import map_geojson

    # kept serialised: the answer is the same bytes for every request until the log changes
    return state, json.dumps(map_geojson(state), ensure_ascii=False, separators=(",", ":")).encode()


def _map_points(store: Store, _key: Any = None) -> tuple[dict[str, Any], bytes]:
    from rasad.log import queries

    return _map_bytes(queries.map_state(store))


def _map_with_reviews(value: tuple[dict[str, Any], bytes], deltas: list[OverviewDelta]) -> Any:
    """The map with the reviews' deltas applied: a touched incident's point (or its place's count) taken
    away as it was and drawn as it is. None where the map would change between drawn per incident and
    per place: computed again."""
    state = value[0]
    mapped = lambda row: row["live"] and row["lat"] is not None and row["lon"] is not None  # noqa: E731
    if "points" in state:
        points = dict(state["points"])
        for delta in deltas:
            for id_ in delta.before:
                points.pop(int(id_), None)
            points.update({int(id_): row["feature"] for id_, row in delta.after.items() if mapped(row)})
        if len(points) > state["max_points"]:
            return None
        return _map_bytes({"max_points": state["max_points"], "points": points})
    places = dict(state["places"])
    for delta in deltas:
        for sign, rows in ((-1, delta.before), (1, delta.after)):
            for row in filter(mapped, rows.values()):
                where = (row["lat"], row["lon"], row["event_type"], row["place_name"], row["province"])
                n, killed = places.get(where, (0, 0))
                places[where] = [n + sign, killed + sign * row["killed"]]
    if any(n < 0 for n, _ in places.values()):
        return None
    places = {where: counts for where, counts in places.items() if counts[0]}
    if sum(n for n, _ in places.values()) <= state["max_points"]:
        return None
    return _map_bytes({"max_points": state["max_points"], "places": places})


MAP_POINTS = ChangeCache(_map_points, apply=_map_with_reviews)


def map_points(store: Store) -> Cached:
    """The overview map's GeoJSON (``rasad.log.queries.map_points``) as bytes, cached on the change counter."""
    cached = MAP_POINTS.get(store)
    return dataclasses.replace(cached, value=cached.value[1])


def _report_count(store: Store, publisher: str | None) -> int:
    from sqlalchemy import func

    from rasad.store.schema import ReportRow

    query = select(func.count()).select_from(ReportRow)
    if publisher:
        query = query.where(ReportRow.publisher == publisher)
    with store.read_session() as s:
        return s.scalar(query) or 0


REPORT_COUNT = ChangeCache(_report_count, reviews_change_it=False)


def report_count(store: Store, publisher: str | None = None) -> Cached:
    """How many reports the log holds (or ``publisher`` published), cached on the change counter: a count
    over a million rows is not free."""
    return REPORT_COUNT.get(store, publisher or None)


def _reports_by_source(store: Store, _key: Any = None) -> dict[str | None, int]:
    from sqlalchemy import func

    from rasad.store.schema import ReportRow

    with store.read_session() as s:
        return dict(s.execute(select(ReportRow.source_id, func.count()).group_by(ReportRow.source_id)).all())


REPORTS_BY_SOURCE = ChangeCache(_reports_by_source, reviews_change_it=False)


def reports_by_source(store: Store) -> Cached:
    """Reports per registry source (the sources page), cached on the change counter."""
    return REPORTS_BY_SOURCE.get(store)
