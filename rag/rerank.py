"""Cross-encoder reranking: score (query, passage) pairs with a sentence-transformers CrossEncoder."""

from __future__ import annotations

from typing import Any, Sequence

from rag.embedders import load_model, quiet_transformers


class CrossEncoderReranker:
    """A cross-encoder (hub name or local folder) loaded on first use; higher score = more relevant."""

    def __init__(self, name_or_path: str, batch_size: int = 16, device: str = "cpu", max_length: int = 512) -> None:
        self.name = name_or_path
        self.batch_size = batch_size
        self.device = device
        self.max_length = max_length
        self._model: Any = None

    def warm_up(self) -> None:
        """Load the model if it is not loaded yet; ModelLoadError when it cannot be."""
        if self._model is not None:
            return

        def factory(name: str, local_files_only: bool = False) -> Any:
            from sentence_transformers import CrossEncoder  # imported here: a missing path fails fast

            quiet_transformers()
            return CrossEncoder(
                name, device=self.device, max_length=self.max_length, local_files_only=local_files_only
            )

        alternative = "，或不设置 RAG_RERANKER 以关闭重排序。"
        self._model = load_model(factory, self.name, "重排序模型", "RAG_RERANKER", alternative)

    def rerank(self, query: str, texts: Sequence[str]) -> list[float]:
        """One relevance score per text, in the order of `texts`."""
        if not texts:
            return []
        self.warm_up()
        pairs = [(query, text) for text in texts]
        scores = self._model.predict(pairs, batch_size=self.batch_size, show_progress_bar=False, convert_to_numpy=True)
        return [float(score) for score in scores]
