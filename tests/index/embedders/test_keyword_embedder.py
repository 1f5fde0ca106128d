"""The keyword fake: deterministic, normalized, ranking shared words first."""

from __future__ import annotations

import numpy as np

from rag.index.embedders.keyword import KeywordEmbedder
from rag.interfaces import Embedder


def test_keyword_embedder_is_deterministic_and_normalized() -> None:
    embedder = KeywordEmbedder(dim=32)
    first = embedder.embed_passages(["人工智能产业", "数据要素"])
    assert np.array_equal(first, KeywordEmbedder(dim=32).embed_passages(["人工智能产业", "数据要素"]))
    assert first.dtype == np.float32 and np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    query = embedder.embed_queries(["人工智能"])[0]
    assert query @ first[0] > query @ first[1]
    assert isinstance(embedder, Embedder)
