"""Persian dates, places and actors, and the Persian seed's must-items for them.

The sentences are written for these tests; the seed's expectations are read from ../shared/corpus/fa-seed."""

from __future__ import annotations

import pytest
import yaml
from conftest import requires_shared

from rasad.analysis import pipeline
from rasad.ingest import read_bytes, read_path
from rasad.languages.fa.calendar import SOLAR_MONTH_NUMBER, solar_month_span, solar_to_gregorian
from rasad.languages.fa.dates import find_dates
from rasad.languages.fa.normalise import normalise

PUBLISHED = "2022-09-22"  # a Thursday


def _dates(text: str, published: str | None = PUBLISHED):
    return [(d.text, d.value, d.precision) for d in find_dates(normalise(text).text, published)]


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("اعتراضات روز ۳۰ شهریور ۱۴۰۱ آغاز شد", ("روز 30 شهریور 1401", "2022-09-21", "day")),
    ("در تاریخ ۱۴۰۱/۰۶/۳۰ اعلام شد", ("1401/06/30", "2022-09-21", "day")),
    ("اعتراضات ٣٠ شهريور ١٤٠١ آغاز شد", ("30 شهریور 1401", "2022-09-21", "day")),  # Arabic-Indic digits, yeh
    ("تجمع ۲۶ام شهریور برگزار شد", ("26ام شهریور", "2022-09-17", "day")),  # no year: the latest before publication
    ("او هجدهم دی بازداشت شد", ("هجدهم دی", "2022-01-08", "day")),  # 18 Dey 1400, not 1401 (after publication)
    ("سی‌ام شهریور ۱۴۰۱", ("سی\u200cام شهریور 1401", "2022-09-21", "day")),
    ("بیست و یکم مهر ۱۴۰۰", ("بیست و یکم مهر 1400", "2021-10-13", "day")),
    ("در ۲۱ سپتامبر ۲۰۲۲ تجمع کردند", ("21 سپتامبر 2022", "2022-09-21", "day")),
    ("اعتراضات آبان ۹۸ سرکوب شد", ("آبان 98", "2019-11", "month")),
    ("در تیرماه بازداشت شد", ("تیرماه", "2022-07", "month")),
    ("در سال ۱۴۰۱ چند بار", ("سال 1401", "2022", "year")),
    ("روز چهارشنبه تجمع کردند", ("روز چهارشنبه", "2022-09-21", "day")),
    ("شامگاه پنجشنبه درگیری شد", ("شامگاه پنجشنبه", "2022-09-22", "day")),  # the day of publication
    ("پنج‌شنبه گذشته درگیری شد", ("پنج\u200cشنبه گذشته", "2022-09-15", "day")),  # the one before
    ("ظهر روز شنبه تجمع شد", ("ظهر روز شنبه", "2022-09-17", "day")),
    ("شب جمعه بازداشت شد", ("شب جمعه", "2022-09-15", "day")),  # the eve of Friday: Thursday night
    ("او دیروز آزاد شد", ("دیروز", "2022-09-21", "day")),
    ("صبح امروز تجمع شد", ("صبح امروز", "2022-09-22", "day")),
    ("روز گذشته دو نفر بازداشت شدند", ("روز گذشته", "2022-09-21", "day")),
    ("هفته گذشته دو نفر بازداشت شدند", ("هفته گذشته", "2022-09-15", "week")),
    ("سه روز پیش بازداشت شد", ("سه روز پیش", "2022-09-19", "day")),
    ("۲ هفته قبل بازداشت شد", ("2 هفته قبل", "2022-09-08", "week")),
    ("ماه گذشته بازداشت شد", ("ماه گذشته", "2022-08", "month")),
    # a compound ordinal's joiner written with a ZWNJ or joined
    ("بیست‌وششم آذر ۱۴۰۱ اعدام شد", ("بیست\u200cوششم آذر 1401", "2022-12-17", "day")),
    ("بیست‌و‌یکم مهر ۱۴۰۰ بازداشت شد", ("بیست\u200cو\u200cیکم مهر 1400", "2021-10-13", "day")),
    # day/month/year with a Solar year (only a Solar year makes the order certain)
    ("در تاریخ ۳۰-۰۶-۱۴۰۱ کشته شد", ("30-06-1401", "2022-09-21", "day")),
    ("در تاریخ ۳۰/۶/۱۴۰۱ کشته شد", ("30/6/1401", "2022-09-21", "day")),
    # an hour before "last night" is a clock time, not a count of nights (blind batch fa_10)
    ("ساعت ۲۲ شب گذشته دو نفر کشته شدند", ("شب گذشته", "2022-09-21", "day")),
])
def test_persian_dates(text, expected):
    assert _dates(text) == [expected]


