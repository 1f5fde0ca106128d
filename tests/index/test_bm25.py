"""Tests of rag.index.bm25: scores against a hand computation and a reference implementation."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from rag.index.bm25 import BM25Index, top_k
from rag.index.tokenizer import tokenize

DOCS = [["a", "b", "c"], ["a", "a", "d"], ["b", "e"], ["f"]]


def reference_scores(docs: list[list[str]], query: list[str], k1: float = 1.2, b: float = 0.75) -> list[float]:
    """Lucene BM25 written out plainly, one loop per definition."""
    n = len(docs)
    avgdl = sum(len(doc) for doc in docs) / n
    scores = []
    for doc in docs:
        score = 0.0
        for token in query:
            df = sum(token in other for other in docs)
            tf = doc.count(token)
            if tf:
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf / (tf + k1 * (1 - b + b * len(doc) / avgdl))
        scores.append(score)
    return scores


def test_scores_match_a_hand_computation() -> None:
    # N=4, avgdl=2.25; idf(a)=ln(1+2.5/2.5)=ln 2; d0: tf 1, len 3 -> 1/(1+1.2*1.25)=0.4;
    # d1: tf 2 -> 2/3.5; idf(e)=ln(1+3.5/1.5); d2: len 2 -> 1/(1+1.2*(0.25+0.75*2/2.25))=1/2.1.
    index = BM25Index.build(DOCS)
    hits = index.search(["a", "e"], k=10)
    assert [doc for doc, _ in hits] == [2, 1, 0]
    expected = {2: math.log(10 / 3) / 2.1, 1: math.log(2) * 2 / 3.5, 0: math.log(2) * 0.4}
    for doc, score in hits:
        assert score == pytest.approx(expected[doc], rel=1e-5)


def test_scores_match_the_reference_on_random_documents() -> None:
    rng = random.Random(7)
    vocab = [f"t{i}" for i in range(30)]
    docs = [[rng.choice(vocab) for _ in range(rng.randint(1, 25))] for _ in range(40)]
    index = BM25Index.build(docs, k1=1.5, b=0.6)
    for _ in range(10):
        query = [rng.choice(vocab) for _ in range(rng.randint(1, 5))]
        expected = reference_scores(docs, query, k1=1.5, b=0.6)
        assert index.scores(query).tolist() == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_empty_and_unknown_queries_return_nothing() -> None:
    index = BM25Index.build(DOCS)
    assert index.search([], k=5) == []
    assert index.search(["zzz"], k=5) == []
    assert index.search(["a"], k=0) == []


def test_k_truncates_and_ties_resolve_by_index() -> None:
    index = BM25Index.build([["x"], ["y"], ["x"], ["x"]])
    assert [doc for doc, _ in index.search(["x"], k=2)] == [0, 2]
    assert top_k(index.scores(["x"]), 5) == index.search(["x"], k=5)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    texts = ["武汉市推动人工智能+行动方案", "到2028年产业规模突破2000亿元", "高带宽存储(HBM)技术攻关"]
    index = BM25Index.build([tokenize(text) for text in texts])
    index.save(tmp_path / "bm25")
    assert (tmp_path / "bm25" / "params.index.json").is_file()
    loaded = BM25Index.load(tmp_path / "bm25")
    query = tokenize("人工智能产业规模2000亿元")
    assert len(loaded) == 3
    assert loaded.search(query, 3) == index.search(query, 3)


def test_saved_files_are_deterministic(tmp_path: Path) -> None:
    token_lists = [tokenize(text) for text in ["人工智能产业", "算力基础设施", "数据要素市场"]]
    BM25Index.build(token_lists).save(tmp_path / "one")
    BM25Index.build(token_lists).save(tmp_path / "two")
    for name in ("vocab.index.json", "data.csc.index.npy", "indices.csc.index.npy"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_empty_corpus(tmp_path: Path) -> None:
    index = BM25Index.build([])
    assert index.search(["a"], k=3) == []
    index.save(tmp_path / "empty")
    assert BM25Index.load(tmp_path / "empty").search(["a"], k=3) == []


def test_documents_without_tokens_are_allowed() -> None:
    index = BM25Index.build([[], ["a"], []])
    assert [doc for doc, _ in index.search(["a"], k=3)] == [1]
