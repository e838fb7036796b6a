"""Persian names in Latin script: spelling variants fold together, different names stay apart."""

from __future__ import annotations

import pytest

from rasad.log.merge import name_keys
from rasad.log.names import canonical_name, canonical_token, name_similarity, name_skeletons


@pytest.mark.parametrize(
    "variants",
    [
        ["Mohammad", "Mohammed", "Muhammad", "Mohamed"],
        ["Qassem", "Qasem", "Ghasem"],
        ["Hossein", "Hussein", "Hosein", "Husain"],
        ["Hosseini", "Hosseiny", "Hosseinee"],
        ["Rezaei", "Rezaee", "Rezaie", "Rezai"],
        ["Zahra", "Zahraa"],
        ["Mousavi", "Moosavi", "Musawi"],
        ["Saeed", "Saeid", "Said"],
        ["Pezhman", "Pejman"],
    ],
)
def test_spelling_variants_fold_to_one_canonical_token(variants):
    assert len({canonical_token(v) for v in variants}) == 1


def test_the_i_suffix_is_kept_apart_from_the_bare_name():
    # Hossein and Hosseini are different names (the -i makes a family name).
    assert canonical_token("Hossein") != canonical_token("Hosseini")


def test_full_names_with_variant_spellings_and_titles_match():
    assert name_similarity("Seyed Mohammadjavad Mousavi", "Mohammad Javad Mousavi") == 1.0
    assert name_similarity("Qassem Soleimani", "Ghasem Soleymani") == 1.0
    assert name_similarity("Mohammed Hussein Rezaee", "Mohammad Hossein Rezaei") == 1.0
    assert name_similarity("Amir Mohammad Hatami", "Amirmohammad Hatami") == 1.0


def test_shared_family_name_is_not_the_same_person():
    assert name_similarity("Ali Mohammadi", "Reza Mohammadi") <= 0.5
    assert name_similarity("Hamid Rezaei", "Hamidreza Rezaei") <= 0.5


def test_a_shorter_form_of_a_name_matches_partially():
    assert 0.85 <= name_similarity("Ali Moradi", "Ali Moradi Moghaddam") < 1.0
    # a lone family name against a full name is weak evidence only
    assert name_similarity("Mousavi", "Mohammad Javad Mousavi") <= 0.7


def test_persian_script_and_latin_share_a_consonant_skeleton():
    assert name_skeletons("محمد حسینی") == name_skeletons("Mohammad Hosseini")
    assert name_skeletons("قاسم") == name_skeletons("Ghasem")
    assert name_similarity("زهرا نجفی", "Zahra Najafi") > 0.8
    assert name_similarity("زهرا نجفی", "Ali Pourimamali") < 0.4


def test_canonical_name_drops_honorifics_and_punctuation():
    assert canonical_name("Seyed Mohammad-Hossein Rashtiani") == canonical_name("Mohammad Hossein Rashtiani")


def test_blocking_keys_are_shared_by_variants():
    assert name_keys("Mohammad Hosseini") & name_keys("Muhammad Husseini")
    assert name_keys("Mohammad Hosseini") & name_keys("محمد حسینی")  # through the consonant skeleton


# --- Persian script (issue 18): the pairs below are written for these tests, not taken from any file ---


@pytest.mark.parametrize(
    "a, b",
    [
        ("علي رضائي", "علی رضایی"),  # Arabic yeh, yeh with hamza
        ("كاوه كريمي", "کاوه کریمی"),  # Arabic kaf and yeh
        ("محمد‌حسین احمدی", "محمدحسین احمدی"),  # ZWNJ inside a compound given name
        ("أمیر عبّاس نوری", "امیر عباس نوری"),  # alef with hamza, shadda
        ("سید مهدی صادقی", "مهدی صادقي"),  # a title, and Arabic yeh
        ("ﻋﻠﻰ ﺭﺿﺎﻳﻰ", "علی رضایی"),  # presentation forms (a broken PDF extraction)
        ("ماندانا گلستان نژاد", "ماندانا گلستان‌نژاد"),  # a family name in two words or joined by a ZWNJ
    ],
)
def test_persian_spellings_with_other_letter_forms_are_one_name(a, b):
    assert name_similarity(a, b) == 1.0
    assert name_keys(a) & name_keys(b)


@pytest.mark.parametrize(
    "fa, latin",
    [
        ("آرین کریمی", "Arian Karimi"),
        ("میثم ویسی", "Meysam Veisi"),
        ("فاطمه رضایی", "Fatemeh Rezaei"),
        ("سید محمد موسوی", "Mohammad Mousavi"),
        ("مرتضی حسین زاده", "Morteza Hosseinzadeh"),  # the family name in two words in Persian, one in Latin
        ("محمدجواد صالحی", "Mohammad Javad Salehi"),  # the given name in one word in Persian, two in Latin
        ("عبدالله فتحی", "Abdollah Fathi"),  # the article ال, th as two letters
        ("مجتبی مددی", "Mojtaba Madadi"),  # final ی read a; a doubled letter
    ],
)
def test_persian_script_name_matches_its_latin_spelling(fa, latin):
    assert name_similarity(fa, latin) >= 0.85
    assert name_similarity(latin, fa) == name_similarity(fa, latin)
    assert name_keys(fa) & name_keys(latin), "a Persian and a Latin spelling must meet in blocking"


@pytest.mark.parametrize(
    "fa, latin",
    [
        ("آرمان قهرمانی", "Ramin Ghahremani"),  # one skeleton (rmn), two names
        ("آرین کریمی", "Armin Karimi"),
        ("علی محمدی", "Reza Mohammadi"),  # same family name, another given name
        ("حامد نوری", "Hamid Rezaei"),
        ("مهسا امینی", "Minoo Majidi"),
    ],
)
def test_different_people_across_scripts_stay_apart(fa, latin):
    assert name_similarity(fa, latin) < 0.6


def test_persian_given_name_alone_is_weak_evidence():
    assert name_similarity("کریمی", "Arian Karimi") <= 0.7
    assert name_similarity("علی", "علی رضایی") <= 0.7


def test_different_people_in_persian_script_stay_apart():
    assert name_similarity("علی رضایی", "رضا رضایی") <= 0.5
    assert name_similarity("آرمان کریمی", "رامین کریمی") <= 0.5
