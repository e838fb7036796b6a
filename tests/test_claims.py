"""Who asserts each sentence (component ``rasad_claims``)."""

from __future__ import annotations

from rasad.analysis.pipeline import analyze
from rasad.records import Report


def _claims(nlp, text: str):
    analysis = analyze(Report(id="t", sha256="t", text=text), nlp=nlp)
    return analysis, [(text[c.start: c.end], c) for c in analysis.claims]


def _claim_for(pairs, fragment: str):
    hits = [c for s, c in pairs if fragment in s]
    assert hits, f"no claim holds {fragment!r}"
    return hits[0]


def test_claims_cover_the_sentences_and_slice_back(seed_analysis, seed_text):
    """One claim per sentence, or per line where the parser ran a headline into a paragraph."""
    claims = seed_analysis.claims
    for c in claims:
        sliced = seed_text[c.start: c.end]
        assert sliced and sliced == sliced.strip()
        assert any(s.start <= c.start and c.end <= s.end for s in seed_analysis.sentences)
    for s in seed_analysis.sentences:
        if seed_text[s.start: s.end].strip():
            assert any(s.start <= c.start < s.end for c in claims)
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_seed_ncri_report_is_attributed_to_the_ncri(seed_analysis, seed_text):
    pairs = [(seed_text[c.start: c.end], c) for c in seed_analysis.claims]
    claim = _claim_for(pairs, "Khamenei purposefully ignored the turbulent social conditions")
    assert claim.asserted_by != "author"
    assert "Resistance of Iran" in claim.asserted_by or "Moj" in claim.asserted_by or "Muj" in claim.asserted_by
    assert claim.cue == "reported"


def test_seed_is_mostly_asserted_by_its_author(seed_analysis):
    """The seed's point for source criticism: most of its factual claims carry no attribution."""
    assert seed_analysis.unattributed_share is not None
    assert seed_analysis.unattributed_share > 0.6


def test_quoted_sentences_belong_to_their_speaker(seed_analysis, seed_text):
    pairs = [(seed_text[c.start: c.end], c) for c in seed_analysis.claims]
    claim = _claim_for(pairs, "The country’s economy has been a victim")
    assert claim.asserted_by == "Hussein Raghfar"


def test_according_to_and_hedges(nlp):
    _, pairs = _claims(nlp, "According to Amnesty International, at least 300 people were reportedly killed. "
                            "The river is wide.")
    first = _claim_for(pairs, "300 people")
    assert first.asserted_by == "Amnesty International" and first.cue == "According to"
    assert first.hedges == ["reportedly"]
    second = _claim_for(pairs, "The river is wide.")
    assert second.asserted_by == "author" and second.cue is None and second.factual and second.hedges == []


def test_questions_headlines_and_exhortations_are_not_factual(nlp):
    text = ("Biden or Khamenei, Who Is the Winner?\n\nRegime Expresses Concerns About New Wave of Protests\n\n"
            "Join the protests on Friday! The police arrested 40 students in Tehran on Monday.")
    analysis, pairs = _claims(nlp, text)
    assert not _claim_for(pairs, "Who Is the Winner").factual
    assert not _claim_for(pairs, "Regime Expresses Concerns").factual
    assert not _claim_for(pairs, "Join the protests").factual
    assert _claim_for(pairs, "The police arrested").factual
    assert analysis.unattributed_share == 1.0


def test_hedged_author_claim_stays_with_the_author(nlp):
    _, pairs = _claims(nlp, "The prisoners may have been moved to Evin prison last week.")
    claim = _claim_for(pairs, "prisoners")
    assert claim.asserted_by == "author" and "may" in claim.hedges
