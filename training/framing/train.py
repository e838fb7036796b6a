"""Train and cross-validate Rasad's framing head (PTC propaganda techniques, 14 labels).

Runs in the main venv: numpy, tokenizers and onnxruntime (no torch). The base encoder is the shared
all-MiniLM-L6-v2 ONNX int8 model under src/rasad/models/minilm (frozen).

    python training/framing/train.py prepare   # word pieces, windows, labels -> $FRAMING_WORK/data.npz
    python training/framing/train.py cache     # the base encoder over every window, once -> hidden.npy
    python training/framing/train.py cv        # 5 folds by article: out-of-fold probabilities + fold heads
    python training/framing/train.py spans     # span-level technique classifier: 5 fold models + shipped one
    python training/framing/tune.py            # decoding thresholds on the OOF probs + the scorer's figures
    python training/framing/train.py final     # head on all articles -> src/rasad/models/framing/head.npz

The head: for every word piece, features = [its encoder vector, the mean of the 2 pieces either
side, the mean of its window] (rasad.models.framing.features), and one linear map to 17 outputs
(O/B/I of a technique-agnostic span + 14 techniques) fitted by ridge regression on the one-hot
targets. Why ridge and not fine-tuning: the machine has 2 CPU cores shared by 8 jobs; fine-tuning
even a one-layer transformer head measured ~10 s per batch here (hours per fold), while ridge needs
one pass to accumulate X'X and X'Y, and each fold's model is the total minus that fold's sums.

Folds: articles sorted by id, fold = position % 5 (deterministic, split by article).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from rasad.models.framing import (  # noqa: E402
    MAX_PIECES,
    N_FEATURES,
    N_OUT,
    TECHNIQUES,
    batch_arrays,
    features,
    head_probs,
    load_tokenizer,
    span_features,
    pieces,
    windows,
)

GOLD = Path(os.environ.get("FRAMING_GOLD", ROOT.parent / "shared" / "eval" / "framing" / "train"))
WORK = Path(os.environ.get("FRAMING_WORK", "/tmp/rasad-framing-work"))  # caches, not in the repo
OUT_DIR = ROOT / "src" / "rasad" / "models" / "framing"
FOLDS_DIR = OUT_DIR / "folds"  # the 5 cross-validation heads (for `rasad eval framing`)
LAMBDAS = (10.0, 100.0, 1000.0, 10000.0)  # ridge penalties tried; the best by token-level CV is kept
FOLDS = 5
SEED = 13
WIDTH = MAX_PIECES + 2
THREADS = int(os.environ.get("FRAMING_THREADS", "2"))
VERSION = "framing-minilm-ridge-0.1.0"


def read_articles() -> tuple[list[str], dict[str, str], dict[str, list[tuple[str, int, int]]]]:
    ids = sorted(p.name[len("article") : -4] for p in GOLD.glob("article*.txt"))
    texts = {}
    for aid in ids:
        with open(GOLD / f"article{aid}.txt", encoding="utf-8", newline="") as f:
            texts[aid] = f.read()
    labels: dict[str, list[tuple[str, int, int]]] = {aid: [] for aid in ids}
    with open(GOLD / "labels.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            if not line.strip():
                continue
            aid, tech, s, e = line.rstrip("\n").split("\t")
            labels[aid].append((tech, int(s), int(e)))
    return ids, texts, labels


def fold_of(ids: list[str]) -> dict[str, int]:
    return {aid: i % FOLDS for i, aid in enumerate(ids)}


def merge(iv):
    out = []
    for s, e in sorted(iv):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def prepare() -> None:
    """Word pieces and windows for every article, with per-piece labels:
    bio (0 = O, 1 = B, 2 = I of a merged technique-agnostic span) and tech (14 multi-hot)."""
    WORK.mkdir(parents=True, exist_ok=True)
    ids, texts, labels = read_articles()
    tok = load_tokenizer(OUT_DIR / "tokenizer.json")  # = the MiniLM tokenizer, copied unchanged
    rows_ids, rows_mask, rows_bio, rows_tech, rows_art, rows_pos = [], [], [], [], [], []
    piece_index = {}  # article -> (offset into the flat piece arrays, n)
    flat_off, flat_words, flat_bio, flat_tech = [], [], [], []
    total = 0
    for ai, aid in enumerate(ids):
        text = texts[aid]
        p = pieces(tok, text)
        n = len(p.ids)
        bio = np.zeros(n, dtype=np.int8)
        tech = np.zeros((n, len(TECHNIQUES)), dtype=np.int8)
        starts, ends = p.offsets[:, 0], p.offsets[:, 1]
        for s, e in merge([(s, e) for _t, s, e in labels[aid]]):
            inside = np.nonzero((starts < e) & (ends > s))[0]
            if len(inside):
                bio[inside] = 2
                bio[inside[0]] = 1
        for t, s, e in labels[aid]:
            inside = np.nonzero((starts < e) & (ends > s))[0]
            tech[inside, TECHNIQUES.index(t)] = 1
        piece_index[aid] = (total, n)
        total += n
        flat_off.append(p.offsets)
        flat_words.append(p.words)
        flat_bio.append(bio)
        flat_tech.append(tech)
        for s, e in windows(text, p):
            arr = batch_arrays(p, [(s, e)])
            ids_row = np.zeros(WIDTH, dtype=np.int32)
            mask_row = np.zeros(WIDTH, dtype=np.int8)
            k = e - s + 2
            ids_row[:k] = arr["input_ids"][0]
            mask_row[:k] = 1
            bio_row = np.full(WIDTH, -100, dtype=np.int16)
            bio_row[1 : e - s + 1] = bio[s:e]
            tech_row = np.zeros((WIDTH, len(TECHNIQUES)), dtype=np.int8)
            tech_row[1 : e - s + 1] = tech[s:e]
            rows_ids.append(ids_row)
            rows_mask.append(mask_row)
            rows_bio.append(bio_row)
            rows_tech.append(tech_row)
            rows_art.append(ai)
            rows_pos.append((piece_index[aid][0] + s, e - s))
    np.savez_compressed(
        WORK / "data.npz",
        ids=np.stack(rows_ids),
        mask=np.stack(rows_mask),
        bio=np.stack(rows_bio),
        tech=np.stack(rows_tech),
        art=np.asarray(rows_art, dtype=np.int32),
        pos=np.asarray(rows_pos, dtype=np.int64),
        flat_off=np.concatenate(flat_off),
        flat_words=np.concatenate(flat_words),
        flat_bio=np.concatenate(flat_bio),
        flat_tech=np.concatenate(flat_tech),
    )
    (WORK / "articles.json").write_text(
        json.dumps({"ids": ids, "piece_index": piece_index}), encoding="utf-8"
    )
    bio_all = np.concatenate(flat_bio)
    print(f"{len(ids)} articles, {total} pieces, {len(rows_ids)} windows, inside-span share {np.mean(bio_all > 0):.3f}")


BASE = ROOT / "src" / "rasad" / "models" / "minilm" / "model.int8.onnx"  # the shared, frozen encoder


def cache() -> None:
    """The shared base encoder's output (rasad.models.minilm, ONNX int8, frozen) for every window,
    computed once with onnxruntime - exactly what the run time feeds the framing head."""
    import onnxruntime as ort

    d, _ = load_data()
    so = ort.SessionOptions()
    so.intra_op_num_threads = THREADS
    sess = ort.InferenceSession(str(BASE), so, providers=["CPUExecutionProvider"])
    n = len(d["ids"])
    out = np.lib.format.open_memmap(WORK / "hidden.npy", mode="w+", dtype=np.float16, shape=(n, WIDTH, 384))
    t0 = time.time()
    for k in range(0, n, 16):
        ids = d["ids"][k : k + 16].astype(np.int64)
        mask = d["mask"][k : k + 16].astype(np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        out[k : k + 16] = sess.run(["last_hidden_state"], feed)[0].astype(np.float16)
        if k % 640 == 0:
            print(f"  cached {k}/{n} windows, {time.time() - t0:.0f}s", flush=True)
    out.flush()
    (WORK / "hidden.sha256").write_text(sha256(BASE), encoding="utf-8")
    print(f"cached base-encoder states of {n} windows in {time.time() - t0:.0f}s")


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_data():
    d = np.load(WORK / "data.npz")
    meta = json.loads((WORK / "articles.json").read_text(encoding="utf-8"))
    return d, meta


def _blocks(rows: np.ndarray, size: int = 64):
    for k in range(0, len(rows), size):
        yield rows[k : k + size]


def _xy(hidden, d, idx):
    """Features and targets of the real word pieces (not [CLS]/[SEP]/padding) of some windows."""
    mask = d["mask"][idx].astype(np.float32)
    x = features(np.asarray(hidden[idx], dtype=np.float32), mask)
    bio = d["bio"][idx]
    valid = bio != -100
    y = np.zeros(bio.shape + (N_OUT,), np.float32)
    y[..., 0] = bio == 0
    y[..., 1] = bio == 1
    y[..., 2] = bio == 2
    y[..., 3:] = d["tech"][idx]
    return x[valid], y[valid]


def accumulate(hidden, d, rows):
    xtx = np.zeros((N_FEATURES, N_FEATURES), np.float64)
    xty = np.zeros((N_FEATURES, N_OUT), np.float64)
    for idx in _blocks(rows):
        x, y = _xy(hidden, d, idx)
        xtx += x.T @ x
        xty += x.T @ y
    return xtx, xty


def solve(xtx, xty, lam):
    reg = lam * np.eye(N_FEATURES)
    reg[-1, -1] = 0.0  # no penalty on the bias
    return np.linalg.solve(xtx + reg, xty).astype(np.float32)


def predict_probs(hidden, d, rows, w) -> np.ndarray:
    out = np.zeros((len(rows), WIDTH, 2 + len(TECHNIQUES)), np.float32)
    for k, idx in enumerate(_blocks(rows)):
        x = features(np.asarray(hidden[idx], dtype=np.float32), d["mask"][idx].astype(np.float32))
        scores = x @ w
        out[k * 64 : k * 64 + len(idx)] = head_probs(scores.reshape(-1, N_OUT)).reshape(len(idx), WIDTH, -1)
    return out


def cv() -> None:
    """5-fold cross-validation by article: out-of-fold probabilities for every window, the ridge
    penalty chosen by token-level inside-span F1 on them, and the five fold heads saved for
    `rasad eval framing`."""
    d, meta = load_data()
    hidden = np.load(WORK / "hidden.npy", mmap_mode="r")
    folds = fold_of(meta["ids"])
    art_fold = np.asarray([folds[a] for a in meta["ids"]])[d["art"]]
    t0 = time.time()
    sums = [accumulate(hidden, d, np.nonzero(art_fold == f)[0]) for f in range(FOLDS)]
    print(f"accumulated X'X and X'Y per fold in {time.time() - t0:.0f}s", flush=True)
    xtx_all = sum(s[0] for s in sums)
    xty_all = sum(s[1] for s in sums)
    best = None
    for lam in LAMBDAS:
        oof = np.zeros((len(d["ids"]), WIDTH, 2 + len(TECHNIQUES)), np.float32)
        heads = []
        for f in range(FOLDS):
            w = solve(xtx_all - sums[f][0], xty_all - sums[f][1], lam)
            te = np.nonzero(art_fold == f)[0]
            oof[te] = predict_probs(hidden, d, te, w)
            heads.append(w)
        valid = d["bio"] != -100
        inside_p = (oof[..., 0] + oof[..., 1])[valid]
        inside_y = d["bio"][valid] > 0
        f1 = max(_f1(inside_p >= t, inside_y) for t in np.arange(0.1, 0.8, 0.05))
        print(f"lambda={lam:g}: best token-level inside-span F1 {f1:.4f}", flush=True)
        if best is None or f1 > best[0]:
            best = (f1, lam, oof, heads)
    _f1_best, lam, oof, heads = best
    np.save(WORK / "oof_probs.npy", oof)
    FOLDS_DIR.mkdir(parents=True, exist_ok=True)
    for f, w in enumerate(heads):
        np.savez_compressed(FOLDS_DIR / f"head.fold{f}.npz", weights=w)
    write_fold_map(meta["ids"], folds, lam)
    print(f"lambda {lam:g}; wrote {WORK / 'oof_probs.npy'} and {FOLDS_DIR}/head.fold*.npz")


def _f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred & gold).sum())
    return 2 * tp / max(1.0, float(pred.sum() + gold.sum()))


def write_fold_map(ids, folds, lam) -> None:
    """sha256 of each training article's text -> its fold, so `rasad eval framing` can predict every
    training article with the fold head that did not see it (texts' hashes only; no labels)."""
    import hashlib

    fmap = {hashlib.sha256((GOLD / f"article{aid}.txt").read_bytes()).hexdigest(): folds[aid] for aid in ids}
    doc = {"folds": FOLDS, "rule": "articles sorted by id, fold = position % 5", "lambda": lam, "sha256_to_fold": fmap}
    (FOLDS_DIR / "folds.json").write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")


def final() -> None:
    """The head on all training articles (the penalty chosen by `cv`) -> head.npz + labels.json."""
    d, _ = load_data()
    hidden = np.load(WORK / "hidden.npy", mmap_mode="r")
    lam = json.loads((FOLDS_DIR / "folds.json").read_text(encoding="utf-8"))["lambda"]
    xtx, xty = accumulate(hidden, d, np.arange(len(d["ids"])))
    w = solve(xtx, xty, lam)
    np.savez_compressed(OUT_DIR / "head.npz", weights=w)
    labels_path = OUT_DIR / "labels.json"
    meta = json.loads(labels_path.read_text(encoding="utf-8")) if labels_path.exists() else {}
    meta.update({
        "version": VERSION,
        "techniques": TECHNIQUES,
        "outputs": ["O", "B", "I"] + TECHNIQUES,
        "head": "ridge regression on [piece, +-2 context mean, window mean] MiniLM features",
        "lambda": lam,
        "max_pieces": MAX_PIECES,
        "trained_on": "PTC v2 training split, 371 articles (../shared/eval/framing/train)",
        "base_encoder": "rasad/models/minilm/model.int8.onnx",
        "base_encoder_sha256": (WORK / "hidden.sha256").read_text(encoding="utf-8").strip(),
    })
    labels_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT_DIR / 'head.npz'} (lambda {lam:g})")


