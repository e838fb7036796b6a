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
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from rasad.store import Store
from rasad.store.schema import LogChanges

SYNC_BELOW_S = 0.25


def change_count(store: Store) -> int | None:
    """The log's change counter, or None for a log without one."""
    try:
        with store.read_session() as s:
            # The sum of its rows: PostgreSQL stripes it so that concurrent writers do not queue on one
            # row (migration 0009); SQLite has one row.
            return s.scalar(select(func.sum(LogChanges.n)))
    except DBAPIError:
        return None


@dataclass(frozen=True)
class Cached:
    value: Any
    change: int | None  # the counter read before computing
    as_of: dt.datetime
    took_s: float
    fresh: bool = True

    def meta(self) -> dict[str, Any]:
        return {"fresh": self.fresh, "as_of": self.as_of.isoformat(timespec="seconds"), "log_change": self.change,
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

    def __init__(self, compute: Callable[[Store, Any], Any], *, sync_below_s: float = SYNC_BELOW_S) -> None:
        self.compute = compute
        self.sync_below_s = sync_below_s
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
        change = change_count(store)
        started = time.perf_counter()
        value = self.compute(store, key)
        entry = Cached(value, change, dt.datetime.now(dt.timezone.utc), time.perf_counter() - started)
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

    def get(self, store: Store, key: Any = None) -> Cached:
        entry = self._entry(store, key)
        change = change_count(store)
        if entry is not None and change is not None and entry.change == change:
            return entry
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


OVERVIEW = ChangeCache(_overview)


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


def _map_points(store: Store, _key: Any = None) -> bytes:
    import json

    from rasad.log import queries

    # kept serialised: the answer is the same bytes for every request until the log changes
    return json.dumps(queries.map_points(store), ensure_ascii=False, separators=(",", ":")).encode()


MAP_POINTS = ChangeCache(_map_points)


def map_points(store: Store) -> Cached:
    """The overview map's GeoJSON (``rasad.log.queries.map_points``) as bytes, cached on the change counter."""
    return MAP_POINTS.get(store)


def _report_count(store: Store, publisher: str | None) -> int:
    from sqlalchemy import func

    from rasad.store.schema import ReportRow

    query = select(func.count()).select_from(ReportRow)
    if publisher:
        query = query.where(ReportRow.publisher == publisher)
    with store.read_session() as s:
        return s.scalar(query) or 0


REPORT_COUNT = ChangeCache(_report_count)


def report_count(store: Store, publisher: str | None = None) -> Cached:
    """How many reports the log holds (or ``publisher`` published), cached on the change counter: a count
    over a million rows is not free."""
    return REPORT_COUNT.get(store, publisher or None)


def _reports_by_source(store: Store, _key: Any = None) -> dict[str | None, int]:
    from sqlalchemy import func

    from rasad.store.schema import ReportRow

    with store.read_session() as s:
        return dict(s.execute(select(ReportRow.source_id, func.count()).group_by(ReportRow.source_id)).all())


REPORTS_BY_SOURCE = ChangeCache(_reports_by_source)


def reports_by_source(store: Store) -> Cached:
    """Reports per registry source (the sources page), cached on the change counter."""
    return REPORTS_BY_SOURCE.get(store)
