"""Semantic similarity of a question with sentences or clauses, for evidence selection and refusal.

Any embedder serves: the question is embedded as a query, each text as a passage, and the
score is their cosine (vectors are L2-normalized). An embedder with its own `similarity`
method (e5-small: it skips the passage cache, so that answer sentences never enter it) is
asked directly. The built-in LSA vectors know only the corpus' words; e5-small knows the
language, so that 领失业金 is close to 失业保险金的申领.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from rag.interfaces import Embedder, SimilarityScorer


def semantic_similarity(embedder: Embedder, query: str, texts: Sequence[str]) -> np.ndarray:
    """Cosine similarity (float32, -1 to 1) of `query` with each of `texts`, in order."""
    if not texts:
        return np.zeros(0, dtype=np.float32)
    if isinstance(embedder, SimilarityScorer):
        return np.asarray(embedder.similarity(query, texts), dtype=np.float32)
    query_vector = embedder.embed_queries([query])[0]
    return np.asarray(embedder.embed_passages(list(texts)) @ query_vector, dtype=np.float32)
