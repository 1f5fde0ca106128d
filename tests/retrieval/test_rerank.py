"""Tests of rag.retrieval.rerank with a tiny cross-encoder built on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.config import Settings
from rag.errors import ModelLoadError
from rag.index.embedders.loading import Hub
from rag.retrieval.rerank import CrossEncoderReranker
from tiny_models import build_cross_encoder


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_cross_encoder(tmp_path_factory.mktemp("tiny-ce"))


def test_rerank_returns_one_score_per_text(tiny_cross_encoder: Path) -> None:
    reranker = CrossEncoderReranker(str(tiny_cross_encoder))
    texts = ["武汉市推动人工智能+行动方案", "到2028年产业规模突破2000亿元", "高带宽存储(HBM)"]
    scores = reranker.rerank("人工智能产业规模", texts)
    assert len(scores) == 3
    assert all(isinstance(score, float) for score in scores)
    assert reranker.rerank("人工智能产业规模", texts) == scores
    assert reranker.rerank("人工智能", []) == []


def test_missing_reranker_raises_model_load_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as caught:
        CrossEncoderReranker(str(tmp_path / "missing")).rerank("问题", ["文本"])
    assert "重排序模型" in caught.value.message and "RAG_RERANKER" in caught.value.message


def test_reranker_from_settings_carries_the_hub_settings() -> None:
    assert CrossEncoderReranker.from_settings(Settings()) is None
    reranker = CrossEncoderReranker.from_settings(Settings(reranker="org/reranker-zh", hf_hub_offline=True))
    assert reranker is not None and reranker.name == "org/reranker-zh" and reranker.hub == Hub(offline=True)
    with pytest.raises(ModelLoadError, match="无法连接 Hugging Face"):
        reranker.warm_up()
