"""fablind16 (blind fa_67 ... fa_70: headlines with their leads and photo captions, encyclopedic chronologies,
Afghan migrants in Afghan and Iranian outlets, athletes and artists before the courts): each class of miss on
sentences written here, none taken from a batch."""

from __future__ import annotations

import pytest

# the Persian pipeline's fixture and the one-incident check of the news-slot tests
from test_news_slots import _one, incidents_fa  # noqa: F401


@pytest.mark.parametrize("credit", ["(عکس: ایرنا)", "(منبع: ایسنا)", "(هرانا)", "«عکس تزئینی است»"])
def test_a_bracketed_credit_after_the_full_stop_leaves_the_sentence_whole(incidents_fa, credit):
    inc = _one(incidents_fa(f"ماموران امنیتی صبح دوشنبه در قزوین سه کارگر را بازداشت کردند. {credit}", "2023-02-14"))
    assert inc["counts"]["arrested"]["min"] == 3 and inc["place"]["geonameid"] == 119505


@pytest.mark.parametrize(("text", "role", "n"), [
    # migrants and travellers counted after a number like any other people
    ("پلیس روز سه‌شنبه در شهر یزد ۴۵ مهاجر افغان را بازداشت کرد.", "arrested", 45),
    ("ماموران روز سه‌شنبه در یزد ۳۰۰ تبعه غیرمجاز را دستگیر کردند.", "arrested", 300),
    ("مرزبانان روز سه‌شنبه در نزدیکی سراوان به سوی یک خودرو شلیک کردند و چهار مسافر زخمی شدند.", "injured", 4),
    # people of the stage and the screen
    ("ماموران امنیتی روز سه‌شنبه در یزد سه بازیگر تئاتر را بازداشت کردند.", "arrested", 3),
])
def test_migrants_travellers_and_actors_are_people_counted(incidents_fa, text, role, n):
    assert _one(incidents_fa(text))["counts"][role]["min"] == n


@pytest.mark.parametrize("text", [
    "دو زندانی روز دوشنبه در زندان یزد پس از ضرب‌وشتم ماموران جان باختند.",
    "دو زندانی روز دوشنبه در زندان یزد بعد از ضرب‌وشتم جان باختند.",
])
def test_a_beating_the_deaths_followed_counts_the_dead_not_the_wounded(incidents_fa, text):
    inc = _one(incidents_fa(text))
    assert inc["counts"]["killed"]["min"] == 2 and not (inc["counts"].get("injured") or {}).get("min")


@pytest.mark.parametrize(("text", "name"), [
    # the sports pages' appositions
    ("رضا توکلی، کاپیتان سابق تیم والیبال، روز دوشنبه در یزد بازداشت شد.", "رضا توکلی"),
    ("نسرین پاکزاد، بازیگر تئاتر، روز دوشنبه در یزد بازداشت شد.", "نسرین پاکزاد"),
    # a timeline's entry: its day and a colon before the name
    ("۱۲ آبان ۱۴۰۱: کاوه نادری، معلم بازنشسته، در یزد بازداشت شد.", "کاوه نادری"),
    ("۱۲ آبان ۱۴۰۱ (۳ نوامبر ۲۰۲۲): کاوه نادری، معلم بازنشسته، در یزد بازداشت شد.", "کاوه نادری"),
])
def test_the_name_its_description_sets_off_is_the_one_arrested(incidents_fa, text, name):
    assert name in [v["name"] for v in _one(incidents_fa(text, "2022-11-08"))["victims"]]


@pytest.mark.parametrize(("text", "claimant"), [
    ("به گزارش اطلاعات روز، مرزبانان ایران شامگاه جمعه در نزدیکی تایباد یک مهاجر را با شلیک گلوله کشتند.",
     "اطلاعات روز"),
    ("به گزارش روزنامه هشت صبح، مرزبانان ایران شامگاه جمعه در نزدیکی تایباد یک مهاجر را با شلیک گلوله کشتند.",
     "هشت صبح"),
])
def test_an_outlets_name_holding_a_time_word_is_the_claimant_whole(incidents_fa, text, claimant):
    assert claimant in _one(incidents_fa(text))["claimant"]


def test_an_afghan_province_word_is_no_town(incidents_fa):
    inc = _one(incidents_fa("منابع محلی در ولایت هرات گفتند مرزبانان ایران روز دوشنبه در نزدیکی تایباد دو مهاجر را "
                            "با شلیک گلوله کشتند."))
    assert inc["place"]["geonameid"] == 1159384


def test_arrested_and_released_the_same_day_is_an_arrest(incidents_fa):
    inc = _one(incidents_fa("کیوان رستمی، مستندساز، دیروز در یزد بازداشت و شامگاه همان روز با قرار وثیقه آزاد شد.",
                            "2023-02-14"))
    assert inc["sub_type"] == "Arrests" and inc["date"]["value"] == "2023-02-13"