def span_data():
    """Per piece of every article: its encoder vector and its window's mean vector (float16, flat,
    as rasad.models.framing.features computes them) - saved for tune.py - and the span features
    and technique of every gold span."""
    d, meta = load_data()
    hidden = np.load(WORK / "hidden.npy", mmap_mode="r")
    n_flat = len(d["flat_words"])
    vec = np.lib.format.open_memmap(WORK / "vec_flat.npy", mode="w+", dtype=np.float16, shape=(n_flat, 384))
    ctx = np.lib.format.open_memmap(WORK / "ctx_flat.npy", mode="w+", dtype=np.float16, shape=(n_flat, 384))
    for idx in _blocks(np.arange(len(d["ids"]))):
        feats = features(np.asarray(hidden[idx], dtype=np.float32), d["mask"][idx].astype(np.float32))
        for r, row in enumerate(idx):
            start, n = d["pos"][row]
            vec[start : start + n] = feats[r, 1 : n + 1, :384]
            ctx[start : start + n] = feats[r, 1 : n + 1, 768:1152]
    vec.flush()
    ctx.flush()
    ids, _texts, labels = read_articles()
    xs, ys, arts = [], [], []
    for ai, aid in enumerate(ids):
        s0, n = meta["piece_index"][aid]
        off = d["flat_off"][s0 : s0 + n]
        v = np.asarray(vec[s0 : s0 + n], dtype=np.float32)
        c = np.asarray(ctx[s0 : s0 + n], dtype=np.float32)
        for tech, s, e in labels[aid]:
            inside = np.nonzero((off[:, 0] < e) & (off[:, 1] > s))[0]
            if not len(inside):
                continue
            xs.append(span_features(v, c, int(inside[0]), int(inside[-1]) + 1))
            ys.append(TECHNIQUES.index(tech))
            arts.append(ai)
    return np.stack(xs), np.asarray(ys), np.asarray(arts), meta


