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
    # "جان داد" (gave up his life): its subject is the one who died, as "جان باخت"'s is
    ("پدر نیما صادقی در گفت‌وگو با هرانا گفت: «پسرم روز یکشنبه در اراک با گلوله ماموران به زمین افتاد و همان جا "
     "جان داد.»", "نیما صادقی"),
    # the dead as the object: "جنازه شوهرم را تحویل دادند" (the body handed over is her husband's)
    ("همسر فرهاد امینی به هرانا گفت: «روز دوشنبه جنازه شوهرم را در اراک تحویل دادند.»", "فرهاد امینی"),
])
def test_a_relatives_first_person_kin_word_names_the_victim(incidents_fa, text, name):
    inc = _one(incidents_fa(text))
    assert _count(inc, "killed") == 1
    assert any(v["name"] == name for v in inc["victims"]), inc["victims"]


# --- figures: one relative of someone's, kin listed with figures, "one of" a group, a toll, dervishes ----------
@pytest.mark.parametrize(("text", "role", "n"), [
    # a possessed kin noun, no figure: one person
    ("خواهر یک معلم به کردپا گفت که ماموران روز دوشنبه به خانه‌شان در بانه یورش بردند و برادرش را بازداشت کردند.",
     "arrested", 1),
    ("همسر یک کارگر به هرانا گفت: «شوهرم را روز دوشنبه در اراک بازداشت کردند.»", "arrested", 1),
    # "دو پسرم و برادرزاده‌ام": two sons and a nephew, three (not the "two" alone, nor two kin nouns)
    ("پدری به هرانا گفت: «دو پسرم و برادرزاده‌ام را روز دوشنبه در اراک بازداشت کردند.»", "arrested", 3),
    # "در منزل یکی از آنان": whose house; the object of the arrest is the three before "را"
    ("ماموران روز دوشنبه سه دانشجو را در منزل یکی از آنان در اراک بازداشت کردند.", "arrested", 3),
    # the eight before belong to the sealing; the arrest's object is "one of the shopkeepers"
    ("ماموران روز دوشنبه مغازه‌های هشت شهروند را در اراک پلمب کردند و یکی از کسبه را که مقاومت کرده بود بازداشت "
     "کردند.", "arrested", 1),
    # a toll's noun running on through the attack's day, target and town; "به یک مسجد" is the target, no figure
    ("ایسنا اعلام کرد که شمار کشته‌شدگان حمله مسلحانه روز دوشنبه به یک مسجد در شهر زاهدان ۹ نفر است.", "killed", 9),
    ("ماموران روز دوشنبه در کوار ۱۴ درویش گنابادی را بازداشت کردند.", "arrested", 14),
    # a possessed kin noun opening the told clause, a wound's participle ("آسیب دیده و ...")
    ("پدر یک نوجوان به هه‌نگاو گفت پسرش روز یکشنبه در بانه با شلیک ساچمه از ناحیه چشم راست آسیب دیده و بینایی آن "
     "را از دست داده است.", "injured", 1),
    # a bereaved relative's "I lost" with a kin object is a death; "هر دو پسرم" counts the relative's own two
    ("پدری به هرانا گفت: «پسرم را روز جمعه در اراک از دست دادم.»", "killed", 1),
    ("مادری به هه‌نگاو گفت: «هر دو برادرم را روز جمعه در بانه از دست دادم.»", "killed", 2),
    # a body handed over, one person's ("جسد پسرم"، "جنازه‌اش"): a death
    ("پدر یک زندانی به هرانا گفت: «روز دوشنبه جسد پسرم را در اراک تحویل دادند.»", "killed", 1),
    ("همسر یک کارگر به هرانا گفت: «شوهرم را در اراک بازداشت کردند و روز دوشنبه جنازه‌اش را از بازداشتگاه "
     "تحویل دادند.»", "killed", 1),
    # a beating on the way to an arrest: the people are the arrest's
    ("ماموران روز سه‌شنبه در بوکان چهار دانشجو را پس از ضرب و شتم بازداشت کردند.", "arrested", 4),
])
def test_the_figure_of_the_act(incidents_fa, text, role, n):
    assert _count(_one(incidents_fa(text)), role) == n


# --- places --------------------------------------------------------------------------------------------------
def test_a_town_that_opens_a_victims_name_is_no_place(incidents_fa):
    # "شهریار" is a town near Tehran and a given name: here the name of the one who died, in Sanandaj
    inc = _one(incidents_fa("به گزارش کردپا، شهریار رحمانی، ۳۱ ساله، روز دوشنبه در بازداشتگاه اداره اطلاعات سنندج "
                            "جان باخت."))
    assert inc["place"]["name"] == "Sanandaj"


def test_the_town_a_force_entered(incidents_fa):
    inc = _one(incidents_fa("به گزارش کردپا، روز دوشنبه نیروهای نظامی با خودروهای زرهی وارد پاوه شدند و دست‌کم ۵ "
                            "شهروند کشته شدند."))
    assert inc["place"]["name"] == "Paveh" and _count(inc, "killed") == 5


# --- a monitor's name that ends in a number; a two-word description before an age ---------------------------
def test_a_number_that_ends_a_sources_name_before_its_comma_is_the_names(fa_nlp):
    assert _speaker(fa_nlp, "به گزارش ماده ۱۸، ماموران روز یکشنبه سه نوکیش را در اهواز بازداشت کردند.") == "ماده ۱۸"


def test_a_figure_after_a_source_with_no_comma_still_ends_it(fa_nlp):
    assert _speaker(fa_nlp, "به گفته رئیس اورژانس بوشهر ۹ نفر مصدوم شدند.") == "رئیس اورژانس بوشهر"


@pytest.mark.parametrize("text", [
    "به گزارش مجذوبان نور، کامران صفایی، درویش گنابادی ۶۱ ساله، روز شنبه در زندان اراک جان باخت.",
    "به گزارش هرانا، کامران صفایی، کارگر ساختمانی ۳۳ ساله، روز شنبه در اراک با شلیک ماموران کشته شد.",
])
def test_a_two_word_description_before_an_age_leaves_the_name_before_the_comma(incidents_fa, text):
    inc = _one(incidents_fa(text))
    assert [v["name"] for v in inc["victims"]] == ["کامران صفایی"]


# --- a court's step for some of those detained is no arrest of the sentence ---------------------------------
def test_an_indictment_of_some_detainees_is_no_arrest(incidents_fa):
    assert incidents_fa("دادستان اراک روز یکشنبه اعلام کرد که برای ۴۰ نفر از بازداشت‌شدگان ناآرامی‌های اخیر این شهر "
                        "کیفرخواست صادر شده است.") == []


def test_the_arrests_told_beside_the_indictment_stay(incidents_fa):
    inc = _one(incidents_fa("دست‌کم ۲۰ نفر روز یکشنبه در اراک بازداشت شدند و برای پنج نفر از بازداشت‌شدگان کیفرخواست "
                            "صادر شد."))
    assert _count(inc, "arrested") == 20


def test_a_lost_thing_is_no_death(incidents_fa):
    assert not any(_count(i, "killed") for i in incidents_fa("کارگری در اراک گفت روز جمعه کارش را از دست داد."))


def test_the_claimant_is_written_as_the_report_writes_it(incidents_fa):
    # the view reads Persian digits as 0-9; the claimant gives the source's name with the report's own digits
    inc = _one(incidents_fa("به گزارش ماده ۱۸، ماموران امنیتی روز یکشنبه در اهواز شش نوکیش مسیحی را بازداشت کردند."))
    assert inc["claimant"] == "ماده ۱۸"
