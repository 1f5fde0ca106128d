"""Passage vectors kept on disk by content hash, so a re-run embeds only new texts.

A cache is a folder named for the model: `model.json` (name, version, dimension) and
chunk files `chunk-NNNNNN.npz`, each holding `hashes` and `vectors`. Chunks are written
to a temporary name and renamed, so a killed run loses at most the chunk in progress.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class CacheModel:
    name: str
    version: str
    dim: int


class VectorCache:
    """Append-only store of float32 vectors keyed by passage content hash."""

    def __init__(self, folder: Path, model: CacheModel) -> None:
        self.folder = folder
        self.model = model
        self._vectors: dict[str, np.ndarray] = {}
        self._load()

    def _load(self) -> None:
        info = self.folder / "model.json"
        if info.exists():
            stored = json.loads(info.read_text(encoding="utf-8"))
            if stored != self.model.__dict__:
                return  # another model or version: start afresh beside nothing stale
        for chunk in sorted(self.folder.glob("chunk-*.npz")):
            with np.load(chunk) as data:
                for key, vector in zip(data["hashes"].tolist(), data["vectors"]):
                    self._vectors[key] = vector

    def __len__(self) -> int:
        return len(self._vectors)

    def __contains__(self, key: str) -> bool:
        return key in self._vectors

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def missing(self, keys: list[str]) -> list[str]:
        return [key for key in dict.fromkeys(keys) if key not in self._vectors]

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        """Store one chunk of new vectors on disk and in memory."""
        if not keys:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        info = self.folder / "model.json"
        if not info.exists() or json.loads(info.read_text(encoding="utf-8")) != self.model.__dict__:
            for stale in self.folder.glob("chunk-*.npz"):
                stale.unlink()
            info.write_text(json.dumps(self.model.__dict__), encoding="utf-8")
        # The process id in the name keeps two writers of one cache from replacing each other's chunks.
        number = len(list(self.folder.glob("chunk-*.npz")))
        final = self.folder / f"chunk-{number:06d}-{os.getpid()}.npz"
        temporary = self.folder / f".chunk-{number:06d}-{os.getpid()}.npz"
        np.savez(temporary, hashes=np.array(keys), vectors=np.asarray(vectors, dtype=np.float32))
        os.replace(temporary, final)
        for key, vector in zip(keys, np.asarray(vectors, dtype=np.float32)):
            self._vectors[key] = vector

    def matrix(self, keys: list[str]) -> np.ndarray:
        """Vectors of `keys` in order (all must be present)."""
        return np.stack([self._vectors[key] for key in keys]) if keys else np.zeros((0, self.model.dim), np.float32)
