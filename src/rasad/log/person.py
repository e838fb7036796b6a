"""The person an account describes, beyond the name: age, gender, how the person died.

Victim accounts often name the person poorly or not at all ("۳۴ ساله، دانشجوی ..."، "Kian, 9, was shot in
Izeh"), and registries list one person twice (two spellings of one name, a year mis-keyed). What the account
says about the person still tells candidates apart: an age, a gender, a cause of death. This module reads
them (from the story's text, from a registry row or an incident's victims), scores their agreement as one
merge field (``person``), gives the blocking keys that find a registry row by province and age, and the
margin rule by which an account without a full name merges only when one candidate clearly fits.

The words are data (``data/person.yaml``); the decisions here are generic rules, nothing is learned from a
registry or an evaluation file.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "person.yaml"

AGE_RANGE = (1, 110)
# A lone given name or no name: only a clear winner may merge. The best incident must beat every other
# passing incident by this much (a one-year age difference, +0.5 against +1.5, is not enough; an age or a
# given name that agrees against one that disagrees is).
WEAK_NAME_MARGIN = 2.0


@functools.lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.lru_cache(maxsize=4)
def _number(lang: str) -> str:
    from rasad.incidents.lexicon import lexicon

    n = lexicon(lang).numbers
    words = sorted((w for w in list(n.units) + list(n.tens) if " " not in w), key=len, reverse=True)
    word = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    joiner = r"(?:[\s‌]+و[\s‌]+|[\s‌]*و[\s‌]*)" if lang == "fa" else r"[\s-]"
    return rf"(?P<n>\d{{1,3}}|{word}(?:{joiner}{word})?)"


@functools.lru_cache(maxsize=4)
def _patterns(lang: str) -> dict[str, Any]:
    d = _data().get(lang) or {}
    num = _number(lang)
    flags = re.IGNORECASE if lang == "en" else 0
    out: dict[str, Any] = {"age": [re.compile(p.replace("{N}", num), flags) for p in d.get("age") or []]}
    if d.get("age_after_opening_name"):
        out["opening"] = re.compile(d["age_after_opening_name"].replace("{N}", num))
    for key in ("other_before", "other_after", "female", "male"):
        if d.get(key):
            out[key] = re.compile(d[key], flags)
    for key in ("other_words", "subject_kin", "female_words", "male_words", "children_words"):
        out[key] = frozenset(d.get(key) or ())
    return out


def _value(words: str, lang: str) -> int | None:
    from rasad.incidents.counts import number_value

    v = int(words) if words.isdigit() else number_value(words, lang)
    return v if v is not None and AGE_RANGE[0] <= v <= AGE_RANGE[1] else None


def _view(text: str, lang: str) -> str:
    if lang != "fa":
        return text or ""
    from rasad.languages.fa.normalise import normalise

    return normalise(text or "").text


def _words_before(text: str, pos: int, n: int = 3) -> list[str]:
    return re.findall(r"[^\s،,؛;:.()«»\-–—]+", text[max(0, pos - 60):pos])[-n:]


def _someone_else_fa(text: str, start: int, p: dict[str, Any]) -> bool:
    """A Persian age that belongs to a relative: a relative's word among the three words before it, save a
    girl/boy of that age opening a phrase ("دختر ۱۶ ساله" is the subject)."""
    before = _words_before(text, start)
    if before and before[-1] in ("و",):  # "۳ و ۵ ساله": the second of two ages, the children's
        return True
    for i, w in enumerate(before):
        if w in p["other_words"]:
            directly = i == len(before) - 1
            opens = directly and (len(before) == 1 or re.search(r"[،,؛:(\-–—]\s*$", text[max(0, start - 40):start]
                                                                  .rsplit(w, 1)[0]) is not None)
            if w in p["subject_kin"] and opens:
                continue
            return True
    return False


def stated_age(text: str, lang: str = "en") -> int | None:
    """The age the account gives its subject ("34 years old", "aged 34", "۳۴ ساله"), or None. An age that
    belongs to a relative ("father of a 2-year-old", "دارای دو فرزند ۳ و ۵ ساله") is not the subject's."""
    p = _patterns(lang)
    view = _view(text, lang)
    if "opening" in p:
        m = p["opening"].match(view)
        if m and _value(m.group("n"), lang):
            return _value(m.group("n"), lang)
    found = sorted((m for rx in p["age"] for m in rx.finditer(view)), key=lambda m: m.start())
    for m in found:
        age = _value(m.group("n"), lang)
        if age is None:
            continue
        if lang == "fa":
            if _someone_else_fa(view, m.start(), p):
                continue
        else:
            if p.get("other_before") and p["other_before"].search(view[max(0, m.start() - 30):m.start()]):
                continue
            if p.get("other_after") and p["other_after"].match(view[m.end():m.end() + 20]):
                continue
        return age
    return None


