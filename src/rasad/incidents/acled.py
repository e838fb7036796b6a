"""ACLED typing: the event type and sub-event type of an incident, from its trigger kinds, its acts against
persons and the cue groups of its sentence, then by who is harmed. Both steps are decision tables: rows of
conditions, read top to bottom, the first row that holds gives the type."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from rasad.incidents.actors import (
    INTER_CIVILIANS,
    INTER_ID_MILITIA,
    INTER_POL_MILITIA,
    INTER_PROTESTERS,
    INTER_REBEL,
    INTER_RIOTERS,
    INTER_STATE,
    actor_words,
)
from rasad.incidents.lexicon import lexicon, optional_words
from rasad.incidents.records import IncidentActor
from rasad.incidents.slots import arguments
from rasad.incidents.triggers import Trigger, lemma

def sentence_cues(sent: Span, skip: frozenset[int] = frozenset()) -> set[str]:
    """Cue groups named in the sentence (the vocabulary's ``cue_groups``, matched on its lemmas and words),
    leaving out the tokens in ``skip`` (an aside about an earlier event: "... to mark Bloody Friday, when
    security forces killed 96 people in 2022" is no lethal force against this protest)."""
    return lexicon(sent.doc.lang_).cue_groups_in(sent, skip)


def _set(*words: str) -> frozenset[str]:
    return frozenset(words)


@dataclass(frozen=True)
class When:
    """One condition of a typing row: every field that is set must hold."""

    kinds: frozenset[str] = frozenset()  # at least one of these trigger kinds ("air", "protest" ...)
    acts: frozenset[str] = frozenset()  # at least one of these acts ("killed", "arrested" ...)
    cues: frozenset[str] = frozenset()  # all of these cue groups of the sentence
    no_acts: bool = False  # no act against persons at all
    protest: bool = False  # the incident is a protest (PROTEST_CONTEXT holds)
    no_protest: bool = False  # the incident is not a protest
    only_acts: frozenset[str] = frozenset()  # no act but these
    no_kinds: bool = False  # no event kind at all (only acts against persons)
    not_kinds: frozenset[str] = frozenset()  # none of these trigger kinds

    def holds(self, kinds: set[str], acts: set[str], cues: set[str], protest: bool = False) -> bool:
        return ((not self.kinds or bool(self.kinds & kinds)) and (not self.acts or bool(self.acts & acts))
                and (not self.only_acts or acts <= self.only_acts) and not (self.no_kinds and kinds)
                and self.cues <= cues and not (self.no_acts and acts) and not (self.protest and not protest)
                and not (self.no_protest and protest) and not self.not_kinds & kinds)


@dataclass(frozen=True)
class TypingRule:
    """A row of the typing table: the ACLED type and sub-type when any of its conditions holds."""

    event_type: str
    sub_type: str
    when: tuple[When, ...]


# A protest: a protest or strike trigger, or a clash or riot in a sentence about a protest.
PROTEST_CONTEXT = (When(kinds=_set("protest", "strike")), When(kinds=_set("clash", "riot"), cues=_set("protest")))

# Read top to bottom; the first row with a condition that holds gives the type. Order matters: the weapon
# decides first (ACLED's remote violence), then a battle between armed sides, then the protest rows (the
# gravest intervention first), then the other kinds of event.
TYPING_TABLE: tuple[TypingRule, ...] = (
    # a weapon stopped before it harmed anyone ("air defences shot down a drone", "police defused a bomb"): ACLED's
    # disrupted weapons use, not the strike or blast it would have been
    TypingRule("Strategic developments", "Disrupted weapons use", (When(kinds=_set("disrupted"), no_acts=True),)),
    TypingRule("Explosions/Remote violence", "Air/drone strike",
               (When(kinds=_set("air")), When(kinds=_set("bomb", "attack"), cues=_set("air")))),
    TypingRule("Explosions/Remote violence", "Chemical weapon", (When(kinds=_set("chemical")),)),
    TypingRule("Explosions/Remote violence", "Suicide bomb", (When(kinds=_set("suicide")),)),
    TypingRule("Explosions/Remote violence", "Grenade", (When(kinds=_set("grenade")),)),
    TypingRule("Explosions/Remote violence", "Shelling/artillery/missile attack", (When(kinds=_set("artillery")),)),
    TypingRule("Explosions/Remote violence", "Remote explosive/landmine/IED", (When(kinds=_set("bomb")),)),
    # an execution is the state's violence against a person, wherever the victim had protested
    TypingRule("Violence against civilians", "Attack", (When(acts=_set("executed")),)),
    # clashes between protesters or rioters and the state are riots, not battles between armed sides ("a Basij
    # member was stabbed during clashes with rioters": ACLED's rioters, not an organised armed group)
    TypingRule("Battles", "Armed clash", (When(kinds=_set("clash"), cues=_set("non_state", "state_forces"),
                                               no_protest=True, not_kinds=_set("riot", "mob")),)),
    # an armed group's fight or ambush that harms people with no state force named ("gunmen ambushed a car, killing
    # the driver"): an attack on civilians (armed men among the harmed make it a battle: retype_armed_men_harmed)
    TypingRule("Violence against civilians", "Attack", (When(kinds=_set("clash"), cues=_set("non_state"),
                                                             acts=_set("killed", "injured", "shot"), no_protest=True,
                                                             not_kinds=_set("riot", "mob")),)),
    TypingRule("Protests", "Excessive force against protesters",
               (When(protest=True, acts=_set("killed", "shot", "injured")),
                When(protest=True, cues=_set("lethal_force")))),
    TypingRule("Riots", "Violent demonstration",
               (When(protest=True, kinds=_set("riot", "property")),
                # protesters who stone or torch are a violent demonstration, whatever arrests followed ("pelted
                # riot police with stones ... and officers made 15 arrests"); a harm done to them is excessive force
                When(protest=True, cues=_set("rioting")))),
    TypingRule("Protests", "Protest with intervention",
               (When(protest=True, acts=_set("arrested", "detained", "beaten")),
                When(protest=True, cues=_set("crowd_control")))),
    TypingRule("Protests", "Peaceful protest", (When(protest=True),)),
    TypingRule("Riots", "Mob violence", (When(kinds=_set("mob")),)),
    TypingRule("Riots", "Violent demonstration", (When(kinds=_set("riot", "clash")),)),
    TypingRule("Violence against civilians", "Sexual violence", (When(kinds=_set("sexual")),)),
    TypingRule("Violence against civilians", "Abduction/forced disappearance",
               (When(kinds=_set("abduct")), When(acts=_set("disappeared")))),
    # an arrest in which the one arrested was beaten ("agents arrested X at his home and beat him"): the arrest is the
    # event (as a beating without a stated injury at a protest is a protest with intervention)
    TypingRule("Strategic developments", "Arrests",
               (When(acts=_set("arrested", "detained"), only_acts=_set("arrested", "detained", "beaten"),
                     no_kinds=True),)),
    TypingRule("Violence against civilians", "Attack",
               (When(acts=_set("killed", "injured", "shot", "beaten", "tortured", "executed")),
                When(kinds=_set("attack")))),
    # a bomb defused or a weapon seized (the Persian "خنثی شد"; English reads it with the classifier)
    TypingRule("Strategic developments", "Disrupted weapons use", (When(kinds=_set("disrupted")),)),
    TypingRule("Strategic developments", "Arrests",
               (When(acts=_set("arrested", "detained")), When(kinds=_set("raid")))),
    TypingRule("Strategic developments", "Looting/property destruction", (When(kinds=_set("property")),)),
    TypingRule("Strategic developments", "Other", (When(),)),
)


def type_incident(kinds: set[str], acts: set[str], cues: set[str]) -> tuple[str, str]:
    """ACLED event type and sub-event type from trigger kinds, acts and sentence cues (``TYPING_TABLE``)."""
    protest = any(w.holds(kinds, acts, cues) for w in PROTEST_CONTEXT)
    for rule in TYPING_TABLE:
        if any(w.holds(kinds, acts, cues, protest) for w in rule.when):
            return rule.event_type, rule.sub_type
    raise AssertionError("the typing table ends with a row that always holds")


def _armed_state_words(doc) -> frozenset[str]:
    """The state's words that name its armed men: its actor words less ``unarmed_state_words`` ("a prosecutor was
    shot dead": a judge, prosecutor or ministry official harmed is a civilian in ACLED's coding, not its forces)."""
    return actor_words(doc.lang_)[INTER_STATE] - optional_words(doc, "unarmed_state_words")


def _state_harmed(live: list[Trigger]) -> bool:
    """The killed or injured are the state's forces ("two police officers were wounded", "gunmen killed
    four police officers")."""
    for trig in live:
        lang = trig.head.doc.lang_
        state_words = _armed_state_words(trig.head.doc)
        _DYING_VERBS = lexicon(lang).word_set("dying_verbs")  # "two police officers died": the subject is harmed
        if trig.is_act and trig.kind in ("killed", "injured", "shot", "beaten"):
            for arg in arguments(trig.head):
                if arg.dep_ in ("nsubjpass", "dobj") or (arg.dep_ == "nsubj" and lemma(trig.head) in _DYING_VERBS):
                    if _names_the_state(arg, state_words) or _of_the_state(arg, state_words):
                        return True
    return False


def _state_attacked(live: list[Trigger]) -> bool:
    """An attack or raid on a post of the state's forces ("an attack by militants on a police station",
    "gunmen attacked a checkpoint"): its forces are the ones harmed even where the toll names nobody."""
    for trig in live:
        if trig.is_act or trig.kind not in ("attack", "raid"):
            continue
        lang = trig.head.doc.lang_
        state_words = actor_words(lang)[INTER_STATE]
        posts = optional_words(trig.head.doc, "state_posts")
        preps = optional_words(trig.head.doc, "target_prepositions")
        head = trig.head
        targets = [c for c in head.children if c.dep_ == "dobj"] if head.pos_ == "VERB" else []
        # "an attack by militants on a police station": the parser may hang the target on the agent's noun
        holders = [head, *(o for p in head.children if p.dep_ == "prep" and p.lower_ in
                           optional_words(head.doc, "noun_agent_prepositions") for o in p.children if o.dep_ == "pobj")]
        targets += [o for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in preps
                    for o in p.children if o.dep_ == "pobj"]
        for target in targets:
            words = [target, *(c for c in target.children if c.dep_ in ("compound", "amod"))]
            if lemma(target) in posts or any(_names_the_state(w, state_words) for w in words):
                return True
            # "attacked the Revolutionary Guards' headquarters": a post of the force that owns it
            owners = [w for c in target.children if c.dep_ == "poss"
                      for w in (c, *(g for g in c.children if g.dep_ == "compound"))]
            if lemma(target) in optional_words(head.doc, "owned_post_nouns") and \
                    any(_names_the_state(w, state_words) for w in owners):
                return True
    return False


def _others_harmed(live: list[Trigger]) -> bool:
    """Someone not of the state's forces is among the killed or injured ("police killed two protesters")."""
    for trig in live:
        lang = trig.head.doc.lang_
        state_words = _armed_state_words(trig.head.doc)
        _DYING_VERBS = lexicon(lang).word_set("dying_verbs")
        if trig.is_act and trig.kind in ("killed", "injured", "shot", "beaten"):
            for arg in arguments(trig.head):
                if arg.dep_ in ("nsubjpass", "dobj") or (arg.dep_ == "nsubj" and lemma(trig.head) in _DYING_VERBS):
                    if lemma(arg) in optional_words(arg.doc, "same_group_words"):
                        continue  # "a police officer was killed and four others wounded": more of the same men
                    if arg.ent_type_ == "ORDINAL":
                        continue  # "two Basij members were killed and a third wounded": one more of the same men
                    if not (_names_the_state(arg, state_words) or _of_the_state(arg, state_words)):
                        return True
    return False


def _armed_men_harmed(live: list[Trigger]) -> bool:
    """The killed or injured are named as armed men ("killed two members of a terrorist cell", "four armed
    bandits were shot dead": ``armed_men_words`` anywhere in the harmed phrase), or as members of a group the
    sentence names so ("dismantled a terrorist cell ..., killing two of its members")."""
    for trig in live:
        armed = optional_words(trig.head.doc, "armed_men_words")
        owners = optional_words(trig.head.doc, "group_owner_pronouns")

        def is_armed(t) -> bool:
            return lemma(t) in armed or t.lower_ in armed
        if trig.is_act and trig.kind in ("killed", "injured", "shot", "beaten"):
            for arg in arguments(trig.head):
                if arg.dep_ not in ("nsubjpass", "dobj"):
                    continue
                phrase = list(arg.subtree)
                if any(is_armed(t) for t in phrase) or (any(t.lower_ in owners for t in phrase) and any(
                        is_armed(t) for t in trig.head.sent if t not in phrase)):
                    return True
    return False


def retype_armed_men_harmed(event_type: str, sub_type: str, actors: list[IncidentActor],
                            live: list[Trigger]) -> tuple[str, str]:
    """English caller only: the state's forces who kill or wound armed men ("security forces killed three members
    of a terrorist cell"), or anyone unnamed who does, fight a battle with an armed group (ACLED's state forces vs
    unidentified armed group), not an attack on civilians."""
    perpetrators = {a.inter for a in actors if a.role == "perpetrator"}
    # ("two gunmen were killed in an ambush near Saravan": armed men killed by no one named fell in a fight too)
    if event_type == "Violence against civilians" and (INTER_STATE in perpetrators or not perpetrators) and \
            _armed_men_harmed(live):
        return "Battles", "Armed clash"
    return event_type, sub_type


def _of_the_state(arg, state_words) -> bool:
    """"a Basij member", "two members of the Revolutionary Guards": a person of a state force."""
    if lemma(arg) not in lexicon(arg.doc.lang_).word_set("group_nouns"):
        return False
    parts = [c for c in arg.children if c.dep_ in ("compound", "amod")]
    parts += [g for c in arg.children if c.dep_ == "prep" for g in c.subtree]
    return any(_names_the_state(t, state_words) for t in parts)


def _names_the_state(tok, state_words) -> bool:
    """A word of a state force; a proper noun's plural too, which spaCy leaves as written ("the Revolutionary
    Guards": "Guards", lemma "Guards")."""
    word = tok.lower_
    return lemma(tok) in state_words or word in state_words or \
        (tok.pos_ == "PROPN" and word.endswith("s") and word[:-1] in state_words) or \
        any(c.dep_ == "compound" and c.i < tok.i and _names_the_state(c, state_words) for c in tok.children
            if c.pos_ == "PROPN")  # "a Revolutionary Guards colonel", "an IRGC commander": a man of that force


@dataclass(frozen=True)
class RetypeRule:
    """A row of the retyping table, read when the killed or injured are the state's forces: an incident
    typed ``from_type`` (and ``from_sub_type`` when set) becomes ``to`` when its perpetrators' inter codes
    include one of ``perpetrators``, none of ``not_perpetrators``, and the sentence's cue groups include
    ``cues`` and none of ``not_cues``."""

    from_type: str
    from_sub_type: str | None
    to: tuple[str, str]
    perpetrators: frozenset[int] = frozenset()
    not_perpetrators: frozenset[int] = frozenset()
    cues: frozenset[str] = frozenset()
    not_cues: frozenset[str] = frozenset()


# ACLED types by who harms whom: protesters who wound police make a violent demonstration, not excessive
# force against protesters; an armed group that kills police fights a battle, not an attack on civilians;
# police "wounded by stones thrown by demonstrators" are a violent demonstration. First row that holds wins.
RETYPE_WHEN_THE_STATE_IS_HARMED: tuple[RetypeRule, ...] = (
    RetypeRule("Protests", "Excessive force against protesters", ("Riots", "Violent demonstration"),
               not_perpetrators=frozenset({INTER_STATE}), not_cues=_set("lethal_force")),
    RetypeRule("Violence against civilians", None, ("Battles", "Armed clash"),
               perpetrators=frozenset({INTER_REBEL, INTER_POL_MILITIA, INTER_ID_MILITIA})),
    RetypeRule("Violence against civilians", None, ("Riots", "Violent demonstration"),
               not_perpetrators=frozenset({INTER_STATE}), cues=_set("protest")),
    # "youths set tyres alight and threw stones at riot police ..., and nine officers were hurt": a crowd's stoning
    # or burning that hurts the state's men is a violent demonstration, with no protest word
    RetypeRule("Violence against civilians", None, ("Riots", "Violent demonstration"),
               not_perpetrators=frozenset({INTER_STATE, INTER_REBEL, INTER_POL_MILITIA, INTER_ID_MILITIA}),
               cues=_set("rioting")),
)
# English parse rules, and the Persian reader where someone fired on or attacked the state's men and no one is named: "In Sunday's attack on a police station, two
# officers were killed": unnamed attackers of the state's armed men fight a battle (ACLED's unidentified armed
# group), unless a person or crowd is named as doing it
UNNAMED_ATTACKERS_OF_THE_STATE = RetypeRule(
    "Violence against civilians", None, ("Battles", "Armed clash"),
    not_perpetrators=frozenset({INTER_STATE, INTER_PROTESTERS, INTER_RIOTERS, INTER_CIVILIANS}), not_cues=_set("protest"))


# "Three police officers were killed in a clash near Sarbaz": a clash in which the state's men die, with no protest,
# crowd or rioters named, is a battle with an unidentified armed group, not a violent demonstration (only where a
# clash word, not "unrest" or "riot", gave the type)
UNNAMED_CLASH_WITH_THE_STATE = RetypeRule(
    "Riots", "Violent demonstration", ("Battles", "Armed clash"),
    not_perpetrators=frozenset({INTER_STATE, INTER_PROTESTERS, INTER_RIOTERS, INTER_CIVILIANS}), not_cues=_set("protest"))


# English caller only: property burned or wrecked by a crowd (protesters, rioters, a group of people: "young men
# torched a police station") is ACLED's mob violence, not a strategic development; an armed group's or the state's
# destruction stays "Looting/property destruction"
CROWD_DESTRUCTION = RetypeRule(
    "Strategic developments", "Looting/property destruction", ("Riots", "Mob violence"),
    perpetrators=frozenset({INTER_PROTESTERS, INTER_RIOTERS, INTER_CIVILIANS}),
    not_perpetrators=frozenset({INTER_STATE, INTER_REBEL, INTER_POL_MILITIA, INTER_ID_MILITIA}))


# Persian caller: an attack by those the report calls rioters ("اراذل و اوباش با پرتاب کوکتل مولوتف به یک پایگاه
# بسیج حمله کردند") is ACLED's violent demonstration (rioters are its actor), not an attack on civilians
RIOTERS_ATTACK = RetypeRule(
    "Violence against civilians", None, ("Riots", "Violent demonstration"),
    perpetrators=frozenset({INTER_RIOTERS}),
    not_perpetrators=frozenset({INTER_STATE, INTER_REBEL, INTER_POL_MILITIA, INTER_ID_MILITIA}))


def retype_when_the_state_is_harmed(event_type: str, sub_type: str, actors: list[IncidentActor],
                                    live: list[Trigger], cues: set[str]) -> tuple[str, str]:
    """The type and sub-type after ``RETYPE_WHEN_THE_STATE_IS_HARMED`` (unchanged when no row holds), and after
    ``CROWD_DESTRUCTION`` whoever is harmed."""
    event_type, sub_type = retype_state_harmed(event_type, sub_type, actors, cues, (CROWD_DESTRUCTION,))
    if not (_state_harmed(live) or _state_attacked(live)):
        return event_type, sub_type
    if not _others_harmed(live):  # "two Basij members were killed in clashes with protesters": the lethal force
        cues = cues - {"lethal_force"}  # was used on the state's men, not on the protesters
    retyped = retype_state_harmed(event_type, sub_type, actors, cues)
    if retyped == (event_type, sub_type):
        retyped = retype_state_harmed(event_type, sub_type, actors, cues, (UNNAMED_ATTACKERS_OF_THE_STATE,))
    if retyped == (event_type, sub_type) and any(t.kind == "clash" for t in live) and \
            not any(t.kind in ("riot", "mob", "protest", "strike") for t in live):
        retyped = retype_state_harmed(event_type, sub_type, actors, cues, (UNNAMED_CLASH_WITH_THE_STATE,))
    if retyped[0] == "Violence against civilians" and _inmates_did_it(actors, live):
        # "inmates set fire to a ward ..., and six guards were hurt": prisoners who turn on their guards riot
        retyped = ("Riots", "Mob violence")
    return retyped


def _inmates_did_it(actors: list[IncidentActor], live: list[Trigger]) -> bool:
    """Every perpetrator named is prisoners (``inmate_words``, plural: "inmates", "prisoners"): a prison riot."""
    if not live:
        return False
    doc = live[0].head.doc
    words = optional_words(doc, "inmate_words")
    doers = [a.name.lower().split() for a in actors if a.role == "perpetrator"]
    return bool(words) and bool(doers) and all(
        d and d[-1].endswith("s") and (d[-1] in words or d[-1][:-1] in words) for d in doers)


def retype_state_harmed(event_type: str, sub_type: str, actors: list[IncidentActor],
                        cues: set[str], rules: tuple[RetypeRule, ...] = RETYPE_WHEN_THE_STATE_IS_HARMED
                        ) -> tuple[str, str]:
    """``RETYPE_WHEN_THE_STATE_IS_HARMED`` applied to an incident whose killed or injured are the state's
    forces (the caller has read that from the sentence, in its language)."""
    perpetrators = {a.inter for a in actors if a.role == "perpetrator"}
    for rule in rules:
        if (rule.from_type == event_type and rule.from_sub_type in (None, sub_type)
                and (not rule.perpetrators or rule.perpetrators & perpetrators)
                and not rule.not_perpetrators & perpetrators
                and rule.cues <= cues and not rule.not_cues & cues):
            return rule.to
    return event_type, sub_type
