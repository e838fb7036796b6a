"""spaCy component ``rasad_claims``: for each sentence, who asserts it.

A sentence is asserted by the *author* unless it is (mostly) the content of an attribution found
by ``rasad_quotes`` ("The NCRI reported, Khamenei ignored ...", "according to X, ...", a quotation):
then it is asserted by that attribution's speaker, with its cue. Each claim also says whether the
sentence makes a factual assertion at all (questions, headlines and fragments without a finite
verb, exhortations do not) and which hedges soften it ("reportedly", "allegedly", "may").
The pipeline turns these into ``Analysis.unattributed_share``: the share of factual sentences the
author asserts alone.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from rasad.analysis.doc_text import doc_text, joined_once
from rasad.records import Claim, Quote
from rasad.languages import component

# Words that mark a claim as hedged or second-hand. A closed list: no library ships one, and the
# words that matter in reporting are few.
HEDGE_WORDS = {
    "reportedly", "allegedly", "purportedly", "supposedly", "apparently", "possibly", "perhaps",
    "probably", "likely", "unconfirmed", "rumoured", "rumored", "may", "might", "could",
    "seemingly", "presumably", "claimed", "alleged", "suspected",
}
HEDGE_VERBS = {"seem", "appear", "suggest"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# Cues that hand a whole statement to someone else. PolNeAR-style attributions also include
# beliefs and stances ("other forces supporting a movement"); those do not make the author's
# sentence someone else's claim.
REPORTING_LEMMAS = {
    "say", "report", "claim", "tell", "write", "state", "announce", "accord", "add", "note", "insist",
    "deny", "allege", "confirm", "warn", "declare", "assert", "argue", "explain", "imply", "complain",
    "portray", "admit", "acknowledge", "reveal", "quote", "tweet", "post", "reply", "respond",
    "testify", "suggest", "stress", "emphasise", "emphasize", "accuse", "describe", "publish",
    "estimate", "cite", "recount", "recall", "disclose", "inform", "indicate", "show", "find", "conclude",
    "believe", "think", "say:", "blame", "charge", "contend", "maintain", "predict", "promise", "vow",
}
SHARE = 0.5  # the part of a sentence an attribution must cover to take it from the author


def _reporting(doc: Doc, q: Quote) -> bool:
    if q.kind == "direct":
        return True
    if q.cue_start is None or q.cue_end is None:
        return False
    span = doc.char_span(q.cue_start, q.cue_end, alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() in REPORTING_LEMMAS


def _covered(sent: Span, quotes: list[Quote]) -> tuple[Quote | None, float]:
    """The speaker whose quotes and reported speech cover the largest part of the sentence (one
    of their quotes, to take the cue from) and that part. A speaker's pieces add up: "Khamenei
    implied that ..., complaining that critics “...”" is his twice over."""
    s0, e0 = sent.start_char, sent.end_char
    size = max(1, len(sent.text.strip()))
    by_speaker: dict[str, tuple[Quote, int]] = {}
    for q in quotes:
        if q.end <= s0 or q.start >= e0 or not q.speaker:
            continue
        pieces = [(f.start, f.end) for f in q.fragments] or [(q.start, q.end)]
        shared = sum(max(0, min(e, e0) - max(s, s0)) for s, e in pieces)
        # the cue belongs to the attribution too ("The NCRI reported, ..."); the source does not:
        # "Khamenei's failure to revive the policy has emphasized this juncture" is the author's
        if q.cue_start is not None and q.cue_end is not None and s0 <= q.cue_start < e0:
            shared += min(q.cue_end, e0) - q.cue_start
        first, total = by_speaker.get(q.speaker, (q, 0))
        by_speaker[q.speaker] = (first, total + shared)
    if not by_speaker:
        return None, 0.0
    quote, shared = max(by_speaker.values(), key=lambda v: v[1])
    return quote, min(1.0, shared / size)


_BLANK_LINE_AFTER = re.compile(r"[ \t]*\r?\n[ \t]*\r?\n")


