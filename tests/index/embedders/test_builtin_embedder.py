"""The built-in LSA embedder: ranking, normalization, save/load, degenerate corpora."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.errors import ModelLoadError
from rag.index.embedders.builtin import BuiltinEmbedder
from rag.interfaces import Embedder
from tiny_models import SEEDS

HBM = "高带宽存储(HBM)"


def seed_paragraphs() -> list[str]:
    """Non-trivial lines of the seed documents."""
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 20]
    return lines


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return seed_paragraphs()


@pytest.fixture(scope="module")
def builtin(paragraphs: list[str]) -> BuiltinEmbedder:
    return BuiltinEmbedder().fit(paragraphs)


def assert_normalized(vectors: np.ndarray, dim: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape[1] == dim
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_builtin_query_ranks_the_passage_sharing_its_words_first(builtin: BuiltinEmbedder, paragraphs: list[str]) -> None:
    target = next(index for index, text in enumerate(paragraphs) if HBM in text)
    passages = builtin.embed_passages(paragraphs)
    query = builtin.embed_queries(["高带宽存储HBM和下一代闪存关键技术攻关"])[0]
    assert int(np.argmax(passages @ query)) == target
    assert isinstance(builtin, Embedder)


def test_builtin_vectors_are_normalized_float32(builtin: BuiltinEmbedder, paragraphs: list[str]) -> None:
    assert 0 < builtin.dim <= 256
    assert_normalized(builtin.embed_passages(paragraphs[:10]), builtin.dim)


def test_builtin_fit_embed_matches_embed_passages(paragraphs: list[str]) -> None:
    embedder = BuiltinEmbedder(dim=32)
    fitted = embedder.fit_embed_passages(paragraphs)
    assert np.allclose(fitted, embedder.embed_passages(paragraphs), atol=1e-6)


def test_builtin_save_load_round_trip(builtin: BuiltinEmbedder, paragraphs: list[str], tmp_path: Path) -> None:
    builtin.save(tmp_path / "embedder")
    assert sorted(path.name for path in (tmp_path / "embedder").iterdir()) == [
        "components.npy", "idf.npy", "params.json", "vocab.json",
    ]
    loaded = BuiltinEmbedder.load(tmp_path / "embedder")
    assert loaded.dim == builtin.dim
    texts = paragraphs[:20] + ["人工智能产业规模2000亿元"]
    assert np.array_equal(loaded.embed_passages(texts), builtin.embed_passages(texts))
    assert np.array_equal(loaded.embed_queries(texts), builtin.embed_queries(texts))


def test_builtin_dim_is_capped_by_a_tiny_corpus() -> None:
    embedder = BuiltinEmbedder(dim=256).fit(["人工智能产业", "数据要素市场", "算力基础设施建设"])
    assert embedder.dim == 2
    assert embedder.embed_queries(["人工智能"]).shape == (1, 2)


def test_builtin_query_without_known_tokens_is_zero(builtin: BuiltinEmbedder) -> None:
    assert not builtin.embed_queries(["﻿！？"]).any()
    assert builtin.embed_queries([]).shape == (0, builtin.dim)


def test_builtin_degenerate_corpora_do_not_crash() -> None:
    assert BuiltinEmbedder().fit(["只有一段"]).embed_queries(["一段"]).shape[0] == 1
    assert BuiltinEmbedder().fit([]).embed_queries(["任何"]).shape == (1, 1)


def test_builtin_unfitted_or_missing_files_raise_model_load_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="拟合"):
        BuiltinEmbedder().embed_queries(["人工智能"])
    with pytest.raises(ModelLoadError, match="rag ingest"):
        BuiltinEmbedder.load(tmp_path / "nothing")
