"""spaCy component ``rasad_incidents``: incident reports from the sentences of a report.

Method (rules over spaCy's lemmas and dependency parse; no library does ACLED event extraction):

1. **Triggers.** Each sentence's lemmas are matched against the cue words of ``cues.py``: event words
   ("protest", "rally", "drone strike", "clash", ...) and acts against persons ("kill", "shoot dead",
   "execute", "arrest", ...). A sentence with at least one live trigger gives one candidate incident.
2. **Filters.** A trigger is dropped when it is negated ("no one was killed", "did not protest"),
   hypothetical or future ("will protest", "could be executed", "if ..."), planned or called for
   ("called for protests", "plans to strike", imperatives), generic (a present-tense habitual verb
   with no date: "the regime kills its people"; a noun governed by a gerund: "organising protests"),
   or in a sentence that part 1 marked non-factual (headlines, questions, exhortations).
3. **Typing.** The event type and sub-type follow ACLED from the cues of the whole sentence: air/drone
   words -> Explosions/Remote violence (Air/drone strike), protest + lethal force -> Protests (Excessive
   force against protesters), protest + tear gas/arrests -> Protest with intervention, arrests ->
   Strategic developments (Arrests), killings of unarmed people -> Violence against civilians (Attack) ...
4. **Slots.** Counts from numbers and vague quantifiers attached to the trigger's arguments; victims
   from PERSON entities that are the trigger's object (or the subject of "die"); actors from the
   agent / subject / modifier of the trigger with ACLED inter codes; date from the sentence's
   DateMention, else the paragraph's, else the publication date; place from the sentence's Place,
   else the paragraph's, else the report's most frequent; claimant from the sentence's Claim.
5. **Merging.** Neighbouring sentences of one paragraph that describe the same incident (same type, no
   conflicting date or place) merge; figures that disagree become a range flagged
   ``contradictory-counts``; absurd figures are kept and flagged ``absurd-count``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from rasad.incidents.counts import acled_fatalities, count_from_tokens, is_absurd, merge_counts
from rasad.incidents.acled import retype_when_the_state_is_harmed, sentence_cues, type_incident
from rasad.incidents.actors import (
    INTER_CIVILIANS,
    INTER_EXTERNAL,
    INTER_PROTESTERS,
    INTER_STATE,
    actor_record,
    agent_phrase,
    agents,
    clash_opponents,
    report_country,
)
from rasad.incidents.filters import live_triggers
from rasad.incidents.slots import arguments, number_tokens, one_person
from rasad.incidents.triggers import HARM_WAYS, Trigger, lemma
from rasad.incidents.typing import refine_types
from rasad.incidents.victims import cause_of_harm, named_victims
from rasad.incidents.records import (
    Count,
    Counts,
    Evidence,
    IncidentActor,
    IncidentDate,
    IncidentPlace,
    IncidentReport,
    Victim,
)

VERSION = "rasad-incidents-rules-1"


# --------------------------------------------------------------------------------------------- typing


# --------------------------------------------------------------------------------------------- slots


# --------------------------------------------------------------------------------------------- assembly
@dataclass
class _Candidate:
    sent: Span
    paragraph: int
    triggers: list[Trigger]
    kinds: set[str]
    acts: set[str]
    type: str
    sub_type: str
    counts: dict[str, Count] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    victims: list[Victim] = field(default_factory=list)
    actors: list[IncidentActor] = field(default_factory=list)
    date: object | None = None  # DateMention in the sentence
    place: object | None = None  # Place in the sentence
    evidence: list[tuple[int, int]] = field(default_factory=list)
    claimant: str = "author"
    hedged: bool = False
    noun_only: bool = False
    cause: str | None = None
    blocked_places: set[int] = field(default_factory=set)  # place mentions that name an actor here


def _paragraph_index(doc: Doc) -> list[int]:
    """Paragraph number of each character (blank lines separate paragraphs)."""
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", doc.text)]
    return starts


def _para_of(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _count_role(num_head: Token, trig: Trigger) -> str | None:
    return None


class IncidentExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        """Rules per document, then the event-type classifier once for the incidents of a whole batch
        of documents (nlp.pipe calls this; one ONNX run for many short evidence texts is far cheaper
        than one per document)."""
        for batch in minibatch(docs, size=batch_size):
            found: list[tuple[Doc, list[IncidentReport]]] = []
            for doc in batch:
                try:
                    found.append((doc, extract_incidents(doc)))
                except Exception as exc:  # one bad sentence must not lose the report's other analyses
                    doc._.incidents = []
                    doc.user_data["rasad_incidents_error"] = repr(exc)
            try:
                refine_types([(doc.text, r) for doc, reports in found for r in reports])
            except Exception as exc:  # the rules' types stand; the classifier's opinion is missing
                for doc, _reports in found:
                    doc.user_data["rasad_incidents_error"] = f"event-type model: {exc!r}"
            for doc, reports in found:
                doc._.incidents = [r.model_dump(mode="json") for r in reports]
            yield from batch


def extract_incidents(doc: Doc) -> list[IncidentReport]:
    claims = list(getattr(doc._, "claims", None) or [])
    dates = list(getattr(doc._, "dates", None) or [])
    places = list(getattr(doc._, "places", None) or [])
    para_starts = _paragraph_index(doc)
    doc_country = report_country(places)
    candidates: list[_Candidate] = []
    for sent in doc.sents:
        if not sent.text.strip() or len(sent) > 300:
            continue
        claim = _claim_for(sent, claims)
        if claim is not None and not claim.factual and not _headline_event(sent):
            continue
        sdates = [d for d in dates if sent.start_char <= d.start < sent.end_char and d.value]
        live, aside_tokens = live_triggers(sent, sdates)
        if not live:
            continue
        cand = _candidate(sent, live, claim, sdates, places, para_starts, doc_country, aside_tokens)
        if cand is not None:
            candidates.append(cand)
    merged = _merge(candidates)
    return [_finish(c, doc, dates, places, para_starts) for c in merged]


_CUSTODY = {"custody", "detention", "prison", "jail", "cell", "penitentiary"}


def _in_custody(tok: Token) -> bool:
    """'died in custody', 'died in Urmia prison', 'death in detention'."""
    if lemma(tok) not in ("die", "death", "kill"):
        return False
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "inside", "while"):
            if any(lemma(p) in _CUSTODY for p in prep.children if p.dep_ == "pobj"):
                return True
    return False


def _headline_event(sent: Span) -> bool:
    return False


def _claim_for(sent: Span, claims: list) -> object | None:
    best, overlap = None, 0
    for c in claims:
        o = min(c.end, sent.end_char) - max(c.start, sent.start_char)
        if o > overlap:
            best, overlap = c, o
    return best


def _candidate(sent, live, claim, sdates, places, para_starts, doc_country,
               aside_tokens: frozenset[int] = frozenset()) -> _Candidate | None:
    kinds = {t.kind for t in live if not t.is_act}
    acts = {t.kind for t in live if t.is_act}
    # "shot" alone is an injury unless a death is said; a named "died" is a killing
    if acts & HARM_WAYS and "killed" not in acts:
        acts.add("injured")
    if "executed" in acts:
        acts.add("killed")
    if ({"detained", "killed"} <= acts and re.search(r"\bin (?:custody|detention|prison|jail)\b", sent.text, re.I)) or \
            any(t.kind == "killed" and _in_custody(t.head) for t in live):
        acts.add("died in custody")
    cues = sentence_cues(sent, aside_tokens)
    etype, sub = type_incident(kinds, acts, cues)
    cand = _Candidate(sent=sent, paragraph=_para_of(para_starts, sent.start_char), triggers=live, kinds=kinds,
                      acts=acts, type=etype, sub_type=sub)
    cand.noun_only = all(t.head.pos_ in ("NOUN", "PROPN") for t in live)
    cand.evidence = [(sent.start_char + len(sent.text) - len(sent.text.lstrip()),
                      sent.end_char - (len(sent.text) - len(sent.text.rstrip())))]
    if claim is not None:
        cand.claimant = claim.asserted_by
        cand.hedged = bool(claim.hedges)
    # the sentence's own date, not one inside a relative clause ("two protesters who were arrested on 3 January
    # were killed on 8 January")
    asides = {inner.idx for clause in sent if clause.dep_ in ("relcl", "acl") for inner in clause.subtree}
    main_dates = [d for d in sdates if d.start not in asides]
    cand.date = (main_dates or sdates or [None])[0]
    # a place named as an actor ("the US drone attack") is not where it happened
    agent_chars = {t.idx for trig in live for a in agents(trig.head) for t in agent_phrase(a)}
    cand.blocked_places = agent_chars
    splaces = [p for p in places if sent.start_char <= p.start < sent.end_char and p.start not in agent_chars]
    if splaces:
        cand.place = sorted(splaces, key=lambda p: (_origin(sent.doc, p.start), {"city": 0, "province": 1}.get(p.feature, 2)))[0]
    # counts, victims, actors from each trigger's arguments; acts first, so that "killed 20 protesters"
    # counts the dead, not the participants
    # a number counts once per kind of count: "two protesters who were arrested ... were killed" are two
    # arrested and two killed, but "killed 20 protesters" are not also 20 participants
    counted: dict[int, set[str]] = {}

    def taken(tokens, role) -> bool:
        return any(role in counted.get(t.i, ()) or (role == "participants" and t.i in counted) for t in tokens)

    # the gravest act first: "two protesters who were arrested ... were killed" counts two dead
    severity = {"killed": 0, "executed": 0, "shot": 1, "injured": 2, "beaten": 2}
    for trig in sorted(live, key=lambda t: (not t.is_act, severity.get(t.kind, 3))):
        act = trig.kind if trig.is_act else None
        role = {"killed": "killed", "injured": "injured", "shot": "injured", "beaten": "injured",
                "arrested": "arrested", "detained": "arrested", "executed": "killed"}.get(act or "")
        if act == "shot" and "killed" in acts:
            role = "killed"
        if not trig.is_act and trig.kind in ("protest", "strike"):
            role = "participants"
        for arg in arguments(trig.head):
            nums = number_tokens(arg)
            if not nums and role in ("killed", "injured", "arrested") and not taken([arg], role):
                single = one_person(arg)  # "shot dead a Kolbar": one
                if single is not None:
                    counted.setdefault(arg.i, set()).add(role)
                    cand.counts[role], _ = merge_counts(cand.counts.get(role), single)
                continue
            if not nums or taken(nums, role):
                continue
            # a number that is part of a date ("on 3 January") is not a count
            if any(t.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL") for t in nums):
                continue
            if role is None:
                continue
            count = count_from_tokens(nums)
            if count is None:
                continue
            for t in nums:
                counted.setdefault(t.i, set()).add(role)
            cand.counts[role], contradictory = merge_counts(cand.counts.get(role), count)
            if contradictory:
                cand.flags.add("contradictory-counts")
        if act:
            fate = {"shot": "injured", "beaten": "injured"}.get(act, act)
            if act in HARM_WAYS and "killed" in acts:
                fate = "killed"
            if act in ("detained", "killed") and "died in custody" in acts:
                fate = "died in custody"
            for v in named_victims(trig, fate, sent):
                if not any(x.name == v.name for x in cand.victims):
                    cand.victims.append(v)
                else:  # a worse fate wins ("arrested and killed")
                    for x in cand.victims:
                        if x.name == v.name and fate == "killed":
                            x.fate = "killed"
        for agent in agents(trig.head):
            rec = actor_record(agent, "perpetrator", doc_country)
            if rec and not any(a.name == rec.name for a in cand.actors):
                if rec.inter in (INTER_PROTESTERS, INTER_CIVILIANS) and (trig.is_act or trig.kind in ("protest", "strike")):
                    rec.role = "participant" if trig.kind in ("protest", "strike") else rec.role
                cand.actors.append(rec)
        for side in clash_opponents(trig.head):
            rec = actor_record(side, "target", doc_country)
            if rec and not any(a.name == rec.name for a in cand.actors):
                cand.actors.append(rec)
        if trig.is_act:
            for arg in arguments(trig.head):
                if arg.dep_ in ("nsubjpass", "dobj") and arg.pos_ in ("NOUN", "PROPN") and arg.ent_type_ != "PERSON":
                    rec = actor_record(arg, "target", doc_country)
                    if rec and rec.inter != INTER_EXTERNAL and not any(
                        a.name == rec.name for a in cand.actors
                    ):
                        cand.actors.append(rec)
    # named victims count: a sentence naming one killed person states one death
    for role, fate in (("killed", "killed"), ("arrested", "arrested")):
        named = [v for v in cand.victims if v.fate in (fate, "died in custody") or (fate == "killed" and v.fate == "executed")
                 or (fate == "arrested" and v.fate == "detained")]
        if named and role not in cand.counts:
            cand.counts[role] = Count(min=len(named), max=len(named), text=", ".join(v.name for v in named))
    if "killed" in acts or "injured" in acts:
        cand.cause = cause_of_harm(sent.text)
    for kind, count in cand.counts.items():
        if is_absurd(kind, count):
            cand.flags.add("absurd-count")
    if kinds & {"protest", "strike"} and not any(a.inter == INTER_PROTESTERS for a in cand.actors):
        cand.actors.insert(0, IncidentActor(name="Protesters", role="participant", inter=INTER_PROTESTERS))
    cand.type, cand.sub_type = retype_when_the_state_is_harmed(cand.type, cand.sub_type, cand.actors, live, cues)
    return cand


_ORIGIN = re.compile(r"\b(from|born in|native of|resident of|residing in|living in|originally|buried in|rests in|"
                     r"hometown|native)\b[\w\s,()-]{0,25}$", re.I)


def _origin(doc: Doc, start: int) -> bool:
    """A place named as where someone is from or buried, not where the incident happened."""
    return bool(_ORIGIN.search(doc.text[max(0, start - 40) : start]))


_TOLL_TYPES = {"Protests", "Riots", "Violence against civilians"}


def _compatible(a: _Candidate, b: _Candidate) -> bool:
    # a sentence that only names or describes the victims of the one before ("The martyrs were identified as
    # ...") adds to it, whatever type its own words would give
    names = {v.name for v in b.victims}
    named_only = all(c.text and set(c.text.split(", ")) <= names for c in b.counts.values())
    if b.noun_only and named_only and not b.kinds and b.acts <= a.acts:
        return (b.date is None or a.date is None or a.date.value == b.date.value) and \
            (b.place is None or a.place is None or a.place.geonameid == b.place.geonameid)
    # the same deaths told by two sides ("officials said five people died in the unrest. However, the rights
    # group said at least 35 were killed") are one incident with two figures, however each side frames it
    same_toll = ("killed" in a.counts and "killed" in b.counts and a.claimant != b.claimant
                 and {a.type, b.type} <= _TOLL_TYPES)
    if a.type != b.type and not ({a.type, b.type} <= {"Protests", "Riots"}) and not same_toll:
        return False
    if a.date is not None and b.date is not None and a.date.value != b.date.value:
        return False
    if a.place is not None and b.place is not None and a.place.geonameid != b.place.geonameid:
        return False
    if a.victims and b.victims and not {v.name for v in a.victims} & {v.name for v in b.victims}:
        return False
    return True


def _merge(cands: list[_Candidate]) -> list[_Candidate]:
    """Consecutive sentences of one paragraph about the same incident become one incident."""
    out: list[_Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and prev.paragraph == c.paragraph and _compatible(prev, c):
            _absorb(prev, c)
        else:
            out.append(c)
    return out


_SUBTYPE_RANK = {"Excessive force against protesters": 3, "Protest with intervention": 2, "Violent demonstration": 1,
                 "Peaceful protest": 0}


def _absorb(a: _Candidate, b: _Candidate) -> None:
    a.acts |= b.acts
    a.kinds |= b.kinds
    if _SUBTYPE_RANK.get(b.sub_type, -1) > _SUBTYPE_RANK.get(a.sub_type, -1):
        a.type, a.sub_type = b.type, b.sub_type
    for role, count in b.counts.items():
        a.counts[role], contradictory = merge_counts(a.counts.get(role), count)
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
    a.date = a.date or b.date
    a.place = a.place or b.place
    a.evidence.extend(b.evidence)
    a.noun_only = a.noun_only and b.noun_only
    a.cause = a.cause or b.cause
    if b.claimant and b.claimant not in (a.claimant or "").split("; "):
        a.claimant = f"{a.claimant}; {b.claimant}" if a.claimant else b.claimant  # each side keeps its name
    a.hedged = a.hedged or b.hedged
    a.triggers.extend(b.triggers)


_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}


def _finish(c: _Candidate, doc: Doc, dates: list, places: list, para_starts: list[int]) -> IncidentReport:
    # date: the sentence's, else the paragraph's nearest earlier, else the publication date
    date_rec = None
    if c.date is not None:
        d = c.date
        date_rec = IncidentDate(value=d.value, precision=d.precision, year_known=d.year_known,
                                derived="date stated in the sentence", start=d.start, end=d.end)
    else:
        para = [d for d in dates if d.value and _para_of(para_starts, d.start) == c.paragraph and d.start < c.evidence[0][0]]
        if para:
            d = para[-1]
            date_rec = IncidentDate(value=d.value, precision=d.precision, year_known=d.year_known,
                                    derived="date stated earlier in the paragraph", start=d.start, end=d.end)
    pub = _published(doc)
    if date_rec is None:
        if pub is not None:
            date_rec = IncidentDate(value=pub.isoformat(), precision="week", year_known=True,
                                    derived="publication date (the text states no date): on or before it")
        else:
            date_rec = IncidentDate(value=None, precision="unknown", year_known=False,
                                    derived="no date in the text and no publication date")
    # place: the sentence's, else the paragraph's, else the report's most frequent
    place_rec = None
    if c.place is not None:
        place_rec = _place_record(c.place, "place named in the sentence", sentence=True, doc=doc)
    else:
        places = [p for p in places if p.start not in c.blocked_places]
        # the paragraph's places named before the incident set its scene; later ones are other matters
        para = [p for p in places if _para_of(para_starts, p.start) == c.paragraph and p.start < c.evidence[0][0]]
        # an outside actor's strike ("the US drone attack") need not have happened where the report is about
        external = any(a.inter == INTER_EXTERNAL and a.role == "perpetrator" for a in c.actors)
        if para:
            place_rec = _place_record(_best_place(para), "place named in the paragraph", sentence=False)
        elif places and not external:
            place_rec = _place_record(_best_place(places), "the report's most frequent place", sentence=False)
    background = _background(c, date_rec, pub)
    acts = sorted(a for a in c.acts if a not in HARM_WAYS)
    actors = c.actors
    perps = [a for a in actors if a.role == "perpetrator"]
    others = [a for a in actors if a.role != "perpetrator"]
    inter1 = perps[0].inter if perps else (others[0].inter if others else None)
    inter2 = others[0].inter if perps and others else (others[1].inter if len(others) > 1 else None)
    if c.type == "Protests" and c.sub_type != "Peaceful protest" and inter2 is None:
        inter1, inter2 = INTER_PROTESTERS, INTER_STATE
    interaction = None
    if inter1 is not None:
        pair = sorted(x for x in (inter1, inter2) if x is not None)
        interaction = int("".join(str(x) for x in pair)) if len(pair) == 2 else inter1 * 10
    killed = c.counts.get("killed")
    flags = sorted(c.flags)
    fatalities = 0 if "absurd-count" in flags and is_absurd("killed", killed) else acled_fatalities(killed)
    confidence = 0.45
    confidence += 0.15 if c.date is not None else 0.0
    confidence += 0.1 if c.place is not None else 0.0
    confidence += 0.1 if (c.counts or c.victims) else 0.0
    confidence += 0.1 if not c.noun_only else 0.0
    confidence -= 0.15 if c.hedged else 0.0
    confidence -= 0.1 if flags else 0.0
    trigger_text = ", ".join(dict.fromkeys(t.text for t in c.triggers))
    return IncidentReport(
        type=c.type,
        sub_type=c.sub_type,
        acts=acts,
        date=date_rec,
        place=place_rec,
        actors=actors,
        victims=c.victims,
        counts=Counts(**{k: v for k, v in c.counts.items()}),
        evidence=[Evidence(start=s, end=e) for s, e in c.evidence],
        claimant=c.claimant,
        background=background,
        confidence=round(max(0.05, min(0.95, confidence)), 2),
        time_precision=_TIME_PRECISION[date_rec.precision] if date_rec.value else 3,
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


def _best_place(places: list):
    counts = Counter(p.geonameid for p in places)
    return sorted(places, key=lambda p: ({"city": 0, "province": 1}.get(p.feature, 2), -counts[p.geonameid]))[0]


_NEAR = re.compile(r"\b(?:near|nearby|outside|close to|around|(?:on )?the outskirts of|in the vicinity of|"
                   r"(?:a )?village (?:near|outside|of)|a village in|villages? around)\s+(?:the\s+)?(?:city of\s+)?$", re.I)


def _place_record(p, derived: str, sentence: bool, doc: Doc | None = None) -> IncidentPlace:
    feature = getattr(p, "feature", "city")
    if feature == "city":
        precision = 1 if sentence else 2
        # "near Baneh": ACLED's precision 2, a place near or part of the named town
        if doc is not None and _NEAR.search(doc.text[max(0, p.start - 40):p.start]):
            precision = 2
    else:
        precision = 3
    return IncidentPlace(geonameid=p.geonameid, name=p.name, province=p.province, lat=p.lat, lon=p.lon,
                         country=getattr(p, "country", None), precision=precision, derived=derived,
                         start=p.start, end=p.end)


def _published(doc: Doc) -> dt.date | None:
    value = getattr(doc._, "published_at", None)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _background(c: _Candidate, date: IncidentDate, pub: dt.date | None) -> bool:
    """A reference to a past, well-known event rather than news: dated more than a year before publication,
    or (no publication date) named only as a noun with a stated year inside a sentence about something else."""
    if not date.value or not date.year_known or date.derived.startswith("publication"):
        return False
    try:
        year = int(date.value[:4])
    except ValueError:
        return False
    if pub is not None:
        if year < pub.year - 1 or (year == pub.year - 1 and pub.month > 6):
            return True
        # a whole past year's total ("In 2025, at least 1,500 people were executed in Iran"): a statistic
        # about many events, not one occurrence
        return year < pub.year and date.precision == "year" and _is_total(c)
    return c.noun_only and date.precision in ("month", "year")


def _is_total(c: _Candidate) -> bool:
    figures = [n.min or n.max or 0 for n in c.counts.values() if n is not None]
    return bool(figures) and max(figures) >= 100 and (c.place is None or getattr(c.place, "feature", "") == "country")


@Language.factory("rasad_incidents")
def make_component(nlp: Language, name: str) -> IncidentExtractor:
    return IncidentExtractor(nlp, name)
