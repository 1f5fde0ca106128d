"""The Milvus retriever ranks as the local index does, with the same filters, as Milvus expressions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from milvus_corpus import local_settings, milvus_settings, write_corpus
from rag.index.store import ingest
from rag.interfaces import MeaningSearch
from rag.retrieval.open import open_retriever
from rag.retrieval.milvus_filters import filter_expression
from rag.types import Filters

QUERIES = ["算力中心补助", "通用机场建设目标", "数据交易场所", "人才培养", "2025年规模", "杭州 数据企业"]
FILTERS = [
    None,
    Filters(files=("province.txt",)),
    Filters(issuer="国务院"),
    Filters(level="市"),
    Filters(year=2023),
    Filters(doc_number="杭政办(2024)3号"),
    Filters(level="省", year=2024),
]


@pytest.fixture(scope="module")
def retrievers(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("stores")
    corpus = write_corpus(tmp_path / "corpus")
    # Min-max fusion on both: the local "union" (every candidate scored by both signals) has no
    # Milvus counterpart, which fuses the lists it returns (documented in rag.retrieval.milvus).
    local = replace(local_settings(tmp_path, corpus), fusion="minmax")
    milvus = replace(milvus_settings(tmp_path, corpus), fusion="minmax")
    ingest(local)
    ingest(milvus)
    return open_retriever(local), open_retriever(milvus)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_both_stores_return_the_same_clauses_and_scores(retrievers, filters):
    local, milvus = retrievers
    for query in QUERIES:
        expected = local.search(query, k=8, filters=filters)
        found = milvus.search(query, k=8, filters=filters)
        assert [hit.clause.clause_id for hit in found] == [hit.clause.clause_id for hit in expected], query
        assert [hit.score for hit in found] == pytest.approx([hit.score for hit in expected], rel=1e-4, abs=1e-5)
        assert [hit.clause for hit in found] == [hit.clause for hit in expected]


def test_both_stores_search_a_text_by_the_meaning_of_another_alike(retrievers):
    local, milvus = retrievers
    assert isinstance(local, MeaningSearch) and isinstance(milvus, MeaningSearch)
    meaning = "杭州的数据企业和通用机场分别有什么目标？"
    for query in QUERIES:
        expected = local.search_as(query, meaning, k=8)
        found = milvus.search_as(query, meaning, k=8)
        assert [hit.clause.clause_id for hit in found] == [hit.clause.clause_id for hit in expected], query
        assert [hit.score for hit in found] == pytest.approx([hit.score for hit in expected], rel=1e-4, abs=1e-5)
    # searched by its own meaning the scores differ: the dense signal did use the other text
    assert any(
        [hit.score for hit in local.search_as(query, meaning, k=8)] != [hit.score for hit in local.search(query, k=8)]
        for query in QUERIES
    )


def test_filters_restrict_what_milvus_returns(retrievers):
    _, milvus = retrievers
    assert {hit.clause.file for hit in milvus.search("建设", k=20, filters=Filters(level="省"))} == {"province.txt"}
    assert {hit.clause.file for hit in milvus.search("建设", k=20, filters=Filters(issuer="国务院"))} == {"state.txt"}
    assert {hit.clause.file for hit in milvus.search("建设", k=20, filters=Filters(year=2024))} == {"city.txt"}
    assert {hit.clause.file for hit in milvus.search("建设", k=20, filters=Filters(doc_number="国办发〔2025〕7号"))} == {"state.txt"}
    assert milvus.search("建设", k=5, filters=Filters(year=1999)) == []


def test_the_app_reads_clauses_sources_and_metadata_from_the_store(retrievers):
    local, milvus = retrievers
    assert milvus.index.clauses == local.index.clauses
    assert milvus.index.sources == local.index.sources
    assert milvus.index.files.meta("city.txt") == local.index.files.meta("city.txt")


def test_filter_expressions_quote_user_text():
    expression = filter_expression(Filters(files=('a"b.txt',), issuer='办公厅" or active == false or "', level="市"))
    assert expression.startswith("active == true and ")
    assert 'file in ["a\\"b.txt"]' in expression
    assert 'issuer like "%办公厅\\" or active == false or \\"%"' in expression
    assert filter_expression(None) == filter_expression(Filters()) == "active == true"
