"""Filters: the triggers of a sentence that do not state an occurrence. A trigger is dropped when it is
negated ("no one was killed"), hypothetical or future ("will protest", "if ..."), planned, called for or
denied ("called for protests", "officials denied that anyone had been arrested"), generic (a present-tense
habitual verb with no date, a noun under a gerund: "organising protests"), a sentence passed rather than an
act ("sentenced to death"), or part of an aside about an earlier year."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from rasad.incidents.absence import absence_trigger
from rasad.incidents.background import background_triggers, own_clause_words, told_at_a_commemoration
from rasad.incidents.candidate import Candidate
from rasad.incidents.lexicon import lexicon, optional_words
from rasad.incidents.reporting import main_verb_taken_for_a_clause
from rasad.incidents.records import IncidentDate
from rasad.incidents.triggers import Trigger, find_triggers, lemma


# The filters' words, from the vocabulary of the text's language (<lang>.yaml "words"): modals of the future or
# the hypothetical ("will protest": "hypothetical_modals"), heads that plan or call for an act ("called for
# protests": "planning_heads"), heads that deny it ("denied that anyone was arrested": "denial_heads"); negation
# ("never", "nobody", "no one"), the future ("going to"), conditions ("if"), the auxiliaries that make a
# present-tense verb an event ("has killed", "are arrested"), and "sentenced to death".
# Each rule below binds the lists it reads under their former module-level names (upper case).
def _words(tok: Token):
    return lexicon(tok.doc.lang_).word_set


def live_triggers(sent: Span, sdates: list) -> tuple[list[Trigger], frozenset[int]]:
    """The triggers of ``sent`` that state an occurrence (``sdates``: the sentence's dates), and the tokens
    of the asides about earlier events dropped from it (their words do not type this sentence's incident)."""
    live: list[Trigger] = []
    unreal: set[int] = set()  # the words of acts only demanded, planned or denied ("to demand the arrest of")
    for trig in find_triggers(sent):
        tok = trig.head
        if trig.kind in ("executed", "killed") and _sentenced_to(tok):
            continue  # "sentenced to execution / to death" is a sentence, not an execution
        if _hypothetical(tok):
            unreal.update(t.i for t in trig.tokens)
            continue
        if _negated(tok) or _generic(trig, sent, bool(sdates)) or _relation_modifier(tok):
            continue
        live.append(trig)
    # "called for nationwide strikes and street protests": a word joined by "and" to one only called for, planned or
    # denied is called for with it (the parser may put the second too far below the calling verb to be seen)
    live = [t for t in live if not _joined_to(t.head, unreal)]
    if _an_accident(live, sent):
        return [], frozenset()
    live, asides = _without_past_asides(live, sdates)
    # causes, the dead a funeral is for, charges, sentences, running totals (rasad.incidents.background)
    live, background = background_triggers(live, sent, sdates)
    # "X has not been heard from since his arrest": a disappearance told by an absence (rasad.incidents.absence)
    absent = absence_trigger(sent, live)
    if absent is not None and not _hypothetical(absent.head):
        live.append(absent)
    return live, asides | frozenset(background) | frozenset(unreal)


def _relation_modifier(tok: Token) -> bool:
    """"death sentences in protest-related cases", "a strike-linked arrest": the event word only says what something
    else concerns (``relation_adjectives`` after a hyphen), it tells no event."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and \
        doc[tok.i + 2].lower_ in optional_words(doc, "relation_adjectives")


def _joined_to(tok: Token, unreal: set[int]) -> bool:
    """The word is a conjunct ("and", "or") of a word in ``unreal``, directly or through other conjuncts."""
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
        if t.i in unreal:
            return True
    return False


def _an_accident(live: list[Trigger], sent: Span) -> bool:
    """"An explosion at a factory in Isfahan killed three workers; officials blamed a gas leak", "four soldiers
    were killed when an army helicopter crashed", "a magnitude 5.9 earthquake struck near Khoy, killing three":
    harm the sentence puts down to an accident (``accident_causes``) or a natural hazard (``natural_hazards``),
    with no event but a blast and no armed attacker or attack named, is not political violence. Deaths with no
    way of violence told ("killed two workers") are an accident too when the next sentence gives the cause
    ("Officials blamed a leaking heater", "investigators found no sign of sabotage") and no state force is named."""
    doc = sent.doc
    causes = optional_words(doc, "accident_causes")
    hazards = optional_words(doc, "natural_hazards")
    ruled_out = optional_words(doc, "foul_play_ruled_out")
    if not causes or not live:
        return False
    # "no sign of an attack": the attack there is the one ruled out; "an earthquake struck": no strike
    ruled_spans = _phrase_tokens(sent, ruled_out)
    kinds = {t.kind for t in live if not t.is_act and not ruled_spans & {x.i for x in t.tokens}
             and not any(c.dep_ == "nsubj" and lemma(c) in hazards for c in t.head.children)}
    if not kinds <= {"bomb"}:
        return False
    cues = lexicon(doc.lang_).cue_groups_in(sent, frozenset(ruled_spans))
    armed = {"non_state", "suicide", "attack_civ", "armed_clash"}  # cue groups of an armed attacker or an attack
    acts = {t.kind for t in live if t.is_act}
    # "killed when police fired on their pickup truck, causing it to overturn": the state's fire did the harm
    if cues & armed or "state_forces" in cues and not acts <= {"killed", "injured"}:
        return False
    if _told_cause(sent, causes, hazards) or ruled_spans:
        return True
    if not acts or not acts <= {"killed", "injured"} or "state_forces" in cues or sent.end >= len(doc):
        return False
    after = doc[sent.end].sent
    after_ruled = _phrase_tokens(after, ruled_out)
    if lexicon(doc.lang_).cue_groups_in(after, frozenset(after_ruled)) & (armed | {"state_forces"}):
        return False
    return bool(after_ruled) or _told_cause(after, causes, hazards)


def _told_cause(sent: Span, causes: frozenset[str], hazards: frozenset[str]) -> bool:
    """The sentence names an accident's cause (a word or phrase of ``causes``) or a natural hazard as a noun."""
    words = " " + " ".join(t.lower_ for t in sent) + " "
    lemmas = " " + " ".join(lemma(t) for t in sent) + " "
    if any(f" {c} " in words or f" {c} " in lemmas for c in causes):
        return True
    return any(t.pos_ in ("NOUN", "PROPN") and (lemma(t) in hazards or t.lower_ in hazards) for t in sent)


def _phrase_tokens(sent: Span, phrases: frozenset[str]) -> set[int]:
    """The indices of the tokens of ``sent`` inside any of ``phrases`` (matched on lemmas or lower-case words)."""
    toks = [t for t in sent if not t.is_space]
    found: set[int] = set()
    for phrase in phrases:
        parts = phrase.split()
        n = len(parts)
        for k in range(len(toks) - n + 1):
            span = toks[k:k + n]
            if all(p in (t.lower_, lemma(t)) for p, t in zip(parts, span)):
                found.update(t.i for t in span)
    return found


def _negated(tok: Token) -> bool:
    verb = _verb_of(tok)
    if verb is not tok and _negated_one(verb):
        return True  # "No one was killed in the protest": the protest goes with the negated killing
    return _negated_one(tok)


def _negated_one(tok: Token) -> bool:
    words = _words(tok)
    _NEGATION_WORDS, _NEGATIVE_PRONOUNS = words("negation_words"), words("negative_pronouns")
    _NEGATIVE_DETERMINERS, _NEGATED_ONE = words("negative_determiners"), words("negated_one")
    for t in [tok, tok.head] if tok.dep_ in ("xcomp", "dobj", "nsubjpass", "nsubj", "pobj", "acomp") else [tok]:
        if any(c.dep_ == "neg" or c.lower_ in _NEGATION_WORDS for c in t.children):
            return True
    # "no one was killed", "no protests were held": a negative determiner on the subject/object
    for c in list(tok.children) + ([tok] if tok.pos_ == "NOUN" else []):
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") or c is tok:
            if c.lower_ in _NEGATIVE_PRONOUNS or any(d.lower_ in _NEGATIVE_DETERMINERS and d.dep_ == "det"
                                                     for d in c.children):
                return True
            if c.lower_ in _NEGATED_ONE and any(d.lower_ in _NEGATIVE_DETERMINERS for d in c.children):
                return True
    if tok.pos_ == "NOUN" and tok.head.pos_ in ("VERB", "AUX"):
        return _negated_verb(tok.head)
    return False


def _negated_verb(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _verb_of(tok: Token) -> Token:
    """The verb that governs a trigger (itself when it is one)."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def _hypothetical(tok: Token) -> str | None:
    """Why an occurrence is not asserted: 'future', 'planned', 'conditional', or None."""
    words = _words(tok)
    MODALS_HYPOTHETICAL, PLANNING_HEADS = words("hypothetical_modals"), words("planning_heads")
    DENIAL_HEADS = words("denial_heads")
    _FUTURE_AUXILIARIES, _CONDITIONAL_MARKS = words("future_auxiliaries"), words("conditional_marks")
    # "a team planning bombings" parsed with "planning" on the noun, "planned attacks": an act only planned
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ in ("compound", "amod") and c.lower_ in
                                             optional_words(tok.doc, "planning_modifiers") for c in tok.children):
        return "planned/called for"
    t = tok
    for _ in range(5):
        if any(c.tag_ == "MD" and c.lower_ in MODALS_HYPOTHETICAL for c in t.children):
            return "future/hypothetical"
        if any(c.lower_ in _FUTURE_AUXILIARIES and c.dep_ == "aux" for c in t.children):
            return "future/hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in t.children):
            return "conditional"
        if t is not tok and lemma(t) in PLANNING_HEADS and t.pos_ in ("VERB", "NOUN"):
            return "planned/called for"
        if t is not tok and lemma(t) in DENIAL_HEADS and t.pos_ == "VERB":
            return "denied"  # "officials denied that anyone had been arrested": who denies what is a claim, not an event
        # "said that reports that a protester had died ... were false": a report called false is a denial
        if t is not tok and lemma(t) in optional_words(t.doc, "report_nouns") and any(
                g.dep_ in ("acomp", "attr") and (g.lower_ in optional_words(t.doc, "falsity_words")
                                                 or lemma(g) in optional_words(t.doc, "falsity_words"))
                for c in (t, t.head, *t.children) for g in c.children):
            return "denied"
        # "a video shared with the claim that it shows police killing protesters in Shiraz is old": a claim inside
        # the subject of a verb that calls the subject false (a fact-check's verdict) is no event told
        if t is not tok and lemma(t) in optional_words(t.doc, "report_nouns") and _called_false(t):
            return "denied"
        # "was unable to verify reports that a protester was shot dead", "could not confirm the claim": a report
        # nobody vouches for is no event told
        if t is not tok and lemma(t) in optional_words(t.doc, "report_nouns") and t.dep_ == "dobj" and \
                _not_vouched(t.head):
            return "unverified"
        # "a video that purports to show police firing on protesters": what a thing only purports to show is not told
        # as having happened
        if t is not tok and lemma(t) in optional_words(t.doc, "purporting_verbs"):
            return "unverified"
        if t.dep_ == "ROOT" or t.head is t:
            break
        t = t.head
    return None


def _called_false(noun: Token) -> bool:
    """The noun is inside the subject of a verb whose predicate is a word of ``falsity_words`` ("the video shared
    with the claim that ... is old", "a clip ... is fake")."""
    t = noun
    while t.dep_ not in ("nsubj", "nsubjpass") and t.head.i != t.i:
        t = t.head
    verb = t.head
    if t.dep_ not in ("nsubj", "nsubjpass") or verb.i == t.i:
        return False
    falsity = optional_words(noun.doc, "falsity_words")
    return any(g.dep_ in ("acomp", "attr") and (g.lower_ in falsity or lemma(g) in falsity) for g in verb.children)


def _not_vouched(verb: Token) -> bool:
    """A verifying verb (``verifying_verbs``) negated or after a word of inability (``inability_words``):
    "could not verify", "was unable to confirm", "failed to verify"."""
    if lemma(verb) not in optional_words(verb.doc, "verifying_verbs"):
        return False
    unable = optional_words(verb.doc, "inability_words")
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and (verb.head.lower_ in unable or lemma(verb.head) in unable
                                     or any(c.dep_ == "neg" for c in verb.head.children))


def _generic(trigger: Trigger, sent: Span, has_date: bool) -> bool:
    """A statement without an occurrence: "the regime kills its people", "organising protests"."""
    tok = trigger.head
    verb = _verb_of(tok)
    words = _words(tok)
    _EVENT_AUXILIARIES, _PERFECT_AUXILIARIES = words("event_auxiliaries"), words("perfect_auxiliaries")
    if tok.pos_ == "VERB" and tok.tag_ in ("VBZ", "VBP") and not has_date:
        # present habitual ("kills", "arrest"), unless a perfect or passive auxiliary makes it an event
        if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in _EVENT_AUXILIARIES for c in tok.children):
            return True
    if tok.pos_ == "VERB" and tok.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        if tok.dep_ in ("ROOT", "conj", "xcomp"):
            return True  # an imperative or a bare infinitive ("Join the protests", "to kill")
    if tok.pos_ in ("NOUN", "PROPN"):
        head = tok.head
        for _ in range(5):  # "logging incidents such as deaths, arrests", "organising protests"
            if head.tag_ == "VBG" and head.dep_ in ("pcomp", "pobj", "acl", "advcl", "xcomp", "conj"):
                # "fired at teachers staging a sit-in" (the parser may hang the clause on the verb): people holding
                # one then, not "organising protests"
                return not (head.dep_ in ("acl", "advcl") and
                            lemma(head) in optional_words(tok.doc, "protest_holding_verbs"))
            if head.dep_ not in ("conj", "pobj", "prep", "amod", "dobj", "appos") or head.head is head:
                break
            head = head.head
        # "Attacks on clerics have become a grim feature of life", "strikes remain common": a class of events described
        # (a bare plural, no figure, the subject of "become"/"remain" with what it became), not one told here
        if tok.dep_ == "nsubj" and tok.tag_ == "NNS" and lemma(tok.head) in ("become", "remain") and \
                not _has_number(tok) and not any(c.dep_ in ("det", "poss") for c in tok.children) and \
                any(c.dep_ in ("attr", "acomp") for c in tok.head.children):
            return True
        if verb.tag_ in ("VBZ", "VBP") and not has_date and not any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in _PERFECT_AUXILIARIES for c in verb.children
        ) and not _has_number(tok):
            return True  # "X is responsible for the protests", "protests are a response"
    return False


def _has_number(tok: Token) -> bool:
    return any(c.like_num or c.dep_ == "nummod" for c in tok.children)



def _year_of(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def _without_past_asides(live: list[Trigger], sdates: list) -> tuple[list[Trigger], frozenset[int]]:
    """Drop triggers of a clause about an earlier year inside a sentence about something else: "arrested
    the mother of Pejman Gholipour, who was killed in the 2019 protests", "the families of those killed in
    2019 gathered", "marched to mark Bloody Friday, when security forces killed 96 people in 2022". The aside
    is background to the person or the day, not a second incident of this sentence. Returns the triggers
    kept and the tokens of the dropped clauses (their words do not type this sentence's incident)."""
    asides = []
    aside_tokens: set[int] = set()
    for trig in live:
        clause = next((t for t in [trig.head, *trig.head.ancestors] if t.dep_ in ("relcl", "acl")), None)
        if clause is None or main_verb_taken_for_a_clause(clause) or _gapped_passive(clause):
            continue
        # "put the number killed in Sanandaj on Saturday at nine": the clause on a noun of figures is whose figure
        # the sentence states, not an aside about someone
        if clause.dep_ == "acl" and lemma(clause.head) in optional_words(clause.doc, "figure_nouns"):
            continue
        tokens = list(clause.subtree)
        span = {t.idx for t in tokens}
        years = [_year_of(d.value) for d in sdates if d.start in span and d.year_known]
        if len(set(years)) > 1:
            # "Families of people killed in the November 2019 protests gathered ... on Friday ..., and agents
            # detained five": the parser hung the whole sentence on the aside; the aside is its own words, not the
            # clauses and joined verbs under it, which carry the later day
            tokens = own_clause_words(clause)
            if trig.head not in tokens:
                continue  # the trigger is in a clause or verb under the aside, not in the aside
            span = {t.idx for t in tokens}
            years = [_year_of(d.value) for d in sdates if d.start in span and d.year_known]
        others = [_year_of(d.value) for d in sdates if d.start not in span and d.year_known]
        if not years or years[0] is None:
            continue
        if others and others[0] is not None and others[0] > years[0]:
            # the sentence is dated later than the aside: the aside is not its event, and its words do not
            # type the sentence's incident
            asides.append(trig)
            aside_tokens.update(t.i for t in tokens)
        elif not others and len(live) > 1 and trig.is_act and not _a_result_of_the_sentence(trig, clause) and \
                any(t.head.idx not in span for t in live if t is not trig) and not told_at_a_commemoration(trig):
            # (the one a funeral is for, harmed on a day of its own, is an incident of that day: background.py)
            # (a "clause" holding every other trigger is the sentence itself, as the parser may hang it on a
            # wire dateline: "DUBAI, April 5 (Reuters) - Militants attacked ..., sparking gunfights in which ...")
            # only the clause is dated ("stones thrown by demonstrators on 3 May"): its trigger is not a second
            # incident, but its words may still say what happened ("stones": a violent demonstration); a
            # gathering in it is the scene of the act ("detained people who had gathered outside Evin on Sunday")
            asides.append(trig)
    return [t for t in live if t not in asides], frozenset(aside_tokens)



def _gapped_passive(clause: Token) -> bool:
    """"Two officers were killed and four civilians injured on Monday": the second passive, its "were" left out, is
    parsed as a participle clause on its subject, the subject joined to the first verb; it is a second act of the
    sentence, told with the sentence's own day, not an aside about the people."""
    noun = clause.head
    return clause.dep_ == "acl" and clause.tag_ == "VBN" and noun.dep_ == "conj" and noun.i < clause.i and \
        noun.head.pos_ in ("VERB", "AUX") and any(c.dep_ == "auxpass" for c in noun.head.children)


def _a_result_of_the_sentence(trig: Trigger, clause: Token) -> bool:
    """"Police fired on mourners gathered at a cemetery on Thursday, killing three people": a participle set off by
    a comma (", killing ...", ", wounding ...") that the parser hung on a clause about a noun tells what the
    sentence's act did, not something the noun's clause says; its date is the sentence's."""
    doc = trig.head.doc
    for t in [trig.head, *trig.head.ancestors]:
        if t.i == clause.i:
            return False
        if t.dep_ == "advcl" and t.tag_ == "VBG" and t.head.i == clause.i and t.left_edge.i > 0 and \
                doc[t.left_edge.i - 1].text == ",":
            return True
    return False


def _sentenced_to(tok: Token) -> bool:
    words = _words(tok)
    _SENTENCE_VERBS, _SENTENCE_PREPOSITIONS = words("sentence_verbs"), words("sentence_prepositions")
    t = tok
    for _ in range(3):
        if t.dep_ == "pobj" and t.head.lower_ in _SENTENCE_PREPOSITIONS and lemma(t.head.head) in _SENTENCE_VERBS:
            return True
        t = t.head
    return False


def is_background(c: Candidate, date: IncidentDate, pub: dt.date | None) -> bool:
    """A reference to a past, well-known event rather than news: dated more than a year before publication,
    or (no publication date) named only as a noun with a stated year inside a sentence about something else.
    A sentence passed and nothing else ("sentenced three men to death", "upheld the death sentence") is a
    court's decision, not an event on this date: recorded, as background."""
    if c.acts and c.acts <= {"sentenced"} and not c.kinds:
        return True
    if c.refers_to_background or c.past_of_another:
        return True
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


def _is_total(c: Candidate) -> bool:
    figures = [n.min or n.max or 0 for n in c.counts.values() if n is not None]
    return bool(figures) and max(figures) >= 100 and (c.place is None or getattr(c.place, "feature", "") == "country")
