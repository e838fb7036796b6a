"""Reading the incident log: which incidents a filter selects, in which order, and the overview's figures.

One :class:`IncidentFilter` (Datasette's habit: filters are library code that becomes SQL, see
``Filters(...).build_where_clauses()``) serves ``rasad incidents``, ``rasad export``, the web table, its
downloads and the search page: every filter and sort runs in the database, so a large log is paged
there, never sorted in Python. A filter checks its own values and raises :class:`FilterError` (a
``ValueError``) with one line to show the user: the CLI prints it, the web answers 400.
"""

from __future__ import annotations

import dataclasses
import re
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, String, Text, and_, case, cast, exists, func, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.sql.functions import FunctionElement

from rasad.store import Store, date_bounds
from rasad.store.schema import INCIDENT_STATUSES, IncidentLink, IncidentReportRow, IncidentRow, ReportRow

# What a listing can be sorted by, and the column behind each name ("date" is the first day the
# incident's date can mean, so "2022-11" sorts with 1 November).
SORT_COLUMNS = {
    "date": IncidentRow.date_start,
    "event_type": IncidentRow.event_type,
    "province": IncidentRow.province,
    "status": IncidentRow.status,
    "corroboration": IncidentRow.corroboration,
    "fatalities": IncidentRow.fatalities,
    "id": IncidentRow.id,
}
ORDERS = ("asc", "desc")
MAX_LIMIT = 10_000  # one page of a listing at most (exports read every row, a page at a time)

# The search of incidents (the text filter, the search page) looks for the words as a substring of the
# title, place, province, type, sub-type and victims' names, through an index of each incident's text
# (migration 0008: SQLite's FTS5 trigram table, PostgreSQL's pg_trgm GIN index). A quoted FTS5 phrase of
# at least this many characters is answered by the trigram index; a shorter one reads every row.
TRIGRAM_MIN_CHARS = 3
# The search page ranks the most recently recorded matches: a common word matches hundreds of thousands of
# incidents in a million, and ordering them all by date would read them all. Exact when fewer match.
INCIDENT_SEARCH_WINDOW = 1000
ARREST_KEYS = ("arrested", "detained", "arrests")


class FilterError(ValueError):
    """A filter value that cannot be used (a date that is not one, an unknown status or sort)."""


