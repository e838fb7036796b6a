"""Incident reports for merging from an :class:`~rasad.records.Analysis`.

The incident stage (``doc._.incidents``) is the normal source. For a report on which it found no
incident with a victim — or when that stage is absent — a victim account is read from the other
stages' records: the first PERSON entity (a victim story names its subject first), the first
day-precise date, the places (with their provinces), and whether the text says the person died.
That keeps merging usable on short victim accounts whatever the incident stage does with them.
"""

from __future__ import annotations

import re
from typing import Any

from rasad.records import Analysis

# Generic wording of a death in victim accounts (news and memorial styles), not a list from any file.
DEATH = re.compile(
    r"\b(?:kill(?:ed|ing)?|died|dies|dead|death|murder(?:ed)?|martyr(?:ed|dom)?|shot|executed|execution|"
    r"hanged|lost (?:his|her|their) li(?:fe|ves)|sacrific\w*|immortal|buried|burial|funeral|body|bodies|"
    r"passed away|gunned down|slain|javi[dt] ?nam|javed ?nam|the late|morgue|grave|tombstone)\b",
    re.IGNORECASE,
)
ARREST = re.compile(r"\b(?:arrest(?:ed)?|detain(?:ed)?|abduct(?:ed)?|disappeared|imprisoned|jailed)\b", re.IGNORECASE)
_WORD = r"[A-Z][\w'\u2019-]*"
# A victim story usually opens with its subject's name, sometimes after an honorific.
_HONORIFIC = re.compile(r"^\s*(?:(?:the\s+)?(?:immortal|martyr(?:ed)?|honou?red|late|young|javi[dt]\s*nam|javed\s*nam)\s+)+",
                        re.IGNORECASE)
LEADING_NAME = re.compile(rf"#?((?:{_WORD}[ _]){{1,4}}{_WORD})")
# Names written as hashtags or with underscores (social-media style): #Seyed_Mohammad_Hosseini.
UNDERSCORE_NAME = re.compile(rf"#?((?:{_WORD}_)+{_WORD})")
AFTER_HONORIFIC = re.compile(rf"\b(?:the late|immortal|martyr|javid ?nam)\s+((?:{_WORD}\s+){{1,3}}{_WORD})", re.IGNORECASE)
# Capitalised words that open sentences but are not names.
FUNCTION_WORDS = frozenset("the a an on in at this that these those his her their its after before during when while "
                           "shot killed born died according yesterday today last".split())


def _not_name_words(analysis: Analysis) -> set[str]:
    from rasad.languages.fa.calendar import SOLAR_MONTH_NUMBER

    months = {m.lower() for m in ("January February March April May June July August September October November "
                                   "December").split()}
    return months | set(SOLAR_MONTH_NUMBER) | FUNCTION_WORDS


def _clean(name: str) -> str:
    name = re.sub(r"['\u2019]s$", "", name.strip())  # possessive: "Saeed Ghaziani's mother"
    return re.sub(r"\s+", " ", name.replace("_", " ")).strip()


def victim_name(analysis: Analysis) -> str | None:
    """The story's subject: a name opening the text, a hashtag name, a name after "the late" /
    "immortal", else the first PERSON entity that is not also a resolved place or a month."""
    text = analysis.report.text or ""
    stop = _not_name_words(analysis)
    place_spans = [(p.start, p.end) for p in analysis.places]

    def plausible(name: str, start: int) -> bool:
        words = _clean(name).split()
        if len(words) < 2 and "_" not in name:
            return False
        if words[0].lower() in stop or any(w.lower() in stop for w in words[1:]):
            return False
        # A place that covers the whole candidate is a place; one covering only its first word is
        # more likely a name the gazetteer also knows ("Mansoureh Jamshidi Aliabadi").
        end = start + len(name)
        return not any(ps <= start and end <= pe for ps, pe in place_spans)

    lead = _HONORIFIC.match(text)
    offset = lead.end() if lead else len(text) - len(text.lstrip())
    for rx in (UNDERSCORE_NAME, LEADING_NAME):
        m = rx.match(text, offset)
        if m and plausible(m.group(1), m.start(1)):
            return _clean(m.group(1))
    for rx in (UNDERSCORE_NAME, AFTER_HONORIFIC):
        for m in rx.finditer(text):
            if plausible(m.group(1), m.start(1)):
                return _clean(m.group(1))
    for e in sorted((e for e in analysis.entities if e.label == "PERSON"), key=lambda e: e.start):
        # A one-word name only as the story's first word ("Ayoub, 30 years old, ...").
        if plausible(e.text, e.start) or (e.start == offset and e.text.lower() not in stop
                                          and not any(ps <= e.start < pe for ps, pe in place_spans)):
            return _clean(e.text)
    return None


