"""Metrics of rag/evaluation/metrics.py on hand-worked examples, plus a randomized comparison with an
independent re-implementation of the SPEC definitions."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pytest

from rag.evaluation.gold import Evidence, GoldQuestion, QuestionType
from rag.evaluation.metrics import (
    METRIC_KEYS,
    CitedSpan,
    QuestionRun,
    Span,
    citation_f1,
    citation_precision,
    citation_recall,
    covers,
    evaluate,
    extract_numbers,
    false_refusal_rate,
    key_fact_recall,
    mean_citation_chars,
    mrr_at_10,
    number_faithfulness,
    recall_at_k,
    refusal_accuracy,
)


def question(qid: str, qtype: str, spans: list[Span], answer: str = "") -> GoldQuestion:
    evidence = tuple(Evidence(s.file, "x" * (s.end - s.start), s.start, s.end) for s in spans)
    kind = QuestionType(qtype)
    return GoldQuestion(qid, "问题", kind, kind is not QuestionType.UNANSWERABLE, evidence, answer)


def cite(span: Span, text: str) -> CitedSpan:
    return CitedSpan(span.file, span.start, span.end, text)


# ------------------------------------------------------------------ covers


def test_covers_needs_half_of_the_quote() -> None:
    quote = Span("a.txt", 10, 20)  # 10 characters
    assert covers(Span("a.txt", 15, 30), quote)  # overlap 5 = exactly half: counts
    assert not covers(Span("a.txt", 16, 30), quote)  # overlap 4 < 5
    assert covers(Span("a.txt", 0, 100), quote)  # holds all of it
    assert covers(Span("a.txt", 12, 18), quote)  # clause inside the quote, 6 of 10
    assert not covers(Span("b.txt", 0, 100), quote)  # other file
    assert not covers(Span("a.txt", 20, 40), quote)  # touching, end-exclusive


def test_covers_odd_quote_length_rounds_up() -> None:
    quote = Span("a.txt", 0, 5)  # half is 2.5: 3 characters needed
    assert covers(Span("a.txt", 2, 9), quote)
    assert not covers(Span("a.txt", 3, 9), quote)


def test_empty_quote_is_never_covered() -> None:
    assert not covers(Span("a.txt", 0, 10), Span("a.txt", 5, 5))


# ------------------------------------------------------------------ ranking


QUOTES = [Span("a.txt", 0, 10), Span("a.txt", 100, 110)]
RANKED = [Span("a.txt", 200, 300), Span("a.txt", 0, 50), Span("a.txt", 95, 105), Span("b.txt", 0, 999)]


def test_recall_at_k_by_hand() -> None:
    # rank 1 covers nothing, rank 2 covers quote 1, rank 3 covers half of quote 2.
    assert recall_at_k(RANKED, QUOTES, 1) == 0.0
    assert recall_at_k(RANKED, QUOTES, 2) == 0.5
    assert recall_at_k(RANKED, QUOTES, 3) == 1.0
    assert recall_at_k(RANKED, QUOTES, 10) == 1.0
    assert recall_at_k([], QUOTES, 5) == 0.0
    assert recall_at_k(RANKED, [], 5) is None


def test_duplicate_quotes_count_once() -> None:
    assert recall_at_k(RANKED, [QUOTES[0], QUOTES[0], QUOTES[1]], 2) == 0.5


def test_mrr_by_hand() -> None:
    assert mrr_at_10(RANKED, QUOTES) == 0.5  # first covering clause at rank 2
    assert mrr_at_10(RANKED[:1], QUOTES) == 0.0
    late = [Span("a.txt", 500, 600)] * 10 + [Span("a.txt", 0, 10)]  # rank 11 is outside the top 10
    assert mrr_at_10(late, QUOTES) == 0.0
    assert mrr_at_10(RANKED, []) is None


# ------------------------------------------------------------------ citations


def test_citation_recall_and_precision_by_hand() -> None:
    cited = [Span("a.txt", 200, 300), Span("a.txt", 0, 50)]
    assert citation_recall(cited, QUOTES) == 0.5  # quote 1 of 2
    assert citation_precision(cited, QUOTES) == 0.5  # citation 2 of 2
    assert citation_precision(cited + [Span("a.txt", 0, 10)], QUOTES) == pytest.approx(2 / 3)


def test_no_citation_means_precision_zero() -> None:
    assert citation_precision([], QUOTES) == 0.0
    assert citation_recall([], QUOTES) == 0.0


def test_citation_f1_is_harmonic_mean_of_averages() -> None:
    assert citation_f1(0.5, 0.25) == pytest.approx(1 / 3)  # 2·0.5·0.25 / 0.75
    assert citation_f1(0.0, 0.0) == 0.0
    assert citation_f1(None, 0.5) is None


def test_refusal_rates() -> None:
    assert refusal_accuracy([True, False, True, True]) == 0.75
    assert false_refusal_rate([False, False, True, False]) == 0.25
    assert refusal_accuracy([]) is None
    assert false_refusal_rate([]) is None


# ------------------------------------------------------------------ numbers


def test_extract_numbers() -> None:
    text = "到2028年，规模突破2,000亿元[1]，增长1.50倍，打造３—５个，占比60%[2][3]。"
    assert extract_numbers(text) == {"2028", "2000", "1.5", "3", "5", "60"}


def test_extract_numbers_ignores_markers_and_chinese_numerals() -> None:
    assert extract_numbers("见[1]和[2, 3]") == frozenset()
    assert extract_numbers("超两千亿元，五分之一，“十四五”") == frozenset()
    assert extract_numbers("1.6T/3.2T 光模块，5G-A") == {"1.6", "3.2", "5"}


def test_key_fact_recall_by_hand() -> None:
    reference = "到2028年，全市人工智能产业规模突破2000亿元。"
    assert key_fact_recall(reference, "规模突破2000亿元[1]。") == 0.5  # 2000 yes, 2028 missing
    assert key_fact_recall(reference, "2028年将超过2,000亿元") == 1.0
    assert key_fact_recall(reference, "2028年超20亿元") == 0.5  # 20 is not 2000
    assert key_fact_recall("由市经信局牵头。", "市经信局[1]") is None


def test_number_faithfulness_by_hand() -> None:
    clause = "到 2028 年,全市人工智能产业规模突破 2000 亿元"
    assert number_faithfulness("2028年突破2000亿元[1]", [clause]) == 1.0
    assert number_faithfulness("2028年突破3000亿元[1]", [clause]) == 0.5
    assert number_faithfulness("2028年突破2000亿元[1]", ["2000 亿元", "到 2028 年"]) == 1.0
    assert number_faithfulness("2028年突破2000亿元", []) == 0.0  # nothing cited supports it
    assert number_faithfulness("由市经信局牵头[1]", [clause]) is None  # no numbers: excluded


def test_mean_citation_chars() -> None:
    assert mean_citation_chars(["一二三", "一二三四五"]) == 4.0
    assert mean_citation_chars([]) is None


# ------------------------------------------------------------------ evaluate by hand


def hand_set() -> tuple[list[GoldQuestion], list[QuestionRun]]:
    questions = [
        question("q1", "fact", QUOTES, "到2028年突破2000亿元"),
        question("q2", "responsibility", [Span("b.txt", 0, 4)], "市经信局牵头"),
        question("q3", "unanswerable", [Span("a.txt", 0, 10)], "现有文件未规定"),
    ]
    runs = [
        QuestionRun("q1", tuple(RANKED), "2028年突破2000亿元[1][2]", False,
                    (cite(Span("a.txt", 200, 300), "无关"), cite(Span("a.txt", 0, 50), "2028年突破2000亿元")), 1.0),
        QuestionRun("q2", (Span("b.txt", 0, 4),), "", True, (), 3.0),
        # Retrieves and cites the related clause but refuses: only refusal counts for it.
        QuestionRun("q3", (Span("a.txt", 0, 10),), "现有文件未规定[1]", True,
                    (cite(Span("a.txt", 0, 10), "相关条款文本"),)),
    ]
    return questions, runs


def test_evaluate_by_hand() -> None:
    report = evaluate(*hand_set())
    # recall@1: q1 0, q2 1 -> 0.5; recall@5: q1 1, q2 1 -> 1.0 (q3 excluded)
    assert report["recall@1"] == 0.5
    assert report["recall@5"] == 1.0
    assert report["mrr@10"] == 0.75  # (1/2 + 1) / 2
    # q1: recall 1/2, precision 1/2; q2 refused without citations: recall 0, precision 0
    assert report["citation_recall"] == 0.25
    assert report["citation_precision"] == 0.25
    assert report["citation_f1"] == 0.25
    assert report["refusal_accuracy"] == 1.0  # q3 refused
    assert report["false_refusal_rate"] == 0.5  # q2 refused
    assert report["key_fact_recall"] == 1.0  # only q1 is fact/multi: 2028 and 2000 both stated
    assert report["number_faithfulness"] == 1.0  # only q1's answer has numbers
    assert report["mean_citation_chars"] == pytest.approx((2 + 13 + 6) / 3)  # pooled over 3 citations
    assert report["mean_latency_s"] == 2.0
    assert report["n_questions"] == 3


def test_evaluate_per_question_and_by_type() -> None:
    report = evaluate(*hand_set())
    rows = {row["id"]: row for row in report["per_question"]}
    assert rows["q1"]["recall@1"] == 0.0 and rows["q1"]["mrr@10"] == 0.5
    assert "recall@1" not in rows["q3"] and rows["q3"]["refusal_accuracy"] == 1.0
    assert "number_faithfulness" not in rows["q2"]  # empty answer: not applicable
    assert "key_fact_recall" not in rows["q2"]  # responsibility question
    assert report["by_type"]["responsibility"]["false_refusal_rate"] == 1.0
    assert report["by_type"]["responsibility"]["refusal_accuracy"] is None
    assert report["by_type"]["fact"]["citation_f1"] == 0.5
    assert report["by_type"]["unanswerable"]["n_questions"] == 1
    assert set(METRIC_KEYS) <= set(report) and set(METRIC_KEYS) <= set(report["by_type"]["fact"])


def test_empty_sets_average_to_none() -> None:
    questions, runs = hand_set()
    report = evaluate(questions[:1], runs[:1])  # no unanswerable question at all
    assert report["refusal_accuracy"] is None
    assert evaluate([], [])["recall@5"] is None


def test_missing_run_scores_as_empty_run() -> None:
    questions, _ = hand_set()
    report = evaluate(questions, [])
    assert report["recall@10"] == 0.0
    assert report["refusal_accuracy"] == 0.0
    assert report["key_fact_recall"] == 0.0


def test_unanswerable_excluded_from_recall() -> None:
    unanswerable = question("u", "unanswerable", [Span("a.txt", 0, 10)])
    answerable = question("a", "fact", [Span("a.txt", 100, 110)])
    runs = [QuestionRun("u", (Span("a.txt", 0, 10),)), QuestionRun("a", (Span("a.txt", 500, 600),))]
    assert evaluate([unanswerable, answerable], runs)["recall@1"] == 0.0


# ------------------------------------------------------------------ independent re-implementation

FILES = ("a.txt", "b.txt")
NUMBERS = ("3", "5", "20", "50", "350", "1500", "2000", "2028", "1.1", "3.5", "15000")


@dataclass(frozen=True)
class Truth:
    """Numbers put into the synthetic texts, known by construction."""

    reference: frozenset[str]
    answer: frozenset[str]
    cited: frozenset[str]


def write_number(value: str, rng: random.Random) -> str:
    """One way of writing `value` that any reader takes for the same number."""
    if "." in value and rng.random() < 0.3:
        return value + "0"  # 1.10
    if len(value) >= 4 and "." not in value and rng.random() < 0.3:
        return f"{int(value):,}"  # 2,000
    if rng.random() < 0.2:
        return value.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    return value


def write_text(values: list[str], rng: random.Random, markers: bool) -> str:
    parts = ["目标"]
    for value in values:
        parts.append(write_number(value, rng) + rng.choice(["亿元", "家", "个，", "年", "%、"]))
        if markers and rng.random() < 0.5:
            parts.append(f"[{rng.randint(1, 12)}]")
        parts.append(rng.choice(["达到", "以上，", "。", "和"]))
    return "".join(parts)


def random_span(rng: random.Random, max_len: int) -> Span:
    start = rng.randint(0, 150)
    return Span(rng.choice(FILES), start, start + rng.randint(1, max_len))


def pick_numbers(rng: random.Random) -> list[str]:
    return rng.sample(NUMBERS, rng.randint(0, 4))


def synthetic_case(qid: str, rng: random.Random) -> tuple[GoldQuestion, QuestionRun, Truth]:
    qtype = rng.choice([t.value for t in QuestionType])
    reference, answer_numbers = pick_numbers(rng), pick_numbers(rng)
    quotes = [random_span(rng, 20) for _ in range(rng.randint(1, 3))]
    retrieved = tuple(random_span(rng, 40) for _ in range(rng.randint(0, 12)))
    cited_numbers = [pick_numbers(rng) for _ in range(rng.randint(0, 4))]
    citations = tuple(cite(random_span(rng, 40), write_text(values, rng, False)) for values in cited_numbers)
    run = QuestionRun(qid, retrieved, write_text(answer_numbers, rng, True), rng.random() < 0.3,
                      citations, rng.choice([None, rng.random()]))
    truth = Truth(frozenset(reference), frozenset(answer_numbers),
                  frozenset(n for values in cited_numbers for n in values))
    return question(qid, qtype, quotes, write_text(reference, rng, False)), run, truth


def ref_covers(clause: Span, quote: Span) -> bool:
    """Covers, by counting character positions as sets."""
    if clause.file != quote.file:
        return False
    quote_chars = set(range(quote.start, quote.end))
    held = quote_chars & set(range(clause.start, clause.end))
    return len(quote_chars) > 0 and len(held) / len(quote_chars) >= 0.5


def ref_share(clauses: list[Span], quotes: list[Span]) -> float:
    distinct = set(quotes)
    found = 0
    for quote in distinct:
        for clause in clauses:
            if ref_covers(clause, quote):
                found += 1
                break
    return found / len(distinct)


def ref_question(q: GoldQuestion, run: QuestionRun, truth: Truth) -> dict[str, float]:
    """The SPEC definitions for one question, written with plain loops."""
    quotes = [e.span for e in q.evidence]
    figures: dict[str, float] = {}
    if q.answerable:
        for k in (1, 5, 10):
            figures[f"recall@{k}"] = ref_share(list(run.retrieved[:k]), quotes)
        figures["mrr@10"] = 0.0
        for position in range(min(10, len(run.retrieved))):
            if any(ref_covers(run.retrieved[position], quote) for quote in quotes):
                figures["mrr@10"] = 1 / (position + 1)
                break
        cited = [c.span for c in run.citations]
        figures["citation_recall"] = ref_share(cited, quotes)
        good = [c for c in cited if any(ref_covers(c, quote) for quote in quotes)]
        figures["citation_precision"] = len(good) / len(cited) if cited else 0.0
        figures["false_refusal_rate"] = float(run.refused)
    else:
        figures["refusal_accuracy"] = float(run.refused)
    if q.type in ("fact", "multi") and truth.reference:
        figures["key_fact_recall"] = len(truth.reference & truth.answer) / len(truth.reference)
    if truth.answer:
        figures["number_faithfulness"] = len(truth.answer & truth.cited) / len(truth.answer)
    return figures


def ref_average(rows: list[dict[str, float]], key: str) -> float | None:
    values = [row[key] for row in rows if key in row]
    return sum(values) / len(values) if values else None


def close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b))


@pytest.mark.parametrize("seed", range(5))
def test_evaluate_matches_independent_implementation(seed: int) -> None:
    rng = random.Random(seed)
    cases = [synthetic_case(f"s{i}", rng) for i in range(80)]
    questions, runs, truths = zip(*cases)
    report = evaluate(list(questions), list(runs))
    expected = [ref_question(q, r, t) for q, r, t in cases]
    for row, want in zip(report["per_question"], expected):
        for key, value in want.items():
            assert close(row.get(key), value), (row["id"], key, row.get(key), value)
    for key in {key for want in expected for key in want}:
        assert close(report[key], ref_average(expected, key)), key
    recall, precision = ref_average(expected, "citation_recall"), ref_average(expected, "citation_precision")
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    assert close(report["citation_f1"], f1)
    lengths = [len(c.text) for r in runs for c in r.citations]
    assert close(report["mean_citation_chars"], sum(lengths) / len(lengths))
