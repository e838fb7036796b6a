"""Merging incident reports into incidents: blocking, scoring, explanation.

Record linkage in two steps (the Fellegi–Sunter pattern; no library fits our mixed fields and
our need to explain each decision, so the scorer is written here):

1. **Blocking** — a new incident report is compared only with incident reports that share a
   blocking key *and* pass the compatibility filter: same event family, dates that can be within
   ``DATE_WINDOW_DAYS`` of each other, provinces that do not exclude each other. Keys are
   family-scoped: a victim's name (folded, see :mod:`rasad.log.names`), a day bucket with the
   province (or ``*``), a month-day bucket for dates whose year is unknown. Never all pairs.
2. **Scoring** — per field an agreement weight (positive: evidence for the same incident,
   negative: against); the sum decides. Each decision is kept as an explanation: which fields
   agreed, which disagreed, the weights, the threshold.

The same :class:`MergeFeatures`, blocking keys and decision (``incident_verdict``, ``choose_incident``)
drive the in-memory index (tests, benchmark baseline), the database merge (:mod:`rasad.log.service`) and the
parallel one (:mod:`rasad.log.parallel_merge`), so they link alike (``tests/test_merge_parity.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rasad.incidents.lexicon import acled_table
from rasad.log.person import FAR_APART_DAYS, cause_label, clear_winner, full_name_keys, same_person_far_apart, person_index_keys, person_of, person_query_keys, score_person, weakly_named
from rasad.log.names import _is_persian, canonical_name, cross_script_similarity, fa_tokens, name_similarity, name_skeletons
from rasad.store.db import date_bounds

MERGE_RULE_VERSION = "rasad-merge-1"
DATE_WINDOW_DAYS = 3  # two accounts of one incident rarely disagree by more than a few days
NAME_WINDOW_DAYS = 31  # ... but accounts naming one person in full may disagree by up to a month (compatible)
BUCKET_DAYS = 4  # day buckets of this size: a window of +-3 days touches at most 3 buckets
MERGE_THRESHOLD = 3.0
NOMINAL_YEAR = 2000  # the leap year that holds a day whose year is unknown (compared by month and day only)  # the sum of field weights needed to merge automatically

# ACLED event types and our acts against persons, grouped into families that two accounts of one
# incident can plausibly disagree within (a killing at a protest is coded "Protests / Excessive
# force" by one source, "Violence against civilians / Attack" by another): lower-case event type,
# sub-type or alias -> family, from the ACLED table (data/incidents/acled.yaml).
FAMILIES: dict[str, str] = acled_table().families


def event_family(event_type: str | None, sub_type: str | None = None, killed: int | None = None) -> str:
    """The family an incident report is blocked in. A protest with deaths belongs with killings."""
    for value in (sub_type, event_type):
        fam = FAMILIES.get((value or "").strip().lower())
        if fam:
            if fam == "demonstration" and killed:
                return "violence"
            return fam
    if killed:
        return "violence"
    return "other"


@functools.lru_cache(maxsize=100_000)
def _norm_place(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("ي", "ی").replace("ك", "ک")
    s = re.sub(r"\b(city|county|province|ostan|shahr-?e)\b", " ", s)
    return re.sub(r"[\W_]+", "", s)


@dataclass
class MergeFeatures:
    """What the merger knows about one incident report (all optional but the family)."""

    family: str
    event_type: str | None = None
    sub_type: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    year_known: bool = True  # False: only month and day are known ("18 Dey")
    place_names: list[str] = field(default_factory=list)  # city / village names as written
    geonameids: list[int] = field(default_factory=list)
    province: str | None = None
    victims: list[str] = field(default_factory=list)
    killed: tuple[int, int] | None = None  # (low, high)
    distinct_source: str | None = None  # rows of one registry are distinct by its own account
    # the person described (rasad.log.person): the single victim's age and gender, the cause of death
    age: int | None = None
    gender: str | None = None
    cause: str | None = None

    @functools.cached_property
    def norm_places(self) -> frozenset[str]:
        """The place names normalised for comparison (computed once: a feature set is compared often)."""
        return frozenset(_norm_place(p) for p in self.place_names) - {""}

    @functools.cached_property
    def geonameid_set(self) -> frozenset[int]:
        return frozenset(self.geonameids)

    @property
    def day_precise(self) -> bool:
        return self.date_start is not None and self.date_end is not None and (self.date_end - self.date_start).days <= 7

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["date_start"] = self.date_start.isoformat() if self.date_start else None
        d["date_end"] = self.date_end.isoformat() if self.date_end else None
        d["killed"] = list(self.killed) if self.killed else None
        return d


# --- building features ---------------------------------------------------------------------------


def _count_range(value: Any) -> tuple[int, int] | None:
    """Counts come as 3, "3", {"low": 2, "high": 5}, {"min":..,"max":..}, {"value": 3} or [2, 5]."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value), int(value)
    if isinstance(value, str):
        nums = [int(x) for x in re.findall(r"\d+", value)]
        return (min(nums), max(nums)) if nums else None
    if isinstance(value, (list, tuple)) and value:
        nums = [int(x) for x in value if isinstance(x, (int, float)) and not isinstance(x, bool)]
        return (min(nums), max(nums)) if nums else None
    if isinstance(value, dict):
        lo = next((value[k] for k in ("low", "min", "value", "n", "count") if isinstance(value.get(k), (int, float))), None)
        hi = next((value[k] for k in ("high", "max", "value", "n", "count") if isinstance(value.get(k), (int, float))), lo)
        if lo is None:
            return None
        return int(lo), int(hi if hi is not None else lo)
    return None


