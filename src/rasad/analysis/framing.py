"""TODO(part): spaCy component `rasad_framing` — placeholder that writes an empty `doc._.framing`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class FramingTagger:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.framing = []
        return doc


@Language.factory("rasad_framing")
def make_component(nlp: Language, name: str) -> FramingTagger:
    return FramingTagger(nlp, name)