def stated_gender(text: str, lang: str = "en") -> str | None:
    """"female" / "male" when the account's own words say so, else None. English: the pronouns and nouns of
    the account, when one side has at least two and the other none. Persian (no gendered pronouns): a woman's
    or a man's word before the subject's age or count of children ("زن ۳۵ ساله"، "پدر دو فرزند")."""
    p = _patterns(lang)
    view = _view(text, lang)
    if lang != "fa":
        if not (p.get("female") and p.get("male")):
            return None
        f, m = len(p["female"].findall(view)), len(p["male"].findall(view))
        if f >= 2 and m == 0:
            return "female"
        if m >= 2 and f == 0:
            return "male"
        return None
    num = _number(lang).replace("(?P<n>", "(?:")
    children = "|".join(re.escape(w) for w in sorted(p["children_words"], key=len, reverse=True))
    for gender, key in (("female", "female_words"), ("male", "male_words")):
        words = "|".join(re.escape(w) for w in sorted(p[key], key=len, reverse=True))
        if not words:
            continue
        rx = re.compile(rf"(?:^|[،,(:–—-][\s‌]*|[\s‌]و[\s‌]+|^[\s‌]+)(?:{words})[\s‌]+(?:جوان[\s‌]+)?(?:{num}[\s‌]*سال(?:ه|ۀ|هٔ)|(?:{num}|یک)[\s‌]+(?:{children}))")
        m = rx.search(view)
        if m:
            # "پدر بردیای ۲ ساله" / "مادرش ..." are no description of the subject's sex by themselves, but a
            # parent "of N children" is: both matched forms say the subject is that word.
            return gender
    return None


def describe(text: str, lang: str = "en") -> dict[str, Any]:
    """{"age": int | None, "gender": str | None} of an account's subject."""
    return {"age": stated_age(text, lang), "gender": stated_gender(text, lang)}


def cause_label(value: Any) -> str | None:
    """A cause as one of the labels the incident stage writes (shot, pellet, beaten, torture, executed,
    vehicle): a label as it is, free text (a registry's Persian or English cause) read with the incident
    vocabulary's cause words; None when it says nothing known."""
    if not isinstance(value, str) or not value.strip():
        return None
    from rasad.incidents.victims import cause_of_harm

    v = value.strip()
    if v.lower() in ("shot", "pellet", "beaten", "torture", "executed", "vehicle"):
        return v.lower()
    lang = "fa" if re.search(r"[\u0600-\u06FF]", v) else "en"
    label = cause_of_harm(_view(v, lang), lang)
    # "other" (tear gas, a knife, a death in custody called a suicide) is a grab-bag: two accounts that both
    # or only one say it tell nothing about being one person, so it is no label here
    return None if label == "other" else label


def person_of(victims: Any) -> tuple[int | None, str | None]:
    """(age, gender) of the single victim of an account (a registry row, a story), else (None, None): with
    several victims an age does not say whose."""
    people = [v for v in victims or [] if isinstance(v, dict)]
    if len(people) != 1:
        return None, None
    v = people[0]
    age = v.get("age")
    if isinstance(age, str) and age.strip().isdecimal():  # an imported file's column
        age = int(age.strip())
    age = int(age) if isinstance(age, (int, float)) and not isinstance(age, bool) and AGE_RANGE[0] <= age <= AGE_RANGE[1] else None
    gender = v.get("gender") if v.get("gender") in ("female", "male") else None
    return age, gender


# --- merging -------------------------------------------------------------------------------------------


def score_person(a: Any, b: Any, explain: bool = True) -> tuple[str, float, str]:
    """The ``person`` field of a merge decision as (verdict, weight, detail), like the merge's other field
    scorers: age, gender and cause of death on both sides. An equal age is good evidence (+1.5), a year apart
    weak (+0.5: ages are given at death or at the last birthday), three years or more apart against (-2); a
    different gender is against (-2); the same cause slightly for (+0.3), a different one slightly against
    (-0.5: a text says batons where a registry says a bullet). ``explain=False`` leaves the detail empty
    (every candidate of a merge is scored, only the linked one explained)."""
    weight, parts, verdicts = 0.0, [], []
    if a.age is not None and b.age is not None:
        gap = abs(a.age - b.age)
        weight += {0: 1.5, 1: 0.5, 2: 0.0}.get(gap, -2.0)
        if explain:
            parts.append(f"age {a.age} vs {b.age}")
        verdicts.append("agree" if gap == 0 else "partial" if gap <= 2 else "disagree")
    for name, if_same, if_not in (("gender", 0.0, -2.0), ("cause", 0.3, -0.5)):
        mine, theirs = getattr(a, name), getattr(b, name)
        if mine and theirs:
            same = mine == theirs
            weight += if_same if same else if_not
            if explain:
                parts.append(f"{name} {mine} vs {theirs}")
            verdicts.append("agree" if same else "disagree")
    if not verdicts:
        return "unknown", 0.0, "no age, gender or cause on both sides" if explain else ""
    verdict = "disagree" if "disagree" in verdicts else "agree" if "agree" in verdicts else "partial"
    return verdict, weight, "; ".join(parts)


def weakly_named(f: Any) -> bool:
    """No full name: nobody named, or one word only (a given name: "کیان"، "Ayoub")."""
    return not any(len(n.split()) >= 2 for n in f.victims)


