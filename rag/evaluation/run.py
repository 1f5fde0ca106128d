"""`rag eval`: run the gold questions through search and answering, then score them.

Three stages kept apart (as in sentence-transformers' IR evaluator):

1. model calls — `collect_runs` asks the retriever and the answerer, timing each call;
2. pure scoring — `score_runs` turns the runs into the SPEC metrics (via
   `rag.metrics.evaluate`) plus what a reader needs to see why a question failed;
3. file writing — in `rag.evaluation.report`, never here.

The gold file is validated before any model is loaded or called, so a bad quote
fails in a second, naming its line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rag.answering.pipeline import PipelineAnswerer
from rag.config import Fusion, Settings
from rag.corpus.documents import all_clauses, load_documents
from rag.corpus.loaders import load_source
from rag.errors import LoadError, UsageError
from rag.evaluation.baseline import CHUNKING, fixed_chunks
from rag.evaluation.gold import GoldQuestion, load_gold
from rag.evaluation.metrics import CitedSpan, QuestionRun, Span, covers, evaluate
from rag.index.store import ensure_index
from rag.interfaces import Answerer, Retriever
from rag.retrieval.open import build_in_memory, open_retriever
from rag.types import Answer, Clause, Hit, SourceText

SEARCH_K = 10  # the ranked list every recall@k and mrr@10 is computed from
SHOWN_HITS = 5  # retrieved clauses kept per question for reading
PREVIEW_CHARS = 120
CLAUSE_CHUNKING = "clause"


AnswererFactory = Callable[[Retriever], Answerer]
# build_in_memory(clauses, sources, settings) -> a retriever over exactly those clauses.
InMemoryBuilder = Callable[[list[Clause], dict[str, SourceText], Settings], Retriever]


class Baseline(StrEnum):
    """Alternative chunkings `rag eval --baseline` can compare clause splitting with."""

    FIXED = "fixed"


@dataclass(frozen=True)
class TimedRun:
    """What the system returned for one question, with the time each call took."""

    question: GoldQuestion
    hits: tuple[Hit, ...]
    answer: Answer
    search_s: float
    answer_s: float

    def to_question_run(self) -> QuestionRun:
        """The spans and texts the metrics score."""
        retrieved = tuple(Span(hit.clause.file, hit.clause.start, hit.clause.end) for hit in self.hits)
        citations = tuple(
            CitedSpan(item.clause.file, item.clause.start, item.clause.end, item.clause.text)
            for item in self.answer.citations
        )
        return QuestionRun(self.question.id, retrieved, self.answer.answer, self.answer.refused,
                           citations, self.answer_s)


@dataclass(frozen=True)
class EvalOutcome:
    """The main result and, when asked for, the baseline's (same keys)."""

    result: dict[str, Any]
    baseline: dict[str, Any] | None = None


# --------------------------------------------------------------------------- gold


def parse_baseline(value: str | None) -> Baseline | None:
    """The `--baseline` choice, or a UsageError listing the allowed values."""
    if value is None or value == "":
        return None
    try:
        return Baseline(value)
    except ValueError:
        allowed = "、".join(member.value for member in Baseline)
        raise UsageError(f"未知的基线“{value}”，可选：{allowed}") from None


def _corpus_reader(root: Path) -> Callable[[Path], str]:
    """Read evidence files with the corpus loaders, so offsets match the clauses'."""
    def read(path: Path) -> str:
        try:
            return load_source(path, root).text
        except LoadError as error:
            # load_gold reports OSError with the gold line that named the file.
            raise OSError(error.reason) from None

    return read


def load_questions(gold_path: Path, settings: Settings) -> list[GoldQuestion]:
    """The validated gold questions; GoldFileError (naming the line) on any problem."""
    root = settings.corpus_path
    return load_gold(Path(gold_path), root, _corpus_reader(root))


# --------------------------------------------------------------------------- model calls


def run_question(question: GoldQuestion, retriever: Retriever, answerer: Answerer, k: int = SEARCH_K) -> TimedRun:
    """Search and answer one gold question, timing both calls."""
    began = time.perf_counter()
    hits = retriever.search(question.question, k=k)
    searched = time.perf_counter()
    answer = answerer.answer(question.question, question_id=question.id)
    answered = time.perf_counter()
    return TimedRun(question, tuple(hits), answer, searched - began, answered - searched)


