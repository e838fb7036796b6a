"""Assembling incident reports: consecutive candidates of one paragraph about the same incident are joined
(figures that disagree become a flagged range, each side keeps its claimant), then each is finished: the
date and place fall back to the paragraph's and the report's, ACLED inter codes, fatalities, background and
a confidence are set."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.tokens import Doc

from rasad.analysis.doc_text import doc_text
from rasad.incidents.actors import INTER_EXTERNAL, INTER_PROTESTERS, INTER_STATE
from rasad.incidents.candidate import Candidate, paragraph_of, paragraph_starts, posted_dates, published_day, \
    recorded_dates
from rasad.incidents.counts import acled_fatalities, is_absurd, merge_counts
from rasad.incidents.background import first_day
from rasad.incidents.filters import is_background
from rasad.incidents.lexicon import acled_table, lexicon, optional_words
from rasad.incidents.records import Counts, Evidence, IncidentDate, IncidentPlace, IncidentReport
from rasad.incidents.slots import sum_counts
from rasad.incidents.triggers import HARM_WAYS, lemma, told_as_later


VERSION = "rasad-incidents-rules-1"


_TOLL_TYPES = {"Protests", "Riots", "Violence against civilians"}


def _compatible(a: Candidate, b: Candidate) -> bool:
    if a.split_from is not None and a.split_from == b.split_from:
        return False  # two sides' harm told in one sentence (sides.split_by_sides)
    if a.type == b.type == "Battles" and told_as_later(b.triggers):
        return False  # "... Security forces later killed two of the attackers in a shootout.": a second engagement
    # a sentence that only names or describes the victims of the one before ("The martyrs were identified as
    # ...") adds to it, whatever type its own words would give
    names = {v.name for v in b.victims}
    named_only = all(c.text and set(_NAME_LIST.split(c.text)) <= names for c in b.counts.values())
    if b.noun_only and named_only and not b.kinds and b.acts <= a.acts:
        return (b.date is None or a.date is None or a.date.value == b.date.value) and \
            (b.place is None or a.place is None or a.place.geonameid == b.place.geonameid or _in_its_source(b))
    # "Security forces have killed 14 people in Zahedan since Friday. The latest victim, X, was shot on Monday.":
    # the one named is one of those the figure before counts, whatever day he was shot
    if b.one_of_those_counted and any(a.counts.get(r) is not None and (a.counts[r].min or 0) > 1
                                      for r in ("killed", "injured")):
        return b.place is None or a.place is None or _places_agree(a.place, b.place)
    # "Iran's Revolutionary Guards said they had fired missiles at ... in Erbil. At least four civilians were
    # killed, ...": the harm a sentence tells without an event or a perpetrator of its own, after a sentence
    # that tells an armed event without its toll, is that event's outcome
    if _outcome_of(a, b) or b.refers_back or b.held_over_before and a.acts & {"killed", "injured"}:
        # ... and a sentence that names the event before it ("در این درگیری چهار تروریست نیز به هلاکت رسیدند")
        # (a town inside the name of the one who tells it is no place of the event: "the IRGC's Quds base said")
        return (b.date is None or a.date is None or a.date.value == b.date.value) and \
            (b.place is None or a.place is None or a.place.geonameid == b.place.geonameid or _in_its_source(b)
             or _a_town_in_a_country_told(a, b))
    # the same deaths told by two sides ("officials said five people died in the unrest. However, the rights
    # group said at least 35 were killed") are one incident with two figures, however each side frames it
    same_toll = ("killed" in a.counts and "killed" in b.counts and a.claimant != b.claimant
                 and ({a.type, b.type} <= _TOLL_TYPES or _a_claimed_toll(b) or _the_dead_named_by_another(a, b)))
    # so are two sides' figures for the same wounded ("Hengaw said 12 were wounded. State media put the number of
    # injured at four."): a sentence that counts only the injured, with no event or victim of its own
    same_toll = same_toll or ("injured" in a.counts and "injured" in b.counts and a.claimant != b.claimant
                              and "killed" not in a.counts and _a_claimed_toll(b, "injured"))
    # ("Kurdish officials said two people were killed. The party said three of its members had died in the attack
    # and ten had been wounded": the figures of the event named back, by another source)
    same_toll = same_toll or ("killed" in a.counts and "killed" in b.counts and a.claimant != b.claimant
                              and b.event_named_back and b.acts <= {"killed", "injured"} and not b.victims)
    if a.type != b.type and not ({a.type, b.type} <= {"Protests", "Riots"}) and not same_toll and \
            not _burned_beside_a_protest(a, b):
        return False
    if a.date is not None and b.date is not None and a.date.value != b.date.value and \
            _day_in_the_week(a.date, b.date) is None:
        return False
    if a.place is not None and b.place is not None and not _places_agree(a.place, b.place):
        return False
    if a.victims and b.victims and not {v.name for v in a.victims} & {v.name for v in b.victims}:
        return False
    return True


def _the_one_hurt_died(a: Candidate, b: Candidate) -> bool:
    """``a`` tells one person wounded and no death ("X was shot on Wednesday"), ``b`` only that he or she died
    ("He died in the ambulance": a dying verb whose subject is a pronoun for one person)."""
    hurt, dead = a.counts.get("injured"), b.counts.get("killed")
    if hurt is None or dead is None or "killed" in a.counts or hurt.min != 1 or hurt.max not in (None, 1) or \
            dead.min != 1 or set(b.counts) != {"killed"} or b.kinds:
        return False
    pronouns = optional_words(b.sent.doc, "one_person_pronouns")
    dying = optional_words(b.sent.doc, "dying_verbs")
    return any(t.is_act and lemma(t.head) in dying and any(c.dep_ == "nsubj" and c.lower_ in pronouns
                                                           for c in t.head.children) for t in b.triggers)


def _day_in_the_week(x, y):
    """"Thousands marched in Zahedan on Friday. ... police fired tear gas at this week's march": of a week told
    ("this week", on or before its day) and a day inside it, the day (else None)."""
    if x is None or y is None:
        return None
    for week, day in ((x, y), (y, x)):
        if week.precision == "week" and day.precision == "day":
            w, d = first_day(week.value), first_day(day.value)
            if w is not None and d is not None and dt.timedelta(0) <= w - d < dt.timedelta(days=7):
                return day
    return None


def _burned_beside_a_protest(a: Candidate, b: Candidate) -> bool:
    """"Fires were burning at a police kiosk ... Residents chanted slogans and police arrested five people": property
    destroyed with no doer named, told beside a protest in the sentence before or after it, is that crowd's doing,
    one violent demonstration (acled: demonstrators who destroy property riot)."""
    def unclaimed_destruction(c: Candidate) -> bool:
        return c.sub_type == "Looting/property destruction" and c.kinds <= {"property"} and \
            not any(r.role == "perpetrator" for r in c.actors)
    return any(unclaimed_destruction(x) and y.type in ("Protests", "Riots") for x, y in ((a, b), (b, a)))


def _a_town_in_a_country_told(a: Candidate, b: Candidate) -> bool:
    """"Iran launched missile strikes on ... in Pakistan's Balochistan province. A child was killed in a village near
    Panjgur.": the armed event before named only a country (often its doer's), its outcome the town it hit, which
    is the event's place."""
    armed = a.kinds & _ARMED_KINDS or a.type in ("Battles", "Explosions/Remote violence")
    return bool(armed) and getattr(a.place, "feature", None) == "country" and \
        getattr(b.place, "feature", None) == "city" and b.place.geonameid is not None and _outcome_of(a, b)


