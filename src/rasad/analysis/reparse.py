"""spaCy component ``rasad_reparse`` (English): mends two attachment slips of spaCy's small parser that hide an
act's doer or its victim, by parsing the sentence again without the words that misled it and putting those
words back where they belong (issue 19, "enparse").

1. **A prepositional phrase on the subject** ("Gunmen on a motorbike shot dead a police officer", "Men in plain
   clothes beat ...", "Armed men in a pickup truck killed ..."): the parser reads "motorbike shot" as one noun,
   so the verb, its subject and its object are lost. The sentence is parsed again without the phrase ("Gunmen
   shot dead a police officer"); where that parse makes the noun the subject of a verb, the parse is taken and the
   phrase hung back on the noun.
2. **"According to X, NAME, 24, was shot ..."**: the parser makes the name and the age appositions of the
   source, leaving the passive verb with no subject. The clause after the opener is parsed alone; where it then
   has a subject, that parse is taken and the opener hung on its verb.

Only a sentence the first parse left without a subject for its main verb (or, in 1, with the subject noun under
no verb) is parsed again, and the new parse is taken only where it gives the subject the first one missed: the
parse of every other sentence is untouched. The words are data (``data/incidents/en.yaml``:
``subject_phrase_prepositions``, ``according_words``)."""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

_SUBJECTS = ("nsubj", "nsubjpass")
# a verb that can have a subject by itself (not a bare "dead" the tagger made a present verb)
_FINITE = ("VBD", "VBZ")
# the parts of the model that give tags, lemmas and the parse (not the entities: the first run's stand)
_PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# what a word of a phrase hung back hangs by, from its tag
_DEP_OF_TAG = {"DT": "det", "PRP$": "poss", "JJ": "amod", "JJR": "amod", "JJS": "amod", "CD": "nummod",
               "NN": "compound", "NNS": "compound", "NNP": "compound", "NNPS": "compound", "VBN": "amod",
               "VBG": "amod", "HYPH": "punct"}


