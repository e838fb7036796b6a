"""Who reports an incident, and which of a sentence's dates are the reporting's, not the event's.

Wire copy hangs the event on a reporting clause: "Security forces killed three people in Saqqez on Wednesday,
the rights group Hengaw said on Thursday"; "according to Hengaw, ..."; "state media reported"; "a provincial
official told reporters that ..."; "IRNA quoted the governor as saying that ..." (the governor, via IRNA);
"his family said". The incident's claimant is that source (the author only when nobody is cited), and
"said on Thursday" dates the saying, not the killing.

Read off spaCy's dependency parse (rules: no library attributes an event to its reporter). The reporting
verbs, the "according to" words and the quoting verbs are data (``data/incidents/<lang>.yaml``, ``words``);
a language whose vocabulary has no such lists gets the claimant of part 1's claims and all its dates.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from rasad.analysis.doc_text import doc_text
from rasad.incidents.lexicon import lexicon, optional_words

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_DIGIT_NAME = re.compile(r"\d+[A-Za-z][\w\-]*")
# parts of a source's noun phrase left out of its name: a clause about it, punctuation at the ends
_NOT_IN_NAME = ("relcl", "acl", "punct", "advcl", "cc")




def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def is_reporting(tok: Token) -> bool:
    """A verb that hands what it governs to its subject ("said", "reported", "told", "quoted")."""
    if tok.pos_ not in ("VERB", "AUX") or _lemma(tok) not in optional_words(tok.doc, "reporting_verbs"):
        return False
    # "Islamic State claimed responsibility for an attack in which ...": owning the act, not reporting it
    owned = optional_words(tok.doc, "owned_not_reported")
    if any(c.dep_ == "dobj" and _lemma(c) in owned for c in tok.children):
        return False
    # "his family was told that he had died": the subject of a passive "told" heard it, it is no source
    return not (_lemma(tok) in optional_words(tok.doc, "told_passives")
                and any(c.dep_ == "auxpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children))


def cites_an_event(verb: Token) -> bool:
    """"The report also cited the death of X on June 10": a quoting verb (``quoting_verbs``) whose object is an event
    word of the triggers names the event, not a source; its subject tells it and its date is the event's."""
    if _lemma(verb) not in optional_words(verb.doc, "quoting_verbs"):
        return False
    triggers = lexicon(verb.doc.lang_).triggers
    return any(c.dep_ == "dobj" and _lemma(c) in triggers for c in verb.children)


def governing_report(head: Token, sent: Span) -> Token | None:
    """The reporting verb whose content holds ``head`` (a trigger): an ancestor reached from below through
    anything but its subject ("the group said" <- "killed"), or a reporting clause hung on the event's own
    clause ("killed three people, the group said" parsed with "said" under "killed")."""
    t = head
    while t.head.i != t.i and sent.start <= t.head.i < sent.end:
        parent = t.head
        if is_reporting(parent) and t.dep_ not in _SUBJECTS and t.dep_ != "agent":
            return parent
        # "security forces arrested 14 activists ..., HRANA reported" parsed with "arrested" a clause on "forces"
        # and "forces" a second subject of "reported": the event's doer, not the source (another subject is)
        # (or the source set off just before the verb, hung on the acts' last place: "..., the ... Agency (HRANA) reported")
        if is_reporting(parent) and doer_taken_for_a_subject(t) and \
                (len(_subjects(parent)) > 1 or _conjoined(t) or _noun_before(parent)):
            return parent
        t = parent
    # ("X was arrested on Thursday, two days after he posted a video ..., his lawyer said": a clause opened by a
    # time or cause mark tells what came before, not who reports; another reporting clause outranks it)
    marks = optional_words(head.doc, "time_clause_marks")
    subordinate = None
    for anc in [head, *head.ancestors]:
        if not sent.start <= anc.i < sent.end:
            break
        for child in anc.children:
            if child.dep_ in ("parataxis", "advcl", "ccomp", "conj") and is_reporting(child) and \
                    not any(s.dep_ in _SUBJECTS and head in s.subtree for s in child.children) and \
                    head not in child.subtree:
                if any(m.dep_ == "mark" and m.lower_ in marks for m in child.children):
                    subordinate = subordinate or child
                    continue
                return child
            source = _trailing_source(child, head)
            if source is None and child.dep_ in _SUBJECTS and child.i < head.i:
                # "Rapper X, who ..., was arrested ..., the rights group HRANA reported": the parser may hang the
                # trailing source on the subject as its apposition
                source = next((v for a in child.children if a.dep_ == "appos" and a.i > head.i
                               for v in [_reporting_clause_of(a)] if v is not None), None)
            if source is not None:
                return source
    return subordinate


