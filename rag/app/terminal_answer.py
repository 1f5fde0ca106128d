"""Terminal Markdown rendering of an Answer: its text, then the numbered citations."""

from __future__ import annotations

from rag.text.sentences import join_lines
from rag.types import Answer, Citation

QUOTE_CHARS = 80


def render_answer(answer: Answer, quote_chars: int = QUOTE_CHARS) -> str:
    """The answer text, then 引用: one entry per citation with its locator and a short quote."""
    parts = [answer.answer.strip() or "（无回答）"]
    if answer.citations:
        parts.append("**引用**")
        parts.append("\n".join(citation_entry(citation, quote_chars) for citation in answer.citations))
    return "\n\n".join(parts) + "\n"


def citation_entry(citation: Citation, quote_chars: int = QUOTE_CHARS) -> str:
    """`[n] 《title》 文号 · section › path · file:12-14` and a quote line below it."""
    clause = citation.clause
    head = f"《{clause.document_name}》"
    if clause.doc_number:
        head += f" {clause.doc_number}"
    fields = [head]
    if clause.section:
        fields.append(" › ".join(clause.section))
    fields.append(f"{clause.file}:{line_range(citation)}")
    quote = short_quote(clause.text, quote_chars)
    return f"[{citation.n}] " + " · ".join(fields) + (f"\n    > {quote}" if quote else "")


def line_range(citation: Citation) -> str:
    clause = citation.clause
    return str(clause.line_start) if clause.line_start == clause.line_end else f"{clause.line_start}-{clause.line_end}"


def short_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The clause text on one line, cut to `limit` characters with …"""
    flat = join_lines(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
