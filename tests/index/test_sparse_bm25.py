"""BM25 as sparse vectors: their inner product is the local index's BM25 score."""

from __future__ import annotations

import numpy as np
import pytest

from rag.index.bm25 import BM25Index
from rag.index.sparse_bm25 import TermStats, idf
from rag.index.tokenizer import tokenize_many

TEXTS = ["支持企业建设算力中心，给予补助", "建设通用机场", "数据交易场所建设规范", "人才 人才 人才 引进", "算力 算力"]


def _dot(query: dict[int, float], document: dict[int, float]) -> float:
    return sum(weight * document.get(term, 0.0) for term, weight in query.items())


@pytest.mark.parametrize("query", ["算力中心建设", "人才引进补助", "机场", "没有的词"])
def test_inner_products_equal_bm25_scores(query):
    tokens = tokenize_many(TEXTS)
    stats = TermStats()
    stats.update(tokens)
    weights = stats.query_weights(tokenize_many([query])[0])
    scores = [_dot(weights, stats.document_weights(item, stats.avgdl)) for item in tokens]
    assert scores == pytest.approx(BM25Index.build(tokens).scores(tokenize_many([query])[0]).tolist(), rel=1e-5, abs=1e-6)


def test_removing_documents_gives_the_statistics_of_the_rest():
    tokens = tokenize_many(TEXTS)
    updated = TermStats()
    updated.update(tokens)
    updated.update(added=[], removed=tokens[1:3])
    fresh = TermStats()
    fresh.update([tokens[0], *tokens[3:]])
    assert (updated.documents, updated.total_length) == (fresh.documents, fresh.total_length)
    for token in {token for item in tokens for token in item}:
        assert updated.frequency(token) == fresh.frequency(token), token
    restored = TermStats.from_bytes(updated.to_bytes())
    assert restored.avgdl == updated.avgdl and restored.numbers == updated.numbers
    assert np.array_equal(restored.frequencies, updated.frequencies)


def test_every_term_has_its_own_number_and_query_repeats_count_again():
    stats = TermStats()
    stats.update([["甲", "乙"], ["乙"], ["丙"]])
    assert stats.frequency("乙") == 2 and stats.frequency("丁") == 0
    assert sorted(stats.numbers.values()) == [0, 1, 2]
    assert stats.query_weights(["甲", "甲", "丁"]) == {stats.numbers["甲"]: pytest.approx(2 * idf(1, 3))}
    assert idf(1, 3) == pytest.approx(np.log(1 + 2.5 / 1.5))
    weights = stats.document_weights(["戊"], stats.avgdl)  # a term first seen in a document gets the next number
    assert list(weights) == [3] and stats.numbers["戊"] == 3
    assert stats.query_weights(["戊"]) == {} and stats.frequency("戊") == 0  # numbered, not yet counted
