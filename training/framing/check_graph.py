"""Compare two framing-tagger graphs on real news text: probabilities, decoded spans and CPU time.

    .venv/bin/python training/framing/check_graph.py OLD.onnx NEW.onnx [--articles 50] [--rounds 3]
    .venv/bin/python training/framing/check_graph.py OLD.onnx OLD.onnx --noise   # the yardstick

Both graphs run through :class:`rasad.models.framing.FramingModel` exactly as the pipeline runs them
(same windows, batches of 16, two threads, no spinning), over the first N PTC training articles
(``../shared/eval/framing/train``, the bench's news texts; only the texts are read). Prints the largest
and mean absolute difference of p(B), p(I) and the technique probabilities over real word pieces, the
share of articles whose decoded spans (start, end, technique) are identical, the spans only one side
has, and the process CPU time per window of each graph, alternating old and new ``--rounds`` times.

``--noise`` runs NEW with onnxruntime's basic graph optimisations instead of all of them: the same
weights and operators, only fused and rounded differently. The int8 graph quantises activations with one
scale per batch tensor, so a float rounding that moves a value across a rounding step moves the
probabilities downstream; that comparison shows how far outputs move from rounding alone.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from rasad.config import SHARED_DIR
from rasad.models.framing import FramingModel, decode_spans, pieces, windows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--articles", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--noise", action="store_true", help="NEW with basic graph optimisations only")
    args = ap.parse_args()
    paths = sorted((SHARED_DIR / "eval" / "framing" / "train").glob("article*.txt"))[: args.articles]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    models = {k: FramingModel(onnx_path=Path(v), threads=args.threads) for k, v in (("old", args.old), ("new", args.new))}
    old, new = models["old"], models["new"]
    if args.noise:
        import onnxruntime as ort

        options = new.session.get_session_options()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        new.session = ort.InferenceSession(str(new.path), options, providers=["CPUExecutionProvider"])
    diffs, same, only_old, only_new, n_spans = [], 0, 0, 0, 0
    for text in texts:
        p = pieces(old.tok, text)
        if len(p.ids) == 0:
            continue
        a, b = old.probs(text, p), new.probs(text, p)
        diffs.append(np.abs(a - b))
        sa = {(r.start, r.end, r.technique) for r in decode_spans(text, p, a, old.decoding)}
        sb = {(r.start, r.end, r.technique) for r in decode_spans(text, p, b, new.decoding)}
        same += sa == sb
        only_old += len(sa - sb)
        only_new += len(sb - sa)
        n_spans += len(sa)
    d = np.concatenate(diffs)
    print(f"{len(texts)} articles, {len(d)} word pieces, {n_spans} spans (old graph)")
    for name, cols in (("p(B)", [0]), ("p(I)", [1]), ("techniques", list(range(2, d.shape[1])))):
        print(f"  {name:11s} max abs diff {d[:, cols].max():.2e}  mean {d[:, cols].mean():.2e}")
    print(f"  identical spans: {same}/{len(texts)} articles; spans only in old {only_old}, only in new {only_new}")

    n_windows = sum(len(windows(t, pieces(old.tok, t))) for t in texts)
    cpu = {"old": [], "new": []}
    for _ in range(args.rounds):
        for key in ("old", "new"):
            model = models[key]
            start = time.process_time()
            for text in texts:
                model.probs(text, pieces(model.tok, text))
            cpu[key].append(1000 * (time.process_time() - start) / n_windows)
    for key in ("old", "new"):
        print(f"  {key}: CPU ms per window {min(cpu[key]):.2f} .. {max(cpu[key]):.2f} ({n_windows} windows, "
              f"{args.rounds} rounds alternating)")
    print(f"  load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
