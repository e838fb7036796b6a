"""Whether words are a person's name: the name-likeness of a word, the memorial story's opening name, an
organisation's name read as no person's."""

from __future__ import annotations

import functools
import re

from rasad.incidents.lexicon import Lexicon, lexicon
from rasad.languages.fa.quotes import fold_key
from rasad.languages.fa.quotes import lexicon as quotes_lexicon
from rasad.languages.fa.incidents.common import LANG, ZWNJ, _alternation, _stems, vocab


@functools.lru_cache(maxsize=4)
def _story_words(lex: Lexicon) -> tuple[re.Pattern | None, re.Pattern | None, frozenset[str]]:
    words = lex.word_set
    any_ending = r"[\w\u200c]*"
    description = set()
    for w in words("description_nouns"):
        bare = w.replace(ZWNJ, "")
        description.update({bare, bare + "ها", bare + "های", bare + "ان"})
    return (_alternation(words("story_death"), any_ending), _alternation(words("story_not_death"), any_ending),
            frozenset(description))


_LEADING = re.compile(r"^[\s#\"'«»“”\-–—.:…]+")
_LEADING_AT = re.compile(r"[\s#\"'«»“”\-–—.:…]+")  # the same, matched at a position
# a one- or two-word other name in brackets after a given name, before the family name ("مهسا (ژینا) امینی")
_BRACKETED_ALIAS = re.compile(r"\s*\(\s*([^\W\d_][\w\u200c]*(?:\s[^\W\d_][\w\u200c]*)?)\s*\)\s*(?=[^\W\d_])")


def _ends_name(word: str, following: str, description: frozenset[str]) -> bool:
    """A word that is no part of a person's name: a function word, a description ("جوان", "جوانان"; "دانشجوی"
    with the ezafe to the word after it), a date word, a trigger or a verb."""
    v = vocab()
    bare = word.replace(ZWNJ, "")
    if bare in v.name_stop or bare in v.trigger_words or bare in description:
        return True
    for ezafe in ("ی", "ای"):
        stem = bare[:-len(ezafe)]
        if bare.endswith(ezafe) and stem in description and (re.match(r"\s+[^\W\d_]", following) or
                                                              ezafe == "ی" and stem.endswith(("و", "ا"))):
            # "دانشجوی رشته ...", not the surname "وکیلی" at the end of a name; after a final vowel ("دانشجو")
            # the "ی" is the ezafe's glide, never a surname's ending, whatever follows ("دانشجوی ۱۹ ساله")
            return True
    return any(p.fullmatch(word) for p in v.clause_verbs)


def story_name(text: str, start: int = 0) -> tuple[int, int] | None:
    """The span of the person a memorial story is about: its opening noun phrase (after a title such as
    "جاویدنام", a hashtag, an opening attribution "به گزارش X،" or quotes), up to a punctuation mark, a digit
    (an age, a date), a function word, a description ("جوان"، "دانشجوی") or a verb; one to five words.
    Structural, not a list of names: Persian stories open with the person's name as their subject."""
    v = vocab()
    _death, _not, description = _story_words(v.lex)
    lead = _LEADING_AT.match(text, start)
    pos = lead.end() if lead else start
    if v.story_openers is not None:
        m = v.story_openers.match(text, pos)
        comma = text.find("،", pos, pos + 60)
        if m is not None and comma != -1:
            pos = comma + 1
            pos += len(text[pos:]) - len(_LEADING.sub("", text[pos:]))
    while True:  # titles: "جاویدنام", "شهید", "زنده‌یاد", "کاک" ...
        m = v.story_titles.match(text, pos) if v.story_titles else None
        if m is None:
            break
        pos = m.end()
        pos += len(text[pos:]) - len(_LEADING.sub("", text[pos:]))
    words: list[tuple[int, int]] = []
    at = pos
    for m in re.finditer(r"[\w\u200c]+", text[pos:pos + 120]):
        s, e = m.start() + pos, m.end() + pos
        if s < at:
            continue  # a word of the bracketed other name skipped below
        alias = _BRACKETED_ALIAS.match(text, at) if len(words) == 1 and at == words[0][1] else None
        if alias is not None and s < alias.end():
            at = alias.end()  # "مهسا (ژینا) امینی": the other given name in brackets is part of the name
            continue
        if words and text[at:s].strip(" _"):
            break  # a comma, a bracket, a colon, a quote: the name ended
        word = m.group().replace("_", " ").strip()
        if not word or any(c.isdigit() for c in word) or not re.match(r"[\u0600-\u06FF]", word):
            break
        if not words and word in v.given_name_months:
            # a month that is a given name opening the story, a name's word after it ("بهمن صفایی"), not a date
            nxt = re.match(r"[ \u200c]+([\w\u200c]+)", text[e:e + 40])
            if nxt and not any(c.isdigit() for c in nxt.group(1)) and \
                    not _ends_name(nxt.group(1), text[e + nxt.end():e + nxt.end() + 3], description):
                words.append((s, e))
                at = e
                continue
        if any(_ends_name(w, text[e:e + 3] if w == word.split()[-1] else " x", description) for w in word.split()):
            break
        words.append((s, e))
        at = e
        if len(words) == 5:
            break
    if not words:
        return None
    return words[0][0], words[-1][1]