@pytest.mark.parametrize("text", [
    "طی سه روز گذشته ده‌ها نفر بازداشت شدند",  # the past three days: a period, not a day
    "شهریور ۵۰ نفر بازداشت شدند",  # a count, not the year (13)50
    "سه تیر شلیک کرد",  # three bullets, not 3 Tir
    "تیراندازی در مهرآباد",  # month names inside words
    "می‌گویند که ۲۵ می‌شود",  # می (May) only with a year
    "امام جمعه سقز در نماز جمعه گفت",  # the Friday prayer leader, Friday prayers
    "در ۰۸/۰۹/۲۰۲۲ تجمع کردند",  # a Gregorian day/month/year could be month/day/year: left alone
])
def test_words_that_are_not_dates(text):
    assert _dates(text) == []


def test_relative_dates_without_publication_date_are_unknown_and_explicit_ones_keep_no_year():
    assert _dates("دیروز بازداشت شد", None) == [("دیروز", None, "unknown")]
    (mention,) = find_dates(normalise("۱۸ دی").text, None)
    assert mention.value is None or mention.value.startswith("--")
    assert mention.year_known is False and mention.calendar == "solar_hijri"


def test_calendar_goes_through_jdatetime_and_english_month_names_still_read():
    assert solar_to_gregorian(1401, 6, 30).isoformat() == "2022-09-21"
    assert solar_to_gregorian(1401, 12, 30) is None  # 1401 is not a leap year
    first, last = solar_month_span(1403, 12)
    assert (first.isoformat(), last.isoformat()) == ("2025-02-19", "2025-03-20")
    assert SOLAR_MONTH_NUMBER["dey"] == 10 and SOLAR_MONTH_NUMBER["shahrivar"] == 6


# --- places -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fa_nlp():
    return pipeline.load_nlp("fa")


def _places(fa_nlp, text):
    doc = fa_nlp(normalise(text).text)
    return [(p.text, p.geonameid, p.province, p.feature) for p in doc._.places]