@dataclass
class IncidentFilter:
    """Which incidents to list and in which order. Empty strings mean "any" (a web form's empty field).

    By default only incidents that still have an active incident report are listed (a merged-away
    incident has none); ``include_empty`` lists those too. ``limit=None`` reads every row.
    """

    event_type: str | None = None  # ACLED event type or sub-event type, any case
    date_from: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD: incidents that may have happened on or after it
    date_to: str | None = None
    province: str | None = None  # admin1, any case
    status: str | None = None  # unreviewed, confirmed, disputed or rejected
    source: str | None = None  # source id, publisher, or source-key prefix (javidnam)
    source_group: str | None = None  # one of the incident's independent source groups
    min_corroboration: int | None = None  # at least this many independent source groups
    text: str | None = None  # words in the title, place, province, type or victims' names (% and _ are literal)
    include_empty: bool = False
    sort: str = "date"
    order: str = "desc"
    limit: int | None = 100
    offset: int = 0
    # The columns whose lower-cased value ``event_type`` is compared with: an ACLED type or sub-type. Both
    # unless narrowed by :meth:`in_session` to those that hold it.
    type_columns: tuple[str, ...] = dataclasses.field(default=("event_type", "sub_type"), repr=False)

    def __post_init__(self) -> None:
        for field in ("event_type", "date_from", "date_to", "province", "status", "source", "source_group", "text"):
            value = getattr(self, field)
            setattr(self, field, value.strip() or None if isinstance(value, str) else value)
        for field in ("date_from", "date_to"):
            value = getattr(self, field)
            if value is not None and date_bounds(value) == (None, None):
                raise FilterError(f"{field.replace('_', ' ')}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        if self.status is not None and self.status not in INCIDENT_STATUSES:
            raise FilterError(f"status: {self.status!r} is not one of {', '.join(INCIDENT_STATUSES)}")
        if self.sort not in SORT_COLUMNS:
            raise FilterError(f"sort: {self.sort!r} is not one of {', '.join(SORT_COLUMNS)}")
        if self.order not in ORDERS:
            raise FilterError(f"order: {self.order!r} is not asc or desc")
        if self.min_corroboration is not None and self.min_corroboration < 0:
            raise FilterError("min corroboration: give a number of source groups, 0 or more")
        if self.limit is not None and not 1 <= self.limit <= MAX_LIMIT:
            raise FilterError(f"limit: give a number from 1 to {MAX_LIMIT}")
        if self.offset < 0:
            raise FilterError("offset: give 0 or more")

    def replace(self, **changes: Any) -> IncidentFilter:
        return dataclasses.replace(self, **changes)

    # --- the SQL ---------------------------------------------------------------------------------

    def where_clauses(self) -> list[Any]:
        """The WHERE conditions of this filter, on ``IncidentRow``."""
        where: list[Any] = []
        if not self.include_empty:
            where.append(has_active_reports())
        if self.event_type:
            wanted = self.event_type.lower()
            where.append(or_(*(func.lower(getattr(IncidentRow, c)) == wanted for c in self.type_columns)))
        if self.date_from:
            # an incident that may have happened on or after the first day: its last possible day is not before it
            where.append(IncidentRow.date_end >= date_bounds(self.date_from)[0])
        if self.date_to:
            where.append(IncidentRow.date_start <= date_bounds(self.date_to)[1])
        if self.province:
            where.append(func.lower(IncidentRow.province) == self.province.lower())
        if self.status:
            where.append(IncidentRow.status == self.status)
        if self.source:
            where.append(_told_by(self.source))
        if self.source_group:
            where.append(json_list_has(IncidentRow.source_groups, self.source_group))
        if self.min_corroboration is not None:
            where.append(func.coalesce(IncidentRow.corroboration, 0) >= self.min_corroboration)
        if self.text:
            where.append(text_matches(self.text))
        return where

    def order_by_clauses(self) -> list[Any]:
        """Rows without the sort value come last either way, in the log's own order (newest first);
        rows with equal values follow the id in the chosen direction."""
        column = SORT_COLUMNS[self.sort]
        descending = self.order == "desc"
        order = [(column.desc() if descending else column.asc()).nulls_last()]
        if column is not IncidentRow.date_start:
            order.append(case((column.is_(None), IncidentRow.date_start)).desc().nulls_last())
        if descending:
            order.append(IncidentRow.id.desc())
        else:
            order.append(case((column.is_(None), -IncidentRow.id), else_=IncidentRow.id).asc())
        return order

    def in_session(self, session: Any) -> IncidentFilter:
        """This filter, its type compared only with the column(s) that hold it in the log as ``session``
        sees it (SQLite; the same rows). ``lower(event_type) = t OR lower(sub_type) = t`` can follow no
        index in the listing's order, so SQLite walked every incident newest first until a page was full:
        50 rows for a common type, 2,500 for one in 2% of them, tens of thousands with a province and a
        year (70 ms at p50, 0.7 s at p95 on a million incidents; each row a page to decrypt on an encrypted
        log). One column is: ``(lower(event_type), date_start)`` and the like (migration 0012) read a page
        of 50 rows. Two index lookups tell which column holds the value; a value that both hold keeps both.
        PostgreSQL plans the OR itself (its statistics know the types), and lacks the sub-type index."""
        if not self.event_type or session.get_bind().dialect.name != "sqlite":
            return self
        wanted = self.event_type.lower()
        holding = tuple(c for c in ("event_type", "sub_type") if session.scalar(
            select(1).where(func.lower(getattr(IncidentRow, c)) == wanted).limit(1)) is not None)
        return self.replace(type_columns=holding or ("event_type",))  # held by neither: no row either way

    def select(self, *columns: Any) -> Any:
        """SELECT ``columns`` (default: the incident rows) WHERE this filter ORDER BY it, LIMIT/OFFSET."""
        query = select(*(columns or (IncidentRow,))).where(*self.where_clauses()).order_by(*self.order_by_clauses())
        if self.limit is not None:
            query = query.limit(self.limit)
        return query.offset(self.offset) if self.offset else query


def has_active_reports() -> Any:
    """An incident still has at least one active incident report (a merged-away one has none)."""
    return exists().where(and_(IncidentLink.incident_id == IncidentRow.id, IncidentLink.active))


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_needle(words: str) -> str:
    """The text looked for: Persian words folded (fa-core's fold) as the index folds each incident's text
    (the same letter table in SQL, migration 0008), whatever their letter forms; other text as given."""
    # control characters are spaces: the index joins the columns with U+001F, never matched across
    words = _CONTROL.sub(" ", words)
    if _ARABIC_SCRIPT.search(words):
        from rasad.languages.fa.normalise import fold

        return fold(words)
    return words


class _IncidentText(FunctionElement):
    """The incident (its ``id`` and text columns, as clauses) holds the search needle; compiled for each
    database. Two classes, not a flag: the compiled SQL is cached per class."""

    type = Boolean()
    inherit_cache = True


class incident_text_phrase(_IncidentText):  # noqa: N801 - named like the SQL functions it stands for
    """A needle of TRIGRAM_MIN_CHARS or more characters: the trigram index answers it."""

    inherit_cache = True
    name = "incident_text_phrase"


class incident_text_scan(_IncidentText):  # noqa: N801
    """A shorter needle: SQLite reads every indexed text (PostgreSQL's trigram index still narrows it)."""

    inherit_cache = True
    name = "incident_text_scan"


# the arguments of rasad_incident_search_doc() (migration 0008), in its order
_SEARCH_DOC_COLUMNS = (IncidentRow.place_name, IncidentRow.province, IncidentRow.event_type, IncidentRow.sub_type,
                       IncidentRow.title, IncidentRow.victims)


def text_matches(words: str) -> Any:
    """WHERE the incident's indexed text contains ``words`` (any case; %, _ and \\ taken literally)."""
    needle = search_needle(words)
    phrase = '"' + needle.replace('"', '""') + '"'  # an FTS5 string: its characters, never query syntax
    element = incident_text_phrase if len(needle) >= TRIGRAM_MIN_CHARS else incident_text_scan
    return element(IncidentRow.id, phrase, like_pattern(needle), *_SEARCH_DOC_COLUMNS)


@compiles(incident_text_phrase, "sqlite")
def _incident_text_phrase_sqlite(element: _IncidentText, compiler: Any, **kw: Any) -> str:
    id_, phrase, *_ = list(element.clauses)
    return (f"{compiler.process(id_, **kw)} IN (SELECT rowid FROM incidents_fts "
            f"WHERE incidents_fts MATCH {compiler.process(phrase, **kw)})")


@compiles(incident_text_scan, "sqlite")
def _incident_text_scan_sqlite(element: _IncidentText, compiler: Any, **kw: Any) -> str:
    id_, _phrase, pattern, *_ = list(element.clauses)
    return (f"{compiler.process(id_, **kw)} IN (SELECT rowid FROM incidents_fts "
            f"WHERE doc LIKE {compiler.process(pattern, **kw)} ESCAPE '\\')")


@compiles(incident_text_phrase, "postgresql")
@compiles(incident_text_scan, "postgresql")
def _incident_text_postgresql(element: _IncidentText, compiler: Any, **kw: Any) -> str:
    # The stored column rasad_incident_search_doc(...) of the same columns (migration 0011), trigram-indexed:
    # computing the expression again for every candidate row cost ~10 µs a row.
    id_, _phrase, pattern, *_columns = list(element.clauses)
    doc = ColumnClause("search_doc", type_=Text(), _selectable=id_.table)
    return f"{compiler.process(doc, **kw)} ILIKE {compiler.process(pattern, **kw)} ESCAPE '\\'"


def like_pattern(words: str) -> str:
    """``words`` as a LIKE pattern that finds them anywhere, with % _ and \\ taken literally (escape '\\')."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _told_by(source: str) -> Any:
    """An active account of the incident comes from ``source``: its source id, its report's source or
    publisher (any case), or a source key with that prefix ("javidnam" finds "javidnam:123")."""
    wanted = source.lower()
    prefix = source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
    return (
        select(IncidentLink.id)
        .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
        .outerjoin(ReportRow, ReportRow.id == IncidentReportRow.report_id)
        .where(
            IncidentLink.incident_id == IncidentRow.id,
            IncidentLink.active,
            or_(
                func.lower(IncidentReportRow.source_id) == wanted,
                func.lower(ReportRow.source_id) == wanted,
                func.lower(ReportRow.publisher) == wanted,
                IncidentReportRow.source_key.like(prefix, escape="\\"),
            ),
        )
        .exists()
    )


class json_list_has(FunctionElement):  # noqa: N801 - named like the SQL functions it stands for
    """``json_list_has(column, value)``: the JSON list in ``column`` holds the string ``value``
    (compiled for each database: SQLite's ``json_each``, PostgreSQL's ``jsonb`` containment)."""

    type = Boolean()
    inherit_cache = True
    name = "json_list_has"


@compiles(json_list_has, "sqlite")
def _json_list_has_sqlite(element: json_list_has, compiler: Any, **kw: Any) -> str:
    column, value = list(element.clauses)
    return (f"EXISTS (SELECT 1 FROM json_each({compiler.process(column, **kw)}) "
            f"WHERE json_each.value = {compiler.process(value, **kw)})")


@compiles(json_list_has, "postgresql")
def _json_list_has_postgresql(element: json_list_has, compiler: Any, **kw: Any) -> str:
    column, value = list(element.clauses)
    return (f"CAST({compiler.process(column, **kw)} AS JSONB) "
            f"@> jsonb_build_array(CAST({compiler.process(value, **kw)} AS TEXT))")


# --- listing ------------------------------------------------------------------------------------


def list_incidents(store: Store, where: IncidentFilter | None = None, **fields: Any) -> list[dict[str, Any]]:
    """The incidents ``where`` selects, as summaries, in its order (default: newest first, 100).
    Keyword arguments build the filter instead: ``list_incidents(store, status="disputed", limit=20)``."""
    where = where if where is not None else IncidentFilter(**fields)
    with store.read_session() as s:
        # the columns a summary shows, as plain rows: ORM objects would cost a listing a third of its time
        return [incident_summary(row) for row in s.execute(where.in_session(s).select(*SUMMARY_COLUMNS))]


def count_incidents(store: Store, where: IncidentFilter | None = None, **fields: Any) -> int:
    """How many incidents ``where`` selects (its limit and offset aside)."""
    where = where if where is not None else IncidentFilter(**fields)
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(IncidentRow).where(*where.in_session(s).where_clauses())) or 0


def incident_ids(store: Store, where: IncidentFilter) -> list[int]:
    """The ids of the incidents ``where`` selects, in its order (what an export walks through)."""
    with store.read_session() as s:
        return list(s.scalars(where.in_session(s).select(IncidentRow.id)))


def search_incidents(store: Store, text: str, limit: int = 50, *,
                     window: int = INCIDENT_SEARCH_WINDOW) -> list[dict[str, Any]]:
    """Incidents whose title, place, province, type or victims contain ``text`` (merged-away ones too:
    a search should find the old number): among the ``window`` most recently recorded matches, the
    ``limit`` latest by date (exact when fewer than ``window`` match)."""
    if not text.strip():
        return []
    where = IncidentFilter(text=text, include_empty=True, limit=limit)
    with store.read_session() as s:
        if store.backend == "sqlite":
            # FTS5 walks the matches from the highest rowid down and stops at the window (an IN over
            # the FTS table would first collect every match).
            needle = search_needle(where.text)
            if len(needle) >= TRIGRAM_MIN_CHARS:
                sql = ("SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH :q "
                       "ORDER BY rowid DESC LIMIT :w")
                arg = '"' + needle.replace('"', '""') + '"'
            else:
                sql = ("SELECT rowid FROM incidents_fts WHERE doc LIKE :q ESCAPE '\\' "
                       "ORDER BY rowid DESC LIMIT :w")
                arg = like_pattern(needle)
            ids = list(s.scalars(sql_text(sql), {"q": arg, "w": window}))
        else:
            ids = list(s.scalars(select(IncidentRow.id).where(*where.where_clauses())
                                 .order_by(IncidentRow.id.desc()).limit(window)))
        if not ids:
            return []
        rows = s.execute(select(*SUMMARY_COLUMNS).where(IncidentRow.id.in_(ids))
                         .order_by(*where.order_by_clauses()).limit(limit))
        return [incident_summary(row) for row in rows]


SUMMARY_COLUMNS = (IncidentRow.id, IncidentRow.status, IncidentRow.title, IncidentRow.event_type, IncidentRow.sub_type,
                   IncidentRow.date, IncidentRow.date_precision, IncidentRow.place_name, IncidentRow.province,
                   IncidentRow.country, IncidentRow.geonameid, IncidentRow.lat, IncidentRow.lon, IncidentRow.fatalities,
                   IncidentRow.victims, IncidentRow.corroboration, IncidentRow.source_groups, IncidentRow.data)


def incident_summary(inc: Any) -> dict[str, Any]:
    """One row of a listing (an ``IncidentRow``, or a row of SUMMARY_COLUMNS): the incident's own
    columns, victims' names, conflicting figures."""
    return {
        "id": inc.id,
        "status": inc.status,
        "title": inc.title,
        "event_type": inc.event_type,
        "sub_type": inc.sub_type,
        "date": inc.date,
        "date_precision": inc.date_precision,
        "place_name": inc.place_name,
        "province": inc.province,
        "country": inc.country,
        "geonameid": inc.geonameid,
        "lat": inc.lat,
        "lon": inc.lon,
        "fatalities": inc.fatalities,
        # a record written by another tool may hold other shapes: shown, never an error page
        "victims": [v.get("name") if isinstance(v, dict) else v for v in _list(inc.victims)],
        "corroboration": inc.corroboration,
        "source_groups": _list(inc.source_groups),
        "conflicts": _list(inc.data.get("conflicts")) if isinstance(inc.data, dict) else [],
    }


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# --- the overview -------------------------------------------------------------------------------


def _live() -> list[Any]:
    """The overview counts incidents that still have an account and were not rejected."""
    return [has_active_reports(), IncidentRow.status != "rejected"]


def arrested(data: dict[str, Any] | None) -> int:
    """The conservative (lowest credible) number of people arrested or detained, derived by the log."""
    conservative = (data or {}).get("conservative") or {}
    for key in ARREST_KEYS:
        if isinstance(conservative.get(key), int):
            return conservative[key]
    return 0


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def most_first(counts: dict[str, int]) -> dict[str, int]:
    """Counts most first, ties by name (Counter.most_common breaks ties by first seen: not stable)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def overview_figures(store: Store) -> dict[str, Any]:
    """Live incidents by type and by province (most first), people killed and arrested, and per week
    (its Monday): incidents, killed, arrested. Counted by the database (GROUP BY), not row by row in
    Python: on a million incidents the database does the work and the web process stays free to answer
    other requests. Arrests live in each incident's derived JSON; only the rows whose JSON mentions an
    arrest key are read for them (``arrested``)."""
    live = _live()
    weekly: dict[dt.date, dict[str, int]] = {}
    with store.read_session() as s:
        by_type = Counter({(k or "unknown"): n for k, n in s.execute(
            select(IncidentRow.event_type, func.count()).where(*live).group_by(IncidentRow.event_type))})
        by_province = Counter({(k or "unknown"): n for k, n in s.execute(
            select(IncidentRow.province, func.count()).where(*live).group_by(IncidentRow.province))})
        killed_total = 0
        for day, n, killed in s.execute(select(IncidentRow.date_start, func.count(),
                                               func.coalesce(func.sum(IncidentRow.fatalities), 0))
                                        .where(*live).group_by(IncidentRow.date_start)):
            killed_total += int(killed or 0)
            if day is not None:
                week = weekly.setdefault(week_start(day), {"incidents": 0, "killed": 0, "arrested": 0})
                week["incidents"] += n
                week["killed"] += int(killed or 0)
        mentions = or_(*[cast(IncidentRow.data, String).like(f'%"{key}"%') for key in ARREST_KEYS])
        arrested_total = 0
        for day, data in s.execute(select(IncidentRow.date_start, IncidentRow.data).where(*live, mentions)):
            held = arrested(data)
            arrested_total += held
            if day is not None and held:
                weekly.setdefault(week_start(day), {"incidents": 0, "killed": 0, "arrested": 0})["arrested"] += held
    order = most_first
    return {"by_type": order(by_type), "by_province": order(by_province), "killed": killed_total,
            "arrested": arrested_total, "weekly": dict(sorted(weekly.items()))}


# The overview map draws each incident as a point up to this many; a larger log is drawn one point per
# place (its incidents counted): a million points are a hundred megabytes no browser should be sent.
MAP_POINTS_MAX = 5000


def map_points(store: Store, max_points: int = MAP_POINTS_MAX) -> dict[str, Any]:
    """The live incidents with coordinates as a GeoJSON FeatureCollection for the overview map: one
    feature per incident (``victims``: the larger of named victims and the conservative death toll, for
    the marker size), or, past ``max_points``, one per place (``incidents``: how many; ``victims``: their
    death toll; ``event_type``: the commonest). ``per_place`` says which."""
    return map_geojson(map_state(store, max_points))


def map_state(store: Store, max_points: int = MAP_POINTS_MAX) -> dict[str, Any]:
    """What the map is drawn from, in a form a review's delta can be applied to (``rasad.log.summary``):
    ``points`` (incident id → its feature) up to ``max_points`` live incidents with coordinates, else
    ``places``: (lat, lon, event type, place, province) → [incidents, killed]."""
    where = [*_live(), IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None)]
    with store.read_session() as s:
        groups = s.execute(
            select(IncidentRow.lat, IncidentRow.lon, IncidentRow.event_type, IncidentRow.place_name,
                   IncidentRow.province, func.count(), func.coalesce(func.sum(IncidentRow.fatalities), 0))
            .where(*where).group_by(IncidentRow.lat, IncidentRow.lon, IncidentRow.event_type, IncidentRow.place_name,
                                    IncidentRow.province)).all()
        if sum(row[5] for row in groups) > max_points:
            return {"max_points": max_points, "places": {tuple(row[:5]): [row[5], int(row[6] or 0)] for row in groups}}
        query = select(
            IncidentRow.id, IncidentRow.title, IncidentRow.event_type, IncidentRow.date, IncidentRow.place_name,
            IncidentRow.lat, IncidentRow.lon, IncidentRow.fatalities, IncidentRow.victims,
        ).where(*where)
        points = {row[0]: map_feature(*row) for row in s.execute(query)}
    return {"max_points": max_points, "points": points}


def map_feature(id_: int, title: Any, event_type: Any, date: Any, place: Any, lat: float, lon: float,
                fatalities: Any, victims: Any) -> dict[str, Any]:
    """One incident's feature on the map (drawn per incident)."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": id_, "title": title, "event_type": event_type, "date": date, "place_name": place,
                           "victims": max(len(victims or []), fatalities or 0)}}


