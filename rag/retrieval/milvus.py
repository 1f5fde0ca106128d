"""Hybrid retrieval over the Milvus store, ranked as the local index ranks.

Milvus returns the candidates: the BM25 ones by inner product of the query's idf weights
with the stored document weights (rag.index.sparse_bm25), the dense ones by inner
product of vectors, both restricted by a filter expression (rag.retrieval.milvus_filters).
Fusion, the authority prior, comparison sub-queries, duplicate collapsing and reranking
are the project's own, as in `HybridRetriever`, so both stores return the same clauses.
`fusion = "union"` is min-max here: Milvus scores only the rows each list returns.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from typing import Any

from rag.config import Fusion, Settings
from rag.errors import IndexMissingError, UsageError
from rag.index.authority import authority_scores
from rag.index.milvus_ingest import StoreState, load_embedder, read_state, stored_documents
from rag.index.milvus_store import MilvusStore
from rag.index.tokenizer import DEFAULT_CONFIG, TokenizerConfig, tokenize
from rag.interfaces import Embedder
from rag.retrieval.fusion import minmax_fusion, ranking, rrf
from rag.retrieval.hybrid import interleave, named_region
from rag.retrieval.meaning import SharedMeaning
from rag.retrieval.milvus_filters import filter_expression, with_region
from rag.retrieval.rerank import CrossEncoderReranker
from rag.retrieval.subqueries import sub_queries
from rag.text.regions import load_regions
from rag.types import Clause, DocMeta, Document, Filters, Hit, SourceText

FIELDS = ["file", "position", "data"]
Key = tuple[str, int]  # (file, position): the order of the local index, for ties


class StoredIndex:
    """What the app reads of an index (clauses, sources, metadata), loaded from Milvus on first use."""

    def __init__(self, store: MilvusStore, state: StoreState) -> None:
        self.store = store
        self.state = state

    @cached_property
    def _documents(self) -> dict[str, Document]:
        return stored_documents(self.store, self.state, set(self.state.records))

    @property
    def clauses(self) -> list[Clause]:
        return [clause for name in sorted(self._documents) for clause in self._documents[name].clauses]

    @property
    def sources(self) -> dict[str, SourceText]:
        return {name: self._documents[name].source for name in sorted(self._documents)}

    @property
    def files(self) -> "StoredIndex":
        return self  # `index.files.meta(name)`, as on the local index

    @property
    def citations(self) -> dict[str, int]:
        return self.state.citations

    def meta(self, file: str) -> DocMeta:
        return self.state.metas.get(file, DocMeta())


class MilvusRetriever:
    """BM25 + dense retrieval in Milvus with the project's fusion; `search` as `HybridRetriever.search`."""

    def __init__(self, store: MilvusStore, state: StoreState, embedder: Embedder, settings: Settings,
                 reranker: CrossEncoderReranker | None = None) -> None:
        self.store = store
        self.state = state
        self.embedder = embedder
        self._meaning = SharedMeaning(embedder)
        self.settings = settings
        self.reranker = reranker
        self.index = StoredIndex(store, state)
        self.tokenizer = TokenizerConfig.from_dict(state.manifest["tokenizer"]) if "tokenizer" in state.manifest else None
        regions = {meta.region for meta in state.metas.values()}
        gazetteer = load_regions()
        self._region_words = {region: gazetteer.names_of(region) for region in regions if region}
        self._region_count = len(regions)
        self._authority = authority_scores(state.citations) if state.citations else {}

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """The `k` best clauses for `query`, duplicates of the same text collapsed."""
        return self._search(query, None, k, filters)

    def search_as(self, query: str, meaning: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        """As `search`, the dense signal searching by the meaning of `meaning` (`HybridRetriever.search_as`)."""
        return self._search(query, meaning, k, filters)

    def _search(self, query: str, meaning: str | None, k: int, filters: Filters | None) -> list[Hit]:
        if not query.strip():
            raise UsageError("请输入检索内容")
        expression = filter_expression(filters)
        depth = max(self.settings.retrieval.candidates, k)
        clauses: dict[Key, Clause] = {}
        dense = self._dense(meaning, expression, depth, clauses) if meaning else None  # one request for every side
        fused = self._fused(query, meaning or query, expression, depth, clauses, dense)
        sides = [self._fused(text, meaning or text, expression, depth, clauses, dense) for text in sub_queries(query)]
        if sides:
            fused = interleave([fused, *sides])
        hits = collapse(fused, clauses, k * 3 if self.reranker else k)
        return self._rerank(query, hits)[:k] if self.reranker else hits[:k]

    def _candidates(self, field: str, query: Any, expression: str, depth: int, clauses: dict[Key, Clause]) -> list[tuple[Key, float]]:
        """Milvus's best rows as (key, score), best first, ties in index order; their clauses kept in `clauses`."""
        found = []
        for row in self.store.search(field, query, depth, expression, FIELDS):
            key = (row["file"], int(row["position"]))
            if key not in clauses:
                clauses[key] = Clause.from_dict(json.loads(row["data"]))
            found.append((key, row["score"]))
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def _dense(self, meaning: str, expression: str, depth: int, clauses: dict[Key, Clause]) -> list[tuple[Key, float]]:
        """Milvus's best rows in meaning for `meaning`."""
        vector = [float(value) for value in self._meaning.vector(meaning)]
        return self._candidates("dense", vector, expression, depth, clauses)

    def _fused(self, query: str, meaning: str, expression: str, depth: int, clauses: dict[Key, Clause],
               dense: list[tuple[Key, float]] | None = None) -> list[tuple[Key, float]]:
        weights = self.state.stats.query_weights(tokenize(query, self.tokenizer or DEFAULT_CONFIG))
        bm25 = self._candidates("sparse", weights, expression, depth, clauses) if weights else []
        dense = self._dense(meaning, expression, depth, clauses) if dense is None else dense
        results = {"bm25": [hit for hit in bm25 if hit[1] > 0], "dense": dense}
        fusion_weights = {"bm25": self.settings.bm25_weight, "dense": self.settings.retrieval.dense_weight}
        region = named_region(query, self._region_words, self._region_count)
        if region is not None and weights:
            region_hits = self._candidates("sparse", weights, with_region(expression, region), depth, clauses)
            results["region"] = [hit for hit in region_hits if hit[1] > 0]
            fusion_weights["region"] = 0.5 * self.settings.bm25_weight
        if self.settings.retrieval.fusion in (Fusion.MINMAX, Fusion.UNION):
            fused = minmax_fusion(results, fusion_weights)  # type: ignore[arg-type]  # keys are (file, position)
        else:
            fused = rrf({name: ranking(hits) for name, hits in results.items()}, fusion_weights, k=self.settings.rrf_k)  # type: ignore[arg-type]
        return self._with_authority(fused)

    def _with_authority(self, fused: list[tuple[Key, float]]) -> list[tuple[Key, float]]:
        """Fused scores plus the authority prior of each clause's document, re-sorted (as HybridRetriever)."""
        weight = self.settings.retrieval.authority_weight
        if not weight or not fused or not any(self._authority.values()):
            return fused
        scale = weight * max(score for _, score in fused)
        scored = [(key, score + scale * self._authority.get(key[0], 0.0)) for key, score in fused]
        return sorted(scored, key=lambda item: (-item[1], item[0]))

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        scores = self.reranker.rerank(query, [hit.clause.text for hit in hits])
        order = sorted(range(len(hits)), key=lambda index: -scores[index])
        return [Hit(hits[index].clause, float(scores[index]), rank + 1, {"fused": hits[index].score}) for rank, index in enumerate(order)]


def collapse(fused: list[tuple[Key, float]], clauses: dict[Key, Clause], limit: int) -> list[Hit]:
    """Hits of the fused ranking, one per clause text."""
    seen: set[str] = set()
    hits: list[Hit] = []
    for key, score in fused:
        clause = clauses[key]
        text = re.sub(r"\s+", "", clause.text)
        if text in seen:
            continue
        seen.add(text)
        hits.append(Hit(clause=clause, score=float(score), rank=len(hits) + 1))
        if len(hits) >= limit:
            break
    return hits


def open_milvus_retriever(settings: Settings) -> MilvusRetriever:
    """The retriever of the Milvus store as it is (IndexMissingError when nothing is built)."""
    store = MilvusStore.open(settings)
    state = read_state(store)
    if state is None:
        raise IndexMissingError(f"Milvus（{store.where.shown}）中没有可用的索引，请先运行 rag ingest")
    return MilvusRetriever(store, state, load_embedder(store, settings), settings, CrossEncoderReranker.from_settings(settings))
