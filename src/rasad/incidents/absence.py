"""A disappearance told only by someone's absence: "Student activist X has not been heard from since security
agents arrested him", "The whereabouts of X have been unknown since he was detained", "Nothing has been heard
of X since his arrest", "X went missing after she was summoned to the intelligence office". No word of the
sentence says "disappeared", yet the report is of an enforced disappearance (ACLED: Violence against
civilians / Abduction/forced disappearance, or the arrest it began with): the absence phrase stands as the
act's trigger, and the person it is about is the victim. The phrases are data (<lang>.yaml "patterns":
"absence")."""

from __future__ import annotations

import re

from spacy.tokens import Span

from rasad.analysis.doc_text import doc_text
from rasad.incidents.lexicon import lexicon, optional_words
from rasad.incidents.records import Victim
from rasad.incidents.reporting import is_reporting
from rasad.incidents.triggers import Trigger, lemma


def absence_trigger(sent: Span, live: list[Trigger]) -> Trigger | None:
    """The disappearance the sentence tells by an absence phrase, as a trigger on the phrase's head word; None
    when it tells none or already names a disappearance."""
    lex = lexicon(sent.doc.lang_)
    if "absence" not in lex.patterns or any(t.is_act and t.kind == "disappeared" for t in live):
        return None
    m = lex.regex("absence", re.I).search(doc_text(sent.doc), sent.start_char, sent.end_char)
    if m is None:
        return None
    span = sent.doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None:
        return None
    return Trigger(tokens=[span.root], kind="disappeared", is_act=True, absence=True)


def absent_people(sent: Span, trig: Trigger) -> list[Victim]:
    """The people an absence is about: the persons named in the sentence who are not its source (the subject
    of a reporting verb, "his son told Haalvsh") nor someone's kin named to say whose ("the relatives of X" is
    about X)."""
    kin = optional_words(sent.doc, "kin")
    out = []
    for ent in sent.ents:
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        if root.dep_ in ("nsubj",) and is_reporting(root.head):
            continue
        if root.dep_ == "pobj" and root.head.head.dep_ == "nsubj" and lemma(root.head.head) not in kin and \
                is_reporting(root.head.head.head):
            continue
        name = re.sub(r"['’]s$", "", ent.text).strip()
        if name and not any(v.name == name for v in out):
            out.append(Victim(name=name, fate="disappeared", age=None, occupation=None, start=ent.start_char,
                              end=ent.start_char + len(name)))
    # "A Baluch cleric, Molavi Abdolrahman Bameri, has been missing": a name in apposition to the subject, where
    # the named-entity tagger took it for something else
    for subj in (c for c in trig.head.children if c.dep_ in ("nsubj", "nsubjpass")):
        for app in (a for a in subj.children if a.dep_ == "appos" and a.pos_ == "PROPN"):
            words = [w for w in app.subtree if w.pos_ == "PROPN" and w.is_title]
            if len(words) < 2 or words[-1].i - words[0].i != len(words) - 1:
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            name = doc_text(sent.doc)[start:end]
            if not any(v.name == name for v in out):
                out.append(Victim(name=name, fate="disappeared", age=None, occupation=None, start=start, end=end))
    return out
