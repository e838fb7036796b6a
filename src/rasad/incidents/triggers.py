"""Event triggers: the words of a sentence that state an event happened ("protest", "drone strike") or an act
against persons ("kill", "shoot dead", "arrest"), with their kind. Ambiguous words are kept only in their
event sense ("March" the month, "dead end", "riot police"). The words are data (``data/incidents/en.yaml``,
``triggers``), matched by the lexicon's spaCy ``PhraseMatcher`` on the sentence's lemmas."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from rasad.incidents.lexicon import Lexicon, LexiconError, lexicon


# "shot" and "beaten" are ways of harm, not acts of their own: they make an injury unless a death is said.
HARM_WAYS = {"shot", "beaten"}


def lemma(tok: Token) -> str:
    """The lower-case lemma the vocabulary of its text's language is written in (``Lexicon.lemma``)."""
    return lexicon(tok.doc.lang_).lemma(tok)


@dataclass
class Trigger:
    tokens: list[Token]
    kind: str  # event kind ("protest", "air" ...) or act ("killed", "shot" ...)
    is_act: bool

    @property
    def head(self) -> Token:
        verbs = [t for t in self.tokens if t.pos_ == "VERB"]  # "shot dead" -> shot
        if verbs:
            return verbs[0]
        return self.tokens[-1] if self.tokens[-1].pos_ in ("NOUN", "VERB", "ADJ") else self.tokens[0]

    @property
    def text(self) -> str:
        doc = self.tokens[0].doc
        return doc.text[self.tokens[0].idx : self.tokens[-1].idx + len(self.tokens[-1].text)]


def find_triggers(sent: Span) -> list[Trigger]:
    """Event and act triggers of one sentence (the vocabulary's ``triggers``), longest match first, no token
    used twice; an ambiguous word only where its rule keeps it."""
    lex = lexicon(sent.doc.lang_)
    rules = _rules_of(lex)
    toks = [t for t in sent if not t.is_space]
    used: set[int] = set()
    found: list[Trigger] = []
    for start, end, phrase, entry in lex.trigger_matches(toks):
        if any(j in used for j in range(start, end)):
            continue
        if entry.rule is not None and not rules[entry.rule](lex, phrase, toks[end - 1]):
            continue
        found.append(Trigger(toks[start:end], entry.label, entry.is_act))
        used.update(range(start, end))
    return found


# ------------------------------------------------------------------------------------ ambiguity rules
# Named in the vocabulary (``rule:``): each keeps an ambiguous trigger word only in its event sense, from
# the last token of the match. English syntax: another language brings its own.
def _march_not_the_month(lex: Lexicon, phrase: str, tok: Token) -> bool:
    return tok.pos_ in ("VERB", "NOUN") and not tok.text[0].isupper()  # "March" is a month


def _rally_not_markets(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "rallied in front of parliament", "a rally"; not "stocks rallied"
    return tok.pos_ == "NOUN" or any(c.dep_ in ("prep", "npadvmod") for c in tok.children)


def _hanged_by_someone(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "was hanged", "they hanged him"; not "banners hang"
    return tok.tag_ in ("VBN", "VBD") and (tok.dep_ == "auxpass" or any(c.dep_ == "auxpass" for c in tok.children)
                                           or tok.dep_ in ("ROOT", "conj", "relcl"))


def _verb_only(lex: Lexicon, phrase: str, tok: Token) -> bool:
    return tok.pos_ == "VERB"  # "beat him", "blinded"; not "the beat", "blind spot"


def _dead_as_a_state(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "found dead", "shot dead", "the dead"; not "a dead end"
    return tok.dep_ in ("acomp", "oprd", "advmod", "xcomp", "nsubj", "nsubjpass", "conj", "dobj", "pobj")


def _not_before(lex: Lexicon, phrase: str, tok: Token) -> bool:
    # "riot police", "riot gear" are the state's, not a riot: the vocabulary's not_before words
    following = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
    return following not in lex.not_before[phrase.split(" ")[-1]]


def _not_an_attribute(lex: Lexicon, phrase: str, tok: Token) -> bool:
    return tok.dep_ != "amod"  # "a detained woman": a state, not an arrest told here


AMBIGUITY_RULES: dict[str, Callable[[Lexicon, str, Token], bool]] = {
    "march_not_the_month": _march_not_the_month,
    "rally_not_markets": _rally_not_markets,
    "hanged_by_someone": _hanged_by_someone,
    "verb_only": _verb_only,
    "dead_as_a_state": _dead_as_a_state,
    "not_before": _not_before,
    "not_an_attribute": _not_an_attribute,
}


@functools.lru_cache(maxsize=8)
def _rules_of(lex: Lexicon) -> dict[str, Callable[[Lexicon, str, Token], bool]]:
    """The rules a vocabulary names, checked once: a rule no code implements is an error, not a word that
    silently never triggers."""
    unknown = {e.rule for e in lex.triggers.values() if e.rule is not None} - set(AMBIGUITY_RULES)
    if unknown:
        raise LexiconError(f"{lex.path}: triggers name ambiguity rules that do not exist: {sorted(unknown)} "
                           f"(rules: {sorted(AMBIGUITY_RULES)}, in rasad/incidents/triggers.py)")
    return AMBIGUITY_RULES


_rules_of(lexicon())  # the shipped vocabulary is checked on import
