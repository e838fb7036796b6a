"""Incident reports from report text (part 2): what counts as an incident, what does not, and the
figures, dates and places each one carries."""

from __future__ import annotations

import pytest

from rasad.incidents.extract import extract_incidents
from rasad.incidents.victims import cause_of_harm
from rasad.incidents.records import IncidentReport

from conftest import SEED_PATH


@pytest.fixture(scope="module")
def nlp():
    """The pipeline without the framing component, which incidents do not read (its tests are its own)."""
    from rasad.analysis.pipeline import load_nlp

    return load_nlp(exclude=("rasad_framing",))


@pytest.fixture(scope="module")
def seed_analysis(nlp):
    from rasad.analysis.pipeline import analyze
    from rasad.ingest import read_path

    return analyze(read_path(SEED_PATH), nlp=nlp)


@pytest.fixture(scope="module")
def incidents_of(nlp):
    def run(text: str, published_at: str | None = None) -> list[IncidentReport]:
        doc = nlp.make_doc(text)
        doc._.published_at = published_at
        doc._.report_meta = {}
        for _, component in nlp.pipeline:
            doc = component(doc)
        return [IncidentReport.model_validate(i) for i in doc._.incidents]

    return run


def _one(incidents: list[IncidentReport]) -> IncidentReport:
    assert len(incidents) == 1, [i.model_dump() for i in incidents]
    return incidents[0]


# --- the seed report's two "must" incidents --------------------------------------------------------
def test_seed_january_2018_protests_at_month_precision(seed_analysis):
    text = seed_analysis.report.text
    protests = [i for i in seed_analysis.incidents if i["type"] == "Protests" and i["date"]["value"] == "2018-01"]
    assert len(protests) == 1
    inc = protests[0]
    assert inc["date"]["precision"] == "month" and inc["time_precision"] == 3
    assert inc["place"]["name"] == "Iran" and inc["place"]["precision"] == 3
    evidence = " ".join(text[e["start"] : e["end"]] for e in inc["evidence"])
    assert "January 2018 uprising" in evidence


def test_seed_soleimani_killed_in_us_drone_strike(seed_analysis):
    text = seed_analysis.report.text
    strikes = [i for i in seed_analysis.incidents if i["type"] == "Explosions/Remote violence"]
    inc = _one([IncidentReport.model_validate(i) for i in strikes])
    assert inc.sub_type == "Air/drone strike"
    assert "killed" in inc.acts
    assert [v.name for v in inc.victims] == ["Qassem Soleimani"] and inc.victims[0].fate == "killed"
    assert inc.counts.killed.min == 1 and inc.counts.killed.max == 1 and inc.fatalities == 1
    perpetrators = [a for a in inc.actors if a.role == "perpetrator"]
    assert [a.name for a in perpetrators] == ["United States"] and perpetrators[0].inter == 8
    # "US" names the attacker, not where the strike happened (the text does not say where)
    assert inc.place is None or inc.place.name != "United States"
    # day and month are stated, the year is not: no year is invented
    assert inc.date.precision == "day" and inc.date.year_known is False
    assert inc.date.value.endswith("-01-03") and inc.time_precision == 1
    assert text[inc.evidence[0].start : inc.evidence[0].end] == (
        "Qassem Soleimani was killed during the US drone attack on 3rd January."
    )


def test_every_evidence_span_slices_back_into_the_report(seed_analysis):
    text = seed_analysis.report.text
    for inc in seed_analysis.incidents:
        for e in inc["evidence"]:
            assert text[e["start"] : e["end"]].strip() == text[e["start"] : e["end"]] != ""


