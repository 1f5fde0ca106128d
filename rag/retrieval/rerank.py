"""Cross-encoder reranking: score (query, passage) pairs with a sentence-transformers CrossEncoder."""

from __future__ import annotations

from typing import Any, Sequence

from rag.config import Settings
from rag.index.embedders.loading import Hub, LazyModel


class CrossEncoderReranker(LazyModel):
    """A cross-encoder (hub name or local folder) loaded on first use; higher score = more relevant."""

    kind = "重排序模型"
    env_var = "RAG_RERANKER"
    alternative = "，或不设置 RAG_RERANKER 以关闭重排序。"

    def __init__(
        self, name_or_path: str, batch_size: int = 16, device: str = "cpu", max_length: int = 512, hub: Hub = Hub()
    ) -> None:
        self.name = name_or_path
        self.hub = hub
        self.batch_size = batch_size
        self.device = device
        self.max_length = max_length
        self._model = None

    @classmethod
    def from_settings(cls, settings: Settings) -> CrossEncoderReranker | None:
        """The reranker named by `settings.reranker`, or None when reranking is off."""
        return cls(settings.reranker, hub=Hub.from_settings(settings)) if settings.reranker else None

    def _create(self, name: str, local_files_only: bool) -> Any:
        from sentence_transformers import CrossEncoder  # imported here: a missing path fails fast

        return CrossEncoder(name, device=self.device, max_length=self.max_length, local_files_only=local_files_only)

    def rerank(self, query: str, texts: Sequence[str]) -> list[float]:
        """One relevance score per text, in the order of `texts`."""
        if not texts:
            return []
        self.warm_up()
        pairs = [(query, text) for text in texts]
        scores = self._model.predict(pairs, batch_size=self.batch_size, show_progress_bar=False, convert_to_numpy=True)
        return [float(score) for score in scores]
