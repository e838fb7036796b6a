"""The all-mpnet-base-v2 encoder assembled from its PyPI weight packages (rasad.models.mpnet)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rasad.models import mpnet


def _installed() -> bool:
    try:
        mpnet._zip_parts()
    except mpnet.ModelUnavailable:
        return False
    return True


pytestmark = pytest.mark.skipif(not _installed(), reason="all-mpnet-base-v2 weight packages not installed")


def test_the_graph_ships_without_weights_and_the_manifest_names_every_one():
    import onnx

    graph = onnx.load(str(mpnet.GRAPH))
    assert mpnet.GRAPH.stat().st_size < 1_000_000
    stripped = mpnet.manifest()["initializers"]
    assert len(stripped) > 100 and not {i.name for i in graph.graph.initializer} & set(stripped)
    assert all(set(source) == {"key", "transpose"} for source in stripped.values())


def test_the_assembled_model_puts_like_sentences_together():
    encoder = mpnet.get_encoder()
    texts = ["Riot police fired tear gas at students protesting in Tehran.",
             "Security forces used tear gas against demonstrators in the capital.",
             "The central bank raised interest rates by half a point."]
    mean, maxed = encoder.pooled(texts)
    assert mean.shape == maxed.shape == (3, mpnet.DIM)
    assert np.allclose(np.linalg.norm(mean, axis=1), 1, atol=1e-5)
    assert mean[0] @ mean[1] > 0.5 > mean[0] @ mean[2]


def test_padding_does_not_change_a_text_s_vectors():
    # the exported graph was traced on one batch: a text must read the same alone and beside a longer one
    encoder = mpnet.get_encoder()
    short = "Rebels seized the town."
    alone_mean, alone_max = encoder.pooled([short])
    batch_mean, batch_max = encoder.pooled([short, "A much longer sentence, " * 12], batch_size=2)
    assert np.allclose(alone_mean[0], batch_mean[0], atol=1e-4)
    assert np.allclose(alone_max[0], batch_max[0], atol=1e-4)


def test_unpadded_batches_give_the_padded_batch_s_vectors_to_the_bit():
    # pooled() runs each text without padding, in batches of texts of one token count (less work); the vectors
    # must be those the padded batch gave before, to the bit: the event-type margins are stored
    encoder = mpnet.get_encoder()
    texts = ["Rebels seized the town.", "Security forces arrested dozens of protesters in Zahedan on Friday.",
             "Police fired tear gas.", "Rebels seized the city.", "A much longer sentence, " * 12]
    encodings = encoder.tokenizer.encode_batch(texts)  # padded to the longest, as pooled() fed the graph before
    feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64)}
    hidden = encoder.session.run(["last_hidden_state"], feed)[0]
    m = feed["attention_mask"][..., None].astype(np.float32)
    pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    padded_mean = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    v = np.where(m > 0, hidden, -1e9).max(1)
    padded_max = v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)
    mean, maxed = encoder.pooled(texts)
    assert np.array_equal(mean, padded_mean) and np.array_equal(maxed, padded_max)


def test_empty_and_odd_texts_give_finite_vectors():
    mean, maxed = mpnet.get_encoder().pooled(["", "\x00\ufffd", "کشته شد " * 500])
    assert np.isfinite(mean).all() and np.isfinite(maxed).all()


def test_weights_with_another_hash_are_refused(tmp_path, monkeypatch):
    manifest = json.loads(mpnet.MANIFEST.read_text(encoding="utf-8"))
    manifest["weights_sha256"] = "0" * 64
    monkeypatch.setattr(mpnet, "manifest", lambda: manifest)
    monkeypatch.setenv("RASAD_MODEL_CACHE", str(tmp_path))
    with pytest.raises(mpnet.ModelUnavailable, match="SHA-256"):
        mpnet.build()
    assert not list(tmp_path.rglob("*.onnx"))  # nothing half-built is left to be found


def test_the_build_command_explains_an_unwritable_cache(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("RASAD_MODEL_CACHE", str(blocked / "cache"))
    _load_commands()
    result = CliRunner().invoke(app, ["models", "build"])
    assert result.exit_code == 1
    assert "RASAD_MODEL_CACHE" in result.output and "Traceback" not in result.output
