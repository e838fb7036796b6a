"""Quotes and reported speech (component ``rasad_quotes``)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.analysis.attribution import DOUBLE_MARKS, find_attributions, load_model, quote_regions
from rasad.analysis.pipeline import analyze
from rasad.records import Report
from tests.conftest import requires_shared


def _report(text: str) -> Report:
    return Report(id="t", sha256="t", text=text)


def _quote_starting(quotes, prefix: str):
    for q in quotes:
        if q.text.lstrip("“\"'‘").startswith(prefix):
            return q
    raise AssertionError(f"no quote starts with {prefix!r}: {[q.text[:40] for q in quotes]}")


# --- the seed report ---------------------------------------------------------------------------


def test_seed_direct_quotes_have_their_speakers(seed_analysis):
    """All three direct quotes of the seed, with the canonical speaker (needs rasad_canon)."""
    quotes = seed_analysis.quotes
    negative = _quote_starting(quotes, "create a negative impression")
    assert negative.kind == "direct"
    assert negative.speaker == "Ali Khamenei"
    assert negative.cue == "complaining"
    heard = _quote_starting(quotes, "I had heard some people say")
    assert heard.kind == "direct"
    assert heard.speaker == "Ali Khamenei"  # via "The speech" -> "his annual Nowruz message"
    economy = _quote_starting(quotes, "The country’s economy has been a victim")
    assert economy.speaker == "Hussein Raghfar"
    assert economy.cue == "wrote"


def test_seed_speaker_mentions_as_written(seed_analysis, seed_text):
    """Whatever canon does, the mention of each speaker is the text it points at."""
    heard = _quote_starting(seed_analysis.quotes, "I had heard some people say")
    assert seed_text[heard.speaker_start: heard.speaker_end] == heard.speaker_mention
    assert heard.speaker_mention.lower().endswith("speech")
    economy = _quote_starting(seed_analysis.quotes, "The country’s economy has been a victim")
    assert "Hussein Raghfar" in economy.speaker_mention


def test_seed_reported_speech(seed_analysis):
    indirect = [q for q in seed_analysis.quotes if q.kind == "indirect"]
    claimed = [q for q in indirect if "recent events and circumstances had favoured him" in q.text]
    assert claimed and claimed[0].cue == "claimed"
    assert "Khamenei" in claimed[0].speaker


def test_every_span_slices_back_to_its_text(seed_analysis, seed_text):
    assert seed_analysis.quotes
    for q in seed_analysis.quotes:
        assert seed_text[q.start: q.end] == q.text
        if q.speaker_start is not None:
            assert seed_text[q.speaker_start: q.speaker_end] == q.speaker_mention
        if q.cue_start is not None:
            assert seed_text[q.cue_start: q.cue_end] == q.cue
        for f in q.fragments:
            assert q.start <= f.start < f.end <= q.end
        if q.kind == "direct":
            assert q.text[0] in "“\"'‘" and any(m in q.text for m in DOUBLE_MARKS)


# --- small texts --------------------------------------------------------------------------------


def test_report_without_quotes_gives_no_quotes(nlp):
    analysis = analyze(_report("The river rose by two metres overnight. Roads in the valley were closed."), nlp=nlp)
    assert analysis.quotes == []


def test_empty_report_gives_no_quotes(nlp):
    assert analyze(_report(""), nlp=nlp).quotes == []


def test_quote_interrupted_by_he_said(nlp):
    text = "“We will not retreat,” the minister said on Monday, “whatever the cost may be.”"
    quotes = analyze(_report(text), nlp=nlp).quotes
    assert {q.text for q in quotes} == {"“We will not retreat,”", "“whatever the cost may be.”"}
    assert all(q.kind == "direct" and q.speaker_mention == "the minister" and q.cue == "said" for q in quotes)


def test_dateline_is_not_the_speaker(nlp):
    # spaCy's small parser makes the dateline a subject of "said" too
    text = "TEHRAN (Reuters) - Abbas Araghchi said on Monday that Iran “will not negotiate under threats of any kind.”"
    quotes = analyze(_report(text), nlp=nlp).quotes
    assert len(quotes) == 1 and quotes[0].kind == "direct"
    assert quotes[0].speaker_mention == "Abbas Araghchi"


def test_quotation_in_the_next_sentence_keeps_the_speaker(nlp):
    text = ("“We were not very happy when it was first announced,” said Jock Finlayson, head of policy at "
            "the Business Council of British Columbia. Now, “within the business community there is a sizable "
            "constituency saying this is fine.”")
    second = _quote_starting(analyze(_report(text), nlp=nlp).quotes, "within the business")
    assert second.kind == "direct" and second.speaker == "Jock Finlayson"


def test_quotation_in_the_next_sentence_joins_the_attribution(nlp):
    # PolNeAR makes '"...," X said. "..."' one attribution with two quotations, not two
    text = ("“We were not very happy when it was first announced,” said Jock Finlayson, head of policy at "
            "the Business Council of British Columbia. Now, “within the business community there is a sizable "
            "constituency saying this is fine.”")
    atts = [a for a in find_attributions(nlp(text), load_model()) if a.quotes]
    assert len(atts) == 1 and len(atts[0].quotes) == 2
    assert text[atts[0].source[0]:atts[0].source[1]].startswith("Jock Finlayson")


def test_colon_introduction_goes_to_the_subject_not_the_addressee(nlp):
    text = ("Senate Majority Leader Mitch McConnell delivered a blunt message to Trump: “It is time to quit "
            "attacking various people that you competed with.”")
    quotes = analyze(_report(text), nlp=nlp).quotes
    assert len(quotes) == 1 and quotes[0].speaker == "Mitch McConnell"


def test_unclaimed_quotation_gets_its_speaker_from_the_speaker_model(nlp):
    # no cue claims the quotation ("declared" governs it from a relative clause): the speaker model
    # picks among the mentions around it, not the sentence's subject ("Cruz")
    text = ("On Thursday, Cruz scored his first endorsement from a Senate colleague, Mike Lee, who declared "
            "in the debate spin room, “I’m sending the signal that it’s time to unite.”")
    quote = _quote_starting(analyze(_report(text), nlp=nlp).quotes, "I’m sending")
    assert quote.derived_from == "unclaimed-quotation-inline"
    assert quote.speaker == "Mike Lee"


def test_keep_model_drops_a_slogan_the_speaker_model_alone_would_keep(nlp):
    text = "Protesters outside the court carried banners reading “No More Executions In Our Name” and sang songs."
    doc = nlp(text)
    model = load_model()
    assert model.speaker is not None and model.keep is not None
    without_keep = dataclasses.replace(model, keep=None)
    slogan = [a for a in find_attributions(doc, without_keep) if a.quotes]
    assert slogan and slogan[0].derived == "unclaimed-quotation-inline"
    assert not [a for a in find_attributions(doc, model) if a.quotes]


def test_indirect_attribution_does_not_run_into_the_next_paragraphs_quotation(nlp):
    text = ("Officials said the budget would be cut by a third next year.\n\n"
            "“We are not going to wait for them to fix the roads.”")
    quotes = analyze(_report(text), nlp=nlp).quotes
    assert [q.speaker for q in quotes if q.kind == "indirect"] == ["Officials"]
    assert not [q for q in quotes if q.kind == "direct" and q.speaker == "Officials"]


def _regions(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_regions(text)]


def test_quotation_regions_for_each_kind_of_mark():
    assert _regions('He said "no way" and left.') == ['"no way"']
    assert _regions("''That would be a very big story,'' the economist said.") == ["''That would be a very big story,''"]
    assert _regions("“One,” she said, “two.”") == ["“One,”", "“two.”"]
    # a quotation running on over paragraphs reopens each paragraph and closes at the end
    assert _regions("“First part.\n\n“Second part.”") == ["“First part.", "“Second part.”"]
    # single marks count only in texts without double ones (British style); apostrophes never
    assert _regions("The minister’s aide said ‘we will win’ today.") == ["‘we will win’"]
    assert _regions("It’s the people’s choice.") == []


def test_pronoun_speaker_goes_to_the_person_before(nlp):
    text = ("Maryam Akbari was arrested in 2009. Speaking from prison last week, she said that "
            "the guards had denied her medical care for months.")
    quotes = analyze(_report(text), nlp=nlp).quotes
    said = [q for q in quotes if q.cue and q.cue.endswith("said")]
    assert said and said[0].speaker == "Maryam Akbari" and said[0].speaker_mention == "she"
    assert said[0].kind == "indirect" and "denied her medical care" in said[0].text


def test_according_to(nlp):
    text = "According to Amnesty International, at least 300 people were killed in the crackdown."
    quotes = analyze(_report(text), nlp=nlp).quotes
    assert len(quotes) == 1
    assert quotes[0].speaker_mention == "Amnesty International"
    assert "300 people were killed" in quotes[0].text


def test_a_modifier_is_not_the_speaker(nlp):
    speakers = [q.speaker for q in analyze(_report("Iranian officials said five people died in Zahedan."), nlp=nlp).quotes]
    assert speakers == ["Iranian officials"]  # not the NORP entity "Iranian"
    quotes = analyze(_report("An IRGC commander said three guards were killed in Saravan."), nlp=nlp).quotes
    assert [(q.speaker_actor) for q in quotes] == ["irgc"]  # a known organisation still names its member's side


PIECES = ["“", "”", '"', "''", "‘", "’", ":", ",", ".", "\n", "\n\n", " he said", " The speech portrayed",
          " according to Amnesty", " Khamenei", " claimed that", " it rained", " “We will win", " ?", "!"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_odd_texts_never_crash_and_spans_slice_back(nlp, pieces):
    text = "".join(pieces)
    analysis = analyze(_report(text), nlp=nlp)
    for q in analysis.quotes:
        assert text[q.start: q.end] == q.text and q.start < q.end
        if q.speaker_start is not None:
            assert text[q.speaker_start: q.speaker_end] == q.speaker_mention
    for c in analysis.claims:
        assert 0 <= c.start < c.end <= len(text)


# --- the PolNeAR evaluation -------------------------------------------------------------------


@pytest.mark.slow
def test_eval_quotes_on_a_few_dev_articles(tmp_path):
    """`rasad eval quotes` on a copy of five dev articles: runs the scorer and writes predictions
    that slice back to the texts."""
    from rasad.eval import quotes as evalq

    dev = requires_shared("eval", "quotes", "dev")
    names = sorted(p.stem for p in dev.glob("*.txt"))[:5]
    gold_lines = [line for line in open(dev / "gold.jsonl", encoding="utf-8") if json.loads(line)["doc"] in names]
    for n in names:
        (tmp_path / f"{n}.txt").write_bytes((dev / f"{n}.txt").read_bytes())
    (tmp_path / "gold.jsonl").write_text("".join(gold_lines), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    line = evalq.run(tmp_path, out)
    assert line.startswith("CONTENT_F1=") and "DIRECT_SOURCE_ACC=" in line
    figures = dict(kv.split("=") for kv in line.split())
    assert float(figures["MATCH_F1"]) > 0.5
    for rec in map(json.loads, out.read_text(encoding="utf-8").splitlines()):
        assert rec["doc"] in names
        for q in rec["quotes"]:
            assert all(0 <= s < e for s, e in q["content"])
