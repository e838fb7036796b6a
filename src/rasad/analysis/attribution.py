"""Attribution relations (who said / thinks / reported what) from a parsed spaCy Doc.

The method follows BBC's Citron (cue classifier -> content span -> source resolver, all from
dependency-parse features) with a small learned part:

1. quotation regions are found in the raw text (“…”, "…", NYT-style ''…'', a quote that runs on
   to the end of its paragraph);
2. a linear model scores every content word as the head of an attribution *cue* ("said",
   "according to", "believes", "the report shows" ...);
3. for each cue, a second linear model decides which of its syntactic dependents (and its own
   governing clause, for "..., he said" and "according to X, ...") belong to the *content*; a
   content that touches a quotation is snapped to the whole quotation, and quotations that follow
   on directly ("...," she said. "...") are chained to it;
4. the *source* is picked by rules over the dependency relations of the cue (subject, passive
   agent, "according to X", a possessor, the subject of a governing verb ...);
5. quotations that no cue claimed continue the attribution just before them (same or next
   sentence); otherwise a third linear model ranks their possible speakers (the mentions around
   them, the last speakers, no one) and a fourth drops those that are titles or scare quotes
   rather than speech.

The linear models (logistic regression over sparse string features, trained on PolNeAR train
by training/quotes/train.py) are shipped as JSON weights: no pickle, no scikit-learn at run time.
Nothing here is specific to one spaCy component: rasad.analysis.quotes turns the result into
Quote records and rasad.eval.quotes into the PolNeAR scorer's format.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from rasad.analysis.doc_text import doc_text

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "quotes" / "attribution.json"

# Double quotation marks as the PolNeAR scorer defines them (a content is "direct" when it holds one).
DOUBLE_MARKS = ('"', "\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb", "''")
_OPENERS = {"\u201c", "\u201e", "\u201f", "\u00ab"}
_CLOSERS = {"\u201d", "\u00bb"}
_MARK_RE = re.compile("''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_SINGLE_RE = re.compile("(?<![\\w])\u2018|\u2019(?![\\w])")
_EDGE_PUNCT = set(" \t\r\n,;:-\u2013\u2014")

CUE_POS = {"VERB", "NOUN", "ADJ", "ADP", "AUX", "PROPN", "ADV"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
# dependents of a cue that are never part of its content
NON_CONTENT_DEPS = {"punct", "aux", "auxpass", "neg", "prt", "det", "cc", "nsubj", "nsubjpass", "agent",
                    "expl", "case", "poss", "predet", "mark", "dep"}


@dataclass
class Attribution:
    cue: tuple[int, int] | None  # character span
    source: tuple[int, int] | None
    content: list[tuple[int, int]]  # sorted character fragments
    cue_token: int | None = None  # token index of the cue's head word
    source_token: int | None = None
    score: float = 0.0
    derived: str = ""
    quote_regions: list[int] = field(default_factory=list)  # indices of quotation regions it holds
    quotes: list[tuple[int, int]] = field(default_factory=list)  # their character spans
    keep_score: float | None = None  # the keep model's probability (unclaimed quotations inside a sentence)

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]

    def direct(self, text: str) -> bool:
        return any(m in text[s:e] for s, e in self.content for m in DOUBLE_MARKS)


# ---------------------------------------------------------------------------------------------
# Quotation regions


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included, paragraph by paragraph.

    Curly marks open and close; straight ``"`` and NYT ``''`` toggle, with the neighbouring
    characters deciding ambiguous cases. A quotation still open at the end of its paragraph runs
    to the paragraph's end (multi-paragraph quotations reopen the next paragraph with a mark).
    Single curly quotes count only in texts without double marks (British style)."""
    regions: list[tuple[int, int]] = []
    pattern = _MARK_RE if _MARK_RE.search(text) else _SINGLE_RE
    pos = 0
    for para in text.split("\n"):
        para_start = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        open_at: int | None = None
        for m in pattern.finditer(para):
            mark = m.group()
            at = para_start + m.start()
            before = para[m.start() - 1] if m.start() > 0 else " "
            after = para[m.end()] if m.end() < len(para) else " "
            if mark in _OPENERS or mark == "\u2018":
                kind = "open"
            elif mark in _CLOSERS or mark == "\u2019":
                kind = "close"
            elif open_at is None:
                kind = "close" if (after.isspace() and not before.isspace()) else "open"
            else:
                kind = "open" if (before.isspace() and not after.isspace() and after not in ",.;:!?") else "close"
            if kind == "open":
                if open_at is None:
                    open_at = at
                continue
            if open_at is not None:
                regions.append((open_at, para_start + m.end()))
                open_at = None
        if open_at is not None:
            end = para_start + len(para.rstrip())
            if end - open_at > 1:
                regions.append((open_at, end))
    return regions


# ---------------------------------------------------------------------------------------------
# The learned parts: linear models over string features, stored as JSON weights


