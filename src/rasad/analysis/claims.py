"""TODO(part): spaCy component `rasad_claims` — placeholder that writes an empty `doc._.claims`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ClaimAttributor:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = []
        return doc


@Language.factory("rasad_claims")
def make_component(nlp: Language, name: str) -> ClaimAttributor:
    return ClaimAttributor(nlp, name)
