"""Prepare the PTC training data for the framing tagger (training/framing/finetune.py) and write the
cross-validation fold map.

Runs in the main venv (numpy, tokenizers; no torch):

    python training/framing/train.py prepare   # word pieces, windows, labels -> $FRAMING_WORK/data.npz
    python training/framing/train.py foldmap   # sha256 of each article text -> its fold: src/rasad/models/framing/folds.json

then, in the training venv, ``finetune.py fold 0..4``, ``finetune.py oof``, ``tune.py`` (main venv) and
``finetune.py final`` (see docs/framing.md).

Folds: articles sorted by id, fold = position % 5 (deterministic, split by article).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from rasad.models.framing import MAX_PIECES, TECHNIQUES, batch_arrays, load_tokenizer, pieces, windows  # noqa: E402

GOLD = Path(os.environ.get("FRAMING_GOLD", ROOT.parent / "shared" / "eval" / "framing" / "train"))
WORK = Path(os.environ.get("FRAMING_WORK", "/tmp/rasad-framing-work"))  # caches, not in the repo
OUT_DIR = ROOT / "src" / "rasad" / "models" / "framing"
FOLDS = 5
WIDTH = MAX_PIECES + 2


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


def foldmap() -> None:
    """sha256 of each training article's text -> its fold, so `rasad eval framing` can predict every
    training article with the fold model that did not see it (texts' hashes only; no labels)."""
    import hashlib

    ids, _texts, _labels = read_articles()
    folds = fold_of(ids)
    fmap = {hashlib.sha256((GOLD / f"article{aid}.txt").read_bytes()).hexdigest(): folds[aid] for aid in ids}
    doc = {"folds": FOLDS, "rule": "articles sorted by id, fold = position % 5", "sha256_to_fold": fmap}
    (OUT_DIR / "folds.json").write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT_DIR / 'folds.json'} ({len(fmap)} articles)")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    {"prepare": prepare, "foldmap": foldmap}[cmd]()
