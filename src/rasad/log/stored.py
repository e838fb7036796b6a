"""Stored incident reports read back: the one place where a row's fields become typed values.

Many versions of Rasad wrote the incident_reports table, and an older one let an import store a row whose
field is not of its kind: counts as a list or a text instead of a mapping of figures, a GeoNames id "x" (SQLite
keeps whatever it is given in an integer column), a date in free text, a province that is none of Iran's,
victims as one text. Every reader of stored incident reports (the merge's features, the parallel merge, the
derived incident and its figures side by side, the incident page, the exports) reads a row through
:func:`read_incident_report`: a field that is not of its kind is absent for every purpose and named in
``problems`` (shown on the incident page, kept in the merge's explanation and in the export's record); the
stored row itself is never changed, so nothing the log holds is lost, and a log written before the import's
checks is merged, shown and exported like any other.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

from rasad.log.merge import _count_range
from rasad.store.db import date_bounds

NOMINAL_YEAR = 2000  # a leap year: '--02-29' (a day whose year is unknown) is a date
COORDINATE_LIMITS = {"lat": 90.0, "lon": 180.0}
TEXT_FIELDS = ("report_id", "source_key", "source_id", "pipeline_version", "event_type", "sub_type",
               "date_precision", "place_name", "country", "claimant")


class StoredIncidentReport:
    """An incident report's fields as the log uses them: each of its kind or absent (None, an empty mapping
    or list). ``problems``: field -> why it was read as absent (or what of it was left out). ``raw_data``: the
    stored ``data`` exactly as it is (exports carry it unchanged)."""

    __slots__ = ("id", "report_id", "source_key", "source_id", "pipeline_version", "ordinal", "event_type",
                 "sub_type", "date", "date_precision", "date_start", "date_end", "place_name", "geonameid",
                 "province", "country", "lat", "lon", "counts", "victims", "evidence", "claimant", "confidence",
                 "background", "data", "raw_data", "year_known", "place_aliases", "places", "distinct_source",
                 "cause", "problems")


def read_incident_report(row: Any) -> StoredIncidentReport:
    """``row`` (an ORM row, or a row of some of its columns) read into typed values; a column the row does
    not hold is None. Never raises on what a stored field holds."""
    out = StoredIncidentReport()
    problems: dict[str, str] = {}
    fields = row._fields if hasattr(row, "_fields") else _columns_of(type(row))  # a Core row / namedtuple: its own
    values = dict.fromkeys(_COLUMNS)
    for name in fields:
        if name in values:
            values[name] = getattr(row, name)
    out.id = values["id"]
    for name in TEXT_FIELDS:
        setattr(out, name, _text(values[name], name, problems))
    ordinal = values["ordinal"]
    out.ordinal = ordinal if type(ordinal) is int else 0
    out.date = _date(values["date"], problems)
    out.date_start = _day(values["date_start"], "date_start", problems)
    out.date_end = _day(values["date_end"], "date_end", problems)
    out.geonameid = _geonameid(values["geonameid"], problems)
    out.lat = _coordinate(values["lat"], "lat", problems)
    out.lon = _coordinate(values["lon"], "lon", problems)
    out.province = _province(values["province"], out.country, problems)
    out.counts = _counts(values["counts"], problems)
    out.victims = _victims(values["victims"], "victims", problems)
    out.evidence = _list_of_mappings(values["evidence"], "evidence", problems)
    out.confidence = _number(values["confidence"], "confidence", problems)
    background = values["background"]
    out.background = bool(background) if isinstance(background, (bool, int)) else False
    raw = values["data"]
    out.raw_data = raw
    if raw is None:
        raw = {}
    elif not isinstance(raw, dict):
        problems["data"] = f"{_kind(raw)}, not a record"
        raw = {}
    out.data = raw
    _read_data(out, raw, problems)
    out.problems = problems
    return out


_COLUMNS = ("id", *TEXT_FIELDS, "ordinal", "date", "date_start", "date_end", "geonameid", "province", "lat", "lon",
            "counts", "victims", "evidence", "confidence", "background", "data")


@functools.lru_cache(maxsize=64)
def _columns_of(cls: type) -> tuple[str, ...]:
    """The columns an ORM row (or any object) of this class holds (asked once per class: a missing attribute
    looked up row by row costs an exception each time)."""
    return tuple(name for name in _COLUMNS if hasattr(cls, name))


def _kind(value: Any) -> str:
    """What a value is, in a warning: 'a list', "the text 'x'"."""
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return {"list": "a list", "dict": "a mapping", "bool": "a yes/no", "int": f"the number {value}",
            "float": f"the number {value}"}.get(type(value).__name__, f"a {type(value).__name__}")


def _text(value: Any, name: str, problems: dict[str, str]) -> str | None:
    if value is None or isinstance(value, str):
        return value
    problems[name] = f"{_kind(value)}, not text"
    return None


def _date(value: Any, problems: dict[str, str]) -> str | None:
    """An ISO date of any precision (YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD: a day whose year is unknown)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and _is_date(value):
        return value
    problems["date"] = f"{_kind(value)} is not a date (YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD)"
    return None


