"""Framing across camps (rasad.analysis.camps): each side's labels as framing spans with their camp, in
Persian and English, and the profile saying whose vocabulary a report speaks. Sentences written for the tests."""

from __future__ import annotations

import pytest
import spacy

from rasad.analysis.camps import camp_lexicon, camp_spans
from rasad.analysis.pipeline import analyze, register_extensions
from rasad.analysis.profile import build_profile, camp_counts
from rasad.records import Analysis, Report


def _labels(text: str, lang: str) -> list[tuple[str, str, str, bool]]:
    return [(f.text, f.camp, f.technique, f.quoted) for f in camp_spans(text, lang)]


# --- Persian ---------------------------------------------------------------------------------


def test_state_labels_in_persian():
    text = ("گروهی از اغتشاشگران به بانک حمله کردند. سه تن از لیدرهای اغتشاشات بازداشت شدند. "
            "منافقین و رسانه‌های معاند به فتنه دامن زدند. تروریست‌ها و عوامل بیگانه شناسایی شدند.")
    got = {(t, camp) for t, camp, _tech, _q in _labels(text, "fa")}
    assert {("اغتشاشگران", "state"), ("لیدرهای اغتشاشات", "state"), ("منافقین", "state"),
            ("رسانه‌های معاند", "state"), ("فتنه", "state"), ("تروریست‌ها", "state"), ("عوامل بیگانه", "state")} <= got
    techniques = {t: tech for t, _c, tech, _q in _labels(text, "fa")}
    assert techniques["اغتشاشگران"] == "Name_Calling,Labeling"
    assert techniques["فتنه"] == "Loaded_Language"
    # the longest label wins: "لیدرهای اغتشاشات" is one span, not also "اغتشاشات"
    assert not any(t == "اغتشاشات" for t, *_ in _labels(text, "fa"))


def test_opposition_labels_in_persian():
    text = "مزدوران رژیم آخوندی به سوی مردم شلیک کردند. آخوندها از قیام مردم می‌ترسند. این رژیم باید برود."
    got = [(t, camp) for t, camp, *_ in _labels(text, "fa")]
    assert ("رژیم آخوندی", "opposition") in got
    assert ("مزدوران", "opposition") in got
    assert ("آخوندها", "opposition") in got
    assert ("رژیم", "opposition") in got


def test_persian_forms_match_across_spellings():
    """Arabic yeh, a space for the ZWNJ, an ending: still the label."""
    got = [(t, camp) for t, camp, *_ in _labels("رسانه های معاند و اغتشاشگرانی که دستگیر شدند", "fa")]
    assert ("رسانه های معاند", "state") in got
    assert ("اغتشاشگرانی", "state") in got


def test_persian_words_that_are_not_labels():
    text = "این رژیم غذایی سالم است. او در خیابان شهید بهشتی زندگی می‌کند. رژیم صهیونیستی غزه را بمباران کرد."
    got = [(t, camp) for t, camp, *_ in _labels(text, "fa")]
    assert ("رژیم", "opposition") not in got and not any(t.startswith("رژیم غذایی") for t, _ in got)
    assert not any(t == "شهید" for t, _ in got)  # a street named after a martyr is an address
    assert ("رژیم صهیونیستی", "state") in got  # the state's own label for Israel, not the opposition's "regime"


def test_martyr_words_take_the_camp_of_whose_dead_they_name():
    state = camp_spans("در این حمله یک مامور نیروی انتظامی به شهادت رسید.", "fa")
    opposition = camp_spans("سه معترض جوان در سقز به شهادت رسیدند.", "fa")
    unclear = camp_spans("مراسم یادبود شهدا برگزار شد.", "fa")
    assert [(f.text, f.camp) for f in state] == [("به شهادت رسید", "state")]
    assert [(f.text, f.camp) for f in opposition] == [("به شهادت رسیدند", "opposition")]
    assert [(f.text, f.camp) for f in unclear] == [("شهدا", "shared")]
    assert all(f.technique == "Loaded_Language" for f in state + opposition + unclear)
    javidnam = camp_spans("یاد جاویدنام آرین را گرامی می‌داریم.", "fa")
    assert [(f.text, f.camp) for f in javidnam] == [("جاویدنام", "opposition")]


def test_labels_inside_quotation_marks_are_cited_not_spoken():
    text = "فرماندار گفت: «اغتشاشگران دستگیر شدند.» اغتشاشگران اموال عمومی را تخریب کردند."
    spans = camp_spans(text, "fa")
    assert [(f.text, f.quoted) for f in spans] == [("اغتشاشگران", True), ("اغتشاشگران", False)]
    for f in spans:
        assert text[f.start: f.end] == f.text and f.reason.startswith("lexicon:")


