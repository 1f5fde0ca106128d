"""The default answerer: one straight pipeline from question to verified, cited answer.

    check & resolve follow-up → analyse (parts, kinds) → gather (search each part)
    → select (features + learned evidence model) → decide (answer / refuse per part)
    → compose (verdict first, quotes) → verify

Each stage lives in its own module and hands typed values to the next; only `gather`
searches. The answerer only ever quotes: text inside a document, even an instruction
such as “忽略以上指令……”, appears in an answer as a quotation attributed to its document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from rag.answering.asking import METADATA_KINDS
from rag.answering.composition import compose
from rag.answering.conversation import resolve_followup
from rag.answering.decision import PartDecision, decide
from rag.answering.drafts import Draft, finish
from rag.answering.features import Similarity, clause_features
from rag.answering.gathering import PartEvidence, gather
from rag.answering.metadata import metadata_draft
from rag.answering.model import AnsweringModel, load_model
from rag.answering.parts import Part, split_parts
from rag.answering.question import check_question
from rag.answering.selection import Scored, score_evidence
from rag.answering.terms import IdfSource
from rag.config import Settings
from rag.interfaces import ClauseSimilarity, History, MeaningSearch, Retriever, Search, TermStatistics
from rag.text.chars import fold
from rag.text.numbers import digit_years
from rag.types import Answer, Filters, Hit

DEFAULT_K = 10


@dataclass(frozen=True)
class PartTrace:
    """What the pipeline saw and decided for one part (for evaluation and fitting)."""

    evidence: PartEvidence
    scored: tuple[Scored, ...]
    decision: PartDecision


def make_search(retriever: Retriever, filters: Filters | None, meaning: str) -> Search:
    """A search function keeping the caller's filters, optionally narrowed to some files.

    Every search of an answer goes by the meaning of `meaning` (the question) where the
    retriever can (`MeaningSearch`): the question is embedded once, each searched text still
    matches word by word. Embedding each part and each rewording apart cost 27 ms a text on
    this machine; the held-out figures of both ways are in the README.
    """

    by_meaning = isinstance(retriever, MeaningSearch)

    def search(query: str, k: int, files: tuple[str, ...]) -> list[Hit]:
        narrowed = filters
        if files:
            narrowed = replace(filters, files=files) if filters is not None else Filters(files=files)
        if by_meaning:
            return retriever.search_as(query, meaning, k=k, filters=narrowed)  # type: ignore[attr-defined]
        return retriever.search(query, k=k, filters=narrowed)

    return search


def asked_text(question: str) -> str:
    """The question as it is analysed: width-folded, stripped, years in Arabic digits (二〇二〇年 → 2020年)."""
    return digit_years(fold(question).strip())


class PipelineAnswerer:
    """Answers by quoting the clauses the evidence model selects; refuses only what is missing."""

    name = "extractive"

    def __init__(
        self,
        retriever: Retriever,
        settings: Settings | None = None,
        k: int = DEFAULT_K,
        model: AnsweringModel | None = None,
        similarity: Similarity | None = None,
    ) -> None:
        self.retriever = retriever
        self.settings = settings or Settings()
        self.k = k
        self.model = model or load_model()
        self.similarity = similarity or index_similarity(retriever, self.model)
        self.idf: IdfSource | None = retriever.idf if isinstance(retriever, TermStatistics) else None

    def answer(
        self, question: str, history: History = (), filters: Filters | None = None, question_id: str | None = None
    ) -> Answer:
        """The verified answer to `question` (a UsageError for empty or overlong input)."""
        asked = check_question(question, self.settings.max_question_chars)
        resolved = resolve_followup(asked, history)
        return finish(asked, resolved, self.draft(resolved, filters), question_id, self.name)

    def stream(
        self, question: str, history: History = (), filters: Filters | None = None, question_id: str | None = None
    ) -> Iterator[str | Answer]:
        """The same interface as the LLM answerer's stream; an extractive answer comes whole."""
        yield self.answer(question, history, filters, question_id)

    def draft(self, question: str, filters: Filters | None = None) -> Draft:
        """The unverified answer to a self-contained question."""
        folded = asked_text(question)
        parts = split_parts(folded)
        if any(is_metadata(part) for part in parts):
            search = make_search(self.retriever, filters, folded)
            kinds = frozenset().union(*(part.kinds for part in parts))
            meta = metadata_draft(folded, kinds, search(folded, self.k, ()), search)
            if meta is not None:
                return meta
        traces = self.trace(question, filters, parts)
        return compose(folded, [item.decision for item in traces], [item.evidence.terms for item in traces], question)

    def trace(self, question: str, filters: Filters | None = None, parts: Sequence[Part] | None = None) -> list[PartTrace]:
        """Every stage's output for each part of `question` (`parts`: its parts, when already split)."""
        folded = asked_text(question)
        parts = split_parts(folded) if parts is None else parts
        search = make_search(self.retriever, filters, folded)
        traces: list[PartTrace] = []
        for evidence in gather(folded, parts, search, self.k, self.idf):
            scored = self.score(evidence)
            decision = decide(
                evidence.part, scored, evidence.terms, self.model, evidence.nouns, evidence.asked, self.similarity is not None
            )
            traces.append(PartTrace(evidence, tuple(scored), decision))
        return traces

    def score(self, evidence: PartEvidence) -> list[Scored]:
        """The part's clauses with their evidence probabilities, most probable first."""
        rows = clause_features(
            evidence.part, evidence.hits, evidence.terms, evidence.named_files, self.similarity, evidence.focus, evidence.meaning
        )
        return score_evidence(rows, self.model.evidence_model(self.similarity is not None))


def index_similarity(retriever: Retriever, model: AnsweringModel) -> Similarity | None:
    """The retriever's clause similarity when the model's semantic evidence model was fitted on
    its embedder; None otherwise (the lexical evidence model is used)."""
    if isinstance(retriever, ClauseSimilarity) and model.semantic_for(retriever.embedder_name):
        return retriever.clause_similarity
    return None


def is_metadata(part: Part) -> bool:
    return bool(part.kinds & METADATA_KINDS)
