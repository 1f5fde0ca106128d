"""Fusion of several retrievers' rankings into one: pure functions on doc indices.

Ties are broken by the lower doc index so that results are the same on every run.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np

# rows → their scores by one signal (BM25, dense), for rows found by another
Scorer = Callable[[list[int]], "Sequence[float] | np.ndarray"]


def rrf(
    rankings: Mapping[str, Sequence[int]],
    weights: Mapping[str, float] | None = None,
    k: int = 60,
) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion: score(d) = sum over retrievers r of w_r / (k + rank_r(d)).

    `rankings` maps a retriever name to its doc indices, best first (rank 1); a retriever
    missing from `weights` has weight 1. Returns (doc index, fused score), best first.
    """
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = 1.0 if weights is None else float(weights.get(name, 1.0))
        if weight == 0:
            continue
        for rank, doc in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + weight / (k + rank)
    return _sorted(fused)


def minmax_fusion(
    results: Mapping[str, Sequence[tuple[int, float]]],
    weights: Mapping[str, float] | None = None,
) -> list[tuple[int, float]]:
    """Weighted sum of min-max normalized scores.

    Each retriever's scores are mapped to [0, 1] over its own result list (all 1 when they
    are equal); a document absent from a list gets 0 from it. Returns (doc index, fused
    score), best first.
    """
    fused: dict[int, float] = {}
    for name, hits in results.items():
        weight = 1.0 if weights is None else float(weights.get(name, 1.0))
        if weight == 0 or not hits:
            continue
        for doc, score in zip((doc for doc, _ in hits), normalize_minmax([score for _, score in hits])):
            fused[doc] = fused.get(doc, 0.0) + weight * score
    return _sorted(fused)


def union_scores(
    results: Mapping[str, Sequence[tuple[int, float]]],
    score_of: Mapping[str, Scorer],
) -> dict[str, list[tuple[int, float]]]:
    """Each list of `score_of` extended to every doc found by any list, scored by its own signal.

    Min-max fusion of the extended lists gives a doc found by BM25 alone its real dense
    score instead of 0 (and the other way round). The retriever fuses with `union_minmax_fusion`,
    which this and `minmax_fusion` define: tests and `bench/` compare the two. Lists without a scorer are kept as
    they are. Returns (doc index, score) lists, best first.
    """
    docs = sorted({doc for hits in results.values() for doc, _ in hits})
    extended = {name: list(hits) for name, hits in results.items()}
    for name, scorer in score_of.items():
        scored = zip(docs, (float(score) for score in scorer(docs)))
        extended[name] = sorted(scored, key=lambda item: (-item[1], item[0]))
    return extended


def union_minmax_fusion(
    results: Mapping[str, Sequence[tuple[int, float]]],
    score_of: Mapping[str, Scorer],
    weights: Mapping[str, float] | None = None,
) -> list[tuple[int, float]]:
    """`minmax_fusion(union_scores(scored, score_of) | rest, weights)`, where `scored` are the lists
    of `results` that `score_of` scores and `rest` the others (kept as they are), the same to the
    last bit, computed on arrays rather than built and sorted as Python lists."""
    extended = sorted({doc for name, hits in results.items() if name in score_of for doc, _ in hits})
    docs = extended + sorted({doc for hits in results.values() for doc, _ in hits} - set(extended))
    if not docs:
        return []
    position = {doc: index for index, doc in enumerate(docs)}
    fused = np.zeros(len(docs), dtype=np.float64)
    found = np.zeros(len(docs), dtype=bool)
    for name, hits in results.items():
        weight = 1.0 if weights is None else float(weights.get(name, 1.0))
        if name in score_of:
            rows = np.arange(len(extended))
            scores = np.asarray(score_of[name](extended), dtype=np.float64) if extended else np.zeros(0)
        else:
            rows = np.array([position[doc] for doc, _ in hits], dtype=np.int64)
            scores = np.array([score for _, score in hits], dtype=np.float64)
        if weight == 0 or not len(scores):
            continue
        low, high = scores.min(), scores.max()
        normalized = np.ones(len(scores)) if high == low else (scores - low) / (high - low)
        np.add.at(fused, rows, weight * normalized)
        found[rows] = True
    chosen = np.flatnonzero(found)
    keys, values = np.array(docs, dtype=np.int64)[chosen], fused[chosen]
    order = np.lexsort((keys, -values))
    return [(int(keys[index]), float(values[index])) for index in order]


def normalize_minmax(scores: Sequence[float]) -> list[float]:
    """Scores mapped linearly to [0, 1]; all 1.0 when they are all equal."""
    if not scores:
        return []
    low, high = min(scores), max(scores)
    if high == low:
        return [1.0] * len(scores)
    return [(score - low) / (high - low) for score in scores]


def ranking(hits: Sequence[tuple[int, float]]) -> list[int]:
    """The doc indices of (doc index, score) pairs, in their order."""
    return [doc for doc, _ in hits]


def _sorted(fused: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
