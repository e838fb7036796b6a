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