def test_an_arrest_long_before_a_release_stays_its_background(incidents_fa):
    assert not incidents_fa("کیوان رستمی، مستندساز، سال گذشته بازداشت و پس از دو ماه با قرار وثیقه آزاد شده بود.")


def test_an_arrest_a_beating_followed_stays_an_arrest(incidents_fa):
    inc = _one(incidents_fa("روز دوشنبه یک کولبر در مرز بانه پس از بازداشت توسط ماموران هنگ مرزی مورد ضرب‌وشتم "
                            "قرار گرفت و مجروح شد."))
    assert inc["counts"]["arrested"]["min"] == 1 and inc["counts"]["injured"]["min"] == 1


@pytest.mark.parametrize(("text", "role", "n"), [
    # one person named by a singular noun and a figure joined to it: one more
    ("ماموران روز شنبه در نزدیکی سراوان به سوی یک خودرو شلیک کردند؛ راننده خودرو و سه سرنشین آن زخمی شدند.",
     "injured", 4),
    ("ماموران روز شنبه در سراوان به سوی یک خودرو شلیک کردند و مادر و دو فرزندش جان باختند.", "killed", 3),
    # ... not a plural, which counts no one
    ("ماموران روز شنبه در سراوان به سوی یک خودرو شلیک کردند؛ سرنشینان و دو رهگذر زخمی شدند.", "injured", 2),
])
def test_one_person_named_by_a_noun_before_a_figure_counts_one_more(incidents_fa, text, role, n):
    assert _one(incidents_fa(text))["counts"][role]["min"] == n


def test_the_ordinary_phrases_an_outlets_name_is_made_of_name_no_outlet(incidents_fa):
    inc = _one(incidents_fa("ماموران اطلاعات روز دوشنبه ساعت هشت صبح در یزد سه کارگر را بازداشت کردند."))
    assert inc["claimant"] == "author"
    assert not any(a.get("actor") in ("etilaatroz", "hasht-e-subh") for a in inc["actors"])


@pytest.mark.parametrize(("text", "n"), [
    ("ماموران روز شنبه در یزد او و همسرش را بازداشت کردند.", 2),
    ("ماموران روز شنبه در یزد وی و پسرش را بازداشت کردند.", 2),
])
def test_a_pronoun_and_a_relative_listed_are_two_people(incidents_fa, text, n):
    assert _one(incidents_fa(text))["counts"]["arrested"]["min"] == n


@pytest.mark.parametrize(("text", "name"), [
    # the home's owner, then a pronoun object
    ("ماموران روز شنبه به منزل کامران یزدانی در یزد یورش بردند و او را بازداشت کردند.", "کامران یزدانی"),
    ("ماموران روز شنبه به خانه کامران یزدانی در یزد یورش بردند و وی و برادرش را بازداشت کردند.", "کامران یزدانی"),
    # the funeral's dead, then a pronoun subject
    ("مراسم تشییع کامران یزدانی امروز در یزد برگزار شد؛ او روز پنجشنبه با شلیک ماموران کشته شد.", "کامران یزدانی"),
])
def test_the_person_a_home_or_a_funeral_names_is_the_one_a_pronoun_points_to(incidents_fa, text, name):
    assert name in [v["name"] for v in incidents_fa(text)[0]["victims"]]


def test_a_pronoun_object_after_two_names_names_neither(incidents_fa):
    inc = _one(incidents_fa("ماموران روز شنبه به منزل کامران یزدانی و خانه نادر فرهمند در یزد یورش بردند و او را "
                            "بازداشت کردند."))
    assert not inc["victims"]


def test_a_when_clause_inside_the_pronouns_clause_keeps_the_pronoun_its_subject(incidents_fa):
    inc = _one(incidents_fa("مراسم تشییع کامران یزدانی امروز در یزد برگزار شد؛ او روز پنجشنبه هنگامی که در خودرو "
                            "بود با شلیک ماموران کشته شد."))
    assert "کامران یزدانی" in [v["name"] for v in inc["victims"]]


@pytest.mark.parametrize("text", [
    "درگیری مسلحانه میان مرزبانان و افراد ناشناس روز شنبه در نزدیکی سراوان دو مرزبان را کشت.",
    "درگیری مسلحانه بین ماموران انتظامی و نیروهای یک گروه خارجی روز شنبه در نزدیکی سراوان دو مامور را کشت.",
])
def test_the_sides_a_clash_names_are_not_the_subject_its_verb_has(incidents_fa, text):
    inc = _one(incidents_fa(text))
    assert inc["type"] == "Battles" and inc["counts"]["killed"]["min"] == 2


def test_a_clash_between_protesters_and_the_state_stays_a_riot(incidents_fa):
    assert _one(incidents_fa("درگیری میان معترضان و ماموران روز شنبه در سنندج یک مامور را کشت."))["type"] == "Riots"