def month_day(mention: Any) -> str | None:
    """A day whose year is unknown as ``--MM-DD`` (Gregorian). The date stage leaves a Solar Hijri day
    without a year unconverted; its Gregorian month and day move by at most a day between years, so it
    is converted in a nominal year (1402, not after a leap year) — merging compares such dates with a tolerance anyway."""
    if mention.value and mention.value.startswith("--"):
        return mention.value
    if mention.value or mention.precision != "day" or mention.calendar != "solar_hijri":
        return None
    from rasad.languages.fa.calendar import SOLAR_MONTH_NUMBER, solar_to_gregorian, to_ascii_digits

    text = to_ascii_digits(mention.text)
    month = next((n for name, n in SOLAR_MONTH_NUMBER.items() if re.search(rf"(?i)\b{re.escape(name)}\b", text)), None)
    day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", text)
    if not month or not day:
        return None
    g = solar_to_gregorian(1402, month, int(day.group(1)))
    return f"--{g.month:02d}-{g.day:02d}" if g else None


def _persian_story(analysis: Analysis) -> tuple[str | None, bool | None, bool]:
    """(name, died, arrested) of a Persian victim story: the story's subject as the Persian incident
    stage reads it (``rasad.languages.fa.incidents.story_names``: the opening noun phrase), else the first
    victim its incidents name; death as that stage's story reading says, else from the incidents' acts."""
    text = analysis.report.text or ""
    acts = {a for i in analysis.incidents if isinstance(i, dict) for a in (i.get("acts") or [])}
    names = [str(v.get("name") if isinstance(v, dict) else v) for i in analysis.incidents if isinstance(i, dict)
             for v in (i.get("victims") or []) if (v.get("name") if isinstance(v, dict) else v)]
    died: bool | None = bool(acts & {"killed", "executed", "died in custody"}) or None
    try:
        from rasad.languages.fa.incidents import clean_name, story_names, story_states_death
    except ImportError:  # the Persian incident stage without its story reading
        story_names = story_states_death = None  # type: ignore[assignment]
    if story_names is not None:
        # the incidents' victims read through the same word classes as the story's name ("مدت ها" is none)
        from rasad.languages.fa.normalise import normalise

        # read on the normalised view, as the analysis reads: a name with its short-vowel marks ("سهراب
        # اَعرابی") is not cut at the mark
        names = [n for n in story_names(normalise(text).text) if n] + [c for c in map(clean_name, names) if c]
        stated = story_states_death(text)
        died = True if (died or stated) else stated
    return (names[0] if names else None), died, "arrested" in acts or "detained" in acts


# A birth date: after "born" / زاده / متولد / تولد (the date a few words on), or the first of a life span
# "(D1 – D2)" as biographies write it, whose second date is the death. Generic wording, both languages.
_BORN_BEFORE = re.compile(r"(?:\bborn\b|زاده|متولد|تولد)[^.\n؛]{0,12}$", re.IGNORECASE)
_SPAN_DASH = re.compile(r"^\s*[-–—]\s*(?:درگذشته|died|d\.)?\s*\S")


def _birth_date(text: str, mention: Any) -> bool:
    if _BORN_BEFORE.search(text[max(0, mention.start - 24) : mention.start]):
        return True
    return bool(_SPAN_DASH.match(text[mention.end : mention.end + 16]))


def _dates_in_order(analysis: Analysis) -> list[Any]:
    """The dates a victim account picks from, best first. In a Persian story, a date in a sentence that
    states the death (the Persian incident stage's story reading) comes before the others."""
    dates = sorted(analysis.dates, key=lambda d: d.start)
    if analysis.report.language != "fa":
        return dates
    try:
        from rasad.languages.fa.incidents import story_death_day, story_states_death
    except ImportError:
        return dates
    text = analysis.report.text or ""
    spans = [(s.start, s.end) for s in analysis.sentences] or [(0, len(text))]
    # the day the story marks as the death's (the end of a lifespan "(D1 – D2)", a day next to a death word)
    marked = story_death_day(text, [d for d in dates if d.precision == "day" and d.value])

    def states_death(d: Any) -> bool:
        start, end = next(((a, b) for a, b in spans if a <= d.start < b), (0, len(text)))
        return bool(story_states_death(text[start:end]))

    return sorted(dates, key=lambda d: (d is not marked, not states_death(d), d.start))