def _in_its_source(b: Candidate) -> bool:
    """A sentence naming the event before it whose town is inside the name of the one who tells it ("The IRGC's
    Quds base announced the deaths"): no place of the event."""
    return b.refers_back and b.place is not None and bool(b.place.text) and b.place.text in (b.claimant or "")


def _places_agree(p, q) -> bool:
    """The same town, or a province and a town in it ("... in Javanrud. The governor of Kermanshah province put
    the toll at three": the province is the official's, the town is in it)."""
    if p.geonameid == q.geonameid:
        return True
    for wide, town in ((p, q), (q, p)):
        if wide.geonameid is None and getattr(wide, "feature", None) == "province" and wide.province and \
                town.geonameid is not None and getattr(town, "province", None) == wide.province:
            return True
    return False


def _a_claimed_toll(b: Candidate, role: str = "killed") -> bool:
    """``b`` is a death figure alone, another source's ("State television said three police officers died when
    gunmen attacked their patrol. Jaish al-Adl, which claimed responsibility, said it had killed five."): no
    event word, no act but the deaths, no victim of its own; it counts the deaths of the event before it,
    whatever type its own words would give. (``role`` "injured": a figure of the wounded alone, the same way.)"""
    return not b.kinds and b.acts == {role} and not b.victims and set(b.counts) == {role}