def victim_names(victims: Iterable[Any]) -> list[str]:
    out = []
    for v in victims or []:
        name = v.get("name") if isinstance(v, dict) else v if isinstance(v, str) else None
        if name and str(name).strip():
            out.append(str(name).strip())
        if isinstance(v, dict):
            for alt in v.get("names") or v.get("aliases") or []:
                if isinstance(alt, str) and alt.strip():
                    out.append(alt.strip())
    return out


def features_from_fields(
    *,
    event_type: str | None,
    sub_type: str | None = None,
    date: str | None = None,
    date_precision: str | None = None,
    year_known: bool | None = None,
    place_names: Iterable[str | None] = (),
    geonameids: Iterable[int | None] = (),
    province: str | None = None,
    victims: Iterable[Any] = (),
    counts: dict[str, Any] | None = None,
    distinct_source: str | None = None,
    date_start: dt.date | None = None,
    date_end: dt.date | None = None,
    cause: str | None = None,
) -> MergeFeatures:
    killed = _count_range((counts or {}).get("killed") if counts else None)
    start, end = date_bounds(date, date_precision, nominal_year=NOMINAL_YEAR)
    if date_start and date_end:  # explicit bounds (a Jalali month spans two Gregorian months)
        start, end = date_start, date_end
    if year_known is None:
        year_known = not (date or "").startswith("--")
    victims = list(victims or [])
    age, gender = person_of(victims)
    return MergeFeatures(
        family=event_family(event_type, sub_type, killed[1] if killed else None),
        event_type=event_type,
        sub_type=sub_type,
        date_start=start,
        date_end=end,
        year_known=bool(year_known) if start else True,
        # only what can be used: an imported row's free-form data may hold anything (a name 5, an id "x")
        place_names=[p for p in dict.fromkeys(p.strip() for p in place_names if isinstance(p, str) and p.strip())],
        geonameids=[int(g) for g in dict.fromkeys(g for g in geonameids if _is_geonameid(g))],
        province=province or None,
        victims=list(dict.fromkeys(victim_names(victims))),
        killed=killed,
        distinct_source=distinct_source,
        age=age,
        gender=gender,
        cause=cause_label(cause),
    )


def _is_geonameid(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and value.isdecimal())


def features_from_incident_report(ir: dict[str, Any], *, distinct_source: str | None = None) -> MergeFeatures:
    """Features from an incident-report dict (the extractor's output or a stored row's columns).

    Reads the keys the incident stage writes (event_type, sub_event_type/sub_type, date {value,
    precision} or date/date_precision, place {name, geonameid, province}, victims [{name}], counts)."""
    date = ir.get("date")
    precision = ir.get("date_precision")
    year_known = ir.get("year_known")
    if isinstance(date, dict):
        precision = date.get("precision", precision)
        year_known = date.get("year_known", year_known)
        date = date.get("value")
    place = ir.get("place") if isinstance(ir.get("place"), dict) else {}
    places = ir.get("places") if isinstance(ir.get("places"), list) else []
    names = [ir.get("place_name"), place.get("name"), place.get("text")] + [
        p.get("name") or p.get("text") for p in places if isinstance(p, dict)
    ]
    gids = [ir.get("geonameid"), place.get("geonameid")] + [p.get("geonameid") for p in places if isinstance(p, dict)]
    province = ir.get("province") or place.get("province") or next(
        (p.get("province") for p in places if isinstance(p, dict) and p.get("province")), None
    )
    return features_from_fields(
        event_type=ir.get("event_type"),
        sub_type=ir.get("sub_type") or ir.get("sub_event_type"),
        date=date if isinstance(date, str) else None,
        date_precision=precision,
        year_known=year_known,
        place_names=names,
        geonameids=gids,
        province=province,
        victims=ir.get("victims") or [],
        counts=ir.get("counts") or {},
        distinct_source=distinct_source,
        cause=ir.get("cause"),
    )


