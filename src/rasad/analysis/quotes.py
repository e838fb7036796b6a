"""spaCy component ``rasad_quotes``: direct and reported speech with speaker, cue and kind.

The attribution relations come from :mod:`rasad.analysis.attribution` (cue -> content -> source,
learned on PolNeAR train). This component turns them into :class:`~rasad.records.Quote` records:

* an attribution that holds quotations gives one ``direct`` Quote per quotation (marks included);
* one without gives one ``indirect`` Quote for its content (``fragments`` when discontinuous);
* the speaker is the canonical actor's name when the speaker mention overlaps an entity that
  rasad_canon resolved (``doc._.entities`` / ``doc._.actors``), else spaCy's own entity or the
  mention text. Pronouns ("he said") go to the nearest person mentioned before, and a speech noun
  ("The speech portrayed ...:") to the owner of the last speech, message or statement before it
  ("his annual Nowruz message, ... Ali Khamenei implied").

The raw attributions (character spans as the PolNeAR scorer wants them) stay on
``doc._.attributions`` for ``rasad eval quotes``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from rasad.analysis.attribution import RELATIVE, Attribution, find_attributions, load_model
from rasad.analysis.doc_text import doc_text
from rasad.records import Fragment, Quote
from rasad.languages import component

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
SPEECH_NOUNS = {"speech", "message", "statement", "address", "remarks", "remark", "interview", "letter",
                "sermon", "tweet", "post", "article", "op-ed", "editorial", "column", "announcement",
                "comments", "comment", "testimony", "declaration", "communique", "broadcast"}


@dataclass
class Mention:
    """An entity mention with what it resolves to (canonical actor when rasad_canon knew it)."""

    start: int
    end: int
    name: str
    actor: str | None
    label: str


def _mentions(doc: Doc) -> list[Mention]:
    """Entities from rasad_canon when present; spaCy's own entities otherwise (and in addition,
    for the people canon has no actor for)."""
    out: list[Mention] = []
    actors = doc._.actors or {}
    for ent in doc._.entities or []:
        actor = actors.get(ent.actor) if ent.actor else None
        label = ent.label
        if actor is not None and actor.kind == "person":
            label = "PERSON"
        out.append(Mention(ent.start, ent.end, actor.name if actor else ent.text, ent.actor if actor else None, label))
    covered = [(m.start, m.end) for m in out]
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE"):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in covered):
            continue
        out.append(Mention(ent.start_char, ent.end_char, ent.text, None, ent.label_))
    out.sort(key=lambda m: m.start)
    return out


def _nearest_before(mentions: list[Mention], pos: int, labels: set[str]) -> Mention | None:
    best = None
    for m in mentions:
        if m.end > pos:
            break
        if m.label in labels or (m.actor and "PERSON" in labels and m.label == "PERSON"):
            best = m
    return best


def _overlapping(mentions: list[Mention], s: int, e: int, head: int | None) -> Mention | None:
    hits = [m for m in mentions if m.start < e and s < m.end]
    if not hits:
        return None
    if head is not None:
        for m in hits:
            if m.start <= head < m.end:
                return m
    resolved = [m for m in hits if m.actor]
    if head is not None and not resolved:
        return None  # "Iranian officials said": a modifier's entity ("Iranian") is not the speaker; the phrase is
    return (resolved or hits)[-1]


def _speech_owner(doc: Doc, before: int, mentions: list[Mention]) -> Mention | None:
    """The speaker of the last speech/message/statement mentioned before char ``before``."""
    upto = doc.char_span(0, before, alignment_mode="contract") if before else None
    for tok in reversed(doc[: upto.end if upto is not None else 0]):
        if tok.lemma_.lower() not in SPEECH_NOUNS or tok.pos_ != "NOUN":
            continue
        owner: Token | None = None
        for ch in tok.children:
            if ch.dep_ == "poss":
                owner = ch
        if owner is None:
            for ch in tok.children:
                if ch.dep_ == "prep" and ch.lower_ in ("by", "of", "from"):
                    owner = next((g for g in ch.children if g.dep_ == "pobj"), None)
        if owner is None:
            continue
        if owner.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS:
            m = _overlapping(mentions, owner.idx, owner.idx + len(owner.text), owner.idx)
            if m:
                return m
        # "in his annual message, Khamenei implied": the subject of the governing clause
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for ch in verb.children:
            if ch.dep_ in ("nsubj", "nsubjpass"):
                m = _overlapping(mentions, ch.left_edge.idx, ch.right_edge.idx + len(ch.right_edge.text), ch.idx)
                if m and m.label == "PERSON":
                    return m
        return _nearest_before(mentions, tok.idx, {"PERSON"})
    return None


def resolve_speaker(doc: Doc, text: str, att: Attribution, mentions: list[Mention]) -> tuple[str | None, str | None]:
    """(speaker name, actor id) for an attribution's source mention."""
    if att.source is None:
        return None, None
    s, e = att.source
    mention_text = text[s:e]
    head = doc[att.source_token] if att.source_token is not None else None
    if head is not None and head.lower_ in RELATIVE and att.cue_token is not None:
        # "Sanders, who says ...": the relative pronoun stands for the noun the clause hangs on
        clause = head.head
        antecedent = clause.head if clause.dep_ == "relcl" else None
        if antecedent is not None:
            head = antecedent
            s, e = antecedent.idx, antecedent.idx + len(antecedent.text)
            mention_text = text[s:e]
    head_lower = head.lower_ if head is not None else mention_text.lower()
    if head_lower in PERSON_PRONOUNS:
        m = _nearest_before(mentions, s, {"PERSON"})
        return (m.name, m.actor) if m else (mention_text, None)
    if head_lower in GROUP_PRONOUNS:
        m = _nearest_before(mentions, s, {"ORG", "NORP", "GPE", "PERSON"})
        return (m.name, m.actor) if m else (mention_text, None)
    if head is not None and head.lemma_.lower() in SPEECH_NOUNS:
        m = _overlapping(mentions, s, e, None) or _speech_owner(doc, s, mentions)
        return (m.name, m.actor) if m else (mention_text, None)
    m = _overlapping(mentions, s, e, head.idx if head is not None else None)
    if m is not None:
        return m.name, m.actor
    return mention_text, None


