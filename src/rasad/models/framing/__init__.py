"""The learned framing model: MiniLM fine-tuned as a token tagger for propaganda-technique spans.

This package holds the shipped artefacts (``model.int8.onnx``, ``tokenizer.json``, ``labels.json``,
``MODEL_CARD.md``, ``folds.json`` - the text-hash -> fold map of the cross-validation) and the code that
both training (training/framing/) and run time share, so the two cut text into windows and decode spans
the same way:

* :func:`windows` cuts a text's word pieces into windows of at most ``MAX_PIECES`` pieces,
  preferring to cut after a sentence end, so memory per window is bounded whatever the text length.
* :func:`decode_spans` turns per-piece probabilities back into character spans of the text.

Only numpy and tokenizers are imported here; onnxruntime is loaded with the model. No torch at run time.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from rasad.models import cpu_session_options

MODEL_DIR = Path(__file__).parent
MAX_PIECES = 126  # + [CLS] and [SEP] = 128 positions, the length the model was trained on
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
BATCH = 16

TECHNIQUES = [
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
]


def load_tokenizer(path: Path | None = None):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path or MODEL_DIR / "tokenizer.json"))
    # tokenizer.json ships fixed padding/truncation at 128; we cut windows ourselves.
    tok.no_padding()
    tok.no_truncation()
    return tok


@dataclass
class Pieces:
    """The word pieces of one text: ids, character offsets into the text and word index."""

    ids: np.ndarray  # (n,) int64
    offsets: np.ndarray  # (n, 2) int64, [start, end) in the text
    words: np.ndarray  # (n,) int64, word index (pieces of one word share it)


def pieces(tok, text: str) -> Pieces:
    enc = tok.encode(text, add_special_tokens=False)
    words = [w if w is not None else -1 for w in enc.word_ids]
    return Pieces(
        ids=np.asarray(enc.ids, dtype=np.int64),
        offsets=np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2),
        words=np.asarray(words, dtype=np.int64),
    )


_END_MARK = re.compile(r"[.!?]")
_LINE_BREAK = re.compile(r"\n")


def _break_after(text: str, p: Pieces) -> np.ndarray:
    """True where a window may end after piece i: a sentence end or a line break follows."""
    n = len(p.ids)
    if n == 0:
        return np.zeros(0, dtype=bool)
    # Over arrays, not piece by piece (a loop over numpy scalars was most of the tagger's Python time): piece i
    # ends at b; the text between it and the next piece (or the end) is text[b:nxt].
    size = len(text)
    ends = np.zeros(size + 1, dtype=bool)  # ends[k]: text[k] is . ! or ?
    ends[[m.start() for m in _END_MARK.finditer(text)]] = True
    lines = np.zeros(size + 1, dtype=np.int64)  # lines[k]: line breaks in text[:k]
    lines[[m.end() for m in _LINE_BREAK.finditer(text)]] = 1
    lines = np.cumsum(lines)
    b = p.offsets[:, 1]
    nxt = np.append(p.offsets[1:, 0], size)
    # text[b - 1 : b] in ".!?" (an empty slice, where b == 0, is "in" any string), or a line break in text[b:nxt]
    sentence_end = np.where(b > 0, ends[np.maximum(b - 1, 0)], True)
    line_break = (nxt > b) & (lines[np.minimum(nxt, size)] > lines[np.minimum(b, size)])
    return sentence_end | line_break


def windows(text: str, p: Pieces, size: int = MAX_PIECES) -> list[tuple[int, int]]:
    """[start, end) piece ranges covering all pieces, each at most ``size`` long, cut preferably
    after a sentence end in the second half of the window (so no sentence is cut needlessly)."""
    n = len(p.ids)
    if n == 0:
        return []
    ok = _break_after(text, p)
    out = []
    i = 0
    while i < n:
        end = min(i + size, n)
        if end < n:
            cands = np.nonzero(ok[i + size // 2 : end])[0]
            if len(cands):
                end = i + size // 2 + int(cands[-1]) + 1
        out.append((i, end))
        i = end
    return out


def batch_arrays(p: Pieces, wins: list[tuple[int, int]]) -> dict[str, np.ndarray]:
    """Model inputs for some windows, padded to the longest: [CLS] pieces [SEP] [PAD]..."""
    width = max(e - s for s, e in wins) + 2
    ids = np.full((len(wins), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(wins), width), dtype=np.int64)
    for r, (s, e) in enumerate(wins):
        k = e - s
        ids[r, 0] = CLS_ID
        ids[r, 1 : k + 1] = p.ids[s:e]
        ids[r, k + 1] = SEP_ID
        mask[r, : k + 2] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}


@dataclass
class Decoding:
    """Thresholds for turning piece probabilities into spans (tuned by cross-validation)."""

    span: float = 0.5  # p(B)+p(I) above which a piece is inside a span
    min_chars: int = 3
    extra_tech: float = 0.5  # a second technique is reported when its mean probability is above this
    tech_floor: dict[str, float] | None = None  # per technique: spans of it below this mean prob are dropped
    # per technique, a weight on its mean probability when choosing a span's technique (not on the
    # probability reported): prior share ** -alpha, so that the commonest techniques (Doubt 22% and
    # Loaded_Language 19% of technique pieces in PTC) do not win every span by their base rate alone.
    # None = no reweighting.
    technique_weights: list[float] | None = None
    # spans of one technique separated by at most this many characters inside one sentence are one span:
    # the tagger's p(inside) dips for a word or two in the middle of a long claim, and PTC marks the claim
    # once (out of fold, model 0.5.0 on two folds: Doubt spans had a median of 20 characters, the gold 97).
    join_gap: int = 0
    # spans of these techniques are widened to the sentence that holds them: they argue a claim rather
    # than colour a word (median gold span of 60 characters or more in PTC; tune.py lists them)
    sentence_techniques: list[str] | None = None
    # "Repetition" is only chosen for a span whose words occur at least twice in the text; otherwise the
    # span takes its next technique (a phrase said once is not repeated, whatever the tagger reads)
    repetition_needs_repeat: bool = False

    @classmethod
    def from_dict(cls, d: dict) -> Decoding:
        keys = ("span", "min_chars", "extra_tech", "tech_floor", "technique_weights", "join_gap",
                "sentence_techniques", "repetition_needs_repeat")
        return cls(**{k: d[k] for k in keys if k in d})


@dataclass
class RawSpan:
    start: int
    end: int
    technique: str
    score: float  # mean p(inside a span) over its pieces
    tech_prob: float  # mean probability of this technique over its pieces
    first_piece: int
    last_piece: int
    note: str = ""  # how decoding changed the tagger's run: joined with a neighbour, widened to a sentence
    marked: tuple[int, int] | None = None  # where widened to its sentence: the characters the tagger marked

    @property
    def marked_extent(self) -> tuple[int, int]:
        """The characters the tagger itself marked (before any widening to the sentence)."""
        return self.marked or (self.start, self.end)


def decode_spans(text: str, p: Pieces, probs: np.ndarray, dec: Decoding) -> list[RawSpan]:
    """Runs of pieces with p(inside) >= dec.span become spans (a new span starts where B beats I);
    spans are widened to whole words; each gets its most probable technique (after
    ``dec.technique_weights``; Repetition only for words that occur twice when
    ``dec.repetition_needs_repeat``) and any other technique whose mean probability clears
    ``dec.extra_tech``. Then spans of one technique at most ``dec.join_gap`` characters apart in one
    sentence are joined, and spans of ``dec.sentence_techniques`` are widened to their sentence."""
    n = len(p.ids)
    if n == 0:
        return []
    inside = probs[:, 0] + probs[:, 1] >= dec.span
    # a run of inside pieces; a new run also starts at a word start where B beats I
    word_start = np.ones(n, dtype=bool)
    word_start[1:] = p.words[1:] != p.words[:-1]
    # ... and after a line break: a technique span does not run from a headline into the next line
    newlines = np.asarray([m.start() for m in _LINE_BREAK.finditer(text)], dtype=np.int64)
    line_start = np.zeros(n, dtype=bool)
    if len(newlines):
        line_start[1:] = np.searchsorted(newlines, p.offsets[1:, 0]) > np.searchsorted(newlines, p.offsets[:-1, 1])
    begins = inside & (np.r_[True, ~inside[:-1]] | ((probs[:, 0] > probs[:, 1]) & word_start) | line_start)
    ends = inside & np.r_[~inside[1:] | begins[1:], True]
    runs = list(zip(np.nonzero(begins)[0].tolist(), (np.nonzero(ends)[0] + 1).tolist()))
    out: list[RawSpan] = []
    repetition = TECHNIQUES.index("Repetition")
    folded = _folded(text) if dec.repetition_needs_repeat else ""
    for a, b in runs:
        # widen to whole words: a span never starts or ends inside a word
        while a > 0 and p.words[a - 1] == p.words[a] and p.words[a] >= 0:
            a -= 1
        while b < n and p.words[b] == p.words[b - 1] and p.words[b] >= 0:
            b += 1
        start, end = int(p.offsets[a][0]), int(p.offsets[b - 1][1])
        if end - start < dec.min_chars:
            continue
        tech = probs[a:b, 2:].mean(0)
        order = np.argsort(-(tech * dec.technique_weights if dec.technique_weights is not None else tech))
        if (dec.repetition_needs_repeat and repetition in order[:3]
                and not _occurs_twice(folded, _folded(text[start:end]))):
            order = order[order != repetition]
        chosen = [order[0]] + [k for k in order[1:3] if tech[k] >= dec.extra_tech]
        for k in chosen:
            out.append(_raw_span(p, probs, a, b, TECHNIQUES[int(k)]))
    if dec.join_gap > 0:
        out = _join_same_technique(text, p, probs, out, dec.join_gap)
    if dec.sentence_techniques:
        out = _widen_to_sentences(text, out, set(dec.sentence_techniques))
    floors = dec.tech_floor or {}
    return [r for r in out if r.tech_prob >= floors.get(r.technique, 0.0)]


def _raw_span(p: Pieces, probs: np.ndarray, a: int, b: int, technique: str) -> RawSpan:
    """The span over pieces [a, b) with its mean p(inside) and mean probability of ``technique``."""
    k = TECHNIQUES.index(technique)
    return RawSpan(int(p.offsets[a][0]), int(p.offsets[b - 1][1]), technique,
                   float((probs[a:b, 0] + probs[a:b, 1]).mean()), float(probs[a:b, 2 + k].mean()), a, b - 1)


def _folded(s: str) -> str:
    return " " + " ".join(re.findall(r"\w+", s.casefold())) + " "


def _occurs_twice(folded_text: str, folded_span: str) -> bool:
    return folded_span.strip() != "" and folded_text.count(folded_span) >= 2


# a sentence ends at . ! ? (with any closing quotes or brackets) before white space, or at a line break.
# Written by hand because this module runs with numpy and tokenizers only (no spaCy parser), and
# training/framing/tune.py must decode exactly as the run time does.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s)|\n")


def _join_same_technique(text: str, p: Pieces, probs: np.ndarray, spans: list[RawSpan], gap: int) -> list[RawSpan]:
    out: list[RawSpan] = []
    for r in sorted(spans, key=lambda r: (r.technique, r.start, r.end)):
        last = out[-1] if out else None
        if (last is not None and last.technique == r.technique and 0 <= r.start - last.end <= gap
                and not _SENTENCE_END.search(text, last.end, r.start)):
            joined = _raw_span(p, probs, last.first_piece, max(last.last_piece, r.last_piece) + 1, r.technique)
            out[-1] = replace(joined, note="joined across a gap of a few words in one sentence")
        else:
            out.append(r)
    return sorted(out, key=lambda r: (r.start, r.end, r.technique))


def _widen_to_sentences(text: str, spans: list[RawSpan], techniques: set[str]) -> list[RawSpan]:
    ends = [(m.start(), m.end(), m.group() == "\n") for m in _SENTENCE_END.finditer(text)]  # one pass
    after = [e for _s, e, _nl in ends]
    out: list[RawSpan] = []
    seen: set[tuple[int, int, str]] = set()
    for r in spans:
        if r.technique in techniques:
            i = bisect.bisect_right(after, r.start)  # sentence ends before the span start
            start = after[i - 1] if i else 0
            j = bisect.bisect_left(after, r.end)  # the first sentence end at or after the span end
            end = len(text) if j == len(ends) else (ends[j][0] if ends[j][2] else ends[j][1])
            while start < r.start and text[start].isspace():
                start += 1
            r = replace(r, start=min(start, r.start), end=max(end, r.end), marked=r.marked_extent,
                        note="; ".join(x for x in (r.note, "widened to its sentence") if x))
        if (r.start, r.end, r.technique) not in seen:
            seen.add((r.start, r.end, r.technique))
            out.append(r)
    return out


class FramingModel:
    """The fine-tuned model: MiniLM with its top layers trained on PTC for technique spans
    (``model.int8.onnx``, exported by training/framing/finetune.py). The graph returns per word piece
    p(B), p(I) of a technique-agnostic span and one probability per technique, the layout
    :func:`decode_spans` reads; a span's technique is the one with the highest mean probability over
    its pieces. ``spans(text)`` -> RawSpan list; memory is bounded by one batch of windows."""

    def __init__(self, model_dir: Path = MODEL_DIR, onnx_path: Path | None = None, threads: int | None = None) -> None:
        import onnxruntime as ort

        self.dir = model_dir
        self.meta = json.loads((model_dir / "labels.json").read_text(encoding="utf-8"))
        if self.meta["techniques"] != TECHNIQUES:
            raise ValueError(f"{model_dir}/labels.json lists other techniques than this code expects")
        self.decoding = Decoding.from_dict(self.meta.get("decoding", {}))
        self.tok = load_tokenizer(model_dir / "tokenizer.json")
        options = cpu_session_options(threads)
        self.path = Path(onnx_path or model_dir / "model.int8.onnx")
        self.session = ort.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "?"))

    def probs(self, text: str, p: Pieces) -> np.ndarray:
        """Per piece: p(B), p(I), then the 14 technique probabilities, (n, 16)."""
        out = np.zeros((len(p.ids), 2 + len(TECHNIQUES)), dtype=np.float32)
        wins = windows(text, p)
        for k in range(0, len(wins), BATCH):
            chunk = wins[k : k + BATCH]
            probs = self.session.run(["probs"], batch_arrays(p, chunk))[0]
            for r, (s, e) in enumerate(chunk):
                out[s:e] = probs[r, 1 : e - s + 1]
        return out

    def spans(self, text: str) -> tuple[Pieces, list[RawSpan]]:
        p = pieces(self.tok, text)
        if len(p.ids) == 0:
            return p, []
        return p, decode_spans(text, p, self.probs(text, p), self.decoding)
