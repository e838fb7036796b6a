"""ACLED typing of incidents (incidents/acled.py): the typing table from trigger kinds, acts and cue groups,
and the retyping table that reads who is harmed. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from rasad.incidents.acled import PROTEST_CONTEXT, TYPING_TABLE, type_incident
from rasad.incidents.records import IncidentReport


@pytest.fixture(scope="module")
def incidents_of():
    """Incident reports of a text through the pipeline (without framing, which incidents do not read)."""
    from rasad.analysis.pipeline import load_nlp

    nlp = load_nlp(exclude=("rasad_framing",))

    def run(text: str) -> list[IncidentReport]:
        return [IncidentReport.model_validate(i) for i in nlp(text)._.incidents]

    return run


# (trigger kinds, acts, cue groups) -> (event type, sub-event type): at least one case for every row
TABLE_CASES = [
    ({"air"}, set(), set(), ("Explosions/Remote violence", "Air/drone strike")),
    ({"attack"}, {"killed"}, {"air"}, ("Explosions/Remote violence", "Air/drone strike")),
    ({"chemical"}, {"injured"}, set(), ("Explosions/Remote violence", "Chemical weapon")),
    ({"suicide", "bomb"}, {"killed"}, set(), ("Explosions/Remote violence", "Suicide bomb")),
    ({"grenade"}, set(), {"protest"}, ("Explosions/Remote violence", "Grenade")),
    ({"artillery"}, {"killed"}, set(), ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ({"bomb"}, set(), set(), ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ({"clash"}, {"killed"}, {"non_state", "state_forces"}, ("Battles", "Armed clash")),
    ({"protest"}, {"shot"}, set(), ("Protests", "Excessive force against protesters")),
    ({"strike"}, set(), {"lethal_force"}, ("Protests", "Excessive force against protesters")),
    ({"protest", "property"}, set(), set(), ("Riots", "Violent demonstration")),
    ({"protest"}, set(), {"rioting"}, ("Riots", "Violent demonstration")),
    # violent demonstrators make a riot whatever arrests followed (ACLED: a riot is coded as one with or without
    # the state's intervention)
    ({"protest"}, {"arrested"}, {"rioting"}, ("Riots", "Violent demonstration")),
    ({"protest"}, set(), {"crowd_control"}, ("Protests", "Protest with intervention")),
    ({"protest"}, set(), set(), ("Protests", "Peaceful protest")),
    ({"clash"}, set(), {"protest"}, ("Protests", "Peaceful protest")),
    ({"mob"}, {"killed"}, set(), ("Riots", "Mob violence")),
    ({"clash"}, set(), {"state_forces"}, ("Riots", "Violent demonstration")),
    ({"riot"}, set(), set(), ("Riots", "Violent demonstration")),
    ({"sexual"}, set(), set(), ("Violence against civilians", "Sexual violence")),
    ({"abduct"}, set(), set(), ("Violence against civilians", "Abduction/forced disappearance")),
    (set(), {"disappeared"}, set(), ("Violence against civilians", "Abduction/forced disappearance")),
    (set(), {"tortured"}, set(), ("Violence against civilians", "Attack")),
    ({"attack"}, set(), set(), ("Violence against civilians", "Attack")),
    # a bomb defused, the arrest of its planter beside it (the Persian "خنثی شد": kind disrupted)
    ({"disrupted"}, {"arrested"}, {"ied"}, ("Strategic developments", "Disrupted weapons use")),
    (set(), {"detained"}, set(), ("Strategic developments", "Arrests")),
    ({"raid"}, set(), set(), ("Strategic developments", "Arrests")),
    ({"property"}, set(), set(), ("Strategic developments", "Looting/property destruction")),
    (set(), {"sentenced"}, set(), ("Strategic developments", "Other")),
]


@pytest.mark.parametrize("kinds,acts,cues,expected", TABLE_CASES)
def test_typing_table(kinds, acts, cues, expected):
    assert type_incident(kinds, acts, cues) == expected


def test_every_row_of_the_typing_table_is_reachable():
    reached = {expected for *_, expected in TABLE_CASES}
    assert reached == {(rule.event_type, rule.sub_type) for rule in TYPING_TABLE}


def test_the_weapon_decides_before_the_protest():
    # a grenade thrown at a rally is remote violence (ACLED), not a protest with intervention
    assert type_incident({"grenade", "protest"}, {"injured"}, set())[0] == "Explosions/Remote violence"


def test_protest_context():
    assert any(w.holds({"riot"}, set(), {"protest"}) for w in PROTEST_CONTEXT)
    assert not any(w.holds({"riot"}, set(), set()) for w in PROTEST_CONTEXT)


# --- through the pipeline: the typing table, then who is harmed ------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("Retired teachers rallied outside parliament in Tehran on Sunday.", ("Protests", "Peaceful protest")),
    ("Police arrested 30 teachers at a rally in Tehran on Monday.", ("Protests", "Protest with intervention")),
    ("Security forces shot dead two protesters in Piranshahr on 3 March.",
     ("Protests", "Excessive force against protesters")),
    ("A US drone strike killed a militia commander near Baghdad airport on 3 January.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("Two soldiers were killed when a roadside bomb exploded near Saravan on Wednesday.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("Militants clashed with army troops near Sarbaz on Thursday.", ("Battles", "Armed clash")),
    ("Intelligence agents arrested the journalist Reza Karimi in Shiraz on 12 May.",
     ("Strategic developments", "Arrests")),
    ("A mob lynched a cleric in Khomein on Friday.", ("Riots", "Mob violence")),
])
def test_typed_through_the_pipeline(incidents_of, text, expected):
    (incident,) = incidents_of(text)
    assert (incident.type, incident.sub_type) == expected


def test_protesters_who_wound_police_make_a_violent_demonstration(incidents_of):
    (incident,) = incidents_of("Protesters threw stones and wounded three police officers in Mashhad on Friday.")
    assert (incident.type, incident.sub_type) == ("Riots", "Violent demonstration")
    assert {(a.role, a.inter) for a in incident.actors} >= {("participant", 6), ("target", 1)}


@pytest.mark.parametrize("text", [
    "Gunmen killed four police officers at a checkpoint in Zahedan on Tuesday.",
    "Gunmen wounded a police officer in Iranshahr on Monday.",
])
def test_an_armed_group_that_harms_police_fights_a_battle(incidents_of, text):
    (incident,) = incidents_of(text)
    assert (incident.type, incident.sub_type) == ("Battles", "Armed clash")
    assert incident.inter1 == 3 and incident.inter2 == 1  # political militia against state forces


def test_the_state_harming_civilians_is_not_retyped(incidents_of):
    (incident,) = incidents_of("Police killed a shepherd near Saqqez on Saturday.")
    assert (incident.type, incident.sub_type) == ("Violence against civilians", "Attack")
