"""BM25 over pre-tokenized documents, backed by the bm25s library.

Scoring is bm25s's Lucene variant: for each query token t (repeats count again),
`idf(t) * tf / (tf + k1 * (1 - b + b * len(d) / avgdl))` with
`idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))`. A saved index is a folder of bm25s's
plainly named files (`params.index.json`, `vocab.index.json`, `*.csc.index.npy`).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Sequence

import numpy as np

PARAMS_FILE = "params.index.json"


class BM25Index:
    """A BM25 index of documents given as token lists; documents are numbered from 0."""

    def __init__(self, retriever: Any, n_docs: int) -> None:
        self._retriever = retriever  # a bm25s.BM25, or None when there are no documents
        self.n_docs = n_docs

    def __len__(self) -> int:
        return self.n_docs

    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> "BM25Index":
        """Index `token_lists`, one list of tokens per document."""
        import bm25s

        if not token_lists:
            return cls(None, 0)
        vocab: dict[str, int] = {}
        # Our own vocabulary in first-seen order keeps saved files identical across runs
        # (bm25s would number tokens in set order, which changes with hash seeds).
        ids = [[vocab.setdefault(token, len(vocab)) for token in tokens] for tokens in token_lists]
        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        retriever.index((ids, vocab), create_empty_token=False, show_progress=False)
        return cls(retriever, len(token_lists))

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for `query_tokens` (float32, zeros when nothing matches)."""
        if self._retriever is None:
            return np.zeros(0, dtype=np.float32)
        vocab = self._retriever.vocab_dict
        ids = [vocab[token] for token in query_tokens if token in vocab]
        if not ids:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self._retriever.get_scores_from_ids(ids), dtype=np.float32)

    def document_frequencies(self, tokens: Sequence[str]) -> dict[str, int]:
        """How many documents hold each token (0 for tokens the index does not know)."""
        if self._retriever is None:
            return {token: 0 for token in tokens}
        vocab, pointers = self._retriever.vocab_dict, self._retriever.scores["indptr"]
        return {token: int(pointers[vocab[token] + 1] - pointers[vocab[token]]) if token in vocab else 0 for token in tokens}

    def search(self, query_tokens: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The `k` best documents as (doc index, score), best first; only documents that match."""
        scores = self.scores(query_tokens)
        return top_k(scores, k)

    def save(self, folder: str | Path) -> None:
        """Write the index into `folder` (created if needed)."""
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        if self._retriever is None:
            (path / PARAMS_FILE).write_text(json.dumps({"num_docs": 0}), encoding="utf-8")
            return
        self._retriever.save(str(path), show_progress=False)

    @classmethod
    def load(cls, folder: str | Path) -> "BM25Index":
        """Read an index written by `save`."""
        import bm25s

        path = Path(folder)
        params = json.loads((path / PARAMS_FILE).read_text(encoding="utf-8"))
        if not params.get("num_docs"):
            return cls(None, 0)
        retriever = bm25s.BM25.load(str(path), show_progress=False)
        return cls(retriever, int(params["num_docs"]))


def bm25_idf(n: int, df: int) -> float:
    """Lucene's BM25 inverse document frequency of a term held by `df` of `n` documents.

    A term in no document weighs as one in a single document: rare, but not infinitely
    more telling than the rarest term the corpus has."""
    df = max(1, df)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Indices and values of the `k` highest positive scores, best first, ties by lower index."""
    if k <= 0 or scores.size == 0:
        return []
    candidates = np.flatnonzero(scores > 0)
    if candidates.size > k:
        part = np.argpartition(-scores[candidates], k - 1)[:k]
        threshold = scores[candidates[part]].min()
        # Keep every candidate tied with the k-th so that ties resolve by index, not by partition order.
        candidates = candidates[scores[candidates] >= threshold]
    order = np.lexsort((candidates, -scores[candidates]))[:k]
    return [(int(candidates[i]), float(scores[candidates[i]])) for i in order]
