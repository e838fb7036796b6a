"""Persian framing: the lexical part only. The learned framing tagger reads English and never runs on
Persian text; the camp labels (``data/framing/camp_labels.yaml``) and the exact keyword-group repetition do."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rasad.analysis.camps import camp_spans, merge_camp_spans
from rasad.analysis.doc_text import doc_text
from rasad.analysis.framing import keyword_group_spans, set_framing


class PersianFraming:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)  # doc.text joins the tokens on every access
        set_framing(doc, merge_camp_spans(keyword_group_spans(text), camp_spans(text, "fa")))
        return doc


def make_component(nlp: Language, name: str) -> PersianFraming:
    return PersianFraming(name)
