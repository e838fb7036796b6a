"""Framing across camps: the labels each side uses for the same people, as framing spans with their camp.

The state's media call protesters ``اغتشاشگران`` ("rioters") and the MEK ``منافقین`` ("hypocrites"); the
opposition's call the state ``رژیم آخوندی`` ("the mullahs' regime") and its forces ``مزدوران`` ("mercenaries");
both call their own dead martyrs. :func:`camp_spans` finds these labels, in Persian and English, from the
data file ``src/rasad/data/framing/camp_labels.yaml`` and returns :class:`~rasad.records.FramingSpan`
records with the label's technique (``Name_Calling,Labeling`` or ``Loaded_Language``), ``camp`` (state,
opposition or shared) and ``quoted`` (inside quotation marks: the report cites the word, it does not
speak it). A shared (martyr) word takes the camp of its sentence when the sentence says whose dead it
names (a police officer: the state; a protester: the opposition).

Why hand-written matching (regular expressions) and not spaCy's PhraseMatcher: the Persian forms must
match across letter variants, ZWNJ/space and endings that the blank Persian tokenizer does not split off,
and the spans are needed on plain text (the same function serves both languages).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import yaml

from rasad.config import DATA_DIR
from rasad.languages.fa.quotes import _LEFT as _FA_LEFT
from rasad.languages.fa.quotes import _RIGHT as _FA_RIGHT
from rasad.languages.fa.quotes import phrase_pattern
from rasad.records import FramingSpan

CAMP_LABELS_YAML = DATA_DIR / "framing" / "camp_labels.yaml"
CAMPS = ("state", "opposition", "shared")
CONTEXT_CHARS = 300  # how far a martyr word's sentence is read for whose dead it names

# Persian endings a label may carry: plural, ezafe, indefinite ("اغتشاشگرانی", "رژیمِ", "شهدای").
_FA_ENDINGS = r"(?:[\s\u200c]?(?:ها|های|هایی|هائی)|ان|انی|ای|ی|یی|ئی|ه)?"
_SENTENCE_END = re.compile(r"[.!?؟\n]")


@dataclass(frozen=True)
class Label:
    camp: str
    technique: str
    note: str
    lang: str
    form: str


@dataclass(frozen=True)
class CampLexicon:
    patterns: dict[str, re.Pattern[str]]  # lang -> one alternation, a named group per entry
    labels: dict[str, list[Label]]  # lang -> the label of each group (g0, g1, ...)
    context: dict[str, dict[str, re.Pattern[str]]]  # camp -> lang -> context words


def _fa_form(form: str) -> str:
    return phrase_pattern(form) + _FA_ENDINGS


def _en_form(form: str) -> str:
    return r"[\s\-]+".join(re.escape(part).replace("'", "['\u2019]").replace("\u2019", "['\u2019]")
                           for part in form.split())


def _left(lang: str) -> str:
    return _FA_LEFT if lang == "fa" else r"(?<![\w'\u2019-])"


def _right(lang: str) -> str:
    return _FA_RIGHT if lang == "fa" else r"(?![\w-])"


def _bounded(body: str, lang: str) -> str:
    return _left(lang) + body + _right(lang)


def _words_regex(words: list[str], lang: str) -> re.Pattern[str] | None:
    if not words:
        return None
    form = _fa_form if lang == "fa" else _en_form
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile(_bounded("(?:" + "|".join(form(w) for w in ordered) + ")", lang), 0 if lang == "fa" else re.I)


def _not_before(entry: dict, lang: str) -> str:
    """A lookahead that refuses the form when one of the entry's not_before words follows it (the not_after
    words, before it, are checked in code: a lookbehind must have a fixed width)."""
    words = (entry.get("not_before") or {}).get(lang) or []
    if not words:
        return ""
    form = phrase_pattern if lang == "fa" else _en_form
    return r"(?![\s\u200c]+(?:" + "|".join(form(w) for w in sorted(words, key=len, reverse=True)) + r")\b)"


@functools.lru_cache(maxsize=1)
def camp_lexicon() -> CampLexicon:
    data = yaml.safe_load(CAMP_LABELS_YAML.read_text(encoding="utf-8"))
    patterns: dict[str, re.Pattern[str]] = {}
    labels: dict[str, list[Label]] = {}
    for lang in ("fa", "en"):
        groups: list[str] = []
        labels[lang] = []
        items = []
        for entry in data["labels"]:
            if entry["camp"] not in CAMPS:
                raise ValueError(f"{CAMP_LABELS_YAML}: unknown camp {entry['camp']!r}")
            for form in entry.get(lang) or []:
                items.append((form, entry))
        # longest forms first: "رژیم آخوندی" before "رژیم", "Zionist regime" before "regime"
        for form, entry in sorted(items, key=lambda it: len(it[0]), reverse=True):
            body = (_fa_form(form) if lang == "fa" else _en_form(form))
            not_after = (entry.get("not_after") or {}).get(lang) or []
            name = f"g{len(groups)}"
            groups.append(f"(?P<{name}>{body}{_right(lang)}{_not_before(entry, lang)})")
            labels[lang].append(Label(entry["camp"], entry["technique"], entry.get("note", ""), lang, form))
            _NOT_AFTER[(lang, name)] = [w.casefold() for w in not_after]
        # the left boundary once, before the alternation: the engine then tries the forms at word starts only
        patterns[lang] = re.compile(_left(lang) + "(?:" + "|".join(groups) + ")", 0 if lang == "fa" else re.I)
    context = {camp: {lang: _words_regex(words, lang) for lang, words in (data.get("context", {}).get(camp) or {}).items()}
               for camp in ("state", "opposition")}
    return CampLexicon(patterns=patterns, labels=labels, context=context)


_NOT_AFTER: dict[tuple[str, str], list[str]] = {}
_PREV_WORD = re.compile(r"([\w\u200c'\u2019-]+)[\s\u200c]*$")


def _previous_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text[max(0, start - 40): start])
    if not m:
        return ""
    return m.group(1).casefold()


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span, at most CONTEXT_CHARS either side (a text with no full stops is not read
    whole for every martyr word)."""
    floor = max(0, start - CONTEXT_CHARS)
    s = start
    while s > floor and not _SENTENCE_END.match(text[s - 1]):
        s -= 1
    m = _SENTENCE_END.search(text, end, end + CONTEXT_CHARS)
    return s, (m.start() if m else min(len(text), end + CONTEXT_CHARS))


