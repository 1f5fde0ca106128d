"""Tests of rag.retrieval.fusion on hand-worked examples."""

from __future__ import annotations

import pytest

import random

import numpy as np

from rag.retrieval.fusion import minmax_fusion, normalize_minmax, ranking, rrf, union_minmax_fusion, union_scores


def test_rrf_hand_worked() -> None:
    # doc 1: 1/61 + 1/62; doc 3: 1/63 + 1/61; doc 2: 1/62.
    fused = rrf({"bm25": [1, 2, 3], "dense": [3, 1]})
    assert ranking(fused) == [1, 3, 2]
    assert dict(fused)[1] == pytest.approx(1 / 61 + 1 / 62)
    assert dict(fused)[3] == pytest.approx(1 / 63 + 1 / 61)
    assert dict(fused)[2] == pytest.approx(1 / 62)


def test_rrf_weights_can_flip_the_order() -> None:
    # doc 1: 1/61 + 2/62 = 0.048651; doc 3: 1/63 + 2/61 = 0.048660.
    fused = rrf({"bm25": [1, 2, 3], "dense": [3, 1]}, {"bm25": 1.0, "dense": 2.0})
    assert ranking(fused)[:2] == [3, 1]
    assert dict(fused)[3] == pytest.approx(1 / 63 + 2 / 61)


def test_rrf_k_zero_and_missing_weight_defaults_to_one() -> None:
    assert rrf({"a": [5, 6]}, {"other": 3.0}, k=0) == [(5, 1.0), (6, 0.5)]


def test_rrf_zero_weight_drops_a_retriever_and_ties_go_to_lower_index() -> None:
    assert rrf({"a": [2], "b": [1]}) == [(1, 1 / 61), (2, 1 / 61)]
    assert ranking(rrf({"a": [2], "b": [1]}, {"a": 1.0, "b": 0.0})) == [2]
    assert rrf({}) == []


def test_minmax_fusion_hand_worked() -> None:
    results = {
        "bm25": [(1, 10.0), (2, 5.0), (3, 0.0)],  # normalized 1, 0.5, 0
        "dense": [(3, 0.9), (1, 0.5), (4, 0.1)],  # normalized 1, 0.5, 0
    }
    fused = minmax_fusion(results, {"bm25": 1.0, "dense": 0.5})
    assert fused == [(1, pytest.approx(1.25)), (2, pytest.approx(0.5)), (3, pytest.approx(0.5)), (4, 0.0)]


def test_minmax_fusion_equal_scores_and_empty_lists() -> None:
    assert minmax_fusion({"a": [(7, 3.0), (8, 3.0)], "b": []}) == [(7, 1.0), (8, 1.0)]
    assert normalize_minmax([]) == []
    assert normalize_minmax([2.0, 4.0, 3.0]) == [0.0, 1.0, 0.5]


def test_union_scores_give_each_list_every_doc_scored_by_its_own_signal():
    bm25_of = {1: 9.0, 2: 5.0, 3: 0.0, 7: 1.0}
    dense_of = {1: 0.2, 2: 0.9, 3: 0.8, 7: 0.1}
    results = {"bm25": [(1, 9.0), (2, 5.0)], "dense": [(2, 0.9), (3, 0.8)], "region": [(7, 1.0)]}
    extended = union_scores(results, {"bm25": lambda docs: [bm25_of[d] for d in docs],
                                      "dense": lambda docs: [dense_of[d] for d in docs]})
    assert extended["bm25"] == [(1, 9.0), (2, 5.0), (7, 1.0), (3, 0.0)]
    assert extended["dense"] == [(2, 0.9), (3, 0.8), (1, 0.2), (7, 0.1)]
    assert extended["region"] == [(7, 1.0)]
    # BM25 over [9, 5, 1, 0] and dense over [0.9, 0.8, 0.2, 0.1], each mapped to [0, 1] and summed.
    fused = dict(minmax_fusion(extended, {"region": 0}))
    assert fused == pytest.approx({1: 1 + 1 / 8, 2: 5 / 9 + 1, 3: 0 + 7 / 8, 7: 1 / 9 + 0})


def test_array_fusion_of_extended_lists_is_the_list_fusion_to_the_last_bit() -> None:
    """union_minmax_fusion is minmax_fusion over union_scores of the scored lists, the others (a
    region's BM25 list) added as they are: same docs, same order, same floats, over random cases."""
    rng = random.Random(7)
    for _ in range(3000):
        size = rng.randint(1, 40)
        bm25 = np.array([rng.choice([0.0, 3.0, rng.random() * 10]) for _ in range(size)], dtype=np.float32)
        dense = np.array([rng.random() for _ in range(size)], dtype=np.float32)

        def found(depth: int, scores: np.ndarray) -> list[tuple[int, float]]:
            rows = rng.sample(range(size), rng.randint(0, min(depth, size)))
            return sorted(((row, float(scores[row])) for row in rows), key=lambda item: (-item[1], item[0]))

        scorers = {"bm25": lambda rows: bm25[rows], "dense": lambda rows: dense[rows]}
        scored = {"bm25": found(12, bm25), "dense": found(12, dense)}
        weights = {"bm25": rng.choice([1.0, 0.6, 0.0]), "dense": rng.choice([1.0, 0.4]), "region": 0.5}
        region = {"region": found(5, bm25)} if rng.random() < 0.4 else {}
        expected = minmax_fusion({**union_scores(scored, scorers), **region}, weights)
        assert union_minmax_fusion({**scored, **region}, scorers, weights) == expected
    assert union_minmax_fusion({"bm25": [], "dense": []}, {"bm25": lambda rows: [], "dense": lambda rows: []}) == []