def _the_dead_named_by_another(a: Candidate, b: Candidate) -> bool:
    """A source told a death without a name; another says who died and how ("Tasnim said armed smugglers fired on
    the guards and one of them was killed. Hengaw said the dead man was X, an unarmed porter shot while carrying
    goods"): the same death, named, when ``b`` counts only the dead it names, as many as ``a`` counts, ``a`` names
    no one, and ``b`` tells no event of its own but the death and the shot that caused it."""
    killed, mine = b.counts.get("killed"), a.counts.get("killed")
    return bool(b.victims) and not a.victims and not b.kinds and b.acts <= {"killed", "shot"} and \
        set(b.counts) == {"killed"} and killed is not None and mine is not None and _names_only(killed, b) and \
        killed.min == mine.min


_ARMED_KINDS = {"air", "artillery", "bomb", "grenade", "suicide", "attack", "clash", "chemical"}
# "... arrested dozens of students staging a sit-in. At least 30 students were injured.": a protest's outcome too
_OUTCOME_KINDS = _ARMED_KINDS | {"protest", "strike"}


def _outcome_of(a: Candidate, b: Candidate) -> bool:
    """``b`` states only harm (killed, injured), with no event word and no perpetrator, and ``a`` an armed
    event, a battle or a protest whose figures for that harm are not given ("Three police officers were killed
    when gunmen opened fire ... A fourth officer was seriously wounded.")."""
    armed = a.kinds & _OUTCOME_KINDS or a.type in ("Battles", "Explosions/Remote violence")
    # "Riot police fired tear gas at students protesting at a university. At least 37 students were detained, the
    # council added.": the arrests a protest ended in (told with no event word or arresting agent of their own)
    held = bool(a.kinds & {"protest", "strike"}) and b.acts <= {"arrested", "detained"}
    if b.kinds or not b.acts or not (b.acts <= {"killed", "injured", "shot"} or held) or not armed:
        return False
    if any(r.role == "perpetrator" for r in b.actors):
        return False
    return not any(role in a.counts for role in b.counts)


def merge(cands: list[Candidate]) -> list[Candidate]:
    """Consecutive sentences of one paragraph about the same incident become one incident."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.paragraph == c.paragraph and _compatible(prev, c):
            _absorb(prev, c)
        else:
            # "Iran executed 975 people in 2025, IHR said. The group said 31 of those hanged were women.": what the
            # sentence refers back to is a total told before it in its paragraph, which gave no incident
            if c.refers_by_pronoun and (prev is None or prev.paragraph != c.paragraph):
                start = paragraph_starts(c.sent.doc)[c.paragraph]
                c.refers_to_background = bool(doc_text(c.sent.doc)[start:c.sent.start_char].strip())
            out.append(c)
    return out


_SUBTYPE_RANK = {"Excessive force against protesters": 3, "Protest with intervention": 2, "Violent demonstration": 1,
                 "Peaceful protest": 0}


_NAME_LIST = re.compile(r"[,،]\s*")  # the names a count was made from, joined by a comma (Persian "،" too)


def _names_only(count, cand: Candidate) -> bool:
    """The count was made from the candidate's named victims (``candidate._count_named_victims``)."""
    return bool(count.text) and set(_NAME_LIST.split(count.text)) <= {v.name for v in cand.victims}


def _side_harmed(c: Candidate) -> str | None:
    """Whose men a battle's figures count: "state" where the state's forces are its target ("killing four police
    officers"), "other" where they did it ("security forces killed three of the attackers")."""
    state = 1  # ACLED inter code of state forces
    if any(r.role == "target" and r.inter == state for r in c.actors):
        return "state"
    if any(r.role == "perpetrator" and r.inter == state for r in c.actors):
        return "other"
    return None


