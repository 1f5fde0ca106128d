"""A deterministic fake embedder for tests (`RAG_EMBEDDER=keyword`): hashed token counts.

Needs no fitting and no model, so a test index builds in milliseconds while still
ranking passages that share words with the query first.
"""

from __future__ import annotations

import zlib
from typing import Sequence

import numpy as np

from rag.config import Settings
from rag.index.embedders.vectors import l2_normalize
from rag.index.tokenizer import TokenizerConfig, tokenize

KEYWORD = "keyword"


class KeywordEmbedder:
    """Deterministic fake for tests: counts of hashed tokens (unigrams + bigrams), normalized."""

    name = KEYWORD

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim
        self._tokenizer = TokenizerConfig(words="none")

    @classmethod
    def from_settings(cls, settings: Settings) -> "KeywordEmbedder":
        """The default 64 dimensions (the setting `embedder_dim` is for the built-in embedder)."""
        return cls()

    @property
    def dim(self) -> int:
        return self._dim

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text, self._tokenizer):
                matrix[row, zlib.crc32(token.encode("utf-8")) % self._dim] += 1.0
        return l2_normalize(matrix)
