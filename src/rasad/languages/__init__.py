"""Language-specific code: one package per language (``rasad.languages.fa`` ...), behind the same interfaces.

English is the pipeline's original language and its code stays where it is (``rasad.analysis.*``,
``rasad.incidents.*``). For another language each of our pipeline components (see
``rasad.analysis.pipeline.COMPONENTS``) is chosen when the language's pipeline is built:

    rasad.languages.<lang>.<stage>.make_component(nlp, name)  ->  a callable Doc -> Doc

where ``<stage>`` is the component's name without ``rasad_`` (``canon``, ``when``, ``where``, ``quotes``,
``claims``, ``framing``, ``incidents``). A stage a language does not have yet is :class:`NoRecords`: it
writes empty records (the JSON contract keeps every key) and never runs English rules or English learned
models on that language's text. This is the one dispatch point: :func:`component` is called by every
component factory with the English component as the default for English.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

# What each stage writes (the Doc extensions it fills), so a missing stage writes them empty.
STAGE_OUTPUTS: dict[str, tuple[str, ...]] = {
    "canon": ("entities", "actors"),
    "when": ("dates",),
    "where": ("places",),
    "quotes": ("quotes", "attributions"),
    "claims": ("claims",),
    "framing": ("framing",),
    "incidents": ("incidents",),
}


class NoRecords:
    """A stage the language does not have yet: empty records."""

    def __init__(self, name: str, stage: str) -> None:
        self.name, self.stage = name, stage

    def __call__(self, doc: Doc) -> Doc:
        for key in STAGE_OUTPUTS.get(self.stage, ()):
            if Doc.has_extension(key):
                setattr(doc._, key, {} if key == "actors" else [])
        if self.stage == "framing":
            doc.spans["framing"] = SpanGroup(doc, name="framing", spans=[])
        return doc


def stage_module(lang: str, stage: str) -> Any | None:
    """``rasad.languages.<lang>.<stage>`` when it exists, else None."""
    name = f"rasad.languages.{lang}.{stage}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, f"rasad.languages.{lang}"):
            return None
        raise


def component(nlp: Language, name: str, stage: str, english: Callable[[Language, str], Any]) -> Any:
    """The component of ``stage`` for the language of ``nlp``: the English one for English, the
    language's own (``rasad.languages.<lang>.<stage>.make_component``) or :class:`NoRecords`."""
    if nlp.lang == "en":
        return english(nlp, name)
    module = stage_module(nlp.lang, stage)
    if module is None or not hasattr(module, "make_component"):
        return NoRecords(name, stage)
    return module.make_component(nlp, name)
