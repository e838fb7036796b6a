"""Actors of an incident: who did it (the trigger's agent, subject or modifier: "killed by security forces",
"the US drone attack"), who it was done to ("wounded two police officers"), both sides of a clash, each
resolved through part 1's actor canon and given its ACLED inter code."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from rasad.analysis.doc_text import doc_text
from rasad.incidents.lexicon import acled_table, lexicon, optional_words
from rasad.incidents.records import IncidentActor
from rasad.incidents.reporting import is_reporting
from rasad.incidents.slots import arguments
from rasad.incidents.triggers import Trigger, lemma


# ACLED inter codes (acled.yaml "inter").
_INTER = acled_table().inter
INTER_STATE, INTER_REBEL = _INTER["state"], _INTER["rebel"]
INTER_POL_MILITIA, INTER_ID_MILITIA = _INTER["political militia"], _INTER["identity militia"]
INTER_RIOTERS, INTER_PROTESTERS = _INTER["rioters"], _INTER["protesters"]
INTER_CIVILIANS, INTER_EXTERNAL = _INTER["civilians"], _INTER["external"]

def actor_words(lang: str) -> dict[int, frozenset[str]]:
    """inter code -> the words of an actor's name that give it, in the order they are tried (<lang>.yaml
    "actor_words")."""
    return lexicon(lang).actor_words


# <lang>.yaml "words": "victim_subject_verbs" ("he died": the subject is the victim), "clash_words" (the clash
# triggers that take "with"), "home_state_names" ("Iran", "the Islamic Republic": the state),
# "locative_prepositions" ("security forces in Piranshahr")
def clash_opponents(tok: Token) -> list[Token]:
    """The other side of a clash: "IRGC forces" in "Jaish al-Adl fighters clashed with IRGC forces" (ACLED's
    actor 2, kept with the role "target"). Not an agent: the place after it stays the incident's place
    ("clashed with villagers of Zahedan"), and it does not make the clash the state's doing."""
    if lemma(tok) not in lexicon(tok.doc.lang_).word_set("clash_words"):
        return []
    return [side for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
            for pobj in c.children if pobj.dep_ == "pobj" for side in (pobj, *pobj.conjuncts)]


def agents(tok: Token) -> list[Token]:
    _VICTIM_SUBJECT_VERBS = lexicon(tok.doc.lang_).word_set("victim_subject_verbs")
    out = []
    # "clashes between IRGC forces and PJAK militants" (the parser may hang "between" on "broke out"): both sides
    for holder in (tok, tok.head) if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" else (tok,):
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                for side in (g for g in c.children if g.dep_ == "pobj"):
                    out.extend([side, *side.conjuncts])
    for c in tok.children:
        if c.dep_ == "agent":
            out.extend(g for g in c.children if g.dep_ == "pobj")
        if c.dep_ == "nsubj" and tok.pos_ == "VERB" and lemma(tok) not in _VICTIM_SUBJECT_VERBS:
            out.append(c)
        # "gunmen ... shot dead two members", parsed with "dead" modifying the members and the gunmen its subject
        if c.dep_ == "nsubj" and tok.pos_ == "ADJ" and tok.dep_ == "amod":
            out.append(c)
        if c.dep_ in ("compound", "amod", "poss", "nmod") and tok.pos_ == "NOUN" and c.pos_ in ("PROPN", "NOUN", "ADJ"):
            out.append(c)
        # "an attack by Jaish al-Adl militants on a police station": the noun's "by" phrase names who did it
        if c.dep_ == "prep" and tok.pos_ == "NOUN" and c.lower_ in optional_words(tok.doc, "noun_agent_prepositions"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
    # "Gunmen stormed a police post, killing two officers": the subject of the clause the "-ing" act hangs on
    if tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.head.pos_ == "VERB" and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) and \
            lemma(tok.head) not in _VICTIM_SUBJECT_VERBS and not is_reporting(tok.head):
        out.extend(c for c in tok.head.children if c.dep_ == "nsubj")
    return out


def _phrase(tok: Token) -> str:
    """The noun phrase headed by ``tok`` without leading determiners/numbers and trailing clauses."""
    left = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "poss", "nmod") and not t.like_num]
    words = [t for t in sorted(left + [tok], key=lambda t: t.i)]
    start, end = words[0].idx, tok.idx + len(tok.text)
    return doc_text(tok.doc)[start:end].strip()


def inter_code(phrase: str, actor_kind: str | None = None, foreign: bool = False, lang: str = "en") -> int:
    """ACLED inter code of an actor from its words (in the vocabulary of ``lang``): state forces 1 ...
    external/other 8."""
    if foreign:
        return INTER_EXTERNAL
    words = set(re.findall(r"[a-z]+", phrase.lower()))
    text = " ".join(re.findall(r"[a-z]+", phrase.lower()))
    for code, vocab in actor_words(lang).items():
        if words & vocab or any(w.rstrip("s") in vocab for w in words):
            return code
        # a phrase of the vocabulary ("armed men": an unidentified armed group, tried before the "men" of civilians)
        if any(" " in v and re.search(rf"\b{re.escape(v)}\b", text) for v in vocab):
            return code
    if actor_kind == "state":
        return INTER_STATE
    return INTER_EXTERNAL


