"""``rasad eval framing [GOLD_DIR] [--out PRED.tsv]``: propaganda-technique spans on PTC.

Reads only the ``article{ID}.txt`` texts of GOLD_DIR (default ../shared/eval/framing/train), runs
the framing detector exactly as the ``rasad_framing`` component does (learned model + exact
repetition rules), writes ``article_id<TAB>technique<TAB>start<TAB>end`` lines and runs
../shared/eval/framing/score.py as it is. Returns the scorer's last line.

Cross-validation, because the only PTC data we have is the training set: the shipped head was
trained on all 371 training articles, so scoring it on them would measure memory, not skill. Each
article whose text (sha256 of its bytes) is one of the training articles is therefore predicted by
the head *and* the technique classifier of the cross-validation fold that held it out
(``src/rasad/models/framing/folds/``: five of each, trained on the other four fifths by
``training/framing/train.py cv`` and ``spans``; the fold map stores text hashes only, never labels). Any other article is predicted by the shipped head.
So on the training folder the figures are 5-fold cross-validated; on new data they are plain.
A check of the shipped head alone: ``run(gold, out, cross_validated=False)`` (on the training folder that
measures fit to seen data, not skill).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from rasad.config import SHARED_DIR

DEFAULT_GOLD = SHARED_DIR / "eval" / "framing" / "train"
SCORER = SHARED_DIR / "eval" / "framing" / "score.py"
ARTICLE = re.compile(r"^article(\d+)\.txt$")


def _fold_models():
    """fold -> FramingModel with that fold's head and technique classifier, plus the text-hash -> fold map."""
    from rasad.models.framing import MODEL_DIR, FramingModel

    folds_dir = MODEL_DIR / "folds"
    info = json.loads((folds_dir / "folds.json").read_text(encoding="utf-8"))
    models = {
        f: FramingModel(head_file=f"folds/head.fold{f}.npz", classifier_file=f"folds/techniques.fold{f}.npz")
        for f in range(int(info["folds"]))
    }
    return models, info["sha256_to_fold"]


def predict(folder: Path, cross_validated: bool = True) -> tuple[list[tuple[str, str, int, int]], dict[str, int]]:
    from rasad.analysis.framing import framing_spans, get_model

    models, fold_of = _fold_models() if cross_validated else ({}, {})
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
        f"framing: {used['fold']} article(s) predicted by their held-out fold head, "
        f"{used['shipped']} by the shipped head; predictions in {out}",
        file=sys.stderr,
    )
    res = subprocess.run([sys.executable, str(SCORER), str(folder), str(out)], capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"scorer failed: {res.stderr.strip()}")
    return res.stdout.strip().splitlines()[-1]