def _trailing_source(noun: Token, head: Token) -> Token | None:
    """"..., the IRNA news agency reported on Saturday, citing ...": the parser may take the source for an
    object of the event's verb and the reporting verb for a clause about it (``acl``). A noun set off by a
    comma after the trigger, with a reporting verb of its own that has no subject, is the source; the
    verb is returned (``_source_of`` reads the noun back)."""
    if noun.i <= head.i:
        return None
    # "..., injuring several officers, the semi-official Tasnim news agency reported": the source may also be
    # taken for an apposition of the event's object
    for cand in [noun, *(c for c in noun.children if c.dep_ == "appos" and c.i > noun.i)]:
        verb = _reporting_clause_of(cand)
        if verb is not None:
            return verb
    # "were killed, including a 12-year-old girl, the group Hengaw said": the clause taken for a relative one on the
    # person the event's "including" lists
    # (or the source taken for an apposition of that person: "including a boy, the rights group Hengaw said")
    # ("detained nine converts, including the church's leader, X, the rights group Article 18 reported": the phrase
    # hung on the object, the source an apposition of the name in apposition to the one listed)
    preps = [noun] if noun.dep_ == "prep" else \
        [c for c in noun.children if c.dep_ == "prep" and c.lower_ in optional_words(noun.doc, "listing_prepositions")]
    for prep in preps:
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            appositions = [c for c in obj.children if c.dep_ == "appos" and c.i > obj.i]
            appositions += [g for a in appositions for g in a.children if g.dep_ == "appos" and g.i > a.i]
            for cand in [obj, *appositions]:
                verb = _reporting_clause_of(cand) if cand is not obj else None
                verb = verb or _reporting_clause_taken_for_a_relative(cand)
                if verb is not None:
                    return verb
    return _reporting_clause_taken_for_a_relative(noun)


def _reporting_clause_taken_for_a_relative(noun: Token) -> Token | None:
    """"arrested 40 rioters ..., the city's police chief told Mehr": the parser may hang the trailing reporting clause
    on the event's object as a relative clause. A relative clause opens with its pronoun; one whose subject is set
    off by a comma and that has no relative pronoun is the reporting clause (the noun stays who the act was done
    to: this is not ``names_a_source``)."""
    doc = noun.doc
    for verb in noun.children:
        # ("detained five converts, the rights group Article 18 reported": or taken for a clause on it, "acl")
        if verb.dep_ not in ("relcl", "acl") or verb.i < noun.i or not is_reporting(verb):
            continue
        subjects = _subjects(verb)
        if len(subjects) == 1 and subjects[0].i < verb.i and subjects[0].left_edge.i > 0 and \
                doc[subjects[0].left_edge.i - 1].text == "," and \
                not any(t.tag_ in ("WP", "WDT", "WP$") for t in verb.subtree if t.i < verb.i):
            return verb
    return None


def _reporting_clause_of(noun: Token) -> Token | None:
    """The subjectless reporting verb hung on a noun set off by a comma ("..., the agency reported")."""
    doc = noun.doc
    edge = noun.left_edge.i
    # ("..., the advocacy group Article 18 reported": the name in apposition right after the noun it names, the
    # phrase set off as one)
    if noun.dep_ == "appos" and noun.head.i + 1 == edge:
        edge = noun.head.left_edge.i
    if noun.pos_ not in ("NOUN", "PROPN") or edge == 0 or doc[edge - 1].text != ",":
        return None
    for verb in noun.children:
        if verb.dep_ == "acl" and verb.i > noun.i and is_reporting(verb) and not _subjects(verb):
            return verb
        # "..., the local news site Isfahan Emrooz reported": the outlet's name taken for the subject of a
        # relative clause on the noun it names
        subjects = _subjects(verb) if verb.dep_ == "relcl" and verb.i > noun.i and is_reporting(verb) else []
        if len(subjects) == 1 and subjects[0].pos_ == "PROPN" and subjects[0].left_edge.i == noun.i + 1:
            return verb
    return None


