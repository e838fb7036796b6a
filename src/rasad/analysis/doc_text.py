"""A Doc's text, joined once while a component reads it.

spaCy builds ``doc.text`` by joining every token again at each access. The incident steps read slices of
the text many times per sentence (a trigger's words, the characters before a number or a place, a victim's
age), so on a news article of 800 words one extraction spent about a third of its time joining the text
(``bench/analyze.py --news``, profiled). :func:`joined_once` keeps the joined text on the Doc while a
component runs and drops it afterwards; :func:`doc_text` reads it (and joins the tokens as before outside
that scope). The tokens never change while the components run, so the text read is the same.

The pipeline (``analyze_many``) knows each Doc's text before spaCy does, the string it made the Doc from, so
it hands it over with :func:`keep_text` and drops it with :func:`drop_text` once the Doc's records are copied:
then no component joins the tokens at all (eight joins a Doc before, about a fifth of the bare parse on news).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from spacy.tokens import Doc

_KEY = "rasad_joined_text"


def keep_text(doc: Doc, text: str) -> None:
    """Hand ``doc`` the text it was made from (``nlp.make_doc(text)``: spaCy keeps the text exactly)."""
    doc.user_data[_KEY] = text


def drop_text(doc: Doc) -> None:
    doc.user_data.pop(_KEY, None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, read from the copy :func:`joined_once` keeps when there is one."""
    text = doc.user_data.get(_KEY)
    return doc.text if text is None else text


@contextmanager
def joined_once(docs: Iterable[Doc]) -> Iterator[None]:
    """Within the block, :func:`doc_text` of each of ``docs`` joins the tokens once; the copies are dropped
    after it (a Doc's user data travels with it: it must not keep a second copy of the text)."""
    added = [doc for doc in docs if _KEY not in doc.user_data]  # an enclosing block's copies stay its own
    for doc in added:
        doc.user_data[_KEY] = doc.text
    try:
        yield
    finally:
        for doc in added:
            doc.user_data.pop(_KEY, None)