def _other_side_harmed(a: Candidate, b: Candidate) -> bool:
    """Two sentences of one battle, each counting the dead of a different side ("Gunmen attacked a police post,
    killing four officers. Security forces killed three of the attackers in the ensuing firefight."): the
    figures add up (ACLED's fatalities are both sides'), they are not two figures for the same dead."""
    if a.type != "Battles" or b.type != "Battles":
        return False
    sides = {_side_harmed(a), _side_harmed(b)}
    return sides == {"state", "other"}


def _absorb(a: Candidate, b: Candidate) -> None:
    if b.one_of_those_counted:
        # "The latest victim, X, was shot ...": X joins those counted, with their fate; the figure stands
        fate = "killed" if "killed" in a.counts else "injured"
        for v in b.victims:
            if not any(x.name == v.name for x in a.victims):
                a.victims.append(v.model_copy(update={"fate": fate}))
        a.evidence.extend(b.evidence)
        a.asides.extend(b.asides)
        a.triggers.extend(b.triggers)
        if b.claimant and b.claimant != "author" and b.claimant not in (a.claimant or "").split("; "):
            a.claimant = b.claimant if a.claimant == "author" else f"{a.claimant}; {b.claimant}"
        return
    if _the_one_hurt_died(a, b):
        # "X was shot on Wednesday in Amol. He died in the ambulance.": the one wounded is the one dead, not one more
        # wounded
        del a.counts["injured"]
        a.victims = [v.model_copy(update={"fate": "killed"}) if v.fate == "injured" else v for v in a.victims]
    burned = _burned_beside_a_protest(a, b)
    town_after_country = _a_town_in_a_country_told(a, b)  # (read before the figures join)
    a.acts |= b.acts
    a.kinds |= b.kinds
    if burned:
        a.type, a.sub_type = "Riots", "Violent demonstration"
    elif _outcome_of(a, b) or b.refers_back:
        # the event's type stands ("At least four civilians were killed" after a missile strike); a protest whose
        # outcome is a death met lethal force
        if a.type == "Protests" and "killed" in b.acts:
            a.sub_type = "Excessive force against protesters"
        elif a.type == "Protests" and b.acts & {"arrested", "detained"} and a.sub_type == "Peaceful protest":
            a.sub_type = "Protest with intervention"  # a protest broken up by arrests
    elif _SUBTYPE_RANK.get(b.sub_type, -1) > _SUBTYPE_RANK.get(a.sub_type, -1):
        a.type, a.sub_type = b.type, b.sub_type
    for role, count in b.counts.items():
        mine = a.counts.get(role)
        # "Hengaw raised the toll to six. The group had earlier reported four deaths.": the revised figure stands
        if mine is not None and (role in a.revised and b.superseded or role in b.revised and a.superseded):
            a.counts[role] = mine if role in a.revised else count
            continue
        # a count of the names given ("A and B were hanged") is a floor of the figure stated beside it
        # ("executed three men"), not a second figure
        if mine is not None and mine.min is not None and count.min is not None:
            if role in b.part_roles and count.min <= mine.min:
                continue  # "... killing 19. Four children were among the dead": a part of the figure, not another
            if b.doers_harmed and not a.doers_harmed and role in ("killed", "injured"):
                # "... killing 13 and wounding 30. The assailant was wounded and two attackers were killed.": the
                # doers' dead are more dead of the event (ACLED's fatalities are all sides'); their wounds are told
                # apart from the wounded of the attack, whose figure stands
                if role == "killed":
                    a.counts[role] = sum_counts([mine, count])
                continue
            if (b.more_people or _other_side_harmed(a, b)) and not _names_only(count, b):
                a.counts[role] = sum_counts([mine, count])  # "... نیز": further people, not a second figure
                continue
            if _names_only(count, b) and count.min <= mine.min:
                continue
            if _names_only(mine, a) and mine.min <= count.min:
                a.counts[role] = count
                continue
        a.counts[role], contradictory = merge_counts(mine, count)
        if contradictory:
            a.flags.add("contradictory-counts")
    a.flags |= b.flags
    for v in b.victims:
        if not any(x.name == v.name for x in a.victims):
            a.victims.append(v)
    a.blocked_places |= b.blocked_places
    for r in b.actors:
        if not any(x.name == r.name for x in a.actors):
            a.actors.append(r)
    a.date = _day_in_the_week(a.date, b.date) or a.date or b.date
    a.place = a.place or b.place
    if a.place is not None and a.place.geonameid is None and b.place is not None and b.place.geonameid is not None:
        a.place = b.place  # a province told first, its town after ("... in Khuzestan province. ... in Shadegan")
    elif town_after_country:
        a.place = b.place  # a country told first, the town its outcome was in after
    a.evidence.extend(b.evidence)
    a.asides.extend(b.asides)
    if a.split_from is None:
        a.split_from = b.split_from  # joined to one side's piece: the other side's piece stays apart
    a.noun_only = a.noun_only and b.noun_only
    a.cause = a.cause or b.cause
    if a.claimant == "author" and b.refers_back and b.claimant and b.claimant != "author":
        # "... were killed near Rask late on Friday. The Guards announced the deaths on Saturday.": the author
        # only tells what the source named after it asserts
        a.claimant = b.claimant
    elif b.claimant and b.claimant not in (a.claimant or "").split("; "):
        a.claimant = f"{a.claimant}; {b.claimant}" if a.claimant else b.claimant  # each side keeps its name
    a.hedged = a.hedged or b.hedged
    a.triggers.extend(b.triggers)


