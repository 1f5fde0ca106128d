"""The Milvus store on Milvus Lite (a temp folder): build, update, delete, restart, schema, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from milvus_corpus import milvus_settings, write_corpus
from rag.errors import RagError, UsageError
from rag.index.store import index_status, ingest
from rag.index.milvus_ingest import read_state
from rag.index.milvus_store import CLAUSE_VERSION_PROPERTY, SCHEMA_VERSION, VERSION_PROPERTY, MilvusStore
from rag.retrieval.open import open_retriever

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def _ids(hits) -> list[str]:
    return [hit.clause.clause_id for hit in hits]


def _clause_keys(settings) -> dict[str, str]:
    store = MilvusStore.open(settings)
    return {row["key"]: row["passage_hash"] for row in store.rows('kind == "clause"', ["key", "passage_hash"])}


def test_first_ingest_fills_one_collection_and_searches(corpus, tmp_path):
    settings = milvus_settings(tmp_path, corpus)
    assert index_status(settings).state == "missing"
    report = ingest(settings)
    assert sorted(report.added) == ["city.txt", "province.txt", "state.txt"]
    assert report.clauses == report.embedded > 10
    assert index_status(settings).state == "ok"
    assert not (tmp_path / "index").exists()  # nothing written to the local index folder
    store = MilvusStore.open(settings)
    assert store.properties()[VERSION_PROPERTY] == str(SCHEMA_VERSION)
    assert len(_clause_keys(settings)) == report.clauses
    hits = open_retriever(settings).search("算力中心补助", k=3)
    assert hits[0].clause.file == "city.txt" and "1000万元" in hits[0].clause.text
    assert hits[0].clause.doc_number == "杭政办〔2024〕3号" and hits[0].clause.line_start > 1


def test_update_rewrites_only_the_changed_file_and_delete_removes_rows(corpus, tmp_path):
    settings = milvus_settings(tmp_path, corpus)
    ingest(settings)
    before = _clause_keys(settings)
    city = corpus / "city.txt"
    city.write_text(city.read_text(encoding="utf-8") + "（四）建设数据标注基地。对新建数据标注基地给予200万元奖励。\n", encoding="utf-8")
    (corpus / "state.txt").unlink()
    assert index_status(settings).state == "stale"
    report = ingest(settings)
    assert report.changed == ["city.txt"] and report.removed == ["state.txt"] and report.unchanged == ["province.txt"]
    assert report.embedded == 1  # only the new clause: the others are reused by content hash
    after = _clause_keys(settings)
    assert not any("state:" in key for key in after)
    assert {key: digest for key, digest in after.items() if key.startswith("clause/province")} == {
        key: digest for key, digest in before.items() if key.startswith("clause/province")
    }
    retriever = open_retriever(settings)
    assert "200万元" in retriever.search("数据标注基地奖励", k=1)[0].clause.text
    assert all(hit.clause.file != "state.txt" for hit in retriever.search("数据产权制度", k=10))
    assert index_status(settings).state == "ok"
    assert sorted(retriever.index.sources) == ["city.txt", "province.txt"]


def test_ingest_of_named_files_keeps_the_others(corpus, tmp_path):
    settings = milvus_settings(tmp_path, corpus)
    ingest(settings, [corpus / "city.txt"])
    outside = tmp_path / "elsewhere" / "extra.txt"
    outside.parent.mkdir()
    outside.write_text("关于海洋牧场建设的通知\n\n一、建设目标\n到2030年建成海洋牧场10个。\n", encoding="utf-8")
    with pytest.raises(UsageError, match="不在语料目录"):  # it would vanish at the next comparison with the corpus
        ingest(settings, [outside])
    extra = corpus / "extra.txt"
    extra.write_bytes(outside.read_bytes())
    report = ingest(settings, [extra])
    assert report.added == ["extra.txt"] and report.unchanged == ["city.txt"]
    assert {hit.clause.file for hit in open_retriever(settings).search("海洋牧场", k=3)} >= {"extra.txt"}


def test_a_reopened_store_answers_in_a_new_process(corpus, tmp_path, real_e5_engine):  # the new process embeds for real
    settings = milvus_settings(tmp_path, corpus)
    ingest(settings)
    retriever = open_retriever(settings)
    expected = [hit.to_dict() for hit in retriever.search("通用机场补助", k=5)]
    retriever.store.close()  # Milvus Lite: one process at a time
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_STORE": "milvus", "RAG_MILVUS_URI": settings.milvus_uri,
                   "RAG_CORPUS": str(corpus), "RAG_INDEX": str(tmp_path / "index")}
    done = subprocess.run([sys.executable, "-m", "rag.cli", "search", "通用机场补助", "--k", "5", "--json"],
                          capture_output=True, text=True, env=environment, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "正在建立" not in done.stderr  # the store was found up to date, not rebuilt
    results = json.loads(done.stdout)["results"]
    assert [item["clause_id"] for item in results] == [item["clause_id"] for item in expected]
    assert [item["score"] for item in results] == pytest.approx([item["score"] for item in expected], abs=1e-5)


def test_rebuild_replaces_the_collection_behind_the_alias(corpus, tmp_path):
    settings = milvus_settings(tmp_path, corpus)
    ingest(settings)
    store = MilvusStore.open(settings)
    first = store.live()
    ingest(settings, rebuild=True)
    second = store.live()
    assert first != second and second.startswith("rag_clauses__g")
    assert [name for name in store.client.list_collections() if name.startswith("rag_clauses")] == [second]
    assert read_state(store).records.keys() == {"city.txt", "province.txt", "state.txt"}


def test_a_store_of_another_schema_version_is_rebuilt(corpus, tmp_path):
    settings = milvus_settings(tmp_path, corpus)
    ingest(settings)
    store = MilvusStore.open(settings)
    for name in (VERSION_PROPERTY, CLAUSE_VERSION_PROPERTY):  # the store's format, or the clause splitter's
        store.client.alter_collection_properties(store.live(), properties={name: "0"})
        assert index_status(settings).state == "stale" and "格式" in index_status(settings).detail
        report = ingest(settings)
        assert sorted(report.added) == ["city.txt", "province.txt", "state.txt"]
        assert store.properties()[name] != "0" and index_status(settings).state == "ok"


def test_another_embedder_is_a_mismatch_with_a_chinese_message(corpus, tmp_path):
    ingest(milvus_settings(tmp_path, corpus))
    status = index_status(milvus_settings(tmp_path, corpus, embedder="BAAI/bge-small-zh-v1.5"))
    assert status.state == "mismatch" and "rag ingest --rebuild" in status.detail


def test_a_folder_open_in_another_process_is_named_as_the_cause(corpus, tmp_path):
    settings = milvus_settings(tmp_path, corpus)
    ingest(settings)  # this process keeps the folder open
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_STORE": "milvus", "RAG_MILVUS_URI": settings.milvus_uri,
                   "RAG_CORPUS": str(corpus)}
    done = subprocess.run([sys.executable, "-m", "rag.cli", "search", "通用机场"], capture_output=True, text=True,
                          env=environment, timeout=300)
    assert done.returncode == 1
    assert "正被另一个进程使用" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_settings_errors_are_clear_and_hide_credentials(corpus, tmp_path):
    with pytest.raises(UsageError, match="RAG_MILVUS_URI"):
        index_status(milvus_settings(tmp_path, corpus, milvus_uri=""))
    with pytest.raises(UsageError, match="store 的值无效.*local、milvus"):
        index_status(milvus_settings(tmp_path, corpus, store="elastic"))
    with pytest.raises(UsageError, match="集合名无效"):
        index_status(milvus_settings(tmp_path, corpus, milvus_collection="bad-name"))
    settings = milvus_settings(tmp_path, corpus, milvus_uri="http://admin:s3cret@127.0.0.1:9", milvus_token="tok3n")
    with pytest.raises(RagError) as caught:
        index_status(settings)
    assert "Milvus" in caught.value.message and "127.0.0.1:9" in caught.value.message
    assert "s3cret" not in caught.value.message and "tok3n" not in caught.value.message


def test_the_command_line_loads_pymilvus_and_mcp_only_when_used():
    code = "import sys, rag.cli; rag.cli.build_parser(); print([m for m in ('pymilvus', 'milvus_lite', 'mcp') if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