def _context_camp(text: str, start: int, end: int, lang: str, lex: CampLexicon) -> str | None:
    s, e = _sentence(text, start, end)
    found = set()
    for camp, by_lang in lex.context.items():
        pattern = by_lang.get(lang)
        if pattern is not None and pattern.search(text, s, e):
            found.add(camp)
    return found.pop() if len(found) == 1 else None


def camp_spans(text: str, lang: str = "en") -> list[FramingSpan]:
    """The camp labels of a text in one language ("fa" or "en"), as framing spans, sorted."""
    from rasad.analysis.attribution import quote_regions

    lang = "fa" if lang == "fa" else "en"
    if not text:
        return []
    lex = camp_lexicon()
    pattern = lex.patterns[lang]
    regions = sorted(quote_regions(text))
    out: list[FramingSpan] = []
    for m in pattern.finditer(text):
        name = m.lastgroup
        if name is None:
            continue
        label = lex.labels[lang][int(name[1:])]
        start, end = m.span()
        if _previous_word(text, start) in _NOT_AFTER.get((lang, name), ()):
            continue
        camp = label.camp
        why = f"{camp} camp's label"
        if camp == "shared":
            by_context = _context_camp(text, start, end, lang, lex)
            if by_context:
                camp = by_context
                why = f"martyr word used by both camps; here of the {by_context} camp's dead (context)"
            else:
                why = "martyr word used by both camps"
        i = bisect.bisect_right(regions, (start, float("inf"))) - 1
        quoted = i >= 0 and regions[i][0] <= start and end <= regions[i][1]
        reason = f"lexicon: {why} ({label.note}){'; inside a quotation' if quoted else ''}"
        out.append(FramingSpan(start=start, end=end, text=text[start:end], technique=label.technique, score=1.0,
                               reason=reason, camp=camp, quoted=quoted))
    return out


def merge_camp_spans(spans: list[FramingSpan], camps: list[FramingSpan]) -> list[FramingSpan]:
    """Other detectors' spans plus the camp spans: a span with the same extent and technique as a camp span
    takes its camp (one span, not two)."""
    by_key = {(f.start, f.end, f.technique): f for f in camps}
    out = []
    for f in spans:
        c = by_key.pop((f.start, f.end, f.technique), None)
        out.append(f.model_copy(update={"camp": c.camp, "quoted": c.quoted}) if c is not None else f)
    out.extend(by_key.values())
    return sorted(out, key=lambda f: (f.start, f.end, f.technique))
