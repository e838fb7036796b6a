"""The twenty-first session's merge: two blind victim-story floors fell when enfix21b's and fafix21b's rules met
them (CI on the merged main). Each rule is mended here on sentences written for these tests."""

from __future__ import annotations

# the English and Persian pipelines' fixtures and the one-incident check of the wire tests
from test_news_slots import _one, incidents, incidents_fa  # noqa: F401


def test_a_death_days_later_in_the_acts_sentence_keeps_the_acts_day(incidents):
    # "shot on Monday ...; he died two days later": ACLED dates the event, its death added, so Monday stands
    inc = _one(incidents("Kaveh Rostami, 31, was hit by live rounds in Bukan on Monday; he died two days later.",
                         "2023-05-20"))
    assert inc["date"]["value"] == "2023-05-15", inc
    assert (inc["counts"].get("killed") or {}).get("min") == 1


def test_a_death_days_later_in_a_sentence_of_its_own_is_counted_on(incidents):
    # (a guard of the rule above: told in a sentence after the act's, the death's day is counted on from it)
    incs = incidents("Police arrested a teacher in Divandarreh on Monday. Three days later she died in custody, "
                     "her family told HRANA.", "2023-05-20")
    died = [i for i in incs if (i["counts"].get("killed") or {}).get("min")]
    assert died and died[0]["date"]["value"] == "2023-05-18", incs


def test_a_large_town_after_an_event_noun_needs_no_village_cue(incidents_fa):
    # "در اعتراضات تبریز زخمی شد": the word after the town ends in «ی» like a family name, which stops the village
    # rule ("در منزل مهران کریمی"), but Tabriz needs no cue and stays the place
    inc = _one(incidents_fa("مریم احمدی روز پنجشنبه در اعتراضات تبریز زخمی و بازداشت شد."))
    assert (inc.get("place") or {}).get("name") == "Tabriz", inc


def test_a_victim_storys_day_is_the_day_it_states_not_one_counted_on(tmp_path):
    # "was shot on 12 Dey 1404 ...; he died two days later": the story states 12 Dey (the archive's date_in_text
    # rule); the day counted on from it is no stated day
    from test_victims_eval import _predict_one

    pred = _predict_one(tmp_path, "Omid Farahani was 52. He was standing outside his shop in Bukan on 12 Dey 1404 "
                                  "when a bullet struck his chest; he died two days later.")
    assert pred["date"] == "2026-01-02", pred