_TIME_PRECISION = acled_table().time_precision  # ACLED's codes (acled.yaml); a date of unknown precision: 3


def finish(c: Candidate, doc: Doc, dates: list, places: list, para_starts: list[int]) -> IncidentReport:
    """The incident report of a (joined) candidate."""
    pub = _published(doc)
    date_rec = _date_record(c, doc, dates, para_starts, pub)
    place_rec = _place_of(c, doc, places, para_starts)
    background = is_background(c, date_rec, pub)
    acts = sorted(a for a in c.acts if a not in HARM_WAYS)
    inter1, inter2, interaction = _interaction(c)
    killed = c.counts.get("killed")
    flags = sorted(c.flags)
    fatalities = 0 if "absurd-count" in flags and is_absurd("killed", killed) else acled_fatalities(killed, doc.lang_)
    trigger_text = ", ".join(dict.fromkeys(t.text for t in c.triggers))
    report = IncidentReport(
        type=c.type,
        sub_type=c.sub_type,
        acts=acts,
        date=date_rec,
        place=place_rec,
        actors=c.actors,
        victims=c.victims,
        counts=Counts(**{k: v for k, v in c.counts.items()}),
        evidence=[Evidence(start=s, end=e) for s, e in c.evidence],
        claimant=c.claimant,
        background=background,
        confidence=_confidence(c, flags),
        time_precision=_TIME_PRECISION.get(date_rec.precision, 3) if date_rec.value else 3,
        geo_precision=place_rec.precision if place_rec else None,
        inter1=inter1,
        inter2=inter2,
        interaction=interaction,
        fatalities=fatalities,
        cause=c.cause,
        trigger=trigger_text,
        flags=flags,
        derived_from=VERSION,
    )
    report._asides = list(c.asides)
    report._kinds = frozenset(c.kinds)
    return report


def _date_record(c: Candidate, doc: Doc, dates: list, para_starts: list[int], pub: dt.date | None) -> IncidentDate:
    """The sentence's date, else the paragraph's nearest earlier, else the publication date."""
    if c.date is not None:
        d = c.date
        return IncidentDate(value=d.value, precision=d.precision, year_known=d.year_known,
                            derived="date stated in the sentence", start=d.start, end=d.end)
    para = [d for d in dates
            if d.value and paragraph_of(para_starts, d.start) == c.paragraph and d.start < c.evidence[0][0]]
    if para:
        # (a day a recording was made, told before, is the day of what it shows: "The video, filmed on Monday night
        # and received on Wednesday, shows ... The group said one man was killed")
        d = (recorded_dates(doc, para) or para)[-1]
        return IncidentDate(value=d.value, precision=d.precision, year_known=d.year_known,
                            derived="date stated earlier in the paragraph", start=d.start, end=d.end)
    # "in this frame from a video posted on social media on Friday": with no other date, the day the recording of the
    # event was put online is its day (what a coder records; a day of filming or any other day told wins above)
    told = [d for d in dates if d.value and any(lo <= d.start < hi for lo, hi in c.evidence)]
    posted = posted_dates(doc, told)
    if posted:
        d = posted[0]
        return IncidentDate(value=d.value, precision=d.precision, year_known=d.year_known,
                            derived="the day a recording of it was posted (no other date)", start=d.start, end=d.end)
    if pub is not None:
        return IncidentDate(value=pub.isoformat(), precision="week", year_known=True,
                            derived="publication date (the text states no date): on or before it")
    return IncidentDate(value=None, precision="unknown", year_known=False,
                        derived="no date in the text and no publication date")


