"""Building the search structures of one index build: embeddings, FAISS and BM25."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.passages import content_hash, passage_text
from rag.store import IndexFiles
from rag.types import Clause

REFIT_SHARE = 0.3  # refit the built-in embedder when this share of passages is new
EMBEDDER_FOLDER = "embedder"
BM25_FOLDER = "bm25"
DENSE_FILE = "dense.faiss"
TOKENS_FILE = "tokenizer.json"


@dataclass(frozen=True)
class Embedded:
    """Embedding rows aligned with the clauses, and how many had to be computed."""

    vectors: np.ndarray
    hashes: list[str]
    new_rows: int
    embedder_info: dict[str, Any]


def _reused_rows(old: IndexFiles | None, hashes: list[str]) -> tuple[np.ndarray | None, list[int]]:
    """Old rows for passages whose content hash is unchanged, and the rows still to embed."""
    if old is None or not len(old.embeddings):
        return None, list(range(len(hashes)))
    position = {digest: row for row, digest in enumerate(old.passage_hashes)}
    vectors = np.zeros((len(hashes), old.embeddings.shape[1]), dtype=np.float32)
    missing: list[int] = []
    for row, digest in enumerate(hashes):
        if digest in position:
            vectors[row] = old.embeddings[position[digest]]
        else:
            missing.append(row)
    return vectors, missing


def _builtin_embedder(settings: Settings, old: IndexFiles | None, texts: list[str], missing: list[int]) -> tuple[Any, bool]:
    """The built-in embedder: the old fitted one, or a new fit when much of the corpus is new."""
    from rag.embedders import BuiltinEmbedder

    old_model = old.folder / EMBEDDER_FOLDER if old is not None and old.folder is not None else None
    share_new = len(missing) / max(1, len(texts))
    if old_model is not None and old_model.is_dir() and share_new <= REFIT_SHARE:
        return BuiltinEmbedder.load(old_model), False
    return BuiltinEmbedder(dim=settings.embedder_dim).fit(texts), True


def embed_clauses(folder: Path, clauses: list[Clause], settings: Settings, old: IndexFiles | None) -> tuple[Embedded, bool]:
    """Embedding rows for every clause, reusing unchanged ones; saves a fitted embedder."""
    from rag.embedders import make_embedder

    texts = [passage_text(clause) for clause in clauses]
    hashes = [content_hash(text) for text in texts]
    vectors, missing = _reused_rows(old, hashes)
    refit = False
    if settings.embedder == "builtin":
        embedder, refit = _builtin_embedder(settings, old, texts, missing)
        embedder.save(folder / EMBEDDER_FOLDER)
        if refit:
            vectors, missing = None, list(range(len(texts)))
    else:
        embedder = make_embedder(settings)
    if vectors is None:
        vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    if missing:
        vectors[missing] = embedder.embed_passages([texts[row] for row in missing])
    info = {"name": settings.embedder, "model": embedder.name, "dim": int(embedder.dim)}
    return Embedded(vectors, hashes, len(missing), info), refit


def build_indexes(folder: Path, clauses: list[Clause], settings: Settings, old: IndexFiles | None) -> tuple[Embedded, bool]:
    """Write embedder, FAISS and BM25 files of a build into `folder`."""
    from rag.bm25 import BM25Index
    from rag.dense import DenseIndex
    from rag.tokenize import DEFAULT_CONFIG, tokenize_many

    embedded, refit = embed_clauses(folder, clauses, settings, old)
    DenseIndex.build(embedded.vectors).save(folder / DENSE_FILE)
    tokens = tokenize_many(passage_text(clause) for clause in clauses)
    BM25Index.build(tokens).save(folder / BM25_FOLDER)
    (folder / TOKENS_FILE).write_text(__import__("json").dumps(DEFAULT_CONFIG.to_dict()), encoding="utf-8")
    return embedded, refit
