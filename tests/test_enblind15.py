"""Rules found with the blind English news-slot batches 77 (university and student news), 78 (religious minorities),
79 (press-freedom releases) and 80 (cross-border violence reported from outside Iran), twenty-first session
(enblind15). Every sentence here was written for these tests; none is from a batch or an eval file."""

from __future__ import annotations

import pytest

from test_news_slots import _one, incidents  # noqa: F401  (the module's fixture: paragraphs analysed as wire copy)


# --- a monitor's name the parser breaks up is its name whole ------------------------------------------------
@pytest.mark.parametrize(("text", "claimant"), [
    ("Police arrested a blogger at his home in Shiraz on Sunday, the Committee to Protect Journalists said on Tuesday.",
     "Committee to Protect Journalists"),
    ("Agents detained a cartoonist in Yazd on Saturday, his brother told Reporters Without Borders.",
     "Reporters Without Borders"),
])
def test_an_organisation_named_in_several_words_is_the_claimant_whole(incidents, text, claimant):
    assert claimant in _one(incidents(text, "2023-05-02"))["claimant"]


# --- a trailing source the parser hung on the event's object as a clause -------------------------------------
@pytest.mark.parametrize("text", [
    "Security forces raided a house church in Karaj on Friday and detained five converts, the rights group Article 18 "
    "reported on Monday.",
    "Police detained four Christian converts in Rasht on Friday, the advocacy group Article 18 reported on Sunday.",
])
def test_a_source_taken_for_a_clause_on_the_object_is_the_claimant(incidents, text):
    assert "Article 18" in _one(incidents(text, "2023-05-02"))["claimant"]


# --- a small town on Iran's border abroad, spelt with its own letters ----------------------------------------
@pytest.mark.parametrize(("text", "geonameid"), [
    ("Turkish soldiers shot dead a migrant near Özalp in Van province on Sunday.", 303022),
    ("Gendarmes shot dead a smuggler near Doğubayazıt on Sunday.", 316411),
])
def test_a_listed_border_town_abroad_is_the_place_whatever_spacy_calls_it(incidents, text, geonameid):
    assert _one(incidents(text, "2023-05-02"))["place"]["geonameid"] == geonameid


# --- drones as the subject of a strike the parser joined to their own participle -----------------------------
@pytest.mark.parametrize("text", [
    "Drones launched from Iran struck a camp near Erbil on Sunday, killing two people.",
])
def test_drones_that_struck_and_harmed_are_a_drone_strike(incidents, text):
    assert _one(incidents(text, "2023-05-02"))["sub_type"] == "Air/drone strike"


# --- a death put down to a mishap is no violence -------------------------------------------------------------
def test_a_death_in_an_accident_is_no_killing_and_the_protest_after_it_is_peaceful(incidents):
    inc = _one(incidents("Workers protested in Qom on Monday after a colleague died in an accident at the plant on "
                         "Saturday.", "2023-05-02"))
    assert inc["sub_type"] == "Peaceful protest" and not (inc["counts"].get("killed") or {}).get("min")
    assert incidents("A student died in a fall from a dormitory balcony in Qom on Saturday.", "2023-05-02") == []


def test_a_fall_in_custody_stays_a_death(incidents):
    inc = _one(incidents("A prisoner died in a fall in Evin prison on Saturday, his family said.", "2023-05-02"))
    assert inc["counts"]["killed"]["min"] == 1


# --- a negated intervention does not type the protest --------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Students at the University of Tabriz chanted slogans on Monday in a rally that campus guards photographed but "
    "did not break up.",
    "Nurses chanted slogans outside a hospital in Yazd on Sunday in a protest that police watched but did not break "
    "up, videos showed.",
])
def test_an_intervention_the_sentence_denies_leaves_the_protest_peaceful(incidents, text):
    assert _one(incidents(text, "2023-05-02"))["sub_type"] == "Peaceful protest"


# --- a place that says who the person is, not where the act happened ------------------------------------------
@pytest.mark.parametrize(("text", "place"), [
    ("A sociology student at the University of Tehran was arrested on Sunday at his parents' home in Kermanshah, his "
     "sister said.", "Kermanshah"),
    ("Police arrested the Friday prayer leader of Rask at a checkpoint near Khash on Tuesday.", "Khash"),
    ("Ali Rezaei, a teacher at a school in Saqqez, was detained at his home in Baneh on Monday.", "Baneh"),
])
def test_a_place_on_the_person_acted_on_gives_way_to_the_place_of_the_act(incidents, text, place):
    assert _one(incidents(text, "2023-05-02"))["place"]["name"] == place


# --- people counted past a name set off by commas, and a couple ---------------------------------------------
@pytest.mark.parametrize(("text", "arrested"), [
    ("Agents detained the school's principal, Reza Amini, and four teachers in Yazd on Monday.", 5),
    ("Agents detained a newspaper's editor, Reza Amini, and a photographer in Yazd on Monday.", 2),
    ("Security forces raided a seminary in Khash on Tuesday, detaining its director, Molavi Ahmad Rigi, and five "
     "students.", 6),
    ("Police detained a couple in Tehran on Sunday.", 2),
    ("Agents arrested the Baha'i couple Reza and Mina Tavakoli at their home in Qom on Sunday.", 2),
    ("Officers arrested the elderly couple Peyman and Roya Danesh at their flat in Yazd on Sunday, confiscating their "
     "phones.", 2),
])
def test_the_people_named_and_counted_beside_them_add_up(incidents, text, arrested):
    assert _one(incidents(text, "2023-05-02"))["counts"]["arrested"]["min"] == arrested


def test_a_name_after_an_outlets_noun_is_no_one_arrested(incidents):
    inc = _one(incidents("Police arrested Ali Rezaei, a columnist for the daily Etemad, at his home in Tehran on Sunday.",
                         "2023-05-02"))
    assert inc["counts"]["arrested"]["min"] == 1 and [v["name"] for v in inc["victims"]] == ["Ali Rezaei"]


# --- still held is no arrest -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "At least 40 teachers have been arrested across Iran since the strikes began in March, and 12 of them remain in "
    "detention, the union said on Tuesday.",
    "Five activists remain in detention in Evin prison, the group said on Tuesday.",
])
def test_people_who_remain_in_detention_are_no_arrest_made(incidents, text):
    assert incidents(text, "2023-05-02") == []


def test_the_arrest_told_beside_those_still_held_stays(incidents):
    inc = _one(incidents("Police detained five activists in Rasht on Monday; three remain in detention, the group said.",
                         "2023-05-02"))
    assert inc["counts"]["arrested"]["min"] == 5


# --- another source's figures for the event named back ------------------------------------------------------------
def test_a_second_sources_figures_for_the_attack_named_back_are_the_same_incident(incidents):
    inc = _one(incidents("A drone strike hit a camp of Komala near Sulaymaniyah on Sunday, killing one person, Iraqi "
                         "Kurdish officials said. The group said two of its members had died in the attack and six had "
                         "been wounded.", "2023-05-02"))
    assert inc["sub_type"] == "Air/drone strike" and inc["counts"]["injured"]["min"] == 6