# --- what is not an incident ------------------------------------------------------------------------
def test_plain_opinion_text_gives_no_incidents(incidents_of):
    opinion = (
        "The economy needs bold reform. In my view the government should listen to its critics and open "
        "the markets. Trust is built slowly, and lost quickly; leaders who forget this pay a price."
    )
    assert incidents_of(opinion) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "No one was killed in the protest.",  # negated
        "The police did not arrest anyone.",  # negated
        "Workers will strike in Tehran next week.",  # future
        "If the prices rise again, people could protest.",  # hypothetical
        "Activists called for protests on Friday.",  # a call to protest
        "Join the rallies in every city!",  # exhortation
        "The regime kills its people.",  # a generic statement, no occurrence
        "They have played a big role in organising protests.",  # no occurrence
    ],
)
def test_negated_future_called_for_and_generic_events_are_not_incidents(incidents_of, sentence):
    assert incidents_of(sentence) == []


# --- counts ---------------------------------------------------------------------------------------------
def test_at_least_twenty_is_an_open_range_and_dozens_a_vague_one(incidents_of):
    inc = _one(incidents_of("Security forces shot dead at least 20 protesters in Zahedan on 30 September 2022, "
                            "and dozens were arrested."))
    assert (inc.type, inc.sub_type) == ("Protests", "Excessive force against protesters")
    assert (inc.counts.killed.min, inc.counts.killed.max, inc.counts.killed.text) == (20, None, "at least 20")
    assert inc.counts.arrested.text == "dozens" and inc.counts.arrested.min < inc.counts.arrested.max
    assert inc.fatalities == 20
    assert {"killed", "arrested"} <= set(inc.acts)
    state = [a for a in inc.actors if a.role == "perpetrator"]
    assert state and state[0].inter == 1  # security forces: ACLED state forces
    assert inc.place.name == "Zahedan" and inc.place.precision == 1 and inc.place.province == "Sistan and Baluchestan"
    assert inc.date.value == "2022-09-30" and inc.time_precision == 1


def test_two_teenagers_counts_two_and_a_solar_hijri_date_resolves(incidents_of):
    inc = _one(incidents_of("Two teenagers were killed in Mahabad on 20 Mehr 1401."))
    assert (inc.counts.killed.min, inc.counts.killed.max) == (2, 2)
    assert inc.date.value == "2022-10-12" and inc.date.precision == "day" and inc.date.year_known
    assert inc.place.name == "Mahabad"  # GeoNames' ASCII name


def test_contradictory_figures_are_kept_as_a_range_not_averaged(incidents_of):
    inc = _one(incidents_of("Officials said 5 people died, while activists said 12 were killed in Sanandaj."))
    assert (inc.counts.killed.min, inc.counts.killed.max) == (5, 12)
    assert "contradictory-counts" in inc.flags
    assert inc.fatalities == 5  # ACLED's conservative figure


def test_absurd_figures_are_kept_and_flagged(incidents_of):
    inc = _one(incidents_of("The army killed 10,000,000 people in Tabriz last week."))
    assert inc.counts.killed.min == 10_000_000
    assert "absurd-count" in inc.flags
    assert inc.fatalities == 0  # not taken into a conservative total


def test_participants_of_a_strike(incidents_of):
    inc = _one(incidents_of("Thousands of workers went on strike in Abadan on Monday.", published_at="2024-05-08"))
    assert (inc.type, inc.sub_type) == ("Protests", "Peaceful protest")
    assert inc.counts.participants.text == "Thousands" and inc.counts.participants.min >= 1000
    assert any(a.inter == 6 for a in inc.actors)


def test_an_undated_incident_takes_the_publication_date_at_lower_precision(incidents_of):
    inc = _one(incidents_of("Police arrested three students in Shiraz.", published_at="2023-03-10"))
    assert (inc.type, inc.sub_type) == ("Strategic developments", "Arrests")
    assert inc.counts.arrested.min == 3
    assert inc.date.value == "2023-03-10" and inc.date.precision == "week" and inc.time_precision == 2


def test_named_victim_with_age(incidents_of):
    inc = _one(incidents_of("Ali Moradi Moghaddam, 24 years old, was killed on 9th January in Kerman."))
    assert [(v.name, v.fate, v.age) for v in inc.victims] == [("Ali Moradi Moghaddam", "killed", 24)]


