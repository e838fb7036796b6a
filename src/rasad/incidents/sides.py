"""Two sides' harm told in one sentence: "protesters killed a Basij member and security forces shot dead two
young men", "gunmen shot dead two Guards, while riot police killed a boy at a protest". Each side's act is an
incident of its own (a riot and lethal force against protesters; a battle and lethal force), with its own
figure, so the two are read apart before the candidate is built (``split_by_sides``), and the pieces are kept
apart when incidents are joined (``assemble``).

A sentence is cut into clauses at a contrast mark ("while", "whereas", ";") or at an "and" that opens a new
actor's act (an actor word between the "and" and the next act); each clause with a harm act gets the side
that did it: the state (its doer is state forces) or against it (a non-state doer: protesters, gunmen,
militants; or state forces harmed). Clauses are read apart only when both sides act; a clause without a harm
act, or whose side is not told, stays with the clause before it. The words are data (<lang>.yaml "words":
"side_contrast_marks", "side_new_clause_marks"; the actors' words are "actor_words")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from rasad.incidents.actors import INTER_CIVILIANS, INTER_EXTERNAL, INTER_STATE, actor_words, agents, inter_code
from rasad.incidents.lexicon import optional_words
from rasad.incidents.slots import arguments
from rasad.incidents.triggers import Trigger, lemma

# the acts that harm a person's body (a side that arrests does not make a second incident)
_HARM = {"killed", "injured", "shot", "beaten", "executed"}
_WINDOW = 6  # tokens after an active act searched for whom it harmed where the parse gives none


def split_by_sides(sent: Span, live: list[Trigger]) -> list[list[Trigger]]:
    """The live triggers of ``sent`` in groups, one per side that harms someone (see the module's text); a
    single group when the sentence tells one side's acts."""
    if sum(1 for t in live if t.is_act and t.kind in _HARM) < 2:
        return [live]
    bounds = _boundaries(sent, live)
    if not bounds:
        return [live]
    cuts = [sent.start, *bounds, sent.end]
    segs = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
    groups: list[tuple[str | None, list[Trigger], tuple[int, int]]] = []
    for s, e in segs:
        trigs = [t for t in live if s <= t.tokens[0].i < e]
        side = _side(trigs, s, e)
        if groups and (side is None or side == groups[-1][0] or groups[-1][0] is None):
            prev_side, prev, span = groups[-1]
            groups[-1] = (prev_side or side, prev + trigs, (span[0], e))
        else:
            groups.append((side, trigs, (s, e)))
    groups = [g for g in groups if g[1]]
    if len(groups) < 2 or len({g[0] for g in groups}) < 2 or any(g[0] is None for g in groups):
        return [live]
    return [g[1] for g in groups]


def _boundaries(sent: Span, live: list[Trigger]) -> list[int]:
    """Token indices where a new clause of another actor may begin."""
    doc = sent.doc
    contrast = optional_words(doc, "side_contrast_marks")
    joiners = optional_words(doc, "side_new_clause_marks")
    act_starts = sorted(t.tokens[0].i for t in live if t.is_act)
    trig_tokens = {tok.i for t in live for tok in t.tokens}
    first_harm = min(t.tokens[0].i for t in live if t.is_act and t.kind in _HARM)
    out = []
    for tok in sent:
        if tok.i <= first_harm:
            continue
        if tok.lower_ in contrast and tok.pos_ in ("SCONJ", "ADP", "PUNCT", "CCONJ"):
            out.append(tok.i)
        elif tok.lower_ in joiners:
            nxt = next((i for i in act_starts if i > tok.i), None)
            if nxt is None or nxt - tok.i > 9:
                continue
            between = doc[tok.i + 1:nxt]
            if any(t.i in trig_tokens for t in between):
                continue
            if any(_actor_word(t) for t in between):
                out.append(tok.i)
    return out


def _actor_word(tok: Token) -> bool:
    """An actor's word other than the civilians' ("security forces", "a member of the Guards", "gunmen")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    words = {tok.lower_, lemma(tok), tok.lower_.rstrip("s")}
    return any(words & vocab for code, vocab in actor_words(tok.doc.lang_).items() if code != INTER_CIVILIANS)


def _state_words(tokens) -> bool:
    state = actor_words(tokens[0].doc.lang_).get(INTER_STATE, frozenset()) if tokens else frozenset()
    return any({t.lower_, lemma(t), t.lower_.rstrip("s")} & state for t in tokens)


def _phrase_inter(tok: Token) -> int:
    words = [t for t in tok.lefts if t.dep_ in ("compound", "amod")] + [tok]
    of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.subtree]
    return inter_code(" ".join(t.text for t in words + of), lang=tok.doc.lang_)


def _side(trigs: list[Trigger], s: int, e: int) -> str | None:
    """'state' when state forces do the clause's harm, 'against' when a non-state side does it or state forces
    are harmed, None when the clause tells no harm or not who did it."""
    sides = set()
    for trig in trigs:
        if not (trig.is_act and trig.kind in _HARM):
            continue
        side = _act_side(trig, s, e)
        if side is not None:
            sides.add(side)
    return sides.pop() if len(sides) == 1 else None


def _passive(tok: Token) -> bool:
    own = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    return own or (tok.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in tok.children)
                   and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.children))


def _act_side(trig: Trigger, s: int, e: int) -> str | None:
    head = trig.head
    doc = head.doc
    inside = lambda t: s <= t.i < e  # noqa: E731
    doers = [a for a in agents(head) if inside(a)]
    if not doers and head.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        doers = [a for a in agents(head.head) if inside(a)]
    passive = _passive(head)
    verbal = len(trig.tokens) > 1 or head.pos_ in ("VERB", "AUX")  # not "to death", "the killing"
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    if not doers and not passive and verbal and not own_subject and trig.tokens[0].i > s:
        # a parse that lost the subject ("... with stones and security forces shot dead two men"): the actor
        # word right before the act
        before = doc[trig.tokens[0].i - 1]
        doers = [before] if _actor_word(before) else []
    codes = {_phrase_inter(d) for d in doers}
    codes.discard(INTER_EXTERNAL)
    if INTER_STATE in codes:
        return "state"
    harmed = [t for a in arguments(head) if inside(a) and a.dep_ in ("dobj", "nsubjpass", "conj", "nsubj")
              and not (a.dep_ == "nsubj" and not passive) for t in a.subtree if inside(t)]
    if not harmed and not passive:
        harmed = [t for t in doc[trig.tokens[-1].i + 1:min(e, trig.tokens[-1].i + 1 + _WINDOW)]]
    if harmed and _state_words(harmed):
        return "against"
    if codes - {INTER_CIVILIANS}:
        return "against"
    return None
