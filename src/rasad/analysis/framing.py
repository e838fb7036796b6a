"""spaCy component ``rasad_framing``: propaganda / persuasion techniques as character spans.

Two detectors write :class:`~rasad.records.FramingSpan` records to ``doc._.framing`` and the same
spans (label = technique) to ``doc.spans["framing"]``:

* the learned model (``rasad.models.framing``): the shared MiniLM encoder plus a framing head
  trained on the PTC training articles (14 techniques), run with onnxruntime; its reason says what
  it saw, e.g. ``model: p=0.83 for Loaded_Language on tokens 'miserable and declining'``;
* :func:`repetition_spans`, a deterministic detector of repetition and keyword stuffing - exact
  repeats of parenthesised keyword groups such as ``(NCRI) and (PMOI / MEK Iran)`` and of phrases
  of three or more words - whose reason names the repeat and its count;
* :func:`rasad.analysis.camps.camp_spans`, the labels each camp uses ("rioters", "the mullahs' regime",
  martyr words) from a data file in Persian and English, with the camp on each span. On Persian docs
  the learned model does not run (it reads English only): the camp labels and keyword groups do.

Long texts are handled in pieces of 20,000 characters and windows of 128 word pieces, so memory
is bounded by one batch of windows whatever the report length.

The detectors read only the text, so ``analyze_many`` starts them on a thread of their own when it makes a Doc
(:meth:`FramingTagger.prefetch`): the tagger's onnxruntime run then goes on beside spaCy's parse, and the
component takes the finished spans (docs/framing.md, "Timings").
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
from array import array
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from rasad.analysis.doc_text import doc_text
from rasad.languages import component
from rasad.records import FramingSpan

log = logging.getLogger(__name__)

REPETITION = "Repetition"
MIN_REPEATS = 3  # twice can be chance or style; three times in one report is a pattern
MIN_PHRASE_WORDS = 3
MAX_PHRASE_WORDS = 12
MODEL_PIECE_CHARS = 20_000
MAX_RULE_SPANS = 1000  # a text that is one phrase over and over needs no more than this to show it

# One parenthesised group, or several joined by "and" / "&" / "," / "/" (keyword stuffing in the
# style "(NCRI) and (PMOI / MEK Iran)").
_PAREN = r"\([^()\n]{1,80}\)"
_PAREN_CHAIN = re.compile(rf"{_PAREN}(?:[ \t]*(?:and|&|,|/)[ \t]*{_PAREN})*")
_PAREN_ONE = re.compile(_PAREN)
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
# Function words: a phrase made only of these ("one of the") is not a message.
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been it its this that "
    "these those he she they we you i his her their our your not no has have had do does did will would "
    "can could should may might than then so if there here who which what when where how all any some".split()
)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _rule_span(text: str, start: int, end: int, reason: str) -> FramingSpan:
    return FramingSpan(start=start, end=end, text=text[start:end], technique=REPETITION, score=1.0, reason=reason)


def repetition_spans(text: str) -> list[FramingSpan]:
    """Exact repetition and keyword stuffing, deterministic.

    * every parenthesised keyword group (or chain of groups) whose exact text occurs at least
      three times: each occurrence is a span (so "(PMOI / MEK Iran)" inside "(NCRI) and (PMOI /
      MEK Iran)" counts for both);
    * every maximal phrase of 3-12 words repeated at least three times (case-insensitive), unless
      it has fewer than two content words or is made only of capitalised words (a name or title repeated
      is reference, not a message).
    """
    return sorted(keyword_group_spans(text) + repeated_phrase_spans(text), key=lambda f: (f.start, f.end))


def keyword_group_spans(text: str) -> list[FramingSpan]:
    """Every occurrence of a parenthesised keyword group (or chain) found at least three times."""
    out: list[FramingSpan] = []
    occurrences: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for chain in _PAREN_CHAIN.finditer(text):
        occurrences[chain.group(0)].append(chain.span())
        singles = list(_PAREN_ONE.finditer(chain.group(0)))
        if len(singles) > 1:
            for one in singles:
                occurrences[one.group(0)].append((chain.start() + one.start(), chain.start() + one.end()))
    for key, spans in occurrences.items():
        spans = sorted(set(spans))
        if len(spans) < MIN_REPEATS or len(out) >= MAX_RULE_SPANS:
            continue
        reason = f"rule: keyword group {_short(key)!r} repeated {len(spans)} times"
        out.extend(_rule_span(text, s, e, reason) for s, e in spans[: MAX_RULE_SPANS - len(out)])
    return out


def repeated_phrase_spans(text: str) -> list[FramingSpan]:
    """Maximal repeated phrases: longest first; an occurrence lying wholly inside words already
    reported is skipped. Memory is linear in the text (one n-gram table at a time, and the word positions
    where a phrase of each length repeats)."""
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    lower = [w[2].casefold() for w in words]
    n_words = len(words)
    owner = array("l", [-1]) * n_words  # which entry of ``found`` covers a word (-1: none yet)
    found: list[tuple[int, int, int]] = []  # (first word, n, count)
    repeating = _repeating_starts(lower)
    for n in range(MAX_PHRASE_WORDS, MIN_PHRASE_WORDS - 1, -1):
        # the phrases of n words said at least three times, with all their starts, in the order of their first
        # occurrence (a table over every word would hold the same phrases among many said once or twice)
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in repeating[n]:
            where[tuple(lower[i : i + n])].append(i)
        for gram, starts in where.items():
            if len(starts) < MIN_REPEATS:
                continue
            if sum(w not in _FUNCTION_WORDS for w in gram) < 2:
                continue  # "in favour of": one content word is an idiom, not a message
            first = starts[0]
            if all(words[first + k][2][:1].isupper() or lower[first + k] in _FUNCTION_WORDS for k in range(n)):
                continue  # a name or title ("Supreme Leader Ali Khamenei")
            # a line break inside the phrase makes it two messages, not one
            if "\n" in text[words[first][1] : words[first + n - 1][0]]:
                continue
            fresh = [i for i in starts if min(owner[i : i + n]) < 0]
            if not fresh:
                continue
            for i in fresh:
                # one long repeated passage is seen as overlapping windows of MAX_PHRASE_WORDS words: a
                # window overlapping a phrase already reported extends it instead of adding a span
                k = owner[i] if owner[i] >= 0 else owner[i + n - 1]
                if k >= 0:
                    fi, fn, fc = found[k]
                    s, e = min(fi, i), max(fi + fn, i + n)
                    if "\n" in text[words[s][1] : words[e - 1][0]]:
                        continue  # it would join two lines: two messages, the first one reported
                    found[k] = (s, e - s, min(fc, len(starts)))
                else:
                    found.append((i, n, len(starts)))
                    k, s, e = len(found) - 1, i, i + n
                owner[s:e] = array("l", [k]) * (e - s)
            if len(found) >= MAX_RULE_SPANS:
                break
        where.clear()
        if len(found) >= MAX_RULE_SPANS:
            break
    out = []
    for i, n, count in found[:MAX_RULE_SPANS]:
        s, e = words[i][0], words[i + n - 1][1]
        out.append(_rule_span(text, s, e, f"rule: phrase {_short(text[s:e])!r} repeated {count} times"))
    return out


def _repeating_starts(lower: list[str]) -> dict[int, list[int]]:
    """For each phrase length n, the word positions (ascending) where a phrase of n words starts that occurs at
    least ``MIN_REPEATS`` times. From the shortest length up: a phrase can only repeat where its first n - 1
    words do, so each longer length looks at those positions alone (tables of every length over every word
    were most of this detector's time on news)."""
    out: dict[int, list[int]] = {}
    positions: list[int] = list(range(len(lower) - MIN_PHRASE_WORDS + 1))
    for n in range(MIN_PHRASE_WORDS, MAX_PHRASE_WORDS + 1):
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in positions:
            if i + n <= len(lower):
                where[tuple(lower[i : i + n])].append(i)
        positions = sorted(i for starts in where.values() if len(starts) >= MIN_REPEATS for i in starts)
        out[n] = positions
    return out


@functools.lru_cache(maxsize=1)
def get_model():
    """The shipped framing model, loaded once per process."""
    from rasad.models.framing import FramingModel

    return FramingModel()


def model_available() -> bool:
    """False (with a logged reason) when the model files are missing or unreadable, so the pipeline
    still runs with the exact rules alone instead of failing every report."""
    try:
        get_model()
    except (OSError, ValueError, KeyError) as exc:
        log.warning("framing model not available, only the repetition rules run: %s", exc)
        return False
    return True


@dataclass(frozen=True)
class Marked:
    """Characters the tagger itself marked as framing, before decoding widened a span to its sentence."""

    start: int
    end: int


def model_output(text: str, model=None) -> tuple[list[FramingSpan], list[Marked]]:
    """Spans from the learned model (default: the shipped one), over the text in bounded pieces, and
    the characters the tagger itself marked for each (what :func:`phrases_the_model_marks` reads)."""
    # the pipeline's own cutter, at a smaller size: the tokenizer then never holds a huge text
    from rasad.analysis.pipeline import _chunks

    model = model or get_model()
    out: list[FramingSpan] = []
    marked: list[Marked] = []
    for offset, piece in _chunks(text, MODEL_PIECE_CHARS):
        _pieces, raw = model.spans(piece)
        for r in raw:
            s, e = r.start + offset, r.end + offset
            out.append(
                FramingSpan(
                    start=s,
                    end=e,
                    text=text[s:e],
                    technique=r.technique,
                    score=round(r.score, 4),
                    reason=f"model {model.version}: p={r.score:.2f} inside a technique span, "
                    f"p={r.tech_prob:.2f} for {r.technique} on tokens {_short(text[s:e])!r}"
                    + (f" ({r.note})" if r.note else ""),
                )
            )
            ms, me = r.marked_extent
            marked.append(Marked(ms + offset, me + offset))
    return out, marked


def model_spans(text: str, model=None) -> list[FramingSpan]:
    """Spans from the learned model (default: the shipped one), over the text in bounded pieces."""
    return model_output(text, model)[0]


def phrases_the_model_marks(phrases: list[FramingSpan], learned: Sequence) -> list[FramingSpan]:
    """The repeated phrases (from :func:`repeated_phrase_spans`) of which at least half the occurrences
    overlap characters the model marks as framing (``learned``: anything with ``start`` and ``end``, the
    tagger's own marks — :class:`Marked` — not the sentences decoding widens them to); every occurrence of
    such a phrase is kept, the other phrases are dropped.

    Why: on the 371 PTC training articles the phrase rule fires 2,592 times and only 11.7% of its
    spans touch any annotated technique ("the Bible class", "three-day waiting period": a news story
    names its topic often). A repeated phrase the model reads as loaded is repetition in PTC's sense; a
    repeated topic is not. Out of fold (model 0.5.0, all 371 articles; model alone SI_F1 0.4427 / TECH_F1
    0.2486): every phrase 0.3948 / 0.2192 (model 0.4.0: 0.3945 / 0.1922), a phrase with any marked
    occurrence 0.4373 / 0.2422 (model 0.4.0: 0.4177 / 0.2045), with at least half marked 0.4409 / 0.2459,
    no phrase at all 0.4406 / 0.2476."""
    by_phrase: dict[tuple[str, str], list[FramingSpan]] = defaultdict(list)  # reason names the phrase
    for f in phrases:
        by_phrase[f.reason, f.text.casefold()].append(f)
    # one byte per character the model marks: each occurrence is then checked in its own length, not
    # against every model span (a long report has thousands)
    covered = bytearray(max((m.end for m in learned), default=0))
    for m in learned:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    kept: list[FramingSpan] = []
    for occurrences in by_phrase.values():
        touched = sum(any(covered[f.start : f.end]) for f in occurrences)
        if 2 * touched >= len(occurrences):
            kept.extend(f.model_copy(update={"reason": f"{f.reason}; the model marks {touched} of its "
                                             f"{len(occurrences)} occurrences as framing"})
                        for f in occurrences)
    return kept


def framing_spans(text: str, use_model: bool = True, model=None) -> list[FramingSpan]:
    """All framing spans of a text, sorted; model Repetition spans that the exact detector also
    found are not repeated."""
    learned: list[FramingSpan] = []
    phrases = repeated_phrase_spans(text)
    if use_model and (model is not None or model_available()):
        learned, marked = model_output(text, model)
        # the characters the tagger marked, not a sentence that decoding widened around them
        phrases = phrases_the_model_marks(phrases, marked) if learned else phrases
    rules = keyword_group_spans(text) + phrases
    seen = {(f.start, f.end, f.technique) for f in rules}
    merged = rules + [f for f in learned if (f.start, f.end, f.technique) not in seen]
    return sorted(merged, key=lambda f: (f.start, f.end, f.technique))


# Where a Doc holds the framing spans started ahead of its parse (FramingTagger.prefetch): (text, Future).
_PREFETCH_KEY = "rasad_framing_prefetch"
_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    """One framing thread per process (made again in a forked child, where the parent's thread is gone)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rasad-framing")
            _pool_pid = os.getpid()
        return _pool


def _result(future: Future) -> list[FramingSpan]:
    """The future's spans, waited for in short steps: the analysis deadline (rasad.analysis.deadline) raises
    in this thread between Python lines, which one long wait in C would put off until the framing ended."""
    while True:
        try:
            return future.result(timeout=0.05)
        except FutureTimeout:
            continue


class FramingTagger:
    def __init__(self, nlp: Language, name: str, use_model: bool = True) -> None:
        self.name = name
        self.use_model = use_model

    def prefetch(self, doc: Doc, text: str) -> Future | None:
        """Start this Doc's framing spans on the framing thread now, before spaCy parses it: they read the
        text only, and the tagger's onnxruntime run leaves the GIL, so it runs beside the parse (of this
        Doc and of the others of its batch) instead of after it. ``__call__`` then takes the result; the
        spans are those it would compute itself (the same function of the same text). Returns the future
        (the caller may cancel it when it stops early), or None when there is no model to run."""
        if not (self.use_model and model_available()):
            return None
        future = _executor().submit(framing_spans, text, True)
        doc.user_data[_PREFETCH_KEY] = (text, future)
        return future

    def __call__(self, doc: Doc) -> Doc:
        from rasad.analysis.camps import camp_spans, merge_camp_spans

        text = doc_text(doc)  # doc.text joins the tokens on every access
        started = doc.user_data.pop(_PREFETCH_KEY, None)
        if started is not None and (started[0] is text or started[0] == text) and not started[1].cancelled():
            found = _result(started[1])
        else:
            found = framing_spans(text, use_model=self.use_model)
        # The camp labels are added after framing_spans(), which is what `rasad eval framing` scores: the PTC
        # figure stays the learned tagger's (docs/framing.md, "Framing across camps").
        spans = merge_camp_spans(found, camp_spans(text, "en"))
        set_framing(doc, spans)
        return doc


def set_framing(doc: Doc, spans: list[FramingSpan]) -> None:
    """Write framing records to the Doc: ``doc._.framing`` and the ``framing`` span group."""
    doc._.framing = spans
    group = []
    for f in spans:
        span = doc.char_span(f.start, f.end, label=f.technique, alignment_mode="expand")
        if span is not None:
            group.append(span)
    doc.spans["framing"] = SpanGroup(doc, name="framing", spans=group)


@Language.factory("rasad_framing", default_config={"use_model": True})
def make_component(nlp: Language, name: str, use_model: bool) -> FramingTagger:
    # English here; another language's own component or empty records (rasad.languages). The learned
    # framing model is English: it never runs on another language's text.
    return component(nlp, name, "framing", lambda nlp, name: FramingTagger(nlp, name, use_model=use_model))