def test_cause_of_harm_from_generic_words():
    assert cause_of_harm("He was shot in the chest by security forces.") == "shot"
    assert cause_of_harm("She was hit by pellets in the face.") == "pellet"
    assert cause_of_harm("He died under torture in detention.") == "torture"
    assert cause_of_harm("He was hanged at dawn.") == "executed"
    assert cause_of_harm("He was beaten with batons.") == "beaten"
    assert cause_of_harm("He died on 18 Dey.") is None


def test_cause_of_harm_ignores_clauses_about_other_people():
    text = "He was shot in the back with a bullet, while his friends and others were hit by pellets."
    assert cause_of_harm(text) == "shot"
    assert cause_of_harm("He was hit by pellets, while others ran away.") == "pellet"


def test_a_death_sentence_is_not_an_execution(incidents_of):
    inc = _one(incidents_of("The Revolutionary Court of Shiraz has sentenced Benyamin Naqdi to execution."))
    assert inc.acts == ["sentenced"] and "killed" not in inc.acts and inc.fatalities == 0
    assert [(v.name, v.fate) for v in inc.victims] == [("Benyamin Naqdi", "sentenced")]


# --- sentences a reviewer found mis-read (eighth session) ------------------------------------------
def test_a_simple_past_the_tagger_takes_for_a_participle_is_still_an_event(incidents_of):
    for text, low in (("Thousands of people protested in Tehran on 8 January 2026.", 2000),
                      ("Hundreds of nurses protested outside the health ministry in Tehran on 8 January 2026.", 200)):
        inc = _one(incidents_of(text))
        assert (inc.type, inc.sub_type) == ("Protests", "Peaceful protest")
        assert inc.counts.participants.min == low and inc.place.name == "Tehran"


def test_a_death_sentence_is_not_a_killing(incidents_of):
    inc = _one(incidents_of("A Revolutionary Court in Urmia sentenced the activist Pakhshan Azizi to death on 23 July 2024."))
    assert inc.acts == ["sentenced"] and inc.fatalities == 0
    assert [(v.name, v.fate) for v in inc.victims] == [("Pakhshan Azizi", "sentenced")]


def test_rape_is_sexual_violence_and_a_detained_victim_is_not_an_arrest(incidents_of):
    inc = _one(incidents_of("A teenage girl was raped by a Basij member in Chabahar on 1 October 2022, her family said."))
    assert (inc.type, inc.sub_type) == ("Violence against civilians", "Sexual violence")
    inc = _one(incidents_of("Guards raped a detained woman in Zahedan prison on 10 October 2022."))
    assert inc.sub_type == "Sexual violence" and "arrested" not in inc.acts and "detained" not in inc.acts


def test_the_place_after_the_perpetrator_is_where_it_happened(incidents_of):
    inc = _one(incidents_of("Two protesters were killed by security forces in Piranshahr on 20 September 2022."))
    assert inc.place.name == "Piranshahr" and inc.place.precision == 1
    assert [a.name for a in inc.actors if a.role == "perpetrator"] == ["security forces"]


def test_more_than_n_is_a_lower_bound_and_a_single_person_is_one(incidents_of):
    inc = _one(incidents_of("In November 2019, more than 300 protesters were killed by security forces in Iran."))
    assert (inc.counts.killed.min, inc.counts.killed.max, inc.counts.killed.text) == (300, None, "more than 300")
    inc = _one(incidents_of("Security forces shot dead a Kolbar near Baneh on 4 April 2023."))
    assert (inc.counts.killed.min, inc.counts.killed.max, inc.fatalities) == (1, 1, 1)
    assert inc.place.name == "Baneh" and inc.place.precision == 2  # near the town: ACLED geo precision 2


