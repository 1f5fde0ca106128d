"""The vectors an answer's searches share: the question is embedded once, not once per search."""

from __future__ import annotations

import numpy as np

from rag.index.recent import remembered
from rag.interfaces import Embedder


RECENT = 8  # texts kept: the answers running at once (app workers) each keep their question


class SharedMeaning:
    """The query vectors of the last few texts a retriever searched by (the meaning of
    `MeaningSearch.search_as`, a plain query, a question scored for clause similarity).

    Every search of one answer passes the same question as its meaning, so only the first
    embeds it, whatever the embedder; the oldest of more than RECENT texts is forgotten.
    Safe across threads: the memory is replaced whole, and a reader that misses a text
    embeds it again.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._recent: dict[str, np.ndarray] = {}

    def vector(self, text: str) -> np.ndarray:
        found = self._recent.get(text)
        if found is None:
            found = self.embedder.embed_queries([text])[0]
            self._recent = remembered(self._recent, text, found, RECENT)
        return found
