"""Counts of people from the words that state them: "at least 20" -> 20..None, "dozens" -> 24..99,
"two teenagers" -> 2..2, "20 to 30" -> 20..30.

Written by hand: spaCy tags numbers (``like_num``) but gives no value for number words or vague
quantifiers, and no PyPI package in our set turns "dozens"/"at least" into a range. The words (number
words, vague quantifiers with ACLED's figures, bounds) are data: ``data/incidents/<lang>.yaml``, read for the
language of the text at hand.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from spacy.tokens import Token

from rasad.analysis.doc_text import doc_text
from rasad.incidents.lexicon import lexicon
from rasad.incidents.records import Count

ABSURD = {"killed": 1_000_000, "injured": 5_000_000, "arrested": 5_000_000, "participants": 100_000_000}


def _words_before_a_number(words: list[str]) -> re.Pattern:
    """Words that end the text just before a number ("at least" in "at least 20")."""
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\s*$", re.I)


def _tables(lang: str) -> SimpleNamespace:
    """The count words of a language's vocabulary and the patterns made of them, built once per vocabulary:
    units, tens, scales; vague quantifiers -> (min, max) of the range they usually mean in casualty reporting,
    and ACLED's codebook figure for each (conservative); the bound words; joiners and range words."""
    lex = lexicon(lang)

    def build() -> SimpleNamespace:
        w = lex.numbers
        return SimpleNamespace(
            UNITS=w.units, TENS=w.tens, SCALES=w.scales, VAGUE=lex.vague,
            ACLED_VAGUE_FATALITIES=lex.acled_vague_fatalities,
            LOWER_BOUND=_words_before_a_number(lex.bounds.at_least),
            UPPER_BOUND=_words_before_a_number(lex.bounds.at_most),
            ABOUT=_words_before_a_number(lex.bounds.about),
            JOINERS=re.compile(r"\b(?:" + "|".join(re.escape(j) for j in w.joiners) + r")\b"),
            RANGE=re.compile(r"^\s*([\w,]+)\s*(?:-|–|" + "|".join(re.escape(r) for r in w.range_words)
                             + r")\s*([\w,]+)\s*$"))

    return lex.built("counts", build)


_NUMBER = re.compile(r"^\d{1,3}(?:[,\s]\d{3})+$|^\d+(?:\.\d+)?$")


def number_value(words: str, lang: str = "en") -> int | None:
    """The integer a number expression states ("20", "1,500", "two", "twenty-five", "3 million")."""
    t = _tables(lang)
    _UNITS, _TENS, _SCALES, _JOINERS = t.UNITS, t.TENS, t.SCALES, t.JOINERS
    text = words.lower().replace("-", " ").strip()
    text = _JOINERS.sub(" ", text)
    if not text:
        return None
    if text in _UNITS:
        return _UNITS[text]
    total, current = 0, 0
    seen = False
    for word in text.split():
        w = word.strip(",.")
        if _NUMBER.match(w.replace(" ", "")):
            current += int(float(w.replace(",", "")))
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def vague_key(text: str, lang: str = "en") -> str | None:
    """The vague quantity word a count's text is ("dozens", "several"), else None."""
    return _vague_key(text, lang)


def _vague_key(text: str, lang: str = "en") -> str | None:
    VAGUE = _tables(lang).VAGUE
    t = text.lower().strip()
    for key in sorted(VAGUE, key=len, reverse=True):
        if t == key or t.startswith(key + " of") or t == key + " of":
            return key
    return None


