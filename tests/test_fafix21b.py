"""Persian incident slots, the twenty-first session's helper fafix21b: classes left open by the Persian blind
batches fa_63..fa_70 (news_slots_blind_fa_63..70). Sentences written here, none copied from a batch."""

from __future__ import annotations

# the Persian pipeline's fixture and the one-incident check of the wire tests (published 2023-02-14)
from test_news_slots import _one, incidents_fa  # noqa: F401


def _low(inc: dict, key: str) -> int | None:
    return (inc["counts"].get(key) or {}).get("min")


def test_an_unrests_week_is_its_period_not_a_running_total(incidents_fa):
    # "در اعتراضات هفته گذشته": the week of one event named by its noun, its toll that event's (not "در سه ماه گذشته")
    inc = _one(incidents_fa("فرماندار مهاباد روز شنبه گفت در اعتراضات هفته گذشته در این شهر ۳ نفر کشته و ۴۵ نفر "
                            "بازداشت شده‌اند."))
    assert _low(inc, "killed") == 3 and _low(inc, "arrested") == 45


def test_a_running_total_over_weeks_is_still_dropped(incidents_fa):
    # (a guard of the rule above: a period with no event's noun in it opens a running total)
    assert incidents_fa("فرماندار مهاباد گفت در سه هفته گذشته در این شهر ۴۵ نفر بازداشت شده‌اند.") == []


def test_one_persons_objection_in_a_past_perfect_relative_types_no_protest(incidents_fa):
    # "که به این تصمیم اعتراض کرده بود": one person's objection to the act, what the arrest answered, no gathering
    inc = _one(incidents_fa("ماموران روز دوشنبه دفتر این روزنامه را در رشت پلمب کردند و سردبیر آن را که به این "
                            "تصمیم اعتراض کرده بود بازداشت کردند."))
    assert (inc["type"], inc["sub_type"]) == ("Strategic developments", "Arrests")


def test_a_gathering_in_a_past_perfect_relative_is_still_the_acts_protest(incidents_fa):
    # (a guard of the rule above: those who had gathered, in the plural, were holding the protest the act broke up)
    inc = _one(incidents_fa("کارگرانی که مقابل فرمانداری شوش اعتراض کرده بودند روز یکشنبه مورد ضرب و شتم ماموران "
                            "قرار گرفتند."))
    assert inc["type"] == "Protests"


def _place(inc: dict) -> str | None:
    return (inc.get("place") or {}).get("name")


def test_a_town_after_an_unknown_village_gives_the_place(incidents_fa):
    # a village the gazetteer lacks, then its county's town, with no cue word before it
    inc = _one(incidents_fa("ماموران اطلاعات روز سه‌شنبه سه کشاورز را در کلاته‌سیفر خواف بازداشت کردند."))
    assert _place(inc) == "Khvaf"


def test_a_given_name_and_a_town_like_surname_are_no_place(incidents_fa):
    # (a guard of the rule above: a name word after the town word makes them a person's name)
    inc = _one(incidents_fa("ماموران روز سه‌شنبه در منزل مهران کریمی او را بازداشت کردند."))
    assert _place(inc) is None


def test_one_wounding_told_in_a_past_perfect_relative_keeps_its_figure(incidents_fa):
    # the wounding is the arrest's background, but the only harm told: its one wounded is not lost
    inc = _one(incidents_fa("جوانی که روز جمعه در سقز با شلیک ماموران زخمی شده بود، روز شنبه در بیمارستان "
                            "بازداشت شد."))
    assert _low(inc, "injured") == 1 and _low(inc, "arrested") == 1


def test_a_harm_of_the_main_clause_is_not_added_to(incidents_fa):
    # (a guard of the rule above: a death the sentence tells is its harm, the earlier wound no second figure)
    inc = _one(incidents_fa("جوانی که روز جمعه در سقز با شلیک ماموران زخمی شده بود، روز شنبه در بیمارستان "
                            "جان باخت."))
    assert _low(inc, "injured") is None and _low(inc, "killed") == 1
