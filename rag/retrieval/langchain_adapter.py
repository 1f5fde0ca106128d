"""LangChain interop, in one place: our types stay ours, LangChain's plug in.

- `clause_to_document` / `document_to_clause`: a Clause as a LangChain `Document` (text plus
  every SPEC field in `metadata`) and back.
- `EmbeddingsAdapter`: any of our embedders as LangChain `Embeddings`, so that another
  LangChain vector store (Chroma, Milvus, InMemoryVectorStore...) can index our clauses.
- `ClauseVectorStore`: our FAISS dense index behind LangChain's `VectorStore` interface.
- `ClauseRetriever`: the hybrid retriever as a LangChain `BaseRetriever`, usable in chains.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.vectorstores import VectorStore
from pydantic import ConfigDict

from rag.index.dense import DenseIndex
from rag.interfaces import Embedder
from rag.types import Clause, Filters


def clause_to_document(clause: Clause, score: float | None = None) -> Document:
    """A LangChain Document whose page_content is the clause text and metadata its fields."""
    metadata = {key: value for key, value in clause.to_dict().items() if key != "text"}
    if score is not None:
        metadata["score"] = score
    return Document(page_content=clause.text, metadata=metadata, id=clause.clause_id)


def document_to_clause(document: Document) -> Clause:
    """The Clause a Document made by `clause_to_document` came from."""
    return Clause.from_dict({**document.metadata, "text": document.page_content})


class EmbeddingsAdapter(Embeddings):
    """Our Embedder (separate query and passage encoding) as LangChain Embeddings."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return np.asarray(self.embedder.embed_passages(list(texts)), dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self.embedder.embed_queries([text])[0], dtype=np.float32).tolist()


class ClauseVectorStore(VectorStore):
    """Clauses in our FAISS index, searched through LangChain's VectorStore interface."""

    def __init__(self, embedding: Embeddings, clauses: Sequence[Clause] = (), vectors: np.ndarray | None = None) -> None:
        self._embedding = embedding
        self._clauses: list[Clause] = list(clauses)
        matrix = vectors if vectors is not None else np.zeros((0, 1), dtype=np.float32)
        self._index = DenseIndex.build(matrix) if len(self._clauses) else None

    @property
    def embeddings(self) -> Embeddings:
        return self._embedding

    def add_texts(self, texts: Iterable[str], metadatas: list[dict] | None = None, **kwargs: Any) -> list[str]:
        """Add texts (with clause fields as metadata, when given) and return their ids."""
        texts = list(texts)
        metadatas = metadatas or [{} for _ in texts]
        added = [self._clause_from(text, metadata, len(self._clauses) + offset) for offset, (text, metadata) in enumerate(zip(texts, metadatas))]
        vectors = np.asarray(self._embedding.embed_documents(texts), dtype=np.float32)
        existing = self._index.vectors() if self._index is not None else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        self._index = DenseIndex.build(np.vstack([existing, vectors]))
        self._clauses.extend(added)
        return [clause.clause_id for clause in added]

    @staticmethod
    def _clause_from(text: str, metadata: dict, number: int) -> Clause:
        defaults = {"clause_id": f"added:{number}", "file": "", "start": 0, "end": len(text), "line_start": 1, "line_end": 1, "section": ()}
        return Clause.from_dict({**defaults, **metadata, "text": text})

    def similarity_search_with_score(self, query: str, k: int = 4, **kwargs: Any) -> list[tuple[Document, float]]:
        if self._index is None:
            return []
        vector = np.asarray(self._embedding.embed_query(query), dtype=np.float32)
        return [(clause_to_document(self._clauses[row], score), score) for row, score in self._index.search(vector, k)]

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[Document]:
        return [document for document, _ in self.similarity_search_with_score(query, k, **kwargs)]

    def _select_relevance_score_fn(self):
        return lambda score: min(1.0, max(0.0, (score + 1.0) / 2.0))  # cosine in [-1, 1] to [0, 1]

    @classmethod
    def from_texts(cls, texts: list[str], embedding: Embeddings, metadatas: list[dict] | None = None, **kwargs: Any) -> "ClauseVectorStore":
        store = cls(embedding)
        store.add_texts(texts, metadatas)
        return store

    @classmethod
    def from_clauses(cls, clauses: Sequence[Clause], embedding: Embeddings) -> "ClauseVectorStore":
        return cls.from_texts([clause.text for clause in clauses], embedding, [clause.to_dict() for clause in clauses])


class ClauseRetriever(BaseRetriever):
    """Our hybrid retriever (BM25 + dense, fused) as a LangChain retriever."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any  # a rag.interfaces.Retriever; pydantic cannot validate a Protocol
    k: int = 5
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [clause_to_document(hit.clause, hit.score) for hit in self.retriever.search(query, self.k, self.filters)]
