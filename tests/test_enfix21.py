"""Issue 19, twenty-first session (enfix21): classes of miss left open by the blind batches, each fixed by a general
rule. Every paragraph here was written for these tests; none is from a batch or an eval file."""

from __future__ import annotations

import pytest


# the module fixture and helper of the issue-19 tests: non-background incidents of a paragraph
from test_news_slots import _one, incidents  # noqa: E402,F401


def _count(inc: dict, key: str) -> int | None:
    return (inc["counts"].get(key) or {}).get("min")


# --- Islamic lunar holidays as dates (hijridate, Umm al-Qura) --------------------------------------------------
@pytest.mark.parametrize(("text", "published", "day"), [
    ("Police arrested 12 mourners in Sanandaj on Ashura, Hengaw said.", "2023-08-01", "2023-07-28"),
    ("Police arrested 12 mourners in Sanandaj on Tasua, Hengaw said.", "2023-08-01", "2023-07-27"),
    ("Security forces killed two men in Zahedan on Eid al-Fitr, activists said.", "2023-04-25", "2023-04-21"),
    ("Police detained five people in Mashhad on the eve of Eid al-Ghadir, HRANA said.", "2023-07-10", "2023-07-05"),
    ("Police arrested ten people in Qom on Nime-Shaban, HRANA said.", "2023-03-10", "2023-03-07"),
    # the last Ashura on or before the publication: the year before's
    ("Police arrested 12 mourners in Sanandaj on Ashura, Hengaw said.", "2023-07-20", "2022-08-08"),
])
def test_a_lunar_holiday_is_the_day_it_fell_on(incidents, text, published, day):
    inc = _one(incidents(text, published))
    assert inc["date"]["value"] == day and inc["date"]["precision"] == "day"


def test_a_given_name_that_is_also_a_lunar_holiday_is_not_a_date():
    from rasad.analysis.holidays import find_holidays

    assert find_holidays("Ghadir Ahmadi was arrested in Qom on Monday.") == []
    assert [h.lunar for _, _, h, _ in find_holidays("Mourners gathered on Ghadir in Qom.")] == [(12, 18)]


def test_a_given_name_holiday_after_on_is_a_date():
    # "on" in the YAML list was read as the boolean true, so "on Yalda" was never a date
    from rasad.analysis.holidays import find_holidays

    assert len(find_holidays("Police raided a party on Yalda in Karaj.")) == 1