def collect_runs(questions: Sequence[GoldQuestion], retriever: Retriever, answerer: Answerer,
                 k: int = SEARCH_K) -> list[TimedRun]:
    """Every question searched and answered, in gold order."""
    return [run_question(question, retriever, answerer, k) for question in questions]


# --------------------------------------------------------------------------- pure scoring


def percentile(values: Sequence[float], share: float) -> float | None:
    """The `share` (0–1) percentile with linear interpolation (numpy's default); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def latency_summary(runs: Sequence[TimedRun]) -> dict[str, float | None]:
    """Median and 95th percentile of search and answer time, in milliseconds."""
    searches = [run.search_s for run in runs]
    answers = [run.answer_s for run in runs]
    return {
        "search_p50_ms": _ms(percentile(searches, 0.5)),
        "search_p95_ms": _ms(percentile(searches, 0.95)),
        "answer_p50_ms": _ms(percentile(answers, 0.5)),
        "answer_p95_ms": _ms(percentile(answers, 0.95)),
    }


def describe_config(settings: Settings, chunking: str = CLAUSE_CHUNKING, answerers: Sequence[str] = (),
                    k: int = SEARCH_K) -> dict[str, Any]:
    """The `config` block: every setting plus what produced the figures."""
    fusion = settings.retrieval.fusion
    retriever = f"hybrid bm25+dense {fusion.value}" + (f"(k={settings.rrf_k})" if fusion == Fusion.RRF else "")
    if settings.reranker:
        retriever += f" + rerank {settings.reranker}"
    config = settings.to_dict()
    config.update(
        embedder=settings.embedder,
        retriever=retriever,
        answerer="+".join(sorted(set(answerers))) or settings.answerer,
        chunking=chunking,
        search_k=k,
    )
    return config


def _clause_view(clause: Clause, quotes: Sequence[Span]) -> dict[str, Any]:
    span = Span(clause.file, clause.start, clause.end)
    return {
        "clause_id": clause.clause_id, "file": clause.file,
        "line_start": clause.line_start, "line_end": clause.line_end,
        "locator": clause.locator, "section": list(clause.section),
        "covers": any(covers(span, quote) for quote in quotes),
        "text": preview(clause.text),
    }


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """The start of a clause text for reading; '…' marks a cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def reading_fields(run: TimedRun) -> dict[str, Any]:
    """What a reader needs to see why a question scored as it did."""
    question = run.question
    quotes = question.spans
    return {
        "question": question.question,
        "reference_answer": question.answer,
        "expected": [{"file": item.file, "quote": item.quote, "start": item.start, "end": item.end}
                     for item in question.evidence],
        "retrieved": [dict(_clause_view(hit.clause, quotes), rank=rank)
                      for rank, hit in enumerate(run.hits[:SHOWN_HITS], start=1)],
        "cited": [dict(_clause_view(item.clause, quotes), n=item.n) for item in run.answer.citations],
        "cited_ids": [item.clause.clause_id for item in run.answer.citations],
        "answer": run.answer.answer,
        "refused": run.answer.refused,
        "search_ms": _ms(run.search_s),
        "answer_ms": _ms(run.answer_s),
    }


def _per_question(rows: Sequence[Mapping[str, Any]], runs: Sequence[TimedRun]) -> list[dict[str, Any]]:
    merged: list[dict[str, Any]] = []
    for row, run in zip(rows, runs):
        figures = {key: value for key, value in row.items() if key != "latency"}
        figures["latency_s"] = round(run.search_s + run.answer_s, 4)
        figures.update(reading_fields(run))
        merged.append(figures)
    return merged


