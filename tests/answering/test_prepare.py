"""The pipeline prepares, in one call, every text it then searches (rag.answering.gathering.planned_queries)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from fakes import BigramRetriever
from rag.answering.model import load_model
from rag.answering.pipeline import PipelineAnswerer
from rag.config import Settings
from rag.interfaces import QueryPreparation
from rag.types import Clause, Filters, Hit

DOCUMENTS = {
    "a.txt": "关于印发《小微企业贷款贴息办法》的通知\n一、小微企业贷款贴息比例为百分之五十。\n二、申请材料包括营业执照和贷款合同。\n",
    "b.txt": "关于印发《高校毕业生就业补贴办法》的通知\n一、吸纳高校毕业生的企业每人补贴三千元。\n二、补贴期限为一年。\n",
}
QUESTIONS = [
    "小公司贷款有贴息吗？",
    "《小微企业贷款贴息办法》的贴息比例是多少？",
    "两份文件分别补贴多少？贴息比例和补贴期限各是什么？",
    "招应届生能拿多少钱，补几年？",
    "印发的两份办法分别补贴多少？",  # one side per named document, each searched inside its own
]


class PreparingRetriever(BigramRetriever):
    """The bigram retriever, recording what it was asked to prepare and what it searched."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.prepared: list[list[str]] = []
        self.searched: list[str] = []

    def prepare(self, queries: Sequence[str]) -> None:
        self.prepared.append(list(queries))

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        self.searched.append(query)
        return super().search(query, k, filters)


@pytest.fixture()
def retriever(tmp_path: Path) -> PreparingRetriever:
    for name, text in DOCUMENTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = BigramRetriever.from_folder(tmp_path)
    return PreparingRetriever(found.clauses)


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_searched_text_was_prepared_in_one_call(retriever: PreparingRetriever, question: str) -> None:
    assert isinstance(retriever, QueryPreparation)
    PipelineAnswerer(retriever, Settings()).answer(question)
    assert len(retriever.prepared) == 1 and retriever.searched
    assert set(retriever.searched) <= set(retriever.prepared[0])


def test_a_hybrid_search_reuses_the_prepared_question_vectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes import HashingE5Engine

    from rag.corpus.documents import all_clauses, load_documents
    from rag.retrieval.open import build_in_memory

    for name, text in DOCUMENTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    documents, _ = load_documents([tmp_path], tmp_path)
    sources = {document.source.file: document.source for document in documents}
    settings = Settings(corpus=str(tmp_path), index=str(tmp_path / "index"))
    retriever = build_in_memory(all_clauses(documents), sources, settings)
    calls: list[list[str]] = []
    original = HashingE5Engine.query
    monkeypatch.setattr(HashingE5Engine, "query", lambda self, texts: calls.append(list(texts)) or original(self, texts))
    PipelineAnswerer(retriever, settings).answer(QUESTIONS[2])
    assert calls and sum(len(texts) for texts in calls) == len({text for texts in calls for text in texts})
    retriever.index.embedder.threads = 1  # one engine call for all of them
    calls.clear()
    PipelineAnswerer(retriever, settings).answer(QUESTIONS[3])
    assert len(calls) == 1


def test_a_part_with_its_own_topic_is_searched_without_the_context(retriever: PreparingRetriever) -> None:
    PipelineAnswerer(retriever, Settings()).answer("我是做小生意的，贷款贴息比例是多少？高校毕业生补贴期限是多久？")
    assert "高校毕业生补贴期限是多久?" in retriever.searched  # width-folded
    assert set(retriever.searched) <= set(retriever.prepared[0])


class SimilarRetriever(PreparingRetriever):
    """Also scores clauses in meaning (ClauseSimilarity), recording each call."""

    embedder_name = "fake-encoder"

    def clause_similarity(self, query: str, clauses: Sequence[Clause]) -> np.ndarray:
        self.scored.append(query)
        return np.array([0.88 if "贴息" in clause.text else 0.8 for clause in clauses], dtype=np.float32)


def test_the_semantic_evidence_model_scores_with_the_retrievers_similarities(tmp_path: Path) -> None:
    for name, text in DOCUMENTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    similar = SimilarRetriever(BigramRetriever.from_folder(tmp_path).clauses)
    similar.scored = []
    model = load_model()
    assert model.evidence_semantic is not None
    own = replace(model, semantic_embedder="fake-encoder")
    answer = PipelineAnswerer(similar, Settings(), model=own).answer("小公司贷款贴息比例是多少？")
    assert similar.scored and not answer.refused and "贴息比例" in answer.citations[0].clause.text
    similar.scored = []
    PipelineAnswerer(similar, Settings(), model=replace(model, semantic_embedder="another")).answer("小公司贷款贴息比例是多少？")
    assert similar.scored == []  # similarities of an embedder the model was not fitted on are not used
