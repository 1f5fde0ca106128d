"""Text for people on a terminal: documents with their clauses, search hits, JSON lines.

Answers are rendered by rag.app.terminal_answer, check reports by rag.app.check_report.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from rag.types import Clause, DocMeta, Document, Hit


def json_line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def meta_lines(meta: DocMeta, file: str) -> list[str]:
    """A document's header block: title, 文号, issuer, dates."""
    fields = [
        ("文件", file),
        ("标题", meta.title),
        ("文号", meta.doc_number),
        ("发文机关", meta.issuer),
        ("成文日期", meta.date_written),
        ("印发日期", meta.date_issued),
        ("发布日期", meta.date_published),
        ("主题分类", meta.subject),
        ("层级", meta.level),
        ("地区", meta.region),
        ("类型", "新闻报道" if meta.kind == "news" else "政策文件"),
    ]
    return [f"{name}：{value if value else '（未载明）'}" for name, value in fields]


def clause_block(clause: Clause) -> str:
    """One clause for reading: id, place, section path and the reading text."""
    lines = f"第{clause.line_start}行" if clause.line_start == clause.line_end else f"第{clause.line_start}–{clause.line_end}行"
    head = f"[{clause.clause_id}] {lines}"
    if clause.page:
        head += f" 第{clause.page}页"
    if clause.duplicate_of:
        head += f"（与 {clause.duplicate_of} 重复）"
    path = " › ".join(clause.section)
    body = clause.text.replace("\n", "\n    ")
    return f"{head}\n  {path}\n    {body}" if path else f"{head}\n    {body}"


def document_listing(documents: Iterable[Document]) -> str:
    blocks: list[str] = []
    for document in documents:
        header = "\n".join(meta_lines(document.meta, document.source.file))
        clauses = "\n\n".join(clause_block(clause) for clause in document.clauses)
        blocks.append(f"{'=' * 60}\n{header}\n共 {len(document.clauses)} 条\n{'-' * 60}\n{clauses}")
    return "\n\n".join(blocks)


def hit_listing(query: str, hits: list[Hit]) -> str:
    """Ranked search results for reading."""
    if not hits:
        return f"没有找到与“{query}”相关的条款。"
    blocks = [f"检索：{query}（共 {len(hits)} 条）"]
    for hit in hits:
        clause = hit.clause
        title = f"《{clause.document_name}》"
        number = f" {clause.doc_number}" if clause.doc_number else ""
        blocks.append(f"{hit.rank}. {title}{number}  得分 {hit.score:.4f}\n{clause_block(clause)}")
    return "\n\n".join(blocks)
