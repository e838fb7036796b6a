"""Persian reports: language identification, the normalised view and its offset map, the Persian pipeline.

Every sentence here was written for these tests (not taken from an evaluation file)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.analysis import pipeline
from rasad.ingest import read_bytes
from rasad.ingest.language import detect_language
from rasad.languages.fa.normalise import fold, normalise

PERSIAN = (
    "تیراندازی در سقز\n\n"
    "به گزارش یک گروه حقوق بشری، نیروهای امنیتی شامگاه چهارشنبه ۳۰ شهریور ۱۴۰۱ در شهر سقز به سوی "
    "معترضان تیراندازی کردند و دست‌کم سه نفر کشته شدند. ده‌ها نفر نیز بازداشت شدند؟ "
    "یک شاهد عینی گفت: «ما همه ترسیده بودیم.»\n"
)
# The same text as broken keyboards and PDF extractions give it: Arabic yeh and kaf, harakat, tatweel,
# presentation forms (the lam-alef ligature and final/initial forms), Arabic-Indic digits, a ZWJ, an RLM.
PERSIAN_MESSY = (
    "تيرانـدازي در سقز\n\n"
    "به گزارشِ يك گروه حقوق بشري، نيروهاي امنيتي شامگاه چهارشنبه ٣٠ شهريور ۱۴۰۱ در شهر سقز به سوي "
    "معترضان تيراندازي كردند و دست‌كم ٣ نفر كُشته شدند. ده‌ها نفر ﻧﻴﺰ بازداشت شدند؟ "
    "يك شاهد عيني گفت: «ما همه ترسيده بوديم.» \u200fﻻزم\u200d است.\n"
)
ARABIC = (
    "أطلقت قوات الأمن النار على المتظاهرين في مدينة سقز مساء الأربعاء، مما أدى إلى مقتل ثلاثة أشخاص "
    "على الأقل واعتقال العشرات، وفقا لمنظمة حقوقية محلية."
)
SORANI = (
    "هێزە ئەمنییەکان ئێوارەی چوارشەممە لە شاری سەقز تەقەیان لە خۆپیشاندەران کرد و لانیکەم سێ کەس "
    "کوژران. دەیان کەسیش دەستگیر کران."
)
URDU = (
    "سیکیورٹی فورسز نے بدھ کی شام شہر میں مظاہرین پر فائرنگ کی جس سے کم از کم تین افراد ہلاک ہو گئے "
    "اور درجنوں کو گرفتار کر لیا گیا۔"
)
PASHTO = "امنیتي ځواکونو د چهارشنبې په ماښام د ښار کې پر معترضینو ډزې وکړې او لږ تر لږه درې کسان ووژل شول."
ENGLISH = "Security forces opened fire on protesters in Saqqez on Wednesday evening, a rights group said."
CONTRACT_KEYS = ("report", "actors", "entities", "quotes", "claims", "dates", "places", "framing", "profile",
                 "incidents", "sentences", "flags")


def _report(text: str):
    return read_bytes(text.encode("utf-8"), source="test")


def _spans(analysis):
    """Every (start, end) of the analysis, from every record kind (nested ones too)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key.endswith("start") and isinstance(inner, int) and not isinstance(inner, bool):
                    end_key = key[: -len("start")] + "end"
                    if isinstance(value.get(end_key), int):
                        found.append((inner, value[end_key]))
                elif isinstance(inner, (dict, list)):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    data = analysis.model_dump(mode="json")
    for key in ("sentences", "entities", "quotes", "claims", "dates", "places", "framing", "incidents"):
        walk(data[key])
    return found


# --- language identification ------------------------------------------------------------------------


@pytest.mark.parametrize("text", [PERSIAN, PERSIAN_MESSY])
def test_persian_is_persian_even_typed_on_an_arabic_keyboard(text):
    guess = detect_language(text)
    assert guess.language == "fa" and not guess.uncertain and guess.flags == []
    report = _report(text)
    assert report.language == "fa" and report.language_supported
    assert not any(flag.startswith("language:") for flag in report.flags)


@pytest.mark.parametrize(("text", "code"), [(ARABIC, "ar"), (SORANI, "ckb"), (URDU, "ur"), (PASHTO, "ps")])
def test_other_arabic_script_languages_are_their_own_and_flagged(text, code):
    report = _report(text)
    assert report.language == code
    assert not report.language_supported
    assert f"language:{code}" in report.flags


def test_kurmanji_in_latin_script_is_recognised_and_not_analysed():
    text = ("Hêzên ewlehiyê êvara çarşemê li bajarê Seqizê gule li xwepêşanderan reşandin û herî kêm sê kes "
            "hatin kuştin. Bi dehan kes jî hatin girtin ji aliyê hêzan ve.")
    report = _report(text)
    assert report.language == "ku" and not report.language_supported


