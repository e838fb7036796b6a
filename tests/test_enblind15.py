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
    # (the group joined to the first of two joined verbs belongs to the nearer one)
    ("Police raided a Sufi lodge in Kavar on Tuesday, beating worshippers and detaining the lodge's head, Sheikh Ali "
     "Nouri, and four dervishes, activists said.", 5),
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


# --- the act a sanction punishes is background --------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Tabriz University has expelled six students and suspended nine others over their part in campus protests, a "
    "student newsletter reported on Tuesday.",
    "Amirkabir University suspended 20 students over a sit-in at the campus, the student council said on Tuesday.",
])
def test_a_protest_named_as_the_reason_for_an_expulsion_is_no_event(incidents, text):
    assert incidents(text, "2023-05-02") == []


def test_a_protest_after_an_expulsion_stays(incidents):
    inc = _one(incidents("Students protested in Tabriz on Monday after the university expelled six classmates.",
                         "2023-05-02"))
    assert inc["type"] == "Protests" and inc["date"]["value"] == "2023-05-01"


# --- the attacker held at the scene is part of the attack -----------------------------------------------------------
def test_a_suspect_arrested_after_an_attack_is_the_same_incident(incidents):
    inc = _one(incidents("An Iranian exile was stabbed outside his home in Hamburg on Tuesday, German police said. A "
                         "29-year-old suspect was arrested nearby.", "2024-05-31"))
    assert inc["counts"]["injured"]["min"] == 1 and inc["counts"]["arrested"]["min"] == 1


def test_suspects_arrested_on_another_day_are_an_arrest_of_their_own(incidents):
    incs = incidents("Gunmen shot dead a cleric in Zahedan on Monday. Police arrested two suspects on Tuesday.",
                     "2024-05-31")
    assert len(incs) == 2


# --- homes and graves destroyed ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Municipal agents demolished six homes of Baha'i families in Shiraz on Sunday, the community said.",
    "Authorities bulldozed graves at a Baha'i cemetery in Yazd on Sunday, the community said.",
    "Security forces used bulldozers to destroy 12 shops in Saravan on Sunday, residents said.",
])
def test_homes_shops_or_graves_destroyed_are_property_destruction(incidents, text):
    assert _one(incidents(text, "2025-02-11"))["sub_type"] == "Looting/property destruction"


def test_a_drone_destroyed_is_no_property_destruction(incidents):
    assert all(i["sub_type"] != "Looting/property destruction"
               for i in incidents("Air defences destroyed a drone over Isfahan on Monday.", "2025-02-11"))


# --- bodies recovered, and counted by the people they were -----------------------------------------------------------
@pytest.mark.parametrize(("text", "killed"), [
    ("Villagers found the bodies of two men near Sardasht on Monday.", 2),
    ("Villagers recovered the bodies of three shepherds near Sardasht on Monday, a day after border guards fired on "
     "them, Hengaw said.", 3),
    ("Rescuers retrieved the body of a porter from a river near Baneh on Monday.", 1),
])
def test_bodies_found_or_recovered_count_the_dead(incidents, text, killed):
    assert _one(incidents(text, "2025-12-09"))["counts"]["killed"]["min"] == killed


# --- a town that opens an institution's longer name ---------------------------------------------------------------
@pytest.mark.parametrize(("text", "place"), [
    ("Students at Babol Noshirvani University of Technology held a sit-in on Sunday.", "Babol"),
    ("Students at Shiraz Azad University held a sit-in on Sunday.", "Shiraz"),
])
def test_a_town_opening_a_universitys_name_is_the_place(incidents, text, place):
    assert _one(incidents(text, "2024-05-20"))["place"]["name"] == place


# --- a source set off after the name of one listed among the people held ------------------------------------------
@pytest.mark.parametrize(("text", "claimant"), [
    ("Police detained 12 Baha'is in Yazd on Sunday, including the community's secretary, Masoud Ahmadi, the rights "
     "group HRANA reported on Monday.", "HRANA"),
    ("Intelligence ministry agents stormed a house church in Tabriz during a Sunday service and detained seven "
     "Christian converts, including the church's pastor, Masoud Karimi, the rights group Article 18 reported on "
     "Monday.", "Article 18"),
])
def test_a_source_in_apposition_to_a_listed_name_is_the_claimant(incidents, text, claimant):
    assert claimant in _one(incidents(text, "2024-06-11"))["claimant"]
