"""One candidate incident from the live triggers of one sentence: its acts, ACLED type, evidence, claimant,
date and place, and the counts, victims, actors and cause read off the triggers' arguments. Neighbouring
candidates are joined and finished into incident reports in ``assemble.py``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc, Span, Token

from rasad.analysis.doc_text import doc_text
from rasad.analysis.when import COUNTED_BACK_FROM_TOLD, COUNTED_BACK_OVER_AFTER, COUNTED_ON_FROM_TOLD
from rasad.incidents.absence import absent_people
from rasad.incidents.acled import (retype_armed_men_harmed, retype_when_the_state_is_harmed, sentence_cues,
                                   type_incident)
from rasad.incidents.actors import INTER_PROTESTERS, add_actors, agent_phrase, agents
from rasad.incidents.background import first_day, memorial_noun_phrases, own_clause_words
from rasad.incidents.counts import is_absurd, merge_counts, number_value, vague_key
from rasad.incidents.lexicon import lexicon, optional_words
from rasad.incidents.records import Count, IncidentActor, Victim
from rasad.incidents.reporting import (claimant_of, governing_report, main_verb_taken_for_a_clause,
                                      is_reporting, phrase, saying_date_tokens)
from rasad.incidents.slots import add_counts, arguments, own_harm, part_roles, stated_figures, the_doers_counted
from rasad.incidents.triggers import HARM_WAYS, Trigger, find_triggers, lemma
from rasad.incidents.victims import add_victims, cause_of_harm, named_victims
from rasad.records import DateMention


@dataclass
class Candidate:
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
    # the sentence names the event before it ("در این درگیری ..."), and its figures count further people ("...
    # چهار تروریست نیز به هلاکت رسیدند": also): the same incident, its figures added (set by the Persian reader)
    refers_back: bool = False
    # its people are named by a pronoun and their act ("31 of those hanged"): people of the sentence before's event;
    # where that sentence told it only as background (a year's total) it is background too (assemble.merge)
    refers_by_pronoun: bool = False
    refers_to_background: bool = False
    # its every event word is a noun made definite ("three of its members had died in the attack"): with figures of
    # its own, another source's figures for the event before (assemble._compatible)
    event_named_back: bool = False
    # a detention told after another incident of its paragraph as what came before it ("... shot dead on Monday. X, 24,
    # had been arrested in October"): the person's past, background (extract._past_detentions_told_after)
    past_of_another: bool = False
    # the counts a verb revised in the sentence ("raised the toll to six"); a figure told as an earlier report's
    # ("The group had earlier reported four deaths") is superseded by such a revision (assemble)
    revised: set[str] = field(default_factory=set)
    superseded: bool = False
    more_people: bool = False
    doers_harmed: bool = False  # the ones harmed are the doers of the attack told before (_the_doers_harmed)
    part_roles: set[str] = field(default_factory=set)  # counts told only in part ("were among the dead")
    held_over_before: bool = False  # arrests over the harm told before ("arrested in connection with the killing")
    # the one harmed is named as one of the people an earlier figure counts ("The latest victim, X, was shot ..."
    # after "security forces have killed 14 people since Friday"): a victim of that incident, not another (assemble)
    one_of_those_counted: bool = False
    # one side's harm of a sentence that tells two sides' (``sides.split_by_sides``): the sentence's start token;
    # pieces of one sentence are never joined again
    split_from: int | None = None
    # the character spans of the sentence's background words (``aside_tokens``): the event-type model skips them
    asides: list[tuple[int, int]] = field(default_factory=list)


def paragraph_starts(doc: Doc) -> list[int]:
    """Paragraph number of each character (blank lines separate paragraphs)."""
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", doc_text(doc))]
    return starts


def paragraph_of(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


# The vocabulary's words (<lang>.yaml "words"): "custody" ("died in custody", "died in Urmia prison"),
# "death_words", "custody_prepositions" ("in", "while" in detention); "patterns": "died_in_custody".
def _in_custody(tok: Token) -> bool:
    """'died in custody', 'died in Urmia prison', 'death in detention'."""
    words = lexicon(tok.doc.lang_).word_set
    if lemma(tok) not in words("death_words"):
        return False
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in words("custody_prepositions"):
            if any(lemma(p) in words("custody") for p in prep.children if p.dep_ == "pobj"):
                return True
    return False


def _origin_pattern(lex) -> re.Pattern:
    """"from", "buried in" ... (<lang>.yaml "origin_words") up to 25 characters before the place."""
    return lex.built("origin", lambda: re.compile(
        r"\b(" + "|".join(re.escape(w) for w in lex.origin_words) + r")\b[\w\s,()-]{0,25}$", re.I))


def _origin(doc: Doc, start: int) -> bool:
    """A place named as where someone is from or buried, not where the incident happened."""
    return bool(_origin_pattern(lexicon(doc.lang_)).search(doc_text(doc)[max(0, start - 40) : start]))


def candidate(sent: Span, live: list[Trigger], claim, sdates: list, places: list, para_starts: list[int],
              doc_country: str | None, aside_tokens: frozenset[int] = frozenset()) -> Candidate:
    """The incident that the live triggers of ``sent`` state (``claim``: part 1's claim over the sentence,
    ``sdates``: its dates; ``aside_tokens``: words of dropped asides, which do not type it)."""
    kinds = {t.kind for t in live if not t.is_act}
    stopped = [t for t in live if t.kind == "disrupted"]
    if stopped and any(not t.is_act and t.kind != "disrupted" and t.head not in stopped[0].head.subtree for t in live):
        # "Drones attacked a depot and one of them was shot down": the attack told beside the weapon stopped was
        # made (not "intercepted a drone attack", "defused a bomb": what was stopped is the stopping verb's object)
        kinds.discard("disrupted")
    acts = _acts(live, sent)
    # "no arrests were reported": a word a negative determiner denies does not type the incident
    negative = optional_words(sent.doc, "negative_determiners")
    denied = frozenset(t.i for tok in sent if any(c.dep_ == "det" and c.lower_ in negative for c in tok.children)
                       for t in tok.subtree)
    # ("a rally that security staff filmed but did not break up": nor does a negated verb, with its particle; what
    # it governs is left to type it)
    denied |= frozenset(t.i for tok in sent if tok.pos_ == "VERB" and any(c.dep_ == "neg" for c in tok.children)
                        for t in [tok, *(c for c in tok.children if c.dep_ == "prt")])
    cues = sentence_cues(sent, aside_tokens | denied)
    doc = sent.doc
    # a beating says an injury for the counts, not the lethal or maiming force of ACLED's "excessive force"
    # ("police beat and detained dozens of protesters": a protest with intervention)
    beaten_only = "beaten" in acts and not acts & {"shot", "killed"} and not any(t.kind == "injured" for t in live)
    etype, sub = type_incident(kinds, acts - {"injured"} if beaten_only else acts, cues)
    if any(t.absence for t in live) and not acts & {"killed", "injured"}:
        # "X, arrested at a rally on Saturday, has not been seen since": the arrest (its rally only where it
        # happened) or, with no arrest told, the disappearance is the event
        held = acts & {"arrested", "detained"}
        etype, sub = type_incident(set(), held or {"disappeared"}, set())
    cand = Candidate(sent=sent, paragraph=paragraph_of(para_starts, sent.start_char), triggers=live, kinds=kinds,
                     acts=acts, type=etype, sub_type=sub)
    cand.asides = [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in sorted(aside_tokens) if i < len(doc)]
    cand.noun_only = all(t.head.pos_ in ("NOUN", "PROPN") for t in live)
    cand.evidence = [(sent.start_char + len(sent.text) - len(sent.text.lstrip()),
                      sent.end_char - (len(sent.text) - len(sent.text.rstrip())))]
    if claim is not None:
        cand.hedged = bool(claim.hedges)
    # the source the sentence's reporting clause names ("..., the rights group Hengaw said"), else part 1's claim
    cand.claimant = claimant_of(sent, [t.head for t in live], claim)
    cand.date = _sentence_date(sent, sdates, live)
    if cand.date is None and acts and acts <= {"arrested", "detained"}:
        cand.date = _held_until_released(sent, live)
    # a place named as an actor ("the US drone attack") is not where it happened
    cand.blocked_places = {t.idx for trig in live for a in agents(trig.head) for t in agent_phrase(a)}
    cand.blocked_places |= _provinces_naming_a_body(sent, places)
    cand.place = _sentence_place(sent, places, cand.blocked_places, live)
    _fill_slots(cand, live, doc_country)
    if cand.place is not None and any(v.start <= cand.place.start < v.end for v in cand.victims):
        # a town inside a victim's name ("Mahsa Kerman Nia, a nurse, was shot in Rasht") is not where it happened
        cand.blocked_places |= {p.start for p in places for v in cand.victims if v.start <= p.start < v.end}
        cand.place = _sentence_place(sent, places, cand.blocked_places)
    if any(t.absence for t in live) and not any(v.fate == "disappeared" for v in cand.victims):
        # "The whereabouts of X have been unknown since ...": the one whose absence is told
        cand.victims.extend(v for v in absent_people(sent, next(t for t in live if t.absence))
                            if not any(x.name == v.name for x in cand.victims))
    _count_named_victims(cand)
    earlier = optional_words(sent.doc, "earlier_report_words")
    cand.superseded = any(t.lower_ in earlier and t.dep_ in ("advmod", "amod") and
                          (is_reporting(t.head) or lemma(t.head) in optional_words(sent.doc, "report_nouns"))
                          for t in sent)
    apply_stated_figures(cand)
    # (a sentence that tells the earlier figure and its revision holds the revised one)
    cand.superseded = cand.superseded and not cand.revised
    if _own_claim_denied(sent, live):
        # "X said it had killed four guards, but police denied any casualties": the lowest credible figure is none
        for role in ("killed", "injured"):
            count = cand.counts.get(role)
            if count is not None and count.min:
                cand.counts[role] = Count(min=0, max=count.max, text=count.text)
                cand.flags.add("contradictory-counts")
    cand.refers_back = _names_the_event_before(cand, live)
    cand.event_named_back = _event_words_named_back(live, sent)
    cand.held_over_before = _held_over_the_event_before(live, sent)
    pronouns = optional_words(sent.doc, "back_reference_pronouns")
    cand.refers_by_pronoun = cand.refers_back and any(t.head.dep_ == "acl" and t.head.head.lower_ in pronouns
                                                      for t in live)
    cand.one_of_those_counted = bool(cand.victims) and _one_of_those_counted(live)
    # "Two of the attackers were also killed": further people, added to the figure of the sentence before
    also = optional_words(sent.doc, "also_words")
    cand.more_people = cand.more_people or any(
        c.dep_ == "advmod" and c.lower_ in also for t in live if t.is_act for c in t.head.children)
    cand.doers_harmed = _the_doers_harmed(live)
    cand.part_roles = part_roles(live, acts)
    if "killed" in acts or "injured" in acts:
        cand.cause = cause_of_harm(sent.text, sent.doc.lang_)
    for kind, count in cand.counts.items():
        if is_absurd(kind, count):
            cand.flags.add("absurd-count")
    if kinds & {"protest", "strike"} and not any(a.inter == INTER_PROTESTERS for a in cand.actors):
        cand.actors.insert(0, IncidentActor(name="Protesters", role="participant", inter=INTER_PROTESTERS))
    cand.type, cand.sub_type = retype_when_the_state_is_harmed(cand.type, cand.sub_type, cand.actors, live, cues)
    cand.type, cand.sub_type = retype_armed_men_harmed(cand.type, cand.sub_type, cand.actors, live)
    return cand


def _the_doers_harmed(live: list[Trigger]) -> bool:
    """"The assailant was wounded and taken into custody", "Two of the attackers were killed": the ones harmed are
    the doers of the attack told before (a definite ``doer_back_nouns``), not a second figure for its victims."""
    for t in live:
        if not t.is_act or t.kind not in ("killed", "injured", "shot"):
            continue
        if the_doers_counted(t, ("nsubjpass",)):
            return True
        # "Jaish al-Adl said three of its fighters were killed": the speaking group's own men, the other side of
        # the battle told before (own_side_possessives: "its" stands for a body, never a person)
        for c in t.head.children:
            if c.dep_ != "nsubjpass":
                continue
            nouns = [c, *(g for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                          for g in p.children if g.dep_ == "pobj")]
            if any(d.dep_ == "poss" and d.lower_ in optional_words(t.head.doc, "own_side_possessives")
                   for n in nouns for d in n.children):
                return True
    return False


def _own_claim_denied(sent: Span, live: list[Trigger]) -> bool:
    """"Jaish al-Adl said it had killed four border guards ..., but police denied any casualties": the harm is
    claimed by the one who says it did it (the harm verb's subject a pronoun, "it", standing for the reporter) and
    another clause of the sentence denies any casualty (``casualty_nouns`` as the object of a ``denial_heads``
    verb). A rights group's toll that officials deny is not such a claim: its doer is named, not the speaker."""
    casualties = optional_words(sent.doc, "casualty_nouns")
    denials = optional_words(sent.doc, "denial_heads")
    pronouns = optional_words(sent.doc, "source_pronouns")
    if not casualties or not any(lemma(t) in casualties and t.dep_ == "dobj" and lemma(t.head) in denials
                                 for t in sent):
        return False
    for trig in live:
        if not trig.is_act or trig.kind not in ("killed", "injured", "shot") or trig.head.pos_ != "VERB":
            continue
        doer = next((c for c in trig.head.children if c.dep_ == "nsubj"), None)
        report = governing_report(trig.head, sent)
        if doer is not None and doer.lower_ in pronouns and report is not None and \
                any(c.dep_ == "nsubj" and c.i < doer.i for c in report.children):
            return True
    return False


def _held_over_the_event_before(live: list[Trigger], sent: Span) -> bool:
    """"Police said four suspects had been arrested in connection with the killing": arrests whose charge names a
    harm made definite (``charged_event_nouns`` with ``back_reference_determiners``: "the killing", "the attack")
    are arrests of the event the sentence before told, added to it."""
    held = [t for t in live if t.is_act and t.kind in ("arrested", "detained")]
    if not held or any(t.is_act and t.kind not in ("arrested", "detained") for t in live) or \
            any(not t.is_act for t in live):
        return False
    dets = optional_words(sent.doc, "back_reference_determiners")
    events = optional_words(sent.doc, "charged_event_nouns")
    # ("A 34-year-old suspect was arrested at the scene": the ones held are who did it, ``suspect_nouns``)
    suspects = optional_words(sent.doc, "suspect_nouns")
    if all(any(c.dep_ in ("dobj", "nsubjpass") and lemma(c) in suspects for c in arrest.head.children)
           for arrest in held):
        return True
    for arrest in held:
        for tok in arrest.head.subtree:
            if tok.lower_ not in events or not any(c.dep_ == "det" and c.lower_ in dets for c in tok.children):
                continue
            path = list(tok.ancestors)
            path = path[:next((k for k, a in enumerate(path) if a.i == arrest.head.i), len(path))]
            if all(a.dep_ in ("prep", "pobj") for a in path):
                return True
    return False


def _one_of_those_counted(live: list[Trigger]) -> bool:
    """The harmed argument of an act is a victim noun marked as one of a series ("the latest victim", "the most
    recent victim", "the youngest victim": ``series_victim_nouns`` with ``series_victim_modifiers`` before it)."""
    if not live:
        return False
    doc = live[0].head.doc
    nouns, marks = optional_words(doc, "series_victim_nouns"), optional_words(doc, "series_victim_modifiers")
    for trig in live:
        if not trig.is_act:
            continue
        for arg in arguments(trig.head):
            if arg.dep_ in ("nsubjpass", "dobj", "nsubj") and lemma(arg) in nouns and \
                    any(t.lower_ in marks for t in arg.subtree if t.i < arg.i):
                return True
    return False


def _names_the_event_before(cand: Candidate, live: list[Trigger]) -> bool:
    """"The Guards announced the deaths in a statement", "Jaish al-Adl claimed responsibility for the attack": a
    sentence whose every event word is a noun made definite (``back_reference_determiners``), with no figure and no
    victim of its own, names the event the sentence before told; it adds its source to that event."""
    dets = optional_words(cand.sent.doc, "back_reference_determiners")
    if not dets or not live or cand.victims or any(c is not None and c.min is not None for c in cand.counts.values()):
        return False
    # ("at least 31 of those hanged were women": people of the event before, named by a pronoun and their act)
    pronouns = optional_words(cand.sent.doc, "back_reference_pronouns")
    return all(t.head.pos_ == "NOUN" and t.head.tag_ in ("NNS", "NN") and
               any(c.dep_ in ("det", "poss") and c.lower_ in dets for c in t.head.children)
               or t.is_act and t.head.dep_ == "acl" and t.head.head.lower_ in pronouns for t in live)


def _event_words_named_back(live: list[Trigger], sent: Span) -> bool:
    """"The party said three of its members had died in the attack": the sentence's event words are all nouns made
    definite (``back_reference_determiners``), the event told before, whatever figures it gives."""
    dets = optional_words(sent.doc, "back_reference_determiners")
    events = [t for t in live if not t.is_act]
    return bool(dets) and bool(events) and all(
        t.head.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") and c.lower_ in dets for c in t.head.children)
        for t in events)


def _acts(live: list[Trigger], sent: Span) -> set[str]:
    """The acts against persons the triggers state, with what they imply."""
    acts = {t.kind for t in live if t.is_act}
    # "shot" alone is an injury unless a death is said; a named "died" is a killing
    if acts & HARM_WAYS and "killed" not in acts and any(_one_of_the_dead(t) for t in live if t.kind in HARM_WAYS):
        acts.add("killed")
    if acts & HARM_WAYS and "killed" not in acts:
        acts.add("injured")
    if "executed" in acts:
        acts.add("killed")
    if ({"detained", "killed"} <= acts and lexicon(sent.doc.lang_).regex("died_in_custody", re.I).search(sent.text)) or \
            any(t.kind == "killed" and _in_custody(t.head) for t in live):
        acts.add("died in custody")
    return acts


def _one_of_the_dead(trig: Trigger) -> bool:
    """"killed eight people ..., including a boy, X, who was shot in the head in Zahedan": the one shot is listed
    (``listing_prepositions``) among those a killing verb counts, so the shot killed him (the total itself may be
    background)."""
    clause = trig.head
    if clause.dep_ != "relcl":
        return False
    noun = clause.head
    if noun.dep_ == "appos":
        noun = noun.head
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in optional_words(trig.head.doc, "listing_prepositions"):
        return False
    lex = lexicon(trig.head.doc.lang_)
    verb = prep.head
    # the killing word, alone or with the word after it ("shot dead at least 11 fuel carriers")
    phrases = [lemma(verb)] + [f"{lemma(verb)} {c.lower_}" for c in verb.children if c.i == verb.i + 1]
    return any(getattr(lex.triggers.get(p), "act", None) in ("killed", "executed") for p in phrases)


def _without_the_day_it_was_learned(sent: Span, sdates: list, live: list[Trigger]) -> list:
    """"The family learned on Saturday that he had been executed two days earlier": a day counted back from the day
    told before it (``when.COUNTED_BACK_FROM_TOLD``) is the event's; the day it is counted from, on a verb that tells
    no incident of the sentence (learned, found out, announced), is when the news came."""
    heads = {t.head.i for t in live}
    counted = [d for d in sdates if getattr(d, "derived", None) == COUNTED_BACK_FROM_TOLD]
    drop = set()
    for d in counted:
        anchor = next((a for a in reversed(sdates) if a.start < d.start and a.precision == "day"), None)
        tok = next((t for t in sent if anchor is not None and t.idx == anchor.start), None)
        verb = next((a for a in (tok.ancestors if tok is not None else ()) if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.i not in heads:
            drop.add(anchor.start)
    return [d for d in sdates if d.start not in drop]


def _sentence_date(sent: Span, sdates: list, live: list[Trigger]):
    """The sentence's own date, not one inside a relative clause ("two protesters who were arrested on
    3 January were killed on 8 January") unless the clause holds every live trigger ("has hanged 30 people
    this month, including two prisoners hanged in Sanandaj on Monday": the total is background)."""
    def holds_all(clause: Token) -> bool:
        if not live or not all(clause.left_edge.i <= t.head.i <= clause.right_edge.i for t in live):
            return False
        # "Families of people killed in the November 2019 protests gathered ... on Friday ..., and agents detained
        # five": a clause the parser hung the sentence on, holding days of two years, holds an act only in its own
        # words (not in the clauses and joined verbs under it)
        span = {t.idx for t in clause.subtree}
        years = {str(d.value)[:4] for d in sdates if d.start in span and d.year_known and d.value}
        own = {t.i for t in own_clause_words(clause)}
        return len(years) < 2 or all(t.head.i in own for t in live)
    # "..., two days after border guards shot dead three porters": the day counted back is the day of the acts "after"
    # opens, never of the sentence's own ("police raided homes on Thursday, a day after the protest": Thursday)
    sdates = [d for d in sdates if getattr(d, "derived", None) != COUNTED_BACK_OVER_AFTER or _after_holds_all(d, live)]
    clauses = [c for c in sent if c.dep_ in ("relcl", "acl")]
    asides = {inner.idx for clause in clauses if not holds_all(clause) for inner in clause.subtree}
    # "the funeral of a kolbar shot by border guards last week turned into a protest on Monday": the day told of the
    # one mourned (a participle the parser read as a noun, in no clause) is not the funeral's
    mourned = {i for phrase in memorial_noun_phrases(sent, sdates) if not all(t.head.idx in phrase for t in live)
               for i in phrase}
    sdates = [d for d in sdates if d.start not in mourned]
    # the incident told wholly inside a clause takes the clause's own date
    told_in = {inner.idx for clause in clauses if holds_all(clause) for inner in clause.subtree}
    # "..., the group said on Thursday": the day it was said, not the day it happened
    saying = saying_date_tokens(sent)
    sdates = [d for d in sdates if d.start not in saying]
    sdates = _without_the_day_it_was_learned(sent, sdates, live)
    # "He was shot on 19 Dey ...; he died two days later": a day counted on from a day told in the same sentence is
    # the day of what followed the act (ACLED dates the event, its deaths added), so the told day stands; counted on
    # from a day of another sentence ("Police arrested him on Monday. Two days later he died in custody") it stays
    told_here = {d.start for d in sdates if d.precision == "day"}
    sdates = [d for d in sdates if getattr(d, "derived", None) != COUNTED_ON_FROM_TOLD
              or not any(s < d.start for s in told_here)] or sdates
    # "executed a man convicted of killing a guard during last year's unrest": a date weeks or more before the report
    # inside the clause of what someone was convicted or accused of is the charge's, not the event's (a recent day
    # there is often the event's, the parser having hung the sentence's tail on the clause: "hanged a woman
    # convicted of killing her husband in Qezelhesar prison on Wednesday")
    charges = optional_words(sent.doc, "charge_heads")
    charged = {inner.idx for clause in clauses if not holds_all(clause) and clause.lemma_.lower() in charges
               for inner in clause.subtree}
    published = published_day(sent.doc)
    sdates = [d for d in sdates if d.start not in charged or published is None or
              (first_day(d.value) or published) > published - dt.timedelta(days=30)]
    # "the body of a shepherd who had been missing since Saturday was found on Tuesday": "since" opens a lasting
    # state (parsed anywhere); another date of the sentence is the event's
    since = optional_words(sent.doc, "total_since")
    opened = [d for d in sdates if (doc_text(sent.doc)[:d.start].split() or [""])[-1].lower() in since]
    sdates = [d for d in sdates if d not in opened] or sdates
    segment = _acts_segment(sent, live)
    if segment is not None:  # (the part of a list by semicolons that tells the acts)
        sdates = [d for d in sdates if segment[0] <= d.start < segment[1]] or sdates
    main_dates = [d for d in sdates if d.start not in asides]
    main_dates = [d for d in main_dates if d.start in told_in] or main_dates
    # "Tuesday's knife attack", "Monday's clashes": a day owning the event's own word is that event's day
    heads = {t.head.i for t in live if t.head.pos_ == "NOUN"}
    # "raised the death toll from last Wednesday's crackdown": the noun the toll is of (after a preposition on the toll
    # or on its verb) is the event's word too
    tolls = [t.head for t in live if t.head.pos_ == "NOUN" and lemma(t.head) in optional_words(sent.doc, "toll_nouns")]
    heads |= {g.i for toll in tolls for holder in (toll, toll.head) for p in holder.children if p.dep_ == "prep"
              for g in p.children if g.dep_ == "pobj" and g.pos_ == "NOUN"}
    # (even inside a clause: "revised the number of worshippers injured in Tuesday's knife attack")
    # (the day may open with a word of its own: "last Wednesday's crackdown", the possessive on the day's last word)
    owning = [d for d in sdates for tok in sent if d.start <= tok.idx < (d.end or d.start + 1) and tok.dep_ == "poss"
              and tok.head.i in heads]
    if owning:
        return owning[0]
    # "who was shot by security forces on Friday and died of his injuries on Monday": the day of the blow, not of
    # the death it led to, dates the event
    dying = optional_words(sent.doc, "dying_verbs")
    blows = {t.head.i for t in live if t.is_act and t.kind in HARM_WAYS | {"injured"} and lemma(t.head) not in dying}
    died = {t.head.i for t in live if t.is_act and lemma(t.head) in dying}
    if blows and died:
        def verb_of(d):
            tok = next((t for t in sent if t.idx == d.start), None)
            return next((a.i for a in (tok.ancestors if tok is not None else ()) if a.pos_ in ("VERB", "AUX")), None)
        struck = [d for d in sdates if verb_of(d) in blows]
        if struck and any(verb_of(d) in died for d in sdates):
            return struck[0]
    if main_dates and len(str(main_dates[0].value or "")) < 10:
        # "hanged three men on Wednesday, bringing the number executed this year to 37": a day inside the month or
        # year told first is the more exact date of the event
        # (a running total's "this year" yields to a day anywhere in the sentence, even one the parser put in a clause)
        pool = sdates if str(main_dates[0].text).lower() in optional_words(sent.doc, "total_words") else main_dates
        inside = [d for d in pool if len(str(d.value or "")) == 10 and str(d.value).startswith(str(main_dates[0].value))]
        if inside:
            return inside[0]
    if not main_dates and len(sdates) > 1:
        # "The video, which Hengaw said was filmed in Javanrud on Monday night and which reached the group on
        # Wednesday, shows ...": what a recording shows happened on the day it was recorded
        filmed = recorded_dates(sent.doc, sdates)
        if filmed:
            return filmed[0]
        # every date inside a clause ("detained the father of a protester killed in 2022 at their home on
        # Tuesday", parsed with the whole tail in the clause): the clause's own past is the earlier date
        return max(sdates, key=lambda d: d.value or "")
    return (main_dates or sdates or [None])[0]


def _after_holds_all(d, live: list[Trigger]) -> bool:
    """Whether every live act is told after the "after" of "two days after ..." (in the clause or phrase it opens)."""
    after = next((t for t in live[0].head.doc if d.start <= t.idx < d.end and t.lower_ == "after"), None) \
        if live else None
    if after is None:
        return False
    opened = {t.i for t in (after.head if after.dep_ == "mark" else after).subtree}
    return all(t.head.i in opened for t in live)


def recorded_dates(doc: Doc, dates: list) -> list:
    """The dates told on a verb of recording ("a video filmed in Javanrud on Monday night": ``recording_verbs``)."""
    return _dates_on_verbs(doc, dates, optional_words(doc, "recording_verbs"))


def posted_dates(doc: Doc, dates: list) -> list:
    """The dates told on a verb of putting a recording online ("a video posted on social media on Friday":
    ``posting_verbs``)."""
    return _dates_on_verbs(doc, dates, optional_words(doc, "posting_verbs"))


def _dates_on_verbs(doc: Doc, dates: list, recording: frozenset[str] | set[str]) -> list:
    starts = {d.start for d in dates}
    on_recording = set()
    for tok in doc:
        if tok.idx in starts:
            verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is not None and lemma(verb) in recording:
                on_recording.add(tok.idx)
    return [d for d in dates if d.start in on_recording]


def _held_until_released(sent: Span, live: list[Trigger]) -> DateMention | None:
    """"X was arrested and held for a month before being acquitted, her lawyer said": a detention told as over (a
    release word after it, ``release_words``) with the time it lasted and no day of its own began at least that long
    before the report: dated by the month it began (the publication less the time held), not the publication day."""
    published = published_day(sent.doc)
    held = {t.head.i for t in live if t.is_act and t.kind in ("arrested", "detained")}
    units = optional_words(sent.doc, "held_duration_units")
    if published is None or not any(lemma(t) in optional_words(sent.doc, "release_words") for t in sent
                                    if t.i > min(held, default=sent.end)):
        return None
    for prep in sent:
        verb = prep.head
        if prep.dep_ != "prep" or prep.lower_ != "for" or not (verb.i in held or verb.dep_ == "conj" and verb.head.i in held):
            continue
        for span in (o for o in prep.children if o.dep_ == "pobj" and lemma(o) in units):
            number = next((number_value(c.text) for c in span.children if c.dep_ == "nummod"), None)
            if number is None and any(c.dep_ == "det" for c in span.children):
                number = 1  # "for a month"
            if not number:
                continue
            began = published - relativedelta(**{f"{lemma(span)}s": number})
            return DateMention(text=doc_text(sent.doc)[prep.idx:span.idx + len(span.text)], start=prep.idx,
                               end=span.idx + len(span.text), value=began.isoformat()[:7], precision="month",
                               year_known=True, derived=f"publication {published.isoformat()} less the time held")
    return None


def published_day(doc: Doc) -> dt.date | None:
    """The report's publication day (None when it has none)."""
    try:
        return dt.date.fromisoformat(str(getattr(doc._, "published_at", None) or "")[:10])
    except ValueError:
        return None


def _provinces_naming_a_body(sent: Span, places: list) -> set[int]:
    """"..., the Kurdistan Region Security Council said": a province or region inside the name of a body (an
    organisation entity ending in one of ``body_name_heads``) names the body, not where anything happened."""
    heads = optional_words(sent.doc, "body_name_heads")
    bodies = [(e.start_char, e.end_char) for e in sent.ents if e.label_ == "ORG" and e[-1].lower_ in heads]
    return {p.start for p in places if p.feature == "province" and any(a <= p.start < b for a, b in bodies)}


def _acts_segment(sent: Span, live) -> tuple[int, int] | None:
    """"a court in Urmia sentenced two men to death; a union leader was summoned; and on Wednesday, police detained 28
    people in Karaj": the part of a sentence listed by semicolons that holds every event word told (character
    offsets), None where the sentence has no semicolon or its event words lie in more than one part."""
    cuts = [t.idx for t in sent if t.text == ";"]
    # (a sentence passed is told beside the events, not one of them)
    acts = [t.head.idx for t in live if t.kind != "sentenced"]
    if not cuts or not acts:
        return None
    bounds = [sent.start_char, *cuts, sent.end_char]
    parts = [(a, b) for a, b in zip(bounds, bounds[1:]) if any(a <= x < b for x in acts)]
    return parts[0] if len(parts) == 1 else None


def _sentence_place(sent: Span, places: list, blocked: set[int], live: list[Trigger] = ()):
    """The town the sentence names (before a province or country), leaving out places named as an actor
    (``blocked``) and, where it can, places named as someone's origin or in a clause about someone."""
    splaces = [p for p in places if sent.start_char <= p.start < sent.end_char and p.start not in blocked]
    if not splaces:
        return None
    segment = _acts_segment(sent, live)
    if segment is not None:  # (the part of a list by semicolons that tells the acts)
        splaces = [p for p in splaces if segment[0] <= p.start < segment[1]] or splaces
    splaces = [p for p in splaces if not _a_far_namesake(sent.doc, p, splaces)] or splaces
    # a country ("Iran's intelligence ministry ...") only where no town or province is named, even in a side clause
    return sorted(splaces, key=lambda p: (_origin(sent.doc, p.start), p.feature == "country",
                                          _in_a_source(sent, p.start), _names_a_site_placed_elsewhere(sent, p, splaces),
                                          _in_a_side_clause(sent, p.start, live),
                                          _on_whom_the_act_falls(sent, p.start, live),
                                          {"city": 0, "province": 1}.get(p.feature, 2)))[0]


def _token_at(sent: Span, start: int) -> Token | None:
    return next((t for t in sent if t.idx <= start < t.idx + len(t.text)), None)


def _in_a_source(sent: Span, start: int) -> bool:
    """"..., the Intelligence Department of East Azarbaijan province said": a place inside the name of the one who
    reports (the subject of a reporting verb) is whose office speaks, not where anything happened."""
    tok = _token_at(sent, start)
    if tok is None:
        return False
    return any(a.dep_ in ("nsubj", "nsubjpass") and is_reporting(a.head) for a in [tok, *tok.ancestors]
               if sent.start <= a.i < sent.end)


def _names_a_site_placed_elsewhere(sent: Span, p, splaces: list) -> bool:
    """"workers of the Bandar Imam petrochemical complex in Mahshahr": a town's name used as the name of a site
    (a modifier of the site's noun) whose own place follows it ("in Mahshahr") is the site's name; the place after
    it is where it stands."""
    tok = _token_at(sent, p.start)
    if tok is None:
        return False
    site = tok
    while site.dep_ == "compound" and site.head.i > site.i:
        site = site.head
    if site is tok or site.pos_ != "NOUN":
        return False
    placed = {t.idx for c in site.children if c.dep_ == "prep" and c.lower_ in optional_words(sent.doc, "site_prepositions")
              for t in c.subtree}
    return any(q is not p and q.start in placed for q in splaces)


def _on_whom_the_act_falls(sent: Span, start: int, live: list[Trigger]) -> bool:
    """"X, a sociology student at the University of Tehran, was arrested at his home in Kermanshah", "police arrested
    the prayer leader of Rask near Khash": a place in a phrase (``affiliation_prepositions``) on the person an act
    is done to (the act's object or passive subject, or a name or noun in apposition to it) says who the person is; a
    place told on the act itself comes first. (Not on the doer: "workers at plants in Asaluyeh downed tools" struck
    there.)"""
    tok = _token_at(sent, start)
    heads = {t.head.i for t in live}
    acts = {t.head.i for t in live if t.is_act}
    if tok is None:
        return False
    preps = optional_words(sent.doc, "affiliation_prepositions")
    for t in [tok, *tok.ancestors]:
        if t.i in heads or not sent.start <= t.i < sent.end:
            return False
        if t.dep_ == "prep" and t.lower_ in preps and t.head.pos_ in ("NOUN", "PROPN") and t.head.i not in heads:
            noun = t.head
            while noun.dep_ in ("appos", "compound") and noun.head.i != noun.i:
                noun = noun.head
            if noun.dep_ in ("nsubjpass", "dobj") and noun.head.i in acts:
                return True
    return False


def _in_a_side_clause(sent: Span, start: int, live: list[Trigger]) -> bool:
    """"X, a man arrested during protests in Javanrud, died in custody in Kermanshah": a place inside a clause on a
    noun (``acl``, ``relcl``) that leaves out a trigger of the sentence tells about the person, not where the
    incident happened (a town outside such a clause comes first)."""
    tok = next((t for t in sent if t.idx <= start < t.idx + len(t.text)), None)
    if tok is None or not live:
        return False
    # "Forty days after her son was executed in Shiraz, his mother was detained in Marvdasht": a clause of an earlier
    # event set off by a span of days (``earlier_marks``), with no act told here inside it, is where that one was
    marks = optional_words(sent.doc, "earlier_marks")
    earlier = next((t for t in [tok, *tok.ancestors] if t.dep_ == "advcl" and
                    any(c.dep_ == "mark" and c.lower_ in marks for c in t.children)), None)
    if earlier is not None:
        inside = {t.i for t in earlier.subtree}
        if not any(t.head.i in inside for t in live) and any(t.is_act and t.head.i not in inside for t in live):
            return True
    clause = next((t for t in [tok, *tok.ancestors] if t.dep_ in ("acl", "relcl")), None)
    if clause is None or main_verb_taken_for_a_clause(clause):
        return False
    # "fired on a car carrying a cleric near Kazerun": where a vehicle that was hit was going is where it happened
    if lemma(clause.head) in optional_words(sent.doc, "conveyance_words"):
        return False
    inside = {t.i for t in clause.subtree}
    # (the same act told again inside: "the execution of X, who was hanged in Karaj", the clause is where it was)
    told_inside = {t.kind for t in find_triggers(sent) if t.head.i in inside}
    return any(t.is_act and t.head.i not in inside and t.kind not in told_inside for t in live)


# the gravest act first: "two protesters who were arrested ... were killed" counts two dead
_SEVERITY = {"killed": 0, "executed": 0, "shot": 1, "injured": 2, "beaten": 2}


def _fill_slots(cand: Candidate, live: list[Trigger], doc_country: str | None) -> None:
    """Counts, victims and actors from each trigger's arguments; acts first, so that "killed 20
    protesters" counts the dead, not the participants."""
    counted: dict[int, set[str]] = {}  # a number counts once per kind of count (see add_counts)
    # an act a doer did to himself ("killed himself") last: it adds one to the figure the others gave
    for trig in sorted(live, key=lambda t: (not t.is_act, own_harm(t) is not None, _SEVERITY.get(t.kind, 3))):
        add_counts(cand.counts, cand.flags, trig, cand.acts, counted)
        if trig.is_act:
            add_victims(cand.victims, trig, cand.acts, cand.sent)
        add_actors(cand.actors, trig, doc_country)


def _count_named_victims(cand: Candidate) -> None:
    """Named victims count: a sentence naming one killed person states one death; two named wounded, two
    injured."""
    for role, fate in (("killed", "killed"), ("arrested", "arrested"), ("injured", "injured")):
        # (one who died in custody was held, and died: no wounded person to count)
        named = [v for v in cand.victims if v.fate == fate or v.fate == "died in custody" and fate != "injured"
                 or (fate == "killed" and v.fate == "executed") or (fate == "arrested" and v.fate == "detained")]
        if not named and role == "arrested" and role not in cand.counts:
            # "X was arrested at his home by agents who beat him": the one arrested, named with the worse fate
            # (injured), is still one arrested
            held = {v.name for t in cand.triggers if t.is_act and t.kind in ("arrested", "detained")
                    for v in named_victims(t, "arrested", cand.sent)}
            named = [v for v in cand.victims if v.name in held]
        if named and role not in cand.counts:
            cand.counts[role] = Count(min=len(named), max=len(named), text=", ".join(v.name for v in named))


def apply_stated_figures(cand: Candidate, sent: Span | None = None) -> None:
    """Figures a verb states on a noun of figures in the candidate's sentence, or in ``sent`` told after it
    (``slots.stated_figures``): a revised one ("raised the toll to six", "corrected the figure to three") replaces
    the figure told before, as an exact one replaces a vague word ("Dozens of schoolgirls were taken to hospital. An
    official put the number treated at 37."); a stated one ("put the number of wounded at 11") fills its count, or
    stands beside another source's figure as a range. A figure that does not say whose it is ("corrected the figure
    to three") is, when revised, the gravest count the sentence has: the dead where any are told."""
    for role, count, revised, verb in stated_figures(sent if sent is not None else cand.sent):
        if role is None:
            # ("putting the number of women among them at nine": a stated figure of others is no count)
            if not revised:
                continue
            role = next((r for r in ("killed", "injured", "arrested") if cand.counts.get(r) is not None), None)
            if role is None:
                continue
        if revised:
            cand.revised.add(role)
            # "Earlier reports said five ...; Hengaw later corrected the figure to three": who revised it claims it
            reviser = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")), None)
            if reviser is not None and cand.superseded and sent is None:
                cand.claimant = phrase(reviser)
        told = cand.counts.get(role)
        lang = cand.sent.doc.lang_
        if revised or told is None or vague_key(told.text or "", lang) is not None and vague_key(count.text or "", lang) is None:
            cand.counts[role] = count
        else:
            cand.counts[role], contradictory = merge_counts(told, count)
            if contradictory:
                cand.flags.add("contradictory-counts")


# "the village of X near Y": a place of that name farther than this from Y is another place of the same name
_NEAR_KM = 30.0


def _a_far_namesake(doc: Doc, p, splaces: list) -> bool:
    """``p`` is named as near another place of the sentence ("the village of Mirabad near Mahabad") but the
    gazetteer's place of that name lies far from it: a namesake, not the village meant (the town stands in)."""
    text = doc_text(doc)
    lex = lexicon(doc.lang_)
    near = lex.built("near_between", lambda: re.compile(
        r"^\s*,?\s*(?:" + "|".join(re.escape(w) for w in lex.near_words) + ")" + lex.pattern("after_near_words"), re.I))
    for q in splaces:
        if q is p or q.start <= p.end or None in (p.lat, p.lon, q.lat, q.lon):
            continue
        if near.search(text[p.end:q.start]) and _km(p.lat, p.lon, q.lat, q.lon) > _NEAR_KM:
            return True
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from math import asin, cos, radians, sin, sqrt
    a = sin(radians(lat2 - lat1) / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * asin(sqrt(a))
