"""Framing: propaganda / persuasion techniques as character spans (rasad_framing)."""

from __future__ import annotations

from collections import Counter

import pytest

from rasad.analysis.framing import framing_spans, get_model, repetition_spans
from rasad.analysis.pipeline import _chunks
from rasad.models.framing import MAX_PIECES, TECHNIQUES, pieces, windows


def test_seed_keyword_stuffing_is_counted_exactly(seed_text):
    spans = repetition_spans(seed_text)
    counts = Counter(f.text for f in spans)
    assert counts["(NCRI) and (PMOI / MEK Iran)"] == 3
    assert counts["(PMOI / MEK Iran)"] == 7  # also inside the three combined groups
    assert seed_text.count("(PMOI / MEK Iran)") == 7
    for f in spans:
        assert seed_text[f.start : f.end] == f.text
        assert f.technique == "Repetition"
    group = next(f for f in spans if f.text == "(NCRI) and (PMOI / MEK Iran)")
    assert group.reason == "rule: keyword group '(NCRI) and (PMOI / MEK Iran)' repeated 3 times"


def test_a_phrase_repeated_three_times_is_repetition_twice_is_not():
    three = "Death to the dictator, long live freedom. They marched. Death to the dictator, long live freedom! " \
            "Again: death to the dictator, long live freedom."
    found = [f for f in repetition_spans(three) if f.reason.startswith("rule: phrase")]
    assert [f.text.lower() for f in found] == ["death to the dictator, long live freedom"] * 3
    two = "The regime is collapsing fast. Elsewhere, the regime is collapsing fast."
    assert repetition_spans(two) == []


def test_repeated_names_and_idioms_are_not_repetition():
    text = ("Supreme Leader Ali Khamenei spoke. Supreme Leader Ali Khamenei left. Supreme Leader Ali Khamenei slept. "
            "It was in favour of Iran, in favour of peace, in favour of all.")
    assert repetition_spans(text) == []


def test_shipped_model_loads_and_its_spans_slice_back(seed_text):
    model = get_model()
    assert model.meta["techniques"] == TECHNIQUES
    spans = framing_spans(seed_text)
    learned = [f for f in spans if f.reason.startswith("model")]
    assert learned, "the model found nothing in an openly propagandistic text"
    for f in spans:
        assert seed_text[f.start : f.end] == f.text
        assert f.technique in TECHNIQUES
        assert 0.0 <= f.score <= 1.0
    f = learned[0]
    assert f"for {f.technique} on tokens" in f.reason


def test_model_finds_loaded_language_in_the_seed(seed_text):
    spans = [f for f in framing_spans(seed_text) if f.reason.startswith("model")]
    # words the seed's hand-made expectations list as loaded language / name calling
    hits = [f for f in spans if any(w in f.text for w in ("dictatorship", "fascism", "terrorist", "miserable", "hypocritically"))]
    assert hits


def test_component_writes_records_and_a_span_group(nlp):
    doc = nlp("The terrorist regime and its corrupt mullahs are doomed. (MEK) and (NCRI): hope. "
              "(MEK) and (NCRI): freedom. (MEK) and (NCRI): victory.")
    assert doc._.framing
    group = doc.spans["framing"]
    assert len(group) == len(doc._.framing)
    for span, record in zip(group, doc._.framing):
        assert span.label_ == record.technique
        assert span.start_char <= record.start and record.end <= span.end_char


def test_windows_are_bounded_whatever_the_text_length():
    model = get_model()
    text = ("Protesters gathered again in the square. " * 40 + "\n") * 60  # ~100 k characters
    p = pieces(model.tok, text)
    wins = windows(text, p)
    assert all(0 < e - s <= MAX_PIECES for s, e in wins)
    assert wins[0][0] == 0 and wins[-1][1] == len(p.ids)
    assert all(a[1] == b[0] for a, b in zip(wins, wins[1:]))  # every piece in exactly one window
    chunks = list(_chunks(text, 20_000))
    assert "".join(c for _, c in chunks) == text
    assert all(len(c) <= 20_000 for _, c in chunks)


def test_long_report_runs_in_bounded_memory():
    """A long report (about 60 k characters here) goes through the model window by window: no crash,
    spans slice back, and Python-side allocations stay far below the text's token matrix size."""
    import tracemalloc

    paragraph = ("The corrupt regime's brutal crackdown failed again, and the heroic people will never "
                 "surrender to these criminals. ") * 5 + "\n\n"
    text = paragraph * 100
    tracemalloc.start()
    try:
        spans = framing_spans(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert spans
    assert all(text[f.start : f.end] == f.text for f in spans)
    assert peak < 200 * 1024 * 1024


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01 binary?", "٪٪٪ متن فارسی ٪٪٪"])
def test_odd_input_gives_a_safe_result(text):
    spans = framing_spans(text)
    assert all(text[f.start : f.end] == f.text for f in spans)


def test_cross_validation_models_never_saw_their_fold():
    """`rasad eval framing` predicts each training article with models of the fold that held it out:
    both the span head and the technique classifier must be that fold's, not the shipped ones."""
    import numpy as np

    from rasad.eval.framing import _fold_models
    from rasad.models.framing import MODEL_DIR

    models, fold_of = _fold_models()
    assert sorted(set(fold_of.values())) == list(models) == [0, 1, 2, 3, 4]
    shipped = get_model()
    for f, model in models.items():
        with np.load(MODEL_DIR / "folds" / f"techniques.fold{f}.npz") as z:
            assert np.array_equal(model.classifier.coef, z["coef"])
        assert not np.array_equal(model.classifier.coef, shipped.classifier.coef)
        assert not np.array_equal(model.weights, shipped.weights)
