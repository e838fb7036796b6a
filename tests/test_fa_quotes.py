"""Persian quotes and claims (rasad.languages.fa.quotes, behind ``rasad_quotes`` / ``rasad_claims``).

The sentences here were written for these tests in the style of Persian news; the fa-seed reports are
checked at the end against their must-items (../shared/corpus/fa-seed/expected.yaml).
"""

from __future__ import annotations

import pytest
import spacy

from rasad.analysis.pipeline import register_extensions
from rasad.languages.fa.quotes import find_attributions, fold_key, lexicon, phrase_pattern


@pytest.fixture(scope="module")
def fa_nlp():
    import rasad.analysis.canon  # noqa: F401 - registers the factories
    import rasad.analysis.claims  # noqa: F401
    import rasad.analysis.quotes  # noqa: F401

    register_extensions()
    nlp = spacy.blank("fa")
    nlp.add_pipe("sentencizer")
    for name in ("rasad_canon", "rasad_quotes", "rasad_claims"):
        nlp.add_pipe(name)
    return nlp


def _doc(nlp, text: str, title: str | None = None):
    doc = nlp.make_doc(text)
    doc._.report_meta = {"title": title}
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _quote(doc, contains: str):
    for q in doc._.quotes:
        if contains in q.text:
            return q
    raise AssertionError(f"no quote holds {contains!r}: {[(q.text[:40], q.speaker) for q in doc._.quotes]}")


def _claim(doc, contains: str):
    for c in doc._.claims:
        if contains in doc.text[c.start: c.end]:
            return c
    raise AssertionError(f"no claim holds {contains!r}")


# --- direct quotations -------------------------------------------------------------------------


def test_colon_quote_with_speaker_and_addressee(fa_nlp):
    doc = _doc(fa_nlp, "یک کارگر معدن به خبرنگار ما گفت: «دستمزد سه ماه را هنوز پرداخت نکرده‌اند.»")
    q = _quote(doc, "دستمزد سه ماه")
    assert q.kind == "direct"
    assert q.text.startswith("«") and q.text.endswith("»")
    assert q.speaker == "یک کارگر معدن"  # "به خبرنگار ما" is whom he told, not who spoke
    assert q.cue == "گفت"
    assert doc.text[q.cue_start: q.cue_end] == "گفت"
    assert doc.text[q.speaker_start: q.speaker_end] == q.speaker_mention == "یک کارگر معدن"


def test_straight_marks_and_time_words_end_the_speaker(fa_nlp):
    doc = _doc(fa_nlp, 'سخنگوی دانشگاه روز سه‌شنبه در نشست خبری تصریح کرد: "کلاس‌ها از هفته آینده حضوری است."')
    q = _quote(doc, "کلاس‌ها از هفته آینده")
    assert q.kind == "direct" and q.speaker == "سخنگوی دانشگاه" and q.cue == "تصریح کرد"


def test_quote_before_its_cue(fa_nlp):
    doc = _doc(fa_nlp, "مدیر بیمارستان شهر اعلام کرد که دو مجروح بستری شده‌اند. «هیچ‌کدام در وضعیت خطرناک نیستند»، وی افزود.")
    q = _quote(doc, "هیچ‌کدام در وضعیت")
    assert q.kind == "direct" and q.cue == "افزود"
    assert q.speaker_mention == "وی" and q.speaker == "مدیر بیمارستان شهر"


def test_variant_letters_and_spacing_still_cue(fa_nlp):
    """Arabic yeh and kaf, "اظهار داشت" without its space: the cue is found and kept as written."""
    text = "رئيس شورای شهر اظهارداشت: «بودجه امسال کافي نیست.»"
    doc = _doc(fa_nlp, text)
    q = _quote(doc, "بودجه امسال")
    assert q.cue == "اظهارداشت" and q.speaker == "رئيس شورای شهر"


# --- indirect speech and "he" ------------------------------------------------------------------


def test_indirect_with_ke_and_without(fa_nlp):
    doc = _doc(fa_nlp, "وزیر کشور گفت که انتخابات در موعد مقرر برگزار می‌شود. "
                       "استاندار تهران اعلام کرد مدارس استان فردا تعطیل است.")
    a = _quote(doc, "انتخابات در موعد مقرر")
    assert a.kind == "indirect" and a.speaker == "وزیر کشور" and a.cue == "گفت"
    assert not a.text.startswith("که")
    b = _quote(doc, "مدارس استان فردا")
    assert b.kind == "indirect" and b.speaker == "استاندار تهران" and b.cue == "اعلام کرد"