def actor_record(tok: Token, role: str, doc_country: str | None) -> IncidentActor | None:
    lang = tok.doc.lang_
    _GROUP_NOUNS = lexicon(lang).word_set("group_nouns")  # "members of the Basij": the group after "of" is the actor
    phrase = _phrase(tok)
    of = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"), None)
    if lemma(tok) in _GROUP_NOUNS and of is not None:
        phrase = f"{phrase} of {doc_text(tok.doc)[of.left_edge.idx:of.idx + len(of.text)]}"  # "members of the Basij"
    if not phrase or tok.pos_ == "PRON":
        return None
    actor_id, kind, foreign = None, None, False
    try:
        from rasad.analysis.canon import resolve_actor

        actor = resolve_actor(phrase) or (resolve_actor(tok.text) if tok.pos_ == "PROPN" else None)
    except Exception:  # canon is another part; incidents still work without it
        actor = None
    if actor is not None:
        actor_id, kind = actor.id, actor.kind
        phrase = actor.name
        foreign = kind == "state" and not _same_country(actor.name, doc_country, lang)
    elif tok.ent_type_ in ("GPE", "NORP") and not _same_country(tok.text, doc_country, lang):
        foreign = True
    code = inter_code(phrase, kind, foreign, lang)
    if code == INTER_EXTERNAL and not foreign and tok.ent_type_ not in ("GPE", "NORP", "ORG"):
        return None  # a common noun we cannot place ("the incident"): not an actor
    return IncidentActor(name=phrase, role=role, inter=code, actor=actor_id)


def _same_country(name: str, country: str | None, lang: str = "en") -> bool:
    n = name.lower()
    return country is not None and (n == country.lower() or n in lexicon(lang).word_set("home_state_names"))


def agent_phrase(agent: Token) -> list[Token]:
    """The agent's own words: "the US" in "the US drone attack", not "Piranshahr" in "killed by security
    forces in Piranshahr" (where the parser hangs the place on the agent) nor "Tehran" in "strikes on a
    building in Tehran killed ..." (the target's phrase)."""
    locative = set()
    # "strikes on a building in Tehran": the target's phrase is not the agent's either
    _LOCATIVE_PREPOSITIONS = lexicon(agent.doc.lang_).word_set("locative_prepositions") | \
        optional_words(agent.doc, "target_prepositions")
    # at any depth: "clashes between security forces and armed men in Zahedan killed 18" (the place hangs on a
    # side of the clash named inside the agent's phrase)
    for c in agent.subtree:
        if c.dep_ == "prep" and c.lower_ in _LOCATIVE_PREPOSITIONS and c.i != agent.i:
            locative.update(t.i for t in c.subtree)
    # "Workers of the Ahvaz pipe-making company rallied": the works they belong to says where they are, not who
    facilities = lexicon(agent.doc.lang_).facility_words
    for c in agent.subtree:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i != agent.i and any(
                g.dep_ == "pobj" and (g.lemma_.lower() in facilities or g.lower_ in facilities) for g in c.children):
            locative.update(t.i for t in c.subtree)
    for c in agent.children:
        # "Farmers protesting water shortages in Isfahan clashed ...": a clause about the agent says where it
        # acts, not who it is
        if c.dep_ in ("acl", "relcl"):
            locative.update(t.i for t in c.subtree)
    return [t for t in agent.subtree if t.i not in locative]


def report_country(places: list) -> str | None:
    countries = Counter(p.name for p in places if getattr(p, "feature", "") == "country" and p.name)
    provinces = [p for p in places if getattr(p, "country", None) == "IR" or getattr(p, "province", None)]
    if provinces:
        return "Iran"
    return countries.most_common(1)[0][0] if countries else None


def add_actors(actors: list[IncidentActor], trig: Trigger, doc_country: str | None) -> None:
    """The actors around one trigger, added to ``actors`` unless already named: its agents (perpetrators,
    or participants of a protest), the other side of a clash, and the non-person targets of an act."""
    for agent in agents(trig.head):
        rec = actor_record(agent, "perpetrator", doc_country)
        if rec and not any(a.name == rec.name for a in actors):
            if rec.inter in (INTER_PROTESTERS, INTER_CIVILIANS) and (trig.is_act or trig.kind in ("protest", "strike")):
                rec.role = "participant" if trig.kind in ("protest", "strike") else rec.role
            actors.append(rec)
    for side in clash_opponents(trig.head):
        rec = actor_record(side, "target", doc_country)
        if rec and not any(a.name == rec.name for a in actors):
            actors.append(rec)
    if trig.is_act:
        for arg in arguments(trig.head):
            if arg.dep_ in ("nsubjpass", "dobj") and arg.pos_ in ("NOUN", "PROPN") and arg.ent_type_ != "PERSON":
                rec = actor_record(arg, "target", doc_country)
                if rec and rec.inter != INTER_EXTERNAL and not any(
                    a.name == rec.name for a in actors
                ):
                    actors.append(rec)