def map_geojson(state: dict[str, Any]) -> dict[str, Any]:
    """The GeoJSON of a :func:`map_state`: the incidents' features in id order, or one feature per place."""
    if "points" in state:
        return {"type": "FeatureCollection", "per_place": False,
                "features": [state["points"][id_] for id_ in sorted(state["points"])]}
    return {"type": "FeatureCollection", "per_place": True, "features": _place_features(state["places"])}


def _place_features(groups: dict[tuple, list[int]]) -> list[dict[str, Any]]:
    """One feature per coordinate pair from (lat, lon, type, place, province) → [incidents, killed]; the
    place's name and province are the greatest given there (as SQL's max: the same whatever the order)."""
    by_place: dict[tuple[float, float], dict[str, Any]] = {}
    for (lat, lon, event_type, place, province), (n, killed) in groups.items():
        entry = by_place.setdefault((lat, lon), {"incidents": 0, "victims": 0, "types": Counter(),
                                                 "place_name": None, "province": None})
        entry["incidents"] += n
        entry["victims"] += int(killed or 0)
        entry["types"][event_type or "unknown"] += n
        for key, value in (("place_name", place), ("province", province)):
            if value is not None and (entry[key] is None or value > entry[key]):
                entry[key] = value
    return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": {"incidents": e["incidents"], "victims": e["victims"], "place_name": e["place_name"],
                            "province": e["province"],
                            "event_type": sorted(e["types"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]}}
            for (lat, lon), e in sorted(by_place.items())]