def test_pronoun_and_dropped_subject_reach_the_speaker_before(fa_nlp):
    doc = _doc(fa_nlp, "دادستان شهر روز دوشنبه گفت پرونده به دادگاه رفته است. "
                       "وی افزود: «حکم تا پایان ماه صادر می‌شود.» "
                       "ادامه داد: «متهمان حق اعتراض دارند.»")
    assert _quote(doc, "حکم تا پایان ماه").speaker == "دادستان شهر"
    dropped = _quote(doc, "متهمان حق اعتراض")
    assert dropped.speaker == "دادستان شهر" and dropped.speaker_mention is None and dropped.cue == "ادامه داد"


def test_pronoun_with_no_speaker_before_stays_as_written(fa_nlp):
    doc = _doc(fa_nlp, "او گفت: «ما تا آخر ایستاده‌ایم.»")
    assert _quote(doc, "ما تا آخر").speaker == "او"


def test_content_before_the_cue(fa_nlp):
    doc = _doc(fa_nlp, "ماموران در ورودی شهر ایست بازرسی گذاشته‌اند، یک راننده کامیون گفت.")
    q = _quote(doc, "ایست بازرسی")
    assert q.kind == "indirect" and q.speaker == "یک راننده کامیون"


def test_quotation_marks_are_not_cues(fa_nlp):
    """A cue verb inside a quotation does not start a second attribution."""
    doc = _doc(fa_nlp, "یک دانشجو گفت: «استاد ما گفت امتحان لغو شده است.»")
    assert [q.speaker for q in doc._.quotes] == ["یک دانشجو"]


# --- attribution phrases and claimants ----------------------------------------------------------


def test_attribution_phrases_give_the_claimant(fa_nlp):
    doc = _doc(fa_nlp, "به گزارش خبرگزاری کار، کارگران پتروشیمی از صبح امروز دست از کار کشیدند. "
                       "بر اساس این گزارش، دست‌کم ۲۰۰ نفر در این اعتصاب شرکت دارند. "
                       "به گفته منابع محلی، نیروهای ضدشورش در محل حاضر شدند. "
                       "بنا بر اعلام سازمان هواشناسی، فردا باران می‌بارد.")
    c1 = _claim(doc, "کارگران پتروشیمی")
    assert c1.asserted_by == "خبرگزاری کار" and c1.cue == "به گزارش"
    c2 = _claim(doc, "دست‌کم ۲۰۰ نفر")
    assert c2.asserted_by == "خبرگزاری کار"  # "this report" is the one named before
    assert _claim(doc, "نیروهای ضدشورش").asserted_by == "منابع محلی"
    assert _claim(doc, "فردا باران").asserted_by == "سازمان هواشناسی"


def test_according_to_the_law_is_no_source(fa_nlp):
    doc = _doc(fa_nlp, "بر اساس قانون، رانندگان باید کمربند ببندند.")
    assert doc._.quotes == []
    assert _claim(doc, "رانندگان").asserted_by == "author"


def test_agency_carries_the_speaker_asserts(fa_nlp):
    """"به گزارش ایرنا، X اعلام کرد ...": the claim is X's, the agency only carries it."""
    doc = _doc(fa_nlp, "به گزارش ایسنا، رئیس پلیس راهور اعلام کرد جاده چالوس از امشب یک‌طرفه می‌شود.")
    assert _claim(doc, "جاده چالوس").asserted_by == "رئیس پلیس راهور"
    speakers = {q.speaker for q in doc._.quotes}
    assert speakers == {"Iranian Students' News Agency", "رئیس پلیس راهور"}  # "ایسنا", the agency's Persian alias


def test_bare_title_reaches_the_fuller_mention(fa_nlp):
    doc = _doc(fa_nlp, "شهردار بوشهر گفت آب شرب شهر تامین است. به گفته شهردار، لوله‌کشی جدید تا پاییز تمام می‌شود.")
    assert _claim(doc, "لوله‌کشی جدید").asserted_by == "شهردار بوشهر"


def test_witnesses_and_family_are_claimants(fa_nlp):
    doc = _doc(fa_nlp, "یک شاهد عینی گفت ماموران با باتوم به مردم حمله کردند. خانواده‌اش اعلام کرد او بی‌گناه بوده است.")
    assert _claim(doc, "باتوم").asserted_by == "یک شاهد عینی"
    assert _claim(doc, "بی‌گناه").asserted_by == "خانواده‌اش"


