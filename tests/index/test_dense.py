"""Tests of rag.index.dense against brute-force inner products."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.index.dense import DenseIndex
from rag.index.embedders import l2_normalize


def random_vectors(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    return l2_normalize(np.random.default_rng(seed).normal(size=(n, dim)))


def test_search_matches_brute_force() -> None:
    vectors = random_vectors(50)
    query = random_vectors(1, seed=1)[0]
    index = DenseIndex.build(vectors)
    hits = index.search(query, 5)
    expected = np.argsort(-(vectors @ query))[:5]
    assert [row for row, _ in hits] == expected.tolist()
    assert [score for _, score in hits] == pytest.approx((vectors @ query)[expected].tolist(), abs=1e-5)
    assert len(index) == 50 and index.dim == 16


def test_search_many_and_k_larger_than_the_index() -> None:
    vectors = random_vectors(3)
    index = DenseIndex.build(vectors)
    results = index.search_many(vectors, 10)
    assert [hits[0][0] for hits in results] == [0, 1, 2]
    assert all(len(hits) == 3 for hits in results)
    assert results[1][0][1] == pytest.approx(1.0, abs=1e-5)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    vectors = random_vectors(20)
    DenseIndex.build(vectors).save(tmp_path / "dense")
    loaded = DenseIndex.load(tmp_path / "dense")
    assert np.array_equal(loaded.vectors(), vectors)
    assert loaded.search(vectors[7], 1)[0][0] == 7


def test_empty_index_and_bad_shapes() -> None:
    index = DenseIndex.build(np.zeros((0, 8), dtype=np.float32))
    assert len(index) == 0
    assert index.search(np.ones(8, dtype=np.float32), 5) == []
    assert index.vectors().shape == (0, 8)
    with pytest.raises(ValueError):
        index.search(np.ones(4, dtype=np.float32), 5)
    with pytest.raises(ValueError):
        DenseIndex.build(np.ones(8, dtype=np.float32))