# --- blocking --------------------------------------------------------------------------------


def _bucket(d: dt.date) -> int:
    return d.toordinal() // BUCKET_DAYS


def _md_bucket(d: dt.date) -> int:
    # Day of a 366-day year (so 29 Feb has a place), in buckets like the dated ones.
    return (dt.date(2000, d.month, d.day).toordinal() - dt.date(2000, 1, 1).toordinal()) // BUCKET_DAYS


@functools.lru_cache(maxsize=100_000)
def name_keys(name: str) -> frozenset[str]:
    """Name blocking keys: each folded family-name token (not the given name: too common), and the
    consonant skeleton of the whole name, which Latin and Persian spellings share."""
    toks = canonical_name(name).split()
    keys = {"t:" + t.lower() for t in toks[1:] if len(t) >= 3}
    if len(toks) == 1 and len(toks[0]) >= 3:
        keys.add("t:" + toks[0].lower())
    skeletons = name_skeletons(name)
    # Doubled consonants collapse across word breaks too: a name's words are written apart or together
    # (گلستان نژاد / گلستان‌نژاد / Golestannejad).
    sk = re.sub(r"(.)\1+", r"\1", "".join(skeletons))
    if len(sk) >= 3:
        keys.add("k:" + sk)
    if _is_persian(name):
        # Persian script: the folded family-name words (yeh, kaf, ZWNJ forms alike) and the family name
        # written as one word, and the family name's consonant skeleton, which a Latin spelling of it
        # shares even when the given name is written differently or split otherwise (محمدحسین / Mohammad Hossein).
        fa = fa_tokens(name)
        keys |= {"f:" + t for t in fa[1:] if len(t) >= 3}
        if len(fa) > 2:
            keys.add("f:" + "".join(fa[1:]))
        if len(skeletons) > 1 and len(skeletons[-1]) >= 3:
            keys.add("s:" + skeletons[-1])
    elif len(skeletons) > 1 and len(skeletons[-1]) >= 3:
        keys.add("s:" + skeletons[-1])
    return frozenset(keys)


def _months(lo: dt.date, hi: dt.date) -> list[dt.date]:
    out, cur = [], dt.date(lo.year, lo.month, 1)
    while cur <= hi and len(out) < 40:
        out.append(cur)
        cur = dt.date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
    return out


def index_keys(f: MergeFeatures) -> set[str]:
    """Keys under which an incident report is indexed (all prefixed by its family).

    Names are indexed by themselves and scoped by month (``nm``: year and month; ``nmd``: the month
    of the year, for accounts whose year is unknown), so a common family name in a huge log is
    looked up among that month's incidents only. Day buckets (``d``; ``du`` for accounts without
    names) and month-day buckets (``m`` / ``mu``) carry the province, or ``*`` for any."""
    fam = f.family
    keys: set[str] = set()
    dated = f.date_start is not None and f.date_end is not None
    months = _months(f.date_start, f.date_end) if dated else []
    for name in f.victims:
        for k in name_keys(name):
            keys.add(f"{fam}|n|{k}")
            if not dated:
                keys |= {f"{fam}|nm|none|{k}", f"{fam}|nmd|none|{k}"}
            for m in months:
                if f.year_known:
                    keys.add(f"{fam}|nm|{m:%Y-%m}|{k}")
                keys.add(f"{fam}|nmd|{m:%m}|{k}")
    if f.day_precise and dated:
        prov = f.province or "?"
        kinds = ("d", "du") if not f.victims else ("d",)
        for b in range(_bucket(f.date_start), _bucket(f.date_end) + 1):
            if f.year_known:
                keys |= {f"{fam}|{kind}|{b}|{p}" for kind in kinds for p in (prov, "*")}
        for b in {_md_bucket(f.date_start), _md_bucket(f.date_end)}:
            keys |= {f"{fam}|{kind.replace('d', 'm')}|{b}|{p}" for kind in kinds for p in (prov, "*")}
    return keys | person_index_keys(f)


