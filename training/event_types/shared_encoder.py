"""Could event typing read the framing tagger's encoder pass instead of all-mpnet-base-v2 (issue 19, "one
encoder pass")? This script measures it with the shipped model's cross-validation protocol.

    .venv/bin/python training/event_types/shared_encoder.py                 # layers 0-5, seeds 0-1
    .venv/bin/python training/event_types/shared_encoder.py --layers 2,012 --seeds 0,1,2,3,4
    .venv/bin/python training/event_types/shared_encoder.py --minilm DIR    # the plain all-MiniLM-L6-v2 int8
    .venv/bin/python training/event_types/shared_encoder.py --none          # TF-IDF + cues, no embedding

The framing model (``rasad.models.framing``, fine-tuned all-MiniLM-L6-v2, int8 ONNX) only outputs the
tagger's probabilities; here its graph is edited in memory to also output every layer's hidden states
(``/bert/encoder/layer.K/output/LayerNorm``), so no torch and no re-export are needed. Each snippet is cut
into the tagger's own windows (``windows()``, as at run time), and its word-piece states are mean- and
max-pooled (L2-normalised), the two poolings the shipped model reads from mpnet. The features then replace
the mpnet ones in ``cross_validated_predictions`` (TF-IDF, cues, SVM and head unchanged), and each shuffle
is scored by the shared scorer.

``--minilm DIR`` reads the plain all-MiniLM-L6-v2 int8 model the project shipped before mpnet (a folder
with ``__init__.py``, ``model.int8.onnx`` and ``tokenizer.json``, as
``git show 3b6f353^:src/rasad/models/minilm/<file>`` gives them). Figures: the event-type model card.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from train import DEV, read, score, weighted_f1  # noqa: E402

from rasad.incidents.typing import cross_validated_predictions, cue_features  # noqa: E402

LAYER = "/bert/encoder/layer.{}/output/LayerNorm/LayerNormalization_output_0"


def _norm(v: np.ndarray) -> np.ndarray:
    return v / np.clip(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12, None)


def framing_states(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(mean, max) pooled states of each of the six layers: arrays of shape (6, len(texts), 384)."""
    import onnx
    import onnxruntime as ort

    from rasad.models.framing import BATCH, MODEL_DIR, batch_arrays, load_tokenizer, pieces, windows

    graph = onnx.load(str(MODEL_DIR / "model.int8.onnx"))
    names = [LAYER.format(k) for k in range(6)]
    for name in names:
        graph.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "states.onnx"
        onnx.save(graph, str(path))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    tok = load_tokenizer(MODEL_DIR / "tokenizer.json")
    means = np.zeros((6, len(texts), 384), np.float32)
    maxes = np.zeros_like(means)
    for i, text in enumerate(texts):
        p = pieces(tok, text)
        wins = windows(text, p)
        per_layer: list[list[np.ndarray]] = [[] for _ in names]
        for k in range(0, len(wins), BATCH):
            chunk = wins[k : k + BATCH]
            outs = session.run(names, batch_arrays(p, chunk))
            for layer, out in enumerate(outs):
                per_layer[layer] += [out[r, 1 : e - s + 1] for r, (s, e) in enumerate(chunk)]  # no [CLS]/[SEP]
        for layer, rows in enumerate(per_layer):
            h = np.concatenate(rows) if rows else np.zeros((1, 384), np.float32)
            means[layer, i], maxes[layer, i] = _norm(h.mean(0)), _norm(h.max(0))
    return means, maxes


def plain_minilm(texts: list[str], folder: Path) -> tuple[np.ndarray, np.ndarray]:
    spec = importlib.util.spec_from_file_location("old_minilm", folder / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MiniLMEncoder(folder).pooled(texts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", default="0,1,2,3,4,5", help="layer sets: '2' one layer, '012' concatenated")
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--head-weight", type=float, default=None, help="override the head's weight")
    parser.add_argument("--minilm", type=Path, help="plain all-MiniLM-L6-v2 folder instead of the framing states")
    parser.add_argument("--none", action="store_true", help="no embedding: TF-IDF and cues only")
    args = parser.parse_args()

    ids, texts, labels = read(DEV)
    cues = np.array([cue_features(t) for t in texts], np.float32)
    t0 = time.time()
    variants: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if args.none:
        zero = np.zeros((len(texts), 1), np.float32)
        variants["none"] = (zero, zero)
    elif args.minilm:
        variants["plain-minilm"] = plain_minilm(texts, args.minilm)
    else:
        means, maxes = framing_states(texts)
        for spec in args.layers.split(","):
            layers = [int(c) for c in spec]
            variants[f"framing-layer-{spec}"] = (_norm(np.concatenate([means[k] for k in layers], 1)),
                                                 _norm(np.concatenate([maxes[k] for k in layers], 1)))
    print(f"features: {time.time() - t0:.1f} s for {len(texts)} snippets", flush=True)
    config = {} if args.head_weight is None else {"head_weight": args.head_weight}
    if args.none:
        config["head_weight"] = 0.0
    for name, (mean, maxed) in variants.items():
        figures = []
        for seed in (int(s) for s in args.seeds.split(",")):
            line = score(ids, cross_validated_predictions(texts, labels, dict(config, seed=seed),
                                                          dense=(mean, maxed, cues)))
            figures.append(weighted_f1(line))
            print(f"{name} seed {seed}: {line}", flush=True)
        print(f"{name} {config}: WEIGHTED_F1 mean {np.mean(figures):.4f} over seeds {args.seeds}", flush=True)


if __name__ == "__main__":
    main()
