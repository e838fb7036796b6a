"""Event triggers: the words of a sentence that state an event happened ("protest", "drone strike") or an act
against persons ("kill", "shoot dead", "arrest"), with their kind. Ambiguous words are kept only in their
event sense ("March" the month, "dead end", "riot police"). The words are data (``data/incidents/en.yaml``,
``triggers``), matched by the lexicon's spaCy ``PhraseMatcher`` on the sentence's lemmas."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from rasad.analysis.doc_text import doc_text
from rasad.incidents.lexicon import Lexicon, LexiconError, acled_table, lexicon, optional_words


# "shot" and "beaten" are ways of harm, not acts of their own: they make an injury unless a death is said.
HARM_WAYS = {"shot", "beaten"}


def lemma(tok: Token) -> str:
    """The lower-case lemma the vocabulary of its text's language is written in (``Lexicon.lemma``)."""
    return lexicon(tok.doc.lang_).lemma(tok)


@dataclass
class Trigger:
    tokens: list[Token]
    kind: str  # event kind ("protest", "air" ...) or act ("killed", "shot" ...)
    is_act: bool
    absence: bool = False  # a disappearance told only by someone's absence ("has not been heard from since")
    # the tokens of the clause of an act told inside a funeral's phrase with an earlier date of its own ("the
    # funeral of X, who was shot dead by security forces on Sunday"): an incident of its own (extract._candidates)
    told_apart: frozenset[int] | None = None

    @property
    def head(self) -> Token:
        verbs = [t for t in self.tokens if t.pos_ == "VERB"]  # "shot dead" -> shot
        if verbs:
            return verbs[0]
        return self.tokens[-1] if self.tokens[-1].pos_ in ("NOUN", "VERB", "ADJ") else self.tokens[0]

    @property
    def text(self) -> str:
        doc = self.tokens[0].doc
        return doc_text(doc)[self.tokens[0].idx : self.tokens[-1].idx + len(self.tokens[-1].text)]


def told_as_later(triggers: list[Trigger]) -> bool:
    """An act of ``triggers`` is told as coming after what was told before it ("security forces later killed two of
    the attackers": en.yaml later_event_adverbs on its verb)."""
    return any(c.dep_ == "advmod" and c.lower_ in optional_words(t.head.doc, "later_event_adverbs")
               for t in triggers if t.is_act for c in t.head.children)


def find_triggers(sent: Span) -> list[Trigger]:
    """Event and act triggers of one sentence (the vocabulary's ``triggers``), longest match first, no token
    used twice; an ambiguous word only where its rule keeps it."""
    lex = lexicon(sent.doc.lang_)
    rules = _rules_of(lex)
    toks = [t for t in sent if not t.is_space]
    used: set[int] = set()
    found: list[Trigger] = []
    for start, end, phrase, entry in lex.trigger_matches(toks):
        if any(j in used for j in range(start, end)):
            continue
        kind = entry.label
        if entry.rule is not None:
            kept = rules[entry.rule](lex, phrase, toks[end - 1])
            if not kept:
                continue
            if isinstance(kept, str):  # the rule read the word in another sense ("Israeli strikes": air)
                kind = kept
        found.append(Trigger(toks[start:end], kind, entry.is_act))
        used.update(range(start, end))
    return found


# ------------------------------------------------------------------------------------ ambiguity rules
# Named in the vocabulary (``rule:``): each keeps an ambiguous trigger word only in its event sense, from
# the last token of the match. English syntax: another language brings its own.
def _march_not_the_month(lex: Lexicon, phrase: str, tok: Token) -> bool:
    return tok.pos_ in ("VERB", "NOUN") and not tok.text[0].isupper()  # "March" is a month


