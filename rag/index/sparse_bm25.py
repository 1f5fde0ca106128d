"""BM25 as two sparse vectors whose inner product is the BM25 score (for vector stores).

The split of bm25s's Lucene variant (rag.index.bm25): a document carries, per term,
`tf / (tf + k1 * (1 - b + b * len(d) / avgdl))`; a query carries `count * idf(t)` with
`idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))`. Their inner product is the score the
local index gives, so a store that only does sparse inner products ranks like it.

Terms are numbered by a hash (Milvus sparse indices are 32-bit); distinct terms that
share a number are merged, as in Milvus's own BM25 (a few in a million-term vocabulary).
Document frequencies are kept as two sorted arrays (`TermStats`), updated by adding and
removing documents, so an incremental update never re-reads the whole corpus.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

K1 = 1.2
B = 0.75
TERM_SPACE = 2**32 - 2  # Milvus accepts indices in [0, 2^32 - 1); the last one is kept for PLACEHOLDER_TERM
PLACEHOLDER_TERM = TERM_SPACE  # the one "term" of a row without terms (Milvus rejects empty sparse vectors)


@lru_cache(maxsize=1 << 21)
def term_id(token: str) -> int:
    """A stable 32-bit number for `token` (the same on every machine and run)."""
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") % TERM_SPACE


def term_counts(tokens: Iterable[str]) -> dict[int, int]:
    """How often each term number occurs in `tokens`."""
    counts: dict[int, int] = {}
    for token, count in Counter(tokens).items():
        term = term_id(token)
        counts[term] = counts.get(term, 0) + count
    return counts


def _term_array(token_lists: Iterable[Sequence[str]]) -> tuple[np.ndarray, int, int]:
    """The distinct term numbers of each list, concatenated; the number of lists; their total length."""
    parts = [np.zeros(0, dtype=np.int64)]
    documents = length = 0
    for tokens in token_lists:
        parts.append(np.fromiter(term_counts(tokens), dtype=np.int64))
        documents += 1
        length += len(tokens)
    return np.concatenate(parts), documents, length


def document_weights(tokens: Sequence[str], avgdl: float, k1: float = K1, b: float = B) -> dict[int, float]:
    """The document side of BM25: saturated, length-normalised term frequencies."""
    norm = k1 * (1 - b + b * len(tokens) / max(avgdl, 1e-9))
    return {term: tf / (tf + norm) for term, tf in term_counts(tokens).items()}


def idf(df: int, documents: int) -> float:
    """Lucene's BM25 idf, as bm25s computes it."""
    return math.log(1 + (documents - df + 0.5) / (df + 0.5))


@dataclass
class TermStats:
    """Document count, total length and document frequency of every term of a corpus."""

    documents: int = 0
    total_length: int = 0
    terms: np.ndarray = None  # type: ignore[assignment]  # sorted uint32 term numbers
    frequencies: np.ndarray = None  # type: ignore[assignment]  # int64 document frequency per term

    def __post_init__(self) -> None:
        if self.terms is None:
            self.terms = np.zeros(0, dtype=np.uint32)
        if self.frequencies is None:
            self.frequencies = np.zeros(0, dtype=np.int64)

    @property
    def avgdl(self) -> float:
        return self.total_length / self.documents if self.documents else 0.0

    def update(self, added: Iterable[Sequence[str]] = (), removed: Iterable[Sequence[str]] = ()) -> None:
        """Count the token lists of added documents in, those of removed ones out."""
        plus, added_count, added_length = _term_array(added)
        minus, removed_count, removed_length = _term_array(removed)
        self.documents += added_count - removed_count
        self.total_length += added_length - removed_length
        terms = np.concatenate([self.terms.astype(np.int64), plus, minus])
        weights = np.concatenate([self.frequencies, np.ones(len(plus), np.int64), -np.ones(len(minus), np.int64)])
        unique, inverse = np.unique(terms, return_inverse=True)
        counts = np.bincount(inverse, weights=weights, minlength=len(unique)).round().astype(np.int64)
        kept = counts > 0
        self.terms = unique[kept].astype(np.uint32)
        self.frequencies = counts[kept]

    def frequency(self, term: int) -> int:
        position = int(np.searchsorted(self.terms, term))
        if position < len(self.terms) and int(self.terms[position]) == term:
            return int(self.frequencies[position])
        return 0

    def query_weights(self, tokens: Sequence[str]) -> dict[int, float]:
        """The query side of BM25: idf times how often the query repeats the term."""
        weights: dict[int, float] = {}
        for term, count in term_counts(tokens).items():
            df = self.frequency(term)
            if df:
                weights[term] = count * idf(df, self.documents)
        return weights

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        counts = np.array([self.documents, self.total_length], dtype=np.int64)
        np.savez_compressed(buffer, counts=counts, terms=self.terms, frequencies=self.frequencies)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "TermStats":
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            documents, total_length = (int(value) for value in arrays["counts"])
            return cls(documents, total_length, arrays["terms"].astype(np.uint32), arrays["frequencies"].astype(np.int64))
