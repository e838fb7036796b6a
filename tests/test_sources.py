"""The source registry and how a report's publisher is recognised (metadata, URL, self-mention)."""

from __future__ import annotations

import pytest

from rasad.analysis.sources import (
    load_registry,
    match_url,
    mention_counts,
    recognise_publisher,
    recognise_publisher_with_evidence,
)


@pytest.fixture(scope="module")
def registry():
    return {s.id: s for s in load_registry()}


def test_registry_loads_with_unique_ids_and_stated_sources(registry):
    assert len(registry) >= 25
    for source in registry.values():
        assert source.note, f"{source.id} does not say where its classification comes from"
        assert source.independence_group


def test_registry_classifies_the_outlets_the_issue_names(registry):
    for sid in ("irna", "press-tv", "irib"):
        assert registry[sid].affiliation == "state_media"
    for sid in ("tasnim", "fars", "mehr", "kayhan"):
        assert registry[sid].affiliation == "state_aligned"
    for sid in ("hrana", "hengaw", "ihr", "amnesty", "hrw", "khrn"):
        assert registry[sid].affiliation == "ngo_monitor"
    for sid in ("reuters", "ap", "afp", "bbc-persian", "radio-farda"):
        assert registry[sid].affiliation == "international_press"


def test_ncri_and_pmoi_outlets_are_one_independence_group(registry):
    groups = {registry[sid].independence_group for sid in ("ncri", "pmoi", "iran-news-update", "iran-focus")}
    assert groups == {"ncri-pmoi"}
    assert registry["ncri"].affiliation == "opposition_advocacy"
    # two agencies of one state organisation are not independent of each other either
    assert registry["press-tv"].independence_group == registry["irib"].independence_group
    assert registry["reuters"].independence_group != registry["ap"].independence_group


def test_publisher_from_metadata_ignores_case_and_apostrophes():
    assert recognise_publisher({"publisher": "tasnim news agency"}, "", None).id == "tasnim"
    assert recognise_publisher({"publisher": "People’s Mojahedin Organization of Iran"}, "", None).id == "pmoi"
    assert recognise_publisher({"publisher": "Some Blog"}, "", None) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.irna.ir/news/85012345/", "irna"),
        ("https://en.irna.ir/news/1", "irna"),  # subdomain
        ("https://www.bbc.com/persian/iran-56473000", "bbc-persian"),  # a section wins over the site
        ("https://www.bbc.com/news/world-middle-east-1", "bbc"),
        ("irannewsupdate.com/news/khamenei", "iran-news-update"),  # no scheme
        ("https://notirna.ir/fake", None),  # a look-alike domain is not the agency
        ("https://irna.ir.evil.example/", None),
        ("http://[::1", None),  # malformed: no crash
        ("javascript:alert(1)", None),
    ],
)
def test_publisher_from_url_domain(url, expected):
    found = match_url(url)
    assert (found.id if found else None) == expected


def test_url_wins_when_metadata_names_nobody_we_know():
    found, how = recognise_publisher_with_evidence({"publisher": "Staff"}, "", "https://www.hrw.org/news/2023")
    assert found.id == "hrw" and how.startswith("URL domain")


def test_seed_publisher_is_recognised_from_self_mention(seed_text):
    found, how = recognise_publisher_with_evidence({}, seed_text, None)
    assert found.independence_group == "ncri-pmoi"
    assert found.affiliation == "opposition_advocacy"
    assert how.startswith("self-mention")
    assert "(PMOI / MEK Iran)" in how or "(NCRI) and (PMOI / MEK Iran)" in how


def test_reporting_about_an_organisation_is_not_self_mention():
    text = (
        "Tehran - Officials on Monday blamed the NCRI for the unrest.\n\n"
        "Reuters could not verify the claim. The PMOI denied involvement in a statement.\n"
    )
    assert recognise_publisher({}, text, None) is None
    assert mention_counts(text) == {"ncri": 1, "pmoi": 1, "reuters": 1}


@pytest.mark.parametrize("text", [
    # a wire story citing the state agency: an acronym in brackets is a citation, however often
    "DUBAI, Jan 12 (Reuters) - The official Islamic Republic News Agency (IRNA) said ten people were arrested.\n"
    "State media (IRNA) said the detainees were 'rioters'. A judiciary official told reporters (IRNA) that more "
    "arrests would follow.\n",
    # one title naming the group it is about, then criticism
    "MEK: the exiled group critics call a cult\n\nFormer members say the MEK controls their lives. The MEK denies "
    "it. Analysts doubt the MEK has support inside Iran.\n",
    # citing a statement is not publishing it
    "The NCRI claimed on Monday that 40 people were killed. The NCRI gave no source. Observers treat NCRI "
    "figures with caution.\nSource: NCRI statement, as quoted by Reuters\n",
    "The Mujahedin-e Khalq (MEK) was founded in 1965. The Mujahedin-e Khalq (MEK) later moved to Iraq. "
    "Critics of the Mujahedin-e Khalq (MEK) call it a cult.\n",
])
def test_citing_or_criticising_an_organisation_is_not_publishing_as_it(text):
    assert recognise_publisher({}, text, None) is None


def test_a_named_publisher_we_do_not_know_is_not_overruled_by_self_mentions(seed_text):
    assert recognise_publisher({"publisher": "Example Daily"}, seed_text, "https://www.exampledaily.com/a") is None
    assert recognise_publisher({}, seed_text, "https://www.exampledaily.com/a").id == "pmoi"  # no name: the text


def test_a_section_domain_covers_its_path_only():
    assert match_url("https://www.bbc.com/persian/articles/1").id == "bbc-persian"
    assert match_url("https://www.bbc.com/persian").id == "bbc-persian"
    assert match_url("https://www.bbc.com/persianfoo/x").id != "bbc-persian"
