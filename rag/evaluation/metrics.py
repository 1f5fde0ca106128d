"""Evaluation metrics of SPEC.md ("Gold file and evaluation") as pure functions.

Nothing here opens a file: the functions take character spans, ranked lists of spans,
answer texts and cited texts. `evaluate` combines them over a gold set.

Conventions:

- Per-question functions return `None` when the metric does not apply to the
  question (e.g. recall of a question without quotes, number faithfulness of an
  answer without numbers); averages skip `None` and an average over an empty set is
  `None`, never 0, so that "not measured" is not confused with "all wrong".
- Numbers (for `key_fact_recall` and `number_faithfulness`) are runs of Arabic digits,
  see `rag.text.numbers.extract_numbers`. Chinese numerals (两千, 五分之一, 十四五) are not numbers here:
  in these documents they are far more often names and ordinals (“十四五”, 一网统管,
  第一梯队) than quantities, and every target the documents set is written in digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rag.text.numbers import extract_numbers, normalize_number  # re-exported: part of this module's API

# Cut-offs of the ranked-list metrics (`recall@k`, `mrr@10`) and the types `key_fact_recall` covers.
RECALL_KS = (1, 5, 10)
MRR_K = 10
KEY_FACT_TYPES = frozenset({"fact", "multi"})


@dataclass(frozen=True)
class Span:
    """A character range `[start, end)` of one corpus file."""

    file: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return max(0, self.end - self.start)


@dataclass(frozen=True)
class CitedSpan:
    """A citation of an answer: where the cited clause is and the text the reader saw."""

    file: str
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.file, self.start, self.end)


@dataclass(frozen=True)
class QuestionRun:
    """What the system produced for one gold question.

    `retrieved` is the ranked clause list of `rag search` (best first); `answer`,
    `refused` and `citations` come from `rag ask`; `latency` is in seconds.
    """

    id: str
    retrieved: tuple[Span, ...] = ()
    answer: str = ""
    refused: bool = False
    citations: tuple[CitedSpan, ...] = ()
    latency: float | None = None


class GoldLike(Protocol):
    """The parts of a gold question the metrics need (`rag.gold.GoldQuestion` has them)."""

    @property
    def id(self) -> str: ...

    @property
    def type(self) -> str: ...

    @property
    def answerable(self) -> bool: ...

    @property
    def answer(self) -> str: ...

    @property
    def spans(self) -> tuple[Span, ...]: ...


# --------------------------------------------------------------------------- spans


def covers(clause: Span, quote: Span) -> bool:
    """True when `clause` is in the quote's file and holds at least half of its characters.

    Exactly half counts. An empty quote is covered by nothing.
    """
    if clause.file != quote.file or quote.length == 0:
        return False
    overlap = min(clause.end, quote.end) - max(clause.start, quote.start)
    return overlap > 0 and 2 * overlap >= quote.length


def covered_share(clauses: Sequence[Span], quotes: Sequence[Span]) -> float | None:
    """Share of the distinct `quotes` covered by at least one of `clauses`; None without quotes."""
    distinct = list(dict.fromkeys(quotes))
    if not distinct:
        return None
    hit = sum(1 for quote in distinct if any(covers(clause, quote) for clause in clauses))
    return hit / len(distinct)


def recall_at_k(ranked: Sequence[Span], quotes: Sequence[Span], k: int) -> float | None:
    """Share of the question's quotes covered by the top-`k` clauses; None without quotes."""
    return covered_share(ranked[:k], quotes)


def mrr_at_10(ranked: Sequence[Span], quotes: Sequence[Span]) -> float | None:
    """Reciprocal rank of the first of the top 10 clauses covering any quote (0 if none).

    This is one question's value; the MRR is its mean over questions. None without quotes.
    """
    if not quotes:
        return None
    for rank, clause in enumerate(ranked[:MRR_K], start=1):
        if any(covers(clause, quote) for quote in quotes):
            return 1.0 / rank
    return 0.0


def citation_recall(cited: Sequence[Span], quotes: Sequence[Span]) -> float | None:
    """Share of the question's quotes covered by at least one citation; None without quotes."""
    return covered_share(cited, quotes)


def citation_precision(cited: Sequence[Span], quotes: Sequence[Span]) -> float | None:
    """Share of the citations that cover at least one quote.

    An answer without citations scores 0 (SPEC); None only when the question has no
    quotes to judge against.
    """
    if not quotes:
        return None
    if not cited:
        return 0.0
    good = sum(1 for clause in cited if any(covers(clause, quote) for quote in quotes))
    return good / len(cited)


def citation_f1(mean_recall: float | None, mean_precision: float | None) -> float | None:
    """Harmonic mean of the averaged citation recall and precision (not a mean of F1s).

    None when either average is None; 0 when both are 0.
    """
    if mean_recall is None or mean_precision is None:
        return None
    if mean_recall + mean_precision == 0:
        return 0.0
    return 2 * mean_recall * mean_precision / (mean_recall + mean_precision)


def refusal_accuracy(refused: Iterable[bool]) -> float | None:
    """Over unanswerable questions: share answered with `refused: true`; None if there are none."""
    return mean(1.0 if flag else 0.0 for flag in refused)


def false_refusal_rate(refused: Iterable[bool]) -> float | None:
    """Over answerable questions: share answered with `refused: true`; None if there are none."""
    return mean(1.0 if flag else 0.0 for flag in refused)


# --------------------------------------------------------------------------- numbers


def key_fact_recall(reference: str, answer: str) -> float | None:
    """Share of the reference answer's numbers that appear in the answer.

    None when the reference answer states no number.
    """
    wanted = extract_numbers(reference)
    if not wanted:
        return None
    return len(wanted & extract_numbers(answer)) / len(wanted)


