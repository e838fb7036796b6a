"""Victims: the named persons an act was done to, with age and occupation, and how they were harmed."""

from __future__ import annotations

import re
from types import SimpleNamespace

from spacy.tokens import Span, Token

from rasad.analysis.doc_text import doc_text
from rasad.incidents.actors import actor_words
from rasad.incidents.lexicon import given_names, lexicon, optional_words
from rasad.incidents.records import Victim
from rasad.incidents.reporting import governing_report, is_reporting, organisation_spans, source_appositions
from rasad.incidents.slots import arguments, done_to_an_object, relative_antecedent, thrown_at
from rasad.incidents.triggers import HARM_WAYS, Trigger, lemma


# From the vocabulary of the text's language (<lang>.yaml): "patterns": an age after a name ("Mahsa Amini, 22,",
# "aged 17") or before it ("a 16-year-old"), an occupation after an article ("Hamid, a shopkeeper"), a possessive
# ending ("Amini's"); "words": "kin" ("the mother of X": the relative is the one the act is about), triggers
# whose subject is the victim ("he died"), verbs that name the victims ("were identified as").
def not_a_person_words(lang: str) -> frozenset[str]:
    lex = lexicon(lang)
    return lex.built("not_a_person", lambda: frozenset(
        {w for words in actor_words(lang).values() for w in words} | lex.word_set("not_a_name")))