def test_riot_police_are_the_state_not_a_riot(incidents_of):
    inc = _one(incidents_of("Riot police dispersed a peaceful gathering of retirees in Ahvaz on 3 February 2023."))
    assert (inc.type, inc.sub_type) == ("Protests", "Protest with intervention")


def test_a_crowd_dispersing_of_itself_is_no_intervention(incidents_of):
    # "dispersed peacefully": the gathering broke up, nobody broke it up (enblind6)
    inc = _one(incidents_of("Several hundred bakers marched to the governorate in Semnan on 2 March 2025 and "
                            "dispersed peacefully at noon."))
    assert (inc.type, inc.sub_type) == ("Protests", "Peaceful protest")
    inc = _one(incidents_of("Police dispersed several hundred bakers who marched to the governorate in Semnan on "
                            "2 March 2025."))
    assert (inc.type, inc.sub_type) == ("Protests", "Protest with intervention")


@pytest.mark.parametrize("text", [
    "The death sentence of a prisoner convicted of armed robbery was carried out in Birjand prison on 5 May 2025.",
    "The qisas sentence of a farmer convicted of killing his neighbour was implemented in Yazd on 5 May 2025.",
])
def test_a_death_sentence_carried_out_is_an_execution(incidents_of, text):
    # the passive of "carried out the death sentence of X" (enblind6)
    inc = _one(incidents_of(text))
    assert inc.type == "Violence against civilians" and "executed" in inc.acts


@pytest.mark.parametrize("text", [
    "Police carried out a raid on a bakery in Birjand on 5 May 2025 and detained two workers.",
    "The prison sentence of a teacher in Birjand was enforced on 5 May 2025.",
])
def test_other_things_carried_out_are_no_execution(incidents_of, text):
    assert all("executed" not in inc.acts for inc in incidents_of(text))


def test_the_other_of_a_pair_is_one_person(incidents_of):
    # "killing one ... and injuring the other": one wounded; "the others" stays uncounted (enblind6)
    inc = _one(incidents_of("Gunmen fired on two road workers near Minab on 7 June 2025, killing one and "
                            "wounding the other."))
    assert (inc.counts.killed.min, inc.counts.injured.min) == (1, 1)
    inc = _one(incidents_of("Gunmen fired on six road workers near Minab on 7 June 2025, killing one and "
                            "wounding the others."))
    assert inc.counts.killed.min == 1 and inc.counts.injured is None or inc.counts.injured.min != 1


def test_died_in_custody_is_its_own_act_and_fate(incidents_of):
    for text, name in (("Mahsa Amini, a 22-year-old woman, died in custody of the morality police in Tehran on "
                        "16 September 2022.", "Mahsa Amini"),
                       ("The Kurdish prisoner Sirwan Rahimi died in Urmia prison on 4 March 2024.", "Sirwan Rahimi")):
        inc = _one(incidents_of(text))
        assert "died in custody" in inc.acts
        assert [(v.name, v.fate) for v in inc.victims] == [(name, "died in custody")]


def test_a_prison_is_placed_in_its_town(incidents_of):
    inc = _one(incidents_of("Three men were hanged in Ghezel Hesar prison on 3 May 2024, HRANA said."))
    assert (inc.place.name, inc.place.province) == ("Karaj", "Alborz")
    assert inc.counts.killed.min == 3 and "executed" in inc.acts


def test_an_occupation_after_an_age_is_kept(incidents_of):
    inc = _one(incidents_of("Security forces arrested Zhila Karimi, a 34-year-old teacher, in Sanandaj on 2 March 2023."))
    assert [(v.name, v.age, v.occupation) for v in inc.victims] == [("Zhila Karimi", 34, "teacher")]


def test_last_week_gives_acled_week_precision(incidents_of):
    inc = _one(incidents_of("Last week, security forces arrested 30 Baha'is in Shiraz.", published_at="2023-06-10"))
    assert (inc.date.value, inc.date.precision, inc.time_precision) == ("2023-06-03", "week", 2)


