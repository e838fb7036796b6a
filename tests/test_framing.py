"""Framing: propaganda / persuasion techniques as character spans (rasad_framing)."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from rasad.analysis.framing import framing_spans, get_model, model_output, model_spans, repetition_spans
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


def test_a_long_repeated_passage_is_one_span_per_occurrence_and_nested_repeats_are_not_counted_again():
    passage = ("The criminal regime in Tehran has brutally murdered thousands of innocent young protesters in the "
               "streets of our beloved country. ")
    found = [f for f in repetition_spans(passage * 3) if f.reason.startswith("rule: phrase")]
    assert [f.text for f in found] == [passage.strip().rstrip(".")] * 3  # not one span per 12-word window
    text = "The mullahs' brutal regime must fall now. " * 3 + "They say the brutal regime must go."
    found = [f.text for f in repetition_spans(text) if f.reason.startswith("rule: phrase")]
    assert found.count("The mullahs' brutal regime must fall now") == 3
    assert found.count("brutal regime must") == 1  # only the occurrence outside the longer phrase


def test_rule_spans_stay_under_their_cap_however_often_a_group_repeats():
    from rasad.analysis.framing import MAX_RULE_SPANS, keyword_group_spans

    assert len(keyword_group_spans("(MEK) and " * 5000)) == MAX_RULE_SPANS


def test_a_phrase_repeated_three_times_is_repetition_twice_is_not():
    three = "Death to the dictator, long live freedom. They marched. Death to the dictator, long live freedom! " \
            "Again: death to the dictator, long live freedom."
    found = [f for f in repetition_spans(three) if f.reason.startswith("rule: phrase")]
    assert [f.text.lower() for f in found] == ["death to the dictator, long live freedom"] * 3
    two = "The regime is collapsing fast. Elsewhere, the regime is collapsing fast."
    assert repetition_spans(two) == []


def test_a_repeated_phrase_is_kept_only_where_the_model_reads_half_its_occurrences_as_framing(seed_text):
    topical = ("The school board meeting began at six. Parents came to the school board meeting with questions. "
               "After the school board meeting, the minutes were posted.")
    loaded = ("We must stop the bloodthirsty criminal regime of the mullahs. Everyone knows the bloodthirsty "
              "criminal regime of the mullahs lies. Down with the bloodthirsty criminal regime of the mullahs!")
    text = seed_text + "\n\n" + topical + "\n\n" + loaded
    _learned, marked = model_output(text)
    rules = repetition_spans(text)
    spans = framing_spans(text)
    phrases = defaultdict(list)
    for f in rules:
        if f.reason.startswith("rule: phrase"):
            phrases[f.text.casefold()].append(f)
    assert {"the school board meeting", "the bloodthirsty criminal regime of the mullahs"} <= set(phrases)
    kept = {f.text.casefold() for f in spans if f.reason.startswith("rule: phrase")}
    # the shipped model reads the loaded phrase as framing and the school board as a topic
    assert kept == {"the bloodthirsty criminal regime of the mullahs"}
    for phrase, occurrences in phrases.items():
        # the characters the tagger marked, not a sentence widened around them
        touched = sum(any(m.start < f.end and f.start < m.end for m in marked) for f in occurrences)
        reported = [f for f in spans if f.reason.startswith("rule: phrase") and f.text.casefold() == phrase]
        assert len(reported) == (len(occurrences) if 2 * touched >= len(occurrences) else 0), phrase
        assert all(f.reason.endswith(f"the model marks {touched} of its {len(occurrences)} occurrences as framing")
                   for f in reported)
    # keyword stuffing is exact whatever the model says
    groups = [f for f in spans if f.reason.startswith("rule: keyword group")]
    assert len([f for f in groups if f.text == "(NCRI) and (PMOI / MEK Iran)"]) == 3
    # without the model every repeated phrase is reported
    assert len([f for f in framing_spans(text, use_model=False) if f.reason.startswith("rule: phrase")]) == \
        sum(len(v) for v in phrases.values())


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


def test_shipped_graph_runs_each_attention_as_one_fused_operator():
    # training/framing/fuse_attention.py: an unfused export copied over the model would run ~1.2x slower
    import onnx

    from rasad.models.framing import MODEL_DIR

    ops = [n.op_type for n in onnx.load(str(MODEL_DIR / "model.int8.onnx")).graph.node]
    assert ops.count("QAttention") == 6
    assert "Where" not in ops and "IsNaN" not in ops and "Transpose" not in ops


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
    assert all(text[o : o + len(c)] == c and len(c) <= 20_000 for o, c in chunks)
    # every word is in a chunk: only the whitespace at a cut is left out
    assert " ".join(c for _, c in chunks).split() == text.split()


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


def test_eval_refuses_to_score_the_shipped_model_on_its_training_articles(tmp_path, monkeypatch):
    """`rasad eval framing` must predict each PTC training article with the model of the fold that held
    it out; when those fold models are not there it refuses rather than measure memory."""
    import shutil

    import rasad.eval.framing as ev
    from conftest import requires_shared

    train = requires_shared("eval", "framing", "train")
    one = sorted(train.glob("article*.txt"))[0]
    folder = tmp_path / "gold"
    folder.mkdir()
    shutil.copy(one, folder / one.name)
    (folder / "labels.tsv").write_text("article_id\ttechnique\tstart\tend\n", encoding="utf-8")
    monkeypatch.setattr(ev, "FOLD_ONNX_DIR", tmp_path / "no-fold-models")
    assert ev.training_articles(folder) == 1
    with pytest.raises(FileNotFoundError, match="fold model"):
        ev.predict(folder)
    # an article that is not a training article is predicted by the shipped model
    other = tmp_path / "other"
    other.mkdir()
    (other / "article1.txt").write_text("The corrupt, murderous regime must fall. " * 3, encoding="utf-8")
    assert ev.training_articles(other) == 0
    rows, used = ev.predict(other)
    assert used == {"fold": 0, "shipped": 1}


def test_fold_map_splits_the_training_articles_evenly():
    import json

    from rasad.models.framing import MODEL_DIR

    info = json.loads((MODEL_DIR / "folds.json").read_text(encoding="utf-8"))
    counts = Counter(info["sha256_to_fold"].values())
    assert sorted(counts) == list(range(info["folds"])) == [0, 1, 2, 3, 4]
    assert max(counts.values()) - min(counts.values()) <= 1


def test_technique_weights_choose_the_technique_but_not_the_reported_probability():
    import numpy as np

    from rasad.models.framing import Decoding, decode_spans, load_tokenizer, pieces

    text = "They are utterly corrupt traitors."
    p = pieces(load_tokenizer(), text)
    probs = np.zeros((len(p.ids), 2 + len(TECHNIQUES)), np.float32)
    probs[:, 1] = 0.9  # inside a span
    loaded, name_calling = TECHNIQUES.index("Loaded_Language"), TECHNIQUES.index("Name_Calling,Labeling")
    probs[:, 2 + loaded] = 0.6
    probs[:, 2 + name_calling] = 0.4
    plain = decode_spans(text, p, probs, Decoding(span=0.5, extra_tech=1.1))
    assert [r.technique for r in plain] == ["Loaded_Language"]
    weights = [1.0] * len(TECHNIQUES)
    weights[loaded] = 0.5  # the commoner technique counts for less when choosing
    weighted = decode_spans(text, p, probs, Decoding(span=0.5, extra_tech=1.1, technique_weights=weights))
    assert [r.technique for r in weighted] == ["Name_Calling,Labeling"]
    assert abs(weighted[0].tech_prob - 0.4) < 1e-6


def _probs_for(text, marked):
    """Tagger outputs for ``text``: pieces inside any of the ``marked`` (substring, technique) pairs read
    p(I) 0.9 and probability 0.8 for that technique; every other piece reads p(O)."""
    import numpy as np

    from rasad.models.framing import load_tokenizer

    p = pieces(load_tokenizer(), text)
    probs = np.zeros((len(p.ids), 2 + len(TECHNIQUES)), np.float32)
    for sub, technique in marked:
        s = text.index(sub)
        inside = (p.offsets[:, 0] >= s) & (p.offsets[:, 1] <= s + len(sub))
        probs[inside, 1] = 0.9
        probs[inside, 2 + TECHNIQUES.index(technique)] = 0.8
    return p, probs


def test_spans_of_one_technique_a_few_words_apart_in_one_sentence_are_joined():
    from rasad.models.framing import Decoding, decode_spans

    text = "Officials may well have hidden the true figures from everyone. Nobody believes them."
    marked = [("may well have hidden", "Doubt"), ("true figures", "Doubt"), ("Nobody believes", "Doubt")]
    p, probs = _probs_for(text, marked)
    apart = decode_spans(text, p, probs, Decoding(span=0.5, extra_tech=1.1))
    assert [text[r.start : r.end] for r in apart] == ["may well have hidden", "true figures", "Nobody believes"]
    joined = decode_spans(text, p, probs, Decoding(span=0.5, extra_tech=1.1, join_gap=10))
    # joined across " the " but never across the sentence end
    assert [text[r.start : r.end] for r in joined] == ["may well have hidden the true figures", "Nobody believes"]
    assert all(r.technique == "Doubt" for r in joined)
    # the joined span's figures are the means over all its pieces, the unmarked gap included
    assert joined[0].score < apart[0].score


def test_techniques_that_argue_a_claim_are_widened_to_their_sentence_others_are_not():
    from rasad.models.framing import Decoding, decode_spans

    text = 'Reporters said: "The sanctions alone caused the collapse of the currency." These thugs lied.'
    marked = [("alone caused the collapse", "Causal_Oversimplification"), ("thugs", "Name_Calling,Labeling")]
    p, probs = _probs_for(text, marked)
    dec = Decoding(span=0.5, extra_tech=1.1, sentence_techniques=["Causal_Oversimplification"])
    spans = {r.technique: text[r.start : r.end] for r in decode_spans(text, p, probs, dec)}
    assert spans["Causal_Oversimplification"] == 'Reporters said: "The sanctions alone caused the collapse of the currency."'
    assert spans["Name_Calling,Labeling"] == "thugs"


def test_repetition_is_chosen_only_for_words_that_occur_twice():
    from rasad.models.framing import Decoding, decode_spans

    once = "They shouted freedom in the square."
    twice = "They shouted freedom in the square, freedom for all."
    for text, expected in ((once, "Loaded_Language"), (twice, "Repetition")):
        p, probs = _probs_for(text, [("freedom", "Repetition")])
        probs[:, 2 + TECHNIQUES.index("Loaded_Language")] = 0.3  # the tagger's second choice everywhere
        dec = Decoding(span=0.5, extra_tech=1.1, repetition_needs_repeat=True)
        first = decode_spans(text, p, probs, dec)[0]
        assert (text[first.start : first.end], first.technique) == ("freedom", expected)
    # without the check the tagger's first choice stands
    p, probs = _probs_for(once, [("freedom", "Repetition")])
    assert decode_spans(once, p, probs, Decoding(span=0.5, extra_tech=1.1))[0].technique == "Repetition"
