"""Slots read off the dependency parse: the noun arguments of a trigger and the number expressions that
count them ("at least 20 protesters", "dozens of workers", "shot dead a Kolbar")."""

from __future__ import annotations

from spacy.tokens import Token

from rasad.incidents.records import Count
from rasad.incidents.triggers import lemma

def number_tokens(noun: Token) -> list[Token]:
    """The tokens of the number expression modifying ``noun`` (or ``noun`` itself when it is one)."""
    if noun.like_num or noun.lower_ in ("dozens", "hundreds", "thousands", "scores", "several", "many",
                                         "millions", "dozen"):
        toks = [noun] + [c for c in noun.children if c.dep_ in ("compound", "quantmod", "nummod") and c.i < noun.i]
        toks += [c for c in noun.subtree if c.like_num and c.i < noun.i]
        return sorted(set(toks), key=lambda t: t.i)
    for c in noun.children:
        if c.dep_ == "nummod" or (c.dep_ == "amod" and c.lower_ in ("several", "many", "numerous")) or (
            c.dep_ == "det" and c.lower_ in ("several", "many", "some")
        ):
            toks = [c] + [g for g in c.subtree if g.i != c.i and g.dep_ in ("compound", "quantmod", "nummod", "cc", "conj")]
            return sorted(set(toks), key=lambda t: t.i)
        # "dozens of protesters": the quantity word heads the phrase
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "of":
        q = noun.head.head
        if q.like_num or q.lower_ in ("dozens", "hundreds", "thousands", "scores", "tens", "millions", "dozen"):
            return number_tokens(q)
    return []


_NOT_ONE_PERSON = {"group", "crowd", "number", "family", "gathering", "convoy", "series", "wave", "lot", "dozen",
                   "couple", "total", "majority", "minority", "handful", "score", "team", "delegation"}


def one_person(noun: Token):
    """'a protester', 'an activist' as the object of an act: a count of one (singular noun, indefinite)."""
    if noun.tag_ not in ("NN", "NNP") or lemma(noun) in _NOT_ONE_PERSON:
        return None
    det = next((c for c in noun.children if c.dep_ == "det" and c.lower_ in ("a", "an")), None)
    if det is None or any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return None
    return Count(min=1, max=1, text=noun.doc.text[det.idx:noun.idx + len(noun.text)])


def arguments(tok: Token) -> list[Token]:
    """The noun arguments of a trigger: subject, object, passive subject, plus conjuncts."""
    args = []
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
            args.append(c)
            args.extend(g for g in c.conjuncts)
    if tok.dep_ in ("amod", "acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
        args.append(tok.head)  # "20 killed protesters", "people killed in ..."
    if tok.dep_ in ("acomp", "oprd", "xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
        args.extend(c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass"))
        if tok.dep_ == "oprd":  # "leaving three soldiers dead": the object is who is dead
            args.extend(c for c in tok.head.children if c.dep_ == "dobj")
    if tok.pos_ == "NOUN":
        # "the deaths of 20 people", "20 deaths"
        args.append(tok)
        # "thousands of workers went on strike", "hundreds joined the protests"
        governor = tok.head.head if tok.dep_ == "pobj" else tok.head if tok.dep_ == "dobj" else None
        if governor is not None and governor.pos_ == "VERB":
            args.extend(c for c in governor.children if c.dep_ == "nsubj")
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of",):
                args.extend(g for g in c.children if g.dep_ == "pobj")
    return args
