"""``rasad eval event-types GOLD.tsv [--out PRED.tsv]``: event typing on CASE 2021 snippets.

Reads ``id`` and ``text`` of GOLD (never its labels) and writes ``id<TAB>label`` predictions, then runs
../shared/eval/event-types/score.py as is and returns its last line.

The shipped model was trained on all of ``dev.tsv``. Scoring it on the snippets it learned from would
say nothing, so a snippet that is in the training data is predicted by **cross-validation**: 5-fold
stratified, each snippet's label comes from a model trained on the other four folds of the training
file (the training file's labels are the model's training data; the GOLD file's labels are never
read); the encoder is not fine-tuned, so it has learned nothing from these labels. Snippets not in the
training data get the shipped model's prediction. When GOLD is dev.tsv
itself, every prediction is therefore cross-validated; the line says which mode ran.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from rasad.config import SHARED_DIR

DEFAULT_GOLD = SHARED_DIR / "eval" / "event-types" / "dev.tsv"
TRAIN = SHARED_DIR / "eval" / "event-types" / "dev.tsv"
SCORER = SHARED_DIR / "eval" / "event-types" / "score.py"


def _rows(path: Path, with_labels: bool) -> list[tuple[str, ...]]:
    csv.field_size_limit(10_000_000)
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        out = []
        for n, row in enumerate(reader):
            if n == 0 and row[:2] == ["id", "text"]:
                continue
            if len(row) < 2:
                continue
            out.append((row[0], row[1], row[-1]) if with_labels else (row[0], row[1]))
    return out


def predict_file(gold: Path) -> tuple[list[tuple[str, str]], int, int]:
    """[(id, label)], number cross-validated, number from the shipped model."""
    from rasad.incidents.typing import cross_validated_predictions, predict_types, text_hash

    rows = _rows(gold, with_labels=False)
    texts = [t for _, t in rows]
    preds: dict[int, str] = {}
    train = _rows(TRAIN, with_labels=True) if TRAIN.exists() else []
    if not train:
        # without the training file the snippets the shipped model learned from cannot be told apart: say so,
        # since a figure on them would be a training-set figure, not a held-out one
        print(f"# training file {TRAIN} not found: every snippet predicted by the shipped model, none "
              "cross-validated (a figure on the model's own training snippets is not held-out)", file=sys.stderr)
    train_index = {text_hash(t): i for i, (_, t, _) in enumerate(train)}
    seen = [i for i, t in enumerate(texts) if text_hash(t) in train_index]
    if seen:
        train_texts = [t for _, t, _ in train]
        cv = cross_validated_predictions(train_texts, [lab for _, _, lab in train])
        for i in seen:
            preds[i] = cv[train_index[text_hash(texts[i])]]
    unseen = [i for i in range(len(texts)) if i not in preds]
    if unseen:
        for i, label in zip(unseen, predict_types([texts[i] for i in unseen])):
            preds[i] = label
    return [(rows[i][0], preds[i]) for i in range(len(rows))], len(seen), len(unseen)


def run(gold: Path | None, out: Path | None) -> str:
    gold = Path(gold) if gold else DEFAULT_GOLD
    if not gold.exists():
        return f"gold file {gold} not found"
    pairs, n_cv, n_model = predict_file(gold)
    out = Path(out) if out else Path("event-types-pred.tsv")
    out.write_text("id\tlabel\n" + "".join(f"{i}\t{label}\n" for i, label in pairs), encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCORER), str(gold), str(out)], capture_output=True, text=True,
                            check=False)
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    print(f"# {n_cv} snippets cross-validated (5-fold, in the training data), {n_model} by the shipped model",
          file=sys.stderr)
    return lines[-1] if lines else (result.stderr.strip() or "scorer printed nothing")