@functools.lru_cache(maxsize=1)
def _name_word_classes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Word classes that are no part of a person's name: spaCy's Persian stop words (function words, pronouns,
    auxiliaries, time words such as "مدت"), the forms of the light verbs and the copula that are not finite
    verbs (infinitive "شدن", participle "شده", "بوده"); and the surname formants ("زاده") that a stop-word list
    may hold but that end compound family names ("حسن زاده")."""
    from spacy.lang.fa.stop_words import STOP_WORDS

    lex = lexicon(LANG)
    stems = set(_stems(lex, "light_verbs")) | set(_stems(lex, "clause_verbs")) | {"بود", "داشت", "گشت"}
    verbal = {s + "ن" for s in stems} | {s + "ه" for s in stems} | {"باد"}  # "باد": "may it be" ("گرامی باد")
    formants = frozenset(w.replace(ZWNJ, "") for w in lex.word_set("name_formants"))
    return frozenset(w.replace(ZWNJ, "") for w in STOP_WORDS), frozenset(verbal), formants


def _name_word_class(word: str, first: bool) -> str:
    """"name" for a word that can be part of a person's name (``first``: its first word), else its class:
    "verb" (an infinitive "شدن", a participle "شده"/"بوده", a light verb's finite form), "number" (spaCy's
    ``like_num``: "سه", "اول", "پنجم"), "other" (a stop word, save a surname formant after the first word; a
    plural "ها"/"کاندیداهای"; a word with a digit). Word classes, not a list of names."""
    from spacy.lang.fa.lex_attrs import like_num

    stop, verbal, formants = _name_word_classes()
    bare = word.replace(ZWNJ, "")
    if not bare or any(c.isdigit() for c in bare):
        return "other"
    if like_num(bare):
        return "number"
    if word.startswith("بی" + ZWNJ) and len(bare) > 3:
        return "epithet"  # "بی‌جان" (lifeless), "بی‌گناه" (innocent): an adjective made with "بی‌", before a name
    description = _story_words(lexicon(LANG))[2]
    if any(bare.endswith(end) and bare[:-len(end)] in description for end in _FIRST_PERSON_ENDINGS):
        return "epithet"  # "پسرمان X" (our son X): the family tells of its own, who is named after
    if any(bare.endswith(end) and bare[:-len(end)] in description for end in _POSSESSIVE_ENDINGS):
        return "other"  # "پدرش، حسن ...": his father (a description noun with a possessive ending), a relative
    if any(bare.endswith(end) and bare[:-len(end)] in description for end in _PLURAL_ENDINGS):
        return "other"  # "عاملان اصلی", "کارگران": the plural of a noun of people names a group, no one person
    if bare in _body_parts() or re.sub(r"(?:ی|ای)$", "", bare) in _body_parts():
        return "epithet"  # "گلوی X", "سینه X" (X's throat, chest: with the ezafe): the part of the body hit
    if bare in verbal or any(p.fullmatch(word) for p in vocab().clause_verbs):
        return "verb"
    if bare in stop and (first or bare not in formants):
        return "other"
    if bare == "ها" or (len(bare) > 3 and (_PLURAL_JOINED.search(word) or re.search(r"هایی?$", bare))):
        return "other"
    return "name"


_PLURAL_JOINED = re.compile("\u200cها(?:ی|یی)?$")
# the possessive endings of a noun ("پدرش" his father, "مادرم" my mother, "برادرشان" their brother); the first
# person's (my, our) tell of the family's own
_POSSESSIVE_ENDINGS = ("ش", "م", "ت", "شان", "مان", "تان")
_FIRST_PERSON_ENDINGS = ("م", "مان")
_PLURAL_ENDINGS = ("ان", "ین", "ها")


@functools.lru_cache(maxsize=1)
def _body_parts() -> frozenset[str]:
    return frozenset(w.replace(ZWNJ, "") for w in lexicon(LANG).word_set("body_parts"))


def name_like(word: str, first: bool) -> bool:
    """Whether a word can be part of a person's name (see ``_name_word_class``)."""
    return _name_word_class(word, first) == "name"


def _names_an_organisation(name: str) -> bool:
    """Whether a phrase read as a name is an outlet's or an organisation's ("سازمان هه‌نگاو", "خبرگزاری هرانا",
    "هرانا"): its first word is an outlet's or an organisation's word, or the phrase is an organisation's alias."""
    words = fold_key(name).split()
    lex = quotes_lexicon()
    return bool(words) and (words[0] in lex.organisations or words[0] in lex.outlet_words
                            or " ".join(words) in lex.organisations)
