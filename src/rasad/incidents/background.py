"""Background inside a sentence about something else: the words that name an earlier or standing matter,
not a new incident on this date.

- the cause of a protest, strike or arrest: "protests since the death of a young woman in custody", "shops
  closed in protest at the crackdown", "arrested over the unrest";
- the one a funeral, vigil or anniversary is for: "the funeral of a boy who was shot dead last month", "to
  mark the anniversary of the killing of ...";
- a charge: "hanged two men for killing a member of the Basij", "convicted of murder";
- a sentence passed: "upheld the death sentence", "on death row";
- a running total: "the crackdown has killed more than 450 people since September";
- the detention a release is from: "freed on bail 40 days after his arrest";
- a clause dated before the sentence's own event: "gathered on Thursday for a teenager killed last week".

Their triggers are not incidents of the sentence and their words do not type its incident (a killing named
as a protest's cause does not make the protest "excessive force"). Rules over spaCy's dependency parse; the
words are data (``data/incidents/<lang>.yaml``, ``words``: a language without these lists keeps every
trigger).
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from rasad.incidents.lexicon import optional_words
from rasad.incidents.reporting import is_reporting, saying_date_tokens
from rasad.incidents.slots import part_told_apart
from rasad.incidents.triggers import Trigger


_HARM = {"killed", "executed", "shot", "injured", "beaten"}
_HELD = {"arrested", "detained", "sentenced"}
# the acts of violence that a clause on the arrested may say they did before (``_what_the_held_did``)
_DONE_BY_THE_HELD = {"riot", "property", "attack", "clash", "bomb", "mob"}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _within(tok: Token, root: Token) -> bool:
    return root.left_edge.i <= tok.i <= root.right_edge.i and (tok.i == root.i or root in tok.ancestors)


def _cause_phrase(trig: Trigger, others: list[Trigger], sent: Span) -> Token | None:
    """The preposition of a cause phrase ("over / since / against / at / in support of ...") that holds the
    trigger and hangs on another trigger's word or clause: the trigger is that event's cause."""
    doc = sent.doc
    causes = optional_words(doc, "cause_prepositions")
    if not causes:
        return None
    head = trig.head
    for anc in head.ancestors:
        if not sent.start <= anc.i < sent.end:
            break
        if anc.dep_ == "prep" and anc.lower_ in causes and head.i > anc.i:
            governor = anc.head
            # "in support of", "in protest at": the phrase hangs on the noun of "in support"
            for other in others:
                if other is trig or _within(other.head, anc):
                    continue
                o = other.head
                if o.i == governor.i or _within(governor, o) or _within(o, governor) and not _within(o, anc):
                    return anc
        if anc.dep_ in ("ROOT",):
            break
    return None


def own_clause_words(clause: Token) -> list[Token]:
    """The words of a clause without the clauses under it and the verbs joined to it by "and" (with their words)."""
    cut: set[int] = set()
    for t in clause.subtree:
        if t.i != clause.i and t.i not in cut and (t.dep_ in ("relcl", "acl", "advcl", "ccomp") or
                                                   t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")):
            cut.update(x.i for x in t.subtree)
    return [t for t in clause.subtree if t.i not in cut]


def _commemorated(trig: Trigger, sent: Span) -> Token | None:
    """The funeral, burial, anniversary or memorial noun whose phrase holds the trigger ("the funeral of a
    boy who was shot dead", "the anniversary of the killing")."""
    nouns = optional_words(sent.doc, "commemoration_nouns")
    verbs = optional_words(sent.doc, "commemoration_verbs")
    gatherings, held_for = optional_words(sent.doc, "gathering_for_verbs"), optional_words(sent.doc, "held_for_prepositions")
    for anc in trig.head.ancestors:
        if not sent.start <= anc.i < sent.end:
            break
        if anc.pos_ in ("NOUN", "PROPN") and _lemma(anc) in nouns:
            return anc
        # "as they buried a man shot dead by security forces": the one buried, as "the funeral of a man ..."
        if anc.pos_ in ("NOUN", "PROPN") and anc.dep_ in ("dobj", "nsubjpass") and _lemma(anc.head) in verbs:
            return anc
        # "hundreds gathered on Monday for a teenager who was shot dead last week", "attended a vigil for X, who was
        # killed ...": the one a gathering is held for, as "the funeral of ..."
        if anc.pos_ in ("NOUN", "PROPN") and anc.dep_ == "pobj" and anc.head.lower_ in held_for and \
                _lemma(anc.head.head) in gatherings:
            return anc
    # "attended the funeral on Monday of X, a kolbar shot dead by border guards on Saturday": the parser read the
    # participle as a noun and hung it anywhere; a funeral named before it is the one it tells of
    if _participle_read_as_noun(trig):
        return next((t for t in sent if t.i < trig.tokens[0].i and t.pos_ in ("NOUN", "PROPN") and _lemma(t) in nouns),
                    None)
    return None


def _participle_read_as_noun(trig: Trigger) -> bool:
    """"a kolbar shot dead by border guards", "a kolbar shot by border guards": an act's participle the parser took
    for a noun (a compound on the person's noun); its agent ("by ...") or the state word of its phrase ("dead") says
    it is a verb's."""
    head = _participle_token(trig)
    if head is None:
        return False
    agents = optional_words(head.doc, "noun_agent_prepositions")
    return len(trig.tokens) > 1 or any(c.dep_ == "prep" and c.lower_ in agents for c in head.children)


def _participle_token(trig: Trigger) -> Token | None:
    """The trigger's word read as a singular noun ("shot" of "shot dead"), if it is an act's."""
    if not trig.is_act:
        return None
    return next((t for t in trig.tokens if t.pos_ == "NOUN" and t.tag_ == "NN"), None)


def memorial_noun_phrases(sent: Span, sdates: list) -> list[set[int]]:
    """The character offsets of each phrase on a noun with an agent ("by ...") inside a funeral's or vigil's phrase,
    with the date told right after it ("the funeral of a kolbar shot by border guards last week turned into a
    protest on Monday", "shot" read as a noun): what was done to the one mourned, and when; not the funeral's day."""
    nouns = optional_words(sent.doc, "commemoration_nouns")
    agents = optional_words(sent.doc, "noun_agent_prepositions")
    out = []
    for tok in sent:
        if tok.pos_ == "NOUN" and tok.tag_ == "NN" and any(c.dep_ == "prep" and c.lower_ in agents for c in tok.children) \
                and any(a.pos_ in ("NOUN", "PROPN") and _lemma(a) in nouns for a in tok.ancestors):
            out.append({t.idx for t in _participle_clause(tok, sdates)})
    return out


def _participle_clause(head: Token, sdates: list) -> list[Token]:
    """The tokens of a participle read as a noun, its person and the date told right after it ("a kolbar shot by
    border guards last week", which the parser hung on the main verb)."""
    tokens = list(head.subtree)
    end = tokens[-1].idx + len(tokens[-1].text)
    after = next((d for d in sdates if 0 <= d.start - end <= 1), None)
    if after is not None:
        tokens += [t for t in head.sent if after.start <= t.idx < after.end]
    return tokens


def told_at_a_commemoration(trig: Trigger) -> bool:
    """The trigger is in the phrase of a funeral, burial, anniversary or vigil ("the funeral of a boy who was shot
    dead last month")."""
    return _commemorated(trig, trig.head.sent) is not None


def _blamed(trig: Trigger, sent: Span) -> bool:
    """"the unrest had been instigated by foreign enemies", "blamed the riots on ...": an event named as
    what someone caused is talk about it, not a report of it."""
    head = trig.head
    return not trig.is_act and head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("nsubjpass", "dobj") and \
        _lemma(head.head) in optional_words(sent.doc, "blaming_verbs")


def _criticised(trig: Trigger, live: list[Trigger], sent: Span) -> Token | None:
    """"arrested the actress after she criticised the execution of a protester": an event named as what someone
    criticised or condemned, beside another event of the sentence, is what was said, not an event told here.
    Returns the object phrase (its words do not type the incident)."""
    verbs = optional_words(sent.doc, "criticising_verbs")
    for node in (trig.head, *trig.head.ancestors):
        if not sent.start <= node.i < sent.end:
            break
        if node.dep_ == "dobj" and node.pos_ in ("NOUN", "PROPN") and _lemma(node.head) in verbs:
            if any(t is not trig and not _within(t.head, node.head) for t in live):
                return node
            return None
    return None


def _charged_with(trig: Trigger, sent: Span) -> bool:
    """An act named as a charge: "hanged ... for killing a Basij member", "convicted of murder", "arrested on
    suspicion of killing", "sentenced ... over the killing of"."""
    heads = optional_words(sent.doc, "charge_heads")
    preps = optional_words(sent.doc, "charge_prepositions")
    if not heads:
        return False
    t = trig.head
    # (up to six steps: "arrested 9 people suspected of leading a rally in which protesters set fire to ...": the
    # protesters of a clause on the charged act are in the charge too)
    for _ in range(6):
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return False
        parent = t.head
        if parent.dep_ == "prep" and parent.lower_ in preps:
            governor = parent.head
            for _ in range(3):  # "on suspicion of", "in connection with": up through the nouns of the phrase
                if _lemma(governor) in heads:
                    return True
                if governor.dep_ not in ("pobj", "prep"):
                    break
                governor = governor.head
        t = parent
    return False


def _sentence_passed(trig: Trigger, sent: Span) -> bool:
    """"the death sentence", "death penalty", "on death row", "sentenced to be hanged": a sentence, not a death."""
    head = trig.head
    nouns = optional_words(sent.doc, "sentence_nouns")
    # ("sentenced him to be hanged", "condemned to be flogged": the act the sentence orders, not one done)
    sentencing = optional_words(sent.doc, "sentencing_verbs")
    # (the parser may hang "to be hanged" on the sentenced as a clause: "sentenced two men to be hanged")
    ordered = head.dep_ == "xcomp" and _lemma(head.head) in sentencing or \
        head.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) and \
        head.head.dep_ == "dobj" and _lemma(head.head.head) in sentencing
    return head.dep_ in ("compound", "amod", "nmod") and _lemma(head.head) in nouns or ordered