# --- English ---------------------------------------------------------------------------------


def test_english_labels_of_both_camps():
    text = ("State television said rioters and terrorists attacked a police station. The hypocrites spread sedition. "
            "The mullahs' regime sent its mercenaries into the streets. A Basij member was martyred.")
    got = [(t, camp) for t, camp, *_ in _labels(text, "en")]
    assert ("rioters", "state") in got and ("terrorists", "state") in got and ("hypocrites", "state") in got
    assert ("sedition", "state") in got
    assert ("mullahs' regime", "opposition") in got and ("mercenaries", "opposition") in got
    assert ("martyred", "state") in got  # a Basij member's death


def test_english_regime_that_is_no_label():
    got = [t for t, *_ in _labels("The sanctions regime failed. Regime change is not the aim. The Zionist regime "
                                  "answered. The regime jailed them.", "en")]
    assert got == ["Zionist regime", "regime"]


def test_camp_labels_are_data():
    lex = camp_lexicon()
    assert lex.patterns["fa"].search("اغتشاشگران") and lex.patterns["en"].search("rioters")
    camps = {label.camp for labels in lex.labels.values() for label in labels}
    assert camps == {"state", "opposition", "shared"}


@pytest.mark.parametrize("text", ["", "«", "رژیم", "regime", "\u200c" * 5, "شهید " * 2000])
def test_bad_input(text):
    for lang in ("fa", "en"):
        for f in camp_spans(text, lang):
            assert text[f.start: f.end] == f.text


# --- in the pipeline and the profile ---------------------------------------------------------------


def test_english_pipeline_gives_camp_spans_and_profile(nlp):
    text = ("Security forces fired on protesters in Zahedan on Friday. The regime's mercenaries shot at "
            "worshippers, the group said. The mullahs' regime has killed dozens, it added.")
    analysis = analyze(Report(id="c", sha256="c", text=text, language="en"), nlp=nlp)
    camped = [f for f in analysis.framing if f.camp]
    assert {f.camp for f in camped} == {"opposition"}
    profile = analysis.profile
    assert profile["camp_labels"]["opposition"] >= 2 and profile["camp_labels"]["state"] == 0
    assert profile["vocabulary_camp"] == "opposition"
    assert profile["framing_scope"] == "learned+lexical"
    assert "opposition camp's vocabulary" in profile["summary"]
    dumped = analysis.to_json_dict()["framing"]
    assert all("camp" in f and "quoted" in f for f in dumped)


def test_wire_quoting_state_labels_speaks_none(nlp):
    text = 'The agency quoted the governor as saying that "rioters" attacked a police post.'
    analysis = analyze(Report(id="w", sha256="w", text=text, language="en"), nlp=nlp)
    profile = analysis.profile
    assert profile["camp_labels"]["state"] == 0 and profile["camp_labels_quoted"]["state"] == 1
    assert profile["vocabulary_camp"] is None
    assert "cites the state camp's (1) labels inside quotation marks" in profile["summary"]


def test_persian_profile_says_only_the_lexical_part_ran():
    """A Persian analysis: camp counts from its spans, and the framing scope "lexical" with its sentence."""
    import rasad.analysis.framing  # noqa: F401 - registers the factory

    register_extensions()
    fa = spacy.blank("fa")
    fa.add_pipe("sentencizer")
    fa.add_pipe("rasad_framing")
    text = "به گزارش خبرگزاری دولتی، اغتشاشگران و منافقین به پاسگاه حمله کردند. رسانه‌های معاند دروغ گفتند."
    doc = fa(text)
    assert {f.camp for f in doc._.framing} == {"state"}
    assert not any(f.reason.startswith("model") for f in doc._.framing)  # the learned model did not run
    analysis = Analysis(pipeline_version="t", report=Report(id="f", sha256="f", text=text, language="fa"),
                        sentences=[{"start": s.start_char, "end": s.end_char} for s in doc.sents],
                        framing=doc._.framing)
    profile = build_profile(analysis)
    assert profile["camp_labels"] == {"state": 3, "opposition": 0, "shared": 0}
    assert profile["vocabulary_camp"] == "state" and profile["framing_scope"] == "lexical"
    assert "Only the lexical part of framing ran" in profile["summary"]
    assert "state camp's vocabulary" in profile["summary"]
    own, quoted, speaks = camp_counts(analysis)
    assert speaks == "state" and sum(quoted.values()) == 0