def decision_fields(decision: Any) -> dict[str, tuple[str, float, str]]:
    """field -> (verdict, weight, detail) of a merge decision, or of its explanation (a stored link's)."""
    if isinstance(decision, dict):
        return {k: (v.get("verdict"), v.get("weight", 0.0), v.get("detail", "")) for k, v in (decision.get("fields") or {}).items()}
    return {f.field: (f.verdict, f.weight, f.detail) for f in decision.fields}


def fits_person(fields: dict[str, tuple[str, float, str]]) -> bool:
    """A decision for an account without a full name shows person evidence: an age that agrees, or a given
    name that agrees (the victims field no worse than partial)."""
    person, names = fields.get("person"), fields.get("victims")
    age_agrees = person is not None and person[0] != "disagree" and "age" in person[2] and person[1] >= 1.5
    name_agrees = names is not None and names[0] in ("agree", "partial")
    return age_agrees or name_agrees


def _given_names(f: Any) -> set[str]:
    """The given name (first word) of each of the account's names, folded: Persian letters as
    ``rasad.log.names.fa_tokens`` folds them, Latin spellings as ``canonical_token`` does."""
    from rasad.log.names import _is_persian, canonical_name, fa_tokens

    out = set()
    for name in f.victims:
        toks = fa_tokens(name) if _is_persian(name) else canonical_name(name).split()
        if toks and len(toks[0]) >= 3:
            out.add(toks[0])
    return out


def person_index_keys(f: Any) -> set[str]:
    """Keys of a described person in its province: by age (``pa``), and by given name (``pg``), so that an
    account without a full name finds a registry row with no date in common."""
    if not f.province:
        return set()
    keys = {f"{f.family}|pg|{f.province}|{g}" for g in _given_names(f)}
    if f.age is not None:
        keys.add(f"{f.family}|pa|{f.province}|{f.age}")
    return keys


def person_query_keys(f: Any) -> set[str]:
    """An account without a full name looks up the accounts of its province giving the same age, or a year
    either side (a story with no date still finds its registry row), and those with its given name."""
    if not f.province or not weakly_named(f):
        return set()
    keys = {f"{f.family}|pg|{f.province}|{g}" for g in _given_names(f)}
    if f.age is not None:
        keys |= {f"{f.family}|pa|{f.province}|{age}" for age in (f.age - 1, f.age, f.age + 1)}
    return keys


# One full name dated months apart: a registry's date of death against a story's day of arrest, of a memorial,
# or a mis-keyed month. With the same stated age, up to half a year (a day whose year is unknown is compared by
# month and day, so never further apart than that); with the same town only, up to two months (a name and a
# town alone months apart may be two people, or one person's later memorial). The date still counts (-2).
FAR_APART_DAYS = 183
FAR_APART_TOWN_DAYS = 62


def same_person_far_apart(a: Any, b: Any, gap: int) -> bool:
    """Two accounts naming one full name (checked by the caller), ``gap`` days apart, describe one person
    although their dates are more than a month apart: they give the same age, or (up to two months) they
    share the town (GeoNames id or town name)."""
    if a.age is not None and a.age == b.age:
        return gap <= FAR_APART_DAYS
    if gap > FAR_APART_TOWN_DAYS:
        return False
    if set(a.geonameids) & set(b.geonameids):
        return True
    from rasad.log.merge import _norm_place

    return bool({_norm_place(p) for p in a.place_names} & {_norm_place(p) for p in b.place_names} - {""})


def full_name_keys(f: Any) -> set[str]:
    """The whole-name skeleton keys (``n|k:``, unscoped by month) of an account's full names, looked up so
    that :func:`same_person_far_apart` pairs are found by blocking (a whole name's consonants: few
    accounts share them)."""
    from rasad.log.merge import name_keys

    return {f"{f.family}|n|{k}" for name in f.victims if len(name.split()) >= 2 for k in name_keys(name)
            if k.startswith("k:") and len(k) >= 5}


def clear_winner(decision: Any, score: float, passing_scores: list[float]) -> bool:
    """An account without a full name merges into its best incident only when the decision (a MergeDecision
    or its explanation) shows person evidence (:func:`fits_person`) and beats every other passing incident by
    ``WEAK_NAME_MARGIN``; an account naming nobody also when its incident is the only one that passes and
    its town and day agree. ``passing_scores``: the best score of each passing incident that names someone,
    the winner's too (an account naming nobody on the same day is no rival person: it may be this one)."""
    fields = decision_fields(decision)
    others = sorted(passing_scores, reverse=True)[1:]
    verdict = {k: v[0] for k, v in fields.items()}
    if not others and verdict.get("victims") == "unknown" and verdict.get("date") == "agree" and verdict.get("place") == "agree":
        # naming nobody, the only candidate of its town whose date agrees: the rule for accounts without names
        # on either side (a province and a day one off is not enough against a named person)
        return True
    if not fits_person(fields):
        return False
    return not others or score - others[0] >= WEAK_NAME_MARGIN
