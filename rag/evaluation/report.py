"""The evaluation as people read it: a terminal table, a Markdown report, JSON and charts.

Formatting functions return strings and never touch files; `write_report` and
`write_json` are the only writers. Charts live in `rag.evaluation.charts` (matplotlib, imported
only when a chart is drawn).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rag.evaluation.charts import draw_charts
from rag.evaluation.labels import (
    BASELINE_COLUMN,
    LATENCY_LABELS,
    MAIN_COLUMN,
    METRIC_LABELS,
    TYPE_LABELS,
    type_order,
)
from rag.evaluation.metrics import METRIC_KEYS, citation_f1

Result = Mapping[str, Any]

MISSING = "—"
WORST_COUNT = 10
# Columns of the per-type table: the metrics that differ meaningfully between types.
TYPE_METRICS = ("recall@5", "mrr@10", "citation_recall", "citation_precision", "citation_f1",
                "key_fact_recall", "refusal_accuracy", "false_refusal_rate")


# --------------------------------------------------------------------------- values


def format_value(value: Any) -> str:
    """A figure as shown: floats to three decimals, None as '—'."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def display_width(text: str) -> int:
    """Terminal columns taken by `text`: full-width (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def columns_of(result: Result, baseline: Result | None) -> list[tuple[str, Result]]:
    """(header, result) per column: the clause run, then the baseline when there is one."""
    return [(MAIN_COLUMN, result)] + ([(BASELINE_COLUMN, baseline)] if baseline is not None else [])


# --------------------------------------------------------------------------- terminal


def metrics_table(result: Result, baseline: Result | None = None) -> str:
    """The overall metrics as an aligned terminal table, one row per metric."""
    columns = columns_of(result, baseline)
    header = ["指标"] + [name for name, _ in columns]
    rows = [[key] + [format_value(data.get(key)) for _, data in columns] for key in METRIC_KEYS]
    rows.append(["题数"] + [format_value(data.get("n_questions")) for _, data in columns])
    table = [header] + rows
    widths = [max(display_width(row[index]) for row in table) for index in range(len(header))]
    lines = []
    for number, row in enumerate(table):
        cells = [_pad(cell, widths[index], right=index > 0) for index, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


# --------------------------------------------------------------------------- markdown


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else format_value(value)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table; pipes and newlines in cells are escaped."""
    lines = ["| " + " | ".join(_cell(item) for item in header) + " |",
             "|" + "|".join(" --- " for _ in header) + "|"]
    lines.extend("| " + " | ".join(_cell(item) for item in row) + " |" for row in rows)
    return "\n".join(lines)


def config_section(result: Result, baseline: Result | None = None) -> str:
    """What produced the figures: the main settings per column, then every setting."""
    columns = columns_of(result, baseline)
    keys = ("chunking", "embedder", "retriever", "answerer", "reranker", "search_k", "corpus", "index")
    rows = [[key] + [_cell(data.get("config", {}).get(key)) for _, data in columns] for key in keys]
    rows.append(["题数"] + [_cell(data.get("n_questions")) for _, data in columns])
    full = json.dumps(result.get("config", {}), ensure_ascii=False, indent=2)
    return "\n".join([
        "## 配置", "", markdown_table(["配置项"] + [name for name, _ in columns], rows), "",
        "<details><summary>全部配置</summary>", "", "```json", full, "```", "", "</details>",
    ])


def overall_section(result: Result, baseline: Result | None = None) -> str:
    """Every SPEC metric, one row each, a column per chunking."""
    columns = columns_of(result, baseline)
    rows = [[key, METRIC_LABELS.get(key, "")] + [data.get(key) for _, data in columns] for key in METRIC_KEYS]
    header = ["指标", "说明"] + [name for name, _ in columns]
    return "\n".join(["## 总体指标", "", markdown_table(header, rows)])


def type_table(result: Result) -> str:
    """Rows = question types, columns = the main metrics."""
    by_type = result.get("by_type", {})
    header = ["题型", "题数", *TYPE_METRICS]
    rows = []
    for kind in type_order(by_type):
        data = by_type[kind]
        name = f"{kind}（{TYPE_LABELS[kind]}）" if kind in TYPE_LABELS else kind
        rows.append([name, data.get("n_questions"), *(data.get(key) for key in TYPE_METRICS)])
    return markdown_table(header, rows)


def type_section(result: Result, baseline: Result | None = None) -> str:
    """The per-type table of each column."""
    parts = ["## 按题型", ""]
    for name, data in columns_of(result, baseline):
        parts.extend([f"### {name}", "", type_table(data), ""])
    return "\n".join(parts).rstrip()


def _ms(value: float | None) -> str:
    return MISSING if value is None else f"{value:.1f}"


def latency_section(result: Result, baseline: Result | None = None) -> str:
    """Search and answer time percentiles per column."""
    columns = columns_of(result, baseline)
    rows = [[label] + [_ms(data.get("latency", {}).get(key)) for _, data in columns]
            for key, label in LATENCY_LABELS.items()]
    table = markdown_table(["耗时"] + [name for name, _ in columns], rows)
    return "\n".join(["## 耗时", "", table])


# --------------------------------------------------------------------------- worst questions


def question_f1(row: Mapping[str, Any]) -> float | None:
    """One question's citation F1 (harmonic mean of its citation recall and precision)."""
    return citation_f1(row.get("citation_recall"), row.get("citation_precision"))


def wrong_refusal(row: Mapping[str, Any]) -> bool:
    """A refused answerable question, or an unanswerable one answered."""
    return bool(row.get("refused")) == bool(row.get("answerable"))