def query_keys(f: MergeFeatures) -> set[str]:
    """Keys to look up for a new incident report: its names within the months a named person's accounts
    may be apart (``NAME_WINDOW_DAYS``; all months when it has no date; and its own months of the year, for
    the same day in another year), and the day buckets of its window in its province (and in
    reports without a province) — all reports' buckets when it names nobody, only unnamed ones'
    when it names someone (named accounts of other people cannot match it). Month-day buckets
    replace day buckets when its year is unknown."""
    fam = f.family
    keys: set[str] = set()
    dated = f.date_start is not None and f.date_end is not None
    if dated:
        lo = f.date_start - dt.timedelta(days=DATE_WINDOW_DAYS)
        hi = f.date_end + dt.timedelta(days=DATE_WINDOW_DAYS)
        # a person named in full may be dated up to a month apart, or on the same day of another year
        # (``compatible``): their names are looked up that far, so blocking finds what compatible admits
        name_months = _months(f.date_start - dt.timedelta(days=NAME_WINDOW_DAYS),
                              f.date_end + dt.timedelta(days=NAME_WINDOW_DAYS))
        own_months = _months(f.date_start, f.date_end)
    keys |= full_name_keys(f)  # a full name months apart (rasad.log.person.same_person_far_apart)
    for name in f.victims:
        for k in name_keys(name):
            if not dated:
                keys.add(f"{fam}|n|{k}")
            elif f.year_known:
                keys |= {f"{fam}|nm|{m:%Y-%m}|{k}" for m in name_months} | {f"{fam}|nm|none|{k}"}
                keys |= {f"{fam}|nmd|{m:%m}|{k}" for m in own_months}  # the same day, another year
            else:
                keys |= {f"{fam}|nmd|{m:%m}|{k}" for m in name_months} | {f"{fam}|nmd|none|{k}"}
    if f.day_precise and dated:
        provs = [f.province, "?"] if f.province else ["*"]
        # a lone given name is no name to block on: all the day's accounts of its province, as for an account
        # naming nobody (not of every province: a given name is too weak to pick among a whole day's dead)
        kind = "du" if f.victims and not (weakly_named(f) and f.province) else "d"
        if f.year_known:
            for b in range(_bucket(lo), _bucket(hi) + 1):
                keys |= {f"{fam}|{kind}|{b}|{p}" for p in provs}
        else:
            mkind = kind.replace("d", "m")
            for b in {_md_bucket(lo), _md_bucket(f.date_start), _md_bucket(hi)}:
                keys |= {f"{fam}|{mkind}|{b}|{p}" for p in provs}
    return keys | person_query_keys(f)


def date_gap(a: MergeFeatures, b: MergeFeatures) -> int | None:
    """Days between two dates (0 when their ranges overlap); month and day only when a year is
    unknown; None when either has no date."""
    if not (a.date_start and a.date_end and b.date_start and b.date_end):
        return None
    if a.year_known and b.year_known:
        if a.date_end < b.date_start:
            return (b.date_start - a.date_end).days
        if b.date_end < a.date_start:
            return (a.date_start - b.date_end).days
        return 0
    if not (a.day_precise and b.day_precise):
        return None
    best = None
    for y in (b.date_start.year - 1, b.date_start.year, b.date_start.year + 1):
        try:
            moved = a.date_start.replace(year=y)
        except ValueError:  # 29 February
            moved = a.date_start.replace(year=y, day=28)
        gap = abs((moved - b.date_start).days)
        best = gap if best is None else min(best, gap)
    return best


def _same_full_name(a: MergeFeatures, b: MergeFeatures) -> bool:
    """Both accounts name one person with the same full name (given and family name, same script)."""
    return any(_is_persian(x) == _is_persian(y) and len(x.split()) >= 2 and len(y.split()) >= 2
               and name_similarity(x, y) >= 0.95 for x in a.victims for y in b.victims)


def _same_day_another_year(a: MergeFeatures, b: MergeFeatures) -> bool:
    return bool(a.date_start and b.date_start and a.day_precise and b.day_precise
                and (a.date_start.month, a.date_start.day) == (b.date_start.month, b.date_start.day))