def victim_account(analysis: Analysis, unnamed: bool = False) -> dict[str, Any] | None:
    """One incident-report dict for a victim account, or None when no person is named. ``unnamed``: an
    account of a story that names nobody but states a death or an arrest is given too (its person is then
    described by age, gender and cause only, :mod:`rasad.log.person`)."""
    from rasad.log.person import describe

    text = analysis.report.text or ""
    lang = "fa" if analysis.report.language == "fa" else "en"
    if lang == "fa":
        name, stated, arrested = _persian_story(analysis)
        died = bool(stated)
    else:
        name = victim_name(analysis)
        died, arrested = bool(DEATH.search(text)), bool(ARREST.search(text))
    if not name and not (unnamed and (died or arrested)):
        return None
    person = {k: v for k, v in describe(text, lang).items() if v is not None}
    if died:
        event_type, sub_type, counts = "Violence against civilians", "Attack", {"killed": 1}
    elif arrested:
        event_type, sub_type, counts = "Strategic developments", "Arrests", {"arrested": 1}
    else:
        event_type, sub_type, counts = "Violence against civilians", "Attack", {}
    date, year_known = None, True
    for d in _dates_in_order(analysis):
        if d.precision != "day" or _birth_date(text, d):
            continue  # a birth date is not the incident's date
        if d.value and not d.value.startswith("--") and d.year_known:
            date, year_known = d.value, True
            break
        md = month_day(d)
        if md:
            date, year_known = md, False
            break
    places = [p for p in analysis.places if p.feature != "country"]
    first = next((p for p in places if p.country in (None, "IR") and p.province), None)
    item: dict[str, Any] = {
        "event_type": event_type,
        "sub_type": sub_type,
        "victims": [({"name": name} if name else {}) | person],
        "counts": counts,
        "places": [{"name": p.name or p.text, "text": p.text, "geonameid": p.geonameid, "province": p.province}
                   for p in places],
        "derived_from": "rasad.log.stories.victim_account",
    }
    cause = _story_cause(analysis, lang)
    if cause:
        item["cause"] = cause
    if date:
        item.update(date=date, date_precision="day", year_known=year_known)
    if first:
        item.update(place_name=first.name or first.text, geonameid=first.geonameid, province=first.province,
                    country=first.country or "IR", lat=first.lat, lon=first.lon)
    return item


def _story_cause(analysis: Analysis, lang: str) -> str | None:
    """How the story's person died: the incident stage's cause of a killing, else the cause words of the text
    (as the victims evaluation reads it)."""
    from rasad.incidents.victims import cause_of_harm

    for i in analysis.incidents:
        if isinstance(i, dict) and i.get("cause") and set(i.get("acts") or []) & {"killed", "executed", "died in custody"}:
            return str(i["cause"])
    text = analysis.report.text or ""
    if lang == "fa":
        from rasad.languages.fa.normalise import normalise

        text = normalise(text).text
    return cause_of_harm(text, lang)


def _has_victim(item: dict[str, Any]) -> bool:
    return any((v.get("name") if isinstance(v, dict) else v) for v in item.get("victims") or [])


def _date_of(item: dict[str, Any]) -> tuple[str | None, bool]:
    d = item.get("date")
    if isinstance(d, dict):
        if d.get("value") and d.get("precision") == "day":
            return d["value"], bool(d.get("year_known", True)) and not str(d["value"]).startswith("--")
        return None, True
    if isinstance(d, str) and item.get("date_precision") == "day":
        return d, bool(item.get("year_known", True)) and not d.startswith("--")
    return None, True


def incident_reports_for(analysis: Analysis, mode: str = "story") -> list[dict[str, Any]]:
    """Incident reports of a report for merging.

    ``mode="story"`` (a victim story: one person's account, as in the victims evaluation): one
    account, named by :func:`victim_name`; the incident stage's item about that person (or its
    first item) fills the date and place the account lacks. ``mode="report"``: the incident
    stage's items, plus a victim account when none of them names a victim."""
    items = [dict(i) for i in analysis.incidents if isinstance(i, dict) and not i.get("background")]
    account = victim_account(analysis)
    if mode == "report":
        if any(_has_victim(i) for i in items):
            return items
        return items + ([account] if account else [])
    if account is None:
        named = [i for i in items if _has_victim(i)]
        if named:
            return named[:1]
        # a story naming nobody: its person described by date, place, age, gender and cause
        account = victim_account(analysis, unnamed=True)
        if account is None:
            return []
    from rasad.log.names import name_similarity

    name = account["victims"][0].get("name") or ""
    about = [i for i in items if any(name_similarity(name, str(v.get("name") if isinstance(v, dict) else v)) >= 0.6
                                     for v in i.get("victims") or [])]
    source = (about or items or [None])[0]
    if source is not None:
        if "date" not in account:
            value, year_known = _date_of(source)
            if value:
                account.update(date=value, date_precision="day", year_known=year_known)
        place = source.get("place") if isinstance(source.get("place"), dict) else None
        if "province" not in account and place and place.get("province"):
            account.update(place_name=place.get("name"), geonameid=place.get("geonameid"), province=place["province"],
                           country=place.get("country"), lat=place.get("lat"), lon=place.get("lon"))
        if not account["counts"] and isinstance(source.get("counts"), dict) and source["counts"].get("killed"):
            account["counts"] = {"killed": source["counts"]["killed"]}
    return [account]
