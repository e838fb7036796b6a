"""Dates are normalised against the publication date with their precision (rasad_when): a year the text does
not state is never invented, Solar Hijri dates are converted, relative dates need a publication date."""

from __future__ import annotations

import pytest

from rasad.analysis.when import find_dates, normalise_date, parse_published

LATER_STAGES = ("rasad_quotes", "rasad_claims", "rasad_framing", "rasad_incidents")


@pytest.fixture(scope="module")
def seed_dates(seed_text):
    from rasad.analysis.pipeline import load_nlp

    doc = load_nlp(exclude=LATER_STAGES).make_doc(seed_text)
    doc._.published_at = None  # the seed carries no publication date
    return load_nlp(exclude=LATER_STAGES)(doc)._.dates


def _only(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert len(found) == 1, (text, mentions)
    return found[0]


# --- the seed report --------------------------------------------------------------------------------


def test_seed_3rd_january_keeps_its_year_unknown(seed_dates):
    date = _only(seed_dates, "3rd January")
    assert date.precision == "day"
    assert not date.year_known
    assert date.value == "--01-03"  # ISO 8601's form for a day with no year, never 2021-01-03
    assert "year unknown" in date.derived


def test_seed_january_2018_is_a_month(seed_dates):
    date = _only(seed_dates, "January 2018")
    assert (date.value, date.precision, date.year_known) == ("2018-01", "month", True)


def test_seed_years_and_offsets(seed_dates, seed_text):
    assert _only(seed_dates, "2015").value == "2015"
    assert _only(seed_dates, "2016").precision == "year"
    for date in seed_dates:
        assert seed_text[date.start : date.end] == date.text


# --- Gregorian --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("20 January 2018", "2018-01-20", "day"),
        ("January 8, 2026", "2026-01-08", "day"),
        ("on the 8th of January 2026", "2026-01-08", "day"),
        ("2022-09-21", "2022-09-21", "day"),
        ("He was found dead on 2026-01-12.", "2026-01-12", "day"),  # a full stop after the date ends the sentence
        ("21/09/2022", "2022-09-21", "day"),
        ("09/21/2022", "2022-09-21", "day"),  # the day is over 12: month first
        ("September 2022", "2022-09", "month"),
        ("in 2019", "2019", "year"),
    ],
)
def test_dates_with_a_year(text, value, precision):
    date = normalise_date(text)
    assert (date.value, date.precision, date.year_known, date.calendar) == (value, precision, True, "gregorian")


def test_day_without_year_and_without_publication_date():
    date = normalise_date("3rd January")
    assert (date.value, date.precision, date.year_known) == ("--01-03", "day", False)


def test_day_without_year_takes_the_latest_year_not_after_publication():
    before = normalise_date("3rd January", "2020-01-10")
    after = normalise_date("14 March", "2020-01-10")
    assert (before.value, before.year_known) == ("2020-01-03", False)
    assert after.value == "2019-03-14"  # 14 March 2020 would be after publication
    assert before.derived.startswith("year inferred from publication date")


def test_month_without_year():
    assert normalise_date("in March").value == "--03"
    assert normalise_date("in March", "2021-02-01").value == "2020-03"


def test_impossible_dates_are_dropped():
    assert normalise_date("31 February") is None
    assert normalise_date("30 February 2020") is None


# --- relative dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("yesterday", "2021-03-24", "day"),
        ("last Friday", "2021-03-19", "day"),  # 25 March 2021 was a Thursday
        ("two days ago", "2021-03-23", "day"),
        ("last month", "2021-02", "month"),
        ("last year", "2020", "year"),
        ("last week", "2021-03-18", "week"),  # a day of that week: ACLED time precision 2
        ("on Thursday", "2021-03-25", "day"),  # the weekday of publication: that day, not a week before
    ],
)
def test_relative_dates_resolve_against_publication(text, value, precision):
    date = normalise_date(text, "2021-03-25T09:30:00Z")
    assert (date.value, date.precision) == (value, precision)
    assert "relative to publication date 2021-03-25" in date.derived


@pytest.mark.parametrize("text", ["yesterday", "last Friday", "three weeks ago"])
def test_relative_dates_without_publication_are_unknown(text):
    date = normalise_date(text)
    assert (date.value, date.precision, date.year_known) == (None, "unknown", False)


# --- Solar Hijri ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1401/06/30", "2022-09-21"),  # the day Mahsa Amini's death became the uprising's date
        ("killed on 1401/06/30.", "2022-09-21"),
        ("\u06f1\u06f4\u06f0\u06f1/\u06f0\u06f6/\u06f3\u06f0", "2022-09-21"),  # Persian digits
        ("\u0661\u0664\u0660\u0661/\u0660\u0666/\u0663\u0660", "2022-09-21"),  # Arabic-Indic digits
        ("20 Dey 1401", "2023-01-10"),
        ("the 18th of Dey 1404", "2026-01-08"),
        ("18 Dei 1404", "2026-01-08"),
        ("1 Farvardin 1402", "2023-03-21"),
        ("12 Amordad 1399", "2020-08-02"),
        ("29 Isfand 1401", "2023-03-20"),
    ],
)
def test_solar_hijri_dates_convert_to_gregorian(text, value):
    date = normalise_date(text)
    assert (date.value, date.precision, date.year_known, date.calendar) == (value, "day", True, "solar_hijri")


def test_solar_day_without_year():
    alone = normalise_date("18th of Dey")
    assert (alone.value, alone.precision, alone.year_known, alone.calendar) == ("--01-08", "day", False, "solar_hijri")
    assert "year unknown" in alone.derived
    assert normalise_date("31 Mehr") is None  # the second half of the year has 30-day months

    anchored = normalise_date("18th of Dey", "2026-01-20")  # 30 Dey 1404
    assert (anchored.value, anchored.year_known) == ("2026-01-08", False)
    assert "inferred from publication date" in anchored.derived


def test_solar_month_and_year():
    date = normalise_date("Dey 1404")
    assert (date.value, date.precision, date.calendar) == ("2026-01", "month", "solar_hijri")
    assert "2025-12-22..2026-01-20" in date.derived


def test_find_dates_in_a_victim_story_with_persian_digits():
    text = "He was killed on ۱۸ Dey ۱۴۰۴ in Tehran; 2000 people were arrested."
    mentions = find_dates(text)
    assert [(m.text, m.value) for m in mentions] == [("۱۸ Dey ۱۴۰۴", "2026-01-08")]  # "2000 people": a count
    assert text[mentions[0].start : mentions[0].end] == mentions[0].text


def test_spacy_decides_whether_a_number_is_a_year():
    from rasad.analysis.pipeline import load_nlp

    doc = load_nlp(exclude=LATER_STAGES)("Protests broke out in 2019. Police detained 2000 people in 40 cities.")
    assert [(d.text, d.value) for d in doc._.dates] == [("2019", "2019")]


# --- odd input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("published_at", [None, "", "not a date", "2021-13-45", "2021", 20210325])
def test_bad_publication_dates_are_ignored(published_at):
    assert parse_published(published_at) is None
    assert normalise_date("3rd January", published_at).value == "--01-03"


@pytest.mark.parametrize("text", ["", "   ", "no date here", "x" * 5000])
def test_nothing_to_normalise(text):
    assert normalise_date(text) is None
    assert find_dates(text[:200]) == []