def answer_badness(row: Mapping[str, Any]) -> tuple[float, float, float] | None:
    """Sort key of an answered answerable question (lower is worse); None when it went right.

    Citation F1 first, then recall@5 and MRR.
    """
    if not row.get("answerable") or row.get("refused"):
        return None
    f1 = question_f1(row) or 0.0
    recall, mrr = row.get("recall@5") or 0.0, row.get("mrr@10") or 0.0
    if f1 >= 1.0 and recall >= 1.0:
        return None
    return (f1, recall, mrr)


def worst_questions(rows: Sequence[Mapping[str, Any]], count: int = WORST_COUNT) -> list[Mapping[str, Any]]:
    """The `count` questions that went worst: wrong refusals and the lowest-scoring answers.

    The two kinds alternate (a wrong refusal first) so that one kind failing wholesale
    does not hide the other; within a kind gold order / the score decides.
    """
    refusals = [row for row in rows if wrong_refusal(row)]
    scored = [(key, index) for index, row in enumerate(rows) if (key := answer_badness(row)) is not None]
    answers = [rows[index] for _, index in sorted(scored)]
    picked: list[Mapping[str, Any]] = []
    while len(picked) < count and (refusals or answers):
        for queue in (refusals, answers):
            if queue and len(picked) < count:
                picked.append(queue.pop(0))
    return picked


def _quote_block(text: str) -> str:
    return "\n".join("> " + line for line in (text.strip() or MISSING).splitlines())


def _clause_line(item: Mapping[str, Any], marker: str) -> str:
    mark = "✓" if item.get("covers") else "✗"
    preview = str(item.get("text", "")).replace("\n", " ")
    return f"- {marker} {mark} `{item.get('clause_id')}`（{item.get('locator', item.get('file'))}）\n  > {preview}"


def _verdict(row: Mapping[str, Any]) -> str:
    if wrong_refusal(row):
        return "误拒（可回答却拒答）" if row.get("answerable") else "应拒答却作答"
    return (f"引用 F1 {format_value(question_f1(row))}，引用召回 {format_value(row.get('citation_recall'))}，"
            f"检索召回@5 {format_value(row.get('recall@5'))}")


def question_block(row: Mapping[str, Any]) -> str:
    """One failed question: what was asked, expected, retrieved, cited and answered."""
    kind = str(row.get("type"))
    lines = [f"### {row.get('id')}（{TYPE_LABELS.get(kind, kind)}）{row.get('question', '')}", "",
             f"问题所在：{_verdict(row)}", "",
             "**应引用的原文**" if row.get("answerable") else "**相关原文**（语料中没有答案）", ""]
    expected = row.get("expected") or []
    lines.extend(f"- {item['file']}：“{item['quote']}”" for item in expected)
    if not expected:
        lines.append("- （无）")
    lines.extend(["", "**检索到的前 3 条**（✓ 覆盖引文）", ""])
    lines.extend(_clause_line(item, f"{item.get('rank')}.") for item in (row.get("retrieved") or [])[:3])
    lines.extend(["", "**回答引用的条款**", ""])
    lines.extend(_clause_line(item, f"[{item.get('n')}]") for item in row.get("cited") or [])
    if not row.get("cited"):
        lines.append("- （没有引用）")
    refused = "（已拒答）" if row.get("refused") else ""
    lines.extend(["", f"**回答**{refused}", "", _quote_block(str(row.get("answer", "")))])
    return "\n".join(lines)


def worst_section(result: Result, count: int = WORST_COUNT) -> str:
    """The questions that went worst under clause splitting, each in full."""
    rows = worst_questions(result.get("per_question", []), count)
    parts = [f"## 最差的 {count} 题（条款切分）", "",
             "误拒、应拒未拒的题与引用 F1（其次检索召回@5）最低的题交替列出。", ""]
    if not rows:
        parts.append("没有出错的题目。")
    parts.extend(question_block(row) + "\n" for row in rows)
    return "\n".join(parts).rstrip()


def markdown_report(result: Result, baseline: Result | None = None, charts: Sequence[str] = ()) -> str:
    """The whole report: config, overall table, per-type tables, latency, worst questions.

    `charts` are image paths relative to the report, embedded after the tables.
    """
    sections = ["# 评测报告", config_section(result, baseline), overall_section(result, baseline),
                type_section(result, baseline), latency_section(result, baseline)]
    if charts:
        sections.append("## 图表\n\n" + "\n\n".join(f"![{Path(name).stem}]({name})" for name in charts))
    sections.append(worst_section(result))
    return "\n\n".join(sections) + "\n"


# --------------------------------------------------------------------------- files


def result_json(result: Result, baseline: Result | None = None) -> str:
    """The `--json` document: the result, with the baseline under `baseline` when present."""
    data = dict(result)
    if baseline is not None:
        data["baseline"] = dict(baseline)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json(path: Path, result: Result, baseline: Result | None = None) -> Path:
    """Write `result_json` to `path`, creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result_json(result, baseline), encoding="utf-8")
    return path


def write_report(out_dir: Path, result: Result, baseline: Result | None = None) -> list[Path]:
    """Write report.md, metrics.json (and baseline.json) and the PNG charts into `out_dir`."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_json(folder / "metrics.json", result)]
    if baseline is not None:
        written.append(write_json(folder / "baseline.json", baseline))
    charts = draw_charts(folder, result, baseline)
    report = folder / "report.md"
    report.write_text(markdown_report(result, baseline, [chart.name for chart in charts]), encoding="utf-8")
    return [report, *written, *charts]