def _running_total(trig: Trigger, sent: Span) -> bool:
    """A perfect-tense act with "since" ("has killed more than 450 people since September"): a total over
    many events, not one occurrence."""
    head = trig.head
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    perfect = optional_words(sent.doc, "perfect_auxiliaries")
    since = optional_words(sent.doc, "total_since")
    if not since or not any(c.dep_ in ("aux", "auxpass") and c.lower_ in perfect for c in verb.children):
        return False
    preps = [c for c in [*verb.children, *head.children] if c.dep_ in ("prep", "mark") and c.lower_ in since]
    # "had been killed since the unrest began": "since" marks a clause of time on the verb
    preps += [m for c in verb.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark" and m.lower_ in since]
    # "had been killed ... since Tuesday": a few days' toll is an event, not a running total
    days = optional_words(sent.doc, "short_span_days")
    if any(not any(o.lower_ in days for o in p.children) for p in preps):
        return True
    phrase = " " + " ".join(t.lower_ for t in verb.subtree) + " "
    return any(f" {w} " in phrase for w in optional_words(sent.doc, "total_words"))


def _period_total(trig: Trigger, sent: Span, sdates: list) -> bool:
    """An act counted over months or a year, in any tense ("executed at least 170 people over the past twelve
    months", "61 people were arrested in the province during October", "killed 12 protesters in 2022"): a
    statement's or report's total over many events, not one dated occurrence. A span of past months or years
    (``total_span_openers`` before ``total_span_units``) makes a total; a date of a month or a year only makes one
    when a figure above one is counted in the clause ("was arrested in October" stays one arrest)."""
    head = trig.head
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    clause = sorted(_clause_tokens(verb) | {t.i for t in head.subtree})
    toks = [sent.doc[i] for i in clause if sent.start <= i < sent.end]
    openers = optional_words(sent.doc, "total_span_openers")
    units = optional_words(sent.doc, "total_span_units")
    # the span is a phrase on the act itself, not in a clause about its subject ("X, beaten in the past year, died")
    own = {t.i for c in [*verb.children, *head.children] if c.dep_ in ("prep", "npadvmod") for t in c.subtree}
    for n, tok in enumerate(toks):
        if tok.i not in own or tok.lower_ not in units:
            continue
        before = toks[max(0, n - 3):n]
        # "over the past year", "in the previous six months", "over the last twelve months" ("last month" alone is
        # one past month, a date)
        if any(t.lower_ in openers for t in before) or \
                any(t.lower_ == "last" for t in before) and any(t.like_num for t in before):
            return True
    if not toks:
        return False
    first, last = toks[0].idx, toks[-1].idx + len(toks[-1])
    saying = saying_date_tokens(sent)  # "..., Amnesty said on Thursday": when it was said
    inside = [d for d in sdates if first <= d.start < last and d.start not in saying]
    if not inside or any(len(str(d.value or "")) > 7 for d in inside):
        return False
    # a whole named month or year ("during October", "in 2023"), not a time within one ("earlier this month",
    # "last month": one event's vague date)
    relative = optional_words(sent.doc, "total_not_whole_period")
    if any(w in relative for d in inside for w in str(d.text).lower().split()):
        return False
    # a month or year taken as a span ("during October"); "in November 2019", "in 2025" may date one event
    # (a past year's national total is background by its figure: filters)
    spans = optional_words(sent.doc, "total_span_prepositions")
    # ("142 people were executed in May", "214 workers were arrested in May": hangings and arrests, done one by one,
    # counted over a whole month are a tally whatever the preposition; a mass killing may be named by its month)
    # (a town named in the clause makes it an event of that town: "two men were executed in Qom in May")
    towns = [p for p in getattr(sent.doc._, "places", None) or [] if p.feature != "country" and first <= p.start < last]
    if trig.kind in optional_words(sent.doc, "month_tally_acts") and all(d.precision == "month" for d in inside) \
            and not towns:
        spans = spans | optional_words(sent.doc, "month_tally_prepositions")
    text = sent.doc.text

    def before(d) -> str:
        words = text[max(0, d.start - 12):d.start].split()
        return words[-1].lower() if words else ""

    # "In January alone", "In October, ... 180 executions": a month marked as the span counted over ("alone") or in
    # which the figure counts the events themselves is a span too ("arrested 12 people in January", "In November
    # 2019, 300 protesters were killed" may date one event vaguely; a past year's national total is background by
    # its figure: filters)
    alone = optional_words(sent.doc, "total_alone_words")
    ins = optional_words(sent.doc, "total_in_prepositions")
    # (a month already taken as a span above, a tally of acts done one by one, needs no mark)
    whole = [d for d in inside if before(d) not in spans and before(d) in ins and len(str(d.value or "")) == 7]
    if not all(before(d) in spans or d in whole for d in inside):
        return False
    dated = {t.i for d in inside for t in toks if d.start <= t.idx < d.end}
    # a figure counting people (not an age: "Hadis Najafi, 20,", "24 years old")
    measures = optional_words(sent.doc, "earlier_measures")
    figures = [t for t in toks if t.like_num and t.dep_ == "nummod" and _lemma(t.head) not in measures
               and t.i not in dated and _above_one(t)]
    if not figures:
        return False
    for d in whole:
        after = text[d.end:d.end + 8].split()
        marked = bool(after) and after[0].strip(",;").lower() in alone
        events = head.pos_ == "NOUN" and any(t.head.i == head.i for t in figures)
        if not marked and not events:
            return False
    return True


def _above_one(tok: Token) -> bool:
    """A figure above one ("61", "twelve"; a year is no figure)."""
    text = tok.text.replace(",", "")
    if text.isdigit():
        return 1 < int(text) and not (len(text) == 4 and 1900 < int(text) < 2100)
    return tok.lower_ not in ("one", "a", "an") and tok.like_num


def _generic(trig: Trigger) -> bool:
    """"a fifth of all hangings recorded", "every execution": an event noun made general by a determiner
    (``generic_determiners``) is a class of events, not one told here."""
    head = trig.head
    return head.pos_ == "NOUN" and any(c.dep_ in ("det", "predet") and c.lower_ in
                                       optional_words(head.doc, "generic_determiners") for c in head.children)


def first_day(value: str | None) -> dt.date | None:
    """The first day of an ISO date, month or year value."""
    if not value or value.startswith("-"):
        return None
    parts = value.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _earlier_clause(trig: Trigger, sent: Span, sdates: list) -> bool:
    """A relative clause dated before the sentence's own date ("gathered on Thursday for a teenager who was
    killed last week")."""
    clause = next((t for t in [trig.head, *trig.head.ancestors] if t.dep_ in ("relcl", "acl")), None)
    if clause is None:
        return False
    span = {t.idx for t in clause.subtree}
    saying = saying_date_tokens(sent)  # "..., Amnesty said on Thursday": when it was said, not the sentence's event
    inside = [first_day(d.value) for d in sdates if d.start in span]
    outside = [first_day(d.value) for d in sdates if d.start not in span and d.start not in saying]
    inside = [d for d in inside if d is not None]
    outside = [d for d in outside if d is not None]
    return bool(inside and outside) and max(inside) < min(outside)


def _held_in_an_earlier_month(trig: Trigger, live: list[Trigger], sent: Span, sdates: list) -> bool:
    """"Karimi, who was briefly detained last month, has been barred from leaving the country": a detention told in
    a relative clause on someone, dated only by a month (or year) before the report's, in a sentence that tells
    nothing else, is who the person is (their past), not an event of the report."""
    if trig.kind not in _HELD or trig.head.dep_ != "relcl" or any(t is not trig for t in live):
        return False
    published = str(getattr(sent.doc._, "published_at", None) or "")[:7]
    span = {t.idx for t in trig.head.subtree}
    inside = [str(d.value or "") for d in sdates if d.start in span]
    # (a day told is news of its own: "Among them was X, who was detained at his home on 28 October")
    return bool(published) and bool(inside) and all(v[:7] < published and 4 <= len(v) < 10 for v in inside)


def _dated_apart(trig: Trigger, memorial: Token, sent: Span, sdates: list) -> frozenset[int] | None:
    """The tokens of the clause on the one a funeral or vigil (``memorial``) is for that tells how they were harmed
    with a day of its own before the sentence's other dates ("the funeral of X, who was shot dead by security forces
    on Sunday", "mourners buried a student killed last week"), or None (no such clause inside the memorial's phrase,
    no date of its own, not an earlier one, or two dates in it with none outside: the parser may have put the
    sentence's own day in the clause)."""
    clause = None
    for t in [trig.head, *trig.head.ancestors]:
        if t.i == memorial.i:
            break
        if t.dep_ in ("relcl", "acl"):
            clause = list(t.subtree)
            break
    if clause is None and _participle_read_as_noun(trig):
        clause = _participle_clause(_participle_token(trig), sdates)
    if clause is None:
        return None
    span = {t.idx for t in clause}
    saying = saying_date_tokens(sent)
    inside = [first_day(d.value) for d in sdates if d.start in span]
    outside = [first_day(d.value) for d in sdates if d.start not in span and d.start not in saying]
    inside = [d for d in inside if d is not None]
    outside = [d for d in outside if d is not None]
    if not inside or outside and max(inside) >= min(outside) or not outside and len(inside) > 1:
        return None
    return frozenset(t.i for t in clause)


def _set_off_earlier(trig: Trigger, live: list[Trigger], sent: Span) -> Token | None:
    """The clause or phrase of "a day after security forces shot dead a man", "two weeks after the killing of":
    an act a span of days or more before the sentence's event (that a trigger outside it states)."""
    marks = optional_words(sent.doc, "earlier_marks")
    measures = optional_words(sent.doc, "earlier_measures")
    if not marks:
        return None
    for t in [trig.head, *trig.head.ancestors]:
        if not sent.start <= t.i < sent.end or t.dep_ == "ROOT":
            return None
        if t in _resumed_clauses(t.head):
            return None  # "..., a week after X killed two people, and police arrested 15": the sentence goes on
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
            holder = t
        elif t.dep_ == "prep" and t.lower_ in marks:
            holder = t
        else:
            continue
        resumed = {i for c in _resumed_clauses(holder) for i in range(c.left_edge.i, c.right_edge.i + 1)}
        # ("On Thursday, a day after the protest, agents raided ...": the measure may head the phrase)
        measured = any(c.dep_ == "npadvmod" and _lemma(c) in measures for c in holder.children) or \
            holder.dep_ == "prep" and holder.head.dep_ == "npadvmod" and _lemma(holder.head) in measures
        if measured and \
                any(not _within(o.head, holder) or o.head.i in resumed for o in live if o is not trig):
            return holder
        return None
    return None


def _resumed_clauses(verb: Token) -> list[Token]:
    """The clauses with a subject of their own joined to ``verb`` after a comma and "and" ("Protests resumed on
    Monday, a week after security forces killed two people, and police arrested 15 people"): the parser may hang
    the sentence's next clause on the clause of time before it, but after ", and" with a new subject the sentence
    goes on with its own events."""
    doc = verb.doc
    joiners = optional_words(doc, "side_new_clause_marks")
    out = []
    for c in verb.children:
        if c.dep_ != "conj" or c.pos_ not in ("VERB", "AUX") or c.i < verb.i or \
                not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            continue
        cc = next((g for g in verb.children if g.dep_ == "cc" and verb.i < g.i < c.i and g.lower_ in joiners), None)
        if cc is not None and cc.i > 0 and doc[cc.i - 1].text == ",":
            out.append(c)
    return out


def _tallied(trig: Trigger, sent: Span, sdates: list) -> bool:
    """"Hengaw said it had registered the arrest of at least 67 Kurdish citizens in June", "Last week, HRANA
    recorded protests in 24 cities": events a monitor counted over a week, month or year (the object of a
    tallying verb, ``tallying_verbs``, in a sentence dated no closer than a week) are a tally of many events, not
    one; "documented the arrest of a teacher on Sunday" is one event."""
    verbs = optional_words(sent.doc, "tallying_verbs")
    if not verbs or trig.head.pos_ not in ("NOUN", "PROPN"):
        return False  # (a clause "security forces killed two people last week, HRANA recorded" tells its event)
    saying = saying_date_tokens(sent)
    # ("recorded 11 deaths in custody in May": "record" reports too, but a month or a year on it is the span it
    # counted over, not the day it said so)
    told = [d for d in sdates if d.value and (d.start not in saying or d.precision != "day")]
    if not told or any(d.precision == "day" for d in told):
        return False
    # what the verb counted: its object or a phrase hung on it ("..., along with at least 40 arrests"), up to a
    # clause with a subject of its own (which tells something else)
    for node in trig.head.ancestors:
        if not sent.start <= node.i < sent.end:
            return False
        if _lemma(node) in verbs and node.pos_ == "VERB":
            return True
        if node.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            return False
    return False


def _kin_of(trig: Trigger) -> bool:
    """The trigger names the one someone is kin of ("relatives of a protester", "the mother of a striker")."""
    return _one_kin_are_of(trig.head)


def _one_kin_are_of(noun: Token) -> bool:
    """The noun is the one someone is kin of ("the mother of a protester": protester)."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and \
        _lemma(noun.head.head) in optional_words(noun.doc, "kin")


def _protest_by_the_state(trig: Trigger) -> bool:
    """"Iran's foreign ministry summoned the British ambassador to protest ...": "to protest" as the purpose of
    an act whose subject is the state (words of ``state_bodies``) is diplomacy, not a demonstration."""
    head = trig.head
    if head.pos_ != "VERB" or head.dep_ not in ("advcl", "xcomp") or \
            not any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return False
    bodies = optional_words(head.doc, "state_bodies")
    subjects = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(_lemma(t) in bodies for s in subjects for t in s.subtree)


def _clause_tokens(head: Token) -> set[int]:
    """The tokens of the clause a word heads, without the clauses joined to it ("..., and 18 others have been
    sentenced")."""
    out = {head.i}
    for child in head.children:
        if child.dep_ not in ("conj", "cc", "parataxis"):
            out.update(t.i for t in child.subtree)
    return out


def _after_cause_noun(prep: Token) -> bool:
    """A preposition right after a cause noun ("in protest at", "in solidarity with"; ``cause_nouns``), or one
    joined to such a preposition ("... with protesters and against the crackdown")."""
    doc = prep.doc
    nouns = optional_words(doc, "cause_nouns")
    first = prep
    while first.dep_ == "conj" and first.head.pos_ == "ADP":
        first = first.head
    if first.dep_ != "prep" or first.i == 0:
        return False
    before = doc[first.i - 1]
    return before.dep_ == "pobj" and _lemma(before) in nouns and before.head.head.i == first.head.i


def _kin_described(clause: Token, live: list[Trigger], trig: Trigger) -> bool:
    """The clause is about the one another act's object is kin of ("detained the father of a teenager killed
    during the protests"): it says whose father, not what happened here."""
    person = clause.head
    if person.dep_ != "pobj" or person.head.lower_ != "of":
        return False
    kin = person.head.head
    if _lemma(kin) not in optional_words(kin.doc, "kin"):
        return False
    return any(other is not trig and other.is_act and kin.head.i == other.head.i and kin.dep_ in ("dobj", "nsubjpass")
               for other in live)


def _describes_a_victim(trig: Trigger, live: list[Trigger]) -> bool:
    """The trigger is inside a clause (acl/relcl) on a noun that is who another trigger's act harmed."""
    # "sentenced Dariush Karimpour, a protester from Isfahan, to death": the protest word says who was sentenced
    if trig.head.dep_ == "appos" and any(other.is_act and other.kind == "sentenced" and trig.head.head.head.i == other.head.i
                                         and trig.head.head.dep_ in ("dobj", "nsubjpass") for other in live):
        return True
    clause = next((t for t in trig.head.ancestors if t.dep_ in ("acl", "relcl")), None)
    if clause is None and trig.head.dep_ == "appos" and any(c.dep_ in ("acl", "relcl") and c.tag_ in ("VBN", "VBD")
                                                            for c in trig.head.children):
        # "Farhad Nouri, a protester held in Urmia prison, died": the word in apposition to the one harmed, with
        # the clause of what was done to him before, says who he is (a protester once), not a protest now
        clause = trig.head
    elif clause is None or clause.tag_ == "VBG":  # "fired at teachers staging a sit-in": what they were doing then
        return False
    if _kin_described(clause, live, trig):
        return True
    person = clause.head
    # "Ebrahim Nazari, a labourer arrested during protests in Qorveh, died in custody": the clause is on an
    # apposition of the one harmed
    while person.dep_ == "appos" and person.head.i < person.i:
        person = person.head
    # "the body of X, who had been arrested during protests, was handed to his family": X's body is the one harmed
    if person.dep_ == "pobj" and person.head.lower_ == "of" and \
            _lemma(person.head.head) in optional_words(person.doc, "body_words"):
        person = person.head.head
    # "The family of X, a worker arrested in last month's protests, was told that he had died in prison": the one the
    # kin are of, told again by a pronoun as the one harmed
    kin_one = _one_kin_are_of(person)
    pronouns = optional_words(person.doc, "one_person_pronouns")
    for other in live:
        if other is trig or not other.is_act or other.kind not in _HARM or _within(other.head, clause):
            continue
        if person.head.i == other.head.i and person.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return True
        if kin_one and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in pronouns for c in other.head.children):
            return True
    return False


def _what_the_held_did(trig: Trigger, live: list[Trigger]) -> bool:
    """What those arrested are said to have done, or are called: "arrested 30 rioters", "detained 14 people who had
    torched banks", "arrested eight members of a gang that opened fire on police": the arrest is the event told,
    the rioting or attack (a past clause on the arrested, or the noun naming them) says who they are.
    Not a clause of what they were doing then ("arrested workers staging a sit-in": a gerund) or a protest."""
    if trig.is_act and trig.kind not in _HARM or not trig.is_act and trig.kind not in _DONE_BY_THE_HELD:
        return False
    held = [t for t in live if t is not trig and t.is_act and t.kind in _HELD - {"sentenced"}]
    clause = next((t for t in [trig.head, *trig.head.ancestors] if t.dep_ == "relcl"), None)
    if clause is not None and clause.tag_ in ("VBD", "VBN"):
        person = clause.head
        # "eight members of a gang that ...": the members are who was arrested
        while person.dep_ == "pobj" and person.head.lower_ in optional_words(person.doc, "partitive_prepositions"):
            person = person.head.head
    elif clause is None and not trig.is_act and trig.kind == "riot" and trig.head.pos_ in ("NOUN", "PROPN"):
        person = trig.head
    else:
        return False
    return any(person.dep_ in ("dobj", "nsubjpass") and person.head.i == h.head.i
               and (clause is None or not _within(h.head, clause)) for h in held)


def _kin_of_described(trig: Trigger, live: list[Trigger]) -> bool:
    """An act in a clause about the one another act's object is kin of ("the father of a teenager killed in
    2022")."""
    clause = next((t for t in [trig.head, *trig.head.ancestors] if t.dep_ in ("acl", "relcl")), None)
    return clause is not None and _kin_described(clause, live, trig)


def _named_in_a_release(trig: Trigger, sent: Span) -> bool:
    """"was freed on bail ..., 40 days after his arrest", "ordered the release on bail of 12 workers detained
    during a strike": the detention (or the protest it came from) named in a clause about a release is what they
    are released from, not an event told here; not a harm ("released the bodies of protesters killed ...") and
    not an act joined to the release ("freed on Sunday and arrested again on Monday")."""
    if trig.is_act and trig.kind not in _HELD or not trig.is_act and trig.kind not in ("protest", "strike"):
        return False
    releases = optional_words(sent.doc, "release_words")
    for anc in trig.head.ancestors:
        if not sent.start <= anc.i < sent.end:
            break
        if _lemma(anc) in releases and trig.head.i in _clause_tokens(anc):
            return True
    return False


def _reported_on_by_those_described(trig: Trigger) -> bool:
    """"sentenced two journalists who reported on the death of a young woman in custody": an event named as what a
    clause about someone reported or wrote on (``topic_prepositions`` on a reporting verb of a relative clause) says
    who they are, not what happened here."""
    head = trig.head
    prep = head.head if head.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in optional_words(head.doc, "topic_prepositions"):
        return False
    verb = prep.head
    return verb.dep_ in ("relcl", "acl") and is_reporting(verb)


def _a_year_before_the_report(tokens) -> bool:
    """One of the tokens is a year before the report's publication year."""
    tokens = list(tokens)
    if not tokens:
        return False
    published = str(getattr(tokens[0].doc._, "published_at", None) or "")[:4]
    return published.isdigit() and any(t.like_num and len(t.text) == 4 and t.text.isdigit()
                                       and 1900 < int(t.text) < int(published) for t in tokens)


def _act_during_an_earlier_years_event(trig: Trigger, live: list[Trigger]) -> bool:
    """"a teenager he shot dead during the 2022 protests": an act placed in time by an event of a year before the
    report's (``event_time_prepositions`` + an event word named by the year) is part of that past event."""
    events = {t.head.i for t in live if not t.is_act}
    times = optional_words(trig.head.doc, "event_time_prepositions")
    return any(p.dep_ == "prep" and p.lower_ in times and g.dep_ == "pobj" and g.i in events and
               any(c.dep_ in ("nummod", "compound", "amod", "npadvmod") and _a_year_before_the_report(c.subtree)
                   for c in g.children)
               for p in trig.head.children for g in p.children)


def _named_earlier(trig: Trigger) -> bool:
    """"Previous gatherings drew several hundred people", "after months of weekly rallies": an event word marked as
    an earlier one (``earlier_event_modifiers``) or as a span of many months (``standing_span_nouns`` + "of") is a
    past or standing matter the report refers to, not an event of its date."""
    head = trig.head
    if any(c.dep_ == "amod" and c.lower_ in optional_words(head.doc, "earlier_event_modifiers") for c in head.children):
        return True
    of = head.head if head.dep_ == "pobj" else None
    return of is not None and of.lower_ == "of" and of.head.tag_ == "NNS" and \
        _lemma(of.head) in optional_words(head.doc, "standing_span_nouns") and \
        not any(c.dep_ == "nummod" for c in of.head.children)


def _named_by_an_earlier_year(trig: Trigger) -> bool:
    """"detained protesters during the 2022 uprising", "families of those killed in the November 2019 protests": an
    event noun named by a year before the report's is a past event the report refers to, not one it reports."""
    earlier = _a_year_before_the_report

    for c in trig.head.children:
        if c.dep_ in ("nummod", "compound", "amod", "npadvmod") and earlier(c.subtree):
            return True
    # "the crackdown on fuel protests in 2019", "the protests in 2019": a year in the phrase's "in" on the event noun,
    # or on the noun it is the object of
    nouns = [trig.head]
    if trig.head.dep_ == "pobj" and trig.head.head.dep_ == "prep" and trig.head.head.head.pos_ == "NOUN":
        nouns.append(trig.head.head.head)
    return any(p.dep_ == "prep" and p.lower_ == "in" and earlier(g for g in p.children if g.dep_ == "pobj")
               for n in nouns if n.pos_ == "NOUN" for p in n.children)


def _state_of_the_dead(trig: Trigger, live: list[Trigger]) -> Token | None:
    """The prepositional phrase holding a protest word that hangs on a verb whose subject is the one who died
    (``victim_subject_triggers``: "died after 40 days on hunger strike", "died during his hunger strike")."""
    if trig.kind not in ("protest", "strike"):
        return None
    dying = optional_words(trig.head.doc, "victim_subject_triggers")
    deaths = {t.head.i for t in live if t.is_act and t.kind == "killed" and _lemma(t.head) in dying}
    outer = None
    for anc in trig.head.ancestors:
        if anc.dep_ == "prep":
            outer = anc
        if anc.i in deaths:
            return outer
        # "died ... in Karaj, west of Tehran, after 40 days on hunger strike, the group said": the parser may hang
        # the phrase on the reporting verb whose content is the death
        if outer is not None and is_reporting(anc) and (anc.head.i in deaths or any(
                d in (c.i for c in anc.children if c.dep_ in ("ccomp", "advcl")) for d in deaths)):
            return outer
        if anc.dep_ not in ("prep", "pobj", "npadvmod", "compound"):
            return None
    return None


def background_triggers(live: list[Trigger], sent: Span, sdates: list) -> tuple[list[Trigger], set[int]]:
    """Split the sentence's live triggers into the incident's and background. Returns the triggers kept and
    the tokens of the background phrases (their words do not type the incident)."""
    kept: list[Trigger] = []
    aside: set[int] = set()
    totals: set[int] = set()  # the tokens of running totals' clauses
    dated_before: set[int] = set()  # the tokens of clauses dated before the sentence's event
    counted_from: set[int] = set()  # the tokens of "since the protests": the time a state is counted from
    # "in protest at the crackdown", "in support of the protests", "over the unrest": the phrase says why,
    # its words do not type the event (whether or not a trigger is in it)
    for tok in sent:
        # the protest's word, or the verb it is the object of ("began a hunger strike ... against executions")
        # ("went on strike against ...": the verb whose phrase holds the strike word)
        protest_word = any((t.head.i == tok.head.i or t.head.dep_ == "dobj" and t.head.head.i == tok.head.i
                            or t.head.dep_ == "pobj" and t.head.head.head.i == tok.head.i)
                           and t.kind in ("protest", "strike") for t in live)
        if tok.dep_ in ("prep", "conj") and tok.pos_ == "ADP" and _after_cause_noun(tok):
            # "in protest at the arrest of ...", "in solidarity with X and against a crackdown that has killed
            # ...": the parser hangs the cause on the verb, not on the noun it follows
            aside.update(t.i for t in tok.subtree)
        if tok.dep_ == "prep" and (_lemma(tok.head) in optional_words(sent.doc, "cause_nouns")
                                   or tok.lower_ in optional_words(sent.doc, "cause_prepositions")
                                   or protest_word and tok.lower_ in optional_words(sent.doc, "protest_cause_prepositions")):
            if any(_within(t.head, tok) for t in live) and any(not _within(t.head, tok) for t in live) or \
                    _lemma(tok.head) in optional_words(sent.doc, "cause_nouns"):
                aside.update(t.i for t in tok.subtree)
            # "have become a grim feature of life since the protests": an event that "since" names is the time a
            # state is counted from, even when nothing else in the sentence is an event
            elif tok.lower_ in optional_words(sent.doc, "total_since") and any(_within(t.head, tok) for t in live):
                aside.update(t.i for t in tok.subtree)
                counted_from.update(t.i for t in tok.subtree)
        # "since the unrest began": a clause of time or cause ("since" as a conjunction)
        if tok.dep_ == "mark" and tok.lower_ in optional_words(sent.doc, "cause_prepositions") and \
                any(not _within(t.head, tok.head) for t in live):
            aside.update(t.i for t in tok.head.subtree)
    # "kept their shops closed ... to protest the executions of two young men": what is protested is the cause
    protest_verbs = {t.head.i for t in live if not t.is_act and t.kind in ("protest", "strike") and t.head.pos_ == "VERB"}
    for tok in sent:
        if tok.dep_ == "dobj" and tok.head.i in protest_verbs and any(not _within(t.head, tok) for t in live):
            aside.update(t.i for t in tok.subtree)
    causes = set(aside)
    for trig in live:
        if trig.head.i in causes and (any(t.head.i not in causes for t in live) or trig.head.i in counted_from):
            continue
        # "a prisoner arrested during the protests died in custody": a protest named in a clause about the
        # victim says who they were, not what happened here
        if (not trig.is_act and _describes_a_victim(trig, live)) or (trig.is_act and _kin_of_described(trig, live)):
            aside.update(t.i for t in trig.head.subtree)
            continue
        if _what_the_held_did(trig, live):
            clause = next((t for t in [trig.head, *trig.head.ancestors] if t.dep_ == "relcl"), trig.head)
            aside.update(t.i for t in (clause.subtree if clause.dep_ == "relcl" else trig.tokens))
            continue
        if _held_in_an_earlier_month(trig, live, sent, sdates):
            aside.update(_clause_tokens(trig.head))
            continue
        earlier = _set_off_earlier(trig, live, sent)
        if earlier is not None:
            resumed = {t.i for c in _resumed_clauses(earlier) for t in c.subtree}
            aside.update(t.i for t in earlier.subtree if t.i not in resumed)
            continue
        # "died on Sunday after 40 days on hunger strike": the dead man's own protest is how he came to die, not a
        # protest the state used force against
        phrase = _state_of_the_dead(trig, live) if not trig.is_act else None
        if phrase is not None:
            aside.update(t.i for t in phrase.subtree)
            continue
        # "arrested three relatives of a protester": the protest word says who someone is
        if not trig.is_act and _kin_of(trig):
            aside.update(t.i for t in trig.head.subtree)
            continue
        # "the mother of an executed protester was arrested": the act's word on the one someone is kin of says who he
        # was, where another act is told of the kin
        if trig.is_act and trig.head.dep_ == "amod" and _one_kin_are_of(trig.head.head) and \
                any(t is not trig and t.is_act and t.head.i not in {g.i for g in trig.head.head.subtree} for t in live):
            aside.update(t.i for t in trig.head.head.subtree)
            continue
        # "the foreign ministry summoned the ambassador to protest ...": a state's diplomatic protest
        if not trig.is_act and _protest_by_the_state(trig):
            aside.update(t.i for t in trig.head.subtree)
            continue
        cause = _cause_phrase(trig, live, sent)
        if cause is not None:
            aside.update(t.i for t in cause.subtree)
            continue
        if _named_in_a_release(trig, sent) or _reported_on_by_those_described(trig):
            aside.update(t.i for t in trig.head.subtree)
            continue
        if _blamed(trig, sent):
            aside.update(t.i for t in trig.head.subtree)
            continue
        criticised = _criticised(trig, live, sent)
        if criticised is not None:
            aside.update(t.i for t in criticised.subtree)
            continue
        if _tallied(trig, sent, sdates) or _generic(trig):
            aside.update(t.i for t in trig.head.subtree)
            continue
        if not trig.is_act and (_named_by_an_earlier_year(trig) or _named_earlier(trig)):
            aside.update(t.i for t in trig.head.subtree)
            continue
        if trig.is_act and _act_during_an_earlier_years_event(trig, live):
            aside.update(_clause_tokens(trig.head))
            continue
        memorial = _commemorated(trig, sent)
        if memorial is not None:
            own = _dated_apart(trig, memorial, sent, sdates) if trig.is_act and trig.kind in _HARM else None
            if own is not None:
                # "mourners gathered on Tuesday for the funeral of X, who was shot dead on Sunday": the killing told
                # with its own earlier day is an incident of that day; its words do not type the funeral's
                trig.told_apart = own
                aside.update(own)
                kept.append(trig)
                continue
            aside.update(t.i for t in trig.head.subtree)
            continue
        if trig.is_act and (_charged_with(trig, sent) or _sentence_passed(trig, sent)):
            aside.update(t.i for t in trig.tokens)
            continue
        # an event named in a charge ("convicted in connection with the unrest", "charged over the protests")
        # is what the accused are said to have done, not an event of this date
        if not trig.is_act and _charged_with(trig, sent):
            aside.update(t.i for t in trig.head.subtree)
            continue
        total = _running_total(trig, sent) or trig.kind in _HARM | _HELD and _period_total(trig, sent, sdates)
        # "killed 25 protesters in the past two weeks, 12 of them in Zahedan on Friday": the part with a town of its
        # own is an incident (slots counts it), the total its frame
        total = total and part_told_apart(trig) is None
        # ("X, who was arrested in October, was sentenced on Monday": an arrest told of the one sentenced, dated before
        # the sentence, is his past, not an arrest of this day)
        # (not where the sentence tells a harm: "two protesters who were arrested on 3 January were killed in custody
        # on 8 January" counts the arrested dead)
        # (and only where another act of the sentence, outside the clause, is its event: "published the names of 14
        # citizens detained during raids last Wednesday" tells the arrests)
        held_before = trig.kind in _HELD and not any(t.is_act and t.kind in _HARM for t in live) and \
            any(t.is_act and t.head.i not in _clause_tokens(trig.head) for t in live if t is not trig)
        if trig.is_act and (total or (trig.kind in _HARM or held_before) and _earlier_clause(trig, sent, sdates)):
            aside.update(_clause_tokens(trig.head))
            if not total and held_before:
                dated_before.update(_clause_tokens(trig.head))
            if total:
                totals.update(_clause_tokens(trig.head))
            continue
        kept.append(trig)
    # "200 people had died in the unrest since September": the unrest a running total is counted over is its
    # setting, not an event of this sentence
    kept = [t for t in kept if t.is_act or t.head.i not in totals]
    # "sentenced X, a teacher arrested during the protests in November, ...": the protest of an earlier clause on a
    # person is that person's past too
    kept = [t for t in kept if t.is_act or t.head.i not in dated_before]
    return kept, aside
