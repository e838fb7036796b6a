"""The report profile: who speaks in a report, how much is attributed, and how it persuades."""

from __future__ import annotations

from rasad.analysis.pipeline import analyze
from rasad.analysis.profile import attach
from rasad.records import Analysis, Report

PROFILE_KEYS = {
    "publisher", "affiliation", "independence_group", "attributed_share", "unattributed_claim_share",
    "techniques", "density_per_1000_words", "self_promotion", "summary",
}


def test_seed_is_advocacy_from_the_ncri_pmoi_camp(seed_analysis):
    profile = seed_analysis.profile
    assert PROFILE_KEYS <= set(profile)
    assert profile["affiliation"] == "opposition_advocacy"
    assert profile["independence_group"] == "ncri-pmoi"
    assert profile["camp"] == "NCRI/PMOI"
    assert "advocacy from the NCRI/PMOI camp" in profile["summary"]


def test_seed_claims_are_mostly_unattributed(seed_analysis):
    profile = seed_analysis.profile
    assert profile["unattributed_claim_share"] >= 0.6
    assert profile["attributed_share"] < 0.5
    assert "(mostly unattributed)" in profile["summary"]


def test_seed_promotes_its_own_organisation(seed_analysis):
    promo = seed_analysis.profile["self_promotion"]
    assert promo["found"]
    assert promo["mentions"] >= 10  # NCRI and PMOI/MEK named again and again
    assert set(promo["organisations"]) == {"ncri", "pmoi"}


def test_seed_technique_counts_and_density_agree_with_the_spans(seed_analysis):
    profile = seed_analysis.profile
    assert sum(profile["techniques"].values()) == len(seed_analysis.framing)
    assert profile["techniques"]["Repetition"] >= 15  # 3 + 7 keyword groups + 5 "(NCRI)"
    words = profile["words"]
    assert abs(profile["density_per_1000_words"] - 1000 * len(seed_analysis.framing) / words) < 0.01


def test_seed_quotes_are_counted_by_speaker(seed_analysis):
    quotes = seed_analysis.profile["quotes_by_speaker"]
    assert sum(quotes.values()) == len(seed_analysis.quotes)


def test_report_without_sentences_gets_an_empty_profile_not_a_crash():
    analysis = Analysis(pipeline_version="test", report=Report(id="x", sha256="x", text=""))
    attach(analysis)
    profile = analysis.profile
    assert PROFILE_KEYS <= set(profile)
    assert profile["attributed_share"] is None
    assert profile["unattributed_claim_share"] is None
    assert profile["techniques"] == {}
    assert profile["density_per_1000_words"] == 0.0
    assert "no sentences" in profile["summary"]


def test_whitespace_report_through_the_pipeline_has_an_empty_profile(nlp):
    analysis = analyze(Report(id="w", sha256="w", text="  \n\n \t"), nlp=nlp)
    assert analysis.profile is None or analysis.profile["attributed_share"] is None


def test_publisher_metadata_drives_the_profile(nlp):
    report = Report(
        id="r1",
        sha256="r1",
        publisher="Reuters",
        text="Police arrested 12 protesters in Tehran on Monday, according to Amnesty International.\n",
    )
    profile = analyze(report, nlp=nlp).profile
    assert profile["publisher"] == "Reuters"
    assert profile["affiliation"] == "international_press"
    assert profile["self_promotion"]["found"] is False
    assert profile["summary"].startswith("Published by Reuters (international press / wire; recognised from metadata)")