def _place_of(c: Candidate, doc: Doc, places: list, para_starts: list[int]) -> IncidentPlace | None:
    """The sentence's place, else the paragraph's, else the report's most frequent."""
    if c.place is not None:
        return _place_record(c.place, "place named in the sentence", sentence=True, doc=doc)
    places = [p for p in places if p.start not in c.blocked_places]
    # the paragraph's places named before the incident set its scene; later ones are other matters
    para = [p for p in places if paragraph_of(para_starts, p.start) == c.paragraph and p.start < c.evidence[0][0]]
    # an outside actor's strike ("the US drone attack") need not have happened where the report is about
    external = any(a.inter == INTER_EXTERNAL and a.role == "perpetrator" for a in c.actors)
    if para:
        return _place_record(_best_place(para), "place named in the paragraph", sentence=False)
    if places and not external:
        return _place_record(_best_place(places), "the report's most frequent place", sentence=False)
    return None


def _interaction(c: Candidate) -> tuple[int | None, int | None, int | None]:
    """ACLED's inter1, inter2 and interaction code: the perpetrator's side first."""
    perps = [a for a in c.actors if a.role == "perpetrator"]
    others = [a for a in c.actors if a.role != "perpetrator"]
    inter1 = perps[0].inter if perps else (others[0].inter if others else None)
    inter2 = others[0].inter if perps and others else (others[1].inter if len(others) > 1 else None)
    if c.type == "Protests" and c.sub_type != "Peaceful protest" and inter2 is None:
        inter1, inter2 = INTER_PROTESTERS, INTER_STATE
    interaction = None
    if inter1 is not None:
        pair = sorted(x for x in (inter1, inter2) if x is not None)
        interaction = int("".join(str(x) for x in pair)) if len(pair) == 2 else inter1 * 10
    return inter1, inter2, interaction


def _confidence(c: Candidate, flags: list[str]) -> float:
    """How sure the rules are: a stated date, place, figures or victims and a verb raise it; hedges and
    flagged figures lower it."""
    confidence = 0.45
    confidence += 0.15 if c.date is not None else 0.0
    confidence += 0.1 if c.place is not None else 0.0
    confidence += 0.1 if (c.counts or c.victims) else 0.0
    confidence += 0.1 if not c.noun_only else 0.0
    confidence -= 0.15 if c.hedged else 0.0
    confidence -= 0.1 if flags else 0.0
    return round(max(0.05, min(0.95, confidence)), 2)


def _best_place(places: list):
    counts = Counter(p.geonameid for p in places)
    return sorted(places, key=lambda p: ({"city": 0, "province": 1}.get(p.feature, 2), -counts[p.geonameid]))[0]


def _near(lang: str) -> re.Pattern:
    """"near Baneh" (<lang>.yaml "near_words", "patterns": "after_near_words")."""
    lex = lexicon(lang)
    return lex.built("near", lambda: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in lex.near_words) + r")"
                                                + lex.pattern("after_near_words"), re.I))


def _place_record(p, derived: str, sentence: bool, doc: Doc | None = None) -> IncidentPlace:
    feature = getattr(p, "feature", "city")
    if feature == "city":
        precision = 1 if sentence else 2
        # "near Baneh": ACLED's precision 2, a place near or part of the named town
        if doc is not None and _near(doc.lang_).search(doc_text(doc)[max(0, p.start - 40):p.start]):
            precision = 2
    else:
        precision = 3
    return IncidentPlace(geonameid=p.geonameid, name=p.name, province=p.province, lat=p.lat, lon=p.lon,
                         country=getattr(p, "country", None), precision=precision, derived=derived,
                         start=p.start, end=p.end)


def _published(doc: Doc) -> dt.date | None:
    return published_day(doc)