def test_author_claims_questions_and_hedges(fa_nlp):
    doc = _doc(fa_nlp, "قیمت نان از امروز دو برابر شد. چه کسی پاسخگوی این گرانی است؟ "
                       "ظاهرا سهمیه آرد نانوایی‌ها کم شده است.")
    first = _claim(doc, "قیمت نان")
    assert first.asserted_by == "author" and first.factual
    assert not _claim(doc, "چه کسی").factual
    hedged = _claim(doc, "سهمیه آرد")
    assert hedged.hedges == ["ظاهرا"] and hedged.factual


def test_headline_speaker_colon(fa_nlp):
    title = "وزیر بهداشت: واکسن کافی داریم"
    doc = _doc(fa_nlp, title + "\nوزیر بهداشت روز شنبه گفت ذخایر واکسن تا پایان سال کافی است.", title=title)
    q = _quote(doc, "واکسن کافی داریم")
    assert q.speaker == "وزیر بهداشت" and q.derived_from == "fa:headline-colon"
    assert not _claim(doc, "واکسن کافی داریم").factual  # the title line is no claim of its own


def test_speaker_resolves_to_the_canonical_actor(fa_nlp):
    """A speaker the alias table knows comes out under the actor's canonical name (English spelling here:
    the Persian aliases come with the Persian actor data)."""
    doc = _doc(fa_nlp, "Amnesty International اعلام کرد که سه زندانی اعدام شده‌اند.")
    q = _quote(doc, "سه زندانی")
    assert q.speaker_actor == "amnesty-international" and q.speaker == "Amnesty International"


def test_offsets_slice_back(fa_nlp):
    text = "به گزارش هرانا، در شهر سنندج تجمع برگزار شد. یک معلم به هرانا گفت: «ما حقوق عقب‌افتاده داریم.» وی افزود که اعتراض ادامه دارد."
    doc = _doc(fa_nlp, text)
    assert doc._.quotes
    for q in doc._.quotes:
        assert text[q.start: q.end] == q.text
        if q.cue_start is not None:
            assert text[q.cue_start: q.cue_end] == q.cue
        if q.speaker_start is not None:
            assert text[q.speaker_start: q.speaker_end] == q.speaker_mention
    for c in doc._.claims:
        assert text[c.start: c.end].strip() == text[c.start: c.end]


@pytest.mark.parametrize("text", ["", " ", "«", "»»««", "گفت", "به گزارش", "به گزارش ،", ":«»", "وی افزود:",
                                  "گفت گفت گفت: «" * 50, "\u200c" * 10, "به گفته\nگفت"])
def test_bad_input_never_crashes(fa_nlp, text):
    doc = _doc(fa_nlp, text)
    for q in doc._.quotes:
        assert text[q.start: q.end] == q.text


def test_the_lexicon_is_data_and_folds_letters():
    lex = lexicon()
    assert lex.cues.search("او اظهار داشت")
    assert lex.cues.search("او اظهار\u200cداشت")
    assert not lex.cues.search("گفتگو")  # a word that starts like a cue is no cue
    assert fold_key("رئيس\u200cجمهور") == fold_key("رئیس جمهور")
    assert phrase_pattern("به گفته")


def test_english_docs_do_not_take_the_persian_route(nlp):
    doc = nlp("The governor said calm had returned.")
    assert doc._.quotes and doc._.quotes[0].derived_from and not doc._.quotes[0].derived_from.startswith("fa:")


def test_find_attributions_on_a_doc_without_sentences():
    doc = spacy.blank("fa")("وزیر گفت که جلسه لغو شد")
    atts = find_attributions(doc)
    assert len(atts) == 1 and atts[0].speaker == "وزیر"


def test_source_cut_at_its_place_and_through_naql_az(fa_nlp):
    doc = _doc(fa_nlp, "به گزارش خبرگزاری فارس از اهواز، آب شهر از صبح قطع است. "
                       "به گزارش ایرنا به نقل از روابط عمومی استانداری، جاده‌ها باز شده است.")
    assert _claim(doc, "آب شهر").asserted_by == "Fars News Agency"  # "خبرگزاری فارس", its Persian alias
    assert _quote(doc, "آب شهر").text.startswith("آب شهر")  # the content starts after the comma
    assert _claim(doc, "جاده‌ها باز").asserted_by == "روابط عمومی استانداری"


