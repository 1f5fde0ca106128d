"""HTML of the page's panels around the chat: citation cards, source viewer, documents, status.

Pure and escaped, like rag.app.web.citations and rag.app.web.source whose fragments
these wrap with a panel title.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from rag.app.service import DocInfo, PolicyService
from rag.app.web.citations import answer_html, citation_cards_html
from rag.types import Answer, Citation


def cards_panel(citations: Sequence[Citation]) -> str:
    """The citation panel with its title."""
    count = f"（{len(citations)} 条）" if citations else ""
    return f'<div class="panel-title">引用条款{count}</div>{citation_cards_html(citations)}'


def source_panel(body: str) -> str:
    """The source viewer with its title."""
    return f'<div class="panel-title">原文定位</div>{body}'


def answer_bubble(answer: Answer) -> str:
    """A finished answer as chat HTML, styled as refused when it is one."""
    return answer_html(answer.answer, answer.citations, "answer refused" if answer.refused else "answer")


def documents_table_html(documents: Sequence[DocInfo]) -> str:
    """The indexed documents as a table (escaped)."""
    rows = "".join(
        f'<tr><td>{escape(doc.title)}</td><td class="file">{escape(doc.file)}</td>'
        f"<td>{escape(doc.level or '—')}</td><td>{doc.year or '—'}</td></tr>"
        for doc in documents
    )
    head = "<tr><th>标题</th><th>文件</th><th>层级</th><th>年份</th></tr>"
    title = f'<div class="panel-title">已索引的文件（{len(documents)} 个）</div>'
    return f'{title}<table class="docs-table">{head}{rows}</table>'


def status_html(service: PolicyService) -> str:
    """The status line: how many files and clauses the index holds."""
    return f'<div><span class="dot"></span>{escape(service.status())}</div>'