def names_a_source(noun: Token) -> bool:
    """The noun is a trailing source the parser took for an object ("killed two officers ..., the IRNA news
    agency reported")."""
    return _reporting_clause_of(noun) is not None


def source_appositions(noun: Token) -> list[Token]:
    """Appositions of ``noun`` that are a trailing source ("several officers, the Tasnim news agency
    reported"): they name who reports, not who was harmed."""
    return [c for c in noun.children if c.dep_ == "appos" and c.i > noun.i and _reporting_clause_of(c) is not None]


def _according_to(sent: Span) -> Token | None:
    """The source of "according to X" in the sentence (X's head word)."""
    marks = optional_words(sent.doc, "according_words")
    for tok in sent:
        if tok.lower_ in marks or _lemma(tok) in marks:
            for prep in tok.children:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return _who_made(obj)
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is not None:
                for obj in nxt.children:
                    if obj.dep_ == "pobj":
                        return _who_made(obj)
    return None


def _according_to_also(src: Token) -> list[Token]:
    """"according to his family and to the Kurdistan Human Rights Network": the sources of the prepositions
    joined to the first one's (the parser hangs the second "to" on the first), each a claimant too."""
    prep = src.head
    if src.dep_ != "pobj" or prep.i == src.i:
        return []
    return [_who_made(o) for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP"
            for o in c.children if o.dep_ == "pobj"]


def _who_made(obj: Token) -> Token:
    """"according to footage shared by the 1500tasvir account", "a statement issued by the group": the one
    who shared or issued it is the source; without an agent, the thing itself ("videos posted online").
    ("a statement from the prisoners published by HRANA": the clause the parser hung on the noun after the thing's
    preposition says who published the thing)"""
    nouns = [obj] + [g for p in obj.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    for noun in nouns:
        for clause in noun.children:
            if clause.dep_ == "acl":
                for agent in clause.children:
                    if agent.dep_ == "agent":
                        who = next((g for g in agent.children if g.dep_ == "pobj"), None)
                        if who is not None:
                            return who
    return obj


def phrase(tok: Token) -> str:
    """The noun phrase a source's head word stands for, as written, without a clause about it or a leading
    article: "the rights group Hengaw" -> "rights group Hengaw"."""
    doc = tok.doc
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in _NOT_IN_NAME]
    while stack:
        c = stack.pop()
        keep.append(c)
        stack.extend(g for g in c.children if g.dep_ not in _NOT_IN_NAME)
    # a subject the parser split in two ("the activist news agency HRANA": agency and HRANA both subjects)
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "det" and doc[lo].lower_ in ("the", "a", "an")):
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    # "the monitoring group 1500tasvir": a name opening with digits, which the parser hangs elsewhere as a number
    if hi + 1 < len(doc) and _DIGIT_NAME.fullmatch(doc[hi + 1].text) and doc[hi].pos_ in ("NOUN", "PROPN"):
        hi += 1
    # "the Committee to Protect Journalists said", "told Reporters Without Borders": an organisation's name (part 1's
    # canon) that the parser read as a clause or a phrase on its first word is kept whole
    for s, e in organisation_spans(doc):
        if s <= tok.idx < e:
            while hi + 1 < len(doc) and doc[hi + 1].idx < e and not doc[hi + 1].is_punct:
                hi += 1
    return doc[lo:hi + 1].text


def _subjects(verb: Token) -> list[Token]:
    # ("no arrests were reported": what was not reported, no source)
    negative = optional_words(verb.doc, "negative_determiners")
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
            and not any(g.dep_ == "det" and g.lower_ in negative for g in c.children)]


def main_verb_taken_for_a_clause(clause: Token) -> bool:
    """"Ahead of the anniversary, security forces arrested 14 activists in Rasht on Saturday, HRANA reported": the
    parser may hang "arrested" on "forces" as a reduced relative clause ("acl") and make "forces" a subject of
    "reported". A participle clause on a noun is passive ("activists arrested on Saturday") and takes no direct
    object: one with its own direct object is the sentence's event verb and its "head" the doer."""
    return clause.dep_ == "acl" and clause.tag_ in ("VBD", "VBN") \
        and _phrase_noun(clause.head).dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "dobj" for c in clause.children)


