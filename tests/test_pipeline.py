"""The pipeline as a whole: model pinning, chunking of long texts, batching many reports in order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.analysis import pipeline
from rasad.ingest import read_bytes
from rasad.records import Report


def test_pinned_model_meta_is_checked(nlp):
    assert nlp.meta["name"] == pipeline.MODEL_META["name"]
    assert nlp.meta["version"] == pipeline.MODEL_META["version"]
    # paragraph starts are set before spaCy's parser; the re-parse of known slips (analysis/reparse.py) right
    # after spaCy's own components, before anything reads the parse; our other components then, in the
    # documented order
    ours = [name for name in nlp.pipe_names if name.startswith("rasad_")]
    assert ours == ["rasad_paragraphs", "rasad_reparse"] + [name for name, _ in pipeline.COMPONENTS]
    assert nlp.pipe_names.index("rasad_paragraphs") == nlp.pipe_names.index("parser") - 1
    assert nlp.pipe_names.index("rasad_reparse") > max(nlp.pipe_names.index(n) for n in ("parser", "ner"))


def test_a_blank_line_always_starts_a_sentence(nlp):
    doc = nlp("Authorities must end the crackdown\n\nSecurity forces killed 12 protesters in Zahedan.\n"
              "A hard-wrapped line\ngoes on here.")
    starts = [s.text.strip() for s in doc.sents]
    assert starts[0] == "Authorities must end the crackdown"
    assert starts[1].startswith("Security forces killed 12 protesters")
    assert "A hard-wrapped line\ngoes on here." in doc.text and not any(s == "goes on here." for s in starts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(min_value=8, max_value=60))
def test_chunks_cover_every_word_of_the_text_at_its_offset(text, size):
    pieces = list(pipeline._chunks(text, size))
    covered = 0
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= size
        assert not text[covered:offset].strip()  # only the whitespace at a cut is left out
        covered = offset + len(piece)
    assert not text[covered:].strip()


def test_shift_moves_every_offset_field():
    record = {"start": 1, "end": 4, "evidence": [{"start": 2, "end": 3}], "speaker_start": 0, "count": 7, "ok": True}
    shifted = pipeline._shift(record, 10)
    assert shifted == {"start": 11, "end": 14, "evidence": [{"start": 12, "end": 13}], "speaker_start": 10, "count": 7, "ok": True}


def _report(text: str, **kw) -> Report:
    return read_bytes(text.encode("utf-8"), source="test", **kw)


def test_analyze_many_keeps_order_and_handles_empty_and_foreign_reports(nlp):
    english = [
        _report("Protesters gathered in Tehran on Monday. Police arrested ten people, witnesses said."),
        _report("The economy is a victim of the oligarchy, the economist wrote in a daily newspaper."),
    ]
    foreign = english[0].model_copy(update={"language": "fa", "language_supported": False, "id": "x" * 64})
    empty = english[1].model_copy(update={"text": "   ", "id": "y" * 64})
    reports = [foreign, english[0], empty, english[1], foreign]
    out = list(pipeline.analyze_many(reports, nlp=nlp, batch_size=2))
    assert [a.report.id for a in out] == [r.id for r in reports]
    assert out[0].sentences == [] and out[2].sentences == [] and out[4].sentences == []
    assert len(out[1].sentences) == 2 and len(out[3].sentences) == 1


def test_long_text_is_chunked_and_offsets_slice_back(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 400)
    paragraph = "Security forces arrested three students in Mashhad on 20 Dey 1401, the rights group said.\n\n"
    report = _report(paragraph * 20)
    analysis = pipeline.analyze(report, nlp=nlp)
    text = report.text
    assert len(analysis.sentences) == 20
    for sentence in analysis.sentences:
        assert text[sentence.start : sentence.end].startswith("Security forces")
    for item in analysis.entities + analysis.dates + analysis.places + analysis.quotes:
        assert text[item.start : item.end] == item.text


def test_analysis_beyond_the_limit_is_flagged(nlp, monkeypatch):
    from rasad.config import get_settings

    monkeypatch.setattr(get_settings(), "max_analysis_chars", 200)
    report = _report("Police arrested ten people in Tehran. " * 20)
    analysis = pipeline.analyze(report, nlp=nlp)
    assert analysis.flags == ["analysis-truncated:200"]
    assert analysis.report.text == report.text  # the stored text is never cut
    assert max(s.end for s in analysis.sentences) <= 200


def test_a_docs_text_is_joined_once_inside_a_component_and_dropped_after(nlp):
    from rasad.analysis.doc_text import doc_text, joined_once

    doc = nlp.make_doc("Security forces  killed 12 protesters\n\nin Zahedan. ")
    other = nlp.make_doc("A second report.")
    with joined_once([doc, other]):
        assert doc_text(doc) == doc.text and doc_text(other) == other.text
        with joined_once([doc]):  # a component inside another: the outer copy outlives the inner block
            assert doc_text(doc) == doc.text
        assert any(v == doc.text for v in doc.user_data.values())
    assert not any(isinstance(v, str) and v == doc.text for v in doc.user_data.values())  # no second copy kept
    assert doc_text(doc) == doc.text  # outside a block it reads the tokens, as doc.text does


def test_the_components_leave_no_joined_text_on_the_doc(nlp):
    doc = nlp("Security forces killed 12 protesters in Zahedan on Friday, the rights group Hengaw said.")
    assert doc._.incidents and doc._.claims
    assert not any(isinstance(v, str) and v == doc.text for v in doc.user_data.values())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "B", " ", "\n", "\t", "\u200c", "\u00a0", ".", "-", "آ", "ی", "'", "\r",
                                         "\u2028", "🙂", "1"]), max_size=200))
def test_a_doc_made_from_a_text_gives_that_text_back(nlp, text):
    """The pipeline hands each Doc the string it made it from (doc_text.keep_text) instead of joining the
    tokens again: spaCy's tokenizer must give the text back exactly, in both languages' pipelines."""
    assert nlp.make_doc(text).text == text
    assert pipeline.load_nlp("fa").make_doc(text).text == text