class Reparser:
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name

    def _parse(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text)
        for name, proc in self.nlp.pipeline:
            if name in _PARSE_PIPES:
                doc = proc(doc)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            return doc
        from rasad.incidents.lexicon import optional_words

        preps = optional_words(doc, "subject_phrase_prepositions")
        according = optional_words(doc, "according_words")
        for sent in list(doc.sents):
            if len(sent) > 80:
                continue
            try:
                if preps:
                    self._subject_phrase(doc, sent, preps)
                if according:
                    self._according_opener(doc, sent, according)
            except (ValueError, IndexError):  # a parse that cannot be mapped back: the first one stands
                continue
        return doc

    # 1. "Gunmen on a motorbike shot dead ..."
    def _subject_phrase(self, doc: Doc, sent: Span, preps: frozenset[str]) -> None:
        words = [t for t in sent if not t.is_space]
        # the subject: a run of a number, adjectives and nouns opening the sentence, ending in a plural or common
        # noun ("Gunmen", "Two men", "Armed men", "Security forces")
        k = 0
        while k < len(words) and words[k].tag_ in ("CD", "JJ", "NN", "NNS", "NNP", "NNPS", "DT") and \
                words[k].lower_ not in preps:
            k += 1
        if k == 0 or k >= len(words) or words[k - 1].tag_ not in ("NN", "NNS") or words[k].lower_ not in preps:
            return
        noun = words[k - 1]
        # the phrase: the preposition and a short noun phrase after it, no verb, no comma
        j = k + 1
        while j < len(words) and j - k <= 5 and words[j].tag_ in _DEP_OF_TAG and words[j].text != ",":
            j += 1
        if j == k + 1 or j >= len(words):
            return
        # the phrase's first noun that leaves a parse with the subject ends it ("motorcycle", not "motorcycle shot")
        phrase = words[k:j]
        for end in range(2, len(phrase) + 1):
            if phrase[end - 1].tag_ not in ("NN", "NNS", "NNP", "NNPS"):
                continue
            dropped = phrase[:end]
            if self._try_without(doc, sent, dropped, noun, "prep", subject=noun):
                return

    # 2. "According to Hengaw, Soran Faraji, 23, was shot dead ..."
    def _according_opener(self, doc: Doc, sent: Span, according: frozenset[str]) -> None:
        words = [t for t in sent if not t.is_space]
        if len(words) < 6 or words[0].lower_ not in according or words[1].lower_ != "to":
            return
        root = sent.root
        comma = next((t for t in words[2:12] if t.text == ","), None)
        if comma is None or root.pos_ not in ("VERB", "AUX"):
            return
        # the main verb has a subject of its own after the opener: the first parse stands (not the source taken
        # for the subject, "According to the group Hengaw, Dana K., 26, was shot": "Hengaw" its passive subject)
        if any((c.dep_ in _SUBJECTS or c.dep_ == "expl") and c.i > comma.i for c in root.children):
            return
        dropped = [t for t in words if t.i <= comma.i]
        self._try_without(doc, sent, dropped, None, "prep", subject=None)

    def _graft_alone(self, words: list[Token], target: int, dep: str, heads: dict, deps: dict) -> bool:
        """The parse of ``words`` alone, its root hung on ``target`` by ``dep`` (into ``heads``/``deps``); False
        where the words come out otherwise than they were cut."""
        alone = self._parse("".join(t.text_with_ws for t in words).strip())
        got = [t for t in alone if not t.is_space]
        want = [t for t in words if not t.is_space]
        if len(got) != len(want) or any(a.text != b.text for a, b in zip(got, want)) or len(list(alone.sents)) != 1:
            return False
        if got[0].head.i != got[0].i:
            return False  # the phrase's own word (the preposition, "According") must head it
        for a, b in zip(got, want):
            if a.head.i == a.i:
                heads[b.i], deps[b.i] = target, dep
            else:
                heads[b.i], deps[b.i] = want[a.head.i].i, a.dep_
        return True

    def _try_without(self, doc: Doc, sent: Span, dropped: list[Token], attach: Token | None, dep: str,
                     subject: Token | None) -> bool:
        """Parse ``sent`` without the ``dropped`` words; where the new parse gives ``subject`` (or, with None, the
        main verb) a subject under a verb, take it for the kept words and hang the dropped ones back on
        ``attach`` (None: the new main verb) by ``dep``. Whether the new parse was taken."""
        drop = {t.i for t in dropped}
        kept = [t for t in sent if t.i not in drop]
        text = "".join(t.text_with_ws for t in kept).strip()
        short = self._parse(text)
        short_words = [t for t in short if not t.is_space]
        kept_words = [t for t in kept if not t.is_space]
        if len(short_words) != len(kept_words) or any(a.text != b.text for a, b in zip(short_words, kept_words)):
            return False
        if len(list(short.sents)) != 1:
            return False
        to_short = {b.i: a for a, b in zip(short_words, kept_words)}
        to_doc = {a.i: b for a, b in zip(short_words, kept_words)}
        sroot = next(short.sents).root
        if subject is not None:
            new = to_short[subject.i]
            verb = new.head
            if new.dep_ not in _SUBJECTS or verb.pos_ not in ("VERB", "AUX") or verb.i < new.i or \
                    verb.tag_ not in _FINITE and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
                return False  # "Gunmen dead a police officer": no verb a subject governs
            if subject.dep_ == new.dep_ and subject.head.i == to_doc[new.head.i].i and \
                    subject.head.tag_ == new.head.tag_:
                return False  # the first parse has it: it stands
        elif sroot.pos_ not in ("VERB", "AUX") or not any(c.dep_ in _SUBJECTS for c in sroot.children):
            return False
        new_root = to_doc[sroot.i]
        heads = {}
        deps = {}
        for b in kept_words:
            a = to_short[b.i]
            heads[b.i] = to_doc[a.head.i].i
            deps[b.i] = a.dep_ if a.head.i != a.i else "ROOT"
        # the dropped words: parsed alone ("on a motorbike", "According to the rights group Hengaw ,"), their
        # root hung on ``attach`` by ``dep``; else their own links where they stay inside them, the rest on the
        # phrase's head
        target = (attach if attach is not None else new_root).i
        phrase = list(dropped)
        if self._graft_alone(dropped, target, dep, heads, deps):
            dropped = []
        top = dropped[0] if dropped else None
        if top is not None:
            heads[top.i], deps[top.i] = target, dep
        last_noun = max((t for t in dropped if t.tag_ in ("NN", "NNS", "NNP", "NNPS")), key=lambda t: t.i, default=None)
        for t in dropped[1:]:
            if t.text == ",":
                heads[t.i], deps[t.i] = target, "punct"
            elif t.head.i in drop and t.head.i != t.i and not (attach is not None and t.head.i > dropped[-1].i):
                heads[t.i], deps[t.i] = t.head.i, t.dep_
            elif attach is not None and t is last_noun:
                heads[t.i], deps[t.i] = top.i, "pobj"
            elif attach is not None and last_noun is not None:
                heads[t.i], deps[t.i] = last_noun.i, _DEP_OF_TAG.get(t.tag_, "dep")
            else:
                heads[t.i], deps[t.i] = target, "dep"
        # space tokens keep hanging where they were unless that word moved into another place: on the word before
        for t in sent:
            if t.i not in heads:
                heads[t.i] = t.head.i if t.head.i in heads or t.head.i == t.i else t.i - 1
                deps[t.i] = t.dep_
        if not _a_tree(heads, sent):
            return False
        arr = doc.to_array([HEAD, DEP])  # unsigned: a head's offset to the left wraps around
        for i, h in heads.items():
            arr[i, 0] = numpy.uint64((h - i) % 2**64)
            arr[i, 1] = numpy.uint64(doc.vocab.strings.add(deps[i]))
        starts = [t.i for t in doc if t.is_sent_start]
        before = doc.to_array([HEAD, DEP])
        doc.from_array([HEAD, DEP], arr)
        if [t.i for t in doc if t.is_sent_start] != starts:
            doc.from_array([HEAD, DEP], before)  # the boundaries moved: the first parse stands
            return False
        for b in kept_words:
            a = to_short[b.i]
            b.tag_, b.pos_, b.lemma_ = a.tag_, a.pos_, a.lemma_
            b.set_morph(str(a.morph))
        if attach is not None:
            # the phrase's nouns are nouns ("motorbike", which the tagger had joined to the verb after it)
            for t in phrase:
                if t.tag_ in ("NN", "NNS") and t.pos_ != "NOUN":
                    t.pos_ = "NOUN"
        return True


def _a_tree(heads: dict[int, int], sent: Span) -> bool:
    """One root, every word reaching it, no word outside the sentence."""
    roots = [i for i, h in heads.items() if h == i]
    if len(roots) != 1:
        return False
    for i in heads:
        seen, j = set(), i
        while heads[j] != j:
            if j in seen or heads[j] not in heads:
                return False
            seen.add(j)
            j = heads[j]
    return True


@Language.factory("rasad_reparse")
def make_component(nlp: Language, name: str) -> Reparser:
    return Reparser(nlp, name)
