"""TODO(part): spaCy component `rasad_when` — placeholder that writes an empty `doc._.dates`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class DateNormaliser:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = []
        return doc


@Language.factory("rasad_when")
def make_component(nlp: Language, name: str) -> DateNormaliser:
    return DateNormaliser(nlp, name)
