"""The seams between stages: small protocols and aliases every stage codes against.

- `Embedder` (index): texts to L2-normalized vectors, queries and passages apart;
- `SimilarityScorer` (index, retrieval): how close in meaning a question is to each text;
- `ClauseSimilarity` (retrieval): the same for indexed clauses, from the vectors the index holds;
- `Retriever` (retrieval): `search(query, k, filters) -> list[Hit]`;
- `Search`: a retriever call narrowed to some files, as the answering stage uses it;
- `TermStatistics`: a retriever that also knows each term's inverse document frequency;
- `MeaningSearch`: a retriever that can search a text by the meaning (embedding) of another;
- `Generator` (answering): chat messages to text, whole or piece by piece;
- `Answerer` (answering): a question, its history and filters to a cited `Answer`;
- `History`: earlier turns as `Turn`, `Answer` or bare question strings.

Implementations live in their stage; fakes for tests implement the same protocols.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rag.types import Answer, Clause, Filters, Hit, Turn

if TYPE_CHECKING:
    import numpy as np

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": ...}
History = Sequence[Turn | Answer | str]
# search(query, k, files): the best `k` hits, restricted to `files` when that is not empty.
Search = Callable[[str, int, tuple[str, ...]], list[Hit]]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors of shape (len(texts), dim)."""

    name: str

    @property
    def dim(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class SimilarityScorer(Protocol):
    """Scores how close each text (a sentence, a clause) is in meaning to a question: cosine, -1 to 1."""

    def similarity(self, query: str, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class ClauseSimilarity(Protocol):
    """A retriever that scores how close in meaning indexed clauses are to a question, from the
    clause vectors it already holds (optional capability: nothing is embedded but the question)."""

    @property
    def embedder_name(self) -> str: ...

    def clause_similarity(self, query: str, clauses: Sequence[Clause]) -> np.ndarray: ...


class Retriever(Protocol):
    """Anything that ranks clauses for a query."""

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]: ...


@runtime_checkable
class TermStatistics(Protocol):
    """A retriever that can say how informative a term is in its corpus (optional capability)."""

    def idf(self, terms: Sequence[str]) -> dict[str, float]: ...


@runtime_checkable
class MeaningSearch(Protocol):
    """A retriever whose dense signal can search by the meaning of another text (optional
    capability): the searches of one answer share the question's one embedding, each still
    matched word by word (BM25) on its own text."""

    def search_as(self, query: str, meaning: str, k: int = 10, filters: Filters | None = None) -> list[Hit]: ...


class Generator(Protocol):
    """Anything that completes a chat."""

    def generate(self, messages: Sequence[Message]) -> str: ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...


class Answerer(Protocol):
    """Anything that answers a question with citations (extractive or LLM)."""

    def answer(
        self,
        question: str,
        history: History = (),
        filters: Filters | None = None,
        question_id: str | None = None,
    ) -> Answer: ...

    def stream(
        self,
        question: str,
        history: History = (),
        filters: Filters | None = None,
        question_id: str | None = None,
    ) -> Iterator[str | Answer]: ...
