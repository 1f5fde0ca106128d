"""Exact inner-product search over L2-normalized vectors with a FAISS flat index.

A flat index is exact and fast enough for the sizes this project meets (about 60k x 256
searches in milliseconds), and needs no training. Saved as one plainly named file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

INDEX_FILE = "dense.faiss"


class DenseIndex:
    """Vectors numbered from 0, searched by inner product (cosine on normalized vectors)."""

    def __init__(self, index: Any) -> None:
        self._index = index  # a faiss.IndexFlatIP

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @classmethod
    def build(cls, vectors: np.ndarray) -> "DenseIndex":
        """Index the rows of `vectors` (n x dim); n may be 0 when the shape says the dim."""
        import faiss

        matrix = _as_matrix(vectors)
        index = faiss.IndexFlatIP(matrix.shape[1])
        if len(matrix):
            index.add(matrix)
        return cls(index)

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The `k` nearest vectors as (row index, inner product), best first."""
        return self.search_many(np.asarray(query_vector).reshape(1, -1), k)[0]

    def search_many(self, query_vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """`search` for each row of `query_vectors`, in one FAISS call."""
        queries = _as_matrix(query_vectors)
        if queries.shape[1] != self.dim:
            raise ValueError(f"query dimension {queries.shape[1]} != index dimension {self.dim}")
        k = min(k, len(self))
        if k <= 0:
            return [[] for _ in range(len(queries))]
        scores, ids = self._index.search(queries, k)
        return [
            [(int(i), float(s)) for i, s in zip(row_ids, row_scores) if i >= 0]
            for row_ids, row_scores in zip(ids, scores)
        ]

    def vectors(self) -> np.ndarray:
        """All stored vectors (n x dim, float32)."""
        if len(self) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, len(self))

    def save(self, folder: str | Path) -> None:
        """Write the index to `folder/dense.faiss` (folder created if needed)."""
        import faiss

        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(path / INDEX_FILE))

    @classmethod
    def load(cls, folder: str | Path) -> "DenseIndex":
        """Read an index written by `save`."""
        import faiss

        return cls(faiss.read_index(str(Path(folder) / INDEX_FILE)))


def _as_matrix(vectors: np.ndarray) -> np.ndarray:
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-D array of vectors, got shape {matrix.shape}")
    return matrix
