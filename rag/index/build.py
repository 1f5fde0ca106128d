"""Building the search structures of one index build: embeddings, FAISS and BM25."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.index.bm25 import BM25Index
from rag.index.dense import DenseIndex
from rag.index.embedders import BuiltinEmbedder, make_embedder
from rag.index.passages import content_hash, dense_texts, passage_text
from rag.index.storage import MANIFEST, IndexFiles
from rag.index.tokenizer import DEFAULT_CONFIG, tokenize_many
from rag.interfaces import Embedder
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


def _builtin_embedder(settings: Settings, old: IndexFiles | None, share_new: float) -> BuiltinEmbedder | None:
    """The old fitted built-in embedder, or None when much of the corpus is new (refit)."""
    old_model = old.folder / EMBEDDER_FOLDER if old is not None and old.folder is not None else None
    if old_model is not None and old_model.is_dir() and share_new <= REFIT_SHARE:
        return BuiltinEmbedder.load(old_model)
    return None


def fit_builtin(settings: Settings, tokens: list[list[str]]) -> tuple[BuiltinEmbedder, np.ndarray]:
    """A built-in embedder fitted on passages tokenized with the BM25 tokenizer, and their vectors."""
    embedder = BuiltinEmbedder(dim=settings.embedder_dim, tokenizer=DEFAULT_CONFIG)
    return embedder, embedder.fit_embed_tokens(tokens)


def passage_vectors(embedder: Embedder, texts: list[str], tokens: list[list[str]]) -> np.ndarray:
    """Vectors of passages; the built-in embedder reuses the BM25 tokens when its tokenizer is the same."""
    if getattr(embedder, "tokenizer", None) == DEFAULT_CONFIG and hasattr(embedder, "embed_tokens"):
        return embedder.embed_tokens(tokens)
    return embedder.embed_passages(texts)


def embed_clauses(
    folder: Path, texts: list[str], tokens: list[list[str]], settings: Settings, old: IndexFiles | None
) -> tuple[Embedded, bool]:
    """Embedding rows for every passage, reusing unchanged ones; saves a fitted embedder."""
    hashes = [content_hash(text) for text in texts]
    vectors, missing = _reused_rows(old, hashes)
    refit = False
    if settings.embedder == "builtin":
        embedder = _builtin_embedder(settings, old, len(missing) / max(1, len(texts)))
        if embedder is None:
            refit = True
            embedder, vectors = fit_builtin(settings, tokens)
            missing_count = len(texts)
        embedder.save(folder / EMBEDDER_FOLDER)
    else:
        embedder = make_embedder(settings)
    if not refit:
        if vectors is None:
            vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
        if missing:
            vectors[missing] = passage_vectors(embedder, [texts[row] for row in missing], [tokens[row] for row in missing])
        missing_count = len(missing)
    info = {"name": settings.embedder, "model": getattr(embedder, "model", embedder.name), "dim": int(embedder.dim)}
    if getattr(embedder, "version", None):
        info["version"] = embedder.version
    return Embedded(vectors, hashes, missing_count, info), refit


def build_indexes(folder: Path, clauses: list[Clause], settings: Settings, old: IndexFiles | None) -> tuple[Embedded, bool]:
    """Write embedder, FAISS and BM25 files of a build into `folder`."""
    texts = [passage_text(clause) for clause in clauses]
    tokens = tokenize_many(texts)  # once, for BM25 and the built-in embedder alike
    embedded, refit = embed_clauses(folder, dense_texts(clauses, texts, settings.embedder), tokens, settings, old)
    DenseIndex.build(embedded.vectors).save(folder / DENSE_FILE)
    BM25Index.build(tokens).save(folder / BM25_FOLDER)
    (folder / TOKENS_FILE).write_text(json.dumps(DEFAULT_CONFIG.to_dict()), encoding="utf-8")
    return embedded, refit


def missing_parts(folder: Path, embedder_name: str) -> list[str]:
    """Files of a complete build that `folder` lacks (empty when it may be published)."""
    needed = [MANIFEST, "clauses.jsonl", "sources.jsonl", "embeddings.npy", "passage_hashes.json", DENSE_FILE, BM25_FOLDER]
    if embedder_name == "builtin":
        needed.append(EMBEDDER_FOLDER)
    return [name for name in needed if not (folder / name).exists()]
