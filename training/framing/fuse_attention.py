"""Rebuild the framing tagger's int8 graph with each self-attention as one fused QAttention operator.

    .venv/bin/python training/framing/fuse_attention.py SRC.onnx DST.onnx

SRC is the graph ``torch.onnx.export`` + ``quantize_dynamic`` (QInt8, per channel) made for the tagger
(training/framing/finetune.py). Its attention is some twenty small operators per layer, the transformers
SDPA export: query and key each scaled by d**-0.25, a float mask built from attention_mask with
Where/And/Expand and added to the scores, a softmax, then IsNaN/Where to zero rows with no token. On the
two-core bench those float operators over (batch, 12, seq, seq) took about half the graph's time, more
than the int8 matrix products (onnxruntime's profiler; MODEL_CARD.md has the figures).

This script replaces, in each layer, everything from the layer input to the attention context (before
the output projection) with one com.microsoft ``QAttention``: the same uint8 quantised input (the
DynamicQuantizeLinear the query, key and value products already share), the three int8 weight matrices
side by side with their own per-column scales and zero points, unchanged, and the three biases. The
weights are the shipped int8 values, not re-quantised: onnxruntime's own route (optimize_model on a
float graph, then quantize_dynamic) quantises QAttention weights with reduce_range (7 bits), which
would change them. The rest of the graph (embeddings, output projection, feed-forward, head) is left as
it is; dead nodes (the mask's subgraph) are dropped. The outputs move only by float rounding (the
softmax's scale applied once instead of to query and key, a -10000 mask instead of -inf); the check in
training/framing/check_graph.py compares probabilities and decoded spans with the source graph.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

HEADS = 12


def fuse(model: onnx.ModelProto) -> onnx.ModelProto:
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    consumers: dict[str, list] = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)

    def arr(name: str) -> np.ndarray:
        return numpy_helper.to_array(inits[name])

    def only(name: str, op: str):
        (n,) = [c for c in consumers[name] if c.op_type == op]
        return n

    mask = helper.make_node("Cast", ["attention_mask"], ["attention_mask_int32"], name="attention_mask_int32",
                            to=onnx.TensorProto.INT32)
    new_nodes, new_inits = [mask], []
    layers = sorted({n.name.split("/")[3] for n in g.node if n.name.startswith("/bert/encoder/layer.")},
                    key=lambda s: int(s.split(".")[1]))
    for layer in layers:
        prefix = f"/bert/encoder/{layer}/attention/self/"
        parts = {}
        for which in ("query", "key", "value"):
            mmi = next(n for n in g.node if n.name == f"{prefix}{which}/MatMul_quant")
            xq, wq, xzp, wzp = mmi.input
            cast = only(mmi.output[0], "Cast")
            mul = only(cast.output[0], "Mul")
            add = only(mul.output[0], "Add")
            bias = next(i for i in add.input if i in inits)
            scale_mul = producer[mul.input[1]]
            w_scale = next(i for i in scale_mul.input if i in inits)
            parts[which] = dict(xq=xq, xzp=xzp, w=arr(wq), zp=arr(wzp), scale=arr(w_scale), bias=arr(bias))
        q, k, v = parts["query"], parts["key"], parts["value"]
        assert q["xq"] == k["xq"] == v["xq"], "query, key and value must share one quantised input"
        dql = producer[q["xq"]]
        x_scale = dql.output[1]
        name = f"{prefix}QAttention"
        tensors = {
            "weight": np.concatenate([q["w"], k["w"], v["w"]], axis=1),
            "bias": np.concatenate([q["bias"], k["bias"], v["bias"]]).astype(np.float32),
            "weight_scale": np.concatenate([q["scale"], k["scale"], v["scale"]]).astype(np.float32),
            "weight_zero_point": np.concatenate([q["zp"], k["zp"], v["zp"]]),
        }
        for key, value in tensors.items():
            new_inits.append(numpy_helper.from_array(value, f"{name}.{key}"))
        context = f"{prefix}Reshape_4_output_0"  # (batch, seq, hidden): what the output projection reads
        assert context in producer, context
        new_nodes.append(helper.make_node(
            "QAttention",
            [q["xq"], f"{name}.weight", f"{name}.bias", x_scale, f"{name}.weight_scale",
             "attention_mask_int32", q["xzp"], f"{name}.weight_zero_point"],
            [context], name=name, domain="com.microsoft", num_heads=HEADS))
        del producer[context]  # its old producer (the attention's last Reshape) is dropped

    # the old attention nodes and the mask's subgraph no longer feed the output: _live drops them
    kept = [n for n in g.node if all(o in producer for o in n.output)]
    nodes = _topological(kept + new_nodes, [i.name for i in g.input], set(inits) | {i.name for i in new_inits})
    nodes = _live(nodes, [o.name for o in g.output])
    del g.node[:]
    g.node.extend(nodes)
    used = {i for n in g.node for i in n.input}
    keep = [i for i in list(g.initializer) + new_inits if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return model


def _topological(nodes, inputs, initializers):
    ready = set(inputs) | set(initializers) | {""}
    out, pending = [], list(nodes)
    while pending:
        rest = []
        for n in pending:
            if all(i in ready for i in n.input):
                out.append(n)
                ready.update(n.output)
            else:
                rest.append(n)
        if len(rest) == len(pending):
            raise ValueError(f"cannot order {len(rest)} nodes, e.g. {rest[0].name} {list(rest[0].input)}")
        pending = rest
    return out


def _live(nodes, outputs):
    """The nodes that the graph outputs depend on (the rest, e.g. the old mask subgraph, are dropped)."""
    need = set(outputs)
    keep = []
    for n in reversed(nodes):
        if any(o in need for o in n.output):
            keep.append(n)
            need.update(n.input)
    return keep[::-1]


def fuse_file(src: Path | str, dst: Path | str) -> dict[str, int]:
    """Fuse the graph at ``src`` into ``dst``; returns how many of each operator the result has."""
    model = onnx.load(str(src))
    if any(n.op_type == "QAttention" for n in model.graph.node):
        raise ValueError(f"{src} is already fused")
    model = fuse(model)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return dict(Counter(n.op_type for n in model.graph.node))


def main() -> None:
    print(sys.argv[2], fuse_file(sys.argv[1], sys.argv[2]))


if __name__ == "__main__":
    main()
