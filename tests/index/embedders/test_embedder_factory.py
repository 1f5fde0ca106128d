"""`make_embedder`: the implementation named by the settings, with nothing loaded yet."""

from __future__ import annotations

import subprocess
import sys

from rag.config import Settings
from rag.index.embedders import (
    BGE_ZH_QUERY_INSTRUCTION,
    BY_NAME,
    BuiltinEmbedder,
    KeywordEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from rag.index.embedders.e5 import E5Embedder
from tiny_models import SEEDS


def test_make_embedder_picks_the_implementation_without_loading_models() -> None:
    assert isinstance(make_embedder(Settings()), E5Embedder)  # the default: bundled, loaded on first use
    assert isinstance(make_embedder(Settings(embedder="builtin", embedder_dim=64)), BuiltinEmbedder)
    assert make_embedder(Settings(embedder="builtin", embedder_dim=64)).dim == 64
    assert isinstance(make_embedder(Settings(embedder="keyword")), KeywordEmbedder)
    model = make_embedder(Settings(embedder="BAAI/bge-small-zh-v1.5", batch_size=8))
    assert isinstance(model, SentenceTransformerEmbedder)
    assert model.query_instruction == BGE_ZH_QUERY_INSTRUCTION and model.batch_size == 8
    assert model._model is None


def test_every_named_embedder_is_built_by_the_factory() -> None:
    for name in BY_NAME:
        assert make_embedder(Settings(embedder=name)).name == name


def test_importing_the_retrieval_modules_does_not_import_torch() -> None:
    code = (
        "import sys, rag.index.tokenizer, rag.index.bm25, rag.index.dense, rag.retrieval.fusion, rag.index.embedders, rag.retrieval.rerank;"
        "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers', 'faiss') if m in sys.modules];"
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SEEDS.parent)
    assert result.returncode == 0, result.stdout + result.stderr
