"""Hybrid retrieval over a loaded index: BM25 and dense candidates fused, filtered, deduplicated.

Opening an index from disk (or building one in memory) is `rag.retrieval.open`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rag.config import Fusion, Settings
from rag.errors import UsageError
from rag.index.authority import authority_scores
from rag.index.bm25 import BM25Index, bm25_idf, top_k
from rag.index.dense import DenseIndex
from rag.index.storage import IndexFiles
from rag.index.recent import remembered
from rag.index.tokenizer import DEFAULT_CONFIG, TokenizerConfig, tokenize
from rag.interfaces import Embedder
from rag.retrieval.fusion import Scorer, minmax_fusion, ranking, rrf, union_minmax_fusion
from rag.retrieval.meaning import RECENT, SharedMeaning
from rag.retrieval.rerank import CrossEncoderReranker
from rag.retrieval.similarity import semantic_similarity
from rag.retrieval.subqueries import sub_queries
from rag.text.chars import fold
from rag.text.doc_numbers import doc_number_key
from rag.text.regions import load_regions
from rag.types import Clause, Filters, Hit, SourceText


@dataclass
class LoadedIndex:
    """A build opened for searching."""

    files: IndexFiles
    bm25: BM25Index
    dense: DenseIndex
    embedder: Embedder
    active: np.ndarray  # bool per clause: False for duplicates, never returned
    tokenizer: TokenizerConfig | None = None  # the one the BM25 index was built with; None: the default

    @property
    def clauses(self) -> list[Clause]:
        return self.files.clauses

    @property
    def sources(self) -> dict[str, SourceText]:
        return self.files.sources


def _clause_authority(index: LoadedIndex) -> np.ndarray:
    """Per clause, the authority prior of its document (0 when nothing cites it)."""
    scores = authority_scores(index.files.citations)
    return np.array([scores.get(clause.file, 0.0) for clause in index.clauses], dtype=np.float32)


def _matches(clause: Clause, filters: Filters, year_of: dict[str, int | None]) -> bool:
    if filters.files and clause.file not in filters.files:
        return False
    if filters.issuer and filters.issuer not in (clause.issuer or ""):
        return False
    if filters.doc_number and doc_number_key(filters.doc_number) != doc_number_key(clause.doc_number or ""):
        return False
    if filters.year and year_of.get(clause.file) != filters.year:
        return False
    return True


class HybridRetriever:
    """BM25 + dense retrieval with reciprocal-rank fusion and an optional cross-encoder."""

    def __init__(self, index: LoadedIndex, settings: Settings, reranker: CrossEncoderReranker | None = None) -> None:
        self.index = index
        self.settings = settings
        self.reranker = reranker
        metas = {name: index.files.meta(name) for name in index.sources}
        self._levels = {name: meta.level for name, meta in metas.items()}
        self._regions = {name: meta.region for name, meta in metas.items()}
        self._region_names = set(self._regions.values())
        gazetteer = load_regions()
        self._region_words = {region: gazetteer.names_of(region) for region in self._region_names if region}
        self._region_masks: dict[str, np.ndarray] = {}
        self._years = {clause.file: int(clause.date[:4]) if clause.date else None for clause in index.clauses}
        self._authority = _clause_authority(index)
        self._row_of: dict[str, int] | None = None  # clause id → row, built on first use
        self._meaning = SharedMeaning(index.embedder)
        self._dense_memory: dict[tuple[str, Filters | None, int], list[tuple[int, float]]] = {}

    def allowed(self, filters: Filters | None) -> np.ndarray:
        """Mask of clauses a search may return."""
        mask = self.index.active.copy()
        if filters is None or filters.empty:
            return mask
        for row, clause in enumerate(self.index.clauses):
            if mask[row] and not _matches(clause, filters, self._years):
                mask[row] = False
            elif mask[row] and filters.level and self._levels.get(clause.file) != filters.level:
                mask[row] = False
        return mask

    def _bm25_scores(self, query: str) -> np.ndarray:
        return self.index.bm25.scores(tokenize(query, self.index.tokenizer or DEFAULT_CONFIG))

    @staticmethod
    def _top(scores: np.ndarray, mask: np.ndarray, depth: int) -> list[tuple[int, float]]:
        """The `depth` best rows of `mask` with a positive score, best first (ties by lower row)."""
        return top_k(np.where(mask, scores, 0.0), depth) if len(scores) else []

    def _dense_hits(self, vector: np.ndarray, mask: np.ndarray, depth: int) -> list[tuple[int, float]]:
        wanted = depth if mask.all() else min(len(mask), depth * 20)
        return [(row, score) for row, score in self.index.dense.search(vector, wanted) if mask[row]][:depth]

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """The corpus inverse document frequency of each term (a character bigram or a word)."""
        frequencies = self.index.bm25.document_frequencies([fold(term) for term in terms])
        n = len(self.index.bm25)
        return {term: bm25_idf(n, frequencies[fold(term)]) for term in terms}

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The `k` best clauses for `query`, duplicates of the same text collapsed."""
        return self._search(query, None, k, filters)

    def search_as(self, query: str, meaning: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """As `search`, the dense signal searching by the meaning of `meaning` (one embedding
        shared by the searches of an answer, kept by `SharedMeaning`); an empty meaning is the query's."""
        return self._search(query, meaning or None, k, filters)

    def _search(self, query: str, meaning: str | None, k: int, filters: Filters | None) -> list[Hit]:
        if not query.strip():
            raise UsageError("请输入检索内容")
        mask = self.allowed(filters)
        depth = max(self.settings.retrieval.candidates, k)
        texts = [query, *sub_queries(query)]
        if meaning is None:  # one embedder call for the query and its parts: a real model spreads them over the cores
            vectors = list(self.index.embedder.embed_queries(texts))
            dense = None
        else:
            vectors = [self._meaning.vector(meaning)] * len(texts)
            dense = self._meaning_hits(meaning, vectors[0], filters, mask, depth)
        fused, *sides = [self._fused(text, mask, depth, vector, dense) for text, vector in zip(texts, vectors)]
        if sides:
            fused = interleave([fused, *sides])
        hits = self._collapse(fused, k * 3 if self.reranker else k)
        return self._rerank(query, hits)[:k] if self.reranker else hits[:k]

    def _meaning_hits(self, meaning: str, vector: np.ndarray, filters: Filters | None, mask: np.ndarray,
                      depth: int) -> list[tuple[int, float]]:
        """The dense hits of `meaning` (its vector `vector`), found once for all the searches of an
        answer that go by it with the same filters and depth (the index never changes once loaded)."""
        key = (meaning, filters, depth)
        found = self._dense_memory.get(key)
        if found is None:
            found = self._dense_hits(vector, mask, depth)
            self._dense_memory = remembered(self._dense_memory, key, found, RECENT)
        return found

    def _fused(self, query: str, mask: np.ndarray, depth: int, vector: np.ndarray | None = None,
               dense: list[tuple[int, float]] | None = None) -> list[tuple[int, float]]:
        """BM25 and dense results of one query, fused (reciprocal rank or min-max scores)."""
        return self._fuse(*self._candidates(query, mask, depth, vector, dense))

    def _candidates(self, query: str, mask: np.ndarray, depth: int, vector: np.ndarray | None = None,
                    dense: list[tuple[int, float]] | None = None) -> tuple[dict[str, list[tuple[int, float]]], dict[str, Scorer]]:
        """Each signal's `depth` best rows (row, score), best first; "region" when the query names one;
        with the scorers of the signals that score every row (BM25 and dense with `fusion = "union"`,
        whose lists are extended to every row either found, each scored by its own signal).

        `vector` is the query's embedding and `dense` its dense hits when already found.
        """
        bm25 = self._bm25_scores(query)
        if vector is None:
            vector = self.index.embedder.embed_queries([query])[0]
        results = {"bm25": self._top(bm25, mask, depth), "dense": self._dense_hits(vector, mask, depth) if dense is None else dense}
        scorers: dict[str, Scorer] = {}
        if self.settings.retrieval.fusion == Fusion.UNION:
            embeddings = self.index.files.embeddings
            scorers = {"bm25": lambda rows: bm25[rows], "dense": lambda rows: embeddings[rows] @ vector}
        region = self._region_mask(query)
        if region is not None:
            results["region"] = self._top(bm25, mask & region, depth)
        return results, scorers

    def _fuse(self, results: dict[str, list[tuple[int, float]]], scorers: dict[str, Scorer]) -> list[tuple[int, float]]:
        """The signals' lists fused by the configured method, plus the authority prior."""
        bm25_weight = self.settings.bm25_weight
        weights = {"bm25": bm25_weight, "dense": self.settings.retrieval.dense_weight, "region": 0.5 * bm25_weight}
        if scorers:
            fused = union_minmax_fusion(results, scorers, weights)
        elif self.settings.retrieval.fusion in (Fusion.MINMAX, Fusion.UNION):  # union without scorers: as found
            fused = minmax_fusion(results, weights)
        else:
            rankings = {name: ranking(hits) for name, hits in results.items()}
            fused = rrf(rankings, weights, k=self.settings.rrf_k)
        return self._with_authority(fused)

    def _with_authority(self, fused: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """Fused scores plus the authority prior of each clause's document, re-sorted."""
        weight = self.settings.retrieval.authority_weight
        if not weight or not fused or not self._authority.any():
            return fused
        scale = weight * max(score for _, score in fused)  # relative, so that RRF and min-max fusion agree
        scored = [(row, score + scale * float(self._authority[row])) for row, score in fused]
        return sorted(scored, key=lambda item: (-item[1], item[0]))

    def _region_mask(self, query: str) -> np.ndarray | None:
        """Clauses of the documents of the one region the query names by any of its names
        (合肥 → 合肥市, 广西 → 广西壮族自治区), if it names one."""
        region = named_region(query, self._region_words, len(self._region_names))
        if region is None:
            return None
        if region not in self._region_masks:
            files = np.array([self._regions.get(clause.file) == region for clause in self.index.clauses], dtype=bool)
            self._region_masks[region] = files
        return self._region_masks[region]

    def _collapse(self, fused: list[tuple[int, float]], limit: int) -> list[Hit]:
        seen: set[str] = set()
        hits: list[Hit] = []
        for row, score in fused:
            clause = self.index.clauses[row]
            key = re.sub(r"\s+", "", clause.text)
            if key in seen:
                continue
            seen.add(key)
            hits.append(Hit(clause=clause, score=float(score), rank=len(hits) + 1))
            if len(hits) >= limit:
                break
        return hits

    def similarity(self, query: str, texts: list[str]) -> np.ndarray:
        """Cosine similarity in meaning of `query` with each text, by the index's embedder."""
        return semantic_similarity(self.index.embedder, query, texts)

    @property
    def embedder_name(self) -> str:
        return self.index.embedder.name

    def clause_similarity(self, query: str, clauses: Sequence[Clause]) -> np.ndarray:
        """Cosine similarity in meaning of `query` with each indexed clause, from the clause
        vectors of the index (only the question is embedded; 0 for a clause not in the index)."""
        if self._row_of is None:
            self._row_of = {clause.clause_id: row for row, clause in enumerate(self.index.clauses)}
        rows = np.array([self._row_of.get(clause.clause_id, -1) for clause in clauses], dtype=np.int64)
        scores = np.zeros(len(rows), dtype=np.float32)
        known = rows >= 0
        if known.any():
            vector = self._meaning.vector(query)
            scores[known] = np.asarray(self.index.files.embeddings[rows[known]], dtype=np.float32) @ vector
        return scores

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        scores = self.reranker.rerank(query, [hit.clause.text for hit in hits])
        order = sorted(range(len(hits)), key=lambda index: -scores[index])
        return [Hit(hits[index].clause, float(scores[index]), rank + 1, {"fused": hits[index].score}) for rank, index in enumerate(order)]


def named_region(query: str, region_words: dict[str, tuple[str, ...]], regions: int) -> str | None:
    """The one region `query` names by any of its names, when the corpus has documents of several
    regions (`regions` counts them, unknown included); None otherwise. Shared with the Milvus retriever."""
    named = {region for region, words in region_words.items() if any(word in query for word in words)}
    return next(iter(named)) if len(named) == 1 and regions >= 2 else None


def interleave(rankings: list[list[tuple[int, float]]]) -> list[tuple[int, float]]:
    """Round-robin merge: the question's best, then each comparison side's best, and so on.

    Scores are replaced by a decreasing rank score so that the merged list stays ordered.
    """
    merged: list[int] = []
    seen: set[int] = set()
    for position in range(max(len(ranking) for ranking in rankings)):
        for ranking in rankings:
            if position < len(ranking) and ranking[position][0] not in seen:
                seen.add(ranking[position][0])
                merged.append(ranking[position][0])
    return [(row, 1.0 / (rank + 1)) for rank, row in enumerate(merged)]

