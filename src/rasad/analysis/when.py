"""spaCy component ``rasad_when``: date mentions normalised against the publication date, with precision.

Every mention says what the text supports and nothing more:

- "20 January 2018" -> ``2018-01-20`` (day); "January 2018" -> ``2018-01`` (month); "in 2015" -> ``2015``.
- A day with no year ("3rd January") never gets a confident year. With no publication date the value is
  ISO 8601's no-year form ``--01-03`` (year_known False, "year unknown"); with a publication date the year
  is the latest one that puts the day on or before publication, still year_known False and ``derived``
  says "year inferred from publication date".
- Relative dates ("yesterday", "last Friday", "three days ago") resolve only against a publication date
  (``dateparser`` with ``RELATIVE_BASE``); without one their precision is "unknown".
- Solar Hijri dates ("20 Dey 1401", "18th of Dey", "1401/06/30", Persian digits) are converted with
  ``jdatetime``; calendar is "solar_hijri" and the value is Gregorian.

Candidates come from a small date grammar (regular expressions below) plus spaCy's DATE entities, which
decide whether a bare number such as "2015" is a year. Why a grammar and not dateparser alone: dateparser
silently fills the parts a text leaves out (it turns "3rd January" into this year's 3 January), which is
exactly the error this stage exists to avoid, it does not know Solar Hijri month names in English, and it
costs milliseconds per call; so the grammar decides which parts the text states and dateparser does what
it is good at, relative expressions, with the publication date as its base.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from rasad.analysis.doc_text import doc_text
from rasad.config import DATA_DIR
from rasad.analysis.holidays import Holiday, find_holidays, holiday_day
from rasad.languages.fa.calendar import (
    MAX_SOLAR_YEAR,
    MIN_SOLAR_YEAR,
    SOLAR_MONTH_NUMBER,
    SOLAR_MONTHS,
    SOLAR_MONTHS_FA,
    gregorian_to_solar,
    solar_month_span,
    solar_year_value,
    solar_to_gregorian,
    to_ascii_digits,
)
from rasad.records import DateMention
from rasad.languages import component

# --- the date grammar -----------------------------------------------------------------------------

_GREGORIAN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
GREGORIAN_MONTH_NUMBER: dict[str, int] = {}
for _i, _name in enumerate(_GREGORIAN_MONTHS, start=1):
    GREGORIAN_MONTH_NUMBER[_name.lower()] = _i
    GREGORIAN_MONTH_NUMBER[_name[:3].lower()] = _i
GREGORIAN_MONTH_NUMBER["sept"] = 9

_G_MONTH = r"(?:" + "|".join(_GREGORIAN_MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_S_MONTH = r"(?:" + "|".join(sorted({n for names in SOLAR_MONTHS.values() for n in names}, key=len, reverse=True))
_S_MONTH += "|" + "|".join(SOLAR_MONTHS_FA.values()) + r")"
_MONTH = rf"(?P<mon>{_G_MONTH}|{_S_MONTH})(?![\w])"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:1[3-9]|20)\d\d)(?!\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # (a full stop after the date ends the sentence: "... on 2026-01-12." is a date, "2026-01-12.5" none)
    ("solar_numeric", re.compile(r"(?<![\d/.-])(?P<y>1[34]\d\d)[/.-](?P<m>[01]?\d)[/.-](?P<d>[0-3]?\d)(?![\d/-]|\.\d)")),
    ("iso", re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)[/.-](?P<m>[01]?\d)[/.-](?P<d>[0-3]?\d)(?![\d/-]|\.\d)")),
    ("numeric_dmy", re.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)[/.](?P<m>[0-3]?\d)[/.](?P<y>(?:19|20)\d\d)(?![\d/-]|\.\d)")),
    ("day_month", re.compile(rf"(?<![\w.]){_DAY}(?:\s+of)?(?:\s+the\s+month\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?")),
    ("month_day", re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR})?")),
    ("month_year", re.compile(rf"(?<![\w]){_MONTH}(?:\s+of)?,?\s+{_YEAR}")),
    # A month alone only after a word that makes it a time ("in March", "the month of Dey"): "March" and
    # "May" are also words. The mention is the month name itself.
    ("month_only", re.compile(rf"\b(?:[Ii]n|[Ss]ince|until|[Dd]uring|of|early|late|mid-?|month of)\s+{_MONTH}")),
    ("year", re.compile(r"(?<![\w.,/-])(?P<y>(?:1[3-9]|20)\d\d)(?![\w/-]|,\d|\.\d)")),
    ("relative", re.compile(
        rf"(?i:\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|overnight|"
        rf"this\s+(?:morning|afternoon|evening|week|month|year)|(?:last|next|past)\s+(?:week|month|year|weekend)|"
        rf"{_NUMBER_WORDS}\s+(?:days?|weeks?|months?|years?)\s+ago)\b)"
        rf"|\b(?:(?:[Ll]ast|[Tt]his|[Nn]ext|[Oo]n|[Pp]ast)\s+){_WEEKDAY}\b"
        # "late on Tuesday night", "Saturday evening": the day named
        rf"|\b(?:[Oo]n\s+)?{_WEEKDAY}\s+(?:night|morning|afternoon|evening)\b"
        # "after Friday prayers": the day of the prayers (not "a Friday prayer leader": a title)
        rf"|(?:(?<=after )|(?<=After )|(?<=at )|(?<=during )|(?<=following )|(?<=before )){_WEEKDAY}\s+(?:prayers?|sermons?)\b"
        # "on strike since Saturday", "held until Monday": the day named
        rf"|(?:(?<=since )|(?<=until )|(?<=from )|(?<=Since )){_WEEKDAY}\b"
        # a weekday alone, as agency copy writes it ("killed a man Sunday", "late Tuesday", "before dawn
        # Sunday"); not a name ("Bloody Friday", "Black Friday") nor a title ("a Friday prayer leader")
        # ("in Sunday's attack": the day of the attack)
        rf"|(?<!Bloody )(?<!Black )(?<!Good )\b{_WEEKDAY}\b(?![\w-]|\s+(?:prayers?|sermons?|imam|massacre)\b)"
    )),
    # "two days earlier", "a week before.", "the previous day": counted back from the date told before it (else the publication)
    ("earlier", re.compile(rf"(?i:\b(?P<n>{_NUMBER_WORDS})\s+(?P<unit>days?|weeks?)\s+(?:earlier|before(?=\s*[,.;]|$))"
                           rf"|\bthe\s+(?P<n2>previous|preceding)\s+(?P<unit2>day|night|week)\b"
                           rf"|\bthe\s+(?P<unit3>day|night)\s+before(?=\s*[,.;]|$))")),
    # "Police arrested him on Monday. Two days later he died in custody": counted on from the day told before it
    # (none told: no date; a vague "several days later" none either)
    # "..., two days after border guards shot dead three porters": the acts after "after" came that span before the
    # day told before it in the same paragraph (rasad.incidents.candidate gives that day to those acts only)
    ("after", re.compile(r"(?i:\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                         r"(?P<unit>days?|weeks?)\s+after\b)")),
    ("later", re.compile(r"(?i:\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                         r"(?P<unit>days?|weeks?)\s+later\b)")),
]
# A bare number is a year only where the context says so (spaCy DATE entity or a word before it),
# never "2000 people".
_YEAR_CONTEXT = re.compile(r"(?i)\b(?:in|since|of|until|by|from|to|and|year|between|before|after|early|late|"
                           r"mid|around|during|born|summer|winter|spring|autumn|fall)\W*$")
_NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
_PRECISION_FROM_PERIOD = {"day": "day", "week": "week", "month": "month", "year": "year", "time": "day"}


@dataclass
class _Found:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


def _month_number(name: str) -> tuple[int, str]:
    """(month number, calendar) of a month name."""
    key = name.rstrip(".").lower()
    if key in GREGORIAN_MONTH_NUMBER and name[:1].isupper():
        return GREGORIAN_MONTH_NUMBER[key], "gregorian"
    return SOLAR_MONTH_NUMBER.get(key) or SOLAR_MONTH_NUMBER.get(name, 0), "solar_hijri"


def _find(text: str, date_spans: list[tuple[int, int]] | None = None,
          number_spans: list[tuple[int, int]] | None = None) -> list[_Found]:
    """Non-overlapping date candidates in ``text`` (digits already ASCII), longest first."""
    date_spans = sorted(date_spans) if date_spans is not None else None
    number_spans = sorted(number_spans) if number_spans is not None else None
    found: list[_Found] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if kind == "year" and not _year_in_context(text, m.start(), m.end(), date_spans, number_spans):
                continue
            start = m.start("mon") if kind == "month_only" else m.start()
            found.append(_Found(kind, start, m.end(), m.groupdict()))
    # "on Christmas Eve", "on the eve of Nowruz": a holiday's day (rasad.analysis.holidays)
    for start, end, holiday, eve in find_holidays(text):
        found.append(_Found("holiday", start, end, {"holiday": holiday, "eve": eve}))
    found.sort(key=lambda f: (-(f.end - f.start), f.start))
    taken_chars = bytearray(len(text))
    taken: list[_Found] = []
    for f in found:
        if not any(taken_chars[f.start : f.end]):
            taken_chars[f.start : f.end] = b"\x01" * (f.end - f.start)
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of ``spans`` (sorted, non-overlapping: spaCy entities)."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _year_in_context(text: str, start: int, end: int, date_spans: list[tuple[int, int]] | None,
                     number_spans: list[tuple[int, int]] | None) -> bool:
    if date_spans is not None and _within(date_spans, start, end):
        return True
    if number_spans is not None and _within(number_spans, start, end):
        return False  # spaCy read it as a count ("in 2000 protests")
    return bool(_YEAR_CONTEXT.search(text[max(0, start - 25) : start]))


# --- normalisation --------------------------------------------------------------------------------


def parse_published(published_at: str | dt.date | None) -> dt.date | None:
    """The publication day from an ISO date/datetime string, or None (missing, partial or malformed)."""
    if isinstance(published_at, dt.datetime):
        return published_at.date()
    if isinstance(published_at, dt.date):
        return published_at
    if not published_at or not isinstance(published_at, str):
        return None
    text = published_at.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _mention(text: str, start: int, end: int, value: str | None, precision: str, year_known: bool,
             calendar: str, derived: str) -> DateMention:
    return DateMention(text=text, start=start, end=end, value=value, precision=precision, year_known=year_known,
                       calendar=calendar, derived=derived)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_not_after(month: int, day: int, pub: dt.date) -> dt.date | None:
    """The latest date with this month and day on or before ``pub`` (29 February: a leap year)."""
    for year in range(pub.year, pub.year - 8, -1):
        date = _valid(year, month, day)
        if date is not None and date <= pub:
            return date
    return None


def _normalise_found(f: _Found, source: str, pub: dt.date | None, digest: bool = False) -> DateMention | None:
    g = f.groups
    text = source[f.start : f.end]
    args = (text, f.start, f.end)
    if f.kind == "relative":
        return _relative(text, f.start, f.end, pub, digest)
    if f.kind in ("earlier", "later", "after"):
        return None  # resolved in find_dates, from the date before it
    if f.kind == "holiday":
        return _holiday(text, f.start, f.end, g["holiday"], g["eve"], pub)

    year = int(g["y"]) if g.get("y") else None
    if f.kind in {"solar_numeric", "iso", "numeric_dmy"}:
        month, day = int(g["m"]), int(g["d"])
        calendar = "solar_hijri" if f.kind == "solar_numeric" else "gregorian"
        note = ""
        if f.kind == "numeric_dmy" and month > 12 >= day:  # 09/21/2022: month first
            month, day = day, month
            note = "; month/day order (day > 12)"
        elif f.kind == "numeric_dmy":
            note = "; day/month order assumed"
    elif f.kind == "year":
        assert year is not None
        if MIN_SOLAR_YEAR <= year <= MAX_SOLAR_YEAR:
            value, note = solar_year_value(year)
            return _mention(*args, value, "year", True, "solar_hijri", note)
        if year < 1800:
            return None
        return _mention(*args, f"{year:04d}", "year", True, "gregorian", "year stated")
    else:
        month, calendar = _month_number(g["mon"])
        if not month:
            return None
        day = int(g["d"]) if g.get("d") else None
        note = ""
    if year is not None and calendar == "solar_hijri" and not MIN_SOLAR_YEAR <= year <= MAX_SOLAR_YEAR:
        return None
    if year is not None and calendar == "gregorian" and not 1800 <= year <= 2199:
        return None

    if calendar == "solar_hijri":
        return _solar(args, year, month, day, pub)

    if day is None:  # a month
        if year is not None:
            return _mention(*args, f"{year:04d}-{month:02d}", "month", True, "gregorian", "month and year stated")
        if pub is not None:
            inferred = pub.year if month <= pub.month else pub.year - 1
            return _mention(*args, f"{inferred:04d}-{month:02d}", "month", False, "gregorian",
                            "year inferred from publication date (latest such month not after it)")
        return _mention(*args, f"--{month:02d}", "month", False, "gregorian",
                        "year not stated and no publication date: year unknown")
    if year is not None:
        date = _valid(year, month, day)
        if date is None:
            return None
        return _mention(*args, date.isoformat(), "day", True, "gregorian", "day, month and year stated" + note)
    if _valid(2000, month, day) is None:  # 2000 is a leap year: only impossible days fail
        return None
    if pub is not None:
        date = _latest_not_after(month, day, pub)
        if date is not None:
            return _mention(*args, date.isoformat(), "day", False, "gregorian",
                            "year inferred from publication date (latest such day not after it)")
    return _mention(*args, f"--{month:02d}-{day:02d}", "day", False, "gregorian",
                    "year not stated and no publication date: year unknown")


def _solar(args: tuple[str, int, int], year: int | None, month: int, day: int | None,
           pub: dt.date | None) -> DateMention | None:
    text = args[0]
    if year is not None:
        if day is None:
            first, last = solar_month_span(year, month)
            middle = first + (last - first) / 2
            return _mention(*args, f"{middle.year:04d}-{middle.month:02d}", "month", True, "solar_hijri",
                            f"solar hijri {year}/{month:02d} = {first.isoformat()}..{last.isoformat()} (jdatetime); "
                            "value: the Gregorian month holding most of it")
        date = solar_to_gregorian(year, month, day)
        if date is None:
            return None
        return _mention(*args, date.isoformat(), "day", True, "solar_hijri",
                        f"solar hijri {year}/{month:02d}/{day:02d} converted with jdatetime")
    if pub is not None:
        pub_year, pub_month, pub_day = gregorian_to_solar(pub)
        solar_year = pub_year if (month, day or 1) <= (pub_month, pub_day) else pub_year - 1
        if day is None:
            first, last = solar_month_span(solar_year, month)
            middle = first + (last - first) / 2
            return _mention(*args, f"{middle.year:04d}-{middle.month:02d}", "month", False, "solar_hijri",
                            f"solar hijri month {month}; year {solar_year} inferred from publication date")
        date = solar_to_gregorian(solar_year, month, day)
        if date is None:
            return None
        return _mention(*args, date.isoformat(), "day", False, "solar_hijri",
                        f"solar hijri {solar_year}/{month:02d}/{day:02d}: year inferred from publication date")
    if day is None:
        return _mention(*args, None, "month", False, "solar_hijri",
                        f"solar hijri month {month} ({text}); year not stated and no publication date: "
                        "year unknown, no Gregorian value")
    usual = usual_gregorian_day(month, day)
    if usual is None:
        return None
    return _mention(*args, f"--{usual[0]:02d}-{usual[1]:02d}", "day", False, "solar_hijri",
                    f"solar hijri day {day} of month {month} ({text}); year not stated and no publication date: "
                    "year unknown; Gregorian month-day as in most years (it moves by a day with leap years)")


@functools.lru_cache(maxsize=400)
def usual_gregorian_day(month: int, day: int) -> tuple[int, int] | None:
    """The Gregorian (month, day) a Solar Hijri day falls on in most years of 1390-1420."""
    seen: dict[tuple[int, int], int] = {}
    for year in range(1390, 1421):
        date = solar_to_gregorian(year, month, day)
        if date is not None:
            seen[(date.month, date.day)] = seen.get((date.month, date.day), 0) + 1
    return max(seen, key=lambda k: seen[k]) if seen else None


def _value_at(date: dt.date, precision: str) -> str:
    """ISO value of a date at a precision (a week is stated by a day of it)."""
    return date.isoformat()[: {"day": 10, "week": 10, "month": 7, "year": 4}[precision]]


@functools.lru_cache(maxsize=4096)
def _relative_value(text: str, pub: dt.date, digest: bool = False) -> tuple[str, str] | None:
    """(value, precision) of a relative date; ``digest``: the report looks back over days that are over (``_digest``),
    so a weekday is never the publication day itself."""
    import dateparser  # imported on first use: loading its language data costs a second

    base = dt.datetime(pub.year, pub.month, pub.day, 12)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PARSERS": ["relative-time", "absolute-time"]}
    phrase = re.sub(r"(?i)(?<=day)\s+(?:night|morning|afternoon|evening|prayers?|sermons?)$", "", text)  # "Tuesday night"
    phrase = re.sub(r"(?i)^(?:on|this)\s+(?=[A-Z]\w+day$)", "", phrase)  # "on Friday" -> "Friday"
    phrase = re.sub(r"(?i)^(?:tonight|this (?:morning|afternoon|evening)|last night|overnight)$", "today", phrase)
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if phrase.strip().lower() == pub.strftime("%A").lower() and not digest:
        # "on Friday" in a report published on a Friday is that day (dateparser's "past" gives a week earlier)
        parsed = dt.datetime(pub.year, pub.month, pub.day)
    precision = "day"
    lowered = phrase.lower()
    if re.search(r"\b(?:month|months)\b", lowered):
        precision = "month"
    elif re.search(r"\b(?:year|years)\b", lowered):
        precision = "year"
    elif re.search(r"\b(?:week|weeks|weekend)\b", lowered):
        precision = "week"  # "last week": a day of that week (ACLED time precision 2)
    date = parsed.date()
    if text.lower().strip() == "overnight":  # the night before the report: the evening it began (ACLED dates an event's start)
        date = pub - dt.timedelta(days=1)
    if text.lower().startswith("last night") and date == pub:
        date = pub - dt.timedelta(days=1)
    return _value_at(date, precision), precision


def _holiday(text: str, start: int, end: int, holiday: Holiday, eve: bool, pub: dt.date | None) -> DateMention:
    """A holiday named as a date: the latest such day on or before the publication day (its year inferred, as for
    "3 January"); without a publication date no value."""
    day = holiday_day(holiday, eve, pub) if pub is not None else None
    if day is None:
        return _mention(text, start, end, None, "unknown", False, "gregorian",
                        "holiday named and no publication date to resolve it against")
    # a lunar holiday's day is read off hijridate's Umm al-Qura table: the record's calendars are Gregorian and Solar
    # Hijri only, so it is stored as Gregorian and the note says where the day came from
    solar = holiday.solar is not None or holiday.eve_of_last_solar_weekday is not None
    lunar = " (Islamic lunar day via hijridate, Umm al-Qura; Iran's day can differ by one)" if holiday.lunar else ""
    return _mention(text, start, end, day.isoformat(), "day", False, "solar_hijri" if solar else "gregorian",
                    f"holiday (data/dates/holidays_en.yaml){lunar}; year inferred from publication date (latest such "
                    "day not after it)")


def _relative(text: str, start: int, end: int, pub: dt.date | None, digest: bool = False) -> DateMention:
    if pub is None:
        return _mention(text, start, end, None, "unknown", False, "gregorian",
                        "relative date and no publication date to resolve it against")
    resolved = _relative_value(" ".join(text.split()), pub, digest)
    if resolved is None:
        return _mention(text, start, end, None, "unknown", False, "gregorian", "relative date dateparser could not resolve")
    value, precision = resolved
    return _mention(text, start, end, value, precision, True, "gregorian",
                    f"relative to publication date {pub.isoformat()} (dateparser)")


def find_dates(text: str, published_at: str | None = None, date_spans: list[tuple[int, int]] | None = None,
               number_spans: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """All date mentions of a text, offsets into ``text``. ``date_spans``/``number_spans`` (spaCy's DATE and
    CARDINAL/QUANTITY entities) decide whether a bare number like "2015" is a year; without them a word
    before it does ("in 2015", "since 2015")."""
    if not text:
        return []
    source = to_ascii_digits(text)  # same length: offsets stay valid for the original text
    pub = parse_published(published_at)
    digest = _digest(source)
    out = []
    for f in _find(source, date_spans, number_spans):
        mention = _earlier(f, source, out, pub) if f.kind == "earlier" else _later(f, source, out, pub) \
            if f.kind == "later" else _counted_after(f, source, out) if f.kind == "after" else _normalise_found(f, source, pub, digest)
        if mention is not None:
            mention.text = text[f.start : f.end]
            out.append(mention)
    return out


DATES_EN_YAML = DATA_DIR / "dates" / "en.yaml"


@functools.lru_cache(maxsize=1)
def _digest_pattern() -> re.Pattern[str]:
    words = yaml.safe_load(DATES_EN_YAML.read_text(encoding="utf-8")).get("digest_titles") or []
    return re.compile(r"(?i)\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) + r")\b")


def _digest(text: str) -> bool:
    """The report calls itself a look back over a period that is over ("Week in review, ..."; data/dates/en.yaml
    digest_titles)."""
    return bool(_digest_pattern().search(text))


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "several": 3}


# the ``derived`` of a day counted back from the last day told before it ("learned on Saturday that he had been
# executed two days earlier"): the incidents' date choice reads it (rasad.incidents.candidate)
COUNTED_BACK_FROM_TOLD = "counted back from the date told before it"


def _later(f: _Found, source: str, before: list[DateMention], pub: dt.date | None) -> DateMention | None:
    """"Police arrested him on Monday. Two days later he died in custody": the last day told before it in its
    paragraph, plus the span; without such a day, no date (the publication day is no anchor for a day after it)."""
    last = next((m for m in reversed(before) if m.precision == "day" and _day(m.value)), None)
    if last is None or "\n" in source[last.end:f.start]:
        return None
    back = _earlier(f, source, [last], None)  # the same span the other way
    if back is None:
        return None
    date = _day(last.value) + (_day(last.value) - _day(back.value))
    if pub is not None and date > pub:
        return None  # (a day after the report's own is no day of what it reports)
    return _mention(source[f.start:f.end], f.start, f.end, _value_at(date, back.precision), back.precision, True,
                    "gregorian", COUNTED_ON_FROM_TOLD)


# the ``derived`` of the day of the acts after "two days after", counted back from the day told before it ("said on
# Thursday the crossing was closed, two days after border guards shot dead three porters")
COUNTED_BACK_OVER_AFTER = "counted back over 'after' from the date told before it"


def _counted_after(f: _Found, source: str, before: list[DateMention]) -> DateMention | None:
    """"..., two days after border guards shot dead three porters": the last day told before it in its paragraph,
    less the span; without such a day, no date ("Two days after the protest, police arrested ten people": the
    publication day is no anchor)."""
    last = next((m for m in reversed(before) if m.precision == "day" and _day(m.value)), None)
    if last is None or "\n" in source[last.end:f.start]:
        return None
    mention = _earlier(f, source, [last], None)
    if mention is not None:
        mention.derived = COUNTED_BACK_OVER_AFTER
    return mention


# the ``derived`` of a day counted on from the last day told before it ("Two days later he died in custody")
COUNTED_ON_FROM_TOLD = "counted on from the date told before it"


def _earlier(f: _Found, source: str, before: list[DateMention], pub: dt.date | None) -> DateMention | None:
    """"Hengaw said on Thursday that agents had rounded up 14 men two days earlier", "... the previous day": counted
    back from the last day told before it in the text (the saying's day), else from the publication date."""
    anchor = next((_day(m.value) for m in reversed(before) if m.precision == "day" and _day(m.value)), None)
    derived = COUNTED_BACK_FROM_TOLD
    if anchor is None:
        anchor, derived = pub, f"counted back from publication date {pub.isoformat() if pub else ''}"
    if anchor is None:
        return None
    n = (f.groups["n"] or "one").lower()  # "the previous day", "the day before": one
    count = int(n) if n.isdigit() else _COUNT_WORDS.get(n)
    if not count:
        return None
    week = (f.groups["unit"] or f.groups["unit2"] or f.groups["unit3"]).lower().startswith("week")
    date = anchor - dt.timedelta(days=count * (7 if week else 1))
    precision = "week" if week else "day"
    return _mention(source[f.start : f.end], f.start, f.end, _value_at(date, precision), precision, True,
                    "gregorian", derived)


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def normalise_date(text: str, published_at: str | None = None) -> DateMention | None:
    """Normalise one date expression ("3rd January", "20 Dey 1401", "yesterday").

    The longest date found in ``text`` wins; offsets are into ``text``. When the grammar finds nothing and
    the text states a year, dateparser gets a last try (``REQUIRE_PARTS`` keeps it from inventing parts)."""
    if not text or not text.strip() or len(text) > 1000:
        return None
    mentions = find_dates(text, published_at, date_spans=[(0, len(text))])
    if mentions:
        return max(mentions, key=lambda m: m.end - m.start)
    return _dateparser_fallback(text, parse_published(published_at))


def _dateparser_fallback(text: str, pub: dt.date | None) -> DateMention | None:
    import dateparser

    source = to_ascii_digits(text)
    if not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", source):
        return None  # no stated year: dateparser would invent one
    settings = {"REQUIRE_PARTS": ["year"], "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "PARSERS": ["absolute-time"]}
    if pub is not None:
        settings["RELATIVE_BASE"] = dt.datetime(pub.year, pub.month, pub.day)
    data = dateparser.date.DateDataParser(languages=["en"], settings=settings).get_date_data(source)
    if data.date_obj is None:
        return None
    precision = _PRECISION_FROM_PERIOD.get(data.period or "day", "day")
    value = _value_at(data.date_obj.date(), precision)
    return _mention(text, 0, len(text), value, precision, True, "gregorian", "dateparser (year stated)")


class DateNormaliser:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        date_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        number_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NUMBER_LABELS]
        doc._.dates = find_dates(doc_text(doc), doc._.published_at, date_spans, number_spans)
        return doc


@Language.factory("rasad_when")
def make_component(nlp: Language, name: str) -> DateNormaliser:
    # English here; another language's own component or empty records (rasad.languages)
    return component(nlp, name, "when", DateNormaliser)
