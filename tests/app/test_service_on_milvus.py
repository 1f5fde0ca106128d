"""The app's service on the Milvus store: the same answers, checks, clause look-ups and uploads."""

from __future__ import annotations

from pathlib import Path

import pytest

from milvus_corpus import local_settings, milvus_settings, write_corpus
from rag.app.service import PolicyService

QUESTION = "支持企业建设算力中心给予多少补助？"


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> tuple[PolicyService, PolicyService, Path]:
    tmp_path = tmp_path_factory.mktemp("services")
    corpus = write_corpus(tmp_path / "corpus")
    return PolicyService(local_settings(tmp_path, corpus)), PolicyService(milvus_settings(tmp_path, corpus)), tmp_path


def test_answers_checks_and_clauses_are_those_of_the_local_index(services):
    local, milvus, _ = services
    assert milvus.ask(QUESTION) == local.ask(QUESTION)
    assert milvus.check("建成通用机场20个").to_dict() == local.check("建成通用机场20个").to_dict()
    clause_id = milvus.ask(QUESTION).citations[0].clause.clause_id
    assert milvus.clause(clause_id) == local.clause(clause_id)
    assert milvus.documents() == local.documents()
    assert "已索引 3 个文件" in milvus.status()


def test_an_upload_is_indexed_into_milvus(services):
    _, milvus, tmp_path = services
    upload = tmp_path / "upload" / "harbour.txt"
    upload.parent.mkdir()
    upload.write_text("关于建设智慧港口的通知\n\n一、建设目标\n到2027年建成智慧港口5个，每个给予300万元奖励。\n", encoding="utf-8")
    outcome = milvus.add_files([(upload, "harbour.txt")])
    assert outcome.added == ("harbour.txt",) and outcome.report.added == ["harbour.txt"]
    assert outcome.report.unchanged == ["city.txt", "province.txt", "state.txt"]
    hits = milvus.search("智慧港口奖励", 3)
    assert hits[0].clause.file == "harbour.txt" and "300万元" in hits[0].clause.text
    assert "harbour.txt" in {doc.file for doc in milvus.documents()}
