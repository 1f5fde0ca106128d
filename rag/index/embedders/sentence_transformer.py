"""Any sentence-transformers model as an embedder (hub name or local folder), loaded on first use.

torch and sentence_transformers are imported only when the model is loaded.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from rag.config import Settings
from rag.index.embedders.loading import Hub, LazyModel
from rag.index.embedders.vectors import l2_normalize

BGE_ZH_QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章："


def default_query_instruction(name_or_path: str) -> str:
    """The query prefix a model was trained with: bge-zh models need one, others none."""
    lowered = name_or_path.lower()
    return BGE_ZH_QUERY_INSTRUCTION if "bge" in lowered and "zh" in lowered else ""


class SentenceTransformerEmbedder(LazyModel):
    """A sentence-transformers model (hub name or local folder), loaded on first use.

    Queries get `query_instruction` prepended (by default the bge-zh retrieval prefix for
    bge-zh models); passages are embedded as they are.
    """

    kind = "向量模型"
    env_var = "RAG_EMBEDDER"
    alternative = "，或设置 RAG_EMBEDDER=builtin 使用无需下载的内置模型。"

    def __init__(
        self,
        name_or_path: str,
        query_instruction: str | None = None,
        batch_size: int = 32,
        device: str = "cpu",
        hub: Hub = Hub(),
    ) -> None:
        self.name = name_or_path
        self.hub = hub
        if query_instruction is None:
            query_instruction = default_query_instruction(name_or_path)
        self.query_instruction = query_instruction
        self.batch_size = batch_size
        self.device = device
        self._model = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "SentenceTransformerEmbedder":
        """The model named by `settings.embedder`, with its query instruction and batch size."""
        return cls(settings.embedder, settings.query_instruction, settings.batch_size, hub=Hub.from_settings(settings))

    def _create(self, name: str, local_files_only: bool) -> Any:
        from sentence_transformers import SentenceTransformer  # imported here: a missing path fails fast

        return SentenceTransformer(name, device=self.device, local_files_only=local_files_only)

    @property
    def dim(self) -> int:
        self.warm_up()
        dim = self._model.get_embedding_dimension()
        return int(dim) if dim else int(self.embed_passages(["维度"]).shape[1])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of queries, with the query instruction prepended."""
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode_query(
            list(texts), prompt=self.query_instruction or None, batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        )
        return l2_normalize(vectors)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of passages, embedded as they are."""
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode_document(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return l2_normalize(vectors)
