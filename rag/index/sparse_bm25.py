"""BM25 as two sparse vectors whose inner product is the BM25 score (for vector stores).

The split of bm25s's Lucene variant (rag.index.bm25): a document carries, per term,
`tf / (tf + k1 * (1 - b + b * len(d) / avgdl))`; a query carries `count * idf(t)` with
`idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))`. Their inner product is the score the
local index gives, so a store that only does sparse inner products ranks like it.

`TermStats` numbers the terms (in order of first appearance, so no two terms share a
number as they would with hashing) and keeps the document count, total length and
document frequencies; adding and removing documents updates them, so an incremental
update never re-reads the whole corpus.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

K1 = 1.2
B = 0.75
# Milvus accepts sparse indices in [0, 2^32 - 1); the last of them is kept for rows without terms.
PLACEHOLDER_TERM = 2**32 - 2


def idf(df: int, documents: int) -> float:
    """Lucene's BM25 idf, as bm25s computes it."""
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))


@dataclass
class TermStats:
    """Term numbers, document count, total length and document frequencies of a corpus."""

    documents: int = 0
    total_length: int = 0
    numbers: dict[str, int] = field(default_factory=dict)  # term -> its sparse index
    frequencies: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # by term number

    @property
    def avgdl(self) -> float:
        return self.total_length / self.documents if self.documents else 0.0

    def counts(self, tokens: Iterable[str], grow: bool = False) -> dict[int, int]:
        """How often each term number occurs in `tokens`; unknown terms get new numbers when `grow`, else are left out."""
        counts: dict[int, int] = {}
        for token, count in Counter(tokens).items():
            number = self.numbers.get(token)
            if number is None:
                if not grow:
                    continue
                number = self.numbers[token] = len(self.numbers)
            counts[number] = count
        return counts

    def update(self, added: Iterable[Sequence[str]] = (), removed: Iterable[Sequence[str]] = ()) -> None:
        """Count the token lists of added documents in, those of removed ones out."""
        delta: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        signs: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        for tokens_list, sign in ((added, 1), (removed, -1)):
            for tokens in tokens_list:
                self.documents += sign
                self.total_length += sign * len(tokens)
                numbers = np.fromiter(self.counts(tokens, grow=True), dtype=np.int64)
                delta.append(numbers)
                signs.append(np.full(len(numbers), sign, dtype=np.int64))
        frequencies = np.zeros(len(self.numbers), dtype=np.int64)
        frequencies[: len(self.frequencies)] = self.frequencies
        np.add.at(frequencies, np.concatenate(delta), np.concatenate(signs))
        self.frequencies = frequencies

    def frequency(self, token: str) -> int:
        number = self.numbers.get(token)
        return self._df(number) if number is not None else 0

    def _df(self, number: int) -> int:
        """Document frequency of a term number (0 for one numbered by `document_weights` but not yet counted)."""
        return int(self.frequencies[number]) if number < len(self.frequencies) else 0

    def document_weights(self, tokens: Sequence[str], avgdl: float, k1: float = K1, b: float = B) -> dict[int, float]:
        """The document side of BM25: saturated, length-normalised term frequencies (terms numbered as needed)."""
        norm = k1 * (1 - b + b * len(tokens) / max(avgdl, 1e-9))
        return {number: tf / (tf + norm) for number, tf in self.counts(tokens, grow=True).items()}

    def query_weights(self, tokens: Sequence[str]) -> dict[int, float]:
        """The query side of BM25: idf times how often the query repeats the term."""
        weights: dict[int, float] = {}
        for number, count in self.counts(tokens).items():
            df = self._df(number)
            if df > 0:
                weights[number] = count * idf(df, self.documents)
        return weights

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        terms = np.array(sorted(self.numbers, key=self.numbers.__getitem__), dtype=str)
        counts = np.array([self.documents, self.total_length], dtype=np.int64)
        np.savez_compressed(buffer, counts=counts, terms=terms, frequencies=self.frequencies)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "TermStats":
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            documents, total_length = (int(value) for value in arrays["counts"])
            numbers = {str(term): number for number, term in enumerate(arrays["terms"].tolist())}
            return cls(documents, total_length, numbers, arrays["frequencies"].astype(np.int64))