SAYING_LEMMAS = {"say", "tell", "state", "write", "add", "claim", "report"}


def _quoted_as_saying(doc: Doc, att: Attribution) -> Attribution:
    """"IRNA quoted the town's governor as saying that ...": the speaker is the one quoted (the object of
    "quote" followed by "as saying"), not the agency that quotes. A copy for the Quote record only: the raw
    attribution (what ``rasad eval quotes`` scores) is left as it is."""
    if att.cue_token is None:
        return att
    cue = doc[att.cue_token]
    if cue.lemma_.lower() != "quote":
        return att
    as_saying = any(ch.dep_ == "prep" and ch.lower_ == "as"
                    and any(g.dep_ in ("pcomp", "pobj") and g.lemma_.lower() in SAYING_LEMMAS for g in ch.children)
                    for ch in cue.children)
    obj = next((ch for ch in cue.children if ch.dep_ == "dobj"), None)
    if not as_saying or obj is None:
        return att
    s, e = obj.left_edge.idx, obj.idx + len(obj.text)
    return dataclasses.replace(att, source=(s, e), source_token=obj.i)


def speaker_and_cue(text: str, att: Any, speaker: str | None, actor: str | None) -> dict[str, Any]:
    """The fields every Quote of one attribution shares (English and other languages alike): the speaker, their
    mention and the cue, with offsets. ``att`` has ``source`` and ``cue`` as (start, end) or None."""
    return {
        "speaker": speaker,
        "speaker_actor": actor,
        "speaker_start": att.source[0] if att.source else None,
        "speaker_end": att.source[1] if att.source else None,
        "speaker_mention": text[att.source[0]: att.source[1]] if att.source else None,
        "cue": text[att.cue[0]: att.cue[1]] if att.cue else None,
        "cue_start": att.cue[0] if att.cue else None,
        "cue_end": att.cue[1] if att.cue else None,
    }


def quotes_from_attributions(doc: Doc, atts: list[Attribution]) -> list[Quote]:
    text = doc_text(doc)
    mentions = _mentions(doc)
    out: list[Quote] = []
    for att in atts:
        att = _quoted_as_saying(doc, att)
        speaker, actor = resolve_speaker(doc, text, att, mentions)
        common = speaker_and_cue(text, att, speaker, actor)
        if att.quotes:
            for s, e in att.quotes:
                out.append(Quote(text=text[s:e], start=s, end=e, kind="direct", derived_from=att.derived, **common))
        else:
            s, e = att.start, att.end
            frags = [Fragment(start=a, end=b) for a, b in att.content] if len(att.content) > 1 else []
            out.append(Quote(text=text[s:e], start=s, end=e, kind="indirect", derived_from=att.derived,
                             fragments=frags, **common))
    out.sort(key=lambda q: q.start)
    return out


class QuoteFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.model = load_model()

    def __call__(self, doc: Doc) -> Doc:
        atts = find_attributions(doc, self.model)
        doc._.attributions = atts
        doc._.quotes = quotes_from_attributions(doc, atts)
        return doc


@Language.factory("rasad_quotes")
def make_component(nlp: Language, name: str) -> QuoteFinder:
    # English here; another language's own component or empty records (rasad.languages)
    return component(nlp, name, "quotes", QuoteFinder)
