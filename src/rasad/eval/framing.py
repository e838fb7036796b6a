"""``rasad eval framing [GOLD_DIR] [--out PRED.tsv]``: propaganda-technique spans on PTC.

Reads only the ``article{ID}.txt`` texts of GOLD_DIR (default ../shared/eval/framing/train), runs
the framing detector exactly as the ``rasad_framing`` component does (learned model + exact
repetition rules), writes ``article_id<TAB>technique<TAB>start<TAB>end`` lines and runs
../shared/eval/framing/score.py as it is. Returns the scorer's last line.

Cross-validation, because the only PTC data we have is the training set: the shipped model was
fine-tuned on all 371 training articles, so scoring it on them would measure memory, not skill. Each
article whose text (sha256 of its bytes) is one of the training articles is therefore predicted by the
model of the cross-validation fold that held it out (five models fine-tuned on the other four fifths by
``training/framing/finetune.py fold N``, 23 MB each, kept outside the repository in $RASAD_FRAMING_FOLDS;
the fold map ``src/rasad/models/framing/folds.json`` stores text hashes only, never labels). Without the
fold models the command refuses rather than score the shipped model on its own training data. Any other
article is predicted by the shipped model, so on new data the figures are plain. A check of the shipped
model alone: ``run(gold, out, cross_validated=False)`` (on the training folder that measures fit to seen
data, not skill).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from rasad.config import SHARED_DIR

DEFAULT_GOLD = SHARED_DIR / "eval" / "framing" / "train"
SCORER = SHARED_DIR / "eval" / "framing" / "score.py"
ARTICLE = re.compile(r"^article(\d+)\.txt$")


FOLD_ONNX_DIR = Path(os.environ.get("RASAD_FRAMING_FOLDS", "/tmp/rasad-framing-work/ft"))


def _fold_models():
    """fold -> the model of that cross-validation fold, plus the text-hash -> fold map.

    The five fold models are ONNX files of 23 MB each, too big to ship: they are read from
    $RASAD_FRAMING_FOLDS (default /tmp/rasad-framing-work/ft, where training/framing/finetune.py writes
    them)."""
    from rasad.models.framing import MODEL_DIR, FramingModel

    info = json.loads((MODEL_DIR / "folds.json").read_text(encoding="utf-8"))
    folds = range(int(info["folds"]))
    missing = [f for f in folds if not (FOLD_ONNX_DIR / f"fold{f}.int8.onnx").exists()]
    if missing:
        raise FileNotFoundError(
            f"the cross-validation fold model fold{missing[0]}.int8.onnx is not in {FOLD_ONNX_DIR}: the shipped "
            "model was trained on every PTC training article, so scoring it on them would measure memory, not "
            "skill. Build the fold models with training/framing/sweep_gpu.py on a GPU (minutes) or finetune.py on a CPU "
            "(about 70 minutes a fold; docs/framing.md) "
            "or point RASAD_FRAMING_FOLDS at them."
        )
    models = {f: FramingModel(onnx_path=FOLD_ONNX_DIR / f"fold{f}.int8.onnx") for f in folds}
    return models, info["sha256_to_fold"]


def training_articles(folder: Path) -> int:
    """How many articles of the folder are PTC training articles (by the sha256 of their text)."""
    from rasad.models.framing import MODEL_DIR

    known = json.loads((MODEL_DIR / "folds.json").read_text(encoding="utf-8"))["sha256_to_fold"]
    return sum(
        hashlib.sha256(path.read_bytes()).hexdigest() in known for path in folder.iterdir() if ARTICLE.match(path.name)
    )


def predict(folder: Path, cross_validated: bool = True) -> tuple[list[tuple[str, str, int, int]], dict[str, int]]:
    from rasad.analysis.framing import framing_spans, get_model

    models, fold_of = _fold_models() if cross_validated and training_articles(folder) else ({}, {})
    rows: list[tuple[str, str, int, int]] = []
    used = {"fold": 0, "shipped": 0}
    for path in sorted(folder.iterdir()):
        m = ARTICLE.match(path.name)
        if not m:
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        fold = fold_of.get(hashlib.sha256(raw).hexdigest())
        model = models[fold] if fold is not None else get_model()
        used["fold" if fold is not None else "shipped"] += 1
        for f in framing_spans(text, model=model):
            rows.append((m.group(1), f.technique, f.start, f.end))
    return rows, used


def run(gold: Path | None, out: Path | None, cross_validated: bool = True) -> str:
    folder = Path(gold) if gold else DEFAULT_GOLD
    if folder.is_file():  # labels.tsv given directly: the articles sit beside it
        folder = folder.parent
    if not (folder / "labels.tsv").exists():
        raise FileNotFoundError(f"{folder / 'labels.tsv'} not found (PTC data lives in ../shared/eval/framing)")
    rows, used = predict(folder, cross_validated=cross_validated)
    if out is None:
        out = Path(tempfile.mkdtemp(prefix="rasad-framing-")) / "predictions.tsv"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("article_id\ttechnique\tstart\tend\n")
        for aid, tech, s, e in rows:
            f.write(f"{aid}\t{tech}\t{s}\t{e}\n")
    print(
        f"framing: {used['fold']} article(s) predicted by their held-out fold model, "
        f"{used['shipped']} by the shipped model; predictions in {out}",
        file=sys.stderr,
    )
    res = subprocess.run([sys.executable, str(SCORER), str(folder), str(out)], capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"scorer failed: {res.stderr.strip()}")
    return res.stdout.strip().splitlines()[-1]