@pytest.mark.parametrize(("text", "expected"), [
    ("نیروهای امنیتی در شهر سقز شلیک کردند.", [("سقز", 117392, "Kurdistan", "city")]),
    ("فرماندار سقز گفت.", [("سقز", 117392, "Kurdistan", "city")]),  # a large town needs no cue
    ("اعتراض در مهاباد، بوکان و سنندج", [("مهاباد", 125446, "West Azerbaijan", "city"),
                                         ("بوکان", 139889, "West Azerbaijan", "city"),
                                         ("سنندج", 117574, "Kurdistan", "city")]),
    ("در شهرستان بوکان در استان آذربایجان غربی", [("بوکان", 139889, "West Azerbaijan", "city"),
                                                 ("آذربایجان غربی", None, "West Azerbaijan", "province")]),
    ("خانواده‌اش در قم زندگی می‌کنند", [("قم", 119208, "Qom", "city")]),  # the capital, not the province
    ("در استان سیستان و بلوچستان", [("سیستان و بلوچستان", None, "Sistan and Baluchestan", "province")]),
    ("او در زندان اوین است", [("زندان اوین", 112931, "Tehran", "city")]),
    ("سفیر ایران در عراق", [("ایران", 130758, None, "country"), ("عراق", 99237, None, "country")]),
    ("نیروهای امنيتي در كرمانشاه", [("کرمانشاه", 128226, "Kermanshah", "city")]),
    # GeoNames writes these with a space; texts with a ZWNJ or none
    ("او اهل نجف‌آباد بود", [("نجف\u200cآباد", 418606, "Isfahan", "city")]),
    ("در شهر سرپل ذهاب", [("سرپل ذهاب", 120931, "Kermanshah", "city")]),
    ("در خرم‌آباد و شاهین‌شهر", [("خرم\u200cآباد", 127349, "Lorestan", "city"), ("شاهین\u200cشهر", 417472, "Isfahan", "city")]),
])
def test_persian_places_resolve_to_the_english_names_ids(fa_nlp, text, expected):
    assert _places(fa_nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # GeoNames lists "ساوه" among Arāk's alternate names too: the place whose own name it spells is meant,
    # not the larger one that lists it
    ("او اهل ساوه در استان مرکزی بود.", [("ساوه", 116667, "Markazi", "city"),
                                        ("مرکزی", None, "Markazi", "province")]),
    ("اعتراض در ساوه ادامه دارد", [("ساوه", 116667, "Markazi", "city")]),
    ("اعتراض در اراک ادامه دارد", [("اراک", 143127, "Markazi", "city")]),
    # a name written with its own cue word joined ("شهرری" = "شهر ری"): read as after the cue, whatever
    # GeoNames says of its population
    ("این جوان در شهرری کشته شد.", [("شهرری", 9533872, "Tehran", "city")]),
    ("در شهر ری تجمع کردند.", [("ری", 9533872, "Tehran", "city")]),
    # a preposition-like noun with its ezafe ("نزدیکیِ", "اطرافِ") is a weak cue as the bare one is
    ("درگیری در نزدیکی اشنویه رخ داد.", [("اشنویه", 121795, "West Azerbaijan", "city")]),
    ("درگیری در نزدیک اشنویه رخ داد.", [("اشنویه", 121795, "West Azerbaijan", "city")]),
    # a neighbourhood is its city, written with a space, a ZWNJ or joined
    ("او در یافت آباد کشته شد.", [("یافت آباد", 112931, "Tehran", "city")]),
    ("او در یافت‌آباد کشته شد.", [("یافت\u200cآباد", 112931, "Tehran", "city")]),
    ("تجمع در تهرانسر و شهرک غرب", [("تهرانسر", 112931, "Tehran", "city"), ("شهرک غرب", 112931, "Tehran", "city")]),
    # GeoNames joins what the text splits ("اسلامشهر")
    ("در اسلام شهر کشته شد.", [("اسلام شهر", 449504, "Tehran", "city")]),
    # ... not a function word and a word: "به شهر" is "to the city", not Behshahr
    ("آرامش به شهر بازگشت.", []),
    # a town in apposition to the province or city before it is read as after a preposition
    ("او اهل گیلان (لنگرود) بود.", [("گیلان", None, "Gilan", "province"), ("لنگرود", 125897, "Gilan", "city")]),
    ("در تهران، لواسان دفن شد.", [("تهران", 112931, "Tehran", "city"), ("لواسان", 490, "Tehran", "city")]),
    # ... but not a word after a place: the guards of a weak cue hold ("دو" is a number), and the town must lie
    # in the province of the place before ("مهران", a given name, is also a town of Ilam)
    ("در تهران دو نفر کشته شدند.", [("تهران", 112931, "Tehran", "city")]),
    ("در اهواز، مهران کریمی کشته شد.", [("اهواز", 144448, "Khuzestan", "city")]),
    # a list of large towns stays a list
    ("در تهران، شیراز و مشهد", [("تهران", 112931, "Tehran", "city"), ("شیراز", 115019, "Fars", "city"),
                               ("مشهد", 124665, "Razavi Khorasan", "city")]),
    # the border or the heights of a town are a weak cue, as a preposition is (blind batch fa_10)
    ("ماموران در مرز میرجاوه تیراندازی کردند.", [("میرجاوه", 1160258, "Sistan and Baluchestan", "city")]),
    # ... and an official's title: the town the official governs (blind batch fa_13)
    ("فرماندار سراوان خبر داد.", [("سراوان", 1159713, "Sistan and Baluchestan", "city")]),
])
def test_place_resolution_rules(fa_nlp, text, expected):
    assert _places(fa_nlp, text) == expected


