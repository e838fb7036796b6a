"""A Persian sentence's candidate incident: its act, actors, figures, victims, date, place and claimant."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from rasad.incidents.acled import (
    RIOTERS_ATTACK, UNNAMED_ATTACKERS_OF_THE_STATE, UNNAMED_CLASH_WITH_THE_STATE, retype_state_harmed, type_incident,
)
from rasad.incidents.actors import INTER_PROTESTERS, INTER_RIOTERS, INTER_STATE
from rasad.incidents.candidate import Candidate, paragraph_of
from rasad.incidents.counts import is_absurd, merge_counts
from rasad.analysis.doc_text import doc_text
from rasad.incidents.records import Count, IncidentActor, Victim
from rasad.incidents.triggers import HARM_WAYS, Trigger
from rasad.incidents.victims import cause_of_harm
from rasad.languages.fa.incidents.common import Found, JOIN, LANG, SEP, STRONG_BOUNDARY, ZWNJ, _hamza_free, vocab
from rasad.languages.fa.incidents.actors import (
    ActorMention, _FIRED_ON, _a_clash_side, _resolve, _role_of, actor_mentions,
)
from rasad.languages.fa.incidents.names import _names_an_organisation, _story_words, name_like, story_name
from rasad.languages.fa.incidents.victims import _WORD, _describes, _full_names_from, _name_words, victim_names
from rasad.languages.fa.incidents.triggers import (
    _after_aside, _clause_end, _clause_start, _form_of_clause, _part_of_the_group, _wounding_relatives,
    earlier_relatives, find_triggers,
)
from rasad.languages.fa.incidents.counts import (
    _arrested_with, _count_after, _count_before, _count_before_act, _left_context, _manner, _one_of_as_object,
    _one_of_them, _one_referred_back, _sum,
)
from rasad.languages.fa.incidents.claimants import (
    _ANAPHORIC, _claimant, _figure_source, _source_after_the_event, _source_end,
)
from rasad.languages.fa.incidents.places import _a_forces_province, _facility_town, _sentence_place_fa


# "فرمانده ... امروز از دستگیری ۹ نفر ... خبر داد": the day before "از" and the act's noun is the announcement's
_NEWS_OF_BEFORE = re.compile(r"[\s\u200c]*از[\s\u200c]+")
_NEWS_GIVEN = re.compile(r"(?<![\w\u200c])خبر[\s\u200c]+(?:داد|دادند|داده)(?![\w\u200c])")


def _sentence_date(text: str, base: int, sdates: list, first_trigger: int):
    """The event's date among the sentence's: not the day of a statement ("روز پنجشنبه اعلام کرد"); the last one
    before the first trigger, else the first. A day named before the trigger beats a coarser period after it
    ("روز گذشته برای سومین بار در هفته جاری تجمع کردند": yesterday, the third time this week). A sentence opening
    with its act's noun, whose verb comes last, takes its first day over a coarser period told in between ("حکم
    قصاص X، محکوم به قتل ... در سال ۱۳۹۹، سحرگاه شنبه ۲۳ دی اجرا شد": the year is the crime's)."""
    v = vocab()
    wounding = _wounding_relatives(text)
    at_wounding = [d for d in sdates if any(s <= d.start - base < e for s, e in wounding)]
    if at_wounding:  # died of the wounds a relative clause tells: the day of the wounding
        return next((d for d in at_wounding if d.precision == "day"), at_wounding[0])
    # (nor the day of a statement whose verb comes later but still before the first act: "حال‌وش امروز با انتشار
    # جزئیات تازه اعلام کرد در تیراندازی ... در روز پنجشنبه ...")
    # the announcement's day alone ("امروز از دستگیری ۹ نفر خبر داد"): no day of the act (a later sentence may tell it)
    # (nor is another date of the sentence, which is its asides': "... خبر داد و گفت این افراد در حمله ماه گذشته ...")
    if any(_NEWS_OF_BEFORE.fullmatch(text, d.end - base, first_trigger) for d in sdates) and \
            _NEWS_GIVEN.search(text, first_trigger):
        return None
    event_dates = [d for d in sdates if not (v.speech and (
        v.speech.match(text[d.end - base:d.end - base + 20].lstrip())
        or v.speech.search(text, d.end - base, first_trigger)))]
    # not the day of what a past-perfect relative clause tells had happened before ("حکم قصاص مردی که در سال ۱۳۹۹
    # همسرش را به قتل رسانده بود، صبح امروز اجرا شد": today)
    relatives = earlier_relatives(text)
    # nor, where another date is told, the day of an aside's event ("از دستگیری پنج نفر از عاملان تیراندازی روز جمعه
    # ... خبر داد و گفت: این افراد صبح دوشنبه ... دستگیر شدند": Monday)
    relatives += _aside_spans(text)
    now = [d for d in event_dates if not any(s <= d.start - base < e for s, e in relatives)]
    pool = now or event_dates or sdates
    before = [d for d in pool if d.start - base <= first_trigger]
    days = [d for d in before if d.precision == "day"]
    if before:
        return (days or before)[-1]
    return next((d for d in pool if d.precision == "day"), pool[0] if pool else None)


