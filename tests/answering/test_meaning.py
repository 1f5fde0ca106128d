"""An answer embeds its question once: every search of the answer goes by the question's meaning
(rag.interfaces.MeaningSearch), each searched text still matched word by word."""

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
from rag.interfaces import MeaningSearch
from rag.text.chars import fold
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


class MeaningRetriever(BigramRetriever):
    """The bigram retriever, recording each text searched and the meaning it was searched by."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.searched: list[str] = []
        self.meanings: list[str] = []

    def search_as(self, query: str, meaning: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        self.meanings.append(meaning)
        return self.search(query, k, filters)

    def search(self, query: str, k: int = 10, filters: Filters | None = None) -> list[Hit]:
        self.searched.append(query)
        return super().search(query, k, filters)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """`DOCUMENTS` written as files."""
    for name, text in DOCUMENTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def retriever(folder: Path) -> MeaningRetriever:
    return MeaningRetriever(BigramRetriever.from_folder(folder).clauses)


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_search_of_an_answer_goes_by_the_questions_meaning(retriever: MeaningRetriever, question: str) -> None:
    assert isinstance(retriever, MeaningSearch)
    PipelineAnswerer(retriever, Settings()).answer(question)
    assert len(retriever.meanings) == len(retriever.searched) >= 2
    assert set(retriever.meanings) == {fold(question).strip()}
    assert len(set(retriever.searched)) >= 2  # the texts searched are the parts and their rewordings


def test_a_hybrid_answer_embeds_only_its_question(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes import HashingE5Engine

    from rag.corpus.documents import all_clauses, load_documents
    from rag.retrieval.open import build_in_memory

    documents, _ = load_documents([folder], folder)
    sources = {document.source.file: document.source for document in documents}
    settings = Settings(corpus=str(folder), index=str(folder / "index"))
    retriever = build_in_memory(all_clauses(documents), sources, settings)
    calls: list[list[str]] = []
    original = HashingE5Engine.query
    monkeypatch.setattr(HashingE5Engine, "query", lambda self, texts: calls.append(list(texts)) or original(self, texts))
    for question in (QUESTIONS[2], QUESTIONS[4]):  # several parts; one side per named document
        calls.clear()
        answer = PipelineAnswerer(retriever, settings).answer(question)
        assert answer.citations and calls == [[fold(question).strip()]]
    calls.clear()
    retriever.search("小微企业和高校毕业生的补贴分别是多少？")  # a plain search still embeds each side of a comparison
    assert len({text for texts in calls for text in texts}) == 3


def test_a_part_with_its_own_topic_is_searched_without_the_context(retriever: MeaningRetriever) -> None:
    PipelineAnswerer(retriever, Settings()).answer("我是做小生意的，贷款贴息比例是多少？高校毕业生补贴期限是多久？")
    assert "高校毕业生补贴期限是多久?" in retriever.searched  # width-folded


class SimilarRetriever(MeaningRetriever):
    """Also scores clauses in meaning (ClauseSimilarity), recording each call."""

    embedder_name = "fake-encoder"

    def clause_similarity(self, query: str, clauses: Sequence[Clause]) -> np.ndarray:
        self.scored.append(query)
        return np.array([0.88 if "贴息" in clause.text else 0.8 for clause in clauses], dtype=np.float32)


def test_the_semantic_evidence_model_scores_with_the_retrievers_similarities(folder: Path) -> None:
    similar = SimilarRetriever(BigramRetriever.from_folder(folder).clauses)
    similar.scored = []
    model = load_model()
    assert model.evidence_semantic is not None
    own = replace(model, semantic_embedder="fake-encoder")
    answer = PipelineAnswerer(similar, Settings(), model=own).answer("小公司贷款贴息比例是多少？")
    assert similar.scored and not answer.refused and "贴息比例" in answer.citations[0].clause.text
    assert set(similar.scored) == {"小公司贷款贴息比例是多少?"}  # the question's meaning, embedded once
    similar.scored = []
    PipelineAnswerer(similar, Settings(), model=replace(model, semantic_embedder="another")).answer("小公司贷款贴息比例是多少？")
    assert similar.scored == []  # similarities of an embedder the model was not fitted on are not used
