"""Issue 19, twenty-first session (enfix21b): classes of miss left open by the blind batches 77-84, each fixed by a
general rule. Every paragraph here was written for these tests; none is from a batch or an eval file."""

from __future__ import annotations

import pytest


# the module fixture and helper of the issue-19 tests: non-background incidents of a paragraph
from test_news_slots import _one, incidents  # noqa: E402,F401


# --- an all-caps wire or caption dateline is the place when the text names no other --------------------------
@pytest.mark.parametrize(("text", "town"), [
    ("SANANDAJ, Iran — Riot police fired live rounds at mourners leaving a cemetery on Thursday, killing three "
     "people, Hengaw said.", "Sanandaj"),
    ("MAHABAD, Iran (AP) — Security forces shot dead two young men during a night of protests on Tuesday, a rights "
     "group said.", "Mahabad"),
    ("TABRIZ (Reuters) - Police arrested 14 students at a university sit-in on Monday, HRANA said.", "Tabriz"),
])
def test_an_all_caps_dateline_is_the_place_when_no_other_is_named(incidents, text, town):
    inc = _one(incidents(text, "2023-05-20"))
    assert inc["place"] is not None and inc["place"]["name"] == town


@pytest.mark.parametrize(("text", "town"), [
    # a place named in the text wins over the dateline
    ("TEHRAN (Reuters) - Security forces killed four protesters in Javanrud on Sunday, Hengaw said.", "Javanrud"),
    # the bureau abroad the story was filed from is never where the incident in Iran happened
    ("DUBAI (Reuters) - Iranian security forces killed four protesters on Sunday, a rights group said.", None),
])
def test_the_dateline_gives_way_to_a_named_place_and_never_names_a_bureau_abroad(incidents, text, town):
    inc = _one(incidents(text, "2023-05-20"))
    assert (inc["place"] or {}).get("name") == town


# --- the day a video was posted dates what it shows only when nothing else does ------------------------------
@pytest.mark.parametrize(("text", "day"), [
    ("Fire burns outside a police station in Bukan in this still from a video posted online on Thursday, after "
     "security forces shot dead two men there, Hengaw said.", "2023-05-18"),
    # the day of filming wins over the day of posting
    ("A video filmed in Bukan on Tuesday and posted online on Thursday shows security forces shooting at protesters; "
     "Hengaw said two people were killed.", "2023-05-16"),
])
def test_the_posting_day_dates_the_event_when_nothing_else_does(incidents, text, day):
    assert _one(incidents(text, "2023-05-20"))["date"]["value"] == day


# --- figures per town joined in one sentence: one incident per town, each with the sentence's source -----------
def test_acts_joined_with_their_own_figure_and_town_are_one_incident_per_town(incidents):
    incs = incidents("On Sunday, security agents arrested 9 activists in Sanandaj and detained three more in Marivan, "
                     "the rights group Hengaw said on Monday.", "2023-05-22")
    got = sorted(((i["place"] or {}).get("name"), i["counts"]["arrested"]["min"], i["claimant"]) for i in incs)
    assert got == [("Marivan", 3, "Hengaw"), ("Sanandaj", 9, "Hengaw")]


def test_a_source_the_parser_hangs_on_the_last_town_still_claims_the_acts(incidents):
    # the agency parsed as an apposition of "Khomein", the doers as the subject of "reported"
    incs = incidents("In a sweep on Saturday, intelligence agents arrested at least 8 teachers in Arak and detained "
                     "two more in Khomein, the Human Rights Activists News Agency (HRANA) reported on Monday.",
                     "2023-05-22")
    assert incs and all("HRANA" in i["claimant"] for i in incs), incs


# --- "two days later": counted on from the day told before it ------------------------------------------------
def test_a_span_later_counts_on_from_the_day_told_before_it(incidents):
    from rasad.analysis.when import find_dates

    # (no day before it, or a day past the publication: no date)
    assert find_dates("Two days later he died in custody.", "2023-05-20") == []
    assert [d.value for d in find_dates("He was detained on Monday, and a week later he was freed.", "2023-05-20")] \
        == ["2023-05-15"]
    incs = incidents("Police arrested a student in Qom on Monday. Two days later he died in custody, his family "
                     "told Hengaw.", "2023-05-20")
    died = [i for i in incs if (i["counts"].get("killed") or {}).get("min")]
    assert died and died[0]["date"]["value"] == "2023-05-17", incs


# --- "two days after ...": the acts after "after" came that span before the day told before it ---------------
@pytest.mark.parametrize(("text", "day"), [
    ("Kurdish officials said on Thursday that the crossing was closed again, two days after border guards shot dead "
     "three porters near Baneh.", "2023-05-16"),
    # the sentence's own act keeps its own day
    ("Police arrested 20 mourners in Saqqez on Friday, a day after the funeral of a teenager, Hengaw said.",
     "2023-05-19"),
])
def test_a_span_after_a_told_day_counts_back_for_the_acts_after_it(incidents, text, day):
    assert _one(incidents(text, "2023-05-20"))["date"]["value"] == day
