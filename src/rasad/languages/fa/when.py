"""``rasad_when`` for Persian: date mentions of the normalised view (``rasad.languages.fa.dates``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rasad.analysis.doc_text import doc_text
from rasad.languages.fa.dates import find_dates


class PersianDates:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(doc_text(doc), doc._.published_at)
        return doc


def make_component(nlp: Language, name: str) -> PersianDates:
    return PersianDates(nlp, name)
