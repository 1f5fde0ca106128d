"""The evaluation report: terminal table, Markdown, JSON files and PNG charts."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from rag.evaluation import charts
from rag.evaluation.metrics import METRIC_KEYS
from rag.evaluation.report import (
    BASELINE_COLUMN,
    MAIN_COLUMN,
    format_value,
    markdown_report,
    metrics_table,
    result_json,
    worst_questions,
    write_report,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _row(qid: str, kind: str, answerable: bool, refused: bool, **figures: Any) -> dict[str, Any]:
    clause = {"clause_id": f"000:{qid}", "file": "000.txt", "line_start": 3, "line_end": 4,
              "locator": "000.txt:3-4 一、总体要求", "covers": False, "text": "条款内容"}
    return {
        "id": qid, "type": kind, "answerable": answerable, "refused": refused, "question": f"问题{qid}？",
        "expected": [{"file": "000.txt", "quote": f"引文{qid}", "start": 0, "end": 4}] if answerable else [],
        "retrieved": [dict(clause, rank=rank) for rank in (1, 2, 3, 4)],
        "cited": [dict(clause, n=1, covers=True)], "cited_ids": ["000:x"],
        "answer": f"回答{qid}[1]", "latency_s": 0.1, **figures,
    }


def _result(scale: float = 1.0, chunking: str = "clause") -> dict[str, Any]:
    metrics: dict[str, Any] = {key: 0.5 * scale for key in METRIC_KEYS}
    metrics["key_fact_recall"] = None
    metrics["mean_citation_chars"] = 150.0 * scale
    rows = [
        _row("g1", "fact", True, False, **{"recall@5": 1.0, "mrr@10": 1.0, "citation_recall": 1.0, "citation_precision": 1.0}),
        _row("g2", "fact", True, False, **{"recall@5": 0.0, "mrr@10": 0.0, "citation_recall": 0.0, "citation_precision": 0.0}),
        _row("g3", "paraphrase", True, True, **{"recall@5": 1.0, "citation_recall": 1.0, "citation_precision": 1.0}),
        _row("g4", "unanswerable", False, False, refusal_accuracy=0.0),
        _row("g5", "unanswerable", False, True, refusal_accuracy=1.0),
    ]
    type_figures = {key: 0.25 * scale for key in METRIC_KEYS}
    by_type = {kind: dict(type_figures, n_questions=n) for kind, n in (("fact", 2), ("paraphrase", 1), ("unanswerable", 2))}
    by_type["unanswerable"]["recall@5"] = None
    latency = {"search_p50_ms": 12.0, "search_p95_ms": 30.0, "answer_p50_ms": 40.0, "answer_p95_ms": 90.5}
    config = {"chunking": chunking, "embedder": "builtin", "retriever": "hybrid bm25+dense rrf(k=60)",
              "answerer": "extractive", "reranker": None, "search_k": 10, "corpus": "seeds", "index": "index"}
    return {**metrics, "per_question": rows, "by_type": by_type, "config": config, "latency": latency,
            "n_questions": len(rows)}


@pytest.fixture()
def result() -> dict[str, Any]:
    return _result()


@pytest.fixture()
def baseline() -> dict[str, Any]:
    return _result(0.8, "fixed 500/50")


def test_format_value() -> None:
    assert format_value(None) == "—"
    assert format_value(0.5) == "0.500"
    assert format_value(1 / 3) == "0.333"
    assert format_value(7) == "7"


def test_table_has_both_columns_and_dashes(result: dict[str, Any], baseline: dict[str, Any]) -> None:
    table = metrics_table(result, baseline)
    header = table.splitlines()[0]
    assert "指标" in header and MAIN_COLUMN in header and BASELINE_COLUMN in header
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[2:]}
    assert list(rows)[: len(METRIC_KEYS)] == list(METRIC_KEYS)
    assert rows["recall@5"] == ["0.500", "0.400"]
    assert rows["key_fact_recall"] == ["—", "—"]
    assert rows["mean_citation_chars"] == ["150.000", "120.000"]
    # Right-aligned columns: every data line is as wide as the header (CJK counts two).
    from rag.evaluation.report import display_width

    widths = {display_width(line) for line in table.splitlines() if not line.startswith("-")}
    assert len(widths) == 1


def test_table_without_baseline_has_one_column(result: dict[str, Any]) -> None:
    table = metrics_table(result)
    assert MAIN_COLUMN in table and BASELINE_COLUMN not in table


def test_markdown_sections(result: dict[str, Any], baseline: dict[str, Any]) -> None:
    text = markdown_report(result, baseline)
    for heading in ("# 评测报告", "## 配置", "## 总体指标", "## 按题型", "## 耗时", "## 最差的 10 题"):
        assert heading in text
    assert f"| 指标 | 说明 | {MAIN_COLUMN} | {BASELINE_COLUMN} |" in text
    assert "| 题型 | 题数 | recall@5 |" in text
    assert "| fact（事实） | 2 | 0.250 |" in text
    assert "| unanswerable（无答案） | 2 | — |" in text
    assert "| 回答 p95 (ms) | 90.5 | 90.5 |" in text
    assert "fixed 500/50" in text


def test_worst_questions_are_the_failures(result: dict[str, Any]) -> None:
    worst = [row["id"] for row in worst_questions(result["per_question"])]
    # Wrong refusals (g3 refused though answerable, g4 answered though unanswerable)
    # alternate with the worst answers (g2); g1 and g5 went right.
    assert worst == ["g3", "g2", "g4"]
    assert len(worst_questions(result["per_question"] * 4, 5)) == 5
    text = markdown_report(result)
    section = text.split("## 最差的 10 题")[1]
    assert "### g2（事实）问题g2？" in section and "引文g2" in section
    assert "000.txt:3-4 一、总体要求" in section and "> 回答g2[1]" in section
    assert "误拒" in section and "应拒答却作答" in section
    assert "问题g1？" not in section and "问题g5？" not in section
    assert section.count("1. ✗") == 3 and "4. ✗" not in section  # top-3 retrieved only


def test_result_json_nests_the_baseline(result: dict[str, Any], baseline: dict[str, Any]) -> None:
    data = json.loads(result_json(result, baseline))
    assert data["recall@5"] == 0.5 and data["baseline"]["recall@5"] == 0.4
    assert "baseline" not in json.loads(result_json(result))


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert len(data) > 1000 and data.startswith(PNG_MAGIC)


def test_write_report_files(tmp_path: Path, result: dict[str, Any], baseline: dict[str, Any]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        written = write_report(tmp_path / "out", result, baseline)
    names = {path.name for path in written}
    assert names == {"report.md", "metrics.json", "baseline.json", "by_type.png", "comparison.png"}
    assert all(path.is_file() and path.stat().st_size > 0 for path in written)
    _assert_png(tmp_path / "out" / "by_type.png")
    _assert_png(tmp_path / "out" / "comparison.png")
    assert json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))["recall@5"] == 0.5
    assert json.loads((tmp_path / "out" / "baseline.json").read_text(encoding="utf-8"))["recall@5"] == 0.4
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "![by_type](by_type.png)" in report and "![comparison](comparison.png)" in report


def test_write_report_without_baseline(tmp_path: Path, result: dict[str, Any]) -> None:
    names = {path.name for path in write_report(tmp_path, result)}
    assert names == {"report.md", "metrics.json", "by_type.png"}


def test_charts_fall_back_to_english_without_a_cjk_font(tmp_path: Path, result: dict[str, Any],
                                                        baseline: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "cjk_family", lambda: None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = charts.draw_charts(tmp_path, result, baseline)
    for path in drawn:
        _assert_png(path)