def test_a_mixed_report_is_read_in_its_main_language_and_flagged():
    mostly_persian = _report(PERSIAN + " " + ENGLISH)
    assert mostly_persian.language == "fa" and mostly_persian.language_supported
    assert "language:mixed:fa+en" in mostly_persian.flags
    mostly_english = _report(ENGLISH + " " + ENGLISH + " The agency wrote: نیروهای امنیتی به سوی اغتشاشگران "
                             "تیراندازی کردند.")
    assert mostly_english.language == "en" and mostly_english.language_supported
    assert "language:mixed:en+fa" in mostly_english.flags
    assert "language:mixed" not in " ".join(_report(ENGLISH * 3).flags)


# --- the normalised view ----------------------------------------------------------------------------


def test_normalised_view_of_a_messy_text():
    view = normalise(PERSIAN_MESSY)
    assert "ي" not in view.text and "ك" not in view.text and "ـ" not in view.text
    assert "\u0650" not in view.text and "\u064f" not in view.text  # kasra, damma
    assert "30 شهریور 1401" in view.text and "3 نفر" in view.text
    assert "نیز" in view.text and "لازم است" in view.text  # presentation forms, lam-alef ligature
    assert "\u200d" not in view.text and "\u200f" not in view.text
    assert "دست\u200cکم" in view.text  # ZWNJ kept


def test_every_word_of_the_view_maps_back_to_the_stored_word_it_came_from():
    view = normalise(PERSIAN_MESSY)
    for m in re.finditer(r"\S+", view.text):
        start, end = view.map.to_source(m.start(), m.end())
        stored = PERSIAN_MESSY[start:end]
        assert normalise(stored).text == m.group()
        assert not stored[:1].isspace() and not stored[-1:].isspace()


def test_a_word_with_harakat_maps_back_with_its_marks():
    stored = "او کُشتهٔ راه شد"
    view = normalise(stored)
    start = view.text.index("کشته")
    assert stored[slice(*view.map.to_source(start, start + 4))] == "کُشتهٔ"


def test_a_text_needing_no_removal_has_an_identity_map():
    view = normalise("دست‌کم ۳ نفر كشته شدند")
    assert view.map.identity and len(view.text) == len("دست‌کم ۳ نفر كشته شدند")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابکیيك ـًٌُِّْ۱٣\u200c\u200d\u200bﻻﻧﻴﺰ\ufeff\n.")), max_size=60))
def test_offset_map_is_monotone_and_covers_the_stored_text(text):
    view = normalise(text)
    assert view.map.to_source(0, len(view.text))[1] <= len(text)
    last = 0
    for pos in range(len(view.text) + 1):
        start = view.map.start(pos) if pos < len(view.text) else view.map.end(pos)
        assert last <= start <= len(text)
        last = start
    for m in re.finditer(r"\S+", view.text):
        start, end = view.map.to_source(m.start(), m.end())
        assert normalise(text[start:end]).text.strip() == m.group()


def test_fold_contract():
    assert fold("خامنه‌ای") == fold("خامنهاي") == fold("خامنه‌اي")
    assert fold("  آيت‌الله   خامنه‌ای ") == "ایتالله خامنهای"
    assert fold("مسئول") == fold("مسیول") and fold("مؤسسه") == fold("موسسه")
    assert fold("Saqqez") == "saqqez" and fold("۱۴۰۱") == "1401"
    for text in (PERSIAN, PERSIAN_MESSY, ENGLISH):
        assert fold(fold(text)) == fold(text)
        assert fold(normalise(text).text) == fold(text)
    assert fold(PERSIAN_MESSY.replace("\u200f", "").replace("\u200d", "")).startswith(fold("تیراندازی در سقز"))


# --- the Persian pipeline ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fa_nlp():
    return pipeline.load_nlp("fa")


def test_persian_pipeline_is_spacys_persian_class_with_our_components(fa_nlp):
    assert fa_nlp.lang == "fa"
    ours = [name for name in fa_nlp.pipe_names if name.startswith("rasad_")]
    assert ours[-len(pipeline.COMPONENTS):] == [name for name, _ in pipeline.COMPONENTS]
    # no English component (rules or learned models) is part of it
    from rasad.analysis.framing import FramingTagger
    from rasad.analysis.quotes import QuoteFinder
    from rasad.incidents.extract import IncidentExtractor

    for _name, component in fa_nlp.pipeline:
        assert not isinstance(component, (FramingTagger, QuoteFinder, IncidentExtractor))


def test_persian_sentences_end_at_persian_punctuation_and_blank_lines(fa_nlp):
    doc = fa_nlp(normalise(PERSIAN).text)
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "تیراندازی در سقز"
    assert sents[1].endswith("کشته شدند.") and sents[2].endswith("شدند؟")
    assert sents[3].startswith("یک شاهد عینی گفت") and len(sents) == 4


