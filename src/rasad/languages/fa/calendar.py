"""The Solar Hijri (Persian, Jalali) calendar: month names from ``data/dates/fa.yaml``, Persian and
Arabic-Indic digits, and every conversion through ``jdatetime`` (no calendar arithmetic of our own).

Used by the English date stage (``rasad.analysis.when``: "20 Dey 1401" in an English report) and by the
Persian one (``rasad.languages.fa.dates``)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import jdatetime
import yaml

from rasad.config import DATA_DIR

DATES_YAML = DATA_DIR / "dates" / "fa.yaml"


@functools.lru_cache(maxsize=1)
def date_words() -> dict[str, Any]:
    """The Persian date vocabulary (``data/dates/fa.yaml``), read once."""
    return yaml.safe_load(DATES_YAML.read_text(encoding="utf-8"))


_MONTHS = date_words()["solar_months"]
# Month number -> spellings seen in English-language reports; the first is the one we print.
SOLAR_MONTHS: dict[int, tuple[str, ...]] = {int(n): tuple(m["latin"]) for n, m in _MONTHS.items()}
# Month number -> its usual Persian spelling; SOLAR_MONTH_NAMES_FA has every Persian spelling.
SOLAR_MONTHS_FA: dict[int, str] = {int(n): m["fa"][0] for n, m in _MONTHS.items()}
SOLAR_MONTH_NAMES_FA: dict[str, int] = {name: int(n) for n, m in _MONTHS.items() for name in m["fa"]}

SOLAR_MONTH_NUMBER: dict[str, int] = {}
for _number, _names in SOLAR_MONTHS.items():
    for _name in _names:
        SOLAR_MONTH_NUMBER[_name.lower()] = _number
    SOLAR_MONTH_NUMBER[SOLAR_MONTHS_FA[_number]] = _number

# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits to ASCII; same length, so offsets hold.
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# Solar years that a report about modern Iran may mention (1300 = 1921, 1499 = 2120).
MIN_SOLAR_YEAR, MAX_SOLAR_YEAR = 1300, 1499


def to_ascii_digits(text: str) -> str:
    return text.translate(DIGITS)


def solar_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """The Gregorian date of a Solar Hijri date, or None when it does not exist (31 Esfand ...)."""
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None


def gregorian_to_solar(date: dt.date) -> tuple[int, int, int]:
    jd = jdatetime.date.fromgregorian(date=date)
    return jd.year, jd.month, jd.day


def solar_year_start(year: int) -> dt.date:
    """Nowruz (1 Farvardin) of a Solar Hijri year, in Gregorian."""
    return jdatetime.date(year, 1, 1).togregorian()


def solar_month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a Solar Hijri month."""
    first = jdatetime.date(year, month, 1)
    next_first = jdatetime.date(year + 1, 1, 1) if month == 12 else jdatetime.date(year, month + 1, 1)
    return first.togregorian(), next_first.togregorian() - dt.timedelta(days=1)


def solar_year_value(year: int) -> tuple[str, str]:
    """A Solar Hijri year as a year-precision date: the Gregorian year holding most of it, and the note
    that says so (a Solar year runs from March to March)."""
    first, _ = solar_month_span(year, 1)
    _, last = solar_month_span(year, 12)
    middle = first + (last - first) / 2
    return str(middle.year), (f"solar hijri year {year} = {first.isoformat()}..{last.isoformat()} (jdatetime); "
                              "value: the Gregorian year holding most of it")
