"""Names the evaluation shows people: column headers, metric and question-type labels, type order.

Shared by the report (tables, Markdown) and the charts, which import nothing from each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAIN_COLUMN = "条款切分"
BASELINE_COLUMN = "固定切分"

METRIC_LABELS: dict[str, str] = {
    "recall@1": "检索召回@1",
    "recall@5": "检索召回@5",
    "recall@10": "检索召回@10",
    "mrr@10": "首个命中倒数排名",
    "citation_recall": "引用召回率",
    "citation_precision": "引用准确率",
    "citation_f1": "引用 F1",
    "refusal_accuracy": "无答案题拒答率",
    "false_refusal_rate": "可答题误拒率",
    "key_fact_recall": "关键数字召回",
    "number_faithfulness": "数字忠实度",
    "mean_citation_chars": "引用条款平均字数",
}
TYPE_LABELS: dict[str, str] = {
    "fact": "事实", "paraphrase": "换说法", "wording": "原文措辞", "responsibility": "责任单位",
    "multi": "多条综合", "metadata": "文件信息", "unanswerable": "无答案",
}
TYPE_ORDER = tuple(TYPE_LABELS)
LATENCY_LABELS = {"search_p50_ms": "检索 p50 (ms)", "search_p95_ms": "检索 p95 (ms)",
                  "answer_p50_ms": "回答 p50 (ms)", "answer_p95_ms": "回答 p95 (ms)"}


def type_order(by_type: Mapping[str, Any]) -> list[str]:
    """Question types of `by_type`: the gold file's types in their order, then any others sorted."""
    known = [kind for kind in TYPE_ORDER if kind in by_type]
    return known + sorted(kind for kind in by_type if kind not in TYPE_ORDER)