def test_object_before_the_cue_is_cut_from_a_known_speaker(fa_nlp):
    """"X Y را متهم کرد": a known speaker opening the clause (a canon actor, a generic source) is cut off
    from the object that follows it."""
    doc = _doc(fa_nlp, "سپاه پاسداران مقامات محلی را به کوتاهی متهم کرد.")
    q = _quote(doc, "مقامات محلی")
    assert q.speaker_mention == "سپاه پاسداران" and q.speaker_actor == "irgc" and q.cue == "متهم کرد"


def test_partitive_speakers_run_through_az(fa_nlp):
    doc = _doc(fa_nlp, "یکی از پرستاران بیمارستان به ما گفت: «داروی کافی نداریم.» "
                       "خانواده یکی از این معلمان اعلام کرد که او آزاد شده است.")
    assert _quote(doc, "داروی کافی").speaker == "یکی از پرستاران بیمارستان"
    assert _quote(doc, "آزاد شده").speaker == "خانواده یکی از این معلمان"


def test_what_is_said_between_speaker_and_cue(fa_nlp):
    """"شماری از کشاورزان از خشکی چاه‌ها خبر دادند": the content sits before the cue, not before the speaker;
    an addressee alone ("به خبرنگار ما") is no content."""
    doc = _doc(fa_nlp, "در همین حال، شماری از کشاورزان از خشک شدن چاه‌های روستا خبر دادند.")
    q = _quote(doc, "خشک شدن چاه‌ها")
    assert q.speaker == "شماری از کشاورزان" and q.cue == "خبر دادند"
    doc = _doc(fa_nlp, "جاده اصلی از صبح بسته است، یک راننده به خبرنگار ما گفت.")
    assert _quote(doc, "جاده اصلی").speaker == "یک راننده"


def test_a_conjunction_after_the_cue_opens_another_clause(fa_nlp):
    doc = _doc(fa_nlp, "وزیر کار نمایندگان کارگران را به کارشکنی متهم کرد و گفت مذاکرات ادامه دارد.")
    accused = [q for q in doc._.quotes if q.cue == "متهم کرد"]
    assert accused and "کارشکنی" in accused[0].text and "مذاکرات" not in accused[0].text
    said = _quote(doc, "مذاکرات ادامه دارد")
    assert said.cue == "گفت" and said.speaker == accused[0].speaker  # verbs joined by "و" share their subject


def test_a_quoted_term_inside_the_clause_does_not_cut_the_speaker(fa_nlp):
    doc = _doc(fa_nlp, "سخنگوی دولت این ادعاها را «بی‌اساس» خواند و گفت که تحقیقات ادامه دارد.")
    assert _quote(doc, "تحقیقات ادامه").speaker == "سخنگوی دولت"


def test_headline_labels_and_titles_named_later(fa_nlp):
    title = "گزارش: کمبود دارو در داروخانه‌ها"
    doc = _doc(fa_nlp, title + "\nمسئولان وزارت بهداشت گفتند که دارو به زودی توزیع می‌شود.", title=title)
    assert not any(q.derived_from == "fa:headline-colon" for q in doc._.quotes)  # "گزارش" is a genre label
    title = "استاندار: جاده‌ها باز است"
    doc = _doc(fa_nlp, title + "\nاستاندار گیلان روز جمعه اعلام کرد که همه جاده‌های استان باز است.", title=title)
    assert _quote(doc, "جاده‌ها باز است").speaker == "استاندار گیلان"


def test_an_actor_inside_the_phrase_is_a_modifier(fa_nlp):
    """"نماینده سپاه پاسداران" (the IRGC's representative) is not the IRGC; "سپاه پاسداران" opening the phrase is."""
    doc = _doc(fa_nlp, "نماینده سپاه پاسداران در مجلس گفت که بودجه کافی نیست. سپاه پاسداران اعلام کرد که رزمایش تمام شد.")
    rep = _quote(doc, "بودجه کافی")
    assert rep.speaker == "نماینده سپاه پاسداران" and rep.speaker_actor is None
    assert _quote(doc, "رزمایش تمام شد").speaker_actor == "irgc"


def test_a_speaker_set_off_by_an_apposition_is_the_speaker(fa_nlp):
    """"X، وابسته به Y، اعلام کرد": the words between the commas are about the speaker, who stands before them
    (written for this test)."""
    doc = _doc(fa_nlp, "روزنامه کیهان، نزدیک به دفتر رهبری، اعلام کرد دو خبرنگار روز شنبه در تهران بازداشت شدند.")
    assert "کیهان" in (_claim(doc, "بازداشت").asserted_by or "")
