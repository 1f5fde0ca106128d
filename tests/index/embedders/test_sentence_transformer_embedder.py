"""A sentence-transformers model as an embedder: a tiny real model built once, load errors in Chinese."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import numpy as np
import pytest

from rag.config import load_settings
from rag.errors import ModelLoadError
from rag.index.embedders import make_embedder
from rag.index.embedders.loading import Hub
from rag.index.embedders.sentence_transformer import (
    BGE_ZH_QUERY_INSTRUCTION,
    SentenceTransformerEmbedder,
    default_query_instruction,
)
from rag.interfaces import Embedder
from tiny_models import build_sentence_transformer


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sentence_transformer(tmp_path_factory.mktemp("tiny-st"))


def assert_normalized(vectors: np.ndarray, dim: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape[1] == dim
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_default_query_instruction() -> None:
    assert default_query_instruction("BAAI/bge-large-zh-v1.5") == BGE_ZH_QUERY_INSTRUCTION
    assert default_query_instruction("/models/bge-small-zh") == BGE_ZH_QUERY_INSTRUCTION
    assert default_query_instruction("BAAI/bge-small-en-v1.5") == ""
    assert default_query_instruction("shibing624/text2vec-base-chinese") == ""
    assert SentenceTransformerEmbedder("BAAI/bge-small-zh-v1.5", query_instruction="").query_instruction == ""


def test_tiny_model_loads_from_its_path(tiny_model: Path) -> None:
    embedder = SentenceTransformerEmbedder(str(tiny_model))
    assert embedder.query_instruction == ""
    assert embedder.dim == 32
    vectors = embedder.embed_passages(["武汉市推动人工智能+行动方案", "到2028年产业规模突破2000亿元", "HBM"])
    assert_normalized(vectors, 32)
    assert isinstance(embedder, Embedder)


def test_query_instruction_applies_to_queries_only(tiny_model: Path) -> None:
    embedder = SentenceTransformerEmbedder(str(tiny_model), query_instruction="查询：")
    query = embedder.embed_queries(["人工智能产业"])
    passage = embedder.embed_passages(["人工智能产业"])
    model = embedder._model
    manual_query = model.encode(["查询：人工智能产业"], normalize_embeddings=True)
    manual_passage = model.encode(["人工智能产业"], normalize_embeddings=True)
    assert np.allclose(query, manual_query, atol=1e-5)
    assert np.allclose(passage, manual_passage, atol=1e-5)
    assert not np.allclose(query, passage, atol=1e-3)


def test_bge_zh_folder_gets_the_bge_instruction(tiny_model: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "tiny-bge-small-zh"
    shutil.copytree(tiny_model, renamed)
    embedder = SentenceTransformerEmbedder(str(renamed))
    assert embedder.query_instruction == BGE_ZH_QUERY_INSTRUCTION
    manual = embedder.embed_passages([BGE_ZH_QUERY_INSTRUCTION + "数据要素"])
    assert np.allclose(embedder.embed_queries(["数据要素"]), manual, atol=1e-5)


def test_batching_gives_the_same_vectors(tiny_model: Path) -> None:
    texts = ["人工智能", "到2028年全市人工智能产业规模突破2000亿元，集聚企业超1500家", "算力", "HBM", "数据要素市场化配置"]
    small = SentenceTransformerEmbedder(str(tiny_model), batch_size=2).embed_passages(texts)
    large = SentenceTransformerEmbedder(str(tiny_model), batch_size=32).embed_passages(texts)
    assert small.shape == (5, 32)
    assert np.allclose(small, large, atol=1e-5)
    assert SentenceTransformerEmbedder(str(tiny_model)).embed_queries([]).shape == (0, 32)


def test_missing_path_raises_model_load_error_in_chinese(tmp_path: Path) -> None:
    embedder = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    with pytest.raises(ModelLoadError) as caught:
        embedder.embed_queries(["人工智能"])
    message = caught.value.message
    assert "找不到向量模型目录" in message and "hf download" in message and "RAG_EMBEDDER" in message


def test_broken_model_folder_raises_model_load_error(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelLoadError, match="无法加载向量模型"):
        SentenceTransformerEmbedder(str(tmp_path / "broken")).warm_up()


def test_uncached_hub_model_offline_fails_fast() -> None:
    """HF_HUB_OFFLINE reaches the loader through the settings: no connection is tried (the
    session's network guard would raise NetworkBlockedError), the message says how to fix it."""
    settings = load_settings(environ={"HF_HUB_OFFLINE": "1", "RAG_EMBEDDER": "no-such-org/no-such-model-zh"})
    embedder = make_embedder(settings)
    assert isinstance(embedder, SentenceTransformerEmbedder) and embedder.hub == Hub(offline=True)
    with pytest.raises(ModelLoadError, match="无法连接 Hugging Face") as caught:
        embedder.warm_up()
    assert "hf download no-such-org/no-such-model-zh --local-dir" in caught.value.message


def test_an_unreachable_hub_endpoint_gives_the_same_advice() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = load_settings(environ={"HF_ENDPOINT": f"http://127.0.0.1:{port}", "RAG_EMBEDDER": "no-such-org/model-zh"})
    embedder = make_embedder(settings)
    assert embedder.hub == Hub(f"http://127.0.0.1:{port}", offline=False)
    with pytest.raises(ModelLoadError, match="无法连接 Hugging Face"):
        embedder.warm_up()
