"""Rules found with the blind batches 81-84 (enblind16, twenty-first session: photo captions and video notes,
anniversary coverage, Q&A transcripts, analysis briefs mixed with non-political deaths). Every sentence here was
written for these tests; none is from a batch or an eval file."""

from __future__ import annotations

import pytest

# the module's fixture: a paragraph and its publication date -> its incidents, background left out
from test_news_slots import incidents  # noqa: F401


def _low(inc: dict, key: str) -> int | None:
    return (inc["counts"].get(key) or {}).get("min")


# --- deaths from a natural hazard or an accident are no conflict event ------------------------------------------
@pytest.mark.parametrize("text", [
    "A magnitude 6.1 earthquake struck near Bojnurd on Tuesday night, killing five people and injuring 140, "
    "the Red Crescent said.",
    "Flash floods killed six people near Minab on Sunday, the provincial governor said.",
    # the cause told in the next sentence
    "A blaze at a textile mill near Kashan killed three workers on Monday, the fire department said. Investigators "
    "ruled out sabotage.",
    "An explosion in an apartment block in Arak killed two people on Friday, officials said. They blamed a leaking "
    "gas pipe.",
    "A minibus overturned on a mountain road near Khalkhal on Thursday, killing nine passengers, police said.",
])
def test_harm_put_down_to_a_hazard_or_an_accident_is_no_incident(incidents, text):
    assert incidents(text, "2024-03-20") == []


def test_police_fire_that_made_a_car_overturn_stays_an_incident(incidents):
    incs = incidents("Three smugglers were killed when border guards near Saravan fired on their car on Monday, "
                     "causing it to overturn, Haalvsh said.", "2024-03-20")
    assert incs and _low(incs[0], "killed") == 3


def test_deaths_with_no_cause_told_next_stay_an_incident(incidents):
    incs = incidents("An explosion at a police station in Zahedan killed two officers on Monday, officials said. "
                     "Jaish al-Adl claimed the attack.", "2024-03-20")
    assert incs and _low(incs[0], "killed") == 2


# --- a comment after a dash is not more people harmed ---------------------------------------------------------------
def test_an_object_after_a_dash_is_no_figure(nlp):
    # the parse the tagger gave a longer sentence ("..., wounding at least eight, according to the agency — a sign
    # that ..."), built by hand: "sign" is a second object of "wounding", after the dash
    from spacy.tokens import Doc

    from rasad.incidents.slots import _a_comment_after_a_dash

    words = ["Police", "fired", ",", "wounding", "eight", "\u2014", "a", "sign", "of", "fear", "."]
    heads = [1, 1, 1, 1, 3, 3, 7, 3, 7, 8, 1]
    deps = ["nsubj", "ROOT", "punct", "advcl", "dobj", "punct", "det", "dobj", "prep", "pobj", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert _a_comment_after_a_dash(doc[3], doc[7])
    assert not _a_comment_after_a_dash(doc[3], doc[4])


# --- people the state's forces take are arrested ------------------------------------------------------------------
@pytest.mark.parametrize(("text", "n"), [
    ("Intelligence agents came to the dormitory in Tabriz on Monday and took him and two of his roommates.", 3),
    ("Riot police took at least 25 teenagers from the square in Ahvaz on Monday night.", 25),
])
def test_people_taken_by_the_state_are_arrested(incidents, text, n):
    incs = incidents(text, "2024-03-20")
    assert incs and incs[0]["sub_type"] == "Arrests" and _low(incs[0], "arrested") == n


def test_a_place_taken_by_police_is_no_arrest(incidents):
    assert incidents("Police took control of the main square in Ahvaz on Monday.", "2024-03-20") == []


# --- an aside about an earlier year the parser hung the whole sentence on -------------------------------------------
@pytest.mark.parametrize(("text", "day", "n"), [
    ("Families of people killed in the November 2019 protests gathered at a cemetery south of Karaj on Saturday to "
     "mark the fourth anniversary of the crackdown, and plainclothes agents detained at least six of the wives, "
     "Hengaw reported.", "2023-11-18", 6),
    ("Families of people killed in the November 2019 protests gathered at a cemetery south of Isfahan on Thursday to "
     "mark the fourth anniversary of the crackdown, and plainclothes agents detained at least three of the fathers, "
     "HRANA reported.", "2023-11-16", 3),
])
def test_an_arrest_joined_to_a_past_aside_keeps_its_own_day(incidents, text, day, n):
    inc = incidents(text, "2023-11-20")
    assert inc and inc[0]["date"]["value"] == day and _low(inc[0], "arrested") == n
    assert not any(_low(i, "killed") for i in inc)


# --- "this week's march" is the march told earlier with its day ----------------------------------------------------
def test_this_weeks_event_takes_the_day_told_before(incidents):
    incs = incidents("Hundreds of retirees rallied in Shush on Sunday. Police beat the protesters at this week's "
                     "rally, injuring nine, HRANA said.", "2023-09-27")
    assert len(incs) == 1 and incs[0]["date"]["value"] == "2023-09-24" and _low(incs[0], "injured") == 9


# --- witnesses' figures: the one shot who died, the eye lost, a part of those counted ---------------------------------
def test_the_one_shot_who_then_died_is_no_more_wounded(incidents):
    incs = incidents("My nephew, Babak Karimi, was shot near the bazaar in Sanandaj on Friday. He died before the "
                     "ambulance arrived. Three of his classmates were wounded.", "2022-10-10")
    assert len(incs) == 1 and _low(incs[0], "killed") == 1 and _low(incs[0], "injured") == 3


@pytest.mark.parametrize(("text", "n"), [
    ("On Friday in Zanjan two students lost an eye to pellets fired by riot police.", 2),
    ("On Friday, 40 protesters came to the clinic in Zanjan with birdshot wounds; five of them lost an eye.", 40),
])
def test_an_eye_lost_is_no_person_and_of_them_is_a_part(incidents, text, n):
    incs = incidents(text, "2022-10-10")
    assert incs and _low(incs[0], "injured") == n


# --- "the strike" after a military strike; the doers' dead added to their victims' ----------------------------------
def test_the_strike_named_again_is_the_military_strike(incidents):
    incs = incidents("Smoke rose over a Revolutionary Guards base near Tabriz after an Israeli strike on Sunday. "
                     "Officials later said 14 soldiers were killed in the strike.", "2025-06-17")
    assert incs and all(i["type"] == "Explosions/Remote violence" for i in incs) and _low(incs[0], "killed") == 14


def test_a_strike_named_again_after_a_walkout_stays_a_strike(incidents):
    incs = incidents("Oil workers in Asaluyeh went on strike on Sunday. Police detained 12 of them during the "
                     "strike, ILNA said.", "2025-06-17")
    assert incs and incs[0]["type"] == "Protests"


def test_the_attackers_killed_are_added_to_their_victims(incidents):
    incs = incidents("Gunmen opened fire on a bus in Iranshahr on Monday, killing four passengers before police shot "
                     "dead two of the attackers, IRNA said.", "2025-06-17")
    assert incs and _low(incs[0], "killed") == 6


# --- the dead a witness counted or saw ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "n"), [
    ("A shopkeeper said he counted five bodies outside the police station in Saravan on Friday.", 5),
    ("Villagers found the bodies of two shepherds near Sardasht on Friday, Hengaw said.", 2),
    ("Witnesses saw the bodies of three porters near Nowsud on Friday, Hengaw said.", 3),
])
def test_the_bodies_counted_or_found_are_the_dead(incidents, text, n):
    incs = incidents(text, "2023-03-20")
    assert incs and _low(incs[0], "killed") == n


