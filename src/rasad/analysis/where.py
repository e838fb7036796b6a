"""TODO(part): spaCy component `rasad_where` — placeholder that writes an empty `doc._.places`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class PlaceResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = []
        return doc


@Language.factory("rasad_where")
def make_component(nlp: Language, name: str) -> PlaceResolver:
    return PlaceResolver(nlp, name)
