"""HTML of an answer for the chat, and of its citations as clickable cards.

Pure and escaped: the answer text and every quote come from documents, so each is passed
through `html.escape` before any markup is added. The only markup added is ours: a card
or a marker `[n]` is a link `<a href="#cite:<clause id, URL-quoted>">` (the chat's HTML
sanitizer drops `data-*` attributes but keeps `href`); the page's click handler
(rag/app/web/assets.py) sends that id to the server, which looks it up in the index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from rag.app.web.source import line_span
from rag.types import Citation

CITE_PREFIX = "#cite:"
QUOTE_CHARS = 120
EMPTY_CARDS = "提问后，回答所引用的条款会列在这里；点击卡片可查看原文。"
_MARKER = re.compile(r"\[(\d{1,3})\]")


def short_text(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` on one line, cut to `limit` characters with …"""
    flat = re.sub(r"\s*\n\s*", "", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _cite_attrs(citation: Citation) -> str:
    clause = citation.clause
    label = f"查看原文：{clause.document_name} {clause.file}:{line_span(clause.line_start, clause.line_end)}"
    return f'href="{CITE_PREFIX}{quote(clause.clause_id, safe="")}" title="{escape(label)}"'


def card_html(citation: Citation, quote_chars: int = QUOTE_CHARS) -> str:
    """One card: [n] 《title》, 文号 · date, section path, file:lines, the quote."""
    clause = citation.clause
    facts = " · ".join(escape(item) for item in (clause.doc_number, clause.date) if item)
    section = " › ".join(clause.section)
    place = f"{clause.file}:{line_span(clause.line_start, clause.line_end)}"
    rows = [
        f'<div class="cite-head"><span class="cite-n">{citation.n}</span>'
        f'<span class="cite-title">《{escape(clause.document_name)}》</span></div>',
        f'<div class="cite-facts">{facts}</div>' if facts else "",
        f'<div class="cite-section">{escape(section)}</div>' if section else "",
        f'<div class="cite-place">{escape(place)}</div>',
        f'<div class="cite-quote">{escape(short_text(clause.text, quote_chars))}</div>',
    ]
    return f'<a class="cite-card" {_cite_attrs(citation)}>{"".join(rows)}</a>'


def citation_cards_html(citations: Sequence[Citation], note: str = "") -> str:
    """The citation panel: one card per citation, or a hint when there is none."""
    if not citations:
        return f'<div class="cite-cards cite-empty">{escape(note or EMPTY_CARDS)}</div>'
    cards = "".join(card_html(citation) for citation in citations)
    return f'<div class="cite-cards">{cards}</div>'


def _marker(match: re.Match[str], by_n: dict[int, Citation]) -> str:
    citation = by_n.get(int(match.group(1)))
    if citation is None:
        return match.group(0)
    return f'<a class="cite-marker" {_cite_attrs(citation)}>[{citation.n}]</a>'


def _line_html(line: str, by_n: dict[int, Citation]) -> str:
    return _MARKER.sub(lambda match: _marker(match, by_n), escape(line))


def answer_html(text: str, citations: Sequence[Citation] = (), css_class: str = "answer") -> str:
    """The answer as one HTML block: escaped text, `- ` lines as a list, [n] as clickable markers.

    The block has no blank line, so a Markdown renderer passes it through as raw HTML and
    never interprets Markdown marks that a quoted document may contain.
    """
    by_n = {citation.n: citation for citation in citations}
    parts: list[str] = []
    items: list[str] = []
    for line in text.strip().split("\n"):
        if line.startswith("- "):
            items.append(f"<li>{_line_html(line[2:], by_n)}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{_line_html(line, by_n)}</p>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    return f'<div class="{escape(css_class)}">{"".join(parts)}</div>'


def user_html(text: str) -> str:
    """A user's message, escaped, line breaks kept."""
    return f'<div class="question">{escape(text.strip()).replace(chr(10), "<br>")}</div>'