def named_victims(trigger: Trigger, act: str, sent: Span) -> list[Victim]:
    """Named persons that are the object of the act (the subject of a passive or of "die")."""
    tok = trigger.head
    lex = lexicon(sent.doc.lang_)
    _KIN, _VICTIM_SUBJECT_TRIGGERS = lex.word_set("kin"), lex.word_set("victim_subject_triggers")
    _NAMING_VERBS, _NAMING_PREPOSITIONS = lex.word_set("naming_verbs"), lex.word_set("naming_prepositions")
    _NOT_A_PERSON, _POSSESSIVE = not_a_person_words(sent.doc.lang_), lex.regex("possessive_ending")
    targets: set[int] = {t.i for g in thrown_at(trigger) for t in g.subtree}
    for a in arguments(tok):
        if a.dep_ in ("nsubjpass", "dobj", "oprd") or (a.dep_ == "nsubj" and lemma(tok) in _VICTIM_SUBJECT_TRIGGERS):
            targets.update(t.i for t in a.subtree)
        if tok.pos_ == "NOUN" and a.dep_ == "pobj":
            targets.update(t.i for t in a.subtree)
        # ("arrested one of the organisers, X": a counted one of a group, too)
        if a.dep_ in ("nsubjpass", "dobj") and (a.pos_ == "NOUN" or a.pos_ == "NUM" and any(
                c.dep_ == "prep" and c.lower_ in lex.word_set("partitive_prepositions") for c in a.children)):
            targets.update(_name_set_off_after(a))
    if (tok.dep_ in ("acomp", "xcomp", "oprd", "conj") or (tok.pos_ == "ADJ")) and not done_to_an_object(tok):
        for c in tok.head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                targets.update(t.i for t in c.subtree)
    # "Nasim K., a student who was arrested at a rally ...", "identified the man, who was shot dead ..., as X": the
    # one the relative pronoun stands for (up an apposition to the name), or the name a naming verb gives them
    antecedent = relative_antecedent(tok)
    person = None
    if antecedent is not None:
        clause = {t.i for t in tok.subtree}
        person = antecedent
        while person.dep_ == "appos" and person.head.i < person.i:
            person = person.head
        targets.update(t.i for t in person.subtree if t.i not in clause)
        if lemma(antecedent.head) in _NAMING_VERBS and antecedent.dep_ == "dobj":
            for c in antecedent.head.children:
                if c.dep_ == "prep" and c.lower_ in _NAMING_PREPOSITIONS:
                    targets.update(t.i for t in c.subtree)
    # "confirmed the identity of a man shot dead in Mahabad as Rebin Amini": the name given with "as" to the one the
    # act's clause is on, when that one is whose identity is told (``naming_nouns``; the parser may hang "as" on
    # the act or on the verb of the identity)
    if tok.dep_ == "acl" and tok.head.dep_ == "pobj" and tok.head.head.head.lemma_.lower() in \
            optional_words(sent.doc, "naming_nouns"):
        holders = [tok, tok.head.head.head.head]
        # (the name told first: not a later "after initially reporting his name as X")
        prep = next((c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in _NAMING_PREPOSITIONS), None)
        if prep is not None:
            targets.update(t.i for t in prep.subtree)
    # "The martyrs were identified as Hamid Rezaei and Mostafa Bagheri"
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubjpass", "nsubj") and lemma(tok.head) in _NAMING_VERBS:
        for c in tok.head.children:
            if c.dep_ == "prep" and c.lower_ in _NAMING_PREPOSITIONS:
                targets.update(t.i for t in c.subtree)
    # "The family of a prisoner, Reza Shahbazi, said he had been beaten to death": the one person harmed, told by a
    # pronoun, is the one the kin who speak are named the kin of
    pronouns = optional_words(sent.doc, "one_person_pronouns")
    speaking_kin: set[int] = set()
    if any(a.i in targets and a.lower_ in pronouns for a in arguments(tok)):
        verb = governing_report(tok, sent)
        of = lex.word_set("partitive_prepositions")
        for subject in (c for c in (verb.children if verb is not None else ()) if c.dep_ == "nsubj" and lemma(c) in _KIN):
            for prep in subject.children:
                if prep.dep_ == "prep" and prep.lower_ in of:
                    targets.update(t.i for t in prep.subtree)
                    speaking_kin.add(subject.i)
                    # "Relatives of a young porter, X, said ...": the name the parser hung on the kin noun
                    for appos in (c for c in subject.children if c.dep_ == "appos" and c.i > prep.i):
                        targets.update(t.i for t in appos.subtree)
        # "Wrestler X said on Friday that he had been stabbed ...": the one harmed, told by a pronoun, is the named
        # person who says it
        for subject in (c for c in (verb.children if verb is not None else ()) if c.dep_ == "nsubj"
                        and c.pos_ == "PROPN" and c.ent_type_ == "PERSON" and c.i < tok.i):
            targets.update(t.i for t in subject.subtree)
    # a clause about the victim says who they are, not who else the act was done to ("arrested X, the
    # journalist who first reported on Mahsa Amini's hospitalisation": Amini was not arrested); a clause that
    # names them ("a man identified as X") or holds the act itself stays
    for noun in [t for t in sent if t.i in targets]:
        for source in source_appositions(noun):  # "..., the Tasnim news agency reported": the source
            targets -= {t.i for t in source.subtree}
    named = _named_in_a_clause_on(tok, _NAMING_VERBS, _NAMING_PREPOSITIONS, _NOT_A_PERSON)
    targets |= {w.i for words in named for w in words}
    for clause in [t for t in sent if t.i in targets and t.dep_ in ("relcl", "acl")]:
        inner = {t.i for t in clause.subtree}
        if tok.i not in inner and lemma(clause) not in _NAMING_VERBS:
            targets -= inner
    out, roots = [], []
    # "the teenager was shot dead", "he died in hospital", "took him away": a pronoun or a definite description
    # standing for a person named before it (``coreferent_name``)
    referents = [a for a in arguments(tok) if a.dep_ in ("nsubjpass", "dobj") or
                 (a.dep_ == "nsubj" and lemma(tok) in _VICTIM_SUBJECT_TRIGGERS)]
    if (tok.dep_ in ("acomp", "xcomp", "oprd", "conj") or tok.pos_ == "ADJ") and not done_to_an_object(tok):
        referents += [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    place_starts = {p.start for p in (getattr(sent.doc._, "places", None) or [])}
    for ent in _adjacent_persons_joined(sent):
        if not a_person(ent) or not any(t.i in targets for t in ent):
            continue
        if any(t.idx in place_starts for t in ent):
            continue  # a place spaCy took for a person ("Zameidan Lahijan")
        if tells_of_the_harm(ent):
            continue  # the teller ("according to his cousin, X, he was beaten"), however the parser hung it
        if _an_organisation(ent):
            continue  # "..., injuring seven others, Hengaw reports": a monitor spaCy took for a person
        name = _POSSESSIVE.sub("", ent.text).strip()
        if all(w.lower() in _NOT_A_PERSON for w in name.split()):
            continue  # "Riot" of "riot police" taken for a person
        root = ent.root
        if root.dep_ == "compound" and root.head.pos_ not in ("PROPN", "PRON") and root.head.i > root.i:
            continue  # a name that names a thing ("a reporter for the Etemad newspaper", "the Amini family")
        # ("interviewed the family of X, a shopkeeper who was shot dead": the act's clause is about X himself)
        if root.dep_ == "pobj" and root.head.lower_ == "of" and lemma(root.head.head) in _KIN and \
                root.head.head.i not in speaking_kin and (person is None or person.i != root.i):
            continue  # "the mother of Pejman Gholipour": the relative is the one this act is about
        if not name:
            continue
        age, occupation = _age_occupation(ent)
        out.append(Victim(name=name, fate=act, age=age, occupation=occupation, start=ent.start_char,
                          end=ent.start_char + len(name)))
        roots.append(root)
    # "detained the dissident rapper Toomaj Salehi": a name in apposition to the one person the act was done to,
    # where spaCy's NER missed it or took it for an organisation
    covered = {t.i for ent in sent.ents if ent.label_ == "PERSON" for t in ent}
    for words in _names_in_apposition(sent, targets, lex.word_set("not_one_person"), _NOT_A_PERSON, place_starts):
        if any(w.i in covered for w in words):
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        out.append(Victim(name=sent.doc.text[start:end], fate=act, age=None, occupation=None, start=start, end=end))
        roots.append(words[-1])
        covered.update(w.i for w in words)
    # "Rozhin Tavakkol Amiri, 22, was arrested", "Mahsa Kerman Nia, a nurse, was shot": a run of capitalised proper
    # nouns that is the act's own passive subject or object, told as a person by an age or an occupation set off
    # after it, is a person's name whatever the tagger called it (nothing, an organisation, a place in it)
    for words in _names_by_structure(sent, referents, targets, _NOT_A_PERSON):
        if any(w.i in covered for w in words):
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        age, occupation = _age_occupation(sent.doc[words[0].i:words[-1].i + 1])
        out.append(Victim(name=sent.doc.text[start:end], fate=act, age=age, occupation=occupation, start=start,
                          end=end))
        roots.append(words[-1])
        covered.update(w.i for w in words)
    for words in named:
        if any(w.i in covered for w in words):
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        age, occupation = _age_occupation(sent.doc[words[0].i:words[-1].i + 1])
        out.append(Victim(name=sent.doc.text[start:end], fate=act, age=age, occupation=occupation, start=start, end=end))
        roots.append(words[-1])
        covered.update(w.i for w in words)
    if not out:
        for ref in referents:
            ent = coreferent_name(ref, sent)
            if ent is not None:
                name = _POSSESSIVE.sub("", ent.text).strip()
                age, occupation = _age_occupation(ent)
                out.append(Victim(name=name, fate=act, age=age, occupation=occupation, start=ent.start_char,
                                  end=ent.start_char + len(name)))
                break
    # "A, B and C were hanged": a proper name coordinated with a person's name is a person's name too, where
    # spaCy's NER left it out
    covered |= {t.i for ent in sent.ents for t in ent}
    for root in roots:
        for conj in root.conjuncts:
            if conj.pos_ != "PROPN" or conj.i not in targets or conj.i in covered or conj.idx in place_starts:
                continue
            words = [c for c in conj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [conj]
            if len(words) < 2 or words[0].i != conj.i - len(words) + 1 or not all(w.is_title for w in words) or \
                    all(w.lower_ in _NOT_A_PERSON for w in words):
                continue
            start, end = words[0].idx, conj.idx + len(conj.text)
            out.append(Victim(name=sent.doc.text[start:end], fate=act, age=None, occupation=None, start=start,
                              end=end))
            covered.update(w.i for w in words)
    return out


def _named_in_a_clause_on(tok: Token, naming_verbs, naming_prepositions, not_a_person) -> list[list[Token]]:
    """"The man, identified by the rights group Haalvsh as Omid Rigi, died in hospital": the name a naming clause set
    off on the act's own harmed one gives them (its "as" may hang on the clause's source, whose words are no victim):
    the run of capitalised proper nouns after "as", whatever the tagger called it."""
    out: list[list[Token]] = []
    harmed = [a for a in arguments(tok) if a.dep_ in ("nsubjpass", "dobj") or a.dep_ == "nsubj" and
              lemma(tok) in lexicon(tok.doc.lang_).word_set("victim_subject_triggers")]
    for noun in harmed:
        for clause in noun.children:
            if clause.dep_ != "acl" or clause.i < noun.i or lemma(clause) not in naming_verbs:
                continue
            prep = next((t for t in clause.subtree if t.dep_ == "prep" and t.lower_ in naming_prepositions), None)
            name = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
            if name is None or name.pos_ != "PROPN":
                continue
            words = [name]
            while words[0].i - 1 > prep.i and tok.doc[words[0].i - 1].pos_ == "PROPN" and \
                    tok.doc[words[0].i - 1].is_title:
                words.insert(0, tok.doc[words[0].i - 1])
            if len(words) > 1 and all(w.is_title for w in words) and not all(w.lower_ in not_a_person for w in words):
                out.append(words)
    return out


def a_person(ent: Span) -> bool:
    """A person's name: spaCy's PERSON, or an entity of two or more capitalised proper nouns that opens with a
    common given name whatever label the tagger gave it ("Mehdi Zare" tagged an organisation). English only: the
    list is of English spellings."""
    # ("a reporter for the daily Shargh": a name right after an outlet's noun, ``outlet_nouns``, is the outlet's)
    if ent.start > 0 and lemma(ent.doc[ent.start - 1]) in optional_words(ent.doc, "outlet_nouns"):
        return False
    if ent.label_ == "PERSON":
        return True
    if ent.label_ not in ("ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART") or ent.doc.lang_ != "en":
        return False
    words = [t for t in ent if not t.is_punct]
    # ("Hojatoleslam Mahmoud Rezaei" tagged an organisation: a clerical title before the given name)
    if len(words) >= 3 and words[0].lower_ in optional_words(ent.doc, "clerical_titles"):
        words = words[1:]
    return len(words) >= 2 and all(w.pos_ == "PROPN" and w.is_title for w in words) and \
        words[0].lower_ in given_names()


def _stands_for_a_person(tok: Token) -> bool:
    """A third person singular pronoun ("he", "him", "she", "her") or a definite description of a person
    ("the teenager", "the 22-year-old", "the student"; ``coreferent_nouns``)."""
    lex = lexicon(tok.doc.lang_)
    if tok.tag_ == "PRP":
        return tok.lower_ in optional_words(tok.doc, "coreferent_pronouns")
    if not any(c.dep_ == "det" and c.lower_ in optional_words(tok.doc, "definite_articles") for c in tok.children):
        return False
    if lemma(tok) in optional_words(tok.doc, "coreferent_nouns"):
        return True
    words = doc_text(tok.doc)[tok.left_edge.idx:tok.idx + len(tok.text)]
    return bool("victim_age" in lex.patterns and lex.regex("victim_age").search(words)) and \
        not any(c.dep_ == "prep" for c in tok.children)


def tells_of_the_harm(ent: Span) -> bool:
    """A name that tells of the harm rather than suffers it: "according to his uncle, Mr. X, he was shot" (a name
    after "according to" with no verb between, set off by commas before a pronoun, however the parser hung it). A name set off after a relative's word
    is not one: "relatives of a young porter, X, said he was killed" tells of X."""
    doc = ent.doc
    according = optional_words(doc, "according_words")
    opener = next((t for t in reversed(doc[ent.sent.start:ent.start]) if t.lower_ in according), None)
    if opener is None or any(t.pos_ in ("VERB", "AUX") for t in doc[opener.i + 1:ent.start]):
        return False
    # set off as the teller's name, the clause going on with a pronoun: "..., Mr. X, he was" (not "According to
    # Hengaw, X, 24, was shot", where X is the clause's subject)
    return ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].tag_ == "PRP"


def coreferent_name(tok: Token, sent: Span) -> Span | None:
    """The person a pronoun or definite description stands for: the nearest name before it in its sentence (not
    a source: "..., his uncle told X"), else the one person named in the sentence before it in the paragraph
    (two or more named there: none, it cannot tell which)."""
    if not _stands_for_a_person(tok):
        return None
    doc = sent.doc
    def people(span, before=None):
        # a name the tagger made of a place or a piece of one ("Gonbad-e Kavus" -> PERSON "Kavus") is no person
        places = [(p.start, p.end) for p in (getattr(doc._, "places", None) or [])]
        # one word alone is too often a place or a piece of one the tagger took for a person ("Izeh", "Kavus")
        return [e for e in span.ents if a_person(e) and len(e) >= 2 and (before is None or e.end <= before)
                and not (e.root.dep_ == "nsubj" and is_reporting(e.root.head)) and not tells_of_the_harm(e)
                and not any(a < e.end_char and e.start_char < b for a, b in places)]
    here = people(sent, tok.i)
    # "fired on a car carrying Hojatoleslam X and Mr Y, ..., killing the cleric and wounding the councillor": a
    # cleric is the one a clerical title names (``clerical_titles``), whoever is nearer
    if tok.lemma_.lower() in optional_words(doc, "clerical_nouns"):
        titles = optional_words(doc, "clerical_titles")
        titled = [e for e in here if e[0].lower_ in titles or e.start > 0 and doc[e.start - 1].lower_ in titles]
        if len(titled) == 1:
            return titled[0]
    if here:
        return here[-1]
    prev = next((s for s in reversed(list(doc[:sent.start].sents)) if s.text.strip()), None) if sent.start else None
    if prev is None or re.search(r"\n\s*\n", doc_text(doc)[prev.end_char:sent.start_char]):
        return None
    named = people(prev)
    return named[0] if len({e.text for e in named}) == 1 else None


def _name_set_off_after(noun: Token) -> set[int]:
    """A person's name set off by a comma right after the act's object is its apposition ("shot dead a Kurdish
    porter, Saman Ahmadi, as he ..."), wherever the parser hung it (here on the verb)."""
    doc, end = noun.doc, max(t.i for t in noun.subtree) + 1
    if end + 1 >= len(doc) or doc[end].text != ",":
        return set()
    first = end + 1
    # ("arrested one of the organisers, 68-year-old Bahman Jafari,": the age written before the name)
    age = optional_words(doc, "age_words")
    while first < min(len(doc) - 1, end + 7) and (doc[first].like_num or doc[first].text in ("-", "\u2010") or
                                                   doc[first].lower_ in age):
        first += 1
    if doc[first].ent_type_ != "PERSON" or doc[first].ent_iob_ != "B":
        return set()
    ent = next((e for e in doc.ents if e.start == first), None)
    return {t.i for t in ent} if ent is not None else set()


def _names_in_apposition(sent: Span, targets: set[int], not_one_person: frozenset[str],
                         not_a_person: frozenset[str], place_starts: set[int]) -> list[list]:
    """Two or more capitalised proper nouns in apposition to a singular common noun that is the act's object
    or passive subject ("the poet Baktash Abtin"), not labelled as anything but an organisation or nothing; or
    the act's own proper-noun object with a title as its compound ("took human rights lawyer Sara Nouri into
    custody": ``person_titles``)."""
    out = []
    titles = optional_words(sent.doc, "person_titles")
    for tok in sent:
        head = tok.head
        # "took human rights lawyer Sara Nouri into custody": the parser made the title a compound of the name
        # ("Kolbar Jamal Ahmadi was killed": a title the tagger took for a name, capitalised at the sentence's start)
        def title(c: Token) -> bool:
            return c.dep_ == "compound" and lemma(c) in titles and (
                c.pos_ == "NOUN" or c.pos_ == "PROPN" and c.i == c.sent.start)
        titled = tok.pos_ == "PROPN" and tok.dep_ in ("dobj", "nsubjpass") and tok.i in targets and \
            any(title(c) for c in tok.lefts)
        # "... information that Farhad Nourizadeh died in custody": the one who died, a name spaCy's NER called a
        # facility or an organisation (not one part 1's canon knows as an organisation), or nothing
        if tok.pos_ == "PROPN" and tok.dep_ == "nsubj" and tok.i in targets and \
                lemma(head) in optional_words(sent.doc, "victim_subject_triggers"):
            words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
            if 2 <= len(words) <= 4 and words[0].i == tok.i - len(words) + 1 and all(w.is_title for w in words) and \
                    all(w.ent_type_ in ("", "FAC", "ORG") for w in words) and \
                    not any(w.idx in place_starts for w in words) and not all(w.lower_ in not_a_person for w in words) \
                    and not _an_organisation(sent.doc[words[0].i:tok.i + 1]):
                out.append(words)
            continue
        if titled:
            head = next(c for c in tok.lefts if title(c))
        elif tok.dep_ != "appos" or tok.pos_ != "PROPN" or head.i not in targets or head.tag_ != "NN" or \
                head.dep_ not in ("dobj", "nsubjpass") or lemma(head) in not_one_person:
            continue
        words = [tok]
        while words[0].i > head.i + 1 and sent.doc[words[0].i - 1].dep_ == "compound" and \
                sent.doc[words[0].i - 1].pos_ == "PROPN" and sent.doc[words[0].i - 1].head.i == tok.i:
            words.insert(0, sent.doc[words[0].i - 1])
        if len(words) < 2 or not all(w.is_title for w in words) or \
                any(w.ent_type_ not in ("", "ORG", "PERSON") or w.idx in place_starts for w in words) or \
                all(w.lower_ in not_a_person for w in words):
            continue
        out.append(words)
    return out


def _names_by_structure(sent: Span, referents: list[Token], targets: set[int],
                        not_a_person: frozenset[str]) -> list[list[Token]]:
    """Runs of two or more capitalised proper nouns heading the act's own passive subject or object (or one joined
    to it), with an age (", 22,", "aged 22") or an occupation ("a nurse", "a 24-year-old student") set off right
    after them: a person however the tagger labelled the words."""
    doc = sent.doc
    lex = lexicon(doc.lang_)
    age, occupation = lex.regex("victim_age", re.I), lex.regex("occupation_after_article", re.I)
    heads = [r for r in referents if r.i in targets]
    heads += [c for r in heads for c in r.conjuncts if c.i in targets]
    out = []
    for head in heads:
        if head.pos_ != "PROPN":
            continue
        words = [head]
        while words[0].i > sent.start and doc[words[0].i - 1].dep_ == "compound" and \
                doc[words[0].i - 1].pos_ == "PROPN" and doc[words[0].i - 1].head.i == head.i:
            words.insert(0, doc[words[0].i - 1])
        if len(words) < 2 or not all(w.is_title and w.is_alpha for w in words) or \
                any(w.lower_ in not_a_person for w in words):
            continue
        end = words[-1].idx + len(words[-1].text)
        told_age = bool(age.match(doc_text(doc)[end:end + 14]))
        told_work = False
        for c in head.children:
            if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > head.i:
                inner = [t for t in c.subtree if t.dep_ not in ("relcl", "acl", "prep") and t.i <= c.i]
                text = doc_text(doc)[inner[0].idx:c.idx + len(c.text)]
                told_work = told_work or bool(occupation.match(text)) and len(text.split()) <= 5
        if told_age or told_work:
            out.append(words)
    return out


def _age_occupation(ent: Span) -> tuple[int | None, str | None]:
    doc = ent.doc
    lex = lexicon(doc.lang_)
    _AGE, _AGE_BEFORE = lex.regex("victim_age", re.I), lex.regex("victim_age_before")
    _OCCUPATIONS_DET = lex.regex("occupation_after_article", re.I)
    after = doc_text(doc)[ent.end_char : ent.end_char + 40]
    before = doc_text(doc)[max(0, ent.start_char - 25) : ent.start_char]
    age = None
    m = _AGE.search(after) or _AGE_BEFORE.search(before)
    if m:
        groups = [g for g in m.groups() if g]
        if groups and 1 <= int(groups[0]) <= 110:
            age = int(groups[0])
    occupation = None
    root = ent.root
    for c in root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN" and not c.like_num:
            words = [t for t in c.subtree if t.dep_ not in ("relcl", "acl")]
            text = doc_text(doc)[words[0].idx : words[-1].idx + len(words[-1].text)]
            m2 = _OCCUPATIONS_DET.match(text)
            if m2 and len(text.split()) <= 5:
                occupation = m2.group(1)
                break
    return age, occupation


# How a person was harmed: cause -> its words (<lang>.yaml "causes"), tried in order, the first match wins.
# A clause about other people ("..., while his friends and others were shot with pellets") says how they
# were harmed, not how the person the text is about was (<lang>.yaml "patterns": "clause_break",
# "others_subject").
def cause_of_harm(text: str, lang: str = "en") -> str | None:
    """How a victim was harmed, from generic cue words of the text's language (None when the text does not
    say)."""
    lex = lexicon(lang)
    _CAUSE_CUES = list(lex.causes.items())
    _CLAUSE_BREAK, _OTHERS_SUBJECT = lex.regex("clause_break"), lex.regex("others_subject", re.I)
    text = " ".join(part for part in _CLAUSE_BREAK.split(text) if not _OTHERS_SUBJECT.match(part))
    for cause, pattern in _CAUSE_CUES:
        if pattern.search(text):
            return cause
    return None


def _whole_words(words) -> str:
    """One alternation of the phrases, longest first, as whole words."""
    return r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"


def story_words(lang: str = "en") -> SimpleNamespace:
    """The words of a memorial story in English-style whole-word matching (<lang>.yaml "words": "story_death",
    "story_after_death", "story_not_death"; "patterns": "story_death_fell"), compiled once per vocabulary:
    ``death`` (a death stated or implied), ``after_death`` (the body, the funeral, the grave), ``not_death``
    (an arrest, a disappearance, an injury), case ignored."""
    lex = lexicon(lang)

    def build() -> SimpleNamespace:
        fell = lex.pattern("story_death_fell")
        return SimpleNamespace(
            death=re.compile(_whole_words(lex.word_set("story_death")) + "|" + fell, re.I),
            after_death=re.compile(_whole_words(lex.word_set("story_after_death")), re.I),
            not_death=re.compile(_whole_words(lex.word_set("story_not_death")), re.I))

    return lex.built("story_words", build)


def story_name_words(lang: str = "en") -> SimpleNamespace:
    """The words around a memorial story's name (<lang>.yaml "words"): ``titles`` before it ("name_titles": "javid
    nam", "the late"), ``honorifics`` and epithets it may open with ("story_honorifics": "haj", "young"),
    ``end_words`` that are no part of a name ("name_end_words": the months)."""
    lex = lexicon(lang)
    return lex.built("story_name_words", lambda: SimpleNamespace(
        titles=lex.word_set("name_titles"), honorifics=lex.word_set("story_honorifics"),
        end_words=lex.word_set("name_end_words")))


def day_after_death(text: str, days: list, lang: str = "en") -> str | None:
    """In a victim story, a day stated right after the death in its clause ("she died of internal bleeding on 3
    Mehr", "died in hospital on 2 Bahman"): the day of death, whatever day the injury was. ``days``: the text's
    day-precision dates (value, start); the death words are the vocabulary's ``story_death_event``."""
    words = lexicon(lang).word_set("story_death_event")
    death = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)
    for m in death.finditer(text):
        for d in sorted(days, key=lambda d: d.start):
            if m.end() <= d.start <= m.end() + 60 and not re.search(r"[.;!?؛]", text[m.end():d.start]):
                return d.value
    return None


