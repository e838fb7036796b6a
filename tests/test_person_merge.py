"""The person an account describes (``rasad.log.person``): age, gender and cause of death read from a story,
scored as merge evidence, and the rule by which a story naming nobody, or only a given name, joins a registry
row only when one candidate clearly fits. The registry rows and stories are invented for these tests
(``tests/data/person_registry.csv``, ``person_stories_fa.jsonl``, ``person_stories_en.jsonl``), in the
Javidnam CSV's columns; nothing is taken from the registry or an evaluation file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasad.log.merge import features_from_incident_report, score_pair
from rasad.log.person import cause_label, clear_winner, describe, stated_age, stated_gender

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("text, lang, age", [
    ("Dariush Kamali, 52 years old, was shot in Arak.", "en", 52),
    ("A 19-year-old student was killed in Babol.", "en", 19),
    ("Golnaz Tehrani, aged twenty-three, died in hospital.", "en", 23),
    ("#Nima_Hashemi, 28, was killed on 20 Dey.", "en", 28),
    ("He leaves behind his 4-year-old daughter.", "en", None),  # the child's age
    ("He was the father of a 2-year-old boy.", "en", None),
    ("داریوش کمالی ۵۲ ساله در اراک جان باخت.", "fa", 52),
    ("دانشجوی بیست و سه ساله رشته پزشکی بود.", "fa", 23),
    ("او در سن ۴۱ سالگی جان باخت.", "fa", 41),
    ("اهل بابل، دارای دو فرزند ۴ و ۷ ساله", "fa", None),  # the children's ages
    ("اهل کرج، پدر آرمان ۳ ساله", "fa", None),  # the son's age
    ("گلناز، دختر ۱۷ ساله اهل رشت", "fa", 17),  # a girl of 17 is the subject
    ("در سال ۱۴۰۱ جان باخت.", "fa", None),  # a year, no age
])
def test_the_subjects_age_not_a_relatives(text, lang, age):
    assert stated_age(text, lang) == age


@pytest.mark.parametrize("text, lang, gender", [
    ("She was a nurse. Her family was threatened.", "en", "female"),
    ("He was a baker and his shop was in Rasht.", "en", "male"),
    ("His sister said she saw him fall.", "en", None),  # both: no guess
    ("زن ۳۸ ساله‌ای در ایلام جان باخت.", "fa", "female"),
    ("۴۴ ساله، پدرِ سه فرزند، در تبریز کشته شد.", "fa", "male"),
    ("اهل خمین، دارای ۲ فرزند، یک دختر ۵ ساله", "fa", None),  # the daughter is not the subject
])
def test_gender_from_the_accounts_own_words(text, lang, gender):
    assert stated_gender(text, lang) == gender


def test_registry_causes_read_as_labels():
    assert cause_label("اصابت گلولهٔ جنگی به سر") == "shot"
    assert cause_label("بر اثر ضربات باتوم") == "beaten"
    assert cause_label("اصابت ساچمه") == "pellet"
    assert cause_label("shot") == "shot"
    assert cause_label("مرگ مشکوک") is None and cause_label("") is None and cause_label(None) is None


def _story(**fields) -> dict:
    base = {"event_type": "Violence against civilians", "sub_type": "Attack", "counts": {"killed": 1},
            "date": "2022-10-15", "date_precision": "day",
            "place": {"name": "Sanandaj", "geonameid": 117574, "province": "Kurdistan"}}
    return base | fields


def test_age_tells_two_rows_of_one_name_apart():
    story = features_from_incident_report(_story(victims=[{"name": "Soran Vafaei", "age": 31}]))
    right = features_from_incident_report(_story(victims=[{"name": "Soran Vafaei", "age": 31}]))
    other = features_from_incident_report(_story(victims=[{"name": "Soran Vafaei", "age": 24}]))
    a, b = score_pair(story, right), score_pair(story, other)
    assert a.explanation()["fields"]["person"]["verdict"] == "agree"
    assert b.explanation()["fields"]["person"]["verdict"] == "disagree"
    assert a.score - b.score >= 3.0


def test_a_different_gender_counts_against():
    story = features_from_incident_report(_story(victims=[{"name": "Taraneh", "gender": "female"}]))
    man = features_from_incident_report(_story(victims=[{"name": "Taraneh Sepehri", "gender": "male"}]))
    assert score_pair(story, man).explanation()["fields"]["person"]["weight"] < 0


def test_nameless_account_needs_town_and_day_or_town_and_age():
    nameless = features_from_incident_report(_story(victims=[{"age": 22}]))
    row = features_from_incident_report(_story(victims=[{"name": "Taraneh Sepehri", "age": 22}], date=None))
    assert score_pair(nameless, row).merge  # same town and age, no date on the row
    elsewhere = features_from_incident_report(_story(victims=[{"name": "Taraneh Sepehri", "age": 22}], date=None,
                                                     place={"name": "Saqqez", "geonameid": 117392, "province": "Kurdistan"}))
    assert not score_pair(nameless, elsewhere).merge  # only the province in common


def test_clear_winner_needs_a_margin_and_person_evidence():
    story = features_from_incident_report(_story(victims=[{"name": "Taraneh", "age": 22}]))
    row = features_from_incident_report(_story(victims=[{"name": "Taraneh Sepehri", "age": 22}]))
    d = score_pair(story, row)
    assert clear_winner(d, d.score, [d.score])
    assert not clear_winner(d, d.score, [d.score, d.score - 1.0])  # a rival one point behind
    assert clear_winner(d.explanation(), d.score, [d.score, d.score - 2.5])  # from a stored explanation too
    undescribed = features_from_incident_report(_story(victims=[{}]))
    d2 = score_pair(undescribed, row)
    assert clear_winner(d2, d2.score, [d2.score])  # the only one whose town and day agree
    assert not clear_winner(d2, d2.score, [d2.score, d2.score - 2.5])  # no person evidence against a rival


def test_describe_both_fields():
    assert describe("کاوه، مرد ۴۰ ساله اهل سقز", "fa") == {"age": 40, "gender": "male"}


@pytest.mark.slow
def test_stories_without_full_names_join_their_registry_rows(tmp_path):
    """Through the whole road (analysis of each story, the log, the merge) on the invented registry: a story
    naming nobody joins the only row of its town and day, or of its town and age; a given name and an age
    find a row with no date in common; of two rows of one name the one with the story's age is taken; one
    full name with the same town two months apart is one person; two rows of one town and day without ages
    leave a story naming nobody unlinked; no link is wrong."""
    from rasad.eval import merge

    out = tmp_path / "links.jsonl"
    merge.run([DATA / "person_stories_en.jsonl", DATA / "person_stories_fa.jsonl"], out, DATA / "person_registry.csv")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        assert set(row["links"]) <= {row["id"]}, row  # never a wrong row
    linked = {(Path(r["file"]).name, r["id"]) for r in rows if r["links"]}
    assert linked == {
        ("person_stories_en.jsonl", "jvn_t000000001"),  # nameless: age 27, Shiraz, 8 Mehr (the other row is 41)
        ("person_stories_en.jsonl", "jvn_t000000005"),  # the row whose age is the story's (31, not 24)
        ("person_stories_fa.jsonl", "jvn_t000000001"),
        ("person_stories_fa.jsonl", "jvn_t000000003"),  # nameless: the only row of Bukan on 20 Aban
        ("person_stories_fa.jsonl", "jvn_t000000005"),
        ("person_stories_fa.jsonl", "jvn_t000000006"),  # a given name and an age in Sanandaj, no date
        ("person_stories_fa.jsonl", "jvn_t000000009"),  # age 45 in Yasuj, no date on either side
        ("person_stories_fa.jsonl", "jvn_t000000011"),  # one full name in Qazvin, 20 Mehr vs 29 Azar
    }


def test_person_of_a_single_victim_only_and_bad_values_ignored():
    from rasad.log.person import person_of

    assert person_of([{"name": "X Y", "age": "30", "gender": "female"}]) == (30, "female")
    assert person_of([{"age": "۳۰"}]) == (30, None)
    assert person_of([{"age": True}, ]) == (None, None) and person_of([{"age": 500}]) == (None, None)
    assert person_of([{"name": "A B", "age": 20}, {"name": "C D", "age": 30}]) == (None, None)  # whose age?
    assert person_of(None) == (None, None) and describe("", "fa") == {"age": None, "gender": None}