def count_from_tokens(num_tokens: list[Token]) -> Count | None:
    """A Count from the tokens of one number expression and the words just before it."""
    # "more than 300": the parser puts the bound words into the number's phrase; they are read from the
    # words before it instead
    if not num_tokens:
        return None
    lang = num_tokens[0].doc.lang_
    t = _tables(lang)
    VAGUE, _RANGE, _LOWER_BOUND, _UPPER_BOUND, _ABOUT = t.VAGUE, t.RANGE, t.LOWER_BOUND, t.UPPER_BOUND, t.ABOUT
    while len(num_tokens) > 1 and not num_tokens[0].like_num and _vague_key(num_tokens[0].text, lang) is None:
        num_tokens = num_tokens[1:]
    doc = num_tokens[0].doc
    opened = between_range(num_tokens)
    if opened is not None:
        return opened
    start, end = num_tokens[0].idx, num_tokens[-1].idx + len(num_tokens[-1].text)
    text = doc_text(doc)
    phrase = text[start:end]
    before = text[max(0, start - 30):start]
    key = _vague_key(phrase, lang)
    if key is not None:
        lo, hi = VAGUE[key]
        return Count(min=lo, max=hi, text=phrase)
    # a range "20 to 30", "20-30"
    m = _RANGE.match(phrase)
    # ("Thirty-two": a tens word and a unit word joined by a hyphen are one number, not a range from 30 to 2)
    one_number = m is not None and m.group(1).lower() in t.TENS and m.group(2).lower() in t.UNITS and \
        re.fullmatch(r"[A-Za-z]+-[A-Za-z]+", phrase) is not None
    if m and not one_number and number_value(m.group(1), lang) is not None and number_value(m.group(2), lang) is not None:
        a, b = sorted((number_value(m.group(1), lang), number_value(m.group(2), lang)))
        return Count(min=a, max=b, text=phrase)
    value = number_value(phrase, lang)
    if value is None:
        return None
    if _LOWER_BOUND.search(before):
        bound = _LOWER_BOUND.search(before)
        return Count(min=value, max=None, text=text[start - (len(before) - bound.start()):end].strip())
    if _UPPER_BOUND.search(before):
        bound = _UPPER_BOUND.search(before)
        # "arrested up to 40 people": the act is said to have happened, so one at least; the figure is the most
        return Count(min=min(1, value), max=value, text=text[start - (len(before) - bound.start()):end].strip())
    if _ABOUT.search(before):
        bound = _ABOUT.search(before)
        return Count(min=value, max=value, text=text[start - (len(before) - bound.start()):end].strip())
    return Count(min=value, max=value, text=phrase)


def _vague(count: Count) -> bool:
    """A figure given by a vague word alone ("several", "شماری"), in either language's vocabulary."""
    return bool(count.text) and any(_vague_key(count.text, lang) is not None for lang in ("en", "fa"))


def between_range(num_tokens: list[Token]) -> Count | None:
    """"between 30 and 40 (people)": a range opened by its word (<lang>.yaml words: range_openers) whose ends are
    joined by a joiner word; read as the two ends, not as one number "30 and 40" (the joiner also joins the parts
    of one number: "three hundred and twenty"). None when no opener stands right before the figure."""
    from rasad.incidents.lexicon import optional_words

    doc = num_tokens[0].doc
    openers = optional_words(doc, "range_openers")
    if len(num_tokens) > 1 and num_tokens[0].lower_ in openers:
        num_tokens = num_tokens[1:]  # the parser put the opener into the number's phrase
    first = num_tokens[0].i
    if first == 0 or doc[first - 1].lower_ not in openers:
        return None
    lang = doc.lang_
    text = doc_text(doc)
    phrase = text[num_tokens[0].idx:num_tokens[-1].idx + len(num_tokens[-1].text)]
    joiners = _tables(lang).JOINERS
    # every joiner in the phrase is a place the range may split ("between one hundred and twenty and 150"): the
    # first split whose two sides are numbers, the first smaller than the second
    for m in joiners.finditer(phrase):
        a, b = number_value(phrase[:m.start()], lang), number_value(phrase[m.end():], lang)
        if a is not None and b is not None and a < b:
            return Count(min=a, max=b, text=text[doc[first - 1].idx:num_tokens[-1].idx + len(num_tokens[-1].text)])
    return None


def merge_counts(a: Count | None, b: Count | None) -> tuple[Count | None, bool]:
    """Two figures for one count: kept as a range (never averaged). Returns (count, contradictory)."""
    if a is None or b is None:
        return a or b, False
    if (a.min, a.max) == (b.min, b.max):
        return a, False
    vague_a, vague_b = _vague(a), _vague(b)
    if vague_a != vague_b:
        # "some were arrested ... police said 12 were detained": a vague word's figure is a placeholder, the
        # number stated for the same people the figure
        return (b if vague_a else a), False
    mins = [v for v in (a.min, b.min) if v is not None]
    maxs = [v for v in (a.max, b.max, a.min, b.min) if v is not None]
    unbounded = (a.max is None and a.min is not None) or (b.max is None and b.min is not None)
    text = " / ".join(t for t in (a.text, b.text) if t)
    return Count(min=min(mins) if mins else None, max=None if unbounded else (max(maxs) if maxs else None),
                 text=text), True


def acled_fatalities(count: Count | None, lang: str = "en") -> int:
    """ACLED's conservative fatality figure: the lowest stated number; the codebook's figure for vague words
    (of the vocabulary of ``lang``, the language the count was read in)."""
    if count is None:
        return 0
    key = _vague_key(count.text or "", lang)
    if key is not None:
        return _tables(lang).ACLED_VAGUE_FATALITIES.get(key, 10)
    if count.min is not None:
        return count.min
    return 0


def is_absurd(kind: str, count: Count | None) -> bool:
    if count is None:
        return False
    values = [v for v in (count.min, count.max) if v is not None]
    return any(v >= ABSURD[kind] for v in values)