def test_a_denial_is_not_an_incident(incidents_of):
    assert incidents_of("Officials denied that anyone had been arrested in Bukan on 2 October 2022.") == []


def test_a_clash_names_both_sides_and_counts_who_it_left_dead(incidents_of):
    inc = _one(incidents_of("Clashes broke out between IRGC forces and PJAK militants near Sardasht on 9 July 2022, "
                            "leaving three soldiers dead."))
    assert (inc.type, inc.sub_type) == ("Battles", "Armed clash")
    assert sorted((a.name, a.inter) for a in inc.actors if a.role == "perpetrator") == [("IRGC forces", 1),
                                                                                          ("PJAK militants", 2)]
    assert [(a.name, a.inter) for a in inc.actors if a.role == "target"] == [("soldiers", 1)]
    assert (inc.counts.killed.min, inc.fatalities) == (3, 3)


def test_a_headline_is_its_own_sentence_and_not_an_incident(incidents_of):
    inc = _one(incidents_of("Authorities must end the crackdown\n\nSecurity forces killed 12 protesters in Zahedan on "
                            "28 November 2025."))  # the headline's "must" no longer governs the killing
    assert inc.counts.killed.min == 12
    text = ("Kolbar killed in Baneh, prisoner executed in Urmia\n\nOn 18 Dey 1404, a kolbar named Hiwa Ahmadi was "
            "shot dead by border guards in Baneh.")
    inc = _one(incidents_of(text))  # the title announces the body's incident; it is not one more
    assert inc.acts == ["killed"] and [(v.name, v.fate) for v in inc.victims] == [("Hiwa Ahmadi", "killed")]
    assert [a.name for a in inc.actors if a.role == "perpetrator"] == ["border guards"]
    assert text[inc.evidence[0].start:inc.evidence[0].end].startswith("On 18 Dey 1404")


def test_a_named_execution_counts_one_death(incidents_of):
    inc = _one(incidents_of("On January 13, Zahra Esmaili was executed in Qazvin Central Prison."))
    assert (inc.fatalities, inc.counts.killed.min) == (1, 1)


def test_two_sides_tolls_are_one_incident_with_both_figures_and_both_claimants(incidents_of):
    inc = _one(incidents_of("Iranian officials said five people died in the unrest in Zahedan. However, the rights "
                            "group Haalvsh said that at least 35 people were killed."))
    assert (inc.counts.killed.min, inc.counts.killed.text) == (5, "five / at least 35")
    assert "contradictory-counts" in inc.flags and inc.fatalities == 5
    assert inc.claimant.split("; ")[-1].endswith("Haalvsh")  # each side keeps its name, as written


def test_riot_police_is_not_a_named_victim(incidents_of):
    inc = _one(incidents_of("Riot police fired tear gas in Isfahan on 3 May 2023 and several protesters were injured."))
    assert inc.victims == []


def test_an_aside_about_an_earlier_year_is_not_this_sentences_incident(incidents_of):
    inc = _one(incidents_of("On 6 January 2026, security forces arrested at least seven of the mourners in Behbahan, "
                            "including Mahboubeh Ramezani, the mother of Pejman Gholipour, who was killed in the "
                            "2019 protests."))
    assert (inc.type, inc.sub_type, inc.acts) == ("Strategic developments", "Arrests", ["arrested"])
    assert [v.name for v in inc.victims] == ["Mahboubeh Ramezani"]  # not her son, killed in 2019
    assert incidents_of("On 6 January 2026, the families of those killed in 2019 gathered in Behbahan.") == []


def test_the_main_clause_dates_the_incident_and_each_act_counts_its_people(incidents_of):
    inc = _one(incidents_of("Two protesters who were arrested in Tehran on 3 January 2026 were killed in custody on "
                            "8 January 2026."))
    assert inc.date.value == "2026-01-08" and "died in custody" in inc.acts
    assert (inc.counts.killed.min, inc.counts.arrested.min, inc.fatalities) == (2, 2, 2)


