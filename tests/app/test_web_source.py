"""The source viewer's HTML: escaped text, the exact clause highlighted, a header, long texts cut."""

from __future__ import annotations

import html
import re

from rag.app.web.source import HIGHLIGHT_ID, source_body_html, source_html, source_message_html
from rag.types import Clause, SourceText

TEXT = "武汉市文件\n一、总则\n第一条 <script>alert(1)</script> & “引号”\n第二条 其他。\n"


def _clause(text: str, needle: str, **fields) -> Clause:
    start = text.index(needle)
    end = start + len(needle)
    return Clause(
        clause_id="doc:1", file="doc.txt", start=start, end=end,
        line_start=text.count("\n", 0, start) + 1, line_end=text.count("\n", 0, end - 1) + 1,
        section=("一、总则",), text=needle, **fields,
    )


def _unescape_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_clause_is_highlighted_exactly_and_everything_is_escaped() -> None:
    needle = "第一条 <script>alert(1)</script> & “引号”"
    clause = _clause(TEXT, needle, doc_title="<b>标题</b>", doc_number="武政办〔2026〕21号", date="2026-02-15")
    page = source_html(clause, SourceText("doc.txt", TEXT, "txt"))
    assert "<script>" not in page and "<b>" not in page
    marked = re.search(rf'<mark id="{HIGHLIGHT_ID}"[^>]*>(.*?)</mark>', page, re.S)
    assert marked and html.unescape(marked.group(1)) == needle
    assert "&lt;b&gt;标题&lt;/b&gt;" in page and "武政办〔2026〕21号" in page and "2026-02-15" in page
    assert "doc.txt:3" in page and "一、总则" in page


def test_body_keeps_the_whole_text_with_line_breaks() -> None:
    clause = _clause(TEXT, "第二条 其他。")
    body = source_body_html(clause, SourceText("doc.txt", TEXT, "txt"))
    assert _unescape_text(body) == TEXT


def test_long_documents_show_a_window_cut_at_lines() -> None:
    lines = [f"第{number}行内容。" for number in range(3000)]
    text = "\n".join(lines)
    clause = _clause(text, "第1500行内容。")
    body = source_body_html(clause, SourceText("big.txt", text, "txt"), context=200)
    shown = _unescape_text(body)
    assert "第1500行内容。" in shown and "前略" in shown and "后略" in shown
    assert "第1行内容。" not in shown
    assert all(line in lines or "略" in line for line in shown.split("\n") if line)


def test_offsets_beyond_the_text_do_not_fail() -> None:
    clause = Clause("x:1", "x.txt", 50, 80, 1, 1, (), "gone")
    assert "src-hl" in source_body_html(clause, SourceText("x.txt", "short", "txt"))


def test_message_is_escaped() -> None:
    assert "&lt;img" in source_message_html("<img src=x onerror=alert(1)>")
