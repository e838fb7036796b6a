"""TODO(part): spaCy component `rasad_quotes` — placeholder that writes an empty `doc._.quotes`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class QuoteFinder:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = []
        return doc


@Language.factory("rasad_quotes")
def make_component(nlp: Language, name: str) -> QuoteFinder:
    return QuoteFinder(nlp, name)