def compatible(a: MergeFeatures, b: MergeFeatures) -> bool:
    """The blocking filter: same family, dates not further apart than the window. A person named with the
    same full name on both sides is not killed twice: their accounts may disagree on the day by up to a
    month, or on the year of one day (registries mis-key years: Dey 1404 filed as 1401), and are then
    compared, the date disagreement counting against them."""
    if a.family != b.family:
        return False
    gap = date_gap(a, b)
    if gap is not None and gap > DATE_WINDOW_DAYS and a.day_precise and b.day_precise:
        if not ((gap <= NAME_WINDOW_DAYS or _same_day_another_year(a, b)) and _same_full_name(a, b)
                or (gap <= FAR_APART_DAYS and _same_full_name(a, b) and same_person_far_apart(a, b, gap))):
            return False
    elif gap is not None and gap > 31:  # coarse dates: at most a month apart
        return False
    if a.distinct_source and a.distinct_source == b.distinct_source:
        return False  # one registry's rows are distinct records by the registry's own account
    return True


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class FieldVerdict:
    field: str
    verdict: str  # agree | partial | disagree | unknown
    weight: float
    detail: str = ""


@dataclass
class MergeDecision:
    score: float
    merge: bool
    fields: list[FieldVerdict]
    threshold: float = MERGE_THRESHOLD
    veto: str | None = None

    def explanation(self, **extra: Any) -> dict[str, Any]:
        out = {
            "rule": MERGE_RULE_VERSION,
            "score": round(self.score, 3),
            "threshold": self.threshold,
            "merged": self.merge,
            "veto": self.veto,
            "agreed": [f.field for f in self.fields if f.verdict == "agree"],
            "disagreed": [f.field for f in self.fields if f.verdict == "disagree"],
            "fields": {f.field: {"verdict": f.verdict, "weight": round(f.weight, 3), "detail": f.detail} for f in self.fields},
        }
        out.update(extra)
        return out


# Each field's scorer returns (verdict, weight, detail). The detail is written only when ``explain`` is
# set: a merge scores every candidate but explains only the one it links to (formatting the details of
# every comparison took most of the scoring's time on a large log), and both come from the same code.
Scored = tuple[str, float, str]


def _score_type(a: MergeFeatures, b: MergeFeatures, explain: bool = True) -> Scored:
    if not a.event_type or not b.event_type:
        return "unknown", 0.0, "type missing on one side"
    if a.sub_type and b.sub_type and a.sub_type.lower() == b.sub_type.lower():
        return "agree", 1.0, f"same sub-type {a.sub_type}" if explain else ""
    if a.event_type.lower() == b.event_type.lower():
        return "agree", 0.5, f"same type {a.event_type}" if explain else ""
    return "partial", 0.0, f"{a.event_type} vs {b.event_type}, same family {a.family}" if explain else ""


_DATE_WEIGHTS = {0: 2.0, 1: 1.2, 2: 0.3, 3: 0.0}


def _score_date(a: MergeFeatures, b: MergeFeatures, explain: bool = True) -> Scored:
    gap = date_gap(a, b)
    if gap is None:
        return "unknown", 0.0, "date missing on one side"
    how = "" if (a.year_known and b.year_known) else " (month and day; a year is unknown)"
    if not (a.day_precise and b.day_precise):
        return ("partial" if gap == 0 else "disagree", 0.3 if gap == 0 else -1.0,
                f"coarse dates, gap {gap} d{how}" if explain else "")
    w = _DATE_WEIGHTS.get(gap, -2.0)
    verdict = "agree" if gap <= 1 else "partial" if gap <= 3 else "disagree"
    return verdict, w, f"{gap} day(s) apart{how}" if explain else ""


def _score_place(a: MergeFeatures, b: MergeFeatures, explain: bool = True) -> Scored:
    if a.geonameids and b.geonameids and not a.geonameid_set.isdisjoint(b.geonameid_set):
        return "agree", 2.0, "same GeoNames id"
    if not a.norm_places.isdisjoint(b.norm_places):
        return "agree", 2.0, "same place name"
    # A place named in Persian script on one side and in Latin letters on the other (سقز / Saqqez) when
    # neither side resolved it to a GeoNames id: the names compared across scripts (rasad.log.names).
    if a.place_names and b.place_names:
        across = [(x, y) for x in a.place_names for y in b.place_names if _is_persian(x) != _is_persian(y)]
        for x, y in across[:16]:
            fa_name, latin = (x, y) if _is_persian(x) else (y, x)
            if cross_script_similarity("".join(fa_tokens(fa_name)), latin) >= 0.9:
                return "agree", 1.5, f"same place name across scripts ({fa_name} / {latin})"
    if a.province and b.province:
        if _norm_place(a.province) == _norm_place(b.province):
            return "partial", 0.5, f"same province {a.province}" if explain else ""
        # Accounts disagree on place more often than on a name (home town vs place of death),
        # so a province mismatch counts against a merge without vetoing it.
        return "disagree", -1.0, f"{a.province} vs {b.province}" if explain else ""
    return "unknown", 0.0, "province missing on one side"