def _headline_line(sent: Span, text: str) -> bool:
    """A title above a paragraph: a short line of its own with no closing punctuation, a blank line and
    more text below ("Kolbar killed in Baneh, prisoner executed in Urmia"). It announces what the body
    reports; the body's sentences are the claims (a one-line report with no body keeps its line)."""
    if not text or "\n" in text or len(text.split()) > 15 or text[-1] in ".!?”\"’)…":
        return False
    whole = doc_text(sent.doc)
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    before, after = whole[:start], whole[start + len(text):]
    if before.strip() and not before.endswith("\n"):
        return False
    return bool(_BLANK_LINE_AFTER.match(after)) and bool(after.strip())


def _mistagged_past(token) -> bool:
    """A simple past that the tagger took for a participle: the sentence's root, with an active subject and
    no auxiliary ("Thousands of people protested in Tehran": 'protested' tagged VBN), or a participle that
    the parser hung on a root noun ("Hundreds of nurses protested outside ...": root "Hundreds")."""
    if token.tag_ != "VBN":
        return False
    deps = {c.dep_ for c in token.children}
    if deps & {"aux", "auxpass", "nsubjpass"}:
        return False
    if token.dep_ == "ROOT":
        return "nsubj" in deps
    head = token.head
    return token.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN", "NUM", "PRON") \
        and head.i < token.i


def _factual(sent: Span) -> bool:
    text = sent.text.strip()
    if not text or text.endswith("?") or text.rstrip("”\"’'").endswith("?"):
        return False
    tokens = [t for t in sent if not t.is_space]
    if not any(t.tag_ in FINITE_TAGS or "Fin" in t.morph.get("VerbForm") or _mistagged_past(t) for t in tokens):
        return False
    # an exhortation: a bare imperative with no subject ("Join the protests!", "Let us ...")
    first = next((t for t in tokens if not t.is_punct), None)
    if (first is not None and first.tag_ in ("VB", "VBP") and first.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and sent.start <= c.i < sent.end for c in first.children)):
        return False
    if _headline_line(sent, text):
        return False
    # a headline: one line, no closing punctuation, mostly capitalised words
    if "\n" not in text and text[-1] not in ".!”\"’)" and len(tokens) <= 20:
        words = [t for t in tokens if t.is_alpha and len(t) > 3]
        if words and sum(t.text[0].isupper() for t in words) >= 0.6 * len(words):
            return False
    return True


class ClaimAttributor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        with joined_once([doc]):  # a headline is told by the text around its line (_headline_line)
            return self._attribute(doc)

    def _attribute(self, doc: Doc) -> Doc:
        quotes = [q for q in doc._.quotes or [] if _reporting(doc, q)]
        claims: list[Claim] = []
        for unit in _units(doc):
            text = unit.text
            lead = len(text) - len(text.lstrip())
            trail = len(text) - len(text.rstrip())
            start, end = unit.start_char + lead, unit.end_char - trail
            quote, share = _covered(unit, quotes)
            hedges = sorted({t.lower_ for t in unit if t.lower_ in HEDGE_WORDS or t.lemma_ in HEDGE_VERBS})
            if quote is not None and share >= SHARE:
                claims.append(Claim(start=start, end=end, asserted_by=quote.speaker,
                                    asserted_by_actor=quote.speaker_actor, cue=quote.cue,
                                    factual=_factual(unit), hedges=hedges))
            else:
                claims.append(Claim(start=start, end=end, asserted_by="author", factual=_factual(unit),
                                    hedges=hedges))
        doc._.claims = claims
        return doc


def _units(doc: Doc) -> list[Span]:
    """Sentences, cut again at line breaks: the parser runs a headline into the paragraph under
    it, and a headline is a unit of its own (usually not a factual claim)."""
    units = []
    for sent in doc.sents:
        if "\n" not in sent.text.strip():
            if sent.text.strip():
                units.append(sent)
            continue
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text or (tok.i > start and "\n" in doc[tok.i - 1].whitespace_):
                piece = doc[start: tok.i]
                if piece.text.strip():
                    units.append(piece)
                start = tok.i + 1 if tok.is_space else tok.i
        piece = doc[start: sent.end]
        if piece.text.strip():
            units.append(piece)
    return units


@Language.factory("rasad_claims")
def make_component(nlp: Language, name: str) -> ClaimAttributor:
    # English here; another language's own component or empty records (rasad.languages)
    return component(nlp, name, "claims", ClaimAttributor)