def _phrase_noun(noun: Token) -> Token:
    """"a man on a motorcycle stabbed a cleric ...": the parser may hang the event verb on the noun of a phrase on
    the doer (``subject_phrase_prepositions``); the doer is the noun that phrase is on."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ == "prep" and \
            prep.lower_ in optional_words(noun.doc, "subject_phrase_prepositions"):
        return prep.head
    return noun


def _conjoined(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > noun.i]


def doer_taken_for_a_subject(noun: Token) -> bool:
    """The doer of such a misparsed event verb, made a subject of the reporting verb (``main_verb_taken_for_a_clause``)."""
    return any(main_verb_taken_for_a_clause(c) for c in noun.children) or \
        any(main_verb_taken_for_a_clause(c) for p in noun.children if p.dep_ == "prep"
            for o in p.children if o.dep_ == "pobj" for c in o.children)


def source_of_report(verb: Token) -> str | None:
    """The source a reporting verb of the sentence names (``_source_of``), for a sentence read for its source alone."""
    return _source_of(verb) if is_reporting(verb) else None


def _source_of(verb: Token) -> str | None:
    """The source a reporting verb names: its subject ("Hengaw said"), or for "X quoted Y as saying" Y via X
    ("the governor (via IRNA)")."""
    doc = verb.doc
    quoting = optional_words(doc, "quoting_verbs")
    # "IRNA quoted the governor as saying that ...": the verb reached is "saying", under "as", under "quoted"
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and _lemma(verb.head.head) in quoting:
        verb = verb.head.head
    if _lemma(verb) in quoting and not cites_an_event(verb):
        quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
        via = _subjects(verb)
        if quoted is not None:
            name = phrase(quoted)
            return f"{name} (via {_joined(via)})" if via else name
    # "..., IRNA reported, citing the provincial police commander": the one cited told it, via the reporter
    citing = next((c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG"
                   and _lemma(c) in quoting and c.i > verb.i), None)
    cited = next((c for c in citing.children if c.dep_ == "dobj"), None) if citing is not None else None
    if cited is not None and _subjects(verb):
        return f"{phrase(cited)} (via {_joined(_subjects(verb))})"
    subjects = [t for s in _subjects(verb) for t in ([counted_subject_source(s)] if counted_subject_source(s)
                                                     else listed_subject_source(s) or [s])]
    # the doer of a misparsed event verb is no source (``doer_taken_for_a_subject``): another subject is, or the
    # source the parser joined to the doer ("security forces arrested ..., the ... News Agency (HRANA) reported")
    # (or set off just before the verb, hung on the last place of the acts: "agents arrested 8 people in Arak and two
    # more in Khomein, the ... News Agency (HRANA) reported", the agency parsed as an apposition of "Khomein")
    subjects = [x for s in subjects for x in ((_conjoined(s) or _noun_before(verb) if len(subjects) == 1 else [])
                                              if doer_taken_for_a_subject(s) else [s])] or subjects
    if not subjects and verb.dep_ == "conj" and is_reporting(verb.head):  # "..., the group said and added that ..."
        subjects = _subjects(verb.head)
    if not subjects:  # "... were killed, including X and his daughter, the regional government said": a
        subjects = _noun_before(verb)  # subjectless verb the parser joined to the event; the noun set off before it
    if not subjects and verb.dep_ == "acl" and verb.head.i < verb.i:  # "..., the IRNA news agency reported"
        subjects = [verb.head]
    if not subjects:
        return None
    outlets = _outlets_told(verb)
    if outlets:
        # "..., a farmers' representative told ILNA", "his son told Radio Farda": the speaker, through the outlet
        # that carried the words (as "X quoted Y as saying": Y via X)
        return f"{_joined(subjects)} (via {_joined(outlets)})"
    return _joined(subjects)


def _outlets_told(verb: Token) -> list[Token]:
    """The news outlets or organisations a speaker told (``telling_verbs``, ``told_passives``: "told ILNA", "told the
    state news agency IRNA", "told Radio Farda", "informed the rights group Hengaw"): an organisation, an outlet noun
    or a proper name; not people ("told reporters", "told his family")."""
    if _lemma(verb) not in optional_words(verb.doc, "telling_verbs") | optional_words(verb.doc, "told_passives"):
        return []
    spans = organisation_spans(verb.doc)
    outlet_nouns = optional_words(verb.doc, "outlet_nouns")
    return [c for c in verb.children if c.dep_ in ("dobj", "dative") and
            (_names_an_organisation(c, spans) or _lemma(c) in outlet_nouns or any(t.pos_ == "PROPN" for t in c.subtree))]


def _names_an_organisation(tok: Token, spans: list[tuple[int, int]]) -> bool:
    """The word names an organisation: part 1's canon says so, the tagger does, or it is an acronym ("ILNA")."""
    return tok.ent_type_ == "ORG" or any(s < tok.idx + len(tok.text) and tok.idx < e for s, e in spans) or \
        tok.pos_ == "PROPN" and len(tok.text) > 1 and tok.text.isupper()


def _heading_source(sent: Span) -> str | None:
    """"Hengaw: Security forces arrested seven people ...": a monitor's name heading its paragraph (``source_heading``)
    is who tells what follows; not a town heading a story ("Baneh: ...")."""
    doc = sent.doc
    if not lexicon(doc.lang_).patterns.get("source_heading"):
        return None
    text = doc_text(doc)
    opens = text.rfind("\n", 0, sent.start_char) + 1
    m = lexicon(doc.lang_).regex("source_heading").match(text[opens:opens + 80])
    if m is None:
        return None
    start, end = opens + m.start(1), opens + m.end(1)
    spans = organisation_spans(doc)
    toks = [t for t in doc[max(0, sent.start - 40):sent.end] if start <= t.idx < end]
    if toks and all(_names_an_organisation(t, spans) for t in toks if t.pos_ == "PROPN"):
        return m.group(1)
    return None


def _noun_before(verb: Token) -> list[Token]:
    """The noun phrase that ends just before a subjectless reporting verb and opens after a comma ("...,
    the regional government said"): the parser hung it elsewhere (an apposition of the last victim), but it
    is who speaks."""
    doc = verb.doc
    if verb.i == 0:
        return []
    noun = doc[verb.i - 1]
    # "..., the Oslo-based group Iran Human Rights said": the name is an apposition of the group noun that opens
    # the phrase after the comma; "..., a source close to the family said": the phrase's head is further up
    for _ in range(6):
        if noun.pos_ in ("NOUN", "PROPN") and noun.left_edge.i > 0 and doc[noun.left_edge.i - 1].text == ",":
            return [noun]
        if noun.head.i == noun.i or noun.head.right_edge.i != verb.i - 1 or noun.head.i > verb.i:
            return []  # the phrase must end just before the verb
        noun = noun.head
    return []


def counted_subject_source(subject: Token) -> Token | None:
    """"..., killing at least four people, the rights group said": the parser may make "people" the subject
    of "said" with the group as its apposition; the source is the apposition, the people are the victims."""
    if any(c.dep_ == "nummod" or c.like_num for c in subject.children) or subject.like_num:
        appos = next((c for c in subject.children if c.dep_ == "appos" and c.i > subject.i), None)
        return appos if appos is not None else _listed_then_source(subject)
    return None


def _listed_then_source(subject: Token) -> Token | None:
    """"..., killing at least two people, including a 17-year-old boy, Zanyar Ahmadi, Human Rights Watch said": the
    parser may join the source to the names listed under the counted people; the last of those joined, set off by a
    comma right before the reporting verb, is the source."""
    listing = optional_words(subject.doc, "listing_prepositions")
    doc, verb = subject.doc, subject.head
    for prep in subject.children:
        if prep.dep_ != "prep" or prep.lower_ not in listing:
            continue
        last = next((o for o in prep.children if o.dep_ == "pobj"), None)
        while last is not None and any(c.dep_ == "conj" for c in last.children):
            last = [c for c in last.children if c.dep_ == "conj"][-1]
        if last is not None and last.dep_ == "conj" and last.i + 1 == verb.i and last.left_edge.i > 0 and \
                doc[last.left_edge.i - 1].text == "," and last.pos_ in ("NOUN", "PROPN"):
            return last
    return None


def listed_subject_source(subject: Token) -> list[Token]:
    """"... were hanged, among them A and B, the Oslo-based group Iran Human Rights said": the parser may make
    the names listed after "among them" / "including" the subject of "said" with the group as their
    apposition (or two: "the Oslo-based group" + "Hengaw"); the source is the apposition, the names are the
    victims."""
    listing = optional_words(subject.doc, "listing_prepositions")
    doc = subject.doc
    before = doc[subject.left_edge.i - 1] if subject.left_edge.i > 0 else None
    # the listing word on the names ("among them A and B" parsed as one phrase), or just before them, with or
    # without its pronoun ("among them" hung on the event's verb, "including A and B")
    listed = any(c.dep_ == "prep" and c.i < subject.i and c.lower_ in listing for c in subject.children) or \
        before is not None and (before.lower_ in listing or before.dep_ == "pobj" and before.pos_ == "PRON"
                                and before.head.lower_ in listing and before.head.i == before.i - 1)
    if listed:
        return [c for c in subject.children if c.dep_ == "appos" and c.i > subject.i]
    return []


def _joined(subjects: list[Token]) -> str:
    """The name of one subject, or of two the parser split ("the activist news agency" + "HRANA")."""
    if len(subjects) == 1:
        return phrase(subjects[0])
    doc = subjects[0].doc
    lo = min(t.left_edge.i for t in subjects)
    hi = max(t.right_edge.i for t in subjects)
    while lo < hi and (doc[lo].is_punct or doc[lo].lower_ in ("the", "a", "an")):
        lo += 1
    return doc[lo:hi + 1].text


def _span_name(quotes: list, start: int, end: int) -> str | None:
    """The canonical name part 1 gave the speaker whose mention starts in [start, end)."""
    for q in quotes:
        s = getattr(q, "speaker_start", None)
        if s is not None and start <= s < end and getattr(q, "speaker", None) and getattr(q, "speaker_actor", None):
            return q.speaker
    return None


def _fold(s: str) -> str:
    return "".join(c for c in s.lower() if c.isalnum())


def claimant_of(sent: Span, heads: list[Token], claim) -> str:
    """Who the incident told in ``sent`` (its trigger ``heads``) is claimed by: the reporting clause that
    governs a trigger, else "according to X", else part 1's claim over the sentence, else the author."""
    fallback = _without_dateline(sent.doc, claim.asserted_by) if claim is not None and claim.asserted_by else "author"
    if not optional_words(sent.doc, "reporting_verbs"):
        return fallback
    pronouns = optional_words(sent.doc, "source_pronouns")
    verbs = list(dict.fromkeys(v for v in (governing_report(h, sent) for h in heads) if v is not None))
    # "X was arrested ..., two days after he posted a video backing the protests, his lawyer said": a trigger told
    # inside the background clause has a reporting verb of its own whose subject is a pronoun; the verb that names
    # its source outranks it
    verb = next((v for v in verbs if (n := _source_of(v)) is not None and n.lower() not in pronouns
                 and not ((subs := _subjects(v)) and all(s.pos_ == "PRON" for s in subs))), verbs[0] if verbs else None)
    name, where = None, None
    if verb is not None:
        name = _source_of(verb)
        subjects = _subjects(verb)
        if subjects:
            where = (min(t.left_edge.idx for t in subjects), max(t.right_edge.idx + len(t.right_edge) for t in subjects))
        # "Officials put the toll at 19; Iran Human Rights said at least 41 had been killed": each source of the
        # sentence's figures claims the incident
        # (only between sources named as such: a pronoun or a noun standing for a source told before, "she", "the
        # report", is resolved later, as a whole)
        for other in verbs[1:]:
            more = _source_of(other)
            if name and more and _fold(more) not in _fold(name) and not _a_stand_in(name, sent.doc) and \
                    not _a_stand_in(more, sent.doc):
                name = f"{name}; {more}"
    src = _according_to(sent)
    if name is None:
        if src is not None:
            name = "; ".join(phrase(x) for x in [src, *_according_to_also(src)])
            where = (src.left_edge.idx, src.right_edge.idx + len(src.right_edge))
    elif src is not None and _fold(phrase(src)) not in _fold(name) and \
            not any(src.i == t.i for t in verb.subtree if t.dep_ in ("nsubj", "nsubjpass")):
        # "..., his family said, according to HRANA": the group that relays what the family said
        name = f"{name} (via {phrase(src)})"
    if name is None and fallback == "author":
        src = _organisation_over(heads, sent) or _who_called_it(sent) or _who_condemned(heads, sent)
        if src is not None:
            name = phrase(src)
            where = (src.left_edge.idx, src.right_edge.idx + len(src.right_edge))
    if name is None and fallback == "author":
        name = _heading_source(sent)
    if name is None:
        return fallback
    name = _without_dateline(sent.doc, name)
    if name.lower() in pronouns:
        return fallback if fallback != "author" else name
    # the canonical name part 1 resolved the source to, when it says more ("IRNA" -> "Islamic Republic News
    # Agency"): kept beside the words of the text
    canonical = _span_name(getattr(sent.doc._, "quotes", None) or [], *where) if where else None
    if canonical and _fold(canonical) not in _fold(name) and _fold(name) not in _fold(canonical):
        name = f"{name} ({canonical})"
    return name


def _a_stand_in(name: str, doc) -> bool:
    """A source told by a pronoun or by nouns standing for one told before ("she", "the report", "the group")."""
    words = [w for w in name.lower().split() if w not in optional_words(doc, "stand_in_determiners")]
    stand_ins = optional_words(doc, "source_pronouns") | optional_words(doc, "source_back_nouns") | \
        optional_words(doc, "outlet_nouns") | optional_words(doc, "report_nouns")
    return not words or all(w in stand_ins for w in words)


def _without_dateline(doc, name: str) -> str:
    """"GENEVA (12 May 2023) - The UN human rights office": the source without the dateline that opens its paragraph
    (the vocabulary's ``dateline`` pattern), which part 1's claims may take for the start of the speaker's name."""
    pattern = lexicon(doc.lang_).patterns.get("dateline")
    m = lexicon(doc.lang_).regex("dateline").match(name) if pattern else None
    if m is None or not name[m.end():].strip():
        return name
    # (a dateline naming its agency, "Zahedan, IRNA - Two police officers were killed ...": the agency filed it, the
    # words after the dash are the story's, extract._add_dateline_agencies names it; the name is left whole for that)
    lex = lexicon(doc.lang_)
    if lex.patterns.get("dateline_agency") and lex.regex("dateline_agency").search(m.group(0)):
        return name
    rest = name[m.end():].strip()
    return rest[4:] if rest.lower().startswith("the ") else rest


def organisation_spans(doc) -> list[tuple[int, int]]:
    """The character spans of the report's mentions of an organisation (part 1's canon: an actor of kind
    organisation, "Hengaw", "Amnesty International")."""
    actors = getattr(doc._, "actors", None) or {}
    return [(e.start, e.end) for e in getattr(doc._, "entities", None) or []
            if e.actor and getattr(actors.get(e.actor), "kind", None) == "organisation"]


def _organisation_over(heads: list[Token], sent: Span) -> Token | None:
    """A monitor's release in its own voice: "Hengaw has learned that X was executed ...", "Amnesty International
    is alarmed by the execution of X", "Amnesty has verified videos showing security forces firing ...": the
    organisation (part 1's canon: an actor of kind organisation) that is the subject of the nearest verb above
    the trigger that has a subject is who asserts it."""
    spans = organisation_spans(sent.doc)
    if not spans:
        return None
    acts = {h.i for h in heads}
    for head in heads:
        for anc in head.ancestors:
            if not sent.start <= anc.i < sent.end:
                break
            if anc.i in acts:
                # "A member of the Basij was stabbed during clashes with protesters": the subject of the incident's
                # own act is who did it or had it done to them, not who asserts it
                continue
            subjects = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass") and head not in c.subtree]
            if not subjects:
                continue
            for subj in subjects:
                lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
                if any(s < hi and lo < e for s, e in spans):
                    return subj
            break  # the nearest clause with a subject decides
    return None


def _who_called_it(sent: Span) -> Token | None:
    """"An explosion damaged a pipeline ... in what the provincial governor called an act of sabotage", "in what
    officials described as a terrorist attack": who gave the event its name asserts it."""
    verbs = optional_words(sent.doc, "characterising_verbs")
    for tok in sent:
        if tok.lower_ == "what" and _lemma(tok.head) in verbs:
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj" and c.i != tok.i), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                return subj
    return None


def _who_condemned(heads: list[Token], sent: Span) -> Token | None:
    """"The envoy condemned the hanging of X on Saturday", "He also condemned ...": who condemns an act
    (``criticising_verbs``, the act its object) asserts it happened; a pronoun stands for the source of the
    sentence before ("The UN rapporteur told the council ... He also condemned ...")."""
    verbs = optional_words(sent.doc, "criticising_verbs")
    for head in heads:
        if head.dep_ != "dobj" or _lemma(head.head) not in verbs:
            continue
        subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        if subj.lower_ in optional_words(sent.doc, "source_pronouns") and sent.start > 0:
            before = sent.doc[sent.start - 1].sent
            verb = next((t for t in before if is_reporting(t) and _subjects(t)), None)
            return _subjects(verb)[0] if verb is not None else None
        return subj if subj.pos_ in ("NOUN", "PROPN") else None
    return None


def saying_date_tokens(sent: Span) -> set[int]:
    """Character offsets of the tokens that date a reporting clause ("the group said on Thursday",
    "Activists said on Friday that ..."): those dates are when it was said, not when it happened."""
    out: set[int] = set()
    for tok in sent:
        if not is_reporting(tok) or cites_an_event(tok):
            continue
        subjects = _subjects(tok)
        opens = min([s.left_edge.i for s in subjects] + [tok.i])
        # "said the most recent death, of X near Baneh on December 29, had gone unreported": the parser may hang a
        # date inside what is reported on the reporting verb; a date between the start and the end of the content
        # is the content's
        content = [c for c in tok.children if c.dep_ in ("ccomp", "dobj") and c.i > tok.i]
        starts = [c.left_edge.i for c in content]
        ends = [c.right_edge.i for c in content if c.dep_ == "ccomp"]
        for child in tok.children:
            if child.i < opens:
                continue  # "... in Isfahan on Tuesday, his brother told the BBC": the parser's slip, the event's day
            if starts and ends and min(starts) < child.i < max(ends):
                continue
            if child.dep_ in ("prep", "npadvmod", "tmod") or (child.dep_ == "advmod" and child.ent_type_ == "DATE"):
                inner = list(child.subtree)
                if not any(t.pos_ in ("VERB", "AUX") for t in inner):  # not "quoted X as saying that ..."
                    out.update(t.idx for t in inner)
        out.update(_dates_before_the_content(tok))
    # "In a report released on Monday, Hengaw documented ...": the day a report came out is when it was told
    nouns = optional_words(sent.doc, "report_nouns")
    for tok in sent:
        # (not the report's content: "alarmed by reports that police beat a girl in Qom on 12 May", a clause with its
        # own subject)
        if tok.dep_ == "acl" and _lemma(tok.head) in nouns and \
                not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children):
            for child in tok.children:
                if child.dep_ in ("prep", "npadvmod", "tmod") and not any(t.pos_ in ("VERB", "AUX") for t in child.subtree):
                    out.update(t.idx for t in child.subtree)
    return out