def fit_classifier(x, y, c):
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0) + 1e-6
    clf = LogisticRegression(C=c, max_iter=500)
    clf.fit((x - mean) / scale, y)
    coef = np.zeros((len(TECHNIQUES), x.shape[1]), np.float32)
    intercept = np.full(len(TECHNIQUES), -1e4, np.float32)  # a technique never seen stays impossible
    coef[clf.classes_] = clf.coef_
    intercept[clf.classes_] = clf.intercept_
    return {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32), "coef": coef, "intercept": intercept}


def spans() -> None:
    """The span-level technique classifier: 5 fold models (for CV and `rasad eval framing`) and one
    on all gold spans (shipped as techniques.npz). C chosen by out-of-fold accuracy on gold spans."""
    x, y, arts, meta = span_data()
    folds = fold_of(meta["ids"])
    fold = np.asarray([folds[a] for a in meta["ids"]])[arts]
    best = None
    for c in (0.003, 0.01, 0.03):  # C=0.1 took several minutes per fold set here (lbfgs); not tried further
        correct, models = 0, []
        for f in range(FOLDS):
            m = fit_classifier(x[fold != f], y[fold != f], c)
            z = ((x[fold == f] - m["mean"]) / m["scale"]) @ m["coef"].T + m["intercept"]
            correct += int((z.argmax(1) == y[fold == f]).sum())
            models.append(m)
        acc = correct / len(y)
        print(f"C={c}: out-of-fold technique accuracy on gold spans {acc:.4f}", flush=True)
        if best is None or acc > best[0]:
            best = (acc, c, models)
    acc, c, models = best
    for f, m in enumerate(models):
        np.savez_compressed(FOLDS_DIR / f"techniques.fold{f}.npz", **m)
    np.savez_compressed(OUT_DIR / "techniques.npz", **fit_classifier(x, y, c))
    info = json.loads((FOLDS_DIR / "folds.json").read_text(encoding="utf-8"))
    info["technique_C"] = c
    info["technique_oof_accuracy_on_gold_spans"] = round(acc, 4)
    (FOLDS_DIR / "folds.json").write_text(json.dumps(info, indent=0) + "\n", encoding="utf-8")
    print(f"C={c}: wrote {OUT_DIR / 'techniques.npz'} and the fold classifiers")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    {"prepare": prepare, "cache": cache, "cv": cv, "final": final, "spans": spans}[cmd]()