def score_runs(questions: Sequence[GoldQuestion], runs: Sequence[TimedRun], config: Mapping[str, Any]) -> dict[str, Any]:
    """The evaluation result: SPEC metrics at top level, then per_question, by_type,
    config, latency and n_questions."""
    scored = evaluate(questions, [run.to_question_run() for run in runs])
    scored.pop("mean_latency_s", None)  # replaced by the percentiles of `latency`
    result: dict[str, Any] = {key: value for key, value in scored.items()
                              if key not in ("per_question", "by_type", "n_questions")}
    result["per_question"] = _per_question(scored["per_question"], runs)
    result["by_type"] = scored["by_type"]
    result["config"] = dict(config)
    result["latency"] = latency_summary(runs)
    result["n_questions"] = scored["n_questions"]
    return result


# --------------------------------------------------------------------------- orchestration


def evaluate_questions(questions: Sequence[GoldQuestion], settings: Settings, retriever: Retriever,
                       answerer: Answerer, k: int = SEARCH_K, chunking: str = CLAUSE_CHUNKING) -> dict[str, Any]:
    """Run already validated questions through `retriever` and `answerer` and score them."""
    runs = collect_runs(questions, retriever, answerer, k)
    config = describe_config(settings, chunking, [run.answer.answerer for run in runs], k)
    return score_runs(questions, runs, config)


def run_eval(gold_path: Path, settings: Settings, retriever: Retriever, answerer: Answerer,
             k: int = SEARCH_K) -> dict[str, Any]:
    """Validate the gold file, then search, answer and score every question.

    Raises GoldFileError (naming the line) before any retriever or answerer call.
    """
    questions = load_questions(gold_path, settings)
    return evaluate_questions(questions, settings, retriever, answerer, k)


def corpus_sources(settings: Settings) -> tuple[dict[str, SourceText], list[Clause]]:
    """The corpus as loaded for indexing: sources by file name, and their clauses."""
    root = settings.corpus_path
    documents, _ = load_documents([root], root, settings.max_clause_chars)
    return {document.source.file: document.source for document in documents}, all_clauses(documents)


def run_fixed_baseline(questions: Sequence[GoldQuestion], settings: Settings, answerer_factory: AnswererFactory,
                       corpus: tuple[dict[str, SourceText], list[Clause]] | None = None,
                       build: InMemoryBuilder | None = None, k: int = SEARCH_K) -> dict[str, Any]:
    """The same retriever and answerer over fixed 500-character chunks instead of clauses."""
    sources, clauses = corpus if corpus is not None else corpus_sources(settings)
    chunks = fixed_chunks(sources, clauses)
    retriever = (build or build_in_memory)(chunks, sources, settings)
    return evaluate_questions(questions, settings, retriever, answerer_factory(retriever), k, CHUNKING)


def _open_retriever(settings: Settings) -> Retriever:
    """The live index's retriever, after building or updating the index when needed."""
    ensure_index(settings)
    return open_retriever(settings)


def default_answerer_factory(settings: Settings) -> AnswererFactory:
    """Extractive answerers (the `rag ask` default) over a retriever; configured LLM answerers are not used."""

    def make(retriever: Retriever) -> Answerer:
        return PipelineAnswerer(retriever, settings)

    return make


def run_evaluation(gold_path: Path, settings: Settings, baseline: str | None = None, k: int = SEARCH_K, *,
                   open_retriever: Callable[[Settings], Retriever] | None = None,
                   answerer_factory: AnswererFactory | None = None,
                   build: InMemoryBuilder | None = None) -> EvalOutcome:
    """What `rag eval` does: validate the gold file, evaluate the index, optionally a baseline.

    The gold file and `baseline` are checked before the index is opened or a model
    loaded. The keyword arguments replace the real retriever, answerer and in-memory
    builder (tests pass fakes).
    """
    choice = parse_baseline(baseline)
    questions = load_questions(gold_path, settings)
    make_answerer = answerer_factory or default_answerer_factory(settings)
    retriever = (open_retriever or _open_retriever)(settings)
    result = evaluate_questions(questions, settings, retriever, make_answerer(retriever), k)
    compared = None
    if choice is Baseline.FIXED:
        index = getattr(retriever, "index", None)  # the sources and clauses it already holds: no second corpus read
        corpus = (dict(index.sources), list(index.clauses)) if index is not None else None
        compared = run_fixed_baseline(questions, settings, make_answerer, corpus, build=build, k=k)
    return EvalOutcome(result, compared)