NAMES_VETO = "victims' full names differ"
CROSS_SCRIPT_VETO = "victims' full names differ (across scripts)"


def _score_names(a: MergeFeatures, b: MergeFeatures, explain: bool = True) -> tuple[Scored, str | None]:
    if not a.victims or not b.victims:
        return ("unknown", 0.0, "no victim names on one side"), None
    # Compare names written in the same script when both sides have one; a Latin spelling against
    # Persian script (consonant skeletons) is weaker evidence, used only when nothing else is there.
    pairs = [(x, y) for x in a.victims for y in b.victims if _is_persian(x) == _is_persian(y)]
    if not pairs:
        pairs = [(x, y) for x in a.victims for y in b.victims]
    best, pair = -1.0, pairs[0]
    for x, y in pairs:
        s = name_similarity(x, y)
        if s > best:
            best, pair = s, (x, y)
    detail = f"{pair[0]!r} ~ {pair[1]!r} similarity {best:.2f}" if explain else ""
    # Weight grows linearly with similarity: 1.0 -> +4, 0.5 -> 0, below 0.5 negative.
    w = max(-4.0, 8.0 * (best - 0.5))
    if best >= 0.85:
        return ("agree", w, detail), None
    if best >= 0.6:
        return ("partial", w, detail), None
    # Two full names (given + family name) that do not match are two different people. Across scripts
    # the comparison is a guess at the vowels (George / ژرژ): such a veto keeps this pair apart but does
    # not bar the incident when another of its accounts names the person in the same script
    # (``CROSS_SCRIPT_VETO``; rasad.log.service._decide).
    veto = None
    if all(len(n.split()) >= 2 for n in pair if n) and all(pair):
        veto = CROSS_SCRIPT_VETO if _is_persian(pair[0]) != _is_persian(pair[1]) else NAMES_VETO
    return ("disagree", w, detail), veto


def _score_counts(a: MergeFeatures, b: MergeFeatures, explain: bool = True) -> Scored:
    if not a.killed or not b.killed:
        return "unknown", 0.0, "no death toll on one side"
    (alo, ahi), (blo, bhi) = a.killed, b.killed
    if alo <= bhi and blo <= ahi:
        return "agree", 0.5, f"{a.killed} overlaps {b.killed}" if explain else ""
    lo, hi = min(ahi, bhi), max(alo, blo)
    # Sources disagree on tolls all the time (that is what we keep side by side): weak evidence.
    if hi > 3 * max(lo, 1):
        return "disagree", -0.5, f"{a.killed} vs {b.killed}" if explain else ""
    return "partial", 0.0, f"{a.killed} vs {b.killed}" if explain else ""


_FIELD_NAMES = ("type", "date", "place", "victims", "killed", "person")


def _score_fields(a: MergeFeatures, b: MergeFeatures, threshold: float, explain: bool) -> tuple[float, bool, str | None, list[Scored]]:
    names, veto = _score_names(a, b, explain)
    fields = [_score_type(a, b, explain), _score_date(a, b, explain), _score_place(a, b, explain), names,
              _score_counts(a, b, explain), score_person(a, b, explain)]
    total = sum(f[1] for f in fields)
    if not (a.victims and b.victims):
        # Without names, only a precise date *and* place can tie two accounts together, or the same town
        # and the same age when a date is missing on one side (rasad.log.person).
        date_ok = fields[1][0] == "agree"
        place_ok = fields[2][0] in ("agree", "partial")
        town_and_age = (fields[1][0] == "unknown" and fields[2][0] == "agree"
                        and fields[5][0] == "agree" and a.age is not None and a.age == b.age)
        if not ((date_ok and place_ok) or town_and_age):
            veto = veto or "no names: date and place must both agree"
    return total, veto is None and total >= threshold, veto, fields


