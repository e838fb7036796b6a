"""Incidents from wire copy as a careful coder reads them (issue 19): the claimant, the event's date, the
figures, background kept out, the types. Every paragraph here was written for these tests in the style of
wire copy (tests/data/news_wire.jsonl holds more, scored with the shared scorer); none is from an eval file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import requires_shared

WIRE = Path(__file__).parent / "data" / "news_wire.jsonl"


@pytest.fixture(scope="module")
def incidents(nlp):
    from rasad.analysis.pipeline import analyze
    from rasad.records import Report

    def run(text: str, published: str) -> list[dict]:
        report = Report(id="t", sha256="t", text=text, published_at=published, language="en")
        return [i for i in analyze(report, nlp=nlp).incidents if not i["background"]]

    return run


def _one(incs: list[dict]) -> dict:
    assert len(incs) == 1, incs
    return incs[0]


def _killed(inc: dict) -> int | None:
    return (inc["counts"].get("killed") or {}).get("min")


# --- claimants ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "claimant"), [
    ("Police shot dead a man in Ilam on Monday, the Norway-based group Iran Human Rights said.", "Iran Human Rights"),
    ("According to the rights group Hengaw, police arrested nine people in Baneh on Monday.", "Hengaw"),
    ("Two policemen were wounded in Yasuj on Monday, state media reported.", "state media"),
    ("A provincial police chief told reporters that 30 rioters were arrested in Arak on Monday.", "police chief"),
    ("His family said a 19-year-old was beaten to death by police in Rasht on Monday.", "family"),
])
def test_the_claimant_is_the_source_the_sentence_cites(incidents, text, claimant):
    assert claimant in _one(incidents(text, "2023-02-14"))["claimant"]


def test_a_quoted_official_is_the_claimant_via_the_agency(incidents):
    inc = _one(incidents("The Fars news agency quoted the governor of Ilam as saying that two officers were killed "
                         "by rioters in the city on Monday.", "2023-02-14"))
    assert inc["claimant"].startswith("governor of Ilam (via") and "Fars" in inc["claimant"]
    assert inc["place"]["name"] == "Ilam" and _killed(inc) == 2


def test_the_author_claims_only_what_nobody_else_is_cited_for(incidents):
    assert _one(incidents("Hundreds of nurses protested in Yazd on Monday.", "2023-02-14"))["claimant"] == "author"


# --- the event's date, not the reporting's --------------------------------------------------------------------
@pytest.mark.parametrize(("text", "published", "day"), [
    # said on Thursday: the killing was on Tuesday
    ("Police killed two protesters in Ilam on Tuesday, Hengaw said on Thursday.", "2023-02-16", "2023-02-14"),
    ("Activists said on Friday that police had detained 12 students in Yazd on Wednesday.", "2023-02-17", "2023-02-15"),
    ("Police arrested a rapper in Shiraz on Monday night, his lawyer told AFP.", "2023-02-15", "2023-02-13"),
    ("Police arrested 14 students in Qazvin four days ago, a union said.", "2023-02-15", "2023-02-11"),
])
def test_the_event_is_dated_by_its_own_day(incidents, text, published, day):
    inc = _one(incidents(text, published))
    assert inc["date"]["value"] == day and inc["date"]["precision"] == "day"


def test_overnight_is_the_night_before_the_report(incidents):
    inc = _one(incidents("Artillery shelled villages near Piranshahr overnight, wounding five people, Hengaw said.",
                         "2023-02-15"))
    assert inc["date"]["value"] == "2023-02-14" and inc["type"] == "Explosions/Remote violence"


def test_last_week_is_a_week_not_a_day(incidents):
    inc = _one(incidents("Bakers in Ardabil went on strike last week, a union said.", "2023-02-15"))
    assert inc["date"]["precision"] == "week" and inc["time_precision"] == 2
    assert inc["date"]["value"] == "2023-02-08"


# --- figures --------------------------------------------------------------------------------------------------
def test_killed_and_others_wounded_are_counted_apart(incidents):
    inc = _one(incidents("Three police officers were killed and five others wounded in clashes with rioters in "
                         "Iranshahr on Monday, IRNA said.", "2023-02-14"))
    assert (_killed(inc), inc["counts"]["injured"]["min"]) == (3, 5)
    assert inc["type"] == "Riots"  # the state's men harmed by rioters: not force against protesters


def test_more_than_is_the_low_figure(incidents):
    inc = _one(incidents("More than 200 people were arrested in Ahvaz on Monday, HRANA said.", "2023-02-14"))
    assert inc["counts"]["arrested"]["min"] == 200


def test_two_sources_tolls_are_one_incident_with_the_lowest_figure(incidents):
    incs = incidents("Security forces killed at least 11 people in Saravan on Monday, Baluch activists said. The "
                     "provincial governor put the death toll at three.", "2023-02-14")
    inc = _one([i for i in incs if _killed(i)])
    assert _killed(inc) == 3 and inc["fatalities"] == 3 and "contradictory-counts" in inc["flags"]
    assert "Baluch activists" in inc["claimant"] and "governor" in inc["claimant"]


def test_a_count_in_a_background_clause_does_not_count(incidents):
    inc = _one(incidents("Nurses in Tabriz went on strike on Monday in support of the protests that have killed "
                         "more than 300 people since September, a union said.", "2023-02-14"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest") and not _killed(inc)


def test_a_member_of_a_force_counts_one(incidents):
    inc = _one(incidents("A member of the Basij was killed in Semirom on Monday, Tasnim said.", "2023-02-14"))
    assert _killed(inc) == 1


# --- background is background ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Students rallied in Yazd on Monday over the killing of a classmate by police last month.",
    "Hundreds gathered in Ilam on Monday for the funeral of a man who was shot dead by police last week.",
    "Crowds gathered in Zahedan on Monday to mark the anniversary of the killing of dozens of worshippers.",
])
def test_the_cause_or_the_dead_a_gathering_is_for_is_no_death_on_this_date(incidents, text):
    incs = incidents(text, "2023-02-14")
    inc = _one([i for i in incs if i["date"]["value"] == "2023-02-13"])
    assert inc["type"] == "Protests" and not _killed(inc)
    # (the one a funeral is for, killed on a day of its own, is an incident of that earlier day: enfix)
    assert all(_killed(i) and i["date"]["value"] < "2023-02-13" for i in incs if i is not inc)


@pytest.mark.parametrize("text", [
    "A court in Isfahan upheld the death sentence of a protester on Monday, his lawyer said.",
    "Police denied on Monday that officers had shot dead a teenager in Ahvaz.",
    "Officials rejected reports that a student had died in custody in Yazd.",
    "Rights groups say the crackdown has killed more than 500 people since September.",
])
def test_sentences_denials_and_totals_carry_no_death(incidents, text):
    assert not any(_killed(i) for i in incidents(text, "2023-02-14"))


def test_an_execution_names_its_victims_and_not_the_charge(incidents):
    inc = _one(incidents("Iran hanged two men, Hamid Ghorbani and Naser Kiani, in Qom on Monday for killing a "
                         "police officer, the Mizan news agency said.", "2023-02-14"))
    assert (inc["type"], _killed(inc)) == ("Violence against civilians", 2)
    assert {v["name"] for v in inc["victims"]} >= {"Hamid Ghorbani", "Naser Kiani"}
    assert "Mizan" in inc["claimant"]


# --- types ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Merchants in Ardabil closed their shops on Monday in protest at the arrests, residents said.",
    "Shopkeepers in Sanandaj kept their shops shut on Monday, witnesses said.",
    "Truck drivers in Qazvin went on strike on Monday over fuel prices.",
])
def test_strikes_and_shop_closures_are_peaceful_protests(incidents, text):
    inc = _one(incidents(text, "2023-02-14"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest")


def test_a_closure_by_the_state_is_no_strike(incidents):
    assert incidents("Police closed the bazaar in Ardabil on Monday.", "2023-02-14") == []


def test_gunmen_attacking_a_checkpoint_are_not_force_against_protesters(incidents):
    inc = _one(incidents("Gunmen attacked a police checkpoint in Saravan on Monday, killing two officers, IRNA "
                         "reported.", "2023-02-14"))
    assert inc["sub_type"] != "Excessive force against protesters" and _killed(inc) == 2


def test_a_basij_member_killed_by_protesters_is_a_riot(incidents):
    inc = _one(incidents("A Basij member was stabbed to death by protesters in Qazvin on Monday, state media said.",
                         "2023-02-14"))
    assert inc["type"] == "Riots" and _killed(inc) == 1


# --- classes of miss found by the third blind batch (tests/data/news_slots_blind_3.jsonl); own sentences ------
@pytest.mark.parametrize(("text", "claimant"), [
    ("Gunmen killed a judge in Zahedan on Sunday, the ISNA news agency reported, citing a local official.", "ISNA"),
    ("Masked men shot dead a shopkeeper in Iranshahr on Monday, the Baluch rights group Haalvsh reported on "
     "Tuesday, citing witnesses.", "Haalvsh"),
])
def test_a_source_followed_by_citing_is_the_claimant(incidents, text, claimant):
    assert claimant in _one(incidents(text, "2023-02-15"))["claimant"]


def test_a_date_between_the_saying_and_what_is_said_dates_the_saying(incidents):
    inc = _one(incidents("The police chief of Markazi province said on Friday officers had detained 14 people in "
                         "Arak on Wednesday.", "2023-02-18"))
    assert inc["date"]["value"] == "2023-02-15" and inc["counts"]["arrested"]["min"] == 14


def test_members_of_a_force_named_in_the_plural_killed_by_rioters_are_a_riot(incidents):
    inc = _one(incidents("Three members of the Revolutionary Guards were stabbed to death by rioters in Zahedan on "
                         "Monday.", "2023-02-14"))
    assert inc["type"] == "Riots" and _killed(inc) == 3


def test_a_place_in_a_clause_about_the_actors_is_where_it_happened(incidents):
    inc = _one(incidents("Workers striking over unpaid wages in Ahvaz clashed with riot police on Monday.",
                         "2023-02-14"))
    assert inc["place"]["name"] == "Ahvaz"


def test_a_town_after_in_is_the_town_even_where_a_persons_name_is_near(incidents):
    inc = _one(incidents("Protesters tore down a banner in Khomein on Monday.", "2023-02-14"))
    assert inc["place"]["name"] == "Khomeyn"  # not Ruhollah Khomeini


def test_the_names_of_the_executed_are_a_floor_of_the_figure_stated(incidents):
    inc = _one(incidents("Iran executed four prisoners on Monday, the judiciary said. Ali Nazari, Reza Bahrami, "
                         "Hossein Ghanbari and Mehdi Jalali were hanged in Qezel Hesar prison.", "2023-02-14"))
    assert _killed(inc) == 4 and "contradictory-counts" not in inc["flags"]
    assert [v["name"] for v in inc["victims"]] == ["Ali Nazari", "Reza Bahrami", "Hossein Ghanbari", "Mehdi Jalali"]


def test_the_third_blind_batch_scores_with_the_shared_scorer(tmp_path):
    """Written with its gold before the system ran on it: 0.9304 then (18/25 cases); the one check left is
    b23's "dozens" wounded, gold 12 (ACLED's figure) against our low figure 24 (two dozen)."""
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(Path(__file__).parent / "data" / "news_slots_blind_3.jsonl", tmp_path / "pred.jsonl")
    assert float(line.split()[0].split("=")[1]) >= 0.99, line  # 1.0000 at the time of writing


# --- classes of miss found by the fourth blind batch (tests/data/news_slots_blind_4.jsonl); own sentences -----
def test_according_to_a_statement_issued_by_someone_is_theirs(incidents):
    inc = _one(incidents("Police beat and detained 20 students in Yazd on Monday, according to a statement issued "
                         "by the students' union.", "2023-02-14"))
    assert "union" in inc["claimant"] and "statement" not in inc["claimant"]


def test_struck_by_drones_is_a_drone_strike_not_a_labour_strike(incidents):
    inc = _one(incidents("Two shepherds were killed near Sardasht on Monday when their village was struck by drones, "
                         "local officials said.", "2023-02-14"))
    assert (inc["type"], inc["sub_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert not any(a["inter"] == 6 for a in inc["actors"])  # nobody protested


def test_the_subject_of_an_attack_is_who_killed_in_its_ing_clause(incidents):
    inc = _one(incidents("Gunmen struck a police post in Saravan on Monday, killing two officers.", "2023-02-14"))
    assert inc["type"] == "Battles" and any(a["name"] == "Gunmen" for a in inc["actors"])


def test_a_third_wounded_is_one_more_person(incidents):
    inc = _one(incidents("Three protesters were shot dead and a fourth was wounded in Zahedan on Monday.",
                         "2023-02-14"))
    assert (_killed(inc), inc["counts"]["injured"]["min"]) == (3, 1)


def test_an_event_named_as_someones_doing_is_no_incident(incidents):
    assert incidents("The interior minister said the riots had been orchestrated by foreign intelligence services.",
                     "2023-02-14") == []


def test_the_one_buried_is_background_to_the_mourners(incidents):
    incs = incidents("Mourners chanted slogans in Bukan on Monday as they buried a student killed by police last week.",
                     "2023-02-14")
    inc = _one([i for i in incs if i["date"]["value"] == "2023-02-13"])
    assert inc["type"] == "Protests" and not _killed(inc)
    # (the student, killed on a day of his own, is an incident of that earlier day: enfix)
    assert all(_killed(i) and i["date"]["value"] < "2023-02-13" for i in incs if i is not inc)


def test_taken_to_hospital_counts_the_injured(incidents):
    inc = _one(incidents("Twenty nurses were taken to hospital in Ilam on Monday after security forces fired tear "
                         "gas into a clinic.", "2023-02-14"))
    assert inc["counts"]["injured"]["min"] == 20


def test_the_fourth_blind_batch_scores_with_the_shared_scorer(tmp_path):
    """Written with its gold before the system ran on it, after the third batch's fixes: 0.8280 then (14/22).
    Left: d05 (a sentence of mine that reads two ways: "a strike called by protesters, residents and rights
    groups said"), d10 (a coma after an encounter with enforcers: no act the rules read)."""
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(Path(__file__).parent / "data" / "news_slots_blind_4.jsonl", tmp_path / "pred.jsonl")
    assert float(line.split()[0].split("=")[1]) >= 0.92, line


# --- the whole file of wire paragraphs, with the shared scorer --------------------------------------------------
def test_the_wire_paragraphs_score_fully():
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(WIRE, Path("/tmp") / "rasad-news-wire-pred.jsonl")
    assert line.startswith("NEWS_SLOT_ACC=1.0000"), line


# --- fifth blind batch (part 8): the classes of miss it showed, on sentences written for these tests ----------
def test_a_dateline_date_is_the_filing_day_not_the_event_day(incidents):
    inc = _one(incidents("BAGHDAD, March 3 (Reuters) - Police shot dead a man in Ahvaz on Wednesday, local "
                         "activists said.", "2023-03-03"))
    assert inc["date"]["value"] == "2023-03-01"


def test_artillery_names_a_shelling(incidents):
    inc = _one(incidents("Iranian artillery hit a village near Baneh on Monday, wounding three shepherds, a local "
                         "official said.", "2023-02-14"))
    assert inc["type"] == "Explosions/Remote violence" and inc["counts"]["injured"]["min"] == 3


@pytest.mark.parametrize("text", ["Iran has deployed artillery and tanks to its border with Iraq, state media said.",
                                  "The Revolutionary Guards held artillery drills near the border on Sunday."])
def test_artillery_not_in_use_is_no_shelling(incidents, text):
    assert incidents(text, "2023-02-14") == []


def test_a_count_the_parser_hangs_on_the_reporting_verb_after_a_past_act(incidents):
    inc = _one(incidents("Police stormed a dormitory in Tabriz overnight and detained at least 40 students, the "
                         "student union said on Tuesday.", "2023-02-14"))
    assert inc["counts"]["arrested"]["min"] == 40 and "student union" in inc["claimant"]


def test_a_name_in_a_clause_about_the_victim_is_not_a_victim(incidents):
    inc = _one(incidents("Police arrested Sara Ahmadi, the lawyer who had represented Reza Karimi's family, in "
                         "Shiraz on Monday, her husband said.", "2023-02-14"))
    assert [v["name"] for v in inc["victims"]] == ["Sara Ahmadi"]
    assert inc["counts"]["arrested"]["min"] == 1


def test_a_source_taken_for_an_apposition_of_the_object_is_the_claimant(incidents):
    inc = _one(incidents("Protesters attacked a Basij base in Arak on Saturday, injuring four guards, the "
                         "semi-official Fars news agency reported on Sunday.", "2023-02-14"))
    assert "Fars" in inc["claimant"] and not any("Fars" in v["name"] for v in inc["victims"])


def test_a_name_in_apposition_to_the_one_arrested_is_a_victim(incidents):
    inc = _one(incidents("Security agents detained the poet Baktash Abtin at his home in Tehran a week ago, his "
                         "son said on Monday.", "2023-02-14"))
    assert [v["name"] for v in inc["victims"]] == ["Baktash Abtin"]
    assert inc["counts"]["arrested"]["min"] == 1


@pytest.mark.parametrize(("text", "kind", "figure"), [
    ("Three soldiers and five militants were killed in a clash near Saravan on Tuesday, the army said.",
     "killed", 8),
    ("Police arrested 12 students and two teachers in Yazd on Monday, activists said.", "arrested", 14),
    # the parser may make each group a subject of the verb
    ("The Guards said on Tuesday that two of their members and four militants had been killed near Baneh.",
     "killed", 6),
    # a bare second number is a second figure for the same people: the lowest stands
    ("At least 35 people, and perhaps as many as 60, were killed in Zahedan on Friday, activists said.",
     "killed", 35),
])
def test_groups_joined_by_and_add_up(incidents, text, kind, figure):
    inc = _one(incidents(text, "2023-02-14"))
    assert inc["counts"][kind]["min"] == figure


def test_a_town_of_iraqi_kurdistan_that_strikes_hit_is_the_place(incidents):
    inc = _one(incidents("Iranian drones struck a camp of an Iranian Kurdish party near Koya in Iraq's Kurdistan "
                         "region on Friday, killing one person, the party said.", "2023-02-14"))
    assert inc["place"]["geonameid"] == 94220 and inc["place"]["country"] == "IQ"


def test_the_fifth_blind_batch_scores_with_the_shared_scorer(tmp_path):
    """Written with its gold before the system ran on it (26 English, 6 Persian), after the fourth batch's
    fixes: 0.8716 then (19/32); 1.0000 after its classes of miss were fixed (optimistic now, as the earlier
    batches)."""
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(Path(__file__).parent / "data" / "news_slots_blind_5.jsonl", tmp_path / "pred.jsonl")
    assert float(line.split()[0].split("=")[1]) >= 0.99, line  # 1.0000 at the time of writing


def test_the_sixth_blind_batch_scores_with_the_shared_scorer(tmp_path):
    """Written with its gold before the system ran on it, after the fifth batch's fixes: 0.9851 then (15/16; the
    miss: towns listed after "including")."""
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(Path(__file__).parent / "data" / "news_slots_blind_6.jsonl", tmp_path / "pred.jsonl")
    assert float(line.split()[0].split("=")[1]) >= 0.98, line


# --- seventh blind batch (issue 19): the classes of miss it showed, on sentences written for these tests -------
def test_a_dateline_town_is_where_the_story_was_filed_not_the_event_place(incidents):
    inc = _one(incidents("ISTANBUL, May 2 (Reuters) - Gunmen killed a police officer on Wednesday night, the Tasnim "
                         "news agency said.", "2024-05-02"))
    assert inc["place"] is None or inc["place"]["name"] != "Istanbul"


def test_the_town_a_group_is_based_in_is_not_the_event_place(incidents):
    inc = _one(incidents("Iran has executed a Baluch prisoner, the London-based group Amnesty International said "
                         "on Monday.", "2024-05-06"))
    assert inc["place"] is None or inc["place"]["name"] != "London"


def test_an_event_named_in_a_charge_is_no_incident(incidents):
    assert incidents("The judiciary said on Sunday that 40 people charged in connection with the riots would be "
                     "released on bail.", "2024-05-06") == []


def test_an_act_a_day_or_more_before_is_background_to_the_event(incidents):
    inc = _one(incidents("Protesters torched a police car in Javanrud on Monday, two days after security forces shot "
                         "dead a teenager there, activists said.", "2024-05-08"))
    assert inc["type"] == "Riots" and not _killed(inc)


def test_an_aircraft_shot_down_hurts_nobody(incidents):
    inc = _one(incidents("Drones attacked an army depot in Tabriz on Sunday and one of them was shot down, the army "
                         "said.", "2024-05-06"))
    assert inc["type"] == "Explosions/Remote violence" and not inc["counts"].get("injured")


@pytest.mark.parametrize(("text", "sub_type"), [
    ("US strikes on a weapons depot near Ahvaz killed three guards on Monday, officials said.", "Air/drone strike"),
    ("Retaliatory strikes killed two people in the town of Mehran on Monday, the governor said.", "Air/drone strike"),
    ("Missile strikes hit a camp near Koya on Monday, killing one man.", "Shelling/artillery/missile attack"),
])
def test_a_military_strike_is_remote_violence_not_a_labour_strike(incidents, text, sub_type):
    inc = _one(incidents(text, "2024-05-07"))
    assert (inc["type"], inc["sub_type"]) == ("Explosions/Remote violence", sub_type)
    assert not any(a["inter"] == 6 for a in inc["actors"])  # nobody protested


def test_a_strike_on_a_day_is_still_a_labour_strike(incidents):
    inc = _one(incidents("Bakers in Yazd went on strike on Monday over flour prices.", "2024-05-07"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest")


def test_the_place_in_a_strikes_target_phrase_is_where_it_happened(incidents):
    inc = _one(incidents("Israeli strikes on an apartment block in western Tehran killed 9 people on Friday.",
                         "2025-06-14"))
    assert inc["place"]["name"] == "Tehran" and _killed(inc) == 9


def test_an_attack_by_militants_on_a_police_post_is_a_battle(incidents):
    inc = _one(incidents("The toll from an attack by militants on a police station in Saravan rose to six on "
                         "Tuesday, officials said.", "2024-05-08"))
    assert inc["type"] == "Battles" and _killed(inc) == 6


def test_a_source_set_off_before_a_subjectless_said_is_the_claimant(incidents):
    inc = _one(incidents("Three villagers were killed, including a teacher, Hiwa Ahmadi, and his son, the local "
                         "council said.", "2024-05-08"))
    assert "council" in inc["claimant"] and "villagers" not in inc["claimant"]


def test_the_toll_told_after_an_armed_event_is_its_outcome(incidents):
    inc = _one(incidents("Drones struck a base of a Kurdish opposition party near Koya on Monday. Two of its members "
                         "were killed, the party said.", "2024-05-07"))
    assert inc["type"] == "Explosions/Remote violence" and _killed(inc) == 2


def test_another_countrys_kurdistan_is_not_irans_province(incidents):
    inc = _one(incidents("Iranian drones hit a village in Iraq's Kurdistan region on Monday, killing a farmer.",
                         "2024-05-07"))
    assert inc["place"] is None or inc["place"]["name"] != "Kurdistan"


@pytest.mark.parametrize(("text", "names"), [
    ("Police arrested two students of Tabriz University, Sara Jafari and Nima Abbasi, on Monday, their families said.",
     ["Sara Jafari", "Nima Abbasi"]),
    ("Iran executed three prisoners in Shiraz on Monday. The prisoners, Omid Karami, Hadi Lotfi and Arash Vafaei, "
     "were convicted of murder.", ["Omid Karami", "Hadi Lotfi", "Arash Vafaei"]),
    ("Agents detained five activists in Rasht on Sunday. Among those arrested were Mina Sadeghi and Reza Naderi.",
     ["Mina Sadeghi", "Reza Naderi"]),
])
def test_victims_named_in_a_list(incidents, text, names):
    inc = _one(incidents(text, "2024-05-07"))
    assert all(n in [v["name"] for v in inc["victims"]] for n in names), inc["victims"]


def test_a_list_of_another_size_than_the_count_names_nobody(incidents):
    inc = _one(incidents("Police arrested three lawyers in Tehran on Monday, their colleagues Maryam Kazemi and "
                         "Ali Ranjbar said.", "2024-05-07"))
    assert not inc["victims"]


def test_drivers_blocking_a_road_are_protesters(incidents):
    inc = _one(incidents("Riot police fired tear gas at farmers blocking a road near Isfahan on Sunday.",
                         "2024-05-06"))
    assert inc["type"] == "Protests"


def test_the_state_blocking_roads_is_no_protest(incidents):
    assert incidents("Police blocked the roads into Zahedan on Friday morning.", "2024-05-06") == []



# --- eighth blind batch (issue 19): its classes of miss, on sentences written for these tests ---------------
def test_a_place_inside_the_clashs_sides_is_where_it_happened(incidents):
    inc = _one(incidents("Fighting between police and smugglers in Saravan on Sunday killed four people, officials "
                         "said.", "2024-05-07"))
    assert inc["place"]["name"] == "Saravan"


def test_a_name_that_names_a_thing_is_no_victim(incidents):
    inc = _one(incidents("Police arrested Laleh Ahmadi, an editor at the Shargh daily, in Tehran on Monday, her "
                         "colleagues said.", "2024-05-07"))
    assert [v["name"] for v in inc["victims"]] == ["Laleh Ahmadi"] and inc["counts"]["arrested"]["min"] == 1


def test_victims_named_by_identifying_them(incidents):
    inc = _one(incidents("Three prisoners were executed in Urmia on Monday, the group said, identifying them as "
                         "Karim Nasiri, Yaser Haidari and Hamed Soltani.", "2024-05-07"))
    assert [v["name"] for v in inc["victims"]] == ["Karim Nasiri", "Yaser Haidari", "Hamed Soltani"]


def test_a_passer_by_adds_one_to_the_wounded(incidents):
    inc = _one(incidents("A grenade exploded outside a Basij base in Mahabad on Monday, wounding two guards and a "
                         "passer-by, Tasnim said.", "2024-05-07"))
    assert inc["counts"]["injured"]["min"] == 3



# --- ninth blind batch (issue 19): its classes of miss, on sentences written for these tests ----------------
def test_the_cause_of_a_hunger_strike_is_background(incidents):
    inc = _one(incidents("Inmates of Qezel Hesar prison started a hunger strike on Monday against the hanging of "
                         "their cellmates, a rights group said.", "2024-05-07"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest") and not _killed(inc)


def test_a_source_named_in_apposition_after_a_comma_is_the_claimant(incidents):
    inc = _one(incidents("Six men were hanged in Isfahan on Monday, including a teenager, the London-based group "
                         "Amnesty International said.", "2024-05-07"))
    assert "Amnesty International" in inc["claimant"]


def test_a_university_named_after_its_town_places_the_event(incidents):
    inc = _one(incidents("Students at Tabriz University held a sit-in on Sunday over the arrest of a classmate.",
                         "2024-05-07"))
    assert inc["place"]["name"] == "Tabriz"


@pytest.mark.parametrize(("text", "role"), [
    ("Border guards fired on a pickup near Saravan on Monday, killing the driver, activists said.", "killed"),
    ("Gunmen shot dead a prosecutor in Zahedan on Monday and wounded his driver, IRNA said.", "injured"),
    ("Police arrested the brother of a slain protester in Izeh on Monday, Hengaw said.", "arrested"),
])
def test_a_definite_person_as_the_acts_object_is_one(incidents, text, role):
    inc = _one(incidents(text, "2024-05-07"))
    assert inc["counts"][role]["min"] == 1


def test_a_toll_put_at_a_figure_is_no_definite_person(incidents):
    inc = _one(incidents("Gunmen opened fire on a bus in Izeh on Monday, killing six people. Local officials put the "
                         "death toll at nine.", "2024-05-07"))
    assert _killed(inc) == 6


# --- tenth blind batch (issue 19): its classes of miss, on sentences written for these tests ----------------
def test_what_a_protest_verb_protests_is_its_cause(incidents):
    inc = _one(incidents("Bazaar merchants in Tabriz closed their shops on Monday to protest the hanging of a "
                         "local man, activists said.", "2024-05-07"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest") and not _killed(inc)


def test_a_states_diplomatic_protest_is_no_incident(incidents):
    assert incidents("Iran's foreign ministry summoned the German envoy on Monday to protest remarks by a German "
                     "minister.", "2024-05-07") == []


def test_the_protester_someone_is_kin_of_is_no_protest(incidents):
    inc = _one(incidents("Agents arrested the mother of a jailed protester in Mashhad on Monday, Hengaw said.",
                         "2024-05-07"))
    assert inc["type"] == "Strategic developments" and inc["counts"]["arrested"]["min"] == 1


def test_a_shootout_with_armed_men_is_a_battle(incidents):
    inc = _one(incidents("Police killed three armed men in a shootout near Zabol on Monday, the police chief said.",
                         "2024-05-07"))
    assert inc["type"] == "Battles" and _killed(inc) == 3


def test_a_body_found_is_a_death(incidents):
    inc = _one(incidents("A young activist was abducted in Iranshahr on Sunday and his body was found on Monday, "
                         "activists said.", "2024-05-07"))
    assert _killed(inc) == 1


def test_the_subject_of_an_active_killing_is_not_counted_among_the_dead(incidents):
    inc = _one(incidents("A US strike on a depot near Ahvaz killed at least 12 people on Monday, officials said.",
                         "2024-05-07"))
    assert _killed(inc) == 12


def test_an_injury_toll_after_a_protest_is_its_outcome(incidents):
    inc = _one(incidents("Police broke up a sit-in by nurses in Shiraz on Monday and detained 12 of them. At least "
                         "eight nurses were injured.", "2024-05-07"))
    assert inc["type"] == "Protests" and inc["counts"]["injured"]["min"] == 8


# --- eleventh blind batch (issue 19): its classes of miss, on sentences written for these tests ------------
def test_victims_identified_as_some_of_them(incidents):
    inc = _one(incidents("Iran hanged five men in Urmia on Monday, the judiciary said. Activists identified three of "
                         "them as Rasoul Bakhshi, Omid Ranjbar and Farzad Molaei.", "2024-05-07"))
    assert [v["name"] for v in inc["victims"]] == ["Rasoul Bakhshi", "Omid Ranjbar", "Farzad Molaei"]


def test_the_day_of_the_prayers_dates_the_event(incidents):
    inc = _one(incidents("Worshippers marched in Khash after Friday prayers, chanting slogans, activists said on "
                         "Sunday.", "2024-05-07"))
    assert inc["date"]["value"] == "2024-05-03"


def test_force_against_mourners_is_force_against_a_protest(incidents):
    inc = _one(incidents("Police fired tear gas at mourners at a cemetery in Divandarreh on Monday, Hengaw said.",
                         "2024-05-07"))
    assert inc["type"] == "Protests"


# --- twelfth blind batch (issue 19): its classes of miss, on sentences written for these tests -------------
def test_the_city_of_a_town_canon_reads_as_a_person_is_the_town(incidents):
    inc = _one(incidents("A shopkeeper was stabbed to death in the city of Khomein on Monday, police said.",
                         "2024-05-07"))
    assert inc["place"]["name"] == "Khomeyn"


def test_a_wounded_officer_told_after_a_battle_is_its_outcome(incidents):
    inc = _one(incidents("Two border guards were killed when smugglers opened fire on them near Mirjaveh on Monday, "
                         "officials said. A third guard was injured.", "2024-05-07"))
    assert (_killed(inc), inc["counts"]["injured"]["min"]) == (2, 1)


# --- thirteenth blind batch (issue 19): its classes of miss, on sentences written for these tests ----------
def test_taken_into_custody_is_an_arrest_of_the_one_taken(incidents):
    inc = _one(incidents("Agents took the blogger Reza Kamali into custody at his home in Sanandaj on Monday, his "
                         "wife said.", "2024-05-07"))
    assert (inc["type"], inc["counts"]["arrested"]["min"]) == ("Strategic developments", 1)
    assert [v["name"] for v in inc["victims"]] == ["Reza Kamali"]
    inc = _one(incidents("Four teachers were taken into custody in Saqqez on Monday, a union said.", "2024-05-07"))
    assert inc["counts"]["arrested"]["min"] == 4
    assert not any(i["counts"].get("arrested") for i in incidents(
        "A prisoner died in custody in Saqqez on Monday, a union said.", "2024-05-07"))


def test_a_title_before_a_name_the_parser_joined_to_it_names_the_victim(incidents):
    inc = _one(incidents("Police detained environmentalist Parisa Golzar in Shiraz on Monday, activists said.",
                         "2024-05-07"))
    assert [v["name"] for v in inc["victims"]] == ["Parisa Golzar"]


def test_a_death_sentence_carried_out_is_an_execution(incidents):
    inc = _one(incidents("Prison officials carried out the death sentence of Hossein Moradi in Shiraz at dawn on "
                         "Monday, rights groups said.", "2024-05-07"))
    assert (inc["type"], _killed(inc)) == ("Violence against civilians", 1)
    assert not any(_killed(i) for i in incidents("The Supreme Court upheld the death sentence of Hossein Moradi on "
                                                 "Monday, rights groups said.", "2024-05-07"))


def test_a_landmine_that_exploded_is_remote_violence_and_a_lost_limb_an_injury(incidents):
    inc = _one(incidents("A farmer lost an arm when a mine exploded in his field near Mehran on Monday, officials "
                         "said.", "2024-05-07"))
    assert (inc["type"], inc["counts"]["injured"]["min"]) == ("Explosions/Remote violence", 1)
    inc = _one(incidents("A shepherd lost his life when a landmine went off near Sumar on Monday, officials said.",
                         "2024-05-07"))
    assert (inc["type"], _killed(inc)) == ("Explosions/Remote violence", 1)
    assert not any(i["counts"].get("injured") or i["type"] == "Explosions/Remote violence" for i in incidents(
        "The crowd exploded in anger in Mehran on Monday when the teacher lost his job.", "2024-05-07"))


def test_the_detention_a_release_is_from_is_no_incident(incidents):
    assert incidents("The rapper Saman Yari was released on bail on Monday, two months after his arrest in Karaj, "
                     "his lawyer said.", "2024-05-07") == []
    inc = _one(incidents("Police arrested 30 people in Karaj on Monday and freed 12 of them on bail on Tuesday, "
                         "their lawyers said.", "2024-05-08"))
    assert inc["counts"]["arrested"]["min"] == 30


# "three days earlier" counts back from the day told before it (the saying's); "since Sunday" dates a strike; a
# "Friday prayer leader" is a title, not a date
@pytest.mark.parametrize(("text", "day"), [
    ("Activists said on Monday that security forces had detained six students in Ilam three days earlier.",
     "2024-05-03"),
    ("Bakery workers in Arak have been on strike since Sunday over their pay, a union said on Tuesday.", "2024-05-05"),
    ("Gunmen shot dead a Friday prayer leader in Zahedan on Monday, police said.", "2024-05-06"),
    # (batch 16) every date inside a clause the parser made of the tail: the latest is the event's
    ("Agents detained the mother and sister of a protester killed in 2022 at their home in Izeh on Monday, activists "
     "said.", "2024-05-06"),
])
def test_the_event_day_counted_back_or_from_a_start(incidents, text, day):
    assert _one(incidents(text, "2024-05-07"))["date"]["value"] == day


# batch 14's: a weekday alone as agency copy writes it ("Sunday", "late Tuesday", "before dawn Sunday"); "the
# previous day" counted back from the saying's day; "Bloody Friday" is a name, not a date
@pytest.mark.parametrize(("text", "day"), [
    ("Police shot and killed a smuggler near Saravan Sunday, Haalvsh said.", "2024-05-05"),
    ("Agents detained four students in Yasuj late Saturday, their families said Tuesday.", "2024-05-04"),
    ("ISNA reported on Monday that police had arrested nine people in Ilam the previous day.", "2024-05-05"),
    ("Mourners in Zahedan, where dozens died on what became known as Bloody Friday, marched on Monday, activists "
     "said.", "2024-05-06"),
])
def test_agency_weekdays_and_the_previous_day(incidents, text, day):
    assert _one(incidents(text, "2024-05-07"))["date"]["value"] == day


def test_a_second_sources_death_figure_alone_is_the_same_toll(incidents):
    incs = incidents("Officials said two border guards died when smugglers opened fire on them near Sarbaz on "
                     "Monday. A Baluch group said it had killed four.", "2024-05-07")
    assert len([i for i in incs if _killed(i)]) == 1 and _killed(incs[0]) == 2


def test_protesters_stoning_police_are_a_riot_whatever_arrests_followed(incidents):
    inc = _one(incidents("Villagers hurled stones at police in Dorud on Monday and officers fired tear gas and "
                         "detained 12 of them, ISNA said.", "2024-05-07"))
    assert inc["type"] == "Riots"


# batch 15's
def test_force_on_people_staging_a_protest_is_force_against_a_protest(incidents):
    inc = _one(incidents("Police fired pellets at nurses holding a rally outside a hospital in Yazd on Monday, "
                         "wounding five, witnesses said.", "2024-05-07"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Excessive force against protesters")


def test_a_prison_named_in_lower_case_is_in_its_town(incidents):
    inc = _one(incidents("Four men were hanged at Lakan prison on Monday, a rights group said.", "2024-05-07"))
    assert inc["place"]["name"] == "Rasht"


def test_both_counts_the_two_just_named(incidents):
    inc = _one(incidents("A gunman shot two clerics outside a mosque in Ilam on Monday, wounding both, police said.",
                         "2024-05-07"))
    assert inc["counts"]["injured"]["min"] == 2


def test_a_body_found_is_a_death_and_names_its_owner(incidents):
    inc = _one(incidents("The body of student activist Navid Sharifi was found in a canal in Ahvaz on Monday, "
                         "four days after he was arrested, his family said.", "2024-05-07"))
    assert (_killed(inc), [v["name"] for v in inc["victims"]]) == (1, ["Navid Sharifi"])
    assert not any(_killed(i) for i in incidents("A court in Ahvaz found the activist guilty on Monday, his lawyer "
                                                 "said.", "2024-05-07"))


def test_police_killed_by_protesters_with_others_wounded_is_a_riot(incidents):
    inc = _one(incidents("A policeman was killed and three others injured when protesters stormed a police post in "
                         "Bukan on Monday night, Fars said.", "2024-05-07"))
    assert inc["type"] == "Riots"


# batch 16's
def test_a_toll_in_a_clause_the_parser_hung_on_a_dateline_counts(incidents):
    inc = _one(incidents("BEIRUT, May 2 (Reuters) - Gunmen attacked a police post in Saravan overnight, sparking a "
                         "gunfight in which four attackers and two policemen were killed, state media said.",
                         "2024-05-02"))
    assert _killed(inc) == 6


def test_a_coma_is_an_injury(incidents):
    inc = _one(incidents("A schoolgirl fell into a coma after morality police beat her on a bus in Qom on Monday, "
                         "Hengaw said.", "2024-05-07"))
    assert inc["counts"]["injured"]["min"] == 1


@pytest.mark.parametrize(("text", "role", "n"), [
    ("Gunmen on a motorcycle attacked a judge's car in Zahedan on Monday, killing him and his bodyguard, police "
     "said.", "killed", 2),
    ("Agents detained the mother and sister of a slain protester at their home in Izeh on Monday, activists said.",
     "arrested", 2),
])
def test_a_person_joined_to_the_acts_own_object_counts_too(incidents, text, role, n):
    assert _one(incidents(text, "2024-05-07"))["counts"][role]["min"] == n


def test_hangings_included_in_a_running_total_are_an_event(incidents):
    inc = _one(incidents("Iran has hanged at least 30 people this month, including two Kurdish prisoners hanged in "
                         "Sanandaj on Monday, Hengaw said on Tuesday.", "2024-05-07"))
    assert (_killed(inc), inc["date"]["value"], inc["place"]["name"]) == (2, "2024-05-06", "Sanandaj")


def test_re_arrested_is_an_arrest_of_its_subject(incidents):
    # (spaCy cuts "re-arrested" in three and may then hang the subject on "was": "Labour activist X was re-arrested
    # in Tehran" and "Bus drivers' union leader X was re-arrested" still name no victim)
    inc = _one(incidents("Teachers' union leader Davoud Razavi was re-arrested at his home in Tehran on Tuesday, a "
                         "month after his release from prison, his wife said.", "2024-05-08"))
    assert (inc["type"], inc["date"]["value"]) == ("Strategic developments", "2024-05-07")


def test_a_source_phrase_before_a_subjectless_reporting_verb_is_the_claimant(incidents):
    inc = _one(incidents("Police arrested a poet in Mashhad on Monday and seized his books, a person close to his "
                         "family said.", "2024-05-07"))
    assert "person close to his family" in inc["claimant"]


# batch 17's
def test_a_group_claiming_responsibility_is_not_the_source(incidents):
    inc = _one(incidents("Jaish al-Adl claimed responsibility for an ambush in which gunmen killed two police officers "
                         "near Rask on Monday, IRNA reported.", "2024-05-07"))
    assert "IRNA" in inc["claimant"]


def test_an_act_someone_is_suspected_of_is_a_charge(incidents):
    inc = _one(incidents("Police arrested two men suspected of stabbing a cleric to death in Qom, the police chief "
                         "said on Monday.", "2024-05-07"))
    assert (inc["type"], _killed(inc)) == ("Strategic developments", None)


def test_a_blast_put_down_to_an_accident_is_no_attack(incidents):
    assert incidents("A blast at a petrochemical plant in Mahshahr killed two workers on Monday; the company blamed "
                     "a gas leak.", "2024-05-07") == []
    # (batch 21) a crash kills without an attacker; militants who bring a helicopter down attack
    assert incidents("Two pilots were killed when a military plane crashed near Tabriz on Monday, the army said.",
                     "2024-05-07") == []
    assert _killed(_one(incidents("Three soldiers were killed when militants attacked their convoy near Sardasht on "
                                  "Monday, the army said.", "2024-05-07"))) == 3
    inc = _one(incidents("A bomb blast at a mosque in Zahedan killed two worshippers on Monday, police said.",
                         "2024-05-07"))
    assert inc["type"] == "Explosions/Remote violence"


def test_the_university_of_a_town_is_the_town(incidents):
    inc = _one(incidents("Guards beat students at a sit-in at the University of Isfahan on Monday, the student union "
                         "said.", "2024-05-07"))
    assert inc["place"]["name"] == "Isfahan"


# batch 18's
def test_n_dozen_multiplies(incidents):
    inc = _one(incidents("Police detained more than two dozen students in Yazd on Monday, ILNA said.", "2024-05-07"))
    assert inc["counts"]["arrested"]["min"] == 24


# unnamed attackers killing police fight a battle ("In Saturday's raid": the raid's day), not a man named as the
# killer; shops that "were closed" are a strike; acid thrown at someone is an attack
@pytest.mark.parametrize(("text", "etype", "day"), [
    ("In Saturday's raid on a checkpoint near Khash, three police officers were killed, IRNA said on Monday.",
     "Battles", "2024-05-04"),
    ("A police officer was stabbed to death by a man in Yazd on Monday, police said.", "Violence against civilians",
     "2024-05-06"),
    ("Shops were closed in Mahabad on Monday in response to a strike call, Hengaw said.", "Protests", "2024-05-06"),
    ("Two men threw acid at a woman in Isfahan on Sunday, police said.", "Violence against civilians", "2024-05-05"),
])
def test_who_attacks_whom_and_what_closed_shops_say(incidents, text, etype, day):
    inc = _one(incidents(text, "2024-05-07"))
    assert (inc["type"], inc["date"]["value"]) == (etype, day)


# batch 19's
def test_a_firefight_between_border_guards_and_smugglers_is_a_battle(incidents):
    inc = _one(incidents("Two border guards and a smuggler were killed in a firefight near Mirjaveh on Monday, police "
                         "said.", "2024-05-07"))
    assert (inc["type"], _killed(inc)) == ("Battles", 3)


def test_an_ordinal_after_and_counts_its_own_act(incidents):
    inc = _one(incidents("Three soldiers were killed and a fourth injured when a bomb exploded near Sardasht on "
                         "Monday, IRNA said.", "2024-05-07"))
    assert (_killed(inc), inc["counts"]["injured"]["min"]) == (3, 1)


def test_a_past_perfect_total_since_a_month_is_background_but_not_since_a_weekday(incidents):
    assert incidents("Officials said on Monday that more than 100 people had died in the protests since March.",
                     "2024-05-07") == []
    assert _killed(_one(incidents("IRNA said three policemen had been killed by gunmen in Khash since Saturday.",
                                  "2024-05-07"))) == 3


def test_people_who_boycott_are_protesting(incidents):
    inc = _one(incidents("Teachers in Marivan boycotted classes on Monday over unpaid wages, their union said.",
                         "2024-05-07"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest")
    assert incidents("Iran boycotted the summit in Geneva on Monday, officials said.", "2024-05-07") == []


# batch 20's
@pytest.mark.parametrize(("text", "role", "n"), [
    # a part of those just counted is no second figure; "N of them" as the act's only object counts them
    ("Police fired pellets at farmers near Ilam on Monday, wounding four, two of them seriously, activists said.",
     "injured", 4),
    ("Police broke up a rally in Ilam on Monday and detained six of them, activists said.", "arrested", 6),
    # "raided his home and took him away": an arrest of one
    ("Agents raided the home of a teacher in Ilam on Monday and took him away, his wife said.", "arrested", 1),
])
def test_parts_of_a_count_and_people_taken_away(incidents, text, role, n):
    assert _one(incidents(text, "2024-05-07"))["counts"][role]["min"] == n


def test_an_arrest_only_demanded_does_not_type_a_protest(incidents):
    inc = _one(incidents("Hundreds of people marched in Khash on Monday to demand the arrest of a cleric's killers, "
                         "activists said.", "2024-05-07"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest")


def test_the_bazaar_of_a_town_is_the_town(incidents):
    inc = _one(incidents("Traders shut their stores in the old bazaar of Kermanshah on Monday, ILNA reported.",
                         "2024-05-07"))
    assert inc["place"]["name"] == "Kermanshah"


# --- twenty-second blind batch and the open classes of batches 16-21: on sentences written for these tests ------
def test_a_name_set_off_by_commas_after_the_object_is_the_victim(incidents):
    # the parser may hang the name on the verb, not on the noun it stands beside
    inc = _one(incidents("Police shot dead a Kurdish porter, Karim Rostami, as he crossed the hills near Piranshahr "
                         "on Friday, Hengaw said.", "2024-05-12"))
    assert [v["name"] for v in inc["victims"]] == ["Karim Rostami"]


def test_property_burned_by_unnamed_people_stays_property_destruction(incidents):
    inc = _one(incidents("Unknown arsonists set fire to a school in Izeh on Wednesday, Tasnim reported.", "2022-11-18"))
    assert (inc["type"], inc["sub_type"]) == ("Strategic developments", "Looting/property destruction")


def test_the_body_of_a_person_found_is_one_death_on_the_day_found(incidents):
    inc = _one(incidents("The body of a young herder who had been missing since Sunday was found in a gorge near "
                         "Sardasht on Wednesday, Kurdpa said.", "2023-04-13"))
    assert _killed(inc) == 1
    assert inc["date"]["value"] == "2023-04-12"


def test_a_strike_since_a_day_keeps_that_day_when_it_is_the_only_one(incidents):
    inc = _one(incidents("Bakery workers in Qazvin have been on strike since Saturday over wages, ILNA said.",
                         "2022-10-25"))
    assert inc["date"]["value"] == "2022-10-22"


@pytest.mark.parametrize("text", [
    "Security agents took him from his home in Ahvaz on Monday, his family said.",
    "Plainclothes agents took student Sara Rahimi to an undisclosed location in Tabriz on Monday, Hengaw said.",
])
def test_a_person_taken_from_home_or_to_an_untold_place_is_arrested(incidents, text):
    inc = _one(incidents(text, "2023-04-12"))
    assert inc["counts"]["arrested"]["min"] == 1


def test_things_taken_from_a_house_are_no_arrest(incidents):
    assert incidents("Agents took their phones from the house in Tabriz on Monday, Hengaw said.", "2023-04-12") == []


def test_a_doer_who_kills_himself_is_one_more_of_the_dead(incidents):
    for text in ("Three bank guards were shot dead in Shiraz on Saturday by a gunman who then killed himself, police "
                 "said.", "A gunman killed himself after shooting dead three guards at a bank in Shiraz on Saturday, "
                 "police said."):
        assert _killed(_one(incidents(text, "2025-01-20"))) == 4, text


def test_an_aircraft_that_strikes_is_an_air_strike(incidents):
    inc = _one(incidents("Drones struck a fuel depot near Kermanshah on Saturday, IRNA said.", "2024-10-27"))
    assert (inc["type"], inc["sub_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    inc = _one(incidents("Truck drivers struck on Saturday in Bandar Abbas over fuel prices, ILNA said.", "2024-10-27"))
    assert inc["type"] == "Protests"


def test_a_building_gutted_by_arson_is_property_destruction(incidents):
    inc = _one(incidents("Arsonists gutted the office of a cleric in Kazerun on Sunday, local officials said.",
                         "2024-06-03"))
    assert inc["sub_type"] == "Looting/property destruction" and inc["date"]["value"] == "2024-06-02"


def test_named_wounded_are_counted(incidents):
    inc = _one(incidents("Farmers Reza Amini and Saeed Karimi were wounded when police fired on them near Baneh on "
                         "Sunday, Hengaw said.", "2023-10-16"))
    assert inc["counts"]["injured"]["min"] == 2


@pytest.mark.parametrize("text", [
    "A blast tore through a warehouse in Qom on Saturday, killing four workers; officials blamed a gas cylinder.",
    "An explosion at a fuel depot near Arak killed two guards on Monday; officials put it down to a chemical cargo.",
])
def test_a_blast_put_down_to_a_cargo_or_cylinder_is_no_incident(incidents, text):
    assert incidents(text, "2025-04-28") == []


# a crowd that burns property riots (ACLED's mob violence); the state's forces that kill armed men fight a battle;
# unarmed victims, or armed men who kill villagers, stay violence against civilians
@pytest.mark.parametrize(("text", "event_type"), [
    ("Young men torched a police station in Izeh on Wednesday night, Tasnim reported.", "Riots"),
    ("An angry crowd set fire to a bank in Javanrud on Tuesday, Fars said.", "Riots"),
    ("Security forces killed two members of a terrorist team near Saravan on Tuesday, IRNA said.", "Battles"),
    ("Police shot dead four armed bandits in a raid on their hideout near Iranshahr on Tuesday, IRNA said.", "Battles"),
    ("The Revolutionary Guards smashed an armed gang near Khash on Tuesday, killing three of its members, Tasnim said.",
     "Battles"),
    ("Border guards shot dead a fuel smuggler near Saravan on Tuesday, Haalvsh said.", "Violence against civilians"),
    ("Militants attacked a village near Saravan on Tuesday, killing two of its residents, IRNA said.",
     "Violence against civilians"),
])
def test_who_burns_or_is_harmed_decides_the_type(incidents, text, event_type):
    inc = _one(incidents(text, "2023-04-12"))
    assert inc["type"] == event_type, inc


# --- batches 25-26 (issue 19, sixteenth session): their classes of miss, on sentences written here ------------
def test_a_protest_in_a_clause_on_the_dead_persons_apposition_says_who_died(incidents):
    inc = _one(incidents("Sara Karimi, a 30-year-old nurse detained during protests in Sanandaj, died in custody on "
                         "Sunday, her family said.", "2023-04-12"))
    assert inc["type"] == "Violence against civilians" and _killed(inc) == 1


@pytest.mark.parametrize("text", [
    "Four prisoners were executed in Shiraz on Monday, among them Ali Rahimi and Nader Sohrabi, the rights group "
    "Hengaw said.",
    "Four prisoners were hanged in Shiraz on Monday, among them Ali Rahimi and Nader Sohrabi, the Oslo-based group "
    "Hengaw said.",
])
def test_names_listed_after_among_them_are_victims_not_the_source(incidents, text):
    inc = _one(incidents(text, "2023-04-12"))
    assert {"Ali Rahimi", "Nader Sohrabi"} <= {v["name"] for v in inc["victims"]}
    assert "Hengaw" in inc["claimant"] and "Rahimi" not in inc["claimant"]


def test_a_toll_figure_the_parser_hung_elsewhere_is_read_after_its_preposition(incidents):
    inc = _one(incidents("Police killed at least eight protesters in Mahabad on Monday, Hengaw said, while the governor "
                         "put the toll at two and blamed rioters.", "2023-04-12"))
    assert _killed(inc) == 2


def test_an_officials_province_and_a_town_in_it_are_one_place_for_one_toll(incidents):
    inc = _one(incidents("Four protesters were shot dead in Piranshahr on Monday, Hengaw said. The governor of West "
                         "Azerbaijan province put the toll at one.", "2023-04-12"))
    assert _killed(inc) == 1 and inc["place"]["name"] == "Piranshahr"
    inc = _one(incidents("Strikes over water cuts spread across Khuzestan province. On Monday police fired on "
                         "protesters in Shadegan, killing a man, activists said.", "2023-04-12"))
    assert inc["place"]["name"] == "Shadegan"


def test_people_also_harmed_in_a_next_sentence_add_to_the_figure(incidents):
    inc = _one(incidents("Three police officers were killed in a clash near Sarbaz on Monday, IRNA said. Two of the "
                         "gunmen were also killed.", "2023-04-12"))
    assert _killed(inc) == 5 and inc["type"] == "Battles"
    inc = _one(incidents("Police arrested 30 people in Tabriz on Monday. They also detained five journalists.",
                         "2023-04-12"))
    assert inc["counts"]["arrested"]["min"] == 35


@pytest.mark.parametrize("text", [
    "Steel workers in Ahvaz downed tools on Monday over unpaid wages, ILNA said.",
    "Bus drivers in Tabriz laid down their tools on Monday, ILNA said.",
    "Pharmacists in Rasht kept their pharmacies shut on Monday, ILNA said.",
])
def test_workers_who_lay_down_tools_or_close_their_workplaces_strike(incidents, text):
    assert _one(incidents(text, "2023-04-12"))["type"] == "Protests"


def test_deaths_from_cold_or_an_avalanche_are_no_incident(incidents):
    assert incidents("Three shepherds froze to death in a blizzard near Baneh on Monday, Hengaw said.", "2023-04-12") == []
    assert incidents("An avalanche killed two porters near Sardasht on Monday, Hengaw said.", "2023-04-12") == []


def test_he_who_died_of_his_wounds_is_one_dead(incidents):
    inc = _one(incidents("Police shot a young man during a protest in Bukan on Friday. He later succumbed to his "
                         "injuries, his brother said.", "2023-04-12"))
    assert _killed(inc) == 1


def test_a_village_whose_namesake_lies_far_from_the_town_it_is_near_gives_the_town(incidents):
    # GeoNames' Mirabad lies some 50 km from Mahabad: another village of that name
    inc = _one(incidents("Police raided the village of Mirabad near Mahabad on Friday and arrested two farmers, "
                         "Hengaw said.", "2023-04-12"))
    assert inc["place"]["name"] == "Mahabad"


def test_a_vehicle_fired_on_is_no_person_counted(incidents):
    inc = _one(incidents("Border guards fired on a car carrying fuel near Khash on Monday, killing three porters, "
                         "Haalvsh said.", "2023-04-12"))
    assert _killed(inc) == 3


@pytest.mark.parametrize("text", [
    "The governor said on Monday that reports that police had shot dead a student in Ilam were baseless.",
    "Claims that two prisoners had died under torture in Dizel Abad prison were false, the judiciary said on Monday.",
])
def test_a_report_called_false_is_a_denial(incidents, text):
    assert not any(_killed(i) for i in incidents(text, "2023-04-12"))


def test_people_hurt_are_injured_but_sanctions_that_hurt_are_no_incident(incidents):
    inc = _one(incidents("Eleven workers were hurt when police broke up a rally in Arak on Monday, ILNA said.",
                         "2023-04-12"))
    assert inc["counts"]["injured"]["min"] == 11
    assert incidents("Inflation has hurt pensioners across the country, the minister said on Monday.",
                     "2023-04-12") == []


def test_a_town_named_before_its_works_with_words_between_is_the_place(incidents):
    inc = _one(incidents("Workers of the Tabriz tractor-making company rallied on Monday over unpaid wages, ILNA "
                         "said.", "2023-04-12"))
    assert inc["place"]["name"] == "Tabriz"


def test_what_someone_criticised_beside_their_arrest_is_what_was_said(incidents):
    inc = _one(incidents("Police detained a footballer in Tabriz on Monday after he condemned the killing of "
                         "protesters, ILNA said.", "2022-12-18"))
    assert inc["type"] == "Strategic developments" and not _killed(inc)
    # alone, the condemned execution is still told
    assert _killed(_one(incidents("Rights groups condemned the execution of two men in Shiraz on Monday.",
                                  "2022-12-18"))) == 2


def test_people_also_harmed_in_a_later_clause_of_the_sentence_add_to_the_figure(incidents):
    inc = _one(incidents("Gunmen stormed a checkpoint near Saravan on Friday, killing four border guards, IRNA said, "
                         "adding that three of the gunmen were also killed.", "2023-12-15"))
    assert _killed(inc) == 7


def test_a_named_person_and_one_of_his_guards_are_two(incidents):
    inc = _one(incidents("A senior commander, Hassan Karimi, and one of his drivers were killed in a drone strike near "
                         "Kermanshah on Monday, the Guards said.", "2024-07-31"))
    assert _killed(inc) == 2
    inc = _one(incidents("Nader Sohrabi and Reza Amini were hanged in Qom on Monday, Hengaw said.", "2024-07-31"))
    assert _killed(inc) == 2


def test_state_men_killed_and_a_third_wounded_by_protesters_are_a_riot(incidents):
    inc = _one(incidents("Two police officers were killed and a third was wounded when protesters attacked them with "
                         "stones in Javanrud on Sunday, IRNA said.", "2022-11-28"))
    assert inc["type"] == "Riots"


@pytest.mark.parametrize("text", [
    "The mother of Reza Shahbazi said he had been shot dead by police in Sanandaj on Tuesday.",
    "Relatives of a young porter, Kaveh Rostami, said he was killed by border guards near Baneh on Tuesday.",
])
def test_the_one_harmed_told_by_a_pronoun_is_the_one_the_speaking_kin_are_kin_of(incidents, text):
    inc = _one(incidents(text, "2022-12-29"))
    assert [v["name"] for v in inc["victims"]] in (["Kaveh Rostami"], ["Reza Shahbazi"])


def test_the_relative_an_act_is_done_to_is_still_not_the_named_person(incidents):
    inc = _one(incidents("Police arrested the mother of Kaveh Rostami in Sanandaj on Tuesday, Hengaw said.",
                         "2022-12-29"))
    assert inc["victims"] == [] or all(v["name"] != "Kaveh Rostami" for v in inc["victims"])


# Batches 7-12 (issue 19), each written with its gold and committed before the system ran on it; the figure then,
# blind: 7 (34 English, after batch 6's fixes) 0.8988 (22/34); 8 (21, after batch 7's) 0.9612 (17/21); 9 (16, after
# batch 8's) 0.9125 (10/16); 10 (14, after batch 9's) 0.8857 (7/14); 11 (12, after batch 10's) 0.9483 (9/12); 12
# (10, after batch 11's) 0.9423 (7/10). After their classes of miss were fixed all read 1.0000 but batch 12 (0.9808:
# m09, a detention named in a clause about the workers released, was taken for an incident until batch 13's
# fixes). Batch 13 (20, after batch 12's): 0.7553 (12/20) -> 1.0000; 14 (20, after 13's) 0.8901 (10/20) -> 1.0000;
# 15 (20, after 14's) 0.9286 (15/20) -> 1.0000; 16 (20, after 15's) 0.7525 (11/20) -> 0.9703 (q05: two sides'
# killings in one sentence merged; q15: the event-type model reads a protest's cause, "the killing of", as violence);
# 17 (18, after 16's) 0.9351 (14/18) -> 1.0000; 18 (18, after 17's) 0.7857 (13/18) -> 0.9405 (t03: a disappearance
# told only as "has not been heard from since she was summoned"); 19 (16, after 18's) 0.8857 (12/16) -> 1.0000;
# 20 (14, after 19's) 0.8939 (8/14) -> 0.9394 (10/14); 21 (12, after 20's) 0.9643 (10/12) -> 0.9821 (w08: a town
# GeoNames' cities500 lacks, Malekshahi); 22 (16, after 21's) 0.9744 (14/16) -> 1.0000 (a name hung on the verb; a crowd
# torching a police station typed a strategic development); 23 (15, after 22's) 0.9538 (12/15) -> 0.9846 (y06: a road
# blocked with tractors, which the event-type model reads as a violent demonstration; ACLED's code book counts
# road-blocking with barricades as one, so the gold's "peaceful" is itself doubtful); 24 (12, after 23's) 0.8814 (9/12)
# -> 1.0000 (an assailant "who then killed himself"; "warplanes struck"; "gutted", lemmatised "gutte"); 25 (19, after
# 24's) 0.9222 (13/19) -> 0.9778 (y25_09: "Gunmen on a motorbike shot dead X" parsed with the name under "on");
# 26 (17, after 25's) 0.9091 (14/17) -> 1.0000; 27 (17, after 26's) 0.9367 (12/17) -> 1.0000; 28 (16, after 27's)
# 0.9861 (15/16) -> 1.0000; 29 (16, after 28's) 0.9733 (14/16) -> 0.9867 (y29_14: "suspected poison gas attacks on two
# schools" typed a chemical weapon, the gold's violence against civilians); 30 (16, after 29's) 0.8846 (12/16) -> 0.9231
# (y30_15: "detained her father" parsed as a conjunct of the relative clause "where Mahsa Amini is buried").
# Batches 31-35 (sixteenth session), written together before any run, each aimed at one class batches 16-21 left:
# 31 (14, two sides' harm in one sentence) 0.8197 -> 0.9508 (x31_02: a parse that hangs the victims on "said";
# x31_05: one battle's dead on both sides added, the gold counts one side); 32 (15, a protest's cause) 0.9167 ->
# 1.0000; 33 (14, a disappearance told by an absence) 0.6250 -> 1.0000; 34 (14, a person named before) 0.8732 ->
# 0.9859 (x34_08: the name tagged an organisation); 35 (14, towns) 0.9583 -> 1.0000. Batch 16 reads 1.0000 since
# (q05: the two sides' killings apart).
@pytest.mark.parametrize(("batch", "floor"), [(7, 0.99), (8, 0.99), (9, 0.99), (10, 0.99), (11, 0.99), (12, 0.99),
                                              (13, 0.99), (14, 0.99), (15, 0.99), (16, 0.99), (17, 0.99), (18, 0.99),
                                              (19, 0.99), (20, 0.98), (21, 0.98), (22, 0.99),
                                              (23, 0.98), (24, 0.99), (25, 0.97), (26, 0.99),
                                              (27, 0.99), (28, 0.99), (29, 0.98), (30, 0.99),
                                              (31, 0.98), (32, 0.99), (33, 0.99), (34, 0.99), (35, 0.99),
                                              # seventeenth session, written without reading the rules (first runs 0.92, 0.85,
                                              # 0.79, 0.86, 0.89; 0.92, 0.87, 0.77, 0.86)
                                              (36, 0.97), (37, 0.99), (38, 0.95), (39, 0.98), (40, 0.95),
                                              (41, 0.93), (42, 0.88), (43, 0.83), (44, 0.87),
                                              # eighteenth session (enblind9), written without reading the rules: air and
                                              # drone strikes, armed attacks, state media's arrests, ticker briefs (first
                                              # runs 0.87, 0.94, 0.85, 1.00)
                                              (53, 0.97), (54, 0.98), (55, 0.99), (56, 0.99),
                                              # enblind7, written without reading the rules (first runs 0.91, 0.96,
                                              # 0.96, 0.98, 0.95; pooled 296/311 = 0.95)
                                              (45, 0.98), (46, 0.99), (47, 0.99), (48, 0.99), (49, 0.99),
                                              # eighteenth session (enblind8), written without reading the rules
                                              # (first runs 0.90, 0.89, 0.72)
                                              (50, 0.96), (51, 0.96), (52, 0.81),
                                              # enblind12, written without reading the rules: features, UN and NGO
                                              # releases, broadcast scripts, economic unrest (first runs 0.89, 0.85,
                                              # 0.89, 0.93; pooled 284/320 = 0.8875)
                                              (65, 0.95), (66, 0.97), (67, 0.96), (68, 0.99),
                                              # enblind11, written without reading the rules: period totals and
                                              # estimation verbs, protests and detentions, mixed casualties and
                                              # places by landmarks, monitors' later reports and corrections (first
                                              # runs 0.73, 0.82, 0.86, 0.87; pooled 236/285 = 0.83)
                                              (61, 0.94), (62, 0.99), (63, 0.96), (64, 0.98),
                                              # enblind10, written without reading the rules: wire copy on executions,
                                              # exile outlets, border violence, NGO/UN round-ups (first runs 0.90, 0.94,
                                              # 0.96, 0.86; pooled 270/294 = 0.92)
                                              (57, 0.99), (58, 0.98), (59, 0.99), (60, 0.99),
                                              # enblind13, written without reading the rules: prison news,
                                              # insurgent and cross-border violence, verification-desk copy, weekly
                                              # digests and timelines (first runs 0.94, 0.92, 0.85, 0.88; pooled
                                              # 288/321 = 0.90)
                                              (69, 0.97), (70, 0.96), (71, 0.92), (72, 0.96),
                                              # enblind14, written without reading the rules: Iranian state English
                                              # outlets, public figures (arrests, summonses, bail), economic and
                                              # environmental protests, legal and diplomatic copy (first runs 0.93,
                                              # 0.89, 0.92, 0.80; pooled 247/276 = 0.89)
                                              (73, 0.99), (74, 0.97), (75, 0.99), (76, 0.99),
                                              # twenty-first session (enblind15), written without reading the rules:
                                              # university and student news, religious minorities, press-freedom
                                              # releases, cross-border violence reported from outside Iran (first runs
                                              # 0.90, 0.85, 0.90, 0.89; pooled 257/290 = 0.886)
                                              (77, 0.98), (78, 0.96), (79, 0.98), (80, 0.98),
                                              # twenty-first session, enblind16, written without reading the rules:
                                              # photo captions and video-verification notes, anniversary and memorial
                                              # coverage, Q&A transcripts, analysis briefs mixed with non-political
                                              # deaths (first runs 0.91, 0.89, 0.71, 0.83; pooled 233/277 = 0.84);
                                              # 81 and 82 one check below their after-fix figures: a near tie in
                                              # each (81-07's date, 82-16's type) was seen to flip between runs
                                              (81, 0.93), (82, 0.97), (83, 0.92), (84, 1.0)])
def test_the_later_blind_batches_score_with_the_shared_scorer(tmp_path, batch, floor):
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(Path(__file__).parent / "data" / f"news_slots_blind_{batch}.jsonl", tmp_path / "pred.jsonl")
    assert float(line.split()[0].split("=")[1]) >= floor, line


# --- seventh blind batch (Persian, news_slots_blind_fa_7): its classes of miss, on sentences written here ------
@pytest.fixture(scope="module")
def incidents_fa(nlp):
    from rasad.analysis.pipeline import analyze
    from rasad.records import Report

    def run(text: str, published: str = "2023-02-14") -> list[dict]:
        report = Report(id="t", sha256="t", text=text, published_at=published, language="fa")
        return [i for i in analyze(report, nlp=nlp).incidents if not i["background"]]

    return run


def test_a_bulletins_according_to_the_information_of_names_the_claimant(incidents_fa):
    inc = _one(incidents_fa("بنا به اطلاع هه‌نگاو، روز دوشنبه یک کولبر در نزدیکی پیرانشهر با شلیک مرزبانان زخمی شد."))
    assert "هه‌نگاو" in inc["claimant"] and inc["counts"]["injured"]["min"] == 1


@pytest.mark.parametrize(("text", "name", "day"), [
    ("به گزارش هرانا، بامداد امروز سه‌شنبه، رضا نادری، کارگر ۴۰ ساله اهل مریوان، در نزدیکی این شهر با شلیک ماموران "
     "جان باخت.", "رضا نادری", "2023-02-14"),
    ("به گزارش خبرگزاری تسنیم، سعید کرمی، از پاسداران سپاه، شامگاه یکشنبه در درگیری با اشرار در ایرانشهر به شهادت "
     "رسید.", "سعید کرمی", "2023-02-12"),
])
def test_a_named_subject_after_the_source_and_the_time_is_the_one_killed(incidents_fa, text, name, day):
    inc = _one(incidents_fa(text))
    assert _killed(inc) == 1 and [v["name"] for v in inc["victims"]] == [name] and inc["date"]["value"] == day


def test_a_relative_clause_of_what_had_happened_gives_neither_the_date_nor_the_place(incidents_fa):
    inc = _one(incidents_fa("به گزارش هه‌نگاو، کامران رحیمی که سه ماه پیش در مهاباد بازداشت شده بود، روز یکشنبه در "
                            "زندان ارومیه جان باخت."))
    assert inc["date"]["value"] == "2023-02-12" and inc["place"]["geonameid"] == 121801 and _killed(inc) == 1


def test_a_place_in_the_sources_name_is_not_where_it_happened(incidents_fa):
    inc = _one(incidents_fa("به گزارش کمیته حقوق بشر کردستان، دو کارگر اهل مریوان روز شنبه در مرز این شهرستان با "
                            "شلیک نظامیان زخمی شدند."))
    assert inc["place"]["geonameid"] == 124778 and inc["counts"]["injured"]["min"] == 2


def test_an_officials_toll_with_his_jurisdiction_is_the_same_deaths(incidents_fa):
    incs = incidents_fa("به گزارش هرانا، روز شنبه در پی شلیک ماموران به سوی معترضان در خاش دست‌کم نه نفر کشته شدند. "
                        "فرماندار خاش اما شمار کشته‌شدگان این رویداد را سه نفر اعلام کرد.")
    inc = _one(incs)
    assert _killed(inc) == 3 and "contradictory-counts" in inc["flags"]
    assert "فرماندار خاش" in inc["claimant"] and "اما" not in inc["claimant"]


def test_an_attack_noun_takes_its_doer_across_a_time(incidents_fa):
    inc = _one(incidents_fa("خبرگزاری ایرنا گزارش داد در حمله مسلحانه شامگاه شنبه افراد ناشناس به پاسگاه انتظامی در "
                            "خاش، یک مامور به شهادت رسید."))
    assert (inc["type"], inc["sub_type"]) == ("Battles", "Armed clash") and inc["date"]["value"] == "2023-02-11"



def test_an_outlets_wire_copy_after_a_colon_is_its_claim(incidents_fa):
    inc = _one(incidents_fa("خبرگزاری تسنیم: ماموران انتظامی ۲۰ نفر از اراذل و اوباش را در مشهد دستگیر کردند."))
    assert "تسنیم" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 20



def test_a_trailing_attribution_claims_the_sentence_before_it(incidents_fa):
    inc = _one(incidents_fa("در پی دو انفجار تروریستی روز دوشنبه در کرمان، دست‌کم ۲۰ نفر جان باختند و ۴۰ نفر زخمی "
                            "شدند، به گفته رئیس سازمان اورژانس کشور."))
    assert "اورژانس" in inc["claimant"] and (_killed(inc), inc["counts"]["injured"]["min"]) == (20, 40)
    assert inc["type"] == "Explosions/Remote violence" and inc["date"]["value"] == "2023-02-13"


def test_according_to_the_information_received_by_names_the_claimant(incidents_fa):
    inc = _one(incidents_fa("بر اساس اطلاعات دریافتی هرانا، ماموران روز شنبه در سنندج با شلیک ساچمه سه معترض را زخمی "
                            "کردند."))
    assert "هرانا" in inc["claimant"] and inc["counts"]["injured"]["min"] == 3





def test_an_officials_town_is_the_place_when_the_sentence_names_no_other(incidents_fa):
    inc = _one(incidents_fa("فرماندار سراوان از هلاکت دو قاچاقچی مسلح در درگیری با ماموران انتظامی در ارتفاعات این "
                            "شهرستان خبر داد."))
    assert inc["place"]["geonameid"] == 1159713 and _killed(inc) == 2


def test_a_landmark_followed_by_its_town_is_in_that_town(incidents_fa):
    inc = _one(incidents_fa("شامگاه دوشنبه ماموران با شلیک گاز اشک‌آور تجمع مردم در میدان آزادی شهر اراک را متفرق "
                            "کردند."))
    assert inc["place"]["geonameid"] == 143127


def test_a_sources_name_in_guillemets_is_the_claimant(incidents_fa):
    inc = _one(incidents_fa("به گزارش «هرانا»، روز دوشنبه نیروهای امنیتی در شهر اشنویه سه جوان را بازداشت کردند."))
    assert "هرانا" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 3
    inc = _one(incidents_fa("زندانیان سیاسی زندان اوین از روز سه‌شنبه دست به اعتصاب غذا زده‌اند، به گزارش کمپین "
                            "«سه‌شنبه‌های نه به اعدام»."))
    assert "نه به اعدام" in inc["claimant"]


# --- fifteenth Persian batch (news_slots_blind_fa_15): its classes of miss, on sentences written here -------
@pytest.mark.parametrize(("text", "claimant"), [
    ("کمیته پیگیری وضعیت بازداشت‌شدگان: ماموران روز دوشنبه دو دانشجو را در تبریز بازداشت کردند.", "کمیته پیگیری"),
    ("هرانا: سه کارگر معدن روز یکشنبه در کرمان بازداشت شدند.", "هرانا"),
])
def test_a_monitors_name_before_a_colon_claims_its_full_stopped_copy(incidents_fa, text, claimant):
    inc = _one(incidents_fa(text))
    assert claimant in inc["claimant"] and inc["counts"]["arrested"]["min"] in (2, 3)


@pytest.mark.parametrize("text", ["مغازه‌داران بازار بانه روز پنجشنبه مغازه‌های خود را باز نکردند.",
                                  "بازار بانه روز پنجشنبه در اعتراض به گرانی تعطیل ماند."])
def test_shops_left_shut_are_a_strike(incidents_fa, text):
    inc = _one(incidents_fa(text))
    assert inc["type"] == "Protests" and inc["place"]["geonameid"] == 141584 and inc["date"]["value"] == "2023-02-09"


def test_the_eulogys_martyrdom_is_a_death_and_both_sides_dead_add_up(incidents_fa):
    inc = _one(incidents_fa("دو مرزبان روز دوشنبه در درگیری با قاچاقچیان مسلح در حوالی میرجاوه به فیض شهادت نائل "
                            "آمدند."))
    assert _killed(inc) == 2 and inc["type"] == "Battles"
    inc = _one(incidents_fa("در درگیری مسلحانه روز یکشنبه در سراوان، دو مامور به درجه رفیع شهادت نائل آمدند و سه "
                            "مهاجم به هلاکت رسیدند."))
    assert _killed(inc) == 5


@pytest.mark.parametrize(("text", "names"), [
    ("خانواده حمید مرادی و امید رضایی اعلام کردند که این دو کارگر روز دوشنبه در سقز با شلیک ماموران کشته شدند.",
     ["حمید مرادی", "امید رضایی"]),
    ("مادر سینا قنبری گفت که وی روز شنبه در زندان اوین جان باخت.", ["سینا قنبری"]),
])
def test_the_names_the_kin_word_governs_are_the_dead_the_subject_points_back_to(incidents_fa, text, names):
    inc = _one(incidents_fa(text))
    assert [v["name"] for v in inc["victims"]] == names and _killed(inc) == len(names)


# --- sixteenth Persian batch (news_slots_blind_fa_16): its classes of miss, on sentences written here -------
def test_a_broadcasters_name_before_a_colon_claims_its_copy(incidents_fa):
    inc = _one(incidents_fa("تلویزیون دولتی: ماموران روز سه‌شنبه ۱۲ نفر را در اراک بازداشت کردند."))
    assert "تلویزیون" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 12


@pytest.mark.parametrize(("text", "claimant"), [
    ("دو زن روز دوشنبه در زندان قزلحصار اعدام شدند. این خبر را سازمان حقوق بشر ایران تأیید کرد.", "حقوق بشر ایران"),
    ("یک زندانی روز یکشنبه در زندان شیراز اعدام شد؛ هرانا خبر این اعدام را منتشر کرد.", "هرانا"),
])
def test_a_clause_that_names_what_came_before_as_news_gives_its_source(incidents_fa, text, claimant):
    assert claimant in _one(incidents_fa(text))["claimant"]


def test_a_clash_with_bandits_is_a_battle(incidents_fa):
    inc = _one(incidents_fa("در درگیری روز یکشنبه ماموران انتظامی با اشرار مسلح در حوالی خاش دو مامور زخمی شدند."))
    assert inc["type"] == "Battles" and inc["counts"]["injured"]["min"] == 2


@pytest.mark.parametrize(("text", "killed"), [
    ("حکم اعدام این زندانی صبح امروز در زندان ارومیه اجرا شد.", 1),
    ("حکم قصاص قاتل سه رهگذر صبح امروز در زندان ارومیه اجرا شد.", 1),
    ("حکم اعدام زندانیان سیاسی صبح امروز در زندان ارومیه اجرا شد.", None),
])
def test_an_execution_of_one_named_by_a_singular_noun_is_one_death(incidents_fa, text, killed):
    assert _killed(_one(incidents_fa(text))) == killed


def test_the_figure_after_the_comma_is_the_acts_not_the_sides_before_it(incidents_fa):
    inc = _one(incidents_fa("در نزاع دسته‌جمعی دو خانواده در روستایی در حومه دهلران، یک نفر کشته و چهار نفر زخمی "
                            "شدند."))
    assert (_killed(inc), inc["counts"]["injured"]["min"]) == (1, 4)


# --- seventeenth Persian batch (news_slots_blind_fa_17): its classes of miss, on sentences written here -----
def test_a_student_agencys_bulletin_before_a_colon_is_its_claim(incidents_fa):
    inc = _one(incidents_fa("ایسنا: دو کارگر روز دوشنبه در پی ریزش معدن در طبس بازداشت شدند."))
    assert "ایسنا" in inc["claimant"]


def test_a_weekday_with_its_night_joined_is_that_day(incidents_fa):
    inc = _one(incidents_fa("در درگیری تماشاگران پس از بازی شنبه‌شب در ورزشگاه آزادی تهران، ده نفر مصدوم شدند."))
    assert inc["date"]["value"] == "2023-02-11" and inc["counts"]["injured"]["min"] == 10


@pytest.mark.parametrize("text", ["مردان مسلح روز دوشنبه دو کارگر را در نزدیکی سراوان ربودند.",
                                  "افراد مسلح روز دوشنبه دو کارگر را در نزدیکی سراوان به گروگان گرفتند."])
def test_the_doers_verb_of_an_abduction_is_an_abduction(incidents_fa, text):
    inc = _one(incidents_fa(text))
    assert inc["sub_type"] == "Abduction/forced disappearance" and inc["date"]["value"] == "2023-02-13"


def test_shutters_pulled_down_are_a_strike(incidents_fa):
    inc = _one(incidents_fa("کسبه بازار سقز روز شنبه کرکره‌ها را پایین کشیدند."))
    assert inc["type"] == "Protests" and inc["place"]["geonameid"] == 117392


def test_the_town_at_the_end_of_an_offices_name_is_the_place(incidents_fa):
    inc = _one(incidents_fa("ده‌ها تن از معلمان روز دوشنبه مقابل اداره آموزش و پرورش سقز تجمع کردند."))
    assert inc["place"]["geonameid"] == 117392


# --- eighteenth Persian batch (news_slots_blind_fa_18): its classes of miss, on sentences written here ------
def test_martyrdom_with_people_counted_after_it_is_a_death_testimony_is_not(incidents_fa):
    inc = _one(incidents_fa("معاون استاندار از شهادت دو مرزبان در درگیری با قاچاقچیان در حوالی سراوان خبر داد."))
    assert _killed(inc) == 2 and inc["place"]["geonameid"] == 1159713
    assert incidents_fa("دادستان گفت شهادت دو شاهد عینی در دادگاه ثبت شد.") == []


def test_what_a_protest_verb_takes_after_be_is_its_cause(incidents_fa):
    inc = _one(incidents_fa("صدها نفر از ساکنان سنندج شامگاه دوشنبه با سر دادن شعار به اعدام دو معترض اعتراض "
                            "کردند."))
    assert inc["type"] == "Protests" and _killed(inc) is None


def test_a_news_clause_with_words_before_the_demonstrative(incidents_fa):
    inc = _one(incidents_fa("یک زندانی روز دوشنبه در زندان اوین اعدام شد؛ خبرگزاری میزان خبر اجرای این حکم را "
                            "منتشر کرد."))
    assert "میزان" in inc["claimant"] and _killed(inc) == 1


def test_beaten_and_hurt_is_injured(incidents_fa):
    inc = _one(incidents_fa("سه زندانی روز یکشنبه در زندان ارومیه به دست زندانبانان مضروب شدند."))
    assert inc["counts"]["injured"]["min"] == 3


def test_the_town_after_a_facilitys_longer_name(incidents_fa):
    inc = _one(incidents_fa("ده‌ها کارگر روز دوشنبه مقابل معدن مس سرچشمه رفسنجان تجمع کردند."))
    assert inc["place"]["name"] == "Rafsanjan"


def test_a_sentence_naming_the_event_before_adds_its_further_dead(incidents_fa):
    text = ("در درگیری روز دوشنبه مرزبانان با قاچاقچیان مسلح در حوالی سراوان، یک مرزبان جان باخت. در این درگیری دو "
            "قاچاقچی نیز کشته شدند.")
    inc = _one(incidents_fa(text))
    assert inc["type"] == "Battles" and _killed(inc) == 3
    # without "نیز" the second figure is the other side's count of the same dead: the lowest stands
    inc = _one(incidents_fa(text.replace("دو قاچاقچی نیز", "به گفته منابع محلی سه نفر")))
    assert _killed(inc) == 1


def test_everyone_pointed_back_to_is_named_by_what_they_owned(incidents_fa):
    inc = _one(incidents_fa("ماموران روز دوشنبه به سوی خودروی رضا احمدی و حسن کریمی در سراوان شلیک کردند و هر دو "
                            "نفر جان باختند."))
    assert [v["name"] for v in inc["victims"]] == ["رضا احمدی", "حسن کریمی"] and _killed(inc) == 2


# --- nineteenth Persian batch (news_slots_blind_fa_19): its classes of miss, on sentences written here ------
def test_an_exchange_of_fire_is_a_battle(incidents_fa):
    inc = _one(incidents_fa("در تبادل آتش میان مرزبانان و افراد مسلح در حوالی سراوان، یک مرزبان زخمی شد."))
    assert inc["type"] == "Battles" and inc["counts"]["injured"]["min"] == 1


def test_a_participle_with_its_object_marked_is_done_by_the_subject(incidents_fa):
    inc = _one(incidents_fa("ماموران روز دوشنبه با حمله به تجمع معلمان در سقز، پنج معلم را مجروح و دو نفر را "
                            "بازداشت کردند."))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Excessive force against protesters")
    assert (inc["counts"]["injured"]["min"], inc["counts"]["arrested"]["min"]) == (5, 2)


def test_an_act_in_the_past_perfect_beside_the_event_is_background(incidents_fa):
    inc = _one(incidents_fa("یک زندانی روز دوشنبه در زندان ارومیه اعدام شد؛ به گفته خانواده‌اش او سه سال پیش "
                            "بازداشت شده بود."))
    assert _killed(inc) == 1 and inc["counts"]["arrested"] is None


def test_full_names_after_a_noun_act_are_its_victims(incidents_fa):
    inc = _one(incidents_fa("فعالان محلی از جان باختن رضا کریمی و حسن مرادی در تیراندازی ماموران در سقز در روز "
                            "دوشنبه خبر دادند."))
    assert [v["name"] for v in inc["victims"]] == ["رضا کریمی", "حسن مرادی"] and _killed(inc) == 2
    inc = _one(incidents_fa("در پی انتشار خبر مرگ رضا کریمی، صدها نفر روز دوشنبه در سقز تجمع کردند."))
    assert inc["type"] == "Protests" and _killed(inc) is None and inc["victims"] == []


def test_who_gives_the_figure_claims_it(incidents_fa):
    inc = _one(incidents_fa("صبح دوشنبه در زندان قزلحصار درگیری رخ داد؛ قوه قضاییه شمار کشته‌شدگان را دو زندانی "
                            "اعلام کرد."))
    assert "قوه قضاییه" in inc["claimant"] and _killed(inc) == 2


# --- twentieth Persian batch (news_slots_blind_fa_20): its classes of miss, on sentences written here -------
def test_the_doers_verb_of_martyrdom_is_a_death(incidents_fa):
    inc = _one(incidents_fa("مهاجمان مسلح روز دوشنبه با حمله به پاسگاه انتظامی در خاش سه مامور را به شهادت "
                            "رساندند."))
    assert _killed(inc) == 3 and inc["type"] == "Battles"


def test_a_figure_of_people_right_after_the_source_is_counted(incidents_fa):
    inc = _one(incidents_fa("ماموران روز دوشنبه در سنندج به تجمع کنندگان حمله کردند و به گفته دادستان سنندج ۱۲ نفر "
                            "بازداشت شدند."))
    assert inc["counts"]["arrested"]["min"] == 12


# --- twenty-first Persian batch (news_slots_blind_fa_21): its classes of miss, on sentences written here -----
def test_a_brawl_is_mob_violence(incidents_fa):
    inc = _one(incidents_fa("در نزاع دسته‌جمعی دو خانواده در روستایی نزدیک ایذه روز دوشنبه یک نفر کشته شد."))
    assert (inc["type"], inc["sub_type"]) == ("Riots", "Mob violence") and _killed(inc) == 1
    inc = _one(incidents_fa("پس از بازی روز جمعه در شیراز تماشاگران دو تیم به جان یکدیگر افتادند و پنج نفر زخمی شدند."))
    assert inc["type"] == "Riots" and inc["counts"]["injured"]["min"] == 5


def test_an_operation_of_the_state_against_an_armed_group_is_a_battle(incidents_fa):
    inc = _one(incidents_fa("در عملیات روز دوشنبه نیروهای سپاه علیه یک گروهک تروریستی در حوالی خاش، دو عضو این "
                            "گروهک به هلاکت رسیدند و یک پاسدار به شهادت رسید."))
    assert inc["type"] == "Battles" and _killed(inc) == 3


def test_a_gathering_before_a_bank_is_a_peaceful_protest(incidents_fa):
    inc = _one(incidents_fa("مالباختگان یک موسسه اعتباری روز دوشنبه مقابل ساختمان بانک مرکزی در تهران گرد هم آمدند."))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Peaceful protest")
    assert inc["place"]["geonameid"] == 112931


def test_a_police_headquarters_names_its_town(incidents_fa):
    inc = _one(incidents_fa("مهاجمان مسلح شامگاه دوشنبه به مقر فرماندهی انتظامی سراوان حمله کردند."))
    assert inc["place"]["geonameid"] == 1159713


def test_a_tehran_university_named_without_its_town(incidents_fa):
    inc = _one(incidents_fa("ماموران روز دوشنبه ده‌ها دانشجو را در دانشگاه علامه طباطبایی بازداشت کردند."))
    assert inc["place"]["geonameid"] == 112931


def test_the_source_of_a_mid_sentence_according_to_ends_at_the_figure(incidents_fa):
    inc = _one(incidents_fa("ماموران روز دوشنبه به تجمع کشاورزان در اصفهان حمله کردند و به گفته فرماندار اصفهان "
                            "۹ نفر بازداشت شدند."))
    assert "فرماندار" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 9
    inc = _one(incidents_fa("در این حادثه روز دوشنبه در اهواز دو نفر جان باختند، به گفته رئیس اورژانس اهواز."))
    assert "اورژانس" in inc["claimant"] and _killed(inc) == 2


def test_iran_international_opens_its_bulletin(incidents_fa):
    inc = _one(incidents_fa("ایران اینترنشنال: ماموران روز دوشنبه در سنندج پنج معلم را بازداشت کردند."))
    assert "Iran International" in inc["claimant"]


# --- twenty-second Persian batch (news_slots_blind_fa_22): its classes of miss, on sentences written here ----
def test_a_report_that_reached_a_monitor_is_the_monitors(incidents_fa):
    inc = _one(incidents_fa("بر اساس گزارش رسیده به هه‌نگاو، ماموران روز دوشنبه سه شهروند را در بوکان بازداشت "
                            "کردند."))
    assert "هه‌نگاو" in inc["claimant"] or "Hengaw" in inc["claimant"]


@pytest.mark.parametrize(("outlet", "name"), [("ایران‌وایر", "IranWire"), ("رادیو زمانه", "Radio Zamaneh"),
                                             ("ایندیپندنت فارسی", "Independent Persian"),
                                             ("یورونیوز فارسی", "Euronews Persian")])
def test_persian_outlets_abroad_open_their_bulletins(incidents_fa, outlet, name):
    inc = _one(incidents_fa(f"{outlet}: ماموران روز دوشنبه در زنجان چهار دانشجو را بازداشت کردند."))
    assert name in inc["claimant"]


def test_a_crowd_dispersed_had_gathered(incidents_fa):
    inc = _one(incidents_fa("کارگران یک کارخانه روز دوشنبه در اراک با حمله ماموران متفرق شدند و پنج نفر از آنان "
                            "زخمی شدند."))
    assert inc["type"] == "Protests" and inc["counts"]["injured"]["min"] == 5


def test_coming_before_an_office_to_demand_is_a_protest(incidents_fa):
    inc = _one(incidents_fa("جمعی از پرستاران صبح امروز با حضور مقابل ساختمان دانشگاه علوم پزشکی همدان خواستار "
                            "پرداخت معوقات خود شدند.", published="2024-03-04"))
    assert inc["type"] == "Protests" and inc["place"]["geonameid"] == 132144
    assert inc["date"]["value"] == "2024-03-04"


def test_a_denial_word_in_guillemets_denies(incidents_fa):
    assert incidents_fa("مقامات قضایی خبر مرگ یک زندانی در زندان اوین را «دروغ» خواندند.") == []
    assert incidents_fa("پلیس خبر بازداشت ده دانشجو در تبریز را «بی‌اساس» خواند.") == []


def test_an_arrest_joined_to_a_wound_by_and_shares_its_figure(incidents_fa):
    inc = _one(incidents_fa("در درگیری ماموران با اشرار مسلح در حوالی خاش روز دوشنبه دو تن از اشرار زخمی و دستگیر "
                            "شدند."))
    assert (inc["counts"]["injured"]["min"], inc["counts"]["arrested"]["min"]) == (2, 2)
    # "کشته و زخمی شدند" is one toll of both: not shared
    inc = _one(incidents_fa("در این حادثه روز دوشنبه در خاش ده نفر کشته و زخمی شدند."))
    assert _killed(inc) == 10 and inc["counts"]["injured"] is None


# --- fa_20's classes left open, on sentences written here ----------------------------------------------------
def test_a_day_named_before_the_event_beats_a_coarser_period(incidents_fa):
    inc = _one(incidents_fa("بازنشستگان فولاد صبح دیروز برای دومین بار در ماه جاری مقابل استانداری اصفهان تجمع "
                            "کردند.", published="2024-04-05"))
    assert (inc["date"]["value"], inc["date"]["precision"]) == ("2024-04-04", "day")


def test_harm_done_to_people_counted_is_an_injury_to_property_is_not(incidents_fa):
    inc = _one(incidents_fa("اغتشاشگران روز دوشنبه در قزوین به دو مامور پلیس آسیب رساندند."))
    assert inc["type"] == "Riots" and inc["counts"]["injured"]["min"] == 2
    assert incidents_fa("سیل روز دوشنبه به ده‌ها خانه در ایذه آسیب رساند.") == []


def test_the_one_an_agency_names_after_the_event_is_its_victim(incidents_fa):
    inc = _one(incidents_fa("یک مامور پلیس شامگاه دوشنبه در ایرانشهر هدف شلیک افراد ناشناس قرار گرفت و کشته شد؛ "
                            "خبرگزاری فارس او را حسین کرمی معرفی کرد."))
    assert [v["name"] for v in inc["victims"]] == ["حسین کرمی"] and _killed(inc) == 1


# --- twenty-third and twenty-fourth Persian batches (fa_23, fa_24): their classes of miss, on sentences written here
def test_an_execution_told_by_its_noun_first_takes_its_day_not_the_crimes_year(incidents_fa):
    inc = _one(incidents_fa("به گزارش میزان، حکم قصاص نفس علی کریمی، محکوم به قتل همسرش در سال ۱۴۰۰، صبح دوشنبه در "
                            "زندان اراک اجرا شد.", published="2024-01-10"))
    assert inc["date"]["value"] == "2024-01-08" and [v["name"] for v in inc["victims"]] == ["علی کریمی"]


def test_a_relative_who_speaks_names_the_dead_kin(incidents_fa):
    inc = _one(incidents_fa("پدر رضا نوری به ایران‌وایر گفت پسرش که دو هفته پیش در کرمانشاه بازداشت شده بود، روز "
                            "شنبه در بازداشتگاه جان باخته و ماموران پیکرش را شبانه به خاک سپرده‌اند."))
    assert [v["name"] for v in inc["victims"]] == ["رضا نوری"] and _killed(inc) == 1
    inc = _one(incidents_fa("خانواده مهدی اکبری می‌گویند او روز سه‌شنبه در زندان تبریز جان باخت."))
    assert [v["name"] for v in inc["victims"]] == ["مهدی اکبری"] and _killed(inc) == 1


def test_a_perfect_verb_outranks_the_participle_noun_it_spells(incidents_fa):
    inc = _one(incidents_fa("یک زندانی سیاسی روز یکشنبه در زندان قزلحصار جان باخته است."))
    assert _killed(inc) == 1


def test_a_team_of_n_counts_its_members(incidents_fa):
    inc = _one(incidents_fa("دادستان تبریز گفت اعضای یک باند پنج‌نفره که در سرقت‌های مسلحانه دست داشتند، روز جمعه در "
                            "تبریز دستگیر شدند.", published="2022-11-27"))
    assert inc["counts"]["arrested"]["min"] == 5 and inc["victims"] == []


def test_an_operation_that_only_arrests_is_no_clash(incidents_fa):
    inc = _one(incidents_fa("پلیس امنیت اعلام کرد اعضای یک شبکه سه نفره که قصد انجام عملیات تروریستی در مشهد را "
                            "داشتند، طی عملیاتی در این شهر بازداشت شدند."))
    assert inc["type"] == "Strategic developments" and inc["counts"]["arrested"]["min"] == 3
    assert inc["victims"] == []  # "قصد انجام": a plan's words, no name


def test_a_clash_with_smugglers_is_a_battle(incidents_fa):
    inc = _one(incidents_fa("به گزارش ایسنا، دو مامور پلیس در درگیری مسلحانه با قاچاقچیان مواد مخدر در نزدیکی "
                            "ایرانشهر زخمی شدند."))
    assert inc["type"] == "Battles" and inc["counts"]["injured"]["min"] == 2


def test_an_officials_title_before_a_colon_claims_the_line(incidents_fa):
    inc = _one(incidents_fa("فرمانده انتظامی شهرستان بم: در ناآرامی‌های شب گذشته در بم، ۴۰ نفر از اغتشاشگران "
                            "دستگیر شدند.", published="2022-09-27"))
    assert "فرمانده انتظامی" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 40


@pytest.mark.parametrize("text", ["ماموران عصر یکشنبه در قم جوانی را با شلیک گلوله زخمی کردند.",
                                  "ماموران گشت ارشاد روز یکشنبه در قم زنی ۳۰ ساله را مورد ضرب و شتم قرار دادند."])
def test_an_indefinite_person_as_the_object_is_one(incidents_fa, text):
    inc = _one(incidents_fa(text))
    assert inc["counts"]["injured"]["min"] == 1


def test_an_indefinite_student_arrested_is_one(incidents_fa):
    inc = _one(incidents_fa("ماموران امنیتی روز دوشنبه در قم دانشجویی را بازداشت کردند."))
    assert inc["counts"]["arrested"]["min"] == 1


# --- twenty-fifth Persian batch (fa_25): its classes of miss, on sentences written here ------------------------
def test_a_provinces_namesake_capital_is_meant_without_a_cue(incidents_fa):
    inc = _one(incidents_fa("پلیس فتا قم اعلام کرد دو نفر روز دوشنبه به اتهام کلاهبرداری بازداشت شدند."))
    assert inc["place"]["geonameid"] == 119208  # the town of Qom, not the province


def test_a_towns_seminary_is_in_the_town(incidents_fa):
    inc = _one(incidents_fa("به گزارش فارس، آشوبگران روز شنبه در ساختمان حوزه علمیه خمین آتش‌سوزی به پا کردند و "
                            "دو طلبه را زخمی کردند."))
    assert inc["place"]["geonameid"] == 127403


def test_last_evening_is_the_day_before(incidents_fa):
    inc = _one(incidents_fa("ماموران شامگاه گذشته در سنندج چهار جوان را بازداشت کردند.", published="2023-05-10"))
    assert inc["date"]["value"] == "2023-05-09"


def test_a_relative_clause_without_a_comma_ends_at_its_verb(incidents_fa):
    inc = _one(incidents_fa("به گزارش کردپا، ماموران روز شنبه در بوکان به سوی خودروی مردی ۳۰ ساله به نام سیروان احمدی "
                            "که به دستور ایست توجه نکرده بود تیراندازی کردند؛ وی از ناحیه پا مورد اصابت گلوله قرار "
                            "گرفت."))
    assert inc["counts"]["injured"]["min"] == 1
    assert [v["name"] for v in inc["victims"]] == ["سیروان احمدی"]  # not "خودروی مردی": one unnamed man


# --- twenty-sixth Persian batch (fa_26): its classes of miss, on sentences written here ------------------------
def test_an_identity_sentence_lists_names_between_commas(incidents_fa):
    inc = _one(incidents_fa("به گزارش کمپین فعالین بلوچ، دو سوخت‌بر روز پنجشنبه در نزدیکی راسک بر اثر شلیک مستقیم "
                            "ماموران سپاه جان باختند. هویت این دو نفر، عبدالله ریگی و جاسم بامری، اعلام شده است."))
    assert [v["name"] for v in inc["victims"]] == ["عبدالله ریگی", "جاسم بامری"]  # not "مستقیم ماموران"


@pytest.mark.parametrize("source", ["کانون دفاع از حقوق بشر", "کمیته حمایت از روزنامه‌نگاران"])
def test_an_organisations_name_goes_on_through_its_cause(incidents_fa, source):
    inc = _one(incidents_fa(f"به گزارش {source}، دو فعال مدنی روز سه‌شنبه در تهران بازداشت شدند."))
    assert source in inc["claimant"]


# --- twenty-seventh Persian batch (fa_27): its classes of miss, on sentences written here ----------------------
def test_information_that_reached_a_monitor_is_the_monitors(incidents_fa):
    inc = _one(incidents_fa("بر اساس اطلاعات رسیده به هه‌نگاو، ماموران روز دوشنبه در سنندج چهار شهروند بهایی را "
                            "بازداشت کردند."))
    assert "هه‌نگاو" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 4


def test_a_sources_name_is_no_victims(incidents_fa):
    inc = _one(incidents_fa("به گزارش سازمان حقوق بشر ایران، مردی ۴۰ ساله به نام کریم نادری صبح روز شنبه در زندان "
                            "اصفهان اعدام شد."))
    assert [v["name"] for v in inc["victims"]] == ["کریم نادری"] and _killed(inc) == 1


def test_last_fridays_prayers_date_the_event(incidents_fa):
    inc = _one(incidents_fa("پس از نماز جمعه گذشته در راسک، ماموران به سوی معترضان شلیک کردند و سه نفر زخمی شدند.",
                            published="2022-10-27"))
    assert inc["date"]["value"] == "2022-10-21"


def test_a_group_absent_from_class_or_work_is_a_strike(incidents_fa):
    inc = _one(incidents_fa("کارگران شرکت واحد اتوبوسرانی تهران روز دوشنبه در اعتراض به دستمزدها سر کار حاضر نشدند."))
    assert inc["type"] == "Protests"
    assert incidents_fa("این دانش‌آموز روز شنبه در کلاس حاضر نشد.") == []


def test_a_plural_people_word_is_no_part_of_a_name(incidents_fa):
    inc = _one(incidents_fa("دو سوخت‌بر روز پنجشنبه در نزدیکی سراوان بر اثر تیراندازی مستقیم مرزبانان جان باختند."))
    assert inc["victims"] == [] and _killed(inc) == 2


# --- twenty-eighth Persian batch (fa_28): its class of miss, on sentences written here -------------------------
def test_asking_people_to_gather_is_a_call(incidents_fa):
    assert incidents_fa("فعالان کارگری از کارگران خواسته‌اند روز شنبه در اعتراض به دستمزدها مقابل مجلس گرد هم "
                        "آیند.") == []
    inc = _one(incidents_fa("معترضان روز شنبه در سنندج با سر دادن شعار خواسته‌های خود را مطرح کردند."))
    assert inc["type"] == "Protests"
# --- fa_32's classes (an agency relaying a source, slogans), on sentences written here --------------------------
@pytest.mark.parametrize(("text", "relay", "source"), [
    ("به گزارش ایسنا به نقل از فرمانده انتظامی کرمانشاه، دو مرد روز شنبه در این شهر با شلیک ماموران زخمی شدند.",
     "ایسنا", "فرمانده انتظامی کرمانشاه"),
    ("به گزارش هه‌نگاو به نقل از منابع محلی، یک کولبر روز شنبه در نزدیکی بانه با شلیک مرزبانان زخمی شد.",
     "هه‌نگاو", "منابع محلی"),
])
def test_an_outlet_relaying_a_source_is_named_with_it_in_the_claimant(incidents_fa, text, relay, source):
    inc = _one(incidents_fa(text))
    assert inc["claimant"].startswith(f"{relay} به نقل از ") and source in inc["claimant"]


def test_an_outlet_that_reports_a_source_in_its_own_words_is_the_claimant(incidents_fa):
    inc = _one(incidents_fa("خبرگزاری مهر به نقل از یک منبع آگاه نوشت پنج نفر شامگاه جمعه در اهواز بازداشت شدند."))
    assert "مهر" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 5


@pytest.mark.parametrize("text", [
    "شماری از دانشجویان دانشگاه تبریز روز دوشنبه در حیاط دانشکده فنی شعار «مرگ بر ستمگر» سر دادند.",
    "ساکنان یک محله در کرج شب گذشته از پشت‌بام‌ها «زن، زندگی، آزادی» و «مرگ بر دیکتاتور» سر دادند.",
    "کارگران معترض روز یکشنبه در اراک با سر دادن شعار مرگ بر گرانی مقابل فرمانداری تجمع کردند.",
    "هواداران تیم ملی شامگاه جمعه در خیابان‌های رشت شعارهای ضدحکومتی سر دادند.",
])
def test_a_slogan_chanted_is_a_protest_and_death_to_is_no_death(incidents_fa, text):
    inc = _one(incidents_fa(text))
    assert inc["type"] == "Protests" and not _killed(inc)


def test_the_words_of_a_slogan_are_no_event_but_death_by_torture_is(incidents_fa):
    inc = _one(incidents_fa("در تجمع روز سه‌شنبه در سنندج، جمعیت شعار «شهید نمی‌میرد» سر داد و ماموران پنج نفر را "
                            "بازداشت کردند."))
    assert inc["type"] == "Protests" and not _killed(inc) and inc["counts"]["arrested"]["min"] == 5
    inc = _one(incidents_fa("به گزارش هرانا، مرگ بر اثر شکنجه یک زندانی در زندان مرکزی ارومیه روز شنبه تایید شد."))
    assert inc["type"] == "Violence against civilians"


@pytest.mark.parametrize("text", [
    "سخنگوی دولت در نشست خبری گفت برگزاری تجمع حق قانونی مردم است.",
    "رئیس اتحادیه گفت اعتصاب آخرین راه کامیون‌داران برای شنیده شدن صدایشان است.",
])
def test_protest_spoken_of_in_general_is_no_event(incidents_fa, text):
    assert incidents_fa(text) == []


def test_the_people_of_a_town_name_the_town(incidents_fa):
    inc = _one(incidents_fa("جمعی از مردم قم روز یکشنبه در اعتراض به قطعی برق مقابل استانداری تجمع کردند.",
                            published="2024-06-10"))
    assert inc["place"]["name"] == "Qom" and inc["date"]["value"] == "2024-06-09"


# --- fa_31's classes (deaths in custody, an execution's past-perfect background), on sentences written here -------
def test_the_day_a_past_perfect_relative_clause_tells_is_not_the_executions(incidents_fa):
    inc = _one(incidents_fa("حکم اعدام جوانی که در سال ۱۴۰۰ در یک نزاع خیابانی در قزوین مرتکب قتل شده بود، بامداد "
                            "امروز در زندان مرکزی این شهر اجرا شد.", published="2024-02-01"))
    assert inc["date"]["value"] == "2024-02-01" and _killed(inc) == 1  # "جوانی": one person


def test_one_of_them_was_x_names_a_victim_of_the_event_before(incidents_fa):
    inc = _one(incidents_fa("به گزارش هرانا، حکم اعدام سه زندانی بامداد امروز در زندان مرکزی قزوین اجرا شد. یکی از "
                            "آنان علی رستمی بود که چهار سال پیش بازداشت شده بود.", published="2024-02-01"))
    assert _killed(inc) == 3 and [v["name"] for v in inc["victims"]] == ["علی رستمی"]
    assert inc["date"]["value"] == "2024-02-01"


def test_a_named_subject_after_a_bulletins_colon_is_the_one_who_died(incidents_fa):
    inc = _one(incidents_fa("کردپا: کاوه رسولی، کارگر ۳۰ ساله که هفته گذشته بازداشت شده بود، روز دوشنبه در "
                            "بازداشتگاه اطلاعات جان باخت.", published="2023-01-12"))
    assert [v["name"] for v in inc["victims"]] == ["کاوه رسولی"] and _killed(inc) == 1
    assert inc["date"]["value"] == "2023-01-09"


@pytest.mark.parametrize(("text", "n"), [
    ("ماموران امنیتی روز سه‌شنبه مادر و خواهر یک زندانی سیاسی را در خانه‌شان در رشت بازداشت کردند.", 2),
    ("نیروهای امنیتی روز پنجشنبه پدر و برادر مهدی نوری، معترضی که ماه گذشته جان باخته بود، را در بوکان بازداشت "
     "کردند.", 2),
])
def test_relatives_listed_count_and_a_protester_who_had_died_is_no_protest(incidents_fa, text, n):
    inc = _one(incidents_fa(text, published="2023-12-09"))
    assert inc["counts"]["arrested"]["min"] == n and inc["type"] != "Protests" and not _killed(inc)


@pytest.mark.parametrize("text", [
    "به گفته خانواده‌اش، او دو روز پس از بازداشت در بازداشتگاه پلیس آگاهی شیراز جان باخته است.",
    "بستگان رضا امینی می‌گویند وی یک هفته پس از دستگیری در زندان مرکزی زاهدان جان‌باخته است.",
])
def test_a_death_in_custody_told_in_the_perfect_is_one_death(incidents_fa, text):
    inc = _one(incidents_fa(text, published="2023-05-20"))
    assert _killed(inc) == 1 and inc["type"] == "Violence against civilians"


def test_an_execution_told_by_its_identity_sentence_and_a_past_perfect_one(incidents_fa):
    inc = _one(incidents_fa("هویت زندانی اعدام‌شده در زندان مرکزی قزوین، رضا کاظمی، ۴۱ ساله، احراز شد. حکم او بامداد "
                            "دوشنبه به اتهام قاچاق مواد مخدر اجرا شده بود.", published="2024-03-14"))
    assert _killed(inc) == 1 and [v["name"] for v in inc["victims"]] == ["رضا کاظمی"]
    assert inc["date"]["value"] == "2024-03-11"
    inc = _one(incidents_fa("حکم این زندانی بامداد دوشنبه در زندان مرکزی قزوین اجرا شد.", published="2024-03-14"))
    assert _killed(inc) == 1 and inc["date"]["value"] == "2024-03-11"
    assert incidents_fa("حکم او به زودی اجرا خواهد شد.") == []  # the future: no execution yet


def test_an_agencys_short_name_before_a_colon_claims_its_copy(incidents_fa):
    inc = _one(incidents_fa("فارس: شماری از آشوبگران شامگاه شنبه در خیابان‌های مرکزی زاهدان به یک کلانتری حمله کردند "
                            "و دو مامور را زخمی کردند.", published="2022-10-09"))
    assert "فارس" in inc["claimant"] and inc["counts"]["injured"]["min"] == 2


def test_tear_gas_fired_is_an_intervention_and_names_nobody_pellets_stay_excessive_force(incidents_fa):
    inc = _one(incidents_fa("هواداران شامگاه جمعه در خیابان‌های رشت شعار سر دادند و ماموران با شلیک گاز اشک‌آور آنان "
                            "را پراکنده کردند.", published="2023-03-04"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Protest with intervention") and inc["victims"] == []
    inc = _one(incidents_fa("معترضان در زاهدان شعار دادند و ماموران با شلیک ساچمه دست‌کم پنج نفر را زخمی کردند.",
                            published="2023-03-04"))
    assert inc["sub_type"] == "Excessive force against protesters" and inc["victims"] == []
    assert inc["counts"]["injured"]["min"] == 5


def test_a_facilitys_town_beats_the_town_of_a_past_perfect_relative_clause(incidents_fa):
    inc = _one(incidents_fa("کاوه رسولی، کارگر ۳۰ ساله که هفته گذشته در مریوان بازداشت شده بود، روز دوشنبه در "
                            "بازداشتگاه سپاه سنندج جان باخت.", published="2023-01-12"))
    assert inc["place"]["name"] == "Sanandaj" and _killed(inc) == 1 and inc["date"]["value"] == "2023-01-09"


# --- fa_34's classes, on sentences written here ---------------------------------------------------------------
def test_an_outlet_citing_a_source_before_its_speech_verb_does_not_swallow_the_attackers(incidents_fa):
    inc = _one(incidents_fa("خبرگزاری تسنیم به نقل از فرماندار ایرانشهر اعلام کرد در حمله افراد مسلح به پاسگاه پلیس "
                            "شامگاه دوشنبه، دو مامور به شهادت رسیدند.", published="2024-04-09"))
    assert inc["type"] == "Battles" and _killed(inc) == 2


def test_burning_ones_own_things_is_a_protest_not_a_riot(incidents_fa):
    inc = _one(incidents_fa("دختران دبیرستانی در کرج روز دوشنبه روسری‌های خود را در حیاط مدرسه آتش زدند و شعار "
                            "دادند.", published="2024-04-09"))
    assert inc["type"] == "Protests"
    inc = _one(incidents_fa("جوانان معترض روز دوشنبه در کرج خودروی پلیس را به آتش کشیدند.", published="2024-04-09"))
    assert inc["type"] == "Riots"


def test_a_company_of_agriculture_is_no_killing_and_thieves_are_counted(incidents_fa):
    inc = _one(incidents_fa("کارگران شرکت کشت و صنعت کارون در شوشتر روز شنبه در اعتراض به حقوق معوقه تجمع کردند."))
    assert inc["type"] == "Protests" and inc["sub_type"] == "Peaceful protest" and not _killed(inc)
    inc = _one(incidents_fa("به گزارش ایسنا به نقل از فرمانده انتظامی کرمانشاه، دو سارق مسلح روز شنبه در این شهر "
                            "دستگیر شدند."))
    assert inc["counts"]["arrested"]["min"] == 2


# --- twenty-ninth Persian batch (fa_29): its classes of miss, on sentences written here -------------------------
def test_the_news_of_an_event_denied_later_is_no_event(incidents_fa):
    assert incidents_fa("فرمانداری ایرانشهر خبر کشته شدن یک دانش‌آموز در این شهر را که در شبکه‌های اجتماعی دست به "
                        "دست شده بود، تکذیب کرد.") == []


def test_a_wound_told_by_the_body_part_is_an_injury(incidents_fa):
    inc = _one(incidents_fa("یک معترض ۳۰ ساله روز دوشنبه در اراک با شلیک ساچمه ماموران از ناحیه دست آسیب دید."))
    assert inc["counts"]["injured"]["min"] == 1


# Persian batches written with their gold before the system ran on them (issue 18), each after the fixes of
# the one before: blind figure (main's on the same file) -> after its own classes of miss were fixed.
#   fa_7  (28): 0.8029 (0.8029) -> 0.9854  left: arrests at a protest typed as a protest with intervention
#   fa_8  (21): 0.9271 (0.9271) -> 1.0000
#   fa_9  (16): 0.7391 (0.7391) -> 1.0000
#   fa_10 (14): 0.8966 (0.8276) -> 1.0000
#   fa_11 (14): 0.7869 (0.6721) -> 0.9836  left: a claimant after "؛" in a sentence the author opens
#   fa_12 (14): 0.7966 (0.6271) -> 0.9492  left: an air strike named only "حمله", a claimant via the agency,
#                                          a vendor's death after a clash typed as a riot
#   fa_13 (12): 0.9149 (0.8936) -> 0.9787  left: "قاضی و راننده‌اش جان باختند" (two people, no figure)
#   fa_14 (12): 0.8600 (0.7000) -> 0.9800  left: "از شهادت یک مرزبان ... خبر داد" ("شهادت" alone is also testimony;
#                                          1.0000 since fa_18's fixes: a death when people are counted after it)
#   fa_15 (16): 0.8472 (0.8472) -> 0.9861  left: "روستای X از توابع Y" with Y a small town (a cue there moved a
#                                          victim's place from where he died to his home); one gold place widened:
#                                          the village the system chose is the right one
#   fa_16 (16): 0.9315 (0.9178) -> 1.0000
#   fa_17 (16): 0.8182 (0.8182) -> 1.0000
#   fa_18 (16): 0.8667 (0.8400) -> 0.9733  left: a claimant via the agency ("به گزارش ایلنا به نقل از یک منبع
#                                          آگاه"), prisoners beaten after protesting typed as a protest met by force
#   fa_19 (16): 0.8974 (0.8974) -> 0.9744  left: a county seat too small for its weak cue ("اطراف سرباز": also
#                                          "soldier"), an IRGC operation with deaths on both sides typed as an attack
#   fa_20 (16): 0.8286 (0.8143) -> 0.8571  left (not fixed for want of time): a named victim of an active
#                                          "X را ... اعدام کرد" with a relative clause between; a university with no
#                                          town named; an official's town taken over the event's smaller town; "او
#                                          را X معرفی کرد" (identified as); "هفته جاری" over "روز گذشته"; the claimant
#                                          of a figure after a mid-sentence "به گفته X"; "آسیب رساندند" (harmed: the
#                                          word "آسیب" as a trigger cut a story's name before "چشمانش آسیب دیده بود")
#                                          (0.9429 since fa_21/22's fixes: Sharif University, "هفته جاری", "آسیب
#                                          رساندند", "او را X معرفی کرد"; left: that clause's claimant, the
#                                          official's town, the name cut by a relative clause)
#   fa_21 (15): 0.8312 (0.8312) -> 0.9610  left: an execution told only by its identity sentence ("هویت زندانی
#                                          قصاص‌شده ... احراز شد. حکم او ... اجرا شده بود": a past perfect, no count)
#                                          (1.0000 since fanews4: "حکم او ... اجرا شده بود" is his execution)
#   fa_22 (14): 0.8378 (0.8108) -> 0.9730  left: a named man's death after "پس از بازداشت" (his fate read as
#                                          arrested, no count); "فارس:" opening a bulletin (also the province: not
#                                          an alias)
#                                          (1.0000 since fanews4: "جان‌باخته است" is the verb's perfect; "فارس:")
#   fa_23 (16): 0.9211 (0.9211) -> 1.0000
#   fa_24 (16): 0.8987 (0.8987) -> 0.9873  left: a victim's given name that is also a title word ("جاوید X ۲۴
#                                          ساله": "جاوید" ends a name, as in "X جاوید شد")
#   fa_25 (16): 0.9452 (0.9452) -> 1.0000
#   fa_26 (14): 0.9688 (0.9688) -> 1.0000
#   fa_27 (14): 0.8788 (0.8636) -> 1.0000
#   fa_28 (12): 0.9811 (0.9623) -> 1.0000
#   fa_29 (12): 0.9434 (0.9434) -> 0.9811  left: a county seat of 10,000 after an office's name ("مقر فرماندهی
#                                          انتظامی راسک": the office rule asks 20,000, its words being nouns too)
#   fa_31 (16): 0.8718 (0.8718) -> 1.0000  deaths in custody, past-perfect background of executions
#   fa_32 (17): 0.8933 (0.8933) -> 1.0000  an agency relaying a source, slogans ("مرگ بر ...")
#   fa_33 (16): 1.0000 (0.8873) -> 1.0000  the same classes in new wording (optimistic: written by the fixer)
#   fa_34 (14): 0.9630 (0.9259) -> 1.0000  harder wording of the same classes
#   fa_35 (15): 0.9242 (0.9242) -> 1.0000  fablind5, monitor bulletins written blind: a source cited in a later
#   fa_36 (15): 0.8841 (0.8841) -> 1.0000  sentence, names in guillemets, border hamlets, memorials, tallies
#   fa_37 (15): 0.8919 (0.8919) -> 0.9865  left: an injury in a past-perfect relative about a companion
#   fa_38 (15): 0.9178 (0.9178) -> 1.0000  (fa_20 0.9429 -> 0.9714 by the same rules)
#   fa_47 (16): 0.8939 (0.8939) -> 0.9848  fablind7, written blind: labour news; left: strike organisers' arrest
#                                          typed as the protest's intervention
#   fa_48 (16): 0.8810 (0.8810) -> 0.9881  border violence; left: a monitor naming the victim after a relative clause
#   fa_49 (16): 0.9444 (0.9444) -> 1.0000  state and judiciary announcements
#   fa_50 (16): 0.8472 (0.8472) -> 1.0000  live blogs and channels: a source among a time and a day
#   fa_51 (16): 0.8462 (0.8462) -> 1.0000  fablind8, written blind: "مأمور" with alef-hamza, attacks on police
#   fa_52 (15): 0.9254 (0.9254) -> 0.9851  patrols, names after grades, partitives, poisonings, van detentions,
#   fa_53 (16): 0.8154 (0.8154) -> 0.9846  memorials broken up, anniversaries, "any" events; left: a relative
#   fa_54 (15): 0.8909 (0.8909) -> 1.0000  quoted in a later sentence as the claimant (no person is taken)
# The after-fix figures are optimistic; the blind ones say what unseen Persian copy scores.
@pytest.mark.parametrize(("batch", "floor"), [("fa_7", 0.98), ("fa_8", 0.99), ("fa_9", 0.99), ("fa_10", 0.99),
                                              ("fa_11", 0.98), ("fa_12", 0.94), ("fa_13", 0.97),
                                              ("fa_14", 0.99), ("fa_15", 0.98),
                                              ("fa_16", 0.99), ("fa_17", 0.99),
                                              ("fa_18", 0.97), ("fa_19", 0.97),
                                              ("fa_20", 0.97), ("fa_21", 0.99), ("fa_22", 0.99),
                                              ("fa_23", 0.99), ("fa_24", 0.98), ("fa_25", 0.99),
                                              ("fa_26", 0.99), ("fa_27", 0.99), ("fa_28", 0.99),
                                              ("fa_29", 0.98),
                                              ("fa_31", 0.99), ("fa_32", 0.99), ("fa_33", 0.99),
                                              ("fa_34", 0.99),
                                              ("fa_35", 0.99), ("fa_36", 0.99), ("fa_37", 0.98), ("fa_38", 0.99),
                                              # fastate: state and diaspora media (first runs 0.90, 0.94, 0.86, 0.92)
                                              ("fa_39", 0.99), ("fa_40", 0.99), ("fa_41", 0.98), ("fa_42", 0.99),
                                              # fablind6: Kurdish/Baluch monitors, labour news, state outlets,
                                              # diaspora roundups (first runs 0.91, 0.81, 0.90, 0.88)
                                              ("fa_43", 0.98), ("fa_44", 0.99), ("fa_45", 0.99), ("fa_46", 0.98),
                                              # fablind7: labour news, border violence, state announcements, live
                                              # copy (first runs 0.89, 0.88, 0.94, 0.85)
                                              ("fa_47", 0.98), ("fa_48", 0.98), ("fa_49", 0.99), ("fa_50", 0.99),
                                              # fablind8: provincial agencies, prisoner bulletins, universities and
                                              # women, diaspora round-ups (first runs 0.85, 0.93, 0.82, 0.89)
                                              ("fa_51", 0.99), ("fa_52", 0.98), ("fa_53", 0.98), ("fa_54", 0.99),
                                              # fablind9: IRIB and provincial officials, kolbars/fuel porters/miners,
                                              # judiciary verdicts vs executions, Telegram posts in the spoken register
                                              # (first runs 0.8750, 0.9351, 0.8889, 0.3750; after 0.9875, 0.9870,
                                              # 1.0000, 0.9844)
                                              ("fa_55", 0.97), ("fa_56", 0.97), ("fa_57", 0.99), ("fa_58", 0.97),
                                              # fablind10: economic protests, hard dates, Khuzestan and Sistan-
                                              # Baluchestan, explainers (first runs 0.9368, 0.9167, 0.8049, 0.8588;
                                              # after 0.9895, 1.0000, 0.9878, 0.9765)
                                              ("fa_59", 0.97), ("fa_60", 0.99), ("fa_61", 0.97), ("fa_62", 0.96),
                                              # twenty-first session, fablind15: religious minorities, diaspora and
                                              # Kurdish monitors with Gregorian dates, relatives' first-person
                                              # accounts, officials' tolls, denials and corrections (first runs
                                              # 0.9195, 0.9767, 0.7711, 0.9605; after 0.9770, 1.0000, 0.9880, 0.9868)
                                              ("fa_63", 0.97), ("fa_64", 1.0), ("fa_65", 0.98), ("fa_66", 0.98),
                                              # twenty-first session, fablind16: headlines with leads and photo
                                              # captions, encyclopedic chronologies, Afghan migrants (Dari and
                                              # Iranian outlets), athletes and artists before the courts (first runs
                                              # 0.7222, 0.9683, 0.8615, 0.8475; after 1.0000, 0.9841, 1.0000, 1.0000)
                                              ("fa_67", 0.99), ("fa_68", 0.98), ("fa_69", 0.99), ("fa_70", 0.99)])
def test_the_persian_blind_batches_score_with_the_shared_scorer(tmp_path, batch, floor):
    requires_shared("eval", "news-slots", "score.py")
    from rasad.eval.news_slots import run

    line = run(Path(__file__).parent / "data" / f"news_slots_blind_{batch}.jsonl", tmp_path / "pred.jsonl")
    assert float(line.split()[0].split("=")[1]) >= floor, line


# --- batches 31-35 (issue 19, sixteenth session): two sides' harm in one sentence, a protest's cause, a
# disappearance told by an absence, a person named before, towns; each class on sentences written here ----------
def _types(incs: list[dict]) -> set[str]:
    return {i["type"] for i in incs}


def test_two_sides_killings_in_one_sentence_are_two_incidents(incidents):
    incs = incidents("Demonstrators stabbed a police officer to death in Ilam and riot police shot dead four "
                     "protesters, Hengaw said on Tuesday.", "2022-10-12")
    by_killed = {_killed(i): i for i in incs}
    assert set(by_killed) == {1, 4}, incs
    assert by_killed[1]["type"] == "Riots"
    assert by_killed[4]["type"] == "Protests" and by_killed[4]["sub_type"] == "Excessive force against protesters"


def test_two_sides_after_while_keep_their_own_sources(incidents):
    incs = incidents("Rioters beat a Basij member to death in Amol on Sunday, the Fars news agency said, while "
                     "rights groups said police killed three demonstrators in the city.", "2022-10-04")
    riot = next(i for i in incs if i["type"] == "Riots")
    assert _killed(riot) == 1 and "Fars" in riot["claimant"]
    force = next(i for i in incs if i["type"] == "Protests")
    assert _killed(force) == 3 and "rights groups" in force["claimant"]


def test_both_sides_dead_in_one_clash_add_up(incidents):
    inc = _one(incidents("PJAK fighters ambushed an army convoy near Piranshahr on Monday, killing two soldiers, "
                         "and troops fired back, killing four of the fighters, IRNA said.", "2023-06-13"))
    assert inc["type"] == "Battles" and _killed(inc) == 6


def test_one_sides_acts_joined_by_and_stay_one_incident(incidents):
    inc = _one(incidents("Security forces shot dead two protesters and wounded 10 others in Zahedan on Friday, "
                         "Amnesty International said.", "2022-10-03"))
    assert _killed(inc) == 2 and inc["counts"]["injured"]["min"] == 10


def test_an_aimed_at_procession_is_no_person_counted(incidents):
    inc = _one(incidents("Six people were killed in Mahabad on Tuesday when police fired on a funeral procession, "
                         "Hengaw said.", "2022-10-27"))
    assert _killed(inc) == 6


@pytest.mark.parametrize(("text", "absent"), [
    ("Hundreds of teachers gathered in Shiraz on Monday in protest at the detention of six colleagues, a union said.",
     "arrested"),
    ("Shopkeepers in Baneh closed their stores on Sunday, furious at the shooting of a porter by border guards.",
     "injured"),
    ("Workers went on strike in Asaluyeh on Tuesday in solidarity with the families and against a crackdown that has "
     "killed dozens of people, ILNA reported.", "killed"),
])
def test_a_protests_cause_is_not_its_harm(incidents, text, absent):
    inc = _one(incidents(text, "2023-05-10"))
    assert inc["type"] == "Protests" and not inc["counts"].get(absent), inc


def test_the_kin_an_arrest_names_is_no_killing_of_the_sentence(incidents):
    inc = _one(incidents("Police arrested the brother of a student killed during the 2022 protests at his home in "
                         "Rasht on Monday, HRANA said.", "2024-03-12"))
    assert inc["type"] == "Strategic developments" and not inc["counts"].get("killed")
    assert inc["counts"]["arrested"]["min"] == 1


def test_the_event_type_model_does_not_read_the_cause(incidents):
    inc = _one(incidents("Villagers blocked the road to Shiraz on Monday, angry at the death of a shepherd who was "
                         "run over by a police truck during an earlier protest, local media said.", "2023-07-11"))
    assert inc["type"] == "Protests", inc


@pytest.mark.parametrize(("text", "name", "day"), [
    ("Blogger Mina Saberi has not been heard from since intelligence agents detained her in Urmia on Tuesday, her "
     "husband said.", "Mina Saberi", "2023-04-11"),
    ("The whereabouts of student Kamran Nouri have been unknown since his arrest in Sanandaj on 4 April, Hengaw "
     "said.", "Kamran Nouri", "2023-04-04"),
    ("Labour activist Ahmad Rezaei has been missing since he was summoned by police in Arak on Monday, his wife "
     "said.", "Ahmad Rezaei", "2023-04-10"),
])
def test_a_disappearance_told_by_an_absence(incidents, text, name, day):
    incs = incidents(text, "2023-04-13")
    inc = next(i for i in incs if any(v["name"] == name for v in i["victims"]))
    assert inc["type"] in ("Violence against civilians", "Strategic developments"), inc
    assert inc["date"]["value"] == day


def test_no_news_of_a_thing_is_no_disappearance(incidents):
    assert incidents("Officials said on Monday there was no news of the talks in Vienna.", "2023-04-13") == []


@pytest.mark.parametrize(("text", "name", "role"), [
    ("Amir Hosseini, 24, took part in a march in Arak on Friday. His brother said the young man was shot dead by "
     "police.", "Amir Hosseini", "killed"),
    ("Police detained Farid Bahrami in Qazvin on Monday. The 30-year-old was beaten in custody, his lawyer said.",
     "Farid Bahrami", "injured"),
    ("Saeed Jafari was shot by border guards near Baneh on Tuesday. He died of his wounds on Thursday, Hengaw said.",
     "Saeed Jafari", "killed"),
])
def test_a_person_named_before_is_the_victim_of_a_pronoun_or_description(incidents, text, name, role):
    incs = incidents(text, "2023-03-06")
    assert any(i["counts"].get(role) and any(v["name"] == name for v in i["victims"]) for i in incs), incs


def test_a_description_with_two_people_named_before_names_nobody(incidents):
    incs = incidents("Ali Karimi met Reza Tavakoli in Ahvaz on Monday. The student was shot dead by police on "
                     "Tuesday.", "2023-03-09")
    assert incs and not any(i["victims"] for i in incs)


@pytest.mark.parametrize(("text", "teller"), [
    # the teller of the harm, not the one harmed: a name after "according to" (however the parser hangs it)
    ("The student from Sari, Omid Rahimi, had just come home from Tehran. According to his cousin, Mr. Kamran "
     "Rahimi, he was beaten by police on Friday and died in hospital.", "Kamran Rahimi"),
    # a place the tagger reads as a person ("Kavus" of Gonbad-e Kavus) stands for no one
    ("During the protests in Gonbad-e Kavus on Friday, security forces shot him dead.", "Kavus"),
])
def test_a_pronoun_does_not_stand_for_the_teller_or_a_piece_of_a_place(incidents, text, teller):
    incs = incidents(text, "2026-01-12")
    assert not any(v["name"].endswith(teller) for i in incs for v in i["victims"]), incs


def test_a_name_after_according_to_that_is_the_clauses_subject_is_the_victim(incidents):
    incs = incidents("According to Hengaw, Kamran Rahimi, 24, was shot dead by police in Sari on Friday.", "2026-01-12")
    assert any(v["name"] == "Kamran Rahimi" for i in incs for v in i["victims"]), incs


def test_who_was_told_is_not_the_source(incidents):
    incs = incidents("Two days later his family was told that the prisoner had died in custody, HRANA said.",
                     "2024-02-20")
    assert incs and all("HRANA" in i["claimant"] for i in incs), incs


@pytest.mark.parametrize(("name", "geonameid"), [("Malekshahi", 120539), ("Chaldoran", 116326),
                                                 ("Dashtiari", 1160121), ("Hirmand", 1161297), ("Anzali", 141679)])
def test_towns_named_by_their_countys_or_new_name(name, geonameid):
    from rasad.analysis.where import resolve_place

    assert resolve_place(name, fuzzy=False).geonameid == geonameid


def test_an_ezafe_town_name_the_tagger_split_is_the_town(incidents):
    inc = _one(incidents("A roadside bomb wounded three soldiers on the road between Qasr-e Shirin and Gilan-e Gharb "
                         "on Monday, Tasnim said.", "2024-10-08"))
    assert inc["place"]["geonameid"] == 119586  # Qasr-e Shirin, not Khosrow Shirin (whose other name is Shirin)


def test_a_woman_named_shirin_is_no_place(incidents):
    inc = _one(incidents("Police arrested Shirin Rahimi in Karaj on Monday, HRANA said.", "2024-10-08"))
    assert inc["place"]["name"] == "Karaj"


def test_a_towns_plant_names_the_town_and_an_outlets_name_is_the_source(incidents):
    inc = _one(incidents("Retirees gathered outside the Arak steel plant on Monday, angry at cuts to their pensions, "
                         "the local news site Arak Online reported.", "2024-02-13"))
    assert inc["place"]["name"] == "Arak" and "Arak Online" in inc["claimant"], inc


def test_a_title_opening_the_sentence_before_a_name_is_no_part_of_it(incidents):
    inc = _one(incidents("Kolbar Hamid Soltani was shot dead by border guards near Sardasht on Friday, Hengaw said.",
                         "2024-05-06"))
    assert any(v["name"].endswith("Hamid Soltani") for v in inc["victims"]) and _killed(inc) == 1, inc


# --- enblind5 (blind batches 36-40): each test on sentences written for it, not from a batch ----------------------
def test_an_event_verb_the_parser_hung_on_its_doer_is_the_event_and_its_source_the_reporter(incidents):
    # "arrested" parsed as a clause on "forces" (acl with its own object) and "forces" as a subject of "reported"
    inc = _one(incidents("Ahead of the anniversary of the uprising, police arrested at least nine teachers in Arak "
                         "on Sunday, HRANA reported.", "2024-09-17"))
    assert inc["type"] == "Strategic developments" and (inc["counts"]["arrested"] or {}).get("min") == 9, inc
    assert inc["date"]["value"] == "2024-09-15" and "HRANA" in inc["claimant"], inc


def test_an_agency_dateline_with_no_day_is_not_the_place(incidents):
    inc = _one(incidents("DUBAI (Reuters) - Bakers in the southern port of Bushehr went on strike on Monday over "
                         "flour prices, a local union said.", "2024-03-06"))
    assert inc["place"]["name"] == "Bushehr" and inc["date"]["value"] == "2024-03-04", inc


@pytest.mark.parametrize("text", [
    "Border guards shot dead two porters near Sardasht on Friday and wounded another, Hengaw said.",
    "Two porters were shot dead near Sardasht on Friday and another was wounded, Hengaw said.",
])
def test_another_is_one_more_person(incidents, text):
    inc = _one(incidents(text, "2024-05-06"))
    assert _killed(inc) == 2 and (inc["counts"]["injured"] or {}).get("min") == 1, inc


def test_fatally_shot_is_a_death(incidents):
    inc = _one(incidents("A 40-year-old porter was fatally shot by border guards near Piranshahr on Friday, Hengaw "
                         "said.", "2024-05-06"))
    assert _killed(inc) == 1 and not (inc["counts"].get("injured") or {}).get("min"), inc


@pytest.mark.parametrize(("text", "claimant"), [
    ("Hengaw has learned that Zanyar Pourabbas, a Kurdish prisoner, was executed in Sanandaj prison on Tuesday.",
     "Hengaw"),
    ("Amnesty International is appalled by the execution of Behrouz Nikmanesh, who was hanged in Qom on Monday.",
     "Amnesty"),
])
def test_a_monitor_writing_in_its_own_voice_is_the_claimant(incidents, text, claimant):
    inc = _one(incidents(text, "2024-10-10"))
    assert claimant in inc["claimant"] and inc["type"] == "Violence against civilians", inc


def test_a_drone_shot_down_is_disrupted_weapons_use_and_a_person_shot_is_not(incidents):
    inc = _one(incidents("Air defences shot down two drones over Isfahan on Friday, state television said.",
                         "2024-04-20"))
    assert (inc["type"], inc["sub_type"]) == ("Strategic developments", "Disrupted weapons use"), inc
    inc = _one(incidents("Police defused a bomb planted near a mosque in Chabahar on Friday, IRNA said.",
                         "2024-04-20"))
    assert inc["sub_type"] == "Disrupted weapons use", inc
    inc = _one(incidents("A bomb planted near a mosque in Chabahar exploded on Friday, killing a guard, IRNA said.",
                         "2024-04-20"))
    assert inc["type"] == "Explosions/Remote violence", inc


def test_both_sides_dead_told_in_two_sentences_of_one_battle_add_up(incidents):
    inc = _one(incidents("Militants ambushed a border patrol near Saravan on Sunday, killing three border guards, the "
                         "provincial governor said. Guards killed two of the assailants in the firefight that followed.",
                         "2024-07-09"))
    assert inc["type"] == "Battles" and _killed(inc) == 5, inc


def test_victims_named_after_were_identified_as(incidents):
    incs = incidents("Four fuel carriers were shot dead near Rask on Monday, Haalvsh said. Two of the dead were "
                     "identified as Ghasem Baranzehi and Yunes Shirani.", "2024-07-09")
    names = {v["name"] for i in incs for v in i["victims"]}
    assert {"Ghasem Baranzehi", "Yunes Shirani"} <= names, incs


def test_a_rights_activist_after_a_possessive_counts_one(incidents):
    inc = _one(incidents("Agents arrested two reporters and a women's rights defender in Yazd on Monday, IranWire "
                         "said.", "2024-07-09"))
    assert (inc["counts"]["arrested"] or {}).get("min") == 3, inc


def test_an_event_named_by_an_earlier_year_is_background(incidents):
    assert incidents("In a report released on Wednesday, Amnesty described the torture of detained protesters during "
                     "the 2019 uprising.", "2024-06-12") == []


def test_a_place_in_a_clause_about_the_victim_is_not_where_he_died(incidents):
    inc = _one(incidents("Kaveh Samadpour, a teacher detained during protests in Bukan, died in custody in Urmia on "
                         "Friday, Hengaw said.", "2024-06-12"))
    assert inc["place"]["geonameid"] == 121801 and _killed(inc) == 1, inc  # Urmia (Orumiyeh), not Bukan


def test_the_first_of_the_cities_listed_after_cities_of(incidents):
    inc = _one(incidents("Shops in the Kurdish cities of Marivan, Sanandaj and Kamyaran stayed shut on Monday in a "
                         "strike, Hengaw said.", "2024-06-12"))
    assert inc["place"]["name"] == "Marivan", inc


def test_a_source_whose_name_opens_with_digits(incidents):
    inc = _one(incidents("Dozens of nurses rallied in Shiraz on Monday, according to footage shared by the monitoring "
                         "account 1500tasvir.", "2024-06-12"))
    assert "1500tasvir" in inc["claimant"], inc


def test_a_clause_telling_the_same_act_again_is_where_it_happened(incidents):
    inc = _one(incidents("Amnesty International condemned the execution of Peyman Alizadegan, a young man who was "
                         "hanged in Qezelhesar prison in Karaj on Sunday.", "2024-06-12"))
    assert inc["place"]["name"] == "Karaj", inc


def test_a_monitor_the_tagger_took_for_a_person_is_no_victim(incidents):
    inc = _one(incidents("Police fired on mourners in Bukan on Friday, killing Rahim Ghaderpour, 31, and wounding at "
                         "least five others, Hengaw reports.", "2026-01-12"))
    assert [v["name"] for v in inc["victims"]] == ["Rahim Ghaderpour"], inc


def test_an_officer_slapping_a_woman_harms_the_woman_not_the_officer(incidents):
    inc = _one(incidents("Footage shared online shows a police officer slapping a schoolgirl outside a school in Qom "
                         "on Monday.", "2025-03-04"))
    assert inc["type"] == "Violence against civilians" and inc["place"]["name"] == "Qom", inc


def test_scuffles_with_security_forces_at_a_protest_are_force_against_it(incidents):
    inc = _one(incidents("Crowds marking the fire festival shouted anti-government slogans in Karaj on Tuesday night, "
                         "and at least three people were hurt in scuffles with security forces, HRANA said.",
                         "2025-03-05"))
    assert inc["type"] == "Protests", inc


def test_who_named_the_event_asserts_it(incidents):
    inc = _one(incidents("A bomb went off beside a railway line near Sabzevar on Friday in what the provincial "
                         "prosecutor called a terrorist act.", "2025-03-04"))
    assert "prosecutor" in inc["claimant"], inc


def test_the_one_who_died_is_a_victim_though_the_tagger_missed_his_name(incidents):
    incs = incidents("HRANA has received information that Farshid Nekouamal died in custody in Arak on 3 March.",
                     "2025-03-06")
    assert any(v["name"] == "Farshid Nekouamal" for i in incs for v in i["victims"]), incs


# --- other political violence: blasts set off, armed attacks, the state's arrests in its own words (enblind9) -----
@pytest.mark.parametrize(("text", "event_type", "killed"), [
    # a blast set off by blowing something up; a drone that blew up is remote violence
    ("Saboteurs blew up a railway bridge near Garmsar overnight on Sunday, the provincial governor said.",
     "Explosions/Remote violence", None),
    ("A drone packed with explosives blew up beside a border post in Mirjaveh on Wednesday, killing two border guards, "
     "state media said.", "Explosions/Remote violence", 2),
    # armed men who kill the state's men fight a battle
    ("Armed men attacked a police patrol outside Khash on Monday, killing two officers in an exchange of fire, IRNA "
     "said.", "Battles", 2),
    # a prosecutor killed is a civilian, not the state's forces
    ("A prosecutor was shot dead outside his home in Sari on Tuesday, the judiciary said.",
     "Violence against civilians", 1),
    # gunmen ambushing a civilian's car attack civilians; armed men killed by no one named fell in a battle
    ("Gunmen ambushed a car near Bam on Tuesday, wounding a local council member and killing his bodyguard, the Kerman "
     "governor's office said.", "Violence against civilians", 1),
    ("Two gunmen were killed in an ambush near Saravan on Tuesday, IRNA said.", "Battles", 2),
    # a drone that drops explosives, or whose clause harms people, is the weapon of a strike
    ("A quadcopter dropped explosives on a Basij base in Saravan on Tuesday, wounding two members, IRNA said.",
     "Explosions/Remote violence", None),
])
def test_the_type_of_other_political_violence(incidents, text, event_type, killed):
    inc = _one(incidents(text, "2025-10-16"))
    assert inc["type"] == event_type and _killed(inc) == killed, inc


def test_the_place_of_a_blast_set_off(incidents):
    inc = _one(incidents("Saboteurs blew up a railway bridge near Garmsar overnight on Sunday, the provincial governor "
                         "said.", "2025-10-14"))
    assert inc["place"]["name"] == "Garmsar", inc


def test_another_wounded_with_its_was_left_out(incidents):
    inc = _one(incidents("One border guard was killed and another wounded when smugglers opened fire near Saravan on "
                         "Monday, police said.", "2025-10-14"))
    assert _killed(inc) == 1 and (inc["counts"].get("injured") or {}).get("min") == 1, inc


@pytest.mark.parametrize("text", [
    "Police detained 25 rioters in Arak on Monday night, the provincial police chief said.",
    "Police in Qazvin arrested six men who had torched a bank during the unrest, the prosecutor said on Tuesday.",
])
def test_an_arrest_of_people_called_rioters_is_an_arrest(incidents, text):
    inc = _one(incidents(text, "2025-10-14"))
    assert (inc["type"], inc["sub_type"]) == ("Strategic developments", "Arrests"), inc


@pytest.mark.parametrize(("text", "arrested"), [
    ("Security forces arrested a five-member cell in Zahedan on Sunday, the intelligence ministry said.", 5),
    ("Police arrested a two-man team planning attacks on banks in Qom on Sunday, police said.", 2),
])
def test_a_groups_size_is_the_number_arrested(incidents, text, arrested):
    inc = _one(incidents(text, "2025-10-14"))
    assert inc["type"] == "Strategic developments" and inc["counts"]["arrested"]["min"] == arrested, inc


def test_the_one_an_outlet_cites_is_the_claimant(incidents):
    inc = _one(incidents("Two Basij members were stabbed to death in Bojnurd on Friday, Tasnim reported, citing a local "
                         "official.", "2025-10-18"))
    assert inc["claimant"].startswith("local official (via Tasnim"), inc


def test_a_reporting_clause_taken_for_a_relative_clause_names_the_source(incidents):
    inc = _one(incidents("Police in Tabriz arrested 40 \"rioters\" who had set fire to a bank in the city on Monday "
                         "night, the city's police chief told Mehr on Tuesday.", "2024-05-02"))
    assert "police chief" in inc["claimant"] and inc["counts"]["arrested"]["min"] == 40, inc


def test_where_a_vehicle_was_hit_is_where_it_happened(incidents):
    inc = _one(incidents("Gunmen fired on a car carrying a cleric near Lar on Tuesday, wounding him and killing his son, "
                         "the Fars governor's office said.", "2024-05-02"))
    assert inc["place"]["name"] == "Lar", inc  # not Fars, the province of the office that told it


def test_a_country_is_the_place_only_where_no_town_or_province_is_named(incidents):
    inc = _one(incidents("Iran's intelligence ministry said on Monday it had broken up a cell tied to foreign agents in "
                         "Hamadan province and arrested its four members.", "2025-10-14"))
    assert "Hamadan" in inc["place"]["name"], inc

# --- forty-fifth to forty-ninth blind batches (enblind7): each test on sentences written for it, not from a batch ----
def test_a_result_participle_the_parser_hung_on_a_clause_about_the_crowd_counts(incidents):
    # ", killing two men and wounding nine" parsed under "gathered" (a clause on "villagers") with the only date
    inc = _one(incidents("Police fired on villagers gathered at a shrine near Khash for a funeral on Saturday, killing "
                         "one man and wounding six, Haalvsh said.", "2024-05-06"))
    assert _killed(inc) == 1 and (inc["counts"]["injured"] or {}).get("min") == 6, inc


def test_a_clause_after_a_clause_of_an_earlier_event_is_the_sentence_going_on(incidents):
    # ", and police arrested ..." parsed as a conjunct inside "ten days after a farmer was shot dead ..."
    inc = _one(incidents("Farmers protested in Isfahan on Sunday, ten days after a farmer was shot dead there, and "
                         "police arrested at least 20 of them, ILNA said.", "2024-05-06"))
    assert (inc["counts"]["arrested"] or {}).get("min") == 20 and not _killed(inc), inc


@pytest.mark.parametrize("text", [
    # the second of two events called for, joined by "and"
    "Opposition groups have called for three days of strikes and street protests starting on Monday.",
    # an execution to be halted, and one being made ready
    "Human Rights Watch urged the authorities to halt the execution of Baluch prisoner Ahmad Rigi, whose family said "
    "he had been moved to solitary confinement in preparation for his execution.",
    # sentences commuted: what the prisoners were arrested at is what they are freed from
    "The judiciary has commuted the sentences of 300 prisoners, including several teachers arrested during strikes "
    "last spring, Mizan reported.",
])
def test_events_called_for_halted_or_commuted_are_no_incident(incidents, text):
    assert incidents(text, "2025-03-04") == []


@pytest.mark.parametrize("text", [
    "In its monthly bulletin, Hengaw said it had registered the arrests of 85 Kurdish citizens in February.",
    "Last month, HRANA recorded strikes at 90 workplaces across the country, along with at least 30 arrests.",
])
def test_a_monitors_tally_over_a_month_or_a_year_is_no_incident(incidents, text):
    assert incidents(text, "2025-03-04") == []


def test_a_monitor_documenting_one_dated_event_is_that_event(incidents):
    inc = _one(incidents("HRANA documented the arrest of a teacher in Sanandaj on Sunday.", "2025-03-04"))
    assert (inc["counts"]["arrested"] or {}).get("min") == 1, inc


def test_a_speaker_who_told_an_agency_is_the_claimant_via_the_agency(incidents):
    inc = _one(incidents("Police fired tear gas at retirees rallying in Kerman on Sunday, injuring four of them, a "
                         "local official told ISNA.", "2025-03-04"))
    assert "official" in inc["claimant"] and "ISNA" in inc["claimant"], inc
    inc = _one(incidents("A provincial governor told reporters that 12 rioters were arrested in Yasuj on Sunday.",
                         "2025-03-04"))
    assert "reporters" not in inc["claimant"], inc


def test_a_monitors_name_heading_its_paragraph_is_the_claimant(incidents):
    inc = _one(incidents("Hengaw: Border guards shot and wounded a kolbar near Sardasht on Monday.", "2025-03-04"))
    assert inc["claimant"] == "Hengaw", inc
    inc = _one(incidents("Marivan: Police arrested two young men in the city on Monday.", "2025-03-04"))
    assert "Marivan" not in inc["claimant"], inc


def test_a_second_counted_group_the_parser_joined_inside_the_first_adds_up(incidents):
    inc = _one(incidents("Five members of the banned group PJAK and two soldiers were killed in an ambush near "
                         "Oshnavieh on Monday, the army said.", "2025-03-04"))
    assert _killed(inc) == 7, inc


def test_the_dead_described_in_two_words_and_then_named(incidents):
    inc = _one(incidents("Border guards shot dead a fuel porter near Saravan on Monday, Haalvsh said. It identified "
                         "the young man as Nezam Baluchzehi.", "2025-03-06"))
    assert [v["name"] for v in inc["victims"]] == ["Nezam Baluchzehi"], inc


def test_arrests_told_after_a_protest_are_its_outcome(incidents):
    inc = _one(incidents("Nurses gathered outside the governor's office in Yazd on Monday over unpaid wages. Nine of "
                         "them were detained, ILNA reported.", "2025-03-06"))
    assert inc["type"] == "Protests" and inc["sub_type"] == "Protest with intervention", inc
    assert (inc["counts"]["arrested"] or {}).get("min") == 9, inc


def test_a_toll_claimed_by_its_doer_and_denied_beside_it_is_at_least_none(incidents):
    inc = _one(incidents("The militant group Ansar al-Furqan said it had killed three policemen in an ambush near "
                         "Nikshahr on Friday, while the provincial governor denied any deaths.", "2025-11-11"))
    assert _killed(inc) == 0 and inc["counts"]["killed"]["max"] == 3, inc
    # a rights group's toll of what others did stands, denied or not
    inc = _one(incidents("Hengaw said security forces killed three protesters in Bukan on Friday, but police denied any "
                         "deaths.", "2025-11-11"))
    assert _killed(inc) == 3, inc


def test_a_passer_by_the_tagger_split_is_one_more_of_the_dead(incidents):
    inc = _one(incidents("A truck bomb went off outside a courthouse in Zabol on Tuesday, killing a judge and a "
                         "passer-by, the judiciary said.", "2024-05-02"))
    assert _killed(inc) == 2, inc


# --- enblind8 (blind batches 50-52): each test on sentences written for it, not from a batch ---------------------
@pytest.mark.parametrize("text", [
    "Iran executed at least 40 Kurdish prisoners over the past six months, Hengaw said on Tuesday.",
    "Police arrested 45 labour activists in Khuzestan during March, a rights group said on Tuesday.",
    "The envoy said on Tuesday that 90 women had been killed since the crackdown began.",
])
def test_a_total_over_months_or_a_year_is_no_dated_incident(incidents, text):
    assert incidents(text, "2023-05-02") == []


@pytest.mark.parametrize(("text", "killed"), [
    # one event dated within a month, and an age after a name, are no totals
    ("Police shot dead Reza Moradi, 19, during protests in Rasht last month, his sister said.", 1),
    ("Guards beat at least 20 inmates at Vakilabad prison in Mashhad earlier this month, a rights group said.", None),
])
def test_an_event_dated_within_a_month_is_still_an_incident(incidents, text, killed):
    inc = _one(incidents(text, "2023-05-02"))
    assert _killed(inc) == killed


def test_all_executions_of_a_year_are_no_event(incidents):
    assert incidents("Kurdish prisoners made up a quarter of all hangings recorded in the country, the group said "
                     "on Tuesday.", "2023-05-02") == []


@pytest.mark.parametrize(("text", "claimant"), [
    ("Four border guards were killed in a gun battle with smugglers near Mirjaveh on Sunday night. The army's "
     "ground forces confirmed the deaths in a statement on Monday.", "ground forces"),
    ("Two policemen died when gunmen opened fire on their car in Iranshahr on Monday. Ansar al-Furqan claimed "
     "responsibility for the attack.", "Ansar al-Furqan"),
    # (a town inside the source's name is no place of the event: Quds is a town near Tehran)
    ("Three soldiers were killed in a clash with militants near Saravan on Friday. The army's Quds headquarters "
     "announced the deaths on Saturday.", "Quds headquarters"),
])
def test_a_source_that_names_the_event_after_it_is_its_claimant(incidents, text, claimant):
    inc = _one(incidents(text, "2023-05-02"))
    assert claimant in inc["claimant"] and _killed(inc) is not None


@pytest.mark.parametrize(("text", "name", "claimant"), [
    ("Police shot dead a farmer near Yazd on Sunday. The dead man was Reza Taheri, a father of three, the rights "
     "group Hengaw said.", "Reza Taheri", "Hengaw"),
    ("A young protester was shot dead by police in Saqqez on Saturday. Kurdpa named the dead woman as Nasrin "
     "Habibi, 20.", "Nasrin Habibi", "Kurdpa"),
    ("Security forces killed a man at a rally in Ilam on Monday. The victim was identified as Saman Rostami, "
     "according to the rights group HRANA.", "Saman Rostami", "HRANA"),
])
def test_the_dead_named_in_the_next_sentence_and_who_names_them(incidents, text, name, claimant):
    inc = _one(incidents(text, "2023-05-02"))
    assert [v["name"] for v in inc["victims"]] == [name] and claimant in inc["claimant"]


@pytest.mark.parametrize(("text", "teller", "outlet"), [
    ("Reza Moradi, 30, was beaten to death by police in Rasht on Sunday, his brother told IranWire.", "brother",
     "IranWire"),
    ("A teacher was shot dead by security forces in Ahvaz on Monday, her husband said, according to the rights "
     "group HRANA.", "husband", "HRANA"),
])
def test_a_relative_who_told_an_outlet_keeps_the_outlet(incidents, text, teller, outlet):
    claimant = _one(incidents(text, "2023-05-02"))["claimant"]
    assert teller in claimant and f"(via " in claimant and outlet in claimant


def test_told_reporters_names_no_outlet(incidents):
    claimant = _one(incidents("A provincial police chief told reporters that 30 rioters were arrested in Arak on "
                              "Monday.", "2023-05-02"))["claimant"]
    assert "via" not in claimant


def test_a_condemned_hanging_is_an_execution_its_condemner_asserts(incidents):
    inc = _one(incidents("The UN envoy told the council on Tuesday that 90 women had been killed since the crackdown "
                         "began. He also condemned the hanging on Sunday of Hamid Nouri in Shiraz prison.",
                         "2023-05-02"))
    assert _killed(inc) == 1 and [v["name"] for v in inc["victims"]] == ["Hamid Nouri"]
    assert inc["date"]["value"] == "2023-04-30" and "envoy" in inc["claimant"]


# --- fablind7 (blind fa_47 ... fa_50: labour news, border violence, state announcements, live copy): each class
# of miss on sentences written here --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "claimant"), [
    ("بی‌بی‌سی فارسی | شنبه ۱۰ دی: ماموران امنیتی در خیابان امام خمینی اراک پنج معترض را بازداشت کردند.",
     "بی‌بی‌سی فارسی"),
    ("کانال «صدای اراک» — ساعت ۲۰:۱۵: ماموران لباس‌شخصی در میدان شهدای اراک دو جوان را بازداشت کردند.",
     "صدای اراک"),
    ("۰۹:۳۰ — کردپا: ماموران هنگ مرزی روز گذشته یک کولبر را در مرز بانه با شلیک مستقیم زخمی کردند.", "کردپا"),
    # a bullet, a label beside a time, a bracketed time, an hour without minutes
    ("🔴 فوری | هرانا: ماموران امنیتی امروز در اراک چهار کارگر را بازداشت کردند.", "هرانا"),
    ("به‌روزرسانی ۱۸:۴۰ | رادیو فردا: ماموران امنیتی امروز در اراک چهار کارگر را بازداشت کردند.", "رادیو فردا"),
    ("[۱۸:۳۰] کانال «صدای اراک»: ماموران امنیتی امروز در اراک چهار کارگر را بازداشت کردند.", "صدای اراک"),
    ("کانال تلگرامی «اراک امروز» | ساعت ۲۱: ماموران امنیتی در اراک چهار کارگر را بازداشت کردند.", "اراک امروز"),
])
def test_a_live_items_source_set_among_its_time_and_day_claims_it(incidents_fa, text, claimant):
    assert claimant in _one(incidents_fa(text, "2023-12-31"))["claimant"]


@pytest.mark.parametrize("text", ["تهران | ۱۴ آبان: ماموران امنیتی در اراک چهار کارگر را بازداشت کردند.",
                                  "ساعت ۱۰:۳۰ — در اراک چهار کارگر بازداشت شدند."])
def test_a_live_opener_without_an_outlet_names_no_source(incidents_fa, text):
    assert _one(incidents_fa(text, "2023-12-31"))["claimant"] == "author"


@pytest.mark.parametrize(("text", "geonameid"), [
    # a square named like Tehran's before another town is in that town
    ("صدها نفر از بازنشستگان عصر امروز در میدان آزادی کاشان تجمع کردند.", 128476),
    # a scene of protest is no town (Sahneh)
    ("مراسم خاکسپاری این جوان امروز در کاشان به صحنه اعتراض علیه حکومت تبدیل شد و جمعیت شعار داد.", 128476),
    # a town after an area the gazetteer lacks
    ("به گزارش حال‌وش، روز دوشنبه در منطقه کوهک‌زاری سراوان دو سوخت‌بر با شلیک ماموران زخمی شدند.", 1159713),
    # the petrochemical ports named without "بندر" or by their short name
    ("کارگران پیمانکاری پتروشیمی بندر امام امروز مقابل دفتر مدیریت تجمع کردند.", 8521444),
    ("کارگران پیمانکاری پتروشیمی‌های ماهشهر امروز مقابل فرمانداری تجمع کردند.", 141663),
])
def test_the_town_beside_a_landmark_a_scene_or_an_unknown_area(incidents_fa, text, geonameid):
    assert _one(incidents_fa(text))["place"]["geonameid"] == geonameid


def test_a_sit_in_staged_is_a_protest_whatever_the_clause_after_it_denies(incidents_fa):
    inc = _one(incidents_fa("پرستاران بیمارستان شهید بهشتی کاشان از صبح دوشنبه دست به تحصن زده‌اند و تا دریافت "
                            "حقوق معوق خود به خانه نمی‌روند."))
    assert inc["type"] == "Protests" and inc["date"]["value"] == "2023-02-13"


def test_a_market_still_shut_in_a_live_item_is_a_strike(incidents_fa):
    inc = _one(incidents_fa("ساعت ۱۲:۰۵ — بازار کاشان امروز در پاسخ به فراخوان کسبه و در اعتراض به گرانی ارز و "
                            "مالیات‌های تازه به طور کامل تعطیل است."))
    assert inc["type"] == "Protests" and inc["place"]["geonameid"] == 128476
    assert not incidents_fa("مدارس کاشان امروز به دلیل آلودگی هوا تعطیل است.")


def test_an_execution_of_a_name_in_guillemets_is_one_death_a_sentence_none(incidents_fa):
    inc = _one(incidents_fa("قوه قضاییه اعلام کرد حکم اعدام «رضا فتحی»، محکوم به محاربه در پرونده حمله به یک پاسگاه، "
                            "صبح امروز در زندان دیزل‌آباد کرمانشاه اجرا شد."))
    assert _killed(inc) == 1 and [v["name"] for v in inc["victims"]] == ["رضا فتحی"]
    assert not any(_killed(i) for i in incidents_fa("دادگاه انقلاب کرمانشاه حکم اعدام «رضا فتحی» را صادر کرد."))


def test_a_blessing_in_brackets_is_part_of_the_speakers_name(incidents_fa):
    inc = _one(incidents_fa("قرارگاه نجف اشرف (ع) نیروی زمینی ارتش اعلام کرد در درگیری با اشرار مسلح در حوالی پاوه "
                            "دو تن از اشرار به هلاکت رسیدند."))
    assert "قرارگاه نجف اشرف" in inc["claimant"] and _killed(inc) == 2


def test_the_one_whose_name_is_given_after_the_event_is_its_victim(incidents_fa):
    inc = _one(incidents_fa("به گزارش کردپا، یک کولبر روز جمعه در مرز مریوان با شلیک ماموران زخمی شد. این کولبر که "
                            "«کامران ویسی» نام دارد، اهل روستای دره‌تفی است."))
    assert [v["name"] for v in inc["victims"]] == ["کامران ویسی"] and inc["counts"]["injured"]["min"] == 1


def test_the_dead_named_by_another_source_are_the_same_death(incidents_fa):
    incs = incidents_fa("خبرگزاری فارس گزارش داد روز دوشنبه افراد مسلح در مرز پیرانشهر به سوی مرزبانان تیراندازی "
                        "کردند و در تبادل آتش یک نفر از آنان کشته شد. هه‌نگاو اما اعلام کرد فرد کشته‌شده «ادریس "
                        "مولودی»، کولبری غیرمسلح بوده است.")
    inc = _one([i for i in incs if _killed(i)])
    assert _killed(inc) == 1 and "ادریس مولودی" in [v["name"] for v in inc["victims"]]


def test_an_identity_not_yet_known_is_no_name(incidents_fa):
    inc = _one(incidents_fa("به گزارش حال‌وش، شامگاه جمعه ماموران در نزدیکی خاش به سوی یک خودرو شلیک کردند و «نادر "
                            "شه‌بخش» ۲۸ ساله و یک سرنشین دیگر که هویتش هنوز مشخص نشده جان باختند."))
    assert [v["name"] for v in inc["victims"]] == ["نادر شه‌بخش"]


@pytest.mark.parametrize("text", [
    "کانون حقوق بشر کردستان در گزارش ماهانه خود اعلام کرد ۱۲ کولبر در مرزهای سردشت و بانه هدف شلیک قرار گرفتند و "
    "سه نفر از آنان جان باختند.",
    "به گزارش حال‌وش، طی ماه مهر دست‌کم ۹ سوخت‌بر در استان سیستان و بلوچستان با شلیک ماموران کشته شدند.",
])
def test_a_monthly_report_or_a_whole_month_is_a_tally(incidents_fa, text):
    assert not any(_killed(i) for i in incidents_fa(text))


def test_the_state_body_that_tells_an_attack_on_its_men_is_no_side_of_it(incidents_fa):
    inc = _one(incidents_fa("سپاه پاسداران اعلام کرد شامگاه شنبه افراد مسلح با حمله به یک پاسگاه در حوالی سراوان "
                            "سه پاسدار را به شهادت رساندند."))
    assert inc["type"] == "Battles" and _killed(inc) == 3


def test_the_wounded_seen_in_footage_are_counted(incidents_fa):
    inc = _one(incidents_fa("ماموران عصر امروز در میدان شهدای کاشان به سوی معترضان گلوله ساچمه‌ای شلیک کردند. در "
                            "ویدیوهایی که شاهدان منتشر کرده‌اند دست‌کم چهار نفر زخمی دیده می‌شوند."))
    assert inc["counts"]["injured"]["min"] == 4 and not inc["victims"]


def test_people_taken_to_hospital_for_their_wounds_are_injured(incidents_fa):
    inc = _one(incidents_fa("ماموران امروز تجمع کشاورزان را مقابل استانداری اصفهان با باتوم پراکنده کردند و سه نفر از "
                            "کشاورزان به دلیل جراحت به بیمارستان منتقل شدند."))
    assert inc["counts"]["injured"]["min"] == 3 and not (inc["counts"].get("participants") or {}).get("min") == 3


def test_a_death_of_wounds_told_later_takes_the_day_and_town_of_the_wounding(incidents_fa):
    inc = _one(incidents_fa("کردپا روز پنجشنبه اعلام کرد کامیار نوری، کولبر ۲۶ ساله اهل سردشت که روز چهارشنبه ۱۹ "
                            "بهمن در پی شلیک مرزبانان در ارتفاعات مرزی زخمی شده بود، روز سه‌شنبه بر اثر شدت جراحات در "
                            "بیمارستانی در مهاباد جان باخت.", "2023-02-16"))
    assert inc["date"]["value"] == "2023-02-08" and inc["place"]["geonameid"] == 117111 and _killed(inc) == 1


def test_a_name_in_guillemets_opening_what_a_monitor_announced_is_no_quotation(incidents_fa):
    inc = _one(incidents_fa("کمپین فعالین بلوچ اعلام کرد «حمید ریگی»، سوخت‌بر ۳۰ ساله، روز دوشنبه در نزدیکی سراوان "
                            "با شلیک ماموران جان باخت."))
    assert "فعالین بلوچ" in inc["claimant"] and [v["name"] for v in inc["victims"]] == ["حمید ریگی"]


def test_the_day_a_monitor_tells_the_news_is_not_the_events_day(incidents_fa):
    inc = _one(incidents_fa("کردپا امروز با انتشار ویدیویی تازه اعلام کرد در تیراندازی مرزبانان به کولبران در مرز "
                            "بانه در روز جمعه ۲۱ بهمن دو کولبر کشته شدند.", "2023-02-14"))
    assert inc["date"]["value"] == "2023-02-10" and _killed(inc) == 2


def test_people_named_before_n_others_add_to_the_figure(incidents_fa):
    inc = _one(incidents_fa("به گزارش هه‌نگاو، روز شنبه مرزبانان در مرز سردشت به سوی کولبران شلیک کردند و «کاوه "
                            "مرادی» ۲۵ ساله و دو کولبر دیگر جان باختند."))
    assert _killed(inc) == 3 and [v["name"] for v in inc["victims"]] == ["کاوه مرادی"]


def test_an_arrest_long_before_ended_by_bail_is_the_sentences_background(incidents_fa):
    incs = incidents_fa("دادگاه انقلاب سقز یک معلم را به سه سال حبس محکوم کرد. این معلم آبان‌ماه سال گذشته پس از "
                        "حضور در یک تجمع صنفی بازداشت و پس از دو ماه با قرار وثیقه آزاد شده بود.")
    assert not [i for i in incs if i["type"] == "Protests"]


def test_two_names_each_in_guillemets_after_an_execution_are_both_executed(incidents_fa):
    inc = _one(incidents_fa("خبرگزاری میزان: حکم اعدام «کیوان سلیمی» و «بهروز کاکایی»، دو عضو یک گروهک، صبح امروز "
                            "در زندان مرکزی ارومیه اجرا شد."))
    assert _killed(inc) == 2 and [v["name"] for v in inc["victims"]] == ["کیوان سلیمی", "بهروز کاکایی"]


def test_workers_who_have_taken_sanctuary_stage_a_sit_in(incidents_fa):
    inc = _one(incidents_fa("کارگران کارخانه نساجی کاشان از روز شنبه در محوطه کارخانه متحصن شده‌اند."))
    assert inc["type"] == "Protests" and inc["place"]["geonameid"] == 128476


def test_the_first_months_of_a_year_are_a_tally(incidents_fa):
    assert not any(_killed(i) for i in incidents_fa("کانون حقوق بشر کردستان اعلام کرد در شش ماه نخست سال ۱۴۰۲ دست‌کم "
                                                    "۲۷ کولبر در مرزهای غرب کشور کشته شدند."))


def test_people_taken_away_by_the_agents_are_detained_property_is_not(incidents_fa):
    inc = _one(incidents_fa("ماموران امنیتی امروز در کاشان تجمع بازنشستگان را بر هم زدند و سه نفر از آنان را با خود "
                            "بردند."))
    assert inc["type"] == "Protests" and inc["counts"]["arrested"]["min"] == 3
    assert not any((i["counts"].get("arrested") or {}).get("min") for i in incidents_fa(
        "سارقان مسلح شب گذشته به یک طلافروشی در کاشان حمله کردند و اموال مغازه را با خود بردند."))


def test_the_source_an_outlet_cites_after_its_dash_claims_the_item(incidents_fa):
    inc = _one(incidents_fa("ایران اینترنشنال — منابع محلی می‌گویند صبح امروز ماموران در کاشان به سوی معترضان شلیک "
                            "کرده‌اند و دو نفر کشته شده‌اند."))
    assert "منابع محلی" in inc["claimant"] and "اینترنشنال" not in inc["claimant"]


# --- blind batches 65-68 (features, UN/NGO releases, broadcast scripts, economic unrest): their classes of miss, on
# sentences written here ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "arrested", "name"), [
    ("Nine teachers were taken away by plainclothes agents in Arak on Monday.", 9, None),
    # a name the parser calls an organisation
    ("Leila Farahani, an editor at the Ilam daily Sobh-e Ilam, was taken from her office by agents in Ilam on Monday.",
     1, "Leila Farahani"),
])
def test_people_taken_away_or_from_their_home_are_arrested(incidents, text, arrested, name):
    inc = _one(incidents(text, "2024-02-14"))
    assert inc["sub_type"] == "Arrests" and inc["counts"]["arrested"]["min"] == arrested
    assert name is None or [v["name"] for v in inc["victims"]] == [name]


def test_things_taken_away_are_no_arrest(incidents):
    assert incidents("Agents took away their phones and laptops in Arak on Monday.", "2024-02-14") == []


@pytest.mark.parametrize(("text", "role", "figure", "name"), [
    ("Police detained seven students in Yasuj on Sunday, among them 19-year-old Mina Karami.", "arrested", 7,
     "Mina Karami"),
    ("Gunmen opened fire on a wedding party in Kazerun on Friday, killing four people, among them a six-year-old "
     "girl, Nazanin Sharifi.", "killed", 4, "Nazanin Sharifi"),
])
def test_one_listed_among_those_counted_is_a_victim_not_one_more(incidents, text, role, figure, name):
    inc = _one(incidents(text, "2024-02-14"))
    assert inc["counts"][role]["min"] == figure and name in [v["name"] for v in inc["victims"]]


@pytest.mark.parametrize(("text", "role", "low", "high"), [
    ("Police arrested up to 30 people in Zanjan on Monday.", "arrested", 1, 30),
    ("Activists said a handful of students were detained in Qom on Tuesday.", "arrested", 3, 5),
    ("Nearly 50 people were arrested in Arak on Monday.", "arrested", 50, 50),
])
def test_bounded_and_vague_figures_have_a_lowest_credible_number(incidents, text, role, low, high):
    count = _one(incidents(text, "2024-02-14"))["counts"][role]
    assert (count["min"], count["max"]) == (low, high)


@pytest.mark.parametrize(("text", "claimant"), [
    # a lead that names the source, then the details in the author's voice
    ("A well-known poet has been detained, her husband says. Sara Ebrahimi was taken from her home in Hamadan on "
     "Sunday evening by men in plain clothes.", "husband"),
    # a monitor's release: what it said first, then an arrest told without a verb of saying
    ("The rights group Hengaw said on Monday that a Kurdish teacher had been sentenced to prison. His brother, Kamal "
     "Moradi, was detained in Sanandaj on Saturday after he spoke to the media.", "Hengaw"),
    # the source named after the event it tells
    ("Teachers in Ardabil walked off the job on Saturday over unpaid wages. By Monday the strike had spread to Tabriz, "
     "the teachers' union said.", "union"),
])
def test_the_paragraphs_source_claims_what_its_author_tells(incidents, text, claimant):
    incs = incidents(text, "2024-02-14")
    assert incs and all(claimant in i["claimant"] for i in incs), incs


def test_a_relative_speaking_after_does_not_claim_the_incident(incidents):
    incs = incidents("A cleric was stabbed in Arak on Monday. The city is known for its carpet workshops. His son "
                     "told reporters that his father had received threats for months.", "2024-02-14")
    assert incs and not any("son" in i["claimant"] for i in incs), incs


def test_every_source_after_according_to_is_a_claimant(incidents):
    claimant = _one(incidents("According to his family and to the rights group Hengaw, Karim Azizi was shot dead by "
                              "border guards near Sardasht on Monday.", "2024-02-14"))["claimant"]
    assert "family" in claimant and "Hengaw" in claimant


def test_the_list_of_victims_stops_at_the_source(incidents):
    inc = _one(incidents("Police killed at least three people in Saravan on Friday, including a teenager, Omid "
                         "Rigi, the Baluch rights group Haalvsh said.", "2024-02-14"))
    assert _killed(inc) == 3 and [v["name"] for v in inc["victims"]] == ["Omid Rigi"]
    assert "Haalvsh" in inc["claimant"] and "Rigi" not in inc["claimant"]


def test_who_is_the_person_not_the_town_he_is_from(incidents):
    inc = _one(incidents("Rights groups spoke to the family of Hamed Akbari, a baker from Saqqez, who was shot dead by "
                         "police on Monday.", "2024-02-14"))
    assert _killed(inc) == 1 and [v["name"] for v in inc["victims"]] == ["Hamed Akbari"]


def test_an_arrest_with_a_beating_is_an_arrest(incidents):
    inc = _one(incidents("Agents arrested the lawyer Nima Farzad at his office in Rasht on Monday and beat him in "
                         "front of his clients.", "2024-02-14"))
    assert (inc["type"], inc["sub_type"]) == ("Strategic developments", "Arrests")
    assert inc["counts"]["arrested"]["min"] == 1


def test_a_heart_attack_is_no_attack(incidents):
    inc = _one(incidents("Kaveh Jafari, a 30-year-old protester held in Dizelabad prison, died in Kermanshah on "
                         "Sunday; the authorities told his family he had died of a heart attack.", "2024-02-14"))
    assert inc["type"] == "Violence against civilians" and "attack" not in inc["trigger"]


@pytest.mark.parametrize("text", [
    "Activists are calling for strikes to mark three years since the crackdown on fuel protests in 2019.",
    "Strikes by nurses have become a familiar sight in Iranian hospitals since the pandemic.",
    "Attacks on journalists have become common since the protests.",
])
def test_a_class_of_events_or_a_past_years_event_is_no_incident(incidents, text):
    assert incidents(text, "2022-11-14") == []


def test_the_date_of_a_charge_weeks_before_is_not_the_executions(incidents):
    inc = _one(incidents("Iran has hanged a man convicted of killing a policeman during last year's protests, the "
                         "judiciary said on Saturday.", "2024-02-10"))
    assert not inc["date"]["value"].startswith("2023")


def test_a_name_after_an_age_is_the_one_named(incidents):
    inc = _one(incidents("Police shot dead a teenager in Baneh on Monday, Hengaw said. It named him as 16-year-old "
                         "Kamal Ahmadi.", "2024-02-14"))
    assert [v["name"] for v in inc["victims"]] == ["Kamal Ahmadi"]


@pytest.mark.parametrize(("text", "town"), [
    # a rights group's release opening with its town and date in brackets
    ("(Beirut, May 3, 2023) - Police detained three lawyers in Tabriz on Monday, Human Rights Watch said.", "Tabriz"),
    # a town's professional body
    ("Agents detained two lawyers outside the Shiraz Bar Association on Monday.", "Shiraz"),
    # the province, not its capital, when "province" follows; the town named beside it
    ("Farmers in the west of Isfahan province blocked a road near Varzaneh on Monday.", "Varzaneh"),
    ("Contract workers at the refineries of Asaluyeh went on strike on Sunday.", "Asaluyeh"),
    # a town described right after its name, the event told with "the town's" only
    ("Dehgolan, a small town in Kurdistan province, was quiet for weeks. On Saturday police arrested six people near "
     "the town's bazaar.", "Dehgolan"),
])
def test_the_town_of_the_event(incidents, text, town):
    incs = incidents(text, "2023-05-03")
    names = [(i["place"] or {}).get("name", "").lower().replace("-", "") for i in incs]
    assert names and all(town.lower()[:6] in n for n in names), incs


def test_a_body_handed_to_the_family_is_a_death_and_the_old_arrest_says_who(incidents):
    inc = _one(incidents("The body of Milad Rahmani, 28, who had been arrested during protests in Mahabad, was handed "
                         "to his family on Saturday, Hengaw said.", "2023-05-14"))
    assert _killed(inc) == 1 and inc["type"] == "Violence against civilians"
    assert [v["name"] for v in inc["victims"]] == ["Milad Rahmani"]


def test_the_dateline_is_not_part_of_the_source(incidents):
    inc = _one(incidents("GENEVA (12 May 2023) - The UN human rights office said on Friday it was deeply alarmed by "
                         "the execution of three men in Isfahan on Thursday.", "2023-05-14"))
    assert inc["claimant"] == "UN human rights office" and _killed(inc) == 3


def test_a_blockade_told_before_the_police_action_is_the_protesters(incidents):
    inc = _one(incidents("Truck drivers blocked the highway between Qazvin and Rasht on Monday; police detained a "
                         "handful of them, activists said.", "2023-05-14"))
    assert (inc["type"], inc["sub_type"]) == ("Protests", "Protest with intervention")
    assert inc["place"]["name"] == "Qazvin" and inc["counts"]["arrested"]["min"] == 3


@pytest.mark.parametrize(("text", "protest"), [
    ("Nurses at a public hospital in Yazd stopped work on Monday to protest unpaid overtime, their union said.", True),
    ("Hundreds of workers at a steel plant in Ahvaz stopped work on Sunday.", True),
    ("The factory stopped work in Arak on Monday because of power cuts.", False),
])
def test_people_who_stop_work_strike(incidents, text, protest):
    incs = incidents(text, "2024-03-05")
    assert bool(incs) == protest and all(i["type"] == "Protests" for i in incs)


def test_a_protest_a_day_before_does_not_type_the_arrests(incidents):
    inc = _one(incidents("On Thursday, a day after the protest, agents raided the homes of several organisers in "
                         "Shahr-e Kord and arrested four of them, the workers' syndicate said.", "2024-03-05"))
    assert inc["sub_type"] == "Arrests" and inc["counts"]["arrested"]["min"] == 4


# --- blind batches 61-64 (enblind11): figures stated or revised by a verb, period totals, groups left dead, places
# named by a site or between two towns, the event's own day, negated words; sentences written here ------------------
def _count(inc: dict, role: str) -> int | None:
    return (inc["counts"].get(role) or {}).get("min")


@pytest.mark.parametrize(("text", "published", "role", "figure"), [
    # a stated figure in the sentence after the incident's fills its count
    ("Police fired on demonstrators in Khorramabad on Monday, killing two people. Doctors put the number of injured "
     "at 17.", "2025-06-10", "injured", 17),
    ("A provincial official estimated the dead at nine after a car bomb exploded near a market in Chabahar on "
     "Sunday.", "2025-06-10", "killed", 9),
    # a revised figure replaces the parts told beside it, and the earlier report's figure told after it
    ("The group Hengaw raised the toll from Friday's shooting of porters near Sardasht to five, saying three wounded "
     "men died in hospital. It had earlier reported two deaths.", "2025-06-10", "killed", 5),
    ("Initial reports said seven protesters had been killed in Izeh on Monday; the governor later corrected the "
     "figure to four.", "2025-06-10", "killed", 4),
    ("The prosecutor revised the number of people hurt in Saturday's grenade attack in Zahedan from 11 to 8.",
     "2025-06-10", "injured", 8),
    # an exact figure replaces a vague word for the same people
    ("Scores of schoolgirls in Saveh were taken to hospital on Monday after a foul smell filled their school. The "
     "health ministry put the number treated at 52.", "2025-06-10", "injured", 52),
    # a figure of some of them is no count, and a running total is not the event's figure
    ("Security forces detained 20 people in Rasht on Monday, police said, putting the number of students among them "
     "at six.", "2025-06-10", "arrested", 20),
    ("Guards hanged a man in Qom on Tuesday, raising the number of executions this year to 250.", "2025-06-10",
     "killed", 1),
])
def test_a_figure_a_verb_states_or_revises(incidents, text, published, role, figure):
    assert _count(_one(incidents(text, published)), role) == figure


def test_the_reviser_of_an_earlier_report_is_the_claimant(incidents):
    inc = _one(incidents("Initial reports said seven protesters had been killed in Izeh on Monday; the governor later "
                         "corrected the figure to four.", "2025-06-10"))
    assert "governor" in inc["claimant"] and inc["date"]["value"] == "2025-06-09"


@pytest.mark.parametrize(("text", "published"), [
    ("In 2025, the authorities executed at least 1,100 people, a monitor said.", "2026-01-20"),
    ("In March alone, police arrested 340 women over their dress, activists said.", "2026-04-20"),
    ("In May, the courts carried out at least 120 executions, the group said.", "2025-06-10"),
    # the people of a total named again by a pronoun and their act
    ("Iran hanged 800 people in 2024, a rights group said. It said at least 20 of those executed were Afghans.",
     "2025-02-10"),
])
def test_a_whole_year_or_a_marked_month_counts_many_events(incidents, text, published):
    assert incidents(text, published) == []


def test_a_month_with_a_small_figure_may_date_one_raid(incidents):
    inc = _one(incidents("Police arrested 12 people in Zahedan in October, HRANA said.", "2025-11-10"))
    assert _count(inc, "arrested") == 12


@pytest.mark.parametrize(("text", "figure"), [
    ("An ambush near Saravan on Friday left three soldiers and two gunmen dead, the army said.", 5),
    ("Police and armed bandits traded fire outside Iranshahr on Friday, leaving one officer and three bandits dead.",
     4),
])
def test_groups_left_dead_add_up(incidents, text, figure):
    inc = _one(incidents(text, "2025-06-10"))
    assert _killed(inc) == figure and inc["type"] == "Battles"


@pytest.mark.parametrize(("text", "town"), [
    ("A porter was shot dead on the trail between Armardeh and Baneh on Monday, Hengaw said.", "Armardeh"),
    ("A bomb damaged a pipeline near the Ahvaz facility on Monday, the governor said.", "Ahvaz"),
])
def test_a_place_named_by_a_site_or_a_route(incidents, text, town):
    assert _one(incidents(text, "2025-06-10"))["place"]["name"] == town


@pytest.mark.parametrize(("text", "published", "day"), [
    # a day owning the event's word, even in a clause
    ("Officials on Thursday lowered the number of pilgrims injured in Tuesday's knife attack at a shrine in Yazd to "
     "three.", "2025-06-13", "2025-06-10"),
    # a day inside the year a running total counts
    ("Authorities hanged two men in Shiraz at dawn on Monday, bringing the number of executions in the province this "
     "year to 41, the group said.", "2025-06-11", "2025-06-09"),
    # the day a report came out is when it was told; a date the parser hung on "said" inside what was said
    ("In a statement issued on Monday, the group said the latest death, of Soran Karimi near Marivan on May 30, had "
     "gone unnoticed.", "2025-06-10", "2025-05-30"),
])
def test_the_event_s_own_day(incidents, text, published, day):
    assert _one(incidents(text, published))["date"]["value"] == day


def test_a_word_a_negative_determiner_denies_neither_types_nor_claims(incidents):
    inc = _one(incidents("Nurses rallied outside a hospital in Arak on Sunday; no arrests were reported, the ILNA "
                         "agency said.", "2025-06-10"))
    assert inc["sub_type"] == "Peaceful protest" and "ILNA" in inc["claimant"]


def test_the_protest_word_of_one_sentenced_is_who_they_are(incidents):
    assert incidents("A court in Shiraz sentenced Amir Rahimi, a protester from Fasa, to death on Monday, his family "
                     "said.", "2025-06-10") == []
    # an event word that only says what cases concern
    assert incidents("Last year the courts issued 30 prison terms in strike-related cases, lawyers said.",
                     "2025-06-10") == []


@pytest.mark.parametrize(("text", "figure"), [
    ("Agents detained 9 teachers' union members in Ahvaz on Monday, the union said.", 9),
    ("The group published the names of 11 men arrested in Saravan on Friday.", 11),
])
def test_who_is_counted_behind_a_possessive_or_a_list(incidents, text, figure):
    assert _count(_one(incidents(text, "2025-06-10")), "arrested") == figure


@pytest.mark.parametrize(("text", "figure"), [
    ("A canister of gas thrown into a girls' school in Hamedan on Monday sickened 14 pupils, officials said.", 14),
    ("Girls at a school in Saveh fell ill on Monday and 22 of them were treated in hospital, parents said.", 22),
])
def test_pupils_harmed_by_gas_are_injured(incidents, text, figure):
    inc = _one(incidents(text, "2025-06-10"))
    assert _count(inc, "injured") == figure and inc["type"] == "Violence against civilians"


def test_two_person_entities_side_by_side_are_one_name(nlp):
    from spacy.tokens import Span

    from rasad.incidents.victims import _adjacent_persons_joined

    doc = nlp.make_doc("Gunmen killed Mawlawi Omid Karim Rigi in Khash.")
    doc.ents = [Span(doc, 2, 4, label="PERSON"), Span(doc, 4, 6, label="PERSON")]
    sent = doc[:]
    assert [e.text for e in _adjacent_persons_joined(sent)] == ["Mawlawi Omid Karim Rigi"]


def test_a_man_of_a_force_named_by_its_name_before_his_rank(incidents):
    inc = _one(incidents("An IRGC commander, Hamid Ahmadi, and his bodyguard were shot dead in an ambush near Sarbaz "
                         "on Monday, state television said.", "2025-06-10"))
    assert inc["type"] == "Battles" and _killed(inc) == 2


def test_the_protesters_of_a_rally_the_arrested_are_charged_with_are_in_the_charge(incidents):
    inc = _one(incidents("Police said on Monday they had detained 7 men in Arak suspected of organising a march on "
                         "Friday in which demonstrators burned a bank.", "2025-06-10"))
    assert inc["type"] == "Strategic developments" and _count(inc, "arrested") == 7


def test_the_group_said_is_the_group_named_before(incidents):
    inc = _one(incidents("Since March, guards have killed at least 30 porters, according to a tally by the group "
                         "Kolbarnews. The latest, Karim Veisi, was shot dead near Nowsud on Sunday, the group said.",
                         "2025-06-10"))
    assert inc["claimant"] == "group Kolbarnews"


def test_the_name_given_to_one_whose_identity_is_told(incidents):
    inc = _one(incidents("Activists confirmed the identity of a teacher detained in Sanandaj on Monday as Hiwa "
                         "Karimi.", "2025-06-10"))
    assert [v["name"] for v in inc["victims"]] == ["Hiwa Karimi"]


def test_the_day_of_the_blow_not_of_the_death_it_led_to(incidents):
    inc = _one(incidents("A teacher who was beaten by police in Yasuj on Saturday died in hospital on Wednesday, his "
                         "family said.", "2025-06-13"))
    assert inc["date"]["value"] == "2025-06-07" and _killed(inc) == 1


def test_the_cleric_is_the_one_named_with_a_cleric_s_title(incidents):
    inc = _one(incidents("Gunmen fired on a car carrying Sheikh Omar Hosseini and his driver, Karim Ahmadi, near Baneh "
                         "on Sunday, killing the cleric.", "2025-06-10"))
    assert [v["name"] for v in inc["victims"]] == ["Omar Hosseini"]


def test_the_day_inside_what_a_report_says_is_the_events(incidents):
    inc = _one(incidents("UN experts said today they were alarmed by reports that morality police beat a 16-year-old "
                         "girl, Sara Ghasemi, in a park in Qom on 12 May after she was seen without a headscarf.",
                         "2024-05-17"))
    assert inc["date"]["value"] == "2024-05-12"


# --- enblind10 (batches 57-60): their classes of miss, on sentences written here ----------------------------------
@pytest.mark.parametrize(("text", "town"), [
    # a state agency's title-case dateline is no place
    ("Zahedan, IRNA - Gunmen killed two police officers in an attack on a checkpoint in Saravan on Monday, the "
     "provincial police said.", "Saravan"),
    # the country a group operates from is no place, and a border area names its town
    ("Militants ambushed a border patrol in the Saravan border area on Monday, killing three guards, Tasnim said. "
     "Jaish al-Adl, which operates from Pakistan, claimed the attack.", "Saravan"),
    # another country's possessive is an owner, not a place
    ("Iran hanged a man in Qom on Monday whom it accused of working for Britain's MI6, the judiciary said.", "Qom"),
])
def test_datelines_bases_and_owners_are_no_places(incidents, text, town):
    assert _one(incidents(text, "2023-05-02"))["place"]["name"] == town


@pytest.mark.parametrize(("text", "claimant"), [
    ("Hengaw said in its monthly report that 14 porters were shot dead in September. On Sept. 22, border guards "
     "shot dead a porter near Sardasht.", "Hengaw"),
    ("Iran Human Rights recorded 30 executions in June. In the latest, a man was hanged in Qom on June 29, "
     "the group said.", "Iran Human Rights"),
])
def test_a_source_named_earlier_in_the_paragraph_claims_what_follows(incidents, text, claimant):
    incs = incidents(text, "2023-10-04")
    assert any(claimant in i["claimant"] and _killed(i) == 1 for i in incs), incs


@pytest.mark.parametrize(("text", "names"), [
    ("A detained student died in custody in Ardabil on Friday, the rights group HRANA said. Officials told his "
     "family that Behnam Sadeghi, 22, had taken his own life.", ["Behnam Sadeghi"]),
    ("Police shot dead two smugglers near Khash on Monday, Haalvsh said, naming the dead as Nasser Rigi, 31, and "
     "Omid Mirzaei, 25.", ["Nasser Rigi", "Omid Mirzaei"]),
    ("The group also reported the death in custody of a 41-year-old teacher, Parvin Ahmadi, in Qom on May 3.",
     ["Parvin Ahmadi"]),
])
def test_a_lone_victim_named_with_an_age(incidents, text, names):
    inc = _one(incidents(text, "2023-05-09"))
    assert sorted(v["name"] for v in inc["victims"]) == sorted(names)


def test_a_kinsman_named_with_an_age_is_no_victim(incidents):
    inc = _one(incidents("A young man was shot dead by police in Ilam on Monday. His father, Karim Azadi, 60, "
                         "said the family had not been given the body.", "2023-05-09"))
    assert all(v["name"] != "Karim Azadi" for v in inc["victims"])


def test_an_event_nouns_article_gives_way_to_the_people_counted(incidents):
    inc = _one(incidents("Three men were hanged in Shiraz on Monday in a public execution, state media said.",
                         "2023-05-09"))
    assert _killed(inc) == 3
    inc = _one(incidents("Iran carried out a public execution in Shiraz on Monday, state media said.", "2023-05-09"))
    assert _killed(inc) == 1


def test_people_taken_away_are_arrested_but_things_are_not(incidents):
    inc = _one(incidents("Plainclothes agents beat the nurses and took three of them away in Yasuj on Sunday, "
                         "IranWire said.", "2023-05-09"))
    assert (inc["counts"]["arrested"] or {}).get("min") == 3
    inc = _one(incidents("Agents took several of the students away in Yasuj on Sunday, IranWire said.", "2023-05-09"))
    assert (inc["counts"]["arrested"] or {}).get("min")
    incs = incidents("Police took two of the trucks away in Yasuj on Sunday.", "2023-05-09")
    assert not any((i["counts"].get("arrested") or {}).get("min") for i in incs)


@pytest.mark.parametrize("text", [
    "The authorities have already executed six men in connection with the unrest, rights groups say.",
    "The outlet said it could not verify reports that two teachers were shot dead in Bukan on Monday.",
    "Activists said they were unable to confirm claims that a porter was killed near Baneh on Monday.",
    "The rapporteur said that at least 55 people had been executed in the first three weeks of the year.",
])
def test_tallies_and_unverified_reports_carry_no_death(incidents, text):
    assert not any(_killed(i) for i in incidents(text, "2023-05-09"))


def test_a_figure_on_a_plural_possessive_counts_the_people(incidents):
    inc = _one(incidents("Police detained eight workers' representatives at a rally in Arak on Sunday.", "2023-05-09"))
    assert (inc["counts"]["arrested"] or {}).get("min") == 8


@pytest.mark.parametrize("text", [
    "Rights groups said police had killed at least 20 people over the past year, including a student, Arash Kamali, "
    "who was shot in the chest at a rally in Izeh on March 3.",
    "The group said border guards had shot dead at least nine porters over the past year, including a student, Arash "
    "Kamali, who was shot near Baneh on March 3.",
])
def test_one_shot_among_those_a_killing_counts_is_dead(incidents, text):
    inc = _one(incidents(text, "2023-05-09"))
    assert _killed(inc) == 1 and inc["date"]["value"] == "2023-03-03"


@pytest.mark.parametrize("text", [
    "Security forces killed at least 30 protesters in the province over the past week, four of them in Piranshahr on "
    "Saturday, Hengaw said.",
    # a span of weeks makes a total; the part with its town is still told
    "Security forces have killed 30 protesters in the province in the past three weeks, four of them in Piranshahr "
    "on Saturday, Hengaw said.",
])
def test_a_part_told_apart_with_its_town_is_the_incident(incidents, text):
    inc = _one(incidents(text, "2022-11-22"))
    assert _killed(inc) == 4 and inc["place"]["name"] == "Piranshahr"


def test_a_report_citing_a_death_tells_it_and_dates_it(incidents):
    incs = incidents("The UN said in a report on Tuesday that executions had risen sharply. The report also cited "
                     "the death of a 30-year-old shepherd, Yaqub Rahimi, on April 2 in the custody of border guards "
                     "in Sarvabad.", "2023-09-12")
    inc = next(i for i in incs if _killed(i))
    assert inc["date"]["value"] == "2023-04-02" and "UN" in inc["claimant"]
    assert [v["name"] for v in inc["victims"]] == ["Yaqub Rahimi"]


def test_a_prisoners_death_after_his_hunger_strike_is_no_force_against_protesters(incidents):
    incs = incidents("A jailed labour activist died in Evin prison in Tehran on Friday after 30 days on hunger "
                     "strike, his lawyer said.", "2023-05-09")
    inc = next(i for i in incs if _killed(i))
    assert inc["type"] == "Violence against civilians"


def test_a_monitors_monthly_tally_is_no_incident_and_names_the_source_of_the_case_after_it(incidents):
    incs = incidents("The group's monthly review recorded 9 deaths in custody in April. In one case, Karim Saberi, 33, "
                     "died in police custody in Arak on April 12, it said.", "2023-05-09")
    inc = _one(incs)
    assert _killed(inc) == 1 and inc["date"]["value"] == "2023-04-12"
    incs = incidents("Hengaw recorded 14 deaths in custody in April. On April 12, Karim Saberi died in police custody "
                     "in Arak.", "2023-05-09")
    assert _killed(_one(incs)) == 1 and "Hengaw" in _one(incs)["claimant"]


@pytest.mark.parametrize("text", [
    "The envoy said at least 90 people had been executed in Iran in April.",
    "Rights groups said 120 teachers were arrested in April.",
])
def test_hangings_or_arrests_counted_over_a_month_are_a_tally(incidents, text):
    assert incidents(text, "2023-05-09") == []


def test_hangings_in_a_named_town_in_a_month_stay_an_event(incidents):
    inc = _one(incidents("Three men were executed in Yazd in April, the judiciary said.", "2023-05-09"))
    assert _killed(inc) == 3


def test_a_bare_figure_hung_on_the_act_counts(incidents):
    inc = _one(incidents("Riot police beat retirees protesting in Tabriz on Sunday and detained at least a dozen, "
                         "IranWire said.", "2023-05-09"))
    assert (inc["counts"]["arrested"] or {}).get("min") == 12


@pytest.mark.parametrize(("text", "agency"), [
    ("ZAHEDAN (IRNA) - Two police officers were killed when gunmen opened fire on a patrol in Zahedan on Thursday.",
     "IRNA"),
    ("Tehran, IRNA - Two police officers were killed in an attack in Saravan on Thursday.", "IRNA"),
    ("DUBAI, Jan 5 (Reuters) - Two men were hanged in Qom on Thursday.", "Reuters"),
])
def test_the_agency_of_a_dateline_asserts_what_the_story_tells_in_its_own_voice(incidents, text, agency):
    assert _one(incidents(text, "2023-06-02"))["claimant"] == agency


def test_an_outlets_noun_stands_for_the_outlet_named_before(incidents):
    incs = incidents("Iran International reported that dozens of dockers in Bushehr walked off the job on Wednesday. "
                     "Security forces later detained four of the organisers, the channel said.", "2023-06-02")
    inc = next(i for i in incs if (i["counts"].get("arrested") or {}).get("min"))
    assert inc["claimant"] == "Iran International"


def test_the_people_harmed_after_a_title_case_dateline_are_counted(incidents):
    inc = _one(incidents("Zahedan, IRNA - Two police officers were killed when gunmen opened fire on a patrol in "
                         "Zahedan on Thursday evening.", "2023-06-02"))
    assert _killed(inc) == 2 and inc["claimant"] == "IRNA"


def test_a_part_listed_with_a_day_of_its_own_is_the_incident_of_a_total(incidents):
    inc = _one(incidents("Amnesty said at least 200 people had been executed in the first four months of the year, "
                         "including 9 on Tuesday alone in prisons in Qom and Arak.", "2023-05-05"))
    assert _killed(inc) == 9 and inc["date"]["value"] == "2023-05-02"
    # a part with no day of its own ("including 12 children") is no part told apart
    inc = _one(incidents("Police arrested 40 people in Zahedan on Friday, including 12 children.", "2023-05-05"))
    assert (inc["counts"]["arrested"] or {}).get("min") == 40


# --- the people who carry a harm into care: "brought in with pellet wounds", "treated 14 people for gunshot
# wounds" (slots.arguments, en.yaml borne_harm_*); sentences written here ----------------------------------------------
@pytest.mark.parametrize(("text", "figure"), [
    ("Doctors at a hospital in Izeh estimated that 30 people had been brought in with pellet wounds on Friday.", 30),
    ("Hospitals in Javanrud treated at least 14 people for gunshot wounds on Saturday, a rights group said.", 14),
    ("Doctors said 40 protesters with pellet injuries were treated in Zahedan on Friday.", 40),
])
def test_the_people_treated_for_wounds_are_the_injured(incidents, text, figure):
    inc = _one(incidents(text, "2025-06-10"))
    assert _count(inc, "injured") == figure


def test_a_harm_caused_to_someone_else_is_not_counted_on_the_accused(incidents):
    # "charged two men with causing injuries": the two men are the accused, not the injured
    assert all(_count(i, "injured") != 2 for i in incidents(
        "Police charged two men with causing serious injuries to a guard in Zahedan on Monday.", "2025-06-10"))


def test_those_who_survive_with_wounds_are_the_injured(incidents):
    inc = _one(incidents("Border guards shot dead three porters near Baneh on Sunday, Hengaw said. Two others survived "
                         "with gunshot wounds.", "2025-06-10"))
    assert _count(inc, "injured") == 2


@pytest.mark.parametrize(("text", "role", "figure"), [
    # the figure hangs on the clause of the people after "of" (slots.stated_figures)
    ("Police arrested six people at a rally in Rasht on Sunday; a local official put the number of those held at "
     "five.", "arrested", 5),
    ("A court official said police put the number of those detained at 12 after clashes in Shiraz on Monday.",
     "arrested", 12),
    ("Security forces fired on protesters in Izeh on Friday; doctors put the number of those wounded at 17.",
     "injured", 17),
])
def test_a_figure_stated_on_the_people_after_of(incidents, text, role, figure):
    assert _count(_one(incidents(text, "2025-06-10")), role) == figure


@pytest.mark.parametrize("text", [
    # a clerical title before the name, the whole tagged an organisation or a work of art
    "The cleric Hojatoleslam Mahmoud Rezaei was shot dead by unknown gunmen in Kazerun on Friday.",
    "Unknown gunmen shot dead Hojatoleslam Mahmoud Rezaei in Kazerun on Friday, IRNA said.",
])
def test_a_cleric_named_with_his_title_is_the_victim(incidents, text):
    inc = _one(incidents(text, "2025-06-10"))
    assert any("Mahmoud Rezaei" in v["name"] for v in inc["victims"])


def test_a_locality_followed_by_its_own_city_still_names_that_city():
    # "کوی دانشگاه تهران": the town after a locality of Tehran's list is Tehran itself, so the locality stands for it
    # (only another town after it says the square is that town's: "میدان آزادی کاشان")
    from rasad.analysis.pipeline import load_nlp
    from rasad.languages.fa.where import find_places

    doc = load_nlp("fa").make_doc("او در حمله ماموران به کوی دانشگاه تهران کشته شد. او دانش‌آموخته دانشگاه شیراز بود.")
    assert 112931 in {p.geonameid for p in find_places(doc)}


# --- enfix (issue 19 leftovers): each written for these tests --------------------------------------------------
@pytest.mark.parametrize("text", [
    "Hengaw said 12 people were wounded in clashes in Sanandaj on Monday. State media put the number of injured at "
    "four.",
    "Twelve protesters were injured when police fired birdshot in Bukan on Sunday, Hengaw said. State media said four "
    "people were injured.",
    "Riot police wounded at least 15 demonstrators in Ahvaz on Friday, according to activists. The semi-official "
    "Tasnim news agency reported that four people were hurt.",
])
def test_two_sources_injury_figures_in_two_sentences_are_one_incident(incidents, text):
    inc = _one(incidents(text, "2023-01-10"))
    injured = inc["counts"]["injured"]
    assert injured["min"] == 4 and (injured["max"] or 99) >= 12 and "contradictory-counts" in inc["flags"]
    assert len(inc["claimant"].split("; ")) == 2


@pytest.mark.parametrize("text", [
    # rioters who fight the state's men are ACLED's rioters, not an organised armed group; "Basij militia" is the
    # state's own force, no militia of another side
    "A Basij militia member was stabbed to death during clashes with rioters in Mashhad on Sunday, state media said.",
    "Rioters stabbed a member of the Basij militia during clashes in Shiraz on Monday.",
    "Two Basij militiamen were wounded in clashes with rioters in Zahedan on Friday, the police chief said.",
])
def test_the_basij_harmed_in_clashes_with_rioters_is_a_riot_not_a_battle(incidents, text):
    assert _one(incidents(text, "2023-01-10"))["type"] == "Riots"


@pytest.mark.parametrize("text", [
    # a given name alone that spaCy tags a place and the gazetteer matches to a town of a like name (Suran)
    "Soran was hanged at dawn on Thursday, the rights group Hengaw said.",
    "Soran, a 24-year-old kolbar, was shot dead by border guards on Monday.",
    "Border guards shot dead Soran near the Iraqi frontier on Monday, Kurdpa said.",
])
def test_a_lone_given_name_is_a_person_not_the_place(incidents, text):
    inc = _one(incidents(text, "2023-01-10"))
    assert inc["place"] is None and _killed(inc) == 1


def test_a_given_name_that_is_a_town_after_in_is_still_the_town(incidents):
    inc = _one(incidents("Police arrested three porters at the Mehran border crossing on Sunday.", "2023-01-10"))
    assert inc["place"]["name"] == "Mehran"


@pytest.mark.parametrize(("text", "victim", "figure"), [
    ("Security forces have killed 14 people in Zahedan since Friday, Amnesty International said. The latest victim, "
     "Omid Baluch, was shot in the chest on Monday.", "Omid Baluch", 14),
    ("Police have killed at least nine protesters in Javanrud this week. The latest victim, a 16-year-old named Karo "
     "Ahmadi, was shot dead on Sunday, Hengaw said.", "Karo Ahmadi", 9),
    ("At least 23 people have been killed in the unrest in Mahabad, activists said. The most recent victim, Sirwan "
     "Moradi, died of his wounds on Tuesday.", "Sirwan Moradi", 23),
])
def test_the_latest_victim_after_a_total_joins_it(incidents, text, victim, figure):
    inc = _one(incidents(text, "2023-01-10"))
    assert _killed(inc) == figure and any(v["name"] == victim and v["fate"] == "killed" for v in inc["victims"])


@pytest.mark.parametrize(("text", "published", "day"), [
    ("Security forces raided a house church in Rasht on Christmas Eve and arrested nine converts, Article 18 said.",
     "2022-12-27", "2022-12-24"),
    ("Police arrested 14 young people at a party in Shiraz on New Year's Eve, the Hengaw rights group said.",
     "2023-01-03", "2022-12-31"),
    # the latest such day not after the publication: last year's, when this year's is still to come
    ("Police arrested 14 young people at a party in Shiraz on New Year's Eve, the Hengaw rights group said.",
     "2022-12-27", "2021-12-31"),
    ("Riot police arrested 20 people in Zahedan on Nowruz, Haalvsh said.", "2023-03-24", "2023-03-21"),
    # lit on the Tuesday night before the Solar year's last Wednesday
    ("Security forces fired tear gas at crowds celebrating Chaharshanbe Suri in Tehran, injuring several people.",
     "2023-03-16", "2023-03-14"),
    ("Police detained dozens of young people during Chaharshanbe Suri in Karaj, state media said.",
     "2024-03-14", "2024-03-12"),
    # the eve of a holiday is the day before it (Yalda: 30 Azar)
    ("Agents detained three labour activists in Sanandaj on the eve of Yalda, their families said.",
     "2022-12-27", "2022-12-20"),
])
def test_a_holiday_dates_the_event_against_the_publication(incidents, text, published, day):
    assert _one(incidents(text, published))["date"]["value"] == day


def test_a_holiday_name_that_is_a_given_name_needs_words_that_make_it_a_day():
    from rasad.analysis.when import find_dates

    assert [m.value for m in find_dates("Yalda Moaiery was arrested in Tehran.", "2022-12-27")] == []
    assert [m.value for m in find_dates("Families gathered on Yalda night in Tehran.", "2022-12-27")] == ["2022-12-21"]


@pytest.mark.parametrize("text", [
    "Reza Karimi, who was arrested in October, was sentenced to five years in prison on Monday, his lawyer said.",
    "A Tehran court on Sunday sentenced Nasrin Ahmadi, a teacher arrested during the protests in November, to six "
    "years in prison.",
    "Labour activist Ali Nejati, detained in Shush in November, was given a three-year sentence on Monday, Hrana said.",
    "The journalist, arrested on 3 October, was sentenced on Monday to seven years.",
])
def test_an_old_arrest_told_of_someone_sentenced_is_no_arrest_of_the_week(incidents, text):
    assert incidents(text, "2023-01-10") == []


@pytest.mark.parametrize(("text", "funeral_day", "killing_day"), [
    ("Mourners gathered in Javanrud on Tuesday for the funeral of Karim Azadi, who was shot dead by security forces "
     "on Sunday.", "2023-01-10", "2023-01-08"),
    ("Thousands of mourners chanting anti-government slogans marched in Izeh on Monday at the burial of a 10-year-old "
     "boy, Kian Pirfalak, who was killed by security forces on Wednesday.", "2023-01-09", "2023-01-04"),
    ("Security forces fired tear gas at mourners in Zahedan on Monday at the funeral of a man who was shot dead by "
     "police on Friday, Haalvsh said.", "2023-01-09", "2023-01-06"),
    ("Mourners in Saqqez on Monday buried a teenager who had been shot dead by security forces two days earlier.",
     "2023-01-09", "2023-01-07"),
])
def test_a_killing_told_with_its_own_day_inside_a_funeral_is_an_incident_of_that_day(incidents, text, funeral_day,
                                                                                     killing_day):
    incs = incidents(text, "2023-01-10")
    killings = [i for i in incs if _killed(i)]
    funerals = [i for i in incs if not _killed(i)]
    assert len(killings) == 1 and len(funerals) == 1, incs
    assert killings[0]["date"]["value"] == killing_day and _killed(killings[0]) == 1
    # the funeral is the day's event, a protest not typed by the killing's words
    assert funerals[0]["date"]["value"] == funeral_day and funerals[0]["type"] == "Protests"
    assert funerals[0]["sub_type"] != "Excessive force against protesters"


@pytest.mark.parametrize("text", [
    "Mahsa Amini died in custody on Friday, her family said.",
    "Sirwan Karimi, a 24-year-old protester, died in custody in Urmia on Thursday, Hengaw said.",
])
def test_one_who_died_in_custody_is_no_wounded_person(incidents, text):
    inc = _one(incidents(text, "2023-01-10"))
    assert _killed(inc) == 1 and inc["counts"].get("injured") is None


@pytest.mark.parametrize("text", [
    # the state force's name in the subject of the act is whose man was harmed, not a monitor speaking
    "A member of the Basij was stabbed during clashes with protesters in Karaj on Saturday.",
    "A Basij militiaman was killed by protesters in Isfahan on Monday.",
    "A member of the Revolutionary Guards was shot dead during clashes with rioters in Zahedan on Friday.",
])
def test_the_harmed_force_in_the_acts_subject_is_no_claimant(incidents, text):
    assert _one(incidents(text, "2023-01-10"))["claimant"] == "author"


@pytest.mark.parametrize(("text", "killing_day"), [
    # a gathering held for someone: the one it is for, as the one a funeral is for
    ("Hundreds of people attended a vigil in Rasht on Monday for Sara Moradi, who was killed by riot police on "
     "Thursday.", "2023-01-05"),
    ("Students gathered in Yazd on Monday for a classmate who was shot dead by police on Friday.", "2023-01-06"),
])
def test_a_killing_told_with_its_own_day_of_the_one_a_gathering_is_for_is_its_own_incident(incidents, text,
                                                                                          killing_day):
    incs = incidents(text, "2023-01-10")
    killings = [i for i in incs if _killed(i)]
    assert len(incs) == 2 and len(killings) == 1 and killings[0]["date"]["value"] == killing_day
    assert all(i["type"] == "Protests" and i["date"]["value"] == "2023-01-09" for i in incs if i not in killings)


# --- enblind13 (blind batches 69-72: prison news, insurgent and cross-border violence, verification-desk copy,
# weekly digests); every sentence here written for these tests ------------------------------------------------------
@pytest.mark.parametrize(("text", "role", "low", "high"), [
    # "between A and B": a range, not the number "A and B" summed (the tagger may call a sentence-opening one a date)
    ("Between 40 and 50 teachers were detained when police broke up a sit-in in Shiraz on Sunday, a union said.",
     "arrested", 40, 50),
    ("Police fired pellets at farmers in Isfahan on Sunday, wounding between six and nine people, residents said.",
     "injured", 6, 9),
    ("Security forces detained between 20 and 30 students at a university in Tabriz on Sunday.", "arrested", 20, 30),
])
def test_a_range_opened_by_between_is_its_two_ends(incidents, text, role, low, high):
    inc = _one(incidents(text, "2025-06-10"))
    assert (inc["counts"][role] or {}).get("min") == low and inc["counts"][role]["max"] == high


def test_a_second_passive_with_its_verb_left_out_counts_its_people(incidents):
    # "were killed and three guards injured": the dated participle is the sentence's second act, not an aside
    inc = _one(incidents("Two soldiers were killed and three civilians injured in a clash near Saravan on Tuesday, IRNA "
                         "said.",
                         "2025-06-12"))
    assert _killed(inc) == 2 and _count(inc, "injured") == 3


def test_a_naming_sentence_between_two_sentences_of_the_incident_names_its_victim(incidents):
    inc = _one(incidents("Border guards shot dead a porter near Sardasht on Friday, the group Hengaw said. The dead man "
                         "was named as Javad Karimi, 24. He was the fourth porter killed in West Azerbaijan province "
                         "since the start of the year, according to the group.", "2025-06-10"))
    assert any(v["name"] == "Javad Karimi" for v in inc["victims"])


def test_a_naming_clause_on_the_harmed_names_the_victim(incidents):
    # the clause's agent makes the man look like a source, the "as" hangs on the agent, and the tagger misses the name
    incs = incidents("The man, identified by the rights group Haalvsh as Karim Baloch, died in hospital on Sunday after "
                     "police fired on his car in Iranshahr.", "2025-06-10")
    assert any(v["name"] == "Karim Baloch" for i in incs for v in i["victims"])


def test_a_toll_raised_for_an_earlier_days_event_takes_that_day(incidents):
    # "raised the death toll from last Tuesday's shooting": the shooting's day, not the day the toll was raised
    inc = _one(incidents("The rights group Hengaw on Saturday raised the death toll from last Tuesday's shooting in "
                         "Bukan to five from three.", "2025-06-14"))
    assert inc["date"]["value"] == "2025-06-10" and _killed(inc) == 5


@pytest.mark.parametrize(("text", "claimant"), [
    # "according to a letter from the teachers published by X": the publisher, whose clause hangs on the noun after
    # "from"
    ("Police detained 11 teachers in Ardabil on Monday, according to a letter from their colleagues published by "
     "HRANA.", "HRANA"),
    # "the party said": the party named before it
    ("Three members of the Kurdistan Freedom Party were killed in an Iranian drone strike near Erbil on Monday, the "
     "party said.", "Kurdistan Freedom Party"),
    # (a country after "of" that the tagger left out of the party's name)
    ("Two members of the Kurdistan Democratic Party of Iran were killed in an Iranian drone strike near Sulaymaniyah "
     "on Monday, the party said.", "Kurdistan Democratic Party of Iran"),
])
def test_the_claimant_is_named_where_the_source_words_point(incidents, text, claimant):
    assert claimant in _one(incidents(text, "2025-06-10"))["claimant"]


@pytest.mark.parametrize("text", [
    # a bare figure, the act's own object, that the tagger took for a date all by itself
    "Missiles hit a camp near Koya on Tuesday, killing at least nine people and wounding 58, the health ministry said.",
    "Gunmen attacked a police post near Khash on Tuesday, killing two officers and wounding 58, IRNA said.",
])
def test_a_bare_figure_tagged_a_date_is_still_the_figure(incidents, text):
    assert any(_count(i, "injured") == 58 for i in incidents(text, "2025-06-12"))



@pytest.mark.parametrize(("text", "place"), [
    # a street named after a person whose name, spelt otherwise, is a town's: the street, not the town
    ("Riot police fired tear gas at protesters on Kashani Street in Sanandaj on Monday, Hengaw said.", "Sanandaj"),
    ("Protesters set fire to a bank on Ferdowsi Street in Saqqez on Monday.", "Saqqez"),
    # a landmark the gazetteer knows stays its city's
    ("Police fired tear gas at protesters in Enghelab Square on Monday, witnesses said.", "Tehran"),
])
def test_a_street_named_like_a_town_is_not_that_town(incidents, text, place):
    assert _one(incidents(text, "2025-06-10"))["place"]["name"] == place



@pytest.mark.parametrize("text", [
    # what a thing only purports to show is not told as having happened
    "A clip shared online that purports to show police beating a woman in Karaj on Monday was filmed in Turkey, "
    "fact-checkers said.",
    "Footage purporting to show soldiers shooting at protesters in Arak on Sunday was two years old, a verification "
    "group said.",
])
def test_what_a_video_purports_to_show_is_no_incident(incidents, text):
    assert incidents(text, "2025-06-10") == []


def test_a_revised_figure_hung_on_the_event_noun_is_the_figure(incidents):
    # "revised down the number of people injured in X's clashes between A and B to 12 from 30": "to 12" hangs on a
    # noun inside the people's clause
    inc = _one(incidents("Officials on Monday revised down the number of people injured in Saturday's clashes between "
                         "police and workers in Arak to 12 from 30, IRNA reported.", "2025-06-10"))
    assert _count(inc, "injured") == 12


@pytest.mark.parametrize("text", [
    # prisoners who turn on their guards riot (not a battle with an unnamed armed group, not violence against civilians)
    "Inmates at Sheiban prison in Ahvaz set fire to blankets and took control of a ward on Monday night, and six guards "
    "were hurt, officials said.",
    "Inmates attacked guards at Sheiban prison in Ahvaz on Monday, injuring six, officials said.",
])
def test_inmates_who_harm_their_guards_riot(incidents, text):
    assert _one(incidents(text, "2025-06-10"))["type"] == "Riots"


def test_an_attack_on_a_post_a_state_force_owns_is_a_battle(incidents):
    # "attacked the Revolutionary Guards' base": the force's post, named by its owner, is the state's men attacked
    incs = incidents("Jaish al-Adl militants attacked the Revolutionary Guards' base in Saravan late on Monday, sparking "
                     "clashes that lasted until dawn, state media said. The governor, Ali Karimi, said six members of "
                     "the security forces and nine militants were killed.", "2025-06-10")
    assert any(i["type"] == "Battles" and _killed(i) == 15 for i in incs)



@pytest.mark.parametrize(("text", "dead"), [
    # "were killed, including a girl, the group said": the reporting clause taken for a relative one on the girl, or
    # the source for an apposition of her
    ("Security forces fired on a crowd in Bukan on Sunday, and at least four people were killed, including a 12-year-old "
     "girl, the rights group Hengaw said, citing relatives.", 4),
    ("Police fired on mourners in Sardasht on Friday. Six people were killed, including a 15-year-old student, the "
     "rights group Hengaw said, citing hospital staff.", 6),
])
def test_the_source_after_an_including_tail_is_the_claimant(incidents, text, dead):
    inc = _one(incidents(text, "2025-06-10"))
    assert "Hengaw" in inc["claimant"] and _killed(inc) == dead


@pytest.mark.parametrize(("text", "place"), [
    # the place of an earlier event in a clause set off by a span of days is not where this one happened
    ("Forty days after her son was executed in Shiraz, the mother of a young protester was detained at his grave in "
     "Marvdasht on Tuesday, HRANA said.", "Marvdasht"),
    ("A week after her son was killed by police in Zahedan, his mother was arrested in Khash on Tuesday, Haalvsh said.",
     "Khash"),
])
def test_the_place_of_an_earlier_event_set_off_by_days_gives_way(incidents, text, place):
    assert _one(incidents(text, "2025-06-12"))["place"]["name"] == place


@pytest.mark.parametrize("text", [
    # "the mother of an executed protester": who she is the kin of, not a killing told here
    "Forty days after her son was hanged in Shiraz, the mother of an executed protester was detained at his grave in "
    "Marvdasht on Tuesday, HRANA said.",
    "Police detained the brother of an executed prisoner in Karaj on Tuesday, HRANA said.",
])
def test_the_act_on_the_one_the_kin_are_of_is_no_killing(incidents, text):
    inc = _one(incidents(text, "2025-06-12"))
    assert inc["type"] == "Strategic developments" and not _killed(inc)


def test_a_province_in_a_bodys_name_is_not_the_place(incidents):
    # "the Kurdistan Region Security Council said": the council's name, not where the strike was
    incs = incidents("Missiles struck a house in Erbil late on Monday. Three civilians were killed and five wounded, the "
                     "Kurdistan Region Security Council said.", "2024-01-16")
    assert [i["place"]["name"] for i in incs if _killed(i) == 3] == ["Erbil"]


def test_the_part_of_a_semicolon_list_that_tells_the_event_gives_its_day_and_place(incidents):
    # a digest's list: the sentence passed in Tabriz is told beside the event, the raid in Rasht on Tuesday is the event
    inc = _one(incidents("Also this week: a court in Tabriz sentenced three Azeri activists to prison; a journalist was "
                         "summoned in Zanjan; and on Tuesday, police raided a concert in Rasht and detained 40 people, the "
                         "Gilan police chief said.", "2025-08-16"))
    assert inc["place"]["name"] == "Rasht" and inc["date"]["value"] == "2025-08-12" and _count(inc, "arrested") == 40


def test_a_protest_in_a_clause_on_the_one_the_kin_are_of_describes_the_dead(incidents):
    # "The family of X, a farmer detained in last month's protests, was told that he had died in prison": who he was,
    # not force used on a protest
    inc = _one(incidents("The family of Reza Moradi, a 40-year-old farmer detained in last month's protests in Izeh, was "
                         "told on Thursday that he had died in Sheiban prison in Ahvaz, his cousin told HRANA.",
                         "2025-05-02"))
    assert inc["type"] == "Violence against civilians" and _killed(inc) == 1


def test_kin_taken_away_are_arrested(incidents):
    # "took away two of his brothers": a number of kin taken away is an arrest of that many
    inc = _one(incidents("Police arrested a teachers' union leader at his home in Ardabil on Tuesday, HRANA said. Agents "
                         "also took away two of his brothers, the agency said.", "2025-06-12"))
    assert _count(inc, "arrested") == 3


def test_each_source_of_a_sentences_figures_claims_it(incidents):
    # "Officials put the toll at six; Amnesty said at least 11 had been killed": both sources claim the incident
    inc = _one(incidents("Officials put the toll from Friday's shooting of protesters in Izeh at six; Amnesty "
                         "International said on Saturday that at least 11 people had been killed.", "2025-06-14"))
    assert "Officials" in inc["claimant"] and "Amnesty International" in inc["claimant"]


# --- lead, after the merge: a street named for a quarter of its city is in that city --------------------------------
@pytest.mark.parametrize("text", [
    "Protesters were beaten by riot police on Pirouzi Street on Monday night, witnesses said.",
    "Security forces fired tear gas at mourners gathered in Naziabad Street on Monday, activists said.",
])
def test_a_street_named_for_a_quarter_of_its_city_is_in_that_city(incidents, text):
    # (a street named like another town is not that town: "Kashani Street" is not Kashan; a quarter of Tehran the
    # gazetteer lists resolves to Tehran, and so does the street named for it)
    inc = _one(incidents(text, "2025-06-10"))
    assert inc["place"]["name"] == "Tehran"
