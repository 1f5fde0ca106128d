"""LangChain interop: Documents, Embeddings, VectorStore and a retriever inside a chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough
from langchain_core.vectorstores import InMemoryVectorStore

from rag.config import load_settings
from rag.corpus.documents import all_clauses, load_documents
from rag.index.embedders import BuiltinEmbedder
from rag.retrieval.langchain_adapter import (
    ClauseRetriever,
    ClauseVectorStore,
    EmbeddingsAdapter,
    clause_to_document,
    document_to_clause,
)
from rag.index.passages import passage_text
from rag.retrieval.open import build_in_memory

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def clauses():
    documents, _ = load_documents([SEEDS], SEEDS)
    return [clause for clause in all_clauses(documents) if clause.duplicate_of is None]


@pytest.fixture(scope="module")
def embeddings(clauses):
    return EmbeddingsAdapter(BuiltinEmbedder(dim=64).fit([passage_text(clause) for clause in clauses]))


def test_clause_round_trips_through_a_document(clauses):
    clause = clauses[10]
    document = clause_to_document(clause, 0.5)
    assert document.page_content == clause.text and document.id == clause.clause_id
    assert document.metadata["doc_number"] == clause.doc_number and document.metadata["score"] == 0.5
    assert document_to_clause(document) == clause


def test_our_faiss_store_answers_through_the_vectorstore_interface(clauses, embeddings):
    store = ClauseVectorStore.from_clauses(clauses, embeddings)
    wanted = next(clause for clause in clauses if "车路云一体化" in clause.text)
    documents = store.similarity_search(wanted.text, k=3)
    assert documents[0].metadata["clause_id"] == wanted.clause_id
    scored = store.similarity_search_with_relevance_scores(wanted.text, k=2)
    assert 0.0 <= scored[1][1] <= scored[0][1] <= 1.0
    retriever = store.as_retriever(search_kwargs={"k": 2})
    assert len(retriever.invoke("智能网联汽车")) == 2


def test_another_langchain_store_can_take_our_clauses(clauses, embeddings):
    swapped = InMemoryVectorStore(embeddings)
    swapped.add_documents([clause_to_document(clause) for clause in clauses])
    wanted = next(clause for clause in clauses if "车路云一体化" in clause.text)
    found = swapped.similarity_search(wanted.text, k=1)[0]
    assert document_to_clause(found).clause_id == wanted.clause_id


def test_hybrid_retriever_runs_inside_a_chain(clauses, tmp_path):
    settings = load_settings({"corpus": str(SEEDS), "index": str(tmp_path / "index")}, environ={})
    documents, _ = load_documents([SEEDS], SEEDS)
    hybrid = build_in_memory(all_clauses(documents), {d.source.file: d.source for d in documents}, settings)
    retriever = ClauseRetriever(retriever=hybrid, k=2)
    prompt = ChatPromptTemplate.from_messages([("human", "依据：{context}\n问题：{question}")])
    join = RunnableLambda(lambda docs: "\n".join(f"[{d.metadata['clause_id']}] {d.page_content}" for d in docs))
    chain = {"context": retriever | join, "question": RunnablePassthrough()} | prompt
    rendered = chain.invoke("车路云一体化应用试点").to_messages()[0].content
    assert "004_a574007286141d25" in rendered and "车路云一体化" in rendered and "问题：车路云一体化应用试点" in rendered