def overview_rows(s: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    """What each of these incidents contributes to the overview, its statistics and its map (a review's
    delta, ``rasad.log.summary``): the columns they read, and whether it is live. JSON-safe; an incident
    that does not exist is absent."""
    if not ids:
        return {}
    live = and_(has_active_reports(), IncidentRow.status != "rejected")
    rows = s.execute(select(
        IncidentRow.id, IncidentRow.status, live.label("live"), IncidentRow.event_type, IncidentRow.province,
        IncidentRow.date_start, IncidentRow.fatalities, IncidentRow.data, IncidentRow.lat, IncidentRow.lon,
        IncidentRow.title, IncidentRow.date, IncidentRow.place_name, IncidentRow.victims,
    ).where(IncidentRow.id.in_(ids)))
    out = {}
    for (id_, status, is_live, event_type, province, day, fatalities, data, lat, lon, title, date, place,
         victims) in rows:
        out[id_] = {"status": status, "live": bool(is_live), "event_type": event_type, "province": province,
                    "week": week_start(day).isoformat() if day is not None else None,
                    "killed": int(fatalities or 0), "arrested": arrested(data), "lat": lat, "lon": lon,
                    "feature": map_feature(id_, title, event_type, date, place, lat, lon, fatalities, victims),
                    "place_name": place}
    return out