def _subject_after_speech(text: str, f: Found, actors: list, blocked: list[tuple[int, int]],
                          named: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"میزان اعلام کرد محسن شکاری صبح امروز اعدام شد": the two or three name-like words that open what a speech
    verb reports are the subject of the clause; before an act whose subject is the one it happened to ("اعدام
    شد", "کشته شد", "بازداشت شد") they name its victim. Not an actor ("ماموران امنیتی"), a place, a
    description or a kin word, and not a name already found."""
    v = vocab()
    if not v.speech or f.phrase not in v.lex.word_set("victim_subject_verbs"):
        return []
    speech = None
    for m in v.speech.finditer(text, 0, f.start):
        speech = m
    if speech is None:
        return []
    rest = text[speech.end():f.start]
    pos = speech.end() + len(rest) - len(rest.lstrip(" ،,:"))
    if text.startswith("که", pos):
        pos += 2
        pos += len(text[pos:]) - len(text[pos:].lstrip())
    span = _name_words(text, pos, True, limit=3)
    if span is None:
        return []
    s, e = span
    words = text[s:e].split()
    if not 2 <= len(words) <= 3 or not all(name_like(w, i == 0) for i, w in enumerate(words)):
        return []
    if any(w.replace(ZWNJ, "") in v.people or w.replace(ZWNJ, "") in v.kin for w in words):
        return []
    if any(a.start < e and s < a.end for a in actors) or any(a < e and s < b for a, b in blocked + named):
        return []
    return [span]


_KIN_OF = re.compile(r"(?<![\w\u200c])(?P<kin>[^\W\d_][\w\u200c]*?)(?:" + JOIN + r"(?:های|ها|ی))?" + SEP)
_THAT = re.compile(r"(?<![\w\u200c])که(?![\w\u200c])")


def _named_by_kin_or_owner(text: str, start: int, f: Found, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"خانواده‌های X و Y تأیید کرده‌اند که این دو جوان ... کشته شدند": when the act's subject only points back
    ("این دو جوان", "وی", "او", "هر دو نفر"), the full names that a kin word ("خانواده"، "پدر"، "مادر") or an owned
    thing ("خودروی X و Y") governs earlier in the sentence are the ones it happened to. The clause opens after
    "که" or a speech verb ("خانواده X می‌گویند او ... جان باخت"), and a kin word with a third person's ending is
    such a subject too ("مادر X گفت پسرش ... جان باخته است": her son is X). So is a singular pronoun object before
    an act with a doer ("ماموران به منزل X یورش بردند و او را بازداشت کردند": X's home, X arrested)."""
    v = vocab()
    pronoun = _PRONOUN_OR_WITH_KIN_OBJECT.search(text, max(start, f.start - 60), f.start) if f.is_act else None
    if pronoun is not None and not _CLAUSE_OPENS_BEFORE.search(text, max(0, pronoun.start() - 4), pronoun.start() + 1):
        return []  # (the pronoun opens no clause: "پدر او را بازداشت کردند" is the father, not the one named before)
    if pronoun is not None:
        spans: list[tuple[int, int]] = []
        for m in _KIN_OF.finditer(text, 0, pronoun.start()):
            if m.group("kin").replace(ZWNJ, "") in v.kin or m.group(0).strip().replace(ZWNJ, "") in v.owned:
                spans += _full_names_from(text, m.end(), blocked)
        return spans if len(spans) == 1 else []  # (two people named before: the pronoun is either)
    if f.phrase not in v.lex.word_set("victim_subject_verbs") | v.lex.word_set("victim_object_acts"):
        return []
    opening = start  # the clause a "که" or a speech verb opens ("... تأیید کرده‌اند که این دو جوان ... کشته شدند")
    earlier = {a for a, _b in earlier_relatives(text)}  # "پسرش که ... بازداشت شده بود،": no opening
    for that in _THAT.finditer(text, start, f.start):
        if that.start() not in earlier and not v.when_that.search(text, max(0, that.start() - 16), that.start()):
            opening = that.end()
    for said in (v.speech.finditer(text, start, f.start) if v.speech else ()):
        opening = max(opening, said.end())
    for o in (v.openers.finditer(text, start, f.start) if v.openers else ()):
        comma = text.find("،", o.end(), f.start)
        if comma != -1 and _KIN_OF.match(text, o.end() + len(text[o.end():]) - len(text[o.end():].lstrip())):
            opening = max(opening, comma + 1)  # "به گفته خانواده X، این مرد ... جان باخت": the clause after the source
    subject = text[opening:f.start].lstrip(" ،,:«\"")  # (a quotation opens after "گفت:": "«پسرم ...")
    if f.phrase in v.lex.word_set("victim_object_acts"):
        # the dead are the act's object: a relative's own kin word told since the speech verb ("گفت: «شوهرم را ...
        # بازداشت کردند و ... جنازه‌اش را تحویل دادند»") is whose body it is
        said = None
        for said in (v.speech.finditer(text, 0, f.start) if v.speech else ()):
            pass
        told = text[said.end():f.start] if said is not None else ""
        if not any(_kin_of_the_speaker(w.lstrip("«")) for w in told.split()):
            return []
        opening = said.end()
    elif not (_ANAPHORIC.match(subject) or v.pointing.match(subject) or _kin_of_theirs(subject)
              or _kin_of_theirs(subject, v.client_nouns) or _kin_of_the_speaker(subject)):
        return []
    spans: list[tuple[int, int]] = []
    for m in _KIN_OF.finditer(text, 0, opening):
        whole = m.group(0).strip().replace(ZWNJ, "")  # "دایی": a kin word that ends in the ezafe's letter itself
        # (and a lawyer's client: "وکیل X گفت موکلش/او ... بازداشت شد": X)
        if m.group("kin").replace(ZWNJ, "") not in v.kin | v.counsel_nouns and whole not in v.kin and \
                whole not in v.owned:
            continue
        if m.group("kin").replace(ZWNJ, "") in v.counsel_nouns and v.counsel_titles.match(text, m.end()):
            continue  # "وکیل دادگستری X": the lawyer's own title and name, no client
        spans += _full_names_from(text, m.end(), blocked)
    return spans


def _owner_of_the_object(text: str, f: Found, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"ماموران به منزل X یورش بردند و او را بازداشت کردند": an act on a singular pronoun object ("او را"، "وی را"),
    or told of a singular pronoun subject after "و" ("... یورش بردند و او بازداشت شد"), happened to the one person
    whose home, car or workplace (an owned noun) the sentence named before it; not where two people are named
    there (whose the pronoun means is not told). A plural pronoun ("... به منازل X و Y یورش بردند و آنان را
    بازداشت کردند") means all the owners named."""
    v = vocab()
    if f.label not in ("killed", "injured", "arrested", "detained", "executed"):
        return []
    window = max(0, f.start - 60)
    one = _PRONOUN_OBJECT.search(text, window, f.start) or (
        _PRONOUN_SUBJECT_AFTER_AND.search(text, window, f.start)
        if f.phrase in v.lex.word_set("victim_subject_verbs") else None)
    many = None if one is not None else _PLURAL_PRONOUN_OBJECT.search(text, window, f.start)
    pronoun = one or many
    if pronoun is None or pronoun.re is not _PRONOUN_SUBJECT_AFTER_AND and \
            not _CLAUSE_OPENS_BEFORE.search(text, max(0, pronoun.start() - 4), pronoun.start() + 1):
        # (the pronoun opens its clause, after "و" or a comma: "پدر او را بازداشت کردند" is his father)
        return []
    spans: list[tuple[int, int]] = []
    for m in v.raided_nouns.finditer(text, 0, pronoun.start()):
        after = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip())
        modifier = _WORD.match(text, after)
        if modifier is not None and modifier.group().replace(ZWNJ, "") in v.owned_modifiers:
            after = modifier.end() + len(text[modifier.end():]) - len(text[modifier.end():].lstrip())
        spans += [s for s in _full_names_from(text, after, blocked) if s[1] <= pronoun.start()]
    spans = list(dict.fromkeys(spans))
    return spans if (len(spans) == 1 if one is not None else len(spans) >= 2) else []


_CLAUSE_OPENS_BEFORE = re.compile(r"(?:(?<![\w\u200c])و|،|,)\s*(?=\S)")
# "... یورش بردند و او بازداشت شد": a singular pronoun opening the clause after "و", a few words before its act
_PRONOUN_SUBJECT_AFTER_AND = re.compile(r"(?<![\w\u200c])و\s+(?:او|وی)(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")
# "... و آنان را بازداشت کردند": a plural pronoun object a few words before its act
_PLURAL_PRONOUN_OBJECT = re.compile(
    r"(?<![\w\u200c])(?:آنان|آنها|آن\u200cها|ایشان)\s+را(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")


def _kin_of_theirs(subject: str, kin: set[str] | None = None) -> bool:
    """Whether ``subject`` opens with a kin word (or one of ``kin``) and a third person's ending ("پسرش",
    "برادر‌ش")."""
    first = subject.split(maxsplit=1)[0].replace(ZWNJ, "") if subject.split() else ""
    return first.endswith("ش") and first[:-1] in (vocab().kin if kin is None else kin)


def _a_kin_word(word: str) -> bool:
    """Whether ``word`` is a kin word, alone or in the ezafe ("عموی", "مادرِ")."""
    word = word.replace(ZWNJ, "").rstrip("\u0650")
    return word in vocab().kin or (word.endswith("ی") and word[:-1] in vocab().kin)


def _kin_of_the_speaker(subject: str) -> bool:
    """Whether ``subject`` opens with a kin word and the first person's ending ("پسرم", "برادرزاده‌ام"): a relative
    telling of their own ("مادر X به هرانا گفت: «پسرم ... کشته شد»": her son is X)."""
    first = subject.split(maxsplit=1)[0].replace(ZWNJ, "") if subject.split() else ""
    return (first.endswith("ام") and first[:-2] in vocab().kin) or (first.endswith("م") and first[:-1] in vocab().kin)


def _named_after_the_act(text: str, f: Found, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"از جان باختن X و Y ... خبر دادند", "اعدام X": the full names right after a noun act (its ezafe, or its
    infinitive's) are the ones it happened to."""
    if not (f.nominal and f.is_act):
        return []
    m = re.match(r"(?:\s+(?:شدن|کردن|گردیدن))?\s+", text[f.end:f.end + 10])
    if m is None:
        return []
    pos = _past_complement(text, f.end + m.end())
    if text.startswith("«", pos):  # "حکم اعدام «X Y»، متهم به ...": the name set off in guillemets
        pos += 1
    return _full_names_from(text, pos, blocked)


def _past_complement(text: str, pos: int) -> int:
    """Where a name after an act noun starts: past the noun's complement ("حکم قصاص نفس X")."""
    word = _WORD.match(text, pos)
    if word is not None and word.group().replace(ZWNJ, "") in vocab().lex.word_set("act_complements"):
        return word.end() + len(text[word.end():]) - len(text[word.end():].lstrip())
    return pos


def _without_asides(text: str) -> str:
    """The sentence with the words of its asides' triggers blanked ("در اعتراض به کشته شدن معترضان مغازه‌ها را
    بستند": the deaths are the strike's cause, and do not make it lethal force)."""
    v = vocab()
    if not v.aside_before:
        return text
    out = text
    relatives = earlier_relatives(text)
    found = find_triggers(text)
    for f in found:
        held = [(s, e) for s, e in relatives if s <= f.start and f.end <= e]
        if held and f.label in ("protest", "strike") and not any(
                g.is_act and held[0][0] <= g.start < held[0][1] for g in found):
            # "بازنشستگانی که ... تجمع کرده بودند مورد ضرب و شتم قرار گرفتند": the gathering the harmed were holding,
            # with no act of its own, is where the act happened: it types it
            continue
        if held:
            # "X که ... در جریان یک تجمع بازداشت شده بود، در بازداشتگاه جان باخت": what had happened before (the
            # gathering he was arrested at) does not type the death
            out = out[:f.start] + " " * (f.end - f.start) + out[f.end:]
        elif f.nominal:
            _form_of_clause(f, text)
            if _after_aside(text, _clause_start(text, f.start), f):
                out = out[:f.start] + " " * (f.end - f.start) + out[f.end:]
    return out


def _cues(text: str) -> set[str]:
    """The cue groups of a sentence; rioting not in what people do to their own things ("روسری‌های خود را آتش
    زدند")."""
    v = vocab()
    out = set()
    for group, pattern in v.cues.items():
        if pattern is None:
            continue
        if group == "rioting":
            if any(not v.own_object.search(text, max(0, m.start() - 50), m.start()) for m in pattern.finditer(text)):
                out.add(group)
        elif group == "lethal_force" and v.non_lethal_means is not None:
            # "شلیک گاز اشک‌آور": the shot of tear gas or water is no lethal force
            # (and "گاز اشک‌آور شلیک کردند", the means before the verb)
            if any(not v.non_lethal_means.match(text, m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()))
                   and not v.non_lethal_before.search(text[max(0, m.start() - 24):m.start()])
                   for m in pattern.finditer(text)):
                out.add(group)
        elif pattern.search(text):
            out.add(group)
    return out


@dataclass
class PersianTrigger(Trigger):
    """A trigger with its words kept (``Trigger.text`` joins the whole Doc's text again at each call)."""

    words: str = ""

    @property
    def text(self) -> str:
        return self.words


def _trigger_tokens(doc: Doc, start: int, end: int) -> list:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None and len(span) else [doc[0]]


def candidate(doc: Doc, sent: Span, live: list[Found], claim, sdates: list, places: list,
              para_starts: list[int]) -> Candidate:
    """The incident that the live triggers of a Persian sentence state."""
    v = vocab()
    base = sent.start_char
    raw = sent.text  # names are copied from the text as written
    text = _hamza_free(raw)  # the vocabulary writes "ماموران"; copy also writes "مأموران" (same offsets)
    kinds = {f.label for f in live if not f.is_act}
    acts = {f.label for f in live if f.is_act}
    if acts & HARM_WAYS and "killed" not in acts:
        acts.add("injured")
    if "executed" in acts:
        acts.add("killed")
    if "killed" in acts and v.custody.search(text):
        acts.add("died in custody")
    cues = _cues(_without_asides(text))
    etype, sub = type_incident(kinds, acts, cues)
    triggers = [PersianTrigger(_trigger_tokens(doc, base + f.start, base + f.end), f.label, f.is_act,
                               text[f.start:f.end]) for f in live]
    cand = Candidate(sent=sent, paragraph=paragraph_of(para_starts, sent.start_char), triggers=triggers,
                     kinds=kinds, acts=acts, type=etype, sub_type=sub)
    cand.noun_only = all(f.nominal for f in live)
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    cand.evidence = [(sent.start_char + lead, sent.end_char - trail)]
    if claim is not None:
        cand.claimant = _claimant(doc, sent, claim)
        cand.hedged = bool(claim.hedges)
    cand.date = _sentence_date(text, base, sdates, live[0].start)
    date_spans = [(d.start - base, d.end - base) for d in sdates]
    place_spans = [(p.start - base, p.end - base) for p in places if base <= p.start < sent.end_char]

    # the source's own words ("به گزارش کمپین فعالان بلوچ، ...") name no actor of the incident
    sources = [(o.start(), _source_end(text, o.end())) for o in (v.openers.finditer(text) if v.openers else ())]
    # ... nor does the speaker of a speech verb that opens the sentence before its first act ("فراجا اعلام کرد
    # افراد مسلح ... دو مامور را به شهادت رساندند": the police tell it, they are no side of it)
    said = v.speech.search(text) if v.speech else None
    if said is not None and said.end() <= min(f.start for f in live):
        sources.append((0, said.start()))
    actors = [a for a in actor_mentions(text) if not any(s0 <= a.start < e0 for s0, e0 in sources)]
    state_harmed = False
    counted: set[tuple[int, int]] = set()
    last_span: dict[str, tuple[int, int]] = {}  # the span of the figure each count was last given by
    figure_of: dict[int, tuple[Count, tuple[int, int]]] = {}  # an act's start -> the figure it was given
    others: dict[str, tuple[int, int]] = {}  # "«X» و یک سوخت‌بر دیگر جان باختند": a figure of further people
    # the acts first, in text order (each reads back to the act before it), then the events
    for f in sorted(live, key=lambda f: (not f.is_act, f.start)):
        start = _left_context(text, f, live) if f.is_act else _clause_start(text, f.start)
        # "با ضرب و شتم": counts no one; "هویت دو تن از بازداشت‌شدگان": a part of a group counted before
        role = None if _manner(text, f) or _part_of_the_group(text, f) else _role_counted(f, acts)
        if role is not None:
            found = None
            if f.nominal and f.is_act and re.match(r"\s+(?:شدن|کردن|گردیدن)\s", text[f.end:f.end + 8]):
                # "منجر به کشته شدن دو تن شد": the figure after the infinitive, not a number before the act
                found = _count_after(text, f, date_spans, counted)
            shared = _arrested_with(text, f, live) if role == "arrested" else None
            if found is None and shared is not None and shared.start in figure_of:
                found = figure_of[shared.start]  # "دو تن زخمی و دستگیر شدند": the wounded two were arrested
            if found is None:
                found = _one_of_them(text, start, f)  # "به دو زن حمله کرد که یکی از آنها مجروح شد": one
            if found is None:
                found = _one_of_as_object(text, start, f)  # "... و یکی از کسبه را بازداشت کردند": one
            if found is None:
                found = _count_before_act(text, start, f, date_spans, counted)
                kin = _kin_listed(text, start, f, counted) if role in ("killed", "injured", "arrested") else None
                if kin is not None and (found is None or found[1][0] >= kin[1][0]):
                    # "پدر و برادر X"، "مادر و خواهر یک زندانی" (a prisoner's): the relatives listed; a figure
                    # inside the list is one of its items' ("دو پسرم و برادرزاده‌ام": three)
                    found = kin
            wide = _clause_start(text, f.start, STRONG_BOUNDARY)
            if found is None and f.is_act and wide < start:
                # "دو سوخت‌بر ... هدف شلیک ... قرار گرفتند و جان باختند": the subject stands before an earlier act
                found = _count_before(text, wide, f, date_spans, counted)
            if found is None and f.nominal and f.is_act:
                found = _count_after(text, f, date_spans, counted)
            if found is None and role not in cand.counts and (_one_by_its_verb(text, f) or _one_by_its_object(text, f)
                                                              or _one_indefinite_object(text, start, f)
                                                              or _one_pronoun_object(text, f)
                                                              or _one_kin_of_someones(text, start, f)
                                                              or _ones_body(text, f)):
                cand.counts[role] = Count(min=1, max=1, text=text[f.start:f.end])  # "همراه وی زخمی شد"
            if found is not None and not (
                    role == "participants" and not _next_to(text, found[1], f)):
                count, span = found
                counted.add(span)
                figure_of[f.start] = found
                prev = last_span.get(role)
                if prev is not None and role != "participants" and not (
                        v.contrast and v.contrast.search(text, prev[1], span[0])):
                    cand.counts[role] = _sum(cand.counts[role], count)  # "یک مامور ... و دو نفر ... کشته شدند"
                else:  # two sides' figures ("..., اما منابع محلی می‌گویند ..."): a range, flagged
                    cand.counts[role], contradictory = merge_counts(cand.counts.get(role), count)
                    if contradictory:
                        cand.flags.add("contradictory-counts")
                last_span[role] = span
                if role in ("killed", "injured", "arrested") and v.others_after.match(text, span[1], f.start):
                    others[role] = span
        clause_start = start
        subject = None  # the clause's first actor with no mark of an object or a target before the act
        for a in actors:
            if clause_start <= a.start and a.end <= f.start and _a_clash_side(text, a, clause_start):
                break  # the clash whose sides it names is the subject ("درگیری ... میان X و Y ... دو تن را کشت")
            if clause_start <= a.start and a.end <= f.start and subject is None and \
                    _role_of(text, a, f, clause_start, True, date_spans) == "perpetrator":
                subject = a
        for a in actors:
            if a.end <= clause_start or a.start >= _clause_end(text, f.end) + 1:
                continue
            r = _role_of(text, a, f, clause_start, a is subject, date_spans)
            if r == "other":
                if not f.is_act and a.inter in (INTER_PROTESTERS, INTER_RIOTERS):
                    r = "participant" if f.label in ("protest", "strike") else "perpetrator"
                else:
                    continue
            if r == "target" and a.inter == INTER_STATE and f.label in ("killed", "injured", "shot", "attack", "raid"):
                state_harmed = True  # (or attacked: "افراد مسلح به یک پاسگاه انتظامی حمله کردند")
            if r == "perpetrator" and a.inter in (INTER_PROTESTERS,) and f.label in ("protest", "strike"):
                r = "participant"
            _add_actor(cand.actors, a, r)
        if f.is_act:
            fate = {"shot": "injured", "beaten": "injured"}.get(f.label, f.label)
            if f.label in HARM_WAYS and "killed" in acts:
                fate = "killed"
            if f.label in ("detained", "killed") and "died in custody" in acts:
                fate = "died in custody"
            named = victim_names(text, start, _clause_end(text, f.end), place_spans) + \
                _described_subject_of(text, f, date_spans) + _described_after(text, f)
            named += _subject_after_speech(text, f, actors, place_spans, named)
            named += _named_by_kin_or_owner(text, start, f, place_spans + named)
            named += _owner_of_the_object(text, f, place_spans + named)
            named += _named_after_the_act(text, f, named)  # a town's name is a name there ("شهریار محمدی")
            for s, e in named:
                name = raw[s:e]
                if _names_an_organisation(name):
                    continue  # "سازمان هه‌نگاو از کشته شدن شش نفر خبر داد": the source, no victim
                if not any(x.name == name for x in cand.victims):
                    cand.victims.append(Victim(name=name, fate=fate, age=_age_after(text, e),
                                               start=base + s, end=base + e))
                elif fate in ("killed", "died in custody", "executed"):
                    for x in cand.victims:  # "زیر شکنجه جان باخت": the death outranks the act before it
                        if x.name == name:
                            x.fate = fate
    for role, span in others.items():
        # "«X» ۳۲ ساله و یک سوخت‌بر دیگر ... جان باختند": the people named before "N ... دیگر" (N others) add to N
        fates = {"killed": ("killed", "died in custody", "executed"), "injured": ("injured",),
                 "arrested": ("arrested", "detained")}[role]
        named_before = [x for x in cand.victims if x.fate in fates and x.end <= base + span[0]]
        if named_before and role in cand.counts:
            cand.counts[role] = _sum(cand.counts[role], Count(min=len(named_before), max=len(named_before),
                                                               text="، ".join(x.name for x in named_before)))
    for role, fate in (("killed", "killed"), ("arrested", "arrested")):
        named = [x for x in cand.victims if x.fate in (fate, "died in custody", "executed" if fate == "killed" else "detained")]
        if named and role not in cand.counts:
            cand.counts[role] = Count(min=len(named), max=len(named), text="، ".join(x.name for x in named))
    if cand.claimant in (None, "author"):
        cand.claimant = _figure_source(doc, base, last_span) or cand.claimant
    if cand.claimant in (None, "author") and live:
        cand.claimant = _source_after_the_event(doc, sent, base + live[0].start) or cand.claimant
    # "در این درگیری چهار تروریست نیز به هلاکت رسیدند": the event before, further people
    cand.refers_back = any(not f.is_act and v.back_reference.search(text, max(0, f.start - 8), f.start)
                           for f in live)
    cand.more_people = cand.refers_back and bool(v.also.search(text))
    cand.blocked_places = set()
    # a town's name that opens a victim's name ("شهریار محمدی ... در بازداشتگاه ... سنندج جان باخت") is the name's
    names = [(x.start, x.end) for x in cand.victims if x.start is not None and x.end is not None]
    places = [p for p in places if not any(s <= p.start < e for s, e in names)]
    cand.place = _sentence_place_fa(doc, sent, places)
    if cand.place is None and not places:
        cand.place = _facility_town(doc, sent)
    elif cand.place is None and all(v.jurisdiction.search(text[max(0, p.start - 40):p.start])
                                    or _a_forces_province(doc_text(doc), p) for p in places):
        # every place named is an official's jurisdiction ("معاون امنیتی استاندار سیستان و بلوچستان گفت: ... به مقر
        # فرماندهی انتظامی راسک حمله کردند"): the town in the facility's name is where it happened
        cand.place = _facility_town(doc, sent)
    elif cand.place is not None and _in_relatives(sent, cand.place.start, [
            r for r in earlier_relatives(text) if r not in _wounding_relatives(text)] + _aside_spans(text)):
        # (not the clause of the wounding a death of its wounds followed: its town is the incident's, not the
        # hospital's: "X که ... در مریوان هدف شلیک قرار گرفته بود، ... در بیمارستان سنندج جان باخت")
        # "X که ... در مریوان بازداشت شده بود، ... در بازداشتگاه سپاه سنندج جان باخت": the only town the gazetteer
        # found is the background's; a town in the facility's name outside it is where the event was
        facility = _facility_town(doc, sent)
        # (and a town in an aside, the crime a sentence is for: "حکم قصاص یکی از عاملان قتل ... در خاش، ... در زندان
        # زاهدان اجرا شد" was carried out in Zahedan)
        if facility is not None and not _in_relatives(sent, facility.start,
                                                      earlier_relatives(text) + _aside_spans(text)):
            cand.place = facility
    wound = None if acts & {"killed", "injured"} or cand.counts.get("killed") or cand.counts.get("injured") else \
        _one_wounded_before(text)
    if wound is not None:
        # "X که روز جمعه ... با شلیک ماموران زخمی شده بود، روز شنبه در بیمارستان بازداشت شد": the wounding is the
        # background of the arrest, but it is the only harm the sentence tells of, so its one wounded is kept
        cand.counts["injured"] = Count(min=1, max=1, text=text[wound.start:wound.end])
    if "killed" in acts or "injured" in acts:
        cand.cause = cause_of_harm(text, LANG)
    for kind, count in cand.counts.items():
        if is_absurd(kind, count):
            cand.flags.add("absurd-count")
    if kinds & {"protest", "strike"} and not any(a.inter == INTER_PROTESTERS for a in cand.actors):
        cand.actors.insert(0, IncidentActor(name="معترضان", role="participant", inter=INTER_PROTESTERS))
    if state_harmed:
        retyped = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues)
        if retyped == (cand.type, cand.sub_type) and any(f.label == "clash" for f in live) and \
                not any(f.label in ("riot", "mob", "protest", "strike") for f in live):
            # "در این درگیری دو مامور انتظامی کشته شدند": a clash the state's men die in, no crowd named, is a
            # battle with an unidentified armed group (the English rule)
            retyped = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues, (UNNAMED_CLASH_WITH_THE_STATE,))
        if retyped == (cand.type, cand.sub_type) and any(f.label in _FIRED_ON for f in live) and \
                not any(a.role == "perpetrator" or a.inter != INTER_STATE for a in cand.actors):
            # "در تیراندازی به یک خودروی گشت، سرباز وظیفه X کشته شد": the state's armed men shot or attacked by no one
            # named fight ACLED's unidentified armed group (the English rule), unless a crowd is there (not_cues) or
            # anyone but the state's men is named ("ماموران ... یک کولبر را هدف شلیک قرار دادند": the state shot)
            retyped = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues,
                                          (UNNAMED_ATTACKERS_OF_THE_STATE,))
        cand.type, cand.sub_type = retyped
    cand.type, cand.sub_type = retype_state_harmed(cand.type, cand.sub_type, cand.actors, cues, (RIOTERS_ATTACK,))
    return cand


def _described_subject(text: str, dates: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """A sentence that opens with a name and its description between commas ("محمد احمدی، معلم بازنشسته، ...",
    "X، ۲۳ ساله، ...", "X، از نیروهای بسیج، ..."): the name, the subject of the sentence's act. The name may
    follow an attribution ("به گزارش X، ...", read by ``story_name``) and a time set off by a comma ("بامداد
    امروز دوشنبه ۲۵ مرداد، X، کولبر ..."): a segment that holds one of the sentence's ``dates``."""
    v = vocab()
    _death, _not, description = _story_words(v.lex)
    pos = 0
    for _ in range(3):
        span = story_name(text, pos)
        if span is not None and _a_kin_word(text[span[0]:span[1]].split()[0]):
            # "عموی X، کولبر ۲۲ ساله، به هه‌نگاو گفت ...": the speaker is X's relative and the description is X's;
            # who the act befell, X or the relative, the sentence's kin words tell (``_named_by_kin_or_owner``)
            return []
        if span is not None and len(text[span[0]:span[1]].split()) >= 2:
            after = text[span[1]:span[1] + 40]
            m = re.match(r"\s*[،,]\s*(?:\d{1,3}[\s\u200c]*ساله|از\s+([^\W\d_][\w\u200c]*)|([^\W\d_][\w\u200c]*))",
                         after)
            if re.match(r"\s*\(\s*\d{1,3}[\s\u200c]*ساله\s*\)", after):
                return [span]  # "نگین عباسی (۱۶ ساله) ... جان باخت"
            if re.match(r"\s+که\s", after) and all(name_like(w, i == 0) for i, w in enumerate(
                    text[span[0]:span[1]].split())):
                return [span]  # "X که هفته پیش بازداشت شده بود، ...": a name and its relative clause
            if m is not None and (not (m.group(1) or m.group(2)) or _describes(m.group(1) or m.group(2), description)):
                return [span]
        # skip a leading time segment: an attribution up to its comma, then a segment with a date in it
        start = pos
        lead = pos + len(text[pos:]) - len(text[pos:].lstrip())
        colon = v.source_colon.match(text, lead) if pos == 0 else None
        if colon is not None and span is None or colon is not None and span[1] <= colon.end():
            pos = colon.end()  # "هه‌نگاو: X، زندانی سیاسی ...، ...": the bulletin's source before a colon
            continue
        day = _day_before_colon(text, lead, dates) if pos == 0 else None
        if day is not None and (span is None or span[1] <= day):
            pos = day  # "۲۴ شهریور ۱۴۰۲: X، پدر ...، ...": a chronology's entry opens with its day and a colon
            continue
        if v.story_openers is not None and v.story_openers.match(text, lead):
            comma = text.find("،", pos)
            if comma == -1:
                return []
            start = comma + 1
        comma = text.find("،", start)
        if comma == -1 or not any(start <= a < comma for a, _b in dates):
            return []
        pos = comma + 1
    return []


def _described_subject_of(text: str, f: Found, dates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``_described_subject`` when it is the act's: not the speaker of a speech verb before the act whose clause
    tells of one person pointed back at ("سارا احمدی، وکیل دادگستری، گفت موکلش ... بازداشت شد": the lawyer
    speaks, the client was arrested)."""
    spans = _described_subject(text, dates)
    v = vocab()
    if spans and v.speech:
        said = [m for m in v.speech.finditer(text, spans[-1][1], f.start)]
        if said and _one_referred_back(text[said[-1].end():f.start].lstrip(" ،,")):
            return []
    return spans


_DAY_COLON = re.compile(r"[\s\u200c]*(?:\([^()\n]{1,40}\)[\s\u200c]*)?:[\s\u200c]*")


def _day_before_colon(text: str, lead: int, dates) -> int | None:
    """Where the text after a leading day and its colon starts ("۲۵ آبان ۱۴۰۱ (۱۶ نوامبر ۲۰۲۲): ..."): a
    timeline's entry; None when the text opens otherwise."""
    end = next((b for a, b in dates if a == lead), None)
    m = _DAY_COLON.match(text, end) if end is not None else None
    return m.end() if m is not None else None


def _described_after(text: str, f: Found) -> list[tuple[int, int]]:
    """A name right after a noun act, with its description between commas ("حکم اعدام محمد قبادلو، معترض
    بازداشت‌شده، ... اجرا شد"): the one the act was done to."""
    if not (f.nominal and f.is_act):
        return []
    pos = _past_complement(text, f.end + len(text[f.end:]) - len(text[f.end:].lstrip()))
    span = _name_words(text, pos, True, limit=3)
    if span is None or not 2 <= len(text[span[0]:span[1]].split()) <= 3:
        return []
    m = re.match(r"\s*[،,]\s*([^\W\d_][\w\u200c]*)", text[span[1]:span[1] + 40])
    if m is None or not _describes(m.group(1), _story_words(vocab().lex)[2]):
        return []
    return [span] if all(name_like(w, i == 0) for i, w in enumerate(text[span[0]:span[1]].split())) else []


def _aside_spans(text: str) -> list[tuple[int, int]]:
    """The asides of a sentence: from a word of ``aside_before`` (a cause, an occasion, a charge, the doers of a
    crime: "عاملان قتل دو مامور در خاش") to the clause's end."""
    v = vocab()
    if not v.aside_before:
        return []
    return [(m.start(), _clause_end(text, m.end())) for m in v.aside_before.finditer(text)]


def _one_wounded_before(text: str) -> Found | None:
    """The wound a relative clause in the past perfect, its verb in the singular, tells of one person ("... که
    ... با گلوله زخمی شده بود"): one wounded, whose wounding came before the sentence's act."""
    v = vocab()
    harm = [f for f in find_triggers(text) if f.label in ("injured", "shot") and not f.nominal and not f.negated]
    for s, e in earlier_relatives(text):
        told = [f for f in harm if s <= f.start < e]
        if told and v.singular_perfect.search(text, s, e):
            return told[0]
    return None


def _in_relatives(sent: Span, pos: int, relatives: list[tuple[int, int]]) -> bool:
    return any(s <= pos - sent.start_char < e for s, e in relatives)


def _one_by_its_verb(text: str, f: Found) -> bool:
    """An act with no figure whose verb is a finite singular one that happens to its subject ("همراه وی نیز
    زخمی شد"، "برادرش بازداشت شده است"): one person (a Persian verb agrees in number with a human subject).
    Not an act whose subject is its doer ("شلیک کرد"), nor a shot or a beating, which count no one."""
    if f.verb is None or f.verb in vocab().active or f.label not in ("killed", "injured", "arrested", "detained",
                                                                         "shot"):
        return False  # (a shot's singular passive, "وی مورد اصابت گلوله قرار گرفت", is one wounded)
    form = text[f.start:f.end].rstrip()
    # the bare past stem ("شد", "رسید", "باخت": no person ending) or a singular perfect ("زخمی شده است")
    return form.endswith(f.verb) or bool(vocab().singular_perfect.search(form))


_ONE_PRONOUNS = frozenset({"او", "وی"})


def _kin_listed(text: str, start: int, f: Found, counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """Relatives listed with no figure before an act ("پدر و برادر X را بازداشت کردند"، "مادر، خواهر و همسرش ...
    زخمی شدند"): as many people as kin nouns in the list (two at least). The person a singular pronoun points back
    to may open the list ("او و برادرش را بازداشت کردند": the one named before, and their brother)."""
    v = vocab()
    words = list(_WORD.finditer(text, start, f.start))
    best: list[re.Match] = []
    run: list[re.Match] = []
    for w in words:
        bare = w.group().replace(ZWNJ, "")
        kin = bare in v.kin or any(bare == k + e for k in v.kin for e in ("ش", "شان", "م", "ان", "ام", "اش"))
        if kin and (not run or v.list_separator.fullmatch(text, run[-1].end(), w.start())):
            run.append(w)
        elif kin or bare in _ONE_PRONOUNS:
            run = [w]
        elif bare != "و":
            run = []
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2:
        return None
    # a kin noun counted in the list stands for its figure ("دو پسرم و برادرزاده‌ام": three)
    figures = [_figure_before(text, w.start()) for w in best]
    ahead = list(_WORD.finditer(text, max(start, best[0].start() - 12), best[0].start())) if figures[0] > 1 else []
    span = (ahead[-1].start() if ahead else best[0].start(), best[-1].end())
    if span in counted:
        return None
    return Count(min=sum(figures), max=sum(figures), text=text[span[0]:span[1]]), span


def _figure_before(text: str, pos: int) -> int:
    """The figure right before a noun ("دو پسرم": 2, "۳ برادر": 3), else 1."""
    before = text[max(0, pos - 12):pos].rstrip()
    last = list(_WORD.finditer(before))
    word = last[-1].group().replace(ZWNJ, "") if last and last[-1].end() == len(before) else ""
    if word.isdigit():
        return int(word)
    return vocab().lex.numbers.units.get(word, 1) or 1


def _one_by_its_object(text: str, f: Found) -> bool:
    """An execution noun (or an arrest noun, of a suspect) whose object is one person named by a singular noun, no
    figure ("حکم قصاص قاتل دو مامور ... اجرا شد", "اعدام این زندانی"): one person; the figure of another clause
    inside the object (the killer's victims) counts no one."""
    if f.label not in ("executed", "arrested", "detained") or not f.nominal:
        return False
    words = _WORD.findall(text, f.end, f.end + 36)[:3]
    if f.label != "executed":
        # "از دستگیری قاتل یک طلبه خبر داد"، "دستگیری ضارب": an arrest noun whose object is one suspect named by a
        # singular noun (a count in the object, the victim's, counts no one)
        return bool(words) and words[0].replace(ZWNJ, "") in vocab().lex.word_set("singular_suspects")
    if words and words[0].replace(ZWNJ, "") in vocab().lex.word_set("act_complements"):
        words = words[1:]  # "حکم قصاص نفس محکومی که ...": past the act noun's complement
    if words and words[0] in ("این", "آن", "همین"):
        words = words[1:]
    if not words:
        return False
    word = words[0].replace(ZWNJ, "")
    if word in ("او", "وی"):
        return True  # "حکم او ... اجرا شد": one person
    # "قصاص مردی که ...", "اعدام جوانی ۲۳ ساله": a person's noun with the indefinite "ی" is one person too
    return word in vocab().people or any(word.endswith(e) and word[:-len(e)] in vocab().people for e in ("ی", "ای"))


_INDEFINITE_OBJECT = re.compile(r"(?<![\w\u200c])(?P<noun>[^\W\d_][\w\u200c]*?)\u200c?ی(?:\s+\d{1,3}[\s\u200c]*ساله)?"
                                r"\s+را(?![\w\u200c])")


def _one_indefinite_object(text: str, start: int, f: Found) -> bool:
    """A doer's act on an object that is one indefinite person ("دختری ۱۶ ساله را مورد ضرب و شتم قرار دادند",
    "جوانی را زخمی کردند", "دانشجویی را بازداشت کردند"): the indefinite "ی" on a person noun is one person."""
    v = vocab()
    after = text[f.end:f.end + 16].lstrip()
    done_to = f.verb in v.active if f.verb is not None else (
        any(after.startswith(stem) for stem in v.active) or after.startswith(("قرار داد", "قرار‌داد")))
    if not done_to:
        return False  # "زخمی کردند", "مورد ضرب و شتم قرار دادند": a doer's act on its object
    for m in _INDEFINITE_OBJECT.finditer(text, start, f.start):
        noun = m.group("noun").replace(ZWNJ, "")
        if noun in vocab().people or (noun.endswith("ی") and noun[:-1] in vocab().people):
            return True  # "دانشجویی": a vowel-final noun's "یی"
    return False


_PRONOUN_OBJECT = re.compile(r"(?<![\w\u200c])(?:او|وی)\s+را(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")
# ... and with one more joined to it ("او و برادرش را بازداشت کردند")
_PRONOUN_OR_WITH_KIN_OBJECT = re.compile(r"(?<![\w\u200c])(?:او|وی)(?:\s+و\s+[^\s.،,؛:«»]+)?\s+را"
                                         r"(?:\s+[^\s.،,؛:«»]+){0,4}\s+$")


def _one_pronoun_object(text: str, f: Found) -> bool:
    """An act on a singular pronoun object before it, a few words of its clause between ("... او را بازداشت و به
    مکانی نامعلوم منتقل کردند", "وی را در خیابان بازداشت کردند"): one person, the one named before."""
    return f.label in ("killed", "injured", "arrested", "detained", "executed") and \
        bool(_PRONOUN_OBJECT.search(text, max(0, f.start - 60), f.start))


# a kin noun with a possessive ending, one relative of someone's ("برادرش", "شوهرم", "برادرزاده‌ام"), as the act's
# object ("... را"), or opening its clause as its subject ("برادرش که ... زخمی شده بود، ...")
_KIN_POSSESSED = re.compile(r"(?<![\w\u200c])(?P<kin>[^\W\d_][\w\u200c]*?)\u200c?(?:اش|ام|ش|م|شان|مان)"
                            r"(?:\s+را|(?=\s+که\s))(?![\w\u200c])")


def _ones_body(text: str, f: Found) -> bool:
    """A body handed over that is one person's ("جنازه‌اش", "پیکر او"): one dead."""
    if f.phrase != "تحویل داد":
        return False
    m = None
    for m in vocab().body_handed.finditer(text, max(0, f.start - 120), f.end):
        pass
    return m is not None and bool(m.group("own"))


_KIN_OPENING = re.compile(r"[\s«:،,]*(?P<kin>[^\W\d_][\w\u200c]*?)\u200c?(?:اش|ام|ش|م)(?![\w\u200c])")


def _one_kin_of_someones(text: str, start: int, f: Found) -> bool:
    """An act on one relative of someone's, no figure ("ماموران ... برادرش را بازداشت کردند", "«شوهرم را ...
    بازداشت کردند»", "برادرش که ... زخمی شده بود"): a singular kin noun with a possessive ending is one person
    (a plural one, "پسرانم", or a counted one, "دو پسرم", is not read here)."""
    if f.label not in ("killed", "injured", "arrested", "detained"):
        return False
    v = vocab()
    # (a kin word for many, "خانواده‌اش"، "بستگانش", is no one person)
    one = v.kin - {w.replace(ZWNJ, "") for w in v.lex.word_set("not_one_person")} - {"بستگان"}
    # the act's clause opens at its start, or after a speech verb or "که" before the act
    openings = [start] + [m.end() for m in (v.speech.finditer(text, start, f.start) if v.speech else ())] + \
        [m.end() for m in _THAT.finditer(text, start, f.start)]
    for at in openings:
        opening = _KIN_OPENING.match(text, at)
        if opening is not None and opening.group("kin").replace(ZWNJ, "") in one and f.verb not in v.active:
            return True  # "... گفت دخترش در اعتراضات ... آسیب دیده": the clause's subject, the act befell her
    for m in _KIN_POSSESSED.finditer(text, start, f.start):
        before = text[max(start, m.start() - 12):m.start()].split()
        if m.group("kin").replace(ZWNJ, "") in one and not (before and _a_figure(before[-1])):
            return True
    return False


def _a_figure(word: str) -> bool:
    """Whether ``word`` is a figure, in digits or words ("۲", "دو")."""
    return word.isdigit() or word.replace(ZWNJ, "") in vocab().number_words


def _next_to(text: str, span: tuple[int, int], f: Found) -> bool:
    """A number counts a protest's participants as the subject of its verb ("صدها تن از کارگران ... تجمع
    کردند") or right before a protest noun ("صدها معترض"), not a number of a clause that only names the
    protest ("۱۵ نفر ... در جریان این اعتراضات بازداشت شدند")."""
    return not f.nominal or len(text[span[1]:f.start].split()) <= 3


def _age_after(text: str, end: int) -> int | None:
    m = vocab().age_after.match(text[end:end + 20])
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 110 else None


# the count an act fills (rasad.incidents.slots, the same roles)
_ROLE_OF_ACT = {"killed": "killed", "injured": "injured", "shot": "injured", "beaten": "injured",
                "arrested": "arrested", "detained": "arrested", "executed": "killed"}


def _role_counted(f: Found, acts: set[str]) -> str | None:
    if not f.is_act:
        return "participants" if f.label in ("protest", "strike") else None
    role = _ROLE_OF_ACT.get(f.label)
    if f.label == "shot" and "killed" in acts:
        role = None  # "با شلیک ... کشته شدند": the number counts the dead, at the killing
    return role


def _add_actor(actors: list[IncidentActor], a: ActorMention, role: str) -> None:
    for x in actors:
        if x.name == a.text:
            if role == "perpetrator" and x.role != "perpetrator":
                x.role = "perpetrator"
            return
    actors.append(IncidentActor(name=a.text, role=role, inter=a.inter, actor=_resolve(a.text)))