def number_faithfulness(answer: str, cited_texts: Sequence[str]) -> float | None:
    """Share of the answer's numbers that appear in the text of the clauses it cites.

    None when the answer states no number; an answer with numbers and no citation
    scores 0.
    """
    stated = extract_numbers(answer)
    if not stated:
        return None
    supported: set[str] = set()
    for text in cited_texts:
        supported |= extract_numbers(text)
    return len(stated & supported) / len(stated)


def mean_citation_chars(cited_texts: Sequence[str]) -> float | None:
    """Mean length in characters of the cited clause texts; None without citations."""
    return mean(float(len(text)) for text in cited_texts)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    kept = [value for value in values if value is not None]
    return sum(kept) / len(kept) if kept else None


# --------------------------------------------------------------------------- evaluate

CITATION_KEYS = ("citation_recall", "citation_precision")
AVERAGED_KEYS = (
    *(f"recall@{k}" for k in RECALL_KS),
    f"mrr@{MRR_K}",
    *CITATION_KEYS,
    "refusal_accuracy",
    "false_refusal_rate",
    "key_fact_recall",
    "number_faithfulness",
)
# Report order: every averaged metric plus the two derived ones.
METRIC_KEYS = (
    *(f"recall@{k}" for k in RECALL_KS),
    f"mrr@{MRR_K}",
    "citation_recall",
    "citation_precision",
    "citation_f1",
    "refusal_accuracy",
    "false_refusal_rate",
    "key_fact_recall",
    "number_faithfulness",
    "mean_citation_chars",
)


def score_question(question: GoldLike, run: QuestionRun) -> dict[str, Any]:
    """The figures that apply to one question, keyed by SPEC metric name.

    Figures that do not apply (recall of an unanswerable question, number faithfulness
    of an answer without numbers, ...) are left out rather than set to None.
    """
    row: dict[str, Any] = {"id": question.id, "type": str(question.type), "answerable": question.answerable,
                           "refused": run.refused, "n_citations": len(run.citations)}
    texts = [citation.text for citation in run.citations]
    figures: dict[str, float | None] = {}
    if question.answerable:
        figures.update(_answerable_figures(question.spans, run))
    else:
        figures["refusal_accuracy"] = 1.0 if run.refused else 0.0
    if question.type in KEY_FACT_TYPES:
        figures["key_fact_recall"] = key_fact_recall(question.answer, run.answer)
    figures["number_faithfulness"] = number_faithfulness(run.answer, texts)
    figures["mean_citation_chars"] = mean_citation_chars(texts)
    row.update({key: value for key, value in figures.items() if value is not None})
    if run.latency is not None:
        row["latency"] = run.latency
    return row


def _answerable_figures(quotes: Sequence[Span], run: QuestionRun) -> dict[str, float | None]:
    cited = [citation.span for citation in run.citations]
    figures: dict[str, float | None] = {
        f"recall@{k}": recall_at_k(run.retrieved, quotes, k) for k in RECALL_KS
    }
    figures[f"mrr@{MRR_K}"] = mrr_at_10(run.retrieved, quotes)
    figures["citation_recall"] = citation_recall(cited, quotes)
    figures["citation_precision"] = citation_precision(cited, quotes)
    figures["false_refusal_rate"] = 1.0 if run.refused else 0.0
    return figures


def summarize(rows: Sequence[Mapping[str, Any]], citation_chars: Sequence[int]) -> dict[str, float | None]:
    """Average per-question rows into the SPEC metrics.

    Each metric is averaged over the rows that carry it (None if none do);
    `citation_f1` is the harmonic mean of the two citation averages and
    `mean_citation_chars` is pooled over all citations, not averaged per question.
    """
    result: dict[str, float | None] = {key: mean(row.get(key) for row in rows) for key in AVERAGED_KEYS}
    result["citation_f1"] = citation_f1(result["citation_recall"], result["citation_precision"])
    result["mean_citation_chars"] = mean(float(n) for n in citation_chars)
    ordered: dict[str, float | None] = {key: result[key] for key in METRIC_KEYS}
    ordered["mean_latency_s"] = mean(row.get("latency") for row in rows)
    return ordered


def evaluate(questions: Sequence[GoldLike], runs: Iterable[QuestionRun]) -> dict[str, Any]:
    """Score `runs` against the gold `questions`.

    Returns the SPEC metrics (`recall@1` ... `mean_citation_chars`, None where the
    set they average over is empty), `mean_latency_s`, `n_questions`, `per_question`
    (one dict of applicable figures per question, gold order) and `by_type`
    (type → the same metrics over that type's questions). A question without a run
    is scored as an empty run: nothing retrieved, empty answer, not refused.
    """
    by_id = {run.id: run for run in runs}
    rows: list[dict[str, Any]] = []
    chars: list[list[int]] = []
    for question in questions:
        run = by_id.get(question.id, QuestionRun(question.id))
        rows.append(score_question(question, run))
        chars.append([len(citation.text) for citation in run.citations])
    report: dict[str, Any] = summarize(rows, [n for lengths in chars for n in lengths])
    report["n_questions"] = len(rows)
    report["per_question"] = rows
    report["by_type"] = _by_type(rows, chars)
    return report


def _by_type(rows: Sequence[Mapping[str, Any]], chars: Sequence[Sequence[int]]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(row["type"], []).append(index)
    by_type: dict[str, dict[str, Any]] = {}
    for kind, indexes in groups.items():
        summary: dict[str, Any] = summarize([rows[i] for i in indexes], [n for i in indexes for n in chars[i]])
        summary["n_questions"] = len(indexes)
        by_type[kind] = summary
    return by_type
