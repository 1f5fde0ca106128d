"""Wording-check and consistency results for people: terminal text and HTML for the app.

Diffs are shown the way the query would be edited into the original wording:
〔基本→初步〕 for a replacement, [-删-] for words only in the query, {+增+} for words only
in the original. In HTML every piece of document or user text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from rag.checking.results import VERDICT_LABELS, CheckMatch, CheckReport, CheckResult, DiffOp
from rag.checking.consistency import Inconsistency, Statement

KIND_LABELS = {"value": "数值不一致", "wording": "表述不一致", "typo": "疑似笔误"}
_VERDICT_COLOURS = {"exact": "#1a7f37", "near": "#9a6700", "not_found": "#cf222e"}
_DEL_STYLE = "color:#cf222e;background:#ffebe9;text-decoration:line-through"
_INS_STYLE = "color:#1a7f37;background:#dafbe1;text-decoration:none"


def _lines(start: int, end: int) -> str:
    return f"第{start}行" if start == end else f"第{start}–{end}行"


def locator(match: CheckMatch) -> str:
    """Where a match is: file, lines, section path, document title and 文号."""
    place = f"{match.file} {_lines(match.line_start, match.line_end)}"
    if match.section:
        place += " › " + " › ".join(match.section)
    document = "，".join(item for item in (match.doc_title, match.doc_number) if item)
    return f"{place}（{document}）" if document else place


def diff_text(diff: Sequence[DiffOp]) -> str:
    """The diff inline: 〔基本→初步〕, [-只在核对文字中-], {+只在原文中+}."""
    parts = []
    for op in diff:
        if op.op == "equal":
            parts.append(op.original)
        elif op.op == "replace":
            parts.append(f"〔{op.query}→{op.original}〕")
        elif op.op == "delete":
            parts.append(f"[-{op.query}-]")
        else:
            parts.append(f"{{+{op.original}+}}")
    return "".join(parts)


def _match_text(match: CheckMatch, number: int) -> list[str]:
    lines = [
        f"  [{number}] 相似度 {match.similarity:.0%}  出处：{locator(match)}",
        f"      原文：{match.original_text}",
    ]
    if any(op.op != "equal" for op in match.diff):
        lines.append(f"      差异：{diff_text(match.diff)}")
    return lines


def _result_text(result: CheckResult, heading: str) -> list[str]:
    lines = [f"{heading}{VERDICT_LABELS[result.verdict]}"]
    if result.note:
        lines.append(f"  （{result.note}）")
    for number, match in enumerate(result.matches, start=1):
        lines.extend(_match_text(match, number))
    if result.verdict == "not_found" and not result.note:
        lines.append("  语料中没有找到相同或相近的表述。")
    return lines


def check_report_text(report: CheckReport) -> str:
    """A wording-check report for the terminal: verdict, place, original and inline diff."""
    if len(report.sentences) == 1:
        return "\n".join(_result_text(report.sentences[0], "核对结果："))
    lines = [f"核对结果（共 {len(report.sentences)} 句）：{VERDICT_LABELS[report.verdict]}"]
    for number, result in enumerate(report.sentences, start=1):
        lines.append("")
        lines.append(f"第{number}句：{result.query}")
        lines.extend(_result_text(result, "  结论："))
    return "\n".join(lines)


def _statement_text(name: str, statement: Statement) -> str:
    title = f"（{statement.doc_title}）" if statement.doc_title else ""
    return (
        f"  {name}：{statement.file} {_lines(statement.line_start, statement.line_end)} [{statement.clause_id}]{title}\n"
        f"     “{statement.quote}”"
    )


def consistency_text(items: Sequence[Inconsistency]) -> str:
    """The consistency report for the terminal, one numbered block per pair."""
    if not items:
        return "未发现前后不一致的数字表述。"
    blocks = [f"发现 {len(items)} 处可能不一致的表述："]
    for number, item in enumerate(items, start=1):
        blocks.append(
            f"\n{number}. 【{KIND_LABELS.get(item.kind, item.kind)}】{item.indicator}\n"
            f"{_statement_text('甲', item.a)}\n{_statement_text('乙', item.b)}\n  说明：{item.explanation}"
        )
    return "\n".join(blocks)


def diff_html(diff: Sequence[DiffOp]) -> str:
    """The diff as HTML: query-only words red and struck through, original-only words green."""
    parts = []
    for op in diff:
        if op.op in ("replace", "delete") and op.query:
            parts.append(f'<del class="diff-del" style="{_DEL_STYLE}">{escape(op.query)}</del>')
        if op.op in ("replace", "insert") and op.original:
            parts.append(f'<ins class="diff-ins" style="{_INS_STYLE}">{escape(op.original)}</ins>')
        if op.op == "equal":
            parts.append(f'<span class="diff-eq">{escape(op.original)}</span>')
    return "".join(parts)


def _match_html(match: CheckMatch) -> str:
    return (
        '<li class="check-match">'
        f'<div class="check-locator">相似度 {match.similarity:.0%} · {escape(locator(match))}</div>'
        f'<div class="check-original">原文：{escape(match.original_text)}</div>'
        f'<div class="check-diff">差异：{diff_html(match.diff)}</div>'
        "</li>"
    )


def _verdict_html(verdict: str) -> str:
    colour = _VERDICT_COLOURS[verdict]
    return f'<span class="check-verdict verdict-{verdict}" style="color:{colour};font-weight:bold">{escape(VERDICT_LABELS[verdict])}</span>'


def _result_html(result: CheckResult) -> str:
    note = f'<div class="check-note">{escape(result.note)}</div>' if result.note else ""
    matches = "".join(_match_html(match) for match in result.matches)
    body = f'<ol class="check-matches">{matches}</ol>' if matches else (note or '<div class="check-none">语料中没有找到相同或相近的表述。</div>')
    return (
        '<div class="check-sentence">'
        f'<div class="check-query">{_verdict_html(result.verdict)} {escape(result.query)}</div>'
        f"{note if matches else ''}{body}</div>"
    )


def check_report_html(report: CheckReport) -> str:
    """The wording-check report as an HTML fragment for the web app (all text escaped)."""
    head = f'<div class="check-summary">核对结果：{_verdict_html(report.verdict)}'
    if len(report.sentences) > 1:
        head += f"（共 {len(report.sentences)} 句）"
    sentences = "".join(_result_html(result) for result in report.sentences)
    return f'<div class="check-report">{head}</div>{sentences}</div>'