@functools.lru_cache(maxsize=65536)
def _is_date(value: str) -> bool:
    return date_bounds(value, nominal_year=NOMINAL_YEAR)[0] is not None


def _day(value: Any, name: str, problems: dict[str, str]) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    problems[name] = f"{_kind(value)}, not a day"
    return None


def _geonameid(value: Any, problems: dict[str, str]) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        return int(value)
    problems["geonameid"] = f"{_kind(value)} is not a GeoNames id"
    return None


def _number(value: Any, name: str, problems: dict[str, str]) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    problems[name] = f"{_kind(value)} is not a number"
    return None


def _coordinate(value: Any, name: str, problems: dict[str, str]) -> float | None:
    number = _number(value, name, problems)
    if number is not None and abs(number) > COORDINATE_LIMITS[name]:
        problems[name] = f"{number:g} is not a {'latitude' if name == 'lat' else 'longitude'}"
        return None
    return number


@functools.lru_cache(maxsize=4096)
def _is_iran_province(name: str) -> bool:
    from rasad.analysis.gazetteer import province_name

    return province_name(name) is not None


def _province(value: Any, country: str | None, problems: dict[str, str]) -> str | None:
    """A province of Iran (an admin1 abroad as written: the log has no list of other countries')."""
    value = _text(value, "province", problems)
    if not value or not value.strip():
        return None
    if (country or "IR").upper() == "IR" and not _is_iran_province(value):
        problems["province"] = f"{_kind(value)} is none of Iran's provinces"
        return None
    return value


def _counts(value: Any, problems: dict[str, str]) -> dict[str, Any]:
    """Figures by kind ({"killed": 3, "arrested": {"low": 20, "high": 30}}); a figure no one can read as a
    number or a range is left out (and named)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems["counts"] = f"{_kind(value)}, not figures by kind (killed, injured, arrested …)"
        return {}
    bad = [kind for kind, figure in value.items() if not isinstance(kind, str) or _count_range(figure) is None]
    if not bad:
        return value
    problems["counts"] = "unreadable figure " + ", ".join(f"{k}: {_kind(value[k])}" for k in bad)
    return {k: v for k, v in value.items() if k not in bad}


def _victims(value: Any, name: str, problems: dict[str, str]) -> list[Any]:
    """Victims as names or as records with a name (text) or none."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems[name] = f"{_kind(value)}, not a list of victims"
        return []
    good = [v for v in value if isinstance(v, str) or (isinstance(v, dict) and isinstance(v.get("name"), (str, type(None))))]
    if len(good) != len(value):
        problems[name] = f"{len(value) - len(good)} of {len(value)} are neither a name nor a record with a name"
    return good


def _list_of_mappings(value: Any, name: str, problems: dict[str, str]) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems[name] = f"{_kind(value)}, not a list"
        return []
    good = [v for v in value if isinstance(v, dict)]
    if len(good) != len(value):
        problems[name] = f"{len(value) - len(good)} of {len(value)} are not records"
    return good


def _read_data(out: StoredIncidentReport, data: dict[str, Any], problems: dict[str, str]) -> None:
    """The parts of ``data`` the merge reads: whether the year is known, the places named, the registry that
    keeps its rows distinct, the cause of death."""
    date = data.get("date")
    year_known = data.get("year_known")
    if isinstance(date, dict):
        year_known = date.get("year_known", year_known)
    out.year_known = year_known if isinstance(year_known, bool) else None
    place = data.get("place")
    place = place if isinstance(place, dict) else {}
    aliases = data.get("place_aliases")
    names = [place.get("name"), place.get("text")]
    if isinstance(aliases, list):
        names += aliases
    elif aliases is not None:
        problems["data.place_aliases"] = f"{_kind(aliases)}, not a list"
    places = data.get("places")
    if places is None:
        places = []
    elif not isinstance(places, list):
        problems["data.places"] = f"{_kind(places)}, not a list"
        places = []
    out.places = [p for p in places if isinstance(p, dict)]
    for p in out.places:
        names += [p.get("name"), p.get("text")]
    out.place_aliases = [n for n in names if isinstance(n, str)]
    distinct = data.get("distinct_source")
    out.distinct_source = distinct if isinstance(distinct, str) else None
    registry = data.get("registry")
    cause = data.get("cause") or (registry.get("cause") if isinstance(registry, dict) else None)
    out.cause = cause if isinstance(cause, str) else None
