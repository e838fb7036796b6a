"""Persian claims: who asserts each sentence (rules in :mod:`rasad.languages.fa.quotes`; no tagger or
lemmas for Persian), over the same units as English (sentences cut again at line breaks)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from rasad.analysis.claims import _units
from rasad.languages.fa.quotes import find_claims


class PersianClaims:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = find_claims(doc, _units(doc))
        return doc


def make_component(nlp: Language, name: str) -> PersianClaims:
    return PersianClaims(name)
