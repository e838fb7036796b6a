"""Persian date mentions, normalised against the publication date with precision: the same
:class:`~rasad.records.DateMention` records as English ones (``rasad.analysis.when``).

Reads the normalised view (``rasad.languages.fa.normalise``: ASCII digits, Persian yeh and kaf). What it
reads, from the words of ``data/dates/fa.yaml``:

- Solar Hijri day, month and year in digits or words: "۳۰ شهریور ۱۴۰۱", "۲۶ام شهریور", "هجدهم دی",
  "شهریور ۱۴۰۱", "آبان ۹۸" (a two-digit year after a month is 13xx/14xx), "تیرماه" (a month name alone only
  with ماه after it: تیر, مهر, دی ... are also words), "۱۴۰۱/۰۶/۳۰", "سال ۱۴۰۱"; Gregorian ones in Persian
  ("۲۱ سپتامبر ۲۰۲۲", "سال ۲۰۲۲"). A year-less date takes the latest year that puts it on or before the
  publication date. Conversions go through jdatetime (``rasad.languages.fa.calendar``).
- Weekdays against the publication date, with a part of the day or not: "روز چهارشنبه", "شامگاه پنجشنبه",
  "ظهر روز شنبه" (the latest such day on or before publication; "چهارشنبه گذشته": strictly before);
  "شب جمعه" is the eve of Friday, Thursday night.
- Relative words: "امروز", "دیروز", "دیشب", "روز گذشته", "هفته گذشته", "ماه گذشته", "سال گذشته", "سه روز پیش",
  "دو هفته قبل", "امسال" ...

A hand-written grammar, like the English stage's: parstdex (the offline Persian regex library) marks date
and time spans but gives no values, precision or calendar, which are the point here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from rasad.analysis.when import _mention, _solar, _valid, _value_at, parse_published
from rasad.languages.fa.calendar import MAX_SOLAR_YEAR, MIN_SOLAR_YEAR, date_words, solar_year_value
from rasad.records import DateMention


def _phrase(word: str) -> str:
    """A regex for a data phrase: a ZWNJ in it may be a ZWNJ, a space or nothing; a space any spacing."""
    if " و " in word:  # a compound number's joiner is written " و ", "‌و‌", "‌و" or joined ("بیست‌وششم")
        return r"[\s\u200c]*و[\s\u200c]*".join(_phrase(p) for p in word.split(" و "))
    parts = re.split(r"([\u200c ])", word)
    out = []
    for part in parts:
        if part == "\u200c":
            out.append("[\u200c ]?")
        elif part == " ":
            out.append(r"[\s\u200c]+")
        else:
            out.append(re.escape(part))
    return "".join(out)


def _alternation(words) -> str:
    return "(?:" + "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True)) + ")"


def _key(text: str) -> str:
    """A phrase as written -> its data key (spacing and ZWNJ folded away)."""
    return re.sub(r"[\s\u200c]+", "", text)


@dataclass(frozen=True)
class _Grammar:
    patterns: list[tuple[str, re.Pattern[str]]]
    months: dict[str, tuple[int, str]]  # key -> (number, calendar)
    needs_year: frozenset[str]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    relative_days: dict[str, int]
    units: dict[str, str]
    current: dict[str, str]
    eve: frozenset[str]
    ago: frozenset[str]
    weekday_not_after: frozenset[str]
    clock_words: frozenset[str]  # "ساعت ۲۱ شب گذشته": the number after them is an hour
    month_parts: dict[str, int] = field(default_factory=dict)  # "اواخر" -> 25: the day taken for a part of a month


# Letters of Persian words: a match must not start or end inside a word.
_B = r"(?<![\w\u200c])"
_E = r"(?![\w\u200c])"


@functools.lru_cache(maxsize=1)
def grammar() -> _Grammar:
    w = date_words()
    months: dict[str, tuple[int, str]] = {}
    for n, m in w["solar_months"].items():
        for name in m["fa"]:
            months[_key(name)] = (int(n), "solar_hijri")
    for n, names in w["gregorian_months"].items():
        for name in names:
            months[_key(name)] = (int(n), "gregorian")
    numbers = {_key(k): v for k, v in w["numbers"].items()}
    ordinals = {_key(k): v for k, v in w["ordinals_irregular"].items()}
    # day numbers 1-31 in words: units, teens, tens, "بیست و یک"; ordinals: + م ("هجدهم"), irregular ones
    cardinal_words: dict[str, int] = dict(w["numbers"])
    tens = [k for k, v in w["numbers"].items() if v in (20, 30)]
    units = [k for k, v in w["numbers"].items() if 1 <= v <= 9]
    for ten in tens:
        for unit in units:
            if w["numbers"][ten] + w["numbers"][unit] <= 31:
                cardinal_words[f"{ten} و {unit}"] = w["numbers"][ten] + w["numbers"][unit]
    ordinal_words: dict[str, int] = {}
    for word, value in cardinal_words.items():
        if word.endswith("سه"):
            ordinal_words[word[:-2] + "سوم"] = value
        elif word.endswith("سی"):
            ordinal_words[word + "\u200cام"] = value
        elif value == 1 and word == "یک":
            continue
        else:
            ordinal_words[word + "م"] = value
    ordinal_words.update(w["ordinals_irregular"])
    numbers.update({_key(k): v for k, v in cardinal_words.items()})
    numbers.update({_key(k): v for k, v in ordinal_words.items()})
    numbers.update(ordinals)

    month = _alternation([m for n, mm in w["solar_months"].items() for m in mm["fa"]]
                         + [m for names in w["gregorian_months"].values() for m in names])
    month_word = _phrase(w["month_word"])
    year_word = _phrase(w["year_word"])
    # Days in words are ordinals only ("هجدهم دی"): a cardinal before a month name may count something
    # ("سه تیر": three bullets).
    day_words = _alternation(list(ordinal_words))
    weekday = _alternation(w["weekdays"])
    part = _alternation(w["parts_of_day"])
    after_part = _alternation(w["weekday_after_parts"])
    day_word = _phrase(w["day_word"])
    markers = _alternation(w["solar_markers"] + w["gregorian_markers"])
    relative_days = _alternation(w["relative_days"])
    unit = _alternation(w["units"])
    past = _alternation(w["past_words"])
    ago = _alternation(w["ago_words"])
    current = _alternation(w["current"])
    number = r"(?:\d{1,2}|" + _alternation(cardinal_words)[3:-1] + ")"

    day = rf"(?P<d>(?:[0-3]?\d)(?:\s?[\u200c]?(?:ام|م)(?![\w]))?|{day_words})"
    year = rf"(?P<y>\d{{4}})(?!\d)(?:\s*{markers}{_E})?"
    # A two-digit year ("آبان ۹۸") only after a month with no day, and not when a count follows ("شهریور ۵۰ نفر").
    short_year = rf"(?P<y>\d{{4}}|\d{{2}}(?!\d)(?!\s*{_alternation(w['count_nouns'])}{_E}))(?!\d)(?:\s*{markers}{_E})?"
    # An optional weekday (and "روز") before an explicit date is part of it: "چهارشنبه ۳۰ شهریور".
    lead = rf"(?:(?:{part}\s+)?(?:{day_word}\s+)?{weekday}\s*[،,]?\s*)?(?:{day_word}\s+)?"
    patterns = [
        ("numeric", re.compile(rf"(?<![\d/.-])(?P<y>1[34]\d\d|(?:19|20)\d\d)[/.-](?P<m>[01]?\d)[/.-](?P<d>[0-3]?\d)(?![\d/.-])")),
        # day/month/year with a Solar Hijri year ("۱۸/۱۰/۱۴۰۱"): a four-digit 13xx/14xx year can only be Solar, so
        # the order is not ambiguous (a Gregorian "08/01/2023" may be either order and is left alone)
        ("numeric", re.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>1[34]\d\d)(?![\d/.-])")),
        ("day_month", re.compile(
            rf"{_B}{lead}{day}\s+(?P<mon>{month})(?:[\u200c ]?{month_word})?{_E}(?:\s*(?:{year_word}\s*)?{year})?")),
        ("month_year", re.compile(rf"{_B}(?P<mon>{month})(?:[\u200c ]?{month_word})?\s+(?:{year_word}\s*)?{short_year}")),
        ("month_part", re.compile(rf"{_B}(?P<part>{_alternation(list(w.get('month_parts') or {}))})\s+(?P<mon>{month})"
                                  rf"(?:[\u200c ]?{month_word})?{_E}(?:\s+(?:{year_word}\s*)?{short_year})?")),
        ("month_only", re.compile(rf"{_B}(?P<mon>{month})[\u200c ]?{month_word}{_E}")),
        ("year", re.compile(rf"{_B}{year_word}\s+(?P<y>\d{{4}})(?!\d)(?:\s*{markers}{_E})?")),
        ("weekday", re.compile(
            rf"{_B}(?:(?P<part>{part})\s+)?(?:{day_word}\s+)?(?P<wd>{weekday})(?:[\u200c ]?{after_part})?"
            rf"(?:\s+(?P<past>{past}))?{_E}")),
        ("relative_day", re.compile(rf"{_B}(?:(?P<part>{part})\s+)?(?P<rel>{relative_days}){_E}")),
        ("ago", re.compile(rf"{_B}(?P<n>{number})\s+(?P<unit>{unit})\s+{ago}{_E}")),
        ("last_unit", re.compile(rf"{_B}(?P<unit>{unit})\s+{past}{_E}")),
        ("current", re.compile(rf"{_B}(?P<cur>{current}){_E}")),
    ]
    return _Grammar(
        patterns=patterns,
        months=months,
        needs_year=frozenset(_key(x) for x in w["gregorian_needs_year"]),
        weekdays={_key(k): v for k, v in w["weekdays"].items()},
        numbers=numbers,
        relative_days={_key(k): v for k, v in w["relative_days"].items()},
        units={_key(k): v for k, v in w["units"].items()},
        current={_key(k): v for k, v in w["current"].items()},
        eve=frozenset(_key(x) for x in w["eve_parts"]),
        ago=frozenset(_key(x) for x in w["ago_words"]),
        weekday_not_after=frozenset(_key(x) for x in w["weekday_not_after"]),
        clock_words=frozenset(_key(x) for x in w["clock_words"]),
        month_parts={_key(k): int(v) for k, v in (w.get("month_parts") or {}).items()},
    )


_DIGITS = re.compile(r"\d+")


def _day_number(text: str, g: _Grammar) -> int | None:
    m = _DIGITS.match(text)
    if m:
        return int(m.group())
    return g.numbers.get(_key(text))


def _year_number(text: str | None, calendar: str) -> int | None:
    if not text:
        return None
    year = int(text)
    if len(text) == 2:  # "آبان ۹۸": 1398; only for Solar Hijri months
        return 1300 + year if calendar == "solar_hijri" else None
    return year


def _number_before(text: str, start: int, g: _Grammar) -> bool:
    """Whether a number (digits or a number word) stands right before ``start``: "سه روز گذشته"; not the hour of
    a clock time ("ساعت ۲۱ شب گذشته": at 9 pm last night)."""
    before = text[max(0, start - 30) : start].split()
    if len(before) >= 2 and _key(before[-2]) in g.clock_words:
        return False
    return bool(before) and (before[-1].isdigit() or _key(before[-1]) in g.numbers)


def _explicit(kind: str, m: re.Match[str], text: str, pub: dt.date | None, g: _Grammar) -> DateMention | None:
    args = (text[m.start() : m.end()], m.start(), m.end())
    gd = m.groupdict()
    if kind == "numeric":
        year, month, day = int(gd["y"]), int(gd["m"]), int(gd["d"])
        if MIN_SOLAR_YEAR <= year <= MAX_SOLAR_YEAR:
            return _solar(args, year, month, day, pub)
        date = _valid(year, month, day)
        return None if date is None else _mention(*args, date.isoformat(), "day", True, "gregorian",
                                                  "day, month and year stated")
    if kind == "year":
        year = int(gd["y"])
        if MIN_SOLAR_YEAR <= year <= MAX_SOLAR_YEAR:
            value, note = solar_year_value(year)
            return _mention(*args, value, "year", True, "solar_hijri", note)
        if 1800 <= year <= 2199:
            return _mention(*args, f"{year:04d}", "year", True, "gregorian", "year stated")
        return None
    month, calendar = g.months.get(_key(gd["mon"]), (0, ""))
    if not month:
        return None
    year = _year_number(gd.get("y"), calendar)
    if _key(gd["mon"]) in g.needs_year and year is None:
        return None
    day = _day_number(gd["d"], g) if gd.get("d") else None
    if kind == "month_part":
        # "اواخر مهرماه": a day of its part of the month, at a week's precision
        day = g.month_parts.get(_key(gd["part"]))
    if day is not None and not 1 <= day <= 31:
        return None
    if calendar == "solar_hijri":
        if year is not None and not MIN_SOLAR_YEAR <= year <= MAX_SOLAR_YEAR:
            return None
        return _solar(args, year, month, day, pub)
    # Gregorian month in Persian
    if year is not None and not 1800 <= year <= 2199:
        return None
    if day is None:
        if year is None:
            return None
        return _mention(*args, f"{year:04d}-{month:02d}", "month", True, "gregorian", "month and year stated")
    if year is not None:
        date = _valid(year, month, day)
        return None if date is None else _mention(*args, date.isoformat(), "day", True, "gregorian",
                                                  "day, month and year stated")
    if pub is not None:
        for y in range(pub.year, pub.year - 2, -1):
            date = _valid(y, month, day)
            if date is not None and date <= pub:
                return _mention(*args, date.isoformat(), "day", False, "gregorian",
                                "year inferred from publication date (latest such day not after it)")
    return _mention(*args, f"--{month:02d}-{day:02d}", "day", False, "gregorian",
                    "year not stated and no publication date: year unknown")


def _months_before(date: dt.date, n: int) -> dt.date:
    month = date.month - 1 - n
    return dt.date(date.year + month // 12, month % 12 + 1, 1)


def _relative(kind: str, m: re.Match[str], text: str, pub: dt.date | None, g: _Grammar) -> DateMention | None:
    args = (text[m.start() : m.end()], m.start(), m.end())
    gd = m.groupdict()
    if kind in ("relative_day", "last_unit") and _number_before(text, m.start(), g):
        return None  # "سه روز گذشته": the past three days, a period
    if kind == "weekday" and not gd.get("part") and not gd.get("past"):
        # ("نماز جمعه گذشته": last Friday's prayers, a day)
        before = text[max(0, m.start() - 20) : m.start()].split()
        if before and _key(before[-1]) in g.weekday_not_after:
            return None  # "نماز جمعه": Friday prayers, not a Friday
    if pub is None:
        return _mention(*args, None, "unknown", False, "gregorian",
                        "relative date and no publication date to resolve it against")
    note = f"relative to publication date {pub.isoformat()}"
    if kind == "weekday":
        weekday = g.weekdays[_key(gd["wd"])]
        back = (pub.weekday() - weekday) % 7
        if gd.get("past") and back == 0:
            back = 7  # "چهارشنبه گذشته" written on a Wednesday: the one before
        date = pub - dt.timedelta(days=back)
        if gd.get("part") and _key(gd["part"]) in g.eve:
            date -= dt.timedelta(days=1)  # "شب جمعه": the eve of Friday, Thursday night
            note += "; the eve of that day"
        return _mention(*args, date.isoformat(), "day", True, "gregorian", note + " (latest such weekday)")
    if kind == "relative_day":
        date = pub + dt.timedelta(days=g.relative_days[_key(gd["rel"])])
        return _mention(*args, date.isoformat(), "day", True, "gregorian", note)
    if kind == "current":
        what = g.current[_key(gd["cur"])]
        if what == "year-1":
            return _mention(*args, f"{pub.year - 1:04d}", "year", True, "gregorian", note)
        return _mention(*args, _value_at(pub, what), what, True, "gregorian", note)
    unit = g.units[_key(gd["unit"])]
    n = 1 if kind == "last_unit" else _day_number(gd["n"], g)
    if not n:
        return None
    if unit == "day":
        date = pub - dt.timedelta(days=n)
    elif unit == "week":
        date = pub - dt.timedelta(days=7 * n)
    elif unit == "month":
        date = _months_before(pub, n)
    else:
        date = dt.date(pub.year - n, 1, 1)
    return _mention(*args, _value_at(date, unit), unit, True, "gregorian", note)


_EXPLICIT = {"numeric", "day_month", "month_year", "month_only", "month_part", "year"}


def find_dates(text: str, published_at: str | None = None) -> list[DateMention]:
    """All date mentions of a Persian text (the normalised view), offsets into ``text``."""
    if not text:
        return []
    g = grammar()
    pub = parse_published(published_at)
    found = []
    for kind, pattern in g.patterns:
        for m in pattern.finditer(text):
            found.append((kind, m))
    found.sort(key=lambda f: (-(f[1].end() - f[1].start()), f[1].start()))
    taken = bytearray(len(text))
    out: list[DateMention] = []
    for kind, m in found:
        if any(taken[m.start() : m.end()]):
            continue
        mention = (_explicit if kind in _EXPLICIT else _relative)(kind, m, text, pub, g)
        if mention is None:
            continue
        if kind == "month_part" and mention.precision == "day":
            mention = mention.model_copy(update={"precision": "week",
                                                 "derived": mention.derived + "; a part of the month, its middle day"})
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        out.append(mention)
    return sorted(out, key=lambda d: d.start)