def _dates_before_the_content(verb: Token) -> set[int]:
    """"The Guards said on Monday they had struck ... on Sunday": the parser may hang "on Monday" on the
    reported verb, but words between the reporting verb and the start of what is reported (its subject, or
    "that") date the saying."""
    doc = verb.doc
    out: set[int] = set()
    for content in (c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i):
        opens = [s.left_edge.i for s in content.children if s.dep_ in _SUBJECTS or s.dep_ == "mark"]
        if not opens or min(opens) <= verb.i + 1:
            continue
        j = verb.i + 1
        while j < min(opens):
            tok = doc[j]
            inner = list(tok.subtree)
            # (not a date inside another clause whose subject comes before it: "said seven protesters had been
            # killed in Izeh on Monday; the governor later corrected ...", the parser hanging it all on "corrected")
            own_clause = tok.head.i != verb.i and tok.head.pos_ in ("VERB", "AUX") and \
                any(c.dep_ in _SUBJECTS and c.i < j for c in tok.head.children)
            if tok.dep_ in ("prep", "npadvmod", "tmod") and inner[0].i == j and inner[-1].i < min(opens) and \
                    not any(t.pos_ in ("VERB", "AUX") for t in inner) and not own_clause:
                out.update(t.idx for t in inner)
                j = inner[-1].i + 1
            else:
                j += 1
    return out