def test_a_joined_cue_needs_the_rest_to_name_the_same_place(fa_nlp):
    # "شهرداری" (municipality) starts with "شهر" but is no "شهر داری"
    assert [p for p in _places(fa_nlp, "کارمند شهرداری بود.")] == []
    assert [p[0] for p in _places(fa_nlp, "دو نفر در نزدیکی خانه بازداشت شدند.")] == []


@pytest.mark.parametrize("text", [
    "بانک مرکزی نرخ ارز را اعلام کرد.",  # central bank: Markazi is a province and a word
    "خبرگزاری فارس گزارش داد.",  # a news agency named after the province
    "تجمع در خیابان قزوین برگزار شد.",  # a street named after the town
    "دو نفر بازداشت شدند.",  # GeoNames lists "دو" (two) as a name of Jahrom
    "روز قدس راهپیمایی برگزار شد.",  # Quds day
    "فرمانده سپاه پاسداران سخنرانی کرد.",
])
def test_words_that_are_not_places(fa_nlp, text):
    assert _places(fa_nlp, text) == []


# --- actors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "actors"), [
    ("آیت‌الله علی خامنه‌ای گفت", ["ali-khamenei"]),
    ("خامنه ای گفت", ["ali-khamenei"]),  # a space for the ZWNJ
    ("خامنهاي گفت", ["ali-khamenei"]),  # no ZWNJ, Arabic yeh
    ("مجتبی خامنه‌ای", ["mojtaba-khamenei"]),
    ("رهبر جمهوری اسلامی گفت", ["ali-khamenei"]),
    ("سپاه پاسداران و بسیج و نیروی انتظامی", ["irgc", "basij", "faraja"]),
    ("فراجا اعلام کرد", ["faraja"]),
    ("منافقین و شورای ملی مقاومت", ["pmoi", "ncri"]),
    ("سازمان مجاهدین خلق", ["pmoi"]),
    ("سپاه قدس", ["quds-force"]),
])
def test_persian_aliases_resolve_to_the_same_actors(fa_nlp, text, actors):
    doc = fa_nlp(normalise(text).text)
    assert [e.actor for e in doc._.entities] == actors


def test_persian_aliases_do_not_change_english_actor_records(nlp):
    analysis = pipeline.analyze(read_bytes(b"Ayatollah Ali Khamenei said the IRGC and the Basij were ready."), nlp=nlp)
    khamenei = next(a for a in analysis.actors if a.id == "ali-khamenei")
    assert not any("\u0600" <= ch <= "\u06ff" for alias in khamenei.aliases for ch in alias)


# --- the Persian seed (../shared/corpus/fa-seed/expected.yaml) --------------------------------------------


def _seed():
    folder = requires_shared("corpus", "fa-seed")
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))["reports"]
    return folder, expected


@pytest.fixture(scope="module")
def seed_analyses(nlp):
    folder, expected = _seed()
    reports = [read_path(folder / name) for name in expected]
    return {name: a for name, a in zip(expected, pipeline.analyze_many(reports, nlp=nlp))}


@pytest.mark.parametrize("name", ["hrana-saqqez.html", "irna-saqqez.html", "wire-saqqez.html"])
def test_fa_seed_language_publisher_dates_places(seed_analyses, name):
    _, expected = _seed()
    want = expected[name]
    analysis = seed_analyses[name]
    report = analysis.report
    assert report.language == want["language"]
    if want.get("analysed"):
        assert report.language_supported and analysis.sentences
    if "publisher_source" in want:
        assert analysis.profile["publisher_id"] == want["publisher_source"]
    text = report.text
    for item in analysis.dates + analysis.places + analysis.entities:
        assert text[item.start : item.end] == item.text
    for date in want.get("dates", []):
        hits = [d for d in analysis.dates if date["text"] in d.text]
        assert hits, f"no date mention with {date['text']!r}"
        assert hits[0].value == date["value"] and hits[0].precision == date["precision"]
    for place in want.get("places", []):
        hits = [p for p in analysis.places if p.text == place["text"]]
        assert hits, f"no place {place['text']!r}"
        assert all(p.geonameid == place["geonameid"] and p.province == place["province"] for p in hits)
