"""Victims: the named persons an act was done to, with age and occupation, and how they were harmed."""

from __future__ import annotations

import re

from spacy.tokens import Span

from rasad.incidents.actors import _ACTOR_WORDS
from rasad.incidents.lexicon import lexicon
from rasad.incidents.records import Victim
from rasad.incidents.slots import arguments
from rasad.incidents.triggers import HARM_WAYS, Trigger, lemma


# An age after a name ("Mahsa Amini, 22,", "aged 17") or before it ("a 16-year-old"), an occupation after an
# article ("Hamid, a shopkeeper"), a possessive ending ("Amini's") (en.yaml "patterns")
_AGE = re.compile(lexicon().pattern("victim_age"), re.I)
_AGE_BEFORE = re.compile(lexicon().pattern("victim_age_before"))
_OCCUPATIONS_DET = re.compile(lexicon().pattern("occupation_after_article"), re.I)
_POSSESSIVE = re.compile(lexicon().pattern("possessive_ending"))


_KIN = lexicon().word_set("kin")  # "the mother of X": the relative is the one the act is about (en.yaml "words")


# triggers whose subject is the victim ("he died"), verbs that name the victims ("were identified as")
_VICTIM_SUBJECT_TRIGGERS = lexicon().word_set("victim_subject_triggers")
_NAMING_VERBS = lexicon().word_set("naming_verbs")
_NAMING_PREPOSITIONS = lexicon().word_set("naming_prepositions")
_NOT_A_PERSON = {w for words in _ACTOR_WORDS.values() for w in words} | lexicon().word_set("not_a_name")


def named_victims(trigger: Trigger, act: str, sent: Span) -> list[Victim]:
    """Named persons that are the object of the act (the subject of a passive or of "die")."""
    tok = trigger.head
    targets: set[int] = set()
    for a in arguments(tok):
        if a.dep_ in ("nsubjpass", "dobj", "oprd") or (a.dep_ == "nsubj" and lemma(tok) in _VICTIM_SUBJECT_TRIGGERS):
            targets.update(t.i for t in a.subtree)
        if tok.pos_ == "NOUN" and a.dep_ == "pobj":
            targets.update(t.i for t in a.subtree)
    if tok.dep_ in ("acomp", "xcomp", "oprd", "conj") or (tok.pos_ == "ADJ"):
        for c in tok.head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                targets.update(t.i for t in c.subtree)
    # "The martyrs were identified as Hamid Rezaei and Mostafa Bagheri"
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubjpass", "nsubj") and lemma(tok.head) in _NAMING_VERBS:
        for c in tok.head.children:
            if c.dep_ == "prep" and c.lower_ in _NAMING_PREPOSITIONS:
                targets.update(t.i for t in c.subtree)
    out = []
    place_starts = {p.start for p in (getattr(sent.doc._, "places", None) or [])}
    for ent in sent.ents:
        if ent.label_ != "PERSON" or not any(t.i in targets for t in ent):
            continue
        if any(t.idx in place_starts for t in ent):
            continue  # a place spaCy took for a person ("Zameidan Lahijan")
        name = _POSSESSIVE.sub("", ent.text).strip()
        if all(w.lower() in _NOT_A_PERSON for w in name.split()):
            continue  # "Riot" of "riot police" taken for a person
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and lemma(root.head.head) in _KIN:
            continue  # "the mother of Pejman Gholipour": the relative is the one this act is about
        if not name:
            continue
        age, occupation = _age_occupation(ent)
        out.append(Victim(name=name, fate=act, age=age, occupation=occupation, start=ent.start_char,
                          end=ent.start_char + len(name)))
    return out


def _age_occupation(ent: Span) -> tuple[int | None, str | None]:
    doc = ent.doc
    after = doc.text[ent.end_char : ent.end_char + 40]
    before = doc.text[max(0, ent.start_char - 25) : ent.start_char]
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
            text = doc.text[words[0].idx : words[-1].idx + len(words[-1].text)]
            m2 = _OCCUPATIONS_DET.match(text)
            if m2 and len(text.split()) <= 5:
                occupation = m2.group(1)
                break
    return age, occupation


# How a person was harmed: cause -> its words (en.yaml "causes"), tried in order, the first match wins.
_CAUSE_CUES: list[tuple[str, re.Pattern]] = list(lexicon().causes.items())


# A clause about other people ("..., while his friends and others were shot with pellets") says how they
# were harmed, not how the person the text is about was.
# (en.yaml "patterns")
_CLAUSE_BREAK = re.compile(lexicon().pattern("clause_break"))
_OTHERS_SUBJECT = re.compile(lexicon().pattern("others_subject"), re.I)


def cause_of_harm(text: str) -> str | None:
    """How a victim was harmed, from generic English cue words (None when the text does not say)."""
    text = " ".join(part for part in _CLAUSE_BREAK.split(text) if not _OTHERS_SUBJECT.match(part))
    for cause, pattern in _CAUSE_CUES:
        if pattern.search(text):
            return cause
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