def test_who_is_harmed_decides_the_type(incidents_of):
    inc = _one(incidents_of("Police said two police officers were wounded in Isfahan by stones thrown by demonstrators "
                            "on 3 May 2023."))
    assert (inc.type, inc.sub_type) == ("Riots", "Violent demonstration")
    inc = _one(incidents_of("Unidentified gunmen killed four police officers in Iranshahr on 3 May 2023, IRNA reported."))
    assert (inc.type, inc.sub_type) == ("Battles", "Armed clash")
    assert [(a.name, a.role, a.inter) for a in inc.actors] == [("Unidentified gunmen", "perpetrator", 3),
                                                               ("police officers", "target", 1)]
    inc = _one(incidents_of("Gunmen killed three villagers in Saravan on 3 May 2023."))
    assert (inc.type, inc.sub_type) == ("Violence against civilians", "Attack")


def test_a_past_years_national_total_is_background_not_an_occurrence(incidents_of):
    inc = _one(incidents_of("In 2025, at least 1,500 people were executed in Iran, according to IHRNGO.",
                            published_at="2026-01-14"))
    assert inc.background and inc.counts.killed.min == 1500
    inc = _one(incidents_of("In 2025, two men were executed in Qazvin.", published_at="2026-01-14"))
    assert not inc.background  # a few named-place deaths of last year are still news in January


def test_a_sentence_naming_the_dead_joins_the_incident_before_it(incidents_of):
    inc = _one(incidents_of("Two members of the Basij were martyred by rioters in Izeh on 16 November 2022. The martyrs "
                            "were identified as Hamid Rezaei and Mostafa Bagheri."))
    assert (inc.type, inc.counts.killed.min, inc.fatalities) == ("Riots", 2, 2)
    assert [v.name for v in inc.victims] == ["Hamid Rezaei", "Mostafa Bagheri"]
    assert ("members of the Basij", "target", 1) in [(a.name, a.role, a.inter) for a in inc.actors]


def test_an_aside_in_a_when_clause_does_not_type_the_protest(incidents_of):
    inc = _one(incidents_of("Protesters marched in Zahedan on 29 September 2023 to mark Bloody Friday, when security "
                            "forces killed at least 96 people in 2022.", "2023-10-01"))
    # the killing of 2022 is background to the day, not lethal force against this march
    assert (inc.type, inc.sub_type) == ("Protests", "Peaceful protest")
    assert inc.date.value == "2023-09-29" and inc.acts == [] and inc.fatalities == 0


def test_a_sit_in_is_a_protest(incidents_of):
    inc = _one(incidents_of("Retirees held a sit-in in front of the governor's office in Ahvaz on 3 May 2023."))
    assert (inc.type, inc.sub_type, inc.place.name) == ("Protests", "Peaceful protest", "Ahvaz")


def test_both_sides_of_clashed_with_are_actors(incidents_of):
    inc = _one(incidents_of("Jaish al-Adl fighters clashed with IRGC forces near Saravan on 3 May 2023, leaving two "
                            "soldiers dead."))
    roles = {a.name: a.role for a in inc.actors}
    assert (roles["Jaish al-Adl fighters"], roles["IRGC forces"]) == ("perpetrator", "target")  # ACLED actor 1, 2
    assert (inc.type, inc.sub_type, inc.fatalities) == ("Battles", "Armed clash", 2)
    # the other side is not the agent: the place after it is still the place, and police on the other side
    # do not make protesters who wound police the victims of excessive force
    inc = _one(incidents_of("IRGC forces clashed with villagers of Zahedan on 3 May 2023."))
    assert inc.place.name == "Zahedan"
    inc = _one(incidents_of("Protesters clashed with police in Zahedan on 3 May 2023, injuring two police officers."))
    assert (inc.type, inc.sub_type) == ("Riots", "Violent demonstration")
    assert "police" in {a.name for a in inc.actors}
