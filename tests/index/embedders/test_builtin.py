"""Tests of rag.index.embedders: the built-in LSA embedder, the keyword fake and a tiny real model."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.index.embedders import (
    BGE_ZH_QUERY_INSTRUCTION,
    BuiltinEmbedder,
    Embedder,
    KeywordEmbedder,
    SentenceTransformerEmbedder,
    default_query_instruction,
    make_embedder,
)
from rag.errors import ModelLoadError
from tiny_models import SEEDS, build_sentence_transformer

HBM = "高带宽存储(HBM)"


def seed_paragraphs() -> list[str]:
    """Non-trivial lines of the seed documents."""
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 20]
    return lines


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return seed_paragraphs()


@pytest.fixture(scope="module")
def builtin(paragraphs: list[str]) -> BuiltinEmbedder:
    started = time.perf_counter()
    embedder = BuiltinEmbedder().fit(paragraphs)
    print(f"builtin fit on {len(paragraphs)} seed paragraphs: {time.perf_counter() - started:.2f}s")
    return embedder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sentence_transformer(tmp_path_factory.mktemp("tiny-st"))


def assert_normalized(vectors: np.ndarray, dim: int) -> None:
    assert vectors.dtype == np.float32
    assert vectors.shape[1] == dim
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


# ------------------------------------------------------------------ builtin


def test_builtin_query_ranks_the_passage_sharing_its_words_first(builtin: BuiltinEmbedder, paragraphs: list[str]) -> None:
    target = next(index for index, text in enumerate(paragraphs) if HBM in text)
    passages = builtin.embed_passages(paragraphs)
    query = builtin.embed_queries(["高带宽存储HBM和下一代闪存关键技术攻关"])[0]
    assert int(np.argmax(passages @ query)) == target
    assert isinstance(builtin, Embedder)


def test_builtin_vectors_are_normalized_float32(builtin: BuiltinEmbedder, paragraphs: list[str]) -> None:
    assert 0 < builtin.dim <= 256
    assert_normalized(builtin.embed_passages(paragraphs[:10]), builtin.dim)


def test_builtin_fit_embed_matches_embed_passages(paragraphs: list[str]) -> None:
    embedder = BuiltinEmbedder(dim=32)
    fitted = embedder.fit_embed_passages(paragraphs)
    assert np.allclose(fitted, embedder.embed_passages(paragraphs), atol=1e-6)


def test_builtin_save_load_round_trip(builtin: BuiltinEmbedder, paragraphs: list[str], tmp_path: Path) -> None:
    builtin.save(tmp_path / "embedder")
    assert sorted(path.name for path in (tmp_path / "embedder").iterdir()) == [
        "components.npy", "idf.npy", "params.json", "vocab.json",
    ]
    loaded = BuiltinEmbedder.load(tmp_path / "embedder")
    assert loaded.dim == builtin.dim
    texts = paragraphs[:20] + ["人工智能产业规模2000亿元"]
    assert np.array_equal(loaded.embed_passages(texts), builtin.embed_passages(texts))
    assert np.array_equal(loaded.embed_queries(texts), builtin.embed_queries(texts))


def test_builtin_dim_is_capped_by_a_tiny_corpus() -> None:
    embedder = BuiltinEmbedder(dim=256).fit(["人工智能产业", "数据要素市场", "算力基础设施建设"])
    assert embedder.dim == 2
    assert embedder.embed_queries(["人工智能"]).shape == (1, 2)


def test_builtin_query_without_known_tokens_is_zero(builtin: BuiltinEmbedder) -> None:
    assert not builtin.embed_queries(["﻿！？"]).any()
    assert builtin.embed_queries([]).shape == (0, builtin.dim)


def test_builtin_degenerate_corpora_do_not_crash() -> None:
    assert BuiltinEmbedder().fit(["只有一段"]).embed_queries(["一段"]).shape[0] == 1
    assert BuiltinEmbedder().fit([]).embed_queries(["任何"]).shape == (1, 1)


def test_builtin_unfitted_or_missing_files_raise_model_load_error(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="拟合"):
        BuiltinEmbedder().embed_queries(["人工智能"])
    with pytest.raises(ModelLoadError, match="rag ingest"):
        BuiltinEmbedder.load(tmp_path / "nothing")


# ------------------------------------------------------------------ keyword fake and factory


def test_keyword_embedder_is_deterministic_and_normalized() -> None:
    embedder = KeywordEmbedder(dim=32)
    first = embedder.embed_passages(["人工智能产业", "数据要素"])
    assert np.array_equal(first, KeywordEmbedder(dim=32).embed_passages(["人工智能产业", "数据要素"]))
    assert_normalized(first, 32)
    query = embedder.embed_queries(["人工智能"])[0]
    assert query @ first[0] > query @ first[1]


def test_make_embedder_picks_the_implementation_without_loading_models() -> None:
    assert isinstance(make_embedder(Settings(embedder_dim=64)), BuiltinEmbedder)
    assert make_embedder(Settings(embedder_dim=64)).dim == 64
    assert isinstance(make_embedder(Settings(embedder="keyword")), KeywordEmbedder)
    model = make_embedder(Settings(embedder="BAAI/bge-small-zh-v1.5", batch_size=8))
    assert isinstance(model, SentenceTransformerEmbedder)
    assert model.query_instruction == BGE_ZH_QUERY_INSTRUCTION and model.batch_size == 8
    assert model._model is None


def test_default_query_instruction() -> None:
    assert default_query_instruction("BAAI/bge-large-zh-v1.5") == BGE_ZH_QUERY_INSTRUCTION
    assert default_query_instruction("/models/bge-small-zh") == BGE_ZH_QUERY_INSTRUCTION
    assert default_query_instruction("BAAI/bge-small-en-v1.5") == ""
    assert default_query_instruction("shibing624/text2vec-base-chinese") == ""
    assert SentenceTransformerEmbedder("BAAI/bge-small-zh-v1.5", query_instruction="").query_instruction == ""


def test_importing_the_retrieval_modules_does_not_import_torch() -> None:
    code = (
        "import sys, rag.index.tokenizer, rag.index.bm25, rag.index.dense, rag.retrieval.fusion, rag.index.embedders, rag.retrieval.rerank;"
        "heavy = [m for m in ('torch', 'transformers', 'sentence_transformers', 'faiss') if m in sys.modules];"
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=SEEDS.parent)
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------ sentence-transformers (tiny model)


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


def test_uncached_hub_model_offline_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    with pytest.raises(ModelLoadError, match="无法连接 Hugging Face") as caught:
        SentenceTransformerEmbedder("no-such-org/no-such-model-zh").warm_up()
    assert "hf download no-such-org/no-such-model-zh --local-dir" in caught.value.message
    assert time.perf_counter() - started < 30