@pytest.mark.parametrize("text", [PERSIAN, PERSIAN_MESSY])
def test_persian_report_is_analysed_and_every_span_slices_back(nlp, text):
    report = _report(text)
    analysis = pipeline.analyze(report, nlp=nlp)
    assert analysis.report.text == text  # the stored text is never altered
    assert len(analysis.sentences) >= 4
    stored = analysis.report.text
    spans = _spans(analysis)
    assert spans
    for start, end in spans:
        assert 0 <= start <= end <= len(stored)
    for sentence in analysis.sentences:
        piece = stored[sentence.start : sentence.end].strip()
        assert piece and normalise(piece).text in normalise(stored).text
    for item in analysis.entities + analysis.dates + analysis.places + analysis.quotes:
        assert stored[item.start : item.end] == item.text  # the words as stored, not as normalised
    assert [d.value for d in analysis.dates if "1401" in normalise(d.text).text] == ["2022-09-21"]
    assert {(p.text, p.geonameid) for p in analysis.places} == {("سقز", 117392)}
    first = stored[analysis.sentences[0].start : analysis.sentences[0].end]
    assert normalise(first).text.strip() == "تیراندازی در سقز"


def test_mixed_language_batches_keep_order_and_english_is_unchanged(nlp):
    english = _report("Protesters gathered in Tehran on Monday. Police arrested ten people, witnesses said.")
    persian = _report(PERSIAN_MESSY)
    arabic = _report(ARABIC)
    alone = pipeline.analyze(english, nlp=nlp)
    out = list(pipeline.analyze_many([persian, english, arabic, persian, english], nlp=nlp, batch_size=3))
    assert [a.report.id for a in out] == [persian.id, english.id, arabic.id, persian.id, english.id]
    assert out[1].model_dump() == alone.model_dump() == out[4].model_dump()
    assert out[0].model_dump() == out[3].model_dump() and len(out[0].sentences) >= 4
    assert out[2].sentences == [] and not out[2].report.language_supported


def test_long_persian_text_is_chunked_and_offsets_map_back(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 300)
    paragraph = "نيروهاي امنيتي در سقز سه نفر را بازداشت كردند. ﻻزم است بگوییم که کُشـته‌ای نبود.\n\n"
    report = _report(paragraph * 12)
    analysis = pipeline.analyze(report, nlp=nlp)
    assert len(analysis.sentences) == 24
    for sentence in analysis.sentences[::2]:
        assert report.text[sentence.start : sentence.end].startswith("نيروهاي امنيتي")
    for sentence in analysis.sentences[1::2]:
        assert report.text[sentence.start : sentence.end].startswith("ﻻزم")
        assert report.text[sentence.start : sentence.end].strip().endswith("نبود.")


def test_rasad_analyze_of_a_persian_html_page_prints_the_whole_contract(tmp_path):
    page = ("<html lang='fa' dir='rtl'><head><meta charset='utf-8'><title>تیراندازی در سقز</title></head>"
            "<body><article><h1>تیراندازی در سقز</h1>"
            + "".join(f"<p>{line}</p>" for line in PERSIAN_MESSY.split("\n\n")[1].split("؟"))
            + "</article></body></html>")
    path = tmp_path / "saqqez.html"
    path.write_text(page, encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200"}
    result = subprocess.run([sys.executable, "-m", "rasad", "analyze", str(path), "--json"],
                            capture_output=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    for key in CONTRACT_KEYS:
        assert key in record
    assert record["report"]["language"] == "fa" and record["report"]["language_supported"]
    text = record["report"]["text"]
    assert record["sentences"]
    for sentence in record["sentences"]:
        assert 0 <= sentence["start"] < sentence["end"] <= len(text)


_FUZZ_ALPHABET = list("ابپتسشکگیيكهۀةآأإؤئءـًٌٍَُِّْٰ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬،؛؟.!«»()-: \n\u200c\u200d\u200b\u200e\u200f\ufeff"
                      "ﻻﻧﻴﺰﭗﮐabc123") + ["شهریور", "سقز", "دیروز", "خامنه‌ای", " ۱۴۰۱/۰۶/۳۰ ", "استان ", "روستای "]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_FUZZ_ALPHABET), min_size=1, max_size=120))
def test_any_persian_looking_text_is_analysed_without_crash_and_spans_stay_inside(nlp, pieces):
    from rasad.records import Report

    text = "".join(pieces)
    report = Report(id="f" * 64, sha256="f" * 64, text=text, language="fa")
    analysis = pipeline.analyze(report, nlp=nlp)
    assert analysis.report.text == text
    for start, end in _spans(analysis):
        assert 0 <= start <= end <= len(text)
    for item in analysis.entities + analysis.dates + analysis.places:
        assert text[item.start : item.end] == item.text