@dataclass
class LinearModel:
    bias: float
    weights: dict[str, float]
    threshold: float = 0.5

    def prob(self, feats: Iterable[str]) -> float:
        # the weights added in the features' order, as before (the same float sum), without a generator frame
        z = self.bias + sum(map(self.weights.get, feats, itertools.repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class AttributionModel:
    cue: LinearModel
    content: LinearModel
    meta: dict
    cue_lemmas: frozenset[str] | None = None  # words seen as a cue in training: the only candidates
    speaker: LinearModel | None = None  # ranks the speaker candidates of unclaimed quotations
    keep: LinearModel | None = None  # whether an unclaimed quotation inside a sentence is speech at all

    @classmethod
    def from_dict(cls, data: dict) -> AttributionModel:
        lemmas = data.get("cue_lemmas")
        return cls(
            cue=LinearModel(**data["cue"]),
            content=LinearModel(**data["content"]),
            meta=data.get("meta", {}),
            cue_lemmas=frozenset(lemmas) if lemmas is not None else None,
            speaker=LinearModel(**data["speaker"]) if data.get("speaker") else None,
            keep=LinearModel(**data["keep"]) if data.get("keep") else None,
        )

    def is_candidate(self, tok: Token, ctx: DocContext) -> bool:
        if tok.pos_ not in CUE_POS or tok.is_punct or ctx.in_quote[tok.i] >= 0:
            return False
        return self.cue_lemmas is None or tok.lemma_.lower() in self.cue_lemmas


@functools.lru_cache(maxsize=2)
def load_model(path: str | None = None) -> AttributionModel:
    with open(path or MODEL_PATH, encoding="utf-8") as f:
        return AttributionModel.from_dict(json.load(f))


# ---------------------------------------------------------------------------------------------
# Per-document context computed once (no per-token loops beyond a few passes)


class DocContext:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.regions = quote_regions(self.text)
        self._region_starts = [s for s, _ in self.regions]
        # token index -> index of the quotation region holding it, or -1
        self.in_quote = [-1] * len(doc)
        for ri, (s, e) in enumerate(self.regions):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.in_quote[i] = ri
        self.sent_of = [0] * len(doc)
        self.sents: list[Span] = list(doc.sents)
        for si, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = si
        self.sent_has_quote = [False] * len(self.sents)
        for i, ri in enumerate(self.in_quote):
            if ri >= 0:
                self.sent_has_quote[self.sent_of[i]] = True

    def region_at(self, char: int) -> int:
        i = bisect.bisect_right(self._region_starts, char) - 1
        if i >= 0 and self.regions[i][0] <= char < self.regions[i][1]:
            return i
        return -1


# ---------------------------------------------------------------------------------------------
# Features


def _shape_len(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"


def cue_features(tok: Token, ctx: DocContext) -> list[str]:
    lemma = tok.lemma_.lower()
    dep = tok.dep_
    pos = tok.pos_
    head = tok.head
    child_deps = sorted({c.dep_ for c in tok.children})
    f = [
        "lemma=" + lemma,
        "pos=" + pos,
        "tag=" + tok.tag_,
        "dep=" + dep,
        "lemma_pos=" + lemma + "_" + pos,
        "lemma_dep=" + lemma + "_" + dep,
        "pos_dep=" + pos + "_" + dep,
        "head_lemma=" + head.lemma_.lower(),
        "head_pos_dep=" + head.pos_ + "_" + dep,
        "inq=" + str(ctx.in_quote[tok.i] >= 0),
        "sentq=" + str(ctx.sent_has_quote[ctx.sent_of[tok.i]]),
    ]
    for d in child_deps:
        f.append("cdep=" + d)
        f.append("lemma_cdep=" + lemma + "_" + d)
        f.append("pos_cdep=" + pos + "_" + d)
    has_subj = any(d in SUBJ_DEPS for d in child_deps)
    has_comp = any(d in ("ccomp", "xcomp") for d in child_deps)
    f.append(f"subj_comp={has_subj}_{has_comp}")
    f.append(f"lemma_subj_comp={lemma}_{has_subj}_{has_comp}")
    for c in tok.children:
        if c.dep_ in SUBJ_DEPS:
            f.append("subj_pos=" + c.pos_)
            f.append("subj_ent=" + (c.ent_type_ or "none"))
            f.append("lemma_subj_ent=" + lemma + "_" + (c.ent_type_ or c.pos_))
        elif c.dep_ == "ccomp":
            f.append("ccomp_inq=" + str(ctx.in_quote[c.i] >= 0))
        elif c.dep_ == "prep":
            f.append("prep=" + c.lower_)
            f.append("lemma_prep=" + lemma + "_" + c.lower_)
        elif c.dep_ == "mark":
            f.append("mark=" + c.lower_)
    if ctx.in_quote[tok.head.i] >= 0 and ctx.in_quote[tok.i] < 0:
        f.append("head_inq")
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    prv = tok.nbor(-1) if tok.i > 0 else None
    if nxt is not None:
        f.append("next=" + nxt.lower_)
        f.append("lemma_next=" + lemma + "_" + nxt.lower_)
        if ctx.in_quote[nxt.i] >= 0 or (nxt.is_punct and nxt.i + 1 < len(tok.doc) and ctx.in_quote[nxt.i + 1] >= 0):
            f.append("next_quote")
    if prv is not None:
        f.append("prev=" + prv.lower_)
        f.append("prev_pos=" + prv.pos_)
        if ctx.in_quote[prv.i] >= 0 or (prv.is_punct and prv.i > 0 and ctx.in_quote[prv.i - 1] >= 0):
            f.append("prev_quote")
    if tok.ent_type_:
        f.append("ent=" + tok.ent_type_)
    return f


@dataclass
class Candidate:
    kind: str  # "child" | "head" | "next"
    fragments: list[tuple[int, int]]
    feats: list[str]


def _subtree_chars(tok: Token) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in _EDGE_PUNCT:
        e -= 1
    return s, e


# a dependent in one of these relations that is itself a cue heads its own attribution
# ("Khamenei implied that ..., complaining that ..."): it is not part of this cue's content
_OWN_ATTRIBUTION_DEPS = {"advcl", "conj", "parataxis", "npadvmod", "relcl", "acl"}


def content_candidates(cue: Token, ctx: DocContext, cue_tokens: set[int] = frozenset(),
                       source: Token | None = None) -> list[Candidate]:
    text = ctx.text
    lemma = cue.lemma_.lower()
    out: list[Candidate] = []
    sent = ctx.sents[ctx.sent_of[cue.i]]
    # the parser sometimes runs a sentence across a paragraph break: content stays in the cue's paragraph
    p_start = text.rfind("\n", 0, cue.idx) + 1
    p_end = text.find("\n", cue.idx)
    p_end = len(text) if p_end == -1 else p_end
    base = ["cue=" + lemma, "cuepos=" + cue.pos_, "cuedep=" + cue.dep_]
    for ch in cue.children:
        dep = ch.dep_
        if dep in ("punct", "aux", "auxpass", "neg", "det", "cc", "expl", "case", "predet"):
            continue
        if ch.i in cue_tokens and dep in _OWN_ATTRIBUTION_DEPS:
            continue
        if source is not None and ch.i == source.i:
            continue
        s, e = _subtree_chars(ch)
        s, e = _trim(text, max(s, p_start), min(e, p_end))
        if e <= s:
            continue
        side = "L" if ch.i < cue.i else "R"
        n = ch.right_edge.i - ch.left_edge.i + 1
        inq = ctx.in_quote[ch.i] >= 0
        f = base + [
            "k=child",
            "dep=" + dep,
            "side=" + side,
            "dep_side=" + dep + side,
            "pos=" + ch.pos_,
            "len=" + _shape_len(n),
            "dep_len=" + dep + _shape_len(n),
            "cue_dep=" + lemma + "_" + dep,
            "cue_dep_side=" + lemma + "_" + dep + side,
            "cuepos_dep=" + cue.pos_ + "_" + dep,
            "inq=" + str(inq),
            "dep_inq=" + dep + str(inq),
            "lower=" + ch.lower_ if dep in ("prep", "mark", "advmod") else "lower=_",
        ]
        if dep == "prep":
            f.append("cue_prep=" + lemma + "_" + ch.lower_)
        if ch.ent_type_:
            f.append("ent=" + ch.ent_type_)
        first = ch.left_edge
        if first.dep_ == "mark" or first.lower_ in ("that", "whether", "if", "to"):
            f.append("starts=" + first.lower_)
        out.append(Candidate("child", [(s, e)], f))
    head = cue.head
    if head.i != cue.i and cue.dep_ not in ("ROOT",):
        hs, he = _subtree_chars(head)
        hs, he = max(hs, sent.start_char, p_start), min(he, sent.end_char, p_end)
        cs, ce = _subtree_chars(cue)
        frags = []
        for s, e in ((hs, min(he, cs)), (max(hs, ce), he)):
            s, e = _trim(text, s, e)
            if e > s:
                frags.append((s, e))
        if frags:
            n = sum(e - s for s, e in frags)
            f = base + [
                "k=head",
                "hdep=" + cue.dep_,
                "hpos=" + head.pos_,
                "cue_hdep=" + lemma + "_" + cue.dep_,
                "hlen=" + _shape_len(n // 6),
                "hinq=" + str(ctx.in_quote[head.i] >= 0),
                "hdep_inq=" + cue.dep_ + str(ctx.in_quote[head.i] >= 0),
            ]
            out.append(Candidate("head", frags, f))
    # "X said:" followed by a quotation or a sentence (often in the next paragraph)
    tail = text[cue.idx: min(sent.end_char, p_end)].rstrip()
    if tail.endswith(":"):
        s = _skip_space(text, cue.idx + len(tail))
        ri = ctx.region_at(s)
        if ri >= 0:
            e = ctx.regions[ri][1]
        else:
            nxt = text.find("\n", s)
            e = len(text) if nxt == -1 else nxt
            stop = text.find(". ", s, e)
            e = e if stop == -1 else stop + 1
        s, e = _trim(text, s, e)
        if e > s:
            out.append(Candidate("next", [(s, e)], base + ["k=next", "next_inq=" + str(ri >= 0)]))
    return out


# ---------------------------------------------------------------------------------------------
# Source rules


RELATIVE = {"who", "that", "which", "whom"}
_SPEAKERISH_DEPS = {"dobj", "attr", "npadvmod", "dep", "appos", "oprd", "nsubj", "pobj", "conj"}


# "ATLANTIC CITY — ", "LONDON (Reuters) - ", "WASHINGTON (AP) — " at the start of a paragraph
_DATELINE_RE = re.compile(r"[A-Z][A-Z.,'\- ]*[A-Z.](?: \([A-Za-z. ]+\))?,?\s*[\u2014\u2013-]+\s")


def _dateline_end(text: str, char: int) -> int:
    """Where the text of the paragraph holding ``char`` starts, past a leading dateline."""
    p = text.rfind("\n", 0, char) + 1
    m = _DATELINE_RE.match(text, p)
    return m.end() if m is not None and m.end() <= char else p


def _source_token(cue: Token, ctx: DocContext | None = None, cue_tokens: set[int] = frozenset(),
                  depth: int = 0) -> Token | None:
    """The source by the parse rules (below), kept inside the cue's paragraph: spaCy's small model
    runs datelines and headlines into the first sentence ("LONDON (Reuters) - Donald Trump said"),
    and then the dateline is read as the subject; the first person or organisation named between
    the dateline and the cue is the speaker instead."""
    src = _parsed_source(cue, ctx, cue_tokens, depth)
    if src is None or src.i > cue.i:
        return src
    # doc.text joins every token again at each access: the context's copy, joined once per document
    start = _dateline_end(ctx.text if ctx is not None else doc_text(cue.doc), cue.idx)
    if src.idx >= start:
        return src
    for ch in cue.children:  # "TEHRAN (Reuters) - Abbas Araghchi said": the parser gave the verb two subjects
        if ch.dep_ in SUBJ_DEPS and ch.idx >= start:
            return ch
    for ent in cue.doc.ents:
        if ent.start_char >= start and ent.end <= cue.i and ent.label_ in ("PERSON", "ORG"):
            return ent.root
    return src


def _parsed_source(cue: Token, ctx: DocContext | None = None, cue_tokens: set[int] = frozenset(),
                   depth: int = 0) -> Token | None:
    """The head word of the cue's source mention, from the dependency parse. A relative pronoun
    ("Sanders, who says ...") is the source as written, as PolNeAR marks it; rasad_quotes maps it
    to its antecedent."""
    children = list(cue.children)
    lemma = cue.lemma_.lower()
    # impersonal cues carry no source in PolNeAR ("X seems to ...", "is widely expected", "reportedly")
    if lemma in ("seem", "appear", "reportedly", "apparently") or cue.lower_ == "expected":
        return None
    child_deps = {c.dep_ for c in children}
    if cue.tag_ == "VBN" and not child_deps & {"nsubj", "agent", "csubj"} and (
            "auxpass" in child_deps or cue.dep_ in ("advcl", "acl")):
        return None  # "Asked about it, ...", "it is believed that ..."
    if cue.lower_ == "according":
        for ch in children:
            if ch.lower_ == "to":
                for gc in ch.children:
                    if gc.dep_ == "pobj":
                        return gc
    for ch in children:
        if ch.dep_ == "agent":
            for gc in ch.children:
                if gc.dep_ == "pobj":
                    return gc
    in_quote = ctx.in_quote if ctx is not None else None
    for ch in children:
        if ch.dep_ in ("nsubj", "csubj"):
            if in_quote is not None and in_quote[ch.i] >= 0 and in_quote[cue.i] < 0:
                continue  # '"... they award ...," Mook said': the subject inside the quotation is not the speaker
            return ch
    if cue.pos_ in ("NOUN", "PROPN"):
        for ch in children:
            if ch.dep_ == "poss":
                return ch
        for ch in children:
            if ch.dep_ == "prep" and ch.lower_ in ("by", "from", "of"):
                for gc in ch.children:
                    if gc.dep_ == "pobj" and (gc.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or gc.pos_ in ("PRON", "PROPN")):
                        return gc
    # '"...," said Richard Trumka': a name after the verb that the parser did not call a subject
    if cue.pos_ == "VERB":
        before = cue.i - 1
        while before >= 0 and cue.doc[before].is_punct and (in_quote is None or in_quote[before] < 0):
            before -= 1
        after_quote = in_quote is not None and before >= 0 and in_quote[before] >= 0
        for ch in cue.rights:
            if ch.dep_ not in _SPEAKERISH_DEPS or ch.i - cue.i > 4:
                continue
            if not after_quote and ch.dep_ not in ("nsubj", "attr"):
                continue  # "telling Reuters", "told Megyn Kelly": the object is the addressee
            if ch.ent_type_ in ("PERSON", "ORG") or ch.pos_ == "PROPN" or (after_quote and ch.pos_ in ("NOUN", "PRON")):
                return ch
        if after_quote:
            # '"...," said Oversight ranking Democrat Elijah Cummings': a long title pushes the name
            # past the parser's reach; the first person named right after the verb is the speaker
            for tok in cue.doc[cue.i + 1: min(cue.sent.end, cue.i + 9)]:
                if in_quote is not None and in_quote[tok.i] >= 0 or tok.text in (".", ";", "\n"):
                    break
                if tok.ent_type_ == "PERSON":
                    ent = next((e for e in cue.doc.ents if e.start <= tok.i < e.end), None)
                    return ent.root if ent is not None else tok
    # "X implied that ..., complaining that ...": a participle cue hanging inside another cue's
    # clause shares that cue's source
    if cue.dep_ == "advcl" and cue.tag_ == "VBG" and depth < 2:
        for anc in cue.ancestors:
            if anc.i in cue_tokens:
                inherited = _source_token(anc, ctx, cue_tokens, depth + 1)
                if inherited is not None:
                    return inherited
                break  # "Attorneys for Clinton appeared to ..., saying ...": the impersonal cue has no source, its subject speaks
    # shared or inherited subject: "X stood up and said", "X wants to say", "X, who said"
    node = cue
    for _ in range(3):
        if node.dep_ in ("conj", "xcomp", "advcl", "ccomp", "acl") and node.head.i != node.i:
            if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
                return node.head
            node = node.head
            for ch in node.children:
                if ch.dep_ in ("nsubj", "csubj"):
                    return ch
        elif node.dep_ == "relcl":
            return node.head
        else:
            break
    if cue.dep_ == "pcomp":
        head = cue.head
        while head.dep_ == "prep" and head.head.i != head.i:
            head = head.head
        for ch in head.children:
            if ch.dep_ == "nsubj":
                return ch
    if cue.pos_ == "VERB" and in_quote is not None:
        # '"...," the editorial read.' / '"...," Will wrote.': right after a quotation the parser found
        # no subject (it read "Will" as a modal): the last noun or pronoun between the two
        j = cue.i - 1
        while j >= 0 and cue.i - j <= 6 and in_quote[j] < 0 and cue.doc[j].text not in (".", ";", "?", "!"):
            j -= 1
        if j >= 0 and in_quote[j] >= 0:
            for tok in reversed(cue.doc[j + 1: cue.i]):
                if tok.pos_ in ("NOUN", "PROPN", "PRON") or (tok.lower_ == "will" and tok.is_title):
                    return tok
    # "In his message, Iran's Supreme Leader Ali Khamenei implied ..." (the parser hung the name
    # elsewhere): the nearest person or organisation named just before the cue in its sentence
    sent = cue.sent
    for tok in reversed(cue.doc[max(sent.start, cue.i - 20): cue.i]):
        if tok.ent_type_ in ("PERSON", "ORG") and tok.ent_iob_ in ("B", "I") and (tok.i + 1 >= len(cue.doc) or cue.doc[tok.i + 1].ent_type_ != tok.ent_type_ or tok.i + 1 == cue.i):
            if in_quote is None or in_quote[tok.i] < 0:
                return tok
    return None


def _mention_chars(tok: Token, text: str, avoid: list[tuple[int, int]] = ()) -> tuple[int, int]:
    """The source mention: the noun phrase headed by ``tok`` (with its appositions, as PolNeAR
    marks it), or the word alone when that phrase would swallow the cue or run too long."""
    left, right = tok.left_edge, tok.right_edge
    s, e = left.idx, right.idx + len(right.text)
    s = max(s, min(tok.idx, _dateline_end(text, tok.idx)))  # not the dateline or headline before it
    if right.i - left.i > 25 or any(s < b and a < e for a, b in avoid):
        s, e = tok.idx, tok.idx + len(tok.text)
        for ch in tok.lefts:  # keep "Mr." / first names
            if ch.dep_ in ("compound", "amod", "nmod") and ch.i >= tok.i - 3:
                s = min(s, ch.idx)
    while e > s and text[e - 1] in _EDGE_PUNCT:
        e -= 1
    while s < e and text[s] in _EDGE_PUNCT:
        s += 1
    return s, e


def _cue_chars(cue: Token) -> tuple[int, int]:
    s, e = cue.idx, cue.idx + len(cue.text)
    for ch in cue.lefts:
        if ch.dep_ in ("aux", "auxpass", "neg") and ch.i >= cue.i - 3:
            s = min(s, ch.idx)
    for ch in cue.rights:
        if ch.dep_ == "prt" and ch.i == cue.i + 1:
            e = ch.idx + len(ch.text)
        if cue.lower_ == "according" and ch.lower_ == "to":
            e = ch.idx + len(ch.text)
    return s, e


# ---------------------------------------------------------------------------------------------
# Putting it together


def _merge(frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(frags):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _overlaps(a: list[tuple[int, int]], s: int, e: int) -> int:
    return sum(max(0, min(e, y) - max(s, x)) for x, y in a)


def find_attributions(doc: Doc, model: AttributionModel | None = None) -> list[Attribution]:
    if not len(doc):
        return []
    model = model or load_model()
    ctx = DocContext(doc)
    text = ctx.text
    scored: list[tuple[float, Token]] = []
    for tok in doc:
        if not model.is_candidate(tok, ctx):
            continue
        p = model.cue.prob(cue_features(tok, ctx))
        if p >= model.cue.threshold:
            scored.append((p, tok))
    atts: list[Attribution] = []
    taken = [False] * len(doc)  # univocal: a token plays one role in one attribution
    cue_tokens = {tok.i for _, tok in scored}
    for p, cue in sorted(scored, key=lambda x: -x[0]):
        if taken[cue.i]:
            continue
        src = _source_token(cue, ctx, cue_tokens)
        cands = content_candidates(cue, ctx, cue_tokens, src)
        frags: list[tuple[int, int]] = []
        best = None
        for c in cands:
            q = model.content.prob(c.feats)
            if best is None or q > best[0]:
                best = (q, c)
            if q >= model.content.threshold:
                frags.extend(c.fragments)
        if not frags:
            continue
        frags = _merge(frags)
        # "..., adding that ...", "..., complaining that ...": a participle cue inside the content
        # heads an attribution of its own
        for t in cue_tokens:
            other = doc[t]
            if t != cue.i and other.dep_ == "advcl" and other.tag_ == "VBG" and _overlaps(frags, other.idx, other.idx + 1):
                if not (other.left_edge.i <= cue.i <= other.right_edge.i):
                    frags = _cut(frags, [(other.idx, other.right_edge.idx + len(other.right_edge.text))], text)
        # the content is what is attributed: it must not hold the cue or source themselves
        cue_chars = _cue_chars(cue)
        if src is not None:
            frags = _cut(frags, [cue_chars, (src.idx, src.idx + len(src.text))], text)
        else:
            frags = _cut(frags, [cue_chars], text)
        if not frags:
            continue
        src_chars = _mention_chars(src, text, [cue_chars] + frags) if src is not None else None
        att = Attribution(cue=cue_chars, source=src_chars, content=frags, cue_token=cue.i,
                          source_token=src.i if src is not None else None, score=p, derived="cue")
        _snap_quotes(att, ctx)
        if not att.content:
            continue
        # skip an attribution whose content overlaps one already taken (nested attributions)
        tok_span = doc.char_span(att.start, att.end, alignment_mode="expand")
        if tok_span is None:
            continue
        inside = [i for s, e in att.content for i in _token_range(doc, s, e)]
        if sum(taken[i] for i in inside) > 0.5 * max(1, len(inside)):
            continue
        for i in inside:
            taken[i] = True
        taken[cue.i] = True
        atts.append(att)
    atts.sort(key=lambda a: a.start)
    _chain_quotes(atts, ctx)
    atts.extend(_unclaimed_quotes(atts, ctx, model))
    atts.sort(key=lambda a: a.start)
    for att in atts:
        att.quotes = [ctx.regions[ri] for ri in sorted(set(att.quote_regions))]
    return atts


def _token_range(doc: Doc, s: int, e: int) -> range:
    span = doc.char_span(s, e, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _cut(frags: list[tuple[int, int]], holes: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out = []
    for s, e in frags:
        pieces = [(s, e)]
        for hs, he in holes:
            nxt = []
            for a, b in pieces:
                if he <= a or hs >= b:
                    nxt.append((a, b))
                    continue
                if hs > a:
                    nxt.append((a, hs))
                if he < b:
                    nxt.append((he, b))
            pieces = nxt
        for a, b in pieces:
            a, b = _trim(text, a, b)
            if b > a and any(ch.isalnum() for ch in text[a:b]):
                out.append((a, b))
    return _merge(out)


def _snap_quotes(att: Attribution, ctx: DocContext) -> None:
    """A content that holds part of a quotation holds all of it (marks included)."""
    frags = list(att.content)
    used = set()
    for ri, (qs, qe) in enumerate(ctx.regions):
        if qe <= att.start - 2 or qs >= att.end + 2:
            continue
        shared = _overlaps(frags, qs, qe)
        if shared > 0 and shared >= 0.3 * min(qe - qs, sum(e - s for s, e in frags)):
            frags.append((qs, qe))
            used.add(ri)
    if used:
        # drop non-quote text left between the cue/source and the quotation (", he said, ")
        att.content = _merge(frags)
        if att.cue:
            att.content = _cut(att.content, [att.cue] + ([att.source] if att.source else []), ctx.text)
            att.content = [(s, e) for s, e in att.content]
        att.quote_regions = sorted(used)


def _chain_quotes(atts: list[Attribution], ctx: DocContext) -> None:
    """'"...," Clinton said. "We have ..."': a quotation that follows an attribution's sentence
    with nothing but space between continues that attribution."""
    text = ctx.text
    owned = {ri for a in atts for ri in a.quote_regions}
    for att in atts:
        if att.cue_token is None:
            continue
        si = ctx.sent_of[att.cue_token]
        p_end = text.find("\n", ctx.doc[att.cue_token].idx)
        end = max(att.end, min(ctx.sents[si].end_char, len(text) if p_end == -1 else p_end))
        while True:
            ri = ctx.region_at(_skip_space(text, end))
            if ri < 0 or ri in owned:
                break
            qs, qe = ctx.regions[ri]
            if qs != _skip_space(text, end) or text[end:qs].count("\n") > 2:
                break
            if not att.direct(text) and "\n" in text[end:qs]:
                break  # an indirect attribution does not run into the next paragraph's quotation (wrong 85% on train)
            tag = "+chain" + ("P" if "\n" in text[end:qs] else "S") + ("d" if att.direct(text) else "i")
            att.content = _merge(att.content + [(qs, qe)])
            att.quote_regions.append(ri)
            owned.add(ri)
            if "+chain" not in att.derived:
                att.derived += tag
            end = qe
            # a quotation ended by ", she added." keeps the chain going only through its sentence
            sj = ctx.sent_of[min(len(ctx.doc) - 1, _tok_at(ctx, qe - 1))]
            end = max(end, ctx.sents[sj].end_char) if text[qe:ctx.sents[sj].end_char].strip() in ("", ".") else end


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _tok_at(ctx: DocContext, char: int) -> int:
    span = ctx.doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0


# the unclaimed quotations the keep model may drop (those continuing an attribution are kept)
KEEP_CHECKED = ("inline",)
# the speaker model's least probability for the speaker of an unclaimed quotation inside a
# sentence or after a colon (chosen by 2-fold CV on train, with the keep threshold: inline 0 / 0.4 /
# 0.5 / 0.6, colon 0 / 0.4 / 0.6 tried; higher gives more right sources, fewer matches); a quotation
# standing alone needs model.speaker.threshold
SPEAKER_MIN = {"inline": 0.4, "colon": 0.6}
MIN_UNCLAIMED_WORDS = 4  # shorter quotations are mostly titles, names and scare quotes


def _unclaimed_quotes(atts: list[Attribution], ctx: DocContext, model: AttributionModel | None = None) -> list[Attribution]:
    """Quotations of a few words or more that no cue claimed are speech all the same (PolNeAR
    marks them as attributions). One that goes on straight after an attribution keeps its speaker;
    otherwise the speaker is picked by the speaker model (below) when the model has one, else by
    the rules of :func:`_rule_speaker`."""
    text = ctx.text
    owned = {ri for a in atts for ri in a.quote_regions}
    covered = _merge([f for a in atts for f in a.content])
    out: list[Attribution] = []
    for ri, (qs, qe) in enumerate(ctx.regions):
        if ri in owned or _overlaps(covered, qs, qe) > 0.3 * (qe - qs):
            continue
        if len(text[qs:qe].split()) < MIN_UNCLAIMED_WORDS:
            continue
        found = _rule_speaker(ri, ctx, atts)
        if found is None:
            continue
        how, cue, src, lead = found
        p = 0.0
        if how == "continued":
            lead_end = max([lead.end, lead.cue[1]] + ([lead.source[1]] if lead.source else []))
            gap = text[lead_end:qs]
            if lead.direct(text) and any(ch in gap for ch in ".?!"):
                # '"...," Mrs. Clinton said. "It cannot be contained"' (also '"...," said Jock
                # Finlayson, head of policy. Now, "within ..."'): a new sentence of the same speech
                # is one attribution in PolNeAR, as _chain_quotes joins them (train CV: 329 right,
                # 0 wrong; as an attribution of its own it was unmatched 163 times in 358)
                lead.content = _merge(lead.content + [(qs, qe)])
                lead.quote_regions.append(ri)
                if "+chain" not in lead.derived:
                    lead.derived += "+chainC"
                owned.add(ri)
                continue
            out.append(Attribution(cue=None, source=lead.source, content=[(qs, qe)], source_token=lead.source_token,
                                   derived="unclaimed-quotation-continued", quote_regions=[ri]))
            owned.add(ri)
            continue
        if model is not None and model.speaker is not None:
            cands = speaker_candidates(ri, ctx, atts, src, how, model.cue_lemmas)
            scored = [(model.speaker.prob(unclaimed_copy(f)), tok) for tok, f in cands]
            p, best = max(scored, key=lambda x: x[0])
            if how == "alone" and (best is None or p < model.speaker.threshold):
                continue
            if p < SPEAKER_MIN.get(how, 0.0):
                continue  # no candidate likely enough: no attribution beats a wrong speaker
            src = best
        elif how == "alone":
            # a quotation standing alone with no one named for it: the nearest earlier speaker
            # is right too rarely on PolNeAR train (about 1 in 10): no attribution beats a wrong one
            continue
        cue_chars = _cue_chars(cue) if cue is not None else None
        if cue_chars is not None and qs < cue_chars[1] and cue_chars[0] < qe:
            cue_chars = None
        src_chars = None
        if src is not None and not (qs <= src.idx < qe):
            src_chars = _mention_chars(src, text, [(qs, qe)] + ([cue_chars] if cue_chars else []))
        att = Attribution(cue=cue_chars, source=src_chars, content=[(qs, qe)],
                          cue_token=cue.i if cue is not None else None,
                          source_token=src.i if src_chars is not None else None, score=p,
                          derived="unclaimed-quotation-" + how, quote_regions=[ri])
        if how in KEEP_CHECKED and model is not None and model.keep is not None:
            att.keep_score = model.keep.prob(keep_features(att, ctx))
            if att.keep_score < model.keep.threshold:
                continue  # a title, a name, a slogan or a scare quote rather than speech
        out.append(att)
        owned.add(ri)
    return out


_MENTION_ENTS = ("PERSON", "ORG", "NORP", "GPE")
_CAND_PRONOUNS = {"i", "we", "you", "he", "she", "they", "who", "his", "her", "their", "its", "it", "which",
                  "that", "my", "our"}


def _dist(n: int) -> str:
    return "0" if n <= 0 else "1-2" if n <= 2 else "3-6" if n <= 6 else "7-15" if n <= 15 else "16+"


def speaker_candidates(ri: int, ctx: DocContext, atts: list[Attribution], rule_src: Token | None,
                       how: str, cue_lemmas: frozenset[str] | None = None) -> list[tuple[Token | None, list[str]]]:
    """The possible speakers of quotation ``ri`` with their features, for the speaker model: the
    mentions (subjects, names, pronouns, possessors) in the quotation's sentence and the two
    sentences before it in the same or the previous paragraph, the sources of the last two
    attributions before it, and None (no source: a title, a scare quote, "it was dubbed ''...''").
    Features say where a candidate stands (side, distance, sentence), what it is (entity type,
    pronoun, dependency) and how it relates to the quotation (subject of the verb governing it,
    subject of a speech verb, the rules' pick, the last speaker)."""
    doc, text = ctx.doc, ctx.text
    qs, qe = ctx.regions[ri]
    span = doc.char_span(qs, qe, alignment_mode="expand")
    si = ctx.sent_of[span.start]
    first_si = si
    para_breaks = 0
    while first_si > 0 and si - first_si < 2:
        if "\n" in text[ctx.sents[first_si - 1].start_char: ctx.sents[first_si].start_char]:
            para_breaks += 1
        if para_breaks > 1:
            break
        first_si -= 1
    lo, hi = ctx.sents[first_si].start, ctx.sents[si].end
    # the chain of heads above the quotation: a candidate whose head is on it governs the quotation
    governing = set()
    node = span.root
    for _ in range(8):
        governing.add(node.i)
        if node.head.i == node.i:
            break
        node = node.head
    prev_srcs = [a for a in atts if a.source_token is not None and a.end <= qs]
    prev_srcs.sort(key=lambda a: a.end)
    prev_map = {}
    for rank, a in enumerate(reversed(prev_srcs[-2:])):
        prev_map.setdefault(a.source_token, (rank, a.direct(text)))
    ent_root = {}
    for ent in doc.ents:
        if ent.end > lo and ent.start < hi and ent.label_ in _MENTION_ENTS:
            ent_root[ent.root.i] = ent.label_
            for t in ent:
                if t.i != ent.root.i:
                    ent_root.setdefault(t.i, None)
    picked: list[Token] = []
    for tok in doc[lo:hi]:
        if ctx.in_quote[tok.i] >= 0:
            continue
        if tok.i in ent_root and ent_root[tok.i] is None:
            continue  # not the entity's head word
        if (tok.i in ent_root or tok.dep_ in ("nsubj", "nsubjpass", "poss") or tok.lower_ in _CAND_PRONOUNS
                and tok.pos_ == "PRON") and not tok.is_punct:
            picked.append(tok)
    seen = {t.i for t in picked}
    for i in prev_map:
        if i not in seen:
            picked.append(doc[i])
    # the names that spoke before the quotation (the last word of each earlier source mention):
    # a person quoted before is likelier to be quoted again than one only mentioned
    spoke = {}
    for a in sorted(atts, key=lambda a: a.start):
        if a.source is not None and a.source[1] <= qs:
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", text[a.source[0]:a.source[1]]) if w[0].isupper()]
            if words:
                spoke.pop(words[-1].lower(), None)
                spoke[words[-1].lower()] = "yes"
    if spoke:
        spoke[list(spoke)[-1]] = "last"
    para_start = text.rfind("\n", 0, qs) + 1
    para_end = text.find("\n", qe)
    para_end = len(text) if para_end == -1 else para_end
    qpos = ("start" if not text[para_start:qs].strip() else "end" if not any(ch.isalnum() for ch in text[qe:para_end])
            else "mid")
    out: list[tuple[Token | None, list[str]]] = []
    before_rank = sum(1 for t in picked if t.i < span.start)
    after_rank = 0
    words = len(text[qs:qe].split())
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in span)
    caps = sum(1 for t in span if t.is_alpha and t.is_title) / max(1, sum(1 for t in span if t.is_alpha))
    qf = ["how=" + how, "qlen=" + _shape_len(words // 2), "qverb=" + str(has_verb), "qcaps=" + str(caps > 0.6),
          "qpos=" + qpos]
    for tok in sorted(picked, key=lambda t: t.i):
        if tok.i < span.start:
            side = "L"
            d = span.start - tok.i
            order = before_rank = before_rank - 1
        else:
            side = "R"
            d = tok.i - span.end
            order = after_rank
            after_rank += 1
        sj = ctx.sent_of[tok.i]
        loc = "same" if sj == si else "prev" if sj == si - 1 else "prev2" if sj == si - 2 else "far"
        head = tok.head
        hcue = cue_lemmas is not None and head.lemma_.lower() in cue_lemmas
        kind = ent_root.get(tok.i) or ("PRON_" + tok.lower_ if tok.pos_ == "PRON" else tok.pos_)
        f = [
            "kind=" + kind,
            "dep=" + tok.dep_,
            "kind_dep=" + kind + "_" + tok.dep_,
            "loc_side=" + loc + side,
            "dist=" + side + _dist(d),
            "order=" + side + str(min(order, 3)),
            "loc_order=" + loc + side + str(min(order, 3)),
            "how_loc=" + how + "_" + loc + side,
            "names=" + str(_names_someone(tok)),
        ]
        # the quotation's place in its paragraph, whether the candidate hangs on a cue word and
        # whether the name spoke before (the last speaker or earlier)
        ent_words = [t for t in (tok.subtree if tok.pos_ == "PROPN" or tok.i in ent_root else [tok])
                     if t.is_title and t.is_alpha and (t.ent_type_ or t.pos_ == "PROPN")]
        key = ent_words[-1].lower_ if ent_words else None
        f += ["qpos_side=" + qpos + side, "dep_hcue=" + tok.dep_ + "_" + str(hcue),
              "spoke=" + (spoke.get(key, "no") if key else "na"),
              "kind_spoke=" + kind + "_" + (spoke.get(key, "no") if key else "na")]
        if side == "R" and d <= 3:
            f.append("right_after_hcue=" + str(hcue))
        if tok.dep_ in SUBJ_DEPS:
            gov = head.i in governing
            f += ["subj_gov=" + str(gov), "subj_hcue=" + str(hcue), "subj_gov_hcue=" + f"{gov}_{hcue}",
                  "subj_hlemma=" + head.lemma_.lower(), "subj_root=" + str(head.dep_ == "ROOT")]
            if gov:
                f.append("gov_how=" + how)
        if rule_src is not None and tok.i == rule_src.i:
            f += ["rule", "rule_how=" + how]
        if tok.i in prev_map:
            rank, direct = prev_map[tok.i]
            f += [f"prevsrc={rank}", f"prevsrc_direct={rank}_{direct}", f"prevsrc_how={rank}_{how}"]
        out.append((tok, f))
    out.append((None, ["null"] + ["null_" + x for x in qf]))
    return out


def keep_features(att: Attribution, ctx: DocContext) -> list[str]:
    """Features of an unclaimed quotation inside a sentence (with the speaker model's pick) for
    the keep model: is it speech PolNeAR marks, or a title, a name, a slogan on a sign, a scare
    quote?"""
    doc, text = ctx.doc, ctx.text
    qs, qe = ctx.regions[att.quote_regions[0]]
    cue = doc[att.cue_token] if att.cue_token is not None else None
    best, p = att.source_token, att.score
    span = doc.char_span(qs, qe, alignment_mode="expand")
    words = len(text[qs:qe].split())
    alpha = [t for t in span if t.is_alpha]
    caps = sum(1 for t in alpha if t.is_title) / max(1, len(alpha))
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    inner_end = text[qs:qe].rstrip("\"'\u201d\u2019 ")[-1:]
    f = [
        "len=" + _shape_len(words // 2),
        "verb=" + str(any(t.pos_ in ("VERB", "AUX") for t in span)),
        "pron1=" + str(any(t.lower_ in ("i", "we", "my", "our", "me", "us") for t in span)),
        "caps=" + ("hi" if caps > 0.6 else "mid" if caps > 0.3 else "lo"),
        "first_upper=" + str(text[qs + 1: qs + 3].lstrip("'")[:1].isupper()),
        "inner_end=" + (inner_end if inner_end in ".,?!" else "w"),
        "before=" + (before.lower_ if before is not None else "^"),
        "before_pos=" + (before.pos_ if before is not None else "^"),
        "after=" + (after.lower_ if after is not None and after.is_punct else after.pos_ if after is not None else "$"),
        "best=" + ("null" if best is None else "tok"),
        "p=" + str(min(9, int(p * 10))),
    ]
    if cue is not None:
        f.append("cue=" + cue.lemma_.lower())
        f.append("cue_pos=" + cue.pos_)
    root = span.root
    f.append("qdep=" + root.dep_)
    return f


def unclaimed_copy(feats: list[str]) -> list[str]:
    """The features of an unclaimed quotation's candidate, twice: as they are and marked "U:"
    (the speaker model can be trained on all quotations, learning with the "U:" copies what is
    particular to the unclaimed ones)."""
    return feats + ["U:" + f for f in feats]


def _rule_speaker(ri: int, ctx: DocContext, atts: list[Attribution]):
    """(how, cue token, source token, leading attribution) for an unclaimed quotation by the rules,
    or None when the quotation cannot be placed. ``how``: "continued" (goes on straight after an
    attribution), "inline" (inside an author's sentence: the verb governing the quotation is the
    cue, the sentence's subject or the last person named before the quotation the source),
    "colon" (standing alone after "From X writing at the Post:"), "alone" (no one named)."""
    doc, text = ctx.doc, ctx.text
    qs, qe = ctx.regions[ri]
    span = doc.char_span(qs, qe, alignment_mode="expand")
    if span is None or not len(span):
        return None
    para_start = text.rfind("\n", 0, qs) + 1
    alone = text[para_start:qs].strip() == "" or text[max(0, qs - 2):qs].rstrip().endswith(":")
    cue = src = None
    lead = _leading_attribution(atts, ctx, para_start, qs)
    if lead is not None and not alone:
        # "But ''the issue,'' Mr. Holtz-Eakin added, ''is whether ...''": the quotation goes on
        # straight after an attribution (nothing but punctuation between): same speaker
        return "continued", None, None, lead
    if not alone:
        node = span.root
        while node.head.i != node.i and span.start <= node.i < span.end:
            node = node.head
        if not (span.start <= node.i < span.end):
            while node.pos_ not in ("VERB", "AUX", "NOUN") and node.head.i != node.i:
                node = node.head
            cue = node
        # the source: the subject of the sentence, or the last person named before the
        # quotation in it (the governing verb's own subject is right less often on PolNeAR train)
        sent = ctx.sents[ctx.sent_of[span.start]]
        root = sent.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and ctx.in_quote[c.i] < 0), None)
        src = subj if subj is not None and _names_someone(subj) else None
        if src is None:
            for tok in reversed(doc[sent.start: span.start]):
                if tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.lower_ in ("he", "she", "they", "his", "her", "their"):
                    src = tok
                    break
        # a subject that names no one ("The promise to ''...''") still beats nothing
        src = src if src is not None else subj
        return "inline", cue, src, None
    lead_text = text[:qs].rstrip()
    if lead_text.endswith(":"):  # "From Andrea Peyser writing at The New York Post:"
        begin = max(lead_text.rfind("\n") + 1, lead_text.rfind(". ") + 2)
        line = doc.char_span(begin, len(lead_text), alignment_mode="expand")
        if line is not None:
            people = [e for e in line.ents if e.label_ == "PERSON"] or [e for e in line.ents if e.label_ == "ORG"]
            # the subject of the verb the colon closes ("McConnell delivered a blunt message
            # to Trump:"), else the last person named on the line
            verb = doc[line.end - 1]
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and line.start <= verb.head.i < line.end:
                verb = verb.head
            said_by = _source_token(verb, ctx) if verb.pos_ in ("VERB", "AUX") else None
            if said_by is not None and line.start <= said_by.i < line.end and _names_someone(said_by):
                src = said_by
            else:
                src = people[-1].root if people else _source_token(line.root, ctx)
            if src is not None:
                return "colon", None, src, None
    return "alone", None, None, None


def _leading_attribution(atts: list[Attribution], ctx: DocContext, para_start: int, qs: int) -> Attribution | None:
    """The attribution with a cue that ends just before ``qs`` in its paragraph, with no word
    between ('"...," she said, "..."'), or a direct quotation's attribution whose sentence ends
    before ``qs`` with no verb of another clause between ('"...," said Jock Finlayson, head of
    policy. Now, "within the business community ..."')."""
    text = ctx.text
    best = None
    for a in atts:
        if a.cue is None or a.start < para_start:
            continue
        end = max([a.end, a.cue[1]] + ([a.source[1]] if a.source else []))
        if end <= qs and (best is None or end > best[0]):
            best = (end, a)
    if best is None:
        return None
    gap = text[best[0]:qs]
    if not any(ch.isalnum() for ch in gap):
        return best[1]
    stop = max(gap.rfind(". "), gap.rfind("? "), gap.rfind("! "))
    if stop < 0 or not best[1].direct(text) or any(m in gap for m in DOUBLE_MARKS):
        return None
    if not gap[stop + 2:].strip():
        return best[1]  # '"...," Trump added during his appearance on Fox. "With millions ..."'
    tail = ctx.doc.char_span(best[0] + stop + 2, qs, alignment_mode="expand")
    if tail is None or len(tail) > 15 or any(t.pos_ in ("VERB", "AUX") or t.lower_ in _PERSONAL for t in tail):
        return None
    return best[1]


_PERSONAL = {"i", "we", "you", "he", "she", "they", "who"}


def _names_someone(tok: Token) -> bool:
    """Whether a subject can be a speaker: a name, an organisation, a personal pronoun or a noun
    phrase with a name in it ("The promise", "The hall", "It" cannot)."""
    if tok.lower_ in _PERSONAL or tok.pos_ == "PROPN":
        return True
    return any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in tok.subtree)

