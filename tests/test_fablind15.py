"""The twenty-first session's Persian blind batches (fablind15: news_slots_blind_fa_63 .. fa_66: religious
minorities, diaspora and Kurdish monitors with Gregorian dates, relatives' first-person accounts, officials'
tolls, denials and corrections): their classes of miss, on sentences written here."""
from __future__ import annotations

import pytest
from test_fa_quotes import _doc, fa_nlp  # noqa: F401 - the quotes-only Persian pipeline, a fixture
from test_news_slots import _one, incidents_fa  # noqa: F401 - the full pipeline on Persian text, a fixture


def _speaker(nlp, text: str) -> str:
    doc = _doc(nlp, text)
    assert doc._.quotes, text
    return doc._.quotes[0].speaker or ""


def _count(inc: dict, key: str) -> int | None:
    return (inc["counts"].get(key) or {}).get("min")


# --- a relative's account told to a monitor: the monitor asserts it beside the relative ------------------------
@pytest.mark.parametrize(("text", "outlet"), [
    # "در گفت‌وگو با X گفت": the interview's outlet, as "به X گفت" is
    ("پدر نوید عباسی در گفت‌وگو با هه‌نگاو گفت: «پسرم را در خیابان زدند.»", "هه‌نگاو"),
    ("همسر یک کارگر در مصاحبه با ایران‌وایر گفت که شوهرش هنوز در بازداشت است.", "ایران‌وایر"),
    # an apposition (with its relative clause) between the relative and the outlet told
    ("برادر علی نادری، جوانی که هفته پیش در اراک کشته شد، به هرانا گفت: «خانواده زیر فشار است.»", "هرانا"),
    # a short phrase of the speaker's past a stop word: a town, a counted noun
    ("پدری در بوشهر در گفت‌وگو با هرانا گفت: «دخترم را بردند.»", "هرانا"),
    ("مادر سه دختر نوجوان به کردپا گفت: «هر سه را بازداشت کردند.»", "کردپا"),
])
def test_the_outlet_a_relative_told_is_in_the_speaker(fa_nlp, text, outlet):
    assert outlet in _speaker(fa_nlp, text)


def test_a_day_after_the_speaker_still_ends_it(fa_nlp):
    # a second stop ("روز | جمعه") is the clause's, not a phrase of the speaker's: the speaker stays as it was
    assert _speaker(fa_nlp, "فرماندار بانه روز جمعه به ایرنا گفت: «اوضاع آرام است.»") == "فرماندار بانه"


# --- a relative's "my son", "my nephew" in their own quotation: the one named after the kin word ----------------
@pytest.mark.parametrize(("text", "name"), [
    ("مادر سامان یوسفی به هرانا گفت: «پسرم روز یکشنبه در اراک با گلوله ماموران کشته شد.»", "سامان یوسفی"),
    ("دایی کیان مرادی، نوجوان ۱۶ ساله اهل بانه، در گفت‌وگو با هه‌نگاو گفت: «خواهرزاده‌ام روز یکشنبه در بانه با "
     "شلیک ماموران جان باخت.»", "کیان مرادی"),
    ("همسر بهروز کاظمی به ایران‌وایر گفت: «شوهرم روز یکشنبه در بازداشتگاه اراک جان باخت.»", "بهروز کاظمی"),
])
def test_a_relatives_first_person_kin_word_names_the_victim(incidents_fa, text, name):
    inc = _one(incidents_fa(text))
    assert _count(inc, "killed") == 1
    assert any(v["name"] == name for v in inc["victims"]), inc["victims"]


# --- one relative of someone's, no figure: one person --------------------------------------------------------
@pytest.mark.parametrize(("text", "role"), [
    ("خواهر یک معلم به کردپا گفت که ماموران روز دوشنبه به خانه‌شان در بانه یورش بردند و برادرش را بازداشت کردند.",
     "arrested"),
    ("همسر یک کارگر به هرانا گفت: «شوهرم را روز دوشنبه در اراک بازداشت کردند.»", "arrested"),
])
def test_a_possessed_kin_word_is_one_person(incidents_fa, text, role):
    assert _count(_one(incidents_fa(text)), role) == 1


def test_a_figure_inside_a_list_of_kin_counts_its_item(incidents_fa):
    # "دو پسرم و برادرزاده‌ام": two sons and a nephew, three (not the "two" alone, nor two kin nouns)
    inc = _one(incidents_fa("پدری به هرانا گفت: «دو پسرم و برادرزاده‌ام را روز دوشنبه در اراک بازداشت کردند.»"))
    assert _count(inc, "arrested") == 3


def test_one_of_them_as_an_owner_adds_no_one(incidents_fa):
    # "در منزل یکی از آنان": whose house; the object of the arrest is the three before "را"
    inc = _one(incidents_fa("ماموران روز دوشنبه سه دانشجو را در منزل یکی از آنان در اراک بازداشت کردند."))
    assert _count(inc, "arrested") == 3