def _rally_not_markets(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "rallied in front of parliament", "a rally"; not "stocks rallied"
    return tok.pos_ == "NOUN" or any(c.dep_ in ("prep", "npadvmod") for c in tok.children)


def _hanged_by_someone(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "was hanged", "they hanged him"; not "banners hang"
    # "three prisoners hanged in Urmia": "hanged", the executions' form, as a participle on its noun
    return tok.tag_ in ("VBN", "VBD") and (tok.dep_ == "auxpass" or any(c.dep_ in ("auxpass", "dobj")
                                                                        for c in tok.children)
                                           or tok.dep_ in ("ROOT", "conj", "relcl")
                                           or tok.dep_ == "acl" and tok.lower_ == "hanged")


def _verb_only(lex: Lexicon, phrase: str, tok: Token) -> bool:
    return tok.pos_ == "VERB"  # "beat him", "blinded"; not "the beat", "blind spot"


def _lashes_given(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"was given 74 lashes", "received 50 lashes": a flogging carried out (the lashes the object of a verb of
    ``flogging_verbs``); not "sentenced to 74 lashes" (a sentence passed), "the lash"."""
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.word_set("flogging_verbs")


def _dead_as_a_state(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "found dead", "shot dead", "the dead"; not "a dead end"
    return tok.dep_ in ("acomp", "oprd", "advmod", "xcomp", "nsubj", "nsubjpass", "conj", "dobj", "pobj") or \
        left_in_a_state(tok) is not None


def left_in_a_state(tok: Token) -> Token | None:
    """"leaving one border guard and two smugglers dead": the object of a leaving verb (``leaving_verbs``) that a
    state word after it is told of, where the parser hung the word on the last of the people as their modifier;
    None otherwise."""
    if tok.dep_ not in ("amod", "conj") or tok.i < tok.head.i:
        return None
    node = tok.head
    for _ in range(4):
        if node.dep_ == "dobj":
            return node if node.head.lemma_.lower() in optional_words(tok.doc, "leaving_verbs") else None
        if node.dep_ != "conj":
            return None
        node = node.head
    return None


def _not_before(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "riot police", "riot gear" are the state's, not a riot: the vocabulary's not_before words
    following = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
    return following not in lex.not_before[phrase.split(" ")[-1]]


def _not_an_attribute(lex: Lexicon, phrase: str, tok: Token) -> bool:
    return tok.dep_ != "amod"  # "a detained woman": a state, not an arrest told here


def _no_object(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "hundreds gathered outside the governorate"; not "gathered evidence"
    if tok.pos_ != "VERB" or any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
        return False
    # who gathered: a crowd or people that protest ("hundreds of people", "mourners", "students"), not "the families"
    people = lex.word_set("gathering_subjects")
    for subject in (c for c in tok.children if c.dep_ == "nsubj"):
        if subject.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":  # "people who had gathered": the people
            subject = tok.head
        heads = [subject] + [g for c in subject.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        quantities = lex.word_set("quantity_nouns")
        if any(lex.lemma(h) in people or h.like_num or h.lower_ in quantities or lex.lemma(h) in quantities
               for h in heads):
            return True
        if any(c.dep_ == "nummod" for h in heads for c in h.children):
            return True
    return False


def _taken_away(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"agents took him away", "was taken away by plainclothes officers", "took him from his home": an arrest; not
    "took away their phones" (a person must be taken: a personal pronoun or a name)."""
    if tok.pos_ != "VERB":
        return False
    # "took him from his home", "took her to an undisclosed location": taken from where a person lives or works,
    # or to a place not told, is taken away too
    homes, untold = lex.word_set("taken_from_places"), lex.word_set("untold_place_words")
    whence = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "from" for o in p.children
              if o.dep_ == "pobj" and lemma(o) in homes]
    whither = [o for p in tok.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children
               if o.dep_ == "pobj" and any(c.lower_ in untold for c in o.children)]
    # "Agents came to our house and took her and her cousin": people the state's forces take are taken away
    by_state = _taken_by_the_state(lex, tok)
    if not (whence or whither or by_state or any(c.dep_ in ("prt", "advmod") and c.lower_ == "away"
                                                 for c in tok.children)):
        return False
    taken = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    # "took two of them away", "two of the protesters were taken away": a number of people told before
    # (people: a pronoun or a noun of the actor words, "protesters", "workers", or of kin, "took away two of his
    # cousins"; not "two of the cars")
    people = lex.built("taken_away_people", lambda: frozenset().union(*lex.actor_words.values(), lex.word_set("kin")))
    quantities = lex.word_set("quantity_nouns")  # "took several of the retirees away"
    counted = [c for c in taken if (c.like_num or c.lower_ in quantities) and any(
        p.dep_ == "prep" and p.lower_ == "of" and any(o.dep_ == "pobj" and (o.tag_ == "PRP" or lemma(o) in people)
                                                      for o in p.children) for p in c.children)]
    # a name the parser calls an organisation ("Elaheh Rostami ... was taken from her home") or people named by
    # what they are ("15 students were taken away") are people taken too; not a town or a thing
    named = lex.word_set("gathering_subjects") | lex.word_set("coreferent_nouns") | lex.word_set("person_titles")
    if by_state:  # "took at least 30 young men from the streets": people of any kind, taken by the state
        named = named | people
    return bool(counted) or any(c.tag_ == "PRP" or c.ent_type_ == "PERSON" or lemma(c) in named
                                or (c.pos_ == "PROPN" and c.ent_type_ not in ("GPE", "LOC", "FAC")) for c in taken)


def _taken_by_the_state(lex: Lexicon, tok: Token) -> bool:
    """The one who takes is the state's force ("agents", "plainclothes agents", "police"): the subject of the
    verb, or of the verb it is joined to by "and" ("came to our house and took ...")."""
    verb = tok
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    while not subjects and verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    state = lex.actor_words.get(acled_table().inter["state"], frozenset())
    return any(lemma(s) in state or s.lower_ in state for s in subjects)


def _not_a_medical_attack(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"died of a heart attack", "a panic attack": an illness, not an attack by anyone (a word of
    ``medical_attack_words`` just before it or on it)."""
    words = lex.word_set("medical_attack_words")
    before = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
    return before not in words and not any(c.dep_ in ("compound", "amod") and c.lower_ in words for c in tok.children)


def _not_an_accidental_death(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"a classmate died in a fall from a balcony", "died in a road accident": a death whose own phrase names a
    mishap (``accidental_death_causes``) is no violence; one the sentence places in custody ("died in a fall in
    Evin prison", the ``custody`` words) stays, as rights groups doubt such accounts."""
    causes = lex.word_set("accidental_death_causes")
    mishap = any(p.dep_ == "prep" and o.dep_ == "pobj" and lex.lemma(o) in causes
                 for p in tok.children for o in p.children)
    return not mishap or any(lex.lemma(t) in lex.word_set("custody") for t in tok.sent)


def _not_a_stay_in_custody(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"22 of them remain in detention", "languished in detention": where people still are (a verb of
    ``staying_verbs`` the word's preposition hangs on), not an arrest made."""
    prep = tok.head if tok.dep_ == "pobj" else None
    return prep is None or prep.head.pos_ not in ("VERB", "AUX") or \
        lex.lemma(prep.head) not in lex.word_set("staying_verbs")


def _people_hurt(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"25 students were hurt", "hurting three people": people injured; not "sanctions hurt the economy" (the
    passive or a predicate, or an object that is counted people)."""
    if any(c.dep_ == "auxpass" for c in tok.children) or tok.dep_ in ("acomp", "oprd"):
        return True
    return any(c.dep_ == "dobj" and any(g.dep_ == "nummod" or g.like_num for g in c.children) for c in tok.children)


def _people_boycott(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"students boycotted classes", "bazaar merchants boycotted ...", "nurses stopped work": a protest by the people
    who gather in one (``gathering_subjects``); not "Iran boycotted the summit", "the factory stopped work"."""
    verb = tok if tok.pos_ == "VERB" else tok.head if tok.dep_ == "dobj" else None  # ("stop work": read on "stop")
    if verb is None or verb.pos_ != "VERB":
        return False
    people = lex.word_set("gathering_subjects")
    # ("hundreds of workers stopped work": the people after "of")
    return any(lex.lemma(h) in people for c in verb.children if c.dep_ == "nsubj"
               for h in [c, *(g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")])


def _closing_shops(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"merchants closed their shops", "kept their shops shut", "shops were shuttered": a strike, unless the
    state closed them ("police closed the bazaar")."""
    return _closed_by_people(lex, tok, lex.word_set("shop_words"))


def _blocking_roads(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"truck drivers blocking a highway", "protesters blocked roads": a protest, unless the state blocked
    them ("police blocked the roads into the town"). Not a charge: "convicted of blocking a street" is
    background (background.py)."""
    return tok.pos_ == "VERB" and _closed_by_people(lex, tok, lex.word_set("road_words"))


def _closed_by_people(lex: Lexicon, tok: Token, things: frozenset[str]) -> bool:
    """``tok`` closes or blocks one of ``things`` and no word of the state's forces is its subject or agent
    (an "-ing" clause on a noun: that noun is the subject, "drivers blocking a highway")."""
    state = lex.actor_words.get(acled_table().inter["state"], frozenset())
    # ("kept their shops shut"; "shops were closed", the parser making "closed" an adjective after the auxiliary)
    # (a clause with its own subject is its own: "drivers blocked the highway; police detained ..." parsed with
    # "blocked" under "detained")
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    verb = tok.head if tok.dep_ in ("oprd", "xcomp", "acomp", "ccomp") and tok.head.pos_ in ("VERB", "AUX") \
        and not own_subject else tok
    closed = [c for c in list(tok.children) + list(verb.children) if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
    if tok.dep_ == "amod":  # "the shuttered shops"
        closed.append(tok.head)
    if not any(lex.lemma(c) in things for c in closed):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] + [c for c in tok.children if c.dep_ == "agent"]
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "drivers blocking a highway": the noun does it (its own
        doers = [verb.head, *(c for c in verb.head.children if c.dep_ == "compound")]  # words, not its clause)
        return not any(lex.lemma(t) in state for t in doers)
    return not any(lex.lemma(t) in state for s in subjects for t in s.subtree)


def _a_state_post_burned(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"Fires were burning at a police kiosk", "a police station went up in flames", "the Basij base burned": a
    post of the state's forces on fire is its property destroyed (acled: with a protest around it a violent
    demonstration), whoever lit it; not "police fired at the crowd" (a verb), "burned tyres", "a fire at a bakery"."""
    if phrase in optional_words(tok.doc, "fire_nouns") and tok.pos_ != "NOUN":
        return False
    # the clause the fire or burning is told in: "fires burning at x", "flames rising from x", "x went up in flames",
    # "x was burned"
    node = tok
    for _ in range(2):
        if node.dep_ in ("pobj", "prep") and node.head.pos_ in ("ADP", "VERB", "AUX"):
            node = node.head
    holders = {tok, node, *([tok.head] if tok.dep_ == "nsubj" else [])}
    places = [c for h in holders for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    places += [o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in optional_words(tok.doc, "fire_place_prepositions")
               for o in p.children if o.dep_ == "pobj"]
    state = lex.actor_words.get(acled_table().inter["state"], frozenset())
    for place in places:
        if lex.lemma(place) in optional_words(tok.doc, "state_posts"):
            return True
        owners = [w for c in place.children if c.dep_ in ("compound", "amod", "poss")
                  for w in (c, *(g for g in c.children if g.dep_ == "compound"))]
        if lex.lemma(place) in optional_words(tok.doc, "owned_post_nouns") and \
                any(lex.lemma(w) in state or w.lower_ in state for w in owners):
            return True
    return False


def _means_of_an_act(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"hit by Iranian drones", "attacked with drones": the weapon of an act; not "drones flew over the town"."""
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is not None and prep.lower_ in ("by", "with") and prep.head.pos_ == "VERB":
        return True
    # "a drone dropped explosives on a police station", "a quadcopter dropped a grenade ..., wounding two": the
    # subject of a verb that drops or fires an explosive, or whose clause harms people, is the weapon used
    verb = tok.head if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" else None
    if verb is None:
        return False
    explosives = lex.word_set("explosive_words")
    harms = {p for p, e in lex.triggers.items() if e.act in ("killed", "injured") and " " not in p}
    # ("Drones launched from Iran struck a camp ..., killing two": the parser may make the participle the subject's
    # verb and join the verb of the strike to it; a joined verb without a subject of its own shares the weapon)
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                     and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))]
    return any(c.dep_ == "dobj" and (lex.lemma(c) in explosives or c.lower_ in explosives) for v in verbs
               for c in v.children) \
        or any(c.dep_ in ("advcl", "conj") and c.tag_ == "VBG" and lex.lemma(c) in harms for v in verbs
               for c in v.children)


def _weapon_in_use(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"Iranian artillery pounded villages", "hit by artillery", "artillery fire killed two": the weapon used
    on something; not "deployed artillery to the border", "artillery drills"."""
    if _means_of_an_act(lex, phrase, tok):
        return True
    if tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and any(c.dep_ == "dobj" for c in tok.head.children):
        return True
    return tok.dep_ == "compound" and tok.head.lemma_.lower() in lex.word_set("weapon_use_nouns")


def _labour_strike(lex: Lexicon, phrase: str, tok: Token) -> bool | str:
    """"went on strike", "workers struck on Monday"; not "was struck by a bullet" (a verb with an object or a
    passive is a blow; "drones struck the camp", an aircraft's or missile's blow, is an air strike: kind "air"). A noun that is a military blow ("Israeli strikes killed",
    "strikes on a residential building", "retaliatory strikes") is an air strike (kind "air"); "missile
    strikes" is left to the weapon's own trigger."""
    # "US strikes on a depot killed three": a "strikes" the parser tagged a verb but used as a subject is a noun
    if tok.pos_ != "VERB" or tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
        blow = _military_strike(lex, tok)
        return True if blow is None else blow
    # "Israeli warplanes struck military sites": a blow whose striker is an aircraft or missile is an air strike
    machines = lex.word_set("aircraft_words")
    if any(c.dep_ == "nsubj" and (lex.lemma(c) in machines or c.lower_ in machines) for c in tok.children) and \
            any(c.dep_ == "dobj" for c in tok.children):
        return "air"
    return tok.tag_ != "VBN" and not any(c.dep_ in ("dobj", "nsubjpass", "auxpass", "agent") for c in tok.children)


def _not_shot_down(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"police shot two protesters"; not "one drone had been shot down" (a machine brought down)."""
    if not any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
        return True
    machines = lex.word_set("aircraft_words")
    downed = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if any(lex.lemma(c) in machines or c.lower_ in machines for c in downed):
        return False
    # "drones attacked ... and one of them was shot down": a word standing for a machine the sentence names
    stand_ins = all(c.pos_ in ("PRON", "NUM") for c in downed) and bool(downed)
    return not (stand_ins and any(lex.lemma(t) in machines or t.lower_ in machines for t in tok.sent))


def _machine_downed(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"air defences shot down a drone over Tabriz", "a missile was shot down": a machine brought down (ACLED's
    disrupted weapons use); not "police shot down a protester" (a person shot: ``_not_shot_down``'s sense)."""
    verb = tok.head if tok.dep_ == "prt" else tok
    return not _not_shot_down(lex, phrase, verb)


def _military_strike(lex: Lexicon, tok: Token) -> bool | str:
    """False when the noun "strike" is a military blow named by its weapon ("missile strikes": that trigger
    types it), "air" when it is one named otherwise: a target after on/against that is not a day ("strikes on
    a residential building"), or a modifier from ``military_strike_modifiers`` ("Israeli", "retaliatory");
    None when it reads as a labour strike."""
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")]
    if any(lex.lemma(m) in lex.word_set("strike_weapons") for m in mods):
        return False
    if any(m.lower_ in lex.word_set("military_strike_modifiers") for m in mods):
        return "air"
    targets = lex.word_set("target_prepositions")
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in targets):
        if any(o.ent_type_ not in ("DATE", "TIME") for o in prep.children if o.dep_ == "pobj"):
            return "air"
    # "after an Israeli strike on Monday ... 71 people were killed in the strike": the strike named again with a
    # definite word is the military blow told before it
    dets = lex.word_set("back_reference_determiners")
    if any(c.dep_ == "det" and c.lower_ in dets for c in tok.children) and any(
            t.pos_ == "NOUN" and lex.lemma(t) == lex.lemma(tok) and _military_strike(lex, t) is not None
            for t in tok.doc[:tok.i]):
        return "air"
    return None


def _mourners_as_a_crowd(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"Mourners torched a police car", "fired pellets at mourners": a crowd acting or fired at; not "arrested
    seven of the mourners"."""
    if tok.dep_ == "nsubj":
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in lex.word_set("aimed_at_prepositions")


def _into_custody(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"took a lawyer into custody", "was taken into custody": an arrest; not "died in custody", "held in
    custody" (a state, told elsewhere)."""
    return tok.dep_ == "pobj" and tok.head.lower_ in lex.word_set("custody_entry_prepositions")


def _what_is_lost(lex: Lexicon, phrase: str, tok: Token) -> bool | str:
    """"lost a leg", "lost an eye": an injury; "lost his life": a death ("killed"); not "lost his job"."""
    if tok.pos_ != "VERB":
        return False
    lost = {lex.lemma(c) for c in tok.children if c.dep_ == "dobj"} | \
        {c.lower_ for c in tok.children if c.dep_ == "dobj"}
    if lost & lex.word_set("lost_lives"):
        return "killed"
    return bool(lost & lex.word_set("lost_body_parts"))


def _explosive_went_off(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"a landmine exploded", "a bomb planted in a car exploded": the blast of an explosive; not "the crowd
    exploded in anger", "prices exploded"."""
    if tok.pos_ != "VERB":
        return False
    things = lex.word_set("explosive_words")
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if tok.dep_ in ("acl", "relcl") and not subjects:  # "a bomb that exploded", "the device exploding"
        subjects = [tok.head]
    return any(lex.lemma(t) in things or t.lower_ in things
               for s in subjects for t in [s, *(c for c in s.children if c.dep_ in ("compound", "amod"))])


def _property_destroyed(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"demolished six homes", "the graves were bulldozed": a verb that destroys buildings, graves or land
    (``destroyed_property_words``, its object or passive subject, or a noun joined to it); not "destroyed a drone"."""
    things = lex.word_set("destroyed_property_words")
    return tok.pos_ == "VERB" and any(lex.lemma(t) in things or t.lower_ in things for c in tok.children
                                      if c.dep_ in ("dobj", "nsubjpass") for t in (c, *c.conjuncts))


def _a_body_found(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"The body of activist X was found in a river", "villagers found the bodies of two men": a death told by
    its discovery; not "found guilty", "found weapons"."""
    bodies = lex.word_set("body_words")
    return tok.pos_ == "VERB" and any(c.dep_ in ("nsubjpass", "dobj") and lex.lemma(c) in bodies for c in tok.children)


def _a_death_sentence_done(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"The death sentence of X was carried out", "the sentence of qisas was implemented": a death sentence done
    is an execution; not "carried out a raid", "the prison sentence was enforced", "enforced the hijab law"."""
    if tok.pos_ != "VERB":
        return False
    if lex.lemma(tok) == "carry" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
        return False
    heads, marks = lex.word_set("sentence_nouns"), lex.word_set("death_sentence_marks")
    return any(c.dep_ in ("nsubjpass", "dobj") and (lex.lemma(c) in heads or c.lower_ in marks)
               and any(t.lower_ in marks for t in c.subtree) for c in tok.children)


def _hit_in_the_body(lex: Lexicon, phrase: str, tok: Token) -> bool:
    """"My friend was hit in the leg", "a protester was hit in the chest": a person struck where a body is hit
    (``hit_body_parts`` after "in"); not "hit by a car", "prices hit a record"."""
    if tok.pos_ != "VERB" or not any(c.dep_ == "auxpass" for c in tok.children):
        return False
    # ("was hit in the head ... and died days later": the death is the sentence's event, dated by itself; the hit
    # only says how)
    if any(lex.lemma(t) in lex.word_set("dying_verbs") for t in tok.sent):
        return False
    parts = lex.word_set("hit_body_parts")
    return any(p.dep_ == "prep" and p.lower_ == "in" and lex.lemma(o) in parts
               for p in tok.children for o in p.children if o.dep_ == "pobj")


AMBIGUITY_RULES: dict[str, Callable[[Lexicon, str, Token], bool | str]] = {
    "labour_strike": _labour_strike,
    "means_of_an_act": _means_of_an_act,
    "weapon_in_use": _weapon_in_use,
    "property_destroyed": _property_destroyed,
    "no_object": _no_object,
    "closing_shops": _closing_shops,
    "blocking_roads": _blocking_roads,
    "march_not_the_month": _march_not_the_month,
    "rally_not_markets": _rally_not_markets,
    "hanged_by_someone": _hanged_by_someone,
    "verb_only": _verb_only,
    "lashes_given": _lashes_given,
    "dead_as_a_state": _dead_as_a_state,
    "not_before": _not_before,
    "not_an_attribute": _not_an_attribute,
    "not_shot_down": _not_shot_down,
    "mourners_as_a_crowd": _mourners_as_a_crowd,
    "into_custody": _into_custody,
    "what_is_lost": _what_is_lost,
    "explosive_went_off": _explosive_went_off,
    "a_body_found": _a_body_found,
    "a_death_sentence_done": _a_death_sentence_done,
    "people_boycott": _people_boycott,
    "taken_away": _taken_away,
    "not_a_medical_attack": _not_a_medical_attack,
    "not_an_accidental_death": _not_an_accidental_death,
    "not_a_stay_in_custody": _not_a_stay_in_custody,
    "people_hurt": _people_hurt,
    "machine_downed": _machine_downed,
    "hit_in_the_body": _hit_in_the_body,
    "a_state_post_burned": _a_state_post_burned,
}


@functools.lru_cache(maxsize=8)
def _rules_of(lex: Lexicon) -> dict[str, Callable[[Lexicon, str, Token], bool]]:
    """The rules a vocabulary names, checked once: a rule no code implements is an error, not a word that
    silently never triggers."""
    unknown = {e.rule for e in lex.triggers.values() if e.rule is not None} - set(AMBIGUITY_RULES)
    if unknown:
        raise LexiconError(f"{lex.path}: triggers name ambiguity rules that do not exist: {sorted(unknown)} "
                           f"(rules: {sorted(AMBIGUITY_RULES)}, in rasad/incidents/triggers.py)")
    return AMBIGUITY_RULES


_rules_of(lexicon())  # the shipped vocabulary is checked on import
