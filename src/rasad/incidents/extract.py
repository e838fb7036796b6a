"""TODO(part): spaCy component `rasad_incidents` — placeholder that writes an empty `doc._.incidents`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class IncidentExtractor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.incidents = []
        return doc


@Language.factory("rasad_incidents")
def make_component(nlp: Language, name: str) -> IncidentExtractor:
    return IncidentExtractor(nlp, name)
