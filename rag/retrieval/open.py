"""Opening a built index for searching, or building a throwaway one in memory.

Reading only: nothing here writes an index. A command that may need to build or update
the index first calls `rag.index.ingest.ensure_index` before `open_retriever`.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rag.config import Settings
from rag.errors import IndexDamagedError, IndexMismatchError, RagError
from rag.index.bm25 import BM25Index
from rag.index.build import BM25_FOLDER, DENSE_FILE, EMBEDDER_FOLDER, TOKENS_FILE, fit_builtin, passage_vectors
from rag.index.dense import DenseIndex
from rag.index.embedders import BuiltinEmbedder, make_embedder
from rag.index.passages import dense_texts, passage_text
from rag.index.status import embedder_mismatch
from rag.index.storage import IndexFiles, Manifest, current_folder, damaged, read_core, require_folder
from rag.index.tokenizer import DEFAULT_CONFIG, TokenizerConfig, tokenize_many
from rag.index.milvus_store import uses_milvus
from rag.interfaces import Embedder
from rag.retrieval.hybrid import HybridRetriever, LoadedIndex
from rag.retrieval.milvus import MilvusRetriever, open_milvus_retriever
from rag.retrieval.rerank import CrossEncoderReranker
from rag.types import Clause, SourceText


def _embedder_for(folder: Path, settings: Settings) -> Embedder:
    if settings.embedder == "builtin":
        return BuiltinEmbedder.load(folder / EMBEDDER_FOLDER)
    return make_embedder(settings)


def _tokenizer_config(folder: Path) -> TokenizerConfig:
    path = folder / TOKENS_FILE
    return TokenizerConfig.from_dict(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else DEFAULT_CONFIG


OPEN_ATTEMPTS = 3  # a build replaced (and removed) while it is being opened is opened again


def open_index(settings: Settings) -> LoadedIndex:
    """Load the live build; the embedder is the one the build was made with.

    Readers take no lock: builds are immutable once published, so a build read whole is
    consistent; one that vanishes under the reader (two publishes meanwhile) is reopened
    from `current`. Files that cannot be read become one IndexDamagedError.
    """
    root = settings.index_path
    for _ in range(OPEN_ATTEMPTS):
        folder = require_folder(root)
        try:
            return _load_build(folder, settings)
        except RagError:
            raise
        except Exception as error:  # the boundary where unreadable index files become one message
            if current_folder(root) != folder:
                continue
            raise damaged(folder, error) from error
    raise IndexDamagedError(f"索引 {root} 在读取期间反复被替换，请稍后重试")


def _load_build(folder: Path, settings: Settings) -> LoadedIndex:
    files = read_core(folder)
    mismatch = embedder_mismatch(files.manifest, settings)
    if mismatch:
        raise IndexMismatchError(mismatch)
    active = np.array([clause.duplicate_of is None for clause in files.clauses], dtype=bool)
    return LoadedIndex(
        files=files,
        bm25=BM25Index.load(folder / BM25_FOLDER),
        dense=DenseIndex.load(folder / DENSE_FILE),
        embedder=_embedder_for(folder, settings),
        active=active,
        tokenizer=_tokenizer_config(folder),
    )


def open_retriever(settings: Settings) -> HybridRetriever | MilvusRetriever:
    """The retriever of the live index as it is (IndexMissingError when there is none), in either store."""
    if uses_milvus(settings):
        return open_milvus_retriever(settings)
    return HybridRetriever(open_index(settings), settings, CrossEncoderReranker.from_settings(settings))


def build_in_memory(clauses: list[Clause], sources: dict[str, SourceText], settings: Settings) -> HybridRetriever:
    """A retriever over any list of clauses (e.g. a chunking baseline), never touching the index folder."""
    texts = [passage_text(clause) for clause in clauses]
    tokens = tokenize_many(texts)
    if settings.embedder == "builtin":
        embedder, vectors = fit_builtin(settings, tokens)
    else:
        embedder = make_embedder(settings)
        vectors = passage_vectors(embedder, dense_texts(clauses, texts, settings.embedder), tokens)
    manifest = Manifest(1, "", str(settings.corpus_path), {}, {"name": settings.embedder, "dim": int(embedder.dim)}, {})
    files = IndexFiles(manifest, list(clauses), dict(sources), vectors, [])
    active = np.array([clause.duplicate_of is None for clause in clauses], dtype=bool)
    index = LoadedIndex(files, BM25Index.build(tokens), DenseIndex.build(vectors), embedder, active)
    return HybridRetriever(index, settings)