def add_victims(victims: list[Victim], trig: Trigger, acts: set[str], sent: Span) -> None:
    """The named victims of an act trigger, added to ``victims`` with their fate; a person named again
    takes the worse fate ("arrested and killed")."""
    act = trig.kind
    fate = {"shot": "injured", "beaten": "injured"}.get(act, act)
    if act in HARM_WAYS and "killed" in acts:
        fate = "killed"
    if act in ("detained", "killed") and "died in custody" in acts:
        fate = "died in custody"
    for v in named_victims(trig, fate, sent):
        if not any(x.name == v.name for x in victims):
            victims.append(v)
        else:  # a worse fate wins ("arrested and killed")
            for x in victims:
                if x.name == v.name and fate == "killed":
                    x.fate = "killed"


def listed_victims(doc, spans: list[tuple[int, int]], acts: set[str], counts: dict, known: list[Victim],
                   aged_only: bool = False) -> list[Victim]:
    """Victims named in a list that the parse does not tie to the act: a list set off by commas after the
    people counted ("detained two reporters for the daily Ham-Mihan, Kaveh Rostami and Leila Nouri,"; "The
    men, A and B, had been convicted" in the next sentence) when it holds as many names as the count, or
    after words that announce them ("Among those held were A and B", "including a businessman, A,").
    ``spans``: the character spans to read (the incident's sentences and the one after); ``known``: its
    victims so far (a name already there is not added twice); ``aged_only``: the lone person named with an age only
    (a sentence that tells an incident of its own)."""
    lex = lexicon(doc.lang_)
    if not lex.patterns.get("listed_name"):
        return []
    if acts & {"executed"}:
        fate, role = "executed", "killed"
    elif acts & {"killed"}:
        fate, role = "killed", "killed"
    elif acts & {"arrested", "detained"}:
        fate, role = "arrested", "arrested"
    else:
        return []
    count = counts.get(role)
    n = count.min if count is not None else None
    name = lex.pattern("listed_name")
    set_off = lex.built(("listed", "set_off"), lambda: re.compile(lex.pattern("listed_names_set_off").replace("NAME", name)))
    announced = lex.built(("listed", "announced"),
                          lambda: re.compile(lex.pattern("listed_names_announced").replace("NAME", name)))
    one = lex.regex("listed_name")
    text = doc_text(doc)
    not_names = not_a_person_words(doc.lang_)
    places = [(p.start, p.end) for p in (getattr(doc._, "places", None) or [])]
    taken = {(v.start, v.end) for v in known} | {(None, v.name) for v in known}
    out: list[Victim] = []
    for lo, hi in spans:
        found: list[tuple[int, int]] = []
        for pattern, exact in () if aged_only else ((announced, False), (set_off, True)):
            for m in pattern.finditer(text, lo, hi):
                names = [(m.start(1) + x.start(), m.start(1) + x.end()) for x in one.finditer(m.group(1))]
                if not names or (exact and (n is None or n < 2 or len(names) != n)) or \
                        (not exact and n is not None and len(names) > n):
                    continue
                # ("including a boy, Zanyar Ahmadi, Human Rights Watch said": the source the list runs into is
                # left off its end)
                while len(names) > 1 and _not_a_name(text[names[-1][0]:names[-1][1]], *names[-1], places,
                                                     not_names, doc):
                    names.pop()
                if any(_not_a_name(text[a:b], a, b, places, not_names, doc) for a, b in names):
                    continue
                found.extend(names)
        if not found and not known and not out and n in (None, 1):
            found = _lone_aged_name(lex, name, text, lo, hi, places, not_names, doc)
        for a, b in found:
            if (a, b) in taken or (None, text[a:b]) in taken or any(a < e and s2 < b for s2, e in taken if s2 is not None):
                continue
            taken.add((a, b))
            out.append(Victim(name=text[a:b], fate=fate, start=a, end=b))
    return out


