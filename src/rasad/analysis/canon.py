"""TODO(part): spaCy component `rasad_canon` — placeholder that writes an empty `doc._.entities`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ActorResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = []
        return doc


@Language.factory("rasad_canon")
def make_component(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver(nlp, name)
