"""The report profile: who speaks in a report, how much is attributed, and how it persuades."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("text", ["  \n\n \t", "!!! ... ???", ".", "42", "\u200b\u200b", "\U0001f525 \U0001f525",
                                  "https://example.org/a/b?c=d"])
def test_a_report_without_words_gets_an_empty_profile_through_the_pipeline(nlp, text):
    analysis = analyze(Report(id="w", sha256="w", text=text), nlp=nlp)
    assert analysis.profile is not None
    assert (analysis.profile["attributed_share"], analysis.profile["sentences"]) == (None, 0)
    assert "no sentences" in analysis.profile["summary"]


def test_a_report_in_a_language_we_do_not_analyse_still_has_a_profile(nlp):
    report = Report(id="fa", sha256="fa", text="\u0633\u0644\u0627\u0645 \u062f\u0646\u06cc\u0627", language="fa",
                    language_supported=False)
    profile = analyze(report, nlp=nlp).profile
    assert profile["sentences"] == 0 and "language" in profile["summary"]


def test_a_truncated_report_is_profiled_over_the_part_analysed(nlp, seed_text, monkeypatch):
    monkeypatch.setenv("RASAD_MAX_ANALYSIS_CHARS", str(len(seed_text)))
    from rasad.config import get_settings

    get_settings.cache_clear()
    try:
        whole = analyze(Report(id="s", sha256="s", text=seed_text), nlp=nlp).profile
        padded = analyze(Report(id="p", sha256="p", text=seed_text + "\n\nMore words here. " * 2000), nlp=nlp)
    finally:
        monkeypatch.delenv("RASAD_MAX_ANALYSIS_CHARS")
        get_settings.cache_clear()
    assert f"analysis-truncated:{len(seed_text)}" in padded.flags
    assert padded.profile["words"] == whole["words"]
    assert padded.profile["density_per_1000_words"] == whole["density_per_1000_words"]


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


def test_summary_names_the_kind_of_evidence_not_a_piece_of_the_url():
    from rasad.analysis.profile import summarise

    p = {"publisher": "IRNA", "affiliation": "state_media", "publisher_evidence": "URL domain of 'https://www.irna.ir/x'",
         "factual_claims": 0, "framing_spans": 0, "quotes_by_speaker": {}, "self_promotion": {"found": False}, "techniques": {},
         "unattributed_claim_share": None}
    text = summarise(p, 0)
    assert "recognised from URL domain)" in text and "https" not in text