def score_pair(a: MergeFeatures, b: MergeFeatures, threshold: float = MERGE_THRESHOLD) -> MergeDecision:
    """Score two incident reports that passed blocking, with each field's verdict explained."""
    total, merge, veto, fields = _score_fields(a, b, threshold, True)
    return MergeDecision(score=total, merge=merge, veto=veto,
                         fields=[FieldVerdict(name, *f) for name, f in zip(_FIELD_NAMES, fields)])


def pair_score(a: MergeFeatures, b: MergeFeatures, threshold: float = MERGE_THRESHOLD) -> tuple[float, bool, str | None]:
    """``score_pair``'s (score, merge, veto) without the explanation: what a merge needs of every
    candidate but the one it links to (``score_pair`` then explains that one)."""
    total, merge, veto, _ = _score_fields(a, b, threshold, False)
    return total, merge, veto


# --- the decision: which incident a new report joins (one rule for every merge) ---------------------
#
# The serial merge (rasad.log.service), the parallel one (rasad.log.parallel_merge) and the in-memory
# index below gather and score candidates differently (SQL, Ray tasks, dicts); they all decide with the
# functions of this section, so they link the same reports the same way.

MAX_CANDIDATES = 2000  # a safety cap on one block (a very common name in a huge log)

# One comparison of a new incident report with a member of a candidate incident, as the decision reads it:
# (score, whether it merges, whether it vetoes the incident (the member names someone else), the member's
# report id, whether the member names victims, and anything the caller carries along: the parallel merge
# carries the comparison's explanation, made where the features were).
Comparison = tuple  # (float, bool, bool, Any, bool, *extra)


def compare(f: MergeFeatures, member: Any, g: MergeFeatures) -> Comparison:
    """The comparison of new report ``f`` with report ``member`` (features ``g``), scored without the
    explanation (``pair_score``): a merge compares every candidate, but explains only the one it links to."""
    score, merges, veto = pair_score(f, g)
    return score, merges, veto == NAMES_VETO, member, bool(g.victims)


def incident_verdict(comparisons: Iterable[Comparison]) -> Comparison | None:
    """A candidate incident's verdict from its members' comparisons: a vetoing one when a member names
    someone else (the incident is then another person's, whatever its other members score), else the best
    (highest score; equal scores: the lowest report id, so the order members were found in does not
    matter); None when none was compared. Verdicts of parts of an incident's members combine by the same
    function: the parallel merge combines a stored incident's verdict with the batch's reports that joined it.
    Only ``NAMES_VETO`` bars the incident: a veto across scripts keeps that pair apart only (its comparison
    does not merge), another member may still name the person in the same script."""
    best = None
    for c in comparisons:
        if c[2]:
            return c
        if best is None or c[0] > best[0] or (c[0] == best[0] and c[3] < best[3]):
            best = c
    return best


def choose_incident(f: MergeFeatures, verdicts: Iterable[tuple[Any, Comparison | None]], age: Callable[[Any], Any],
                    explain: Callable[[Comparison], Any]) -> tuple[Any, Any, Any] | None:
    """The incident new report ``f`` joins, as (incident, member, decision), or None (a new incident).

    ``verdicts``: (incident, its ``incident_verdict``) for each candidate incident. ``age(incident)``: older
    incidents lower; equal scores go to the oldest, so the choice never depends on the order candidates were
    found in. ``explain(comparison)``: the chosen comparison's decision (a ``MergeDecision`` or its
    explanation), asked for once, for the one linked to; it is what :func:`person.clear_winner` reads and
    what the link keeps."""
    best: Comparison | None = None
    best_inc: Any = None
    best_age: Any = None
    passing = 0
    named_scores: list[float] = []  # the best passing score of each incident naming someone (person.clear_winner)
    for inc, v in verdicts:
        if v is None or v[2] or not v[1]:
            continue
        passing += 1
        if v[4]:
            named_scores.append(v[0])
        if best is None or v[0] > best[0] or (v[0] == best[0] and age(inc) < best_age):
            best, best_inc, best_age = v, inc, age(inc)
    if best is None:
        return None
    if weakly_named(f) and best[4]:
        # An account naming nobody, or only a given name, against a named person: only a clear winner that
        # the person's description supports (rasad.log.person).
        decision = explain(best)
        return (best_inc, best[3], decision) if clear_winner(decision, best[0], named_scores) else None
    if passing > 1 and not (f.victims and best[4]):
        # Without names on both sides, several matching incidents (many killings in one city on one
        # day) make the choice a guess: leave it to an analyst rather than merge into one of them.
        return None
    return best_inc, best[3], explain(best)


