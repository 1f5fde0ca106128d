"""HTML of a source document with one clause highlighted in place.

Pure: takes a clause and the `SourceText` its offsets refer to, returns an HTML fragment.
Every character of the document is escaped, so nothing in a document (a `<script>`, an
`onerror=` attribute) can run in the browser. Line breaks are kept by `white-space:
pre-wrap`; the highlight carries the anchor id `src-hl` that the page scrolls to.
"""

from __future__ import annotations

from html import escape

from rag.types import Clause, SourceText

HIGHLIGHT_ID = "src-hl"
# Characters shown on each side of the clause; the seeds (under 40,000 characters) show whole.
CONTEXT_CHARS = 40_000
PLACEHOLDER = "点击回答中的引用编号 [n] 或右侧的引用卡片，在此查看原文，对应条款会高亮显示。"


def line_span(start: int, end: int) -> str:
    """`58` or `58–60`."""
    return str(start) if start == end else f"{start}–{end}"


def source_header_html(clause: Clause, source: SourceText) -> str:
    """Title, 文号, date, section path and file:lines above the text."""
    title = clause.document_name
    facts = [item for item in (clause.doc_number, clause.date) if item]
    place = f"{clause.file}:{line_span(clause.line_start, clause.line_end)}"
    page = source.page_at(clause.start)
    if page is not None:
        place += f"（第 {page} 页）"
    parts = [f'<div class="src-title">《{escape(title)}》</div>']
    if facts:
        parts.append(f'<div class="src-facts">{" · ".join(escape(item) for item in facts)}</div>')
    if clause.section:
        parts.append(f'<div class="src-section">{escape(" › ".join(clause.section))}</div>')
    parts.append(f'<div class="src-place">{escape(place)}</div>')
    return f'<div class="src-header">{"".join(parts)}</div>'


def _window(text: str, start: int, end: int, context: int) -> tuple[int, int]:
    """The shown part: the clause and up to `context` characters either side, cut at line ends."""
    low = max(0, start - context)
    high = min(len(text), end + context)
    if low > 0:
        newline = text.find("\n", low, start)
        low = newline + 1 if newline >= 0 else low
    if high < len(text):
        newline = text.rfind("\n", end, high)
        high = newline if newline >= 0 else high
    return low, high


def _omitted(count: int, where: str) -> str:
    return f'<span class="src-omitted">（{where}略 {count} 字）</span>'


def source_body_html(clause: Clause, source: SourceText, context: int = CONTEXT_CHARS) -> str:
    """The document text, escaped, with the clause's exact characters in a `<mark>`."""
    text = source.text
    start = max(0, min(clause.start, len(text)))
    end = max(start, min(clause.end, len(text)))
    low, high = _window(text, start, end, context)
    parts = []
    if low > 0:
        parts.append(_omitted(low, "前") + "\n")
    parts.append(escape(text[low:start]))
    parts.append(
        f'<mark id="{HIGHLIGHT_ID}" class="src-hl" data-clause="{escape(clause.clause_id)}">{escape(text[start:end])}</mark>'
    )
    parts.append(escape(text[end:high]))
    if high < len(text):
        parts.append("\n" + _omitted(len(text) - high, "后"))
    return f'<div class="src-body">{"".join(parts)}</div>'


def source_html(clause: Clause, source: SourceText, context: int = CONTEXT_CHARS) -> str:
    """The source viewer: header, then the text with the clause highlighted in place."""
    return f'<div class="src-view">{source_header_html(clause, source)}{source_body_html(clause, source, context)}</div>'


def source_message_html(message: str = PLACEHOLDER) -> str:
    """The viewer before a citation is opened, or with a message (escaped)."""
    return f'<div class="src-view src-empty">{escape(message)}</div>'
