"""Holidays named as dates in English reports ("on Christmas Eve", "on Nowruz", "during Chaharshanbe Suri", "on the
eve of Yalda"): each resolved against the publication date to the latest such day on or before it, as a day named
without its year is ("3 January"). The holidays are data (``data/dates/holidays_en.yaml``); Solar Hijri days are
converted with jdatetime (``rasad.languages.fa.calendar``) and Islamic lunar days ("on Ashura", "on Eid al-Fitr") with
hijridate (the Umm al-Qura calendar), no calendar arithmetic of our own."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import yaml
from hijridate import Gregorian, Hijri

from rasad.config import DATA_DIR
from rasad.languages.fa.calendar import gregorian_to_solar, solar_to_gregorian

HOLIDAYS_YAML = DATA_DIR / "dates" / "holidays_en.yaml"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Holiday:
    names: tuple[str, ...]
    gregorian: tuple[int, int] | None = None
    solar: tuple[int, int] | None = None
    lunar: tuple[int, int] | None = None  # (Hijri month, day)
    eve_of_last_solar_weekday: int | None = None  # 0 Monday ... 6 Sunday
    needs_context: bool = False

    def day_in(self, pub: dt.date, year_back: int) -> dt.date | None:
        """The holiday's day in the year ``year_back`` years before the publication's (Gregorian or Solar)."""
        if self.gregorian is not None:
            try:
                return dt.date(pub.year - year_back, *self.gregorian)
            except ValueError:
                return None
        if self.lunar is not None:
            return _lunar_day(pub, year_back, *self.lunar)
        solar_year = gregorian_to_solar(pub)[0] - year_back
        if self.solar is not None:
            return solar_to_gregorian(solar_year, *self.solar)
        if self.eve_of_last_solar_weekday is not None:
            new_year = solar_to_gregorian(solar_year + 1, 1, 1)
            if new_year is None:
                return None
            # the last such weekday before the next Nowruz, and the evening before it
            back = (new_year.weekday() - self.eve_of_last_solar_weekday) % 7 or 7
            return new_year - dt.timedelta(days=back + 1)
        return None


def _lunar_day(pub: dt.date, year_back: int, month: int, day: int) -> dt.date | None:
    """The Gregorian day of Hijri ``month``/``day`` in the lunar year ``year_back`` years before the publication's.
    hijridate follows Umm al-Qura (Saudi Arabia's tabulated calendar); Iran fixes its lunar holidays by its own
    moon sighting, so a day here can be one day off Iran's official one (most often at the Eids, which hang on the
    new moon's sighting)."""
    try:
        year = Gregorian(pub.year, pub.month, pub.day).to_hijri().year - year_back
        return Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError):  # outside Umm al-Qura's table (1343-1500 AH)
        return None


@dataclass(frozen=True)
class _Table:
    holidays: tuple[Holiday, ...]
    by_name: dict[str, Holiday]
    pattern: re.Pattern[str]
    eve_of: tuple[str, ...]
    context_before: frozenset[str]
    context_after: frozenset[str]


def _words(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in text.split())


@functools.lru_cache(maxsize=1)
def table() -> _Table:
    """The holidays of ``data/dates/holidays_en.yaml``, read once, with the pattern that finds their names."""
    data = yaml.safe_load(HOLIDAYS_YAML.read_text(encoding="utf-8")) or {}
    holidays = []
    for entry in data.get("holidays") or []:
        weekday = entry.get("eve_of_last_solar_weekday")
        holidays.append(Holiday(names=tuple(entry["names"]),
                                gregorian=tuple(entry["gregorian"]) if entry.get("gregorian") else None,
                                solar=tuple(entry["solar"]) if entry.get("solar") else None,
                                lunar=tuple(entry["lunar"]) if entry.get("lunar") else None,
                                eve_of_last_solar_weekday=_WEEKDAYS.index(weekday.lower()) if weekday else None,
                                needs_context=bool(entry.get("needs_context"))))
    by_name = {" ".join(n.lower().split()): h for h in holidays for n in h.names}
    names = sorted(by_name, key=len, reverse=True)  # the longest name first: "Christmas Eve" before "Christmas"
    eve_of = tuple(data.get("eve_of") or [])
    eve = "|".join(_words(e) for e in sorted(eve_of, key=len, reverse=True))
    pattern = re.compile(rf"(?i)\b(?P<eve>(?:{eve})\s+)?(?P<name>{'|'.join(_words(n) for n in names)})(?![\w'’-])")
    return _Table(tuple(holidays), by_name, pattern, eve_of, frozenset(data.get("context_before") or []),
                  frozenset(data.get("context_after") or []))


def find_holidays(text: str) -> list[tuple[int, int, Holiday, bool]]:
    """(start, end, holiday, eve) of each holiday named in ``text`` (a name that is also a given name only with the
    words around it that make it a day)."""
    t = table()
    out = []
    for m in t.pattern.finditer(text):
        holiday = t.by_name.get(" ".join(m["name"].lower().split()))
        if holiday is None:
            continue
        eve = m["eve"] is not None
        if holiday.needs_context and not eve and " " not in m["name"].strip():
            before = text[max(0, m.start() - 20):m.start()].split()
            after = text[m.end():m.end() + 20].split()
            if not (before and before[-1].lower() in t.context_before) and \
                    not (after and after[0].lower().strip(",.;") in t.context_after):
                continue
        out.append((m.start(), m.end(), holiday, eve))
    return out


def holiday_day(holiday: Holiday, eve: bool, pub: dt.date) -> dt.date | None:
    """The latest day of ``holiday`` (its eve: the day before) on or before the publication day."""
    for year_back in range(3):
        day = holiday.day_in(pub, year_back)
        if day is None:
            continue
        if eve:
            day -= dt.timedelta(days=1)
        if day <= pub:
            return day
    return None