def candidate_map(keys: Iterable[str], *postings: dict[str, list[tuple[int, Any]]],
                  cap: int = MAX_CANDIDATES) -> dict[Any, list[int]]:
    """incident -> member report ids found under the keys in the postings (key -> [(report id, its
    incident)]: the stored log's, then the batch's). A huge block (a very common name in a huge log) keeps its
    ``cap`` most recent reports (the highest ids): what is kept does not depend on the order the keys are read
    in, nor on which incidents the reports joined (the parallel merge relies on both)."""
    incident_of: dict[int, Any] = {}
    for key in keys:
        for plist in postings:
            for ir_id, inc in plist.get(key, ()):
                incident_of.setdefault(ir_id, inc)
    kept = sorted(incident_of)[-cap:] if len(incident_of) > cap else sorted(incident_of)
    candidates: dict[Any, list[int]] = {}
    for ir_id in kept:
        candidates.setdefault(incident_of[ir_id], []).append(ir_id)
    return candidates


# --- the in-memory index (evaluation, tests, benchmark baseline) ----------------------------------


class MemoryIndex:
    """Blocking index in memory: key -> incident reports; report -> incident. It decides as the store's merge
    does (``candidate_map``, ``incident_verdict``, ``choose_incident``): reports are numbered in the order they
    are added, as the store numbers them, and incidents are as old as their first report."""

    def __init__(self) -> None:
        self.postings: dict[str, list[tuple[int, Any]]] = defaultdict(list)  # key -> [(report number, incident)]
        self.features: dict[Any, MergeFeatures] = {}
        self.incident_of: dict[Any, Any] = {}
        self.comparisons = 0
        self.compared_pairs: list[tuple[Any, Any]] = []  # for tests: which pairs were ever scored
        self.record_pairs = False
        self._number: dict[Any, int] = {}  # report key -> its number (the store's report id)
        self._keys: list[Any] = []  # report number -> key
        self._age: dict[Any, int] = {}  # incident -> the number of its first report (the store's incident id order)

    def add(self, report_key: Any, features: MergeFeatures, incident: Any) -> None:
        number = self._number.setdefault(report_key, len(self._keys))
        if number == len(self._keys):
            self._keys.append(report_key)
        self.features[report_key] = features
        self.incident_of[report_key] = incident
        self._age.setdefault(incident, number)
        for k in index_keys(features):
            self.postings[k].append((number, incident))

    def _candidates(self, features: MergeFeatures) -> dict[Any, list[int]]:
        return candidate_map(query_keys(features), self.postings)

    def candidates(self, features: MergeFeatures) -> set[Any]:
        """The reports a new one is compared with (blocking, then the compatibility filter)."""
        return {self._keys[n] for members in self._candidates(features).values() for n in members
                if compatible(features, self.features[self._keys[n]])}

    def best_incident(self, report_key: Any, features: MergeFeatures) -> tuple[Any, MergeDecision, Any] | None:
        """The incident to merge into, with the decision and the member compared with, or None."""
        verdicts = []
        for inc, members in self._candidates(features).items():
            compared = []
            for n in members:
                other = self._keys[n]
                g = self.features[other]
                if compatible(features, g):
                    self.comparisons += 1
                    if self.record_pairs:
                        self.compared_pairs.append((report_key, other))
                    compared.append(compare(features, n, g))
            verdicts.append((inc, incident_verdict(compared)))
        found = choose_incident(features, verdicts, self._age.__getitem__,
                                lambda c: score_pair(features, self.features[self._keys[c[3]]]))
        if found is None:
            return None
        inc, member, decision = found
        return inc, decision, self._keys[member]


def merge_in_memory(items: Iterable[tuple[Any, MergeFeatures]], index: MemoryIndex | None = None) -> tuple[dict[Any, Any], dict[Any, dict]]:
    """Merge (key, features) pairs one by one; returns report key -> incident key and the
    explanations of the merges. A new incident's key is the key of its first report."""
    index = index or MemoryIndex()
    explanations: dict[Any, dict] = {}
    for key, feats in items:
        found = index.best_incident(key, feats)
        if found:
            inc, decision, other = found
            explanations[key] = decision.explanation(compared_with=other)
        else:
            inc = key
        index.add(key, feats, inc)
    return dict(index.incident_of), explanations
