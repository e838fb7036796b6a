"""Sentence embeddings from the all-MiniLM-L6-v2 encoder, run with onnxruntime (no torch at run time).

The encoder is exported once to ONNX int8 by ``training/event_types/export_minilm.py``; this module only
tokenises (``tokenizers``), runs the graph (``onnxruntime``) and mean-pools + L2-normalises token
vectors in numpy, which is what sentence-transformers does for this model (mean pooling, normalise).
See README.md in this folder for source, licence and hashes.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).parent
MAX_TOKENS = 256  # the model card's max_seq_length (tokenizer.json alone says 128)
DIM = 384


class MiniLMEncoder:
    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 2) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # tokenizer.json pads every input to 128 (8x slower on short sentences): pad to the longest instead
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_dir / "model.int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def token_vectors(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list]:
        """(last hidden states [batch, seq, 384], attention mask [batch, seq], tokenizer encodings)."""
        encodings = self.tokenizer.encode_batch(list(texts))
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        with self._lock:
            hidden = self.session.run(["last_hidden_state"], feed)[0]
        return hidden, feed["attention_mask"], encodings

    def pooled(self, texts: Sequence[str], batch_size: int = 32) -> tuple[np.ndarray, np.ndarray]:
        """L2-normalised (mean-pooled, max-pooled) token vectors of each text from one encoder pass,
        each of shape (len(texts), 384)."""
        mean = np.zeros((len(texts), DIM), dtype=np.float32)
        maxed = np.zeros_like(mean)
        # sort by length so each batch pads little
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for i in range(0, len(order), batch_size):
            idx = order[i : i + batch_size]
            hidden, mask, _ = self.token_vectors([texts[j] or " " for j in idx])
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            mean[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            v = np.where(mask[..., None] > 0, hidden, -1e9).max(1)
            maxed[idx] = v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)
        return mean, maxed

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised mean-pooled sentence embeddings, shape (len(texts), 384)."""
        return self.pooled(texts, batch_size)[0]


@functools.lru_cache(maxsize=1)
def get_encoder() -> MiniLMEncoder:
    """One encoder per process (the ONNX session is ~25 MB in memory and thread-safe behind a lock)."""
    return MiniLMEncoder()


def encode(texts: Sequence[str]) -> np.ndarray:
    return get_encoder().encode(texts)
