"""Hybrid retrieval over a built index: BM25 and dense candidates fused, filtered, deduplicated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.errors import IndexMismatchError, UsageError
from rag.indexing import BM25_FOLDER, DENSE_FILE, EMBEDDER_FOLDER
from rag.store import IndexFiles, read_core, require_folder
from rag.subqueries import sub_queries
from rag.types import Clause, Filters, Hit, SourceText


@dataclass
class LoadedIndex:
    """A build opened for searching."""

    files: IndexFiles
    bm25: Any
    dense: Any
    embedder: Any
    active: np.ndarray  # bool per clause: False for duplicates, never returned

    @property
    def clauses(self) -> list[Clause]:
        return self.files.clauses

    @property
    def sources(self) -> dict[str, SourceText]:
        return self.files.sources


def _embedder_for(folder: Path, settings: Settings) -> Any:
    if settings.embedder == "builtin":
        from rag.embedders import BuiltinEmbedder

        return BuiltinEmbedder.load(folder / EMBEDDER_FOLDER)
    from rag.embedders import make_embedder

    return make_embedder(settings)


def open_index(settings: Settings) -> LoadedIndex:
    """Load the live build; the embedder is the one the build was made with."""
    from rag.bm25 import BM25Index
    from rag.dense import DenseIndex
    from rag.ingest import embedder_mismatch

    folder = require_folder(settings.index_path)
    files = read_core(folder)
    mismatch = embedder_mismatch(files.manifest, settings)
    if mismatch:
        raise IndexMismatchError(mismatch)
    active = np.array([clause.duplicate_of is None for clause in files.clauses], dtype=bool)
    return LoadedIndex(
        files=files,
        bm25=BM25Index.load(folder / BM25_FOLDER),
        dense=DenseIndex.load(folder / DENSE_FILE),
        embedder=_embedder_for(folder, settings),
        active=active,
    )


def _matches(clause: Clause, filters: Filters, year_of: dict[str, int | None]) -> bool:
    if filters.files and clause.file not in filters.files:
        return False
    if filters.issuer and filters.issuer not in (clause.issuer or ""):
        return False
    if filters.doc_number and _compact(filters.doc_number) != _compact(clause.doc_number or ""):
        return False
    if filters.year and year_of.get(clause.file) != filters.year:
        return False
    return True


def _compact(text: str) -> str:
    return re.sub(r"[\s〔〕\[\]［］()（）]", "", text)


class HybridRetriever:
    """BM25 + dense retrieval with reciprocal-rank fusion and an optional cross-encoder."""

    def __init__(self, index: LoadedIndex, settings: Settings, reranker: Any = None) -> None:
        self.index = index
        self.settings = settings
        self.reranker = reranker
        self._levels = {name: self._level(name) for name in index.sources}
        self._years = {clause.file: int(clause.date[:4]) if clause.date else None for clause in index.clauses}

    def _level(self, file: str) -> str | None:
        from rag.docmeta import extract_meta

        return extract_meta(self.index.sources[file].text).level

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

    def _bm25_ranking(self, query: str, mask: np.ndarray, depth: int) -> list[int]:
        from rag.tokenize import tokenize

        scores = self.index.bm25.scores(tokenize(query))
        if not len(scores):
            return []
        scores = np.where(mask, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:depth]
        return [int(row) for row in order if scores[row] > 0]

    def _dense_ranking(self, query: str, mask: np.ndarray, depth: int) -> list[int]:
        vector = self.index.embedder.embed_queries([query])[0]
        wanted = depth if mask.all() else min(len(mask), depth * 20)
        return [row for row, _ in self.index.dense.search(vector, wanted) if mask[row]][:depth]

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The `k` best clauses for `query`, duplicates of the same text collapsed."""
        from rag.fusion import rrf

        if not query.strip():
            raise UsageError("请输入检索内容")
        mask = self.allowed(filters)
        depth = max(self.settings.candidates, k)
        rankings: dict[str, list[int]] = {}
        weights: dict[str, float] = {}
        for number, text in enumerate([query, *sub_queries(query)]):
            share = 1.0 if number == 0 else 0.5  # each side of a comparison gets a voice, the question leads
            rankings[f"bm25{number}"] = self._bm25_ranking(text, mask, depth)
            rankings[f"dense{number}"] = self._dense_ranking(text, mask, depth)
            weights[f"bm25{number}"] = self.settings.bm25_weight * share
            weights[f"dense{number}"] = self.settings.resolved_dense_weight * share
        fused = rrf(rankings, weights, k=self.settings.rrf_k)
        hits = self._collapse(fused, k * 3 if self.reranker else k)
        return self._rerank(query, hits)[:k] if self.reranker else hits[:k]

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

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        scores = self.reranker.rerank(query, [hit.clause.text for hit in hits])
        order = sorted(range(len(hits)), key=lambda index: -scores[index])
        return [Hit(hits[index].clause, float(scores[index]), rank + 1, {"fused": hits[index].score}) for rank, index in enumerate(order)]


def open_retriever(settings: Settings, build_if_needed: bool = True) -> HybridRetriever:
    """The retriever of the live index, building or updating the index first when needed."""
    from rag.ingest import index_status, ingest

    status = index_status(settings)
    if status.state == "mismatch":
        raise IndexMismatchError(status.detail)
    if status.state in ("missing", "stale") and build_if_needed:
        ingest(settings)
    reranker = None
    if settings.reranker:
        from rag.rerank import CrossEncoderReranker

        reranker = CrossEncoderReranker(settings.reranker)
    return HybridRetriever(open_index(settings), settings, reranker)


def build_in_memory(clauses: list[Clause], sources: dict[str, SourceText], settings: Settings) -> HybridRetriever:
    """A retriever over any list of clauses (e.g. a chunking baseline), never touching the index folder."""
    from rag.bm25 import BM25Index
    from rag.dense import DenseIndex
    from rag.embedders import BuiltinEmbedder, make_embedder
    from rag.passages import passage_text
    from rag.store import Manifest
    from rag.tokenize import tokenize_many

    texts = [passage_text(clause) for clause in clauses]
    embedder = BuiltinEmbedder(dim=settings.embedder_dim).fit(texts) if settings.embedder == "builtin" else make_embedder(settings)
    vectors = embedder.embed_passages(texts)
    manifest = Manifest(1, "", str(settings.corpus_path), {}, {"name": settings.embedder, "dim": int(embedder.dim)}, {})
    files = IndexFiles(manifest, list(clauses), dict(sources), vectors, [])
    active = np.array([clause.duplicate_of is None for clause in clauses], dtype=bool)
    index = LoadedIndex(files, BM25Index.build(tokenize_many(texts)), DenseIndex.build(vectors), embedder, active)
    return HybridRetriever(index, settings)