def _lone_aged_name(lex, name: str, text: str, lo: int, hi: int, places, not_names, doc) -> list[tuple[int, int]]:
    """The one person named with an age in ``text[lo:hi]`` ("A, 31, had suffered", "A, a 19-year-old kolbar"), not
    a kinsman, lawyer or official named beside someone (``listed_name_aged_not_after``); none when two are."""
    if not lex.patterns.get("listed_name_aged"):
        return []
    aged = lex.built(("listed", "aged"), lambda: re.compile(lex.pattern("listed_name_aged").replace("NAME", name)))
    beside = lex.regex("listed_name_aged_not_after")
    spans = [(m.start(k), m.end(k)) for m in aged.finditer(text, lo, hi) for k in (1, 2)
             if k <= (m.re.groups or 0) and m.group(k)]
    names = {(a, b) for a, b in spans if not beside.search(text[max(0, a - 30):a])
             and not _not_a_name(text[a:b], a, b, places, not_names, doc)}
    return sorted(names) if len({text[a:b] for a, b in names}) == 1 else []


def _not_a_name(name: str, start: int, end: int, places: list[tuple[int, int]], not_names: frozenset[str], doc) -> bool:
    """A listed "name" that is a place, an organisation or a state canon knows, or made of actor words."""
    if any(start < pe and ps < end for ps, pe in places):
        return True
    if all(w.lower() in not_names for w in name.split()):
        return True
    actors = getattr(doc._, "actors", None) or {}
    for entity in getattr(doc._, "entities", None) or []:
        actor = actors.get(entity.actor) if entity.actor else None
        if actor is not None and actor.kind in ("organisation", "state") and entity.start < end and start < entity.end:
            return True
    return False


def _an_organisation(ent) -> bool:
    """An entity spaCy called a person that part 1's canon knows as an organisation ("Hengaw", "HRANA"): a
    source or a group, never a victim's name."""
    lo, hi = ent.start_char, ent.end_char
    return any(s < hi and lo < e for s, e in organisation_spans(ent.doc))


def _adjacent_persons_joined(sent: Span) -> list[Span]:
    """The sentence's entities, two PERSON entities with nothing between them made one ("Mawlawi Nazir Ahmad Rigi",
    which spaCy may split into "Mawlawi Nazir" and "Ahmad Rigi"): one person's long name, not two people."""
    out: list[Span] = []
    for ent in sent.ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == ent.label_ == "PERSON" and prev.end == ent.start and \
                ent.start_char == prev.end_char + 1:
            out[-1] = Span(sent.doc, prev.start, ent.end, label="PERSON")
        else:
            out.append(ent)
    return out
