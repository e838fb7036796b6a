"""Solar Hijri (Persian, Jalali) calendar helpers for ``rasad_when``: month names as English reports spell
them, Persian/Arabic-Indic digits, and conversion to Gregorian through ``jdatetime``."""

from __future__ import annotations

import datetime as dt

import jdatetime

# Month number -> spellings seen in English-language reports (transliterations differ: Dey/Dei,
# Mordad/Amordad, Esfand/Isfand ...); the first is the one we print.
SOLAR_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("Farvardin", "Farvardeen"),
    2: ("Ordibehesht", "Ordibehest"),
    3: ("Khordad", "Khurdad"),
    4: ("Tir", "Teer"),
    5: ("Mordad", "Amordad", "Murdad"),
    6: ("Shahrivar", "Shahrewar", "Shahriwar"),
    7: ("Mehr", "Mihr"),
    8: ("Aban", "Abaan"),
    9: ("Azar", "Adhar", "Azer"),
    10: ("Dey", "Dei"),
    11: ("Bahman",),
    12: ("Esfand", "Isfand", "Esfend"),
}
# Persian-script month names (Persian-language snippets quoted in English reports).
SOLAR_MONTHS_FA: dict[int, str] = {
    1: "فروردین", 2: "اردیبهشت", 3: "خرداد", 4: "تیر", 5: "مرداد", 6: "شهریور",
    7: "مهر", 8: "آبان", 9: "آذر", 10: "دی", 11: "بهمن", 12: "اسفند",
}

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