# --- a town in sight of the place ("above Sardasht"); hit by fire ---------------------------------------------------
def test_a_place_above_a_town_is_near_the_town(incidents):
    incs = incidents("Border guards shot dead a porter on a ridge above Nowsud on Tuesday, Hengaw said.", "2024-03-07")
    assert incs and incs[0]["place"]["name"] == "Nowsud"


def test_a_person_hit_in_the_body_is_wounded(incidents):
    incs = incidents("A student was hit in the chest during the protest in Mahabad on Tuesday, Hengaw said.",
                     "2024-03-07")
    assert incs and _low(incs[0], "injured") == 1


def test_a_person_hit_by_a_car_is_no_incident(incidents):
    assert incidents("A pedestrian was hit by a truck in Mahabad on Tuesday.", "2024-03-07") == []


# --- a crowd's stoning that hurts the state's men is a riot ---------------------------------------------------------
def test_stones_thrown_by_youths_that_hurt_officers_are_a_riot():
    from rasad.incidents.acled import retype_state_harmed
    from rasad.incidents.actors import INTER_CIVILIANS, INTER_REBEL
    from rasad.incidents.records import IncidentActor

    youths = [IncidentActor(name="Youths", role="perpetrator", inter=INTER_CIVILIANS)]
    assert retype_state_harmed("Violence against civilians", "Attack", youths, {"rioting", "state_forces"}) == \
        ("Riots", "Violent demonstration")
    rebels = [IncidentActor(name="Jaish al-Adl", role="perpetrator", inter=INTER_REBEL)]
    assert retype_state_harmed("Violence against civilians", "Attack", rebels, {"rioting"})[0] == "Battles"


# --- what a recording shows happened on the day it was recorded ----------------------------------------------------
def test_the_day_a_video_was_filmed_is_told_apart_from_the_day_it_was_posted(nlp):
    from types import SimpleNamespace

    from rasad.incidents.candidate import recorded_dates

    doc = nlp("The footage, which was filmed in Bukan on Saturday and which activists posted on Monday, shows police "
              "beating a man.")
    days = [SimpleNamespace(start=t.idx, text=t.text) for t in doc if t.text in ("Saturday", "Monday")]
    assert [d.text for d in recorded_dates(doc, days)] == ["Saturday"]


def test_the_day_a_video_was_filmed_dates_what_it_shows(incidents):
    incs = incidents("The video, which Hengaw said was filmed in Mahabad on Monday night and which reached the group "
                     "on Wednesday, shows soldiers firing at homes. The group said one man was killed.", "2023-02-15")
    assert incs and incs[0]["date"]["value"] == "2023-02-13"


# --- a fact-check's verdict on a claim ------------------------------------------------------------------------------
def test_a_claim_a_fact_check_calls_old_is_no_event(incidents):
    assert incidents("Fact check: a clip shared widely since Friday with the claim that it shows police beating "
                     "students in Arak this week is misleading.", "2023-01-10") == []
